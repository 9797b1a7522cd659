/* internal.h: what the files of libgnn share and users do not see. */
#ifndef GNN_INTERNAL_H
#define GNN_INTERNAL_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

#include <gnn/gnn.h>

#define GNN_HIDDEN __attribute__((visibility("hidden")))
/* Hot loops compiled for several x86-64 levels, picked at load time (ifunc):
 * the library stays portable and still uses AVX2/AVX-512 where present. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(GNN_NO_CLONES)
#define GNN_KERNEL_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define GNN_KERNEL_CLONES
#endif

/* ------------------------------------------------------------------ alloc */
typedef struct gnn_i_alloc {
    gnn_malloc_fn malloc_fn;
    gnn_realloc_fn realloc_fn;
    gnn_free_fn free_fn;
    void *ud;
} gnn_i_alloc_t;

/* ------------------------------------------------------------------ ctx */
#define GNN_CTX_MAGIC 0x676e6e63u /* "gnnc" */
#define GNN_ERRMSG_MAX 1024

struct gnn_ctx {
    uint32_t magic;
    int64_t threads; /* 0 = all */
    uint64_t seed;
    gnn_i_alloc_t alloc;
    gnn_log_fn log_fn;
    void *log_ud;
    int log_level;
    gnn_progress_fn progress_fn;
    void *progress_ud;
    gnn_interrupt_fn interrupt_fn;
    void *interrupt_ud;
    gnn_status_t errcode;
    char errmsg[GNN_ERRMSG_MAX];
};

GNN_HIDDEN void *gnn_i_malloc(gnn_ctx_t *ctx, size_t size);
GNN_HIDDEN void *gnn_i_calloc(gnn_ctx_t *ctx, size_t count, size_t size);
GNN_HIDDEN void *gnn_i_realloc(gnn_ctx_t *ctx, void *p, size_t size);
/* count * size with overflow check; NULL on overflow or failure */
GNN_HIDDEN void *gnn_i_malloc_n(gnn_ctx_t *ctx, size_t count, size_t size);
GNN_HIDDEN void *gnn_i_realloc_n(gnn_ctx_t *ctx, void *p, size_t count, size_t size);
GNN_HIDDEN void gnn_i_free(gnn_ctx_t *ctx, void *p);
/* Objects keep a copy of their creator's allocator to free themselves. */
GNN_HIDDEN void *gnn_i_alloc_malloc(const gnn_i_alloc_t *a, size_t size);
GNN_HIDDEN void gnn_i_alloc_free(const gnn_i_alloc_t *a, void *p);
GNN_HIDDEN char *gnn_i_strdup(gnn_ctx_t *ctx, const char *s);

/* Record an error on ctx and return code.  The message is printf-style. */
GNN_HIDDEN gnn_status_t gnn_i_error(gnn_ctx_t *ctx, gnn_status_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
GNN_HIDDEN gnn_status_t gnn_i_nomem(gnn_ctx_t *ctx, const char *what);
GNN_HIDDEN void gnn_i_log(gnn_ctx_t *ctx, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
GNN_HIDDEN void gnn_i_progress(gnn_ctx_t *ctx, const char *stage, double done, double total);
/* GNN_EINTERRUPTED (with a message) if the hook asks to stop, else 0. */
GNN_HIDDEN gnn_status_t gnn_i_poll(gnn_ctx_t *ctx);
/* Threads to use for `work` items of at least `chunk` each. */
GNN_HIDDEN int gnn_i_threads(const gnn_ctx_t *ctx, int64_t work, int64_t chunk);

/* Store the status of a call and jump to the function's `fail:` label. */
#define GNN_CHECK(call)                                                                         \
    do {                                                                                        \
        status = (call);                                                                        \
        if (status < 0) goto fail;                                                              \
    } while (0)

#define GNN_ARG_CHECK(ctx, cond, ...)                                                           \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            status = gnn_i_error((ctx), GNN_EINVAL, __VA_ARGS__);                               \
            goto fail;                                                                          \
        }                                                                                       \
    } while (0)

#define GNN_ALLOC(ctx, ptr, count)                                                              \
    do {                                                                                        \
        (ptr) = gnn_i_malloc_n((ctx), (size_t)(count), sizeof(*(ptr)));                         \
        if ((ptr) == NULL && (count) > 0) {                                                     \
            status = gnn_i_nomem((ctx), #ptr);                                                  \
            goto fail;                                                                          \
        }                                                                                       \
    } while (0)

#define GNN_CALLOC(ctx, ptr, count)                                                             \
    do {                                                                                        \
        (ptr) = gnn_i_calloc((ctx), (size_t)(count), sizeof(*(ptr)));                           \
        if ((ptr) == NULL && (count) > 0) {                                                     \
            status = gnn_i_nomem((ctx), #ptr);                                                  \
            goto fail;                                                                          \
        }                                                                                       \
    } while (0)

/* ------------------------------------------------------------------ u64 set */
/* Insert-only hash set of keys < UINT64_MAX, sized for `expected` keys (it
 * does not grow: callers know their bound). */
typedef struct gnn_i_u64set {
    uint64_t *slot; /* key + 1, 0 = empty */
    uint64_t mask, count;
} gnn_i_u64set_t;
GNN_HIDDEN gnn_status_t gnn_i_u64set_init(gnn_ctx_t *ctx, gnn_i_u64set_t *s, uint64_t expected);
GNN_HIDDEN void gnn_i_u64set_free(gnn_ctx_t *ctx, gnn_i_u64set_t *s);
/* 1 if inserted, 0 if present */
GNN_HIDDEN int gnn_i_u64set_add(gnn_i_u64set_t *s, uint64_t key);
GNN_HIDDEN int gnn_i_u64set_has(const gnn_i_u64set_t *s, uint64_t key);

/* ------------------------------------------------------------------ names */
/* A string table with hash lookup: id <-> name. */
typedef struct gnn_i_names {
    int64_t count;
    char *pool;       /* NUL-terminated names back to back */
    size_t pool_len, pool_cap;
    int64_t *offset;  /* count entries */
    int64_t cap;      /* capacity of offset */
    int64_t *slot;    /* hash slots: id or -1 */
    int64_t nslots;   /* power of two */
} gnn_i_names_t;

GNN_HIDDEN gnn_status_t gnn_i_names_create(gnn_ctx_t *ctx, gnn_i_names_t **out);
GNN_HIDDEN void gnn_i_names_destroy(gnn_ctx_t *ctx, gnn_i_names_t **n);
GNN_HIDDEN void gnn_i_names_destroy_a(const gnn_i_alloc_t *a, gnn_i_names_t **n);
/* id of name (len bytes), adding it if absent; *added tells which. */
GNN_HIDDEN gnn_status_t gnn_i_names_intern(gnn_ctx_t *ctx, gnn_i_names_t *t, const char *name,
                                           size_t len, int64_t *id, int *added);
/* id or -1 */
GNN_HIDDEN int64_t gnn_i_names_find(const gnn_i_names_t *t, const char *name, size_t len);
static inline const char *gnn_i_names_get(const gnn_i_names_t *t, int64_t id) {
    return t->pool + t->offset[id];
}
/* A copy restricted/reordered: new id i gets old name of ids[i] (k ids). */
GNN_HIDDEN gnn_status_t gnn_i_names_select(gnn_ctx_t *ctx, const gnn_i_names_t *t,
                                           const int64_t *ids, int64_t k, gnn_i_names_t **out);
GNN_HIDDEN gnn_status_t gnn_i_names_copy(gnn_ctx_t *ctx, const gnn_i_names_t *t,
                                         gnn_i_names_t **out);

/* ------------------------------------------------------------------ graph */
#define GNN_GRAPH_MAGIC 0x676e6e67u /* "gnng" */

struct gnn_graph {
    uint32_t magic;
    gnn_i_alloc_t alloc;
    int64_t n;          /* nodes */
    int64_t m;          /* arcs */
    int directed;
    int64_t relations;  /* 0 = untyped */
    /* out-CSR */
    int64_t *out_ptr;   /* n + 1 */
    int32_t *out_idx;   /* m: target */
    float *weight;      /* m or NULL */
    int32_t *type;      /* m or NULL */
    /* in-view */
    int64_t *in_ptr;    /* n + 1 */
    int32_t *in_idx;    /* m: source */
    int64_t *in_arc;    /* m: arc id in out-CSR */
    float *in_weight;   /* m or NULL: weight[in_arc[k]] in in-view order, kept by the
                         * owner of a graph whose weights no longer change
                         * (gnn_i_graph_cache_in_weights); A^T X reads it in order */
    gnn_i_names_t *node_names;  /* NULL: decimal ids */
    gnn_i_names_t *rel_names;   /* NULL: decimal ids */
    int64_t *origin;    /* n or NULL: id in the parent graph */
    int64_t cap_n, cap_m; /* gnn_i_graph_resize: room of the node (n + 1) and arc arrays; 0: exactly n, m */
};

/* Build from edges with int32 ids already checked; takes ownership of
 * nothing.  n_hint: node count. */
GNN_HIDDEN gnn_status_t gnn_i_graph_build32(gnn_ctx_t *ctx, int64_t n, int64_t m,
                                            const int32_t *src, const int32_t *dst,
                                            const float *w, const int32_t *type,
                                            int64_t relations, int flags, int64_t *dup_first,
                                            int64_t *dup_second, gnn_graph_t **out);
GNN_HIDDEN gnn_status_t gnn_i_graph_check(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *fn);
GNN_HIDDEN gnn_status_t gnn_i_graph_alloc(gnn_ctx_t *ctx, int64_t n, int64_t m, int weighted,
                                          int typed, gnn_graph_t **out);
/* Build the in-view of a graph whose out-CSR is complete. */
/* Reshape g (from gnn_i_graph_alloc, untyped, no names) to n nodes and m
 * arcs for refilling: its arrays are kept when they have room and grown
 * otherwise, so a graph refilled batch after batch stops allocating once
 * it has seen the largest batch.  out_ptr[0] is 0, the rest of the CSR
 * and the in-view are to be rebuilt by the caller. */
GNN_HIDDEN gnn_status_t gnn_i_graph_resize(gnn_ctx_t *ctx, gnn_graph_t *g, int64_t n, int64_t m);
GNN_HIDDEN gnn_status_t gnn_i_graph_build_in(gnn_ctx_t *ctx, gnn_graph_t *g);
/* Keep the arc weights in in-view order too (4 bytes per arc), so that
 * A^T X gathers no weight through in_arc.  Only for a graph whose weights
 * will not change; a copy does not inherit it.  No-op when unweighted. */
GNN_HIDDEN gnn_status_t gnn_i_graph_cache_in_weights(gnn_ctx_t *ctx, gnn_graph_t *g);
/* Copy names (and relation names) of src into dst (same node ids). */
GNN_HIDDEN gnn_status_t gnn_i_graph_copy_names(gnn_ctx_t *ctx, const gnn_graph_t *src,
                                               gnn_graph_t *dst);
/* Sparse times dense, pull style (one thread per output row, no atomics,
 * deterministic for any thread count):
 *   mode GNN_OUT: Y[u,:] = sum over arcs u -> v of w(u,v) X[v,:]   (Y = A X)
 *   mode GNN_IN:  Y[v,:] = sum over arcs u -> v of w(u,v) X[u,:]   (Y = A^T X)
 * X and Y are n x f row-major; w = 1 when !weighted or g is unweighted. */
GNN_HIDDEN gnn_status_t gnn_i_spmm(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int weighted,
                                   const float *X, int64_t f, float *Y);
/* The same, adding into Y (Y += A X or A^T X): each row's sum is formed
 * first and added once, so Y + (A X) is bitwise what a separate product and
 * an add give. */
GNN_HIDDEN gnn_status_t gnn_i_spmm_add(gnn_ctx_t *ctx, const gnn_graph_t *g, int mode, int weighted,
                                       const float *X, int64_t f, float *Y);
/* y[0..f) (=, or += with accumulate) sum over e in [e0, e1) of
 * w[wmap ? wmap[e] : e] * X[idx[e], 0..f) (w NULL: weight 1), terms added in
 * e order, so the result is the same for any blocking or thread count;
 * limit bounds idx for prefetching.  The SpMM row kernel. */
GNN_HIDDEN void gnn_i_gather_axpy(const int32_t *idx, const float *w, const int64_t *wmap, int64_t e0, int64_t e1,
                                  int64_t limit, const float *X, int64_t f, float *y, int accumulate);
/* Format node v's name into buf (the name, or the decimal id). */
GNN_HIDDEN const char *gnn_i_node_label(const gnn_graph_t *g, int64_t v, char *buf, size_t size);

/* ------------------------------------------------------------------ options */
typedef struct gnn_i_optspec {
    const char *name;
    const char *type;   /* "int", "double", "string", "bool", "choice:a|b" */
    const char *def;    /* default as text; NULL = required / none */
    double lo, hi;      /* range for int and double (lo > hi: none) */
    const char *help;
} gnn_i_optspec_t;

typedef struct gnn_i_optgroup {
    const char *name;
    const gnn_i_optspec_t *specs;
    int64_t count;
} gnn_i_optgroup_t;

GNN_HIDDEN const gnn_i_optgroup_t *gnn_i_optgroup_find(const char *name);
/* Typed reads, using the group's default when unset.  Validation is done by
 * gnn_opts_validate first; these only convert. */
GNN_HIDDEN int64_t gnn_i_opt_int(const gnn_opts_t *o, const gnn_i_optgroup_t *g, const char *name);
GNN_HIDDEN double gnn_i_opt_double(const gnn_opts_t *o, const gnn_i_optgroup_t *g,
                                   const char *name);
GNN_HIDDEN const char *gnn_i_opt_string(const gnn_opts_t *o, const gnn_i_optgroup_t *g,
                                        const char *name);
/* Index of the value in the choice list */
GNN_HIDDEN int gnn_i_opt_choice(const gnn_opts_t *o, const gnn_i_optgroup_t *g, const char *name);

/* ------------------------------------------------------------------ atomic files */
typedef struct gnn_i_afile gnn_i_afile_t;
/* Open path for writing through a temp file in the same directory ("-" =
 * stdout); gz compresses with zlib. */
GNN_HIDDEN gnn_status_t gnn_i_afile_open(gnn_ctx_t *ctx, const char *path, int gz,
                                         gnn_i_afile_t **out);
GNN_HIDDEN gnn_status_t gnn_i_afile_write(gnn_ctx_t *ctx, gnn_i_afile_t *f, const void *buf,
                                          size_t len);
GNN_HIDDEN gnn_status_t gnn_i_afile_printf(gnn_ctx_t *ctx, gnn_i_afile_t *f, const char *fmt,
                                           ...) __attribute__((format(printf, 3, 4)));
/* Flush, fsync and rename into place; frees f. */
GNN_HIDDEN gnn_status_t gnn_i_afile_commit(gnn_ctx_t *ctx, gnn_i_afile_t **f);
/* Remove the temp file; frees f; NULL-safe. */
GNN_HIDDEN void gnn_i_afile_abort(gnn_ctx_t *ctx, gnn_i_afile_t **f);
GNN_HIDDEN int gnn_i_ends_with(const char *s, const char *suffix);

/* ------------------------------------------------------------------ igraph */
/* igraph (as Debian builds it) is not thread-safe and its default error
 * handler aborts: every call into it goes through this lock, with the error
 * and warning handlers set to "ignore" for the duration. */
GNN_HIDDEN void gnn_i_igraph_enter(void);
GNN_HIDDEN void gnn_i_igraph_leave(void);

#endif
