/* gnn/graph.h: directed, weighted, typed graphs in compressed sparse rows.
 *
 * A graph holds the out-edges in CSR (row u lists the arcs u -> v sorted by
 * v, then by relation, then by input order) and the in-edge view (the
 * transpose: row v lists the arcs u -> v sorted by u, each with its arc id
 * in the out-CSR).  Arc ids are positions 0..arcs-1 in the out-CSR; weights
 * and relation types are indexed by arc id.  Undirected graphs store both
 * directions of every edge (a self-loop once).  Node ids are 0..n-1 and fit
 * in int32 inside; every count and index in this API is int64_t.
 *
 * Graphs are immutable: every operation returns a new graph, so one graph
 * may be read from several threads at once. */
#ifndef GNN_GRAPH_H
#define GNN_GRAPH_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Build flags, OR-ed together: one direction flag, one duplicate policy, one
 * self-loop policy.  Zero means: directed, duplicates "auto", keep loops. */
enum {
    GNN_DIRECTED = 0,
    GNN_UNDIRECTED = 1 << 0,
    /* Duplicate arcs (same u, v and relation): */
    GNN_DUP_AUTO = 0 << 4,  /* weighted: sum the weights; unweighted: keep one */
    GNN_DUP_SUM = 1 << 4,   /* one arc, weights summed (unweighted: the count) */
    GNN_DUP_MAX = 2 << 4,   /* one arc, the largest weight */
    GNN_DUP_FIRST = 3 << 4, /* one arc, the first occurrence */
    GNN_DUP_KEEP = 4 << 4,  /* keep all: a multigraph */
    GNN_DUP_ERROR = 5 << 4, /* fail with GNN_EDUPLICATE */
    GNN_DUP_MASK = 7 << 4,
    /* Self-loops u -> u: */
    GNN_LOOPS_KEEP = 0 << 8,
    GNN_LOOPS_DROP = 1 << 8,
    GNN_LOOPS_ERROR = 2 << 8, /* fail with GNN_ESELFLOOP */
    GNN_LOOPS_MASK = 3 << 8
};

/* Build from m edges src[i] -> dst[i] over nodes 0..n-1 (n >= 1; with n = 0
 * the node count is max id + 1).  weight (may be NULL: unweighted) and type
 * (may be NULL: untyped; else values in 0..relations-1) have m entries.
 * Errors: GNN_ERANGE for an id outside [0, n) or over INT32_MAX, or a
 * non-finite weight; GNN_EDUPLICATE / GNN_ESELFLOOP per the policies. */
GNN_API gnn_status_t gnn_graph_from_edges(gnn_ctx_t *ctx, int64_t n, int64_t m,
                                          const int64_t *src, const int64_t *dst,
                                          const float *weight, const int64_t *type,
                                          int64_t relations, int flags, gnn_graph_t **out);
GNN_API void gnn_graph_destroy(gnn_graph_t **g);
GNN_API gnn_status_t gnn_graph_copy(gnn_ctx_t *ctx, const gnn_graph_t *g, gnn_graph_t **out);

/* ---- size and flags ---- */
GNN_API int64_t gnn_graph_node_count(const gnn_graph_t *g);
/* Stored arcs (an undirected edge u-v with u != v counts twice). */
GNN_API int64_t gnn_graph_arc_count(const gnn_graph_t *g);
/* Edges: arcs for directed graphs; for undirected ones, each pair once. */
GNN_API int64_t gnn_graph_edge_count(const gnn_graph_t *g);
GNN_API int gnn_graph_is_directed(const gnn_graph_t *g);
GNN_API int gnn_graph_is_weighted(const gnn_graph_t *g);
/* Number of relation types; 0 for an untyped graph. */
GNN_API int64_t gnn_graph_relation_count(const gnn_graph_t *g);
GNN_API int64_t gnn_graph_self_loop_count(const gnn_graph_t *g);

/* ---- adjacency ---- */
GNN_API int64_t gnn_graph_degree_of(const gnn_graph_t *g, int64_t v, int mode);
/* Neighbours of v (GNN_OUT or GNN_IN) in row order, with the arc ids; buffers
 * of gnn_graph_degree_of(g, v, mode) entries, arcs may be NULL. */
GNN_API gnn_status_t gnn_graph_neighbors(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t v, int mode,
                                         int64_t *nbr, int64_t *arcs);
/* Arc id of u -> v (any relation, the first in row order) or -1. */
GNN_API int64_t gnn_graph_find_arc(const gnn_graph_t *g, int64_t u, int64_t v);
/* All arcs in arc-id order; any output may be NULL.  weight gets 1 for an
 * unweighted graph, type gets 0 for an untyped one. */
GNN_API gnn_status_t gnn_graph_arcs(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t *src,
                                    int64_t *dst, float *weight, int64_t *type);
/* Degrees (mode GNN_OUT, GNN_IN or GNN_ALL); weighted sums weights. */
GNN_API gnn_status_t gnn_graph_degrees(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int weighted,
                                       double *out);

/* ---- names ---- */
/* Node name, or NULL when the graph has no name table (the name is then the
 * decimal id).  The string belongs to g. */
GNN_API const char *gnn_graph_node_name(const gnn_graph_t *g, int64_t v);
GNN_API const char *gnn_graph_relation_name(const gnn_graph_t *g, int64_t r);
GNN_API int gnn_graph_has_names(const gnn_graph_t *g);
/* Id of a node from its name (or decimal id when the graph has no names);
 * GNN_ENOTFOUND if absent. */
GNN_API gnn_status_t gnn_graph_node_id(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *name,
                                       int64_t *id);
GNN_API gnn_status_t gnn_graph_relation_id(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *name,
                                           int64_t *id);
/* Attach node names (n distinct strings, copied) or relation names. */
GNN_API gnn_status_t gnn_graph_set_node_names(gnn_ctx_t *ctx, gnn_graph_t *g,
                                              const char *const *names);
GNN_API gnn_status_t gnn_graph_set_relation_names(gnn_ctx_t *ctx, gnn_graph_t *g,
                                                  const char *const *names);
/* After gnn_graph_permute / gnn_graph_reorder / gnn_graph_induced_subgraph:
 * the node id of v in the graph it came from (v itself otherwise). */
GNN_API int64_t gnn_graph_origin_id(const gnn_graph_t *g, int64_t v);

/* ---- operations (each returns a new graph; names and weights follow) ---- */
GNN_API gnn_status_t gnn_graph_transpose(gnn_ctx_t *ctx, const gnn_graph_t *g, gnn_graph_t **out);
/* Undirected graph with an edge u-v wherever u -> v or v -> u.  Weights of
 * the two directions are combined by mode: GNN_SYM_SUM (A + A^T), GNN_SYM_MAX,
 * GNN_SYM_MEAN ((A + A^T)/2 where both exist) or GNN_SYM_ONE (unweighted).
 * Relation types are dropped. */
enum { GNN_SYM_SUM = 0, GNN_SYM_MAX = 1, GNN_SYM_MEAN = 2, GNN_SYM_ONE = 3 };
GNN_API gnn_status_t gnn_graph_symmetrise(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode,
                                          gnn_graph_t **out);
/* Add v -> v with the given weight to every node that has no self-loop. */
GNN_API gnn_status_t gnn_graph_add_self_loops(gnn_ctx_t *ctx, const gnn_graph_t *g, float weight,
                                              gnn_graph_t **out);
/* For every arc u -r-> v add v -(r+R)-> u, R = relation count (an untyped
 * graph is taken as one relation, giving 2).  Relation names get "^-1". */
GNN_API gnn_status_t gnn_graph_add_reverse_relations(gnn_ctx_t *ctx, const gnn_graph_t *g,
                                                     gnn_graph_t **out);
/* Reweight: GNN_NORM_ROW  w/dout(u)      (rows sum to 1),
 *           GNN_NORM_COL  w/din(v)       (columns sum to 1),
 *           GNN_NORM_SYM  w/sqrt(dout(u) din(v)).
 * Degrees are weighted; arcs out of (into) a zero-degree node keep 0. */
enum { GNN_NORM_ROW = 0, GNN_NORM_COL = 1, GNN_NORM_SYM = 2 };
GNN_API gnn_status_t gnn_graph_normalize(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode,
                                         gnn_graph_t **out);
/* The subgraph induced by k distinct nodes; node i of the result is nodes[i]. */
GNN_API gnn_status_t gnn_graph_induced_subgraph(gnn_ctx_t *ctx, const gnn_graph_t *g,
                                                const int64_t *nodes, int64_t k,
                                                gnn_graph_t **out);
/* Nodes within `hops` steps of the seeds following mode (GNN_OUT: successors,
 * GNN_IN: predecessors, GNN_ALL: either).  Writes the nodes in BFS order
 * (seeds first, in the given order, duplicates dropped) to nodes and their
 * distance to dist (may be NULL); both need room for n entries.  If
 * max_nodes > 0 the search stops once that many nodes are taken. */
GNN_API gnn_status_t gnn_graph_khop(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *seeds,
                                    int64_t nseeds, int64_t hops, int mode, int64_t max_nodes,
                                    int64_t *nodes, int64_t *dist, int64_t *count);
/* Remove the arcs with mask[arc] != 0.  For undirected graphs the reverse arc
 * of a removed arc is removed too. */
GNN_API gnn_status_t gnn_graph_remove_arcs(gnn_ctx_t *ctx, const gnn_graph_t *g,
                                           const uint8_t *mask, gnn_graph_t **out);
/* Relabel: node v of g becomes perm[v] in the result (perm is a permutation
 * of 0..n-1).  gnn_graph_origin_id of the result maps back. */
GNN_API gnn_status_t gnn_graph_permute(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *perm,
                                       gnn_graph_t **out);

/* ---- structure (through igraph) ---- */
/* Weakly (mode GNN_ALL) or strongly (GNN_OUT) connected components: the
 * component of every node (numbered by first node) and their count. */
GNN_API gnn_status_t gnn_graph_components(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode,
                                          int64_t *membership, int64_t *count);
/* Share of arcs u -> v (u != v) whose reverse v -> u also exists. */
GNN_API gnn_status_t gnn_graph_reciprocity(gnn_ctx_t *ctx, const gnn_graph_t *g, double *out);

/* ---- partitioning and ordering (METIS, SuiteSparse AMD, RCM) ---- */
/* k-way partition of the symmetrised graph minimising the edge cut (METIS
 * k-way); part[v] in 0..parts-1; weighted uses rounded arc weights as edge
 * weights.  The seed comes from ctx.  edgecut may be NULL. */
GNN_API gnn_status_t gnn_graph_partition(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t parts,
                                         int weighted, int64_t *part, int64_t *edgecut);
/* Node orderings for locality: order[i] = the old id of the node placed at i. */
enum {
    GNN_ORDER_RCM = 0,   /* reverse Cuthill-McKee on the symmetrised graph */
    GNN_ORDER_ND = 1,    /* METIS nested dissection */
    GNN_ORDER_AMD = 2,   /* SuiteSparse approximate minimum degree (CXSparse) */
    GNN_ORDER_PART = 3,  /* METIS k-way parts of ~128 nodes (at most 256 parts), in part order */
    GNN_ORDER_DEGREE = 4 /* decreasing total degree */
};
GNN_API gnn_status_t gnn_graph_order(gnn_ctx_t *ctx, const gnn_graph_t *g, int method,
                                     int64_t *order);
/* gnn_graph_order followed by gnn_graph_permute. */
GNN_API gnn_status_t gnn_graph_reorder(gnn_ctx_t *ctx, const gnn_graph_t *g, int method,
                                       gnn_graph_t **out);
/* Average |row - column| over the arcs: a locality figure (lower is better). */
GNN_API double gnn_graph_bandwidth_mean(const gnn_graph_t *g);

/* ---- link-prediction split ---- */
/* Split the edges of g into train / valid / test by ratio (test and valid
 * get floor(ratio * edges), train the rest) and draw as many negative pairs
 * (u != v, no arc u -> v in g; for undirected graphs neither direction) for
 * each part, all from the ctx seed.  Undirected edges are split as pairs, so
 * both directions land in one part. */
GNN_API gnn_status_t gnn_split_edges(gnn_ctx_t *ctx, const gnn_graph_t *g, double valid_ratio,
                                     double test_ratio, gnn_split_t **out);
GNN_API void gnn_split_destroy(gnn_split_t **s);
enum { GNN_SPLIT_TRAIN = 0, GNN_SPLIT_VALID = 1, GNN_SPLIT_TEST = 2 };
/* Number of pairs of a part, positive (1) or negative (0). */
GNN_API int64_t gnn_split_count(const gnn_split_t *s, int part, int positive);
GNN_API gnn_status_t gnn_split_pairs(const gnn_split_t *s, int part, int positive, int64_t *src,
                                     int64_t *dst);
/* The graph with the valid and test positives removed (what training sees). */
GNN_API gnn_status_t gnn_split_train_graph(gnn_ctx_t *ctx, const gnn_split_t *s,
                                           const gnn_graph_t *g, gnn_graph_t **out);

#ifdef __cplusplus
}
#endif
#endif
