/* spectral.c: the spectral baselines of DIGRAC (specs/digrac.md section 8)
 * as models: herm, herm_rw, bi_sym, disg_lr.  Each embeds the digraph
 * (gnn_spectral_embedding), runs k-means on the embedding and is scored by
 * the same code as DIGRAC (gnn_i_cluster_scores), on every node.  There is
 * nothing to train; "runs" repeats k-means with different seeds. */
#include "model.h"

#include <string.h>

static const gnn_i_optspec_t spectral_specs[] = {
    {"clusters", "int", "0", 0, 1e6, "number of clusters K (required, >= 2)"},
    {"beta", "int", "0", 0, 1e9, "pairs of the sort imbalance score (0: min(K, K(K-1)/2))"},
    {"kmeans-init", "int", "10", 1, 1000, "k-means restarts"},
    {"runs", "int", "1", 1, 10000, "repetitions with different k-means seeds; metrics are mean and std"},
};
#define NSPEC ((int64_t)(sizeof spectral_specs / sizeof spectral_specs[0]))
const gnn_i_optgroup_t gnn_i_group_model_herm = {"model.herm", spectral_specs, NSPEC};
const gnn_i_optgroup_t gnn_i_group_model_herm_rw = {"model.herm_rw", spectral_specs, NSPEC};
const gnn_i_optgroup_t gnn_i_group_model_bi_sym = {"model.bi_sym", spectral_specs, NSPEC};
const gnn_i_optgroup_t gnn_i_group_model_disg_lr = {"model.disg_lr", spectral_specs, NSPEC};

static gnn_status_t spectral_build(gnn_model_t *m, const gnn_dataset_t *ds) {
    (void)ds;
    const int64_t K = gnn_i_model_int(m, "clusters");
    if (K < 2) return gnn_i_error(m->ctx, GNN_EINVAL, "%s: --clusters K is required and must be >= 2 (got %lld)", m->impl->name,
                                  (long long)K);
    return GNN_SUCCESS;
}

static gnn_status_t spectral_fit(gnn_model_t *m, const gnn_dataset_t *ds) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_ctx_t *ctx = m->ctx;
    int64_t *lab = NULL, *all = NULL;
    gnn_i_runstats_t rs = {0};
    GNN_ARG_CHECK(ctx, ds->ngraphs == 1, "%s: needs a dataset with one graph", m->impl->name);
    const gnn_graph_t *g = ds->graphs[0];
    const int64_t n = g->n, K = gnn_i_model_int(m, "clusters");
    GNN_ARG_CHECK(ctx, g->m > 0, "%s: the graph has no arcs", m->impl->name);
    GNN_ARG_CHECK(ctx, K <= n, "%s: %lld clusters for a graph of %lld nodes", m->impl->name, (long long)K, (long long)n);
    int64_t beta = gnn_i_model_int(m, "beta");
    if (beta <= 0) beta = K < K * (K - 1) / 2 ? K : K * (K - 1) / 2;
    GNN_ALLOC(ctx, lab, n);
    GNN_ALLOC(ctx, all, n);
    for (int64_t i = 0; i < n; i++) all[i] = i;
    const int64_t runs = gnn_i_model_int(m, "runs");
    for (int64_t r = 0; r < runs; r++) {
        GNN_CHECK(gnn_i_spectral_assign(m, g, m->impl->name, K, gnn_i_model_int(m, "kmeans-init"), (uint64_t)r, lab));
        GNN_CHECK(gnn_i_cluster_scores(m, &rs, "", ds, lab, K, beta, all, n));
        gnn_i_progress(ctx, "run", (double)(r + 1), (double)runs);
    }
    gnn_i_runstats_publish(m, &rs, runs > 1);
    gnn_i_model_set_metric(m, "beta", (double)beta);
    GNN_CHECK(gnn_i_model_outputs(m, n, 1));
    for (int64_t i = 0; i < n; i++) m->assign[i] = lab[i], m->outputs[i] = (double)lab[i];
fail:
    gnn_i_runstats_free(ctx, &rs);
    gnn_i_free(ctx, lab);
    gnn_i_free(ctx, all);
    return status;
}

static gnn_status_t spectral_predict(gnn_model_t *m, const gnn_dataset_t *ds) {
    return spectral_fit(m, ds);
}

static void spectral_free(gnn_model_t *m) {
    (void)m;
}

#define SPECTRAL(id, summary)                                                                                 \
    const gnn_model_impl_t gnn_i_model_##id = {#id, summary, &gnn_i_group_model_##id, spectral_build, spectral_fit, \
                                               spectral_predict, spectral_free, NULL}
SPECTRAL(herm, "spectral baseline: k-means on the leading eigenvectors of i(A - A^T)");
SPECTRAL(herm_rw, "spectral baseline: k-means on the leading singular vectors of D^-1 i(A - A^T)");
SPECTRAL(bi_sym, "spectral baseline: k-means on the leading eigenvectors of A A^T + A^T A");
SPECTRAL(disg_lr, "spectral baseline: k-means on [U, V] of the regularised degree-normalised A");
