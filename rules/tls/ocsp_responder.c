/* BR 7.1.2.8 OCSP Responder Certificate Profile (and BR 1.x 4.9.9 for
 * id-pkix-ocsp-nocheck). */
#include "lint/tls_ca_kind.h"
#include "tls_common.h"

static const uint8_t asn1_null[] = { 0x05, 0x00 };
static const uint8_t empty_sequence[] = { 0x30, 0x00 };

static cs_result check_nocheck_present(const cs_cert *c, cs_detail *d)
{
    return cs_cert_find_ext(c, CS_OID_EXT_OCSP_NOCHECK) ? CS_PASS : cs_fail(d, "id-pkix-ocsp-nocheck absent");
}

/* A subordinate CA whose EKU holds id-kp-OCSPSigning can sign OCSP responses
 * for its issuer: it is an OCSP signing certificate in the sense of BR 4.9.9
 * too (the 2020 delegated-responder incidents), whatever else it is. */
static bool ocsp_signing_certificate(const cs_cert *c)
{
    return tls_ocsp_responder(c) ||
           (tls_ca_subordinate(c) && c->eku.present && cs_cert_has_eku(c, CS_OID_KP_OCSP_SIGNING));
}
CS_RULE(tls_ocsp_nocheck_missing) = {
    .id = "tls_ocsp_nocheck_missing", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.8.6, 4.9.9 (BR 1.0 13.2.5)", .effective = TLS_BR_START,
    .description = "OCSP responder certificate without the id-pkix-ocsp-nocheck extension",
    .zlint = "e_ocsp_id_pkix_ocsp_nocheck_ext_not_included_server_auth", .pkilint = "cabf.serverauth.ocsp_responder.ocsp_nocheck_extension_absent",
    .applies_to = "OCSP responder certificates (OCSPSigning, not a CA) issued by a known TLS CA, and TLS subordinate CA certificates with OCSPSigning",
    .applies = ocsp_signing_certificate, .check = check_nocheck_present,
};

static cs_result check_extensions(const cs_cert *c, cs_detail *d)
{
    const cs_ext *e = cs_cert_find_ext(c, CS_OID_EXT_OCSP_NOCHECK);
    if (e && (e->critical || !cs_span_eq_bytes(e->value, asn1_null, sizeof asn1_null)))
        return cs_fail(d, "id-pkix-ocsp-nocheck is critical or its value is not NULL (05 00)");
    if (c->name_constraints.present)
        return cs_fail(d, "nameConstraints present");
    if (c->san.present)
        return cs_fail(d, "subjectAltName present");
    if (c->crldp.present)
        return cs_fail(d, "cRLDistributionPoints present");
    if (c->bc.present && c->bc.ext && (!c->bc.ext->critical || !cs_span_eq_bytes(c->bc.ext->value, empty_sequence, 2)))
        return cs_fail(d, "basicConstraints not critical, or its value is not an empty SEQUENCE (30 00)");
    for (uint16_t i = 0; c->aia.present && i < c->aia.n && i < CS_MAX_ACCESS; i++)
        if (c->aia.items[i].method != CS_OID_AD_OCSP)
            return cs_fail(d, "authorityInformationAccess has an accessMethod other than id-ad-ocsp");
    if (c->aki.present && (!c->aki.has_key_id || c->aki.has_issuer || c->aki.has_serial))
        return cs_fail(d, "authorityKeyIdentifier without keyIdentifier or with authorityCertIssuer/SerialNumber");
    if (!c->aki.present)
        return cs_fail(d, "authorityKeyIdentifier absent");
    /* The Critical column says N for these. */
    const cs_ext *not_critical[] = { c->aki.ext, c->ski.ext, c->aia.ext, c->policies.ext };
    for (size_t i = 0; i < sizeof not_critical / sizeof not_critical[0]; i++)
        if (not_critical[i] && not_critical[i]->critical)
            return cs_fail(d, "%s is marked critical", cs_oid_short_name(not_critical[i]->id));
    /* 7.1.2.8.8: only id-qt-cps qualifiers, with an http(s) URL. */
    for (uint16_t i = 0; i < c->policies.n && i < CS_MAX_POLICIES; i++)
        if (tls_check_policy_qualifiers(c, &c->policies.items[i], d) != CS_PASS)
            return CS_FAIL;
    return CS_PASS;
}
CS_RULE(tls_ocsp_extensions_invalid) = {
    .id = "tls_ocsp_extensions_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.8.2, 7.1.2.8.3, 7.1.2.8.4, 7.1.2.8.6, 7.1.2.8.8 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "OCSP responder with nameConstraints, subjectAltName or cRLDistributionPoints, a non-NULL or critical ocsp-nocheck, a basicConstraints other than a critical empty SEQUENCE, an AIA method other than OCSP, an AKI absent or not keyIdentifier-only, a critical AKI/SKI/AIA/certificatePolicies, or a policy qualifier other than an http(s) id-qt-cps",
    .zlint = "e_ocsp_cert_cdp_forbidden",
    .pkilint = "cabf.serverauth.ocsp_responder.name_constraints_extension_present,cabf.serverauth.ocsp_responder.subject_altname_extension_present,cabf.serverauth.ocsp_responder.crl_distribution_points_extension_present,cabf.serverauth.ocsp_responder.authority_key_identifier_extension_absent",
    .applies_to = "OCSP responder certificates (OCSPSigning, not a CA) issued by a known TLS CA",
    .applies = tls_ocsp_responder, .check = check_extensions,
};

static cs_result check_eku(const cs_cert *c, cs_detail *d)
{
    char other[64];
    if (tls_eku_other_than(c, CS_OID_KP_OCSP_SIGNING, other, sizeof other))
        return cs_fail(d, "extKeyUsage includes %s besides OCSPSigning", other);
    return CS_PASS;
}
CS_RULE(tls_ocsp_eku_invalid) = {
    .id = "tls_ocsp_eku_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.8.5 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "OCSP responder extKeyUsage with a key purpose other than OCSPSigning",
    .zlint = NULL, .pkilint = "cabf.serverauth.ocsp_responder.unknown_eku_present",
    .applies_to = "OCSP responder certificates (OCSPSigning, not a CA) issued by a known TLS CA",
    .applies = tls_ocsp_responder, .check = check_eku,
};

static cs_result check_ku(const cs_cert *c, cs_detail *d)
{
    if (!c->ku.present)
        return cs_fail(d, "keyUsage extension absent");
    if (c->ku.ext && !c->ku.ext->critical)
        return cs_fail(d, "keyUsage is not marked critical");
    if (!(c->ku.bits & CS_KU_DIGITAL_SIGNATURE))
        return cs_fail(d, "digitalSignature not set");
    if (c->ku.bits & ~CS_KU_DIGITAL_SIGNATURE) {
        char names[CS_KU_NAMES_MAX];
        return cs_fail(d, "keyUsage has %s (only digitalSignature allowed)",
                       cs_ku_names((uint16_t)(c->ku.bits & ~CS_KU_DIGITAL_SIGNATURE), names, sizeof names));
    }
    return CS_PASS;
}
CS_RULE(tls_ocsp_ku_invalid) = {
    .id = "tls_ocsp_ku_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.8.7, 7.1.2.8.2 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "OCSP responder keyUsage absent, not critical, without digitalSignature or with another bit",
    .zlint = "e_ocsp_cert_invalid_ku", .pkilint = "cabf.serverauth.ocsp_responder.key_usage_extension_absent,cabf.serverauth.ocsp_responder.digitalsignature_bit_missing,cabf.serverauth.ocsp_responder.prohibited_ku_present",
    .applies_to = "OCSP responder certificates (OCSPSigning, not a CA) issued by a known TLS CA",
    .applies = tls_ocsp_responder, .check = check_ku,
};

static cs_result check_no_policies(const cs_cert *c, cs_detail *d)
{
    return c->policies.present ? cs_fail(d, "certificatePolicies present") : CS_PASS;
}
CS_RULE(tls_ocsp_policies_present) = {
    .id = "tls_ocsp_policies_present", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.8.2, 7.1.2.8.8 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "OCSP responder certificate with certificatePolicies (SHOULD NOT)",
    .zlint = "e_ocsp_cert_cp_forbidden", .pkilint = "cabf.serverauth.ocsp_responder.certificate_policies_extension_present",
    .applies_to = "OCSP responder certificates (OCSPSigning, not a CA) issued by a known TLS CA",
    .applies = tls_ocsp_responder, .check = check_no_policies,
};
