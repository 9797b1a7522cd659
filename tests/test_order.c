/* test_order.c: METIS partitions (balance, edge cut counted independently,
 * determinism) and the locality orderings (permutations; RCM restores a
 * shuffled path exactly; every method beats a shuffled grid). */
#include "check.h"
#include "../lib/core/internal.h"

static gnn_graph_t *grid(gnn_ctx_t *ctx, int side, int shuffle) {
    const int64_t n = (int64_t)side * side;
    int64_t *u = malloc(sizeof(int64_t) * 2 * (size_t)n), *v = malloc(sizeof(int64_t) * 2 * (size_t)n), *p = malloc(sizeof(int64_t) * (size_t)n);
    for (int64_t i = 0; i < n; i++) p[i] = i;
    if (shuffle) {
        gnn_rng_t r;
        gnn_rng_init(&r, 42, 0, 0);
        gnn_rng_shuffle(&r, p, n);
    }
    int64_t m = 0;
    for (int i = 0; i < side; i++)
        for (int j = 0; j < side; j++) {
            if (j + 1 < side) u[m] = p[i * side + j], v[m++] = p[i * side + j + 1];
            if (i + 1 < side) u[m] = p[i * side + j], v[m++] = p[(i + 1) * side + j];
        }
    gnn_graph_t *g = NULL;
    gnn_graph_from_edges(ctx, n, m, u, v, NULL, NULL, 0, GNN_UNDIRECTED, &g);
    free(u), free(v), free(p);
    return g;
}

static void test_partition(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    gnn_opts_t *o = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "n", "2000");
    gnn_opts_set(o, "k", "8");
    gnn_opts_set(o, "p-in", "0.02");
    gnn_opts_set(o, "p-out", "0.0005");
    OK(ctx, gnn_dataset_generate(ctx, "sbm", o, &ds));
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    const int64_t n = gnn_graph_node_count(g);
    int64_t *part = malloc(sizeof(int64_t) * (size_t)n), *part2 = malloc(sizeof(int64_t) * (size_t)n), cut = 0, size[8] = {0};
    OK(ctx, gnn_graph_partition(ctx, g, 8, 0, part, &cut));
    for (int64_t v = 0; v < n; v++) size[part[v]]++;
    int64_t mx = 0, mn = n;
    for (int p = 0; p < 8; p++) mx = size[p] > mx ? size[p] : mx, mn = size[p] < mn ? size[p] : mn;
    CHECK(mn > 0 && (double)mx <= 1.03 * (double)n / 8 + 1, "balanced parts (%lld .. %lld)", (long long)mn, (long long)mx);
    int64_t mycut = 0;
    for (int64_t a = 0; a < n; a++)
        for (int64_t e = g->out_ptr[a]; e < g->out_ptr[a + 1]; e++)
            if (a < g->out_idx[e] && part[a] != part[g->out_idx[e]]) mycut++;
    CHECK(mycut == cut, "edge cut %lld equals the cut counted here (%lld)", (long long)cut, (long long)mycut);
    CHECK(cut < gnn_graph_edge_count(g) / 4, "the planted blocks give a small cut (%lld of %lld)", (long long)cut,
          (long long)gnn_graph_edge_count(g));
    OK(ctx, gnn_graph_partition(ctx, g, 8, 0, part2, NULL));
    CHECK(memcmp(part, part2, sizeof(int64_t) * (size_t)n) == 0, "same seed, same partition");
    OK(ctx, gnn_graph_partition(ctx, g, 1, 0, part2, &cut));
    int zero = 1;
    for (int64_t v = 0; v < n; v++) zero &= part2[v] == 0;
    CHECK(zero && cut == 0, "one part");
    CHECK(gnn_graph_partition(ctx, g, n + 1, 0, part2, NULL) == GNN_EINVAL, "more parts than nodes");
    free(part), free(part2);
    gnn_opts_destroy(&o);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static int is_perm(const int64_t *p, int64_t n) {
    char *seen = calloc((size_t)n, 1);
    int ok = 1;
    for (int64_t i = 0; i < n; i++) {
        if (p[i] < 0 || p[i] >= n || seen[p[i]]) ok = 0;
        else seen[p[i]] = 1;
    }
    free(seen);
    return ok;
}

static void test_orders(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* a path 0-1-...-499 with shuffled ids: RCM finds it back exactly */
    enum { P = 500 };
    static int64_t u[P], v[P], p[P], order[P];
    for (int i = 0; i < P; i++) p[i] = i;
    gnn_rng_t r;
    gnn_rng_init(&r, 1, 1, 1);
    gnn_rng_shuffle(&r, p, P);
    for (int i = 0; i + 1 < P; i++) u[i] = p[i], v[i] = p[i + 1];
    gnn_graph_t *path = NULL, *re = NULL;
    OK(ctx, gnn_graph_from_edges(ctx, P, P - 1, u, v, NULL, NULL, 0, GNN_UNDIRECTED, &path));
    CHECK(gnn_graph_bandwidth_mean(path) > 50, "the shuffled path is scattered (%g)", gnn_graph_bandwidth_mean(path));
    OK(ctx, gnn_graph_reorder(ctx, path, GNN_ORDER_RCM, &re));
    CHECK(gnn_graph_bandwidth_mean(re) == 1.0, "RCM restores the path: mean |i - j| = %g", gnn_graph_bandwidth_mean(re));
    gnn_graph_destroy(&re);
    gnn_graph_destroy(&path);
    /* a shuffled 40 x 40 grid: every method is a permutation and improves locality */
    gnn_graph_t *g = grid(ctx, 40, 1), *gr = grid(ctx, 40, 0);
    REQUIRE(g && gr, "grids");
    const double before = gnn_graph_bandwidth_mean(g), natural = gnn_graph_bandwidth_mean(gr);
    const char *names[5] = {"rcm", "nd", "amd", "part", "degree"};
    int64_t *ord = malloc(sizeof(int64_t) * 1600);
    for (int mth = 0; mth < 5; mth++) {
        OK(ctx, gnn_graph_order(ctx, g, mth, ord));
        CHECK(is_perm(ord, 1600), "%s gives a permutation", names[mth]);
        if (mth == GNN_ORDER_DEGREE) continue;
        OK(ctx, gnn_graph_reorder(ctx, g, mth, &re));
        double after = gnn_graph_bandwidth_mean(re);
        CHECK(after < before / 4, "%s: mean |i - j| %.1f -> %.1f (natural order %.1f)", names[mth], before, after, natural);
        /* the same edges under origin ids */
        int same = re->m == g->m;
        for (int64_t a = 0; a < re->n && same; a++)
            for (int64_t e = re->out_ptr[a]; e < re->out_ptr[a + 1]; e++)
                same &= gnn_graph_find_arc(g, gnn_graph_origin_id(re, a), gnn_graph_origin_id(re, re->out_idx[e])) >= 0;
        CHECK(same, "%s keeps every edge under the original ids", names[mth]);
        gnn_graph_destroy(&re);
    }
    CHECK(gnn_graph_order(ctx, g, 99, ord) == GNN_EINVAL, "unknown method");
    (void)order;
    free(ord);
    gnn_graph_destroy(&g);
    gnn_graph_destroy(&gr);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_partition);
    RUN(test_orders);
    return check_summary();
}
