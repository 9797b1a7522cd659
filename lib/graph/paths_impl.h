/* paths_impl.h: the layout behind gnn_paths_t, shared with models/pathnn.c. */
#ifndef GNN_PATHS_IMPL_H
#define GNN_PATHS_IMPL_H

#include "../core/internal.h"
#include <gnn/paths.h>

struct gnn_paths {
    gnn_i_alloc_t alloc;
    int kind;
    int64_t n, K;
    int64_t count[GNN_PATHS_MAX_K + 1];
    int32_t *nodes[GNN_PATHS_MAX_K + 1]; /* count[k] x (k+1), root last, grouped by ascending root */
    uint8_t *dist[GNN_PATHS_MAX_K + 1];  /* same shape: hop distance to the root */
};

#endif
