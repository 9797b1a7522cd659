/* spmm.c: sparse (graph) times dense, pull style.  One thread owns each
 * output row and adds the row's terms in CSR order, so the result is the
 * same bitwise for any thread count.  Rows are handed out in blocks of 64
 * dynamically, which copes with skewed (power-law) degrees. */
#include "../core/internal.h"

#include <string.h>

/* rows of X are gathered in random order on power-law graphs: prefetch the
 * rows a few arcs ahead so several cache misses are in flight at once */
#define PREFETCH_AHEAD 8

static inline void prefetch_row(const float *x, int64_t f) {
    for (int64_t c = 0; c < f; c += 16) __builtin_prefetch(x + c, 0, 1);
}

static void row_kernel(const int64_t *restrict ptr, const int32_t *restrict idx, const int64_t *restrict arcmap,
                       const float *restrict w, const float *restrict X, int64_t f, int64_t v, float *restrict y,
                       int64_t m) {
    memset(y, 0, sizeof(float) * (size_t)f);
    for (int64_t e = ptr[v]; e < ptr[v + 1]; e++) {
        if (e + PREFETCH_AHEAD < m) prefetch_row(X + (int64_t)idx[e + PREFETCH_AHEAD] * f, f);
        const float *restrict x = X + (int64_t)idx[e] * f;
        if (w) {
            const float a = w[arcmap ? arcmap[e] : e];
            for (int64_t c = 0; c < f; c++) y[c] += a * x[c];
        } else {
            for (int64_t c = 0; c < f; c++) y[c] += x[c];
        }
    }
}

gnn_status_t gnn_i_spmm(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int weighted, const float *X, int64_t f,
                        float *Y) {
    const int64_t *ptr = mode == GNN_OUT ? g->out_ptr : g->in_ptr;
    const int32_t *idx = mode == GNN_OUT ? g->out_idx : g->in_idx;
    const int64_t *arcmap = mode == GNN_OUT ? NULL : g->in_arc;
    const float *w = (weighted && g->weight != NULL) ? g->weight : NULL;
    const int nth = gnn_i_threads(ctx, (g->m + g->n) * f, 1 << 15);
#pragma omp parallel for schedule(dynamic, 64) num_threads(nth)
    for (int64_t v = 0; v < g->n; v++) row_kernel(ptr, idx, arcmap, w, X, f, v, Y + v * f, g->m);
    return GNN_SUCCESS;
}
