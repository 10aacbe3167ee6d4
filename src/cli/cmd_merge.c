/* certsweep merge / certsweep report: reports from state files. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "agg/tally.h"
#include "cli/cli.h"
#include "report/report.h"
#include "report/state.h"

static void help(const char *cmd)
{
    if (strcmp(cmd, "merge") == 0)
        printf("usage: certsweep merge [options] STATE...\n"
               "\n"
               "Merges the state files written by 'certsweep scan --state' over shards of a\n"
               "corpus and writes the reports one scan of all the shards would have written.\n");
    else
        printf("usage: certsweep report [options] STATE\n"
               "\n"
               "Re-renders the reports of a state file without rescanning.\n");
    printf("\noptions:\n"
           "  -o, --output DIR   report directory (default: certsweep-report)\n"
           "      --state FILE   also write the merged state\n"
           "  -h, --help         this help\n"
           "  -V, --version      version\n"
           "\nExit status: 0 written; 1 a state file is unreadable, corrupt or incompatible,\n"
           "or a report could not be written; 2 usage error.\n");
}

static int from_states(const char *cmd, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "state", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *outdir = "certsweep-report", *state_out = NULL;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:hV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': outdir = optarg; break;
        case 's': state_out = optarg; break;
        case 'h': help(cmd); return CS_EXIT_OK;
        case 'V': cs_cli_version(cmd); return CS_EXIT_OK;
        default: return cs_cli_bad_option(cmd);
        }
    }
    int n = argc - optind;
    if (n < 1)
        return cs_cli_usage_error(cmd, "no STATE file given");
    if (strcmp(cmd, "report") == 0 && n != 1)
        return cs_cli_usage_error(cmd, "one STATE file expected, %d given (use 'certsweep merge')", n);

    char err[512];
    cs_tally *total = NULL;
    int status = CS_EXIT_OK;
    for (int i = optind; i < argc && status == CS_EXIT_OK; i++) {
        cs_tally *t = cs_state_read(argv[i], err, sizeof err);
        if (!t) {
            fprintf(stderr, "certsweep %s: %s\n", cmd, err);
            status = CS_EXIT_FAILED;
        } else if (!total) {
            total = t;
        } else {
            if (!cs_tally_compatible(total, t, err, sizeof err)) {
                fprintf(stderr, "certsweep %s: %s: cannot merge: %s\n", cmd, argv[i], err);
                status = CS_EXIT_FAILED;
            } else if (!cs_tally_merge(total, t)) {
                fprintf(stderr, "certsweep %s: %s: out of memory while merging\n", cmd, argv[i]);
                status = CS_EXIT_FAILED;
            }
            cs_tally_free(t);
        }
    }
    if (status == CS_EXIT_OK && !cs_report_write(total, outdir, err, sizeof err)) {
        fprintf(stderr, "certsweep %s: %s\n", cmd, err);
        status = CS_EXIT_FAILED;
    }
    if (status == CS_EXIT_OK && state_out && !cs_state_write(total, state_out, err, sizeof err)) {
        fprintf(stderr, "certsweep %s: %s\n", cmd, err);
        status = CS_EXIT_FAILED;
    }
    if (status == CS_EXIT_OK)
        fprintf(stderr, "certsweep %s: report in %s/index.html\n", cmd, outdir);
    cs_tally_free(total);
    return status;
}

int cs_cmd_merge(int argc, char **argv) { return from_states("merge", argc, argv); }
int cs_cmd_report(int argc, char **argv) { return from_states("report", argc, argv); }
