/* Bounded batch queue: a ring buffer under one mutex with two condition
 * variables.  Traffic is one push and one pop per batch (hundreds of
 * records), so a plain mutex costs nothing measurable. */
#include "pipeline/queue.h"

#include <stdlib.h>

bool cs_queue_init(cs_queue *q, size_t cap)
{
    *q = (cs_queue){ 0 };
    if (cap == 0)
        return false;
    q->ring = calloc(cap, sizeof *q->ring);
    if (!q->ring)
        return false;
    q->cap = cap;
    if (pthread_mutex_init(&q->lock, NULL) != 0)
        goto fail_ring;
    if (pthread_cond_init(&q->not_full, NULL) != 0)
        goto fail_lock;
    if (pthread_cond_init(&q->not_empty, NULL) != 0)
        goto fail_full;
    return true;
fail_full:
    pthread_cond_destroy(&q->not_full);
fail_lock:
    pthread_mutex_destroy(&q->lock);
fail_ring:
    free(q->ring);
    q->ring = NULL;
    return false;
}

void cs_queue_destroy(cs_queue *q)
{
    if (!q->ring)
        return;
    for (size_t i = 0; i < q->count; i++)
        cs_batch_free(q->ring[(q->head + i) % q->cap]);
    free(q->ring);
    q->ring = NULL;
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    pthread_mutex_destroy(&q->lock);
}

/* Queues b behind the others; the lock is held and there is room. */
static void append(cs_queue *q, cs_batch *b)
{
    q->ring[(q->head + q->count) % q->cap] = b;
    q->count++;
    if (q->count > q->high_water)
        q->high_water = q->count;
    pthread_cond_signal(&q->not_empty);
}

/* The lock is held. */
static void close_locked(cs_queue *q)
{
    q->closed = true;
    pthread_cond_broadcast(&q->not_empty);
    pthread_cond_broadcast(&q->not_full);
}

bool cs_queue_push(cs_queue *q, cs_batch *b)
{
    pthread_mutex_lock(&q->lock);
    while (q->count == q->cap && !q->aborted && !q->closed)
        pthread_cond_wait(&q->not_full, &q->lock);
    bool ok = !q->aborted && !q->closed;
    if (ok)
        append(q, b);
    pthread_mutex_unlock(&q->lock);
    return ok;
}

bool cs_queue_push_or_swap(cs_queue *q, cs_batch *b, cs_batch **oldest)
{
    *oldest = NULL;
    pthread_mutex_lock(&q->lock);
    bool ok = !q->aborted && !q->closed;
    if (ok && q->count == q->cap) { /* the oldest out, b in at the other end: still full */
        *oldest = q->ring[q->head];
        q->ring[q->head] = b;
        q->head = (q->head + 1) % q->cap;
    } else if (ok) {
        append(q, b);
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

cs_batch *cs_queue_pop(cs_queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (q->count == 0 && !q->closed && !q->aborted)
        pthread_cond_wait(&q->not_empty, &q->lock);
    cs_batch *b = NULL;
    if (!q->aborted && q->count > 0) {
        b = q->ring[q->head];
        q->head = (q->head + 1) % q->cap;
        q->count--;
        pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->lock);
    return b;
}

void cs_queue_close(cs_queue *q)
{
    pthread_mutex_lock(&q->lock);
    close_locked(q);
    pthread_mutex_unlock(&q->lock);
}

void cs_queue_set_producers(cs_queue *q, size_t n)
{
    pthread_mutex_lock(&q->lock);
    q->producers = n;
    pthread_mutex_unlock(&q->lock);
}

void cs_queue_producer_done(cs_queue *q)
{
    pthread_mutex_lock(&q->lock);
    if (q->producers > 0 && --q->producers == 0)
        close_locked(q);
    pthread_mutex_unlock(&q->lock);
}

void cs_queue_abort(cs_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->aborted = true;
    pthread_cond_broadcast(&q->not_empty);
    pthread_cond_broadcast(&q->not_full);
    pthread_mutex_unlock(&q->lock);
}

size_t cs_queue_high_water(cs_queue *q)
{
    pthread_mutex_lock(&q->lock);
    size_t h = q->high_water;
    pthread_mutex_unlock(&q->lock);
    return h;
}
