/* A small strict JSON scanner: just what the CT, JSON Lines framers and
 * decoders need (value extents, object members, strings), no tree. */
#ifndef CS_INGEST_JSON_H
#define CS_INGEST_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cs_json_status { CS_JSON_OK, CS_JSON_MORE, CS_JSON_BAD } cs_json_status;

/* Index of the first non-whitespace byte at or after i (n if none). */
size_t cs_json_ws(const uint8_t *p, size_t n, size_t i);

/* The end (exclusive) of the value starting at p[i].  CS_JSON_MORE when
 * the buffer ends first; CS_JSON_BAD with *end at the offending byte. */
cs_json_status cs_json_value_end(const uint8_t *p, size_t n, size_t i, size_t *end);

/* JSON type name of the value at p[i]: "string", "number", ... */
const char *cs_json_type(uint8_t c);

/* Looks up a member of the object p[0,n) by key; dotted keys descend into
 * nested objects ("data.leaf_cert.as_der").  Returns CS_JSON_OK with the
 * value's extent, CS_JSON_MORE when the key is absent, CS_JSON_BAD when
 * the object is not well-formed. */
cs_json_status cs_json_get(const uint8_t *p, size_t n, const char *key, size_t *vstart, size_t *vend);

/* The bytes of the JSON string p[start,end) (quotes included): *str
 * points into p when the string has no escape (the usual case, no copy),
 * else at out, where it was unescaped (room for end-start bytes: no
 * escape decodes to more bytes than it takes).  \u escapes become UTF-8,
 * a surrogate pair one 4-byte character.  False on a bad escape, a
 * control byte, or a surrogate that is not half of a pair (a lone
 * \uD800..\uDFFF cannot be UTF-8: refused rather than replaced, so that
 * what is read is exactly what was written). */
bool cs_json_string(const uint8_t *p, size_t start, size_t end, uint8_t *out, const uint8_t **str, size_t *len);

/* Calls fn(ctx, element, length) on each element of the array starting
 * at p[i] (within p[0,n)), in order; false when it is not a well-formed
 * array or fn returns false. */
bool cs_json_array_each(const uint8_t *p, size_t n, size_t i, bool (*fn)(void *ctx, const uint8_t *v, size_t len),
                        void *ctx);

#endif
