/* RFC 5280 4.2: extension uniqueness, DER of extension values, empty
 * SEQUENCE OF values, and the criticality rules of 4.2.1.8, 4.2.2.1,
 * 4.2.2.2. */
#include "rfc5280_common.h"

static bool has_exts(const cs_cert *c) { return c->n_exts > 0; }

static cs_result check_duplicate(const cs_cert *c, cs_detail *d)
{
    /* The same OID has the same table id: a different id rules a pair out
     * without comparing the bytes (most extension OIDs are 55 1d xx). */
    for (uint16_t i = 0; i < c->n_exts; i++)
        for (uint16_t k = i + 1; k < c->n_exts; k++)
            if (c->exts[i].id == c->exts[k].id && cs_span_eq(c->exts[i].oid, c->exts[k].oid)) {
                char oid[64];
                return cs_fail(d, "extension %s appears more than once", cs_oid_to_text(c->exts[i].oid, oid, sizeof oid));
            }
    /* Beyond the view's capacity the parser still detects duplicates. */
    return rfc5280_report_owned(c, d, "rfc5280_duplicate_extension", NULL, 0);
}
CS_RULE(rfc5280_duplicate_extension) = {
    .id = "rfc5280_duplicate_extension", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2", .effective = NULL,
    .description = "The same extension OID appears more than once",
    .zlint = "e_ext_duplicate_extension", .pkilint = "pkix.duplicate_extension",
    .applies_to = "certificates with extensions", .applies = has_exts, .check = check_duplicate,
};

static cs_result check_ext_der(const cs_cert *c, cs_detail *d)
{
    return rfc5280_report_owned(c, d, "rfc5280_ext_invalid_der", NULL, 0);
}
CS_RULE(rfc5280_ext_invalid_der) = {
    .id = "rfc5280_ext_invalid_der", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1, 4.2; X.690 10", .effective = NULL,
    .description = "An extension value does not decode as its ASN.1 type, or has bytes after the value (other DER faults inside extensions have their own rfc5280_der_* rules)",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "certificates with extensions", .applies = has_exts, .check = check_ext_der,
};

/* Extensions whose syntax is SEQUENCE SIZE (1..MAX) OF. */
static bool must_not_be_empty(cs_oid_id id)
{
    switch (id) {
    case CS_OID_EXT_SUBJECT_ALT_NAME: case CS_OID_EXT_ISSUER_ALT_NAME: case CS_OID_EXT_EXT_KEY_USAGE:
    case CS_OID_EXT_CERTIFICATE_POLICIES: case CS_OID_EXT_AUTHORITY_INFO_ACCESS:
    case CS_OID_EXT_SUBJECT_INFO_ACCESS: case CS_OID_EXT_CRL_DISTRIBUTION_POINTS:
    case CS_OID_EXT_FRESHEST_CRL: case CS_OID_EXT_POLICY_MAPPINGS:
    case CS_OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES:
        return true;
    default:
        return false;
    }
}

static cs_result check_empty_sequence(const cs_cert *c, cs_detail *d)
{
    static const uint8_t empty[] = { 0x30, 0x00 };
    for (uint16_t i = 0; i < c->n_exts; i++)
        if (must_not_be_empty(c->exts[i].id) && cs_span_eq_bytes(c->exts[i].value, empty, 2))
            return cs_fail(d, "%s is an empty SEQUENCE", cs_oid_short_name(c->exts[i].id));
    return rfc5280_report_owned(c, d, "rfc5280_ext_empty_sequence", NULL, 0);
}
CS_RULE(rfc5280_ext_empty_sequence) = {
    .id = "rfc5280_ext_empty_sequence", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2, Appendix A.2 (SIZE (1..MAX))", .effective = NULL,
    .description = "An extension whose syntax is SEQUENCE SIZE (1..MAX) OF is encoded as an empty SEQUENCE",
    .zlint = "e_ext_cannot_be_empty_sequence", .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "certificates with extensions", .applies = has_exts, .check = check_empty_sequence,
};

static cs_result check_aia_sia_critical(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->n_exts; i++) {
        const cs_ext *e = &c->exts[i];
        if (e->critical && (e->id == CS_OID_EXT_AUTHORITY_INFO_ACCESS || e->id == CS_OID_EXT_SUBJECT_INFO_ACCESS))
            return cs_fail(d, "%s is marked critical", cs_oid_short_name(e->id));
    }
    return CS_PASS;
}
CS_RULE(rfc5280_aia_sia_critical) = {
    .id = "rfc5280_aia_sia_critical", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.2.1, 4.2.2.2", .effective = NULL,
    .description = "authorityInfoAccess or subjectInfoAccess is marked critical",
    .zlint = "e_ext_aia_marked_critical,e_subject_info_access_marked_critical", .pkilint = "pkix.authority_information_access_extension_critical,pkix.subject_information_access_extension_critical",
    .applies_to = "certificates with extensions", .applies = has_exts, .check = check_aia_sia_critical,
};

static cs_result check_sda_critical(const cs_cert *c, cs_detail *d)
{
    const cs_ext *e = cs_cert_find_ext(c, CS_OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES);
    if (e && e->critical)
        return cs_fail(d, "subjectDirectoryAttributes is marked critical");
    return CS_PASS;
}
CS_RULE(rfc5280_sda_critical) = {
    .id = "rfc5280_sda_critical", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.8", .effective = NULL,
    .description = "subjectDirectoryAttributes is marked critical",
    .zlint = "e_ext_subject_directory_attr_critical", .pkilint = "pkix.subject_directory_attributes_extension_critical",
    .applies_to = "certificates with extensions", .applies = has_exts, .check = check_sda_critical,
};
