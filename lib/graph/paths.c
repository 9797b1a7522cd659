/* paths.c: the path sets of PathNN (gnn/paths.h, gnn_pathnn(3)).
 *
 * Written here rather than through igraph's get_shortest_paths /
 * get_all_shortest_paths / get_all_simple_paths: those return one vertex
 * vector per call and per path (millions of small allocations on AP), and
 * the row layout PathNN needs (root last, grouped by root, with distances)
 * would need a second pass anyway.  The tests compare the counts with
 * igraph's enumerations. */
#include "paths_impl.h"

#include <igraph.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    int32_t *nodes;
    uint8_t *dist;
    int64_t n, cap; /* rows */
} buf_t;

typedef struct ex {
    gnn_ctx_t *ctx;
    int kind;
    int64_t n, K, max_paths, total;
    int64_t *ptr;       /* symmetrised adjacency, ascending, no loops */
    int32_t *adj;
    int32_t *dist;      /* BFS distances from the current source, -1 unseen */
    int32_t *queue;     /* BFS order */
    int32_t *parent;    /* SP: first discoverer */
    int32_t *stack;     /* the path being built, K + 1 entries */
    uint8_t *onpath;    /* AP */
    int64_t *dagpos;    /* SP+: cursor per depth */
    buf_t b[GNN_PATHS_MAX_K + 1];
} ex_t;

int gnn_paths_kind_from_name(const char *name) {
    if (name == NULL) return -1;
    if (strcmp(name, "sp") == 0) return GNN_PATHS_SP;
    if (strcmp(name, "sp+") == 0 || strcmp(name, "spp") == 0) return GNN_PATHS_SPP;
    if (strcmp(name, "ap") == 0) return GNN_PATHS_AP;
    return -1;
}

static const char *kind_name(int kind) {
    return kind == GNN_PATHS_SP ? "sp" : kind == GNN_PATHS_SPP ? "sp+" : "ap";
}

static int cmp_i32(const void *a, const void *b) {
    const int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* neighbours of u in either direction, ascending, without u and repeats */
static gnn_status_t symmetrise(ex_t *x, const gnn_graph_t *g) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = x->ctx;
    const int64_t n = g->n;
    GNN_ALLOC(ctx, x->ptr, n + 1);
    GNN_ALLOC(ctx, x->adj, 2 * g->m + 1);
    x->ptr[0] = 0;
    int64_t e = 0;
    for (int64_t u = 0; u < n; u++) {
        const int64_t s = e;
        for (int64_t a = g->out_ptr[u]; a < g->out_ptr[u + 1]; a++) x->adj[e++] = g->out_idx[a];
        for (int64_t a = g->in_ptr[u]; a < g->in_ptr[u + 1]; a++) x->adj[e++] = g->in_idx[a];
        qsort(x->adj + s, (size_t)(e - s), sizeof(int32_t), cmp_i32);
        int64_t w = s;
        for (int64_t r = s; r < e; r++) {
            if (x->adj[r] == (int32_t)u) continue;
            if (w > s && x->adj[w - 1] == x->adj[r]) continue;
            x->adj[w++] = x->adj[r];
        }
        e = w;
        x->ptr[u + 1] = e;
    }
fail:
    return status;
}

/* append one row of length k (k + 1 nodes) */
static gnn_status_t push(ex_t *x, int64_t k, const int32_t *nodes, const uint8_t *dist) {
    buf_t *b = &x->b[k];
    if (x->max_paths > 0 && x->total >= x->max_paths)
        return gnn_i_error(x->ctx, GNN_ERANGE,
                           "paths: more than %lld %s paths of length <= %lld on a graph of %lld nodes; lower K or raise "
                           "the limit (max-paths)",
                           (long long)x->max_paths, kind_name(x->kind), (long long)x->K, (long long)x->n);
    if (b->n == b->cap) {
        const int64_t nc = b->cap ? 2 * b->cap : 64;
        int32_t *nn = gnn_i_realloc_n(x->ctx, b->nodes, (size_t)(nc * (k + 1)), sizeof(int32_t));
        if (nn == NULL) return gnn_i_nomem(x->ctx, "paths");
        b->nodes = nn;
        uint8_t *nd = gnn_i_realloc_n(x->ctx, b->dist, (size_t)(nc * (k + 1)), sizeof(uint8_t));
        if (nd == NULL) return gnn_i_nomem(x->ctx, "paths");
        b->dist = nd;
        b->cap = nc;
    }
    memcpy(b->nodes + b->n * (k + 1), nodes, sizeof(int32_t) * (size_t)(k + 1));
    memcpy(b->dist + b->n * (k + 1), dist, (size_t)(k + 1));
    b->n++;
    x->total++;
    return GNN_SUCCESS;
}

/* BFS from s to depth K: dist, parent (first discoverer), queue order */
static int64_t bfs(ex_t *x, int32_t s) {
    int64_t head = 0, tail = 0;
    x->dist[s] = 0;
    x->parent[s] = -1;
    x->queue[tail++] = s;
    while (head < tail) {
        const int32_t u = x->queue[head++];
        if (x->dist[u] >= x->K) continue;
        for (int64_t a = x->ptr[u]; a < x->ptr[u + 1]; a++) {
            const int32_t w = x->adj[a];
            if (x->dist[w] >= 0) continue;
            x->dist[w] = x->dist[u] + 1;
            x->parent[w] = u;
            x->queue[tail++] = w;
        }
    }
    return tail;
}

static void bfs_clear(ex_t *x, int64_t seen) {
    for (int64_t i = 0; i < seen; i++) x->dist[x->queue[i]] = -1;
}

/* a path u ... v (stack[0] = v far end when rooted at u) in both directions */
static gnn_status_t push_pair(ex_t *x, int64_t k) {
    gnn_status_t status = GNN_SUCCESS;
    int32_t rev[GNN_PATHS_MAX_K + 1];
    uint8_t d[GNN_PATHS_MAX_K + 1];
    for (int64_t j = 0; j <= k; j++) d[j] = (uint8_t)(k - j), rev[j] = x->stack[k - j];
    GNN_CHECK(push(x, k, x->stack, d)); /* root u = stack[k] */
    GNN_CHECK(push(x, k, rev, d));      /* root v */
fail:
    return status;
}

/* SP+: every shortest path from v back to the source, stack[0] = v; depth
 * j holds the node at distance k - j from the source */
static gnn_status_t all_shortest(ex_t *x, int64_t k, int64_t j) {
    gnn_status_t status = GNN_SUCCESS;
    const int32_t w = x->stack[j];
    if (j == k) return push_pair(x, k);
    for (int64_t a = x->ptr[w]; a < x->ptr[w + 1]; a++) {
        const int32_t p = x->adj[a];
        if (x->dist[p] != x->dist[w] - 1) continue;
        x->stack[j + 1] = p;
        GNN_CHECK(all_shortest(x, k, j + 1));
    }
fail:
    return status;
}

static gnn_status_t shortest(ex_t *x) {
    gnn_status_t status = GNN_SUCCESS;
    for (int32_t u = 0; u < (int32_t)x->n; u++) {
        const int64_t seen = bfs(x, u);
        for (int32_t v = u + 1; v < (int32_t)x->n && status >= 0; v++) {
            const int32_t d = x->dist[v];
            if (d < 1) continue;
            x->stack[0] = v;
            if (x->kind == GNN_PATHS_SP) {
                for (int32_t j = 1; j <= d; j++) x->stack[j] = x->parent[x->stack[j - 1]];
                status = push_pair(x, d);
            } else {
                status = all_shortest(x, d, 0);
            }
        }
        bfs_clear(x, seen);
        if (status < 0) break;
    }
    return status;
}

/* AP: depth-first over simple paths from s; path[0..j] root first */
static gnn_status_t simple_from(ex_t *x, int32_t *path, int64_t j) {
    gnn_status_t status = GNN_SUCCESS;
    int32_t row[GNN_PATHS_MAX_K + 1];
    uint8_t d[GNN_PATHS_MAX_K + 1];
    if (j >= 1) {
        for (int64_t t = 0; t <= j; t++) row[t] = path[j - t], d[t] = (uint8_t)x->dist[path[j - t]];
        GNN_CHECK(push(x, j, row, d));
    }
    if (j == x->K) return GNN_SUCCESS;
    const int32_t u = path[j];
    for (int64_t a = x->ptr[u]; a < x->ptr[u + 1]; a++) {
        const int32_t w = x->adj[a];
        if (x->onpath[w]) continue;
        x->onpath[w] = 1;
        path[j + 1] = w;
        status = simple_from(x, path, j + 1);
        x->onpath[w] = 0;
        if (status < 0) break;
    }
fail:
    return status;
}

static gnn_status_t simple(ex_t *x) {
    gnn_status_t status = GNN_SUCCESS;
    for (int32_t s = 0; s < (int32_t)x->n && status >= 0; s++) {
        const int64_t seen = bfs(x, s);
        x->stack[0] = s;
        x->onpath[s] = 1;
        status = simple_from(x, x->stack, 0);
        x->onpath[s] = 0;
        bfs_clear(x, seen);
    }
    return status;
}

/* stable counting sort of the rows of length k by their root (last column) */
static gnn_status_t sort_by_root(ex_t *x, int64_t k) {
    gnn_status_t status = GNN_SUCCESS;
    buf_t *b = &x->b[k];
    int64_t *cnt = NULL;
    int32_t *nodes = NULL;
    uint8_t *dist = NULL;
    const int64_t w = k + 1;
    if (b->n == 0) return GNN_SUCCESS;
    GNN_CALLOC(x->ctx, cnt, x->n + 1);
    GNN_ALLOC(x->ctx, nodes, b->n * w);
    GNN_ALLOC(x->ctx, dist, b->n * w);
    for (int64_t r = 0; r < b->n; r++) cnt[b->nodes[r * w + k] + 1]++;
    for (int64_t i = 0; i < x->n; i++) cnt[i + 1] += cnt[i];
    for (int64_t r = 0; r < b->n; r++) {
        const int64_t to = cnt[b->nodes[r * w + k]]++;
        memcpy(nodes + to * w, b->nodes + r * w, sizeof(int32_t) * (size_t)w);
        memcpy(dist + to * w, b->dist + r * w, (size_t)w);
    }
    gnn_i_free(x->ctx, b->nodes);
    gnn_i_free(x->ctx, b->dist);
    b->nodes = nodes, b->dist = dist;
    nodes = NULL, dist = NULL;
fail:
    gnn_i_free(x->ctx, cnt);
    gnn_i_free(x->ctx, nodes);
    gnn_i_free(x->ctx, dist);
    return status;
}

/* The graph with node v renumbered rank[v] (rank a permutation, checked). */
static gnn_status_t permuted(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *rank, int64_t **inv,
                             gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    int32_t *src = NULL, *dst = NULL;
    GNN_CALLOC(ctx, *inv, g->n > 0 ? g->n : 1);
    for (int64_t v = 0; v < g->n; v++) (*inv)[v] = -1;
    for (int64_t v = 0; v < g->n; v++) {
        if (rank[v] < 0 || rank[v] >= g->n || (*inv)[rank[v]] >= 0) {
            status = gnn_i_error(ctx, GNN_EINVAL, "gnn_paths_extract_ordered: rank is not a permutation of 0..%lld "
                                 "(node %lld has rank %lld)", (long long)g->n - 1, (long long)v, (long long)rank[v]);
            goto fail;
        }
        (*inv)[rank[v]] = v;
    }
    GNN_ALLOC(ctx, src, g->m > 0 ? g->m : 1);
    GNN_ALLOC(ctx, dst, g->m > 0 ? g->m : 1);
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t a = g->out_ptr[u]; a < g->out_ptr[u + 1]; a++)
            src[a] = (int32_t)rank[u], dst[a] = (int32_t)rank[g->out_idx[a]];
    GNN_CHECK(gnn_i_graph_build32(ctx, g->n, g->m, src, dst, NULL, NULL, 0, GNN_DIRECTED | GNN_DUP_FIRST, NULL, NULL,
                                  out));
fail:
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    return status;
}

gnn_status_t gnn_paths_extract(gnn_ctx_t *ctx, const gnn_graph_t *g, int kind, int64_t K, int64_t max_paths,
                               gnn_paths_t **out) {
    return gnn_paths_extract_ordered(ctx, g, kind, K, max_paths, NULL, out);
}

gnn_status_t gnn_paths_extract_ordered(gnn_ctx_t *ctx, const gnn_graph_t *g0, int kind, int64_t K, int64_t max_paths,
                                       const int64_t *rank, gnn_paths_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    ex_t x;
    gnn_paths_t *p = NULL;
    gnn_graph_t *gp = NULL;
    int64_t *inv = NULL;
    const gnn_graph_t *g = g0;
    memset(&x, 0, sizeof x);
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_paths_extract: out is NULL");
    *out = NULL;
    GNN_CHECK(gnn_i_graph_check(ctx, g0, "gnn_paths_extract"));
    GNN_ARG_CHECK(ctx, g0->n < INT32_MAX, "gnn_paths_extract: %lld nodes exceed the 32-bit index", (long long)g0->n);
    if (rank != NULL) {
        GNN_CHECK(permuted(ctx, g0, rank, &inv, &gp));
        g = gp;
    }
    GNN_ARG_CHECK(ctx, kind == GNN_PATHS_SP || kind == GNN_PATHS_SPP || kind == GNN_PATHS_AP,
                  "gnn_paths_extract: unknown kind %d (GNN_PATHS_SP, GNN_PATHS_SPP, GNN_PATHS_AP)", kind);
    GNN_ARG_CHECK(ctx, K >= 1 && K <= GNN_PATHS_MAX_K, "gnn_paths_extract: K = %lld is outside 1..%d", (long long)K,
                  GNN_PATHS_MAX_K);
    GNN_ARG_CHECK(ctx, g->n < INT32_MAX, "gnn_paths_extract: %lld nodes exceed the 32-bit index", (long long)g->n);
    x.ctx = ctx, x.kind = kind, x.n = g->n, x.K = K, x.max_paths = max_paths;
    GNN_CHECK(symmetrise(&x, g));
    const int64_t n1 = g->n > 0 ? g->n : 1;
    GNN_ALLOC(ctx, x.dist, n1);
    GNN_ALLOC(ctx, x.queue, n1);
    GNN_ALLOC(ctx, x.parent, n1);
    GNN_CALLOC(ctx, x.onpath, n1);
    GNN_ALLOC(ctx, x.stack, K + 1);
    for (int64_t i = 0; i < g->n; i++) x.dist[i] = -1;
    if (kind == GNN_PATHS_AP) GNN_CHECK(simple(&x));
    else GNN_CHECK(shortest(&x));
    if (inv != NULL) /* back to the input's node ids */
        for (int64_t k = 1; k <= K; k++)
            for (int64_t i = 0; i < x.b[k].n * (k + 1); i++) x.b[k].nodes[i] = (int32_t)inv[x.b[k].nodes[i]];
    for (int64_t k = 1; k <= K; k++)
        if (kind != GNN_PATHS_AP || inv != NULL) GNN_CHECK(sort_by_root(&x, k));
    GNN_CALLOC(ctx, p, 1);
    p->alloc = ctx->alloc;
    p->kind = kind, p->n = g->n, p->K = K;
    for (int64_t k = 1; k <= K; k++) {
        p->count[k] = x.b[k].n;
        p->nodes[k] = x.b[k].nodes;
        p->dist[k] = x.b[k].dist;
        x.b[k].nodes = NULL, x.b[k].dist = NULL;
    }
    *out = p;
fail:
    for (int64_t k = 0; k <= GNN_PATHS_MAX_K; k++) {
        gnn_i_free(ctx, x.b[k].nodes);
        gnn_i_free(ctx, x.b[k].dist);
    }
    gnn_i_free(ctx, x.ptr);
    gnn_i_free(ctx, x.adj);
    gnn_i_free(ctx, x.dist);
    gnn_i_free(ctx, x.queue);
    gnn_i_free(ctx, x.parent);
    gnn_i_free(ctx, x.onpath);
    gnn_i_free(ctx, x.stack);
    gnn_i_free(ctx, inv);
    gnn_graph_destroy(&gp);
    return status;
}

/* Canonical ranks from igraph's BLISS canonical labelling of the
 * undirected simple graph (loops and repeats dropped) with node colours. */
gnn_status_t gnn_paths_canonical_order(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *colors, int64_t *rank) {
    gnn_status_t status = GNN_SUCCESS;
    ex_t x;
    memset(&x, 0, sizeof x);
    if (ctx == NULL) return GNN_EINVAL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_paths_canonical_order"));
    GNN_ARG_CHECK(ctx, rank != NULL, "gnn_paths_canonical_order: rank is NULL");
    GNN_ARG_CHECK(ctx, g->n < INT32_MAX, "gnn_paths_canonical_order: %lld nodes exceed the 32-bit index",
                  (long long)g->n);
    for (int64_t v = 0; colors && v < g->n; v++)
        if (colors[v] < 0 || colors[v] > INT32_MAX)
            return gnn_i_error(ctx, GNN_ERANGE, "gnn_paths_canonical_order: colour %lld of node %lld (expected 0..%d)",
                               (long long)colors[v], (long long)v, INT32_MAX);
    x.ctx = ctx, x.n = g->n;
    GNN_CHECK(symmetrise(&x, g));
    int64_t m = 0;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t a = x.ptr[u]; a < x.ptr[u + 1]; a++) m += x.adj[a] > u;
    igraph_vector_int_t edges, col, lab;
    igraph_t ig;
    int have = 0; /* 1 edges, 2 col, 4 lab, 8 ig */
    int ok = 0;
    gnn_i_igraph_enter();
    if (igraph_vector_int_init(&edges, 2 * m) != IGRAPH_SUCCESS) goto leave;
    have |= 1;
    if (igraph_vector_int_init(&col, g->n) != IGRAPH_SUCCESS) goto leave;
    have |= 2;
    if (igraph_vector_int_init(&lab, g->n) != IGRAPH_SUCCESS) goto leave;
    have |= 4;
    int64_t e = 0;
    for (int64_t u = 0; u < g->n; u++) {
        VECTOR(col)[u] = colors ? (igraph_integer_t)colors[u] : 0;
        for (int64_t a = x.ptr[u]; a < x.ptr[u + 1]; a++)
            if (x.adj[a] > u) VECTOR(edges)[2 * e] = u, VECTOR(edges)[2 * e + 1] = x.adj[a], e++;
    }
    if (igraph_create(&ig, &edges, g->n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) goto leave;
    have |= 8;
    if (igraph_canonical_permutation(&ig, &col, &lab, IGRAPH_BLISS_FL, NULL) != IGRAPH_SUCCESS) goto leave;
    for (int64_t v = 0; v < g->n; v++) rank[v] = (int64_t)VECTOR(lab)[v];
    ok = 1;
leave:
    if (have & 8) igraph_destroy(&ig);
    if (have & 4) igraph_vector_int_destroy(&lab);
    if (have & 2) igraph_vector_int_destroy(&col);
    if (have & 1) igraph_vector_int_destroy(&edges);
    gnn_i_igraph_leave();
    if (!ok) status = gnn_i_error(ctx, GNN_EDEPENDENCY, "gnn_paths_canonical_order: igraph's canonical labelling failed");
fail:
    gnn_i_free(ctx, x.ptr);
    gnn_i_free(ctx, x.adj);
    return status;
}

void gnn_paths_destroy(gnn_paths_t **pp) {
    if (pp == NULL || *pp == NULL) return;
    gnn_paths_t *p = *pp;
    gnn_i_alloc_t a = p->alloc;
    for (int64_t k = 0; k <= GNN_PATHS_MAX_K; k++) {
        gnn_i_alloc_free(&a, p->nodes[k]);
        gnn_i_alloc_free(&a, p->dist[k]);
    }
    gnn_i_alloc_free(&a, p);
    *pp = NULL;
}

int64_t gnn_paths_max_length(const gnn_paths_t *p) { return p ? p->K : 0; }
int64_t gnn_paths_node_count(const gnn_paths_t *p) { return p ? p->n : 0; }
int64_t gnn_paths_count(const gnn_paths_t *p, int64_t k) { return p && k >= 1 && k <= p->K ? p->count[k] : 0; }

gnn_status_t gnn_paths_get(gnn_ctx_t *ctx, const gnn_paths_t *p, int64_t k, int64_t *nodes, int64_t *dist) {
    gnn_status_t status = GNN_SUCCESS;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_ARG_CHECK(ctx, p != NULL && nodes != NULL, "gnn_paths_get: paths and nodes must not be NULL");
    GNN_ARG_CHECK(ctx, k >= 1 && k <= p->K, "gnn_paths_get: length %lld is outside 1..%lld", (long long)k,
                  (long long)p->K);
    const int64_t c = p->count[k] * (k + 1);
    for (int64_t i = 0; i < c; i++) nodes[i] = p->nodes[k][i];
    if (dist)
        for (int64_t i = 0; i < c; i++) dist[i] = p->dist[k][i];
fail:
    return status;
}
