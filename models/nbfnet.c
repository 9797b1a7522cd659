/* nbfnet.c: Neural Bellman-Ford Networks (Zhu et al., NeurIPS 2021) for
 * link prediction on one graph and knowledge-graph completion, as
 * ../shared/specs/nbfnet.md and gnn_nbfnet(3) describe.
 *
 * A query (source s, relation r) runs T generalized Bellman-Ford layers
 * from the INDICATOR boundary (the query vector at s), each
 *     X <- ReLU(LayerNorm(W_x X + W_a AGG(MSG(X_u, rho_r) ∪ {H0}) + c)) + X
 * (gnn_bf_aggregate does the aggregation), then scores every candidate v
 * by an MLP of [X_v ; q].  One run scores all candidates of the query.
 *
 * Training (section 4): rows of one positive and K strict negatives; the
 * target edges of every group of batch-size rows are removed from the
 * message-passing graph (remove-one-hop: every edge between the pair, any
 * direction and relation); binary cross-entropy with self-adversarial
 * weights; Adam; the batch of groups * batch-size rows is one step, run in
 * chunks of queries with gradient accumulation so memory stays bounded.
 * Model selection on the validation AUROC (link prediction) or MRR (KG). */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const gnn_i_optspec_t nbf_specs[] = {
    {"task", "choice:auto|linkpred|kg", "auto", 1, 0, "link prediction on one graph, or KG completion (auto: kg when the data has triples)"},
    {"hidden", "int", "32", 1, 1024, "width d of every layer (and of the query vectors)"},
    {"layers", "int", "6", 1, 64, "Bellman-Ford layers T"},
    {"message", "choice:distmult|transe|rotate", "distmult", 1, 0, "MESSAGE function"},
    {"aggregator", "choice:pna|sum|mean|max|min", "pna", 1, 0, "AGGREGATE function"},
    {"dependent", "choice:auto|yes|no", "auto", 1, 0, "relation vectors projected from the query (auto: yes for kg)"},
    {"remove-one-hop", "choice:auto|yes|no", "auto", 1, 0,
     "training removes every edge between a row's pairs (auto: yes; WN18RR uses no)"},
    {"symmetric", "bool", "1", 1, 0, "link prediction: average the runs from u and from v"},
    {"shortcut", "bool", "1", 1, 0, "residual connection per layer"},
    {"layer-norm", "bool", "1", 1, 0, "LayerNorm per layer"},
    {"concat-hidden", "bool", "0", 1, 0, "read out every layer's state, not only the last"},
    {"negatives", "int", "0", 0, 1 << 20, "negatives per positive (0: 1 for linkpred, 32 for kg)"},
    {"adversarial-temperature", "double", "-1", -1, 1e6, "self-adversarial temperature (-1: 0 for linkpred, 0.5 for kg; 0: uniform)"},
    {"lr", "double", "5e-3", 0, 1e3, "Adam learning rate"},
    {"batch-size", "int", "64", 1, 1 << 20, "rows per edge-removal group (the reference's per-device batch)"},
    {"batch-groups", "int", "4", 1, 1024, "groups per optimiser step (the reference's 4 devices)"},
    {"epochs", "int", "20", 1, 1e9, "training epochs"},
    {"evals", "int", "10", 1, 1e9, "validations over the run (every ceil(epochs/evals) epochs; the best is kept)"},
    {"max-steps", "int", "0", 0, 1e12, "steps per epoch at most (0: the whole training set)"},
    {"time-limit", "double", "0", 0, 1e12, "stop training after this many seconds (0: none), then validate and test"},
    {"valid-limit", "int", "0", 0, 1e12, "validation triples/pairs used for model selection (0: all)"},
    {"test-limit", "int", "0", 0, 1e12, "test triples/pairs evaluated (0: all)"},
    {"memory", "int", "3072", 64, 1 << 30, "MiB for activations: sets the queries per chunk"},
    {"runs", "int", "1", 1, 1000, "independent runs (seeds seed, seed+1, ...); metrics are their mean and std"},
};
const gnn_i_optgroup_t gnn_i_group_model_nbfnet = {"model.nbfnet", nbf_specs,
                                                   (int64_t)(sizeof nbf_specs / sizeof nbf_specs[0])};

#define MAXT 64

typedef struct nbf {
    int kg, message, aggr, dependent, shortcut, lnorm, concat, symmetric, one_hop;
    int64_t N, R, Rp, d, T, A, F; /* R: relations of the data, Rp: relations after inverses */
    gnn_tensor_t *Q, *wrel[MAXT], *brel[MAXT], *wx[MAXT], *wa[MAXT], *c[MAXT], *gam[MAXT], *bet[MAXT];
    gnn_tensor_t *m1, *b1, *m2, *b2;
    gnn_tape_t *tp;
    int64_t chunk;    /* queries per training chunk */
    /* scratch */
    int64_t *qsrc, *qrel, *cidx, *qidx;
    int64_t cap_q, cap_c;
} nbf_t;

static void nbf_free(gnn_model_t *m) {
    nbf_t *s = m->state;
    if (s == NULL) return;
    gnn_tape_destroy(&s->tp);
    gnn_i_free(m->ctx, s->qsrc);
    gnn_i_free(m->ctx, s->qrel);
    gnn_i_free(m->ctx, s->cidx);
    gnn_i_free(m->ctx, s->qidx);
    gnn_i_free(m->ctx, s);
    m->state = NULL;
}

static gnn_status_t param(gnn_model_t *m, const char *fmt, int l, int64_t r, int64_t c, gnn_tensor_t **t) {
    char name[64];
    snprintf(name, sizeof name, fmt, l);
    const int64_t shape[2] = {r, c};
    return gnn_params_add(m->ps, name, 2, shape, t);
}

/* PyTorch's initialisation: Linear U(+-1/sqrt(fan_in)), Embedding N(0, 1),
 * LayerNorm (1, 0); streams fixed per tensor, so a run's seed decides */
static gnn_status_t init_params(gnn_model_t *m) {
    gnn_status_t status = GNN_SUCCESS;
    nbf_t *s = m->state;
    gnn_ctx_t *ctx = m->ctx;
    const float ad = 1.0f / sqrtf((float)s->d), ac = 1.0f / sqrtf((float)(s->d + s->A)), af = 1.0f / sqrtf((float)s->F);
    GNN_CHECK(gnn_tensor_init_normal(ctx, s->Q, 0.0f, 1.0f, 10));
    for (int l = 0; l < s->T; l++) {
        const uint64_t st0 = 100 + 10 * (uint64_t)l;
        if (s->dependent) {
            GNN_CHECK(gnn_tensor_init_uniform(ctx, s->wrel[l], -ad, ad, st0));
            GNN_CHECK(gnn_tensor_init_uniform(ctx, s->brel[l], -ad, ad, st0 + 1));
        } else {
            GNN_CHECK(gnn_tensor_init_normal(ctx, s->wrel[l], 0.0f, 1.0f, st0));
        }
        GNN_CHECK(gnn_tensor_init_uniform(ctx, s->wx[l], -ac, ac, st0 + 2));
        GNN_CHECK(gnn_tensor_init_uniform(ctx, s->wa[l], -ac, ac, st0 + 3));
        GNN_CHECK(gnn_tensor_init_uniform(ctx, s->c[l], -ac, ac, st0 + 4));
        if (s->lnorm) {
            GNN_CHECK(gnn_tensor_fill(s->gam[l], 1.0f));
            GNN_CHECK(gnn_tensor_fill(s->bet[l], 0.0f));
        }
    }
    GNN_CHECK(gnn_tensor_init_uniform(ctx, s->m1, -af, af, 20));
    GNN_CHECK(gnn_tensor_init_uniform(ctx, s->b1, -af, af, 21));
    GNN_CHECK(gnn_tensor_init_uniform(ctx, s->m2, -af, af, 22));
    GNN_CHECK(gnn_tensor_init_uniform(ctx, s->b2, -af, af, 23));
fail:
    return status;
}

/* the names of relations 0..R-1, tab-joined, kept with the checkpoint so
 * that predict can check that its graph numbers the relations alike */
static gnn_status_t keep_relation_names(gnn_model_t *m, const gnn_graph_t *g, int64_t R) {
    size_t len = 1;
    for (int64_t r = 0; r < R; r++) {
        const char *nm = gnn_graph_relation_name(g, r);
        if (nm == NULL) return GNN_SUCCESS; /* numbered relations: nothing to check */
        len += strlen(nm) + 1;
    }
    char *buf = gnn_i_malloc(m->ctx, len), *p = buf;
    if (buf == NULL) return gnn_i_nomem(m->ctx, "relation names");
    for (int64_t r = 0; r < R; r++) {
        const char *nm = gnn_graph_relation_name(g, r);
        const size_t n = strlen(nm);
        if (r > 0) *p++ = '\t';
        memcpy(p, nm, n);
        p += n;
    }
    *p = '\0';
    const gnn_status_t st = gnn_opts_set(m->meta, "relation-names", buf);
    gnn_i_free(m->ctx, buf);
    return st < 0 ? gnn_i_nomem(m->ctx, "relation names") : GNN_SUCCESS;
}

static gnn_status_t nbf_build(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    nbf_t *s = NULL;
    GNN_CALLOC(ctx, s, 1);
    m->state = s;
    if (ds != NULL) {
        GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "nbfnet: needs a dataset with one graph");
        const int task = gnn_i_model_choice(m, "task");
        s->kg = task == 2 || (task == 0 && ds->triple_count[0] > 0);
        if (s->kg) GNN_ARG_CHECK(ctx, ds->triple_count[0] > 0, "nbfnet: --task kg needs training triples");
        /* the relations of the training triples (ids of relations seen only
         * in valid or test come after them, and are refused at fit) */
        s->R = 1;
        for (int64_t i = 0; s->kg && i < ds->triple_count[0]; i++)
            if (ds->tr[0][i] + 1 > s->R) s->R = ds->tr[0][i] + 1;
        gnn_opts_set_int(m->meta, "kg", s->kg);
        gnn_opts_set_int(m->meta, "relations", s->R);
        if (s->kg) GNN_CHECK(keep_relation_names(m, gnn_dataset_graph(ds, 0), s->R));
    } else {
        s->kg = (int)gnn_i_model_meta_int(m, "kg");
        s->R = gnn_i_model_meta_int(m, "relations");
        if (s->kg < 0 || s->R < 1) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "nbfnet: the checkpoint lacks the task and relation count");
            goto fail;
        }
    }
    s->Rp = s->kg ? 2 * s->R : 1;
    s->d = gnn_i_model_int(m, "hidden");
    s->T = gnn_i_model_int(m, "layers");
    s->message = gnn_i_model_choice(m, "message");
    static const int aggr_of[] = {GNN_BF_PNA, GNN_BF_SUM, GNN_BF_MEAN, GNN_BF_MAX, GNN_BF_MIN};
    s->aggr = aggr_of[gnn_i_model_choice(m, "aggregator")];
    const int dep = gnn_i_model_choice(m, "dependent"), oh = gnn_i_model_choice(m, "remove-one-hop");
    s->dependent = dep == 1 || (dep == 0 && s->kg);
    s->one_hop = oh != 2;
    s->symmetric = !s->kg && gnn_i_model_int(m, "symmetric");
    s->shortcut = (int)gnn_i_model_int(m, "shortcut");
    s->lnorm = (int)gnn_i_model_int(m, "layer-norm");
    s->concat = (int)gnn_i_model_int(m, "concat-hidden");
    GNN_ARG_CHECK(ctx, s->message != GNN_BF_ROTATE || s->d % 2 == 0, "nbfnet: RotatE needs an even --hidden, got %lld",
                  (long long)s->d);
    const int64_t d = s->d;
    s->A = gnn_bf_out_dim(s->aggr, d);
    s->F = (s->concat ? s->T : 1) * d + d;
    GNN_CHECK(param(m, "query", 0, s->Rp, d, &s->Q));
    for (int l = 0; l < s->T; l++) {
        if (s->dependent) {
            GNN_CHECK(param(m, "layer%d.relation.weight", l, d, s->Rp * d, &s->wrel[l]));
            GNN_CHECK(param(m, "layer%d.relation.bias", l, 1, s->Rp * d, &s->brel[l]));
        } else {
            GNN_CHECK(param(m, "layer%d.relation", l, 1, s->Rp * d, &s->wrel[l]));
        }
        GNN_CHECK(param(m, "layer%d.self.weight", l, d, d, &s->wx[l]));
        GNN_CHECK(param(m, "layer%d.aggr.weight", l, s->A, d, &s->wa[l]));
        GNN_CHECK(param(m, "layer%d.bias", l, 1, d, &s->c[l]));
        if (s->lnorm) {
            GNN_CHECK(param(m, "layer%d.norm.gamma", l, 1, d, &s->gam[l]));
            GNN_CHECK(param(m, "layer%d.norm.beta", l, 1, d, &s->bet[l]));
        }
    }
    GNN_CHECK(param(m, "mlp.0.weight", 0, s->F, s->F, &s->m1));
    GNN_CHECK(param(m, "mlp.0.bias", 0, 1, s->F, &s->b1));
    GNN_CHECK(param(m, "mlp.1.weight", 0, s->F, 1, &s->m2));
    GNN_CHECK(param(m, "mlp.1.bias", 0, 1, 1, &s->b2));
    GNN_CHECK(init_params(m));
    GNN_CHECK(gnn_tape_create(ctx, &s->tp));
    return GNN_SUCCESS;
fail:
    nbf_free(m);
    return status;
}

static gnn_status_t reserve(gnn_model_t *m, int64_t nq, int64_t nc) {
    nbf_t *s = m->state;
    if (nq > s->cap_q) {
        int64_t *a = gnn_i_realloc_n(m->ctx, s->qsrc, (size_t)nq, sizeof *a);
        if (a == NULL) return gnn_i_nomem(m->ctx, "queries");
        s->qsrc = a;
        a = gnn_i_realloc_n(m->ctx, s->qrel, (size_t)nq, sizeof *a);
        if (a == NULL) return gnn_i_nomem(m->ctx, "queries");
        s->qrel = a;
        s->cap_q = nq;
    }
    if (nc > s->cap_c) {
        int64_t *a = gnn_i_realloc_n(m->ctx, s->cidx, (size_t)nc, sizeof *a);
        if (a == NULL) return gnn_i_nomem(m->ctx, "candidates");
        s->cidx = a;
        a = gnn_i_realloc_n(m->ctx, s->qidx, (size_t)nc, sizeof *a);
        if (a == NULL) return gnn_i_nomem(m->ctx, "candidates");
        s->qidx = a;
        s->cap_c = nc;
    }
    return GNN_SUCCESS;
}

/* Run nq queries (s->qsrc, s->qrel) over g and score nc candidates: row i
 * of the result is candidate node s->cidx[i] of query s->qidx[i].  With
 * pair_avg, rows 2i and 2i+1 are averaged before the MLP (symmetric link
 * prediction), giving nc/2 logits.  nc = -1: every node of every query
 * (row b*N + v). */
static gnn_status_t forward(gnn_model_t *m, const gnn_graph_t *g, int64_t nq, int64_t nc, int pair_avg,
                            gnn_tensor_t **logits) {
    gnn_status_t status = GNN_SUCCESS;
    nbf_t *s = m->state;
    gnn_tape_t *tp = s->tp;
    const int64_t N = g->n;
    gnn_tensor_t *q, *x, *h0, *a, *y, *t, *rho, *hid[MAXT];
    GNN_ARG_CHECK(m->ctx, (g->relations > 0 ? g->relations : 1) == s->Rp,
                  "nbfnet: the graph has %lld relation types, the model %lld", (long long)g->relations, (long long)s->Rp);
    GNN_CHECK(gnn_gather_rows(tp, s->Q, s->qrel, nq, &q));
    {
        /* the boundary: q_b at row b*N + src_b */
        int64_t *pos = gnn_i_arena(tp, sizeof(int64_t) * (size_t)nq);
        if (pos == NULL) return GNN_ENOMEM;
        for (int64_t b = 0; b < nq; b++) pos[b] = b * N + s->qsrc[b];
        GNN_CHECK(gnn_scatter_add_rows(tp, q, pos, nq * N, &h0));
    }
    x = h0;
    for (int l = 0; l < s->T; l++) {
        if (s->dependent) {
            GNN_CHECK(gnn_matmul(tp, q, s->wrel[l], 0, 0, &rho));
            GNN_CHECK(gnn_add(tp, rho, s->brel[l], &rho));
        } else {
            rho = s->wrel[l];
        }
        GNN_CHECK(gnn_bf_aggregate(tp, g, x, rho, q, s->qsrc, nq, 0.0f, s->message, s->aggr, &a));
        GNN_CHECK(gnn_matmul(tp, x, s->wx[l], 0, 0, &y));
        GNN_CHECK(gnn_matmul(tp, a, s->wa[l], 0, 0, &t));
        GNN_CHECK(gnn_add(tp, y, t, &y));
        GNN_CHECK(gnn_add(tp, y, s->c[l], &y));
        if (s->lnorm) GNN_CHECK(gnn_layer_norm(tp, y, s->gam[l], s->bet[l], 1e-5f, &y));
        GNN_CHECK(gnn_relu(tp, y, &y));
        if (s->shortcut) GNN_CHECK(gnn_add(tp, y, x, &y));
        x = hid[l] = y;
    }
    gnn_tensor_t *feat, *qf, *parts[MAXT + 1];
    int np = 0;
    if (nc < 0) {
        /* every node: the query vector repeated over its block */
        nc = nq * N;
        GNN_CHECK(reserve(m, nq, nc));
        for (int64_t i = 0; i < nc; i++) s->qidx[i] = i / N, s->cidx[i] = i % N;
    }
    int64_t *rows = gnn_i_arena(tp, sizeof(int64_t) * (size_t)nc);
    if (rows == NULL) return GNN_ENOMEM;
    for (int64_t i = 0; i < nc; i++) rows[i] = s->qidx[i] * N + s->cidx[i];
    for (int l = s->concat ? 0 : s->T - 1; l < s->T; l++) GNN_CHECK(gnn_gather_rows(tp, hid[l], rows, nc, &parts[np++]));
    GNN_CHECK(gnn_gather_rows(tp, q, s->qidx, nc, &qf));
    parts[np++] = qf;
    GNN_CHECK(gnn_concat(tp, np, parts, 1, &feat));
    if (pair_avg) {
        int64_t *ev = gnn_i_arena(tp, sizeof(int64_t) * (size_t)nc);
        if (ev == NULL) return GNN_ENOMEM;
        for (int64_t i = 0; i < nc / 2; i++) ev[i] = 2 * i, ev[nc / 2 + i] = 2 * i + 1;
        gnn_tensor_t *fa, *fb;
        GNN_CHECK(gnn_gather_rows(tp, feat, ev, nc / 2, &fa));
        GNN_CHECK(gnn_gather_rows(tp, feat, ev + nc / 2, nc / 2, &fb));
        GNN_CHECK(gnn_add(tp, fa, fb, &feat));
        GNN_CHECK(gnn_scale(tp, feat, 0.5f, 0.0f, &feat));
    }
    GNN_CHECK(gnn_matmul(tp, feat, s->m1, 0, 0, &y));
    GNN_CHECK(gnn_add(tp, y, s->b1, &y));
    GNN_CHECK(gnn_relu(tp, y, &y));
    GNN_CHECK(gnn_matmul(tp, y, s->m2, 0, 0, &y));
    GNN_CHECK(gnn_add(tp, y, s->b2, logits));
fail:
    return status;
}

/* ------------------------------------------------------------------ graphs */

/* The message-passing graph: link prediction: the pairs in both directions
 * plus a self-loop per node; KG: the triples plus their inverses (r + R).
 * Edges listed in `drop` are left out: key (min, max) of the pair for
 * one-hop removal, or the triple key for exact removal. */
typedef struct facts {
    int64_t n, m, R;
    int64_t *h, *r, *t;
} facts_t;

static uint64_t pair_key(int64_t a, int64_t b, int64_t N) {
    return a < b ? (uint64_t)a * (uint64_t)N + (uint64_t)b : (uint64_t)b * (uint64_t)N + (uint64_t)a;
}
static uint64_t triple_key(int64_t h, int64_t r, int64_t t, int64_t N, int64_t R) {
    return ((uint64_t)h * (uint64_t)R + (uint64_t)r) * (uint64_t)N + (uint64_t)t;
}

static gnn_status_t build_graph(gnn_ctx_t *ctx, const facts_t *f, int kg, const gnn_i_u64set_t *drop, int one_hop,
                                gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *u = NULL, *v = NULL, *ty = NULL, k = 0;
    const int64_t cap = 2 * f->m + (kg ? 0 : f->n);
    GNN_ALLOC(ctx, u, cap);
    GNN_ALLOC(ctx, v, cap);
    if (kg) GNN_ALLOC(ctx, ty, cap);
    for (int64_t e = 0; e < f->m; e++) {
        const int64_t a = f->h[e], b = f->t[e], r = kg ? f->r[e] : 0;
        if (drop && drop->count) {
            const uint64_t key = one_hop || !kg ? pair_key(a, b, f->n) : triple_key(a, r, b, f->n, f->R);
            if (gnn_i_u64set_has(drop, key)) continue;
        }
        u[k] = a, v[k] = b;
        if (kg) ty[k] = r;
        k++;
        u[k] = b, v[k] = a;
        if (kg) ty[k] = r + f->R;
        k++;
    }
    if (!kg)
        for (int64_t i = 0; i < f->n; i++) u[k] = v[k] = i, k++;
    status = gnn_graph_from_edges(ctx, f->n, k, u, v, NULL, ty, kg ? 2 * f->R : 0, GNN_DIRECTED | GNN_DUP_KEEP, out);
fail:
    gnn_i_free(ctx, u);
    gnn_i_free(ctx, v);
    gnn_i_free(ctx, ty);
    return status;
}

gnn_status_t gnn_i_nbf_graph(gnn_ctx_t *ctx, int64_t n, int64_t m, const int64_t *h, const int64_t *r, const int64_t *t,
                             int64_t R, int kg, int64_t k, const int64_t *ra, const int64_t *rr, const int64_t *rb,
                             int one_hop, gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_u64set_t drop = {0};
    const facts_t f = {n, m, R, (int64_t *)h, (int64_t *)r, (int64_t *)t};
    const int pairs = one_hop || !kg;
    if (k > 0) {
        GNN_CHECK(gnn_i_u64set_init(ctx, &drop, (uint64_t)k));
        for (int64_t j = 0; j < k; j++)
            gnn_i_u64set_add(&drop, pairs ? pair_key(ra[j], rb[j], n) : triple_key(ra[j], rr[j], rb[j], n, R));
    }
    status = build_graph(ctx, &f, kg, k > 0 ? &drop : NULL, pairs, out);
fail:
    gnn_i_u64set_free(ctx, &drop);
    return status;
}

int64_t gnn_i_filtered_rank(const float *score, int64_t n, int64_t answer, const uint8_t *filtered) {
    const float sa = score[answer];
    int64_t rank = 1;
    for (int64_t x = 0; x < n; x++)
        if (x != answer && score[x] >= sa && !(filtered && filtered[x])) rank++;
    return rank;
}

/* ------------------------------------------------------------------ metrics */

typedef struct scored {
    double s;
    int64_t i;
    int pos;
} scored_t;
static int cmp_desc(const void *a, const void *b) {
    const scored_t *x = a, *y = b;
    if (x->s != y->s) return x->s > y->s ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

gnn_status_t gnn_auroc_ap(gnn_ctx_t *ctx, const double *score, const int8_t *label, int64_t n, double *auroc,
                          double *ap) {
    gnn_status_t status = GNN_SUCCESS;
    scored_t *v = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, n > 0 && score && label, "gnn_auroc_ap: need n > 0 scores and labels");
    GNN_ALLOC(ctx, v, n);
    int64_t P = 0;
    for (int64_t i = 0; i < n; i++) {
        GNN_ARG_CHECK(ctx, !isnan(score[i]), "gnn_auroc_ap: score %lld is NaN", (long long)i);
        v[i].s = score[i], v[i].i = i, v[i].pos = label[i] != 0, P += label[i] != 0;
    }
    GNN_ARG_CHECK(ctx, P > 0 && P < n, "gnn_auroc_ap: need both positives and negatives (%lld of %lld positive)",
                  (long long)P, (long long)n);
    qsort(v, (size_t)n, sizeof *v, cmp_desc);
    /* AUROC with ties counted one half; AP: precision at each positive,
     * tied scores taken as one block (the block's precision for each) */
    double auc = 0, apsum = 0;
    int64_t above_pos = 0, seen = 0;
    for (int64_t i = 0; i < n;) {
        int64_t j = i, bp = 0, bn = 0;
        while (j < n && v[j].s == v[i].s) bp += v[j].pos, bn += !v[j].pos, j++;
        auc += (double)bn * ((double)above_pos + 0.5 * (double)bp);
        seen += j - i;
        above_pos += bp;
        apsum += (double)bp * (double)above_pos / (double)seen;
        i = j;
    }
    if (auroc) *auroc = auc / ((double)P * (double)(n - P));
    if (ap) *ap = apsum / (double)P;
fail:
    gnn_i_free(ctx, v);
    return status;
}

/* ------------------------------------------------------------------ training */

typedef struct run {
    gnn_model_t *m;
    facts_t f;            /* training facts (pairs for link prediction) */
    gnn_graph_t *eval_g;  /* message passing at evaluation */
    gnn_i_u64set_t known; /* training facts: strict negatives */
    gnn_i_u64set_t all;   /* KG: train + valid + test, the filter */
    int64_t *deg;         /* link prediction: degrees in the training graph */
    double *cum;          /* source distribution for negatives */
    int64_t K;
    double adv;
} run_t;

static void run_free(gnn_ctx_t *ctx, run_t *r) {
    gnn_graph_destroy(&r->eval_g);
    gnn_i_u64set_free(ctx, &r->known);
    gnn_i_u64set_free(ctx, &r->all);
    gnn_i_free(ctx, r->f.h);
    gnn_i_free(ctx, r->f.r);
    gnn_i_free(ctx, r->f.t);
    gnn_i_free(ctx, r->deg);
    gnn_i_free(ctx, r->cum);
}

/* a strict negative pair for link prediction (section 4.2) */
static void linkpred_negative(const run_t *r, gnn_rng_t *rng, int64_t *x, int64_t *y) {
    const int64_t N = r->f.n;
    const double u = gnn_rng_uniform(rng) * r->cum[N - 1];
    int64_t lo = 0, hi = N - 1;
    while (lo < hi) {
        const int64_t mid = (lo + hi) / 2;
        if (r->cum[mid] > u) hi = mid;
        else lo = mid + 1;
    }
    *x = lo;
    for (int tries = 0; tries < 1000000; tries++) {
        const int64_t t = (int64_t)gnn_rng_below(rng, (uint64_t)N);
        if (t != lo && !gnn_i_u64set_has(&r->known, pair_key(lo, t, N))) {
            *y = t;
            return;
        }
    }
    *y = (lo + 1) % N; /* a full neighbourhood: unreachable for cum > 0 */
}

/* a strict negative tail (head = 0) or head (head = 1) for (h, rel, t) */
static int64_t kg_negative(const run_t *r, gnn_rng_t *rng, int64_t h, int64_t rel, int64_t t, int head) {
    const int64_t N = r->f.n;
    for (int tries = 0; tries < 100000; tries++) {
        const int64_t x = (int64_t)gnn_rng_below(rng, (uint64_t)N);
        const uint64_t key = head ? triple_key(x, rel, t, N, r->f.R) : triple_key(h, rel, x, N, r->f.R);
        if (!gnn_i_u64set_has(&r->known, key)) return x;
    }
    return (int64_t)gnn_rng_below(rng, (uint64_t)N);
}

/* queries per chunk for a memory budget: about 42 d floats per node, query
 * and layer in training (outputs and their gradients), half in evaluation */
static int64_t chunk_queries(const gnn_model_t *m, int64_t N, int training) {
    const nbf_t *s = m->state;
    const double per = (double)N * (double)s->T * (double)(s->A + 9 * s->d) * 4.0 * (training ? 2.0 : 1.0) + 1.0;
    const double budget = (double)gnn_i_model_int(m, "memory") * 1048576.0;
    int64_t c = (int64_t)(budget / per);
    return c < 1 ? 1 : c;
}

/* scores of pairs (src[i], rel[i], dst[i]) on g in chunks (no gradient).
 * Symmetric link prediction: two runs per pair (from u and from v).
 * Otherwise pairs sharing (src, rel) share one run (the all-tails trick). */
typedef struct pairq {
    int64_t src, rel, i;
} pairq_t;
static int cmp_pairq(const void *a, const void *b) {
    const pairq_t *x = a, *y = b;
    if (x->src != y->src) return x->src < y->src ? -1 : 1;
    if (x->rel != y->rel) return x->rel < y->rel ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static gnn_status_t score_pairs(gnn_model_t *m, const gnn_graph_t *g, int64_t n, const int64_t *src, const int64_t *rel,
                                const int64_t *dst, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    nbf_t *s = m->state;
    gnn_ctx_t *ctx = m->ctx;
    const int sym = s->symmetric;
    const int64_t cq = chunk_queries(m, g->n, 0);
    pairq_t *pq = NULL;
    gnn_tape_set_grad_enabled(s->tp, 0);
    if (sym) {
        const int64_t step = cq / 2 > 0 ? cq / 2 : 1;
        for (int64_t i0 = 0; i0 < n; i0 += step) {
            const int64_t k = n - i0 < step ? n - i0 : step;
            GNN_CHECK(reserve(m, 2 * k, 2 * k));
            for (int64_t i = 0; i < k; i++) {
                const int64_t a = src[i0 + i], b = dst[i0 + i], r = rel ? rel[i0 + i] : 0;
                s->qsrc[2 * i] = a, s->qrel[2 * i] = r, s->qidx[2 * i] = 2 * i, s->cidx[2 * i] = b;
                s->qsrc[2 * i + 1] = b, s->qrel[2 * i + 1] = r, s->qidx[2 * i + 1] = 2 * i + 1, s->cidx[2 * i + 1] = a;
            }
            gnn_tensor_t *lg;
            gnn_tape_reset(s->tp);
            GNN_CHECK(forward(m, g, 2 * k, 2 * k, 1, &lg));
            for (int64_t i = 0; i < k; i++) out[i0 + i] = gnn_tensor_data(lg)[i];
        }
        goto fail;
    }
    GNN_ALLOC(ctx, pq, n);
    for (int64_t i = 0; i < n; i++) pq[i] = (pairq_t){src[i], rel ? rel[i] : 0, i};
    qsort(pq, (size_t)n, sizeof *pq, cmp_pairq);
    for (int64_t i0 = 0; i0 < n;) {
        /* the pairs of up to cq distinct queries */
        int64_t i1 = i0, nq = 0;
        while (i1 < n) {
            const int newq = i1 == i0 || pq[i1].src != pq[i1 - 1].src || pq[i1].rel != pq[i1 - 1].rel;
            if (newq && nq == cq) break;
            nq += newq;
            i1++;
        }
        GNN_CHECK(reserve(m, nq, 0));
        int64_t q = -1;
        for (int64_t i = i0; i < i1; i++)
            if (i == i0 || pq[i].src != pq[i - 1].src || pq[i].rel != pq[i - 1].rel) {
                q++;
                s->qsrc[q] = pq[i].src, s->qrel[q] = pq[i].rel;
            }
        /* the readout of every node, then the candidates: a pair's score does
         * not depend on how many candidates its query has, nor on the other
         * queries of the chunk when every product has a side of at most 64
         * (the thin kernels: d <= 32 without concat-hidden) */
        gnn_tensor_t *lg;
        gnn_tape_reset(s->tp);
        GNN_CHECK(forward(m, g, nq, -1, 0, &lg));
        const float *sc = gnn_tensor_data(lg);
        q = -1;
        for (int64_t i = i0; i < i1; i++) {
            if (i == i0 || pq[i].src != pq[i - 1].src || pq[i].rel != pq[i - 1].rel) q++;
            out[pq[i].i] = sc[q * g->n + dst[pq[i].i]];
        }
        i0 = i1;
    }
fail:
    gnn_i_free(ctx, pq);
    gnn_tape_set_grad_enabled(s->tp, 1);
    return status;
}

/* link prediction: AUROC and AP of a part's positive and negative pairs */
static gnn_status_t eval_linkpred(gnn_model_t *m, run_t *r, const gnn_dataset_t *ds, int part, int64_t limit,
                                  double *auc, double *ap, double **scores_out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    int64_t np = ds->pair_count[part][1], nn = ds->pair_count[part][0];
    if (limit > 0 && np > limit) np = limit;
    if (limit > 0 && nn > limit) nn = limit;
    double *sc = NULL;
    int8_t *lab = NULL;
    int64_t *u = NULL, *v = NULL;
    GNN_ALLOC(ctx, sc, np + nn);
    GNN_ALLOC(ctx, lab, np + nn);
    GNN_ALLOC(ctx, u, np + nn);
    GNN_ALLOC(ctx, v, np + nn);
    for (int64_t i = 0; i < np; i++) u[i] = ds->pair_src[part][1][i], v[i] = ds->pair_dst[part][1][i], lab[i] = 1;
    for (int64_t i = 0; i < nn; i++) u[np + i] = ds->pair_src[part][0][i], v[np + i] = ds->pair_dst[part][0][i], lab[np + i] = 0;
    GNN_CHECK(score_pairs(m, r->eval_g, np + nn, u, NULL, v, sc));
    GNN_CHECK(gnn_auroc_ap(ctx, sc, lab, np + nn, auc, ap));
    if (scores_out) *scores_out = sc, sc = NULL;
fail:
    gnn_i_free(ctx, sc);
    gnn_i_free(ctx, lab);
    gnn_i_free(ctx, u);
    gnn_i_free(ctx, v);
    return status;
}

typedef struct kgq {
    int64_t src, rel, ans, other; /* query (src, rel) with answer ans; other: the triple's other end */
} kgq_t;
static int cmp_kgq(const void *a, const void *b) {
    const kgq_t *x = a, *y = b;
    if (x->src != y->src) return x->src < y->src ? -1 : 1;
    if (x->rel != y->rel) return x->rel < y->rel ? -1 : 1;
    return x->ans < y->ans ? -1 : x->ans > y->ans;
}

/* KG: filtered ranks of the tail and head queries of a part's triples;
 * queries sharing (source, relation) share one run */
static gnn_status_t eval_kg(gnn_model_t *m, run_t *r, const gnn_dataset_t *ds, int part, int64_t limit, double *mr,
                            double *mrr, double *h1, double *h3, double *h10) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    nbf_t *s = m->state;
    const int64_t N = r->f.n, R = s->R;
    int64_t nt = ds->triple_count[part];
    if (limit > 0 && nt > limit) nt = limit;
    kgq_t *qs = NULL;
    int64_t *grp = NULL;
    uint8_t *mask = NULL;
    GNN_ARG_CHECK(ctx, nt > 0, "nbfnet: no %s triples to evaluate", part == 1 ? "validation" : "test");
    GNN_ALLOC(ctx, qs, 2 * nt);
    GNN_ALLOC(ctx, mask, N);
    for (int64_t i = 0; i < nt; i++) {
        const int64_t h = ds->th[part][i], rel = ds->tr[part][i], t = ds->tt[part][i];
        qs[2 * i] = (kgq_t){h, rel, t, h};
        qs[2 * i + 1] = (kgq_t){t, rel + R, h, t};
    }
    qsort(qs, (size_t)(2 * nt), sizeof *qs, cmp_kgq);
    /* distinct (src, rel) groups */
    GNN_ALLOC(ctx, grp, 2 * nt + 1);
    int64_t ng = 0;
    for (int64_t i = 0; i < 2 * nt; i++)
        if (i == 0 || qs[i].src != qs[i - 1].src || qs[i].rel != qs[i - 1].rel) grp[ng++] = i;
    grp[ng] = 2 * nt;
    const int64_t cq = chunk_queries(m, N, 0);
    double sr = 0, srr = 0, c1 = 0, c3 = 0, c10 = 0;
    gnn_tape_set_grad_enabled(s->tp, 0);
    for (int64_t g0 = 0; g0 < ng; g0 += cq) {
        const int64_t k = ng - g0 < cq ? ng - g0 : cq;
        GNN_CHECK(reserve(m, k, 0));
        for (int64_t b = 0; b < k; b++) s->qsrc[b] = qs[grp[g0 + b]].src, s->qrel[b] = qs[grp[g0 + b]].rel;
        gnn_tensor_t *lg;
        gnn_tape_reset(s->tp);
        GNN_CHECK(forward(m, r->eval_g, k, -1, 0, &lg));
        const float *sc = gnn_tensor_data(lg);
        for (int64_t b = 0; b < k; b++) {
            const float *row = sc + b * N;
            for (int64_t i = grp[g0 + b]; i < grp[g0 + b + 1]; i++) {
                const kgq_t *q = &qs[i];
                const int head = q->rel >= R;
                const int64_t rel = head ? q->rel - R : q->rel;
                const float sa = row[q->ans];
                for (int64_t x = 0; x < N; x++) { /* the filter, where it can matter */
                    mask[x] = 0;
                    if (x == q->ans || row[x] < sa) continue;
                    mask[x] = (uint8_t)gnn_i_u64set_has(&r->all, head ? triple_key(x, rel, q->src, N, R)
                                                                      : triple_key(q->src, rel, x, N, R));
                }
                const int64_t rank = gnn_i_filtered_rank(row, N, q->ans, mask);
                sr += (double)rank, srr += 1.0 / (double)rank;
                c1 += rank <= 1, c3 += rank <= 3, c10 += rank <= 10;
            }
        }
        gnn_i_progress(ctx, part == 1 ? "validation" : "test", (double)(g0 + k), (double)ng);
        GNN_CHECK(gnn_i_poll(ctx));
    }
    const double nq = 2.0 * (double)nt;
    *mr = sr / nq, *mrr = srr / nq, *h1 = c1 / nq, *h3 = c3 / nq, *h10 = c10 / nq;
fail:
    gnn_tape_set_grad_enabled(s->tp, 1);
    gnn_i_free(ctx, qs);
    gnn_i_free(ctx, grp);
    gnn_i_free(ctx, mask);
    return status;
}

/* the training facts, the evaluation graph and the negative samplers */
static gnn_status_t run_setup(gnn_model_t *m, const gnn_dataset_t *ds, run_t *r) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    nbf_t *s = m->state;
    const gnn_graph_t *g = ds->graphs[0];
    const int64_t N = g->n;
    r->m = m;
    r->f.n = N;
    r->f.R = s->R;
    if (s->kg) {
        const int64_t nt = ds->triple_count[0];
        r->f.m = nt;
        GNN_ALLOC(ctx, r->f.h, nt);
        GNN_ALLOC(ctx, r->f.r, nt);
        GNN_ALLOC(ctx, r->f.t, nt);
        memcpy(r->f.h, ds->th[0], sizeof(int64_t) * (size_t)nt);
        memcpy(r->f.r, ds->tr[0], sizeof(int64_t) * (size_t)nt);
        memcpy(r->f.t, ds->tt[0], sizeof(int64_t) * (size_t)nt);
        for (int64_t i = 0; i < nt; i++)
            if (r->f.r[i] >= s->R) {
                status = gnn_i_error(ctx, GNN_EINVAL, "nbfnet: relation %lld of training triple %lld is outside the model's %lld",
                                     (long long)r->f.r[i], (long long)i, (long long)s->R);
                goto fail;
            }
        GNN_CHECK(gnn_i_u64set_init(ctx, &r->known, (uint64_t)nt));
        int64_t tot = 0;
        for (int p = 0; p < 3; p++) tot += ds->triple_count[p];
        GNN_CHECK(gnn_i_u64set_init(ctx, &r->all, (uint64_t)tot));
        for (int64_t i = 0; i < nt; i++) gnn_i_u64set_add(&r->known, triple_key(r->f.h[i], r->f.r[i], r->f.t[i], N, s->R));
        for (int p = 0; p < 3; p++)
            for (int64_t i = 0; i < ds->triple_count[p]; i++) {
                if (ds->tr[p][i] >= s->R) {
                    status = gnn_i_error(ctx, GNN_EINVAL, "nbfnet: a %s triple names relation %lld, absent from training",
                                         p == 1 ? "validation" : "test", (long long)ds->tr[p][i]);
                    goto fail;
                }
                gnn_i_u64set_add(&r->all, triple_key(ds->th[p][i], ds->tr[p][i], ds->tt[p][i], N, s->R));
            }
    } else {
        int64_t np = ds->pair_count[0][1];
        GNN_ARG_CHECK(ctx, np > 0, "nbfnet: link prediction needs training pairs (--split or --split-dir)");
        GNN_ALLOC(ctx, r->f.h, np);
        GNN_ALLOC(ctx, r->f.t, np);
        GNN_CHECK(gnn_i_u64set_init(ctx, &r->known, (uint64_t)np));
        int64_t k = 0;
        for (int64_t i = 0; i < np; i++) {
            const int64_t a = ds->pair_src[0][1][i], b = ds->pair_dst[0][1][i];
            if (a == b || !gnn_i_u64set_add(&r->known, pair_key(a, b, N))) continue; /* loops and repeats */
            r->f.h[k] = a, r->f.t[k] = b, k++;
        }
        r->f.m = k;
        GNN_ALLOC(ctx, r->deg, N);
        GNN_ALLOC(ctx, r->cum, N);
        memset(r->deg, 0, sizeof(int64_t) * (size_t)N);
        for (int64_t i = 0; i < k; i++) r->deg[r->f.h[i]]++, r->deg[r->f.t[i]]++;
        double c = 0;
        for (int64_t v = 0; v < N; v++) {
            const double w = (double)(N - r->deg[v] - 1);
            c += w > 0 ? w : 0;
            r->cum[v] = c;
        }
        GNN_ARG_CHECK(ctx, c > 0, "nbfnet: the training graph is complete: no negative pair exists");
    }
    GNN_CHECK(build_graph(ctx, &r->f, s->kg, NULL, 0, &r->eval_g));
    r->K = gnn_i_model_int(m, "negatives");
    if (r->K == 0) r->K = s->kg ? 32 : 1;
    r->adv = gnn_i_model_double(m, "adversarial-temperature");
    if (r->adv < 0) r->adv = s->kg ? 0.5 : 0.0;
fail:
    return status;
}

/* one optimiser step over rows [r0, r1) of the epoch's order */
static gnn_status_t train_step(gnn_model_t *m, run_t *r, const int64_t *order, int64_t r0, int64_t r1, gnn_rng_t *rng,
                               double *loss_sum) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    nbf_t *s = m->state;
    const int64_t N = r->f.n, K = r->K, C = K + 1, B = gnn_i_model_int(m, "batch-size"), P = r1 - r0;
    gnn_graph_t *g = NULL;
    int64_t *cand = NULL, *src = NULL, *rel = NULL, *ra = NULL, *rb = NULL, *rr = NULL;
    int8_t *headrow = NULL;
    float *tgt = NULL, *wts = NULL;
    GNN_ALLOC(ctx, cand, P * C);
    GNN_ALLOC(ctx, src, P);
    GNN_ALLOC(ctx, rel, P);
    GNN_ALLOC(ctx, headrow, P);
    /* rows: (src, rel, candidates) with the positive first (section 4.1, 4.2) */
    for (int64_t i = 0; i < P; i++) {
        const int64_t e = order[r0 + i], h = r->f.h[e], t = r->f.t[e];
        if (s->kg) {
            const int64_t rl = r->f.r[e];
            /* first half of each group of batch-size rows: corrupt tails */
            const int64_t gsz = P - (i / B) * B < B ? P - (i / B) * B : B;
            const int head = i % B >= gsz / 2;
            headrow[i] = (int8_t)head;
            src[i] = head ? t : h;
            rel[i] = head ? rl + s->R : rl;
            cand[i * C] = head ? h : t;
            for (int64_t j = 1; j < C; j++) cand[i * C + j] = kg_negative(r, rng, h, rl, t, head);
        } else {
            headrow[i] = 0;
            src[i] = h, rel[i] = 0, cand[i * C] = t;
            for (int64_t j = 1; j < C; j++) {
                int64_t x, y;
                linkpred_negative(r, rng, &x, &y);
                cand[i * C + j] = x * N + y; /* a pair: its own queries */
            }
        }
    }
    const int64_t per_row = s->kg ? 1 : C * (s->symmetric ? 2 : 1);
    int64_t rows_chunk = chunk_queries(m, N, 1) / per_row;
    if (rows_chunk < 1) rows_chunk = 1;
    GNN_ALLOC(ctx, tgt, rows_chunk * C);
    GNN_ALLOC(ctx, wts, rows_chunk * C);
    GNN_ALLOC(ctx, ra, B * C);
    GNN_ALLOC(ctx, rb, B * C);
    GNN_ALLOC(ctx, rr, B * C);
    for (int64_t g0 = 0; g0 < P; g0 += B) {
        const int64_t g1 = g0 + B < P ? g0 + B : P;
        /* section 2.3: the group's target edges leave the graph */
        int64_t k = 0;
        for (int64_t i = g0; i < g1; i++) {
            for (int64_t j = 0; j < C; j++) {
                int64_t a, b;
                if (s->kg) {
                    a = headrow[i] ? cand[i * C + j] : src[i];
                    b = headrow[i] ? src[i] : cand[i * C + j];
                } else if (j == 0) {
                    a = src[i], b = cand[i * C];
                } else {
                    a = cand[i * C + j] / N, b = cand[i * C + j] % N;
                }
                if (s->kg && !s->one_hop && j > 0) continue; /* exact removal: the positive only */
                ra[k] = a, rb[k] = b, rr[k] = s->kg ? rel[i] - (headrow[i] ? s->R : 0) : 0, k++;
            }
        }
        gnn_graph_destroy(&g);
        GNN_CHECK(gnn_i_nbf_graph(ctx, N, r->f.m, r->f.h, r->f.r, r->f.t, s->R, s->kg, k, ra, rr, rb, s->one_hop, &g));
        for (int64_t c0 = g0; c0 < g1; c0 += rows_chunk) {
            const int64_t c1 = c0 + rows_chunk < g1 ? c0 + rows_chunk : g1, nr = c1 - c0;
            gnn_tensor_t *lg, *loss;
            if (s->kg) {
                GNN_CHECK(reserve(m, nr, nr * C));
                for (int64_t i = 0; i < nr; i++) {
                    s->qsrc[i] = src[c0 + i], s->qrel[i] = rel[c0 + i];
                    for (int64_t j = 0; j < C; j++) s->qidx[i * C + j] = i, s->cidx[i * C + j] = cand[(c0 + i) * C + j];
                }
                gnn_tape_reset(s->tp);
                GNN_CHECK(forward(m, g, nr, nr * C, 0, &lg));
            } else {
                const int sym = s->symmetric, pq = sym ? 2 : 1;
                const int64_t nq = nr * C * pq;
                GNN_CHECK(reserve(m, nq, nq));
                int64_t q = 0;
                for (int64_t i = 0; i < nr; i++)
                    for (int64_t j = 0; j < C; j++) {
                        const int64_t a = j ? cand[(c0 + i) * C + j] / N : src[c0 + i];
                        const int64_t b = j ? cand[(c0 + i) * C + j] % N : cand[(c0 + i) * C];
                        s->qsrc[q] = a, s->qrel[q] = 0, s->qidx[q] = q, s->cidx[q] = b, q++;
                        if (sym) s->qsrc[q] = b, s->qrel[q] = 0, s->qidx[q] = q, s->cidx[q] = a, q++;
                    }
                gnn_tape_reset(s->tp);
                GNN_CHECK(forward(m, g, nq, nq, sym, &lg));
            }
            /* self-adversarial weights (no gradient), scaled so that the
             * bce mean over the chunk gives its share of the batch loss */
            const float *x = gnn_tensor_data(lg);
            const double scale = (double)(nr * C) / (2.0 * (double)P);
            for (int64_t i = 0; i < nr; i++) {
                const float *xi = x + i * C;
                tgt[i * C] = 1.0f, wts[i * C] = (float)scale;
                double mx = -INFINITY, z = 0;
                if (r->adv > 0) {
                    for (int64_t j = 1; j < C; j++) mx = fmax(mx, xi[j] / r->adv);
                    for (int64_t j = 1; j < C; j++) z += exp(xi[j] / r->adv - mx);
                }
                for (int64_t j = 1; j < C; j++) {
                    tgt[i * C + j] = 0.0f;
                    const double w = r->adv > 0 ? exp(xi[j] / r->adv - mx) / z : 1.0 / (double)K;
                    wts[i * C + j] = (float)(w * scale);
                }
            }
            GNN_CHECK(gnn_bce_logits(s->tp, lg, tgt, wts, &loss));
            *loss_sum += (double)gnn_tensor_item(loss);
            GNN_CHECK(gnn_tape_backward(s->tp, loss));
        }
    }
fail:
    gnn_graph_destroy(&g);
    gnn_i_free(ctx, ra);
    gnn_i_free(ctx, rb);
    gnn_i_free(ctx, rr);
    gnn_i_free(ctx, cand);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, rel);
    gnn_i_free(ctx, headrow);
    gnn_i_free(ctx, tgt);
    gnn_i_free(ctx, wts);
    return status;
}

static gnn_status_t validate(gnn_model_t *m, run_t *r, const gnn_dataset_t *ds, int part, int64_t limit, double *metric,
                             int publish, const char *prefix) {
    gnn_status_t status = GNN_SUCCESS;
    nbf_t *s = m->state;
    char nm[64];
    if (s->kg) {
        double mr = 0, mrr = 0, h1 = 0, h3 = 0, h10 = 0;
        GNN_CHECK(eval_kg(m, r, ds, part, limit, &mr, &mrr, &h1, &h3, &h10));
        *metric = mrr;
        if (publish) {
            snprintf(nm, sizeof nm, "%s_mrr", prefix), gnn_i_model_set_metric(m, nm, mrr);
            snprintf(nm, sizeof nm, "%s_mr", prefix), gnn_i_model_set_metric(m, nm, mr);
            snprintf(nm, sizeof nm, "%s_hits@1", prefix), gnn_i_model_set_metric(m, nm, h1);
            snprintf(nm, sizeof nm, "%s_hits@3", prefix), gnn_i_model_set_metric(m, nm, h3);
            snprintf(nm, sizeof nm, "%s_hits@10", prefix), gnn_i_model_set_metric(m, nm, h10);
        }
    } else {
        double auc, ap, *sc = NULL;
        GNN_CHECK(eval_linkpred(m, r, ds, part, limit, &auc, &ap, publish && part == 2 ? &sc : NULL));
        *metric = auc;
        if (publish) {
            snprintf(nm, sizeof nm, "%s_auc", prefix), gnn_i_model_set_metric(m, nm, auc);
            snprintf(nm, sizeof nm, "%s_ap", prefix), gnn_i_model_set_metric(m, nm, ap);
        }
        if (sc) { /* outputs: the test pairs' scores, positives then negatives */
            int64_t np = ds->pair_count[2][1], nn = ds->pair_count[2][0];
            if (limit > 0 && np > limit) np = limit;
            if (limit > 0 && nn > limit) nn = limit;
            status = gnn_i_model_outputs(m, np + nn, 1);
            if (status >= 0)
                for (int64_t i = 0; i < np + nn; i++) m->outputs[i] = sc[i], m->assign[i] = i < np;
            gnn_i_free(m->ctx, sc);
        }
    }
fail:
    return status;
}

static gnn_status_t nbf_fit(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    nbf_t *s = m->state;
    run_t r = {0};
    gnn_optim_t *opt = NULL;
    gnn_opts_t *oo = NULL;
    int64_t *order = NULL;
    float *best = NULL;
    gnn_i_runstats_t rs = {0};
    const uint64_t seed0 = gnn_ctx_seed(ctx);
    GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "nbfnet: needs a dataset with one graph");
    s->N = ds->graphs[0]->n;
    GNN_CHECK(run_setup(m, ds, &r));
    const int has_valid = s->kg ? ds->triple_count[1] > 0 : ds->pair_count[1][1] > 0 && ds->pair_count[1][0] > 0;
    GNN_ARG_CHECK(ctx, s->kg ? ds->triple_count[2] > 0 : ds->pair_count[2][1] > 0 && ds->pair_count[2][0] > 0,
                  "nbfnet: no test %s", s->kg ? "triples" : "pairs (positive and negative)");
    const int64_t epochs = gnn_i_model_int(m, "epochs"), evals = gnn_i_model_int(m, "evals");
    const int64_t every = (epochs + evals - 1) / evals, runs = gnn_i_model_int(m, "runs");
    const int64_t B = gnn_i_model_int(m, "batch-size") * gnn_i_model_int(m, "batch-groups");
    const int64_t max_steps = gnn_i_model_int(m, "max-steps");
    const double tlimit = gnn_i_model_double(m, "time-limit");
    const int64_t vlim = gnn_i_model_int(m, "valid-limit"), tlim = gnn_i_model_int(m, "test-limit");
    const int64_t P = gnn_params_numel(m->ps), M = r.f.m;
    GNN_ALLOC(ctx, order, M);
    GNN_ALLOC(ctx, best, P);
    if (gnn_opts_create(&oo) != GNN_SUCCESS) {
        status = gnn_i_nomem(ctx, "options");
        goto fail;
    }
    gnn_opts_set_double(oo, "lr", gnn_i_model_double(m, "lr"));
    const double t0 = gnn_i_now();
    double train_time = 0;
    int64_t epochs_done = 0, steps_done = 0;
    for (int64_t run = 0; run < runs; run++) {
        gnn_ctx_set_seed(ctx, seed0 + (uint64_t)run);
        if (run > 0) GNN_CHECK(init_params(m)); /* fresh weights from this run's seed */
        GNN_CHECK(gnn_optim_create(ctx, m->ps, "adam", oo, &opt));
        gnn_rng_t rng;
        gnn_rng_init(&rng, gnn_ctx_seed(ctx), 0x6e6266, 1);
        double best_v = -INFINITY;
        int64_t best_epoch = 0;
        gnn_i_params_copy(m->ps, best, 1);
        int stop = 0;
        for (int64_t e = 0; e < epochs && !stop; e++) {
            const double te = gnn_i_now();
            for (int64_t i = 0; i < M; i++) order[i] = i;
            gnn_rng_shuffle(&rng, order, M);
            int64_t nsteps = (M + B - 1) / B;
            if (max_steps > 0 && nsteps > max_steps) nsteps = max_steps;
            double lsum = 0;
            for (int64_t st = 0; st < nsteps; st++) {
                const int64_t r0 = st * B, r1 = r0 + B < M ? r0 + B : M;
                double l = 0;
                gnn_optim_zero_grad(opt);
                GNN_CHECK(train_step(m, &r, order, r0, r1, &rng, &l));
                GNN_CHECK(gnn_optim_step(opt, NULL));
                lsum += l;
                steps_done++;
                if (!isfinite(l)) {
                    status = gnn_i_error(ctx, GNN_ENUMERIC, "nbfnet: the training loss became %g at epoch %lld step %lld", l,
                                         (long long)e + 1, (long long)st + 1);
                    goto fail;
                }
                gnn_i_progress(ctx, "step", (double)(e * nsteps + st + 1), (double)(epochs * nsteps));
                GNN_CHECK(gnn_i_poll(ctx));
                if (tlimit > 0 && gnn_i_now() - t0 > tlimit) {
                    stop = 1;
                    nsteps = st + 1;
                    break;
                }
            }
            train_time += gnn_i_now() - te;
            epochs_done++;
            double v = NAN;
            if ((e + 1) % every == 0 || e + 1 == epochs || stop) {
                if (has_valid) GNN_CHECK(validate(m, &r, ds, 1, vlim, &v, 0, "valid"));
                if (!has_valid || v > best_v) {
                    best_v = has_valid ? v : best_v;
                    best_epoch = e + 1;
                    gnn_i_params_copy(m->ps, best, 1);
                }
            }
            if (runs == 1) GNN_CHECK(gnn_i_model_history_add(m, e + 1, gnn_i_now() - t0, lsum / (double)nsteps, v));
        }
        gnn_i_params_copy(m->ps, best, 0);
        double tv;
        if (run == runs - 1) gnn_i_model_set_metric(m, "best_epoch", (double)best_epoch);
        GNN_CHECK(validate(m, &r, ds, 2, tlim, &tv, 1, "test"));
        for (int i = 0; i < m->nmetrics; i++)
            if (strncmp(m->metric_name[i], "test_", 5) == 0) GNN_CHECK(gnn_i_runstats_add(ctx, &rs, m->metric_name[i], m->metric[i]));
        if (has_valid) GNN_CHECK(gnn_i_runstats_add(ctx, &rs, s->kg ? "valid_mrr" : "valid_auc", best_v));
        gnn_optim_destroy(&opt);
    }
    gnn_i_runstats_publish(m, &rs, runs > 1);
    gnn_i_model_set_metric(m, "epochs_run", (double)epochs_done / (double)runs);
    gnn_i_model_set_metric(m, "steps_run", (double)steps_done / (double)runs);
    gnn_i_model_set_metric(m, "seconds_per_epoch", train_time / (double)epochs_done);
    gnn_i_model_set_metric(m, "seconds_per_step", train_time / (double)(steps_done > 0 ? steps_done : 1));
    gnn_i_model_set_metric(m, "queries_per_chunk", (double)chunk_queries(m, s->N, 1));
fail:
    gnn_ctx_set_seed(ctx, seed0);
    gnn_optim_destroy(&opt);
    gnn_opts_destroy(&oo);
    gnn_i_runstats_free(ctx, &rs);
    gnn_i_free(ctx, order);
    gnn_i_free(ctx, best);
    run_free(ctx, &r);
    return status;
}

static gnn_status_t nbf_predict(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    nbf_t *s = m->state;
    run_t r = {0};
    GNN_ARG_CHECK(m->ctx, ds->ngraphs == 1, "nbfnet: needs a dataset with one graph");
    s->N = ds->graphs[0]->n;
    GNN_CHECK(run_setup(m, ds, &r));
    double v;
    GNN_CHECK(validate(m, &r, ds, 2, gnn_i_model_int(m, "test-limit"), &v, 1, "test"));
fail:
    run_free(m->ctx, &r);
    return status;
}

/* Scores of k pairs on the message-passing graph of ds (graph 0: link
 * prediction: its edges, KG: its triples); rel may be NULL (relation 0). */
static gnn_status_t nbf_score(gnn_model_t *m, const gnn_dataset_t *ds, int64_t k, const int64_t *src, const int64_t *rel,
                              const int64_t *dst, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    nbf_t *s = m->state;
    const gnn_graph_t *g = ds->graphs[0];
    facts_t f = {g->n, 0, s->R, NULL, NULL, NULL};
    gnn_graph_t *mp = NULL;
    int64_t *rr = NULL;
    GNN_ALLOC(ctx, f.h, g->m + 1);
    GNN_ALLOC(ctx, f.t, g->m + 1);
    GNN_ALLOC(ctx, f.r, g->m + 1);
    GNN_ALLOC(ctx, rr, k + 1);
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            const int64_t v = g->out_idx[e], t = g->type ? g->type[e] : 0;
            if (!s->kg && (u == v || (!g->directed && u > v))) continue;
            if (s->kg && t >= s->R) {
                status = gnn_i_error(ctx, GNN_EINVAL, "nbfnet: the graph has relation %lld, the model knows %lld",
                                     (long long)t, (long long)s->R);
                goto fail;
            }
            f.h[f.m] = u, f.t[f.m] = v, f.r[f.m] = t, f.m++;
        }
    GNN_CHECK(build_graph(ctx, &f, s->kg, NULL, 0, &mp));
    for (int64_t i = 0; i < k; i++) {
        GNN_ARG_CHECK(ctx, src[i] >= 0 && src[i] < g->n && dst[i] >= 0 && dst[i] < g->n,
                      "nbfnet: pair %lld names a node outside 0..%lld", (long long)i, (long long)g->n - 1);
        rr[i] = rel ? rel[i] : 0;
        GNN_ARG_CHECK(ctx, rr[i] >= 0 && rr[i] < (s->kg ? 2 * s->R : 1), "nbfnet: pair %lld: relation %lld outside 0..%lld",
                      (long long)i, (long long)rr[i], (long long)(s->kg ? 2 * s->R : 1) - 1);
    }
    GNN_CHECK(score_pairs(m, mp, k, src, rr, dst, out));
fail:
    gnn_graph_destroy(&mp);
    gnn_i_free(ctx, f.h);
    gnn_i_free(ctx, f.t);
    gnn_i_free(ctx, f.r);
    gnn_i_free(ctx, rr);
    return status;
}

const gnn_model_impl_t gnn_i_model_nbfnet = {
    "nbfnet", "Neural Bellman-Ford network: link prediction and knowledge-graph completion", &gnn_i_group_model_nbfnet,
    nbf_build, nbf_fit, nbf_predict, nbf_free, nbf_score,
};
