/* Public API: find and decode the one certificate of a PEM text
 * (RFC 7468, strict base64; text around the blocks is ignored). */
#include <stdlib.h>
#include <string.h>

#include "api/api_internal.h"

static const char begin_marker[] = "-----BEGIN ";
static const char end_marker[] = "-----END ";

/* memmem, but only at the start of a line. */
static const char *find_line(const char *p, const char *end, const char *what)
{
    size_t wl = strlen(what);
    for (const char *q = p; (size_t)(end - q) >= wl;) {
        const char *hit = memmem(q, (size_t)(end - q), what, wl);
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

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Strict base64 of [p, end) with whitespace anywhere; '=' only as the
 * final padding.  Returns a malloc'd buffer or NULL (*bad_at = offending
 * character, NULL on out-of-memory). */
static uint8_t *b64_decode(const char *p, const char *end, size_t *out_len, const char **bad_at)
{
    uint8_t *out = malloc((size_t)(end - p) / 4 * 3 + 3);
    *bad_at = NULL;
    if (!out)
        return NULL;
    size_t n = 0;
    unsigned acc = 0, bits = 0, pad = 0, chars = 0;
    for (const char *q = p; q < end; q++) {
        unsigned char c = (unsigned char)*q;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            pad++;
            chars++;
            if (pad > 2)
                goto bad;
            continue;
        }
        int v = b64_value(c);
        if (v < 0 || pad) {
            *bad_at = q;
            goto bad;
        }
        chars++;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (chars == 0 || chars % 4 != 0 || acc != 0) /* nonzero leftover bits: not canonical */
        goto bad;
    *out_len = n;
    return out;
bad:
    if (!*bad_at)
        *bad_at = end;
    free(out);
    return NULL;
}

static bool is_cert_label(const char *label, size_t n)
{
    static const char *const ok[] = { "CERTIFICATE", "X509 CERTIFICATE", "TBS CERTIFICATE" };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strlen(ok[i]) == n && memcmp(ok[i], label, n) == 0)
            return true;
    return false;
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
        const char *dash = memmem(label, (size_t)(eol - label), "-----", 5);
        if (!dash) {
            csw_set_err(err, errlen, "malformed PEM BEGIN line at line %zu", line_of(text, p));
            return NULL;
        }
        size_t label_len = (size_t)(dash - label);
        /* The matching END line: "-----END " label "-----". */
        const char *q = eol;
        const char *end_line = NULL;
        while ((q = find_line(q, end, end_marker)) != NULL) {
            const char *l = q + strlen(end_marker);
            if ((size_t)(end - l) >= label_len + 5 && memcmp(l, label, label_len) == 0 &&
                memcmp(l + label_len, "-----", 5) == 0) {
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
        if (is_cert_label(label, label_len)) {
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
    uint8_t *der = b64_decode(body, body_end, der_len, &bad);
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
