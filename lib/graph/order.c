/* order.c: METIS k-way partitioning and locality orderings (reverse
 * Cuthill-McKee written here: none of the dependencies ships one for plain
 * graphs; METIS nested dissection; SuiteSparse AMD through CXSparse). */
#include "../core/internal.h"

#include <metis.h>
#include <stdlib.h>
#include <string.h>
#include <suitesparse/cs.h>

/* Undirected adjacency without self-loops in METIS's layout. */
typedef struct sym_adj {
    int64_t n;
    idx_t *xadj, *adjncy, *adjwgt;
} sym_adj_t;

static void sym_free(gnn_ctx_t *ctx, sym_adj_t *s) {
    gnn_i_free(ctx, s->xadj);
    gnn_i_free(ctx, s->adjncy);
    gnn_i_free(ctx, s->adjwgt);
    memset(s, 0, sizeof *s);
}

static gnn_status_t sym_build(gnn_ctx_t *ctx, const gnn_graph_t *g, int weighted, sym_adj_t *s) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_graph_t *u = NULL;
    memset(s, 0, sizeof *s);
    GNN_CHECK(gnn_graph_symmetrise(ctx, g, weighted ? GNN_SYM_SUM : GNN_SYM_ONE, &u));
    if (u->m >= (int64_t)INT32_MAX && sizeof(idx_t) == 4) {
        status = gnn_i_error(ctx, GNN_ERANGE, "graph too large for METIS with 32-bit idx_t (%lld arcs)",
                             (long long)u->m);
        goto fail;
    }
    s->n = u->n;
    GNN_ALLOC(ctx, s->xadj, u->n + 1);
    GNN_ALLOC(ctx, s->adjncy, u->m > 0 ? u->m : 1);
    if (weighted) GNN_ALLOC(ctx, s->adjwgt, u->m > 0 ? u->m : 1);
    int64_t k = 0;
    s->xadj[0] = 0;
    for (int64_t v = 0; v < u->n; v++) {
        for (int64_t e = u->out_ptr[v]; e < u->out_ptr[v + 1]; e++) {
            if (u->out_idx[e] == v) continue;
            s->adjncy[k] = (idx_t)u->out_idx[e];
            if (weighted) {
                double w = u->weight ? u->weight[e] : 1.0;
                long long iw = (long long)(w + 0.5);
                s->adjwgt[k] = (idx_t)(iw < 1 ? 1 : iw > 1000000000 ? 1000000000 : iw);
            }
            k++;
        }
        s->xadj[v + 1] = (idx_t)k;
    }
    gnn_graph_destroy(&u);
    return GNN_SUCCESS;
fail:
    gnn_graph_destroy(&u);
    sym_free(ctx, s);
    return status;
}

static gnn_status_t metis_status(gnn_ctx_t *ctx, int rc, const char *fn) {
    switch (rc) {
    case METIS_OK: return GNN_SUCCESS;
    case METIS_ERROR_INPUT: return gnn_i_error(ctx, GNN_EDEPENDENCY, "%s: METIS rejected the input", fn);
    case METIS_ERROR_MEMORY: return gnn_i_error(ctx, GNN_ENOMEM, "%s: METIS ran out of memory", fn);
    default: return gnn_i_error(ctx, GNN_EDEPENDENCY, "%s: METIS failed (code %d)", fn, rc);
    }
}

gnn_status_t gnn_graph_partition(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t parts, int weighted,
                                 int64_t *part, int64_t *edgecut) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_partition");
    sym_adj_t s = {0};
    idx_t *p = NULL;
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, part != NULL, "gnn_graph_partition: part is NULL");
    GNN_ARG_CHECK(ctx, parts >= 1 && parts <= g->n,
                  "gnn_graph_partition: parts must be in 1..%lld (the node count), got %lld",
                  (long long)g->n, (long long)parts);
    if (parts == 1) {
        for (int64_t v = 0; v < g->n; v++) part[v] = 0;
        if (edgecut) *edgecut = 0;
        return GNN_SUCCESS;
    }
    GNN_CHECK(sym_build(ctx, g, weighted && g->weight != NULL, &s));
    GNN_ALLOC(ctx, p, g->n);
    {
        idx_t nv = (idx_t)g->n, ncon = 1, np = (idx_t)parts, cut = 0;
        idx_t options[METIS_NOPTIONS];
        METIS_SetDefaultOptions(options);
        options[METIS_OPTION_SEED] = (idx_t)(gnn_ctx_seed(ctx) & 0x7fffffff);
        options[METIS_OPTION_NUMBERING] = 0;
        int rc = METIS_PartGraphKway(&nv, &ncon, s.xadj, s.adjncy, NULL, NULL, s.adjwgt, &np, NULL, NULL,
                                     options, &cut, p);
        GNN_CHECK(metis_status(ctx, rc, "gnn_graph_partition"));
        for (int64_t v = 0; v < g->n; v++) part[v] = p[v];
        if (edgecut) *edgecut = cut;
    }
fail:
    gnn_i_free(ctx, p);
    sym_free(ctx, &s);
    return status;
}

/* ---------------------------------------------------------------- RCM */

typedef struct deg_node {
    int64_t deg, id;
} deg_node_t;

static int cmp_deg(const void *a, const void *b) {
    const deg_node_t *x = a, *y = b;
    if (x->deg != y->deg) return x->deg < y->deg ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* BFS from root over unvisited nodes; returns the last level's first node of
 * minimum degree (a pseudo-peripheral candidate) and the eccentricity. */
static int64_t bfs_far(const sym_adj_t *s, int64_t root, const uint8_t *done, int64_t *level,
                       int64_t *queue, int64_t *ecc) {
    int64_t head = 0, tail = 0;
    queue[tail++] = root;
    level[root] = 0;
    int64_t far = root, maxl = 0;
    while (head < tail) {
        int64_t u = queue[head++];
        for (idx_t e = s->xadj[u]; e < s->xadj[u + 1]; e++) {
            int64_t v = s->adjncy[e];
            if (done[v] || level[v] >= 0) continue;
            level[v] = level[u] + 1;
            queue[tail++] = v;
        }
    }
    for (int64_t i = 0; i < tail; i++) {
        int64_t v = queue[i];
        int64_t dv = s->xadj[v + 1] - s->xadj[v], df = s->xadj[far + 1] - s->xadj[far];
        if (level[v] > maxl || (level[v] == maxl && dv < df)) {
            maxl = level[v];
            far = v;
        }
    }
    for (int64_t i = 0; i < tail; i++) level[queue[i]] = -1;
    *ecc = maxl;
    return far;
}

static gnn_status_t order_rcm(gnn_ctx_t *ctx, const sym_adj_t *s, int64_t *order) {
    gnn_status_t status = GNN_SUCCESS;
    const int64_t n = s->n;
    uint8_t *done = NULL;
    int64_t *level = NULL, *queue = NULL;
    deg_node_t *nb = NULL;
    deg_node_t *byd = NULL;
    GNN_CALLOC(ctx, done, n);
    GNN_ALLOC(ctx, level, n);
    GNN_ALLOC(ctx, queue, n);
    GNN_ALLOC(ctx, byd, n);
    int64_t maxdeg = 0;
    for (int64_t v = 0; v < n; v++) {
        level[v] = -1;
        byd[v].deg = s->xadj[v + 1] - s->xadj[v];
        byd[v].id = v;
        if (byd[v].deg > maxdeg) maxdeg = byd[v].deg;
    }
    GNN_ALLOC(ctx, nb, maxdeg > 0 ? maxdeg : 1);
    qsort(byd, (size_t)n, sizeof *byd, cmp_deg); /* component roots: min degree first */
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t root = byd[i].id;
        if (done[root]) continue;
        /* pseudo-peripheral node: repeat BFS while the eccentricity grows */
        int64_t ecc = 0, ecc2;
        int64_t far = bfs_far(s, root, done, level, queue, &ecc);
        for (int it = 0; it < 8; it++) {
            int64_t f2 = bfs_far(s, far, done, level, queue, &ecc2);
            if (ecc2 <= ecc) break;
            ecc = ecc2;
            root = far;
            far = f2;
        }
        /* Cuthill-McKee BFS with neighbours by increasing degree */
        int64_t head = k;
        order[k++] = root;
        done[root] = 1;
        while (head < k) {
            int64_t u = order[head++];
            int64_t c = 0;
            for (idx_t e = s->xadj[u]; e < s->xadj[u + 1]; e++) {
                int64_t v = s->adjncy[e];
                if (done[v]) continue;
                done[v] = 1;
                nb[c].deg = s->xadj[v + 1] - s->xadj[v];
                nb[c].id = v;
                c++;
            }
            qsort(nb, (size_t)c, sizeof *nb, cmp_deg);
            for (int64_t j = 0; j < c; j++) order[k++] = nb[j].id;
        }
    }
    for (int64_t i = 0; i < n / 2; i++) {
        int64_t t = order[i];
        order[i] = order[n - 1 - i];
        order[n - 1 - i] = t;
    }
fail:
    gnn_i_free(ctx, done);
    gnn_i_free(ctx, level);
    gnn_i_free(ctx, queue);
    gnn_i_free(ctx, nb);
    gnn_i_free(ctx, byd);
    return status;
}

static gnn_status_t order_nd(gnn_ctx_t *ctx, const sym_adj_t *s, int64_t *order) {
    gnn_status_t status = GNN_SUCCESS;
    idx_t *perm = NULL, *iperm = NULL;
    GNN_ALLOC(ctx, perm, s->n);
    GNN_ALLOC(ctx, iperm, s->n);
    {
        idx_t nv = (idx_t)s->n;
        idx_t options[METIS_NOPTIONS];
        METIS_SetDefaultOptions(options);
        options[METIS_OPTION_SEED] = (idx_t)(gnn_ctx_seed(ctx) & 0x7fffffff);
        options[METIS_OPTION_NUMBERING] = 0;
        int rc = METIS_NodeND(&nv, s->xadj, s->adjncy, NULL, options, perm, iperm);
        GNN_CHECK(metis_status(ctx, rc, "gnn_graph_order(nd)"));
        /* METIS: row i of the permuted matrix is row perm[i] of the original */
        for (int64_t i = 0; i < s->n; i++) order[i] = perm[i];
    }
fail:
    gnn_i_free(ctx, perm);
    gnn_i_free(ctx, iperm);
    return status;
}

static gnn_status_t order_amd(gnn_ctx_t *ctx, const sym_adj_t *s, int64_t *order) {
    /* CXSparse wants a compressed-column matrix; the symmetric pattern serves
     * as its own transpose. */
    cs_dl A;
    cs_long_t *p = NULL, *i = NULL;
    gnn_status_t status = GNN_SUCCESS;
    int64_t nnz = s->xadj[s->n];
    GNN_ALLOC(ctx, p, s->n + 1);
    GNN_ALLOC(ctx, i, nnz > 0 ? nnz : 1);
    for (int64_t v = 0; v <= s->n; v++) p[v] = s->xadj[v];
    for (int64_t e = 0; e < nnz; e++) i[e] = s->adjncy[e];
    A.nzmax = nnz;
    A.m = A.n = s->n;
    A.p = p;
    A.i = i;
    A.x = NULL;
    A.nz = -1;
    {
        cs_long_t *P = cs_dl_amd(1, &A);
        if (P == NULL) {
            status = gnn_i_error(ctx, GNN_EDEPENDENCY, "gnn_graph_order(amd): CXSparse cs_amd failed");
            goto fail;
        }
        for (int64_t k = 0; k < s->n; k++) order[k] = P[k];
        cs_dl_free(P);
    }
fail:
    gnn_i_free(ctx, p);
    gnn_i_free(ctx, i);
    return status;
}

typedef struct key_node {
    int64_t key, id;
} key_node_t;

static int cmp_key(const void *a, const void *b) {
    const key_node_t *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

gnn_status_t gnn_graph_order(gnn_ctx_t *ctx, const gnn_graph_t *g, int method, int64_t *order) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_graph_order");
    sym_adj_t s = {0};
    key_node_t *kn = NULL;
    int64_t *part = NULL;
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, order != NULL, "gnn_graph_order: order is NULL");
    switch (method) {
    case GNN_ORDER_RCM:
        GNN_CHECK(sym_build(ctx, g, 0, &s));
        GNN_CHECK(order_rcm(ctx, &s, order));
        break;
    case GNN_ORDER_ND:
        GNN_CHECK(sym_build(ctx, g, 0, &s));
        GNN_CHECK(order_nd(ctx, &s, order));
        break;
    case GNN_ORDER_AMD:
        GNN_CHECK(sym_build(ctx, g, 0, &s));
        GNN_CHECK(order_amd(ctx, &s, order));
        break;
    case GNN_ORDER_PART:
    case GNN_ORDER_DEGREE: {
        GNN_ALLOC(ctx, kn, g->n);
        if (method == GNN_ORDER_PART) {
            /* parts of about 128 nodes (a few pages of features each), at most 256 parts */
            int64_t size = g->n / 256 > 128 ? g->n / 256 : 128;
            int64_t parts = (g->n + size - 1) / size;
            GNN_ALLOC(ctx, part, g->n);
            GNN_CHECK(gnn_graph_partition(ctx, g, parts, 0, part, NULL));
            for (int64_t v = 0; v < g->n; v++) kn[v].key = part[v];
        } else {
            for (int64_t v = 0; v < g->n; v++)
                kn[v].key = -gnn_graph_degree_of(g, v, GNN_ALL);
        }
        for (int64_t v = 0; v < g->n; v++) kn[v].id = v;
        qsort(kn, (size_t)g->n, sizeof *kn, cmp_key);
        for (int64_t v = 0; v < g->n; v++) order[v] = kn[v].id;
        break;
    }
    default:
        status = gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_order: unknown method %d", method);
    }
fail:
    sym_free(ctx, &s);
    gnn_i_free(ctx, kn);
    gnn_i_free(ctx, part);
    return status;
}

gnn_status_t gnn_graph_reorder(gnn_ctx_t *ctx, const gnn_graph_t *g, int method, gnn_graph_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    int64_t *order = NULL, *perm = NULL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_graph_reorder: out is NULL");
    *out = NULL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_graph_reorder"));
    GNN_ALLOC(ctx, order, g->n);
    GNN_ALLOC(ctx, perm, g->n);
    GNN_CHECK(gnn_graph_order(ctx, g, method, order));
    for (int64_t i = 0; i < g->n; i++) perm[order[i]] = i;
    GNN_CHECK(gnn_graph_permute(ctx, g, perm, out));
fail:
    gnn_i_free(ctx, order);
    gnn_i_free(ctx, perm);
    return status;
}
