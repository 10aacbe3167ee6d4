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
