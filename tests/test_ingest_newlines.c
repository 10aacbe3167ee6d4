/* The vector newline counters (src/ingest/newlines.c) against counting
 * one byte at a time: long stretches (the per-lane sums are emptied
 * before they wrap: all newlines, 100 KB), every alignment and length
 * around the 16-, 32- and 64-byte steps, and, for the full-line count,
 * an empty line anywhere (first, last, across a step boundary). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/newlines.h"

static uint64_t ref_newlines(const uint8_t *p, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == '\n';
    return k;
}

/* The old line-by-line count: 0 when a line is empty. */
static uint64_t ref_full_lines(const uint8_t *p, size_t n)
{
    uint64_t k = 0;
    for (const uint8_t *end = p + n, *nl; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) {
        if (nl == p)
            return 0;
        k++;
    }
    return k;
}

Test(newlines, all_newlines_long)
{
    size_t n = 100000;
    uint8_t *p = malloc(n);
    cr_assert_not_null(p);
    memset(p, '\n', n);
    for (size_t len = n - 70; len <= n; len++)
        cr_assert_eq(cs_count_newlines(p, len), len);
    cr_assert_eq(cs_count_full_lines(p, n), 0, "empty lines");
    memset(p, 'x', n);
    cr_assert_eq(cs_count_newlines(p, n), 0);
    free(p);
}

Test(newlines, random_every_alignment)
{
    static uint8_t p[5000];
    uint64_t seed = 7;
    for (int round = 0; round < 3000; round++) {
        int dense = round % 4; /* from random bytes to mostly newlines */
        for (size_t i = 0; i < sizeof p; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            uint8_t b = (uint8_t)(seed >> 56);
            p[i] = dense == 0 ? b : (b % (dense * 8) == 0 ? (uint8_t)'\n' : (uint8_t)('\n' + 1 + b % 3));
        }
        size_t from = (size_t)round % 17, n = (size_t)(seed >> 20) % (sizeof p - from);
        cr_assert_eq(cs_count_newlines(p + from, n), ref_newlines(p + from, n), "round %d", round);
        if (n > 0)
            p[from + n - 1] = '\n';
        cr_assert_eq(cs_count_full_lines(p + from, n), ref_full_lines(p + from, n), "round %d (n %zu)", round, n);
    }
}

/* PEM-like body lines, with one empty line put anywhere. */
Test(newlines, empty_line_anywhere)
{
    uint8_t p[2000];
    for (size_t width = 1; width <= 80; width += 7) {
        size_t n = 0;
        while (n + width + 1 <= sizeof p - 1) {
            memset(p + n, 'Q', width);
            n += width;
            p[n++] = '\n';
        }
        uint64_t lines = n / (width + 1);
        cr_assert_eq(cs_count_full_lines(p, n), lines, "width %zu", width);
        for (size_t at = 0; at < n; at++) {
            if (p[at] != '\n')
                continue;
            /* An empty line after the one ending at `at`. */
            uint8_t q[sizeof p];
            memcpy(q, p, at + 1);
            q[at + 1] = '\n';
            memcpy(q + at + 2, p + at + 1, n - at - 1);
            cr_assert_eq(cs_count_full_lines(q, n + 1), 0, "width %zu, empty line after byte %zu", width, at);
            cr_assert_eq(cs_count_newlines(q, n + 1), lines + 1);
        }
        uint8_t q[sizeof p];
        q[0] = '\n';
        memcpy(q + 1, p, n);
        cr_assert_eq(cs_count_full_lines(q, n + 1), 0, "an empty first line");
    }
}
