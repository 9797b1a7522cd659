/* op_activation.c: elementwise nonlinearities.  Each op's backward uses the
 * saved input or output, whichever gives the derivative directly. */
#include "autograd.h"

#include <math.h>

#define PAR_CHUNK 32768

enum { A_RELU, A_LEAKY, A_ELU, A_SIGMOID, A_TANH, A_EXP, A_LOG, A_POW };

static inline float act_f(int kind, float x, float p) {
    switch (kind) {
    case A_RELU: return x > 0 ? x : 0;
    case A_LEAKY: return x > 0 ? x : p * x;
    case A_ELU: return x > 0 ? x : p * expm1f(x);
    case A_SIGMOID: return x >= 0 ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x));
    case A_TANH: return tanhf(x);
    case A_EXP: return expf(x);
    case A_LOG: return logf(x > p ? x : p);
    default: return x > 0 ? powf(x, p) : 0.0f; /* A_POW */
    }
}

/* derivative from input x and output y */
static inline float act_d(int kind, float x, float y, float p) {
    switch (kind) {
    case A_RELU: return x > 0 ? 1.0f : 0.0f;
    case A_LEAKY: return x > 0 ? 1.0f : p;
    case A_ELU: return x > 0 ? 1.0f : y + p;
    case A_SIGMOID: return y * (1.0f - y);
    case A_TANH: return 1.0f - y * y;
    case A_EXP: return y;
    case A_LOG: return x > p ? 1.0f / x : 0.0f;
    default: return x > 0 ? p * y / x : 0.0f; /* d x^p = p x^(p-1) = p y / x */
    }
}

static gnn_status_t act_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    const int kind = (int)out->ip[0];
    const float p = out->fp[0], *restrict x = A->data, *restrict y = out->data, *restrict g = out->grad;
    const int64_t n = out->numel;
    const int nth = gnn_i_threads(tp->ctx, n, PAR_CHUNK);
    if (kind == A_RELU) { /* the common case, in a loop that vectorises */
#pragma omp parallel for schedule(static) num_threads(nth)
        for (int64_t i = 0; i < n; i++) da[i] += x[i] > 0 ? g[i] : 0.0f;
        return GNN_SUCCESS;
    }
#pragma omp parallel for schedule(static) num_threads(nth)
    for (int64_t i = 0; i < n; i++) da[i] += g[i] * act_d(kind, x[i], y[i], p);
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_relu = {"relu", 1, act_backward};
const gnn_op_def_t gnn_i_op_leaky_relu = {"leaky_relu", 1, act_backward};
const gnn_op_def_t gnn_i_op_elu = {"elu", 1, act_backward};
const gnn_op_def_t gnn_i_op_sigmoid = {"sigmoid", 1, act_backward};
const gnn_op_def_t gnn_i_op_tanh = {"tanh", 1, act_backward};
const gnn_op_def_t gnn_i_op_exp = {"exp", 1, act_backward};
const gnn_op_def_t gnn_i_op_log = {"log", 1, act_backward};
const gnn_op_def_t gnn_i_op_pow = {"pow", 1, act_backward};

static gnn_status_t act(gnn_tape_t *tp, int kind, gnn_tensor_t *a, float p, gnn_tensor_t **out) {
    static const gnn_op_def_t *defs[] = {&gnn_i_op_relu, &gnn_i_op_leaky_relu, &gnn_i_op_elu, &gnn_i_op_sigmoid,
                                         &gnn_i_op_tanh, &gnn_i_op_exp, &gnn_i_op_log, &gnn_i_op_pow};
    gnn_status_t status = GNN_SUCCESS;
    if (tp == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_%s: out is NULL", defs[kind]->name);
    *out = NULL;
    GNN_CHECK(gnn_i_tensor_check(tp, a, defs[kind]->name, "a"));
    GNN_ARG_CHECK(tp->ctx, isfinite(p), "gnn_%s: parameter is not finite", defs[kind]->name);
    GNN_ARG_CHECK(tp->ctx, kind != A_LOG || p > 0, "gnn_log: eps must be > 0, got %g", p);
    GNN_ARG_CHECK(tp->ctx, kind != A_POW || p > 0, "gnn_pow: exponent must be > 0, got %g", p);
    GNN_CHECK(gnn_i_op_new(tp, defs[kind], a->ndim, a->ne, 1, &a, out));
    (*out)->ip[0] = kind;
    (*out)->fp[0] = p;
    {
        const int64_t n = a->numel;
        const float *restrict x = a->data;
        float *restrict y = (*out)->data;
        const int nth = gnn_i_threads(tp->ctx, n, PAR_CHUNK);
        if (kind == A_RELU) {
#pragma omp parallel for schedule(static) num_threads(nth)
            for (int64_t i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0.0f;
        } else {
#pragma omp parallel for schedule(static) num_threads(nth)
            for (int64_t i = 0; i < n; i++) y[i] = act_f(kind, x[i], p);
        }
    }
fail:
    return status;
}

gnn_status_t gnn_relu(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out) {
    return act(tp, A_RELU, a, 0, out);
}
gnn_status_t gnn_leaky_relu(gnn_tape_t *tp, gnn_tensor_t *a, float slope, gnn_tensor_t **out) {
    return act(tp, A_LEAKY, a, slope, out);
}
gnn_status_t gnn_elu(gnn_tape_t *tp, gnn_tensor_t *a, float alpha, gnn_tensor_t **out) {
    return act(tp, A_ELU, a, alpha, out);
}
gnn_status_t gnn_sigmoid(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out) {
    return act(tp, A_SIGMOID, a, 0, out);
}
gnn_status_t gnn_tanh(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out) {
    return act(tp, A_TANH, a, 0, out);
}
gnn_status_t gnn_exp(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out) {
    return act(tp, A_EXP, a, 0, out);
}
gnn_status_t gnn_log(gnn_tape_t *tp, gnn_tensor_t *a, float eps, gnn_tensor_t **out) {
    return act(tp, A_LOG, a, eps, out);
}
gnn_status_t gnn_pow(gnn_tape_t *tp, gnn_tensor_t *a, float p, gnn_tensor_t **out) {
    return act(tp, A_POW, a, p, out);
}
