/* pathnn.c: Path Neural Networks (Michel, Nikolentzos, Lutzeyer and
 * Vazirgiannis, ICML 2023) for graph classification, as
 * ../shared/specs/pathnn.md and gnn_pathnn(3) describe.
 *
 * Each graph's path sets (gnn/paths.h: SP, SP+ or AP, lengths 1..K) are
 * extracted once.  The model: encoder Linear-BN-ReLU-Linear-BN-ReLU; layer
 * k reads every length-k path ending at a node with one LSTM shared by all
 * layers (far end first, the root last; AP adds the embedding of each
 * node's distance to the root), sums the final hidden states per root, adds
 * the node's embedding (residual), then BatchNorm_k and ReLU; a sum (or
 * mean) readout of the last layer and Linear-ReLU-Dropout-Linear give the
 * class logits.  A batch is many graphs at once: their node rows stacked,
 * their path rows offset and concatenated (rows stay grouped by root).
 *
 * Evaluation: the fair-comparison protocol (Errica et al.): per outer fold,
 * each grid configuration (hidden {32, 64} x dropout {0, 0.5}) is trained
 * with early stopping on the fold's validation graphs, the best is trained
 * again final-runs times, and the fold's score is the mean test accuracy
 * of those runs at their best validation epochs.  Folds come from the
 * Errica JSON split file, or are drawn (seeded, stratified) with a
 * validation share held out of each training part.
 *
 * gnn_i_pathnn_embed64 is the untrained float64 forward of the synthetic
 * suites (no BatchNorm, ReLU(X + M), l2-normalised layer inputs) that the
 * isomorphism test uses. */
#include "model.h"
#include "../lib/graph/paths_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const gnn_i_optspec_t pn_specs[] = {
    {"variant", "choice:sp|sp+|ap", "sp", 1, 0, "path sets: one shortest path per pair, all shortest paths, all simple paths"},
    {"sp-order", "choice:id|canonical", "id", 1, 0,
     "sp: break ties between shortest paths by node id (the reference) or by a canonical numbering (BLISS, colours = node inputs)"},
    {"K", "int", "2", 1, GNN_PATHS_MAX_K, "longest path length (edges) = number of path layers (the reference's cutoff - 1)"},
    {"hidden", "int", "32", 1, 4096, "width h (the model-selection grid: 32, 64)"},
    {"dropout", "double", "0", 0, 0.99, "dropout on the LSTM inputs and in the head (the grid: 0, 0.5)"},
    {"lr", "double", "1e-3", 0, 1e3, "Adam learning rate"},
    {"batch-size", "int", "32", 2, 1 << 20, "graphs per step"},
    {"epochs", "int", "500", 1, 1e9, "training epochs at most"},
    {"patience", "int", "250", 0, 1e9, "epochs without a better validation score before stopping (0: never stop early)"},
    {"de", "choice:auto|yes|no|on|off", "auto", 1, 0, "distance encoding on the LSTM input (auto: with ap only)"},
    {"residual", "bool", "1", 1, 0, "add the node's embedding to its path sum"},
    {"readout", "choice:sum|mean", "sum", 1, 0, "graph readout of the last layer"},
    {"path-agg", "choice:sum|mean", "sum", 1, 0, "aggregation of a node's path states"},
    {"node-features", "choice:auto|all|labels|degree|ones", "auto", 1, 0,
     "inputs: the data's (one-hot node labels and attributes; degree one-hot when it has none), labels only, "
     "one-hot degree, or a constant"},
    {"folds", "int", "10", 1, 1000, "outer folds of the cross-validation (a split file fixes its own)"},
    {"fold", "int", "-1", -1, 1000, "run only this outer fold (-1: all)"},
    {"splits", "string", "", 1, 0, "fold file in the fair-comparison JSON layout (Errica et al.); none: seeded stratified folds"},
    {"valid-ratio", "double", "0.1", 0.01, 0.5, "share of each training part held out for validation when folds are drawn"},
    {"grid", "bool", "1", 1, 0, "select hidden and dropout on validation per fold (0: the given hidden and dropout: quick mode)"},
    {"quick", "bool", "0", 1, 0, "a single configuration per fold and one final run (grid 0, final-runs 1)"},
    {"final-runs", "int", "3", 1, 100, "trainings of the selected configuration per fold; the fold score is their mean"},
    {"select", "choice:accuracy|loss", "accuracy", 1, 0, "early stopping and selection on validation accuracy (ties: later wins) or loss"},
    {"max-paths", "int", "20000000", 0, 1e12, "refuse a dataset with more paths in all (0: no limit)"},
    {"iso", "bool", "0", 1, 0, "isomorphism test instead of training: untrained float64 embeddings, pairs closer than 1e-5"},
    {"iso-pairs", "choice:all|consecutive", "all", 1, 0, "iso: every pair of graphs, or the pairs (0,1), (2,3), ... (EXP)"},
    {"iso-seeds", "int", "5", 1, 1000, "iso: random initialisations (seeds seed .. seed+n-1)"},
    {"l2-norm", "bool", "1", 1, 0, "iso: l2-normalise each layer's input per node (the synthetic suites' setting)"},
};
const gnn_i_optgroup_t gnn_i_group_model_pathnn = {"model.pathnn", pn_specs, (int64_t)(sizeof pn_specs / sizeof pn_specs[0])};

typedef struct bn {
    gnn_tensor_t *g, *b, *rm, *rv;
} bn_t;

typedef struct pn {
    int kind, de, residual, mean_readout, mean_paths;
    int64_t K, F, h, C;
    float dropout;
    /* parameters (rebuilt for every training run) */
    gnn_linear_t *enc[2], *head[2];
    bn_t enc_bn[2], bn[GNN_PATHS_MAX_K + 1];
    gnn_lstm_t *lstm;
    gnn_tensor_t *w_ih, *w_hh, *b_ih, *b_hh; /* the LSTM's, for the fused op */
    gnn_tensor_t *edist;
    gnn_tape_t *tp;
    /* the data in use */
    int64_t G, N;
    gnn_paths_t **paths; /* G */
    int64_t *off;        /* G + 1 node offsets */
    float *X;            /* N x F */
    int64_t *label;      /* G */
    /* per-batch scratch */
    int64_t cap_gid, cap_bx, cap_inv, cap_idx, cap_dist, cap_root;
    float *bx;
    int64_t *gid, *idx, *dist, *root, *blab, *bsz;
    float *inv;
} pn_t;

static void free_layers(pn_t *s) {
    for (int i = 0; i < 2; i++) gnn_linear_destroy(&s->enc[i]), gnn_linear_destroy(&s->head[i]);
    gnn_lstm_destroy(&s->lstm);
}

static void free_data(gnn_ctx_t *ctx, pn_t *s) {
    for (int64_t i = 0; s->paths && i < s->G; i++) gnn_paths_destroy(&s->paths[i]);
    gnn_i_free(ctx, s->paths);
    gnn_i_free(ctx, s->off);
    gnn_i_free(ctx, s->X);
    gnn_i_free(ctx, s->label);
    s->paths = NULL, s->off = NULL, s->X = NULL, s->label = NULL;
    s->G = s->N = 0;
}

static void pn_free(gnn_model_t *m) {
    pn_t *s = m->state;
    if (s == NULL) return;
    gnn_ctx_t *ctx = m->ctx;
    free_layers(s);
    free_data(ctx, s);
    gnn_tape_destroy(&s->tp);
    gnn_i_free(ctx, s->bx);
    gnn_i_free(ctx, s->gid);
    gnn_i_free(ctx, s->idx);
    gnn_i_free(ctx, s->dist);
    gnn_i_free(ctx, s->root);
    gnn_i_free(ctx, s->blab);
    gnn_i_free(ctx, s->bsz);
    gnn_i_free(ctx, s->inv);
    gnn_i_free(ctx, s);
    m->state = NULL;
}

static gnn_status_t bn_make(gnn_model_t *m, const char *prefix, int64_t c, bn_t *b) {
    gnn_status_t status = GNN_SUCCESS;
    const int64_t shape[1] = {c};
    char name[64];
    snprintf(name, sizeof name, "%s.weight", prefix);
    GNN_CHECK(gnn_params_add(m->ps, name, 1, shape, &b->g));
    snprintf(name, sizeof name, "%s.bias", prefix);
    GNN_CHECK(gnn_params_add(m->ps, name, 1, shape, &b->b));
    snprintf(name, sizeof name, "%s.running_mean", prefix);
    GNN_CHECK(gnn_params_add(m->ps, name, 1, shape, &b->rm));
    snprintf(name, sizeof name, "%s.running_var", prefix);
    GNN_CHECK(gnn_params_add(m->ps, name, 1, shape, &b->rv));
    gnn_tensor_set_requires_grad(b->rm, 0);
    gnn_tensor_set_requires_grad(b->rv, 0);
    GNN_CHECK(gnn_tensor_fill(b->g, 1.0f));
    GNN_CHECK(gnn_tensor_fill(b->b, 0.0f));
    GNN_CHECK(gnn_tensor_fill(b->rm, 0.0f));
    GNN_CHECK(gnn_tensor_fill(b->rv, 1.0f));
fail:
    return status;
}

/* a fresh parameter set of width h, initialised from the context's seed
 * (PyTorch's defaults: Linear and LSTM uniform, the distance table Glorot) */
static gnn_status_t make_params(gnn_model_t *m, int64_t h) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    free_layers(s);
    gnn_params_destroy(&m->ps);
    GNN_CHECK(gnn_params_create(ctx, &m->ps));
    s->h = h;
    GNN_CHECK(gnn_linear_create(ctx, m->ps, "enc.0", s->F, h, 1, &s->enc[0]));
    GNN_CHECK(bn_make(m, "enc.bn0", h, &s->enc_bn[0]));
    GNN_CHECK(gnn_linear_create(ctx, m->ps, "enc.1", h, h, 1, &s->enc[1]));
    GNN_CHECK(bn_make(m, "enc.bn1", h, &s->enc_bn[1]));
    GNN_CHECK(gnn_lstm_create(ctx, m->ps, "lstm", s->de ? 2 * h : h, h, &s->lstm));
    s->w_ih = gnn_params_find(m->ps, "lstm.weight_ih");
    s->w_hh = gnn_params_find(m->ps, "lstm.weight_hh");
    s->b_ih = gnn_params_find(m->ps, "lstm.bias_ih");
    s->b_hh = gnn_params_find(m->ps, "lstm.bias_hh");
    for (int64_t k = 1; k <= s->K; k++) {
        char name[32];
        snprintf(name, sizeof name, "bn.%lld", (long long)k);
        GNN_CHECK(bn_make(m, name, h, &s->bn[k]));
    }
    if (s->de) {
        const int64_t shape[2] = {s->K + 1, h};
        GNN_CHECK(gnn_params_add(m->ps, "dist_emb", 2, shape, &s->edist));
        GNN_CHECK(gnn_tensor_init_glorot(ctx, s->edist, 0x64697374u));
    }
    GNN_CHECK(gnn_linear_create(ctx, m->ps, "head.0", h, h, 1, &s->head[0]));
    GNN_CHECK(gnn_linear_create(ctx, m->ps, "head.1", h, s->C, 1, &s->head[1]));
fail:
    return status;
}

/* ------------------------------------------------------------ the data */

/* node inputs of graph set ds: [N x F] by the node-features choice */
static gnn_status_t input_width(gnn_model_t *m, const gnn_dataset_t *ds, int64_t *F, int *mode) {
    int c = gnn_i_model_choice(m, "node-features"); /* auto all labels degree ones */
    if (c == 0) c = ds->feat_dim > 0 ? 1 : 3;
    if ((c == 1 || c == 2) && ds->feat_dim <= 0)
        return gnn_i_error(m->ctx, GNN_EINVAL, "pathnn: node-features %s, but the data has no node labels or attributes",
                           c == 1 ? "all" : "labels");
    if (c == 2 && ds->feat_label_dim <= 0)
        return gnn_i_error(m->ctx, GNN_EINVAL, "pathnn: node-features labels, but the data has no node labels");
    *mode = c;
    if (c == 1) *F = ds->feat_dim;
    else if (c == 2) *F = ds->feat_label_dim;
    else if (c == 4) *F = 1;
    else {
        int64_t dmax = 0;
        for (int64_t i = 0; i < ds->ngraphs; i++) {
            const gnn_graph_t *g = ds->graphs[i];
            for (int64_t v = 0; v < g->n; v++) {
                const int64_t d = g->out_ptr[v + 1] - g->out_ptr[v];
                if (d > dmax) dmax = d;
            }
        }
        *F = dmax + 1;
    }
    return GNN_SUCCESS;
}

/* colours of n nodes from their input rows x [n x F]: equal rows, equal
 * colours, numbered in the byte order of the rows (so the colours do not
 * depend on the node numbering) */
typedef struct {
    const float *row;
    int64_t F, v;
} row_ref_t;

static int cmp_rows(const void *a, const void *b) {
    const row_ref_t *p = a, *q = b;
    const int c = memcmp(p->row, q->row, sizeof(float) * (size_t)p->F);
    return c != 0 ? c : (p->v > q->v) - (p->v < q->v);
}

static gnn_status_t input_colours(gnn_ctx_t *ctx, const float *x, int64_t n, int64_t F, int64_t *colour) {
    gnn_status_t status = GNN_SUCCESS;
    row_ref_t *r = NULL;
    GNN_ALLOC(ctx, r, n > 0 ? n : 1);
    for (int64_t v = 0; v < n; v++) r[v].row = x + v * F, r[v].F = F, r[v].v = v;
    qsort(r, (size_t)n, sizeof *r, cmp_rows);
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++) {
        if (i > 0 && memcmp(r[i - 1].row, r[i].row, sizeof(float) * (size_t)F) != 0) c++;
        colour[r[i].v] = c;
    }
fail:
    gnn_i_free(ctx, r);
    return status;
}

static gnn_status_t set_data(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    int mode = 0;
    int64_t F = 0, *rank = NULL, *colour = NULL;
    free_data(ctx, s);
    GNN_ARG_CHECK(ctx, ds->ngraphs >= 1, "pathnn: the dataset has no graphs");
    GNN_CHECK(input_width(m, ds, &F, &mode));
    if (mode == 3 && F > s->F) F = s->F; /* larger degrees than in training share the last column */
    GNN_ARG_CHECK(ctx, F == s->F, "pathnn: the model takes %lld input features, the data gives %lld", (long long)s->F,
                  (long long)F);
    const int64_t G = ds->ngraphs;
    GNN_CALLOC(ctx, s->paths, G);
    GNN_ALLOC(ctx, s->off, G + 1);
    s->G = G;
    s->off[0] = 0;
    for (int64_t i = 0; i < G; i++) s->off[i + 1] = s->off[i] + ds->graphs[i]->n;
    s->N = s->off[G];
    GNN_ARG_CHECK(ctx, mode == 3 || mode == 4 || ds->feat_rows == s->N,
                  "pathnn: %lld feature rows for %lld nodes", (long long)ds->feat_rows, (long long)s->N);
    GNN_CALLOC(ctx, s->X, s->N * F);
    for (int64_t i = 0; i < G; i++) {
        const gnn_graph_t *g = ds->graphs[i];
        for (int64_t v = 0; v < g->n; v++) {
            float *x = s->X + (s->off[i] + v) * F;
            const int64_t row = s->off[i] + v;
            if (mode == 1 || mode == 2) memcpy(x, ds->features + row * ds->feat_dim, sizeof(float) * (size_t)F);
            else if (mode == 4) x[0] = 1.0f;
            else {
                int64_t d = g->out_ptr[v + 1] - g->out_ptr[v];
                x[d < F ? d : F - 1] = 1.0f;
            }
        }
    }
    GNN_ALLOC(ctx, s->label, G);
    for (int64_t i = 0; i < G; i++) s->label[i] = ds->graph_labels ? ds->graph_labels[i] : -1;
    const int64_t limit = gnn_i_model_int(m, "max-paths");
    int64_t total = 0;
    const double t_paths = gnn_i_now();
    const int canonical = gnn_i_model_choice(m, "sp-order") == 1;
    int64_t nmax = 1;
    for (int64_t i = 0; i < G; i++)
        if (ds->graphs[i]->n > nmax) nmax = ds->graphs[i]->n;
    if (canonical) {
        GNN_ALLOC(ctx, rank, nmax);
        GNN_ALLOC(ctx, colour, nmax);
    }
    for (int64_t i = 0; i < G; i++) {
        if (canonical) {
            GNN_CHECK(input_colours(ctx, s->X + s->off[i] * F, ds->graphs[i]->n, F, colour));
            GNN_CHECK(gnn_paths_canonical_order(ctx, ds->graphs[i], colour, rank));
        }
        status = gnn_paths_extract_ordered(ctx, ds->graphs[i], s->kind, s->K, limit > 0 ? limit - total : 0,
                                           canonical ? rank : NULL, &s->paths[i]);
        if (status == GNN_ERANGE) {
            status = gnn_i_error(ctx, GNN_ERANGE,
                                 "pathnn: the %s paths of length <= %lld pass max-paths = %lld at graph %lld of %lld; "
                                 "lower K or raise max-paths",
                                 gnn_i_model_string(m, "variant"), (long long)s->K, (long long)limit, (long long)i + 1,
                                 (long long)G);
            goto fail;
        }
        if (status < 0) goto fail;
        for (int64_t k = 1; k <= s->K; k++) total += s->paths[i]->count[k];
        if ((i & 63) == 0) GNN_CHECK(gnn_i_poll(ctx));
    }
    gnn_i_model_set_metric(m, "paths", (double)total);
    gnn_i_model_set_metric(m, "paths_seconds", gnn_i_now() - t_paths);
fail:
    gnn_i_free(ctx, rank);
    gnn_i_free(ctx, colour);
    return status;
}

/* ------------------------------------------------------------ the model */

static gnn_status_t bn_apply(gnn_tape_t *tp, const bn_t *b, gnn_tensor_t *x, gnn_tensor_t **out) {
    return gnn_batch_norm(tp, x, b->g, b->b, b->rm, b->rv, 0.1f, 1e-5f, out);
}

/* the logits [nb, C] of graphs gs[0..nb) */
static gnn_status_t forward(gnn_model_t *m, const int64_t *gs, int64_t nb, gnn_tensor_t **logits) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    gnn_tape_t *tp = s->tp;
    const int64_t F = s->F;
    int64_t n = 0;
    for (int64_t b = 0; b < nb; b++) n += s->off[gs[b] + 1] - s->off[gs[b]];
    if (gnn_i_grow(ctx, (void **)&s->gid, &s->cap_gid, n, sizeof(int64_t)) ||
        gnn_i_grow(ctx, (void **)&s->bx, &s->cap_bx, n * F, sizeof(float)) ||
        gnn_i_grow(ctx, (void **)&s->inv, &s->cap_inv, n > nb ? n : nb, sizeof(float)))
        return gnn_i_nomem(ctx, "pathnn batch");
    {
        int64_t r = 0;
        for (int64_t b = 0; b < nb; b++) {
            const int64_t g = gs[b], k = s->off[g + 1] - s->off[g];
            memcpy(s->bx + r * F, s->X + s->off[g] * F, sizeof(float) * (size_t)(k * F));
            for (int64_t i = 0; i < k; i++) s->gid[r + i] = b;
            r += k;
        }
    }
    gnn_tensor_t *x, *t;
    {
        const int64_t shape[2] = {n, F};
        GNN_CHECK(gnn_tensor_from_data(tp, 2, shape, s->bx, &x));
    }
    for (int l = 0; l < 2; l++) {
        GNN_CHECK(gnn_linear_forward(tp, s->enc[l], x, &x));
        GNN_CHECK(bn_apply(tp, &s->enc_bn[l], x, &x));
        GNN_CHECK(gnn_relu(tp, x, &x));
    }
    gnn_tensor_t *lstm_bias;
    GNN_CHECK(gnn_add(tp, s->b_ih, s->b_hh, &lstm_bias));
    for (int64_t k = 1; k <= s->K; k++) {
        int64_t P = 0;
        for (int64_t b = 0; b < nb; b++) P += s->paths[gs[b]]->count[k];
        gnn_tensor_t *z = x;
        if (P > 0) {
            const int64_t w = k + 1;
            if (gnn_i_grow(ctx, (void **)&s->idx, &s->cap_idx, P * w, sizeof(int64_t)) ||
                gnn_i_grow(ctx, (void **)&s->dist, &s->cap_dist, P * w, sizeof(int64_t)) ||
                gnn_i_grow(ctx, (void **)&s->root, &s->cap_root, P, sizeof(int64_t)))
                return gnn_i_nomem(ctx, "pathnn batch paths");
            /* step-major: idx[t * P + r] */
            int64_t r = 0, base = 0;
            for (int64_t b = 0; b < nb; b++) {
                const gnn_paths_t *p = s->paths[gs[b]];
                const int64_t c = p->count[k];
                for (int64_t q = 0; q < c; q++, r++) {
                    for (int64_t j = 0; j < w; j++) {
                        s->idx[j * P + r] = base + p->nodes[k][q * w + j];
                        s->dist[j * P + r] = p->dist[k][q * w + j];
                    }
                    s->root[r] = base + p->nodes[k][q * w + k];
                }
                base += s->off[gs[b] + 1] - s->off[gs[b]];
            }
            /* every step's inputs at once, step-major [w * P, d_in] */
            gnn_tensor_t *in, *h;
            GNN_CHECK(gnn_gather_rows(tp, x, s->idx, w * P, &in));
            if (s->de) {
                gnn_tensor_t *parts[2], *d;
                GNN_CHECK(gnn_gather_rows(tp, s->edist, s->dist, w * P, &d));
                parts[0] = in, parts[1] = d;
                GNN_CHECK(gnn_concat(tp, 2, parts, 1, &in));
            }
            if (s->dropout > 0) GNN_CHECK(gnn_dropout(tp, in, s->dropout, (uint64_t)(100 + k), &in));
            GNN_CHECK(gnn_lstm_steps(tp, in, w, s->w_ih, s->w_hh, lstm_bias, &h));
            gnn_tensor_t *msum;
            GNN_CHECK(gnn_scatter_add_rows(tp, h, s->root, n, &msum));
            if (s->mean_paths) {
                for (int64_t i = 0; i < n; i++) s->inv[i] = 0;
                for (int64_t q = 0; q < P; q++) s->inv[s->root[q]] += 1.0f;
                for (int64_t i = 0; i < n; i++) s->inv[i] = s->inv[i] > 0 ? 1.0f / s->inv[i] : 0.0f;
                const int64_t shape[2] = {n, 1};
                GNN_CHECK(gnn_tensor_from_data(tp, 2, shape, s->inv, &t));
                GNN_CHECK(gnn_mul(tp, msum, t, &msum));
            }
            if (s->residual) GNN_CHECK(gnn_add(tp, x, msum, &z));
            else z = msum;
        } else if (!s->residual) {
            const int64_t shape[2] = {n, s->h};
            GNN_CHECK(gnn_tensor_zeros(tp, 2, shape, &z));
        }
        GNN_CHECK(bn_apply(tp, &s->bn[k], z, &x));
        GNN_CHECK(gnn_relu(tp, x, &x));
    }
    gnn_tensor_t *g;
    GNN_CHECK(gnn_scatter_add_rows(tp, x, s->gid, nb, &g));
    if (s->mean_readout) {
        for (int64_t b = 0; b < nb; b++) s->inv[b] = 1.0f / (float)(s->off[gs[b] + 1] - s->off[gs[b]]);
        const int64_t shape[2] = {nb, 1};
        GNN_CHECK(gnn_tensor_from_data(tp, 2, shape, s->inv, &t));
        GNN_CHECK(gnn_mul(tp, g, t, &g));
    }
    GNN_CHECK(gnn_linear_forward(tp, s->head[0], g, &g));
    GNN_CHECK(gnn_relu(tp, g, &g));
    if (s->dropout > 0) GNN_CHECK(gnn_dropout(tp, g, s->dropout, 7, &g));
    GNN_CHECK(gnn_linear_forward(tp, s->head[1], g, logits));
fail:
    return status;
}

/* evaluation: accuracy and mean loss over graphs gs[0..k); probabilities
 * to prob (k x C) when not NULL */
static gnn_status_t evaluate(gnn_model_t *m, const int64_t *gs, int64_t k, double *acc, double *loss, double *prob) {
    gnn_status_t status = GNN_SUCCESS;
    pn_t *s = m->state;
    const int64_t B = 4 * gnn_i_model_int(m, "batch-size"), C = s->C;
    double correct = 0, lsum = 0;
    int64_t labelled = 0;
    gnn_tape_set_training(s->tp, 0);
    gnn_tape_set_grad_enabled(s->tp, 0);
    for (int64_t r0 = 0; r0 < k; r0 += B) {
        const int64_t nb = r0 + B < k ? B : k - r0;
        gnn_tensor_t *lg;
        gnn_tape_reset(s->tp);
        GNN_CHECK(forward(m, gs + r0, nb, &lg));
        const float *z = gnn_tensor_data(lg);
        for (int64_t i = 0; i < nb; i++) {
            const float *row = z + i * C;
            int64_t arg = 0;
            double mx = row[0], se = 0;
            for (int64_t c = 1; c < C; c++)
                if (row[c] > row[arg]) arg = c, mx = row[c];
            for (int64_t c = 0; c < C; c++) se += exp((double)row[c] - mx);
            const int64_t y = s->label[gs[r0 + i]];
            if (y >= 0) {
                correct += arg == y;
                lsum += -((double)row[y] - mx - log(se));
                labelled++;
            }
            if (prob)
                for (int64_t c = 0; c < C; c++) prob[(r0 + i) * C + c] = exp((double)row[c] - mx) / se;
        }
    }
    *acc = labelled ? correct / (double)labelled : NAN;
    *loss = labelled ? lsum / (double)labelled : NAN;
fail:
    gnn_tape_set_training(s->tp, 1);
    gnn_tape_set_grad_enabled(s->tp, 1);
    return status;
}

typedef struct run_result {
    double valid_acc, valid_loss, test_acc, test_loss;
    int64_t best_epoch, epochs;
} run_result_t;

/* one training run with early stopping on the validation graphs; the
 * parameters end at the best validation epoch; test accuracy and loss
 * there, and the test probabilities (nte x C) when test_prob is not NULL */
static gnn_status_t train_run(gnn_model_t *m, const int64_t *tr, int64_t ntr, const int64_t *va, int64_t nva,
                              const int64_t *te, int64_t nte, int64_t h, double dropout, uint64_t seed, double progress0,
                              double progress_total, double t0, run_result_t *res, double *test_prob) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    gnn_optim_t *opt = NULL;
    gnn_opts_t *oo = NULL;
    int64_t *order = NULL, *blab = NULL;
    float *best = NULL;
    const uint64_t seed0 = gnn_ctx_seed(ctx);
    gnn_ctx_set_seed(ctx, seed);
    s->dropout = (float)dropout;
    GNN_CHECK(make_params(m, h));
    if (gnn_opts_create(&oo) != GNN_SUCCESS) {
        status = gnn_i_nomem(ctx, "options");
        goto fail;
    }
    gnn_opts_set_double(oo, "lr", gnn_i_model_double(m, "lr"));
    GNN_CHECK(gnn_optim_create(ctx, m->ps, "adam", oo, &opt));
    const int64_t epochs = gnn_i_model_int(m, "epochs"), patience = gnn_i_model_int(m, "patience");
    const int64_t B = gnn_i_model_int(m, "batch-size"), P = gnn_params_numel(m->ps);
    const int by_loss = gnn_i_model_choice(m, "select") == 1;
    GNN_ALLOC(ctx, order, ntr + 1);
    GNN_ALLOC(ctx, blab, B);
    GNN_ALLOC(ctx, best, P);
    gnn_rng_t rng;
    gnn_rng_init(&rng, seed, 0x70617468u, 0);
    gnn_tape_set_step(s->tp, 0);
    double best_score = -INFINITY;
    res->valid_acc = res->valid_loss = res->test_acc = res->test_loss = NAN;
    res->best_epoch = 0;
    int64_t since = 0, e;
    gnn_i_params_copy(m->ps, best, 1);
    for (e = 0; e < epochs; e++) {
        double lsum = 0;
        int64_t lcount = 0;
        for (int64_t i = 0; i < ntr; i++) order[i] = tr[i];
        gnn_rng_shuffle(&rng, order, ntr);
        for (int64_t r0 = 0; r0 < ntr; r0 += B) {
            const int64_t nb = r0 + B < ntr ? B : ntr - r0;
            if (nb < 2) break; /* the reference drops a last batch of one graph */
            for (int64_t i = 0; i < nb; i++) blab[i] = s->label[order[r0 + i]];
            gnn_tensor_t *lg, *loss;
            gnn_tape_reset(s->tp);
            gnn_optim_zero_grad(opt);
            GNN_CHECK(forward(m, order + r0, nb, &lg));
            GNN_CHECK(gnn_cross_entropy(s->tp, lg, blab, NULL, nb, &loss));
            const double l = gnn_tensor_item(loss);
            if (!isfinite(l)) {
                status = gnn_i_error(ctx, GNN_ENUMERIC, "pathnn: the training loss became %g at epoch %lld", l,
                                     (long long)e + 1);
                goto fail;
            }
            GNN_CHECK(gnn_tape_backward(s->tp, loss));
            GNN_CHECK(gnn_optim_step(opt, NULL));
            GNN_CHECK(gnn_i_poll(ctx));
            lsum += l * (double)nb, lcount += nb;
        }
        double vacc = NAN, vloss = NAN;
        if (nva > 0) GNN_CHECK(evaluate(m, va, nva, &vacc, &vloss, NULL));
        /* the history: every epoch of the final trainings (t0 >= 0) */
        if (t0 >= 0)
            GNN_CHECK(gnn_i_model_history_add(m, e + 1, gnn_i_now() - t0, lcount ? lsum / (double)lcount : NAN, vacc));
        const double score = nva == 0 ? (double)e : by_loss ? -vloss : vacc;
        if (score >= best_score) { /* ties: the later epoch */
            best_score = score;
            res->valid_acc = vacc, res->valid_loss = vloss, res->best_epoch = e + 1;
            gnn_i_params_copy(m->ps, best, 1);
            since = 0;
        } else if (patience > 0 && ++since >= patience) {
            e++;
            break;
        }
        if (progress_total > 0) gnn_i_progress(ctx, "epochs", progress0 + (double)e + 1, progress_total);
    }
    res->epochs = e;
    gnn_i_params_copy(m->ps, best, 0);
    if (nte > 0) {
        GNN_CHECK(evaluate(m, te, nte, &res->test_acc, &res->test_loss, test_prob));
    }
fail:
    gnn_ctx_set_seed(ctx, seed0);
    gnn_optim_destroy(&opt);
    gnn_opts_destroy(&oo);
    gnn_i_free(ctx, order);
    gnn_i_free(ctx, blab);
    gnn_i_free(ctx, best);
    return status;
}

/* ------------------------------------------------------------ folds */

typedef struct folds {
    int64_t n;                 /* folds */
    int64_t *cnt[3], **idx[3]; /* per part (train, valid, test): counts and lists per fold */
} folds_t;

static void folds_free(gnn_ctx_t *ctx, folds_t *f) {
    for (int p = 0; p < 3; p++) {
        for (int64_t i = 0; f->idx[p] && i < f->n; i++) gnn_i_free(ctx, f->idx[p][i]);
        gnn_i_free(ctx, f->idx[p]);
        gnn_i_free(ctx, f->cnt[p]);
    }
    memset(f, 0, sizeof *f);
}

static gnn_status_t folds_alloc(gnn_ctx_t *ctx, folds_t *f, int64_t n) {
    gnn_status_t status = GNN_SUCCESS;
    f->n = n;
    for (int p = 0; p < 3; p++) {
        GNN_CALLOC(ctx, f->cnt[p], n);
        GNN_CALLOC(ctx, f->idx[p], n);
    }
fail:
    return status;
}

static gnn_status_t push_idx(gnn_ctx_t *ctx, folds_t *f, int p, int64_t fold, int64_t v, int64_t *cap) {
    if (f->cnt[p][fold] == *cap || f->idx[p][fold] == NULL) {
        const int64_t nc = *cap ? 2 * *cap : 64;
        int64_t *q = gnn_i_realloc_n(ctx, f->idx[p][fold], (size_t)nc, sizeof(int64_t));
        if (q == NULL) return gnn_i_nomem(ctx, "folds");
        f->idx[p][fold] = q;
        *cap = nc;
    }
    f->idx[p][fold][f->cnt[p][fold]++] = v;
    return GNN_SUCCESS;
}

/* the fair-comparison layout: [{"test": [...], "model_selection": [{"train":
 * [...], "validation": [...]}]}, ...]; later inner splits are ignored */
static gnn_status_t folds_read(gnn_ctx_t *ctx, const char *path, int64_t G, folds_t *f) {
    gnn_status_t status = GNN_SUCCESS;
    char *text = NULL;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) return gnn_i_error(ctx, GNN_EIO, "%s: cannot open the split file", path);
    size_t cap = 1 << 16, len = 0;
    GNN_ALLOC(ctx, text, cap);
    for (;;) {
        if (len + 4096 + 1 > cap) {
            char *q = gnn_i_realloc_n(ctx, text, cap * 2, 1);
            if (q == NULL) {
                status = gnn_i_nomem(ctx, "split file");
                goto fail;
            }
            text = q, cap *= 2;
        }
        const size_t r = fread(text + len, 1, 4096, fp);
        len += r;
        if (r == 0) break;
    }
    text[len] = '\0';
    int64_t nf = 0;
    for (const char *q = text; (q = strstr(q, "\"test\"")) != NULL; q++) nf++;
    if (nf == 0) {
        status = gnn_i_error(ctx, GNN_EPARSE, "%s: no \"test\" list: not a fold file", path);
        goto fail;
    }
    GNN_CHECK(folds_alloc(ctx, f, nf));
    {
        int64_t fold = -1, line = 1, depth = 0, caps[3] = {0, 0, 0};
        int seen[3] = {0, 0, 0};
        for (size_t i = 0; i < len; i++) {
            const char ch = text[i];
            if (ch == '\n') line++;
            if (ch == '{') {
                if (++depth == 1) {
                    fold++;
                    caps[0] = caps[1] = caps[2] = 0;
                    seen[0] = seen[1] = seen[2] = 0;
                }
            } else if (ch == '}') {
                depth--;
            } else if (ch == '"') {
                const char *key = text + i + 1;
                const char *end = strchr(key, '"');
                if (end == NULL) break;
                int part = -1;
                if ((size_t)(end - key) == 4 && strncmp(key, "test", 4) == 0) part = 2;
                else if ((size_t)(end - key) == 5 && strncmp(key, "train", 5) == 0) part = 0;
                else if ((size_t)(end - key) == 10 && strncmp(key, "validation", 10) == 0) part = 1;
                i = (size_t)(end - text);
                if (part < 0) continue;
                if (fold < 0 || fold >= nf) {
                    status = gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: a list outside a fold object", path, (long long)line);
                    goto fail;
                }
                const int keep = !seen[part];
                seen[part] = 1;
                while (i < len && text[i] != '[') {
                    if (text[i] == '\n') line++;
                    i++;
                }
                i++;
                while (i < len && text[i] != ']') {
                    if (text[i] == '\n') line++;
                    if (isdigit((unsigned char)text[i]) || text[i] == '-') {
                        char *e2;
                        const long long v = strtoll(text + i, &e2, 10);
                        if (v < 0 || v >= G) {
                            status = gnn_i_error(ctx, GNN_ERANGE, "%s:%lld: graph index %lld is outside 0..%lld", path,
                                                 (long long)line, v, (long long)G - 1);
                            goto fail;
                        }
                        if (keep) GNN_CHECK(push_idx(ctx, f, part, fold, v, &caps[part]));
                        i = (size_t)(e2 - text);
                        continue;
                    }
                    i++;
                }
            }
        }
        for (int64_t k = 0; k < nf; k++)
            if (f->cnt[0][k] == 0 || f->cnt[2][k] == 0) {
                status = gnn_i_error(ctx, GNN_EPARSE, "%s: fold %lld lacks a train or test list", path, (long long)k + 1);
                goto fail;
            }
    }
fail:
    if (fp) fclose(fp);
    gnn_i_free(ctx, text);
    return status;
}

/* seeded stratified k folds; valid_ratio of each training part (per class)
 * becomes its validation part */
static gnn_status_t folds_draw(gnn_ctx_t *ctx, const int64_t *label, int64_t G, int64_t C, int64_t k, double vr,
                               uint64_t seed, folds_t *f) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *perm = NULL, *fold_of = NULL, caps[3] = {0};
    GNN_ALLOC(ctx, perm, G);
    GNN_ALLOC(ctx, fold_of, G);
    GNN_CHECK(folds_alloc(ctx, f, k));
    gnn_rng_t rng;
    gnn_rng_init(&rng, seed, 0x666f6c64u, 0);
    for (int64_t i = 0; i < G; i++) perm[i] = i;
    gnn_rng_shuffle(&rng, perm, G);
    /* deal each class round-robin over the folds */
    {
        int64_t next = 0;
        for (int64_t c = -1; c < C; c++)
            for (int64_t i = 0; i < G; i++)
                if (label[perm[i]] == c) fold_of[perm[i]] = next++ % k;
    }
    for (int64_t fo = 0; fo < k; fo++) {
        caps[0] = caps[1] = caps[2] = 0;
        for (int64_t i = 0; i < G; i++)
            if (fold_of[i] == fo) GNN_CHECK(push_idx(ctx, f, 2, fo, i, &caps[2]));
        for (int64_t c = -1; c < C; c++) {
            int64_t nc = 0, taken = 0;
            for (int64_t i = 0; i < G; i++) nc += fold_of[perm[i]] != fo && label[perm[i]] == c;
            const int64_t nv = (int64_t)floor(vr * (double)nc + 0.5);
            for (int64_t i = 0; i < G; i++) {
                const int64_t g = perm[i];
                if (fold_of[g] == fo || label[g] != c) continue;
                GNN_CHECK(push_idx(ctx, f, taken < nv ? 1 : 0, fo, g, &caps[taken < nv ? 1 : 0]));
                taken++;
            }
        }
    }
fail:
    gnn_i_free(ctx, perm);
    gnn_i_free(ctx, fold_of);
    return status;
}

/* ------------------------------------------------------------ build, fit, predict */

static int de_on(const gnn_model_t *m, int kind) {
    const int c = gnn_i_model_choice(m, "de");
    return c == 1 || c == 3 || (c == 0 && kind == GNN_PATHS_AP);
}

static gnn_status_t pn_build(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = NULL;
    GNN_CALLOC(ctx, s, 1);
    m->state = s;
    s->kind = gnn_paths_kind_from_name(gnn_i_model_string(m, "variant"));
    s->K = gnn_i_model_int(m, "K");
    s->de = de_on(m, s->kind);
    s->residual = (int)gnn_i_model_int(m, "residual");
    s->mean_readout = gnn_i_model_choice(m, "readout") == 1;
    s->mean_paths = gnn_i_model_choice(m, "path-agg") == 1;
    s->dropout = (float)gnn_i_model_double(m, "dropout");
    int64_t h = gnn_i_model_int(m, "hidden");
    if (ds != NULL) {
        int mode;
        GNN_ARG_CHECK(ctx, ds->ngraphs >= 1, "pathnn: the dataset has no graphs");
        GNN_CHECK(input_width(m, ds, &s->F, &mode));
        s->C = ds->classes;
        if (s->C < 1) s->C = 1;
        gnn_opts_set_int(m->meta, "in-dim", s->F);
        gnn_opts_set_int(m->meta, "classes", s->C);
        gnn_opts_set_int(m->meta, "hidden", h);
    } else {
        s->F = gnn_i_model_meta_int(m, "in-dim");
        s->C = gnn_i_model_meta_int(m, "classes");
        if (gnn_i_model_meta_int(m, "hidden") > 0) h = gnn_i_model_meta_int(m, "hidden");
        if (s->F <= 0 || s->C <= 0) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "pathnn: the checkpoint lacks the input width or the classes");
            goto fail;
        }
    }
    GNN_CHECK(make_params(m, h));
    GNN_CHECK(gnn_tape_create(ctx, &s->tp));
    return GNN_SUCCESS;
fail:
    pn_free(m);
    return status;
}

static gnn_status_t iso_fit(gnn_model_t *m, const gnn_dataset_t *ds);

static gnn_status_t pn_fit(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    folds_t f = {0};
    double *prob = NULL, *fold_acc = NULL, *runp = NULL;
    int64_t *tested = NULL;
    gnn_i_runstats_t rs = {0};
    if (gnn_i_model_int(m, "iso")) return iso_fit(m, ds);
    GNN_ARG_CHECK(ctx, ds->graph_labels != NULL && ds->classes >= 2,
                  "pathnn: graph classification needs graph labels of at least two classes (the data has %lld)",
                  (long long)ds->classes);
    GNN_CHECK(set_data(m, ds));
    const uint64_t seed = gnn_ctx_seed(ctx);
    const char *sf = gnn_i_model_string(m, "splits");
    if (sf && sf[0]) GNN_CHECK(folds_read(ctx, sf, s->G, &f));
    else
        GNN_CHECK(folds_draw(ctx, s->label, s->G, s->C, gnn_i_model_int(m, "folds"), gnn_i_model_double(m, "valid-ratio"),
                             seed, &f));
    const int64_t only = gnn_i_model_int(m, "fold");
    GNN_ARG_CHECK(ctx, only < f.n, "pathnn: fold %lld asked, the data has %lld folds (0 .. %lld)", (long long)only,
                  (long long)f.n, (long long)f.n - 1);
    const int quick = (int)gnn_i_model_int(m, "quick");
    const int grid = !quick && (int)gnn_i_model_int(m, "grid");
    const int64_t runs = quick ? 1 : gnn_i_model_int(m, "final-runs"), C = s->C;
    const int64_t hs[2] = {32, 64};
    const double ds_[2] = {0.0, 0.5};
    const int64_t ncfg = grid ? 4 : 1, nfold_run = only >= 0 ? 1 : f.n;
    const int by_loss = gnn_i_model_choice(m, "select") == 1;
    GNN_CALLOC(ctx, prob, s->G * C);
    GNN_CALLOC(ctx, tested, s->G);
    GNN_ALLOC(ctx, fold_acc, f.n);
    const double t0 = gnn_i_now();
    const double ptotal = (double)(nfold_run * (ncfg + runs)) * (double)gnn_i_model_int(m, "epochs");
    double pdone = 0, epochs_sum = 0;
    int64_t trainings = 0, best_h = gnn_i_model_int(m, "hidden");
    for (int64_t fo = 0; fo < f.n; fo++) {
        if (only >= 0 && fo != only) continue;
        const int64_t *tr = f.idx[0][fo], *va = f.idx[1][fo], *te = f.idx[2][fo];
        const int64_t ntr = f.cnt[0][fo], nva = f.cnt[1][fo], nte = f.cnt[2][fo];
        int64_t h = gnn_i_model_int(m, "hidden");
        double dr = gnn_i_model_double(m, "dropout");
        if (grid) {
            double best = -INFINITY;
            for (int64_t c = 0; c < ncfg; c++) {
                run_result_t r;
                GNN_CHECK(train_run(m, tr, ntr, va, nva, NULL, 0, hs[c / 2], ds_[c % 2], seed + 1000 * (uint64_t)fo,
                                    pdone, ptotal, -1.0, &r, NULL));
                pdone += (double)gnn_i_model_int(m, "epochs");
                epochs_sum += (double)r.epochs, trainings++;
                const double sc = by_loss ? -r.valid_loss : r.valid_acc;
                if (sc > best) best = sc, h = hs[c / 2], dr = ds_[c % 2];
                char key[64];
                snprintf(key, sizeof key, "fold%lld_grid_h%lld_d%g_valid_accuracy", (long long)fo, (long long)hs[c / 2],
                         ds_[c % 2]);
                gnn_i_model_set_metric(m, key, r.valid_acc);
            }
        }
        double sum = 0;
        GNN_ALLOC(ctx, runp, nte * C + 1);
        for (int64_t r = 0; r < runs; r++) {
            run_result_t res;
            GNN_CHECK(train_run(m, tr, ntr, va, nva, te, nte, h, dr, seed + 1000 * (uint64_t)fo + 1 + (uint64_t)r, pdone,
                                ptotal, t0, &res, runp));
            pdone += (double)gnn_i_model_int(m, "epochs");
            epochs_sum += (double)res.epochs, trainings++;
            sum += res.test_acc;
            GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "valid_accuracy", res.valid_acc));
            for (int64_t i = 0; i < nte; i++) {
                for (int64_t c = 0; c < C; c++) prob[te[i] * C + c] += runp[i * C + c] / (double)runs;
                tested[te[i]] = 1;
            }
        }
        gnn_i_free(ctx, runp);
        runp = NULL;
        fold_acc[fo] = sum / (double)runs;
        GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "test_accuracy", fold_acc[fo]));
        char key[64];
        snprintf(key, sizeof key, "fold%lld_test_accuracy", (long long)fo);
        gnn_i_model_set_metric(m, key, fold_acc[fo]);
        snprintf(key, sizeof key, "fold%lld_hidden", (long long)fo);
        gnn_i_model_set_metric(m, key, (double)h);
        snprintf(key, sizeof key, "fold%lld_dropout", (long long)fo);
        gnn_i_model_set_metric(m, key, dr);
        best_h = h;
    }
    gnn_i_runstats_publish(m, &rs, 1);
    gnn_opts_set_int(m->meta, "hidden", best_h);
    gnn_i_model_set_metric(m, "folds", (double)nfold_run);
    gnn_i_model_set_metric(m, "epochs_run", trainings ? epochs_sum / (double)trainings : 0);
    gnn_i_model_set_metric(m, "seconds_per_epoch", epochs_sum > 0 ? (gnn_i_now() - t0) / epochs_sum : 0);
    gnn_i_model_set_metric(m, "graphs", (double)s->G);
    /* out-of-fold predictions: the mean probabilities of the final runs */
    GNN_CHECK(gnn_i_model_outputs(m, s->G, C));
    for (int64_t g = 0; g < s->G; g++) {
        int64_t arg = -1;
        for (int64_t c = 0; c < C && tested[g]; c++) {
            m->outputs[g * C + c] = prob[g * C + c];
            if (arg < 0 || prob[g * C + c] > prob[g * C + arg]) arg = c;
        }
        m->assign[g] = arg;
    }
fail:
    folds_free(ctx, &f);
    gnn_i_runstats_free(ctx, &rs);
    gnn_i_free(ctx, prob);
    gnn_i_free(ctx, tested);
    gnn_i_free(ctx, fold_acc);
    gnn_i_free(ctx, runp);
    return status;
}

static gnn_status_t pn_predict(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    int64_t *all = NULL;
    GNN_CHECK(set_data(m, ds));
    GNN_ALLOC(ctx, all, s->G);
    for (int64_t g = 0; g < s->G; g++) all[g] = g;
    GNN_CHECK(gnn_i_model_outputs(m, s->G, s->C));
    double acc, loss;
    GNN_CHECK(evaluate(m, all, s->G, &acc, &loss, m->outputs));
    for (int64_t g = 0; g < s->G; g++) {
        int64_t arg = 0;
        for (int64_t c = 1; c < s->C; c++)
            if (m->outputs[g * s->C + c] > m->outputs[g * s->C + arg]) arg = c;
        m->assign[g] = arg;
    }
    if (ds->graph_labels) {
        gnn_i_model_set_metric(m, "accuracy", acc);
        gnn_i_model_set_metric(m, "loss", loss);
    }
fail:
    gnn_i_free(ctx, all);
    return status;
}

/* ------------------------------------------------------------ float64 isomorphism test */

static double sigm(double x) { return 1.0 / (1.0 + exp(-x)); }

/* y[n x out] = relu(x[n x in] W + b), W [in, out] from a float tensor */
static void dense64(const double *x, int64_t n, int64_t in, gnn_params_t *ps, const char *prefix,
                    int64_t out, double *y) {
    char name[64];
    snprintf(name, sizeof name, "%s.weight", prefix);
    const float *W = gnn_tensor_data(gnn_params_find(ps, name));
    snprintf(name, sizeof name, "%s.bias", prefix);
    const float *b = gnn_tensor_data(gnn_params_find(ps, name));
    for (int64_t i = 0; i < n; i++)
        for (int64_t o = 0; o < out; o++) {
            double a = b[o];
            for (int64_t j = 0; j < in; j++) a += x[i * in + j] * (double)W[j * out + o];
            y[i * out + o] = a > 0 ? a : 0;
        }
}

/* The untrained synthetic-suite embedding of graph gi (set_data done, the
 * parameters as initialised): encoder without BatchNorm, layer k:
 * X <- ReLU(X' + sum of LSTM states) with X' = X l2-normalised per node
 * (when l2), sum readout; out has h entries. */
static gnn_status_t embed64(gnn_model_t *m, int64_t gi, int l2, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    const int64_t h = s->h, n = s->off[gi + 1] - s->off[gi], F = s->F, din = s->de ? 2 * h : h;
    double *x0 = NULL, *x = NULL, *t = NULL, *M = NULL, *in = NULL, *hc = NULL;
    GNN_ALLOC(ctx, x0, n * F);
    GNN_ALLOC(ctx, t, n * h);
    GNN_ALLOC(ctx, x, n * h);
    GNN_ALLOC(ctx, M, n * h);
    GNN_ALLOC(ctx, in, din);
    GNN_ALLOC(ctx, hc, 6 * h);
    for (int64_t i = 0; i < n * F; i++) x0[i] = s->X[s->off[gi] * F + i];
    dense64(x0, n, F, m->ps, "enc.0", h, t);
    dense64(t, n, h, m->ps, "enc.1", h, x);
    const float *Wih = gnn_tensor_data(gnn_params_find(m->ps, "lstm.weight_ih"));
    const float *Whh = gnn_tensor_data(gnn_params_find(m->ps, "lstm.weight_hh"));
    const float *bih = gnn_tensor_data(gnn_params_find(m->ps, "lstm.bias_ih"));
    const float *bhh = gnn_tensor_data(gnn_params_find(m->ps, "lstm.bias_hh"));
    const float *E = s->de ? gnn_tensor_data(s->edist) : NULL;
    const gnn_paths_t *p = s->paths[gi];
    for (int64_t k = 1; k <= s->K; k++) {
        if (l2)
            for (int64_t v = 0; v < n; v++) {
                double nn = 0;
                for (int64_t j = 0; j < h; j++) nn += x[v * h + j] * x[v * h + j];
                nn = sqrt(nn);
                const double d = nn > 1e-12 ? nn : 1e-12; /* F.normalize's eps */
                for (int64_t j = 0; j < h; j++) x[v * h + j] /= d;
            }
        memset(M, 0, sizeof(double) * (size_t)(n * h));
        const int64_t w = k + 1;
        for (int64_t q = 0; q < p->count[k]; q++) {
            double *hh = hc, *cc = hc + h, *g = hc + 2 * h;
            for (int64_t j = 0; j < 2 * h; j++) hc[j] = 0;
            for (int64_t j = 0; j < w; j++) {
                const int64_t v = p->nodes[k][q * w + j];
                for (int64_t a = 0; a < h; a++) in[a] = x[v * h + a];
                if (E)
                    for (int64_t a = 0; a < h; a++) in[h + a] = E[p->dist[k][q * w + j] * h + a];
                /* gates [i; f; g; o] = W_ih in + b_ih + W_hh h + b_hh */
                for (int64_t r = 0; r < 4 * h; r++) {
                    double a = (double)bih[r] + (double)bhh[r];
                    for (int64_t c = 0; c < din; c++) a += (double)Wih[r * din + c] * in[c];
                    for (int64_t c = 0; c < h; c++) a += (double)Whh[r * h + c] * hh[c];
                    g[r] = a;
                }
                for (int64_t a = 0; a < h; a++) {
                    const double ig = sigm(g[a]), fg = sigm(g[h + a]), gg = tanh(g[2 * h + a]), og = sigm(g[3 * h + a]);
                    cc[a] = fg * cc[a] + ig * gg;
                    hh[a] = og * tanh(cc[a]);
                }
            }
            const int64_t root = p->nodes[k][q * w + k];
            for (int64_t a = 0; a < h; a++) M[root * h + a] += hh[a];
        }
        for (int64_t i = 0; i < n * h; i++) {
            const double v = (s->residual ? x[i] : 0) + M[i];
            x[i] = v > 0 ? v : 0;
        }
    }
    for (int64_t a = 0; a < h; a++) out[a] = 0;
    for (int64_t v = 0; v < n; v++)
        for (int64_t a = 0; a < h; a++) out[a] += x[v * h + a];
fail:
    gnn_i_free(ctx, x0);
    gnn_i_free(ctx, x);
    gnn_i_free(ctx, t);
    gnn_i_free(ctx, M);
    gnn_i_free(ctx, in);
    gnn_i_free(ctx, hc);
    return status;
}

/* the embeddings of every graph of the data in use (set_data done), with
 * parameters initialised from seed */
static gnn_status_t embed_all(gnn_model_t *m, uint64_t seed, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    const uint64_t seed0 = gnn_ctx_seed(ctx);
    gnn_ctx_set_seed(ctx, seed);
    status = make_params(m, gnn_i_model_int(m, "hidden"));
    gnn_ctx_set_seed(ctx, seed0);
    if (status < 0) goto fail;
    const int l2 = (int)gnn_i_model_int(m, "l2-norm");
    for (int64_t g = 0; g < s->G; g++) {
        GNN_CHECK(embed64(m, g, l2, out + g * s->h));
        if ((g & 15) == 0) GNN_CHECK(gnn_i_poll(ctx));
    }
fail:
    return status;
}

gnn_status_t gnn_i_pathnn_embed64(gnn_model_t *m, const gnn_dataset_t *ds, uint64_t seed, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    if (!m->built) {
        GNN_CHECK(m->impl->build(m, ds));
        m->built = 1;
    }
    GNN_CHECK(set_data(m, ds));
    GNN_CHECK(embed_all(m, seed, out));
fail:
    return status;
}

static gnn_status_t iso_fit(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pn_t *s = m->state;
    double *emb = NULL;
    gnn_i_runstats_t rs = {0};
    const int64_t seeds = gnn_i_model_int(m, "iso-seeds"), h = gnn_i_model_int(m, "hidden");
    const int consecutive = gnn_i_model_choice(m, "iso-pairs") == 1;
    const uint64_t seed = gnn_ctx_seed(ctx);
    const int64_t G = ds->ngraphs;
    GNN_ALLOC(ctx, emb, G * h);
    GNN_CHECK(set_data(m, ds)); /* the paths once, for every initialisation */
    int64_t pairs = 0, same = 0;
    for (int64_t r = 0; r < seeds; r++) {
        GNN_CHECK(embed_all(m, seed + (uint64_t)r, emb));
        pairs = same = 0;
        for (int64_t a = 0; a < G; a++)
            for (int64_t b = a + 1; b < G; b++) {
                if (consecutive && !(a % 2 == 0 && b == a + 1)) continue;
                double d = 0;
                for (int64_t j = 0; j < h; j++) d += (emb[a * h + j] - emb[b * h + j]) * (emb[a * h + j] - emb[b * h + j]);
                pairs++;
                same += sqrt(d) < 1e-5;
            }
        GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "iso_failure_rate", pairs ? (double)same / (double)pairs : 0));
        GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "iso_pairs_not_distinguished", (double)same));
        gnn_i_progress(ctx, "initialisations", (double)r + 1, (double)seeds);
    }
    gnn_i_runstats_publish(m, &rs, 1);
    gnn_i_model_set_metric(m, "iso_pairs", (double)pairs);
    GNN_CHECK(gnn_i_model_outputs(m, G, h));
    for (int64_t i = 0; i < G * h; i++) m->outputs[i] = emb[i];
    for (int64_t g = 0; g < G; g++) m->assign[g] = s->label[g];
fail:
    gnn_i_runstats_free(ctx, &rs);
    gnn_i_free(ctx, emb);
    return status;
}

const gnn_model_impl_t gnn_i_model_pathnn = {
    "pathnn",
    "PathNN graph classification: LSTM over shortest / all shortest / all simple paths (Michel et al., ICML 2023)",
    &gnn_i_group_model_pathnn,
    pn_build,
    pn_fit,
    pn_predict,
    pn_free,
    NULL,
};
