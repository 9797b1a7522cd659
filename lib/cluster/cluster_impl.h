/* cluster_impl.h: internals shared by the clustering files and DIGRAC. */
#ifndef GNN_CLUSTER_IMPL_H
#define GNN_CLUSTER_IMPL_H

#include "../autograd/autograd.h"
#include <gnn/cluster.h>

/* The objective O from the cut matrix W (K x K) and volumes V; with dW and
 * dV non-NULL also dO/dW and dO/dV (the selection held fixed). */
GNN_HIDDEN gnn_status_t gnn_i_imbalance_objective(gnn_ctx_t *ctx, int64_t K, const double *W, const double *V,
                                                  int64_t beta, int norm, int sel, double *obj, double *dW,
                                                  double *dV);
/* O for a soft assignment P (n x K doubles) on g; with dP non-NULL also
 * d(1 - O)/dP, the gradient of the loss. */
GNN_HIDDEN gnn_status_t gnn_i_imbalance_soft(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *P, int64_t K,
                                             int64_t beta, int norm, int sel, double *obj, double *dP);
/* The same with the caller's scratch (work: gnn_i_imbalance_work_bytes(n,
 * K) bytes, 8-byte aligned; NULL: allocated and freed inside). */
GNN_HIDDEN size_t gnn_i_imbalance_work_bytes(int64_t n, int64_t K);
GNN_HIDDEN gnn_status_t gnn_i_imbalance_soft_ws(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *P, int64_t K,
                                                int64_t beta, int norm, int sel, double *obj, double *dP, void *work);
GNN_HIDDEN gnn_status_t gnn_i_imbalance_objective_ws(gnn_ctx_t *ctx, int64_t K, const double *W, const double *V,
                                                     int64_t beta, int norm, int sel, double *obj, double *dW,
                                                     double *dV, void *work);

/* Leading eigenpairs of a symmetric positive semi-definite operator:
 * apply(extra, x, y) computes y = M x for n-vectors.  Writes the k largest
 * eigenvalues (descending) and their eigenvectors (columns of the n x k
 * row-major V).  Dense (n <= dense_max) or ARPACK; start vectors and sign
 * conventions are deterministic (each vector's largest-magnitude entry
 * positive). */
typedef void (*gnn_i_symop_fn)(void *extra, const double *x, double *y);
GNN_HIDDEN gnn_status_t gnn_i_sym_topk(gnn_ctx_t *ctx, int64_t n, int64_t k, gnn_i_symop_fn apply, void *extra,
                                       int64_t dense_max, double *values, double *V);

#endif
