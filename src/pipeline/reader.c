/* Readers.  Inputs (or the parts of an input) are claimed in order from
 * an atomic counter, so with fewer readers than inputs the later ones
 * start as earlier ones finish. */
#include "pipeline/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/parts.h"
#include "pipeline/worker.h"
#include "util/stage_clock.h"

/* Processes a batch the queue handed back, on the reader's context. */
static bool help(cs_worker *w, cs_batch *oldest)
{
    bool ok = cs_worker_process(w, oldest);
    atomic_fetch_add_explicit(&w->ctx->batches_helped, 1, memory_order_relaxed);
    return ok;
}

/* cs_batch_sink: hand a full batch to the workers; when the queue is full,
 * process its oldest batch here first.  A reader alone (-j1) processes
 * each batch as it comes: queued, a batch waited for four others to be
 * framed and was read back from memory instead of the cache.  After a
 * stop request the batch is still queued (it has been read: finishing it
 * keeps "how far we got" exact) but reading stops. */
static bool sink(void *arg, cs_batch *b)
{
    cs_worker *w = arg;
    cs_scan_ctx *ctx = w->ctx;
    uint64_t t0 = cs_stage_clock_on ? cs_thread_cpu_ns() : 0;
    size_t live = atomic_fetch_add(&ctx->live_batches, 1) + 1;
    size_t max = atomic_load(&ctx->live_max);
    while (live > max && !atomic_compare_exchange_weak(&ctx->live_max, &max, live))
        ;
    /* With findings there is one reader, so this is the queue order. */
    b->order = atomic_fetch_add_explicit(&ctx->next_order, 1, memory_order_relaxed);
    /* Alone, nobody takes it: processed now, its bytes still cached. */
    cs_batch *oldest = NULL;
    bool ok = ctx->alone ? !atomic_load(&ctx->failed) : cs_queue_push_or_swap(&ctx->queue, b, &oldest);
    if (!ok) { /* aborted by a fatal error */
        cs_batch_free(b);
        atomic_fetch_sub(&ctx->live_batches, 1);
    } else {
        atomic_fetch_add_explicit(&ctx->batches, 1, memory_order_relaxed);
        ok = ctx->alone ? help(w, b) : !oldest || help(w, oldest);
    }
    if (cs_stage_clock_on)
        w->stages.sink += cs_thread_cpu_ns() - t0;
    return ok && !atomic_load(&ctx->stop);
}

unsigned cs_reader_plan(cs_scan_ctx *ctx, unsigned readers)
{
    const cs_scan_options *opt = ctx->opt;
    size_t n = opt->n_inputs;
    if (n == 0)
        return 1; /* it closes the queue at once */
    if (n >= readers || readers <= 1)
        return n < readers ? (unsigned)n : readers;
    if (!(ctx->parts = calloc(n, sizeof *ctx->parts)))
        return (unsigned)n; /* one reader each */
    unsigned claims = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned share = (unsigned)(readers / n + (i < readers % n));
        const cs_input_reader *other = opt->reader;
        ctx->parts[i] = other && other->claims(other->ctx, i, opt->inputs[i])
                            ? 1
                            : cs_ingest_parts(opt->inputs[i], &ctx->ingest, share, &ctx->in_stats[i]);
        claims += ctx->parts[i];
    }
    return claims < readers ? claims : readers;
}

/* The next (input, part) to read: the parts of an input one after
 * another, then the next input's.  False when all are claimed. */
static bool claim(cs_scan_ctx *ctx, size_t *input, unsigned *part)
{
    size_t c = atomic_fetch_add(&ctx->next_input, 1);
    *part = 0;
    if (!ctx->parts) {
        *input = c;
        return c < ctx->opt->n_inputs;
    }
    for (size_t i = 0; i < ctx->opt->n_inputs; c -= ctx->parts[i++])
        if (c < ctx->parts[i]) {
            *input = i;
            *part = (unsigned)c;
            return true;
        }
    return false;
}

/* Reads part `part` of input i to its end (or a stop) through the sink. */
static void read_input(cs_worker *w, size_t i, unsigned part)
{
    cs_scan_ctx *ctx = w->ctx;
    const cs_scan_options *opt = ctx->opt;
    const char *path = opt->inputs[i];
    char err[512] = "";
    const cs_input_reader *other = opt->reader;
    bool opened, finished = false;
    if (other && other->claims(other->ctx, i, path)) {
        opened = other->run(other->ctx, i, &ctx->ingest, sink, w, &ctx->in_stats[i], err, sizeof err);
        finished = atomic_load(&ctx->in_stats[i].finished);
    } else {
        opened = cs_ingest_run_part(path, (uint32_t)i, part, ctx->parts ? ctx->parts[i] : 1, &ctx->ingest, sink, w,
                                    &ctx->in_stats[i], &finished, err, sizeof err);
    }
    if (!opened && part > 0) {
        atomic_store(&ctx->open_failed[i], true); /* part 0 says why */
    } else if (!opened) {
        atomic_store(&ctx->open_failed[i], true);
        snprintf(ctx->in_stats[i].incomplete, sizeof ctx->in_stats[i].incomplete, "could not be opened: %.200s",
                 *err ? err : "cannot be read");
        /* The ingest layer's message may already start with the path. */
        size_t pl = strlen(path);
        if (strncmp(err, path, pl) == 0 && err[pl] == ':')
            cs_scan_report(ctx, "certsweep: %s", err);
        else
            cs_scan_report(ctx, "certsweep: %s: %s", path, *err ? err : "cannot be read");
    } else if (!finished && !atomic_load(&ctx->stop)) {
        /* Reading ended early with nobody asking: the ingest layer ran
         * out of memory (or a batch could not be processed, and the scan
         * has failed already).  A report without the rest would be wrong. */
        cs_scan_fail(ctx, "%s: reading stopped before the end (out of memory)", path);
    }
}

/* The claim loop: the inputs (or parts) this reader reads, one after another. */
static void read_claimed_inputs(cs_worker *w)
{
    cs_scan_ctx *ctx = w->ctx;
    size_t i;
    unsigned part;
    while (!atomic_load(&ctx->stop) && claim(ctx, &i, &part))
        read_input(w, i, part);
}

void *cs_reader_main(void *arg)
{
    cs_worker *w = arg;
    cs_scan_ctx *ctx = w->ctx;
    read_claimed_inputs(w);
    if (cs_stage_clock_on) {
        w->stages.reading = cs_thread_cpu_ns();
        w->stages.read = cs_stage_read_ns;
    }
    /* Nothing more from this reader: the last one closes the queue, and
     * every reader then drains it with the workers. */
    cs_queue_producer_done(&ctx->queue);
    cs_worker_drain(w);
    atomic_fetch_add(&ctx->reader_cpu_ns, cs_thread_cpu_ns());
    return NULL;
}
