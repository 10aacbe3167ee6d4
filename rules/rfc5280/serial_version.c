/* RFC 5280 4.1.2.1 (version), 4.1.2.2 (serialNumber), 4.1.2.8 (unique
 * identifiers). */
#include "rfc5280_common.h"

static cs_result check_serial_not_positive(const cs_cert *c, cs_detail *d)
{
    if (c->serial.len == 0)
        return cs_fail(d, "serialNumber has no content octets");
    if (c->serial_negative)
        return cs_fail(d, "serialNumber is negative");
    if (c->serial_zero)
        return cs_fail(d, "serialNumber is zero");
    return CS_PASS;
}
CS_RULE(rfc5280_serial_not_positive) = {
    .id = "rfc5280_serial_not_positive", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.2", .effective = NULL,
    .description = "serialNumber is zero or negative (the sign bit of the DER INTEGER is set)",
    .zlint = "e_serial_number_not_positive", .pkilint = "pkix.certificate_serial_number_out_of_range",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_serial_not_positive,
};

/* The limit is on the encoded content octets, so a 20-octet magnitude
 * with its high bit set (needing a 0x00 prefix) is already too long. */
static cs_result check_serial_too_long(const cs_cert *c, cs_detail *d)
{
    if (c->serial.len > 20)
        return cs_fail(d, "serialNumber is %zu octets long (maximum 20)", c->serial.len);
    return CS_PASS;
}
CS_RULE(rfc5280_serial_too_long) = {
    .id = "rfc5280_serial_too_long", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.2", .effective = NULL,
    .description = "serialNumber INTEGER has more than 20 content octets",
    .zlint = "e_serial_number_longer_than_20_octets", .pkilint = "pkix.certificate_serial_number_out_of_range",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_serial_too_long,
};

static cs_result check_version(const cs_cert *c, cs_detail *d)
{
    if (c->has_extensions && c->version != 3)
        return cs_fail(d, "extensions present in a v%d certificate", c->version);
    if ((c->has_issuer_unique_id || c->has_subject_unique_id) && c->version == 1)
        return cs_fail(d, "unique identifier present in a v1 certificate");
    return CS_PASS;
}
CS_RULE(rfc5280_version_for_extensions) = {
    .id = "rfc5280_version_for_extensions", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.1, 4.1.2.8, 4.1.2.9", .effective = NULL,
    .description = "Extensions present but version is not v3 (or unique identifiers in a v1 certificate)",
    .zlint = "e_cert_extensions_version_not_3,e_cert_unique_identifier_version_not_2_or_3", .pkilint = NULL,
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_version,
};

static cs_result check_unique_ids(const cs_cert *c, cs_detail *d)
{
    if (c->has_issuer_unique_id && c->has_subject_unique_id)
        return cs_fail(d, "issuerUniqueID and subjectUniqueID present");
    if (c->has_issuer_unique_id)
        return cs_fail(d, "issuerUniqueID present");
    if (c->has_subject_unique_id)
        return cs_fail(d, "subjectUniqueID present");
    return CS_PASS;
}
CS_RULE(rfc5280_unique_ids_present) = {
    .id = "rfc5280_unique_ids_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.8", .effective = NULL,
    .description = "issuerUniqueID or subjectUniqueID present (conforming CAs MUST NOT generate them)",
    .zlint = "e_cert_contains_unique_identifier", .pkilint = "pkix.issuer_unique_id_present,pkix.subject_unique_id_present",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_unique_ids,
};
