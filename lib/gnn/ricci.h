/* gnn/ricci.h: Ollivier-Ricci curvature, discrete Ricci flow with community
 * detection, and BORF rewiring (batch Ollivier-Ricci flow).
 *
 * Curvature of an edge x-y (GraphRicciCurvature's definition):
 *   kappa(x, y) = 1 - W1(m_x, m_y) / d(x, y)
 * where d is the shortest-path distance with the arc lengths, W1 the
 * Wasserstein-1 distance under d, and m_x the lazy measure
 *   m_x(x) = alpha,  m_x(z) = (1 - alpha) w_z / S  for the neighbours z,
 *   w_z = base^(-len(x, z)^exp_power),  S = sum of the w_z
 * over the nbr_topk neighbours of largest w_z (computed in log space, so
 * large lengths cannot underflow).  A node without neighbours keeps all its
 * mass.  On a directed graph, for the arc x -> y, m_x spreads over the
 * predecessors of x (lengths of z -> x) and m_y over the successors of y, and
 * d is the directed distance.  Distances are only needed between the two
 * supports; they are computed there (no all-pairs matrix): memory stays
 * linear in the graph.
 *
 * Options (group "ricci", see gnn_options_describe): alpha, base, exp-power,
 * nbr-topk, method (exact | sinkhorn | mix | atd), sinkhorn-reg,
 * sinkhorn-iter, sinkhorn-thr, mix-threshold, denominator (distance |
 * edge-weight), and the flow, community and BORF options below.
 *
 * Lengths: `length` gives one length per arc (arc ids of gnn_graph_arcs; the
 * two arcs of an undirected edge must agree), or NULL for the graph's
 * weights (1 when unweighted).  Self-loops and parallel arcs are rejected
 * (GNN_EUNSUPPORTED): build the graph with GNN_LOOPS_DROP and a merging
 * duplicate policy. */
#ifndef GNN_RICCI_H
#define GNN_RICCI_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Curvature of every arc (kappa: one entry per arc; both arcs of an
 * undirected edge get the edge's value).  Each edge is computed once, in
 * parallel over edges with the ctx's threads; the result does not depend on
 * the thread count. */
GNN_API gnn_status_t gnn_orc_edge_curvature(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *length,
                                            const gnn_opts_t *opts, double *kappa);
/* Node curvature from arc curvatures: the mean over the node's edges
 * (undirected), or the sum over its out-arcs divided by its in- plus
 * out-degree (directed, as GraphRicciCurvature).  NaN for isolated nodes. */
GNN_API gnn_status_t gnn_orc_node_curvature(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *kappa,
                                            double *node_kappa);
/* The optimal transport plan of one arc: its support sizes first, then the
 * support nodes with their masses (rows: m_x, columns: m_y, each sorted by
 * node id with x, resp. y, last), the rows x cols plan (row-major) and the
 * arc's curvature.  The plan is the one the exact solver finds (optimal
 * plans are not unique); mass common to both supports stays in place. */
GNN_API gnn_status_t gnn_orc_plan_size(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *opts, int64_t arc,
                                       int64_t *rows, int64_t *cols);
GNN_API gnn_status_t gnn_orc_edge_plan(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *length,
                                       const gnn_opts_t *opts, int64_t arc, int64_t *row_nodes, double *row_mass,
                                       int64_t *col_nodes, double *col_mass, double *plan, double *kappa);

/* Discrete Ricci flow on an undirected graph (options iterations, step,
 * delta, surgery-every, surgery-cut):
 *   repeat: len_e <- len_e - step * kappa_e * len_e;  rescale so that the
 *   lengths sum to the edge count; recompute kappa; stop when
 *   max kappa - min kappa < delta; every surgery-every iterations remove
 *   the edges longer than surgery-cut.
 * Like GraphRicciCurvature the flow runs on the largest connected
 * component; other edges keep their length.  length (per arc) is read and
 * updated; surgery marks removed arcs with length INFINITY.  kappa (per
 * arc, may be NULL) gets the last curvatures, *iterations_run (may be NULL)
 * the iterations done. */
GNN_API gnn_status_t gnn_ricci_flow(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *opts,
                                    double *length, double *kappa, int64_t *iterations_run);
/* Communities from flow lengths (options cutoff-step, drop-threshold):
 * cutting the edges longer than a cutoff, scanned downwards from the
 * longest edge, the good cutoffs are those where the weighted modularity of
 * the components drops by more than drop-threshold (relative) as the
 * cutoff grows; the smallest good cutoff gives the clustering.  membership
 * (n entries) gets component numbers 0..count-1 in order of first node;
 * cutoff (may be NULL) the cutoff used.  GNN_ENOTFOUND when no cutoff
 * qualifies. */
GNN_API gnn_status_t gnn_ricci_communities(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *length,
                                           const gnn_opts_t *opts, int64_t *membership, int64_t *count,
                                           double *cutoff);

/* BORF (options borf-batches N, borf-add h, borf-remove k, borf-mode):
 * per batch, the curvature (alpha 0, exact transport, unit lengths) and
 * optimal plan of every edge of the current graph; for each of the h most
 * negatively curved edges (u, v) the largest entry (p, q) of its plan is
 * joined by a new edge when p != q and p, q are not adjacent; then the k
 * most positively curved edges are removed.  Mode "canonical" works on the
 * undirected graph (edges sorted by (kappa, min id, max id); ties in the
 * plan go to the larger distance, then the smaller (p, q)); "compat" counts
 * and edits single arcs of the symmetric digraph as the official code does
 * (the result may be asymmetric, and is then directed).  The output keeps
 * node names, has no weights, and is directed only in compat mode.  added
 * and removed (may be NULL) get the number of edges (arcs in compat mode)
 * added and removed. */
GNN_API gnn_status_t gnn_borf_rewire(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *opts,
                                     gnn_graph_t **out, int64_t *added, int64_t *removed);

#ifdef __cplusplus
}
#endif
#endif
