/* TLS BR rules that need the issuing CA's certificate
 * (cs_cert.issuer_cert: the dump's chain or `lint --issuer`): name
 * encoding (BR 7.1.4.1), the key identifier link (7.1.2.11.1; 7.1.2.9.4
 * for a precertificate, whose issuer may be its Precertificate Signing CA)
 * and the signature algorithm of the CA key (7.1.3.2).  Without the
 * issuer they do not apply. */
#include "tls_common.h"

#include "lint/issuer_checks.h"

/* 7.1.4.1, 7.1.2.11.1 and 7.1.3.2 cover every certificate of 7.1.2. */
static bool in_scope(const cs_cert *c) { return c->issuer_cert && tls_in_scope(c); }

CS_RULE(tls_issuer_dn_bytes_mismatch) = {
    .id = "tls_issuer_dn_bytes_mismatch", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.4.1", .effective = TLS_BR_V2_PROFILE,
    .description = "issuer DN not byte-for-byte identical to the subject DN of the issuing CA certificate "
                   "(before the 2.0 profile the BR asked only for an RFC 5280 match)",
    .applies_to = "TLS subscriber and TLS CA certificates whose issuing CA certificate is known",
    .zlint = NULL, .pkilint = NULL,
    .applies = in_scope, .check = cs_issuer_check_name_bytes,
};

/* A precertificate from a Precertificate Signing CA may also carry the
 * final certificate's AKI (7.1.2.9.4 option 2): tls_precert_aki_invalid
 * judges those. */
static bool key_ids_in_scope(const cs_cert *c)
{
    return in_scope(c) && cs_issuer_key_ids_known(c) && !tls_precert_from_signing_ca(c);
}

CS_RULE(tls_aki_issuer_ski_mismatch) = {
    .id = "tls_aki_issuer_ski_mismatch", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.11.1", .effective = TLS_BR_V2_PROFILE,
    .description = "authorityKeyIdentifier keyIdentifier not identical to the subjectKeyIdentifier of the "
                   "issuing CA (precertificates of a Precertificate Signing CA: tls_precert_aki_invalid)",
    .applies_to = "TLS subscriber and TLS CA certificates with an AKI keyIdentifier, whose issuing CA "
                  "certificate is known and has a subjectKeyIdentifier",
    .zlint = NULL, .pkilint = NULL,
    .applies = key_ids_in_scope, .check = cs_issuer_check_key_ids,
};

static cs_result check_sigalg_key(const cs_cert *c, cs_detail *d) { return cs_issuer_check_sigalg_key(c, d, true); }

CS_RULE(tls_sigalg_issuer_key_mismatch) = {
    .id = "tls_sigalg_issuer_key_mismatch", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.3.2.1, 7.1.3.2.2", .effective = "2020-08-20",
    .description = "tbsCertificate.signature does not follow the issuing CA's key: RSA keys sign with RSA "
                   "PKCS#1 v1.5 or PSS, P-256/P-384/P-521 keys with ECDSA SHA-256/SHA-384/SHA-512 exactly",
    .applies_to = "TLS subscriber and TLS CA certificates whose issuing CA certificate is known and has an "
                  "RSA or P-256/384/521 key",
    .zlint = NULL, .pkilint = NULL,
    .applies = in_scope, .check = check_sigalg_key,
};
