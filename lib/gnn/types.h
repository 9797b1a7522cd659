/* gnn/types.h: basic types, export macro and version of libgnn. */
#ifndef GNN_TYPES_H
#define GNN_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define GNN_API __declspec(dllexport)
#elif defined(__GNUC__)
#define GNN_API __attribute__((visibility("default")))
#else
#define GNN_API
#endif

#define GNN_VERSION_MAJOR 0
#define GNN_VERSION_MINOR 1
#define GNN_VERSION_PATCH 0

/* Status of every fallible call: 0 success, < 0 error, > 0 information. */
typedef int gnn_status_t;

/* Opaque handles. */
typedef struct gnn_ctx gnn_ctx_t;
typedef struct gnn_opts gnn_opts_t;
typedef struct gnn_graph gnn_graph_t;
typedef struct gnn_split gnn_split_t;

/* Edge direction selectors. */
enum {
    GNN_OUT = 1, /* out-edges u -> v, rows of the CSR */
    GNN_IN = 2,  /* in-edges v <- u, rows of the transpose */
    GNN_ALL = 3  /* both */
};

/* The library version as "MAJOR.MINOR.PATCH". */
GNN_API const char *gnn_version(void);

#ifdef __cplusplus
}
#endif
#endif
