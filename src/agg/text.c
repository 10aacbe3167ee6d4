/* Sanitizing certificate strings for display (see text.h). */
#include <stdio.h>
#include <string.h>

#include "agg/text.h"
#include "util/utf8.h"
#include "x509/oid.h"

#define REPLACEMENT CS_UTF8_REPLACEMENT

/* Code points that must never reach a report as such: controls (which
 * break lines and terminals), bidi formatting (which reorders what a reader
 * sees: "Trojan Source"), line/paragraph separators, and non-characters. */
static bool forbidden(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return true;
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029)
        return true;
    if (cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0xFFFE || cp == 0xFFFF)
        return true;
    return false;
}

/* One character of (supposedly) UTF-8; each byte of an ill-formed sequence
 * yields one U+FFFD (the stored text of earlier tallies and state files
 * was made so). */
static uint32_t next_utf8(const uint8_t *p, size_t len, size_t *used)
{
    uint32_t cp;
    *used = cs_utf8_decode(p, len, &cp);
    if (cp != CS_UTF8_INVALID)
        return cp;
    *used = 1;
    return REPLACEMENT;
}

/* Output buffer with truncation on a character boundary + ellipsis. */
typedef struct sink {
    char *out;
    size_t len, limit; /* limit: text bytes allowed, reserving room for the ellipsis */
    bool cut;
} sink;

static void sink_init(sink *s, char *out, size_t cap, size_t max)
{
    s->out = out;
    s->len = 0;
    size_t lim = cap - 1;
    if (max < lim)
        lim = max;
    s->limit = lim >= 3 ? lim - 3 : 0; /* room for U+2026 (3 bytes) */
    s->cut = false;
}

static void sink_put(sink *s, uint32_t cp)
{
    if (s->cut)
        return;
    if (forbidden(cp))
        cp = REPLACEMENT;
    size_t n = cs_utf8_encoded_len(cp);
    if (s->len + n > s->limit) {
        s->cut = true;
        return;
    }
    s->len += cs_utf8_encode(cp, s->out + s->len);
}

/* Ends the text.  `more` tells whether input remained when we stopped. */
static size_t sink_end(sink *s, bool more)
{
    if (s->cut || more)
        s->len += cs_utf8_encode(0x2026, s->out + s->len);
    s->out[s->len] = '\0';
    return s->len;
}

size_t cs_text_sanitize(const uint8_t *in, size_t len, char *out, size_t cap, size_t max)
{
    sink s;
    sink_init(&s, out, cap, max);
    size_t i = 0;
    while (i < len && !s.cut) {
        size_t used;
        uint32_t cp = next_utf8(in + i, len - i, &used);
        sink_put(&s, cp);
        i += used;
    }
    /* A cut sink already decided; otherwise nothing was left over. */
    return sink_end(&s, false);
}

static void put_value(sink *s, const cs_attr *a, bool rfc4514)
{
    const uint8_t *p = a->value.p;
    size_t len = a->value.len, i = 0;
    while (i < len && !s->cut) {
        uint32_t cp;
        if (a->tag == CS_TAG_BMP_STRING || a->tag == CS_TAG_UNIVERSAL_STRING) {
            i += cs_der_wide_char(a->tag, p + i, len - i, &cp);
            if (cp == CS_UTF8_INVALID)
                cp = REPLACEMENT;
        } else {
            size_t used;
            cp = next_utf8(p + i, len - i, &used);
            i += used;
        }
        /* RFC 4514 escapes the characters that would make the text ambiguous. */
        if (rfc4514 && cp < 0x80 && strchr(",+\"\\<>;", (int)cp) && cp != 0)
            sink_put(s, '\\');
        sink_put(s, cp);
    }
}

size_t cs_text_attr(const cs_attr *a, char *out, size_t cap)
{
    sink s;
    sink_init(&s, out, cap, CS_TEXT_MAX);
    put_value(&s, a, false);
    return sink_end(&s, false);
}

/* Dotted form of OID content octets (for attribute types we do not know). */
static void put_dotted(sink *s, cs_span oid)
{
    uint64_t v = 0;
    bool first = true;
    char buf[32];
    for (size_t i = 0; i < oid.len; i++) {
        if (v > (UINT64_MAX >> 7)) {
            sink_put(s, '?');
            return;
        }
        v = (v << 7) | (oid.p[i] & 0x7F);
        if (oid.p[i] & 0x80)
            continue;
        if (first) {
            unsigned arc0 = v < 40 ? 0 : v < 80 ? 1 : 2;
            snprintf(buf, sizeof buf, "%u.%llu", arc0, (unsigned long long)(v - arc0 * 40));
            first = false;
        } else {
            snprintf(buf, sizeof buf, ".%llu", (unsigned long long)v);
        }
        for (const char *c = buf; *c; c++)
            sink_put(s, (uint8_t)*c);
        v = 0;
    }
}

size_t cs_text_name(const cs_name *n, char *out, size_t cap)
{
    sink s;
    sink_init(&s, out, cap, CS_TEXT_MAX);
    size_t count = n->n_attrs < CS_MAX_NAME_ATTRS ? n->n_attrs : CS_MAX_NAME_ATTRS;
    /* Last RDN first, attributes of one RDN joined by '+'. */
    for (size_t k = count; k-- > 0 && !s.cut;) {
        const cs_attr *a = &n->attrs[k];
        if (k + 1 < count)
            sink_put(&s, n->attrs[k + 1].rdn == a->rdn ? '+' : ',');
        const char *sn = a->type != CS_OID_UNKNOWN ? cs_oid_short_name(a->type) : NULL;
        if (sn && *sn) {
            for (const char *c = sn; *c; c++)
                sink_put(&s, (uint8_t)*c);
        } else {
            put_dotted(&s, a->oid);
        }
        sink_put(&s, '=');
        put_value(&s, a, true);
    }
    return sink_end(&s, false);
}

size_t cs_text_hex(const uint8_t *in, size_t len, char *out, size_t cap)
{
    static const char hx[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < len && o + 2 < cap; i++) {
        out[o++] = hx[in[i] >> 4];
        out[o++] = hx[in[i] & 15];
    }
    out[o] = '\0';
    return o;
}

size_t cs_text_prefix_chars(const char *s, size_t max_chars)
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < max_chars) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    return i;
}
