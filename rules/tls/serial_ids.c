/* BR 7.1.2.7 subscriber profile table: serialNumber, unique identifiers,
 * and 7.1.2.7.6 / 7.1.2.11.4 (subjectKeyIdentifier NOT RECOMMENDED). */
#include "tls_common.h"

/* 64 bits of CSPRNG output need at least 8 magnitude octets; a shorter
 * magnitude cannot hold them (a 64-bit random value is below 2^56 with
 * probability 1/256: CAs should use more than 64 bits). */
static cs_result check_serial(const cs_cert *c, cs_detail *d)
{
    if (c->serial.len == 0 || c->serial_negative || c->serial_zero)
        return cs_fail(d, "serialNumber is not greater than zero");
    if (c->serial_magnitude_len > 20 || (c->serial_magnitude_len == 20 && (c->serial.p[c->serial.len - 20] & 0x80)))
        return cs_fail(d, "serialNumber is not below 2^159");
    if (c->serial_magnitude_len < 8)
        return cs_fail(d, "serialNumber has %u magnitude octets, too few for 64 bits of CSPRNG output",
                       (unsigned)c->serial_magnitude_len);
    return CS_PASS;
}
CS_RULE(tls_serial_entropy) = {
    .id = "tls_serial_entropy", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7, 7.1.2.10", .effective = TLS_BR_V2_PROFILE,
    .description = "serialNumber not in 1..2^159-1, or shorter than 8 magnitude octets (cannot contain 64 CSPRNG bits; heuristic)",
    .zlint = NULL, .pkilint = "pkix.certificate_serial_number_out_of_range",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_serial,
};

static cs_result check_unique_ids(const cs_cert *c, cs_detail *d)
{
    if (c->has_issuer_unique_id || c->has_subject_unique_id)
        return cs_fail(d, "%s present", c->has_issuer_unique_id ? "issuerUniqueID" : "subjectUniqueID");
    return CS_PASS;
}
CS_RULE(tls_unique_ids_present) = {
    .id = "tls_unique_ids_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7, 7.1.2.1-7.1.2.6, 7.1.2.8", .effective = TLS_BR_V2_PROFILE,
    .description = "issuerUniqueID or subjectUniqueID present",
    .zlint = "e_cert_contains_unique_identifier", .pkilint = "pkix.issuer_unique_id_present,pkix.subject_unique_id_present",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_unique_ids,
};

static cs_result check_ski(const cs_cert *c, cs_detail *d)
{
    if (c->ski.present)
        return cs_fail(d, "subjectKeyIdentifier present");
    return CS_PASS;
}
CS_RULE(tls_ski_not_recommended) = {
    .id = "tls_ski_not_recommended", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.6", .effective = TLS_BR_V2_PROFILE,
    .description = "subjectKeyIdentifier present in a subscriber certificate (NOT RECOMMENDED)",
    .zlint = "w_ext_subject_key_identifier_not_recommended_subscriber", .pkilint = "cabf.serverauth.subscriber.subject_key_identifier_extension_present",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_ski,
};
