/* gnn_r.c: .Call glue between R and libgnn.
 *
 * Rules kept by every entry point:
 *  - every C object a call creates (context, options, graphs, dataset,
 *    model, split, scratch buffers) is registered in one hold_t, which an
 *    R external pointer with a finalizer owns from the start.  An R
 *    allocation that fails (and longjmps) therefore leaves nothing behind
 *    but garbage the finalizer frees.
 *  - a libgnn error is turned into an R error only after the C side has
 *    been cleaned up: the message is copied to a local buffer, the hold is
 *    released, then Rf_error is called.  No longjmp crosses libgnn.
 *  - the library's interrupt hook asks R (inside R_ToplevelExec, so the
 *    interrupt cannot jump out of the hook) whether the user pressed
 *    Ctrl-C; the library then stops with GNN_EINTERRUPTED and the glue
 *    raises the R error "interrupted".
 *  - inputs are checked and coerced in R (the R directory); here only their types
 *    and lengths are checked again, before any C object exists. */
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>

#include <gnn/gnn.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOLD_BUFS 24

typedef struct {
    int limit; /* simulated interrupt after this many polls (< 0: none) */
    int polls;
} intr_t;

typedef struct {
    gnn_ctx_t *ctx;
    gnn_opts_t *opts;
    gnn_graph_t *g, *g2;
    gnn_dataset_t *ds;   /* kept by a fitted model's handle */
    gnn_dataset_t *tmp;  /* a temporary dataset (predict on new data) */
    gnn_model_t *m;      /* kept by a fitted model's handle */
    gnn_split_t *sp;
    gnn_graph_t **gset; /* the graphs of a graph set until they move into a dataset */
    int64_t ngset;
    void *buf[HOLD_BUFS];
    int nbuf;
    intr_t intr;
    int verbose;
    int persistent; /* a model handle: errors release the temporaries only */
} hold_t;

static const char *const HOLD_TAG = "gnn_handle";

/* the temporaries of one call: everything but the context, dataset and model */
static void hold_release_temps(hold_t *h) {
    gnn_opts_destroy(&h->opts);
    gnn_graph_destroy(&h->g);
    gnn_graph_destroy(&h->g2);
    gnn_dataset_destroy(&h->tmp);
    gnn_split_destroy(&h->sp);
    for (int64_t i = 0; i < h->ngset; i++) gnn_graph_destroy(&h->gset[i]);
    free(h->gset);
    h->gset = NULL;
    h->ngset = 0;
    for (int i = 0; i < h->nbuf; i++) {
        free(h->buf[i]);
        h->buf[i] = NULL;
    }
    h->nbuf = 0;
}

static void hold_free(hold_t *h) {
    if (h == NULL) return;
    hold_release_temps(h);
    gnn_model_destroy(&h->m);
    gnn_dataset_destroy(&h->ds);
    gnn_ctx_destroy(&h->ctx); /* last: the others were made with it */
    free(h);
}

static void hold_finalizer(SEXP x) {
    hold_t *h = (hold_t *)R_ExternalPtrAddr(x);
    R_ClearExternalPtr(x);
    hold_free(h);
}

/* The external pointer first (R allocations, nothing held yet), then the
 * C struct.  Returned unprotected: callers PROTECT it. */
static SEXP hold_new(hold_t **out) {
    SEXP x = PROTECT(R_MakeExternalPtr(NULL, Rf_install(HOLD_TAG), R_NilValue));
    R_RegisterCFinalizerEx(x, hold_finalizer, TRUE);
    hold_t *h = (hold_t *)calloc(1, sizeof *h);
    if (h == NULL) {
        UNPROTECT(1);
        Rf_error("out of memory");
    }
    h->intr.limit = -1;
    R_SetExternalPtrAddr(x, h);
    *out = h;
    UNPROTECT(1);
    return x;
}

static hold_t *hold_get(SEXP x) {
    if (TYPEOF(x) != EXTPTRSXP || R_ExternalPtrTag(x) != Rf_install(HOLD_TAG))
        Rf_error("not a libgnn model handle");
    hold_t *h = (hold_t *)R_ExternalPtrAddr(x);
    if (h == NULL || h->m == NULL)
        Rf_error("the model handle is no longer valid (a model read back with readRDS has no handle: use gnn_save and gnn_load)");
    return h;
}

/* Free what x holds (a model handle: its temporaries only), then raise
 * msg as an R error. */
static void NORET hold_raise(SEXP x, const char *msg) {
    hold_t *h = (hold_t *)R_ExternalPtrAddr(x);
    if (h != NULL && h->persistent) {
        hold_release_temps(h);
    } else {
        hold_free(h);
        R_ClearExternalPtr(x);
    }
    Rf_error("%s", msg);
}

static void NORET hold_fail_msg(SEXP x, const char *fmt, const char *arg) {
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, arg);
    hold_raise(x, msg);
}

/* The library's message for status st (copied before the cleanup). */
static void NORET hold_fail(SEXP x, gnn_status_t st) {
    hold_t *h = (hold_t *)R_ExternalPtrAddr(x);
    char msg[1024];
    if (st == GNN_EINTERRUPTED) {
        snprintf(msg, sizeof msg, "interrupted");
    } else {
        const char *e = h && h->ctx ? gnn_ctx_errmsg(h->ctx) : "";
        snprintf(msg, sizeof msg, "%s", e && *e ? e : gnn_strerror(st));
    }
    hold_raise(x, msg);
}

/* malloc'd scratch owned by the hold */
static void *hold_alloc(SEXP x, hold_t *h, size_t n, size_t size) {
    if (h->nbuf >= HOLD_BUFS) hold_fail_msg(x, "%s", "internal error: too many buffers");
    void *p = calloc(n > 0 ? n : 1, size);
    if (p == NULL) hold_fail_msg(x, "%s", "out of memory");
    h->buf[h->nbuf++] = p;
    return p;
}

/* ------------------------------------------------------------ hooks */

static void check_interrupt_fn(void *unused) {
    (void)unused;
    R_CheckUserInterrupt();
}

/* Called by the library between units of work, from the calling thread. */
static int r_interrupt_hook(void *ud) {
    intr_t *s = (intr_t *)ud;
    s->polls++;
    if (s->limit >= 0 && s->polls > s->limit) return 1;
    /* FALSE when R_CheckUserInterrupt jumped: the user asked to stop */
    return R_ToplevelExec(check_interrupt_fn, NULL) ? 0 : 1;
}

static void r_log_hook(void *ud, int level, const char *msg) {
    (void)ud;
    static const char *const names[] = {"error", "warning", "info", "debug"};
    REprintf("gnn %s: %s\n", names[level >= 0 && level <= 3 ? level : 3], msg);
}

/* ------------------------------------------------------------ helpers */

static SEXP list_elt(SEXP list, const char *name) {
    SEXP names = Rf_getAttrib(list, R_NamesSymbol);
    if (TYPEOF(list) != VECSXP || TYPEOF(names) != STRSXP) return R_NilValue;
    for (R_xlen_t i = 0; i < XLENGTH(list); i++)
        if (strcmp(CHAR(STRING_ELT(names, i)), name) == 0) return VECTOR_ELT(list, i);
    return R_NilValue;
}

static int is_int_vec(SEXP x) { return TYPEOF(x) == INTSXP; }

static double num1(SEXP x, double def) {
    if (TYPEOF(x) == REALSXP && XLENGTH(x) == 1) return REAL(x)[0];
    if (TYPEOF(x) == INTSXP && XLENGTH(x) == 1) return INTEGER(x)[0] == NA_INTEGER ? def : (double)INTEGER(x)[0];
    if (TYPEOF(x) == LGLSXP && XLENGTH(x) == 1) return LOGICAL(x)[0] == NA_LOGICAL ? def : (double)LOGICAL(x)[0];
    return def;
}

/* A context with seed, threads, the interrupt hook and (verbose) the log. */
static void hold_ctx(SEXP x, hold_t *h, SEXP seed, SEXP threads, SEXP verbose, SEXP interrupt_after) {
    gnn_status_t st = gnn_ctx_create(&h->ctx);
    if (st < 0) hold_fail_msg(x, "%s", "cannot create a libgnn context (out of memory)");
    double sd = num1(seed, 0), th = num1(threads, 0);
    if (!(sd >= 0 && sd <= 9007199254740992.0 && sd == floor(sd))) hold_fail_msg(x, "%s", "seed: expected a whole number >= 0");
    if (!(th >= 0 && th <= 4096 && th == floor(th))) hold_fail_msg(x, "%s", "threads: expected a whole number >= 0 (0: all cores)");
    if ((st = gnn_ctx_set_seed(h->ctx, (uint64_t)sd)) < 0) hold_fail(x, st);
    if ((st = gnn_ctx_set_threads(h->ctx, (int64_t)th)) < 0) hold_fail(x, st);
    h->intr.limit = (int)num1(interrupt_after, -1);
    h->intr.polls = 0;
    if ((st = gnn_ctx_set_interrupt(h->ctx, r_interrupt_hook, &h->intr)) < 0) hold_fail(x, st);
    h->verbose = (int)num1(verbose, 0);
    if (h->verbose && (st = gnn_ctx_set_log(h->ctx, r_log_hook, NULL, GNN_LOG_INFO)) < 0) hold_fail(x, st);
}

/* Options from a named character vector (names already canonical in R). */
static void hold_opts(SEXP x, hold_t *h, SEXP opts) {
    gnn_status_t st = gnn_opts_create(&h->opts);
    if (st < 0) hold_fail_msg(x, "%s", "out of memory");
    if (opts == R_NilValue) return;
    SEXP names = Rf_getAttrib(opts, R_NamesSymbol);
    if (TYPEOF(opts) != STRSXP || (XLENGTH(opts) > 0 && TYPEOF(names) != STRSXP))
        hold_fail_msg(x, "%s", "internal error: options must be a named character vector");
    for (R_xlen_t i = 0; i < XLENGTH(opts); i++) {
        st = gnn_opts_set(h->opts, CHAR(STRING_ELT(names, i)), CHAR(STRING_ELT(opts, i)));
        if (st < 0) hold_fail_msg(x, "option '%s': cannot be set", CHAR(STRING_ELT(names, i)));
    }
}

/* A graph from the R representation (list n, from, to, weight, directed,
 * names; ids 1-based), with extra build flags. */
static gnn_graph_t *hold_graph(SEXP x, hold_t *h, SEXP graph, int flags) {
    SEXP n = list_elt(graph, "n"), from = list_elt(graph, "from"), to = list_elt(graph, "to");
    SEXP w = list_elt(graph, "weight"), dir = list_elt(graph, "directed"), names = list_elt(graph, "names");
    if (!is_int_vec(from) || !is_int_vec(to) || XLENGTH(from) != XLENGTH(to) || !is_int_vec(n) || XLENGTH(n) != 1)
        hold_fail_msg(x, "%s", "not a gnn_graph (use gnn_graph() to make one)");
    const int64_t nn = INTEGER(n)[0], m = (int64_t)XLENGTH(from);
    if (w != R_NilValue && (TYPEOF(w) != REALSXP || XLENGTH(w) != m))
        hold_fail_msg(x, "%s", "graph weights: expected one number per edge");
    if (names != R_NilValue && (TYPEOF(names) != STRSXP || XLENGTH(names) != nn))
        hold_fail_msg(x, "%s", "graph names: expected one name per node");
    int64_t *src = (int64_t *)hold_alloc(x, h, (size_t)m, sizeof(int64_t));
    int64_t *dst = (int64_t *)hold_alloc(x, h, (size_t)m, sizeof(int64_t));
    float *wt = w == R_NilValue ? NULL : (float *)hold_alloc(x, h, (size_t)m, sizeof(float));
    const int *f = INTEGER(from), *t = INTEGER(to);
    for (int64_t i = 0; i < m; i++) {
        if (f[i] == NA_INTEGER || t[i] == NA_INTEGER) hold_fail_msg(x, "%s", "graph: missing node id (NA) in the edges");
        src[i] = (int64_t)f[i] - 1;
        dst[i] = (int64_t)t[i] - 1;
        if (wt) wt[i] = (float)REAL(w)[i];
    }
    const int directed = TYPEOF(dir) == LGLSXP && XLENGTH(dir) == 1 ? LOGICAL(dir)[0] == TRUE : 1;
    gnn_graph_t *g = NULL;
    gnn_status_t st = gnn_graph_from_edges(h->ctx, nn, m, src, dst, wt, NULL, 0, (directed ? GNN_DIRECTED : GNN_UNDIRECTED) | flags, &g);
    if (st < 0) hold_fail(x, st);
    if (h->g == NULL) h->g = g;
    else h->g2 = g;
    if (names != R_NilValue) {
        const char **nm = (const char **)hold_alloc(x, h, (size_t)nn, sizeof(char *));
        for (int64_t i = 0; i < nn; i++) nm[i] = CHAR(STRING_ELT(names, i));
        st = gnn_graph_set_node_names(h->ctx, g, nm);
        if (st < 0) hold_fail(x, st);
    }
    return g;
}

/* The arcs of a graph as 1-based R integers (undirected: each edge once,
 * u <= v), through caller scratch of at least arc-count entries. */
static SEXP graph_edges_sexp_buf(SEXP x, hold_t *h, const gnn_graph_t *g, int64_t *src, int64_t *dst, float *w) {
    const int64_t arcs = gnn_graph_arc_count(g);
    const int directed = gnn_graph_is_directed(g);
    gnn_status_t st = gnn_graph_arcs(h->ctx, g, src, dst, w, NULL);
    if (st < 0) hold_fail(x, st);
    R_xlen_t k = 0;
    for (int64_t e = 0; e < arcs; e++) k += directed || src[e] <= dst[e];
    const char *nm[] = {"n", "from", "to", "weight", "directed", ""};
    SEXP res = PROTECT(Rf_mkNamed(VECSXP, nm));
    SET_VECTOR_ELT(res, 0, Rf_ScalarInteger((int)gnn_graph_node_count(g)));
    SEXP f = Rf_allocVector(INTSXP, k);
    SET_VECTOR_ELT(res, 1, f);
    SEXP t = Rf_allocVector(INTSXP, k);
    SET_VECTOR_ELT(res, 2, t);
    SEXP ww = gnn_graph_is_weighted(g) ? Rf_allocVector(REALSXP, k) : R_NilValue;
    SET_VECTOR_ELT(res, 3, ww);
    SET_VECTOR_ELT(res, 4, Rf_ScalarLogical(directed));
    k = 0;
    for (int64_t e = 0; e < arcs; e++) {
        if (!directed && src[e] > dst[e]) continue;
        INTEGER(f)[k] = (int)src[e] + 1;
        INTEGER(t)[k] = (int)dst[e] + 1;
        if (ww != R_NilValue) REAL(ww)[k] = (double)w[e];
        k++;
    }
    UNPROTECT(1);
    return res;
}

static SEXP graph_edges_sexp(SEXP x, hold_t *h, const gnn_graph_t *g) {
    const int64_t arcs = gnn_graph_arc_count(g);
    int64_t *src = (int64_t *)hold_alloc(x, h, (size_t)arcs, sizeof(int64_t));
    int64_t *dst = (int64_t *)hold_alloc(x, h, (size_t)arcs, sizeof(int64_t));
    float *w = (float *)hold_alloc(x, h, (size_t)arcs, sizeof(float));
    return graph_edges_sexp_buf(x, h, g, src, dst, w);
}

/* ------------------------------------------------------------ information */

SEXP gnn_r_version(void) { return Rf_mkString(gnn_version()); }

SEXP gnn_r_models(void) {
    int64_t k = 0;
    while (gnn_model_builtin(k)) k++;
    const char *nm[] = {"name", "summary", ""};
    SEXP res = PROTECT(Rf_mkNamed(VECSXP, nm));
    SEXP a = Rf_allocVector(STRSXP, (R_xlen_t)k);
    SET_VECTOR_ELT(res, 0, a);
    SEXP b = Rf_allocVector(STRSXP, (R_xlen_t)k);
    SET_VECTOR_ELT(res, 1, b);
    for (int64_t i = 0; i < k; i++) {
        const char *s = gnn_model_summary(gnn_model_builtin(i));
        SET_STRING_ELT(a, (R_xlen_t)i, Rf_mkChar(gnn_model_builtin(i)));
        SET_STRING_ELT(b, (R_xlen_t)i, Rf_mkChar(s ? s : ""));
    }
    UNPROTECT(1);
    return res;
}

SEXP gnn_r_options(SEXP group) {
    if (TYPEOF(group) != STRSXP || XLENGTH(group) != 1) Rf_error("group: expected one string");
    const char *g = CHAR(STRING_ELT(group, 0)), *name, *type, *def, *help;
    int64_t k = 0;
    while (gnn_options_describe(g, k, &name, &type, &def, &help) == GNN_SUCCESS) k++;
    if (k == 0) Rf_error("unknown option group '%s'", g);
    const char *nm[] = {"name", "type", "default", "help", ""};
    SEXP res = PROTECT(Rf_mkNamed(VECSXP, nm));
    for (int c = 0; c < 4; c++) SET_VECTOR_ELT(res, c, Rf_allocVector(STRSXP, (R_xlen_t)k));
    for (int64_t i = 0; i < k; i++) {
        gnn_options_describe(g, i, &name, &type, &def, &help);
        const char *v[4] = {name, type, def, help};
        for (int c = 0; c < 4; c++) SET_STRING_ELT(VECTOR_ELT(res, c), (R_xlen_t)i, Rf_mkChar(v[c] ? v[c] : ""));
    }
    UNPROTECT(1);
    return res;
}

/* ------------------------------------------------------------ generators */

SEXP gnn_r_generate(SEXP kind, SEXP opts, SEXP seed, SEXP threads, SEXP interrupt_after) {
    hold_t *h;
    SEXP x = PROTECT(hold_new(&h));
    if (TYPEOF(kind) != STRSXP || XLENGTH(kind) != 1) hold_fail_msg(x, "%s", "kind: expected one string");
    hold_ctx(x, h, seed, threads, R_NilValue, interrupt_after);
    hold_opts(x, h, opts);
    gnn_status_t st = gnn_dataset_generate(h->ctx, CHAR(STRING_ELT(kind, 0)), h->opts, &h->tmp);
    if (st < 0) hold_fail(x, st);
    const gnn_graph_t *g = gnn_dataset_graph(h->tmp, 0);
    const int64_t n = gnn_graph_node_count(g);
    int64_t *lab = NULL;
    if (gnn_dataset_has_node_labels(h->tmp)) {
        lab = (int64_t *)hold_alloc(x, h, (size_t)n, sizeof(int64_t));
        if ((st = gnn_dataset_node_labels(h->tmp, lab)) < 0) hold_fail(x, st);
    }
    SEXP res = PROTECT(graph_edges_sexp(x, h, g));
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SET_VECTOR_ELT(out, 0, res);
    if (lab) {
        SEXP l = Rf_allocVector(INTSXP, (R_xlen_t)n);
        SET_VECTOR_ELT(out, 1, l);
        for (int64_t i = 0; i < n; i++) INTEGER(l)[i] = lab[i] < 0 ? NA_INTEGER : (int)lab[i] + 1;
    }
    hold_free(h);
    R_ClearExternalPtr(x);
    UNPROTECT(3);
    return out;
}

/* ------------------------------------------------------------ Ricci */

/* Curvature of every input edge (NA for self-loops), and of every node. */
SEXP gnn_r_curvature(SEXP graph, SEXP opts, SEXP threads, SEXP interrupt_after) {
    hold_t *h;
    SEXP x = PROTECT(hold_new(&h));
    hold_ctx(x, h, R_NilValue, threads, R_NilValue, interrupt_after);
    hold_opts(x, h, opts);
    gnn_graph_t *g = hold_graph(x, h, graph, GNN_LOOPS_DROP | GNN_DUP_FIRST);
    const int64_t arcs = gnn_graph_arc_count(g), n = gnn_graph_node_count(g);
    double *kappa = (double *)hold_alloc(x, h, (size_t)arcs, sizeof(double));
    double *nk = (double *)hold_alloc(x, h, (size_t)n, sizeof(double));
    gnn_status_t st = gnn_orc_edge_curvature(h->ctx, g, NULL, h->opts, kappa);
    if (st < 0) hold_fail(x, st);
    if ((st = gnn_orc_node_curvature(h->ctx, g, kappa, nk)) < 0) hold_fail(x, st);
    SEXP from = list_elt(graph, "from"), to = list_elt(graph, "to");
    const R_xlen_t m = XLENGTH(from);
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SEXP ek = Rf_allocVector(REALSXP, m);
    SET_VECTOR_ELT(out, 0, ek);
    SEXP nv = Rf_allocVector(REALSXP, (R_xlen_t)n);
    SET_VECTOR_ELT(out, 1, nv);
    for (R_xlen_t i = 0; i < m; i++) {
        int64_t a = gnn_graph_find_arc(g, (int64_t)INTEGER(from)[i] - 1, (int64_t)INTEGER(to)[i] - 1);
        REAL(ek)[i] = a < 0 ? NA_REAL : kappa[a];
    }
    for (int64_t v = 0; v < n; v++) REAL(nv)[v] = isnan(nk[v]) ? NA_REAL : nk[v];
    hold_free(h);
    R_ClearExternalPtr(x);
    UNPROTECT(2);
    return out;
}

SEXP gnn_r_rewire(SEXP graph, SEXP opts, SEXP threads, SEXP interrupt_after) {
    hold_t *h;
    SEXP x = PROTECT(hold_new(&h));
    hold_ctx(x, h, R_NilValue, threads, R_NilValue, interrupt_after);
    hold_opts(x, h, opts);
    gnn_graph_t *g = hold_graph(x, h, graph, GNN_LOOPS_DROP | GNN_DUP_FIRST);
    int64_t added = 0, removed = 0;
    gnn_status_t st = gnn_borf_rewire(h->ctx, g, h->opts, &h->g2, &added, &removed);
    if (st < 0) hold_fail(x, st);
    SEXP res = PROTECT(graph_edges_sexp(x, h, h->g2));
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 3));
    SET_VECTOR_ELT(out, 0, res);
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal((double)added));
    SET_VECTOR_ELT(out, 2, Rf_ScalarReal((double)removed));
    hold_free(h);
    R_ClearExternalPtr(x);
    UNPROTECT(3);
    return out;
}

/* ------------------------------------------------------------ models */

/* A dataset around graph with the optional node data. */
static gnn_dataset_t *hold_dataset(SEXP x, hold_t *h, SEXP graph, SEXP labels, SEXP features, SEXP splits,
                                   SEXP edge_split) {
    gnn_status_t st;
    gnn_graph_t *g = hold_graph(x, h, graph, 0);
    gnn_dataset_t *ds = NULL;
    const int64_t n = gnn_graph_node_count(g);
    if (edge_split != R_NilValue) {
        if (TYPEOF(edge_split) != REALSXP || XLENGTH(edge_split) != 2)
            hold_fail_msg(x, "%s", "edge_split: expected two fractions (valid, test)");
        if ((st = gnn_split_edges(h->ctx, g, REAL(edge_split)[0], REAL(edge_split)[1], &h->sp)) < 0) hold_fail(x, st);
    }
    /* the graph moves into the dataset */
    if (h->g == g) {
        st = gnn_dataset_from_graph(h->ctx, &h->g, &ds);
    } else {
        st = gnn_dataset_from_graph(h->ctx, &h->g2, &ds);
    }
    if (st < 0) hold_fail(x, st);
    if (h->ds == NULL) h->ds = ds;
    else h->tmp = ds;
    if (h->sp) {
        for (int p = 0; p < 3; p++)
            for (int pos = 0; pos < 2; pos++) {
                const int64_t k = gnn_split_count(h->sp, p, pos);
                if (k == 0 || (p == GNN_SPLIT_TRAIN && !pos)) continue; /* training negatives: drawn by the model */
                int64_t *u = (int64_t *)hold_alloc(x, h, (size_t)k, sizeof(int64_t));
                int64_t *v = (int64_t *)hold_alloc(x, h, (size_t)k, sizeof(int64_t));
                if ((st = gnn_split_pairs(h->sp, p, pos, u, v)) < 0) hold_fail(x, st);
                if ((st = gnn_dataset_set_pairs(h->ctx, ds, p, pos, u, v, k)) < 0) hold_fail(x, st);
            }
    }
    if (labels != R_NilValue) {
        if (TYPEOF(labels) != INTSXP || XLENGTH(labels) != n)
            hold_fail_msg(x, "%s", "labels: expected one label per node");
        int64_t *l = (int64_t *)hold_alloc(x, h, (size_t)n, sizeof(int64_t));
        for (int64_t i = 0; i < n; i++) l[i] = INTEGER(labels)[i] == NA_INTEGER ? -1 : (int64_t)INTEGER(labels)[i];
        if ((st = gnn_dataset_set_node_labels(h->ctx, ds, l)) < 0) hold_fail(x, st);
    }
    if (features != R_NilValue) {
        SEXP dim = Rf_getAttrib(features, R_DimSymbol);
        if (TYPEOF(features) != REALSXP || TYPEOF(dim) != INTSXP || XLENGTH(dim) != 2 || INTEGER(dim)[0] != n)
            hold_fail_msg(x, "%s", "features: expected a numeric matrix with one row per node");
        const int64_t d = INTEGER(dim)[1];
        float *f = (float *)hold_alloc(x, h, (size_t)(n * d), sizeof(float));
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j < d; j++) f[i * d + j] = (float)REAL(features)[i + j * n];
        if ((st = gnn_dataset_set_features(h->ctx, ds, n, d, f)) < 0) hold_fail(x, st);
    }
    if (splits != R_NilValue) {
        if (TYPEOF(splits) != VECSXP || XLENGTH(splits) != 3) hold_fail_msg(x, "%s", "internal error: splits");
        for (int p = 0; p < 3; p++) {
            SEXP s = VECTOR_ELT(splits, p);
            if (s == R_NilValue) continue;
            if (TYPEOF(s) != INTSXP) hold_fail_msg(x, "%s", "node split: expected node indices");
            const int64_t k = (int64_t)XLENGTH(s);
            int64_t *v = (int64_t *)hold_alloc(x, h, (size_t)k, sizeof(int64_t));
            for (int64_t i = 0; i < k; i++) v[i] = (int64_t)INTEGER(s)[i] - 1;
            if ((st = gnn_dataset_set_node_split(h->ctx, ds, p, v, k)) < 0) hold_fail(x, st);
        }
    }
    return ds;
}

/* A graph-classification dataset from a gnn_graph_set (list: graphs, each
 * a gnn_graph list; labels, 0-based codes or NULL; features, a numeric
 * matrix stacking the nodes of all graphs, or NULL; label_columns). */
static gnn_dataset_t *hold_graph_set(SEXP x, hold_t *h, SEXP set) {
    SEXP graphs = list_elt(set, "graphs"), labels = list_elt(set, "labels"), features = list_elt(set, "features");
    gnn_status_t st;
    if (TYPEOF(graphs) != VECSXP || XLENGTH(graphs) < 1) hold_fail_msg(x, "%s", "graph set: expected a list of graphs");
    const int64_t G = (int64_t)XLENGTH(graphs);
    int64_t mmax = 1, N = 0;
    for (int64_t i = 0; i < G; i++) {
        SEXP gi = VECTOR_ELT(graphs, (R_xlen_t)i), n = list_elt(gi, "n"), from = list_elt(gi, "from"), to = list_elt(gi, "to");
        if (!is_int_vec(from) || !is_int_vec(to) || XLENGTH(from) != XLENGTH(to) || !is_int_vec(n) || XLENGTH(n) != 1)
            hold_fail_msg(x, "%s", "graph set: an element is not a gnn_graph");
        if (XLENGTH(from) > mmax) mmax = (int64_t)XLENGTH(from);
        N += INTEGER(n)[0];
    }
    int64_t *src = (int64_t *)hold_alloc(x, h, (size_t)mmax, sizeof(int64_t));
    int64_t *dst = (int64_t *)hold_alloc(x, h, (size_t)mmax, sizeof(int64_t));
    h->gset = (gnn_graph_t **)calloc((size_t)G, sizeof(gnn_graph_t *));
    if (h->gset == NULL) hold_fail_msg(x, "%s", "out of memory");
    h->ngset = G;
    for (int64_t i = 0; i < G; i++) {
        SEXP gi = VECTOR_ELT(graphs, (R_xlen_t)i), dir = list_elt(gi, "directed");
        const int64_t n = INTEGER(list_elt(gi, "n"))[0], m = (int64_t)XLENGTH(list_elt(gi, "from"));
        const int *f = INTEGER(list_elt(gi, "from")), *t = INTEGER(list_elt(gi, "to"));
        for (int64_t e = 0; e < m; e++) {
            if (f[e] == NA_INTEGER || t[e] == NA_INTEGER) hold_fail_msg(x, "%s", "graph set: missing node id (NA) in the edges");
            src[e] = (int64_t)f[e] - 1;
            dst[e] = (int64_t)t[e] - 1;
        }
        const int directed = TYPEOF(dir) == LGLSXP && XLENGTH(dir) == 1 && LOGICAL(dir)[0] == TRUE;
        st = gnn_graph_from_edges(h->ctx, n, m, src, dst, NULL, NULL, 0,
                                  (directed ? GNN_DIRECTED : GNN_UNDIRECTED) | GNN_DUP_FIRST, &h->gset[i]);
        if (st < 0) {
            char msg[1024];
            snprintf(msg, sizeof msg, "graph %lld of the set: %s", (long long)i + 1, gnn_ctx_errmsg(h->ctx));
            hold_fail_msg(x, "%s", msg);
        }
    }
    gnn_dataset_t *ds = NULL;
    if ((st = gnn_dataset_from_graphs(h->ctx, h->gset, G, &ds)) < 0) hold_fail(x, st);
    if (h->ds == NULL) h->ds = ds;
    else h->tmp = ds;
    if (labels != R_NilValue) {
        if (TYPEOF(labels) != INTSXP || XLENGTH(labels) != G) hold_fail_msg(x, "%s", "labels: expected one label per graph");
        int64_t *l = (int64_t *)hold_alloc(x, h, (size_t)G, sizeof(int64_t));
        for (int64_t i = 0; i < G; i++) {
            if (INTEGER(labels)[i] == NA_INTEGER) hold_fail_msg(x, "%s", "labels: a graph has no label (NA)");
            l[i] = INTEGER(labels)[i];
        }
        if ((st = gnn_dataset_set_graph_labels(h->ctx, ds, l)) < 0) hold_fail(x, st);
    }
    if (features != R_NilValue) {
        SEXP dim = Rf_getAttrib(features, R_DimSymbol);
        if (TYPEOF(features) != REALSXP || TYPEOF(dim) != INTSXP || XLENGTH(dim) != 2 || INTEGER(dim)[0] != N)
            hold_fail_msg(x, "%s", "features: expected a numeric matrix with one row per node of the set");
        const int64_t d = INTEGER(dim)[1];
        float *fx = (float *)hold_alloc(x, h, (size_t)(N * d), sizeof(float));
        for (int64_t i = 0; i < N; i++)
            for (int64_t j = 0; j < d; j++) fx[i * d + j] = (float)REAL(features)[i + j * N];
        if ((st = gnn_dataset_set_features(h->ctx, ds, N, d, fx)) < 0) hold_fail(x, st);
        const double lc = num1(list_elt(set, "label_columns"), 0);
        if (lc > 0 && (st = gnn_dataset_set_label_columns(h->ctx, ds, (int64_t)lc)) < 0) hold_fail(x, st);
    }
    return ds;
}

static int is_graph_set(SEXP graph) { return list_elt(graph, "graphs") != R_NilValue; }

/* A graph set read by the library (layouts tu, graphs-tsv, ppgn, graph6):
 * list(graphs, labels (0-based codes or NULL), classes, features (matrix or
 * NULL), label_columns). */
SEXP gnn_r_read_graphs(SEXP layout, SEXP path) {
    hold_t *h;
    SEXP x = PROTECT(hold_new(&h));
    if (TYPEOF(layout) != STRSXP || XLENGTH(layout) != 1 || TYPEOF(path) != STRSXP || XLENGTH(path) != 1)
        hold_fail_msg(x, "%s", "format and path: expected one string each");
    hold_ctx(x, h, R_NilValue, R_NilValue, R_NilValue, R_NilValue);
    gnn_status_t st = gnn_dataset_load(h->ctx, CHAR(STRING_ELT(layout, 0)), CHAR(STRING_ELT(path, 0)), NULL, &h->tmp);
    if (st < 0) hold_fail(x, st);
    const gnn_dataset_t *ds = h->tmp;
    const int64_t G = gnn_dataset_graph_count(ds);
    int64_t amax = 1;
    for (int64_t i = 0; i < G; i++)
        if (gnn_graph_arc_count(gnn_dataset_graph(ds, i)) > amax) amax = gnn_graph_arc_count(gnn_dataset_graph(ds, i));
    int64_t *src = (int64_t *)hold_alloc(x, h, (size_t)amax, sizeof(int64_t));
    int64_t *dst = (int64_t *)hold_alloc(x, h, (size_t)amax, sizeof(int64_t));
    float *w = (float *)hold_alloc(x, h, (size_t)amax, sizeof(float));
    int64_t *lab = NULL;
    const int64_t rows = gnn_dataset_feature_rows(ds), dim = gnn_dataset_feature_dim(ds);
    float *fx = dim > 0 ? (float *)hold_alloc(x, h, (size_t)(rows * dim), sizeof(float)) : NULL;
    if (fx && (st = gnn_dataset_features(ds, fx)) < 0) hold_fail(x, st);
    if (gnn_dataset_class_count(ds) > 0) {
        lab = (int64_t *)hold_alloc(x, h, (size_t)G, sizeof(int64_t));
        if (gnn_dataset_graph_labels(ds, lab) < 0) lab = NULL;
    }
    const char *nm[] = {"graphs", "labels", "classes", "features", "label_columns", ""};
    SEXP res = PROTECT(Rf_mkNamed(VECSXP, nm));
    SEXP gl = Rf_allocVector(VECSXP, (R_xlen_t)G);
    SET_VECTOR_ELT(res, 0, gl);
    for (int64_t i = 0; i < G; i++)
        SET_VECTOR_ELT(gl, (R_xlen_t)i, graph_edges_sexp_buf(x, h, gnn_dataset_graph(ds, i), src, dst, w));
    if (lab) {
        SEXP l = Rf_allocVector(INTSXP, (R_xlen_t)G);
        SET_VECTOR_ELT(res, 1, l);
        for (int64_t i = 0; i < G; i++) INTEGER(l)[i] = (int)lab[i];
    }
    SET_VECTOR_ELT(res, 2, Rf_ScalarInteger((int)gnn_dataset_class_count(ds)));
    if (fx) {
        SEXP f = Rf_allocMatrix(REALSXP, (int)rows, (int)dim);
        SET_VECTOR_ELT(res, 3, f);
        for (int64_t i = 0; i < rows; i++)
            for (int64_t j = 0; j < dim; j++) REAL(f)[i + j * rows] = (double)fx[i * dim + j];
    }
    SET_VECTOR_ELT(res, 4, Rf_ScalarInteger((int)gnn_dataset_label_columns(ds)));
    hold_free(h);
    R_ClearExternalPtr(x);
    UNPROTECT(2);
    return res;
}

/* What a model exposes after fit, predict or load: name, options in force,
 * metrics, history, outputs, assignments and (link models) the scored pairs
 * of ds. */
static SEXP model_results(SEXP x, hold_t *h, const gnn_dataset_t *ds) {
    const gnn_model_t *m = h->m;
    char group[96];
    snprintf(group, sizeof group, "model.%s", gnn_model_name(m));
    const char *name, *type, *def, *help;
    int64_t nopt = 0;
    while (gnn_options_describe(group, nopt, &name, &type, &def, &help) == GNN_SUCCESS) nopt++;
    const int64_t nmet = gnn_model_metric_count(m), nh = gnn_model_history_count(m);
    const int64_t rows = gnn_model_output_rows(m), cols = gnn_model_output_cols(m);
    /* the C side first, into held buffers */
    double *vals = (double *)hold_alloc(x, h, (size_t)(rows * cols), sizeof(double));
    int64_t *asg = (int64_t *)hold_alloc(x, h, (size_t)rows, sizeof(int64_t));
    gnn_status_t st;
    if (rows > 0) {
        if (cols > 0 && (st = gnn_model_outputs(m, vals)) < 0) hold_fail(x, st);
        if ((st = gnn_model_assignments(m, asg)) < 0) hold_fail(x, st);
    }
    /* link models: the test pairs scored (positives, then negatives; a test
     * limit keeps the first of each kind, as gnn-cli fit -o) */
    int64_t np = ds ? gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 1) : 0;
    int64_t nn = ds ? gnn_dataset_pair_count(ds, GNN_SPLIT_TEST, 0) : 0;
    int64_t *pu = NULL, *pv = NULL;
    int pairs = np + nn > 0 && rows > 0 && rows <= np + nn;
    if (pairs) {
        pu = (int64_t *)hold_alloc(x, h, (size_t)(np + nn), sizeof(int64_t));
        pv = (int64_t *)hold_alloc(x, h, (size_t)(np + nn), sizeof(int64_t));
        if ((st = gnn_dataset_pairs(ds, GNN_SPLIT_TEST, 1, pu, pv)) < 0) hold_fail(x, st);
        if ((st = gnn_dataset_pairs(ds, GNN_SPLIT_TEST, 0, pu + np, pv + np)) < 0) hold_fail(x, st);
        int64_t kp = 0;
        for (int64_t i = 0; i < rows; i++) kp += asg[i] == 1;
        memmove(pu + kp, pu + np, sizeof(int64_t) * (size_t)(rows - kp));
        memmove(pv + kp, pv + np, sizeof(int64_t) * (size_t)(rows - kp));
    }
    /* then the R objects (the handle owns every C object meanwhile) */
    const char *nm[] = {"model", "options", "metrics", "history", "outputs", "assignments", "pairs", ""};
    SEXP res = PROTECT(Rf_mkNamed(VECSXP, nm));
    SET_VECTOR_ELT(res, 0, Rf_mkString(gnn_model_name(m)));
    SEXP ov = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)nopt)), on = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)nopt));
    for (int64_t i = 0; i < nopt; i++) {
        gnn_options_describe(group, i, &name, &type, &def, &help);
        const char *v = gnn_model_option(m, name);
        SET_STRING_ELT(on, (R_xlen_t)i, Rf_mkChar(name));
        SET_STRING_ELT(ov, (R_xlen_t)i, v ? Rf_mkChar(v) : NA_STRING);
    }
    Rf_setAttrib(ov, R_NamesSymbol, on);
    SET_VECTOR_ELT(res, 1, ov);
    UNPROTECT(2);
    SEXP mv = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)nmet)), mn = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)nmet));
    for (int64_t i = 0; i < nmet; i++) {
        REAL(mv)[i] = gnn_model_metric_value(m, i);
        SET_STRING_ELT(mn, (R_xlen_t)i, Rf_mkChar(gnn_model_metric_name(m, i)));
    }
    Rf_setAttrib(mv, R_NamesSymbol, mn);
    SET_VECTOR_ELT(res, 2, mv);
    UNPROTECT(2);
    const char *hn[] = {"epoch", "seconds", "train_loss", "valid_metric", ""};
    SEXP hist = PROTECT(Rf_mkNamed(VECSXP, hn));
    SET_VECTOR_ELT(hist, 0, Rf_allocVector(INTSXP, (R_xlen_t)nh));
    for (int c = 1; c < 4; c++) SET_VECTOR_ELT(hist, c, Rf_allocVector(REALSXP, (R_xlen_t)nh));
    for (int64_t i = 0; i < nh; i++) {
        int64_t e;
        double s, l, v;
        if (gnn_model_history(m, i, &e, &s, &l, &v) < 0) e = -1, s = l = v = NAN;
        INTEGER(VECTOR_ELT(hist, 0))[i] = (int)e;
        REAL(VECTOR_ELT(hist, 1))[i] = s;
        REAL(VECTOR_ELT(hist, 2))[i] = l;
        REAL(VECTOR_ELT(hist, 3))[i] = isnan(v) ? NA_REAL : v;
    }
    SET_VECTOR_ELT(res, 3, hist);
    UNPROTECT(1);
    SEXP out = PROTECT(Rf_allocMatrix(REALSXP, (int)rows, (int)cols));
    for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < cols; j++) REAL(out)[i + j * rows] = vals[i * cols + j];
    SET_VECTOR_ELT(res, 4, out);
    UNPROTECT(1);
    SEXP as = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t)rows));
    for (int64_t i = 0; i < rows; i++) INTEGER(as)[i] = (int)asg[i];
    SET_VECTOR_ELT(res, 5, as);
    UNPROTECT(1);
    if (pairs) {
        const char *pn[] = {"from", "to", ""};
        SEXP pr = PROTECT(Rf_mkNamed(VECSXP, pn));
        SET_VECTOR_ELT(pr, 0, Rf_allocVector(INTSXP, (R_xlen_t)rows));
        SET_VECTOR_ELT(pr, 1, Rf_allocVector(INTSXP, (R_xlen_t)rows));
        for (int64_t i = 0; i < rows; i++) {
            INTEGER(VECTOR_ELT(pr, 0))[i] = (int)pu[i] + 1;
            INTEGER(VECTOR_ELT(pr, 1))[i] = (int)pv[i] + 1;
        }
        SET_VECTOR_ELT(res, 6, pr);
        UNPROTECT(1);
    }
    UNPROTECT(1);
    return res;
}

SEXP gnn_r_fit(SEXP graph, SEXP model, SEXP opts, SEXP labels, SEXP features, SEXP splits, SEXP edge_split, SEXP seed,
               SEXP threads, SEXP verbose, SEXP interrupt_after) {
    hold_t *h;
    SEXP x = PROTECT(hold_new(&h));
    if (TYPEOF(model) != STRSXP || XLENGTH(model) != 1) hold_fail_msg(x, "%s", "model: expected one string");
    hold_ctx(x, h, seed, threads, verbose, interrupt_after);
    hold_opts(x, h, opts);
    gnn_status_t st = gnn_model_create(h->ctx, CHAR(STRING_ELT(model, 0)), h->opts, &h->m);
    if (st < 0) hold_fail(x, st);
    if (is_graph_set(graph)) hold_graph_set(x, h, graph);
    else hold_dataset(x, h, graph, labels, features, splits, edge_split);
    if ((st = gnn_model_fit(h->m, h->ds)) < 0) hold_fail(x, st);
    SEXP res = PROTECT(model_results(x, h, h->ds));
    /* the handle keeps the context, the model and the training data */
    hold_release_temps(h);
    h->intr.limit = -1;
    h->persistent = 1;
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SET_VECTOR_ELT(out, 0, x);
    SET_VECTOR_ELT(out, 1, res);
    UNPROTECT(3);
    return out;
}

/* Outputs of the model: on its training data (graph NULL) or on new data
 * (a graph, with its labels, features, node split and edge split as for
 * fit).  Errors leave the handle usable. */
SEXP gnn_r_predict(SEXP handle, SEXP graph, SEXP labels, SEXP features, SEXP splits, SEXP edge_split) {
    hold_t *h = hold_get(handle);
    hold_release_temps(h);
    h->intr.polls = 0;
    const gnn_dataset_t *ds = h->ds;
    if (graph != R_NilValue && is_graph_set(graph)) ds = hold_graph_set(handle, h, graph);
    else if (graph != R_NilValue) ds = hold_dataset(handle, h, graph, labels, features, splits, edge_split);
    if (ds == NULL) hold_fail_msg(handle, "%s", "no data to predict on: give newdata");
    gnn_status_t st = gnn_model_predict(h->m, ds);
    if (st < 0) hold_fail(handle, st);
    SEXP r = PROTECT(model_results(handle, h, ds));
    hold_release_temps(h);
    UNPROTECT(1);
    return r;
}

/* Scores of pairs src[i] -> dst[i] (1-based; rel may be NULL) for link
 * models, over the training graph. */
SEXP gnn_r_score(SEXP handle, SEXP src, SEXP dst, SEXP rel) {
    hold_t *h = hold_get(handle);
    hold_release_temps(h);
    h->intr.polls = 0;
    if (!is_int_vec(src) || !is_int_vec(dst) || XLENGTH(src) != XLENGTH(dst) ||
        (rel != R_NilValue && (!is_int_vec(rel) || XLENGTH(rel) != XLENGTH(src))))
        hold_fail_msg(handle, "%s", "pairs: expected integer from, to (and relation) of one length");
    if (h->ds == NULL) hold_fail_msg(handle, "%s", "the model has no graph to score pairs on (it was loaded): predict on newdata first");
    const int64_t k = (int64_t)XLENGTH(src);
    int64_t *u = (int64_t *)hold_alloc(handle, h, (size_t)k, sizeof(int64_t));
    int64_t *v = (int64_t *)hold_alloc(handle, h, (size_t)k, sizeof(int64_t));
    int64_t *r = rel == R_NilValue ? NULL : (int64_t *)hold_alloc(handle, h, (size_t)k, sizeof(int64_t));
    double *s = (double *)hold_alloc(handle, h, (size_t)k, sizeof(double));
    for (int64_t i = 0; i < k; i++) {
        if (INTEGER(src)[i] == NA_INTEGER || INTEGER(dst)[i] == NA_INTEGER || (r && INTEGER(rel)[i] == NA_INTEGER))
            hold_fail_msg(handle, "%s", "pairs: missing node id (NA)");
        u[i] = (int64_t)INTEGER(src)[i] - 1;
        v[i] = (int64_t)INTEGER(dst)[i] - 1;
        if (r) r[i] = (int64_t)INTEGER(rel)[i];
    }
    gnn_status_t st = gnn_model_score_pairs(h->m, h->ds, k, u, r, v, s);
    if (st < 0) hold_fail(handle, st);
    SEXP out = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)k));
    memcpy(REAL(out), s, sizeof(double) * (size_t)k);
    hold_release_temps(h);
    UNPROTECT(1);
    return out;
}

SEXP gnn_r_save(SEXP handle, SEXP path) {
    hold_t *h = hold_get(handle);
    hold_release_temps(h);
    if (TYPEOF(path) != STRSXP || XLENGTH(path) != 1) Rf_error("file: expected one path");
    gnn_status_t st = gnn_model_save(h->m, CHAR(STRING_ELT(path, 0)));
    if (st < 0) hold_fail(handle, st);
    return R_NilValue;
}

SEXP gnn_r_load(SEXP path, SEXP seed, SEXP threads, SEXP verbose) {
    hold_t *h;
    SEXP x = PROTECT(hold_new(&h));
    if (TYPEOF(path) != STRSXP || XLENGTH(path) != 1) hold_fail_msg(x, "%s", "file: expected one path");
    hold_ctx(x, h, seed, threads, verbose, R_NilValue);
    gnn_status_t st = gnn_model_load(h->ctx, CHAR(STRING_ELT(path, 0)), &h->m);
    if (st < 0) hold_fail(x, st);
    SEXP res = PROTECT(model_results(x, h, NULL));
    hold_release_temps(h);
    h->persistent = 1;
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SET_VECTOR_ELT(out, 0, x);
    SET_VECTOR_ELT(out, 1, res);
    UNPROTECT(3);
    return out;
}

/* ------------------------------------------------------------ registration */

static const R_CallMethodDef call_methods[] = {
    {"gnn_r_version", (DL_FUNC)&gnn_r_version, 0},
    {"gnn_r_models", (DL_FUNC)&gnn_r_models, 0},
    {"gnn_r_options", (DL_FUNC)&gnn_r_options, 1},
    {"gnn_r_generate", (DL_FUNC)&gnn_r_generate, 5},
    {"gnn_r_curvature", (DL_FUNC)&gnn_r_curvature, 4},
    {"gnn_r_rewire", (DL_FUNC)&gnn_r_rewire, 4},
    {"gnn_r_fit", (DL_FUNC)&gnn_r_fit, 11},
    {"gnn_r_predict", (DL_FUNC)&gnn_r_predict, 6},
    {"gnn_r_score", (DL_FUNC)&gnn_r_score, 4},
    {"gnn_r_save", (DL_FUNC)&gnn_r_save, 2},
    {"gnn_r_load", (DL_FUNC)&gnn_r_load, 4},
    {"gnn_r_read_graphs", (DL_FUNC)&gnn_r_read_graphs, 2},
    {NULL, NULL, 0},
};

void R_init_gnn(DllInfo *dll) {
    R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
