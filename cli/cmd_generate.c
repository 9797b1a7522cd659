/* cmd_generate.c: gnn-cli generate dsbm|sbm|er */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt_t gen_opts[] = {
    {"out", 'o', "GRAPH", NULL, "edge list to write (required)", NULL, NULL},
    {"labels", 0, "FILE", NULL, "write the ground-truth blocks as node<TAB>label (dsbm, sbm)", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};
/* every generator's options; the one chosen is checked by the library */
static const cli_include_t gen_inc[] = {
    {"generate.dsbm", "", NULL}, {"generate.sbm", "", NULL}, {"generate.er", "", NULL}, {NULL, NULL, NULL}};

/* an option of generate.dsbm as given, or its default */
static const char *dsbm_opt(const gnn_opts_t *o, const char *name) {
    const char *v = gnn_opts_get(o, name), *nm, *def = NULL;
    if (v) return v;
    for (int64_t i = 0; gnn_options_describe("generate.dsbm", i, &nm, NULL, &def, NULL) == GNN_SUCCESS; i++)
        if (strcmp(nm, name) == 0) return def;
    return NULL;
}

/* DIGRAC's beta for this DSBM: the meta-graph's edges, i.e. block pairs
 * with F[k,l] + F[l,k] > 0 when unjoined pairs get 0 (specs/digrac.md 3.3) */
static int64_t dsbm_beta(gnn_ctx_t *ctx, const gnn_opts_t *o) {
    const char *ks = dsbm_opt(o, "k"), *style = dsbm_opt(o, "style"), *eta = dsbm_opt(o, "eta"), *amb = dsbm_opt(o, "ambient");
    if (!ks || !style || !eta || !amb) return -1;
    const int64_t K = strtoll(ks, NULL, 10);
    if (K < 2 || K > 4096) return -1;
    double *F = malloc(sizeof(double) * (size_t)(K * K));
    int64_t b = -1;
    if (F && gnn_dsbm_metagraph(ctx, style, K, strtod(eta, NULL), strcmp(amb, "1") == 0 || strcmp(amb, "true") == 0, 0.0, F) >= 0) {
        b = 0;
        for (int64_t k = 0; k < K; k++)
            for (int64_t l = k + 1; l < K; l++) b += F[k * K + l] + F[l * K + k] > 0;
    }
    free(F);
    return b;
}

static int run_generate(gnn_ctx_t *ctx, cli_args_t *a) {
    const char *kind = a->pos[0], *out = cli_get(a, "out"), *labels = cli_get(a, "labels");
    gnn_dataset_t *ds = NULL;
    int64_t *lab = NULL;
    gnn_status_t st;
    int rc = CLI_OK;
    if (out == NULL) return cli_usage("generate", "-o GRAPH is required");
    if (strcmp(kind, "dsbm") && strcmp(kind, "sbm") && strcmp(kind, "er"))
        return cli_usage("generate", "unknown generator '%s' (dsbm, sbm, er)", kind);
    char group[32];
    snprintf(group, sizeof group, "generate.%s", kind);
    /* options were parsed into whichever group first knew the name; gather
     * the ones this generator knows into one set */
    gnn_opts_t *o = NULL;
    if (gnn_opts_create(&o) != GNN_SUCCESS) return CLI_RUNTIME;
    for (int i = 0; i < a->ngroups; i++) {
        gnn_opts_t *src = a->group[i];
        for (int64_t k = 0; k < gnn_opts_count(src); k++) {
            const char *name = gnn_opts_name(src, k), *oname;
            int known = 0;
            for (int64_t s = 0; gnn_options_describe(group, s, &oname, NULL, NULL, NULL) == GNN_SUCCESS; s++)
                if (strcmp(oname, name) == 0) known = 1;
            if (!known) {
                gnn_opts_destroy(&o);
                return cli_usage("generate", "option '--%s' does not apply to %s", name, kind);
            }
            gnn_opts_set(o, name, gnn_opts_value(src, k));
        }
    }
    st = gnn_dataset_generate(ctx, kind, o, &ds);
    int64_t beta = -1;
    if (st >= 0 && strcmp(kind, "dsbm") == 0) beta = dsbm_beta(ctx, o);
    gnn_opts_destroy(&o);
    if (st < 0) return cli_fail(ctx, "generate", st);
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    st = gnn_graph_write(ctx, g, out, NULL);
    if (st < 0) goto fail;
    if (labels != NULL) {
        if (!gnn_dataset_has_node_labels(ds)) {
            rc = cli_usage("generate", "--labels: generator %s has no ground truth", kind);
            goto done;
        }
        lab = malloc(sizeof(int64_t) * (size_t)gnn_graph_node_count(g));
        if (lab == NULL) {
            st = GNN_ENOMEM;
            goto fail;
        }
        gnn_dataset_node_labels(ds, lab);
        st = gnn_write_node_ints(ctx, g, labels, lab, 1);
        if (st < 0) goto fail;
    }
    fprintf(stderr, "generate %s: %lld nodes, %lld edges -> %s\n", kind, (long long)gnn_graph_node_count(g),
            (long long)gnn_graph_edge_count(g), out);
    if (beta > 0)
        fprintf(stderr, "generate dsbm: the meta-graph has %lld edges (DIGRAC: --beta %lld)\n", (long long)beta,
                (long long)beta);
    goto done;
fail:
    rc = cli_fail(ctx, "generate", st);
done:
    free(lab);
    gnn_dataset_destroy(&ds);
    return rc;
}

const cli_cmd_t cmd_generate = {
    "generate", "dsbm|sbm|er [options] -o GRAPH [--labels LABELS]",
    "Generate a random graph: the directed SBM of DIGRAC with a meta-graph (dsbm), a plain SBM (sbm) or "
    "Erdos-Renyi (er). Seeded by --seed.",
    gen_opts, gen_inc, 1, 1, run_generate,
};
