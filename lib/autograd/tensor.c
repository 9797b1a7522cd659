/* tensor.c: parameters, the tape and its arena, the backward driver. */
#include "autograd.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ALIGN 64
#define MIN_CHUNK (1u << 20)

/* ---------------------------------------------------------------- params */

struct gnn_params {
    gnn_ctx_t *ctx;
    gnn_i_alloc_t alloc;
    int64_t count, cap;
    gnn_tensor_t **t;
    char **name;
};

gnn_status_t gnn_params_create(gnn_ctx_t *ctx, gnn_params_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_params_t *ps = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_params_create: out is NULL");
    *out = NULL;
    GNN_CALLOC(ctx, ps, 1);
    ps->ctx = ctx;
    ps->alloc = ctx->alloc;
    *out = ps;
fail:
    return status;
}

static void tensor_free_a(const gnn_i_alloc_t *a, gnn_tensor_t *t) {
    if (t == NULL) return;
    t->magic = 0;
    gnn_i_alloc_free(a, t->data);
    gnn_i_alloc_free(a, t->grad);
    gnn_i_alloc_free(a, t);
}

void gnn_params_destroy(gnn_params_t **pps) {
    if (pps == NULL || *pps == NULL) return;
    gnn_params_t *ps = *pps;
    const gnn_i_alloc_t a = ps->alloc;
    for (int64_t i = 0; i < ps->count; i++) {
        tensor_free_a(&a, ps->t[i]);
        gnn_i_alloc_free(&a, ps->name[i]);
    }
    gnn_i_alloc_free(&a, ps->t);
    gnn_i_alloc_free(&a, ps->name);
    gnn_i_alloc_free(&a, ps);
    *pps = NULL;
}

static gnn_status_t check_shape(gnn_ctx_t *ctx, int ndim, const int64_t *shape, const char *fn, int64_t *numel) {
    if (ndim < 1 || ndim > GNN_MAX_DIMS || shape == NULL)
        return gnn_i_error(ctx, GNN_EINVAL, "%s: ndim must be 1..%d, got %d", fn, GNN_MAX_DIMS, ndim);
    int64_t n = 1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] < 0 || (shape[i] > 0 && n > INT64_MAX / 8 / shape[i]))
            return gnn_i_error(ctx, GNN_EINVAL, "%s: bad dimension %lld", fn, (long long)shape[i]);
        n *= shape[i];
    }
    *numel = n;
    return GNN_SUCCESS;
}

gnn_status_t gnn_params_add(gnn_params_t *ps, const char *name, int ndim, const int64_t *shape,
                            gnn_tensor_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_tensor_t *t = NULL;
    char *nm = NULL;
    if (ps == NULL) return GNN_EINVAL;
    gnn_ctx_t *ctx = ps->ctx;
    if (out) *out = NULL;
    int64_t numel = 0;
    GNN_ARG_CHECK(ctx, name != NULL && name[0] != '\0', "gnn_params_add: empty name");
    GNN_CHECK(check_shape(ctx, ndim, shape, "gnn_params_add", &numel));
    if (gnn_params_find(ps, name) != NULL) {
        status = gnn_i_error(ctx, GNN_EDUPLICATE, "gnn_params_add: parameter '%s' exists", name);
        goto fail;
    }
    if (ps->count == ps->cap) {
        int64_t nc = ps->cap ? ps->cap * 2 : 16;
        gnn_tensor_t **nt = gnn_i_realloc_n(ctx, ps->t, (size_t)nc, sizeof *nt);
        if (nt == NULL) {
            status = gnn_i_nomem(ctx, "parameter list");
            goto fail;
        }
        ps->t = nt;
        char **nn = gnn_i_realloc_n(ctx, ps->name, (size_t)nc, sizeof *nn);
        if (nn == NULL) {
            status = gnn_i_nomem(ctx, "parameter list");
            goto fail;
        }
        ps->name = nn;
        ps->cap = nc;
    }
    GNN_CALLOC(ctx, t, 1);
    t->magic = GNN_TENSOR_MAGIC;
    t->ndim = ndim;
    for (int i = 0; i < ndim; i++) t->ne[i] = shape[i];
    t->numel = numel;
    t->is_param = 1;
    t->requires_grad = 1;
    GNN_CALLOC(ctx, t->data, numel);
    GNN_CALLOC(ctx, t->grad, numel);
    nm = gnn_i_strdup(ctx, name);
    if (nm == NULL) {
        status = gnn_i_nomem(ctx, "parameter name");
        goto fail;
    }
    ps->t[ps->count] = t;
    ps->name[ps->count] = nm;
    ps->count++;
    if (out) *out = t;
    return GNN_SUCCESS;
fail:
    tensor_free_a(&ctx->alloc, t);
    gnn_i_free(ctx, nm);
    return status;
}

int64_t gnn_params_count(const gnn_params_t *ps) {
    return ps ? ps->count : 0;
}
gnn_tensor_t *gnn_params_get(const gnn_params_t *ps, int64_t i) {
    return (ps && i >= 0 && i < ps->count) ? ps->t[i] : NULL;
}
const char *gnn_params_name(const gnn_params_t *ps, int64_t i) {
    return (ps && i >= 0 && i < ps->count) ? ps->name[i] : NULL;
}
gnn_tensor_t *gnn_params_find(const gnn_params_t *ps, const char *name) {
    if (ps == NULL || name == NULL) return NULL;
    for (int64_t i = 0; i < ps->count; i++)
        if (strcmp(ps->name[i], name) == 0) return ps->t[i];
    return NULL;
}
int64_t gnn_params_numel(const gnn_params_t *ps) {
    int64_t n = 0;
    for (int64_t i = 0; ps && i < ps->count; i++) n += ps->t[i]->numel;
    return n;
}
void gnn_params_zero_grad(gnn_params_t *ps) {
    for (int64_t i = 0; ps && i < ps->count; i++) memset(ps->t[i]->grad, 0, sizeof(float) * (size_t)ps->t[i]->numel);
}
void gnn_tensor_set_requires_grad(gnn_tensor_t *t, int on) {
    if (t && t->magic == GNN_TENSOR_MAGIC && t->is_param) t->requires_grad = on != 0;
}

/* ---------------------------------------------------------------- initialisers */

gnn_status_t gnn_tensor_fill(gnn_tensor_t *t, float value) {
    if (t == NULL || t->magic != GNN_TENSOR_MAGIC) return GNN_EINVAL;
    for (int64_t i = 0; i < t->numel; i++) t->data[i] = value;
    return GNN_SUCCESS;
}

gnn_status_t gnn_tensor_init_uniform(gnn_ctx_t *ctx, gnn_tensor_t *t, float lo, float hi, uint64_t stream) {
    if (ctx == NULL) return GNN_EINVAL;
    if (t == NULL || t->magic != GNN_TENSOR_MAGIC) return gnn_i_error(ctx, GNN_EINVAL, "init: not a tensor");
    if (!(hi >= lo) || !isfinite(lo) || !isfinite(hi))
        return gnn_i_error(ctx, GNN_EINVAL, "init_uniform: need lo <= hi, got %g and %g", lo, hi);
    gnn_rng_t r;
    gnn_rng_init(&r, gnn_ctx_seed(ctx), 0x696e6974ull /* "init" */, stream);
    for (int64_t i = 0; i < t->numel; i++) t->data[i] = lo + (hi - lo) * (float)gnn_rng_uniform(&r);
    return GNN_SUCCESS;
}

gnn_status_t gnn_tensor_init_normal(gnn_ctx_t *ctx, gnn_tensor_t *t, float mean, float std, uint64_t stream) {
    if (ctx == NULL) return GNN_EINVAL;
    if (t == NULL || t->magic != GNN_TENSOR_MAGIC) return gnn_i_error(ctx, GNN_EINVAL, "init: not a tensor");
    if (!(std >= 0) || !isfinite(mean) || !isfinite(std))
        return gnn_i_error(ctx, GNN_EINVAL, "init_normal: need std >= 0, got %g", std);
    gnn_rng_t r;
    gnn_rng_init(&r, gnn_ctx_seed(ctx), 0x696e6974ull, stream);
    for (int64_t i = 0; i < t->numel; i++) t->data[i] = mean + std * (float)gnn_rng_normal(&r);
    return GNN_SUCCESS;
}

gnn_status_t gnn_tensor_init_glorot(gnn_ctx_t *ctx, gnn_tensor_t *t, uint64_t stream) {
    if (ctx == NULL) return GNN_EINVAL;
    if (t == NULL || t->magic != GNN_TENSOR_MAGIC) return gnn_i_error(ctx, GNN_EINVAL, "init: not a tensor");
    double fan_in = (double)gnn_i_rows(t), fan_out = (double)gnn_i_cols(t);
    float a = (float)sqrt(6.0 / (fan_in + fan_out));
    return gnn_tensor_init_uniform(ctx, t, -a, a, stream);
}

/* ---------------------------------------------------------------- tape and arena */

gnn_status_t gnn_tape_create(gnn_ctx_t *ctx, gnn_tape_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_tape_t *tp = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_tape_create: out is NULL");
    *out = NULL;
    GNN_CALLOC(ctx, tp, 1);
    tp->ctx = ctx;
    tp->training = 1;
    tp->grad_enabled = 1;
    *out = tp;
fail:
    return status;
}

void gnn_tape_destroy(gnn_tape_t **ptp) {
    if (ptp == NULL || *ptp == NULL) return;
    gnn_tape_t *tp = *ptp;
    gnn_ctx_t *ctx = tp->ctx;
    for (int i = 0; i < tp->nchunks; i++) gnn_i_free(ctx, tp->chunk[i].mem);
    gnn_i_free(ctx, tp->chunk);
    gnn_i_free(ctx, tp->node);
    gnn_i_free(ctx, tp);
    *ptp = NULL;
}

/* bytes from the start of a chunk's block to its first 64-byte boundary */
static size_t chunk_pad(const arena_chunk_t *c) {
    return (ALIGN - ((uintptr_t)c->mem & (ALIGN - 1))) & (ALIGN - 1);
}

void gnn_tape_reset(gnn_tape_t *tp) {
    if (tp == NULL) return;
    /* coalesce several chunks into one of 1.5 times what this step used, so
     * the next steps fit in a single chunk and allocate nothing even when
     * they vary in size (batches); the old chunks go first, so the peak is
     * the step's need, not twice it, and the headroom is never touched
     * unless a step needs it (the pages of a large block are mapped lazily) */
    if (tp->nchunks > 1) {
        size_t need = 0;
        for (int i = 0; i < tp->nchunks; i++) {
            need += tp->chunk[i].used > chunk_pad(&tp->chunk[i]) ? tp->chunk[i].used - chunk_pad(&tp->chunk[i]) : 0;
            gnn_i_free(tp->ctx, tp->chunk[i].mem);
        }
        tp->nchunks = 0;
        need += need / 2;
        if (need < MIN_CHUNK) need = MIN_CHUNK;
        char *mem = gnn_i_malloc(tp->ctx, need + ALIGN);
        if (mem != NULL) { /* else the next step grows the arena again */
            tp->chunk[0].mem = mem;
            tp->chunk[0].size = need + ALIGN;
            tp->nchunks = 1;
            tp->allocs++;
        }
    }
    for (int i = 0; i < tp->nchunks; i++) tp->chunk[i].used = chunk_pad(&tp->chunk[i]);
    tp->cur = 0;
    tp->nnodes = 0;
    tp->backward_done = 0;
    tp->step++;
}

void gnn_tape_set_training(gnn_tape_t *tp, int training) {
    if (tp) tp->training = training != 0;
}
int gnn_tape_training(const gnn_tape_t *tp) {
    return tp ? tp->training : 0;
}
int64_t gnn_tape_step(const gnn_tape_t *tp) {
    return tp ? tp->step : 0;
}
void gnn_tape_set_step(gnn_tape_t *tp, int64_t step) {
    if (tp) tp->step = step;
}
void gnn_tape_set_grad_enabled(gnn_tape_t *tp, int enabled) {
    if (tp) tp->grad_enabled = enabled != 0;
}
int64_t gnn_tape_arena_bytes(const gnn_tape_t *tp) {
    int64_t b = 0;
    for (int i = 0; tp && i < tp->nchunks; i++) b += (int64_t)tp->chunk[i].size;
    return b;
}
int64_t gnn_tape_arena_allocs(const gnn_tape_t *tp) {
    return tp ? tp->allocs : 0;
}
gnn_ctx_t *gnn_tape_ctx(const gnn_tape_t *tp) {
    return tp ? tp->ctx : NULL;
}

void *gnn_i_arena(gnn_tape_t *tp, size_t bytes) {
    bytes = (bytes + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (bytes == 0) bytes = ALIGN;
    while (tp->cur < tp->nchunks) {
        arena_chunk_t *c = &tp->chunk[tp->cur];
        if (c->size - c->used >= bytes) {
            void *p = c->mem + c->used;
            c->used += bytes;
            return p;
        }
        if (tp->cur + 1 == tp->nchunks) break;
        tp->cur++;
    }
    /* a new chunk: half of what the arena holds (the total grows by 1.5x, so
     * a first step makes O(log) chunks and leaves at most a third unused,
     * untouched), at least the request; the next reset coalesces them */
    size_t size = 0;
    for (int i = 0; i < tp->nchunks; i++) size += tp->chunk[i].size;
    size /= 2;
    if (size < MIN_CHUNK) size = MIN_CHUNK;
    if (size < bytes) size = bytes;
    arena_chunk_t *nc = gnn_i_realloc_n(tp->ctx, tp->chunk, (size_t)tp->nchunks + 1, sizeof *nc);
    if (nc == NULL) {
        gnn_i_nomem(tp->ctx, "tape arena");
        return NULL;
    }
    tp->chunk = nc;
    /* the malloc'ed block is aligned by over-allocating and rounding */
    char *mem = gnn_i_malloc(tp->ctx, size + ALIGN);
    if (mem == NULL) {
        gnn_i_nomem(tp->ctx, "tape arena");
        return NULL;
    }
    tp->allocs++;
    tp->chunk[tp->nchunks].mem = mem;
    tp->chunk[tp->nchunks].size = size + ALIGN;
    size_t pad = (ALIGN - ((uintptr_t)mem & (ALIGN - 1))) & (ALIGN - 1);
    tp->chunk[tp->nchunks].used = pad + bytes;
    tp->cur = tp->nchunks;
    tp->nchunks++;
    return mem + pad;
}

void *gnn_i_arena_zero(gnn_tape_t *tp, size_t bytes) {
    void *p = gnn_i_arena(tp, bytes);
    if (p) memset(p, 0, bytes);
    return p;
}

const char *gnn_i_shape_str(const gnn_tensor_t *t, char *buf, size_t size) {
    if (t->ndim == 1) snprintf(buf, size, "[%lld]", (long long)t->ne[0]);
    else if (t->ndim == 2) snprintf(buf, size, "[%lld, %lld]", (long long)t->ne[0], (long long)t->ne[1]);
    else snprintf(buf, size, "[%lld, %lld, %lld]", (long long)t->ne[0], (long long)t->ne[1], (long long)t->ne[2]);
    return buf;
}

gnn_status_t gnn_i_tensor_check(gnn_tape_t *tp, const gnn_tensor_t *t, const char *op, const char *arg) {
    if (t == NULL) return gnn_i_error(tp->ctx, GNN_EINVAL, "%s: %s is NULL", op, arg);
    if (t->magic != GNN_TENSOR_MAGIC) return gnn_i_error(tp->ctx, GNN_EINVAL, "%s: %s is not a live tensor", op, arg);
    if (!t->is_param && t->tape != tp)
        return gnn_i_error(tp->ctx, GNN_EINVAL, "%s: %s belongs to another tape", op, arg);
    return GNN_SUCCESS;
}

static gnn_status_t tensor_new(gnn_tape_t *tp, int ndim, const int64_t *shape, const char *fn, gnn_tensor_t **out) {
    int64_t numel = 0;
    gnn_status_t st = check_shape(tp->ctx, ndim, shape, fn, &numel);
    if (st < 0) return st;
    gnn_tensor_t *t = gnn_i_arena(tp, sizeof *t);
    if (t == NULL) return GNN_ENOMEM;
    memset(t, 0, sizeof *t);
    t->magic = GNN_TENSOR_MAGIC;
    t->ndim = ndim;
    for (int i = 0; i < ndim; i++) t->ne[i] = shape[i];
    t->numel = numel;
    t->tape = tp;
    t->data = gnn_i_arena(tp, sizeof(float) * (size_t)numel);
    if (t->data == NULL) return GNN_ENOMEM;
    *out = t;
    return GNN_SUCCESS;
}

static gnn_status_t record(gnn_tape_t *tp, gnn_tensor_t *t) {
    if (tp->nnodes == tp->capnodes) {
        int64_t nc = tp->capnodes ? tp->capnodes * 2 : 256;
        gnn_tensor_t **nn = gnn_i_realloc_n(tp->ctx, tp->node, (size_t)nc, sizeof *nn);
        if (nn == NULL) return gnn_i_nomem(tp->ctx, "tape record");
        tp->node = nn;
        tp->capnodes = nc;
    }
    tp->node[tp->nnodes++] = t;
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_op_new(gnn_tape_t *tp, const gnn_op_def_t *op, int ndim, const int64_t *shape, int nsrc,
                          gnn_tensor_t *const *src, gnn_tensor_t **out) {
    gnn_status_t st = tensor_new(tp, ndim, shape, op->name, out);
    if (st < 0) return st;
    gnn_tensor_t *t = *out;
    t->op = op;
    int rg = 0;
    for (int i = 0; i < nsrc; i++) {
        if (i < GNN_MAX_SRC) t->src[i] = src[i];
        if (src[i] != NULL && src[i]->requires_grad) rg = 1;
    }
    t->requires_grad = (uint8_t)(rg && tp->grad_enabled);
    if (t->requires_grad) {
        st = record(tp, t);
        if (st < 0) return st;
    }
    return GNN_SUCCESS;
}

float *gnn_i_grad(gnn_tape_t *tp, gnn_tensor_t *t) {
    if (t->grad == NULL) t->grad = gnn_i_arena_zero(tp, sizeof(float) * (size_t)t->numel);
    return t->grad;
}

gnn_status_t gnn_tensor_zeros(gnn_tape_t *tp, int ndim, const int64_t *shape, gnn_tensor_t **out) {
    if (tp == NULL || out == NULL) return GNN_EINVAL;
    *out = NULL;
    gnn_status_t st = tensor_new(tp, ndim, shape, "gnn_tensor_zeros", out);
    if (st < 0) return st;
    memset((*out)->data, 0, sizeof(float) * (size_t)(*out)->numel);
    return GNN_SUCCESS;
}

gnn_status_t gnn_tensor_from_data(gnn_tape_t *tp, int ndim, const int64_t *shape, const float *data,
                                  gnn_tensor_t **out) {
    if (tp == NULL || out == NULL) return GNN_EINVAL;
    *out = NULL;
    if (data == NULL) return gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_tensor_from_data: data is NULL");
    gnn_status_t st = tensor_new(tp, ndim, shape, "gnn_tensor_from_data", out);
    if (st < 0) return st;
    memcpy((*out)->data, data, sizeof(float) * (size_t)(*out)->numel);
    return GNN_SUCCESS;
}

gnn_status_t gnn_tensor_variable(gnn_tape_t *tp, int ndim, const int64_t *shape, const float *data,
                                 gnn_tensor_t **out) {
    gnn_status_t st = data ? gnn_tensor_from_data(tp, ndim, shape, data, out) : gnn_tensor_zeros(tp, ndim, shape, out);
    if (st < 0) return st;
    (*out)->requires_grad = 1;
    return GNN_SUCCESS;
}

/* ---------------------------------------------------------------- backward */

gnn_status_t gnn_tape_backward(gnn_tape_t *tp, gnn_tensor_t *loss) {
    if (tp == NULL) return GNN_EINVAL;
    gnn_ctx_t *ctx = tp->ctx;
    gnn_status_t st = gnn_i_tensor_check(tp, loss, "gnn_tape_backward", "loss");
    if (st < 0) return st;
    if (loss->numel != 1)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_tape_backward: the loss must have one element, it has %lld",
                           (long long)loss->numel);
    if (tp->backward_done)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_tape_backward: already run on this tape; gnn_tape_reset first");
    if (!loss->requires_grad)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_tape_backward: the loss does not depend on any parameter");
    if (!isfinite(loss->data[0]))
        return gnn_i_error(ctx, GNN_ENUMERIC, "gnn_tape_backward: the loss is %g", (double)loss->data[0]);
    tp->backward_done = 1;
    float *g = gnn_i_grad(tp, loss);
    if (g == NULL) return GNN_ENOMEM;
    g[0] += 1.0f;
    for (int64_t i = tp->nnodes - 1; i >= 0; i--) {
        gnn_tensor_t *t = tp->node[i];
        if (t->grad == NULL || t->op == NULL || t->op->backward == NULL) continue;
        st = t->op->backward(tp, t);
        if (st < 0) return st;
    }
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_tape_backward_from(gnn_tape_t *tp, gnn_tensor_t *t, const float *seed) {
    if (!t->requires_grad) return gnn_i_error(tp->ctx, GNN_EINVAL, "backward: tensor needs no gradient");
    if (tp->backward_done) return gnn_i_error(tp->ctx, GNN_EINVAL, "backward: already run on this tape");
    tp->backward_done = 1;
    float *g = gnn_i_grad(tp, t);
    if (g == NULL) return GNN_ENOMEM;
    for (int64_t i = 0; i < t->numel; i++) g[i] += seed[i];
    for (int64_t i = tp->nnodes - 1; i >= 0; i--) {
        gnn_tensor_t *u = tp->node[i];
        if (u->grad == NULL || u->op == NULL || u->op->backward == NULL) continue;
        gnn_status_t st = u->op->backward(tp, u);
        if (st < 0) return st;
    }
    return GNN_SUCCESS;
}

/* ---------------------------------------------------------------- accessors */

int gnn_tensor_ndim(const gnn_tensor_t *t) {
    return t ? t->ndim : 0;
}
int64_t gnn_tensor_dim(const gnn_tensor_t *t, int axis) {
    return (t && axis >= 0 && axis < t->ndim) ? t->ne[axis] : 0;
}
int64_t gnn_tensor_numel(const gnn_tensor_t *t) {
    return t ? t->numel : 0;
}
int64_t gnn_tensor_rows(const gnn_tensor_t *t) {
    return t ? gnn_i_rows(t) : 0;
}
int64_t gnn_tensor_cols(const gnn_tensor_t *t) {
    return t ? gnn_i_cols(t) : 0;
}
float *gnn_tensor_data(gnn_tensor_t *t) {
    return t ? t->data : NULL;
}
float *gnn_tensor_grad(gnn_tensor_t *t) {
    return t ? t->grad : NULL;
}
int gnn_tensor_requires_grad(const gnn_tensor_t *t) {
    return t ? t->requires_grad : 0;
}
const char *gnn_tensor_op_name(const gnn_tensor_t *t) {
    if (t == NULL) return NULL;
    if (t->op) return t->op->name;
    return t->is_param ? "param" : "input";
}
float gnn_tensor_item(const gnn_tensor_t *t) {
    return (t && t->numel >= 1) ? t->data[0] : NAN;
}

/* ---------------------------------------------------------------- deterministic sums */

#define SUM_CHUNK 4096

double gnn_i_sum_f(gnn_tape_t *tp, const float *x, int64_t n) {
    const int64_t nchunk = (n + SUM_CHUNK - 1) / SUM_CHUNK;
    double *part = nchunk > 1 ? gnn_i_arena(tp, sizeof(double) * (size_t)nchunk) : NULL;
    if (part == NULL) { /* one chunk, or no memory: serial, in the same order */
        double s = 0;
        for (int64_t c = 0; c < nchunk; c++) {
            double p = 0;
            for (int64_t i = c * SUM_CHUNK; i < n && i < (c + 1) * SUM_CHUNK; i++) p += x[i];
            s += p;
        }
        return s;
    }
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, n, 65536))
    for (int64_t c = 0; c < nchunk; c++) {
        double p = 0;
        const int64_t end = (c + 1) * SUM_CHUNK < n ? (c + 1) * SUM_CHUNK : n;
        for (int64_t i = c * SUM_CHUNK; i < end; i++) p += x[i];
        part[c] = p;
    }
    double s = 0;
    for (int64_t c = 0; c < nchunk; c++) s += part[c];
    return s;
}

/* sum of a[i] * b[i]: each product rounded to float (as an elementwise
 * product followed by gnn_i_sum_f would give), summed like gnn_i_sum_f */
double gnn_i_dot_f(gnn_tape_t *tp, const float *a, const float *b, int64_t n) {
    const int64_t nchunk = (n + SUM_CHUNK - 1) / SUM_CHUNK;
    double *part = nchunk > 1 ? gnn_i_arena(tp, sizeof(double) * (size_t)nchunk) : NULL;
    if (part == NULL) {
        double s = 0;
        for (int64_t c = 0; c < nchunk; c++) {
            double p = 0;
            for (int64_t i = c * SUM_CHUNK; i < n && i < (c + 1) * SUM_CHUNK; i++) p += (float)(a[i] * b[i]);
            s += p;
        }
        return s;
    }
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, n, 65536))
    for (int64_t c = 0; c < nchunk; c++) {
        double p = 0;
        const int64_t end = (c + 1) * SUM_CHUNK < n ? (c + 1) * SUM_CHUNK : n;
        for (int64_t i = c * SUM_CHUNK; i < end; i++) p += (float)(a[i] * b[i]);
        part[c] = p;
    }
    double s = 0;
    for (int64_t c = 0; c < nchunk; c++) s += part[c];
    return s;
}

#define ROW_CHUNK 256

void gnn_i_colsum_add(gnn_tape_t *tp, const float *x, int64_t rows, int64_t cols, float *out) {
    const int64_t nchunk = (rows + ROW_CHUNK - 1) / ROW_CHUNK;
    double *part = gnn_i_arena_zero(tp, sizeof(double) * (size_t)((nchunk > 0 ? nchunk : 1) * cols));
    if (part == NULL) { /* no memory: serial, in the same order, float partials */
        for (int64_t j = 0; j < cols; j++) {
            double s = 0;
            for (int64_t c = 0; c < nchunk; c++) {
                double p = 0;
                for (int64_t r = c * ROW_CHUNK; r < rows && r < (c + 1) * ROW_CHUNK; r++) p += x[r * cols + j];
                s += p;
            }
            out[j] += (float)s;
        }
        return;
    }
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, rows * cols, 65536))
    for (int64_t c = 0; c < nchunk; c++) {
        double *p = part + c * cols;
        const int64_t end = (c + 1) * ROW_CHUNK < rows ? (c + 1) * ROW_CHUNK : rows;
        for (int64_t r = c * ROW_CHUNK; r < end; r++)
            for (int64_t j = 0; j < cols; j++) p[j] += x[r * cols + j];
    }
    for (int64_t j = 0; j < cols; j++) {
        double s = 0;
        for (int64_t c = 0; c < nchunk; c++) s += part[c * cols + j];
        out[j] += (float)s;
    }
}

int gnn_i_blas_fits(int64_t a, int64_t b, int64_t c) {
#if GNN_BLAS_INT_SIZE == 4
    return a <= INT32_MAX && b <= INT32_MAX && c <= INT32_MAX;
#else
    (void)a, (void)b, (void)c;
    return 1;
#endif
}
