/* Records made outside the ingest layer (cs_ingest_writer_new, used by
 * the CT log readers) are batched as cs_ingest_run batches what it reads:
 * at most 256 records a batch, numbered in order, each counted, the last
 * batch handed on at the end even after the sink refused one. */
#include <criterion/criterion.h>
#include <string.h>

#include "ingest/ingest.h"

typedef struct sunk {
    size_t batches, records;
    uint64_t next_seq;
    bool in_order;
    size_t refuse_after;   /* batches accepted before refusing (0: never) */
} sunk;

static bool sink(void *ctx, cs_batch *b)
{
    sunk *s = ctx;
    s->in_order &= b->seq == s->next_seq++ && b->input == 3;
    s->batches++;
    s->records += b->n;
    cs_batch_free(b);
    return !s->refuse_after || s->batches < s->refuse_after;
}

Test(ingest_writer, batches_numbered_and_counted)
{
    sunk s = { .in_order = true };
    cs_ingest_stats stats;
    memset(&stats, 0, sizeof stats);
    cs_ingest *w = cs_ingest_writer_new(3, sink, &s, &stats);
    cr_assert_not_null(w);
    for (int i = 0; i < 600; i++)
        cr_assert(cs_ingest_write(w, CS_REC_DER, "\x30\x00", 2, "tile/data/000", (uint64_t)i, i));
    cr_assert_eq(s.batches, 2, "full batches handed on as they fill");
    cr_assert(cs_ingest_writer_end(w));
    cr_assert_eq(s.batches, 3);
    cr_assert_eq(s.records, 600);
    cr_assert_eq(atomic_load(&stats.records), 600);
    cr_assert(s.in_order);
}

Test(ingest_writer, a_refused_batch_stops_the_writer)
{
    sunk s = { .in_order = true, .refuse_after = 1 };
    cs_ingest_stats stats;
    memset(&stats, 0, sizeof stats);
    cs_ingest *w = cs_ingest_writer_new(3, sink, &s, &stats);
    int written = 0;
    while (written < 1000 && cs_ingest_write(w, CS_REC_DER, "\x30\x00", 2, "", 0, written))
        written++;
    cr_assert_eq(written, 255, "the write that fills the refused batch says stop");
    cr_assert_not(cs_ingest_writer_end(w));
    cr_assert_eq(s.records, 256, "everything written was handed on");
}
