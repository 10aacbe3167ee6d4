/* Readers.  Inputs are claimed in order from an atomic counter, so with
 * fewer readers than inputs the later ones start as earlier ones finish. */
#include "pipeline/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cs_batch_sink: hand a full batch to the workers.  Blocks while the queue
 * is full.  After a stop request the batch is still queued (it has been
 * read: finishing it keeps "how far we got" exact) but reading stops. */
static bool sink(void *arg, cs_batch *b)
{
    cs_scan_ctx *ctx = arg;
    size_t live = atomic_fetch_add(&ctx->live_batches, 1) + 1;
    size_t max = atomic_load(&ctx->live_max);
    while (live > max && !atomic_compare_exchange_weak(&ctx->live_max, &max, live))
        ;
    /* With findings there is one reader, so this is the queue order. */
    b->order = atomic_fetch_add_explicit(&ctx->next_order, 1, memory_order_relaxed);
    if (!cs_queue_push(&ctx->queue, b)) {   /* aborted by a fatal error */
        cs_batch_free(b);
        atomic_fetch_sub(&ctx->live_batches, 1);
        return false;
    }
    atomic_fetch_add_explicit(&ctx->batches, 1, memory_order_relaxed);
    return !atomic_load(&ctx->stop);
}

void *cs_reader_main(void *arg)
{
    cs_scan_ctx *ctx = arg;
    const cs_scan_options *opt = ctx->opt;
    for (;;) {
        if (atomic_load(&ctx->stop))
            break;
        size_t i = atomic_fetch_add(&ctx->next_input, 1);
        if (i >= opt->n_inputs)
            break;
        const char *path = opt->inputs[i];
        char err[512] = "";
        const cs_input_reader *other = opt->reader;
        bool opened = other && other->claims(other->ctx, i, path)
                          ? other->run(other->ctx, i, &ctx->ingest, sink, ctx, &ctx->in_stats[i], err, sizeof err)
                          : cs_ingest_run(path, (uint32_t)i, &ctx->ingest, sink, ctx, &ctx->in_stats[i], err,
                                          sizeof err);
        if (!opened) {
            atomic_store(&ctx->open_failed[i], true);
            snprintf(ctx->in_stats[i].incomplete, sizeof ctx->in_stats[i].incomplete, "could not be opened: %.200s",
                     *err ? err : "cannot be read");
            /* The ingest layer's message may already start with the path. */
            size_t pl = strlen(path);
            if (strncmp(err, path, pl) == 0 && err[pl] == ':')
                cs_scan_report(ctx, "certsweep: %s", err);
            else
                cs_scan_report(ctx, "certsweep: %s: %s", path, *err ? err : "cannot be read");
        } else if (!atomic_load(&ctx->in_stats[i].finished) && !atomic_load(&ctx->stop)) {
            /* Reading ended early with nobody asking: the ingest layer ran
             * out of memory.  A report without the rest would be wrong. */
            cs_scan_fail(ctx, "%s: reading stopped before the end (out of memory)", path);
        }
    }
    atomic_fetch_add(&ctx->reader_cpu_ns, cs_thread_cpu_ns());
    return NULL;
}
