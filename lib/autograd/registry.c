/* registry.c: every op of libgnn, for the gradient checks and for anyone
 * listing them.  A new op adds its line here. */
#include "autograd.h"

extern const gnn_op_def_t gnn_i_op_matmul;
extern const gnn_op_def_t gnn_i_op_add, gnn_i_op_sub, gnn_i_op_mul, gnn_i_op_div, gnn_i_op_scale;
extern const gnn_op_def_t gnn_i_op_sum, gnn_i_op_mean;
extern const gnn_op_def_t gnn_i_op_relu, gnn_i_op_leaky_relu, gnn_i_op_elu, gnn_i_op_sigmoid, gnn_i_op_tanh,
    gnn_i_op_exp, gnn_i_op_log, gnn_i_op_pow;
extern const gnn_op_def_t gnn_i_op_softmax, gnn_i_op_log_softmax;
extern const gnn_op_def_t gnn_i_op_layer_norm, gnn_i_op_batch_norm;
extern const gnn_op_def_t gnn_i_op_dropout;
extern const gnn_op_def_t gnn_i_op_concat, gnn_i_op_slice, gnn_i_op_gather_rows, gnn_i_op_scatter_add_rows,
    gnn_i_op_reshape, gnn_i_op_transpose;
extern const gnn_op_def_t gnn_i_op_spmm, gnn_i_op_spmm_hops, gnn_i_op_gather_src, gnn_i_op_gather_dst, gnn_i_op_arc_scale;
extern const gnn_op_def_t gnn_i_op_aggr_sum, gnn_i_op_aggr_mean, gnn_i_op_aggr_max, gnn_i_op_aggr_min;
extern const gnn_op_def_t gnn_i_op_sparse_matmul, gnn_i_op_imbalance_loss, gnn_i_op_bf_aggregate, gnn_i_op_walk_profile,
    gnn_i_op_lstm_steps;
extern const gnn_op_def_t gnn_i_op_cross_entropy, gnn_i_op_bce_logits, gnn_i_op_mse, gnn_i_op_margin_ranking;

const gnn_op_def_t *const gnn_i_op_table[] = {
    &gnn_i_op_matmul,
    &gnn_i_op_add, &gnn_i_op_sub, &gnn_i_op_mul, &gnn_i_op_div, &gnn_i_op_scale,
    &gnn_i_op_sum, &gnn_i_op_mean,
    &gnn_i_op_relu, &gnn_i_op_leaky_relu, &gnn_i_op_elu, &gnn_i_op_sigmoid, &gnn_i_op_tanh, &gnn_i_op_exp,
    &gnn_i_op_log, &gnn_i_op_pow,
    &gnn_i_op_softmax, &gnn_i_op_log_softmax,
    &gnn_i_op_layer_norm, &gnn_i_op_batch_norm,
    &gnn_i_op_dropout,
    &gnn_i_op_concat, &gnn_i_op_slice, &gnn_i_op_gather_rows, &gnn_i_op_scatter_add_rows, &gnn_i_op_reshape,
    &gnn_i_op_transpose,
    &gnn_i_op_cross_entropy, &gnn_i_op_bce_logits, &gnn_i_op_mse, &gnn_i_op_margin_ranking,
    &gnn_i_op_spmm, &gnn_i_op_spmm_hops, &gnn_i_op_gather_src, &gnn_i_op_gather_dst, &gnn_i_op_arc_scale,
    &gnn_i_op_aggr_sum, &gnn_i_op_aggr_mean, &gnn_i_op_aggr_max, &gnn_i_op_aggr_min,
    &gnn_i_op_sparse_matmul, &gnn_i_op_imbalance_loss, &gnn_i_op_bf_aggregate, &gnn_i_op_walk_profile,
    &gnn_i_op_lstm_steps,
    NULL,
};
