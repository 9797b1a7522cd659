/* generate.c: random graph generators: the directed stochastic block model
 * of DIGRAC (digrac.md section 5), the plain SBM and Erdos-Renyi.  Every
 * block pair draws from its own stream (seed, tag, pair), so the output
 * depends only on the seed. */
#include "dataset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAG_LABELS 0x6c6162656c73ull /* "labels" */
#define TAG_META 0x6d657461ull       /* "meta" */
#define TAG_EDGES 0x6564676573ull    /* "edges" */

static const gnn_i_optspec_t dsbm_specs[] = {
    {"n", "int", "1000", 2, 2147483646, "nodes before clean-up"},
    {"k", "int", "5", 2, 1000000, "clusters"},
    {"p", "double", "0.02", 0, 1, "edge density: u -> v with probability p * F[c(u), c(v)]"},
    {"eta", "double", "0.1", 0, 0.5, "direction noise (0 <= eta <= 0.5)"},
    {"rho", "double", "1", 1, 1e6, "size ratio of the largest to the smallest cluster"},
    {"style", "choice:cyclic|path|complete|star|multipartite|cyclic_reverse", "cyclic", 1, 0,
     "meta-graph style"},
    {"ambient", "bool", "0", 1, 0, "make the last cluster ambient (no net flow)"},
    {"fill", "double", "0.5", 0, 1, "relative probability for block pairs the meta-graph does not join"},
    {"clean", "bool", "1", 1, 0, "keep the largest weak component, then prune nodes of degree < 2 (10 rounds)"},
};
const gnn_i_optgroup_t gnn_i_group_dsbm = {"generate.dsbm", dsbm_specs,
                                           (int64_t)(sizeof dsbm_specs / sizeof dsbm_specs[0])};

static const gnn_i_optspec_t sbm_specs[] = {
    {"n", "int", "1000", 2, 2147483646, "nodes"},
    {"k", "int", "2", 1, 1000000, "blocks"},
    {"p-in", "double", "0.05", 0, 1, "edge probability inside a block"},
    {"p-out", "double", "0.005", 0, 1, "edge probability between blocks"},
    {"rho", "double", "1", 1, 1e6, "size ratio of the largest to the smallest block"},
    {"directed", "bool", "0", 1, 0, "draw each ordered pair (1) or each unordered pair (0)"},
};
const gnn_i_optgroup_t gnn_i_group_sbm = {"generate.sbm", sbm_specs,
                                          (int64_t)(sizeof sbm_specs / sizeof sbm_specs[0])};

static const gnn_i_optspec_t er_specs[] = {
    {"n", "int", "1000", 1, 2147483646, "nodes"},
    {"p", "double", "0.01", 0, 1, "edge probability, G(n, p)"},
    {"m", "int", "-1", -1, 9.2e18, "exact edge count, G(n, m) (overrides p when >= 0)"},
    {"directed", "bool", "1", 1, 0, "directed (ordered pairs) or undirected"},
};
const gnn_i_optgroup_t gnn_i_group_er = {"generate.er", er_specs,
                                         (int64_t)(sizeof er_specs / sizeof er_specs[0])};

/* ---------------------------------------------------------------- DSBM pieces */

gnn_status_t gnn_dsbm_sizes(gnn_ctx_t *ctx, int64_t n, int64_t k, double rho, int64_t *sizes) {
    if (sizes == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dsbm_sizes: sizes is NULL");
    if (k < 1 || n < k)
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_dsbm_sizes: need 1 <= k <= n (n = %lld, k = %lld)",
                           (long long)n, (long long)k);
    if (!(rho >= 1.0) || !isfinite(rho))
        return gnn_i_error(ctx, GNN_EINVAL, "gnn_dsbm_sizes: rho must be >= 1, got %g", rho);
    if (rho == 1.0 || k == 1) {
        for (int64_t c = 0; c < k; c++) sizes[c] = (c + 1) * n / k - c * n / k;
        return GNN_SUCCESS;
    }
    double r = pow(rho, 1.0 / (double)(k - 1));
    int64_t total = 0;
    sizes[0] = (int64_t)floor((double)n * (1.0 - r) / (1.0 - pow(r, (double)k)));
    total = sizes[0];
    for (int64_t c = 1; c < k - 1; c++) {
        sizes[c] = (int64_t)floor((double)sizes[c - 1] * r);
        total += sizes[c];
    }
    sizes[k - 1] = n - total;
    for (int64_t c = 0; c < k; c++)
        if (sizes[c] < 1)
            return gnn_i_error(ctx, GNN_EINVAL, "gnn_dsbm_sizes: cluster %lld would be empty (n = %lld, k = %lld, rho = %g)",
                               (long long)c, (long long)n, (long long)k, rho);
    return GNN_SUCCESS;
}

static const char *const styles[] = {"cyclic", "path", "complete", "star", "multipartite", "cyclic_reverse"};
enum { ST_CYCLIC, ST_PATH, ST_COMPLETE, ST_STAR, ST_MULTI, ST_CYCLIC_REV, ST_COUNT };

gnn_status_t gnn_dsbm_metagraph(gnn_ctx_t *ctx, const char *style, int64_t K, double eta, int ambient,
                                double fill, double *F) {
    int st = -1;
    for (int i = 0; style != NULL && i < ST_COUNT; i++)
        if (strcmp(style, styles[i]) == 0) st = i;
    if (st < 0)
        return gnn_i_error(ctx, GNN_EINVAL,
                           "unknown meta-graph style '%s' (cyclic, path, complete, star, multipartite, cyclic_reverse)",
                           style ? style : "(null)");
    if (F == NULL || K < 2) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dsbm_metagraph: need k >= 2 and F");
    if (!(eta >= 0 && eta <= 0.5)) return gnn_i_error(ctx, GNN_EINVAL, "eta must be in [0, 0.5], got %g", eta);
    if ((st == ST_STAR || st == ST_MULTI) && (K < 3 || (ambient && K < 4)))
        return gnn_i_error(ctx, GNN_EINVAL, "style %s needs k >= %d%s", style, ambient ? 4 : 3,
                           ambient ? " with an ambient cluster" : "");
    /* eta = 0 is carried as the sentinel -1 so that exact 0/1 entries are not
     * taken for unset ones (F == 0 -> fill); 2 -> 1 and -1 -> 0 at the end */
    const double e = eta == 0 ? -1.0 : eta;
#define AT(i, j) F[(int64_t)(i) * K + (j)]
    for (int64_t i = 0; i < K * K; i++) F[i] = 0;
    for (int64_t i = 0; i < K; i++) AT(i, i) = 0.5;
    switch (st) {
    case ST_PATH:
        for (int64_t i = 0; i < K - 1; i++) {
            AT(i, i + 1) = 1 - e;
            AT(i + 1, i) = 1 - AT(i, i + 1);
        }
        break;
    case ST_CYCLIC:
    case ST_CYCLIC_REV:
        if (K > 2) {
            int64_t L = ambient ? K - 1 : K;
            for (int64_t i = 0; i < L; i++) {
                int64_t j = (i + 1) % L;
                int64_t a = st == ST_CYCLIC ? i : j, b = st == ST_CYCLIC ? j : i;
                AT(a, b) = 1 - e;
                AT(b, a) = 1 - AT(a, b);
            }
        } else if (!ambient) {
            AT(0, 1) = st == ST_CYCLIC ? 1 - e : e;
            AT(1, 0) = st == ST_CYCLIC ? e : 1 - e;
        } else {
            AT(0, 1) = AT(1, 0) = 0.5;
        }
        break;
    case ST_COMPLETE:
        if (K > 2) {
            gnn_rng_t r;
            gnn_rng_init(&r, gnn_ctx_seed(ctx), TAG_META, (uint64_t)K);
            for (int64_t i = 0; i < K - 1; i++)
                for (int64_t j = i + 1; j < K; j++) {
                    int coin = (int)(gnn_rng_u64(&r) >> 63);
                    AT(i, j) = coin ? 1 - e : e;
                    AT(j, i) = 1 - AT(i, j);
                }
        } else {
            AT(0, 1) = 1 - e;
            AT(1, 0) = e;
        }
        break;
    case ST_STAR: {
        int64_t m = (K - 1) / 2;
        for (int64_t j = 0; j < K; j++) AT(m, j) = (j % 2 == 0) ? e : 1 - e;
        for (int64_t i = 0; i < K; i++) AT(i, m) = (i % 2 == 0) ? 1 - e : e;
        break;
    }
    case ST_MULTI: {
        int64_t KK = ambient ? K - 1 : K;
        int64_t g1 = (KK + 8) / 9, g2 = (3 * KK + 8) / 9 + g1;
        for (int64_t i = 0; i < K; i++)
            for (int64_t j = 0; j < K; j++) {
                if (i < g1 && j >= g1 && j < g2) AT(i, j) = e;
                if (i >= g1 && i < g2 && j >= g2) AT(i, j) = e;
                if (i >= g2 && j >= g1 && j < g2) AT(i, j) = 1 - e;
                if (i >= g1 && i < g2 && j < g1) AT(i, j) = 1 - e;
            }
        break;
    }
    default: break;
    }
    if (ambient)
        for (int64_t i = 0; i < K; i++) AT(K - 1, i) = AT(i, K - 1) = 0;
    for (int64_t i = 0; i < K * K; i++) {
        if (F[i] == 0) F[i] = fill;
        else if (F[i] == -1) F[i] = 0;
        else if (F[i] == 2) F[i] = 1;
    }
#undef AT
    return GNN_SUCCESS;
}

/* ---------------------------------------------------------------- block sampler */

typedef struct edgebuf {
    int64_t m, cap;
    int32_t *src, *dst;
} edgebuf_t;

static gnn_status_t edge_push(gnn_ctx_t *ctx, edgebuf_t *b, int64_t u, int64_t v) {
    if (b->m == b->cap) {
        int64_t nc = b->cap < 1024 ? 1024 : b->cap * 2;
        int32_t *s = gnn_i_realloc_n(ctx, b->src, (size_t)nc, sizeof *s);
        if (s == NULL) return gnn_i_nomem(ctx, "edges");
        b->src = s;
        int32_t *d = gnn_i_realloc_n(ctx, b->dst, (size_t)nc, sizeof *d);
        if (d == NULL) return gnn_i_nomem(ctx, "edges");
        b->dst = d;
        b->cap = nc;
    }
    b->src[b->m] = (int32_t)u;
    b->dst[b->m] = (int32_t)v;
    b->m++;
    return GNN_SUCCESS;
}

/* Labels by a shuffled block layout; members[off[c]..off[c+1]) are the
 * nodes of block c in increasing order. */
static gnn_status_t assign_blocks(gnn_ctx_t *ctx, int64_t n, int64_t K, const int64_t *sizes, int64_t *labels,
                                  int64_t *members, int64_t *off) {
    gnn_rng_t r;
    int64_t v = 0;
    for (int64_t c = 0; c < K; c++)
        for (int64_t i = 0; i < sizes[c]; i++) labels[v++] = c;
    gnn_rng_init(&r, gnn_ctx_seed(ctx), TAG_LABELS, 0);
    gnn_rng_shuffle(&r, labels, n);
    off[0] = 0;
    for (int64_t c = 0; c < K; c++) off[c + 1] = off[c] + sizes[c];
    int64_t *pos = gnn_i_malloc_n(ctx, (size_t)K, sizeof *pos);
    if (pos == NULL) return gnn_i_nomem(ctx, "block offsets");
    memcpy(pos, off, sizeof(int64_t) * (size_t)K);
    for (v = 0; v < n; v++) members[pos[labels[v]]++] = v;
    gnn_i_free(ctx, pos);
    return GNN_SUCCESS;
}

/* Draw u -> v for u in block a, v in block b with probability q (directed:
 * every ordered pair u != v; undirected: pairs u < v). */
static gnn_status_t sample_block(gnn_ctx_t *ctx, edgebuf_t *eb, const int64_t *A, int64_t na, const int64_t *B,
                                 int64_t nb, double q, int directed, uint64_t stream) {
    if (q <= 0) return GNN_SUCCESS;
    gnn_rng_t r;
    gnn_rng_init(&r, gnn_ctx_seed(ctx), TAG_EDGES, stream);
    for (int64_t i = 0; i < na; i++) {
        int64_t u = A[i];
        /* j over positions in B; geometric skips */
        int64_t j = -1;
        for (;;) {
            int64_t g = gnn_rng_geometric(&r, q);
            if (g >= nb - j - 1) break;
            j += g + 1;
            int64_t v = B[j];
            if (v == u || (!directed && v < u)) continue;
            gnn_status_t st = edge_push(ctx, eb, u, v);
            if (st < 0) return st;
        }
        if ((i & 1023) == 0) {
            gnn_status_t st = gnn_i_poll(ctx);
            if (st < 0) return st;
        }
    }
    return GNN_SUCCESS;
}

/* Keep the largest weak component, then prune nodes of total degree < 2 (at
 * most `rounds` times); relabel.  labels follow (in place). */
static gnn_status_t clean_network(gnn_ctx_t *ctx, gnn_graph_t **pg, int64_t *labels, int rounds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_graph_t *g = *pg, *h = NULL;
    int64_t *memb = NULL, *size = NULL, *keep = NULL, *lab2 = NULL;
    int64_t n = g->n, nc = 0;
    GNN_ALLOC(ctx, memb, n);
    GNN_ALLOC(ctx, keep, n);
    GNN_ALLOC(ctx, lab2, n);
    GNN_CHECK(gnn_graph_components(ctx, g, GNN_ALL, memb, &nc));
    GNN_CALLOC(ctx, size, nc);
    for (int64_t v = 0; v < n; v++) size[memb[v]]++;
    int64_t best = 0;
    for (int64_t c = 1; c < nc; c++)
        if (size[c] > size[best]) best = c;
    for (int round = -1; round < rounds; round++) {
        int64_t k = 0;
        for (int64_t v = 0; v < g->n; v++) {
            int ok = round < 0 ? memb[v] == best : gnn_graph_degree_of(g, v, GNN_ALL) >= 2;
            if (ok) keep[k++] = v;
        }
        if (k == g->n) {
            if (round >= 0) break;
            continue;
        }
        if (k == 0) {
            status = gnn_i_error(ctx, GNN_EEMPTY, "DSBM clean-up removed every node (graph too sparse)");
            goto fail;
        }
        GNN_CHECK(gnn_graph_induced_subgraph(ctx, g, keep, k, &h));
        for (int64_t i = 0; i < k; i++) lab2[i] = labels[keep[i]];
        memcpy(labels, lab2, sizeof(int64_t) * (size_t)k);
        gnn_graph_destroy(&g);
        g = h;
        h = NULL;
        /* relabelled 0..k-1: origin ids are not kept for generated graphs */
        gnn_i_free(ctx, g->origin);
        g->origin = NULL;
    }
fail:
    *pg = g;
    gnn_graph_destroy(&h);
    gnn_i_free(ctx, memb);
    gnn_i_free(ctx, size);
    gnn_i_free(ctx, keep);
    gnn_i_free(ctx, lab2);
    return status;
}

static gnn_status_t gen_blocks(gnn_ctx_t *ctx, int64_t n, int64_t K, const int64_t *sizes, const double *P,
                               int directed, int clean, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *labels = NULL, *members = NULL, *off = NULL;
    edgebuf_t eb = {0};
    gnn_graph_t *g = NULL;
    gnn_dataset_t *ds = NULL;
    GNN_ALLOC(ctx, labels, n);
    GNN_ALLOC(ctx, members, n);
    GNN_ALLOC(ctx, off, K + 1);
    GNN_CHECK(assign_blocks(ctx, n, K, sizes, labels, members, off));
    for (int64_t a = 0; a < K; a++) {
        for (int64_t b = directed ? 0 : a; b < K; b++) {
            GNN_CHECK(sample_block(ctx, &eb, members + off[a], sizes[a], members + off[b], sizes[b],
                                   P[a * K + b], /* pairs u < v only inside an undirected block */
                                   directed || a != b, (uint64_t)(a * K + b)));
        }
        gnn_i_progress(ctx, "generate", (double)(a + 1), (double)K);
    }
    if (eb.m == 0) {
        status = gnn_i_error(ctx, GNN_EEMPTY, "the generated graph has no edges (p too small?)");
        goto fail;
    }
    GNN_CHECK(gnn_i_graph_build32(ctx, n, eb.m, eb.src, eb.dst, NULL, NULL, 0,
                                  (directed ? GNN_DIRECTED : GNN_UNDIRECTED) | GNN_DUP_KEEP, NULL, NULL, &g));
    gnn_i_free(ctx, eb.src);
    gnn_i_free(ctx, eb.dst);
    eb.src = eb.dst = NULL;
    if (clean) GNN_CHECK(clean_network(ctx, &g, labels, 10));
    GNN_CHECK(gnn_i_dataset_new(ctx, 1, &ds));
    ds->graphs[0] = g;
    g = NULL;
    ds->node_labels = labels;
    labels = NULL;
    ds->classes = K;
    *out = ds;
fail:
    gnn_i_free(ctx, labels);
    gnn_i_free(ctx, members);
    gnn_i_free(ctx, off);
    gnn_i_free(ctx, eb.src);
    gnn_i_free(ctx, eb.dst);
    gnn_graph_destroy(&g);
    return status;
}

static gnn_status_t gen_dsbm(gnn_ctx_t *ctx, const gnn_opts_t *o, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    const gnn_i_optgroup_t *G = &gnn_i_group_dsbm;
    int64_t *sizes = NULL;
    double *F = NULL;
    int64_t n = gnn_i_opt_int(o, G, "n"), K = gnn_i_opt_int(o, G, "k");
    double p = gnn_i_opt_double(o, G, "p");
    GNN_ARG_CHECK(ctx, K <= n, "dsbm: k = %lld clusters for n = %lld nodes", (long long)K, (long long)n);
    GNN_ALLOC(ctx, sizes, K);
    GNN_ALLOC(ctx, F, K * K);
    GNN_CHECK(gnn_dsbm_sizes(ctx, n, K, gnn_i_opt_double(o, G, "rho"), sizes));
    GNN_CHECK(gnn_dsbm_metagraph(ctx, gnn_i_opt_string(o, G, "style"), K, gnn_i_opt_double(o, G, "eta"),
                                 (int)gnn_i_opt_int(o, G, "ambient"), gnn_i_opt_double(o, G, "fill"), F));
    for (int64_t i = 0; i < K * K; i++) F[i] *= p;
    GNN_CHECK(gen_blocks(ctx, n, K, sizes, F, 1, (int)gnn_i_opt_int(o, G, "clean"), out));
fail:
    gnn_i_free(ctx, sizes);
    gnn_i_free(ctx, F);
    return status;
}

static gnn_status_t gen_sbm(gnn_ctx_t *ctx, const gnn_opts_t *o, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    const gnn_i_optgroup_t *G = &gnn_i_group_sbm;
    int64_t *sizes = NULL;
    double *P = NULL;
    int64_t n = gnn_i_opt_int(o, G, "n"), K = gnn_i_opt_int(o, G, "k");
    GNN_ARG_CHECK(ctx, K <= n, "sbm: k = %lld blocks for n = %lld nodes", (long long)K, (long long)n);
    GNN_ALLOC(ctx, sizes, K);
    GNN_ALLOC(ctx, P, K * K);
    GNN_CHECK(gnn_dsbm_sizes(ctx, n, K, gnn_i_opt_double(o, G, "rho"), sizes));
    for (int64_t a = 0; a < K; a++)
        for (int64_t b = 0; b < K; b++)
            P[a * K + b] = a == b ? gnn_i_opt_double(o, G, "p-in") : gnn_i_opt_double(o, G, "p-out");
    GNN_CHECK(gen_blocks(ctx, n, K, sizes, P, (int)gnn_i_opt_int(o, G, "directed"), 0, out));
fail:
    gnn_i_free(ctx, sizes);
    gnn_i_free(ctx, P);
    return status;
}

static int cmp_pair(const void *a, const void *b) {
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static gnn_status_t gen_er(gnn_ctx_t *ctx, const gnn_opts_t *o, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    const gnn_i_optgroup_t *G = &gnn_i_group_er;
    int64_t n = gnn_i_opt_int(o, G, "n"), m = gnn_i_opt_int(o, G, "m");
    int directed = (int)gnn_i_opt_int(o, G, "directed");
    uint64_t *keys = NULL;
    gnn_i_u64set_t set = {0};
    edgebuf_t eb = {0};
    gnn_graph_t *g = NULL;
    gnn_dataset_t *ds = NULL;
    if (m < 0) {
        /* G(n, p): one block */
        int64_t sizes[1] = {n};
        double P[1] = {gnn_i_opt_double(o, G, "p")};
        GNN_CHECK(gen_blocks(ctx, n, 1, sizes, P, directed, 0, &ds));
        gnn_i_free(ctx, ds->node_labels);
        ds->node_labels = NULL;
        ds->classes = 0;
        *out = ds;
        return GNN_SUCCESS;
    }
    double possible = (double)n * (double)(n - 1) / (directed ? 1.0 : 2.0);
    if ((double)m > possible / 2) {
        status = gnn_i_error(ctx, GNN_EINVAL, "er: m = %lld edges is more than half of the %.0f possible; use p",
                             (long long)m, possible);
        goto fail;
    }
    GNN_CHECK(gnn_i_u64set_init(ctx, &set, (uint64_t)m));
    GNN_ALLOC(ctx, keys, m);
    {
        gnn_rng_t r;
        gnn_rng_init(&r, gnn_ctx_seed(ctx), TAG_EDGES, 0);
        int64_t k = 0;
        while (k < m) {
            uint64_t u = gnn_rng_below(&r, (uint64_t)n), v = gnn_rng_below(&r, (uint64_t)n);
            if (u == v) continue;
            if (!directed && u > v) {
                uint64_t t = u;
                u = v;
                v = t;
            }
            uint64_t key = u * (uint64_t)n + v;
            if (gnn_i_u64set_add(&set, key)) keys[k++] = key;
        }
    }
    qsort(keys, (size_t)m, sizeof *keys, cmp_pair);
    for (int64_t i = 0; i < m; i++)
        GNN_CHECK(edge_push(ctx, &eb, (int64_t)(keys[i] / (uint64_t)n), (int64_t)(keys[i] % (uint64_t)n)));
    GNN_CHECK(gnn_i_graph_build32(ctx, n, eb.m, eb.src, eb.dst, NULL, NULL, 0,
                                  (directed ? GNN_DIRECTED : GNN_UNDIRECTED) | GNN_DUP_KEEP, NULL, NULL, &g));
    GNN_CHECK(gnn_i_dataset_new(ctx, 1, &ds));
    ds->graphs[0] = g;
    g = NULL;
    *out = ds;
fail:
    gnn_i_free(ctx, keys);
    gnn_i_u64set_free(ctx, &set);
    gnn_i_free(ctx, eb.src);
    gnn_i_free(ctx, eb.dst);
    gnn_graph_destroy(&g);
    return status;
}

gnn_status_t gnn_dataset_generate(gnn_ctx_t *ctx, const char *kind, const gnn_opts_t *opts, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dataset_generate: out is NULL");
    *out = NULL;
    if (kind == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_dataset_generate: kind is NULL");
    if (strcmp(kind, "dsbm") == 0) {
        GNN_CHECK(gnn_opts_validate(ctx, opts, "generate.dsbm"));
        GNN_CHECK(gen_dsbm(ctx, opts, out));
    } else if (strcmp(kind, "sbm") == 0) {
        GNN_CHECK(gnn_opts_validate(ctx, opts, "generate.sbm"));
        GNN_CHECK(gen_sbm(ctx, opts, out));
    } else if (strcmp(kind, "er") == 0) {
        GNN_CHECK(gnn_opts_validate(ctx, opts, "generate.er"));
        GNN_CHECK(gen_er(ctx, opts, out));
    } else {
        status = gnn_i_error(ctx, GNN_EINVAL, "unknown generator '%s' (dsbm, sbm, er)", kind);
    }
fail:
    return status;
}
