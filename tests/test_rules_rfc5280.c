/* RFC 5280 rules (rules/rfc5280): a breaking and a passing certificate per
 * rule, built from presets with one edit, plus the fault-owner table. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../rules/rfc5280/rfc5280_common.h"
#include "certgen.h"
#include "rulecheck.h"

static cg_cert *mk(const char *profile)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c, "preset %s", profile);
    return c;
}
static cg_cert *dv(void) { return mk("tls-dv"); }

#define PASS(rule, b) cr_expect_eq(cs_test_rule_cg(rule, b), CS_PASS, "%s should pass", rule)
#define FAIL(rule, b) cr_expect_eq(cs_test_rule_cg(rule, b), CS_FAIL, "%s should fail", rule)
#define RESULT(rule, b, want) cr_expect_eq(cs_test_rule_cg(rule, b), want, "%s", rule)

static cg_cert *with_der(const char *profile, const char *oid, bool critical, const char *hex)
{
    uint8_t der[600];
    size_t n = cg_hex(hex, der, sizeof der);
    cr_assert_gt(n, 0);
    cg_cert *c = mk(profile);
    cg_ext_set_der(c, oid, critical, der, n);
    return c;
}

Test(rfc5280, presets_clean)
{
    static const char *const p[] = { "tls-dv", "tls-ev", "smime-mailbox-strict", "smime-sponsored-legacy", "smime-ca",
                                     "tls-ca", "root" };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        char ids[1024];
        size_t n = cs_test_findings_cg("rfc5280", mk(p[i]), CS_SEV_WARNING, ids, sizeof ids);
        cr_expect_eq(n, 0, "%s: %s", p[i], ids);
    }
}

Test(rfc5280, fault_owner_table_complete)
{
    for (int k = 0; k < CS_FAULT_KIND_COUNT; k++) {
        const char *o = rfc5280_fault_owner((cs_fault_kind)k);
        cr_assert_not_null(o, "fault %s has an owner rule", cs_fault_name((cs_fault_kind)k));
        bool found = false;
        for (size_t i = 0; i < cs_registry_count() && !found; i++)
            found = !strcmp(cs_registry_get(i)->id, o);
        cr_expect(found, "owner %s of %s is a registered rule", o, cs_fault_name((cs_fault_kind)k));
    }
}

Test(rfc5280, serial)
{
    cg_cert *c = dv();
    cg_set_serial_hex(c, "ff0102");
    FAIL("rfc5280_serial_not_positive", c);
    c = dv();
    cg_set_serial_hex(c, "00");
    FAIL("rfc5280_serial_not_positive", c);
    PASS("rfc5280_serial_not_positive", dv());
    c = dv();
    cg_set_serial_hex(c, "7f0102030405060708090a0b0c0d0e0f1011121314");
    FAIL("rfc5280_serial_too_long", c);
    c = dv();
    cg_set_serial_hex(c, "7f0102030405060708090a0b0c0d0e0f10111213");
    PASS("rfc5280_serial_too_long", c);
}

Test(rfc5280, version_and_unique_ids)
{
    cg_cert *c = dv();
    cg_set_version(c, 2);
    FAIL("rfc5280_version_for_extensions", c);
    PASS("rfc5280_version_for_extensions", dv());
    PASS("rfc5280_unique_ids_present", dv());
}

Test(rfc5280, signature)
{
    PASS("rfc5280_sigalg_mismatch", dv());
    PASS("rfc5280_rsa_params_not_null", mk("smime-mailbox-strict"));
    PASS("rfc5280_rsa_params_not_null", dv()); /* EC key, ECDSA signature: nothing to check */
}

Test(rfc5280, time_format)
{
    cg_cert *c = dv();
    cg_set_time_encoding(c, true, CS_TAG_GENERALIZED_TIME);
    FAIL("rfc5280_time_format", c);
    PASS("rfc5280_time_format", dv());
    c = dv();
    cg_set_not_after(c, "2051-01-01T00:00:00Z");
    PASS("rfc5280_time_format", c);
    c = dv();
    cg_set_not_after(c, "2020-01-01T00:00:00Z");
    FAIL("rfc5280_validity_negative", c);
    PASS("rfc5280_validity_negative", dv());
}

Test(rfc5280, names)
{
    cg_cert *c = dv();
    cg_subject_clear(c);
    FAIL("rfc5280_subject_empty_without_san", c); /* SAN not critical */
    c = dv();
    cg_subject_clear(c);
    cr_assert(cg_ext_set(c, "subjectAltName", true, "DNS:www.example.com"));
    PASS("rfc5280_subject_empty_without_san", c);
    c = dv();
    cg_issuer_clear(c);
    FAIL("rfc5280_issuer_empty", c);
    PASS("rfc5280_issuer_empty", dv());
    c = mk("tls-ca");
    cg_subject_clear(c);
    FAIL("rfc5280_ca_subject_empty", c);
    PASS("rfc5280_ca_subject_empty", mk("tls-ca"));
    c = mk("smime-mailbox-strict");
    cg_subject_add(c, "emailAddress", "other@example.org", 0);
    FAIL("rfc5280_subject_email_not_in_san", c);
    PASS("rfc5280_subject_email_not_in_san", mk("smime-mailbox-strict"));
}

Test(rfc5280, attributes)
{
    char big[80];
    memset(big, 'a', 70);
    big[70] = 0;
    cg_cert *c = mk("tls-ov");
    cg_subject_remove(c, "O");
    cg_subject_add(c, "O", big, 0);
    FAIL("rfc5280_attr_upper_bounds", c);
    PASS("rfc5280_attr_upper_bounds", mk("tls-ov"));
    c = mk("tls-ov");
    cg_subject_remove(c, "C");
    cg_subject_add(c, "C", "US", CS_TAG_UTF8_STRING);
    FAIL("rfc5280_attr_string_types", c);
    c = mk("tls-ov");
    cg_subject_remove(c, "O");
    cg_subject_add(c, "O", "Example & Co", CS_TAG_PRINTABLE_STRING);
    FAIL("rfc5280_attr_string_types", c);
    PASS("rfc5280_attr_string_types", mk("tls-ov"));
}

Test(rfc5280, extensions)
{
    cg_cert *c = dv();
    static const uint8_t ku[] = { 0x03, 0x02, 0x07, 0x80 };
    cg_ext_add_der(c, "2.5.29.15", true, ku, sizeof ku);
    FAIL("rfc5280_duplicate_extension", c);
    PASS("rfc5280_duplicate_extension", dv());
    FAIL("rfc5280_ext_empty_sequence", with_der("tls-dv", "2.5.29.37", false, "30 00"));
    PASS("rfc5280_ext_empty_sequence", dv());
    FAIL("rfc5280_ext_invalid_der", with_der("tls-dv", "2.5.29.15", true, "04 01 00"));
    PASS("rfc5280_ext_invalid_der", dv());
    cg_cert *a = dv();
    cr_assert(cg_ext_set(a, "authorityInfoAccess", true, "OCSP;URI:http://ocsp.example.com"));
    FAIL("rfc5280_aia_sia_critical", a);
    PASS("rfc5280_aia_sia_critical", dv());
    FAIL("rfc5280_sda_critical", with_der("tls-dv", "2.5.29.9", true, "30 0d 30 0b 06 03 55 04 0c 31 04 13 02 43 54"));
    PASS("rfc5280_sda_critical", with_der("tls-dv", "2.5.29.9", false, "30 0d 30 0b 06 03 55 04 0c 31 04 13 02 43 54"));
}

Test(rfc5280, key_identifiers)
{
    cg_cert *c = dv();
    cg_ext_remove(c, "authorityKeyIdentifier");
    FAIL("rfc5280_aki_critical_or_no_keyid", c);
    PASS("rfc5280_aki_critical_or_no_keyid", dv());
    PASS("rfc5280_aki_critical_or_no_keyid", mk("root"));
    c = mk("tls-ca");
    cg_ext_remove(c, "subjectKeyIdentifier");
    FAIL("rfc5280_ski_critical_or_missing_ca", c);
    PASS("rfc5280_ski_critical_or_missing_ca", mk("tls-ca"));
}

Test(rfc5280, key_usage)
{
    FAIL("rfc5280_ku_no_bits", with_der("tls-dv", "2.5.29.15", true, "03 01 00"));
    PASS("rfc5280_ku_no_bits", dv());
    FAIL("rfc5280_ku_der_encoding", with_der("tls-dv", "2.5.29.15", true, "03 02 00 80"));
    FAIL("rfc5280_ku_der_encoding", with_der("tls-dv", "2.5.29.15", true, "03 03 07 80 00"));
    PASS("rfc5280_ku_der_encoding", with_der("tls-dv", "2.5.29.15", true, "03 02 07 80"));
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature,keyCertSign"));
    FAIL("rfc5280_ku_certsign_without_ca", c);
    PASS("rfc5280_ku_certsign_without_ca", mk("tls-ca"));
    c = dv();
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature,keyEncipherment"));
    FAIL("rfc5280_ku_vs_key_type", c);
    PASS("rfc5280_ku_vs_key_type", dv());
    c = dv();
    cr_assert(cg_ext_set(c, "keyUsage", false, "digitalSignature"));
    FAIL("rfc5280_ku_not_critical", c);
    PASS("rfc5280_ku_not_critical", dv());
    c = dv();
    cr_assert(cg_ext_set(c, "keyUsage", true, "nonRepudiation"));
    FAIL("rfc5280_eku_ku_inconsistent", c);
    PASS("rfc5280_eku_ku_inconsistent", dv());
}

Test(rfc5280, constraints)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "basicConstraints", true, "CA:FALSE,pathlen:0") ||
              (cg_ext_set_der(c, "2.5.29.19", true, (const uint8_t[]){ 0x30, 0x03, 0x02, 0x01, 0x00 }, 5), true));
    FAIL("rfc5280_pathlen_misuse", c);
    PASS("rfc5280_pathlen_misuse", mk("tls-ca"));
    c = mk("tls-ca");
    cr_assert(cg_ext_set(c, "basicConstraints", false, "CA:TRUE"));
    FAIL("rfc5280_bc_not_critical_ca", c);
    PASS("rfc5280_bc_not_critical_ca", mk("tls-ca"));
    c = dv();
    cr_assert(cg_ext_set(c, "nameConstraints", true, "permitted;DNS:example.com"));
    FAIL("rfc5280_nc_misuse", c);
    c = mk("tls-ca");
    cr_assert(cg_ext_set(c, "nameConstraints", true, "permitted;DNS:example.com"));
    PASS("rfc5280_nc_misuse", c);
}

Test(rfc5280, policies)
{
    FAIL("rfc5280_cp_duplicate_oid",
         with_der("tls-dv", "2.5.29.32", false, "30 14 30 08 06 06 67 81 0c 01 02 01 30 08 06 06 67 81 0c 01 02 01"));
    PASS("rfc5280_cp_duplicate_oid", dv());
    /* userNotice explicitText as IA5String "Hi" / UTF8String "Hi" */
    FAIL("rfc5280_cp_explicit_text_encoding",
         with_der("tls-dv", "2.5.29.32", false,
                  "30 1e 30 1c 06 06 67 81 0c 01 02 01 30 12 30 10 06 08 2b 06 01 05 05 07 02 02 30 04 16 02 48 69"));
    PASS("rfc5280_cp_explicit_text_encoding",
         with_der("tls-dv", "2.5.29.32", false,
                  "30 1e 30 1c 06 06 67 81 0c 01 02 01 30 12 30 10 06 08 2b 06 01 05 05 07 02 02 30 04 0c 02 48 69"));
}

Test(rfc5280, general_names)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "subjectAltName", false, "DNS:www.example.com,email:not-an-address"));
    FAIL("rfc5280_san_rfc822_syntax", c);
    PASS("rfc5280_san_rfc822_syntax", mk("smime-mailbox-strict"));
    c = dv();
    cr_assert(cg_ext_set(c, "subjectAltName", false, "DNS:www example.com"));
    FAIL("rfc5280_san_dns_syntax", c);
    PASS("rfc5280_san_dns_syntax", dv());
    FAIL("rfc5280_san_empty", with_der("tls-dv", "2.5.29.17", false, "30 02 82 00"));
    PASS("rfc5280_san_empty", dv());
    FAIL("rfc5280_crldp_incomplete", with_der("tls-dv", "2.5.29.31", false, "30 06 30 04 81 02 05 a0"));
    PASS("rfc5280_crldp_incomplete", dv());
    c = dv();
    cr_assert(cg_ext_set(c, "subjectAltName", false, "DNS:www.example.com,DNS:xn--hello-.example.com"));
    FAIL("rfc5280_idn_not_valid", c);
    c = dv();
    cr_assert(cg_ext_set(c, "subjectAltName", false, "DNS:www.example.com,DNS:xn--bcher-kva.example.com"));
    PASS("rfc5280_idn_not_valid", c);
}

/* ---- DER fault rules --------------------------------------------------- */

#define SKI20 "01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14"

Test(rfc5280_der, faults_in_extension_values)
{
    FAIL("rfc5280_der_length_encoding", with_der("tls-dv", "2.5.29.14", false, "04 81 14 " SKI20));
    PASS("rfc5280_der_length_encoding", with_der("tls-dv", "2.5.29.14", false, "04 14 " SKI20));
    FAIL("rfc5280_der_constructed_string", with_der("tls-dv", "2.5.29.14", false, "24 16 04 14 " SKI20));
    FAIL("rfc5280_der_boolean_encoding", with_der("tls-ca", "2.5.29.19", true, "30 03 01 01 01"));
    FAIL("rfc5280_der_default_encoded", with_der("tls-dv", "2.5.29.19", true, "30 03 01 01 00"));
    FAIL("rfc5280_der_integer_encoding", with_der("tls-ca", "2.5.29.19", true, "30 07 01 01 ff 02 02 00 01"));
    FAIL("rfc5280_der_oid_encoding",
         with_der("tls-dv", "2.5.29.37", false, "30 0b 06 09 2b 80 06 01 05 05 07 03 01"));
    FAIL("rfc5280_ext_invalid_der", with_der("tls-dv", "2.5.29.14", false, "04 14 " SKI20 " 00"));
    PASS("rfc5280_der_boolean_encoding", mk("tls-ca"));
    PASS("rfc5280_der_default_encoded", dv());
    cg_cert *c = dv();
    cg_ext_encode_false_critical(c, "extendedKeyUsage");
    FAIL("rfc5280_der_default_encoded", c);
}

Test(rfc5280_der, trailing_data)
{
    cg_cert *c = dv();
    size_t len;
    uint8_t *der = cg_der(c, &len);
    cg_free(c);
    cr_assert_not_null(der);
    uint8_t *more = realloc(der, len + 2);
    cr_assert_not_null(more);
    more[len] = 0;
    more[len + 1] = 0;
    cr_expect_eq(cs_test_rule("rfc5280_der_trailing_data", more, len + 2, NULL, 0), CS_FAIL);
    cr_expect_eq(cs_test_rule("rfc5280_der_trailing_data", more, len, NULL, 0), CS_PASS);
    free(more);
}

/* rfc5280_duplicate_extension compares OIDs only when their table ids
 * agree: two unknown OIDs (same id) still differ by their bytes, and a
 * repeated unknown OID is still found. */
Test(rfc5280_helpers, duplicate_extension_unknown_oids)
{
    cg_cert *c = cg_new("tls-dv");
    cg_ext_add_der(c, "1.3.6.1.4.1.99999.1", false, (const uint8_t *)"\x05\x00", 2);
    cg_ext_add_der(c, "1.3.6.1.4.1.99999.2", false, (const uint8_t *)"\x05\x00", 2);
    RESULT("rfc5280_duplicate_extension", c, CS_PASS);
    c = cg_new("tls-dv");
    cg_ext_add_der(c, "1.3.6.1.4.1.99999.1", false, (const uint8_t *)"\x05\x00", 2);
    cg_ext_add_der(c, "1.3.6.1.4.1.99999.1", false, (const uint8_t *)"\x05\x00", 2);
    RESULT("rfc5280_duplicate_extension", c, CS_FAIL);
}
