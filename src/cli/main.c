/* certsweep: dispatch to subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} commands[] = {
    { "scan", cs_cmd_scan, "lint every certificate in bulk inputs and write per-issuer reports" },
    { "lint", cs_cmd_lint, "lint one certificate and print its findings" },
    { "rules", cs_cmd_rules, "list the rules with their metadata" },
    { "merge", cs_cmd_merge, "merge state files of sharded scans into one set of reports" },
    { "report", cs_cmd_report, "re-render reports from a state file" },
};

static void usage(FILE *out)
{
    fprintf(out, "usage: certsweep COMMAND [options] [args]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'certsweep COMMAND --help' describes each command.\n"
                 "Exit status: 0 done, 1 could not run or complete, 2 usage error,\n"
                 "3 lint found errors, 4 lint input is not one certificate, 130 interrupted.\n");
}

void cs_cli_version(const char *subcommand)
{
    printf("certsweep%s%s %s\n", subcommand ? " " : "", subcommand ? subcommand : "", CS_VERSION);
}

int cs_cli_usage_error(const char *subcommand, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "certsweep %s: ", subcommand);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'certsweep %s --help'.\n", subcommand);
    return CS_EXIT_USAGE;
}

int cs_cli_bad_option(const char *subcommand)
{
    fprintf(stderr, "Try 'certsweep %s --help'.\n", subcommand);
    return CS_EXIT_USAGE;
}

int cs_cli_parse_uint(const char *text, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    if (!text || *text < '0' || *text > '9')
        return 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || *end || v > max)
        return 0;
    *out = v;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CS_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CS_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        cs_cli_version(NULL);
        return CS_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            /* getopt names the program by argv[0] in its messages. */
            char name[32];
            snprintf(name, sizeof name, "certsweep %s", commands[i].name);
            argv[1] = name;
            return commands[i].run(argc - 1, argv + 1);
        }
    fprintf(stderr, "certsweep: unknown command '%s'\n", cmd);
    usage(stderr);
    return CS_EXIT_USAGE;
}
