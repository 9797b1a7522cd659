/* main.c: gnn-cli, the command line of libgnn.  Subcommands are entries of
 * cli_commands[]; a model or tool adds itself with one line here. */
#include "cli.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

extern const cli_cmd_t cmd_info, cmd_generate, cmd_convert, cmd_partition, cmd_split, cmd_fit, cmd_predict, cmd_curvature, cmd_rewire;
void cmd_fit_init(void);

const cli_cmd_t *const cli_commands[] = {
    &cmd_info, &cmd_generate, &cmd_convert, &cmd_partition, &cmd_split, &cmd_fit, &cmd_predict, &cmd_curvature, &cmd_rewire, NULL,
};

static void usage(FILE *out) {
    fprintf(out, "usage: gnn-cli COMMAND [options]\n\ncommands:\n");
    for (int i = 0; cli_commands[i]; i++)
        fprintf(out, "  %-10s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    fprintf(out, "\n'gnn-cli help COMMAND' or 'gnn-cli COMMAND --help' lists the options.\n"
                 "'gnn-cli --version' prints the version.  See gnn-cli(1).\n");
}

static const cli_cmd_t *find_cmd(const char *name) {
    for (int i = 0; cli_commands[i]; i++)
        if (strcmp(cli_commands[i]->name, name) == 0) return cli_commands[i];
    return NULL;
}

int main(int argc, char **argv) {
    cmd_fit_init();
    /* libgnn parallelises with OpenMP and calls OpenBLAS inside its own
     * threads: OpenBLAS's thread pool would only compete for the cores */
    openblas_set_num_threads(1);
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("gnn-cli (libgnn) %s\n", gnn_version());
        return CLI_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return CLI_OK;
        }
        const cli_cmd_t *c = find_cmd(argv[2]);
        if (c == NULL) return cli_usage(NULL, "unknown command '%s'", argv[2]);
        cli_help(c, stdout);
        return CLI_OK;
    }
    const cli_cmd_t *cmd = find_cmd(name);
    if (cmd == NULL) {
        fprintf(stderr, "gnn-cli: unknown command '%s'\n\n", name);
        usage(stderr);
        return CLI_USAGE;
    }
    cli_args_t a;
    int rc = cli_parse(cmd, argc - 2, argv + 2, &a);
    if (rc >= 0) {
        cli_args_free(&a);
        return rc;
    }
    gnn_ctx_t *ctx = NULL;
    if (gnn_ctx_create(&ctx) != GNN_SUCCESS) {
        fprintf(stderr, "gnn-cli: out of memory\n");
        cli_args_free(&a);
        return CLI_RUNTIME;
    }
    rc = cli_setup_ctx(ctx, &a);
    if (rc < 0) rc = cmd->run(ctx, &a);
    cli_progress_done();
    gnn_ctx_destroy(&ctx);
    cli_args_free(&a);
    return rc;
}
