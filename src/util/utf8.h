/* UTF-8 (RFC 3629): the one decoder and encoder of the project.
 *
 * Strict: overlong forms, surrogates (U+D800..U+DFFF) and code points above
 * U+10FFFF are ill-formed.  An ill-formed sequence is reported with the
 * length of its maximal subpart (Unicode 15, 3.9 "U+FFFD substitution of
 * maximal subparts"), so callers that substitute U+FFFD do it the way
 * browsers and the WHATWG Encoding Standard do. */
#ifndef CS_UTIL_UTF8_H
#define CS_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What cs_utf8_decode stores for an ill-formed sequence. */
#define CS_UTF8_INVALID UINT32_C(0xFFFFFFFF)
#define CS_UTF8_REPLACEMENT UINT32_C(0xFFFD)

/* Decodes the character at p (n >= 1 bytes available).  Returns the bytes
 * it takes: 1..4 with *cp the code point, or, when ill-formed, the length
 * of the maximal subpart (1..3) with *cp = CS_UTF8_INVALID. */
size_t cs_utf8_decode(const uint8_t *p, size_t n, uint32_t *cp);

/* True when all n bytes are well-formed UTF-8. */
bool cs_utf8_valid(const uint8_t *p, size_t n);

/* Bytes needed to encode cp (1..4); cp <= U+10FFFF. */
size_t cs_utf8_encoded_len(uint32_t cp);

/* Encodes cp (<= U+10FFFF) into out; returns the bytes written (1..4). */
size_t cs_utf8_encode(uint32_t cp, char out[4]);

#endif
