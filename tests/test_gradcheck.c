/* test_gradcheck.c: central finite differences against the backward of
 * every registered op.  The test fails for any op of gnn_i_op_table that
 * no case below covers.
 *
 * For a case, L(x) = sum_i r_i out_i(x) with fixed random weights r; the
 * analytic gradient is the backward seeded with r, the numeric one is
 * (L(x + h e_j) - L(x - h e_j)) / 2h, with L summed in double. */
#include "check.h"
#include "../lib/autograd/autograd.h"

#include <gnn/autograd.h>
#include <gnn/aggr.h>
#include <gnn/layers.h>

#define MAXIN 4

typedef struct gc_case gc_case_t;
typedef gnn_status_t (*gc_build_fn)(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c);

struct gc_case {
    const char *op;     /* registry name this case covers */
    const char *label;
    int nin;
    int ndim[MAXIN];
    int64_t shape[MAXIN][3];
    float lo, hi;       /* input range (keeps away from kinks and poles) */
    gc_build_fn build;
    int64_t ip[4];      /* case parameters */
    float fp[2];
    float h;            /* finite-difference step (0: 1e-2) */
};

/* ---------------------------------------------------------------- builders */

static gnn_status_t b_matmul(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_matmul(tp, in[0], in[1], (int)c->ip[0], (int)c->ip[1], out);
}
static gnn_status_t b_add(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_add(tp, in[0], in[1], out);
}
static gnn_status_t b_sub(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_sub(tp, in[0], in[1], out);
}
static gnn_status_t b_mul(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_mul(tp, in[0], in[1], out);
}
static gnn_status_t b_div(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_div(tp, in[0], in[1], out);
}
static gnn_status_t b_scale(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_scale(tp, in[0], c->fp[0], c->fp[1], out);
}
/* the same tensor on both sides: gradients from two paths add up */
static gnn_status_t b_mul_self(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_mul(tp, in[0], in[0], out);
}


static gnn_status_t b_sum(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_sum(tp, in[0], (int)c->ip[0], out);
}
static gnn_status_t b_mean(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_mean(tp, in[0], (int)c->ip[0], out);
}
static gnn_status_t b_act(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    switch (c->ip[0]) {
    case 0: return gnn_relu(tp, in[0], out);
    case 1: return gnn_leaky_relu(tp, in[0], c->fp[0], out);
    case 2: return gnn_elu(tp, in[0], c->fp[0], out);
    case 3: return gnn_sigmoid(tp, in[0], out);
    case 4: return gnn_tanh(tp, in[0], out);
    case 5: return gnn_exp(tp, in[0], out);
    case 6: return gnn_log(tp, in[0], c->fp[0], out);
    default: return gnn_pow(tp, in[0], c->fp[0], out);
    }
}
static gnn_status_t b_softmax(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return c->ip[0] ? gnn_log_softmax(tp, in[0], out) : gnn_softmax(tp, in[0], out);
}
static gnn_status_t b_layer_norm(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_layer_norm(tp, in[0], c->nin > 1 ? in[1] : NULL, c->nin > 2 ? in[2] : NULL, 1e-5f, out);
}
static gnn_status_t b_batch_norm(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    gnn_tensor_t *rm = NULL, *rv = NULL;
    const int64_t cols = in[0]->ne[1], shape[2] = {1, cols};
    float mv[16], vv[16];
    for (int64_t j = 0; j < cols; j++) mv[j] = 0.1f * (float)j, vv[j] = 0.5f + 0.25f * (float)j;
    gnn_status_t st = gnn_tensor_from_data(tp, 2, shape, mv, &rm);
    if (st >= 0) st = gnn_tensor_from_data(tp, 2, shape, vv, &rv);
    if (st < 0) return st;
    gnn_tape_set_training(tp, (int)c->ip[0]);
    st = gnn_batch_norm(tp, in[0], in[1], in[2], rm, rv, 0.1f, 1e-5f, out);
    gnn_tape_set_training(tp, 1);
    return st;
}
static gnn_status_t b_dropout(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_dropout(tp, in[0], c->fp[0], 3, out);
}
static gnn_status_t b_concat(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_concat(tp, c->nin, in, (int)c->ip[0], out);
}
static gnn_status_t b_slice(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_slice(tp, in[0], (int)c->ip[0], c->ip[1], c->ip[2], out);
}
static const int64_t gc_idx[7] = {2, 0, 2, 4, 1, 2, 3};
static gnn_status_t b_gather(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_gather_rows(tp, in[0], gc_idx, 7, out);
}
static gnn_status_t b_scatter(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_scatter_add_rows(tp, in[0], gc_idx, 6, out);
}
static gnn_status_t b_reshape(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    const int64_t shape[3] = {2, 2, 3};
    return gnn_reshape(tp, in[0], 3, shape, out);
}
static gnn_status_t b_transpose(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_transpose(tp, in[0], out);
}
static const int64_t gc_labels[6] = {1, 0, 3, 2, 2, 1};
static const int64_t gc_rows[4] = {5, 0, 2, 5};
static gnn_status_t b_ce(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_cross_entropy(tp, in[0], gc_labels, c->ip[0] ? gc_rows : NULL, 4, out);
}
static gnn_status_t b_bce(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    static const float y[8] = {0, 1, 1, 0, 0.5f, 1, 0, 0.25f}, w[8] = {1, 2, 0.5f, 1, 1, 3, 0, 1};
    return gnn_bce_logits(tp, in[0], y, c->ip[0] ? w : NULL, out);
}
static gnn_status_t b_mse(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_mse(tp, in[0], in[1], out);
}
static gnn_status_t b_margin(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_margin_ranking(tp, in[0], in[1], c->fp[0], out);
}

/* ---- graph ops and aggregators on a small fixed graph: 6 nodes, a
 * self-loop, two parallel arcs, node 5 without in-arcs, weights ---- */
static gnn_graph_t *gc_graph;
static gnn_graph_t *small_graph(gnn_tape_t *tp) {
    if (gc_graph == NULL) {
        static const int64_t u[] = {0, 0, 1, 2, 2, 3, 3, 4, 4, 5, 1, 2};
        static const int64_t v[] = {1, 2, 2, 0, 3, 3, 4, 0, 1, 0, 2, 4};
        static const float w[] = {0.5f, 1, 2, 1.5f, 1, 0.25f, 3, 1, 2, 0.75f, 1, 1.25f};
        if (gnn_graph_from_edges(gnn_tape_ctx(tp), 6, 12, u, v, w, NULL, 0, GNN_DUP_KEEP, &gc_graph) < 0) return NULL;
    }
    return gc_graph;
}
static gnn_status_t b_spmm(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_spmm(tp, small_graph(tp), (int)c->ip[0], (int)c->ip[1], in[0], out);
}
static gnn_status_t b_spmm_hops(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_spmm_hops(tp, small_graph(tp), (int)c->ip[0], (int)c->ip[1], in[0], in[1], c->ip[2], out);
}
static gnn_status_t b_gather_g(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return c->ip[0] ? gnn_gather_dst(tp, small_graph(tp), in[0], out) : gnn_gather_src(tp, small_graph(tp), in[0], out);
}
static gnn_status_t b_arc_scale(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    return gnn_arc_scale(tp, small_graph(tp), in[0], out);
}
/* a 5-node graph with 2 relations, one node without in-arcs, weights */
static gnn_graph_t *gc_rgraph;
static gnn_graph_t *rel_graph(gnn_tape_t *tp) {
    if (gc_rgraph == NULL) {
        static const int64_t u[] = {0, 1, 2, 2, 3, 0, 1, 3};
        static const int64_t v[] = {1, 2, 0, 3, 1, 2, 3, 2};
        static const int64_t t[] = {0, 1, 0, 1, 1, 1, 0, 0};
        static const float w[] = {1, 0.5f, 1.5f, 1, 2, 1, 0.75f, 1};
        if (gnn_graph_from_edges(gnn_tape_ctx(tp), 5, 8, u, v, w, t, 2, GNN_DUP_KEEP, &gc_rgraph) < 0) return NULL;
    }
    return gc_rgraph;
}
/* ip[0]: message, ip[1]: aggregation, ip[2]: queries; in: x, rel, q */
static gnn_status_t b_bf(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    static const int64_t src[] = {0, 3, 4};
    return gnn_bf_aggregate(tp, rel_graph(tp), in[0], in[1], in[2], src, c->ip[2], 0.0f, (int)c->ip[0], (int)c->ip[1],
                            out);
}
/* two enclosing subgraphs batched: a triangle 0-1-2 with a leaf 3 on 2
 * (link 0-1), and the path 4-5-6 (link 4-5: node 4 has a zero row in P-) */
static gnn_graph_t *gc_wgraph;
static int64_t gc_wlink[4];
static gnn_graph_t *walk_graph(gnn_tape_t *tp) {
    if (gc_wgraph == NULL) {
        static const int64_t u[] = {0, 1, 1, 2, 0, 2, 2, 3, 4, 5, 5, 6};
        static const int64_t v[] = {1, 0, 2, 1, 2, 0, 3, 2, 5, 4, 6, 5};
        if (gnn_graph_from_edges(gnn_tape_ctx(tp), 7, 12, u, v, NULL, NULL, 0, GNN_DUP_KEEP, &gc_wgraph) < 0) return NULL;
        gc_wlink[0] = gnn_graph_find_arc(gc_wgraph, 0, 1), gc_wlink[1] = gnn_graph_find_arc(gc_wgraph, 1, 0);
        gc_wlink[2] = gnn_graph_find_arc(gc_wgraph, 4, 5), gc_wlink[3] = gnn_graph_find_arc(gc_wgraph, 5, 4);
    }
    return gc_wgraph;
}
/* ip[0]: tau */
static gnn_status_t b_walk(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    static const int64_t off[] = {0, 4, 7};
    const gnn_graph_t *g = walk_graph(tp);
    return gnn_walk_profile(tp, g, in[0], 2, off, gc_wlink, c->ip[0], out);
}
/* in: x [T*P, D], w_ih [4H, D], w_hh [4H, H], bias [1, 4H]; ip[0] = T */
static gnn_status_t b_lstm_steps(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_lstm_steps(tp, in[0], c->ip[0], in[1], in[2], in[3], out);
}
/* ip[0]: aggregator (0 sum 1 mean 2 max 3 min 4 recurrent 5 lcm), ip[1]: mode, ip[2]: edge messages, ip[3] unused */
static gnn_status_t b_aggr(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    static const char *names[] = {"sum", "mean", "max", "min", "recurrent", "lcm"};
    gnn_ctx_t *ctx = gnn_tape_ctx(tp);
    gnn_params_t *ps = NULL;
    gnn_aggr_t *ag = NULL;
    gnn_opts_t *o = NULL;
    gnn_status_t st = gnn_params_create(ctx, &ps);
    if (st >= 0) st = gnn_opts_create(&o);
    if (st >= 0 && c->fp[0] > 0) st = gnn_opts_set(o, "ties", "split");
    if (st >= 0 && c->ip[0] == 4 && c->fp[1] > 0) st = gnn_opts_set(o, "cell", "lstm");
    if (st >= 0 && c->ip[0] >= 4) st = gnn_opts_set(o, "order", "csr");
    if (st >= 0) st = gnn_aggr_create(ctx, names[c->ip[0]], gnn_tensor_cols(in[0]), o, ps, "a", &ag);
    if (st >= 0) st = gnn_aggregate(tp, ag, small_graph(tp), (int)c->ip[1], in[0], (int)c->ip[2], out);
    /* the parameters must outlive the tape's use of them: keep the last set */
    static gnn_params_t *keep;
    gnn_params_destroy(&keep);
    keep = ps;
    gnn_aggr_destroy(&ag);
    gnn_opts_destroy(&o);
    return st;
}
static gnn_status_t b_sparse_matmul(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    (void)c;
    static gnn_sparse_t *sp;
    if (sp == NULL) {
        float x[5 * 4] = {0, 1.5f, 0, 0, 2, 0, 0, -1, 0, 0, 0, 0, 0.5f, 0.25f, 3, 0, 0, 0, 0, 1};
        if (gnn_sparse_from_dense(gnn_tape_ctx(tp), 5, 4, x, &sp) < 0) return GNN_ENOMEM;
    }
    return gnn_sparse_matmul(tp, sp, in[0], out);
}

/* the flow-imbalance loss on the small graph: ip[0] normalisation,
 * ip[1] selection, ip[2] beta; P in (0.05, 1) (unnormalised rows are fine) */
static gnn_status_t b_imbalance(gnn_tape_t *tp, gnn_tensor_t **in, gnn_tensor_t **out, const gc_case_t *c) {
    return gnn_imbalance_loss(tp, small_graph(tp), in[0], c->ip[2], (int)c->ip[0], (int)c->ip[1], out);
}

/* cases leave trailing fields (h) at zero */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#define S2(a, b) {a, b, 0}
static const gc_case_t cases[] = {
    {"matmul", "A B", 2, {2, 2}, {S2(3, 4), S2(4, 5)}, -1, 1, b_matmul, {0, 0}, {0}},
    {"matmul", "A^T B", 2, {2, 2}, {S2(4, 3), S2(4, 5)}, -1, 1, b_matmul, {1, 0}, {0}},
    {"matmul", "A B^T", 2, {2, 2}, {S2(3, 4), S2(5, 4)}, -1, 1, b_matmul, {0, 1}, {0}},
    {"matmul", "A^T B^T", 2, {2, 2}, {S2(4, 3), S2(5, 4)}, -1, 1, b_matmul, {1, 1}, {0}},
    {"add", "same shape", 2, {2, 2}, {S2(3, 4), S2(3, 4)}, -1, 1, b_add, {0}, {0}},
    {"add", "row broadcast", 2, {2, 2}, {S2(5, 4), S2(1, 4)}, -1, 1, b_add, {0}, {0}},
    {"add", "1-D row broadcast", 2, {2, 1}, {S2(5, 4), {4, 0, 0}}, -1, 1, b_add, {0}, {0}},
    {"add", "column broadcast", 2, {2, 2}, {S2(5, 4), S2(5, 1)}, -1, 1, b_add, {0}, {0}},
    {"add", "scalar", 2, {2, 1}, {S2(5, 4), {1, 0, 0}}, -1, 1, b_add, {0}, {0}},
    {"add", "3-D", 2, {3, 2}, {{2, 3, 4}, S2(1, 4)}, -1, 1, b_add, {0}, {0}},
    {"sub", "same shape", 2, {2, 2}, {S2(3, 4), S2(3, 4)}, -1, 1, b_sub, {0}, {0}},
    {"sub", "column broadcast", 2, {2, 2}, {S2(5, 4), S2(5, 1)}, -1, 1, b_sub, {0}, {0}},
    {"mul", "same shape", 2, {2, 2}, {S2(3, 4), S2(3, 4)}, -1, 1, b_mul, {0}, {0}},
    {"mul", "row broadcast", 2, {2, 2}, {S2(600, 3), S2(1, 3)}, -1, 1, b_mul, {0}, {0}},
    {"mul", "scalar", 2, {2, 2}, {S2(3, 4), S2(1, 1)}, -1, 1, b_mul, {0}, {0}},
    {"mul", "x * x", 1, {2}, {S2(3, 4)}, -1, 1, b_mul_self, {0}, {0}},
    {"div", "same shape", 2, {2, 2}, {S2(3, 4), S2(3, 4)}, 0.5, 2, b_div, {0}, {0}},
    {"div", "column broadcast", 2, {2, 2}, {S2(3, 4), S2(3, 1)}, 0.5, 2, b_div, {0}, {0}},
    {"scale", "2x - 1", 1, {2}, {S2(3, 4)}, -1, 1, b_scale, {0}, {2.0f, -1.0f}},
    {"sum", "all", 1, {2}, {S2(3, 4)}, -1, 1, b_sum, {-1}, {0}},
    {"sum", "over rows", 1, {2}, {S2(700, 3)}, -1, 1, b_sum, {0}, {0}},
    {"sum", "over columns", 1, {2}, {S2(3, 4)}, -1, 1, b_sum, {1}, {0}},
    {"mean", "all", 1, {2}, {S2(3, 4)}, -1, 1, b_mean, {-1}, {0}},
    {"mean", "over rows", 1, {2}, {S2(3, 4)}, -1, 1, b_mean, {0}, {0}},
    {"mean", "over columns 3-D", 1, {3}, {{2, 3, 4}}, -1, 1, b_mean, {1}, {0}},
    {"relu", "", 1, {2}, {S2(4, 5)}, -1, 1, b_act, {0, 0, 0, 1}, {0}},
    {"leaky_relu", "", 1, {2}, {S2(4, 5)}, -1, 1, b_act, {1, 0, 0, 1}, {0.2f}},
    {"elu", "", 1, {2}, {S2(4, 5)}, -1, 1, b_act, {2, 0, 0, 1}, {1.0f}},
    {"sigmoid", "", 1, {2}, {S2(4, 5)}, -3, 3, b_act, {3}, {0}},
    {"tanh", "", 1, {2}, {S2(4, 5)}, -2, 2, b_act, {4}, {0}},
    {"exp", "", 1, {2}, {S2(4, 5)}, -2, 2, b_act, {5}, {0}},
    {"log", "", 1, {2}, {S2(4, 5)}, 0.5, 2, b_act, {6}, {1e-3f}},
    {"pow", "sqrt", 1, {2}, {S2(4, 5)}, 0.5, 2, b_act, {7}, {0.5f}},
    {"pow", "cube", 1, {2}, {S2(4, 5)}, 0.5, 2, b_act, {7}, {3.0f}},
    {"softmax", "", 1, {2}, {S2(4, 6)}, -2, 2, b_softmax, {0}, {0}},
    {"log_softmax", "", 1, {2}, {S2(4, 6)}, -2, 2, b_softmax, {1}, {0}},
    {"layer_norm", "no affine", 1, {2}, {S2(4, 6)}, -2, 2, b_layer_norm, {0}, {0}},
    {"layer_norm", "affine", 3, {2, 2, 2}, {S2(4, 6), S2(1, 6), S2(1, 6)}, -2, 2, b_layer_norm, {0}, {0}},
    {"batch_norm", "training", 3, {2, 2, 2}, {S2(7, 3), S2(1, 3), S2(1, 3)}, -2, 2, b_batch_norm, {1}, {0}},
    {"batch_norm", "evaluation", 3, {2, 2, 2}, {S2(7, 3), S2(1, 3), S2(1, 3)}, -2, 2, b_batch_norm, {0}, {0}},
    {"dropout", "p = 0.3", 1, {2}, {S2(6, 7)}, -1, 1, b_dropout, {0}, {0.3f}},
    {"concat", "rows", 3, {2, 2, 2}, {S2(2, 3), S2(1, 3), S2(3, 3)}, -1, 1, b_concat, {0}, {0}},
    {"concat", "columns", 2, {2, 2}, {S2(3, 2), S2(3, 4)}, -1, 1, b_concat, {1}, {0}},
    {"slice", "rows", 1, {2}, {S2(5, 3)}, -1, 1, b_slice, {0, 1, 3}, {0}},
    {"slice", "columns", 1, {2}, {S2(3, 5)}, -1, 1, b_slice, {1, 2, 2}, {0}},
    {"gather_rows", "repeats", 1, {2}, {S2(5, 3)}, -1, 1, b_gather, {0}, {0}},
    {"scatter_add_rows", "repeats", 1, {2}, {S2(7, 3)}, -1, 1, b_scatter, {0}, {0}},
    {"reshape", "", 1, {2}, {S2(4, 3)}, -1, 1, b_reshape, {0}, {0}},
    {"transpose", "", 1, {2}, {S2(4, 3)}, -1, 1, b_transpose, {0}, {0}},
    {"cross_entropy", "all rows", 1, {2}, {S2(6, 4)}, -2, 2, b_ce, {0}, {0}},
    {"cross_entropy", "listed rows", 1, {2}, {S2(6, 4)}, -2, 2, b_ce, {1}, {0}},
    {"bce_logits", "", 1, {2}, {S2(2, 4)}, -3, 3, b_bce, {0}, {0}},
    {"bce_logits", "weighted", 1, {1}, {{8, 0, 0}}, -3, 3, b_bce, {1}, {0}},
    {"mse", "", 2, {2, 2}, {S2(3, 4), S2(3, 4)}, -1, 1, b_mse, {0}, {0}},
    {"margin_ranking", "", 2, {1, 1}, {{9, 0, 0}, {9, 0, 0}}, -1, 1, b_margin, {0}, {0.5f}},
    {"spmm", "A X", 1, {2}, {S2(6, 3)}, -1, 1, b_spmm, {GNN_OUT, 0}, {0}},
    {"spmm", "A^T X weighted", 1, {2}, {S2(6, 3)}, -1, 1, b_spmm, {GNN_IN, 1}, {0}},
    {"spmm", "A X weighted", 1, {2}, {S2(6, 3)}, -1, 1, b_spmm, {GNN_OUT, 1}, {0}},
    {"spmm_hops", "2 hops, A", 2, {2, 2}, {S2(6, 3), S2(1, 3)}, -1, 1, b_spmm_hops, {GNN_OUT, 0, 2}, {0}},
    {"spmm_hops", "3 hops, A^T weighted", 2, {2, 1}, {S2(6, 2), {4}}, -1, 1, b_spmm_hops, {GNN_IN, 1, 3}, {0}},
    {"spmm_hops", "1 hop, A weighted", 2, {2, 2}, {S2(6, 4), S2(2, 1)}, -1, 1, b_spmm_hops, {GNN_OUT, 1, 1}, {0}},
    {"spmm_hops", "0 hops", 2, {2, 2}, {S2(6, 3), S2(1, 1)}, -1, 1, b_spmm_hops, {GNN_OUT, 1, 0}, {0}},
    {"gather_src", "", 1, {2}, {S2(6, 3)}, -1, 1, b_gather_g, {0}, {0}},
    {"gather_dst", "", 1, {2}, {S2(6, 3)}, -1, 1, b_gather_g, {1}, {0}},
    {"arc_scale", "", 1, {2}, {S2(12, 2)}, -1, 1, b_arc_scale, {0}, {0}},
    {"aggr_sum", "in, node messages", 1, {2}, {S2(6, 3)}, -1, 1, b_aggr, {0, GNN_IN, 0}, {0}},
    {"aggr_sum", "out, arc messages", 1, {2}, {S2(12, 3)}, -1, 1, b_aggr, {0, GNN_OUT, 1}, {0}},
    {"aggr_mean", "in, node messages", 1, {2}, {S2(6, 3)}, -1, 1, b_aggr, {1, GNN_IN, 0}, {0}},
    {"aggr_mean", "in, arc messages", 1, {2}, {S2(12, 3)}, -1, 1, b_aggr, {1, GNN_IN, 1}, {0}},
    {"aggr_mean", "out, node messages", 1, {2}, {S2(6, 3)}, -1, 1, b_aggr, {1, GNN_OUT, 0}, {0}},
    {"aggr_max", "in, node messages", 1, {2}, {S2(6, 3)}, -5, 5, b_aggr, {2, GNN_IN, 0}, {0}, 1e-3f},
    {"aggr_max", "in, arc messages", 1, {2}, {S2(12, 3)}, -5, 5, b_aggr, {2, GNN_IN, 1}, {0}, 1e-3f},
    {"aggr_max", "out, node messages, split ties", 1, {2}, {S2(6, 3)}, -5, 5, b_aggr, {2, GNN_OUT, 0}, {1}, 1e-3f},
    {"aggr_min", "in, node messages", 1, {2}, {S2(6, 3)}, -5, 5, b_aggr, {3, GNN_IN, 0}, {0}, 1e-3f},
    {"aggr_min", "out, arc messages", 1, {2}, {S2(12, 3)}, -5, 5, b_aggr, {3, GNN_OUT, 1}, {0}, 1e-3f},
    {"imbalance_loss", "vol_sum, sort, beta 2", 1, {2}, {S2(6, 3)}, 0.05f, 1, b_imbalance, {GNN_IMB_VOL_SUM, GNN_IMB_SORT, 2}, {0}, 1e-3f},
    {"imbalance_loss", "vol_min, naive", 1, {2}, {S2(6, 3)}, 0.05f, 1, b_imbalance, {GNN_IMB_VOL_MIN, GNN_IMB_NAIVE, 1}, {0}, 1e-3f},
    {"imbalance_loss", "vol_max, std", 1, {2}, {S2(6, 4)}, 0.05f, 1, b_imbalance, {GNN_IMB_VOL_MAX, GNN_IMB_STD, 1}, {0}, 1e-3f},
    {"imbalance_loss", "plain, sort, beta 3", 1, {2}, {S2(6, 4)}, 0.05f, 1, b_imbalance, {GNN_IMB_PLAIN, GNN_IMB_SORT, 3}, {0}, 1e-3f},
    {"sparse_matmul", "X W", 1, {2}, {S2(4, 3)}, -1, 1, b_sparse_matmul, {0}, {0}},
    {"bf_aggregate", "distmult, sum, 2 queries", 3, {2, 2, 2}, {S2(10, 4), S2(2, 8), S2(2, 4)}, -1, 1, b_bf, {GNN_BF_DISTMULT, GNN_BF_SUM, 2}, {0}},
    {"bf_aggregate", "transe, mean, shared relations", 3, {2, 2, 2}, {S2(10, 4), S2(1, 8), S2(2, 4)}, -1, 1, b_bf, {GNN_BF_TRANSE, GNN_BF_MEAN, 2}, {0}},
    {"bf_aggregate", "rotate, max", 3, {2, 2, 2}, {S2(15, 4), S2(3, 8), S2(3, 4)}, -2, 2, b_bf, {GNN_BF_ROTATE, GNN_BF_MAX, 3}, {0}, 1e-3f},
    {"bf_aggregate", "distmult, min, shared relations", 3, {2, 2, 2}, {S2(10, 4), S2(1, 8), S2(2, 4)}, -2, 2, b_bf, {GNN_BF_DISTMULT, GNN_BF_MIN, 2}, {0}, 1e-3f},
    {"bf_aggregate", "distmult, pna", 3, {2, 2, 2}, {S2(10, 4), S2(2, 8), S2(2, 4)}, -2, 2, b_bf, {GNN_BF_DISTMULT, GNN_BF_PNA, 2}, {0}, 1e-3f},
    {"bf_aggregate", "transe, pna, shared relations", 3, {2, 2, 2}, {S2(15, 4), S2(1, 8), S2(3, 4)}, -2, 2, b_bf, {GNN_BF_TRANSE, GNN_BF_PNA, 3}, {0}, 1e-3f},
    {"bf_aggregate", "rotate, pna", 3, {2, 2, 2}, {S2(10, 4), S2(2, 8), S2(2, 4)}, -2, 2, b_bf, {GNN_BF_ROTATE, GNN_BF_PNA, 2}, {0}, 1e-3f},
    {"walk_profile", "2 subgraphs, 2 heads, tau 3", 1, {2}, {S2(12, 2)}, -1.5f, 1.5f, b_walk, {3}, {0}, 1e-2f},
    {"lstm_steps", "T 3, P 4, D 3, H 2", 4, {2, 2, 2, 2}, {S2(12, 3), S2(8, 3), S2(8, 2), S2(1, 8)}, -1.0f, 1.0f, b_lstm_steps, {3}, {0}, 0},
    {"lstm_steps", "T 1, P 5, D 2, H 3", 4, {2, 2, 2, 2}, {S2(5, 2), S2(12, 2), S2(12, 3), S2(1, 12)}, -1.0f, 1.0f, b_lstm_steps, {1}, {0}, 0},
    {"walk_profile", "1 head, tau 1", 1, {2}, {S2(12, 1)}, -1.5f, 1.5f, b_walk, {1}, {0}, 1e-2f},
    {"layer:recurrent", "GRU, in, node messages", 1, {2}, {S2(6, 3)}, -1, 1, b_aggr, {4, GNN_IN, 0}, {0}},
    {"layer:recurrent", "LSTM, out, arc messages", 1, {2}, {S2(12, 3)}, -1, 1, b_aggr, {4, GNN_OUT, 1}, {0, 1}},
    {"layer:lcm", "in, node messages", 1, {2}, {S2(6, 3)}, -1, 1, b_aggr, {5, GNN_IN, 0}, {0}},
    {"layer:lcm", "out, arc messages", 1, {2}, {S2(12, 3)}, -1, 1, b_aggr, {5, GNN_OUT, 1}, {0}},
};

/* ---------------------------------------------------------------- harness */

typedef struct gc_state {
    gnn_ctx_t *ctx;
    gnn_tape_t *tp;
    float *x[MAXIN];
    int64_t n[MAXIN];
    float *r;
    int64_t nout;
} gc_state_t;

/* forward on a fresh tape; returns L = sum r_i out_i (NAN on failure) */
static double forward(gc_state_t *s, const gc_case_t *c, gnn_tensor_t **in, gnn_tensor_t **out, int grad) {
    gnn_tape_reset(s->tp);
    gnn_tape_set_step(s->tp, 1); /* the same dropout mask in every evaluation */
    for (int i = 0; i < c->nin; i++) {
        gnn_status_t st = grad ? gnn_tensor_variable(s->tp, c->ndim[i], c->shape[i], s->x[i], &in[i])
                               : gnn_tensor_from_data(s->tp, c->ndim[i], c->shape[i], s->x[i], &in[i]);
        if (st < 0) return NAN;
    }
    if (c->build(s->tp, in, out, c) < 0) return NAN;
    double L = 0;
    if (s->r == NULL) return 0.0; /* first call: only the output size is needed */
    for (int64_t i = 0; i < (*out)->numel; i++) L += (double)s->r[i % s->nout] * (double)(*out)->data[i];
    return L;
}

static void run_case(const gc_case_t *c) {
    gc_state_t s = {0};
    s.ctx = check_ctx();
    gnn_tensor_t *in[MAXIN] = {0}, *out = NULL;
    gnn_rng_t rng;
    gnn_rng_init(&rng, 12345, (uint64_t)(uintptr_t)c->label[0], 7);
    OK(s.ctx, gnn_tape_create(s.ctx, &s.tp));
    for (int i = 0; i < c->nin; i++) {
        s.n[i] = 1;
        for (int d = 0; d < c->ndim[i]; d++) s.n[i] *= c->shape[i][d];
        s.x[i] = malloc(sizeof(float) * (size_t)s.n[i]);
        for (int64_t j = 0; j < s.n[i]; j++) {
            float v = c->lo + (c->hi - c->lo) * (float)gnn_rng_uniform(&rng);
            if (c->ip[3] && fabsf(v) < 0.05f) v += v < 0 ? -0.05f : 0.05f; /* stay off the kink at 0 */
            s.x[i][j] = v;
        }
    }
    /* analytic */
    double L0 = forward(&s, c, in, &out, 1);
    CHECK(!isnan(L0), "%s (%s): forward failed: %s", c->op, c->label, gnn_ctx_errmsg(s.ctx));
    if (isnan(L0)) goto done;
    CHECK(strncmp(c->op, "layer:", 6) == 0 || strcmp(gnn_tensor_op_name(out), c->op) == 0, "%s (%s): output made by '%s'", c->op, c->label,
          gnn_tensor_op_name(out));
    s.nout = out->numel;
    s.r = malloc(sizeof(float) * (size_t)s.nout);
    for (int64_t j = 0; j < s.nout; j++) s.r[j] = (float)(2 * gnn_rng_uniform(&rng) - 1);
    L0 = forward(&s, c, in, &out, 1);
    OK(s.ctx, gnn_i_tape_backward_from(s.tp, out, s.r));
    float *ana[MAXIN];
    for (int i = 0; i < c->nin; i++) {
        ana[i] = malloc(sizeof(float) * (size_t)s.n[i]);
        if (in[i]->grad) memcpy(ana[i], in[i]->grad, sizeof(float) * (size_t)s.n[i]);
        else memset(ana[i], 0, sizeof(float) * (size_t)s.n[i]);
    }
    /* numeric */
    const float h = c->h > 0 ? c->h : 1e-2f;
    for (int i = 0; i < c->nin; i++) {
        double maxerr = 0, maxg = 0;
        int64_t worst = -1;
        double worst_num = 0;
        for (int64_t j = 0; j < s.n[i]; j++) {
            float keep = s.x[i][j];
            s.x[i][j] = keep + h;
            double Lp = forward(&s, c, in, &out, 0);
            s.x[i][j] = keep - h;
            double Lm = forward(&s, c, in, &out, 0);
            s.x[i][j] = keep;
            double num = (Lp - Lm) / (2.0 * (double)h);
            double err = fabs(num - (double)ana[i][j]);
            if (fabs(num) > maxg) maxg = fabs(num);
            if (err > maxerr) {
                maxerr = err;
                worst = j;
                worst_num = num;
            }
        }
        CHECK(maxerr <= 2e-3 * (1.0 + maxg), "%s (%s): input %d: max |numeric - analytic| = %.3g at %lld "
              "(numeric %.6g, analytic %.6g)", c->op, c->label, i, maxerr, (long long)worst, worst_num,
              worst >= 0 ? (double)ana[i][worst] : 0.0);
        free(ana[i]);
    }
done:
    for (int i = 0; i < c->nin; i++) free(s.x[i]);
    free(s.r);
    gnn_tape_destroy(&s.tp);
    gnn_ctx_destroy(&s.ctx);
}

static void test_cases(void) {
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int before = check_failures;
        run_case(&cases[k]);
        if (check_failures != before) fprintf(stderr, "  (case %s: %s)\n", cases[k].op, cases[k].label);
    }
}

static void test_coverage(void) {
    for (int i = 0; gnn_i_op_table[i]; i++) {
        int covered = 0;
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
            covered |= strcmp(cases[k].op, gnn_i_op_table[i]->name) == 0;
        CHECK(covered, "op '%s' has no finite-difference case", gnn_i_op_table[i]->name);
    }
}

/* A long inner dimension with a small output (a weight gradient) is cut
 * into fixed chunks (gnn_i_gemm_tp).  Two products, every transpose
 * combination: C = op(a) op(b) with the long dimension inside (the split in
 * the forward), and Y = op(x) op(w) with the long dimension outside (the
 * split in w's gradient); value and both gradients against double-precision
 * sums, and bitwise equal at 1, 2 and 3 threads. */
static void test_matmul_long_k(void) {
    const int64_t LONG = 5000;
    gnn_rng_t rng;
    gnn_rng_init(&rng, 99, 1, 2);
    /* shapes (m, n, kk) of op(a) op(b): the long dimension inside, then
     * outside, with widths that take sgemm (20) and the thin kernels (32,
     * 48, 64); then a wide thin product over several row slabs */
    const int64_t shapes[][3] = {{24, 20, LONG}, {LONG, 20, 24}, {24, 32, LONG}, {LONG, 32, 24},
                                 {24, 64, LONG}, {LONG, 48, 16}, {300, 400, 40}, {700, 32, 300}};
    for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++)
        for (int ta = 0; ta <= 1; ta++)
            for (int tb = 0; tb <= 1; tb++) {
                /* op(a) is m x kk, op(b) kk x n */
                const int64_t m = shapes[sh][0], n = shapes[sh][1], kk = shapes[sh][2];
                const int mode = (int)sh;
                const int64_t sa[2] = {ta ? kk : m, ta ? m : kk}, sb[2] = {tb ? n : kk, tb ? kk : n};
                float *a = malloc(sizeof(float) * (size_t)(m * kk)), *b = malloc(sizeof(float) * (size_t)(kk * n));
                float *r = malloc(sizeof(float) * (size_t)(m * n));
                for (int64_t i = 0; i < m * kk; i++) a[i] = (float)(2 * gnn_rng_uniform(&rng) - 1);
                for (int64_t i = 0; i < kk * n; i++) b[i] = (float)(2 * gnn_rng_uniform(&rng) - 1);
                for (int64_t i = 0; i < m * n; i++) r[i] = (float)(2 * gnn_rng_uniform(&rng) - 1);
                const int64_t len[3] = {m * n, m * kk, kk * n};
                float *keep[3][3] = {{0}};
                for (int th = 1; th <= 3; th++) {
                    gnn_ctx_t *ctx = check_ctx();
                    gnn_ctx_set_threads(ctx, th);
                    gnn_tape_t *tp = NULL;
                    OK(ctx, gnn_tape_create(ctx, &tp));
                    gnn_tensor_t *A = NULL, *B = NULL, *C = NULL;
                    OK(ctx, gnn_tensor_variable(tp, 2, sa, a, &A));
                    OK(ctx, gnn_tensor_variable(tp, 2, sb, b, &B));
                    OK(ctx, gnn_matmul(tp, A, B, ta, tb, &C));
                    OK(ctx, gnn_i_tape_backward_from(tp, C, r));
                    const float *out[3] = {C->data, A->grad, B->grad};
                    for (int k = 0; k < 3; k++) {
                        keep[th - 1][k] = malloc(sizeof(float) * (size_t)len[k]);
                        memcpy(keep[th - 1][k], out[k], sizeof(float) * (size_t)len[k]);
                    }
                    gnn_tape_destroy(&tp);
                    gnn_ctx_destroy(&ctx);
                }
                /* C = op(a) op(b); dA = r op(b)^T; dB = op(a)^T r */
#define OPA(i, k) ((double)(ta ? a[(k) * m + (i)] : a[(i) * kk + (k)]))
#define OPB(k, j) ((double)(tb ? b[(j) * kk + (k)] : b[(k) * n + (j)]))
                double worst[3] = {0, 0, 0};
                for (int64_t i = 0; i < m; i++)
                    for (int64_t j = 0; j < n; j++) {
                        double c = 0;
                        for (int64_t k = 0; k < kk; k++) c += OPA(i, k) * OPB(k, j);
                        worst[0] = fmax(worst[0], fabs(c - keep[0][0][i * n + j]));
                    }
                for (int64_t i = 0; i < m; i++)
                    for (int64_t k = 0; k < kk; k++) {
                        double g = 0;
                        for (int64_t j = 0; j < n; j++) g += (double)r[i * n + j] * OPB(k, j);
                        worst[1] = fmax(worst[1], fabs(g - keep[0][1][ta ? k * m + i : i * kk + k]));
                    }
                for (int64_t k = 0; k < kk; k++)
                    for (int64_t j = 0; j < n; j++) {
                        double g = 0;
                        for (int64_t i = 0; i < m; i++) g += OPA(i, k) * (double)r[i * n + j];
                        worst[2] = fmax(worst[2], fabs(g - keep[0][2][tb ? j * kk + k : k * n + j]));
                    }
#undef OPA
#undef OPB
                /* float rounding of a sum of `red` products of size <= 1 */
                const double red[3] = {(double)kk, (double)n, (double)m};
                for (int k = 0; k < 3; k++)
                    CHECK(worst[k] < 1e-6 * red[k] + 1e-5, "matmul shape %d ta %d tb %d: output %d off by %.3g", mode,
                          ta, tb, k, worst[k]);
                for (int th = 2; th <= 3; th++)
                    for (int k = 0; k < 3; k++)
                        CHECK(memcmp(keep[0][k], keep[th - 1][k], sizeof(float) * (size_t)len[k]) == 0,
                              "matmul shape %d ta %d tb %d: output %d differs between 1 and %d threads", mode, ta, tb,
                              k, th);
                for (int th = 0; th < 3; th++)
                    for (int k = 0; k < 3; k++) free(keep[th][k]);
                free(a);
                free(b);
                free(r);
            }
}

/* A row of A B (B at most 64 columns wide or 64 rows deep) comes out the
 * same, bit for bit, whatever other rows share the call: NBFNet scores a
 * pair alike in any batch. */
static void test_matmul_row_invariant(void) {
    const int64_t M = 1000, widths[] = {1, 7, 16, 32, 50, 64, 300}, depths[] = {40, 3000};
    const int64_t sub[][2] = {{0, 1}, {3, 7}, {500, 300}, {999, 1}, {256, 257}};
    gnn_rng_t rng;
    gnn_rng_init(&rng, 5, 6, 7);
    gnn_ctx_t *ctx = check_ctx();
    gnn_ctx_set_threads(ctx, 2);
    gnn_tape_t *tp = NULL;
    OK(ctx, gnn_tape_create(ctx, &tp));
    for (size_t di = 0; di < sizeof depths / sizeof depths[0]; di++)
        for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++) {
            const int64_t K = depths[di], N = widths[wi];
            if (N > 64 && K > 64) continue; /* sgemm's territory */
            float *a = malloc(sizeof(float) * (size_t)(M * K)), *b = malloc(sizeof(float) * (size_t)(K * N));
            for (int64_t i = 0; i < M * K; i++) a[i] = (float)(2 * gnn_rng_uniform(&rng) - 1);
            for (int64_t i = 0; i < K * N; i++) b[i] = (float)(2 * gnn_rng_uniform(&rng) - 1);
            gnn_tape_reset(tp);
            gnn_tensor_t *A = NULL, *B = NULL, *C = NULL;
            const int64_t sa[2] = {M, K}, sb[2] = {K, N};
            OK(ctx, gnn_tensor_from_data(tp, 2, sa, a, &A));
            OK(ctx, gnn_tensor_from_data(tp, 2, sb, b, &B));
            OK(ctx, gnn_matmul(tp, A, B, 0, 0, &C));
            for (size_t si = 0; si < sizeof sub / sizeof sub[0]; si++) {
                const int64_t r0 = sub[si][0], len = sub[si][1], ss[2] = {len, K};
                gnn_tensor_t *As = NULL, *Cs = NULL;
                OK(ctx, gnn_tensor_from_data(tp, 2, ss, a + r0 * K, &As));
                OK(ctx, gnn_matmul(tp, As, B, 0, 0, &Cs));
                CHECK(memcmp(Cs->data, C->data + r0 * N, sizeof(float) * (size_t)(len * N)) == 0,
                      "K %lld, N %lld: rows %lld..%lld alone differ from the same rows among %lld", (long long)K,
                      (long long)N, (long long)r0, (long long)(r0 + len - 1), (long long)M);
            }
            free(a);
            free(b);
        }
    gnn_tape_destroy(&tp);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_coverage);
    RUN(test_cases);
    RUN(test_matmul_long_k);
    RUN(test_matmul_row_invariant);
    gnn_graph_destroy(&gc_graph);
    gnn_graph_destroy(&gc_rgraph);
    gnn_graph_destroy(&gc_wgraph);
    return check_summary();
}
