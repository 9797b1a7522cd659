/* gnn/io.h: edge-list files (see gnn-edgelist(5)) and node tables.
 *
 * Reading options (group "read", see gnn_options_describe):
 *   format     auto|uv|uvw|hrt   columns: u v, u v weight, head relation tail
 *   delimiter  auto|ws|tab|comma  auto: tab if the first data line has one,
 *                                 else comma if it has one, else whitespace
 *   ids        auto|int|names     auto: decimal ids if every node token is
 *                                 one, else names in order of appearance
 *   header     bool (0)           skip the first non-comment line
 *   directed   bool (1)           0: store both directions
 *   duplicates auto|sum|max|first|keep|error
 *   self-loops keep|drop|error
 *   max-line   int (1048576)      longest accepted line in bytes
 * Files ending in .gz are decompressed (zlib); "-" is standard input.
 * Errors name the file, line and column; no partial graph is returned. */
#ifndef GNN_IO_H
#define GNN_IO_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

GNN_API gnn_status_t gnn_graph_read(gnn_ctx_t *ctx, const char *path, const gnn_opts_t *opts,
                                    gnn_graph_t **out);
/* Parse from memory; `name` is used in error messages. */
GNN_API gnn_status_t gnn_graph_parse(gnn_ctx_t *ctx, const char *data, size_t len,
                                     const char *name, const gnn_opts_t *opts, gnn_graph_t **out);

/* Write an edge list atomically (temp file + rename; "-" is stdout).
 * Options (group "write"): format auto|uv|uvw|hrt, delimiter tab|space|comma,
 * names (1: node names, 0: ids), header (0), compress (auto: by ".gz"). */
GNN_API gnn_status_t gnn_graph_write(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path,
                                     const gnn_opts_t *opts);

/* Node tables: "node<TAB>value" lines, nodes by name (as in g). */
/* Write n integer values per node (ncols columns), atomically. */
GNN_API gnn_status_t gnn_write_node_ints(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path,
                                         const int64_t *values, int64_t ncols);
/* Write doubles (ncols per node, row-major), %.9g, atomically. */
GNN_API gnn_status_t gnn_write_node_doubles(gnn_ctx_t *ctx, const gnn_graph_t *g,
                                            const char *path, const double *values,
                                            int64_t ncols);
/* Read "node<TAB>label" (integer labels >= -1; -1 = unlabelled).  labels gets
 * n entries, -1 for nodes absent from the file.  A node unknown to g, a
 * repeated node or a bad label is an error naming the line. */
GNN_API gnn_status_t gnn_read_node_labels(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path,
                                          int64_t *labels);
/* Read "u<SEP>v" pairs with names resolved through g (unknown names are an
 * error naming the line).  Two calls: first with src = dst = NULL to get
 * *count, then with buffers of that size. */
GNN_API gnn_status_t gnn_read_pairs(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path,
                                    int64_t *src, int64_t *dst, int64_t *count);
/* Write "u<TAB>v<TAB>score" lines atomically (score may be NULL). */
GNN_API gnn_status_t gnn_write_pairs(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path,
                                     const int64_t *src, const int64_t *dst, const double *score,
                                     int64_t count);

/* Write len bytes to path atomically (temp file + rename; "-" = stdout). */
GNN_API gnn_status_t gnn_write_file(gnn_ctx_t *ctx, const char *path, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
