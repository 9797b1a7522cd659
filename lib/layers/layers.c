/* layers.c: layers composed of differentiable ops, so their gradients come
 * from the ops' own (gradient-checked) backward functions. */
#include "layers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* parameter "prefix.name" */
static gnn_status_t add_param(gnn_params_t *ps, gnn_ctx_t *ctx, const char *prefix, const char *name, int64_t r,
                              int64_t c, gnn_tensor_t **out) {
    char buf[256];
    int k = snprintf(buf, sizeof buf, "%s%s%s", prefix ? prefix : "", prefix && prefix[0] ? "." : "", name);
    if (k < 0 || (size_t)k >= sizeof buf) return gnn_i_error(ctx, GNN_EINVAL, "parameter name too long: %s", prefix);
    const int64_t shape[2] = {r, c};
    return gnn_params_add(ps, buf, 2, shape, out);
}

static uint64_t stream_of(const char *prefix, const char *name) {
    uint64_t h = 1469598103934665603ull;
    for (const char *p = prefix ? prefix : ""; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
    for (const char *p = name; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h;
}

gnn_status_t gnn_activate(gnn_tape_t *tp, int act, gnn_tensor_t *x, gnn_tensor_t **out) {
    switch (act) {
    case GNN_ACT_NONE: *out = x; return GNN_SUCCESS;
    case GNN_ACT_RELU: return gnn_relu(tp, x, out);
    case GNN_ACT_LEAKY_RELU: return gnn_leaky_relu(tp, x, 0.2f, out);
    case GNN_ACT_ELU: return gnn_elu(tp, x, 1.0f, out);
    case GNN_ACT_SIGMOID: return gnn_sigmoid(tp, x, out);
    case GNN_ACT_TANH: return gnn_tanh(tp, x, out);
    default: return gnn_i_error(gnn_tape_ctx(tp), GNN_EINVAL, "unknown activation %d", act);
    }
}

/* ---------------------------------------------------------------- linear */

struct gnn_linear {
    gnn_i_alloc_t alloc;
    gnn_tensor_t *w, *b;
    int64_t in, out;
};

gnn_status_t gnn_linear_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix, int64_t in, int64_t out_dim,
                               int bias, gnn_linear_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_linear_t *l = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_linear_create: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, ps != NULL && in >= 1 && out_dim >= 1, "gnn_linear_create: need params and sizes >= 1");
    GNN_CALLOC(ctx, l, 1);
    l->alloc = ctx->alloc;
    l->in = in;
    l->out = out_dim;
    {
        const float a = 1.0f / sqrtf((float)in);
        GNN_CHECK(add_param(ps, ctx, prefix, "weight", in, out_dim, &l->w));
        GNN_CHECK(gnn_tensor_init_uniform(ctx, l->w, -a, a, stream_of(prefix, "weight")));
        if (bias) {
            GNN_CHECK(add_param(ps, ctx, prefix, "bias", 1, out_dim, &l->b));
            GNN_CHECK(gnn_tensor_init_uniform(ctx, l->b, -a, a, stream_of(prefix, "bias")));
        }
    }
    *out = l;
    return GNN_SUCCESS;
fail:
    gnn_linear_destroy(&l);
    return status;
}

void gnn_linear_destroy(gnn_linear_t **pl) {
    if (pl == NULL || *pl == NULL) return;
    gnn_i_alloc_t a = (*pl)->alloc;
    gnn_i_alloc_free(&a, *pl);
    *pl = NULL;
}

gnn_status_t gnn_linear_forward(gnn_tape_t *tp, gnn_linear_t *l, gnn_tensor_t *x, gnn_tensor_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_tensor_t *y = NULL;
    if (tp == NULL || l == NULL || out == NULL) return GNN_EINVAL;
    *out = NULL;
    GNN_CHECK(gnn_matmul(tp, x, l->w, 0, 0, &y));
    if (l->b) GNN_CHECK(gnn_add(tp, y, l->b, &y));
    *out = y;
fail:
    return status;
}

/* ---------------------------------------------------------------- MLP */

struct gnn_mlp {
    gnn_i_alloc_t alloc;
    int n, act, norm;
    float dropout;
    uint64_t stream;
    gnn_linear_t **lin;
    gnn_tensor_t **gamma, **beta, **rmean, **rvar;
};

void gnn_mlp_destroy(gnn_mlp_t **pm) {
    if (pm == NULL || *pm == NULL) return;
    gnn_mlp_t *m = *pm;
    gnn_i_alloc_t a = m->alloc;
    for (int i = 0; m->lin && i < m->n; i++) gnn_linear_destroy(&m->lin[i]);
    gnn_i_alloc_free(&a, m->lin);
    gnn_i_alloc_free(&a, m->gamma);
    gnn_i_alloc_free(&a, m->beta);
    gnn_i_alloc_free(&a, m->rmean);
    gnn_i_alloc_free(&a, m->rvar);
    gnn_i_alloc_free(&a, m);
    *pm = NULL;
}

gnn_status_t gnn_mlp_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix, int nlayers, const int64_t *dims,
                            int act, int norm, float dropout, gnn_mlp_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_mlp_t *m = NULL;
    char name[256];
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_mlp_create: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, nlayers >= 1 && dims != NULL, "gnn_mlp_create: need at least one layer");
    GNN_ARG_CHECK(ctx, norm >= 0 && norm <= 2, "gnn_mlp_create: norm must be 0, 1 (batch) or 2 (layer)");
    GNN_ARG_CHECK(ctx, dropout >= 0 && dropout < 1, "gnn_mlp_create: dropout must be in [0, 1)");
    GNN_CALLOC(ctx, m, 1);
    m->alloc = ctx->alloc;
    m->n = nlayers;
    m->act = act;
    m->norm = norm;
    m->dropout = dropout;
    m->stream = stream_of(prefix, "dropout");
    GNN_CALLOC(ctx, m->lin, nlayers);
    GNN_CALLOC(ctx, m->gamma, nlayers);
    GNN_CALLOC(ctx, m->beta, nlayers);
    GNN_CALLOC(ctx, m->rmean, nlayers);
    GNN_CALLOC(ctx, m->rvar, nlayers);
    for (int i = 0; i < nlayers; i++) {
        snprintf(name, sizeof name, "%s%s%d", prefix ? prefix : "", prefix && prefix[0] ? "." : "", i);
        GNN_CHECK(gnn_linear_create(ctx, ps, name, dims[i], dims[i + 1], 1, &m->lin[i]));
        if (norm && i + 1 < nlayers) {
            GNN_CHECK(add_param(ps, ctx, name, "norm.weight", 1, dims[i + 1], &m->gamma[i]));
            GNN_CHECK(add_param(ps, ctx, name, "norm.bias", 1, dims[i + 1], &m->beta[i]));
            gnn_tensor_fill(m->gamma[i], 1.0f);
            if (norm == 1) {
                GNN_CHECK(add_param(ps, ctx, name, "norm.running_mean", 1, dims[i + 1], &m->rmean[i]));
                GNN_CHECK(add_param(ps, ctx, name, "norm.running_var", 1, dims[i + 1], &m->rvar[i]));
                gnn_tensor_fill(m->rvar[i], 1.0f);
                gnn_tensor_set_requires_grad(m->rmean[i], 0);
                gnn_tensor_set_requires_grad(m->rvar[i], 0);
            }
        }
    }
    *out = m;
    return GNN_SUCCESS;
fail:
    gnn_mlp_destroy(&m);
    return status;
}

gnn_status_t gnn_mlp_forward(gnn_tape_t *tp, gnn_mlp_t *m, gnn_tensor_t *x, gnn_tensor_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_tensor_t *h = x;
    if (tp == NULL || m == NULL || out == NULL) return GNN_EINVAL;
    *out = NULL;
    for (int i = 0; i < m->n; i++) {
        GNN_CHECK(gnn_linear_forward(tp, m->lin[i], h, &h));
        if (i + 1 == m->n) break;
        if (m->norm == 1)
            GNN_CHECK(gnn_batch_norm(tp, h, m->gamma[i], m->beta[i], m->rmean[i], m->rvar[i], 0.1f, 1e-5f, &h));
        else if (m->norm == 2)
            GNN_CHECK(gnn_layer_norm(tp, h, m->gamma[i], m->beta[i], 1e-5f, &h));
        GNN_CHECK(gnn_activate(tp, m->act, h, &h));
        if (m->dropout > 0) GNN_CHECK(gnn_dropout(tp, h, m->dropout, m->stream + (uint64_t)i, &h));
    }
    *out = h;
fail:
    return status;
}

/* ---------------------------------------------------------------- embedding */

struct gnn_embedding {
    gnn_i_alloc_t alloc;
    gnn_tensor_t *w;
};

gnn_status_t gnn_embedding_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix, int64_t num, int64_t dim,
                                  gnn_embedding_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_embedding_t *e = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_embedding_create: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, ps != NULL && num >= 1 && dim >= 1, "gnn_embedding_create: need params and sizes >= 1");
    GNN_CALLOC(ctx, e, 1);
    e->alloc = ctx->alloc;
    GNN_CHECK(add_param(ps, ctx, prefix, "weight", num, dim, &e->w));
    GNN_CHECK(gnn_tensor_init_normal(ctx, e->w, 0.0f, 1.0f, stream_of(prefix, "weight")));
    *out = e;
    return GNN_SUCCESS;
fail:
    gnn_embedding_destroy(&e);
    return status;
}

void gnn_embedding_destroy(gnn_embedding_t **pe) {
    if (pe == NULL || *pe == NULL) return;
    gnn_i_alloc_t a = (*pe)->alloc;
    gnn_i_alloc_free(&a, *pe);
    *pe = NULL;
}

gnn_status_t gnn_embedding_forward(gnn_tape_t *tp, gnn_embedding_t *e, const int64_t *idx, int64_t k,
                                   gnn_tensor_t **out) {
    if (tp == NULL || e == NULL) return GNN_EINVAL;
    return gnn_gather_rows(tp, e->w, idx, k, out);
}

/* ---------------------------------------------------------------- GRU and LSTM cells */

static gnn_status_t rnn_params(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix, int64_t in, int64_t hidden,
                               int gates, gnn_tensor_t **wih, gnn_tensor_t **whh, gnn_tensor_t **bih,
                               gnn_tensor_t **bhh) {
    gnn_status_t status = GNN_SUCCESS;
    const float a = 1.0f / sqrtf((float)hidden);
    GNN_CHECK(add_param(ps, ctx, prefix, "weight_ih", gates * hidden, in, wih));
    GNN_CHECK(add_param(ps, ctx, prefix, "weight_hh", gates * hidden, hidden, whh));
    GNN_CHECK(add_param(ps, ctx, prefix, "bias_ih", 1, gates * hidden, bih));
    GNN_CHECK(add_param(ps, ctx, prefix, "bias_hh", 1, gates * hidden, bhh));
    GNN_CHECK(gnn_tensor_init_uniform(ctx, *wih, -a, a, stream_of(prefix, "weight_ih")));
    GNN_CHECK(gnn_tensor_init_uniform(ctx, *whh, -a, a, stream_of(prefix, "weight_hh")));
    GNN_CHECK(gnn_tensor_init_uniform(ctx, *bih, -a, a, stream_of(prefix, "bias_ih")));
    GNN_CHECK(gnn_tensor_init_uniform(ctx, *bhh, -a, a, stream_of(prefix, "bias_hh")));
fail:
    return status;
}

gnn_status_t gnn_gru_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix, int64_t in, int64_t hidden,
                            gnn_gru_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_gru_t *c = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_gru_create: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, ps != NULL && in >= 1 && hidden >= 1, "gnn_gru_create: need params and sizes >= 1");
    GNN_CALLOC(ctx, c, 1);
    c->alloc = ctx->alloc;
    c->in = in;
    c->hidden = hidden;
    GNN_CHECK(rnn_params(ctx, ps, prefix, in, hidden, 3, &c->w_ih, &c->w_hh, &c->b_ih, &c->b_hh));
    *out = c;
    return GNN_SUCCESS;
fail:
    gnn_gru_destroy(&c);
    return status;
}

void gnn_gru_destroy(gnn_gru_t **pc) {
    if (pc == NULL || *pc == NULL) return;
    gnn_i_alloc_t a = (*pc)->alloc;
    gnn_i_alloc_free(&a, *pc);
    *pc = NULL;
}

gnn_status_t gnn_lstm_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix, int64_t in, int64_t hidden,
                             gnn_lstm_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_lstm_t *c = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_lstm_create: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, ps != NULL && in >= 1 && hidden >= 1, "gnn_lstm_create: need params and sizes >= 1");
    GNN_CALLOC(ctx, c, 1);
    c->alloc = ctx->alloc;
    c->in = in;
    c->hidden = hidden;
    GNN_CHECK(rnn_params(ctx, ps, prefix, in, hidden, 4, &c->w_ih, &c->w_hh, &c->b_ih, &c->b_hh));
    *out = c;
    return GNN_SUCCESS;
fail:
    gnn_lstm_destroy(&c);
    return status;
}

void gnn_lstm_destroy(gnn_lstm_t **pc) {
    if (pc == NULL || *pc == NULL) return;
    gnn_i_alloc_t a = (*pc)->alloc;
    gnn_i_alloc_free(&a, *pc);
    *pc = NULL;
}

/* gates = x W_ih^T + b_ih + (h W_hh^T + b_hh); returns the two halves separately */
static gnn_status_t gates(gnn_tape_t *tp, gnn_tensor_t *x, gnn_tensor_t *h, gnn_tensor_t *wih, gnn_tensor_t *whh,
                          gnn_tensor_t *bih, gnn_tensor_t *bhh, gnn_tensor_t **gi, gnn_tensor_t **gh) {
    gnn_status_t status = GNN_SUCCESS;
    GNN_CHECK(gnn_matmul(tp, x, wih, 0, 1, gi));
    GNN_CHECK(gnn_add(tp, *gi, bih, gi));
    GNN_CHECK(gnn_matmul(tp, h, whh, 0, 1, gh));
    GNN_CHECK(gnn_add(tp, *gh, bhh, gh));
fail:
    return status;
}

gnn_status_t gnn_gru_cell(gnn_tape_t *tp, gnn_gru_t *c, gnn_tensor_t *x, gnn_tensor_t *h, gnn_tensor_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_tensor_t *gi, *gh, *a, *b, *r, *z, *n, *t;
    if (tp == NULL || c == NULL || out == NULL) return GNN_EINVAL;
    *out = NULL;
    const int64_t H = c->hidden, B = gnn_tensor_rows(x);
    if (h == NULL) {
        const int64_t shape[2] = {B, H};
        GNN_CHECK(gnn_tensor_zeros(tp, 2, shape, &h));
    }
    GNN_CHECK(gates(tp, x, h, c->w_ih, c->w_hh, c->b_ih, c->b_hh, &gi, &gh));
    GNN_CHECK(gnn_slice(tp, gi, 1, 0, H, &a));
    GNN_CHECK(gnn_slice(tp, gh, 1, 0, H, &b));
    GNN_CHECK(gnn_add(tp, a, b, &r));
    GNN_CHECK(gnn_sigmoid(tp, r, &r));
    GNN_CHECK(gnn_slice(tp, gi, 1, H, H, &a));
    GNN_CHECK(gnn_slice(tp, gh, 1, H, H, &b));
    GNN_CHECK(gnn_add(tp, a, b, &z));
    GNN_CHECK(gnn_sigmoid(tp, z, &z));
    GNN_CHECK(gnn_slice(tp, gi, 1, 2 * H, H, &a));
    GNN_CHECK(gnn_slice(tp, gh, 1, 2 * H, H, &b));
    GNN_CHECK(gnn_mul(tp, r, b, &t)); /* b_hn sits inside the r-product */
    GNN_CHECK(gnn_add(tp, a, t, &n));
    GNN_CHECK(gnn_tanh(tp, n, &n));
    /* h' = (1 - z) n + z h = n + z (h - n) */
    GNN_CHECK(gnn_sub(tp, h, n, &t));
    GNN_CHECK(gnn_mul(tp, z, t, &t));
    GNN_CHECK(gnn_add(tp, n, t, out));
fail:
    return status;
}

gnn_status_t gnn_lstm_cell(gnn_tape_t *tp, gnn_lstm_t *l, gnn_tensor_t *x, gnn_tensor_t *h, gnn_tensor_t *c,
                           gnn_tensor_t **h_out, gnn_tensor_t **c_out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_tensor_t *gi, *gh, *g, *i, *f, *gg, *o, *t, *u;
    if (tp == NULL || l == NULL || h_out == NULL || c_out == NULL) return GNN_EINVAL;
    *h_out = *c_out = NULL;
    const int64_t H = l->hidden, B = gnn_tensor_rows(x), shape[2] = {B, H};
    if (h == NULL) GNN_CHECK(gnn_tensor_zeros(tp, 2, shape, &h));
    GNN_CHECK(gates(tp, x, h, l->w_ih, l->w_hh, l->b_ih, l->b_hh, &gi, &gh));
    GNN_CHECK(gnn_add(tp, gi, gh, &g));
    GNN_CHECK(gnn_slice(tp, g, 1, 0, H, &i));
    GNN_CHECK(gnn_sigmoid(tp, i, &i));
    GNN_CHECK(gnn_slice(tp, g, 1, H, H, &f));
    GNN_CHECK(gnn_sigmoid(tp, f, &f));
    GNN_CHECK(gnn_slice(tp, g, 1, 2 * H, H, &gg));
    GNN_CHECK(gnn_tanh(tp, gg, &gg));
    GNN_CHECK(gnn_slice(tp, g, 1, 3 * H, H, &o));
    GNN_CHECK(gnn_sigmoid(tp, o, &o));
    GNN_CHECK(gnn_mul(tp, i, gg, &u));
    if (c != NULL) {
        GNN_CHECK(gnn_mul(tp, f, c, &t));
        GNN_CHECK(gnn_add(tp, t, u, &u));
    }
    *c_out = u;
    GNN_CHECK(gnn_tanh(tp, u, &t));
    GNN_CHECK(gnn_mul(tp, o, t, h_out));
fail:
    return status;
}

/* ---------------------------------------------------------------- recurrence over sequences */

typedef struct seq_order {
    int64_t len, id;
} seq_order_t;

static int cmp_seq(const void *a, const void *b) {
    const seq_order_t *x = a, *y = b;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

gnn_status_t gnn_i_recur(gnn_tape_t *tp, gnn_gru_t *gru, gnn_lstm_t *lstm, gnn_tensor_t *src, int64_t B,
                         const int64_t *len, const int64_t *rowidx, gnn_tensor_t **h_last, gnn_tensor_t **all_h) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = tp->ctx;
    seq_order_t *ord = NULL;
    int64_t *start = NULL, *pos = NULL, *idx = NULL, *fin = NULL, *allidx = NULL;
    gnn_tensor_t **steps = NULL;
    gnn_tensor_t *h = NULL, *c = NULL, *stack = NULL, *zero = NULL;
    const int64_t H = gru ? gru->hidden : lstm->hidden;
    *h_last = NULL;
    if (all_h) *all_h = NULL;
    GNN_ALLOC(ctx, ord, B > 0 ? B : 1);
    GNN_ALLOC(ctx, start, B + 1);
    GNN_ALLOC(ctx, pos, B > 0 ? B : 1);
    int64_t T = 0, total = 0;
    start[0] = 0;
    for (int64_t b = 0; b < B; b++) {
        if (len[b] < 0) {
            status = gnn_i_error(ctx, GNN_EINVAL, "recurrence: sequence %lld has negative length", (long long)b);
            goto fail;
        }
        ord[b].len = len[b];
        ord[b].id = b;
        start[b + 1] = start[b] + len[b];
        if (len[b] > T) T = len[b];
    }
    total = start[B];
    qsort(ord, (size_t)B, sizeof *ord, cmp_seq);
    for (int64_t i = 0; i < B; i++) pos[ord[i].id] = i;
    GNN_ALLOC(ctx, idx, B > 0 ? B : 1);
    GNN_CALLOC(ctx, steps, T > 0 ? T : 1);
    int64_t nt = B;
    for (int64_t t = 0; t < T; t++) {
        while (nt > 0 && ord[nt - 1].len <= t) nt--;
        for (int64_t i = 0; i < nt; i++) idx[i] = rowidx[start[ord[i].id] + t];
        gnn_tensor_t *x, *hp = NULL, *cp = NULL;
        GNN_CHECK(gnn_gather_rows(tp, src, idx, nt, &x));
        if (h != NULL) {
            GNN_CHECK(gnn_slice(tp, h, 0, 0, nt, &hp));
            if (c) GNN_CHECK(gnn_slice(tp, c, 0, 0, nt, &cp));
        }
        if (gru) GNN_CHECK(gnn_gru_cell(tp, gru, x, hp, &h));
        else GNN_CHECK(gnn_lstm_cell(tp, lstm, x, hp, cp, &h, &c));
        steps[t] = h;
    }
    /* stack every step's states (plus one zero row for empty sequences) and pick rows */
    {
        const int64_t zshape[2] = {1, H};
        GNN_CHECK(gnn_tensor_zeros(tp, 2, zshape, &zero));
        gnn_tensor_t **parts = NULL;
        GNN_ALLOC(ctx, parts, T + 1);
        for (int64_t t = 0; t < T; t++) parts[t] = steps[t];
        parts[T] = zero;
        status = gnn_concat(tp, (int)(T + 1), parts, 0, &stack);
        gnn_i_free(ctx, parts);
        if (status < 0) goto fail;
        /* offset of step t in the stack */
        int64_t *off = NULL;
        GNN_ALLOC(ctx, off, T + 2);
        off[0] = 0;
        for (int64_t t = 0; t < T; t++) off[t + 1] = off[t] + gnn_tensor_rows(steps[t]);
        GNN_ALLOC(ctx, fin, B > 0 ? B : 1);
        for (int64_t b = 0; b < B; b++) fin[b] = len[b] > 0 ? off[len[b] - 1] + pos[b] : off[T];
        status = gnn_gather_rows(tp, stack, fin, B, h_last);
        if (status >= 0 && all_h != NULL) {
            allidx = gnn_i_malloc_n(ctx, (size_t)(total > 0 ? total : 1), sizeof *allidx);
            if (allidx == NULL) status = gnn_i_nomem(ctx, "sequence index");
            else {
                for (int64_t b = 0; b < B; b++)
                    for (int64_t t = 0; t < len[b]; t++) allidx[start[b] + t] = off[t] + pos[b];
                status = gnn_gather_rows(tp, stack, allidx, total, all_h);
            }
        }
        gnn_i_free(ctx, off);
        if (status < 0) goto fail;
    }
fail:
    gnn_i_free(ctx, ord);
    gnn_i_free(ctx, start);
    gnn_i_free(ctx, pos);
    gnn_i_free(ctx, idx);
    gnn_i_free(ctx, fin);
    gnn_i_free(ctx, allidx);
    gnn_i_free(ctx, steps);
    return status;
}

gnn_status_t gnn_lstm_sequences(gnn_tape_t *tp, gnn_lstm_t *l, gnn_tensor_t *x, const int64_t *len, int64_t B,
                                gnn_tensor_t **h_last, gnn_tensor_t **all_h) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *rowidx = NULL;
    if (tp == NULL || l == NULL || h_last == NULL) return GNN_EINVAL;
    gnn_ctx_t *ctx = tp->ctx;
    *h_last = NULL;
    GNN_ARG_CHECK(ctx, B >= 1 && len != NULL, "gnn_lstm_sequences: need at least one sequence");
    int64_t total = 0;
    for (int64_t b = 0; b < B; b++) {
        if (len[b] < 1) {
            status = gnn_i_error(ctx, GNN_EINVAL, "gnn_lstm_sequences: sequence %lld has length %lld (need >= 1)",
                                 (long long)b, (long long)len[b]);
            goto fail;
        }
        total += len[b];
    }
    if (gnn_tensor_rows(x) != total) {
        status = gnn_i_error(ctx, GNN_EINVAL, "gnn_lstm_sequences: x has %lld rows, the lengths sum to %lld",
                             (long long)gnn_tensor_rows(x), (long long)total);
        goto fail;
    }
    GNN_ALLOC(ctx, rowidx, total);
    for (int64_t i = 0; i < total; i++) rowidx[i] = i;
    GNN_CHECK(gnn_i_recur(tp, NULL, l, x, B, len, rowidx, h_last, all_h));
fail:
    gnn_i_free(ctx, rowidx);
    return status;
}

/* ---------------------------------------------------------------- message passing */

struct gnn_mp {
    gnn_i_alloc_t alloc;
    gnn_linear_t *self, *msg, *agg_in, *agg_out;
    gnn_aggr_t *aggr_in, *aggr_out;
    int mode, act;
};

void gnn_mp_destroy(gnn_mp_t **pl) {
    if (pl == NULL || *pl == NULL) return;
    gnn_mp_t *l = *pl;
    gnn_i_alloc_t a = l->alloc;
    gnn_linear_destroy(&l->self);
    gnn_linear_destroy(&l->msg);
    gnn_linear_destroy(&l->agg_in);
    gnn_linear_destroy(&l->agg_out);
    gnn_aggr_destroy(&l->aggr_in);
    gnn_aggr_destroy(&l->aggr_out);
    gnn_i_alloc_free(&a, l);
    *pl = NULL;
}

gnn_status_t gnn_mp_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix, int64_t in, int64_t out_dim,
                           const char *aggregator, const gnn_opts_t *aggr_opts, int mode, int msg_linear, int act,
                           gnn_mp_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_mp_t *l = NULL;
    char name[256];
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_mp_create: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(ctx, mode >= GNN_OUT && mode <= GNN_ALL, "gnn_mp_create: mode must be GNN_IN, GNN_OUT or GNN_ALL");
    GNN_CALLOC(ctx, l, 1);
    l->alloc = ctx->alloc;
    l->mode = mode;
    l->act = act;
    const char *pre = prefix ? prefix : "";
    const char *dot = pre[0] ? "." : "";
    int64_t mdim = in;
    if (msg_linear) {
        snprintf(name, sizeof name, "%s%smsg", pre, dot);
        GNN_CHECK(gnn_linear_create(ctx, ps, name, in, out_dim, 0, &l->msg));
        mdim = out_dim;
    }
    snprintf(name, sizeof name, "%s%sself", pre, dot);
    GNN_CHECK(gnn_linear_create(ctx, ps, name, in, out_dim, 1, &l->self));
    for (int k = 0; k < 2; k++) {
        int dir = k == 0 ? GNN_IN : GNN_OUT;
        if (!(mode & dir)) continue;
        const char *tag = k == 0 ? "in" : "out";
        snprintf(name, sizeof name, "%s%saggr_%s", pre, dot, tag);
        gnn_aggr_t **ag = k == 0 ? &l->aggr_in : &l->aggr_out;
        GNN_CHECK(gnn_aggr_create(ctx, aggregator, mdim, aggr_opts, ps, name, ag));
        snprintf(name, sizeof name, "%s%sneigh_%s", pre, dot, tag);
        GNN_CHECK(gnn_linear_create(ctx, ps, name, gnn_aggr_out_dim(*ag), out_dim, 0, k == 0 ? &l->agg_in : &l->agg_out));
    }
    *out = l;
    return GNN_SUCCESS;
fail:
    gnn_mp_destroy(&l);
    return status;
}

gnn_status_t gnn_mp_forward(gnn_tape_t *tp, gnn_mp_t *l, const gnn_graph_t *g, gnn_tensor_t *h, gnn_tensor_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_tensor_t *y, *m = h, *a, *t;
    if (tp == NULL || l == NULL || out == NULL) return GNN_EINVAL;
    *out = NULL;
    GNN_CHECK(gnn_linear_forward(tp, l->self, h, &y));
    if (l->msg) GNN_CHECK(gnn_linear_forward(tp, l->msg, h, &m));
    if (l->aggr_in) {
        GNN_CHECK(gnn_aggregate(tp, l->aggr_in, g, GNN_IN, m, 0, &a));
        GNN_CHECK(gnn_linear_forward(tp, l->agg_in, a, &t));
        GNN_CHECK(gnn_add(tp, y, t, &y));
    }
    if (l->aggr_out) {
        GNN_CHECK(gnn_aggregate(tp, l->aggr_out, g, GNN_OUT, m, 0, &a));
        GNN_CHECK(gnn_linear_forward(tp, l->agg_out, a, &t));
        GNN_CHECK(gnn_add(tp, y, t, &y));
    }
    GNN_CHECK(gnn_activate(tp, l->act, y, out));
fail:
    return status;
}
