/* The newline counts the parts of a plain file share (part_lines.h). */
#include "ingest/part_lines.h"

#include <stdlib.h>
#include <time.h>

enum { UNCOUNTED, COUNTING, COUNTED };

typedef struct part_count {
    _Atomic int state;
    uint64_t lines; /* written before state becomes COUNTED */
} part_count;

struct cs_part_lines {
    unsigned users, parts; /* users: under the stats' parts_lock */
    part_count count[];
};

static void lock(cs_ingest_stats *st)
{
    while (atomic_flag_test_and_set_explicit(&st->parts_lock, memory_order_acquire))
        ;
}

static void unlock(cs_ingest_stats *st)
{
    atomic_flag_clear_explicit(&st->parts_lock, memory_order_release);
}

cs_part_lines *cs_part_lines_join(cs_ingest_stats *st, unsigned parts)
{
    lock(st);
    cs_part_lines *t = st->part_lines;
    if (t && t->parts != parts)
        t = NULL; /* (parts of one input agree on their number) */
    else if (!t && (t = calloc(1, sizeof *t + parts * sizeof t->count[0])) != NULL) {
        t->parts = parts;
        st->part_lines = t;
    }
    if (t)
        t->users++;
    unlock(st);
    return t;
}

void cs_part_lines_leave(cs_ingest_stats *st, cs_part_lines *t)
{
    if (!t)
        return;
    lock(st);
    bool last = --t->users == 0;
    if (last)
        st->part_lines = NULL;
    unlock(st);
    if (last)
        free(t);
}

/* Counts part k if no part has started on it: true when it is counted
 * (by this call), false when another part has it, or on a read error
 * (*failed). */
static bool claim_and_count(cs_part_lines *t, unsigned k, cs_part_count_fn count, void *ctx, bool *failed)
{
    int want = UNCOUNTED;
    if (!atomic_compare_exchange_strong(&t->count[k].state, &want, COUNTING))
        return false;
    uint64_t n;
    if (!count(ctx, k, &n)) {
        atomic_store(&t->count[k].state, UNCOUNTED);
        *failed = true;
        return false;
    }
    t->count[k].lines = n;
    atomic_store(&t->count[k].state, COUNTED);
    return true;
}

bool cs_part_lines_before(cs_part_lines *t, unsigned part, cs_part_count_fn count, void *ctx, uint64_t *lines)
{
    *lines = 0;
    /* The nearest first: part k - 1's bytes are counted by part k, the
     * others (while part k counts) by the parts after them. */
    for (unsigned k = part; k-- > 0;) {
        uint64_t n;
        if (!t) {
            if (!count(ctx, k, &n))
                return false;
            *lines += n;
            continue;
        }
        for (;;) {
            bool failed = false;
            if (atomic_load(&t->count[k].state) == COUNTED || claim_and_count(t, k, count, ctx, &failed))
                break;
            if (failed)
                return false;
            /* Another part is counting it: a read of its bytes. */
            nanosleep(&(struct timespec){ .tv_nsec = 100000 }, NULL);
        }
        *lines += t->count[k].lines;
    }
    return true;
}
