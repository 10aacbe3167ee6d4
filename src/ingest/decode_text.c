/* Text records decoded in the workers: a JSON object with a base64 DER
 * field (JSON Lines: Censys, ZGrab, certstream ..., with certstream's
 * chain giving the issuer) and a CSV line with a base64 DER column
 * (Rapid7 Sonar "sha1,base64"). */
#include "ingest/decode.h"
#include "ingest/json.h"

#include <stdio.h>
#include <string.h>

/* Fields tried in order when no --json-field is given: top-level names
 * used by the common dumps, then certstream's full-stream message. */
static const char *const default_fields[] = {
    "raw", "cert", "der", "cert_der", "as_der", "certificate", "data.leaf_cert.as_der",
};

/* certstream's full stream carries the chain: data.chain[0].as_der signed
 * the leaf.  It is decoded into the scratch after the leaf (which is at
 * offset 0); a chain that is absent or unreadable leaves the issuer
 * unknown without failing the record. */
static void certstream_issuer(const uint8_t *p, size_t n, cs_decode_scratch *s, cs_decoded *out)
{
    size_t vs, ve, es, ee;
    if (cs_json_get(p, n, "data.chain", &vs, &ve) != CS_JSON_OK || p[vs] != '[')
        return;
    es = cs_json_ws(p, ve, vs + 1);
    if (es >= ve || p[es] != '{' || cs_json_value_end(p, ve, es, &ee) != CS_JSON_OK)
        return;
    const uint8_t *obj = p + es;
    if (cs_json_get(obj, ee - es, "as_der", &vs, &ve) != CS_JSON_OK || obj[vs] != '"')
        return;
    size_t at = out->len, ulen, olen, bad;
    const uint8_t *str;
    const char *why;
    if (!cs_scratch_reserve(s, at + (ve - vs) + 3))
        return;
    out->der = s->buf; /* the scratch buffer may have moved */
    /* Unescaped (if need be) and decoded in place: base64 output never
     * overtakes its input. */
    if (!cs_json_string(obj, vs, ve, s->buf + at, &str, &ulen) ||
        !cs_b64_decode(str, ulen, true, s->buf + at, &olen, &bad, &why) || olen == 0)
        return;
    out->issuer_der = s->buf + at;
    out->issuer_len = olen;
}

bool cs_decode_json_line(const uint8_t *p, size_t n, const char *field, cs_decode_scratch *s,
                         cs_decoded *out, char *reason, size_t rs)
{
    size_t vs = 0, ve = 0;
    const char *used = NULL;
    size_t nf = field ? 1 : sizeof default_fields / sizeof default_fields[0];
    /* The line is one whole object: a record cut short (no closing
     * brace) or with text after it is not read as if it were complete. */
    cs_json_status whole = n > 0 && p[0] == '{' ? cs_json_value_end(p, n, 0, &ve) : CS_JSON_BAD;
    if (whole == CS_JSON_MORE) {
        snprintf(reason, rs, "truncated JSON object: it does not end on its line");
        return false;
    }
    if (whole != CS_JSON_OK || cs_json_ws(p, n, ve) != n) {
        snprintf(reason, rs, "not a well-formed JSON object");
        return false;
    }
    for (size_t k = 0; k < nf && !used; k++) {
        const char *name = field ? field : default_fields[k];
        cs_json_status st = cs_json_get(p, n, name, &vs, &ve);
        if (st == CS_JSON_BAD) {
            snprintf(reason, rs, "not a well-formed JSON object");
            return false;
        }
        if (st == CS_JSON_OK)
            used = name;
    }
    if (!used) {
        if (field)
            snprintf(reason, rs, "JSON object has no \"%s\" field", field);
        else
            snprintf(reason, rs, "JSON object has none of the fields raw, cert, der, cert_der, as_der, certificate");
        return false;
    }
    if (p[vs] != '"') {
        snprintf(reason, rs, "JSON field \"%s\" is %s, not a base64 string", used, cs_json_type(p[vs]));
        return false;
    }
    if (!cs_scratch_reserve(s, ve - vs)) {
        snprintf(reason, rs, "out of memory");
        return false;
    }
    size_t ulen;
    const uint8_t *str;
    if (!cs_json_string(p, vs, ve, s->buf, &str, &ulen)) {
        snprintf(reason, rs, "JSON field \"%s\": bad string escape", used);
        return false;
    }
    if (!cs_decode_b64_to(str, ulen, true, s, 0, &out->der, &out->len, reason, rs))
        return false;
    certstream_issuer(p, n, s, out);
    /* certstream says which entries are precertificates, and where. */
    if (cs_json_get(p, n, "data.update_type", &vs, &ve) == CS_JSON_OK &&
        ve - vs == sizeof "\"PrecertLogEntry\"" - 1 && memcmp(p + vs, "\"PrecertLogEntry\"", ve - vs) == 0)
        out->precert = true;
    if (cs_json_get(p, n, "data.cert_index", &vs, &ve) == CS_JSON_OK && p[vs] >= '0' && p[vs] <= '9') {
        int64_t v = 0;
        for (size_t i = vs; i < ve && p[i] >= '0' && p[i] <= '9' && v < INT64_MAX / 10 - 10; i++)
            v = v * 10 + (p[i] - '0');
        out->ct_index = v;
    }
    return true;
}

bool cs_decode_csv_line(const uint8_t *p, size_t n, int column, cs_decode_scratch *s, cs_decoded *out,
                        char *reason, size_t rs)
{
    /* Find the field (RFC 4180 quoting), copying it unquoted. */
    if (!cs_scratch_reserve(s, n + 1)) {
        snprintf(reason, rs, "out of memory");
        return false;
    }
    int col = 0;
    size_t i = 0, flen = 0;
    bool found = false;
    for (;;) {
        size_t start = i;
        flen = 0;
        if (i < n && p[i] == '"') {
            for (i++;; i++) {
                if (i >= n) {
                    snprintf(reason, rs, "CSV: unterminated quoted field %d", col);
                    return false;
                }
                if (p[i] == '"') {
                    if (i + 1 < n && p[i + 1] == '"') {
                        s->buf[flen++] = '"';
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                s->buf[flen++] = p[i];
            }
            if (i < n && p[i] != ',') {
                snprintf(reason, rs, "CSV: text after the closing quote of field %d", col);
                return false;
            }
        } else {
            while (i < n && p[i] != ',')
                i++;
            memcpy(s->buf, p + start, i - start);
            flen = i - start;
        }
        bool last = i >= n;
        if (col == column || (column < 0 && last)) {
            found = true;
            break;
        }
        if (last)
            break;
        i++; /* the comma */
        col++;
    }
    if (!found) {
        snprintf(reason, rs, "CSV line has %d columns, no column %d", col + 1, column);
        return false;
    }
    /* In place: base64 output never overtakes its input, and the
     * scratch already holds n+1 bytes, so it is not reallocated. */
    return cs_decode_b64_to(s->buf, flen, true, s, 0, &out->der, &out->len, reason, rs);
}
