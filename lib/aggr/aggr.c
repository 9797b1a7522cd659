/* aggr.c: aggregator creation by name, options, neighbour orders. */
#include "aggr_impl.h"

#include <string.h>

extern const gnn_aggr_impl_t gnn_i_aggr_sum, gnn_i_aggr_mean, gnn_i_aggr_max, gnn_i_aggr_min,
    gnn_i_aggr_recurrent, gnn_i_aggr_lcm;

static const gnn_aggr_impl_t *const builtin[] = {
    &gnn_i_aggr_sum, &gnn_i_aggr_mean, &gnn_i_aggr_max, &gnn_i_aggr_min, &gnn_i_aggr_recurrent, &gnn_i_aggr_lcm,
};

static const gnn_i_optspec_t aggr_specs[] = {
    {"hidden", "int", "0", 0, 1e9, "output width of recurrent and lcm (0: the input width)"},
    {"cell", "choice:gru|lstm", "gru", 1, 0, "recurrent: the cell run over the neighbour sequence"},
    {"order", "choice:csr|shuffle", "shuffle", 1, 0,
     "recurrent, lcm: neighbour order in training (evaluation always uses csr order)"},
    {"ties", "choice:first|split", "first", 1, 0, "max, min: gradient to the first tied element or split evenly"},
    {"lcm-pad", "choice:carry|pyg", "carry", 1, 0,
     "lcm: exact tree (odd element carried up) or PyG's zero padding to the largest degree"},
    {"project", "choice:auto|0|1", "auto", 1, 0, "lcm: ReLU(W x + b) before the tree; auto: when widths differ"},
    {"identity", "choice:zero|learned", "zero", 1, 0, "lcm: the value for a node without neighbours"},
    {"pad", "choice:none|pyg", "none", 1, 0,
     "recurrent: stop at each node's last neighbour, or PyG's zero padding to the largest degree"},
};
const gnn_i_optgroup_t gnn_i_group_aggr = {"aggr", aggr_specs, (int64_t)(sizeof aggr_specs / sizeof aggr_specs[0])};

const char *gnn_aggr_builtin(int64_t i) {
    return (i >= 0 && i < (int64_t)(sizeof builtin / sizeof builtin[0])) ? builtin[i]->name : NULL;
}

gnn_status_t gnn_aggr_create(gnn_ctx_t *ctx, const char *name, int64_t in_dim, const gnn_opts_t *opts,
                             gnn_params_t *ps, const char *prefix, gnn_aggr_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_aggr_t *ag = NULL;
    const gnn_aggr_impl_t *impl = NULL;
    if (ctx == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(ctx, GNN_EINVAL, "gnn_aggr_create: out is NULL");
    *out = NULL;
    for (size_t i = 0; name && i < sizeof builtin / sizeof builtin[0]; i++)
        if (strcmp(builtin[i]->name, name) == 0) impl = builtin[i];
    if (impl == NULL)
        return gnn_i_error(ctx, GNN_ENOTFOUND, "unknown aggregator '%s' (sum, mean, max, min, recurrent, lcm)",
                           name ? name : "(null)");
    GNN_ARG_CHECK(ctx, in_dim >= 1, "gnn_aggr_create: in_dim must be >= 1");
    GNN_CHECK(gnn_opts_validate(ctx, opts, "aggr"));
    GNN_CALLOC(ctx, ag, 1);
    ag->alloc = ctx->alloc;
    ag->impl = impl;
    ag->in_dim = ag->out_dim = in_dim;
    const gnn_i_optgroup_t *G = &gnn_i_group_aggr;
    ag->ties_split = gnn_i_opt_choice(opts, G, "ties") == 1;
    ag->shuffle = gnn_i_opt_choice(opts, G, "order") == 1;
    ag->cell_lstm = gnn_i_opt_choice(opts, G, "cell") == 1;
    ag->lcm_pyg = gnn_i_opt_choice(opts, G, "lcm-pad") == 1;
    ag->pad_pyg = gnn_i_opt_choice(opts, G, "pad") == 1;
    {
        uint64_t h = 1469598103934665603ull;
        for (const char *p = prefix ? prefix : ""; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
        ag->stream = h;
    }
    if (impl->setup) GNN_CHECK(impl->setup(ctx, ag, opts, ps, prefix));
    *out = ag;
    return GNN_SUCCESS;
fail:
    gnn_aggr_destroy(&ag);
    return status;
}

void gnn_aggr_destroy(gnn_aggr_t **pag) {
    if (pag == NULL || *pag == NULL) return;
    gnn_aggr_t *ag = *pag;
    gnn_i_alloc_t a = ag->alloc;
    gnn_gru_destroy(&ag->gru);
    gnn_lstm_destroy(&ag->lstm);
    gnn_linear_destroy(&ag->proj);
    gnn_i_alloc_free(&a, ag);
    *pag = NULL;
}

const char *gnn_aggr_name(const gnn_aggr_t *ag) {
    return ag ? ag->impl->name : NULL;
}

int64_t gnn_aggr_out_dim(const gnn_aggr_t *ag) {
    return ag ? ag->out_dim : 0;
}

gnn_status_t gnn_aggregate(gnn_tape_t *tp, gnn_aggr_t *ag, const gnn_graph_t *g, int mode, gnn_tensor_t *x,
                           int edge_messages, gnn_tensor_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    if (tp == NULL) return GNN_EINVAL;
    if (out == NULL) return gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_aggregate: out is NULL");
    *out = NULL;
    GNN_ARG_CHECK(tp->ctx, ag != NULL, "gnn_aggregate: aggregator is NULL");
    GNN_CHECK(gnn_i_graph_check(tp->ctx, g, "gnn_aggregate"));
    GNN_CHECK(gnn_i_tensor_check(tp, x, "gnn_aggregate", "x"));
    GNN_ARG_CHECK(tp->ctx, mode == GNN_IN || mode == GNN_OUT, "gnn_aggregate: mode must be GNN_IN or GNN_OUT");
    {
        const int64_t want = edge_messages ? g->m : g->n;
        if (gnn_i_rows(x) != want || gnn_i_cols(x) != ag->in_dim) {
            char s[64];
            status = gnn_i_error(tp->ctx, GNN_EINVAL, "gnn_aggregate (%s): x is %s, expected [%lld, %lld] (%s)",
                                 ag->impl->name, gnn_i_shape_str(x, s, sizeof s), (long long)want,
                                 (long long)ag->in_dim, edge_messages ? "one row per arc" : "one row per node");
            goto fail;
        }
    }
    GNN_CHECK(ag->impl->forward(tp, ag, g, mode, x, edge_messages != 0, out));
fail:
    return status;
}

gnn_status_t gnn_i_aggr_rows(gnn_tape_t *tp, const gnn_aggr_t *ag, const gnn_graph_t *g, int mode, int edge,
                             int64_t **pstart, int64_t **prow) {
    const int64_t *ptr = mode == GNN_IN ? g->in_ptr : g->out_ptr;
    int64_t *start = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(g->n + 1));
    int64_t *row = gnn_i_arena(tp, sizeof(int64_t) * (size_t)(g->m > 0 ? g->m : 1));
    if (start == NULL || row == NULL) return GNN_ENOMEM;
    const int shuffle = ag->shuffle && tp->training;
    const uint64_t seed = gnn_ctx_seed(tp->ctx), st = gnn_rng_hash(ag->stream, (uint64_t)tp->step, 0x6f72646572ull);
    for (int64_t v = 0; v <= g->n; v++) start[v] = ptr[v];
#pragma omp parallel for schedule(dynamic, 256) num_threads(gnn_i_threads(tp->ctx, g->m, 1 << 14))
    for (int64_t v = 0; v < g->n; v++) {
        for (int64_t k = ptr[v]; k < ptr[v + 1]; k++) {
            if (mode == GNN_IN) row[k] = edge ? g->in_arc[k] : g->in_idx[k];
            else row[k] = edge ? k : g->out_idx[k];
        }
        if (shuffle && ptr[v + 1] - ptr[v] > 1) {
            gnn_rng_t r;
            gnn_rng_init(&r, seed, st, (uint64_t)v);
            gnn_rng_shuffle(&r, row + ptr[v], ptr[v + 1] - ptr[v]);
        }
    }
    *pstart = start;
    *prow = row;
    return GNN_SUCCESS;
}
