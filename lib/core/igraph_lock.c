/* igraph_lock.c: serialises calls into igraph.
 *
 * Debian's igraph 0.10 is built with IGRAPH_THREAD_SAFE 0: its error handler,
 * warning handler and scratch state are process-global, and the default
 * error handler aborts the process.  libgnn therefore calls igraph only
 * between gnn_i_igraph_enter() and gnn_i_igraph_leave(), which hold one lock
 * and install the "ignore" handlers (restoring the caller's afterwards), so
 * an igraph failure becomes a status code and never an abort.  This lock is
 * the only process-wide object in libgnn; it guards a dependency, not state. */
#include "internal.h"

#include <igraph.h>
#include <pthread.h>

static pthread_mutex_t igraph_mutex = PTHREAD_MUTEX_INITIALIZER;
static igraph_error_handler_t *saved_error;
static igraph_warning_handler_t *saved_warning;

void gnn_i_igraph_enter(void) {
    pthread_mutex_lock(&igraph_mutex);
    saved_error = igraph_set_error_handler(igraph_error_handler_ignore);
    saved_warning = igraph_set_warning_handler(igraph_warning_handler_ignore);
}

void gnn_i_igraph_leave(void) {
    igraph_set_error_handler(saved_error);
    igraph_set_warning_handler(saved_warning);
    pthread_mutex_unlock(&igraph_mutex);
}
