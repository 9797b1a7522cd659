/* edgelist.c: the streaming edge-list reader (gnn-edgelist(5)).
 *
 * Lines come from lines.c (plain or gzip files, or memory) and are
 * tokenised in place without copying.  Node
 * ids go into growing int32 arrays; the CSR is built once at the end by the
 * radix build of graph.c.  Every error names file, line and column, and no
 * graph is returned on error. */
#include "../core/internal.h"
#include "lines.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- options */

static const gnn_i_optspec_t read_specs[] = {
    {"format", "choice:auto|uv|uvw|hrt", "auto", 1, 0,
     "columns: u v, u v weight, or head relation tail; auto decides on the first data line"},
    {"delimiter", "choice:auto|ws|tab|comma", "auto", 1, 0,
     "field separator; auto: tab if the first data line has one, else comma, else whitespace"},
    {"ids", "choice:auto|int|names", "auto", 1, 0,
     "node ids: decimal integers, or names mapped to ids in order of first appearance"},
    {"header", "bool", "0", 1, 0, "skip the first non-comment line"},
    {"directed", "bool", "1", 1, 0, "0: each line is an undirected edge (both directions stored)"},
    {"duplicates", "choice:auto|sum|max|first|keep|error", "auto", 1, 0,
     "repeated edges; auto: sum weights when weighted, else keep one"},
    {"self-loops", "choice:keep|drop|error", "keep", 1, 0, "edges u -> u"},
    {"max-line", "int", "1048576", 16, 1073741824, "longest accepted line, in bytes"},
};
const gnn_i_optgroup_t gnn_i_group_read = {"read", read_specs,
                                           (int64_t)(sizeof read_specs / sizeof read_specs[0])};

enum { FMT_AUTO, FMT_UV, FMT_UVW, FMT_HRT };
enum { DELIM_AUTO, DELIM_WS, DELIM_TAB, DELIM_COMMA };
enum { IDS_AUTO, IDS_INT, IDS_NAMES };

/* ---------------------------------------------------------------- id columns */

/* A column of ids (nodes or relations): decimal ints or interned names. */
typedef struct idcol {
    int mode;       /* IDS_INT or IDS_NAMES (auto starts as INT) */
    int fixed;      /* mode chosen by the user */
    int64_t max;    /* largest int id */
    gnn_i_names_t *names;
} idcol_t;

static int is_canonical_uint(const char *s, size_t len) {
    if (len == 0 || len > 19) return 0;
    if (len > 1 && s[0] == '0') return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int is_negative_int(const char *s, size_t len) {
    return len >= 2 && s[0] == '-' && is_canonical_uint(s + 1, len - 1);
}

/* Switch an auto column to names: ids seen so far become their decimal
 * names, in order of first appearance in arrays a[0..m) and b[0..m)
 * (interning dedupes, so no table indexed by id is needed). */
static gnn_status_t idcol_to_names(gnn_ctx_t *ctx, idcol_t *c, int32_t *a, int32_t *b, int64_t m) {
    gnn_status_t status = GNN_SUCCESS;
    char buf[24];
    GNN_CHECK(gnn_i_names_create(ctx, &c->names));
    for (int64_t e = 0; e < m; e++) {
        int32_t *cols[2] = {a ? &a[e] : NULL, b ? &b[e] : NULL};
        for (int k = 0; k < 2; k++) {
            if (cols[k] == NULL) continue;
            int len = snprintf(buf, sizeof buf, "%d", *cols[k]);
            int64_t id;
            int added;
            GNN_CHECK(gnn_i_names_intern(ctx, c->names, buf, (size_t)len, &id, &added));
            *cols[k] = (int32_t)id;
        }
    }
    c->mode = IDS_NAMES;
fail:
    return status;
}

/* ---------------------------------------------------------------- reader */

typedef struct reader {
    gnn_ctx_t *ctx;
    const char *name;
    int format, delim, header, directed, dup, loops;
    size_t max_line;
    idcol_t node, rel;
    int64_t m, cap;
    int32_t *src, *dst, *type;
    float *w;
    int64_t *lines; /* per edge, only when duplicates are errors */
} reader_t;

static void reader_free(reader_t *r) {
    gnn_ctx_t *ctx = r->ctx;
    gnn_i_free(ctx, r->src);
    gnn_i_free(ctx, r->dst);
    gnn_i_free(ctx, r->type);
    gnn_i_free(ctx, r->w);
    gnn_i_free(ctx, r->lines);
    gnn_i_names_destroy(ctx, &r->node.names);
    gnn_i_names_destroy(ctx, &r->rel.names);
}

static gnn_status_t grow_one(gnn_ctx_t *ctx, void **arr, int64_t nc, size_t size) {
    void *p = gnn_i_realloc_n(ctx, *arr, (size_t)nc, size);
    if (p == NULL) return gnn_i_nomem(ctx, "edge arrays");
    *arr = p;
    return GNN_SUCCESS;
}

static gnn_status_t grow(reader_t *r) {
    gnn_ctx_t *ctx = r->ctx;
    gnn_status_t status = GNN_SUCCESS;
    int64_t nc = r->cap < 1024 ? 1024 : r->cap + r->cap / 2;
    GNN_CHECK(grow_one(ctx, (void **)&r->src, nc, sizeof *r->src));
    GNN_CHECK(grow_one(ctx, (void **)&r->dst, nc, sizeof *r->dst));
    if (r->format == FMT_UVW) GNN_CHECK(grow_one(ctx, (void **)&r->w, nc, sizeof *r->w));
    if (r->format == FMT_HRT) GNN_CHECK(grow_one(ctx, (void **)&r->type, nc, sizeof *r->type));
    if (r->dup == GNN_DUP_ERROR) GNN_CHECK(grow_one(ctx, (void **)&r->lines, nc, sizeof *r->lines));
    r->cap = nc;
fail:
    return status;
}

typedef struct token {
    char *s;
    size_t len;
    size_t col; /* 1-based byte column */
} token_t;

#define MAX_TOK 4

/* split a line; returns the token count (up to MAX_TOK + 1 meaning "more") */
static int tokenize(int delim, char *line, size_t len, token_t *tok) {
    int k = 0;
    size_t i = 0;
    if (delim == DELIM_WS) {
        while (i < len) {
            while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
            if (i >= len) break;
            if (k == MAX_TOK) return MAX_TOK + 1;
            size_t st = i;
            while (i < len && line[i] != ' ' && line[i] != '\t') i++;
            tok[k].s = line + st;
            tok[k].len = i - st;
            tok[k].col = st + 1;
            k++;
        }
        return k;
    }
    const char sep = delim == DELIM_TAB ? '\t' : ',';
    for (;;) {
        if (k == MAX_TOK) return MAX_TOK + 1;
        size_t st = i;
        while (i < len && line[i] != sep) i++;
        size_t a = st, b = i;
        if (delim == DELIM_COMMA) { /* trim blanks around comma fields */
            while (a < b && (line[a] == ' ' || line[a] == '\t')) a++;
            while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t')) b--;
        }
        tok[k].s = line + a;
        tok[k].len = b - a;
        tok[k].col = a + 1;
        k++;
        if (i >= len) break;
        i++; /* skip the separator */
    }
    return k;
}

static int is_number(const char *s, size_t len) {
    if (len == 0 || len > 64) return 0;
    char buf[72];
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    (void)strtod(buf, &end);
    return end == buf + len;
}

static int is_int_like(const char *s, size_t len) {
    if (len == 0) return 0;
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == len) return 0;
    for (; i < len; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* Resolve a node or relation token to an id. */
static gnn_status_t get_id(reader_t *r, idcol_t *c, int is_rel, const token_t *t, int64_t lineno,
                           int32_t *id) {
    gnn_ctx_t *ctx = r->ctx;
    const char *what = is_rel ? "relation" : "node";
    if (t->len == 0)
        return gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: empty %s field", r->name, (long long)lineno,
                           t->col, what);
    if (c->mode == IDS_INT) {
        if (is_canonical_uint(t->s, t->len) || (c->fixed && is_int_like(t->s, t->len) && t->s[0] != '-')) {
            /* digits only; with ids=int leading zeros and '+' are accepted */
            const char *p = t->s;
            size_t len = t->len;
            if (*p == '+') p++, len--;
            uint64_t v = 0;
            for (size_t i = 0; i < len; i++) {
                v = v * 10 + (uint64_t)(p[i] - '0');
                if (v > (uint64_t)INT32_MAX) break;
            }
            if (v >= (uint64_t)INT32_MAX)
                return gnn_i_error(ctx, GNN_ERANGE,
                                   "%s:%lld:%zu: %s id %.*s is over the limit (ids must be below "
                                   "INT32_MAX = %d)",
                                   r->name, (long long)lineno, t->col, what, (int)t->len, t->s, INT32_MAX);
            *id = (int32_t)v;
            if ((int64_t)v > c->max) c->max = (int64_t)v;
            return GNN_SUCCESS;
        }
        if (is_negative_int(t->s, t->len) || (t->s[0] == '-' && is_int_like(t->s, t->len)))
            return gnn_i_error(ctx, GNN_ERANGE,
                               "%s:%lld:%zu: negative %s id %.*s%s", r->name, (long long)lineno, t->col,
                               what, (int)t->len, t->s,
                               c->fixed ? "" : " (use ids=names to read ids as names)");
        if (c->fixed)
            return gnn_i_error(ctx, GNN_EPARSE,
                               "%s:%lld:%zu: expected an integer %s id, got '%.*s' (use ids=names for "
                               "named %ss)",
                               r->name, (long long)lineno, t->col, what, (int)(t->len > 40 ? 40 : t->len),
                               t->s, what);
        /* auto: switch to names */
        gnn_status_t st = is_rel ? idcol_to_names(ctx, c, r->type, NULL, r->m)
                                 : idcol_to_names(ctx, c, r->src, r->dst, r->m);
        if (st < 0) return st;
    }
    int64_t k;
    int added;
    gnn_status_t st = gnn_i_names_intern(ctx, c->names, t->s, t->len, &k, &added);
    if (st < 0) {
        if (st == GNN_EPARSE)
            return gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: %s name contains a NUL byte", r->name,
                               (long long)lineno, t->col, what);
        return st;
    }
    if (k >= INT32_MAX)
        return gnn_i_error(ctx, GNN_ERANGE, "%s:%lld:%zu: more than INT32_MAX distinct %s names", r->name,
                           (long long)lineno, t->col, what);
    *id = (int32_t)k;
    return GNN_SUCCESS;
}

static gnn_status_t parse_stream(reader_t *r, gnn_i_lines_t *in, gnn_graph_t **out) {
    gnn_ctx_t *ctx = r->ctx;
    gnn_status_t status = GNN_SUCCESS;
    gnn_graph_t *g = NULL;
    token_t tok[MAX_TOK];
    int64_t lineno = 0;
    int header_left = r->header;
    int ncols = r->format == FMT_UV ? 2 : r->format == FMT_AUTO ? 0 : 3;
    for (;;) {
        char *line;
        size_t len;
        status = gnn_i_lines_next(ctx, in, &line, &len);
        if (status < 0) goto fail;
        if (status == 0) break;
        status = GNN_SUCCESS;
        lineno = gnn_i_lines_lineno(in);
        if ((lineno & 0xfffff) == 0) {
            GNN_CHECK(gnn_i_poll(ctx));
            gnn_i_progress(ctx, "read", (double)lineno, 0);
        }
        if (gnn_i_is_blank_or_comment(line, len)) continue;
        if (memchr(line, '\0', len) != NULL) {
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: NUL byte in a text line (binary file?)",
                                 r->name, (long long)lineno, (size_t)((char *)memchr(line, '\0', len) - line) + 1);
            goto fail;
        }
        if (header_left) {
            header_left = 0;
            continue;
        }
        if (r->delim == DELIM_AUTO)
            r->delim = memchr(line, '\t', len) ? DELIM_TAB : memchr(line, ',', len) ? DELIM_COMMA : DELIM_WS;
        int k = tokenize(r->delim, line, len, tok);
        if (r->format == FMT_AUTO) {
            if (k == 2) r->format = FMT_UV;
            else if (k == 3) {
                /* a number in the third column is a weight; anything else
                 * makes the file a knowledge graph (head relation tail).
                 * Files like WN18RR, whose entities are numbers, need
                 * format=hrt. */
                r->format = is_number(tok[2].s, tok[2].len) ? FMT_UVW : FMT_HRT;
            } else {
                status = gnn_i_error(ctx, GNN_EPARSE,
                                     "%s:%lld: expected 2 columns (u v) or 3 (u v weight, or head relation "
                                     "tail), got %s%d",
                                     r->name, (long long)lineno, k > MAX_TOK ? "more than " : "",
                                     k > MAX_TOK ? MAX_TOK : k);
                goto fail;
            }
            ncols = r->format == FMT_UV ? 2 : 3;
        }
        if (k != ncols) {
            static const char *layout[] = {"", "u v", "u v weight", "head relation tail"};
            status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: expected %d columns (%s), got %s%d", r->name,
                                 (long long)lineno, k > ncols && k <= MAX_TOK ? tok[ncols].col : (size_t)1,
                                 ncols, layout[r->format], k > MAX_TOK ? "more than " : "",
                                 k > MAX_TOK ? MAX_TOK : k);
            goto fail;
        }
        if (r->m == r->cap) GNN_CHECK(grow(r));
        const token_t *tu = &tok[0], *tv = &tok[r->format == FMT_HRT ? 2 : 1];
        int32_t u, v;
        const int mode_before = r->node.mode;
        GNN_CHECK(get_id(r, &r->node, 0, tu, lineno, &u));
        GNN_CHECK(get_id(r, &r->node, 0, tv, lineno, &v));
        if (r->node.mode != mode_before) /* switched to names on this line: u was read as a number */
            GNN_CHECK(get_id(r, &r->node, 0, tu, lineno, &u));
        if (u == v && r->loops == GNN_LOOPS_ERROR) {
            status = gnn_i_error(ctx, GNN_ESELFLOOP, "%s:%lld:%zu: self-loop %.*s -> %.*s not allowed "
                                 "(self-loops=error)", r->name, (long long)lineno, tu->col,
                                 (int)tu->len, tu->s, (int)tv->len, tv->s);
            goto fail;
        }
        if (r->format == FMT_HRT) {
            int32_t t;
            GNN_CHECK(get_id(r, &r->rel, 1, &tok[1], lineno, &t));
            r->type[r->m] = t;
        } else if (r->format == FMT_UVW) {
            const token_t *tw = &tok[2];
            char *end;
            if (tw->len == 0) {
                status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: empty weight field", r->name,
                                     (long long)lineno, tw->col);
                goto fail;
            }
            char save = tw->s[tw->len];
            tw->s[tw->len] = '\0';
            errno = 0;
            double x = strtod(tw->s, &end);
            int bad = end != tw->s + tw->len;
            tw->s[tw->len] = save;
            if (bad) {
                status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld:%zu: expected a number for the weight, got '%.*s'",
                                     r->name, (long long)lineno, tw->col, (int)(tw->len > 40 ? 40 : tw->len),
                                     tw->s);
                goto fail;
            }
            if (!isfinite(x) || !isfinite((float)x)) {
                status = gnn_i_error(ctx, GNN_ERANGE, "%s:%lld:%zu: weight '%.*s' is not a finite float",
                                     r->name, (long long)lineno, tw->col, (int)(tw->len > 40 ? 40 : tw->len),
                                     tw->s);
                goto fail;
            }
            r->w[r->m] = (float)x;
        }
        r->src[r->m] = u;
        r->dst[r->m] = v;
        if (r->lines) r->lines[r->m] = lineno;
        r->m++;
    }
    if (r->m == 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "%s: no edges (%lld lines read)", r->name, (long long)lineno);
        goto fail;
    }
    /* ids auto: integers far sparser than the edges (user ids, hashes) are
     * read as names instead, so a few edges never allocate billions of nodes */
    if (!r->node.fixed && r->node.mode == IDS_INT && r->node.max + 1 > 16 * r->m + 1024) {
        gnn_i_log(ctx, GNN_LOG_INFO, "%s: sparse integer ids (largest %lld for %lld edges) read as names", r->name,
                  (long long)r->node.max, (long long)r->m);
        GNN_CHECK(idcol_to_names(ctx, &r->node, r->src, r->dst, r->m));
    }
    if (!r->rel.fixed && r->format == FMT_HRT && r->rel.mode == IDS_INT && r->rel.max + 1 > 16 * r->m + 1024)
        GNN_CHECK(idcol_to_names(ctx, &r->rel, r->type, NULL, r->m));
    {
        int64_t n = r->node.mode == IDS_NAMES ? r->node.names->count : r->node.max + 1;
        int64_t rels = 0;
        if (r->format == FMT_HRT) rels = r->rel.mode == IDS_NAMES ? r->rel.names->count : r->rel.max + 1;
        int flags = (r->directed ? GNN_DIRECTED : GNN_UNDIRECTED) | r->dup | r->loops;
        int64_t e1, e2;
        status = gnn_i_graph_build32(ctx, n, r->m, r->src, r->dst, r->w, r->type, rels, flags, &e1, &e2, &g);
        if (status == GNN_EDUPLICATE && r->lines != NULL && e1 >= 0 && e2 >= 0) {
            char b1[32], b2[32];
            const char *su = r->node.names ? gnn_i_names_get(r->node.names, r->src[e2]) : NULL;
            const char *sv = r->node.names ? gnn_i_names_get(r->node.names, r->dst[e2]) : NULL;
            if (!su) snprintf(b1, sizeof b1, "%d", r->src[e2]), su = b1;
            if (!sv) snprintf(b2, sizeof b2, "%d", r->dst[e2]), sv = b2;
            status = gnn_i_error(ctx, GNN_EDUPLICATE,
                                 "%s:%lld: duplicate edge %s -> %s (first on line %lld; duplicates=error)",
                                 r->name, (long long)r->lines[e2], su, sv, (long long)r->lines[e1]);
        }
        if (status < 0) goto fail;
        if (r->node.mode == IDS_NAMES) {
            g->node_names = r->node.names;
            r->node.names = NULL;
        }
        if (r->format == FMT_HRT && r->rel.mode == IDS_NAMES) {
            g->rel_names = r->rel.names;
            r->rel.names = NULL;
        }
    }
    *out = g;
    return GNN_SUCCESS;
fail:
    gnn_graph_destroy(&g);
    return status;
}

extern const gnn_i_optgroup_t gnn_i_group_read;

static gnn_status_t reader_init(gnn_ctx_t *ctx, reader_t *r, const char *name, const gnn_opts_t *opts) {
    gnn_status_t status = gnn_opts_validate(ctx, opts, "read");
    if (status < 0) return status;
    const gnn_i_optgroup_t *G = &gnn_i_group_read;
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
    r->name = name;
    r->format = gnn_i_opt_choice(opts, G, "format");
    r->delim = gnn_i_opt_choice(opts, G, "delimiter");
    int ids = gnn_i_opt_choice(opts, G, "ids");
    r->header = (int)gnn_i_opt_int(opts, G, "header");
    r->directed = (int)gnn_i_opt_int(opts, G, "directed");
    static const int dups[] = {GNN_DUP_AUTO, GNN_DUP_SUM, GNN_DUP_MAX, GNN_DUP_FIRST, GNN_DUP_KEEP, GNN_DUP_ERROR};
    static const int loops[] = {GNN_LOOPS_KEEP, GNN_LOOPS_DROP, GNN_LOOPS_ERROR};
    r->dup = dups[gnn_i_opt_choice(opts, G, "duplicates")];
    r->loops = loops[gnn_i_opt_choice(opts, G, "self-loops")];
    r->max_line = (size_t)gnn_i_opt_int(opts, G, "max-line");
    r->node.max = r->rel.max = -1;
    r->node.mode = r->rel.mode = ids == IDS_NAMES ? IDS_NAMES : IDS_INT;
    r->node.fixed = r->rel.fixed = ids != IDS_AUTO;
    if (ids == IDS_NAMES) {
        status = gnn_i_names_create(ctx, &r->node.names);
        if (status >= 0) status = gnn_i_names_create(ctx, &r->rel.names);
    }
    /* relations of a knowledge graph are names unless ids=int */
    if (ids == IDS_AUTO) r->rel.fixed = 0;
    return status;
}

gnn_status_t gnn_graph_read(gnn_ctx_t *ctx, const char *path, const gnn_opts_t *opts, gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    reader_t r;
    gnn_i_lines_t *in = NULL;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_read: out is NULL");
    *out = NULL;
    if (path == NULL || path[0] == '\0') return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_read: empty path");
    GNN_CHECK(reader_init(ctx, &r, path, opts));
    GNN_CHECK(gnn_i_lines_open(ctx, path, r.max_line, &in));
    GNN_CHECK(parse_stream(&r, in, out));
fail:
    gnn_i_lines_close(ctx, &in);
    reader_free(&r);
    return status;
}

gnn_status_t gnn_graph_parse(gnn_ctx_t *ctx, const char *data, size_t len, const char *name,
                             const gnn_opts_t *opts, gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    reader_t r;
    gnn_i_lines_t *in = NULL;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_parse: out is NULL");
    *out = NULL;
    if (name == NULL) name = "<memory>";
    GNN_CHECK(reader_init(ctx, &r, name, opts));
    GNN_CHECK(gnn_i_lines_open_mem(ctx, data, len, name, r.max_line, &in));
    GNN_CHECK(parse_stream(&r, in, out));
fail:
    gnn_i_lines_close(ctx, &in);
    reader_free(&r);
    return status;
}
