/* loaders.c: the benchmark layouts of gnn_datasets(3): planetoid, tu, kg,
 * seal.  Every text file goes through lines.c; every error names the file
 * and line; nothing is returned on error. */
#include "dataset.h"
#include "../lib/io/lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const gnn_i_optspec_t load_specs[] = {
    {"feature-dim", "int", "0", 0, 1e9, "planetoid: feature dimension (0: the largest index + 1)"},
    {"graph", "string", NULL, 1, 0, "seal: the full graph file (gives the node count)"},
    {"directed", "bool", "0", 1, 0, "seal: read the pairs as directed edges"},
};
const gnn_i_optgroup_t gnn_i_group_load = {"load", load_specs, (int64_t)(sizeof load_specs / sizeof load_specs[0])};

/* ---------------------------------------------------------------- helpers */

typedef struct i64vec {
    int64_t *v;
    int64_t n, cap;
} i64vec_t;

static gnn_status_t vpush(gnn_ctx_t *ctx, i64vec_t *a, int64_t x) {
    if (a->n == a->cap) {
        int64_t nc = a->cap ? a->cap * 2 : 256;
        int64_t *p = gnn_i_realloc_n(ctx, a->v, (size_t)nc, sizeof *p);
        if (p == NULL) return gnn_i_nomem(ctx, "dataset arrays");
        a->v = p;
        a->cap = nc;
    }
    a->v[a->n++] = x;
    return GNN_SUCCESS;
}

static void vfree(gnn_ctx_t *ctx, i64vec_t *a) {
    gnn_i_free(ctx, a->v);
    memset(a, 0, sizeof *a);
}

static gnn_status_t parse_i64(gnn_ctx_t *ctx, const char *file, int64_t line, size_t col, const char *s, int64_t lo,
                              int64_t hi, int64_t *out) {
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE)
        return gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: expected an integer, got '%.40s'", file, (long long)line, col, s);
    if (x < lo || x > hi)
        return gnn_i_error(ctx, GNN_ERANGE, "%s:%lld:%zu: %lld is outside [%lld, %lld]", file, (long long)line, col, x,
                           (long long)lo, (long long)hi);
    *out = x;
    return GNN_SUCCESS;
}

/* Read a file of rows of ncols integers (ncols = 0: any count >= 1 is
 * pushed column by column into cols[0] as a flat list). */
static gnn_status_t read_int_rows(gnn_ctx_t *ctx, const char *path, int ncols, int64_t lo, int64_t hi, i64vec_t *cols,
                                  int allow_empty) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
    int64_t rows = 0;
    for (;;) {
        char *line, *fld[8];
        size_t len, flen[8], fcol[8];
        status = gnn_i_lines_next(ctx, lr, &line, &len);
        if (status < 0) goto fail;
        if (status == 0) break;
        status = GNN_SUCCESS;
        if (gnn_i_is_blank_or_comment(line, len)) continue;
        const int64_t ln = gnn_i_lines_lineno(lr);
        int k = gnn_i_split_fields(line, len, 7, fld, flen, fcol);
        if (k != ncols) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected %d columns, got %s%d", path, (long long)ln, ncols,
                                 k > 7 ? "more than " : "", k > 7 ? 7 : k);
            goto fail;
        }
        for (int c = 0; c < ncols; c++) {
            int64_t x = 0;
            GNN_CHECK(parse_i64(ctx, path, ln, fcol[c], fld[c], lo, hi, &x));
            GNN_CHECK(vpush(ctx, &cols[c], x));
        }
        rows++;
    }
    if (rows == 0 && !allow_empty) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "%s: empty file", path);
        goto fail;
    }
fail:
    gnn_i_lines_close(ctx, &lr);
    return status;
}

static int file_exists(const char *path) {
    FILE *f = fopen(path, "r");
    if (f) fclose(f);
    return f != NULL;
}

static void join(char *buf, size_t size, const char *dir, const char *name) {
    snprintf(buf, size, "%s/%s", dir, name);
}

/* ---------------------------------------------------------------- planetoid */

static gnn_status_t load_planetoid(gnn_ctx_t *ctx, const char *dir, const gnn_opts_t *opts, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    const gnn_i_optgroup_t *G = &gnn_i_group_load;
    char path[4096];
    i64vec_t lab[2] = {{0}}, edge[2] = {{0}}, feat[3] = {{0}}, split = {0};
    gnn_dataset_t *ds = NULL;
    int32_t *src = NULL, *dst = NULL;
    float *fval = NULL;
    gnn_i_lines_t *lr = NULL;
    /* labels: node label, one per node in order */
    join(path, sizeof path, dir, "labels.tsv");
    GNN_CHECK(read_int_rows(ctx, path, 2, -1, INT32_MAX - 1, lab, 0));
    const int64_t n = lab[0].n;
    for (int64_t i = 0; i < n; i++)
        if (lab[0].v[i] != i) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s: row %lld names node %lld; expected node ids 0..n-1 in order", path,
                                 (long long)i + 1, (long long)lab[0].v[i]);
            goto fail;
        }
    join(path, sizeof path, dir, "edges.tsv");
    GNN_CHECK(read_int_rows(ctx, path, 2, 0, n - 1, edge, 0));
    GNN_ALLOC(ctx, src, edge[0].n);
    GNN_ALLOC(ctx, dst, edge[0].n);
    for (int64_t e = 0; e < edge[0].n; e++) src[e] = (int32_t)edge[0].v[e], dst[e] = (int32_t)edge[1].v[e];
    GNN_CHECK(gnn_i_dataset_new(ctx, 1, &ds));
    GNN_CHECK(gnn_i_graph_build32(ctx, n, edge[0].n, src, dst, NULL, NULL, 0, GNN_UNDIRECTED | GNN_DUP_FIRST, NULL, NULL,
                                  &ds->graphs[0]));
    GNN_ALLOC(ctx, ds->node_labels, n);
    memcpy(ds->node_labels, lab[1].v, sizeof(int64_t) * (size_t)n);
    ds->classes = gnn_i_count_classes(ds->node_labels, n);
    /* features (optional): node feat value */
    join(path, sizeof path, dir, "features.tsv");
    if (file_exists(path)) {
        GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
        int64_t maxf = -1;
        i64vec_t vals = {0};
        for (;;) {
            char *line, *fld[4];
            size_t len, flen[4], fcol[4];
            status = gnn_i_lines_next(ctx, lr, &line, &len);
            if (status < 0) {
                vfree(ctx, &vals);
                goto fail;
            }
            if (status == 0) break;
            status = GNN_SUCCESS;
            if (gnn_i_is_blank_or_comment(line, len)) continue;
            const int64_t ln = gnn_i_lines_lineno(lr);
            int k = gnn_i_split_fields(line, len, 3, fld, flen, fcol);
            int64_t node, f;
            if (k != 3) {
                status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected 3 columns (node feature value)", path, (long long)ln);
                vfree(ctx, &vals);
                goto fail;
            }
            status = parse_i64(ctx, path, ln, fcol[0], fld[0], 0, n - 1, &node);
            if (status >= 0) status = parse_i64(ctx, path, ln, fcol[1], fld[1], 0, INT32_MAX, &f);
            char *end;
            double x = strtod(fld[2], &end);
            if (status >= 0 && (end == fld[2] || *end != '\0' || !(x == x)))
                status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: expected a number, got '%.40s'", path, (long long)ln,
                                     fcol[2], fld[2]);
            if (status >= 0) status = vpush(ctx, &feat[0], node);
            if (status >= 0) status = vpush(ctx, &feat[1], f);
            float xf = (float)x;
            int64_t bits = 0;
            memcpy(&bits, &xf, sizeof xf);
            if (status >= 0) status = vpush(ctx, &vals, bits);
            if (status < 0) {
                vfree(ctx, &vals);
                goto fail;
            }
            if (f > maxf) maxf = f;
        }
        int64_t dim = gnn_i_opt_int(opts, G, "feature-dim");
        if (dim == 0) dim = maxf + 1;
        if (maxf >= dim) {
            status = gnn_i_error(ctx, GNN_ERANGE, "%s: feature index %lld is not below feature-dim %lld", path,
                                 (long long)maxf, (long long)dim);
            vfree(ctx, &vals);
            goto fail;
        }
        ds->feat_rows = n;
        ds->feat_dim = dim;
        ds->features = gnn_i_calloc(ctx, (size_t)(n * dim), sizeof(float));
        if (ds->features == NULL && n * dim > 0) {
            vfree(ctx, &vals);
            status = gnn_i_nomem(ctx, "features");
            goto fail;
        }
        for (int64_t i = 0; i < feat[0].n; i++) {
            float xf;
            memcpy(&xf, &vals.v[i], sizeof xf);
            ds->features[feat[0].v[i] * dim + feat[1].v[i]] = xf;
        }
        vfree(ctx, &vals);
        gnn_i_lines_close(ctx, &lr);
    }
    /* splits */
    static const char *split_files[3] = {"train_idx.txt", "val_idx.txt", "test_idx.txt"};
    for (int p = 0; p < 3; p++) {
        join(path, sizeof path, dir, split_files[p]);
        if (!file_exists(path)) continue;
        split.n = 0;
        GNN_CHECK(read_int_rows(ctx, path, 1, 0, n - 1, &split, 0));
        GNN_ALLOC(ctx, ds->split[p], split.n);
        memcpy(ds->split[p], split.v, sizeof(int64_t) * (size_t)split.n);
        ds->split_count[p] = split.n;
    }
    *out = ds;
    ds = NULL;
fail:
    gnn_i_lines_close(ctx, &lr);
    for (int i = 0; i < 2; i++) vfree(ctx, &lab[i]), vfree(ctx, &edge[i]);
    for (int i = 0; i < 3; i++) vfree(ctx, &feat[i]);
    vfree(ctx, &split);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    gnn_i_free(ctx, fval);
    gnn_dataset_destroy(&ds);
    return status;
}

/* ---------------------------------------------------------------- TU */

static gnn_status_t load_tu(gnn_ctx_t *ctx, const char *prefix, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    char path[4096];
    i64vec_t ind = {0}, glab = {0}, nlab = {0}, A[2] = {{0}};
    gnn_dataset_t *ds = NULL;
    int64_t *first = NULL, *gmap = NULL;
    int32_t *src = NULL, *dst = NULL;
    gnn_i_lines_t *lr = NULL;
    snprintf(path, sizeof path, "%s_graph_indicator.txt", prefix);
    GNN_CHECK(read_int_rows(ctx, path, 1, 1, INT32_MAX, &ind, 0));
    const int64_t N = ind.n;
    int64_t ng = 0;
    for (int64_t i = 0; i < N; i++) {
        if (i > 0 && ind.v[i] < ind.v[i - 1]) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: graph ids must not decrease (%lld after %lld)", path,
                                 (long long)i + 1, (long long)ind.v[i], (long long)ind.v[i - 1]);
            goto fail;
        }
        if (ind.v[i] > ng) ng = ind.v[i];
    }
    snprintf(path, sizeof path, "%s_graph_labels.txt", prefix);
    GNN_CHECK(read_int_rows(ctx, path, 1, INT32_MIN, INT32_MAX, &glab, 0));
    if (glab.n != ng) {
        status = gnn_i_error(ctx, GNN_EPARSE, "%s: %lld labels for %lld graphs", path, (long long)glab.n, (long long)ng);
        goto fail;
    }
    /* first node of each graph (1-based graph ids; a graph may have no node) */
    GNN_ALLOC(ctx, first, ng + 2);
    {
        int64_t g = 0;
        for (int64_t i = 0; i < N; i++)
            while (g < ind.v[i]) first[++g] = i; /* graph g starts at node i */
        while (g <= ng) first[++g] = N;
    }
    snprintf(path, sizeof path, "%s_A.txt", prefix);
    GNN_CHECK(read_int_rows(ctx, path, 2, 1, N, A, 1));
    GNN_CHECK(gnn_i_dataset_new(ctx, ng, &ds));
    /* edges are sorted by graph in TU files, but do not rely on it: bucket them */
    {
        int64_t *cnt = NULL, *pos = NULL, *order = NULL;
        GNN_CALLOC(ctx, cnt, ng + 1);
        for (int64_t e = 0; e < A[0].n; e++) {
            int64_t a = A[0].v[e] - 1, b = A[1].v[e] - 1;
            if (ind.v[a] != ind.v[b]) {
                gnn_i_free(ctx, cnt);
                status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: edge %lld - %lld joins graphs %lld and %lld", path,
                                     (long long)e + 1, (long long)a + 1, (long long)b + 1, (long long)ind.v[a],
                                     (long long)ind.v[b]);
                goto fail;
            }
            cnt[ind.v[a]]++;
        }
        pos = gnn_i_malloc_n(ctx, (size_t)(ng + 2), sizeof *pos);
        order = gnn_i_malloc_n(ctx, (size_t)(A[0].n > 0 ? A[0].n : 1), sizeof *order);
        src = gnn_i_malloc_n(ctx, (size_t)(A[0].n > 0 ? A[0].n : 1), sizeof *src);
        dst = gnn_i_malloc_n(ctx, (size_t)(A[0].n > 0 ? A[0].n : 1), sizeof *dst);
        if (!pos || !order || !src || !dst) {
            gnn_i_free(ctx, cnt);
            gnn_i_free(ctx, pos);
            gnn_i_free(ctx, order);
            status = gnn_i_nomem(ctx, "TU edges");
            goto fail;
        }
        pos[1] = 0;
        for (int64_t g = 1; g <= ng; g++) pos[g + 1] = pos[g] + cnt[g];
        int64_t *next = cnt; /* reuse as cursor */
        for (int64_t g = 1; g <= ng; g++) next[g] = pos[g];
        for (int64_t e = 0; e < A[0].n; e++) order[next[ind.v[A[0].v[e] - 1]]++] = e;
        for (int64_t g = 1; g <= ng && status >= 0; g++) {
            const int64_t base = first[g], nn = first[g + 1] - first[g];
            int64_t m = 0;
            for (int64_t k = pos[g]; k < pos[g + 1]; k++) {
                src[m] = (int32_t)(A[0].v[order[k]] - 1 - base);
                dst[m] = (int32_t)(A[1].v[order[k]] - 1 - base);
                m++;
            }
            if (nn == 0) {
                status = gnn_i_error(ctx, GNN_EPARSE, "%s_graph_indicator.txt: graph %lld has no nodes", prefix, (long long)g);
                break;
            }
            /* both directions are listed (sometimes repeatedly): build directed
             * arcs, keep one of each, then mark undirected */
            status = gnn_i_graph_build_undirected32(ctx, nn, m, src, dst, &ds->graphs[g - 1]);
        }
        gnn_i_free(ctx, cnt);
        gnn_i_free(ctx, pos);
        gnn_i_free(ctx, order);
        if (status < 0) goto fail;
    }
    /* graph labels -> 0..C-1 in sorted order of the distinct values */
    GNN_CHECK(gnn_i_dataset_set_graph_labels(ctx, ds, glab.v));
    /* node features: one-hot node labels, then attributes */
    int64_t nl_dim = 0, attr_dim = 0;
    snprintf(path, sizeof path, "%s_node_labels.txt", prefix);
    int64_t *lmap = NULL;
    if (file_exists(path)) {
        GNN_CHECK(read_int_rows(ctx, path, 1, INT32_MIN, INT32_MAX, &nlab, 0));
        if (nlab.n != N) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s: %lld node labels for %lld nodes", path, (long long)nlab.n, (long long)N);
            goto fail;
        }
        GNN_CHECK(gnn_i_distinct_sorted(ctx, nlab.v, N, &gmap, &nl_dim));
        lmap = gmap;
    }
    snprintf(path, sizeof path, "%s_node_attributes.txt", prefix);
    float *attr = NULL;
    if (file_exists(path)) {
        GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
        int64_t row = 0;
        for (;;) {
            char *line, *fld[65];
            size_t len, flen[65], fcol[65];
            status = gnn_i_lines_next(ctx, lr, &line, &len);
            if (status < 0) goto attr_fail;
            if (status == 0) break;
            status = GNN_SUCCESS;
            if (gnn_i_is_blank_or_comment(line, len)) continue;
            int k = gnn_i_split_fields(line, len, 64, fld, flen, fcol);
            if (k > 64 || (attr_dim && k != attr_dim) || row >= N) {
                status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected %lld attributes, got %d (or more rows than nodes)",
                                     path, (long long)gnn_i_lines_lineno(lr), (long long)attr_dim, k);
                goto attr_fail;
            }
            if (attr == NULL) {
                attr_dim = k;
                attr = gnn_i_malloc_n(ctx, (size_t)(N * attr_dim), sizeof *attr);
                if (attr == NULL) {
                    status = gnn_i_nomem(ctx, "node attributes");
                    goto attr_fail;
                }
            }
            for (int c = 0; c < k; c++) {
                char *end;
                double x = strtod(fld[c], &end);
                if (end == fld[c] || *end != '\0') {
                    status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: expected a number, got '%.40s'", path,
                                         (long long)gnn_i_lines_lineno(lr), fcol[c], fld[c]);
                    goto attr_fail;
                }
                attr[row * attr_dim + c] = (float)x;
            }
            row++;
        }
        if (row != N) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s: %lld attribute rows for %lld nodes", path, (long long)row, (long long)N);
            goto attr_fail;
        }
        gnn_i_lines_close(ctx, &lr);
    }
    ds->feat_rows = N;
    ds->feat_dim = nl_dim + attr_dim;
    ds->feat_label_dim = nl_dim;
    if (ds->feat_dim > 0) {
        ds->features = gnn_i_calloc(ctx, (size_t)(N * ds->feat_dim), sizeof(float));
        if (ds->features == NULL) {
            status = gnn_i_nomem(ctx, "node features");
            goto attr_fail;
        }
        for (int64_t i = 0; i < N; i++) {
            if (lmap) ds->features[i * ds->feat_dim + gnn_i_rank_of(lmap, nl_dim, nlab.v[i])] = 1.0f;
            for (int64_t c = 0; c < attr_dim; c++) ds->features[i * ds->feat_dim + nl_dim + c] = attr[i * attr_dim + c];
        }
    }
    gnn_i_free(ctx, attr);
    *out = ds;
    ds = NULL;
    goto fail;
attr_fail:
    gnn_i_free(ctx, attr);
fail:
    gnn_i_lines_close(ctx, &lr);
    vfree(ctx, &ind), vfree(ctx, &glab), vfree(ctx, &nlab), vfree(ctx, &A[0]), vfree(ctx, &A[1]);
    gnn_i_free(ctx, first);
    gnn_i_free(ctx, gmap);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    gnn_dataset_destroy(&ds);
    return status;
}

/* ---------------------------------------------------------------- knowledge graphs */

/* paths: train (required), valid and test (NULL: an empty part) */
static gnn_status_t load_kg_files(gnn_ctx_t *ctx, const char *const paths[3], gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    const char *path;
    gnn_i_names_t *ent = NULL, *rel = NULL;
    i64vec_t h[3] = {{0}}, r[3] = {{0}}, t[3] = {{0}};
    gnn_dataset_t *ds = NULL;
    int32_t *src = NULL, *dst = NULL, *typ = NULL;
    gnn_i_lines_t *lr = NULL;
    GNN_CHECK(gnn_i_names_create(ctx, &ent));
    GNN_CHECK(gnn_i_names_create(ctx, &rel));
    for (int p = 0; p < 3; p++) {
        path = paths[p];
        if (path == NULL) continue;
        GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
        for (;;) {
            char *line;
            size_t len;
            status = gnn_i_lines_next(ctx, lr, &line, &len);
            if (status < 0) goto fail;
            if (status == 0) break;
            status = GNN_SUCCESS;
            if (gnn_i_is_blank_or_comment(line, len)) continue;
            /* tab-separated: names may contain blanks */
            char *f[4];
            int k = 0;
            f[k++] = line;
            for (size_t i = 0; i < len && k < 4; i++)
                if (line[i] == '\t') line[i] = '\0', f[k++] = line + i + 1;
            if (k != 3) {
                status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected 3 tab-separated columns (head relation tail), got %d",
                                     path, (long long)gnn_i_lines_lineno(lr), k);
                goto fail;
            }
            int64_t a, b, c;
            int added;
            GNN_CHECK(gnn_i_names_intern(ctx, ent, f[0], strlen(f[0]), &a, &added));
            GNN_CHECK(gnn_i_names_intern(ctx, rel, f[1], strlen(f[1]), &b, &added));
            GNN_CHECK(gnn_i_names_intern(ctx, ent, f[2], strlen(f[2]), &c, &added));
            GNN_CHECK(vpush(ctx, &h[p], a));
            GNN_CHECK(vpush(ctx, &r[p], b));
            GNN_CHECK(vpush(ctx, &t[p], c));
        }
        gnn_i_lines_close(ctx, &lr);
        if (h[p].n == 0) {
            status = gnn_i_error(ctx, GNN_EEMPTY, "%s: no triples", path);
            goto fail;
        }
    }
    GNN_CHECK(gnn_i_dataset_new(ctx, 1, &ds));
    {
        const int64_t m = h[0].n;
        GNN_ALLOC(ctx, src, m);
        GNN_ALLOC(ctx, dst, m);
        GNN_ALLOC(ctx, typ, m);
        for (int64_t e = 0; e < m; e++) src[e] = (int32_t)h[0].v[e], dst[e] = (int32_t)t[0].v[e], typ[e] = (int32_t)r[0].v[e];
        GNN_CHECK(gnn_i_graph_build32(ctx, ent->count, m, src, dst, NULL, typ, rel->count, GNN_DIRECTED | GNN_DUP_KEEP,
                                      NULL, NULL, &ds->graphs[0]));
        ds->graphs[0]->node_names = ent;
        ds->graphs[0]->rel_names = rel;
        ent = rel = NULL;
    }
    for (int p = 0; p < 3; p++) {
        ds->triple_count[p] = h[p].n;
        ds->th[p] = h[p].v, ds->tr[p] = r[p].v, ds->tt[p] = t[p].v;
        h[p].v = r[p].v = t[p].v = NULL;
    }
    *out = ds;
    ds = NULL;
fail:
    gnn_i_lines_close(ctx, &lr);
    gnn_i_names_destroy(ctx, &ent);
    gnn_i_names_destroy(ctx, &rel);
    for (int p = 0; p < 3; p++) vfree(ctx, &h[p]), vfree(ctx, &r[p]), vfree(ctx, &t[p]);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    gnn_i_free(ctx, typ);
    gnn_dataset_destroy(&ds);
    return status;
}

static gnn_status_t load_kg(gnn_ctx_t *ctx, const char *dir, gnn_dataset_t **out) {
    char p[3][4096];
    static const char *files[3] = {"train.tsv", "valid.tsv", "test.tsv"};
    for (int i = 0; i < 3; i++) join(p[i], sizeof p[i], dir, files[i]);
    const char *const paths[3] = {p[0], p[1], p[2]};
    return load_kg_files(ctx, paths, out);
}

gnn_status_t gnn_dataset_load_triples(gnn_ctx_t *ctx, const char *train, const char *valid, const char *test,
                                      gnn_dataset_t **out) {
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL || train == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dataset_load_triples: NULL training file or out");
    *out = NULL;
    const char *const paths[3] = {train, valid, test};
    return load_kg_files(ctx, paths, out);
}

/* ---------------------------------------------------------------- SEAL split folders */

static gnn_status_t load_seal(gnn_ctx_t *ctx, const char *dir, const gnn_opts_t *opts, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    const gnn_i_optgroup_t *G = &gnn_i_group_load;
    char path[4096];
    i64vec_t pr[3][2][2];
    gnn_dataset_t *ds = NULL;
    gnn_graph_t *full = NULL;
    int32_t *src = NULL, *dst = NULL;
    memset(pr, 0, sizeof pr);
    static const char *part[3] = {"train", "valid", "test"};
    int64_t n = 0;
    const char *gfile = gnn_i_opt_string(opts, G, "graph");
    if (gfile != NULL) {
        gnn_opts_t *ro = NULL;
        if (gnn_opts_create(&ro) != GNN_SUCCESS) return gnn_i_nomem(ctx, "options");
        gnn_opts_set(ro, "directed", gnn_i_opt_int(opts, G, "directed") ? "1" : "0");
        gnn_opts_set(ro, "ids", "int");
        status = gnn_graph_read(ctx, gfile, ro, &full);
        gnn_opts_destroy(&ro);
        if (status < 0) goto fail;
        n = full->n;
    }
    for (int p = 0; p < 3; p++)
        for (int q = 0; q < 2; q++) {
            snprintf(path, sizeof path, "%s/%s_%s.tsv", dir, part[p], q ? "pos" : "neg");
            if (p == 1 && !file_exists(path)) continue; /* validation is optional */
            GNN_CHECK(read_int_rows(ctx, path, 2, 0, n > 0 ? n - 1 : INT32_MAX - 1, pr[p][q], 0));
        }
    if (n == 0) {
        for (int p = 0; p < 3; p++)
            for (int q = 0; q < 2; q++)
                for (int c = 0; c < 2; c++)
                    for (int64_t i = 0; i < pr[p][q][c].n; i++)
                        if (pr[p][q][c].v[i] + 1 > n) n = pr[p][q][c].v[i] + 1;
    }
    GNN_CHECK(gnn_i_dataset_new(ctx, 1, &ds));
    {
        const int64_t m = pr[0][1][0].n;
        GNN_ALLOC(ctx, src, m);
        GNN_ALLOC(ctx, dst, m);
        for (int64_t e = 0; e < m; e++) src[e] = (int32_t)pr[0][1][0].v[e], dst[e] = (int32_t)pr[0][1][1].v[e];
        const int directed = (int)gnn_i_opt_int(opts, G, "directed");
        GNN_CHECK(gnn_i_graph_build32(ctx, n, m, src, dst, NULL, NULL, 0, (directed ? GNN_DIRECTED : GNN_UNDIRECTED) | GNN_DUP_FIRST,
                                      NULL, NULL, &ds->graphs[0]));
    }
    for (int p = 0; p < 3; p++)
        for (int q = 0; q < 2; q++) {
            ds->pair_count[p][q] = pr[p][q][0].n;
            ds->pair_src[p][q] = pr[p][q][0].v;
            ds->pair_dst[p][q] = pr[p][q][1].v;
            pr[p][q][0].v = pr[p][q][1].v = NULL;
        }
    *out = ds;
    ds = NULL;
fail:
    for (int p = 0; p < 3; p++)
        for (int q = 0; q < 2; q++) vfree(ctx, &pr[p][q][0]), vfree(ctx, &pr[p][q][1]);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    gnn_graph_destroy(&full);
    gnn_dataset_destroy(&ds);
    return status;
}

gnn_status_t gnn_dataset_load(gnn_ctx_t *ctx, const char *layout, const char *path, const gnn_opts_t *opts,
                              gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dataset_load: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, path != NULL && path[0] != '\0', "gnn_dataset_load: empty path");
    GNN_CHECK(gnn_opts_validate(ctx, opts, "load"));
    if (layout && strcmp(layout, "planetoid") == 0) status = load_planetoid(ctx, path, opts, out);
    else if (layout && strcmp(layout, "tu") == 0) status = load_tu(ctx, path, out);
    else if (layout && strcmp(layout, "kg") == 0) status = load_kg(ctx, path, out);
    else if (layout && strcmp(layout, "seal") == 0) status = load_seal(ctx, path, opts, out);
    else if (layout && strcmp(layout, "graphs-tsv") == 0) status = gnn_i_load_graphs_tsv(ctx, path, out);
    else if (layout && strcmp(layout, "ppgn") == 0) status = gnn_i_load_ppgn(ctx, path, out);
    else if (layout && strcmp(layout, "graph6") == 0) status = gnn_i_load_graph6(ctx, path, out);
    else
        status = gnn_i_error(ctx, GNN_EINVAL, "unknown dataset layout '%s' (planetoid, tu, kg, seal, graphs-tsv, ppgn, graph6)",
                             layout ? layout : "(null)");
fail:
    return status;
}
