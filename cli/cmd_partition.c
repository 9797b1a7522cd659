/* cmd_partition.c: gnn-cli partition GRAPH --parts K -o PARTS, and
 * gnn-cli split GRAPH --valid X --test Y -o DIR */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const cli_opt_t part_opts[] = {
    {"parts", 'k', "K", NULL, "number of parts (required)", NULL, NULL},
    {"out", 'o', "PARTS", NULL, "node<TAB>part file to write (required)", NULL, NULL},
    {"weighted", 'w', NULL, NULL, "use edge weights (rounded, at least 1) as METIS edge weights", NULL, NULL},
    {"undirected", 'u', NULL, NULL, "read each line as an undirected edge", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
static const cli_include_t read_inc[] = {{"read", "", NULL}, {NULL, NULL, NULL}};

static int run_partition(gnn_ctx_t *ctx, cli_args_t *a) {
    const char *out = cli_get(a, "out");
    int64_t parts = cli_get_int(a, "parts", 0);
    gnn_graph_t *g = NULL;
    int64_t *part = NULL, cut = 0;
    int rc = CLI_OK;
    if (out == NULL) return cli_usage("partition", "-o PARTS is required");
    if (parts < 1) return cli_usage("partition", "--parts K is required (K >= 1)");
    gnn_status_t st = cli_read_graph(ctx, a, a->pos[0], &g);
    if (st < 0) return cli_fail(ctx, "partition", st);
    part = malloc(sizeof(int64_t) * (size_t)gnn_graph_node_count(g));
    if (part == NULL) {
        st = GNN_ENOMEM;
        goto fail;
    }
    st = gnn_graph_partition(ctx, g, parts, cli_flag(a, "weighted"), part, &cut);
    if (st < 0) goto fail;
    st = gnn_write_node_ints(ctx, g, out, part, 1);
    if (st < 0) goto fail;
    {
        int64_t *size = calloc((size_t)parts, sizeof *size), mx = 0;
        if (size) {
            for (int64_t v = 0; v < gnn_graph_node_count(g); v++) size[part[v]]++;
            for (int64_t p = 0; p < parts; p++)
                if (size[p] > mx) mx = size[p];
            fprintf(stderr, "partition: %lld parts, edge cut %lld, largest part %lld nodes (balance %.3f)\n",
                    (long long)parts, (long long)cut, (long long)mx,
                    (double)mx * (double)parts / (double)gnn_graph_node_count(g));
            free(size);
        }
    }
    goto done;
fail:
    rc = cli_fail(ctx, "partition", st);
done:
    free(part);
    gnn_graph_destroy(&g);
    return rc;
}

const cli_cmd_t cmd_partition = {
    "partition", "GRAPH --parts K -o PARTS [options]",
    "Partition the nodes into K balanced parts with a small edge cut (METIS k-way on the symmetrised graph).",
    part_opts, read_inc, 1, 1, run_partition,
};

/* ---------------------------------------------------------------- split */

static const cli_opt_t split_opts[] = {
    {"out", 'o', "DIR", NULL, "directory for train_pos.tsv ... test_neg.tsv (created; required)", NULL, NULL},
    {"valid", 0, "X", "0.05", "share of edges for validation", NULL, NULL},
    {"test", 0, "X", "0.1", "share of edges for testing", NULL, NULL},
    {"undirected", 'u', NULL, NULL, "read each line as an undirected edge", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};

static int run_split(gnn_ctx_t *ctx, cli_args_t *a) {
    const char *dir = cli_get(a, "out");
    double valid = cli_get_double(a, "valid", 0.05), test = cli_get_double(a, "test", 0.1);
    gnn_graph_t *g = NULL;
    gnn_split_t *s = NULL;
    int64_t *u = NULL, *v = NULL;
    int rc = CLI_OK;
    if (dir == NULL) return cli_usage("split", "-o DIR is required");
    gnn_status_t st = cli_read_graph(ctx, a, a->pos[0], &g);
    if (st < 0) return cli_fail(ctx, "split", st);
    st = gnn_split_edges(ctx, g, valid, test, &s);
    if (st < 0) goto fail;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gnn-cli split: cannot create %s: %s\n", dir, strerror(errno));
        rc = CLI_RUNTIME;
        goto done;
    }
    static const char *part_name[3] = {"train", "valid", "test"};
    for (int p = 0; p < 3; p++)
        for (int pos = 1; pos >= 0; pos--) {
            int64_t k = gnn_split_count(s, p, pos);
            if (k == 0) continue;
            free(u);
            free(v);
            u = malloc(sizeof(int64_t) * (size_t)k);
            v = malloc(sizeof(int64_t) * (size_t)k);
            if (!u || !v) {
                st = GNN_ENOMEM;
                goto fail;
            }
            gnn_split_pairs(s, p, pos, u, v);
            char path[4096];
            snprintf(path, sizeof path, "%s/%s_%s.tsv", dir, part_name[p], pos ? "pos" : "neg");
            st = gnn_write_pairs(ctx, g, path, u, v, NULL, k);
            if (st < 0) goto fail;
        }
    fprintf(stderr, "split: %lld train, %lld valid, %lld test positives (and as many negatives) in %s\n",
            (long long)gnn_split_count(s, 0, 1), (long long)gnn_split_count(s, 1, 1),
            (long long)gnn_split_count(s, 2, 1), dir);
    goto done;
fail:
    rc = cli_fail(ctx, "split", st);
done:
    free(u);
    free(v);
    gnn_split_destroy(&s);
    gnn_graph_destroy(&g);
    return rc;
}

const cli_cmd_t cmd_split = {
    "split", "GRAPH -o DIR [--valid X] [--test Y] [options]",
    "Split the edges into train/valid/test with as many negative pairs each (seeded), in the SEAL layout "
    "that 'fit --split-dir' reads.",
    split_opts, read_inc, 1, 1, run_split,
};
