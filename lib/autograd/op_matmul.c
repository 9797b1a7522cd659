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

/* which kernel: 1 = gnn_i_thin_nn, 2 = gnn_i_thin_tn, 0 = sgemm */
static int thin_kind(int ta, int tb, int64_t N, int64_t K, float alpha) {
    if (tb || K == 0) return 0;
    if (!ta) return N <= 64 || K <= 64 ? 1 : 0;
    return N % 16 == 0 && N <= 64 && alpha == 1.0f ? 2 : 0;
}

static void gemm_one(int kind, int ta, int tb, int64_t M, int64_t N, int64_t K, float alpha, const float *A, int lda,
                     const float *B, int ldb, float beta, float *C, int ldc) {
    if (kind == 1) {
        gnn_i_thin_nn(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    } else if (kind == 2) {
        gnn_i_thin_tn(M, N, K, A, lda, B, ldb, beta, C, ldc);
    } else {
        const CBLAS_TRANSPOSE TA = ta ? CblasTrans : CblasNoTrans, TB = tb ? CblasTrans : CblasNoTrans;
        cblas_sgemm(CblasRowMajor, TA, TB, (int)M, (int)N, (int)K, alpha, A, lda, B, ldb, beta, C, ldc);
    }
}

void gnn_i_gemm(gnn_ctx_t *ctx, int ta, int tb, int64_t M, int64_t N, int64_t K, float alpha, const float *A, int lda,
                const float *B, int ldb, float beta, float *C, int ldc) {
    const int kind = thin_kind(ta, tb, N, K, alpha);
    if ((kind == 0 && openblas_get_num_threads() != 1) || M <= GEMM_SLAB) {
        gemm_one(kind, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return;
    }
    const int64_t nslab = (M + GEMM_SLAB - 1) / GEMM_SLAB;
    int nth = gnn_i_threads(ctx, M * N * K, 1 << 18);
    if (nth > nslab) nth = (int)nslab;
#pragma omp parallel for schedule(static) num_threads(nth)
    for (int64_t t = 0; t < nslab; t++) {
        const int64_t m0 = t * GEMM_SLAB, m1 = m0 + GEMM_SLAB < M ? m0 + GEMM_SLAB : M;
        const float *At = ta ? A + m0 : A + m0 * lda;
        gemm_one(kind, ta, tb, m1 - m0, N, K, alpha, At, lda, B, ldb, beta, C + m0 * ldc, ldc);
    }
}

/* A product whose output is small and whose inner dimension is long (a
 * weight gradient: op(A)^T G over many rows) has too few row slabs to keep
 * the threads busy.  Its inner dimension is cut instead, into nk chunks
 * that depend on K alone; each chunk's product is formed by one sgemm (the
 * first straight into C with beta, the others into arena scratch) and C
 * adds the partial products in chunk order, so results are again the same
 * for any thread count. */
#define GEMM_KCHUNK 1024
#define GEMM_KMAX 16
#define GEMM_KSPLIT_OUT (1 << 18)

gnn_status_t gnn_i_gemm_tp(gnn_tape_t *tp, int ta, int tb, int64_t M, int64_t N, int64_t K, float alpha,
                           const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc) {
    int64_t nk = K / GEMM_KCHUNK;
    if (nk > GEMM_KMAX) nk = GEMM_KMAX;
    if (nk >= 4) nk -= nk % 4; /* even shares for 1, 2 and 4 threads */
    else if (nk == 3) nk = 2;
    /* only op(A)^T-shaped products split (weight gradients): a product of
     * rows keeps each row's sum whole, so a row's result does not depend on
     * the number of rows (thin_nn) */
    if (!ta || nk < 2 || M * N > GEMM_KSPLIT_OUT || M > 4 * GEMM_SLAB || openblas_get_num_threads() != 1) {
        gnn_i_gemm(tp->ctx, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        return GNN_SUCCESS;
    }
    const int kind = thin_kind(ta, tb, N, K, alpha);
    float *part = gnn_i_arena(tp, sizeof(float) * (size_t)((nk - 1) * M * N));
    if (part == NULL) return GNN_ENOMEM;
    int nth = gnn_i_threads(tp->ctx, M * N * K, 1 << 18);
    if (nth > nk) nth = (int)nk;
#pragma omp parallel for schedule(static) num_threads(nth)
    for (int64_t c = 0; c < nk; c++) {
        const int64_t k0 = c * K / nk, k1 = (c + 1) * K / nk;
        /* op(A) is M x K: column k0 of it is row k0 of A when transposed */
        const float *Ac = ta ? A + k0 * lda : A + k0;
        const float *Bc = tb ? B + k0 : B + k0 * ldb;
        if (c == 0)
            gemm_one(kind, ta, tb, M, N, k1 - k0, alpha, Ac, lda, Bc, ldb, beta, C, ldc);
        else
            gemm_one(kind, ta, tb, M, N, k1 - k0, alpha, Ac, lda, Bc, ldb, 0.0f, part + (c - 1) * M * N, (int)N);
    }
    nth = gnn_i_threads(tp->ctx, M * N * nk, 1 << 14);
#pragma omp parallel for schedule(static) num_threads(nth)
    for (int64_t i = 0; i < M; i++) {
        float *restrict ci = C + i * ldc;
        for (int64_t c = 1; c < nk; c++) {
            const float *restrict pi = part + (c - 1) * M * N + i * N;
            for (int64_t j = 0; j < N; j++) ci[j] += pi[j];
        }
    }
    return GNN_SUCCESS;
}

#define return_if(x)                        \
    do {                                    \
        const gnn_status_t rs_ = (x);       \
        if (rs_ != GNN_SUCCESS) return rs_; \
    } while (0)

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
            return_if(gnn_i_gemm_tp(tp, 0, !tb, m, k, n, 1.0f, G, (int)n, B->data, ldb, 1.0f, dA, lda));
        else /* A [k,m]: dA += op(B) G^T */
            return_if(gnn_i_gemm_tp(tp, tb, 1, k, m, n, 1.0f, B->data, ldb, G, (int)n, 1.0f, dA, lda));
    }
    if (B->requires_grad) {
        float *dB = gnn_i_grad(tp, B);
        if (dB == NULL) return GNN_ENOMEM;
        if (!tb) /* B [k,n]: dB += op(A)^T G */
            return_if(gnn_i_gemm_tp(tp, !ta, 0, k, n, m, 1.0f, A->data, lda, G, (int)n, 1.0f, dB, ldb));
        else /* B [n,k]: dB += G^T op(A) */
            return_if(gnn_i_gemm_tp(tp, 1, ta, n, k, m, 1.0f, G, (int)n, A->data, lda, 1.0f, dB, ldb));
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
                GNN_CHECK(gnn_i_gemm_tp(tp, trans_a, trans_b, m, n, k, 1.0f, a->data, (int)ac, b->data, (int)bc, 0.0f,
                                        (*out)->data, (int)n));
            }
        }
    }
fail:
    return status;
}
