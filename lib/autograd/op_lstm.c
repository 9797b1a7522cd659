/* op_lstm.c: one LSTM (PyTorch gates [i; f; g; o], h_0 = c_0 = 0) run over
 * P sequences of the same length T at once, fused: the input projection of
 * every step is one sgemm, each step adds H_{t-1} W_hh^T (one sgemm) and
 * computes its gates in one pass; the output is the final hidden state.
 * PathNN reads all its length-k paths with it (T = k + 1).
 *
 * Backward: the saved gate activations and cell states give dG per step
 * (last to first); the recurrent weight gradient is one sgemm over all
 * steps, as are the input and input-weight gradients.  Every loop is over
 * rows with a fixed split, so results do not depend on the thread count. */
#include "autograd.h"

#include <math.h>
#include <string.h>

/* saved: gates A [T*P, 4H] (after the nonlinearities), C [T*P, H] and
 * tanh(C) TC, Hs [T*P, H] */
typedef struct lstm_saved {
    float *A, *C, *TC, *Hs;
} lstm_saved_t;

static gnn_status_t lstm_backward(gnn_tape_t *tp, gnn_tensor_t *out) {
    gnn_tensor_t *X = out->src[0], *Wih = out->src[1], *Whh = out->src[2], *B = out->src[3];
    const lstm_saved_t *sv = out->saved;
    const int64_t T = out->ip[0], P = out->ip[1], H = out->ip[2], D = out->ip[3], G4 = 4 * H;
    gnn_ctx_t *ctx = tp->ctx;
    float *dG = gnn_i_arena(tp, sizeof(float) * (size_t)(T * P * G4));
    float *dh = gnn_i_arena(tp, sizeof(float) * (size_t)(P * H));
    float *dc = gnn_i_arena_zero(tp, sizeof(float) * (size_t)(P * H));
    float *zero = gnn_i_arena_zero(tp, sizeof(float) * (size_t)H);
    if (dG == NULL || dh == NULL || dc == NULL || zero == NULL) return GNN_ENOMEM;
    memcpy(dh, out->grad, sizeof(float) * (size_t)(P * H));
    const int nth = gnn_i_threads(ctx, P * H * 8, 1 << 14);
    for (int64_t t = T - 1; t >= 0; t--) {
        const float *A = sv->A + t * P * G4, *TC = sv->TC + t * P * H;
        const float *Cp = t > 0 ? sv->C + (t - 1) * P * H : NULL;
        float *dGt = dG + t * P * G4;
#pragma omp parallel for schedule(static) num_threads(nth)
        for (int64_t r = 0; r < P; r++) {
            const float *a = A + r * G4;
            float *g = dGt + r * G4;
            float *dcr = dc + r * H;
            const float *dhr = dh + r * H, *tcr = TC + r * H, *cpr = Cp ? Cp + r * H : zero;
#pragma omp simd
            for (int64_t j = 0; j < H; j++) {
                const float i = a[j], f = a[H + j], gg = a[2 * H + j], o = a[3 * H + j];
                const float tc = tcr[j], d = dhr[j];
                const float dct = dcr[j] + d * o * (1.0f - tc * tc);
                const float cp = cpr[j];
                g[j] = dct * gg * i * (1.0f - i);
                g[H + j] = dct * cp * f * (1.0f - f);
                g[2 * H + j] = dct * i * (1.0f - gg * gg);
                g[3 * H + j] = d * tc * o * (1.0f - o);
                dcr[j] = dct * f;
            }
        }
        if (t > 0) /* dh_{t-1} = dG_t W_hh */
            gnn_i_gemm(ctx, 0, 0, P, H, G4, 1.0f, dGt, (int)G4, Whh->data, (int)H, 0.0f, dh, (int)H);
    }
    if (Whh->requires_grad && T > 1) { /* dW_hh += sum_t dG_t^T H_{t-1} */
        float *dW = gnn_i_grad(tp, Whh);
        if (dW == NULL) return GNN_ENOMEM;
        gnn_status_t st = gnn_i_gemm_tp(tp, 1, 0, G4, H, (T - 1) * P, 1.0f, dG + P * G4, (int)G4, sv->Hs, (int)H, 1.0f,
                                        dW, (int)H);
        if (st != GNN_SUCCESS) return st;
    }
    if (Wih->requires_grad) { /* dW_ih += dG^T X */
        float *dW = gnn_i_grad(tp, Wih);
        if (dW == NULL) return GNN_ENOMEM;
        gnn_status_t st = gnn_i_gemm_tp(tp, 1, 0, G4, D, T * P, 1.0f, dG, (int)G4, X->data, (int)D, 1.0f, dW, (int)D);
        if (st != GNN_SUCCESS) return st;
    }
    if (X->requires_grad) { /* dX += dG W_ih */
        float *dX = gnn_i_grad(tp, X);
        if (dX == NULL) return GNN_ENOMEM;
        gnn_i_gemm(ctx, 0, 0, T * P, D, G4, 1.0f, dG, (int)G4, Wih->data, (int)D, 1.0f, dX, (int)D);
    }
    if (B->requires_grad) {
        float *db = gnn_i_grad(tp, B);
        if (db == NULL) return GNN_ENOMEM;
        gnn_i_colsum_add(tp, dG, T * P, G4, db);
    }
    return GNN_SUCCESS;
}

const gnn_op_def_t gnn_i_op_lstm_steps = {"lstm_steps", 4, lstm_backward};

gnn_status_t gnn_lstm_steps(gnn_tape_t *tp, gnn_tensor_t *x, int64_t T, gnn_tensor_t *w_ih, gnn_tensor_t *w_hh,
                            gnn_tensor_t *bias, gnn_tensor_t **out) {
    GNN_OP_BEGIN(tp, "gnn_lstm_steps");
    gnn_ctx_t *ctx = tp->ctx;
    GNN_CHECK(gnn_i_tensor_check(tp, x, "gnn_lstm_steps", "x"));
    GNN_CHECK(gnn_i_tensor_check(tp, w_ih, "gnn_lstm_steps", "w_ih"));
    GNN_CHECK(gnn_i_tensor_check(tp, w_hh, "gnn_lstm_steps", "w_hh"));
    GNN_CHECK(gnn_i_tensor_check(tp, bias, "gnn_lstm_steps", "bias"));
    const int64_t rows = gnn_i_rows(x), D = gnn_i_cols(x), H = gnn_i_cols(w_hh), G4 = 4 * H;
    GNN_ARG_CHECK(ctx, T >= 1 && rows % T == 0, "gnn_lstm_steps: %lld input rows are not T = %lld steps of equal size",
                  (long long)rows, (long long)T);
    GNN_ARG_CHECK(ctx, gnn_i_rows(w_hh) == G4 && gnn_i_rows(w_ih) == G4 && gnn_i_cols(w_ih) == D,
                  "gnn_lstm_steps: weights must be w_ih [4H, %lld] and w_hh [4H, H]", (long long)D);
    GNN_ARG_CHECK(ctx, bias->numel == G4, "gnn_lstm_steps: bias must have 4H = %lld entries", (long long)G4);
    GNN_ARG_CHECK(ctx, gnn_i_blas_fits(rows, G4, D), "gnn_lstm_steps: dimensions exceed the BLAS integer range");
    const int64_t P = rows / T;
    {
        gnn_tensor_t *src[4] = {x, w_ih, w_hh, bias};
        const int64_t shape[2] = {P, H};
        GNN_CHECK(gnn_i_op_new(tp, &gnn_i_op_lstm_steps, 2, shape, 4, src, out));
    }
    lstm_saved_t *sv = gnn_i_arena(tp, sizeof *sv);
    if (sv == NULL) return GNN_ENOMEM;
    sv->A = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * G4));
    sv->C = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * H));
    sv->TC = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * H));
    sv->Hs = gnn_i_arena(tp, sizeof(float) * (size_t)(rows * H));
    if (sv->A == NULL || sv->C == NULL || sv->TC == NULL || sv->Hs == NULL) return GNN_ENOMEM;
    /* pre-activations of every step: X W_ih^T (+ the bias below) */
    gnn_i_gemm(ctx, 0, 1, rows, G4, D, 1.0f, x->data, (int)D, w_ih->data, (int)D, 0.0f, sv->A, (int)G4);
    const float *b = bias->data;
    float *zero = gnn_i_arena_zero(tp, sizeof(float) * (size_t)H);
    if (zero == NULL) return GNN_ENOMEM;
    const int nth = gnn_i_threads(ctx, P * H * 8, 1 << 14);
    for (int64_t t = 0; t < T; t++) {
        float *A = sv->A + t * P * G4, *C = sv->C + t * P * H, *TC = sv->TC + t * P * H, *Hh = sv->Hs + t * P * H;
        const float *Cp = t > 0 ? sv->C + (t - 1) * P * H : NULL;
        const int64_t cstride = t > 0 ? H : 0;
        if (t > 0) gnn_i_gemm(ctx, 0, 1, P, G4, H, 1.0f, sv->Hs + (t - 1) * P * H, (int)H, w_hh->data, (int)H, 1.0f, A, (int)G4);
#pragma omp parallel for schedule(static) num_threads(nth)
        for (int64_t r = 0; r < P; r++) {
            float *a = A + r * G4, *cr = C + r * H, *tcr = TC + r * H, *hr = Hh + r * H;
            const float *cpr = Cp ? Cp + r * cstride : zero;
#pragma omp simd
            for (int64_t j = 0; j < H; j++) {
                const float i = gnn_i_sigmoidf(a[j] + b[j]), f = gnn_i_sigmoidf(a[H + j] + b[H + j]);
                const float g = gnn_i_tanhf(a[2 * H + j] + b[2 * H + j]), o = gnn_i_sigmoidf(a[3 * H + j] + b[3 * H + j]);
                const float c = f * cpr[j] + i * g, tc = gnn_i_tanhf(c);
                a[j] = i, a[H + j] = f, a[2 * H + j] = g, a[3 * H + j] = o;
                cr[j] = c, tcr[j] = tc;
                hr[j] = o * tc;
            }
        }
    }
    memcpy((*out)->data, sv->Hs + (T - 1) * P * H, sizeof(float) * (size_t)(P * H));
    (*out)->ip[0] = T, (*out)->ip[1] = P, (*out)->ip[2] = H, (*out)->ip[3] = D;
    (*out)->saved = sv;
fail:
    return status;
}
