/* RFC 5280 rules that need the issuing CA's certificate
 * (cs_cert.issuer_cert: the dump's chain or `lint --issuer`): name
 * chaining (4.1.2.4, 6.1.3, 7.1) and the key identifier link (4.2.1.1,
 * 4.2.1.2).  Without the issuer they do not apply. */
#include "lint/issuer_checks.h"

static bool issuer_known(const cs_cert *c) { return c->issuer_cert != NULL; }

CS_RULE(rfc5280_issuer_name_mismatch) = {
    .id = "rfc5280_issuer_name_mismatch", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.4, 6.1.3(a)(4), 7.1", .effective = NULL,
    .description = "issuer field does not match the issuing CA's subject under the RFC 5280 7.1 comparison "
                   "(string types transcoded, RFC 4518 spaces and case folding; no Unicode normalization): "
                   "the certificate does not chain to that CA; byte differences alone are the BR rules' concern",
    .zlint = NULL, .pkilint = NULL,
    .applies_to = "certificates whose issuing CA certificate is known", .applies = issuer_known,
    .check = cs_issuer_check_name_match,
};

CS_RULE(rfc5280_aki_issuer_ski_mismatch) = {
    .id = "rfc5280_aki_issuer_ski_mismatch", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.1, 4.2.1.2", .effective = NULL,
    .description = "authorityKeyIdentifier keyIdentifier differs from the subjectKeyIdentifier of the issuing "
                   "CA certificate (which MUST be the value its certificates carry)",
    .applies_to = "certificates with an AKI keyIdentifier whose issuing CA certificate is known and has a "
                  "subjectKeyIdentifier",
    .zlint = NULL, .pkilint = NULL,
    .applies = cs_issuer_key_ids_known, .check = cs_issuer_check_key_ids,
};
