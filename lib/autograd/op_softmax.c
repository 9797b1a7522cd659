/* op_softmax.c: row-wise softmax and log-softmax (max subtracted). */
#include "autograd.h"

#include <math.h>

#define PAR_CHUNK 16384

/* softmax: dx = y * (g - sum(g y)); log_softmax: dx = g - softmax * sum(g) */
static gnn_status_t softmax_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    const int is_log = (int)out->ip[0];
    const int64_t rows = gnn_i_rows(A), cols = gnn_i_cols(A);
    const float *y = out->data, *g = out->grad;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, rows * cols, PAR_CHUNK))
    for (int64_t i = 0; i < rows; i++) {
        const float *yi = y + i * cols, *gi = g + i * cols;
        float *di = da + i * cols;
        double s = 0;
        if (is_log) {
            for (int64_t j = 0; j < cols; j++) s += gi[j];
            for (int64_t j = 0; j < cols; j++) di[j] += gi[j] - expf(yi[j]) * (float)s;
        } else {
            for (int64_t j = 0; j < cols; j++) s += (double)gi[j] * yi[j];
            for (int64_t j = 0; j < cols; j++) di[j] += yi[j] * (gi[j] - (float)s);
        }
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_softmax = {"softmax", 1, softmax_backward};
const gnn_op_def_t gnn_i_op_log_softmax = {"log_softmax", 1, softmax_backward};

static gnn_status_t softmax(gnn_tape_t *tp, gnn_tensor_t *a, int is_log, gnn_tensor_t **out) {
    const char *fn = is_log ? "gnn_log_softmax" : "gnn_softmax";
    gnn_status_t status = GNN_SUCCESS;
    if (tp == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(tp->ctx, GNN_EINVAL, "%s: out is NULL", fn);
    *out = NULL;
    GNN_CHECK(gnn_i_tensor_check(tp, a, fn, "a"));
    GNN_CHECK(gnn_i_op_new(tp, is_log ? &gnn_i_op_log_softmax : &gnn_i_op_softmax, a->ndim, a->ne, 1, &a, out));
    (*out)->ip[0] = is_log;
    {
        const int64_t rows = gnn_i_rows(a), cols = gnn_i_cols(a);
        const float *x = a->data;
        float *y = (*out)->data;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, rows * cols, PAR_CHUNK))
        for (int64_t i = 0; i < rows; i++) {
            const float *xi = x + i * cols;
            float *yi = y + i * cols;
            float mx = -INFINITY;
            for (int64_t j = 0; j < cols; j++)
                if (xi[j] > mx) mx = xi[j];
            double s = 0;
            for (int64_t j = 0; j < cols; j++) s += exp((double)xi[j] - mx);
            if (is_log) {
                const float lse = mx + (float)log(s);
                for (int64_t j = 0; j < cols; j++) yi[j] = xi[j] - lse;
            } else {
                for (int64_t j = 0; j < cols; j++) yi[j] = (float)(exp((double)xi[j] - mx) / s);
            }
        }
    }
fail:
    return status;
}

gnn_status_t gnn_softmax(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out) {
    return softmax(tp, a, 0, out);
}
gnn_status_t gnn_log_softmax(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out) {
    return softmax(tp, a, 1, out);
}
