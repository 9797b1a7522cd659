/* cmd_fit.c: gnn-cli fit --model NAME --input GRAPH ... (cli.md) */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const cli_opt_t fit_opts[] = {
    {"model", 'm', "NAME", NULL, "model to train (required; see below)", NULL, NULL},
    {"input", 'i', "GRAPH", NULL, "edge list of the graph (required)", NULL, NULL},
    {"undirected", 'u', NULL, NULL, "read each line of the graph as an undirected edge", NULL, NULL},
    {"features", 0, "FILE", NULL, "sparse node features: node<TAB>feature<TAB>value", NULL, NULL},
    {"feature-dim", 0, "N", "largest index + 1", "feature dimension", NULL, NULL},
    {"labels", 0, "FILE", NULL, "node labels: node<TAB>label (-1: none)", NULL, NULL},
    {"split-dir", 0, "DIR", NULL,
     "node split folder: train_idx.txt, val_idx.txt, test_idx.txt; link models: train_pos.tsv, ..., test_neg.tsv", NULL,
     NULL},
    {"split", 0, "SPEC", NULL,
     "link models: TRAIN,VALID,TEST edge fractions with negatives (default 0.85,0.05,0.10); digrac: its node split "
     "(auto|stratified|all)", NULL, NULL},
    {"valid", 0, "FILE", NULL, "knowledge graphs (--task kg): validation triples", NULL, NULL},
    {"test", 0, "FILE", NULL, "knowledge graphs (--task kg): test triples", NULL, NULL},
    {"splits", 0, "FILE", NULL,
     "coded split file: node<TAB>s0 s1 ... (0 train, 1 valid, 2 test, -1 unused); pathnn: the folds (fair-comparison JSON)",
     NULL, NULL},
    {"format", 0, "FMT", "edgelist",
     "graph classification (pathnn): tu (--input DIR/NAME), graphs-tsv (DIR with edges.tsv: graph u v), ppgn, graph6",
     NULL, NULL},
    {"split-index", 0, "K", "0", "column of --splits to use", NULL, NULL},
    {"report", 0, "FILE", NULL, "JSON report of options, metrics and timing (written atomically)", NULL, NULL},
    {"log", 0, "FILE", NULL, "CSV, one row per epoch: epoch, seconds, train loss, validation metric", NULL, NULL},
    {"save", 0, "FILE", NULL, "checkpoint of the trained model", NULL, NULL},
    {"out", 'o', "FILE", NULL, "the model's main output: node<TAB>predicted class", NULL, NULL},
    {"probabilities", 0, "FILE", NULL, "node<TAB>p_0 ... p_(C-1)", NULL, NULL},
    {"rewire", 0, "borf:N,h,k", NULL, "rewire the graph with BORF (canonical mode) before training", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};

#define MAX_MODELS 16
static cli_include_t fit_inc[MAX_MODELS + 1];
static char fit_group_names[MAX_MODELS][64];

void cmd_fit_init(void);
void cmd_fit_init(void) {
    int k = 0;
    for (int64_t i = 0; gnn_model_builtin(i) && k < MAX_MODELS; i++, k++) {
        snprintf(fit_group_names[k], sizeof fit_group_names[k], "model.%s", gnn_model_builtin(i));
        fit_inc[k].group = fit_group_names[k];
        fit_inc[k].prefix = "";
        fit_inc[k].skip = NULL;
    }
    fit_inc[k].group = NULL;
}

static gnn_status_t write_report(gnn_ctx_t *ctx, const cli_args_t *a, const gnn_model_t *m, const char *path,
                                 double seconds) {
    cli_json_t j = {0};
    char group[80];
    snprintf(group, sizeof group, "model.%s", gnn_model_name(m));
    json_begin(&j, '{');
    json_key(&j, "model"), json_str(&j, gnn_model_name(m));
    json_key(&j, "input"), json_str(&j, cli_get(a, "input"));
    json_key(&j, "seed"), json_int(&j, cli_get_int(a, "seed", 0));
    json_key(&j, "threads"), json_int(&j, gnn_ctx_threads(ctx));
    json_key(&j, "params");
    json_begin(&j, '{');
    const char *name;
    for (int64_t i = 0; gnn_options_describe(group, i, &name, NULL, NULL, NULL) == GNN_SUCCESS; i++) {
        const char *v = gnn_model_option(m, name);
        json_key(&j, name);
        char *end;
        double x = v ? strtod(v, &end) : 0;
        if (v && end != v && *end == '\0' && isfinite(x)) json_num(&j, x);
        else json_str(&j, v ? v : "");
    }
    json_end(&j, '}');
    double epochs = NAN;
    gnn_model_metric(m, "epochs_run", &epochs);
    json_key(&j, "epochs_run"), json_num(&j, epochs);
    json_key(&j, "seconds"), json_num(&j, seconds);
    json_key(&j, "metrics");
    json_begin(&j, '{');
    for (int64_t i = 0; i < gnn_model_metric_count(m); i++) {
        json_key(&j, gnn_model_metric_name(m, i));
        json_num(&j, gnn_model_metric_value(m, i));
    }
    json_end(&j, '}');
    json_end(&j, '}');
    if (j.failed) {
        json_free(&j);
        return GNN_ENOMEM;
    }
    size_t len = j.len;
    j.buf[len] = '\n';
    gnn_status_t st = gnn_write_file(ctx, path, j.buf, len + 1);
    json_free(&j);
    return st;
}

static gnn_status_t write_log(gnn_ctx_t *ctx, const gnn_model_t *m, const char *path) {
    size_t cap = 64 + (size_t)gnn_model_history_count(m) * 96, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) return GNN_ENOMEM;
    len += (size_t)snprintf(buf, cap, "epoch,seconds,train_loss,valid_metric\n");
    for (int64_t i = 0; i < gnn_model_history_count(m); i++) {
        int64_t e;
        double s, l, v;
        gnn_model_history(m, i, &e, &s, &l, &v);
        len += (size_t)snprintf(buf + len, cap - len, "%lld,%.6f,%.9g,%.9g\n", (long long)e, s, l, v);
    }
    gnn_status_t st = gnn_write_file(ctx, path, buf, len);
    free(buf);
    return st;
}

/* link models: the dataset from --task kg triples, a --split-dir folder or
 * a seeded --split of the input graph's edges */
static int link_dataset(gnn_ctx_t *ctx, cli_args_t *a, const gnn_model_t *m, gnn_dataset_t **ds, gnn_status_t *st) {
    const char *input = cli_get(a, "input"), *task = gnn_model_option(m, "task");
    gnn_graph_t *g = NULL;
    gnn_split_t *sp = NULL;
    int64_t *u = NULL, *v = NULL;
    *st = GNN_SUCCESS;
    if ((task && strcmp(task, "kg") == 0) || cli_get(a, "valid") || cli_get(a, "test")) {
        if (task && strcmp(task, "linkpred") == 0) return cli_usage("fit", "--valid and --test are knowledge-graph options");
        if (!cli_get(a, "test")) return cli_usage("fit", "--task kg needs --test FILE (and --valid FILE for model selection)");
        *st = gnn_dataset_load_triples(ctx, input, cli_get(a, "valid"), cli_get(a, "test"), ds);
        return CLI_OK;
    }
    if (cli_get(a, "split-dir")) {
        if (cli_get(a, "split")) return cli_usage("fit", "give --split-dir or --split, not both");
        gnn_opts_t *lo = NULL;
        if (gnn_opts_create(&lo) != GNN_SUCCESS) return CLI_RUNTIME;
        gnn_opts_set(lo, "graph", input);
        gnn_opts_set(lo, "directed", cli_flag(a, "undirected") ? "0" : "1");
        *st = gnn_dataset_load(ctx, "seal", cli_get(a, "split-dir"), lo, ds);
        gnn_opts_destroy(&lo);
        return CLI_OK;
    }
    double fr[3] = {0.85, 0.05, 0.10};
    if (cli_get(a, "split")) {
        const char *p = cli_get(a, "split");
        char *end;
        for (int i = 0; i < 3; i++) {
            fr[i] = strtod(p, &end);
            if (end == p || (i < 2 && *end != ',') || (i == 2 && *end != '\0') || !(fr[i] >= 0))
                return cli_usage("fit", "--split: expected three fractions train,valid,test, got '%s'", cli_get(a, "split"));
            p = end + 1;
        }
        if (fabs(fr[0] + fr[1] + fr[2] - 1) > 1e-6 || fr[0] <= 0)
            return cli_usage("fit", "--split: the fractions must sum to 1 with train > 0, got '%s'", cli_get(a, "split"));
    }
    *st = cli_read_graph(ctx, a, input, &g);
    if (*st < 0) goto done;
    *st = gnn_split_edges(ctx, g, fr[1], fr[2], &sp);
    if (*st < 0) goto done;
    *st = gnn_dataset_from_graph(ctx, &g, ds);
    if (*st < 0) goto done;
    for (int p = 0; p < 3; p++)
        for (int pos = 0; pos < 2; pos++) {
            const int64_t k = gnn_split_count(sp, p, pos);
            if (k == 0 || (p == 0 && !pos)) continue; /* training negatives are drawn by the model */
            free(u), free(v);
            u = malloc(sizeof(int64_t) * (size_t)k), v = malloc(sizeof(int64_t) * (size_t)k);
            if (!u || !v) {
                *st = GNN_ENOMEM;
                goto done;
            }
            gnn_split_pairs(sp, p, pos, u, v);
            *st = gnn_dataset_set_pairs(ctx, *ds, p, pos, u, v, k);
            if (*st < 0) goto done;
        }
done:
    free(u), free(v);
    gnn_split_destroy(&sp);
    gnn_graph_destroy(&g);
    return CLI_OK;
}

static int is_graph_model(const char *name) { return strcmp(name, "pathnn") == 0; }

/* per-graph tables: graph index (0.. in file order)<TAB>values, through a
 * graph of `rows` unnamed nodes (cli.h) */
gnn_status_t cli_write_graph_table(gnn_ctx_t *ctx, const char *path, int64_t rows, const int64_t *ints,
                                      const double *vals, int64_t cols) {
    gnn_graph_t *idx = NULL;
    gnn_status_t st = gnn_graph_from_edges(ctx, rows, 0, NULL, NULL, NULL, NULL, 0, 0, &idx);
    if (st < 0) return st;
    st = ints ? gnn_write_node_ints(ctx, idx, path, ints, 1) : gnn_write_node_doubles(ctx, idx, path, vals, cols);
    gnn_graph_destroy(&idx);
    return st;
}

static int is_link_model(const char *name) {
    return strcmp(name, "nbfnet") == 0 || strcmp(name, "walkpool") == 0;
}

static int run_fit(gnn_ctx_t *ctx, cli_args_t *a) {
    const char *model = cli_get(a, "model"), *input = cli_get(a, "input");
    gnn_graph_t *g = NULL;
    gnn_dataset_t *ds = NULL;
    gnn_model_t *m = NULL;
    gnn_opts_t *mo = NULL;
    double *vals = NULL;
    int64_t *assign = NULL;
    int rc = CLI_OK;
    gnn_status_t st;
    if (model == NULL) return cli_usage("fit", "--model NAME is required");
    if (input == NULL) return cli_usage("fit", "--input GRAPH is required");
    if (gnn_model_summary(model) == NULL) return cli_usage("fit", "unknown model '%s' (gnn-cli fit --help lists them)", model);
    if (cli_get(a, "split-dir") && cli_get(a, "splits")) return cli_usage("fit", "give --split-dir or --splits, not both");
    /* the options of the chosen model */
    char group[80];
    snprintf(group, sizeof group, "model.%s", model);
    if (gnn_opts_create(&mo) != GNN_SUCCESS) return CLI_RUNTIME;
    for (int i = 0; i < a->ngroups; i++) {
        if (strncmp(a->group_name[i], "model.", 6) != 0) continue;
        for (int64_t k = 0; k < gnn_opts_count(a->group[i]); k++) {
            const char *name = gnn_opts_name(a->group[i], k), *oname;
            int known = 0;
            for (int64_t s = 0; gnn_options_describe(group, s, &oname, NULL, NULL, NULL) == GNN_SUCCESS; s++)
                known |= strcmp(oname, name) == 0;
            if (!known) {
                gnn_opts_destroy(&mo);
                return cli_usage("fit", "option '--%s' does not apply to model %s", name, model);
            }
            gnn_opts_set(mo, name, gnn_opts_value(a->group[i], k));
        }
    }
    if (!is_link_model(model) && cli_get(a, "split")) {
        /* --split is the command's for link models, the model's otherwise */
        const char *oname;
        int known = 0;
        for (int64_t s = 0; gnn_options_describe(group, s, &oname, NULL, NULL, NULL) == GNN_SUCCESS; s++)
            known |= strcmp(oname, "split") == 0;
        if (!known) {
            gnn_opts_destroy(&mo);
            return cli_usage("fit", "option '--split' does not apply to model %s", model);
        }
        gnn_opts_set(mo, "split", cli_get(a, "split"));
    }
    if (is_graph_model(model) && cli_get(a, "splits")) gnn_opts_set(mo, "splits", cli_get(a, "splits"));
    st = gnn_model_create(ctx, model, mo, &m);
    if (st < 0) goto fail;
    if (is_graph_model(model)) {
        const char *fmt = cli_get(a, "format");
        if (fmt == NULL || strcmp(fmt, "edgelist") == 0) fmt = "tu";
        if (cli_get(a, "rewire") || cli_get(a, "labels") || cli_get(a, "features") || cli_get(a, "split-dir") ||
            cli_get(a, "split")) {
            rc = cli_usage("fit", "--rewire, --labels, --features, --split-dir and --split do not apply to model %s", model);
            goto done;
        }
        st = gnn_dataset_load(ctx, fmt, input, NULL, &ds);
        if (st < 0) goto fail;
        goto train;
    } else if (cli_get(a, "format") && strcmp(cli_get(a, "format"), "edgelist") != 0) {
        rc = cli_usage("fit", "--format %s applies to graph classification (pathnn)", cli_get(a, "format"));
        goto done;
    }
    if (is_link_model(model)) {
        if (cli_get(a, "rewire") || cli_get(a, "labels") || cli_get(a, "splits"))
            return cli_usage("fit", "--rewire, --labels and --splits do not apply to link model %s", model);
        rc = link_dataset(ctx, a, m, &ds, &st);
        if (rc) goto done;
        if (st < 0) goto fail;
        if (cli_get(a, "features")) {
            st = gnn_dataset_read_features(ctx, ds, cli_get(a, "features"), cli_get_int(a, "feature-dim", 0), 1);
            if (st < 0) goto fail;
        }
        goto train;
    }
    st = cli_read_graph(ctx, a, input, &g);
    if (st < 0) goto fail;
    if (cli_get(a, "rewire")) {
        const char *rw = cli_get(a, "rewire");
        gnn_opts_t *bo = NULL;
        gnn_graph_t *r = NULL;
        int64_t added = 0, removed = 0;
        if (strncmp(rw, "borf:", 5) != 0) {
            rc = cli_usage("fit", "--rewire: expected borf:N,h,k, got '%s'", rw);
            goto done;
        }
        if (gnn_opts_create(&bo) != GNN_SUCCESS) goto nomem;
        rc = cli_parse_borf(rw + 5, bo);
        if (rc) {
            gnn_opts_destroy(&bo);
            goto done;
        }
        rc = CLI_OK;
        st = gnn_borf_rewire(ctx, g, bo, &r, &added, &removed);
        gnn_opts_destroy(&bo);
        if (st < 0) goto fail;
        fprintf(stderr, "fit: BORF %s: %lld edges -> %lld (%lld added, %lld removed)\n", rw + 5,
                (long long)gnn_graph_edge_count(g), (long long)gnn_graph_edge_count(r), (long long)added,
                (long long)removed);
        gnn_graph_destroy(&g);
        g = r;
    }
    st = gnn_dataset_from_graph(ctx, &g, &ds);
    if (st < 0) goto fail;
    if (cli_get(a, "labels")) {
        /* node classification may label nodes the edge list lacks (added as
         * isolated nodes); for clustering, labels only score: an unknown
         * node is an error, the graph is not changed */
        st = gnn_dataset_read_labels(ctx, ds, cli_get(a, "labels"), strcmp(model, "mpnn") == 0);
        if (st < 0) goto fail;
    }
    if (cli_get(a, "features")) {
        st = gnn_dataset_read_features(ctx, ds, cli_get(a, "features"), cli_get_int(a, "feature-dim", 0), 1);
        if (st < 0) goto fail;
    }
    if (cli_get(a, "split-dir")) {
        st = gnn_dataset_read_node_split(ctx, ds, cli_get(a, "split-dir"));
        if (st < 0) goto fail;
    } else if (cli_get(a, "splits")) {
        st = gnn_dataset_read_split_codes(ctx, ds, cli_get(a, "splits"), cli_get_int(a, "split-index", 0));
        if (st < 0) goto fail;
    }
train:;
    const double t0 = gnn_i_cli_now();
    st = gnn_model_fit(m, ds);
    const double seconds = gnn_i_cli_now() - t0;
    cli_progress_done();
    if (st < 0) goto fail;
    const gnn_graph_t *gg = gnn_dataset_graph(ds, 0);
    for (int64_t i = 0; i < gnn_model_metric_count(m); i++)
        printf("%-20s %.6g\n", gnn_model_metric_name(m, i), gnn_model_metric_value(m, i));
    printf("%-20s %.3f\n", "seconds", seconds);
    const int64_t rows = gnn_model_output_rows(m), cols = gnn_model_output_cols(m);
    if (cli_get(a, "out") && is_link_model(model)) {
        /* the test pairs' scores: u v score, positives then negatives */
        int64_t np = gnn_dataset_pair_count(ds, 2, 1), nn = gnn_dataset_pair_count(ds, 2, 0);
        if (rows == 0 || rows > np + nn) {
            fprintf(stderr, "gnn-cli fit: -o: model %s wrote no pair scores for this task\n", model);
            rc = CLI_RUNTIME;
            goto done;
        }
        int64_t *u = malloc(sizeof(int64_t) * (size_t)(np + nn)), *v = malloc(sizeof(int64_t) * (size_t)(np + nn));
        vals = malloc(sizeof(double) * (size_t)rows);
        assign = malloc(sizeof(int64_t) * (size_t)rows);
        if (!u || !v || !vals || !assign) {
            free(u), free(v);
            goto nomem;
        }
        gnn_dataset_pairs(ds, 2, 1, u, v);
        gnn_dataset_pairs(ds, 2, 0, u + np, v + np);
        gnn_model_assignments(m, assign); /* 1: a positive pair; a test limit keeps the first of each kind */
        int64_t kp = 0;
        for (int64_t i = 0; i < rows; i++) kp += assign[i] == 1;
        memmove(u + kp, u + np, sizeof(int64_t) * (size_t)(rows - kp));
        memmove(v + kp, v + np, sizeof(int64_t) * (size_t)(rows - kp));
        gnn_model_outputs(m, vals);
        st = gnn_write_pairs(ctx, gg, cli_get(a, "out"), u, v, vals, rows);
        free(u), free(v);
        if (st < 0) goto fail;
    } else if (cli_get(a, "out") && rows > 0 && is_graph_model(model)) {
        /* graph<TAB>predicted class, graphs numbered 0.. in file order */
        assign = malloc(sizeof(int64_t) * (size_t)rows);
        if (assign == NULL) goto nomem;
        gnn_model_assignments(m, assign);
        st = cli_write_graph_table(ctx, cli_get(a, "out"), rows, assign, NULL, 1);
        if (st < 0) goto fail;
    } else if (cli_get(a, "out") && rows > 0) {
        assign = malloc(sizeof(int64_t) * (size_t)rows);
        if (assign == NULL) goto nomem;
        gnn_model_assignments(m, assign);
        st = gnn_write_node_ints(ctx, gg, cli_get(a, "out"), assign, 1);
        if (st < 0) goto fail;
    }
    if (cli_get(a, "probabilities") && rows > 0 && is_graph_model(model)) {
        vals = malloc(sizeof(double) * (size_t)(rows * cols));
        if (vals == NULL) goto nomem;
        gnn_model_outputs(m, vals);
        st = cli_write_graph_table(ctx, cli_get(a, "probabilities"), rows, NULL, vals, cols);
        if (st < 0) goto fail;
    } else if (cli_get(a, "probabilities") && rows > 0) {
        vals = malloc(sizeof(double) * (size_t)(rows * cols));
        if (vals == NULL) goto nomem;
        gnn_model_outputs(m, vals);
        st = gnn_write_node_doubles(ctx, gg, cli_get(a, "probabilities"), vals, cols);
        if (st < 0) goto fail;
    }
    if (cli_get(a, "save")) {
        st = gnn_model_save(m, cli_get(a, "save"));
        if (st < 0) goto fail;
    }
    if (cli_get(a, "log")) {
        st = write_log(ctx, m, cli_get(a, "log"));
        if (st < 0) goto fail;
    }
    if (cli_get(a, "report")) {
        st = write_report(ctx, a, m, cli_get(a, "report"), seconds);
        if (st < 0) goto fail;
    }
    goto done;
nomem:
    fprintf(stderr, "gnn-cli fit: out of memory\n");
    rc = CLI_RUNTIME;
    goto done;
fail:
    rc = cli_fail(ctx, "fit", st);
done:
    free(vals);
    free(assign);
    gnn_opts_destroy(&mo);
    gnn_model_destroy(&m);
    gnn_dataset_destroy(&ds);
    gnn_graph_destroy(&g);
    return rc;
}

const cli_cmd_t cmd_fit = {
    "fit", "--model NAME --input GRAPH [options]",
    "Train a model on a graph and report its metrics. Models: mpnn (node classification with any aggregator), "
    "digrac (directed clustering), herm, herm_rw, bi_sym, disg_lr (spectral baselines), nbfnet (link prediction, "
    "knowledge-graph completion), walkpool (link prediction), pathnn (graph classification: --format tu).",
    fit_opts, fit_inc, 0, 0, run_fit,
};
