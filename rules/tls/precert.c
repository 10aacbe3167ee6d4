/* BR 7.1.2.9 (precertificate profile).  Not in the catalogue's table:
 * added for the precertificate rules the issue asks for. */
#include "tls_common.h"

static cs_result check_poison(const cs_cert *c, cs_detail *d)
{
    static const uint8_t null[] = { 0x05, 0x00 };
    const cs_ext *e = c->ct_poison.ext;
    if (!e)
        return CS_NA;
    if (!e->critical)
        return cs_fail(d, "precertificate poison extension is not critical");
    if (!cs_span_eq_bytes(e->value, null, sizeof null))
        return cs_fail(d, "precertificate poison extnValue is not exactly 05 00");
    return CS_PASS;
}
CS_RULE(tls_precert_poison_invalid) = {
    .id = "tls_precert_poison_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.9.1, 7.1.2.9.3; RFC 6962 3.1", .effective = TLS_BR_V2_PROFILE,
    .description = "Precertificate poison extension not critical or its extnValue is not exactly the DER NULL 05 00",
    .zlint = NULL, .pkilint = "pkix.ct_precert_poison_extension_not_critical",
    .applies_to = "TLS precertificates", .applies = tls_precert, .check = check_poison,
};

static cs_result check_sct(const cs_cert *c, cs_detail *d)
{
    if (c->sct_list.present)
        return cs_fail(d, "precertificate carries a Signed Certificate Timestamp List");
    return CS_PASS;
}
CS_RULE(tls_precert_sct_present) = {
    .id = "tls_precert_sct_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.9.1, 7.1.2.9.2", .effective = TLS_BR_V2_PROFILE,
    .description = "A precertificate carries the Signed Certificate Timestamp List extension (MUST NOT)",
    .zlint = "e_precert_with_sct_list", .pkilint = "pkix.ct_precert_poison_and_sctlist_extensions_present,cabf.serverauth.subscriber.sct_list_extension_present",
    .applies_to = "TLS precertificates", .applies = tls_precert, .check = check_sct,
};

/* 7.1.2.9.4: the AKI of a precertificate from a Precertificate Signing CA
 * is either (1, SHOULD) that CA's own key identifier, without issuer or
 * serial, or (2, MAY) byte-for-byte the final certificate's AKI.  The
 * final certificate is not at hand; its AKI names the Issuing CA, whose
 * key identifier the Precertificate Signing CA's own AKI holds, and
 * 7.1.2.11.1 gives it no issuer or serial either: so the keyIdentifier
 * must be one of those two, alone. */
static cs_result check_precert_aki(const cs_cert *c, cs_detail *d)
{
    const cs_cert *ca = c->issuer_cert;
    if (!c->aki.present)
        return cs_fail(d, "authorityKeyIdentifier absent");
    if (!c->aki.has_key_id)
        return cs_fail(d, "authorityKeyIdentifier has no keyIdentifier");
    if (c->aki.has_issuer || c->aki.has_serial)
        return cs_fail(d, "authorityKeyIdentifier has authorityCertIssuer or authorityCertSerialNumber");
    bool own = ca->ski.present && cs_span_eq(c->aki.key_id, ca->ski.key_id);
    bool final = ca->aki.has_key_id && cs_span_eq(c->aki.key_id, ca->aki.key_id);
    if (!own && !final)
        return cs_fail(d, "authorityKeyIdentifier keyIdentifier is neither the Precertificate Signing CA's "
                          "subjectKeyIdentifier nor the Issuing CA's key identifier");
    return CS_PASS;
}
CS_RULE(tls_precert_aki_invalid) = {
    .id = "tls_precert_aki_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.9.2, 7.1.2.9.4 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Precertificate from a Precertificate Signing CA whose authorityKeyIdentifier is absent, has "
                   "issuer/serial, or whose keyIdentifier is neither that CA's SKI nor the Issuing CA's key identifier",
    .zlint = NULL, .pkilint = NULL,
    .applies_to = "TLS precertificates whose issuer is known to be a Precertificate Signing CA",
    .applies = tls_precert_from_signing_ca, .check = check_precert_aki,
};
