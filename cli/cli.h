/* cli.h: what the gnn-cli subcommands share. */
#ifndef GNN_CLI_H
#define GNN_CLI_H

#include <stdio.h>
#include <gnn/gnn.h>

/* exit codes */
enum { CLI_OK = 0, CLI_RUNTIME = 1, CLI_USAGE = 2 };

/* One command-line option.  `route` names the library option group that
 * receives it (with `key` as the name there, default: the option's own name),
 * or NULL for options the command reads itself. */
typedef struct cli_opt {
    const char *name;    /* long name, without "--" */
    char shortname;      /* e.g. 'o', or 0 */
    const char *metavar; /* NULL: a flag (sets "1") */
    const char *def;     /* default shown in --help, or NULL */
    const char *help;
    const char *route;   /* library option group, or NULL */
    const char *key;     /* name in that group (NULL: same as name) */
} cli_opt_t;

/* Library option groups included wholesale, each with a prefix for its
 * options on the command line ("" or e.g. "out-"). */
typedef struct cli_include {
    const char *group;
    const char *prefix;
    const char *const *skip; /* names not offered on the command line */
} cli_include_t;

typedef struct cli_cmd cli_cmd_t;

typedef struct cli_args {
    const cli_cmd_t *cmd;
    gnn_opts_t *own;       /* options the command reads itself */
    gnn_opts_t *group[8];  /* per included/routed group */
    const char *group_name[8];
    int ngroups;
    const char *pos[16];   /* positional arguments */
    int npos;
} cli_args_t;

struct cli_cmd {
    const char *name;
    const char *synopsis; /* after "gnn-cli NAME " */
    const char *summary;
    const cli_opt_t *opts;
    const cli_include_t *includes;
    int min_pos, max_pos;
    int (*run)(gnn_ctx_t *ctx, cli_args_t *a);
};

/* the command table (main.c) */
extern const cli_cmd_t *const cli_commands[];

/* args.c */
int cli_parse(const cli_cmd_t *cmd, int argc, char **argv, cli_args_t *a);
void cli_args_free(cli_args_t *a);
void cli_help(const cli_cmd_t *cmd, FILE *out);
const char *cli_get(const cli_args_t *a, const char *name);
/* typed reads of own options; a bad value is a usage error (exits 2) */
int64_t cli_get_int(const cli_args_t *a, const char *name, int64_t def);
double cli_get_double(const cli_args_t *a, const char *name, double def);
int cli_flag(const cli_args_t *a, const char *name);
gnn_opts_t *cli_group(cli_args_t *a, const char *group);
/* the common options every command has: --seed, --threads, --quiet */
int cli_setup_ctx(gnn_ctx_t *ctx, const cli_args_t *a);

/* errors: print "gnn-cli CMD: message" and return the exit code */
int cli_fail(gnn_ctx_t *ctx, const char *cmd, gnn_status_t status);
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* progress.c: stderr progress when it is a terminal and --quiet is absent */
void cli_progress_install(gnn_ctx_t *ctx, int quiet);
void cli_progress_done(void);

/* json.c: a small JSON text builder */
typedef struct cli_json {
    char *buf;
    size_t len, cap;
    int need_comma;
    int failed;
} cli_json_t;
void json_begin(cli_json_t *j, char open);
void json_end(cli_json_t *j, char close);
void json_key(cli_json_t *j, const char *key);
void json_str(cli_json_t *j, const char *s);
void json_num(cli_json_t *j, double x);
void json_int(cli_json_t *j, int64_t x);
void json_bool(cli_json_t *j, int b);
void json_free(cli_json_t *j);

/* cmd_ricci.c: "N,h,k" into the BORF options of ro; 0 or a usage exit code */
int cli_parse_borf(const char *spec, gnn_opts_t *ro);

/* monotonic seconds */
double gnn_i_cli_now(void);

/* read the graph named by the first positional argument with the "read"
 * options of the command line */
gnn_status_t cli_read_graph(gnn_ctx_t *ctx, cli_args_t *a, const char *path, gnn_graph_t **g);

/* graph index (0.. in file order)<TAB>ints, or <TAB>vals (rows x cols),
 * written atomically (cmd_fit.c; fit and predict of graph models) */
gnn_status_t cli_write_graph_table(gnn_ctx_t *ctx, const char *path, int64_t rows, const int64_t *ints,
                                   const double *vals, int64_t cols);

#endif
