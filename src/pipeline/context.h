/* State shared by the threads of one scan (internal to src/pipeline).
 *
 * Written by one thread, read by others, only through atomics; the one
 * mutex-protected piece is the first fatal error message. */
#ifndef CS_PIPELINE_CONTEXT_H
#define CS_PIPELINE_CONTEXT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ingest/ingest.h"
#include "pipeline/findings_out.h"
#include "pipeline/hooks.h"
#include "pipeline/queue.h"
#include "pipeline/scan.h"
#include "util/stage_clock.h"

/* Per-worker counters for progress output: written by their worker only,
 * once per batch (relaxed), summed by the progress thread.  Padded so two
 * workers never share a cache line. */
typedef struct cs_worker_counters {
    _Atomic uint64_t records;
    _Atomic uint64_t certs;
    char pad[64 - 2 * sizeof(uint64_t)];
} cs_worker_counters;

/* Parse failures named one by one on the error stream per input; the
 * rest are counted and summed up by kind at the end of the scan. */
#define CS_FAILURES_SHOWN 10

typedef struct cs_scan_ctx {
    const cs_scan_options *opt;
    FILE *errors;
    cs_ingest_options ingest;      /* opt->ingest with stop pointing at `stop` */
    cs_queue queue;
    cs_findings_out *findings;     /* NULL unless opt->findings */
    _Atomic uint64_t next_order;   /* order of the next batch queued */

    atomic_bool stop;              /* signal or fatal error: stop reading */
    atomic_bool failed;            /* a resource error: the result is void */
    pthread_mutex_t fail_lock;
    char fail_msg[256];

    cs_ingest_stats *in_stats;     /* one per input */
    uint64_t *in_size;             /* stat() size of each input, 0 unknown */
    atomic_bool *open_failed;      /* one per input; written by the reader that owns it */
    _Atomic uint64_t *failures_shown; /* one per input: parse failures named on the error stream */
    atomic_size_t next_input;      /* inputs (or their parts) are claimed by readers in order */
    unsigned *parts;               /* readers of each input (reader.c), NULL: one each */

    unsigned n_workers;            /* worker contexts: one per thread that processes batches,
                                      worker threads first, then readers (-j N) */
    cs_worker_counters *counters;  /* one per worker context */
    bool alone;                    /* -j1: the one reader processes each batch as it is
                                      framed, while its bytes are still in the cache */

    atomic_size_t live_batches;    /* handed to the pipeline and not yet freed */
    atomic_size_t live_max;
    _Atomic uint64_t batches;
    _Atomic uint64_t batches_helped; /* processed by a reader: its push found the queue full,
                                        or it is alone */
    _Atomic uint64_t reader_cpu_ns, worker_cpu_ns; /* added by each thread as it ends */

    atomic_bool progress_tty;      /* a progress line may be on the terminal */
    atomic_bool progress_shown;
} cs_scan_ctx;

/* Records the first fatal error, stops the readers and wakes everyone. */
void cs_scan_fail(cs_scan_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints one "certsweep: ..." line to the error stream without tearing a
 * progress line on the same terminal. */
void cs_scan_report(cs_scan_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
