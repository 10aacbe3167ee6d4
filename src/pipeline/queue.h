/* A bounded multi-producer multi-consumer queue of batches.
 *
 * Readers push, workers pop.  push() blocks while the queue is full: that
 * is the back-pressure that keeps memory bounded when the workers are the
 * bottleneck.  close() means "no more pushes": pop() drains what is left
 * and then returns NULL.  abort() (a fatal error) wakes everyone at once:
 * pushes fail and pops return NULL immediately; items still queued are
 * freed by cs_queue_destroy(). */
#ifndef CS_PIPELINE_QUEUE_H
#define CS_PIPELINE_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "ingest/record.h"

typedef struct cs_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
    cs_batch **ring;
    size_t cap, head, count;
    size_t high_water;    /* largest count ever seen (tests, bench) */
    bool closed, aborted;
} cs_queue;

/* False on out-of-memory (or cap == 0). */
bool cs_queue_init(cs_queue *q, size_t cap);
/* Frees any batches still queued. */
void cs_queue_destroy(cs_queue *q);

/* Blocks while full.  False when the queue was aborted (or closed): the
 * batch is NOT taken, the caller still owns it. */
bool cs_queue_push(cs_queue *q, cs_batch *b);
/* Blocks while empty; NULL once closed and drained, or aborted. */
cs_batch *cs_queue_pop(cs_queue *q);

void cs_queue_close(cs_queue *q);
void cs_queue_abort(cs_queue *q);
size_t cs_queue_high_water(cs_queue *q);

#endif
