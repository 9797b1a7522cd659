/* gnn/optim.h: optimizers, learning-rate schedules, gradient clipping,
 * early stopping and checkpoints. */
#ifndef GNN_OPTIM_H
#define GNN_OPTIM_H

#include <gnn/tensor.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gnn_optim gnn_optim_t;

/* name: "sgd" (momentum, nesterov 0|1, L2 weight decay added to the
 * gradient), "adam" (L2 weight decay added to the gradient, as
 * torch.optim.Adam), "adamw" (decoupled weight decay).  Options (group
 * "optim"): lr, momentum, beta1, beta2, eps, weight-decay, clip-norm (0 =
 * off: global L2 norm over all gradients), schedule none|step|cosine,
 * step-size, gamma (step), total-steps and min-lr (cosine), warmup. */
GNN_API gnn_status_t gnn_optim_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *name,
                                      const gnn_opts_t *opts, gnn_optim_t **out);
GNN_API void gnn_optim_destroy(gnn_optim_t **opt);
/* Clip (if set), apply one update from the current gradients, advance the
 * schedule.  *grad_norm (may be NULL) gets the norm before clipping. */
GNN_API gnn_status_t gnn_optim_step(gnn_optim_t *opt, double *grad_norm);
GNN_API void gnn_optim_zero_grad(gnn_optim_t *opt);
GNN_API double gnn_optim_lr(const gnn_optim_t *opt);
GNN_API void gnn_optim_set_lr(gnn_optim_t *opt, double lr);
GNN_API int64_t gnn_optim_steps(const gnn_optim_t *opt);

/* Early stopping on a validation metric. */
typedef struct gnn_early_stop gnn_early_stop_t;
/* mode 1: larger is better, 0: smaller is better; patience in epochs;
 * min_delta: the improvement that counts. */
GNN_API gnn_status_t gnn_early_stop_create(gnn_ctx_t *ctx, int larger_is_better, int64_t patience,
                                           double min_delta, gnn_early_stop_t **out);
GNN_API void gnn_early_stop_destroy(gnn_early_stop_t **es);
/* Record an epoch's metric; returns 1 if it is the best so far (save the
 * model then), 0 otherwise. */
GNN_API int gnn_early_stop_update(gnn_early_stop_t *es, int64_t epoch, double metric);
GNN_API int gnn_early_stop_should_stop(const gnn_early_stop_t *es);
GNN_API double gnn_early_stop_best(const gnn_early_stop_t *es);
GNN_API int64_t gnn_early_stop_best_epoch(const gnn_early_stop_t *es);

/* ---- checkpoints: a versioned little-endian binary file with a CRC-32,
 * written atomically.  It holds the model name, its configuration (the
 * options as text), every parameter (name, shape, float32 data) and, if
 * opt is given, the optimizer's state.  Loading checks magic, version,
 * length and checksum, and that every parameter of ps is present with the
 * same shape; a truncated, corrupted or wrong-version file is refused with
 * GNN_EFORMAT and a message. ---- */
GNN_API gnn_status_t gnn_checkpoint_save(gnn_ctx_t *ctx, const char *path, const char *model,
                                         const gnn_opts_t *config, const gnn_params_t *ps,
                                         const gnn_optim_t *opt);
/* Read the header: model name (copied into model_buf) and configuration
 * (a new options object, *config, the caller destroys).  Either may be NULL. */
GNN_API gnn_status_t gnn_checkpoint_info(gnn_ctx_t *ctx, const char *path, char *model_buf,
                                         size_t model_size, gnn_opts_t **config);
/* Load parameters into ps (names and shapes must match) and, when opt is not
 * NULL and the file has optimizer state, the optimizer state. */
GNN_API gnn_status_t gnn_checkpoint_load(gnn_ctx_t *ctx, const char *path, gnn_params_t *ps,
                                         gnn_optim_t *opt);

#ifdef __cplusplus
}
#endif
#endif
