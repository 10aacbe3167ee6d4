/* certsweep merge / certsweep report: reports from state files. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/identity.h"
#include "agg/tally.h"
#include "cli/cli.h"
#include "pipeline/signals.h"
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
           "counts a scan or an input that another one already counts, or a report\n"
           "could not be written; 2 usage error.\n");
}

/* from[have .. now) = path: the entries a state file added. */
static bool note_origin(const char ***from, size_t have, size_t now, const char *path)
{
    if (now <= have)
        return true;
    const char **v = realloc(*from, now * sizeof *v);
    if (!v)
        return false;
    for (size_t i = have; i < now; i++)
        v[i] = path;
    *from = v;
    return true;
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
    /* Which file brought each scan and input of the total, to name it. */
    const char **scan_from = NULL, **input_from = NULL;
    for (int i = optind; i < argc && status == CS_EXIT_OK; i++) {
        cs_tally *t = cs_state_read(argv[i], err, sizeof err);
        size_t scans_before = total ? cs_tally_scan_count(total) : 0;
        size_t inputs_before = total ? cs_tally_input_count(total) : 0;
        cs_tally_overlap dup;
        if (!t) {
            fprintf(stderr, "certsweep %s: %s\n", cmd, err);
            status = CS_EXIT_FAILED;
        } else if (total && !cs_tally_compatible(total, t, err, sizeof err)) {
            fprintf(stderr, "certsweep %s: %s: cannot merge: %s\n", cmd, argv[i], err);
            status = CS_EXIT_FAILED;
        } else if (total && !cs_tally_disjoint(total, t, &dup, err, sizeof err)) {
            fprintf(stderr, "certsweep %s: %s: cannot merge: %s (in %s); a merge counts each scan and input once\n",
                    cmd, argv[i], err, (dup.scan ? scan_from : input_from)[dup.a_index]);
            status = CS_EXIT_FAILED;
        } else if (total && !cs_tally_merge(total, t)) {
            fprintf(stderr, "certsweep %s: %s: out of memory while merging\n", cmd, argv[i]);
            status = CS_EXIT_FAILED;
        } else if (!note_origin(&scan_from, scans_before, cs_tally_scan_count(total ? total : t), argv[i]) ||
                   !note_origin(&input_from, inputs_before, cs_tally_input_count(total ? total : t), argv[i])) {
            fprintf(stderr, "certsweep %s: out of memory\n", cmd);
            status = CS_EXIT_FAILED;
        }
        if (t && !total && status == CS_EXIT_OK)
            total = t;
        else
            cs_tally_free(t);
    }
    free(scan_from);
    free(input_from);
    if (status == CS_EXIT_OK) {
        status = write_outputs(cmd, total, outdir, state_out);
        if (status == CS_EXIT_OK)
            fprintf(stderr, "certsweep %s: report in %s/index.html\n", cmd, outdir);
    }
    cs_tally_free(total);
    return status;
}

int cs_cmd_merge(int argc, char **argv) { return from_states("merge", argc, argv); }
int cs_cmd_report(int argc, char **argv) { return from_states("report", argc, argv); }
