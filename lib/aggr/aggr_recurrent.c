/* aggr_recurrent.c: a GRU or LSTM run over each node's neighbour sequence
 * (out[v] = the final state), batched by degree bucketing: at step t the
 * nodes with more than t neighbours form a prefix of the degree-sorted
 * order, so each step is one batched cell evaluation.  Composed of
 * gradient-checked ops (gather_rows, matmul, slices, sigmoid, tanh, ...).
 * Order: CSR order, or in training with order=shuffle a random
 * permutation per (seed, step, node).  pad=pyg reproduces PyG's dense
 * batch: every node reads max-degree steps, zero vectors after its own. */
#include "aggr_impl.h"

#include <stdio.h>
#include <string.h>

static gnn_status_t rec_setup(gnn_ctx_t *ctx, gnn_aggr_t *ag, const gnn_opts_t *opts, gnn_params_t *ps,
                              const char *prefix) {
    gnn_status_t status = GNN_SUCCESS;
    char name[256];
    GNN_ARG_CHECK(ctx, ps != NULL, "recurrent aggregator: needs a params set");
    int64_t H = gnn_i_opt_int(opts, &gnn_i_group_aggr, "hidden");
    if (H <= 0) H = ag->in_dim;
    ag->out_dim = H;
    snprintf(name, sizeof name, "%s%scell", prefix ? prefix : "", prefix && prefix[0] ? "." : "");
    if (ag->cell_lstm) GNN_CHECK(gnn_lstm_create(ctx, ps, name, ag->in_dim, H, &ag->lstm));
    else GNN_CHECK(gnn_gru_create(ctx, ps, name, ag->in_dim, H, &ag->gru));
fail:
    return status;
}

static gnn_status_t rec_forward(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x,
                                int edge, gnn_tensor_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *start, *rowidx, *len = NULL;
    gnn_tensor_t *src = x;
    GNN_CHECK(gnn_i_aggr_rows(tp, ag, g, mode, edge, &start, &rowidx));
    len = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(g->n > 0 ? g->n : 1));
    if (len == NULL) return GNN_ENOMEM;
    int64_t D = 0;
    for (int64_t v = 0; v < g->n; v++) {
        len[v] = start[v + 1] - start[v];
        if (len[v] > D) D = len[v];
    }
    if (ag->pad_pyg && D > 0) {
        /* every node reads D rows; missing ones point at an appended zero row */
        gnn_tensor_t *zero, *parts[2];
        const int64_t zshape[2] = {1, gnn_i_cols(x)};
        GNN_CHECK(gnn_tensor_zeros(tp, 2, zshape, &zero));
        parts[0] = x;
        parts[1] = zero;
        GNN_CHECK(gnn_concat(tp, 2, parts, 0, &src));
        const int64_t zrow = gnn_i_rows(x);
        int64_t *padded = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(g->n * D));
        if (padded == NULL) return GNN_ENOMEM;
        for (int64_t v = 0; v < g->n; v++) {
            for (int64_t t = 0; t < D; t++) padded[v * D + t] = t < len[v] ? rowidx[start[v] + t] : zrow;
            len[v] = D;
        }
        rowidx = padded;
    }
    GNN_CHECK(gnn_i_recur(tp, ag->gru, ag->lstm, src, g->n, len, rowidx, out, NULL));
fail:
    return status;
}

const gnn_aggr_impl_t gnn_i_aggr_recurrent = {"recurrent", rec_setup, rec_forward};
