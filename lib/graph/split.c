/* split.c: reproducible train/valid/test edge splits with negative pairs. */
#include "../core/internal.h"

#include <math.h>
#include <string.h>

struct gnn_split {
    gnn_i_alloc_t alloc;
    int directed;
    int64_t count[3][2];   /* [part][positive] */
    int64_t *src[3][2], *dst[3][2];
};

void gnn_split_destroy(gnn_split_t **ps) {
    if (ps == NULL || *ps == NULL) return;
    gnn_split_t *s = *ps;
    for (int p = 0; p < 3; p++)
        for (int q = 0; q < 2; q++) {
            gnn_i_alloc_free(&s->alloc, s->src[p][q]);
            gnn_i_alloc_free(&s->alloc, s->dst[p][q]);
        }
    gnn_i_alloc_free(&s->alloc, s);
    *ps = NULL;
}

gnn_status_t gnn_split_edges(gnn_ctx_t *ctx, const gnn_graph_t *g, double valid_ratio, double test_ratio,
                             gnn_split_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_split_t *s = NULL;
    int64_t *eu = NULL, *ev = NULL, *idx = NULL;
    gnn_i_u64set_t neg = {0};
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_split_edges: out is NULL");
    *out = NULL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_split_edges"));
    GNN_ARG_CHECK(ctx, valid_ratio >= 0 && test_ratio >= 0 && valid_ratio + test_ratio < 1,
                  "gnn_split_edges: ratios must be >= 0 with valid + test < 1 (got %g and %g)",
                  valid_ratio, test_ratio);
    /* positives: non-loop arcs (directed) or pairs u < v (undirected), in arc order */
    int64_t E = 0;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            int64_t v = g->out_idx[e];
            if (v != u && (g->directed || u < v) && (e == g->out_ptr[u] || g->out_idx[e - 1] != v)) E++;
        }
    if (E < 3) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "gnn_split_edges: need at least 3 edges, the graph has %lld",
                             (long long)E);
        goto fail;
    }
    GNN_ALLOC(ctx, eu, E);
    GNN_ALLOC(ctx, ev, E);
    GNN_ALLOC(ctx, idx, E);
    {
        int64_t k = 0;
        for (int64_t u = 0; u < g->n; u++)
            for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
                int64_t v = g->out_idx[e];
                if (v != u && (g->directed || u < v) && (e == g->out_ptr[u] || g->out_idx[e - 1] != v)) {
                    eu[k] = u;
                    ev[k] = v;
                    idx[k] = k;
                    k++;
                }
            }
    }
    gnn_rng_t rng;
    gnn_rng_init(&rng, gnn_ctx_seed(ctx), 0x73706c6974ull /* "split" */, 0);
    gnn_rng_shuffle(&rng, idx, E);
    GNN_CALLOC(ctx, s, 1);
    s->alloc = ctx->alloc;
    s->directed = g->directed;
    int64_t ntest = (int64_t)floor(test_ratio * (double)E);
    int64_t nvalid = (int64_t)floor(valid_ratio * (double)E);
    int64_t ntrain = E - ntest - nvalid;
    const int64_t cnt[3] = {ntrain, nvalid, ntest};
    {
        int64_t k = 0;
        for (int p = 0; p < 3; p++) {
            s->count[p][1] = s->count[p][0] = cnt[p];
            GNN_ALLOC(ctx, s->src[p][1], cnt[p]);
            GNN_ALLOC(ctx, s->dst[p][1], cnt[p]);
            GNN_ALLOC(ctx, s->src[p][0], cnt[p]);
            GNN_ALLOC(ctx, s->dst[p][0], cnt[p]);
            /* order inside a part: by original edge order, for readable files */
            for (int64_t i = 0; i < cnt[p]; i++, k++) {
                s->src[p][1][i] = eu[idx[k]];
                s->dst[p][1][i] = ev[idx[k]];
            }
        }
    }
    /* negatives: uniform pairs u != v, not an arc (either direction when
     * undirected), all distinct */
    int64_t need = E;
    double possible = (double)g->n * (double)(g->n - 1) / (g->directed ? 1.0 : 2.0);
    if ((double)need > 0.5 * (possible - (double)E)) {
        status = gnn_i_error(ctx, GNN_EUNSUPPORTED,
                             "gnn_split_edges: graph too dense to draw %lld negative pairs "
                             "(%lld edges among %lld nodes)",
                             (long long)need, (long long)E, (long long)g->n);
        goto fail;
    }
    {
        GNN_CHECK(gnn_i_u64set_init(ctx, &neg, (uint64_t)need));
        const uint64_t n = (uint64_t)g->n;
        for (int p = 0; p < 3; p++) {
            for (int64_t i = 0; i < cnt[p];) {
                uint64_t u = gnn_rng_below(&rng, n), v = gnn_rng_below(&rng, n);
                if (u == v) continue;
                if (!g->directed && u > v) {
                    uint64_t t = u;
                    u = v;
                    v = t;
                }
                if (gnn_graph_find_arc(g, (int64_t)u, (int64_t)v) >= 0) continue;
                if (!g->directed && gnn_graph_find_arc(g, (int64_t)v, (int64_t)u) >= 0) continue;
                if (!gnn_i_u64set_add(&neg, u * n + v)) continue;
                s->src[p][0][i] = (int64_t)u;
                s->dst[p][0][i] = (int64_t)v;
                i++;
            }
        }
    }
    gnn_i_free(ctx, eu);
    gnn_i_free(ctx, ev);
    gnn_i_free(ctx, idx);
    gnn_i_u64set_free(ctx, &neg);
    *out = s;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, eu);
    gnn_i_free(ctx, ev);
    gnn_i_free(ctx, idx);
    gnn_i_u64set_free(ctx, &neg);
    gnn_split_destroy(&s);
    return status;
}

int64_t gnn_split_count(const gnn_split_t *s, int part, int positive) {
    if (s == NULL || part < 0 || part > 2) return 0;
    return s->count[part][positive ? 1 : 0];
}

gnn_status_t gnn_split_pairs(const gnn_split_t *s, int part, int positive, int64_t *src, int64_t *dst) {
    if (s == NULL || part < 0 || part > 2) return GNN_EINVAL;
    int q = positive ? 1 : 0;
    if (src) memcpy(src, s->src[part][q], sizeof(int64_t) * (size_t)s->count[part][q]);
    if (dst) memcpy(dst, s->dst[part][q], sizeof(int64_t) * (size_t)s->count[part][q]);
    return GNN_SUCCESS;
}

gnn_status_t gnn_split_train_graph(gnn_ctx_t *ctx, const gnn_split_t *s, const gnn_graph_t *g,
                                   gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    uint8_t *mask = NULL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_split_train_graph: out is NULL");
    *out = NULL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_split_train_graph"));
    GNN_ARG_CHECK(ctx, s != NULL, "gnn_split_train_graph: split is NULL");
    GNN_CALLOC(ctx, mask, g->m);
    for (int p = 1; p < 3; p++)
        for (int64_t i = 0; i < s->count[p][1]; i++) {
            int64_t u = s->src[p][1][i], v = s->dst[p][1][i];
            if (u >= g->n || v >= g->n) {
                status = gnn_i_error(ctx, GNN_EINVAL, "gnn_split_train_graph: split is not of this graph");
                goto fail;
            }
            /* every parallel arc u -> v (and v -> u when undirected) */
            for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
                if (g->out_idx[e] == v) mask[e] = 1;
            if (!g->directed)
                for (int64_t e = g->out_ptr[v]; e < g->out_ptr[v + 1]; e++)
                    if (g->out_idx[e] == u) mask[e] = 1;
        }
    GNN_CHECK(gnn_graph_remove_arcs(ctx, g, mask, out));
fail:
    gnn_i_free(ctx, mask);
    return status;
}
