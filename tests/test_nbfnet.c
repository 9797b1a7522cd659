/* test_nbfnet.c: NBFNet (gnn_bf_aggregate and the "nbfnet" model) against
 * the oracles of specs/nbfnet.md section 13.
 *
 * Raw Bellman-Ford (no linear, no LayerNorm, no activation): the test calls
 * gnn_bf_aggregate T times, feeding the output back as x, from the
 * boundary H^0 (q at the source, `fill` elsewhere), so that
 * H^t[v] = AGG({MSG(H^{t-1}[u], rho_r) : (u -r-> v)} U {H^0[v]}).
 *   1. sum-product = walk counting: the spec's path and triangle values,
 *      and random typed, weighted digraphs against dense matrix powers;
 *   2. min-plus = shortest paths: the spec's 4-node example, and random
 *      weighted digraphs (relation = length class) against igraph's
 *      Dijkstra;
 *   3. max-times = most reliable path;
 *   4. the PNA statistics and degree scalers of the spec's 4-node example;
 *   5. edge removal (section 2.3, oracle 7) through gnn_i_nbf_graph;
 *   6. filtered ranks (oracle 8) through gnn_i_filtered_rank;
 *   7. gnn_auroc_ap by hand and against brute-force definitions;
 *   8. thread invariance of gnn_bf_aggregate (forward and backward);
 *   9. the model: KG fit, all-candidates batching = single scoring (oracle
 *      5), the inverse-relation head queries (oracle 6), bad input; a
 *      link-prediction fit;
 *  10. bad data: an empty test file, a test relation absent from training.
 *
 * Expected values come from the spec or are derived here from the
 * definitions (walk counts by dense matrix powers, distances by igraph,
 * AUROC/AP by brute force); none comes from running this library. */
#include "check.h"

#include <stdint.h>
#include <unistd.h>

#include <igraph.h>

#include "../models/model.h"

#define INF INFINITY

/* ---- a deterministic LCG (independent of the library's generator) ---- */

static uint64_t lcg_state;
static void lcg_seed(uint64_t s) { lcg_state = s * 0x9E3779B97F4A7C15ULL + 1; }
static uint64_t lcg_next(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lcg_state >> 33; /* 31 bits */
}
static double lcg_unif(void) { return (double)lcg_next() / 2147483648.0; }
static int64_t lcg_below(int64_t n) { return (int64_t)(lcg_unif() * (double)n); }

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(99);
    }
    return p;
}

/* ---- raw Bellman-Ford ---- */

/* T layers of gnn_bf_aggregate over g from the boundary (q[b] at src[b],
 * fill elsewhere); rel has rel_rows (1 or nq) rows of R*d; writes H^T
 * ([nq*N, A] with A = out width) to out, and H^1..H^T (each [nq*N, d]) to
 * hist when not NULL (only for aggregations of width d). */
static gnn_status_t bf_run(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t nq, const int64_t *src, int64_t d,
                           const float *rel, int64_t rel_rows, const float *q, float fill, int msg, int aggr, int T,
                           const float *x_in, float *out, float *hist) {
    gnn_tape_t *tp = NULL;
    gnn_status_t st = gnn_tape_create(ctx, &tp);
    if (st < 0) return st;
    const int64_t N = gnn_graph_node_count(g), R = gnn_graph_relation_count(g) > 0 ? gnn_graph_relation_count(g) : 1;
    float *h0 = xmalloc(sizeof(float) * (size_t)(nq * N * d));
    for (int64_t b = 0; b < nq; b++)
        for (int64_t v = 0; v < N; v++)
            for (int64_t k = 0; k < d; k++) h0[(b * N + v) * d + k] = v == src[b] ? q[b * d + k] : fill;
    gnn_tensor_t *x = NULL, *tr = NULL, *tq = NULL, *y = NULL;
    const int64_t sx[2] = {nq * N, d}, sr[2] = {rel_rows, R * d}, sq[2] = {nq, d};
    st = gnn_tensor_from_data(tp, 2, sx, x_in ? x_in : h0, &x);
    if (st >= 0) st = gnn_tensor_from_data(tp, 2, sr, rel, &tr);
    if (st >= 0) st = gnn_tensor_from_data(tp, 2, sq, q, &tq);
    for (int t = 0; t < T && st >= 0; t++) {
        st = gnn_bf_aggregate(tp, g, x, tr, tq, src, nq, fill, msg, aggr, &y);
        if (st < 0) break;
        if (hist) memcpy(hist + (size_t)t * (size_t)(nq * N * d), gnn_tensor_data(y), sizeof(float) * (size_t)(nq * N * d));
        x = y;
    }
    if (st >= 0) memcpy(out, gnn_tensor_data(x), sizeof(float) * (size_t)gnn_tensor_numel(x));
    free(h0);
    gnn_tape_destroy(&tp);
    return st;
}

static gnn_graph_t *graph_or_die(gnn_ctx_t *ctx, int64_t n, int64_t m, const int64_t *u, const int64_t *v,
                                 const float *w, const int64_t *ty, int64_t R) {
    gnn_graph_t *g = NULL;
    if (gnn_graph_from_edges(ctx, n, m, u, v, w, ty, R, GNN_DIRECTED | GNN_DUP_KEEP, &g) < 0) {
        fprintf(stderr, "graph: %s\n", gnn_ctx_errmsg(ctx));
        exit(99);
    }
    return g;
}

/* ------------------------------------------------------------------ 1. walk counting */

static int vec_eq(const float *got, const double *want, int64_t n, double tol) {
    for (int64_t i = 0; i < n; i++)
        if (!CLOSE(got[i], want[i], tol)) return 0;
    return 1;
}

static void test_walk_counting_spec(void) {
    gnn_ctx_t *ctx = check_ctx();
    const float one = 1.0f;
    const int64_t s = 0;
    float hist[3 * 3], out[3];
    /* path 0-1-2, both directions */
    {
        const int64_t u[] = {0, 1, 1, 2}, v[] = {1, 0, 2, 1};
        gnn_graph_t *g = graph_or_die(ctx, 3, 4, u, v, NULL, NULL, 0);
        OK(ctx, bf_run(ctx, g, 1, &s, 1, &one, 1, &one, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, 3, NULL, out, hist));
        const double h1[] = {1, 1, 0}, h2[] = {2, 1, 1}, h3[] = {2, 3, 1};
        CHECK(vec_eq(hist, h1, 3, 0), "path H^1 = (%g %g %g), want (1 1 0)", hist[0], hist[1], hist[2]);
        CHECK(vec_eq(hist + 3, h2, 3, 0), "path H^2 = (%g %g %g), want (2 1 1)", hist[3], hist[4], hist[5]);
        CHECK(vec_eq(hist + 6, h3, 3, 0), "path H^3 = (%g %g %g), want (2 3 1)", hist[6], hist[7], hist[8]);
        CHECK(vec_eq(out, h3, 3, 0), "path: out = H^3");
        gnn_graph_destroy(&g);
    }
    /* triangle 0-1-2, both directions */
    {
        const int64_t u[] = {0, 1, 1, 2, 2, 0}, v[] = {1, 0, 2, 1, 0, 2};
        gnn_graph_t *g = graph_or_die(ctx, 3, 6, u, v, NULL, NULL, 0);
        OK(ctx, bf_run(ctx, g, 1, &s, 1, &one, 1, &one, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, 3, NULL, out, hist));
        const double h1[] = {1, 1, 1}, h2[] = {3, 2, 2}, h3[] = {5, 5, 5};
        CHECK(vec_eq(hist, h1, 3, 0), "triangle H^1 = (%g %g %g), want (1 1 1)", hist[0], hist[1], hist[2]);
        CHECK(vec_eq(hist + 3, h2, 3, 0), "triangle H^2 = (%g %g %g), want (3 2 2)", hist[3], hist[4], hist[5]);
        CHECK(vec_eq(hist + 6, h3, 3, 0), "triangle H^3 = (%g %g %g), want (5 5 5)", hist[6], hist[7], hist[8]);
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

/* Random typed, weighted multigraphs: with DistMult and sum, channel k of
 * query b is H^T = sum_{j=0..T} (M^T)^j q e_s with M[u][v] = sum over arcs
 * u -r-> v of w_e rho[b][r][k]: weighted walk counts.  Weights and rho are
 * small dyadic numbers, so the float sums are exact. */
static void test_walk_counting_random(void) {
    gnn_ctx_t *ctx = check_ctx();
    enum { N = 12, M = 30, R = 3, D = 2, NQ = 3, T = 4 };
    for (int trial = 0; trial < 4; trial++) {
        lcg_seed(100 + (uint64_t)trial);
        const int weighted = trial >= 2, shared = trial % 2;
        int64_t u[M], v[M], ty[M], src[NQ];
        float w[M], rel[NQ * R * D], q[NQ * D];
        for (int e = 0; e < M; e++) {
            u[e] = lcg_below(N), v[e] = lcg_below(N), ty[e] = lcg_below(R);
            w[e] = weighted ? 0.5f * (float)(1 + lcg_below(3)) : 1.0f;
        }
        for (int i = 0; i < NQ * R * D; i++) rel[i] = (float)(lcg_below(3)) * 0.5f + 0.5f; /* 0.5, 1, 1.5 */
        for (int b = 0; b < NQ; b++) {
            src[b] = lcg_below(N);
            for (int k = 0; k < D; k++) q[b * D + k] = 1.0f + (float)k;
        }
        gnn_graph_t *g = graph_or_die(ctx, N, M, u, v, weighted ? w : NULL, ty, R);
        float *out = xmalloc(sizeof(float) * NQ * N * D);
        OK(ctx, bf_run(ctx, g, NQ, src, D, rel, shared ? 1 : NQ, q, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, T, NULL, out, NULL));
        int bad = 0;
        for (int b = 0; b < NQ; b++)
            for (int k = 0; k < D; k++) {
                const float *rb = rel + (shared ? 0 : b * R * D);
                double Mx[N][N] = {{0}}, cur[N] = {0}, acc[N] = {0};
                for (int e = 0; e < M; e++) Mx[u[e]][v[e]] += (weighted ? w[e] : 1.0) * rb[ty[e] * D + k];
                cur[src[b]] = q[b * D + k];
                for (int j = 0; j <= T; j++) {
                    double nxt[N] = {0};
                    for (int x = 0; x < N; x++) acc[x] += cur[x];
                    for (int a = 0; a < N; a++)
                        for (int c = 0; c < N; c++) nxt[c] += Mx[a][c] * cur[a];
                    memcpy(cur, nxt, sizeof cur);
                }
                for (int x = 0; x < N; x++)
                    if (!CLOSE(out[(b * N + x) * D + k], acc[x], 1e-6)) {
                        if (bad++ < 5)
                            fprintf(stderr, "trial %d query %d node %d channel %d: got %g, want %g\n", trial, b, x, k,
                                    out[(b * N + x) * D + k], acc[x]);
                    }
            }
        CHECK(bad == 0, "trial %d: %d walk counts differ from matrix powers", trial, bad);
        /* mean = sum / c_v on the same graph, one layer from H^0 */
        float *o_sum = xmalloc(sizeof(float) * NQ * N * D), *o_mean = xmalloc(sizeof(float) * NQ * N * D);
        OK(ctx, bf_run(ctx, g, NQ, src, D, rel, shared ? 1 : NQ, q, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, 1, NULL, o_sum, NULL));
        OK(ctx, bf_run(ctx, g, NQ, src, D, rel, shared ? 1 : NQ, q, 0.0f, GNN_BF_DISTMULT, GNN_BF_MEAN, 1, NULL, o_mean, NULL));
        bad = 0;
        for (int b = 0; b < NQ; b++)
            for (int x = 0; x < N; x++) {
                double c = 1;
                for (int e = 0; e < M; e++)
                    if (v[e] == x) c += weighted ? w[e] : 1.0;
                for (int k = 0; k < D; k++)
                    bad += !CLOSE(o_mean[(b * N + x) * D + k], o_sum[(b * N + x) * D + k] / c, 1e-6);
            }
        CHECK(bad == 0, "trial %d: %d mean entries differ from sum / c_v", trial, bad);
        free(o_sum), free(o_mean), free(out);
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ 2. shortest paths */

static void test_min_plus_spec(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* 0->1 (r0, len 1), 1->2 (r0, len 1), 0->2 (r1, len 3), 2->3 (r0, len 1) */
    const int64_t u[] = {0, 1, 0, 2}, v[] = {1, 2, 2, 3}, ty[] = {0, 0, 1, 0}, s = 0;
    const float rho[2] = {1.0f, 3.0f}, zero = 0.0f;
    gnn_graph_t *g = graph_or_die(ctx, 4, 4, u, v, NULL, ty, 2);
    float hist[3 * 4], out[4];
    OK(ctx, bf_run(ctx, g, 1, &s, 1, rho, 1, &zero, INF, GNN_BF_TRANSE, GNN_BF_MIN, 3, NULL, out, hist));
    const double h1[] = {0, 1, 3, INF}, h2[] = {0, 1, 2, 4}, h3[] = {0, 1, 2, 3};
    const double *want[3] = {h1, h2, h3};
    for (int t = 0; t < 3; t++) {
        const float *h = hist + 4 * t;
        int ok = 1;
        for (int x = 0; x < 4; x++) ok &= isinf(want[t][x]) ? (isinf(h[x]) && h[x] > 0) : h[x] == want[t][x];
        CHECK(ok, "H^%d = (%g %g %g %g), want (%g %g %g %g)", t + 1, h[0], h[1], h[2], h[3], want[t][0], want[t][1],
              want[t][2], want[t][3]);
    }
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* Random weighted digraphs: relation r is a length class, rho_r its length,
 * the graph itself unweighted (w_e = 1); after N - 1 layers the min-plus
 * state is the distance, compared with igraph_distances_dijkstra on the
 * same arcs with the lengths as weights. */
static void test_min_plus_random(void) {
    gnn_ctx_t *ctx = check_ctx();
    igraph_set_error_handler(igraph_error_handler_ignore);
    enum { N = 30, R = 5, NQ = 3 };
    const float len[R] = {0.5f, 1.0f, 1.5f, 2.25f, 4.0f};
    const int64_t msz[3] = {40, 75, 140};
    for (int trial = 0; trial < 3; trial++) {
        lcg_seed(200 + (uint64_t)trial);
        const int64_t M = msz[trial];
        int64_t *u = xmalloc(sizeof(int64_t) * (size_t)M), *v = xmalloc(sizeof(int64_t) * (size_t)M),
                *ty = xmalloc(sizeof(int64_t) * (size_t)M);
        for (int64_t e = 0; e < M; e++) u[e] = lcg_below(N), v[e] = lcg_below(N), ty[e] = lcg_below(R);
        const int64_t src[NQ] = {lcg_below(N), lcg_below(N), lcg_below(N)};
        const float q[NQ] = {0, 0, 0};
        gnn_graph_t *g = graph_or_die(ctx, N, M, u, v, NULL, ty, R);
        float out[NQ * N];
        OK(ctx, bf_run(ctx, g, NQ, src, 1, len, 1, q, INF, GNN_BF_TRANSE, GNN_BF_MIN, N - 1, NULL, out, NULL));
        /* igraph */
        igraph_t ig;
        igraph_vector_int_t edges;
        igraph_vector_t wt;
        igraph_matrix_t dist;
        igraph_vector_int_init(&edges, 2 * M);
        igraph_vector_init(&wt, M);
        igraph_matrix_init(&dist, 0, 0);
        for (int64_t e = 0; e < M; e++) {
            VECTOR(edges)[2 * e] = u[e], VECTOR(edges)[2 * e + 1] = v[e];
            VECTOR(wt)[e] = len[ty[e]];
        }
        int ok = igraph_create(&ig, &edges, N, IGRAPH_DIRECTED) == IGRAPH_SUCCESS;
        CHECK(ok, "igraph_create");
        int bad = 0, unreachable = 0;
        for (int b = 0; ok && b < NQ; b++) {
            ok = igraph_distances_dijkstra(&ig, &dist, igraph_vss_1(src[b]), igraph_vss_all(), &wt, IGRAPH_OUT) ==
                 IGRAPH_SUCCESS;
            CHECK(ok, "igraph_distances_dijkstra");
            for (int64_t x = 0; ok && x < N; x++) {
                const double want = MATRIX(dist, 0, x);
                const float got = out[b * N + x];
                const int same = isinf(want) ? (isinf(got) && got > 0) : CLOSE(got, want, 1e-6);
                unreachable += isinf(want) != 0;
                if (!same && bad++ < 5)
                    fprintf(stderr, "trial %d source %lld node %lld: got %g, Dijkstra %g\n", trial, (long long)src[b],
                            (long long)x, got, want);
            }
        }
        CHECK(bad == 0, "trial %d: %d distances differ from Dijkstra", trial, bad);
        if (trial == 0) CHECK(unreachable > 0, "the sparse trial should have unreachable nodes");
        if (ok) igraph_destroy(&ig);
        igraph_matrix_destroy(&dist);
        igraph_vector_destroy(&wt);
        igraph_vector_int_destroy(&edges);
        free(u), free(v), free(ty);
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ 3. most reliable path */

static void test_max_times(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* 0->1 (0.5), 1->2 (0.5), 0->2 (0.2): relation = probability class */
    const int64_t u[] = {0, 1, 0}, v[] = {1, 2, 2}, ty[] = {0, 0, 1}, s = 0;
    const float rho[2] = {0.5f, 0.2f}, one = 1.0f;
    gnn_graph_t *g = graph_or_die(ctx, 3, 3, u, v, NULL, ty, 2);
    float hist[2 * 3], out[3];
    OK(ctx, bf_run(ctx, g, 1, &s, 1, rho, 1, &one, 0.0f, GNN_BF_DISTMULT, GNN_BF_MAX, 2, NULL, out, hist));
    /* H^1 = (1, 0.5, 0.2): one hop; H^2[2] = max(0.5 * 0.5, 0.2) */
    CHECK(CLOSE(hist[1], 0.5, 1e-7) && CLOSE(hist[2], 0.2, 1e-7) && hist[0] == 1.0f, "H^1 = (%g %g %g)", hist[0], hist[1],
          hist[2]);
    CHECK(CLOSE(out[2], 0.25, 1e-7), "H^2[2] = %g, want 0.25", out[2]);
    CHECK(out[0] == 1.0f && CLOSE(out[1], 0.5, 1e-7), "H^2 = (%g %g %g)", out[0], out[1], out[2]);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* a RotatE message, d = 2: rho = (cos a, sin a) rotates x = (1, 0) to
 * (cos a, sin a); sum with the boundary 0 at the target */
static void test_rotate(void) {
    gnn_ctx_t *ctx = check_ctx();
    const int64_t u[] = {0}, v[] = {1}, s = 0;
    const double a = 0.7;
    const float rho[2] = {(float)cos(a), (float)sin(a)}, q[2] = {1.0f, 0.0f};
    gnn_graph_t *g = graph_or_die(ctx, 2, 1, u, v, NULL, NULL, 0);
    float out[4];
    OK(ctx, bf_run(ctx, g, 1, &s, 2, rho, 1, q, 0.0f, GNN_BF_ROTATE, GNN_BF_SUM, 1, NULL, out, NULL));
    CHECK(CLOSE(out[2], cos(a), 1e-6) && CLOSE(out[3], sin(a), 1e-6), "rotated (%g, %g), want (%g, %g)", out[2], out[3],
          cos(a), sin(a));
    CHECK(out[0] == 1.0f && out[1] == 0.0f, "source keeps its boundary (%g, %g)", out[0], out[1]);
    /* odd width refused */
    const float q3[3] = {1, 0, 0}, r3[3] = {1, 0, 0};
    float o3[6];
    CHECK(bf_run(ctx, g, 1, &s, 3, r3, 1, q3, 0.0f, GNN_BF_ROTATE, GNN_BF_SUM, 1, NULL, o3, NULL) == GNN_EINVAL,
          "RotatE with odd d refused");
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ 4. PNA */

static void test_pna_spec(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* u1 -> v, u2 -> v, u3 -> v: nodes (u1, u2, u3, v) = (0, 1, 2, 3) */
    const int64_t u[] = {0, 1, 2}, v[] = {3, 3, 3}, s = 3;
    const float x[4] = {1, 2, 3, 0}, one = 1.0f, zero = 0.0f;
    gnn_graph_t *g = graph_or_die(ctx, 4, 3, u, v, NULL, NULL, 0);
    CHECK(gnn_bf_out_dim(GNN_BF_PNA, 1) == 12 && gnn_bf_out_dim(GNN_BF_PNA, 5) == 60 && gnn_bf_out_dim(GNN_BF_MIN, 5) == 5,
          "output widths");
    for (int variant = 0; variant < 2; variant++) {
        /* variant 0: the spec (fill 0); 1: fill 2 changes only the sources */
        const float fill = variant ? 2.0f : 0.0f;
        float out[4 * 12];
        OK(ctx, bf_run(ctx, g, 1, &s, 1, &one, 1, &zero, fill, GNN_BF_DISTMULT, GNN_BF_PNA, 1, x, out, NULL));
        /* at v: mu 1.5, max 3, min 0, sd sqrt(1.25); scalers (1, 4, 0.25) */
        const double stat_v[4] = {1.5, 3.0, 0.0, sqrt(1.25)}, sc_v[3] = {1.0, 4.0, 0.25};
        const float *yv = out + 3 * 12;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                CHECK(CLOSE(yv[4 * i + j], stat_v[j] * sc_v[i], 1e-5),
                      "fill %g: v column %d (scaler %d, stat %d) = %.7g, want %.7g", fill, 4 * i + j, i, j,
                      yv[4 * i + j], stat_v[j] * sc_v[i]);
        /* sources: c = 1, the only item is the fill value: mu = max = min =
         * fill, sd = sqrt(1e-6) (the clamp); scalers (1, 0, 100) */
        const double stat_s[4] = {fill, fill, fill, 1e-3}, sc_s[3] = {1.0, 0.0, 100.0};
        for (int node = 0; node < 3; node++) {
            const float *ys = out + node * 12;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 4; j++)
                    CHECK(CLOSE(ys[4 * i + j], stat_s[j] * sc_s[i], 1e-5),
                          "fill %g: source %d column %d (scaler %d, stat %d) = %.7g, want %.7g", fill, node, 4 * i + j, i, j,
                          ys[4 * i + j], stat_s[j] * sc_s[i]);
        }
    }
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* shapes and sources are checked */
static void test_bf_bad_input(void) {
    gnn_ctx_t *ctx = check_ctx();
    const int64_t u[] = {0, 1}, v[] = {1, 2}, ty[] = {0, 1};
    gnn_graph_t *g = graph_or_die(ctx, 3, 2, u, v, NULL, ty, 2);
    gnn_tape_t *tp = NULL;
    OK(ctx, gnn_tape_create(ctx, &tp));
    float buf[64] = {0};
    gnn_tensor_t *x, *rel, *rel_bad, *q, *y = NULL;
    const int64_t sx[2] = {3, 2}, sr[2] = {1, 4}, srb[2] = {1, 2}, sq[2] = {1, 2};
    OK(ctx, gnn_tensor_from_data(tp, 2, sx, buf, &x));
    OK(ctx, gnn_tensor_from_data(tp, 2, sr, buf, &rel));
    OK(ctx, gnn_tensor_from_data(tp, 2, srb, buf, &rel_bad));
    OK(ctx, gnn_tensor_from_data(tp, 2, sq, buf, &q));
    const int64_t s0 = 0, s_bad = 3, s_neg = -1;
    OK(ctx, gnn_bf_aggregate(tp, g, x, rel, q, &s0, 1, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, &y));
    CHECK(gnn_tensor_rows(y) == 3 && gnn_tensor_cols(y) == 2, "output shape");
    CHECK(gnn_bf_aggregate(tp, g, x, rel, q, &s_bad, 1, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, &y) == GNN_ERANGE, "source 3 of 3");
    CHECK(gnn_bf_aggregate(tp, g, x, rel, q, &s_neg, 1, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, &y) == GNN_ERANGE, "source -1");
    CHECK(gnn_bf_aggregate(tp, g, x, rel_bad, q, &s0, 1, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, &y) == GNN_EINVAL,
          "relation vectors of one relation for a graph of two");
    CHECK(gnn_bf_aggregate(tp, g, x, rel, q, &s0, 2, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, &y) < 0, "nq 2 with x of 1 query");
    CHECK(gnn_bf_aggregate(tp, g, x, rel, q, &s0, 1, 0.0f, 7, GNN_BF_SUM, &y) == GNN_EINVAL, "unknown message");
    CHECK(gnn_bf_aggregate(tp, g, x, rel, q, &s0, 1, 0.0f, GNN_BF_DISTMULT, 9, &y) == GNN_EINVAL, "unknown aggregation");
    CHECK(gnn_bf_aggregate(tp, g, x, rel, q, NULL, 1, 0.0f, GNN_BF_DISTMULT, GNN_BF_SUM, &y) == GNN_EINVAL, "no sources");
    gnn_tape_destroy(&tp);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ 5. edge removal */

typedef struct {
    int64_t s, d, t;
} arc_t;
static int cmp_arc(const void *a, const void *b) {
    const arc_t *x = a, *y = b;
    if (x->s != y->s) return x->s < y->s ? -1 : 1;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    return x->t < y->t ? -1 : x->t > y->t;
}

/* the arcs of g, sorted; returns the count (at most cap) */
static int64_t graph_arcs_sorted(gnn_ctx_t *ctx, const gnn_graph_t *g, arc_t *a, int64_t cap) {
    const int64_t m = gnn_graph_arc_count(g);
    if (m > cap) return -1;
    int64_t s[64], d[64], t[64];
    if (m > 64 || gnn_graph_arcs(ctx, g, s, d, NULL, t) < 0) return -1;
    for (int64_t i = 0; i < m; i++) a[i] = (arc_t){s[i], d[i], t[i]};
    qsort(a, (size_t)m, sizeof *a, cmp_arc);
    return m;
}

static int same_arcs(const arc_t *a, int64_t na, arc_t *b, int64_t nb) {
    qsort(b, (size_t)nb, sizeof *b, cmp_arc);
    if (na != nb) return 0;
    for (int64_t i = 0; i < na; i++)
        if (cmp_arc(&a[i], &b[i]) != 0) return 0;
    return 1;
}

static void test_edge_removal(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* toy KG over 4 nodes, R = 2: several relations between 0 and 1 in
     * both directions */
    enum { n = 4, R = 2, m = 7 };
    const int64_t h[m] = {0, 0, 1, 1, 2, 0, 3}, r[m] = {0, 1, 0, 1, 0, 0, 1}, t[m] = {1, 1, 0, 2, 3, 3, 2};
    arc_t got[64], want[64];
    /* nothing removed: every triple and its inverse */
    {
        gnn_graph_t *g = NULL;
        OK(ctx, gnn_i_nbf_graph(ctx, n, m, h, r, t, R, 1, 0, NULL, NULL, NULL, 1, &g));
        CHECK(gnn_graph_relation_count(g) == 2 * R, "relations %lld, want 2R", (long long)gnn_graph_relation_count(g));
        int64_t k = 0;
        for (int e = 0; e < m; e++) want[k++] = (arc_t){h[e], t[e], r[e]}, want[k++] = (arc_t){t[e], h[e], r[e] + R};
        const int64_t ng = graph_arcs_sorted(ctx, g, got, 64);
        CHECK(same_arcs(got, ng, want, k), "full graph: %lld arcs, want %lld", (long long)ng, (long long)k);
        gnn_graph_destroy(&g);
    }
    /* one-hop removal of the pair (0, 1), given in either order, and of
     * (2, 3): no arc between 0 and 1 or between 2 and 3 remains, whatever
     * the relation or direction */
    for (int order = 0; order < 2; order++) {
        const int64_t ra[2] = {order ? 1 : 0, 3}, rb[2] = {order ? 0 : 1, 2}, rr[2] = {0, 0};
        gnn_graph_t *g = NULL;
        OK(ctx, gnn_i_nbf_graph(ctx, n, m, h, r, t, R, 1, 2, ra, rr, rb, 1, &g));
        int64_t k = 0;
        for (int e = 0; e < m; e++) {
            const int gone = (h[e] == 0 && t[e] == 1) || (h[e] == 1 && t[e] == 0) || (h[e] == 2 && t[e] == 3) ||
                             (h[e] == 3 && t[e] == 2);
            if (!gone) want[k++] = (arc_t){h[e], t[e], r[e]}, want[k++] = (arc_t){t[e], h[e], r[e] + R};
        }
        const int64_t ng = graph_arcs_sorted(ctx, g, got, 64);
        CHECK(same_arcs(got, ng, want, k), "one-hop (order %d): %lld arcs, want %lld", order, (long long)ng, (long long)k);
        CHECK(gnn_graph_find_arc(g, 0, 1) < 0 && gnn_graph_find_arc(g, 1, 0) < 0 && gnn_graph_find_arc(g, 2, 3) < 0 &&
                  gnn_graph_find_arc(g, 3, 2) < 0,
              "one-hop: an arc between a removed pair remains");
        CHECK(gnn_graph_find_arc(g, 1, 2) >= 0 && gnn_graph_find_arc(g, 2, 1) >= 0 && gnn_graph_find_arc(g, 0, 3) >= 0,
              "one-hop: other pairs keep their arcs");
        gnn_graph_destroy(&g);
    }
    /* exact removal of (0, r0, 1): only that triple and its inverse
     * 1 -(0+R)-> 0 go; (0, r1, 1), (1, r0, 0) and its inverse 0 -(R)-> 1
     * stay */
    {
        const int64_t ra[1] = {0}, rr[1] = {0}, rb[1] = {1};
        gnn_graph_t *g = NULL;
        OK(ctx, gnn_i_nbf_graph(ctx, n, m, h, r, t, R, 1, 1, ra, rr, rb, 0, &g));
        int64_t k = 0;
        for (int e = 0; e < m; e++)
            if (!(h[e] == 0 && r[e] == 0 && t[e] == 1))
                want[k++] = (arc_t){h[e], t[e], r[e]}, want[k++] = (arc_t){t[e], h[e], r[e] + R};
        const int64_t ng = graph_arcs_sorted(ctx, g, got, 64);
        CHECK(same_arcs(got, ng, want, k), "exact: %lld arcs, want %lld", (long long)ng, (long long)k);
        CHECK(ng == 2 * m - 2, "exact removal drops 2 arcs: %lld of %d", (long long)ng, 2 * m);
        int has_01_r1 = 0, has_01_inv = 0, has_10_r0 = 0, has_10_inv0 = 0;
        for (int64_t i = 0; i < ng; i++) {
            has_01_r1 |= got[i].s == 0 && got[i].d == 1 && got[i].t == 1;
            has_01_inv |= got[i].s == 0 && got[i].d == 1 && got[i].t == R;     /* inverse of (1, r0, 0) */
            has_10_r0 |= got[i].s == 1 && got[i].d == 0 && got[i].t == 0;      /* (1, r0, 0) itself */
            has_10_inv0 |= got[i].s == 1 && got[i].d == 0 && got[i].t == R;    /* inverse of the removed triple */
        }
        CHECK(has_01_r1 && has_01_inv && has_10_r0 && !has_10_inv0, "exact removal: %d %d %d %d", has_01_r1, has_01_inv,
              has_10_r0, has_10_inv0);
        gnn_graph_destroy(&g);
    }
    /* link prediction: pairs in both directions plus a self-loop per node;
     * removing pairs drops both directions, never a self-loop (even when a
     * pair (v, v) is named) */
    {
        const int64_t pa[3] = {0, 1, 2}, pb[3] = {1, 2, 3};
        gnn_graph_t *g = NULL;
        OK(ctx, gnn_i_nbf_graph(ctx, n, 3, pa, NULL, pb, 1, 0, 0, NULL, NULL, NULL, 1, &g));
        int64_t k = 0;
        for (int e = 0; e < 3; e++) want[k++] = (arc_t){pa[e], pb[e], 0}, want[k++] = (arc_t){pb[e], pa[e], 0};
        for (int x = 0; x < n; x++) want[k++] = (arc_t){x, x, 0};
        int64_t ng = graph_arcs_sorted(ctx, g, got, 64);
        CHECK(same_arcs(got, ng, want, k), "link prediction graph: %lld arcs, want %lld", (long long)ng, (long long)k);
        CHECK(gnn_graph_relation_count(g) <= 1, "link prediction graph has one relation");
        gnn_graph_destroy(&g);
        const int64_t ra[2] = {2, 2}, rb[2] = {1, 2}; /* (2, 1) reversed, and the loop pair (2, 2) */
        OK(ctx, gnn_i_nbf_graph(ctx, n, 3, pa, NULL, pb, 1, 0, 2, ra, NULL, rb, 0, &g));
        k = 0;
        for (int e = 0; e < 3; e++)
            if (e != 1) want[k++] = (arc_t){pa[e], pb[e], 0}, want[k++] = (arc_t){pb[e], pa[e], 0};
        for (int x = 0; x < n; x++) want[k++] = (arc_t){x, x, 0};
        ng = graph_arcs_sorted(ctx, g, got, 64);
        CHECK(same_arcs(got, ng, want, k), "link prediction removal: %lld arcs, want %lld", (long long)ng, (long long)k);
        CHECK(gnn_graph_find_arc(g, 1, 2) < 0 && gnn_graph_find_arc(g, 2, 1) < 0, "pair (1, 2) removed both ways");
        CHECK(gnn_graph_self_loop_count(g) == n, "self-loops kept: %lld", (long long)gnn_graph_self_loop_count(g));
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ 6. filtered rank */

static void test_filtered_rank(void) {
    /* answer 0.7; others 0.9 (a known true tail, filtered), 0.7, 0.2 */
    const float sc[4] = {0.7f, 0.9f, 0.7f, 0.2f};
    const uint8_t filt[4] = {0, 1, 0, 0};
    CHECK(gnn_i_filtered_rank(sc, 4, 0, filt) == 2, "filtered rank %lld, want 2", (long long)gnn_i_filtered_rank(sc, 4, 0, filt));
    CHECK(gnn_i_filtered_rank(sc, 4, 0, NULL) == 3, "raw rank %lld, want 3", (long long)gnn_i_filtered_rank(sc, 4, 0, NULL));
    /* the answer's own filter flag does not matter */
    const uint8_t filt2[4] = {1, 1, 0, 0};
    CHECK(gnn_i_filtered_rank(sc, 4, 0, filt2) == 2, "answer flagged: rank %lld",
          (long long)gnn_i_filtered_rank(sc, 4, 0, filt2));
    /* pessimistic ties: constant scores give rank n */
    float flat[7];
    for (int i = 0; i < 7; i++) flat[i] = 0.25f;
    for (int a = 0; a < 7; a += 3)
        CHECK(gnn_i_filtered_rank(flat, 7, a, NULL) == 7, "constant scores, answer %d: rank %lld, want 7", a,
              (long long)gnn_i_filtered_rank(flat, 7, a, NULL));
    /* the best score ranks first */
    const float best[4] = {0.1f, 0.3f, 0.9f, 0.2f};
    CHECK(gnn_i_filtered_rank(best, 4, 2, NULL) == 1, "top score: rank %lld", (long long)gnn_i_filtered_rank(best, 4, 2, NULL));
}

/* ------------------------------------------------------------------ 7. AUROC / AP */

/* brute force from the definitions: AUROC over (pos, neg) pairs with ties
 * one half; AP = mean over positives of #pos with score >= s / #all with
 * score >= s (a tied block shares one precision) */
static void auroc_ap_brute(const double *s, const int8_t *y, int n, double *auc, double *ap) {
    double num = 0, P = 0, Nn = 0, aps = 0;
    for (int i = 0; i < n; i++) {
        P += y[i] != 0, Nn += y[i] == 0;
        if (!y[i]) continue;
        double above = 0, above_pos = 0;
        for (int j = 0; j < n; j++) {
            if (!y[j]) num += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
            if (s[j] >= s[i]) above++, above_pos += y[j] != 0;
        }
        aps += above_pos / above;
    }
    *auc = num / (P * Nn);
    *ap = aps / P;
}

static void test_auroc_ap(void) {
    gnn_ctx_t *ctx = check_ctx();
    double auc = -1, ap = -1;
    /* no ties: pairs (0.9, 0.8) (0.9, 0.6) (0.7, 0.6) won, (0.7, 0.8) lost:
     * AUROC 3/4; positives at ranks 1 and 3: AP (1 + 2/3) / 2 = 5/6 */
    {
        const double s[4] = {0.9, 0.8, 0.7, 0.6};
        const int8_t y[4] = {1, 0, 1, 0};
        OK(ctx, gnn_auroc_ap(ctx, s, y, 4, &auc, &ap));
        CHECK(CLOSE(auc, 0.75, 1e-12) && CLOSE(ap, 5.0 / 6.0, 1e-12), "no ties: auroc %g ap %g, want 0.75 0.8333", auc, ap);
    }
    /* a tie: (0.5+, 0.5-) counts 1/2: AUROC (0.5 + 1 + 0 + 1) / 4 = 0.625;
     * the tied block at ranks 1-2 has precision 1/2, the positive at rank
     * 3 has 2/3: AP (1/2 + 2/3) / 2 = 7/12; the input order inside the tie
     * does not matter */
    {
        const double s1[4] = {0.5, 0.5, 0.3, 0.1}, s2[4] = {0.5, 0.5, 0.3, 0.1};
        const int8_t y1[4] = {1, 0, 1, 0}, y2[4] = {0, 1, 1, 0};
        OK(ctx, gnn_auroc_ap(ctx, s1, y1, 4, &auc, &ap));
        CHECK(CLOSE(auc, 0.625, 1e-12) && CLOSE(ap, 7.0 / 12.0, 1e-12), "tie: auroc %g ap %g, want 0.625 0.58333", auc, ap);
        double auc2, ap2;
        OK(ctx, gnn_auroc_ap(ctx, s2, y2, 4, &auc2, &ap2));
        CHECK(auc2 == auc && ap2 == ap, "tie order: auroc %g ap %g vs %g %g", auc2, ap2, auc, ap);
    }
    /* all tied: AUROC 1/2, AP = P / n */
    {
        const double s[5] = {1, 1, 1, 1, 1};
        const int8_t y[5] = {1, 0, 0, 1, 0};
        OK(ctx, gnn_auroc_ap(ctx, s, y, 5, &auc, &ap));
        CHECK(CLOSE(auc, 0.5, 1e-12) && CLOSE(ap, 0.4, 1e-12), "all tied: auroc %g ap %g, want 0.5 0.4", auc, ap);
    }
    /* perfect and reversed */
    {
        const double s[4] = {4, 3, 2, 1};
        const int8_t y[4] = {1, 1, 0, 0}, yr[4] = {0, 0, 1, 1};
        OK(ctx, gnn_auroc_ap(ctx, s, y, 4, &auc, &ap));
        CHECK(auc == 1.0 && ap == 1.0, "perfect: auroc %g ap %g", auc, ap);
        OK(ctx, gnn_auroc_ap(ctx, s, yr, 4, &auc, &ap));
        /* positives at ranks 3 and 4: AP (1/3 + 2/4) / 2 = 5/12 */
        CHECK(auc == 0.0 && CLOSE(ap, 5.0 / 12.0, 1e-12), "reversed: auroc %g ap %g", auc, ap);
    }
    /* random scores with many ties against the brute force */
    lcg_seed(7);
    for (int trial = 0; trial < 20; trial++) {
        enum { n = 40 };
        double s[n];
        int8_t y[n];
        int P = 0;
        for (int i = 0; i < n; i++) s[i] = (double)lcg_below(5 + trial), y[i] = (int8_t)(lcg_below(3) == 0), P += y[i];
        if (P == 0) y[0] = 1;
        if (P == n) y[0] = 0;
        double wa, wp;
        auroc_ap_brute(s, y, n, &wa, &wp);
        OK(ctx, gnn_auroc_ap(ctx, s, y, n, &auc, &ap));
        CHECK(CLOSE(auc, wa, 1e-12) && CLOSE(ap, wp, 1e-12), "trial %d: auroc %g ap %g, brute force %g %g", trial, auc, ap, wa,
              wp);
    }
    /* errors, never a crash */
    {
        const double s[3] = {0.1, 0.2, 0.3}, sn[3] = {0.1, NAN, 0.3};
        const int8_t all1[3] = {1, 1, 1}, all0[3] = {0, 0, 0}, mix[3] = {1, 0, 1};
        CHECK(gnn_auroc_ap(ctx, s, all1, 3, &auc, &ap) < 0, "all positives refused");
        CHECK(gnn_auroc_ap(ctx, s, all0, 3, &auc, &ap) < 0, "all negatives refused");
        CHECK(gnn_auroc_ap(ctx, s, mix, 0, &auc, &ap) < 0, "n = 0 refused");
        CHECK(gnn_auroc_ap(ctx, sn, mix, 3, &auc, &ap) < 0, "NaN score refused");
        CHECK(gnn_auroc_ap(ctx, NULL, mix, 3, &auc, &ap) < 0, "NULL scores refused");
        CHECK(gnn_auroc_ap(NULL, s, mix, 3, &auc, &ap) == GNN_EINVAL, "NULL context refused");
        OK(ctx, gnn_auroc_ap(ctx, s, mix, 3, NULL, NULL)); /* outputs optional */
    }
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ 8. thread invariance */

/* forward output and the gradients of x, rel and q of a PNA layer on a
 * random typed, weighted graph; returns 0 on failure */
static int pna_run(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t nq, const int64_t *src, int64_t d, const float *x0,
                   const float *rel, const float *q, const float *wout, float *y, float *gx, float *gr, float *gq) {
    const int64_t N = gnn_graph_node_count(g), R = gnn_graph_relation_count(g), A = gnn_bf_out_dim(GNN_BF_PNA, d);
    gnn_tape_t *tp = NULL;
    if (gnn_tape_create(ctx, &tp) < 0) return 0;
    gnn_tensor_t *tx, *tr, *tq, *tw, *o, *l;
    const int64_t sx[2] = {nq * N, d}, sr[2] = {nq, R * d}, sq[2] = {nq, d}, sw[2] = {nq * N, A};
    int ok = gnn_tensor_variable(tp, 2, sx, x0, &tx) >= 0 && gnn_tensor_variable(tp, 2, sr, rel, &tr) >= 0 &&
             gnn_tensor_variable(tp, 2, sq, q, &tq) >= 0 && gnn_tensor_from_data(tp, 2, sw, wout, &tw) >= 0 &&
             gnn_bf_aggregate(tp, g, tx, tr, tq, src, nq, 0.0f, GNN_BF_DISTMULT, GNN_BF_PNA, &o) >= 0;
    if (ok) memcpy(y, gnn_tensor_data(o), sizeof(float) * (size_t)(nq * N * A));
    ok = ok && gnn_mul(tp, o, tw, &l) >= 0 && gnn_sum(tp, l, -1, &l) >= 0 && gnn_tape_backward(tp, l) >= 0;
    if (ok) {
        memcpy(gx, gnn_tensor_grad(tx), sizeof(float) * (size_t)(nq * N * d));
        memcpy(gr, gnn_tensor_grad(tr), sizeof(float) * (size_t)(nq * R * d));
        memcpy(gq, gnn_tensor_grad(tq), sizeof(float) * (size_t)(nq * d));
    }
    gnn_tape_destroy(&tp);
    return ok;
}

static void test_threads(void) {
    gnn_ctx_t *ctx = check_ctx();
    enum { N = 3000, M = 15000, R = 4, D = 8, NQ = 3, A = 12 * D };
    lcg_seed(31);
    int64_t *u = xmalloc(sizeof(int64_t) * M), *v = xmalloc(sizeof(int64_t) * M), *ty = xmalloc(sizeof(int64_t) * M);
    float *w = xmalloc(sizeof(float) * M);
    for (int e = 0; e < M; e++) {
        u[e] = lcg_below(N), v[e] = lcg_below(N / 2) * 2; /* odd nodes have no in-arcs: c = 1 */
        ty[e] = lcg_below(R), w[e] = (float)(0.25 + lcg_unif());
    }
    gnn_graph_t *g = graph_or_die(ctx, N, M, u, v, w, ty, R);
    const int64_t src[NQ] = {5, 1200, 2999};
    float *x0 = xmalloc(sizeof(float) * NQ * N * D), *rel = xmalloc(sizeof(float) * NQ * R * D), q[NQ * D];
    float *wout = xmalloc(sizeof(float) * NQ * N * A);
    for (int i = 0; i < NQ * N * D; i++) x0[i] = (float)(2 * lcg_unif() - 1);
    for (int i = 0; i < NQ * R * D; i++) rel[i] = (float)(2 * lcg_unif() - 1);
    for (int i = 0; i < NQ * D; i++) q[i] = (float)(2 * lcg_unif() - 1);
    for (int i = 0; i < NQ * N * A; i++) wout[i] = (float)(2 * lcg_unif() - 1);
    float *y[2], *gx[2], *gr[2], *gq[2];
    const int threads[2] = {1, 4};
    int ok = 1;
    for (int k = 0; k < 2; k++) {
        y[k] = xmalloc(sizeof(float) * NQ * N * A), gx[k] = xmalloc(sizeof(float) * NQ * N * D);
        gr[k] = xmalloc(sizeof(float) * NQ * R * D), gq[k] = xmalloc(sizeof(float) * NQ * D);
        gnn_ctx_set_threads(ctx, threads[k]);
        ok &= pna_run(ctx, g, NQ, src, D, x0, rel, q, wout, y[k], gx[k], gr[k], gq[k]);
    }
    CHECK(ok, "PNA runs: %s", gnn_ctx_errmsg(ctx));
    if (ok) {
        CHECK(memcmp(y[0], y[1], sizeof(float) * NQ * N * A) == 0, "forward differs between 1 and 4 threads");
        CHECK(memcmp(gx[0], gx[1], sizeof(float) * NQ * N * D) == 0, "x gradient differs between 1 and 4 threads");
        CHECK(memcmp(gr[0], gr[1], sizeof(float) * NQ * R * D) == 0, "rel gradient differs between 1 and 4 threads");
        CHECK(memcmp(gq[0], gq[1], sizeof(float) * NQ * D) == 0, "q gradient differs between 1 and 4 threads");
        int finite = 1;
        for (int i = 0; i < NQ * N * A; i++) finite &= isfinite(y[0][i]) != 0;
        CHECK(finite, "PNA output finite");
    }
    for (int k = 0; k < 2; k++) free(y[k]), free(gx[k]), free(gr[k]), free(gq[k]);
    free(u), free(v), free(ty), free(w), free(x0), free(rel), free(wout);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ 9. the model */

static const char *write_file(const char *name, const char *text) {
    static char path[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(path[k], sizeof path[k], "%s/%s", check_tmpdir(), name);
    FILE *f = fopen(path[k], "w");
    if (f == NULL) {
        perror(path[k]);
        exit(99);
    }
    fputs(text, f);
    fclose(f);
    return path[k];
}

/* a toy KG: 8 entities, 2 relations, a ring of "next" and a few "likes" */
static const char *KG_TRAIN = "a\tnext\tb\nb\tnext\tc\nc\tnext\td\nd\tnext\te\ne\tnext\tf\nf\tnext\tg\ng\tnext\th\nh\tnext\ta\n"
                              "a\tlikes\tc\nb\tlikes\td\nc\tlikes\te\nd\tlikes\tf\ne\tlikes\tg\nf\tlikes\th\n";
static const char *KG_VALID = "g\tlikes\ta\nh\tlikes\tb\n";
static const char *KG_TEST = "a\tlikes\te\nb\tnext\td\nc\tlikes\tg\n";

static gnn_opts_t *nbf_opts(void) {
    gnn_opts_t *o = NULL;
    if (gnn_opts_create(&o) != GNN_SUCCESS) exit(99);
    gnn_opts_set(o, "hidden", "8");
    gnn_opts_set(o, "layers", "2");
    gnn_opts_set(o, "epochs", "1");
    gnn_opts_set(o, "batch-size", "4");
    gnn_opts_set(o, "batch-groups", "1");
    gnn_opts_set(o, "negatives", "4");
    gnn_opts_set(o, "max-steps", "2");
    gnn_opts_set(o, "memory", "64");
    return o;
}

static void test_model_kg(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    gnn_model_t *m = NULL;
    const char *tr = write_file("kg_train.tsv", KG_TRAIN), *va = write_file("kg_valid.tsv", KG_VALID),
               *te = write_file("kg_test.tsv", KG_TEST);
    OK(ctx, gnn_dataset_load_triples(ctx, tr, va, te, &ds));
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    const int64_t N = gnn_graph_node_count(g), R = gnn_graph_relation_count(g);
    CHECK(N == 8 && R == 2, "toy KG: %lld entities, %lld relations", (long long)N, (long long)R);
    CHECK(gnn_dataset_triple_count(ds, 0) == 14 && gnn_dataset_triple_count(ds, 1) == 2 && gnn_dataset_triple_count(ds, 2) == 3,
          "triple counts");
    gnn_opts_t *o = nbf_opts();
    OK(ctx, gnn_model_create(ctx, "nbfnet", o, &m));
    /* scoring before training is refused */
    {
        const int64_t s = 0, r = 0, d = 1;
        double sc;
        CHECK(gnn_model_score_pairs(m, ds, 1, &s, &r, &d, &sc) < 0, "scoring an untrained model refused");
    }
    OK(ctx, gnn_model_fit(m, ds));
    double mrr = NAN, mr = NAN, h10 = NAN;
    OK(ctx, gnn_model_metric(m, "test_mrr", &mrr));
    OK(ctx, gnn_model_metric(m, "test_mr", &mr));
    OK(ctx, gnn_model_metric(m, "test_hits@10", &h10));
    /* ranks are in 1..N, so MRR in [1/N, 1] and MR in [1, N] */
    CHECK(mrr >= 1.0 / (double)N - 1e-12 && mrr <= 1.0, "test_mrr %g", mrr);
    CHECK(mr >= 1.0 && mr <= (double)N, "test_mr %g", mr);
    CHECK(h10 == 1.0, "hits@10 with 8 entities must be 1, got %g", h10);
    /* (a) five candidates of one (source, relation) in one call equal each
     * scored alone, bitwise (oracle 5); also at the spec's width d = 32 */
    for (int variant = 0; variant < 2; variant++) {
        gnn_model_t *mm = m;
        if (variant == 1) {
            gnn_opts_t *o32 = nbf_opts();
            gnn_opts_set(o32, "hidden", "32");
            mm = NULL;
            const gnn_status_t st = gnn_model_create(ctx, "nbfnet", o32, &mm);
            gnn_opts_destroy(&o32);
            OK(ctx, st);
            OK(ctx, gnn_model_fit(mm, ds));
        }
        const int64_t src[5] = {2, 2, 2, 2, 2}, rel[5] = {1, 1, 1, 1, 1}, dst[5] = {0, 3, 4, 6, 7};
        double all[5], one[5];
        OK(ctx, gnn_model_score_pairs(mm, ds, 5, src, rel, dst, all));
        for (int i = 0; i < 5; i++) OK(ctx, gnn_model_score_pairs(mm, ds, 1, src + i, rel + i, dst + i, one + i));
        int finite = 1;
        double diff = 0;
        for (int i = 0; i < 5; i++) finite &= isfinite(all[i]) != 0, diff = fmax(diff, fabs(all[i] - one[i]));
        CHECK(finite, "finite scores");
        CHECK(memcmp(all, one, sizeof all) == 0, "hidden %s: batched scores differ from single ones (max |diff| %.3g)",
              gnn_model_option(mm, "hidden"), diff);
        /* mixed queries in one call: several queries per chunk change the
         * row count of every layer's products; the thin kernels keep each
         * row's sum the same, so the scores are equal bit for bit */
        const int64_t s2[4] = {0, 5, 0, 3}, r2[4] = {0, 1, 3, 2}, d2[4] = {4, 1, 7, 3};
        double a2[4], o2[4];
        OK(ctx, gnn_model_score_pairs(mm, ds, 4, s2, r2, d2, a2));
        for (int i = 0; i < 4; i++) OK(ctx, gnn_model_score_pairs(mm, ds, 1, s2 + i, r2 + i, d2 + i, o2 + i));
        diff = 0;
        for (int i = 0; i < 4; i++) diff = fmax(diff, fabs(a2[i] - o2[i]));
        CHECK(memcmp(a2, o2, sizeof a2) == 0, "hidden %s: mixed batch differs from single scores (max |diff| %.3g)",
              gnn_model_option(mm, "hidden"), diff);
        /* deterministic: the same call twice */
        double again[5];
        OK(ctx, gnn_model_score_pairs(mm, ds, 5, src, rel, dst, again));
        CHECK(memcmp(all, again, sizeof all) == 0, "scoring is not repeatable");
        if (variant == 1) gnn_model_destroy(&mm);
    }
    /* (b) head queries: relation r + R from the tail works, 2R does not */
    {
        const int64_t src[2] = {4, 4}, rel[2] = {0 + R, 1 + R}, dst[2] = {0, 2};
        double sc[2] = {NAN, NAN};
        OK(ctx, gnn_model_score_pairs(m, ds, 2, src, rel, dst, sc));
        CHECK(isfinite(sc[0]) && isfinite(sc[1]), "head-query scores %g %g", sc[0], sc[1]);
        const int64_t bad = 2 * R;
        double x;
        CHECK(gnn_model_score_pairs(m, ds, 1, src, &bad, dst, &x) == GNN_EINVAL, "relation 2R refused");
    }
    /* (c) bad input: errors, never a crash */
    {
        const int64_t ok_s = 0, ok_r = 0, ok_d = 1, big = N, neg = -1, rneg = -1;
        double x;
        CHECK(gnn_model_score_pairs(m, ds, 1, &big, &ok_r, &ok_d, &x) < 0, "source N refused");
        CHECK(gnn_model_score_pairs(m, ds, 1, &ok_s, &ok_r, &big, &x) < 0, "target N refused");
        CHECK(gnn_model_score_pairs(m, ds, 1, &neg, &ok_r, &ok_d, &x) < 0, "source -1 refused");
        CHECK(gnn_model_score_pairs(m, ds, 1, &ok_s, &rneg, &ok_d, &x) < 0, "relation -1 refused");
        CHECK(gnn_model_score_pairs(m, ds, 1, NULL, &ok_r, &ok_d, &x) == GNN_EINVAL, "NULL sources refused");
        CHECK(gnn_model_score_pairs(m, NULL, 1, &ok_s, &ok_r, &ok_d, &x) == GNN_EINVAL, "NULL dataset refused");
        CHECK(gnn_model_score_pairs(m, ds, -1, &ok_s, &ok_r, &ok_d, &x) == GNN_EINVAL, "k < 0 refused");
        OK(ctx, gnn_model_score_pairs(m, ds, 0, &ok_s, &ok_r, &ok_d, &x));
        CHECK(gnn_model_score_pairs(NULL, ds, 1, &ok_s, &ok_r, &ok_d, &x) == GNN_EINVAL, "NULL model refused");
    }
    gnn_model_destroy(&m);
    /* a model without pair scoring */
    OK(ctx, gnn_model_create(ctx, "mpnn", NULL, &m));
    {
        const int64_t s = 0, d = 1;
        double x;
        CHECK(gnn_model_score_pairs(m, ds, 1, &s, NULL, &d, &x) == GNN_EUNSUPPORTED, "mpnn does not score pairs");
    }
    gnn_model_destroy(&m);
    gnn_opts_destroy(&o);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void test_model_linkpred(void) {
    gnn_ctx_t *ctx = check_ctx();
    enum { N = 40, M = 110 };
    lcg_seed(55);
    int64_t u[M], v[M];
    for (int e = 0; e < M; e++) {
        u[e] = lcg_below(N), v[e] = lcg_below(N - 1);
        if (v[e] >= u[e]) v[e]++;
    }
    gnn_graph_t *g = NULL;
    OK(ctx, gnn_graph_from_edges(ctx, N, M, u, v, NULL, NULL, 0, GNN_UNDIRECTED | GNN_DUP_FIRST | GNN_LOOPS_DROP, &g));
    gnn_split_t *sp = NULL;
    OK(ctx, gnn_split_edges(ctx, g, 0.1, 0.2, &sp));
    gnn_dataset_t *ds = NULL;
    OK(ctx, gnn_dataset_from_graph(ctx, &g, &ds));
    CHECK(g == NULL, "the dataset takes the graph");
    int64_t pu[M], pv[M];
    for (int p = 0; p < 3; p++)
        for (int pos = 0; pos < 2; pos++) {
            const int64_t k = gnn_split_count(sp, p, pos);
            if (k == 0 || (p == 0 && !pos)) continue;
            REQUIRE(k <= M, "split part too large");
            OK(ctx, gnn_split_pairs(sp, p, pos, pu, pv));
            OK(ctx, gnn_dataset_set_pairs(ctx, ds, p, pos, pu, pv, k));
        }
    const int64_t ntest = gnn_split_count(sp, 2, 1) + gnn_split_count(sp, 2, 0);
    gnn_split_destroy(&sp);
    gnn_opts_t *o = nbf_opts();
    gnn_opts_set(o, "batch-size", "8");
    gnn_model_t *m = NULL;
    OK(ctx, gnn_model_create(ctx, "nbfnet", o, &m));
    OK(ctx, gnn_model_fit(m, ds));
    double auc = NAN, ap = NAN;
    OK(ctx, gnn_model_metric(m, "test_auc", &auc));
    OK(ctx, gnn_model_metric(m, "test_ap", &ap));
    CHECK(isfinite(auc) && auc >= 0 && auc <= 1, "test_auc %g", auc);
    CHECK(isfinite(ap) && ap > 0 && ap <= 1, "test_ap %g", ap);
    CHECK(gnn_model_output_rows(m) == ntest, "outputs: %lld rows, want %lld test pairs", (long long)gnn_model_output_rows(m),
          (long long)ntest);
    /* symmetric runs: (u, v) and (v, u) average the same two features */
    {
        const int64_t a[3] = {0, 7, 12}, b[3] = {5, 3, 30};
        double sab[3], sba[3];
        OK(ctx, gnn_model_score_pairs(m, ds, 3, a, NULL, b, sab));
        OK(ctx, gnn_model_score_pairs(m, ds, 3, b, NULL, a, sba));
        CHECK(memcmp(sab, sba, sizeof sab) == 0, "symmetric scores differ: %.9g vs %.9g", sab[0], sba[0]);
        const int64_t r1 = 1;
        double x;
        CHECK(gnn_model_score_pairs(m, ds, 1, a, &r1, b, &x) < 0, "relation 1 refused for link prediction");
    }
    gnn_model_destroy(&m);
    gnn_opts_destroy(&o);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ 10. bad data */

static void test_bad_data(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    const char *tr = write_file("bad_train.tsv", KG_TRAIN), *empty = write_file("bad_empty.tsv", "# nothing\n");
    CHECK(gnn_dataset_load_triples(ctx, tr, NULL, empty, &ds) < 0 && ds == NULL, "empty test file refused");
    const char *two = write_file("bad_cols.tsv", "a\tnext\n");
    CHECK(gnn_dataset_load_triples(ctx, tr, NULL, two, &ds) == GNN_EPARSE && ds == NULL, "two columns refused");
    const char *missing = "/nonexistent/dir/test.tsv";
    CHECK(gnn_dataset_load_triples(ctx, tr, NULL, missing, &ds) < 0 && ds == NULL, "missing file refused");
    /* a test triple whose relation never occurs in training */
    const char *te = write_file("bad_test.tsv", "a\tnext\tc\nb\thates\tc\n");
    OK(ctx, gnn_dataset_load_triples(ctx, tr, NULL, te, &ds));
    gnn_opts_t *o = nbf_opts();
    gnn_model_t *m = NULL;
    OK(ctx, gnn_model_create(ctx, "nbfnet", o, &m));
    const gnn_status_t st = gnn_model_fit(m, ds);
    CHECK(st < 0, "a test relation absent from training must be refused (fit -> %d)", st);
    if (st < 0) CHECK(strstr(gnn_ctx_errmsg(ctx), "absent from training") != NULL, "message: %s", gnn_ctx_errmsg(ctx));
    gnn_model_destroy(&m);
    gnn_opts_destroy(&o);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void cleanup_tmp(void) {
    const char *names[] = {"kg_train.tsv", "kg_valid.tsv", "kg_test.tsv", "bad_train.tsv",
                           "bad_empty.tsv", "bad_cols.tsv", "bad_test.tsv"};
    char p[600];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", check_tmpdir(), names[i]);
        remove(p);
    }
    rmdir(check_tmpdir());
}

int main(void) {
    RUN(test_walk_counting_spec);
    RUN(test_walk_counting_random);
    RUN(test_min_plus_spec);
    RUN(test_min_plus_random);
    RUN(test_max_times);
    RUN(test_rotate);
    RUN(test_pna_spec);
    RUN(test_bf_bad_input);
    RUN(test_edge_removal);
    RUN(test_filtered_rank);
    RUN(test_auroc_ap);
    RUN(test_threads);
    RUN(test_model_kg);
    RUN(test_model_linkpred);
    RUN(test_bad_data);
    cleanup_tmp();
    return check_summary();
}
