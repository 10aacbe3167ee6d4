/* TLS subscriber rules of issue 20: the BR 1.x layer (before the 2023-09-15
 * profiles), the EV Guidelines' subject, SAN and validity, the Public
 * Suffix List checks, version, authorityKeyIdentifier and key types.  For
 * each rule a certificate from a tls-* preset that breaks it (one edit)
 * and one that passes, issued inside the rule's window. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "rulecheck.h"

static cg_cert *at(const char *profile, const char *not_before)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c, "preset %s", profile);
    cg_set_not_before(c, not_before);
    cg_set_validity_seconds(c, 90 * 86400);
    return c;
}
static cg_cert *dv2019(void) { return at("tls-dv", "2019-01-01T00:00:00Z"); }
static cg_cert *ev2019(void) { return at("tls-ev", "2019-01-01T00:00:00Z"); }
static cg_cert *dv(void) { return at("tls-dv", "2025-09-01T00:00:00Z"); }
static cg_cert *ev(void) { return at("tls-ev", "2025-09-01T00:00:00Z"); }

static cg_cert *lasting(const char *profile, const char *nb, const char *na)
{
    cg_cert *c = at(profile, nb);
    cg_set_not_after(c, na);
    return c;
}

static cg_cert *with_san(cg_cert *c, const char *san)
{
    cr_assert(cg_ext_set(c, "subjectAltName", false, san), "%s", san);
    return c;
}

#define PASS(rule, b) cr_expect_eq(cs_test_rule_cg(rule, b), CS_PASS, "%s should pass", rule)
#define FAIL(rule, b) cr_expect_eq(cs_test_rule_cg(rule, b), CS_FAIL, "%s should fail", rule)
#define RESULT(rule, b, want) cr_expect_eq(cs_test_rule_cg(rule, b), want, "%s", rule)

/* ---- validity before SC-31 --------------------------------------------- */

Test(tls_subscriber, validity_60_months)
{
    FAIL("tls_validity_over_60_months", lasting("tls-dv", "2014-01-01T00:00:00Z", "2019-01-02T00:00:00Z"));
    PASS("tls_validity_over_60_months", lasting("tls-dv", "2014-01-01T00:00:00Z", "2019-01-01T00:00:00Z"));
    RESULT("tls_validity_over_60_months", lasting("tls-dv", "2016-07-01T00:00:00Z", "2026-01-01T00:00:00Z"), CS_NE);
}

Test(tls_subscriber, validity_39_months)
{
    FAIL("tls_validity_over_39_months", lasting("tls-dv", "2017-01-31T00:00:00Z", "2020-05-02T00:00:00Z"));
    PASS("tls_validity_over_39_months", lasting("tls-dv", "2017-01-31T00:00:00Z", "2020-04-30T00:00:00Z"));
    RESULT("tls_validity_over_39_months", lasting("tls-dv", "2018-03-01T00:00:00Z", "2021-05-01T00:00:00Z"), CS_NE);
}

Test(tls_subscriber, validity_825_days)
{
    /* 2019-01-01 + 825 days = 2021-04-05. */
    FAIL("tls_validity_over_825_days", lasting("tls-dv", "2019-01-01T00:00:00Z", "2021-04-05T00:00:01Z"));
    PASS("tls_validity_over_825_days", lasting("tls-dv", "2019-01-01T00:00:00Z", "2021-04-05T00:00:00Z"));
    RESULT("tls_validity_over_825_days", lasting("tls-dv", "2020-09-01T00:00:00Z", "2023-01-01T00:00:00Z"), CS_NE);
}

Test(tls_subscriber, ev_validity_27_months)
{
    FAIL("tls_ev_validity_over_27_months", lasting("tls-ev", "2018-01-15T00:00:00Z", "2020-04-16T00:00:00Z"));
    PASS("tls_ev_validity_over_27_months", lasting("tls-ev", "2018-01-15T00:00:00Z", "2020-04-15T00:00:00Z"));
}

/* ---- SHA-1, extensions and subject of BR 1.x --------------------------- */

Test(tls_subscriber, sha1_sunset)
{
    cg_cert *c = at("tls-dv", "2017-01-01T00:00:00Z");
    cr_assert(cg_set_signature(c, "sha1"));
    FAIL("tls_sha1_signature", c);
    PASS("tls_sha1_signature", at("tls-dv", "2017-01-01T00:00:00Z"));
    c = at("tls-dv", "2015-06-01T00:00:00Z");
    cr_assert(cg_set_signature(c, "sha1"));
    RESULT("tls_sha1_signature", c, CS_NE);
}

Test(tls_subscriber, br1_aia_ocsp)
{
    cg_cert *c = dv2019();
    cg_ext_remove(c, "authorityInfoAccess");
    FAIL("tls_br1_aia_ocsp_missing", c);
    c = dv2019();
    cr_assert(cg_ext_set(c, "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/ca.crt"));
    FAIL("tls_br1_aia_ocsp_missing", c);
    PASS("tls_br1_aia_ocsp_missing", dv2019());
    c = dv();
    cg_ext_remove(c, "authorityInfoAccess");
    RESULT("tls_br1_aia_ocsp_missing", c, CS_NE);
}

Test(tls_subscriber, br1_eku)
{
    cg_cert *c = dv2019();
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "codeSigning"));
    FAIL("tls_br1_eku_missing", c);
    c = dv2019();
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "clientAuth"));
    PASS("tls_br1_eku_missing", c);
    PASS("tls_br1_eku_missing", dv2019());
}

Test(tls_subscriber, br1_policies)
{
    cg_cert *c = dv2019();
    cg_ext_remove(c, "certificatePolicies");
    FAIL("tls_br1_policies_missing", c);
    PASS("tls_br1_policies_missing", dv2019());
}

Test(tls_subscriber, br1_address_without_identity)
{
    cg_cert *c = dv2019();
    cg_subject_add(c, "L", "Springfield", 0);
    FAIL("tls_br1_address_without_identity", c);
    PASS("tls_br1_address_without_identity", dv2019());
    PASS("tls_br1_address_without_identity", at("tls-ov", "2019-01-01T00:00:00Z"));
}

Test(tls_subscriber, br1_identity_without_address)
{
    cg_cert *c = dv2019();
    cg_subject_clear(c);
    cg_subject_add(c, "O", "Example Inc", 0);
    cg_subject_add(c, "CN", "www.example.com", 0);
    FAIL("tls_br1_identity_without_address", c);
    c = dv2019();
    cg_subject_clear(c);
    cg_subject_add(c, "C", "US", 0);
    cg_subject_add(c, "O", "Example Inc", 0);
    FAIL("tls_br1_identity_without_address", c);
    c = dv2019();
    cg_subject_clear(c);
    cg_subject_add(c, "C", "US", 0);
    cg_subject_add(c, "ST", "California", 0);
    cg_subject_add(c, "O", "Example Inc", 0);
    PASS("tls_br1_identity_without_address", c);
    PASS("tls_br1_identity_without_address", dv2019());
}

Test(tls_subscriber, br1_cn_in_san)
{
    cg_cert *c = dv2019();
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "CN", "other.example.com", 0);
    FAIL("tls_br1_cn_not_in_san", c);
    c = dv2019();
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "CN", "WWW.Example.com", 0);
    PASS("tls_br1_cn_not_in_san", c);
    /* An IPv6 address in a non-canonical text form denotes the same address. */
    c = with_san(dv2019(), "DNS:www.example.com,IP:2001:db8::1");
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "CN", "2001:0db8:0:0:0:0:0:1", 0);
    PASS("tls_br1_cn_not_in_san", c);
}

/* ---- EV Guidelines ------------------------------------------------------ */

Test(tls_subscriber, ev_subject_required)
{
    static const char *const attrs[] = { "O", "businessCategory", "jurisdictionC", "serialNumber", "C" };
    for (size_t i = 0; i < 5; i++) {
        cg_cert *c = ev();
        cg_subject_remove(c, attrs[i]);
        FAIL("tls_ev_subject_required", c);
    }
    cg_cert *c = ev();
    cg_subject_add(c, "jurisdictionL", "Springfield", 0);
    FAIL("tls_ev_subject_required", c);
    PASS("tls_ev_subject_required", ev());
    RESULT("tls_ev_subject_required", dv(), CS_NA);
}

Test(tls_subscriber, ev_business_category)
{
    cg_cert *c = ev();
    cg_subject_remove(c, "businessCategory");
    cg_subject_add(c, "businessCategory", "Private Org", 0);
    FAIL("tls_ev_business_category_invalid", c);
    PASS("tls_ev_business_category_invalid", ev());
}

Test(tls_subscriber, ev_jurisdiction_country)
{
    cg_cert *c = ev();
    cg_subject_remove(c, "jurisdictionC");
    cg_subject_add(c, "jurisdictionC", "USA", 0);
    FAIL("tls_ev_jurisdiction_country_invalid", c);
    PASS("tls_ev_jurisdiction_country_invalid", ev());
}

Test(tls_subscriber, ev_san)
{
    FAIL("tls_ev_san_wildcard_or_ip", with_san(ev(), "DNS:*.example.com"));
    FAIL("tls_ev_san_wildcard_or_ip", with_san(ev(), "DNS:www.example.com,IP:192.0.2.1"));
    PASS("tls_ev_san_wildcard_or_ip",
         with_san(ev(), "DNS:*.pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"));
    PASS("tls_ev_san_wildcard_or_ip", ev2019());
}

/* An EV certificate with the organizationIdentifier `orgid` and (ext_hex
 * non-NULL) the cabfOrganizationIdentifier extension value ext_hex. */
static cg_cert *ev_orgid(const char *orgid, int tag, const char *ext_hex)
{
    cg_cert *c = ev();
    cg_subject_add(c, "organizationIdentifier", orgid, tag);
    return ext_hex ? cs_test_ext_hex(c, "2.23.140.3.1", false, ext_hex) : c;
}
/* CABFOrganizationIdentifier { "NTR", "GB", "12345678" } */
#define EXT_NTRGB "30 13 13 03 4e 54 52 13 02 47 42 0c 08 31 32 33 34 35 36 37 38"

Test(tls_subscriber, ev_orgid)
{
    PASS("tls_ev_orgid_invalid", ev_orgid("NTRGB-12345678", 0, EXT_NTRGB));
    PASS("tls_ev_orgid_invalid", ev_orgid("NTRUS+CA-12345678", 0, NULL));
    PASS("tls_ev_orgid_invalid", ev_orgid("PSDBE-NBB-1234.567.890", 0, NULL)); /* leftmost hyphen separates */
    FAIL("tls_ev_orgid_invalid", ev_orgid("LEIXG-529900T8BM49AURSDO55", 0, NULL)); /* not in EVG Appendix H */
    FAIL("tls_ev_orgid_invalid", ev_orgid("NTRGB12345678", 0, NULL));
    FAIL("tls_ev_orgid_invalid", ev_orgid("NTRGB", 0, NULL));          /* no reference */
    FAIL("tls_ev_orgid_invalid", ev_orgid("VATDE+BY-123456789", 0, NULL)); /* subdivision only for NTR */
    FAIL("tls_ev_orgid_invalid", ev_orgid("NTRQQ-1", 0, NULL));
    FAIL("tls_ev_orgid_invalid", ev_orgid("NTRGB-12345678", 22, NULL)); /* IA5String */
    RESULT("tls_ev_orgid_invalid", ev(), CS_NA);
    cg_cert *c = ev_orgid("NTRGB-12345678", 0, NULL);
    cg_set_not_before(c, "2019-06-01T00:00:00Z");
    RESULT("tls_ev_orgid_invalid", c, CS_NE);
}

Test(tls_subscriber, ev_orgid_extension)
{
    PASS("tls_ev_orgid_extension_invalid", ev_orgid("NTRGB-12345678", 0, EXT_NTRGB));
    FAIL("tls_ev_orgid_extension_invalid", ev_orgid("NTRGB-12345678", 0, NULL));
    FAIL("tls_ev_orgid_extension_invalid", ev_orgid("NTRGB-87654321", 0, EXT_NTRGB));
    FAIL("tls_ev_orgid_extension_invalid", ev_orgid("NTRGB-12345678", 0, "30 00"));
    /* registrationStateOrProvince [0] in the extension but not in the attribute */
    FAIL("tls_ev_orgid_extension_invalid",
         ev_orgid("NTRGB-12345678", 0, "30 17 13 03 4e 54 52 13 02 47 42 80 02 45 4e 0c 08 31 32 33 34 35 36 37 38"));
    RESULT("tls_ev_orgid_extension_invalid", ev(), CS_NA);
}

Test(tls_subscriber, ev_subject_extra_attrs)
{
    PASS("tls_ev_subject_extra_attrs", ev());
    PASS("tls_ev_subject_extra_attrs", ev_orgid("NTRGB-12345678", 0, EXT_NTRGB));
    cg_cert *c = ev();
    cg_subject_add(c, "GN", "Alice", 0);
    FAIL("tls_ev_subject_extra_attrs", c);
    c = ev();
    cg_subject_add(c, "DC", "example", 0);
    FAIL("tls_ev_subject_extra_attrs", c);
    c = ev();
    cg_subject_add(c, "GN", "Alice", 0);
    cg_set_not_before(c, "2022-01-01T00:00:00Z");
    RESULT("tls_ev_subject_extra_attrs", c, CS_NE);
}

/* ---- Onion Domain Names ---------------------------------------------------- */

/* torproject.org's onion service (BR Definitions' example). */
#define ONION_V3 "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion"

Test(tls_subscriber, onion_v3)
{
    PASS("tls_onion_not_v3", with_san(dv(), "DNS:" ONION_V3));
    PASS("tls_onion_not_v3", with_san(dv(), "DNS:www." ONION_V3 ",DNS:example.com"));
    PASS("tls_onion_not_v3", with_san(dv(), "DNS:2GZYXA5IHM7NSGGFXNU52RCK2VV4RVMDLKIU3ZZUI5DU4XYCLEN53WID.onion"));
    /* one character changed: the checksum no longer matches */
    FAIL("tls_onion_not_v3", with_san(dv(), "DNS:2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wie.onion"));
    FAIL("tls_onion_not_v3", with_san(dv(), "DNS:expyuzz4wqqyqhjn.onion")); /* a Version 2 address */
    FAIL("tls_onion_not_v3", with_san(ev(), "DNS:*.onion"));
    RESULT("tls_onion_not_v3", dv(), CS_NA);
    RESULT("tls_onion_not_v3", with_san(dv2019(), "DNS:expyuzz4wqqyqhjn.onion"), CS_NE);
}

Test(tls_subscriber, onion_history)
{
    cg_cert *c = at("tls-dv", "2018-01-01T00:00:00Z");
    FAIL("tls_onion_not_ev", with_san(c, "DNS:expyuzz4wqqyqhjn.onion"));
    c = at("tls-ev", "2018-01-01T00:00:00Z");
    PASS("tls_onion_not_ev", with_san(c, "DNS:expyuzz4wqqyqhjn.onion"));
    RESULT("tls_onion_not_ev", with_san(dv(), "DNS:" ONION_V3), CS_NE); /* SC27 */

    FAIL("tls_ev_onion_validity_over_15_months",
         with_san(lasting("tls-ev", "2018-01-15T00:00:00Z", "2019-04-16T00:00:00Z"), "DNS:expyuzz4wqqyqhjn.onion"));
    PASS("tls_ev_onion_validity_over_15_months",
         with_san(lasting("tls-ev", "2018-01-15T00:00:00Z", "2019-04-15T00:00:00Z"), "DNS:expyuzz4wqqyqhjn.onion"));
    RESULT("tls_ev_onion_validity_over_15_months", ev2019(), CS_NA);
}

/* ---- Public Suffix List -------------------------------------------------- */

Test(tls_subscriber, wildcard_over_public_suffix)
{
    FAIL("tls_wildcard_over_public_suffix", with_san(dv(), "DNS:*.co.uk"));
    FAIL("tls_wildcard_over_public_suffix", with_san(dv(), "DNS:*.COM"));
    PASS("tls_wildcard_over_public_suffix", with_san(dv(), "DNS:*.example.co.uk"));
    /* A private-section suffix: its owner may hold the whole namespace. */
    PASS("tls_wildcard_over_public_suffix", with_san(dv(), "DNS:*.herokuapp.com"));
}

Test(tls_subscriber, dnsname_public_suffix)
{
    FAIL("tls_dnsname_public_suffix", with_san(dv(), "DNS:www.example.com,DNS:co.uk"));
    PASS("tls_dnsname_public_suffix", with_san(dv(), "DNS:www.example.com,DNS:example.co.uk"));
}

/* ---- version, AKI, key type, underscores -------------------------------- */

Test(tls_subscriber, version)
{
    cg_cert *c = dv();
    cg_set_version(c, 2);
    FAIL("tls_version_not_v3", c);
    PASS("tls_version_not_v3", dv());
}

Test(tls_subscriber, aki)
{
    cg_cert *c = dv();
    cg_ext_remove(c, "authorityKeyIdentifier");
    FAIL("tls_aki_invalid", c);
    /* keyIdentifier plus authorityCertSerialNumber. */
    static const uint8_t with_serial[] = { 0x30, 0x09, 0x80, 0x04, 1, 2, 3, 4, 0x82, 0x01, 0x01 };
    c = dv();
    cg_ext_set_der(c, "2.5.29.35", false, with_serial, sizeof with_serial);
    FAIL("tls_aki_invalid", c);
    PASS("tls_aki_invalid", dv());
    c = dv2019();
    cg_ext_remove(c, "authorityKeyIdentifier");
    RESULT("tls_aki_invalid", c, CS_NE);
}

Test(tls_subscriber, br1_key_type)
{
    cg_cert *c = dv2019();
    cr_assert(cg_set_key(c, "ed25519"));
    FAIL("tls_br1_key_type", c);
    PASS("tls_br1_key_type", dv2019());
    c = dv2019();
    cr_assert(cg_set_key(c, "rsa2048"));
    PASS("tls_br1_key_type", c);
}

Test(tls_subscriber, underscore_history)
{
    FAIL("tls_br1_dnsname_underscore", with_san(at("tls-dv", "2017-01-01T00:00:00Z"), "DNS:a_b.example.com"));
    PASS("tls_br1_dnsname_underscore", at("tls-dv", "2017-01-01T00:00:00Z"));

    cg_cert *c = with_san(at("tls-dv", "2019-01-01T00:00:00Z"), "DNS:www.a_b.example.com");
    FAIL("tls_sc12_dnsname_underscore", c);
    c = with_san(at("tls-dv", "2019-01-01T00:00:00Z"), "DNS:www.a_b.example.com");
    cg_set_validity_seconds(c, 30 * 86400);
    PASS("tls_sc12_dnsname_underscore", c);
    c = with_san(at("tls-dv", "2019-01-01T00:00:00Z"), "DNS:a_b.example.com");
    cg_set_validity_seconds(c, 30 * 86400);
    FAIL("tls_sc12_dnsname_underscore", c);
    RESULT("tls_sc12_dnsname_underscore", with_san(dv(), "DNS:www.a_b.example.com"), CS_NE);
}

Test(tls_subscriber, subject_attr_too_long)
{
    char sixty_five[66];
    memset(sixty_five, 'a', 65);
    sixty_five[65] = 0;
    cg_cert *c = cg_new("tls-iv");
    cg_subject_remove(c, "GN");
    cg_subject_add(c, "GN", sixty_five, 0);
    FAIL("tls_subject_attr_too_long", c);
    /* 64 characters in UTF-8 (two octets each) is within the bound. */
    char utf8[129] = "";
    for (int i = 0; i < 64; i++)
        strcat(utf8, "\xc3\xa9");
    c = cg_new("tls-iv");
    cg_subject_remove(c, "GN");
    cg_subject_add(c, "GN", utf8, 12);
    PASS("tls_subject_attr_too_long", c);
    PASS("tls_subject_attr_too_long", cg_new("tls-ev"));
}

/* ---- 7.1.2.7.6 criticality, 7.1.2.7.7 AIA, 7.1.2.9 ------------------------ */

Test(tls_subscriber, ext_criticality)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "subjectAltName", true, "DNS:www.example.com"));
    FAIL("tls_ext_criticality_invalid", c);
    c = dv();
    cg_subject_clear(c);
    cr_assert(cg_ext_set(c, "subjectAltName", true, "DNS:www.example.com"));
    PASS("tls_ext_criticality_invalid", c);
    PASS("tls_ext_criticality_invalid", dv());
}

Test(tls_subscriber, aia_duplicate_location)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "authorityInfoAccess", false,
                         "OCSP;URI:http://ocsp.example.com,OCSP;URI:http://ocsp.example.com"));
    FAIL("tls_aia_invalid", c);
    c = dv();
    cr_assert(cg_ext_set(c, "authorityInfoAccess", false,
                         "OCSP;URI:http://ocsp.example.com,OCSP;URI:http://ocsp2.example.com"));
    PASS("tls_aia_invalid", c);
}

/* A precertificate (poison) linted with a CA certificate that does or
 * does not carry the Precertificate Signing EKU. */
static cs_result precert_from(const char *not_before, bool signing_ca)
{
    static const uint8_t null_value[] = { 0x05, 0x00 };
    cg_cert *c = at("tls-dv", not_before);
    cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.3", true, null_value, sizeof null_value);
    cg_cert *ca = cg_new("tls-ca");
    cr_assert_not_null(ca);
    if (signing_ca)
        cr_assert(cg_ext_set(ca, "extendedKeyUsage", false, "1.3.6.1.4.1.11129.2.4.4"));
    size_t len, ca_len;
    uint8_t *der = cg_der(c, &len), *ca_der = cg_der(ca, &ca_len);
    cr_assert(der && ca_der);
    char detail[CS_DETAIL_MAX];
    cs_result r = cs_test_rule_issuer("tls_precert_signing_ca_after_sunset", der, len, ca_der, ca_len, detail,
                                      sizeof detail);
    free(der);
    free(ca_der);
    cg_free(c);
    cg_free(ca);
    return r;
}

Test(tls_subscriber, precert_signing_ca_sunset)
{
    cr_expect_eq(precert_from("2026-04-01T00:00:00Z", true), CS_FAIL);
    cr_expect_eq(precert_from("2026-04-01T00:00:00Z", false), CS_PASS);
    cr_expect_eq(precert_from("2026-03-01T00:00:00Z", true), CS_NE);
}

static cg_cert *ov_with_dcs(const char *const *labels, bool split)
{
    cg_cert *c = at("tls-ov", "2025-09-01T00:00:00Z");
    cg_subject_clear(c);
    for (size_t i = 0; labels[i]; i++) {
        cg_subject_add(c, "DC", labels[i], 0);
        if (split && i == 0)
            cg_subject_add(c, "C", "US", 0);
    }
    cg_subject_add(c, "ST", "California", 0);
    cg_subject_add(c, "O", "Example Inc", 0);
    return c;
}

Test(tls_subscriber, subject_dc)
{
    static const char *const ok[] = { "com", "example", NULL };
    static const char *const bad_label[] = { "com", "exa_mple", NULL };
    PASS("tls_subject_dc_invalid", ov_with_dcs(ok, false));
    FAIL("tls_subject_dc_invalid", ov_with_dcs(ok, true));
    FAIL("tls_subject_dc_invalid", ov_with_dcs(bad_label, false));
    RESULT("tls_subject_dc_invalid", at("tls-ov", "2025-09-01T00:00:00Z"), CS_NA);
}

Test(tls_history, br1_dv_subject_identity)
{
    /* BR 1.x: a DV subject with localityName or organizationName. */
    cg_cert *c = dv2019();
    cg_subject_add(c, "L", "Springfield", 0);
    FAIL("tls_br1_dv_subject_identity", c);
    c = dv2019();
    cg_subject_add(c, "O", "Example Inc", 0);
    FAIL("tls_br1_dv_subject_identity", c);
    PASS("tls_br1_dv_subject_identity", dv2019());
    /* From 2023-09-15 tls_dv_subject_extra_attrs decides. */
    c = dv();
    cg_subject_add(c, "O", "Example Inc", 0);
    RESULT("tls_br1_dv_subject_identity", c, CS_NE);
}
