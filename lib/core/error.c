/* error.c: status strings, the per-context error message, logging hooks. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *gnn_version(void) {
    return PACKAGE_VERSION;
}

const char *gnn_strerror(gnn_status_t status) {
    switch (status) {
    case GNN_SUCCESS: return "success";
    case GNN_ENOMEM: return "out of memory";
    case GNN_EINVAL: return "invalid argument";
    case GNN_EIO: return "input/output error";
    case GNN_EPARSE: return "malformed input";
    case GNN_ERANGE: return "value out of range";
    case GNN_EEMPTY: return "empty input";
    case GNN_EDUPLICATE: return "duplicate entry";
    case GNN_ENOTFOUND: return "not found";
    case GNN_EFORMAT: return "bad file format";
    case GNN_EINTERRUPTED: return "interrupted";
    case GNN_ENUMERIC: return "numerical failure";
    case GNN_EDEPENDENCY: return "a dependency library failed";
    case GNN_EUNSUPPORTED: return "unsupported operation";
    case GNN_ESELFLOOP: return "self-loop not allowed";
    default: return status > 0 ? "information" : "unknown error";
    }
}

gnn_status_t gnn_i_error(gnn_ctx_t *ctx, gnn_status_t code, const char *fmt, ...) {
    if (ctx == NULL) return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
    va_end(ap);
    ctx->errcode = code;
    if (ctx->log_fn != NULL && ctx->log_level >= GNN_LOG_DEBUG)
        ctx->log_fn(ctx->log_ud, GNN_LOG_DEBUG, ctx->errmsg);
    return code;
}

gnn_status_t gnn_i_nomem(gnn_ctx_t *ctx, const char *what) {
    return gnn_i_error(ctx, GNN_ENOMEM, "out of memory allocating %s", what);
}

void gnn_i_log(gnn_ctx_t *ctx, int level, const char *fmt, ...) {
    if (ctx == NULL || ctx->log_fn == NULL || level > ctx->log_level) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->log_fn(ctx->log_ud, level, buf);
}

void gnn_i_progress(gnn_ctx_t *ctx, const char *stage, double done, double total) {
    if (ctx != NULL && ctx->progress_fn != NULL) ctx->progress_fn(ctx->progress_ud, stage, done, total);
}

gnn_status_t gnn_i_poll(gnn_ctx_t *ctx) {
    if (ctx != NULL && ctx->interrupt_fn != NULL && ctx->interrupt_fn(ctx->interrupt_ud))
        return gnn_i_error(ctx, GNN_EINTERRUPTED, "interrupted by the caller");
    return GNN_SUCCESS;
}

const char *gnn_ctx_errmsg(const gnn_ctx_t *ctx) {
    return ctx == NULL ? "no context" : ctx->errmsg;
}

gnn_status_t gnn_ctx_errcode(const gnn_ctx_t *ctx) {
    return ctx == NULL ? GNN_EINVAL : ctx->errcode;
}

void gnn_ctx_clear_error(gnn_ctx_t *ctx) {
    if (ctx == NULL) return;
    ctx->errcode = GNN_SUCCESS;
    ctx->errmsg[0] = '\0';
}
