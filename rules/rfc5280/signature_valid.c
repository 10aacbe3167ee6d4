/* RFC 5280 6.1.3(a)(1): the signature verifies under the working public
 * key, the issuing CA's.  Only with --verify-signatures (or lint --issuer)
 * and the issuer known; see x509/signature_verify.h. */
#include "lint/issuer_checks.h"

CS_RULE(rfc5280_signature_invalid) = {
    .id = "rfc5280_signature_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.1.3, 6.1.3(a)(1)", .effective = NULL,
    .description = "the signature does not verify under the issuing CA's public key: the certificate was "
                   "altered, or not signed by the CA it names",
    .applies_to = "complete certificates whose issuing CA certificate is known, with signature verification "
                  "asked for (scan --verify-signatures, lint --issuer)",
    .zlint = NULL, .pkilint = NULL,
    .applies = cs_issuer_signature_checked, .check = cs_issuer_check_signature,
};
