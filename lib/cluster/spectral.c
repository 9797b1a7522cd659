/* spectral.c: leading eigen- and singular vectors of sparse digraph
 * operators (igraph's LAPACK dsyevr for small n, igraph's ARPACK otherwise)
 * and the spectral embeddings of gnn/cluster.h.
 *
 * Every embedding is an eigenproblem of a symmetric PSD operator M M^T
 * applied as two sparse products, never formed: the left singular vectors
 * of M are the eigenvectors of M M^T.  Start vectors are fixed, and each
 * vector's sign is fixed (largest-magnitude entry positive), so results
 * are reproducible. */
#include "cluster_impl.h"

#include <igraph.h>
#include <math.h>
#include <string.h>

#define DENSE_MAX 1500

/* sign convention: the largest-magnitude entry is positive */
static void fix_sign(double *V, int64_t n, int64_t k, int64_t j) {
    int64_t best = 0;
    for (int64_t i = 1; i < n; i++)
        if (fabs(V[i * k + j]) > fabs(V[best * k + j]) + 1e-12) best = i;
    if (V[best * k + j] < 0)
        for (int64_t i = 0; i < n; i++) V[i * k + j] = -V[i * k + j];
}

typedef struct arpack_extra {
    gnn_i_symop_fn apply;
    void *extra;
} arpack_extra_t;

static igraph_error_t arpack_cb(igraph_real_t *to, const igraph_real_t *from, int n, void *extra) {
    (void)n;
    arpack_extra_t *a = extra;
    a->apply(a->extra, from, to);
    return IGRAPH_SUCCESS;
}

gnn_status_t gnn_i_sym_topk(gnn_ctx_t *ctx, int64_t n, int64_t k, gnn_i_symop_fn apply, void *extra, int64_t dense_max,
                            double *values, double *V) {
    gnn_status_t status = GNN_SUCCESS;
    if (k < 1 || k > n) return gnn_i_error(ctx, GNN_EINVAL, "eigensolver: need 1 <= k <= n (k = %lld, n = %lld)", (long long)k, (long long)n);
    if (n > INT32_MAX / 2) return gnn_i_error(ctx, GNN_EINVAL, "eigensolver: n = %lld is too large", (long long)n);
    double *e = NULL, *y = NULL;
    GNN_CALLOC(ctx, e, n);
    GNN_ALLOC(ctx, y, n);
    if (n <= dense_max || k + 2 >= n) {
        igraph_matrix_t A, vec;
        igraph_vector_t val;
        int ok = 0;
        gnn_i_igraph_enter();
        if (igraph_matrix_init(&A, (igraph_integer_t)n, (igraph_integer_t)n) == IGRAPH_SUCCESS) {
            for (int64_t j = 0; j < n; j++) {
                e[j] = 1;
                apply(extra, e, y);
                e[j] = 0;
                memcpy(&MATRIX(A, 0, j), y, sizeof(double) * (size_t)n); /* column-major */
            }
            /* symmetrise against round-off */
            for (int64_t j = 0; j < n; j++)
                for (int64_t i = j + 1; i < n; i++) {
                    double s = 0.5 * (MATRIX(A, i, j) + MATRIX(A, j, i));
                    MATRIX(A, i, j) = MATRIX(A, j, i) = s;
                }
            if (igraph_matrix_init(&vec, 0, 0) == IGRAPH_SUCCESS) {
                if (igraph_vector_init(&val, 0) == IGRAPH_SUCCESS) {
                    /* il..iu count from the smallest: the top k are n-k+1..n */
                    if (igraph_lapack_dsyevr(&A, IGRAPH_LAPACK_DSYEV_SELECT, 0, 0, 0, (int)(n - k + 1), (int)n, 1e-12, &val,
                                             &vec, NULL) == IGRAPH_SUCCESS &&
                        igraph_vector_size(&val) == k) {
                        for (int64_t j = 0; j < k; j++) { /* ascending -> descending */
                            values[j] = VECTOR(val)[k - 1 - j];
                            for (int64_t i = 0; i < n; i++) V[i * k + j] = MATRIX(vec, i, k - 1 - j);
                        }
                        ok = 1;
                    }
                    igraph_vector_destroy(&val);
                }
                igraph_matrix_destroy(&vec);
            }
            igraph_matrix_destroy(&A);
        }
        gnn_i_igraph_leave();
        if (!ok) {
            status = gnn_i_error(ctx, GNN_ENUMERIC, "eigensolver: LAPACK dsyevr failed (n = %lld, k = %lld)", (long long)n,
                                 (long long)k);
            goto fail;
        }
    } else {
        arpack_extra_t ax = {apply, extra};
        igraph_arpack_options_t opt;
        igraph_matrix_t vec;
        igraph_vector_t val;
        int ok = 0;
        gnn_i_igraph_enter();
        igraph_arpack_options_init(&opt);
        opt.n = (int)n;
        opt.nev = (int)k;
        opt.which[0] = 'L', opt.which[1] = 'A';
        opt.ncv = (int)(2 * k + 20 < n ? 2 * k + 20 : n);
        opt.tol = 1e-10;
        opt.mxiter = 10000;
        opt.start = 1;
        if (igraph_matrix_init(&vec, (igraph_integer_t)n, (igraph_integer_t)k) == IGRAPH_SUCCESS) {
            /* a fixed, dense start vector */
            for (int64_t i = 0; i < n; i++) MATRIX(vec, i, 0) = 1.0 + 0.5 * sin(0.7 * (double)i + 0.3);
            if (igraph_vector_init(&val, 0) == IGRAPH_SUCCESS) {
                if (igraph_arpack_rssolve(arpack_cb, &ax, &opt, NULL, &val, &vec) == IGRAPH_SUCCESS &&
                    igraph_vector_size(&val) >= k) {
                    for (int64_t j = 0; j < k; j++) {
                        values[j] = VECTOR(val)[j];
                        for (int64_t i = 0; i < n; i++) V[i * k + j] = MATRIX(vec, i, j);
                    }
                    ok = 1;
                }
                igraph_vector_destroy(&val);
            }
            igraph_matrix_destroy(&vec);
        }
        gnn_i_igraph_leave();
        if (!ok) {
            status = gnn_i_error(ctx, GNN_ENUMERIC, "eigensolver: ARPACK did not converge (n = %lld, k = %lld, info %d)",
                                 (long long)n, (long long)k, opt.info);
            goto fail;
        }
    }
    for (int64_t j = 0; j < k; j++) fix_sign(V, n, k, j);
fail:
    gnn_i_free(ctx, e);
    gnn_i_free(ctx, y);
    return status;
}

/* ---------------------------------------------------------------- operators */

/* a sparse n x n matrix as CSR of rows and CSR of columns (doubles) */
typedef struct smat {
    int64_t n;
    const int64_t *rp, *cp;
    const int32_t *ri, *ci; /* column of each row entry, row of each column entry */
    double *rv, *cv;
} smat_t;

typedef struct op_extra {
    const smat_t *a, *b; /* M x = a-part; for the sum operator both */
    int kind;            /* 0: M M^T, 1: M^T M, 2: A A^T + A^T A */
    double *tmp;
} op_extra_t;

static void mul(const smat_t *M, int trans, const double *x, double *y) {
    const int64_t *p = trans ? M->cp : M->rp;
    const int32_t *idx = trans ? M->ci : M->ri;
    const double *v = trans ? M->cv : M->rv;
    for (int64_t i = 0; i < M->n; i++) {
        double s = 0;
        for (int64_t e = p[i]; e < p[i + 1]; e++) s += v[e] * x[idx[e]];
        y[i] = s;
    }
}

static void apply_op(void *extra, const double *x, double *y) {
    op_extra_t *o = extra;
    const int64_t n = o->a->n;
    if (o->kind == 0) {
        mul(o->a, 1, x, o->tmp);
        mul(o->a, 0, o->tmp, y);
    } else if (o->kind == 1) {
        mul(o->a, 0, x, o->tmp);
        mul(o->a, 1, o->tmp, y);
    } else {
        mul(o->a, 1, x, o->tmp);
        mul(o->a, 0, o->tmp, y);
        double *t2 = o->tmp + n;
        mul(o->a, 0, x, o->tmp);
        mul(o->a, 1, o->tmp, t2);
        for (int64_t i = 0; i < n; i++) y[i] += t2[i];
    }
}

/* The skew matrix S = A - A^T with rows scaled by rowscale (NULL: 1), as
 * CSR of rows and of columns.  Pattern: the union of A's and A^T's arcs. */
static gnn_status_t skew_matrix(gnn_ctx_t *ctx, const gnn_graph_t *g, int rw, smat_t *S, int64_t **ptrs, int32_t **idxs,
                                double **vals) {
    gnn_status_t status = GNN_SUCCESS;
    const int64_t n = g->n, m = g->m;
    int64_t *rp = NULL;
    int32_t *ri = NULL;
    double *rv = NULL, *rowsum = NULL;
    GNN_CALLOC(ctx, rp, n + 1);
    ptrs[0] = rp;
    GNN_ALLOC(ctx, ri, 2 * m);
    idxs[0] = ri;
    GNN_ALLOC(ctx, rv, 2 * m);
    vals[0] = rv;
    /* row i: +w for i -> j (out-arcs), -w for j -> i (in-arcs); duplicates of the
     * same column are merged when the rows are summed, which is what A - A^T does */
    int64_t nz = 0;
    for (int64_t i = 0; i < n; i++) {
        for (int64_t e = g->out_ptr[i]; e < g->out_ptr[i + 1]; e++) {
            if (g->out_idx[e] == i) continue;
            ri[nz] = g->out_idx[e], rv[nz++] = g->weight ? g->weight[e] : 1.0;
        }
        for (int64_t p = g->in_ptr[i]; p < g->in_ptr[i + 1]; p++) {
            if (g->in_idx[p] == i) continue;
            ri[nz] = g->in_idx[p], rv[nz++] = -(g->weight ? g->weight[g->in_arc[p]] : 1.0);
        }
        rp[i + 1] = nz;
    }
    if (rw) {
        GNN_CALLOC(ctx, rowsum, n);
        /* |A - A^T| row sums: merge the entries of a column (u -> v and v -> u)
         * in a dense accumulator before taking absolute values */
        double *acc = NULL;
        GNN_CALLOC(ctx, acc, n);
        for (int64_t i = 0; i < n; i++) {
            double s = 0;
            for (int64_t e = rp[i]; e < rp[i + 1]; e++) acc[ri[e]] += rv[e];
            for (int64_t e = rp[i]; e < rp[i + 1]; e++) {
                s += fabs(acc[ri[e]]);
                acc[ri[e]] = 0; /* later entries of this column see 0 */
            }
            rowsum[i] = s;
        }
        gnn_i_free(ctx, acc);
        for (int64_t i = 0; i < n; i++) {
            const double sc = rowsum[i] > 0 ? 1.0 / rowsum[i] : 0.0;
            for (int64_t e = rp[i]; e < rp[i + 1]; e++) rv[e] *= sc;
        }
    }
    S->n = n, S->rp = rp, S->ri = ri, S->rv = rv;
fail:
    gnn_i_free(ctx, rowsum);
    return status;
}

/* fill the column view of S (CSC) from its rows */
static gnn_status_t add_columns(gnn_ctx_t *ctx, smat_t *S, int64_t **cpo, int32_t **cio, double **cvo) {
    gnn_status_t status = GNN_SUCCESS;
    const int64_t n = S->n, nz = S->rp[n];
    int64_t *cp = NULL, *pos = NULL;
    int32_t *ci = NULL;
    double *cv = NULL;
    GNN_CALLOC(ctx, cp, n + 1);
    GNN_ALLOC(ctx, ci, nz);
    GNN_ALLOC(ctx, cv, nz);
    GNN_ALLOC(ctx, pos, n);
    for (int64_t e = 0; e < nz; e++) cp[S->ri[e] + 1]++;
    for (int64_t j = 0; j < n; j++) cp[j + 1] += cp[j];
    memcpy(pos, cp, sizeof(int64_t) * (size_t)n);
    for (int64_t i = 0; i < n; i++)
        for (int64_t e = S->rp[i]; e < S->rp[i + 1]; e++) {
            const int64_t q = pos[S->ri[e]]++;
            ci[q] = (int32_t)i, cv[q] = S->rv[e];
        }
    S->cp = cp, S->ci = ci, S->cv = cv;
    *cpo = cp, *cio = ci, *cvo = cv;
fail:
    gnn_i_free(ctx, pos);
    if (status < 0) {
        gnn_i_free(ctx, cp);
        gnn_i_free(ctx, ci);
        gnn_i_free(ctx, cv);
    }
    return status;
}

/* A itself (weighted), rows scaled by rs and columns by cs (NULL: 1) */
static gnn_status_t plain_matrix(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *rs, const double *cs, smat_t *S,
                                 int64_t **ptrs, int32_t **idxs, double **vals) {
    gnn_status_t status = GNN_SUCCESS;
    const int64_t n = g->n, m = g->m;
    int64_t *rp = NULL;
    int32_t *ri = NULL;
    double *rv = NULL;
    GNN_ALLOC(ctx, rp, n + 1);
    GNN_ALLOC(ctx, ri, m);
    GNN_ALLOC(ctx, rv, m);
    for (int64_t i = 0; i <= n; i++) rp[i] = g->out_ptr[i];
    for (int64_t i = 0; i < n; i++)
        for (int64_t e = rp[i]; e < rp[i + 1]; e++) {
            const int32_t j = g->out_idx[e];
            ri[e] = j;
            rv[e] = (g->weight ? g->weight[e] : 1.0) * (rs ? rs[i] : 1.0) * (cs ? cs[j] : 1.0);
        }
    S->n = n, S->rp = rp, S->ri = ri, S->rv = rv;
    ptrs[0] = rp, idxs[0] = ri, vals[0] = rv;
    return GNN_SUCCESS;
fail:
    gnn_i_free(ctx, rp);
    gnn_i_free(ctx, ri);
    gnn_i_free(ctx, rv);
    return status;
}

typedef struct owned {
    int64_t *p[2];
    int32_t *i[2];
    double *v[2];
} owned_t;

static void owned_free(gnn_ctx_t *ctx, owned_t *o) {
    for (int k = 0; k < 2; k++) {
        gnn_i_free(ctx, o->p[k]);
        gnn_i_free(ctx, o->i[k]);
        gnn_i_free(ctx, o->v[k]);
    }
}

/* left singular vectors of S (kind 0) or eigenvectors of the sum operator (kind 2) */
static gnn_status_t leading(gnn_ctx_t *ctx, smat_t *S, int kind, int64_t k, double *values, double *U) {
    gnn_status_t status = GNN_SUCCESS;
    op_extra_t ox = {S, NULL, kind, NULL};
    GNN_ALLOC(ctx, ox.tmp, 2 * S->n);
    GNN_CHECK(gnn_i_sym_topk(ctx, S->n, k, apply_op, &ox, DENSE_MAX, values, U));
fail:
    gnn_i_free(ctx, ox.tmp);
    return status;
}

gnn_status_t gnn_herm_rw_vectors(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t k, double *U, double *sigma) {
    gnn_status_t status = GNN_SUCCESS;
    smat_t S = {0};
    owned_t o = {0};
    double *val = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_herm_rw_vectors"));
    GNN_ARG_CHECK(ctx, U != NULL, "gnn_herm_rw_vectors: U is NULL");
    GNN_ARG_CHECK(ctx, k >= 1 && k <= g->n, "gnn_herm_rw_vectors: need 1 <= k <= n (k = %lld, n = %lld)", (long long)k,
                  (long long)g->n);
    GNN_ALLOC(ctx, val, k);
    GNN_CHECK(skew_matrix(ctx, g, 1, &S, &o.p[0], &o.i[0], &o.v[0]));
    GNN_CHECK(add_columns(ctx, &S, &o.p[1], &o.i[1], &o.v[1]));
    GNN_CHECK(leading(ctx, &S, 0, k, val, U));
    if (sigma)
        for (int64_t j = 0; j < k; j++) sigma[j] = sqrt(val[j] > 0 ? val[j] : 0);
fail:
    owned_free(ctx, &o);
    gnn_i_free(ctx, val);
    return status;
}

gnn_status_t gnn_spectral_embedding(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *method, int64_t k, double *X,
                                    int64_t *dim) {
    gnn_status_t status = GNN_SUCCESS;
    if (ctx == NULL) return GNN_EINVAL;
    GNN_CHECK(gnn_i_graph_check(ctx, g, "gnn_spectral_embedding"));
    GNN_ARG_CHECK(ctx, method != NULL && dim != NULL, "gnn_spectral_embedding: method and dim must not be NULL");
    GNN_ARG_CHECK(ctx, k >= 2 && k <= g->n, "gnn_spectral_embedding: need 2 <= k <= n (k = %lld, n = %lld)", (long long)k,
                  (long long)g->n);
    const int64_t n = g->n;
    int64_t d;
    int which;
    if (strcmp(method, "herm") == 0) which = 0, d = 2 * ((k + 1) / 2);
    else if (strcmp(method, "herm_rw") == 0) which = 1, d = k;
    else if (strcmp(method, "bi_sym") == 0) which = 2, d = k;
    else if (strcmp(method, "disg_lr") == 0) which = 3, d = 2 * k;
    else {
        status = gnn_i_error(ctx, GNN_EINVAL, "unknown spectral method '%s' (herm, herm_rw, bi_sym, disg_lr)", method);
        goto fail;
    }
    if (which == 0 && d > n) d = n;
    *dim = d;
    if (X == NULL) return GNN_SUCCESS;
    smat_t S = {0};
    owned_t o = {0};
    double *val = NULL, *U = NULL, *rs = NULL, *cs = NULL;
    const int64_t kk = which == 3 ? k : d;
    val = gnn_i_malloc_n(ctx, (size_t)kk, sizeof *val);
    U = gnn_i_malloc_n(ctx, (size_t)(n * kk), sizeof *U);
    if (val == NULL || U == NULL) status = gnn_i_nomem(ctx, "spectral embedding");
    if (status >= 0) {
        if (which <= 1) {
            status = skew_matrix(ctx, g, which == 1, &S, &o.p[0], &o.i[0], &o.v[0]);
        } else if (which == 2) {
            status = plain_matrix(ctx, g, NULL, NULL, &S, &o.p[0], &o.i[0], &o.v[0]);
        } else {
            rs = gnn_i_calloc(ctx, (size_t)n, sizeof *rs);
            cs = gnn_i_calloc(ctx, (size_t)n, sizeof *cs);
            if (rs == NULL || cs == NULL) status = gnn_i_nomem(ctx, "degrees");
            if (status >= 0) {
                const double tau = (double)g->m / (double)n;
                for (int64_t u = 0; u < n; u++)
                    for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++) {
                        const double w = g->weight ? g->weight[e] : 1.0;
                        rs[u] += w, cs[g->out_idx[e]] += w;
                    }
                for (int64_t i = 0; i < n; i++) rs[i] = 1.0 / sqrt(rs[i] + tau), cs[i] = 1.0 / sqrt(cs[i] + tau);
                status = plain_matrix(ctx, g, rs, cs, &S, &o.p[0], &o.i[0], &o.v[0]);
            }
        }
    }
    if (status >= 0) status = add_columns(ctx, &S, &o.p[1], &o.i[1], &o.v[1]);
    if (status >= 0) status = leading(ctx, &S, which == 2 ? 2 : 0, kk, val, U);
    if (status >= 0) {
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j < kk; j++) X[i * d + j] = U[i * kk + j];
        if (which == 3) { /* V = M^T U / sigma */
            double *x = gnn_i_malloc_n(ctx, (size_t)n, sizeof *x), *y = gnn_i_malloc_n(ctx, (size_t)n, sizeof *y);
            if (x == NULL || y == NULL) status = gnn_i_nomem(ctx, "spectral embedding");
            for (int64_t j = 0; status >= 0 && j < k; j++) {
                for (int64_t i = 0; i < n; i++) x[i] = U[i * k + j];
                mul(&S, 1, x, y);
                const double s = val[j] > 0 ? 1.0 / sqrt(val[j]) : 0.0;
                for (int64_t i = 0; i < n; i++) X[i * d + k + j] = y[i] * s;
            }
            gnn_i_free(ctx, x);
            gnn_i_free(ctx, y);
        }
    }
    owned_free(ctx, &o);
    gnn_i_free(ctx, val);
    gnn_i_free(ctx, U);
    gnn_i_free(ctx, rs);
    gnn_i_free(ctx, cs);
fail:
    return status;
}
