/* test_optim.c: optimizers against their update formulas, clipping,
 * schedules, early stopping, checkpoints (round trip, resumed training,
 * refusal of damaged files), and no allocation in a training step after
 * the first ones. */
#include "check.h"

#include <gnn/aggr.h>
#include <gnn/autograd.h>
#include <gnn/layers.h>
#include <gnn/optim.h>

#include <sys/stat.h>

/* loss = sum_i c_i * w_i (gradient c) for a 1 x n parameter */
static gnn_status_t linear_loss(gnn_tape_t *tp, gnn_tensor_t *w, const float *c, int64_t n, gnn_tensor_t **loss) {
    gnn_tensor_t *ct;
    const int64_t shape[2] = {1, n};
    gnn_status_t st = gnn_tensor_from_data(tp, 2, shape, c, &ct);
    if (st >= 0) st = gnn_mul(tp, w, ct, loss);
    if (st >= 0) st = gnn_sum(tp, *loss, -1, loss);
    return st;
}

static void step_with(gnn_ctx_t *ctx, gnn_tape_t *tp, gnn_optim_t *o, gnn_tensor_t *w, const float *c, int64_t n) {
    gnn_tensor_t *loss;
    gnn_tape_reset(tp);
    gnn_optim_zero_grad(o);
    if (linear_loss(tp, w, c, n, &loss) < 0 || gnn_tape_backward(tp, loss) < 0 || gnn_optim_step(o, NULL) < 0)
        fprintf(stderr, "  step failed: %s\n", gnn_ctx_errmsg(ctx));
}

static void test_sgd_adam(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_params_t *ps = NULL;
    gnn_tape_t *tp = NULL;
    gnn_optim_t *o = NULL;
    gnn_opts_t *opts = NULL;
    gnn_tensor_t *w;
    const int64_t shape[2] = {1, 2};
    const float c[2] = {3, -4};
    OK(ctx, gnn_params_create(ctx, &ps));
    OK(ctx, gnn_params_add(ps, "w", 2, shape, &w));
    OK(ctx, gnn_tape_create(ctx, &tp));
    OK(ctx, gnn_opts_create(&opts));
    /* SGD with momentum 0.9 and weight decay 0.1, two steps by hand */
    gnn_opts_set(opts, "lr", "0.5");
    gnn_opts_set(opts, "momentum", "0.9");
    gnn_opts_set(opts, "weight-decay", "0.1");
    gnn_tensor_data(w)[0] = 1, gnn_tensor_data(w)[1] = 2;
    OK(ctx, gnn_optim_create(ctx, ps, "sgd", opts, &o));
    double w0 = 1, w1 = 2, m0 = 0, m1 = 0;
    for (int s = 0; s < 2; s++) {
        step_with(ctx, tp, o, w, c, 2);
        double g0 = 3 + 0.1 * w0, g1 = -4 + 0.1 * w1;
        m0 = 0.9 * m0 + g0, m1 = 0.9 * m1 + g1;
        w0 -= 0.5 * m0, w1 -= 0.5 * m1;
    }
    CHECK(CLOSE(gnn_tensor_data(w)[0], w0, 1e-6) && CLOSE(gnn_tensor_data(w)[1], w1, 1e-6), "sgd momentum: %g %g vs %g %g",
          gnn_tensor_data(w)[0], gnn_tensor_data(w)[1], w0, w1);
    CHECK(gnn_optim_steps(o) == 2, "steps counted");
    gnn_optim_destroy(&o);
    /* Adam: the first step moves each weight by lr * sign(g) */
    gnn_opts_destroy(&opts);
    OK(ctx, gnn_opts_create(&opts));
    gnn_opts_set(opts, "lr", "0.01");
    gnn_tensor_data(w)[0] = 1, gnn_tensor_data(w)[1] = 2;
    OK(ctx, gnn_optim_create(ctx, ps, "adam", opts, &o));
    step_with(ctx, tp, o, w, c, 2);
    CHECK(CLOSE(gnn_tensor_data(w)[0], 0.99, 1e-6) && CLOSE(gnn_tensor_data(w)[1], 2.01, 1e-6), "adam first step: %g %g",
          gnn_tensor_data(w)[0], gnn_tensor_data(w)[1]);
    gnn_optim_destroy(&o);
    /* AdamW: decoupled decay w -= lr * wd * w before the Adam step */
    gnn_opts_set(opts, "weight-decay", "0.5");
    gnn_tensor_data(w)[0] = 1, gnn_tensor_data(w)[1] = 2;
    OK(ctx, gnn_optim_create(ctx, ps, "adamw", opts, &o));
    step_with(ctx, tp, o, w, c, 2);
    CHECK(CLOSE(gnn_tensor_data(w)[0], 1 - 0.005 - 0.01, 1e-6) && CLOSE(gnn_tensor_data(w)[1], 2 - 0.01 + 0.01, 1e-6),
          "adamw first step: %g %g", gnn_tensor_data(w)[0], gnn_tensor_data(w)[1]);
    gnn_optim_destroy(&o);
    /* clipping: gradient (3, -4) has norm 5; clipped to 1 -> (0.6, -0.8) */
    gnn_opts_destroy(&opts);
    OK(ctx, gnn_opts_create(&opts));
    gnn_opts_set(opts, "lr", "1");
    gnn_opts_set(opts, "clip-norm", "1");
    gnn_tensor_data(w)[0] = 0, gnn_tensor_data(w)[1] = 0;
    OK(ctx, gnn_optim_create(ctx, ps, "sgd", opts, &o));
    double norm = 0;
    gnn_tensor_t *loss;
    gnn_tape_reset(tp);
    gnn_optim_zero_grad(o);
    OK(ctx, linear_loss(tp, w, c, 2, &loss));
    OK(ctx, gnn_tape_backward(tp, loss));
    OK(ctx, gnn_optim_step(o, &norm));
    CHECK(CLOSE(norm, 5, 1e-6), "norm before clipping %g", norm);
    CHECK(CLOSE(gnn_tensor_data(w)[0], -0.6, 1e-6) && CLOSE(gnn_tensor_data(w)[1], 0.8, 1e-6), "clipped step");
    gnn_optim_destroy(&o);
    /* bad names and options */
    CHECK(gnn_optim_create(ctx, ps, "rmsprop", NULL, &o) == GNN_ENOTFOUND && o == NULL, "unknown optimizer");
    gnn_opts_set(opts, "lr", "-1");
    CHECK(gnn_optim_create(ctx, ps, "sgd", opts, &o) == GNN_EINVAL, "negative lr refused");
    gnn_opts_destroy(&opts);
    gnn_tape_destroy(&tp);
    gnn_params_destroy(&ps);
    gnn_ctx_destroy(&ctx);
}

static void test_schedules(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_params_t *ps = NULL;
    gnn_tape_t *tp = NULL;
    gnn_optim_t *o = NULL;
    gnn_opts_t *opts = NULL;
    gnn_tensor_t *w;
    const int64_t shape[2] = {1, 1};
    const float c[1] = {1};
    OK(ctx, gnn_params_create(ctx, &ps));
    OK(ctx, gnn_params_add(ps, "w", 2, shape, &w));
    OK(ctx, gnn_tape_create(ctx, &tp));
    OK(ctx, gnn_opts_create(&opts));
    gnn_opts_set(opts, "lr", "1");
    gnn_opts_set(opts, "schedule", "step");
    gnn_opts_set(opts, "step-size", "3");
    gnn_opts_set(opts, "gamma", "0.5");
    OK(ctx, gnn_optim_create(ctx, ps, "sgd", opts, &o));
    double lrs[7];
    for (int s = 0; s < 7; s++) {
        step_with(ctx, tp, o, w, c, 1);
        lrs[s] = gnn_optim_lr(o);
    }
    CHECK(lrs[0] == 1 && lrs[2] == 1 && lrs[3] == 0.5 && lrs[6] == 0.25, "step schedule %g %g %g %g", lrs[0], lrs[2],
          lrs[3], lrs[6]);
    gnn_optim_destroy(&o);
    gnn_opts_set(opts, "schedule", "cosine");
    gnn_opts_set(opts, "total-steps", "10");
    gnn_opts_set(opts, "min-lr", "0.2");
    OK(ctx, gnn_optim_create(ctx, ps, "sgd", opts, &o));
    for (int s = 0; s < 6; s++) {
        step_with(ctx, tp, o, w, c, 1);
        lrs[s] = gnn_optim_lr(o);
    }
    CHECK(lrs[0] == 1 && CLOSE(lrs[5], 0.6, 1e-12), "cosine: start 1, half-way 0.6: %g %g", lrs[0], lrs[5]);
    gnn_optim_destroy(&o);
    gnn_opts_set(opts, "schedule", "none");
    gnn_opts_set(opts, "warmup", "4");
    OK(ctx, gnn_optim_create(ctx, ps, "sgd", opts, &o));
    for (int s = 0; s < 5; s++) {
        step_with(ctx, tp, o, w, c, 1);
        lrs[s] = gnn_optim_lr(o);
    }
    CHECK(lrs[0] == 0.25 && lrs[3] == 1 && lrs[4] == 1, "warm-up %g %g %g", lrs[0], lrs[3], lrs[4]);
    gnn_optim_destroy(&o);
    gnn_opts_destroy(&opts);
    gnn_tape_destroy(&tp);
    gnn_params_destroy(&ps);
    /* early stopping */
    gnn_early_stop_t *es = NULL;
    OK(ctx, gnn_early_stop_create(ctx, 1, 3, 0.0, &es));
    const double vals[] = {0.1, 0.5, 0.4, 0.5, 0.45, 0.3};
    int improved[6];
    for (int i = 0; i < 6; i++) improved[i] = gnn_early_stop_update(es, i, vals[i]);
    CHECK(improved[0] && improved[1] && !improved[2] && !improved[3], "ties do not count as improvement");
    CHECK(gnn_early_stop_best(es) == 0.5 && gnn_early_stop_best_epoch(es) == 1, "best");
    CHECK(gnn_early_stop_should_stop(es), "3 epochs without improvement stop");
    gnn_early_stop_destroy(&es);
    gnn_ctx_destroy(&ctx);
}

/* a small model: 2-layer MLP on random data with cross-entropy */
typedef struct toy {
    gnn_params_t *ps;
    gnn_mlp_t *mlp;
    gnn_optim_t *opt;
    gnn_tape_t *tp;
} toy_t;

static int toy_make(gnn_ctx_t *ctx, toy_t *t) {
    memset(t, 0, sizeof *t);
    const int64_t dims[3] = {5, 8, 3};
    gnn_opts_t *o = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "lr", "0.05");
    int ok = gnn_params_create(ctx, &t->ps) >= 0 && gnn_mlp_create(ctx, t->ps, "mlp", 2, dims, GNN_ACT_RELU, 1, 0.2f, &t->mlp) >= 0 &&
             gnn_optim_create(ctx, t->ps, "adam", o, &t->opt) >= 0 && gnn_tape_create(ctx, &t->tp) >= 0;
    gnn_opts_destroy(&o);
    return ok;
}

static void toy_free(toy_t *t) {
    gnn_mlp_destroy(&t->mlp);
    gnn_optim_destroy(&t->opt);
    gnn_tape_destroy(&t->tp);
    gnn_params_destroy(&t->ps);
}

static float toy_step(gnn_ctx_t *ctx, toy_t *t) {
    static float x[40 * 5];
    static int64_t y[40];
    for (int i = 0; i < 40 * 5; i++) x[i] = (float)sin(0.3 * i);
    for (int i = 0; i < 40; i++) y[i] = i % 3;
    const int64_t shape[2] = {40, 5};
    gnn_tensor_t *X, *Z, *L;
    gnn_tape_reset(t->tp);
    gnn_optim_zero_grad(t->opt);
    if (gnn_tensor_from_data(t->tp, 2, shape, x, &X) < 0 || gnn_mlp_forward(t->tp, t->mlp, X, &Z) < 0 ||
        gnn_cross_entropy(t->tp, Z, y, NULL, 0, &L) < 0 || gnn_tape_backward(t->tp, L) < 0 ||
        gnn_optim_step(t->opt, NULL) < 0) {
        fprintf(stderr, "  toy step: %s\n", gnn_ctx_errmsg(ctx));
        return NAN;
    }
    return gnn_tensor_item(L);
}

static void test_checkpoint(void) {
    gnn_ctx_t *ctx = check_ctx();
    toy_t a, b;
    char path[512], bad[512];
    snprintf(path, sizeof path, "%s/model.ckpt", check_tmpdir());
    REQUIRE(toy_make(ctx, &a), "toy a");
    for (int s = 0; s < 5; s++) toy_step(ctx, &a);
    gnn_opts_t *cfg = NULL;
    gnn_opts_create(&cfg);
    gnn_opts_set(cfg, "hidden", "8");
    gnn_opts_set(cfg, "note", "tab\there");
    OK(ctx, gnn_checkpoint_save(ctx, path, "toy", cfg, a.ps, a.opt));
    float la[5], lb[5];
    for (int s = 0; s < 5; s++) la[s] = toy_step(ctx, &a);
    /* a fresh model loaded from the checkpoint continues identically */
    REQUIRE(toy_make(ctx, &b), "toy b");
    gnn_tape_set_step(b.tp, gnn_tape_step(a.tp) - 5); /* same dropout stream */
    OK(ctx, gnn_checkpoint_load(ctx, path, b.ps, b.opt));
    CHECK(gnn_optim_steps(b.opt) == 5, "optimizer steps restored");
    for (int s = 0; s < 5; s++) lb[s] = toy_step(ctx, &b);
    CHECK(memcmp(la, lb, sizeof la) == 0, "resumed training is bitwise identical (%g vs %g)", la[4], lb[4]);
    char model[32];
    gnn_opts_t *got = NULL;
    OK(ctx, gnn_checkpoint_info(ctx, path, model, sizeof model, &got));
    CHECK(strcmp(model, "toy") == 0 && strcmp(gnn_opts_get(got, "hidden"), "8") == 0 &&
              strcmp(gnn_opts_get(got, "note"), "tab\there") == 0, "info: model and configuration");
    gnn_opts_destroy(&got);
    /* damaged files are refused and leave the parameters alone */
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL, "open");
    static unsigned char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    float before = gnn_tensor_data(gnn_params_get(b.ps, 0))[0];
    struct {
        const char *what, *expect;
        size_t len;
        int pos, xor;
    } cases[] = {{"truncated", "truncated", n - 7, -1, 0},
                 {"flipped byte", "checksum", n, (int)n / 2, 0x40},
                 {"wrong version", "version", n, 8, 0x02},
                 {"bad magic", "magic", n, 0, 0x01},
                 {"tiny", "too short", 10, -1, 0}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        snprintf(bad, sizeof bad, "%s/bad%zu.ckpt", check_tmpdir(), k);
        if (cases[k].pos >= 0) buf[cases[k].pos] ^= (unsigned char)cases[k].xor;
        f = fopen(bad, "wb");
        fwrite(buf, 1, cases[k].len, f);
        fclose(f);
        if (cases[k].pos >= 0) buf[cases[k].pos] ^= (unsigned char)cases[k].xor;
        CHECK(gnn_checkpoint_load(ctx, bad, b.ps, b.opt) == GNN_EFORMAT, "%s refused", cases[k].what);
        CHECK(strstr(gnn_ctx_errmsg(ctx), cases[k].expect) != NULL, "%s: message '%s'", cases[k].what, gnn_ctx_errmsg(ctx));
    }
    CHECK(gnn_tensor_data(gnn_params_get(b.ps, 0))[0] == before, "parameters untouched by refused files");
    /* a model of another shape is refused */
    gnn_params_t *other = NULL;
    gnn_mlp_t *m2 = NULL;
    const int64_t dims[3] = {5, 9, 3};
    OK(ctx, gnn_params_create(ctx, &other));
    OK(ctx, gnn_mlp_create(ctx, other, "mlp", 2, dims, GNN_ACT_RELU, 1, 0.2f, &m2));
    CHECK(gnn_checkpoint_load(ctx, path, other, NULL) == GNN_EFORMAT, "other shape refused: %s", gnn_ctx_errmsg(ctx));
    gnn_mlp_destroy(&m2);
    gnn_params_destroy(&other);
    snprintf(bad, sizeof bad, "%s/nodir/x.ckpt", check_tmpdir());
    CHECK(gnn_checkpoint_save(ctx, bad, "toy", cfg, a.ps, NULL) == GNN_EIO, "save into a missing directory");
    gnn_opts_destroy(&cfg);
    toy_free(&a);
    toy_free(&b);
    gnn_ctx_destroy(&ctx);
}

static void test_no_alloc_in_steps(void) {
    gnn_ctx_t *ctx = check_ctx();
    check_counter_t cnt = {0};
    gnn_ctx_set_allocator(ctx, check_count_malloc, check_count_realloc, check_count_free, &cnt);
    /* an MLP plus mean aggregation over a graph, trained for 12 steps */
    gnn_graph_t *g = NULL;
    int64_t u[300], v[300];
    for (int i = 0; i < 300; i++) u[i] = (i * 7) % 40, v[i] = (i * 13 + 5) % 40;
    OK(ctx, gnn_graph_from_edges(ctx, 40, 300, u, v, NULL, NULL, 0, GNN_DUP_KEEP, &g));
    toy_t t;
    REQUIRE(toy_make(ctx, &t), "toy");
    gnn_aggr_t *ag = NULL;
    OK(ctx, gnn_aggr_create(ctx, "mean", 3, NULL, t.ps, "agg", &ag));
    long after2 = 0;
    for (int s = 0; s < 12; s++) {
        if (s == 3) after2 = cnt.n;
        toy_step(ctx, &t);
    }
    CHECK(cnt.n == after2, "steps 4..12 made %ld allocations", cnt.n - after2);
    CHECK(gnn_tape_arena_allocs(t.tp) <= 2, "arena chunks allocated: %lld", (long long)gnn_tape_arena_allocs(t.tp));
    gnn_aggr_destroy(&ag);
    toy_free(&t);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* the arena: a step that outgrows it makes several chunks; the reset
 * coalesces them into one of 1.5 times what the step used (not the sum of
 * the chunks' sizes, which grew by doubling), the same step then makes no
 * allocation, and every tensor stays 64-byte aligned */
static void test_arena(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_tape_t *tp = NULL;
    OK(ctx, gnn_tape_create(ctx, &tp));
    const int64_t shape[2] = {1000, 250}; /* 1,000,000 bytes each */
    const int64_t need = 40 * 1000 * 250 * (int64_t)sizeof(float);
    for (int step = 0; step < 3; step++) {
        gnn_tape_reset(tp);
        const int64_t allocs = gnn_tape_arena_allocs(tp);
        int misaligned = 0;
        for (int i = 0; i < 40; i++) {
            gnn_tensor_t *t = NULL;
            OK(ctx, gnn_tensor_zeros(tp, 2, shape, &t));
            misaligned += t != NULL && ((uintptr_t)gnn_tensor_data(t) & 63) != 0;
        }
        CHECK(misaligned == 0, "step %d: %d tensors not 64-byte aligned", step, misaligned);
        if (step == 0) CHECK(gnn_tape_arena_allocs(tp) > allocs + 1, "the first step grew the arena in chunks");
        if (step == 2) CHECK(gnn_tape_arena_allocs(tp) == allocs, "step 3 made %lld arena allocations",
                             (long long)(gnn_tape_arena_allocs(tp) - allocs));
        if (step == 0) {
            gnn_tape_reset(tp);
            const int64_t bytes = gnn_tape_arena_bytes(tp);
            /* 1.5 times the need (tensor headers and alignment add a little
             * to the 40 MB of data) */
            CHECK(bytes >= need + need / 2 && bytes <= need + need / 2 + need / 50,
                  "after the reset the arena holds %lld bytes for %lld used", (long long)bytes, (long long)need);
        }
    }
    gnn_tape_destroy(&tp);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_sgd_adam);
    RUN(test_schedules);
    RUN(test_checkpoint);
    RUN(test_no_alloc_in_steps);
    RUN(test_arena);
    return check_summary();
}
