/* certsweep merge / certsweep report: reports from state files. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/tally.h"
#include "cli/cli.h"
#include "pipeline/signals.h"
#include "report/report.h"
#include "report/state.h"
#include "shard/merge.h"

static void help(const char *cmd)
{
    if (strcmp(cmd, "merge") == 0)
        printf("usage: certsweep merge [options] STATE...\n"
               "\n"
               "Merges the state files written by 'certsweep scan --state' over shards of a\n"
               "corpus and writes the reports one scan of all the shards would have written.\n"
               "The states of 'certsweep scan --shard K/N' must be all N shards of their split,\n"
               "each once, planned over the same inputs.\n");
    else
        printf("usage: certsweep report [options] STATE\n"
               "\n"
               "Re-renders the reports of a state file without rescanning.\n");
    printf("\noptions:\n"
           "  -o, --output DIR   report directory (default: certsweep-report)\n"
           "      --state FILE   also write the merged state\n"
           "      --partial      (merge) merge the shards there are: the report is partial\n"
           "                     and names the missing shards (exit status 5)\n"
           "  -h, --help         this help\n"
           "  -V, --version      version\n"
           "\nExit status: 0 written; 1 a state file is unreadable, corrupt or incompatible,\n"
           "counts a scan or an input that another one already counts, or a report\n"
           "could not be written, or shards are missing, duplicated or overlap; 2 usage\n"
           "error; 5 (merge --partial) shards were missing.\n");
}

/* The reports and the merged state; a signal meanwhile waits until they
 * are in place (the reading before may simply be interrupted). */
static int write_outputs(const char *cmd, const cs_tally *total, const char *outdir, const char *state_out)
{
    char err[512];
    if (!cs_signals_hold()) {
        fprintf(stderr, "certsweep %s: cannot install signal handlers: %s\n", cmd, strerror(errno));
        return CS_EXIT_FAILED;
    }
    bool ok = cs_report_write(total, outdir, err, sizeof err) &&
              (!state_out || cs_state_write(total, state_out, err, sizeof err));
    int signals = cs_signals_release();
    if (!ok) {
        fprintf(stderr, "certsweep %s: %s\n", cmd, err);
        return CS_EXIT_FAILED;
    }
    if (signals > 0) {
        fprintf(stderr, "certsweep %s: interrupted while writing; the reports were finished first and are complete\n",
                cmd);
        return CS_EXIT_INTERRUPTED;
    }
    return CS_EXIT_OK;
}

static int from_states(const char *cmd, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "state", required_argument, NULL, 's' },
        { "partial", no_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *outdir = "certsweep-report", *state_out = NULL;
    bool partial = false;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:hV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': outdir = optarg; break;
        case 's': state_out = optarg; break;
        case 'p': partial = true; break;
        case 'h': help(cmd); return CS_EXIT_OK;
        case 'V': cs_cli_version(cmd); return CS_EXIT_OK;
        default: return cs_cli_bad_option(cmd);
        }
    }
    int n = argc - optind;
    if (n < 1)
        return cs_cli_usage_error(cmd, "no STATE file given");
    if (partial && strcmp(cmd, "report") == 0)
        return cs_cli_usage_error(cmd, "--partial is for 'certsweep merge'");
    if (strcmp(cmd, "report") == 0 && n != 1)
        return cs_cli_usage_error(cmd, "one STATE file expected, %d given (use 'certsweep merge')", n);

    char err[1024];
    bool missing = false;
    cs_tally *total = strcmp(cmd, "report") == 0 ? cs_state_read(argv[optind], err, sizeof err)
                      : cs_shard_merge((const char *const *)argv + optind, (size_t)n, partial, &missing, err,
                                       sizeof err);
    int status = CS_EXIT_OK;
    if (!total) {
        fprintf(stderr, "certsweep %s: %s\n", cmd, err);
        status = CS_EXIT_FAILED;
    }
    if (status == CS_EXIT_OK) {
        status = write_outputs(cmd, total, outdir, state_out);
        if (status == CS_EXIT_OK)
            fprintf(stderr, "certsweep %s: report in %s/index.html%s\n", cmd, outdir,
                    missing ? " (partial: shards missing)" : "");
        if (status == CS_EXIT_OK && missing)
            status = CS_EXIT_INCOMPLETE;
    }
    cs_tally_free(total);
    return status;
}

int cs_cmd_merge(int argc, char **argv) { return from_states("merge", argc, argv); }
int cs_cmd_report(int argc, char **argv) { return from_states("report", argc, argv); }
