/* dataset.h: the dataset object shared by loaders and generators. */
#ifndef GNN_DATASET_INTERNAL_H
#define GNN_DATASET_INTERNAL_H

#include "../lib/core/internal.h"

struct gnn_dataset {
    gnn_i_alloc_t alloc;
    int64_t ngraphs;
    gnn_graph_t **graphs;
    int64_t *node_labels;       /* graph 0's n entries, or NULL */
    int64_t classes;
    int64_t feat_rows, feat_dim;
    float *features;            /* feat_rows x feat_dim */
    int64_t split_count[3];
    int64_t *split[3];          /* node ids per part */
    int64_t *graph_labels;      /* ngraphs entries, or NULL */
    int64_t pair_count[3][2];
    int64_t *pair_src[3][2], *pair_dst[3][2];
    int64_t triple_count[3];
    int64_t *th[3], *tr[3], *tt[3];
};

GNN_HIDDEN gnn_status_t gnn_i_dataset_new(gnn_ctx_t *ctx, int64_t ngraphs, gnn_dataset_t **out);
/* number of classes = max label + 1 over labels >= 0 */
GNN_HIDDEN int64_t gnn_i_count_classes(const int64_t *labels, int64_t n);

#endif
