/* cs_cert_parse() / cs_tbs_parse(): Certificate and TBSCertificate
 * structure, version, serial, validity; resets the reusable view without
 * touching its large arrays (only counts and flags need clearing). */
#include <stddef.h>
#include <stdio.h>

#include "x509/digest.h"
#include "x509/parse_internal.h"

bool cs_x509_shortcuts = true;

/* Clears a struct member up to (not including) one of its array fields. */
#define CLEAR_HEAD(member, first_array)                                              \
    memset(&c->member, 0, offsetof(cs_cert, member.first_array) - offsetof(cs_cert, member))

static void reset(cs_cert *c)
{
    /* Everything before the extension array is small: clear it whole,
     * except the two names whose attribute arrays are large. */
    memset(c, 0, offsetof(cs_cert, issuer));
    memset(&c->issuer, 0, offsetof(cs_name, attrs));
    memset(&c->subject, 0, offsetof(cs_name, attrs));
    memset(&c->not_before, 0,
           offsetof(cs_cert, exts) - offsetof(cs_cert, not_before));
    memset(&c->bc, 0, sizeof c->bc);
    memset(&c->ku, 0, sizeof c->ku);
    CLEAR_HEAD(eku, oids);
    memset(&c->san, 0, sizeof c->san);
    memset(&c->ian, 0, sizeof c->ian);
    CLEAR_HEAD(policies, items);
    c->policies.n_qualifiers = 0;
    memset(&c->aki, 0, sizeof c->aki);
    memset(&c->ski, 0, sizeof c->ski);
    CLEAR_HEAD(aia, items);
    CLEAR_HEAD(crldp, items);
    CLEAR_HEAD(name_constraints, permitted);
    c->name_constraints.n_excluded = 0;
    memset(&c->ct_poison, 0, sizeof c->ct_poison);
    memset(&c->sct_list, 0, sizeof c->sct_list);
    CLEAR_HEAD(qc_statements, items);
    memset(&c->sda, 0, sizeof c->sda);
    memset(&c->is_ca, 0, offsetof(cs_cert, gn_pool) - offsetof(cs_cert, is_ca));
}

static bool parse_time(cs_px *px, cs_der_reader *r, cs_time *t, const char *which)
{
    cs_der_tlv x;
    cs_der_status st = cs_der_next(r, &x);
    if (st == CS_DER_END)
        return cs_px_fail_in(px, which, "element missing", r->p);
    if (st != CS_DER_OK)
        return cs_px_reader_fail(px, r, which);
    t->raw = x.value;
    t->tag = (uint8_t)(x.tag > 0xFF ? 0xFF : x.tag);
    if (x.cls != CS_DER_CLASS_UNIVERSAL ||
        (x.tag != CS_TAG_UTC_TIME && x.tag != CS_TAG_GENERALIZED_TIME)) {
        cs_fault_at(r, CS_FAULT_UNEXPECTED_TAG, x.whole.p);
        return true;
    }
    t->valid = cs_der_time(r, &x, &t->t);
    if (!t->valid)
        cs_fault_at(r, CS_FAULT_BAD_TIME, x.whole.p);
    return true;
}

static bool parse_serial(cs_px *px, cs_der_reader *r)
{
    cs_cert *c = px->c;
    cs_der_tlv x;
    px->field = "tbsCertificate.serialNumber";
    if (cs_der_expect(r, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER, &x) != CS_DER_OK)
        return cs_px_reader_fail(px, r, NULL);
    c->serial = x.value;
    if (!cs_der_int_check(r, &x))
        return true; /* EMPTY_INTEGER recorded; nothing to decode */
    c->serial_negative = (x.value.p[0] & 0x80) != 0;
    size_t i = 0;
    while (i < x.value.len && x.value.p[i] == 0)
        i++;
    c->serial_zero = i == x.value.len;
    size_t mag = x.value.len - (x.value.p[0] == 0 ? 1 : 0);
    c->serial_magnitude_len = (uint16_t)(mag > UINT16_MAX ? UINT16_MAX : mag);
    return true;
}

static bool parse_version(cs_px *px, cs_der_reader *r)
{
    cs_cert *c = px->c;
    cs_der_tlv x, v;
    c->version = 1;
    if (!cs_der_peek(r, CS_DER_CLASS_CONTEXT, 0))
        return true;
    px->field = "tbsCertificate.version";
    if (cs_der_next(r, &x) != CS_DER_OK)
        return cs_px_reader_fail(px, r, NULL);
    if (!x.constructed)
        return cs_px_fail(px, "version is not an EXPLICIT [0]", x.whole.p);
    cs_der_reader in;
    cs_der_reader_enter(&in, r, &x);
    int64_t n;
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER, &v) != CS_DER_OK)
        return cs_px_reader_fail(px, &in, NULL);
    if (!cs_der_small_int(&in, &v, &n) || n > 2)
        return cs_px_fail(px, "unknown certificate version", v.whole.p);
    if (!cs_der_at_end(&in))
        cs_fault_at(&in, CS_FAULT_TRAILING_DATA, in.p);
    c->version_encoded = true;
    c->version = (int)n + 1;
    if (n == 0)
        cs_fault_at(r, CS_FAULT_DEFAULT_ENCODED, x.whole.p);
    return true;
}

/* TBSCertificate, read from r (one element). */
static bool parse_tbs(cs_px *px, cs_der_reader *r)
{
    cs_cert *c = px->c;
    cs_der_tlv tbs, x;
    px->field = "tbsCertificate";
    if (cs_der_expect(r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &tbs) != CS_DER_OK)
        return cs_px_reader_fail(px, r, NULL);
    c->tbs = tbs.whole;
    cs_der_reader in;
    cs_der_reader_enter(&in, r, &tbs);
    if (!parse_version(px, &in) || !parse_serial(px, &in))
        return false;
    px->field = "tbsCertificate.signature";
    if (!cs_x509_parse_algid(px, &in, &c->tbs_sig_alg))
        return false;
    px->field = "tbsCertificate.issuer";
    if (!cs_x509_parse_name(px, &in, &c->issuer))
        return false;
    px->field = "tbsCertificate.validity";
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &x) != CS_DER_OK)
        return cs_px_reader_fail(px, &in, NULL);
    cs_der_reader val;
    cs_der_reader_enter(&val, &in, &x);
    if (!parse_time(px, &val, &c->not_before, "notBefore") || !parse_time(px, &val, &c->not_after, "notAfter"))
        return false;
    if (!cs_der_at_end(&val))
        cs_fault_at(&val, CS_FAULT_TRAILING_DATA, val.p);
    px->field = "tbsCertificate.subject";
    if (!cs_x509_parse_name(px, &in, &c->subject))
        return false;
    px->field = "tbsCertificate.subjectPublicKeyInfo";
    if (!cs_x509_parse_spki(px, &in, &c->spki))
        return false;
    /* [1] issuerUniqueID, [2] subjectUniqueID (IMPLICIT BIT STRING), [3] extensions. */
    static const char *const optional[4] = { NULL, "tbsCertificate.issuerUniqueID",
                                             "tbsCertificate.subjectUniqueID", "tbsCertificate.extensions" };
    for (unsigned tag = 1; tag <= 3; tag++) {
        if (!cs_der_peek(&in, CS_DER_CLASS_CONTEXT, tag))
            continue;
        px->field = optional[tag];
        if (cs_der_next(&in, &x) != CS_DER_OK)
            return cs_px_reader_fail(px, &in, NULL);
        if (tag == 1)
            c->has_issuer_unique_id = true;
        else if (tag == 2)
            c->has_subject_unique_id = true;
        else {
            if (!x.constructed)
                return cs_px_fail(px, "extensions are not an EXPLICIT [3]", x.whole.p);
            c->has_extensions = true;
            cs_der_reader ex;
            cs_der_reader_enter(&ex, &in, &x);
            if (!cs_x509_parse_extensions(px, &ex))
                return false;
        }
    }
    if (!cs_der_at_end(&in)) {
        /* Unknown trailing fields: walkable, so a fault rather than a failure. */
        cs_fault_at(&in, CS_FAULT_TRAILING_DATA, in.p);
    }
    return true;
}

static void finish(cs_cert *c, unsigned flags)
{
    if (!(flags & CS_PARSE_NO_SHA256))
        cs_digest(CS_DIGEST_SHA256, c->der.p, c->der.len, c->sha256);
    cs_cert_classify(c);
}

/* "field (part): why" and, for a tag mismatch, the reason with the
 * expected and found tags in place of why. */
static bool set_error(cs_px *px, const uint8_t *base, cs_parse_error *err)
{
    if (!err)
        return false;
    err->offset = px->at ? (uint32_t)(px->at - base) : 0;
    char where[100] = "";
    if (px->fail_field && px->fail_part)
        snprintf(where, sizeof where, "%s (%s): ", px->fail_field, px->fail_part);
    else if (px->fail_field || px->fail_part)
        snprintf(where, sizeof where, "%s: ", px->fail_field ? px->fail_field : px->fail_part);
    const char *why = px->why ? px->why : "malformed";
    snprintf(err->kind, sizeof err->kind, "%s%s", where, why);
    if (px->expected_id || px->found_id) {
        char b1[32], b2[32];
        snprintf(err->reason, sizeof err->reason, "%sexpected %s (0x%02x), found %s (0x%02x)", where,
                 cs_der_id_name(px->expected_id, b1, sizeof b1), px->expected_id,
                 cs_der_id_name(px->found_id, b2, sizeof b2), px->found_id);
    } else {
        snprintf(err->reason, sizeof err->reason, "%s", err->kind);
    }
    return false;
}

bool cs_cert_parse_ex(cs_cert *c, const uint8_t *der, size_t len, unsigned flags,
                      cs_parse_error *err)
{
    cs_px px = { .c = c, .field = "Certificate" };
    reset(c);
    if (!der)
        len = 0;
    c->der = cs_span_make(der, len);
    if (len == 0 || len > UINT32_MAX)
        return cs_px_fail(&px, len ? "input too large" : "empty input", der), set_error(&px, der, err);
    cs_der_reader top, in;
    cs_der_tlv cert, x;
    cs_der_reader_init(&top, der, der, len, &c->faults);
    if (cs_der_expect(&top, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &cert) != CS_DER_OK) {
        cs_px_reader_fail(&px, &top, NULL);
        return set_error(&px, der, err);
    }
    if (!cs_der_at_end(&top))
        cs_fault_at(&top, CS_FAULT_TRAILING_DATA, top.p);
    /* The view's der is the certificate itself; the fingerprint covers it. */
    c->der = cert.whole;
    cs_der_reader_enter(&in, &top, &cert);
    if (!parse_tbs(&px, &in))
        return set_error(&px, der, err);
    px.field = "signatureAlgorithm";
    if (!cs_x509_parse_algid(&px, &in, &c->sig_alg))
        return set_error(&px, der, err);
    px.field = "signatureValue";
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_BIT_STRING, &x) != CS_DER_OK) {
        cs_px_reader_fail(&px, &in, NULL);
        return set_error(&px, der, err);
    }
    if (!cs_der_bit_string(&in, &x, &c->sig_unused_bits, &c->signature)) {
        cs_px_fail(&px, "invalid signature BIT STRING", x.whole.p);
        return set_error(&px, der, err);
    }
    if (!cs_der_at_end(&in))
        cs_fault_at(&in, CS_FAULT_TRAILING_DATA, in.p);
    finish(c, flags);
    return true;
}

bool cs_cert_parse(cs_cert *c, const uint8_t *der, size_t len, cs_parse_error *err)
{
    return cs_cert_parse_ex(c, der, len, 0, err);
}

bool cs_tbs_parse_ex(cs_cert *c, const uint8_t *der, size_t len, unsigned flags,
                     cs_parse_error *err)
{
    cs_px px = { .c = c, .field = "TBSCertificate" };
    reset(c);
    if (!der)
        len = 0;
    c->der = cs_span_make(der, len);
    c->tbs_only = true;
    if (len == 0 || len > UINT32_MAX)
        return cs_px_fail(&px, len ? "input too large" : "empty input", der), set_error(&px, der, err);
    cs_der_reader top;
    cs_der_reader_init(&top, der, der, len, &c->faults);
    top.depth = 1; /* the TBS sits where it would inside a Certificate */
    if (!parse_tbs(&px, &top))
        return set_error(&px, der, err);
    if (!cs_der_at_end(&top))
        cs_fault_at(&top, CS_FAULT_TRAILING_DATA, top.p);
    c->der = c->tbs;
    finish(c, flags);
    return true;
}

bool cs_tbs_parse(cs_cert *c, const uint8_t *der, size_t len, cs_parse_error *err)
{
    return cs_tbs_parse_ex(c, der, len, 0, err);
}

const cs_ext *cs_cert_find_ext(const cs_cert *c, cs_oid_id id)
{
    for (unsigned i = 0; i < c->n_exts; i++)
        if (c->exts[i].id == id)
            return &c->exts[i];
    return NULL;
}

bool cs_cert_has_eku(const cs_cert *c, cs_oid_id id)
{
    for (unsigned i = 0; i < c->eku.n; i++)
        if (c->eku.ids[i] == id)
            return true;
    return false;
}

bool cs_cert_has_policy(const cs_cert *c, cs_oid_id id)
{
    for (unsigned i = 0; i < c->policies.n; i++)
        if (c->policies.items[i].id == id)
            return true;
    return false;
}
