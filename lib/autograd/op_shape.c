/* op_shape.c: concat, slice, gather / scatter of rows, reshape, transpose.
 * Row scatters into shared targets run in parallel over column blocks, so
 * each output element is summed in index order (deterministic). */
#include "autograd.h"

#include <string.h>

#define PAR_CHUNK 32768
#define COL_BLOCK 16

/* ---------------------------------------------------------------- concat */

static gnn_status_t concat_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t **parts = out->saved;
    const int n = (int)out->ip[0], axis = (int)out->ip[1];
    const int64_t rows = gnn_i_rows(out), cols = gnn_i_cols(out);
    const float *g = out->grad;
    int64_t off = 0;
    for (int k = 0; k < n; k++) {
        gnn_tensor_t *P = parts[k];
        const int64_t pr = gnn_i_rows(P), pc = gnn_i_cols(P);
        if (P->requires_grad) {
            float *dp = gnn_i_grad(tp, P);
            if (dp == NULL) return GNN_ENOMEM;
            if (axis == 0) {
                for (int64_t i = 0; i < pr * pc; i++) dp[i] += g[off * cols + i];
            } else {
                for (int64_t i = 0; i < rows; i++)
                    for (int64_t j = 0; j < pc; j++) dp[i * pc + j] += g[i * cols + off + j];
            }
        }
        off += axis == 0 ? pr : pc;
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_concat = {"concat", -1, concat_backward};

gnn_status_t gnn_concat(gnn_tape_t *tp, int n, gnn_tensor_t *const *parts, int axis, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_concat");
    GNN_ARG_CHECK(tp->ctx, n >= 1 && parts != NULL, "gnn_concat: need at least one tensor");
    GNN_ARG_CHECK(tp->ctx, axis == 0 || axis == 1, "gnn_concat: axis must be 0 or 1, got %d", axis);
    {
        int64_t rows = 0, cols = 0;
        for (int k = 0; k < n; k++) {
            GNN_CHECK(gnn_i_tensor_check(tp, parts[k], "gnn_concat", "a part"));
            const int64_t r = gnn_i_rows(parts[k]), c = gnn_i_cols(parts[k]);
            if (k == 0) rows = r, cols = c;
            else if (axis == 0 ? c != cols : r != rows) {
                char s1[64], s2[64];
                status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_concat: part %d is %s, part 0 is %s (axis %d)", k,
                                     gnn_i_shape_str(parts[k], s1, sizeof s1), gnn_i_shape_str(parts[0], s2, sizeof s2),
                                     axis);
                goto fail;
            } else if (axis == 0) rows += r;
            else cols += c;
        }
        const int64_t shape[2] = {rows, cols};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_concat, 2, shape, n, parts, out));
        gnn_tensor_t *o = *out;
        gnn_tensor_t **saved = gnn_i_arena(tp, sizeof(gnn_tensor_t *) * (size_t)n);
        if (saved == NULL) {
            status = GNN_ENOMEM;
            goto fail;
        }
        memcpy(saved, parts, sizeof(gnn_tensor_t *) * (size_t)n);
        o->saved = saved;
        o->ip[0] = n;
        o->ip[1] = axis;
        int64_t off = 0;
        for (int k = 0; k < n; k++) {
            const gnn_tensor_t *P = parts[k];
            const int64_t pr = gnn_i_rows(P), pc = gnn_i_cols(P);
            if (axis == 0) memcpy(o->data + off * cols, P->data, sizeof(float) * (size_t)(pr * pc));
            else
                for (int64_t i = 0; i < rows; i++) memcpy(o->data + i * cols + off, P->data + i * pc, sizeof(float) * (size_t)pc);
            off += axis == 0 ? pr : pc;
        }
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- slice */

static gnn_status_t slice_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    const int axis = (int)out->ip[0];
    const int64_t start = out->ip[1], cols = gnn_i_cols(A), orows = gnn_i_rows(out), ocols = gnn_i_cols(out);
    const float *g = out->grad;
    for (int64_t i = 0; i < orows; i++)
        for (int64_t j = 0; j < ocols; j++) {
            if (axis == 0) da[(start + i) * cols + j] += g[i * ocols + j];
            else da[i * cols + start + j] += g[i * ocols + j];
        }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_slice = {"slice", 1, slice_backward};

gnn_status_t gnn_slice(gnn_tape_t *tp, gnn_tensor_t *a, int axis, int64_t start, int64_t len, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_slice");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_slice", "a"));
    GNN_ARG_CHECK(tp->ctx, axis == 0 || axis == 1, "gnn_slice: axis must be 0 or 1, got %d", axis);
    {
        const int64_t rows = gnn_i_rows(a), cols = gnn_i_cols(a), lim = axis == 0 ? rows : cols;
        if (start < 0 || len < 0 || start + len > lim) {
            status = gnn_i_error(tp->ctx, GNN_ERANGE, "gnn_slice: [%lld, %lld) is outside 0..%lld on axis %d",
                                 (long long)start, (long long)(start + len), (long long)lim, axis);
            goto fail;
        }
        const int64_t shape[2] = {axis == 0 ? len : rows, axis == 0 ? cols : len};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_slice, 2, shape, 1, &a, out));
        gnn_tensor_t *o = *out;
        o->ip[0] = axis;
        o->ip[1] = start;
        if (axis == 0) memcpy(o->data, a->data + start * cols, sizeof(float) * (size_t)(len * cols));
        else
            for (int64_t i = 0; i < rows; i++) memcpy(o->data + i * len, a->data + i * cols + start, sizeof(float) * (size_t)len);
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- gather / scatter rows */

/* dst[idx[i], :] += src[i, :] for i < k, parallel over column blocks */
static void scatter_rows(gnn_ctx_t *ctx, const float *src, const int64_t *idx, int64_t k, int64_t cols, float *dst) {
    const int64_t nblk = (cols + COL_BLOCK - 1) / COL_BLOCK;
    int nth = gnn_i_threads(ctx, k * cols, PAR_CHUNK);
    if (nth > nblk) nth = (int)nblk;
    if (nth < 1) nth = 1;
#pragma omp parallel for schedule(static) num_threads(nth)
    for (int64_t b = 0; b < nblk; b++) {
        const int64_t j0 = b * COL_BLOCK, j1 = j0 + COL_BLOCK < cols ? j0 + COL_BLOCK : cols;
        for (int64_t i = 0; i < k; i++) {
            float *d = dst + idx[i] * cols;
            const float *s = src + i * cols;
            for (int64_t j = j0; j < j1; j++) d[j] += s[j];
        }
    }
}

/* dst[i, :] += src[idx[i], :] */
static void gather_rows_add(gnn_ctx_t *ctx, const float *src, const int64_t *idx, int64_t k, int64_t cols, float *dst,
                            int add) {
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(ctx, k * cols, PAR_CHUNK))
    for (int64_t i = 0; i < k; i++) {
        const float *s = src + idx[i] * cols;
        float *d = dst + i * cols;
        if (add)
            for (int64_t j = 0; j < cols; j++) d[j] += s[j];
        else memcpy(d, s, sizeof(float) * (size_t)cols);
    }
}

static gnn_status_t gather_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    scatter_rows(tp->ctx, out->grad, out->saved, gnn_i_rows(out), gnn_i_cols(out), da);
    return GNN_SUCCESS;
}

static gnn_status_t scatter_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    gather_rows_add(tp->ctx, out->grad, out->saved, gnn_i_rows(A), gnn_i_cols(A), da, 1);
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_gather_rows = {"gather_rows", 1, gather_backward};
const gnn_op_def_t gnn_i_op_scatter_add_rows = {"scatter_add_rows", 1, scatter_backward};

static gnn_status_t copy_idx(gnn_tape_t *tp, const int64_t *idx, int64_t k, int64_t limit, const char *fn, int64_t **out) {
    int64_t *c = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(k > 0 ? k : 1));
    if (c == NULL) return GNN_ENOMEM;
    for (int64_t i = 0; i < k; i++) {
        if (idx[i] < 0 || idx[i] >= limit)
            return gnn_i_error(tp->ctx, GNN_ERANGE, "%s: index %lld at position %lld is outside 0..%lld", fn,
                               (long long)idx[i], (long long)i, (long long)limit - 1);
        c[i] = idx[i];
    }
    *out = c;
    return GNN_SUCCESS;
}

gnn_status_t gnn_gather_rows(gnn_tape_t *tp, gnn_tensor_t *a, const int64_t *idx, int64_t k, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_gather_rows");
    int64_t *ci = NULL;
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_gather_rows", "a"));
    GNN_ARG_CHECK(tp->ctx, k >= 0 && (k == 0 || idx != NULL), "gnn_gather_rows: bad index list");
    GNN_CHECK(copy_idx(tp, idx, k, gnn_i_rows(a), "gnn_gather_rows", &ci));
    {
        const int64_t shape[2] = {k, gnn_i_cols(a)};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_gather_rows, 2, shape, 1, &a, out));
        (*out)->saved = ci;
        gather_rows_add(tp->ctx, a->data, ci, k, gnn_i_cols(a), (*out)->data, 0);
    }
fail:
    return status;
}

gnn_status_t gnn_scatter_add_rows(gnn_tape_t *tp, gnn_tensor_t *a, const int64_t *idx, int64_t n, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_scatter_add_rows");
    int64_t *ci = NULL;
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_scatter_add_rows", "a"));
    GNN_ARG_CHECK(tp->ctx, n >= 0 && (gnn_i_rows(a) == 0 || idx != NULL), "gnn_scatter_add_rows: bad index list");
    GNN_CHECK(copy_idx(tp, idx, gnn_i_rows(a), n, "gnn_scatter_add_rows", &ci));
    {
        const int64_t cols = gnn_i_cols(a), shape[2] = {n, cols};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_scatter_add_rows, 2, shape, 1, &a, out));
        (*out)->saved = ci;
        memset((*out)->data, 0, sizeof(float) * (size_t)(n * cols));
        scatter_rows(tp->ctx, a->data, ci, gnn_i_rows(a), cols, (*out)->data);
    }
fail:
    return status;
}

/* ---------------------------------------------------------------- reshape, transpose */

static gnn_status_t reshape_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    for (int64_t i = 0; i < out->numel; i++) da[i] += out->grad[i];
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_reshape = {"reshape", 1, reshape_backward};

gnn_status_t gnn_reshape(gnn_tape_t *tp, gnn_tensor_t *a, int ndim, const int64_t *shape, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_reshape");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_reshape", "a"));
    GNN_ARG_CHECK(tp->ctx, ndim >= 1 && ndim <= GNN_MAX_DIMS && shape != NULL, "gnn_reshape: bad shape");
    {
        int64_t n = 1;
        for (int i = 0; i < ndim; i++) n *= shape[i] >= 0 ? shape[i] : 0;
        if (n != a->numel) {
            status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_reshape: %lld elements cannot take a shape of %lld",
                                 (long long)a->numel, (long long)n);
            goto fail;
        }
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_reshape, ndim, shape, 1, &a, out));
        memcpy((*out)->data, a->data, sizeof(float) * (size_t)n);
    }
fail:
    return status;
}

static gnn_status_t transpose_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    const int64_t r = gnn_i_rows(A), c = gnn_i_cols(A);
    for (int64_t i = 0; i < r; i++)
        for (int64_t j = 0; j < c; j++) da[i * c + j] += out->grad[j * r + i];
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_transpose = {"transpose", 1, transpose_backward};

gnn_status_t gnn_transpose(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_transpose");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_transpose", "a"));
    {
        const int64_t r = gnn_i_rows(a), c = gnn_i_cols(a), shape[2] = {c, r};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_transpose, 2, shape, 1, &a, out));
        for (int64_t i = 0; i < r; i++)
            for (int64_t j = 0; j < c; j++) (*out)->data[j * r + i] = a->data[i * c + j];
    }
fail:
    return status;
}
