/* The certsweep command line: one function per subcommand. */
#ifndef CS_CLI_CLI_H
#define CS_CLI_CLI_H

/* Exit statuses, documented in the README. */
enum {
    CS_EXIT_OK = 0,          /* the command completed (findings are not an error) */
    CS_EXIT_FAILED = 1,      /* the scan could not run or complete: an input could not be opened, resources, I/O */
    CS_EXIT_USAGE = 2,       /* bad command line */
    CS_EXIT_LINT_ERRORS = 3, /* lint: at least one error-level finding */
    CS_EXIT_BAD_INPUT = 4,   /* lint: the input is not exactly one certificate */
    CS_EXIT_INCOMPLETE = 5,  /* scan: reports written, but an input is incomplete (read error, damaged
                                archive, decompression guard ...): the reports say partial */
    CS_EXIT_INTERRUPTED = 130, /* scan stopped by a signal; reports written and marked partial */
};

int cs_cmd_scan(int argc, char **argv);
int cs_cmd_rules(int argc, char **argv);
int cs_cmd_merge(int argc, char **argv);
int cs_cmd_report(int argc, char **argv);
int cs_cmd_lint(int argc, char **argv);

/* "certsweep SUBCOMMAND 0.1.0" on stdout. */
void cs_cli_version(const char *subcommand);
/* Prints "certsweep SUB: message" and a hint to --help on stderr; returns CS_EXIT_USAGE. */
int cs_cli_usage_error(const char *subcommand, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For getopt's '?': getopt has printed what is wrong, as "certsweep SUB:
 * ..." (main names each subcommand's argv[0] so); adds the hint to --help
 * on stderr and returns CS_EXIT_USAGE. */
int cs_cli_bad_option(const char *subcommand);
/* Parses a positive integer option value; false when it is not one. */
int cs_cli_parse_uint(const char *text, unsigned long max, unsigned long *out);

#endif
