/* Internal helpers of the worker-side decoders (cs_record_decode). */
#ifndef CS_INGEST_DECODE_H
#define CS_INGEST_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/record.h"

/* Strict padded base64 into out (room for n*3/4 bytes).  Whitespace is
 * skipped when allow_ws.  On failure *bad_at is the offset of the first
 * bad byte and *why a static reason. */
bool cs_b64_decode(const uint8_t *in, size_t n, bool allow_ws, uint8_t *out, size_t *out_len,
                   size_t *bad_at, const char **why);

/* Whether cs_b64_decode may use the processor's vector instructions
 * (AVX2) when it has them (the default); off, it takes the plain path,
 * which the tests compare too. */
void cs_b64_use_simd(bool on);

/* Makes the scratch buffer hold at least n bytes. */
bool cs_scratch_reserve(cs_decode_scratch *s, size_t n);

/* Decoders by encoding (decode.c dispatches). */
bool cs_decode_ct_entry(const uint8_t *p, size_t n, cs_decode_scratch *s, cs_decoded *out,
                        char *reason, size_t reason_size);
bool cs_decode_ct_leaf(const uint8_t *p, size_t n, cs_decoded *out, char *reason, size_t reason_size);
bool cs_decode_tile_leaf(const uint8_t *p, size_t n, cs_decoded *out, char *reason, size_t reason_size);
bool cs_decode_tile_leaf_issuer(const uint8_t *p, size_t n, cs_decoded *out, char *reason, size_t reason_size);
bool cs_decode_json_line(const uint8_t *p, size_t n, const char *field, cs_decode_scratch *s,
                         cs_decoded *out, char *reason, size_t reason_size);
bool cs_decode_csv_line(const uint8_t *p, size_t n, int column, cs_decode_scratch *s,
                        cs_decoded *out, char *reason, size_t reason_size);

/* Base64 (whitespace allowed) of a DER certificate at scratch offset
 * `at`; the certificate is returned in *der, *len. */
bool cs_decode_b64_to(const uint8_t *p, size_t n, bool allow_ws, cs_decode_scratch *s, size_t at,
                      const uint8_t **der, size_t *len, char *reason, size_t reason_size);

#endif
