/* Helpers for the issuer-dependent rules; see chain_common.h. */
#include <stdio.h>

#include "lint/issuer_checks.h"
#include "util/utf8.h"
#include "x509/signature_verify.h"

/* ---- key identifiers ------------------------------------------------ */

bool cs_issuer_key_ids_known(const cs_cert *c)
{
    return c->issuer_cert && c->aki.has_key_id && c->issuer_cert->ski.present &&
           c->issuer_cert->ski.key_id.len > 0;
}

/* Up to 20 octets in hex, then "..". */
static const char *hex(cs_span s, char out[44])
{
    static const char digits[] = "0123456789abcdef";
    size_t n = s.len > 20 ? 19 : s.len, k = 0;
    for (size_t i = 0; i < n; i++) {
        out[k++] = digits[s.p[i] >> 4];
        out[k++] = digits[s.p[i] & 15];
    }
    if (s.len > n) {
        out[k++] = '.';
        out[k++] = '.';
    }
    out[k] = '\0';
    return out;
}

cs_result cs_issuer_check_key_ids(const cs_cert *c, cs_detail *d)
{
    cs_span aki = c->aki.key_id, ski = c->issuer_cert->ski.key_id;
    if (cs_span_eq(aki, ski))
        return CS_PASS;
    char a[44], s[44];
    return cs_fail(d, "authorityKeyIdentifier %s is not the issuing CA's subjectKeyIdentifier %s", hex(aki, a),
                   hex(ski, s));
}

/* ---- names ---------------------------------------------------------- */

/* Universal string types whose values are text (T61 read as Latin-1, as
 * OpenSSL does). */
static bool text_value(const cs_attr *a)
{
    if (a->tag_class != CS_DER_CLASS_UNIVERSAL)
        return false;
    switch (a->tag) {
    case CS_TAG_UTF8_STRING: case CS_TAG_NUMERIC_STRING: case CS_TAG_PRINTABLE_STRING: case CS_TAG_T61_STRING:
    case CS_TAG_IA5_STRING: case CS_TAG_VISIBLE_STRING: case CS_TAG_UNIVERSAL_STRING: case CS_TAG_BMP_STRING:
        return true;
    default:
        return false;
    }
}

/* A value read as prepared code points (RFC 4518 2.2-2.4, 2.6.1). */
typedef struct prep {
    cs_span v;
    uint8_t tag;
    size_t i;
    bool started;        /* a non-space has been returned */
    bool has_pending;    /* the character after a collapsed run of spaces */
    uint32_t pending;
} prep;

/* The next code point as encoded: 1, 0 at the end, -1 when undecodable. */
static int decode(prep *s, uint32_t *cp)
{
    const uint8_t *p = s->v.p + s->i;
    size_t left = s->v.len - s->i;
    if (!left)
        return 0;
    if (s->tag == CS_TAG_BMP_STRING || s->tag == CS_TAG_UNIVERSAL_STRING) {
        s->i += cs_der_wide_char(s->tag, p, left, cp);
        return *cp == CS_UTF8_INVALID ? -1 : 1;
    }
    if (s->tag != CS_TAG_UTF8_STRING || p[0] < 0x80) {
        *cp = p[0];
        s->i++;
        return 1;
    }
    s->i += cs_utf8_decode(p, left, cp);
    return *cp == CS_UTF8_INVALID ? -1 : 1;
}

/* RFC 4518 2.2 (map) and 2.3 (case fold), approximated: returns the
 * mapped code point, ' ' for spaces, or 0 when mapped to nothing. */
static uint32_t map(uint32_t c)
{
    if ((c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
        c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000)
        return ' ';
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xad || c == 0x034f || c == 0x1806 ||
        (c >= 0x180b && c <= 0x180e) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f) ||
        c == 0xfeff || c == 0xfffc)
        return 0;
    if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7) || (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) ||
        (c >= 0x410 && c <= 0x42f))
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40f)
        return c + 0x50;
    return c;
}

/* The next prepared code point: leading and trailing spaces dropped, a
 * run of inner spaces returned as one.  1, 0 at the end, -1 undecodable. */
static int next(prep *s, uint32_t *cp)
{
    if (s->has_pending) {
        s->has_pending = false;
        *cp = s->pending;
        return 1;
    }
    bool space = false;
    uint32_t c = 0;
    int r;
    while ((r = decode(s, &c)) == 1) {
        c = map(c);
        if (c == ' ')
            space = true;
        else if (c)
            break;
    }
    if (r != 1)
        return r;
    if (space && s->started) {
        s->pending = c;
        s->has_pending = true;
        *cp = ' ';
        return 1;
    }
    s->started = true;
    *cp = c;
    return 1;
}

/* RFC 5280 7.1 equality of two attribute values of the same type. */
static bool values_match(const cs_attr *a, const cs_attr *b)
{
    if (!text_value(a) || !text_value(b))
        return a->tag == b->tag && a->tag_class == b->tag_class && cs_span_eq(a->value, b->value);
    prep x = { .v = a->value, .tag = a->tag }, y = { .v = b->value, .tag = b->tag };
    for (;;) {
        uint32_t cx = 0, cy = 0;
        int rx = next(&x, &cx), ry = next(&y, &cy);
        if (rx < 0 || ry < 0) /* not decodable text: only identical bytes match */
            return a->tag == b->tag && cs_span_eq(a->value, b->value);
        if (rx != ry || cx != cy)
            return false;
        if (rx == 0)
            return true;
    }
}

static bool attrs_match(const cs_attr *a, const cs_attr *b)
{
    return cs_span_eq(a->oid, b->oid) && values_match(a, b);
}

/* Same RDN sequence, each RDN the same set of attributes.  Names with more
 * attributes than the view holds can only be compared byte for byte. */
static bool names_match(const cs_name *a, const cs_name *b)
{
    if (a->n_attrs >= CS_MAX_NAME_ATTRS || b->n_attrs >= CS_MAX_NAME_ATTRS)
        return cs_span_eq(a->der, b->der);
    if (a->n_rdns != b->n_rdns || a->n_attrs != b->n_attrs)
        return false;
    for (size_t i = 0; i < a->n_attrs;) {
        size_t k = a->attrs[i].rdn_size ? a->attrs[i].rdn_size : 1;
        if (b->attrs[i].rdn_size != a->attrs[i].rdn_size || i + k > a->n_attrs)
            return false;
        uint64_t used = 0; /* attributes of b's RDN already paired (k <= 64 as n_attrs is) */
        for (size_t x = i; x < i + k; x++) {
            bool found = false;
            for (size_t y = i; y < i + k && !found; y++)
                if (!(used >> (y - i) & 1) && attrs_match(&a->attrs[x], &b->attrs[y])) {
                    used |= UINT64_C(1) << (y - i);
                    found = true;
                }
            if (!found)
                return false;
        }
        i += k;
    }
    return true;
}

static const char *attr_name(const cs_attr *a)
{
    const char *n = cs_oid_short_name(a->type);
    return *n ? n : "an unknown attribute";
}

static const char *tag_name(uint8_t tag)
{
    switch (tag) {
    case CS_TAG_UTF8_STRING: return "UTF8String";
    case CS_TAG_NUMERIC_STRING: return "NumericString";
    case CS_TAG_PRINTABLE_STRING: return "PrintableString";
    case CS_TAG_T61_STRING: return "TeletexString";
    case CS_TAG_IA5_STRING: return "IA5String";
    case CS_TAG_VISIBLE_STRING: return "VisibleString";
    case CS_TAG_UNIVERSAL_STRING: return "UniversalString";
    case CS_TAG_BMP_STRING: return "BMPString";
    default: return "non-string value";
    }
}

/* Quotable as bytes: an 8-bit string type (BMP and Universal hold NULs). */
static bool quotable(const cs_attr *a)
{
    return text_value(a) && a->tag != CS_TAG_BMP_STRING && a->tag != CS_TAG_UNIVERSAL_STRING;
}

/* Fails naming the first attribute where the issuer field and the
 * issuing CA's subject differ, comparing values byte for byte or by
 * RFC 5280 7.1. */
static cs_result name_differs(cs_detail *d, const char *what, const cs_name *iss, const cs_name *sub,
                              bool by_bytes)
{
    uint16_t n = iss->n_attrs < sub->n_attrs ? iss->n_attrs : sub->n_attrs;
    for (uint16_t i = 0; i < n; i++) {
        const cs_attr *x = &iss->attrs[i], *y = &sub->attrs[i];
        if (!cs_span_eq(x->oid, y->oid))
            return cs_fail(d, "%s: attribute %u is %s in the issuer field, %s in the CA's subject", what, i + 1u,
                           attr_name(x), attr_name(y));
        if (by_bytes && (x->tag != y->tag || x->tag_class != y->tag_class))
            return cs_fail(d, "%s: %s is a %s in the issuer field, a %s in the CA's subject", what, attr_name(x),
                           tag_name(x->tag), tag_name(y->tag));
        if (by_bytes ? !cs_span_eq(x->value, y->value) : !values_match(x, y)) {
            if (!quotable(x) || !quotable(y))
                return cs_fail(d, "%s: %s values differ", what, attr_name(x));
            return cs_fail(d, "%s: %s \"%.*s\" in the issuer field, \"%.*s\" in the CA's subject", what,
                           attr_name(x), (int)(x->value.len > 32 ? 32 : x->value.len), (const char *)x->value.p,
                           (int)(y->value.len > 32 ? 32 : y->value.len), (const char *)y->value.p);
        }
        if (x->rdn_size != y->rdn_size)
            return cs_fail(d, "%s: the attributes are grouped into RDNs differently", what);
    }
    if (iss->n_attrs != sub->n_attrs)
        return cs_fail(d, "%s: %u attributes in the issuer field, %u in the CA's subject", what, iss->n_attrs,
                       sub->n_attrs);
    return cs_fail(d, "%s: same attributes, encoded differently", what);
}

cs_result cs_issuer_check_name_bytes(const cs_cert *c, cs_detail *d)
{
    const cs_name *sub = &c->issuer_cert->subject;
    if (cs_span_eq(c->issuer.der, sub->der))
        return CS_PASS;
    return name_differs(d, "issuer DN is not byte-identical to the issuing CA's subject DN", &c->issuer, sub, true);
}

cs_result cs_issuer_check_name_match(const cs_cert *c, cs_detail *d)
{
    const cs_name *sub = &c->issuer_cert->subject;
    if (cs_span_eq(c->issuer.der, sub->der) || names_match(&c->issuer, sub))
        return CS_PASS;
    return name_differs(d, "issuer does not match the issuing CA's subject", &c->issuer, sub, false);
}

/* ---- signature algorithm and issuer key ----------------------------- */

static bool rsa_signature(cs_oid_id id)
{
    switch (id) {
    case CS_OID_SIG_MD2_RSA: case CS_OID_SIG_MD5_RSA: case CS_OID_SIG_SHA1_RSA: case CS_OID_SIG_SHA224_RSA:
    case CS_OID_SIG_SHA256_RSA: case CS_OID_SIG_SHA384_RSA: case CS_OID_SIG_SHA512_RSA: case CS_OID_KEY_RSASSA_PSS:
        return true;
    default:
        return false;
    }
}

/* The one signature algorithm a key makes (CS_OID_UNKNOWN for RSA, which
 * makes a family), and the key's name; false when the key is not judged. */
static bool required_sig(const cs_spki *k, bool rsa_ec_only, cs_oid_id *want, const char **key)
{
    *want = CS_OID_UNKNOWN;
    switch (k->type) {
    case CS_KEY_RSA:
        *key = "RSA";
        return true;
    case CS_KEY_RSA_PSS:
        *key = "RSASSA-PSS";
        *want = CS_OID_KEY_RSASSA_PSS;
        return !rsa_ec_only;
    case CS_KEY_EC:
        *key = cs_oid_short_name(k->curve);
        *want = k->curve == CS_OID_CURVE_P256   ? CS_OID_SIG_ECDSA_SHA256
                : k->curve == CS_OID_CURVE_P384 ? CS_OID_SIG_ECDSA_SHA384
                : k->curve == CS_OID_CURVE_P521 ? CS_OID_SIG_ECDSA_SHA512
                                                : CS_OID_UNKNOWN;
        return *want != CS_OID_UNKNOWN;
    case CS_KEY_ED25519:
    case CS_KEY_ED448:
        *want = k->type == CS_KEY_ED25519 ? CS_OID_KEY_ED25519 : CS_OID_KEY_ED448;
        *key = cs_oid_short_name(*want);
        return !rsa_ec_only;
    case CS_KEY_ML_DSA:
        *want = k->key_param_set == 44   ? CS_OID_KEY_ML_DSA_44
                : k->key_param_set == 65 ? CS_OID_KEY_ML_DSA_65
                : k->key_param_set == 87 ? CS_OID_KEY_ML_DSA_87
                                         : CS_OID_UNKNOWN;
        *key = cs_oid_short_name(*want);
        return !rsa_ec_only && *want != CS_OID_UNKNOWN;
    default:
        return false;
    }
}

cs_result cs_issuer_check_sigalg_key(const cs_cert *c, cs_detail *d, bool rsa_ec_only)
{
    cs_oid_id want, sig = c->tbs_sig_alg.id;
    const char *key;
    if (!required_sig(&c->issuer_cert->spki, rsa_ec_only, &want, &key))
        return CS_NA;
    const char *name = cs_oid_short_name(sig);
    if (!*name)
        name = "an unknown algorithm";
    if (want == CS_OID_UNKNOWN) { /* RSA */
        if (rsa_signature(sig))
            return CS_PASS;
        if (sig == CS_OID_UNKNOWN)
            return CS_NA;
        return cs_fail(d, "signature algorithm %s cannot be made with the issuing CA's RSA key", name);
    }
    if (sig == want)
        return CS_PASS;
    return cs_fail(d, "signature algorithm %s does not fit the issuing CA's %s key, which requires %s", name, key,
                   cs_oid_short_name(want));
}

/* ---- the signature -------------------------------------------------- */

bool cs_issuer_signature_checked(const cs_cert *c) { return c->verify_signature && c->issuer_cert && !c->tbs_only; }

cs_result cs_issuer_check_signature(const cs_cert *c, cs_detail *d)
{
    switch (cs_signature_verify(c, &c->issuer_cert->spki)) {
    case CS_SIG_VALID:
        return CS_PASS;
    case CS_SIG_INVALID: {
        const char *alg = cs_oid_short_name(c->sig_alg.id);
        return cs_fail(d, "the %s%ssignature does not verify under the issuing CA's public key", alg, *alg ? " " : "");
    }
    default:
        return CS_NA;
    }
}
