/* cmd_ricci.c: gnn-cli curvature (Ollivier-Ricci curvature of every edge)
 * and gnn-cli rewire (BORF, Ricci flow). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* read the graph for curvature work: undirected unless --directed, loops
 * dropped, parallel edges merged keeping the first (the user may override
 * both through the read options) */
static const char *input_path(cli_args_t *a) {
    const char *p = cli_get(a, "input");
    return p ? p : (a->npos > 0 ? a->pos[0] : NULL);
}

static gnn_status_t read_for_ricci(gnn_ctx_t *ctx, cli_args_t *a, gnn_graph_t **g) {
    const char *path = input_path(a);
    gnn_opts_t *ro = cli_group(a, "read");
    if (ro == NULL) return GNN_ENOMEM;
    gnn_opts_set(ro, "directed", cli_flag(a, "directed") ? "1" : "0");
    if (gnn_opts_get(ro, "self-loops") == NULL) gnn_opts_set(ro, "self-loops", "drop");
    if (gnn_opts_get(ro, "duplicates") == NULL) gnn_opts_set(ro, "duplicates", "first");
    return gnn_graph_read(ctx, path, ro, g);
}

/* mean, population std, min, max of the finite values */
static void summary(const double *x, int64_t n, double *mean, double *sd, double *mn, double *mx, int64_t *count) {
    double s = 0, s2 = 0;
    int64_t c = 0;
    *mn = INFINITY;
    *mx = -INFINITY;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) continue;
        s += x[i];
        c++;
        if (x[i] < *mn) *mn = x[i];
        if (x[i] > *mx) *mx = x[i];
    }
    *mean = c ? s / (double)c : NAN;
    for (int64_t i = 0; i < n; i++)
        if (isfinite(x[i])) s2 += (x[i] - *mean) * (x[i] - *mean);
    *sd = c ? sqrt(s2 / (double)c) : NAN;
    *count = c;
}

/* the edges once each (undirected: u < v), with their values */
static int64_t edge_list(const gnn_graph_t *g, const int64_t *src, const int64_t *dst, const double *val,
                         int64_t *es, int64_t *ed, double *ev) {
    int64_t m = gnn_graph_arc_count(g), k = 0;
    int directed = gnn_graph_is_directed(g);
    for (int64_t e = 0; e < m; e++) {
        if (!directed && src[e] > dst[e]) continue;
        es[k] = src[e];
        ed[k] = dst[e];
        if (ev) ev[k] = val[e];
        k++;
    }
    return k;
}

static const cli_opt_t curv_opts[] = {
    {"input", 'i', "GRAPH", NULL, "edge list (u v [length]); also accepted as the positional argument", NULL, NULL},
    {"out", 'o', "FILE", NULL, "write u<TAB>v<TAB>kappa, one line per edge (required)", NULL, NULL},
    {"directed", 0, NULL, NULL, "directed curvature of every arc (default: undirected edges)", NULL, NULL},
    {"node-curvature", 0, "FILE", NULL, "also write node<TAB>kappa (mean over the node's edges)", NULL, NULL},
    {"report", 0, "FILE", NULL, "JSON report: options, time, distribution", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
static const char *const read_skip[] = {"directed", NULL};
static const char *const curv_skip[] = {"iterations", "step", "delta", "surgery-every", "surgery-cut", "cutoff-step",
                                        "drop-threshold", "borf-batches", "borf-add", "borf-remove", "borf-mode",
                                        NULL};
static const cli_include_t curv_inc[] = {{"read", "", read_skip}, {"ricci", "", curv_skip}, {NULL, NULL, NULL}};

static int run_curvature(gnn_ctx_t *ctx, cli_args_t *a) {
    const char *out = cli_get(a, "out"), *nodeout = cli_get(a, "node-curvature"), *report = cli_get(a, "report");
    if (out == NULL) return cli_usage("curvature", "-o FILE is required");
    if (input_path(a) == NULL) return cli_usage("curvature", "--input GRAPH is required");
    gnn_graph_t *g = NULL;
    int64_t *src = NULL, *dst = NULL, *es = NULL, *ed = NULL;
    double *kappa = NULL, *ev = NULL, *nk = NULL;
    int rc = CLI_OK;
    gnn_status_t st = read_for_ricci(ctx, a, &g);
    if (st < 0) return cli_fail(ctx, "curvature", st);
    int64_t n = gnn_graph_node_count(g), m = gnn_graph_arc_count(g);
    size_t mm = (size_t)(m > 0 ? m : 1);
    src = malloc(mm * sizeof *src);
    dst = malloc(mm * sizeof *dst);
    es = malloc(mm * sizeof *es);
    ed = malloc(mm * sizeof *ed);
    kappa = malloc(mm * sizeof *kappa);
    ev = malloc(mm * sizeof *ev);
    nk = malloc((size_t)(n > 0 ? n : 1) * sizeof *nk);
    if (!src || !dst || !es || !ed || !kappa || !ev || !nk) {
        st = GNN_ENOMEM;
        goto fail;
    }
    st = gnn_graph_arcs(ctx, g, src, dst, NULL, NULL);
    if (st < 0) goto fail;
    gnn_opts_t *ro = cli_group(a, "ricci");
    double t0 = gnn_i_cli_now();
    st = gnn_orc_edge_curvature(ctx, g, NULL, ro, kappa);
    if (st < 0) goto fail;
    double secs = gnn_i_cli_now() - t0;
    int64_t k = edge_list(g, src, dst, kappa, es, ed, ev);
    st = gnn_write_pairs(ctx, g, out, es, ed, ev, k);
    if (st < 0) goto fail;
    if (nodeout) {
        st = gnn_orc_node_curvature(ctx, g, kappa, nk);
        if (st >= 0) st = gnn_write_node_doubles(ctx, g, nodeout, nk, 1);
        if (st < 0) goto fail;
    }
    double mean, sd, mn, mx;
    int64_t cnt;
    summary(ev, k, &mean, &sd, &mn, &mx, &cnt);
    fprintf(stderr, "curvature: %lld %s in %.3f s (%.0f per second, %lld threads): mean %.4f, std %.4f, min %.4f, max %.4f\n",
            (long long)k, gnn_graph_is_directed(g) ? "arcs" : "edges", secs, secs > 0 ? (double)k / secs : 0.0,
            (long long)gnn_ctx_threads(ctx), mean, sd, mn, mx);
    if (report) {
        cli_json_t j = {0};
        json_begin(&j, '{');
        json_key(&j, "command"), json_str(&j, "curvature");
        json_key(&j, "input"), json_str(&j, input_path(a));
        json_key(&j, "threads"), json_int(&j, gnn_ctx_threads(ctx));
        json_key(&j, "params");
        json_begin(&j, '{');
        for (int64_t i = 0;; i++) {
            const char *name, *type, *def, *help;
            if (gnn_options_describe("ricci", i, &name, &type, &def, &help) < 0) break;
            int skip = 0;
            for (const char *const *s = curv_skip; *s; s++) skip |= strcmp(*s, name) == 0;
            if (skip) continue;
            const char *v = gnn_opts_get(ro, name);
            json_key(&j, name), json_str(&j, v ? v : def);
        }
        json_end(&j, '}');
        json_key(&j, "nodes"), json_int(&j, n);
        json_key(&j, "edges"), json_int(&j, k);
        json_key(&j, "directed"), json_bool(&j, gnn_graph_is_directed(g));
        json_key(&j, "seconds"), json_num(&j, secs);
        json_key(&j, "metrics");
        json_begin(&j, '{');
        json_key(&j, "kappa_mean"), json_num(&j, mean);
        json_key(&j, "kappa_std"), json_num(&j, sd);
        json_key(&j, "kappa_min"), json_num(&j, mn);
        json_key(&j, "kappa_max"), json_num(&j, mx);
        json_key(&j, "edges_per_second"), json_num(&j, secs > 0 ? (double)k / secs : 0.0);
        json_end(&j, '}');
        json_end(&j, '}');
        if (j.failed) st = GNN_ENOMEM;
        else st = gnn_write_file(ctx, report, j.buf, j.len);
        json_free(&j);
        if (st < 0) goto fail;
    }
    goto done;
fail:
    rc = cli_fail(ctx, "curvature", st);
done:
    free(src), free(dst), free(es), free(ed), free(kappa), free(ev), free(nk);
    gnn_graph_destroy(&g);
    return rc;
}

const cli_cmd_t cmd_curvature = {
    "curvature", "--input GRAPH -o CURVATURE [options]",
    "Ollivier-Ricci curvature of every edge (exact transport, Sinkhorn, ATD)",
    curv_opts, curv_inc, 0, 1, run_curvature,
};

/* "N,h,k" -> the BORF options; 0 or a usage error code */
int cli_parse_borf(const char *spec, gnn_opts_t *ro) {
    long long N, h, k;
    char tail;
    if (sscanf(spec, "%lld,%lld,%lld%c", &N, &h, &k, &tail) != 3 || N < 0 || h < 0 || k < 0)
        return cli_usage(NULL, "--borf / --rewire borf: expected N,h,k (batches, edges added, edges removed "
                               "per batch), got '%s'", spec);
    gnn_opts_set_int(ro, "borf-batches", N);
    gnn_opts_set_int(ro, "borf-add", h);
    gnn_opts_set_int(ro, "borf-remove", k);
    return 0;
}

static const cli_opt_t rewire_opts[] = {
    {"method", 'm', "borf|ricci-flow", NULL, "BORF rewiring or the Ricci flow (required)", NULL, NULL},
    {"input", 'i', "GRAPH", NULL, "edge list (also accepted as the positional argument)", NULL, NULL},
    {"out", 'o', "FILE", NULL, "borf: the rewired edge list u<TAB>v; ricci-flow: u<TAB>v<TAB>length (required)", NULL,
     NULL},
    {"borf", 0, "N,h,k", "3,20,10", "BORF batches, edges added and removed per batch", NULL, NULL},
    {"communities", 0, "FILE", NULL, "ricci-flow: also write node<TAB>community from the flow metric", NULL, NULL},
    {"directed", 0, NULL, NULL, "read arcs (ricci-flow needs undirected edges; borf compat keeps arcs)", NULL, NULL},
    {"report", 0, "FILE", NULL, "JSON report: options, time, what changed", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
/* --method names the rewiring here: the flow uses the default W1 (mix) */
static const char *const rewire_skip[] = {"method", NULL};
static const cli_include_t rewire_inc[] = {{"read", "", read_skip}, {"ricci", "", rewire_skip}, {NULL, NULL, NULL}};

static int run_rewire(gnn_ctx_t *ctx, cli_args_t *a) {
    const char *method = cli_get(a, "method"), *out = cli_get(a, "out"), *report = cli_get(a, "report");
    const char *comm = cli_get(a, "communities");
    if (method == NULL || (strcmp(method, "borf") != 0 && strcmp(method, "ricci-flow") != 0))
        return cli_usage("rewire", "--method borf|ricci-flow is required");
    if (out == NULL) return cli_usage("rewire", "-o FILE is required");
    if (input_path(a) == NULL) return cli_usage("rewire", "--input GRAPH is required");
    gnn_opts_t *ro = cli_group(a, "ricci");
    if (ro == NULL) return CLI_RUNTIME;
    if (cli_get(a, "borf")) {
        int rc = cli_parse_borf(cli_get(a, "borf"), ro);
        if (rc) return rc;
    }
    gnn_graph_t *g = NULL, *r = NULL;
    double *len = NULL, *kappa = NULL, *ev = NULL;
    int64_t *src = NULL, *dst = NULL, *es = NULL, *ed = NULL, *memb = NULL;
    int rc = CLI_OK;
    cli_json_t j = {0};
    gnn_status_t st = read_for_ricci(ctx, a, &g);
    if (st < 0) return cli_fail(ctx, "rewire", st);
    int64_t n = gnn_graph_node_count(g), m = gnn_graph_arc_count(g), before = gnn_graph_edge_count(g);
    json_begin(&j, '{');
    json_key(&j, "command"), json_str(&j, "rewire");
    json_key(&j, "method"), json_str(&j, method);
    json_key(&j, "input"), json_str(&j, input_path(a));
    json_key(&j, "threads"), json_int(&j, gnn_ctx_threads(ctx));
    json_key(&j, "params");
    json_begin(&j, '{');
    for (int64_t i = 0;; i++) {
        const char *name, *type, *def, *help;
        if (gnn_options_describe("ricci", i, &name, &type, &def, &help) < 0) break;
        const char *v = gnn_opts_get(ro, name);
        json_key(&j, name), json_str(&j, v ? v : def);
    }
    json_end(&j, '}');
    json_key(&j, "nodes"), json_int(&j, n);
    json_key(&j, "edges_before"), json_int(&j, before);
    json_key(&j, "metrics");
    json_begin(&j, '{');
    double t0 = gnn_i_cli_now();
    if (strcmp(method, "borf") == 0) {
        int64_t added = 0, removed = 0;
        st = gnn_borf_rewire(ctx, g, ro, &r, &added, &removed);
        if (st < 0) goto fail;
        double secs = gnn_i_cli_now() - t0;
        gnn_opts_t *wo = NULL;
        if (gnn_opts_create(&wo) != GNN_SUCCESS) goto nomem;
        gnn_opts_set(wo, "format", "uv");
        st = gnn_graph_write(ctx, r, out, wo);
        gnn_opts_destroy(&wo);
        if (st < 0) goto fail;
        fprintf(stderr, "rewire borf: %lld edges -> %lld (%lld %s added, %lld removed) in %.3f s\n", (long long)before,
                (long long)gnn_graph_edge_count(r), (long long)added, gnn_graph_is_directed(r) ? "arcs" : "edges",
                (long long)removed, secs);
        json_key(&j, "added"), json_int(&j, added);
        json_key(&j, "removed"), json_int(&j, removed);
        json_key(&j, "edges_after"), json_int(&j, gnn_graph_edge_count(r));
        json_key(&j, "seconds"), json_num(&j, secs);
    } else {
        size_t mm = (size_t)(m > 0 ? m : 1);
        len = malloc(mm * sizeof *len);
        kappa = malloc(mm * sizeof *kappa);
        ev = malloc(mm * sizeof *ev);
        src = malloc(mm * sizeof *src);
        dst = malloc(mm * sizeof *dst);
        es = malloc(mm * sizeof *es);
        ed = malloc(mm * sizeof *ed);
        memb = malloc((size_t)(n > 0 ? n : 1) * sizeof *memb);
        float *wf = malloc(mm * sizeof *wf);
        if (!len || !kappa || !ev || !src || !dst || !es || !ed || !memb || !wf) {
            free(wf);
            goto nomem;
        }
        st = gnn_graph_arcs(ctx, g, src, dst, wf, NULL);
        for (int64_t e = 0; e < m; e++) len[e] = wf[e];
        free(wf);
        if (st < 0) goto fail;
        int64_t its = 0;
        st = gnn_ricci_flow(ctx, g, ro, len, kappa, &its);
        if (st < 0) goto fail;
        double secs = gnn_i_cli_now() - t0;
        int64_t k = edge_list(g, src, dst, len, es, ed, ev);
        st = gnn_write_pairs(ctx, g, out, es, ed, ev, k);
        if (st < 0) goto fail;
        double mean, sd, mn, mx;
        int64_t cnt;
        edge_list(g, src, dst, kappa, es, ed, ev);
        summary(ev, k, &mean, &sd, &mn, &mx, &cnt);
        fprintf(stderr, "rewire ricci-flow: %lld iterations in %.3f s; curvature now mean %.4f, min %.4f, max %.4f\n",
                (long long)its, secs, mean, mn, mx);
        json_key(&j, "iterations_run"), json_int(&j, its);
        json_key(&j, "seconds"), json_num(&j, secs);
        json_key(&j, "kappa_min"), json_num(&j, mn);
        json_key(&j, "kappa_max"), json_num(&j, mx);
        if (comm) {
            int64_t nc = 0;
            double cut = 0;
            st = gnn_ricci_communities(ctx, g, len, ro, memb, &nc, &cut);
            if (st < 0) goto fail;
            st = gnn_write_node_ints(ctx, g, comm, memb, 1);
            if (st < 0) goto fail;
            fprintf(stderr, "rewire ricci-flow: %lld communities (cutoff %.6g)\n", (long long)nc, cut);
            json_key(&j, "communities"), json_int(&j, nc);
            json_key(&j, "cutoff"), json_num(&j, cut);
        }
    }
    json_end(&j, '}');
    json_end(&j, '}');
    if (report) {
        if (j.failed) goto nomem;
        st = gnn_write_file(ctx, report, j.buf, j.len);
        if (st < 0) goto fail;
    }
    goto done;
nomem:
    st = GNN_ENOMEM;
fail:
    rc = cli_fail(ctx, "rewire", st);
done:
    json_free(&j);
    free(len), free(kappa), free(ev), free(src), free(dst), free(es), free(ed), free(memb);
    gnn_graph_destroy(&g);
    gnn_graph_destroy(&r);
    return rc;
}

const cli_cmd_t cmd_rewire = {
    "rewire", "--method borf|ricci-flow --input GRAPH -o OUT [options]",
    "BORF rewiring or discrete Ricci flow (with communities)",
    rewire_opts, rewire_inc, 0, 1, run_rewire,
};
