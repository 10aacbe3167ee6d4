/* The progress line.  On a terminal: one line on stderr, redrawn four
 * times a second (records, certificates/s, bytes read, and percent + ETA
 * when the total size is known).  Not a terminal: a plain line every 30 s.
 * Runs in its own thread; reads only atomics. */
#ifndef CS_PIPELINE_PROGRESS_H
#define CS_PIPELINE_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pipeline/context.h"

typedef struct cs_progress {
    cs_scan_ctx *ctx;
    FILE *out;
    bool tty;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool done;
    double start;            /* monotonic seconds */
} cs_progress;

/* Prepares (does not start) the progress output on `out`. */
bool cs_progress_init(cs_progress *p, cs_scan_ctx *ctx, FILE *out);
void *cs_progress_main(void *arg);
/* Stops the thread soon (join it after) and clears the terminal line. */
void cs_progress_stop(cs_progress *p);
void cs_progress_destroy(cs_progress *p);

/* Formats the line (no newline) from counters; exposed for tests.
 * total_bytes 0 = unknown. */
size_t cs_progress_format(char *buf, size_t size, uint64_t records, uint64_t certs, double elapsed,
                          uint64_t bytes, uint64_t total_bytes);

double cs_progress_now(void);

#endif
