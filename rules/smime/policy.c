/* S/MIME BR certificate policies and scope (SBR 1.2.1, 7.1.2.3 a, 7.1.6). */
#include "smime_common.h"

/* In S/MIME scope (the view's classification: the BR 1.1 definition, or
 * an OID under the S/MIME arc) and not a CA.  Only a reserved OID gives
 * such a certificate a profile; without one the profile rules cannot
 * check it, which is what this rule reports. */
static bool smime_capable_subscriber(const cs_cert *c) { return c->smime.subscriber; }

static cs_result check_reserved_oid_missing(const cs_cert *c, cs_detail *d)
{
    if (c->smime.reserved_oid)
        return CS_PASS;
    const char *why = !c->policies.present   ? "certificatePolicies extension absent"
                      : c->smime.undefined_oid ? "its OIDs under 2.23.140.1.5 are not reserved policy identifiers"
                                               : "no reserved policy OID 2.23.140.1.5.x.y";
    if (c->smime.profile_guessed)
        return cs_fail(d, "S/MIME certificate without an S/MIME profile (%s); profile rules ran with a guessed one",
                       why);
    return cs_fail(d, "S/MIME certificate without an S/MIME profile (%s)", why);
}
CS_RULE(smime_policy_reserved_oid_missing) = {
    SMIME_META(smime_policy_reserved_oid_missing, ERROR, "SBR 7.1.6.4", SMIME_BR_START),
    .description = "S/MIME subscriber certificate without one of the 12 reserved policy OIDs, so "
                   "without a profile; whether the issuer is publicly trusted is not known, so every "
                   "one in scope (emailProtection/anyEKU/no EKU + mailbox SAN, or an OID under "
                   "2.23.140.1.5) is checked",
    .applies_to = "S/MIME-capable subscriber certificates",
    .zlint = "e_exactly_one_smime_policy", .pkilint = "cabf.smime.no_required_reserved_policy_oid,cabf.smime.certificate_policies_extension_missing",
    .applies = smime_capable_subscriber, .check = check_reserved_oid_missing,
};

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

static cs_result check_multiple_reserved(const cs_cert *c, cs_detail *d)
{
    if (c->smime.n_reserved_oids > 1)
        return cs_fail(d, "%u reserved S/MIME policy OIDs", (unsigned)c->smime.n_reserved_oids);
    return CS_PASS;
}
CS_RULE(smime_policy_multiple_reserved_oids) = {
    SMIME_META(smime_policy_multiple_reserved_oids, ERROR, "SBR 7.1.2.3(a)", SMIME_BR_START),
    .description = "more than one reserved S/MIME policy OID (exactly one is required); the "
                   "profile is taken from the first in MV, OV, SV, IV x Legacy, MP, Strict order",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_exactly_one_smime_policy", .pkilint = "cabf.smime.multiple_reserved_policy_oids",
    .applies = any_profile, .check = check_multiple_reserved,
};

static cs_result check_any_policy(const cs_cert *c, cs_detail *d)
{
    if (cs_cert_has_policy(c, CS_OID_POLICY_ANY))
        return cs_fail(d, "anyPolicy asserted");
    return CS_PASS;
}
CS_RULE(smime_policy_any_policy_present) = {
    SMIME_META(smime_policy_any_policy_present, ERROR, "SBR 7.1.2.3(a)", SMIME_BR_START),
    .description = "anyPolicy in a subscriber certificate: only the reserved OID and CA-documented "
                   "OIDs are permitted (interpretation: anyPolicy is not a CA-documented policy)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "cabf.smime.anypolicy_present",
    .applies = any_profile, .check = check_any_policy,
};

static cs_result check_policy_critical(const cs_cert *c, cs_detail *d)
{
    if (c->policies.present && c->policies.ext->critical)
        return cs_fail(d, "certificatePolicies is critical");
    return CS_PASS;
}
CS_RULE(smime_policy_ext_critical) = {
    SMIME_META(smime_policy_ext_critical, WARNING, "SBR 7.1.2.3(a)", SMIME_BR_START),
    .description = "certificatePolicies SHOULD NOT be critical",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "cabf.critical_certificate_policies_extension",
    .applies = any_profile, .check = check_policy_critical,
};

static cs_result check_cps_uri(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->policies.n_qualifiers; i++) {
        const cs_policy_qualifier *q = &c->policies.qualifiers[i];
        if (q->kind == CS_QUALIFIER_CPS && !smime_span_has_prefix_ci(q->cps_uri, "http://") &&
            !smime_span_has_prefix_ci(q->cps_uri, "https://"))
            return cs_fail(d, "CPS qualifier %u is not an HTTP or HTTPS URL", (unsigned)i);
    }
    return CS_PASS;
}
CS_RULE(smime_policy_cps_uri_not_http) = {
    SMIME_META(smime_policy_cps_uri_not_http, ERROR, "SBR 7.1.2.3(a)", SMIME_BR_START),
    .description = "id-qt-cps qualifier value is not an http:// or https:// URL",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "cabf.cps_uri_is_not_http",
    .applies = any_profile, .check = check_cps_uri,
};

static cs_result check_unotice_noticeref(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->policies.n_qualifiers; i++) {
        const cs_policy_qualifier *q = &c->policies.qualifiers[i];
        if (q->kind == CS_QUALIFIER_UNOTICE && q->has_notice_ref)
            return cs_fail(d, "userNotice contains noticeRef");
    }
    return CS_PASS;
}
CS_RULE(smime_policy_unotice_has_noticeref) = {
    SMIME_META(smime_policy_unotice_has_noticeref, ERROR, "SBR 7.1.2.3(a)", SMIME_BR_START),
    .description = "id-qt-unotice qualifier SHALL NOT contain noticeRef",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "w_ext_cert_policy_contains_noticeref", .pkilint = "cabf.smime.usernotice_has_noticeref,pkix.certificate_policies_usernotice_has_noticeref",
    .applies = any_profile, .check = check_unotice_noticeref,
};

static cs_result check_unotice_explicit_text(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->policies.n_qualifiers; i++) {
        const cs_policy_qualifier *q = &c->policies.qualifiers[i];
        if (q->kind == CS_QUALIFIER_UNOTICE && !q->has_explicit_text)
            return cs_fail(d, "userNotice without explicitText");
    }
    return CS_PASS;
}
CS_RULE(smime_policy_unotice_no_explicit_text) = {
    SMIME_META(smime_policy_unotice_no_explicit_text, ERROR, "SBR 7.1.2.3(a)", SMIME_BR_START),
    .description = "id-qt-unotice qualifier SHALL contain explicitText",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = NULL,
    .applies = any_profile, .check = check_unotice_explicit_text,
};

static bool asserts_reserved_oid(const cs_cert *c) { return c->smime.reserved_oid && !c->smime.issuing_ca; }

static cs_result check_before_br(const cs_cert *c, cs_detail *d)
{
    (void)c;
    return cs_fail(d, "asserts an S/MIME BR policy OID but was issued before 2023-09-01");
}
CS_RULE(smime_issued_before_br_effective) = {
    .id = "smime_issued_before_br_effective", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_SMIME,
    .citation = "SBR 1.2.1", .effective = NULL, .ineffective = SMIME_BR_START,
    .description = "asserts a reserved S/MIME OID but notBefore precedes the BR effective date "
                   "2023-09-01; every other S/MIME rule is not effective for it",
    .applies_to = "non-CA certificates asserting a reserved S/MIME policy OID",
    .zlint = NULL, .pkilint = NULL,
    .applies = asserts_reserved_oid, .check = check_before_br,
};

SMIME_APPLIES(legacy_profile, SMIME_ALL_TYPES, SMIME_LEG)

static cs_result check_legacy_sunset(const cs_cert *c, cs_detail *d)
{
    (void)c;
    return cs_fail(d, "Legacy generation policy OID in a certificate issued on or after 2025-07-15");
}
CS_RULE(smime_legacy_generation_after_sunset) = {
    SMIME_META(smime_legacy_generation_after_sunset, ERROR, "SBR 7.1.6.1 (SMC08)", SMIME_SMC08_SUNSET),
    .description = "Legacy generation OIDs 2.23.140.1.5.x.1 may not be used for certificates "
                   "issued on or after 2025-07-15",
    .applies_to = "S/MIME Legacy subscriber certificates",
    .zlint = "e_legacy_generation_deprecated", .pkilint = "cabf.smime.legacy_generation_certificate_issued_after_prohibition",
    .applies = legacy_profile, .check = check_legacy_sunset,
};
