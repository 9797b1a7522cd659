/* flow.c: discrete Ricci flow and communities from the flow metric, as
 * GraphRicciCurvature 0.5.3 computes them (see gnn/ricci.h). */
#include "ricci_impl.h"

#include <math.h>
#include <string.h>

extern const gnn_i_optgroup_t gnn_i_group_ricci;

gnn_status_t gnn_ricci_flow(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *opts, double *length,
                            double *kappa, int64_t *iterations_run) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_orc_view_t v = {0};
    gnn_graph_t *cur = NULL, *next = NULL;
    int64_t *memb = NULL, *map = NULL, *map2 = NULL, *csize = NULL;
    double *k = NULL;
    uint8_t *active = NULL, *mask = NULL;
    gnn_i_orc_cfg_t c;
    int64_t done = 0;
    status = gnn_i_graph_check(ctx, g, "gnn_ricci_flow");
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, length != NULL, "gnn_ricci_flow: length is NULL");
    if (g->directed)
        return gnn_i_error(ctx, GNN_EUNSUPPORTED, "gnn_ricci_flow: the flow is defined for undirected graphs");
    status = gnn_i_orc_config(ctx, opts, &c);
    if (status < 0) return status;
    const gnn_i_optgroup_t *G = &gnn_i_group_ricci;
    int64_t iters = gnn_i_opt_int(opts, G, "iterations"), every = gnn_i_opt_int(opts, G, "surgery-every");
    double step = gnn_i_opt_double(opts, G, "step"), delta = gnn_i_opt_double(opts, G, "delta");
    double cut = gnn_i_opt_double(opts, G, "surgery-cut");
    int64_t m = g->m, n = g->n;
    GNN_ALLOC(ctx, memb, n > 0 ? n : 1);
    GNN_CALLOC(ctx, csize, n > 0 ? n : 1);
    GNN_ALLOC(ctx, k, m > 0 ? m : 1);
    GNN_CALLOC(ctx, active, m > 0 ? m : 1);
    GNN_ALLOC(ctx, map, m > 0 ? m : 1);
    /* the largest connected component (first in node order among equals) */
    int64_t ncomp = 0, best = 0;
    GNN_CHECK(gnn_graph_components(ctx, g, GNN_ALL, memb, &ncomp));
    for (int64_t u = 0; u < n; u++) csize[memb[u]]++;
    for (int64_t cc = 1; cc < ncomp; cc++)
        if (csize[cc] > csize[best]) best = cc;
    if (ncomp > 1)
        gnn_i_log(ctx, GNN_LOG_WARN, "gnn_ricci_flow: %lld components; the flow runs on the largest (%lld of %lld nodes)",
                  (long long)ncomp, (long long)csize[best], (long long)n);
    for (int64_t u = 0; u < n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) active[e] = memb[u] == best;
    for (int64_t e = 0; e < m; e++) map[e] = e;
    /* cur: the graph under the flow (g until a surgery); map: its arcs -> g's */
    int64_t mc = m;
    GNN_CHECK(gnn_i_orc_view(ctx, g, length, &v, "gnn_ricci_flow"));
    const gnn_graph_t *gc = g;
    double m0 = 0;
    for (int64_t e = 0; e < m; e++) m0 += active[e];
    m0 /= 2; /* edges */
    GNN_CHECK(gnn_i_orc_pass(ctx, &c, &v, k));
    for (int64_t i = 0; i < iters; i++) {
        double s = 0;
        for (int64_t e = 0; e < mc; e++) {
            if (!active[map[e]]) continue;
            v.len[e] -= step * k[e] * v.len[e];
            s += v.len[e];
        }
        s /= 2;
        if (!(s > 0) || !isfinite(s)) {
            status = gnn_i_error(ctx, GNN_ENUMERIC, "gnn_ricci_flow: iteration %lld: total length %g (step too large?)",
                                 (long long)(i + 1), s);
            goto fail;
        }
        int unit = 1;
        for (int64_t e = 0; e < mc; e++) {
            if (active[map[e]]) v.len[e] *= m0 / s;
            if (v.len[e] < 0) {
                status = gnn_i_error(ctx, GNN_ENUMERIC,
                                     "gnn_ricci_flow: iteration %lld: a length became negative (step %g too large)",
                                     (long long)(i + 1), step);
                goto fail;
            }
            if (v.len[e] != 1.0) unit = 0;
        }
        v.unit = unit;
        GNN_CHECK(gnn_i_orc_pass(ctx, &c, &v, k));
        done = i + 1;
        /* spread over the active arcs of cur */
        {
            double mn = INFINITY, mx = -INFINITY;
            for (int64_t e = 0; e < mc; e++)
                if (active[map[e]]) {
                    if (k[e] < mn) mn = k[e];
                    if (k[e] > mx) mx = k[e];
                }
            if (mx - mn < delta) break;
        }
        if (i != 0 && i % every == 0) {
            /* surgery: drop the active edges longer than the cut */
            double mxl = 0;
            for (int64_t e = 0; e < mc; e++)
                if (active[map[e]] && v.len[e] > mxl) mxl = v.len[e];
            double cutv = cut > 0 ? cut : (mxl - 1) * 0.6 + 1;
            GNN_CALLOC(ctx, mask, mc > 0 ? mc : 1);
            int64_t nrem = 0;
            for (int64_t e = 0; e < mc; e++)
                if (active[map[e]] && v.len[e] > cutv) mask[e] = 1, nrem++;
            if (nrem > 0) {
                GNN_CHECK(gnn_graph_remove_arcs(ctx, gc, mask, &next));
                int64_t mn2 = next->m, j = 0;
                GNN_ALLOC(ctx, map2, mn2 > 0 ? mn2 : 1);
                double *len2 = NULL;
                GNN_ALLOC(ctx, len2, mn2 > 0 ? mn2 : 1);
                for (int64_t e = 0; e < mc; e++) {
                    if (mask[e]) {
                        length[map[e]] = INFINITY;
                        continue;
                    }
                    map2[j] = map[e];
                    len2[j] = v.len[e];
                    j++;
                }
                gnn_i_free(ctx, map);
                map = map2;
                map2 = NULL;
                gnn_i_free(ctx, v.len);
                v.len = len2;
                v.g = next;
                gnn_graph_destroy(&cur);
                cur = next;
                next = NULL;
                gc = cur;
                mc = mn2;
                m0 = 0;
                for (int64_t e = 0; e < mc; e++) m0 += active[map[e]];
                m0 /= 2;
                GNN_CHECK(gnn_i_orc_pass(ctx, &c, &v, k));
            }
            gnn_i_free(ctx, mask);
            mask = NULL;
        }
    }
    for (int64_t e = 0; e < mc; e++) {
        if (active[map[e]]) length[map[e]] = v.len[e];
    }
    if (kappa) {
        for (int64_t e = 0; e < m; e++) kappa[e] = NAN;
        for (int64_t e = 0; e < mc; e++) kappa[map[e]] = k[e];
    }
    if (iterations_run) *iterations_run = done;
fail:
    gnn_i_orc_view_free(ctx, &v);
    gnn_graph_destroy(&cur);
    gnn_graph_destroy(&next);
    gnn_i_free(ctx, memb);
    gnn_i_free(ctx, csize);
    gnn_i_free(ctx, k);
    gnn_i_free(ctx, active);
    gnn_i_free(ctx, map);
    gnn_i_free(ctx, map2);
    gnn_i_free(ctx, mask);
    return status;
}

/* ---- communities ---- */

/* components of the arcs with length <= cut; returns the count */
static int64_t components_cut(const gnn_graph_t *g, const double *len, double cut, int64_t *memb, int64_t *stack) {
    for (int64_t u = 0; u < g->n; u++) memb[u] = -1;
    int64_t nc = 0;
    for (int64_t s = 0; s < g->n; s++) {
        if (memb[s] >= 0) continue;
        int64_t top = 0;
        stack[top++] = s;
        memb[s] = nc;
        while (top > 0) {
            int64_t u = stack[--top];
            for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
                int64_t w = g->out_idx[e];
                if (len[e] > cut || memb[w] >= 0) continue;
                memb[w] = nc;
                stack[top++] = w;
            }
        }
        nc++;
    }
    return nc;
}

/* weighted modularity (python-louvain's) of the components of the graph
 * restricted to the arcs with length <= cut */
static double modularity_cut(const gnn_graph_t *g, const double *len, double cut, const int64_t *memb, int64_t nc,
                             double *inc, double *deg) {
    for (int64_t c = 0; c < nc; c++) inc[c] = deg[c] = 0;
    double W = 0;
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            if (len[e] > cut) continue;
            int64_t w = g->out_idx[e];
            W += len[e];
            deg[memb[u]] += len[e];
            if (memb[w] == memb[u]) inc[memb[u]] += len[e];
        }
    W /= 2; /* each edge seen from both ends */
    if (W <= 0) return 0.0;
    double q = 0;
    for (int64_t c = 0; c < nc; c++) q += (inc[c] / 2) / W - (deg[c] / (2 * W)) * (deg[c] / (2 * W));
    return q;
}

gnn_status_t gnn_ricci_communities(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *length,
                                   const gnn_opts_t *opts, int64_t *membership, int64_t *count, double *cutoff) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_ricci_communities");
    if (status < 0) return status;
    int64_t *memb = NULL, *stack = NULL;
    double *inc = NULL, *deg = NULL, *mods = NULL, *len = NULL;
    GNN_ARG_CHECK(ctx, membership != NULL, "gnn_ricci_communities: membership is NULL");
    if (g->directed)
        return gnn_i_error(ctx, GNN_EUNSUPPORTED, "gnn_ricci_communities: needs an undirected graph");
    status = gnn_opts_validate(ctx, opts, "ricci");
    if (status < 0) return status;
    double step = gnn_i_opt_double(opts, &gnn_i_group_ricci, "cutoff-step");
    double drop = gnn_i_opt_double(opts, &gnn_i_group_ricci, "drop-threshold");
    int64_t n = g->n, m = g->m;
    GNN_ALLOC(ctx, len, m > 0 ? m : 1);
    double maxw = -INFINITY;
    for (int64_t e = 0; e < m; e++) {
        len[e] = length ? length[e] : (g->weight ? g->weight[e] : 1.0);
        if (isfinite(len[e]) && len[e] > maxw) maxw = len[e];
    }
    if (!(maxw > 1)) {
        status = gnn_i_error(ctx, GNN_ENOTFOUND,
                             "gnn_ricci_communities: no edge is longer than 1 (run the Ricci flow first): no cutoff to scan");
        goto fail;
    }
    /* cutoffs maxw, maxw - step, ... while > 1 (numpy.arange) */
    int64_t ncut = (int64_t)ceil((maxw - 1) / step);
    if (ncut < 1) ncut = 1;
    GNN_ALLOC(ctx, memb, n);
    GNN_ALLOC(ctx, stack, n);
    GNN_ALLOC(ctx, inc, n);
    GNN_ALLOC(ctx, deg, n);
    GNN_ALLOC(ctx, mods, ncut);
    for (int64_t i = 0; i < ncut; i++) {
        double cutv = maxw - (double)i * step;
        int64_t nc = components_cut(g, len, cutv, memb, stack);
        mods[i] = modularity_cut(g, len, cutv, memb, nc, inc, deg);
    }
    /* good cutoffs, scanning from the smallest cutoff upwards; the last found
     * is the smallest good one applied last */
    double best = NAN;
    double mod_last = mods[ncut - 1];
    for (int64_t i = ncut - 1; i > 0; i--) {
        double now = mods[i];
        if (mod_last > now && now > 1e-4 && fabs(mod_last - now) / mod_last > drop && i + 1 < ncut + 1) {
            double cv = maxw - (double)(i + 1) * step;
            if (isnan(best) || cv < best) best = cv;
        }
        mod_last = now;
    }
    if (isnan(best)) {
        status = gnn_i_error(ctx, GNN_ENOTFOUND, "gnn_ricci_communities: no cutoff point found (no modularity drop above %g)",
                             drop);
        goto fail;
    }
    int64_t nc = components_cut(g, len, best, memb, stack);
    for (int64_t u = 0; u < n; u++) membership[u] = memb[u];
    if (count) *count = nc;
    if (cutoff) *cutoff = best;
fail:
    gnn_i_free(ctx, memb);
    gnn_i_free(ctx, stack);
    gnn_i_free(ctx, inc);
    gnn_i_free(ctx, deg);
    gnn_i_free(ctx, mods);
    gnn_i_free(ctx, len);
    return status;
}
