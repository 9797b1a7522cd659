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

/* Columns are taken in blocks of SPMM_BLOCK held in registers across the
 * row's arcs (a running sum in memory would chain every arc's add through
 * a store and a load).  Each output element still adds its terms in CSR
 * order, so the result does not depend on the blocking. */
#define SPMM_BLOCK 32

/* one column block [c0, c0 + bl) of a row; WEIGHT is the arc's weight
 * expression (1.0f when unweighted: 1 * x is x exactly, so the sums are the
 * same bits as without it); the branches on the weight layout sit outside
 * the arc loop */
#define AXPY_BLOCK(BL, WEIGHT)                                                                          \
    do {                                                                                                \
        for (int64_t e = e0; e < e1; e++) {                                                             \
            if (prefetch && e + PREFETCH_AHEAD < limit) {                                               \
                prefetch_row(X + (int64_t)idx[e + PREFETCH_AHEAD] * f, f);                              \
                if (wmap) __builtin_prefetch(w + wmap[e + PREFETCH_AHEAD], 0, 1);                       \
            }                                                                                           \
            const float *restrict x = X + (int64_t)idx[e] * f + c0;                                     \
            const float a = (WEIGHT);                                                                   \
            for (int64_t c = 0; c < (BL); c++) acc[c] += a * x[c];                                      \
        }                                                                                               \
    } while (0)

GNN_KERNEL_CLONES void gnn_i_gather_axpy(const int32_t *restrict idx, const float *restrict w,
                                         const int64_t *restrict wmap, int64_t e0, int64_t e1, int64_t limit,
                                         const float *restrict X, int64_t f, float *restrict y, int accumulate) {
    for (int64_t c0 = 0; c0 < f; c0 += SPMM_BLOCK) {
        float acc[SPMM_BLOCK] = {0};
        const int64_t bl = f - c0 < SPMM_BLOCK ? f - c0 : SPMM_BLOCK;
        const int prefetch = c0 == 0; /* each row of X once, in the first block */
        if (bl == SPMM_BLOCK) { /* a constant trip count: the block stays in registers */
            if (w == NULL) AXPY_BLOCK(SPMM_BLOCK, 1.0f);
            else if (wmap == NULL) AXPY_BLOCK(SPMM_BLOCK, w[e]);
            else AXPY_BLOCK(SPMM_BLOCK, w[wmap[e]]);
        } else {
            if (w == NULL) AXPY_BLOCK(bl, 1.0f);
            else if (wmap == NULL) AXPY_BLOCK(bl, w[e]);
            else AXPY_BLOCK(bl, w[wmap[e]]);
        }
        if (accumulate)
            for (int64_t c = 0; c < bl; c++) y[c0 + c] += acc[c];
        else
            memcpy(y + c0, acc, sizeof(float) * (size_t)bl);
    }
}

static gnn_status_t spmm(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int weighted, const float *X, int64_t f,
                         float *Y, int accumulate) {
    const int64_t *ptr = mode == GNN_OUT ? g->out_ptr : g->in_ptr;
    const int32_t *idx = mode == GNN_OUT ? g->out_idx : g->in_idx;
    const int64_t *arcmap = mode == GNN_OUT || g->in_weight ? NULL : g->in_arc;
    const float *w = (weighted && g->weight != NULL) ? (mode == GNN_IN && g->in_weight ? g->in_weight : g->weight) : NULL;
    const int nth = gnn_i_threads(ctx, (g->m + g->n) * f, 1 << 15);
#pragma omp parallel for schedule(dynamic, 64) num_threads(nth)
    for (int64_t v = 0; v < g->n; v++) gnn_i_gather_axpy(idx, w, arcmap, ptr[v], ptr[v + 1], g->m, X, f, Y + v * f,
                                              accumulate);
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_spmm(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int weighted, const float *X, int64_t f,
                        float *Y) {
    return spmm(ctx, g, mode, weighted, X, f, Y, 0);
}

gnn_status_t gnn_i_spmm_add(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int weighted, const float *X, int64_t f,
                            float *Y) {
    return spmm(ctx, g, mode, weighted, X, f, Y, 1);
}
