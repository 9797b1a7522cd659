/* digrac.c: DIGRAC, self-supervised directed clustering by flow imbalance
 * (He, Reinert, Cucuringu, LoG 2022), as specified in specs/digrac.md.
 *
 * Encoder (DIMPA): two branches, source and target, each a 2-layer MLP
 * without bias (ReLU and dropout between the layers) followed by mixed-path
 * aggregation Z_b = sum_{k=0..H} w_b[k] A_b^k X_b, with
 *   A_s = D_s^-1 (A + L),  A_t = D_t^-1 (A^T + L),
 * L the self-loops (an existing loop keeps its weight, else tau) and D the
 * row sums.  P = softmax([Z_s | Z_t] W_p + b_p).  The loss is 1 - O, O the
 * flow-imbalance objective of gnn/cluster.h on the subgraph induced by the
 * training nodes; model selection keeps the epoch of the lowest validation
 * loss (ties: the later epoch).  Every objective variant has its gradient
 * (the reference detaches "naive" and "std"; here all train).
 *
 * Default features: the K leading left singular vectors of
 * D^-1 (A - A^T), sign-fixed, standardised and duplicated to 2K columns
 * (the deterministic replacement of the reference's complex SVD). */
#include "model.h"
#include "../lib/cluster/cluster_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const gnn_i_optspec_t digrac_specs[] = {
    {"clusters", "int", "0", 0, 1e6, "number of clusters K (required, >= 2)"},
    {"hidden", "int", "32", 1, 1 << 20, "hidden width h of each branch"},
    {"hops", "int", "2", 0, 64, "propagation hops H"},
    {"tau", "double", "0.5", 0, 1e6, "self-loop weight where a node has none"},
    {"dropout", "double", "0.5", 0, 0.99, "dropout after the first MLP layer"},
    {"epochs", "int", "1000", 1, 1e9, "maximum training epochs"},
    {"patience", "int", "200", 0, 1e9, "stop after this many epochs without a lower validation loss (0: never)"},
    {"lr", "double", "0.01", 0, 1e3, "Adam learning rate"},
    {"weight-decay", "double", "5e-4", 0, 1e3, "L2 weight decay (all parameters)"},
    {"loss", "choice:vol_sum|vol_min|vol_max|plain|sum|std", "vol_sum", 1, 0,
     "imbalance normalisation (sum = plain; std = vol_sum with --selection std)"},
    {"selection", "choice:sort|naive|std", "sort", 1, 0, "which cluster pairs count: top beta, all, or significant"},
    {"beta", "int", "0", 0, 1e9, "pairs taken by the sort selection (0: min(K, K(K-1)/2))"},
    {"pretrain-epochs", "int", "50", 0, 1e9, "std selection: train with sort, beta 3 for this many epochs first"},
    {"feature-mode", "choice:svd|herm-ref", "svd", 1, 0,
     "features when none are given: real SVD, duplicated (svd) or random-phase Re/Im split (herm-ref)"},
    {"split", "choice:auto|stratified|all", "auto", 1, 0,
     "stratified 80/10/10 by label (auto: when labels are given), or all nodes in every part"},
    {"test-ratio", "double", "0.1", 0, 0.9, "stratified split: test share per cluster"},
    {"valid-ratio", "double", "0.1", 0, 0.9, "stratified split: validation share per cluster"},
    {"runs", "int", "1", 1, 10000, "independent runs (fresh split and weights); metrics are mean and std"},
    {"restarts", "int", "1", 1, 100,
     "initialisations trained per run on the same split; the one with the lowest validation loss is kept (1: the paper)"},
    {"ce-coeff", "double", "0", 0, 1e6, "optional supervision: weight of cross-entropy on training labels"},
    {"imbalance-coeff", "double", "1", 0, 1e6, "weight of the imbalance loss"},
    {"baselines", "string", "", 1, 0, "spectral baselines scored in the same run: comma list of herm, herm_rw, bi_sym, disg_lr"},
    {"kmeans-init", "int", "10", 1, 1000, "baselines: k-means restarts"},
};
const gnn_i_optgroup_t gnn_i_group_model_digrac = {"model.digrac", digrac_specs,
                                                   (int64_t)(sizeof digrac_specs / sizeof digrac_specs[0])};

typedef struct digrac {
    int64_t K, d, h, H;
    gnn_tensor_t *ws0, *ws1, *wt0, *wt1, *os, *ot, *wp, *bp;
    gnn_graph_t *as, *at;        /* propagation operators of the graph in use */
    const gnn_graph_t *ops_of;
    gnn_tensor_t *X;             /* features (a constant on the tape: a param without grad) */
    gnn_params_t *xs;            /* holds X */
    const gnn_dataset_t *x_of;
    gnn_tape_t *tp;
    float dropout;
} digrac_t;

static void digrac_free(gnn_model_t *m) {
    digrac_t *s = m->state;
    if (s == NULL) return;
    gnn_graph_destroy(&s->as);
    gnn_graph_destroy(&s->at);
    gnn_params_destroy(&s->xs);
    gnn_tape_destroy(&s->tp);
    gnn_i_free(m->ctx, s);
    m->state = NULL;
}

static int norm_of(gnn_model_t *m) {
    const char *l = gnn_i_model_string(m, "loss");
    if (strcmp(l, "vol_min") == 0) return GNN_IMB_VOL_MIN;
    if (strcmp(l, "vol_max") == 0) return GNN_IMB_VOL_MAX;
    if (strcmp(l, "plain") == 0 || strcmp(l, "sum") == 0) return GNN_IMB_PLAIN;
    return GNN_IMB_VOL_SUM;
}

static int selection_of(gnn_model_t *m) {
    if (strcmp(gnn_i_model_string(m, "loss"), "std") == 0) return GNN_IMB_STD;
    const char *s = gnn_i_model_string(m, "selection");
    return strcmp(s, "naive") == 0 ? GNN_IMB_NAIVE : strcmp(s, "std") == 0 ? GNN_IMB_STD : GNN_IMB_SORT;
}

static int64_t beta_of(gnn_model_t *m, int64_t K) {
    int64_t b = gnn_i_model_int(m, "beta");
    if (b > 0) return b;
    return K < K * (K - 1) / 2 ? K : K * (K - 1) / 2;
}

/* Xavier uniform with gain 1.414 */
static gnn_status_t xavier(gnn_ctx_t *ctx, gnn_tensor_t *t, uint64_t stream) {
    const double fan = (double)(gnn_tensor_rows(t) + gnn_tensor_cols(t));
    const float a = (float)(1.414 * sqrt(6.0 / fan));
    return gnn_tensor_init_uniform(ctx, t, -a, a, stream);
}

static gnn_status_t init_params(gnn_model_t *m, uint64_t salt) {
    gnn_status_t status = GNN_SUCCESS;
    digrac_t *s = m->state;
    gnn_ctx_t *ctx = m->ctx;
    GNN_CHECK(xavier(ctx, s->ws0, salt + 1));
    GNN_CHECK(xavier(ctx, s->ws1, salt + 2));
    GNN_CHECK(xavier(ctx, s->wt0, salt + 3));
    GNN_CHECK(xavier(ctx, s->wt1, salt + 4));
    GNN_CHECK(gnn_tensor_fill(s->os, 1.0f));
    GNN_CHECK(gnn_tensor_fill(s->ot, 1.0f));
    const float a = 1.0f / sqrtf((float)(2 * s->h)); /* nn.Linear default */
    GNN_CHECK(gnn_tensor_init_uniform(ctx, s->wp, -a, a, salt + 5));
    GNN_CHECK(gnn_tensor_init_uniform(ctx, s->bp, -a, a, salt + 6));
fail:
    return status;
}

static gnn_status_t add(gnn_model_t *m, const char *name, int64_t r, int64_t c, gnn_tensor_t **t) {
    const int64_t shape[2] = {r, c};
    return gnn_params_add(m->ps, name, 2, shape, t);
}

static gnn_status_t digrac_build(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    digrac_t *s = NULL;
    int64_t K = gnn_i_model_int(m, "clusters"), d;
    GNN_ARG_CHECK(ctx, K >= 2, "digrac: --clusters K is required and must be >= 2 (got %lld)", (long long)K);
    if (ds != NULL) {
        GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "digrac: needs a dataset with one graph");
        GNN_ARG_CHECK(ctx, K <= ds->graphs[0]->n, "digrac: %lld clusters for a graph of %lld nodes", (long long)K,
                      (long long)ds->graphs[0]->n);
        d = ds->features ? ds->feat_dim : 2 * K;
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)d);
        gnn_opts_set(m->meta, "in_dim", buf);
    } else {
        const char *v = gnn_opts_get(m->meta, "in_dim");
        GNN_ARG_CHECK(ctx, v != NULL, "digrac: the checkpoint lacks its input dimension");
        d = strtoll(v, NULL, 10);
    }
    GNN_CALLOC(ctx, s, 1);
    m->state = s;
    s->K = K, s->d = d, s->h = gnn_i_model_int(m, "hidden"), s->H = gnn_i_model_int(m, "hops");
    s->dropout = (float)gnn_i_model_double(m, "dropout");
    GNN_CHECK(add(m, "source.w0", d, s->h, &s->ws0));
    GNN_CHECK(add(m, "source.w1", s->h, s->h, &s->ws1));
    GNN_CHECK(add(m, "target.w0", d, s->h, &s->wt0));
    GNN_CHECK(add(m, "target.w1", s->h, s->h, &s->wt1));
    GNN_CHECK(add(m, "source.hops", 1, s->H + 1, &s->os));
    GNN_CHECK(add(m, "target.hops", 1, s->H + 1, &s->ot));
    GNN_CHECK(add(m, "assign.weight", 2 * s->h, K, &s->wp));
    GNN_CHECK(add(m, "assign.bias", 1, K, &s->bp));
    GNN_CHECK(init_params(m, 0));
    GNN_CHECK(gnn_tape_create(ctx, &s->tp));
    return GNN_SUCCESS;
fail:
    digrac_free(m);
    return status;
}

/* A_s and A_t of g (built once per graph) */
static gnn_status_t operators(gnn_model_t *m, const gnn_graph_t *g) {
    gnn_status_t status = GNN_SUCCESS;
    digrac_t *s = m->state;
    gnn_ctx_t *ctx = m->ctx;
    if (s->ops_of == g && s->as) return GNN_SUCCESS;
    gnn_graph_destroy(&s->as);
    gnn_graph_destroy(&s->at);
    gnn_graph_t *t1 = NULL, *t2 = NULL;
    const float tau = (float)gnn_i_model_double(m, "tau");
    GNN_CHECK(gnn_graph_add_self_loops(ctx, g, tau, &t1));
    GNN_CHECK(gnn_graph_normalize(ctx, t1, GNN_NORM_ROW, &s->as));
    gnn_graph_destroy(&t1);
    GNN_CHECK(gnn_graph_transpose(ctx, g, &t2));
    GNN_CHECK(gnn_graph_add_self_loops(ctx, t2, tau, &t1));
    GNN_CHECK(gnn_graph_normalize(ctx, t1, GNN_NORM_ROW, &s->at));
    /* the backward passes run A^T X on both: weights in in-view order */
    GNN_CHECK(gnn_i_graph_cache_in_weights(ctx, s->as));
    GNN_CHECK(gnn_i_graph_cache_in_weights(ctx, s->at));
    s->ops_of = g;
fail:
    gnn_graph_destroy(&t1);
    gnn_graph_destroy(&t2);
    return status;
}

/* standardise the columns of X (n x c): mean 0, population std 1 (a zero
 * variance column gets scale 1) */
static void standardise(double *X, int64_t n, int64_t c) {
    for (int64_t j = 0; j < c; j++) {
        double mu = 0, v = 0;
        for (int64_t i = 0; i < n; i++) mu += X[i * c + j];
        mu /= (double)n;
        for (int64_t i = 0; i < n; i++) v += (X[i * c + j] - mu) * (X[i * c + j] - mu);
        double sd = sqrt(v / (double)n);
        if (!(sd > 1e-300)) sd = 1;
        for (int64_t i = 0; i < n; i++) X[i * c + j] = (X[i * c + j] - mu) / sd;
    }
}

gnn_status_t gnn_i_digrac_features(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t K, int herm_ref, float *out) {
    gnn_status_t status = GNN_SUCCESS;
    const int64_t n = g->n;
    double *U = NULL, *X = NULL;
    GNN_ALLOC(ctx, U, n * K);
    GNN_ALLOC(ctx, X, n * 2 * K);
    GNN_CHECK(gnn_herm_rw_vectors(ctx, g, K, U, NULL));
    gnn_rng_t r;
    gnn_rng_init(&r, gnn_ctx_seed(ctx), 0x6865726dull /* "herm" */, 0);
    for (int64_t j = 0; j < K; j++) {
        double cr = 1, ci = 1;
        if (herm_ref) {
            const double phi = 6.283185307179586 * gnn_rng_uniform(&r);
            cr = cos(phi), ci = sin(phi);
        }
        for (int64_t i = 0; i < n; i++) {
            X[i * 2 * K + j] = cr * U[i * K + j];
            X[i * 2 * K + K + j] = ci * U[i * K + j];
        }
    }
    standardise(X, n, 2 * K);
    for (int64_t i = 0; i < n * 2 * K; i++) out[i] = (float)X[i];
fail:
    gnn_i_free(ctx, U);
    gnn_i_free(ctx, X);
    return status;
}

static gnn_status_t features(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    digrac_t *s = m->state;
    gnn_ctx_t *ctx = m->ctx;
    if (s->X && s->x_of == ds) return GNN_SUCCESS;
    const gnn_graph_t *g = ds->graphs[0];
    const int64_t n = g->n;
    gnn_params_destroy(&s->xs);
    s->X = NULL;
    GNN_CHECK(gnn_params_create(ctx, &s->xs));
    const int64_t shape[2] = {n, s->d};
    GNN_CHECK(gnn_params_add(s->xs, "x", 2, shape, &s->X));
    gnn_tensor_set_requires_grad(s->X, 0);
    if (ds->features) {
        GNN_ARG_CHECK(ctx, ds->feat_rows == n, "digrac: %lld feature rows for %lld nodes", (long long)ds->feat_rows,
                      (long long)n);
        GNN_ARG_CHECK(ctx, ds->feat_dim == s->d, "digrac: the model takes %lld features, the data has %lld",
                      (long long)s->d, (long long)ds->feat_dim);
        memcpy(gnn_tensor_data(s->X), ds->features, sizeof(float) * (size_t)(n * s->d));
    } else {
        GNN_ARG_CHECK(ctx, s->d == 2 * s->K, "digrac: the model takes %lld features; give them with --features",
                      (long long)s->d);
        GNN_CHECK(gnn_i_digrac_features(ctx, g, s->K, gnn_i_model_choice(m, "feature-mode") == 1, gnn_tensor_data(s->X)));
    }
    s->x_of = ds;
fail:
    return status;
}

/* sum_k w[k] A^k X on the tape */
static gnn_status_t forward(gnn_model_t *m, gnn_tensor_t **P, gnn_tensor_t **logits_out) {
    gnn_status_t status = GNN_SUCCESS;
    digrac_t *s = m->state;
    gnn_tape_t *tp = s->tp;
    gnn_tensor_t *br[2], *logits;
    gnn_tensor_t *w0[2] = {s->ws0, s->wt0}, *w1[2] = {s->ws1, s->wt1}, *om[2] = {s->os, s->ot};
    const gnn_graph_t *A[2] = {s->as, s->at};
    for (int b = 0; b < 2; b++) {
        gnn_tensor_t *x;
        GNN_CHECK(gnn_matmul(tp, s->X, w0[b], 0, 0, &x));
        GNN_CHECK(gnn_relu(tp, x, &x));
        if (s->dropout > 0) GNN_CHECK(gnn_dropout(tp, x, s->dropout, (uint64_t)b, &x));
        GNN_CHECK(gnn_matmul(tp, x, w1[b], 0, 0, &x));
        GNN_CHECK(gnn_spmm_hops(tp, A[b], GNN_OUT, 1, x, om[b], s->H, &br[b]));
    }
    gnn_tensor_t *z;
    GNN_CHECK(gnn_concat(tp, 2, br, 1, &z));
    GNN_CHECK(gnn_matmul(tp, z, s->wp, 0, 0, &logits));
    GNN_CHECK(gnn_add(tp, logits, s->bp, &logits));
    GNN_CHECK(gnn_softmax(tp, logits, P));
    if (logits_out) *logits_out = logits;
fail:
    return status;
}

/* ---------------------------------------------------------------- splits */

typedef struct split {
    int64_t n[3];
    int64_t *idx[3];
    gnn_graph_t *sub[3]; /* induced subgraphs (NULL: the whole graph) */
} split_t;

static void split_free(gnn_ctx_t *ctx, split_t *sp) {
    for (int p = 0; p < 3; p++) {
        gnn_i_free(ctx, sp->idx[p]);
        gnn_graph_destroy(&sp->sub[p]);
    }
    memset(sp, 0, sizeof *sp);
}

/* stratified by label: per cluster ceil(t n_c) test, ceil(v n_c) validation,
 * the rest training; unlabelled nodes train.  Without labels (or split
 * "all"): every part is every node. */
static gnn_status_t make_split(gnn_model_t *m, const gnn_dataset_t *ds, int64_t run, split_t *sp) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    const gnn_graph_t *g = ds->graphs[0];
    const int64_t n = g->n;
    int64_t *part = NULL, *order = NULL;
    int mode = gnn_i_model_choice(m, "split"); /* 0 auto, 1 stratified, 2 all */
    if (mode == 0) mode = ds->node_labels ? 1 : 2;
    GNN_ARG_CHECK(ctx, mode != 1 || ds->node_labels, "digrac: a stratified split needs --labels");
    for (int p = 0; p < 3; p++) GNN_ALLOC(ctx, sp->idx[p], n);
    if (mode == 2) {
        for (int p = 0; p < 3; p++) {
            for (int64_t i = 0; i < n; i++) sp->idx[p][i] = i;
            sp->n[p] = n;
        }
        return GNN_SUCCESS;
    }
    GNN_ALLOC(ctx, part, n);
    GNN_ALLOC(ctx, order, n);
    const int64_t C = gnn_i_count_classes(ds->node_labels, n);
    gnn_rng_t r;
    gnn_rng_init(&r, gnn_ctx_seed(ctx), 0x73706c6974ull /* "split" */, (uint64_t)run);
    const double tr = gnn_i_model_double(m, "test-ratio"), vr = gnn_i_model_double(m, "valid-ratio");
    for (int64_t i = 0; i < n; i++) part[i] = 0;
    for (int64_t c = 0; c < C; c++) {
        int64_t k = 0;
        for (int64_t i = 0; i < n; i++)
            if (ds->node_labels[i] == c) order[k++] = i;
        gnn_rng_shuffle(&r, order, k);
        const int64_t nt = (int64_t)ceil(tr * (double)k - 1e-9), nv = (int64_t)ceil(vr * (double)k - 1e-9);
        for (int64_t i = 0; i < k; i++) part[order[i]] = i < nt ? 2 : i < nt + nv ? 1 : 0;
    }
    for (int64_t i = 0; i < n; i++) sp->idx[part[i]][sp->n[part[i]]++] = i;
    for (int p = 0; p < 2; p++) {
        GNN_ARG_CHECK(ctx, sp->n[p] >= 2, "digrac: the split leaves %lld %s nodes", (long long)sp->n[p],
                      p ? "validation" : "training");
        GNN_CHECK(gnn_graph_induced_subgraph(ctx, g, sp->idx[p], sp->n[p], &sp->sub[p]));
    }
fail:
    gnn_i_free(ctx, part);
    gnn_i_free(ctx, order);
    return status;
}

/* the imbalance loss of part p */
static gnn_status_t part_loss(gnn_model_t *m, const gnn_graph_t *g, const split_t *sp, int p, gnn_tensor_t *P,
                              int64_t beta, int norm, int sel, gnn_tensor_t **loss) {
    gnn_status_t status = GNN_SUCCESS;
    digrac_t *s = m->state;
    if (sp->sub[p] == NULL) return gnn_imbalance_loss(s->tp, g, P, beta, norm, sel, loss);
    gnn_tensor_t *ps;
    GNN_CHECK(gnn_gather_rows(s->tp, P, sp->idx[p], sp->n[p], &ps));
    GNN_CHECK(gnn_imbalance_loss(s->tp, sp->sub[p], ps, beta, norm, sel, loss));
fail:
    return status;
}

static void hard_labels(const float *P, int64_t n, int64_t K, int64_t *lab) {
    for (int64_t i = 0; i < n; i++) {
        int64_t b = 0;
        for (int64_t k = 1; k < K; k++)
            if (P[i * K + k] > P[i * K + b]) b = k;
        lab[i] = b;
    }
}

/* ---------------------------------------------------------------- metrics */

gnn_status_t gnn_i_cluster_scores(gnn_model_t *m, gnn_i_runstats_t *rs, const char *prefix, const gnn_dataset_t *ds,
                                  const int64_t *lab, int64_t K, int64_t beta, const int64_t *eval, int64_t neval) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    const gnn_graph_t *g = ds->graphs[0];
    const int64_t n = g->n;
    char name[64];
    int64_t *a = NULL, *b = NULL;
    if (ds->node_labels) {
        GNN_ALLOC(ctx, a, neval);
        GNN_ALLOC(ctx, b, neval);
        for (int64_t i = 0; i < neval; i++) a[i] = ds->node_labels[eval[i]], b[i] = lab[eval[i]];
        double ari, nmi;
        GNN_CHECK(gnn_adjusted_rand_index(ctx, neval, a, b, &ari));
        GNN_CHECK(gnn_normalized_mutual_info(ctx, neval, a, b, &nmi));
        snprintf(name, sizeof name, "%sari", prefix);
        GNN_CHECK(gnn_i_runstats_add(ctx, rs, name, ari));
        snprintf(name, sizeof name, "%snmi", prefix);
        GNN_CHECK(gnn_i_runstats_add(ctx, rs, name, nmi));
    }
    for (int sel = 0; sel < 3; sel++)
        for (int norm = 0; norm < 4; norm++) {
            double o;
            if (*prefix && !(norm == GNN_IMB_VOL_SUM && sel != GNN_IMB_STD)) continue; /* baselines: the headline pair */
            GNN_CHECK(gnn_flow_imbalance_hard(ctx, g, lab, K, beta, norm, sel, &o));
            snprintf(name, sizeof name, "%simbalance_%s_%s", prefix, gnn_imbalance_selection_name(sel),
                     gnn_imbalance_norm_name(norm));
            GNN_CHECK(gnn_i_runstats_add(ctx, rs, name, o));
        }
    {
        int64_t *cnt = NULL;
        GNN_CALLOC(ctx, cnt, K);
        for (int64_t i = 0; i < n; i++) cnt[lab[i]]++;
        int64_t mx = 0, mn = n, used = 0;
        for (int64_t k = 0; k < K; k++) {
            if (cnt[k] == 0) continue;
            used++;
            if (cnt[k] > mx) mx = cnt[k];
            if (cnt[k] < mn) mn = cnt[k];
        }
        gnn_i_free(ctx, cnt);
        snprintf(name, sizeof name, "%ssize_ratio", prefix);
        GNN_CHECK(gnn_i_runstats_add(ctx, rs, name, (double)mx / (double)(mn > 0 ? mn : 1)));
        if (!*prefix) GNN_CHECK(gnn_i_runstats_add(ctx, rs, "clusters_used", (double)used));
    }
fail:
    gnn_i_free(ctx, a);
    gnn_i_free(ctx, b);
    return status;
}

/* a spectral baseline: embedding, k-means, scores */
gnn_status_t gnn_i_spectral_assign(gnn_model_t *m, const gnn_graph_t *g, const char *method, int64_t K, int64_t n_init,
                                   uint64_t stream, int64_t *lab) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    int64_t dim;
    double *X = NULL;
    GNN_CHECK(gnn_spectral_embedding(ctx, g, method, K, NULL, &dim));
    GNN_ALLOC(ctx, X, g->n * dim);
    GNN_CHECK(gnn_spectral_embedding(ctx, g, method, K, X, &dim));
    GNN_CHECK(gnn_kmeans(ctx, g->n, dim, X, K, n_init, stream, lab, NULL));
fail:
    gnn_i_free(ctx, X);
    return status;
}

/* ---------------------------------------------------------------- training */

static gnn_status_t eval_P(gnn_model_t *m, gnn_tensor_t **P) {
    digrac_t *s = m->state;
    gnn_tape_reset(s->tp);
    gnn_tape_set_training(s->tp, 0);
    gnn_tape_set_grad_enabled(s->tp, 0);
    gnn_status_t st = forward(m, P, NULL);
    gnn_tape_set_grad_enabled(s->tp, 1);
    gnn_tape_set_training(s->tp, 1);
    return st;
}

static gnn_status_t write_outputs(gnn_model_t *m, const float *P, int64_t n, int64_t K) {
    gnn_status_t st = gnn_i_model_outputs(m, n, K);
    if (st < 0) return st;
    for (int64_t i = 0; i < n * K; i++) m->outputs[i] = P[i];
    hard_labels(P, n, K, m->assign);
    return GNN_SUCCESS;
}

static gnn_status_t digrac_fit(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    digrac_t *s = m->state;
    gnn_optim_t *opt = NULL;
    gnn_opts_t *oo = NULL;
    float *best = NULL, *keep = NULL;
    int64_t *lab = NULL;
    split_t sp = {0};
    gnn_i_runstats_t rs = {0};
    GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "digrac: needs a dataset with one graph");
    const gnn_graph_t *g = ds->graphs[0];
    const int64_t n = g->n, K = s->K;
    GNN_ARG_CHECK(ctx, g->m > 0, "digrac: the graph has no arcs; there is no flow to cluster");
    GNN_ARG_CHECK(ctx, K <= n, "digrac: %lld clusters for a graph of %lld nodes", (long long)K, (long long)n);
    GNN_CHECK(operators(m, g));
    GNN_CHECK(features(m, ds));
    const int64_t epochs = gnn_i_model_int(m, "epochs"), patience = gnn_i_model_int(m, "patience");
    const int64_t runs = gnn_i_model_int(m, "runs"), restarts = gnn_i_model_int(m, "restarts");
    const int64_t beta = beta_of(m, K), pre = gnn_i_model_int(m, "pretrain-epochs");
    const int norm = norm_of(m), sel = selection_of(m);
    const double ce = gnn_i_model_double(m, "ce-coeff"), ic = gnn_i_model_double(m, "imbalance-coeff");
    GNN_ARG_CHECK(ctx, ce > 0 || ic > 0, "digrac: --ce-coeff and --imbalance-coeff cannot both be 0");
    if (ce > 0) {
        GNN_ARG_CHECK(ctx, ds->node_labels != NULL, "digrac: --ce-coeff needs --labels");
        for (int64_t i = 0; i < n; i++)
            GNN_ARG_CHECK(ctx, ds->node_labels[i] < K, "digrac: node %lld has label %lld, outside the %lld clusters",
                          (long long)i, (long long)ds->node_labels[i], (long long)K);
    }
    const char *bl = gnn_i_model_string(m, "baselines");
    GNN_ALLOC(ctx, best, gnn_params_numel(m->ps));
    GNN_ALLOC(ctx, keep, gnn_params_numel(m->ps));
    GNN_ALLOC(ctx, lab, n);
    if (gnn_opts_create(&oo) != GNN_SUCCESS) {
        status = gnn_i_nomem(ctx, "options");
        goto fail;
    }
    gnn_opts_set_double(oo, "lr", gnn_i_model_double(m, "lr"));
    gnn_opts_set_double(oo, "weight-decay", gnn_i_model_double(m, "weight-decay"));
    double train_time = 0;
    int64_t total_epochs = 0;
    const double t0 = gnn_i_now();
    for (int64_t run = 0; run < runs; run++) {
        split_free(ctx, &sp);
        GNN_CHECK(make_split(m, ds, run, &sp));
        double keep_val = INFINITY;
        int64_t keep_epoch = 0;
        for (int64_t rs_i = 0; rs_i < restarts; rs_i++) {
            GNN_CHECK(init_params(m, 1000 * (uint64_t)run + (uint64_t)rs_i * 7919u));
            gnn_optim_destroy(&opt);
            GNN_CHECK(gnn_optim_create(ctx, m->ps, "adam", oo, &opt));
            gnn_tape_set_step(s->tp, ((int64_t)run << 32) + ((int64_t)rs_i << 24));
            double best_val = INFINITY;
            int64_t bad = 0, best_epoch = 0, e;
            for (e = 0; e < epochs; e++) {
                const double ts = gnn_i_now();
                gnn_tensor_t *P, *logits, *loss = NULL, *l2;
                gnn_tape_reset(s->tp);
                gnn_optim_zero_grad(opt);
                GNN_CHECK(forward(m, &P, &logits));
                const int pretrain = sel == GNN_IMB_STD && e < pre;
                if (ic > 0) {
                    GNN_CHECK(part_loss(m, g, &sp, 0, P, pretrain ? 3 : beta, norm, pretrain ? GNN_IMB_SORT : sel, &loss));
                    if (ic != 1) GNN_CHECK(gnn_scale(s->tp, loss, (float)ic, 0, &loss));
                }
                if (ce > 0) {
                    GNN_CHECK(gnn_cross_entropy(s->tp, logits, ds->node_labels, sp.idx[0], sp.n[0], &l2));
                    GNN_CHECK(gnn_scale(s->tp, l2, (float)ce, 0, &l2));
                    if (loss) GNN_CHECK(gnn_add(s->tp, loss, l2, &loss));
                    else loss = l2;
                }
                const double lv = gnn_tensor_item(loss);
                GNN_CHECK(gnn_tape_backward(s->tp, loss));
                GNN_CHECK(gnn_optim_step(opt, NULL));
                train_time += gnn_i_now() - ts;
                /* validation loss in evaluation mode */
                GNN_CHECK(eval_P(m, &P));
                gnn_tensor_t *vl;
                GNN_CHECK(part_loss(m, g, &sp, 1, P, beta, norm, sel, &vl));
                const double val = gnn_tensor_item(vl);
                if (!isfinite(lv) || !isfinite(val)) {
                    status = gnn_i_error(ctx, GNN_ENUMERIC, "digrac: the loss became %g (validation %g) at epoch %lld", lv, val,
                                         (long long)e + 1);
                    goto fail;
                }
                if (runs == 1 && restarts == 1) GNN_CHECK(gnn_i_model_history_add(m, e + 1, gnn_i_now() - t0, lv, val));
                if (val <= best_val) {
                    best_val = val, bad = 0, best_epoch = e + 1;
                    gnn_i_params_copy(m->ps, best, 1);
                } else {
                    bad++;
                }
                gnn_i_progress(ctx, "epoch", (double)((run * restarts + rs_i) * epochs + e + 1),
                               (double)(runs * restarts * epochs));
                GNN_CHECK(gnn_i_poll(ctx));
                if (patience > 0 && bad > patience) {
                    e++;
                    break;
                }
            }
            total_epochs += e;
            if (best_val < keep_val || rs_i == 0) { /* this restart's best model is the run's so far */
                keep_val = best_val, keep_epoch = best_epoch;
                memcpy(keep, best, sizeof(float) * (size_t)gnn_params_numel(m->ps));
            }
        }
        const double best_val = keep_val;
        const int64_t best_epoch = keep_epoch;
        gnn_i_params_copy(m->ps, keep, 0);
        gnn_tensor_t *P;
        GNN_CHECK(eval_P(m, &P));
        hard_labels(gnn_tensor_data(P), n, K, lab);
        GNN_CHECK(gnn_i_cluster_scores(m, &rs, "", ds, lab, K, beta, sp.idx[2], sp.n[2]));
        GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "best_epoch", (double)best_epoch));
        GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "valid_loss", best_val));
        if (run == runs - 1) GNN_CHECK(write_outputs(m, gnn_tensor_data(P), n, K));
        /* spectral baselines on the same graph, scored by the same code */
        for (const char *p = bl; p && *p;) {
            const char *q = strchr(p, ',');
            const size_t len = q ? (size_t)(q - p) : strlen(p);
            char meth[32], prefix[40];
            GNN_ARG_CHECK(ctx, len > 0 && len < sizeof meth, "digrac: bad --baselines list '%s'", bl);
            memcpy(meth, p, len);
            meth[len] = '\0';
            GNN_CHECK(gnn_i_spectral_assign(m, g, meth, K, gnn_i_model_int(m, "kmeans-init"), (uint64_t)run, lab));
            snprintf(prefix, sizeof prefix, "%s.", meth);
            GNN_CHECK(gnn_i_cluster_scores(m, &rs, prefix, ds, lab, K, beta, sp.idx[2], sp.n[2]));
            p = q ? q + 1 : NULL;
        }
        gnn_optim_destroy(&opt);
    }
    gnn_i_runstats_publish(m, &rs, runs > 1);
    gnn_i_model_set_metric(m, "beta", (double)beta);
    gnn_i_model_set_metric(m, "epochs_run", (double)total_epochs / (double)runs);
    gnn_i_model_set_metric(m, "seconds_per_epoch", train_time / (double)(total_epochs > 0 ? total_epochs : 1));
fail:
    gnn_i_runstats_free(ctx, &rs);
    split_free(ctx, &sp);
    gnn_optim_destroy(&opt);
    gnn_opts_destroy(&oo);
    gnn_i_free(ctx, best);
    gnn_i_free(ctx, keep);
    gnn_i_free(ctx, lab);
    return status;
}

static gnn_status_t digrac_predict(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    digrac_t *s = m->state;
    gnn_tensor_t *P;
    gnn_i_runstats_t rs = {0};
    int64_t *all = NULL;
    GNN_ARG_CHECK(m->ctx, ds->ngraphs == 1, "digrac: needs a dataset with one graph");
    const gnn_graph_t *g = ds->graphs[0];
    GNN_CHECK(operators(m, g));
    GNN_CHECK(features(m, ds));
    GNN_CHECK(eval_P(m, &P));
    GNN_CHECK(write_outputs(m, gnn_tensor_data(P), g->n, s->K));
    if (g->m > 0) {
        GNN_ALLOC(m->ctx, all, g->n);
        for (int64_t i = 0; i < g->n; i++) all[i] = i;
        GNN_CHECK(gnn_i_cluster_scores(m, &rs, "", ds, m->assign, s->K, beta_of(m, s->K), all, g->n));
        gnn_i_runstats_publish(m, &rs, 0);
    }
fail:
    gnn_i_free(m->ctx, all);
    gnn_i_runstats_free(m->ctx, &rs);
    return status;
}

const gnn_model_impl_t gnn_i_model_digrac = {
    "digrac", "DIGRAC: self-supervised directed clustering by flow imbalance (DIMPA encoder)", &gnn_i_group_model_digrac,
    digrac_build, digrac_fit, digrac_predict, digrac_free, NULL,
};
