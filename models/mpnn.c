/* mpnn.c: the message-passing network of the training core, for node
 * classification.  Layer l computes
 *     h' = act(W_self h + b + W_neigh AGG_{j in N(i)} (W_msg h_j))
 * with AGG any aggregator of the library and N(i) the in-neighbours, the
 * out-neighbours, or both (two aggregations, summed).  The first layer reads
 * sparse node features directly (X W through the CSR of X); dropout follows
 * every hidden layer; the last layer gives the class logits.  Training:
 * cross-entropy on the training nodes, Adam with L2 weight decay, model
 * selection on validation accuracy (the best epoch's weights are kept).
 *
 * conv gcn replaces the layer by Kipf and Welling's graph convolution,
 *     h' = act(D^-1/2 (A + I) D^-1/2 h W + b),
 * on the graph symmetrised (where directed) with the missing self-loops
 * added (weight 1) and symmetric degree normalisation, as PyG's GCNConv. */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const gnn_i_optspec_t mpnn_specs[] = {
    {"layers", "int", "2", 1, 16, "message-passing layers"},
    {"hidden", "int", "64", 1, 1 << 20, "hidden width"},
    {"aggregator", "choice:sum|mean|max|min|recurrent|lcm", "mean", 1, 0, "neighbourhood aggregator"},
    {"direction", "choice:in|out|all", "in", 1, 0, "neighbours: sources of in-arcs, targets of out-arcs, or both"},
    {"dropout", "double", "0.5", 0, 0.99, "dropout after every hidden layer"},
    {"epochs", "int", "200", 1, 1e9, "training epochs"},
    {"patience", "int", "100", 0, 1e9, "stop after this many epochs without a better validation accuracy (0: never)"},
    {"lr", "double", "0.01", 0, 1e3, "Adam learning rate"},
    {"weight-decay", "double", "5e-4", 0, 1e3, "L2 weight decay"},
    {"normalize-features", "bool", "1", 1, 0, "divide every feature row by its sum (Planetoid practice)"},
    {"runs", "int", "1", 1, 1000, "independent runs (seeds seed, seed+1, ...); metrics are their mean and std"},
    {"cell", "choice:gru|lstm", "gru", 1, 0, "recurrent aggregator: its cell"},
    {"order", "choice:csr|shuffle", "shuffle", 1, 0, "recurrent, lcm: neighbour order in training"},
    {"conv", "choice:sage|gcn", "sage", 1, 0,
     "layer: separate self and neighbour weights with the aggregator (sage), or the GCN convolution (gcn)"},
};
const gnn_i_optgroup_t gnn_i_group_model_mpnn = {"model.mpnn", mpnn_specs,
                                                 (int64_t)(sizeof mpnn_specs / sizeof mpnn_specs[0])};

#define MAXL 16

typedef struct mpnn {
    int L, dirs; /* dirs: bit 0 in, bit 1 out */
    int64_t in_dim, classes, hidden;
    gnn_tensor_t *w[MAXL], *b[MAXL], *w_nb[MAXL][2]; /* w = [W_self | W_msg], in x 2 out */
    gnn_aggr_t *ag[MAXL][2];
    gnn_sparse_t *x;        /* features of the dataset being used */
    const gnn_dataset_t *x_of;
    gnn_tape_t *tp;
    float dropout;
    int gcn;
    gnn_graph_t *norm;      /* gcn: the normalised graph of norm_of */
    const gnn_graph_t *norm_of;
    int64_t norm_n, norm_m; /* guard against a new graph at the same address */
} mpnn_t;

static void mpnn_free(gnn_model_t *m) {
    mpnn_t *s = m->state;
    if (s == NULL) return;
    for (int l = 0; l < MAXL; l++)
        for (int d = 0; d < 2; d++) gnn_aggr_destroy(&s->ag[l][d]);
    gnn_sparse_destroy(&s->x);
    gnn_graph_destroy(&s->norm);
    gnn_tape_destroy(&s->tp);
    gnn_i_free(m->ctx, s);
    m->state = NULL;
}

static gnn_status_t add(gnn_model_t *m, const char *fmt, int l, int64_t r, int64_t c, gnn_tensor_t **t) {
    char name[64];
    snprintf(name, sizeof name, fmt, l);
    const int64_t shape[2] = {r, c};
    return gnn_params_add(m->ps, name, 2, shape, t);
}

static gnn_status_t mpnn_build(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    mpnn_t *s = NULL;
    gnn_opts_t *ao = NULL;
    GNN_CALLOC(ctx, s, 1);
    m->state = s;
    if (ds != NULL) {
        GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "mpnn: needs a dataset with one graph");
        GNN_ARG_CHECK(ctx, ds->node_labels != NULL, "mpnn: needs node labels (--labels)");
        s->in_dim = ds->features ? ds->feat_dim : 1;
        s->classes = ds->classes;
        GNN_ARG_CHECK(ctx, s->classes >= 2, "mpnn: needs at least 2 classes, the labels have %lld", (long long)s->classes);
        gnn_opts_set_int(m->meta, "in-dim", s->in_dim);
        gnn_opts_set_int(m->meta, "classes", s->classes);
    } else {
        const char *a = gnn_opts_get(m->meta, "in-dim"), *c = gnn_opts_get(m->meta, "classes");
        if (a == NULL || c == NULL) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "mpnn: the checkpoint lacks the input and class sizes");
            goto fail;
        }
        s->in_dim = strtoll(a, NULL, 10);
        s->classes = strtoll(c, NULL, 10);
    }
    s->L = (int)gnn_i_model_int(m, "layers");
    s->hidden = gnn_i_model_int(m, "hidden");
    s->dropout = (float)gnn_i_model_double(m, "dropout");
    const int dir = gnn_i_model_choice(m, "direction");
    s->dirs = dir == 0 ? 1 : dir == 1 ? 2 : 3;
    if (gnn_opts_create(&ao) != GNN_SUCCESS) {
        status = gnn_i_nomem(ctx, "options");
        goto fail;
    }
    gnn_opts_set(ao, "cell", gnn_i_model_string(m, "cell"));
    gnn_opts_set(ao, "order", gnn_i_model_string(m, "order"));
    const char *aggr = gnn_i_model_string(m, "aggregator");
    s->gcn = gnn_i_model_choice(m, "conv") == 1;
    for (int l = 0; l < s->L && s->gcn; l++) {
        const int64_t in = l == 0 ? s->in_dim : s->hidden, out = l == s->L - 1 ? s->classes : s->hidden;
        const float a = sqrtf(6.0f / (float)(in + out)); /* Glorot, as GCNConv */
        GNN_CHECK(add(m, "layer%d.weight", l, in, out, &s->w[l]));
        GNN_CHECK(add(m, "layer%d.bias", l, 1, out, &s->b[l]));
        GNN_CHECK(gnn_tensor_init_uniform(ctx, s->w[l], -a, a, (uint64_t)(100 + 10 * l)));
        GNN_CHECK(gnn_tensor_fill(s->b[l], 0.0f));
    }
    for (int l = 0; l < s->L && !s->gcn; l++) {
        const int64_t in = l == 0 ? s->in_dim : s->hidden, out = l == s->L - 1 ? s->classes : s->hidden;
        const float a = 1.0f / sqrtf((float)in);
        /* W_self and W_msg side by side: one product computes both */
        GNN_CHECK(add(m, "layer%d.weight", l, in, 2 * out, &s->w[l]));
        GNN_CHECK(add(m, "layer%d.bias", l, 1, out, &s->b[l]));
        GNN_CHECK(gnn_tensor_init_uniform(ctx, s->w[l], -a, a, (uint64_t)(100 + 10 * l)));
        GNN_CHECK(gnn_tensor_init_uniform(ctx, s->b[l], -a, a, (uint64_t)(101 + 10 * l)));
        for (int d = 0; d < 2; d++) {
            if (!(s->dirs & (1 << d))) continue;
            char prefix[64];
            snprintf(prefix, sizeof prefix, "layer%d.aggr_%s", l, d ? "out" : "in");
            GNN_CHECK(gnn_aggr_create(ctx, aggr, out, ao, m->ps, prefix, &s->ag[l][d]));
            const int64_t ad = gnn_aggr_out_dim(s->ag[l][d]);
            if (ad != out) {
                const float an = 1.0f / sqrtf((float)ad);
                GNN_CHECK(add(m, d ? "layer%d.neigh_out.weight" : "layer%d.neigh_in.weight", l, ad, out, &s->w_nb[l][d]));
                GNN_CHECK(gnn_tensor_init_uniform(ctx, s->w_nb[l][d], -an, an, (uint64_t)(103 + 10 * l + d)));
            }
        }
    }
    GNN_CHECK(gnn_tape_create(ctx, &s->tp));
    gnn_opts_destroy(&ao);
    return GNN_SUCCESS;
fail:
    gnn_opts_destroy(&ao);
    mpnn_free(m);
    return status;
}

/* the sparse feature matrix of ds (built once per dataset) */
static gnn_status_t features(gnn_model_t *m, const gnn_dataset_t *ds) {
    mpnn_t *s = m->state;
    if (s->x != NULL && s->x_of == ds) return GNN_SUCCESS;
    gnn_sparse_destroy(&s->x);
    const int64_t n = ds->graphs[0]->n;
    gnn_status_t st;
    if (ds->features) {
        if (ds->feat_rows != n)
            return gnn_i_error(m->ctx, GNN_EINVAL, "mpnn: %lld feature rows for %lld nodes", (long long)ds->feat_rows, (long long)n);
        if (ds->feat_dim != s->in_dim)
            return gnn_i_error(m->ctx, GNN_EINVAL, "mpnn: the model takes %lld features, the data has %lld", (long long)s->in_dim,
                               (long long)ds->feat_dim);
        st = gnn_sparse_from_dense(m->ctx, n, ds->feat_dim, ds->features, &s->x);
    } else {
        /* no features: a constant 1 per node */
        float *one = gnn_i_malloc_n(m->ctx, (size_t)n, sizeof *one);
        if (one == NULL) return gnn_i_nomem(m->ctx, "features");
        for (int64_t i = 0; i < n; i++) one[i] = 1.0f;
        st = gnn_sparse_from_dense(m->ctx, n, 1, one, &s->x);
        gnn_i_free(m->ctx, one);
    }
    if (st < 0) return st;
    if (gnn_i_model_int(m, "normalize-features")) gnn_sparse_normalize_rows(s->x);
    s->x_of = ds;
    return GNN_SUCCESS;
}

static gnn_status_t forward(gnn_model_t *m, const gnn_graph_t *g, gnn_tensor_t **logits) {
    gnn_status_t status = GNN_SUCCESS;
    mpnn_t *s = m->state;
    gnn_tape_t *tp = s->tp;
    gnn_tensor_t *h = NULL, *z, *self, *msg, *a;
    if (s->gcn && (s->norm_of != g || s->norm_n != gnn_graph_node_count(g) || s->norm_m != gnn_graph_arc_count(g))) {
        gnn_graph_t *t1 = NULL, *t2 = NULL;
        gnn_graph_destroy(&s->norm);
        s->norm_of = NULL;
        if (gnn_graph_is_directed(g)) GNN_CHECK(gnn_graph_symmetrise(m->ctx, g, GNN_SYM_MAX, &t1));
        status = gnn_graph_add_self_loops(m->ctx, t1 ? t1 : g, 1.0f, &t2);
        gnn_graph_destroy(&t1);
        if (status < 0) goto fail;
        status = gnn_graph_normalize(m->ctx, t2, GNN_NORM_SYM, &s->norm);
        gnn_graph_destroy(&t2);
        if (status < 0) goto fail;
        s->norm_of = g;
        s->norm_n = gnn_graph_node_count(g);
        s->norm_m = gnn_graph_arc_count(g);
    }
    for (int l = 0; l < s->L && s->gcn; l++) {
        if (l == 0) GNN_CHECK(gnn_sparse_matmul(tp, s->x, s->w[0], &z));
        else GNN_CHECK(gnn_matmul(tp, h, s->w[l], 0, 0, &z));
        GNN_CHECK(gnn_spmm(tp, s->norm, GNN_OUT, 1, z, &h));
        GNN_CHECK(gnn_add(tp, h, s->b[l], &h));
        if (l + 1 < s->L) {
            GNN_CHECK(gnn_relu(tp, h, &h));
            if (s->dropout > 0) GNN_CHECK(gnn_dropout(tp, h, s->dropout, (uint64_t)l, &h));
        }
    }
    for (int l = 0; l < s->L && !s->gcn; l++) {
        if (l == 0) GNN_CHECK(gnn_sparse_matmul(tp, s->x, s->w[0], &z));
        else GNN_CHECK(gnn_matmul(tp, h, s->w[l], 0, 0, &z));
        const int64_t out = gnn_tensor_cols(z) / 2;
        GNN_CHECK(gnn_slice(tp, z, 1, 0, out, &self));
        GNN_CHECK(gnn_slice(tp, z, 1, out, out, &msg));
        GNN_CHECK(gnn_add(tp, self, s->b[l], &self));
        for (int d = 0; d < 2; d++) {
            if (!(s->dirs & (1 << d))) continue;
            GNN_CHECK(gnn_aggregate(tp, s->ag[l][d], g, d ? GNN_OUT : GNN_IN, msg, 0, &a));
            if (s->w_nb[l][d]) GNN_CHECK(gnn_matmul(tp, a, s->w_nb[l][d], 0, 0, &a));
            GNN_CHECK(gnn_add(tp, self, a, &self));
        }
        h = self;
        if (l + 1 < s->L) {
            GNN_CHECK(gnn_relu(tp, h, &h));
            if (s->dropout > 0) GNN_CHECK(gnn_dropout(tp, h, s->dropout, (uint64_t)l, &h));
        }
    }
    *logits = h;
fail:
    return status;
}

static double accuracy(const float *logits, int64_t c, const int64_t *labels, const int64_t *rows, int64_t k) {
    if (k == 0) return NAN;
    int64_t right = 0;
    for (int64_t i = 0; i < k; i++) {
        const float *z = logits + rows[i] * c;
        int64_t best = 0;
        for (int64_t j = 1; j < c; j++)
            if (z[j] > z[best]) best = j;
        right += best == labels[rows[i]];
    }
    return (double)right / (double)k;
}

/* evaluation forward pass: logits into the tape, training mode off */
static gnn_status_t evaluate(gnn_model_t *m, const gnn_graph_t *g, gnn_tensor_t **logits) {
    mpnn_t *s = m->state;
    gnn_tape_reset(s->tp);
    gnn_tape_set_training(s->tp, 0);
    gnn_tape_set_grad_enabled(s->tp, 0);
    gnn_status_t st = forward(m, g, logits);
    gnn_tape_set_grad_enabled(s->tp, 1);
    gnn_tape_set_training(s->tp, 1);
    return st;
}

/* only labelled rows (label >= 0) of a split are used */
static gnn_status_t labelled(gnn_ctx_t *ctx, const gnn_dataset_t *ds, int part, int64_t **rows, int64_t *k) {
    *rows = NULL;
    *k = 0;
    const int64_t cnt = ds->split_count[part];
    int64_t *r = gnn_i_malloc_n(ctx, (size_t)(cnt > 0 ? cnt : 1), sizeof *r);
    if (r == NULL) return gnn_i_nomem(ctx, "split");
    for (int64_t i = 0; i < cnt; i++)
        if (ds->node_labels[ds->split[part][i]] >= 0) r[(*k)++] = ds->split[part][i];
    *rows = r;
    return GNN_SUCCESS;
}

static gnn_status_t write_outputs(gnn_model_t *m, const float *logits, int64_t n, int64_t c) {
    gnn_status_t st = gnn_i_model_outputs(m, n, c);
    if (st < 0) return st;
    for (int64_t i = 0; i < n; i++) {
        const float *z = logits + i * c;
        float mx = z[0];
        int64_t best = 0;
        for (int64_t j = 1; j < c; j++)
            if (z[j] > mx) mx = z[j], best = j;
        double sum = 0;
        for (int64_t j = 0; j < c; j++) sum += exp((double)z[j] - mx);
        for (int64_t j = 0; j < c; j++) m->outputs[i * c + j] = exp((double)z[j] - mx) / sum;
        m->assign[i] = best;
    }
    return GNN_SUCCESS;
}

static gnn_status_t mpnn_fit(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    mpnn_t *s = m->state;
    gnn_optim_t *opt = NULL;
    gnn_opts_t *oo = NULL;
    gnn_early_stop_t *es = NULL;
    float *best = NULL, *init = NULL;
    int64_t *tr = NULL, *va = NULL, *te = NULL, ntr, nva, nte;
    const gnn_graph_t *g = ds->graphs[0];
    const int64_t n = g->n, C = s->classes;
    GNN_CHECK(features(m, ds));
    GNN_ARG_CHECK(ctx, ds->split[0] != NULL && ds->split_count[0] > 0, "mpnn: needs training nodes (--split-dir or --splits)");
    GNN_CHECK(labelled(ctx, ds, 0, &tr, &ntr));
    GNN_CHECK(labelled(ctx, ds, 1, &va, &nva));
    GNN_CHECK(labelled(ctx, ds, 2, &te, &nte));
    GNN_ARG_CHECK(ctx, ntr > 0, "mpnn: no labelled training node");
    for (int64_t i = 0; i < n; i++)
        if (ds->node_labels[i] >= C) {
            status = gnn_i_error(ctx, GNN_EINVAL, "mpnn: node %lld has label %lld, the model has %lld classes", (long long)i,
                                 (long long)ds->node_labels[i], (long long)C);
            goto fail;
        }
    const int64_t epochs = gnn_i_model_int(m, "epochs"), patience = gnn_i_model_int(m, "patience");
    const int64_t runs = gnn_i_model_int(m, "runs");
    const int64_t P = gnn_params_numel(m->ps);
    GNN_ALLOC(ctx, best, P);
    GNN_ALLOC(ctx, init, P);
    /* the initial weights of run r come from seed + r: keep seed 0's layout by re-drawing */
    if (gnn_opts_create(&oo) != GNN_SUCCESS) {
        status = gnn_i_nomem(ctx, "options");
        goto fail;
    }
    gnn_opts_set_double(oo, "lr", gnn_i_model_double(m, "lr"));
    gnn_opts_set_double(oo, "weight-decay", gnn_i_model_double(m, "weight-decay"));
    double sum_test = 0, sum_test2 = 0, sum_valid = 0, total_train_time = 0;
    int64_t total_epochs = 0;
    const uint64_t seed0 = gnn_ctx_seed(ctx);
    const double t0 = gnn_i_now();
    for (int64_t run = 0; run < runs; run++) {
        gnn_ctx_set_seed(ctx, seed0 + (uint64_t)run);
        if (run > 0) { /* fresh weights for this run */
            for (int64_t i = 0; i < gnn_params_count(m->ps); i++) {
                gnn_tensor_t *p = gnn_params_get(m->ps, i);
                const int64_t r = gnn_tensor_rows(p);
                const char *pname = gnn_params_name(m->ps, i);
                /* a bias draws with its layer's fan-in, a matrix with its rows */
                const int64_t fan = strstr(pname, "bias") ? (strncmp(pname, "layer0.", 7) == 0 ? s->in_dim : s->hidden) : r;
                const float a = 1.0f / sqrtf((float)fan);
                GNN_CHECK(gnn_tensor_init_uniform(ctx, p, -a, a, 1000 + (uint64_t)i));
            }
        }
        GNN_CHECK(gnn_optim_create(ctx, m->ps, "adam", oo, &opt));
        GNN_CHECK(gnn_early_stop_create(ctx, 1, patience, 0.0, &es));
        gnn_tape_set_step(s->tp, 0);
        int64_t e;
        for (e = 0; e < epochs; e++) {
            const double ts = gnn_i_now();
            gnn_tensor_t *logits, *loss;
            gnn_tape_reset(s->tp);
            gnn_optim_zero_grad(opt);
            GNN_CHECK(forward(m, g, &logits));
            GNN_CHECK(gnn_cross_entropy(s->tp, logits, ds->node_labels, tr, ntr, &loss));
            const double lv = gnn_tensor_item(loss);
            GNN_CHECK(gnn_tape_backward(s->tp, loss));
            GNN_CHECK(gnn_optim_step(opt, NULL));
            total_train_time += gnn_i_now() - ts;
            GNN_CHECK(evaluate(m, g, &logits));
            const double vacc = nva ? accuracy(gnn_tensor_data(logits), C, ds->node_labels, va, nva)
                                    : accuracy(gnn_tensor_data(logits), C, ds->node_labels, tr, ntr);
            if (runs == 1) GNN_CHECK(gnn_i_model_history_add(m, e + 1, gnn_i_now() - t0, lv, vacc));
            if (gnn_early_stop_update(es, e, vacc)) {
                gnn_i_params_copy(m->ps, best, 1);
            }
            gnn_i_progress(ctx, "epoch", (double)(run * epochs + e + 1), (double)(runs * epochs));
            GNN_CHECK(gnn_i_poll(ctx));
            if (!isfinite(lv)) {
                status = gnn_i_error(ctx, GNN_ENUMERIC, "mpnn: the training loss became %g at epoch %lld", lv, (long long)e + 1);
                goto fail;
            }
            if (gnn_early_stop_should_stop(es)) {
                e++;
                break;
            }
        }
        total_epochs += e;
        /* restore the best epoch's weights */
        gnn_i_params_copy(m->ps, best, 0);
        gnn_tensor_t *logits;
        GNN_CHECK(evaluate(m, g, &logits));
        const double tacc = accuracy(gnn_tensor_data(logits), C, ds->node_labels, te, nte);
        sum_test += tacc;
        sum_test2 += tacc * tacc;
        sum_valid += gnn_early_stop_best(es);
        if (run == runs - 1) {
            GNN_CHECK(write_outputs(m, gnn_tensor_data(logits), n, C));
            gnn_i_model_set_metric(m, "train_accuracy", accuracy(gnn_tensor_data(logits), C, ds->node_labels, tr, ntr));
            gnn_i_model_set_metric(m, "best_epoch", (double)gnn_early_stop_best_epoch(es) + 1);
        }
        gnn_optim_destroy(&opt);
        gnn_early_stop_destroy(&es);
    }
    gnn_ctx_set_seed(ctx, seed0);
    {
        const double mean = sum_test / (double)runs;
        const double var = runs > 1 ? (sum_test2 - (double)runs * mean * mean) / (double)(runs - 1) : 0.0;
        gnn_i_model_set_metric(m, "test_accuracy", mean);
        gnn_i_model_set_metric(m, "test_accuracy_std", sqrt(var > 0 ? var : 0));
        gnn_i_model_set_metric(m, "valid_accuracy", sum_valid / (double)runs);
        gnn_i_model_set_metric(m, "epochs_run", (double)total_epochs / (double)runs);
        gnn_i_model_set_metric(m, "seconds_per_epoch", total_train_time / (double)total_epochs);
    }
fail:
    gnn_ctx_set_seed(ctx, gnn_ctx_seed(ctx));
    gnn_optim_destroy(&opt);
    gnn_early_stop_destroy(&es);
    gnn_opts_destroy(&oo);
    gnn_i_free(ctx, best);
    gnn_i_free(ctx, init);
    gnn_i_free(ctx, tr);
    gnn_i_free(ctx, va);
    gnn_i_free(ctx, te);
    return status;
}

static gnn_status_t mpnn_predict(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    mpnn_t *s = m->state;
    gnn_tensor_t *logits;
    GNN_ARG_CHECK(m->ctx, ds->ngraphs == 1, "mpnn: needs a dataset with one graph");
    GNN_CHECK(features(m, ds));
    GNN_CHECK(evaluate(m, ds->graphs[0], &logits));
    GNN_CHECK(write_outputs(m, gnn_tensor_data(logits), ds->graphs[0]->n, s->classes));
    if (ds->node_labels && ds->split[2]) {
        int64_t *te, nte;
        GNN_CHECK(labelled(m->ctx, ds, 2, &te, &nte));
        gnn_i_model_set_metric(m, "test_accuracy", accuracy(gnn_tensor_data(logits), s->classes, ds->node_labels, te, nte));
        gnn_i_free(m->ctx, te);
    }
fail:
    return status;
}

const gnn_model_impl_t gnn_i_model_mpnn = {
    "mpnn", "message-passing network for node classification (any aggregator)", &gnn_i_group_model_mpnn,
    mpnn_build, mpnn_fit, mpnn_predict, mpnn_free, NULL,
};
