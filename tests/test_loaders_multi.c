/* test_loaders_multi.c: the multi-graph loaders of datasets/loaders_multi.c
 * ("graphs-tsv", "ppgn", "graph6") on small files written to a temporary
 * directory (counts, labels, features, and every refused input with its
 * file:line), graph6 decoding of known graphs, and the expressivity sets of
 * ../shared/datasets (SR, CSL, EXP) with the counts of that folder's README. */
#include "check.h"
#include "../datasets/dataset.h"

#include <sys/stat.h>

/* what the test wrote, removed in reverse order at the end */
static char *created[256];
static int ncreated;

static void remember(const char *path) {
    if (ncreated < (int)(sizeof created / sizeof *created)) created[ncreated++] = strdup(path);
}

static const char *write_file(const char *dir, const char *name, const char *text) {
    static char buf[8][4096];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    FILE *f = fopen(buf[k], "w");
    if (f == NULL) {
        perror(buf[k]);
        exit(99);
    }
    fputs(text, f);
    fclose(f);
    remember(buf[k]);
    return buf[k];
}

static const char *subdir(const char *name) {
    static char buf[8][4096];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", check_tmpdir(), name);
    if (mkdir(buf[k], 0700) != 0) {
        perror(buf[k]);
        exit(99);
    }
    remember(buf[k]);
    return buf[k];
}

/* A refused input: negative status `want`, no dataset, and a message naming
 * `where` (file:line) and, when given, `also`. */
#define REFUSED(ctx, call, ds, want, where, also)                                                                      \
    do {                                                                                                               \
        gnn_status_t st_ = (call);                                                                                     \
        const char *msg_ = gnn_ctx_errmsg(ctx), *where_ = (where), *also_ = (also);                                    \
        CHECK(st_ < 0 && st_ == (want), "%s -> %d, want %d (%s)", #call, st_, (int)(want), msg_);                      \
        CHECK((ds) == NULL, "no dataset on error");                                                                    \
        CHECK(strstr(msg_, where_) != NULL, "message '%s' should name '%s'", msg_, where_);                            \
        CHECK(also_ == NULL || strstr(msg_, also_) != NULL, "message '%s' should say '%s'", msg_, also_ ? also_ : ""); \
        gnn_dataset_destroy(&(ds));                                                                                    \
    } while (0)

static int has_edge(const gnn_graph_t *g, int64_t u, int64_t v) {
    return gnn_graph_find_arc(g, u, v) >= 0 && gnn_graph_find_arc(g, v, u) >= 0;
}

/* every graph undirected, k-regular on n nodes (n, k < 0: any) */
static int all_regular(const gnn_dataset_t *ds, int64_t n, int64_t k) {
    for (int64_t i = 0; i < gnn_dataset_graph_count(ds); i++) {
        const gnn_graph_t *g = gnn_dataset_graph(ds, i);
        if (g == NULL || gnn_graph_is_directed(g) || gnn_graph_self_loop_count(g) != 0) return 0;
        if (n >= 0 && gnn_graph_node_count(g) != n) return 0;
        for (int64_t v = 0; k >= 0 && v < gnn_graph_node_count(g); v++)
            if (gnn_graph_degree_of(g, v, GNN_OUT) != k) return 0;
    }
    return 1;
}

/* ---------------------------------------------------------------- graphs-tsv */

static void test_tsv_small(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    const char *d = subdir("tsv");
    /* graph 1 listed first, a comment, a repeated edge in both directions */
    const char *edges = write_file(d, "edges.tsv",
                                   "# graph u v\n1\t0\t1\n1\t1\t2\n1\t2\t3\n0\t0\t1\n0\t1\t2\n0\t2\t0\n"
                                   "0\t1\t0\n0\t0\t1\n");
    write_file(d, "graph_labels.tsv", "1\t-3\n0\t7\n");
    OK(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds));
    CHECK(gnn_dataset_graph_count(ds) == 2, "2 graphs, got %lld", (long long)gnn_dataset_graph_count(ds));
    const gnn_graph_t *g0 = gnn_dataset_graph(ds, 0), *g1 = gnn_dataset_graph(ds, 1);
    CHECK(g0 && gnn_graph_node_count(g0) == 3 && gnn_graph_edge_count(g0) == 3 && gnn_graph_arc_count(g0) == 6,
          "graph 0: a triangle, duplicates kept once (n %lld, edges %lld)", (long long)gnn_graph_node_count(g0),
          (long long)gnn_graph_edge_count(g0));
    CHECK(g1 && gnn_graph_node_count(g1) == 4 && gnn_graph_edge_count(g1) == 3 && has_edge(g1, 2, 3) &&
              !has_edge(g1, 0, 3),
          "graph 1: the path 0-1-2-3");
    CHECK(all_regular(ds, -1, -1), "undirected, no loops");
    int64_t lab[2] = {-9, -9};
    OK(ctx, gnn_dataset_graph_labels(ds, lab));
    CHECK(lab[0] == 1 && lab[1] == 0 && gnn_dataset_class_count(ds) == 2, "labels 7, -3 -> 1, 0 (got %lld %lld)",
          (long long)lab[0], (long long)lab[1]);
    CHECK(gnn_dataset_feature_dim(ds) == 0, "no features");
    gnn_dataset_destroy(&ds);

    /* the edge file alone: no labels */
    OK(ctx, gnn_i_load_graphs_tsv(ctx, edges, &ds));
    CHECK(gnn_dataset_graph_count(ds) == 2 && gnn_dataset_class_count(ds) == 0 &&
              gnn_dataset_graph_labels(ds, lab) == GNN_ENOTFOUND,
          "a file path: same graphs, no labels");
    gnn_dataset_destroy(&ds);

    /* without graph_labels.tsv: no labels */
    const char *d2 = subdir("tsv_nolabels");
    write_file(d2, "edges.tsv", "0 0 1\n");
    OK(ctx, gnn_i_load_graphs_tsv(ctx, d2, &ds));
    CHECK(gnn_dataset_graph_count(ds) == 1 && gnn_dataset_class_count(ds) == 0, "directory without labels");
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void test_tsv_errors(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    const char *d = subdir("tsv_loop");
    write_file(d, "edges.tsv", "0\t0\t1\n0\t1\t2\n0\t2\t2\n");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_ESELFLOOP, "edges.tsv:3:", "self-loop");

    d = subdir("tsv_missing_label");
    write_file(d, "edges.tsv", "0\t0\t1\n1\t0\t1\n1\t1\t2\n2\t0\t1\n");
    write_file(d, "graph_labels.tsv", "0\t1\n2\t0\n");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_EPARSE, "edges.tsv:2",
            "graph_labels.tsv: no label for graph 1");

    d = subdir("tsv_twice");
    write_file(d, "edges.tsv", "0\t0\t1\n1\t0\t1\n");
    write_file(d, "graph_labels.tsv", "0\t1\n1\t0\n\n0\t1\n");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_EDUPLICATE, "graph_labels.tsv:4", "graph 0");

    d = subdir("tsv_label_only");
    write_file(d, "edges.tsv", "0\t0\t1\n");
    write_file(d, "graph_labels.tsv", "0\t1\n1\t0\n");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_EPARSE, "graph_labels.tsv:2", "graph 1");

    d = subdir("tsv_gap");
    write_file(d, "edges.tsv", "0\t0\t1\n2\t0\t1\n");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_EPARSE, "edges.tsv:2", "graph 1 has no edge");

    d = subdir("tsv_cols");
    write_file(d, "edges.tsv", "0\t0\t1\n0\t1\n");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_EPARSE, "edges.tsv:2", "3 columns");

    d = subdir("tsv_neg");
    write_file(d, "edges.tsv", "0\t0\t1\n0\t-1\t1\n");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_ERANGE, "edges.tsv:2:3", "node id");

    d = subdir("tsv_empty");
    write_file(d, "edges.tsv", "# nothing\n");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_EEMPTY, "edges.tsv", "no edges");

    d = subdir("tsv_none");
    REFUSED(ctx, gnn_i_load_graphs_tsv(ctx, d, &ds), ds, GNN_EIO, "edges.tsv", NULL);
    gnn_ctx_destroy(&ctx);
}

/* ---------------------------------------------------------------- PPGN */

static void test_ppgn_small(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    const char *d = check_tmpdir();
    const char *f = write_file(d, "small.ppgn", "2\n3 1\n0 2 1 2\n1 2 0 2\n0 2 0 1\n3 0\n5 1 1\n5 2 0 2\n-4 1 1\n");
    OK(ctx, gnn_i_load_ppgn(ctx, f, &ds));
    CHECK(gnn_dataset_graph_count(ds) == 2, "2 graphs");
    const gnn_graph_t *g0 = gnn_dataset_graph(ds, 0), *g1 = gnn_dataset_graph(ds, 1);
    CHECK(g0 && gnn_graph_node_count(g0) == 3 && gnn_graph_edge_count(g0) == 3 && gnn_graph_arc_count(g0) == 6,
          "graph 0: a triangle");
    CHECK(g1 && gnn_graph_node_count(g1) == 3 && gnn_graph_edge_count(g1) == 2 && has_edge(g1, 0, 1) &&
              has_edge(g1, 1, 2) && !has_edge(g1, 0, 2),
          "graph 1: the path 0-1-2");
    CHECK(all_regular(ds, 3, -1), "undirected, no loops");
    int64_t lab[2];
    OK(ctx, gnn_dataset_graph_labels(ds, lab));
    CHECK(lab[0] == 1 && lab[1] == 0 && gnn_dataset_class_count(ds) == 2, "graph labels 1, 0");
    /* node labels 0 1 0 | 5 5 -4 -> columns of -4, 0, 1, 5 */
    REQUIRE(gnn_dataset_feature_rows(ds) == 6 && gnn_dataset_feature_dim(ds) == 4,
            "6 x 4 one-hot features, got %lld x %lld", (long long)gnn_dataset_feature_rows(ds),
            (long long)gnn_dataset_feature_dim(ds));
    float x[24];
    OK(ctx, gnn_dataset_features(ds, x));
    const int hot[6] = {1, 2, 1, 3, 3, 0};
    int ok = 1;
    for (int i = 0; i < 6; i++)
        for (int c = 0; c < 4; c++) ok &= x[i * 4 + c] == (c == hot[i] ? 1.0f : 0.0f);
    CHECK(ok, "one-hot columns in sorted label order");
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void test_ppgn_errors(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    const char *d = check_tmpdir(), *f;
    /* node 0 (line 3) lists 1; node 1 (line 4) does not list 0 */
    f = write_file(d, "asym.ppgn", "1\n3 0\n0 2 1 2\n0 1 2\n0 2 0 1\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_EPARSE, "asym.ppgn:3:", "asymmetric");
    f = write_file(d, "trunc.ppgn", "3\n2 0\n0 1 1\n0 1 0\n2 1\n0 1 1\n0 1 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_EPARSE, "trunc.ppgn:7:", "truncated");
    f = write_file(d, "trunc2.ppgn", "1\n3 0\n0 1 1\n0 1 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_EPARSE, "trunc2.ppgn:4:", "truncated");
    f = write_file(d, "deg.ppgn", "1\n2 0\n0 2 1\n0 1 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_ERANGE, "deg.ppgn:3:3", "degree");
    f = write_file(d, "deg2.ppgn", "1\n3 0\n0 2 1\n0 1 0\n0 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_EPARSE, "deg2.ppgn:3:", "degree 2 but 1 neighbours");
    f = write_file(d, "deg3.ppgn", "1\n3 0\n0 1 1 2\n0 1 0\n0 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_EPARSE, "deg3.ppgn:3:7", "more neighbours");
    f = write_file(d, "range.ppgn", "1\n2 0\n0 1 2\n0 1 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_ERANGE, "range.ppgn:3:5", "neighbour");
    f = write_file(d, "loop.ppgn", "1\n3 0\n0 1 1\n0 2 0 1\n0 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_ESELFLOOP, "loop.ppgn:4:7", "self-loop");
    f = write_file(d, "extra.ppgn", "1\n2 0\n0 1 1\n0 1 0\n2 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_EPARSE, "extra.ppgn:5:", "after the 1 graphs");
    f = write_file(d, "head.ppgn", "1\n2\n0 1 1\n0 1 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_EPARSE, "head.ppgn:2:", "n graph_label");
    f = write_file(d, "word.ppgn", "1\n2 0\n0 1 x\n0 1 0\n");
    REFUSED(ctx, gnn_i_load_ppgn(ctx, f, &ds), ds, GNN_EPARSE, "word.ppgn:3:5", "'x'");
    gnn_ctx_destroy(&ctx);
}

/* ---------------------------------------------------------------- graph6 */

static void test_graph6_known(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    const char *d = check_tmpdir();
    /* the header on the first line and on its own line, blank lines, CRLF */
    const char *f = write_file(d, "known.g6", ">>graph6<<IheA@GUAo\n\n>>graph6<<\r\nC~\r\n  \nA_\nBW");
    OK(ctx, gnn_i_load_graph6(ctx, f, &ds));
    REQUIRE(gnn_dataset_graph_count(ds) == 4, "4 graphs, got %lld", (long long)gnn_dataset_graph_count(ds));
    const gnn_graph_t *p = gnn_dataset_graph(ds, 0), *k4 = gnn_dataset_graph(ds, 1);
    CHECK(gnn_graph_node_count(p) == 10 && gnn_graph_edge_count(p) == 15,
          "Petersen: 10 nodes, 15 edges (got %lld, %lld)", (long long)gnn_graph_node_count(p),
          (long long)gnn_graph_edge_count(p));
    int ok = 1;
    for (int64_t v = 0; v < gnn_graph_node_count(p); v++) ok &= gnn_graph_degree_of(p, v, GNN_OUT) == 3;
    CHECK(ok, "Petersen: every degree is 3");
    /* the Petersen graph's edges as networkx decodes IheA@GUAo (outer cycle, spokes, inner pentagram) */
    static const int pe[15][2] = {{0, 1}, {0, 4}, {0, 5}, {1, 2}, {1, 6}, {2, 3}, {2, 7}, {3, 4},
                                  {3, 8}, {4, 9}, {5, 7}, {5, 8}, {6, 8}, {6, 9}, {7, 9}};
    ok = 1;
    for (int e = 0; e < 15; e++) ok &= has_edge(p, pe[e][0], pe[e][1]);
    CHECK(ok, "Petersen: the expected edge set");
    CHECK(gnn_graph_node_count(k4) == 4 && gnn_graph_edge_count(k4) == 6 && all_regular(ds, -1, -1), "K4 from C~");
    const gnn_graph_t *k2 = gnn_dataset_graph(ds, 2), *p3 = gnn_dataset_graph(ds, 3);
    CHECK(gnn_graph_node_count(k2) == 2 && gnn_graph_edge_count(k2) == 1, "A_: one edge");
    CHECK(gnn_graph_node_count(p3) == 3 && gnn_graph_edge_count(p3) == 2 && has_edge(p3, 0, 2) && has_edge(p3, 1, 2) &&
              !has_edge(p3, 0, 1),
          "BW: x(0,1)=0 x(0,2)=1 x(1,2)=1");
    CHECK(gnn_dataset_class_count(ds) == 0 && gnn_dataset_graph_labels(ds, NULL) != GNN_SUCCESS, "no labels");
    gnn_dataset_destroy(&ds);

    /* N(n) in 4 bytes (n >= 63): 63 nodes, 63 * 62 / 2 = 1953 bits in 326 bytes; only the last pair x(61,62), bit
     * 1952 = bit 2 of byte 325 counting from the top (value 8), is set; 3 padding bits follow */
    char big[4 + 326 + 2];
    memcpy(big, "~??~", 4);
    memset(big + 4, '?', 326);
    big[330] = '\n', big[331] = '\0';
    big[4 + 325] = '?' + 8;
    f = write_file(d, "n63.g6", big);
    OK(ctx, gnn_i_load_graph6(ctx, f, &ds));
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    CHECK(g && gnn_graph_node_count(g) == 63 && gnn_graph_edge_count(g) == 1 && has_edge(g, 61, 62),
          "4-byte N(n): 63 nodes, the edge 61-62");
    gnn_dataset_destroy(&ds);
    /* 4096 nodes (N(n) = ~@??, all 18 bits used) with the edge 0-1; and K4 with N(n) in the 8-byte form */
    const size_t nb = 4096u * 4095u / 2u / 6u; /* 8386560 bits: no padding */
    char *huge = malloc(4 + nb + 2 + 10);
    REQUIRE(huge != NULL, "malloc");
    memcpy(huge, "~@??_", 5);
    memset(huge + 5, '?', nb - 1);
    memcpy(huge + 4 + nb, "\n~~?????C~\n", 12);
    f = write_file(d, "n4096.g6", huge);
    free(huge);
    OK(ctx, gnn_i_load_graph6(ctx, f, &ds));
    g = gnn_dataset_graph(ds, 0);
    CHECK(gnn_dataset_graph_count(ds) == 2 && gnn_graph_node_count(g) == 4096 && gnn_graph_edge_count(g) == 1 &&
              has_edge(g, 0, 1),
          "4-byte N(n): 4096 nodes, the edge 0-1");
    g = gnn_dataset_graph(ds, 1);
    CHECK(g && gnn_graph_node_count(g) == 4 && gnn_graph_edge_count(g) == 6, "8-byte N(n): K4");
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void test_graph6_errors(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    const char *d = check_tmpdir(), *f;
    f = write_file(d, "bad.g6", "C~\nC }\n");
    REFUSED(ctx, gnn_i_load_graph6(ctx, f, &ds), ds, GNN_EPARSE, "bad.g6:2:2", "0x20");
    f = write_file(d, "bad2.g6", "C~\n\nIheA@G\x7f" "Ao\n");
    REFUSED(ctx, gnn_i_load_graph6(ctx, f, &ds), ds, GNN_EPARSE, "bad2.g6:3:7", "0x7f");
    f = write_file(d, "short.g6", "IheA@GUA\n");
    REFUSED(ctx, gnn_i_load_graph6(ctx, f, &ds), ds, GNN_EPARSE, "short.g6:1:", "short line");
    f = write_file(d, "long.g6", "C~~\n");
    REFUSED(ctx, gnn_i_load_graph6(ctx, f, &ds), ds, GNN_EPARSE, "long.g6:1:", "long line");
    f = write_file(d, "shortn.g6", "C~\n~??\n");
    REFUSED(ctx, gnn_i_load_graph6(ctx, f, &ds), ds, GNN_EPARSE, "shortn.g6:2:", "size field");
    f = write_file(d, "sparse.g6", ":Fa@x^\n");
    REFUSED(ctx, gnn_i_load_graph6(ctx, f, &ds), ds, GNN_EUNSUPPORTED, "sparse.g6:1:1", "sparse6");
    f = write_file(d, "zero.g6", "?\n");
    REFUSED(ctx, gnn_i_load_graph6(ctx, f, &ds), ds, GNN_EEMPTY, "zero.g6:1:", "0 nodes");
    f = write_file(d, "empty.g6", ">>graph6<<\n\n");
    REFUSED(ctx, gnn_i_load_graph6(ctx, f, &ds), ds, GNN_EEMPTY, "empty.g6", "no graphs");
    gnn_ctx_destroy(&ctx);
}

/* ---------------------------------------------------------------- real data */

static const char *expr_path(const char *rel) {
    static char buf[4][4096];
    static int k;
    const char *root = check_datasets();
    if (root == NULL) return NULL;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/expressivity/%s", root, rel);
    struct stat st;
    if (stat(buf[k], &st) != 0) {
        fprintf(stderr, "SKIP: %s not found\n", buf[k]);
        return NULL;
    }
    return buf[k];
}

static void test_sr25(void) {
    const char *g6 = expr_path("SR/sr251256.g6"), *tsv = expr_path("SR/sr251256_edges.tsv");
    if (g6 == NULL || tsv == NULL) {
        fprintf(stderr, "SKIP: test_sr25: the expressivity data is absent\n");
        return;
    }
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *a = NULL, *b = NULL;
    OK(ctx, gnn_i_load_graph6(ctx, g6, &a));
    if (gnn_i_load_graphs_tsv(ctx, tsv, &b) < 0) {
        CHECK(0, "graphs-tsv %s: %s", tsv, gnn_ctx_errmsg(ctx));
        gnn_dataset_destroy(&a);
        gnn_ctx_destroy(&ctx);
        return;
    }
    CHECK(gnn_dataset_graph_count(a) == 15 && gnn_dataset_graph_count(b) == 15, "15 graphs each (%lld, %lld)",
          (long long)gnn_dataset_graph_count(a), (long long)gnn_dataset_graph_count(b));
    CHECK(all_regular(a, 25, 12) && all_regular(b, 25, 12), "25 nodes, 12-regular");
    int64_t same = 0, edges = 0;
    for (int64_t i = 0; i < gnn_dataset_graph_count(a) && i < gnn_dataset_graph_count(b); i++) {
        const gnn_graph_t *x = gnn_dataset_graph(a, i), *y = gnn_dataset_graph(b, i);
        int ok = gnn_graph_node_count(x) == gnn_graph_node_count(y) && gnn_graph_arc_count(x) == gnn_graph_arc_count(y);
        edges += gnn_graph_edge_count(x) == 150 && gnn_graph_arc_count(x) == 300;
        for (int64_t u = 0; ok && u < gnn_graph_node_count(x); u++)
            for (int64_t v = 0; v < gnn_graph_node_count(x); v++)
                ok &= (gnn_graph_find_arc(x, u, v) >= 0) == (gnn_graph_find_arc(y, u, v) >= 0);
        same += ok;
    }
    CHECK(edges == 15, "25 * 12 / 2 = 150 edges (300 arcs) in each graph (%lld of 15)", (long long)edges);
    CHECK(same == 15, "graph6 and tsv give the same edge sets graph by graph (%lld of 15)", (long long)same);
    CHECK(gnn_dataset_class_count(a) == 0 && gnn_dataset_class_count(b) == 0, "no labels");
    gnn_dataset_destroy(&a);
    gnn_dataset_destroy(&b);
    gnn_ctx_destroy(&ctx);
}

static void test_csl(void) {
    const char *dir = expr_path("CSL");
    if (dir == NULL) {
        fprintf(stderr, "SKIP: test_csl: the expressivity data is absent\n");
        return;
    }
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    OK(ctx, gnn_i_load_graphs_tsv(ctx, dir, &ds));
    CHECK(gnn_dataset_graph_count(ds) == 150, "150 graphs, got %lld", (long long)gnn_dataset_graph_count(ds));
    CHECK(all_regular(ds, 41, 4), "41 nodes, 4-regular");
    int64_t edges = 0;
    for (int64_t i = 0; i < gnn_dataset_graph_count(ds); i++) edges += gnn_graph_edge_count(gnn_dataset_graph(ds, i));
    CHECK(edges == 150 * 82, "82 edges per graph (total %lld)", (long long)edges);
    CHECK(gnn_dataset_class_count(ds) == 10, "10 classes, got %lld", (long long)gnn_dataset_class_count(ds));
    int64_t lab[150], count[10] = {0};
    OK(ctx, gnn_dataset_graph_labels(ds, lab));
    int ok = 1;
    for (int i = 0; i < 150; i++) {
        ok &= lab[i] >= 0 && lab[i] < 10;
        if (lab[i] >= 0 && lab[i] < 10) count[lab[i]]++;
    }
    for (int c = 0; c < 10; c++) ok &= count[c] == 15;
    CHECK(ok, "15 graphs per class");
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void test_exp(void) {
    const char *f = expr_path("EXP/EXP.txt");
    if (f == NULL) {
        fprintf(stderr, "SKIP: test_exp: the expressivity data is absent\n");
        return;
    }
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    OK(ctx, gnn_i_load_ppgn(ctx, f, &ds));
    const int64_t G = gnn_dataset_graph_count(ds);
    CHECK(G == 1200, "1200 graphs, got %lld", (long long)G);
    int64_t nodes = 0, edges = 0, nmin = INT64_MAX, nmax = 0;
    for (int64_t i = 0; i < G; i++) {
        const gnn_graph_t *g = gnn_dataset_graph(ds, i);
        nodes += gnn_graph_node_count(g);
        edges += gnn_graph_edge_count(g);
        if (gnn_graph_node_count(g) < nmin) nmin = gnn_graph_node_count(g);
        if (gnn_graph_node_count(g) > nmax) nmax = gnn_graph_node_count(g);
    }
    CHECK(nodes == 58442 && edges == 72530, "58442 nodes, 72530 edges (got %lld, %lld)", (long long)nodes,
          (long long)edges);
    CHECK(nmin == 33 && nmax == 73, "33 to 73 nodes per graph (got %lld to %lld)", (long long)nmin, (long long)nmax);
    CHECK(all_regular(ds, -1, -1), "undirected, no loops");
    CHECK(gnn_dataset_class_count(ds) == 2, "2 classes");
    int64_t *lab = malloc(sizeof(int64_t) * 1200), c1 = 0;
    if (lab && G == 1200 && gnn_dataset_graph_labels(ds, lab) == GNN_SUCCESS)
        for (int i = 0; i < 1200; i++) c1 += lab[i] == 1;
    CHECK(c1 == 600, "600/600 labels (got %lld ones)", (long long)c1);
    free(lab);
    CHECK(gnn_dataset_feature_rows(ds) == 58442 && gnn_dataset_feature_dim(ds) >= 1, "one row of features per node");
    const int64_t D = gnn_dataset_feature_dim(ds);
    float *x = malloc(sizeof(float) * (size_t)(58442 * (D > 0 ? D : 1)));
    int ok = x != NULL && gnn_dataset_features(ds, x) == GNN_SUCCESS;
    for (int64_t i = 0; ok && i < 58442; i++) {
        float s = 0;
        for (int64_t c = 0; c < D; c++) s += x[i * D + c];
        ok &= s == 1.0f;
    }
    CHECK(ok, "every feature row is one-hot (dim %lld)", (long long)D);
    free(x);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_tsv_small);
    RUN(test_tsv_errors);
    RUN(test_ppgn_small);
    RUN(test_ppgn_errors);
    RUN(test_graph6_known);
    RUN(test_graph6_errors);
    RUN(test_sr25);
    RUN(test_csl);
    RUN(test_exp);
    while (ncreated > 0) {
        char *p = created[--ncreated];
        if (p) remove(p);
        free(p);
    }
    remove(check_tmpdir());
    return check_summary();
}
