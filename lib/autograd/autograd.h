/* autograd.h: internals of tensors, the tape and ops (see gnn/tensor.h).
 *
 * Execution is eager: an op computes its output when called and, if any
 * input needs a gradient, records the output tensor on the tape with a
 * pointer to its op definition.  gnn_tape_backward walks the record in
 * reverse and calls each op's backward, which ADDS into its inputs'
 * gradients (zero-filled arena buffers made on first use).
 *
 * Adding an op: one static backward function beside the public forward in
 * lib/autograd/op_<family>.c, one `const gnn_op_def_t gnn_i_op_<name>`, one
 * line in registry.c, and a finite-difference case in tests/test_gradcheck.c
 * (the test fails for any registered op without one). */
#ifndef GNN_AUTOGRAD_H
#define GNN_AUTOGRAD_H

#include "../core/internal.h"
#include <gnn/tensor.h>

#define GNN_TENSOR_MAGIC 0x676e6e74u /* "gnnt" */
#define GNN_MAX_SRC 4

typedef struct gnn_op_def gnn_op_def_t;

struct gnn_tensor {
    uint32_t magic;
    int ndim;
    int64_t ne[GNN_MAX_DIMS];
    int64_t numel;
    float *data;
    float *grad;            /* NULL until backward reaches it (params: always allocated) */
    uint8_t requires_grad;
    uint8_t is_param;
    const gnn_op_def_t *op; /* NULL for leaves */
    gnn_tensor_t *src[GNN_MAX_SRC];
    int64_t ip[8];          /* integer op parameters */
    float fp[4];            /* float op parameters */
    void *saved;            /* op-specific state in the arena */
    void *saved2;
    const void *aux;        /* borrowed op-specific pointer (graph, aggregator) */
    gnn_tape_t *tape;       /* NULL for params */
};

struct gnn_op_def {
    const char *name;
    int arity;              /* tensor inputs; -1 = variable (src[] holds them) */
    /* accumulate d loss / d src into src[i]->grad for every src that
     * requires a gradient; out->grad is complete when this runs */
    gnn_status_t (*backward)(gnn_tape_t *tp, gnn_tensor_t *out);
};

typedef struct arena_chunk {
    char *mem;
    size_t size, used;
} arena_chunk_t;

struct gnn_tape {
    gnn_ctx_t *ctx;
    arena_chunk_t *chunk;
    int nchunks, cur;
    int64_t allocs;         /* chunk allocations ever made */
    gnn_tensor_t **node;    /* tensors recorded for backward, in creation order */
    int64_t nnodes, capnodes;
    int training, grad_enabled, backward_done;
    int64_t step;
};

/* The registry of every op (registry.c), NULL-terminated. */
extern const gnn_op_def_t *const gnn_i_op_table[];

/* Arena memory for this step, 64-byte aligned, uninitialised (NULL: out of
 * memory, with the error set on the tape's ctx). */
GNN_HIDDEN void *gnn_i_arena(gnn_tape_t *tp, size_t bytes);
GNN_HIDDEN void *gnn_i_arena_zero(gnn_tape_t *tp, size_t bytes);

/* A new op output of the given shape (data uninitialised) made from srcs;
 * recorded for backward when an input requires a gradient. */
GNN_HIDDEN gnn_status_t gnn_i_op_new(gnn_tape_t *tp, const gnn_op_def_t *op, int ndim,
                                     const int64_t *shape, int nsrc, gnn_tensor_t *const *src,
                                     gnn_tensor_t **out);
/* The gradient buffer of t, zero-filled on first use (NULL: out of memory). */
GNN_HIDDEN float *gnn_i_grad(gnn_tape_t *tp, gnn_tensor_t *t);
/* Backward from t with a given seed gradient (t->numel floats) instead of
 * a scalar loss; for gradient checks. */
GNN_HIDDEN gnn_status_t gnn_i_tape_backward_from(gnn_tape_t *tp, gnn_tensor_t *t, const float *seed);
/* Check that t is a live tensor usable on tape tp (a param or one of tp's). */
GNN_HIDDEN gnn_status_t gnn_i_tensor_check(gnn_tape_t *tp, const gnn_tensor_t *t, const char *op,
                                           const char *arg);
static inline int64_t gnn_i_rows(const gnn_tensor_t *t) {
    return t->ndim == 1 ? 1 : t->ndim == 2 ? t->ne[0] : t->ne[0] * t->ne[1];
}
static inline int64_t gnn_i_cols(const gnn_tensor_t *t) {
    return t->ne[t->ndim - 1];
}
/* "[a, b, c]" into buf, for messages */
GNN_HIDDEN const char *gnn_i_shape_str(const gnn_tensor_t *t, char *buf, size_t size);

/* Deterministic sums: fixed chunks, partial sums in double, combined in
 * chunk order (independent of the thread count). */
GNN_HIDDEN double gnn_i_sum_f(gnn_tape_t *tp, const float *x, int64_t n);
/* sum of the float products a[i] b[i], summed as gnn_i_sum_f sums */
GNN_HIDDEN double gnn_i_dot_f(gnn_tape_t *tp, const float *a, const float *b, int64_t n);
/* out[c] += sum over rows r of x[r, c] (rows x cols), deterministic.
 * Scratch comes from the tape's arena. */
GNN_HIDDEN void gnn_i_colsum_add(gnn_tape_t *tp, const float *x, int64_t rows, int64_t cols, float *out);

/* C = alpha op(A) op(B) + beta C, row-major, sgemm cut into fixed row
 * slabs (bitwise identical for any thread count; op_matmul.c). */
GNN_HIDDEN void gnn_i_gemm(gnn_ctx_t *ctx, int ta, int tb, int64_t M, int64_t N, int64_t K, float alpha, const float *A,
                           int lda, const float *B, int ldb, float beta, float *C, int ldc);
/* products with a thin side, read in place (gemm_thin.c): C = alpha A B +
 * beta C, any N (gnn_i_gemm takes it for N <= 64 or K <= 64; a row's
 * result does not depend on the row count); C = A^T B + beta C with
 * N % 16 == 0, N <= 64 */
GNN_HIDDEN void gnn_i_thin_nn(int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t lda,
                              const float *B, int64_t ldb, float beta, float *C, int64_t ldc);
GNN_HIDDEN void gnn_i_thin_tn(int64_t M, int64_t N, int64_t K, const float *A, int64_t lda, const float *B,
                              int64_t ldb, float beta, float *C, int64_t ldc);
/* the same, and a long inner dimension with a small output (a weight
 * gradient) is cut into fixed chunks summed in order (scratch from the
 * tape's arena; GNN_ENOMEM without it) */
GNN_HIDDEN gnn_status_t gnn_i_gemm_tp(gnn_tape_t *tp, int ta, int tb, int64_t M, int64_t N, int64_t K, float alpha,
                                      const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);

/* exp(x) for float, vectorisable (no libm call; the clamps if-convert
 * because the library builds with -fno-trapping-math): x = n ln2 + r with a
 * two-part ln2 (Cody-Waite), e^r by its degree-7 Taylor polynomial on
 * |r| <= ln2/2, times 2^n; relative error below 2e-7 on [-87, 88] (inputs
 * are clamped there).  The fused recurrent kernels use it in `omp simd`
 * loops. */
static inline float gnn_i_expf(float x) {
    x = x > 88.0f ? 88.0f : x;
    x = x < -87.0f ? -87.0f : x;
    /* round to nearest by the 1.5 * 2^23 shift (no floor call, vectorises on SSE2) */
    const float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    const float r = (x - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
    float p = 1.9841270e-4f;
    p = p * r + 1.3888889e-3f;
    p = p * r + 8.3333333e-3f;
    p = p * r + 4.1666667e-2f;
    p = p * r + 1.6666667e-1f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t bits;
    __builtin_memcpy(&bits, &p, sizeof bits);
    bits += (int32_t)n * (1 << 23); /* n in [-126, 127]: no overflow (a shift of a negative is undefined) */
    __builtin_memcpy(&p, &bits, sizeof p);
    return p;
}
static inline float gnn_i_sigmoidf(float x) { return 1.0f / (1.0f + gnn_i_expf(-x)); }
static inline float gnn_i_tanhf(float x) { return 2.0f / (1.0f + gnn_i_expf(-2.0f * x)) - 1.0f; }

/* BLAS integer conversion: matrices beyond the BLAS integer range are refused. */
GNN_HIDDEN int gnn_i_blas_fits(int64_t a, int64_t b, int64_t c);

#define GNN_OP_BEGIN(tp, opname)                                                                \
    gnn_status_t status = GNN_SUCCESS;                                                          \
    if ((tp) == NULL) return GNN_EINVAL;                                                        \
    if (out == NULL) return gnn_i_error((tp)->ctx, GNN_EINVAL, opname ": out is NULL");         \
    *out = NULL

#endif
