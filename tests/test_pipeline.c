/* Pipeline building blocks that need no other layer: the bounded queue
 * (order, close, abort, back-pressure under slow consumers, the readers'
 * push-or-swap, closing by the last producer), the signal state, the
 * progress line, and which worker context's tally is merged first. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/progress.h"
#include "pipeline/queue.h"
#include "pipeline/signals.h"
#include "pipeline/worker.h"

/* The queue never dereferences batches: fake pointers are fine as long as
 * the queue is drained before cs_queue_destroy(). */
#define FAKE(i) ((cs_batch *)(uintptr_t)(0x1000 + (i)))

Test(queue, fifo_close_drains_then_ends)
{
    cs_queue q;
    cr_assert(cs_queue_init(&q, 3));
    for (int i = 0; i < 3; i++)
        cr_assert(cs_queue_push(&q, FAKE(i)));
    cs_queue_close(&q);
    cr_expect(!cs_queue_push(&q, FAKE(9)), "no push after close");
    for (int i = 0; i < 3; i++)
        cr_expect_eq(cs_queue_pop(&q), FAKE(i));
    cr_expect_null(cs_queue_pop(&q));
    cr_expect_eq(cs_queue_high_water(&q), 3);
    cs_queue_destroy(&q);
}

Test(queue, zero_capacity_refused)
{
    cs_queue q;
    cr_expect(!cs_queue_init(&q, 0));
}

typedef struct blocker {
    cs_queue *q;
    atomic_int state; /* 0 not started, 1 about to push, 2 push returned */
    bool result;
} blocker;

static void *push_one(void *arg)
{
    blocker *b = arg;
    atomic_store(&b->state, 1);
    b->result = cs_queue_push(b->q, FAKE(99));
    atomic_store(&b->state, 2);
    return NULL;
}

Test(queue, full_queue_blocks_push_until_abort)
{
    cs_queue q;
    cr_assert(cs_queue_init(&q, 1));
    cr_assert(cs_queue_push(&q, FAKE(0)));
    blocker b = { .q = &q };
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, push_one, &b), 0);
    while (atomic_load(&b.state) == 0)
        usleep(1000);
    usleep(50000);
    cr_expect_eq(atomic_load(&b.state), 1, "push into a full queue must block");
    cs_queue_abort(&q);
    pthread_join(t, NULL);
    cr_expect(!b.result, "an aborted push fails and leaves the batch to the caller");
    cr_expect_null(cs_queue_pop(&q), "pop after abort returns at once");
    /* The one queued item is freed by destroy: take it out first (fake). */
    q.count = 0;
    cs_queue_destroy(&q);
}

Test(queue, full_queue_unblocks_when_popped)
{
    cs_queue q;
    cr_assert(cs_queue_init(&q, 1));
    cr_assert(cs_queue_push(&q, FAKE(0)));
    blocker b = { .q = &q };
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, push_one, &b), 0);
    usleep(20000);
    cr_expect_eq(cs_queue_pop(&q), FAKE(0));
    pthread_join(t, NULL);
    cr_expect(b.result);
    cr_expect_eq(cs_queue_pop(&q), FAKE(99));
    cs_queue_destroy(&q);
}

/* A full queue hands its oldest batch back to the pusher and keeps the
 * new one: first in first out all the same, never blocking. */
Test(queue, push_or_swap_hands_back_the_oldest_when_full)
{
    cs_queue q;
    cr_assert(cs_queue_init(&q, 2));
    cs_batch *oldest = FAKE(99);
    cr_assert(cs_queue_push_or_swap(&q, FAKE(0), &oldest));
    cr_expect_null(oldest, "room: nothing handed back");
    cr_assert(cs_queue_push_or_swap(&q, FAKE(1), &oldest));
    cr_expect_null(oldest);
    for (int i = 2; i < 6; i++) {
        cr_assert(cs_queue_push_or_swap(&q, FAKE(i), &oldest));
        cr_expect_eq(oldest, FAKE(i - 2), "full: the oldest comes back");
    }
    cr_expect_eq(cs_queue_pop(&q), FAKE(4));
    cr_assert(cs_queue_push_or_swap(&q, FAKE(6), &oldest));
    cr_expect_null(oldest, "room again after a pop");
    cr_expect_eq(cs_queue_pop(&q), FAKE(5));
    cr_expect_eq(cs_queue_pop(&q), FAKE(6));
    cr_expect_eq(cs_queue_high_water(&q), 2);
    cs_queue_abort(&q);
    cr_expect(!cs_queue_push_or_swap(&q, FAKE(7), &oldest), "aborted: not taken");
    cr_expect_null(oldest);
    cs_queue_destroy(&q);
}

/* Consumers blocked on an empty queue wake and end when the last of the
 * counted producers is done, and not before. */
static void *pop_all(void *arg)
{
    cs_queue *q = arg;
    uintptr_t n = 0;
    while (cs_queue_pop(q))
        n++;
    return (void *)n;
}

Test(queue, last_producer_done_closes)
{
    cs_queue q;
    cr_assert(cs_queue_init(&q, 4));
    cs_queue_set_producers(&q, 2);
    pthread_t c;
    cr_assert_eq(pthread_create(&c, NULL, pop_all, &q), 0);
    cr_assert(cs_queue_push(&q, FAKE(0)));
    cs_queue_producer_done(&q);
    cr_assert(cs_queue_push(&q, FAKE(1)), "one producer still at work: open");
    cs_queue_producer_done(&q);
    cr_expect(!cs_queue_push(&q, FAKE(2)), "closed after the last producer");
    void *n;
    pthread_join(c, &n);
    cr_expect_eq((uintptr_t)n, 2, "the consumer drained both and ended");
    cs_queue_destroy(&q);
}

/* Back-pressure: fast producers, slow consumers.  `outstanding` counts
 * items reserved by a producer before its push and released by a consumer
 * after its pop, so it over-estimates what the queue holds: it may exceed
 * the capacity by at most one per producer, never more. */
enum { CAP = 4, PRODUCERS = 3, CONSUMERS = 2, PER_PRODUCER = 60 };
typedef struct bp {
    cs_queue q;
    atomic_int outstanding, max_outstanding, popped;
} bp;

static void *producer(void *arg)
{
    bp *s = arg;
    for (int i = 0; i < PER_PRODUCER; i++) {
        int o = atomic_fetch_add(&s->outstanding, 1) + 1;
        int m = atomic_load(&s->max_outstanding);
        while (o > m && !atomic_compare_exchange_weak(&s->max_outstanding, &m, o))
            ;
        cr_assert(cs_queue_push(&s->q, FAKE(i)));
    }
    return NULL;
}

static void *consumer(void *arg)
{
    bp *s = arg;
    while (cs_queue_pop(&s->q)) {
        atomic_fetch_sub(&s->outstanding, 1);
        atomic_fetch_add(&s->popped, 1);
        usleep(300); /* a slow worker */
    }
    return NULL;
}

Test(queue, bounded_under_slow_consumers)
{
    bp s = { 0 };
    cr_assert(cs_queue_init(&s.q, CAP));
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (int i = 0; i < CONSUMERS; i++)
        cr_assert_eq(pthread_create(&c[i], NULL, consumer, &s), 0);
    for (int i = 0; i < PRODUCERS; i++)
        cr_assert_eq(pthread_create(&p[i], NULL, producer, &s), 0);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    cs_queue_close(&s.q);
    for (int i = 0; i < CONSUMERS; i++)
        pthread_join(c[i], NULL);
    cr_expect_eq(atomic_load(&s.popped), PRODUCERS * PER_PRODUCER, "every item delivered once");
    cr_expect_eq(cs_queue_high_water(&s.q), CAP, "the queue filled up (consumers were slower)");
    cr_expect_leq(atomic_load(&s.max_outstanding), CAP + PRODUCERS + CONSUMERS);
    cs_queue_destroy(&s.q);
}

static volatile sig_atomic_t old_handler_ran;
static void old_handler(int sig)
{
    (void)sig;
    old_handler_ran = 1;
}

Test(signals, first_sets_flag_and_old_handlers_come_back)
{
    struct sigaction mine = { 0 }, now;
    mine.sa_handler = old_handler;
    sigemptyset(&mine.sa_mask);
    cr_assert_eq(sigaction(SIGINT, &mine, NULL), 0);

    atomic_bool stop = false;
    cs_signals_saved saved;
    cr_assert(cs_signals_install(&stop, &saved));
    raise(SIGINT);
    cr_expect(atomic_load(&stop), "SIGINT sets the stop flag");
    cr_expect_eq(cs_signals_count(), 1);
    cr_expect_eq(old_handler_ran, 0, "the old handler is not called while installed");
    cs_signals_restore(&saved);

    sigaction(SIGINT, NULL, &now);
    cr_expect_eq((void *)now.sa_handler, (void *)old_handler, "old SIGINT handler restored");
    raise(SIGINT);
    cr_expect_eq(old_handler_ran, 1);
}

Test(signals, sigterm_also_stops)
{
    atomic_bool stop = false;
    cs_signals_saved saved;
    cr_assert(cs_signals_install(&stop, &saved));
    raise(SIGTERM);
    cr_expect(atomic_load(&stop));
    cs_signals_restore(&saved);
}

Test(signals, second_signal_still_stops_without_exiting)
{
    /* coreutils `timeout` sends TERM to the process and again to its group. */
    atomic_bool stop = false;
    cs_signals_saved saved;
    cr_assert(cs_signals_install(&stop, &saved));
    raise(SIGTERM);
    raise(SIGTERM);
    cr_expect(atomic_load(&stop));
    cr_expect_eq(cs_signals_count(), 2);
    cs_signals_restore(&saved);
}

Test(signals, third_signal_exits_130, .exit_code = 130)
{
    atomic_bool stop = false;
    cs_signals_saved saved;
    cr_assert(cs_signals_install(&stop, &saved));
    raise(SIGINT);
    raise(SIGTERM);
    cr_assert(atomic_load(&stop));
    raise(SIGTERM); /* does not return */
    cr_assert_fail("still running after a third signal");
}

Test(signals, request_stop_like_a_signal, .exit_code = 130)
{
    atomic_bool stop = false;
    cs_signals_saved saved;
    cr_assert(cs_signals_install(&stop, &saved));
    cs_scan_request_stop();
    cr_assert(atomic_load(&stop));
    cs_scan_request_stop();
    cs_scan_request_stop();
    cr_assert_fail("still running after a third stop request");
}

Test(signals, held_signal_is_counted_and_stops_the_next_scan)
{
    struct sigaction mine = { 0 }, now;
    mine.sa_handler = old_handler;
    sigemptyset(&mine.sa_mask);
    cr_assert_eq(sigaction(SIGTERM, &mine, NULL), 0);
    cr_assert(cs_signals_hold());
    raise(SIGTERM); /* while reports are written: recorded, nothing stops */
    atomic_bool stop = false;
    cs_signals_saved saved;
    cr_assert(cs_signals_install(&stop, &saved));
    cr_expect(atomic_load(&stop), "a scan started after a held signal stops at once");
    cs_signals_restore(&saved);
    sigaction(SIGTERM, NULL, &now);
    cr_expect_neq((void *)now.sa_handler, (void *)old_handler, "still held after the scan");
    raise(SIGTERM);
    cr_expect_eq(cs_signals_release(), 2);
    sigaction(SIGTERM, NULL, &now);
    cr_expect_eq((void *)now.sa_handler, (void *)old_handler, "old SIGTERM handler restored");
    cr_expect_eq(old_handler_ran, 0);
}

Test(progress, line_with_and_without_total)
{
    char buf[256];
    cs_progress_format(buf, sizeof buf, 1500000, 1000000, 10.0, 50u << 20, 0);
    cr_expect_str_eq(buf, "certsweep: 1500000 records, 100000 certs/s, 50.0 MiB read");
    cs_progress_format(buf, sizeof buf, 10, 10, 10.0, 25u << 20, 100u << 20);
    cr_expect(strstr(buf, "of 100.0 MiB, 25%, ETA 0:00:30") != NULL, "%s", buf);
    /* Never overflows a small buffer. */
    cr_expect_eq(cs_progress_format(buf, 8, 1, 1, 1, 1, 2), 7);
}

Test(merge, busiest_context_first_ties_to_the_lowest_index)
{
    cs_worker w[4];
    memset(w, 0, sizeof w);
    cr_expect_eq(cs_worker_busiest(w, 1), 0);
    cr_expect_eq(cs_worker_busiest(w, 4), 0, "all equal: the first");
    w[0].certs = 10, w[1].certs = 940, w[2].certs = 940, w[3].certs = 3;
    cr_expect_eq(cs_worker_busiest(w, 4), 1, "the reader that linted most, the first of two");
    w[3].certs = 941;
    cr_expect_eq(cs_worker_busiest(w, 4), 3);
    cr_expect_eq(cs_worker_busiest(w, 3), 1, "only the first n are looked at");
}
