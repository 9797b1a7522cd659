/* test_aggr.c: aggregator oracles of aggregators.md section 11, layers
 * against hand-computed cells, and bitwise equality of 1 and 4 threads. */
#include "check.h"
#include "../lib/autograd/autograd.h"

#include <gnn/aggr.h>
#include <gnn/autograd.h>
#include <gnn/layers.h>

/* a star: node 0 has in-arcs from 1..d (CSR order = source order) */
static gnn_graph_t *star(gnn_ctx_t *ctx, int64_t d, int64_t n) {
    int64_t u[64], v[64];
    for (int64_t i = 0; i < d; i++) u[i] = i + 1, v[i] = 0;
    gnn_graph_t *g = NULL;
    if (gnn_graph_from_edges(ctx, n, d, u, v, NULL, NULL, 0, GNN_DUP_KEEP, &g) < 0) return NULL;
    return g;
}

/* aggregate x (n x f) at node 0 over in-arcs; returns out[0] and grads of sum(out[0]) */
static int run_aggr(gnn_ctx_t *ctx, const char *name, const char *opt, const char *val, gnn_graph_t *g, const float *x,
                    int64_t f, float *out0, float *grad, int ones) {
    gnn_tape_t *tp = NULL;
    gnn_params_t *ps = NULL;
    gnn_aggr_t *ag = NULL;
    gnn_opts_t *o = NULL;
    gnn_tensor_t *X = NULL, *Y = NULL, *L = NULL;
    int ok = 0;
    const int64_t n = gnn_graph_node_count(g), shape[2] = {n, f};
    if (gnn_tape_create(ctx, &tp) < 0 || gnn_params_create(ctx, &ps) < 0 || gnn_opts_create(&o) < 0) goto done;
    gnn_opts_set(o, "order", "csr");
    if (opt) gnn_opts_set(o, opt, val);
    if (gnn_aggr_create(ctx, name, f, o, ps, "a", &ag) < 0) goto done;
    if (ones)
        for (int64_t i = 0; i < gnn_params_count(ps); i++) {
            const char *pn = gnn_params_name(ps, i);
            gnn_tensor_fill(gnn_params_get(ps, i), strstr(pn, "bias") ? 0.0f : 1.0f);
        }
    if (gnn_tensor_variable(tp, 2, shape, x, &X) < 0) goto done;
    if (gnn_aggregate(tp, ag, g, GNN_IN, X, 0, &Y) < 0) goto done;
    for (int64_t j = 0; j < f; j++) out0[j] = gnn_tensor_data(Y)[j];
    if (grad) {
        /* loss = sum of out[0, :] */
        int64_t row0 = 0;
        if (gnn_gather_rows(tp, Y, &row0, 1, &L) < 0 || gnn_sum(tp, L, -1, &L) < 0) goto done;
        if (gnn_tape_backward(tp, L) < 0) goto done;
        const float *gx = gnn_tensor_grad(X);
        for (int64_t i = 0; i < n * f; i++) grad[i] = gx ? gx[i] : 0.0f;
    }
    ok = 1;
done:
    if (!ok) fprintf(stderr, "  run_aggr(%s): %s\n", name, gnn_ctx_errmsg(ctx));
    gnn_aggr_destroy(&ag);
    gnn_params_destroy(&ps);
    gnn_opts_destroy(&o);
    gnn_tape_destroy(&tp);
    return ok;
}

static void test_sum_mean(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_graph_t *g = star(ctx, 3, 5); /* node 4 has no in-arcs */
    float x[5] = {0, 1, 2, 3, 7}, out, grad[5];
    REQUIRE(g && run_aggr(ctx, "sum", NULL, NULL, g, x, 1, &out, grad, 0), "sum");
    CHECK(out == 6, "sum {1,2,3} = 6, got %g", out);
    REQUIRE(run_aggr(ctx, "mean", NULL, NULL, g, x, 1, &out, grad, 0), "mean");
    CHECK(out == 2, "mean {1,2,3} = 2, got %g", out);
    CHECK(CLOSE(grad[1], 1.0 / 3, 1e-6) && CLOSE(grad[3], 1.0 / 3, 1e-6) && grad[0] == 0 && grad[4] == 0,
          "mean backward 1/3 each: %g %g %g", grad[1], grad[2], grad[3]);
    /* node 4 (empty) gives 0: aggregate and read row 4 */
    gnn_tape_t *tp = NULL;
    gnn_params_t *ps = NULL;
    gnn_aggr_t *ag = NULL;
    gnn_tensor_t *X, *Y;
    const int64_t shape[2] = {5, 1};
    OK(ctx, gnn_tape_create(ctx, &tp));
    OK(ctx, gnn_params_create(ctx, &ps));
    const char *names[4] = {"sum", "mean", "max", "min"};
    for (int k = 0; k < 4; k++) {
        OK(ctx, gnn_aggr_create(ctx, names[k], 1, NULL, ps, "a", &ag));
        OK(ctx, gnn_tensor_from_data(tp, 2, shape, x, &X));
        OK(ctx, gnn_aggregate(tp, ag, g, GNN_IN, X, 0, &Y));
        CHECK(gnn_tensor_data(Y)[4] == 0.0f, "%s of an empty neighbourhood is 0", names[k]);
        gnn_aggr_destroy(&ag);
    }
    gnn_tape_destroy(&tp);
    gnn_params_destroy(&ps);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

static void test_max_ties(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_graph_t *g = star(ctx, 4, 5);
    float x[5] = {0, 2, 5, 5, 1}, out, grad[5];
    REQUIRE(g && run_aggr(ctx, "max", NULL, NULL, g, x, 1, &out, grad, 0), "max");
    CHECK(out == 5, "max [2,5,5,1] = 5");
    CHECK(grad[1] == 0 && grad[2] == 1 && grad[3] == 0 && grad[4] == 0, "first tie wins: %g %g %g %g", grad[1], grad[2],
          grad[3], grad[4]);
    REQUIRE(run_aggr(ctx, "max", "ties", "split", g, x, 1, &out, grad, 0), "max split");
    CHECK(grad[1] == 0 && grad[2] == 0.5f && grad[3] == 0.5f && grad[4] == 0, "split: %g %g %g %g", grad[1], grad[2],
          grad[3], grad[4]);
    float neg[5] = {0, -3, -1, -2, -7};
    REQUIRE(run_aggr(ctx, "max", NULL, NULL, g, neg, 1, &out, grad, 0), "max negative");
    CHECK(out == -1, "all-negative row gives -1, not 0: %g", out);
    REQUIRE(run_aggr(ctx, "min", NULL, NULL, g, x, 1, &out, grad, 0), "min");
    CHECK(out == 1 && grad[4] == 1, "min [2,5,5,1] = 1 with the gradient on the last");
    float nan_x[5] = {0, 2, NAN, 9, NAN};
    REQUIRE(run_aggr(ctx, "max", NULL, NULL, g, nan_x, 1, &out, NULL, 0), "max NaN");
    CHECK(isnan(out), "NaN propagates through max");
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* scalar GRU cell with every weight 1 and every bias 0 (H = I = 1) */
static double gru1(double x, double h) {
    double r = 1 / (1 + exp(-(x + h))), z = 1 / (1 + exp(-(x + h)));
    double n = tanh(x + r * h);
    return (1 - z) * n + z * h;
}
static double op1(double a, double b) {
    return 0.5 * (gru1(a, b) + gru1(b, a));
}
/* the spec's tree schedule, in double */
static double tree(const double *y, int d) {
    double buf[64];
    memcpy(buf, y, sizeof(double) * (size_t)d);
    int c = d;
    while (c > 1) {
        int k = 0;
        for (int i = 0; i + 1 < c; i += 2) buf[k++] = op1(buf[i], buf[i + 1]);
        if (c % 2) buf[k++] = buf[c - 1];
        c = k;
    }
    return buf[0];
}

static void test_gru_lcm_oracles(void) {
    CHECK(fabs(gru1(1, 0) - 0.204824) < 1e-6 && fabs(gru1(0, 1) - 0.898801) < 1e-6, "oracle GRU cell values");
    gnn_ctx_t *ctx = check_ctx();
    float out;
    /* recurrent over [1, 0] and [0, 1] */
    gnn_graph_t *g = star(ctx, 2, 3);
    float a[3] = {0, 1, 0}, b[3] = {0, 0, 1};
    REQUIRE(g && run_aggr(ctx, "recurrent", NULL, NULL, g, a, 1, &out, NULL, 1), "recurrent");
    CHECK(fabs(out - 0.163322) < 1e-5, "GRU over [1, 0] = 0.163322, got %.6f", out);
    REQUIRE(run_aggr(ctx, "recurrent", NULL, NULL, g, b, 1, &out, NULL, 1), "recurrent");
    CHECK(fabs(out - 0.204824) < 1e-5, "GRU over [0, 1] = 0.204824, got %.6f", out);
    REQUIRE(run_aggr(ctx, "lcm", NULL, NULL, g, a, 1, &out, NULL, 1), "lcm");
    CHECK(fabs(out - 0.551812) < 1e-5, "1 (+) 0 = 0.551812, got %.6f", out);
    REQUIRE(run_aggr(ctx, "lcm", NULL, NULL, g, b, 1, &out, NULL, 1), "lcm");
    CHECK(fabs(out - 0.551812) < 1e-5, "0 (+) 1 = 0.551812 (commutative), got %.6f", out);
    gnn_graph_destroy(&g);
    /* LCM on [1, 0, 2]: exact tree and PyG padding (another node of degree 4 sets D_max) */
    {
        int64_t u[7] = {1, 2, 3, 5, 6, 7, 8}, v[7] = {0, 0, 0, 4, 4, 4, 4};
        float x[9] = {0, 1, 0, 2, 0, 1, 1, 1, 1};
        REQUIRE(gnn_graph_from_edges(ctx, 9, 7, u, v, NULL, NULL, 0, 0, &g) == GNN_SUCCESS, "graph");
        REQUIRE(run_aggr(ctx, "lcm", NULL, NULL, g, x, 1, &out, NULL, 1), "lcm exact");
        CHECK(fabs(out - 1.254902) < 1e-5, "(1 (+) 0) (+) 2 = 1.254902, got %.6f", out);
        CHECK(fabs(op1(op1(1, 0), 2) - 1.254902) < 1e-6 && fabs(op1(1, op1(0, 2)) - 0.992048) < 1e-6,
              "not associative (oracle)");
        REQUIRE(run_aggr(ctx, "lcm", "lcm-pad", "pyg", g, x, 1, &out, NULL, 1), "lcm pyg");
        CHECK(fabs(out - 0.793180) < 1e-5, "PyG padding [1,0,2,0] = 0.793180, got %.6f", out);
        gnn_graph_destroy(&g);
    }
    /* tree plumbing: for d = 1..33 the batched tree equals the spec's schedule */
    int bad = 0;
    for (int d = 1; d <= 33; d++) {
        double y[40];
        float x[40];
        x[0] = 0;
        for (int i = 0; i < d; i++) y[i] = x[i + 1] = (float)(0.5 * sin(1.7 * i + d));
        for (int i = 0; i < d; i++) y[i] = x[i + 1];
        g = star(ctx, d, d + 1);
        if (!g || !run_aggr(ctx, "lcm", NULL, NULL, g, x, 1, &out, NULL, 1)) bad++;
        else if (fabs(out - tree(y, d)) > 2e-5) {
            bad++;
            fprintf(stderr, "  d = %d: %.6f vs %.6f\n", d, out, tree(y, d));
        }
        gnn_graph_destroy(&g);
    }
    CHECK(bad == 0, "tree schedule matches for every d in 1..33 (%d differ)", bad);
    gnn_ctx_destroy(&ctx);
}

static void test_lstm_sequences(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_tape_t *tp = NULL;
    gnn_params_t *ps = NULL;
    gnn_lstm_t *l = NULL;
    OK(ctx, gnn_tape_create(ctx, &tp));
    OK(ctx, gnn_params_create(ctx, &ps));
    OK(ctx, gnn_lstm_create(ctx, ps, "lstm", 3, 4, &l));
    const int64_t len[3] = {2, 4, 1}, B = 3, total = 7, shape[2] = {total, 3};
    float x[21];
    for (int i = 0; i < 21; i++) x[i] = (float)sin(0.37 * i);
    gnn_tensor_t *X, *hl, *all;
    OK(ctx, gnn_tensor_from_data(tp, 2, shape, x, &X));
    OK(ctx, gnn_lstm_sequences(tp, l, X, len, B, &hl, &all));
    CHECK(gnn_tensor_rows(hl) == 3 && gnn_tensor_cols(hl) == 4 && gnn_tensor_rows(all) == 7, "shapes");
    /* the same, one sequence at a time with the cell */
    int64_t off = 0;
    for (int64_t b = 0; b < B; b++) {
        gnn_tensor_t *h = NULL, *c = NULL, *xt;
        for (int64_t t = 0; t < len[b]; t++) {
            const int64_t s1[2] = {1, 3};
            OK(ctx, gnn_tensor_from_data(tp, 2, s1, x + (off + t) * 3, &xt));
            OK(ctx, gnn_lstm_cell(tp, l, xt, h, c, &h, &c));
            for (int j = 0; j < 4; j++)
                CHECK(CLOSE(gnn_tensor_data(h)[j], gnn_tensor_data(all)[(off + t) * 4 + j], 1e-6),
                      "sequence %lld step %lld", (long long)b, (long long)t);
        }
        for (int j = 0; j < 4; j++)
            CHECK(gnn_tensor_data(h)[j] == gnn_tensor_data(hl)[b * 4 + j], "final state of sequence %lld", (long long)b);
        off += len[b];
    }
    gnn_lstm_destroy(&l);
    gnn_params_destroy(&ps);
    gnn_tape_destroy(&tp);
    gnn_ctx_destroy(&ctx);
}

/* every aggregator and spmm on a skewed random graph: 1 and 4 threads agree bitwise */
static void run_all(int threads, float **outs, int *nout) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_ctx_set_threads(ctx, threads);
    gnn_ctx_set_seed(ctx, 5);
    gnn_dataset_t *ds = NULL;
    gnn_opts_t *o = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "n", "3000");
    gnn_opts_set(o, "m", "40000");
    if (gnn_dataset_generate(ctx, "er", o, &ds) < 0) return;
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    const int64_t n = gnn_graph_node_count(g), f = 8, shape[2] = {n, f};
    float *x = malloc(sizeof(float) * (size_t)(n * f));
    for (int64_t i = 0; i < n * f; i++) x[i] = (float)sin(0.011 * (double)i * (double)(i % 7 + 1));
    const char *names[] = {"sum", "mean", "max", "min", "recurrent", "lcm"};
    *nout = 0;
    for (int k = 0; k < 6; k++) {
        gnn_tape_t *tp = NULL;
        gnn_params_t *ps = NULL;
        gnn_aggr_t *ag = NULL;
        gnn_tensor_t *X, *Y, *L;
        gnn_tape_create(ctx, &tp);
        gnn_params_create(ctx, &ps);
        if (gnn_aggr_create(ctx, names[k], f, NULL, ps, "a", &ag) < 0 ||
            gnn_tensor_variable(tp, 2, shape, x, &X) < 0 || gnn_aggregate(tp, ag, g, GNN_IN, X, 0, &Y) < 0 ||
            gnn_mul(tp, Y, Y, &L) < 0 || gnn_sum(tp, L, -1, &L) < 0 || gnn_tape_backward(tp, L) < 0) {
            fprintf(stderr, "  %s: %s\n", names[k], gnn_ctx_errmsg(ctx));
        } else {
            const int64_t m = gnn_tensor_numel(Y);
            outs[*nout] = malloc(sizeof(float) * (size_t)(m + n * f));
            memcpy(outs[*nout], gnn_tensor_data(Y), sizeof(float) * (size_t)m);
            memcpy(outs[*nout] + m, gnn_tensor_grad(X), sizeof(float) * (size_t)(n * f));
            (*nout)++;
        }
        gnn_aggr_destroy(&ag);
        gnn_params_destroy(&ps);
        gnn_tape_destroy(&tp);
    }
    free(x);
    gnn_opts_destroy(&o);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

static void test_threads_bitwise(void) {
    float *a[8] = {0}, *b[8] = {0};
    int na = 0, nb = 0;
    run_all(1, a, &na);
    run_all(4, b, &nb);
    CHECK(na == 6 && nb == 6, "all six aggregators ran (%d, %d)", na, nb);
    const int64_t n = 3000, f = 8;
    for (int k = 0; k < na && k < nb; k++) {
        int64_t m = n * f * 2, first = -1, cnt = 0;
        for (int64_t i = 0; i < m; i++)
            if (memcmp(&a[k][i], &b[k][i], sizeof(float)) != 0) {
                if (first < 0) first = i;
                cnt++;
            }
        CHECK(cnt == 0, "aggregator %d: 1 and 4 threads differ in %lld of %lld values (first %lld: %.9g vs %.9g)", k,
              (long long)cnt, (long long)m, (long long)first, first >= 0 ? a[k][first] : 0.0, first >= 0 ? b[k][first] : 0.0);
    }
    for (int k = 0; k < 8; k++) {
        free(a[k]);
        free(b[k]);
    }
}

/* gnn_spmm_hops against the chain of gnn_spmm, gnn_mul and gnn_add it
 * replaces: the same bits for the value and both gradients, at 1 and 2
 * threads; bad arguments are refused */
static int hops_run(gnn_ctx_t *ctx, const gnn_graph_t *g, int fused, int mode, int64_t H, const float *x, int64_t f,
                    float *out) {
    const int64_t n = gnn_graph_node_count(g), shape[2] = {n, f}, wshape[2] = {1, H + 1};
    float w[8];
    for (int64_t k = 0; k <= H; k++) w[k] = 0.7f - 0.3f * (float)k;
    gnn_tape_t *tp = NULL;
    gnn_tensor_t *X, *W, *Z, *L;
    int ok = gnn_tape_create(ctx, &tp) == GNN_SUCCESS && gnn_tensor_variable(tp, 2, shape, x, &X) == GNN_SUCCESS &&
             gnn_tensor_variable(tp, 2, wshape, w, &W) == GNN_SUCCESS;
    if (ok && fused) {
        ok = gnn_spmm_hops(tp, g, mode, 1, X, W, H, &Z) == GNN_SUCCESS;
    } else if (ok) {
        gnn_tensor_t *c = X, *wk, *t;
        ok = gnn_slice(tp, W, 1, 0, 1, &wk) == GNN_SUCCESS && gnn_mul(tp, c, wk, &Z) == GNN_SUCCESS;
        for (int64_t k = 1; ok && k <= H; k++)
            ok = gnn_spmm(tp, g, mode, 1, c, &c) == GNN_SUCCESS && gnn_slice(tp, W, 1, k, 1, &wk) == GNN_SUCCESS &&
                 gnn_mul(tp, c, wk, &t) == GNN_SUCCESS && gnn_add(tp, Z, t, &Z) == GNN_SUCCESS;
    }
    ok = ok && gnn_mul(tp, Z, Z, &L) == GNN_SUCCESS && gnn_sum(tp, L, -1, &L) == GNN_SUCCESS &&
         gnn_tape_backward(tp, L) == GNN_SUCCESS;
    if (ok) {
        memcpy(out, gnn_tensor_data(Z), sizeof(float) * (size_t)(n * f));
        memcpy(out + n * f, gnn_tensor_grad(X), sizeof(float) * (size_t)(n * f));
        memcpy(out + 2 * n * f, gnn_tensor_grad(W), sizeof(float) * (size_t)(H + 1));
    }
    gnn_tape_destroy(&tp);
    return ok;
}

static void test_spmm_hops(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_ctx_set_seed(ctx, 9);
    gnn_dataset_t *ds = NULL;
    gnn_opts_t *o = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "n", "2000");
    gnn_opts_set(o, "m", "30000");
    OK(ctx, gnn_dataset_generate(ctx, "er", o, &ds));
    gnn_graph_t *g = NULL;
    /* arc weights, so the weighted paths (and A^T through the arc map) count */
    {
        const gnn_graph_t *g0 = gnn_dataset_graph(ds, 0);
        const int64_t n = gnn_graph_node_count(g0), m = gnn_graph_arc_count(g0);
        int64_t *u = malloc(sizeof(int64_t) * (size_t)m), *v = malloc(sizeof(int64_t) * (size_t)m);
        float *w = malloc(sizeof(float) * (size_t)m);
        OK(ctx, gnn_graph_arcs(ctx, g0, u, v, NULL, NULL));
        for (int64_t e = 0; e < m; e++) w[e] = 0.25f + (float)((e * 37) % 11) / 8.0f;
        OK(ctx, gnn_graph_from_edges(ctx, n, m, u, v, w, NULL, 0, GNN_DUP_KEEP, &g));
        free(u), free(v), free(w);
    }
    const int64_t n = gnn_graph_node_count(g), f = 12;
    float *x = malloc(sizeof(float) * (size_t)(n * f)), *a = malloc(sizeof(float) * (size_t)(2 * n * f + 8)),
          *b = malloc(sizeof(float) * (size_t)(2 * n * f + 8));
    for (int64_t i = 0; i < n * f; i++) x[i] = (float)cos(0.013 * (double)i * (double)(i % 5 + 1));
    for (int threads = 1; threads <= 2; threads++) {
        gnn_ctx_set_threads(ctx, threads);
        for (int mode = GNN_OUT; mode <= GNN_IN; mode++)
            for (int64_t H = 0; H <= 3; H++) {
                const int64_t len = 2 * n * f + H + 1;
                REQUIRE(hops_run(ctx, g, 1, mode, H, x, f, a), "fused: %s", gnn_ctx_errmsg(ctx));
                REQUIRE(hops_run(ctx, g, 0, mode, H, x, f, b), "chain: %s", gnn_ctx_errmsg(ctx));
                int64_t diff = 0, first = -1;
                for (int64_t i = 0; i < len; i++)
                    if (memcmp(&a[i], &b[i], sizeof(float)) != 0) {
                        if (first < 0) first = i;
                        diff++;
                    }
                CHECK(diff == 0, "threads %d, mode %d, %lld hops: %lld of %lld values differ (first %lld: %.9g vs %.9g)",
                      threads, mode, (long long)H, (long long)diff, (long long)len, (long long)first,
                      first >= 0 ? a[first] : 0.0, first >= 0 ? b[first] : 0.0);
            }
    }
    /* weights cached in in-view order (what DIGRAC does to its operators):
     * A^T X and the hop mixing give the same bits as through the arc map */
    {
        const int64_t len = 2 * n * f + 3;
        gnn_ctx_set_threads(ctx, 2);
        REQUIRE(hops_run(ctx, g, 1, GNN_IN, 2, x, f, b), "uncached: %s", gnn_ctx_errmsg(ctx));
        float *y1 = malloc(sizeof(float) * (size_t)(n * f)), *y2 = malloc(sizeof(float) * (size_t)(n * f));
        OK(ctx, gnn_i_spmm(ctx, g, GNN_IN, 1, x, f, y1));
        CHECK(g->in_weight == NULL, "no cache before it is asked for");
        OK(ctx, gnn_i_graph_cache_in_weights(ctx, g));
        CHECK(g->in_weight != NULL, "the cache is made");
        OK(ctx, gnn_i_spmm(ctx, g, GNN_IN, 1, x, f, y2));
        CHECK(memcmp(y1, y2, sizeof(float) * (size_t)(n * f)) == 0, "A^T X with cached in-weights differs");
        REQUIRE(hops_run(ctx, g, 1, GNN_IN, 2, x, f, a), "cached: %s", gnn_ctx_errmsg(ctx));
        CHECK(memcmp(a, b, sizeof(float) * (size_t)len) == 0, "hop mixing with cached in-weights differs");
        gnn_graph_t *c = NULL;
        OK(ctx, gnn_graph_copy(ctx, g, &c));
        CHECK(c->in_weight == NULL, "a copy does not inherit the cache");
        gnn_graph_destroy(&c);
        free(y1), free(y2);
    }
    /* bad arguments */
    gnn_tape_t *tp = NULL;
    gnn_tensor_t *X, *W, *Z;
    const int64_t shape[2] = {n, f}, wshape[2] = {1, 3}, bad[2] = {n - 1, f};
    OK(ctx, gnn_tape_create(ctx, &tp));
    OK(ctx, gnn_tensor_variable(tp, 2, shape, x, &X));
    OK(ctx, gnn_tensor_zeros(tp, 2, wshape, &W));
    CHECK(gnn_spmm_hops(tp, g, GNN_OUT, 1, X, W, 3, &Z) == GNN_EINVAL && strstr(gnn_ctx_errmsg(ctx), "3 hops need 4"),
          "a w of the wrong length is refused: %s", gnn_ctx_errmsg(ctx));
    CHECK(gnn_spmm_hops(tp, g, GNN_OUT, 1, X, W, -1, &Z) == GNN_EINVAL && strstr(gnn_ctx_errmsg(ctx), "outside"),
          "negative hops are refused: %s", gnn_ctx_errmsg(ctx));
    CHECK(gnn_spmm_hops(tp, g, 7, 1, X, W, 2, &Z) == GNN_EINVAL && strstr(gnn_ctx_errmsg(ctx), "mode"),
          "a bad mode is refused: %s", gnn_ctx_errmsg(ctx));
    OK(ctx, gnn_tensor_zeros(tp, 2, bad, &X));
    CHECK(gnn_spmm_hops(tp, g, GNN_OUT, 1, X, W, 2, &Z) == GNN_EINVAL && strstr(gnn_ctx_errmsg(ctx), "rows"),
          "x with the wrong row count is refused: %s", gnn_ctx_errmsg(ctx));
    CHECK(gnn_spmm_hops(tp, g, GNN_OUT, 1, X, W, 2, NULL) == GNN_EINVAL, "a NULL out is refused");
    gnn_tape_destroy(&tp);
    free(x), free(a), free(b);
    gnn_graph_destroy(&g);
    gnn_opts_destroy(&o);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_sum_mean);
    RUN(test_max_ties);
    RUN(test_gru_lcm_oracles);
    RUN(test_lstm_sequences);
    RUN(test_threads_bitwise);
    RUN(test_spmm_hops);
    return check_summary();
}
