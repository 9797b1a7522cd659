/* nbfnet_linkpred.c: link prediction with NBFNet through the C API.
 *
 *   nbfnet_linkpred [seed]      (default seed 1)
 *
 * Draws a two-block stochastic block model, holds out 5% of its edges for
 * validation and 10% for test (each with as many non-edges as negatives),
 * trains a small NBFNet on the rest for a few steps, prints the test AUROC
 * and AP, then scores three pairs of the test set one by one.  Small
 * settings so that it runs in seconds; gnn_nbfnet(3) has the real ones. */
#include <gnn/gnn.h>

#include <stdio.h>
#include <stdlib.h>

static int fail(gnn_ctx_t *ctx, const char *what) {
    fprintf(stderr, "nbfnet_linkpred: %s: %s\n", what, gnn_ctx_errmsg(ctx));
    return 1;
}

/* copy the pairs of one part of the split into the dataset */
static gnn_status_t add_pairs(gnn_ctx_t *ctx, gnn_dataset_t *ds, const gnn_split_t *sp, int part, int positive) {
    const int64_t k = gnn_split_count(sp, part, positive);
    int64_t *u = malloc(sizeof(int64_t) * (size_t)(k + 1)), *v = malloc(sizeof(int64_t) * (size_t)(k + 1));
    gnn_status_t st = GNN_ENOMEM;
    if (u != NULL && v != NULL) {
        st = gnn_split_pairs(sp, part, positive, u, v);
        if (st >= 0) st = gnn_dataset_set_pairs(ctx, ds, part, positive, u, v, k);
    }
    free(u);
    free(v);
    return st;
}

static int run(gnn_ctx_t *ctx) {
    gnn_dataset_t *gen = NULL, *ds = NULL;
    gnn_split_t *sp = NULL;
    gnn_graph_t *train = NULL;
    gnn_model_t *m = NULL;
    gnn_opts_t *o = NULL;
    int rc = 1;

    /* 200 nodes in two blocks, about 1,100 undirected edges */
    if (gnn_opts_create(&o) != GNN_SUCCESS) return fail(ctx, "options");
    gnn_opts_set(o, "n", "200");
    gnn_opts_set(o, "k", "2");
    gnn_opts_set(o, "p-in", "0.1");
    gnn_opts_set(o, "p-out", "0.01");
    gnn_status_t st = gnn_dataset_generate(ctx, "sbm", o, &gen);
    gnn_opts_destroy(&o);
    if (st < 0) return fail(ctx, "generate");
    const gnn_graph_t *g = gnn_dataset_graph(gen, 0);

    /* the split; message passing sees only the training edges */
    st = gnn_split_edges(ctx, g, 0.05, 0.10, &sp);
    if (st < 0) {
        fail(ctx, "split");
        goto done;
    }
    st = gnn_split_train_graph(ctx, sp, g, &train);
    if (st >= 0) st = gnn_dataset_from_graph(ctx, &train, &ds);
    /* training positives; NBFNet draws its own training negatives */
    if (st >= 0) st = add_pairs(ctx, ds, sp, GNN_SPLIT_TRAIN, 1);
    for (int part = GNN_SPLIT_VALID; part <= GNN_SPLIT_TEST && st >= 0; part++)
        for (int pos = 1; pos >= 0 && st >= 0; pos--) st = add_pairs(ctx, ds, sp, part, pos);
    if (st < 0) {
        fail(ctx, "dataset");
        goto done;
    }
    printf("graph: %lld nodes, %lld edges; test: %lld positive and %lld negative pairs\n",
           (long long)gnn_graph_node_count(g), (long long)gnn_graph_edge_count(g),
           (long long)gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 1), (long long)gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 0));

    /* a small NBFNet: width 16, 3 layers, 2 epochs of at most 4 steps of
     * 2 x 16 rows (the defaults train on 4 x 64 rows per step) */
    if (gnn_opts_create(&o) != GNN_SUCCESS) {
        fail(ctx, "options");
        goto done;
    }
    gnn_opts_set(o, "hidden", "16");
    gnn_opts_set(o, "layers", "3");
    gnn_opts_set(o, "epochs", "2");
    gnn_opts_set(o, "max-steps", "4");
    gnn_opts_set(o, "batch-size", "16");
    gnn_opts_set(o, "batch-groups", "2");
    st = gnn_model_create(ctx, "nbfnet", o, &m);
    gnn_opts_destroy(&o);
    if (st >= 0) st = gnn_model_fit(m, ds);
    if (st < 0) {
        fail(ctx, "nbfnet");
        goto done;
    }
    double auc = 0, ap = 0;
    if (gnn_model_metric(m, "test_auc", &auc) < 0 || gnn_model_metric(m, "test_ap", &ap) < 0) {
        fprintf(stderr, "nbfnet_linkpred: the model reported no test_auc / test_ap\n");
        goto done;
    }
    printf("test_auc %.4f\ntest_ap %.4f\n", auc, ap);

    /* three pairs scored on the training graph: two held-out edges and a non-edge */
    int64_t tp[2], tq[2], nu[1], nv[1];
    if (gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 1) < 2 || gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 0) < 1) {
        fprintf(stderr, "nbfnet_linkpred: too few test pairs\n");
        goto done;
    }
    {
        const int64_t np = gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 1), nn = gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 0);
        int64_t *u = malloc(sizeof(int64_t) * (size_t)(np + nn)), *v = malloc(sizeof(int64_t) * (size_t)(np + nn));
        if (u == NULL || v == NULL) {
            free(u), free(v);
            fprintf(stderr, "nbfnet_linkpred: out of memory\n");
            goto done;
        }
        gnn_dataset_pairs(ds, GNN_SPLIT_TEST, 1, u, v);
        gnn_dataset_pairs(ds, GNN_SPLIT_TEST, 0, u + np, v + np);
        tp[0] = u[0], tq[0] = v[0], tp[1] = u[1], tq[1] = v[1], nu[0] = u[np], nv[0] = v[np];
        free(u), free(v);
    }
    const int64_t src[3] = {tp[0], tp[1], nu[0]}, dst[3] = {tq[0], tq[1], nv[0]};
    const char *kind[3] = {"held-out edge", "held-out edge", "non-edge"};
    double score[3];
    st = gnn_model_score_pairs(m, ds, 3, src, NULL, dst, score);
    if (st < 0) {
        fail(ctx, "score pairs");
        goto done;
    }
    for (int i = 0; i < 3; i++)
        printf("score(%lld, %lld) = %+.4f  (%s)\n", (long long)src[i], (long long)dst[i], score[i], kind[i]);
    rc = 0;
done:
    gnn_model_destroy(&m);
    gnn_graph_destroy(&train);
    gnn_split_destroy(&sp);
    gnn_dataset_destroy(&ds);
    gnn_dataset_destroy(&gen);
    return rc;
}

int main(int argc, char **argv) {
    gnn_ctx_t *ctx = NULL;
    if (gnn_ctx_create(&ctx) != GNN_SUCCESS) return 1;
    gnn_ctx_set_seed(ctx, argc > 1 ? strtoull(argv[1], NULL, 10) : 1);
    const int rc = run(ctx);
    gnn_ctx_destroy(&ctx);
    return rc;
}
