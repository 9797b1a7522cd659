/* cmd_info.c: gnn-cli info GRAPH */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt_t info_opts[] = {
    {"undirected", 'u', NULL, NULL, "read each line as an undirected edge (same as --directed 0)", NULL, NULL},
    {"json", 0, NULL, NULL, "print a JSON object instead of text", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
static const cli_include_t info_inc[] = {{"read", "", NULL}, {NULL, NULL, NULL}};

typedef struct dstats {
    double min, max, mean, median;
} dstats_t;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void stats(double *d, int64_t n, dstats_t *s) {
    double sum = 0;
    for (int64_t i = 0; i < n; i++) sum += d[i];
    qsort(d, (size_t)n, sizeof *d, cmp_double);
    s->min = d[0];
    s->max = d[n - 1];
    s->mean = sum / (double)n;
    s->median = n % 2 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]);
}

static int64_t largest(const int64_t *memb, int64_t n, int64_t nc) {
    int64_t *size = calloc((size_t)(nc > 0 ? nc : 1), sizeof *size), best = 0;
    if (size == NULL) return -1;
    for (int64_t v = 0; v < n; v++) size[memb[v]]++;
    for (int64_t c = 0; c < nc; c++)
        if (size[c] > best) best = size[c];
    free(size);
    return best;
}

static int run_info(gnn_ctx_t *ctx, cli_args_t *a) {
    gnn_graph_t *g = NULL;
    double *dout = NULL, *din = NULL;
    int64_t *memb = NULL;
    gnn_status_t st;
    int rc = CLI_OK;
    const char *path = a->pos[0];
    st = cli_read_graph(ctx, a, path, &g);
    if (st < 0) return cli_fail(ctx, "info", st);
    int64_t n = gnn_graph_node_count(g);
    dout = malloc(sizeof(double) * (size_t)n);
    din = malloc(sizeof(double) * (size_t)n);
    memb = malloc(sizeof(int64_t) * (size_t)n);
    if (!dout || !din || !memb) {
        fprintf(stderr, "gnn-cli info: out of memory\n");
        rc = CLI_RUNTIME;
        goto done;
    }
    int64_t isolated = 0;
    st = gnn_graph_degrees(ctx, g, GNN_OUT, 0, dout);
    if (st >= 0) st = gnn_graph_degrees(ctx, g, GNN_IN, 0, din);
    if (st < 0) goto fail;
    for (int64_t v = 0; v < n; v++) isolated += dout[v] == 0 && din[v] == 0;
    double recip = 1.0;
    st = gnn_graph_reciprocity(ctx, g, &recip);
    if (st < 0) goto fail;
    int64_t nweak = 0, nstrong = 0, lweak, lstrong;
    st = gnn_graph_components(ctx, g, GNN_ALL, memb, &nweak);
    if (st < 0) goto fail;
    lweak = largest(memb, n, nweak);
    st = gnn_graph_components(ctx, g, GNN_OUT, memb, &nstrong);
    if (st < 0) goto fail;
    lstrong = largest(memb, n, nstrong);
    dstats_t so, si;
    stats(dout, n, &so);
    stats(din, n, &si);
    const int directed = gnn_graph_is_directed(g);
    if (cli_flag(a, "json")) {
        cli_json_t j = {0};
        json_begin(&j, '{');
        json_key(&j, "file"), json_str(&j, path);
        json_key(&j, "nodes"), json_int(&j, n);
        json_key(&j, "edges"), json_int(&j, gnn_graph_edge_count(g));
        json_key(&j, "arcs"), json_int(&j, gnn_graph_arc_count(g));
        json_key(&j, "directed"), json_bool(&j, directed);
        json_key(&j, "weighted"), json_bool(&j, gnn_graph_is_weighted(g));
        json_key(&j, "relations"), json_int(&j, gnn_graph_relation_count(g));
        json_key(&j, "named"), json_bool(&j, gnn_graph_has_names(g));
        json_key(&j, "self_loops"), json_int(&j, gnn_graph_self_loop_count(g));
        json_key(&j, "isolated_nodes"), json_int(&j, isolated);
        const char *keys[2] = {"out_degree", "in_degree"};
        dstats_t *ss[2] = {&so, &si};
        for (int k = 0; k < 2; k++) {
            json_key(&j, keys[k]);
            json_begin(&j, '{');
            json_key(&j, "min"), json_num(&j, ss[k]->min);
            json_key(&j, "max"), json_num(&j, ss[k]->max);
            json_key(&j, "mean"), json_num(&j, ss[k]->mean);
            json_key(&j, "median"), json_num(&j, ss[k]->median);
            json_end(&j, '}');
        }
        json_key(&j, "reciprocity"), json_num(&j, recip);
        json_key(&j, "weak_components"), json_int(&j, nweak);
        json_key(&j, "largest_weak_component"), json_int(&j, lweak);
        json_key(&j, "strong_components"), json_int(&j, nstrong);
        json_key(&j, "largest_strong_component"), json_int(&j, lstrong);
        json_end(&j, '}');
        if (j.failed) {
            fprintf(stderr, "gnn-cli info: out of memory\n");
            rc = CLI_RUNTIME;
        } else {
            printf("%s\n", j.buf);
        }
        json_free(&j);
    } else {
        printf("file:               %s\n", path);
        printf("nodes:              %lld\n", (long long)n);
        printf("edges:              %lld (%s; %lld arcs stored)\n", (long long)gnn_graph_edge_count(g),
               directed ? "directed" : "undirected", (long long)gnn_graph_arc_count(g));
        printf("weighted:           %s\n", gnn_graph_is_weighted(g) ? "yes" : "no");
        printf("relations:          %lld\n", (long long)gnn_graph_relation_count(g));
        printf("node names:         %s\n", gnn_graph_has_names(g) ? "yes" : "no (integer ids)");
        printf("self-loops:         %lld\n", (long long)gnn_graph_self_loop_count(g));
        printf("isolated nodes:     %lld\n", (long long)isolated);
        printf("out-degree:         min %g, max %g, mean %.4g, median %g\n", so.min, so.max, so.mean, so.median);
        printf("in-degree:          min %g, max %g, mean %.4g, median %g\n", si.min, si.max, si.mean, si.median);
        printf("reciprocity:        %.4g\n", recip);
        printf("weak components:    %lld (largest: %lld nodes)\n", (long long)nweak, (long long)lweak);
        printf("strong components:  %lld (largest: %lld nodes)\n", (long long)nstrong, (long long)lstrong);
    }
    goto done;
fail:
    rc = cli_fail(ctx, "info", st);
done:
    free(dout);
    free(din);
    free(memb);
    gnn_graph_destroy(&g);
    return rc;
}

const cli_cmd_t cmd_info = {
    "info", "GRAPH [options]",
    "Print node and edge counts, degrees, self-loops, reciprocity and connected components of an edge list.",
    info_opts, info_inc, 1, 1, run_info,
};
