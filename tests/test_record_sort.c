/* The record sort of the corpus collectors (corpus/record_sort.h): the
 * same order as qsort with memcmp, on records shaped like the collectors'
 * (long shared prefixes, right-aligned numbers, repeats) and on hostile
 * ones (all equal, differing only in the last octet). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/record_sort.h"

static size_t g_size;
static int cmp(const void *a, const void *b) { return memcmp(a, b, g_size); }

static uint64_t rng = 88172645463325252ull;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

typedef enum { RANDOM, ISSUERS, ALL_EQUAL, LAST_OCTET, FEW_VALUES } shape;

static void fill(uint8_t *buf, size_t n, size_t size, shape sh)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t *r = buf + i * size;
        switch (sh) {
        case RANDOM:
            for (size_t k = 0; k < size; k++)
                r[k] = (uint8_t)next_rand();
            break;
        case ISSUERS: /* 3 "issuers" of 32 octets, then zero-padded serials, then noise */
            memset(r, 0, size);
            memset(r, (int)(next_rand() % 3), size < 32 ? size : 32);
            for (size_t k = 40; k < size; k++)
                r[k] = (uint8_t)next_rand();
            break;
        case ALL_EQUAL: memset(r, 0x5a, size); break;
        case LAST_OCTET:
            memset(r, 0x11, size);
            r[size - 1] = (uint8_t)next_rand();
            break;
        case FEW_VALUES:
            for (size_t k = 0; k < size; k++)
                r[k] = (uint8_t)(next_rand() % 2);
            break;
        }
    }
}

static void check(size_t n, size_t size, shape sh)
{
    uint8_t *a = malloc(n * size + 1), *b = malloc(n * size + 1);
    fill(a, n, size, sh);
    memcpy(b, a, n * size);
    cr_assert(cs_record_sort(a, n, size));
    g_size = size;
    qsort(b, n, size, cmp);
    cr_assert(memcmp(a, b, n * size) == 0, "n %zu, size %zu, shape %d: not qsort's order", n, size, sh);
    free(a);
    free(b);
}

Test(record_sort, same_order_as_qsort)
{
    static const size_t sizes[] = { 1, 2, 12, 139, 514 };
    static const size_t counts[] = { 0, 1, 2, 3, 31, 32, 33, 100, 1000, 5000 };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++)
            for (int sh = RANDOM; sh <= FEW_VALUES; sh++)
                check(counts[c], sizes[s], (shape)sh);
}

Test(record_sort, a_large_buffer_of_collector_like_records)
{
    check(200000, 139, ISSUERS);
    check(100000, 121, RANDOM);
}
