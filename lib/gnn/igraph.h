/* gnn/igraph.h: conversion between gnn_graph_t and igraph_t.  Not included
 * by gnn.h, so that programs (and bindings) not using igraph need no igraph
 * headers; include <igraph.h> first. */
#ifndef GNN_IGRAPH_H
#define GNN_IGRAPH_H

#include <gnn/types.h>
#include <igraph.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fill an uninitialised igraph_t with the arcs of g in arc-id order (an
 * undirected g gives an undirected igraph with each edge once, in the order
 * of its first arc).  weights (may be NULL) must be an initialised vector;
 * it is resized and filled (1 for an unweighted g). */
GNN_API gnn_status_t gnn_graph_to_igraph(gnn_ctx_t *ctx, const gnn_graph_t *g, igraph_t *ig,
                                         igraph_vector_t *weights);
/* Build from an igraph graph (directed or not) with optional edge weights. */
GNN_API gnn_status_t gnn_graph_from_igraph(gnn_ctx_t *ctx, const igraph_t *ig,
                                           const igraph_vector_t *weights, gnn_graph_t **out);

#ifdef __cplusplus
}
#endif
#endif
