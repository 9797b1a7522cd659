/* test_core.c: contexts, status codes, options, random numbers, the name
 * table, the u64 set, atomic files and the context hooks. */
#include "check.h"
#include "../lib/core/internal.h"

#include <sys/stat.h>
#include <unistd.h>

static void test_ctx(void) {
    gnn_ctx_t *ctx = NULL;
    CHECK(gnn_ctx_create(NULL) == GNN_EINVAL, "NULL out");
    REQUIRE(gnn_ctx_create(&ctx) == GNN_SUCCESS && ctx != NULL, "create");
    CHECK(gnn_ctx_seed(ctx) == 0, "default seed");
    CHECK(gnn_ctx_set_seed(ctx, 42) == GNN_SUCCESS && gnn_ctx_seed(ctx) == 42, "seed");
    CHECK(gnn_ctx_set_threads(ctx, 3) == GNN_SUCCESS && gnn_ctx_threads(ctx) == 3, "threads");
    CHECK(gnn_ctx_set_threads(ctx, -1) == GNN_EINVAL, "negative threads");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "threads") != NULL, "message names the option: %s", gnn_ctx_errmsg(ctx));
    CHECK(gnn_ctx_errcode(ctx) == GNN_EINVAL, "errcode");
    gnn_ctx_clear_error(ctx);
    CHECK(gnn_ctx_errmsg(ctx)[0] == '\0' && gnn_ctx_errcode(ctx) == 0, "cleared");
    CHECK(gnn_ctx_set_threads(ctx, 0) == GNN_SUCCESS && gnn_ctx_threads(ctx) >= 1, "all cores");
    CHECK(gnn_ctx_set_allocator(ctx, NULL, NULL, NULL, NULL) == GNN_SUCCESS, "default allocator");
    CHECK(gnn_i_threads(ctx, 10, 100) == 1, "little work -> 1 thread");
    gnn_ctx_destroy(&ctx);
    CHECK(ctx == NULL, "destroy NULLs");
    gnn_ctx_destroy(&ctx); /* NULL-safe */
    gnn_ctx_destroy(NULL);
}

static void test_status(void) {
    for (int c = 1; c <= 14; c++) {
        const char *s = gnn_strerror(-c);
        CHECK(s != NULL && strcmp(s, "unknown error") != 0, "code %d has a message", -c);
        for (int d = 1; d < c; d++) CHECK(strcmp(s, gnn_strerror(-d)) != 0, "codes %d and %d differ", -c, -d);
    }
    CHECK(strcmp(gnn_strerror(0), "success") == 0, "success");
    CHECK(strcmp(gnn_strerror(-999), "unknown error") == 0, "unknown");
    CHECK(strcmp(gnn_version(), PACKAGE_VERSION) == 0, "version");
}

static void test_opts(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_opts_t *o = NULL, *c = NULL;
    OK(ctx, gnn_opts_create(&o));
    OK(ctx, gnn_opts_set(o, "max_line", "100"));
    CHECK(strcmp(gnn_opts_get(o, "max-line"), "100") == 0, "'_' and '-' are the same");
    OK(ctx, gnn_opts_set_int(o, "max-line", 200));
    CHECK(gnn_opts_count(o) == 1 && strcmp(gnn_opts_value(o, 0), "200") == 0, "replace keeps one entry");
    OK(ctx, gnn_opts_set_double(o, "x", 0.1));
    CHECK(strtod(gnn_opts_get(o, "x"), NULL) == 0.1, "double round trip");
    CHECK(strcmp(gnn_opts_name(o, 1), "x") == 0 && gnn_opts_name(o, 2) == NULL, "order and bounds");
    OK(ctx, gnn_opts_copy(o, &c));
    CHECK(gnn_opts_count(c) == 2, "copy");
    OK(ctx, gnn_opts_unset(c, "x"));
    CHECK(gnn_opts_count(c) == 1 && gnn_opts_get(c, "x") == NULL, "unset");
    /* validation against the "read" group */
    CHECK(gnn_opts_validate(ctx, o, "read") == GNN_ENOTFOUND, "unknown option x");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "'x'") != NULL, "names it: %s", gnn_ctx_errmsg(ctx));
    OK(ctx, gnn_opts_validate(ctx, c, "read"));
    OK(ctx, gnn_opts_set(c, "max-line", "abc"));
    CHECK(gnn_opts_validate(ctx, c, "read") == GNN_EINVAL, "not an integer");
    OK(ctx, gnn_opts_set(c, "max-line", "1"));
    CHECK(gnn_opts_validate(ctx, c, "read") == GNN_EINVAL, "below range");
    OK(ctx, gnn_opts_set(c, "max-line", "64"));
    OK(ctx, gnn_opts_set(c, "format", "xyz"));
    CHECK(gnn_opts_validate(ctx, c, "read") == GNN_EINVAL, "bad choice");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "uvw") != NULL, "lists the choices: %s", gnn_ctx_errmsg(ctx));
    OK(ctx, gnn_opts_set(c, "format", "uvw"));
    OK(ctx, gnn_opts_set(c, "header", "yes"));
    OK(ctx, gnn_opts_validate(ctx, c, "read"));
    OK(ctx, gnn_opts_set(c, "header", "maybe"));
    CHECK(gnn_opts_validate(ctx, c, "read") == GNN_EINVAL, "bad bool");
    CHECK(gnn_opts_validate(ctx, c, "no-such-group") == GNN_ENOTFOUND, "unknown group");
    /* typed reads with defaults */
    const gnn_i_optgroup_t *G = gnn_i_optgroup_find("read");
    REQUIRE(G != NULL, "read group");
    gnn_opts_unset(c, "header");
    CHECK(gnn_i_opt_int(c, G, "max-line") == 64, "set value");
    CHECK(gnn_i_opt_int(NULL, G, "max-line") == 1048576, "default");
    CHECK(gnn_i_opt_choice(c, G, "format") == 2, "choice index");
    CHECK(gnn_i_opt_int(c, G, "header") == 0, "default bool");
    /* describe */
    const char *name, *type, *def, *help;
    int64_t k = 0;
    while (gnn_options_describe("read", k, &name, &type, &def, &help) == GNN_SUCCESS) {
        CHECK(name && type && help && help[0], "option %lld described", (long long)k);
        k++;
    }
    CHECK(k >= 8, "read has its options (%lld)", (long long)k);
    CHECK(gnn_options_describe("nope", 0, &name, NULL, NULL, NULL) == GNN_ENOTFOUND, "unknown group");
    const char *groups[] = {"read", "write", "generate.dsbm", "generate.sbm", "generate.er"};
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
        CHECK(gnn_i_optgroup_find(groups[i]) != NULL, "group %s registered", groups[i]);
    gnn_opts_destroy(&o);
    gnn_opts_destroy(&c);
    CHECK(o == NULL && c == NULL, "destroy NULLs");
    gnn_ctx_destroy(&ctx);
}

static void test_rng(void) {
    gnn_rng_t a, b, c;
    gnn_rng_init(&a, 7, 1, 2);
    gnn_rng_init(&b, 7, 1, 2);
    gnn_rng_init(&c, 7, 1, 3);
    int same = 1, diff = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = gnn_rng_u64(&a), y = gnn_rng_u64(&b), z = gnn_rng_u64(&c);
        same &= x == y;
        diff += x != z;
    }
    CHECK(same, "same stream repeats");
    CHECK(diff == 100, "other stream differs");
    CHECK(gnn_rng_hash(1, 2, 3) == gnn_rng_hash(1, 2, 3) && gnn_rng_hash(1, 2, 3) != gnn_rng_hash(1, 3, 2),
          "hash is a function of (seed, a, b) in order");
    /* moments, with bounds of about 5 standard errors */
    const int N = 200000;
    double s = 0, s2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < N; i++) {
        double u = gnn_rng_uniform(&a);
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
        s += u;
        s2 += u * u;
    }
    CHECK(lo >= 0 && hi < 1, "uniform range [%g, %g]", lo, hi);
    CHECK(fabs(s / N - 0.5) < 5 * sqrt(1.0 / 12 / N), "uniform mean %g", s / N);
    CHECK(fabs(s2 / N - 1.0 / 3) < 0.005, "uniform second moment %g", s2 / N);
    s = s2 = 0;
    for (int i = 0; i < N; i++) {
        double z = gnn_rng_normal(&a);
        s += z;
        s2 += z * z;
    }
    CHECK(fabs(s / N) < 5 / sqrt(N), "normal mean %g", s / N);
    CHECK(fabs(s2 / N - 1) < 0.02, "normal variance %g", s2 / N);
    /* below(n): uniform over 0..6 (chi-square with 6 dof, bound at p ~ 1e-6) */
    int64_t cnt[7] = {0};
    for (int i = 0; i < 70000; i++) {
        uint64_t k = gnn_rng_below(&a, 7);
        if (k >= 7) {
            CHECK(k < 7, "below range: %llu", (unsigned long long)k);
            return;
        }
        cnt[k]++;
    }
    double chi = 0;
    for (int k = 0; k < 7; k++) chi += (cnt[k] - 10000.0) * (cnt[k] - 10000.0) / 10000.0;
    CHECK(chi < 40, "below(7) chi-square %g", chi);
    CHECK(gnn_rng_below(&a, 1) == 0 && gnn_rng_below(&a, 0) == 0, "below(0|1)");
    /* binomial and geometric means and variances */
    const int64_t n = 1000;
    const double ps[] = {0.001, 0.03, 0.5, 0.97};
    for (int t = 0; t < 4; t++) {
        double p = ps[t], m = 0, v = 0;
        const int R = 4000;
        for (int i = 0; i < R; i++) {
            double x = (double)gnn_rng_binomial(&a, n, p);
            m += x;
            v += x * x;
        }
        m /= R;
        v = v / R - m * m;
        double mu = n * p, var = n * p * (1 - p);
        CHECK(fabs(m - mu) < 5 * sqrt(var / R) + 1e-9, "binomial(%lld, %g) mean %g vs %g", (long long)n, p, m, mu);
        CHECK(fabs(v - var) < 0.15 * var + 0.01, "binomial variance %g vs %g", v, var);
    }
    CHECK(gnn_rng_binomial(&a, 10, 0) == 0 && gnn_rng_binomial(&a, 10, 1) == 10, "binomial edges");
    double gm = 0;
    for (int i = 0; i < N; i++) gm += (double)gnn_rng_geometric(&a, 0.2);
    CHECK(fabs(gm / N - 4.0) < 5 * sqrt(20.0 / N), "geometric mean %g (expect 4)", gm / N);
    CHECK(gnn_rng_geometric(&a, 1.0) == 0, "geometric p=1");
    int64_t perm[50], seen[50] = {0};
    for (int i = 0; i < 50; i++) perm[i] = i;
    gnn_rng_shuffle(&a, perm, 50);
    int moved = 0;
    for (int i = 0; i < 50; i++) {
        seen[perm[i]]++;
        moved += perm[i] != i;
    }
    int ok = 1;
    for (int i = 0; i < 50; i++) ok &= seen[i] == 1;
    CHECK(ok && moved > 30, "shuffle is a permutation that moves things (%d moved)", moved);
}

static void test_names(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_i_names_t *t = NULL, *c = NULL, *s = NULL;
    OK(ctx, gnn_i_names_create(ctx, &t));
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        int64_t id;
        int added;
        int len = snprintf(buf, sizeof buf, "node-%d", i * 7);
        OK(ctx, gnn_i_names_intern(ctx, t, buf, (size_t)len, &id, &added));
        CHECK(added && id == i, "new name gets the next id");
    }
    int64_t id;
    int added;
    OK(ctx, gnn_i_names_intern(ctx, t, "node-70", 7, &id, &added));
    CHECK(!added && id == 10, "existing name keeps its id");
    CHECK(gnn_i_names_find(t, "node-70xyz", 7) == 10, "find uses the length");
    CHECK(gnn_i_names_find(t, "node-71", 7) == -1, "absent");
    CHECK(strcmp(gnn_i_names_get(t, 4999), "node-34993") == 0, "get");
    CHECK(gnn_i_names_intern(ctx, t, "a\0b", 3, &id, &added) == GNN_EPARSE, "NUL in a name");
    OK(ctx, gnn_i_names_copy(ctx, t, &c));
    CHECK(c->count == 5000 && gnn_i_names_find(c, "node-700", 8) == 100, "copy");
    int64_t pick[3] = {3, 1, 2};
    OK(ctx, gnn_i_names_select(ctx, t, pick, 3, &s));
    CHECK(s->count == 3 && strcmp(gnn_i_names_get(s, 0), "node-21") == 0, "select");
    gnn_i_names_destroy(ctx, &s);
    int64_t twice[2] = {1, 1};
    CHECK(gnn_i_names_select(ctx, t, twice, 2, &s) == GNN_EDUPLICATE && s == NULL, "select twice");
    gnn_i_names_destroy(ctx, &t);
    gnn_i_names_destroy(ctx, &c);
    CHECK(t == NULL, "destroy NULLs");
    gnn_ctx_destroy(&ctx);
}

static void test_u64set(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_i_u64set_t s;
    OK(ctx, gnn_i_u64set_init(ctx, &s, 1000));
    for (uint64_t k = 0; k < 1000; k++) CHECK(gnn_i_u64set_add(&s, k * 1000003ull), "add %llu", (unsigned long long)k);
    CHECK(!gnn_i_u64set_add(&s, 5 * 1000003ull), "present");
    CHECK(gnn_i_u64set_has(&s, 999 * 1000003ull) && !gnn_i_u64set_has(&s, 1), "has");
    CHECK(s.count == 1000, "count");
    gnn_i_u64set_free(ctx, &s);
    gnn_ctx_destroy(&ctx);
}

static int file_text(const char *path, char *buf, size_t size) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
    return (int)n;
}

static int dir_entries(const char *dir) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}

static void test_afile(void) {
    gnn_ctx_t *ctx = check_ctx();
    char dir[300], path[400], buf[64];
    snprintf(dir, sizeof dir, "%s/afile", check_tmpdir());
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    OK(ctx, gnn_write_file(ctx, path, "old\n", 4));
    gnn_i_afile_t *f = NULL;
    OK(ctx, gnn_i_afile_open(ctx, path, 0, &f));
    OK(ctx, gnn_i_afile_printf(ctx, f, "new %d\n", 1));
    CHECK(file_text(path, buf, sizeof buf) == 4 && strcmp(buf, "old\n") == 0, "target untouched while writing");
    CHECK(dir_entries(dir) == 2, "temp file beside the target");
    gnn_i_afile_abort(ctx, &f);
    CHECK(f == NULL && dir_entries(dir) == 1, "abort removes the temp file");
    CHECK(file_text(path, buf, sizeof buf) == 4 && strcmp(buf, "old\n") == 0, "abort keeps the old file");
    OK(ctx, gnn_i_afile_open(ctx, path, 0, &f));
    OK(ctx, gnn_i_afile_printf(ctx, f, "new %d\n", 2));
    OK(ctx, gnn_i_afile_commit(ctx, &f));
    CHECK(file_text(path, buf, sizeof buf) == 6 && strcmp(buf, "new 2\n") == 0, "commit replaces");
    CHECK(dir_entries(dir) == 1, "no temp left");
    char bad[400];
    snprintf(bad, sizeof bad, "%s/no/such/dir/x.txt", dir);
    CHECK(gnn_write_file(ctx, bad, "x", 1) == GNN_EIO, "missing directory");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "no/such/dir") != NULL, "message names the path: %s", gnn_ctx_errmsg(ctx));
    gnn_ctx_destroy(&ctx);
}

/* hooks: log, progress and interrupt reach the caller */
typedef struct hooks {
    int logs, progress, polls, stop_after;
} hooks_t;
static void on_log(void *ud, int level, const char *msg) {
    (void)level;
    if (msg && msg[0]) ((hooks_t *)ud)->logs++;
}
static void on_progress(void *ud, const char *stage, double done, double total) {
    (void)done;
    (void)total;
    if (stage) ((hooks_t *)ud)->progress++;
}
static int on_interrupt(void *ud) {
    hooks_t *h = ud;
    return ++h->polls > h->stop_after;
}

static void test_hooks(void) {
    gnn_ctx_t *ctx = check_ctx();
    hooks_t h = {0, 0, 0, 1000000};
    gnn_graph_t *g = NULL;
    OK(ctx, gnn_ctx_set_log(ctx, on_log, &h, GNN_LOG_INFO));
    OK(ctx, gnn_ctx_set_progress(ctx, on_progress, &h));
    OK(ctx, gnn_ctx_set_interrupt(ctx, on_interrupt, &h));
    const char *text = "a b\na b\nb c\n"; /* one duplicate: the merge is logged */
    OK(ctx, gnn_graph_parse(ctx, text, strlen(text), "t", NULL, &g));
    CHECK(h.logs >= 1, "duplicate merge logged (%d)", h.logs);
    gnn_graph_destroy(&g);
    gnn_dataset_t *ds = NULL;
    gnn_opts_t *o = NULL;
    OK(ctx, gnn_opts_create(&o));
    OK(ctx, gnn_opts_set(o, "n", "3000"));
    OK(ctx, gnn_dataset_generate(ctx, "dsbm", o, &ds));
    CHECK(h.progress >= 1, "progress reported (%d)", h.progress);
    CHECK(h.polls >= 1, "interrupt hook polled (%d)", h.polls);
    gnn_dataset_destroy(&ds);
    h.polls = 0;
    h.stop_after = 2;
    CHECK(gnn_dataset_generate(ctx, "dsbm", o, &ds) == GNN_EINTERRUPTED && ds == NULL, "interrupt stops generation");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "interrupt") != NULL, "message: %s", gnn_ctx_errmsg(ctx));
    gnn_opts_destroy(&o);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_ctx);
    RUN(test_status);
    RUN(test_opts);
    RUN(test_rng);
    RUN(test_names);
    RUN(test_u64set);
    RUN(test_afile);
    RUN(test_hooks);
    return check_summary();
}
