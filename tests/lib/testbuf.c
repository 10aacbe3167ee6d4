/* Generated inputs: a growing buffer and xorshift64* (testbuf.h). */
#include "testbuf.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

void cs_test_buf_put(cs_test_buf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        cr_assert_not_null(b->p);
    }
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
}

uint32_t cs_test_rnd(uint64_t *state, uint32_t n)
{
    uint64_t s = *state;
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    *state = s;
    return (uint32_t)((s * 2685821657736338717ull) >> 33) % n;
}
