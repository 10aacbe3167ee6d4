/* BR 7.1.2.11.3: the Signed Certificate Timestamp List extension, not
 * critical in every profile that allows it (7.1.2.1.2 ... 7.1.2.8.2), holds an
 * OCTET STRING with an encoded SignedCertificateTimestampList (RFC 6962
 * 3.3).  The view checks the two TLS length layers (the extension is not
 * "decoded" otherwise); this rule also reads each SerializedSCT as the
 * SignedCertificateTimestamp structure of RFC 6962 3.2, in place. */
#include "tls_common.h"

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* struct { Version sct_version (0 = v1); LogID id (32 octets); uint64
 * timestamp; CtExtensions extensions <0..2^16-1>; digitally-signed struct
 * { hash (1), signature algorithm (1), opaque signature <0..2^16-1> } }.
 * Returns NULL when the octets are exactly one such SCT. */
static const char *sct_error(const uint8_t *p, size_t n)
{
    if (n < 1 + 32 + 8 + 2)
        return "is shorter than a v1 SignedCertificateTimestamp";
    if (p[0] != 0)
        return "has a version other than v1 (0)";
    size_t i = 1 + 32 + 8;
    size_t ext = be16(p + i);
    i += 2;
    if (ext > n - i || n - i - ext < 4)
        return "is cut inside its extensions or signature";
    i += ext + 2;
    size_t sig = be16(p + i);
    i += 2;
    if (sig != n - i)
        return "has a signature length that does not end the SCT";
    return NULL;
}

static cs_result check_sct_list(const cs_cert *c, cs_detail *d)
{
    if (c->sct_list.ext && c->sct_list.ext->critical)
        return cs_fail(d, "Signed Certificate Timestamp List marked critical");
    if (c->sct_list.ext && !c->sct_list.ext->decoded)
        return cs_fail(d, "the extension value is not an OCTET STRING holding a SignedCertificateTimestampList");
    cs_span l = c->sct_list.list;
    unsigned k = 0;
    for (size_t i = 2; i + 2 <= l.len; k++) {
        size_t len = be16(l.p + i);
        i += 2;
        if (len > l.len - i) /* the view's decoding rules this out; kept for hostile input */
            break;
        const char *e = sct_error(l.p + i, len);
        if (e)
            return cs_fail(d, "SCT %u of the list %s", k + 1, e);
        i += len;
    }
    return CS_PASS;
}
static bool with_sct_list(const cs_cert *c) { return c->sct_list.present && tls_in_scope(c); }
CS_RULE(tls_sct_list_invalid) = {
    .id = "tls_sct_list_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.11.3 and the extension tables of 7.1.2.1-7.1.2.8 (SC-62); RFC 6962 3.2, 3.3",
    .effective = TLS_BR_V2_PROFILE,
    .description = "Signed Certificate Timestamp List critical, or not an encoded SignedCertificateTimestampList of "
                   "v1 SCTs (empty, bad lengths, an SCT that is not a v1 SignedCertificateTimestamp)",
    .zlint = "e_empty_sct_list",
    .pkilint = "cabf.serverauth.subscriber.critical_sct_list_extension,cabf.serverauth.ca.critical_sct_list_extension",
    .applies_to = "TLS certificates with the SCT list extension", .applies = with_sct_list, .check = check_sct_list,
};
