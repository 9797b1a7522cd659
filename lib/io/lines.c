/* lines.c: buffered line input shared by every text reader.  Files go
 * through zlib's gzread, which reads plain and gzip files alike; lines are
 * split in place in a 4 MiB block buffer, NUL-terminated and writable. */
#include "../core/internal.h"
#include "lines.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define BLOCK (4u << 20)

struct gnn_i_lines {
    char *name;
    gzFile gz;
    const char *mem;
    size_t mem_len, mem_pos;
    char *buf;
    size_t cap, len, pos, max_line;
    int eof;
    int64_t lineno;
};

static gnn_status_t lines_alloc(gnn_ctx_t *ctx, const char *name, size_t max_line, gnn_i_lines_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    GNN_CALLOC(ctx, lr, 1);
    lr->max_line = max_line;
    lr->cap = BLOCK;
    if (lr->cap < max_line * 2 + 2) lr->cap = max_line * 2 + 2;
    GNN_ALLOC(ctx, lr->buf, lr->cap);
    lr->name = gnn_i_strdup(ctx, name);
    if (lr->name == NULL) {
        status = gnn_i_nomem(ctx, "file name");
        goto fail;
    }
    *out = lr;
    return GNN_SUCCESS;
fail:
    gnn_i_lines_close(ctx, &lr);
    return status;
}

gnn_status_t gnn_i_lines_open(gnn_ctx_t *ctx, const char *path, size_t max_line, gnn_i_lines_t **out) {
    gnn_status_t status = GNN_SUCCESS;
    gnn_i_lines_t *lr = NULL;
    int fd = -1;
    *out = NULL;
    if (path == NULL || path[0] == '\0') return gnn_i_error(ctx, GNN_EINVAL, "empty file name");
    if (strcmp(path, "-") == 0) {
        fd = dup(STDIN_FILENO);
    } else {
        struct stat st;
        if (stat(path, &st) != 0)
            return gnn_i_error(ctx, GNN_EIO, "%s: cannot open: %s", path, strerror(errno));
        if (S_ISDIR(st.st_mode))
            return gnn_i_error(ctx, GNN_EIO, "%s: is a directory, not a file", path);
        fd = open(path, O_RDONLY);
    }
    if (fd < 0) return gnn_i_error(ctx, GNN_EIO, "%s: cannot open: %s", path, strerror(errno));
    status = lines_alloc(ctx, path, max_line, &lr);
    if (status < 0) {
        close(fd);
        return status;
    }
    lr->gz = gzdopen(fd, "rb");
    if (lr->gz == NULL) {
        close(fd);
        status = gnn_i_error(ctx, GNN_ENOMEM, "%s: cannot start zlib stream", path);
        goto fail;
    }
    gzbuffer(lr->gz, 1 << 20);
    *out = lr;
    return GNN_SUCCESS;
fail:
    gnn_i_lines_close(ctx, &lr);
    return status;
}

gnn_status_t gnn_i_lines_open_mem(gnn_ctx_t *ctx, const char *data, size_t len, const char *name,
                                  size_t max_line, gnn_i_lines_t **out) {
    *out = NULL;
    if (data == NULL && len > 0) return gnn_i_error(ctx, GNN_EINVAL, "%s: data is NULL", name);
    gnn_status_t status = lines_alloc(ctx, name, max_line, out);
    if (status < 0) return status;
    (*out)->mem = data;
    (*out)->mem_len = len;
    return GNN_SUCCESS;
}

void gnn_i_lines_close(gnn_ctx_t *ctx, gnn_i_lines_t **plr) {
    if (plr == NULL || *plr == NULL) return;
    gnn_i_lines_t *lr = *plr;
    if (lr->gz != NULL) gzclose(lr->gz);
    gnn_i_free(ctx, lr->buf);
    gnn_i_free(ctx, lr->name);
    gnn_i_free(ctx, lr);
    *plr = NULL;
}

const char *gnn_i_lines_name(const gnn_i_lines_t *lr) {
    return lr->name;
}

int64_t gnn_i_lines_lineno(const gnn_i_lines_t *lr) {
    return lr->lineno;
}

static gnn_status_t too_long(gnn_ctx_t *ctx, gnn_i_lines_t *lr) {
    return gnn_i_error(ctx, GNN_EPARSE, "%s:%lld: line longer than %zu bytes", lr->name,
                       (long long)lr->lineno + 1, lr->max_line);
}

gnn_status_t gnn_i_lines_next(gnn_ctx_t *ctx, gnn_i_lines_t *lr, char **line, size_t *len) {
    for (;;) {
        char *start = lr->buf + lr->pos;
        size_t avail = lr->len - lr->pos;
        char *nl = avail ? memchr(start, '\n', avail) : NULL;
        size_t l;
        if (nl != NULL) {
            l = (size_t)(nl - start);
            if (l > lr->max_line) return too_long(ctx, lr);
            lr->pos += l + 1;
        } else if (avail > lr->max_line) {
            return too_long(ctx, lr);
        } else if (lr->eof) {
            if (avail == 0) return 0;
            l = avail; /* last line without a newline; the buffer has room for the NUL */
            lr->pos = lr->len;
        } else {
            memmove(lr->buf, start, avail);
            lr->len = avail;
            lr->pos = 0;
            size_t room = lr->cap - 1 - lr->len, got;
            if (lr->gz != NULL) {
                int r = gzread(lr->gz, lr->buf + lr->len, (unsigned)room);
                if (r < 0) {
                    int zerr;
                    const char *msg = gzerror(lr->gz, &zerr);
                    return gnn_i_error(ctx, GNN_EIO, "%s: read error: %s", lr->name,
                                       zerr == Z_ERRNO ? strerror(errno) : msg);
                }
                got = (size_t)r;
            } else {
                got = lr->mem_len - lr->mem_pos;
                if (got > room) got = room;
                memcpy(lr->buf + lr->len, lr->mem + lr->mem_pos, got);
                lr->mem_pos += got;
            }
            if (got == 0) lr->eof = 1;
            lr->len += got;
            continue;
        }
        if (l > 0 && start[l - 1] == '\r') l--;
        start[l] = '\0';
        lr->lineno++;
        *line = start;
        *len = l;
        return 1;
    }
}

int gnn_i_is_blank_or_comment(const char *line, size_t len) {
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
    return i == len || line[i] == '#' || line[i] == '%';
}

int gnn_i_split_fields(char *line, size_t len, int max, char **field, size_t *flen, size_t *fcol) {
    int k = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == ',')) i++;
        if (i >= len) break;
        if (k == max) return max + 1;
        size_t st = i;
        while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != ',') i++;
        field[k] = line + st;
        flen[k] = i - st;
        if (fcol) fcol[k] = st + 1;
        line[i < len ? i : len] = '\0';
        k++;
        i++;
    }
    return k;
}
