/* walkpool.c: WalkPool link prediction (Pan, Shi and Dokmanic, ICLR 2022)
 * as ../shared/specs/walkpool.md and gnn_walkpool(3) describe.
 *
 * A candidate pair (i, j) is classified from its enclosing subgraph: the
 * k-hop neighbourhood of {i, j} in the observed graph (an optional cap of
 * nodes per hop, sampled once per pair: the stream depends on the seed and
 * the pair, not on the epoch), induced, with the link i - j present (G+).
 * A two-layer GCN on G+ gives Z = [X0; H1; H2]; two attention branches give
 * one logit per arc and head; gnn_walk_profile turns them into the
 * transition matrices of G+ and of G- (without the link) and records the
 * walk statistics of powers 2 .. tau+1; BatchNorm and a five-layer MLP
 * give the logit.  Subgraphs are extracted on the fly by a CSR BFS, one
 * thread per pair, and batched as one block-diagonal graph.
 *
 * Training: binary cross-entropy on the training positives and the fixed
 * training negatives (drawn once, seeded, when the data has none), Adam,
 * batches shuffled every epoch; after every epoch the validation AUC picks
 * the epoch whose test AUC/AP are reported (strict improvement). */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static const gnn_i_optspec_t wp_specs[] = {
    {"hops", "int", "2", 1, 16, "hops k of the enclosing subgraph (the paper: 2; Power: 3)"},
    {"max-nodes-per-hop", "int", "0", 0, 1e9, "nodes kept per hop, sampled once per pair (0: all; PB, E.coli: 100)"},
    {"walk-length", "int", "7", 1, 64, "tau: the powers 2 .. tau+1 of the transition matrices are recorded"},
    {"heads", "int", "2", 1, 64, "attention heads H"},
    {"hidden", "int", "32", 1, 4096, "width h of the GCN and of the attention"},
    {"init-dim", "int", "16", 1, 4096, "width of the all-ones node features used when the data has none"},
    {"dropout", "double", "0.5", 0, 0.99, "dropout in the GCN, the attention branches and the classifier"},
    {"lr", "double", "5e-5", 0, 1e3, "Adam learning rate"},
    {"batch-size", "int", "32", 2, 1 << 20, "subgraphs per step"},
    {"epochs", "int", "50", 1, 1e9, "training epochs"},
    {"valid-ratio", "double", "0.05", 0, 0.5,
     "share of the training positives and negatives held out for model selection when the data has no validation pairs"},
    {"observe-valid", "choice:auto|yes|no", "auto", 1, 0,
     "validation positives are edges of the observed graph (auto: yes without node features, no with them)"},
    {"train-limit", "int", "0", 0, 1e12, "training pairs used per epoch at most (0: all)"},
    {"drnl", "bool", "0", 1, 0, "double-radius node labels of the subgraph (on G-) as a learned embedding appended to X0"},
    {"drnl-max", "int", "64", 1, 1e6, "drnl: rows 0..drnl-max of the label embedding; larger labels share the last row"},
    {"runs", "int", "1", 1, 1000, "independent runs (seeds seed, seed+1, ...); metrics are their mean and std"},
};
const gnn_i_optgroup_t gnn_i_group_model_walkpool = {"model.walkpool", wp_specs,
                                                     (int64_t)(sizeof wp_specs / sizeof wp_specs[0])};

#define NCLS 5

typedef struct sub {
    int64_t n, m, cap_n, cap_p, cap_m;
    int64_t li, lj;    /* local ids of i and j */
    int64_t *nodes;    /* n global ids, ascending */
    int64_t *ptr;      /* n + 1 */
    int32_t *col;      /* m local targets (G+, both directions) */
} sub_t;

typedef struct wp {
    int64_t F0, h, H, tau, F, hops, cap;
    int has_feat;
    int drnl;
    int64_t zmax, zseen; /* drnl: the last row of the table, the largest label met */
    gnn_tensor_t *Ez;    /* drnl: (zmax + 1) x h */
    int64_t *zlab, *zd, cap_z, cap_zd; /* drnl: the batch's labels; BFS scratch (3 n) */
    float dropout;
    gnn_tensor_t *W1, *b1, *W2, *b2;
    gnn_linear_t *att[2][2]; /* [branch alpha/beta][layer] */
    gnn_tensor_t *bn_g, *bn_b, *bn_rm, *bn_rv;
    gnn_linear_t *cls[NCLS];
    gnn_tape_t *tp;
    /* the observed graph and features of the data in use */
    gnn_graph_t *gobs;
    float *X;          /* N x F0 */
    int64_t N;
    uint64_t pair_seed;
    /* per-batch scratch */
    sub_t *sub;
    int64_t cap_sub;
    int32_t *mark;     /* nth x N, -1 */
    int64_t *fr;       /* nth x 2N: frontier and next frontier */
    int nth;
    gnn_graph_t *gp, *ga; /* batch G+ and its normalised adjacency with self-loops */
    int64_t *node_off, *link, cap_b, cap_link;
    float *x0, *msum;
    int64_t cap_x0;
} wp_t;

static void wp_free(gnn_model_t *m) {
    wp_t *s = m->state;
    if (s == NULL) return;
    gnn_ctx_t *ctx = m->ctx;
    for (int a = 0; a < 2; a++)
        for (int l = 0; l < 2; l++) gnn_linear_destroy(&s->att[a][l]);
    for (int l = 0; l < NCLS; l++) gnn_linear_destroy(&s->cls[l]);
    gnn_tape_destroy(&s->tp);
    gnn_graph_destroy(&s->gobs);
    gnn_graph_destroy(&s->gp);
    gnn_graph_destroy(&s->ga);
    for (int64_t b = 0; b < s->cap_sub; b++) {
        gnn_i_free(ctx, s->sub[b].nodes);
        gnn_i_free(ctx, s->sub[b].ptr);
        gnn_i_free(ctx, s->sub[b].col);
    }
    gnn_i_free(ctx, s->sub);
    gnn_i_free(ctx, s->mark);
    gnn_i_free(ctx, s->fr);
    gnn_i_free(ctx, s->node_off);
    gnn_i_free(ctx, s->link);
    gnn_i_free(ctx, s->x0);
    gnn_i_free(ctx, s->zlab);
    gnn_i_free(ctx, s->zd);
    gnn_i_free(ctx, s->msum);
    gnn_i_free(ctx, s->X);
    gnn_i_free(ctx, s);
    m->state = NULL;
}

static gnn_status_t param(gnn_model_t *m, const char *name, int64_t r, int64_t c, gnn_tensor_t **t) {
    const int64_t shape[2] = {r, c};
    return gnn_params_add(m->ps, name, 2, shape, t);
}

/* GCN: Glorot weights, zero biases; attention and classifier: PyTorch's
 * Linear; BatchNorm (1, 0), running (0, 1) */
static gnn_status_t init_params(gnn_model_t *m) {
    gnn_status_t status = GNN_SUCCESS;
    wp_t *s = m->state;
    gnn_ctx_t *ctx = m->ctx;
    GNN_CHECK(gnn_tensor_init_glorot(ctx, s->W1, 10));
    GNN_CHECK(gnn_tensor_init_glorot(ctx, s->W2, 11));
    GNN_CHECK(gnn_tensor_fill(s->b1, 0.0f));
    GNN_CHECK(gnn_tensor_fill(s->b2, 0.0f));
    GNN_CHECK(gnn_tensor_fill(s->bn_g, 1.0f));
    GNN_CHECK(gnn_tensor_fill(s->bn_b, 0.0f));
    GNN_CHECK(gnn_tensor_fill(s->bn_rm, 0.0f));
    GNN_CHECK(gnn_tensor_fill(s->bn_rv, 1.0f));
    if (s->Ez) GNN_CHECK(gnn_tensor_init_normal(ctx, s->Ez, 0.0f, 1.0f, 12)); /* nn.Embedding: N(0, 1) */
    for (int64_t i = 0; i < gnn_params_count(m->ps); i++) {
        const char *name = gnn_params_name(m->ps, i);
        if (strncmp(name, "att", 3) != 0 && strncmp(name, "cls", 3) != 0) continue;
        gnn_tensor_t *p = gnn_params_get(m->ps, i);
        /* weight [in, out]: fan-in = rows; bias [1, out]: its layer's fan-in */
        int64_t fan = gnn_tensor_rows(p);
        if (strstr(name, ".bias")) {
            char wname[96];
            snprintf(wname, sizeof wname, "%.*sweight", (int)(strstr(name, ".bias") - name + 1), name);
            gnn_tensor_t *w = gnn_params_find(m->ps, wname);
            fan = w ? gnn_tensor_rows(w) : 1;
        }
        const float a = 1.0f / sqrtf((float)fan);
        GNN_CHECK(gnn_tensor_init_uniform(ctx, p, -a, a, 100 + (uint64_t)i));
    }
fail:
    return status;
}

static gnn_status_t wp_build(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    wp_t *s = NULL;
    GNN_CALLOC(ctx, s, 1);
    m->state = s;
    if (ds != NULL) {
        GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "walkpool: needs a dataset with one graph");
        s->has_feat = ds->features != NULL;
        s->F0 = s->has_feat ? ds->feat_dim : gnn_i_model_int(m, "init-dim");
        gnn_opts_set_int(m->meta, "in-dim", s->F0);
        gnn_opts_set_int(m->meta, "features", s->has_feat);
    } else {
        s->F0 = gnn_i_model_meta_int(m, "in-dim");
        s->has_feat = gnn_i_model_meta_int(m, "features") == 1;
        if (s->F0 <= 0) {
            status = gnn_i_error(ctx, GNN_EFORMAT, "walkpool: the checkpoint lacks the input width");
            goto fail;
        }
    }
    s->h = gnn_i_model_int(m, "hidden");
    s->H = gnn_i_model_int(m, "heads");
    s->tau = gnn_i_model_int(m, "walk-length");
    s->hops = gnn_i_model_int(m, "hops");
    s->cap = gnn_i_model_int(m, "max-nodes-per-hop");
    s->dropout = (float)gnn_i_model_double(m, "dropout");
    s->F = gnn_walk_profile_dim(s->H, s->tau);
    s->drnl = (int)gnn_i_model_int(m, "drnl");
    s->zmax = gnn_i_model_int(m, "drnl-max");
    const int64_t h = s->h, H = s->H, F = s->F, Fin = s->F0 + (s->drnl ? h : 0), Z = Fin + 2 * h;
    if (s->drnl) GNN_CHECK(param(m, "drnl.embedding", s->zmax + 1, h, &s->Ez));
    GNN_CHECK(param(m, "gcn1.weight", Fin, h, &s->W1));
    GNN_CHECK(param(m, "gcn1.bias", 1, h, &s->b1));
    GNN_CHECK(param(m, "gcn2.weight", h, h, &s->W2));
    GNN_CHECK(param(m, "gcn2.bias", 1, h, &s->b2));
    static const char *br[2] = {"att_src", "att_dst"};
    for (int a = 0; a < 2; a++) {
        char name[64];
        snprintf(name, sizeof name, "%s.0", br[a]);
        GNN_CHECK(gnn_linear_create(ctx, m->ps, name, Z, h, 1, &s->att[a][0]));
        snprintf(name, sizeof name, "%s.1", br[a]);
        GNN_CHECK(gnn_linear_create(ctx, m->ps, name, h, H * h, 1, &s->att[a][1]));
    }
    {
        const int64_t shape[1] = {F};
        GNN_CHECK(gnn_params_add(m->ps, "bn.weight", 1, shape, &s->bn_g));
        GNN_CHECK(gnn_params_add(m->ps, "bn.bias", 1, shape, &s->bn_b));
        GNN_CHECK(gnn_params_add(m->ps, "bn.running_mean", 1, shape, &s->bn_rm));
        GNN_CHECK(gnn_params_add(m->ps, "bn.running_var", 1, shape, &s->bn_rv));
        gnn_tensor_set_requires_grad(s->bn_rm, 0);
        gnn_tensor_set_requires_grad(s->bn_rv, 0);
    }
    const int64_t dims[NCLS + 1] = {F, 20 * F, 20 * F, 10 * F, F, 1};
    for (int l = 0; l < NCLS; l++) {
        char name[64];
        snprintf(name, sizeof name, "cls.%d", l);
        GNN_CHECK(gnn_linear_create(ctx, m->ps, name, dims[l], dims[l + 1], 1, &s->cls[l]));
    }
    GNN_CHECK(init_params(m));
    /* the per-head sum of the bilinear products, scaled by 1/sqrt(h) */
    GNN_CALLOC(ctx, s->msum, H * h * H);
    for (int64_t c = 0; c < H; c++)
        for (int64_t k = 0; k < h; k++) s->msum[(c * h + k) * H + c] = 1.0f / sqrtf((float)h);
    GNN_CHECK(gnn_tape_create(ctx, &s->tp));
    return GNN_SUCCESS;
fail:
    wp_free(m);
    return status;
}

/* ------------------------------------------------------------ the data */

static uint64_t pkey(int64_t a, int64_t b, int64_t N) {
    if (a > b) {
        const int64_t t = a;
        a = b, b = t;
    }
    return (uint64_t)a * (uint64_t)N + (uint64_t)b;
}

/* the observed graph: k undirected edges (both directions, loops and
 * repeats dropped) over N nodes, and the node features of ds */
static gnn_status_t set_data(gnn_model_t *m, const gnn_dataset_t *ds, int64_t k, const int64_t *a, const int64_t *b) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    wp_t *s = m->state;
    int32_t *src = NULL, *dst = NULL;
    const int64_t N = ds->graphs[0]->n;
    GNN_ARG_CHECK(ctx, N < INT32_MAX, "walkpool: %lld nodes exceed the 32-bit index", (long long)N);
    gnn_graph_destroy(&s->gobs);
    GNN_ALLOC(ctx, src, 2 * k + 1);
    GNN_ALLOC(ctx, dst, 2 * k + 1);
    int64_t e = 0;
    for (int64_t i = 0; i < k; i++) {
        if (a[i] == b[i]) continue;
        src[e] = (int32_t)a[i], dst[e] = (int32_t)b[i], e++;
        src[e] = (int32_t)b[i], dst[e] = (int32_t)a[i], e++;
    }
    GNN_CHECK(gnn_i_graph_build32(ctx, N, e, src, dst, NULL, NULL, 0, GNN_DIRECTED | GNN_DUP_FIRST, NULL, NULL, &s->gobs));
    if (s->has_feat) {
        GNN_ARG_CHECK(ctx, ds->features != NULL && ds->feat_dim == s->F0,
                      "walkpool: the model takes %lld node features, the data has %lld", (long long)s->F0,
                      (long long)(ds->features ? ds->feat_dim : 0));
        GNN_ARG_CHECK(ctx, ds->feat_rows == N, "walkpool: %lld feature rows for %lld nodes", (long long)ds->feat_rows,
                      (long long)N);
    }
    gnn_i_free(ctx, s->X);
    s->X = NULL;
    GNN_ALLOC(ctx, s->X, N * s->F0);
    for (int64_t i = 0; i < N * s->F0; i++) s->X[i] = s->has_feat ? ds->features[i] : 1.0f;
    if (s->N != N || s->mark == NULL) {
        s->nth = gnn_i_threads(ctx, 1 << 20, 1);
        gnn_i_free(ctx, s->mark);
        gnn_i_free(ctx, s->fr);
        s->mark = NULL, s->fr = NULL;
        GNN_ALLOC(ctx, s->mark, (int64_t)s->nth * N);
        GNN_ALLOC(ctx, s->fr, (int64_t)s->nth * 2 * N);
        for (int64_t i = 0; i < (int64_t)s->nth * N; i++) s->mark[i] = -1;
    }
    s->N = N;
    s->pair_seed = gnn_ctx_seed(ctx);
fail:
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    return status;
}

static int cmp_i64(const void *a, const void *b) {
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The enclosing subgraph of (i, j), with the link, into sb.  mark (N
 * entries, all -1 on entry and on return) and fr (2N) are the thread's. */
static int extract(gnn_ctx_t *ctx, const wp_t *s, int64_t i, int64_t j, sub_t *sb, int32_t *mark, int64_t *fr) {
    const gnn_graph_t *g = s->gobs;
    int64_t n = 0, *cur = fr, *nxt = fr + s->N, nc = 0;
    if (gnn_i_grow(ctx, (void **)&sb->nodes, &sb->cap_n, 2, sizeof(int64_t))) return -1;
    sb->nodes[n++] = i, sb->nodes[n++] = j;
    mark[i] = mark[j] = 0;
    cur[nc++] = i, cur[nc++] = j;
    for (int64_t hop = 0; hop < s->hops && nc > 0; hop++) {
        int64_t nn = 0;
        for (int64_t f = 0; f < nc; f++)
            for (int64_t e = g->out_ptr[cur[f]]; e < g->out_ptr[cur[f] + 1]; e++) {
                const int32_t y = g->out_idx[e];
                if (mark[y] >= 0) continue;
                mark[y] = 0;
                nxt[nn++] = y;
            }
        if (s->cap > 0 && nn > s->cap) {
            /* a uniform subset of cap, drawn from the pair's own stream */
            gnn_rng_t rng;
            gnn_rng_init(&rng, s->pair_seed, 0x77706b00u + (uint64_t)hop, pkey(i, j, s->N));
            qsort(nxt, (size_t)nn, sizeof *nxt, cmp_i64); /* independent of the CSR order */
            for (int64_t t = 0; t < s->cap; t++) {
                const int64_t r = t + (int64_t)gnn_rng_below(&rng, (uint64_t)(nn - t));
                const int64_t x = nxt[t];
                nxt[t] = nxt[r], nxt[r] = x;
            }
            for (int64_t t = s->cap; t < nn; t++) mark[nxt[t]] = -1;
            nn = s->cap;
        }
        if (gnn_i_grow(ctx, (void **)&sb->nodes, &sb->cap_n, n + nn, sizeof(int64_t))) {
            /* leave the marks clean for the thread's next pair */
            for (int64_t t = 0; t < n; t++) mark[sb->nodes[t]] = -1;
            for (int64_t t = 0; t < nn; t++) mark[nxt[t]] = -1;
            return -1;
        }
        memcpy(sb->nodes + n, nxt, sizeof(int64_t) * (size_t)nn);
        n += nn;
        int64_t *t = cur;
        cur = nxt, nxt = t;
        nc = nn;
    }
    qsort(sb->nodes, (size_t)n, sizeof(int64_t), cmp_i64);
    for (int64_t t = 0; t < n; t++) mark[sb->nodes[t]] = (int32_t)t;
    sb->n = n;
    sb->li = mark[i], sb->lj = mark[j];
    if (gnn_i_grow(ctx, (void **)&sb->ptr, &sb->cap_p, n + 1, sizeof(int64_t))) goto nomem;
    int64_t m = 0;
    sb->ptr[0] = 0;
    for (int64_t t = 0; t < n; t++) {
        const int64_t x = sb->nodes[t];
        const int64_t deg = g->out_ptr[x + 1] - g->out_ptr[x];
        if (gnn_i_grow(ctx, (void **)&sb->col, &sb->cap_m, m + deg + 1, sizeof(int32_t))) goto nomem;
        const int64_t m0 = m;
        int have = 0;
        const int64_t want = t == sb->li ? sb->lj : t == sb->lj ? sb->li : -1;
        for (int64_t e = g->out_ptr[x]; e < g->out_ptr[x + 1]; e++) {
            const int32_t y = mark[g->out_idx[e]];
            if (y < 0) continue;
            sb->col[m++] = y;
            have |= y == want;
        }
        if (want >= 0 && !have) sb->col[m++] = (int32_t)want;
        /* ascending local targets (insertion sort: rows are short and mostly sorted) */
        for (int64_t a = m0 + 1; a < m; a++) {
            const int32_t v = sb->col[a];
            int64_t b = a;
            while (b > m0 && sb->col[b - 1] > v) sb->col[b] = sb->col[b - 1], b--;
            sb->col[b] = v;
        }
        sb->ptr[t + 1] = m;
    }
    sb->m = m;
    for (int64_t t = 0; t < n; t++) mark[sb->nodes[t]] = -1;
    return 0;
nomem:
    for (int64_t t = 0; t < n; t++) mark[sb->nodes[t]] = -1;
    return -1;
}

/* BFS distances over subgraph sb's G- from src with node del removed (the
 * link arcs lead to or from del, so they are gone with it); -1 unreached */
static void sub_bfs(const sub_t *sb, int64_t src, int64_t del, int64_t *dist, int64_t *queue) {
    for (int64_t t = 0; t < sb->n; t++) dist[t] = -1;
    int64_t head = 0, tail = 0;
    dist[src] = 0;
    queue[tail++] = src;
    while (head < tail) {
        const int64_t x = queue[head++];
        for (int64_t q = sb->ptr[x]; q < sb->ptr[x + 1]; q++) {
            const int64_t y = sb->col[q];
            if (y == del || dist[y] >= 0) continue;
            dist[y] = dist[x] + 1;
            queue[tail++] = y;
        }
    }
}

/* The double-radius node labels of subgraph sb (walkpool.md 3.3): the
 * endpoints 1, an unreachable node 0, otherwise
 * 1 + min(di, dj) + (D/2) (D/2 + D%2 - 1) with D = di + dj, di the distance
 * from i with j removed (and the other way round).  scratch: 3 n. */
void gnn_i_drnl_labels(int64_t n, const int64_t *ptr, const int32_t *col, int64_t li, int64_t lj, int64_t *z,
                       int64_t *scratch) {
    sub_t sb;
    memset(&sb, 0, sizeof sb);
    sb.n = n, sb.li = li, sb.lj = lj;
    sb.ptr = (int64_t *)ptr;
    sb.col = (int32_t *)col;
    int64_t *di = scratch, *dj = scratch + n, *queue = scratch + 2 * n;
    sub_bfs(&sb, li, lj, di, queue);
    sub_bfs(&sb, lj, li, dj, queue);
    for (int64_t t = 0; t < n; t++) {
        if (t == li || t == lj) {
            z[t] = 1;
        } else if (di[t] < 0 || dj[t] < 0) {
            z[t] = 0;
        } else {
            const int64_t D = di[t] + dj[t], half = D / 2;
            z[t] = 1 + (di[t] < dj[t] ? di[t] : dj[t]) + half * (half + D % 2 - 1);
        }
    }
}

/* Extract the k pairs' subgraphs (in parallel) and assemble the batch:
 * G+ (block diagonal), its GCN adjacency, node offsets, link arcs, X0. */
static gnn_status_t make_batch(gnn_model_t *m, int64_t k, const int64_t *u, const int64_t *v) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    wp_t *s = m->state;
    if (k > s->cap_sub) {
        sub_t *ns = gnn_i_realloc_n(ctx, s->sub, (size_t)k, sizeof *ns);
        if (ns == NULL) return gnn_i_nomem(ctx, "walkpool subgraphs");
        memset(ns + s->cap_sub, 0, sizeof *ns * (size_t)(k - s->cap_sub));
        s->sub = ns;
        s->cap_sub = k;
    }
    if (gnn_i_grow(ctx, (void **)&s->node_off, &s->cap_b, k + 1, sizeof(int64_t))) return gnn_i_nomem(ctx, "walkpool batch");
    if (gnn_i_grow(ctx, (void **)&s->link, &s->cap_link, 2 * k, sizeof(int64_t))) return gnn_i_nomem(ctx, "walkpool batch");
    int fails = 0;
    for (int64_t b = 0; b < k; b++)
        if (u[b] < 0 || u[b] >= s->N || v[b] < 0 || v[b] >= s->N || u[b] == v[b])
            return gnn_i_error(ctx, GNN_EINVAL, "walkpool: pair %lld (%lld, %lld) is not two distinct nodes of the %lld", (long long)b,
                               (long long)u[b], (long long)v[b], (long long)s->N);
#pragma omp parallel for schedule(dynamic, 1) num_threads(s->nth) reduction(+ : fails)
    for (int64_t b = 0; b < k; b++) {
#ifdef _OPENMP
        const int t = omp_get_thread_num();
#else
        const int t = 0;
#endif
        fails += extract(ctx, s, u[b], v[b], &s->sub[b], s->mark + (int64_t)t * s->N, s->fr + (int64_t)t * 2 * s->N) != 0;
    }
    if (fails) return gnn_i_nomem(ctx, "walkpool subgraphs");
    int64_t n = 0, mm = 0;
    s->node_off[0] = 0;
    for (int64_t b = 0; b < k; b++) {
        n += s->sub[b].n, mm += s->sub[b].m;
        s->node_off[b + 1] = n;
    }
    GNN_ARG_CHECK(ctx, n < INT32_MAX && mm + n < INT32_MAX, "walkpool: a batch of %lld nodes and %lld arcs is too large", (long long)n,
                  (long long)mm);
    /* the batch graphs keep their arrays from batch to batch */
    if (s->gp == NULL) GNN_CHECK(gnn_i_graph_alloc(ctx, n, mm, 0, 0, &s->gp));
    else GNN_CHECK(gnn_i_graph_resize(ctx, s->gp, n, mm));
    if (s->ga == NULL) GNN_CHECK(gnn_i_graph_alloc(ctx, n, mm + n, 1, 0, &s->ga));
    else GNN_CHECK(gnn_i_graph_resize(ctx, s->ga, n, mm + n));
    {
        gnn_graph_t *gp = s->gp, *ga = s->ga;
        int64_t e = 0, ea = 0;
        for (int64_t b = 0; b < k; b++) {
            const sub_t *sb = &s->sub[b];
            const int64_t base = s->node_off[b];
            for (int64_t t = 0; t < sb->n; t++) {
                const double dt = 1.0 + (double)(sb->ptr[t + 1] - sb->ptr[t]);
                int self = 0;
                for (int64_t q = sb->ptr[t]; q < sb->ptr[t + 1]; q++) {
                    const int32_t y = sb->col[q];
                    if (t == sb->li && y == sb->lj) s->link[2 * b] = e;
                    if (t == sb->lj && y == sb->li) s->link[2 * b + 1] = e;
                    gp->out_idx[e++] = (int32_t)(base + y);
                    if (!self && y > t) { /* the self-loop in its sorted place */
                        ga->out_idx[ea] = (int32_t)(base + t), ga->weight[ea++] = (float)(1.0 / dt);
                        self = 1;
                    }
                    const double dy = 1.0 + (double)(sb->ptr[y + 1] - sb->ptr[y]);
                    ga->out_idx[ea] = (int32_t)(base + y), ga->weight[ea++] = (float)(1.0 / sqrt(dt * dy));
                }
                if (!self) ga->out_idx[ea] = (int32_t)(base + t), ga->weight[ea++] = (float)(1.0 / dt);
                gp->out_ptr[base + t + 1] = e;
                ga->out_ptr[base + t + 1] = ea;
            }
        }
        GNN_CHECK(gnn_i_graph_build_in(ctx, gp));
        GNN_CHECK(gnn_i_graph_build_in(ctx, ga));
    }
    if (gnn_i_grow(ctx, (void **)&s->x0, &s->cap_x0, n * s->F0, sizeof(float))) return gnn_i_nomem(ctx, "walkpool features");
    for (int64_t b = 0; b < k; b++) {
        const sub_t *sb = &s->sub[b];
        for (int64_t t = 0; t < sb->n; t++)
            memcpy(s->x0 + (s->node_off[b] + t) * s->F0, s->X + sb->nodes[t] * s->F0, sizeof(float) * (size_t)s->F0);
    }
    if (s->drnl) {
        int64_t nmax = 1;
        for (int64_t b = 0; b < k; b++)
            if (s->sub[b].n > nmax) nmax = s->sub[b].n;
        if (gnn_i_grow(ctx, (void **)&s->zlab, &s->cap_z, n > 3 * nmax ? n : 3 * nmax, sizeof(int64_t)))
            return gnn_i_nomem(ctx, "walkpool labels");
        if (gnn_i_grow(ctx, (void **)&s->zd, &s->cap_zd, 3 * nmax, sizeof(int64_t))) return gnn_i_nomem(ctx, "walkpool labels");
        for (int64_t b = 0; b < k; b++) {
            int64_t *z = s->zlab + s->node_off[b];
            const sub_t *sb = &s->sub[b];
            gnn_i_drnl_labels(sb->n, sb->ptr, sb->col, sb->li, sb->lj, z, s->zd);
            for (int64_t t = 0; t < s->sub[b].n; t++) {
                if (z[t] > s->zseen) s->zseen = z[t];
                if (z[t] > s->zmax) z[t] = s->zmax;
            }
        }
    }
fail:
    return status;
}

/* logits [k, 1] of the batch made by make_batch */
static gnn_status_t forward(gnn_model_t *m, int64_t k, gnn_tensor_t **logit, gnn_tensor_t **profile) {
    gnn_status_t status = GNN_SUCCESS;
    wp_t *s = m->state;
    gnn_tape_t *tp = s->tp;
    const int64_t n = s->gp->n;
    gnn_tensor_t *x0, *t, *h1, *h2, *z, *ab[2], *ms, *sc, *wp, *y;
    {
        const int64_t shape[2] = {n, s->F0}, ms_shape[2] = {s->H * s->h, s->H};
        GNN_CHECK(gnn_tensor_from_data(tp, 2, shape, s->x0, &x0));
        GNN_CHECK(gnn_tensor_from_data(tp, 2, ms_shape, s->msum, &ms));
    }
    if (s->drnl) { /* X0 <- [X0 ; Emb_z(label)] */
        gnn_tensor_t *parts[2] = {x0, NULL};
        GNN_CHECK(gnn_gather_rows(tp, s->Ez, s->zlab, n, &parts[1]));
        GNN_CHECK(gnn_concat(tp, 2, parts, 1, &x0));
    }
    GNN_CHECK(gnn_matmul(tp, x0, s->W1, 0, 0, &t));
    GNN_CHECK(gnn_spmm(tp, s->ga, GNN_OUT, 1, t, &h1));
    GNN_CHECK(gnn_add(tp, h1, s->b1, &h1));
    GNN_CHECK(gnn_relu(tp, h1, &t));
    if (s->dropout > 0) GNN_CHECK(gnn_dropout(tp, t, s->dropout, 1, &t));
    GNN_CHECK(gnn_matmul(tp, t, s->W2, 0, 0, &t));
    GNN_CHECK(gnn_spmm(tp, s->ga, GNN_OUT, 1, t, &h2));
    GNN_CHECK(gnn_add(tp, h2, s->b2, &h2));
    {
        gnn_tensor_t *parts[3] = {x0, h1, h2};
        GNN_CHECK(gnn_concat(tp, 3, parts, 1, &z));
    }
    for (int a = 0; a < 2; a++) {
        GNN_CHECK(gnn_linear_forward(tp, s->att[a][0], z, &t));
        GNN_CHECK(gnn_leaky_relu(tp, t, 0.2f, &t));
        if (s->dropout > 0) GNN_CHECK(gnn_dropout(tp, t, s->dropout, 2 + (uint64_t)a, &t));
        GNN_CHECK(gnn_linear_forward(tp, s->att[a][1], t, &ab[a]));
    }
    GNN_CHECK(gnn_gather_src(tp, s->gp, ab[0], &ab[0]));
    GNN_CHECK(gnn_gather_dst(tp, s->gp, ab[1], &ab[1]));
    GNN_CHECK(gnn_mul(tp, ab[0], ab[1], &t));
    GNN_CHECK(gnn_matmul(tp, t, ms, 0, 0, &sc));
    GNN_CHECK(gnn_walk_profile(tp, s->gp, sc, k, s->node_off, s->link, s->tau, &wp));
    if (profile) *profile = wp;
    GNN_CHECK(gnn_batch_norm(tp, wp, s->bn_g, s->bn_b, s->bn_rm, s->bn_rv, 0.1f, 1e-5f, &y));
    for (int l = 0; l < NCLS; l++) {
        if (l == NCLS - 1 && s->dropout > 0) GNN_CHECK(gnn_dropout(tp, y, s->dropout, 4, &y));
        GNN_CHECK(gnn_linear_forward(tp, s->cls[l], y, &y));
        if (l < NCLS - 1) GNN_CHECK(gnn_relu(tp, y, &y));
    }
    *logit = y;
fail:
    return status;
}

/* evaluation logits of k pairs, in batches */
static gnn_status_t score_pairs(gnn_model_t *m, int64_t k, const int64_t *u, const int64_t *v, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    wp_t *s = m->state;
    const int64_t B = 2 * gnn_i_model_int(m, "batch-size");
    gnn_tape_set_training(s->tp, 0);
    gnn_tape_set_grad_enabled(s->tp, 0);
    for (int64_t r0 = 0; r0 < k; r0 += B) {
        const int64_t nb = r0 + B < k ? B : k - r0;
        gnn_tensor_t *lg;
        gnn_tape_reset(s->tp);
        GNN_CHECK(make_batch(m, nb, u + r0, v + r0));
        GNN_CHECK(forward(m, nb, &lg, NULL));
        for (int64_t i = 0; i < nb; i++) out[r0 + i] = gnn_tensor_data(lg)[i];
        GNN_CHECK(gnn_i_poll(m->ctx));
    }
fail:
    gnn_tape_set_grad_enabled(s->tp, 1);
    gnn_tape_set_training(s->tp, 1);
    return status;
}

/* pairs of one kind: positives then negatives, with labels */
typedef struct pairs {
    int64_t k, np;
    int64_t *u, *v;
    int8_t *lab;
} pairs_t;

static void pairs_free(gnn_ctx_t *ctx, pairs_t *p) {
    gnn_i_free(ctx, p->u);
    gnn_i_free(ctx, p->v);
    gnn_i_free(ctx, p->lab);
    memset(p, 0, sizeof *p);
}

static gnn_status_t pairs_alloc(gnn_ctx_t *ctx, pairs_t *p, int64_t k) {
    gnn_status_t status = GNN_SUCCESS;
    GNN_ALLOC(ctx, p->u, k + 1);
    GNN_ALLOC(ctx, p->v, k + 1);
    GNN_ALLOC(ctx, p->lab, k + 1);
fail:
    return status;
}

/* the pairs of part (0 train, 1 valid, 2 test) of ds: positives, then negatives */
static gnn_status_t pairs_of_part(gnn_ctx_t *ctx, const gnn_dataset_t *ds, int part, pairs_t *p) {
    const int64_t a = ds->pair_count[part][1], b = ds->pair_count[part][0];
    gnn_status_t st = pairs_alloc(ctx, p, a + b);
    if (st < 0) return st;
    for (int64_t i = 0; i < a; i++) p->u[p->k] = ds->pair_src[part][1][i], p->v[p->k] = ds->pair_dst[part][1][i], p->lab[p->k++] = 1;
    p->np = a;
    for (int64_t i = 0; i < b; i++) p->u[p->k] = ds->pair_src[part][0][i], p->v[p->k] = ds->pair_dst[part][0][i], p->lab[p->k++] = 0;
    return GNN_SUCCESS;
}

static gnn_status_t eval_pairs(gnn_model_t *m, const pairs_t *p, double *sc, double *auc, double *ap) {
    gnn_status_t st = score_pairs(m, p->k, p->u, p->v, sc);
    if (st < 0) return st;
    return gnn_auroc_ap(m->ctx, sc, p->lab, p->k, auc, ap);
}

/* Fisher-Yates over the pairs (u[i], v[i]) */
static void shuffle_pairs(gnn_rng_t *rng, int64_t *u, int64_t *v, int64_t k) {
    for (int64_t i = k - 1; i > 0; i--) {
        const int64_t j = (int64_t)gnn_rng_below(rng, (uint64_t)i + 1), a = u[i], b = v[i];
        u[i] = u[j], v[i] = v[j], u[j] = a, v[j] = b;
    }
}

/* Training, validation and test pairs of ds; validation carved out of the
 * training lists (seeded) when ds has none; training negatives drawn when
 * ds has none (uniform pairs that are not training positives). */
static gnn_status_t make_splits(gnn_model_t *m, const gnn_dataset_t *ds, pairs_t *tr, pairs_t *va, pairs_t *te,
                                int *observe_valid) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    wp_t *s = m->state;
    const int64_t N = ds->graphs[0]->n;
    gnn_i_u64set_t known = {0};
    int64_t *pu = NULL, *pv = NULL, *nu = NULL, *nv = NULL;
    int64_t np = ds->pair_count[0][1], nn = ds->pair_count[0][0];
    GNN_ARG_CHECK(ctx, np > 0, "walkpool: no training pairs (--split or --split-dir)");
    GNN_ARG_CHECK(ctx, ds->pair_count[2][1] > 0 && ds->pair_count[2][0] > 0, "walkpool: no test pairs (positive and negative)");
    GNN_ARG_CHECK(ctx, N >= 3, "walkpool: the graph has %lld nodes", (long long)N);
    gnn_rng_t rng;
    gnn_rng_init(&rng, gnn_ctx_seed(ctx), 0x77705350u, 0);
    GNN_ALLOC(ctx, pu, np);
    GNN_ALLOC(ctx, pv, np);
    memcpy(pu, ds->pair_src[0][1], sizeof(int64_t) * (size_t)np);
    memcpy(pv, ds->pair_dst[0][1], sizeof(int64_t) * (size_t)np);
    if (nn == 0) {
        /* practical negatives: as many uniform pairs as positives, none a
         * training positive */
        GNN_CHECK(gnn_i_u64set_init(ctx, &known, (uint64_t)np));
        for (int64_t i = 0; i < np; i++) gnn_i_u64set_add(&known, pkey(pu[i], pv[i], N));
        const double space = (double)N * (double)(N - 1) / 2;
        GNN_ARG_CHECK(ctx, space - (double)np >= (double)np, "walkpool: the graph is too dense to draw training negatives");
        nn = np;
        GNN_ALLOC(ctx, nu, nn);
        GNN_ALLOC(ctx, nv, nn);
        for (int64_t i = 0; i < nn;) {
            const int64_t a = (int64_t)gnn_rng_below(&rng, (uint64_t)N), b = (int64_t)gnn_rng_below(&rng, (uint64_t)N);
            if (a == b || gnn_i_u64set_has(&known, pkey(a, b, N))) continue;
            nu[i] = a < b ? a : b, nv[i] = a < b ? b : a, i++;
        }
    } else {
        GNN_ALLOC(ctx, nu, nn);
        GNN_ALLOC(ctx, nv, nn);
        memcpy(nu, ds->pair_src[0][0], sizeof(int64_t) * (size_t)nn);
        memcpy(nv, ds->pair_dst[0][0], sizeof(int64_t) * (size_t)nn);
    }
    const int has_valid = ds->pair_count[1][1] > 0 && ds->pair_count[1][0] > 0;
    int64_t vp = 0, vn = 0;
    if (!has_valid) {
        /* a seeded shuffle of both lists; the first parts validate */
        const double r = gnn_i_model_double(m, "valid-ratio");
        vp = (int64_t)floor(r * (double)np), vn = (int64_t)floor(r * (double)nn);
        shuffle_pairs(&rng, pu, pv, np);
        shuffle_pairs(&rng, nu, nv, nn);
    }
    GNN_CHECK(pairs_alloc(ctx, tr, np - vp + nn - vn));
    for (int64_t i = vp; i < np; i++) tr->u[tr->k] = pu[i], tr->v[tr->k] = pv[i], tr->lab[tr->k++] = 1;
    tr->np = tr->k;
    for (int64_t i = vn; i < nn; i++) tr->u[tr->k] = nu[i], tr->v[tr->k] = nv[i], tr->lab[tr->k++] = 0;
    if (has_valid) {
        GNN_CHECK(pairs_of_part(ctx, ds, 1, va));
    } else if (vp > 0 && vn > 0) {
        GNN_CHECK(pairs_alloc(ctx, va, vp + vn));
        for (int64_t i = 0; i < vp; i++) va->u[va->k] = pu[i], va->v[va->k] = pv[i], va->lab[va->k++] = 1;
        va->np = vp;
        for (int64_t i = 0; i < vn; i++) va->u[va->k] = nu[i], va->v[va->k] = nv[i], va->lab[va->k++] = 0;
    }
    GNN_CHECK(pairs_of_part(ctx, ds, 2, te));
    const int ov = gnn_i_model_choice(m, "observe-valid");
    *observe_valid = ov == 1 || (ov == 0 && !s->has_feat);
fail:
    gnn_i_u64set_free(ctx, &known);
    gnn_i_free(ctx, pu);
    gnn_i_free(ctx, pv);
    gnn_i_free(ctx, nu);
    gnn_i_free(ctx, nv);
    return status;
}

static gnn_status_t wp_fit(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    wp_t *s = m->state;
    pairs_t tr = {0}, va = {0}, te = {0};
    gnn_optim_t *opt = NULL;
    gnn_opts_t *oo = NULL;
    int64_t *order = NULL, *bu = NULL, *bv = NULL, *ou = NULL, *ov_ = NULL;
    float *tgt = NULL, *best = NULL;
    double *vsc = NULL, *tsc = NULL, *best_tsc = NULL;
    gnn_i_runstats_t rs = {0};
    const uint64_t seed0 = gnn_ctx_seed(ctx);
    int observe = 0;
    GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "walkpool: needs a dataset with one graph");
    GNN_CHECK(make_splits(m, ds, &tr, &va, &te, &observe));
    /* the observed graph: training positives (and validation positives) */
    {
        const int64_t k = tr.np + (observe ? va.np : 0);
        GNN_ALLOC(ctx, ou, k + 1);
        GNN_ALLOC(ctx, ov_, k + 1);
        memcpy(ou, tr.u, sizeof(int64_t) * (size_t)tr.np);
        memcpy(ov_, tr.v, sizeof(int64_t) * (size_t)tr.np);
        if (observe && va.np) {
            memcpy(ou + tr.np, va.u, sizeof(int64_t) * (size_t)va.np);
            memcpy(ov_ + tr.np, va.v, sizeof(int64_t) * (size_t)va.np);
        }
        GNN_CHECK(set_data(m, ds, k, ou, ov_));
    }
    const int64_t epochs = gnn_i_model_int(m, "epochs"), runs = gnn_i_model_int(m, "runs");
    const int64_t B = gnn_i_model_int(m, "batch-size"), limit = gnn_i_model_int(m, "train-limit");
    const int64_t M = limit > 0 && limit < tr.k ? limit : tr.k, P = gnn_params_numel(m->ps);
    GNN_ALLOC(ctx, order, tr.k);
    GNN_ALLOC(ctx, bu, B);
    GNN_ALLOC(ctx, bv, B);
    GNN_ALLOC(ctx, tgt, B);
    GNN_ALLOC(ctx, best, P);
    GNN_ALLOC(ctx, vsc, va.k + 1);
    GNN_ALLOC(ctx, tsc, te.k);
    GNN_ALLOC(ctx, best_tsc, te.k);
    if (gnn_opts_create(&oo) != GNN_SUCCESS) {
        status = gnn_i_nomem(ctx, "options");
        goto fail;
    }
    gnn_opts_set_double(oo, "lr", gnn_i_model_double(m, "lr"));
    const double t0 = gnn_i_now();
    double train_time = 0;
    int64_t epochs_done = 0;
    for (int64_t run = 0; run < runs; run++) {
        gnn_ctx_set_seed(ctx, seed0 + (uint64_t)run);
        if (run > 0) GNN_CHECK(init_params(m));
        GNN_CHECK(gnn_optim_create(ctx, m->ps, "adam", oo, &opt));
        gnn_tape_set_step(s->tp, 0);
        gnn_rng_t rng;
        gnn_rng_init(&rng, gnn_ctx_seed(ctx), 0x77706f72u, 0);
        double best_v = -INFINITY, best_auc = NAN, best_ap = NAN;
        int64_t best_epoch = 0;
        gnn_i_params_copy(m->ps, best, 1);
        for (int64_t e = 0; e < epochs; e++) {
            const double ts = gnn_i_now();
            for (int64_t i = 0; i < tr.k; i++) order[i] = i;
            gnn_rng_shuffle(&rng, order, tr.k);
            double lsum = 0;
            int64_t nsteps = 0;
            for (int64_t r0 = 0; r0 < M; r0 += B) {
                const int64_t nb = r0 + B < M ? B : M - r0;
                if (nb < 2) break; /* batch statistics need two rows */
                for (int64_t i = 0; i < nb; i++) {
                    const int64_t x = order[r0 + i];
                    bu[i] = tr.u[x], bv[i] = tr.v[x], tgt[i] = (float)tr.lab[x];
                }
                gnn_tensor_t *lg, *loss;
                gnn_tape_reset(s->tp);
                gnn_optim_zero_grad(opt);
                GNN_CHECK(make_batch(m, nb, bu, bv));
                GNN_CHECK(forward(m, nb, &lg, NULL));
                GNN_CHECK(gnn_bce_logits(s->tp, lg, tgt, NULL, &loss));
                const double l = gnn_tensor_item(loss);
                if (!isfinite(l)) {
                    status = gnn_i_error(ctx, GNN_ENUMERIC, "walkpool: the training loss became %g at epoch %lld", l, (long long)e + 1);
                    goto fail;
                }
                GNN_CHECK(gnn_tape_backward(s->tp, loss));
                GNN_CHECK(gnn_optim_step(opt, NULL));
                lsum += l;
                nsteps++;
                gnn_i_progress(ctx, "pairs", (double)((run * epochs + e) * M + r0 + nb), (double)(runs * epochs * M));
                GNN_CHECK(gnn_i_poll(ctx));
            }
            train_time += gnn_i_now() - ts;
            epochs_done++;
            double vauc = NAN, vap, tauc, tap;
            if (va.k > 0) GNN_CHECK(eval_pairs(m, &va, vsc, &vauc, &vap));
            GNN_CHECK(eval_pairs(m, &te, tsc, &tauc, &tap));
            if (va.k == 0 || vauc > best_v) {
                best_v = va.k ? vauc : best_v;
                best_auc = tauc, best_ap = tap, best_epoch = e + 1;
                memcpy(best_tsc, tsc, sizeof(double) * (size_t)te.k);
                gnn_i_params_copy(m->ps, best, 1);
            }
            if (runs == 1) GNN_CHECK(gnn_i_model_history_add(m, e + 1, gnn_i_now() - t0, lsum / (double)(nsteps ? nsteps : 1), vauc));
        }
        gnn_i_params_copy(m->ps, best, 0);
        GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "test_auc", best_auc));
        GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "test_ap", best_ap));
        if (va.k) GNN_CHECK(gnn_i_runstats_add(ctx, &rs, "valid_auc", best_v));
        if (run == runs - 1) {
            gnn_i_model_set_metric(m, "best_epoch", (double)best_epoch);
            GNN_CHECK(gnn_i_model_outputs(m, te.k, 1));
            for (int64_t i = 0; i < te.k; i++) m->outputs[i] = best_tsc[i], m->assign[i] = te.lab[i];
        }
        gnn_optim_destroy(&opt);
    }
    gnn_i_runstats_publish(m, &rs, runs > 1);
    gnn_i_model_set_metric(m, "epochs_run", (double)epochs_done / (double)runs);
    gnn_i_model_set_metric(m, "seconds_per_epoch", train_time / (double)(epochs_done ? epochs_done : 1));
    gnn_i_model_set_metric(m, "train_pairs", (double)tr.k);
    gnn_i_model_set_metric(m, "valid_pairs", (double)va.k);
    if (s->drnl) gnn_i_model_set_metric(m, "drnl_max_label", (double)s->zseen);
fail:
    gnn_ctx_set_seed(ctx, seed0);
    gnn_optim_destroy(&opt);
    gnn_opts_destroy(&oo);
    gnn_i_runstats_free(ctx, &rs);
    pairs_free(ctx, &tr);
    pairs_free(ctx, &va);
    pairs_free(ctx, &te);
    gnn_i_free(ctx, order);
    gnn_i_free(ctx, bu);
    gnn_i_free(ctx, bv);
    gnn_i_free(ctx, ou);
    gnn_i_free(ctx, ov_);
    gnn_i_free(ctx, tgt);
    gnn_i_free(ctx, best);
    gnn_i_free(ctx, vsc);
    gnn_i_free(ctx, tsc);
    gnn_i_free(ctx, best_tsc);
    return status;
}

/* the observed graph of a dataset for scoring: every edge of graph 0 */
static gnn_status_t data_from_graph(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    const gnn_graph_t *g = ds->graphs[0];
    int64_t *a = NULL, *b = NULL, k = 0;
    GNN_ALLOC(ctx, a, g->m + 1);
    GNN_ALLOC(ctx, b, g->m + 1);
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) a[k] = u, b[k++] = g->out_idx[e];
    status = set_data(m, ds, k, a, b);
fail:
    gnn_i_free(ctx, a);
    gnn_i_free(ctx, b);
    return status;
}

static gnn_status_t wp_score(gnn_model_t *m, const gnn_dataset_t *ds, int64_t k, const int64_t *src, const int64_t *rel,
                             const int64_t *dst, double *out) {
    gnn_status_t status = GNN_SUCCESS;
    for (int64_t i = 0; rel && i < k; i++)
        GNN_ARG_CHECK(m->ctx, rel[i] == 0, "walkpool: pair %lld asks for relation %lld; the model has one", (long long)i, (long long)rel[i]);
    GNN_ARG_CHECK(m->ctx, ds->ngraphs == 1, "walkpool: needs a dataset with one graph");
    GNN_CHECK(data_from_graph(m, ds));
    GNN_CHECK(score_pairs(m, k, src, dst, out));
fail:
    return status;
}

/* test pairs of ds scored on its graph 0 */
static gnn_status_t wp_predict(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    pairs_t te = {0};
    GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "walkpool: needs a dataset with one graph");
    const int64_t a = ds->pair_count[2][1], b = ds->pair_count[2][0];
    GNN_ARG_CHECK(ctx, a + b > 0, "walkpool: no test pairs to predict");
    GNN_CHECK(data_from_graph(m, ds));
    GNN_CHECK(pairs_of_part(ctx, ds, 2, &te));
    GNN_CHECK(gnn_i_model_outputs(m, te.k, 1));
    GNN_CHECK(score_pairs(m, te.k, te.u, te.v, m->outputs));
    for (int64_t i = 0; i < te.k; i++) m->assign[i] = te.lab[i];
    if (a > 0 && b > 0) {
        double auc, ap;
        GNN_CHECK(gnn_auroc_ap(ctx, m->outputs, te.lab, te.k, &auc, &ap));
        gnn_i_model_set_metric(m, "test_auc", auc);
        gnn_i_model_set_metric(m, "test_ap", ap);
    }
fail:
    pairs_free(ctx, &te);
    return status;
}

/* For the tests: the walk profiles [k, H (5 tau + 1)] of k pairs on the
 * observed graph of n nodes with e undirected edges (ea[i], eb[i]), in
 * evaluation mode. */
gnn_status_t gnn_i_walkpool_profiles(gnn_model_t *m, int64_t n, int64_t e, const int64_t *ea, const int64_t *eb, int64_t k,
                                     const int64_t *u, const int64_t *v, float *out) {
    gnn_status_t status = GNN_SUCCESS;
    wp_t *s = m->state;
    gnn_dataset_t *ds = NULL;
    gnn_graph_t *g = NULL;
    GNN_CHECK(gnn_graph_from_edges(m->ctx, n, 0, NULL, NULL, NULL, NULL, 0, GNN_UNDIRECTED, &g));
    GNN_CHECK(gnn_dataset_from_graph(m->ctx, &g, &ds));
    if (!m->built) {
        GNN_CHECK(m->impl->build(m, ds));
        m->built = 1;
        s = m->state;
    }
    GNN_CHECK(set_data(m, ds, e, ea, eb));
    gnn_tape_set_training(s->tp, 0);
    gnn_tape_set_grad_enabled(s->tp, 0);
    gnn_tape_reset(s->tp);
    gnn_tensor_t *lg, *wp;
    status = make_batch(m, k, u, v);
    if (status >= 0) status = forward(m, k, &lg, &wp);
    gnn_tape_set_grad_enabled(s->tp, 1);
    gnn_tape_set_training(s->tp, 1);
    if (status < 0) goto fail;
    memcpy(out, gnn_tensor_data(wp), sizeof(float) * (size_t)(k * s->F));
fail:
    gnn_graph_destroy(&g);
    gnn_dataset_destroy(&ds);
    return status;
}

/* For the tests: the node set (global ids, ascending) of the enclosing
 * subgraph of (i, j) on the observed graph set by the last call above. */
gnn_status_t gnn_i_walkpool_subgraph(gnn_model_t *m, int64_t i, int64_t j, int64_t *nodes, int64_t *count, int64_t *arcs) {
    wp_t *s = m->state;
    gnn_status_t st = make_batch(m, 1, &i, &j);
    if (st < 0) return st;
    *count = s->sub[0].n;
    if (arcs) *arcs = s->sub[0].m;
    memcpy(nodes, s->sub[0].nodes, sizeof(int64_t) * (size_t)s->sub[0].n);
    return GNN_SUCCESS;
}

const gnn_model_impl_t gnn_i_model_walkpool = {
    "walkpool", "WalkPool link prediction (enclosing subgraphs, attention walk profiles)", &gnn_i_group_model_walkpool,
    wp_build, wp_fit, wp_predict, wp_free, wp_score,
};
