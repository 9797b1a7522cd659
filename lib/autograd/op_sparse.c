/* op_sparse.c: sparse constant matrices and X W with them.  X is kept in
 * CSR and CSC, so both the product (rows of X) and the weight gradient
 * (columns of X) are pull-style and deterministic. */
#include "autograd.h"

#include <string.h>

#define PAR_CHUNK (1 << 14)

struct gnn_sparse {
    gnn_i_alloc_t alloc;
    int64_t rows, cols, nnz;
    int64_t *rptr;  /* rows + 1 */
    int32_t *ridx;  /* column of each entry */
    float *rval;
    int64_t *cptr;  /* cols + 1 */
    int32_t *cidx;  /* row of each entry, by column */
    float *cval;
};

void gnn_sparse_destroy(gnn_sparse_t **ps) {
    if (ps == NULL || *ps == NULL) return;
    gnn_sparse_t *s = *ps;
    gnn_i_alloc_t a = s->alloc;
    gnn_i_alloc_free(&a, s->rptr);
    gnn_i_alloc_free(&a, s->ridx);
    gnn_i_alloc_free(&a, s->rval);
    gnn_i_alloc_free(&a, s->cptr);
    gnn_i_alloc_free(&a, s->cidx);
    gnn_i_alloc_free(&a, s->cval);
    gnn_i_alloc_free(&a, s);
    *ps = NULL;
}

static void build_csc(gnn_sparse_t *s) {
    memset(s->cptr, 0, sizeof(int64_t) * (size_t)(s->cols + 1));
    for (int64_t k = 0; k < s->nnz; k++) s->cptr[s->ridx[k] + 1]++;
    for (int64_t c = 0; c < s->cols; c++) s->cptr[c + 1] += s->cptr[c];
    int64_t *next = s->cptr; /* walk with a shifted cursor, then restore */
    for (int64_t r = 0; r < s->rows; r++)
        for (int64_t k = s->rptr[r]; k < s->rptr[r + 1]; k++) {
            int64_t pos = next[s->ridx[k]]++;
            s->cidx[pos] = (int32_t)r;
            s->cval[pos] = s->rval[k];
        }
    for (int64_t c = s->cols; c > 0; c--) s->cptr[c] = s->cptr[c - 1];
    s->cptr[0] = 0;
}

gnn_status_t gnn_sparse_from_dense(gnn_ctx_t *ctx, int64_t rows, int64_t cols, const float *x, gnn_sparse_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_sparse_t *s = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_sparse_from_dense: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, rows >= 0 && cols >= 0 && rows < INT32_MAX && cols < INT32_MAX && (x != NULL || rows * cols == 0),
                  "gnn_sparse_from_dense: bad shape or data");
    int64_t nnz = 0;
    for (int64_t i = 0; i < rows * cols; i++) nnz += x[i] != 0;
    GNN_CALLOC(ctx, s, 1);
    s->alloc = ctx->alloc;
    s->rows = rows, s->cols = cols, s->nnz = nnz;
    GNN_ALLOC(ctx, s->rptr, rows + 1);
    GNN_ALLOC(ctx, s->ridx, nnz);
    GNN_ALLOC(ctx, s->rval, nnz);
    GNN_ALLOC(ctx, s->cptr, cols + 1);
    GNN_ALLOC(ctx, s->cidx, nnz);
    GNN_ALLOC(ctx, s->cval, nnz);
    int64_t k = 0;
    s->rptr[0] = 0;
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = 0; c < cols; c++)
            if (x[r * cols + c] != 0) {
                s->ridx[k] = (int32_t)c;
                s->rval[k++] = x[r * cols + c];
            }
        s->rptr[r + 1] = k;
    }
    build_csc(s);
    *out = s;
    return GNN_SUCCESS;
fail:
    gnn_sparse_destroy(&s);
    return status;
}

int64_t gnn_sparse_rows(const gnn_sparse_t *s) {
    return s ? s->rows : 0;
}
int64_t gnn_sparse_cols(const gnn_sparse_t *s) {
    return s ? s->cols : 0;
}
int64_t gnn_sparse_nnz(const gnn_sparse_t *s) {
    return s ? s->nnz : 0;
}

void gnn_sparse_normalize_rows(gnn_sparse_t *s) {
    if (s == NULL) return;
    for (int64_t r = 0; r < s->rows; r++) {
        double sum = 0;
        for (int64_t k = s->rptr[r]; k < s->rptr[r + 1]; k++) sum += s->rval[k];
        if (sum != 0)
            for (int64_t k = s->rptr[r]; k < s->rptr[r + 1]; k++) s->rval[k] = (float)(s->rval[k] / sum);
    }
    build_csc(s);
}

static gnn_status_t spmat_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *W = out->src[0];
    if (!W->requires_grad) return GNN_SUCCESS;
    const gnn_sparse_t *s = out->aux;
    const int64_t c = gnn_i_cols(W);
    float *dw = gnn_i_grad(tp, W);
    if (dw == NULL) return GNN_ENOMEM;
    const float *g = out->grad;
#pragma omp parallel for schedule(dynamic, 32) num_threads(gnn_i_threads(tp->ctx, s->nnz * c, PAR_CHUNK))
    for (int64_t f = 0; f < s->cols; f++) {
        gnn_i_gather_axpy(s->cidx, s->cval, NULL, s->cptr[f], s->cptr[f + 1], s->nnz, g, c, dw + f * c, 1);
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_sparse_matmul = {"sparse_matmul", 1, spmat_backward};

gnn_status_t gnn_sparse_matmul(gnn_tape_t *tp, const gnn_sparse_t *x, gnn_tensor_t *w, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_sparse_matmul");
    GNN_ARG_CHECK(tp->ctx, x != NULL, "gnn_sparse_matmul: x is NULL");
    GNN_CHECK(gnn_i_tensor_check(tp, w, "gnn_sparse_matmul", "w"));
    if (gnn_i_rows(w) != x->cols) {
        char sw[64];
        status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_sparse_matmul: X is [%lld, %lld], W is %s", (long long)x->rows,
                             (long long)x->cols, gnn_i_shape_str(w, sw, sizeof sw));
        goto fail;
    }
    {
        const int64_t c = gnn_i_cols(w), shape[2] = {x->rows, c};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_sparse_matmul, 2, shape, 1, &w, out));
        (*out)->aux = x;
        float *y = (*out)->data;
        const float *wd = w->data;
#pragma omp parallel for schedule(dynamic, 64) num_threads(gnn_i_threads(tp->ctx, (x->nnz + x->rows) * c, PAR_CHUNK))
        for (int64_t r = 0; r < x->rows; r++) {
            gnn_i_gather_axpy(x->ridx, x->rval, NULL, x->rptr[r], x->rptr[r + 1], x->nnz, wd, c, y + r * c, 0);
        }
    }
fail:
    return status;
}
