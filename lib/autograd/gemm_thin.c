/* gemm_thin.c: dense products with one thin side, without packing.
 *
 * The linear layers of the models multiply a tall activation (rows x K) by
 * a small weight (K x N, N or K of 16-64).  sgemm packs the tall operand
 * into its own layout before the kernel runs; with only 16-64 columns of
 * work per packed element that copy costs about as much as the arithmetic
 * (NBFNet spent 21% of its time in OpenBLAS's copy routines).  These
 * kernels read the tall operand in place, a few rows at a time, and keep
 * the output block in vector registers:
 *
 *   gnn_i_thin_nn: C = alpha A B + beta C, A M x K row-major, B K x N (N
 *     or K up to 64 in the callers): column blocks of 16-64 in registers, row blocks of 4 (6 when
 *     the block is 32 wide or less); columns past the last multiple of 16
 *     eight rows at a time.  A row's result does not depend on how many
 *     rows the call has (NBFNet scores a pair alike in any batch).
 *   gnn_i_thin_tn: C = A^T B + beta C, A K x M (a tall activation read
 *     along its rows), B K x N, N a multiple of 16 up to 64: the weight
 *     gradient; row tiles of 128 keep A's tile in L2.
 *
 * Each output element is one accumulator summed over k in increasing
 * order, so the result depends on the shape only, never on the threads
 * (the callers split rows, which are independent). */
#include "autograd.h"

#include <string.h>

typedef float v16 __attribute__((vector_size(64)));
typedef float v16u __attribute__((vector_size(64), aligned(4), may_alias));

/* -std=c11 keeps a*b+c unfused; these loops want the fused multiply-add */
#if defined(__GNUC__) && !defined(__clang__)
#define THIN_FMA __attribute__((optimize("fp-contract=fast")))
#else
#define THIN_FMA
#endif
#define THIN_INLINE static inline __attribute__((always_inline))

#define ld(p) ((v16)(*(const v16u *)(p)))
#define st(p, v) (*(v16u *)(p) = (v))

/* RB rows x NV vectors of C from RB rows of A over all K */
THIN_INLINE void nn_block(int RB, int NV, int64_t K, const float *A, int64_t lda, const float *B, int64_t ldb,
                          float alpha, float beta, float *C, int64_t ldc) {
    v16 acc[6][4];
    for (int r = 0; r < RB; r++)
        for (int j = 0; j < NV; j++) acc[r][j] = (v16){0};
    for (int64_t k = 0; k < K; k++) {
        v16 b[4];
        for (int j = 0; j < NV; j++) b[j] = ld(B + k * ldb + 16 * j);
        for (int r = 0; r < RB; r++) {
            const float a = A[r * lda + k];
            for (int j = 0; j < NV; j++) acc[r][j] += a * b[j];
        }
    }
    for (int r = 0; r < RB; r++)
        for (int j = 0; j < NV; j++) {
            float *c = C + r * ldc + 16 * j;
            st(c, beta == 0.0f ? alpha * acc[r][j] : alpha * acc[r][j] + beta * ld(c));
        }
}

THIN_INLINE void nn_cols(int NV, int64_t M, int64_t K, const float *A, int64_t lda, const float *B, int64_t ldb,
                         float alpha, float beta, float *C, int64_t ldc) {
    const int RB = NV <= 2 ? 6 : 4;
    int64_t i = 0;
    for (; i + RB <= M; i += RB) nn_block(RB, NV, K, A + i * lda, lda, B, ldb, alpha, beta, C + i * ldc, ldc);
    for (; i < M; i++) nn_block(1, NV, K, A + i * lda, lda, B, ldb, alpha, beta, C + i * ldc, ldc);
}

/* columns past the last multiple of 16: eight rows at a time as the lanes
 * of one vector, so every row gets the same operations (scalar code would
 * let the compiler fuse some rows' multiply-adds and not others') */
typedef float v8 __attribute__((vector_size(32)));

THIN_INLINE void nn_tail(int64_t M, int64_t W, int64_t K, float alpha, const float *A, int64_t lda, const float *B,
                         int64_t ldb, float beta, float *C, int64_t ldc) {
    for (int64_t i0 = 0; i0 < M; i0 += 8) {
        const int rb = M - i0 < 8 ? (int)(M - i0) : 8;
        const float *row[8];
        for (int r = 0; r < 8; r++) row[r] = A + (i0 + (r < rb ? r : 0)) * lda;
        for (int64_t j = 0; j < W; j++) {
            v8 acc = {0, 0, 0, 0, 0, 0, 0, 0};
            for (int64_t k = 0; k < K; k++) {
                const v8 av = {row[0][k], row[1][k], row[2][k], row[3][k], row[4][k], row[5][k], row[6][k], row[7][k]};
                acc += av * B[k * ldb + j];
            }
            const v8 out = alpha * acc;
            for (int r = 0; r < rb; r++) {
                float *c = C + (i0 + r) * ldc + j;
                *c = beta == 0.0f ? out[r] : out[r] + beta * *c;
            }
        }
    }
}

GNN_KERNEL_CLONES THIN_FMA void gnn_i_thin_nn(int64_t M, int64_t N, int64_t K, float alpha, const float *A,
                                              int64_t lda, const float *B, int64_t ldb, float beta, float *C,
                                              int64_t ldc) {
    const int64_t Nv = N - N % 16;
    for (int64_t j0 = 0; j0 < Nv; j0 += 64) {
        const int64_t w = Nv - j0 < 64 ? Nv - j0 : 64;
        const float *Bj = B + j0;
        float *Cj = C + j0;
        switch (w / 16) {
        case 1: nn_cols(1, M, K, A, lda, Bj, ldb, alpha, beta, Cj, ldc); break;
        case 2: nn_cols(2, M, K, A, lda, Bj, ldb, alpha, beta, Cj, ldc); break;
        case 3: nn_cols(3, M, K, A, lda, Bj, ldb, alpha, beta, Cj, ldc); break;
        default: nn_cols(4, M, K, A, lda, Bj, ldb, alpha, beta, Cj, ldc); break;
        }
    }
    if (Nv < N) nn_tail(M, N - Nv, K, alpha, A, lda, B + Nv, ldb, beta, C + Nv, ldc);
}

/* acc (MB x NV vectors, rows m0.. of C) += A[rows, m0 .. m0+MB)^T B[rows] */
THIN_INLINE void tn_block(int MB, int NV, int64_t rows, const float *A, int64_t lda, const float *B, int64_t ldb,
                          float *C, int64_t ldc) {
    v16 acc[8][4];
    for (int i = 0; i < MB; i++)
        for (int j = 0; j < NV; j++) acc[i][j] = ld(C + i * ldc + 16 * j);
    for (int64_t k = 0; k < rows; k++) {
        v16 b[4];
        for (int j = 0; j < NV; j++) b[j] = ld(B + k * ldb + 16 * j);
        const float *a = A + k * lda;
        for (int i = 0; i < MB; i++)
            for (int j = 0; j < NV; j++) acc[i][j] += a[i] * b[j];
    }
    for (int i = 0; i < MB; i++)
        for (int j = 0; j < NV; j++) st(C + i * ldc + 16 * j, acc[i][j]);
}

#define TN_TILE 128

/* C = beta C + A^T B (alpha 1): each element starts at beta C and adds the
 * products in increasing k, the running sum kept in C between row tiles
 * (a tile of A, TN_TILE rows, stays in L2 while every block of C reads it) */
THIN_INLINE void tn_cols(int NV, int64_t M, int64_t K, const float *A, int64_t lda, const float *B, int64_t ldb,
                         float beta, float *C, int64_t ldc) {
    const int MB = NV <= 2 ? 8 : 4;
    if (beta != 1.0f)
        for (int64_t i = 0; i < M; i++) {
            float *c = C + i * ldc;
            for (int j = 0; j < NV; j++) st(c + 16 * j, beta == 0.0f ? (v16){0} : beta * ld(c + 16 * j));
        }
    for (int64_t k0 = 0; k0 < K; k0 += TN_TILE) {
        const int64_t rows = K - k0 < TN_TILE ? K - k0 : TN_TILE;
        const float *At = A + k0 * lda, *Bt = B + k0 * ldb;
        int64_t m0 = 0;
        for (; m0 + MB <= M; m0 += MB) tn_block(MB, NV, rows, At + m0, lda, Bt, ldb, C + m0 * ldc, ldc);
        for (; m0 < M; m0++) tn_block(1, NV, rows, At + m0, lda, Bt, ldb, C + m0 * ldc, ldc);
    }
}

GNN_KERNEL_CLONES THIN_FMA void gnn_i_thin_tn(int64_t M, int64_t N, int64_t K, const float *A, int64_t lda,
                                              const float *B, int64_t ldb, float beta, float *C, int64_t ldc) {
    switch (N / 16) {
    case 1: tn_cols(1, M, K, A, lda, B, ldb, beta, C, ldc); break;
    case 2: tn_cols(2, M, K, A, lda, B, ldb, beta, C, ldc); break;
    case 3: tn_cols(3, M, K, A, lda, B, ldb, beta, C, ldc); break;
    default: tn_cols(4, M, K, A, lda, B, ldb, beta, C, ldc); break;
    }
}
