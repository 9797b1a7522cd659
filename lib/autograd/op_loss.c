/* op_loss.c: scalar losses; sums in double. */
#include "autograd.h"

#include <math.h>
#include <string.h>

#define PAR_CHUNK 16384

/* ---------------------------------------------------------------- cross entropy */

typedef struct ce_saved {
    int64_t k;
    int64_t *rows, *labels; /* per listed row */
    float *lse;             /* log-sum-exp per listed row */
} ce_saved_t;

static gnn_status_t ce_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *X = out->src[0];
    if (!X->requires_grad) return GNN_SUCCESS;
    float *dx = gnn_i_grad(tp, X);
    if (dx == NULL) return GNN_ENOMEM;
    const ce_saved_t *s = out->saved;
    const int64_t cols = gnn_i_cols(X);
    const float g = out->grad[0] / (float)s->k;
    /* listed rows may repeat: serial over rows keeps the sums in order */
    for (int64_t i = 0; i < s->k; i++) {
        const float *x = X->data + s->rows[i] * cols;
        float *d = dx + s->rows[i] * cols;
        for (int64_t j = 0; j < cols; j++) d[j] += g * expf(x[j] - s->lse[i]);
        d[s->labels[i]] -= g;
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_cross_entropy = {"cross_entropy", 1, ce_backward};

gnn_status_t gnn_cross_entropy(gnn_tape_t *tp, gnn_tensor_t *logits, const int64_t *labels, const int64_t *rows,
                               int64_t k, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_cross_entropy");
    GNN_CHECK(gnn_i_tensor_check(tp, logits, "gnn_cross_entropy", "logits"));
    GNN_ARG_CHECK(tp->ctx, labels != NULL, "gnn_cross_entropy: labels is NULL");
    {
        const int64_t nrows = gnn_i_rows(logits), cols = gnn_i_cols(logits);
        if (rows == NULL) k = nrows;
        GNN_ARG_CHECK(tp->ctx, k >= 1, "gnn_cross_entropy: no rows to average over");
        ce_saved_t *s = gnn_i_arena(tp, sizeof *s);
        if (s == NULL) return GNN_ENOMEM;
        s->k = k;
        s->rows = gnn_i_arena(tp, sizeof(int64_t) * (size_t)k);
        s->labels = gnn_i_arena(tp, sizeof(int64_t) * (size_t)k);
        s->lse = gnn_i_arena(tp, sizeof(float) * (size_t)k);
        if (!s->rows || !s->labels || !s->lse) return GNN_ENOMEM;
        for (int64_t i = 0; i < k; i++) {
            const int64_t r = rows ? rows[i] : i;
            if (r < 0 || r >= nrows) {
                status = gnn_i_error(tp->ctx, GNN_ERANGE, "gnn_cross_entropy: row %lld is outside 0..%lld",
                                     (long long)r, (long long)nrows - 1);
                goto fail;
            }
            if (labels[r] < 0 || labels[r] >= cols) {
                status = gnn_i_error(tp->ctx, GNN_ERANGE, "gnn_cross_entropy: row %lld has label %lld, outside 0..%lld",
                                     (long long)r, (long long)labels[r], (long long)cols - 1);
                goto fail;
            }
            s->rows[i] = r;
            s->labels[i] = labels[r];
        }
        const int64_t shape[1] = {1};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_cross_entropy, 1, shape, 1, &logits, out));
        (*out)->saved = s;
        double total = 0;
        for (int64_t i = 0; i < k; i++) {
            const float *x = logits->data + s->rows[i] * cols;
            float mx = -INFINITY;
            for (int64_t j = 0; j < cols; j++) mx = x[j] > mx ? x[j] : mx;
            double se = 0;
            for (int64_t j = 0; j < cols; j++) se += exp((double)x[j] - mx);
            double lse = mx + log(se);
            s->lse[i] = (float)lse;
            total += lse - x[s->labels[i]];
        }
        (*out)->data[0] = (float)(total / (double)k);
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- BCE with logits */

static gnn_status_t bce_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *X = out->src[0];
    if (!X->requires_grad) return GNN_SUCCESS;
    float *dx = gnn_i_grad(tp, X);
    if (dx == NULL) return GNN_ENOMEM;
    const float *y = out->saved, *w = out->saved2, *x = X->data;
    const int64_t n = X->numel;
    const float g = out->grad[0] / (float)n;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, n, PAR_CHUNK))
    for (int64_t i = 0; i < n; i++) {
        float sg = x[i] >= 0 ? 1.0f / (1.0f + expf(-x[i])) : expf(x[i]) / (1.0f + expf(x[i]));
        dx[i] += g * (w ? w[i] : 1.0f) * (sg - y[i]);
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_bce_logits = {"bce_logits", 1, bce_backward};

gnn_status_t gnn_bce_logits(gnn_tape_t *tp, gnn_tensor_t *x, const float *targets, const float *weights,
                            gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_bce_logits");
    GNN_CHECK(gnn_i_tensor_check(tp, x, "gnn_bce_logits", "x"));
    GNN_ARG_CHECK(tp->ctx, targets != NULL && x->numel >= 1, "gnn_bce_logits: need targets and at least one logit");
    {
        const int64_t n = x->numel;
        float *y = gnn_i_arena(tp, sizeof(float) * (size_t)n), *w = NULL;
        if (y == NULL) return GNN_ENOMEM;
        for (int64_t i = 0; i < n; i++) {
            if (!(targets[i] >= 0 && targets[i] <= 1)) {
                status = gnn_i_error(tp->ctx, GNN_ERANGE, "gnn_bce_logits: target %lld is %g, not in [0, 1]",
                                     (long long)i, (double)targets[i]);
                goto fail;
            }
            y[i] = targets[i];
        }
        if (weights) {
            w = gnn_i_arena(tp, sizeof(float) * (size_t)n);
            if (w == NULL) return GNN_ENOMEM;
            memcpy(w, weights, sizeof(float) * (size_t)n);
        }
        const int64_t shape[1] = {1};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_bce_logits, 1, shape, 1, &x, out));
        (*out)->saved = y;
        (*out)->saved2 = w;
        double total = 0;
        for (int64_t i = 0; i < n; i++) {
            double v = x->data[i];
            double l = (v > 0 ? v : 0) - v * y[i] + log1p(exp(-fabs(v)));
            total += (w ? w[i] : 1.0) * l;
        }
        (*out)->data[0] = (float)(total / (double)n);
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- MSE */

static gnn_status_t mse_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0], *B = out->src[1];
    const int64_t n = A->numel;
    const float g = 2.0f * out->grad[0] / (float)n;
    float *da = A->requires_grad ? gnn_i_grad(tp, A) : NULL, *db = B->requires_grad ? gnn_i_grad(tp, B) : NULL;
    if ((A->requires_grad && !da) || (B->requires_grad && !db)) return GNN_ENOMEM;
    for (int64_t i = 0; i < n; i++) {
        float d = g * (A->data[i] - B->data[i]);
        if (da) da[i] += d;
        if (db) db[i] -= d;
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_mse = {"mse", 2, mse_backward};

gnn_status_t gnn_mse(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_mse");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_mse", "a"));
    GNN_CHECK(gnn_i_tensor_check(tp, b, "gnn_mse", "b"));
    if (a->numel != b->numel || a->numel == 0) {
        status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_mse: %lld and %lld elements", (long long)a->numel,
                             (long long)b->numel);
        goto fail;
    }
    {
        gnn_tensor_t *src[2] = {a, b};
        const int64_t shape[1] = {1};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_mse, 1, shape, 2, src, out));
        double s = 0;
        for (int64_t i = 0; i < a->numel; i++) {
            double d = (double)a->data[i] - b->data[i];
            s += d * d;
        }
        (*out)->data[0] = (float)(s / (double)a->numel);
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- margin ranking */

static gnn_status_t margin_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *P = out->src[0], *N = out->src[1];
    const int64_t n = P->numel;
    const float g = out->grad[0] / (float)n, m = out->fp[0];
    float *dp = P->requires_grad ? gnn_i_grad(tp, P) : NULL, *dn = N->requires_grad ? gnn_i_grad(tp, N) : NULL;
    if ((P->requires_grad && !dp) || (N->requires_grad && !dn)) return GNN_ENOMEM;
    for (int64_t i = 0; i < n; i++) {
        if (m - (P->data[i] - N->data[i]) <= 0) continue;
        if (dp) dp[i] -= g;
        if (dn) dn[i] += g;
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_margin_ranking = {"margin_ranking", 2, margin_backward};

gnn_status_t gnn_margin_ranking(gnn_tape_t *tp, gnn_tensor_t *pos, gnn_tensor_t *neg, float margin,
                                gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_margin_ranking");
    GNN_CHECK(gnn_i_tensor_check(tp, pos, "gnn_margin_ranking", "pos"));
    GNN_CHECK(gnn_i_tensor_check(tp, neg, "gnn_margin_ranking", "neg"));
    if (pos->numel != neg->numel || pos->numel == 0) {
        status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_margin_ranking: %lld and %lld elements", (long long)pos->numel,
                             (long long)neg->numel);
        goto fail;
    }
    {
        gnn_tensor_t *src[2] = {pos, neg};
        const int64_t shape[1] = {1};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_margin_ranking, 1, shape, 2, src, out));
        (*out)->fp[0] = margin;
        double s = 0;
        for (int64_t i = 0; i < pos->numel; i++) {
            double v = margin - ((double)pos->data[i] - neg->data[i]);
            s += v > 0 ? v : 0;
        }
        (*out)->data[0] = (float)(s / (double)pos->numel);
    }
fail:
    return status;
}
