/* Reader threads: each claims the next unread input, runs the ingest
 * layer on it and pushes the batches it produces into the bounded queue.
 * A reader never waits for the workers: when its push finds the queue
 * full it takes the oldest queued batch out and processes it itself (its
 * own worker context and tally, merged like the workers'), and when its
 * inputs are read it becomes a worker and drains the queue.  So `-j N`
 * is N threads doing work, readers included: the scan starts
 * min(inputs, N) readers and N - readers worker threads, and -j1 is one
 * thread that reads and lints.
 *
 * The ingest layer (or a cs_input_reader) calls the sink on the reader
 * thread that ran it; the sink serialises on the reader's worker context,
 * so a call from another thread is safe too, only slower. */
#ifndef CS_PIPELINE_READER_H
#define CS_PIPELINE_READER_H

#include "pipeline/context.h"

/* Thread entry point; arg is the reader's cs_worker (worker.h). */
void *cs_reader_main(void *arg);

#endif
