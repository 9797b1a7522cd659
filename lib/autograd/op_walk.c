/* op_walk.c: the walk profile of WalkPool (walkpool.md sections 4.3-4.5
 * and 11) for a batch of enclosing subgraphs at once.
 *
 * The batch is one block-diagonal graph g: subgraph b owns the nodes
 * node_off[b] .. node_off[b+1]-1 and every arc between them; its candidate
 * link is the arc pair link[2b] = (i -> j), link[2b+1] = (j -> i).  s holds
 * one attention logit per arc and head.  For head c, P+ is the softmax of
 * the logits over the in-arcs of every node (entry P[v][u] for the arc
 * u -> v) and P- the same with the two link arcs left out (a node whose only
 * in-arc is the link gets a zero row).  With X_k = P^k (dense, per
 * subgraph), the recorded powers are k = 2 .. tau+1.
 *
 * One thread owns one subgraph in both passes: the forward pass keeps two
 * n x n buffers; the backward pass recomputes X_1 .. X_tau into per-thread
 * scratch (nothing of size n^2 is kept between the passes), then runs the
 * adjoint recursion
 *     dP += Gbar_k X_(k-1)^T on the pattern of P,  Gbar_(k-1) = G_(k-1) + P^T Gbar_k
 * and the softmax backward per row.  Every logit's gradient has one writer,
 * so the result does not depend on the thread count. */
#include "autograd.h"

#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

typedef struct walk_saved {
    int64_t nsub, tau, H;
    int64_t *node_off; /* nsub + 1 */
    int64_t *link;     /* 2 nsub arc ids */
    int64_t *src_i, *dst_j; /* local ids of i and j per subgraph */
    int64_t maxn, maxq;
} walk_saved_t;

int64_t gnn_walk_profile_dim(int64_t heads, int64_t tau) {
    return heads * (5 * tau + 1);
}

#define WK_INLINE static inline __attribute__((always_inline))

WK_INLINE void wk_axpy(int64_t n, float a, const float *restrict x, float *restrict y) {
    for (int64_t i = 0; i < n; i++) y[i] += a * x[i];
}

/* 16 partial sums (one AVX-512 register) in a fixed order: vectorised
 * without reassociating, so every build gives the same result */
WK_INLINE float wk_dot(int64_t n, const float *restrict x, const float *restrict y) {
    float acc[16] = {0};
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int l = 0; l < 16; l++) acc[l] += x[i + l] * y[i + l];
    float s = 0.0f;
    for (; i < n; i++) s += x[i] * y[i];
    for (int l = 0; l < 16; l++) s += acc[l];
    return s;
}

/* P+ (pp) and P- (pm) of head c for the subgraph's in-arcs q0 .. */
static void wk_probs(const gnn_graph_t *g, const float *s, int64_t H, int64_t c, int64_t base, int64_t n, int64_t l0,
                     int64_t l1, float *pp, float *pm) {
    const int64_t q0 = g->in_ptr[base];
    for (int64_t v = base; v < base + n; v++) {
        const int64_t a = g->in_ptr[v], b = g->in_ptr[v + 1];
        if (a == b) continue;
        float mx = -INFINITY;
        for (int64_t q = a; q < b; q++) {
            const float x = s[g->in_arc[q] * H + c];
            if (x > mx) mx = x;
        }
        double sp = 0, sm = 0;
        for (int64_t q = a; q < b; q++) {
            const int64_t arc = g->in_arc[q];
            const double e = exp((double)(s[arc * H + c] - mx));
            pp[q - q0] = (float)e;
            sp += e;
            if (arc != l0 && arc != l1) sm += e;
        }
        for (int64_t q = a; q < b; q++) {
            const int64_t arc = g->in_arc[q];
            const float e = pp[q - q0];
            pp[q - q0] = (float)(e / (sp + 1e-16));
            pm[q - q0] = arc == l0 || arc == l1 ? 0.0f : (float)(e / (sm + 1e-16));
        }
    }
}

/* X = P (dense n x n, row v holds P[v][.]) */
WK_INLINE void wk_first(const gnn_graph_t *g, int64_t base, int64_t n, const float *pv, float *X) {
    const int64_t q0 = g->in_ptr[base];
    memset(X, 0, sizeof(float) * (size_t)(n * n));
    for (int64_t v = 0; v < n; v++)
        for (int64_t q = g->in_ptr[base + v]; q < g->in_ptr[base + v + 1]; q++) X[v * n + (g->in_idx[q] - base)] += pv[q - q0];
}

/* Y = P X */
WK_INLINE void wk_step(const gnn_graph_t *g, int64_t base, int64_t n, const float *pv, const float *X, float *Y) {
    const int64_t q0 = g->in_ptr[base];
    memset(Y, 0, sizeof(float) * (size_t)(n * n));
    for (int64_t v = 0; v < n; v++)
        for (int64_t q = g->in_ptr[base + v]; q < g->in_ptr[base + v + 1]; q++)
            wk_axpy(n, pv[q - q0], X + (g->in_idx[q] - base) * n, Y + v * n);
}

static inline float wk_sigmoid(float x) {
    return x >= 0 ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x));
}

/* per-thread scratch in floats: pp, pm, dp (maxq each), then nbuf n x n */
static int64_t wk_scratch(const walk_saved_t *w, int64_t nbuf) {
    return 3 * w->maxq + nbuf * w->maxn * w->maxn + 64;
}

/* the per-subgraph passes are built for several x86-64 levels, with the
 * row kernels inlined into each */
GNN_KERNEL_CLONES static void wk_forward_one(const gnn_graph_t *g, const walk_saved_t *w, const float *s, int64_t b, float *scr, float *y) {
    const int64_t H = w->H, tau = w->tau, base = w->node_off[b], n = w->node_off[b + 1] - base;
    const int64_t i = w->src_i[b], j = w->dst_j[b], l0 = w->link[2 * b], l1 = w->link[2 * b + 1];
    float *pp = scr, *pm = scr + w->maxq, *A = scr + 3 * w->maxq, *B = A + w->maxn * w->maxn;
    const int64_t GR = 0, OM = H * tau, NP = OM + H, NM = NP + H * tau, LP = NM + H * tau, LM = LP + H * tau;
    for (int64_t c = 0; c < H; c++) {
        wk_probs(g, s, H, c, base, n, l0, l1, pp, pm);
        y[OM + c] = wk_sigmoid(s[l0 * H + c]) + wk_sigmoid(s[l1 * H + c]);
        for (int copy = 0; copy < 2; copy++) {
            const float *pv = copy ? pm : pp;
            float *X = A, *Y = B;
            wk_first(g, base, n, pv, X);
            for (int64_t k = 2; k <= tau + 1; k++) {
                wk_step(g, base, n, pv, X, Y);
                double tr = 0;
                for (int64_t v = 0; v < n; v++) tr += Y[v * n + v];
                const int64_t at = c * tau + (k - 2);
                if (copy == 0) y[GR + at] = (float)tr;
                else y[GR + at] -= (float)tr;
                y[(copy ? NM : NP) + at] = Y[i * n + i] + Y[j * n + j];
                y[(copy ? LM : LP) + at] = Y[i * n + j] + Y[j * n + i];
                float *t = X;
                X = Y, Y = t;
            }
        }
    }
}

GNN_KERNEL_CLONES static void wk_backward_one(const gnn_graph_t *g, const walk_saved_t *w, const float *s, int64_t b, const float *gy,
                            float *scr, float *ds) {
    const int64_t H = w->H, tau = w->tau, base = w->node_off[b], n = w->node_off[b + 1] - base, nn = n * n;
    const int64_t i = w->src_i[b], j = w->dst_j[b], l0 = w->link[2 * b], l1 = w->link[2 * b + 1];
    const int64_t q0 = g->in_ptr[base], nq = g->in_ptr[base + n] - q0, M2 = w->maxn * w->maxn;
    float *pp = scr, *pm = scr + w->maxq, *dp = scr + 2 * w->maxq, *Gb = scr + 3 * w->maxq, *Gn = Gb + M2, *X = Gn + M2;
    const int64_t GR = 0, OM = H * tau, NP = OM + H, NM = NP + H * tau, LP = NM + H * tau, LM = LP + H * tau;
    for (int64_t c = 0; c < H; c++) {
        wk_probs(g, s, H, c, base, n, l0, l1, pp, pm);
        for (int copy = 0; copy < 2; copy++) {
            const float *pv = copy ? pm : pp;
            /* X + (k-1) M2 holds X_k, k = 1 .. tau */
            wk_first(g, base, n, pv, X);
            for (int64_t k = 2; k <= tau; k++) wk_step(g, base, n, pv, X + (k - 2) * M2, X + (k - 1) * M2);
            memset(Gb, 0, sizeof(float) * (size_t)nn);
            memset(dp, 0, sizeof(float) * (size_t)nq);
            for (int64_t k = tau + 1; k >= 1; k--) {
                if (k >= 2) {
                    const int64_t at = c * tau + (k - 2);
                    const float gt = copy ? -gy[GR + at] : gy[GR + at];
                    const float gn = gy[(copy ? NM : NP) + at], gl = gy[(copy ? LM : LP) + at];
                    for (int64_t v = 0; v < n; v++) Gb[v * n + v] += gt;
                    Gb[i * n + i] += gn, Gb[j * n + j] += gn;
                    Gb[i * n + j] += gl, Gb[j * n + i] += gl;
                }
                const float *Xp = k >= 2 ? X + (k - 2) * M2 : NULL; /* X_(k-1); X_0 = I */
                for (int64_t v = 0; v < n; v++)
                    for (int64_t q = g->in_ptr[base + v]; q < g->in_ptr[base + v + 1]; q++) {
                        const int64_t u = g->in_idx[q] - base;
                        dp[q - q0] += Xp ? wk_dot(n, Gb + v * n, Xp + u * n) : Gb[v * n + u];
                    }
                if (k >= 2) {
                    memset(Gn, 0, sizeof(float) * (size_t)nn);
                    for (int64_t v = 0; v < n; v++)
                        for (int64_t q = g->in_ptr[base + v]; q < g->in_ptr[base + v + 1]; q++)
                            wk_axpy(n, pv[q - q0], Gb + v * n, Gn + (g->in_idx[q] - base) * n);
                    float *t = Gb;
                    Gb = Gn, Gn = t;
                }
            }
            /* softmax backward per row; masked arcs have P = 0 */
            for (int64_t v = base; v < base + n; v++) {
                double t = 0;
                for (int64_t q = g->in_ptr[v]; q < g->in_ptr[v + 1]; q++) t += (double)pv[q - q0] * dp[q - q0];
                for (int64_t q = g->in_ptr[v]; q < g->in_ptr[v + 1]; q++)
                    ds[g->in_arc[q] * H + c] += pv[q - q0] * (float)(dp[q - q0] - t);
            }
        }
        const float gw = gy[OM + c], a0 = wk_sigmoid(s[l0 * H + c]), a1 = wk_sigmoid(s[l1 * H + c]);
        ds[l0 * H + c] += gw * a0 * (1 - a0);
        ds[l1 * H + c] += gw * a1 * (1 - a1);
    }
}

static gnn_status_t walk_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *S = out->src[0];
    if (!S->requires_grad) return GNN_SUCCESS;
    const gnn_graph_t *g = out->aux;
    const walk_saved_t *w = out->saved;
    float *ds = gnn_i_grad(tp, S);
    if (ds == NULL) return GNN_ENOMEM;
    const int nth = gnn_i_threads(tp->ctx, w->nsub, 1);
    const int64_t per = wk_scratch(w, 2 + w->tau);
    float *scr = gnn_i_arena(tp, sizeof(float) * (size_t)(per * nth));
    if (scr == NULL) return GNN_ENOMEM;
    const int64_t F = gnn_i_cols(out);
#pragma omp parallel for schedule(dynamic, 1) num_threads(nth)
    for (int64_t b = 0; b < w->nsub; b++) {
#ifdef _OPENMP
        const int t = omp_get_thread_num();
#else
        const int t = 0;
#endif
        wk_backward_one(g, w, S->data, b, out->grad + b * F, scr + per * t, ds);
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_walk_profile = {"walk_profile", 1, walk_backward};

/* the source of arc a (binary search over the out-CSR) */
static int64_t arc_source(const gnn_graph_t *g, int64_t a) {
    int64_t lo = 0, hi = g->n;
    while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        if (g->out_ptr[mid] <= a) lo = mid;
        else hi = mid;
    }
    return lo;
}

gnn_status_t gnn_walk_profile(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *s, int64_t nsub,
                              const int64_t *node_off, const int64_t *link, int64_t tau, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_walk_profile");
    gnn_ctx_t *ctx = tp->ctx;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_walk_profile"));
    GNN_CHECK(gnn_i_tensor_check(tp, s, "gnn_walk_profile", "s"));
    GNN_ARG_CHECK(ctx, nsub >= 1 && node_off != NULL && link != NULL, "gnn_walk_profile: no subgraphs");
    GNN_ARG_CHECK(ctx, tau >= 1 && tau <= 64, "gnn_walk_profile: walk length %lld outside [1, 64]", (long long)tau);
    GNN_ARG_CHECK(ctx, s->ndim == 2 && gnn_i_rows(s) == g->m, "gnn_walk_profile: s must have one row per arc (%lld), got %lld",
                  (long long)g->m, (long long)gnn_i_rows(s));
    GNN_ARG_CHECK(ctx, node_off[0] == 0 && node_off[nsub] == g->n,
                  "gnn_walk_profile: node_off must run from 0 to the node count %lld", (long long)g->n);
    {
        const int64_t H = gnn_i_cols(s);
        walk_saved_t *w = gnn_i_arena(tp, sizeof *w);
        if (w == NULL) return GNN_ENOMEM;
        w->nsub = nsub, w->tau = tau, w->H = H, w->maxn = 1, w->maxq = 1;
        w->node_off = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(nsub + 1));
        w->link = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(2 * nsub));
        w->src_i = gnn_i_arena(tp, sizeof(int64_t) * (size_t)nsub);
        w->dst_j = gnn_i_arena(tp, sizeof(int64_t) * (size_t)nsub);
        if (!w->node_off || !w->link || !w->src_i || !w->dst_j) return GNN_ENOMEM;
        memcpy(w->node_off, node_off, sizeof(int64_t) * (size_t)(nsub + 1));
        memcpy(w->link, link, sizeof(int64_t) * (size_t)(2 * nsub));
        for (int64_t b = 0; b < nsub; b++) {
            const int64_t lo = node_off[b], hi = node_off[b + 1];
            GNN_ARG_CHECK(ctx, hi > lo, "gnn_walk_profile: subgraph %lld has no node", (long long)b);
            for (int64_t v = lo; v < hi; v++)
                for (int64_t q = g->in_ptr[v]; q < g->in_ptr[v + 1]; q++)
                    GNN_ARG_CHECK(ctx, g->in_idx[q] >= lo && g->in_idx[q] < hi,
                                  "gnn_walk_profile: arc %d -> %lld leaves subgraph %lld", g->in_idx[q], (long long)v,
                                  (long long)b);
            const int64_t a0 = link[2 * b], a1 = link[2 * b + 1];
            GNN_ARG_CHECK(ctx, a0 >= 0 && a0 < g->m && a1 >= 0 && a1 < g->m, "gnn_walk_profile: link arc of subgraph %lld out of range",
                          (long long)b);
            const int64_t i = arc_source(g, a0), j = g->out_idx[a0];
            GNN_ARG_CHECK(ctx, i >= lo && i < hi && i != j && arc_source(g, a1) == j && g->out_idx[a1] == i,
                          "gnn_walk_profile: the link arcs of subgraph %lld are not i -> j and j -> i inside it (i != j)",
                          (long long)b);
            w->src_i[b] = i - lo, w->dst_j[b] = j - lo;
            if (hi - lo > w->maxn) w->maxn = hi - lo;
            if (g->in_ptr[hi] - g->in_ptr[lo] > w->maxq) w->maxq = g->in_ptr[hi] - g->in_ptr[lo];
        }
        const int64_t F = gnn_walk_profile_dim(H, tau);
        const int64_t shape[2] = {nsub, F};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_walk_profile, 2, shape, 1, &s, out));
        (*out)->aux = g;
        (*out)->saved = w;
        const int nth = gnn_i_threads(ctx, nsub, 1);
        const int64_t per = wk_scratch(w, 2);
        float *scr = gnn_i_arena(tp, sizeof(float) * (size_t)(per * nth));
        if (scr == NULL) return GNN_ENOMEM;
        float *y = (*out)->data;
        const float *sd = s->data;
#pragma omp parallel for schedule(dynamic, 1) num_threads(nth)
        for (int64_t b = 0; b < nsub; b++) {
#ifdef _OPENMP
            const int t = omp_get_thread_num();
#else
            const int t = 0;
#endif
            wk_forward_one(g, w, sd, b, scr + per * t, y + b * F);
        }
    }
fail:
    return status;
}
