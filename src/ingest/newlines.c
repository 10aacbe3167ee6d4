/* Newlines counted a word at a time (newlines.h). */
#include "ingest/newlines.h"

#include <string.h>

uint64_t cs_count_newlines(const uint8_t *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, low7 = ones * 0x7f, nl = ones * '\n';
    uint64_t k = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t x = w ^ nl; /* a zero byte where there is a '\n' */
        /* High bit of each byte: set when the byte is not zero (no carry
         * crosses bytes: (b & 0x7f) + 0x7f <= 0xfe). */
        uint64_t t = ((x & low7) + low7) | x;
        uint64_t zeros = (~t >> 7) & ones; /* 1 in each zero byte */
        k += (zeros * ones) >> 56;         /* their sum, in the top byte */
    }
    for (; i < n; i++)
        k += p[i] == '\n';
    return k;
}
