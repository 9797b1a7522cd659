/* op_dropout.c: inverted dropout.  The mask of row i comes from its own
 * stream (ctx seed, hash(stream, tape step), i): one xoshiro draw gives the
 * coins of two elements (32 bits each), so the mask depends only on the
 * seed, the step, the stream and the shape, never on the thread count.  It
 * is kept as one byte per element for the backward pass. */
#include "autograd.h"

#include <string.h>

#define PAR_CHUNK 32768

static gnn_status_t dropout_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *A = out->src[0];
    if (!A->requires_grad) return GNN_SUCCESS;
    float *restrict da = gnn_i_grad(tp, A);
    if (da == NULL) return GNN_ENOMEM;
    const float scale = out->fp[1];
    const uint8_t *restrict keep = out->saved;
    const float *restrict g = out->grad;
    const int64_t n = out->numel;
    if (keep == NULL) {
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, n, PAR_CHUNK))
        for (int64_t i = 0; i < n; i++) da[i] += g[i];
    } else {
        /* the product is formed for every element and then selected, so the
         * loop is branch-free (a mask bit is a coin toss: a branch on it
         * mispredicts half the time) */
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, n, PAR_CHUNK))
        for (int64_t i = 0; i < n; i++) {
            const float v = g[i] * scale;
            da[i] += keep[i] ? v : 0.0f;
        }
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_dropout = {"dropout", 1, dropout_backward};

gnn_status_t gnn_dropout(gnn_tape_t *tp, gnn_tensor_t *a, float p, uint64_t stream, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_dropout");
    GNN_CHECK(gnn_i_tensor_check(tp, a, "gnn_dropout", "a"));
    GNN_ARG_CHECK(tp->ctx, p >= 0 && p < 1, "gnn_dropout: p must be in [0, 1), got %g", p);
    GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_dropout, a->ndim, a->ne, 1, &a, out));
    {
        gnn_tensor_t *o = *out;
        const int active = tp->training && p > 0;
        const float scale = 1.0f / (1.0f - p);
        const int64_t n = a->numel, rows = gnn_i_rows(a), cols = gnn_i_cols(a);
        const float *restrict x = a->data;
        float *restrict y = o->data;
        o->fp[0] = p;
        o->fp[1] = scale;
        if (!active) {
            memcpy(y, x, sizeof(float) * (size_t)n);
            o->saved = NULL;
            goto fail;
        }
        uint8_t *keep = gnn_i_arena(tp, (size_t)n);
        if (keep == NULL) {
            status = GNN_ENOMEM;
            goto fail;
        }
        o->saved = keep;
        const uint64_t seed = gnn_ctx_seed(tp->ctx);
        const uint64_t st = gnn_rng_hash(stream, (uint64_t)tp->step, 0x64726f70ull /* "drop" */);
        const uint32_t thr = (uint32_t)((double)p * 4294967296.0 > 4294967295.0 ? 4294967295.0 : (double)p * 4294967296.0);
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, n, PAR_CHUNK))
        for (int64_t i = 0; i < rows; i++) {
            gnn_rng_t r;
            gnn_rng_init(&r, seed, st, (uint64_t)i);
            uint8_t *restrict k = keep + i * cols;
            for (int64_t j = 0; j < cols; j += 2) {
                const uint64_t u = gnn_rng_u64(&r);
                k[j] = (uint32_t)u >= thr;
                if (j + 1 < cols) k[j + 1] = (uint32_t)(u >> 32) >= thr;
            }
            const float *restrict xr = x + i * cols;
            float *restrict yr = y + i * cols;
            for (int64_t j = 0; j < cols; j++) {
                const float v = xr[j] * scale;
                yr[j] = k[j] ? v : 0.0f;
            }
        }
    }
fail:
    return status;
}
