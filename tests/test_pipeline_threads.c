/* -j N is N threads doing work, readers included (issue 19): a reader
 * whose push finds the queue full processes the oldest queued batch
 * itself, and drains the queue once its inputs are read.  -j1 is one
 * working thread; reports and the findings file are the same bytes for
 * -j1 to -j4 on a big PEM file (framed in chunks), a tar of many members
 * and several inputs; the findings stay in input order while worker
 * threads are slow; a signal and a fatal error stop a scan whose reader
 * is helping.  Inputs are generated (certsweep-gen) in a temporary
 * directory. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/hooks.h"
#include "pipeline/scan.h"
#include "report/report.h"
#include "runcmd.h"
#include "util/stage_clock.h"

/* certsweep-gen -n 1500: 1500 certificates and 5 CA certificates. */
#define GEN_RECORDS 1505

static char out[1 << 14], errb[1 << 14];
#define run(...) cs_test_runf(out, sizeof out, errb, sizeof errb, __VA_ARGS__)

static char tmp[512];
static char pem[1024], tar[1024], b64[1024], jsonl[1024];
static cs_ruleset *rules;
static FILE *devnull;

static void setup(void)
{
    cs_test_tmpdir(tmp, sizeof tmp);
    cr_assert_eq(run("%s/certsweep-gen -n 1500 -m 4 -s 3 -f pem,der-tar-gz,b64,jsonl -o %s/g", cs_test_bindir(), tmp),
                 0, "%s", errb);
    snprintf(pem, sizeof pem, "%s/g/pem/certs.pem", tmp);
    snprintf(tar, sizeof tar, "%s/g/der-tar-gz/certs.tar.gz", tmp);
    snprintf(b64, sizeof b64, "%s/g/b64/certs.b64", tmp);
    snprintf(jsonl, sizeof jsonl, "%s/g/jsonl/certs.jsonl", tmp);
    char err[256];
    rules = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rules, "%s", err);
    devnull = fopen("/dev/null", "w");
}

static void teardown(void)
{
    cs_scan_set_hooks(NULL);
    cs_ruleset_free(rules);
    fclose(devnull);
    run("rm -rf '%s'", tmp);
}

TestSuite(threads, .init = setup, .fini = teardown, .timeout = 180);

/* Small batches, a small queue and small chunks: the queue is full most
 * of the time, so readers help, and the big PEM is framed by whoever
 * processes its chunks. */
static cs_scan_options options(unsigned threads, const char *const *in, size_t n)
{
    cs_scan_options o = { 0 };
    o.inputs = in;
    o.n_inputs = n;
    o.threads = threads;
    o.ingest.csv_column = -1;
    o.ingest.batch_records = 16;
    o.ingest.chunk_bytes = 16 << 10;
    o.queue_batches = 2;
    o.rules = rules;
    o.quiet = true;
    o.errors = devnull;
    return o;
}

static cs_tally *scan_ok(const cs_scan_options *o, cs_scan_stats *st)
{
    cs_tally *t = NULL;
    char err[256] = "";
    cs_scan_status s = cs_scan_run_stats(o, &t, err, sizeof err, st);
    cr_assert_eq(s, CS_SCAN_COMPLETE, "scan: status %d: %s", s, err);
    return t;
}

/* ---- which threads process batches ------------------------------------ */

#define MAX_SEEN 16
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t seen[MAX_SEEN];
static size_t n_seen;
static atomic_uint batches_by_context[MAX_SEEN];

static void note_thread(void *ctx, unsigned worker, const cs_batch *b)
{
    (void)ctx;
    (void)b;
    if (worker < MAX_SEEN)
        atomic_fetch_add(&batches_by_context[worker], 1);
    pthread_mutex_lock(&seen_lock);
    size_t i = 0;
    while (i < n_seen && !pthread_equal(seen[i], pthread_self()))
        i++;
    if (i == n_seen && n_seen < MAX_SEEN)
        seen[n_seen++] = pthread_self();
    pthread_mutex_unlock(&seen_lock);
}

static void reset_seen(void)
{
    n_seen = 0;
    for (size_t i = 0; i < MAX_SEEN; i++)
        atomic_store(&batches_by_context[i], 0);
}

Test(threads, one_job_is_one_thread_that_reads_and_lints)
{
    const char *one[1] = { pem };
    const char *several[4] = { pem, tar, b64, jsonl };
    const char *const *sets[2] = { one, several };
    const size_t sizes[2] = { 1, 4 };
    cs_scan_set_hooks(&(cs_scan_hooks){ .after_batch = note_thread });
    for (int k = 0; k < 2; k++) {
        reset_seen();
        cs_scan_options o = options(1, sets[k], sizes[k]);
        cs_scan_stats st;
        cs_tally *t = scan_ok(&o, &st);
        cr_expect_eq(st.readers, 1, "one reader");
        cr_expect_eq(st.workers, 0, "no worker thread");
        cr_expect_eq(cs_tally_records_read(t), GEN_RECORDS * sizes[k]);
        cr_expect_gt(st.batches, st.queue_capacity + 10, "many batches (%llu)", (unsigned long long)st.batches);
        cr_expect_eq(st.batches_helped, st.batches, "the reader processed every batch as it came");
        cr_expect_eq(st.queue_high_water, 0, "none was queued");
        cr_expect_eq(n_seen, 1, "one thread processed every batch (%zu did)", n_seen);
        cr_expect(!pthread_equal(seen[0], pthread_self()), "not the caller's thread");
        cr_expect_eq(atomic_load(&batches_by_context[0]), st.batches, "all in the reader's context");
        cr_expect_eq(st.live_batches_max, 1, "one batch at a time");
        cs_tally_free(t);
    }
}

Test(threads, thread_counts_add_up_to_jobs)
{
    const char *several[4] = { pem, tar, b64, jsonl };
    /* The big PEM is read in a part per CS_PLAIN_PART_READERS readers it
     * is given (parts.h); the tar.gz by one. */
    const struct { unsigned jobs; size_t inputs; unsigned readers; } cases[] = {
        { 2, 1, 1 }, { 4, 1, 1 }, { 8, 1, 2 }, { 16, 1, 4 }, { 2, 4, 2 }, { 3, 4, 3 }, { 4, 4, 4 },
        { 6, 4, 4 }, { 3, 2, 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reset_seen();
        cs_scan_set_hooks(&(cs_scan_hooks){ .after_batch = note_thread });
        cs_scan_options o = options(cases[i].jobs, several, cases[i].inputs);
        cs_scan_stats st;
        cs_tally *t = scan_ok(&o, &st);
        cr_expect_eq(st.readers, cases[i].readers, "-j%u, %zu inputs", cases[i].jobs, cases[i].inputs);
        cr_expect_eq(st.readers + st.workers, cases[i].jobs, "-j%u: readers + workers", cases[i].jobs);
        cr_expect_leq(n_seen, cases[i].jobs, "-j%u: at most that many threads processed batches", cases[i].jobs);
        cr_expect_eq(cs_tally_records_read(t), GEN_RECORDS * cases[i].inputs);
        cs_tally_free(t);
    }
}

/* ---- the same bytes for any -j ------------------------------------------ */

/* Scans `in` at -j1..-j4 and expects the same report directory each
 * time; returns nothing, names the first -j that differs. */
static void expect_same_reports(const char *const *in, size_t n, const char *what)
{
    uint64_t helped = 0;
    for (unsigned j = 1; j <= 4; j++) {
        cs_scan_options o = options(j, in, n);
        cs_scan_stats st;
        cs_tally *t = scan_ok(&o, &st);
        cr_expect_eq(cs_tally_records_read(t), GEN_RECORDS * n, "%s -j%u: every record", what, j);
        helped += st.batches_helped;
        char dir[1024], err[256];
        snprintf(dir, sizeof dir, "%s/%s-j%u", tmp, what, j);
        cr_assert(cs_report_write(t, dir, err, sizeof err), "%s", err);
        cs_tally_free(t);
        if (j > 1)
            cr_expect_eq(run("diff -r '%s/%s-j1' '%s'", tmp, what, dir), 0, "%s: -j%u differs from -j1: %s", what, j,
                         out);
    }
    cr_expect_gt(helped, 0, "%s: readers processed batches", what);
}

Test(threads, reports_identical_for_1_to_4_jobs_big_pem)
{
    const char *in[1] = { pem };
    expect_same_reports(in, 1, "pem");
}

Test(threads, reports_identical_for_1_to_4_jobs_tar_of_many_members)
{
    const char *in[1] = { tar };
    expect_same_reports(in, 1, "tar");
}

Test(threads, reports_identical_for_1_to_4_jobs_several_inputs)
{
    const char *in[4] = { pem, tar, b64, jsonl };
    expect_same_reports(in, 4, "several");
}

/* ---- findings order ------------------------------------------------------ */

static atomic_uint n_worker_threads;

/* Worker threads are slow: the reader keeps finding the queue full and
 * finishes newer batches before the workers finish older ones. */
static void slow_workers(void *ctx, unsigned worker, const cs_batch *b)
{
    (void)ctx;
    (void)b;
    if (worker < atomic_load(&n_worker_threads))
        usleep(3000);
}

/* The findings file of a scan of `in` at -j `jobs`, as a string. */
static char *findings_of(unsigned jobs, const char *const *in, size_t n, cs_scan_stats *st)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/findings-j%u.jsonl", tmp, jobs);
    FILE *f = fopen(path, "w+");
    cr_assert_not_null(f);
    cs_scan_options o = options(jobs, in, n);
    o.findings = f;
    o.findings_name = path;
    o.findings_all = true;
    atomic_store(&n_worker_threads, jobs - 1); /* one reader: findings are read in input order */
    cs_tally_free(scan_ok(&o, st));
    cr_expect_eq(st->readers, 1);
    fflush(f);
    long len = ftell(f);
    rewind(f);
    char *text = calloc(1, (size_t)len + 1);
    cr_assert_eq(fread(text, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    return text;
}

Test(threads, findings_in_input_order_while_workers_are_slow)
{
    const char *in[3] = { pem, tar, jsonl };
    cs_scan_set_hooks(&(cs_scan_hooks){ .after_batch = slow_workers });
    cs_scan_stats st;
    char *first = findings_of(1, in, 3, &st);
    size_t lines = 0;
    for (const char *p = first; *p; p++)
        lines += *p == '\n';
    cr_expect_gt(lines, 3 * GEN_RECORDS * 9 / 10, "a line per linted certificate (%zu)", lines);
    for (unsigned j = 2; j <= 4; j++) {
        char *got = findings_of(j, in, 3, &st);
        cr_expect_gt(st.batches_helped, 0, "-j%u: the reader helped", j);
        cr_expect(strcmp(got, first) == 0, "-j%u: findings differ from -j1", j);
        free(got);
    }
    free(first);
}

/* ---- stop and abort ------------------------------------------------------- */

static atomic_int batches_seen;

/* SIGINT from the first batch a reader processes itself; worker threads
 * are slow, so that the reader does help. */
static void interrupt_from_reader(void *ctx, unsigned worker, const cs_batch *b)
{
    slow_workers(ctx, worker, b);
    if (worker >= atomic_load(&n_worker_threads) && atomic_fetch_add(&batches_seen, 1) == 0)
        raise(SIGINT);
}

static void ignore(int sig)
{
    (void)sig;
}

Test(threads, signal_while_the_reader_helps_gives_a_partial_result)
{
    struct sigaction mine = { 0 }, old;
    mine.sa_handler = ignore;
    sigemptyset(&mine.sa_mask);
    sigaction(SIGINT, &mine, &old);
    const char *in[1] = { pem };
    for (unsigned j = 1; j <= 2; j++) {
        atomic_store(&batches_seen, 0);
        atomic_store(&n_worker_threads, j - 1); /* one input: one reader */
        cs_scan_set_hooks(&(cs_scan_hooks){ .after_batch = interrupt_from_reader });
        cs_scan_options o = options(j, in, 1);
        cs_tally *t = NULL;
        char err[256] = "";
        cs_scan_status s = cs_scan_run(&o, &t, err, sizeof err);
        cr_assert_eq(s, CS_SCAN_INTERRUPTED, "-j%u: status %d: %s", j, s, err);
        uint64_t read = cs_tally_records_read(t);
        cr_expect_gt(read, 0, "-j%u: what was read was counted", j);
        cr_expect_lt(read, GEN_RECORDS, "-j%u: reading stopped", j);
        cr_expect_eq(read, cs_tally_certificates_linted(t) + cs_tally_parse_failures(t), "-j%u: no lost count", j);
        cr_expect_eq(cs_tally_inputs_incomplete(t), 1, "-j%u: the input is marked incomplete", j);
        cs_tally_free(t);
    }
    sigaction(SIGINT, &old, NULL);
}

Test(threads, out_of_memory_while_the_reader_helps_fails_the_scan)
{
    const char *in[2] = { pem, tar };
    for (unsigned j = 1; j <= 3; j++) {
        cs_scan_set_hooks(&(cs_scan_hooks){ .fail_tally_after = 100 });
        cs_scan_options o = options(j, in, 2);
        cs_tally *t = (cs_tally *)&o; /* must be reset to NULL */
        char err[256] = "";
        cr_expect_eq(cs_scan_run(&o, &t, err, sizeof err), CS_SCAN_FAILED, "-j%u", j);
        cr_expect_null(t);
        cr_expect(strstr(err, "out of memory") != NULL, "-j%u: %s", j, err);
    }
}

/* The findings writer fails (a full device) while the reader helps: the
 * scan fails, nobody waits forever on the findings window. */
Test(threads, findings_write_error_while_the_reader_helps)
{
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        cr_skip_test("no /dev/full");
    setvbuf(full, NULL, _IONBF, 0);
    const char *in[1] = { pem };
    for (unsigned j = 1; j <= 2; j++) {
        cs_scan_options o = options(j, in, 1);
        o.findings = full;
        o.findings_name = "/dev/full";
        o.findings_all = true;
        cs_tally *t = NULL;
        char err[256] = "";
        cr_expect_eq(cs_scan_run(&o, &t, err, sizeof err), CS_SCAN_FAILED, "-j%u", j);
        cr_expect(strstr(err, "cannot write the findings") != NULL, "-j%u: %s", j, err);
    }
    fclose(full);
}

/* ---- the benchmark's stage clock ----------------------------------------- */

/* Off (a normal scan): no stage is timed.  On (scan-bench): every stage
 * of a tar scan has a share, one record in CS_STAGE_SAMPLE_RATE was timed,
 * and the stages add up to no more than the threads' CPU time. */
Test(threads, stage_clock_splits_the_cpu_only_when_on)
{
    const char *in[2] = { tar, pem };
    for (unsigned j = 1; j <= 2; j++) {
        cs_scan_options o = options(j, in, 2);
        cs_scan_stats st;
        cs_tally_free(scan_ok(&o, &st));
        cr_expect_eq(st.stages.records_timed, 0, "-j%u: off by default", j);
        cr_expect(st.stages.read == 0 && st.stages.frame == 0 && st.stages.rules == 0 && st.stages.merge == 0);

        cs_stage_clock_on = true;
        cs_tally *t = scan_ok(&o, &st);
        cs_stage_clock_on = false;
        uint64_t records = cs_tally_records_read(t);
        cs_tally_free(t);
        /* Each thread times its 1st, 17th, ... record. */
        cr_expect(st.stages.records_timed >= records / CS_STAGE_SAMPLE_RATE &&
                      st.stages.records_timed <= records / CS_STAGE_SAMPLE_RATE + j,
                  "-j%u: 1 record in %d timed (%llu of %llu)", j, CS_STAGE_SAMPLE_RATE,
                  (unsigned long long)st.stages.records_timed, (unsigned long long)records);
        const cs_scan_stage_cpu *c = &st.stages;
        cr_expect(c->read > 0 && c->frame > 0 && c->decode > 0 && c->parse > 0 && c->rules > 0 && c->tally > 0,
                  "-j%u: read %f frame %f decode %f parse %f rules %f tally %f", j, c->read, c->frame, c->decode,
                  c->parse, c->rules, c->tally);
        double stages = c->read + c->frame + c->decode + c->parse + c->rules + c->tally;
        cr_expect_leq(stages, st.reader_cpu + st.worker_cpu + 0.01, "-j%u: stages %f, threads %f", j, stages,
                      st.reader_cpu + st.worker_cpu);
    }
}
