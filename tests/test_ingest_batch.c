/* Batches (src/ingest/batch.c): a batch made room for in advance
 * (cs_batch_reserve, as the reader does from the size of the last batch)
 * holds exactly what a batch grown record by record holds. */
#include <criterion/criterion.h>
#include <string.h>

#include "ingest/record.h"

static void fill(cs_batch *b, unsigned seed, int count)
{
    uint8_t buf[5000];
    for (int i = 0; i < count; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 8) % sizeof buf;
        for (size_t k = 0; k < n; k++)
            buf[k] = (uint8_t)(seed >> (k % 24));
        cs_origin o = { .input = 1, .member = cs_batch_intern(b, i % 3 ? "a" : "b/c"), .offset = (uint64_t)i,
                        .line = 0, .ct_index = -1 };
        cr_assert(cs_batch_add(b, CS_REC_DER, buf, n, &o));
    }
}

static void expect_same(const cs_batch *x, const cs_batch *y)
{
    cr_assert_eq(x->n, y->n);
    cr_assert_eq(x->data_len, y->data_len);
    cr_assert(memcmp(x->data, y->data, x->data_len) == 0);
    for (size_t i = 0; i < x->n; i++) {
        cr_assert_eq(x->recs[i].data_off, y->recs[i].data_off);
        cr_assert_eq(x->recs[i].data_len, y->recs[i].data_len);
        cr_assert_eq(x->recs[i].origin.offset, y->recs[i].origin.offset);
        cr_assert_str_eq(cs_batch_member(x, &x->recs[i]), cs_batch_member(y, &y->recs[i]));
    }
}

Test(batch, reserved_holds_what_grown_holds)
{
    static const size_t sizes[][2] = { { 0, 0 }, { 1, 1 }, { 256, 400000 }, { 10, 100 }, { 1000, 5000000 } };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        cs_batch *grown = cs_batch_new(), *reserved = cs_batch_new();
        cr_assert(grown && reserved);
        cr_assert(cs_batch_reserve(reserved, sizes[k][0], sizes[k][1]));
        cr_assert_geq(reserved->cap, sizes[k][0]);
        cr_assert_geq(reserved->data_cap, sizes[k][1]);
        fill(grown, (unsigned)k, 300);
        fill(reserved, (unsigned)k, 300);
        expect_same(grown, reserved);
        /* Reserving again, smaller or larger, keeps what is there. */
        cr_assert(cs_batch_reserve(reserved, 1, 1));
        cr_assert(cs_batch_reserve(reserved, 4000, 10000000));
        expect_same(grown, reserved);
        cs_batch_free(grown);
        cs_batch_free(reserved);
    }
}

/* A freed batch comes back from cs_batch_new with its buffers (no pages
 * to fault in again) but otherwise as new: no records, no bytes, only
 * the "" member name, the default CSV column, no chunk framer; and what
 * is added to it then is what a fresh batch holds. */
Test(batch, reused_is_as_new)
{
    cs_batch *b = cs_batch_new();
    cr_assert_not_null(b);
    fill(b, 7, 300);
    b->seq = 5;
    b->order = 9;
    b->input = 3;
    b->json_field = "raw";
    b->csv_column = 2;
    b->max_record = 100;
    b->chunk_framer = (const struct cs_framer *)b; /* any non-NULL value */
    uint8_t *data = b->data;
    cs_batch_free(b);
    cs_batch *again = cs_batch_new();
    cr_assert_eq(again, b, "the freed batch is handed out again");
    cr_expect_eq(again->data, data, "with its data buffer");
    cr_expect_eq(again->n, 0);
    cr_expect_eq(again->data_len, 0);
    cr_expect_eq(again->strings_len, 1);
    cr_expect_str_eq(again->strings, "");
    cr_expect_eq(again->seq, 0);
    cr_expect_eq(again->order, 0);
    cr_expect_eq(again->input, 0);
    cr_expect_null(again->json_field);
    cr_expect_eq(again->csv_column, -1);
    cr_expect_eq(again->max_record, 0);
    cr_expect_null(again->chunk_framer);
    cs_batch *fresh = cs_batch_new();
    fill(again, 11, 50);
    fill(fresh, 11, 50);
    expect_same(again, fresh);
    cs_batch_free(again);
    cs_batch_free(fresh);
}

/* The kept batches are bounded: a batch whose buffers are larger than
 * the whole pool may hold is freed, not kept. */
Test(batch, huge_not_kept)
{
    cs_batch *big = cs_batch_new();
    cr_assert(cs_batch_reserve(big, 16, (size_t)64 << 20));
    cs_batch_free(big);
    cs_batch *next = cs_batch_new();
    cr_expect(next->data_cap < (size_t)64 << 20, "a new batch does not come with the 64 MiB buffer");
    cs_batch_free(next);
}
