/* gnn/error.h: status codes and their messages. */
#ifndef GNN_ERROR_H
#define GNN_ERROR_H

#include <gnn/types.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    GNN_SUCCESS = 0,
    GNN_ENOMEM = -1,        /* out of memory */
    GNN_EINVAL = -2,        /* invalid argument or option */
    GNN_EIO = -3,           /* file could not be opened, read, written or renamed */
    GNN_EPARSE = -4,        /* malformed input text */
    GNN_ERANGE = -5,        /* value out of range (id over INT32_MAX, NaN weight, ...) */
    GNN_EEMPTY = -6,        /* empty input (no edges, no nodes) */
    GNN_EDUPLICATE = -7,    /* duplicate edge or name where the policy forbids it */
    GNN_ENOTFOUND = -8,     /* unknown node, relation or option name */
    GNN_EFORMAT = -9,       /* bad binary format, version or checksum */
    GNN_EINTERRUPTED = -10, /* the interrupt hook asked to stop */
    GNN_ENUMERIC = -11,     /* numerical failure (NaN loss, no convergence) */
    GNN_EDEPENDENCY = -12,  /* a dependency (igraph, METIS, CXSparse, BLAS) failed */
    GNN_EUNSUPPORTED = -13, /* operation not supported for this input */
    GNN_ESELFLOOP = -14     /* self-loop where the policy forbids it */
};

/* Static description of a status code (never NULL). */
GNN_API const char *gnn_strerror(gnn_status_t status);

#ifdef __cplusplus
}
#endif
#endif
