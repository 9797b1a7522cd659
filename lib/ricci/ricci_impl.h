/* ricci_impl.h: internals of the curvature module: the dense transportation
 * solvers (exact transportation simplex and Sinkhorn) and the per-thread
 * scratch of an Ollivier-Ricci pass. */
#ifndef GNN_RICCI_IMPL_H
#define GNN_RICCI_IMPL_H

#include "../core/internal.h"
#include <gnn/ricci.h>

/* Workspace of the exact solver for problems up to rows x cols.  Every array
 * is allocated once (gnn_i_transport_reserve) and reused: solving allocates
 * nothing. */
typedef struct gnn_i_transport {
    int64_t cap_rows, cap_cols;
    /* basis: rows + cols - 1 cells */
    int32_t *brow, *bcol;
    double *bflow;
    /* tree over the rows + cols nodes: adjacency (two ends per basic cell),
     * BFS parent cell, depth, potentials */
    int32_t *head, *nxt, *pcell, *depth, *queue;
    double *pot;
    double *rs, *rt; /* remaining supply / demand (initial solution) */
    int32_t *order, *order_tmp; /* cells by cost (initial solution) */
    int64_t pivots;  /* of the last solve */
} gnn_i_transport_t;

GNN_HIDDEN gnn_status_t gnn_i_transport_reserve(gnn_ctx_t *ctx, gnn_i_transport_t *t, int64_t rows,
                                                int64_t cols);
GNN_HIDDEN void gnn_i_transport_free(gnn_ctx_t *ctx, gnn_i_transport_t *t);

/* Exact W1 of supply s (rows) to demand d (cols) with costs C (rows x cols,
 * row-major): the optimal value goes to *value.  The totals of s and d must
 * agree (to rounding; d is rescaled to the total of s).  When the basis is
 * wanted, the basic cells (rows + cols - 1 of them, some may carry 0) stay in
 * t->brow/bcol/bflow.  Returns GNN_ENUMERIC only if the pivot limit is hit
 * (never seen; the limit is far above the observed counts). */
GNN_HIDDEN gnn_status_t gnn_i_transport_exact(gnn_i_transport_t *t, int64_t rows, int64_t cols,
                                              const double *s, const double *d, const double *C,
                                              double *value);

/* Sinkhorn's iterations as POT's sinkhorn_knopp runs them (u = 1/rows,
 * v = d / K^T u, u = s / K v, the column-marginal error checked every 10
 * iterations against stop_thr, at most max_iter), carried out in the log
 * domain so that large costs cannot underflow.  The value is the transport
 * cost <pi, C> of the regularised plan.  work needs rows + cols +
 * max(rows, cols) doubles. */
GNN_HIDDEN void gnn_i_transport_sinkhorn(int64_t rows, int64_t cols, const double *s, const double *d,
                                         const double *C, double reg, int64_t max_iter, double stop_thr,
                                         double *work, double *value);

/* ---- Ollivier-Ricci passes (orc.c) ---- */
enum { GNN_I_ORC_MIX = 0, GNN_I_ORC_EXACT = 1, GNN_I_ORC_SINKHORN = 2, GNN_I_ORC_ATD = 3 };
enum { GNN_I_ORC_DEN_DIST = 0, GNN_I_ORC_DEN_EDGE = 1 };

typedef struct gnn_i_orc_cfg {
    double alpha, log_base, power, reg, sk_thr;
    int64_t topk, sk_iter, mix;
    int method, denom;
} gnn_i_orc_cfg_t;

/* the graph with one length per arc (copied and checked) */
typedef struct gnn_i_orc_view {
    const gnn_graph_t *g;
    double *len;
    int64_t n;
    int directed, unit;
} gnn_i_orc_view_t;

typedef struct gnn_i_orc_sel {
    double lw, len;
    int32_t node;
} gnn_i_orc_sel_t;

/* per-thread scratch of one edge's problem */
typedef struct gnn_i_orc_ws {
    gnn_i_transport_t tr;
    int32_t *colpos, *cnt, *start, *touched, *list; /* n, n, n, list, list */
    int32_t *rn, *cn;                               /* support nodes */
    double *rm, *cm, *rl, *cl;                      /* masses, lengths to x / y */
    double *D, *Cr;                                 /* distances a x b, reduced costs */
    double *rs, *cd;                                /* reduced supply / demand */
    int32_t *ri, *cj;                               /* reduced -> full indices */
    int64_t ra, rb;                                 /* reduced sizes of the last exact solve */
    gnn_i_orc_sel_t *sel;
    double *dist;                                   /* weighted: Dijkstra */
    int32_t *hpos, *heap, *dtouched;
    double *sk;                                     /* Sinkhorn */
} gnn_i_orc_ws_t;

GNN_HIDDEN gnn_status_t gnn_i_orc_config(gnn_ctx_t *ctx, const gnn_opts_t *opts, gnn_i_orc_cfg_t *c);
GNN_HIDDEN gnn_status_t gnn_i_orc_view(gnn_ctx_t *ctx, const gnn_graph_t *g, const double *length,
                                       gnn_i_orc_view_t *v, const char *fn);
GNN_HIDDEN void gnn_i_orc_view_free(gnn_ctx_t *ctx, gnn_i_orc_view_t *v);
GNN_HIDDEN gnn_status_t gnn_i_orc_ws_init(gnn_ctx_t *ctx, gnn_i_orc_ws_t *w, int64_t n, int64_t rows,
                                          int64_t cols, int64_t list, int64_t maxdeg, int weighted,
                                          int sinkhorn);
GNN_HIDDEN void gnn_i_orc_ws_free(gnn_ctx_t *ctx, gnn_i_orc_ws_t *w);
/* largest supports, list size and degree over all edges */
GNN_HIDDEN gnn_status_t gnn_i_orc_plan_sizes(const gnn_i_orc_cfg_t *c, const gnn_i_orc_view_t *v,
                                             int64_t *rows, int64_t *cols, int64_t *list,
                                             int64_t *maxdeg);
/* curvature of arc x -> y; want_plan forces the exact solver and keeps the
 * basis for gnn_i_orc_plan_fill; *pa, *pb (may be NULL) get the supports */
GNN_HIDDEN gnn_status_t gnn_i_orc_edge(const gnn_i_orc_cfg_t *c, const gnn_i_orc_view_t *v,
                                       gnn_i_orc_ws_t *w, int64_t arc, int64_t x, int64_t y,
                                       double *kappa, int want_plan, int64_t *pa, int64_t *pb);
GNN_HIDDEN void gnn_i_orc_plan_fill(gnn_i_orc_ws_t *w, int64_t a, int64_t b, double *plan);
/* every arc's curvature (undirected: each edge once, copied to its reverse) */
GNN_HIDDEN gnn_status_t gnn_i_orc_pass(gnn_ctx_t *ctx, const gnn_i_orc_cfg_t *c,
                                       const gnn_i_orc_view_t *v, double *kappa);

#endif
