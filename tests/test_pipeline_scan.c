/* The scan pipeline end to end over the sample of real certificates
 * (tests/data/real-sample, 662 of them): reports are
 * byte-identical for 1, 2 and 8 workers; the bounded queue bounds the
 * batches alive while workers are slowed; SIGINT/SIGTERM give a partial
 * result and restore the old handlers, a second signal exits 130; inputs
 * that cannot be opened and records that cannot be parsed are counted and
 * named; resource errors fail the scan. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/hooks.h"
#include "pipeline/scan.h"
#include "report/report.h"
#include "rulecheck.h"
#include "runcmd.h"

/* The second-signal test ends the process with _exit(130) while pipeline
 * threads still run, by design: not a leak worth a TSan report. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
    return "report_thread_leaks=0";
}
#endif
#endif

/* One record per certificate file of the sample. */
#define SAMPLE_RECORDS 662

static char corpus[4096];
static char *inputs[64];
static size_t n_inputs;
static cs_ruleset *rules;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The corpus's subdirectories, sorted, as separate inputs: several readers
 * then read at once. */
static void setup(void)
{
    snprintf(corpus, sizeof corpus, "%s/corpus/real", cs_test_sample_dir());
    DIR *d = opendir(corpus);
    cr_assert_not_null(d, "corpus %s", corpus);
    struct dirent *e;
    while ((e = readdir(d)) && n_inputs < 64) {
        if (e->d_name[0] == '.')
            continue;
        char p[8192];
        snprintf(p, sizeof p, "%s/%s", corpus, e->d_name);
        inputs[n_inputs++] = strdup(p);
    }
    closedir(d);
    qsort(inputs, n_inputs, sizeof *inputs, cmp_str);
    char err[256];
    rules = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rules, "%s", err);
}

static void teardown(void)
{
    cs_scan_set_hooks(NULL);
    for (size_t i = 0; i < n_inputs; i++)
        free(inputs[i]);
    n_inputs = 0;
    cs_ruleset_free(rules);
}

TestSuite(scan, .init = setup, .fini = teardown, .timeout = 120);

static cs_scan_options options(unsigned threads, FILE *errors)
{
    cs_scan_options o = { 0 };
    o.inputs = (const char *const *)inputs;
    o.n_inputs = n_inputs;
    o.threads = threads;
    o.ingest.csv_column = -1;
    o.rules = rules;
    o.quiet = true;
    o.errors = errors;
    return o;
}

static char *slurp(const char *path, size_t *len) { return (char *)cs_test_read_file(path, len); }

/* Every file in a is in b with the same bytes, and vice versa. */
static void expect_same_dirs(const char *a, const char *b)
{
    size_t n_files = 0;
    for (int pass = 0; pass < 2; pass++) {
        const char *x = pass ? b : a, *y = pass ? a : b;
        DIR *d = opendir(x);
        cr_assert_not_null(d);
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char px[8192], py[8192];
            snprintf(px, sizeof px, "%s/%s", x, e->d_name);
            snprintf(py, sizeof py, "%s/%s", y, e->d_name);
            cr_assert_eq(access(py, F_OK), 0, "%s exists in both", e->d_name);
            if (pass)
                continue;
            size_t lx, ly;
            char *bx = slurp(px, &lx), *by = slurp(py, &ly);
            cr_expect(lx == ly && memcmp(bx, by, lx) == 0, "%s differs between %s and %s", e->d_name, x, y);
            free(bx);
            free(by);
            n_files++;
        }
        closedir(d);
    }
    cr_expect_geq(n_files, 5, "the report has its files");
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Test directories are removed when the test passed so far. */
static void rm_rf(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes the reports of t into a fresh directory and returns summary.json. */
static char *summary_of(const cs_tally *t)
{
    char dir[512], path[1024], err[256];
    cs_test_tmpdir(dir, sizeof dir);
    cr_assert(cs_report_write(t, dir, err, sizeof err), "%s", err);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    size_t len;
    char *text = slurp(path, &len);
    rm_rf(dir);
    return text;
}

static cs_tally *scan_ok(const cs_scan_options *o, cs_scan_stats *st)
{
    cs_tally *t = NULL;
    char err[256] = "";
    cs_scan_status s = cs_scan_run_stats(o, &t, err, sizeof err, st);
    cr_assert_eq(s, CS_SCAN_COMPLETE, "scan: %s", err);
    cr_assert_not_null(t);
    return t;
}

Test(scan, reports_identical_for_1_2_8_threads)
{
    FILE *devnull = fopen("/dev/null", "w");
    char dirs[3][512];
    const unsigned threads[3] = { 1, 2, 8 };
    uint64_t linted = 0;
    for (int i = 0; i < 3; i++) {
        cs_scan_options o = options(threads[i], devnull);
        /* Small batches and a small queue: certificates really are
         * spread over the workers differently each time. */
        o.ingest.batch_records = 7;
        o.queue_batches = 3;
        cs_scan_stats st;
        cs_tally *t = scan_ok(&o, &st);
        cr_expect_eq(st.readers + st.workers, threads[i], "-j N is N threads, readers included");
        uint64_t read = cs_tally_records_read(t);
        cr_expect_eq(read, SAMPLE_RECORDS, "the whole sample was read");
        cr_expect_eq(read, cs_tally_certificates_linted(t) + cs_tally_parse_failures(t),
                     "every record accounted for");
        if (i == 0)
            linted = cs_tally_certificates_linted(t);
        else
            cr_expect_eq(cs_tally_certificates_linted(t), linted);
        cs_test_tmpdir(dirs[i], sizeof dirs[i]);
        char err[256];
        cr_assert(cs_report_write(t, dirs[i], err, sizeof err), "%s", err);
        cs_tally_free(t);
    }
    char sp[1024];
    snprintf(sp, sizeof sp, "%s/summary.json", dirs[0]);
    size_t sl;
    char *summary = slurp(sp, &sl);
    cr_expect(strstr(summary, "\"partial\": false") != NULL, "a complete scan is not partial");
    cr_expect(strstr(summary, "\"finished\": false") == NULL, "every input finished");
    cr_expect(strstr(summary, "\"finished\": true") != NULL);
    free(summary);
    expect_same_dirs(dirs[0], dirs[1]);
    expect_same_dirs(dirs[0], dirs[2]);
    for (int i = 0; i < 3; i++)
        rm_rf(dirs[i]);
    fclose(devnull);
}

/* One input read by one reader, batched at 1 record vs. the default: same
 * report as many small inputs. */
Test(scan, batching_and_input_split_do_not_change_the_report)
{
    FILE *devnull = fopen("/dev/null", "w");
    char d1[512], d2[512], err[256];
    cs_scan_options o = options(2, devnull);
    o.ingest.batch_records = 1;
    cs_tally *t = scan_ok(&o, NULL);
    cs_test_tmpdir(d1, sizeof d1);
    cr_assert(cs_report_write(t, d1, err, sizeof err), "%s", err);
    cs_tally_free(t);

    const char *whole[1] = { corpus };
    o = options(2, devnull);
    o.inputs = whole;
    o.n_inputs = 1;
    t = scan_ok(&o, NULL);
    cr_expect_eq(cs_tally_records_read(t), SAMPLE_RECORDS);
    cs_test_tmpdir(d2, sizeof d2);
    cr_assert(cs_report_write(t, d2, err, sizeof err), "%s", err);
    cs_tally_free(t);
    /* Input names differ (one input vs. many): compare only the
     * per-issuer tables. */
    const char *files[] = { "issuers.csv", "issuer_rules.csv", "rules.csv", "monthly.csv" };
    for (size_t i = 0; i < 4; i++) {
        char a[1024], b[1024];
        snprintf(a, sizeof a, "%s/%s", d1, files[i]);
        snprintf(b, sizeof b, "%s/%s", d2, files[i]);
        size_t la, lb;
        char *ba = slurp(a, &la), *bb = slurp(b, &lb);
        cr_expect(la == lb && memcmp(ba, bb, la) == 0, "%s differs", files[i]);
        free(ba);
        free(bb);
    }
    rm_rf(d1);
    rm_rf(d2);
    fclose(devnull);
}

/* ---- back-pressure ---------------------------------------------------- */

static void slow_batch(void *ctx, unsigned worker, const cs_batch *b)
{
    (void)ctx;
    (void)worker;
    (void)b;
    usleep(2000);
}

Test(scan, bounded_queue_bounds_live_batches)
{
    cs_scan_hooks h = { .after_batch = slow_batch };
    cs_scan_set_hooks(&h);
    cs_scan_options o = options(2, NULL);
    FILE *devnull = fopen("/dev/null", "w");
    o.errors = devnull;
    o.ingest.batch_records = 4;
    o.queue_batches = 2;
    cs_scan_stats st;
    cs_tally *t = scan_ok(&o, &st);
    cr_expect_gt(st.batches, 100, "enough batches to fill the queue many times");
    cr_expect_eq(st.queue_capacity, 2);
    cr_expect_eq(st.queue_high_water, 2, "readers outran the slowed workers and were held back");
    /* Alive at once: queued + one per worker being linted + one per reader
     * waiting to push.  Never more, however many batches there are. */
    cr_expect_leq(st.live_batches_max, st.queue_capacity + st.workers + st.readers, "%zu live",
                  st.live_batches_max);
    cs_tally_free(t);
    fclose(devnull);
}

/* ---- interruption ------------------------------------------------------ */

static atomic_int batches_seen;
static int signals_to_send;

static void interrupt_after_first(void *ctx, unsigned worker, const cs_batch *b)
{
    (void)ctx;
    (void)worker;
    (void)b;
    /* All signals from the first batch: after the first one the scan only
     * finishes batches in flight, and there may be no second batch. */
    if (atomic_fetch_add(&batches_seen, 1) == 0)
        for (int i = 0; i < signals_to_send; i++)
            raise(i == 0 ? SIGINT : SIGTERM);
    usleep(2000);
}

static volatile sig_atomic_t old_ran;
static void old_handler(int sig)
{
    (void)sig;
    old_ran = 1;
}

Test(scan, sigint_gives_partial_result_and_restores_handlers)
{
    struct sigaction mine = { 0 }, now;
    mine.sa_handler = old_handler;
    sigemptyset(&mine.sa_mask);
    sigaction(SIGINT, &mine, NULL);
    sigaction(SIGTERM, &mine, NULL);

    signals_to_send = 1;
    cs_scan_hooks h = { .after_batch = interrupt_after_first };
    cs_scan_set_hooks(&h);
    FILE *devnull = fopen("/dev/null", "w");
    cs_scan_options o = options(2, devnull);
    o.ingest.batch_records = 4;
    o.queue_batches = 2;
    cs_tally *t = NULL;
    char err[256] = "";
    cs_scan_status s = cs_scan_run(&o, &t, err, sizeof err);
    cr_assert_eq(s, CS_SCAN_INTERRUPTED, "status %d: %s", s, err);
    cr_assert_not_null(t);
    uint64_t read = cs_tally_records_read(t);
    cr_expect_gt(read, 0, "batches in flight were finished");
    cr_expect_lt(read, SAMPLE_RECORDS / 2, "reading stopped soon (%llu records)", (unsigned long long)read);
    cr_expect_eq(read, cs_tally_certificates_linted(t) + cs_tally_parse_failures(t));
    char *summary = summary_of(t);
    cr_expect(strstr(summary, "\"partial\": true") != NULL, "the report says partial");
    cr_expect(strstr(summary, "\"finished\": false") != NULL, "unfinished inputs are marked");
    free(summary);
    cs_tally_free(t);

    sigaction(SIGINT, NULL, &now);
    cr_expect_eq((void *)now.sa_handler, (void *)old_handler, "SIGINT handler restored");
    sigaction(SIGTERM, NULL, &now);
    cr_expect_eq((void *)now.sa_handler, (void *)old_handler, "SIGTERM handler restored");
    fclose(devnull);
}

static void *send_sigterm(void *arg)
{
    (void)arg;
    while (atomic_load(&batches_seen) == 0)
        usleep(1000);
    kill(getpid(), SIGTERM); /* process-directed: any thread may take it */
    return NULL;
}

static void count_slowly(void *ctx, unsigned worker, const cs_batch *b)
{
    (void)ctx;
    (void)worker;
    (void)b;
    atomic_fetch_add(&batches_seen, 1);
    usleep(2000);
}

Test(scan, sigterm_from_another_thread)
{
    cs_scan_hooks h = { .after_batch = count_slowly };
    cs_scan_set_hooks(&h);
    FILE *devnull = fopen("/dev/null", "w");
    cs_scan_options o = options(2, devnull);
    o.ingest.batch_records = 4;
    o.queue_batches = 2;
    pthread_t killer;
    cr_assert_eq(pthread_create(&killer, NULL, send_sigterm, NULL), 0);
    cs_tally *t = NULL;
    char err[256] = "";
    cs_scan_status s = cs_scan_run(&o, &t, err, sizeof err);
    pthread_join(killer, NULL);
    cr_assert_eq(s, CS_SCAN_INTERRUPTED, "status %d: %s", s, err);
    cr_expect_lt(cs_tally_records_read(t), SAMPLE_RECORDS / 2);
    cs_tally_free(t);
    fclose(devnull);
}

/* A scan that receives `signals` signals from its first batch. */
static cs_scan_status scan_signalled(int signals, cs_tally **t)
{
    signals_to_send = signals;
    cs_scan_hooks h = { .after_batch = interrupt_after_first };
    cs_scan_set_hooks(&h);
    FILE *devnull = fopen("/dev/null", "w");
    cs_scan_options o = options(2, devnull);
    o.ingest.batch_records = 16;
    char err[256] = "";
    cs_scan_status s = cs_scan_run(&o, t, err, sizeof err);
    cr_expect_eq(s, CS_SCAN_INTERRUPTED, "status %d: %s", s, err);
    fclose(devnull);
    return s;
}

Test(scan, second_signal_still_gives_the_partial_result)
{
    cs_tally *t = NULL;
    cr_assert_eq(scan_signalled(2, &t), CS_SCAN_INTERRUPTED);
    cr_expect_gt(cs_tally_records_read(t), 0);
    cs_tally_free(t);
}

Test(scan, third_signal_exits_at_once, .exit_code = 130)
{
    cs_tally *t = NULL;
    scan_signalled(3, &t);
    cr_assert_fail("cs_scan_run returned after a third signal");
}

/* ---- bad inputs and records -------------------------------------------- */

static char *read_stream(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    rewind(f);
    char *buf = calloc(1, (size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    return buf;
}

Test(scan, unopenable_input_is_counted_and_named)
{
    const char *in[2] = { "/nonexistent/certsweep-test-input", inputs[0] };
    FILE *errs = tmpfile();
    cs_scan_options o = options(2, errs);
    o.inputs = in;
    o.n_inputs = 2;
    /* The scan runs to the end, but is partial: one input is incomplete. */
    cs_tally *t = NULL;
    char err[256] = "";
    cr_assert_eq(cs_scan_run(&o, &t, err, sizeof err), CS_SCAN_INCOMPLETE, "%s", err);
    cr_assert_not_null(t);
    cr_expect_eq(cs_tally_inputs_failed(t), 1);
    cr_expect_eq(cs_tally_inputs_incomplete(t), 1);
    cr_expect_gt(cs_tally_records_read(t), 0, "the other input was read");
    char *text = read_stream(errs);
    cr_expect(strstr(text, "certsweep: /nonexistent/certsweep-test-input: ") != NULL, "errors: %s", text);
    free(text);
    cs_tally_free(t);
    fclose(errs);
}

Test(scan, bad_record_is_counted_with_its_position)
{
    char dir[512], path[1024];
    cs_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/bad.pem", dir);
    FILE *f = fopen(path, "w");
    fputs("-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHHIG...notbase64!!\n-----END CERTIFICATE-----\n", f);
    fclose(f);
    const char *in[1] = { path };
    FILE *errs = tmpfile();
    cs_scan_options o = options(1, errs);
    o.inputs = in;
    o.n_inputs = 1;
    cs_tally *t = scan_ok(&o, NULL);
    cr_expect_eq(cs_tally_records_read(t), 1);
    cr_expect_eq(cs_tally_parse_failures(t), 1);
    char *text = read_stream(errs);
    char want[1200];
    snprintf(want, sizeof want, "certsweep: %s: line ", path);
    cr_expect(strstr(text, want) != NULL, "errors: %s", text);
    free(text);
    cs_tally_free(t);
    fclose(errs);
    rm_rf(dir);
}

/* Names and reasons come from hostile input: no terminal escapes get out. */
Test(scan, error_lines_carry_no_control_characters)
{
    char dir[512], path[1024];
    cs_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/evil\033]0;pwned\007\033[2J.pem", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n", f);
    fclose(f);
    const char *in[1] = { path };
    FILE *errs = tmpfile();
    cs_scan_options o = options(1, errs);
    o.inputs = in;
    o.n_inputs = 1;
    cs_tally *t = scan_ok(&o, NULL);
    cr_expect_eq(cs_tally_parse_failures(t), 1);
    char *text = read_stream(errs);
    cr_expect(strstr(text, "evil?]0;pwned??[2J.pem") != NULL, "errors: %s", text);
    for (const char *p = text; *p; p++)
        cr_expect(*p == '\n' || (unsigned char)*p >= 0x20, "control character 0x%02x", (unsigned char)*p);
    free(text);
    cs_tally_free(t);
    fclose(errs);
    rm_rf(dir);
}

Test(scan, no_inputs_is_an_empty_complete_scan)
{
    cs_scan_options o = options(2, stderr);
    o.n_inputs = 0;
    cs_tally *t = scan_ok(&o, NULL);
    cr_expect_eq(cs_tally_records_read(t), 0);
    cs_tally_free(t);
}

Test(scan, default_thread_count_is_online_cpus)
{
    FILE *devnull = fopen("/dev/null", "w");
    cs_scan_options o = options(0, devnull);
    cs_scan_stats st;
    cs_tally *t = scan_ok(&o, &st);
    cr_expect_eq(st.readers + st.workers, (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
    cs_tally_free(t);
    fclose(devnull);
}

/* ---- resource errors ---------------------------------------------------- */

/* A scan of -j `threads` of the first `inputs` inputs. */
static void expect_failed(const cs_scan_hooks *h, unsigned threads, size_t n_scanned, const char *want)
{
    cs_scan_set_hooks(h);
    FILE *devnull = fopen("/dev/null", "w");
    cs_scan_options o = options(threads, devnull);
    o.n_inputs = n_scanned;
    cs_tally *t = (cs_tally *)&o; /* must be reset to NULL */
    char err[256] = "";
    cs_scan_status s = cs_scan_run(&o, &t, err, sizeof err);
    cr_expect_eq(s, CS_SCAN_FAILED);
    cr_expect_null(t, "no tally from a failed scan");
    cr_expect(strstr(err, want) != NULL, "message: %s", err);
    fclose(devnull);
}

/* -j3 of one input: two worker threads, then one reader. */
Test(scan, worker_that_cannot_start_fails_the_scan)
{
    expect_failed(&(cs_scan_hooks){ .fail_thread_start = 2 }, 3, 1, "cannot start worker thread 2 of 2");
}

Test(scan, reader_that_cannot_start_fails_the_scan)
{
    expect_failed(&(cs_scan_hooks){ .fail_thread_start = 3 }, 3, 1, "cannot start reader thread 1 of 1");
    expect_failed(&(cs_scan_hooks){ .fail_thread_start = 2 }, 2, 2, "cannot start reader thread 2 of 2");
}

Test(scan, out_of_memory_in_a_worker_fails_the_scan)
{
    expect_failed(&(cs_scan_hooks){ .fail_tally_after = 100 }, 2, n_inputs, "out of memory");
}

Test(scan, missing_rules_fail)
{
    cs_scan_options o = options(1, stderr);
    o.rules = NULL;
    cs_tally *t = NULL;
    char err[256] = "";
    cr_expect_eq(cs_scan_run(&o, &t, err, sizeof err), CS_SCAN_FAILED);
    cr_expect_str_eq(err, "invalid scan options");
}
