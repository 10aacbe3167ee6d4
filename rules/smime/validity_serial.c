/* S/MIME BR validity period, version and serial number (SBR 6.3.2, 7.1, 7.1.1). */
#include "smime_common.h"
#include "util/duration.h"

#define DAY INT64_C(86400)
#define MAX_STRICT_MP (825 * DAY)
#define MAX_LEGACY (1185 * DAY)

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)
SMIME_APPLIES(mp_strict, SMIME_ALL_TYPES, SMIME_MP | SMIME_STR)
SMIME_APPLIES(legacy, SMIME_ALL_TYPES, SMIME_LEG)

static bool dated(const cs_cert *c) { return c->not_before.valid && c->not_after.valid; }

static cs_result check_825(const cs_cert *c, cs_detail *d)
{
    if (!dated(c))
        return CS_NA;
    char v[CS_DURATION_TEXT_MAX];
    if (c->validity_seconds > MAX_STRICT_MP)
        return cs_fail(d, "validity %s exceeds 825 days", cs_duration_text(c->validity_seconds, v, sizeof v));
    return CS_PASS;
}
CS_RULE(smime_validity_exceeds_825_days) = {
    SMIME_META(smime_validity_exceeds_825_days, ERROR, "SBR 6.3.2", SMIME_BR_START),
    .description = "validity (notAfter - notBefore + 1 s) longer than 825 x 86400 s",
    .applies_to = "S/MIME Multipurpose and Strict subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.certificate_validity_period_exceeds_825_days",
    .applies = mp_strict, .check = check_825,
};

static cs_result check_1185(const cs_cert *c, cs_detail *d)
{
    if (!dated(c))
        return CS_NA;
    char v[CS_DURATION_TEXT_MAX];
    if (c->validity_seconds > MAX_LEGACY)
        return cs_fail(d, "validity %s exceeds 1185 days", cs_duration_text(c->validity_seconds, v, sizeof v));
    return CS_PASS;
}
CS_RULE(smime_validity_exceeds_1185_days) = {
    SMIME_META(smime_validity_exceeds_1185_days, ERROR, "SBR 6.3.2", SMIME_BR_START),
    .description = "validity (notAfter - notBefore + 1 s) longer than 1185 x 86400 s",
    .applies_to = "S/MIME Legacy subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.certificate_validity_period_exceeds_1185_days",
    .applies = legacy, .check = check_1185,
};

static cs_result check_at_maximum(const cs_cert *c, cs_detail *d)
{
    if (!dated(c))
        return CS_NA;
    int64_t max = c->smime.generation == CS_SMIME_LEGACY ? MAX_LEGACY : MAX_STRICT_MP;
    if (c->validity_seconds == max)
        return cs_fail(d, "validity is exactly the %lld-day maximum", (long long)(max / DAY));
    return CS_PASS;
}
CS_RULE(smime_validity_at_maximum) = {
    SMIME_META(smime_validity_at_maximum, WARNING, "SBR 6.3.2", SMIME_BR_START),
    .description = "validity equals the generation maximum to the second (SHOULD NOT be issued "
                   "for the maximum by default)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "cabf.smime.certificate_validity_period_at_maximum",
    .applies = any_profile, .check = check_at_maximum,
};

static cs_result check_version(const cs_cert *c, cs_detail *d)
{
    if (c->version != 3)
        return cs_fail(d, "version is v%d", c->version);
    return CS_PASS;
}
CS_RULE(smime_version_not_v3) = {
    SMIME_META(smime_version_not_v3, ERROR, "SBR 7.1.1", SMIME_BR_START),
    .description = "certificate is not X.509 v3",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "pkix.certificate_version_is_not_v3",
    .applies = any_profile, .check = check_version,
};

static cs_result check_serial_positive(const cs_cert *c, cs_detail *d)
{
    if (c->serial_negative)
        return cs_fail(d, "serial number is negative");
    if (c->serial_zero)
        return cs_fail(d, "serial number is zero");
    return CS_PASS;
}
CS_RULE(smime_serial_not_positive) = {
    SMIME_META(smime_serial_not_positive, ERROR, "SBR 7.1", SMIME_BR_START),
    .description = "serial number is zero or negative (sign bit set in the DER INTEGER)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_serial_number_not_positive", .pkilint = "pkix.certificate_serial_number_out_of_range",
    .applies = any_profile, .check = check_serial_positive,
};

static cs_result check_serial_too_large(const cs_cert *c, cs_detail *d)
{
    if (c->serial.len > 20)
        return cs_fail(d, "serial number has %zu content octets (max 20)", c->serial.len);
    return CS_PASS;
}
CS_RULE(smime_serial_too_large) = {
    SMIME_META(smime_serial_too_large, ERROR, "SBR 7.1", SMIME_BR_START),
    .description = "serial number INTEGER longer than 20 content octets",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_serial_number_longer_than_20_octets", .pkilint = "pkix.certificate_serial_number_out_of_range",
    .applies = any_profile, .check = check_serial_too_large,
};

static cs_result check_serial_entropy(const cs_cert *c, cs_detail *d)
{
    if (c->serial_magnitude_len < 8)
        return cs_fail(d, "serial magnitude is %u octets, cannot hold 64 random bits",
                       (unsigned)c->serial_magnitude_len);
    return CS_PASS;
}
CS_RULE(smime_serial_low_entropy) = {
    SMIME_META(smime_serial_low_entropy, WARNING, "SBR 7.1", SMIME_BR_START),
    .description = "serial magnitude shorter than 8 octets, so it cannot carry 64 bits of CSPRNG "
                   "output (measured in octets so that random leading zero bits are not flagged)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = NULL,
    .applies = any_profile, .check = check_serial_entropy,
};
