/* cs_record_decode: from a framed record to the DER the worker parses.
 * This file handles the encodings that are just bytes or base64; the CT
 * and text formats have their own files. */
#include "ingest/decode.h"
#include "ingest/framer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_decode_scratch_free(cs_decode_scratch *s)
{
    free(s->buf);
    s->buf = NULL;
    s->cap = 0;
}

bool cs_scratch_reserve(cs_decode_scratch *s, size_t n)
{
    if (n <= s->cap)
        return true;
    size_t c = s->cap ? s->cap : 4096;
    while (c < n)
        c *= 2;
    uint8_t *p = realloc(s->buf, c);
    if (!p)
        return false;
    s->buf = p;
    s->cap = c;
    return true;
}

bool cs_decode_b64_to(const uint8_t *p, size_t n, bool allow_ws, cs_decode_scratch *s, size_t at,
                      const uint8_t **der, size_t *len, char *reason, size_t reason_size)
{
    if (!cs_scratch_reserve(s, at + n / 4 * 3 + 3)) {
        snprintf(reason, reason_size, "out of memory decoding base64");
        return false;
    }
    size_t bad, olen;
    const char *why;
    if (!cs_b64_decode(p, n, allow_ws, s->buf + at, &olen, &bad, &why)) {
        snprintf(reason, reason_size, "invalid base64: %s at character %zu", why, bad);
        return false;
    }
    if (olen == 0) {
        snprintf(reason, reason_size, "empty base64");
        return false;
    }
    *der = s->buf + at;
    *len = olen;
    return true;
}

bool cs_record_decode(const cs_batch *b, const cs_record *r, cs_decode_scratch *s,
                      cs_decoded *out, char *reason, size_t reason_size)
{
    const uint8_t *p = b->data + r->data_off;
    size_t n = r->data_len;
    memset(out, 0, sizeof *out);
    out->ct_index = r->origin.ct_index;
    out->ct_timestamp = -1;
    *reason = '\0';
    switch ((cs_record_encoding)r->encoding) {
    case CS_REC_DER:
        out->der = p;
        out->len = n;
        return true;
    case CS_REC_TBS:
        out->der = p;
        out->len = n;
        out->tbs_only = true;
        return true;
    case CS_REC_BASE64:
        return cs_decode_b64_to(p, n, true, s, 0, &out->der, &out->len, reason, reason_size);
    case CS_REC_PEM_TRUSTED: {
        /* OpenSSL appends its trust settings after the certificate: keep
         * the first DER element only. */
        if (!cs_decode_b64_to(p, n, true, s, 0, &out->der, &out->len, reason, reason_size))
            return false;
        bool bad;
        uint64_t el = cs_der_element_len(out->der, out->len, &bad);
        if (bad || el == 0 || el > out->len) {
            snprintf(reason, reason_size, "TRUSTED CERTIFICATE does not start with a complete DER element");
            return false;
        }
        out->len = (size_t)el;
        return true;
    }
    case CS_REC_CT_ENTRY:
        return cs_decode_ct_entry(p, n, s, out, reason, reason_size);
    case CS_REC_CT_LEAF:
        return cs_decode_ct_leaf(p, n, out, reason, reason_size);
    case CS_REC_TILE_LEAF:
        return cs_decode_tile_leaf(p, n, out, reason, reason_size);
    case CS_REC_TILE_LEAF_ISSUER:
        return cs_decode_tile_leaf_issuer(p, n, out, reason, reason_size);
    case CS_REC_JSON_LINE:
        return cs_decode_json_line(p, n, b->json_field, s, out, reason, reason_size);
    case CS_REC_CSV_LINE:
        return cs_decode_csv_line(p, n, b->csv_column, s, out, reason, reason_size);
    case CS_REC_ERROR:
        snprintf(reason, reason_size, "%.*s", (int)(n > 190 ? 190 : n), (const char *)p);
        return false;
    case CS_REC_CHUNK:
        break; /* framed by cs_ingest_frame_chunk, never decoded */
    }
    snprintf(reason, reason_size, "unknown record encoding %u", r->encoding);
    return false;
}
