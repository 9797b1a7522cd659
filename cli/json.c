/* json.c: a minimal JSON writer for reports. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void put(cli_json_t *j, const char *s, size_t n) {
    if (j->failed) return;
    if (j->len + n + 1 > j->cap) {
        size_t nc = j->cap ? j->cap * 2 : 256;
        while (nc < j->len + n + 1) nc *= 2;
        char *b = realloc(j->buf, nc);
        if (b == NULL) {
            j->failed = 1;
            return;
        }
        j->buf = b;
        j->cap = nc;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = '\0';
}

static void sep(cli_json_t *j) {
    if (j->need_comma) put(j, ", ", 2);
    j->need_comma = 1;
}

void json_begin(cli_json_t *j, char open) {
    sep(j);
    put(j, &open, 1);
    j->need_comma = 0;
}

void json_end(cli_json_t *j, char close) {
    put(j, &close, 1);
    j->need_comma = 1;
}

void json_key(cli_json_t *j, const char *key) {
    json_str(j, key);
    put(j, ": ", 2);
    j->need_comma = 0;
}

void json_str(cli_json_t *j, const char *s) {
    sep(j);
    put(j, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            put(j, esc, 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            put(j, esc, 6);
        } else {
            put(j, (const char *)p, 1);
        }
    }
    put(j, "\"", 1);
}

void json_num(cli_json_t *j, double x) {
    char b[40];
    sep(j);
    if (!isfinite(x)) {
        put(j, "null", 4);
        return;
    }
    int n = snprintf(b, sizeof b, "%.10g", x);
    put(j, b, (size_t)n);
}

void json_int(cli_json_t *j, int64_t x) {
    char b[32];
    sep(j);
    int n = snprintf(b, sizeof b, "%lld", (long long)x);
    put(j, b, (size_t)n);
}

void json_bool(cli_json_t *j, int b) {
    sep(j);
    put(j, b ? "true" : "false", b ? 4 : 5);
}

void json_free(cli_json_t *j) {
    free(j->buf);
    memset(j, 0, sizeof *j);
}
