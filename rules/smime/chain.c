/* S/MIME BR rules that need the issuing CA's certificate
 * (cs_cert.issuer_cert: the dump's chain or `lint --issuer`): name
 * encoding (SBR 7.1.4.1), the key identifier link (7.1.2.1 e, 7.1.2.2 i),
 * the signature algorithm of the CA key (7.1.3.2) and the end of issuance
 * from Extant S/MIME CAs (Appendix B).  Without the issuer they do not
 * apply. */
#include <stdio.h>

#include "smime_common.h"

#include "lint/issuer_checks.h"

/* S/MIME subscribers asserting a reserved OID, and S/MIME CA certificates:
 * 7.1.4.1, 7.1.2.x and 7.1.3.2 cover every certificate of the path. */
static bool in_scope(const cs_cert *c)
{
    return c->issuer_cert && (smime_any_profile(c) || c->smime.issuing_ca);
}

CS_RULE(smime_issuer_dn_bytes_mismatch) = {
    SMIME_META(smime_issuer_dn_bytes_mismatch, ERROR, "SBR 7.1.4.1", SMIME_BR_START),
    .description = "issuer DN not byte-for-byte identical to the subject DN of the issuing CA certificate",
    .applies_to = "S/MIME subscriber and CA certificates whose issuing CA certificate is known",
    .zlint = NULL, .pkilint = NULL,
    .applies = in_scope, .check = cs_issuer_check_name_bytes,
};

static bool key_ids_in_scope(const cs_cert *c) { return in_scope(c) && cs_issuer_key_ids_known(c); }

CS_RULE(smime_aki_issuer_ski_mismatch) = {
    SMIME_META(smime_aki_issuer_ski_mismatch, ERROR, "SBR 7.1.2.1(e), 7.1.2.2(i); RFC 5280 4.2.1.1", SMIME_BR_START),
    .description = "authorityKeyIdentifier keyIdentifier differs from the issuing CA's subjectKeyIdentifier "
                   "(the CA's SKI SHALL be the keyIdentifier of what it issues)",
    .applies_to = "S/MIME subscriber and CA certificates with an AKI keyIdentifier, whose issuing CA "
                  "certificate is known and has a subjectKeyIdentifier",
    .zlint = NULL, .pkilint = NULL,
    .applies = key_ids_in_scope, .check = cs_issuer_check_key_ids,
};

static cs_result check_sigalg_key(const cs_cert *c, cs_detail *d) { return cs_issuer_check_sigalg_key(c, d, false); }

CS_RULE(smime_sigalg_issuer_key_mismatch) = {
    SMIME_META(smime_sigalg_issuer_key_mismatch, ERROR, "SBR 7.1.3.2.1-7.1.3.2.4", SMIME_BR_START),
    .description = "tbsCertificate.signature does not follow the issuing CA's key: RSA keys sign with RSA "
                   "PKCS#1 v1.5 or PSS, P-256/P-384/P-521 with ECDSA SHA-256/384/512, EdDSA and ML-DSA keys "
                   "with their own algorithm and parameter set",
    .applies_to = "S/MIME subscriber and CA certificates whose issuing CA certificate is known (RSA, EC on "
                  "P-256/384/521, EdDSA or ML-DSA key)",
    .zlint = NULL, .pkilint = NULL,
    .applies = in_scope, .check = check_sigalg_key,
};

/* The issuing CA is a subordinate CA that could issue the certificate: a
 * root issuing subscribers directly is another fault, and behind a
 * Precertificate Signing Certificate the issuing CA is not in view. */
static bool subscriber_under_sub_ca(const cs_cert *c)
{
    const cs_cert *ca = c->issuer_cert;
    return ca && smime_any_profile(c) && !ca->is_self_issued && !cs_cert_has_eku(ca, CS_OID_KP_CT_PRECERT_SIGNING);
}

/* What makes the CA fall short of an S/MIME BR subordinate CA, or NULL.
 * These are the traits of an Extant S/MIME CA (SBR 1.6.1: no EKU,
 * anyExtendedKeyUsage, or policies without the reserved OIDs) that a
 * compliant one may not have (7.1.2.2 g, 7.1.6.3). */
static const char *not_compliant(const cs_cert *ca, char *buf, size_t size)
{
    if (!ca->eku.present)
        return "has no extKeyUsage";
    if (!ca->has_eku_email_protection)
        return "lacks id-kp-emailProtection in its extKeyUsage";
    cs_oid_id banned = smime_ca_prohibited_eku(ca);
    if (banned != CS_OID_UNKNOWN) {
        snprintf(buf, size, "asserts %s", cs_oid_short_name(banned));
        return buf;
    }
    if (!ca->policies.present)
        return "has no certificatePolicies";
    if (!smime_ca_policies_ok(ca))
        return "has neither a reserved S/MIME policy OID nor anyPolicy";
    return NULL;
}

static cs_result check_extant(const cs_cert *c, cs_detail *d)
{
    const cs_cert *ca = c->issuer_cert;
    char buf[64];
    const char *why = not_compliant(ca, buf, sizeof buf);
    if (!why)
        return CS_PASS;
    bool extant = ca->not_before.valid && ca->not_before.t < SMIME_BR_START_T;
    return cs_fail(d, "issued from 2024-09-15 by a CA that %s%s", why,
                   extant ? " (an Extant S/MIME CA: notBefore before 2023-09-01)" : "");
}

CS_RULE(smime_extant_ca_after_transition) = {
    SMIME_META(smime_extant_ca_after_transition, ERROR, "SBR Appendix B, 7.1.2.2(g), 7.1.6.3", SMIME_EXTANT_CA_END),
    .description = "issued on or after 2024-09-15 by a subordinate CA that is not an S/MIME BR CA: its "
                   "extKeyUsage is absent, lacks emailProtection or has serverAuth/codeSigning/timeStamping/"
                   "anyExtendedKeyUsage, or its certificatePolicies has neither a reserved S/MIME OID nor "
                   "anyPolicy (whatever the CA's own notBefore)",
    .applies_to = "S/MIME subscriber certificates whose issuing CA certificate is known and is a subordinate "
                  "CA (not self-issued, not a precertificate signer)",
    .zlint = NULL, .pkilint = NULL,
    .applies = subscriber_under_sub_ca, .check = check_extant,
};
