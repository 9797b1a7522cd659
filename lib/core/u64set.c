/* u64set.c: an insert-only open-addressing set of 64-bit keys. */
#include "internal.h"

static inline uint64_t mix64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

gnn_status_t gnn_i_u64set_init(gnn_ctx_t *ctx, gnn_i_u64set_t *s, uint64_t expected) {
    uint64_t cap = 16;
    while (cap < expected * 2 + 2) cap <<= 1;
    s->slot = gnn_i_calloc(ctx, (size_t)cap, sizeof *s->slot);
    if (s->slot == NULL) return gnn_i_nomem(ctx, "hash set");
    s->mask = cap - 1;
    s->count = 0;
    return GNN_SUCCESS;
}

void gnn_i_u64set_free(gnn_ctx_t *ctx, gnn_i_u64set_t *s) {
    gnn_i_free(ctx, s->slot);
    s->slot = NULL;
    s->count = 0;
}

int gnn_i_u64set_add(gnn_i_u64set_t *s, uint64_t key) {
    uint64_t h = mix64(key) & s->mask;
    while (s->slot[h] != 0) {
        if (s->slot[h] == key + 1) return 0;
        h = (h + 1) & s->mask;
    }
    s->slot[h] = key + 1;
    s->count++;
    return 1;
}

int gnn_i_u64set_has(const gnn_i_u64set_t *s, uint64_t key) {
    uint64_t h = mix64(key) & s->mask;
    while (s->slot[h] != 0) {
        if (s->slot[h] == key + 1) return 1;
        h = (h + 1) & s->mask;
    }
    return 0;
}
