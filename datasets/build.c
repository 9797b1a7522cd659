/* build.c: datasets assembled from a graph and the user's own files. */
#include "dataset.h"
#include "../lib/io/lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gnn_status_t gnn_dataset_from_graph(gnn_ctx_t *ctx, gnn_graph_t **g, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dataset_from_graph: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, g != NULL && *g != NULL, "gnn_dataset_from_graph: no graph");
    GNN_CHECK(gnn_i_graph_check(ctx, *g, "gnn_dataset_from_graph"));
    GNN_CHECK(gnn_i_dataset_new(ctx, 1, out));
    (*out)->graphs[0] = *g;
    *g = NULL;
fail:
    return status;
}

gnn_status_t gnn_dataset_from_graphs(gnn_ctx_t *ctx, gnn_graph_t **graphs, int64_t count, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dataset_from_graphs: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, graphs != NULL && count >= 1, "gnn_dataset_from_graphs: need at least one graph");
    for (int64_t i = 0; i < count; i++) {
        if (graphs[i] == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dataset_from_graphs: graph %lld is NULL", (long long)i);
        GNN_CHECK(gnn_i_graph_check(ctx, graphs[i], "gnn_dataset_from_graphs"));
    }
    GNN_CHECK(gnn_i_dataset_new(ctx, count, out));
    /* every check passed: ownership of all the graphs moves in at once */
    for (int64_t i = 0; i < count; i++) {
        (*out)->graphs[i] = graphs[i];
        graphs[i] = NULL;
    }
fail:
    return status;
}

gnn_status_t gnn_dataset_set_graph_labels(gnn_ctx_t *ctx, gnn_dataset_t *ds, const int64_t *labels) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *l = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, ds != NULL && ds->ngraphs >= 1 && labels != NULL, "gnn_dataset_set_graph_labels: no dataset or labels");
    for (int64_t i = 0; i < ds->ngraphs; i++)
        if (labels[i] < 0 || labels[i] > INT32_MAX)
            return gnn_i_error(ctx, GNN_ERANGE, "gnn_dataset_set_graph_labels: label %lld of graph %lld (expected 0..%d)",
                               (long long)labels[i], (long long)i, INT32_MAX);
    GNN_ALLOC(ctx, l, ds->ngraphs);
    memcpy(l, labels, sizeof(int64_t) * (size_t)ds->ngraphs);
    gnn_i_free(ctx, ds->graph_labels);
    ds->graph_labels = l;
    ds->classes = gnn_i_count_classes(l, ds->ngraphs);
fail:
    return status;
}

int64_t gnn_dataset_label_columns(const gnn_dataset_t *ds) { return ds ? ds->feat_label_dim : 0; }

gnn_status_t gnn_dataset_set_label_columns(gnn_ctx_t *ctx, gnn_dataset_t *ds, int64_t k) {
    if (ctx == NULL) return GNN_EINVAL;
    if (ds == NULL || k < 0 || k > ds->feat_dim)
        return gnn_i_error(ctx, GNN_ERANGE, "gnn_dataset_set_label_columns: %lld columns, the features have %lld",
                           (long long)k, (long long)(ds ? ds->feat_dim : 0));
    ds->feat_label_dim = k;
    return GNN_SUCCESS;
}

static gnn_status_t need_graph(gnn_ctx_t *ctx, const gnn_dataset_t *ds, const char *fn) {
    if (ds == NULL || ds->ngraphs < 1 || ds->graphs[0] == NULL)
        return gnn_i_error(ctx, GNN_EINVAL, "%s: the dataset has no graph", fn);
    return GNN_SUCCESS;
}

gnn_status_t gnn_dataset_set_node_labels(gnn_ctx_t *ctx, gnn_dataset_t *ds, const int64_t *labels) {
    gnn_status_t status = need_graph(ctx, ds, "gnn_dataset_set_node_labels");
    int64_t *l = NULL;
    if (status < 0) return status;
    const int64_t n = ds->graphs[0]->n;
    GNN_ARG_CHECK(ctx, labels != NULL, "gnn_dataset_set_node_labels: labels is NULL");
    for (int64_t i = 0; i < n; i++)
        if (labels[i] < -1 || labels[i] > INT32_MAX) {
            status = gnn_i_error(ctx, GNN_ERANGE, "gnn_dataset_set_node_labels: label %lld of node %lld", (long long)labels[i],
                                 (long long)i);
            goto fail;
        }
    GNN_ALLOC(ctx, l, n);
    memcpy(l, labels, sizeof(int64_t) * (size_t)n);
    gnn_i_free(ctx, ds->node_labels);
    ds->node_labels = l;
    ds->classes = gnn_i_count_classes(l, n);
fail:
    return status;
}

gnn_status_t gnn_dataset_set_features(gnn_ctx_t *ctx, gnn_dataset_t *ds, int64_t rows, int64_t dim, const float *x) {
    gnn_status_t status = GNN_SUCCESS;
    float *f = NULL;
    if (ctx == NULL || ds == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, rows >= 1 && dim >= 1 && x != NULL, "gnn_dataset_set_features: need rows, dim >= 1 and data");
    GNN_ALLOC(ctx, f, rows * dim);
    memcpy(f, x, sizeof(float) * (size_t)(rows * dim));
    gnn_i_free(ctx, ds->features);
    ds->features = f;
    ds->feat_rows = rows;
    ds->feat_dim = dim;
    ds->feat_label_dim = 0;
fail:
    return status;
}

gnn_status_t gnn_dataset_set_node_split(gnn_ctx_t *ctx, gnn_dataset_t *ds, int part, const int64_t *nodes, int64_t k) {
    gnn_status_t status = need_graph(ctx, ds, "gnn_dataset_set_node_split");
    int64_t *c = NULL;
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, part >= 0 && part <= 2 && k >= 0 && (k == 0 || nodes), "gnn_dataset_set_node_split: bad arguments");
    for (int64_t i = 0; i < k; i++)
        if (nodes[i] < 0 || nodes[i] >= ds->graphs[0]->n) {
            status = gnn_i_error(ctx, GNN_ERANGE, "gnn_dataset_set_node_split: node %lld outside the graph", (long long)nodes[i]);
            goto fail;
        }
    GNN_ALLOC(ctx, c, k > 0 ? k : 1);
    memcpy(c, nodes, sizeof(int64_t) * (size_t)k);
    gnn_i_free(ctx, ds->split[part]);
    ds->split[part] = c;
    ds->split_count[part] = k;
fail:
    return status;
}

gnn_status_t gnn_dataset_set_pairs(gnn_ctx_t *ctx, gnn_dataset_t *ds, int part, int positive, const int64_t *src,
                                   const int64_t *dst, int64_t k) {
    gnn_status_t status = need_graph(ctx, ds, "gnn_dataset_set_pairs");
    int64_t *a = NULL, *b = NULL;
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, part >= 0 && part <= 2 && k >= 0 && (k == 0 || (src && dst)), "gnn_dataset_set_pairs: bad arguments");
    for (int64_t i = 0; i < k; i++)
        if (src[i] < 0 || dst[i] < 0 || src[i] >= ds->graphs[0]->n || dst[i] >= ds->graphs[0]->n) {
            status = gnn_i_error(ctx, GNN_ERANGE, "gnn_dataset_set_pairs: pair %lld names a node outside the graph", (long long)i);
            goto fail;
        }
    const int q = positive ? 1 : 0;
    GNN_ALLOC(ctx, a, k > 0 ? k : 1);
    GNN_ALLOC(ctx, b, k > 0 ? k : 1);
    memcpy(a, src, sizeof(int64_t) * (size_t)k);
    memcpy(b, dst, sizeof(int64_t) * (size_t)k);
    gnn_i_free(ctx, ds->pair_src[part][q]);
    gnn_i_free(ctx, ds->pair_dst[part][q]);
    ds->pair_src[part][q] = a;
    ds->pair_dst[part][q] = b;
    ds->pair_count[part][q] = k;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, a);
    gnn_i_free(ctx, b);
    return status;
}

/* ---------------------------------------------------------------- adding isolated nodes */

/* Extend graph 0 by the given new nodes (names, or for an unnamed graph the
 * new count), keeping every arc; labels / features already set grow too. */
static gnn_status_t grow_graph(gnn_ctx_t *ctx, gnn_dataset_t *ds, int64_t new_n, gnn_i_names_t *extra_names) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_graph_t *g = ds->graphs[0], *h = NULL;
    const int64_t old = g->n;
    GNN_ARG_CHECK(ctx, new_n >= old && new_n < INT32_MAX, "too many nodes");
    GNN_CHECK(gnn_i_graph_alloc(ctx, new_n, g->m, g->weight != NULL, g->type != NULL, &h));
    h->directed = g->directed;
    h->relations = g->relations;
    memcpy(h->out_ptr, g->out_ptr, sizeof(int64_t) * (size_t)(old + 1));
    for (int64_t v = old + 1; v <= new_n; v++) h->out_ptr[v] = g->m;
    memcpy(h->out_idx, g->out_idx, sizeof(int32_t) * (size_t)g->m);
    if (g->weight) memcpy(h->weight, g->weight, sizeof(float) * (size_t)g->m);
    if (g->type) memcpy(h->type, g->type, sizeof(int32_t) * (size_t)g->m);
    GNN_CHECK(gnn_i_graph_build_in(ctx, h));
    if (g->node_names) {
        GNN_CHECK(gnn_i_names_copy(ctx, g->node_names, &h->node_names));
        for (int64_t i = 0; extra_names && i < extra_names->count; i++) {
            const char *s = gnn_i_names_get(extra_names, i);
            int64_t id;
            int added;
            GNN_CHECK(gnn_i_names_intern(ctx, h->node_names, s, strlen(s), &id, &added));
        }
    }
    if (g->rel_names) GNN_CHECK(gnn_i_names_copy(ctx, g->rel_names, &h->rel_names));
    if (ds->node_labels) {
        int64_t *l = gnn_i_realloc_n(ctx, ds->node_labels, (size_t)new_n, sizeof *l);
        if (l == NULL) {
            status = gnn_i_nomem(ctx, "labels");
            goto fail;
        }
        for (int64_t v = old; v < new_n; v++) l[v] = -1;
        ds->node_labels = l;
    }
    if (ds->features && ds->feat_rows == old) {
        float *f = gnn_i_realloc_n(ctx, ds->features, (size_t)(new_n * ds->feat_dim), sizeof *f);
        if (f == NULL) {
            status = gnn_i_nomem(ctx, "features");
            goto fail;
        }
        memset(f + old * ds->feat_dim, 0, sizeof(float) * (size_t)((new_n - old) * ds->feat_dim));
        ds->features = f;
        ds->feat_rows = new_n;
    }
    gnn_graph_destroy(&ds->graphs[0]);
    ds->graphs[0] = h;
    return GNN_SUCCESS;
fail:
    gnn_graph_destroy(&h);
    return status;
}

/* Resolve the first field of every data line of a node table; missing
 * nodes are added (add_missing) or reported.  ids[i] for data line i. */
typedef struct node_table {
    int64_t rows;
    int64_t *id;
    char **rest; /* the remaining fields per line, NUL-joined copies */
    int64_t *line;
} node_table_t;

static void table_free(gnn_ctx_t *ctx, node_table_t *t) {
    for (int64_t i = 0; t->rest && i < t->rows; i++) gnn_i_free(ctx, t->rest[i]);
    gnn_i_free(ctx, t->rest);
    gnn_i_free(ctx, t->id);
    gnn_i_free(ctx, t->line);
    memset(t, 0, sizeof *t);
}

static gnn_status_t read_node_table(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *path, int add_missing, int min_fields,
                                    node_table_t *t) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    gnn_i_names_t *extra = NULL;
    int64_t cap = 0, grow_to = ds->graphs[0]->n;
    memset(t, 0, sizeof *t);
    const int named = ds->graphs[0]->node_names != NULL;
    if (named) GNN_CHECK(gnn_i_names_create(ctx, &extra));
    GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
    for (;;) {
        char *line;
        size_t len;
        status = gnn_i_lines_next(ctx, lr, &line, &len);
        if (status < 0) goto fail;
        if (status == 0) break;
        status = GNN_SUCCESS;
        if (gnn_i_is_blank_or_comment(line, len)) continue;
        const int64_t ln = gnn_i_lines_lineno(lr);
        /* first field up to a tab, comma or blank */
        size_t a = 0;
        while (a < len && (line[a] == ' ' || line[a] == '\t')) a++;
        size_t b = a;
        while (b < len && line[b] != '\t' && line[b] != ',' && line[b] != ' ') b++;
        if (t->rows == cap) {
            int64_t nc = cap ? cap * 2 : 1024;
            int64_t *ni = gnn_i_realloc_n(ctx, t->id, (size_t)nc, sizeof *ni);
            if (ni == NULL) goto nomem;
            t->id = ni;
            int64_t *nl = gnn_i_realloc_n(ctx, t->line, (size_t)nc, sizeof *nl);
            if (nl == NULL) goto nomem;
            t->line = nl;
            char **nr = gnn_i_realloc_n(ctx, t->rest, (size_t)nc, sizeof *nr);
            if (nr == NULL) goto nomem;
            t->rest = nr;
            cap = nc;
        }
        line[b] = '\0';
        const char *name = line + a;
        int64_t id = -1;
        if (named) {
            id = gnn_i_names_find(ds->graphs[0]->node_names, name, b - a);
            if (id < 0) {
                int added;
                if (!add_missing) {
                    status = gnn_i_error(ctx, GNN_ENOTFOUND, "%s:%lld:%zu: unknown node '%s' (not in the graph)", path,
                                         (long long)ln, a + 1, name);
                    goto fail;
                }
                GNN_CHECK(gnn_i_names_intern(ctx, extra, name, b - a, &id, &added));
                id += ds->graphs[0]->n;
            }
        } else {
            char *end;
            errno = 0;
            long long x = strtoll(name, &end, 10);
            if (end == name || *end != '\0' || errno == ERANGE || x < 0 || x >= INT32_MAX) {
                status = gnn_i_error(ctx, GNN_ENOTFOUND, "%s:%lld:%zu: '%s' is not a node id of the graph (ids are 0..%lld)",
                                     path, (long long)ln, a + 1, name, (long long)ds->graphs[0]->n - 1);
                goto fail;
            }
            if (x >= ds->graphs[0]->n && !add_missing) {
                status = gnn_i_error(ctx, GNN_ENOTFOUND, "%s:%lld:%zu: unknown node %lld (the graph has nodes 0..%lld)", path,
                                     (long long)ln, a + 1, x, (long long)ds->graphs[0]->n - 1);
                goto fail;
            }
            id = x;
            if (x + 1 > grow_to) grow_to = x + 1;
        }
        size_t rest_len = b < len ? len - b - 1 : 0;
        char *rest = gnn_i_malloc(ctx, rest_len + 1);
        if (rest == NULL) goto nomem;
        if (rest_len) memcpy(rest, line + b + 1, rest_len);
        rest[rest_len] = '\0';
        int nf = 0;
        for (size_t i = 0; i < rest_len;) {
            while (i < rest_len && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == ',')) i++;
            if (i < rest_len) nf++;
            while (i < rest_len && rest[i] != ' ' && rest[i] != '\t' && rest[i] != ',') i++;
        }
        t->id[t->rows] = id;
        t->line[t->rows] = ln;
        t->rest[t->rows] = rest;
        t->rows++;
        if (nf < min_fields) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected %d more column(s) after the node", path, (long long)ln,
                                 min_fields);
            goto fail;
        }
    }
    if (t->rows == 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "%s: no data lines", path);
        goto fail;
    }
    if (named && extra->count > 0) grow_to = ds->graphs[0]->n + extra->count;
    if (grow_to > ds->graphs[0]->n) {
        gnn_i_log(ctx, GNN_LOG_INFO, "%s: added %lld isolated nodes the edge list does not show", path,
                  (long long)(grow_to - ds->graphs[0]->n));
        GNN_CHECK(grow_graph(ctx, ds, grow_to, extra));
    }
    gnn_i_lines_close(ctx, &lr);
    gnn_i_names_destroy(ctx, &extra);
    return GNN_SUCCESS;
nomem:
    status = gnn_i_nomem(ctx, "node table");
fail:
    gnn_i_lines_close(ctx, &lr);
    gnn_i_names_destroy(ctx, &extra);
    table_free(ctx, t);
    return status;
}

gnn_status_t gnn_dataset_read_labels(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *path, int add_missing) {
    gnn_status_t status = need_graph(ctx, ds, "gnn_dataset_read_labels");
    node_table_t t = {0};
    int64_t *lab = NULL;
    if (status < 0) return status;
    GNN_CHECK(read_node_table(ctx, ds, path, add_missing, 1, &t));
    const int64_t n = ds->graphs[0]->n;
    GNN_ALLOC(ctx, lab, n);
    for (int64_t v = 0; v < n; v++) lab[v] = -2;
    for (int64_t i = 0; i < t.rows; i++) {
        char *end;
        errno = 0;
        long long x = strtoll(t.rest[i], &end, 10);
        while (*end == ' ' || *end == '\t') end++;
        if (end == t.rest[i] || *end != '\0' || errno == ERANGE || x < -1 || x > INT32_MAX) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected an integer label >= -1, got '%.40s'", path,
                                 (long long)t.line[i], t.rest[i]);
            goto fail;
        }
        if (lab[t.id[i]] != -2) {
            status = gnn_i_error(ctx, GNN_EDUPLICATE, "%s:%lld: node labelled twice", path, (long long)t.line[i]);
            goto fail;
        }
        lab[t.id[i]] = x;
    }
    for (int64_t v = 0; v < n; v++)
        if (lab[v] == -2) lab[v] = -1;
    gnn_i_free(ctx, ds->node_labels);
    ds->node_labels = lab;
    lab = NULL;
    ds->classes = gnn_i_count_classes(ds->node_labels, n);
fail:
    gnn_i_free(ctx, lab);
    table_free(ctx, &t);
    return status;
}

gnn_status_t gnn_dataset_read_features(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *path, int64_t dim, int add_missing) {
    gnn_status_t status = need_graph(ctx, ds, "gnn_dataset_read_features");
    node_table_t t = {0};
    int64_t *fi = NULL;
    float *fv = NULL, *x = NULL;
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, dim >= 0, "gnn_dataset_read_features: dim must be >= 0");
    GNN_CHECK(read_node_table(ctx, ds, path, add_missing, 2, &t));
    GNN_ALLOC(ctx, fi, t.rows);
    GNN_ALLOC(ctx, fv, t.rows);
    int64_t maxf = -1;
    for (int64_t i = 0; i < t.rows; i++) {
        char *end, *p = t.rest[i];
        errno = 0;
        long long f = strtoll(p, &end, 10);
        if (end == p || errno == ERANGE || f < 0 || f >= INT32_MAX) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected a feature index >= 0, got '%.40s'", path,
                                 (long long)t.line[i], p);
            goto fail;
        }
        p = end;
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        double v = strtod(p, &end);
        while (*end == ' ' || *end == '\t') end++;
        if (end == p || *end != '\0' || !(v - v == 0)) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected a finite feature value, got '%.40s'", path,
                                 (long long)t.line[i], p);
            goto fail;
        }
        fi[i] = f;
        fv[i] = (float)v;
        if (f > maxf) maxf = f;
    }
    if (dim == 0) dim = maxf + 1;
    if (maxf >= dim) {
        status = gnn_i_error(ctx, GNN_ERANGE, "%s: feature index %lld is not below the dimension %lld", path, (long long)maxf,
                             (long long)dim);
        goto fail;
    }
    {
        const int64_t n = ds->graphs[0]->n;
        x = gnn_i_calloc(ctx, (size_t)(n * dim), sizeof *x);
        if (x == NULL) {
            status = gnn_i_nomem(ctx, "features");
            goto fail;
        }
        for (int64_t i = 0; i < t.rows; i++) x[t.id[i] * dim + fi[i]] = fv[i];
        gnn_i_free(ctx, ds->features);
        ds->features = x;
        x = NULL;
        ds->feat_rows = n;
        ds->feat_dim = dim;
    }
fail:
    gnn_i_free(ctx, fi);
    gnn_i_free(ctx, fv);
    gnn_i_free(ctx, x);
    table_free(ctx, &t);
    return status;
}

gnn_status_t gnn_dataset_read_node_split(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *dir) {
    gnn_status_t status = need_graph(ctx, ds, "gnn_dataset_read_node_split");
    static const char *files[3] = {"train_idx.txt", "val_idx.txt", "test_idx.txt"};
    char path[4096];
    node_table_t t = {0};
    memset(&t, 0, sizeof t);
    if (status < 0) return status;
    for (int p = 0; p < 3; p++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[p]);
        GNN_CHECK(read_node_table(ctx, ds, path, 0, 0, &t));
        GNN_CHECK(gnn_dataset_set_node_split(ctx, ds, p, t.id, t.rows));
        table_free(ctx, &t);
    }
fail:
    table_free(ctx, &t);
    return status;
}

gnn_status_t gnn_dataset_read_split_codes(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *path, int64_t index) {
    gnn_status_t status = need_graph(ctx, ds, "gnn_dataset_read_split_codes");
    node_table_t t = {0};
    int64_t *part[3] = {NULL, NULL, NULL}, cnt[3] = {0, 0, 0};
    memset(&t, 0, sizeof t);
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, index >= 0, "gnn_dataset_read_split_codes: index must be >= 0");
    GNN_CHECK(read_node_table(ctx, ds, path, 0, (int)index + 1, &t));
    for (int p = 0; p < 3; p++) GNN_ALLOC(ctx, part[p], t.rows);
    for (int64_t i = 0; i < t.rows; i++) {
        char *p = t.rest[i], *end = p;
        long long code = 0;
        int parsed = 0;
        for (int64_t k = 0; k <= index; k++) {
            while (*p == ' ' || *p == '\t' || *p == ',') p++;
            code = strtoll(p, &end, 10);
            parsed = end != p;
            if (!parsed) break;
            p = end;
        }
        if (!parsed) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: bad split code", path, (long long)t.line[i]);
            goto fail;
        }
        if (code < -1 || code > 2) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: split code %lld is not -1, 0, 1 or 2", path, (long long)t.line[i],
                                 code);
            goto fail;
        }
        if (code >= 0) part[code][cnt[code]++] = t.id[i];
    }
    for (int p = 0; p < 3; p++) GNN_CHECK(gnn_dataset_set_node_split(ctx, ds, p, part[p], cnt[p]));
fail:
    for (int p = 0; p < 3; p++) gnn_i_free(ctx, part[p]);
    table_free(ctx, &t);
    return status;
}
