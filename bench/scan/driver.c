/* scan-bench: times the phases of a scan (cs_scan_run vs. writing the
 * reports), prints what the pipeline observed and the CPU split by stage
 * (read, frame, decode, parse, rules, tally, merge, reports; the stage
 * clock of util/stage_clock.h, which only this driver turns on; -n
 * leaves it off).  Built by mk/pipeline.mk as $(BUILD)/bench/scan-bench.
 *
 *   scan-bench [-n] [-j N] [-r RULES] [-o DIR] INPUT...
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "pipeline/hooks.h"
#include "pipeline/scan.h"
#include "report/report.h"
#include "util/alloc_policy.h"
#include "util/stage_clock.h"

#define USAGE "usage: scan-bench [-n] [-j N] [-r RULES] [-o DIR] INPUT...\n"

/* CPU seconds (user + system) of the whole process so far. */
static double process_cpu(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The stage line: what each stage cost, and the rest of the process's CPU
 * (queue, waits, thread starts, progress, batch allocation) as "other". */
static void print_stages(const cs_scan_stage_cpu *sc, double reports, double cpu)
{
    double sum = sc->read + sc->frame + sc->decode + sc->parse + sc->rules + sc->tally + sc->merge + reports;
    printf("stages (CPU s): read %.3f frame %.3f decode %.3f parse %.3f rules %.3f tally %.3f merge %.3f "
           "reports %.3f other %.3f of %.3f\n",
           sc->read, sc->frame, sc->decode, sc->parse, sc->rules, sc->tally, sc->merge, reports, cpu - sum, cpu);
    printf("stages estimated on each thread's CPU clock: read timed on every pull of input bytes; frame = the\n"
           "  rest of the readers' reading (archive headers included) + chunk framing; decode/parse/rules/tally =\n"
           "  batch processing timed whole, split as measured on 1 record in %d (%llu records); reports timed\n"
           "  whole; other = process CPU - stages (queue, waits, batch allocation, thread starts)\n",
           CS_STAGE_SAMPLE_RATE, (unsigned long long)sc->records_timed);
}

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
    bool stage_clock = true;
    int ch;
    while ((ch = getopt(argc, argv, "nj:r:o:")) != -1) {
        switch (ch) {
        case 'n': stage_clock = false; break;
        case 'j': threads = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'r': rules_sel = optarg; break;
        case 'o': outdir = optarg; break;
        default: fputs(USAGE, stderr); return 2;
        }
    }
    if (optind >= argc) {
        fputs(USAGE, stderr);
        return 2;
    }
    cs_stage_clock_on = stage_clock;
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
    o.ingest.no_digest = true; /* as `certsweep scan` without --state: no input digest */
    o.rules = rs;
    o.quiet = true;
    o.errors = devnull;
    cs_tally *t = NULL;
    cs_scan_stats st = { 0 };
    cs_alloc_policy_for_scan(); /* as `certsweep scan` does */
    double cpu0 = process_cpu();
    double t0 = now();
    cs_scan_status s = cs_scan_run_stats(&o, &t, err, sizeof err, &st);
    double t1 = now();
    if (s == CS_SCAN_FAILED) {
        fprintf(stderr, "scan-bench: %s\n", err);
        return 1;
    }
    double t2 = t1, reports_cpu = 0;
    if (outdir) {
        uint64_t c0 = cs_thread_cpu_ns();
        if (!cs_report_write(t, outdir, err, sizeof err)) {
            fprintf(stderr, "scan-bench: %s\n", err);
            return 1;
        }
        reports_cpu = (double)(cs_thread_cpu_ns() - c0) / 1e9;
        t2 = now();
    }
    double cpu = process_cpu() - cpu0;
    uint64_t linted = cs_tally_certificates_linted(t);
    printf("records %llu linted %llu failures %llu issuers %zu\n",
           (unsigned long long)cs_tally_records_read(t), (unsigned long long)linted,
           (unsigned long long)cs_tally_parse_failures(t), cs_tally_issuer_count(t));
    printf("workers %u readers %u scan %.3f s (%.0f records/s) report %.3f s\n", st.workers, st.readers,
           t1 - t0, (double)cs_tally_records_read(t) / (t1 - t0), t2 - t1);
    printf("batches %llu (%llu processed by readers) queue capacity %zu high-water %zu live-max %zu\n",
           (unsigned long long)st.batches, (unsigned long long)st.batches_helped, st.queue_capacity,
           st.queue_high_water, st.live_batches_max);
    printf("cpu: reader threads %.3f s, worker threads %.3f s, process %.3f s (%.0f records per CPU-second)\n",
           st.reader_cpu, st.worker_cpu, cpu, (double)cs_tally_records_read(t) / cpu);
    if (stage_clock)
        print_stages(&st.stages, reports_cpu, cpu);
    cs_tally_free(t);
    cs_ruleset_free(rs);
    fclose(devnull);
    return 0;
}
