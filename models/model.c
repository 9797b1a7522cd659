/* model.c: the model core: registry, options, results, save and load. */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const gnn_model_impl_t gnn_i_model_mpnn, gnn_i_model_digrac, gnn_i_model_herm, gnn_i_model_herm_rw,
    gnn_i_model_bi_sym, gnn_i_model_disg_lr, gnn_i_model_nbfnet, gnn_i_model_walkpool, gnn_i_model_pathnn;

static const gnn_model_impl_t *const models[] = {
    &gnn_i_model_mpnn, &gnn_i_model_digrac, &gnn_i_model_herm, &gnn_i_model_herm_rw, &gnn_i_model_bi_sym,
    &gnn_i_model_disg_lr, &gnn_i_model_nbfnet, &gnn_i_model_walkpool, &gnn_i_model_pathnn,
};

double gnn_i_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int gnn_i_grow(gnn_ctx_t *ctx, void **p, int64_t *cap, int64_t need, size_t size) {
    if (need <= *cap) return 0;
    int64_t nc = *cap ? *cap : 64;
    while (nc < need) nc *= 2;
    void *q = gnn_i_realloc_n(ctx, *p, (size_t)nc, size);
    if (q == NULL) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

void gnn_i_params_copy(gnn_params_t *ps, float *buf, int save) {
    int64_t off = 0;
    for (int64_t i = 0; i < gnn_params_count(ps); i++) {
        gnn_tensor_t *p = gnn_params_get(ps, i);
        const size_t bytes = sizeof(float) * (size_t)gnn_tensor_numel(p);
        if (save) memcpy(buf + off, gnn_tensor_data(p), bytes);
        else memcpy(gnn_tensor_data(p), buf + off, bytes);
        off += gnn_tensor_numel(p);
    }
}

gnn_status_t gnn_i_runstats_add(gnn_ctx_t *ctx, gnn_i_runstats_t *rs, const char *name, double value) {
    int i;
    for (i = 0; i < rs->n; i++)
        if (strcmp(rs->name[i], name) == 0) break;
    if (i == rs->n) {
        if (rs->n == rs->cap) {
            const int nc = rs->cap ? 2 * rs->cap : 32;
            char(*nm)[48] = gnn_i_realloc_n(ctx, rs->name, (size_t)nc, sizeof *nm);
            if (nm == NULL) return gnn_i_nomem(ctx, "metrics");
            rs->name = nm;
            double *a = gnn_i_realloc_n(ctx, rs->sum, (size_t)nc, sizeof *a);
            if (a == NULL) return gnn_i_nomem(ctx, "metrics");
            rs->sum = a;
            a = gnn_i_realloc_n(ctx, rs->sum2, (size_t)nc, sizeof *a);
            if (a == NULL) return gnn_i_nomem(ctx, "metrics");
            rs->sum2 = a;
            int64_t *c = gnn_i_realloc_n(ctx, rs->count, (size_t)nc, sizeof *c);
            if (c == NULL) return gnn_i_nomem(ctx, "metrics");
            rs->count = c;
            rs->cap = nc;
        }
        snprintf(rs->name[i], sizeof rs->name[i], "%s", name);
        rs->sum[i] = rs->sum2[i] = 0;
        rs->count[i] = 0;
        rs->n++;
    }
    rs->sum[i] += value;
    rs->sum2[i] += value * value;
    rs->count[i]++;
    return GNN_SUCCESS;
}

void gnn_i_runstats_publish(gnn_model_t *m, const gnn_i_runstats_t *rs, int with_std) {
    for (int i = 0; i < rs->n; i++) {
        const double c = (double)rs->count[i], mean = rs->sum[i] / c;
        gnn_i_model_set_metric(m, rs->name[i], mean);
        if (with_std) {
            char nm[64];
            double var = c > 1 ? (rs->sum2[i] - c * mean * mean) / (c - 1) : 0;
            snprintf(nm, sizeof nm, "%s_std", rs->name[i]);
            gnn_i_model_set_metric(m, nm, sqrt(var > 0 ? var : 0));
        }
    }
}

void gnn_i_runstats_free(gnn_ctx_t *ctx, gnn_i_runstats_t *rs) {
    gnn_i_free(ctx, rs->name);
    gnn_i_free(ctx, rs->sum);
    gnn_i_free(ctx, rs->sum2);
    gnn_i_free(ctx, rs->count);
    memset(rs, 0, sizeof *rs);
}

static const gnn_model_impl_t *find_impl(const char *name) {
    for (size_t i = 0; name && i < sizeof models / sizeof models[0]; i++)
        if (strcmp(models[i]->name, name) == 0) return models[i];
    return NULL;
}

const char *gnn_model_builtin(int64_t i) {
    return (i >= 0 && i < (int64_t)(sizeof models / sizeof models[0])) ? models[i]->name : NULL;
}

const char *gnn_model_summary(const char *name) {
    const gnn_model_impl_t *impl = find_impl(name);
    return impl ? impl->summary : NULL;
}

gnn_status_t gnn_model_create(gnn_ctx_t *ctx, const char *name, const gnn_opts_t *opts, gnn_model_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_model_t *m = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_model_create: out is NULL");
    *out = NULL;
    const gnn_model_impl_t *impl = find_impl(name);
    if (impl == NULL) {
        char list[256] = "";
        for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
            if (i) strncat(list, ", ", sizeof list - strlen(list) - 1);
            strncat(list, models[i]->name, sizeof list - strlen(list) - 1);
        }
        return gnn_i_error(ctx, GNN_ENOTFOUND, "unknown model '%s' (available: %s)", name ? name : "(null)", list);
    }
    GNN_CHECK(gnn_opts_validate(ctx, opts, impl->group->name));
    GNN_CALLOC(ctx, m, 1);
    m->ctx = ctx;
    m->alloc = ctx->alloc;
    m->impl = impl;
    if (gnn_opts_copy(opts, &m->opts) != GNN_SUCCESS || gnn_opts_create(&m->meta) != GNN_SUCCESS) {
        status = gnn_i_nomem(ctx, "model options");
        goto fail;
    }
    GNN_CHECK(gnn_params_create(ctx, &m->ps));
    *out = m;
    return GNN_SUCCESS;
fail:
    gnn_model_destroy(&m);
    return status;
}

void gnn_model_destroy(gnn_model_t **pm) {
    if (pm == NULL || *pm == NULL) return;
    gnn_model_t *m = *pm;
    gnn_ctx_t *ctx = m->ctx;
    if (m->impl && m->impl->free_state) m->impl->free_state(m);
    gnn_params_destroy(&m->ps);
    gnn_opts_destroy(&m->opts);
    gnn_opts_destroy(&m->meta);
    gnn_i_model_clear_results(m);
    gnn_i_free(ctx, m->h_epoch);
    gnn_i_free(ctx, m->h_sec);
    gnn_i_free(ctx, m->h_loss);
    gnn_i_free(ctx, m->h_valid);
    gnn_i_alloc_t a = m->alloc;
    gnn_i_alloc_free(&a, m);
    *pm = NULL;
}

const char *gnn_model_name(const gnn_model_t *m) {
    return m ? m->impl->name : NULL;
}

const char *gnn_model_option(const gnn_model_t *m, const char *name) {
    if (m == NULL || name == NULL) return NULL;
    const char *v = m->meta ? gnn_opts_get(m->meta, name) : NULL; /* learnt from the data */
    return v ? v : gnn_i_opt_string(m->opts, m->impl->group, name);
}

int64_t gnn_i_model_meta_int(const gnn_model_t *m, const char *name) {
    const char *v = m->meta ? gnn_opts_get(m->meta, name) : NULL;
    return v ? strtoll(v, NULL, 10) : -1;
}

int64_t gnn_i_model_int(const gnn_model_t *m, const char *name) {
    return gnn_i_opt_int(m->opts, m->impl->group, name);
}
double gnn_i_model_double(const gnn_model_t *m, const char *name) {
    return gnn_i_opt_double(m->opts, m->impl->group, name);
}
const char *gnn_i_model_string(const gnn_model_t *m, const char *name) {
    return gnn_i_opt_string(m->opts, m->impl->group, name);
}
int gnn_i_model_choice(const gnn_model_t *m, const char *name) {
    return gnn_i_opt_choice(m->opts, m->impl->group, name);
}

void gnn_i_model_set_metric(gnn_model_t *m, const char *name, double value) {
    for (int i = 0; i < m->nmetrics; i++)
        if (strcmp(m->metric_name[i], name) == 0) {
            m->metric[i] = value;
            return;
        }
    if (m->nmetrics == GNN_MAX_METRICS) return;
    snprintf(m->metric_name[m->nmetrics], sizeof m->metric_name[0], "%s", name);
    m->metric[m->nmetrics++] = value;
}

void gnn_i_model_clear_results(gnn_model_t *m) {
    m->nmetrics = 0;
    gnn_i_free(m->ctx, m->outputs);
    gnn_i_free(m->ctx, m->assign);
    m->outputs = NULL;
    m->assign = NULL;
    m->out_rows = m->out_cols = 0;
}

gnn_status_t gnn_i_model_history_add(gnn_model_t *m, int64_t epoch, double sec, double loss, double valid) {
    if (m->nhist == m->caphist) {
        int64_t nc = m->caphist ? m->caphist * 2 : 256;
        int64_t *e = gnn_i_realloc_n(m->ctx, m->h_epoch, (size_t)nc, sizeof *e);
        if (e == NULL) return gnn_i_nomem(m->ctx, "history");
        m->h_epoch = e;
        double *arr[3] = {m->h_sec, m->h_loss, m->h_valid};
        for (int k = 0; k < 3; k++) {
            double *p = gnn_i_realloc_n(m->ctx, arr[k], (size_t)nc, sizeof *p);
            if (p == NULL) return gnn_i_nomem(m->ctx, "history");
            arr[k] = p;
        }
        m->h_sec = arr[0], m->h_loss = arr[1], m->h_valid = arr[2];
        m->caphist = nc;
    }
    m->h_epoch[m->nhist] = epoch;
    m->h_sec[m->nhist] = sec;
    m->h_loss[m->nhist] = loss;
    m->h_valid[m->nhist] = valid;
    m->nhist++;
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_model_outputs(gnn_model_t *m, int64_t rows, int64_t cols) {
    gnn_i_free(m->ctx, m->outputs);
    gnn_i_free(m->ctx, m->assign);
    m->outputs = gnn_i_calloc(m->ctx, (size_t)(rows * cols > 0 ? rows * cols : 1), sizeof(double));
    m->assign = gnn_i_calloc(m->ctx, (size_t)(rows > 0 ? rows : 1), sizeof(int64_t));
    if (m->outputs == NULL || m->assign == NULL) return gnn_i_nomem(m->ctx, "model outputs");
    m->out_rows = rows;
    m->out_cols = cols;
    return GNN_SUCCESS;
}

gnn_status_t gnn_model_fit(gnn_model_t *m, const gnn_dataset_t *ds) {
    if (m == NULL) return GNN_EINVAL;
    gnn_ctx_t *ctx = m->ctx;
    if (ds == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_model_fit: dataset is NULL");
    gnn_status_t st;
    if (!m->built) {
        st = m->impl->build(m, ds);
        if (st < 0) return st;
        m->built = 1;
    }
    gnn_i_model_clear_results(m);
    m->nhist = 0;
    return m->impl->fit(m, ds);
}

gnn_status_t gnn_model_predict(gnn_model_t *m, const gnn_dataset_t *ds) {
    if (m == NULL) return GNN_EINVAL;
    if (ds == NULL) return gnn_i_error(m->ctx, GNN_EINVAL, "gnn_model_predict: dataset is NULL");
    if (!m->built) return gnn_i_error(m->ctx, GNN_EINVAL, "gnn_model_predict: the model is neither trained nor loaded");
    gnn_i_model_clear_results(m);
    return m->impl->predict(m, ds);
}

gnn_status_t gnn_model_score_pairs(gnn_model_t *m, const gnn_dataset_t *ds, int64_t k, const int64_t *src,
                                   const int64_t *rel, const int64_t *dst, double *scores) {
    if (m == NULL) return GNN_EINVAL;
    if (ds == NULL || k < 0 || (k > 0 && (src == NULL || dst == NULL || scores == NULL)))
        return gnn_i_error(m->ctx, GNN_EINVAL, "gnn_model_score_pairs: NULL dataset or pair arrays");
    if (m->impl->score == NULL)
        return gnn_i_error(m->ctx, GNN_EUNSUPPORTED, "gnn_model_score_pairs: model %s does not score pairs", m->impl->name);
    if (!m->built) return gnn_i_error(m->ctx, GNN_EINVAL, "gnn_model_score_pairs: the model is neither trained nor loaded");
    if (ds->ngraphs != 1) return gnn_i_error(m->ctx, GNN_EINVAL, "gnn_model_score_pairs: needs a dataset with one graph");
    if (k == 0) return GNN_SUCCESS;
    return m->impl->score(m, ds, k, src, rel, dst, scores);
}

int64_t gnn_model_metric_count(const gnn_model_t *m) {
    return m ? m->nmetrics : 0;
}
const char *gnn_model_metric_name(const gnn_model_t *m, int64_t i) {
    return (m && i >= 0 && i < m->nmetrics) ? m->metric_name[i] : NULL;
}
double gnn_model_metric_value(const gnn_model_t *m, int64_t i) {
    return (m && i >= 0 && i < m->nmetrics) ? m->metric[i] : 0.0;
}
gnn_status_t gnn_model_metric(const gnn_model_t *m, const char *name, double *value) {
    if (m == NULL || name == NULL || value == NULL) return GNN_EINVAL;
    for (int i = 0; i < m->nmetrics; i++)
        if (strcmp(m->metric_name[i], name) == 0) {
            *value = m->metric[i];
            return GNN_SUCCESS;
        }
    return GNN_ENOTFOUND;
}

int64_t gnn_model_history_count(const gnn_model_t *m) {
    return m ? m->nhist : 0;
}
gnn_status_t gnn_model_history(const gnn_model_t *m, int64_t i, int64_t *epoch, double *seconds, double *train_loss,
                               double *valid_metric) {
    if (m == NULL || i < 0 || i >= m->nhist) return GNN_EINVAL;
    if (epoch) *epoch = m->h_epoch[i];
    if (seconds) *seconds = m->h_sec[i];
    if (train_loss) *train_loss = m->h_loss[i];
    if (valid_metric) *valid_metric = m->h_valid[i];
    return GNN_SUCCESS;
}

int64_t gnn_model_output_rows(const gnn_model_t *m) {
    return m ? m->out_rows : 0;
}
int64_t gnn_model_output_cols(const gnn_model_t *m) {
    return m ? m->out_cols : 0;
}
gnn_status_t gnn_model_outputs(const gnn_model_t *m, double *values) {
    if (m == NULL || values == NULL) return GNN_EINVAL;
    if (m->outputs == NULL) return GNN_ENOTFOUND;
    memcpy(values, m->outputs, sizeof(double) * (size_t)(m->out_rows * m->out_cols));
    return GNN_SUCCESS;
}
gnn_status_t gnn_model_assignments(const gnn_model_t *m, int64_t *assign) {
    if (m == NULL || assign == NULL) return GNN_EINVAL;
    if (m->assign == NULL) return GNN_ENOTFOUND;
    memcpy(assign, m->assign, sizeof(int64_t) * (size_t)m->out_rows);
    return GNN_SUCCESS;
}

/* the checkpoint configuration: user options, then meta options as "meta.*" */
gnn_status_t gnn_model_save(gnn_model_t *m, const char *path) {
    if (m == NULL) return GNN_EINVAL;
    gnn_ctx_t *ctx = m->ctx;
    if (!m->built) return gnn_i_error(ctx, GNN_EINVAL, "gnn_model_save: the model is not trained");
    gnn_opts_t *cfg = NULL;
    if (gnn_opts_copy(m->opts, &cfg) != GNN_SUCCESS) return gnn_i_nomem(ctx, "configuration");
    char key[128];
    for (int64_t i = 0; i < gnn_opts_count(m->meta); i++) {
        snprintf(key, sizeof key, "meta.%s", gnn_opts_name(m->meta, i));
        gnn_opts_set(cfg, key, gnn_opts_value(m->meta, i));
    }
    gnn_status_t st = gnn_checkpoint_save(ctx, path, m->impl->name, cfg, m->ps, NULL);
    gnn_opts_destroy(&cfg);
    return st;
}

gnn_status_t gnn_model_load(gnn_ctx_t *ctx, const char *path, gnn_model_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_opts_t *cfg = NULL, *user = NULL;
    char name[64];
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_model_load: out is NULL");
    *out = NULL;
    GNN_CHECK(gnn_checkpoint_info(ctx, path, name, sizeof name, &cfg));
    if (gnn_opts_create(&user) != GNN_SUCCESS) {
        status = gnn_i_nomem(ctx, "options");
        goto fail;
    }
    for (int64_t i = 0; i < gnn_opts_count(cfg); i++)
        if (strncmp(gnn_opts_name(cfg, i), "meta.", 5) != 0) gnn_opts_set(user, gnn_opts_name(cfg, i), gnn_opts_value(cfg, i));
    GNN_CHECK(gnn_model_create(ctx, name, user, out));
    for (int64_t i = 0; i < gnn_opts_count(cfg); i++)
        if (strncmp(gnn_opts_name(cfg, i), "meta.", 5) == 0) gnn_opts_set((*out)->meta, gnn_opts_name(cfg, i) + 5, gnn_opts_value(cfg, i));
    GNN_CHECK((*out)->impl->build(*out, NULL));
    (*out)->built = 1;
    GNN_CHECK(gnn_checkpoint_load(ctx, path, (*out)->ps, NULL));
    gnn_opts_destroy(&cfg);
    gnn_opts_destroy(&user);
    return GNN_SUCCESS;
fail:
    gnn_model_destroy(out);
    gnn_opts_destroy(&cfg);
    gnn_opts_destroy(&user);
    return status;
}
