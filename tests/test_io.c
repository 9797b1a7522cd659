/* test_io.c: the edge-list reader's dialects, round trips through the
 * writer, every bad input of tests/data/bad (each .expect file holds the
 * options, the message and the file:line:col prefix), node tables, pairs,
 * atomic writes, and a failing-allocator loop. */
#include "check.h"
#include "../lib/core/internal.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static gnn_graph_t *parse(gnn_ctx_t *ctx, const char *text, const char *opts) {
    gnn_opts_t *o = NULL;
    gnn_graph_t *g = NULL;
    gnn_opts_create(&o);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", opts ? opts : "");
    for (char *kv = strtok(buf, " "); kv; kv = strtok(NULL, " ")) {
        char *eq = strchr(kv, '=');
        if (eq) *eq = '\0', gnn_opts_set(o, kv, eq + 1);
    }
    if (gnn_graph_parse(ctx, text, strlen(text), "t", o, &g) < 0) fprintf(stderr, "  parse: %s\n", gnn_ctx_errmsg(ctx));
    gnn_opts_destroy(&o);
    return g;
}

static int64_t id_of(gnn_ctx_t *ctx, const gnn_graph_t *g, const char *name) {
    int64_t id = -1;
    gnn_graph_node_id(ctx, g, name, &id);
    return id;
}

static void test_dialects(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_graph_t *g;
    g = parse(ctx, "# comment\n% also\n\n0 1\n1\t2\n  2   3  \r\n3 0", NULL);
    REQUIRE(g, "whitespace");
    CHECK(gnn_graph_node_count(g) == 4 && gnn_graph_arc_count(g) == 4 && !gnn_graph_has_names(g), "ints, comments, CRLF, no final newline");
    gnn_graph_destroy(&g);
    g = parse(ctx, "a , b , 0.5\nb,c,2\n", NULL);
    REQUIRE(g, "comma");
    CHECK(gnn_graph_is_weighted(g) && gnn_graph_find_arc(g, id_of(ctx, g, "a"), id_of(ctx, g, "b")) >= 0, "comma with blanks");
    gnn_graph_destroy(&g);
    g = parse(ctx, "new york\tboston\nboston\tlos angeles\n", NULL);
    REQUIRE(g, "tab");
    CHECK(gnn_graph_node_count(g) == 3 && id_of(ctx, g, "new york") == 0, "tab-separated names may hold spaces");
    gnn_graph_destroy(&g);
    g = parse(ctx, "u v w\n1 2 3\n", "header=1");
    REQUIRE(g, "header");
    CHECK(gnn_graph_arc_count(g) == 1, "header skipped");
    gnn_graph_destroy(&g);
    /* ids: auto keeps integers; one name switches everything, in order of appearance */
    g = parse(ctx, "5 7\n7 9\n", NULL);
    REQUIRE(g, "ints");
    CHECK(gnn_graph_node_count(g) == 10 && gnn_graph_find_arc(g, 5, 7) >= 0, "integer ids keep their value, n = max + 1");
    gnn_graph_destroy(&g);
    g = parse(ctx, "5 7\n7 x\n007 5\n", NULL);
    REQUIRE(g, "switch");
    CHECK(gnn_graph_has_names(g) && gnn_graph_node_count(g) == 4 && id_of(ctx, g, "5") == 0 && id_of(ctx, g, "7") == 1 &&
              id_of(ctx, g, "x") == 2 && id_of(ctx, g, "007") == 3, "switch to names; '007' is its own name");
    gnn_graph_destroy(&g);
    g = parse(ctx, "1 2\n3 4\n", "ids=names");
    REQUIRE(g, "names");
    CHECK(gnn_graph_node_count(g) == 4 && id_of(ctx, g, "3") == 2, "ids=names");
    gnn_graph_destroy(&g);
    g = parse(ctx, "+1 02\n", "ids=int");
    REQUIRE(g, "ids=int leading zero");
    CHECK(gnn_graph_find_arc(g, 1, 2) >= 0, "ids=int accepts '+1' and '02'");
    gnn_graph_destroy(&g);
    /* formats */
    g = parse(ctx, "a likes b\nb likes c\nc hates a\n", NULL);
    REQUIRE(g, "hrt");
    CHECK(gnn_graph_relation_count(g) == 2 && strcmp(gnn_graph_relation_name(g, 1), "hates") == 0, "auto: hrt with relation names");
    gnn_graph_destroy(&g);
    g = parse(ctx, "00260881\t_hypernym\t00260622\n", "format=hrt");
    REQUIRE(g, "WN18RR style");
    CHECK(gnn_graph_relation_count(g) == 1 && gnn_graph_node_count(g) == 2, "numeric entities with format=hrt");
    gnn_graph_destroy(&g);
    g = parse(ctx, "alice bob 3\n", NULL);
    REQUIRE(g, "uvw");
    CHECK(gnn_graph_is_weighted(g) && gnn_graph_relation_count(g) == 0, "a number in the third column is a weight");
    gnn_graph_destroy(&g);
    g = parse(ctx, "1 2 9\n", "format=uv");
    CHECK(g == NULL, "format=uv refuses three columns");
    /* direction and policies */
    g = parse(ctx, "a b 1\nb a 2\na a 5\n", "directed=0");
    REQUIRE(g, "undirected");
    CHECK(!gnn_graph_is_directed(g) && gnn_graph_arc_count(g) == 3 && gnn_graph_edge_count(g) == 2, "a-b given twice merges");
    float w[3];
    gnn_graph_arcs(ctx, g, NULL, NULL, w, NULL);
    CHECK(w[gnn_graph_find_arc(g, 0, 1)] == 3, "auto policy sums weights (%g)", w[gnn_graph_find_arc(g, 0, 1)]);
    gnn_graph_destroy(&g);
    g = parse(ctx, "a b\na b\nb b\n", "duplicates=keep self-loops=drop");
    REQUIRE(g, "policies");
    CHECK(gnn_graph_arc_count(g) == 2 && gnn_graph_self_loop_count(g) == 0, "keep duplicates, drop loops");
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

static void read_all(const char *path, char *buf, size_t size) {
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, size - 1, f) : 0;
    buf[n] = '\0';
    if (f) fclose(f);
}

static void test_gzip_and_files(void) {
    gnn_ctx_t *ctx = check_ctx();
    char path[512];
    snprintf(path, sizeof path, "%s/in.tsv.gz", check_tmpdir());
    gzFile z = gzopen(path, "wb");
    REQUIRE(z != NULL, "gzopen");
    for (int i = 0; i < 2000; i++) gzprintf(z, "n%d\tn%d\t%d.5\n", i, (i * 7) % 2000, i % 5);
    gzclose(z);
    gnn_graph_t *g = NULL;
    OK(ctx, gnn_graph_read(ctx, path, NULL, &g));
    CHECK(gnn_graph_node_count(g) == 2000 && gnn_graph_arc_count(g) == 2000 && gnn_graph_is_weighted(g), "gzip input");
    gnn_graph_destroy(&g);
    /* missing file, directory */
    CHECK(gnn_graph_read(ctx, "/no/such/file.tsv", NULL, &g) == GNN_EIO && g == NULL, "missing file");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "/no/such/file.tsv: cannot open") != NULL, "message: %s", gnn_ctx_errmsg(ctx));
    CHECK(gnn_graph_read(ctx, check_tmpdir(), NULL, &g) == GNN_EIO, "a directory");
    CHECK(strstr(gnn_ctx_errmsg(ctx), "is a directory") != NULL, "message: %s", gnn_ctx_errmsg(ctx));
    if (geteuid() != 0) {
        snprintf(path, sizeof path, "%s/noread.tsv", check_tmpdir());
        FILE *f = fopen(path, "w");
        fputs("1 2\n", f);
        fclose(f);
        chmod(path, 0);
        CHECK(gnn_graph_read(ctx, path, NULL, &g) == GNN_EIO, "unreadable file");
    }
    gnn_ctx_destroy(&ctx);
}

static void test_bad_inputs(void) {
    gnn_ctx_t *ctx = check_ctx();
    const char *names[] = {"columns_few", "columns_many", "weight_text", "weight_nan", "weight_inf", "weight_huge",
                           "negative_id", "negative_id_int", "nonint_id", "empty", "comments_only", "long_line",
                           "id_over", "id_huge", "nul_byte", "duplicate", "self_loop", "hrt_short", "comma_empty"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char exp[1024], file[600];
        snprintf(file, sizeof file, "%s", check_data("bad/"));
        strcat(file, names[i]);
        strcat(file, ".expect");
        read_all(file, exp, sizeof exp);
        char *opts = exp, *msg = strchr(exp, '\n'), *where = NULL;
        REQUIRE(msg != NULL, "%s: malformed .expect", names[i]);
        *msg++ = '\0';
        where = strchr(msg, '\n');
        REQUIRE(where != NULL, "%s: malformed .expect", names[i]);
        *where++ = '\0';
        char *nl = strchr(where, '\n');
        if (nl) *nl = '\0';
        gnn_opts_t *o = NULL;
        gnn_opts_create(&o);
        if (opts[0]) {
            char *eq = strchr(opts, '=');
            *eq = '\0';
            gnn_opts_set(o, opts, eq + 1);
        }
        snprintf(file, sizeof file, "%s", check_data("bad/"));
        strcat(file, names[i]);
        strcat(file, ".txt");
        gnn_graph_t *g = NULL;
        gnn_status_t st = gnn_graph_read(ctx, file, o, &g);
        const char *err = gnn_ctx_errmsg(ctx);
        CHECK(st < 0 && g == NULL, "%s: refused (status %d)", names[i], st);
        CHECK(strstr(err, msg) != NULL, "%s: message has '%s': %s", names[i], msg, err);
        CHECK(strstr(err, where) != NULL, "%s: message names '%s': %s", names[i], where, err);
        gnn_opts_destroy(&o);
        gnn_graph_destroy(&g);
    }
    gnn_ctx_destroy(&ctx);
}

static void test_roundtrip(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_graph_t *g = parse(ctx, "x y 0.1\ny z 1e-7\nz x 123456.789\nx x 3\n", NULL), *h = NULL;
    REQUIRE(g, "graph");
    const char *variants[][2] = {{"", "plain tsv"}, {"delimiter=space", "space"}, {"delimiter=comma", "comma"},
                                 {"header=1", "header"}, {"names=0", "ids"}};
    char path[512];
    for (size_t k = 0; k < sizeof variants / sizeof *variants; k++) {
        snprintf(path, sizeof path, "%s/rt%zu.tsv%s", check_tmpdir(), k, k == 2 ? ".gz" : "");
        gnn_opts_t *o = NULL, *r = NULL;
        gnn_opts_create(&o);
        gnn_opts_create(&r);
        if (variants[k][0][0]) {
            char b[64];
            snprintf(b, sizeof b, "%s", variants[k][0]);
            char *eq = strchr(b, '=');
            *eq = '\0';
            gnn_opts_set(o, b, eq + 1);
            if (strcmp(b, "header") == 0) gnn_opts_set(r, "header", "1");
        }
        OK(ctx, gnn_graph_write(ctx, g, path, o));
        OK(ctx, gnn_graph_read(ctx, path, r, &h));
        int same = gnn_graph_arc_count(h) == 4 && gnn_graph_node_count(h) == 3;
        float w1[4], w2[4];
        int64_t s1[4], d1[4];
        gnn_graph_arcs(ctx, g, s1, d1, w1, NULL);
        gnn_graph_arcs(ctx, h, NULL, NULL, w2, NULL);
        for (int e = 0; e < 4 && same; e++) {
            char a[32], b[32];
            snprintf(a, sizeof a, "%lld", (long long)s1[e]);
            snprintf(b, sizeof b, "%lld", (long long)d1[e]);
            const char *na = k == 4 ? a : gnn_graph_node_name(g, s1[e]), *nb = k == 4 ? b : gnn_graph_node_name(g, d1[e]);
            int64_t ea = gnn_graph_find_arc(h, id_of(ctx, h, na), id_of(ctx, h, nb));
            same = ea >= 0 && memcmp(&w2[ea], &w1[e], sizeof(float)) == 0;
        }
        CHECK(same, "round trip (%s): same arcs under names, bit-exact weights", variants[k][1]);
        gnn_graph_destroy(&h);
        gnn_opts_destroy(&o);
        gnn_opts_destroy(&r);
    }
    /* a knowledge graph keeps its relations */
    gnn_graph_t *kg = parse(ctx, "a r1 b\nb r2 c\n", NULL);
    snprintf(path, sizeof path, "%s/kg.tsv", check_tmpdir());
    OK(ctx, gnn_graph_write(ctx, kg, path, NULL));
    OK(ctx, gnn_graph_read(ctx, path, NULL, &h));
    CHECK(gnn_graph_relation_count(h) == 2 && strcmp(gnn_graph_relation_name(h, 1), "r2") == 0, "relations round trip");
    gnn_graph_destroy(&h);
    gnn_graph_destroy(&kg);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

static void test_tables_and_atomic(void) {
    gnn_ctx_t *ctx = check_ctx();
    gnn_graph_t *g = parse(ctx, "a b\nb c\n", NULL);
    REQUIRE(g, "graph");
    char path[512], buf[256];
    snprintf(path, sizeof path, "%s/labels.tsv", check_tmpdir());
    const int64_t lab[3] = {2, 0, 1};
    OK(ctx, gnn_write_node_ints(ctx, g, path, lab, 1));
    read_all(path, buf, sizeof buf);
    CHECK(strcmp(buf, "a\t2\nb\t0\nc\t1\n") == 0, "node table with names");
    int64_t got[3];
    OK(ctx, gnn_read_node_labels(ctx, g, path, got));
    CHECK(got[0] == 2 && got[1] == 0 && got[2] == 1, "labels read back");
    const double val[3] = {0.5, -1, 3};
    OK(ctx, gnn_write_node_doubles(ctx, g, path, val, 1));
    read_all(path, buf, sizeof buf);
    CHECK(strcmp(buf, "a\t0.5\nb\t-1\nc\t3\n") == 0, "doubles");
    FILE *f = fopen(path, "w");
    fputs("a 1\nzz 2\n", f);
    fclose(f);
    CHECK(gnn_read_node_labels(ctx, g, path, got) == GNN_ENOTFOUND && strstr(gnn_ctx_errmsg(ctx), "labels.tsv:2:1"),
          "unknown node: %s", gnn_ctx_errmsg(ctx));
    f = fopen(path, "w");
    fputs("a 1\na 2\n", f);
    fclose(f);
    CHECK(gnn_read_node_labels(ctx, g, path, got) == GNN_EDUPLICATE, "labelled twice");
    f = fopen(path, "w");
    fputs("a x\n", f);
    fclose(f);
    CHECK(gnn_read_node_labels(ctx, g, path, got) == GNN_EPARSE, "bad label");
    /* pairs: count, then read */
    snprintf(path, sizeof path, "%s/pairs.tsv", check_tmpdir());
    const int64_t ps[2] = {0, 2}, pd[2] = {1, 0};
    const double sc[2] = {0.25, 1};
    OK(ctx, gnn_write_pairs(ctx, g, path, ps, pd, sc, 2));
    int64_t cnt = 0, rs[2], rd[2];
    OK(ctx, gnn_read_pairs(ctx, g, path, NULL, NULL, &cnt));
    CHECK(cnt == 2, "pair count");
    OK(ctx, gnn_read_pairs(ctx, g, path, rs, rd, &cnt));
    CHECK(rs[1] == 2 && rd[1] == 0, "pairs read back (the score column is ignored)");
    /* atomic writes: a refused write leaves the old file and no temp file */
    snprintf(path, sizeof path, "%s/atomic", check_tmpdir());
    mkdir(path, 0777);
    strcat(path, "/out.tsv");
    OK(ctx, gnn_write_file(ctx, path, "old\n", 4));
    gnn_graph_t *sp = parse(ctx, "a b\tc\n", "delimiter=tab");
    gnn_opts_t *o = NULL;
    gnn_opts_create(&o);
    gnn_opts_set(o, "delimiter", "space");
    CHECK(gnn_graph_write(ctx, sp, path, o) == GNN_EINVAL, "a name with the separator is refused");
    read_all(path, buf, sizeof buf);
    CHECK(strcmp(buf, "old\n") == 0, "the old file is intact");
    char dir[512];
    snprintf(dir, sizeof dir, "ls '%s/atomic' | wc -l", check_tmpdir());
    FILE *p = popen(dir, "r");
    int n = 0;
    if (p) {
        if (fscanf(p, "%d", &n) != 1) n = -1;
        pclose(p);
    }
    CHECK(n == 1, "no temp file left (%d entries)", n);
    snprintf(path, sizeof path, "%s/no/dir/out.tsv", check_tmpdir());
    CHECK(gnn_graph_write(ctx, g, path, NULL) == GNN_EIO && strstr(gnn_ctx_errmsg(ctx), "no/dir/out.tsv"), "missing directory");
    gnn_opts_destroy(&o);
    gnn_graph_destroy(&sp);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
}

typedef struct brutal {
    long left, live;
} brutal_t;
static void *b_malloc(void *ud, size_t n) {
    brutal_t *b = ud;
    if (b->left-- <= 0) return NULL;
    b->live++;
    return malloc(n);
}
static void *b_realloc(void *ud, void *p, size_t n) {
    brutal_t *b = ud;
    if (b->left-- <= 0) return NULL;
    if (p == NULL) b->live++;
    return realloc(p, n);
}
static void b_free(void *ud, void *p) {
    brutal_t *b = ud;
    if (p) b->live--, free(p);
}

static void test_brutal_parse(void) {
    gnn_ctx_t *ctx = check_ctx();
    brutal_t b;
    OK(ctx, gnn_ctx_set_allocator(ctx, b_malloc, b_realloc, b_free, &b));
    static char text[20000];
    size_t len = 0;
    for (int i = 0; i < 800; i++) len += (size_t)snprintf(text + len, sizeof text - len, "n%d n%d %d\n", i % 97, (i * 13) % 101, i);
    int done = 0, bad = 0, k;
    for (k = 0; k < 2000 && !done; k++) {
        b.left = k;
        b.live = 0;
        gnn_graph_t *g = NULL;
        gnn_status_t st = gnn_graph_parse(ctx, text, len, "brutal", NULL, &g);
        if (st >= 0) done = 1;
        else if (st != GNN_ENOMEM || g != NULL) bad++;
        gnn_graph_destroy(&g);
        if (b.live != 0) bad++;
    }
    CHECK(done && bad == 0, "parse succeeds after %d allocations; %d failures leaked or misreported", k, bad);
    gnn_ctx_destroy(&ctx);
}

int main(void) {
    RUN(test_dialects);
    RUN(test_gzip_and_files);
    RUN(test_bad_inputs);
    RUN(test_roundtrip);
    RUN(test_tables_and_atomic);
    RUN(test_brutal_parse);
    return check_summary();
}
