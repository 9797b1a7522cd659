/* gnn/ctx.h: the context that owns threads, seed, allocator, log, progress,
 * interrupt hook and the last error message.  One context per thread of the
 * caller; separate contexts may be used in parallel. */
#ifndef GNN_CTX_H
#define GNN_CTX_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void *(*gnn_malloc_fn)(void *ud, size_t size);
typedef void *(*gnn_realloc_fn)(void *ud, void *ptr, size_t size);
typedef void (*gnn_free_fn)(void *ud, void *ptr);
/* Log levels */
enum { GNN_LOG_ERROR = 0, GNN_LOG_WARN = 1, GNN_LOG_INFO = 2, GNN_LOG_DEBUG = 3 };
typedef void (*gnn_log_fn)(void *ud, int level, const char *msg);
/* Progress: stage name, work done and total (total <= 0 when unknown). */
typedef void (*gnn_progress_fn)(void *ud, const char *stage, double done, double total);
/* Return nonzero to stop a long computation with GNN_EINTERRUPTED. */
typedef int (*gnn_interrupt_fn)(void *ud);

GNN_API gnn_status_t gnn_ctx_create(gnn_ctx_t **out);
GNN_API void gnn_ctx_destroy(gnn_ctx_t **ctx);

/* Threads used by OpenMP kernels; 0 = all available cores (default). */
GNN_API gnn_status_t gnn_ctx_set_threads(gnn_ctx_t *ctx, int64_t threads);
GNN_API int64_t gnn_ctx_threads(const gnn_ctx_t *ctx);
/* Seed from which every random stream derives (default 0). */
GNN_API gnn_status_t gnn_ctx_set_seed(gnn_ctx_t *ctx, uint64_t seed);
GNN_API uint64_t gnn_ctx_seed(const gnn_ctx_t *ctx);

/* Hooks; NULL removes.  They are called from the thread that called the
 * library, never from inside an OpenMP region. */
GNN_API gnn_status_t gnn_ctx_set_log(gnn_ctx_t *ctx, gnn_log_fn fn, void *ud, int max_level);
GNN_API gnn_status_t gnn_ctx_set_progress(gnn_ctx_t *ctx, gnn_progress_fn fn, void *ud);
GNN_API gnn_status_t gnn_ctx_set_interrupt(gnn_ctx_t *ctx, gnn_interrupt_fn fn, void *ud);
/* Allocator used for every allocation the library makes itself (not those
 * made inside igraph, METIS, CXSparse or OpenBLAS).  All three or none. */
GNN_API gnn_status_t gnn_ctx_set_allocator(gnn_ctx_t *ctx, gnn_malloc_fn m, gnn_realloc_fn r,
                                           gnn_free_fn f, void *ud);

/* The message of the last error on this context ("" if none).  It names the
 * file, line and value where there is one.  Valid until the next call. */
GNN_API const char *gnn_ctx_errmsg(const gnn_ctx_t *ctx);
GNN_API gnn_status_t gnn_ctx_errcode(const gnn_ctx_t *ctx);
GNN_API void gnn_ctx_clear_error(gnn_ctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
