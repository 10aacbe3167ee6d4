/* Big-endian octets (a modulus, a curve coordinate) as little-endian
 * 64-bit limbs, the form GMP's mpn functions and the residue tables of
 * src/lint work on: eight octets a load.  Used by the key checks of
 * src/lint and src/keys. */
#ifndef CS_UTIL_BE_LIMBS_H
#define CS_UTIL_BE_LIMBS_H

#include <stdint.h>
#include <string.h>

#include "util/span.h"

/* Writes ceil(octets.len / 8) limbs, least significant first, and
 * returns how many. */
static inline size_t cs_be_limbs(cs_span octets, uint64_t *limb)
{
    size_t n = 0, end = octets.len;
    for (; end >= 8; end -= 8) {
        uint64_t v;
        memcpy(&v, octets.p + end - 8, 8);
        limb[n++] = __builtin_bswap64(v);
    }
    if (end) {
        uint64_t v = 0;
        for (size_t i = 0; i < end; i++)
            v = v << 8 | octets.p[i];
        limb[n++] = v;
    }
    return n;
}

#endif
