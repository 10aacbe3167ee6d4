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
