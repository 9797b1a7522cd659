/* gnn/models.h: models by name, trained on a dataset.
 *
 * Every model of libgnn (mpnn today; digrac, nbfnet, walkpool, pathnn as
 * they land) is created from options (group "model.<name>", listed by
 * gnn_options_describe), trained with gnn_model_fit on a gnn_dataset_t,
 * and then exposes its metrics, its per-epoch history, its per-node (or
 * per-pair, per-graph) outputs, and can be saved to and loaded from a
 * checkpoint. */
#ifndef GNN_MODELS_H
#define GNN_MODELS_H

#include <gnn/types.h>
#include <gnn/datasets.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gnn_model gnn_model_t;

/* The i-th built-in model name (NULL past the end) and its one-line summary. */
GNN_API const char *gnn_model_builtin(int64_t i);
GNN_API const char *gnn_model_summary(const char *name);

GNN_API gnn_status_t gnn_model_create(gnn_ctx_t *ctx, const char *name, const gnn_opts_t *opts,
                                      gnn_model_t **out);
GNN_API void gnn_model_destroy(gnn_model_t **m);
GNN_API const char *gnn_model_name(const gnn_model_t *m);
/* The value in force of an option (set, or the default), as text; also the
 * shapes learnt from the data and kept with the weights (nbfnet: "kg" 0/1,
 * "relations"; mpnn: "in-dim", "classes"). */
GNN_API const char *gnn_model_option(const gnn_model_t *m, const char *name);

/* Train on ds (the seed and threads come from the context).  Long runs
 * report progress through the context and poll its interrupt hook. */
GNN_API gnn_status_t gnn_model_fit(gnn_model_t *m, const gnn_dataset_t *ds);
/* Recompute the outputs on ds with the current parameters (after load). */
GNN_API gnn_status_t gnn_model_predict(gnn_model_t *m, const gnn_dataset_t *ds);

/* Link models (nbfnet): the score (logit) of k pairs src[i] -> dst[i] under
 * relation rel[i] (rel may be NULL: relation 0; a KG's inverse relation
 * r + R asks for heads), message passing over ds's graph 0 (link
 * prediction: its edges; KG: its triples).  GNN_EUNSUPPORTED for others. */
GNN_API gnn_status_t gnn_model_score_pairs(gnn_model_t *m, const gnn_dataset_t *ds, int64_t k, const int64_t *src,
                                           const int64_t *rel, const int64_t *dst, double *scores);

/* Ranking metrics: AUROC (ties count one half) and average precision (a
 * block of tied scores shares its precision) of n scores with 0/1 labels. */
GNN_API gnn_status_t gnn_auroc_ap(gnn_ctx_t *ctx, const double *score, const int8_t *label, int64_t n, double *auroc,
                                  double *ap);

/* Metrics of the last fit or predict, e.g. "test_accuracy". */
GNN_API int64_t gnn_model_metric_count(const gnn_model_t *m);
GNN_API const char *gnn_model_metric_name(const gnn_model_t *m, int64_t i);
GNN_API double gnn_model_metric_value(const gnn_model_t *m, int64_t i);
GNN_API gnn_status_t gnn_model_metric(const gnn_model_t *m, const char *name, double *value);

/* One row per epoch of the last fit: seconds since the start, training
 * loss, validation metric (NaN when none). */
GNN_API int64_t gnn_model_history_count(const gnn_model_t *m);
GNN_API gnn_status_t gnn_model_history(const gnn_model_t *m, int64_t i, int64_t *epoch, double *seconds,
                                       double *train_loss, double *valid_metric);

/* Outputs: rows x cols values (class probabilities, scores) and one
 * integer per row (predicted class, cluster). */
GNN_API int64_t gnn_model_output_rows(const gnn_model_t *m);
GNN_API int64_t gnn_model_output_cols(const gnn_model_t *m);
GNN_API gnn_status_t gnn_model_outputs(const gnn_model_t *m, double *values);
GNN_API gnn_status_t gnn_model_assignments(const gnn_model_t *m, int64_t *assign);

/* Checkpoints (gnn_checkpoint_save / gnn_checkpoint_load underneath): the
 * options and the shapes learnt from the data are stored with the weights. */
GNN_API gnn_status_t gnn_model_save(gnn_model_t *m, const char *path);
GNN_API gnn_status_t gnn_model_load(gnn_ctx_t *ctx, const char *path, gnn_model_t **out);

#ifdef __cplusplus
}
#endif
#endif
