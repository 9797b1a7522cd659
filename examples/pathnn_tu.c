/* pathnn_tu.c: PathNN graph classification through the C API.
 *
 *   pathnn_tu [DIR/NAME [seed]]
 *
 * Loads a TU dataset (the files DIR/NAME_A.txt, DIR/NAME_graph_indicator.txt,
 * ...; default: $GNN_DATASETS/tu/MUTAG/MUTAG, GNN_DATASETS defaulting to
 * ../shared/datasets), extracts the SP+ paths of its first graph with
 * gnn_paths_extract and prints how many there are of each length (and the
 * first path of length 2 with its distances to the root), then trains
 * PathNN-SP+ on the first outer fold of seeded stratified folds (no model
 * selection, one run, a few epochs) and prints the test accuracy.  Exits 77
 * (skipped) when the dataset is absent.  Small settings so that it runs in
 * seconds; gnn_pathnn(3) describes the real protocol.
 *
 *   cc pathnn_tu.c $(pkg-config --cflags --libs gnn) -o pathnn_tu */
#include <gnn/gnn.h>

#include <stdio.h>
#include <stdlib.h>

#define KMAX 4

static int fail(gnn_ctx_t *ctx, const char *what) {
    fprintf(stderr, "pathnn_tu: %s: %s\n", what, gnn_ctx_errmsg(ctx));
    return 1;
}

/* the SP+ paths of lengths 1..KMAX of graph g: counts, one example */
static int show_paths(gnn_ctx_t *ctx, const gnn_graph_t *g) {
    gnn_paths_t *p = NULL;
    if (gnn_paths_extract(ctx, g, gnn_paths_kind_from_name("sp+"), KMAX, 0, &p) < 0) return fail(ctx, "paths");
    printf("graph 0: %lld nodes, %lld arcs; SP+ paths per length:", (long long)gnn_paths_node_count(p),
           (long long)gnn_graph_arc_count(g));
    for (int64_t k = 1; k <= gnn_paths_max_length(p); k++)
        printf(" k=%lld:%lld", (long long)k, (long long)gnn_paths_count(p, k));
    printf("\n");
    const int64_t P2 = gnn_paths_count(p, 2);
    int rc = 0;
    if (P2 > 0) {
        int64_t *nodes = malloc(sizeof(int64_t) * (size_t)(3 * P2)), *dist = malloc(sizeof(int64_t) * (size_t)(3 * P2));
        if (nodes == NULL || dist == NULL || gnn_paths_get(ctx, p, 2, nodes, dist) < 0) rc = fail(ctx, "paths of length 2");
        else
            printf("first path of length 2 (far end .. root): %lld %lld %lld, distances to the root %lld %lld %lld\n",
                   (long long)nodes[0], (long long)nodes[1], (long long)nodes[2], (long long)dist[0], (long long)dist[1],
                   (long long)dist[2]);
        free(nodes);
        free(dist);
    }
    gnn_paths_destroy(&p);
    return rc;
}

static int run(gnn_ctx_t *ctx, const char *path) {
    gnn_dataset_t *ds = NULL;
    gnn_model_t *m = NULL;
    gnn_opts_t *o = NULL;
    int rc = 1;
    if (gnn_dataset_load(ctx, "tu", path, NULL, &ds) < 0) return fail(ctx, path);
    printf("%s: %lld graphs, %lld classes\n", path, (long long)gnn_dataset_graph_count(ds),
           (long long)gnn_dataset_class_count(ds));
    if (show_paths(ctx, gnn_dataset_graph(ds, 0)) != 0) goto done;
    if (gnn_opts_create(&o) != GNN_SUCCESS) goto done;
    gnn_opts_set(o, "variant", "sp+");
    gnn_opts_set(o, "K", "2");
    gnn_opts_set(o, "grid", "0");
    gnn_opts_set(o, "fold", "0");
    gnn_opts_set(o, "epochs", "5");
    gnn_opts_set(o, "final-runs", "1");
    if (gnn_model_create(ctx, "pathnn", o, &m) < 0 || gnn_model_fit(m, ds) < 0) {
        fail(ctx, "pathnn");
        goto done;
    }
    double acc = 0, paths = 0, sec = 0;
    gnn_model_metric(m, "test_accuracy", &acc);
    gnn_model_metric(m, "paths", &paths);
    gnn_model_metric(m, "seconds_per_epoch", &sec);
    printf("paths %.0f\ntest_accuracy %.4f\nseconds_per_epoch %.3f\n", paths, acc, sec);
    rc = 0;
done:
    gnn_opts_destroy(&o);
    gnn_model_destroy(&m);
    gnn_dataset_destroy(&ds);
    return rc;
}

int main(int argc, char **argv) {
    char def[4096], probe[4200];
    const char *path = argc > 1 ? argv[1] : NULL;
    if (path == NULL) {
        const char *d = getenv("GNN_DATASETS");
        snprintf(def, sizeof def, "%s/tu/MUTAG/MUTAG", d && d[0] ? d : "../shared/datasets");
        path = def;
    }
    snprintf(probe, sizeof probe, "%s_A.txt", path);
    FILE *f = fopen(probe, "r");
    if (f == NULL) {
        printf("SKIP: %s not found (give DIR/NAME or set GNN_DATASETS)\n", probe);
        return 77;
    }
    fclose(f);
    gnn_ctx_t *ctx = NULL;
    if (gnn_ctx_create(&ctx) != GNN_SUCCESS) return 1;
    gnn_ctx_set_seed(ctx, argc > 2 ? strtoull(argv[2], NULL, 10) : 1);
    const int rc = run(ctx, path);
    gnn_ctx_destroy(&ctx);
    return rc;
}
