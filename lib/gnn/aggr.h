/* gnn/aggr.h: graph ops and pluggable neighbourhood aggregators.
 *
 * Messages along arcs are tensors of [arcs, c] indexed by arc id (the
 * position of u -> v in the graph's out-CSR, see gnn_graph(3)).
 * Aggregation at node v over its in-arcs (mode GNN_IN) or out-arcs
 * (GNN_OUT) is pull style: one thread owns each output row; gradients flow
 * through the cached transpose, never through atomics, so results are
 * bitwise identical for any thread count. */
#ifndef GNN_AGGR_H
#define GNN_AGGR_H

#include <gnn/tensor.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- graph ops (op_graph.c) ---- */
/* mode GNN_OUT: Y = A X  (Y[u] = sum over u -> v of w X[v]);
 * mode GNN_IN:  Y = A^T X (Y[v] = sum over u -> v of w X[u]).
 * weighted: use the graph's arc weights (1 if unweighted). */
GNN_API gnn_status_t gnn_spmm(gnn_tape_t *tp, const gnn_graph_t *g, int mode, int weighted,
                              gnn_tensor_t *x, gnn_tensor_t **out);
/* Hop mixing (DIMPA of DIGRAC): out = sum over k = 0..hops of w[k] A^k x
 * (mode GNN_OUT; A^T with GNN_IN), w a tensor of hops + 1 entries, the
 * powers applied one at a time, never formed.  The same value as a chain of
 * gnn_spmm, gnn_mul and gnn_add, bit for bit, in less memory: it keeps the
 * hops products A^k x for backward and nothing else. */
GNN_API gnn_status_t gnn_spmm_hops(gnn_tape_t *tp, const gnn_graph_t *g, int mode, int weighted,
                                   gnn_tensor_t *x, gnn_tensor_t *w, int64_t hops, gnn_tensor_t **out);
/* Per-arc rows: out[e] = x[src(e)] (gnn_gather_src) or x[dst(e)] (gnn_gather_dst). */
GNN_API gnn_status_t gnn_gather_src(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *x,
                                    gnn_tensor_t **out);
GNN_API gnn_status_t gnn_gather_dst(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *x,
                                    gnn_tensor_t **out);
/* Multiply each arc row by the arc weight: out[e] = w(e) m[e]. */
GNN_API gnn_status_t gnn_arc_scale(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *m,
                                   gnn_tensor_t **out);

/* ---- aggregators ---- */
typedef struct gnn_aggr gnn_aggr_t;

/* Create an aggregator by name for messages of width in_dim:
 *   "sum", "mean", "max", "min"   (output width in_dim; no parameters)
 *   "recurrent"                   (GRU or LSTM over the neighbour sequence)
 *   "lcm"                         (learnable commutative monoid, tree reduction)
 * Learnable aggregators add their parameters to ps with names prefix.*.
 * Options (group "aggr"): hidden (output width of recurrent/lcm; default
 * in_dim), cell gru|lstm, order csr|shuffle (neighbour order in training;
 * evaluation always uses csr), ties first|split (max/min), lcm-pad
 * carry|pyg, project 0|1 (lcm input projection), pad none|pyg (recurrent). */
GNN_API gnn_status_t gnn_aggr_create(gnn_ctx_t *ctx, const char *name, int64_t in_dim,
                                     const gnn_opts_t *opts, gnn_params_t *ps, const char *prefix,
                                     gnn_aggr_t **out);
GNN_API void gnn_aggr_destroy(gnn_aggr_t **ag);
GNN_API const char *gnn_aggr_name(const gnn_aggr_t *ag);
GNN_API int64_t gnn_aggr_out_dim(const gnn_aggr_t *ag);
/* The names of the built-in aggregators, i = 0, 1, ... (NULL past the end). */
GNN_API const char *gnn_aggr_builtin(int64_t i);
/* out[v] = AGG over the arcs of v (mode GNN_IN: arcs u -> v, GNN_OUT:
 * arcs v -> u) of the messages: with edge_messages = 1, x is [arcs, in_dim]
 * indexed by arc id; with 0, x is [n, in_dim] node features and the message
 * of an arc is the row of its other end (the gather is fused).  A node
 * without arcs gets 0 (lcm: its identity). */
GNN_API gnn_status_t gnn_aggregate(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode,
                                   gnn_tensor_t *x, int edge_messages, gnn_tensor_t **out);

#ifdef __cplusplus
}
#endif
#endif
