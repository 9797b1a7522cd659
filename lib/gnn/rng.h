/* gnn/rng.h: seeded, splittable random numbers (xoshiro256** seeded by
 * splitmix64).  A stream is derived from (seed, a, b), never from a thread
 * id, so results do not depend on the thread count. */
#ifndef GNN_RNG_H
#define GNN_RNG_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gnn_rng {
    uint64_t s[4];
} gnn_rng_t;

/* Initialise the stream identified by (seed, a, b). */
GNN_API void gnn_rng_init(gnn_rng_t *r, uint64_t seed, uint64_t a, uint64_t b);
GNN_API uint64_t gnn_rng_u64(gnn_rng_t *r);
/* Uniform in [0, 1) with 53 random bits. */
GNN_API double gnn_rng_uniform(gnn_rng_t *r);
/* Uniform integer in [0, n); n > 0; unbiased (Lemire). */
GNN_API uint64_t gnn_rng_below(gnn_rng_t *r, uint64_t n);
/* Standard normal (Box-Muller, both values used in turn is not kept: stateless). */
GNN_API double gnn_rng_normal(gnn_rng_t *r);
/* Binomial(n, p), exact (inversion for small n*p, BTPE-free waiting time otherwise). */
GNN_API int64_t gnn_rng_binomial(gnn_rng_t *r, int64_t n, double p);
/* Geometric: number of failures before the first success, success prob p in (0,1]. */
GNN_API int64_t gnn_rng_geometric(gnn_rng_t *r, double p);
/* Fisher-Yates shuffle of a[0..n). */
GNN_API void gnn_rng_shuffle(gnn_rng_t *r, int64_t *a, int64_t n);
/* A stateless 64-bit hash of (seed, a, b), for counter-based draws. */
GNN_API uint64_t gnn_rng_hash(uint64_t seed, uint64_t a, uint64_t b);

#ifdef __cplusplus
}
#endif
#endif
