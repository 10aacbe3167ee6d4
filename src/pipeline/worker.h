/* A worker thread: pops batches, decodes, parses, lints and tallies every
 * record into its own tally.  Nothing is shared per certificate. */
#ifndef CS_PIPELINE_WORKER_H
#define CS_PIPELINE_WORKER_H

#include <pthread.h>
#include <stdbool.h>

#include "agg/tally.h"
#include "ingest/record.h"
#include "lint/findings_json.h"
#include "lint/ruleset.h"
#include "pipeline/context.h"
#include "pipeline/issuer_cache.h"
#include "x509/cert.h"

typedef struct cs_worker {
    cs_scan_ctx *ctx;
    unsigned index;
    pthread_t thread;
    bool started;
    cs_cert *cert;            /* big: one per worker, reused */
    cs_lint_result *result;   /* big too */
    cs_decode_scratch scratch;
    cs_issuer_cache *issuers; /* the dumps' chains: parsed issuing CAs */
    cs_tally *tally;
    cs_json_buf findings;     /* the current batch's findings lines */
} cs_worker;

/* Allocates the worker's buffers and tally; false on out-of-memory. */
bool cs_worker_init(cs_worker *w, cs_scan_ctx *ctx, unsigned index);
void cs_worker_free(cs_worker *w);
/* Thread entry point; arg is a cs_worker. */
void *cs_worker_main(void *arg);

#endif
