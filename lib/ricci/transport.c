/* transport.c: dense transportation problems, min <pi, C> over couplings pi
 * of a supply vector (rows) and a demand vector (columns).
 *
 * Exact: the primal transportation simplex (the network simplex of the
 * complete bipartite graph).  The basis is a spanning tree of rows + cols
 * nodes with rows + cols - 1 cells, started from the least-cost rule
 * (the least-cost rule, always a tree, degenerate cells included).  Each pivot
 * computes the potentials u_i + v_j = C_ij over the tree by one BFS, prices
 * the cells in blocks of about sqrt(rows * cols) (the first block holding a
 * negative reduced cost gives its most negative cell, as in block-search
 * pivoting), walks the cycle the entering cell closes, and moves the
 * smallest flow of the cells that lose mass.  After a pivot limit of
 * 50 (rows + cols) block pivots it switches to Bland's rule (the first
 * negative cell in index order), which cannot cycle.  Written by hand: no
 * dependency of libgnn ships a transportation or min-cost-flow solver for
 * real-valued masses (igraph has none; GLPK would be a new dependency and
 * is far slower on these small dense problems).
 *
 * Sinkhorn: POT's sinkhorn_knopp iteration in log-sum-exp form. */
#include "ricci_impl.h"

#include <float.h>
#include <math.h>
#include <string.h>

gnn_status_t gnn_i_transport_reserve(gnn_ctx_t *ctx, gnn_i_transport_t *t, int64_t rows, int64_t cols) {
    if (rows <= t->cap_rows && cols <= t->cap_cols) return GNN_SUCCESS;
    if (rows < t->cap_rows) rows = t->cap_rows;
    if (cols < t->cap_cols) cols = t->cap_cols;
    gnn_i_transport_free(ctx, t);
    size_t nodes = (size_t)(rows + cols), cells = nodes;
    t->brow = gnn_i_malloc_n(ctx, cells, sizeof(int32_t));
    t->bcol = gnn_i_malloc_n(ctx, cells, sizeof(int32_t));
    t->bflow = gnn_i_malloc_n(ctx, cells, sizeof(double));
    t->head = gnn_i_malloc_n(ctx, nodes, sizeof(int32_t));
    t->nxt = gnn_i_malloc_n(ctx, 2 * cells, sizeof(int32_t));
    t->pcell = gnn_i_malloc_n(ctx, nodes, sizeof(int32_t));
    t->depth = gnn_i_malloc_n(ctx, nodes, sizeof(int32_t));
    t->queue = gnn_i_malloc_n(ctx, nodes, sizeof(int32_t));
    t->pot = gnn_i_malloc_n(ctx, nodes, sizeof(double));
    t->rs = gnn_i_malloc_n(ctx, (size_t)rows, sizeof(double));
    t->rt = gnn_i_malloc_n(ctx, (size_t)cols, sizeof(double));
    t->order = gnn_i_malloc_n(ctx, (size_t)(rows * cols), sizeof(int32_t));
    t->order_tmp = gnn_i_malloc_n(ctx, (size_t)(rows * cols), sizeof(int32_t));
    if (!t->order || !t->order_tmp || !t->brow || !t->bcol || !t->bflow || !t->head || !t->nxt || !t->pcell || !t->depth || !t->queue ||
        !t->pot || !t->rs || !t->rt) {
        gnn_i_transport_free(ctx, t);
        return gnn_i_nomem(ctx, "transport workspace");
    }
    t->cap_rows = rows;
    t->cap_cols = cols;
    return GNN_SUCCESS;
}

void gnn_i_transport_free(gnn_ctx_t *ctx, gnn_i_transport_t *t) {
    gnn_i_free(ctx, t->brow);
    gnn_i_free(ctx, t->bcol);
    gnn_i_free(ctx, t->bflow);
    gnn_i_free(ctx, t->head);
    gnn_i_free(ctx, t->nxt);
    gnn_i_free(ctx, t->pcell);
    gnn_i_free(ctx, t->depth);
    gnn_i_free(ctx, t->queue);
    gnn_i_free(ctx, t->pot);
    gnn_i_free(ctx, t->rs);
    gnn_i_free(ctx, t->rt);
    gnn_i_free(ctx, t->order);
    gnn_i_free(ctx, t->order_tmp);
    memset(t, 0, sizeof *t);
}

/* Potentials and parent pointers over the basis tree, rooted at row 0.
 * Node ids: rows 0..a-1, columns a..a+b-1.  pot[row] = u_i, pot[a+j] = v_j
 * with u_i + v_j = C_ij on every basic cell. */
static void tree_build(gnn_i_transport_t *t, int32_t a, int32_t b, const double *C) {
    int32_t nodes = a + b, ncell = a + b - 1;
    for (int32_t v = 0; v < nodes; v++) t->head[v] = -1;
    /* end 2k is cell k's row node, 2k+1 its column node */
    for (int32_t k = 0; k < ncell; k++) {
        int32_t r = t->brow[k], c = a + t->bcol[k];
        t->nxt[2 * k] = t->head[r];
        t->head[r] = 2 * k;
        t->nxt[2 * k + 1] = t->head[c];
        t->head[c] = 2 * k + 1;
    }
    int32_t qh = 0, qt = 0;
    t->queue[qt++] = 0;
    t->pcell[0] = -1;
    t->depth[0] = 0;
    t->pot[0] = 0.0;
    while (qh < qt) {
        int32_t v = t->queue[qh++];
        for (int32_t e = t->head[v]; e >= 0; e = t->nxt[e]) {
            int32_t k = e >> 1;
            if (k == t->pcell[v]) continue;
            int32_t r = t->brow[k], cn = a + t->bcol[k];
            int32_t w = (e & 1) ? r : cn; /* the other end */
            t->pcell[w] = k;
            t->depth[w] = t->depth[v] + 1;
            double c = C[(int64_t)r * b + t->bcol[k]];
            t->pot[w] = c - t->pot[v];
            t->queue[qt++] = w;
        }
    }
}

/* stable bottom-up merge sort of cell indices by cost */
static void sort_by_cost(int32_t *x, int32_t *tmp, int64_t n, const double *C) {
    int32_t *src = x, *dst = tmp;
    for (int64_t w = 1; w < n; w *= 2) {
        for (int64_t lo = 0; lo < n; lo += 2 * w) {
            int64_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            int64_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) dst[k++] = C[src[j]] < C[src[i]] ? src[j++] : src[i++];
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
        }
        int32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != x) memcpy(x, src, (size_t)n * sizeof *x);
}

static inline int32_t other_end(const gnn_i_transport_t *t, int32_t a, int32_t k, int32_t v) {
    int32_t r = t->brow[k];
    return v == r ? a + t->bcol[k] : r;
}

gnn_status_t gnn_i_transport_exact(gnn_i_transport_t *t, int64_t rows, int64_t cols, const double *s,
                                   const double *d, const double *C, double *value) {
    int32_t a = (int32_t)rows, b = (int32_t)cols;
    double ts = 0, td = 0, cmax = 0;
    for (int32_t i = 0; i < a; i++) ts += s[i];
    for (int32_t j = 0; j < b; j++) td += d[j];
    for (int64_t x = 0; x < rows * cols; x++)
        if (C[x] > cmax) cmax = C[x];
    double scale = td > 0 ? ts / td : 1.0;
    for (int32_t i = 0; i < a; i++) t->rs[i] = s[i];
    for (int32_t j = 0; j < b; j++) t->rt[j] = d[j] * scale;
    /* initial basis: the least-cost rule.  Cells in order of cost (ties:
     * index order); each allocation crosses out one line (the exhausted row
     * or column; the row on ties), except the last, which closes the final
     * row and column: rows + cols - 1 cells forming a spanning tree, much
     * nearer the optimum than the north-west corner rule
     * (2.5x fewer pivots' time on power-law graphs).  Small integer costs
     * (unit lengths: 0..3) are bucketed, others sorted. */
    int32_t ncell = 0;
    {
        int64_t ncells0 = rows * cols;
        int32_t rows_left = a, cols_left = b;
        uint8_t *rdone = (uint8_t *)t->queue, *cdone = (uint8_t *)t->depth; /* scratch, rebuilt per pivot */
        memset(rdone, 0, (size_t)a);
        memset(cdone, 0, (size_t)b);
        int small = cmax <= 15;
        for (int64_t x = 0; x < ncells0 && small; x++)
            if (C[x] != (double)(int)C[x] || C[x] < 0) small = 0;
        int32_t *order = t->order;
        if (small) {
            int64_t cnt[17] = {0};
            for (int64_t x = 0; x < ncells0; x++) cnt[(int)C[x] + 1]++;
            for (int c = 1; c < 17; c++) cnt[c] += cnt[c - 1];
            for (int64_t x = 0; x < ncells0; x++) order[cnt[(int)C[x]]++] = (int32_t)x;
        } else {
            for (int64_t x = 0; x < ncells0; x++) order[x] = (int32_t)x;
            sort_by_cost(order, t->order_tmp, ncells0, C);
        }
        for (int64_t o = 0; o < ncells0 && ncell < a + b - 1; o++) {
            int64_t x = order[o];
            int32_t i = (int32_t)(x / cols), j = (int32_t)(x - (int64_t)i * cols);
            if (rdone[i] || cdone[j]) continue;
            double f;
            if (rows_left == 1 && cols_left == 1) {
                f = t->rs[i] < t->rt[j] ? t->rs[i] : t->rt[j];
                rdone[i] = cdone[j] = 1;
                rows_left = cols_left = 0;
            } else if (cols_left == 1 || (rows_left > 1 && t->rs[i] <= t->rt[j])) {
                f = t->rs[i];
                t->rt[j] -= f;
                if (t->rt[j] < 0) t->rt[j] = 0;
                t->rs[i] = 0;
                rdone[i] = 1;
                rows_left--;
            } else {
                f = t->rt[j];
                t->rs[i] -= f;
                if (t->rs[i] < 0) t->rs[i] = 0;
                t->rt[j] = 0;
                cdone[j] = 1;
                cols_left--;
            }
            t->brow[ncell] = i;
            t->bcol[ncell] = j;
            t->bflow[ncell] = f;
            ncell++;
        }
    }
    int64_t ncells = rows * cols;
    double eps = 1e-12 * (cmax > 1 ? cmax : 1);
    int64_t block = (int64_t)sqrt((double)ncells);
    if (block < 16) block = 16;
    int64_t limit = 50 * (rows + cols) + 1000, hard_limit = limit + 2000 * (rows + cols) + 100000;
    int64_t start = 0, piv = 0;
    gnn_status_t st = GNN_SUCCESS;
    for (;;) {
        tree_build(t, a, b, C);
        /* pricing */
        int64_t enter = -1;
        double best = -eps;
        if (piv < limit) {
            int64_t seen = 0, x = start, r = start / cols, c = start - (start / cols) * cols;
            const double *vpot = t->pot + a;
            while (seen < ncells) {
                int64_t end = seen + block < ncells ? seen + block : ncells;
                for (; seen < end; seen++) {
                    double rc = C[x] - t->pot[r] - vpot[c];
                    if (rc < best) {
                        best = rc;
                        enter = x;
                    }
                    x++;
                    if (++c == cols) {
                        c = 0;
                        if (++r == rows) r = 0, x = 0;
                    }
                }
                if (enter >= 0) break;
            }
            start = x;
        } else {
            for (int64_t x = 0; x < ncells; x++) {
                int64_t r = x / cols, c = x - r * cols;
                if (C[x] - t->pot[r] - t->pot[a + c] < -eps) {
                    enter = x;
                    break;
                }
            }
        }
        if (enter < 0) break;
        if (++piv > hard_limit) {
            st = GNN_ENUMERIC;
            break;
        }
        int32_t er = (int32_t)(enter / cols), ec = (int32_t)(enter % cols);
        /* the cycle: tree path from row node er to column node a+ec; cells at
         * even distance from either end lose theta */
        int32_t u = er, v = a + ec, du = 0, dv = 0;
        double theta = DBL_MAX;
        int32_t leave = -1;
        /* pass 1: find theta and the leaving cell (smallest flow among the
         * losing cells; ties: the first met walking up from the row side,
         * then the column side) */
        {
            int32_t x = u, y = v, px = 0, py = 0;
            while (x != y) {
                if (t->depth[x] >= t->depth[y]) {
                    int32_t k = t->pcell[x];
                    if ((px & 1) == 0 && t->bflow[k] < theta) {
                        theta = t->bflow[k];
                        leave = k;
                    }
                    px++;
                    x = other_end(t, a, k, x);
                } else {
                    int32_t k = t->pcell[y];
                    if ((py & 1) == 0 && t->bflow[k] < theta) {
                        theta = t->bflow[k];
                        leave = k;
                    }
                    py++;
                    y = other_end(t, a, k, y);
                }
            }
        }
        /* pass 2: apply */
        {
            int32_t x = u, y = v;
            while (x != y) {
                if (t->depth[x] >= t->depth[y]) {
                    int32_t k = t->pcell[x];
                    if ((du & 1) == 0) t->bflow[k] -= theta;
                    else t->bflow[k] += theta;
                    if (t->bflow[k] < 0) t->bflow[k] = 0;
                    du++;
                    x = other_end(t, a, k, x);
                } else {
                    int32_t k = t->pcell[y];
                    if ((dv & 1) == 0) t->bflow[k] -= theta;
                    else t->bflow[k] += theta;
                    if (t->bflow[k] < 0) t->bflow[k] = 0;
                    dv++;
                    y = other_end(t, a, k, y);
                }
            }
        }
        t->brow[leave] = er;
        t->bcol[leave] = ec;
        t->bflow[leave] = theta;
    }
    t->pivots = piv;
    double w = 0;
    for (int32_t k = 0; k < ncell; k++) w += t->bflow[k] * C[(int64_t)t->brow[k] * cols + t->bcol[k]];
    *value = w;
    return st;
}

static double logsumexp(const double *x, int64_t n, int64_t stride) {
    double mx = -INFINITY;
    for (int64_t i = 0; i < n; i++)
        if (x[i * stride] > mx) mx = x[i * stride];
    if (mx == -INFINITY) return mx;
    double s = 0;
    for (int64_t i = 0; i < n; i++) s += exp(x[i * stride] - mx);
    return mx + log(s);
}

void gnn_i_transport_sinkhorn(int64_t rows, int64_t cols, const double *s, const double *d, const double *C,
                              double reg, int64_t max_iter, double stop_thr, double *work, double *value) {
    double *lu = work, *lv = work + rows, *M = work + rows + cols; /* M = log K + ... scratch */
    for (int64_t i = 0; i < rows; i++) lu[i] = -log((double)rows);
    for (int64_t j = 0; j < cols; j++) lv[j] = -log((double)cols);
    double err = 1.0;
    for (int64_t it = 0; it < max_iter && err > stop_thr; it++) {
        /* v = d / (K^T u): log v_j = log d_j - lse_i(log u_i - C_ij/reg) */
        for (int64_t j = 0; j < cols; j++) {
            for (int64_t i = 0; i < rows; i++) M[i] = lu[i] - C[i * cols + j] / reg;
            lv[j] = (d[j] > 0 ? log(d[j]) : -INFINITY) - logsumexp(M, rows, 1);
        }
        /* u = s / (K v) */
        for (int64_t i = 0; i < rows; i++) {
            for (int64_t j = 0; j < cols; j++) M[j] = lv[j] - C[i * cols + j] / reg;
            lu[i] = (s[i] > 0 ? log(s[i]) : -INFINITY) - logsumexp(M, cols, 1);
        }
        if (it % 10 == 0) {
            /* column marginals of diag(u) K diag(v) against d */
            double e2 = 0;
            for (int64_t j = 0; j < cols; j++) {
                for (int64_t i = 0; i < rows; i++) M[i] = lu[i] - C[i * cols + j] / reg;
                double m = exp(logsumexp(M, rows, 1) + lv[j]);
                e2 += (m - d[j]) * (m - d[j]);
            }
            err = sqrt(e2);
        }
    }
    double w = 0;
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) {
            double l = lu[i] + lv[j] - C[i * cols + j] / reg;
            if (l > -745) w += exp(l) * C[i * cols + j];
        }
    *value = w;
}
