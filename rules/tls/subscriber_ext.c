/* BR 7.1.2.7.6 criticality that no other rule checks (subjectAltName with
 * a subject; the SCT list's is tls_sct_list_invalid's) and 7.1.2.9's
 * end date for precertificates from a Precertificate Signing CA (7.1.2.7.7's
 * unique AIA locations are tls_aia_invalid's). */
#include "tls_common.h"

static cs_result check_criticality(const cs_cert *c, cs_detail *d)
{
    if (c->san.present && c->san.ext && c->san.ext->critical && c->subject.n_attrs > 0)
        return cs_fail(d, "subjectAltName marked critical while the subject is not empty");
    return CS_PASS;
}
CS_RULE(tls_ext_criticality_invalid) = {
    .id = "tls_ext_criticality_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.6, 7.1.2.7.12", .effective = TLS_BR_V2_PROFILE,
    .description = "subjectAltName is critical although the subject is not empty",
    .zlint = "w_ext_san_critical_with_subject_dn",
    .pkilint = NULL,
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_criticality,
};

static bool precert_with_issuer(const cs_cert *c) { return tls_precert(c) && c->issuer_cert; }

static cs_result check_precert_signing_ca(const cs_cert *c, cs_detail *d)
{
    if (tls_precert_from_signing_ca(c))
        return cs_fail(d, "precertificate signed by a Precertificate Signing CA (issuer EKU holds 1.3.6.1.4.1.11129.2.4.4)");
    return CS_PASS;
}
CS_RULE(tls_precert_signing_ca_after_sunset) = {
    .id = "tls_precert_signing_ca_after_sunset", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.9", .effective = "2026-03-15",
    .description = "A precertificate issued from 2026-03-15 is signed by a Precertificate Signing CA instead of the Issuing CA",
    .applies_to = "TLS precertificates whose issuing certificate is known", .applies = precert_with_issuer,
    .check = check_precert_signing_ca,
};

static cs_result check_no_nc(const cs_cert *c, cs_detail *d)
{
    return c->name_constraints.present ? cs_fail(d, "nameConstraints in a subscriber certificate") : CS_PASS;
}
CS_RULE(tls_subscriber_nc_present) = {
    .id = "tls_subscriber_nc_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.6 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "nameConstraints present in a subscriber certificate (MUST NOT)",
    .zlint = "e_ext_name_constraints_not_in_ca", .pkilint = "cabf.serverauth.subscriber.name_constraints_extension_present",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_no_nc,
};

static cs_result check_ku_critical(const cs_cert *c, cs_detail *d)
{
    return c->ku.ext && !c->ku.ext->critical ? cs_fail(d, "keyUsage is not marked critical") : CS_PASS;
}
static bool subscriber_with_ku(const cs_cert *c) { return c->tls.subscriber && c->ku.present; }
/* keyUsage is SHOULD-present, but its Critical column says Y: once
 * present, it is critical (as basicConstraints, MAY / Y, in tls_bc_invalid). */
CS_RULE(tls_ku_not_critical) = {
    .id = "tls_ku_not_critical", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.6 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "keyUsage present in a subscriber certificate but not marked critical",
    .zlint = NULL, .pkilint = "cabf.serverauth.subscriber.non_critical_key_usage_extension",
    .applies_to = "TLS subscriber certificates with keyUsage", .applies = subscriber_with_ku, .check = check_ku_critical,
};
