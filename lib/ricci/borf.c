/* borf.c: Batch Ollivier-Ricci Flow rewiring (Nguyen et al., ICML 2023), see
 * gnn/ricci.h.  Curvature with alpha = 0, exact transport, unit lengths.
 * Per batch one full curvature pass; the plans of the h most negative edges
 * only (no |E| plans are stored); edits collected in a hash set of added
 * pairs and a removal mask, then the graph is rebuilt once per batch. */
#include "ricci_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

extern const gnn_i_optgroup_t gnn_i_group_ricci;

typedef struct kedge {
    double k;
    int64_t arc, u, v;
} kedge_t;

static int cmp_canonical(const void *a, const void *b) {
    const kedge_t *x = a, *y = b;
    if (x->k != y->k) return x->k < y->k ? -1 : 1;
    if (x->u != y->u) return x->u < y->u ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}
/* stable by kappa: ties keep arc order */
static int cmp_compat(const void *a, const void *b) {
    const kedge_t *x = a, *y = b;
    if (x->k != y->k) return x->k < y->k ? -1 : 1;
    return (x->arc > y->arc) - (x->arc < y->arc);
}

static uint64_t key(int64_t p, int64_t q) { return ((uint64_t)p << 32) | (uint64_t)q; }

gnn_status_t gnn_borf_rewire(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *opts, gnn_graph_t **out,
                             int64_t *added, int64_t *removed) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_graph_t *cur = NULL, *next = NULL;
    gnn_i_orc_view_t v = {0};
    gnn_i_orc_ws_t w = {0};
    gnn_i_u64set_t addset = {0};
    kedge_t *ke = NULL;
    double *kappa = NULL, *plan = NULL;
    uint8_t *drop = NULL;
    int64_t *src = NULL, *dst = NULL, *addp = NULL, *addq = NULL;
    int64_t nadd_total = 0, nrem_total = 0;
    if (out) *out = NULL;
    status = gnn_i_graph_check(ctx, g, "gnn_borf_rewire");
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, out != NULL, "gnn_borf_rewire: out is NULL");
    status = gnn_opts_validate(ctx, opts, "ricci");
    if (status < 0) return status;
    const gnn_i_optgroup_t *G = &gnn_i_group_ricci;
    int64_t N = gnn_i_opt_int(opts, G, "borf-batches"), h = gnn_i_opt_int(opts, G, "borf-add"),
            kr = gnn_i_opt_int(opts, G, "borf-remove");
    int compat = gnn_i_opt_choice(opts, G, "borf-mode") == 1;
    gnn_i_orc_cfg_t c;
    GNN_CHECK(gnn_i_orc_config(ctx, opts, &c));
    c.alpha = 0.0;
    c.method = GNN_I_ORC_EXACT;
    c.denom = GNN_I_ORC_DEN_DIST;
    c.topk = INT64_MAX;
    /* the starting graph: unweighted, no loops, merged; compat: the
     * symmetric digraph holding both arcs of every edge */
    {
        int64_t m = g->m;
        GNN_ALLOC(ctx, src, m > 0 ? m : 1);
        GNN_ALLOC(ctx, dst, m > 0 ? m : 1);
        GNN_CHECK(gnn_graph_arcs(ctx, g, src, dst, NULL, NULL));
        int flags = (compat ? GNN_DIRECTED : GNN_UNDIRECTED) | GNN_LOOPS_DROP | GNN_DUP_FIRST;
        if (compat && g->directed) {
            /* symmetrise: each arc and its reverse */
            int64_t *s2 = NULL, *d2 = NULL;
            GNN_ALLOC(ctx, s2, 2 * m > 0 ? 2 * m : 1);
            GNN_ALLOC(ctx, d2, 2 * m > 0 ? 2 * m : 1);
            for (int64_t e = 0; e < m; e++) {
                s2[2 * e] = src[e], d2[2 * e] = dst[e];
                s2[2 * e + 1] = dst[e], d2[2 * e + 1] = src[e];
            }
            gnn_i_free(ctx, src);
            gnn_i_free(ctx, dst);
            src = s2, dst = d2, m *= 2;
        }
        GNN_CHECK(gnn_graph_from_edges(ctx, g->n, m, src, dst, NULL, NULL, 0, flags, &cur));
        GNN_CHECK(gnn_i_graph_copy_names(ctx, g, cur));
        gnn_i_free(ctx, src);
        gnn_i_free(ctx, dst);
        src = dst = NULL;
    }
    GNN_ALLOC(ctx, addp, h > 0 ? h : 1);
    GNN_ALLOC(ctx, addq, h > 0 ? h : 1);
    for (int64_t b = 0; b < N; b++) {
        int64_t m = cur->m;
        if (m == 0) break;
        GNN_CHECK(gnn_i_orc_view(ctx, cur, NULL, &v, "gnn_borf_rewire"));
        GNN_ALLOC(ctx, kappa, m);
        GNN_CHECK(gnn_i_orc_pass(ctx, &c, &v, kappa));
        /* the candidates: edges (u < v) or arcs */
        GNN_ALLOC(ctx, ke, m);
        int64_t ne = 0;
        for (int64_t u = 0; u < cur->n; u++)
            for (int64_t e = cur->out_ptr[u]; e < cur->out_ptr[u + 1]; e++) {
                int64_t x = cur->out_idx[e];
                if (!compat && x < u) continue;
                ke[ne].k = kappa[e], ke[ne].arc = e, ke[ne].u = u, ke[ne].v = x;
                ne++;
            }
        qsort(ke, (size_t)ne, sizeof *ke, compat ? cmp_compat : cmp_canonical);
        int64_t R, C, L, md;
        GNN_CHECK(gnn_i_orc_plan_sizes(&c, &v, &R, &C, &L, &md));
        GNN_CHECK(gnn_i_orc_ws_init(ctx, &w, cur->n, R, C, L, md, 0, 0));
        GNN_ALLOC(ctx, plan, R * C);
        GNN_CHECK(gnn_i_u64set_init(ctx, &addset, (uint64_t)(2 * h + 16)));
        int64_t nadd = 0, hh = h < ne ? h : ne;
        for (int64_t i = 0; i < hh; i++) {
            int64_t a, bb;
            double kk;
            status = gnn_i_orc_edge(&c, &v, &w, ke[i].arc, ke[i].u, ke[i].v, &kk, 1, &a, &bb);
            if (status < 0) {
                status = gnn_i_error(ctx, status, "gnn_borf_rewire: the transport solver hit its pivot limit");
                goto fail;
            }
            gnn_i_orc_plan_fill(&w, a, bb, plan);
            int64_t bi = 0, bj = 0;
            double bm = -1, bd = -1;
            for (int64_t p = 0; p < a; p++)
                for (int64_t q = 0; q < bb; q++) {
                    double x = plan[p * bb + q], d = w.D[p * bb + q];
                    if (compat) {
                        if (x > bm) bm = x, bd = d, bi = p, bj = q;
                        continue;
                    }
                    double tol = 1e-12;
                    if (x > bm + tol) bm = x, bd = d, bi = p, bj = q;
                    else if (x >= bm - tol) {
                        int64_t pn = w.rn[p], qn = w.cn[q], bpn = w.rn[bi], bqn = w.cn[bj];
                        int64_t lo = pn < qn ? pn : qn, hi = pn < qn ? qn : pn;
                        int64_t blo = bpn < bqn ? bpn : bqn, bhi = bpn < bqn ? bqn : bpn;
                        if (d > bd || (d == bd && (lo < blo || (lo == blo && hi < bhi)))) bm = x, bd = d, bi = p, bj = q;
                    }
                }
            int64_t p = w.rn[bi], q = w.cn[bj];
            if (p == q) continue;
            if (!compat && p > q) {
                int64_t t = p;
                p = q, q = t;
            }
            if (gnn_graph_find_arc(cur, p, q) >= 0 || gnn_i_u64set_has(&addset, key(p, q))) continue;
            gnn_i_u64set_add(&addset, key(p, q));
            addp[nadd] = p, addq[nadd] = q;
            nadd++;
        }
        /* removals: the k most positive (still present: nothing removed yet
         * in this batch, and additions are never candidates) */
        GNN_CALLOC(ctx, drop, m);
        int64_t nrem = 0, kk2 = kr < ne ? kr : ne;
        for (int64_t i = ne - kk2; i < ne; i++) {
            if (i < 0) continue;
            drop[ke[i].arc] = 1;
            nrem++;
        }
        /* rebuild: the kept edges (u < v; compat: arcs) and the additions */
        GNN_ALLOC(ctx, src, m + nadd);
        GNN_ALLOC(ctx, dst, m + nadd);
        int64_t j = 0;
        for (int64_t u = 0; u < cur->n; u++)
            for (int64_t e = cur->out_ptr[u]; e < cur->out_ptr[u + 1]; e++) {
                if (drop[e] || (!compat && cur->out_idx[e] < u)) continue;
                src[j] = u, dst[j] = cur->out_idx[e], j++;
            }
        for (int64_t i = 0; i < nadd; i++) src[j] = addp[i], dst[j] = addq[i], j++;
        GNN_CHECK(gnn_graph_from_edges(ctx, cur->n, j, src, dst, NULL, NULL, 0,
                                       (compat ? GNN_DIRECTED : GNN_UNDIRECTED) | GNN_DUP_FIRST, &next));
        GNN_CHECK(gnn_i_graph_copy_names(ctx, cur, next));
        gnn_graph_destroy(&cur);
        cur = next;
        next = NULL;
        nadd_total += nadd;
        nrem_total += nrem;
        gnn_i_free(ctx, src);
        gnn_i_free(ctx, dst);
        gnn_i_free(ctx, drop);
        gnn_i_free(ctx, ke);
        gnn_i_free(ctx, kappa);
        gnn_i_free(ctx, plan);
        src = dst = NULL, drop = NULL, ke = NULL, kappa = NULL, plan = NULL;
        gnn_i_u64set_free(ctx, &addset);
        gnn_i_orc_ws_free(ctx, &w);
        gnn_i_orc_view_free(ctx, &v);
        gnn_i_progress(ctx, "borf", (double)(b + 1), (double)N);
        GNN_CHECK(gnn_i_poll(ctx));
    }
    *out = cur;
    cur = NULL;
    if (added) *added = nadd_total;
    if (removed) *removed = nrem_total;
fail:
    gnn_graph_destroy(&cur);
    gnn_graph_destroy(&next);
    gnn_i_orc_view_free(ctx, &v);
    gnn_i_orc_ws_free(ctx, &w);
    gnn_i_u64set_free(ctx, &addset);
    gnn_i_free(ctx, ke);
    gnn_i_free(ctx, kappa);
    gnn_i_free(ctx, plan);
    gnn_i_free(ctx, drop);
    gnn_i_free(ctx, src);
    gnn_i_free(ctx, dst);
    gnn_i_free(ctx, addp);
    gnn_i_free(ctx, addq);
    return status;
}
