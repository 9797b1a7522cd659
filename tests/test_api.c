/* test_api.c: the installed library seen from outside, linked against the
 * shared libgnn with public headers only (no internals reachable). */
#include "check.h"

#include <gnn/gnn.h>

static void test_roundtrip(void) {
    gnn_ctx_t *ctx = NULL;
    gnn_graph_t *g = NULL, *h = NULL;
    gnn_opts_t *o = NULL;
    REQUIRE(gnn_ctx_create(&ctx) == GNN_SUCCESS, "ctx");
    const char *text = "# a small named graph\nalice,bob,0.5\nbob,carol,2\ncarol,alice,1.25\n";
    OK(ctx, gnn_graph_parse(ctx, text, strlen(text), "mem.csv", NULL, &g));
    CHECK(gnn_graph_node_count(g) == 3 && gnn_graph_arc_count(g) == 3, "counts");
    CHECK(gnn_graph_is_weighted(g) && gnn_graph_is_directed(g) && gnn_graph_has_names(g), "flags");
    int64_t bob = -1, carol = -1;
    OK(ctx, gnn_graph_node_id(ctx, g, "bob", &bob));
    OK(ctx, gnn_graph_node_id(ctx, g, "carol", &carol));
    int64_t arc = gnn_graph_find_arc(g, bob, carol);
    REQUIRE(arc >= 0, "bob -> carol exists");
    float w[3];
    OK(ctx, gnn_graph_arcs(ctx, g, NULL, NULL, w, NULL));
    CHECK(w[arc] == 2.0f, "weight of bob -> carol is 2, got %g", w[arc]);
    char path[512];
    snprintf(path, sizeof path, "%s/api.tsv.gz", check_tmpdir());
    OK(ctx, gnn_graph_write(ctx, g, path, NULL));
    OK(ctx, gnn_graph_read(ctx, path, NULL, &h));
    CHECK(gnn_graph_arc_count(h) == 3 && strcmp(gnn_graph_node_name(h, 0), "alice") == 0, "read back");
    /* errors carry a message naming the source and line */
    gnn_graph_destroy(&h);
    OK(ctx, gnn_opts_create(&o));
    OK(ctx, gnn_opts_set(o, "ids", "int"));
    CHECK(gnn_graph_parse(ctx, "1 2\n3 x\n", 8, "ids.txt", o, &h) == GNN_EPARSE && h == NULL, "non-integer id");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "ids.txt:2:3:") != NULL, "message: %s", gnn_ctx_errmsg(ctx));
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

static void test_generate(void) {
    gnn_ctx_t *ctx = NULL;
    gnn_dataset_t *ds = NULL;
    REQUIRE(gnn_ctx_create(&ctx) == GNN_SUCCESS, "ctx");
    OK(ctx, gnn_dataset_generate(ctx, "er", NULL, &ds));
    const gnn_graph_t *g = gnn_dataset_graph(ds, 0);
    CHECK(g != NULL && gnn_graph_node_count(g) == 1000, "er default n");
    CHECK(gnn_dataset_graph(ds, 1) == NULL, "one graph");
    gnn_dataset_destroy(&ds);
    CHECK(ds == NULL, "destroy NULLs");
    CHECK(strlen(gnn_version()) >= 5, "version %s", gnn_version());
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_roundtrip);
    RUN(test_generate);
    return check_summary();
}
