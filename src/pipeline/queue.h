/* A bounded multi-producer multi-consumer queue of batches, first in
 * first out.
 *
 * Readers push, workers pop.  A full queue is the back-pressure that keeps
 * memory bounded when processing is the bottleneck: push() blocks, and
 * push_or_swap() (the readers') hands the oldest batch back to the pusher
 * to process itself instead.  close() means "no more pushes": pop()
 * drains what is left and then returns NULL; with producers counted, the
 * last producer_done() closes.  abort() (a fatal error) wakes everyone at
 * once: pushes fail and pops return NULL immediately; items still queued
 * are freed by cs_queue_destroy(). */
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
    size_t producers;     /* producers not done yet (cs_queue_set_producers) */
    bool closed, aborted;
} cs_queue;

/* False on out-of-memory (or cap == 0). */
bool cs_queue_init(cs_queue *q, size_t cap);
/* Frees any batches still queued. */
void cs_queue_destroy(cs_queue *q);

/* Blocks while full.  False when the queue was aborted (or closed): the
 * batch is NOT taken, the caller still owns it. */
bool cs_queue_push(cs_queue *q, cs_batch *b);
/* Never blocks: queues b, and when the queue was full first takes the
 * oldest batch out into *oldest (NULL otherwise), which the caller now
 * owns.  False when the queue was aborted (or closed): b is NOT taken. */
bool cs_queue_push_or_swap(cs_queue *q, cs_batch *b, cs_batch **oldest);
/* Blocks while empty; NULL once closed and drained, or aborted. */
cs_batch *cs_queue_pop(cs_queue *q);

void cs_queue_close(cs_queue *q);
/* The queue closes when n producers have called producer_done(). */
void cs_queue_set_producers(cs_queue *q, size_t n);
void cs_queue_producer_done(cs_queue *q);
void cs_queue_abort(cs_queue *q);
size_t cs_queue_high_water(cs_queue *q);

#endif
