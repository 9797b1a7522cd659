/* test_datasets.c: generators (DSBM oracles of digrac.md section 5 and
 * edge-count statistics) and the benchmark loaders on ../shared/datasets,
 * whose expected counts come from that folder's README. */
#include "check.h"

#include <sys/stat.h>

static gnn_dataset_t *gen(gnn_ctx_t *ctx, const char *kind, const char *const *kv) {
    gnn_opts_t *o = NULL;
    gnn_dataset_t *ds = NULL;
    gnn_opts_create(&o);
    for (int i = 0; kv && kv[i]; i += 2) gnn_opts_set(o, kv[i], kv[i + 1]);
    if (gnn_dataset_generate(ctx, kind, o, &ds) < 0) fprintf(stderr, "  generate %s: %s\n", kind, gnn_ctx_errmsg(ctx));
    gnn_opts_destroy(&o);
    return ds;
}

static void test_dsbm_sizes(void) {
    gnn_ctx_t *ctx = check_ctx();
    struct {
        int64_t n, k;
        double rho;
        int64_t want[5];
    } c[] = {{1000, 5, 1.5, {161, 178, 196, 216, 249}},
             {5000, 5, 1.5, {808, 894, 989, 1094, 1215}},
             {1000, 3, 1.5, {268, 328, 404}},
             {1000, 3, 1, {333, 333, 334}}};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        int64_t got[5] = {0};
        OK(ctx, gnn_dsbm_sizes(ctx, c[i].n, c[i].k, c[i].rho, got));
        CHECK(memcmp(got, c[i].want, sizeof(int64_t) * (size_t)c[i].k) == 0, "sizes (%lld, %lld, %g): %lld %lld %lld ...",
              (long long)c[i].n, (long long)c[i].k, c[i].rho, (long long)got[0], (long long)got[1], (long long)got[2]);
    }
    int64_t s[3];
    CHECK(gnn_dsbm_sizes(ctx, 2, 3, 1, s) == GNN_EINVAL, "k > n refused");
    CHECK(gnn_dsbm_sizes(ctx, 10, 3, 0.5, s) == GNN_EINVAL, "rho < 1 refused");
    gnn_ctx_destroy(&ctx);
}

static void test_dsbm_metagraph(void) {
    gnn_ctx_t *ctx = check_ctx();
    double F[36];
    OK(ctx, gnn_dsbm_metagraph(ctx, "cyclic", 3, 0.1, 0, 0.5, F));
    const double cyc[9] = {.5, .9, .1, .1, .5, .9, .9, .1, .5};
    int ok = 1;
    for (int i = 0; i < 9; i++) ok &= fabs(F[i] - cyc[i]) < 1e-12;
    CHECK(ok, "cyclic K=3 eta=0.1");
    OK(ctx, gnn_dsbm_metagraph(ctx, "star", 5, 0.1, 0, 0.5, F));
    const double row2[5] = {.1, .9, .9, .9, .1}, col2[5] = {.9, .1, .9, .1, .9};
    ok = 1;
    for (int j = 0; j < 5; j++) ok &= fabs(F[2 * 5 + j] - row2[j]) < 1e-12 && fabs(F[j * 5 + 2] - col2[j]) < 1e-12;
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            if (i != 2 && j != 2) ok &= F[i * 5 + j] == 0.5;
    CHECK(ok, "star K=5: row 2, column 2, the rest 0.5");
    OK(ctx, gnn_dsbm_metagraph(ctx, "path", 4, 0, 0, 0.5, F));
    CHECK(F[0 * 4 + 1] == 1 && F[1 * 4 + 0] == 0 && F[0 * 4 + 2] == 0.5 && F[0] == 0.5, "eta = 0 keeps exact 0 and 1");
    OK(ctx, gnn_dsbm_metagraph(ctx, "cyclic", 4, 0.2, 1, 0.5, F));
    ok = F[0 * 4 + 1] == 0.8 && F[1 * 4 + 2] == 0.8 && F[2 * 4 + 0] == 0.8;
    for (int i = 0; i < 4; i++) ok &= F[3 * 4 + i] == 0.5 && F[i * 4 + 3] == 0.5;
    CHECK(ok, "ambient: cycle over the first K-1 clusters, last row and column filled");
    OK(ctx, gnn_dsbm_metagraph(ctx, "complete", 6, 0.15, 0, 0.5, F));
    ok = 1;
    for (int i = 0; i < 6; i++)
        for (int j = i + 1; j < 6; j++)
            ok &= fabs(F[i * 6 + j] + F[j * 6 + i] - 1) < 1e-12 && (fabs(F[i * 6 + j] - 0.85) < 1e-12 || fabs(F[i * 6 + j] - 0.15) < 1e-12);
    CHECK(ok, "complete: F[k,l] + F[l,k] = 1 with 1-eta or eta");
    CHECK(gnn_dsbm_metagraph(ctx, "star", 3, 0.1, 1, 0.5, F) == GNN_EINVAL, "star with ambient needs K >= 4");
    CHECK(gnn_dsbm_metagraph(ctx, "spiral", 3, 0.1, 0, 0.5, F) == GNN_EINVAL, "unknown style");
    gnn_ctx_destroy(&ctx);
}

/* expected arcs and arcs going along the meta-graph, as binomials */
static void test_dsbm_statistics(void) {
    gnn_ctx_t *ctx = check_ctx();
    const char *kv[] = {"n", "900", "k", "3", "p", "0.03", "eta", "0.2", "rho", "1.5", "clean", "0", NULL};
    gnn_dataset_t *ds = gen(ctx, "dsbm", kv);
    REQUIRE(ds != NULL, "generate");
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    int64_t sizes[3], *lab = malloc(sizeof(int64_t) * 900);
    double F[9];
    OK(ctx, gnn_dsbm_sizes(ctx, 900, 3, 1.5, sizes));
    OK(ctx, gnn_dsbm_metagraph(ctx, "cyclic", 3, 0.2, 0, 0.5, F));
    OK(ctx, gnn_dataset_node_labels(ds, lab));
    double mean = 0, var = 0, fmean = 0, fvar = 0;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            double pairs = (double)sizes[a] * (double)(a == b ? sizes[b] - 1 : sizes[b]), q = 0.03 * F[a * 3 + b];
            mean += pairs * q;
            var += pairs * q * (1 - q);
            if ((a + 1) % 3 == b) fmean += pairs * q, fvar += pairs * q * (1 - q);
        }
    int64_t m = gnn_graph_arc_count(g), fwd = 0;
    int64_t *src = malloc(sizeof(int64_t) * (size_t)m), *dst = malloc(sizeof(int64_t) * (size_t)m);
    OK(ctx, gnn_graph_arcs(ctx, g, src, dst, NULL, NULL));
    for (int64_t e = 0; e < m; e++) fwd += (lab[src[e]] + 1) % 3 == lab[dst[e]];
    CHECK(fabs((double)m - mean) < 4 * sqrt(var), "arcs %lld, expected %.1f +- %.1f", (long long)m, mean, sqrt(var));
    CHECK(fabs((double)fwd - fmean) < 4 * sqrt(fvar), "meta-graph direction arcs %lld, expected %.1f +- %.1f", (long long)fwd,
          fmean, sqrt(fvar));
    int64_t cnt[3] = {0};
    for (int i = 0; i < 900; i++) cnt[lab[i]]++;
    CHECK(cnt[0] == sizes[0] && cnt[1] == sizes[1] && cnt[2] == sizes[2], "label counts equal the sizes");
    CHECK(gnn_graph_self_loop_count(g) == 0, "no self-loops");
    /* the same seed repeats, another differs */
    gnn_dataset_t *ds2 = gen(ctx, "dsbm", kv);
    int64_t *src2 = malloc(sizeof(int64_t) * (size_t)m);
    CHECK(ds2 && gnn_graph_arc_count(gnn_dataset_graph(ds2, 0)) == m, "same seed, same size");
    if (ds2 && gnn_graph_arc_count(gnn_dataset_graph(ds2, 0)) == m) {
        gnn_graph_arcs(ctx, gnn_dataset_graph(ds2, 0), src2, NULL, NULL, NULL);
        CHECK(memcmp(src, src2, sizeof(int64_t) * (size_t)m) == 0, "same seed, same arcs");
    }
    gnn_dataset_destroy(&ds2);
    gnn_ctx_set_seed(ctx, 99);
    ds2 = gen(ctx, "dsbm", kv);
    CHECK(ds2 && gnn_graph_arc_count(gnn_dataset_graph(ds2, 0)) != m, "another seed, another graph");
    gnn_dataset_destroy(&ds2);
    free(src2);
    /* clean-up: one weak component, every node of total degree >= 2 */
    gnn_ctx_set_seed(ctx, 0);
    const char *kv2[] = {"n", "600", "k", "4", "p", "0.006", "clean", "1", NULL};
    ds2 = gen(ctx, "dsbm", kv2);
    REQUIRE(ds2 != NULL, "generate sparse");
    const gnn_graph_t *h = gnn_dataset_graph(ds2, 0);
    int64_t ncomp = 0, lowdeg = 0;
    int64_t *memb = malloc(sizeof(int64_t) * (size_t)gnn_graph_node_count(h));
    OK(ctx, gnn_graph_components(ctx, h, GNN_ALL, memb, &ncomp));
    for (int64_t v = 0; v < gnn_graph_node_count(h); v++) lowdeg += gnn_graph_degree_of(h, v, GNN_ALL) < 2;
    CHECK(gnn_graph_node_count(h) < 600 && ncomp >= 1, "clean-up removed nodes (%lld left)", (long long)gnn_graph_node_count(h));
    CHECK(lowdeg == 0 || ncomp > 1, "pruned to degree >= 2 (%lld below) within 10 rounds", (long long)lowdeg);
    free(memb);
    gnn_dataset_destroy(&ds2);
    free(src), free(dst), free(lab);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void test_sbm_er(void) {
    gnn_ctx_t *ctx = check_ctx();
    const char *kv[] = {"n", "800", "k", "4", "p-in", "0.05", "p-out", "0.01", NULL};
    gnn_dataset_t *ds = gen(ctx, "sbm", kv);
    REQUIRE(ds != NULL, "sbm");
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    double mean = 4 * (200.0 * 199 / 2) * 0.05 + 6 * 200.0 * 200 * 0.01;
    double var = 4 * (200.0 * 199 / 2) * 0.05 * 0.95 + 6 * 200.0 * 200 * 0.01 * 0.99;
    CHECK(!gnn_graph_is_directed(g) && fabs((double)gnn_graph_edge_count(g) - mean) < 4 * sqrt(var),
          "sbm edges %lld, expected %.0f +- %.0f", (long long)gnn_graph_edge_count(g), mean, sqrt(var));
    gnn_dataset_destroy(&ds);
    const char *kv2[] = {"n", "500", "p", "0.02", NULL};
    ds = gen(ctx, "er", kv2);
    REQUIRE(ds != NULL, "er");
    g = gnn_dataset_graph(ds, 0);
    mean = 500.0 * 499 * 0.02, var = mean * 0.98;
    CHECK(gnn_graph_is_directed(g) && fabs((double)gnn_graph_arc_count(g) - mean) < 4 * sqrt(var), "er arcs %lld vs %.0f",
          (long long)gnn_graph_arc_count(g), mean);
    gnn_dataset_destroy(&ds);
    const char *kv3[] = {"n", "300", "m", "1000", "directed", "0", NULL};
    ds = gen(ctx, "er", kv3);
    REQUIRE(ds != NULL, "er G(n,m)");
    g = gnn_dataset_graph(ds, 0);
    CHECK(gnn_graph_edge_count(g) == 1000 && gnn_graph_arc_count(g) == 2000, "G(n, m) undirected: exactly m edges");
    gnn_dataset_destroy(&ds);
    const char *kv4[] = {"n", "10", "m", "80", NULL};
    CHECK(gen(ctx, "er", kv4) == NULL, "m beyond half the pairs refused");
    gnn_ctx_destroy(&ctx);
}

static void test_loaders_real(void) {
    const char *D = check_datasets();
    if (D == NULL) {
        check_skipped_all = 1;
        return;
    }
    gnn_ctx_t *ctx = check_ctx();
    char path[8192];
    gnn_dataset_t *ds = NULL;
    /* Cora: 2708 nodes, 5278 edges, 7 classes (351,217,418,818,426,298,180), 1433 features with 49216 nonzeros, 140/500/1000 */
    snprintf(path, sizeof path, "%s/planetoid/cora", D);
    OK(ctx, gnn_dataset_load(ctx, "planetoid", path, NULL, &ds));
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    CHECK(gnn_graph_node_count(g) == 2708 && gnn_graph_edge_count(g) == 5278, "cora counts %lld %lld",
          (long long)gnn_graph_node_count(g), (long long)gnn_graph_edge_count(g));
    CHECK(gnn_dataset_class_count(ds) == 7, "cora classes");
    int64_t *lab = malloc(sizeof(int64_t) * 2708), cnt[7] = {0};
    OK(ctx, gnn_dataset_node_labels(ds, lab));
    for (int i = 0; i < 2708; i++) cnt[lab[i]]++;
    const int64_t want[7] = {351, 217, 418, 818, 426, 298, 180};
    CHECK(memcmp(cnt, want, sizeof want) == 0, "cora class counts");
    CHECK(gnn_dataset_feature_dim(ds) == 1433 && gnn_dataset_feature_rows(ds) == 2708, "cora feature shape");
    float *x = malloc(sizeof(float) * 2708 * 1433);
    OK(ctx, gnn_dataset_features(ds, x));
    int64_t nnz = 0;
    for (int64_t i = 0; i < 2708 * 1433; i++) nnz += x[i] != 0;
    CHECK(nnz == 49216, "cora feature nonzeros %lld", (long long)nnz);
    CHECK(gnn_dataset_node_split_count(ds, GNN_SPLIT_TRAIN) == 140 && gnn_dataset_node_split_count(ds, GNN_SPLIT_VALID) == 500 &&
              gnn_dataset_node_split_count(ds, GNN_SPLIT_TEST) == 1000, "cora public split 140/500/1000");
    free(x), free(lab);
    gnn_dataset_destroy(&ds);
    /* CiteSeer: 3327 / 4552, 15 unlabelled */
    snprintf(path, sizeof path, "%s/planetoid/citeseer", D);
    OK(ctx, gnn_dataset_load(ctx, "planetoid", path, NULL, &ds));
    lab = malloc(sizeof(int64_t) * 3327);
    OK(ctx, gnn_dataset_node_labels(ds, lab));
    int64_t unl = 0;
    for (int i = 0; i < 3327; i++) unl += lab[i] < 0;
    CHECK(gnn_graph_node_count(gnn_dataset_graph(ds, 0)) == 3327 && gnn_graph_edge_count(gnn_dataset_graph(ds, 0)) == 4552 &&
              unl == 15, "citeseer counts (unlabelled %lld)", (long long)unl);
    free(lab);
    gnn_dataset_destroy(&ds);
    /* TU: MUTAG 188 graphs; IMDB-BINARY 1000 graphs with edges deduplicated; NCI1 4110 graphs, 122747 nodes, 132753 edges */
    snprintf(path, sizeof path, "%s/tu/MUTAG/MUTAG", D);
    OK(ctx, gnn_dataset_load(ctx, "tu", path, NULL, &ds));
    CHECK(gnn_dataset_graph_count(ds) == 188 && gnn_dataset_class_count(ds) == 2, "MUTAG 188 graphs, 2 classes");
    gnn_dataset_destroy(&ds);
    snprintf(path, sizeof path, "%s/tu/NCI1/NCI1", D);
    OK(ctx, gnn_dataset_load(ctx, "tu", path, NULL, &ds));
    int64_t nodes = 0, edges = 0;
    for (int64_t i = 0; i < gnn_dataset_graph_count(ds); i++) {
        nodes += gnn_graph_node_count(gnn_dataset_graph(ds, i));
        edges += gnn_graph_edge_count(gnn_dataset_graph(ds, i));
    }
    CHECK(gnn_dataset_graph_count(ds) == 4110 && nodes == 122747 && edges == 132753, "NCI1 %lld graphs %lld nodes %lld edges",
          (long long)gnn_dataset_graph_count(ds), (long long)nodes, (long long)edges);
    CHECK(gnn_dataset_feature_dim(ds) == 37, "NCI1: 37 distinct node labels one-hot (%lld)", (long long)gnn_dataset_feature_dim(ds));
    gnn_dataset_destroy(&ds);
    snprintf(path, sizeof path, "%s/tu/IMDB-MULTI/IMDB-MULTI", D);
    OK(ctx, gnn_dataset_load(ctx, "tu", path, NULL, &ds));
    nodes = edges = 0;
    for (int64_t i = 0; i < gnn_dataset_graph_count(ds); i++) {
        nodes += gnn_graph_node_count(gnn_dataset_graph(ds, i));
        edges += gnn_graph_edge_count(gnn_dataset_graph(ds, i));
    }
    CHECK(gnn_dataset_graph_count(ds) == 1500 && nodes == 19502 && edges == 98903 && gnn_dataset_class_count(ds) == 3,
          "IMDB-MULTI: 1500 graphs, 19502 nodes, 98903 unique edges (%lld)", (long long)edges);
    gnn_dataset_destroy(&ds);
    /* KG: FB15k-237 272115 / 17535 / 20466 triples, 237 relations */
    snprintf(path, sizeof path, "%s/kg/FB15k-237", D);
    OK(ctx, gnn_dataset_load(ctx, "kg", path, NULL, &ds));
    CHECK(gnn_dataset_triple_count(ds, 0) == 272115 && gnn_dataset_triple_count(ds, 1) == 17535 &&
              gnn_dataset_triple_count(ds, 2) == 20466, "FB15k-237 triples");
    CHECK(gnn_graph_relation_count(gnn_dataset_graph(ds, 0)) == 237, "FB15k-237 relations");
    gnn_dataset_destroy(&ds);
    /* SEAL USAir train0.9 split 1: 1914 / 1914 / 212 / 212 */
    snprintf(path, sizeof path, "%s/linkpred/splits/USAir/train0.9/1", D);
    OK(ctx, gnn_dataset_load(ctx, "seal", path, NULL, &ds));
    CHECK(gnn_dataset_pair_count(ds, GNN_SPLIT_TRAIN, 1) == 1914 && gnn_dataset_pair_count(ds, GNN_SPLIT_TRAIN, 0) == 1914 &&
              gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 1) == 212 && gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 0) == 212,
          "USAir split counts");
    CHECK(gnn_graph_edge_count(gnn_dataset_graph(ds, 0)) == 1914, "the training graph holds the train positives");
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_loader_errors(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    char dir[512], p[600];
    snprintf(dir, sizeof dir, "%s/tu", check_tmpdir());
    mkdir(dir, 0777);
    snprintf(p, sizeof p, "%s/X_graph_indicator.txt", dir);
    write_file(p, "1\n1\n2\n2\n");
    snprintf(p, sizeof p, "%s/X_graph_labels.txt", dir);
    write_file(p, "1\n-1\n");
    snprintf(p, sizeof p, "%s/X_A.txt", dir);
    write_file(p, "1, 2\n2, 1\n2, 3\n");
    snprintf(p, sizeof p, "%s/X", dir);
    CHECK(gnn_dataset_load(ctx, "tu", p, NULL, &ds) == GNN_EPARSE && ds == NULL, "edge across graphs refused");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "X_A.txt:3") != NULL, "names file and line: %s", gnn_ctx_errmsg(ctx));
    snprintf(p, sizeof p, "%s/X_A.txt", dir);
    write_file(p, "1, 2\n2, 1\n3, 4\n");
    snprintf(p, sizeof p, "%s/X_graph_labels.txt", dir);
    write_file(p, "1\n-1\n0\n");
    snprintf(p, sizeof p, "%s/X", dir);
    CHECK(gnn_dataset_load(ctx, "tu", p, NULL, &ds) == GNN_EPARSE, "label count mismatch refused");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "3 labels for 2 graphs") != NULL, "message: %s", gnn_ctx_errmsg(ctx));
    snprintf(p, sizeof p, "%s/X_graph_labels.txt", dir);
    write_file(p, "1\n-1\n");
    snprintf(p, sizeof p, "%s/X", dir);
    OK(ctx, gnn_dataset_load(ctx, "tu", p, NULL, &ds));
    int64_t gl[2];
    OK(ctx, gnn_dataset_graph_labels(ds, gl));
    CHECK(gl[0] == 1 && gl[1] == 0, "labels 1, -1 map to 1, 0");
    gnn_dataset_destroy(&ds);
    /* seal: an empty split file */
    snprintf(dir, sizeof dir, "%s/seal", check_tmpdir());
    mkdir(dir, 0777);
    const char *files[4] = {"train_pos.tsv", "train_neg.tsv", "test_pos.tsv", "test_neg.tsv"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        write_file(p, i == 2 ? "" : "0\t1\n1\t2\n");
    }
    CHECK(gnn_dataset_load(ctx, "seal", dir, NULL, &ds) == GNN_EEMPTY, "empty split file refused");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "test_pos.tsv") != NULL, "names the file: %s", gnn_ctx_errmsg(ctx));
    CHECK(gnn_dataset_load(ctx, "planetoid", "/no/such/dir", NULL, &ds) == GNN_EIO, "missing folder");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "/no/such/dir/labels.tsv") != NULL, "names the file: %s", gnn_ctx_errmsg(ctx));
    CHECK(gnn_dataset_load(ctx, "csv", dir, NULL, &ds) == GNN_EINVAL, "unknown layout");
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_dsbm_sizes);
    RUN(test_dsbm_metagraph);
    RUN(test_dsbm_statistics);
    RUN(test_sbm_er);
    RUN(test_loaders_real);
    RUN(test_loader_errors);
    return check_summary();
}
