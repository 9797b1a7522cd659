/* progress.c: a one-line progress display on stderr, only on a terminal. */
#include "cli.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

/* The CLI is single-threaded: this state lives for the process. */
static struct {
    int active;
    double last;
    int shown;
} prog;

double gnn_i_cli_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void on_progress(void *ud, const char *stage, double done, double total) {
    (void)ud;
    double t = now();
    if (t - prog.last < 0.2 && !(total > 0 && done >= total)) return;
    prog.last = t;
    if (total > 0) fprintf(stderr, "\r%s: %.0f/%.0f (%.0f%%)   ", stage, done, total, 100.0 * done / total);
    else fprintf(stderr, "\r%s: %.0f   ", stage, done);
    fflush(stderr);
    prog.shown = 1;
}

void cli_progress_install(gnn_ctx_t *ctx, int quiet) {
    if (quiet || !isatty(STDERR_FILENO)) return;
    prog.active = 1;
    prog.last = 0;
    gnn_ctx_set_progress(ctx, on_progress, NULL);
}

void cli_progress_done(void) {
    if (prog.shown) {
        fprintf(stderr, "\r%60s\r", "");
        fflush(stderr);
        prog.shown = 0;
    }
}
