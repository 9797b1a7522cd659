/* mpnn_cora.c: train a 2-layer message-passing network on Cora's public
 * split with each of the five aggregators and print the test accuracy.
 *
 *   cc mpnn_cora.c $(pkg-config --cflags --libs gnn) -o mpnn_cora
 *   ./mpnn_cora path/to/planetoid/cora [epochs]
 */
#include <stdio.h>
#include <stdlib.h>

#include <gnn/gnn.h>

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "../shared/datasets/planetoid/cora";
    const char *epochs = argc > 2 ? argv[2] : "200";
    const char *aggregators[] = {"sum", "mean", "max", "recurrent", "lcm"};
    gnn_ctx_t *ctx = NULL;
    gnn_dataset_t *ds = NULL;
    int rc = 0;
    if (gnn_ctx_create(&ctx) != GNN_SUCCESS) return 1;
    if (gnn_dataset_load(ctx, "planetoid", dir, NULL, &ds) != GNN_SUCCESS) {
        fprintf(stderr, "mpnn_cora: %s\n", gnn_ctx_errmsg(ctx));
        gnn_ctx_destroy(&ctx);
        return 1;
    }
    printf("%-10s %14s %10s %8s\n", "aggregator", "test accuracy", "ms/epoch", "epochs");
    for (int k = 0; k < 5; k++) {
        gnn_opts_t *o = NULL;
        gnn_model_t *m = NULL;
        double acc = 0, sec = 0, ep = 0;
        gnn_opts_create(&o);
        gnn_opts_set(o, "aggregator", aggregators[k]);
        gnn_opts_set(o, "epochs", epochs);
        if (gnn_model_create(ctx, "mpnn", o, &m) != GNN_SUCCESS || gnn_model_fit(m, ds) != GNN_SUCCESS) {
            fprintf(stderr, "mpnn_cora (%s): %s\n", aggregators[k], gnn_ctx_errmsg(ctx));
            rc = 1;
        } else {
            gnn_model_metric(m, "test_accuracy", &acc);
            gnn_model_metric(m, "seconds_per_epoch", &sec);
            gnn_model_metric(m, "epochs_run", &ep);
            printf("%-10s %14.3f %10.2f %8.0f\n", aggregators[k], acc, 1e3 * sec, ep);
        }
        gnn_model_destroy(&m);
        gnn_opts_destroy(&o);
    }
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
    return rc;
}
