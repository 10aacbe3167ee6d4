/* Helpers for tests that generate their inputs: a growing byte buffer
 * and a small deterministic random generator, so that the inputs are the
 * same on every run. */
#ifndef CS_TEST_TESTBUF_H
#define CS_TEST_TESTBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct cs_test_buf {
    uint8_t *p;
    size_t len, cap;
} cs_test_buf;

/* Appends n octets (the test aborts when memory runs out). */
void cs_test_buf_put(cs_test_buf *b, const void *p, size_t n);

/* xorshift64*: a number below n (n > 0) from *state (not 0). */
uint32_t cs_test_rnd(uint64_t *state, uint32_t n);

#endif
