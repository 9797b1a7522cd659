/* test_graph.c: CSR invariants, build policies, operations with hand-checked
 * results, and degrees, transposes, components, neighbourhoods and
 * reciprocity against igraph on random graphs. */
#include "check.h"
#include "../lib/core/internal.h"

#include <igraph.h>
#include <gnn/igraph.h>

static void rand_edges(uint64_t seed, int64_t n, int64_t m, int64_t *u, int64_t *v, float *w) {
    gnn_rng_t r;
    gnn_rng_init(&r, seed, 1, 2);
    for (int64_t e = 0; e < m; e++) {
        /* skewed: low ids are hubs */
        u[e] = (int64_t)(gnn_rng_uniform(&r) * gnn_rng_uniform(&r) * (double)n);
        v[e] = (int64_t)gnn_rng_below(&r, (uint64_t)n);
        if (w) w[e] = (float)(0.25 + gnn_rng_uniform(&r));
    }
}

static void test_invariants(void) {
    gnn_ctx_t *ctx = check_ctx();
    enum { N = 300, M = 3000 };
    static int64_t u[M], v[M], t[M];
    static float w[M];
    rand_edges(1, N, M, u, v, w);
    for (int e = 0; e < M; e++) t[e] = e % 3;
    for (int undirected = 0; undirected < 2; undirected++) {
        gnn_graph_t *g = NULL;
        OK(ctx, gnn_graph_from_edges(ctx, N, M, u, v, w, t, 3, (undirected ? GNN_UNDIRECTED : 0) | GNN_DUP_KEEP, &g));
        int64_t loops = 0;
        for (int e = 0; e < M; e++) loops += u[e] == v[e];
        CHECK(g->m == (undirected ? 2 * M - loops : M), "arc count %lld", (long long)g->m);
        int sorted = 1, inview = 1;
        for (int64_t a = 0; a < g->n; a++)
            for (int64_t e = g->out_ptr[a] + 1; e < g->out_ptr[a + 1]; e++)
                sorted &= g->out_idx[e - 1] < g->out_idx[e] ||
                          (g->out_idx[e - 1] == g->out_idx[e] && g->type[e - 1] <= g->type[e]);
        for (int64_t b = 0; b < g->n; b++)
            for (int64_t k = g->in_ptr[b]; k < g->in_ptr[b + 1]; k++) {
                int64_t arc = g->in_arc[k], src = g->in_idx[k];
                inview &= g->out_idx[arc] == b && arc >= g->out_ptr[src] && arc < g->out_ptr[src + 1];
                if (k > g->in_ptr[b]) inview &= g->in_idx[k - 1] <= g->in_idx[k];
            }
        CHECK(sorted, "rows sorted by target then relation");
        CHECK(inview, "in-view rows point at matching arcs, sorted by source");
        /* input order is kept among parallel arcs of one relation */
        CHECK(g->relations == 3 && gnn_graph_is_directed(g) == !undirected, "flags");
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

static void test_policies(void) {
    gnn_ctx_t *ctx = check_ctx();
    const int64_t u[5] = {0, 0, 1, 2, 0}, v[5] = {1, 1, 1, 0, 1};
    const float w[5] = {1, 2, 5, 3, 4};
    gnn_graph_t *g = NULL;
    float ow[8];
    OK(ctx, gnn_graph_from_edges(ctx, 3, 5, u, v, w, NULL, 0, GNN_DUP_SUM, &g));
    OK(ctx, gnn_graph_arcs(ctx, g, NULL, NULL, ow, NULL));
    CHECK(g->m == 3 && ow[0] == 7, "sum: 0->1 weighs 1+2+4 = 7 (%g)", ow[0]);
    gnn_graph_destroy(&g);
    OK(ctx, gnn_graph_from_edges(ctx, 3, 5, u, v, w, NULL, 0, GNN_DUP_MAX, &g));
    OK(ctx, gnn_graph_arcs(ctx, g, NULL, NULL, ow, NULL));
    CHECK(ow[0] == 4, "max: 4 (%g)", ow[0]);
    gnn_graph_destroy(&g);
    OK(ctx, gnn_graph_from_edges(ctx, 3, 5, u, v, w, NULL, 0, GNN_DUP_FIRST, &g));
    OK(ctx, gnn_graph_arcs(ctx, g, NULL, NULL, ow, NULL));
    CHECK(ow[0] == 1, "first: 1 (%g)", ow[0]);
    gnn_graph_destroy(&g);
    OK(ctx, gnn_graph_from_edges(ctx, 3, 5, u, v, w, NULL, 0, GNN_DUP_KEEP, &g));
    OK(ctx, gnn_graph_arcs(ctx, g, NULL, NULL, ow, NULL));
    CHECK(g->m == 5 && ow[0] == 1 && ow[1] == 2 && ow[2] == 4, "keep: input order among parallel arcs");
    gnn_graph_destroy(&g);
    OK(ctx, gnn_graph_from_edges(ctx, 3, 5, u, v, NULL, NULL, 0, GNN_DUP_AUTO, &g));
    CHECK(g->m == 3 && !gnn_graph_is_weighted(g), "auto, unweighted: one arc, no weights");
    gnn_graph_destroy(&g);
    OK(ctx, gnn_graph_from_edges(ctx, 3, 5, u, v, NULL, NULL, 0, GNN_DUP_SUM, &g));
    OK(ctx, gnn_graph_arcs(ctx, g, NULL, NULL, ow, NULL));
    CHECK(gnn_graph_is_weighted(g) && ow[0] == 3, "sum, unweighted: the count (%g)", ow[0]);
    gnn_graph_destroy(&g);
    CHECK(gnn_graph_from_edges(ctx, 3, 5, u, v, w, NULL, 0, GNN_DUP_ERROR, &g) == GNN_EDUPLICATE && g == NULL, "error policy");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "edges 0 and 1") != NULL, "names the edges: %s", gnn_ctx_errmsg(ctx));
    OK(ctx, gnn_graph_from_edges(ctx, 3, 5, u, v, w, NULL, 0, GNN_DUP_KEEP | GNN_LOOPS_DROP, &g));
    CHECK(g->m == 4 && gnn_graph_self_loop_count(g) == 0, "loops dropped");
    gnn_graph_destroy(&g);
    CHECK(gnn_graph_from_edges(ctx, 3, 5, u, v, w, NULL, 0, GNN_DUP_KEEP | GNN_LOOPS_ERROR, &g) == GNN_ESELFLOOP, "loops refused");
    /* undirected: both directions, a loop once, u-v and v-u are duplicates */
    const int64_t a[3] = {0, 1, 2}, b[3] = {1, 0, 2};
    OK(ctx, gnn_graph_from_edges(ctx, 3, 3, a, b, NULL, NULL, 0, GNN_UNDIRECTED, &g));
    CHECK(g->m == 3 && gnn_graph_edge_count(g) == 2 && gnn_graph_find_arc(g, 1, 0) >= 0, "undirected storage");
    gnn_graph_destroy(&g);
    /* bad ids and values */
    const int64_t bad1[1] = {-1}, bad2[1] = {INT32_MAX}, ok1[1] = {0};
    const float nanw[1] = {NAN};
    const int64_t badt[1] = {5};
    CHECK(gnn_graph_from_edges(ctx, 3, 1, bad1, ok1, NULL, NULL, 0, 0, &g) == GNN_ERANGE, "negative id");
    CHECK(gnn_graph_from_edges(ctx, 0, 1, ok1, bad2, NULL, NULL, 0, 0, &g) == GNN_ERANGE, "id INT32_MAX");
    CHECK(gnn_graph_from_edges(ctx, 1, 1, ok1, ok1, nanw, NULL, 0, 0, &g) == GNN_ERANGE, "NaN weight");
    CHECK(gnn_graph_from_edges(ctx, 1, 1, ok1, ok1, NULL, badt, 3, 0, &g) == GNN_ERANGE, "relation out of range");
    const int64_t big[1] = {7};
    CHECK(gnn_graph_from_edges(ctx, 3, 1, ok1, big, NULL, NULL, 0, 0, &g) == GNN_ERANGE, "id >= n");
    CHECK(gnn_graph_from_edges(ctx, 0, 0, NULL, NULL, NULL, NULL, 0, 0, &g) == GNN_EEMPTY, "no nodes");
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ against igraph */

static int same_partition(const int64_t *a, const igraph_vector_int_t *b, int64_t n) {
    /* a and b induce the same partition iff a[i]==a[j] <=> b[i]==b[j]; check via first-occurrence maps */
    int64_t *ma = malloc(sizeof(int64_t) * (size_t)n), *mb = malloc(sizeof(int64_t) * (size_t)n);
    for (int64_t i = 0; i < n; i++) ma[i] = mb[i] = -1;
    int ok = 1;
    for (int64_t i = 0; i < n && ok; i++) {
        int64_t x = a[i], y = VECTOR(*b)[i];
        if (ma[x] < 0 && mb[y] < 0) ma[x] = y, mb[y] = x;
        else ok = ma[x] == y && mb[y] == x;
    }
    free(ma), free(mb);
    return ok;
}

static void test_vs_igraph(void) {
    gnn_ctx_t *ctx = check_ctx();
    igraph_set_error_handler(igraph_error_handler_ignore);
    enum { N = 400, M = 2500 };
    static int64_t u[M], v[M];
    static float w[M];
    for (int trial = 0; trial < 4; trial++) {
        const int undirected = trial % 2;
        rand_edges(10 + (uint64_t)trial, N, M, u, v, w);
        gnn_graph_t *g = NULL;
        OK(ctx, gnn_graph_from_edges(ctx, N, M, u, v, w, NULL, 0, (undirected ? GNN_UNDIRECTED : 0) | GNN_DUP_KEEP, &g));
        igraph_t ig;
        igraph_vector_t iw;
        igraph_vector_init(&iw, 0);
        OK(ctx, gnn_graph_to_igraph(ctx, g, &ig, &iw));
        CHECK(igraph_vcount(&ig) == N && igraph_ecount(&ig) == gnn_graph_edge_count(g), "igraph sizes");
        /* degrees and strengths */
        igraph_vector_int_t deg;
        igraph_vector_t str;
        igraph_vector_int_init(&deg, 0);
        igraph_vector_init(&str, 0);
        double *d = malloc(sizeof(double) * N);
        const int modes[3] = {GNN_OUT, GNN_IN, GNN_ALL};
        const igraph_neimode_t imodes[3] = {IGRAPH_OUT, IGRAPH_IN, IGRAPH_ALL};
        for (int k = 0; k < (undirected ? 1 : 3); k++) {
            igraph_degree(&ig, &deg, igraph_vss_all(), imodes[k], IGRAPH_LOOPS);
            igraph_strength(&ig, &str, igraph_vss_all(), imodes[k], IGRAPH_LOOPS, &iw);
            OK(ctx, gnn_graph_degrees(ctx, g, modes[k], 0, d));
            int okd = 1, oks = 1;
            for (int i = 0; i < N; i++) {
                /* igraph counts an undirected self-loop twice; we store it once */
                double loops = 0;
                if (undirected)
                    for (int64_t e = g->out_ptr[i]; e < g->out_ptr[i + 1]; e++) loops += g->out_idx[e] == i;
                okd &= d[i] + loops == (double)VECTOR(deg)[i];
            }
            OK(ctx, gnn_graph_degrees(ctx, g, modes[k], 1, d));
            for (int i = 0; i < N; i++) {
                double lw = 0;
                if (undirected)
                    for (int64_t e = g->out_ptr[i]; e < g->out_ptr[i + 1]; e++)
                        if (g->out_idx[e] == i) lw += g->weight[e];
                oks &= fabs(d[i] + lw - VECTOR(str)[i]) < 1e-4;
            }
            CHECK(okd, "degrees mode %d match igraph (undirected %d)", modes[k], undirected);
            CHECK(oks, "strengths mode %d match igraph", modes[k]);
        }
        /* components */
        int64_t *memb = malloc(sizeof(int64_t) * N), nc;
        igraph_vector_int_t im;
        igraph_integer_t inc;
        igraph_vector_int_init(&im, 0);
        for (int strong = 0; strong < 2; strong++) {
            OK(ctx, gnn_graph_components(ctx, g, strong ? GNN_OUT : GNN_ALL, memb, &nc));
            igraph_connected_components(&ig, &im, NULL, &inc, strong ? IGRAPH_STRONG : IGRAPH_WEAK);
            CHECK(nc == inc && same_partition(memb, &im, N), "%s components match igraph (%lld vs %lld)",
                  strong ? "strong" : "weak", (long long)nc, (long long)inc);
        }
        /* k-hop neighbourhoods of a few seeds */
        int64_t *nodes = malloc(sizeof(int64_t) * N), *dist = malloc(sizeof(int64_t) * N), cnt;
        igraph_vector_int_list_t res;
        igraph_vector_int_list_init(&res, 0);
        for (int k = 0; k < 3; k++)
            for (int hops = 1; hops <= 3; hops++) {
                int64_t seed = (trial * 37 + hops * 11 + k) % N;
                OK(ctx, gnn_graph_khop(ctx, g, &seed, 1, hops, modes[k], 0, nodes, dist, &cnt));
                igraph_neighborhood(&ig, &res, igraph_vss_1(seed), hops, imodes[k], 0);
                igraph_vector_int_t *nb = igraph_vector_int_list_get_ptr(&res, 0);
                int same = cnt == igraph_vector_int_size(nb);
                char *mark = calloc(N, 1);
                for (int64_t i = 0; i < cnt; i++) mark[nodes[i]] = 1;
                for (int64_t i = 0; same && i < igraph_vector_int_size(nb); i++) same &= mark[VECTOR(*nb)[i]];
                free(mark);
                CHECK(same, "%d-hop set of %lld (mode %d) matches igraph (%lld vs %lld)", hops, (long long)seed, modes[k],
                      (long long)cnt, (long long)igraph_vector_int_size(nb));
                /* distances: BFS levels are non-decreasing and start at 0 */
                int okdist = dist[0] == 0;
                for (int64_t i = 1; i < cnt; i++) okdist &= dist[i] >= dist[i - 1] && dist[i] <= hops;
                CHECK(okdist, "BFS distances ordered");
            }
        igraph_vector_int_list_destroy(&res);
        /* transpose: the reversed arc multiset */
        if (!undirected) {
            gnn_graph_t *t = NULL;
            OK(ctx, gnn_graph_transpose(ctx, g, &t));
            int okt = t->m == g->m;
            for (int64_t a = 0; a < g->n && okt; a++)
                okt &= gnn_graph_degree_of(t, a, GNN_OUT) == gnn_graph_degree_of(g, a, GNN_IN);
            for (int64_t e = 0; e < M && okt; e++) okt &= gnn_graph_find_arc(t, v[e], u[e]) >= 0;
            CHECK(okt, "transpose reverses every arc");
            gnn_graph_destroy(&t);
            igraph_real_t r;
            double mine;
            igraph_reciprocity(&ig, &r, 1, IGRAPH_RECIPROCITY_DEFAULT);
            OK(ctx, gnn_graph_reciprocity(ctx, g, &mine));
            CHECK(fabs(mine - r) < 1e-12, "reciprocity %g vs igraph %g", mine, (double)r);
        }
        /* round trip through igraph */
        gnn_graph_t *back = NULL;
        OK(ctx, gnn_graph_from_igraph(ctx, &ig, &iw, &back));
        CHECK(back->m == g->m && gnn_graph_is_directed(back) == gnn_graph_is_directed(g), "from_igraph round trip");
        gnn_graph_destroy(&back);
        free(d), free(memb), free(nodes), free(dist);
        igraph_vector_int_destroy(&deg), igraph_vector_destroy(&str), igraph_vector_int_destroy(&im);
        igraph_vector_destroy(&iw);
        igraph_destroy(&ig);
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ operations by hand */

static float wof(const gnn_graph_t *g, int64_t a, int64_t b) {
    int64_t e = gnn_graph_find_arc(g, a, b);
    return e < 0 ? -1.0f : g->weight ? g->weight[e] : 1.0f;
}

static void test_operations(void) {
    gnn_ctx_t *ctx = check_ctx();
    /* 0->1 (2), 1->0 (4), 1->2 (1), 2->2 (3), 3 isolated */
    const int64_t u[4] = {0, 1, 1, 2}, v[4] = {1, 0, 2, 2};
    const float w[4] = {2, 4, 1, 3};
    gnn_graph_t *g = NULL, *r = NULL;
    OK(ctx, gnn_graph_from_edges(ctx, 4, 4, u, v, w, NULL, 0, 0, &g));
    const char *names[4] = {"a", "b", "c", "d"};
    OK(ctx, gnn_graph_set_node_names(ctx, g, names));
    int64_t id;
    CHECK(gnn_graph_node_id(ctx, g, "c", &id) == GNN_SUCCESS && id == 2, "name lookup");
    CHECK(gnn_graph_node_id(ctx, g, "zz", &id) == GNN_ENOTFOUND, "unknown name");
    const int modes[4] = {GNN_SYM_SUM, GNN_SYM_MAX, GNN_SYM_MEAN, GNN_SYM_ONE};
    const float expect01[4] = {6, 4, 3, 1};
    for (int k = 0; k < 4; k++) {
        OK(ctx, gnn_graph_symmetrise(ctx, g, modes[k], &r));
        CHECK(!gnn_graph_is_directed(r) && wof(r, 0, 1) == expect01[k] && wof(r, 1, 0) == expect01[k],
              "symmetrise mode %d: 0-1 weighs %g", modes[k], wof(r, 0, 1));
        CHECK(wof(r, 2, 1) == (k == 3 ? 1 : 1) && wof(r, 2, 2) == (k == 3 ? 1 : 3), "one-direction edge and loop");
        CHECK(strcmp(gnn_graph_node_name(r, 2), "c") == 0, "names kept");
        gnn_graph_destroy(&r);
    }
    OK(ctx, gnn_graph_add_self_loops(ctx, g, 0.5f, &r));
    CHECK(r->m == 7 && wof(r, 2, 2) == 3 && wof(r, 0, 0) == 0.5f && wof(r, 3, 3) == 0.5f, "self-loops added where missing");
    gnn_graph_destroy(&r);
    OK(ctx, gnn_graph_add_reverse_relations(ctx, g, &r));
    CHECK(r->m == 8 && r->relations == 2, "reverse relations: 2R arcs");
    int64_t e = gnn_graph_find_arc(r, 2, 1);
    CHECK(e >= 0 && r->type[e] == 1, "the reverse of 1->2 is 2->1 of relation 1");
    gnn_graph_destroy(&r);
    OK(ctx, gnn_graph_normalize(ctx, g, GNN_NORM_ROW, &r));
    CHECK(CLOSE(wof(r, 1, 0), 0.8, 1e-6) && CLOSE(wof(r, 1, 2), 0.2, 1e-6), "row normalisation");
    gnn_graph_destroy(&r);
    OK(ctx, gnn_graph_normalize(ctx, g, GNN_NORM_COL, &r));
    CHECK(CLOSE(wof(r, 1, 2), 0.25, 1e-6) && CLOSE(wof(r, 2, 2), 0.75, 1e-6), "column normalisation");
    gnn_graph_destroy(&r);
    OK(ctx, gnn_graph_normalize(ctx, g, GNN_NORM_SYM, &r));
    CHECK(CLOSE(wof(r, 1, 2), 1 / sqrt(5.0 * 4.0), 1e-6), "symmetric normalisation");
    gnn_graph_destroy(&r);
    const int64_t keep[3] = {2, 1, 3};
    OK(ctx, gnn_graph_induced_subgraph(ctx, g, keep, 3, &r));
    CHECK(r->n == 3 && r->m == 2 && wof(r, 1, 0) == 1 && wof(r, 0, 0) == 3, "induced subgraph renumbers");
    CHECK(strcmp(gnn_graph_node_name(r, 0), "c") == 0 && gnn_graph_origin_id(r, 1) == 1 && gnn_graph_origin_id(r, 2) == 3,
          "names and origin ids");
    gnn_graph_destroy(&r);
    const int64_t dup[2] = {1, 1};
    CHECK(gnn_graph_induced_subgraph(ctx, g, dup, 2, &r) == GNN_EDUPLICATE, "a node twice");
    uint8_t mask[4] = {0, 0, 1, 0};
    OK(ctx, gnn_graph_remove_arcs(ctx, g, mask, &r));
    CHECK(r->m == 3 && gnn_graph_find_arc(r, 1, 2) < 0, "arc removed");
    gnn_graph_destroy(&r);
    const int64_t perm[4] = {3, 2, 1, 0};
    OK(ctx, gnn_graph_permute(ctx, g, perm, &r));
    CHECK(wof(r, 3, 2) == 2 && wof(r, 1, 1) == 3 && strcmp(gnn_graph_node_name(r, 3), "a") == 0 &&
              gnn_graph_origin_id(r, 3) == 0, "permute: arcs, names, origin");
    gnn_graph_destroy(&r);
    const int64_t notperm[4] = {0, 0, 1, 2};
    CHECK(gnn_graph_permute(ctx, g, notperm, &r) == GNN_EINVAL, "not a permutation");
    OK(ctx, gnn_graph_copy(ctx, g, &r));
    CHECK(r->m == g->m && strcmp(gnn_graph_node_name(r, 0), "a") == 0, "copy");
    gnn_graph_destroy(&r);
    int64_t nb[4], arcs[4];
    OK(ctx, gnn_graph_neighbors(ctx, g, 1, GNN_OUT, nb, arcs));
    CHECK(nb[0] == 0 && nb[1] == 2 && arcs[0] == gnn_graph_find_arc(g, 1, 0), "neighbours with arc ids");
    OK(ctx, gnn_graph_neighbors(ctx, g, 2, GNN_IN, nb, arcs));
    CHECK(nb[0] == 1 && nb[1] == 2, "in-neighbours by source");
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

static void test_split(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_dataset_t *ds = NULL;
    gnn_opts_t *o = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "n", "400");
    gnn_opts_set(o, "m", "2000");
    gnn_opts_set(o, "directed", "0");
    OK(ctx, gnn_dataset_generate(ctx, "er", o, &ds));
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    gnn_split_t *s = NULL, *s2 = NULL;
    OK(ctx, gnn_split_edges(ctx, g, 0.1, 0.2, &s));
    CHECK(gnn_split_count(s, GNN_SPLIT_TEST, 1) == 400 && gnn_split_count(s, GNN_SPLIT_VALID, 1) == 200 &&
              gnn_split_count(s, GNN_SPLIT_TRAIN, 1) == 1400, "floor counts");
    gnn_i_u64set_t seen;
    gnn_i_u64set_init(ctx, &seen, 6000);
    int ok_pos = 1, ok_neg = 1;
    int64_t a[1400], b[1400];
    for (int p = 0; p < 3; p++)
        for (int pos = 0; pos < 2; pos++) {
            int64_t k = gnn_split_count(s, p, pos);
            gnn_split_pairs(s, p, pos, a, b);
            for (int64_t i = 0; i < k; i++) {
                uint64_t lo = (uint64_t)(a[i] < b[i] ? a[i] : b[i]), hi = (uint64_t)(a[i] < b[i] ? b[i] : a[i]);
                int added = gnn_i_u64set_add(&seen, lo * 400 + hi);
                int is_edge = gnn_graph_find_arc(g, a[i], b[i]) >= 0;
                if (pos) ok_pos &= added && is_edge;
                else ok_neg &= added && !is_edge && a[i] != b[i];
            }
        }
    CHECK(ok_pos && seen.count >= 2000, "positives: every edge exactly once across parts");
    CHECK(ok_neg, "negatives: distinct non-edges, no loops");
    gnn_i_u64set_free(ctx, &seen);
    gnn_graph_t *tg = NULL;
    OK(ctx, gnn_split_train_graph(ctx, s, g, &tg));
    CHECK(gnn_graph_edge_count(tg) == 1400, "train graph holds the train edges (%lld)", (long long)gnn_graph_edge_count(tg));
    gnn_graph_destroy(&tg);
    OK(ctx, gnn_split_edges(ctx, g, 0.1, 0.2, &s2));
    gnn_split_pairs(s, GNN_SPLIT_TEST, 1, a, NULL);
    int64_t c[400];
    gnn_split_pairs(s2, GNN_SPLIT_TEST, 1, c, NULL);
    CHECK(memcmp(a, c, sizeof c) == 0, "same seed, same split");
    gnn_split_destroy(&s2);
    gnn_ctx_set_seed(ctx, 3);
    OK(ctx, gnn_split_edges(ctx, g, 0.1, 0.2, &s2));
    gnn_split_pairs(s2, GNN_SPLIT_TEST, 1, c, NULL);
    CHECK(memcmp(a, c, sizeof c) != 0, "another seed, another split");
    gnn_split_destroy(&s2);
    CHECK(gnn_split_edges(ctx, g, 0.6, 0.5, &s2) == GNN_EINVAL && s2 == NULL, "ratios over 1");
    gnn_split_destroy(&s2);
    gnn_split_destroy(&s);
    gnn_opts_destroy(&o);
    gnn_dataset_destroy(&ds);
    gnn_ctx_destroy(&ctx);
}

/* ------------------------------------------------------------------ failing allocator */

typedef struct brutal {
    long left, live;
} brutal_t;
static void *b_malloc(void *ud, size_t n) {
    brutal_t *b = ud;
    if (b->left-- <= 0) return NULL;
    b->live++;
    return malloc(n);
}
static void *b_realloc(void *ud, void *p, size_t n) {
    brutal_t *b = ud;
    if (b->left-- <= 0) return NULL;
    if (p == NULL) b->live++;
    return realloc(p, n);
}
static void b_free(void *ud, void *p) {
    brutal_t *b = ud;
    if (p) b->live--, free(p);
}

static void test_brutal(void) {
    enum { N = 50, M = 300 };
    static int64_t u[M], v[M];
    static float w[M];
    rand_edges(5, N, M, u, v, w);
    gnn_ctx_t *ctx = check_ctx();
    brutal_t b;
    OK(ctx, gnn_ctx_set_allocator(ctx, b_malloc, b_realloc, b_free, &b));
    for (int op = 0; op < 4; op++) {
        int done = 0, leaks = 0, k;
        for (k = 0; k < 500 && !done; k++) {
            b.left = k;
            b.live = 0;
            gnn_graph_t *g = NULL, *r = NULL;
            gnn_split_t *s = NULL;
            gnn_status_t st = gnn_graph_from_edges(ctx, N, M, u, v, w, NULL, 0, GNN_UNDIRECTED, &g);
            if (st >= 0) {
                const int64_t keep[5] = {1, 2, 3, 4, 5};
                if (op == 1) st = gnn_graph_symmetrise(ctx, g, GNN_SYM_SUM, &r);
                if (op == 2) st = gnn_graph_induced_subgraph(ctx, g, keep, 5, &r);
                if (op == 3) st = gnn_split_edges(ctx, g, 0.1, 0.1, &s);
            }
            if (st >= 0) done = 1;
            else if (st != GNN_ENOMEM) leaks += 1000; /* wrong code */
            gnn_graph_destroy(&g);
            gnn_graph_destroy(&r);
            gnn_split_destroy(&s);
            if (b.live != 0) leaks++;
        }
        CHECK(done && leaks == 0, "op %d: succeeded after %d allocations, %d failures leaked or gave another code", op, k,
              leaks);
    }
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_invariants);
    RUN(test_policies);
    RUN(test_vs_igraph);
    RUN(test_operations);
    RUN(test_split);
    RUN(test_brutal);
    return check_summary();
}
