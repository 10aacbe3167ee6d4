/* Finding details in units a reader knows: validity in days (seconds only
 * when needed) and keyUsage bits by name, from the shared helpers
 * (util/duration, x509 cs_ku_names) through the rules that use them. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "rulecheck.h"
#include "util/duration.h"
#include "x509/cert.h"

Test(details, durations_in_days_and_seconds_only_when_needed)
{
    char b[CS_DURATION_TEXT_MAX];
    cr_expect_str_eq(cs_duration_text(34473600, b, sizeof b), "399 days");
    cr_expect_str_eq(cs_duration_text(398 * 86400 + 1, b, sizeof b), "398 days + 1 s");
    cr_expect_str_eq(cs_duration_text(86400, b, sizeof b), "1 day");
    cr_expect_str_eq(cs_duration_text(86401, b, sizeof b), "1 day + 1 s");
    cr_expect_str_eq(cs_duration_text(59, b, sizeof b), "59 s");
    cr_expect_str_eq(cs_duration_text(0, b, sizeof b), "0 s");
    cr_expect_str_eq(cs_duration_text(-2 * 86400, b, sizeof b), "-2 days");
    cr_expect_str_eq(cs_duration_text(INT64_MIN, b, sizeof b), "-106751991167300 days + 55808 s");
}

Test(details, key_usage_bits_by_name)
{
    char b[CS_KU_NAMES_MAX];
    cr_expect_str_eq(cs_ku_names(0x004, b, sizeof b), "keyEncipherment");
    cr_expect_str_eq(cs_ku_names(CS_KU_DIGITAL_SIGNATURE | CS_KU_KEY_ENCIPHERMENT, b, sizeof b),
                     "digitalSignature, keyEncipherment");
    cr_expect_str_eq(cs_ku_names(0, b, sizeof b), "none");
    cr_expect_str_eq(cs_ku_names(CS_KU_DECIPHER_ONLY | (1u << 9), b, sizeof b), "decipherOnly, bit9");
    cr_expect_str_eq(cs_ku_names(0x1FF, b, sizeof b),
                     "digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, "
                     "keyCertSign, cRLSign, encipherOnly, decipherOnly");
    /* Cut to fit, always terminated. */
    char small[20];
    cs_ku_names(0x1FF, small, sizeof small);
    cr_expect_lt(strlen(small), sizeof small);
}

/* The detail of rule `id` on certificate c (which must fail it). */
static const char *detail_of(const char *id, cg_cert *c)
{
    static char detail[256];
    size_t len;
    uint8_t *der = cg_der(c, &len);
    cr_assert_not_null(der);
    cg_free(c);
    cs_result r = cs_test_rule(id, der, len, detail, sizeof detail);
    free(der);
    cr_assert_eq(r, CS_FAIL, "%s did not fail", id);
    return detail;
}

static cg_cert *make(const char *profile)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c);
    return c;
}

Test(details, validity_rules_write_days)
{
    cg_cert *c = make("tls-dv");
    cg_set_not_before(c, "2025-06-01T00:00:00Z");
    cg_set_validity_seconds(c, 399 * 86400);
    cr_expect_str_eq(detail_of("tls_validity_over_398_days", c),
                     "validity 399 days exceeds 398 days for notBefore on or after 2020-09-01");

    c = make("smime-mailbox-strict");
    cg_set_validity_seconds(c, 825 * 86400LL + 1);
    cr_expect_str_eq(detail_of("smime_validity_exceeds_825_days", c), "validity 825 days + 1 s exceeds 825 days");

    c = make("smime-mailbox-legacy");
    cg_set_validity_seconds(c, 1200 * 86400LL);
    cr_expect_str_eq(detail_of("smime_validity_exceeds_1185_days", c), "validity 1200 days exceeds 1185 days");

    c = make("plain");
    cg_set_not_before(c, "2025-06-01T00:00:00Z");
    cg_set_validity_seconds(c, -2 * 86400 + 1); /* notAfter = notBefore - 2 days */
    cr_expect_str_eq(detail_of("rfc5280_validity_negative", c), "notAfter is 2 days before notBefore");
}

Test(details, key_usage_rules_write_bit_names)
{
    cg_cert *c = make("tls-dv"); /* ECDSA P-256 */
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature,keyEncipherment"));
    cr_expect_str_eq(detail_of("tls_ku_invalid", c), "keyUsage keyEncipherment not permitted for an ECC subscriber key");

    c = make("tls-dv");
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature,keyEncipherment,dataEncipherment"));
    cr_expect_str_eq(detail_of("rfc5280_ku_vs_key_type", c),
                     "keyUsage keyEncipherment, dataEncipherment not allowed for EC keys (RFC 5480 3)");

    c = make("smime-mailbox-strict"); /* RSA */
    cr_assert(cg_ext_set(c, "keyUsage", true, "dataEncipherment"));
    cr_expect_str_eq(detail_of("smime_ku_rsa_other_bits", c),
                     "RSA keyUsage (dataEncipherment) has neither digitalSignature nor keyEncipherment: only other bits");

    c = make("smime-mailbox-strict");
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature,keyAgreement"));
    const char *d = detail_of("smime_ku_rsa_strict_invalid", c);
    cr_expect_eq(strncmp(d, "RSA Strict keyUsage (digitalSignature, keyAgreement): ", 54), 0, "%s", d);

    c = make("tls-dv");
    cr_assert(cg_ext_set(c, "keyUsage", true, "nonRepudiation"));
    cr_expect_str_eq(detail_of("rfc5280_eku_ku_inconsistent", c),
                     "keyUsage (nonRepudiation) allows no use consistent with serverAuth");
}
