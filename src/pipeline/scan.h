/* The scan pipeline: readers -> bounded queue of batches -> workers ->
 * per-thread tallies -> merged tally. */
#ifndef CS_PIPELINE_SCAN_H
#define CS_PIPELINE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "agg/tally.h"
#include "ingest/ingest.h"
#include "lint/ruleset.h"

/* Inputs read by code outside the ingest layer: the CT log readers of
 * src/fetch (libcurl), which the command links in and the library does
 * not.  run() has the contract of cs_ingest_run(). */
typedef struct cs_input_reader {
    bool (*claims)(void *ctx, size_t input, const char *name);
    bool (*run)(void *ctx, size_t input, const cs_ingest_options *opt, cs_batch_sink sink, void *sink_ctx,
                cs_ingest_stats *stats, char *err, size_t err_size);
    /* Adds what it knows of its inputs to the scan's result (NULL: none);
     * false on out of memory. */
    bool (*finish)(void *ctx, cs_tally *result);
    /* Appends its inputs' progress to the progress line (NULL: none);
     * called by the progress thread while they are read. */
    void (*progress)(void *ctx, char *buf, size_t size);
    void *ctx;
} cs_input_reader;

typedef struct cs_scan_options {
    const char *const *inputs;   /* paths, "-" = standard input */
    size_t n_inputs;
    unsigned threads;            /* workers; 0 = number of online CPUs */
    cs_ingest_options ingest;
    const cs_ruleset *rules;
    bool quiet;                  /* no progress output */
    FILE *errors;                /* where per-record errors are printed (stderr) */
    size_t queue_batches;        /* bounded queue capacity in batches (0 = 4 x threads) */
    /* Per-certificate findings as JSON Lines (docs/findings.md), in input
     * order whatever the thread count: one line per certificate with a
     * finding, or per linted certificate with findings_all.  NULL = none.
     * Inputs are then read one after another by a single reader (framing
     * is cheap; decoding and linting still run on every worker). */
    FILE *findings;
    const char *findings_name;   /* for error messages */
    bool findings_all;
    const cs_input_reader *reader; /* NULL: every input is a path */
    /* CA certificates in which the issuer of a certificate whose dump
     * carries none is looked up (scan --issuers); NULL = none. */
    const struct cs_issuer_store *issuers;
} cs_scan_options;

typedef enum cs_scan_status {
    CS_SCAN_COMPLETE = 0,    /* every input complete: read to its end, every record counted
                                (bad records are counted, not fatal) */
    CS_SCAN_INTERRUPTED = 1, /* stopped by a signal: the tally is partial */
    CS_SCAN_FAILED = 2,      /* a resource error: out of memory, a thread that would not start */
    CS_SCAN_INCOMPLETE = 3,  /* ran to the end, but an input is incomplete (could not be opened,
                                read error, damaged archive, decompression guard ...): the tally
                                is partial and each such input carries its reason */
} cs_scan_status;

/* Runs the scan; unless CS_SCAN_FAILED, *out holds the merged tally
 * (caller frees), and the incomplete inputs and the parse failures by
 * kind have been named on opt->errors.  err names the cause of
 * CS_SCAN_FAILED. */
cs_scan_status cs_scan_run(const cs_scan_options *opt, cs_tally **out, char *err, size_t err_size);

#endif
