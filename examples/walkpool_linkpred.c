/* walkpool_linkpred.c: link prediction with WalkPool through the C API.
 *
 *   walkpool_linkpred [seed]      (default seed 1)
 *
 * Builds a ring lattice with a few random chords (node i linked to i+1 ..
 * i+3), holds out 5% of its edges for validation and 15% for test (with as
 * many non-edges), trains a small WalkPool for a few epochs, prints the
 * test AUC and AP, then scores a held-out edge and a non-edge.  Small
 * settings so that it runs in seconds; gnn_walkpool(3) has the real ones. */
#include <gnn/gnn.h>

#include <stdio.h>
#include <stdlib.h>

#define N 120

static int fail(gnn_ctx_t *ctx, const char *what) {
    fprintf(stderr, "walkpool_linkpred: %s: %s\n", what, gnn_ctx_errmsg(ctx));
    return 1;
}

static int run(gnn_ctx_t *ctx) {
    int64_t u[4 * N], v[4 * N], m = 0;
    for (int64_t i = 0; i < N; i++)
        for (int64_t d = 1; d <= 3; d++) u[m] = i, v[m++] = (i + d) % N;
    for (int64_t c = 0; c < N / 10; c++) u[m] = (c * 37) % N, v[m++] = (c * 37 + N / 2) % N;
    gnn_graph_t *g = NULL;
    gnn_split_t *sp = NULL;
    gnn_dataset_t *ds = NULL;
    gnn_model_t *m_ = NULL;
    gnn_opts_t *o = NULL;
    int64_t *pu = malloc(sizeof(int64_t) * 4 * N), *pv = malloc(sizeof(int64_t) * 4 * N);
    int rc = 1;
    gnn_status_t st = pu && pv ? gnn_graph_from_edges(ctx, N, m, u, v, NULL, NULL, 0, GNN_UNDIRECTED | GNN_DUP_FIRST, &g)
                               : GNN_ENOMEM;
    if (st >= 0) st = gnn_split_edges(ctx, g, 0.05, 0.15, &sp);
    if (st >= 0) st = gnn_dataset_from_graph(ctx, &g, &ds);
    /* training positives, validation and test pairs; WalkPool draws its
     * training negatives once when the data have none */
    for (int part = GNN_SPLIT_TRAIN; part <= GNN_SPLIT_TEST && st >= 0; part++)
        for (int pos = 1; pos >= (part == GNN_SPLIT_TRAIN ? 1 : 0) && st >= 0; pos--) {
            const int64_t k = gnn_split_count(sp, part, pos);
            st = gnn_split_pairs(sp, part, pos, pu, pv);
            if (st >= 0) st = gnn_dataset_set_pairs(ctx, ds, part, pos, pu, pv, k);
        }
    if (st < 0) {
        fail(ctx, "data");
        goto done;
    }
    if (gnn_opts_create(&o) != GNN_SUCCESS) goto done;
    gnn_opts_set(o, "hidden", "16");
    gnn_opts_set(o, "walk-length", "4");
    gnn_opts_set(o, "epochs", "6");
    gnn_opts_set(o, "lr", "2e-3");
    gnn_opts_set(o, "batch-size", "16");
    st = gnn_model_create(ctx, "walkpool", o, &m_);
    if (st >= 0) st = gnn_model_fit(m_, ds);
    if (st < 0) {
        fail(ctx, "walkpool");
        goto done;
    }
    double auc = 0, ap = 0, sec = 0;
    gnn_model_metric(m_, "test_auc", &auc);
    gnn_model_metric(m_, "test_ap", &ap);
    gnn_model_metric(m_, "seconds_per_epoch", &sec);
    printf("test_auc %.4f\ntest_ap %.4f\nseconds_per_epoch %.3f\n", auc, ap, sec);
    /* a held-out edge and a held-out non-edge, scored on the whole graph
     * as the model's observed graph */
    int64_t a[2], b[2];
    gnn_split_pairs(sp, GNN_SPLIT_TEST, 1, pu, pv);
    a[0] = pu[0], b[0] = pv[0];
    gnn_split_pairs(sp, GNN_SPLIT_TEST, 0, pu, pv);
    a[1] = pu[0], b[1] = pv[0];
    double score[2];
    st = gnn_model_score_pairs(m_, ds, 2, a, NULL, b, score);
    if (st < 0) {
        fail(ctx, "score pairs");
        goto done;
    }
    printf("score(%lld, %lld) = %+.4f  (held-out edge)\n", (long long)a[0], (long long)b[0], score[0]);
    printf("score(%lld, %lld) = %+.4f  (non-edge)\n", (long long)a[1], (long long)b[1], score[1]);
    rc = 0;
done:
    gnn_opts_destroy(&o);
    gnn_model_destroy(&m_);
    gnn_dataset_destroy(&ds);
    gnn_split_destroy(&sp);
    gnn_graph_destroy(&g);
    free(pu);
    free(pv);
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
