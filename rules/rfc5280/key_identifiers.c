/* RFC 5280 4.2.1.1 (authorityKeyIdentifier), 4.2.1.2 (subjectKeyIdentifier). */
#include "rfc5280_common.h"

static bool is_v3(const cs_cert *c) { return c->version == 3; }

/* Self-signed is approximated by self-issued (issuer = subject): the
 * view has no issuer key to verify the signature with. */
static cs_result check_aki(const cs_cert *c, cs_detail *d)
{
    if (c->aki.present && c->aki.ext && c->aki.ext->critical)
        return cs_fail(d, "authorityKeyIdentifier is marked critical");
    if (c->is_self_issued)
        return CS_PASS;
    if (!c->aki.present)
        return cs_fail(d, "authorityKeyIdentifier missing in a certificate that is not self-issued");
    if (!c->aki.has_key_id)
        return cs_fail(d, "authorityKeyIdentifier has no keyIdentifier");
    return CS_PASS;
}
CS_RULE(rfc5280_aki_critical_or_no_keyid) = {
    .id = "rfc5280_aki_critical_or_no_keyid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.1", .effective = NULL,
    .description = "authorityKeyIdentifier critical, or missing / without keyIdentifier in a certificate that is not self-issued",
    .zlint = "e_ext_authority_key_identifier_critical,e_ext_authority_key_identifier_no_key_identifier", .pkilint = "pkix.authority_key_identifier_critical,pkix.authority_key_identifier_keyid_missing,pkix.authority_key_identifier_extension_absent",
    .applies_to = "v3 certificates", .applies = is_v3, .check = check_aki,
};

static cs_result check_ski(const cs_cert *c, cs_detail *d)
{
    if (c->ski.present && c->ski.ext && c->ski.ext->critical)
        return cs_fail(d, "subjectKeyIdentifier is marked critical");
    if (c->is_ca && !c->ski.present)
        return cs_fail(d, "CA certificate without subjectKeyIdentifier");
    return CS_PASS;
}
CS_RULE(rfc5280_ski_critical_or_missing_ca) = {
    .id = "rfc5280_ski_critical_or_missing_ca", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.2", .effective = NULL,
    .description = "subjectKeyIdentifier critical, or absent from a CA certificate",
    .zlint = "e_ext_subject_key_identifier_critical,e_ext_subject_key_identifier_missing_ca", .pkilint = "pkix.certificate_skid_extension_critical,pkix.certificate_skid_ca_missing",
    .applies_to = "v3 certificates", .applies = is_v3, .check = check_ski,
};
