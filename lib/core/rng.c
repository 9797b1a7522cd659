/* rng.c: xoshiro256** streams seeded through splitmix64 from (seed, a, b).
 * Exact discrete samplers; nothing here depends on the thread count. */
#include "internal.h"

#include <math.h>

static inline uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

uint64_t gnn_rng_hash(uint64_t seed, uint64_t a, uint64_t b) {
    uint64_t x = seed ^ 0x6a09e667f3bcc909ull;
    uint64_t h = splitmix64(&x);
    x = h ^ (a + 0x3c6ef372fe94f82bull);
    h = splitmix64(&x);
    x = h ^ (b + 0xa54ff53a5f1d36f1ull);
    return splitmix64(&x);
}

void gnn_rng_init(gnn_rng_t *r, uint64_t seed, uint64_t a, uint64_t b) {
    uint64_t x = gnn_rng_hash(seed, a, b);
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0) r->s[0] = 1;
}

uint64_t gnn_rng_u64(gnn_rng_t *r) {
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double gnn_rng_uniform(gnn_rng_t *r) {
    return (double)(gnn_rng_u64(r) >> 11) * 0x1.0p-53;
}

uint64_t gnn_rng_below(gnn_rng_t *r, uint64_t n) {
    if (n <= 1) return 0;
    /* Lemire's nearly divisionless method, with rejection: unbiased. */
    unsigned __int128 m = (unsigned __int128)gnn_rng_u64(r) * n;
    uint64_t l = (uint64_t)m;
    if (l < n) {
        uint64_t t = (0 - n) % n;
        while (l < t) {
            m = (unsigned __int128)gnn_rng_u64(r) * n;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double gnn_rng_normal(gnn_rng_t *r) {
    double u1 = 1.0 - gnn_rng_uniform(r); /* (0, 1] */
    double u2 = gnn_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

int64_t gnn_rng_geometric(gnn_rng_t *r, double p) {
    if (p >= 1.0) return 0;
    if (p <= 0.0) return INT64_MAX;
    double u = 1.0 - gnn_rng_uniform(r); /* (0, 1] */
    double g = floor(log(u) / log1p(-p));
    if (!(g < 9.2e18)) return INT64_MAX;
    return (int64_t)g;
}

int64_t gnn_rng_binomial(gnn_rng_t *r, int64_t n, double p) {
    if (n <= 0 || p <= 0.0) return 0;
    if (p >= 1.0) return n;
    if (p > 0.5) return n - gnn_rng_binomial(r, n, 1.0 - p);
    /* Count successes by geometric skips: exact, O(n p) expected. */
    int64_t k = 0, pos = -1;
    for (;;) {
        int64_t g = gnn_rng_geometric(r, p);
        if (g >= n - pos - 1) break;
        pos += g + 1;
        k++;
    }
    return k;
}

void gnn_rng_shuffle(gnn_rng_t *r, int64_t *a, int64_t n) {
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = (int64_t)gnn_rng_below(r, (uint64_t)i + 1);
        int64_t t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
