/* ctx.c: contexts and the allocator wrappers. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static void *default_malloc(void *ud, size_t size) {
    (void)ud;
    return malloc(size);
}
static void *default_realloc(void *ud, void *p, size_t size) {
    (void)ud;
    return realloc(p, size);
}
static void default_free(void *ud, void *p) {
    (void)ud;
    free(p);
}

gnn_status_t gnn_ctx_create(gnn_ctx_t **out) {
    if (out == NULL) return GNN_EINVAL;
    *out = NULL;
    gnn_ctx_t *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL) return GNN_ENOMEM;
    ctx->magic = GNN_CTX_MAGIC;
    ctx->alloc.malloc_fn = default_malloc;
    ctx->alloc.realloc_fn = default_realloc;
    ctx->alloc.free_fn = default_free;
    ctx->log_level = GNN_LOG_INFO;
    *out = ctx;
    return GNN_SUCCESS;
}

void gnn_ctx_destroy(gnn_ctx_t **pctx) {
    if (pctx == NULL || *pctx == NULL) return;
    (*pctx)->magic = 0;
    free(*pctx);
    *pctx = NULL;
}

gnn_status_t gnn_ctx_set_threads(gnn_ctx_t *ctx, int64_t threads) {
    if (ctx == NULL) return GNN_EINVAL;
    if (threads < 0 || threads > 4096)
        return gnn_i_error(ctx, GNN_EINVAL, "threads must be in 0..4096 (0 = all cores), got %lld",
                           (long long)threads);
    ctx->threads = threads;
    return GNN_SUCCESS;
}

int64_t gnn_ctx_threads(const gnn_ctx_t *ctx) {
    if (ctx != NULL && ctx->threads > 0) return ctx->threads;
#ifdef _OPENMP
    return omp_get_num_procs();
#else
    return 1;
#endif
}

gnn_status_t gnn_ctx_set_seed(gnn_ctx_t *ctx, uint64_t seed) {
    if (ctx == NULL) return GNN_EINVAL;
    ctx->seed = seed;
    return GNN_SUCCESS;
}

uint64_t gnn_ctx_seed(const gnn_ctx_t *ctx) {
    return ctx == NULL ? 0 : ctx->seed;
}

gnn_status_t gnn_ctx_set_log(gnn_ctx_t *ctx, gnn_log_fn fn, void *ud, int max_level) {
    if (ctx == NULL) return GNN_EINVAL;
    ctx->log_fn = fn;
    ctx->log_ud = ud;
    ctx->log_level = max_level;
    return GNN_SUCCESS;
}

gnn_status_t gnn_ctx_set_progress(gnn_ctx_t *ctx, gnn_progress_fn fn, void *ud) {
    if (ctx == NULL) return GNN_EINVAL;
    ctx->progress_fn = fn;
    ctx->progress_ud = ud;
    return GNN_SUCCESS;
}

gnn_status_t gnn_ctx_set_interrupt(gnn_ctx_t *ctx, gnn_interrupt_fn fn, void *ud) {
    if (ctx == NULL) return GNN_EINVAL;
    ctx->interrupt_fn = fn;
    ctx->interrupt_ud = ud;
    return GNN_SUCCESS;
}

gnn_status_t gnn_ctx_set_allocator(gnn_ctx_t *ctx, gnn_malloc_fn m, gnn_realloc_fn r,
                                   gnn_free_fn f, void *ud) {
    if (ctx == NULL) return GNN_EINVAL;
    if (m == NULL && r == NULL && f == NULL) {
        ctx->alloc.malloc_fn = default_malloc;
        ctx->alloc.realloc_fn = default_realloc;
        ctx->alloc.free_fn = default_free;
        ctx->alloc.ud = NULL;
        return GNN_SUCCESS;
    }
    if (m == NULL || r == NULL || f == NULL)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_ctx_set_allocator: give all three functions or none");
    ctx->alloc.malloc_fn = m;
    ctx->alloc.realloc_fn = r;
    ctx->alloc.free_fn = f;
    ctx->alloc.ud = ud;
    return GNN_SUCCESS;
}

int gnn_i_threads(const gnn_ctx_t *ctx, int64_t work, int64_t chunk) {
    int64_t t = gnn_ctx_threads(ctx);
    if (chunk < 1) chunk = 1;
    int64_t by_work = work / chunk;
    if (by_work < 1) by_work = 1;
    if (t > by_work) t = by_work;
    return (int)t;
}

/* ---- allocation ---- */
void *gnn_i_malloc(gnn_ctx_t *ctx, size_t size) {
    if (size == 0) size = 1;
    return ctx->alloc.malloc_fn(ctx->alloc.ud, size);
}

void *gnn_i_malloc_n(gnn_ctx_t *ctx, size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    return gnn_i_malloc(ctx, count * size);
}

void *gnn_i_calloc(gnn_ctx_t *ctx, size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    void *p = gnn_i_malloc(ctx, count * size);
    if (p != NULL) memset(p, 0, count * size);
    return p;
}

void *gnn_i_realloc(gnn_ctx_t *ctx, void *p, size_t size) {
    if (size == 0) size = 1;
    return ctx->alloc.realloc_fn(ctx->alloc.ud, p, size);
}

void *gnn_i_realloc_n(gnn_ctx_t *ctx, void *p, size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    return gnn_i_realloc(ctx, p, count * size);
}

void gnn_i_free(gnn_ctx_t *ctx, void *p) {
    if (p != NULL) ctx->alloc.free_fn(ctx->alloc.ud, p);
}

void *gnn_i_alloc_malloc(const gnn_i_alloc_t *a, size_t size) {
    return a->malloc_fn(a->ud, size == 0 ? 1 : size);
}

void gnn_i_alloc_free(const gnn_i_alloc_t *a, void *p) {
    if (p != NULL) a->free_fn(a->ud, p);
}

char *gnn_i_strdup(gnn_ctx_t *ctx, const char *s) {
    size_t len = strlen(s);
    char *d = gnn_i_malloc(ctx, len + 1);
    if (d != NULL) memcpy(d, s, len + 1);
    return d;
}
