/* bench_train.c: the training core's speed (issue 3).
 *
 * 1. Each built-in aggregator, forward and backward, on an R-MAT graph of
 *    2^20 nodes and GNN_BENCH_EDGES arcs (default 10M) with 64-wide node
 *    features: time per arc, and the ratio to the sum aggregator.
 * 2. LCM against the recurrent aggregator on high-degree nodes: 64 nodes of
 *    degree D each, for D = 64, 256, 1024, 4096 (64-wide, hidden 64).  Both
 *    run as tape ops per step or tree level and keep every activation for
 *    backward: the part peaks at 9.1 GB with 262,144 arcs (about 35 KB per
 *    arc), and D = 16384 ran out of 24 GB.
 * 3. Dense work: forward + backward of a 3-layer MLP (65,536 rows, widths
 *    256-256-256-64, ReLU) in GFLOP/s, against cblas_sgemm's own rate on a
 *    2048^3 product with all threads in the same run; and a weight gradient
 *    (a 256 x 256 output summed over 65,536 rows) through the library's row
 *    slabs and through its inner-dimension split.
 *
 * OpenBLAS runs one thread inside the library's parallel regions, as the
 * CLI sets it (libgnn(3)); the sgemm peak is measured with all threads. */
#include "bench_util.h"

#include "../lib/autograd/autograd.h"

#include <cblas.h>
#include <math.h>

#include <gnn/aggr.h>
#include <gnn/layers.h>

#define F 64

static void die(gnn_ctx_t *ctx, const char *what) {
    fprintf(stderr, "bench_train: %s: %s\n", what, gnn_ctx_errmsg(ctx));
    exit(1);
}

/* forward and backward seconds of one aggregation, best of reps */
static void time_aggr(gnn_ctx_t *ctx, const char *name, const gnn_graph_t *g, const float *X, const float *R, int reps,
                      double *tf, double *tb) {
    gnn_params_t *ps = NULL;
    gnn_aggr_t *ag = NULL;
    gnn_tape_t *tp = NULL;
    if (gnn_params_create(ctx, &ps) < 0 || gnn_aggr_create(ctx, name, F, NULL, ps, "agg", &ag) < 0 ||
        gnn_tape_create(ctx, &tp) < 0)
        die(ctx, name);
    for (int64_t i = 0; i < gnn_params_count(ps); i++) {
        gnn_tensor_t *p = gnn_params_get(ps, i);
        if (gnn_tensor_init_uniform(ctx, p, -0.1f, 0.1f, (uint64_t)i + 1) < 0) die(ctx, "init");
    }
    gnn_tape_set_training(tp, 1);
    const int64_t shape[2] = {g->n, F};
    *tf = *tb = 1e30;
    for (int r = 0; r < reps; r++) {
        gnn_tape_reset(tp);
        gnn_params_zero_grad(ps);
        gnn_tensor_t *x = NULL, *y = NULL;
        if (gnn_tensor_variable(tp, 2, shape, X, &x) < 0) die(ctx, "input");
        double t = bench_now();
        if (gnn_aggregate(tp, ag, g, GNN_IN, x, 0, &y) < 0) die(ctx, name);
        t = bench_now() - t;
        if (t < *tf) *tf = t;
        t = bench_now();
        if (gnn_i_tape_backward_from(tp, y, R) < 0) die(ctx, name);
        t = bench_now() - t;
        if (t < *tb) *tb = t;
    }
    gnn_tape_destroy(&tp);
    gnn_aggr_destroy(&ag);
    gnn_params_destroy(&ps);
}

static void part_aggregators(gnn_ctx_t *ctx) {
    const int64_t m = bench_env_int("GNN_BENCH_EDGES", 10000000);
    const int scale = 20;
    int64_t *u = malloc(sizeof(int64_t) * (size_t)m), *v = malloc(sizeof(int64_t) * (size_t)m);
    bench_rmat(3, scale, m, u, v);
    gnn_graph_t *g = NULL;
    if (gnn_graph_from_edges(ctx, (int64_t)1 << scale, m, u, v, NULL, NULL, 0, GNN_DUP_SUM, &g) < 0) die(ctx, "graph");
    free(u), free(v);
    const int64_t n = g->n;
    float *X = malloc(sizeof(float) * (size_t)(n * F)), *R = malloc(sizeof(float) * (size_t)(n * F));
    for (int64_t i = 0; i < n * F; i++) {
        X[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
        R[i] = (float)((i * 40503u + 17) % 1000) / 1000.0f - 0.5f;
    }
    int64_t dmax = 0;
    for (int64_t i = 0; i < n; i++) {
        const int64_t d = g->in_ptr[i + 1] - g->in_ptr[i];
        if (d > dmax) dmax = d;
    }
    printf("1. aggregators, forward + backward: R-MAT, %lld nodes, %lld arcs (largest in-degree %lld), %d-wide, %d threads\n",
           (long long)n, (long long)g->m, (long long)dmax, F, (int)gnn_ctx_threads(ctx));
    printf("%-10s %10s %10s %12s %12s %10s\n", "", "fwd ms", "bwd ms", "fwd ns/arc", "f+b ns/arc", "vs first");
    double t_sum = 0;
    const char *only = getenv("GNN_BENCH_AGGRS"); /* a comma list; default all */
    for (int64_t k = 0; gnn_aggr_builtin(k) != NULL; k++) {
        const char *name = gnn_aggr_builtin(k);
        if (only != NULL && !strstr(only, name)) continue;
        const int heavy = strcmp(name, "recurrent") == 0 || strcmp(name, "lcm") == 0;
        if (heavy && g->m > 1000000 && getenv("GNN_BENCH_FORCE") == NULL) {
            /* their tapes keep about 35 KB per arc (part 2): hundreds of GB
             * on this graph */
            printf("%-10s skipped: %lld arcs at about 35 KB of tape each (GNN_BENCH_FORCE=1 runs it)\n", name,
                   (long long)g->m);
            continue;
        }
        double tf, tb;
        time_aggr(ctx, name, g, X, R, heavy ? 1 : 3, &tf, &tb);
        if (t_sum == 0) t_sum = tf + tb; /* the first one timed: sum unless left out */
        printf("%-10s %10.1f %10.1f %12.2f %12.2f %9.1fx\n", name, 1e3 * tf, 1e3 * tb, 1e9 * tf / (double)g->m,
               1e9 * (tf + tb) / (double)g->m, (tf + tb) / t_sum);
    }
    printf("\n");
    free(X), free(R);
    gnn_graph_destroy(&g);
}

/* 64 hubs of in-degree D fed by random sources among 4096 other nodes */
static void part_high_degree(gnn_ctx_t *ctx) {
    printf("2. LCM against recurrent on high-degree nodes: 64 nodes of in-degree D, %d-wide, forward + backward\n", F);
    printf("%-8s %14s %14s %10s %14s\n", "D", "recurrent ms", "lcm ms", "lcm/rec", "lcm depth");
    const int64_t hubs = 64, pool = 4096, n = hubs + pool;
    const int64_t degs[4] = {64, 256, 1024, 4096};
    uint64_t s = 7;
    for (int k = 0; k < 4; k++) {
        const int64_t D = degs[k], m = hubs * D;
        int64_t *u = malloc(sizeof(int64_t) * (size_t)m), *v = malloc(sizeof(int64_t) * (size_t)m);
        for (int64_t e = 0; e < m; e++) u[e] = hubs + (int64_t)(bench_mix(&s) % (uint64_t)pool), v[e] = e / D;
        gnn_graph_t *g = NULL;
        if (gnn_graph_from_edges(ctx, n, m, u, v, NULL, NULL, 0, GNN_DUP_KEEP, &g) < 0) die(ctx, "graph");
        free(u), free(v);
        float *X = malloc(sizeof(float) * (size_t)(n * F)), *R = malloc(sizeof(float) * (size_t)(n * F));
        for (int64_t i = 0; i < n * F; i++) {
            X[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
            R[i] = (float)((i * 40503u + 17) % 1000) / 1000.0f - 0.5f;
        }
        double rf, rb, lf, lb;
        time_aggr(ctx, "recurrent", g, X, R, 2, &rf, &rb);
        time_aggr(ctx, "lcm", g, X, R, 2, &lf, &lb);
        printf("%-8lld %14.1f %14.1f %9.2fx %14d\n", (long long)D, 1e3 * (rf + rb), 1e3 * (lf + lb),
               (lf + lb) / (rf + rb), (int)ceil(log2((double)D)));
        free(X), free(R);
        gnn_graph_destroy(&g);
    }
    printf("(recurrent: D sequential steps per node; lcm: D - 1 operator applications in ceil(log2 D) levels)\n\n");
}

static double sgemm_peak(int threads) {
    const int64_t S = 2048;
    float *a = malloc(sizeof(float) * (size_t)(S * S)), *b = malloc(sizeof(float) * (size_t)(S * S)),
          *c = malloc(sizeof(float) * (size_t)(S * S));
    for (int64_t i = 0; i < S * S; i++) a[i] = (float)(i % 7) * 0.1f, b[i] = (float)(i % 5) * 0.1f;
    openblas_set_num_threads(threads);
    double best = 1e30;
    for (int r = 0; r < 4; r++) {
        double t = bench_now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)S, (int)S, (int)S, 1.0f, a, (int)S, b, (int)S, 0.0f,
                    c, (int)S);
        t = bench_now() - t;
        if (t < best) best = t;
    }
    openblas_set_num_threads(1);
    free(a), free(b), free(c);
    return 2.0 * (double)S * (double)S * (double)S / best / 1e9;
}

static void part_dense(gnn_ctx_t *ctx) {
    const int threads = (int)gnn_ctx_threads(ctx);
    const double peak = sgemm_peak(threads);
    const int64_t rows = 65536, dims[4] = {256, 256, 256, 64};
    gnn_params_t *ps = NULL;
    gnn_mlp_t *mlp = NULL;
    gnn_tape_t *tp = NULL;
    if (gnn_params_create(ctx, &ps) < 0 || gnn_mlp_create(ctx, ps, "mlp", 3, dims, GNN_ACT_RELU, 0, 0.0f, &mlp) < 0 ||
        gnn_tape_create(ctx, &tp) < 0)
        die(ctx, "mlp");
    for (int64_t i = 0; i < gnn_params_count(ps); i++)
        if (gnn_tensor_init_uniform(ctx, gnn_params_get(ps, i), -0.06f, 0.06f, (uint64_t)i + 1) < 0) die(ctx, "init");
    float *X = malloc(sizeof(float) * (size_t)(rows * dims[0])), *R = malloc(sizeof(float) * (size_t)(rows * dims[3]));
    for (int64_t i = 0; i < rows * dims[0]; i++) X[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
    for (int64_t i = 0; i < rows * dims[3]; i++) R[i] = (float)((i * 40503u + 17) % 1000) / 1000.0f - 0.5f;
    gnn_tape_set_training(tp, 1);
    const int64_t shape[2] = {rows, dims[0]};
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
        gnn_tape_reset(tp);
        gnn_params_zero_grad(ps);
        gnn_tensor_t *x = NULL, *y = NULL;
        if (gnn_tensor_from_data(tp, 2, shape, X, &x) < 0) die(ctx, "input");
        double t = bench_now();
        if (gnn_mlp_forward(tp, mlp, x, &y) < 0 || gnn_i_tape_backward_from(tp, y, R) < 0) die(ctx, "mlp");
        t = bench_now() - t;
        if (t < best) best = t;
    }
    /* forward 2 r (256*256 + 256*256 + 256*64) flops; backward twice that
     * (no gradient for the input, so the first layer's dX is skipped) */
    const double fw = 2.0 * (double)rows * (double)(dims[0] * dims[1] + dims[1] * dims[2] + dims[2] * dims[3]);
    const double bw = 2.0 * fw - 2.0 * (double)rows * (double)(dims[0] * dims[1]);
    const double gf = (fw + bw) / best / 1e9;
    printf("3. dense work, %d threads\n", threads);
    printf("cblas_sgemm 2048^3 (OpenBLAS, %d threads): %.1f GFLOP/s\n", threads, peak);
    printf("MLP %lld x 256-256-256-64, forward + backward: %.1f ms, %.1f GFLOP/s = %.0f%% of sgemm\n", (long long)rows,
           1e3 * best, gf, 100.0 * gf / peak);
    /* a weight gradient: dW (256 x 256) += H^T G over 65,536 rows */
    float *H = malloc(sizeof(float) * (size_t)(rows * 256)), *G = malloc(sizeof(float) * (size_t)(rows * 256));
    float *W1 = calloc(256 * 256, sizeof(float)), *W2 = calloc(256 * 256, sizeof(float));
    for (int64_t i = 0; i < rows * 256; i++) H[i] = X[i], G[i] = X[(i * 7) % (rows * 256)];
    double ts = 1e30, tk = 1e30;
    for (int r = 0; r < 5; r++) {
        double t = bench_now();
        gnn_i_gemm(ctx, 1, 0, 256, 256, rows, 1.0f, H, 256, G, 256, 0.0f, W1, 256);
        t = bench_now() - t;
        if (t < ts) ts = t;
        gnn_tape_reset(tp);
        t = bench_now();
        if (gnn_i_gemm_tp(tp, 1, 0, 256, 256, rows, 1.0f, H, 256, G, 256, 0.0f, W2, 256) < 0) die(ctx, "gemm");
        t = bench_now() - t;
        if (t < tk) tk = t;
    }
    double diff = 0, mag = 0;
    for (int64_t i = 0; i < 256 * 256; i++) diff = fmax(diff, fabs(W1[i] - W2[i])), mag = fmax(mag, fabs(W1[i]));
    const double wf = 2.0 * 256.0 * 256.0 * (double)rows / 1e9;
    printf("weight gradient 256 x 256 over %lld rows: row slabs %.1f ms (%.1f GFLOP/s), inner split %.1f ms "
           "(%.1f GFLOP/s): %.2fx; max difference %.2g of %.2g\n\n",
           (long long)rows, 1e3 * ts, wf / ts, 1e3 * tk, wf / tk, ts / tk, diff, mag);
    free(H), free(G), free(W1), free(W2), free(X), free(R);
    gnn_tape_destroy(&tp);
    gnn_mlp_destroy(&mlp);
    gnn_params_destroy(&ps);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    openblas_set_num_threads(1);
    gnn_ctx_t *ctx = NULL;
    if (gnn_ctx_create(&ctx) < 0) return 1;
    const char *parts = getenv("GNN_BENCH_PARTS");
    if (parts == NULL || strstr(parts, "dense")) part_dense(ctx);
    if (parts == NULL || strstr(parts, "aggr")) part_aggregators(ctx);
    if (parts == NULL || strstr(parts, "degree")) part_high_degree(ctx);
    gnn_ctx_destroy(&ctx);
    return 0;
}
