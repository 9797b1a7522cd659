/* igraph.c: igraph conversion, connected components, reciprocity. */
#include "../core/internal.h"

#include <igraph.h>
#include <math.h>
#include <string.h>

#include <gnn/igraph.h>

/* Edge list for igraph: each undirected edge once (u <= v arcs). */
static int keep_arc(const gnn_graph_t *g, int64_t u, int64_t e, int64_t *loop_seen) {
    if (g->directed) return 1;
    int64_t v = g->out_idx[e];
    if (u < v) return 1;
    if (u > v) return 0;
    (void)loop_seen;
    return 1; /* loops are stored once */
}

gnn_status_t gnn_graph_to_igraph(gnn_ctx_t *ctx, const gnn_graph_t *g, igraph_t *ig,
                                 igraph_vector_t *weights) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_to_igraph");
    igraph_vector_int_t edges;
    int have_edges = 0;
    if (status < 0) return status;
    if (ig == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_to_igraph: ig is NULL");
    int64_t k = 0;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) k += keep_arc(g, u, e, NULL);
    gnn_i_igraph_enter();
    if (igraph_vector_int_init(&edges, 2 * k) != IGRAPH_SUCCESS) goto nomem;
    have_edges = 1;
    if (weights != NULL && igraph_vector_resize(weights, k) != IGRAPH_SUCCESS) goto nomem;
    int64_t i = 0;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            if (!keep_arc(g, u, e, NULL)) continue;
            VECTOR(edges)[2 * i] = u;
            VECTOR(edges)[2 * i + 1] = g->out_idx[e];
            if (weights) VECTOR(*weights)[i] = g->weight ? g->weight[e] : 1.0;
            i++;
        }
    if (igraph_create(ig, &edges, g->n, g->directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED) !=
        IGRAPH_SUCCESS)
        goto nomem;
    igraph_vector_int_destroy(&edges);
    gnn_i_igraph_leave();
    return GNN_SUCCESS;
nomem:
    if (have_edges) igraph_vector_int_destroy(&edges);
    gnn_i_igraph_leave();
    return gnn_i_error(ctx, GNN_EDEPENDENCY, "gnn_graph_to_igraph: igraph failed (out of memory?)");
}

gnn_status_t gnn_graph_from_igraph(gnn_ctx_t *ctx, const igraph_t *ig, const igraph_vector_t *weights,
                                   gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    int32_t *src = NULL, *dst = NULL;
    float *w = NULL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_from_igraph: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, ig != NULL, "gnn_graph_from_igraph: ig is NULL");
    gnn_i_igraph_enter();
    int64_t n = igraph_vcount(ig), m = igraph_ecount(ig);
    int directed = igraph_is_directed(ig);
    int64_t wlen = weights ? igraph_vector_size(weights) : 0;
    gnn_i_igraph_leave();
    GNN_ARG_CHECK(ctx, n >= 1, "gnn_graph_from_igraph: the igraph graph has no vertices");
    GNN_ARG_CHECK(ctx, n < INT32_MAX, "gnn_graph_from_igraph: too many vertices (%lld)", (long long)n);
    GNN_ARG_CHECK(ctx, weights == NULL || wlen == m,
                  "gnn_graph_from_igraph: %lld weights for %lld edges", (long long)wlen, (long long)m);
    GNN_ALLOC(ctx, src, m);
    GNN_ALLOC(ctx, dst, m);
    if (weights) GNN_ALLOC(ctx, w, m);
    gnn_i_igraph_enter();
    for (int64_t e = 0; e < m; e++) {
        src[e] = (int32_t)IGRAPH_FROM(ig, e);
        dst[e] = (int32_t)IGRAPH_TO(ig, e);
        if (w) w[e] = (float)VECTOR(*weights)[e];
    }
    gnn_i_igraph_leave();
    if (w)
        for (int64_t e = 0; e < m; e++)
            if (!isfinite(w[e])) {
                status = gnn_i_error(ctx, GNN_ERANGE, "gnn_graph_from_igraph: weight of edge %lld is not finite",
                                     (long long)e);
                goto fail;
            }
    GNN_CHECK(gnn_i_graph_build32(ctx, n, m, src, dst, w, NULL, 0,
                                  (directed ? GNN_DIRECTED : GNN_UNDIRECTED) | GNN_DUP_KEEP | GNN_LOOPS_KEEP,
                                  NULL, NULL, out));
fail:
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    gnn_i_free(ctx, w);
    return status;
}

gnn_status_t gnn_graph_components(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int64_t *membership,
                                  int64_t *count) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_components");
    igraph_t ig;
    igraph_vector_int_t memb;
    igraph_integer_t nc = 0;
    if (status < 0) return status;
    if (mode != GNN_ALL && mode != GNN_OUT)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_components: mode must be GNN_ALL (weak) or GNN_OUT (strong)");
    status = gnn_graph_to_igraph(ctx, g, &ig, NULL);
    if (status < 0) return status;
    gnn_i_igraph_enter();
    int ok = igraph_vector_int_init(&memb, 0) == IGRAPH_SUCCESS;
    if (ok) {
        ok = igraph_connected_components(&ig, &memb, NULL, &nc,
                                         mode == GNN_ALL ? IGRAPH_WEAK : IGRAPH_STRONG) == IGRAPH_SUCCESS;
        if (ok && membership != NULL) {
            /* renumber by first node so the numbering does not depend on igraph's */
            int64_t *first = NULL;
            first = gnn_i_malloc_n(ctx, (size_t)(nc > 0 ? nc : 1), sizeof *first);
            if (first == NULL) ok = 0;
            else {
                for (int64_t c = 0; c < nc; c++) first[c] = -1;
                int64_t next = 0;
                for (int64_t v = 0; v < g->n; v++) {
                    int64_t c = VECTOR(memb)[v];
                    if (first[c] < 0) first[c] = next++;
                    membership[v] = first[c];
                }
                gnn_i_free(ctx, first);
            }
        }
        igraph_vector_int_destroy(&memb);
    }
    igraph_destroy(&ig);
    gnn_i_igraph_leave();
    if (!ok) return gnn_i_error(ctx, GNN_EDEPENDENCY, "gnn_graph_components: igraph failed");
    if (count) *count = nc;
    return GNN_SUCCESS;
}

gnn_status_t gnn_graph_reciprocity(gnn_ctx_t *ctx, const gnn_graph_t *g, double *out) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_reciprocity");
    if (status < 0) return status;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_reciprocity: out is NULL");
    if (!g->directed) {
        *out = 1.0;
        return GNN_SUCCESS;
    }
    /* igraph's default reciprocity: mutual non-loop arcs / all non-loop arcs */
    igraph_t ig;
    igraph_real_t r = 0;
    status = gnn_graph_to_igraph(ctx, g, &ig, NULL);
    if (status < 0) return status;
    gnn_i_igraph_enter();
    int ok = igraph_reciprocity(&ig, &r, /*ignore_loops=*/1, IGRAPH_RECIPROCITY_DEFAULT) == IGRAPH_SUCCESS;
    igraph_destroy(&ig);
    gnn_i_igraph_leave();
    if (!ok) return gnn_i_error(ctx, GNN_EDEPENDENCY, "gnn_graph_reciprocity: igraph failed");
    *out = isnan(r) ? 0.0 : r;
    return GNN_SUCCESS;
}
