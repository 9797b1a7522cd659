/* aggr_basic.c: sum, mean, max and min aggregation as ops.
 *
 * Forward pulls each node's messages (a row per arc, or the row of the
 * arc's other end: the gather is fused).  Backward pulls too: with arc
 * messages every arc belongs to one output row, so it is written by one
 * thread; with node messages the gradient of x[u] is summed over u's arcs
 * in the opposite orientation, in CSR order.  No atomics anywhere.
 *
 * max / min: per (node, channel) the winning arc id is kept (-1 for an
 * empty neighbourhood, whose output is 0 and which passes no gradient).
 * Ties: the first element in row order wins (strict comparison); with
 * ties=split the gradient is shared evenly by all tied elements.  A NaN
 * message wins (the first NaN), so NaN propagates as in PyTorch. */
#include "aggr_impl.h"

#include <math.h>
#include <string.h>

enum { K_SUM, K_MEAN, K_MAX, K_MIN };
#define PAR_CHUNK (1 << 14)

typedef struct row_view {
    const int64_t *ptr;
    const int32_t *other;
    const int64_t *arcmap; /* NULL: the position is the arc id */
} row_view_t;

static row_view_t view_of(const gnn_graph_t *g, int mode) {
    row_view_t r;
    if (mode == GNN_IN) {
        r.ptr = g->in_ptr;
        r.other = g->in_idx;
        r.arcmap = g->in_arc;
    } else {
        r.ptr = g->out_ptr;
        r.other = g->out_idx;
        r.arcmap = NULL;
    }
    return r;
}

static inline int64_t arc_at(const row_view_t *r, int64_t k) {
    return r->arcmap ? r->arcmap[k] : k;
}

static gnn_status_t basic_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *X = out->src[0];
    if (!X->requires_grad) return GNN_SUCCESS;
    const gnn_graph_t *g = out->aux;
    const int kind = (int)out->ip[0], mode = (int)out->ip[1], edge = (int)out->ip[2], split = (int)out->ip[3];
    const int64_t f = gnn_i_cols(X);
    const int64_t *arg = out->saved;
    const int32_t *cnt = out->saved2;
    const float *gr = out->grad, *x = X->data, *y = out->data;
    float *dx = gnn_i_grad(tp, X);
    if (dx == NULL) return GNN_ENOMEM;
    const row_view_t rv = view_of(g, mode);
    const int nth = gnn_i_threads(tp->ctx, (g->m + g->n) * f, PAR_CHUNK);
    if (edge) {
#pragma omp parallel for schedule(dynamic, 64) num_threads(nth)
        for (int64_t v = 0; v < g->n; v++) {
            const int64_t d = rv.ptr[v + 1] - rv.ptr[v];
            if (d == 0) continue;
            const float *gv = gr + v * f;
            if (kind == K_SUM || kind == K_MEAN) {
                const float s = kind == K_MEAN ? 1.0f / (float)d : 1.0f;
                for (int64_t k = rv.ptr[v]; k < rv.ptr[v + 1]; k++) {
                    float *de = dx + arc_at(&rv, k) * f;
                    for (int64_t j = 0; j < f; j++) de[j] += s * gv[j];
                }
            } else if (!split) {
                for (int64_t j = 0; j < f; j++) {
                    int64_t a = arg[v * f + j];
                    if (a >= 0) dx[a * f + j] += gv[j];
                }
            } else {
                for (int64_t j = 0; j < f; j++) {
                    const float yv = y[v * f + j];
                    if (isnan(yv)) {
                        int64_t a = arg[v * f + j];
                        if (a >= 0) dx[a * f + j] += gv[j];
                        continue;
                    }
                    const float share = gv[j] / (float)cnt[v * f + j];
                    for (int64_t k = rv.ptr[v]; k < rv.ptr[v + 1]; k++) {
                        int64_t a = arc_at(&rv, k);
                        if (x[a * f + j] == yv) dx[a * f + j] += share;
                    }
                }
            }
        }
        return GNN_SUCCESS;
    }
    /* node messages: pull over the arcs where u is the other end */
    const row_view_t ov = view_of(g, mode == GNN_IN ? GNN_OUT : GNN_IN);
#pragma omp parallel for schedule(dynamic, 64) num_threads(nth)
    for (int64_t u = 0; u < g->n; u++) {
        float *du = dx + u * f;
        for (int64_t k = ov.ptr[u]; k < ov.ptr[u + 1]; k++) {
            const int64_t v = ov.other[k], a = arc_at(&ov, k);
            const float *gv = gr + v * f;
            if (kind == K_SUM || kind == K_MEAN) {
                const float s = kind == K_MEAN ? 1.0f / (float)(rv.ptr[v + 1] - rv.ptr[v]) : 1.0f;
                for (int64_t j = 0; j < f; j++) du[j] += s * gv[j];
            } else {
                for (int64_t j = 0; j < f; j++) {
                    const float yv = y[v * f + j];
                    if (!split || isnan(yv)) {
                        if (arg[v * f + j] == a) du[j] += gv[j];
                    } else if (x[u * f + j] == yv) {
                        du[j] += gv[j] / (float)cnt[v * f + j];
                    }
                }
            }
        }
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_aggr_sum = {"aggr_sum", 1, basic_backward};
const gnn_op_def_t gnn_i_op_aggr_mean = {"aggr_mean", 1, basic_backward};
const gnn_op_def_t gnn_i_op_aggr_max = {"aggr_max", 1, basic_backward};
const gnn_op_def_t gnn_i_op_aggr_min = {"aggr_min", 1, basic_backward};

static gnn_status_t basic_forward(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x,
                                  int edge, int kind, gnn_tensor_t **out) {
    static const gnn_op_def_t *defs[] = {&gnn_i_op_aggr_sum, &gnn_i_op_aggr_mean, &gnn_i_op_aggr_max,
                                         &gnn_i_op_aggr_min};
    gnn_status_t status = GNN_SUCCESS;
    const int64_t f = gnn_i_cols(x), shape[2] = {g->n, f};
    GNN_CHECK(gnn_i_op_new(tp, defs[kind], 2, shape, 1, &x, out));
    gnn_tensor_t *o = *out;
    o->aux = g;
    o->ip[0] = kind;
    o->ip[1] = mode;
    o->ip[2] = edge;
    o->ip[3] = ag->ties_split;
    int64_t *arg = NULL;
    int32_t *cnt = NULL;
    if (kind >= K_MAX) {
        arg = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(g->n * f));
        if (arg == NULL) return GNN_ENOMEM;
        if (ag->ties_split) {
            cnt = gnn_i_arena(tp, sizeof(int32_t) * (size_t)(g->n * f));
            if (cnt == NULL) return GNN_ENOMEM;
        }
        o->saved = arg;
        o->saved2 = cnt;
    }
    const row_view_t rv = view_of(g, mode);
    const float *xd = x->data;
    float *y = o->data;
#pragma omp parallel for schedule(dynamic, 64) num_threads(gnn_i_threads(tp->ctx, (g->m + g->n) * f, PAR_CHUNK))
    for (int64_t v = 0; v < g->n; v++) {
        float *yv = y + v * f;
        const int64_t d = rv.ptr[v + 1] - rv.ptr[v];
        if (kind == K_SUM || kind == K_MEAN) {
            memset(yv, 0, sizeof(float) * (size_t)f);
            for (int64_t k = rv.ptr[v]; k < rv.ptr[v + 1]; k++) {
                const float *m = xd + (edge ? arc_at(&rv, k) : (int64_t)rv.other[k]) * f;
                for (int64_t j = 0; j < f; j++) yv[j] += m[j];
            }
            if (kind == K_MEAN && d > 0) {
                const float s = 1.0f / (float)d;
                for (int64_t j = 0; j < f; j++) yv[j] *= s;
            }
            continue;
        }
        int64_t *av = arg + v * f;
        if (d == 0) {
            memset(yv, 0, sizeof(float) * (size_t)f);
            for (int64_t j = 0; j < f; j++) av[j] = -1;
            if (cnt)
                for (int64_t j = 0; j < f; j++) cnt[v * f + j] = 0;
            continue;
        }
        for (int64_t k = rv.ptr[v]; k < rv.ptr[v + 1]; k++) {
            const int64_t a = arc_at(&rv, k);
            const float *m = xd + (edge ? a : (int64_t)rv.other[k]) * f;
            if (k == rv.ptr[v]) {
                for (int64_t j = 0; j < f; j++) yv[j] = m[j], av[j] = a;
                continue;
            }
            for (int64_t j = 0; j < f; j++) {
                if (isnan(yv[j])) continue; /* the first NaN stays the winner */
                const int better = isnan(m[j]) || (kind == K_MAX ? m[j] > yv[j] : m[j] < yv[j]);
                if (better) yv[j] = m[j], av[j] = a;
            }
        }
        if (cnt) {
            for (int64_t j = 0; j < f; j++) cnt[v * f + j] = 0;
            for (int64_t k = rv.ptr[v]; k < rv.ptr[v + 1]; k++) {
                const float *m = xd + (edge ? arc_at(&rv, k) : (int64_t)rv.other[k]) * f;
                for (int64_t j = 0; j < f; j++) cnt[v * f + j] += m[j] == yv[j];
            }
        }
    }
fail:
    return status;
}

static gnn_status_t fwd_sum(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x, int edge,
                            gnn_tensor_t **out) {
    return basic_forward(tp, ag, g, mode, x, edge, K_SUM, out);
}
static gnn_status_t fwd_mean(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x,
                             int edge, gnn_tensor_t **out) {
    return basic_forward(tp, ag, g, mode, x, edge, K_MEAN, out);
}
static gnn_status_t fwd_max(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x, int edge,
                            gnn_tensor_t **out) {
    return basic_forward(tp, ag, g, mode, x, edge, K_MAX, out);
}
static gnn_status_t fwd_min(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x, int edge,
                            gnn_tensor_t **out) {
    return basic_forward(tp, ag, g, mode, x, edge, K_MIN, out);
}

const gnn_aggr_impl_t gnn_i_aggr_sum = {"sum", NULL, fwd_sum};
const gnn_aggr_impl_t gnn_i_aggr_mean = {"mean", NULL, fwd_mean};
const gnn_aggr_impl_t gnn_i_aggr_max = {"max", NULL, fwd_max};
const gnn_aggr_impl_t gnn_i_aggr_min = {"min", NULL, fwd_min};
