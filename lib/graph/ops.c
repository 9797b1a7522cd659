/* ops.c: graph operations.  Each returns a new graph; most rebuild from the
 * explicit arc list through the radix build of graph.c, which keeps row
 * order canonical and names attached. */
#include "../core/internal.h"

#include <math.h>
#include <string.h>

/* An explicit arc list (int32 ids) of some arcs of g. */
typedef struct arclist {
    int64_t m, cap;
    int32_t *src, *dst, *type;
    float *w;
} arclist_t;

static void arclist_free(gnn_ctx_t *ctx, arclist_t *a) {
    gnn_i_free(ctx, a->src);
    gnn_i_free(ctx, a->dst);
    gnn_i_free(ctx, a->type);
    gnn_i_free(ctx, a->w);
    memset(a, 0, sizeof *a);
}

static gnn_status_t arclist_init(gnn_ctx_t *ctx, arclist_t *a, int64_t cap, int weighted, int typed) {
    gnn_status_t status = GNN_SUCCESS;
    memset(a, 0, sizeof *a);
    a->cap = cap;
    GNN_ALLOC(ctx, a->src, cap);
    GNN_ALLOC(ctx, a->dst, cap);
    if (weighted) GNN_ALLOC(ctx, a->w, cap);
    if (typed) GNN_ALLOC(ctx, a->type, cap);
    return GNN_SUCCESS;
fail:
    arclist_free(ctx, a);
    return status;
}

static inline void arclist_push(arclist_t *a, int32_t u, int32_t v, float w, int32_t t) {
    a->src[a->m] = u;
    a->dst[a->m] = v;
    if (a->w) a->w[a->m] = w;
    if (a->type) a->type[a->m] = t;
    a->m++;
}

static inline float arc_w(const gnn_graph_t *g, int64_t e) {
    return g->weight ? g->weight[e] : 1.0f;
}
static inline int32_t arc_t(const gnn_graph_t *g, int64_t e) {
    return g->type ? g->type[e] : 0;
}

/* Build a graph from an explicit arc list, then mark it (un)directed. */
static gnn_status_t rebuild(gnn_ctx_t *ctx, int64_t n, const arclist_t *a, int64_t relations,
                            int directed, int dup, gnn_graph_t **out) {
    gnn_status_t status = gnn_i_graph_build32(ctx, n, a->m, a->src, a->dst, a->w, a->type, relations,
                                              dup | GNN_LOOPS_KEEP, NULL, NULL, out);
    if (status >= 0) (*out)->directed = directed;
    return status;
}

/* Carry node names and origin ids unchanged. */
static gnn_status_t carry_nodes(gnn_ctx_t *ctx, const gnn_graph_t *g, gnn_graph_t *r) {
    gnn_status_t status = GNN_SUCCESS;
    GNN_CHECK(gnn_i_graph_copy_names(ctx, g, r));
    if (g->origin != NULL) {
        GNN_ALLOC(ctx, r->origin, g->n);
        memcpy(r->origin, g->origin, sizeof(int64_t) * (size_t)g->n);
    }
fail:
    return status;
}

#define OP_BEGIN(fname)                                                                         \
    gnn_status_t status = GNN_SUCCESS;                                                          \
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, fname ": out is NULL");                \
    *out = NULL;                                                                                \
    status = gnn_i_graph_check(ctx, g, fname);                                                  \
    if (status < 0) return status

gnn_status_t gnn_graph_transpose(gnn_ctx_t *ctx, const gnn_graph_t *g, gnn_graph_t **out) {
    OP_BEGIN("gnn_graph_transpose");
    arclist_t a = {0};
    gnn_graph_t *r = NULL;
    if (!g->directed) return gnn_graph_copy(ctx, g, out);
    GNN_CHECK(arclist_init(ctx, &a, g->m, g->weight != NULL, g->type != NULL));
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
            arclist_push(&a, g->out_idx[e], (int32_t)u, arc_w(g, e), arc_t(g, e));
    GNN_CHECK(rebuild(ctx, g->n, &a, g->relations, 1, GNN_DUP_KEEP, &r));
    GNN_CHECK(carry_nodes(ctx, g, r));
    arclist_free(ctx, &a);
    *out = r;
    return GNN_SUCCESS;
fail:
    arclist_free(ctx, &a);
    gnn_graph_destroy(&r);
    return status;
}

gnn_status_t gnn_graph_symmetrise(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, gnn_graph_t **out) {
    OP_BEGIN("gnn_graph_symmetrise");
    arclist_t a = {0};
    gnn_graph_t *r = NULL;
    GNN_ARG_CHECK(ctx, mode >= GNN_SYM_SUM && mode <= GNN_SYM_ONE,
                  "gnn_graph_symmetrise: unknown mode %d", mode);
    const int weighted = mode != GNN_SYM_ONE && g->weight != NULL;
    if (!g->directed) {
        /* already symmetric: the arcs as they are */
        GNN_CHECK(arclist_init(ctx, &a, g->m, weighted, 0));
        for (int64_t u = 0; u < g->n; u++)
            for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
                arclist_push(&a, (int32_t)u, g->out_idx[e], arc_w(g, e), 0);
        GNN_CHECK(rebuild(ctx, g->n, &a, 0, 0, GNN_DUP_KEEP, &r));
    } else {
        GNN_CHECK(arclist_init(ctx, &a, g->m, weighted, 0));
        for (int64_t u = 0; u < g->n; u++)
            for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
                arclist_push(&a, (int32_t)u, g->out_idx[e], arc_w(g, e), 0);
        int dup = mode == GNN_SYM_MAX ? GNN_DUP_MAX : mode == GNN_SYM_ONE ? GNN_DUP_FIRST : GNN_DUP_SUM;
        GNN_CHECK(gnn_i_graph_build32(ctx, g->n, a.m, a.src, a.dst, a.w, NULL, 0,
                                      GNN_UNDIRECTED | dup | GNN_LOOPS_KEEP, NULL, NULL, &r));
        if (mode == GNN_SYM_MEAN && r->weight != NULL) {
            /* the sum over the directions present, divided by their number;
             * a self-loop is one direction */
            for (int64_t u = 0; u < r->n; u++)
                for (int64_t e = r->out_ptr[u]; e < r->out_ptr[u + 1]; e++) {
                    int64_t v = r->out_idx[e];
                    if (v == u) continue;
                    int c = (gnn_graph_find_arc(g, u, v) >= 0) + (gnn_graph_find_arc(g, v, u) >= 0);
                    if (c == 2) r->weight[e] *= 0.5f;
                }
        }
    }
    GNN_CHECK(carry_nodes(ctx, g, r));
    arclist_free(ctx, &a);
    *out = r;
    return GNN_SUCCESS;
fail:
    arclist_free(ctx, &a);
    gnn_graph_destroy(&r);
    return status;
}

gnn_status_t gnn_graph_add_self_loops(gnn_ctx_t *ctx, const gnn_graph_t *g, float weight,
                                      gnn_graph_t **out) {
    OP_BEGIN("gnn_graph_add_self_loops");
    arclist_t a = {0};
    gnn_graph_t *r = NULL;
    GNN_ARG_CHECK(ctx, isfinite(weight), "gnn_graph_add_self_loops: weight is not finite");
    const int weighted = g->weight != NULL || weight != 1.0f;
    const int64_t rel = g->type ? g->relations + 1 : 0; /* loops get a new relation */
    GNN_CHECK(arclist_init(ctx, &a, g->m + g->n, weighted, g->type != NULL));
    for (int64_t u = 0; u < g->n; u++) {
        int has = 0;
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            arclist_push(&a, (int32_t)u, g->out_idx[e], arc_w(g, e), arc_t(g, e));
            has |= g->out_idx[e] == u;
        }
        if (!has) arclist_push(&a, (int32_t)u, (int32_t)u, weight, (int32_t)(rel - 1));
    }
    GNN_CHECK(rebuild(ctx, g->n, &a, rel, g->directed, GNN_DUP_KEEP, &r));
    GNN_CHECK(carry_nodes(ctx, g, r));
    if (g->type != NULL && g->rel_names != NULL) {
        /* name the new relation "self" (or "self'" ... if taken) */
        gnn_i_names_destroy(ctx, &r->rel_names);
        GNN_CHECK(gnn_i_names_copy(ctx, g->rel_names, &r->rel_names));
        char nm[64] = "self";
        int64_t id;
        int added = 0;
        for (int k = 0; !added && k < 50; k++) {
            GNN_CHECK(gnn_i_names_intern(ctx, r->rel_names, nm, strlen(nm), &id, &added));
            strcat(nm, "'");
        }
    }
    arclist_free(ctx, &a);
    *out = r;
    return GNN_SUCCESS;
fail:
    arclist_free(ctx, &a);
    gnn_graph_destroy(&r);
    return status;
}

gnn_status_t gnn_graph_add_reverse_relations(gnn_ctx_t *ctx, const gnn_graph_t *g,
                                             gnn_graph_t **out) {
    OP_BEGIN("gnn_graph_add_reverse_relations");
    arclist_t a = {0};
    gnn_graph_t *r = NULL;
    char *buf = NULL;
    const int64_t R = g->relations > 0 ? g->relations : 1;
    GNN_ARG_CHECK(ctx, 2 * R < INT32_MAX, "too many relations");
    GNN_CHECK(arclist_init(ctx, &a, 2 * g->m, g->weight != NULL, 1));
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            arclist_push(&a, (int32_t)u, g->out_idx[e], arc_w(g, e), arc_t(g, e));
            arclist_push(&a, g->out_idx[e], (int32_t)u, arc_w(g, e), (int32_t)(arc_t(g, e) + R));
        }
    GNN_CHECK(rebuild(ctx, g->n, &a, 2 * R, 1, GNN_DUP_KEEP, &r));
    GNN_CHECK(carry_nodes(ctx, g, r));
    if (g->rel_names != NULL) {
        gnn_i_names_destroy(ctx, &r->rel_names);
        GNN_CHECK(gnn_i_names_copy(ctx, g->rel_names, &r->rel_names));
        for (int64_t k = 0; k < R; k++) {
            const char *s = gnn_i_names_get(g->rel_names, k);
            size_t len = strlen(s);
            gnn_i_free(ctx, buf);
            GNN_ALLOC(ctx, buf, len + 4);
            memcpy(buf, s, len);
            memcpy(buf + len, "^-1", 4);
            int64_t id;
            int added;
            GNN_CHECK(gnn_i_names_intern(ctx, r->rel_names, buf, len + 3, &id, &added));
            if (!added || id != R + k) {
                status = gnn_i_error(ctx, GNN_EDUPLICATE, "relation name '%s' already exists", buf);
                goto fail;
            }
        }
    }
    gnn_i_free(ctx, buf);
    arclist_free(ctx, &a);
    *out = r;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, buf);
    arclist_free(ctx, &a);
    gnn_graph_destroy(&r);
    return status;
}

gnn_status_t gnn_graph_normalize(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, gnn_graph_t **out) {
    OP_BEGIN("gnn_graph_normalize");
    gnn_graph_t *r = NULL;
    double *dout = NULL, *din = NULL;
    GNN_ARG_CHECK(ctx, mode >= GNN_NORM_ROW && mode <= GNN_NORM_SYM,
                  "gnn_graph_normalize: unknown mode %d", mode);
    GNN_CHECK(gnn_graph_copy(ctx, g, &r));
    if (r->weight == NULL) {
        GNN_ALLOC(ctx, r->weight, r->m);
        for (int64_t e = 0; e < r->m; e++) r->weight[e] = 1.0f;
    }
    GNN_ALLOC(ctx, dout, g->n);
    GNN_ALLOC(ctx, din, g->n);
    GNN_CHECK(gnn_graph_degrees(ctx, g, GNN_OUT, 1, dout));
    GNN_CHECK(gnn_graph_degrees(ctx, g, GNN_IN, 1, din));
    for (int64_t u = 0; u < r->n; u++)
        for (int64_t e = r->out_ptr[u]; e < r->out_ptr[u + 1]; e++) {
            int64_t v = r->out_idx[e];
            double d = mode == GNN_NORM_ROW ? dout[u] : mode == GNN_NORM_COL ? din[v] : sqrt(dout[u] * din[v]);
            r->weight[e] = d != 0.0 ? (float)(r->weight[e] / d) : 0.0f;
        }
    gnn_i_free(ctx, dout);
    gnn_i_free(ctx, din);
    *out = r;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, dout);
    gnn_i_free(ctx, din);
    gnn_graph_destroy(&r);
    return status;
}

gnn_status_t gnn_graph_induced_subgraph(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *nodes,
                                        int64_t k, gnn_graph_t **out) {
    OP_BEGIN("gnn_graph_induced_subgraph");
    arclist_t a = {0};
    gnn_graph_t *r = NULL;
    int64_t *map = NULL;
    GNN_ARG_CHECK(ctx, k >= 1 && nodes != NULL, "gnn_graph_induced_subgraph: need at least one node");
    GNN_ALLOC(ctx, map, g->n);
    for (int64_t v = 0; v < g->n; v++) map[v] = -1;
    int64_t m = 0;
    for (int64_t i = 0; i < k; i++) {
        int64_t v = nodes[i];
        if (v < 0 || v >= g->n) {
            status = gnn_i_error(ctx, GNN_ERANGE, "gnn_graph_induced_subgraph: node %lld outside [0, %lld)",
                                 (long long)v, (long long)g->n);
            goto fail;
        }
        if (map[v] >= 0) {
            status = gnn_i_error(ctx, GNN_EDUPLICATE, "gnn_graph_induced_subgraph: node %lld given twice",
                                 (long long)v);
            goto fail;
        }
        map[v] = i;
        m += g->out_ptr[v + 1] - g->out_ptr[v];
    }
    GNN_CHECK(arclist_init(ctx, &a, m, g->weight != NULL, g->type != NULL));
    for (int64_t i = 0; i < k; i++) {
        int64_t u = nodes[i];
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
            if (map[g->out_idx[e]] >= 0)
                arclist_push(&a, (int32_t)i, (int32_t)map[g->out_idx[e]], arc_w(g, e), arc_t(g, e));
    }
    GNN_CHECK(rebuild(ctx, k, &a, g->relations, g->directed, GNN_DUP_KEEP, &r));
    if (g->node_names) GNN_CHECK(gnn_i_names_select(ctx, g->node_names, nodes, k, &r->node_names));
    if (g->rel_names) GNN_CHECK(gnn_i_names_copy(ctx, g->rel_names, &r->rel_names));
    GNN_ALLOC(ctx, r->origin, k);
    for (int64_t i = 0; i < k; i++) r->origin[i] = g->origin ? g->origin[nodes[i]] : nodes[i];
    gnn_i_free(ctx, map);
    arclist_free(ctx, &a);
    *out = r;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, map);
    arclist_free(ctx, &a);
    gnn_graph_destroy(&r);
    return status;
}

gnn_status_t gnn_graph_khop(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *seeds,
                            int64_t nseeds, int64_t hops, int mode, int64_t max_nodes,
                            int64_t *nodes, int64_t *dist, int64_t *count) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_khop");
    uint8_t *seen = NULL;
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, nodes != NULL && count != NULL, "gnn_graph_khop: nodes or count is NULL");
    GNN_ARG_CHECK(ctx, nseeds >= 0 && (nseeds == 0 || seeds != NULL), "gnn_graph_khop: bad seeds");
    GNN_ARG_CHECK(ctx, hops >= 0, "gnn_graph_khop: hops must be >= 0, got %lld", (long long)hops);
    GNN_ARG_CHECK(ctx, mode >= GNN_OUT && mode <= GNN_ALL, "gnn_graph_khop: bad mode %d", mode);
    *count = 0;
    GNN_CALLOC(ctx, seen, g->n);
    int64_t c = 0;
    const int64_t cap = max_nodes > 0 ? max_nodes : g->n;
    for (int64_t i = 0; i < nseeds && c < cap; i++) {
        int64_t v = seeds[i];
        if (v < 0 || v >= g->n) {
            status = gnn_i_error(ctx, GNN_ERANGE, "gnn_graph_khop: seed %lld outside [0, %lld)",
                                 (long long)v, (long long)g->n);
            goto fail;
        }
        if (seen[v]) continue;
        seen[v] = 1;
        if (dist) dist[c] = 0;
        nodes[c++] = v;
    }
    int64_t head = 0;
    for (int64_t h = 1; h <= hops && c < cap; h++) {
        int64_t level_end = c;
        if (head == level_end) break;
        for (; head < level_end && c < cap; head++) {
            int64_t u = nodes[head];
            if (mode & GNN_OUT)
                for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1] && c < cap; e++) {
                    int64_t v = g->out_idx[e];
                    if (!seen[v]) {
                        seen[v] = 1;
                        if (dist) dist[c] = h;
                        nodes[c++] = v;
                    }
                }
            if (mode & GNN_IN)
                for (int64_t e = g->in_ptr[u]; e < g->in_ptr[u + 1] && c < cap; e++) {
                    int64_t v = g->in_idx[e];
                    if (!seen[v]) {
                        seen[v] = 1;
                        if (dist) dist[c] = h;
                        nodes[c++] = v;
                    }
                }
        }
    }
    *count = c;
fail:
    gnn_i_free(ctx, seen);
    return status;
}

gnn_status_t gnn_graph_remove_arcs(gnn_ctx_t *ctx, const gnn_graph_t *g, const uint8_t *mask,
                                   gnn_graph_t **out) {
    OP_BEGIN("gnn_graph_remove_arcs");
    arclist_t a = {0};
    gnn_graph_t *r = NULL;
    uint8_t *drop = NULL;
    GNN_ARG_CHECK(ctx, mask != NULL, "gnn_graph_remove_arcs: mask is NULL");
    GNN_CALLOC(ctx, drop, g->m);
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            if (!mask[e]) continue;
            drop[e] = 1;
            if (!g->directed) {
                /* the reverse arc: the first v -> u with the same relation not yet dropped */
                int64_t v = g->out_idx[e];
                for (int64_t f = g->out_ptr[v]; f < g->out_ptr[v + 1]; f++)
                    if (g->out_idx[f] == u && arc_t(g, f) == arc_t(g, e) && (f == e || !drop[f])) {
                        drop[f] = 1;
                        break;
                    }
            }
        }
    int64_t keep = 0;
    for (int64_t e = 0; e < g->m; e++) keep += !drop[e];
    GNN_CHECK(arclist_init(ctx, &a, keep, g->weight != NULL, g->type != NULL));
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
            if (!drop[e]) arclist_push(&a, (int32_t)u, g->out_idx[e], arc_w(g, e), arc_t(g, e));
    GNN_CHECK(rebuild(ctx, g->n, &a, g->relations, g->directed, GNN_DUP_KEEP, &r));
    GNN_CHECK(carry_nodes(ctx, g, r));
    gnn_i_free(ctx, drop);
    arclist_free(ctx, &a);
    *out = r;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, drop);
    arclist_free(ctx, &a);
    gnn_graph_destroy(&r);
    return status;
}

gnn_status_t gnn_graph_permute(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *perm,
                               gnn_graph_t **out) {
    OP_BEGIN("gnn_graph_permute");
    arclist_t a = {0};
    gnn_graph_t *r = NULL;
    int64_t *inv = NULL;
    GNN_ARG_CHECK(ctx, perm != NULL, "gnn_graph_permute: perm is NULL");
    GNN_ALLOC(ctx, inv, g->n);
    for (int64_t v = 0; v < g->n; v++) inv[v] = -1;
    for (int64_t v = 0; v < g->n; v++) {
        if (perm[v] < 0 || perm[v] >= g->n || inv[perm[v]] >= 0) {
            status = gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_permute: perm is not a permutation of 0..%lld "
                                 "(entry %lld = %lld)", (long long)g->n - 1, (long long)v, (long long)perm[v]);
            goto fail;
        }
        inv[perm[v]] = v;
    }
    GNN_CHECK(arclist_init(ctx, &a, g->m, g->weight != NULL, g->type != NULL));
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
            arclist_push(&a, (int32_t)perm[u], (int32_t)perm[g->out_idx[e]], arc_w(g, e), arc_t(g, e));
    GNN_CHECK(rebuild(ctx, g->n, &a, g->relations, g->directed, GNN_DUP_KEEP, &r));
    if (g->node_names) GNN_CHECK(gnn_i_names_select(ctx, g->node_names, inv, g->n, &r->node_names));
    if (g->rel_names) GNN_CHECK(gnn_i_names_copy(ctx, g->rel_names, &r->rel_names));
    GNN_ALLOC(ctx, r->origin, g->n);
    for (int64_t i = 0; i < g->n; i++) r->origin[i] = g->origin ? g->origin[inv[i]] : inv[i];
    gnn_i_free(ctx, inv);
    arclist_free(ctx, &a);
    *out = r;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, inv);
    arclist_free(ctx, &a);
    gnn_graph_destroy(&r);
    return status;
}

double gnn_graph_bandwidth_mean(const gnn_graph_t *g) {
    if (g == NULL || g->m == 0) return 0.0;
    double s = 0;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) s += fabs((double)(g->out_idx[e] - u));
    return s / (double)g->m;
}
