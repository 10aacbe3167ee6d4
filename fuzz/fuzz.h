/* Shared by the libFuzzer targets (fuzz/fuzz_*.c) and their regression
 * test: tests/test_fuzz_regress.c includes the targets with
 * CS_FUZZ_REPLAY defined (no LLVMFuzzerTestOneInput), so every saved
 * input in fuzz/regress/<target>/ replays on exactly the fuzzer's path. */
#ifndef CS_FUZZ_FUZZ_H
#define CS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/record.h"

/* A broken invariant is a finding like a crash: abort so libFuzzer saves
 * the input and the regression test fails. */
#define FUZZ_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

/* A heap copy of exactly n bytes (never NULL for n == 0), so ASan flags a
 * read one byte past the input; libFuzzer's own buffer may be larger. */
static inline uint8_t *fuzz_copy(const uint8_t *p, size_t n)
{
    uint8_t *c = malloc(n ? n : 1);
    FUZZ_CHECK(c != NULL);
    if (n)
        memcpy(c, p, n);
    return c;
}

/* Whether [p, p+n) lies inside [base, base+size). */
static inline int fuzz_within(const uint8_t *p, size_t n, const uint8_t *base, size_t size)
{
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;
    return a >= b && a - b <= size && n <= size - (a - b);
}

/* Reads every byte of [p, p+n): ASan checks the extent a decoder returned. */
static inline void fuzz_touch(const uint8_t *p, size_t n)
{
    volatile uint8_t sink = 0;
    for (size_t i = 0; i < n; i++)
        sink ^= p[i];
    (void)sink;
}

/* Decodes one record as a worker does (cs_record_decode) and checks the
 * result: the DER and the chain issuer lie inside the record or the
 * scratch buffer (record.h), and a failure comes with a reason. */
static inline void fuzz_decode_record(const cs_batch *b, const cs_record *r)
{
    const uint8_t *rec = b->data + r->data_off;
    cs_decode_scratch s = { 0 };
    cs_decoded d;
    char reason[200];
    if (cs_record_decode(b, r, &s, &d, reason, sizeof reason)) {
        FUZZ_CHECK(fuzz_within(d.der, d.len, rec, r->data_len) || fuzz_within(d.der, d.len, s.buf, s.cap));
        fuzz_touch(d.der, d.len);
        if (d.issuer_der) {
            FUZZ_CHECK(fuzz_within(d.issuer_der, d.issuer_len, rec, r->data_len) ||
                       fuzz_within(d.issuer_der, d.issuer_len, s.buf, s.cap));
            fuzz_touch(d.issuer_der, d.issuer_len);
        }
    } else {
        FUZZ_CHECK(reason[0] != '\0');
    }
    cs_decode_scratch_free(&s);
}

/* The targets' bodies; each returns 0 (libFuzzer's convention). */
int cs_fuzz_decode(const uint8_t *data, size_t size);
int cs_fuzz_framers(const uint8_t *data, size_t size);
int cs_fuzz_lint(const uint8_t *data, size_t size);
int cs_fuzz_ctlog(const uint8_t *data, size_t size);

#endif
