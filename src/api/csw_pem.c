/* Public API: find and decode the one certificate of a PEM text
 * (RFC 7468, strict base64; text around the blocks is ignored). */
#include <stdlib.h>
#include <string.h>

#include "api/api_internal.h"
#include "ingest/decode.h"
#include "util/pem.h"

static const char begin_marker[] = CS_PEM_BEGIN;
static const char end_marker[] = CS_PEM_END;

/* A PEM marker, but only at the start of a line. */
static const char *find_line(const char *p, const char *end, const char *what)
{
    for (const char *q = p; q < end;) {
        const char *hit = (const char *)cs_pem_find((const uint8_t *)q, (size_t)(end - q), what);
        if (!hit)
            return NULL;
        if (hit == p || hit[-1] == '\n' || hit[-1] == '\r')
            return hit;
        q = hit + 1;
    }
    return NULL;
}

int csw_is_pem(const uint8_t *data, size_t len)
{
    return data && find_line((const char *)data, (const char *)data + len, begin_marker) != NULL;
}

static size_t line_of(const char *start, const char *at)
{
    size_t line = 1;
    for (const char *p = start; p < at; p++)
        line += *p == '\n';
    return line;
}

/* The certificate's DER from the block body (strict base64, whitespace
 * anywhere, as the scan decodes it: ingest/b64.c).  Returns a malloc'd
 * buffer or NULL (*bad_at = offending character, NULL on out-of-memory). */
static uint8_t *body_decode(const char *p, const char *end, size_t *out_len, const char **bad_at)
{
    size_t n = (size_t)(end - p), bad = 0;
    const char *why;
    uint8_t *out = malloc(n / 4 * 3 + 3);
    *bad_at = NULL;
    if (!out)
        return NULL;
    if (!cs_b64_decode((const uint8_t *)p, n, true, out, out_len, &bad, &why))
        *bad_at = p + bad;
    else if (*out_len == 0)
        *bad_at = end; /* an empty block */
    else
        return out;
    free(out);
    return NULL;
}

uint8_t *csw_pem_decode(const char *text, size_t len, size_t *der_len, size_t *offset,
                        size_t *line, char *err, size_t errlen)
{
    if (!text || !der_len) {
        csw_set_err(err, errlen, "no input");
        return NULL;
    }
    const char *end = text + len;
    const char *body = NULL, *body_end = NULL, *found = NULL;
    size_t certs = 0, others = 0;
    char other_label[64] = "";

    for (const char *p = text; (p = find_line(p, end, begin_marker)) != NULL;) {
        const char *label = p + strlen(begin_marker);
        const char *eol = memchr(label, '\n', (size_t)(end - label));
        if (!eol)
            eol = end;
        char label_text[256];
        size_t label_used = cs_pem_label((const uint8_t *)label, (size_t)(eol - label), label_text, sizeof label_text);
        if (!label_used) {
            csw_set_err(err, errlen, "malformed PEM BEGIN line at line %zu", line_of(text, p));
            return NULL;
        }
        size_t label_len = label_used - strlen(CS_PEM_DASHES);
        /* The matching END line: "-----END " label "-----". */
        const char *q = eol;
        const char *end_line = NULL;
        while ((q = find_line(q, end, end_marker)) != NULL) {
            const char *l = q + strlen(end_marker);
            if ((size_t)(end - l) >= label_len + 5 && memcmp(l, label, label_len) == 0 &&
                memcmp(l + label_len, CS_PEM_DASHES, 5) == 0) {
                end_line = q;
                break;
            }
            q = l;
        }
        if (!end_line) {
            csw_set_err(err, errlen, "PEM block at line %zu (%.*s) has no END line", line_of(text, p),
                        (int)(label_len < 40 ? label_len : 40), label);
            return NULL;
        }
        cs_pem_kind kind = cs_pem_label_kind(label_text);
        if (kind == CS_PEM_CERTIFICATE || kind == CS_PEM_TBS_CERTIFICATE) {
            if (++certs > 1) {
                csw_set_err(err, errlen,
                            "more than one certificate: a second PEM certificate block at line %zu",
                            line_of(text, p));
                return NULL;
            }
            found = p;
            body = eol;
            body_end = end_line;
        } else if (others++ == 0) {
            size_t n = label_len < sizeof other_label - 1 ? label_len : sizeof other_label - 1;
            memcpy(other_label, label, n);
            other_label[n] = '\0';
        }
        p = end_line + strlen(end_marker);
    }
    if (!found) {
        if (others)
            csw_set_err(err, errlen, "no certificate in the PEM text (found a '%s' block)", other_label);
        else
            csw_set_err(err, errlen, "no PEM certificate block");
        return NULL;
    }
    const char *bad = NULL;
    uint8_t *der = body_decode(body, body_end, der_len, &bad);
    if (!der) {
        if (bad)
            csw_set_err(err, errlen, "bad base64 in the PEM certificate block at line %zu",
                        line_of(text, bad));
        else
            csw_set_err(err, errlen, "out of memory");
        return NULL;
    }
    if (offset)
        *offset = (size_t)(found - text);
    if (line)
        *line = line_of(text, found);
    return der;
}
