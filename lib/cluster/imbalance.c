/* imbalance.c: DIGRAC's probabilistic flow-imbalance objectives (see
 * gnn/cluster.h), their gradient, and the tape op gnn_imbalance_loss.
 *
 * Everything is accumulated in double.  The k x k cut matrix W = P^T (A P)
 * and the volumes VOL = d^T P are reduced row by row in a fixed order, so
 * results do not depend on the thread count.  With G = dL/dW and
 * g = dL/dVOL the gradient is dL/dP = (A P) G^T + (A^T P) G + d g^T. */
#include "cluster_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define IMB_EPS 1e-10

const char *gnn_imbalance_norm_name(int norm) {
    static const char *const names[] = {"vol_sum", "vol_min", "vol_max", "plain"};
    return norm >= 0 && norm < 4 ? names[norm] : NULL;
}

const char *gnn_imbalance_selection_name(int selection) {
    static const char *const names[] = {"sort", "naive", "std"};
    return selection >= 0 && selection < 3 ? names[selection] : NULL;
}

typedef struct pair_score {
    double score;
    int64_t k, l; /* k < l */
} pair_score_t;

/* descending score; equal scores keep the lower (k, l) first */
static int pair_cmp(const void *a, const void *b) {
    const pair_score_t *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    if (x->k != y->k) return x->k < y->k ? -1 : 1;
    return (x->l > y->l) - (x->l < y->l);
}

/* score of pair (k, l) and, when da != NULL, its partial derivatives with
 * respect to a = W[k,l], b = W[l,k] and the volumes (added with weight c
 * into dV) */
static double pair_value(int norm, double a, double b, const double *V, int64_t k, int64_t l, int64_t i2, double c,
                         double *da, double *db, double *dV) {
    const double diff = a - b, D = fabs(diff), s = diff > 0 ? 1.0 : -1.0;
    double v;
    switch (norm) {
    case GNN_IMB_VOL_SUM: {
        const double den = V[k] + V[l] + IMB_EPS;
        v = 2 * D / den;
        if (da) {
            *da = 2 * s / den, *db = -2 * s / den;
            dV[k] += c * (-2 * D / (den * den));
            dV[l] += c * (-2 * D / (den * den));
        }
        break;
    }
    case GNN_IMB_VOL_MAX: {
        const int64_t mx = V[k] >= V[l] ? k : l;
        const double den = V[mx] + IMB_EPS;
        v = D / den;
        if (da) {
            *da = s / den, *db = -s / den;
            dV[mx] += c * (-D / (den * den));
        }
        break;
    }
    case GNN_IMB_VOL_MIN: {
        const int64_t mn = V[k] <= V[l] ? k : l;
        const double S = a + b, den = V[i2] + IMB_EPS, q = D / S, r = V[mn] / den;
        v = q * r;
        if (da) {
            *da = r * (s / S - D / (S * S));
            *db = r * (-s / S - D / (S * S));
            dV[mn] += c * (q / den);
            dV[i2] += c * (-q * V[mn] / (den * den));
        }
        break;
    }
    default: { /* plain */
        const double den = a + b + IMB_EPS;
        v = D / den;
        if (da) {
            *da = s / den - D / (den * den);
            *db = -s / den - D / (den * den);
        }
        break;
    }
    }
    return v;
}

size_t gnn_i_imbalance_work_bytes(int64_t n, int64_t K) {
    const int64_t npairs = K * (K - 1) / 2 > 0 ? K * (K - 1) / 2 : 1;
    return sizeof(double) * (size_t)(2 * n * K + n + 2 * K * K + 2 * K) + sizeof(pair_score_t) * (size_t)npairs;
}

gnn_status_t gnn_i_imbalance_objective(gnn_ctx_t *ctx, int64_t K, const double *W, const double *V, int64_t beta,
                                       int norm, int sel, double *obj, double *dW, double *dV) {
    return gnn_i_imbalance_objective_ws(ctx, K, W, V, beta, norm, sel, obj, dW, dV, NULL);
}

gnn_status_t gnn_i_imbalance_objective_ws(gnn_ctx_t *ctx, int64_t K, const double *W, const double *V, int64_t beta,
                                          int norm, int sel, double *obj, double *dW, double *dV, void *work) {
    if (norm < 0 || norm > 3) return gnn_i_error(ctx, GNN_EINVAL, "flow imbalance: unknown normalisation %d", norm);
    if (sel < 0 || sel > 2) return gnn_i_error(ctx, GNN_EINVAL, "flow imbalance: unknown selection %d", sel);
    if (sel == GNN_IMB_SORT && beta < 1)
        return gnn_i_error(ctx, GNN_EINVAL, "flow imbalance: beta must be >= 1, got %lld", (long long)beta);
    const int64_t npairs = K * (K - 1) / 2;
    pair_score_t *ps = work ? (pair_score_t *)work : gnn_i_malloc_n(ctx, (size_t)(npairs > 0 ? npairs : 1), sizeof *ps);
    if (ps == NULL) return gnn_i_nomem(ctx, "imbalance pairs");
    /* the cluster of the second-largest volume (vol_min) */
    int64_t i1 = 0, i2 = K > 1 ? 1 : 0;
    if (K > 1) {
        if (V[1] > V[0]) i1 = 1, i2 = 0;
        for (int64_t c = 2; c < K; c++) {
            if (V[c] > V[i1]) i2 = i1, i1 = c;
            else if (V[c] > V[i2]) i2 = c;
        }
    }
    int64_t nc = 0, nq = 0;
    for (int64_t k = 0; k < K; k++)
        for (int64_t l = k + 1; l < K; l++) {
            const double a = W[k * K + l], b = W[l * K + k];
            if (a - b == 0) continue; /* no net flow: not a candidate */
            ps[nc].k = k, ps[nc].l = l;
            ps[nc].score = pair_value(norm, a, b, V, k, l, i2, 0, NULL, NULL, NULL);
            nc++;
        }
    /* which candidates count, and with what weight */
    int64_t take = 0;
    double wgt = 0;
    if (sel == GNN_IMB_SORT) {
        qsort(ps, (size_t)nc, sizeof *ps, pair_cmp);
        take = nc < beta ? nc : beta;
        wgt = 1.0 / (double)beta;
    } else if (sel == GNN_IMB_STD) {
        for (int64_t i = 0; i < nc; i++) {
            const double a = W[ps[i].k * K + ps[i].l], b = W[ps[i].l * K + ps[i].k];
            if ((a - b) * (a - b) > 9 * (a + b)) ps[nq++] = ps[i];
        }
        take = nq ? nq : nc; /* none significant: the mean over all candidates (ps untouched) */
        wgt = take ? 1.0 / (double)take : 0;
    } else {
        take = nc;
        wgt = nc ? 1.0 / (double)nc : 0;
    }
    double o = 0;
    for (int64_t i = 0; i < take; i++) o += ps[i].score;
    o *= wgt;
    *obj = o;
    if (dW) {
        memset(dW, 0, sizeof(double) * (size_t)(K * K));
        memset(dV, 0, sizeof(double) * (size_t)K);
        for (int64_t i = 0; i < take; i++) {
            const int64_t k = ps[i].k, l = ps[i].l;
            double da, db;
            pair_value(norm, W[k * K + l], W[l * K + k], V, k, l, i2, wgt, &da, &db, dV);
            dW[k * K + l] += wgt * da;
            dW[l * K + k] += wgt * db;
        }
    }
    if (work == NULL) gnn_i_free(ctx, ps);
    return GNN_SUCCESS;
}

/* weighted total degree d_i = out + in */
static void total_degree(const gnn_graph_t *g, double *d) {
    for (int64_t i = 0; i < g->n; i++) d[i] = 0;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            const double w = g->weight ? (double)g->weight[e] : 1.0;
            d[u] += w;
            d[g->out_idx[e]] += w;
        }
}

/* Y = A P (mode GNN_OUT) or A^T P (GNN_IN), n x K doubles; rows in parallel */
static void spmm_d(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, const double *P, int64_t K, double *Y) {
    const int64_t n = g->n;
    const int64_t *ptr = mode == GNN_OUT ? g->out_ptr : g->in_ptr;
    const int32_t *idx = mode == GNN_OUT ? g->out_idx : g->in_idx;
#pragma omp parallel for schedule(dynamic, 256) num_threads(gnn_i_threads(ctx, g->m * K, 1 << 15))
    for (int64_t i = 0; i < n; i++) {
        double *y = Y + i * K;
        for (int64_t c = 0; c < K; c++) y[c] = 0;
        for (int64_t p = ptr[i]; p < ptr[i + 1]; p++) {
            const int64_t e = mode == GNN_OUT ? p : g->in_arc[p];
            const double w = g->weight ? (double)g->weight[e] : 1.0;
            const double *x = P + (int64_t)idx[p] * K;
            for (int64_t c = 0; c < K; c++) y[c] += w * x[c];
        }
    }
}

gnn_status_t gnn_i_imbalance_soft(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *P, int64_t K, int64_t beta,
                                  int norm, int sel, double *obj, double *dP) {
    return gnn_i_imbalance_soft_ws(ctx, g, P, K, beta, norm, sel, obj, dP, NULL);
}

gnn_status_t gnn_i_imbalance_soft_ws(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *P, int64_t K, int64_t beta,
                                     int norm, int sel, double *obj, double *dP, void *work) {
    gnn_status_t status = GNN_SUCCESS;
    const int64_t n = g->n;
    double *AP = NULL, *ATP = NULL, *d = NULL, *W = NULL, *V = NULL, *dW = NULL, *dV = NULL;
    void *pwork = NULL;
    if (work != NULL) { /* the caller's scratch: no allocation here */
        double *w = work;
        AP = w, w += n * K;
        ATP = w, w += n * K;
        d = w, w += n;
        W = w, w += K * K;
        V = w, w += K;
        dW = w, w += K * K;
        dV = w, w += K;
        pwork = w;
        memset(W, 0, sizeof(double) * (size_t)(K * K));
        memset(V, 0, sizeof(double) * (size_t)K);
    } else {
        GNN_ALLOC(ctx, AP, n * K);
        GNN_ALLOC(ctx, d, n);
        GNN_CALLOC(ctx, W, K * K);
        GNN_CALLOC(ctx, V, K);
        if (dP) {
            GNN_ALLOC(ctx, dW, K * K);
            GNN_ALLOC(ctx, dV, K);
            GNN_ALLOC(ctx, ATP, n * K);
        }
    }
    spmm_d(ctx, g, GNN_OUT, P, K, AP);
    total_degree(g, d);
    for (int64_t i = 0; i < n; i++) {
        const double *p = P + i * K, *ap = AP + i * K;
        for (int64_t k = 0; k < K; k++) {
            if (p[k] == 0) continue;
            for (int64_t l = 0; l < K; l++) W[k * K + l] += p[k] * ap[l];
            V[k] += d[i] * p[k];
        }
    }
    GNN_CHECK(gnn_i_imbalance_objective_ws(ctx, K, W, V, beta, norm, sel, obj, dP ? dW : NULL, dP ? dV : NULL, pwork));
    if (dP) {
        /* L = 1 - O: dL = -dO */
        spmm_d(ctx, g, GNN_IN, P, K, ATP);
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(ctx, n * K * K, 1 << 15))
        for (int64_t i = 0; i < n; i++) {
            const double *ap = AP + i * K, *atp = ATP + i * K;
            double *o = dP + i * K;
            for (int64_t k = 0; k < K; k++) {
                double s = d[i] * dV[k];
                for (int64_t l = 0; l < K; l++) s += ap[l] * dW[k * K + l] + atp[l] * dW[l * K + k];
                o[k] = -s;
            }
        }
    }
fail:
    if (work == NULL) {
        gnn_i_free(ctx, AP);
        gnn_i_free(ctx, ATP);
        gnn_i_free(ctx, d);
        gnn_i_free(ctx, W);
        gnn_i_free(ctx, V);
        gnn_i_free(ctx, dW);
        gnn_i_free(ctx, dV);
    }
    return status;
}

static gnn_status_t check_args(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t k, const char *fn) {
    gnn_status_t st = gnn_i_graph_check(ctx, g, fn);
    if (st < 0) return st;
    if (k < 2) return gnn_i_error(ctx, GNN_EINVAL, "%s: need k >= 2 clusters, got %lld", fn, (long long)k);
    return GNN_SUCCESS;
}

gnn_status_t gnn_flow_imbalance(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *P, int64_t k, int64_t beta,
                                int norm, int selection, double *out) {
    if (ctx == NULL) return GNN_EINVAL;
    gnn_status_t st = check_args(ctx, g, k, "gnn_flow_imbalance");
    if (st < 0) return st;
    if (P == NULL || out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_flow_imbalance: P and out must not be NULL");
    return gnn_i_imbalance_soft(ctx, g, P, k, beta, norm, selection, out, NULL);
}

gnn_status_t gnn_flow_imbalance_hard(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *labels, int64_t K,
                                     int64_t beta, int norm, int selection, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    double *W = NULL, *V = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    status = check_args(ctx, g, K, "gnn_flow_imbalance_hard");
    if (status < 0) return status;
    if (labels == NULL || out == NULL)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_flow_imbalance_hard: labels and out must not be NULL");
    for (int64_t i = 0; i < g->n; i++)
        if (labels[i] < 0 || labels[i] >= K)
            return gnn_i_error(ctx, GNN_EINVAL, "gnn_flow_imbalance_hard: node %lld has label %lld, outside [0, %lld)",
                               (long long)i, (long long)labels[i], (long long)K);
    GNN_CALLOC(ctx, W, K * K);
    GNN_CALLOC(ctx, V, K);
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            const double w = g->weight ? (double)g->weight[e] : 1.0;
            const int64_t a = labels[u], b = labels[g->out_idx[e]];
            W[a * K + b] += w;
            V[a] += w;
            V[b] += w;
        }
    status = gnn_i_imbalance_objective(ctx, K, W, V, beta, norm, selection, out, NULL, NULL);
fail:
    gnn_i_free(ctx, W);
    gnn_i_free(ctx, V);
    return status;
}

/* ---------------------------------------------------------------- the op */

static gnn_status_t imbalance_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *P = out->src[0];
    if (!P->requires_grad) return GNN_SUCCESS;
    float *dp = gnn_i_grad(tp, P);
    if (dp == NULL) return GNN_ENOMEM;
    const float gr = out->grad[0];
    const float *saved = out->saved;
    for (int64_t i = 0; i < P->numel; i++) dp[i] += gr * saved[i];
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_imbalance_loss = {"imbalance_loss", 1, imbalance_backward};

gnn_status_t gnn_imbalance_loss(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *P, int64_t beta, int norm,
                                int selection, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_imbalance_loss");
    gnn_ctx_t *ctx = tp->ctx;
    double *Pd = NULL, *dP = NULL;
    GNN_CHECK(gnn_i_tensor_check(tp, P, "gnn_imbalance_loss", "P"));
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_imbalance_loss"));
    const int64_t n = gnn_i_rows(P), K = gnn_i_cols(P);
    if (n != g->n) {
        status = gnn_i_error(ctx, GNN_EINVAL, "gnn_imbalance_loss: P has %lld rows, the graph %lld nodes", (long long)n,
                             (long long)g->n);
        goto fail;
    }
    GNN_ARG_CHECK(ctx, K >= 2, "gnn_imbalance_loss: P needs >= 2 columns (clusters)");
    {
        const int64_t shape[1] = {1};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_imbalance_loss, 1, shape, 1, &P, out));
        /* scratch from the tape's arena: after the first step of a
         * training loop this op allocates nothing */
        const int want = (*out)->requires_grad;
        Pd = gnn_i_arena(tp, sizeof(double) * (size_t)(n * K));
        dP = want ? gnn_i_arena(tp, sizeof(double) * (size_t)(n * K)) : NULL;
        void *work = gnn_i_arena(tp, gnn_i_imbalance_work_bytes(n, K));
        if (Pd == NULL || (want && dP == NULL) || work == NULL) {
            status = GNN_ENOMEM;
            goto fail;
        }
        for (int64_t i = 0; i < n * K; i++) Pd[i] = (double)P->data[i];
        double obj;
        GNN_CHECK(gnn_i_imbalance_soft_ws(ctx, g, Pd, K, beta, norm, selection, &obj, dP, work));
        (*out)->data[0] = (float)(1.0 - obj);
        if (want) {
            float *s = gnn_i_arena(tp, sizeof(float) * (size_t)(n * K));
            if (s == NULL) {
                status = GNN_ENOMEM;
                goto fail;
            }
            for (int64_t i = 0; i < n * K; i++) s[i] = (float)dP[i];
            (*out)->saved = s;
        }
    }
fail:
    return status;
}
