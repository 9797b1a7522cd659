/* bench_util.h: shared helpers of the benchmarks (timing, peak memory, an
 * R-MAT generator and a STREAM-triad bandwidth probe).  Header-only so each
 * benchmark stays one translation unit. */
#ifndef GNN_BENCH_UTIL_H
#define GNN_BENCH_UTIL_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static inline double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* peak resident set of this process, in MB */
static inline double bench_peak_mb(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return (double)ru.ru_maxrss / 1024.0;
}

static inline int64_t bench_env_int(const char *name, int64_t dflt) {
    const char *s = getenv(name);
    if (s == NULL || *s == '\0') return dflt;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    return (end != s && *end == '\0' && v > 0) ? (int64_t)v : dflt;
}

/* splitmix64: a small, seedable generator for the benchmark inputs */
static inline uint64_t bench_mix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* R-MAT edges (a, b, c, d) = (0.57, 0.19, 0.19, 0.05) on 2^scale nodes, with
 * node ids shuffled by a random permutation so that locality is not free. */
static inline void bench_rmat(uint64_t seed, int scale, int64_t m, int64_t *u, int64_t *v) {
    const int64_t n = (int64_t)1 << scale;
    uint64_t s = seed * 0x2545F4914F6CDD1Dull + 1;
    int64_t *perm = malloc(sizeof(int64_t) * (size_t)n);
    if (perm == NULL) {
        fprintf(stderr, "bench_rmat: out of memory\n");
        exit(1);
    }
    for (int64_t i = 0; i < n; i++) perm[i] = i;
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = (int64_t)(bench_mix(&s) % (uint64_t)(i + 1));
        int64_t t = perm[i];
        perm[i] = perm[j], perm[j] = t;
    }
    for (int64_t e = 0; e < m; e++) {
        int64_t a = 0, b = 0;
        for (int k = 0; k < scale; k++) {
            double r = (double)(bench_mix(&s) >> 11) * 0x1.0p-53;
            int bit_u = 0, bit_v = 0;
            if (r < 0.57) {
            } else if (r < 0.76) {
                bit_v = 1;
            } else if (r < 0.95) {
                bit_u = 1;
            } else {
                bit_u = bit_v = 1;
            }
            a = (a << 1) | bit_u;
            b = (b << 1) | bit_v;
        }
        u[e] = perm[a];
        v[e] = perm[b];
    }
    free(perm);
}

/* STREAM triad a = b + s c over arrays far larger than the caches, best of
 * five, in GB/s (three arrays of doubles moved per element). */
static inline double bench_stream_gbs(int threads) {
    const int64_t N = (int64_t)1 << 25; /* 32 Mi doubles = 256 MB per array */
    double *a = malloc(sizeof(double) * (size_t)N), *b = malloc(sizeof(double) * (size_t)N),
           *c = malloc(sizeof(double) * (size_t)N);
    if (a == NULL || b == NULL || c == NULL) {
        free(a), free(b), free(c);
        return 0;
    }
    (void)threads;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t i = 0; i < N; i++) a[i] = 0, b[i] = 1.0, c[i] = 2.0;
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        double t = bench_now();
#pragma omp parallel for num_threads(threads) schedule(static)
        for (int64_t i = 0; i < N; i++) a[i] = b[i] + 3.0 * c[i];
        t = bench_now() - t;
        if (t < best) best = t;
    }
    volatile double sink = a[N / 2];
    (void)sink;
    free(a), free(b), free(c);
    return 3.0 * 8.0 * (double)N / best / 1e9;
}

#endif
