/* The strict DER TLV reader (der.h): headers, lengths, BER indefinite
 * lengths (walked with a depth bound), and the small content decoders. */
#include "der/der.h"

#include <stdio.h>

static void fault(cs_der_reader *r, cs_fault_kind k, const uint8_t *at)
{
    cs_faults_add(r->faults, k, cs_der_offset(r, at));
}

static cs_der_status fail(cs_der_reader *r, const char *why, const uint8_t *at)
{
    r->error = why;
    r->error_at = at;
    r->expected_id = r->found_id = 0;
    return CS_DER_ERROR;
}

void cs_der_reader_init(cs_der_reader *r, const uint8_t *base, const uint8_t *p,
                        size_t len, cs_faults *faults)
{
    r->base = base;
    r->p = p;
    r->end = p + len;
    r->faults = faults;
    r->depth = 0;
    r->error = NULL;
    r->error_at = NULL;
    r->expected_id = r->found_id = 0;
}

/* A decoded identifier + length, before any fault is recorded. */
typedef struct header {
    uint8_t cls;
    bool constructed;
    uint32_t tag;
    bool high_tag_needless; /* high-tag form for a number < 31, or a 0x80 pad octet */
    bool indefinite;
    bool nonminimal_len;
    size_t len;             /* definite length */
    const uint8_t *content; /* first content octet */
} header;

static const char *read_header(const uint8_t *p, const uint8_t *end, header *h)
{
    if (p >= end)
        return "truncated element header";
    uint8_t b = *p++;
    h->cls = b & 0xC0;
    h->constructed = (b & 0x20) != 0;
    h->tag = b & 0x1F;
    h->high_tag_needless = false;
    if (h->tag == 0x1F) {
        uint32_t t = 0;
        unsigned n = 0;
        for (;;) {
            if (p >= end)
                return "truncated tag number";
            uint8_t c = *p++;
            if (n == 0 && c == 0x80)
                h->high_tag_needless = true;
            if (++n > 4)
                return "tag number too large";
            t = (t << 7) | (c & 0x7F);
            if (!(c & 0x80))
                break;
        }
        if (t < 31)
            h->high_tag_needless = true;
        h->tag = t;
    }
    if (p >= end)
        return "truncated length";
    uint8_t l = *p++;
    h->indefinite = false;
    h->nonminimal_len = false;
    if (l < 0x80) {
        h->len = l;
    } else if (l == 0x80) {
        if (!h->constructed)
            return "indefinite length on a primitive element";
        h->indefinite = true;
        h->len = 0;
    } else if (l == 0xFF) {
        return "reserved length octet 0xFF";
    } else {
        unsigned n = l & 0x7F;
        if ((size_t)(end - p) < n)
            return "truncated length";
        size_t v = 0;
        unsigned sig = 0; /* significant octets */
        for (unsigned i = 0; i < n; i++) {
            if (sig == 0 && p[i] == 0) {
                h->nonminimal_len = true;
                continue;
            }
            if (++sig > 4)
                return "length too large";
            v = (v << 8) | p[i];
        }
        if (v < 0x80)
            h->nonminimal_len = true;
        p += n;
        h->len = v;
    }
    h->content = p;
    if (!h->indefinite && h->len > (size_t)(end - p))
        return "length past the end of the enclosing element";
    return NULL;
}

/* Finds the end-of-contents of an indefinite-length element whose content
 * starts at p.  Nested indefinite elements are followed up to the depth
 * bound; every step moves forward, so the walk terminates. */
static const char *find_eoc(const uint8_t *p, const uint8_t *end, unsigned depth,
                            const uint8_t **eoc, const uint8_t **err_at)
{
    if (depth > CS_DER_MAX_DEPTH) {
        *err_at = p;
        return "nesting too deep";
    }
    for (;;) {
        if ((size_t)(end - p) >= 2 && p[0] == 0 && p[1] == 0) {
            *eoc = p;
            return NULL;
        }
        header h;
        const char *e = read_header(p, end, &h);
        if (e) {
            *err_at = p;
            return p >= end ? "missing end-of-contents" : e;
        }
        if (h.indefinite) {
            const uint8_t *inner;
            e = find_eoc(h.content, end, depth + 1, &inner, err_at);
            if (e)
                return e;
            p = inner + 2;
        } else {
            p = h.content + h.len;
        }
    }
}

/* The general decoder: every identifier and length form, faults, errors. */
cs_der_status cs_der_next_general(cs_der_reader *r, cs_der_tlv *out)
{
    if (r->error)
        return CS_DER_ERROR;
    if (r->p >= r->end)
        return CS_DER_END;
    const uint8_t *start = r->p;
    header h;
    const char *e = read_header(start, r->end, &h);
    if (e)
        return fail(r, e, start);
    const uint8_t *after;
    if (h.indefinite) {
        const uint8_t *eoc, *at = start;
        e = find_eoc(h.content, r->end, r->depth + 1, &eoc, &at);
        if (e)
            return fail(r, e, at);
        fault(r, CS_FAULT_INDEFINITE_LENGTH, start);
        out->value = cs_span_make(h.content, (size_t)(eoc - h.content));
        after = eoc + 2;
    } else {
        out->value = cs_span_make(h.content, h.len);
        after = h.content + h.len;
    }
    if (h.nonminimal_len)
        fault(r, CS_FAULT_NONMINIMAL_LENGTH, start);
    if (h.high_tag_needless)
        fault(r, CS_FAULT_HIGH_TAG_FORM, start);
    cs_der_tlv_id_store(out, h.cls, h.constructed, h.tag);
    out->whole = cs_span_make(start, (size_t)(after - start));
    r->p = after;
    return CS_DER_OK;
}

static bool universal_constructed(uint32_t tag)
{
    return tag == CS_TAG_SEQUENCE || tag == CS_TAG_SET;
}

cs_der_status cs_der_expect_rest(cs_der_reader *r, uint8_t cls, uint32_t tag, cs_der_tlv *out,
                                 const uint8_t *save, cs_der_status st)
{
    if (st == CS_DER_END)
        return fail(r, "element missing", r->p);
    if (st != CS_DER_OK)
        return st;
    if (out->cls != cls || out->tag != tag) {
        r->p = save;
        fail(r, "unexpected tag", save);
        r->found_id = *save;
        r->expected_id = (uint8_t)(cls | (tag < 31 ? tag : 31) |
                                   (cls == CS_DER_CLASS_UNIVERSAL && universal_constructed(tag) ? 0x20 : 0));
        return CS_DER_ERROR;
    }
    if (cls == CS_DER_CLASS_UNIVERSAL) {
        if (universal_constructed(tag) && !out->constructed) {
            r->p = save;
            return fail(r, "primitive encoding of a SEQUENCE or SET", save);
        }
        if (!universal_constructed(tag) && out->constructed)
            fault(r, CS_FAULT_CONSTRUCTED_STRING, save);
    }
    return CS_DER_OK;
}

const char *cs_der_id_name(uint8_t id, char *buf, size_t size)
{
    static const char *const universal[31] = {
        [0] = "end-of-contents", [CS_TAG_BOOLEAN] = "BOOLEAN", [CS_TAG_INTEGER] = "INTEGER",
        [CS_TAG_BIT_STRING] = "BIT STRING", [CS_TAG_OCTET_STRING] = "OCTET STRING", [CS_TAG_NULL] = "NULL",
        [CS_TAG_OID] = "OBJECT IDENTIFIER", [CS_TAG_ENUMERATED] = "ENUMERATED", [CS_TAG_UTF8_STRING] = "UTF8String",
        [CS_TAG_SEQUENCE] = "SEQUENCE", [CS_TAG_SET] = "SET", [CS_TAG_NUMERIC_STRING] = "NumericString",
        [CS_TAG_PRINTABLE_STRING] = "PrintableString", [CS_TAG_T61_STRING] = "TeletexString",
        [CS_TAG_VIDEOTEX_STRING] = "VideotexString", [CS_TAG_IA5_STRING] = "IA5String",
        [CS_TAG_UTC_TIME] = "UTCTime", [CS_TAG_GENERALIZED_TIME] = "GeneralizedTime",
        [CS_TAG_GRAPHIC_STRING] = "GraphicString", [CS_TAG_VISIBLE_STRING] = "VisibleString",
        [CS_TAG_GENERAL_STRING] = "GeneralString", [CS_TAG_UNIVERSAL_STRING] = "UniversalString",
        [CS_TAG_BMP_STRING] = "BMPString",
    };
    static const char *const cls_name[4] = { "UNIVERSAL ", "APPLICATION ", "", "PRIVATE " };
    unsigned tag = id & 0x1f;
    if ((id & 0xc0) == CS_DER_CLASS_UNIVERSAL && tag < 31 && universal[tag])
        return universal[tag];
    if (tag == 31)
        snprintf(buf, size, "[%shigh tag]", cls_name[id >> 6]);
    else
        snprintf(buf, size, "[%s%u]", cls_name[id >> 6], tag);
    return buf;
}

bool cs_der_peek_general(const cs_der_reader *r, uint8_t cls, uint32_t tag)
{
    if (r->error || r->p >= r->end)
        return false;
    /* Another low tag number: no, whatever the length says. */
    uint8_t id = r->p[0];
    if ((id & 0x1F) != 0x1F && ((id & 0xC0) != cls || (id & 0x1F) != tag))
        return false;
    header h;
    if (read_header(r->p, r->end, &h))
        return false;
    return h.cls == cls && h.tag == tag;
}

bool cs_der_boolean(cs_der_reader *r, const cs_der_tlv *t, bool *out)
{
    if (t->value.len != 1 || t->constructed)
        return false;
    uint8_t v = t->value.p[0];
    if (v != 0x00 && v != 0xFF)
        fault(r, CS_FAULT_BAD_BOOLEAN, t->whole.p);
    *out = v != 0;
    return true;
}

bool cs_der_int_check(cs_der_reader *r, const cs_der_tlv *t)
{
    const cs_span v = t->value;
    if (t->constructed)
        return false;
    if (v.len == 0) {
        fault(r, CS_FAULT_EMPTY_INTEGER, t->whole.p);
        return false;
    }
    if (v.len >= 2 && ((v.p[0] == 0x00 && !(v.p[1] & 0x80)) ||
                       (v.p[0] == 0xFF && (v.p[1] & 0x80))))
        fault(r, CS_FAULT_NONMINIMAL_INTEGER, t->whole.p);
    return true;
}

bool cs_der_small_int(cs_der_reader *r, const cs_der_tlv *t, int64_t *out)
{
    if (!cs_der_int_check(r, t))
        return false;
    const cs_span v = t->value;
    if (v.p[0] & 0x80)
        return false; /* negative */
    uint64_t x = 0;
    unsigned sig = 0;
    for (size_t i = 0; i < v.len; i++) {
        if (sig == 0 && v.p[i] == 0)
            continue;
        if (++sig > 8)
            return false;
        x = (x << 8) | v.p[i];
    }
    if (x > (uint64_t)INT64_MAX)
        return false;
    *out = (int64_t)x;
    return true;
}

bool cs_der_bit_string(cs_der_reader *r, const cs_der_tlv *t, uint8_t *unused, cs_span *bits)
{
    const cs_span v = t->value;
    if (t->constructed || v.len == 0 || v.p[0] > 7)
        return false;
    *unused = v.p[0];
    *bits = cs_span_make(v.p + 1, v.len - 1);
    if (v.len == 1 && v.p[0] != 0)
        fault(r, CS_FAULT_BAD_BITSTRING, t->whole.p);
    else if (v.len > 1 && (v.p[v.len - 1] & ((1u << v.p[0]) - 1)))
        fault(r, CS_FAULT_BAD_BITSTRING, t->whole.p); /* unused bits must be zero */
    return true;
}

bool cs_der_oid_check(cs_der_reader *r, const cs_der_tlv *t)
{
    const cs_span v = t->value;
    if (t->constructed || v.len == 0 || (v.p[v.len - 1] & 0x80))
        return false;
    bool start = true;
    for (size_t i = 0; i < v.len; i++) {
        if (start && v.p[i] == 0x80) {
            fault(r, CS_FAULT_BAD_OID, t->whole.p);
            break;
        }
        start = !(v.p[i] & 0x80);
    }
    return true;
}

char *cs_oid_to_text(cs_span oid, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    size_t pos = 0;
    uint64_t acc = 0;
    bool first = true;
    bool ok = oid.len > 0 && !(oid.p[oid.len - 1] & 0x80);
    for (size_t i = 0; ok && i < oid.len; i++) {
        if (acc > (UINT64_MAX >> 7)) {
            ok = false;
            break;
        }
        acc = (acc << 7) | (oid.p[i] & 0x7F);
        if (oid.p[i] & 0x80)
            continue;
        int n;
        if (first) {
            unsigned arc0 = acc < 40 ? 0 : acc < 80 ? 1 : 2;
            n = snprintf(buf + pos, size - pos, "%u.%llu", arc0,
                         (unsigned long long)(acc - 40u * arc0));
            first = false;
        } else {
            n = snprintf(buf + pos, size - pos, ".%llu", (unsigned long long)acc);
        }
        if (n < 0 || (size_t)n >= size - pos) {
            ok = false;
            break;
        }
        pos += (size_t)n;
        acc = 0;
    }
    if (!ok)
        snprintf(buf, size, "?");
    return buf;
}
