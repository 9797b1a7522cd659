/* cmd_predict.c: gnn-cli predict --load MODEL --input GRAPH --pairs PAIRS -o SCORES
 * (cli.md): scores of node pairs (or KG triples) by a trained link model,
 * message passing over GRAPH; or the top-k tails of one (head, relation).
 * For a graph-classification model (pathnn): the class of every graph of a
 * graph set (--input DIR/NAME --format tu|graphs-tsv|ppgn|graph6). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt_t predict_opts[] = {
    {"load", 'l', "MODEL", NULL, "checkpoint written by 'fit --save' (required)", NULL, NULL},
    {"input", 'i', "GRAPH", NULL,
     "graph to pass messages on: an edge list (link prediction) or the training triples (knowledge graphs)", NULL, NULL},
    {"undirected", 'u', NULL, NULL, "read each line of the graph as an undirected edge", NULL, NULL},
    {"pairs", 'p', "PAIRS", NULL, "pairs to score: u v lines, or head relation tail lines for a knowledge graph", NULL,
     NULL},
    {"out", 'o', "FILE", NULL, "scores: the pair's line and its score (written atomically; default: stdout)", NULL, NULL},
    {"head", 0, "NODE", NULL, "top-k query: the source node", NULL, NULL},
    {"relation", 0, "NAME", NULL, "top-k query: the relation (append ^-1 for heads of the relation)", NULL, NULL},
    {"topk", 'k', "K", "10", "top-k query: how many candidates to print", NULL, NULL},
    {"features", 0, "FILE", NULL,
     "sparse node features node<TAB>feature<TAB>value, for a model trained with --features (walkpool)", NULL, NULL},
    {"format", 0, "FMT", NULL,
     "graph classification (pathnn): the graph set's layout, tu (--input DIR/NAME, the default), graphs-tsv, ppgn, graph6",
     NULL, NULL},
    {"probabilities", 0, "FILE", NULL, "graph classification: graph<TAB>p_0 ... p_(C-1) (written atomically)", NULL, NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};

static gnn_status_t no_pairs(const char *path) {
    fprintf(stderr, "gnn-cli predict: %s: no pairs\n", path);
    return GNN_EEMPTY;
}

typedef struct vec {
    int64_t *v;
    int64_t n, cap;
} vec_t;
static int vpush(vec_t *a, int64_t x) {
    if (a->n == a->cap) {
        int64_t nc = a->cap ? 2 * a->cap : 256;
        int64_t *p = realloc(a->v, sizeof(int64_t) * (size_t)nc);
        if (p == NULL) return -1;
        a->v = p, a->cap = nc;
    }
    a->v[a->n++] = x;
    return 0;
}

static gnn_status_t relation_of(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *name, int64_t R, int64_t *r) {
    size_t len = strlen(name);
    int inverse = len > 3 && strcmp(name + len - 3, "^-1") == 0;
    char buf[4096];
    snprintf(buf, sizeof buf, "%.*s", (int)(inverse ? len - 3 : len), name);
    gnn_status_t st = gnn_graph_relation_id(ctx, g, buf, r);
    if (st >= 0 && inverse) *r += R;
    return st;
}

/* a node's name, or its id */
static const char *node_label(const gnn_graph_t *g, int64_t x, char *buf, size_t size) {
    const char *name = gnn_graph_node_name(g, x);
    if (name == NULL) snprintf(buf, size, "%lld", (long long)x), name = buf;
    return name;
}

/* plain pairs "u v" through the library's reader (errors name the line) */
static gnn_status_t read_plain_pairs(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path, vec_t *u, vec_t *r,
                                     vec_t *v, char ***lines) {
    int64_t n = 0;
    gnn_status_t st = gnn_read_pairs(ctx, g, path, NULL, NULL, &n);
    if (st < 0) return st;
    if (n == 0) return no_pairs(path);
    u->v = malloc(sizeof(int64_t) * (size_t)n), v->v = malloc(sizeof(int64_t) * (size_t)n);
    r->v = calloc((size_t)n, sizeof(int64_t));
    *lines = calloc((size_t)n, sizeof(char *));
    if (!u->v || !v->v || !r->v || !*lines) return GNN_ENOMEM;
    st = gnn_read_pairs(ctx, g, path, u->v, v->v, &n);
    if (st < 0) return st;
    u->n = v->n = r->n = n;
    for (int64_t i = 0; i < n; i++) {
        char a[32], b[32], line[8192];
        snprintf(line, sizeof line, "%s\t%s", node_label(g, u->v[i], a, sizeof a), node_label(g, v->v[i], b, sizeof b));
        if (((*lines)[i] = strdup(line)) == NULL) return GNN_ENOMEM;
    }
    return GNN_SUCCESS;
}

/* KG triples: head<TAB>relation<TAB>tail */
static gnn_status_t read_pairs(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *path, int kg, int64_t R, vec_t *u,
                               vec_t *r, vec_t *v, char ***lines) {
    if (!kg) return read_plain_pairs(ctx, g, path, u, r, v, lines);
    FILE *f = fopen(path, "r");
    char buf[8192];
    int64_t lineno = 0, cap = 0;
    gnn_status_t st = GNN_SUCCESS;
    if (f == NULL) {
        fprintf(stderr, "gnn-cli predict: cannot open %s\n", path);
        return GNN_EIO;
    }
    while (fgets(buf, sizeof buf, f)) {
        lineno++;
        size_t len = strcspn(buf, "\r\n");
        buf[len] = '\0';
        if (len == 0 || buf[0] == '#') continue;
        char *fld[3] = {0}, *save = NULL, *p = buf;
        int k = 0;
        for (char *t = strtok_r(p, "\t", &save); t && k < 3; t = strtok_r(NULL, "\t", &save)) fld[k++] = t;
        if (k != 3) {
            fprintf(stderr, "gnn-cli predict: %s:%lld: expected head<TAB>relation<TAB>tail\n", path, (long long)lineno);
            st = GNN_EPARSE;
            break;
        }
        int64_t a, b, rel = 0;
        if ((st = gnn_graph_node_id(ctx, g, fld[0], &a)) < 0 || (st = gnn_graph_node_id(ctx, g, fld[2], &b)) < 0 ||
            (st = relation_of(ctx, g, fld[1], R, &rel)) < 0) {
            fprintf(stderr, "gnn-cli predict: %s:%lld: %s\n", path, (long long)lineno, gnn_ctx_errmsg(ctx));
            break;
        }
        if (vpush(u, a) || vpush(v, b) || vpush(r, rel)) {
            st = GNN_ENOMEM;
            break;
        }
        if (u->n > cap) {
            cap = 2 * u->n;
            char **nl = realloc(*lines, sizeof(char *) * (size_t)cap);
            if (nl == NULL) {
                u->n--; /* no line kept for it */
                st = GNN_ENOMEM;
                break;
            }
            *lines = nl;
        }
        char line[8192];
        snprintf(line, sizeof line, "%s\t%s\t%s", fld[0], fld[1], fld[2]);
        (*lines)[u->n - 1] = strdup(line);
        if ((*lines)[u->n - 1] == NULL) {
            st = GNN_ENOMEM;
            break;
        }
    }
    fclose(f);
    if (st >= 0 && u->n == 0) st = no_pairs(path);
    return st < 0 ? st : GNN_SUCCESS;
}

/* graph classification: the class (and probabilities) of every graph of
 * the set; accuracy and loss on stdout when the set has labels */
static int predict_graphs(gnn_ctx_t *ctx, cli_args_t *a, gnn_model_t *m) {
    const char *fmt = cli_get(a, "format");
    gnn_dataset_t *ds = NULL;
    int64_t *assign = NULL;
    double *vals = NULL;
    int rc = CLI_OK;
    if (cli_get(a, "pairs") || cli_get(a, "head")) {
        rc = cli_usage("predict", "model %s classifies graphs: give --input DIR/NAME --format FMT, not --pairs or --head",
                       gnn_model_name(m));
        goto done;
    }
    gnn_status_t st = gnn_dataset_load(ctx, fmt ? fmt : "tu", cli_get(a, "input"), NULL, &ds);
    if (st >= 0) st = gnn_model_predict(m, ds);
    if (st < 0) {
        rc = cli_fail(ctx, "predict", st);
        goto done;
    }
    const int64_t rows = gnn_model_output_rows(m), cols = gnn_model_output_cols(m);
    assign = malloc(sizeof(int64_t) * (size_t)(rows + 1));
    vals = malloc(sizeof(double) * (size_t)(rows * cols + 1));
    if (assign == NULL || vals == NULL) {
        fprintf(stderr, "gnn-cli predict: out of memory\n");
        rc = CLI_RUNTIME;
        goto done;
    }
    gnn_model_assignments(m, assign);
    gnn_model_outputs(m, vals);
    for (int64_t i = 0; i < gnn_model_metric_count(m); i++)
        printf("%-20s %.6g\n", gnn_model_metric_name(m, i), gnn_model_metric_value(m, i));
    if (cli_get(a, "out")) st = cli_write_graph_table(ctx, cli_get(a, "out"), rows, assign, NULL, 1);
    else
        for (int64_t i = 0; i < rows; i++) printf("%lld\t%lld\n", (long long)i, (long long)assign[i]);
    if (st >= 0 && cli_get(a, "probabilities"))
        st = cli_write_graph_table(ctx, cli_get(a, "probabilities"), rows, NULL, vals, cols);
    if (st < 0) rc = cli_fail(ctx, "predict", st);
done:
    free(assign);
    free(vals);
    gnn_dataset_destroy(&ds);
    return rc;
}

static int is_graph_model(const gnn_model_t *m) { return strcmp(gnn_model_name(m), "pathnn") == 0; }

static int run_predict(gnn_ctx_t *ctx, cli_args_t *a) {
    const char *load = cli_get(a, "load"), *input = cli_get(a, "input"), *pairs = cli_get(a, "pairs");
    const char *head = cli_get(a, "head"), *relname = cli_get(a, "relation");
    gnn_model_t *m = NULL;
    gnn_dataset_t *ds = NULL;
    gnn_graph_t *g = NULL;
    vec_t u = {0}, r = {0}, v = {0};
    char **lines = NULL, *buf = NULL;
    double *sc = NULL;
    int rc = CLI_OK;
    gnn_status_t st = GNN_SUCCESS;
    if (load == NULL) return cli_usage("predict", "--load MODEL is required");
    if (input == NULL) return cli_usage("predict", "--input GRAPH is required");
    st = gnn_model_load(ctx, load, &m);
    if (st < 0) goto fail;
    if (is_graph_model(m)) {
        rc = predict_graphs(ctx, a, m);
        goto done;
    }
    if (cli_get(a, "format") || cli_get(a, "probabilities")) {
        rc = cli_usage("predict", "--format and --probabilities apply to graph classification (pathnn)");
        goto done;
    }
    if ((pairs != NULL) == (head != NULL)) {
        rc = cli_usage("predict", "give --pairs PAIRS or --head NODE, one of them");
        goto done;
    }
    const int64_t topk = cli_get_int(a, "topk", 10);
    if (topk < 1) {
        rc = cli_usage("predict", "--topk must be >= 1");
        goto done;
    }
    /* knowledge-graph models keep "kg" 1 with the weights; other models
     * score plain pairs (or refuse in gnn_model_score_pairs) */
    const char *kgs = gnn_model_option(m, "kg"), *rs = gnn_model_option(m, "relations");
    const int kg = kgs ? atoi(kgs) : 0;
    const int64_t R = rs ? atoll(rs) : 1;
    if (kg && cli_get(a, "features")) {
        rc = cli_usage("predict", "--features does not apply to a knowledge-graph model");
        goto done;
    }
    if (kg) {
        st = gnn_dataset_load_triples(ctx, input, NULL, NULL, &ds);
    } else {
        st = cli_read_graph(ctx, a, input, &g);
        if (st >= 0) st = gnn_dataset_from_graph(ctx, &g, &ds);
        /* the width the model was trained with; nodes the graph lacks are refused */
        const char *dim = gnn_model_option(m, "in-dim");
        if (st >= 0 && cli_get(a, "features"))
            st = gnn_dataset_read_features(ctx, ds, cli_get(a, "features"), dim ? atoll(dim) : 0, 0);
    }
    if (st < 0) goto fail;
    const gnn_graph_t *dg = gnn_dataset_graph(ds, 0);
    if (kg && gnn_graph_relation_count(dg) != R) {
        fprintf(stderr, "gnn-cli predict: %s has %lld relations, the model was trained with %lld\n", input,
                (long long)gnn_graph_relation_count(dg), (long long)R);
        rc = CLI_RUNTIME;
        goto done;
    }
    if (kg && gnn_model_option(m, "relation-names")) {
        /* relation ids are the order of first appearance in the file: the
         * model's relation r must be this graph's relation r */
        const char *p = gnn_model_option(m, "relation-names");
        for (int64_t i = 0; i < R; i++) {
            const char *e = strchr(p, '\t');
            const size_t n = e ? (size_t)(e - p) : strlen(p);
            const char *have = gnn_graph_relation_name(dg, i);
            if (have == NULL || strlen(have) != n || strncmp(have, p, n) != 0) {
                fprintf(stderr,
                        "gnn-cli predict: %s numbers its relations differently from the model's training file: "
                        "relation %lld is '%s' there, '%.*s' in the model (give the training file, or one that "
                        "first mentions the relations in the same order)\n",
                        input, (long long)i, have ? have : "(unnamed)", (int)n, p);
                rc = CLI_RUNTIME;
                goto done;
            }
            p = e ? e + 1 : p + n;
        }
    }
    if (pairs) {
        st = read_pairs(ctx, dg, pairs, kg, R, &u, &r, &v, &lines);
        if (st < 0 && !kg && st != GNN_EEMPTY) goto fail; /* the library's message */
        if (st < 0) {
            rc = CLI_RUNTIME;
            goto done;
        }
    } else {
        int64_t h, rel = 0;
        if (kg && relname == NULL) {
            rc = cli_usage("predict", "--head on a knowledge graph needs --relation NAME");
            goto done;
        }
        st = gnn_graph_node_id(ctx, dg, head, &h);
        if (st >= 0 && kg) st = relation_of(ctx, dg, relname, R, &rel);
        if (st < 0) goto fail;
        for (int64_t x = 0; x < gnn_graph_node_count(dg); x++)
            if ((kg || x != h) && (vpush(&u, h) || vpush(&r, rel) || vpush(&v, x))) goto nomem; /* no self-pair */
    }
    sc = malloc(sizeof(double) * (size_t)u.n);
    if (sc == NULL) goto nomem;
    st = gnn_model_score_pairs(m, ds, u.n, u.v, kg ? r.v : NULL, v.v, sc);
    if (st < 0) goto fail;
    size_t cap = 1 << 16, len = 0;
    buf = malloc(cap);
    if (buf == NULL) goto nomem;
    if (pairs) {
        for (int64_t i = 0; i < u.n; i++) {
            if (len + strlen(lines[i]) + 64 > cap) {
                cap = 2 * (len + strlen(lines[i]) + 64);
                char *nb = realloc(buf, cap);
                if (nb == NULL) goto nomem;
                buf = nb;
            }
            len += (size_t)snprintf(buf + len, cap - len, "%s\t%.9g\n", lines[i], sc[i]);
        }
    } else {
        /* the k best candidates, best first (ties: smaller id first) */
        const int64_t n = u.n, k = topk < n ? topk : n;
        for (int64_t i = 0; i < k; i++) {
            int64_t best = -1;
            for (int64_t x = 0; x < n; x++)
                if (v.v[x] >= 0 && (best < 0 || sc[x] > sc[best])) best = x;
            char idb[32];
            const char *name = node_label(dg, v.v[best], idb, sizeof idb);
            if (len + strlen(name) + 64 > cap) {
                cap = 2 * (len + strlen(name) + 64);
                char *nb = realloc(buf, cap);
                if (nb == NULL) goto nomem;
                buf = nb;
            }
            len += (size_t)snprintf(buf + len, cap - len, "%lld\t%s\t%.9g\n", (long long)(i + 1), name, sc[best]);
            v.v[best] = -1;
        }
    }
    if (cli_get(a, "out")) {
        st = gnn_write_file(ctx, cli_get(a, "out"), buf, len);
        if (st < 0) goto fail;
    } else {
        fwrite(buf, 1, len, stdout);
    }
    goto done;
nomem:
    fprintf(stderr, "gnn-cli predict: out of memory\n");
    rc = CLI_RUNTIME;
    goto done;
fail:
    rc = cli_fail(ctx, "predict", st);
done:
    if (lines)
        for (int64_t i = 0; i < u.n; i++) free(lines[i]);
    free(lines);
    free(buf);
    free(sc);
    free(u.v), free(r.v), free(v.v);
    gnn_model_destroy(&m);
    gnn_dataset_destroy(&ds);
    gnn_graph_destroy(&g);
    return rc;
}

const cli_cmd_t cmd_predict = {
    "predict", "--load MODEL --input GRAPH (--pairs PAIRS | --head NODE [--relation NAME] [--topk K]) [-o SCORES]",
    "Score node pairs (or knowledge-graph triples) with a trained link model (nbfnet, walkpool), or list the top-k tails of "
    "one query.  Message passing runs over GRAPH: the edge list (link prediction) or the training triples.",
    predict_opts, NULL, 0, 0, run_predict,
};
