/* gnn/paths.h: the path sets of PathNN (gnn_pathnn(3)).
 *
 * For a graph read as undirected (an arc in either direction is an edge;
 * self-loops and repeats ignored) and a largest length K (edges), the sets
 * paths[k], k = 1..K, of paths with exactly k edges, each stored as the
 * row (v_far, ..., v_next_to_root, root) of k + 1 node ids, rows grouped
 * by root in ascending root order:
 *
 *   GNN_PATHS_SP   one shortest path per ordered pair (u, v), 1 <= d <= K:
 *                  a BFS from min(u, v) scanning neighbours in ascending id
 *                  keeps each node's first discoverer; the same vertex
 *                  sequence serves both directions (the reference's choice);
 *   GNN_PATHS_SPP  every shortest path of every such pair;
 *   GNN_PATHS_AP   every simple path of 1..K edges from every root.
 *
 * With every row comes the hop distance (in the whole graph) from the root
 * to each of its nodes: the distance encoding of AP (for SP and SP+ it is
 * k - j at column j).  Counting stops with GNN_ERANGE, before memory runs
 * out, when the total would pass max_paths. */
#ifndef GNN_PATHS_H
#define GNN_PATHS_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GNN_PATHS_SP = 0, GNN_PATHS_SPP = 1, GNN_PATHS_AP = 2 } gnn_paths_kind_t;

#define GNN_PATHS_MAX_K 32

typedef struct gnn_paths gnn_paths_t;

/* Extract the sets for k = 1..K (1 <= K <= GNN_PATHS_MAX_K); max_paths <= 0
 * means no limit. */
GNN_API gnn_status_t gnn_paths_extract(gnn_ctx_t *ctx, const gnn_graph_t *g, int kind, int64_t K,
                                       int64_t max_paths, gnn_paths_t **out);
GNN_API void gnn_paths_destroy(gnn_paths_t **p);
/* The same with the ties broken in another node order: rank (n entries, a
 * permutation of 0..n-1, NULL: the ids) replaces the ids wherever the
 * extraction compares nodes (SP: the BFS starts from the pair's node of
 * smaller rank and scans neighbours by ascending rank).  Rows keep the
 * input's node ids and stay grouped by ascending root id.  With the ranks
 * of gnn_paths_canonical_order, SP no longer depends on the numbering of
 * the nodes: isomorphic graphs (colours kept) get corresponding paths. */
GNN_API gnn_status_t gnn_paths_extract_ordered(gnn_ctx_t *ctx, const gnn_graph_t *g, int kind, int64_t K,
                                               int64_t max_paths, const int64_t *rank, gnn_paths_t **out);
/* A canonical numbering of g read as undirected (igraph's BLISS canonical
 * labelling; node colours, >= 0, may be NULL): rank[v] is node v's
 * canonical position, and relabelled isomorphic graphs with matching
 * colours get the same canonical graph. */
GNN_API gnn_status_t gnn_paths_canonical_order(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *colors,
                                               int64_t *rank);
/* K, the node count, and the number of paths of length k (0 outside 1..K). */
GNN_API int64_t gnn_paths_max_length(const gnn_paths_t *p);
GNN_API int64_t gnn_paths_node_count(const gnn_paths_t *p);
GNN_API int64_t gnn_paths_count(const gnn_paths_t *p, int64_t k);
/* The paths of length k: nodes [count x (k+1)] row-major, root last, and
 * (dist may be NULL) the distances to the root, same shape. */
GNN_API gnn_status_t gnn_paths_get(gnn_ctx_t *ctx, const gnn_paths_t *p, int64_t k, int64_t *nodes, int64_t *dist);
/* "sp", "sp+" (or "spp"), "ap" -> kind; -1 for anything else. */
GNN_API int gnn_paths_kind_from_name(const char *name);

#ifdef __cplusplus
}
#endif
#endif
