/* Reader threads: each claims the next unread input, runs the ingest layer
 * on it and pushes the batches it produces into the bounded queue (and so
 * blocks when the workers fall behind).  Several readers read several
 * inputs at once; with more workers than inputs, an input that can be
 * split (ingest/parts.h: a directory, an uncompressed tar, cpio or zip)
 * is read by several readers together, each its part.  The scan starts
 * at most one reader per worker (a reader costs ~1 CPU-s per million
 * certificates, the workers ~7). */
#ifndef CS_PIPELINE_READER_H
#define CS_PIPELINE_READER_H

#include "pipeline/context.h"

/* Before the readers start: how many parts each input is read in when
 * there are more readers than inputs (ingest/parts.h; ctx->parts), and
 * how many readers to start, at most `readers`. */
unsigned cs_reader_plan(cs_scan_ctx *ctx, unsigned readers);

/* Thread entry point; arg is the cs_scan_ctx. */
void *cs_reader_main(void *arg);

#endif
