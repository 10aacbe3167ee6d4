/* Reader threads: each claims the next unread input, runs the ingest
 * layer on it and pushes the batches it produces into the bounded queue.
 * A reader never waits for the workers: when its push finds the queue
 * full it takes the oldest queued batch out and processes it itself (its
 * own worker context and tally, merged like the workers'), and when its
 * inputs are read it becomes a worker and drains the queue.  So `-j N`
 * is N threads doing work, readers included: the scan starts
 * min(inputs, N) readers and N - readers worker threads, and -j1 is one
 * thread that reads and lints, each batch as soon as it is framed.  With
 * more threads than inputs, an input that can be split (ingest/parts.h:
 * a directory, an uncompressed tar, cpio or zip, when no input digest is
 * wanted) is read by several readers together, each its part.
 *
 * The ingest layer (or a cs_input_reader) must call the sink on the
 * reader thread that ran it: the sink uses that reader's worker context
 * without a lock. */
#ifndef CS_PIPELINE_READER_H
#define CS_PIPELINE_READER_H

#include "pipeline/context.h"

/* Before the readers start: how many parts each input is read in when
 * there are more readers than inputs (ingest/parts.h; ctx->parts), and
 * how many readers to start, at most `readers`. */
unsigned cs_reader_plan(cs_scan_ctx *ctx, unsigned readers);

/* Thread entry point; arg is the reader's cs_worker (worker.h). */
void *cs_reader_main(void *arg);

#endif
