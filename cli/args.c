/* args.c: option parsing shared by every subcommand. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt_t common_opts[] = {
    {"seed", 0, "N", "0", "seed from which every random choice derives", NULL, NULL},
    {"threads", 0, "N", "all cores", "OpenMP threads", NULL, NULL},
    {"quiet", 'q', NULL, NULL, "no progress output (progress is shown only on a terminal anyway)", NULL, NULL},
    {"help", 'h', NULL, NULL, "show this help", NULL, NULL},
};

int cli_usage(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "gnn-cli%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'gnn-cli %s --help'.\n", cmd ? cmd : "");
    return CLI_USAGE;
}

int cli_fail(gnn_ctx_t *ctx, const char *cmd, gnn_status_t status) {
    const char *msg = ctx ? gnn_ctx_errmsg(ctx) : "";
    cli_progress_done();
    fprintf(stderr, "gnn-cli %s: %s\n", cmd, msg[0] ? msg : gnn_strerror(status));
    return status == GNN_EINVAL ? CLI_USAGE : CLI_RUNTIME;
}

static int name_eq(const char *a, const char *b, size_t blen) {
    /* a (table) against b[0..blen) (command line); '_' == '-' */
    size_t i = 0;
    for (; a[i] && i < blen; i++) {
        char x = a[i] == '_' ? '-' : a[i], y = b[i] == '_' ? '-' : b[i];
        if (x != y) return 0;
    }
    return a[i] == '\0' && i == blen;
}

/* find an option: returns 1 for own/common, 2 for an included group */
typedef struct found {
    const cli_opt_t *opt;
    const char *group, *key; /* for group options */
    int is_flag;
} found_t;

static int is_skipped(const cli_include_t *inc, const char *name) {
    for (const char *const *s = inc->skip; s && *s; s++)
        if (strcmp(*s, name) == 0) return 1;
    return 0;
}

static int find_opt(const cli_cmd_t *cmd, const char *s, size_t len, char shortc, found_t *f) {
    memset(f, 0, sizeof *f);
    const cli_opt_t *tables[2] = {cmd->opts, common_opts};
    const size_t counts[2] = {0, sizeof common_opts / sizeof common_opts[0]};
    for (int t = 0; t < 2; t++) {
        const cli_opt_t *o = tables[t];
        for (size_t i = 0; o && (t == 0 ? o[i].name != NULL : i < counts[t]); i++) {
            if ((shortc && o[i].shortname == shortc) || (!shortc && name_eq(o[i].name, s, len))) {
                f->opt = &o[i];
                f->group = o[i].route;
                f->key = o[i].key ? o[i].key : o[i].name;
                f->is_flag = o[i].metavar == NULL;
                return 1;
            }
        }
    }
    if (shortc) return 0;
    for (const cli_include_t *inc = cmd->includes; inc && inc->group; inc++) {
        size_t pl = strlen(inc->prefix);
        if (len <= pl || strncmp(s, inc->prefix, pl) != 0) continue;
        const char *name, *type;
        for (int64_t i = 0; gnn_options_describe(inc->group, i, &name, &type, NULL, NULL) == GNN_SUCCESS; i++) {
            if (!is_skipped(inc, name) && name_eq(name, s + pl, len - pl)) {
                f->group = inc->group;
                f->key = name;
                f->is_flag = 0;
                return 2;
            }
        }
    }
    return 0;
}

gnn_opts_t *cli_group(cli_args_t *a, const char *group) {
    for (int i = 0; i < a->ngroups; i++)
        if (strcmp(a->group_name[i], group) == 0) return a->group[i];
    if (a->ngroups == 8) return NULL;
    if (gnn_opts_create(&a->group[a->ngroups]) != GNN_SUCCESS) return NULL;
    a->group_name[a->ngroups] = group;
    return a->group[a->ngroups++];
}

void cli_args_free(cli_args_t *a) {
    gnn_opts_destroy(&a->own);
    for (int i = 0; i < a->ngroups; i++) gnn_opts_destroy(&a->group[i]);
    a->ngroups = 0;
}

/* returns -1 to continue, else an exit code (help printed: 0) */
int cli_parse(const cli_cmd_t *cmd, int argc, char **argv, cli_args_t *a) {
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    if (gnn_opts_create(&a->own) != GNN_SUCCESS) return cli_usage(cmd->name, "out of memory");
    int only_pos = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (only_pos || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->npos == 16) return cli_usage(cmd->name, "too many arguments");
            a->pos[a->npos++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_pos = 1;
            continue;
        }
        found_t f;
        const char *name = arg + (arg[1] == '-' ? 2 : 1);
        const char *eq = NULL;
        int hit;
        if (arg[1] == '-') {
            eq = strchr(name, '=');
            hit = find_opt(cmd, name, eq ? (size_t)(eq - name) : strlen(name), 0, &f);
        } else {
            if (arg[2] != '\0') return cli_usage(cmd->name, "unknown option '%s' (long options take two dashes)", arg);
            hit = find_opt(cmd, NULL, 0, arg[1], &f);
        }
        if (!hit) return cli_usage(cmd->name, "unknown option '%s'", arg);
        if (f.opt && strcmp(f.opt->name, "help") == 0) {
            cli_help(cmd, stdout);
            return CLI_OK;
        }
        const char *value;
        if (f.is_flag) {
            if (eq) return cli_usage(cmd->name, "option '--%.*s' takes no value", (int)(eq - name), name);
            value = "1";
        } else if (eq) {
            value = eq + 1;
        } else {
            if (i + 1 >= argc) return cli_usage(cmd->name, "option '%s' needs a value", arg);
            value = argv[++i];
        }
        gnn_opts_t *dst = f.group ? cli_group(a, f.group) : a->own;
        if (dst == NULL || gnn_opts_set(dst, f.group ? f.key : f.opt->name, value) != GNN_SUCCESS)
            return cli_usage(cmd->name, "cannot store option '%s'", arg);
        /* a routed own option is also visible to the command */
        if (f.group && f.opt) gnn_opts_set(a->own, f.opt->name, value);
    }
    if (a->npos < cmd->min_pos) return cli_usage(cmd->name, "missing argument (usage: gnn-cli %s %s)", cmd->name, cmd->synopsis);
    if (a->npos > cmd->max_pos) return cli_usage(cmd->name, "unexpected argument '%s'", a->pos[cmd->max_pos]);
    return -1;
}

static void help_line(FILE *out, const char *lead, const char *name, const char *metavar, const char *def,
                      const char *help) {
    char left[160];
    snprintf(left, sizeof left, "%s%s%s%s", lead, name, metavar ? " " : "", metavar ? metavar : "");
    fprintf(out, "  %-28s %s", left, help ? help : "");
    if (def && def[0]) fprintf(out, " (default: %s)", def);
    fputc('\n', out);
}

void cli_help(const cli_cmd_t *cmd, FILE *out) {
    fprintf(out, "usage: gnn-cli %s %s\n\n%s\n\noptions:\n", cmd->name, cmd->synopsis, cmd->summary);
    for (const cli_opt_t *o = cmd->opts; o && o->name; o++) {
        char lead[8] = "--";
        if (o->shortname) snprintf(lead, sizeof lead, "-%c, --", o->shortname);
        help_line(out, lead, o->name, o->metavar, o->def, o->help);
    }
    int ninc = 0;
    for (const cli_include_t *inc = cmd->includes; inc && inc->group; inc++) ninc++;
    for (const cli_include_t *inc = cmd->includes; inc && inc->group; inc++) {
        const char *name, *type, *def, *help;
        if (ninc > 1) fprintf(out, "\noptions of %s:\n", inc->group);
        for (int64_t i = 0; gnn_options_describe(inc->group, i, &name, &type, &def, &help) == GNN_SUCCESS; i++) {
            if (is_skipped(inc, name)) continue;
            char full[64], mv[64];
            snprintf(full, sizeof full, "%s%s", inc->prefix, name);
            if (strncmp(type, "choice:", 7) == 0) snprintf(mv, sizeof mv, "%s", type + 7);
            else if (strcmp(type, "bool") == 0) snprintf(mv, sizeof mv, "0|1");
            else snprintf(mv, sizeof mv, "%s", strcmp(type, "double") == 0 ? "X" : strcmp(type, "int") == 0 ? "N" : "S");
            help_line(out, "--", full, mv, def, help);
        }
    }
    if (ninc > 1) fprintf(out, "\ncommon options:\n");
    for (size_t i = 0; i < sizeof common_opts / sizeof common_opts[0]; i++) {
        const cli_opt_t *o = &common_opts[i];
        char lead[8] = "--";
        if (o->shortname) snprintf(lead, sizeof lead, "-%c, --", o->shortname);
        help_line(out, lead, o->name, o->metavar, o->def, o->help);
    }
}

const char *cli_get(const cli_args_t *a, const char *name) {
    return gnn_opts_get(a->own, name);
}

int64_t cli_get_int(const cli_args_t *a, const char *name, int64_t def) {
    const char *v = cli_get(a, name);
    if (v == NULL) return def;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (end == v || *end != '\0' || errno == ERANGE) {
        cli_usage(a->cmd->name, "option '--%s': expected an integer, got '%s'", name, v);
        exit(CLI_USAGE);
    }
    return x;
}

double cli_get_double(const cli_args_t *a, const char *name, double def) {
    const char *v = cli_get(a, name);
    if (v == NULL) return def;
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end != '\0') {
        cli_usage(a->cmd->name, "option '--%s': expected a number, got '%s'", name, v);
        exit(CLI_USAGE);
    }
    return x;
}

int cli_flag(const cli_args_t *a, const char *name) {
    const char *v = cli_get(a, name);
    return v != NULL && strcmp(v, "0") != 0;
}

int cli_setup_ctx(gnn_ctx_t *ctx, const cli_args_t *a) {
    int64_t seed = cli_get_int(a, "seed", 0);
    if (seed < 0) return cli_usage(a->cmd->name, "--seed must be >= 0");
    gnn_ctx_set_seed(ctx, (uint64_t)seed);
    int64_t threads = cli_get_int(a, "threads", 0);
    if (gnn_ctx_set_threads(ctx, threads) != GNN_SUCCESS)
        return cli_usage(a->cmd->name, "%s", gnn_ctx_errmsg(ctx));
    cli_progress_install(ctx, cli_flag(a, "quiet"));
    return -1;
}

gnn_status_t cli_read_graph(gnn_ctx_t *ctx, cli_args_t *a, const char *path, gnn_graph_t **g) {
    gnn_opts_t *ro = cli_group(a, "read");
    if (ro == NULL) return GNN_ENOMEM;
    if (cli_flag(a, "undirected")) gnn_opts_set(ro, "directed", "0");
    return gnn_graph_read(ctx, path, ro, g);
}
