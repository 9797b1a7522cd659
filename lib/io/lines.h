/* lines.h: internal line reader (see lines.c). */
#ifndef GNN_LINES_H
#define GNN_LINES_H

#include "../core/internal.h"

typedef struct gnn_i_lines gnn_i_lines_t;

GNN_HIDDEN gnn_status_t gnn_i_lines_open(gnn_ctx_t *ctx, const char *path, size_t max_line,
                                         gnn_i_lines_t **out);
GNN_HIDDEN gnn_status_t gnn_i_lines_open_mem(gnn_ctx_t *ctx, const char *data, size_t len,
                                             const char *name, size_t max_line,
                                             gnn_i_lines_t **out);
GNN_HIDDEN void gnn_i_lines_close(gnn_ctx_t *ctx, gnn_i_lines_t **lr);
/* 1: a line (NUL-terminated, writable, without the newline), 0: end, < 0: error */
GNN_HIDDEN gnn_status_t gnn_i_lines_next(gnn_ctx_t *ctx, gnn_i_lines_t *lr, char **line, size_t *len);
GNN_HIDDEN const char *gnn_i_lines_name(const gnn_i_lines_t *lr);
/* number of the line last returned (1-based) */
GNN_HIDDEN int64_t gnn_i_lines_lineno(const gnn_i_lines_t *lr);
GNN_HIDDEN int gnn_i_is_blank_or_comment(const char *line, size_t len);
/* Split on blanks, tabs and commas (each field NUL-terminated in place).
 * Returns the count, or max + 1 if there are more than max fields. */
GNN_HIDDEN int gnn_i_split_fields(char *line, size_t len, int max, char **field, size_t *flen,
                                  size_t *fcol);

#endif
