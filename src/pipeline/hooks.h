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
    /* Called by the thread that processed a batch (a worker, or a reader
     * helping) after it finished it, before freeing it; `worker` is the
     * index of its worker context (workers first, then readers). */
    void (*after_batch)(void *ctx, unsigned worker, const cs_batch *b);
    void *ctx;
    /* Fault injection: when > 0, the Nth thread start (1-based, counting
     * worker threads, then readers, then progress) fails as if
     * pthread_create had. */
    unsigned fail_thread_start;
    /* Fault injection: cs_tally_add_cert "runs out of memory" after this
     * many certificates in one worker context (0 = never). */
    uint64_t fail_tally_after;
} cs_scan_hooks;

/* NULL clears. The struct is copied. */
void cs_scan_set_hooks(const cs_scan_hooks *h);
const cs_scan_hooks *cs_scan_get_hooks(void);

/* Estimated CPU seconds by stage of a scan, filled only when
 * cs_stage_clock_on (util/stage_clock.h) was set for it; all on each
 * thread's own CPU clock.  read: pulling input bytes (read(2),
 * decompression, archive extraction, the input digest), timed on every
 * pull; frame: the rest of the readers' reading phase (archive headers
 * included) plus the framing of chunks, timed whole; decode, parse (with
 * the issuer lookup), rules and tally (with the findings line): the
 * processing of every batch is timed whole, less its chunk framing, and
 * split in the proportions measured on 1 record in CS_STAGE_SAMPLE_RATE
 * (per thread); merge: the per-thread tallies merged. */
#define CS_STAGE_SAMPLE_RATE 16
typedef struct cs_scan_stage_cpu {
    double read, frame, decode, parse, rules, tally, merge;
    uint64_t records_timed;
} cs_scan_stage_cpu;

/* What the pipeline observed; filled by cs_scan_run_stats(). */
typedef struct cs_scan_stats {
    unsigned readers, workers;   /* reader threads and worker threads: -j N = readers + workers */
    size_t queue_capacity;
    size_t queue_high_water;     /* most batches ever waiting in the queue */
    size_t live_batches_max;     /* most batches alive at once (queued + being processed) */
    uint64_t batches;
    uint64_t batches_helped;     /* processed by a reader whose push found the queue full */
    double reader_cpu, worker_cpu; /* CPU seconds of all reader threads (reading, helping,
                                      draining) / all worker threads */
    cs_scan_stage_cpu stages;
} cs_scan_stats;

cs_scan_status cs_scan_run_stats(const cs_scan_options *opt, cs_tally **out, char *err,
                                 size_t err_size, cs_scan_stats *stats);

#endif
