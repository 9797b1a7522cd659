/* gnn/opts.h: options passed by name, with typed setters.
 *
 * An options object is a list of (name, value) pairs.  Values are kept as
 * text and checked against the consumer's option table when a call uses them,
 * so unknown names, wrong types and out-of-range values are reported with the
 * option's name.  Every consumer (the edge-list reader, each generator, each
 * model) has a group whose options, types, defaults and help can be listed
 * with gnn_options_describe(), which is what gnn-cli and the bindings use. */
#ifndef GNN_OPTS_H
#define GNN_OPTS_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

GNN_API gnn_status_t gnn_opts_create(gnn_opts_t **out);
GNN_API void gnn_opts_destroy(gnn_opts_t **opts);
GNN_API gnn_status_t gnn_opts_copy(const gnn_opts_t *src, gnn_opts_t **out);

/* Set (or replace) an option.  Names are case-sensitive; '-' and '_' are
 * interchangeable ("max-line" == "max_line"). */
GNN_API gnn_status_t gnn_opts_set(gnn_opts_t *opts, const char *name, const char *value);
GNN_API gnn_status_t gnn_opts_set_int(gnn_opts_t *opts, const char *name, int64_t value);
GNN_API gnn_status_t gnn_opts_set_double(gnn_opts_t *opts, const char *name, double value);
GNN_API gnn_status_t gnn_opts_unset(gnn_opts_t *opts, const char *name);

/* Read back what was set; NULL if not set.  The string belongs to opts. */
GNN_API const char *gnn_opts_get(const gnn_opts_t *opts, const char *name);
GNN_API int64_t gnn_opts_count(const gnn_opts_t *opts);
/* i-th (name, value) in the order they were first set. */
GNN_API const char *gnn_opts_name(const gnn_opts_t *opts, int64_t i);
GNN_API const char *gnn_opts_value(const gnn_opts_t *opts, int64_t i);

/* Option tables.  group is e.g. "read", "write", "generate.dsbm",
 * "model.mpnn".  Returns GNN_ENOTFOUND past the end or for an unknown group.
 * type is one of "int", "double", "string", "bool", or "choice:a|b|c". */
GNN_API gnn_status_t gnn_options_describe(const char *group, int64_t i, const char **name,
                                          const char **type, const char **def,
                                          const char **help);
/* Check opts against a group: unknown names, types, ranges.  Errors name the
 * option and go to ctx. */
GNN_API gnn_status_t gnn_opts_validate(gnn_ctx_t *ctx, const gnn_opts_t *opts, const char *group);

#ifdef __cplusplus
}
#endif
#endif
