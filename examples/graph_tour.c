/* graph_tour.c: read an edge list, print its structure, renumber it for
 * locality, partition it and split its edges for link prediction.
 *
 *   cc graph_tour.c $(pkg-config --cflags --libs gnn) -o graph_tour
 *   ./graph_tour edges.tsv
 */
#include <stdio.h>
#include <stdlib.h>

#include <gnn/gnn.h>

static int fail(gnn_ctx_t *ctx) {
    fprintf(stderr, "graph_tour: %s\n", gnn_ctx_errmsg(ctx));
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: graph_tour EDGES\n");
        return 2;
    }
    gnn_ctx_t *ctx = NULL;
    gnn_graph_t *g = NULL, *r = NULL;
    gnn_split_t *s = NULL;
    if (gnn_ctx_create(&ctx) != GNN_SUCCESS) return 1;
    if (gnn_graph_read(ctx, argv[1], NULL, &g) < 0) return fail(ctx);
    const int64_t n = gnn_graph_node_count(g);
    int64_t ncomp = 0, cut = 0, *memb = malloc(sizeof *memb * (size_t)n), *part = malloc(sizeof *part * (size_t)n);
    double recip = 0;
    if (gnn_graph_components(ctx, g, GNN_ALL, memb, &ncomp) < 0 || gnn_graph_reciprocity(ctx, g, &recip) < 0) return fail(ctx);
    printf("%lld nodes, %lld edges, %lld weak components, reciprocity %.3f\n", (long long)n,
           (long long)gnn_graph_edge_count(g), (long long)ncomp, recip);
    if (gnn_graph_reorder(ctx, g, GNN_ORDER_RCM, &r) < 0) return fail(ctx);
    printf("reverse Cuthill-McKee: mean |i - j| %.1f -> %.1f; node 0 is now '%s'\n", gnn_graph_bandwidth_mean(g),
           gnn_graph_bandwidth_mean(r), gnn_graph_node_name(r, 0) ? gnn_graph_node_name(r, 0) : "(an integer id)");
    int64_t parts = n >= 4 ? 4 : 1;
    if (gnn_graph_partition(ctx, g, parts, 0, part, &cut) < 0) return fail(ctx);
    printf("METIS into %lld parts: edge cut %lld\n", (long long)parts, (long long)cut);
    if (gnn_graph_edge_count(g) >= 10) {
        if (gnn_split_edges(ctx, g, 0.1, 0.2, &s) < 0) return fail(ctx);
        printf("link split: %lld / %lld / %lld positive pairs, as many negatives\n",
               (long long)gnn_split_count(s, GNN_SPLIT_TRAIN, 1), (long long)gnn_split_count(s, GNN_SPLIT_VALID, 1),
               (long long)gnn_split_count(s, GNN_SPLIT_TEST, 1));
    }
    free(memb);
    free(part);
    gnn_split_destroy(&s);
    gnn_graph_destroy(&r);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
    return 0;
}
