/* gnn/tensor.h: dense float tensors, parameters and the tape.
 *
 * A tensor is row-major float data of 1, 2 or 3 dimensions.  Two kinds:
 *  - parameters live in a gnn_params_t (named, persistent, with a gradient
 *    buffer), created with gnn_params_add;
 *  - activations live on a gnn_tape_t: carved from the tape's arena and
 *    recorded with the op that made them, so gnn_tape_backward can run the
 *    ops' backward functions in reverse.  gnn_tape_reset forgets them and
 *    keeps the arena, so a training step that repeats the same shapes
 *    allocates nothing after the first step.
 * Tensors are owned by their params set or tape; never free them. */
#ifndef GNN_TENSOR_H
#define GNN_TENSOR_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gnn_tensor gnn_tensor_t;
typedef struct gnn_tape gnn_tape_t;
typedef struct gnn_params gnn_params_t;

#define GNN_MAX_DIMS 3

/* ---- parameters ---- */
GNN_API gnn_status_t gnn_params_create(gnn_ctx_t *ctx, gnn_params_t **out);
GNN_API void gnn_params_destroy(gnn_params_t **ps);
/* A new zero-filled parameter; name must be unique in ps. */
GNN_API gnn_status_t gnn_params_add(gnn_params_t *ps, const char *name, int ndim,
                                    const int64_t *shape, gnn_tensor_t **out);
GNN_API int64_t gnn_params_count(const gnn_params_t *ps);
GNN_API gnn_tensor_t *gnn_params_get(const gnn_params_t *ps, int64_t i);
GNN_API const char *gnn_params_name(const gnn_params_t *ps, int64_t i);
/* NULL if absent */
GNN_API gnn_tensor_t *gnn_params_find(const gnn_params_t *ps, const char *name);
/* Total number of floats. */
GNN_API int64_t gnn_params_numel(const gnn_params_t *ps);
GNN_API void gnn_params_zero_grad(gnn_params_t *ps);
/* Freeze (0) or unfreeze (1) a parameter: a frozen one gets no gradient. */
GNN_API void gnn_tensor_set_requires_grad(gnn_tensor_t *t, int on);

/* Initialisers; random ones draw from the stream (ctx seed, stream, tensor
 * index) so they do not depend on the thread count. */
GNN_API gnn_status_t gnn_tensor_fill(gnn_tensor_t *t, float value);
GNN_API gnn_status_t gnn_tensor_init_uniform(gnn_ctx_t *ctx, gnn_tensor_t *t, float lo, float hi,
                                             uint64_t stream);
GNN_API gnn_status_t gnn_tensor_init_normal(gnn_ctx_t *ctx, gnn_tensor_t *t, float mean, float std,
                                            uint64_t stream);
/* Glorot/Xavier uniform for a [fan_in, fan_out] matrix: U(-a, a), a = sqrt(6/(in+out)). */
GNN_API gnn_status_t gnn_tensor_init_glorot(gnn_ctx_t *ctx, gnn_tensor_t *t, uint64_t stream);

/* ---- the tape ---- */
GNN_API gnn_status_t gnn_tape_create(gnn_ctx_t *ctx, gnn_tape_t **out);
GNN_API void gnn_tape_destroy(gnn_tape_t **tp);
/* Forget every activation; keep the arena.  Also advances the step counter
 * that seeds dropout. */
GNN_API void gnn_tape_reset(gnn_tape_t *tp);
/* Training mode (dropout active, batch norm uses batch statistics): 1, or
 * evaluation: 0 (default 1). */
GNN_API void gnn_tape_set_training(gnn_tape_t *tp, int training);
GNN_API int gnn_tape_training(const gnn_tape_t *tp);
/* Step counter (number of resets), used in random streams. */
GNN_API int64_t gnn_tape_step(const gnn_tape_t *tp);
GNN_API void gnn_tape_set_step(gnn_tape_t *tp, int64_t step);
/* Record no ops (inference): tensors are still made, but not linked for
 * backward and their inputs' saved state is not kept. */
GNN_API void gnn_tape_set_grad_enabled(gnn_tape_t *tp, int enabled);
/* Reverse-mode differentiation from a scalar (1-element) tensor: adds
 * d loss / d p into the gradient of every parameter p that requires one. */
GNN_API gnn_status_t gnn_tape_backward(gnn_tape_t *tp, gnn_tensor_t *loss);
/* Arena statistics: bytes reserved, and chunk allocations made so far. */
GNN_API int64_t gnn_tape_arena_bytes(const gnn_tape_t *tp);
GNN_API int64_t gnn_tape_arena_allocs(const gnn_tape_t *tp);
/* The context a tape was made with. */
GNN_API gnn_ctx_t *gnn_tape_ctx(const gnn_tape_t *tp);

/* ---- tensors on a tape ---- */
/* A zero-filled constant (no gradient). */
GNN_API gnn_status_t gnn_tensor_zeros(gnn_tape_t *tp, int ndim, const int64_t *shape,
                                      gnn_tensor_t **out);
/* A constant holding a copy of data. */
GNN_API gnn_status_t gnn_tensor_from_data(gnn_tape_t *tp, int ndim, const int64_t *shape,
                                          const float *data, gnn_tensor_t **out);
/* A leaf on the tape that collects a gradient (e.g. to differentiate with
 * respect to an input). */
GNN_API gnn_status_t gnn_tensor_variable(gnn_tape_t *tp, int ndim, const int64_t *shape,
                                         const float *data, gnn_tensor_t **out);

/* ---- accessors ---- */
GNN_API int gnn_tensor_ndim(const gnn_tensor_t *t);
GNN_API int64_t gnn_tensor_dim(const gnn_tensor_t *t, int axis);
GNN_API int64_t gnn_tensor_numel(const gnn_tensor_t *t);
/* Rows and columns of a 2-D view: a 1-D tensor of n is 1 x n; 3-D [a,b,c] is (a*b) x c. */
GNN_API int64_t gnn_tensor_rows(const gnn_tensor_t *t);
GNN_API int64_t gnn_tensor_cols(const gnn_tensor_t *t);
GNN_API float *gnn_tensor_data(gnn_tensor_t *t);
/* NULL when no gradient has been computed. */
GNN_API float *gnn_tensor_grad(gnn_tensor_t *t);
GNN_API int gnn_tensor_requires_grad(const gnn_tensor_t *t);
/* Name of the op that made t ("param", "input", "matmul", ...). */
GNN_API const char *gnn_tensor_op_name(const gnn_tensor_t *t);
/* The scalar of a 1-element tensor. */
GNN_API float gnn_tensor_item(const gnn_tensor_t *t);

/* ---- sparse constant matrices (e.g. bag-of-words node features) ---- */
typedef struct gnn_sparse gnn_sparse_t;
/* From a dense rows x cols array: the nonzeros are kept, in row order. */
GNN_API gnn_status_t gnn_sparse_from_dense(gnn_ctx_t *ctx, int64_t rows, int64_t cols, const float *x,
                                           gnn_sparse_t **out);
GNN_API void gnn_sparse_destroy(gnn_sparse_t **s);
GNN_API int64_t gnn_sparse_rows(const gnn_sparse_t *s);
GNN_API int64_t gnn_sparse_cols(const gnn_sparse_t *s);
GNN_API int64_t gnn_sparse_nnz(const gnn_sparse_t *s);
/* Divide every row by its sum (rows summing to 0 are left alone). */
GNN_API void gnn_sparse_normalize_rows(gnn_sparse_t *s);
/* out = X W for a sparse constant X [r, k] and a tensor W [k, c]; the
 * gradient flows to W only (dW = X^T dOut, pulled per column of X). */
GNN_API gnn_status_t gnn_sparse_matmul(gnn_tape_t *tp, const gnn_sparse_t *x, gnn_tensor_t *w,
                                       gnn_tensor_t **out);

#ifdef __cplusplus
}
#endif
#endif
