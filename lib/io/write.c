/* write.c: edge-list and node-table writers (atomic), node-table and pair
 * readers. */
#include "../core/internal.h"
#include "lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const gnn_i_optspec_t write_specs[] = {
    {"format", "choice:auto|uv|uvw|hrt", "auto", 1, 0,
     "columns; auto: hrt for typed graphs, uvw for weighted ones, else uv"},
    {"delimiter", "choice:tab|space|comma", "tab", 1, 0, "field separator"},
    {"names", "bool", "1", 1, 0, "write node names (0: numeric ids)"},
    {"header", "bool", "0", 1, 0, "write a header line (u v [weight] / head relation tail)"},
    {"compress", "choice:auto|0|1", "auto", 1, 0, "gzip the output; auto: when the name ends in .gz"},
};
const gnn_i_optgroup_t gnn_i_group_write = {"write", write_specs,
                                            (int64_t)(sizeof write_specs / sizeof write_specs[0])};

/* A name is writable if it has no separator, newline or leading '#'/'%'. */
static gnn_status_t check_name(gnn_ctx_t *ctx, const char *path, const char *s, char sep,
                               const char *what) {
    for (const char *p = s; *p; p++)
        if (*p == sep || *p == '\n' || *p == '\r' || (sep == ' ' && *p == '\t'))
            return gnn_i_error(ctx, GNN_EINVAL,
                               "%s: %s name '%s' contains the field separator or a newline; choose "
                               "another delimiter",
                               path, what, s);
    if (s[0] == '#' || s[0] == '%' || s[0] == '\0')
        return gnn_i_error(ctx, GNN_EINVAL, "%s: %s name '%s' would read back as a comment or an empty field",
                           path, what, s);
    return GNN_SUCCESS;
}

static gnn_status_t put_str(gnn_ctx_t *ctx, gnn_i_afile_t *f, const char *s) {
    return gnn_i_afile_write(ctx, f, s, strlen(s));
}

gnn_status_t gnn_graph_write(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path, const gnn_opts_t *opts) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_afile_t *f = NULL;
    const gnn_i_optgroup_t *G = &gnn_i_group_write;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_graph_write"));
    GNN_CHECK(gnn_opts_validate(ctx, opts, "write"));
    int fmt = gnn_i_opt_choice(opts, G, "format"); /* 0 auto 1 uv 2 uvw 3 hrt */
    if (fmt == 0) fmt = g->type ? 3 : g->weight ? 2 : 1;
    if (fmt == 3 && g->type == NULL) {
        status = gnn_i_error(ctx, GNN_EINVAL, "%s: format hrt needs a graph with relation types", path);
        goto fail;
    }
    const char sep = "\t ,"[gnn_i_opt_choice(opts, G, "delimiter")];
    const int names = (int)gnn_i_opt_int(opts, G, "names");
    int gz = gnn_i_opt_choice(opts, G, "compress");
    gz = gz == 0 ? gnn_i_ends_with(path, ".gz") : gz == 2;
    if (names && g->node_names)
        for (int64_t v = 0; v < g->n; v++) GNN_CHECK(check_name(ctx, path, gnn_i_names_get(g->node_names, v), sep, "node"));
    if (fmt == 3 && names && g->rel_names)
        for (int64_t r = 0; r < g->relations; r++)
            GNN_CHECK(check_name(ctx, path, gnn_i_names_get(g->rel_names, r), sep, "relation"));
    GNN_CHECK(gnn_i_afile_open(ctx, path, gz, &f));
    if (gnn_i_opt_int(opts, G, "header")) {
        if (fmt == 3) GNN_CHECK(gnn_i_afile_printf(ctx, f, "head%crelation%ctail\n", sep, sep));
        else if (fmt == 2) GNN_CHECK(gnn_i_afile_printf(ctx, f, "u%cv%cweight\n", sep, sep));
        else GNN_CHECK(gnn_i_afile_printf(ctx, f, "u%cv\n", sep));
    }
    char bu[24], bv[24], br[24], line[96];
    for (int64_t u = 0; u < g->n; u++) {
        const char *su = names ? gnn_i_node_label(g, u, bu, sizeof bu) : (snprintf(bu, sizeof bu, "%lld", (long long)u), bu);
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            int64_t v = g->out_idx[e];
            if (!g->directed && v < u) continue; /* each undirected edge once */
            const char *sv = names ? gnn_i_node_label(g, v, bv, sizeof bv) : (snprintf(bv, sizeof bv, "%lld", (long long)v), bv);
            GNN_CHECK(put_str(ctx, f, su));
            if (fmt == 3) {
                int64_t r = g->type[e];
                const char *sr = (names && g->rel_names) ? gnn_i_names_get(g->rel_names, r)
                                                         : (snprintf(br, sizeof br, "%lld", (long long)r), br);
                GNN_CHECK(gnn_i_afile_write(ctx, f, &sep, 1));
                GNN_CHECK(put_str(ctx, f, sr));
            }
            GNN_CHECK(gnn_i_afile_write(ctx, f, &sep, 1));
            GNN_CHECK(put_str(ctx, f, sv));
            if (fmt == 2) {
                int k = snprintf(line, sizeof line, "%c%.9g", sep, g->weight ? (double)g->weight[e] : 1.0);
                GNN_CHECK(gnn_i_afile_write(ctx, f, line, (size_t)k));
            }
            GNN_CHECK(gnn_i_afile_write(ctx, f, "\n", 1));
        }
    }
    GNN_CHECK(gnn_i_afile_commit(ctx, &f));
    return GNN_SUCCESS;
fail:
    gnn_i_afile_abort(ctx, &f);
    return status;
}

static gnn_status_t write_table(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path, const int64_t *iv,
                                const double *dv, int64_t ncols) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_afile_t *f = NULL;
    char b[24];
    GNN_CHECK(gnn_i_graph_check(ctx, g, "node table writer"));
    GNN_ARG_CHECK(ctx, ncols >= 1 && (iv != NULL || dv != NULL), "%s: node table needs values", path);
    GNN_CHECK(gnn_i_afile_open(ctx, path, gnn_i_ends_with(path, ".gz"), &f));
    for (int64_t v = 0; v < g->n; v++) {
        GNN_CHECK(put_str(ctx, f, gnn_i_node_label(g, v, b, sizeof b)));
        for (int64_t c = 0; c < ncols; c++) {
            if (iv) GNN_CHECK(gnn_i_afile_printf(ctx, f, "\t%lld", (long long)iv[v * ncols + c]));
            else GNN_CHECK(gnn_i_afile_printf(ctx, f, "\t%.9g", dv[v * ncols + c]));
        }
        GNN_CHECK(gnn_i_afile_write(ctx, f, "\n", 1));
    }
    GNN_CHECK(gnn_i_afile_commit(ctx, &f));
    return GNN_SUCCESS;
fail:
    gnn_i_afile_abort(ctx, &f);
    return status;
}

gnn_status_t gnn_write_node_ints(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path, const int64_t *values,
                                 int64_t ncols) {
    return write_table(ctx, g, path, values, NULL, ncols);
}

gnn_status_t gnn_write_node_doubles(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path,
                                    const double *values, int64_t ncols) {
    return write_table(ctx, g, path, NULL, values, ncols);
}

/* Resolve a node field through g; errors name the line and column. */
static gnn_status_t node_field(gnn_ctx_t *ctx, const gnn_graph_t *g, gnn_i_lines_t *lr, const char *s,
                               size_t col, int64_t *id) {
    gnn_status_t st = gnn_graph_node_id(ctx, g, s, id);
    if (st == GNN_ENOTFOUND)
        return gnn_i_error(ctx, GNN_ENOTFOUND, "%s:%lld:%zu: unknown node '%s' (not in the graph)",
                           gnn_i_lines_name(lr), (long long)gnn_i_lines_lineno(lr), col, s);
    return st;
}

gnn_status_t gnn_read_node_labels(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path, int64_t *labels) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    int64_t *seen_line = NULL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_read_node_labels"));
    GNN_ARG_CHECK(ctx, labels != NULL, "gnn_read_node_labels: labels is NULL");
    GNN_CALLOC(ctx, seen_line, g->n);
    for (int64_t v = 0; v < g->n; v++) labels[v] = -1;
    GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
    int64_t count = 0;
    for (;;) {
        char *line, *fld[3];
        size_t len, flen[3], fcol[3];
        status = gnn_i_lines_next(ctx, lr, &line, &len);
        if (status <= 0) break;
        status = GNN_SUCCESS;
        if (gnn_i_is_blank_or_comment(line, len)) continue;
        int64_t ln = gnn_i_lines_lineno(lr);
        int k = gnn_i_split_fields(line, len, 2, fld, flen, fcol);
        if (k != 2) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected 2 columns (node label), got %s%d", path,
                                 (long long)ln, k > 2 ? "more than " : "", k > 2 ? 2 : k);
            goto fail;
        }
        int64_t v;
        GNN_CHECK(node_field(ctx, g, lr, fld[0], fcol[0], &v));
        char *end;
        errno = 0;
        long long lab = strtoll(fld[1], &end, 10);
        if (*end != '\0' || end == fld[1] || errno == ERANGE || lab < -1 || lab > INT32_MAX) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: expected an integer label >= -1, got '%s'",
                                 path, (long long)ln, fcol[1], fld[1]);
            goto fail;
        }
        if (seen_line[v]) {
            status = gnn_i_error(ctx, GNN_EDUPLICATE, "%s:%lld: node '%s' already labelled on line %lld", path,
                                 (long long)ln, fld[0], (long long)seen_line[v]);
            goto fail;
        }
        seen_line[v] = ln;
        labels[v] = lab;
        count++;
    }
    if (status < 0) goto fail;
    if (count == 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "%s: no labels", path);
        goto fail;
    }
    status = GNN_SUCCESS;
fail:
    gnn_i_lines_close(ctx, &lr);
    gnn_i_free(ctx, seen_line);
    return status;
}

gnn_status_t gnn_read_pairs(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path, int64_t *src, int64_t *dst,
                            int64_t *count) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_read_pairs"));
    GNN_ARG_CHECK(ctx, count != NULL, "gnn_read_pairs: count is NULL");
    const int fill = src != NULL || dst != NULL;
    const int64_t cap = *count;
    GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
    int64_t k = 0;
    for (;;) {
        char *line, *fld[3];
        size_t len, flen[3], fcol[3];
        status = gnn_i_lines_next(ctx, lr, &line, &len);
        if (status <= 0) break;
        status = GNN_SUCCESS;
        if (gnn_i_is_blank_or_comment(line, len)) continue;
        int64_t ln = gnn_i_lines_lineno(lr);
        int nf = gnn_i_split_fields(line, len, 3, fld, flen, fcol);
        if (nf < 2 || nf > 3) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected 2 columns (u v), got %s%d", path,
                                 (long long)ln, nf > 3 ? "more than " : "", nf > 3 ? 3 : nf);
            goto fail;
        }
        int64_t u, v;
        GNN_CHECK(node_field(ctx, g, lr, fld[0], fcol[0], &u));
        GNN_CHECK(node_field(ctx, g, lr, fld[1], fcol[1], &v));
        if (fill) {
            if (k >= cap) {
                status = gnn_i_error(ctx, GNN_EINVAL, "%s: more pairs than the %lld given room for", path,
                                     (long long)cap);
                goto fail;
            }
            if (src) src[k] = u;
            if (dst) dst[k] = v;
        }
        k++;
    }
    if (status < 0) goto fail;
    if (k == 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "%s: no pairs", path);
        goto fail;
    }
    *count = k;
    status = GNN_SUCCESS;
fail:
    gnn_i_lines_close(ctx, &lr);
    return status;
}

gnn_status_t gnn_write_pairs(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path, const int64_t *src,
                             const int64_t *dst, const double *score, int64_t count) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_afile_t *f = NULL;
    char bu[24], bv[24];
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_write_pairs"));
    GNN_ARG_CHECK(ctx, count >= 0 && (count == 0 || (src && dst)), "%s: bad pair arrays", path);
    GNN_CHECK(gnn_i_afile_open(ctx, path, gnn_i_ends_with(path, ".gz"), &f));
    for (int64_t i = 0; i < count; i++) {
        if (src[i] < 0 || src[i] >= g->n || dst[i] < 0 || dst[i] >= g->n) {
            status = gnn_i_error(ctx, GNN_ERANGE, "%s: pair %lld names node outside [0, %lld)", path,
                                 (long long)i, (long long)g->n);
            goto fail;
        }
        const char *su = gnn_i_node_label(g, src[i], bu, sizeof bu), *sv = gnn_i_node_label(g, dst[i], bv, sizeof bv);
        if (score) GNN_CHECK(gnn_i_afile_printf(ctx, f, "%s\t%s\t%.9g\n", su, sv, score[i]));
        else GNN_CHECK(gnn_i_afile_printf(ctx, f, "%s\t%s\n", su, sv));
    }
    GNN_CHECK(gnn_i_afile_commit(ctx, &f));
    return GNN_SUCCESS;
fail:
    gnn_i_afile_abort(ctx, &f);
    return status;
}

gnn_status_t gnn_write_file(gnn_ctx_t *ctx, const char *path, const void *data, size_t len) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_afile_t *f = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, data != NULL || len == 0, "gnn_write_file: data is NULL");
    GNN_CHECK(gnn_i_afile_open(ctx, path, gnn_i_ends_with(path, ".gz"), &f));
    GNN_CHECK(gnn_i_afile_write(ctx, f, data, len));
    GNN_CHECK(gnn_i_afile_commit(ctx, &f));
    return GNN_SUCCESS;
fail:
    gnn_i_afile_abort(ctx, &f);
    return status;
}
