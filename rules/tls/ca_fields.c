/* BR 7.1.2.10 Common CA Fields (keyUsage, naming, AIA, policies, EKU,
 * name constraints) and 7.1.2.11.2 for CA certificates, with the BR 1.x
 * requirements they replaced (BR 1.0 Appendix B (1), (2); 1.x 7.1.2.1,
 * 7.1.2.2). */
#include "lint/tls_ca_kind.h"
#include "tls_common.h"

/* ---- 7.1.2.10.7 keyUsage -------------------------------------------- */

#define CA_KU_ALLOWED (CS_KU_DIGITAL_SIGNATURE | CS_KU_KEY_CERT_SIGN | CS_KU_CRL_SIGN)
#define V2_PROFILE_T INT64_C(1694736000) /* 2023-09-15, TLS_BR_V2_PROFILE */

/* Whether the SC-62 profiles are in force at the rules time (for rules
 * whose requirement tightened then inside a longer window). */
static bool v2_profile(const cs_cert *c) { return c->rules_time_valid && c->rules_time >= V2_PROFILE_T; }

static cs_result check_ku(const cs_cert *c, cs_detail *d)
{
    if (!c->ku.present)
        return cs_fail(d, "keyUsage extension absent");
    if (c->ku.ext && !c->ku.ext->critical)
        return cs_fail(d, "keyUsage is not marked critical");
    if (!(c->ku.bits & CS_KU_KEY_CERT_SIGN))
        return cs_fail(d, "keyCertSign not set");
    if (!(c->ku.bits & CS_KU_CRL_SIGN))
        return cs_fail(d, "cRLSign not set");
    if (v2_profile(c) && (c->ku.bits & ~CA_KU_ALLOWED)) {
        char names[CS_KU_NAMES_MAX];
        return cs_fail(d, "keyUsage has %s (only digitalSignature, keyCertSign, cRLSign allowed)",
                       cs_ku_names((uint16_t)(c->ku.bits & ~CA_KU_ALLOWED), names, sizeof names));
    }
    return CS_PASS;
}
CS_RULE(tls_ca_ku_invalid) = {
    .id = "tls_ca_ku_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.7 (BR 1.0 Appendix B (1)(b), (2)(e))", .effective = TLS_BR_START,
    .description = "CA keyUsage absent, not critical, or without keyCertSign or cRLSign; from 2023-09-15 (SC-62) also any bit other than digitalSignature, keyCertSign, cRLSign",
    .zlint = "e_ca_key_usage_missing,e_ca_key_usage_not_critical,e_ca_key_cert_sign_not_set,e_ca_crl_sign_not_set,e_root_ca_key_usage_present,e_root_ca_key_usage_must_be_critical",
    .pkilint = "cabf.serverauth.ca.key_usage_extension_absent,cabf.serverauth.root.key_usage_extension_absent,cabf.serverauth.ca.non_critical_key_usage_extension,pkix.ca_certificate_no_ku_extension,pkix.ca_certificate_keycertsign_keyusage_not_set,"
               "cabf.ca_certificate_required_ku_missing,cabf.ca_certificate_prohibited_ku_present",
    .applies_to = "TLS root and subordinate CA certificates", .applies = tls_ca_any, .check = check_ku,
};

/* ---- 7.1.2.10.2 naming ---------------------------------------------- */

/* BR 1.0-1.2 set the CA name through the issuer field of the certificates
 * it signs (9.1.1 issuer:commonName Optional, 9.1.3 organizationName and
 * 9.1.4 countryName Required); BR 1.3.0 (2015-04-16, the RFC 3647 layout)
 * 7.1.4.3.1(a) made subject:commonName of Root and Subordinate CA
 * certificates Required, and 7.1.2.10.2 keeps it. */
#define BR_1_3_T INT64_C(1429142400) /* 2015-04-16 */
static bool ca_cn_required(const cs_cert *c) { return c->rules_time_valid && c->rules_time >= BR_1_3_T; }

static cs_result check_subject_required(const cs_cert *c, cs_detail *d)
{
    if (!cs_name_find(&c->subject, CS_OID_AT_COUNTRY))
        return cs_fail(d, "subject has no countryName");
    if (!cs_name_find(&c->subject, CS_OID_AT_ORGANIZATION))
        return cs_fail(d, "subject has no organizationName");
    if (ca_cn_required(c) && !cs_name_find(&c->subject, CS_OID_AT_COMMON_NAME))
        return cs_fail(d, "subject has no commonName");
    return CS_PASS;
}
CS_RULE(tls_ca_subject_required) = {
    .id = "tls_ca_subject_required", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.2 (BR 1.0 9.1.3, 9.1.4; BR 1.3.0 7.1.4.3.1)", .effective = TLS_BR_START,
    .description = "CA subject without countryName or organizationName; from 2015-04-16 (BR 1.3.0 7.1.4.3.1(a)) also without commonName",
    .zlint = "e_ca_country_name_missing,e_ca_organization_name_missing,e_ca_common_name_missing",
    .pkilint = "cabf.serverauth.ca.country_attribute_absent,cabf.serverauth.ca.organization_name_attribute_absent,cabf.serverauth.ca.common_name_attribute_absent",
    .applies_to = "TLS root and subordinate CA certificates", .applies = tls_ca_any, .check = check_subject_required,
};

static bool ou_forbidden_kind(const cs_cert *c) { return tls_ca_root(c) || tls_ca_tls_subordinate(c); }

static cs_result check_no_ou(const cs_cert *c, cs_detail *d)
{
    return cs_name_find(&c->subject, CS_OID_AT_ORG_UNIT) ? cs_fail(d, "subject has organizationalUnitName") : CS_PASS;
}
CS_RULE(tls_ca_ou_present) = {
    .id = "tls_ca_ou_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.2 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "organizationalUnitName in a Root or (technically constrained) TLS Subordinate CA subject (a cross-certificate may have it: not decidable, judged as a TLS Subordinate CA)",
    .zlint = "e_subj_orgunit_in_ca_cert", .pkilint = "cabf.serverauth.ca.organizational_unit_name_attribute_present",
    .applies_to = "TLS root and TLS subordinate CA certificates", .applies = ou_forbidden_kind, .check = check_no_ou,
};

/* ---- 7.1.2.10.3 AIA, 7.1.2.11.2 CRLDP -------------------------------- */

static bool ca_with_aia(const cs_cert *c) { return c->aia.present && tls_ca_any(c); }
CS_RULE(tls_ca_aia_invalid) = {
    .id = "tls_ca_aia_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.3", .effective = TLS_BR_V2_PROFILE,
    .description = "CA authorityInformationAccess critical, empty, with an accessMethod other than OCSP/caIssuers, a non-URI or non-http location, or a repeated location",
    .zlint = "e_sub_ca_aia_marked_critical,e_ca_aia_non_http_url,e_aia_must_contain_permitted_access_method,e_aia_unique_access_locations",
    .pkilint = "cabf.serverauth.ca.critical_authority_info_access_extension,cabf.serverauth.ca.unknown_aia_access_method_present,cabf.serverauth.aia_location_not_uri,cabf.serverauth.aia_location_uri_not_http,cabf.serverauth.aia_duplicate_location",
    .applies_to = "TLS CA certificates with authorityInformationAccess", .applies = ca_with_aia, .check = tls_check_aia_present,
};

/* Whether AIA has an http:// URI for the access method. */
static bool aia_has_http(const cs_cert *c, cs_oid_id method)
{
    for (uint16_t i = 0; c->aia.present && i < c->aia.n && i < CS_MAX_ACCESS; i++) {
        const cs_access_description *a = &c->aia.items[i];
        if (a->method == method && a->location && a->location->type == CS_GN_URI &&
            tls_url_is_http(a->location->value, false))
            return true;
    }
    return false;
}

#define BR_1_7_1_T INT64_C(1597881600) /* 2020-08-20, BR 1.7.1 (ballot SC-31) */

/* From BR 1.7.1 the subordinate CA AIA is SHOULD (tls_subca_aia_recommended)
 * and its OCSP URL MAY; only "MUST NOT be marked critical" stays. */
static cs_result check_br1_aia(const cs_cert *c, cs_detail *d)
{
    bool sc31 = c->rules_time_valid && c->rules_time >= BR_1_7_1_T;
    if (c->aia.ext && c->aia.ext->critical)
        return cs_fail(d, "authorityInformationAccess is marked critical");
    if (sc31)
        return CS_PASS;
    if (!c->aia.present)
        return cs_fail(d, "authorityInformationAccess extension absent");
    if (!aia_has_http(c, CS_OID_AD_OCSP))
        return cs_fail(d, "authorityInformationAccess has no http:// id-ad-ocsp location");
    return CS_PASS;
}
CS_RULE(tls_subca_aia_ocsp_missing) = {
    .id = "tls_subca_aia_ocsp_missing", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.x 7.1.2.2(c) (BR 1.0 Appendix B (2)(c); SHOULD / MAY from BR 1.7.1, ballot SC-31)", .effective = TLS_BR_START, .ineffective = TLS_BR_V2_PROFILE,
    .description = "Subordinate CA AIA marked critical; before 2020-08-20 (BR 1.7.1) also AIA absent or without the http:// URL of the issuing CA's OCSP responder (the exception for OCSP stapling is not decidable from the certificate)",
    .zlint = "e_sub_ca_aia_missing,e_sub_ca_aia_marked_critical", .pkilint = NULL,
    .applies_to = "TLS subordinate CA certificates", .applies = tls_ca_subordinate, .check = check_br1_aia,
};

static cs_result check_subca_crldp(const cs_cert *c, cs_detail *d)
{
    if (!c->crldp.present)
        return cs_fail(d, "cRLDistributionPoints extension absent");
    if (v2_profile(c))
        return tls_check_crldp_present(c, d);
    if (c->crldp.ext && c->crldp.ext->critical)
        return cs_fail(d, "cRLDistributionPoints is marked critical");
    for (uint16_t i = 0; i < c->crldp.n && i < CS_MAX_DIST_POINTS; i++)
        for (uint16_t k = 0; c->crldp.items[i].has_full_name && k < c->crldp.items[i].full_name.n; k++) {
            const cs_general_name *g = &c->crldp.items[i].full_name.items[k];
            if (g->type == CS_GN_URI && tls_url_is_http(g->value, false))
                return CS_PASS;
        }
    return cs_fail(d, "cRLDistributionPoints has no http:// URL");
}
CS_RULE(tls_subca_crldp_invalid) = {
    .id = "tls_subca_crldp_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.11.2 (BR 1.x 7.1.2.2(b))", .effective = TLS_BR_START,
    .description = "Subordinate CA without cRLDistributionPoints, with it critical or without an http:// URL; from 2023-09-15 (SC-62) also with reasons, cRLIssuer, no fullName or a name that is not an http:// URI",
    .zlint = "e_sub_ca_crl_distribution_points_missing,e_sub_ca_crl_distribution_points_marked_critical,e_sub_ca_crl_distribution_points_does_not_contain_url,e_crl_distrib_points_not_http,e_crlissuer_must_not_be_present_in_cdp",
    .pkilint = "cabf.serverauth.ca.crl_distribution_points_extension_absent,cabf.serverauth.ca.critical_crl_distribution_points_extension,cabf.serverauth.crldp_dp_prohibited_field_present,cabf.serverauth.crldp_dpname_prohibited_field_present,cabf.serverauth.crldp_dpname_prohibited_generalname_type,cabf.serverauth.crldp_dpname_prohibited_uri_scheme",
    .applies_to = "TLS subordinate CA certificates", .applies = tls_ca_subordinate, .check = check_subca_crldp,
};

/* ---- 7.1.2.10.5 certificatePolicies ---------------------------------- */

/* certificatePolicies MUST be present in TLS and precertificate signing
 * subordinates (BR 1.x: in every subordinate; 7.1.2.3 made it optional
 * for non-TLS ones). */
static bool policies_required(const cs_cert *c) { return tls_ca_tls_subordinate(c) || tls_ca_precert_signing(c); }

static cs_result check_policies_present(const cs_cert *c, cs_detail *d)
{
    return c->policies.present ? CS_PASS : cs_fail(d, "certificatePolicies extension absent");
}
CS_RULE(tls_subca_policies_missing) = {
    .id = "tls_subca_policies_missing", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.6.1, 7.1.2.5.1, 7.1.2.4.1 (BR 1.x 7.1.2.2(a))", .effective = TLS_BR_START,
    .description = "TLS or precertificate signing subordinate CA without certificatePolicies",
    .zlint = "e_sub_ca_certificate_policies_missing", .pkilint = "cabf.serverauth.ca.certificate_policies_extension_absent",
    .applies_to = "TLS and precertificate signing subordinate CA certificates", .applies = policies_required,
    .check = check_policies_present,
};

static cs_result check_policies(const cs_cert *c, cs_detail *d)
{
    if (c->policies.ext && c->policies.ext->critical)
        return cs_fail(d, "certificatePolicies is marked critical");
    if (c->policies.n == 0)
        return cs_fail(d, "certificatePolicies has no PolicyInformation");
    unsigned reserved = 0, any = 0;
    for (uint16_t i = 0; i < c->policies.n && i < CS_MAX_POLICIES; i++) {
        const cs_policy *p = &c->policies.items[i];
        any += p->id == CS_OID_POLICY_ANY;
        reserved += tls_policy_is_reserved(p->id);
        if (tls_check_policy_qualifiers(c, p, d) != CS_PASS)
            return CS_FAIL;
    }
    if (any)
        return c->policies.n == 1 ? CS_PASS : cs_fail(d, "anyPolicy together with other policy identifiers");
    if (reserved != 1)
        return cs_fail(d, "%u reserved TLS policy identifiers (exactly one required without anyPolicy)", reserved);
    return CS_PASS;
}
static bool policies_present_tls_ca(const cs_cert *c) { return c->policies.present && policies_required(c); }
CS_RULE(tls_subca_policies_invalid) = {
    .id = "tls_subca_policies_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.5 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "CA certificatePolicies critical, empty, anyPolicy with other OIDs, not exactly one reserved TLS OID without anyPolicy, or a qualifier other than an http(s) CPS URI (a cross-certificate may carry several reserved OIDs: not decidable, judged as a TLS Subordinate CA)",
    .zlint = "w_sub_ca_certificate_policies_marked_critical,e_ca_multiple_reserved_policy_oids,e_invalid_ca_certificate_policies,e_policy_qualifiers_other_than_cps_not_permitted,e_invalid_cps_uri",
    .pkilint = "cabf.serverauth.ca.critical_certificate_policies_extension,cabf.serverauth.ca_missing_reserved_policy_oid,cabf.serverauth.ca_multiple_reserved_policy_oids,cabf.serverauth.ca_anypolicy_with_other_policy_oid,cabf.serverauth.prohibited_certificate_policy_qualifier_type,cabf.cps_uri_is_not_http",
    .applies_to = "TLS and precertificate signing subordinate CA certificates with certificatePolicies",
    .applies = policies_present_tls_ca, .check = check_policies,
};

/* ---- 7.1.2.10.6 extKeyUsage ----------------------------------------- */

static cs_result check_eku(const cs_cert *c, cs_detail *d)
{
    if (!c->eku.present)
        return CS_PASS; /* allowed for an affiliated cross-certificate (7.1.2.2.4): not decidable */
    if (c->eku.ext && c->eku.ext->critical)
        return cs_fail(d, "extKeyUsage is marked critical");
    if (c->has_eku_any)
        return c->eku.n == 1 ? CS_PASS : cs_fail(d, "anyExtendedKeyUsage together with other key purposes");
    static const cs_oid_id forbidden[] = { CS_OID_KP_CODE_SIGNING, CS_OID_KP_EMAIL_PROTECTION,
                                           CS_OID_KP_TIME_STAMPING, CS_OID_KP_OCSP_SIGNING };
    for (size_t k = 0; k < sizeof forbidden / sizeof forbidden[0]; k++)
        if (cs_cert_has_eku(c, forbidden[k]))
            return cs_fail(d, "extKeyUsage includes %s", cs_oid_short_name(forbidden[k]));
    return CS_PASS;
}
CS_RULE(tls_subca_eku_invalid) = {
    .id = "tls_subca_eku_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.6, 7.1.2.2.4, 7.1.2.2.5 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "TLS subordinate CA extKeyUsage critical, anyExtendedKeyUsage with other purposes, or serverAuth with codeSigning, emailProtection, timeStamping or OCSPSigning",
    .zlint = "e_ca_invalid_eku,w_sub_ca_eku_critical",
    .pkilint = "cabf.serverauth.ca.critical_extended_key_usage_extension,cabf.serverauth.ca.codesigning_eku_present,cabf.serverauth.ca.emailprotection_eku_present,cabf.serverauth.ca.ocspsigning_eku_present,cabf.serverauth.cross_ca.internal_with_anyeku_and_other_eku",
    .applies_to = "TLS subordinate CA certificates (serverAuth, anyExtendedKeyUsage or no EKU)",
    .applies = tls_ca_tls_subordinate, .check = check_eku,
};

/* ---- 7.1.2.10.8 name constraints ------------------------------------ */

static cs_result check_subtrees(const cs_subtree *t, uint16_t n, const char *which, cs_detail *d)
{
    for (uint16_t i = 0; i < n && i < CS_MAX_SUBTREES; i++)
        if (t[i].has_minimum || t[i].has_maximum)
            return cs_fail(d, "%s GeneralSubtree %u has %s", which, (unsigned)i,
                           t[i].has_minimum ? "minimum" : "maximum");
    return CS_PASS;
}

static cs_result check_nc(const cs_cert *c, cs_detail *d)
{
    if (check_subtrees(c->name_constraints.permitted, c->name_constraints.n_permitted, "permittedSubtrees", d) != CS_PASS)
        return CS_FAIL;
    return check_subtrees(c->name_constraints.excluded, c->name_constraints.n_excluded, "excludedSubtrees", d);
}
static bool ca_with_nc(const cs_cert *c) { return c->name_constraints.present && tls_ca_any(c); }
CS_RULE(tls_ca_nc_min_max_present) = {
    .id = "tls_ca_nc_min_max_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.8, 7.1.2.5.2 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "A nameConstraints GeneralSubtree encodes minimum or maximum",
    .zlint = "e_name_constraint_minimum_non_zero,e_name_constraint_maximum_not_absent", .pkilint = "pkix.name_constraints_non_default_minimum,pkix.name_constraints_maximum_specified",
    .applies_to = "TLS CA certificates with nameConstraints", .applies = ca_with_nc, .check = check_nc,
};

/* ---- SHOULDs -------------------------------------------------------- */

static cs_result check_aia_recommended(const cs_cert *c, cs_detail *d)
{
    if (!c->aia.present)
        return cs_fail(d, "authorityInformationAccess extension absent");
    if (c->rules_time_valid && !v2_profile(c) && !aia_has_http(c, CS_OID_AD_CA_ISSUERS))
        return cs_fail(d, "authorityInformationAccess has no http:// id-ad-caIssuers URL");
    return CS_PASS;
}
CS_RULE(tls_subca_aia_recommended) = {
    .id = "tls_subca_aia_recommended", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.6.1, 7.1.2.5.1, 7.1.2.4.1, 7.1.2.3.1 (BR 1.x 7.1.2.2(c))", .effective = TLS_BR_START,
    .description = "Subordinate CA without authorityInformationAccess (SHOULD); before 2023-09-15 (BR 1.x) also without the http:// URL of the issuing CA's certificate (SHOULD)",
    .zlint = "w_sub_ca_aia_missing,w_sub_ca_aia_does_not_contain_issuing_ca_url", .pkilint = "cabf.serverauth.ca.authority_info_access_extension_absent",
    .applies_to = "TLS subordinate CA certificates", .applies = tls_ca_subordinate, .check = check_aia_recommended,
};

static cs_result check_nc_critical(const cs_cert *c, cs_detail *d)
{
    return c->name_constraints.ext && !c->name_constraints.ext->critical
               ? cs_fail(d, "nameConstraints is not marked critical")
               : CS_PASS;
}
/* The BR let it be non-critical for legacy applications, an explicit
 * exception to RFC 5280 (which says MUST): a warning here. */
CS_RULE(tls_ca_nc_not_critical) = {
    .id = "tls_ca_nc_not_critical", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.8, 7.1.2.5.2 (BR 1.x 7.1.2.2(f))", .effective = TLS_BR_START,
    .description = "nameConstraints not marked critical (SHOULD; MAY be non-critical for legacy applications)",
    .zlint = "w_sub_ca_name_constraints_not_critical", .pkilint = NULL,
    .applies_to = "TLS CA certificates with nameConstraints", .applies = ca_with_nc, .check = check_nc_critical,
};

/* ---- 7.1.2.11.1 authorityKeyIdentifier ------------------------------- */

static cs_result check_subca_aki(const cs_cert *c, cs_detail *d)
{
    if (!c->aki.present)
        return cs_fail(d, "authorityKeyIdentifier extension absent");
    if (c->aki.ext && c->aki.ext->critical)
        return cs_fail(d, "authorityKeyIdentifier is marked critical");
    if (!c->aki.has_key_id)
        return cs_fail(d, "authorityKeyIdentifier has no keyIdentifier");
    if (c->aki.has_issuer || c->aki.has_serial)
        return cs_fail(d, "authorityKeyIdentifier has authorityCertIssuer or authorityCertSerialNumber");
    return CS_PASS;
}
CS_RULE(tls_subca_aki_invalid) = {
    .id = "tls_subca_aki_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.11.1, 7.1.2.2.3-7.1.2.6.1 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Subordinate CA authorityKeyIdentifier absent, critical, without keyIdentifier, or with authorityCertIssuer/SerialNumber",
    .zlint = "e_ext_authority_key_identifier_no_key_identifier,e_ext_authority_key_identifier_critical",
    .pkilint = "cabf.serverauth.ca.authority_key_identifier_extension_absent,cabf.authority_key_identifier_has_issuer_cert,"
               "pkix.authority_key_identifier_keyid_missing",
    .applies_to = "TLS subordinate CA certificates", .applies = tls_ca_subordinate, .check = check_subca_aki,
};
