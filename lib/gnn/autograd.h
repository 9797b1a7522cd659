/* gnn/autograd.h: differentiable ops on tensors (see gnn/tensor.h).
 *
 * Every op computes its output on the tape tp at once and, when an input
 * requires a gradient, records itself for gnn_tape_backward.  Inputs are
 * parameters or tensors of the same tape.  Shapes are checked; a mismatch
 * is GNN_EINVAL with both shapes in the message.  2-D views: a 1-D tensor
 * of n elements is a 1 x n row, a 3-D [a, b, c] tensor is (a*b) x c.
 *
 * Broadcasting (add, sub, mul, div): b has the shape of a, or is a row
 * [1, c] (or 1-D [c]) repeated over a's rows, or a column [r, 1] repeated
 * over a's columns, or a scalar [1] / [1, 1].  The output has a's shape. */
#ifndef GNN_AUTOGRAD_PUBLIC_H
#define GNN_AUTOGRAD_PUBLIC_H

#include <gnn/tensor.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- matmul (op_matmul.c): C = op(A) op(B), op = transpose when set; OpenBLAS sgemm ---- */
GNN_API gnn_status_t gnn_matmul(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, int trans_a,
                                int trans_b, gnn_tensor_t **out);

/* ---- elementwise (op_elementwise.c) ---- */
GNN_API gnn_status_t gnn_add(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_sub(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_mul(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_div(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out);
/* s * a + c */
GNN_API gnn_status_t gnn_scale(gnn_tape_t *tp, gnn_tensor_t *a, float s, float c, gnn_tensor_t **out);

/* ---- reductions (op_reduce.c); axis -1: all (out [1]), 0: over rows (out [1, c]), 1: over columns (out [r, 1]).
 * Deterministic: fixed chunks summed in order. ---- */
GNN_API gnn_status_t gnn_sum(gnn_tape_t *tp, gnn_tensor_t *a, int axis, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_mean(gnn_tape_t *tp, gnn_tensor_t *a, int axis, gnn_tensor_t **out);

/* ---- activations (op_activation.c), elementwise ---- */
GNN_API gnn_status_t gnn_relu(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_leaky_relu(gnn_tape_t *tp, gnn_tensor_t *a, float slope, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_elu(gnn_tape_t *tp, gnn_tensor_t *a, float alpha, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_sigmoid(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_tanh(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_exp(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out);
/* log(max(a, eps)): eps > 0 keeps it finite (gradient 0 below eps) */
GNN_API gnn_status_t gnn_log(gnn_tape_t *tp, gnn_tensor_t *a, float eps, gnn_tensor_t **out);
/* a^p for p > 0 (p = 0.5: square root); a must be >= 0 where p < 1 */
GNN_API gnn_status_t gnn_pow(gnn_tape_t *tp, gnn_tensor_t *a, float p, gnn_tensor_t **out);

/* ---- row-wise softmax (op_softmax.c), numerically stable (max subtracted) ---- */
GNN_API gnn_status_t gnn_softmax(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out);
GNN_API gnn_status_t gnn_log_softmax(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out);

/* ---- normalisation (op_norm.c) ---- */
/* Per row: (a - mean) / sqrt(var + eps) * gamma + beta; gamma, beta [1, c] or NULL. */
GNN_API gnn_status_t gnn_layer_norm(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *gamma,
                                    gnn_tensor_t *beta, float eps, gnn_tensor_t **out);
/* Per column over the rows.  Training (gnn_tape_training): batch statistics
 * (biased variance), and running_mean / running_var (params with
 * requires_grad 0, [1, c]; may be NULL) updated as
 * r = (1 - momentum) r + momentum * stat (unbiased variance, as PyTorch).
 * Evaluation: the running statistics. */
GNN_API gnn_status_t gnn_batch_norm(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *gamma,
                                    gnn_tensor_t *beta, gnn_tensor_t *running_mean,
                                    gnn_tensor_t *running_var, float momentum, float eps,
                                    gnn_tensor_t **out);

/* ---- dropout (op_dropout.c): in training, zero each element with
 * probability p and scale the rest by 1/(1-p); the mask comes from the
 * stream (ctx seed, tape step, stream), so it is reproducible and
 * independent of the thread count.  Identity in evaluation. ---- */
GNN_API gnn_status_t gnn_dropout(gnn_tape_t *tp, gnn_tensor_t *a, float p, uint64_t stream,
                                 gnn_tensor_t **out);

/* ---- shapes and indexing (op_shape.c) ---- */
/* Concatenate n tensors (2-D views) along axis 0 (rows) or 1 (columns). */
GNN_API gnn_status_t gnn_concat(gnn_tape_t *tp, int n, gnn_tensor_t *const *parts, int axis,
                                gnn_tensor_t **out);
/* Rows or columns start .. start+len-1 of a 2-D view. */
GNN_API gnn_status_t gnn_slice(gnn_tape_t *tp, gnn_tensor_t *a, int axis, int64_t start,
                               int64_t len, gnn_tensor_t **out);
/* out[i, :] = a[idx[i], :] for i < k (idx copied); an index outside a's rows is GNN_ERANGE. */
GNN_API gnn_status_t gnn_gather_rows(gnn_tape_t *tp, gnn_tensor_t *a, const int64_t *idx,
                                     int64_t k, gnn_tensor_t **out);
/* out [n, c] zero, then out[idx[i], :] += a[i, :]; deterministic (rows
 * grouped by target, added in i order). */
GNN_API gnn_status_t gnn_scatter_add_rows(gnn_tape_t *tp, gnn_tensor_t *a, const int64_t *idx,
                                          int64_t n, gnn_tensor_t **out);
/* Reshape (same number of elements, data shared in row-major order). */
GNN_API gnn_status_t gnn_reshape(gnn_tape_t *tp, gnn_tensor_t *a, int ndim, const int64_t *shape,
                                 gnn_tensor_t **out);
/* 2-D transpose. */
GNN_API gnn_status_t gnn_transpose(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t **out);

/* ---- generalized Bellman-Ford aggregation (op_bellman.c): one layer of
 * NBFNet's path aggregation for nq queries over graph g at once.
 * Query-major rows: x [nq*N, d] holds node v of query b at row b*N + v.
 * rel: relation vectors [nq, R*d] (one set per query) or [1, R*d] (shared),
 * R = the graph's relation count (1 if untyped), relation r at columns
 * r*d .. r*d+d-1.  q [nq, d]: the boundary vector of query b, the item of
 * node src[b]; every other node's boundary item is `fill` (0 in NBFNet;
 * +INFINITY gives min-plus shortest paths).  Node v's items for query b are
 * w_e MSG(x[b*N+u], rel[b, r_e]) over its in-arcs e = (u -> v) plus its
 * boundary item; c_v = sum of w_e + 1.  MSG: GNN_BF_DISTMULT (x * r),
 * GNN_BF_TRANSE (x + r), GNN_BF_ROTATE (complex product, first half of the
 * width real; d even).  Aggregation: sum, mean (sum / c_v), max, min (the
 * gradient goes to the first extreme item, arcs in CSR order then the
 * boundary), or PNA: out [nq*N, 12d] = scaler i (1, lam_v, 1/max(lam_v,
 * 0.01)) x statistic j (mean, max, min, sqrt(max(var, 1e-6))) x channel k at
 * column (4i + j) d + k, lam_v = ln c_v / mean over all nodes of ln c_u.
 * Other aggregations give [nq*N, d].  Deterministic for any thread count. ---- */
enum { GNN_BF_DISTMULT = 0, GNN_BF_TRANSE = 1, GNN_BF_ROTATE = 2 };
enum { GNN_BF_SUM = 0, GNN_BF_MEAN = 1, GNN_BF_MAX = 2, GNN_BF_MIN = 3, GNN_BF_PNA = 4 };
GNN_API gnn_status_t gnn_bf_aggregate(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *x, gnn_tensor_t *rel,
                                      gnn_tensor_t *q, const int64_t *src, int64_t nq, float fill, int message,
                                      int aggr, gnn_tensor_t **out);
/* Output width of an aggregation for width d (12d for PNA, else d). */
GNN_API int64_t gnn_bf_out_dim(int aggr, int64_t d);

/* ---- WalkPool's walk profile (op_walk.c) for nsub enclosing subgraphs
 * batched as one block-diagonal graph g: subgraph b owns the nodes
 * node_off[b] .. node_off[b+1]-1 (node_off[0] = 0, node_off[nsub] = n) and
 * every arc between them; its candidate link is the arc pair
 * link[2b] = (i -> j), link[2b+1] = (j -> i), i != j.  s [m, H]: one
 * attention logit per arc of g and head.  Per head c: P+[v][u] = softmax of
 * s over the in-arcs of v (u -> v), P- the same without the two link arcs
 * (zero row when nothing is left); X_k = P^k.  Output [nsub, H (5 tau + 1)]:
 *   [graph | omega | node+ | node- | link+ | link-], inside a block the
 * column c tau + (k - 2) for k = 2 .. tau+1 (omega: column c), with
 * graph = tr P+^k - tr P-^k, node = P^k[i][i] + P^k[j][j],
 * link = P^k[i][j] + P^k[j][i], omega = sigmoid(s_ij) + sigmoid(s_ji).
 * Dense n x n work per subgraph, one thread per subgraph; deterministic
 * for any thread count. ---- */
GNN_API gnn_status_t gnn_walk_profile(gnn_tape_t *tp, const gnn_graph_t *g, gnn_tensor_t *s, int64_t nsub,
                                      const int64_t *node_off, const int64_t *link, int64_t tau,
                                      gnn_tensor_t **out);
/* The width H (5 tau + 1) of the walk profile. */
GNN_API int64_t gnn_walk_profile_dim(int64_t heads, int64_t tau);

/* ---- fused LSTM (op_lstm.c): P sequences of T steps each, inputs
 * step-major x [T*P, D] (rows t*P .. t*P+P-1 are step t), PyTorch gates
 * [i; f; g; o] with w_ih [4H, D], w_hh [4H, H], one bias [1, 4H] (b_ih +
 * b_hh), h_0 = c_0 = 0; out [P, H] = the final hidden states. ---- */
GNN_API gnn_status_t gnn_lstm_steps(gnn_tape_t *tp, gnn_tensor_t *x, int64_t T, gnn_tensor_t *w_ih,
                                    gnn_tensor_t *w_hh, gnn_tensor_t *bias, gnn_tensor_t **out);

/* ---- losses (op_loss.c): scalar outputs [1], sums in double ---- */
/* Mean over the k listed rows (rows == NULL: all rows, k ignored) of
 * -log softmax(logits)[row, label[row]]; labels of the rows must be in
 * 0..c-1. */
GNN_API gnn_status_t gnn_cross_entropy(gnn_tape_t *tp, gnn_tensor_t *logits, const int64_t *labels,
                                       const int64_t *rows, int64_t k, gnn_tensor_t **out);
/* Mean of w_i * [log(1 + exp(x_i)) - y_i x_i] (stable form); targets y in
 * [0,1]; weights may be NULL (all 1).  x is any shape; y, w have numel(x). */
GNN_API gnn_status_t gnn_bce_logits(gnn_tape_t *tp, gnn_tensor_t *x, const float *targets,
                                    const float *weights, gnn_tensor_t **out);
/* Mean of (a - b)^2, a and b the same shape (b may be a constant). */
GNN_API gnn_status_t gnn_mse(gnn_tape_t *tp, gnn_tensor_t *a, gnn_tensor_t *b, gnn_tensor_t **out);
/* Mean of max(0, margin - (pos - neg)), pos and neg the same shape. */
GNN_API gnn_status_t gnn_margin_ranking(gnn_tape_t *tp, gnn_tensor_t *pos, gnn_tensor_t *neg,
                                        float margin, gnn_tensor_t **out);

#ifdef __cplusplus
}
#endif
#endif
