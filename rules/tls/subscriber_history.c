/* The subscriber certificate requirements of the Baseline Requirements
 * before the 2023-09-15 profiles (ballot SC-062): BR 1.0 (2012-07-01,
 * Appendix B and 9.2) as renumbered in BR 1.3 (7.1.2.3, 7.1.4.2.2, 6.3.2).
 * Each rule's window ends where a rule of the current profile takes over
 * (validity.c, usage.c, revocation.c, policies.c, subject.c), so that a
 * certificate is judged once, by the text in force at its notBefore. */
#include <string.h>
#include <time.h>

#include "tls_common.h"
#include "util/duration.h"

/* ---- BR 6.3.2 (BR 1.0 9.4): maximum validity ------------------------- */

static cs_result check_60_months(const cs_cert *c, cs_detail *d) { return tls_check_validity_months(c, d, 60); }
CS_RULE(tls_validity_over_60_months) = {
    .id = "tls_validity_over_60_months", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 9.4, BR 1.3 6.3.2", .effective = TLS_BR_START, .ineffective = "2016-07-01",
    .description = "Validity period (notAfter - notBefore) longer than 60 months for a certificate issued from 2012-07-01 to 2016-06-30",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_60_months,
};

/* BR 1.3 6.3.2: 39 months from 2015-04-01, with documented exceptions up
 * to 60 months until 2016-07-01; 39 months without exception after that. */
static cs_result check_39_months(const cs_cert *c, cs_detail *d) { return tls_check_validity_months(c, d, 39); }
CS_RULE(tls_validity_over_39_months) = {
    .id = "tls_validity_over_39_months", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.3 6.3.2 (ballot 193 ended it)", .effective = "2016-07-01", .ineffective = "2018-03-01",
    .description = "Validity period (notAfter - notBefore) longer than 39 months for a certificate issued from 2016-07-01 to 2018-02-28",
    .zlint = "e_sub_cert_valid_time_longer_than_39_months",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_39_months,
};

static cs_result check_825_days(const cs_cert *c, cs_detail *d)
{
    if (!c->not_before.valid || !c->not_after.valid)
        return CS_NA;
    int64_t span = c->not_after.t - c->not_before.t;
    if (span > INT64_C(825) * 86400) {
        char v[CS_DURATION_TEXT_MAX];
        return cs_fail(d, "validity %s exceeds 825 days", cs_duration_text(span, v, sizeof v));
    }
    return CS_PASS;
}
CS_RULE(tls_validity_over_825_days) = {
    .id = "tls_validity_over_825_days", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.5 6.3.2 (ballot 193)", .effective = "2018-03-01", .ineffective = "2020-09-01",
    .description = "Validity period (notAfter - notBefore) longer than 825 days for a certificate issued from 2018-03-01 to 2020-08-31",
    .zlint = "e_sub_cert_valid_time_longer_than_825_days",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_825_days,
};

/* ---- BR 1.3 7.1.3 (ballot 118): the SHA-1 sunset --------------------- */

static bool sha1_signed_scope(const cs_cert *c) { return tls_in_scope(c) && !c->is_self_issued; }

static cs_result check_sha1(const cs_cert *c, cs_detail *d)
{
    cs_oid_id a = c->tbs_sig_alg.id;
    if (a == CS_OID_SIG_SHA1_RSA || a == CS_OID_SIG_ECDSA_SHA1 || a == CS_OID_SIG_DSA_SHA1)
        return cs_fail(d, "signed with %s", cs_oid_short_name(a));
    return CS_PASS;
}
CS_RULE(tls_sha1_signature) = {
    .id = "tls_sha1_signature", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.3 7.1.3 (ballot 118)", .effective = "2016-01-01", .ineffective = "2020-08-20",
    .description = "A subscriber or subordinate CA certificate issued from 2016-01-01 is signed with SHA-1 (from 2020-08-20 tls_sigalg_encoding decides)",
    .zlint = "e_sub_cert_or_sub_ca_using_sha1",
    .applies_to = "TLS subscriber and TLS CA certificates that are not self-issued", .applies = sha1_signed_scope,
    .check = check_sha1,
};

/* ---- BR 1.0 Appendix B (3), BR 1.3 7.1.2.3: extensions --------------- */

static cs_result check_aia_ocsp(const cs_cert *c, cs_detail *d)
{
    if (!c->aia.present)
        return cs_fail(d, "authorityInformationAccess absent");
    if (c->aia.ext && c->aia.ext->critical)
        return cs_fail(d, "authorityInformationAccess marked critical");
    for (uint16_t i = 0; i < c->aia.n; i++) {
        const cs_access_description *a = &c->aia.items[i];
        if (a->method == CS_OID_AD_OCSP && a->location && a->location->type == CS_GN_URI &&
            tls_url_is_http(a->location->value, false))
            return CS_PASS;
    }
    return cs_fail(d, "authorityInformationAccess has no HTTP URL of an OCSP responder");
}
CS_RULE(tls_br1_aia_ocsp_missing) = {
    .id = "tls_br1_aia_ocsp_missing", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 Appendix B (3)(C), BR 1.3 7.1.2.3(c)", .effective = TLS_BR_START, .ineffective = TLS_BR_V2_PROFILE,
    .description = "authorityInformationAccess absent, critical, or without the HTTP URL of the OCSP responder (the stapling exception cannot be seen in the certificate and is not taken)",
    .zlint = "e_sub_cert_aia_does_not_contain_ocsp_url",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_aia_ocsp,
};

static cs_result check_eku_br1(const cs_cert *c, cs_detail *d)
{
    if (!c->eku.present)
        return cs_fail(d, "extKeyUsage absent");
    for (uint16_t i = 0; i < c->eku.n; i++)
        if (c->eku.ids[i] == CS_OID_KP_SERVER_AUTH || c->eku.ids[i] == CS_OID_KP_CLIENT_AUTH)
            return CS_PASS;
    return cs_fail(d, "extKeyUsage has neither id-kp-serverAuth nor id-kp-clientAuth");
}
CS_RULE(tls_br1_eku_missing) = {
    .id = "tls_br1_eku_missing", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 Appendix B (3)(F), BR 1.3 7.1.2.3(f)", .effective = TLS_BR_START, .ineffective = TLS_BR_V2_PROFILE,
    .description = "extKeyUsage absent, or with neither serverAuth nor clientAuth",
    .zlint = "e_sub_cert_eku_server_auth_client_auth_missing,e_sub_cert_eku_missing",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_eku_br1,
};

static cs_result check_policies_br1(const cs_cert *c, cs_detail *d)
{
    if (!c->policies.present)
        return cs_fail(d, "certificatePolicies absent");
    return CS_PASS;
}
CS_RULE(tls_br1_policies_missing) = {
    .id = "tls_br1_policies_missing", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 Appendix B (3)(A), BR 1.3 7.1.2.3(a)", .effective = TLS_BR_START, .ineffective = TLS_BR_V2_PROFILE,
    .description = "certificatePolicies absent",
    .zlint = "e_sub_cert_certificate_policies_missing",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_policies_br1,
};

/* ---- BR 1.0 9.2.4, BR 1.3 7.1.4.2.2: subject fields ------------------ */

static bool names_subject(const cs_name *s)
{
    return cs_name_count(s, CS_OID_AT_ORGANIZATION) || cs_name_count(s, CS_OID_AT_GIVEN_NAME) ||
           cs_name_count(s, CS_OID_AT_SURNAME);
}

static cs_result check_address_without_identity(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id address[] = { CS_OID_AT_LOCALITY, CS_OID_AT_STATE, CS_OID_AT_STREET, CS_OID_AT_POSTAL_CODE };
    if (names_subject(&c->subject))
        return CS_PASS;
    for (size_t i = 0; i < sizeof address / sizeof address[0]; i++)
        if (cs_name_count(&c->subject, address[i]))
            return cs_fail(d, "subject holds %s without organizationName, givenName or surname",
                           cs_oid_short_name(address[i]));
    return CS_PASS;
}
CS_RULE(tls_br1_address_without_identity) = {
    .id = "tls_br1_address_without_identity", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 9.2.4, BR 1.3 7.1.4.2.2(f)-(i)", .effective = TLS_BR_START, .ineffective = TLS_BR_V2_PROFILE,
    .description = "localityName, stateOrProvinceName, streetAddress or postalCode present while organizationName, givenName and surname are all absent",
    .zlint = "e_sub_cert_locality_name_must_not_appear,e_sub_cert_province_must_not_appear,e_sub_cert_street_address_should_not_exist,e_sub_cert_postal_code_must_not_appear",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_address_without_identity,
};

/* OV and IV certificates have tls_ov_iv_subject_required (same fields,
 * from the same date); this one covers the others. */
static bool subscriber_not_ov_iv(const cs_cert *c)
{
    return c->tls.subscriber && c->tls.level != CS_TLS_OV && c->tls.level != CS_TLS_IV;
}

static cs_result check_identity_without_address(const cs_cert *c, cs_detail *d)
{
    const cs_name *s = &c->subject;
    if (!names_subject(s))
        return CS_PASS;
    if (!cs_name_count(s, CS_OID_AT_COUNTRY))
        return cs_fail(d, "subject names an organization or person but lacks countryName");
    if (!cs_name_count(s, CS_OID_AT_LOCALITY) && !cs_name_count(s, CS_OID_AT_STATE))
        return cs_fail(d, "subject names an organization or person but has neither localityName nor stateOrProvinceName");
    return CS_PASS;
}
CS_RULE(tls_br1_identity_without_address) = {
    .id = "tls_br1_identity_without_address", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 9.2.4, BR 1.3 7.1.4.2.2(g),(h),(j)", .effective = TLS_BR_START, .ineffective = TLS_BR_V2_PROFILE,
    .description = "organizationName, givenName or surname present without countryName, or without both localityName and stateOrProvinceName (OV/IV: tls_ov_iv_subject_required)",
    .zlint = "e_sub_cert_country_name_must_appear,e_sub_cert_locality_name_must_appear,e_sub_cert_province_must_appear",
    .applies_to = "TLS subscriber certificates not asserting the OV or IV policy", .applies = subscriber_not_ov_iv,
    .check = check_identity_without_address,
};

/* ---- BR 1.0 9.2.2(a), BR 1.3 7.1.4.2.2(a): commonName ---------------- */

static cs_result check_cn_in_san(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type == CS_OID_AT_COMMON_NAME && !tls_cn_in_san(c, a->value, true))
            return cs_fail(d, "commonName '%.*s' is not one of the subjectAltName values",
                           (int)(a->value.len > 64 ? 64 : a->value.len), (const char *)a->value.p);
    }
    return CS_PASS;
}
CS_RULE(tls_br1_cn_not_in_san) = {
    .id = "tls_br1_cn_not_in_san", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 9.2.2(a), BR 1.3 7.1.4.2.2(a)", .effective = TLS_BR_START, .ineffective = "2021-08-25",
    .description = "commonName is not one of the values of subjectAltName (dNSName compared case-insensitively, iPAddress as text); from 2021-08-25 tls_cn_not_from_san",
    .zlint = "e_subject_common_name_not_from_san",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_cn_in_san,
};
