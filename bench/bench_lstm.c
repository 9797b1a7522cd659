/* bench_lstm.c: the fused LSTM op (gnn_lstm_steps, what PathNN runs) against
 * the same recurrence built from the per-step cell of the layers module
 * (gnn_lstm_cell: slices, two matmuls, bias adds and elementwise ops per
 * step), measured in the same run: forward + backward of P sequences of T
 * steps.  Sizes default to a PathNN layer on ENZYMES (batch 32, AP K=2:
 * P = 12,000 paths of 3 nodes, width 64); env P, T, D, H, REPS, THREADS. */
#include "bench_util.h"

#include <gnn/gnn.h>
#include <math.h>

static double run(gnn_ctx_t *ctx, gnn_tape_t *tp, gnn_params_t *ps, gnn_lstm_t *l, const float *x, int64_t T,
                  int64_t P, int64_t D, int fused, int reps, double *checksum) {
    const int64_t shape[2] = {T * P, D};
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        gnn_params_zero_grad(ps);
        gnn_tape_reset(tp);
        const double t0 = bench_now();
        gnn_tensor_t *X, *h = NULL, *c = NULL, *loss;
        gnn_tensor_variable(tp, 2, shape, x, &X);
        if (fused) {
            gnn_tensor_t *b;
            gnn_add(tp, gnn_params_find(ps, "l.bias_ih"), gnn_params_find(ps, "l.bias_hh"), &b);
            gnn_lstm_steps(tp, X, T, gnn_params_find(ps, "l.weight_ih"), gnn_params_find(ps, "l.weight_hh"), b, &h);
        } else {
            for (int64_t t = 0; t < T; t++) {
                gnn_tensor_t *xt;
                gnn_slice(tp, X, 0, t * P, P, &xt);
                gnn_lstm_cell(tp, l, xt, h, c, &h, &c);
            }
        }
        gnn_sum(tp, h, -1, &loss);
        if (gnn_tape_backward(tp, loss) < 0) {
            fprintf(stderr, "bench_lstm: %s\n", gnn_ctx_errmsg(ctx));
            exit(1);
        }
        const double dt = bench_now() - t0;
        if (dt < best) best = dt;
        *checksum = gnn_tensor_item(loss);
    }
    return best;
}

int main(void) {
    const int64_t P = bench_env_int("P", 12000), T = bench_env_int("T", 3), D = bench_env_int("D", 64),
                  H = bench_env_int("H", 64);
    const int reps = (int)bench_env_int("REPS", 5);
    gnn_ctx_t *ctx = NULL;
    gnn_params_t *ps = NULL;
    gnn_lstm_t *l = NULL;
    gnn_tape_t *tp = NULL;
    gnn_ctx_create(&ctx);
    gnn_ctx_set_threads(ctx, bench_env_int("THREADS", 0));
    gnn_params_create(ctx, &ps);
    gnn_lstm_create(ctx, ps, "l", D, H, &l);
    gnn_tape_create(ctx, &tp);
    float *x = malloc(sizeof(float) * (size_t)(T * P * D));
    gnn_rng_t rng;
    gnn_rng_init(&rng, 1, 0, 0);
    for (int64_t i = 0; i < T * P * D; i++) x[i] = (float)(2 * gnn_rng_uniform(&rng) - 1);
    double s_cell, s_fused;
    const double t_cell = run(ctx, tp, ps, l, x, T, P, D, 0, reps, &s_cell);
    const double t_fused = run(ctx, tp, ps, l, x, T, P, D, 1, reps, &s_fused);
    printf("LSTM over %lld sequences x %lld steps, in %lld, hidden %lld, %lld threads (best of %d, forward + backward)\n",
           (long long)P, (long long)T, (long long)D, (long long)H, (long long)gnn_ctx_threads(ctx), reps);
    printf("  cell ops (baseline)  %8.2f ms\n", 1e3 * t_cell);
    printf("  gnn_lstm_steps       %8.2f ms   %.2fx faster; outputs agree to %.1e (relative)\n", 1e3 * t_fused,
           t_cell / t_fused, fabs(s_cell - s_fused) / (fabs(s_cell) + 1e-30));
    free(x);
    gnn_tape_destroy(&tp);
    gnn_lstm_destroy(&l);
    gnn_params_destroy(&ps);
    gnn_ctx_destroy(&ctx);
    return 0;
}
