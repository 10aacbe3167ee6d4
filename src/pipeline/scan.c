/* cs_scan_run: wires readers, the bounded queue, workers and the progress
 * line together, handles signals, and merges the tallies of the worker
 * contexts into the result, the busiest first (its corpus records are
 * taken over, not copied), then the others in index order.  The result
 * does not depend on which thread linted which certificate nor on the
 * order of the merges (the tally is order-independent), so nothing here
 * may depend on timing either: inputs are declared in input order,
 * per-input accounting comes from per-input slots. */
#include "pipeline/scan.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agg/tally_data.h"
#include "agg/identity.h"
#include "pipeline/context.h"
#include "pipeline/hooks.h"
#include "pipeline/progress.h"
#include "pipeline/reader.h"
#include "pipeline/signals.h"
#include "pipeline/worker.h"

/* Chunks hold about as many records as a batch of the reader (256). */
#define CS_SCAN_CHUNK_BYTES ((size_t)256 << 10)

void cs_scan_fail(cs_scan_ctx *ctx, const char *fmt, ...)
{
    pthread_mutex_lock(&ctx->fail_lock);
    if (!atomic_load(&ctx->failed)) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ctx->fail_msg, sizeof ctx->fail_msg, fmt, ap);
        va_end(ap);
        atomic_store(&ctx->failed, true);
    }
    pthread_mutex_unlock(&ctx->fail_lock);
    atomic_store(&ctx->stop, true);
    cs_queue_abort(&ctx->queue);
    if (ctx->findings)
        cs_findings_out_abort(ctx->findings);
}

void cs_scan_report(cs_scan_ctx *ctx, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* Member names and framer reasons come from the input, which may be
     * hostile: no control characters (terminal escapes) reach the screen. */
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    /* Lock order: stderr (the progress stream) first, then errors. */
    flockfile(stderr);
    if (ctx->errors != stderr)
        flockfile(ctx->errors);
    if (atomic_load(&ctx->progress_tty) && atomic_exchange(&ctx->progress_shown, false))
        fputs("\r\033[K", stderr);
    fprintf(ctx->errors, "%s\n", line);
    if (ctx->errors != stderr)
        funlockfile(ctx->errors);
    funlockfile(stderr);
}

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (unsigned)n;
}

/* pthread_create, with the fault injection of the test hooks. */
static int start_thread(pthread_t *t, void *(*fn)(void *), void *arg, unsigned *n_started)
{
    const cs_scan_hooks *h = cs_scan_get_hooks();
    ++*n_started;
    if (h && h->fail_thread_start == *n_started)
        return EAGAIN;
    return pthread_create(t, NULL, fn, arg);
}

static void set_err(char *err, size_t err_size, const char *msg)
{
    if (err && err_size)
        snprintf(err, err_size, "%s", msg);
}

typedef struct scan_run {
    cs_scan_ctx ctx;
    cs_worker *workers;     /* ctx.n_workers: worker threads, then readers */
    unsigned n_readers;
    cs_findings_out findings;
    bool findings_init;
    cs_progress progress;
    bool progress_init, progress_started;
    pthread_t progress_thread;
} scan_run;

static void run_free(scan_run *r)
{
    cs_scan_ctx *ctx = &r->ctx;
    if (r->workers)
        for (unsigned i = 0; i < ctx->n_workers; i++)
            cs_worker_free(&r->workers[i]);
    free(r->workers);
    if (r->progress_init)
        cs_progress_destroy(&r->progress);
    cs_queue_destroy(&ctx->queue);
    if (r->findings_init)
        cs_findings_out_destroy(&r->findings);
    free(ctx->in_stats);
    free(ctx->in_size);
    free(ctx->open_failed);
    free(ctx->failures_shown);
    free(ctx->parts);
    free(ctx->counters);
    pthread_mutex_destroy(&ctx->fail_lock);
}

/* Allocates everything before any thread starts, so that out-of-memory
 * is reported before a single record is read. */
static bool run_init(scan_run *r, const cs_scan_options *opt, char *err, size_t err_size)
{
    cs_scan_ctx *ctx = &r->ctx;
    ctx->opt = opt;
    ctx->errors = opt->errors ? opt->errors : stderr;
    ctx->ingest = opt->ingest;
    ctx->ingest.stop = &ctx->stop;
    /* Large plain members are framed by the workers (ingest.h). */
    if (!ctx->ingest.chunk_bytes)
        ctx->ingest.chunk_bytes = CS_SCAN_CHUNK_BYTES;
    atomic_init(&ctx->stop, false);
    atomic_init(&ctx->failed, false);
    atomic_init(&ctx->next_input, 0);
    atomic_init(&ctx->live_batches, 0);
    atomic_init(&ctx->live_max, 0);
    atomic_init(&ctx->batches, 0);
    atomic_init(&ctx->batches_helped, 0);
    atomic_init(&ctx->next_order, 0);
    atomic_init(&ctx->reader_cpu_ns, 0);
    atomic_init(&ctx->worker_cpu_ns, 0);
    atomic_init(&ctx->progress_tty, false);
    atomic_init(&ctx->progress_shown, false);
    pthread_mutex_init(&ctx->fail_lock, NULL);
    ctx->n_workers = opt->threads ? opt->threads : default_threads();
    size_t n_in = opt->n_inputs;
    /* With findings, one reader keeps the input order. */
    unsigned readers_max = opt->findings ? 1 : ctx->n_workers;
    size_t cap = opt->queue_batches ? opt->queue_batches : 4 * (size_t)ctx->n_workers;

    ctx->in_stats = calloc(n_in ? n_in : 1, sizeof *ctx->in_stats);
    ctx->in_size = calloc(n_in ? n_in : 1, sizeof *ctx->in_size);
    ctx->open_failed = calloc(n_in ? n_in : 1, sizeof *ctx->open_failed);
    ctx->failures_shown = calloc(n_in ? n_in : 1, sizeof *ctx->failures_shown);
    ctx->counters = calloc(ctx->n_workers, sizeof *ctx->counters);
    r->workers = calloc(ctx->n_workers, sizeof *r->workers);
    if (!ctx->in_stats || !ctx->in_size || !ctx->open_failed || !ctx->failures_shown || !ctx->counters || !r->workers ||
        !cs_queue_init(&ctx->queue, cap)) {
        set_err(err, err_size, "out of memory setting up the scan");
        return false;
    }
    if (opt->findings) {
        /* Room for every batch that can be queued or in a thread's hands. */
        r->findings_init = true;
        if (!cs_findings_out_init(&r->findings, opt->findings, cap + ctx->n_workers)) {
            set_err(err, err_size, "out of memory setting up the findings output");
            return false;
        }
        ctx->findings = &r->findings;
    }
    for (size_t i = 0; i < n_in; i++) {
        atomic_init(&ctx->in_stats[i].bytes_read, 0);
        atomic_init(&ctx->in_stats[i].total_bytes, 0);
        atomic_init(&ctx->in_stats[i].records, 0);
        atomic_init(&ctx->in_stats[i].finished, false);
        atomic_init(&ctx->open_failed[i], false);
        atomic_init(&ctx->failures_shown[i], 0);
        struct stat st;
        if (strcmp(opt->inputs[i], "-") != 0 && stat(opt->inputs[i], &st) == 0 && S_ISREG(st.st_mode))
            ctx->in_size[i] = (uint64_t)st.st_size;
    }
    /* Readers: one per input up to the thread count, more when an input
     * is read in parts (reader.h); the other threads are workers. */
    r->n_readers = cs_reader_plan(ctx, readers_max);
    ctx->alone = ctx->n_workers == 1;
    cs_queue_set_producers(&ctx->queue, r->n_readers);
    for (unsigned i = 0; i < ctx->n_workers; i++) {
        atomic_init(&ctx->counters[i].records, 0);
        atomic_init(&ctx->counters[i].certs, 0);
        if (!cs_worker_init(&r->workers[i], ctx, i)) {
            set_err(err, err_size, "out of memory setting up the worker threads");
            return false;
        }
        r->workers[i].reader = i >= ctx->n_workers - r->n_readers;
    }
    return true;
}

/* Starts worker threads, then readers, then the progress thread; on the
 * first failure aborts the scan (the caller joins what did start). */
static void run_start(scan_run *r)
{
    cs_scan_ctx *ctx = &r->ctx;
    unsigned n_started = 0, n_worker_threads = ctx->n_workers - r->n_readers;
    int rc;
    for (unsigned i = 0; i < ctx->n_workers; i++) {
        cs_worker *w = &r->workers[i];
        if ((rc = start_thread(&w->thread, w->reader ? cs_reader_main : cs_worker_main, w, &n_started)) != 0) {
            if (w->reader)
                cs_scan_fail(ctx, "cannot start reader thread %u of %u: %s", i - n_worker_threads + 1, r->n_readers,
                             strerror(rc));
            else
                cs_scan_fail(ctx, "cannot start worker thread %u of %u: %s", i + 1, n_worker_threads, strerror(rc));
            return;
        }
        w->started = true;
    }
    if (!ctx->opt->quiet) {
        if (!cs_progress_init(&r->progress, ctx, stderr)) {
            cs_scan_fail(ctx, "cannot set up the progress output");
            return;
        }
        r->progress_init = true;
        if ((rc = start_thread(&r->progress_thread, cs_progress_main, &r->progress, &n_started)) != 0) {
            cs_scan_fail(ctx, "cannot start the progress thread: %s", strerror(rc));
            return;
        }
        r->progress_started = true;
    }
}

/* Every thread ends by itself: the last reader to finish its inputs
 * closes the queue, and readers and workers drain it and exit (a fatal
 * error aborts it instead). */
static void run_join(scan_run *r)
{
    cs_scan_ctx *ctx = &r->ctx;
    for (unsigned i = 0; i < ctx->n_workers; i++)
        if (r->workers[i].started)
            pthread_join(r->workers[i].thread, NULL);
    if (r->progress_started) {
        cs_progress_stop(&r->progress);
        pthread_join(r->progress_thread, NULL);
    }
}

/* The stage estimate of cs_scan_stage_cpu from the worker contexts. */
static void stage_cpu(const scan_run *r, cs_scan_stage_cpu *out)
{
    for (unsigned i = 0; i < r->ctx.n_workers; i++) {
        const cs_worker_stages *st = &r->workers[i].stages;
        uint64_t sampled = st->decode + st->parse + st->rules + st->tally;
        uint64_t records = st->process > st->frame ? st->process - st->frame : 0;
        double share = sampled ? (double)records / (double)sampled / 1e9 : 0;
        out->decode += (double)st->decode * share;
        out->parse += (double)st->parse * share;
        out->rules += (double)st->rules * share;
        out->tally += (double)st->tally * share;
        out->records_timed += st->sampled;
        out->frame += (double)st->frame / 1e9;
        if (r->workers[i].reader && st->reading > st->read + st->sink) {
            out->read += (double)st->read / 1e9;
            out->frame += (double)(st->reading - st->read - st->sink) / 1e9;
        }
    }
}

/* The merged tally: inputs declared in input order, the worker tallies
 * merged (the busiest first), then what the readers learnt about each
 * input.
 * An input is complete only when it was read to its end and every record
 * in it was counted; *partial says whether one is not. */
static cs_tally *run_result(scan_run *r, bool *partial)
{
    cs_scan_ctx *ctx = &r->ctx;
    const cs_scan_options *opt = ctx->opt;
    cs_tally *t = cs_tally_new(opt->rules);
    if (!t)
        return NULL;
    for (size_t i = 0; i < opt->n_inputs; i++)
        if (!cs_tally_set_input(t, (uint32_t)i, opt->inputs[i]))
            goto oom;
    /* The busiest first: into the empty result its corpus records move
     * instead of being copied (at -j2 under load the reader lints most).
     * The tally does not depend on the order. */
    unsigned first = cs_worker_busiest(r->workers, ctx->n_workers);
    if (!cs_tally_merge(t, r->workers[first].tally))
        goto oom;
    for (unsigned i = 0; i < ctx->n_workers; i++)
        if (i != first && !cs_tally_merge(t, r->workers[i].tally))
            goto oom;
    *partial = false;
    for (size_t i = 0; i < opt->n_inputs; i++) {
        const cs_ingest_stats *s = &ctx->in_stats[i];
        bool open_failed = atomic_load(&ctx->open_failed[i]);
        bool finished = !open_failed && atomic_load(&s->finished) && !s->incomplete[0];
        uint64_t total = atomic_load(&s->total_bytes);
        if (!cs_tally_set_input_progress(t, (uint32_t)i, finished, open_failed,
                                         open_failed ? 0 : atomic_load(&s->bytes_read),
                                         total ? total : ctx->in_size[i]) ||
            (s->digest_files && !cs_tally_set_input_digest(t, (uint32_t)i, s->sha256, s->digest_bytes)))
            goto oom;
        if (!finished && !cs_tally_set_input_incomplete(t, (uint32_t)i, s->incomplete[0] ? s->incomplete : NULL))
            goto oom;
        *partial = *partial || !finished;
    }
    cs_tally_set_partial(t, *partial);
    if (opt->reader && opt->reader->finish && !opt->reader->finish(opt->reader->ctx, t))
        goto oom;
    return t;
oom:
    cs_tally_free(t);
    return NULL;
}

/* Kinds named in the summary of parse failures at the end of a scan. */
#define KINDS_SHOWN 20

/* The end of the scan on the error stream: each incomplete input with its
 * reason (those that could not be opened were named already), and the
 * parse failures by kind. */
static void report_end(cs_scan_ctx *ctx, const cs_tally *t)
{
    for (size_t i = 0; i < t->n_inputs && i < ctx->opt->n_inputs; i++) {
        const char *why = cs_tally_input_incomplete(&t->inputs[i]);
        if (why && !t->inputs[i].open_failed)
            cs_scan_report(ctx, "certsweep: %s: incomplete: %s", ctx->opt->inputs[i], why);
    }
    uint64_t failures = cs_tally_parse_failures(t);
    const cs_tally_failure_kind **kinds = cs_tally_sorted_failure_kinds(t);
    if (failures == 0 || !kinds) {
        free(kinds);
        return;
    }
    cs_scan_report(ctx, "certsweep: %llu parse failure%s by kind:", (unsigned long long)failures,
                   failures == 1 ? "" : "s");
    for (size_t k = 0; k < t->n_failure_kinds && k < KINDS_SHOWN; k++)
        cs_scan_report(ctx, "certsweep: %10llu  %s", (unsigned long long)kinds[k]->count, kinds[k]->kind);
    if (t->n_failure_kinds > KINDS_SHOWN)
        cs_scan_report(ctx, "certsweep: (%zu more kinds in summary.json)", t->n_failure_kinds - KINDS_SHOWN);
    free(kinds);
}

static cs_scan_status scan_run_impl(const cs_scan_options *opt, cs_tally **out, char *err, size_t err_size,
                                    cs_scan_stats *stats)
{
    if (out)
        *out = NULL;
    if (!opt || !out || !opt->rules || (opt->n_inputs && !opt->inputs)) {
        set_err(err, err_size, "invalid scan options");
        return CS_SCAN_FAILED;
    }
    scan_run *r = calloc(1, sizeof *r);
    if (!r) {
        set_err(err, err_size, "out of memory setting up the scan");
        return CS_SCAN_FAILED;
    }
    cs_scan_status status = CS_SCAN_FAILED;
    cs_scan_ctx *ctx = &r->ctx;
    if (!run_init(r, opt, err, err_size))
        goto done;

    cs_signals_saved saved;
    if (!cs_signals_install(&ctx->stop, &saved)) {
        snprintf(err, err_size, "cannot install signal handlers: %s", strerror(errno));
        goto done;
    }
    run_start(r);
    run_join(r);
    cs_signals_restore(&saved);

    if (stats) {
        *stats = (cs_scan_stats){ 0 };
        stats->readers = r->n_readers;
        stats->workers = ctx->n_workers - r->n_readers;
        stats->queue_capacity = ctx->queue.cap;
        stats->queue_high_water = cs_queue_high_water(&ctx->queue);
        stats->live_batches_max = atomic_load(&ctx->live_max);
        stats->batches = atomic_load(&ctx->batches);
        stats->batches_helped = atomic_load(&ctx->batches_helped);
        stats->reader_cpu = (double)atomic_load(&ctx->reader_cpu_ns) / 1e9;
        stats->worker_cpu = (double)atomic_load(&ctx->worker_cpu_ns) / 1e9;
        if (cs_stage_clock_on)
            stage_cpu(r, &stats->stages);
    }
    if (atomic_load(&ctx->failed)) {
        set_err(err, err_size, ctx->fail_msg);
        goto done;
    }
    bool partial = false;
    uint64_t merge_start = cs_stage_clock_on ? cs_thread_cpu_ns() : 0;
    *out = run_result(r, &partial);
    if (stats && cs_stage_clock_on)
        stats->stages.merge = (double)(cs_thread_cpu_ns() - merge_start) / 1e9;
    if (!*out) {
        set_err(err, err_size, "out of memory merging the tallies");
        goto done;
    }
    report_end(ctx, *out);
    /* Only a signal stops the readers of a scan that did not fail. */
    status = atomic_load(&ctx->stop) ? CS_SCAN_INTERRUPTED : partial ? CS_SCAN_INCOMPLETE : CS_SCAN_COMPLETE;
done:
    run_free(r);
    free(r);
    return status;
}

cs_scan_status cs_scan_run_stats(const cs_scan_options *opt, cs_tally **out, char *err, size_t err_size,
                                 cs_scan_stats *stats)
{
    return scan_run_impl(opt, out, err, err_size, stats);
}

cs_scan_status cs_scan_run(const cs_scan_options *opt, cs_tally **out, char *err, size_t err_size)
{
    return scan_run_impl(opt, out, err, err_size, NULL);
}
