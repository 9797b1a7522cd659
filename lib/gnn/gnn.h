/* gnn/gnn.h: the umbrella header of libgnn. */
#ifndef GNN_GNN_H
#define GNN_GNN_H

#include <gnn/types.h>
#include <gnn/error.h>
#include <gnn/ctx.h>
#include <gnn/opts.h>
#include <gnn/rng.h>
#include <gnn/graph.h>
#include <gnn/io.h>
#include <gnn/datasets.h>
#include <gnn/tensor.h>
#include <gnn/autograd.h>
#include <gnn/aggr.h>
#include <gnn/layers.h>
#include <gnn/optim.h>
#include <gnn/models.h>
#include <gnn/cluster.h>
#include <gnn/ricci.h>
#include <gnn/paths.h>

#endif
