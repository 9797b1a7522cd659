/* fuzz_edgelist.c: libFuzzer target for the edge-list parser.  The first
 * byte picks the options; every parse must either succeed with a consistent
 * graph or fail with a message.  Build with --enable-fuzz (clang); without
 * libFuzzer, fuzz_replay.c runs the corpus through the same function. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gnn/gnn.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    const uint8_t sel = data[0];
    static const char *formats[] = {"auto", "uv", "uvw", "hrt"}, *delims[] = {"auto", "ws", "tab", "comma"},
                      *ids[] = {"auto", "names", "names", "auto"}, /* ids=int may ask for 2^31 nodes: unit-tested instead */
                      *dups[] = {"auto", "sum", "max", "first", "keep", "error", "auto", "auto"};
    gnn_ctx_t *ctx = NULL;
    gnn_opts_t *o = NULL;
    gnn_graph_t *g = NULL;
    if (gnn_ctx_create(&ctx) != GNN_SUCCESS || gnn_opts_create(&o) != GNN_SUCCESS) __builtin_trap();
    gnn_ctx_set_threads(ctx, 1);
    gnn_opts_set(o, "format", formats[sel & 3]);
    gnn_opts_set(o, "delimiter", delims[(sel >> 2) & 3]);
    gnn_opts_set(o, "ids", ids[(sel >> 4) & 3]);
    gnn_opts_set(o, "directed", (sel >> 6) & 1 ? "0" : "1");
    gnn_opts_set(o, "duplicates", dups[(sel >> 5) & 7]);
    if (sel & 0x80) {
        gnn_opts_set(o, "max-line", "40");
        gnn_opts_set(o, "self-loops", "error");
    }
    gnn_status_t st = gnn_graph_parse(ctx, (const char *)data + 1, size - 1, "fuzz", o, &g);
    if (st < 0) {
        if (g != NULL || gnn_ctx_errmsg(ctx)[0] == '\0') __builtin_trap();
    } else {
        const int64_t n = gnn_graph_node_count(g), m = gnn_graph_arc_count(g);
        if (n < 1 || m < 1) __builtin_trap();
        int64_t deg = 0;
        for (int64_t v = 0; v < n; v++) deg += gnn_graph_degree_of(g, v, GNN_OUT);
        if (deg != m) __builtin_trap();
        int64_t probe[3] = {0, n / 2, n - 1};
        for (int k = 0; k < 3; k++) {
            const char *name = gnn_graph_node_name(g, probe[k]);
            char buf[32];
            if (name == NULL) {
                snprintf(buf, sizeof buf, "%lld", (long long)probe[k]);
                name = buf;
            }
            int64_t id = -1;
            if (gnn_graph_node_id(ctx, g, name, &id) != GNN_SUCCESS || id != probe[k]) __builtin_trap();
        }
    }
    gnn_graph_destroy(&g);
    gnn_opts_destroy(&o);
    gnn_ctx_destroy(&ctx);
    return 0;
}
