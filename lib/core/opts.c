/* opts.c: options by name, kept as text, checked against option tables. */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct opt_kv {
    char *name;
    char *value;
} opt_kv_t;

struct gnn_opts {
    int64_t count, cap;
    opt_kv_t *kv;
};

/* gnn_opts_t objects use plain malloc: they are created before any context
 * exists (bindings fill them from argument lists). */
gnn_status_t gnn_opts_create(gnn_opts_t **out) {
    if (out == NULL) return GNN_EINVAL;
    *out = calloc(1, sizeof **out);
    return *out == NULL ? GNN_ENOMEM : GNN_SUCCESS;
}

void gnn_opts_destroy(gnn_opts_t **po) {
    if (po == NULL || *po == NULL) return;
    gnn_opts_t *o = *po;
    for (int64_t i = 0; i < o->count; i++) {
        free(o->kv[i].name);
        free(o->kv[i].value);
    }
    free(o->kv);
    free(o);
    *po = NULL;
}

static char *norm_name(const char *name) {
    char *s = strdup(name);
    if (s != NULL)
        for (char *p = s; *p; p++)
            if (*p == '_') *p = '-';
    return s;
}

static int name_eq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char ca = *a == '_' ? '-' : *a, cb = *b == '_' ? '-' : *b;
        if (ca != cb) return 0;
    }
    return *a == *b;
}

static int64_t find(const gnn_opts_t *o, const char *name) {
    for (int64_t i = 0; i < o->count; i++)
        if (name_eq(o->kv[i].name, name)) return i;
    return -1;
}

gnn_status_t gnn_opts_set(gnn_opts_t *o, const char *name, const char *value) {
    if (o == NULL || name == NULL || value == NULL || name[0] == '\0') return GNN_EINVAL;
    char *v = strdup(value);
    if (v == NULL) return GNN_ENOMEM;
    int64_t i = find(o, name);
    if (i >= 0) {
        free(o->kv[i].value);
        o->kv[i].value = v;
        return GNN_SUCCESS;
    }
    if (o->count == o->cap) {
        int64_t nc = o->cap ? o->cap * 2 : 8;
        opt_kv_t *nkv = realloc(o->kv, sizeof *nkv * (size_t)nc);
        if (nkv == NULL) {
            free(v);
            return GNN_ENOMEM;
        }
        o->kv = nkv;
        o->cap = nc;
    }
    char *n = norm_name(name);
    if (n == NULL) {
        free(v);
        return GNN_ENOMEM;
    }
    o->kv[o->count].name = n;
    o->kv[o->count].value = v;
    o->count++;
    return GNN_SUCCESS;
}

gnn_status_t gnn_opts_set_int(gnn_opts_t *o, const char *name, int64_t value) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)value);
    return gnn_opts_set(o, name, buf);
}

gnn_status_t gnn_opts_set_double(gnn_opts_t *o, const char *name, double value) {
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", value);
    return gnn_opts_set(o, name, buf);
}

gnn_status_t gnn_opts_unset(gnn_opts_t *o, const char *name) {
    if (o == NULL || name == NULL) return GNN_EINVAL;
    int64_t i = find(o, name);
    if (i < 0) return GNN_SUCCESS;
    free(o->kv[i].name);
    free(o->kv[i].value);
    memmove(o->kv + i, o->kv + i + 1, sizeof *o->kv * (size_t)(o->count - i - 1));
    o->count--;
    return GNN_SUCCESS;
}

gnn_status_t gnn_opts_copy(const gnn_opts_t *src, gnn_opts_t **out) {
    gnn_status_t status = gnn_opts_create(out);
    if (status < 0 || src == NULL) return status;
    for (int64_t i = 0; i < src->count; i++) {
        status = gnn_opts_set(*out, src->kv[i].name, src->kv[i].value);
        if (status < 0) {
            gnn_opts_destroy(out);
            return status;
        }
    }
    return GNN_SUCCESS;
}

const char *gnn_opts_get(const gnn_opts_t *o, const char *name) {
    if (o == NULL || name == NULL) return NULL;
    int64_t i = find(o, name);
    return i < 0 ? NULL : o->kv[i].value;
}

int64_t gnn_opts_count(const gnn_opts_t *o) {
    return o == NULL ? 0 : o->count;
}

const char *gnn_opts_name(const gnn_opts_t *o, int64_t i) {
    return (o == NULL || i < 0 || i >= o->count) ? NULL : o->kv[i].name;
}

const char *gnn_opts_value(const gnn_opts_t *o, int64_t i) {
    return (o == NULL || i < 0 || i >= o->count) ? NULL : o->kv[i].value;
}

/* ---------------------------------------------------------------- tables */

gnn_status_t gnn_options_describe(const char *group, int64_t i, const char **name,
                                  const char **type, const char **def, const char **help) {
    const gnn_i_optgroup_t *g = gnn_i_optgroup_find(group);
    if (g == NULL || i < 0 || i >= g->count) return GNN_ENOTFOUND;
    const gnn_i_optspec_t *s = &g->specs[i];
    if (name) *name = s->name;
    if (type) *type = s->type;
    if (def) *def = s->def;
    if (help) *help = s->help;
    return GNN_SUCCESS;
}

static const gnn_i_optspec_t *spec_find(const gnn_i_optgroup_t *g, const char *name) {
    for (int64_t i = 0; i < g->count; i++)
        if (name_eq(g->specs[i].name, name)) return &g->specs[i];
    return NULL;
}

static int parse_bool(const char *v, int *out) {
    static const char *t[] = {"1", "true", "yes", "on"}, *f[] = {"0", "false", "no", "off"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(v, t[i]) == 0) return *out = 1, 1;
        if (strcmp(v, f[i]) == 0) return *out = 0, 1;
    }
    return 0;
}

static int parse_int(const char *v, int64_t *out) {
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (end == v || *end != '\0' || errno == ERANGE) return 0;
    *out = (int64_t)x;
    return 1;
}

static int parse_double(const char *v, double *out) {
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (end == v || *end != '\0' || !isfinite(x)) return 0;
    *out = x;
    return 1;
}

/* index of v in "choice:a|b|c", or -1 */
static int choice_index(const char *type, const char *v) {
    const char *p = type + 7;
    size_t len = strlen(v);
    for (int i = 0;; i++) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncmp(p, v, n) == 0) return i;
        if (bar == NULL) return -1;
        p = bar + 1;
    }
}

static gnn_status_t check_value(gnn_ctx_t *ctx, const char *group, const gnn_i_optspec_t *s,
                                const char *v) {
    if (strcmp(s->type, "int") == 0) {
        int64_t x;
        if (!parse_int(v, &x))
            return gnn_i_error(ctx, GNN_EINVAL, "option '%s' (%s): expected an integer, got '%s'",
                               s->name, group, v);
        if (s->lo <= s->hi && ((double)x < s->lo || (double)x > s->hi))
            return gnn_i_error(ctx, GNN_EINVAL, "option '%s' (%s): %s is outside [%g, %g]",
                               s->name, group, v, s->lo, s->hi);
    } else if (strcmp(s->type, "double") == 0) {
        double x;
        if (!parse_double(v, &x))
            return gnn_i_error(ctx, GNN_EINVAL, "option '%s' (%s): expected a finite number, got '%s'",
                               s->name, group, v);
        if (s->lo <= s->hi && (x < s->lo || x > s->hi))
            return gnn_i_error(ctx, GNN_EINVAL, "option '%s' (%s): %s is outside [%g, %g]",
                               s->name, group, v, s->lo, s->hi);
    } else if (strcmp(s->type, "bool") == 0) {
        int b;
        if (!parse_bool(v, &b))
            return gnn_i_error(ctx, GNN_EINVAL, "option '%s' (%s): expected 0 or 1, got '%s'",
                               s->name, group, v);
    } else if (strncmp(s->type, "choice:", 7) == 0) {
        if (choice_index(s->type, v) < 0)
            return gnn_i_error(ctx, GNN_EINVAL, "option '%s' (%s): '%s' is not one of %s", s->name,
                               group, v, s->type + 7);
    }
    return GNN_SUCCESS;
}

gnn_status_t gnn_opts_validate(gnn_ctx_t *ctx, const gnn_opts_t *o, const char *group) {
    const gnn_i_optgroup_t *g = gnn_i_optgroup_find(group);
    if (g == NULL) return gnn_i_error(ctx, GNN_ENOTFOUND, "unknown option group '%s'", group);
    if (o == NULL) return GNN_SUCCESS;
    for (int64_t i = 0; i < o->count; i++) {
        const gnn_i_optspec_t *s = spec_find(g, o->kv[i].name);
        if (s == NULL)
            return gnn_i_error(ctx, GNN_ENOTFOUND, "unknown option '%s' for %s", o->kv[i].name,
                               group);
        gnn_status_t st = check_value(ctx, group, s, o->kv[i].value);
        if (st < 0) return st;
    }
    return GNN_SUCCESS;
}

static const char *raw(const gnn_opts_t *o, const gnn_i_optgroup_t *g, const char *name) {
    const char *v = gnn_opts_get(o, name);
    if (v != NULL) return v;
    const gnn_i_optspec_t *s = spec_find(g, name);
    return s ? s->def : NULL;
}

int64_t gnn_i_opt_int(const gnn_opts_t *o, const gnn_i_optgroup_t *g, const char *name) {
    const char *v = raw(o, g, name);
    int64_t x = 0;
    int b;
    if (v == NULL) return 0;
    if (parse_int(v, &x)) return x;
    if (parse_bool(v, &b)) return b;
    return 0;
}

double gnn_i_opt_double(const gnn_opts_t *o, const gnn_i_optgroup_t *g, const char *name) {
    const char *v = raw(o, g, name);
    double x = 0;
    return (v != NULL && parse_double(v, &x)) ? x : 0.0;
}

const char *gnn_i_opt_string(const gnn_opts_t *o, const gnn_i_optgroup_t *g, const char *name) {
    return raw(o, g, name);
}

int gnn_i_opt_choice(const gnn_opts_t *o, const gnn_i_optgroup_t *g, const char *name) {
    const gnn_i_optspec_t *s = spec_find(g, name);
    const char *v = raw(o, g, name);
    if (s == NULL || v == NULL || strncmp(s->type, "choice:", 7) != 0) return -1;
    return choice_index(s->type, v);
}
