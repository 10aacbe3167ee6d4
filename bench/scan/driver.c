/* scan-bench: times the phases of a scan (cs_scan_run vs. writing the
 * reports) and prints what the pipeline observed.  Built by
 * mk/pipeline.mk as $(BUILD)/bench/scan-bench.
 *
 *   scan-bench [-j N] [-r RULES] [-o DIR] INPUT...
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pipeline/hooks.h"
#include "pipeline/scan.h"
#include "report/report.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    unsigned threads = 0;
    const char *rules_sel = NULL, *outdir = NULL;
    int ch;
    while ((ch = getopt(argc, argv, "j:r:o:")) != -1) {
        switch (ch) {
        case 'j': threads = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'r': rules_sel = optarg; break;
        case 'o': outdir = optarg; break;
        default: fprintf(stderr, "usage: scan-bench [-j N] [-r RULES] [-o DIR] INPUT...\n"); return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: scan-bench [-j N] [-r RULES] [-o DIR] INPUT...\n");
        return 2;
    }
    char err[512];
    cs_ruleset *rs = cs_ruleset_new(rules_sel, err, sizeof err);
    if (!rs) {
        fprintf(stderr, "scan-bench: %s\n", err);
        return 2;
    }
    FILE *devnull = fopen("/dev/null", "w");
    cs_scan_options o = { 0 };
    o.inputs = (const char *const *)argv + optind;
    o.n_inputs = (size_t)(argc - optind);
    o.threads = threads;
    o.ingest.csv_column = -1;
    o.rules = rs;
    o.quiet = true;
    o.errors = devnull;
    cs_tally *t = NULL;
    cs_scan_stats st = { 0 };
    double t0 = now();
    cs_scan_status s = cs_scan_run_stats(&o, &t, err, sizeof err, &st);
    double t1 = now();
    if (s == CS_SCAN_FAILED) {
        fprintf(stderr, "scan-bench: %s\n", err);
        return 1;
    }
    double t2 = t1;
    if (outdir) {
        if (!cs_report_write(t, outdir, err, sizeof err)) {
            fprintf(stderr, "scan-bench: %s\n", err);
            return 1;
        }
        t2 = now();
    }
    uint64_t linted = cs_tally_certificates_linted(t);
    printf("records %llu linted %llu failures %llu issuers %zu\n",
           (unsigned long long)cs_tally_records_read(t), (unsigned long long)linted,
           (unsigned long long)cs_tally_parse_failures(t), cs_tally_issuer_count(t));
    printf("workers %u readers %u scan %.3f s (%.0f records/s) report %.3f s\n", st.workers, st.readers,
           t1 - t0, (double)cs_tally_records_read(t) / (t1 - t0), t2 - t1);
    printf("batches %llu queue capacity %zu high-water %zu live-max %zu\n", (unsigned long long)st.batches,
           st.queue_capacity, st.queue_high_water, st.live_batches_max);
    printf("cpu: readers %.3f s, workers %.3f s (%.0f records per worker-CPU-second)\n", st.reader_cpu,
           st.worker_cpu, (double)cs_tally_records_read(t) / st.worker_cpu);
    cs_tally_free(t);
    cs_ruleset_free(rs);
    fclose(devnull);
    return 0;
}
