/* gnn/cluster.h: directed clustering: flow-imbalance objectives (DIGRAC),
 * the differentiable imbalance loss, partition metrics, k-means and the
 * spectral embeddings of directed graphs (Herm, Herm_rw, Bi_sym, DISG_LR).
 *
 * Flow imbalance.  For an assignment P (n x k, rows of probabilities or
 * one-hot rows) on a weighted digraph A, W = P^T A P is the k x k matrix of
 * (probabilistic) cut weights from cluster to cluster and VOL = d^T P the
 * volumes, d_i the weighted in- plus out-degree.  For a pair k < l with
 * D = |W[k,l] - W[l,k]| > 0 the pair score is, by normalisation,
 *   GNN_IMB_VOL_SUM  2D / (VOL[k] + VOL[l] + eps)
 *   GNN_IMB_VOL_MAX  D / (max(VOL[k], VOL[l]) + eps)
 *   GNN_IMB_VOL_MIN  D / (W[k,l] + W[l,k]) * min(VOL[k], VOL[l]) / (VOL2 + eps),
 *                    VOL2 the second-largest volume
 *   GNN_IMB_PLAIN    D / (W[k,l] + W[l,k] + eps)
 * with eps = 1e-10; pairs with D = 0 are skipped.  The objective O takes,
 * by selection, GNN_IMB_SORT the beta largest scores summed and divided by
 * beta (always beta), GNN_IMB_NAIVE the mean over all scored pairs,
 * GNN_IMB_STD the mean over the pairs whose (W[k,l]-W[l,k])^2 exceeds
 * 9 (W[k,l]+W[l,k]) (all scored pairs when none does).  O is 0 when no pair
 * is scored.  The DIGRAC loss is 1 - O. */
#ifndef GNN_CLUSTER_H
#define GNN_CLUSTER_H

#include <gnn/tensor.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { GNN_IMB_VOL_SUM = 0, GNN_IMB_VOL_MIN = 1, GNN_IMB_VOL_MAX = 2, GNN_IMB_PLAIN = 3 };
enum { GNN_IMB_SORT = 0, GNN_IMB_NAIVE = 1, GNN_IMB_STD = 2 };

/* Names: "vol_sum", "vol_min", "vol_max", "plain"; "sort", "naive", "std". */
GNN_API const char *gnn_imbalance_norm_name(int norm);
GNN_API const char *gnn_imbalance_selection_name(int selection);

/* The objective O for a soft assignment P (n x k doubles, row-major) on g. */
GNN_API gnn_status_t gnn_flow_imbalance(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *P, int64_t k,
                                        int64_t beta, int norm, int selection, double *out);
/* The same for hard labels in [0, k): P is their one-hot matrix. */
GNN_API gnn_status_t gnn_flow_imbalance_hard(gnn_ctx_t *ctx, const gnn_graph_t *g, const int64_t *labels,
                                             int64_t k, int64_t beta, int norm, int selection,
                                             double *out);
/* Differentiable loss 1 - O of the assignment P ([n, k] on the tape) on g
 * (n nodes); out is a scalar.  The selection of pairs is held fixed in the
 * backward pass, every normalisation and selection carries its gradient. */
GNN_API gnn_status_t gnn_imbalance_loss(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *P,
                                        int64_t beta, int norm, int selection, gnn_tensor_t **out);

/* Adjusted Rand index of two labelings of n items (labels >= 0; items with a
 * negative label in either are left out).  1 when both are trivial. */
GNN_API gnn_status_t gnn_adjusted_rand_index(gnn_ctx_t *ctx, int64_t n, const int64_t *a, const int64_t *b,
                                             double *out);
/* Normalised mutual information (arithmetic mean normalisation), same rules. */
GNN_API gnn_status_t gnn_normalized_mutual_info(gnn_ctx_t *ctx, int64_t n, const int64_t *a,
                                                const int64_t *b, double *out);

/* k-means (k-means++ seeding, Lloyd iterations) of n points in d dimensions
 * (X row-major doubles), best of n_init restarts by inertia; seeded from
 * the ctx seed and `stream`.  Labels are written to assign; inertia may be
 * NULL. */
GNN_API gnn_status_t gnn_kmeans(gnn_ctx_t *ctx, int64_t n, int64_t d, const double *X, int64_t k,
                                int64_t n_init, uint64_t stream, int64_t *assign, double *inertia);

/* Spectral embeddings of a digraph for k clusters (X: n x dim doubles; dim
 * is written to *dim, at most 2k columns; pass X = NULL to ask for dim):
 *   "herm"     leading singular vectors of A - A^T (the real form of the
 *              Hermitian i(A - A^T): its eigenvectors come in conjugate
 *              pairs, so the k of largest |eigenvalue| span the 2 ceil(k/2)
 *              leading real singular vectors)
 *   "herm_rw"  k leading left singular vectors of D^-1 (A - A^T), D the
 *              row sums of |A - A^T| (0 rows stay 0)
 *   "bi_sym"   k leading eigenvectors of A A^T + A^T A
 *   "disg_lr"  [U, V], the k leading singular pairs of
 *              (Dout + t)^-1/2 A (Din + t)^-1/2, t = arcs / n
 * Dense LAPACK (through igraph) for n <= 3000, ARPACK otherwise. */
GNN_API gnn_status_t gnn_spectral_embedding(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *method,
                                            int64_t k, double *X, int64_t *dim);
/* The k leading left singular vectors of R = D^-1 (A - A^T) (as "herm_rw"),
 * n x k, each with its largest-magnitude entry positive; the singular
 * values go to sigma (may be NULL). DIGRAC's default features. */
GNN_API gnn_status_t gnn_herm_rw_vectors(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t k, double *U,
                                         double *sigma);

#ifdef __cplusplus
}
#endif

#endif
