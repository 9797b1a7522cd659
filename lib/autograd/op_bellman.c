/* op_bellman.c: the generalized Bellman-Ford aggregation of NBFNet
 * (nbfnet.md sections 3.2-3.4 and 10) for nq queries over one graph.
 *
 * Query-major layout: row b*N + v of x is the state of node v for query b,
 * so one query is a contiguous N x d block.  The forward pass pulls over the
 * in-arcs of every (b, v) row (one owner per output row); the backward pass
 * walks the out-arcs of every source node, one query per thread, so the
 * gradients of x, of the relation vectors and of the boundary vectors each
 * have one writer: the result does not depend on the thread count.
 *
 * Items of node v for query b: w_e * MSG(x[b,u], rho[b,r_e]) for every
 * in-arc e = (u -> v, relation r_e, weight w_e), then the boundary item
 * (q[b] at v = src[b], `fill` elsewhere).  c_v = sum of w_e + 1.  Max and
 * min scan the arcs in CSR order and the boundary last with a strict
 * comparison, so the first extreme item gets the gradient. */
#include "autograd.h"

/* the simd loops are hints: clang reports the ones it leaves scalar */
#ifdef __clang__
#pragma clang diagnostic ignored "-Wpass-failed"
#endif

#include <math.h>
#include <string.h>

#define BF_MAXD 1024

typedef struct bf_saved {
    int64_t *src;     /* nq source nodes */
    int32_t *amax;    /* nq*N*d arc id of the max item, -1 = boundary (max, min, pna) */
    int32_t *amin;
    float *scal;      /* N x 3 PNA scalers */
    float *cnt;       /* N: c_v */
} bf_saved_t;

#define BF_INLINE static inline __attribute__((always_inline))

/* m = w * MSG(x, p) over all d channels */
BF_INLINE void bf_msg_vec(int message, const float *restrict x, const float *restrict p, float w, int64_t d,
                          float *restrict m) {
    const int64_t h = d / 2;
    switch (message) {
    case GNN_BF_TRANSE:
#pragma omp simd
        for (int64_t k = 0; k < d; k++) m[k] = w * (x[k] + p[k]);
        break;
    case GNN_BF_ROTATE:
#pragma omp simd
        for (int64_t k = 0; k < h; k++) {
            m[k] = w * (x[k] * p[k] - x[k + h] * p[k + h]);
            m[k + h] = w * (x[k] * p[k + h] + x[k + h] * p[k]);
        }
        break;
    default:
#pragma omp simd
        for (int64_t k = 0; k < d; k++) m[k] = w * x[k] * p[k];
    }
}

/* one (query, node) row of the forward pass, specialised by the caller's
 * constant message and aggregation */
BF_INLINE void bf_fwd_row(int message, int aggr, const gnn_graph_t *g, int64_t v, const float *xb, const float *rb,
                          const float *bnd, float fill, int64_t d, float c, const float *scal, float *yr,
                          int32_t *restrict amx, int32_t *restrict amn) {
    float mx[BF_MAXD], mn[BF_MAXD], sq[BF_MAXD], m[BF_MAXD], *restrict sum = yr;
    const int want_sum = aggr == GNN_BF_SUM || aggr == GNN_BF_MEAN || aggr == GNN_BF_PNA;
    const int want_max = aggr == GNN_BF_MAX || aggr == GNN_BF_PNA, want_min = aggr == GNN_BF_MIN || aggr == GNN_BF_PNA;
    for (int64_t k = 0; k < d; k++) {
        sum[k] = 0, sq[k] = 0;
        mx[k] = -INFINITY, mn[k] = INFINITY;
        if (want_max) amx[k] = -1;
        if (want_min) amn[k] = -1;
    }
    const int64_t *ip = g->in_ptr, *ia = g->in_arc;
    const int32_t *ii = g->in_idx, *ty = g->type;
    const float *wt = g->weight;
    for (int64_t p = ip[v]; p < ip[v + 1]; p++) {
        const int64_t u = ii[p], e = ia[p], r = ty ? ty[e] : 0;
        const int32_t e32 = (int32_t)e;
        bf_msg_vec(message, xb + u * d, rb + r * d, wt ? wt[e] : 1.0f, d, m);
        if (want_sum) {
#pragma omp simd
            for (int64_t k = 0; k < d; k++) sum[k] += m[k];
        }
        if (aggr == GNN_BF_PNA) {
#pragma omp simd
            for (int64_t k = 0; k < d; k++) sq[k] += m[k] * m[k];
        }
        if (want_max) {
#pragma omp simd
            for (int64_t k = 0; k < d; k++) {
                const int gt = m[k] > mx[k];
                mx[k] = gt ? m[k] : mx[k];
                amx[k] = gt ? e32 : amx[k];
            }
        }
        if (want_min) {
#pragma omp simd
            for (int64_t k = 0; k < d; k++) {
                const int lt = m[k] < mn[k];
                mn[k] = lt ? m[k] : mn[k];
                amn[k] = lt ? e32 : amn[k];
            }
        }
    }
    /* the boundary item, last */
    for (int64_t k = 0; k < d; k++) {
        const float h0 = bnd ? bnd[k] : fill;
        if (want_sum) sum[k] += h0;
        if (aggr == GNN_BF_PNA) sq[k] += h0 * h0;
        if (want_max && h0 > mx[k]) mx[k] = h0, amx[k] = -1;
        if (want_min && h0 < mn[k]) mn[k] = h0, amn[k] = -1;
    }
    switch (aggr) {
    case GNN_BF_MEAN:
        for (int64_t k = 0; k < d; k++) sum[k] /= c;
        break;
    case GNN_BF_MAX: memcpy(yr, mx, sizeof(float) * (size_t)d); break;
    case GNN_BF_MIN: memcpy(yr, mn, sizeof(float) * (size_t)d); break;
    case GNN_BF_PNA:
        /* [scaler i][statistic j][channel k]: mean, max, min, std */
        for (int64_t k = 0; k < d; k++) {
            const float mu = sum[k] / c, var = sq[k] / c - mu * mu;
            yr[k] = mu;
            yr[d + k] = mx[k];
            yr[2 * d + k] = mn[k];
            yr[3 * d + k] = sqrtf(var > 1e-6f ? var : 1e-6f);
        }
        for (int i = 1; i < 3; i++)
            for (int64_t j = 0; j < 4 * d; j++) yr[4 * i * d + j] = scal[i] * yr[j];
        break;
    default: break;
    }
}

/* the gradient of one query: over the out-arcs of every node u */
BF_INLINE void bf_bwd_query(int message, int aggr, const gnn_graph_t *g, int64_t N, int64_t d, const float *xb,
                            const float *rb, const float *ca, const float *cb, const float *cmx, const float *cmn,
                            const int32_t *amax, const int32_t *amin, float *dxb, float *dpb) {
    float dm[BF_MAXD], y[BF_MAXD];
    const int64_t *op = g->out_ptr, h = d / 2;
    const int32_t *oi = g->out_idx, *ty = g->type;
    const float *wt = g->weight;
    for (int64_t u = 0; u < N; u++) {
        const float *restrict x = xb + u * d;
        float *restrict dx = dxb ? dxb + u * d : NULL;
        for (int64_t e = op[u]; e < op[u + 1]; e++) {
            const int64_t v = oi[e], r = ty ? ty[e] : 0;
            const int32_t e32 = (int32_t)e;
            const float w = wt ? wt[e] : 1.0f, *restrict p = rb + r * d;
            const float *restrict a = ca + v * d;
            if (aggr == GNN_BF_PNA) {
                const float *restrict b = cb + v * d, *restrict gx = cmx + v * d, *restrict gn = cmn + v * d;
                const int32_t *restrict ax = amax + v * d, *restrict an = amin + v * d;
                bf_msg_vec(message, x, p, w, d, y);
#pragma omp simd
                for (int64_t k = 0; k < d; k++)
                    dm[k] = w * (a[k] + b[k] * y[k] + (ax[k] == e32 ? gx[k] : 0.0f) + (an[k] == e32 ? gn[k] : 0.0f));
            } else if (aggr == GNN_BF_MAX || aggr == GNN_BF_MIN) {
                const float *restrict gx = aggr == GNN_BF_MAX ? cmx + v * d : cmn + v * d;
                const int32_t *restrict ax = aggr == GNN_BF_MAX ? amax + v * d : amin + v * d;
#pragma omp simd
                for (int64_t k = 0; k < d; k++) dm[k] = ax[k] == e32 ? w * gx[k] : 0.0f;
            } else {
#pragma omp simd
                for (int64_t k = 0; k < d; k++) dm[k] = w * a[k];
            }
            float *restrict dp = dpb ? dpb + r * d : NULL;
            switch (message) {
            case GNN_BF_TRANSE:
                if (dx) {
#pragma omp simd
                    for (int64_t k = 0; k < d; k++) dx[k] += dm[k];
                }
                if (dp) {
#pragma omp simd
                    for (int64_t k = 0; k < d; k++) dp[k] += dm[k];
                }
                break;
            case GNN_BF_ROTATE:
                if (dx) {
#pragma omp simd
                    for (int64_t k = 0; k < h; k++) {
                        dx[k] += dm[k] * p[k] + dm[k + h] * p[k + h];
                        dx[k + h] += -dm[k] * p[k + h] + dm[k + h] * p[k];
                    }
                }
                if (dp) {
#pragma omp simd
                    for (int64_t k = 0; k < h; k++) {
                        dp[k] += dm[k] * x[k] + dm[k + h] * x[k + h];
                        dp[k + h] += -dm[k] * x[k + h] + dm[k + h] * x[k];
                    }
                }
                break;
            default:
                if (dx) {
#pragma omp simd
                    for (int64_t k = 0; k < d; k++) dx[k] += dm[k] * p[k];
                }
                if (dp) {
#pragma omp simd
                    for (int64_t k = 0; k < d; k++) dp[k] += dm[k] * x[k];
                }
            }
        }
    }
}

#define BF_DISPATCH(message, aggr, CALL)                                                         \
    switch ((message) * 8 + (aggr)) {                                                           \
    case GNN_BF_DISTMULT * 8 + GNN_BF_SUM: CALL(GNN_BF_DISTMULT, GNN_BF_SUM); break;            \
    case GNN_BF_DISTMULT * 8 + GNN_BF_MEAN: CALL(GNN_BF_DISTMULT, GNN_BF_MEAN); break;          \
    case GNN_BF_DISTMULT * 8 + GNN_BF_MAX: CALL(GNN_BF_DISTMULT, GNN_BF_MAX); break;            \
    case GNN_BF_DISTMULT * 8 + GNN_BF_MIN: CALL(GNN_BF_DISTMULT, GNN_BF_MIN); break;            \
    case GNN_BF_DISTMULT * 8 + GNN_BF_PNA: CALL(GNN_BF_DISTMULT, GNN_BF_PNA); break;            \
    case GNN_BF_TRANSE * 8 + GNN_BF_SUM: CALL(GNN_BF_TRANSE, GNN_BF_SUM); break;                \
    case GNN_BF_TRANSE * 8 + GNN_BF_MEAN: CALL(GNN_BF_TRANSE, GNN_BF_MEAN); break;              \
    case GNN_BF_TRANSE * 8 + GNN_BF_MAX: CALL(GNN_BF_TRANSE, GNN_BF_MAX); break;                \
    case GNN_BF_TRANSE * 8 + GNN_BF_MIN: CALL(GNN_BF_TRANSE, GNN_BF_MIN); break;                \
    case GNN_BF_TRANSE * 8 + GNN_BF_PNA: CALL(GNN_BF_TRANSE, GNN_BF_PNA); break;                \
    case GNN_BF_ROTATE * 8 + GNN_BF_SUM: CALL(GNN_BF_ROTATE, GNN_BF_SUM); break;                \
    case GNN_BF_ROTATE * 8 + GNN_BF_MEAN: CALL(GNN_BF_ROTATE, GNN_BF_MEAN); break;              \
    case GNN_BF_ROTATE * 8 + GNN_BF_MAX: CALL(GNN_BF_ROTATE, GNN_BF_MAX); break;                \
    case GNN_BF_ROTATE * 8 + GNN_BF_MIN: CALL(GNN_BF_ROTATE, GNN_BF_MIN); break;                \
    default: CALL(GNN_BF_ROTATE, GNN_BF_PNA); break;                                            \
    }

/* The kernels are built for AVX-512, AVX2 and baseline x86-64, chosen at
 * load time (the distribution's compiler flags target baseline x86-64). */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones) && !defined(__SANITIZE_ADDRESS__)
#define BF_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef BF_CLONES
#define BF_CLONES
#endif

typedef struct bf_fargs {
    const gnn_graph_t *g;
    const float *x, *rel, *q, *cnt, *scal;
    const int64_t *src;
    float *y;
    int32_t *amax, *amin;
    int64_t N, d, R, A;
    float fill;
    int message, aggr, shared;
} bf_fargs_t;

BF_INLINE void bf_fwd_loop(int message, int aggr, const bf_fargs_t *a, int64_t r0, int64_t r1) {
    const int64_t N = a->N, d = a->d;
    for (int64_t row = r0; row < r1; row++) {
        const int64_t b = row / N, v = row % N;
        const float *xb = a->x + b * N * d, *rb = a->shared ? a->rel : a->rel + b * a->R * d;
        const float *bnd = v == a->src[b] ? a->q + b * d : NULL;
        int32_t *amx = a->amax ? a->amax + row * d : NULL, *amn = a->amin ? a->amin + row * d : NULL;
        bf_fwd_row(message, aggr, a->g, v, xb, rb, bnd, a->fill, d, a->cnt[v], a->scal + 3 * v, a->y + row * a->A, amx,
                   amn);
    }
}

BF_CLONES static void bf_fwd_rows(const bf_fargs_t *a, int64_t r0, int64_t r1) {
#define BF_FWD(M, A) bf_fwd_loop(M, A, a, r0, r1)
    BF_DISPATCH(a->message, a->aggr, BF_FWD)
#undef BF_FWD
}

typedef struct bf_bargs {
    const gnn_graph_t *g;
    const float *xb, *rb, *ca, *cb, *cmx, *cmn;
    const int32_t *amax, *amin;
    float *dxb, *dpb;
    int64_t N, d;
    int message, aggr;
} bf_bargs_t;

BF_CLONES static void bf_bwd_one(const bf_bargs_t *a) {
#define BF_BWD(M, A) bf_bwd_query(M, A, a->g, a->N, a->d, a->xb, a->rb, a->ca, a->cb, a->cmx, a->cmn, a->amax, a->amin, a->dxb, a->dpb)
    BF_DISPATCH(a->message, a->aggr, BF_BWD)
#undef BF_BWD
}

/* per (b, v, k): d item = ca + cb * item, plus cmx (cmn) at the max (min) item */
typedef struct bf_cargs {
    const float *G, *y, *cnt, *scal;
    float *ca, *cb, *cmx, *cmn;
    int64_t N, d, A;
    int aggr;
} bf_cargs_t;

BF_CLONES static void bf_coef_rows(const bf_cargs_t *c, int64_t r0, int64_t r1) {
    const int64_t N = c->N, d = c->d, A = c->A;
    for (int64_t row = r0; row < r1; row++) {
        const int64_t v = row % N;
        const float cv = c->cnt[v];
        const float *restrict gr = c->G + row * A, *restrict yr = c->y + row * A;
        float *restrict a = c->ca + row * d;
        switch (c->aggr) {
        case GNN_BF_SUM: memcpy(a, gr, sizeof(float) * (size_t)d); break;
        case GNN_BF_MEAN:
            for (int64_t k = 0; k < d; k++) a[k] = gr[k] / cv;
            break;
        case GNN_BF_MAX:
            for (int64_t k = 0; k < d; k++) a[k] = 0, c->cmx[row * d + k] = gr[k];
            break;
        case GNN_BF_MIN:
            for (int64_t k = 0; k < d; k++) a[k] = 0, c->cmn[row * d + k] = gr[k];
            break;
        default: {
            const float s0 = c->scal[3 * v], s1 = c->scal[3 * v + 1], s2 = c->scal[3 * v + 2], ic = 1.0f / cv;
            float *restrict b = c->cb + row * d, *restrict gx = c->cmx + row * d, *restrict gn = c->cmn + row * d;
#pragma omp simd
            for (int64_t k = 0; k < d; k++) {
                const float g0 = s0 * gr[k] + s1 * gr[4 * d + k] + s2 * gr[8 * d + k];
                const float g1 = s0 * gr[d + k] + s1 * gr[5 * d + k] + s2 * gr[9 * d + k];
                const float g2 = s0 * gr[2 * d + k] + s1 * gr[6 * d + k] + s2 * gr[10 * d + k];
                const float g3 = s0 * gr[3 * d + k] + s1 * gr[7 * d + k] + s2 * gr[11 * d + k];
                const float mu = yr[k], sd = yr[3 * d + k];
                const int live = sd > 1e-3f; /* var above the clamp 1e-6: the std has a gradient */
                const float ds2 = live ? g3 / (2 * sd) : 0.0f;
                a[k] = (g0 - (live ? g3 * mu / sd : 0.0f)) * ic;
                b[k] = 2 * ds2 * ic;
                gx[k] = g1;
                gn[k] = g2;
            }
        }
        }
    }
}

static gnn_status_t bf_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *X = out->src[0], *P = out->src[1], *Q = out->src[2];
    const gnn_graph_t *g = out->aux;
    const bf_saved_t *sv = out->saved;
    const int message = (int)out->ip[0], aggr = (int)out->ip[1];
    const int64_t nq = out->ip[2], N = out->ip[3], d = out->ip[4], R = out->ip[5], A = gnn_i_cols(out);
    const int shared = gnn_i_rows(P) == 1;
    const float *x = X->data, *rho = P->data, *q = Q->data, *G = out->grad, *y = out->data;
    float *dx = X->requires_grad ? gnn_i_grad(tp, X) : NULL;
    float *dp = P->requires_grad ? gnn_i_grad(tp, P) : NULL;
    float *dq = Q->requires_grad ? gnn_i_grad(tp, Q) : NULL;
    if ((X->requires_grad && !dx) || (P->requires_grad && !dp) || (Q->requires_grad && !dq)) return GNN_ENOMEM;
    /* per (b, v, k): d item = ca + cb * item (+ cmx, cmn at the extreme items) */
    const size_t nrow = (size_t)(nq * N * d);
    float *ca = gnn_i_arena(tp, sizeof(float) * nrow), *cb = NULL, *cmx = NULL, *cmn = NULL;
    float *pb = NULL; /* shared relation vectors: per-query partial gradients */
    if (ca == NULL) return GNN_ENOMEM;
    if (aggr == GNN_BF_PNA) cb = gnn_i_arena(tp, sizeof(float) * nrow);
    if (aggr == GNN_BF_MAX || aggr == GNN_BF_PNA) {
        cmx = gnn_i_arena(tp, sizeof(float) * nrow);
        if (cmx == NULL) return GNN_ENOMEM;
    }
    if (aggr == GNN_BF_MIN || aggr == GNN_BF_PNA) {
        cmn = gnn_i_arena(tp, sizeof(float) * nrow);
        if (cmn == NULL) return GNN_ENOMEM;
    }
    if (aggr == GNN_BF_PNA && cb == NULL) return GNN_ENOMEM;
    if (dp && shared) {
        pb = gnn_i_arena_zero(tp, sizeof(float) * (size_t)(nq * R * d));
        if (pb == NULL) return GNN_ENOMEM;
    }
    const bf_cargs_t cg = {G, y, sv->cnt, sv->scal, ca, cb, cmx, cmn, N, d, A, aggr};
    const int64_t rows = nq * N, blk = 256;
#pragma omp parallel for schedule(static) num_threads(gnn_i_threads(tp->ctx, nq * N * d, 1 << 14))
    for (int64_t r0 = 0; r0 < rows; r0 += blk) bf_coef_rows(&cg, r0, r0 + blk < rows ? r0 + blk : rows);
#pragma omp parallel for schedule(dynamic, 1) num_threads(gnn_i_threads(tp->ctx, nq, 1))
    for (int64_t b = 0; b < nq; b++) {
        const float *xb = x + b * N * d, *rb = shared ? rho : rho + b * R * d;
        float *dxb = dx ? dx + b * N * d : NULL;
        float *dpb = dp ? (shared ? pb + b * R * d : dp + b * R * d) : NULL;
        const size_t o = (size_t)(b * N * d);
        const float *cbb = cb ? cb + o : NULL, *cxb = cmx ? cmx + o : NULL, *cnb = cmn ? cmn + o : NULL;
        const int32_t *axb = sv->amax ? sv->amax + o : NULL, *anb = sv->amin ? sv->amin + o : NULL;
        if (dxb || dpb) {
            const bf_bargs_t ba = {g, xb, rb, ca + o, cbb, cxb, cnb, axb, anb, dxb, dpb, N, d, message, aggr};
            bf_bwd_one(&ba);
        }
        if (dq) { /* the boundary item at the source */
            const int64_t row = b * N + sv->src[b];
            for (int64_t k = 0; k < d; k++) {
                float gk = ca[row * d + k];
                if (cb) gk += cb[row * d + k] * q[b * d + k];
                if (cmx && sv->amax && sv->amax[row * d + k] == -1) gk += cmx[row * d + k];
                if (cmn && sv->amin && sv->amin[row * d + k] == -1) gk += cmn[row * d + k];
                dq[b * d + k] += gk;
            }
        }
    }
    if (pb) /* the queries' partial gradients, in query order */
        for (int64_t b = 0; b < nq; b++)
            for (int64_t i = 0; i < R * d; i++) dp[i] += pb[b * R * d + i];
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_bf_aggregate = {"bf_aggregate", 3, bf_backward};

int64_t gnn_bf_out_dim(int aggr, int64_t d) {
    return aggr == GNN_BF_PNA ? 12 * d : d;
}

gnn_status_t gnn_bf_aggregate(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *x, gnn_tensor_t *rel,
                              gnn_tensor_t *q, const int64_t *src, int64_t nq, float fill, int message, int aggr,
                              gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_bf_aggregate");
    gnn_ctx_t *ctx = tp->ctx;
    char s1[64], s2[64], s3[64];
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_bf_aggregate"));
    GNN_CHECK(gnn_i_tensor_check(tp, x, "gnn_bf_aggregate", "x"));
    GNN_CHECK(gnn_i_tensor_check(tp, rel, "gnn_bf_aggregate", "rel"));
    GNN_CHECK(gnn_i_tensor_check(tp, q, "gnn_bf_aggregate", "q"));
    GNN_ARG_CHECK(ctx, message >= GNN_BF_DISTMULT && message <= GNN_BF_ROTATE, "gnn_bf_aggregate: unknown message %d",
                  message);
    GNN_ARG_CHECK(ctx, aggr >= GNN_BF_SUM && aggr <= GNN_BF_PNA, "gnn_bf_aggregate: unknown aggregation %d", aggr);
    GNN_ARG_CHECK(ctx, nq >= 1 && src != NULL, "gnn_bf_aggregate: need nq >= 1 queries and their sources");
    {
        const int64_t N = g->n, d = gnn_i_cols(x), R = g->relations > 0 ? g->relations : 1;
        if (gnn_i_rows(x) != nq * N || gnn_i_rows(q) != nq || gnn_i_cols(q) != d ||
            (gnn_i_rows(rel) != nq && gnn_i_rows(rel) != 1) || gnn_i_cols(rel) != R * d) {
            status = gnn_i_error(ctx, GNN_EINVAL,
                                 "gnn_bf_aggregate: %lld queries over %lld nodes and %lld relations need x [%lld, d], "
                                 "rel [%lld or 1, %lld*d], q [%lld, d]; got x %s, rel %s, q %s",
                                 (long long)nq, (long long)N, (long long)R, (long long)(nq * N), (long long)nq,
                                 (long long)R, (long long)nq, gnn_i_shape_str(x, s1, sizeof s1),
                                 gnn_i_shape_str(rel, s2, sizeof s2), gnn_i_shape_str(q, s3, sizeof s3));
            goto fail;
        }
        GNN_ARG_CHECK(ctx, d >= 1 && d <= BF_MAXD, "gnn_bf_aggregate: width %lld outside 1..%d", (long long)d, BF_MAXD);
        GNN_ARG_CHECK(ctx, message != GNN_BF_ROTATE || d % 2 == 0, "gnn_bf_aggregate: RotatE needs an even width, got %lld",
                      (long long)d);
        for (int64_t b = 0; b < nq; b++)
            if (src[b] < 0 || src[b] >= N) {
                status = gnn_i_error(ctx, GNN_ERANGE, "gnn_bf_aggregate: source %lld of query %lld is outside 0..%lld",
                                     (long long)src[b], (long long)b, (long long)N - 1);
                goto fail;
            }
        const int64_t A_ = gnn_bf_out_dim(aggr, d), shape[2] = {nq * N, A_};
        gnn_tensor_t *in[3] = {x, rel, q};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_bf_aggregate, 2, shape, 3, in, out));
        gnn_tensor_t *o = *out;
        bf_saved_t *sv = gnn_i_arena_zero(tp, sizeof *sv);
        if (sv == NULL) return GNN_ENOMEM;
        sv->src = gnn_i_arena(tp, sizeof(int64_t) * (size_t)nq);
        sv->cnt = gnn_i_arena(tp, sizeof(float) * (size_t)N);
        sv->scal = gnn_i_arena(tp, sizeof(float) * (size_t)(3 * N));
        if (sv->src == NULL || sv->cnt == NULL || sv->scal == NULL) return GNN_ENOMEM;
        if (aggr == GNN_BF_MAX || aggr == GNN_BF_PNA) {
            sv->amax = gnn_i_arena(tp, sizeof(int32_t) * (size_t)(nq * N * d));
            if (sv->amax == NULL) return GNN_ENOMEM;
        }
        if (aggr == GNN_BF_MIN || aggr == GNN_BF_PNA) {
            sv->amin = gnn_i_arena(tp, sizeof(int32_t) * (size_t)(nq * N * d));
            if (sv->amin == NULL) return GNN_ENOMEM;
        }
        memcpy(sv->src, src, sizeof(int64_t) * (size_t)nq);
        o->saved = sv;
        o->aux = g;
        o->ip[0] = message, o->ip[1] = aggr, o->ip[2] = nq, o->ip[3] = N, o->ip[4] = d, o->ip[5] = R;
        o->fp[0] = fill;
        /* c_v and the PNA degree scalers of this graph */
        double lsum = 0;
        for (int64_t v = 0; v < N; v++) {
            double c = 1;
            for (int64_t p = g->in_ptr[v]; p < g->in_ptr[v + 1]; p++) c += g->weight ? g->weight[g->in_arc[p]] : 1.0;
            sv->cnt[v] = (float)c;
            lsum += log(c);
        }
        const double lmean = lsum / (double)N;
        for (int64_t v = 0; v < N; v++) {
            const double lam = lmean > 0 ? log((double)sv->cnt[v]) / lmean : 0.0;
            sv->scal[3 * v] = 1.0f;
            sv->scal[3 * v + 1] = (float)lam;
            sv->scal[3 * v + 2] = (float)(1.0 / (lam > 0.01 ? lam : 0.01));
        }
        const float *xd = x->data, *rd = rel->data, *qd = q->data;
        const int shared = gnn_i_rows(rel) == 1;
        float *yd = o->data;
        const bf_fargs_t fa = {g,  xd, rd, qd, sv->cnt, sv->scal, src, yd, sv->amax, sv->amin, N, d, R, A_, fill,
                               message, aggr, shared};
        const int64_t rows = nq * N, blk = 64;
#pragma omp parallel for schedule(dynamic, 1) num_threads(gnn_i_threads(tp->ctx, nq * (N + g->m) * d, 1 << 15))
        for (int64_t r0 = 0; r0 < rows; r0 += blk) bf_fwd_rows(&fa, r0, r0 + blk < rows ? r0 + blk : rows);
    }
fail:
    return status;
}
