/* bench_load.c: reading a 10-million-edge edge list (GNN_BENCH_EDGES
 * overrides), with integer ids and with named nodes, against the I/O floor
 * measured in the same run: reading the file through zlib and counting its
 * lines.  Each measurement runs in a child process, so its peak memory is
 * its own; memory is also given as a ratio to the size of the final graph. */
#include "bench_util.h"
#include "../lib/core/internal.h"

#include <zlib.h>

static void write_file(const char *path, int named, const int64_t *u, const int64_t *v, int64_t m) {
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    setvbuf(f, NULL, _IOFBF, 1 << 22);
    for (int64_t e = 0; e < m; e++) {
        if (named) fprintf(f, "user%lld\tuser%lld\n", (long long)u[e], (long long)v[e]);
        else fprintf(f, "%lld\t%lld\n", (long long)u[e], (long long)v[e]);
    }
    fclose(f);
}

typedef struct result {
    double seconds, peak_mb, graph_mb;
    int64_t nodes, arcs;
} result_t;

static result_t measure(const char *path, int mode) {
    int fd[2];
    result_t res = {0};
    if (pipe(fd) != 0) return res;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        result_t r = {0};
        double t = bench_now();
        if (mode == 0) { /* I/O floor: zlib read + line count */
            gzFile z = gzopen(path, "rb");
            static char buf[1 << 22];
            int k;
            int64_t lines = 0;
            gzbuffer(z, 1 << 20);
            while ((k = gzread(z, buf, sizeof buf)) > 0)
                for (int i = 0; i < k; i++) lines += buf[i] == '\n';
            gzclose(z);
            r.arcs = lines;
        } else {
            gnn_ctx_t *ctx = NULL;
            gnn_graph_t *g = NULL;
            gnn_ctx_create(&ctx);
            if (gnn_graph_read(ctx, path, NULL, &g) < 0) {
                fprintf(stderr, "%s\n", gnn_ctx_errmsg(ctx));
                _exit(1);
            }
            r.nodes = g->n;
            r.arcs = g->m;
            double bytes = 8.0 * (double)(g->n + 1) * 2 + 4.0 * (double)g->m * 2 + 8.0 * (double)g->m;
            if (g->node_names) bytes += (double)g->node_names->pool_len + 8.0 * (double)g->node_names->count;
            r.graph_mb = bytes / 1e6;
        }
        r.seconds = bench_now() - t;
        r.peak_mb = bench_peak_mb();
        if (write(fd[1], &r, sizeof r) != (ssize_t)sizeof r) _exit(1);
        _exit(0);
    }
    close(fd[1]);
    if (read(fd[0], &res, sizeof res) != (ssize_t)sizeof res) fprintf(stderr, "measurement failed\n");
    close(fd[0]);
    waitpid(pid, NULL, 0);
    return res;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const int64_t m = bench_env_int("GNN_BENCH_EDGES", 10000000);
    const int scale = 20;
    const char *tmp = getenv("TMPDIR") && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
    char pint[512], pname[512];
    snprintf(pint, sizeof pint, "%s/gnn-bench-%lld.tsv", tmp, (long long)m);
    snprintf(pname, sizeof pname, "%s/gnn-bench-%lld-named.tsv", tmp, (long long)m);
    if (access(pint, R_OK) != 0 || access(pname, R_OK) != 0) {
        int64_t *u = malloc(sizeof(int64_t) * (size_t)m), *v = malloc(sizeof(int64_t) * (size_t)m);
        bench_rmat(1, scale, m, u, v);
        write_file(pint, 0, u, v, m);
        write_file(pname, 1, u, v, m);
        free(u), free(v);
    }
    printf("bench_load: %lld-edge R-MAT graph (2^%d nodes), power-law degrees, shuffled ids\n\n", (long long)m, scale);
    printf("%-28s %9s %10s %10s %10s %12s\n", "", "seconds", "M edges/s", "peak MB", "graph MB", "peak/graph");
    const char *paths[2] = {pint, pname}, *names[2] = {"integer ids", "named nodes"};
    for (int k = 0; k < 2; k++) {
        result_t io = measure(paths[k], 0), rd = measure(paths[k], 1);
        printf("%-28s %9.2f %10.2f %10.1f %10s %12s\n", k ? "I/O floor (named file)" : "I/O floor (integer file)", io.seconds,
               (double)io.arcs / io.seconds / 1e6, io.peak_mb, "-", "-");
        printf("%-28s %9.2f %10.2f %10.1f %10.1f %12.2f\n", names[k], rd.seconds, (double)m / rd.seconds / 1e6, rd.peak_mb,
               rd.graph_mb, rd.peak_mb / rd.graph_mb);
        printf("%-28s %9.2fx of the I/O floor; %lld nodes, %lld arcs\n\n", "", rd.seconds / io.seconds, (long long)rd.nodes,
               (long long)rd.arcs);
    }
    return 0;
}
