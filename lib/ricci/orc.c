/* orc.c: Ollivier-Ricci curvature of every edge (see gnn/ricci.h).
 *
 * Per edge x-y: the two measures, the distances between their supports,
 * one transportation problem.  Distances: with unit lengths every distance
 * between N[x] and N[y] is 0, 1, 2 or 3 (p-x-y-q is a walk of length <= 3),
 * so one pass marks the column nodes adjacent to each row node (1) and, via
 * a per-edge index from every node r to the columns adjacent to r, those at
 * distance 2; the rest are 3.  With lengths, one Dijkstra per row node,
 * stopped once every column is settled or past the bound
 * len(p,x) + len(x,y) + len(y,q).  Exact W1 cancels the mass common to both
 * supports first (W1 only depends on m_x - m_y) and solves the rest with
 * the transportation simplex of transport.c.
 *
 * Parallel over edges (OpenMP, dynamic schedule); each thread owns a
 * workspace sized once from the largest supports, and each edge writes only
 * its own slots, so the output is the same for any thread count. */
#include "ricci_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static const gnn_i_optspec_t ricci_specs[] = {
    {"alpha", "double", "0.5", 0, 1, "idleness: mass the measure keeps on the node itself"},
    {"base", "double", "2.718281828459045", 1e-300, 1e300, "neighbour weights base^(-length^exp-power)"},
    {"exp-power", "double", "2", 0, 1e6, "exponent of the length in the neighbour weights"},
    {"nbr-topk", "int", "3000", 1, 1e12, "keep the neighbours of largest weight, at most this many"},
    {"method", "choice:mix|exact|sinkhorn|atd", "mix", 1, 0,
     "W1: exact transport, Sinkhorn, exact unless both supports exceed mix-threshold, or the ATD bound"},
    {"sinkhorn-reg", "double", "0.1", 1e-12, 1e12, "Sinkhorn entropic regularisation (on the raw costs)"},
    {"sinkhorn-iter", "int", "1000", 1, 1e12, "Sinkhorn iteration limit"},
    {"sinkhorn-thr", "double", "1e-9", 0, 1, "Sinkhorn stop: column-marginal error below this"},
    {"mix-threshold", "int", "2000", 1, 1e12, "method mix: Sinkhorn when both supports exceed this size"},
    {"denominator", "choice:distance|edge-weight", "distance", 1, 0,
     "divide W1 by the distance d(x,y) or by the edge's own length (GraphRicciCurvature 0.5.3)"},
    {"iterations", "int", "10", 0, 1e9, "Ricci flow: iterations"},
    {"step", "double", "1", 0, 1e6, "Ricci flow: step size"},
    {"delta", "double", "1e-4", 0, 1e6, "Ricci flow: stop when max kappa - min kappa is below this"},
    {"surgery-every", "int", "100", 1, 1e12, "Ricci flow: surgery every this many iterations"},
    {"surgery-cut", "double", "0", 0, 1e300, "Ricci flow surgery: remove edges longer than this (0: (max - 1) * 0.6 + 1)"},
    {"cutoff-step", "double", "0.025", 1e-9, 1e9, "communities: cutoff scan step"},
    {"drop-threshold", "double", "0.01", 0, 1, "communities: relative modularity drop of a good cutoff"},
    {"borf-batches", "int", "3", 0, 1e9, "BORF: batches N"},
    {"borf-add", "int", "20", 0, 1e12, "BORF: edges added per batch h"},
    {"borf-remove", "int", "10", 0, 1e12, "BORF: edges removed per batch k"},
    {"borf-mode", "choice:canonical|compat", "canonical", 1, 0,
     "BORF: undirected and deterministic, or arc semantics of the official code"},
};
const gnn_i_optgroup_t gnn_i_group_ricci = {"ricci", ricci_specs,
                                            (int64_t)(sizeof ricci_specs / sizeof ricci_specs[0])};

gnn_status_t gnn_i_orc_config(gnn_ctx_t *ctx, const gnn_opts_t *opts, gnn_i_orc_cfg_t *c) {
    gnn_status_t st = gnn_opts_validate(ctx, opts, "ricci");
    if (st < 0) return st;
    const gnn_i_optgroup_t *G = &gnn_i_group_ricci;
    c->alpha = gnn_i_opt_double(opts, G, "alpha");
    c->log_base = log(gnn_i_opt_double(opts, G, "base"));
    c->power = gnn_i_opt_double(opts, G, "exp-power");
    c->topk = gnn_i_opt_int(opts, G, "nbr-topk");
    c->method = gnn_i_opt_choice(opts, G, "method");
    c->reg = gnn_i_opt_double(opts, G, "sinkhorn-reg");
    c->sk_iter = gnn_i_opt_int(opts, G, "sinkhorn-iter");
    c->sk_thr = gnn_i_opt_double(opts, G, "sinkhorn-thr");
    c->mix = gnn_i_opt_int(opts, G, "mix-threshold");
    c->denom = gnn_i_opt_choice(opts, G, "denominator");
    if (c->method == GNN_I_ORC_ATD) c->topk = INT64_MAX; /* ATD averages over every neighbour */
    return GNN_SUCCESS;
}

/* ---- the graph as the measures see it ---- */

gnn_status_t gnn_i_orc_view(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *length, gnn_i_orc_view_t *v,
                            const char *fn) {
    memset(v, 0, sizeof *v);
    v->g = g;
    v->n = g->n;
    v->directed = g->directed;
    double *len = NULL;
    gnn_status_t status = GNN_SUCCESS;
    GNN_ALLOC(ctx, len, g->m > 0 ? g->m : 1);
    int unit = 1;
    for (int64_t u = 0; u < g->n; u++) {
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
            int64_t w = g->out_idx[e];
            if (w == u) {
                status = gnn_i_error(ctx, GNN_EUNSUPPORTED,
                                     "%s: self-loop at node %s: curvature needs a graph without loops "
                                     "(build it with GNN_LOOPS_DROP)",
                                     fn, gnn_graph_node_name(g, u) ? gnn_graph_node_name(g, u) : "(id)");
                goto fail;
            }
            if (e > g->out_ptr[u] && g->out_idx[e - 1] == w) {
                status = gnn_i_error(ctx, GNN_EUNSUPPORTED,
                                     "%s: parallel arcs %lld -> %lld: merge duplicates first", fn, (long long)u,
                                     (long long)w);
                goto fail;
            }
            double l = length ? length[e] : (g->weight ? (double)g->weight[e] : 1.0);
            if (!(l >= 0) || isinf(l)) {
                status = gnn_i_error(ctx, GNN_ERANGE, "%s: arc %lld -> %lld has length %g (need a finite value >= 0)",
                                     fn, (long long)u, (long long)w, l);
                goto fail;
            }
            len[e] = l;
            if (l != 1.0) unit = 0;
        }
    }
    if (!g->directed) {
        for (int64_t u = 0; u < g->n; u++)
            for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
                int64_t w = g->out_idx[e];
                if (w < u) continue;
                int64_t r = gnn_graph_find_arc(g, w, u);
                if (r < 0 || len[r] != len[e]) {
                    status = gnn_i_error(ctx, GNN_EINVAL, "%s: the two arcs of edge %lld-%lld have lengths %g and %g",
                                         fn, (long long)u, (long long)w, len[e], r < 0 ? NAN : len[r]);
                    goto fail;
                }
            }
    }
    v->len = len;
    v->unit = unit;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, len);
    return status;
}

void gnn_i_orc_view_free(gnn_ctx_t *ctx, gnn_i_orc_view_t *v) {
    gnn_i_free(ctx, v->len);
    v->len = NULL;
}

/* neighbours feeding the measure: source side (x) and target side (y) */
static inline int64_t src_deg(const gnn_i_orc_view_t *v, int64_t x) {
    const gnn_graph_t *g = v->g;
    return v->directed ? g->in_ptr[x + 1] - g->in_ptr[x] : g->out_ptr[x + 1] - g->out_ptr[x];
}
static inline int64_t dst_deg(const gnn_i_orc_view_t *v, int64_t y) {
    return v->g->out_ptr[y + 1] - v->g->out_ptr[y];
}

static int64_t capped(int64_t d, int64_t topk) { return d > topk ? topk : d; }

/* ---- workspace ---- */

gnn_status_t gnn_i_orc_ws_init(gnn_ctx_t *ctx, gnn_i_orc_ws_t *w, int64_t n, int64_t rows, int64_t cols,
                               int64_t list, int64_t maxdeg, int weighted, int sinkhorn) {
    memset(w, 0, sizeof *w);
    gnn_status_t status = GNN_SUCCESS;
    int64_t ab = rows * cols;
    GNN_ALLOC(ctx, w->colpos, n);
    GNN_CALLOC(ctx, w->cnt, n);
    GNN_ALLOC(ctx, w->start, n);
    GNN_ALLOC(ctx, w->touched, list + 1);
    GNN_ALLOC(ctx, w->list, list + 1);
    GNN_ALLOC(ctx, w->rn, rows);
    GNN_ALLOC(ctx, w->cn, cols);
    GNN_ALLOC(ctx, w->rm, rows);
    GNN_ALLOC(ctx, w->cm, cols);
    GNN_ALLOC(ctx, w->rl, rows);
    GNN_ALLOC(ctx, w->cl, cols);
    GNN_ALLOC(ctx, w->D, ab);
    GNN_ALLOC(ctx, w->Cr, ab);
    GNN_ALLOC(ctx, w->rs, rows);
    GNN_ALLOC(ctx, w->cd, cols);
    GNN_ALLOC(ctx, w->ri, rows);
    GNN_ALLOC(ctx, w->cj, cols);
    GNN_ALLOC(ctx, w->sel, maxdeg + 1);
    if (weighted) {
        GNN_ALLOC(ctx, w->dist, n);
        GNN_ALLOC(ctx, w->hpos, n);
        GNN_ALLOC(ctx, w->heap, n);
        GNN_ALLOC(ctx, w->dtouched, n);
        for (int64_t i = 0; i < n; i++) {
            w->dist[i] = INFINITY;
            w->hpos[i] = -1;
        }
    }
    if (sinkhorn) GNN_ALLOC(ctx, w->sk, rows + cols + (rows > cols ? rows : cols));
    for (int64_t i = 0; i < n; i++) w->colpos[i] = -1;
    status = gnn_i_transport_reserve(ctx, &w->tr, rows, cols);
    if (status < 0) goto fail;
    return GNN_SUCCESS;
fail:
    gnn_i_orc_ws_free(ctx, w);
    return status;
}

void gnn_i_orc_ws_free(gnn_ctx_t *ctx, gnn_i_orc_ws_t *w) {
    void *p[] = {w->colpos, w->cnt, w->start, w->touched, w->list, w->rn, w->cn, w->rm, w->cm, w->rl, w->cl,
                 w->D, w->Cr, w->rs, w->cd, w->ri, w->cj, w->sel, w->dist, w->hpos, w->heap, w->dtouched, w->sk};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) gnn_i_free(ctx, p[i]);
    gnn_i_transport_free(ctx, &w->tr);
    memset(w, 0, sizeof *w);
}

/* ---- measures ---- */

static int sel_cmp(const void *a, const void *b) {
    const gnn_i_orc_sel_t *x = a, *y = b;
    if (x->lw != y->lw) return x->lw > y->lw ? -1 : 1; /* larger weight first */
    return x->node > y->node ? -1 : (x->node < y->node); /* then larger id (heapq.nlargest) */
}
static int sel_node_cmp(const void *a, const void *b) {
    const gnn_i_orc_sel_t *x = a, *y = b;
    return (x->node > y->node) - (x->node < y->node);
}

/* The measure of x over the given neighbours (k of them, with lengths):
 * nodes sorted by id, x last.  Returns the support size. */
static int64_t measure(const gnn_i_orc_cfg_t *c, gnn_i_orc_ws_t *w, int64_t x, const int32_t *nbr,
                       const double *nlen, const int64_t *narc, const double *alen, int64_t k, int32_t *nodes,
                       double *mass, double *lens) {
    if (k == 0) {
        nodes[0] = (int32_t)x;
        mass[0] = 1.0;
        lens[0] = 0.0;
        return 1;
    }
    gnn_i_orc_sel_t *s = w->sel;
    for (int64_t i = 0; i < k; i++) {
        double l = nlen ? nlen[i] : alen[narc[i]];
        s[i].node = nbr[i];
        s[i].len = l;
        s[i].lw = -pow(l, c->power) * c->log_base;
    }
    int64_t kk = k;
    if (k > c->topk) {
        qsort(s, (size_t)k, sizeof *s, sel_cmp);
        kk = c->topk;
        qsort(s, (size_t)kk, sizeof *s, sel_node_cmp);
    }
    double mx = -INFINITY;
    for (int64_t i = 0; i < kk; i++)
        if (s[i].lw > mx) mx = s[i].lw;
    double sum = 0;
    for (int64_t i = 0; i < kk; i++) sum += exp(s[i].lw - mx);
    for (int64_t i = 0; i < kk; i++) {
        nodes[i] = s[i].node;
        mass[i] = (1.0 - c->alpha) * exp(s[i].lw - mx) / sum;
        lens[i] = s[i].len;
    }
    nodes[kk] = (int32_t)x;
    mass[kk] = c->alpha;
    lens[kk] = 0.0;
    return kk + 1;
}

static int64_t measure_src(const gnn_i_orc_cfg_t *c, const gnn_i_orc_view_t *v, gnn_i_orc_ws_t *w, int64_t x,
                           int32_t *nodes, double *mass, double *lens) {
    const gnn_graph_t *g = v->g;
    if (v->directed) {
        int64_t b = g->in_ptr[x];
        return measure(c, w, x, g->in_idx + b, NULL, g->in_arc + b, v->len, g->in_ptr[x + 1] - b, nodes, mass, lens);
    }
    int64_t b = g->out_ptr[x];
    return measure(c, w, x, g->out_idx + b, v->len + b, NULL, NULL, g->out_ptr[x + 1] - b, nodes, mass, lens);
}
static int64_t measure_dst(const gnn_i_orc_cfg_t *c, const gnn_i_orc_view_t *v, gnn_i_orc_ws_t *w, int64_t y,
                           int32_t *nodes, double *mass, double *lens) {
    const gnn_graph_t *g = v->g;
    int64_t b = g->out_ptr[y];
    return measure(c, w, y, g->out_idx + b, v->len + b, NULL, NULL, g->out_ptr[y + 1] - b, nodes, mass, lens);
}

/* ---- distances between the supports ---- */

/* unit lengths: D[i][j] in {0, 1, 2, 3} */
static void dist_unit(const gnn_i_orc_view_t *v, gnn_i_orc_ws_t *w, int64_t a, int64_t b) {
    const gnn_graph_t *g = v->g;
    /* predecessors of a column node q: in-row (directed) or the row itself */
    const int64_t *pp = v->directed ? g->in_ptr : g->out_ptr;
    const int32_t *pi = v->directed ? g->in_idx : g->out_idx;
    int64_t nt = 0, tot = 0;
    for (int64_t j = 0; j < b; j++) {
        int32_t q = w->cn[j];
        w->colpos[q] = (int32_t)j;
        for (int64_t e = pp[q]; e < pp[q + 1]; e++) {
            int32_t r = pi[e];
            if (w->cnt[r]++ == 0) w->touched[nt++] = r;
        }
    }
    for (int64_t t = 0; t < nt; t++) {
        int32_t r = w->touched[t];
        w->start[r] = (int32_t)tot;
        tot += w->cnt[r];
        w->cnt[r] = 0; /* becomes the fill count */
    }
    for (int64_t j = 0; j < b; j++) {
        int32_t q = w->cn[j];
        for (int64_t e = pp[q]; e < pp[q + 1]; e++) {
            int32_t r = pi[e];
            w->list[w->start[r] + w->cnt[r]++] = (int32_t)j;
        }
    }
    for (int64_t i = 0; i < a; i++) {
        double *row = w->D + i * b;
        for (int64_t j = 0; j < b; j++) row[j] = 3.0;
        int32_t p = w->rn[i];
        for (int64_t e = g->out_ptr[p]; e < g->out_ptr[p + 1]; e++) {
            int32_t r = g->out_idx[e];
            if (w->colpos[r] >= 0) row[w->colpos[r]] = 1.0;
            if (w->cnt[r] > 0) {
                const int32_t *l = w->list + w->start[r];
                for (int32_t t = 0; t < w->cnt[r]; t++)
                    if (row[l[t]] > 2.0) row[l[t]] = 2.0;
            }
        }
        if (w->colpos[p] >= 0) row[w->colpos[p]] = 0.0;
    }
    for (int64_t t = 0; t < nt; t++) w->cnt[w->touched[t]] = 0;
    for (int64_t j = 0; j < b; j++) w->colpos[w->cn[j]] = -1;
}

/* indexed binary heap on w->dist */
static void heap_up(gnn_i_orc_ws_t *w, int32_t i) {
    int32_t x = w->heap[i];
    double d = w->dist[x];
    while (i > 0) {
        int32_t p = (i - 1) / 2;
        if (w->dist[w->heap[p]] <= d) break;
        w->heap[i] = w->heap[p];
        w->hpos[w->heap[i]] = i;
        i = p;
    }
    w->heap[i] = x;
    w->hpos[x] = i;
}
static int32_t heap_pop(gnn_i_orc_ws_t *w, int32_t *size) {
    int32_t top = w->heap[0];
    int32_t last = w->heap[--*size];
    w->hpos[top] = -2; /* settled */
    if (*size > 0) {
        int32_t i = 0;
        double d = w->dist[last];
        for (;;) {
            int32_t l = 2 * i + 1, r = l + 1, m = i;
            double dm = d;
            if (l < *size && w->dist[w->heap[l]] < dm) {
                m = l;
                dm = w->dist[w->heap[l]];
            }
            if (r < *size && w->dist[w->heap[r]] < dm) m = r;
            if (m == i) break;
            w->heap[i] = w->heap[m];
            w->hpos[w->heap[i]] = i;
            i = m;
        }
        w->heap[i] = last;
        w->hpos[last] = i;
    }
    return top;
}

/* lengths: one bounded Dijkstra per node of the smaller support (from the
 * rows along the arcs, or from the columns against them) */
static void dist_weighted(const gnn_i_orc_view_t *v, gnn_i_orc_ws_t *w, int64_t a, int64_t b, double lxy) {
    const gnn_graph_t *g = v->g;
    double maxr = 0, maxc = 0;
    for (int64_t i = 0; i < a; i++)
        if (w->rl[i] > maxr) maxr = w->rl[i];
    for (int64_t j = 0; j < b; j++)
        if (w->cl[j] > maxc) maxc = w->cl[j];
    double bound = (maxr + lxy + maxc) * (1 + 1e-12);
    const int rev = b < a;
    /* sources and targets */
    const int32_t *srcs = rev ? w->cn : w->rn, *tgts = rev ? w->rn : w->cn;
    const int64_t ns = rev ? b : a, nt_ = rev ? a : b;
    const int64_t *ptr = rev ? g->in_ptr : g->out_ptr;
    const int32_t *idx = rev ? g->in_idx : g->out_idx;
    for (int64_t j = 0; j < nt_; j++) w->colpos[tgts[j]] = (int32_t)j;
    for (int64_t i = 0; i < a * b; i++) w->D[i] = INFINITY;
    for (int64_t i = 0; i < ns; i++) {
        int32_t src = srcs[i], size = 0, nt = 0;
        int64_t left = nt_;
        w->dist[src] = 0;
        w->heap[size++] = src;
        w->hpos[src] = 0;
        w->dtouched[nt++] = src;
        while (size > 0 && left > 0) {
            int32_t x = heap_pop(w, &size);
            double dx = w->dist[x];
            if (dx > bound) break;
            if (w->colpos[x] >= 0) {
                int64_t j = w->colpos[x];
                w->D[rev ? j * b + i : i * b + j] = dx;
                left--;
            }
            for (int64_t e = ptr[x]; e < ptr[x + 1]; e++) {
                int32_t y = idx[e];
                if (w->hpos[y] == -2) continue;
                double nd = dx + v->len[rev ? g->in_arc[e] : e];
                if (nd > bound || nd >= w->dist[y]) continue;
                if (w->dist[y] == INFINITY) w->dtouched[nt++] = y;
                w->dist[y] = nd;
                if (w->hpos[y] < 0) {
                    w->heap[size] = y;
                    w->hpos[y] = size++;
                }
                heap_up(w, w->hpos[y]);
            }
        }
        for (int32_t t = 0; t < nt; t++) {
            w->dist[w->dtouched[t]] = INFINITY;
            w->hpos[w->dtouched[t]] = -1;
        }
    }
    for (int64_t j = 0; j < nt_; j++) w->colpos[tgts[j]] = -1;
}

/* ---- one edge ---- */

gnn_status_t gnn_i_orc_edge(const gnn_i_orc_cfg_t *c, const gnn_i_orc_view_t *v, gnn_i_orc_ws_t *w, int64_t arc,
                            int64_t x, int64_t y, double *kappa, int want_plan, int64_t *pa, int64_t *pb) {
    double lxy = v->len[arc];
    int64_t a = measure_src(c, v, w, x, w->rn, w->rm, w->rl);
    int64_t b = measure_dst(c, v, w, y, w->cn, w->cm, w->cl);
    if (pa) *pa = a;
    if (pb) *pb = b;
    if (lxy < 1e-7 && !want_plan) {
        *kappa = 0.0;
        return GNN_SUCCESS;
    }
    if (v->unit) dist_unit(v, w, a, b);
    else dist_weighted(v, w, a, b, lxy);
    double dxy = w->D[(a - 1) * b + (b - 1)];
    double W = 0;
    gnn_status_t st = GNN_SUCCESS;
    int method = c->method;
    if (method == GNN_I_ORC_MIX) method = (a > c->mix && b > c->mix) ? GNN_I_ORC_SINKHORN : GNN_I_ORC_EXACT;
    if (want_plan) method = GNN_I_ORC_EXACT;
    if (method == GNN_I_ORC_ATD) {
        /* uniform over the neighbours (all of them: ATD ignores nbr-topk);
         * a node without neighbours stands for itself */
        int64_t i0 = a > 1 ? 0 : a - 1, i1 = a > 1 ? a - 1 : a, j0 = b > 1 ? 0 : b - 1, j1 = b > 1 ? b - 1 : b;
        double s = 0;
        for (int64_t i = i0; i < i1; i++)
            for (int64_t j = j0; j < j1; j++) s += w->D[i * b + j];
        W = c->alpha * dxy + (1 - c->alpha) * s / (double)((i1 - i0) * (j1 - j0));
    } else if (method == GNN_I_ORC_SINKHORN) {
        gnn_i_transport_sinkhorn(a, b, w->rm, w->cm, w->D, c->reg, c->sk_iter, c->sk_thr, w->sk, &W);
    } else {
        /* cancel the common mass, keep the positive parts */
        for (int64_t j = 0; j < b; j++) {
            w->colpos[w->cn[j]] = (int32_t)j;
            w->cd[j] = w->cm[j];
        }
        for (int64_t i = 0; i < a; i++) {
            w->rs[i] = w->rm[i];
            int32_t j = w->colpos[w->rn[i]];
            if (j >= 0) {
                double m = w->rs[i] < w->cd[j] ? w->rs[i] : w->cd[j];
                w->rs[i] -= m;
                w->cd[j] -= m;
            }
        }
        for (int64_t j = 0; j < b; j++) w->colpos[w->cn[j]] = -1;
        int64_t ra = 0, rb = 0;
        double tot = 0;
        for (int64_t i = 0; i < a; i++)
            if (w->rs[i] > 0) {
                w->ri[ra] = (int32_t)i;
                w->rs[ra++] = w->rs[i];
                tot += w->rs[i];
            }
        for (int64_t j = 0; j < b; j++)
            if (w->cd[j] > 0) {
                w->cj[rb] = (int32_t)j;
                w->cd[rb++] = w->cd[j];
            }
        w->ra = ra;
        w->rb = rb;
        if (ra > 0 && rb > 0 && tot > 1e-15) {
            for (int64_t i = 0; i < ra; i++) {
                const double *src = w->D + (int64_t)w->ri[i] * b;
                double *dst = w->Cr + i * rb;
                for (int64_t j = 0; j < rb; j++) dst[j] = src[w->cj[j]];
            }
            st = gnn_i_transport_exact(&w->tr, ra, rb, w->rs, w->cd, w->Cr, &W);
        } else {
            w->ra = w->rb = 0;
        }
    }
    double den = c->denom == GNN_I_ORC_DEN_EDGE ? lxy : dxy;
    *kappa = (lxy < 1e-7 || den < 1e-7) ? 0.0 : 1.0 - W / den;
    return st;
}

/* ---- passes over all edges ---- */

/* the source of arc e: the row whose range holds e */
static int64_t arc_source(const gnn_graph_t *g, int64_t e) {
    int64_t lo = 0, hi = g->n - 1;
    while (lo < hi) {
        int64_t mid = (lo + hi + 1) / 2;
        if (g->out_ptr[mid] <= e) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}


gnn_status_t gnn_i_orc_plan_sizes(const gnn_i_orc_cfg_t *c, const gnn_i_orc_view_t *v, int64_t *rows, int64_t *cols,
                                  int64_t *list, int64_t *maxdeg) {
    const gnn_graph_t *g = v->g;
    int64_t R = 1, C = 1, L = 0, md = 0;
    const int64_t *pp = v->directed ? g->in_ptr : g->out_ptr;
    for (int64_t y = 0; y < g->n; y++) {
        int64_t s = 0;
        for (int64_t e = g->out_ptr[y]; e < g->out_ptr[y + 1]; e++) {
            int64_t q = g->out_idx[e];
            s += pp[q + 1] - pp[q];
        }
        s += pp[y + 1] - pp[y];
        if (s > L) L = s;
        int64_t ds = src_deg(v, y), dd = dst_deg(v, y);
        if (capped(ds, c->topk) + 1 > R) R = capped(ds, c->topk) + 1;
        if (capped(dd, c->topk) + 1 > C) C = capped(dd, c->topk) + 1;
        if (ds > md) md = ds;
        if (dd > md) md = dd;
    }
    *rows = R;
    *cols = C;
    *list = L;
    *maxdeg = md;
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_orc_pass(gnn_ctx_t *ctx, const gnn_i_orc_cfg_t *c, const gnn_i_orc_view_t *v, double *kappa) {
    const gnn_graph_t *g = v->g;
    gnn_status_t status = GNN_SUCCESS;
    int64_t *work = NULL, nwork = 0;
    gnn_i_orc_ws_t *ws = NULL;
    gnn_status_t *tst = NULL;
    int nth = 0;
    GNN_ALLOC(ctx, work, g->m > 0 ? g->m : 1);
    for (int64_t u = 0; u < g->n; u++)
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
            if (v->directed || g->out_idx[e] > u) work[nwork++] = e;
    int64_t R, C, L, md;
    gnn_i_orc_plan_sizes(c, v, &R, &C, &L, &md);
    nth = gnn_i_threads(ctx, nwork, 32);
    GNN_CALLOC(ctx, ws, nth);
    GNN_CALLOC(ctx, tst, nth);
    int need_sk = c->method == GNN_I_ORC_SINKHORN || c->method == GNN_I_ORC_MIX;
    for (int t = 0; t < nth; t++) {
        status = gnn_i_orc_ws_init(ctx, &ws[t], g->n, R, C, L, md, !v->unit, need_sk);
        if (status < 0) goto fail;
    }
    int64_t chunk = 8192;
    for (int64_t c0 = 0; c0 < nwork; c0 += chunk) {
        int64_t c1 = c0 + chunk < nwork ? c0 + chunk : nwork;
#pragma omp parallel for schedule(dynamic, 16) num_threads(nth)
        for (int64_t i = c0; i < c1; i++) {
#ifdef _OPENMP
            int t = omp_get_thread_num();
#else
            int t = 0;
#endif
            int64_t e = work[i];
            double k;
            gnn_status_t s = gnn_i_orc_edge(c, v, &ws[t], e, arc_source(g, e), g->out_idx[e], &k, 0, NULL, NULL);
            if (s < 0) tst[t] = s;
            kappa[e] = k;
        }
        for (int t = 0; t < nth; t++)
            if (tst[t] < 0) {
                status = gnn_i_error(ctx, tst[t], "gnn_orc_edge_curvature: the transport solver hit its pivot limit");
                goto fail;
            }
        gnn_i_progress(ctx, "curvature", (double)c1, (double)nwork);
        status = gnn_i_poll(ctx);
        if (status < 0) goto fail;
    }
    if (!v->directed) {
        for (int64_t u = 0; u < g->n; u++)
            for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
                int64_t w = g->out_idx[e];
                if (w < u) kappa[e] = kappa[gnn_graph_find_arc(g, w, u)];
            }
    }
fail:
    if (ws)
        for (int t = 0; t < nth; t++) gnn_i_orc_ws_free(ctx, &ws[t]);
    gnn_i_free(ctx, ws);
    gnn_i_free(ctx, tst);
    gnn_i_free(ctx, work);
    return status;
}

/* ---- public ---- */

gnn_status_t gnn_orc_edge_curvature(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *length,
                                    const gnn_opts_t *opts, double *kappa) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_orc_view_t v = {0};
    gnn_i_orc_cfg_t c;
    GNN_ARG_CHECK(ctx, kappa != NULL, "gnn_orc_edge_curvature: kappa is NULL");
    status = gnn_i_graph_check(ctx, g, "gnn_orc_edge_curvature");
    if (status < 0) return status;
    status = gnn_i_orc_config(ctx, opts, &c);
    if (status < 0) return status;
    status = gnn_i_orc_view(ctx, g, length, &v, "gnn_orc_edge_curvature");
    if (status < 0) return status;
    status = gnn_i_orc_pass(ctx, &c, &v, kappa);
fail:
    gnn_i_orc_view_free(ctx, &v);
    return status;
}

gnn_status_t gnn_orc_node_curvature(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *kappa, double *node_kappa) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, "gnn_orc_node_curvature");
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, kappa != NULL && node_kappa != NULL, "gnn_orc_node_curvature: NULL array");
    for (int64_t u = 0; u < g->n; u++) {
        double s = 0;
        int64_t dout = g->out_ptr[u + 1] - g->out_ptr[u], din = g->in_ptr[u + 1] - g->in_ptr[u];
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) s += kappa[e];
        int64_t d = g->directed ? dout + din : dout;
        node_kappa[u] = d > 0 ? s / (double)d : NAN;
    }
fail:
    return status;
}

/* the support sizes of arc's problem, after the usual checks */
static gnn_status_t plan_check(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *opts, int64_t arc,
                               const char *fn, gnn_i_orc_cfg_t *c, int64_t *rows, int64_t *cols) {
    gnn_status_t status = gnn_i_graph_check(ctx, g, fn);
    if (status < 0) return status;
    status = gnn_i_orc_config(ctx, opts, c);
    if (status < 0) return status;
    GNN_ARG_CHECK(ctx, arc >= 0 && arc < g->m, "%s: arc %lld out of range [0, %lld)", fn, (long long)arc,
                  (long long)g->m);
    gnn_i_orc_view_t v = {.g = g, .directed = g->directed, .n = g->n};
    int64_t x = arc_source(g, arc), y = g->out_idx[arc];
    *rows = capped(src_deg(&v, x), c->topk) + 1;
    *cols = capped(dst_deg(&v, y), c->topk) + 1;
fail:
    return status;
}

gnn_status_t gnn_orc_plan_size(gnn_ctx_t *ctx, const gnn_graph_t *g, const gnn_opts_t *opts, int64_t arc,
                               int64_t *rows, int64_t *cols) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_orc_cfg_t c;
    GNN_ARG_CHECK(ctx, rows != NULL && cols != NULL, "gnn_orc_plan_size: NULL output");
    status = plan_check(ctx, g, opts, arc, "gnn_orc_plan_size", &c, rows, cols);
fail:
    return status;
}

gnn_status_t gnn_orc_edge_plan(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *length, const gnn_opts_t *opts,
                               int64_t arc, int64_t *row_nodes, double *row_mass, int64_t *col_nodes,
                               double *col_mass, double *plan, double *kappa) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_orc_view_t v = {0};
    gnn_i_orc_ws_t w = {0};
    int64_t R, C, Rg, Cg, L, md, a, b;
    gnn_i_orc_cfg_t c;
    status = plan_check(ctx, g, opts, arc, "gnn_orc_edge_plan", &c, &R, &C);
    if (status < 0) return status;
    status = gnn_i_orc_view(ctx, g, length, &v, "gnn_orc_edge_plan");
    if (status < 0) return status;
    gnn_i_orc_plan_sizes(&c, &v, &Rg, &Cg, &L, &md); /* the distance lists' bound */
    status = gnn_i_orc_ws_init(ctx, &w, g->n, R, C, L, md, !v.unit, 0);
    if (status < 0) goto fail;
    double k;
    status = gnn_i_orc_edge(&c, &v, &w, arc, arc_source(g, arc), g->out_idx[arc], &k, 1, &a, &b);
    if (status < 0) {
        gnn_i_error(ctx, status, "gnn_orc_edge_plan: the transport solver hit its pivot limit");
        goto fail;
    }
    if (kappa) *kappa = k;
    for (int64_t i = 0; i < a; i++) {
        if (row_nodes) row_nodes[i] = w.rn[i];
        if (row_mass) row_mass[i] = w.rm[i];
    }
    for (int64_t j = 0; j < b; j++) {
        if (col_nodes) col_nodes[j] = w.cn[j];
        if (col_mass) col_mass[j] = w.cm[j];
    }
    if (plan) gnn_i_orc_plan_fill(&w, a, b, plan);
fail:
    gnn_i_orc_ws_free(ctx, &w);
    gnn_i_orc_view_free(ctx, &v);
    return status;
}

/* dense plan of the last exact edge: the solver's basis plus the cancelled
 * common mass on the diagonal */
void gnn_i_orc_plan_fill(gnn_i_orc_ws_t *w, int64_t a, int64_t b, double *plan) {
    for (int64_t x = 0; x < a * b; x++) plan[x] = 0;
    for (int64_t j = 0; j < b; j++) w->colpos[w->cn[j]] = (int32_t)j;
    for (int64_t i = 0; i < a; i++) {
        int32_t j = w->colpos[w->rn[i]];
        if (j >= 0) plan[i * b + j] += w->rm[i] < w->cm[j] ? w->rm[i] : w->cm[j];
    }
    for (int64_t j = 0; j < b; j++) w->colpos[w->cn[j]] = -1;
    if (w->ra > 0 && w->rb > 0) {
        int64_t ncell = w->ra + w->rb - 1;
        for (int64_t k = 0; k < ncell; k++)
            plan[(int64_t)w->ri[w->tr.brow[k]] * b + w->cj[w->tr.bcol[k]]] += w->tr.bflow[k];
    }
}
