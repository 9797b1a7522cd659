/* gnn/layers.h: layers built from ops, with parameters in a gnn_params_t.
 * A layer object holds borrowed pointers to its parameters; destroy the
 * layer before the params set.  Parameter names are prefix.weight etc. and
 * initialisation follows PyTorch's defaults unless stated. */
#ifndef GNN_LAYERS_H
#define GNN_LAYERS_H

#include <gnn/tensor.h>
#include <gnn/aggr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Activation selectors for layers. */
enum { GNN_ACT_NONE = 0, GNN_ACT_RELU = 1, GNN_ACT_LEAKY_RELU = 2, GNN_ACT_ELU = 3,
       GNN_ACT_SIGMOID = 4, GNN_ACT_TANH = 5 };
GNN_API gnn_status_t gnn_activate(gnn_tape_t *tp, int act, gnn_tensor_t *x, gnn_tensor_t **out);

/* ---- linear: y = x W + b, W [in, out] (prefix.weight), b [1, out] (prefix.bias);
 * U(-1/sqrt(in), 1/sqrt(in)) for both, as torch.nn.Linear ---- */
typedef struct gnn_linear gnn_linear_t;
GNN_API gnn_status_t gnn_linear_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix,
                                       int64_t in, int64_t out_dim, int bias, gnn_linear_t **out);
GNN_API void gnn_linear_destroy(gnn_linear_t **l);
GNN_API gnn_status_t gnn_linear_forward(gnn_tape_t *tp, gnn_linear_t *l, gnn_tensor_t *x,
                                        gnn_tensor_t **out);

/* ---- MLP: nlayers linear layers dims[0] -> dims[1] -> ... -> dims[nlayers];
 * between layers: optional batch norm (norm = 1) or layer norm (2), the
 * activation, dropout p; nothing after the last layer ---- */
typedef struct gnn_mlp gnn_mlp_t;
GNN_API gnn_status_t gnn_mlp_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix,
                                    int nlayers, const int64_t *dims, int act, int norm,
                                    float dropout, gnn_mlp_t **out);
GNN_API void gnn_mlp_destroy(gnn_mlp_t **m);
GNN_API gnn_status_t gnn_mlp_forward(gnn_tape_t *tp, gnn_mlp_t *m, gnn_tensor_t *x,
                                     gnn_tensor_t **out);

/* ---- embedding table [num, dim] (prefix.weight), N(0, 1) init ---- */
typedef struct gnn_embedding gnn_embedding_t;
GNN_API gnn_status_t gnn_embedding_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix,
                                          int64_t num, int64_t dim, gnn_embedding_t **out);
GNN_API void gnn_embedding_destroy(gnn_embedding_t **e);
GNN_API gnn_status_t gnn_embedding_forward(gnn_tape_t *tp, gnn_embedding_t *e, const int64_t *idx,
                                           int64_t k, gnn_tensor_t **out);

/* ---- recurrent cells, PyTorch layout (weight_ih [G*H, in], weight_hh [G*H, H],
 * bias_ih, bias_hh [1, G*H]; gates [r; z; n] for GRU, [i; f; g; o] for LSTM;
 * U(-1/sqrt(H), 1/sqrt(H))) ---- */
typedef struct gnn_gru gnn_gru_t;
GNN_API gnn_status_t gnn_gru_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix,
                                    int64_t in, int64_t hidden, gnn_gru_t **out);
GNN_API void gnn_gru_destroy(gnn_gru_t **c);
/* h' for a batch: x [B, in], h [B, H] (h may be NULL: zeros). */
GNN_API gnn_status_t gnn_gru_cell(gnn_tape_t *tp, gnn_gru_t *c, gnn_tensor_t *x, gnn_tensor_t *h,
                                  gnn_tensor_t **out);

typedef struct gnn_lstm gnn_lstm_t;
GNN_API gnn_status_t gnn_lstm_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix,
                                     int64_t in, int64_t hidden, gnn_lstm_t **out);
GNN_API void gnn_lstm_destroy(gnn_lstm_t **c);
/* One step: (h, c) -> (h', c'); h, c may be NULL (zeros). */
GNN_API gnn_status_t gnn_lstm_cell(gnn_tape_t *tp, gnn_lstm_t *l, gnn_tensor_t *x, gnn_tensor_t *h,
                                   gnn_tensor_t *c, gnn_tensor_t **h_out, gnn_tensor_t **c_out);
/* A batch of B variable-length sequences, packed: x [sum(len), in] with the
 * steps of sequence 0 first, then sequence 1, ...; len[b] >= 1.  Returns the
 * final hidden state of each sequence [B, H] (and, if all_h is not NULL,
 * every step's hidden state [sum(len), H] in the same packed order). */
GNN_API gnn_status_t gnn_lstm_sequences(gnn_tape_t *tp, gnn_lstm_t *l, gnn_tensor_t *x,
                                        const int64_t *len, int64_t B, gnn_tensor_t **h_last,
                                        gnn_tensor_t **all_h);

/* ---- message passing: h'_i = act(W_self h_i + W_agg AGG_{j in N(i)} MSG(h_j) + b),
 * MSG(h_j) = W_msg h_j (or h_j itself when msg_linear = 0); N(i) by mode:
 * GNN_IN (sources of arcs into i), GNN_OUT (targets of arcs out of i) or
 * GNN_ALL (both, aggregated separately and summed) ---- */
typedef struct gnn_mp gnn_mp_t;
GNN_API gnn_status_t gnn_mp_create(gnn_ctx_t *ctx, gnn_params_t *ps, const char *prefix,
                                   int64_t in, int64_t out_dim, const char *aggregator,
                                   const gnn_opts_t *aggr_opts, int mode, int msg_linear, int act,
                                   gnn_mp_t **out);
GNN_API void gnn_mp_destroy(gnn_mp_t **l);
GNN_API gnn_status_t gnn_mp_forward(gnn_tape_t *tp, gnn_mp_t *l, const gnn_graph_t *g,
                                    gnn_tensor_t *h, gnn_tensor_t **out);

#ifdef __cplusplus
}
#endif
#endif
