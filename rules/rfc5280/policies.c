/* RFC 5280 4.2.1.4 (certificatePolicies) as updated by RFC 6818 3. */
#include "rfc5280_common.h"

static bool has_cp(const cs_cert *c) { return c->policies.present; }

static cs_result check_duplicate_oid(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->policies.n; i++)
        for (uint16_t k = i + 1; k < c->policies.n; k++)
            if (cs_span_eq(c->policies.items[i].oid, c->policies.items[k].oid)) {
                char oid[64];
                return cs_fail(d, "policy %s appears more than once",
                               cs_oid_to_text(c->policies.items[i].oid, oid, sizeof oid));
            }
    return CS_PASS;
}
CS_RULE(rfc5280_cp_duplicate_oid) = {
    .id = "rfc5280_cp_duplicate_oid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.4", .effective = NULL,
    .description = "A policy OID appears more than once in certificatePolicies",
    .zlint = "e_ext_cert_policy_duplicate", .pkilint = "pkix.duplicate_certificate_policy_oids",
    .applies_to = "certificates with certificatePolicies", .applies = has_cp, .check = check_duplicate_oid,
};

/* The encodings changed with RFC 6818 (January 2013).  RFC 5280 as
 * published: "SHOULD use the UTF8String encoding for explicitText, but MAY
 * use IA5String.  Conforming CAs MUST NOT encode explicitText as
 * VisibleString or BMPString."  RFC 6818: VisibleString and BMPString
 * are "acceptable but less preferred alternatives" (a SHOULD, see
 * rfc5280_cp_explicit_text_not_utf8) and IA5String is a MUST NOT.  Each
 * certificate is held to the text in force at its notBefore (an unknown
 * date to the current text).  DisplayText is SIZE (1..200) throughout. */
#define RFC5280_T INT64_C(1209600000) /* 2008-05-01 */
#define RFC6818_T INT64_C(1356998400) /* 2013-01-01 */
static cs_result check_explicit_text(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->policies.n_qualifiers && i < CS_MAX_QUALIFIERS; i++) {
        const cs_policy_qualifier *q = &c->policies.qualifiers[i];
        if (q->kind != CS_QUALIFIER_UNOTICE || !q->has_explicit_text)
            continue;
        uint8_t tag = q->explicit_text_tag;
        bool before_6818 = c->not_before.valid && c->not_before.t < RFC6818_T;
        if (tag == CS_TAG_IA5_STRING && !before_6818)
            return cs_fail(d, "explicitText is an IA5String");
        if ((tag == CS_TAG_VISIBLE_STRING || tag == CS_TAG_BMP_STRING) && before_6818 && c->not_before.t >= RFC5280_T)
            return cs_fail(d, "explicitText is a %s (RFC 5280 before RFC 6818: MUST NOT)",
                           tag == CS_TAG_BMP_STRING ? "BMPString" : "VisibleString");
        if (tag != CS_TAG_UTF8_STRING && tag != CS_TAG_VISIBLE_STRING && tag != CS_TAG_BMP_STRING &&
            tag != CS_TAG_IA5_STRING)
            return cs_fail(d, "explicitText has tag %u, not a DisplayText type", (unsigned)tag);
        size_t n = cs_der_string_chars(tag, q->explicit_text);
        if (n == 0 || n > 200)
            return cs_fail(d, "explicitText is %zu characters (1..200 allowed)", n);
    }
    return CS_PASS;
}
CS_RULE(rfc5280_cp_explicit_text_encoding) = {
    .id = "rfc5280_cp_explicit_text_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.4; RFC 6818 3", .effective = NULL,
    .description = "userNotice explicitText encoded as IA5String (from 2013, RFC 6818), as VisibleString or BMPString (2008-05 to 2012, RFC 5280 as published), as a non-DisplayText type, or outside 1..200 characters",
    .zlint = "e_ext_cert_policy_explicit_text_ia5_string,e_ext_cert_policy_explicit_text_too_long", .pkilint = "pkix.rfc5280_certificate_policies_invalid_explicit_text_encoding,pkix.rfc6818_certificate_policies_invalid_explicit_text_encoding",
    .applies_to = "certificates with certificatePolicies", .applies = has_cp, .check = check_explicit_text,
};
