/* check.h: the tiny test harness of libgnn's test programs.
 *
 * CHECK(cond, fmt, ...) records a failure (with file and line) and goes on;
 * REQUIRE(cond, ...) also returns from the test function.  A test program
 * runs its tests through RUN(fn) and ends with `return check_summary();`,
 * whose value is the Automake exit status: 0 pass, 1 fail, 77 skip. */
#ifndef GNN_TEST_CHECK_H
#define GNN_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnn/gnn.h>

static int check_failures, check_count, check_skipped_all;
static const char *check_current = "";

#define CHECK(cond, ...)                                                                        \
    do {                                                                                        \
        check_count++;                                                                          \
        if (!(cond)) {                                                                          \
            check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: [%s] check failed: %s: ", __FILE__, __LINE__, check_current, \
                    #cond);                                                                     \
            fprintf(stderr, __VA_ARGS__);                                                       \
            fputc('\n', stderr);                                                                \
        }                                                                                       \
    } while (0)

#define REQUIRE(cond, ...)                                                                      \
    do {                                                                                        \
        int ok_ = !!(cond);                                                                       \
        CHECK(ok_, __VA_ARGS__);                                                                \
        if (!ok_) return;                                                                       \
    } while (0)

/* a call that must succeed; prints the context's message otherwise */
#define OK(ctx, call)                                                                           \
    do {                                                                                        \
        gnn_status_t st_ = (call);                                                              \
        CHECK(st_ >= 0, "%s -> %d (%s)", #call, st_, gnn_ctx_errmsg(ctx));                      \
        if (st_ < 0) return;                                                                    \
    } while (0)

#define CLOSE(a, b, tol) (fabs((double)(a) - (double)(b)) <= (tol) * (1.0 + fabs((double)(b))))

#define RUN(fn)                                                                                 \
    do {                                                                                        \
        int before_ = check_failures;                                                           \
        check_current = #fn;                                                                    \
        fn();                                                                                   \
        fprintf(stderr, "%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #fn);           \
    } while (0)

static inline int check_summary(void) {
    fprintf(stderr, "%d checks, %d failed\n", check_count, check_failures);
    if (check_failures) return 1;
    if (check_count == 0) return check_skipped_all ? 77 : 99; /* a test that checks nothing is an error */
    return 0;
}

/* $GNN_DATASETS, default ../shared/datasets beside the source tree; NULL
 * when absent (the caller skips with a message) */
static inline const char *check_datasets(void) {
    static char buf[4096];
    char probe[4200];
    const char *env = getenv("GNN_DATASETS");
    const char *top = getenv("top_srcdir");
    if (env && env[0]) snprintf(buf, sizeof buf, "%s", env);
    else snprintf(buf, sizeof buf, "%s/../shared/datasets", top ? top : "..");
    snprintf(probe, sizeof probe, "%s/README.md", buf);
    FILE *f = fopen(probe, "r");
    if (f == NULL) {
        fprintf(stderr, "SKIP: datasets not found at %s (set GNN_DATASETS)\n", buf);
        return NULL;
    }
    fclose(f);
    return buf;
}

/* path of a file under tests/data */
static inline const char *check_data(const char *name) {
    static char buf[8][4096];
    static int k;
    const char *d = getenv("GNN_TESTDATA");
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", d ? d : "tests/data", name);
    return buf[k];
}

/* a fresh temporary directory for the test's output files */
static inline const char *check_tmpdir(void) {
    static char dir[256];
    if (dir[0]) return dir;
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/gnn-test-XXXXXX", t && t[0] ? t : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        exit(99);
    }
    return dir;
}

/* a context for tests: 2 threads unless GNN_TEST_THREADS says otherwise */
static inline gnn_ctx_t *check_ctx(void) {
    gnn_ctx_t *ctx = NULL;
    if (gnn_ctx_create(&ctx) != GNN_SUCCESS) {
        fprintf(stderr, "cannot create a context\n");
        exit(99);
    }
    const char *t = getenv("GNN_TEST_THREADS");
    gnn_ctx_set_threads(ctx, t ? atoi(t) : 2);
    return ctx;
}

/* A counting allocator for "no allocation per step" checks:
 * gnn_ctx_set_allocator(ctx, check_count_malloc, check_count_realloc,
 * check_count_free, &counter) counts every malloc and realloc. */
typedef struct check_counter {
    long n;
} check_counter_t;
static inline void *check_count_malloc(void *ud, size_t n) {
    ((check_counter_t *)ud)->n++;
    return malloc(n);
}
static inline void *check_count_realloc(void *ud, void *p, size_t n) {
    ((check_counter_t *)ud)->n++;
    return realloc(p, n);
}
static inline void check_count_free(void *ud, void *p) {
    (void)ud;
    free(p);
}

#endif
