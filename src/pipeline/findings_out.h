/* The findings file of a scan, written in batch order (internal to
 * src/pipeline).
 *
 * Workers lint batches in any order; each formats its batch's lines into
 * its own buffer and hands the buffer over with the batch's queue order.
 * Lines are written strictly in that order, so the file is the same bytes
 * for any number of workers.  A batch that finishes early waits in one of
 * `window` slots; a worker whose batch is `window` or more ahead of the
 * oldest unwritten one blocks, which bounds memory.  The oldest batch never
 * blocks, so there is no deadlock. */
#ifndef CS_PIPELINE_FINDINGS_OUT_H
#define CS_PIPELINE_FINDINGS_OUT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lint/findings_json.h"

typedef struct cs_findings_out {
    FILE *out;
    pthread_mutex_t lock;
    pthread_cond_t moved;       /* `next` advanced, or aborted */
    uint64_t next;              /* order of the next batch to write */
    size_t window;
    cs_json_buf *slots;         /* slots[order % window]: a finished batch's lines */
    bool *ready;
    bool aborted;
    int write_errno;            /* first write error, 0 = none */
} cs_findings_out;

/* False on out-of-memory. */
bool cs_findings_out_init(cs_findings_out *o, FILE *out, size_t window);
void cs_findings_out_destroy(cs_findings_out *o);

/* Hands over the lines of batch `order` (every order from 0 up must be
 * put exactly once, empty or not).  `lines` is swapped with an empty
 * buffer, so the caller's memory is reused.  Blocks while `order` is a
 * window or more ahead.  False when the writer was aborted or a write
 * failed (see cs_findings_out_error). */
bool cs_findings_out_put(cs_findings_out *o, uint64_t order, cs_json_buf *lines);

/* Wakes every blocked put(); later puts fail.  For fatal errors: batches
 * that will never be put must not leave workers waiting for them. */
void cs_findings_out_abort(cs_findings_out *o);

/* errno of the first failed write, 0 when every write succeeded. */
int cs_findings_out_error(cs_findings_out *o);

#endif
