/* loaders_multi.c: multi-graph layouts for graph classification and
 * expressivity benchmarks, wired into gnn_dataset_load as
 *   "graphs-tsv"  DIR/edges.tsv (graph u v) and optional DIR/graph_labels.tsv
 *                 (graph label), or one edge file of graph u v lines;
 *   "ppgn"        the PPGN text format (EXP, CEXP);
 *   "graph6"      one graph6 graph per line (SR families).
 * Every graph is undirected and simple: both directions are stored as arcs
 * (duplicates kept once) and the graph is marked undirected, as the "tu"
 * loader does; self-loops are refused.  Graph labels become 0..C-1 in sorted
 * order of their distinct values.  Every error names the file and line; ids
 * in messages are those of the file; nothing is returned on error. */
#include "dataset.h"
#include "../lib/io/lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- helpers */

/* p with room for `need` elements of `elem` bytes (capacity *cap), or NULL
 * when out of memory (p is then still valid and owned by the caller). */
static void *grow(gnn_ctx_t *ctx, void *p, int64_t *cap, int64_t need, size_t elem) {
    if (need <= *cap) return p;
    int64_t nc = *cap ? *cap : 256;
    while (nc < need) nc *= 2;
    void *q = gnn_i_realloc_n(ctx, p, (size_t)nc, elem);
    if (q != NULL) *cap = nc;
    return q;
}

/* Room for `need` arcs in both src and dst (capacity *cap). */
static gnn_status_t grow_arcs(gnn_ctx_t *ctx, int32_t **src, int32_t **dst, int64_t *cap, int64_t need) {
    if (need <= *cap) return GNN_SUCCESS;
    int64_t nc = *cap ? *cap : 256;
    while (nc < need) nc *= 2;
    int32_t *p = gnn_i_realloc_n(ctx, *src, (size_t)nc, sizeof *p);
    if (p == NULL) return gnn_i_nomem(ctx, "arcs");
    *src = p;
    p = gnn_i_realloc_n(ctx, *dst, (size_t)nc, sizeof *p);
    if (p == NULL) return gnn_i_nomem(ctx, "arcs");
    *dst = p;
    *cap = nc;
    return GNN_SUCCESS;
}

static gnn_status_t parse_i64(gnn_ctx_t *ctx, const char *file, int64_t line, size_t col, const char *s, int64_t lo,
                              int64_t hi, const char *what, int64_t *out) {
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE)
        return gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: expected an integer (%s), got '%.40s'", file, (long long)line,
                           col, what, s);
    if (x < lo || x > hi)
        return gnn_i_error(ctx, GNN_ERANGE, "%s:%lld:%zu: %s %lld is outside [%lld, %lld]", file, (long long)line, col,
                           what, x, (long long)lo, (long long)hi);
    *out = x;
    return GNN_SUCCESS;
}

/* The next blank- or tab-separated integer of line from *pos: 1 with *out
 * and *col (1-based), 0 at the end of the line, < 0 on a parse error. */
static gnn_status_t next_int(gnn_ctx_t *ctx, const char *file, int64_t ln, char *line, size_t len, size_t *pos,
                             int64_t lo, int64_t hi, const char *what, int64_t *out, size_t *col) {
    size_t i = *pos;
    while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i >= len) {
        *pos = len;
        return 0;
    }
    size_t st = i;
    while (i < len && line[i] != ' ' && line[i] != '\t') i++;
    line[i] = '\0'; /* i <= len, and line[len] is the NUL already */
    *pos = i < len ? i + 1 : len;
    *col = st + 1;
    gnn_status_t status = parse_i64(ctx, file, ln, st + 1, line + st, lo, hi, what, out);
    return status < 0 ? status : 1;
}

/* Column (1-based) of the first non-blank character from pos, or 0. */
static size_t extra_col(const char *line, size_t len, size_t pos) {
    while (pos < len && (line[pos] == ' ' || line[pos] == '\t')) pos++;
    return pos < len ? pos + 1 : 0;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sorted distinct values of raw[0..n) into *distinct (count *k). */
gnn_status_t gnn_i_distinct_sorted(gnn_ctx_t *ctx, const int64_t *raw, int64_t n, int64_t **distinct, int64_t *k) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *d = NULL;
    GNN_ALLOC(ctx, d, n > 0 ? n : 1);
    if (n > 0) memcpy(d, raw, sizeof(int64_t) * (size_t)n);
    qsort(d, (size_t)n, sizeof *d, cmp_i64);
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++)
        if (i == 0 || d[i] != d[i - 1]) d[c++] = d[i];
    *distinct = d;
    *k = c;
fail:
    return status;
}

/* Index of x in sorted d[0..k) (x is present). */
int64_t gnn_i_rank_of(const int64_t *d, int64_t k, int64_t x) {
    int64_t lo = 0, hi = k - 1;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (d[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ds->graph_labels and ds->classes from raw labels (one per graph). */
gnn_status_t gnn_i_dataset_set_graph_labels(gnn_ctx_t *ctx, gnn_dataset_t *ds, const int64_t *raw) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *d = NULL, C = 0;
    GNN_CHECK(gnn_i_distinct_sorted(ctx, raw, ds->ngraphs, &d, &C));
    GNN_ALLOC(ctx, ds->graph_labels, ds->ngraphs);
    for (int64_t i = 0; i < ds->ngraphs; i++) ds->graph_labels[i] = gnn_i_rank_of(d, C, raw[i]);
    ds->classes = C;
fail:
    gnn_i_free(ctx, d);
    return status;
}

/* An undirected simple graph from arcs listing both directions (repeats are
 * kept once). */
gnn_status_t gnn_i_graph_build_undirected32(gnn_ctx_t *ctx, int64_t n, int64_t arcs, const int32_t *src, const int32_t *dst,
                                     gnn_graph_t **out) {
    gnn_status_t status =
        gnn_i_graph_build32(ctx, n, arcs, src, dst, NULL, NULL, 0, GNN_DIRECTED | GNN_DUP_FIRST, NULL, NULL, out);
    if (status >= 0) (*out)->directed = 0;
    return status;
}

/* Next line that is not blank (only blanks and tabs): 1, 0 at the end, < 0. */
static gnn_status_t next_nonblank(gnn_ctx_t *ctx, gnn_i_lines_t *lr, char **line, size_t *len) {
    for (;;) {
        gnn_status_t status = gnn_i_lines_next(ctx, lr, line, len);
        if (status <= 0) return status;
        size_t i = 0;
        while (i < *len && ((*line)[i] == ' ' || (*line)[i] == '\t')) i++;
        if (i < *len) return 1;
    }
}

/* ---------------------------------------------------------------- graphs-tsv */

typedef struct tsv_edge {
    int64_t line;
    int32_t g, u, v;
} tsv_edge_t;

typedef struct tsv_label {
    int64_t line, label;
    int32_t g;
} tsv_label_t;

static int cmp_tsv_edge(const void *a, const void *b) {
    const tsv_edge_t *x = a, *y = b;
    if (x->g != y->g) return (x->g > y->g) - (x->g < y->g);
    return (x->line > y->line) - (x->line < y->line);
}

static int cmp_tsv_label(const void *a, const void *b) {
    const tsv_label_t *x = a, *y = b;
    if (x->g != y->g) return (x->g > y->g) - (x->g < y->g);
    return (x->line > y->line) - (x->line < y->line);
}

/* Rows of a graphs-tsv file: ncols 3 reads "graph u v" edges into *edges,
 * ncols 2 "graph label" rows into *labels; graph and node ids are in
 * [0, INT32_MAX - 1]. */
static gnn_status_t read_tsv_rows(gnn_ctx_t *ctx, const char *path, int ncols, tsv_edge_t **edges, tsv_label_t **labels,
                                  int64_t *count) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    int64_t cap = 0, k = 0;
    GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
    for (;;) {
        char *line, *fld[4];
        size_t len, flen[4], fcol[4];
        status = gnn_i_lines_next(ctx, lr, &line, &len);
        if (status < 0) goto fail;
        if (status == 0) break;
        status = GNN_SUCCESS;
        if (gnn_i_is_blank_or_comment(line, len)) continue;
        const int64_t ln = gnn_i_lines_lineno(lr);
        int nf = gnn_i_split_fields(line, len, 3, fld, flen, fcol);
        if (nf != ncols) {
            status =
                gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected %d columns (%s), got %s%d", path, (long long)ln, ncols,
                            ncols == 3 ? "graph u v" : "graph label", nf > 3 ? "more than " : "", nf > 3 ? 3 : nf);
            goto fail;
        }
        int64_t g, a, b = 0;
        GNN_CHECK(parse_i64(ctx, path, ln, fcol[0], fld[0], 0, INT32_MAX - 1, "graph id", &g));
        if (ncols == 3) {
            GNN_CHECK(parse_i64(ctx, path, ln, fcol[1], fld[1], 0, INT32_MAX - 1, "node id", &a));
            GNN_CHECK(parse_i64(ctx, path, ln, fcol[2], fld[2], 0, INT32_MAX - 1, "node id", &b));
            if (a == b) {
                status =
                    gnn_i_error(ctx, GNN_ESELFLOOP, "%s:%lld:%zu: self-loop %lld - %lld in graph %lld is not allowed",
                                path, (long long)ln, fcol[2], (long long)a, (long long)b, (long long)g);
                goto fail;
            }
            tsv_edge_t *p = grow(ctx, *edges, &cap, k + 1, sizeof *p);
            if (p == NULL) {
                status = gnn_i_nomem(ctx, "edges");
                goto fail;
            }
            *edges = p;
            (*edges)[k] = (tsv_edge_t){ln, (int32_t)g, (int32_t)a, (int32_t)b};
        } else {
            GNN_CHECK(parse_i64(ctx, path, ln, fcol[1], fld[1], INT32_MIN, INT32_MAX, "graph label", &a));
            tsv_label_t *p = grow(ctx, *labels, &cap, k + 1, sizeof *p);
            if (p == NULL) {
                status = gnn_i_nomem(ctx, "graph labels");
                goto fail;
            }
            *labels = p;
            (*labels)[k] = (tsv_label_t){ln, a, (int32_t)g};
        }
        k++;
    }
    *count = k;
fail:
    gnn_i_lines_close(ctx, &lr);
    return status;
}

/* Graph g has nodes 0..max id of its edges: a node with no edge above the
 * largest id of a graph cannot be expressed.  Graphs are 0..G-1, G = 1 + the
 * largest graph id of either file; every graph needs at least one edge, and
 * when the label file exists, exactly one label. */
gnn_status_t gnn_i_load_graphs_tsv(gnn_ctx_t *ctx, const char *dir, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    char epath[4096], lpath[4096];
    tsv_edge_t *E = NULL;
    tsv_label_t *L = NULL;
    int64_t ne = 0, nl = 0, *raw = NULL;
    int32_t *src = NULL, *dst = NULL;
    int64_t acap = 0;
    gnn_dataset_t *ds = NULL;
    int has_labels = 0;
    struct stat st;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, out != NULL && dir != NULL && dir[0] != '\0', "graphs-tsv: empty path or NULL out");
    *out = NULL;
    if (stat(dir, &st) != 0) return gnn_i_error(ctx, GNN_EIO, "%s: cannot open: %s", dir, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        if ((size_t)snprintf(epath, sizeof epath, "%s/edges.tsv", dir) >= sizeof epath ||
            (size_t)snprintf(lpath, sizeof lpath, "%s/graph_labels.tsv", dir) >= sizeof lpath)
            return gnn_i_error(ctx, GNN_EINVAL, "%s: path too long", dir);
        has_labels = stat(lpath, &st) == 0;
    } else {
        if ((size_t)snprintf(epath, sizeof epath, "%s", dir) >= sizeof epath)
            return gnn_i_error(ctx, GNN_EINVAL, "%s: path too long", dir);
    }
    GNN_CHECK(read_tsv_rows(ctx, epath, 3, &E, NULL, &ne));
    if (ne == 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "%s: no edges", epath);
        goto fail;
    }
    if (has_labels) GNN_CHECK(read_tsv_rows(ctx, lpath, 2, NULL, &L, &nl));
    qsort(E, (size_t)ne, sizeof *E, cmp_tsv_edge);
    if (nl > 0) qsort(L, (size_t)nl, sizeof *L, cmp_tsv_label);
    for (int64_t i = 1; i < nl; i++)
        if (L[i].g == L[i - 1].g) {
            status = gnn_i_error(ctx, GNN_EDUPLICATE, "%s:%lld: second label for graph %d (the first is on line %lld)",
                                 lpath, (long long)L[i].line, L[i].g, (long long)L[i - 1].line);
            goto fail;
        }
    /* every graph 0..G-1 has edges (so G <= ne: nothing is sized by a bad id) */
    int64_t G = (int64_t)E[ne - 1].g + 1;
    if (nl > 0 && L[nl - 1].g >= G) {
        status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: graph %d has a label but no edge in %s", lpath,
                             (long long)L[nl - 1].line, L[nl - 1].g, epath);
        goto fail;
    }
    for (int64_t i = 0, g = 0; i < ne; g++) {
        if (E[i].g != g) {
            status = gnn_i_error(ctx, GNN_EPARSE,
                                 "%s:%lld: graph %lld has no edge, but graph %d does (graph ids must be 0..G-1 and "
                                 "every graph needs an edge)",
                                 epath, (long long)E[i].line, (long long)g, E[i].g);
            goto fail;
        }
        while (i < ne && E[i].g == g) i++;
    }
    if (has_labels) {
        /* with G graphs all present and labels distinct and below G, nl == G
         * unless some graph is missing: find it */
        for (int64_t i = 0, j = 0; i < ne; i++) {
            if (i > 0 && E[i].g == E[i - 1].g) continue;
            if (j < nl && L[j].g == E[i].g) {
                j++;
                continue;
            }
            status = gnn_i_error(ctx, GNN_EPARSE, "%s: no label for graph %d (its first edge is %s:%lld)", lpath,
                                 E[i].g, epath, (long long)E[i].line);
            goto fail;
        }
    }
    GNN_CHECK(gnn_i_dataset_new(ctx, G, &ds));
    for (int64_t i = 0; i < ne;) {
        const int32_t g = E[i].g;
        int64_t j = i, maxid = 0;
        while (j < ne && E[j].g == g) {
            if (E[j].u > maxid) maxid = E[j].u;
            if (E[j].v > maxid) maxid = E[j].v;
            j++;
        }
        GNN_CHECK(grow_arcs(ctx, &src, &dst, &acap, 2 * (j - i)));
        int64_t m = 0;
        for (int64_t k = i; k < j; k++) {
            src[m] = E[k].u, dst[m] = E[k].v, m++;
            src[m] = E[k].v, dst[m] = E[k].u, m++;
        }
        GNN_CHECK(gnn_i_graph_build_undirected32(ctx, maxid + 1, m, src, dst, &ds->graphs[g]));
        i = j;
    }
    if (has_labels) {
        GNN_ALLOC(ctx, raw, G);
        for (int64_t i = 0; i < nl; i++) raw[L[i].g] = L[i].label;
        GNN_CHECK(gnn_i_dataset_set_graph_labels(ctx, ds, raw));
    }
    *out = ds;
    ds = NULL;
fail:
    gnn_i_free(ctx, E);
    gnn_i_free(ctx, L);
    gnn_i_free(ctx, raw);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    gnn_dataset_destroy(&ds);
    return status;
}

/* ---------------------------------------------------------------- graph lists */

/* Graphs collected before their count is known (a bad count in a header
 * must not size anything). */
typedef struct glist {
    gnn_graph_t **g;
    int64_t n, cap;
} glist_t;

static gnn_status_t glist_push(gnn_ctx_t *ctx, glist_t *l, gnn_graph_t **g) {
    gnn_graph_t **p = grow(ctx, l->g, &l->cap, l->n + 1, sizeof *p);
    if (p == NULL) return gnn_i_nomem(ctx, "graphs");
    l->g = p;
    l->g[l->n++] = *g;
    *g = NULL;
    return GNN_SUCCESS;
}

static void glist_free(gnn_ctx_t *ctx, glist_t *l) {
    for (int64_t i = 0; i < l->n; i++) gnn_graph_destroy(&l->g[i]);
    gnn_i_free(ctx, l->g);
    memset(l, 0, sizeof *l);
}

/* A dataset taking the graphs of l (l is left empty). */
static gnn_status_t glist_dataset(gnn_ctx_t *ctx, glist_t *l, gnn_dataset_t **out) {
    gnn_status_t status = gnn_i_dataset_new(ctx, l->n, out);
    if (status < 0) return status;
    for (int64_t i = 0; i < l->n; i++) (*out)->graphs[i] = l->g[i], l->g[i] = NULL;
    l->n = 0;
    return GNN_SUCCESS;
}

/* ---------------------------------------------------------------- PPGN */

/* Line 1: G.  Per graph: "n label", then n lines "node_label deg nbr...".
 * The adjacency must be symmetric; node labels become one-hot features
 * (stacked over the graphs in order, columns in sorted label order). */
gnn_status_t gnn_i_load_ppgn(gnn_ctx_t *ctx, const char *path, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    glist_t gl = {0};
    gnn_graph_t *g = NULL;
    gnn_dataset_t *ds = NULL;
    int64_t *glab = NULL, *nlab = NULL, *nline = NULL, *key = NULL, *distinct = NULL;
    int64_t gcap = 0, ncap = 0, lcap = 0, kcap = 0, acap = 0, N = 0;
    int32_t *src = NULL, *dst = NULL;
    char *line;
    size_t len, pos, col;
    int64_t G = 0, ln = 0, ln0 = 0;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, out != NULL && path != NULL && path[0] != '\0', "ppgn: empty path or NULL out");
    *out = NULL;
    GNN_CHECK(gnn_i_lines_open(ctx, path, 1 << 20, &lr));
    status = next_nonblank(ctx, lr, &line, &len);
    if (status < 0) goto fail;
    if (status == 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "%s: empty file", path);
        goto fail;
    }
    ln0 = gnn_i_lines_lineno(lr);
    pos = 0;
    GNN_CHECK(next_int(ctx, path, ln0, line, len, &pos, 1, INT32_MAX, "graph count", &G, &col));
    if ((col = extra_col(line, len, pos)) > 0) {
        status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: expected one integer (the number of graphs)", path,
                             (long long)ln0, col);
        goto fail;
    }
    for (int64_t gi = 0; gi < G; gi++) {
        int64_t n, label;
        status = next_nonblank(ctx, lr, &line, &len);
        if (status < 0) goto fail;
        if (status == 0) {
            status = gnn_i_error(ctx, GNN_EPARSE,
                                 "%s:%lld: truncated: end of file after %lld of the %lld graphs announced on line %lld",
                                 path, (long long)gnn_i_lines_lineno(lr), (long long)gi, (long long)G, (long long)ln0);
            goto fail;
        }
        ln = gnn_i_lines_lineno(lr);
        pos = 0;
        status = next_int(ctx, path, ln, line, len, &pos, 1, INT32_MAX - 1, "node count", &n, &col);
        if (status > 0)
            status = next_int(ctx, path, ln, line, len, &pos, INT32_MIN, INT32_MAX, "graph label", &label, &col);
        if (status == 0 || (status > 0 && (col = extra_col(line, len, pos)) > 0))
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: expected 'n graph_label' for graph %lld", path,
                                 (long long)ln, (long long)gi);
        if (status < 0) goto fail;
        status = GNN_SUCCESS;
        int64_t *p = grow(ctx, glab, &gcap, gi + 1, sizeof *p);
        if (p == NULL) goto nomem;
        glab = p;
        glab[gi] = label;
        p = grow(ctx, nline, &lcap, n, sizeof *p);
        if (p == NULL) goto nomem;
        nline = p;
        int64_t m = 0;
        for (int64_t v = 0; v < n; v++) {
            int64_t nl, deg;
            status = next_nonblank(ctx, lr, &line, &len);
            if (status < 0) goto fail;
            if (status == 0) {
                status = gnn_i_error(ctx, GNN_EPARSE,
                                     "%s:%lld: truncated: end of file before node %lld of graph %lld (%lld nodes "
                                     "announced on line %lld)",
                                     path, (long long)gnn_i_lines_lineno(lr), (long long)v, (long long)gi, (long long)n,
                                     (long long)ln);
                goto fail;
            }
            const int64_t vl = gnn_i_lines_lineno(lr);
            pos = 0;
            status = next_int(ctx, path, vl, line, len, &pos, INT32_MIN, INT32_MAX, "node label", &nl, &col);
            if (status > 0) status = next_int(ctx, path, vl, line, len, &pos, 0, n - 1, "degree", &deg, &col);
            if (status == 0)
                status = gnn_i_error(ctx, GNN_EPARSE,
                                     "%s:%lld: expected 'node_label deg nbr...' for node %lld of graph %lld", path,
                                     (long long)vl, (long long)v, (long long)gi);
            if (status < 0) goto fail;
            status = GNN_SUCCESS;
            GNN_CHECK(grow_arcs(ctx, &src, &dst, &acap, m + deg));
            for (int64_t k = 0; k < deg; k++) {
                int64_t u;
                status = next_int(ctx, path, vl, line, len, &pos, 0, n - 1, "neighbour", &u, &col);
                if (status == 0)
                    status = gnn_i_error(ctx, GNN_EPARSE,
                                         "%s:%lld: node %lld of graph %lld has degree %lld but %lld neighbours", path,
                                         (long long)vl, (long long)v, (long long)gi, (long long)deg, (long long)k);
                if (status < 0) goto fail;
                if (u == v) {
                    status = gnn_i_error(ctx, GNN_ESELFLOOP,
                                         "%s:%lld:%zu: self-loop at node %lld of graph %lld is not allowed", path,
                                         (long long)vl, col, (long long)v, (long long)gi);
                    goto fail;
                }
                src[m] = (int32_t)v, dst[m] = (int32_t)u, m++;
            }
            if ((col = extra_col(line, len, pos)) > 0) {
                status = gnn_i_error(ctx, GNN_EPARSE,
                                     "%s:%lld:%zu: node %lld of graph %lld has degree %lld but more neighbours", path,
                                     (long long)vl, col, (long long)v, (long long)gi, (long long)deg);
                goto fail;
            }
            p = grow(ctx, nlab, &ncap, N + 1, sizeof *p);
            if (p == NULL) goto nomem;
            nlab = p;
            nlab[N++] = nl;
            nline[v] = vl;
        }
        /* symmetric: every arc v -> u has u -> v */
        p = grow(ctx, key, &kcap, m, sizeof *p);
        if (p == NULL && m > 0) goto nomem;
        if (p != NULL) key = p;
        for (int64_t e = 0; e < m; e++) key[e] = (int64_t)src[e] * n + dst[e];
        if (m > 0) qsort(key, (size_t)m, sizeof *key, cmp_i64);
        for (int64_t e = 0; e < m; e++) {
            const int64_t back = (int64_t)dst[e] * n + src[e];
            if (bsearch(&back, key, (size_t)m, sizeof *key, cmp_i64) == NULL) {
                status = gnn_i_error(ctx, GNN_EPARSE,
                                     "%s:%lld: asymmetric adjacency: node %d of graph %lld lists %d, but node %d (line "
                                     "%lld) does not list %d",
                                     path, (long long)nline[src[e]], src[e], (long long)gi, dst[e], dst[e],
                                     (long long)nline[dst[e]], src[e]);
                goto fail;
            }
        }
        GNN_CHECK(gnn_i_graph_build_undirected32(ctx, n, m, src, dst, &g));
        GNN_CHECK(glist_push(ctx, &gl, &g));
    }
    status = next_nonblank(ctx, lr, &line, &len);
    if (status < 0) goto fail;
    if (status > 0) {
        status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: text after the %lld graphs announced on line %lld", path,
                             (long long)gnn_i_lines_lineno(lr), (long long)G, (long long)ln0);
        goto fail;
    }
    status = GNN_SUCCESS;
    GNN_CHECK(glist_dataset(ctx, &gl, &ds));
    GNN_CHECK(gnn_i_dataset_set_graph_labels(ctx, ds, glab));
    /* one-hot node labels */
    int64_t D = 0;
    GNN_CHECK(gnn_i_distinct_sorted(ctx, nlab, N, &distinct, &D));
    GNN_CALLOC(ctx, ds->features, N * D);
    for (int64_t i = 0; i < N; i++) ds->features[i * D + gnn_i_rank_of(distinct, D, nlab[i])] = 1.0f;
    ds->feat_rows = N;
    ds->feat_dim = D;
    ds->feat_label_dim = D; /* every column is a one-hot node label, as the leading ones of "tu" */
    *out = ds;
    ds = NULL;
    goto fail;
nomem:
    status = gnn_i_nomem(ctx, "PPGN arrays");
fail:
    gnn_i_lines_close(ctx, &lr);
    glist_free(ctx, &gl);
    gnn_graph_destroy(&g);
    gnn_i_free(ctx, glab);
    gnn_i_free(ctx, nlab);
    gnn_i_free(ctx, nline);
    gnn_i_free(ctx, key);
    gnn_i_free(ctx, distinct);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    gnn_dataset_destroy(&ds);
    return status;
}

/* ---------------------------------------------------------------- graph6 */

#define G6_HEADER ">>graph6<<"
#define G6_MAX_LINE (1u << 24) /* graphs up to about 14000 nodes */

/* One graph per line: N(n) in 1, 4 or 8 bytes, then the upper triangle
 * column by column, x(0,1) x(0,2) x(1,2) x(0,3) ..., 6 bits per byte, each
 * byte value + 63 (https://users.cecs.anu.edu.au/~bdm/data/formats.txt).
 * A line may start with the >>graph6<< header; blank lines are skipped;
 * trailing blanks are ignored.  No graph labels. */
gnn_status_t gnn_i_load_graph6(gnn_ctx_t *ctx, const char *path, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    glist_t gl = {0};
    gnn_graph_t *g = NULL;
    int32_t *src = NULL, *dst = NULL;
    int64_t acap = 0;
    char *line;
    size_t len;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, out != NULL && path != NULL && path[0] != '\0', "graph6: empty path or NULL out");
    *out = NULL;
    GNN_CHECK(gnn_i_lines_open(ctx, path, G6_MAX_LINE, &lr));
    for (;;) {
        status = gnn_i_lines_next(ctx, lr, &line, &len);
        if (status < 0) goto fail;
        if (status == 0) break;
        status = GNN_SUCCESS;
        const int64_t ln = gnn_i_lines_lineno(lr);
        while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
        size_t off = 0;
        if (len >= sizeof G6_HEADER - 1 && memcmp(line, G6_HEADER, sizeof G6_HEADER - 1) == 0)
            off = sizeof G6_HEADER - 1;
        if (off == len) continue;
        const unsigned char *b = (const unsigned char *)line + off;
        const size_t rem = len - off;
        if (b[0] == ':' || b[0] == ';' || b[0] == '&') {
            status = gnn_i_error(ctx, GNN_EUNSUPPORTED, "%s:%lld:%zu: %s is not supported, only graph6", path,
                                 (long long)ln, off + 1, b[0] == '&' ? "digraph6" : "sparse6");
            goto fail;
        }
        for (size_t i = 0; i < rem; i++)
            if (b[i] < 63 || b[i] > 126) {
                status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: byte 0x%02x is not a graph6 character (63..126)",
                                     path, (long long)ln, off + i + 1, b[i]);
                goto fail;
            }
        size_t hb;
        uint64_t n = 0;
        if (b[0] != 126)
            hb = 1, n = b[0] - 63u;
        else if (rem >= 2 && b[1] != 126)
            hb = 4;
        else
            hb = 8;
        if (rem < hb) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: short line: the size field needs %zu bytes, got %zu", path,
                                 (long long)ln, hb, rem);
            goto fail;
        }
        if (hb > 1)
            for (size_t i = hb == 4 ? 1 : 2; i < hb; i++) n = n << 6 | (uint64_t)(b[i] - 63u);
        if (n == 0 || n > INT32_MAX) {
            status = gnn_i_error(ctx, n ? GNN_ERANGE : GNN_EEMPTY,
                                 "%s:%lld: %llu nodes: only graphs of 1 to %d nodes are supported", path, (long long)ln,
                                 (unsigned long long)n, INT32_MAX);
            goto fail;
        }
        const uint64_t bits = n * (n - 1) / 2, need = (bits + 5) / 6;
        if (rem - hb != need) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: %s line: %llu nodes need %llu adjacency bytes, got %zu",
                                 path, (long long)ln, rem - hb < need ? "short" : "long", (unsigned long long)n,
                                 (unsigned long long)need, rem - hb);
            goto fail;
        }
        const unsigned char *x = b + hb;
        int64_t m = 0;
        uint64_t k = 0;
        for (int32_t j = 1; j < (int32_t)n; j++)
            for (int32_t i = 0; i < j; i++, k++)
                if (((x[k / 6] - 63u) >> (5 - k % 6)) & 1u) {
                    GNN_CHECK(grow_arcs(ctx, &src, &dst, &acap, m + 2));
                    src[m] = i, dst[m] = j, m++;
                    src[m] = j, dst[m] = i, m++;
                }
        GNN_CHECK(gnn_i_graph_build_undirected32(ctx, (int64_t)n, m, src, dst, &g));
        GNN_CHECK(glist_push(ctx, &gl, &g));
    }
    if (gl.n == 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "%s: no graphs", path);
        goto fail;
    }
    GNN_CHECK(glist_dataset(ctx, &gl, out));
fail:
    gnn_i_lines_close(ctx, &lr);
    glist_free(ctx, &gl);
    gnn_graph_destroy(&g);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    return status;
}
