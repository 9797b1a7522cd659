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
    int64_t feat_label_dim;     /* tu: the leading one-hot node-label columns */
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

/* Multi-graph loaders (loaders_multi.c), for the layouts "graphs-tsv",
 * "ppgn" and "graph6" of gnn_dataset_load.  Graphs are undirected, simple
 * (self-loops refused, duplicate edges kept once); graph labels become
 * 0..C-1 in sorted order of their distinct values. */
/* dir: DIR/edges.tsv ("graph u v", 0-based) and optional DIR/graph_labels.tsv
 * ("graph label", one per graph); or a file of "graph u v" lines (no labels).
 * Graphs are 0..G-1 and each needs an edge; a graph has 1 + its largest node
 * id nodes (isolated nodes above that id cannot be expressed). */
GNN_HIDDEN gnn_status_t gnn_i_load_graphs_tsv(gnn_ctx_t *ctx, const char *dir, gnn_dataset_t **out);
/* PPGN text (EXP, CEXP): G, then per graph "n label" and n lines
 * "node_label deg nbr...".  Node labels become one-hot features stacked over
 * the graphs. */
GNN_HIDDEN gnn_status_t gnn_i_load_ppgn(gnn_ctx_t *ctx, const char *path, gnn_dataset_t **out);
/* graph6, one graph per line (optional >>graph6<< header); no labels. */
GNN_HIDDEN gnn_status_t gnn_i_load_graph6(gnn_ctx_t *ctx, const char *path, gnn_dataset_t **out);

/* Shared by the loaders (datasets/loaders_multi.c): the sorted distinct
 * values of raw[0..n) (*distinct, count *k; free with gnn_i_free); the index
 * of x (present) in such a list; ds->graph_labels and ds->classes from raw
 * labels, one per graph, mapped to 0..C-1 in sorted order; an undirected
 * simple graph from arcs listing both directions (repeats kept once). */
GNN_HIDDEN gnn_status_t gnn_i_distinct_sorted(gnn_ctx_t *ctx, const int64_t *raw, int64_t n, int64_t **distinct,
                                              int64_t *k);
GNN_HIDDEN int64_t gnn_i_rank_of(const int64_t *d, int64_t k, int64_t x);
GNN_HIDDEN gnn_status_t gnn_i_dataset_set_graph_labels(gnn_ctx_t *ctx, gnn_dataset_t *ds, const int64_t *raw);
GNN_HIDDEN gnn_status_t gnn_i_graph_build_undirected32(gnn_ctx_t *ctx, int64_t n, int64_t arcs, const int32_t *src,
                                                       const int32_t *dst, gnn_graph_t **out);

#endif
