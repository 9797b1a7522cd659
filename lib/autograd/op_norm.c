/* op_norm.c: layer normalisation (per row) and batch normalisation (per
 * column over the rows), with learnable scale and shift. */
#include "autograd.h"

#include <math.h>
#include <string.h>

#define PAR_CHUNK 16384

/* ---------------------------------------------------------------- layer norm */

static gnn_status_t layer_norm_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0], *G = out->src[1], *B = out->src[2];
    const int64_t rows = gnn_i_rows(A), cols = gnn_i_cols(A);
    const float *stat = out->saved; /* mean, rstd per row */
    const float *x = A->data, *g = out->grad, *gam = G ? G->data : NULL;
    float *xh = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * cols));
    if (xh == NULL) return GNN_ENOMEM;
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) xh[i * cols + j] = (x[i * cols + j] - stat[2 * i]) * stat[2 * i + 1];
    if (A->requires_grad) {
        float *da = gnn_i_grad(tp, A);
        if (da == NULL) return GNN_ENOMEM;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, rows * cols, PAR_CHUNK))
        for (int64_t i = 0; i < rows; i++) {
            double s1 = 0, s2 = 0;
            for (int64_t j = 0; j < cols; j++) {
                double d = (double)g[i * cols + j] * (gam ? gam[j] : 1.0f);
                s1 += d;
                s2 += d * xh[i * cols + j];
            }
            const double m1 = s1 / (double)cols, m2 = s2 / (double)cols;
            for (int64_t j = 0; j < cols; j++) {
                double d = (double)g[i * cols + j] * (gam ? gam[j] : 1.0f);
                da[i * cols + j] += (float)(stat[2 * i + 1] * (d - m1 - xh[i * cols + j] * m2));
            }
        }
    }
    if (G && G->requires_grad) {
        float *dg = gnn_i_grad(tp, G), *h = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * cols));
        if (dg == NULL || h == NULL) return GNN_ENOMEM;
        for (int64_t k = 0; k < rows * cols; k++) h[k] = g[k] * xh[k];
        gnn_i_colsum_add(tp, h, rows, cols, dg);
    }
    if (B && B->requires_grad) {
        float *db = gnn_i_grad(tp, B);
        if (db == NULL) return GNN_ENOMEM;
        gnn_i_colsum_add(tp, g, rows, cols, db);
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_layer_norm = {"layer_norm", 3, layer_norm_backward};

static gnn_status_t check_affine(gnn_tape_t *tp, const gnn_tensor_t *p, int64_t cols, const char *fn, const char *what) {
    if (p == NULL) return GNN_SUCCESS;
    gnn_status_t st = gnn_i_tensor_check(tp, p, fn, what);
    if (st < 0) return st;
    if (p->numel != cols)
        return gnn_i_error(tp->ctx, GNN_EINVAL, "%s: %s has %lld elements, expected %lld (the columns)", fn, what,
                           (long long)p->numel, (long long)cols);
    return GNN_SUCCESS;
}

gnn_status_t gnn_layer_norm(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *gamma, gnn_tensor_t *beta, float eps,
                            gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_layer_norm");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_layer_norm", "a"));
    const int64_t rows = gnn_i_rows(a), cols = gnn_i_cols(a);
    GNN_CHECK(check_affine(tp, gamma, cols, "gnn_layer_norm", "gamma"));
    GNN_CHECK(check_affine(tp, beta, cols, "gnn_layer_norm", "beta"));
    GNN_ARG_CHECK(tp->ctx, eps > 0 && cols > 0, "gnn_layer_norm: need eps > 0 and at least one column");
    {
        gnn_tensor_t *src[3] = {a, gamma, beta};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_layer_norm, a->ndim, a->ne, 3, src, out));
        gnn_tensor_t *o = *out;
        float *stat = gnn_i_arena(tp, sizeof(float) * 2 * (size_t)rows);
        if (stat == NULL) {
            status = GNN_ENOMEM;
            goto fail;
        }
        o->saved = stat;
        const float *x = a->data, *gm = gamma ? gamma->data : NULL, *bt = beta ? beta->data : NULL;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, rows * cols, PAR_CHUNK))
        for (int64_t i = 0; i < rows; i++) {
            double s = 0, s2 = 0;
            for (int64_t j = 0; j < cols; j++) s += x[i * cols + j];
            const double mu = s / (double)cols;
            for (int64_t j = 0; j < cols; j++) {
                double d = x[i * cols + j] - mu;
                s2 += d * d;
            }
            const double rstd = 1.0 / sqrt(s2 / (double)cols + eps);
            stat[2 * i] = (float)mu;
            stat[2 * i + 1] = (float)rstd;
            for (int64_t j = 0; j < cols; j++) {
                float xh = (float)((x[i * cols + j] - mu) * rstd);
                o->data[i * cols + j] = xh * (gm ? gm[j] : 1.0f) + (bt ? bt[j] : 0.0f);
            }
        }
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- batch norm */

static gnn_status_t batch_norm_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0], *G = out->src[1], *B = out->src[2];
    const int64_t rows = gnn_i_rows(A), cols = gnn_i_cols(A);
    const int training = (int)out->ip[0];
    const float *mean = out->saved, *rstd = (const float *)out->saved + cols;
    const float *x = A->data, *g = out->grad, *gam = G ? G->data : NULL;
    float *xh = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * cols));
    float *h = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * cols));
    if (xh == NULL || h == NULL) return GNN_ENOMEM;
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) xh[i * cols + j] = (x[i * cols + j] - mean[j]) * rstd[j];
    if (A->requires_grad) {
        float *da = gnn_i_grad(tp, A);
        if (da == NULL) return GNN_ENOMEM;
        if (!training) {
            for (int64_t i = 0; i < rows; i++)
                for (int64_t j = 0; j < cols; j++) da[i * cols + j] += g[i * cols + j] * (gam ? gam[j] : 1.0f) * rstd[j];
        } else {
            float *s1 = gnn_i_arena_zero(tp, sizeof(float) * (size_t)cols);
            float *s2 = gnn_i_arena_zero(tp, sizeof(float) * (size_t)cols);
            if (s1 == NULL || s2 == NULL) return GNN_ENOMEM;
            for (int64_t k = 0; k < rows * cols; k++) h[k] = g[k] * (gam ? gam[k % cols] : 1.0f);
            gnn_i_colsum_add(tp, h, rows, cols, s1);
            for (int64_t k = 0; k < rows * cols; k++) h[k] *= xh[k];
            gnn_i_colsum_add(tp, h, rows, cols, s2);
            const double N = (double)rows;
            for (int64_t i = 0; i < rows; i++)
                for (int64_t j = 0; j < cols; j++) {
                    double d = (double)g[i * cols + j] * (gam ? gam[j] : 1.0f);
                    da[i * cols + j] += (float)(rstd[j] * (d - s1[j] / N - xh[i * cols + j] * s2[j] / N));
                }
        }
    }
    if (G && G->requires_grad) {
        float *dg = gnn_i_grad(tp, G);
        if (dg == NULL) return GNN_ENOMEM;
        for (int64_t k = 0; k < rows * cols; k++) h[k] = g[k] * xh[k];
        gnn_i_colsum_add(tp, h, rows, cols, dg);
    }
    if (B && B->requires_grad) {
        float *db = gnn_i_grad(tp, B);
        if (db == NULL) return GNN_ENOMEM;
        gnn_i_colsum_add(tp, g, rows, cols, db);
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_batch_norm = {"batch_norm", 3, batch_norm_backward};

gnn_status_t gnn_batch_norm(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *gamma, gnn_tensor_t *beta,
                            gnn_tensor_t *running_mean, gnn_tensor_t *running_var, float momentum, float eps,
                            gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_batch_norm");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_batch_norm", "a"));
    const int64_t rows = gnn_i_rows(a), cols = gnn_i_cols(a);
    GNN_CHECK(check_affine(tp, gamma, cols, "gnn_batch_norm", "gamma"));
    GNN_CHECK(check_affine(tp, beta, cols, "gnn_batch_norm", "beta"));
    GNN_CHECK(check_affine(tp, running_mean, cols, "gnn_batch_norm", "running_mean"));
    GNN_CHECK(check_affine(tp, running_var, cols, "gnn_batch_norm", "running_var"));
    GNN_ARG_CHECK(tp->ctx, eps > 0 && momentum >= 0 && momentum <= 1, "gnn_batch_norm: need eps > 0, momentum in [0, 1]");
    const int training = tp->training;
    GNN_ARG_CHECK(tp->ctx, training || (running_mean && running_var),
                  "gnn_batch_norm: evaluation needs running_mean and running_var");
    GNN_ARG_CHECK(tp->ctx, !training || rows >= 1, "gnn_batch_norm: no rows");
    {
        gnn_tensor_t *src[3] = {a, gamma, beta};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_batch_norm, a->ndim, a->ne, 3, src, out));
        gnn_tensor_t *o = *out;
        o->ip[0] = training;
        float *stat = gnn_i_arena(tp, sizeof(float) * 2 * (size_t)cols);
        float *tmp = gnn_i_arena_zero(tp, sizeof(float) * (size_t)cols);
        float *dev = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * cols));
        if (stat == NULL || tmp == NULL || dev == NULL) {
            status = GNN_ENOMEM;
            goto fail;
        }
        o->saved = stat;
        float *mean = stat, *rstd = stat + cols;
        const float *x = a->data;
        if (training) {
            gnn_i_colsum_add(tp, x, rows, cols, tmp);
            for (int64_t j = 0; j < cols; j++) mean[j] = tmp[j] / (float)rows;
            for (int64_t k = 0; k < rows * cols; k++) {
                float d = x[k] - mean[k % cols];
                dev[k] = d * d;
            }
            memset(tmp, 0, sizeof(float) * (size_t)cols);
            gnn_i_colsum_add(tp, dev, rows, cols, tmp);
            for (int64_t j = 0; j < cols; j++) {
                double var = tmp[j] / (double)rows;
                rstd[j] = (float)(1.0 / sqrt(var + eps));
                if (running_mean) running_mean->data[j] = (1 - momentum) * running_mean->data[j] + momentum * mean[j];
                if (running_var) {
                    double unb = rows > 1 ? tmp[j] / (double)(rows - 1) : var;
                    running_var->data[j] = (float)((1 - momentum) * running_var->data[j] + momentum * unb);
                }
            }
        } else {
            for (int64_t j = 0; j < cols; j++) {
                mean[j] = running_mean->data[j];
                rstd[j] = (float)(1.0 / sqrt((double)running_var->data[j] + eps));
            }
        }
        const float *gm = gamma ? gamma->data : NULL, *bt = beta ? beta->data : NULL;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, rows * cols, PAR_CHUNK))
        for (int64_t i = 0; i < rows; i++)
            for (int64_t j = 0; j < cols; j++)
                o->data[i * cols + j] = (x[i * cols + j] - mean[j]) * rstd[j] * (gm ? gm[j] : 1.0f) + (bt ? bt[j] : 0.0f);
    }
fail:
    return status;
}
