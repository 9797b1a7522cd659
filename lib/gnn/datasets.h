/* gnn/datasets.h: benchmark layouts and random graph generators.
 *
 * A dataset bundles what a benchmark ships: one graph (or many, for graph
 * classification), node labels, node features, node splits, edge splits
 * (positive and negative pairs) and knowledge-graph triples.  Loaders read
 * the layouts of gnn-datasets(5): "planetoid" (edges.tsv, features.tsv,
 * labels.tsv, train_idx.txt, val_idx.txt, test_idx.txt), "tu" (the TU
 * Dortmund files NAME_A.txt, NAME_graph_indicator.txt, ...), "kg" (train.tsv,
 * valid.tsv, test.tsv triples) and "seal" (train_pos.tsv, train_neg.tsv,
 * test_pos.tsv, test_neg.tsv, optional valid_*.tsv, over a graph file),
 * and graph sets for graph classification: "graphs-tsv" (DIR/edges.tsv of
 * graph<TAB>u<TAB>v lines, 0-based, optional DIR/graph_labels.tsv of
 * graph<TAB>label; or one such edge file), "ppgn" (the PPGN text format of
 * EXP/CEXP: node labels become one-hot features) and "graph6" (one graph per
 * line).
 * Generators: "dsbm" (directed SBM with a meta-graph, as DIGRAC uses), "sbm"
 * and "er" (Erdos-Renyi G(n, p) or G(n, m)). */
#ifndef GNN_DATASETS_H
#define GNN_DATASETS_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gnn_dataset gnn_dataset_t;

/* Load a layout ("planetoid", "tu", "kg", "seal") from path.  For "tu",
 * path is DIR/NAME (the files are DIR/NAME_A.txt, ...); for "seal", path is
 * the split directory and opts key "graph" may name the full graph file. */
GNN_API gnn_status_t gnn_dataset_load(gnn_ctx_t *ctx, const char *layout, const char *path,
                                      const gnn_opts_t *opts, gnn_dataset_t **out);
/* Knowledge-graph triples from three files of head<TAB>relation<TAB>tail
 * lines (valid and test may be NULL); entities and relations get ids in
 * order of first appearance over train, valid, test.  The graph holds the
 * training triples. */
GNN_API gnn_status_t gnn_dataset_load_triples(gnn_ctx_t *ctx, const char *train, const char *valid,
                                              const char *test, gnn_dataset_t **out);
/* Generate "dsbm", "sbm" or "er" with options of group "generate.<kind>";
 * the seed comes from ctx. */
GNN_API gnn_status_t gnn_dataset_generate(gnn_ctx_t *ctx, const char *kind,
                                          const gnn_opts_t *opts, gnn_dataset_t **out);
GNN_API void gnn_dataset_destroy(gnn_dataset_t **ds);

/* Graphs: one for node- and link-level datasets, many for "tu". */
GNN_API int64_t gnn_dataset_graph_count(const gnn_dataset_t *ds);
/* Borrowed; valid while ds lives. */
GNN_API const gnn_graph_t *gnn_dataset_graph(const gnn_dataset_t *ds, int64_t i);

/* Node labels of graph 0 (n entries, -1 = none); GNN_ENOTFOUND if absent. */
GNN_API int gnn_dataset_has_node_labels(const gnn_dataset_t *ds);
GNN_API gnn_status_t gnn_dataset_node_labels(const gnn_dataset_t *ds, int64_t *labels);
/* Number of classes (node labels, or graph labels for "tu"). */
GNN_API int64_t gnn_dataset_class_count(const gnn_dataset_t *ds);

/* Dense node features of graph 0 (or of all graphs of a "tu" dataset,
 * stacked in graph order): rows x dim, row-major. dim 0 = none. */
GNN_API int64_t gnn_dataset_feature_dim(const gnn_dataset_t *ds);
GNN_API int64_t gnn_dataset_feature_rows(const gnn_dataset_t *ds);
GNN_API gnn_status_t gnn_dataset_features(const gnn_dataset_t *ds, float *out);

/* Node splits (planetoid): part GNN_SPLIT_TRAIN / VALID / TEST. */
GNN_API int64_t gnn_dataset_node_split_count(const gnn_dataset_t *ds, int part);
GNN_API gnn_status_t gnn_dataset_node_split(const gnn_dataset_t *ds, int part, int64_t *nodes);

/* Graph labels ("tu"): one per graph. */
GNN_API gnn_status_t gnn_dataset_graph_labels(const gnn_dataset_t *ds, int64_t *labels);

/* Edge splits ("seal"): pairs of a part, positive (1) or negative (0). */
GNN_API int64_t gnn_dataset_pair_count(const gnn_dataset_t *ds, int part, int positive);
GNN_API gnn_status_t gnn_dataset_pairs(const gnn_dataset_t *ds, int part, int positive,
                                       int64_t *src, int64_t *dst);

/* Knowledge-graph triples ("kg"): the graph holds the train triples; every
 * entity of the three files is a node and every relation a relation type. */
GNN_API int64_t gnn_dataset_triple_count(const gnn_dataset_t *ds, int part);
GNN_API gnn_status_t gnn_dataset_triples(const gnn_dataset_t *ds, int part, int64_t *head,
                                         int64_t *relation, int64_t *tail);

/* ---- building a dataset from one's own files ---- */
/* A dataset around a graph; ownership of *g moves in (*g becomes NULL). */
GNN_API gnn_status_t gnn_dataset_from_graph(gnn_ctx_t *ctx, gnn_graph_t **g, gnn_dataset_t **out);
/* A graph-classification dataset (one sample per graph, as "tu"): ownership
 * of graphs[0..count) moves in and each pointer becomes NULL; on an error
 * nothing moves. */
GNN_API gnn_status_t gnn_dataset_from_graphs(gnn_ctx_t *ctx, gnn_graph_t **graphs, int64_t count,
                                             gnn_dataset_t **out);
/* One class per graph, 0..C-1 (C = largest + 1). */
GNN_API gnn_status_t gnn_dataset_set_graph_labels(gnn_ctx_t *ctx, gnn_dataset_t *ds, const int64_t *labels);
/* The leading k feature columns are one-hot node labels (the rest are node
 * attributes), as "tu" loads them; pathnn's node-features "labels" uses
 * them alone.  gnn_dataset_set_features resets k to 0. */
GNN_API int64_t gnn_dataset_label_columns(const gnn_dataset_t *ds);
GNN_API gnn_status_t gnn_dataset_set_label_columns(gnn_ctx_t *ctx, gnn_dataset_t *ds, int64_t k);
GNN_API gnn_status_t gnn_dataset_set_node_labels(gnn_ctx_t *ctx, gnn_dataset_t *ds, const int64_t *labels);
GNN_API gnn_status_t gnn_dataset_set_features(gnn_ctx_t *ctx, gnn_dataset_t *ds, int64_t rows, int64_t dim,
                                              const float *x);
GNN_API gnn_status_t gnn_dataset_set_node_split(gnn_ctx_t *ctx, gnn_dataset_t *ds, int part,
                                                const int64_t *nodes, int64_t k);
GNN_API gnn_status_t gnn_dataset_set_pairs(gnn_ctx_t *ctx, gnn_dataset_t *ds, int part, int positive,
                                           const int64_t *src, const int64_t *dst, int64_t k);
/* Readers resolving node names through the dataset's graph (graph 0).
 * When add_missing is set, a node named in the file but absent from the
 * graph (an isolated node the edge list cannot show) is added to the graph;
 * otherwise it is an error naming the line. */
/* "node<TAB>label" lines (labels >= -1). */
GNN_API gnn_status_t gnn_dataset_read_labels(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *path,
                                             int add_missing);
/* Sparse "node<TAB>feature<TAB>value" lines; dim 0: largest index + 1. */
GNN_API gnn_status_t gnn_dataset_read_features(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *path,
                                               int64_t dim, int add_missing);
/* A Planetoid split folder: train_idx.txt, val_idx.txt, test_idx.txt with
 * one node per line. */
GNN_API gnn_status_t gnn_dataset_read_node_split(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *dir);
/* A coded split file "node<TAB>s0 s1 ..." (0 train, 1 valid, 2 test, -1
 * unused, as Geom-GCN / WebKB); column index picks the split. */
GNN_API gnn_status_t gnn_dataset_read_split_codes(gnn_ctx_t *ctx, gnn_dataset_t *ds, const char *path,
                                                  int64_t index);

/* DSBM helpers (digrac.md section 5), exposed for tests and bindings. */
/* Cluster sizes for n nodes, k clusters, size ratio rho (sizes: k entries). */
GNN_API gnn_status_t gnn_dsbm_sizes(gnn_ctx_t *ctx, int64_t n, int64_t k, double rho,
                                    int64_t *sizes);
/* Meta-graph matrix F (k*k, row-major) for a style ("cyclic", "path",
 * "complete", "star", "cyclic_reverse"), noise eta, ambient flag and fill
 * value; the "complete" coins come from the ctx seed. */
GNN_API gnn_status_t gnn_dsbm_metagraph(gnn_ctx_t *ctx, const char *style, int64_t k, double eta,
                                        int ambient, double fill, double *F);

#ifdef __cplusplus
}
#endif
#endif
