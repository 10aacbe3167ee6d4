/* A worker context: what one thread needs to decode, parse, lint and
 * tally the records of a batch into its own tally.  Nothing is shared per
 * certificate.  Every thread of the scan that processes batches owns one:
 * the worker threads, which only pop batches from the queue, and the
 * reader threads, which process the oldest queued batch whenever their
 * push finds the queue full and drain the queue once their inputs are
 * read (reader.c). */
#ifndef CS_PIPELINE_WORKER_H
#define CS_PIPELINE_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "agg/tally.h"
#include "ingest/record.h"
#include "lint/findings_json.h"
#include "lint/ruleset.h"
#include "pipeline/context.h"
#include "pipeline/issuer_cache.h"
#include "x509/cert.h"

/* CPU nanoseconds by stage, kept only while cs_stage_clock_on (the
 * benchmark driver; hooks.h says how they are estimated). */
typedef struct cs_worker_stages {
    uint64_t process;     /* cs_worker_process, every batch */
    uint64_t frame;       /* chunks framed by this context, every one */
    uint64_t decode, parse, rules, tally; /* of the sampled records only */
    uint64_t seen, sampled;               /* records processed, records sampled */
    uint64_t reading;     /* reader: CPU of its reading phase, helping included */
    uint64_t read;        /* reader: pulling input bytes (stage_clock.h) */
    uint64_t sink;        /* reader: inside the sink (queueing and helping) */
} cs_worker_stages;

typedef struct cs_worker {
    cs_scan_ctx *ctx;
    unsigned index;
    pthread_t thread;
    bool started;
    bool reader;              /* run by a reader thread (cs_reader_main) */
    cs_cert *cert;            /* big: one per worker, reused */
    cs_lint_result *result;   /* big too */
    cs_decode_scratch scratch;
    cs_issuer_cache *issuers; /* the dumps' chains: parsed issuing CAs */
    cs_tally *tally;
    cs_json_buf findings;     /* the current batch's findings lines */
    uint64_t records, certs;  /* processed so far (progress counters) */
    cs_worker_stages stages;
} cs_worker;

/* Allocates the worker's buffers and tally; false on out-of-memory. */
bool cs_worker_init(cs_worker *w, cs_scan_ctx *ctx, unsigned index);
void cs_worker_free(cs_worker *w);

/* Frames (a chunk), lints, tallies and hands on the findings of one
 * batch taken from the queue, then frees it.  False after a fatal error
 * (the scan has been failed): stop processing. */
bool cs_worker_process(cs_worker *w, cs_batch *queued);

/* Pops and processes batches until the queue is closed and empty, or
 * aborted. */
void cs_worker_drain(cs_worker *w);

/* The context among w[0..n-1] that linted the most certificates (the
 * first of equals): the scan's result takes its tally's corpus records
 * over, and copies only the others' (cs_corpus_merge). */
unsigned cs_worker_busiest(const cs_worker *w, unsigned n);

/* Thread entry point of a worker thread; arg is a cs_worker. */
void *cs_worker_main(void *arg);

#endif
