/* names.c: a string table with open-addressing hash lookup. */
#include "internal.h"

#include <string.h>

static uint64_t hash_bytes(const char *s, size_t len) {
    /* FNV-1a with a final avalanche: good enough for node names. */
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

gnn_status_t gnn_i_names_create(gnn_ctx_t *ctx, gnn_i_names_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_names_t *t = NULL;
    *out = NULL;
    GNN_CALLOC(ctx, t, 1);
    t->cap = 64;
    t->pool_cap = 1024;
    t->nslots = 128;
    GNN_ALLOC(ctx, t->offset, t->cap);
    GNN_ALLOC(ctx, t->pool, t->pool_cap);
    GNN_ALLOC(ctx, t->slot, t->nslots);
    memset(t->slot, 0xff, sizeof(int64_t) * (size_t)t->nslots);
    *out = t;
    return GNN_SUCCESS;
fail:
    gnn_i_names_destroy(ctx, &t);
    return status;
}

void gnn_i_names_destroy_a(const gnn_i_alloc_t *a, gnn_i_names_t **pt) {
    if (pt == NULL || *pt == NULL) return;
    gnn_i_names_t *t = *pt;
    gnn_i_alloc_free(a, t->offset);
    gnn_i_alloc_free(a, t->pool);
    gnn_i_alloc_free(a, t->slot);
    gnn_i_alloc_free(a, t);
    *pt = NULL;
}

void gnn_i_names_destroy(gnn_ctx_t *ctx, gnn_i_names_t **pt) {
    gnn_i_names_destroy_a(&ctx->alloc, pt);
}

int64_t gnn_i_names_find(const gnn_i_names_t *t, const char *name, size_t len) {
    uint64_t mask = (uint64_t)t->nslots - 1;
    uint64_t h = hash_bytes(name, len) & mask;
    for (;;) {
        int64_t id = t->slot[h];
        if (id < 0) return -1;
        const char *s = t->pool + t->offset[id];
        if (strncmp(s, name, len) == 0 && s[len] == '\0') return id;
        h = (h + 1) & mask;
    }
}

static gnn_status_t rehash(gnn_ctx_t *ctx, gnn_i_names_t *t) {
    int64_t ns = t->nslots * 2;
    int64_t *slot = gnn_i_malloc_n(ctx, (size_t)ns, sizeof *slot);
    if (slot == NULL) return gnn_i_nomem(ctx, "name hash table");
    memset(slot, 0xff, sizeof(int64_t) * (size_t)ns);
    uint64_t mask = (uint64_t)ns - 1;
    for (int64_t id = 0; id < t->count; id++) {
        const char *s = t->pool + t->offset[id];
        uint64_t h = hash_bytes(s, strlen(s)) & mask;
        while (slot[h] >= 0) h = (h + 1) & mask;
        slot[h] = id;
    }
    gnn_i_free(ctx, t->slot);
    t->slot = slot;
    t->nslots = ns;
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_names_intern(gnn_ctx_t *ctx, gnn_i_names_t *t, const char *name, size_t len,
                                 int64_t *id, int *added) {
    gnn_status_t status;
    if (added) *added = 0;
    uint64_t mask = (uint64_t)t->nslots - 1;
    uint64_t h = hash_bytes(name, len) & mask;
    for (;;) {
        int64_t k = t->slot[h];
        if (k < 0) break;
        const char *s = t->pool + t->offset[k];
        if (strncmp(s, name, len) == 0 && s[len] == '\0') {
            *id = k;
            return GNN_SUCCESS;
        }
        h = (h + 1) & mask;
    }
    if (memchr(name, '\0', len) != NULL)
        return gnn_i_error(ctx, GNN_EPARSE, "name contains a NUL byte");
    /* add */
    if (t->count == t->cap) {
        int64_t nc = t->cap * 2;
        int64_t *no = gnn_i_realloc_n(ctx, t->offset, (size_t)nc, sizeof *no);
        if (no == NULL) return gnn_i_nomem(ctx, "name table");
        t->offset = no;
        t->cap = nc;
    }
    if (t->pool_len + len + 1 > t->pool_cap) {
        size_t nc = t->pool_cap * 2;
        while (nc < t->pool_len + len + 1) nc *= 2;
        char *np = gnn_i_realloc(ctx, t->pool, nc);
        if (np == NULL) return gnn_i_nomem(ctx, "name pool");
        t->pool = np;
        t->pool_cap = nc;
    }
    memcpy(t->pool + t->pool_len, name, len);
    t->pool[t->pool_len + len] = '\0';
    t->offset[t->count] = (int64_t)t->pool_len;
    t->pool_len += len + 1;
    t->slot[h] = t->count;
    *id = t->count++;
    if (added) *added = 1;
    if (t->count * 2 > t->nslots) {
        status = rehash(ctx, t);
        if (status < 0) return status;
    }
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_names_select(gnn_ctx_t *ctx, const gnn_i_names_t *t, const int64_t *ids,
                                int64_t k, gnn_i_names_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_names_t *r = NULL;
    *out = NULL;
    GNN_CHECK(gnn_i_names_create(ctx, &r));
    for (int64_t i = 0; i < k; i++) {
        const char *s = gnn_i_names_get(t, ids[i]);
        int64_t id;
        int added;
        GNN_CHECK(gnn_i_names_intern(ctx, r, s, strlen(s), &id, &added));
        if (!added) {
            status = gnn_i_error(ctx, GNN_EDUPLICATE, "node '%s' selected twice", s);
            goto fail;
        }
    }
    *out = r;
    return GNN_SUCCESS;
fail:
    gnn_i_names_destroy(ctx, &r);
    return status;
}

gnn_status_t gnn_i_names_copy(gnn_ctx_t *ctx, const gnn_i_names_t *t, gnn_i_names_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_names_t *r = NULL;
    *out = NULL;
    GNN_CALLOC(ctx, r, 1);
    r->count = t->count;
    r->cap = t->count > 0 ? t->count : 1;
    r->pool_len = t->pool_len;
    r->pool_cap = t->pool_len > 0 ? t->pool_len : 1;
    r->nslots = t->nslots;
    GNN_ALLOC(ctx, r->offset, r->cap);
    GNN_ALLOC(ctx, r->pool, r->pool_cap);
    GNN_ALLOC(ctx, r->slot, r->nslots);
    memcpy(r->offset, t->offset, sizeof(int64_t) * (size_t)t->count);
    memcpy(r->pool, t->pool, t->pool_len);
    memcpy(r->slot, t->slot, sizeof(int64_t) * (size_t)t->nslots);
    *out = r;
    return GNN_SUCCESS;
fail:
    gnn_i_names_destroy(ctx, &r);
    return status;
}
