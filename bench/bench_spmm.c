/* bench_spmm.c: Y = A X with 64-wide features on a power-law graph
 * (R-MAT, 2^20 nodes, 10^7 arcs by default; GNN_BENCH_EDGES overrides):
 * a serial reference loop, the library kernel with 1 and all threads, and
 * the library kernel after each locality ordering of gnn_graph_reorder.
 * Bandwidth is reported against a STREAM triad measured in the same run,
 * and GraphBLAS (plus-times mxm) is timed as a peer when it is installed. */
#include "bench_util.h"
#include "../lib/core/internal.h"

#include <math.h>
#ifdef HAVE_GRAPHBLAS
#include <GraphBLAS.h>
#endif

#define F 64

static void spmm_reference(const gnn_graph_t *g, const float *X, float *Y) {
    for (int64_t u = 0; u < g->n; u++) {
        float *y = Y + u * F;
        for (int c = 0; c < F; c++) y[c] = 0;
        for (int64_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
            for (int c = 0; c < F; c++) y[c] += X[(int64_t)g->out_idx[e] * F + c];
    }
}

static double best_of(int reps, gnn_ctx_t *ctx, const gnn_graph_t *g, const float *X, float *Y, int ref) {
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        double t = bench_now();
        if (ref) spmm_reference(g, X, Y);
        else gnn_i_spmm(ctx, g, GNN_OUT, 0, X, F, Y);
        t = bench_now() - t;
        if (t < best) best = t;
    }
    return best;
}

static double gbytes(const gnn_graph_t *g) {
    /* the CSR once, one X row per arc, Y written once */
    return (8.0 * (double)(g->n + 1) + 4.0 * (double)g->m + 4.0 * F * (double)g->m + 4.0 * F * (double)g->n) / 1e9;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const int64_t m = bench_env_int("GNN_BENCH_EDGES", 10000000);
    const int scale = 20, reps = 5;
    gnn_ctx_t *ctx = NULL;
    gnn_ctx_create(&ctx);
    const int threads = (int)gnn_ctx_threads(ctx);
    int64_t *u = malloc(sizeof(int64_t) * (size_t)m), *v = malloc(sizeof(int64_t) * (size_t)m);
    bench_rmat(3, scale, m, u, v);
    gnn_graph_t *g = NULL;
    if (gnn_graph_from_edges(ctx, (int64_t)1 << scale, m, u, v, NULL, NULL, 0, GNN_DUP_SUM, &g) < 0) {
        fprintf(stderr, "%s\n", gnn_ctx_errmsg(ctx));
        return 1;
    }
    free(u), free(v);
    const int64_t n = g->n;
    float *X = malloc(sizeof(float) * (size_t)(n * F)), *Y = malloc(sizeof(float) * (size_t)(n * F)),
          *R = malloc(sizeof(float) * (size_t)(n * F));
    for (int64_t i = 0; i < n * F; i++) X[i] = (float)((i * 2654435761u) % 1000) / 1000.0f;
    const double stream = bench_stream_gbs(threads);
    printf("bench_spmm: Y = A X, A R-MAT with %lld nodes and %lld arcs (power-law, shuffled ids), X %lld x %d\n",
           (long long)n, (long long)g->m, (long long)n, F);
    printf("memory bandwidth (STREAM triad, %d threads): %.1f GB/s\n\n", threads, stream);
    printf("%-34s %10s %9s %10s %9s %12s\n", "", "ms", "GB/s", "of STREAM", "speed-up", "mean |i-j|");
    const double bytes = gbytes(g);
    double t_ref = best_of(2, ctx, g, X, R, 1);
    printf("%-34s %10.1f %9.2f %9.2f%% %9.2f %12.0f\n", "serial reference loop", 1e3 * t_ref, bytes / t_ref,
           100 * bytes / t_ref / stream, 1.0, gnn_graph_bandwidth_mean(g));
    gnn_ctx_set_threads(ctx, 1);
    double t1 = best_of(reps, ctx, g, X, Y, 0);
    int same = memcmp(Y, R, sizeof(float) * (size_t)(n * F)) == 0;
    printf("%-34s %10.1f %9.2f %9.2f%% %9.2f\n", "libgnn kernel, 1 thread", 1e3 * t1, bytes / t1, 100 * bytes / t1 / stream,
           t_ref / t1);
    gnn_ctx_set_threads(ctx, threads);
    double tt = best_of(reps, ctx, g, X, Y, 0);
    same &= memcmp(Y, R, sizeof(float) * (size_t)(n * F)) == 0;
    printf("%-34s %10.1f %9.2f %9.2f%% %9.2f\n", "libgnn kernel, all threads", 1e3 * tt, bytes / tt,
           100 * bytes / tt / stream, t_ref / tt);
    printf("%-34s %s\n\n", "", same ? "(bitwise equal to the reference)" : "(DIFFERS from the reference)");
    const char *names[5] = {"RCM", "METIS nested dissection", "SuiteSparse AMD", "METIS parts", "degree"};
    int all_ok = same;
    for (int k = 0; k < 5; k++) {
        gnn_graph_t *r = NULL;
        double to = bench_now();
        if (gnn_graph_reorder(ctx, g, k, &r) < 0) {
            printf("%-34s failed: %s\n", names[k], gnn_ctx_errmsg(ctx));
            continue;
        }
        to = bench_now() - to;
        /* X permuted to the new order: row i of the new graph is node origin(i) */
        float *Xp = malloc(sizeof(float) * (size_t)(n * F));
        for (int64_t i = 0; i < n; i++) memcpy(Xp + i * F, X + gnn_graph_origin_id(r, i) * F, sizeof(float) * F);
        double t = best_of(reps, ctx, r, Xp, Y, 0);
        double maxdiff = 0;
        for (int64_t i = 0; i < n; i += 97) {
            const float *a = Y + i * F, *b = R + gnn_graph_origin_id(r, i) * F;
            for (int c = 0; c < F; c++) maxdiff = fmax(maxdiff, fabs(a[c] - b[c]) / (1 + fabs(b[c])));
        }
        all_ok &= maxdiff < 1e-5;
        char label[64];
        snprintf(label, sizeof label, "after %s", names[k]);
        printf("%-34s %10.1f %9.2f %9.2f%% %9.2f %12.0f   (ordering took %.1f s)\n", label, 1e3 * t, bytes / t,
               100 * bytes / t / stream, t_ref / t, gnn_graph_bandwidth_mean(r), to);
        free(Xp);
        gnn_graph_destroy(&r);
    }
#ifdef HAVE_GRAPHBLAS
    {
        GrB_init(GrB_NONBLOCKING);
        GxB_Global_Option_set(GxB_NTHREADS, threads);
        GrB_Matrix A = NULL, Xm = NULL, Ym = NULL;
        GrB_Index *Ap = malloc(sizeof(GrB_Index) * (size_t)(n + 1)), *Aj = malloc(sizeof(GrB_Index) * (size_t)g->m);
        float *Ax = malloc(sizeof(float)), *Xx = malloc(sizeof(float) * (size_t)(n * F));
        for (int64_t i = 0; i <= n; i++) Ap[i] = (GrB_Index)g->out_ptr[i];
        for (int64_t e = 0; e < g->m; e++) Aj[e] = (GrB_Index)g->out_idx[e];
        Ax[0] = 1.0f;
        memcpy(Xx, X, sizeof(float) * (size_t)(n * F));
        GxB_Matrix_import_CSR(&A, GrB_FP32, n, n, &Ap, &Aj, (void **)&Ax, sizeof(GrB_Index) * (n + 1),
                              sizeof(GrB_Index) * g->m, sizeof(float), true, false, NULL);
        GxB_Matrix_import_FullR(&Xm, GrB_FP32, n, F, (void **)&Xx, sizeof(float) * n * F, false, NULL);
        double best = 1e30;
        for (int r = 0; r < reps; r++) {
            GrB_Matrix_new(&Ym, GrB_FP32, n, F);
            double t = bench_now();
            GrB_mxm(Ym, NULL, NULL, GrB_PLUS_TIMES_SEMIRING_FP32, A, Xm, NULL);
            GrB_Matrix_wait(Ym, GrB_MATERIALIZE);
            t = bench_now() - t;
            if (t < best) best = t;
            if (r < reps - 1) GrB_Matrix_free(&Ym);
        }
        double maxdiff = 0;
        for (int64_t i = 0; i < n; i += 4099)
            for (int c = 0; c < F; c += 7) {
                float yv = 0;
                GrB_Matrix_extractElement_FP32(&yv, Ym, (GrB_Index)i, (GrB_Index)c);
                maxdiff = fmax(maxdiff, fabs(yv - R[i * F + c]) / (1 + fabs(R[i * F + c])));
            }
        printf("\n%-34s %10.1f %9.2f %9.2f%%   libgnn (all threads, input order) / GraphBLAS = %.2f%s\n",
               "GraphBLAS 7 GrB_mxm (peer)", 1e3 * best, bytes / best, 100 * bytes / best / stream, tt / best,
               maxdiff < 1e-4 ? "" : "  (GraphBLAS result differs!)");
        GrB_Matrix_free(&A), GrB_Matrix_free(&Xm), GrB_Matrix_free(&Ym);
        GrB_finalize();
    }
#else
    printf("\n(GraphBLAS not found at configure time: no peer measurement)\n");
#endif
    printf("\n%s\n", all_ok ? "all results agree with the reference" : "SOME RESULTS DISAGREE");
    free(X), free(Y), free(R);
    gnn_graph_destroy(&g);
    gnn_ctx_destroy(&ctx);
    return all_ok ? 0 : 1;
}
