/* cmd_convert.c: gnn-cli convert IN -o OUT */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt_t conv_opts[] = {
    {"out", 'o', "OUT", NULL, "edge list to write (required; .gz compresses)", NULL, NULL},
    {"from", 0, "auto|uv|uvw|hrt", "auto", "input columns (same as --format)", "read", "format"},
    {"to", 0, "auto|uv|uvw|hrt", "auto", "output columns (same as --out-format)", "write", "format"},
    {"undirected", 'u', NULL, NULL, "read each line as an undirected edge; write each edge once", NULL, NULL},
    {"order", 0, "rcm|nd|amd|part|degree", NULL,
     "renumber nodes for locality before writing (names, or the old ids as names, are kept)", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
static const cli_include_t conv_inc[] = {{"read", "", NULL}, {"write", "out-", NULL}, {NULL, NULL, NULL}};

static int run_convert(gnn_ctx_t *ctx, cli_args_t *a) {
    const char *in = a->pos[0], *out = cli_get(a, "out"), *order = cli_get(a, "order");
    gnn_graph_t *g = NULL, *r = NULL;
    char **names = NULL;
    gnn_status_t st;
    int rc = CLI_OK;
    if (out == NULL) return cli_usage("convert", "-o OUT is required");
    int method = -1;
    if (order != NULL) {
        static const char *m[] = {"rcm", "nd", "amd", "part", "degree"};
        for (int i = 0; i < 5; i++)
            if (strcmp(order, m[i]) == 0) method = i;
        if (method < 0) return cli_usage("convert", "--order: unknown method '%s' (rcm, nd, amd, part, degree)", order);
    }
    st = cli_read_graph(ctx, a, in, &g);
    if (st < 0) return cli_fail(ctx, "convert", st);
    if (method >= 0) {
        int64_t n = gnn_graph_node_count(g);
        if (!gnn_graph_has_names(g)) {
            /* keep the input's ids as names so the output still names them */
            names = calloc((size_t)n, sizeof *names);
            if (names == NULL) goto nomem;
            for (int64_t v = 0; v < n; v++) {
                names[v] = malloc(24);
                if (names[v] == NULL) goto nomem;
                snprintf(names[v], 24, "%lld", (long long)v);
            }
            st = gnn_graph_set_node_names(ctx, g, (const char *const *)names);
            if (st < 0) goto fail;
        }
        st = gnn_graph_reorder(ctx, g, method, &r);
        if (st < 0) goto fail;
        fprintf(stderr, "convert: mean |row - column| %.1f -> %.1f with %s\n", gnn_graph_bandwidth_mean(g),
                gnn_graph_bandwidth_mean(r), order);
        gnn_graph_destroy(&g);
        g = r;
        r = NULL;
    }
    st = gnn_graph_write(ctx, g, out, cli_group(a, "write"));
    if (st < 0) goto fail;
    goto done;
nomem:
    fprintf(stderr, "gnn-cli convert: out of memory\n");
    rc = CLI_RUNTIME;
    goto done;
fail:
    rc = cli_fail(ctx, "convert", st);
done:
    if (names)
        for (int64_t v = 0; g && v < gnn_graph_node_count(g); v++) free(names[v]);
    free(names);
    gnn_graph_destroy(&g);
    gnn_graph_destroy(&r);
    return rc;
}

const cli_cmd_t cmd_convert = {
    "convert", "IN -o OUT [--from FMT] [--to FMT] [options]",
    "Convert between edge-list dialects (columns, separators, names or ids, gzip), optionally renumbering the "
    "nodes for locality.",
    conv_opts, conv_inc, 1, 1, run_convert,
};
