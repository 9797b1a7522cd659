/* op_matmul.c: C = op(A) op(B) through OpenBLAS cblas_sgemm, and its
 * gradients (two more sgemm calls, accumulating with beta = 1). */
#include "autograd.h"

#include <cblas.h>

/* C = alpha op(A) op(B) + beta C, row-major.  When OpenBLAS runs one thread
 * (what libgnn asks of applications: it parallelises itself with OpenMP,
 * see libgnn(3)) the rows of C are cut into slabs of a fixed height, one
 * sgemm per slab, and the slabs are shared among the context's threads.
 * The cut does not depend on the thread count, so every element is
 * computed by the same kernel call in the same order: results are bitwise
 * identical for any number of threads.  Otherwise one call lets OpenBLAS
 * thread it. */
#define GEMM_SLAB 256

void gnn_i_gemm(gnn_ctx_t *ctx, int ta, int tb, int64_t M, int64_t N, int64_t K, float alpha, const float *A, int lda,
                const float *B, int ldb, float beta, float *C, int ldc) {
    const CBLAS_TRANSPOSE TA = ta ? CblasTrans : CblasNoTrans, TB = tb ? CblasTrans : CblasNoTrans;
    if (openblas_get_num_threads() != 1 || M <= GEMM_SLAB) {
        cblas_sgemm(CblasRowMajor, TA, TB, (int)M, (int)N, (int)K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    const int64_t nslab = (M + GEMM_SLAB - 1) / GEMM_SLAB;
    int nth = gnn_i_threads(ctx, M * N * K, 1 << 18);
    if (nth > nslab) nth = (int)nslab;
#pragma omp parallel for schedule(static) num_threads(nth)
    for (int64_t t = 0; t < nslab; t++) {
        const int64_t m0 = t * GEMM_SLAB, m1 = m0 + GEMM_SLAB < M ? m0 + GEMM_SLAB : M;
        const float *At = ta ? A + m0 : A + m0 * lda;
        cblas_sgemm(CblasRowMajor, TA, TB, (int)(m1 - m0), (int)N, (int)K, alpha, At, lda, B, ldb, beta, C + m0 * ldc, ldc);
    }
}

static gnn_status_t matmul_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0], *B = out->src[1];
    const int ta = (int)out->ip[0], tb = (int)out->ip[1];
    const int64_t m = gnn_i_rows(out), n = gnn_i_cols(out), k = out->ip[2];
    const float *G = out->grad;
    const int lda = (int)gnn_i_cols(A), ldb = (int)gnn_i_cols(B);
    if (A->requires_grad) {
        float *dA = gnn_i_grad(tp, A);
        if (dA == NULL) return GNN_ENOMEM;
        if (!ta) /* A [m,k]: dA += G op(B)^T */
            gnn_i_gemm(tp->ctx, 0, !tb, m, k, n, 1.0f, G, (int)n, B->data, ldb, 1.0f, dA, lda);
        else /* A [k,m]: dA += op(B) G^T */
            gnn_i_gemm(tp->ctx, tb, 1, k, m, n, 1.0f, B->data, ldb, G, (int)n, 1.0f, dA, lda);
    }
    if (B->requires_grad) {
        float *dB = gnn_i_grad(tp, B);
        if (dB == NULL) return GNN_ENOMEM;
        if (!tb) /* B [k,n]: dB += op(A)^T G */
            gnn_i_gemm(tp->ctx, !ta, 0, k, n, m, 1.0f, A->data, lda, G, (int)n, 1.0f, dB, ldb);
        else /* B [n,k]: dB += G^T op(A) */
            gnn_i_gemm(tp->ctx, 1, ta, n, k, m, 1.0f, G, (int)n, A->data, lda, 1.0f, dB, ldb);
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_matmul = {"matmul", 2, matmul_backward};

gnn_status_t gnn_matmul(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, int trans_a, int trans_b,
                        gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_matmul");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_matmul", "a"));
    GNN_CHECK(gnn_i_tensor_check(tp, b, "gnn_matmul", "b"));
    {
        const int64_t ar = gnn_i_rows(a), ac = gnn_i_cols(a), br = gnn_i_rows(b), bc = gnn_i_cols(b);
        const int64_t m = trans_a ? ac : ar, k = trans_a ? ar : ac;
        const int64_t kb = trans_b ? bc : br, n = trans_b ? br : bc;
        if (k != kb) {
            char s1[64], s2[64];
            status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_matmul: inner dimensions differ: %s%s x %s%s",
                                 gnn_i_shape_str(a, s1, sizeof s1), trans_a ? "^T" : "",
                                 gnn_i_shape_str(b, s2, sizeof s2), trans_b ? "^T" : "");
            goto fail;
        }
        if (!gnn_i_blas_fits(m, n, k) || !gnn_i_blas_fits(ac, bc, 1)) {
            status = gnn_i_error(tp->ctx, GNN_ERANGE, "gnn_matmul: dimensions exceed the BLAS integer range");
            goto fail;
        }
        gnn_tensor_t *src[2] = {a, b};
        const int64_t shape[2] = {m, n};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_matmul, 2, shape, 2, src, out));
        (*out)->ip[0] = trans_a != 0;
        (*out)->ip[1] = trans_b != 0;
        (*out)->ip[2] = k;
        if (m > 0 && n > 0) {
            if (k == 0) {
                for (int64_t i = 0; i < m * n; i++) (*out)->data[i] = 0;
            } else {
                gnn_i_gemm(tp->ctx, trans_a, trans_b, m, n, k, 1.0f, a->data, (int)ac, b->data, (int)bc, 0.0f, (*out)->data,
                     (int)n);
            }
        }
    }
fail:
    return status;
}
