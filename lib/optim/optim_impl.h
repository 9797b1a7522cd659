/* optim_impl.h: optimizer internals shared with the checkpoint code. */
#ifndef GNN_OPTIM_IMPL_H
#define GNN_OPTIM_IMPL_H

#include "../core/internal.h"
#include <gnn/optim.h>

enum { OPT_SGD = 0, OPT_ADAM = 1, OPT_ADAMW = 2 };

struct gnn_optim {
    gnn_ctx_t *ctx;
    gnn_i_alloc_t alloc;
    gnn_params_t *ps;
    int kind;
    double lr0, lr, momentum, beta1, beta2, eps, wd, clip, gamma, min_lr;
    int nesterov, schedule;
    int64_t step_size, total, warmup, steps;
    int64_t nstate;
    float **m, **v; /* per parameter, NULL when unused */
};

GNN_HIDDEN gnn_status_t gnn_i_optim_state(gnn_optim_t *o);

#endif
