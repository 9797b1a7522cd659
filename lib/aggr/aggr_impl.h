/* aggr_impl.h: the aggregator interface.  An aggregator is one file
 * defining a gnn_i_aggr_impl_t (setup of its parameters, forward) whose
 * forward either is a differentiable op of its own (sum, mean, max, min:
 * forward and backward side by side in aggr_basic.c) or is composed of
 * gradient-checked ops (recurrent, lcm).  Adding one = one file + one line
 * in aggr.c's table. */
#ifndef GNN_AGGR_IMPL_H
#define GNN_AGGR_IMPL_H

#include "../autograd/autograd.h"
#include "../layers/layers.h"
#include <gnn/aggr.h>

typedef struct gnn_aggr_impl gnn_aggr_impl_t;

struct gnn_aggr {
    gnn_i_alloc_t alloc;
    const gnn_aggr_impl_t *impl;
    int64_t in_dim, out_dim;
    int ties_split;       /* max/min: split the gradient among ties */
    int shuffle;          /* recurrent/lcm: random neighbour order in training */
    int cell_lstm;        /* recurrent: LSTM instead of GRU */
    int lcm_pyg;          /* lcm: PyG zero padding to the largest degree */
    int pad_pyg;          /* recurrent: PyG zero padding to the largest degree */
    uint64_t stream;      /* shuffles */
    gnn_gru_t *gru;
    gnn_lstm_t *lstm;
    gnn_linear_t *proj;   /* lcm input projection */
    gnn_tensor_t *identity; /* lcm identity (learnable) or NULL (zero) */
};

struct gnn_aggr_impl {
    const char *name;
    gnn_status_t (*setup)(gnn_ctx_t *ctx, gnn_aggr_t *ag, const gnn_opts_t *opts, gnn_params_t *ps,
                          const char *prefix);
    gnn_status_t (*forward)(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x,
                            int edge, gnn_tensor_t **out);
};

extern const gnn_i_optgroup_t gnn_i_group_aggr;

/* Per node v (n nodes), the rows of x holding its messages, in CSR order or
 * (training with shuffle) a permutation drawn from (seed, stream, step, v):
 * rows start[v] .. start[v+1]-1 of rowidx.  Arena memory. */
GNN_HIDDEN gnn_status_t gnn_i_aggr_rows(gnn_tape_t *tp, const gnn_aggr_t *ag, const gnn_graph_t *g, int mode,
                                        int edge, int64_t **start, int64_t **rowidx);

#endif
