/* test_models.c: the model interface and mpnn on a synthetic SBM whose
 * features carry a weak signal: training must beat chance by far, be
 * reproducible (same seed and threads: identical outputs; 1 vs 2 threads:
 * identical), save/load must give the same predictions, and bad inputs must
 * be refused with clear errors. */
#include "check.h"

#include <gnn/models.h>

/* SBM with 3 blocks; features: a noisy indicator of the block (dim 6) */
static gnn_dataset_t *make_data(gnn_ctx_t *ctx, int with_split) {
    gnn_dataset_t *ds = NULL;
    gnn_opts_t *o = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "n", "300");
    gnn_opts_set(o, "k", "3");
    gnn_opts_set(o, "p-in", "0.06");
    gnn_opts_set(o, "p-out", "0.01");
    gnn_status_t st = gnn_dataset_generate(ctx, "sbm", o, &ds);
    gnn_opts_destroy(&o);
    if (st < 0) return NULL;
    int64_t lab[300];
    gnn_dataset_node_labels(ds, lab);
    float x[300 * 6];
    gnn_rng_t r;
    gnn_rng_init(&r, 7, 7, 7);
    for (int i = 0; i < 300; i++)
        for (int j = 0; j < 6; j++) x[i * 6 + j] = (float)(gnn_rng_uniform(&r) < (j % 3 == lab[i] ? 0.35 : 0.15));
    gnn_dataset_set_features(ctx, ds, 300, 6, x);
    if (with_split) {
        int64_t tr[30], va[60], te[210], nt = 0, nv = 0, ne = 0, per[3] = {0};
        for (int i = 0; i < 300; i++) {
            if (per[lab[i]] < 10) tr[nt++] = i, per[lab[i]]++;
            else if (nv < 60) va[nv++] = i;
            else te[ne++] = i;
        }
        gnn_dataset_set_node_split(ctx, ds, GNN_SPLIT_TRAIN, tr, nt);
        gnn_dataset_set_node_split(ctx, ds, GNN_SPLIT_VALID, va, nv);
        gnn_dataset_set_node_split(ctx, ds, GNN_SPLIT_TEST, te, ne);
    }
    return ds;
}

static gnn_model_t *fit(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *const *kv) {
    gnn_opts_t *o = NULL;
    gnn_model_t *m = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "epochs", "60");
    for (int i = 0; kv && kv[i]; i += 2) gnn_opts_set(o, kv[i], kv[i + 1]);
    if (gnn_model_create(ctx, "mpnn", o, &m) < 0 || gnn_model_fit(m, ds) < 0) {
        fprintf(stderr, "  fit: %s\n", gnn_ctx_errmsg(ctx));
        gnn_model_destroy(&m);
    }
    gnn_opts_destroy(&o);
    return m;
}

static void test_registry(void) {
    CHECK(gnn_model_builtin(0) && strcmp(gnn_model_builtin(0), "mpnn") == 0, "mpnn is built in");
    CHECK(gnn_model_summary("mpnn") != NULL && gnn_model_summary("nope") == NULL, "summaries");
    gnn_ctx_t *ctx = check_ctx();
    gnn_model_t *m = NULL;
    CHECK(gnn_model_create(ctx, "nope", NULL, &m) == GNN_ENOTFOUND && m == NULL, "unknown model");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "mpnn") != NULL, "the message lists the models: %s", gnn_ctx_errmsg(ctx));
    gnn_opts_t *o = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "aggregator", "median");
    CHECK(gnn_model_create(ctx, "mpnn", o, &m) == GNN_EINVAL, "bad aggregator refused");
    gnn_opts_set(o, "aggregator", "max");
    gnn_opts_set(o, "bogus", "1");
    CHECK(gnn_model_create(ctx, "mpnn", o, &m) == GNN_ENOTFOUND, "unknown option refused");
    gnn_opts_unset(o, "bogus");
    OK(ctx, gnn_model_create(ctx, "mpnn", o, &m));
    CHECK(strcmp(gnn_model_option(m, "aggregator"), "max") == 0 && strcmp(gnn_model_option(m, "hidden"), "64") == 0,
          "options in force: set value and default");
    gnn_model_destroy(&m);
    gnn_opts_destroy(&o);
    gnn_ctx_destroy(&ctx);
}

static void test_train(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = make_data(ctx, 1);
    REQUIRE(ds != NULL, "data");
    const char *aggs[] = {"sum", "mean", "max", "recurrent", "lcm"};
    for (int k = 0; k < 5; k++) {
        const char *kv[] = {"aggregator", aggs[k], "hidden", "16", NULL};
        gnn_model_t *m = fit(ctx, ds, kv);
        REQUIRE(m != NULL, "fit %s", aggs[k]);
        double acc = 0;
        OK(ctx, gnn_model_metric(m, "test_accuracy", &acc));
        fprintf(stderr, "  %-9s test accuracy %.3f\n", aggs[k], acc);
        CHECK(acc > 0.5, "%s: test accuracy %.3f well above chance (1/3)", aggs[k], acc);
        CHECK(gnn_model_history_count(m) >= 1 && gnn_model_output_rows(m) == 300 && gnn_model_output_cols(m) == 3,
              "%s: history and outputs", aggs[k]);
        gnn_model_destroy(&m);
    }
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void outputs_of(gnn_model_t *m, double *out) {
    gnn_model_outputs(m, out);
}

static void test_reproducible(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = make_data(ctx, 1);
    REQUIRE(ds != NULL, "data");
    static double a[900], b[900], c[900], d[900];
    const char *kv[] = {"hidden", "16", NULL};
    gnn_ctx_set_threads(ctx, 1);
    gnn_model_t *m1 = fit(ctx, ds, kv), *m2 = fit(ctx, ds, kv);
    gnn_ctx_set_threads(ctx, 2);
    gnn_model_t *m3 = fit(ctx, ds, kv);
    gnn_ctx_set_seed(ctx, 1);
    gnn_model_t *m4 = fit(ctx, ds, kv);
    REQUIRE(m1 && m2 && m3 && m4, "fits");
    outputs_of(m1, a), outputs_of(m2, b), outputs_of(m3, c), outputs_of(m4, d);
    CHECK(memcmp(a, b, sizeof a) == 0, "same seed and threads: identical outputs");
    CHECK(memcmp(a, c, sizeof a) == 0, "1 and 2 threads: identical outputs");
    CHECK(memcmp(a, d, sizeof a) != 0, "another seed: other outputs");
    /* save and load: the same predictions */
    char path[512];
    snprintf(path, sizeof path, "%s/mpnn.ckpt", check_tmpdir());
    OK(ctx, gnn_model_save(m1, path));
    gnn_model_t *l = NULL;
    OK(ctx, gnn_model_load(ctx, path, &l));
    OK(ctx, gnn_model_predict(l, ds));
    outputs_of(l, b);
    CHECK(memcmp(a, b, sizeof a) == 0, "loaded model predicts the same");
    CHECK(strcmp(gnn_model_option(l, "hidden"), "16") == 0, "loaded options");
    gnn_model_destroy(&l);
    gnn_model_destroy(&m1), gnn_model_destroy(&m2), gnn_model_destroy(&m3), gnn_model_destroy(&m4);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void test_bad_inputs(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = make_data(ctx, 0);
    REQUIRE(ds != NULL, "data");
    gnn_model_t *m = NULL;
    OK(ctx, gnn_model_create(ctx, "mpnn", NULL, &m));
    CHECK(gnn_model_fit(m, ds) == GNN_EINVAL && strstr(gnn_ctx_errmsg(ctx), "training nodes"), "no split: %s",
          gnn_ctx_errmsg(ctx));
    CHECK(gnn_model_save(NULL, "x") == GNN_EINVAL, "NULL model");
    gnn_model_destroy(&m);
    /* a graph without labels */
    gnn_graph_t *g = NULL;
    int64_t u[2] = {0, 1}, v[2] = {1, 2};
    OK(ctx, gnn_graph_from_edges(ctx, 3, 2, u, v, NULL, NULL, 0, 0, &g));
    gnn_dataset_t *d2 = NULL;
    OK(ctx, gnn_dataset_from_graph(ctx, &g, &d2));
    OK(ctx, gnn_model_create(ctx, "mpnn", NULL, &m));
    CHECK(gnn_model_fit(m, d2) == GNN_EINVAL && strstr(gnn_ctx_errmsg(ctx), "labels"), "no labels: %s", gnn_ctx_errmsg(ctx));
    gnn_model_destroy(&m);
    gnn_dataset_destroy(&d2);
    gnn_model_t *l = NULL;
    CHECK(gnn_model_load(ctx, "/no/such.ckpt", &l) == GNN_EIO && l == NULL, "missing checkpoint");
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_registry);
    RUN(test_train);
    RUN(test_reproducible);
    RUN(test_bad_inputs);
    return check_summary();
}
