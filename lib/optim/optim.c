/* optim.c: SGD (momentum, Nesterov), Adam, AdamW; global-norm clipping;
 * step and cosine schedules with linear warm-up; early stopping.  Updates
 * are elementwise per parameter, so they are the same for any thread count;
 * the gradient norm is summed in double in parameter order. */
#include "optim_impl.h"

#include <math.h>
#include <string.h>

static const gnn_i_optspec_t optim_specs[] = {
    {"lr", "double", "0.01", 0, 1e6, "learning rate"},
    {"momentum", "double", "0", 0, 1, "sgd: momentum"},
    {"nesterov", "bool", "0", 1, 0, "sgd: Nesterov momentum"},
    {"beta1", "double", "0.9", 0, 0.999999, "adam, adamw: first-moment decay"},
    {"beta2", "double", "0.999", 0, 0.999999999, "adam, adamw: second-moment decay"},
    {"eps", "double", "1e-8", 0, 1, "adam, adamw: denominator term"},
    {"weight-decay", "double", "0", 0, 1e6, "L2 penalty (sgd, adam: added to the gradient; adamw: decoupled)"},
    {"clip-norm", "double", "0", 0, 1e30, "clip the global gradient norm to this value (0: off)"},
    {"schedule", "choice:none|step|cosine", "none", 1, 0, "learning-rate schedule"},
    {"step-size", "int", "100", 1, 1e12, "step: steps between decays"},
    {"gamma", "double", "0.1", 0, 1, "step: decay factor"},
    {"total-steps", "int", "1000", 1, 1e12, "cosine: steps to reach min-lr"},
    {"min-lr", "double", "0", 0, 1e6, "cosine: final learning rate"},
    {"warmup", "int", "0", 0, 1e12, "linear warm-up steps from 0 to lr"},
};
const gnn_i_optgroup_t gnn_i_group_optim = {"optim", optim_specs, (int64_t)(sizeof optim_specs / sizeof optim_specs[0])};

gnn_status_t gnn_optim_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *name, const gnn_opts_t *opts,
                              gnn_optim_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_optim_t *o = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_optim_create: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, ps != NULL, "gnn_optim_create: params is NULL");
    int kind = -1;
    if (name && strcmp(name, "sgd") == 0) kind = OPT_SGD;
    else if (name && strcmp(name, "adam") == 0) kind = OPT_ADAM;
    else if (name && strcmp(name, "adamw") == 0) kind = OPT_ADAMW;
    if (kind < 0) return gnn_i_error(ctx, GNN_ENOTFOUND, "unknown optimizer '%s' (sgd, adam, adamw)", name ? name : "(null)");
    GNN_CHECK(gnn_opts_validate(ctx, opts, "optim"));
    GNN_CALLOC(ctx, o, 1);
    o->ctx = ctx;
    o->alloc = ctx->alloc;
    o->ps = ps;
    o->kind = kind;
    const gnn_i_optgroup_t *G = &gnn_i_group_optim;
    o->lr0 = o->lr = gnn_i_opt_double(opts, G, "lr");
    o->momentum = gnn_i_opt_double(opts, G, "momentum");
    o->nesterov = (int)gnn_i_opt_int(opts, G, "nesterov");
    o->beta1 = gnn_i_opt_double(opts, G, "beta1");
    o->beta2 = gnn_i_opt_double(opts, G, "beta2");
    o->eps = gnn_i_opt_double(opts, G, "eps");
    o->wd = gnn_i_opt_double(opts, G, "weight-decay");
    o->clip = gnn_i_opt_double(opts, G, "clip-norm");
    o->schedule = gnn_i_opt_choice(opts, G, "schedule");
    o->step_size = gnn_i_opt_int(opts, G, "step-size");
    o->gamma = gnn_i_opt_double(opts, G, "gamma");
    o->total = gnn_i_opt_int(opts, G, "total-steps");
    o->min_lr = gnn_i_opt_double(opts, G, "min-lr");
    o->warmup = gnn_i_opt_int(opts, G, "warmup");
    *out = o;
    return GNN_SUCCESS;
fail:
    gnn_optim_destroy(&o);
    return status;
}

void gnn_optim_destroy(gnn_optim_t **po) {
    if (po == NULL || *po == NULL) return;
    gnn_optim_t *o = *po;
    gnn_i_alloc_t a = o->alloc;
    for (int64_t i = 0; i < o->nstate; i++) {
        gnn_i_alloc_free(&a, o->m[i]);
        gnn_i_alloc_free(&a, o->v[i]);
    }
    gnn_i_alloc_free(&a, o->m);
    gnn_i_alloc_free(&a, o->v);
    gnn_i_alloc_free(&a, o);
    *po = NULL;
}

/* state arrays for every parameter (params added after creation included) */
gnn_status_t gnn_i_optim_state(gnn_optim_t *o) {
    gnn_ctx_t *ctx = o->ctx;
    const int64_t np = gnn_params_count(o->ps);
    if (np <= o->nstate) return GNN_SUCCESS;
    float **m = gnn_i_realloc_n(ctx, o->m, (size_t)np, sizeof *m);
    if (m == NULL) return gnn_i_nomem(ctx, "optimizer state");
    o->m = m;
    float **v = gnn_i_realloc_n(ctx, o->v, (size_t)np, sizeof *v);
    if (v == NULL) return gnn_i_nomem(ctx, "optimizer state");
    o->v = v;
    for (int64_t i = o->nstate; i < np; i++) o->m[i] = o->v[i] = NULL;
    for (int64_t i = o->nstate; i < np; i++) {
        const int64_t n = gnn_tensor_numel(gnn_params_get(o->ps, i));
        const int need_m = o->kind != OPT_SGD || o->momentum > 0, need_v = o->kind != OPT_SGD;
        if (need_m && (o->m[i] = gnn_i_calloc(ctx, (size_t)n, sizeof(float))) == NULL) return gnn_i_nomem(ctx, "optimizer state");
        if (need_v && (o->v[i] = gnn_i_calloc(ctx, (size_t)n, sizeof(float))) == NULL) return gnn_i_nomem(ctx, "optimizer state");
        o->nstate = i + 1;
    }
    return GNN_SUCCESS;
}

static double scheduled_lr(const gnn_optim_t *o, int64_t t) {
    double lr = o->lr0;
    if (o->schedule == 1) lr = o->lr0 * pow(o->gamma, (double)(t / o->step_size));
    else if (o->schedule == 2) {
        double frac = t >= o->total ? 1.0 : (double)t / (double)o->total;
        lr = o->min_lr + 0.5 * (o->lr0 - o->min_lr) * (1.0 + cos(3.141592653589793 * frac));
    }
    if (o->warmup > 0 && t < o->warmup) lr *= (double)(t + 1) / (double)o->warmup;
    return lr;
}

gnn_status_t gnn_optim_step(gnn_optim_t *o, double *grad_norm) {
    if (o == NULL) return GNN_EINVAL;
    gnn_ctx_t *ctx = o->ctx;
    gnn_status_t st = gnn_i_optim_state(o);
    if (st < 0) return st;
    const int64_t np = gnn_params_count(o->ps);
    double norm2 = 0;
    for (int64_t i = 0; i < np; i++) {
        gnn_tensor_t *p = gnn_params_get(o->ps, i);
        if (!gnn_tensor_requires_grad(p)) continue;
        const float *g = gnn_tensor_grad(p);
        const int64_t n = gnn_tensor_numel(p);
        /* eight fixed lanes: a sum in a set order the compiler may vectorise */
        double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t j = 0;
        for (; j + 8 <= n; j += 8)
            for (int k = 0; k < 8; k++) s[k] += (double)g[j + k] * g[j + k];
        for (; j < n; j++) s[j & 7] += (double)g[j] * g[j];
        norm2 += ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    }
    const double norm = sqrt(norm2);
    if (grad_norm) *grad_norm = norm;
    if (!isfinite(norm)) return gnn_i_error(ctx, GNN_ENUMERIC, "gnn_optim_step: the gradient is not finite (norm %g)", norm);
    const float clip = (o->clip > 0 && norm > o->clip) ? (float)(o->clip / norm) : 1.0f;
    if (o->schedule != 0 || o->warmup > 0) o->lr = scheduled_lr(o, o->steps);
    const float lr = (float)o->lr, wd = (float)o->wd, b1 = (float)o->beta1, b2 = (float)o->beta2, eps = (float)o->eps;
    const float mom = (float)o->momentum;
    const int64_t t = o->steps + 1;
    const double bc1 = 1.0 - pow(o->beta1, (double)t), bc2 = 1.0 - pow(o->beta2, (double)t);
    /* Adam in the usual rearranged form: w -= lr_t m / (sqrt(v) + eps_t) with
     * lr_t = lr sqrt(1 - b2^t) / (1 - b1^t) and eps_t = eps sqrt(1 - b2^t) */
    const float lr_t = (float)(o->lr * sqrt(bc2) / bc1), eps_t = (float)(o->eps * sqrt(bc2));
    (void)b1, (void)b2, (void)eps;
    for (int64_t i = 0; i < np; i++) {
        gnn_tensor_t *p = gnn_params_get(o->ps, i);
        if (!gnn_tensor_requires_grad(p)) continue;
        float *restrict w = gnn_tensor_data(p), *restrict m = o->m[i], *restrict v = o->v[i];
        const float *restrict g = gnn_tensor_grad(p);
        const int64_t n = gnn_tensor_numel(p);
        const int nth = gnn_i_threads(ctx, n, 1 << 16);
        const float B1 = (float)o->beta1, B2 = (float)o->beta2, WD = wd;
        if (o->kind == OPT_SGD) {
#pragma omp parallel for schedule(static) num_threads(nth)
            for (int64_t j = 0; j < n; j++) {
                float gj = g[j] * clip + WD * w[j];
                if (m) {
                    m[j] = mom * m[j] + gj;
                    gj = o->nesterov ? gj + mom * m[j] : m[j];
                }
                w[j] -= lr * gj;
            }
        } else if (o->kind == OPT_ADAM) {
#pragma omp parallel for schedule(static) num_threads(nth)
            for (int64_t j = 0; j < n; j++) {
                const float gj = g[j] * clip + WD * w[j];
                m[j] = B1 * m[j] + (1 - B1) * gj;
                v[j] = B2 * v[j] + (1 - B2) * gj * gj;
                w[j] -= lr_t * m[j] / (sqrtf(v[j]) + eps_t);
            }
        } else {
#pragma omp parallel for schedule(static) num_threads(nth)
            for (int64_t j = 0; j < n; j++) {
                const float gj = g[j] * clip;
                w[j] -= lr * WD * w[j]; /* AdamW: decoupled */
                m[j] = B1 * m[j] + (1 - B1) * gj;
                v[j] = B2 * v[j] + (1 - B2) * gj * gj;
                w[j] -= lr_t * m[j] / (sqrtf(v[j]) + eps_t);
            }
        }
    }
    o->steps++;
    return GNN_SUCCESS;
}

void gnn_optim_zero_grad(gnn_optim_t *o) {
    if (o) gnn_params_zero_grad(o->ps);
}
double gnn_optim_lr(const gnn_optim_t *o) {
    return o ? o->lr : 0.0;
}
void gnn_optim_set_lr(gnn_optim_t *o, double lr) {
    if (o) o->lr = o->lr0 = lr;
}
int64_t gnn_optim_steps(const gnn_optim_t *o) {
    return o ? o->steps : 0;
}

/* ---------------------------------------------------------------- early stopping */

struct gnn_early_stop {
    gnn_i_alloc_t alloc;
    int larger;
    int64_t patience, best_epoch, last_epoch;
    double min_delta, best;
    int have;
};

gnn_status_t gnn_early_stop_create(gnn_ctx_t *ctx, int larger_is_better, int64_t patience, double min_delta,
                                   gnn_early_stop_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_early_stop_t *es = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_early_stop_create: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, patience >= 0 && min_delta >= 0, "gnn_early_stop_create: need patience >= 0 and min_delta >= 0");
    GNN_CALLOC(ctx, es, 1);
    es->alloc = ctx->alloc;
    es->larger = larger_is_better != 0;
    es->patience = patience;
    es->min_delta = min_delta;
    es->best_epoch = -1;
    *out = es;
fail:
    return status;
}

void gnn_early_stop_destroy(gnn_early_stop_t **pes) {
    if (pes == NULL || *pes == NULL) return;
    gnn_i_alloc_t a = (*pes)->alloc;
    gnn_i_alloc_free(&a, *pes);
    *pes = NULL;
}

int gnn_early_stop_update(gnn_early_stop_t *es, int64_t epoch, double metric) {
    if (es == NULL) return 0;
    es->last_epoch = epoch;
    if (isnan(metric)) return 0;
    int better = !es->have || (es->larger ? metric > es->best + es->min_delta : metric < es->best - es->min_delta);
    if (better) {
        es->have = 1;
        es->best = metric;
        es->best_epoch = epoch;
    }
    return better;
}

int gnn_early_stop_should_stop(const gnn_early_stop_t *es) {
    return es != NULL && es->have && es->patience > 0 && es->last_epoch - es->best_epoch >= es->patience;
}
double gnn_early_stop_best(const gnn_early_stop_t *es) {
    return (es && es->have) ? es->best : NAN;
}
int64_t gnn_early_stop_best_epoch(const gnn_early_stop_t *es) {
    return es ? es->best_epoch : -1;
}
