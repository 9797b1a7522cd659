/* graph.c: the CSR graph: building from edges, the in-edge view, accessors
 * and names.
 *
 * Building is a stable radix sort written by hand rather than CXSparse's
 * cs_compress: our CSR keeps int32 columns, float weights and int32 relation
 * types, must keep the input order of parallel arcs (arc ids are stable and
 * deterministic), and must stay within a small multiple of the final size on
 * 10^7-edge inputs (cs_compress works on int64 + double triplets, 24 bytes an
 * entry before compression).  Passes: (typed graphs) by relation, by target,
 * then by source into the final arrays, so rows come out sorted by
 * (target, relation, input order) with one int64 scratch array. */
#include "../core/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gnn_status_t gnn_i_graph_check(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *fn) {
    if (g == NULL) return gnn_i_error(ctx, GNN_EINVAL, "%s: graph is NULL", fn);
    if (g->magic != GNN_GRAPH_MAGIC)
        return gnn_i_error(ctx, GNN_EINVAL, "%s: not a live graph (freed or corrupt)", fn);
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_graph_alloc(gnn_ctx_t *ctx, int64_t n, int64_t m, int weighted, int typed,
                               gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_graph_t *g = NULL;
    *out = NULL;
    GNN_CALLOC(ctx, g, 1);
    g->magic = GNN_GRAPH_MAGIC;
    g->alloc = ctx->alloc;
    g->n = n;
    g->m = m;
    g->directed = 1;
    GNN_CALLOC(ctx, g->out_ptr, n + 1);
    GNN_ALLOC(ctx, g->out_idx, m);
    if (weighted) GNN_ALLOC(ctx, g->weight, m);
    if (typed) GNN_ALLOC(ctx, g->type, m);
    *out = g;
    return GNN_SUCCESS;
fail:
    gnn_graph_destroy(&g);
    return status;
}

void gnn_graph_destroy(gnn_graph_t **pg) {
    if (pg == NULL || *pg == NULL) return;
    gnn_graph_t *g = *pg;
    const gnn_i_alloc_t a = g->alloc;
    g->magic = 0;
    gnn_i_alloc_free(&a, g->out_ptr);
    gnn_i_alloc_free(&a, g->out_idx);
    gnn_i_alloc_free(&a, g->weight);
    gnn_i_alloc_free(&a, g->type);
    gnn_i_alloc_free(&a, g->in_ptr);
    gnn_i_alloc_free(&a, g->in_idx);
    gnn_i_alloc_free(&a, g->in_arc);
    gnn_i_alloc_free(&a, g->in_weight);
    gnn_i_alloc_free(&a, g->origin);
    gnn_i_names_destroy_a(&a, &g->node_names);
    gnn_i_names_destroy_a(&a, &g->rel_names);
    gnn_i_alloc_free(&a, g);
    *pg = NULL;
}

gnn_status_t gnn_i_graph_build_in(gnn_ctx_t *ctx, gnn_graph_t *g) {
    gnn_status_t status = GNN_SUCCESS;
    const int64_t n = g->n, m = g->m;
    /* arrays kept from an earlier build have room for n and m (gnn_i_graph_resize) */
    if (g->in_ptr == NULL) GNN_ALLOC(ctx, g->in_ptr, (g->cap_n > n ? g->cap_n : n) + 1);
    if (g->in_idx == NULL) GNN_ALLOC(ctx, g->in_idx, g->cap_m > m ? g->cap_m : m);
    if (g->in_arc == NULL) GNN_ALLOC(ctx, g->in_arc, g->cap_m > m ? g->cap_m : m);
    int64_t *ip = g->in_ptr;
    memset(ip, 0, sizeof(int64_t) * (size_t)(n + 1));
    for (int64_t e = 0; e < m; e++) ip[g->out_idx[e] + 1]++;
    for (int64_t v = 0; v < n; v++) ip[v + 1] += ip[v];
    /* ip[v] serves as v's cursor, then the starts are shifted back */
    for (int64_t u = 0; u < n; u++) {
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            const int64_t pos = ip[g->out_idx[e]]++;
            g->in_idx[pos] = (int32_t)u;
            g->in_arc[pos] = e;
        }
    }
    for (int64_t v = n; v > 0; v--) ip[v] = ip[v - 1];
    ip[0] = 0;
fail:
    return status;
}

static int grow_array(gnn_ctx_t *ctx, void **p, int64_t count, size_t size, int required) {
    if (*p == NULL && !required) return 0; /* optional arrays stay absent (weights; the in-view, built later) */
    void *q = gnn_i_realloc_n(ctx, *p, (size_t)(count > 0 ? count : 1), size);
    if (q == NULL) return -1;
    *p = q;
    return 0;
}

gnn_status_t gnn_i_graph_cache_in_weights(gnn_ctx_t *ctx, gnn_graph_t *g) {
    gnn_status_t status = GNN_SUCCESS;
    if (g->weight == NULL || g->in_weight != NULL) return GNN_SUCCESS;
    GNN_ALLOC(ctx, g->in_weight, g->m > 0 ? g->m : 1);
    for (int64_t k = 0; k < g->m; k++) g->in_weight[k] = g->weight[g->in_arc[k]];
fail:
    return status;
}

gnn_status_t gnn_i_graph_resize(gnn_ctx_t *ctx, gnn_graph_t *g, int64_t n, int64_t m) {
    /* refilled weights would leave a cached in-order copy stale */
    gnn_i_free(ctx, g->in_weight);
    g->in_weight = NULL;
    const int64_t cn = g->cap_n ? g->cap_n : g->n, cm = g->cap_m ? g->cap_m : g->m;
    if (n > cn) {
        const int64_t nn = n > 2 * cn ? n : 2 * cn;
        if (grow_array(ctx, (void **)&g->out_ptr, nn + 1, sizeof(int64_t), 1) ||
            grow_array(ctx, (void **)&g->in_ptr, nn + 1, sizeof(int64_t), 0))
            return gnn_i_nomem(ctx, "graph nodes");
        g->cap_n = nn;
    } else if (g->cap_n == 0) {
        g->cap_n = cn;
    }
    if (m > cm) {
        const int64_t nm = m > 2 * cm ? m : 2 * cm;
        if (grow_array(ctx, (void **)&g->out_idx, nm, sizeof(int32_t), 1) ||
            grow_array(ctx, (void **)&g->weight, nm, sizeof(float), 0) ||
            grow_array(ctx, (void **)&g->in_idx, nm, sizeof(int32_t), 0) ||
            grow_array(ctx, (void **)&g->in_arc, nm, sizeof(int64_t), 0))
            return gnn_i_nomem(ctx, "graph arcs");
        g->cap_m = nm;
    } else if (g->cap_m == 0) {
        g->cap_m = cm;
    }
    g->n = n;
    g->m = m;
    g->out_ptr[0] = 0;
    return GNN_SUCCESS;
}

/* Arc a of the virtual arc list: edge a/2 (undirected) or a (directed). */
typedef struct build_view {
    const int32_t *src, *dst;
    int undirected;
} build_view_t;

static inline int64_t arc_edge(const build_view_t *b, int64_t a) {
    return b->undirected ? a >> 1 : a;
}
static inline int32_t arc_src(const build_view_t *b, int64_t a) {
    if (!b->undirected) return b->src[a];
    return (a & 1) ? b->dst[a >> 1] : b->src[a >> 1];
}
static inline int32_t arc_dst(const build_view_t *b, int64_t a) {
    if (!b->undirected) return b->dst[a];
    return (a & 1) ? b->src[a >> 1] : b->dst[a >> 1];
}

gnn_status_t gnn_i_graph_build32(gnn_ctx_t *ctx, int64_t n, int64_t m, const int32_t *src,
                                 const int32_t *dst, const float *w, const int32_t *type,
                                 int64_t relations, int flags, int64_t *dup_first,
                                 int64_t *dup_second, gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_graph_t *g = NULL;
    int64_t *cnt = NULL, *order = NULL, *order2 = NULL;
    const int undirected = (flags & GNN_UNDIRECTED) != 0;
    const int loops = flags & GNN_LOOPS_MASK;
    int dup = flags & GNN_DUP_MASK;
    if (dup == GNN_DUP_AUTO) dup = w != NULL ? GNN_DUP_SUM : GNN_DUP_FIRST;
    const build_view_t bv = {src, dst, undirected};
    const int64_t nvirt = undirected ? 2 * m : m; /* virtual arcs; some are skipped */
    *out = NULL;
    if (dup_first) *dup_first = -1;
    if (dup_second) *dup_second = -1;

    /* which virtual arcs exist: loops once (undirected mirror skipped) or dropped */
#define ARC_SKIP(a)                                                                             \
    ((undirected && ((a) & 1) && src[(a) >> 1] == dst[(a) >> 1]) ||                             \
     (loops == GNN_LOOPS_DROP && arc_src(&bv, (a)) == arc_dst(&bv, (a))))

    for (int64_t e = 0; e < m; e++) /* callers check ids; this guards the arrays */
        if ((uint32_t)src[e] >= (uint64_t)n || (uint32_t)dst[e] >= (uint64_t)n)
            return gnn_i_error(ctx, GNN_ERANGE, "edge %lld: node id outside [0, %lld)", (long long)e, (long long)n);
    if (type != NULL)
        for (int64_t e = 0; e < m; e++)
            if (type[e] < 0 || type[e] >= relations)
                return gnn_i_error(ctx, GNN_ERANGE, "edge %lld: relation outside [0, %lld)", (long long)e, (long long)relations);
    if (loops == GNN_LOOPS_ERROR) {
        for (int64_t e = 0; e < m; e++)
            if (src[e] == dst[e]) {
                if (dup_first) *dup_first = e;
                return gnn_i_error(ctx, GNN_ESELFLOOP, "self-loop %d -> %d (edge %lld) not allowed",
                                   src[e], dst[e], (long long)e);
            }
    }
    int64_t arcs = 0;
    for (int64_t a = 0; a < nvirt; a++)
        if (!ARC_SKIP(a)) arcs++;

    GNN_CALLOC(ctx, cnt, n + 1);
    GNN_ALLOC(ctx, order, arcs);
    /* pass 0 (typed): stable order by relation */
    const int64_t *by = NULL; /* current order, NULL = identity over non-skipped */
    if (type != NULL && relations > 1) {
        int64_t *rc = NULL;
        GNN_CALLOC(ctx, rc, relations + 1);
        for (int64_t a = 0; a < nvirt; a++)
            if (!ARC_SKIP(a)) rc[type[arc_edge(&bv, a)] + 1]++;
        for (int64_t r = 0; r < relations; r++) rc[r + 1] += rc[r];
        for (int64_t a = 0; a < nvirt; a++)
            if (!ARC_SKIP(a)) order[rc[type[arc_edge(&bv, a)]]++] = a;
        gnn_i_free(ctx, rc);
        GNN_ALLOC(ctx, order2, arcs);
        by = order;
    }
    /* pass 1: stable order by target */
    {
        int64_t *dst_order = by ? order2 : order;
        for (int64_t i = 0; i < (by ? arcs : nvirt); i++) {
            int64_t a = by ? by[i] : i;
            if (!by && ARC_SKIP(a)) continue;
            cnt[arc_dst(&bv, a) + 1]++;
        }
        for (int64_t v = 0; v < n; v++) cnt[v + 1] += cnt[v];
        for (int64_t i = 0; i < (by ? arcs : nvirt); i++) {
            int64_t a = by ? by[i] : i;
            if (!by && ARC_SKIP(a)) continue;
            dst_order[cnt[arc_dst(&bv, a)]++] = a;
        }
        if (by) {
            gnn_i_free(ctx, order);
            order = order2;
            order2 = NULL;
        }
    }
    /* pass 2: by source, into the final arrays */
    GNN_CHECK(gnn_i_graph_alloc(ctx, n, arcs, w != NULL, type != NULL, &g));
    g->directed = !undirected;
    g->relations = type != NULL ? relations : 0;
    for (int64_t i = 0; i < arcs; i++) g->out_ptr[arc_src(&bv, order[i]) + 1]++;
    for (int64_t v = 0; v < n; v++) g->out_ptr[v + 1] += g->out_ptr[v];
    memcpy(cnt, g->out_ptr, sizeof(int64_t) * (size_t)n);
    for (int64_t i = 0; i < arcs; i++) {
        int64_t a = order[i], e = arc_edge(&bv, a);
        int64_t pos = cnt[arc_src(&bv, a)]++;
        g->out_idx[pos] = arc_dst(&bv, a);
        if (w) g->weight[pos] = w[e];
        if (type) g->type[pos] = type[e];
    }
    gnn_i_free(ctx, order);
    order = NULL;
#undef ARC_SKIP

    /* duplicates: adjacent equal (target, relation) inside a row */
    if (dup != GNN_DUP_KEEP) {
        int64_t ndup = 0;
        int64_t first_u = -1, first_v = -1, first_t = -1;
        for (int64_t u = 0; u < n && first_u < 0; u++)
            for (int64_t e = g->out_ptr[u] + 1; e < g->out_ptr[u + 1]; e++)
                if (g->out_idx[e] == g->out_idx[e - 1] &&
                    (g->type == NULL || g->type[e] == g->type[e - 1])) {
                    first_u = u;
                    first_v = g->out_idx[e];
                    first_t = g->type ? g->type[e] : -1;
                    break;
                }
        if (first_u >= 0 && dup == GNN_DUP_ERROR) {
            /* find the two input edges (error path only: a scan is fine) */
            int64_t e1 = -1, e2 = -1;
            for (int64_t e = 0; e < m && e2 < 0; e++) {
                int match = (src[e] == first_u && dst[e] == first_v) ||
                            (undirected && src[e] == first_v && dst[e] == first_u);
                if (match && (first_t < 0 || type[e] == first_t)) {
                    if (e1 < 0) e1 = e;
                    else e2 = e;
                }
            }
            if (dup_first) *dup_first = e1;
            if (dup_second) *dup_second = e2;
            status = gnn_i_error(ctx, GNN_EDUPLICATE,
                                 "duplicate edge %lld -> %lld (edges %lld and %lld)",
                                 (long long)first_u, (long long)first_v, (long long)e1,
                                 (long long)e2);
            goto fail;
        }
        if (first_u >= 0) {
            if (dup == GNN_DUP_SUM && g->weight == NULL) {
                GNN_ALLOC(ctx, g->weight, g->m);
                for (int64_t e = 0; e < g->m; e++) g->weight[e] = 1.0f;
            }
            /* compact in place; merged weights accumulate in double */
            int64_t wpos = 0, start = 0;
            for (int64_t u = 0; u < n; u++) {
                int64_t end = g->out_ptr[u + 1];
                for (int64_t e = start; e < end;) {
                    int64_t f = e + 1;
                    double acc = g->weight ? g->weight[e] : 1.0;
                    while (f < end && g->out_idx[f] == g->out_idx[e] &&
                           (g->type == NULL || g->type[f] == g->type[e])) {
                        if (g->weight) {
                            if (dup == GNN_DUP_SUM) acc += g->weight[f];
                            else if (dup == GNN_DUP_MAX && g->weight[f] > acc) acc = g->weight[f];
                        }
                        f++;
                    }
                    ndup += f - e - 1;
                    g->out_idx[wpos] = g->out_idx[e];
                    if (g->weight) g->weight[wpos] = (float)acc;
                    if (g->type) g->type[wpos] = g->type[e];
                    wpos++;
                    e = f;
                }
                start = end;
                g->out_ptr[u + 1] = wpos;
            }
            g->m = wpos;
            /* shrink (failure to shrink is harmless) */
            void *p = gnn_i_realloc_n(ctx, g->out_idx, (size_t)(wpos ? wpos : 1), sizeof(int32_t));
            if (p) g->out_idx = p;
            if (g->weight) {
                p = gnn_i_realloc_n(ctx, g->weight, (size_t)(wpos ? wpos : 1), sizeof(float));
                if (p) g->weight = p;
            }
            if (g->type) {
                p = gnn_i_realloc_n(ctx, g->type, (size_t)(wpos ? wpos : 1), sizeof(int32_t));
                if (p) g->type = p;
            }
            gnn_i_log(ctx, GNN_LOG_INFO, "merged %lld duplicate arcs", (long long)ndup);
        }
    }
    GNN_CHECK(gnn_i_graph_build_in(ctx, g));
    gnn_i_free(ctx, cnt);
    *out = g;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, cnt);
    gnn_i_free(ctx, order);
    gnn_i_free(ctx, order2);
    gnn_graph_destroy(&g);
    return status;
}

gnn_status_t gnn_graph_from_edges(gnn_ctx_t *ctx, int64_t n, int64_t m, const int64_t *src,
                                  const int64_t *dst, const float *weight, const int64_t *type,
                                  int64_t relations, int flags, gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    int32_t *s32 = NULL, *d32 = NULL, *t32 = NULL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_from_edges: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, m >= 0 && n >= 0, "gnn_graph_from_edges: negative count (n=%lld, m=%lld)",
                  (long long)n, (long long)m);
    GNN_ARG_CHECK(ctx, m == 0 || (src != NULL && dst != NULL),
                  "gnn_graph_from_edges: src or dst is NULL");
    GNN_ARG_CHECK(ctx, type == NULL || relations >= 1,
                  "gnn_graph_from_edges: typed edges need relations >= 1");
    GNN_ARG_CHECK(ctx, (flags & GNN_DUP_MASK) <= GNN_DUP_ERROR && (flags & GNN_LOOPS_MASK) <= GNN_LOOPS_ERROR &&
                  (flags & ~(GNN_UNDIRECTED | GNN_DUP_MASK | GNN_LOOPS_MASK)) == 0,
                  "gnn_graph_from_edges: invalid flags 0x%x", (unsigned)flags);
    int64_t maxid = -1;
    for (int64_t e = 0; e < m; e++) {
        if (src[e] < 0 || dst[e] < 0 || src[e] >= INT32_MAX || dst[e] >= INT32_MAX) {
            status = gnn_i_error(ctx, GNN_ERANGE, "edge %lld: node id %lld outside [0, %d)",
                                 (long long)e, (long long)(src[e] < 0 || src[e] >= INT32_MAX ? src[e] : dst[e]),
                                 INT32_MAX);
            goto fail;
        }
        if (src[e] > maxid) maxid = src[e];
        if (dst[e] > maxid) maxid = dst[e];
        if (weight != NULL && !isfinite(weight[e])) {
            status = gnn_i_error(ctx, GNN_ERANGE, "edge %lld: weight is not finite", (long long)e);
            goto fail;
        }
        if (type != NULL && (type[e] < 0 || type[e] >= relations || type[e] >= INT32_MAX)) {
            status = gnn_i_error(ctx, GNN_ERANGE, "edge %lld: relation %lld outside [0, %lld)",
                                 (long long)e, (long long)type[e], (long long)relations);
            goto fail;
        }
    }
    if (n == 0) n = maxid + 1;
    if (n <= 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "gnn_graph_from_edges: no nodes (n = 0 and no edges)");
        goto fail;
    }
    if (maxid >= n) {
        status = gnn_i_error(ctx, GNN_ERANGE, "node id %lld is not below n = %lld", (long long)maxid,
                             (long long)n);
        goto fail;
    }
    if (n > INT32_MAX) {
        status = gnn_i_error(ctx, GNN_ERANGE, "n = %lld is over INT32_MAX", (long long)n);
        goto fail;
    }
    GNN_ALLOC(ctx, s32, m);
    GNN_ALLOC(ctx, d32, m);
    for (int64_t e = 0; e < m; e++) {
        s32[e] = (int32_t)src[e];
        d32[e] = (int32_t)dst[e];
    }
    if (type != NULL) {
        GNN_ALLOC(ctx, t32, m);
        for (int64_t e = 0; e < m; e++) t32[e] = (int32_t)type[e];
    }
    GNN_CHECK(gnn_i_graph_build32(ctx, n, m, s32, d32, weight, t32, relations, flags, NULL, NULL, out));
fail:
    gnn_i_free(ctx, s32);
    gnn_i_free(ctx, d32);
    gnn_i_free(ctx, t32);
    return status;
}

/* ---------------------------------------------------------------- copy */

gnn_status_t gnn_i_graph_copy_names(gnn_ctx_t *ctx, const gnn_graph_t *src, gnn_graph_t *dst) {
    gnn_status_t status = GNN_SUCCESS;
    if (src->node_names != NULL && dst->node_names == NULL && dst->n == src->n)
        GNN_CHECK(gnn_i_names_copy(ctx, src->node_names, &dst->node_names));
    if (src->rel_names != NULL && dst->rel_names == NULL)
        GNN_CHECK(gnn_i_names_copy(ctx, src->rel_names, &dst->rel_names));
fail:
    return status;
}

gnn_status_t gnn_graph_copy(gnn_ctx_t *ctx, const gnn_graph_t *g, gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_graph_t *r = NULL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_copy: out is NULL");
    *out = NULL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_graph_copy"));
    GNN_CHECK(gnn_i_graph_alloc(ctx, g->n, g->m, g->weight != NULL, g->type != NULL, &r));
    r->directed = g->directed;
    r->relations = g->relations;
    memcpy(r->out_ptr, g->out_ptr, sizeof(int64_t) * (size_t)(g->n + 1));
    memcpy(r->out_idx, g->out_idx, sizeof(int32_t) * (size_t)g->m);
    if (g->weight) memcpy(r->weight, g->weight, sizeof(float) * (size_t)g->m);
    if (g->type) memcpy(r->type, g->type, sizeof(int32_t) * (size_t)g->m);
    GNN_ALLOC(ctx, r->in_ptr, g->n + 1);
    GNN_ALLOC(ctx, r->in_idx, g->m);
    GNN_ALLOC(ctx, r->in_arc, g->m);
    memcpy(r->in_ptr, g->in_ptr, sizeof(int64_t) * (size_t)(g->n + 1));
    memcpy(r->in_idx, g->in_idx, sizeof(int32_t) * (size_t)g->m);
    memcpy(r->in_arc, g->in_arc, sizeof(int64_t) * (size_t)g->m);
    if (g->origin) {
        GNN_ALLOC(ctx, r->origin, g->n);
        memcpy(r->origin, g->origin, sizeof(int64_t) * (size_t)g->n);
    }
    GNN_CHECK(gnn_i_graph_copy_names(ctx, g, r));
    *out = r;
    return GNN_SUCCESS;
fail:
    gnn_graph_destroy(&r);
    return status;
}

/* ---------------------------------------------------------------- accessors */

int64_t gnn_graph_node_count(const gnn_graph_t *g) {
    return g ? g->n : 0;
}
int64_t gnn_graph_arc_count(const gnn_graph_t *g) {
    return g ? g->m : 0;
}
int64_t gnn_graph_self_loop_count(const gnn_graph_t *g) {
    if (g == NULL) return 0;
    int64_t loops = 0;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) loops += g->out_idx[e] == u;
    return loops;
}
int64_t gnn_graph_edge_count(const gnn_graph_t *g) {
    if (g == NULL) return 0;
    if (g->directed) return g->m;
    int64_t loops = gnn_graph_self_loop_count(g);
    return (g->m - loops) / 2 + loops;
}
int gnn_graph_is_directed(const gnn_graph_t *g) {
    return g ? g->directed : 0;
}
int gnn_graph_is_weighted(const gnn_graph_t *g) {
    return g ? g->weight != NULL : 0;
}
int64_t gnn_graph_relation_count(const gnn_graph_t *g) {
    return g ? g->relations : 0;
}

int64_t gnn_graph_degree_of(const gnn_graph_t *g, int64_t v, int mode) {
    if (g == NULL || v < 0 || v >= g->n) return 0;
    int64_t d = 0;
    if (mode & GNN_OUT) d += g->out_ptr[v + 1] - g->out_ptr[v];
    if (mode & GNN_IN) d += g->in_ptr[v + 1] - g->in_ptr[v];
    return d;
}

gnn_status_t gnn_graph_neighbors(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t v, int mode,
                                 int64_t *nbr, int64_t *arcs) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_neighbors");
    if (status < 0) return status;
    if (v < 0 || v >= g->n)
        return gnn_i_error(ctx, GNN_ERANGE, "gnn_graph_neighbors: node %lld outside [0, %lld)",
                           (long long)v, (long long)g->n);
    if (mode != GNN_OUT && mode != GNN_IN)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_neighbors: mode must be GNN_OUT or GNN_IN");
    int64_t k = 0;
    if (mode == GNN_OUT) {
        for (int64_t e = g->out_ptr[v]; e < g->out_ptr[v + 1]; e++, k++) {
            if (nbr) nbr[k] = g->out_idx[e];
            if (arcs) arcs[k] = e;
        }
    } else {
        for (int64_t e = g->in_ptr[v]; e < g->in_ptr[v + 1]; e++, k++) {
            if (nbr) nbr[k] = g->in_idx[e];
            if (arcs) arcs[k] = g->in_arc[e];
        }
    }
    return GNN_SUCCESS;
}

int64_t gnn_graph_find_arc(const gnn_graph_t *g, int64_t u, int64_t v) {
    if (g == NULL || u < 0 || u >= g->n || v < 0 || v >= g->n) return -1;
    int64_t lo = g->out_ptr[u], hi = g->out_ptr[u + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (g->out_idx[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return (lo < g->out_ptr[u + 1] && g->out_idx[lo] == v) ? lo : -1;
}

gnn_status_t gnn_graph_arcs(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t *src, int64_t *dst,
                            float *weight, int64_t *type) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_arcs");
    if (status < 0) return status;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            if (src) src[e] = u;
            if (dst) dst[e] = g->out_idx[e];
            if (weight) weight[e] = g->weight ? g->weight[e] : 1.0f;
            if (type) type[e] = g->type ? g->type[e] : 0;
        }
    return GNN_SUCCESS;
}

gnn_status_t gnn_graph_degrees(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int weighted,
                               double *out) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_degrees");
    if (status < 0) return status;
    if (mode < GNN_OUT || mode > GNN_ALL)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_degrees: mode must be GNN_OUT, GNN_IN or GNN_ALL");
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_degrees: out is NULL");
    const int use_w = weighted && g->weight != NULL;
    for (int64_t v = 0; v < g->n; v++) {
        double d = 0;
        if (mode & GNN_OUT) {
            if (use_w)
                for (int64_t e = g->out_ptr[v]; e < g->out_ptr[v + 1]; e++) d += g->weight[e];
            else d += (double)(g->out_ptr[v + 1] - g->out_ptr[v]);
        }
        if (mode & GNN_IN) {
            if (use_w)
                for (int64_t e = g->in_ptr[v]; e < g->in_ptr[v + 1]; e++) d += g->weight[g->in_arc[e]];
            else d += (double)(g->in_ptr[v + 1] - g->in_ptr[v]);
        }
        out[v] = d;
    }
    return GNN_SUCCESS;
}

/* ---------------------------------------------------------------- names */

const char *gnn_graph_node_name(const gnn_graph_t *g, int64_t v) {
    if (g == NULL || g->node_names == NULL || v < 0 || v >= g->node_names->count) return NULL;
    return gnn_i_names_get(g->node_names, v);
}

const char *gnn_graph_relation_name(const gnn_graph_t *g, int64_t r) {
    if (g == NULL || g->rel_names == NULL || r < 0 || r >= g->rel_names->count) return NULL;
    return gnn_i_names_get(g->rel_names, r);
}

int gnn_graph_has_names(const gnn_graph_t *g) {
    return g != NULL && g->node_names != NULL;
}

const char *gnn_i_node_label(const gnn_graph_t *g, int64_t v, char *buf, size_t size) {
    const char *s = gnn_graph_node_name(g, v);
    if (s != NULL) return s;
    snprintf(buf, size, "%lld", (long long)v);
    return buf;
}

static gnn_status_t lookup(gnn_ctx_t *ctx, const gnn_i_names_t *t, int64_t count, const char *what,
                           const char *name, int64_t *id) {
    if (name == NULL || id == NULL) return gnn_i_error(ctx, GNN_EINVAL, "%s lookup: NULL argument", what);
    *id = -1;
    if (t != NULL) {
        int64_t k = gnn_i_names_find(t, name, strlen(name));
        if (k < 0) return gnn_i_error(ctx, GNN_ENOTFOUND, "unknown %s '%s'", what, name);
        *id = k;
        return GNN_SUCCESS;
    }
    char *end;
    long long x = strtoll(name, &end, 10);
    if (end == name || *end != '\0' || x < 0 || x >= count)
        return gnn_i_error(ctx, GNN_ENOTFOUND, "unknown %s '%s' (ids are 0..%lld)", what, name,
                           (long long)count - 1);
    *id = x;
    return GNN_SUCCESS;
}

gnn_status_t gnn_graph_node_id(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *name, int64_t *id) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_node_id");
    if (status < 0) return status;
    return lookup(ctx, g->node_names, g->n, "node", name, id);
}

gnn_status_t gnn_graph_relation_id(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *name,
                                   int64_t *id) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_relation_id");
    if (status < 0) return status;
    return lookup(ctx, g->rel_names, g->relations, "relation", name, id);
}

static gnn_status_t set_names(gnn_ctx_t *ctx, int64_t count, const char *const *names,
                              const char *what, gnn_i_names_t **slot) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_names_t *t = NULL;
    GNN_ARG_CHECK(ctx, names != NULL, "set %s names: names is NULL", what);
    GNN_CHECK(gnn_i_names_create(ctx, &t));
    for (int64_t i = 0; i < count; i++) {
        int64_t id;
        int added;
        GNN_ARG_CHECK(ctx, names[i] != NULL, "%s name %lld is NULL", what, (long long)i);
        GNN_CHECK(gnn_i_names_intern(ctx, t, names[i], strlen(names[i]), &id, &added));
        if (!added) {
            status = gnn_i_error(ctx, GNN_EDUPLICATE, "%s name '%s' given twice (%lld and %lld)", what,
                                 names[i], (long long)id, (long long)i);
            goto fail;
        }
    }
    gnn_i_names_destroy(ctx, slot);
    *slot = t;
    return GNN_SUCCESS;
fail:
    gnn_i_names_destroy(ctx, &t);
    return status;
}

gnn_status_t gnn_graph_set_node_names(gnn_ctx_t *ctx, gnn_graph_t *g, const char *const *names) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_set_node_names");
    if (status < 0) return status;
    return set_names(ctx, g->n, names, "node", &g->node_names);
}

gnn_status_t gnn_graph_set_relation_names(gnn_ctx_t *ctx, gnn_graph_t *g, const char *const *names) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_set_relation_names");
    if (status < 0) return status;
    if (g->relations < 1)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_set_relation_names: graph has no relation types");
    return set_names(ctx, g->relations, names, "relation", &g->rel_names);
}

int64_t gnn_graph_origin_id(const gnn_graph_t *g, int64_t v) {
    if (g == NULL || v < 0 || v >= g->n) return -1;
    return g->origin ? g->origin[v] : v;
}
