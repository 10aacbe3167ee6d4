/* The criticality and presence columns of the TLS BR CA extension tables
 * (7.1.2.1.2, 7.1.2.2.3, 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1) for
 * basicConstraints and subjectKeyIdentifier, which every CA profile
 * lists the same way.  RFC 5280 asks the same (rfc5280_bc_not_critical_ca,
 * rfc5280_ski_critical_or_missing_ca); these rules say which BR profile
 * the certificate breaks. */
#include "lint/tls_ca_kind.h"
#include "tls_common.h"

static cs_result check_bc_critical(const cs_cert *c, cs_detail *d)
{
    if (c->bc.ext && !c->bc.ext->critical)
        return cs_fail(d, "basicConstraints of a TLS CA certificate is not marked critical");
    return CS_PASS;
}
/* BR 1.0 Appendix B (1)(a) root, (2)(d) subordinate: "This extension MUST
 * be present and MUST be marked critical" (BR 1.3 7.1.2.1(b), 7.1.2.2(d)). */
CS_RULE(tls_ca_bc_not_critical) = {
    .id = "tls_ca_bc_not_critical", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.1.2, 7.1.2.3.1-7.1.2.6.1 (BR 1.0 Appendix B (1)(a), (2)(d))", .effective = TLS_BR_START,
    .description = "basicConstraints of a root or subordinate CA is not marked critical",
    .zlint = "e_basic_constraints_not_critical",
    .pkilint = "cabf.serverauth.ca.non_critical_basic_constraints_extension",
    .applies_to = "TLS root and subordinate CA certificates", .applies = tls_ca_any, .check = check_bc_critical,
};

static cs_result check_ski(const cs_cert *c, cs_detail *d)
{
    if (!c->ski.present)
        return cs_fail(d, "subjectKeyIdentifier absent from a TLS CA certificate");
    if (c->ski.ext && c->ski.ext->critical)
        return cs_fail(d, "subjectKeyIdentifier is marked critical");
    return CS_PASS;
}
/* BR 1.x only incorporated RFC 5280 here ("all other fields and
 * extensions MUST be set in accordance with RFC 5280"); the BR's own MUST
 * is the SC-062 profile's. */
CS_RULE(tls_ca_ski_invalid) = {
    .id = "tls_ca_ski_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.1.2, 7.1.2.3.1-7.1.2.6.1, 7.1.2.11.4 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "subjectKeyIdentifier absent from, or critical in, a root or subordinate CA certificate",
    .zlint = "e_ext_subject_key_identifier_missing_ca,e_ext_subject_key_identifier_critical",
    .pkilint = "cabf.serverauth.ca.subject_key_identifier_extension_absent,cabf.serverauth.root.subject_key_identifier_extension_absent,cabf.serverauth.ca.critical_subject_key_identifier_extension",
    .applies_to = "TLS root and subordinate CA certificates", .applies = tls_ca_any, .check = check_ski,
};
