/* test_ricci.c: Ollivier-Ricci curvature (gnn/ricci.h) against the oracles
 * of specs/ricci.md: the closed forms of section 8.1 on small graphs built
 * here, the weighted cases of 8.2 (lengths as graph weights and as the
 * length array, both denominators), the karate club table of 8.3
 * (tests/data/karate_orc.tsv: OTD and ATD at alpha 0.5, OTD at alpha 0),
 * the directed graph of 8.4 and the node-curvature quirk of 1.4, the solver
 * cross-checks of 8.6 (Sinkhorn above exact, ATD below OTD, symmetry,
 * relabelling, mix = exact), the transport plans (marginals, cost, the
 * barbell bridge of 8.7), nbr-topk, ATD with lengths, a weighted digraph,
 * thread invariance and bad input.
 *
 * Every expected value comes from the spec, from its closed forms, or is
 * derived by hand from its definitions (the derivation is in a comment);
 * none comes from running this library.  Distances for the plan checks are
 * computed here by Floyd-Warshall. */
#include "check.h"

#include <stdarg.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <stdint.h>

#define TOL 1e-6
#define UFLAGS (GNN_UNDIRECTED | GNN_LOOPS_DROP | GNN_DUP_FIRST)
#define DFLAGS (GNN_DIRECTED | GNN_LOOPS_DROP | GNN_DUP_FIRST)

/* ---- a deterministic LCG (independent of the library's generator) ---- */

static uint64_t lcg_state;
static void lcg_seed(uint64_t s) { lcg_state = s * 0x9E3779B97F4A7C15ULL + 1; }
static uint64_t lcg_next(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lcg_state >> 33; /* 31 bits */
}
static double lcg_unif(void) { return (double)lcg_next() / 2147483648.0; }
static int64_t lcg_below(int64_t n) { return (int64_t)(lcg_unif() * (double)n); }

/* ---- edge lists ---- */

typedef struct {
    int64_t n, m, cap;
    int64_t *u, *v;
    float *w;
} el_t;

static void el_add_w(el_t *e, int64_t a, int64_t b, float w) {
    if (e->m == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 64;
        e->u = realloc(e->u, sizeof(int64_t) * (size_t)e->cap);
        e->v = realloc(e->v, sizeof(int64_t) * (size_t)e->cap);
        e->w = realloc(e->w, sizeof(float) * (size_t)e->cap);
        if (!e->u || !e->v || !e->w) {
            fprintf(stderr, "out of memory\n");
            exit(99);
        }
    }
    e->u[e->m] = a;
    e->v[e->m] = b;
    e->w[e->m] = w;
    e->m++;
    if (a + 1 > e->n) e->n = a + 1;
    if (b + 1 > e->n) e->n = b + 1;
}
static void el_add(el_t *e, int64_t a, int64_t b) { el_add_w(e, a, b, 1.0f); }
static void el_free(el_t *e) {
    free(e->u);
    free(e->v);
    free(e->w);
    memset(e, 0, sizeof *e);
}

static el_t el_complete(int n) {
    el_t e = {0};
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++) el_add(&e, a, b);
    return e;
}
static el_t el_cycle(int n) {
    el_t e = {0};
    for (int a = 0; a < n; a++) el_add(&e, a, (a + 1) % n);
    return e;
}
static el_t el_path(int n) {
    el_t e = {0};
    for (int a = 0; a + 1 < n; a++) el_add(&e, a, a + 1);
    return e;
}
/* centre 0, leaves 1..k */
static el_t el_star(int k) {
    el_t e = {0};
    for (int a = 1; a <= k; a++) el_add(&e, 0, a);
    return e;
}
/* centres 0 (degree a) and 1 (degree b), joined; leaves after them */
static el_t el_double_star(int a, int b) {
    el_t e = {0};
    el_add(&e, 0, 1);
    int next = 2;
    for (int i = 0; i < a - 1; i++) el_add(&e, 0, next++);
    for (int i = 0; i < b - 1; i++) el_add(&e, 1, next++);
    return e;
}
/* node r * cols + c */
static el_t el_grid(int rows, int cols) {
    el_t e = {0};
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            if (c + 1 < cols) el_add(&e, r * cols + c, r * cols + c + 1);
            if (r + 1 < rows) el_add(&e, r * cols + c, (r + 1) * cols + c);
        }
    return e;
}
/* parts 0..a-1 and a..a+b-1 */
static el_t el_kbip(int a, int b) {
    el_t e = {0};
    for (int i = 0; i < a; i++)
        for (int j = 0; j < b; j++) el_add(&e, i, a + j);
    return e;
}
static el_t el_hypercube(int d) {
    el_t e = {0};
    for (int v = 0; v < (1 << d); v++)
        for (int k = 0; k < d; k++)
            if (!(v & (1 << k))) el_add(&e, v, v | (1 << k));
    return e;
}
/* outer 5-cycle 0..4, spokes i - i+5, inner pentagram */
static el_t el_petersen(void) {
    el_t e = {0};
    for (int i = 0; i < 5; i++) {
        el_add(&e, i, (i + 1) % 5);
        el_add(&e, i, i + 5);
        el_add(&e, 5 + i, 5 + (i + 2) % 5);
    }
    return e;
}
/* networkx barbell_graph(k, 0): K_k on 0..k-1, K_k on k..2k-1, bridge k-1 - k */
static el_t el_barbell(int k) {
    el_t e = {0};
    for (int a = 0; a < k; a++)
        for (int b = a + 1; b < k; b++) {
            el_add(&e, a, b);
            el_add(&e, k + a, k + b);
        }
    el_add(&e, k - 1, k);
    return e;
}
/* Barabasi-Albert: K_{m+1} then every new node joins m distinct nodes
 * chosen in proportion to their degree */
static el_t el_ba(int n, int m, uint64_t seed) {
    el_t e = {0};
    lcg_seed(seed);
    int64_t *rep = malloc(sizeof(int64_t) * (size_t)(2 * n * m + (m + 1) * (m + 1)));
    int64_t nrep = 0, pick[16] = {0};
    for (int a = 0; a <= m; a++)
        for (int b = a + 1; b <= m; b++) {
            el_add(&e, a, b);
            rep[nrep++] = a;
            rep[nrep++] = b;
        }
    for (int v = m + 1; v < n; v++) {
        int got = 0;
        while (got < m) {
            int64_t t = rep[lcg_below(nrep)];
            int dup = 0;
            for (int i = 0; i < got; i++) dup |= pick[i] == t;
            if (!dup) pick[got++] = t;
        }
        for (int i = 0; i < m; i++) {
            el_add(&e, v, pick[i]);
            rep[nrep++] = v;
            rep[nrep++] = pick[i];
        }
    }
    free(rep);
    return e;
}
/* Erdos-Renyi G(n, p) */
static el_t el_er(int n, double p, uint64_t seed) {
    el_t e = {0};
    lcg_seed(seed);
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++)
            if (lcg_unif() < p) el_add(&e, a, b);
    e.n = n;
    return e;
}

static gnn_graph_t *el_graph(gnn_ctx_t *ctx, const el_t *e, int weighted, int flags) {
    gnn_graph_t *g = NULL;
    gnn_status_t st = gnn_graph_from_edges(ctx, e->n, e->m, e->u, e->v, weighted ? e->w : NULL, NULL, 0, flags, &g);
    if (st < 0) {
        fprintf(stderr, "gnn_graph_from_edges -> %d (%s)\n", st, gnn_ctx_errmsg(ctx));
        return NULL;
    }
    return g;
}

/* ---- curvature helpers ---- */

/* options from name, value pairs ending with NULL */
static gnn_opts_t *mkopts(const char *name, ...) {
    gnn_opts_t *o = NULL;
    if (gnn_opts_create(&o) < 0) {
        fprintf(stderr, "gnn_opts_create failed\n");
        exit(99);
    }
    va_list ap;
    va_start(ap, name);
    for (const char *k = name; k != NULL; k = va_arg(ap, const char *)) {
        const char *v = va_arg(ap, const char *);
        if (gnn_opts_set(o, k, v) < 0) {
            fprintf(stderr, "gnn_opts_set(%s, %s) failed\n", k, v);
            exit(99);
        }
    }
    va_end(ap);
    return o;
}

static double *curvature(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *len, const gnn_opts_t *o,
                         const char *what) {
    int64_t m = gnn_graph_arc_count(g);
    double *k = malloc(sizeof(double) * (size_t)(m > 0 ? m : 1));
    for (int64_t i = 0; i < m; i++) k[i] = NAN;
    gnn_status_t st = gnn_orc_edge_curvature(ctx, g, len, o, k);
    if (st < 0) {
        CHECK(0, "%s: gnn_orc_edge_curvature -> %d (%s)", what, st, gnn_ctx_errmsg(ctx));
        free(k);
        return NULL;
    }
    return k;
}

/* exact transport at the given alpha */
static double *curv_alpha(gnn_ctx_t *ctx, const gnn_graph_t *g, double alpha, const char *what) {
    char a[32];
    snprintf(a, sizeof a, "%.17g", alpha);
    gnn_opts_t *o = mkopts("alpha", a, "method", "exact", NULL);
    double *k = curvature(ctx, g, NULL, o, what);
    gnn_opts_destroy(&o);
    return k;
}

static double arc_kappa(const gnn_graph_t *g, const double *k, int64_t u, int64_t v) {
    int64_t a = gnn_graph_find_arc(g, u, v);
    return a < 0 ? NAN : k[a];
}

/* both arcs of u-v (or the arc u -> v of a directed graph) */
static void check_edge(const gnn_graph_t *g, const double *k, int64_t u, int64_t v, double want, double tol,
                       const char *what, double alpha) {
    double a = arc_kappa(g, k, u, v);
    CHECK(fabs(a - want) <= tol, "%s, alpha %g, edge %lld-%lld: kappa %.9f, want %.6f", what, alpha, (long long)u,
          (long long)v, a, want);
    if (!gnn_graph_is_directed(g)) {
        double b = arc_kappa(g, k, v, u);
        CHECK(fabs(b - want) <= tol, "%s, alpha %g, arc %lld->%lld: kappa %.9f, want %.6f", what, alpha, (long long)v,
              (long long)u, b, want);
    }
}

/* every arc */
static void check_all(const gnn_graph_t *g, const double *k, double want, const char *what, double alpha) {
    int64_t m = gnn_graph_arc_count(g), bad = 0, first = -1;
    for (int64_t i = 0; i < m; i++)
        if (!(fabs(k[i] - want) <= TOL)) {
            if (first < 0) first = i;
            bad++;
        }
    CHECK(bad == 0, "%s, alpha %g: %lld of %lld arcs off, e.g. arc %lld: kappa %.9f, want %.6f", what, alpha,
          (long long)bad, (long long)m, (long long)first, first >= 0 ? k[first] : 0.0, want);
}

/* one graph, every arc equal to want at each alpha */
static void all_edges_case(gnn_ctx_t *ctx, el_t e, int nalpha, const double *alpha, const double *want,
                           const char *what) {
    gnn_graph_t *g = el_graph(ctx, &e, 0, UFLAGS);
    CHECK(g != NULL, "%s: graph", what);
    if (g) {
        for (int i = 0; i < nalpha; i++) {
            double *k = curv_alpha(ctx, g, alpha[i], what);
            if (k) check_all(g, k, want[i], what, alpha[i]);
            free(k);
        }
    }
    gnn_graph_destroy(&g);
    el_free(&e);
}

/* all-pairs distances (Floyd-Warshall) with the given lengths (NULL: the
 * graph's weights); arcs of a directed graph are one-way */
static double *apsp(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *len) {
    int64_t n = gnn_graph_node_count(g), m = gnn_graph_arc_count(g);
    int64_t *s = malloc(sizeof(int64_t) * (size_t)m), *t = malloc(sizeof(int64_t) * (size_t)m);
    float *w = malloc(sizeof(float) * (size_t)m);
    double *D = malloc(sizeof(double) * (size_t)(n * n));
    gnn_graph_arcs(ctx, g, s, t, w, NULL);
    for (int64_t i = 0; i < n * n; i++) D[i] = INFINITY;
    for (int64_t i = 0; i < n; i++) D[i * n + i] = 0;
    for (int64_t a = 0; a < m; a++) {
        double l = len ? len[a] : (double)w[a];
        if (l < D[s[a] * n + t[a]]) D[s[a] * n + t[a]] = l;
    }
    for (int64_t k = 0; k < n; k++)
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j < n; j++)
                if (D[i * n + k] + D[k * n + j] < D[i * n + j]) D[i * n + j] = D[i * n + k] + D[k * n + j];
    free(s);
    free(t);
    free(w);
    return D;
}

/* per-arc lengths from a per-edge rule: len(u, v) looked up in an edge list */
static double *arc_lengths(gnn_ctx_t *ctx, const gnn_graph_t *g, const el_t *e) {
    int64_t m = gnn_graph_arc_count(g);
    int64_t *s = malloc(sizeof(int64_t) * (size_t)m), *t = malloc(sizeof(int64_t) * (size_t)m);
    double *len = malloc(sizeof(double) * (size_t)m);
    gnn_graph_arcs(ctx, g, s, t, NULL, NULL);
    for (int64_t a = 0; a < m; a++) {
        len[a] = NAN;
        for (int64_t i = 0; i < e->m; i++)
            if ((e->u[i] == s[a] && e->v[i] == t[a]) || (e->u[i] == t[a] && e->v[i] == s[a])) len[a] = e->w[i];
    }
    free(s);
    free(t);
    return len;
}

/* ---- 8.1: closed forms ---- */

static void test_complete(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* the table's values */
    static const struct {
        int n;
        double alpha, want;
    } lit[] = {{3, 0, 0.5},         {4, 0, 0.666667},  {5, 0, 0.75},       {6, 0, 0.8},        {7, 0, 0.833333},
               {3, 0.5, 0.75},      {4, 0.5, 0.666667}, {5, 0.5, 0.625},   {6, 0.5, 0.6},      {7, 0.5, 0.583333},
               {4, 0.25, 1.0},      {5, 0.25, 0.9375}, {3, 0.9, 0.15},     {7, 0.9, 0.116667}};
    for (int n = 3; n <= 7; n++) {
        el_t e = el_complete(n);
        gnn_graph_t *g = el_graph(ctx, &e, 0, UFLAGS);
        el_free(&e);
        REQUIRE(g != NULL, "K%d", n);
        char what[32];
        snprintf(what, sizeof what, "K%d", n);
        for (size_t i = 0; i < sizeof lit / sizeof lit[0]; i++) {
            if (lit[i].n != n) continue;
            double *k = curv_alpha(ctx, g, lit[i].alpha, what);
            if (k) check_all(g, k, lit[i].want, what, lit[i].alpha);
            free(k);
        }
        /* the general column: 1 - |alpha - (1 - alpha)/(n - 1)|, plus the
         * alpha = 0 and 1/2 columns' closed forms */
        const double al[] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0};
        for (size_t i = 0; i < sizeof al / sizeof al[0]; i++) {
            double *k = curv_alpha(ctx, g, al[i], what);
            if (k) check_all(g, k, 1 - fabs(al[i] - (1 - al[i]) / (n - 1)), what, al[i]);
            if (k && al[i] == 0) check_all(g, k, (n - 2.0) / (n - 1.0), what, 0);
            if (k && al[i] == 0.5) check_all(g, k, n / (2.0 * (n - 1)), what, 0.5);
            free(k);
        }
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

static void test_cycles(void) {
    gnn_ctx_t *ctx = check_ctx();
    const double a2[] = {0, 0.5};
    all_edges_case(ctx, el_cycle(3), 2, a2, (const double[]){0.5, 0.75}, "C3");
    all_edges_case(ctx, el_cycle(4), 2, a2, (const double[]){0, 0.5}, "C4");
    all_edges_case(ctx, el_cycle(5), 2, a2, (const double[]){0, 0.25}, "C5");
    const double a5[] = {0, 0.1, 0.25, 0.5, 0.75}, z5[] = {0, 0, 0, 0, 0};
    all_edges_case(ctx, el_cycle(6), 5, a5, z5, "C6");
    all_edges_case(ctx, el_cycle(7), 5, a5, z5, "C7");
    all_edges_case(ctx, el_cycle(8), 5, a5, z5, "C8");
    gnn_ctx_destroy(&ctx);
}

static void test_stars_trees_paths(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* stars: 0 at alpha 0, 1/k at 1/2, 2(1 - alpha)/k for alpha >= 1/2 */
    static const double lit_half[] = {0, 0, 0.5, 0.333333, 0.25, 0.2};
    for (int k = 2; k <= 5; k++) {
        char what[32];
        snprintf(what, sizeof what, "star k=%d", k);
        const double al[] = {0, 0.5, 0.6, 0.75, 0.9};
        double want[5] = {0, lit_half[k], 0, 0, 0};
        for (int i = 2; i < 5; i++) want[i] = 2 * (1 - al[i]) / k;
        all_edges_case(ctx, el_star(k), 5, al, want, what);
    }
    all_edges_case(ctx, el_star(3), 3, (const double[]){0.6, 0.75, 0.9}, (const double[]){0.266667, 0.166667, 0.066667},
                   "star k=3 (table)");

    /* tree edges: -2 max(0, 1 - 1/a - 1/b) at alpha 0, 1/a + 1/b - 1 at 1/2 */
    static const int ds[][2] = {{3, 3}, {2, 4}, {4, 2}, {3, 5}};
    for (size_t s = 0; s < sizeof ds / sizeof ds[0]; s++) {
        el_t e = el_double_star(ds[s][0], ds[s][1]);
        gnn_graph_t *g = el_graph(ctx, &e, 0, UFLAGS);
        REQUIRE(g != NULL, "double star");
        char what[48];
        snprintf(what, sizeof what, "double star a=%d b=%d", ds[s][0], ds[s][1]);
        for (int h = 0; h < 2; h++) {
            double alpha = h * 0.5;
            double *k = curv_alpha(ctx, g, alpha, what);
            if (!k) continue;
            for (int64_t i = 0; i < e.m; i++) {
                int64_t u = e.u[i], v = e.v[i];
                double a = (double)gnn_graph_degree_of(g, u, GNN_OUT), b = (double)gnn_graph_degree_of(g, v, GNN_OUT);
                double f = 1 - 1 / a - 1 / b;
                double want = h == 0 ? -2 * (f > 0 ? f : 0) : 1 / a + 1 / b - 1;
                check_edge(g, k, u, v, want, TOL, what, alpha);
            }
            if (ds[s][0] == 3 && ds[s][1] == 3) check_edge(g, k, 0, 1, h == 0 ? -0.666667 : -0.333333, TOL, what, alpha);
            free(k);
        }
        gnn_graph_destroy(&g);
        el_free(&e);
    }

    /* paths */
    all_edges_case(ctx, el_path(2), 2, (const double[]){0, 0.5}, (const double[]){0, 1.0}, "P2");
    for (int n = 3; n <= 7; n++) {
        el_t e = el_path(n);
        gnn_graph_t *g = el_graph(ctx, &e, 0, UFLAGS);
        el_free(&e);
        REQUIRE(g != NULL, "P%d", n);
        char what[32];
        snprintf(what, sizeof what, "P%d", n);
        for (int h = 0; h < 2; h++) {
            double alpha = h * 0.5;
            double *k = curv_alpha(ctx, g, alpha, what);
            if (!k) continue;
            for (int i = 0; i + 1 < n; i++) {
                int end = i == 0 || i + 2 == n;
                check_edge(g, k, i, i + 1, end && h ? 0.5 : 0.0, TOL, what, alpha);
            }
            free(k);
        }
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

static void test_grid(void) {
    gnn_ctx_t *ctx = check_ctx();
    el_t e = el_grid(5, 5);
    gnn_graph_t *g = el_graph(ctx, &e, 0, UFLAGS);
    el_free(&e);
    REQUIRE(g != NULL, "grid");
    const double al[] = {0, 0.25, 0.5, 0.75};
    for (size_t i = 0; i < sizeof al / sizeof al[0]; i++) {
        double *k = curv_alpha(ctx, g, al[i], "5x5 grid");
        if (!k) continue;
        check_edge(g, k, 2 * 5 + 2, 2 * 5 + 3, 0.0, TOL, "5x5 grid interior (2,2)-(2,3)", al[i]);
        check_edge(g, k, 2 * 5 + 2, 3 * 5 + 2, 0.0, TOL, "5x5 grid interior (2,2)-(3,2)", al[i]);
        check_edge(g, k, 1 * 5 + 1, 1 * 5 + 2, 0.0, TOL, "5x5 grid interior (1,1)-(1,2)", al[i]);
        if (al[i] == 0) {
            check_edge(g, k, 0, 1, 0.0, TOL, "5x5 grid corner (0,0)-(0,1)", 0);
            check_edge(g, k, 1, 2, 0.0, TOL, "5x5 grid border (0,1)-(0,2)", 0);
        }
        if (al[i] == 0.5) {
            check_edge(g, k, 0, 1, 0.166667, TOL, "5x5 grid corner (0,0)-(0,1)", 0.5);
            check_edge(g, k, 0, 5, 0.166667, TOL, "5x5 grid corner (0,0)-(1,0)", 0.5);
            check_edge(g, k, 1, 2, 0.0, TOL, "5x5 grid border (0,1)-(0,2)", 0.5);
        }
        free(k);
    }
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

static void test_symmetric_graphs(void) {
    gnn_ctx_t *ctx = check_ctx();
    const double a2[] = {0, 0.5};
    all_edges_case(ctx, el_kbip(2, 2), 2, a2, (const double[]){0, 0.5}, "K_{2,2}");
    all_edges_case(ctx, el_kbip(2, 3), 2, a2, (const double[]){0, 0.333333}, "K_{2,3}");
    all_edges_case(ctx, el_kbip(3, 3), 2, a2, (const double[]){0, 0.333333}, "K_{3,3}");
    all_edges_case(ctx, el_kbip(3, 4), 2, a2, (const double[]){0, 0.25}, "K_{3,4}");
    all_edges_case(ctx, el_hypercube(3), 2, a2, (const double[]){0, 0.333333}, "Q3");
    all_edges_case(ctx, el_petersen(), 2, a2, (const double[]){-0.333333, 0}, "Petersen");
    gnn_ctx_destroy(&ctx);
}

static void test_barbell(void) {
    gnn_ctx_t *ctx = check_ctx();
    el_t e = el_barbell(5);
    gnn_graph_t *g = el_graph(ctx, &e, 0, UFLAGS);
    el_free(&e);
    REQUIRE(g != NULL, "barbell");
    CHECK(gnn_graph_edge_count(g) == 21, "barbell(5,0) has %lld edges, want 21", (long long)gnn_graph_edge_count(g));
    for (int h = 0; h < 2; h++) {
        double alpha = 0.5 * h;
        double *k = curv_alpha(ctx, g, alpha, "barbell(5,0)");
        if (!k) continue;
        check_edge(g, k, 4, 5, h ? -0.6 : -1.2, TOL, "barbell(5,0) bridge", alpha);
        check_edge(g, k, 0, 1, h ? 0.625 : 0.75, TOL, "barbell(5,0) clique edge", alpha);
        check_edge(g, k, 3, 4, h ? 0.425 : 0.6, TOL, "barbell(5,0) clique edge at the bridge", alpha);
        /* the same by the graph's symmetries */
        check_edge(g, k, 1, 2, h ? 0.625 : 0.75, TOL, "barbell(5,0) clique edge", alpha);
        check_edge(g, k, 8, 9, h ? 0.625 : 0.75, TOL, "barbell(5,0) clique edge", alpha);
        check_edge(g, k, 0, 4, h ? 0.425 : 0.6, TOL, "barbell(5,0) clique edge at the bridge", alpha);
        check_edge(g, k, 5, 6, h ? 0.425 : 0.6, TOL, "barbell(5,0) clique edge at the bridge", alpha);
        free(k);
    }
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ---- 8.2: weighted ---- */

static void weighted_case(gnn_ctx_t *ctx, const el_t *e, const char *alpha, const char *power, const char *denom,
                          const double *want, const char *what) {
    gnn_opts_t *o = mkopts("alpha", alpha, "method", "exact", NULL);
    if (power) gnn_opts_set(o, "exp-power", power);
    if (denom) gnn_opts_set(o, "denominator", denom);
    char label[160];
    snprintf(label, sizeof label, "%s (alpha %s, exp-power %s, denominator %s)", what, alpha, power ? power : "default",
             denom ? denom : "default");
    /* way 1: the graph's float weights */
    gnn_graph_t *g = el_graph(ctx, e, 1, UFLAGS);
    CHECK(g != NULL, "%s: weighted graph", label);
    if (g) {
        double *k = curvature(ctx, g, NULL, o, label);
        if (k)
            for (int64_t i = 0; i < e->m; i++) check_edge(g, k, e->u[i], e->v[i], want[i], TOL, label, atof(alpha));
        free(k);
    }
    gnn_graph_destroy(&g);
    /* way 2: an unweighted graph and the length array */
    g = el_graph(ctx, e, 0, UFLAGS);
    CHECK(g != NULL, "%s: unweighted graph", label);
    if (g) {
        double *len = arc_lengths(ctx, g, e);
        double *k = curvature(ctx, g, len, o, label);
        if (k)
            for (int64_t i = 0; i < e->m; i++)
                check_edge(g, k, e->u[i], e->v[i], want[i], TOL, "(length array)", atof(alpha));
        free(k);
        free(len);
    }
    gnn_graph_destroy(&g);
    /* way 3: the length array overrides the graph's weights */
    el_t f = {0};
    for (int64_t i = 0; i < e->m; i++) el_add_w(&f, e->u[i], e->v[i], 7.0f);
    g = el_graph(ctx, &f, 1, UFLAGS);
    if (g) {
        double *len = arc_lengths(ctx, g, e);
        double *k = curvature(ctx, g, len, o, label);
        if (k)
            for (int64_t i = 0; i < e->m; i++)
                check_edge(g, k, e->u[i], e->v[i], want[i], TOL, "(length array over weights 7)", atof(alpha));
        free(k);
        free(len);
    }
    gnn_graph_destroy(&g);
    el_free(&f);
    gnn_opts_destroy(&o);
}

static void test_weighted(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* triangle w(0,1) = 1, w(1,2) = 1, w(0,2) = 3; edge order 01, 12, 02 */
    el_t t = {0};
    el_add_w(&t, 0, 1, 1);
    el_add_w(&t, 1, 2, 1);
    el_add_w(&t, 0, 2, 3);
    weighted_case(ctx, &t, "0", NULL, NULL, (const double[]){0.000335, 0.000335, 0.999665}, "triangle 1,1,3");
    weighted_case(ctx, &t, "0", "2", "distance", (const double[]){0.000335, 0.000335, 0.999665}, "triangle 1,1,3");
    weighted_case(ctx, &t, "0", "2", "edge-weight", (const double[]){0.000335, 0.000335, 0.999776}, "triangle 1,1,3");
    weighted_case(ctx, &t, "0.5", NULL, NULL, (const double[]){0.500168, 0.500168, 0.500168}, "triangle 1,1,3");
    weighted_case(ctx, &t, "0.5", "2", "edge-weight", (const double[]){0.500168, 0.500168, 0.666778}, "triangle 1,1,3");
    el_free(&t);
    /* path 0-1-2-3 with weights 1, 2, 1 */
    el_t p = {0};
    el_add_w(&p, 0, 1, 1);
    el_add_w(&p, 1, 2, 2);
    el_add_w(&p, 2, 3, 1);
    weighted_case(ctx, &p, "0.5", "1", NULL, (const double[]){0.596588, -0.096588, 0.596588}, "path 1,2,1");
    weighted_case(ctx, &p, "0.5", "2", NULL, (const double[]){0.928861, -0.428861, 0.928861}, "path 1,2,1");
    weighted_case(ctx, &p, "0.5", "2", "edge-weight", (const double[]){0.928861, -0.428861, 0.928861}, "path 1,2,1");
    el_free(&p);

    /* 1.2: equal lengths give the plain lazy walk, and W and d scale
     * together: K3 with lengths 30 (e^(-900) underflows in plain doubles)
     * keeps the unweighted 0.75 at alpha 1/2 and 0.5 at alpha 0 */
    el_t k3 = {0};
    el_add_w(&k3, 0, 1, 30);
    el_add_w(&k3, 1, 2, 30);
    el_add_w(&k3, 0, 2, 30);
    weighted_case(ctx, &k3, "0.5", NULL, NULL, (const double[]){0.75, 0.75, 0.75}, "K3 lengths 30");
    weighted_case(ctx, &k3, "0", NULL, NULL, (const double[]){0.5, 0.5, 0.5}, "K3 lengths 30");
    el_free(&k3);

    /* 1.3: an edge of length < 1e-7 gets curvature 0 */
    el_t z = {0};
    el_add_w(&z, 0, 1, 1);
    el_add_w(&z, 1, 2, 0);
    el_add_w(&z, 2, 3, 1);
    gnn_graph_t *g = el_graph(ctx, &z, 1, UFLAGS);
    if (g) {
        double *k = curv_alpha(ctx, g, 0.5, "zero-length edge");
        if (k) {
            check_edge(g, k, 1, 2, 0.0, 0, "zero-length edge 1-2", 0.5);
            for (int64_t i = 0; i < gnn_graph_arc_count(g); i++)
                CHECK(isfinite(k[i]), "zero-length edge graph: arc %lld kappa %g", (long long)i, k[i]);
        }
        free(k);
    }
    gnn_graph_destroy(&g);
    el_free(&z);
    gnn_ctx_destroy(&ctx);
}

/* ---- 8.3: karate ---- */

#define KM 78
typedef struct {
    int64_t u[KM], v[KM];
    double otd[KM], atd[KM], flow[KM], otd0[KM];
} karate_t;

static int karate_load(karate_t *k) {
    const char *path = check_data("karate_orc.tsv");
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return 0;
    }
    int m = 0;
    long long u, v;
    double a, b, c, d;
    while (m < KM && fscanf(f, "%lld %lld %lf %lf %lf %lf", &u, &v, &a, &b, &c, &d) == 6) {
        k->u[m] = u;
        k->v[m] = v;
        k->otd[m] = a;
        k->atd[m] = b;
        k->flow[m] = c;
        k->otd0[m] = d;
        m++;
    }
    int extra = fscanf(f, "%lld", &u);
    fclose(f);
    return m == KM && extra == EOF;
}

static gnn_graph_t *karate_graph(gnn_ctx_t *ctx, const karate_t *k) {
    gnn_graph_t *g = NULL;
    if (gnn_graph_from_edges(ctx, 34, KM, k->u, k->v, NULL, NULL, 0, UFLAGS, &g) < 0) return NULL;
    return g;
}

static void check_karate_column(const gnn_graph_t *g, const karate_t *K, const double *k, const double *want,
                                const char *what) {
    int bad = 0;
    for (int i = 0; i < KM; i++) {
        double a = arc_kappa(g, k, K->u[i], K->v[i]), b = arc_kappa(g, k, K->v[i], K->u[i]);
        if (!(fabs(a - want[i]) <= TOL && fabs(b - want[i]) <= TOL)) {
            if (bad++ < 10)
                CHECK(0, "%s: edge #%d %lld-%lld: kappa %.9f / %.9f, want %.6f", what, i, (long long)K->u[i],
                      (long long)K->v[i], a, b, want[i]);
        }
    }
    CHECK(bad == 0, "%s: %d of 78 edges off", what, bad);
}

static double edge_mean(const gnn_graph_t *g, const karate_t *K, const double *k) {
    double s = 0;
    for (int i = 0; i < KM; i++) s += arc_kappa(g, k, K->u[i], K->v[i]);
    return s / KM;
}

static void test_karate(void) {
    gnn_ctx_t *ctx = check_ctx();
    static karate_t K;
    REQUIRE(karate_load(&K), "tests/data/karate_orc.tsv: want 78 rows of 6 columns");
    gnn_graph_t *g = karate_graph(ctx, &K);
    REQUIRE(g != NULL, "karate graph");
    CHECK(gnn_graph_node_count(g) == 34 && gnn_graph_edge_count(g) == 78 && gnn_graph_arc_count(g) == 156,
          "karate: %lld nodes, %lld edges", (long long)gnn_graph_node_count(g), (long long)gnn_graph_edge_count(g));

    gnn_opts_t *o = mkopts("alpha", "0.5", "method", "exact", NULL);
    double *k5 = curvature(ctx, g, NULL, o, "karate OTD 0.5");
    gnn_opts_destroy(&o);
    if (k5) {
        check_karate_column(g, &K, k5, K.otd, "karate OTD alpha 0.5");
        CHECK(fabs(arc_kappa(g, k5, 0, 1) - 0.111111) <= TOL, "karate (0,1): %.9f, want 0.111111",
              arc_kappa(g, k5, 0, 1));
        double mean = edge_mean(g, &K, k5);
        CHECK(fabs(mean - 0.070856) <= TOL, "karate mean edge curvature alpha 0.5: %.9f, want 0.070856", mean);
        double *nk = malloc(sizeof(double) * 34);
        gnn_status_t st = gnn_orc_node_curvature(ctx, g, k5, nk);
        CHECK(st == GNN_SUCCESS, "node curvature -> %d (%s)", st, gnn_ctx_errmsg(ctx));
        if (st == GNN_SUCCESS) {
            CHECK(fabs(nk[0] - (-0.070530)) <= TOL, "karate node 0 curvature %.9f, want -0.070530", nk[0]);
            /* mean of the incident edges, every node (from the table) */
            for (int v = 0; v < 34; v++) {
                double s = 0;
                int d = 0;
                for (int i = 0; i < KM; i++)
                    if (K.u[i] == v || K.v[i] == v) s += K.otd[i], d++;
                CHECK(d > 0 && fabs(nk[v] - s / d) <= TOL, "karate node %d curvature %.9f, table mean %.7f", v, nk[v],
                      d ? s / d : NAN);
            }
        }
        free(nk);
    }

    /* the defaults (no options): alpha 0.5, method mix (exact here) */
    double *kd = curvature(ctx, g, NULL, NULL, "karate defaults");
    if (kd) check_karate_column(g, &K, kd, K.otd, "karate default options");

    double *k0 = curv_alpha(ctx, g, 0, "karate OTD 0");
    if (k0) {
        check_karate_column(g, &K, k0, K.otd0, "karate OTD alpha 0");
        double mean = edge_mean(g, &K, k0);
        CHECK(fabs(mean - 0.006721) <= TOL, "karate mean edge curvature alpha 0: %.9f, want 0.006721", mean);
        /* the extremes listed in 8.3 */
        check_edge(g, k0, 0, 31, -0.854167, TOL, "karate most negative", 0);
        check_edge(g, k0, 13, 33, -0.576471, TOL, "karate", 0);
        check_edge(g, k0, 0, 5, -0.5625, TOL, "karate", 0);
        check_edge(g, k0, 0, 6, -0.5625, TOL, "karate", 0);
        check_edge(g, k0, 19, 33, -0.509804, TOL, "karate", 0);
        check_edge(g, k0, 5, 6, 0.5, TOL, "karate most positive", 0);
        check_edge(g, k0, 3, 7, 0.5, TOL, "karate", 0);
        check_edge(g, k0, 32, 33, 0.475490, TOL, "karate", 0);
        check_edge(g, k0, 3, 13, 0.433333, TOL, "karate", 0);
        check_edge(g, k0, 8, 30, 0.4, TOL, "karate", 0);
        double mn = INFINITY, mx = -INFINITY;
        for (int64_t i = 0; i < 156; i++) {
            if (k0[i] < mn) mn = k0[i];
            if (k0[i] > mx) mx = k0[i];
        }
        CHECK(fabs(mn - -0.854167) <= TOL && fabs(mx - 0.5) <= TOL, "karate alpha 0 range [%.6f, %.6f]", mn, mx);
    }

    o = mkopts("alpha", "0.5", "method", "atd", NULL);
    double *ka = curvature(ctx, g, NULL, o, "karate ATD 0.5");
    gnn_opts_destroy(&o);
    if (ka) check_karate_column(g, &K, ka, K.atd, "karate ATD alpha 0.5");

    free(k5);
    free(kd);
    free(k0);
    free(ka);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ---- 8.4: directed ---- */

static void check_plan(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *len, const gnn_opts_t *o, double alpha,
                       int64_t x, int64_t y, double want, const double *kall, const char *what);

static void test_directed(void) {
    gnn_ctx_t *ctx = check_ctx();
    const int64_t u[] = {0, 1, 2, 1, 3}, v[] = {1, 2, 3, 3, 1};
    gnn_graph_t *g = NULL;
    OK(ctx, gnn_graph_from_edges(ctx, 4, 5, u, v, NULL, NULL, 0, DFLAGS, &g));
    REQUIRE(gnn_graph_is_directed(g) && gnn_graph_arc_count(g) == 5, "directed graph with 5 arcs");
    gnn_opts_t *o = mkopts("alpha", "0.5", "method", "exact", NULL);
    double *k = curvature(ctx, g, NULL, o, "directed 8.4");
    if (k) {
        check_edge(g, k, 0, 1, -0.5, TOL, "directed 0->1", 0.5);
        check_edge(g, k, 1, 2, 0.0, TOL, "directed 1->2", 0.5);
        check_edge(g, k, 1, 3, 0.5, TOL, "directed 1->3", 0.5);
        check_edge(g, k, 2, 3, 0.5, TOL, "directed 2->3", 0.5);
        check_edge(g, k, 3, 1, 0.75, TOL, "directed 3->1", 0.5);
        /* 1.4 quirk: sum over the out-arcs / (in + out degree):
         * 0: -0.5/1; 1: (0 + 0.5)/4; 2: 0.5/2; 3: 0.75/3 */
        const double want[4] = {-0.5, 0.125, 0.25, 0.25};
        double nk[4];
        gnn_status_t st = gnn_orc_node_curvature(ctx, g, k, nk);
        CHECK(st == GNN_SUCCESS, "directed node curvature -> %d (%s)", st, gnn_ctx_errmsg(ctx));
        for (int i = 0; st == GNN_SUCCESS && i < 4; i++)
            CHECK(fabs(nk[i] - want[i]) <= TOL, "directed node %d curvature %.9f, want %.6f", i, nk[i], want[i]);
        /* 1.7: node 0 has no predecessors and keeps all its mass; y = 1
         * spreads over its successors 2 and 3 */
        check_plan(ctx, g, NULL, o, 0.5, 0, 1, -0.5, k, "directed 0->1");
        check_plan(ctx, g, NULL, o, 0.5, 3, 1, 0.75, k, "directed 3->1");
        check_plan(ctx, g, NULL, o, 0.5, 1, 2, 0.0, k, "directed 1->2");
        /* 1.5: ATD is the cost of a coupling, so kappa_ATD <= kappa_OTD on
         * unweighted graphs; a node without predecessors (successors) keeps
         * its mass (1.2) */
        gnn_opts_t *oa = mkopts("alpha", "0.5", "method", "atd", NULL);
        double *ka = curvature(ctx, g, NULL, oa, "directed ATD");
        for (int i = 0; ka && i < 5; i++)
            CHECK(arc_kappa(g, ka, u[i], v[i]) <= arc_kappa(g, k, u[i], v[i]) + 1e-12,
                  "directed 8.4 arc %lld->%lld: ATD %.6f above OTD %.6f", (long long)u[i], (long long)v[i],
                  arc_kappa(g, ka, u[i], v[i]), arc_kappa(g, k, u[i], v[i]));
        free(ka);
        gnn_opts_destroy(&oa);
        /* the same arcs in another order give the same values */
        const int64_t u2[] = {3, 1, 1, 2, 0}, v2[] = {1, 3, 2, 3, 1};
        gnn_graph_t *g2 = NULL;
        OK(ctx, gnn_graph_from_edges(ctx, 4, 5, u2, v2, NULL, NULL, 0, DFLAGS, &g2));
        double *k2 = curvature(ctx, g2, NULL, o, "directed reordered");
        for (int i = 0; k2 && i < 5; i++)
            CHECK(arc_kappa(g2, k2, u[i], v[i]) == arc_kappa(g, k, u[i], v[i]), "directed arc %lld->%lld differs",
                  (long long)u[i], (long long)v[i]);
        free(k2);
        gnn_graph_destroy(&g2);
    }
    free(k);
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* 1.4: isolated nodes get no value (NaN); a graph without edges */
static void test_isolated(void) {
    gnn_ctx_t *ctx = check_ctx();
    const int64_t u[] = {0, 1, 0}, v[] = {1, 2, 2};
    gnn_graph_t *g = NULL;
    OK(ctx, gnn_graph_from_edges(ctx, 5, 3, u, v, NULL, NULL, 0, UFLAGS, &g));
    double *k = curv_alpha(ctx, g, 0.5, "K3 plus isolated nodes");
    if (k) {
        check_all(g, k, 0.75, "K3 plus isolated nodes", 0.5);
        double nk[5];
        gnn_status_t st = gnn_orc_node_curvature(ctx, g, k, nk);
        CHECK(st == GNN_SUCCESS, "node curvature -> %d", st);
        CHECK(fabs(nk[0] - 0.75) <= TOL && fabs(nk[1] - 0.75) <= TOL && fabs(nk[2] - 0.75) <= TOL,
              "K3 node curvature %g %g %g, want 0.75", nk[0], nk[1], nk[2]);
        CHECK(isnan(nk[3]) && isnan(nk[4]), "isolated nodes: %g %g, want NaN", nk[3], nk[4]);
    }
    free(k);
    gnn_graph_destroy(&g);
    /* no edges at all: nothing to compute, every node NaN */
    OK(ctx, gnn_graph_from_edges(ctx, 3, 0, u, v, NULL, NULL, 0, UFLAGS, &g));
    double k0[1] = {0}, n0[3] = {0, 0, 0};
    OK(ctx, gnn_orc_edge_curvature(ctx, g, NULL, NULL, k0));
    OK(ctx, gnn_orc_node_curvature(ctx, g, k0, n0));
    CHECK(isnan(n0[0]) && isnan(n0[1]) && isnan(n0[2]), "edgeless graph: node curvature %g %g %g, want NaN", n0[0],
          n0[1], n0[2]);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* 1.2 nbr-topk: the kept neighbours are those of largest weight, ties to
 * the larger id (heapq.nlargest on (weight, node)); values by hand */
static void test_topk(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* star, centre 0, leaves 1..4, topk 2: the centre keeps 3 and 4.
     * 0-4: m_0 = .5@0 .25@3 .25@4, m_4 = .5@4 .5@0: W = .25 * d(3,4) = .5
     * 0-1: m_1 = .5@1 .5@0: W = .25 * 2 + .25 * 2 = 1 */
    el_t e = el_star(4);
    gnn_graph_t *g = el_graph(ctx, &e, 0, UFLAGS);
    el_free(&e);
    REQUIRE(g != NULL, "star");
    gnn_opts_t *o = mkopts("alpha", "0.5", "method", "exact", "nbr-topk", "2", NULL);
    double *k = curvature(ctx, g, NULL, o, "star topk 2");
    if (k) {
        check_edge(g, k, 0, 1, 0.0, TOL, "star k=4 topk 2", 0.5);
        check_edge(g, k, 0, 2, 0.0, TOL, "star k=4 topk 2", 0.5);
        check_edge(g, k, 0, 3, 0.5, TOL, "star k=4 topk 2", 0.5);
        check_edge(g, k, 0, 4, 0.5, TOL, "star k=4 topk 2", 0.5);
    }
    free(k);
    int64_t R = 0, C = 0;
    OK(ctx, gnn_orc_plan_size(ctx, g, o, gnn_graph_find_arc(g, 0, 1), &R, &C));
    CHECK(R == 3 && C == 2, "star topk 2: plan of 0->1 is %lld x %lld, want 3 x 2", (long long)R, (long long)C);
    {
        int64_t rn[3], cn[2];
        double rm[3], cm[2], P[6], kap;
        OK(ctx, gnn_orc_edge_plan(ctx, g, NULL, o, gnn_graph_find_arc(g, 0, 1), rn, rm, cn, cm, P, &kap));
        CHECK(rn[0] == 3 && rn[1] == 4 && rn[2] == 0 && fabs(rm[0] - 0.25) < 1e-15 && fabs(rm[1] - 0.25) < 1e-15,
              "star topk 2: rows %lld %lld %lld masses %g %g", (long long)rn[0], (long long)rn[1], (long long)rn[2], rm[0],
              rm[1]);
        CHECK(fabs(kap) <= TOL, "star topk 2: plan kappa %g, want 0", kap);
    }
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&g);

    /* 0 - {1, 2, 3}, 1 - 4, topk 2: 0 keeps 2 and 3.  Exact: m_0 = .5@0
     * .25@2 .25@3, m_1 = .5@1 .25@0 .25@4; W = 1.5, kappa -0.5.  ATD ignores
     * topk (1.5): mean of d over N(0) x N(1) = (1+1+1+3+1+3)/6, W = .5 +
     * .5 * 10/6, kappa -1/3 (the untruncated value) */
    const int64_t u[] = {0, 0, 0, 1}, v[] = {1, 2, 3, 4};
    OK(ctx, gnn_graph_from_edges(ctx, 5, 4, u, v, NULL, NULL, 0, UFLAGS, &g));
    o = mkopts("alpha", "0.5", "method", "exact", "nbr-topk", "2", NULL);
    k = curvature(ctx, g, NULL, o, "topk 2 exact");
    if (k) check_edge(g, k, 0, 1, -0.5, TOL, "topk 2 exact", 0.5);
    free(k);
    gnn_opts_destroy(&o);
    o = mkopts("alpha", "0.5", "method", "atd", NULL);
    k = curvature(ctx, g, NULL, o, "ATD");
    if (k) check_edge(g, k, 0, 1, -1.0 / 3, TOL, "ATD", 0.5);
    free(k);
    gnn_opts_destroy(&o);
    o = mkopts("alpha", "0.5", "method", "atd", "nbr-topk", "2", NULL);
    k = curvature(ctx, g, NULL, o, "ATD topk 2");
    if (k) check_edge(g, k, 0, 1, -1.0 / 3, TOL, "ATD with nbr-topk 2 (ATD ignores topk, spec 1.5)", 0.5);
    free(k);
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ATD (1.5) with lengths: W = alpha d(x,y) + (1 - alpha) mean d(N(x), N(y)),
 * uniform over the neighbours whatever base and exp-power say.  Triangle
 * 1, 1, 3: edge 0-2 has d = 2 and neighbour distances 1, 0, 2, 1 (mean 1):
 * W = 1.5; edge 0-1: distances 1, 1, 2, 0 (mean 1), W = 1 */
static void test_atd_weighted(void) {
    gnn_ctx_t *ctx = check_ctx();
    el_t t = {0};
    el_add_w(&t, 0, 1, 1);
    el_add_w(&t, 1, 2, 1);
    el_add_w(&t, 0, 2, 3);
    gnn_graph_t *g = el_graph(ctx, &t, 1, UFLAGS);
    el_free(&t);
    REQUIRE(g != NULL, "triangle");
    for (int p = 1; p <= 2; p++) {
        gnn_opts_t *o = mkopts("alpha", "0.5", "method", "atd", "exp-power", p == 1 ? "1" : "2", NULL);
        double *k = curvature(ctx, g, NULL, o, "ATD triangle");
        if (k) {
            check_edge(g, k, 0, 2, 1 - 1.5 / 2, TOL, "ATD triangle 1,1,3 (distance)", 0.5);
            check_edge(g, k, 0, 1, 0.0, TOL, "ATD triangle 1,1,3", 0.5);
            check_edge(g, k, 1, 2, 0.0, TOL, "ATD triangle 1,1,3", 0.5);
        }
        free(k);
        gnn_opts_set(o, "denominator", "edge-weight");
        k = curvature(ctx, g, NULL, o, "ATD triangle edge-weight");
        if (k) check_edge(g, k, 0, 2, 1 - 1.5 / 3, TOL, "ATD triangle 1,1,3 (edge-weight)", 0.5);
        free(k);
        gnn_opts_destroy(&o);
    }
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* 1.7 with lengths: arcs 0->2 (1), 1->2 (2), 2->3 (1).  For 2->3, m_2
 * spreads over the predecessors 0 and 1 with weights e^-(1^p), e^-(2^p);
 * 3 has no successors (m_3 = delta_3); d(0,3) = 2, d(1,3) = 3.  For 0->2
 * and 1->2 the source has no predecessors. */
static void test_directed_weighted(void) {
    gnn_ctx_t *ctx = check_ctx();
    const int64_t u[] = {0, 1, 2}, v[] = {2, 2, 3};
    const float w[] = {1, 2, 1};
    gnn_graph_t *g = NULL;
    OK(ctx, gnn_graph_from_edges(ctx, 4, 3, u, v, w, NULL, 0, DFLAGS, &g));
    for (int p = 1; p <= 2; p++) {
        gnn_opts_t *o = mkopts("alpha", "0.5", "method", "exact", "exp-power", p == 1 ? "1" : "2", NULL);
        double *k = curvature(ctx, g, NULL, o, "directed weighted");
        if (k) {
            double w0 = exp(-1.0), w1 = exp(-pow(2.0, p));
            double W = 0.5 * 1 + 0.5 * (2 * w0 + 3 * w1) / (w0 + w1);
            check_edge(g, k, 2, 3, 1 - W, TOL, p == 1 ? "directed weighted 2->3 p=1" : "directed weighted 2->3 p=2",
                       0.5);
            /* m_0 = delta_0, m_2 = .5@2 .5@3: W = .5 * 1 + .5 * 2 */
            check_edge(g, k, 0, 2, 1 - 1.5, TOL, "directed weighted 0->2", 0.5);
            /* m_1 = delta_1: W = .5 * 2 + .5 * 3, d(1,2) = 2 */
            check_edge(g, k, 1, 2, 1 - 2.5 / 2, TOL, "directed weighted 1->2", 0.5);
            check_plan(ctx, g, NULL, o, 0.5, 2, 3, 1 - W, k, "directed weighted plan 2->3");
            check_plan(ctx, g, NULL, o, 0.5, 1, 2, -0.25, k, "directed weighted plan 1->2");
        }
        free(k);
        gnn_opts_destroy(&o);
    }
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ---- 8.6: solver cross-checks ---- */

static void random_perm(int64_t n, int64_t *perm, uint64_t seed) {
    lcg_seed(seed);
    for (int64_t i = 0; i < n; i++) perm[i] = i;
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = lcg_below(i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

/* kappa of every edge unchanged by a random relabelling */
static void relabel_case(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *o, uint64_t seed, const char *what) {
    int64_t n = gnn_graph_node_count(g), m = gnn_graph_arc_count(g);
    int64_t *perm = malloc(sizeof(int64_t) * (size_t)n), *s = malloc(sizeof(int64_t) * (size_t)m),
            *t = malloc(sizeof(int64_t) * (size_t)m);
    random_perm(n, perm, seed);
    gnn_graph_t *p = NULL;
    gnn_status_t st = gnn_graph_permute(ctx, g, perm, &p);
    CHECK(st == GNN_SUCCESS, "%s: permute -> %d", what, st);
    double *k = curvature(ctx, g, NULL, o, what), *kp = p ? curvature(ctx, p, NULL, o, what) : NULL;
    if (k && kp) {
        gnn_graph_arcs(ctx, g, s, t, NULL, NULL);
        int bad = 0;
        double worst = 0;
        for (int64_t a = 0; a < m; a++) {
            double b = arc_kappa(p, kp, perm[s[a]], perm[t[a]]);
            double d = fabs(b - k[a]);
            if (!(d <= 1e-9)) bad++;
            if (d > worst || isnan(d)) worst = d;
        }
        CHECK(bad == 0, "%s: %d of %lld arcs change under relabelling (worst %.3g)", what, bad, (long long)m, worst);
    }
    free(k);
    free(kp);
    free(perm);
    free(s);
    free(t);
    gnn_graph_destroy(&p);
}

static void test_cross_checks(void) {
    gnn_ctx_t *ctx = check_ctx();
    static karate_t K;
    REQUIRE(karate_load(&K), "karate table");
    gnn_graph_t *g = karate_graph(ctx, &K);
    REQUIRE(g != NULL, "karate graph");
    gnn_opts_t *ox = mkopts("alpha", "0.5", "method", "exact", NULL);
    gnn_opts_t *os = mkopts("alpha", "0.5", "method", "sinkhorn", NULL);
    gnn_opts_t *om = mkopts("alpha", "0.5", "method", "mix", NULL);
    gnn_opts_t *oa = mkopts("alpha", "0.5", "method", "atd", NULL);
    gnn_opts_t *oa0 = mkopts("alpha", "0", "method", "atd", NULL);
    gnn_opts_t *ox0 = mkopts("alpha", "0", "method", "exact", NULL);
    double *kx = curvature(ctx, g, NULL, ox, "exact"), *ks = curvature(ctx, g, NULL, os, "sinkhorn"),
           *km = curvature(ctx, g, NULL, om, "mix"), *ka = curvature(ctx, g, NULL, oa, "atd"),
           *ka0 = curvature(ctx, g, NULL, oa0, "atd 0"), *kx0 = curvature(ctx, g, NULL, ox0, "exact 0");
    const int64_t m = gnn_graph_arc_count(g);
    if (kx && ks) {
        /* W_sinkhorn - W_exact = kappa_exact - kappa_sinkhorn (d = 1) */
        double mean = 0, mx = -INFINITY, mn = INFINITY;
        for (int i = 0; i < KM; i++) {
            double d = arc_kappa(g, kx, K.u[i], K.v[i]) - arc_kappa(g, ks, K.u[i], K.v[i]);
            mean += d / KM;
            if (d > mx) mx = d;
            if (d < mn) mn = d;
            CHECK(d >= -1e-12 && d <= 0.005, "sinkhorn - exact on %lld-%lld: %.3g, want in [0, 0.005]",
                  (long long)K.u[i], (long long)K.v[i], d);
        }
        /* 1.5: 0.0005 above exact on average, 0.0037 at most */
        CHECK(fabs(mean - 0.0005) <= 0.0001, "sinkhorn - exact: mean %.6f, spec 0.0005", mean);
        CHECK(fabs(mx - 0.0037) <= 0.0001, "sinkhorn - exact: max %.6f, spec 0.0037", mx);
        fprintf(stderr, "  sinkhorn - exact on karate: mean %.6f, min %.3g, max %.6f\n", mean, mn, mx);
    }
    if (kx && km) CHECK(memcmp(kx, km, sizeof(double) * (size_t)m) == 0, "mix differs from exact on karate");
    /* mix with threshold 10: Sinkhorn exactly where both supports (degree
     * + 1) exceed 10, exact elsewhere */
    gnn_opts_t *om10 = mkopts("alpha", "0.5", "method", "mix", "mix-threshold", "10", NULL);
    double *km10 = curvature(ctx, g, NULL, om10, "mix 10");
    gnn_opts_destroy(&om10);
    if (kx && ks && km10) {
        int64_t *s = malloc(sizeof(int64_t) * (size_t)m), *t = malloc(sizeof(int64_t) * (size_t)m);
        gnn_graph_arcs(ctx, g, s, t, NULL, NULL);
        int nsk = 0;
        for (int64_t a = 0; a < m; a++) {
            int sk = gnn_graph_degree_of(g, s[a], GNN_OUT) + 1 > 10 && gnn_graph_degree_of(g, t[a], GNN_OUT) + 1 > 10;
            nsk += sk;
            CHECK(km10[a] == (sk ? ks[a] : kx[a]), "mix-threshold 10, arc %lld-%lld: %.17g, want the %s value %.17g",
                  (long long)s[a], (long long)t[a], km10[a], sk ? "sinkhorn" : "exact", sk ? ks[a] : kx[a]);
        }
        CHECK(nsk == 6, "karate: %d arcs use Sinkhorn, want 6 (edges 0-2, 2-32, 32-33)", nsk);
        free(s);
        free(t);
    }
    free(km10);
    /* Sinkhorn at alpha 0 (zero masses on x and y) stays above exact */
    gnn_opts_t *os0 = mkopts("alpha", "0", "method", "sinkhorn", NULL);
    double *ks0 = curvature(ctx, g, NULL, os0, "sinkhorn 0");
    gnn_opts_destroy(&os0);
    if (kx0 && ks0)
        for (int64_t a = 0; a < m; a++)
            CHECK(isfinite(ks0[a]) && ks0[a] <= kx0[a] + 1e-12 && kx0[a] - ks0[a] <= 0.01,
                  "arc %lld: sinkhorn %.9f vs exact %.9f at alpha 0", (long long)a, ks0[a], kx0[a]);
    free(ks0);
    if (kx && ka)
        for (int64_t a = 0; a < m; a++)
            CHECK(ka[a] <= kx[a] + 1e-12, "arc %lld: ATD %.9f above OTD %.9f (alpha 0.5)", (long long)a, ka[a], kx[a]);
    if (kx0 && ka0)
        for (int64_t a = 0; a < m; a++)
            CHECK(ka0[a] <= kx0[a] + 1e-12, "arc %lld: ATD %.9f above OTD %.9f (alpha 0)", (long long)a, ka0[a], kx0[a]);
    /* symmetry: both arcs of every edge */
    const double *all[] = {kx, ks, km, ka, ka0, kx0};
    for (size_t c = 0; c < sizeof all / sizeof all[0]; c++)
        for (int i = 0; all[c] && i < KM; i++) {
            double a = arc_kappa(g, all[c], K.u[i], K.v[i]), b = arc_kappa(g, all[c], K.v[i], K.u[i]);
            CHECK(a == b, "method #%zu, edge %lld-%lld: arcs %.17g and %.17g", c, (long long)K.u[i], (long long)K.v[i],
                  a, b);
        }
    /* relabelling invariance: karate (exact, both alphas, ATD), a random
     * BA graph and a weighted ER graph */
    relabel_case(ctx, g, ox, 11, "karate exact 0.5 relabelled");
    relabel_case(ctx, g, ox0, 12, "karate exact 0 relabelled");
    relabel_case(ctx, g, oa, 13, "karate ATD relabelled");
    el_t e = el_ba(120, 3, 7);
    gnn_graph_t *b = el_graph(ctx, &e, 0, UFLAGS);
    el_free(&e);
    if (b) relabel_case(ctx, b, ox, 14, "BA(120, 3) relabelled");
    if (b && ox0) {
        /* ATD <= OTD on another unweighted graph */
        double *x = curvature(ctx, b, NULL, ox0, "BA exact"), *y = curvature(ctx, b, NULL, oa0, "BA atd");
        int bad = 0;
        for (int64_t a = 0; x && y && a < gnn_graph_arc_count(b); a++) bad += !(y[a] <= x[a] + 1e-12);
        CHECK(bad == 0, "BA(120, 3): ATD above OTD on %d arcs", bad);
        free(x);
        free(y);
    }
    gnn_graph_destroy(&b);
    e = el_er(60, 0.1, 9);
    lcg_seed(99);
    for (int64_t i = 0; i < e.m; i++) e.w[i] = (float)(0.25 + 2 * lcg_unif());
    b = el_graph(ctx, &e, 1, UFLAGS);
    el_free(&e);
    gnn_opts_t *op1 = mkopts("alpha", "0.3", "method", "exact", "exp-power", "1", NULL);
    if (b) relabel_case(ctx, b, op1, 15, "weighted ER(60, 0.1) relabelled");
    gnn_opts_destroy(&op1);
    gnn_graph_destroy(&b);

    free(kx);
    free(ks);
    free(km);
    free(ka);
    free(ka0);
    free(kx0);
    gnn_opts_destroy(&ox);
    gnn_opts_destroy(&os);
    gnn_opts_destroy(&om);
    gnn_opts_destroy(&oa);
    gnn_opts_destroy(&oa0);
    gnn_opts_destroy(&ox0);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ---- plans ---- */

static int sorted_ids(const int64_t *a, int64_t k) {
    for (int64_t i = 1; i < k; i++)
        if (a[i] <= a[i - 1]) return 0;
    return 1;
}

/* the plan of x -> y: supports, masses, marginals, cost, kappa; want may be
 * NAN (no reference value), kall the arc curvatures (may be NULL) */
static void check_plan(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *len, const gnn_opts_t *o, double alpha,
                       int64_t x, int64_t y, double want, const double *kall, const char *what) {
    const int dir = gnn_graph_is_directed(g);
    const int64_t n = gnn_graph_node_count(g);
    int64_t arc = gnn_graph_find_arc(g, x, y);
    REQUIRE(arc >= 0, "%s: no arc %lld -> %lld", what, (long long)x, (long long)y);
    int64_t R = -1, C = -1;
    OK(ctx, gnn_orc_plan_size(ctx, g, o, arc, &R, &C));
    int64_t dx = gnn_graph_degree_of(g, x, dir ? GNN_IN : GNN_OUT), dy = gnn_graph_degree_of(g, y, GNN_OUT);
    REQUIRE(R == dx + 1 && C == dy + 1, "%s: plan size %lld x %lld, want %lld x %lld", what, (long long)R, (long long)C,
            (long long)(dx + 1), (long long)(dy + 1));
    int64_t *rn = malloc(sizeof(int64_t) * (size_t)R), *cn = malloc(sizeof(int64_t) * (size_t)C);
    int64_t *nx = malloc(sizeof(int64_t) * (size_t)(dx + 1)), *ny = malloc(sizeof(int64_t) * (size_t)(dy + 1));
    double *rm = malloc(sizeof(double) * (size_t)R), *cm = malloc(sizeof(double) * (size_t)C);
    double *P = malloc(sizeof(double) * (size_t)(R * C));
    double kappa = NAN;
    double *D = apsp(ctx, g, len);
    gnn_status_t st = gnn_orc_edge_plan(ctx, g, len, o, arc, rn, rm, cn, cm, P, &kappa);
    CHECK(st == GNN_SUCCESS, "%s: gnn_orc_edge_plan -> %d (%s)", what, st, gnn_ctx_errmsg(ctx));
    if (st != GNN_SUCCESS) goto done;
    /* supports: the neighbours sorted by id, then x (resp. y) */
    gnn_graph_neighbors(ctx, g, x, dir ? GNN_IN : GNN_OUT, nx, NULL);
    gnn_graph_neighbors(ctx, g, y, GNN_OUT, ny, NULL);
    CHECK(rn[R - 1] == x && cn[C - 1] == y, "%s: last support nodes %lld, %lld, want %lld, %lld", what,
          (long long)rn[R - 1], (long long)cn[C - 1], (long long)x, (long long)y);
    CHECK(sorted_ids(rn, R - 1) && sorted_ids(cn, C - 1), "%s: supports not sorted by id", what);
    int same = 1;
    for (int64_t i = 0; i + 1 < R; i++) same &= rn[i] == nx[i];
    for (int64_t j = 0; j + 1 < C; j++) same &= cn[j] == ny[j];
    CHECK(same, "%s: supports are not the neighbour sets", what);
    /* masses */
    double sr = 0, sc = 0;
    for (int64_t i = 0; i < R; i++) sr += rm[i];
    for (int64_t j = 0; j < C; j++) sc += cm[j];
    CHECK(fabs(sr - 1) <= 1e-12 && fabs(sc - 1) <= 1e-12, "%s: masses sum to %.17g and %.17g", what, sr, sc);
    CHECK(fabs(rm[R - 1] - (R > 1 ? alpha : 1.0)) <= 1e-15 && fabs(cm[C - 1] - (C > 1 ? alpha : 1.0)) <= 1e-15,
          "%s: idle masses %.17g, %.17g, want alpha %g", what, rm[R - 1], cm[C - 1], alpha);
    if (len == NULL && !gnn_graph_is_weighted(g)) {
        for (int64_t i = 0; i + 1 < R; i++)
            CHECK(fabs(rm[i] - (1 - alpha) / (double)dx) <= 1e-15, "%s: row mass %.17g, want (1-alpha)/%lld", what,
                  rm[i], (long long)dx);
        for (int64_t j = 0; j + 1 < C; j++)
            CHECK(fabs(cm[j] - (1 - alpha) / (double)dy) <= 1e-15, "%s: column mass %.17g, want (1-alpha)/%lld", what,
                  cm[j], (long long)dy);
    }
    /* the plan: a coupling of the two masses */
    int neg = 0;
    double cost = 0, maxr = 0, maxc = 0;
    for (int64_t i = 0; i < R; i++) {
        double s = 0;
        for (int64_t j = 0; j < C; j++) {
            double p = P[i * C + j];
            neg += !(p >= 0);
            s += p;
            if (p != 0) cost += p * D[rn[i] * n + cn[j]];
        }
        if (fabs(s - rm[i]) > maxr) maxr = fabs(s - rm[i]);
    }
    for (int64_t j = 0; j < C; j++) {
        double s = 0;
        for (int64_t i = 0; i < R; i++) s += P[i * C + j];
        if (fabs(s - cm[j]) > maxc) maxc = fabs(s - cm[j]);
    }
    CHECK(neg == 0, "%s: %d negative plan entries", what, neg);
    CHECK(maxr <= 1e-9 && maxc <= 1e-9, "%s: marginal errors rows %.3g, columns %.3g", what, maxr, maxc);
    /* mass common to both supports stays in place */
    for (int64_t i = 0; i < R; i++)
        for (int64_t j = 0; j < C; j++)
            if (rn[i] == cn[j]) {
                double c = rm[i] < cm[j] ? rm[i] : cm[j];
                CHECK(P[i * C + j] >= c - 1e-12, "%s: node %lld keeps %.17g in place, want >= %.17g", what,
                      (long long)rn[i], P[i * C + j], c);
            }
    /* sum plan * d = W = (1 - kappa) d(x, y) */
    double dxy = D[x * n + y];
    CHECK(fabs(cost - (1 - kappa) * dxy) <= 1e-9, "%s: plan cost %.12f, (1 - kappa) d = %.12f", what, cost,
          (1 - kappa) * dxy);
    if (kall) CHECK(fabs(kappa - kall[arc]) <= 1e-12, "%s: plan kappa %.17g, edge curvature %.17g", what, kappa, kall[arc]);
    if (!isnan(want)) CHECK(fabs(kappa - want) <= TOL, "%s: plan kappa %.9f, want %.6f", what, kappa, want);
done:
    free(D);
    free(rn);
    free(cn);
    free(nx);
    free(ny);
    free(rm);
    free(cm);
    free(P);
}

static void test_plans(void) {
    gnn_ctx_t *ctx = check_ctx();
    static karate_t K;
    REQUIRE(karate_load(&K), "karate table");
    gnn_graph_t *g = karate_graph(ctx, &K);
    REQUIRE(g != NULL, "karate graph");
    static const int pick[] = {0, 4, 15, 19, 29, 37, 45, 62, 77}; /* table rows */
    for (int h = 0; h < 2; h++) {
        double alpha = 0.5 * h;
        gnn_opts_t *o = mkopts("alpha", h ? "0.5" : "0", "method", "exact", NULL);
        double *k = curvature(ctx, g, NULL, o, "karate");
        for (size_t i = 0; k && i < sizeof pick / sizeof pick[0]; i++) {
            int r = pick[i];
            char what[64];
            snprintf(what, sizeof what, "karate plan %lld-%lld alpha %g", (long long)K.u[r], (long long)K.v[r], alpha);
            double want = h ? K.otd[r] : K.otd0[r];
            check_plan(ctx, g, NULL, o, alpha, K.u[r], K.v[r], want, k, what);
            snprintf(what, sizeof what, "karate plan %lld->%lld alpha %g", (long long)K.v[r], (long long)K.u[r], alpha);
            check_plan(ctx, g, NULL, o, alpha, K.v[r], K.u[r], want, k, what);
        }
        free(k);
        gnn_opts_destroy(&o);
    }
    /* method and denominator do not matter for the plan (always exact) */
    gnn_opts_t *os = mkopts("alpha", "0.5", "method", "sinkhorn", NULL);
    check_plan(ctx, g, NULL, os, 0.5, 0, 1, 0.111111, NULL, "karate plan 0-1 with method sinkhorn");
    gnn_opts_destroy(&os);
    gnn_graph_destroy(&g);

    /* barbell(5,0) bridge (8.7): W1 = 2.2 at alpha 0 */
    el_t e = el_barbell(5);
    g = el_graph(ctx, &e, 0, UFLAGS);
    el_free(&e);
    REQUIRE(g != NULL, "barbell");
    gnn_opts_t *o0 = mkopts("alpha", "0", "method", "exact", NULL), *o5 = mkopts("alpha", "0.5", "method", "exact", NULL);
    double *k0 = curvature(ctx, g, NULL, o0, "barbell 0");
    check_plan(ctx, g, NULL, o0, 0, 4, 5, -1.2, k0, "barbell bridge 4-5 alpha 0");
    check_plan(ctx, g, NULL, o0, 0, 5, 4, -1.2, k0, "barbell bridge 5->4 alpha 0");
    check_plan(ctx, g, NULL, o5, 0.5, 4, 5, -0.6, NULL, "barbell bridge 4-5 alpha 0.5");
    check_plan(ctx, g, NULL, o0, 0, 3, 4, 0.6, k0, "barbell clique edge 3-4 alpha 0");
    check_plan(ctx, g, NULL, o5, 0.5, 0, 1, 0.625, NULL, "barbell clique edge 0-1 alpha 0.5");
    {
        /* rows 0 1 2 3 5 | 4, columns 4 6 7 8 9 | 5; every optimal plan
         * sends 5's mass into {6..9}, fills 4 from {0..3} and moves 0.6
         * from {0..3} to {6..9} */
        int64_t arc = gnn_graph_find_arc(g, 4, 5), R, C, rn[6], cn[6];
        double rm[6], cm[6], P[36], kappa;
        OK(ctx, gnn_orc_plan_size(ctx, g, o0, arc, &R, &C));
        REQUIRE(R == 6 && C == 6, "barbell plan size %lld x %lld", (long long)R, (long long)C);
        OK(ctx, gnn_orc_edge_plan(ctx, g, NULL, o0, arc, rn, rm, cn, cm, P, &kappa));
        const int64_t wr[6] = {0, 1, 2, 3, 5, 4}, wc[6] = {4, 6, 7, 8, 9, 5};
        CHECK(memcmp(rn, wr, sizeof wr) == 0 && memcmp(cn, wc, sizeof wc) == 0, "barbell supports");
        CHECK(rm[5] == 0 && cm[5] == 0, "alpha 0: no idle mass (%g, %g)", rm[5], cm[5]);
        double five_out = 0, into_four = 0, across = 0;
        for (int j = 1; j <= 4; j++) five_out += P[4 * 6 + j];
        for (int i = 0; i < 4; i++) into_four += P[i * 6 + 0];
        for (int i = 0; i < 4; i++)
            for (int j = 1; j <= 4; j++) across += P[i * 6 + j];
        CHECK(fabs(P[4 * 6 + 0]) <= 1e-12, "barbell: 5 -> 4 carries %g, want 0", P[4 * 6 + 0]);
        CHECK(fabs(five_out - 0.2) <= 1e-12, "barbell: 5 -> {6..9} carries %g, want 0.2", five_out);
        CHECK(fabs(into_four - 0.2) <= 1e-12, "barbell: {0..3} -> 4 carries %g, want 0.2", into_four);
        CHECK(fabs(across - 0.6) <= 1e-12, "barbell: {0..3} -> {6..9} carries %g, want 0.6", across);
        CHECK(fabs(kappa - -1.2) <= TOL, "barbell bridge kappa %.9f, want -1.2", kappa);
    }
    free(k0);
    gnn_opts_destroy(&o0);
    gnn_opts_destroy(&o5);
    gnn_graph_destroy(&g);

    /* weighted: the triangle 1, 1, 3 (edge 0-2 is not a shortest path) and
     * the path 1, 2, 1, with weights and with the length array */
    el_t t = {0};
    el_add_w(&t, 0, 1, 1);
    el_add_w(&t, 1, 2, 1);
    el_add_w(&t, 0, 2, 3);
    g = el_graph(ctx, &t, 1, UFLAGS);
    REQUIRE(g != NULL, "triangle");
    o5 = mkopts("alpha", "0.5", "method", "exact", NULL);
    o0 = mkopts("alpha", "0", "method", "exact", NULL);
    check_plan(ctx, g, NULL, o5, 0.5, 0, 2, 0.500168, NULL, "triangle plan 0-2 alpha 0.5");
    check_plan(ctx, g, NULL, o0, 0, 0, 2, 0.999665, NULL, "triangle plan 0-2 alpha 0");
    check_plan(ctx, g, NULL, o5, 0.5, 1, 0, 0.500168, NULL, "triangle plan 1-0 alpha 0.5");
    gnn_graph_destroy(&g);
    g = el_graph(ctx, &t, 0, UFLAGS);
    if (g) {
        double *len = arc_lengths(ctx, g, &t);
        check_plan(ctx, g, len, o5, 0.5, 2, 0, 0.500168, NULL, "triangle plan 2-0 alpha 0.5 (length array)");
        free(len);
    }
    gnn_graph_destroy(&g);
    el_free(&t);
    el_t p = {0};
    el_add_w(&p, 0, 1, 1);
    el_add_w(&p, 1, 2, 2);
    el_add_w(&p, 2, 3, 1);
    g = el_graph(ctx, &p, 1, UFLAGS);
    gnn_opts_t *o51 = mkopts("alpha", "0.5", "method", "exact", "exp-power", "1", NULL);
    if (g) {
        check_plan(ctx, g, NULL, o51, 0.5, 1, 2, -0.096588, NULL, "path plan 1-2 exp-power 1");
        check_plan(ctx, g, NULL, o5, 0.5, 2, 1, -0.428861, NULL, "path plan 2-1 exp-power 2");
        check_plan(ctx, g, NULL, o5, 0.5, 0, 1, 0.928861, NULL, "path plan 0-1 exp-power 2");
    }
    gnn_opts_destroy(&o51);
    gnn_opts_destroy(&o5);
    gnn_opts_destroy(&o0);
    gnn_graph_destroy(&g);
    el_free(&p);
    gnn_ctx_destroy(&ctx);
}

/* ---- thread invariance ---- */

static void thread_case(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *len, const gnn_opts_t *o,
                        const char *what) {
    int64_t m = gnn_graph_arc_count(g);
    OK(ctx, gnn_ctx_set_threads(ctx, 1));
    double *k1 = curvature(ctx, g, len, o, what);
    OK(ctx, gnn_ctx_set_threads(ctx, 4));
    double *k4 = curvature(ctx, g, len, o, what);
    if (k1 && k4) {
        CHECK(memcmp(k1, k4, sizeof(double) * (size_t)m) == 0, "%s: 1 and 4 threads differ", what);
        int bad = 0;
        for (int64_t a = 0; a < m; a++) bad += !(isfinite(k1[a]) && k1[a] <= 1 + 1e-12);
        CHECK(bad == 0, "%s: %d arcs with kappa not finite or above 1", what, bad);
    }
    free(k1);
    free(k4);
}

/* thread_case with random lengths in [0.5, 2.5], equal on both arcs */
static void random_lengths_case(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *o, const char *what) {
    int64_t m = gnn_graph_arc_count(g);
    int64_t *s = malloc(sizeof(int64_t) * (size_t)m), *t = malloc(sizeof(int64_t) * (size_t)m);
    double *len = malloc(sizeof(double) * (size_t)m);
    gnn_graph_arcs(ctx, g, s, t, NULL, NULL);
    for (int64_t a = 0; a < m; a++) {
        uint64_t lo = (uint64_t)(s[a] < t[a] ? s[a] : t[a]), hi = (uint64_t)(s[a] < t[a] ? t[a] : s[a]);
        lcg_seed(lo * 1000003u + hi);
        len[a] = 0.5 + 2 * lcg_unif();
    }
    thread_case(ctx, g, len, o, what);
    free(s);
    free(t);
    free(len);
}

static void test_threads(void) {
    gnn_ctx_t *ctx = check_ctx();
    static karate_t K;
    REQUIRE(karate_load(&K), "karate table");
    gnn_graph_t *g = karate_graph(ctx, &K);
    REQUIRE(g != NULL, "karate graph");
    gnn_opts_t *ox = mkopts("alpha", "0.5", "method", "exact", NULL), *ox0 = mkopts("alpha", "0", "method", "exact", NULL);
    gnn_opts_t *oa = mkopts("method", "atd", NULL), *op1 = mkopts("exp-power", "1", "alpha", "0.25", NULL);
    thread_case(ctx, g, NULL, ox, "karate exact");
    thread_case(ctx, g, NULL, NULL, "karate defaults");
    thread_case(ctx, g, NULL, oa, "karate ATD");
    gnn_graph_destroy(&g);

    el_t e = el_ba(400, 3, 2024);
    g = el_graph(ctx, &e, 0, UFLAGS);
    REQUIRE(g != NULL, "BA graph");
    thread_case(ctx, g, NULL, ox, "BA(400, 3) exact 0.5");
    thread_case(ctx, g, NULL, ox0, "BA(400, 3) exact 0");
    thread_case(ctx, g, NULL, oa, "BA(400, 3) ATD");
    gnn_graph_destroy(&g);
    /* directed: the BA edges, oriented at random, some both ways */
    lcg_seed(5);
    for (int64_t i = 0; i < e.m; i++)
        if (lcg_unif() < 0.5) {
            int64_t x = e.u[i];
            e.u[i] = e.v[i];
            e.v[i] = x;
        }
    int64_t m0 = e.m;
    for (int64_t i = 0; i < m0; i++)
        if (lcg_unif() < 0.3) el_add(&e, e.v[i], e.u[i]);
    g = el_graph(ctx, &e, 0, DFLAGS);
    el_free(&e);
    REQUIRE(g != NULL, "directed graph");
    thread_case(ctx, g, NULL, ox, "directed BA exact");
    gnn_graph_destroy(&g);
    /* ER */
    e = el_er(300, 0.02, 77);
    g = el_graph(ctx, &e, 0, UFLAGS);
    el_free(&e);
    REQUIRE(g != NULL, "ER graph");
    thread_case(ctx, g, NULL, ox, "ER(300, 0.02) exact");
    /* weighted: lengths in [0.5, 2.5] through the length array (one
     * bounded Dijkstra per row node, so smaller graphs) */
    random_lengths_case(ctx, g, ox, "ER(300, 0.02) weighted, exp-power 2");
    gnn_graph_destroy(&g);
    e = el_ba(150, 3, 31);
    g = el_graph(ctx, &e, 0, UFLAGS);
    el_free(&e);
    REQUIRE(g != NULL, "BA graph");
    random_lengths_case(ctx, g, op1, "BA(150, 3) weighted, exp-power 1, alpha 0.25");
    gnn_graph_destroy(&g);
    gnn_opts_destroy(&ox);
    gnn_opts_destroy(&ox0);
    gnn_opts_destroy(&oa);
    gnn_opts_destroy(&op1);
    gnn_ctx_destroy(&ctx);
}

/* ---- bad input ---- */

static int msg_has(const gnn_ctx_t *ctx, const char *word) {
    const char *m = gnn_ctx_errmsg(ctx);
    return m != NULL && m[0] != '\0' && strstr(m, word) != NULL;
}

#define EXPECT_ERR(ctx, call, code, word)                                                                      \
    do {                                                                                                       \
        gnn_ctx_clear_error(ctx);                                                                              \
        gnn_status_t st_ = (call);                                                                             \
        if ((code) != 0)                                                                                       \
            CHECK(st_ == (code), "%s -> %d, want %d (%s)", #call, st_, (int)(code), gnn_ctx_errmsg(ctx));      \
        else                                                                                                   \
            CHECK(st_ < 0, "%s -> %d, want an error", #call, st_);                                             \
        CHECK(msg_has(ctx, word), "%s: message '%s' should mention '%s'", #call, gnn_ctx_errmsg(ctx), word); \
    } while (0)

static void test_errors(void) {
    gnn_ctx_t *ctx = check_ctx();
    double k[16], nk[8];
    gnn_graph_t *g = NULL;
    /* a self-loop */
    const int64_t lu[] = {0, 1, 1}, lv[] = {1, 2, 1};
    OK(ctx, gnn_graph_from_edges(ctx, 3, 3, lu, lv, NULL, NULL, 0, GNN_UNDIRECTED | GNN_LOOPS_KEEP | GNN_DUP_FIRST, &g));
    REQUIRE(gnn_graph_self_loop_count(g) == 1, "the graph keeps its loop");
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, NULL, k), GNN_EUNSUPPORTED, "loop");
    {
        int64_t rn[4], cn[4];
        double rm[4], cm[4], P[16], kap;
        EXPECT_ERR(ctx, gnn_orc_edge_plan(ctx, g, NULL, NULL, 0, rn, rm, cn, cm, P, &kap), GNN_EUNSUPPORTED, "loop");
    }
    gnn_graph_destroy(&g);
    /* a directed self-loop */
    OK(ctx, gnn_graph_from_edges(ctx, 3, 3, lu, lv, NULL, NULL, 0, GNN_DIRECTED | GNN_LOOPS_KEEP | GNN_DUP_FIRST, &g));
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, NULL, k), GNN_EUNSUPPORTED, "loop");
    gnn_graph_destroy(&g);
    /* a multigraph */
    const int64_t mu[] = {0, 1, 0}, mv[] = {1, 2, 1};
    OK(ctx, gnn_graph_from_edges(ctx, 3, 3, mu, mv, NULL, NULL, 0, GNN_UNDIRECTED | GNN_LOOPS_DROP | GNN_DUP_KEEP, &g));
    REQUIRE(gnn_graph_arc_count(g) == 6, "multigraph keeps both copies (%lld arcs)", (long long)gnn_graph_arc_count(g));
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, NULL, k), GNN_EUNSUPPORTED, "parallel");
    gnn_graph_destroy(&g);

    /* lengths: negative, NaN, infinite; both arcs of an edge must agree */
    const int64_t tu[] = {0, 1, 0}, tv[] = {1, 2, 2};
    OK(ctx, gnn_graph_from_edges(ctx, 3, 3, tu, tv, NULL, NULL, 0, UFLAGS, &g));
    const int64_t m = gnn_graph_arc_count(g);
    double len[6];
    const int64_t a01 = gnn_graph_find_arc(g, 0, 1), a10 = gnn_graph_find_arc(g, 1, 0);
    const double badlen[] = {-1.0, NAN, INFINITY, -INFINITY};
    for (size_t b = 0; b < sizeof badlen / sizeof badlen[0]; b++) {
        for (int64_t a = 0; a < m; a++) len[a] = 1;
        len[a01] = len[a10] = badlen[b];
        EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, len, NULL, k), GNN_ERANGE, "length");
    }
    for (int64_t a = 0; a < m; a++) len[a] = 1;
    len[a01] = 2;
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, len, NULL, k), 0, "length");
    {
        int64_t rn[4], cn[4];
        double rm[4], cm[4], P[16], kap;
        len[a01] = -1;
        len[a10] = -1;
        EXPECT_ERR(ctx, gnn_orc_edge_plan(ctx, g, len, NULL, a01, rn, rm, cn, cm, P, &kap), GNN_ERANGE, "length");
    }
    /* options */
    gnn_opts_t *o = mkopts("alpah", "0.5", NULL);
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, o, k), 0, "alpah");
    gnn_opts_destroy(&o);
    o = mkopts("alpha", "2", NULL);
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, o, k), 0, "alpha");
    gnn_opts_destroy(&o);
    o = mkopts("alpha", "-0.1", NULL);
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, o, k), 0, "alpha");
    gnn_opts_destroy(&o);
    o = mkopts("alpha", "half", NULL);
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, o, k), 0, "alpha");
    gnn_opts_destroy(&o);
    o = mkopts("method", "simplex", NULL);
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, o, k), 0, "method");
    gnn_opts_destroy(&o);
    o = mkopts("denominator", "weight", NULL);
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, o, k), 0, "denominator");
    gnn_opts_destroy(&o);
    o = mkopts("nbr-topk", "0", NULL);
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, o, k), 0, "nbr");
    gnn_opts_destroy(&o);
    o = mkopts("alpha", "2", NULL);
    {
        int64_t R, C;
        EXPECT_ERR(ctx, gnn_orc_plan_size(ctx, g, o, 0, &R, &C), 0, "alpha");
    }
    gnn_opts_destroy(&o);
    /* NULL outputs */
    EXPECT_ERR(ctx, gnn_orc_edge_curvature(ctx, g, NULL, NULL, NULL), GNN_EINVAL, "kappa");
    for (int64_t a = 0; a < m; a++) k[a] = 0.5;
    EXPECT_ERR(ctx, gnn_orc_node_curvature(ctx, g, k, NULL), GNN_EINVAL, "NULL");
    EXPECT_ERR(ctx, gnn_orc_node_curvature(ctx, g, NULL, nk), GNN_EINVAL, "NULL");
    /* arcs out of range */
    {
        int64_t R, C, rn[4], cn[4];
        double rm[4], cm[4], P[16], kap;
        EXPECT_ERR(ctx, gnn_orc_plan_size(ctx, g, NULL, m, &R, &C), 0, "range");
        EXPECT_ERR(ctx, gnn_orc_plan_size(ctx, g, NULL, -1, &R, &C), 0, "range");
        EXPECT_ERR(ctx, gnn_orc_edge_plan(ctx, g, NULL, NULL, m, rn, rm, cn, cm, P, &kap), 0, "range");
        EXPECT_ERR(ctx, gnn_orc_plan_size(ctx, g, NULL, 0, NULL, &C), GNN_EINVAL, "NULL");
    }
    /* the context still works after the errors */
    gnn_ctx_clear_error(ctx);
    double *kk = curv_alpha(ctx, g, 0.5, "K3 after errors");
    if (kk) check_all(g, kk, 0.75, "K3 after errors", 0.5);
    free(kk);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}


/* ---- 2 / 2.1: Ricci flow and communities on karate ---- */

static void test_flow(void) {
    gnn_ctx_t *ctx = check_ctx();
    karate_t *K = malloc(sizeof *K);
    REQUIRE(karate_load(K), "karate table");
    gnn_graph_t *g = karate_graph(ctx, K);
    REQUIRE(g != NULL, "karate graph");
    int64_t m = gnn_graph_arc_count(g), its = 0, n = gnn_graph_node_count(g);
    double *len = malloc(sizeof(double) * (size_t)m), *k = malloc(sizeof(double) * (size_t)m);
    for (int64_t e = 0; e < m; e++) len[e] = 1.0;
    /* GraphRicciCurvature's test: OTD, alpha 0.5, p 2, 3 iterations, its
     * denominator (the edge weight) */
    gnn_opts_t *o = mkopts("iterations", "3", "method", "exact", "denominator", "edge-weight", NULL);
    gnn_status_t st = gnn_ricci_flow(ctx, g, o, len, k, &its);
    CHECK(st == GNN_SUCCESS, "flow -> %d (%s)", st, gnn_ctx_errmsg(ctx));
    CHECK(its == 3, "iterations run %lld", (long long)its);
    int bad = 0;
    double sum = 0;
    for (int i = 0; i < KM; i++) {
        int64_t a = gnn_graph_find_arc(g, K->u[i], K->v[i]), b = gnn_graph_find_arc(g, K->v[i], K->u[i]);
        if (fabs(len[a] - K->flow[i]) > 1e-6 || len[a] != len[b]) {
            if (bad++ < 5)
                CHECK(0, "flow weight of %lld-%lld: %.9f, want %.6f", (long long)K->u[i], (long long)K->v[i], len[a],
                      K->flow[i]);
        }
        sum += len[a];
        CHECK(isfinite(k[a]), "kappa after the flow at arc %lld", (long long)a);
    }
    CHECK(bad == 0, "%d flow weights off", bad);
    CHECK(fabs(sum - KM) < 1e-9, "lengths sum to the edge count: %.12f", sum);
    gnn_opts_destroy(&o);
    /* communities: p = 1, the default 10 iterations: cut 1.2613588421005884,
     * five clusters (section 8.3) */
    for (int64_t e = 0; e < m; e++) len[e] = 1.0;
    o = mkopts("exp-power", "1", "method", "exact", "denominator", "edge-weight", NULL);
    OK(ctx, gnn_ricci_flow(ctx, g, o, len, NULL, NULL));
    int64_t *memb = malloc(sizeof(int64_t) * (size_t)n), count = 0;
    double cut = 0;
    st = gnn_ricci_communities(ctx, g, len, o, memb, &count, &cut);
    CHECK(st == GNN_SUCCESS, "communities -> %d (%s)", st, gnn_ctx_errmsg(ctx));
    CHECK(count == 5, "5 communities, got %lld", (long long)count);
    CHECK(fabs(cut - 1.2613588421005884) < 1e-9, "cutoff %.16g", cut);
    static const int groups[5][12] = {{0, 1, 2, 3, 7, 9, 11, 12, 13, 17, 19, 21},
                                      {4, 5, 6, 10, 16, -1},
                                      {8, 30, -1},
                                      {14, 15, 18, 20, 22, 32, 33, -1},
                                      {23, 24, 25, 26, 27, 28, 29, 31, -1}};
    int seen = 0;
    for (int c = 0; c < 5; c++) {
        int64_t id = memb[groups[c][0]];
        for (int j = 0; j < 12 && groups[c][j] >= 0; j++, seen++)
            CHECK(memb[groups[c][j]] == id, "node %d with node %d", groups[c][j], groups[c][0]);
        for (int d = 0; d < c; d++) CHECK(memb[groups[d][0]] != id, "groups %d and %d differ", c, d);
    }
    CHECK(seen == 34, "every node in a group");
    gnn_opts_destroy(&o);
    /* 40 iterations: four clusters, cut 1.036494 */
    for (int64_t e = 0; e < m; e++) len[e] = 1.0;
    o = mkopts("exp-power", "1", "method", "exact", "denominator", "edge-weight", "iterations", "40", NULL);
    OK(ctx, gnn_ricci_flow(ctx, g, o, len, NULL, NULL));
    OK(ctx, gnn_ricci_communities(ctx, g, len, o, memb, &count, &cut));
    CHECK(count == 4 && fabs(cut - 1.036494) < 1e-6, "40 iterations: %lld clusters at %.9g", (long long)count, cut);
    CHECK(memb[8] == memb[33] && memb[8] != memb[0] && memb[23] == memb[31] && memb[4] == memb[16],
          "40 iterations: the spec's four clusters");
    /* surgery at i = 2 (every 2, not at i = 0): edges longer than
     * (max - 1) 0.6 + 1 go (length INFINITY); iteration i = 3 normalises
     * the rest to their count */
    for (int64_t e = 0; e < m; e++) len[e] = 1.0;
    gnn_opts_t *os = mkopts("iterations", "4", "method", "exact", "surgery-every", "2", NULL);
    OK(ctx, gnn_ricci_flow(ctx, g, os, len, NULL, &its));
    int64_t gone = 0, kept = 0;
    double ksum = 0;
    for (int64_t e = 0; e < m; e++) {
        if (isinf(len[e])) gone++;
        else kept++, ksum += len[e];
    }
    CHECK(gone > 0 && gone % 2 == 0, "surgery removed %lld arcs", (long long)gone);
    CHECK(its == 4 && fabs(ksum / 2 - (double)kept / 2) < 1e-6, "after surgery the %lld edges sum to %.9f",
          (long long)kept / 2, ksum / 2);
    gnn_opts_destroy(&os);
    /* unit lengths: nothing to cut */
    for (int64_t e = 0; e < m; e++) len[e] = 1.0;
    st = gnn_ricci_communities(ctx, g, len, o, memb, &count, &cut);
    CHECK(st == GNN_ENOTFOUND && strlen(gnn_ctx_errmsg(ctx)) > 0, "no cutoff: %d", st);
    gnn_opts_destroy(&o);
    /* a directed graph is refused */
    int64_t su[2] = {0, 1}, sv[2] = {1, 2};
    gnn_graph_t *dg = NULL;
    OK(ctx, gnn_graph_from_edges(ctx, 3, 2, su, sv, NULL, NULL, 0, GNN_DIRECTED, &dg));
    double l2[2] = {1, 1};
    st = gnn_ricci_flow(ctx, dg, NULL, l2, NULL, NULL);
    CHECK(st == GNN_EUNSUPPORTED, "flow on a digraph -> %d", st);
    gnn_graph_destroy(&dg);
    free(memb);
    free(len);
    free(k);
    free(K);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

/* ---- 4 / 8.7: BORF ---- */

static int64_t edges_joining(const gnn_graph_t *a, const gnn_graph_t *b, int64_t *p, int64_t *q) {
    /* edges of b not in a (u < v); the last one to p, q */
    int64_t m = gnn_graph_arc_count(b), k = 0, *src = malloc(sizeof(int64_t) * (size_t)m),
            *dst = malloc(sizeof(int64_t) * (size_t)m);
    gnn_graph_arcs(NULL, b, src, dst, NULL, NULL);
    for (int64_t e = 0; e < m; e++)
        if (src[e] < dst[e] && gnn_graph_find_arc(a, src[e], dst[e]) < 0) *p = src[e], *q = dst[e], k++;
    free(src);
    free(dst);
    return k;
}

static void test_borf(void) {
    gnn_ctx_t *ctx = check_ctx();
    el_t e = el_barbell(5);
    gnn_graph_t *g = el_graph(ctx, &e, 0, UFLAGS), *r = NULL;
    REQUIRE(g != NULL, "barbell");
    gnn_opts_t *o = mkopts("borf-batches", "1", "borf-add", "1", "borf-remove", "0", NULL);
    int64_t added = -1, removed = -1, p = -1, q = -1;
    OK(ctx, gnn_borf_rewire(ctx, g, o, &r, &added, &removed));
    CHECK(added == 1 && removed == 0, "barbell: %lld added, %lld removed", (long long)added, (long long)removed);
    CHECK(!gnn_graph_is_directed(r) && gnn_graph_edge_count(r) == gnn_graph_edge_count(g) + 1, "one more edge");
    CHECK(edges_joining(g, r, &p, &q) == 1 && p <= 3 && q >= 6, "the new edge %lld-%lld joins the cliques off the bridge",
          (long long)p, (long long)q);
    double *k = curv_alpha(ctx, r, 0.0, "rewired barbell");
    if (k) CHECK(fabs(arc_kappa(r, k, 4, 5) + 0.8) < 1e-9, "bridge after BORF: %.9f, want -0.8", arc_kappa(r, k, 4, 5));
    free(k);
    gnn_graph_destroy(&r);
    gnn_opts_destroy(&o);
    /* compat: arcs of the symmetric digraph; the bridge's two arcs come
     * first, and the first largest plan entry (row-major, all 0.2) is an
     * existing edge (0 -> 4 for the arc 4 -> 5): nothing is added, as in
     * the official code; k = 3 removes three single arcs */
    o = mkopts("borf-batches", "1", "borf-add", "2", "borf-remove", "3", "borf-mode", "compat", NULL);
    OK(ctx, gnn_borf_rewire(ctx, g, o, &r, &added, &removed));
    CHECK(gnn_graph_is_directed(r) && added == 0 && removed == 3 &&
              gnn_graph_arc_count(r) == gnn_graph_arc_count(g) - 3,
          "compat: %lld arcs added, %lld removed, %lld arcs", (long long)added, (long long)removed,
          (long long)gnn_graph_arc_count(r));
    gnn_graph_destroy(&r);
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&g);
    el_free(&e);
    /* K6: all curvatures equal; k = 3 removes exactly 3 edges, h = 0 */
    e = el_complete(6);
    g = el_graph(ctx, &e, 0, UFLAGS);
    o = mkopts("borf-batches", "1", "borf-add", "0", "borf-remove", "3", NULL);
    OK(ctx, gnn_borf_rewire(ctx, g, o, &r, &added, &removed));
    CHECK(removed == 3 && added == 0 && gnn_graph_edge_count(r) == 12, "K6: %lld removed, %lld edges left",
          (long long)removed, (long long)gnn_graph_edge_count(r));
    gnn_graph_destroy(&r);
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&g);
    el_free(&e);
    /* a random graph: the invariants, and the same output for 1 and 4 threads */
    e = el_ba(300, 2, 7);
    g = el_graph(ctx, &e, 0, UFLAGS);
    o = mkopts("borf-batches", "3", "borf-add", "10", "borf-remove", "5", NULL);
    gnn_graph_t *r1 = NULL, *r4 = NULL;
    gnn_ctx_set_threads(ctx, 1);
    OK(ctx, gnn_borf_rewire(ctx, g, o, &r1, &added, &removed));
    gnn_ctx_set_threads(ctx, 4);
    OK(ctx, gnn_borf_rewire(ctx, g, o, &r4, NULL, NULL));
    CHECK(added <= 30 && removed == 15 && added > 0, "BA: %lld added (<= N h), %lld removed", (long long)added,
          (long long)removed);
    CHECK(gnn_graph_edge_count(r1) == gnn_graph_edge_count(g) + added - removed, "edge count adds up");
    int64_t m1 = gnn_graph_arc_count(r1), m4 = gnn_graph_arc_count(r4);
    int same = m1 == m4;
    if (same) {
        int64_t *a1 = malloc(sizeof(int64_t) * 4 * (size_t)m1);
        gnn_graph_arcs(ctx, r1, a1, a1 + m1, NULL, NULL);
        gnn_graph_arcs(ctx, r4, a1 + 2 * m1, a1 + 3 * m1, NULL, NULL);
        same = memcmp(a1, a1 + 2 * m1, sizeof(int64_t) * 2 * (size_t)m1) == 0;
        free(a1);
    }
    CHECK(same, "BORF gives the same graph with 1 and 4 threads");
    gnn_graph_destroy(&r1);
    gnn_graph_destroy(&r4);
    gnn_opts_destroy(&o);
    /* one batch, additions only: every new edge joins a neighbour of u to a
     * neighbour of v of some negatively curved edge, and no edge goes away */
    o = mkopts("borf-batches", "1", "borf-add", "8", "borf-remove", "0", NULL);
    OK(ctx, gnn_borf_rewire(ctx, g, o, &r1, &added, &removed));
    int64_t mm = gnn_graph_arc_count(g), *s0 = malloc(sizeof(int64_t) * 2 * (size_t)mm);
    gnn_graph_arcs(ctx, g, s0, s0 + mm, NULL, NULL);
    int kept = 1;
    for (int64_t a = 0; a < mm; a++) kept &= gnn_graph_find_arc(r1, s0[a], s0[mm + a]) >= 0;
    CHECK(kept && removed == 0 && added >= 1, "k = 0: the edge set only grows (%lld added)", (long long)added);
    int64_t m2 = gnn_graph_arc_count(r1), *s1 = malloc(sizeof(int64_t) * 2 * (size_t)m2);
    gnn_graph_arcs(ctx, r1, s1, s1 + m2, NULL, NULL);
    for (int64_t a = 0; a < m2; a++) {
        int64_t x = s1[a], y = s1[m2 + a];
        if (x > y || gnn_graph_find_arc(g, x, y) >= 0) continue;
        /* new x-y: some edge u-v of g with x ~ u and y ~ v (or the reverse) */
        int found = 0;
        for (int64_t b = 0; b < mm && !found; b++) {
            int64_t u = s0[b], v = s0[mm + b];
            found = gnn_graph_find_arc(g, x, u) >= 0 && gnn_graph_find_arc(g, y, v) >= 0;
        }
        CHECK(found && x != y, "added %lld-%lld joins the two sides of an edge", (long long)x, (long long)y);
    }
    free(s0);
    free(s1);
    gnn_graph_destroy(&r1);
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&g);
    el_free(&e);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_complete);
    RUN(test_cycles);
    RUN(test_stars_trees_paths);
    RUN(test_grid);
    RUN(test_symmetric_graphs);
    RUN(test_barbell);
    RUN(test_weighted);
    RUN(test_karate);
    RUN(test_directed);
    RUN(test_isolated);
    RUN(test_topk);
    RUN(test_atd_weighted);
    RUN(test_directed_weighted);
    RUN(test_cross_checks);
    RUN(test_plans);
    RUN(test_threads);
    RUN(test_errors);
    RUN(test_flow);
    RUN(test_borf);
#ifdef _OPENMP
    /* end libgomp's thread pool, so that valgrind without the suppression
     * file does not report its threads' TLS as possibly lost */
    omp_pause_resource_all(omp_pause_hard);
#endif
    return check_summary();
}
