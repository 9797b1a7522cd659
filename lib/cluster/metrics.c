/* metrics.c: partition comparison (ARI, NMI) and k-means.  Written here
 * rather than borrowed: igraph's igraph_compare_communities needs igraph
 * vectors and its global lock for a few loops, and no dependency offers a
 * seeded, deterministic k-means++ over a dense double matrix. */
#include "cluster_impl.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* contingency table of the items labelled in both; ka, kb the label ranges */
static gnn_status_t contingency(gnn_ctx_t *ctx, int64_t n, const int64_t *a, const int64_t *b, int64_t *ka, int64_t *kb,
                                double **table, double *total) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t ma = 0, mb = 0;
    double *t = NULL;
    for (int64_t i = 0; i < n; i++) {
        if (a[i] < 0 || b[i] < 0) continue;
        if (a[i] + 1 > ma) ma = a[i] + 1;
        if (b[i] + 1 > mb) mb = b[i] + 1;
    }
    GNN_ARG_CHECK(ctx, (double)ma * (double)mb < 1e9, "partition metrics: %lld x %lld label table is too large",
                  (long long)ma, (long long)mb);
    GNN_CALLOC(ctx, t, ma * mb > 0 ? ma * mb : 1);
    double tot = 0;
    for (int64_t i = 0; i < n; i++) {
        if (a[i] < 0 || b[i] < 0) continue;
        t[a[i] * mb + b[i]] += 1;
        tot += 1;
    }
    *ka = ma, *kb = mb, *table = t, *total = tot;
fail:
    return status;
}

static double comb2(double x) {
    return 0.5 * x * (x - 1);
}

gnn_status_t gnn_adjusted_rand_index(gnn_ctx_t *ctx, int64_t n, const int64_t *a, const int64_t *b, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t ka, kb;
    double *t = NULL, tot;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, a != NULL && b != NULL && out != NULL && n >= 0, "gnn_adjusted_rand_index: bad arguments");
    GNN_CHECK(contingency(ctx, n, a, b, &ka, &kb, &t, &tot));
    double sum_ij = 0, sum_a = 0, sum_b = 0;
    for (int64_t i = 0; i < ka; i++) {
        double r = 0;
        for (int64_t j = 0; j < kb; j++) r += t[i * kb + j], sum_ij += comb2(t[i * kb + j]);
        sum_a += comb2(r);
    }
    for (int64_t j = 0; j < kb; j++) {
        double c = 0;
        for (int64_t i = 0; i < ka; i++) c += t[i * kb + j];
        sum_b += comb2(c);
    }
    const double expected = tot > 1 ? sum_a * sum_b / comb2(tot) : 0;
    const double den = 0.5 * (sum_a + sum_b) - expected;
    *out = den == 0 ? 1.0 : (sum_ij - expected) / den;
    gnn_i_free(ctx, t);
fail:
    return status;
}

gnn_status_t gnn_normalized_mutual_info(gnn_ctx_t *ctx, int64_t n, const int64_t *a, const int64_t *b, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t ka, kb;
    double *t = NULL, tot;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, a != NULL && b != NULL && out != NULL && n >= 0, "gnn_normalized_mutual_info: bad arguments");
    GNN_CHECK(contingency(ctx, n, a, b, &ka, &kb, &t, &tot));
    double ha = 0, hb = 0, mi = 0;
    for (int64_t i = 0; i < ka; i++) {
        double r = 0;
        for (int64_t j = 0; j < kb; j++) r += t[i * kb + j];
        if (r > 0) ha -= r / tot * log(r / tot);
        for (int64_t j = 0; j < kb; j++) {
            if (t[i * kb + j] == 0) continue;
            double c = 0;
            for (int64_t q = 0; q < ka; q++) c += t[q * kb + j];
            mi += t[i * kb + j] / tot * log(t[i * kb + j] * tot / (r * c));
        }
    }
    for (int64_t j = 0; j < kb; j++) {
        double c = 0;
        for (int64_t i = 0; i < ka; i++) c += t[i * kb + j];
        if (c > 0) hb -= c / tot * log(c / tot);
    }
    /* both trivial: identical partitions */
    *out = (ha + hb) == 0 ? 1.0 : mi / (0.5 * (ha + hb));
    gnn_i_free(ctx, t);
fail:
    return status;
}

static double dist2(const double *x, const double *c, int64_t d) {
    double s = 0;
    for (int64_t j = 0; j < d; j++) {
        const double t = x[j] - c[j];
        s += t * t;
    }
    return s;
}

gnn_status_t gnn_kmeans(gnn_ctx_t *ctx, int64_t n, int64_t d, const double *X, int64_t k, int64_t n_init,
                        uint64_t stream, int64_t *assign, double *inertia) {
    gnn_status_t status = GNN_SUCCESS;
    double *C = NULL, *best_d = NULL, *sum = NULL, *cnt = NULL;
    int64_t *lab = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, X != NULL && assign != NULL && d >= 1, "gnn_kmeans: bad arguments");
    GNN_ARG_CHECK(ctx, k >= 1 && k <= n, "gnn_kmeans: need 1 <= k <= n (k = %lld, n = %lld)", (long long)k, (long long)n);
    if (n_init < 1) n_init = 1;
    GNN_ALLOC(ctx, C, k * d);
    GNN_ALLOC(ctx, sum, k * d);
    GNN_ALLOC(ctx, cnt, k);
    GNN_ALLOC(ctx, best_d, n);
    GNN_ALLOC(ctx, lab, n);
    double best = DBL_MAX;
    for (int64_t run = 0; run < n_init; run++) {
        gnn_rng_t r;
        gnn_rng_init(&r, gnn_ctx_seed(ctx), 0x6b6d65616e73ull ^ stream, (uint64_t)run);
        /* k-means++ seeding */
        int64_t first = (int64_t)gnn_rng_below(&r, (uint64_t)n);
        memcpy(C, X + first * d, sizeof(double) * (size_t)d);
        for (int64_t i = 0; i < n; i++) best_d[i] = dist2(X + i * d, C, d);
        /* greedy k-means++ (as scikit-learn): 2 + ln k candidates per centre,
         * keep the one that lowers the potential most */
        const int ntry = 2 + (int)log((double)k);
        for (int64_t c = 1; c < k; c++) {
            double tot = 0;
            for (int64_t i = 0; i < n; i++) tot += best_d[i];
            int64_t pick = -1;
            double pick_pot = DBL_MAX;
            for (int t = 0; t < ntry; t++) {
                int64_t cand = (int64_t)gnn_rng_below(&r, (uint64_t)n);
                if (tot > 0) {
                    double u = gnn_rng_uniform(&r) * tot, acc = 0;
                    cand = n - 1;
                    for (int64_t i = 0; i < n; i++) {
                        acc += best_d[i];
                        if (acc > u) {
                            cand = i;
                            break;
                        }
                    }
                }
                double pot = 0;
                for (int64_t i = 0; i < n; i++) {
                    const double t2 = dist2(X + i * d, X + cand * d, d);
                    pot += t2 < best_d[i] ? t2 : best_d[i];
                }
                if (pot < pick_pot) pick_pot = pot, pick = cand;
            }
            memcpy(C + c * d, X + pick * d, sizeof(double) * (size_t)d);
            for (int64_t i = 0; i < n; i++) {
                const double t = dist2(X + i * d, C + c * d, d);
                if (t < best_d[i]) best_d[i] = t;
            }
        }
        /* Lloyd */
        double in = 0;
        for (int it = 0; it < 300; it++) {
            int64_t changed = 0;
            in = 0;
            for (int64_t i = 0; i < n; i++) {
                int64_t bc = 0;
                double bd = dist2(X + i * d, C, d);
                for (int64_t c = 1; c < k; c++) {
                    const double t = dist2(X + i * d, C + c * d, d);
                    if (t < bd) bd = t, bc = c;
                }
                if (it == 0 || lab[i] != bc) changed++;
                lab[i] = bc;
                in += bd;
            }
            if (changed == 0) break;
            memset(sum, 0, sizeof(double) * (size_t)(k * d));
            memset(cnt, 0, sizeof(double) * (size_t)k);
            for (int64_t i = 0; i < n; i++) {
                cnt[lab[i]] += 1;
                for (int64_t j = 0; j < d; j++) sum[lab[i] * d + j] += X[i * d + j];
            }
            for (int64_t c = 0; c < k; c++)
                if (cnt[c] > 0)
                    for (int64_t j = 0; j < d; j++) C[c * d + j] = sum[c * d + j] / cnt[c];
            /* an empty cluster keeps its centre */
        }
        if (in < best) {
            best = in;
            memcpy(assign, lab, sizeof(int64_t) * (size_t)n);
        }
    }
    if (inertia) *inertia = best;
fail:
    gnn_i_free(ctx, C);
    gnn_i_free(ctx, sum);
    gnn_i_free(ctx, cnt);
    gnn_i_free(ctx, best_d);
    gnn_i_free(ctx, lab);
    return status;
}
