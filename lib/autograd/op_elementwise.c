/* op_elementwise.c: add, sub, mul, div with broadcasting, and scale. */
#include "autograd.h"

#include <string.h>

enum { BC_SAME = 0, BC_ROW = 1, BC_COL = 2, BC_SCALAR = 3 };
enum { EW_ADD = 0, EW_SUB = 1, EW_MUL = 2, EW_DIV = 3 };

#define PAR_CHUNK 32768

static int bcast_mode(const gnn_tensor_t *a, const gnn_tensor_t *b) {
    const int64_t r = gnn_i_rows(a), c = gnn_i_cols(a);
    int same = a->ndim == b->ndim;
    for (int i = 0; same && i < a->ndim; i++) same = a->ne[i] == b->ne[i];
    if (same) return BC_SAME;
    if (b->numel == 1) return BC_SCALAR;
    if (gnn_i_rows(b) == 1 && gnn_i_cols(b) == c) return BC_ROW;
    if (b->ndim == 2 && b->ne[0] == r && b->ne[1] == 1) return BC_COL;
    return -1;
}

static inline float bval(const float *b, int mode, int64_t i, int64_t j, int64_t cols) {
    switch (mode) {
    case BC_SAME: return b[i * cols + j];
    case BC_ROW: return b[j];
    case BC_COL: return b[i];
    default: return b[0];
    }
}

/* accumulate h (rows x cols) into db by the broadcast mode */
static gnn_status_t reduce_into(gnn_tape_t *tp, const float *h, int mode, int64_t rows, int64_t cols, float *db) {
    gnn_ctx_t *ctx = tp->ctx;
    switch (mode) {
    case BC_SAME:
        for (int64_t i = 0; i < rows * cols; i++) db[i] += h[i];
        break;
    case BC_ROW: gnn_i_colsum_add(tp, h, rows, cols, db); break;
    case BC_COL:
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(ctx, rows * cols, PAR_CHUNK))
        for (int64_t i = 0; i < rows; i++) {
            double s = 0;
            for (int64_t j = 0; j < cols; j++) s += h[i * cols + j];
            db[i] += (float)s;
        }
        break;
    default: db[0] += (float)gnn_i_sum_f(tp, h, rows * cols);
    }
    return GNN_SUCCESS;
}

static gnn_status_t ew_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0], *B = out->src[1];
    const int kind = (int)out->ip[0], mode = (int)out->ip[1];
    const int64_t rows = gnn_i_rows(out), cols = gnn_i_cols(out), n = rows * cols;
    const float *g = out->grad, *a = A->data, *b = B->data;
    gnn_ctx_t *ctx = tp->ctx;
    if (A->requires_grad && (kind == EW_ADD || kind == EW_SUB)) {
        float *restrict da = gnn_i_grad(tp, A);
        if (da == NULL) return GNN_ENOMEM;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(ctx, n, PAR_CHUNK))
        for (int64_t i = 0; i < n; i++) da[i] += g[i];
    } else if (A->requires_grad) {
        float *da = gnn_i_grad(tp, A);
        if (da == NULL) return GNN_ENOMEM;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(ctx, n, PAR_CHUNK))
        for (int64_t i = 0; i < rows; i++)
            for (int64_t j = 0; j < cols; j++) {
                const int64_t k = i * cols + j;
                switch (kind) {
                case EW_ADD:
                case EW_SUB: da[k] += g[k]; break;
                case EW_MUL: da[k] += g[k] * bval(b, mode, i, j, cols); break;
                default: da[k] += g[k] / bval(b, mode, i, j, cols);
                }
            }
    }
    if (B->requires_grad && kind == EW_ADD && mode != BC_SAME) {
        float *db = gnn_i_grad(tp, B);
        if (db == NULL) return GNN_ENOMEM;
        reduce_into(tp, g, mode, rows, cols, db);
    } else if (B->requires_grad && kind == EW_ADD) {
        float *restrict db = gnn_i_grad(tp, B);
        if (db == NULL) return GNN_ENOMEM;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(ctx, n, PAR_CHUNK))
        for (int64_t i = 0; i < n; i++) db[i] += g[i];
    } else if (B->requires_grad) {
        float *db = gnn_i_grad(tp, B);
        float *h = gnn_i_arena(tp, sizeof(float) * (size_t)n);
        if (db == NULL || h == NULL) return GNN_ENOMEM;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(ctx, n, PAR_CHUNK))
        for (int64_t i = 0; i < rows; i++)
            for (int64_t j = 0; j < cols; j++) {
                const int64_t k = i * cols + j;
                switch (kind) {
                case EW_ADD: h[k] = g[k]; break;
                case EW_SUB: h[k] = -g[k]; break;
                case EW_MUL: h[k] = g[k] * a[k]; break;
                default: {
                    float bv = bval(b, mode, i, j, cols);
                    h[k] = -g[k] * a[k] / (bv * bv);
                }
                }
            }
        reduce_into(tp, h, mode, rows, cols, db);
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_add = {"add", 2, ew_backward};
const gnn_op_def_t gnn_i_op_sub = {"sub", 2, ew_backward};
const gnn_op_def_t gnn_i_op_mul = {"mul", 2, ew_backward};
const gnn_op_def_t gnn_i_op_div = {"div", 2, ew_backward};

static gnn_status_t ew(gnn_tape_t *tp, int kind, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out) {
    static const char *names[] = {"gnn_add", "gnn_sub", "gnn_mul", "gnn_div"};
    static const gnn_op_def_t *defs[] = {&gnn_i_op_add, &gnn_i_op_sub, &gnn_i_op_mul, &gnn_i_op_div};
    gnn_status_t status = GNN_SUCCESS;
    if (tp == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(tp->ctx, GNN_EINVAL, "%s: out is NULL", names[kind]);
    *out = NULL;
    GNN_CHECK(gnn_i_tensor_check(tp, a, names[kind], "a"));
    GNN_CHECK(gnn_i_tensor_check(tp, b, names[kind], "b"));
    int mode = bcast_mode(a, b);
    if (mode < 0) {
        char s1[64], s2[64];
        status = gnn_i_error(tp->ctx, GNN_EINVAL, "%s: cannot broadcast %s to %s", names[kind],
                             gnn_i_shape_str(b, s2, sizeof s2), gnn_i_shape_str(a, s1, sizeof s1));
        goto fail;
    }
    gnn_tensor_t *src[2] = {a, b};
    GNN_CHECK(gnn_i_op_new(tp, defs[kind], a->ndim, a->ne, 2, src, out));
    (*out)->ip[0] = kind;
    (*out)->ip[1] = mode;
    {
        const int64_t rows = gnn_i_rows(a), cols = gnn_i_cols(a);
        const float *restrict x = a->data, *restrict y = b->data;
        float *restrict z = (*out)->data;
        /* one loop per (op, broadcast) pair, so each one vectorises */
#define EW_LOOP(EXPR)                                                                           \
    _Pragma("omp parallel for schedule(static) num_threads(nth)")                              \
    for (int64_t i = 0; i < rows; i++) {                                                        \
        const float *restrict xr = x + i * cols;                                                \
        float *restrict zr = z + i * cols;                                                      \
        for (int64_t j = 0; j < cols; j++) {                                                    \
            const float bv = mode == BC_SAME ? y[i * cols + j] : mode == BC_ROW ? y[j] : mode == BC_COL ? y[i] : y[0]; \
            zr[j] = EXPR;                                                                       \
        }                                                                                       \
    }
        const int nth = gnn_i_threads(tp->ctx, rows * cols, PAR_CHUNK);
        if (mode == BC_ROW) {
            switch (kind) {
            case EW_ADD:
#pragma omp parallel for schedule(static) num_threads(nth)
                for (int64_t i = 0; i < rows; i++)
                    for (int64_t j = 0; j < cols; j++) z[i * cols + j] = x[i * cols + j] + y[j];
                break;
            case EW_MUL:
#pragma omp parallel for schedule(static) num_threads(nth)
                for (int64_t i = 0; i < rows; i++)
                    for (int64_t j = 0; j < cols; j++) z[i * cols + j] = x[i * cols + j] * y[j];
                break;
            case EW_SUB: EW_LOOP(xr[j] - bv) break;
            default: EW_LOOP(xr[j] / bv) break;
            }
        } else if (mode == BC_SAME) {
            const int64_t n = rows * cols;
            switch (kind) {
            case EW_ADD:
#pragma omp parallel for schedule(static) num_threads(nth)
                for (int64_t i = 0; i < n; i++) z[i] = x[i] + y[i];
                break;
            case EW_SUB:
#pragma omp parallel for schedule(static) num_threads(nth)
                for (int64_t i = 0; i < n; i++) z[i] = x[i] - y[i];
                break;
            case EW_MUL:
#pragma omp parallel for schedule(static) num_threads(nth)
                for (int64_t i = 0; i < n; i++) z[i] = x[i] * y[i];
                break;
            default:
#pragma omp parallel for schedule(static) num_threads(nth)
                for (int64_t i = 0; i < n; i++) z[i] = x[i] / y[i];
            }
        } else {
            switch (kind) {
            case EW_ADD: EW_LOOP(xr[j] + bv) break;
            case EW_SUB: EW_LOOP(xr[j] - bv) break;
            case EW_MUL: EW_LOOP(xr[j] * bv) break;
            default: EW_LOOP(xr[j] / bv) break;
            }
        }
#undef EW_LOOP
    }
fail:
    return status;
}

gnn_status_t gnn_add(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out) {
    return ew(tp, EW_ADD, a, b, out);
}
gnn_status_t gnn_sub(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out) {
    return ew(tp, EW_SUB, a, b, out);
}
gnn_status_t gnn_mul(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out) {
    return ew(tp, EW_MUL, a, b, out);
}
gnn_status_t gnn_div(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out) {
    return ew(tp, EW_DIV, a, b, out);
}

static gnn_status_t scale_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    const float s = out->fp[0], *g = out->grad;
    const int64_t n = out->numel;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, n, PAR_CHUNK))
    for (int64_t i = 0; i < n; i++) da[i] += s * g[i];
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_scale = {"scale", 1, scale_backward};

gnn_status_t gnn_scale(gnn_tape_t *tp, gnn_tensor_t *a, float s, float c, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_scale");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_scale", "a"));
    GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_scale, a->ndim, a->ne, 1, &a, out));
    (*out)->fp[0] = s;
    (*out)->fp[1] = c;
    {
        const int64_t n = a->numel;
        const float *x = a->data;
        float *z = (*out)->data;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, n, PAR_CHUNK))
        for (int64_t i = 0; i < n; i++) z[i] = s * x[i] + c;
    }
fail:
    return status;
}
