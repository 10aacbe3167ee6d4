/* A span: a read-only window into bytes owned by someone else (usually the
 * DER buffer of the certificate being linted).  Everything in the
 * certificate view is a span or a decoded scalar, so parsing allocates
 * nothing. */
#ifndef CS_UTIL_SPAN_H
#define CS_UTIL_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct cs_span {
    const uint8_t *p;
    size_t len;
} cs_span;

static inline cs_span cs_span_make(const void *p, size_t len)
{
    cs_span s = { (const uint8_t *)p, len };
    return s;
}

static inline bool cs_span_eq(cs_span a, cs_span b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/* Compares a span with a byte string given as a C array literal. */
static inline bool cs_span_eq_bytes(cs_span a, const void *bytes, size_t len)
{
    return a.len == len && (len == 0 || memcmp(a.p, bytes, len) == 0);
}

static inline bool cs_span_empty(cs_span a) { return a.len == 0; }

/* An unsigned big-endian number without its leading zero octets (a DER
 * INTEGER's content, a modulus). */
static inline cs_span cs_span_skip_zeros(cs_span a)
{
    while (a.len && a.p[0] == 0) {
        a.p++;
        a.len--;
    }
    return a;
}

/* Equal ignoring ASCII case (domain names, attribute keywords). */
static inline bool cs_span_eq_nocase(cs_span a, cs_span b)
{
    if (a.len != b.len)
        return false;
    for (size_t i = 0; i < a.len; i++) {
        uint8_t x = a.p[i], y = b.p[i];
        if (x >= 'A' && x <= 'Z')
            x = (uint8_t)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (uint8_t)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

#endif
