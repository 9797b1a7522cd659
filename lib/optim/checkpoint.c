/* checkpoint.c: the checkpoint file format.
 *
 *   offset 0   "GNNCKPT\0"                       8 bytes
 *          8   version (u32 = 1)
 *         12   flags (u32; bit 0: optimizer state present)
 *         16   payload length L (u64)
 *         24   payload (L bytes)
 *     24 + L   CRC-32 of the payload (u32, zlib's crc32)
 * payload: string model; u32 nconf, nconf x (string key, string value);
 *   u32 nparam, nparam x (string name, u32 ndim, ndim x u64 dim, numel x f32);
 *   [optimizer: u32 kind, u64 steps, f64 lr, u32 nparam, nparam x
 *    (u8 has_m, [numel x f32], u8 has_v, [numel x f32])]
 * Strings are u32 length + bytes.  Every integer and float is little-endian
 * whatever the host, so files move between machines. */
#include "optim_impl.h"
#include "../autograd/autograd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define CKPT_MAGIC "GNNCKPT"
#define CKPT_VERSION 1u

typedef struct wbuf {
    gnn_ctx_t *ctx;
    unsigned char *b;
    size_t len, cap;
    int failed;
} wbuf_t;

static void put(wbuf_t *w, const void *p, size_t n) {
    if (w->failed) return;
    if (w->len + n > w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 4096;
        while (nc < w->len + n) nc *= 2;
        unsigned char *nb = gnn_i_realloc(w->ctx, w->b, nc);
        if (nb == NULL) {
            w->failed = 1;
            return;
        }
        w->b = nb;
        w->cap = nc;
    }
    memcpy(w->b + w->len, p, n);
    w->len += n;
}
static void put_u32(wbuf_t *w, uint32_t x) {
    unsigned char c[4] = {(unsigned char)x, (unsigned char)(x >> 8), (unsigned char)(x >> 16), (unsigned char)(x >> 24)};
    put(w, c, 4);
}
static void put_u64(wbuf_t *w, uint64_t x) {
    put_u32(w, (uint32_t)x);
    put_u32(w, (uint32_t)(x >> 32));
}
static void put_f32s(wbuf_t *w, const float *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &x[i], 4);
        put_u32(w, u);
    }
}
static void put_str(wbuf_t *w, const char *s) {
    size_t n = strlen(s);
    put_u32(w, (uint32_t)n);
    put(w, s, n);
}

typedef struct rbuf {
    const unsigned char *b;
    size_t len, pos;
    int bad;
} rbuf_t;

static const unsigned char *take(rbuf_t *r, size_t n) {
    if (r->bad || n > r->len - r->pos) {
        r->bad = 1;
        return NULL;
    }
    const unsigned char *p = r->b + r->pos;
    r->pos += n;
    return p;
}
static uint32_t get_u32(rbuf_t *r) {
    const unsigned char *c = take(r, 4);
    return c ? (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24 : 0;
}
static uint64_t get_u64(rbuf_t *r) {
    uint64_t lo = get_u32(r), hi = get_u32(r);
    return lo | hi << 32;
}
static void get_f32s(rbuf_t *r, float *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        uint32_t u = get_u32(r);
        memcpy(&x[i], &u, 4);
    }
}
/* a string as (pointer, length); not NUL-terminated */
static const char *get_str(rbuf_t *r, uint32_t *n) {
    *n = get_u32(r);
    return (const char *)take(r, *n);
}

gnn_status_t gnn_checkpoint_save(gnn_ctx_t *ctx, const char *path, const char *model, const gnn_opts_t *config,
                                 const gnn_params_t *ps, const gnn_optim_t *opt) {
    gnn_status_t status = GNN_SUCCESS;
    wbuf_t w = {ctx, NULL, 0, 0, 0};
    gnn_i_afile_t *f = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, path != NULL && model != NULL && ps != NULL, "gnn_checkpoint_save: path, model and params are required");
    if (opt) GNN_CHECK(gnn_i_optim_state((gnn_optim_t *)opt));
    put_str(&w, model);
    put_u32(&w, (uint32_t)gnn_opts_count(config));
    for (int64_t i = 0; i < gnn_opts_count(config); i++) {
        put_str(&w, gnn_opts_name(config, i));
        put_str(&w, gnn_opts_value(config, i));
    }
    const int64_t np = gnn_params_count(ps);
    put_u32(&w, (uint32_t)np);
    for (int64_t i = 0; i < np; i++) {
        gnn_tensor_t *t = gnn_params_get(ps, i);
        put_str(&w, gnn_params_name(ps, i));
        put_u32(&w, (uint32_t)gnn_tensor_ndim(t));
        for (int d = 0; d < gnn_tensor_ndim(t); d++) put_u64(&w, (uint64_t)gnn_tensor_dim(t, d));
        put_f32s(&w, gnn_tensor_data(t), gnn_tensor_numel(t));
    }
    if (opt) {
        put_u32(&w, (uint32_t)opt->kind);
        put_u64(&w, (uint64_t)opt->steps);
        uint64_t lrbits;
        memcpy(&lrbits, &opt->lr, 8);
        put_u64(&w, lrbits);
        put_u32(&w, (uint32_t)np);
        for (int64_t i = 0; i < np; i++) {
            const int64_t n = gnn_tensor_numel(gnn_params_get(ps, i));
            unsigned char hm = opt->m[i] != NULL, hv = opt->v[i] != NULL;
            put(&w, &hm, 1);
            if (hm) put_f32s(&w, opt->m[i], n);
            put(&w, &hv, 1);
            if (hv) put_f32s(&w, opt->v[i], n);
        }
    }
    if (w.failed) {
        status = gnn_i_nomem(ctx, "checkpoint buffer");
        goto fail;
    }
    {
        wbuf_t h = {ctx, NULL, 0, 0, 0};
        put(&h, CKPT_MAGIC, 8);
        put_u32(&h, CKPT_VERSION);
        put_u32(&h, opt ? 1u : 0u);
        put_u64(&h, (uint64_t)w.len);
        uLong crc = crc32(0L, Z_NULL, 0);
        for (size_t off = 0; off < w.len;) {
            uInt chunk = (uInt)(w.len - off > (1u << 30) ? (1u << 30) : w.len - off);
            crc = crc32(crc, w.b + off, chunk);
            off += chunk;
        }
        wbuf_t t = {ctx, NULL, 0, 0, 0};
        put_u32(&t, (uint32_t)crc);
        if (h.failed || t.failed) {
            gnn_i_free(ctx, h.b);
            gnn_i_free(ctx, t.b);
            status = gnn_i_nomem(ctx, "checkpoint header");
            goto fail;
        }
        status = gnn_i_afile_open(ctx, path, 0, &f);
        if (status >= 0) status = gnn_i_afile_write(ctx, f, h.b, h.len);
        if (status >= 0) status = gnn_i_afile_write(ctx, f, w.b, w.len);
        if (status >= 0) status = gnn_i_afile_write(ctx, f, t.b, t.len);
        gnn_i_free(ctx, h.b);
        gnn_i_free(ctx, t.b);
        if (status < 0) goto fail;
        GNN_CHECK(gnn_i_afile_commit(ctx, &f));
    }
    gnn_i_free(ctx, w.b);
    return GNN_SUCCESS;
fail:
    gnn_i_afile_abort(ctx, &f);
    gnn_i_free(ctx, w.b);
    return status;
}

/* read and verify the whole file; *payload points into *file */
static gnn_status_t read_verified(gnn_ctx_t *ctx, const char *path, unsigned char **file, rbuf_t *payload,
                                  uint32_t *flags) {
    gnn_status_t status = GNN_SUCCESS;
    FILE *fp = NULL;
    unsigned char *buf = NULL;
    *file = NULL;
    fp = fopen(path, "rb");
    if (fp == NULL) return gnn_i_error(ctx, GNN_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (fseek(fp, 0, SEEK_END) != 0) {
        status = gnn_i_error(ctx, GNN_EIO, "%s: cannot seek", path);
        goto fail;
    }
    long size = ftell(fp);
    rewind(fp);
    if (size < 28) {
        status = gnn_i_error(ctx, GNN_EFORMAT, "%s: not a libgnn checkpoint (%ld bytes, too short)", path, size);
        goto fail;
    }
    GNN_ALLOC(ctx, buf, size);
    if (fread(buf, 1, (size_t)size, fp) != (size_t)size) {
        status = gnn_i_error(ctx, GNN_EIO, "%s: read error", path);
        goto fail;
    }
    if (memcmp(buf, CKPT_MAGIC, 8) != 0) {
        status = gnn_i_error(ctx, GNN_EFORMAT, "%s: not a libgnn checkpoint (bad magic)", path);
        goto fail;
    }
    {
        rbuf_t h = {buf, (size_t)size, 8, 0};
        uint32_t version = get_u32(&h);
        *flags = get_u32(&h);
        uint64_t len = get_u64(&h);
        if (version != CKPT_VERSION) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "%s: checkpoint version %u, this libgnn reads version %u", path,
                                 version, CKPT_VERSION);
            goto fail;
        }
        if (len != (uint64_t)size - 28) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "%s: truncated or padded checkpoint (payload %llu bytes, file %ld)",
                                 path, (unsigned long long)len, size);
            goto fail;
        }
        rbuf_t t = {buf + 24 + len, 4, 0, 0};
        uint32_t want = get_u32(&t);
        uLong crc = crc32(0L, Z_NULL, 0);
        for (uint64_t off = 0; off < len;) {
            uInt chunk = (uInt)(len - off > (1u << 30) ? (1u << 30) : len - off);
            crc = crc32(crc, buf + 24 + off, chunk);
            off += chunk;
        }
        if ((uint32_t)crc != want) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "%s: checksum mismatch (the file is corrupted)", path);
            goto fail;
        }
        payload->b = buf + 24;
        payload->len = (size_t)len;
        payload->pos = 0;
        payload->bad = 0;
    }
    fclose(fp);
    *file = buf;
    return GNN_SUCCESS;
fail:
    if (fp) fclose(fp);
    gnn_i_free(ctx, buf);
    return status;
}

gnn_status_t gnn_checkpoint_info(gnn_ctx_t *ctx, const char *path, char *model_buf, size_t model_size,
                                 gnn_opts_t **config) {
    gnn_status_t status = GNN_SUCCESS;
    unsigned char *file = NULL;
    rbuf_t r;
    uint32_t flags, n;
    gnn_opts_t *o = NULL;
    char *k = NULL, *v = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (config) *config = NULL;
    GNN_CHECK(read_verified(ctx, path, &file, &r, &flags));
    const char *s = get_str(&r, &n);
    if (model_buf && model_size > 0) {
        size_t c = s ? (n < model_size - 1 ? n : model_size - 1) : 0;
        if (s) memcpy(model_buf, s, c);
        model_buf[c] = '\0';
    }
    if (config) {
        if (gnn_opts_create(&o) != GNN_SUCCESS) {
            status = gnn_i_nomem(ctx, "options");
            goto fail;
        }
        uint32_t nc = get_u32(&r);
        for (uint32_t i = 0; i < nc && !r.bad; i++) {
            uint32_t kn, vn;
            const char *ks = get_str(&r, &kn), *vs = get_str(&r, &vn);
            if (r.bad) break;
            GNN_ALLOC(ctx, k, kn + 1);
            GNN_ALLOC(ctx, v, vn + 1);
            memcpy(k, ks, kn), k[kn] = '\0';
            memcpy(v, vs, vn), v[vn] = '\0';
            if (gnn_opts_set(o, k, v) != GNN_SUCCESS) {
                status = gnn_i_error(ctx, GNN_EFORMAT, "%s: bad configuration entry", path);
                goto fail;
            }
            gnn_i_free(ctx, k), gnn_i_free(ctx, v);
            k = v = NULL;
        }
        if (r.bad) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "%s: malformed checkpoint header", path);
            goto fail;
        }
        *config = o;
        o = NULL;
    }
fail:
    gnn_i_free(ctx, k);
    gnn_i_free(ctx, v);
    gnn_opts_destroy(&o);
    gnn_i_free(ctx, file);
    return status;
}

gnn_status_t gnn_checkpoint_load(gnn_ctx_t *ctx, const char *path, gnn_params_t *ps, gnn_optim_t *opt) {
    gnn_status_t status = GNN_SUCCESS;
    unsigned char *file = NULL;
    float *tmp = NULL;
    rbuf_t r;
    uint32_t flags, n;
    char name[512];
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, ps != NULL, "gnn_checkpoint_load: params is NULL");
    GNN_CHECK(read_verified(ctx, path, &file, &r, &flags));
    (void)get_str(&r, &n); /* model */
    uint32_t nc = get_u32(&r);
    for (uint32_t i = 0; i < nc && !r.bad; i++) {
        (void)get_str(&r, &n);
        (void)get_str(&r, &n);
    }
    uint32_t np = get_u32(&r);
    if (r.bad) goto malformed;
    if ((int64_t)np != gnn_params_count(ps)) {
        status = gnn_i_error(ctx, GNN_EFORMAT, "%s: %u parameters in the file, the model has %lld", path, np,
                             (long long)gnn_params_count(ps));
        goto fail;
    }
    /* two passes: check everything, then copy, so a bad file changes nothing */
    for (int pass = 0; pass < 2; pass++) {
        size_t start = r.pos;
        for (uint32_t i = 0; i < np; i++) {
            const char *s = get_str(&r, &n);
            if (r.bad || n >= sizeof name) goto malformed;
            memcpy(name, s, n);
            name[n] = '\0';
            gnn_tensor_t *t = gnn_params_find(ps, name);
            uint32_t nd = get_u32(&r);
            if (r.bad || nd < 1 || nd > GNN_MAX_DIMS) goto malformed;
            int64_t numel = 1, dims[GNN_MAX_DIMS];
            for (uint32_t d = 0; d < nd; d++) {
                dims[d] = (int64_t)get_u64(&r);
                numel *= dims[d];
            }
            if (r.bad || numel < 0 || (uint64_t)numel * 4 > r.len - r.pos) goto malformed;
            if (t == NULL) {
                status = gnn_i_error(ctx, GNN_EFORMAT, "%s: parameter '%s' is not in the model", path, name);
                goto fail;
            }
            int same = gnn_tensor_ndim(t) == (int)nd;
            for (uint32_t d = 0; same && d < nd; d++) same = gnn_tensor_dim(t, (int)d) == dims[d];
            if (!same) {
                status = gnn_i_error(ctx, GNN_EFORMAT, "%s: parameter '%s' has another shape in the model", path, name);
                goto fail;
            }
            if (pass == 1) get_f32s(&r, gnn_tensor_data(t), numel);
            else take(&r, (size_t)numel * 4);
        }
        if (pass == 0) r.pos = start;
    }
    if (opt != NULL && (flags & 1u)) {
        GNN_CHECK(gnn_i_optim_state(opt));
        uint32_t kind = get_u32(&r);
        uint64_t steps = get_u64(&r), lrbits = get_u64(&r);
        uint32_t nps = get_u32(&r);
        if (r.bad || nps != np) goto malformed;
        if ((int)kind != opt->kind) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "%s: the optimizer state is of another optimizer", path);
            goto fail;
        }
        for (uint32_t i = 0; i < np; i++) {
            const int64_t cnt = gnn_tensor_numel(gnn_params_get(ps, i));
            for (int k = 0; k < 2; k++) {
                const unsigned char *has = take(&r, 1);
                if (has == NULL) goto malformed;
                float *dst = k == 0 ? opt->m[i] : opt->v[i];
                if (*has && dst == NULL) {
                    status = gnn_i_error(ctx, GNN_EFORMAT, "%s: optimizer state does not match the optimizer's settings", path);
                    goto fail;
                }
                if (*has) get_f32s(&r, dst, cnt);
                else if (dst) memset(dst, 0, sizeof(float) * (size_t)cnt);
            }
        }
        if (r.bad) goto malformed;
        opt->steps = (int64_t)steps;
        memcpy(&opt->lr, &lrbits, 8);
    }
    gnn_i_free(ctx, tmp);
    gnn_i_free(ctx, file);
    return GNN_SUCCESS;
malformed:
    status = gnn_i_error(ctx, GNN_EFORMAT, "%s: malformed checkpoint", path);
fail:
    gnn_i_free(ctx, tmp);
    gnn_i_free(ctx, file);
    return status;
}
