/* BR 7.1.2.1 Root CA Certificate Profile (and its BR 1.x predecessor,
 * 7.1.2.1 / 9.3 "Root CA Certificate"). */
#include "lint/tls_ca_kind.h"
#include "tls_common.h"

#define DAY INT64_C(86400)

/* 7.1.2.1.1: notAfter at least 2922 and at most 9132 days after the time
 * of signing, which lies between notBefore and one day after it: the
 * period notAfter - notBefore is judged, with that day of slack on the
 * minimum. */
static cs_result check_validity(const cs_cert *c, cs_detail *d)
{
    if (!c->not_before.valid || !c->not_after.valid)
        return CS_NA;
    int64_t span = c->not_after.t - c->not_before.t;
    if (span > 9132 * DAY)
        return cs_fail(d, "validity of %lld days exceeds 9132 days", (long long)(span / DAY));
    if (span < 2922 * DAY)
        return cs_fail(d, "validity of %lld days is under 2922 days", (long long)(span / DAY));
    return CS_PASS;
}
CS_RULE(tls_root_validity_range) = {
    .id = "tls_root_validity_range", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.1.1 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Root CA validity (notAfter - notBefore) under 2922 days or over 9132 days",
    .zlint = NULL, .pkilint = "cabf.serverauth.root_validity_period_too_short,cabf.serverauth.root_validity_period_too_long",
    .applies_to = "TLS root CA certificates (self-issued CA without EKU, or with serverAuth/anyExtendedKeyUsage)",
    .applies = tls_ca_root, .check = check_validity,
};

static cs_result check_no_eku(const cs_cert *c, cs_detail *d)
{
    return c->eku.present ? cs_fail(d, "extKeyUsage present in a root CA certificate") : CS_PASS;
}
/* A root with an EKU that excludes serverAuth is not a TLS root (lint/tls_ca_kind.h),
 * so this sees roots with serverAuth or anyExtendedKeyUsage. */
CS_RULE(tls_root_eku_present) = {
    .id = "tls_root_eku_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.1.2 (BR 1.0 Appendix B (1)(d))", .effective = TLS_BR_START,
    .description = "Root CA certificate has an extKeyUsage extension",
    .zlint = "e_root_ca_extended_key_usage_present", .pkilint = "cabf.serverauth.root.extended_key_usage_extension_present",
    .applies_to = "TLS root CA certificates", .applies = tls_ca_root, .check = check_no_eku,
};

static bool root_with_aki(const cs_cert *c) { return c->aki.present && tls_ca_root(c); }

static cs_result check_aki(const cs_cert *c, cs_detail *d)
{
    if (c->aki.ext && c->aki.ext->critical)
        return cs_fail(d, "authorityKeyIdentifier is marked critical");
    if (c->aki.has_issuer || c->aki.has_serial)
        return cs_fail(d, "authorityKeyIdentifier has authorityCertIssuer or authorityCertSerialNumber");
    if (!c->aki.has_key_id)
        return cs_fail(d, "authorityKeyIdentifier has no keyIdentifier");
    if (!c->ski.present || !cs_span_eq(c->aki.key_id, c->ski.key_id))
        return cs_fail(d, "authorityKeyIdentifier keyIdentifier differs from the subjectKeyIdentifier");
    return CS_PASS;
}
CS_RULE(tls_root_aki_invalid) = {
    .id = "tls_root_aki_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.1.3, 7.1.2.1.2 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Root CA authorityKeyIdentifier critical, with authorityCertIssuer/SerialNumber, or whose keyIdentifier is absent or not the subjectKeyIdentifier",
    .zlint = NULL, .pkilint = "cabf.serverauth.root_aki_ski_not_equal,cabf.serverauth.ca.critical_authority_key_identifier_extension,cabf.authority_key_identifier_has_issuer_cert",
    .applies_to = "TLS root CA certificates with authorityKeyIdentifier", .applies = root_with_aki, .check = check_aki,
};

static cs_result check_pathlen(const cs_cert *c, cs_detail *d)
{
    return c->bc.has_path_len ? cs_fail(d, "pathLenConstraint %lld present", (long long)c->bc.path_len) : CS_PASS;
}
CS_RULE(tls_root_pathlen_present) = {
    .id = "tls_root_pathlen_present", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.1.4 (BR 1.0 Appendix B (1)(a))", .effective = TLS_BR_START,
    .description = "Root CA basicConstraints has a pathLenConstraint (NOT RECOMMENDED)",
    .zlint = "w_root_ca_basic_constraints_path_len_constraint_field_present", .pkilint = "cabf.serverauth.root_basic_constraints_pathlenconstraint_present",
    .applies_to = "TLS root CA certificates", .applies = tls_ca_root, .check = check_pathlen,
};

static cs_result check_no_policies(const cs_cert *c, cs_detail *d)
{
    return c->policies.present ? cs_fail(d, "certificatePolicies present in a root CA certificate") : CS_PASS;
}
CS_RULE(tls_root_policies_present) = {
    .id = "tls_root_policies_present", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.1.2 (BR 1.0 Appendix B (1)(c))", .effective = TLS_BR_START,
    .description = "Root CA certificate has certificatePolicies (NOT RECOMMENDED)",
    .zlint = "w_root_ca_contains_cert_policy", .pkilint = "cabf.serverauth.root.certificate_policies_extension_present",
    .applies_to = "TLS root CA certificates", .applies = tls_ca_root, .check = check_no_policies,
};

static cs_result check_no_crldp(const cs_cert *c, cs_detail *d)
{
    return c->crldp.present ? cs_fail(d, "cRLDistributionPoints present in a root CA certificate") : CS_PASS;
}
CS_RULE(tls_root_crldp_present) = {
    .id = "tls_root_crldp_present", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.11.2 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Root CA certificate has cRLDistributionPoints (SHOULD NOT)",
    .zlint = NULL, .pkilint = NULL,
    .applies_to = "TLS root CA certificates", .applies = tls_ca_root, .check = check_no_crldp,
};
