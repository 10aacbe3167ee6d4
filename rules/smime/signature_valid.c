/* SBR 7.1.2.4 / RFC 5280: an S/MIME certificate's signature verifies under
 * the issuing CA's key.  Only with --verify-signatures (or lint --issuer)
 * and the issuer known; see x509/signature_verify.h. */
#include "smime_common.h"

#include "lint/issuer_checks.h"

static bool in_scope(const cs_cert *c)
{
    return cs_issuer_signature_checked(c) && (smime_any_profile(c) || c->smime.issuing_ca);
}

CS_RULE(smime_signature_invalid) = {
    SMIME_META(smime_signature_invalid, ERROR, "SBR 7.1.2.4; RFC 5280 4.1.1.3, 6.1.3(a)(1)", SMIME_BR_START),
    .description = "the signature does not verify under the issuing CA's public key",
    .applies_to = "S/MIME subscriber and CA certificates whose issuing CA certificate is known, with signature "
                  "verification asked for (scan --verify-signatures, lint --issuer)",
    .zlint = NULL, .pkilint = NULL,
    .applies = in_scope, .check = cs_issuer_check_signature,
};
