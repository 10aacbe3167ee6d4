/* Test and benchmark instrumentation of the scan pipeline (internal).
 *
 * Hooks are process-global and must be set before cs_scan_run(); they cost
 * one predictable branch per batch when unset. */
#ifndef CS_PIPELINE_HOOKS_H
#define CS_PIPELINE_HOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/record.h"
#include "pipeline/scan.h"

typedef struct cs_scan_hooks {
    /* Called by a worker after it finished a batch (before freeing it). */
    void (*after_batch)(void *ctx, unsigned worker, const cs_batch *b);
    void *ctx;
    /* Fault injection: when > 0, the Nth thread start (1-based, counting
     * workers, readers and progress) fails as if pthread_create had. */
    unsigned fail_thread_start;
    /* Fault injection: a worker's cs_tally_add_cert "runs out of memory"
     * after this many certificates in that worker (0 = never). */
    uint64_t fail_tally_after;
} cs_scan_hooks;

/* NULL clears. The struct is copied. */
void cs_scan_set_hooks(const cs_scan_hooks *h);
const cs_scan_hooks *cs_scan_get_hooks(void);

/* What the pipeline observed; filled by cs_scan_run_stats(). */
typedef struct cs_scan_stats {
    unsigned readers, workers;
    size_t queue_capacity;
    size_t queue_high_water;     /* most batches ever waiting in the queue */
    size_t live_batches_max;     /* most batches alive at once (queued + being linted) */
    uint64_t batches;
    double reader_cpu, worker_cpu; /* CPU seconds spent by all readers / all workers */
} cs_scan_stats;

cs_scan_status cs_scan_run_stats(const cs_scan_options *opt, cs_tally **out, char *err,
                                 size_t err_size, cs_scan_stats *stats);

#endif
