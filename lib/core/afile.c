/* afile.c: atomic output files.  Data goes to a temp file beside the target
 * (same directory, so rename(2) is atomic), which is flushed, fsync'ed and
 * renamed over the target only when complete.  A failure removes the temp
 * file and leaves any previous target untouched. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

struct gnn_i_afile {
    char *path;
    char *tmp; /* NULL for stdout */
    FILE *fp;
    gzFile gz;
    int failed;
};

int gnn_i_ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void afile_free(gnn_ctx_t *ctx, gnn_i_afile_t *f) {
    gnn_i_free(ctx, f->path);
    gnn_i_free(ctx, f->tmp);
    gnn_i_free(ctx, f);
}

gnn_status_t gnn_i_afile_open(gnn_ctx_t *ctx, const char *path, int gz, gnn_i_afile_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_afile_t *f = NULL;
    int fd = -1;
    *out = NULL;
    if (path == NULL || path[0] == '\0') return gnn_i_error(ctx, GNN_EINVAL, "empty output path");
    GNN_CALLOC(ctx, f, 1);
    f->path = gnn_i_strdup(ctx, path);
    if (f->path == NULL) {
        status = gnn_i_nomem(ctx, "path");
        goto fail;
    }
    if (strcmp(path, "-") == 0) {
        fd = dup(STDOUT_FILENO);
        if (fd < 0) {
            status = gnn_i_error(ctx, GNN_EIO, "cannot write to standard output: %s", strerror(errno));
            goto fail;
        }
    } else {
        size_t len = strlen(path);
        GNN_ALLOC(ctx, f->tmp, len + 16);
        snprintf(f->tmp, len + 16, "%s.tmp.XXXXXX", path);
        fd = mkstemp(f->tmp);
        if (fd < 0) {
            status = gnn_i_error(ctx, GNN_EIO, "%s: cannot create a temporary file beside it: %s", path,
                                 strerror(errno));
            gnn_i_free(ctx, f->tmp);
            f->tmp = NULL;
            goto fail;
        }
        /* mkstemp creates 0600; give the file the usual umask-based mode */
        mode_t um = umask(0);
        umask(um);
        (void)fchmod(fd, 0666 & ~um);
    }
    if (gz) {
        f->gz = gzdopen(fd, "wb6");
        if (f->gz == NULL) {
            status = gnn_i_error(ctx, GNN_EIO, "%s: cannot start gzip stream", path);
            goto fail;
        }
        gzbuffer(f->gz, 1 << 18);
    } else {
        f->fp = fdopen(fd, "wb");
        if (f->fp == NULL) {
            status = gnn_i_error(ctx, GNN_EIO, "%s: %s", path, strerror(errno));
            goto fail;
        }
        setvbuf(f->fp, NULL, _IOFBF, 1 << 18);
    }
    *out = f;
    return GNN_SUCCESS;
fail:
    if (f != NULL && f->gz == NULL && f->fp == NULL && fd >= 0) close(fd);
    if (f != NULL && f->tmp != NULL) unlink(f->tmp);
    if (f != NULL) afile_free(ctx, f);
    return status;
}

gnn_status_t gnn_i_afile_write(gnn_ctx_t *ctx, gnn_i_afile_t *f, const void *buf, size_t len) {
    if (f->failed) return GNN_EIO;
    if (len == 0) return GNN_SUCCESS;
    int ok;
    if (f->gz != NULL) {
        ok = 1;
        const char *p = buf;
        while (len > 0 && ok) {
            unsigned chunk = len > (1u << 30) ? (1u << 30) : (unsigned)len;
            ok = gzwrite(f->gz, p, chunk) == (int)chunk;
            p += chunk;
            len -= chunk;
        }
    } else {
        ok = fwrite(buf, 1, len, f->fp) == len;
    }
    if (!ok) {
        f->failed = 1;
        return gnn_i_error(ctx, GNN_EIO, "%s: write failed: %s", f->path, strerror(errno));
    }
    return GNN_SUCCESS;
}

gnn_status_t gnn_i_afile_printf(gnn_ctx_t *ctx, gnn_i_afile_t *f, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return gnn_i_error(ctx, GNN_EIO, "%s: formatting failed", f->path);
    if ((size_t)n < sizeof buf) return gnn_i_afile_write(ctx, f, buf, (size_t)n);
    char *big = gnn_i_malloc(ctx, (size_t)n + 1);
    if (big == NULL) return gnn_i_nomem(ctx, "output line");
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    gnn_status_t st = gnn_i_afile_write(ctx, f, big, (size_t)n);
    gnn_i_free(ctx, big);
    return st;
}

gnn_status_t gnn_i_afile_commit(gnn_ctx_t *ctx, gnn_i_afile_t **pf) {
    gnn_i_afile_t *f = *pf;
    gnn_status_t status = GNN_SUCCESS;
    *pf = NULL;
    if (f == NULL) return GNN_SUCCESS;
    int bad = f->failed;
    if (f->gz != NULL) {
        if (gzclose(f->gz) != Z_OK) bad = 1;
    } else {
        if (fflush(f->fp) != 0) bad = 1;
        if (f->tmp != NULL && fsync(fileno(f->fp)) != 0) bad = 1;
        if (fclose(f->fp) != 0) bad = 1;
    }
    if (bad) {
        status = gnn_i_error(ctx, GNN_EIO, "%s: write failed (disk full?): %s", f->path, strerror(errno));
        if (f->tmp) unlink(f->tmp);
    } else if (f->tmp != NULL && rename(f->tmp, f->path) != 0) {
        status = gnn_i_error(ctx, GNN_EIO, "%s: cannot rename the finished temp file into place: %s",
                             f->path, strerror(errno));
        unlink(f->tmp);
    }
    afile_free(ctx, f);
    return status;
}

void gnn_i_afile_abort(gnn_ctx_t *ctx, gnn_i_afile_t **pf) {
    if (pf == NULL || *pf == NULL) return;
    gnn_i_afile_t *f = *pf;
    *pf = NULL;
    if (f->gz != NULL) gzclose(f->gz);
    if (f->fp != NULL) fclose(f->fp);
    if (f->tmp != NULL) unlink(f->tmp);
    afile_free(ctx, f);
}
