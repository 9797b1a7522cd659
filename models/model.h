/* model.h: what a model implementation provides and what the model core
 * gives it.  A model is one file defining a gnn_model_impl_t plus one line
 * in models/model.c's table. */
#ifndef GNN_MODEL_INTERNAL_H
#define GNN_MODEL_INTERNAL_H

#include "../lib/autograd/autograd.h"
#include "../datasets/dataset.h"
#include <gnn/gnn.h>

typedef struct gnn_model_impl {
    const char *name;
    const char *summary;
    const gnn_i_optgroup_t *group;
    /* make the parameters for the data's shapes; ds may be NULL after a
     * load, the shapes then come from the model's meta options */
    gnn_status_t (*build)(gnn_model_t *m, const gnn_dataset_t *ds);
    gnn_status_t (*fit)(gnn_model_t *m, const gnn_dataset_t *ds);
    gnn_status_t (*predict)(gnn_model_t *m, const gnn_dataset_t *ds);
    void (*free_state)(gnn_model_t *m);
    /* link models: scores of k (src, rel, dst) triples on ds's graph; NULL: unsupported */
    gnn_status_t (*score)(gnn_model_t *m, const gnn_dataset_t *ds, int64_t k, const int64_t *src, const int64_t *rel,
                          const int64_t *dst, double *out);
} gnn_model_impl_t;

#define GNN_MAX_METRICS 160

struct gnn_model {
    gnn_ctx_t *ctx;
    gnn_i_alloc_t alloc;
    const gnn_model_impl_t *impl;
    gnn_opts_t *opts;   /* the user's options */
    gnn_opts_t *meta;   /* shapes learnt from the data, saved with the weights */
    gnn_params_t *ps;
    void *state;
    int built;
    /* results */
    int nmetrics;
    char metric_name[GNN_MAX_METRICS][64];
    double metric[GNN_MAX_METRICS];
    int64_t nhist, caphist;
    int64_t *h_epoch;
    double *h_sec, *h_loss, *h_valid;
    int64_t out_rows, out_cols;
    double *outputs;
    int64_t *assign;
    char optbuf[64];
};

/* typed option reads (validated at create) */
GNN_HIDDEN int64_t gnn_i_model_int(const gnn_model_t *m, const char *name);
GNN_HIDDEN double gnn_i_model_double(const gnn_model_t *m, const char *name);
GNN_HIDDEN const char *gnn_i_model_string(const gnn_model_t *m, const char *name);
GNN_HIDDEN int gnn_i_model_choice(const gnn_model_t *m, const char *name);
/* a shape kept with the weights (m->meta) as an integer, -1 when absent */
GNN_HIDDEN int64_t gnn_i_model_meta_int(const gnn_model_t *m, const char *name);
GNN_HIDDEN void gnn_i_model_set_metric(gnn_model_t *m, const char *name, double value);
GNN_HIDDEN void gnn_i_model_clear_results(gnn_model_t *m);
GNN_HIDDEN gnn_status_t gnn_i_model_history_add(gnn_model_t *m, int64_t epoch, double sec, double loss, double valid);
/* (re)allocate the outputs: rows x cols doubles and rows assignments */
GNN_HIDDEN gnn_status_t gnn_i_model_outputs(gnn_model_t *m, int64_t rows, int64_t cols);
GNN_HIDDEN double gnn_i_now(void);

/* Scratch that grows by doubling: *p holds at least need elements of size
 * bytes (capacity *cap); -1 when out of memory (*p unchanged). */
GNN_HIDDEN int gnn_i_grow(gnn_ctx_t *ctx, void **p, int64_t *cap, int64_t need, size_t size);

/* Every parameter's values to buf (save) or back from it (!save), in
 * registration order; buf holds gnn_params_numel floats.  Model selection
 * keeps the best epoch's weights this way. */
GNN_HIDDEN void gnn_i_params_copy(gnn_params_t *ps, float *buf, int save);

/* Metrics gathered over runs: publish sets each name to its mean and, with
 * with_std, name_std to the sample standard deviation. */
typedef struct gnn_i_runstats {
    int n, cap;
    char (*name)[48];
    double *sum, *sum2;
    int64_t *count;
} gnn_i_runstats_t;
GNN_HIDDEN gnn_status_t gnn_i_runstats_add(gnn_ctx_t *ctx, gnn_i_runstats_t *rs, const char *name, double value);
GNN_HIDDEN void gnn_i_runstats_publish(gnn_model_t *m, const gnn_i_runstats_t *rs, int with_std);
GNN_HIDDEN void gnn_i_runstats_free(gnn_ctx_t *ctx, gnn_i_runstats_t *rs);

/* clustering (models/digrac.c): ari/nmi on the eval nodes (when labels are
 * known), the imbalance scores of the hard labels on the whole graph, the
 * size ratio; names get the prefix (baselines: "herm." ...) */
GNN_HIDDEN gnn_status_t gnn_i_cluster_scores(gnn_model_t *m, gnn_i_runstats_t *rs, const char *prefix,
                                             const gnn_dataset_t *ds, const int64_t *lab, int64_t K, int64_t beta,
                                             const int64_t *eval, int64_t neval);
GNN_HIDDEN gnn_status_t gnn_i_spectral_assign(gnn_model_t *m, const gnn_graph_t *g, const char *method, int64_t K,
                                              int64_t n_init, uint64_t stream, int64_t *lab);
GNN_HIDDEN gnn_status_t gnn_i_digrac_features(gnn_ctx_t *ctx, const gnn_graph_t *g, int64_t K, int herm_ref,
                                              float *out);

/* NBFNet (models/nbfnet.c), exposed for the tests.  The message-passing
 * graph of training facts h -r-> t (m of them over n nodes and R relations;
 * link prediction: r NULL, kg 0) after removing, for each of k pairs, every
 * edge between ra[j] and rb[j] (one_hop or link prediction) or the triple
 * (ra[j], rr[j], rb[j]); then KG: the inverses t -(r+R)-> h, link
 * prediction: both directions and a self-loop per node. */
GNN_HIDDEN gnn_status_t gnn_i_nbf_graph(gnn_ctx_t *ctx, int64_t n, int64_t m, const int64_t *h, const int64_t *r,
                                        const int64_t *t, int64_t R, int kg, int64_t k, const int64_t *ra,
                                        const int64_t *rr, const int64_t *rb, int one_hop, gnn_graph_t **out);
/* 1 + the candidates x != answer, not filtered (filtered may be NULL), with
 * score[x] >= score[answer]: pessimistic ties. */
GNN_HIDDEN int64_t gnn_i_filtered_rank(const float *score, int64_t n, int64_t answer, const uint8_t *filtered);

/* WalkPool (models/walkpool.c), exposed for the tests: the walk profiles
 * [k, H (5 tau + 1)] of k pairs in evaluation mode, on the observed graph of
 * n nodes and e undirected edges (ea[i], eb[i]); then the node set
 * (ascending ids) and arc count of one pair's enclosing subgraph on it. */
GNN_HIDDEN gnn_status_t gnn_i_walkpool_profiles(gnn_model_t *m, int64_t n, int64_t e, const int64_t *ea, const int64_t *eb,
                                                int64_t k, const int64_t *u, const int64_t *v, float *out);
GNN_HIDDEN gnn_status_t gnn_i_walkpool_subgraph(gnn_model_t *m, int64_t i, int64_t j, int64_t *nodes, int64_t *count,
                                                int64_t *arcs);

/* PathNN (models/pathnn.c), exposed for the tests: the untrained float64
 * graph embeddings [G, hidden] of the synthetic suites (no BatchNorm,
 * ReLU(X + M), l2-normalised layer inputs when l2-norm is on), with the
 * parameters initialised from seed. */
GNN_HIDDEN gnn_status_t gnn_i_pathnn_embed64(gnn_model_t *m, const gnn_dataset_t *ds, uint64_t seed, double *out);

/* walkpool.c: the double-radius node labels of a subgraph given as a local
 * CSR (both directions; the link arcs i-j may be present, they are ignored):
 * z[t] for t < n; scratch of 3 n entries.  Exposed for the tests. */
GNN_HIDDEN void gnn_i_drnl_labels(int64_t n, const int64_t *ptr, const int32_t *col, int64_t li, int64_t lj, int64_t *z,
                                  int64_t *scratch);

#endif
