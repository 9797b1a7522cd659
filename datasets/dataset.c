/* dataset.c: the dataset object and its accessors. */
#include "dataset.h"

#include <string.h>

gnn_status_t gnn_i_dataset_new(gnn_ctx_t *ctx, int64_t ngraphs, gnn_dataset_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_dataset_t *ds = NULL;
    *out = NULL;
    GNN_CALLOC(ctx, ds, 1);
    ds->alloc = ctx->alloc;
    ds->ngraphs = ngraphs;
    GNN_CALLOC(ctx, ds->graphs, ngraphs > 0 ? ngraphs : 1);
    *out = ds;
    return GNN_SUCCESS;
fail:
    gnn_dataset_destroy(&ds);
    return status;
}

void gnn_dataset_destroy(gnn_dataset_t **pds) {
    if (pds == NULL || *pds == NULL) return;
    gnn_dataset_t *ds = *pds;
    const gnn_i_alloc_t *a = &ds->alloc;
    if (ds->graphs)
        for (int64_t i = 0; i < ds->ngraphs; i++) gnn_graph_destroy(&ds->graphs[i]);
    gnn_i_alloc_free(a, ds->graphs);
    gnn_i_alloc_free(a, ds->node_labels);
    gnn_i_alloc_free(a, ds->features);
    gnn_i_alloc_free(a, ds->graph_labels);
    for (int p = 0; p < 3; p++) {
        gnn_i_alloc_free(a, ds->split[p]);
        for (int q = 0; q < 2; q++) {
            gnn_i_alloc_free(a, ds->pair_src[p][q]);
            gnn_i_alloc_free(a, ds->pair_dst[p][q]);
        }
        gnn_i_alloc_free(a, ds->th[p]);
        gnn_i_alloc_free(a, ds->tr[p]);
        gnn_i_alloc_free(a, ds->tt[p]);
    }
    gnn_i_alloc_t copy = ds->alloc;
    gnn_i_alloc_free(&copy, ds);
    *pds = NULL;
}

int64_t gnn_i_count_classes(const int64_t *labels, int64_t n) {
    int64_t mx = -1;
    for (int64_t i = 0; i < n; i++)
        if (labels[i] > mx) mx = labels[i];
    return mx + 1;
}

int64_t gnn_dataset_graph_count(const gnn_dataset_t *ds) {
    return ds ? ds->ngraphs : 0;
}

const gnn_graph_t *gnn_dataset_graph(const gnn_dataset_t *ds, int64_t i) {
    if (ds == NULL || i < 0 || i >= ds->ngraphs) return NULL;
    return ds->graphs[i];
}

int gnn_dataset_has_node_labels(const gnn_dataset_t *ds) {
    return ds != NULL && ds->node_labels != NULL;
}

gnn_status_t gnn_dataset_node_labels(const gnn_dataset_t *ds, int64_t *labels) {
    if (ds == NULL || labels == NULL) return GNN_EINVAL;
    if (ds->node_labels == NULL) return GNN_ENOTFOUND;
    memcpy(labels, ds->node_labels, sizeof(int64_t) * (size_t)ds->graphs[0]->n);
    return GNN_SUCCESS;
}

int64_t gnn_dataset_class_count(const gnn_dataset_t *ds) {
    return ds ? ds->classes : 0;
}

int64_t gnn_dataset_feature_dim(const gnn_dataset_t *ds) {
    return ds ? ds->feat_dim : 0;
}

int64_t gnn_dataset_feature_rows(const gnn_dataset_t *ds) {
    return ds ? ds->feat_rows : 0;
}

gnn_status_t gnn_dataset_features(const gnn_dataset_t *ds, float *out) {
    if (ds == NULL || out == NULL) return GNN_EINVAL;
    if (ds->features == NULL) return GNN_ENOTFOUND;
    memcpy(out, ds->features, sizeof(float) * (size_t)(ds->feat_rows * ds->feat_dim));
    return GNN_SUCCESS;
}

int64_t gnn_dataset_node_split_count(const gnn_dataset_t *ds, int part) {
    if (ds == NULL || part < 0 || part > 2) return 0;
    return ds->split_count[part];
}

gnn_status_t gnn_dataset_node_split(const gnn_dataset_t *ds, int part, int64_t *nodes) {
    if (ds == NULL || part < 0 || part > 2 || nodes == NULL) return GNN_EINVAL;
    if (ds->split[part] == NULL) return GNN_ENOTFOUND;
    memcpy(nodes, ds->split[part], sizeof(int64_t) * (size_t)ds->split_count[part]);
    return GNN_SUCCESS;
}

gnn_status_t gnn_dataset_graph_labels(const gnn_dataset_t *ds, int64_t *labels) {
    if (ds == NULL || labels == NULL) return GNN_EINVAL;
    if (ds->graph_labels == NULL) return GNN_ENOTFOUND;
    memcpy(labels, ds->graph_labels, sizeof(int64_t) * (size_t)ds->ngraphs);
    return GNN_SUCCESS;
}

int64_t gnn_dataset_pair_count(const gnn_dataset_t *ds, int part, int positive) {
    if (ds == NULL || part < 0 || part > 2) return 0;
    return ds->pair_count[part][positive ? 1 : 0];
}

gnn_status_t gnn_dataset_pairs(const gnn_dataset_t *ds, int part, int positive, int64_t *src, int64_t *dst) {
    if (ds == NULL || part < 0 || part > 2) return GNN_EINVAL;
    int q = positive ? 1 : 0;
    if (ds->pair_src[part][q] == NULL) return GNN_ENOTFOUND;
    size_t k = (size_t)ds->pair_count[part][q];
    if (src) memcpy(src, ds->pair_src[part][q], sizeof(int64_t) * k);
    if (dst) memcpy(dst, ds->pair_dst[part][q], sizeof(int64_t) * k);
    return GNN_SUCCESS;
}

int64_t gnn_dataset_triple_count(const gnn_dataset_t *ds, int part) {
    if (ds == NULL || part < 0 || part > 2) return 0;
    return ds->triple_count[part];
}

gnn_status_t gnn_dataset_triples(const gnn_dataset_t *ds, int part, int64_t *head, int64_t *relation,
                                 int64_t *tail) {
    if (ds == NULL || part < 0 || part > 2) return GNN_EINVAL;
    if (ds->th[part] == NULL) return GNN_ENOTFOUND;
    size_t k = (size_t)ds->triple_count[part];
    if (head) memcpy(head, ds->th[part], sizeof(int64_t) * k);
    if (relation) memcpy(relation, ds->tr[part], sizeof(int64_t) * k);
    if (tail) memcpy(tail, ds->tt[part], sizeof(int64_t) * k);
    return GNN_SUCCESS;
}
