/* op_reduce.c: sums and means over all elements, rows or columns. */
#include "autograd.h"

#define PAR_CHUNK 32768

static gnn_status_t reduce_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    const int axis = (int)out->ip[0];
    const float scale = out->fp[0]; /* 1 for sum, 1/count for mean */
    const int64_t rows = gnn_i_rows(A), cols = gnn_i_cols(A);
    const float *g = out->grad;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, rows * cols, PAR_CHUNK))
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) {
            float gv = axis < 0 ? g[0] : axis == 0 ? g[j] : g[i];
            da[i * cols + j] += scale * gv;
        }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_sum = {"sum", 1, reduce_backward};
const gnn_op_def_t gnn_i_op_mean = {"mean", 1, reduce_backward};

static gnn_status_t reduce(gnn_tape_t *tp, gnn_tensor_t *a, int axis, int mean, gnn_tensor_t **out) {
    const char *fn = mean ? "gnn_mean" : "gnn_sum";
    gnn_status_t status = GNN_SUCCESS;
    if (tp == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(tp->ctx, GNN_EINVAL, "%s: out is NULL", fn);
    *out = NULL;
    GNN_CHECK(gnn_i_tensor_check(tp, a, fn, "a"));
    GNN_ARG_CHECK(tp->ctx, axis >= -1 && axis <= 1, "%s: axis must be -1, 0 or 1, got %d", fn, axis);
    {
        const int64_t rows = gnn_i_rows(a), cols = gnn_i_cols(a);
        int64_t shape[2];
        int nd;
        if (axis < 0) nd = 1, shape[0] = 1;
        else if (axis == 0) nd = 2, shape[0] = 1, shape[1] = cols;
        else nd = 2, shape[0] = rows, shape[1] = 1;
        int64_t count = axis < 0 ? rows * cols : axis == 0 ? rows : cols;
        GNN_CHECK(gnn_i_op_new(tp, mean ? &gnn_i_op_mean : &gnn_i_op_sum, nd, shape, 1, &a, out));
        gnn_tensor_t *o = *out;
        o->ip[0] = axis;
        o->fp[0] = mean ? (count > 0 ? 1.0f / (float)count : 0.0f) : 1.0f;
        const double sc = mean ? (count > 0 ? 1.0 / (double)count : 0.0) : 1.0;
        if (axis < 0) {
            o->data[0] = (float)(sc * gnn_i_sum_f(tp, a->data, rows * cols));
        } else if (axis == 0) {
            for (int64_t j = 0; j < cols; j++) o->data[j] = 0;
            gnn_i_colsum_add(tp, a->data, rows, cols, o->data);
            if (mean)
                for (int64_t j = 0; j < cols; j++) o->data[j] = (float)(o->data[j] * sc);
        } else {
            const float *x = a->data;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, rows * cols, PAR_CHUNK))
            for (int64_t i = 0; i < rows; i++) {
                double s = 0;
                for (int64_t j = 0; j < cols; j++) s += x[i * cols + j];
                o->data[i] = (float)(s * sc);
            }
        }
    }
fail:
    return status;
}

gnn_status_t gnn_sum(gnn_tape_t *tp, gnn_tensor_t *a, int axis, gnn_tensor_t **out) {
    return reduce(tp, a, axis, 0, out);
}
gnn_status_t gnn_mean(gnn_tape_t *tp, gnn_tensor_t *a, int axis, gnn_tensor_t **out) {
    return reduce(tp, a, axis, 1, out);
}
