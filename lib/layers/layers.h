/* layers internal: the recurrence driver shared by LSTM sequences and the
 * recurrent aggregator. */
#ifndef GNN_LAYERS_INTERNAL_H
#define GNN_LAYERS_INTERNAL_H

#include "../autograd/autograd.h"
#include <gnn/layers.h>

struct gnn_gru {
    gnn_i_alloc_t alloc;
    gnn_tensor_t *w_ih, *w_hh, *b_ih, *b_hh;
    int64_t in, hidden;
};
struct gnn_lstm {
    gnn_i_alloc_t alloc;
    gnn_tensor_t *w_ih, *w_hh, *b_ih, *b_hh;
    int64_t in, hidden;
};

/* Run a GRU (gru != NULL) or an LSTM over B sequences.  Step t of sequence
 * b reads row rowidx[start[b] + t] of src; len[b] >= 0 (0: output zeros).
 * h_last gets [B, H]; all_h (optional) gets [sum len, H] rows in the
 * rowidx order. */
GNN_HIDDEN gnn_status_t gnn_i_recur(gnn_tape_t *tp, gnn_gru_t *gru, gnn_lstm_t *lstm, gnn_tensor_t *src,
                                    int64_t B, const int64_t *len, const int64_t *rowidx,
                                    gnn_tensor_t **h_last, gnn_tensor_t **all_h);

#endif
