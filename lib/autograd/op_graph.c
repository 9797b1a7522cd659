/* op_graph.c: sparse-dense products over a graph and per-arc gathers.
 * Forward and backward are both pull style over the CSR or its transpose:
 * each output row has one owner thread and is summed in row order. */
#include "autograd.h"

#include <string.h>

#define PAR_CHUNK 16384

static gnn_status_t check_graph(gnn_tape_t *tp, const gnn_graph_t *g, const char *fn) {
    return gnn_i_graph_check(tp->ctx, g, fn);
}

/* ---------------------------------------------------------------- spmm */

static gnn_status_t spmm_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *X = out->src[0];
    if (!X->requires_grad) return GNN_SUCCESS;
    const gnn_graph_t *g = out->aux;
    const int mode = (int)out->ip[0], weighted = (int)out->ip[1];
    const int64_t f = gnn_i_cols(X), n = g->n;
    (void)n;
    float *dx = gnn_i_grad(tp, X);
    if (dx == NULL) return GNN_ENOMEM;
    /* Y = A X  =>  dX += A^T dY, and the other way round */
    return gnn_i_spmm_add(tp->ctx, g, mode == GNN_OUT ? GNN_IN : GNN_OUT, weighted, out->grad, f, dx);
}

const gnn_op_def_t gnn_i_op_spmm = {"spmm", 1, spmm_backward};

gnn_status_t gnn_spmm(gnn_tape_t *tp, const gnn_graph_t *g, int mode, int weighted, gnn_tensor_t *x,
                      gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_spmm");
    GNN_CHECK(check_graph(tp, g, "gnn_spmm"));
    GNN_CHECK(gnn_i_tensor_check(tp, x, "gnn_spmm", "x"));
    GNN_ARG_CHECK(tp->ctx, mode == GNN_OUT || mode == GNN_IN, "gnn_spmm: mode must be GNN_OUT or GNN_IN");
    if (gnn_i_rows(x) != g->n) {
        status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_spmm: x has %lld rows, the graph %lld nodes",
                             (long long)gnn_i_rows(x), (long long)g->n);
        goto fail;
    }
    {
        const int64_t shape[2] = {g->n, gnn_i_cols(x)};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_spmm, 2, shape, 1, &x, out));
        (*out)->aux = g;
        (*out)->ip[0] = mode;
        (*out)->ip[1] = weighted != 0;
        GNN_CHECK(gnn_i_spmm(tp->ctx, g, mode, weighted, x->data, gnn_i_cols(x), (*out)->data));
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- hops */

/* y[i] = a x[i] (accumulate 0) or y[i] += a x[i] */
static void axpy(gnn_tape_t *tp, float a, const float *x, float *y, int64_t len, int accumulate) {
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, len, PAR_CHUNK * 2))
    for (int64_t i = 0; i < len; i++) {
        const float t = x[i] * a; /* rounded before the add (no contraction into an fma) */
        y[i] = accumulate ? y[i] + t : t;
    }
}

/* out = sum_k w[k] A^k x.  Saved: C_1 .. C_H = A^k x (n x f each).
 *   dw[k] += <G, C_k>   (C_0 = x)
 *   B_H = w[H] G;  B_{k-1} = w[k-1] G + A^T B_k;  dx += B_0
 * The order of every float operation is that of the unfused chain of
 * gnn_spmm, gnn_mul and gnn_add, so both give the same bits. */
static gnn_status_t hops_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *X = out->src[0], *W = out->src[1];
    const gnn_graph_t *g = out->aux;
    const int mode = (int)out->ip[0], weighted = (int)out->ip[1], back = mode == GNN_OUT ? GNN_IN : GNN_OUT;
    const int64_t H = out->ip[2], f = gnn_i_cols(X), nf = g->n * f;
    const float *G = out->grad, *C = out->saved, *w = W->data;
    if (W->requires_grad) {
        float *dw = gnn_i_grad(tp, W);
        if (dw == NULL) return GNN_ENOMEM;
        for (int64_t k = 0; k <= H; k++) dw[k] += (float)gnn_i_dot_f(tp, G, k ? C + (k - 1) * nf : X->data, nf);
    }
    if (!X->requires_grad) return GNN_SUCCESS;
    float *dx = gnn_i_grad(tp, X);
    if (dx == NULL) return GNN_ENOMEM;
    if (H > 0) {
        float *B = gnn_i_arena(tp, sizeof(float) * (size_t)nf), *T = H > 1 ? gnn_i_arena(tp, sizeof(float) * (size_t)nf) : NULL;
        if (B == NULL || (H > 1 && T == NULL)) return GNN_ENOMEM;
        axpy(tp, w[H], G, B, nf, 0);
        for (int64_t k = H - 1; k >= 1; k--) {
            axpy(tp, w[k], G, T, nf, 0);
            gnn_status_t st = gnn_i_spmm_add(tp->ctx, g, back, weighted, B, f, T);
            if (st < 0) return st;
            float *t = B;
            B = T, T = t;
        }
        axpy(tp, w[0], G, dx, nf, 1);
        return gnn_i_spmm_add(tp->ctx, g, back, weighted, B, f, dx);
    }
    axpy(tp, w[0], G, dx, nf, 1);
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_spmm_hops = {"spmm_hops", 2, hops_backward};

gnn_status_t gnn_spmm_hops(gnn_tape_t *tp, const gnn_graph_t *g, int mode, int weighted, gnn_tensor_t *x, gnn_tensor_t *w,
                           int64_t hops, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_spmm_hops");
    GNN_CHECK(check_graph(tp, g, "gnn_spmm_hops"));
    GNN_CHECK(gnn_i_tensor_check(tp, x, "gnn_spmm_hops", "x"));
    GNN_CHECK(gnn_i_tensor_check(tp, w, "gnn_spmm_hops", "w"));
    GNN_ARG_CHECK(tp->ctx, mode == GNN_OUT || mode == GNN_IN, "gnn_spmm_hops: mode must be GNN_OUT or GNN_IN");
    GNN_ARG_CHECK(tp->ctx, hops >= 0 && hops <= 64, "gnn_spmm_hops: hops %lld outside [0, 64]", (long long)hops);
    GNN_ARG_CHECK(tp->ctx, w->numel == hops + 1, "gnn_spmm_hops: w has %lld entries, %lld hops need %lld", (long long)w->numel,
                  (long long)hops, (long long)hops + 1);
    if (gnn_i_rows(x) != g->n) {
        status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_spmm_hops: x has %lld rows, the graph %lld nodes",
                             (long long)gnn_i_rows(x), (long long)g->n);
        goto fail;
    }
    {
        const int64_t f = gnn_i_cols(x), nf = g->n * f, shape[2] = {g->n, f};
        gnn_tensor_t *src[2] = {x, w};
        float *C = hops > 0 ? gnn_i_arena(tp, sizeof(float) * (size_t)(hops * nf)) : NULL;
        if (hops > 0 && C == NULL) {
            status = GNN_ENOMEM;
            goto fail;
        }
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_spmm_hops, 2, shape, 2, src, out));
        (*out)->aux = g;
        (*out)->saved = C;
        (*out)->ip[0] = mode;
        (*out)->ip[1] = weighted != 0;
        (*out)->ip[2] = hops;
        float *y = (*out)->data;
        axpy(tp, w->data[0], x->data, y, nf, 0);
        for (int64_t k = 1; k <= hops; k++) {
            float *ck = C + (k - 1) * nf;
            GNN_CHECK(gnn_i_spmm(tp->ctx, g, mode, weighted, k > 1 ? ck - nf : x->data, f, ck));
            axpy(tp, w->data[k], ck, y, nf, 1);
        }
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- gathers */

/* which = 0: rows of sources, 1: rows of targets */
static gnn_status_t gather_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *X = out->src[0];
    if (!X->requires_grad) return GNN_SUCCESS;
    const gnn_graph_t *g = out->aux;
    const int which = (int)out->ip[0];
    const int64_t f = gnn_i_cols(X);
    float *dx = gnn_i_grad(tp, X);
    if (dx == NULL) return GNN_ENOMEM;
    const float *gr = out->grad;
#pragma omp parallel for schedule(dynamic, 64) num_threads(gnn_i_threads(tp->ctx, g->m * f, PAR_CHUNK))
    for (int64_t v = 0; v < g->n; v++) {
        float *d = dx + v * f;
        if (which == 0) {
            for (int64_t e = g->out_ptr[v]; e < g->out_ptr[v + 1]; e++)
                for (int64_t j = 0; j < f; j++) d[j] += gr[e * f + j];
        } else {
            for (int64_t k = g->in_ptr[v]; k < g->in_ptr[v + 1]; k++) {
                const float *s = gr + g->in_arc[k] * f;
                for (int64_t j = 0; j < f; j++) d[j] += s[j];
            }
        }
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_gather_src = {"gather_src", 1, gather_backward};
const gnn_op_def_t gnn_i_op_gather_dst = {"gather_dst", 1, gather_backward};

static gnn_status_t gather(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *x, int which, gnn_tensor_t **out) {
    const char *fn = which ? "gnn_gather_dst" : "gnn_gather_src";
    gnn_status_t status = GNN_SUCCESS;
    if (tp == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(tp->ctx, GNN_EINVAL, "%s: out is NULL", fn);
    *out = NULL;
    GNN_CHECK(check_graph(tp, g, fn));
    GNN_CHECK(gnn_i_tensor_check(tp, x, fn, "x"));
    if (gnn_i_rows(x) != g->n) {
        status = gnn_i_error(tp->ctx, GNN_EINVAL, "%s: x has %lld rows, the graph %lld nodes", fn,
                             (long long)gnn_i_rows(x), (long long)g->n);
        goto fail;
    }
    {
        const int64_t f = gnn_i_cols(x), shape[2] = {g->m, f};
        GNN_CHECK(gnn_i_op_new(tp, which ? &gnn_i_op_gather_dst : &gnn_i_op_gather_src, 2, shape, 1, &x, out));
        (*out)->aux = g;
        (*out)->ip[0] = which;
        float *y = (*out)->data;
#pragma omp parallel for schedule(dynamic, 64) num_threads(gnn_i_threads(tp->ctx, g->m * f, PAR_CHUNK))
        for (int64_t u = 0; u < g->n; u++)
            for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
                memcpy(y + e * f, x->data + (which ? (int64_t)g->out_idx[e] : u) * f, sizeof(float) * (size_t)f);
    }
fail:
    return status;
}

gnn_status_t gnn_gather_src(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *x, gnn_tensor_t **out) {
    return gather(tp, g, x, 0, out);
}
gnn_status_t gnn_gather_dst(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *x, gnn_tensor_t **out) {
    return gather(tp, g, x, 1, out);
}

/* ---------------------------------------------------------------- arc scale */

static gnn_status_t arc_scale_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *M = out->src[0];
    if (!M->requires_grad) return GNN_SUCCESS;
    const gnn_graph_t *g = out->aux;
    const int64_t f = gnn_i_cols(M);
    float *dm = gnn_i_grad(tp, M);
    if (dm == NULL) return GNN_ENOMEM;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, g->m * f, PAR_CHUNK))
    for (int64_t e = 0; e < g->m; e++) {
        const float w = g->weight ? g->weight[e] : 1.0f;
        for (int64_t j = 0; j < f; j++) dm[e * f + j] += w * out->grad[e * f + j];
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_arc_scale = {"arc_scale", 1, arc_scale_backward};

gnn_status_t gnn_arc_scale(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *m, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_arc_scale");
    GNN_CHECK(check_graph(tp, g, "gnn_arc_scale"));
    GNN_CHECK(gnn_i_tensor_check(tp, m, "gnn_arc_scale", "m"));
    if (gnn_i_rows(m) != g->m) {
        status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_arc_scale: m has %lld rows, the graph %lld arcs",
                             (long long)gnn_i_rows(m), (long long)g->m);
        goto fail;
    }
    {
        const int64_t f = gnn_i_cols(m), shape[2] = {g->m, f};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_arc_scale, 2, shape, 1, &m, out));
        (*out)->aux = g;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, g->m * f, PAR_CHUNK))
        for (int64_t e = 0; e < g->m; e++) {
            const float w = g->weight ? g->weight[e] : 1.0f;
            for (int64_t j = 0; j < f; j++) (*out)->data[e * f + j] = w * m->data[e * f + j];
        }
    }
fail:
    return status;
}
