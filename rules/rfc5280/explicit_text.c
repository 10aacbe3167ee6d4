/* RFC 5280 4.2.1.4 and its update by RFC 6818 3: the SHOULDs on
 * userNotice explicitText (the MUST NOTs on encodings and the size are
 * rfc5280_cp_explicit_text_encoding's). */
#include "rfc5280_common.h"

static bool has_cp(const cs_cert *c) { return c->policies.present; }

/* The first explicitText of the certificate that `bad` accepts. */
static const cs_policy_qualifier *find_text(const cs_cert *c, bool (*bad)(const cs_policy_qualifier *q))
{
    for (uint16_t i = 0; i < c->policies.n_qualifiers && i < CS_MAX_QUALIFIERS; i++) {
        const cs_policy_qualifier *q = &c->policies.qualifiers[i];
        if (q->kind == CS_QUALIFIER_UNOTICE && q->has_explicit_text && bad(q))
            return q;
    }
    return NULL;
}

/* RFC 6818 made VisibleString and BMPString "acceptable but less
 * preferred" (before it they were a MUST NOT, and IA5String is one after
 * it: both rfc5280_cp_explicit_text_encoding's). */
static bool not_utf8(const cs_policy_qualifier *q)
{
    return q->explicit_text_tag == CS_TAG_VISIBLE_STRING || q->explicit_text_tag == CS_TAG_BMP_STRING;
}

static cs_result check_not_utf8(const cs_cert *c, cs_detail *d)
{
    const cs_policy_qualifier *q = find_text(c, not_utf8);
    if (q)
        return cs_fail(d, "explicitText is a %s, not a UTF8String",
                       q->explicit_text_tag == CS_TAG_BMP_STRING ? "BMPString" : "VisibleString");
    return CS_PASS;
}
CS_RULE(rfc5280_cp_explicit_text_not_utf8) = {
    .id = "rfc5280_cp_explicit_text_not_utf8", .severity = CS_SEV_WARNING, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.4; RFC 6818 3", .effective = "2013-01-01",
    .description = "userNotice explicitText is a VisibleString or BMPString (conforming CAs SHOULD use UTF8String)",
    .applies_to = "certificates with certificatePolicies issued since RFC 6818",
    .zlint = "w_ext_cert_policy_explicit_text_not_utf8", .pkilint = NULL,
    .applies = has_cp, .check = check_not_utf8,
};

/* RFC 5280 4.2.1.4, kept by RFC 6818 3: "SHOULD NOT include any control
 * characters (e.g., U+0000 to U+001F and U+007F to U+009F)". */
static bool control_code_point(uint32_t cp) { return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F); }

static bool has_control(const cs_policy_qualifier *q)
{
    const uint8_t *p = q->explicit_text.p;
    size_t n = q->explicit_text.len;
    if (q->explicit_text_tag == CS_TAG_BMP_STRING) {
        for (size_t i = 0; i + 1 < n; i += 2)
            if (control_code_point((uint32_t)p[i] << 8 | p[i + 1]))
                return true;
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x80 && control_code_point(p[i])) /* octets above 0x7F are UTF-8 sequences */
            return true;
        /* UTF-8 C1 controls: C2 80 .. C2 9F */
        if (q->explicit_text_tag == CS_TAG_UTF8_STRING && p[i] == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 &&
            p[i + 1] <= 0x9F)
            return true;
    }
    return false;
}

static cs_result check_control(const cs_cert *c, cs_detail *d)
{
    return find_text(c, has_control) ? cs_fail(d, "explicitText contains a control character") : CS_PASS;
}
CS_RULE(rfc5280_cp_explicit_text_control) = {
    .id = "rfc5280_cp_explicit_text_control", .severity = CS_SEV_WARNING, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.4; RFC 6818 3", .effective = "2008-05-01",
    .description = "userNotice explicitText contains a control character (U+0000-U+001F, U+007F-U+009F; SHOULD NOT)",
    .applies_to = "certificates with certificatePolicies issued since RFC 5280",
    .zlint = "w_ext_cert_policy_explicit_text_includes_control", .pkilint = "pkix.certificate_policies_explicit_text_has_control_character",
    .applies = has_cp, .check = check_control,
};
