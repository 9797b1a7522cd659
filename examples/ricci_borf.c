/* ricci_borf.c: Ollivier-Ricci curvature and BORF rewiring through the C
 * API.  Builds two 6-cliques joined by one bridge (a bottleneck: the most
 * negatively curved edge), prints the curvature of the bridge and of a
 * clique edge, runs one BORF batch that adds one edge and removes none, and
 * prints the bridge's curvature after it.  With an argument, reads that edge
 * list instead and prints the five most negative edges.
 *
 *   cc ricci_borf.c $(pkg-config --cflags --libs gnn) -o ricci_borf */
#include <gnn/gnn.h>
#include <stdio.h>
#include <stdlib.h>

static int fail(gnn_ctx_t *ctx, const char *what) {
    fprintf(stderr, "ricci_borf: %s: %s\n", what, gnn_ctx_errmsg(ctx));
    return 1;
}

/* curvature of every arc, alpha 0 (BORF's setting) and exact transport */
static double *curvature(gnn_ctx_t *ctx, const gnn_graph_t *g) {
    gnn_opts_t *o = NULL;
    double *k = malloc(sizeof(double) * (size_t)gnn_graph_arc_count(g));
    gnn_opts_create(&o);
    gnn_opts_set(o, "alpha", "0");
    gnn_opts_set(o, "method", "exact");
    gnn_status_t st = gnn_orc_edge_curvature(ctx, g, NULL, o, k);
    gnn_opts_destroy(&o);
    if (st < 0) {
        free(k);
        return NULL;
    }
    return k;
}

static int cmp_arc(const void *a, const void *b, void *k) {
    double x = ((double *)k)[*(const int64_t *)a], y = ((double *)k)[*(const int64_t *)b];
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    gnn_ctx_t *ctx = NULL;
    gnn_graph_t *g = NULL, *r = NULL;
    gnn_opts_t *o = NULL;
    double *k = NULL;
    int rc = 1;
    if (gnn_ctx_create(&ctx) != GNN_SUCCESS) return 1;
    if (argc > 1) {
        gnn_opts_create(&o);
        gnn_opts_set(o, "directed", "0");
        gnn_opts_set(o, "self-loops", "drop");
        gnn_opts_set(o, "duplicates", "first");
        gnn_status_t st = gnn_graph_read(ctx, argv[1], o, &g);
        gnn_opts_destroy(&o);
        if (st < 0) return fail(ctx, argv[1]);
        if ((k = curvature(ctx, g)) == NULL) return fail(ctx, "curvature");
        int64_t m = gnn_graph_arc_count(g), *src = malloc(sizeof(int64_t) * (size_t)m),
                *dst = malloc(sizeof(int64_t) * (size_t)m), *ord = malloc(sizeof(int64_t) * (size_t)m), n = 0;
        gnn_graph_arcs(ctx, g, src, dst, NULL, NULL);
        for (int64_t e = 0; e < m; e++)
            if (src[e] < dst[e]) ord[n++] = e;
        /* selection of the five smallest (no qsort_r in C11) */
        for (int64_t i = 0; i < n && i < 5; i++) {
            for (int64_t j = i + 1; j < n; j++)
                if (cmp_arc(&ord[j], &ord[i], k) < 0) {
                    int64_t t = ord[i];
                    ord[i] = ord[j], ord[j] = t;
                }
            const char *a = gnn_graph_node_name(g, src[ord[i]]), *b = gnn_graph_node_name(g, dst[ord[i]]);
            if (a && b) printf("%s\t%s\t%.6f\n", a, b, k[ord[i]]);
            else printf("%lld\t%lld\t%.6f\n", (long long)src[ord[i]], (long long)dst[ord[i]], k[ord[i]]);
        }
        free(src), free(dst), free(ord), free(k);
        gnn_graph_destroy(&g);
        gnn_ctx_destroy(&ctx);
        return 0;
    }
    /* two 6-cliques, 0..5 and 6..11, bridge 5-6 */
    int64_t src[31], dst[31], m = 0;
    for (int c = 0; c < 12; c += 6)
        for (int i = 0; i < 6; i++)
            for (int j = i + 1; j < 6; j++) src[m] = c + i, dst[m] = c + j, m++;
    src[m] = 5, dst[m] = 6, m++;
    if (gnn_graph_from_edges(ctx, 12, m, src, dst, NULL, NULL, 0, GNN_UNDIRECTED, &g) < 0) return fail(ctx, "graph");
    if ((k = curvature(ctx, g)) == NULL) return fail(ctx, "curvature");
    printf("before BORF: %lld edges, kappa(bridge 5-6) = %.4f, kappa(clique edge 0-1) = %.4f\n",
           (long long)gnn_graph_edge_count(g), k[gnn_graph_find_arc(g, 5, 6)], k[gnn_graph_find_arc(g, 0, 1)]);
    free(k);
    k = NULL;
    int64_t added = 0, removed = 0;
    gnn_opts_create(&o);
    gnn_opts_set(o, "borf-batches", "1");
    gnn_opts_set(o, "borf-add", "1");
    gnn_opts_set(o, "borf-remove", "0");
    if (gnn_borf_rewire(ctx, g, o, &r, &added, &removed) < 0) {
        rc = fail(ctx, "borf");
        goto done;
    }
    if ((k = curvature(ctx, r)) == NULL) {
        rc = fail(ctx, "curvature");
        goto done;
    }
    printf("after BORF:  %lld edges (%lld added, %lld removed), kappa(bridge 5-6) = %.4f\n",
           (long long)gnn_graph_edge_count(r), (long long)added, (long long)removed, k[gnn_graph_find_arc(r, 5, 6)]);
    rc = 0;
done:
    free(k);
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&g);
    gnn_graph_destroy(&r);
    gnn_ctx_destroy(&ctx);
    return rc;
}
