/* TLS BR rules (rules/tls): for each rule a certificate that breaks it and
 * one that passes, both built from the tls-* presets with one edit; the
 * SC-081 schedule at its boundaries; applicability in both directions. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../rules/tls/tls_common.h"
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

/* The presets are clean for every TLS and RFC 5280 rule at warning level. */
Test(tls, presets_clean)
{
    static const char *const p[] = { "tls-dv", "tls-ov", "tls-iv", "tls-ev" };
    for (size_t i = 0; i < 4; i++) {
        char ids[1024];
        size_t n = cs_test_findings_cg("tls,rfc5280", mk(p[i]), CS_SEV_WARNING, ids, sizeof ids);
        cr_expect_eq(n, 0, "%s: %s", p[i], ids);
    }
}

/* ---- validity schedule ----------------------------------------------- */

Test(tls, schedule_matches_rule_metadata)
{
    static const char *const ids[] = { "tls_validity_over_398_days", "tls_validity_over_200_days",
                                       "tls_validity_over_100_days", "tls_validity_over_47_days" };
    static const int64_t days[] = { 398, 200, 100, 47 };
    cr_assert_eq(tls_validity_schedule_len, 4);
    for (size_t i = 0; i < 4; i++) {
        const tls_validity_step *s = &tls_validity_schedule[i];
        const cs_rule *r = NULL;
        for (size_t k = 0; k < cs_registry_count(); k++)
            if (!strcmp(cs_registry_get(k)->id, ids[i]))
                r = cs_registry_get(k);
        cr_assert_not_null(r, "%s registered", ids[i]);
        cr_expect_str_eq(r->effective, s->from);
        cr_expect((r->ineffective == NULL) == (s->until == NULL));
        if (s->until)
            cr_expect_str_eq(r->ineffective, s->until);
        int64_t t;
        cr_assert(cs_parse_date(s->from, &t));
        cr_expect_eq(t, s->from_t, "%s from", s->from);
        if (s->until) {
            cr_assert(cs_parse_date(s->until, &t));
            cr_expect_eq(t, s->until_t);
        }
        cr_expect_eq(s->max_days, days[i]);
    }
}

static cg_cert *issued(const char *nb, int64_t seconds)
{
    cg_cert *c = dv();
    cg_set_not_before(c, nb);
    cg_set_validity_seconds(c, seconds);
    return c;
}

Test(tls, validity_398)
{
    FAIL("tls_validity_over_398_days", issued("2025-06-01T00:00:00Z", 398 * 86400 + 1));
    PASS("tls_validity_over_398_days", issued("2025-06-01T00:00:00Z", 398 * 86400));
    RESULT("tls_validity_over_398_days", issued("2020-08-31T00:00:00Z", 800 * 86400), CS_NE);
    RESULT("tls_validity_over_398_days", issued("2026-03-15T00:00:00Z", 398 * 86400 + 1), CS_NE);
}

Test(tls, validity_200)
{
    FAIL("tls_validity_over_200_days", issued("2026-03-15T00:00:00Z", 200 * 86400 + 1));
    PASS("tls_validity_over_200_days", issued("2026-03-15T00:00:00Z", 200 * 86400));
    RESULT("tls_validity_over_200_days", issued("2026-03-14T23:59:59Z", 398 * 86400), CS_NE);
    PASS("tls_validity_over_398_days", issued("2026-03-14T23:59:59Z", 398 * 86400));
}

Test(tls, validity_100)
{
    FAIL("tls_validity_over_100_days", issued("2027-03-15T00:00:00Z", 100 * 86400 + 1));
    PASS("tls_validity_over_100_days", issued("2027-03-15T00:00:00Z", 100 * 86400));
    RESULT("tls_validity_over_100_days", issued("2029-03-15T00:00:00Z", 100 * 86400), CS_NE);
}

Test(tls, validity_47)
{
    FAIL("tls_validity_over_47_days", issued("2029-03-15T00:00:00Z", 47 * 86400 + 1));
    PASS("tls_validity_over_47_days", issued("2029-03-15T00:00:00Z", 47 * 86400));
}

/* ---- SAN, CN, DNS names ---------------------------------------------- */

static cg_cert *dv_san(const char *san)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "subjectAltName", false, san), "SAN %s", san);
    return c;
}

static cg_cert *dv_san_cn(const char *san, const char *cn)
{
    cg_cert *c = dv_san(san);
    cg_subject_remove(c, "CN");
    if (cn)
        cg_subject_add(c, "CN", cn, 0);
    return c;
}

Test(tls, san_missing)
{
    cg_cert *c = dv();
    cg_ext_remove(c, "subjectAltName");
    FAIL("tls_san_missing", c);
    PASS("tls_san_missing", dv());
    FAIL("tls_san_missing", dv_san_cn("email:a@example.com", NULL));
}

Test(tls, san_forbidden_type)
{
    FAIL("tls_san_forbidden_type", dv_san("DNS:www.example.com,DNS:example.com,email:a@example.com"));
    FAIL("tls_san_forbidden_type", dv_san("DNS:www.example.com,DNS:example.com,URI:http://example.com/"));
    PASS("tls_san_forbidden_type", dv_san("DNS:www.example.com,IP:8.8.8.8"));
}

Test(tls, san_reserved_ip)
{
    FAIL("tls_san_reserved_ip", dv_san("DNS:www.example.com,IP:192.168.1.1"));
    FAIL("tls_san_reserved_ip", dv_san("DNS:www.example.com,IP:fe80::1"));
    FAIL("tls_san_reserved_ip", dv_san("DNS:www.example.com,IP:2001:db8::1"));
    PASS("tls_san_reserved_ip", dv_san("DNS:www.example.com,IP:8.8.8.8,IP:2606:4700::1111"));
}

static cg_cert *dated(cg_cert *c, const char *nb, const char *na)
{
    cg_set_not_before(c, nb);
    cg_set_not_after(c, na);
    return c;
}

/* BR 1.0: "SHALL NOT issue a certificate with an Expiry Date later than
 * 1 November 2015" with a Reserved IP Address or an Internal Name. */
Test(tls, br1_reserved_ip_and_internal_names_until_2015_11_01)
{
    static const char *const san[] = { "DNS:www.example.com,IP:10.1.2.3", "DNS:server.local" };
    static const char *const rule[] = { "tls_san_reserved_ip", "tls_dnsname_invalid_tld" };
    for (int i = 0; i < 2; i++) {
        PASS(rule[i], dated(dv_san_cn(san[i], NULL), "2013-06-01T00:00:00Z", "2015-06-01T00:00:00Z"));
        PASS(rule[i], dated(dv_san_cn(san[i], NULL), "2014-11-01T00:00:00Z", "2015-11-01T23:59:59Z"));
        FAIL(rule[i], dated(dv_san_cn(san[i], NULL), "2014-11-02T00:00:00Z", "2015-11-02T00:00:00Z"));
        FAIL(rule[i], dated(dv_san_cn(san[i], NULL), "2013-06-01T00:00:00Z", "2016-06-01T00:00:00Z"));
        RESULT(rule[i], dated(dv_san_cn(san[i], NULL), "2012-01-01T00:00:00Z", "2013-01-01T00:00:00Z"), CS_NE);
    }
    /* the allowance was for Internal Names, not for reverse-zone names later */
    FAIL("tls_dnsname_invalid_tld", dated(dv_san_cn("DNS:www.example.com,DNS:intranet", NULL),
                                          "2015-01-01T00:00:00Z", "2016-01-01T00:00:00Z"));
}

Test(tls, cn_not_from_san)
{
    FAIL("tls_cn_not_from_san", dv_san_cn("DNS:www.example.com", "other.example.com"));
    FAIL("tls_cn_not_from_san", dv_san_cn("DNS:www.example.com", "WWW.example.com"));
    PASS("tls_cn_not_from_san", dv_san_cn("DNS:www.example.com", "www.example.com"));
    PASS("tls_cn_not_from_san", dv_san_cn("DNS:www.example.com,IP:2606:4700::1111", "2606:4700::1111"));
    PASS("tls_cn_not_from_san", dv_san_cn("DNS:www.example.com,IP:8.8.8.8", "8.8.8.8"));
    FAIL("tls_cn_not_from_san", dv_san_cn("DNS:www.example.com,IP:2606:4700::1111", "2606:4700:0:0:0:0:0:1111"));
    PASS("tls_cn_not_from_san", dv_san_cn("DNS:www.example.com", NULL));
}

Test(tls, dnsname_invalid_tld)
{
    FAIL("tls_dnsname_invalid_tld", dv_san_cn("DNS:server.local", NULL));
    FAIL("tls_dnsname_invalid_tld", dv_san_cn("DNS:intranet", NULL));
    PASS("tls_dnsname_invalid_tld", dv_san_cn("DNS:www.example.com,DNS:example.co.uk,DNS:xn--80ak6aa92e.xn--p1ai", NULL));
    /* IP Reverse Zone Suffix: only from 2026-03-15. */
    PASS("tls_dnsname_invalid_tld", dv_san_cn("DNS:4.3.2.1.in-addr.arpa", NULL));
    cg_cert *c = dv_san_cn("DNS:4.3.2.1.in-addr.arpa", NULL);
    cg_set_not_before(c, "2026-04-01T00:00:00Z");
    cg_set_validity_seconds(c, 90 * 86400);
    FAIL("tls_dnsname_invalid_tld", c);
}

Test(tls, dnsname_underscore)
{
    FAIL("tls_dnsname_underscore", dv_san_cn("DNS:a_b.example.com", NULL));
    PASS("tls_dnsname_underscore", dv_san_cn("DNS:a-b.example.com", NULL));
    /* The underscore is reported once, by its own rule. */
    PASS("tls_dnsname_bad_syntax", dv_san_cn("DNS:a_b.example.com", NULL));
    cg_cert *old = dv_san_cn("DNS:a_b.example.com", NULL);
    cg_set_not_before(old, "2019-01-01T00:00:00Z");
    cg_set_validity_seconds(old, 90 * 86400);
    RESULT("tls_dnsname_underscore", old, CS_NE);
}

Test(tls, dnsname_bad_syntax)
{
    FAIL("tls_dnsname_bad_syntax", dv_san_cn("DNS:www..example.com", NULL));
    FAIL("tls_dnsname_bad_syntax", dv_san_cn("DNS:www.example.com.", NULL));
    FAIL("tls_dnsname_bad_syntax", dv_san_cn("DNS:www.*.example.com", NULL));
    FAIL("tls_dnsname_bad_syntax", dv_san_cn("DNS:-www.example.com", NULL));
    FAIL("tls_dnsname_bad_syntax", dv_san_cn("DNS:ab--cd.example.com", NULL));
    FAIL("tls_dnsname_bad_syntax", dv_san_cn("DNS:xn--zz!.example.com", NULL));
    PASS("tls_dnsname_bad_syntax", dv_san_cn("DNS:*.example.com,DNS:xn--bcher-kva.example", NULL));
    /* BR P-Label: valid Punycode, even when IDNA2008 disallows what it decodes to (emoji) */
    PASS("tls_dnsname_bad_syntax", dv_san_cn("DNS:xn--lv8haa.example.com", NULL));
    FAIL("tls_dnsname_bad_syntax", dv_san_cn("DNS:xn--a-b.example.com", NULL));
}

/* ---- EKU, KU, BC ----------------------------------------------------- */

Test(tls, eku_invalid)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "serverAuth,emailProtection"));
    FAIL("tls_eku_invalid", c);
    c = dv();
    cg_ext_remove(c, "extendedKeyUsage");
    FAIL("tls_eku_invalid", c);
    /* The DV policy OID keeps it in scope without serverAuth. */
    c = dv();
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "clientAuth"));
    FAIL("tls_eku_invalid", c);
    c = dv();
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "serverAuth,clientAuth"));
    PASS("tls_eku_invalid", c);
    PASS("tls_eku_invalid", dv());
}

Test(tls, client_auth_present)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "serverAuth,clientAuth"));
    cg_set_not_before(c, "2027-04-01T00:00:00Z");
    cg_set_validity_seconds(c, 90 * 86400);
    FAIL("tls_client_auth_present", c);
    c = dv();
    cg_set_not_before(c, "2027-04-01T00:00:00Z");
    cg_set_validity_seconds(c, 90 * 86400);
    PASS("tls_client_auth_present", c);
    c = dv();
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "serverAuth,clientAuth"));
    RESULT("tls_client_auth_present", c, CS_NE);
}

Test(tls, ku_invalid)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature,keyEncipherment"));
    FAIL("tls_ku_invalid", c);
    c = dv();
    cr_assert(cg_set_key(c, "rsa2048"));
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature,keyEncipherment"));
    PASS("tls_ku_invalid", c);
    c = dv();
    cr_assert(cg_set_key(c, "rsa2048"));
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature,nonRepudiation"));
    FAIL("tls_ku_invalid", c);
    PASS("tls_ku_invalid", dv());
}

Test(tls, bc_invalid)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "basicConstraints", false, "CA:FALSE"));
    FAIL("tls_bc_invalid", c);
    c = dv();
    cr_assert(cg_ext_set(c, "basicConstraints", true, "CA:FALSE"));
    PASS("tls_bc_invalid", c);
    c = dv();
    cr_assert(cg_ext_set(c, "basicConstraints", true, "CA:TRUE"));
    FAIL("tls_bc_invalid", c);
}

/* ---- AIA, CRLDP, policies -------------------------------------------- */

Test(tls, aia_invalid)
{
    cg_cert *c = dv();
    cg_ext_remove(c, "authorityInfoAccess");
    FAIL("tls_aia_invalid", c);
    c = dv();
    cr_assert(cg_ext_set(c, "authorityInfoAccess", false, "OCSP;URI:https://ocsp.example.com"));
    FAIL("tls_aia_invalid", c);
    c = dv();
    cr_assert(cg_ext_set(c, "authorityInfoAccess", false,
                         "OCSP;URI:http://ocsp.example.com,OCSP;URI:http://ocsp.example.com"));
    FAIL("tls_aia_invalid", c);
    PASS("tls_aia_invalid", dv());
}

Test(tls, crldp_required_without_ocsp)
{
    cg_cert *c = dv();
    cg_ext_remove(c, "crlDistributionPoints");
    cr_assert(cg_ext_set(c, "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/ca.crt"));
    FAIL("tls_crldp_required_without_ocsp", c);
    c = dv();
    cg_ext_remove(c, "crlDistributionPoints");
    PASS("tls_crldp_required_without_ocsp", c); /* OCSP present */
    c = dv();
    cg_ext_remove(c, "crlDistributionPoints");
    cr_assert(cg_ext_set(c, "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/ca.crt"));
    cg_set_validity_seconds(c, 7 * 86400);
    PASS("tls_crldp_required_without_ocsp", c); /* short-lived */
}

Test(tls, crldp_not_http)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "crlDistributionPoints", false, "URI:ldap://crl.example.com/cn=x"));
    FAIL("tls_crldp_not_http", c);
    c = dv();
    cr_assert(cg_ext_set(c, "crlDistributionPoints", false, "URI:https://crl.example.com/x.crl"));
    FAIL("tls_crldp_not_http", c);
    PASS("tls_crldp_not_http", dv());
}

static cg_cert *dv_policies(const char *hex)
{
    uint8_t der[64];
    size_t n = cg_hex(hex, der, sizeof der);
    cr_assert_gt(n, 0);
    cg_cert *c = dv();
    cg_ext_set_der(c, "2.5.29.32", false, der, n);
    return c;
}

#define POL_DV "30 08 06 06 67 81 0c 01 02 01"
#define POL_OV "30 08 06 06 67 81 0c 01 02 02"
#define POL_ANY "30 06 06 04 55 1d 20 00"
#define POL_CA "30 0a 06 08 2b 06 01 04 01 82 37 01"

Test(tls, policy_invalid)
{
    FAIL("tls_policy_invalid", dv_policies("30 14 " POL_DV POL_OV));
    FAIL("tls_policy_invalid", dv_policies("30 12 " POL_DV POL_ANY));
    RESULT("tls_policy_invalid", dv_policies("30 0c " POL_CA), CS_FAIL);
    PASS("tls_policy_invalid", dv_policies("30 16 " POL_DV POL_CA));
    PASS("tls_policy_invalid", dv());
}

/* ---- subject ---------------------------------------------------------- */

Test(tls, dv_subject_extra_attrs)
{
    cg_cert *c = dv();
    cg_subject_add(c, "O", "Example Inc", 0);
    FAIL("tls_dv_subject_extra_attrs", c);
    PASS("tls_dv_subject_extra_attrs", dv());
    RESULT("tls_dv_subject_extra_attrs", mk("tls-ov"), CS_NA);
}

Test(tls, ov_iv_subject_required)
{
    cg_cert *c = mk("tls-ov");
    cg_subject_remove(c, "O");
    FAIL("tls_ov_iv_subject_required", c);
    c = mk("tls-iv");
    cg_subject_remove(c, "GN");
    FAIL("tls_ov_iv_subject_required", c);
    c = mk("tls-ov");
    cg_subject_remove(c, "L");
    cg_subject_remove(c, "ST");
    FAIL("tls_ov_iv_subject_required", c);
    PASS("tls_ov_iv_subject_required", mk("tls-ov"));
    PASS("tls_ov_iv_subject_required", mk("tls-iv"));
}

/* BR 1.x 7.1.6.4: an IV subject named by organizationName instead of
 * givenName and surname; the 2.0 profile (2023-09-15) requires both names. */
static cg_cert *iv_named_by_organization(const char *nb, const char *na)
{
    cg_cert *c = mk("tls-iv");
    cg_subject_remove(c, "GN");
    cg_subject_remove(c, "SN");
    cg_subject_add(c, "O", "Alice Smith", 0);
    return dated(c, nb, na);
}

Test(tls, iv_organization_name_until_br2)
{
    PASS("tls_ov_iv_subject_required", iv_named_by_organization("2023-01-01T00:00:00Z", "2023-12-01T00:00:00Z"));
    FAIL("tls_ov_iv_subject_required", iv_named_by_organization("2023-09-15T00:00:00Z", "2024-06-01T00:00:00Z"));
}

Test(tls, ou_present)
{
    cg_cert *c = mk("tls-ov");
    cg_subject_add(c, "OU", "IT", 0);
    FAIL("tls_ou_present", c);
    PASS("tls_ou_present", mk("tls-ov"));
}

Test(tls, subject_encoding_order)
{
    cg_cert *c = mk("tls-ov");
    cg_subject_add(c, "C", "US", 0); /* a second C, after CN */
    FAIL("tls_subject_encoding_order", c);
    c = dv();
    cg_subject_clear(c);
    cg_subject_add(c, "C", "US", CS_TAG_UTF8_STRING);
    cg_subject_add(c, "CN", "www.example.com", 0);
    FAIL("tls_subject_encoding_order", c);
    c = dv();
    cg_subject_clear(c);
    cg_subject_add(c, "CN", "www.example.com", 0);
    cg_subject_add(c, "C", "US", 0);
    FAIL("tls_subject_encoding_order", c);
    c = dv();
    cg_subject_clear(c);
    cg_subject_add(c, "C", "US", 0);
    cg_subject_add_multi(c, "CN", "www.example.com", 0);
    FAIL("tls_subject_encoding_order", c);
    PASS("tls_subject_encoding_order", mk("tls-ev"));
}

Test(tls, subject_metadata_only)
{
    cg_cert *c = mk("tls-ov");
    cg_subject_remove(c, "ST");
    cg_subject_add(c, "ST", ".", 0);
    FAIL("tls_subject_metadata_only", c);
    c = mk("tls-ov");
    cg_subject_remove(c, "L");
    cg_subject_add(c, "L", "N/A", 0);
    FAIL("tls_subject_metadata_only", c);
    c = mk("tls-ov");
    cg_subject_remove(c, "C");
    cg_subject_add(c, "C", "NA", 0); /* Namibia */
    PASS("tls_subject_metadata_only", c);
}

Test(tls, country_not_iso)
{
    cg_cert *c = mk("tls-ov");
    cg_subject_remove(c, "C");
    cg_subject_add(c, "C", "UK", 0);
    FAIL("tls_country_not_iso", c);
    c = mk("tls-ov");
    cg_subject_remove(c, "C");
    cg_subject_add(c, "C", "XX", 0);
    PASS("tls_country_not_iso", c);
    PASS("tls_country_not_iso", mk("tls-ov"));
}

/* ---- keys and algorithms ---------------------------------------------- */

Test(tls, spki_encoding)
{
    cg_cert *c = dv();
    cr_assert(cg_set_key(c, "ed25519"));
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature"));
    FAIL("tls_spki_encoding", c);
    c = dv();
    cr_assert(cg_set_key(c, "p384"));
    PASS("tls_spki_encoding", c);
    PASS("tls_spki_encoding", dv());
}

static cg_cert *sha1(const char *preset)
{
    cg_cert *c = mk(preset);
    cr_assert(cg_set_issuer_key(c, "rsa2048"));
    cr_assert(cg_set_signature(c, "sha1"));
    return c;
}

Test(tls, sigalg_encoding)
{
    FAIL("tls_sigalg_encoding", sha1("tls-dv"));
    cg_cert *c;
    c = dv();
    cr_assert(cg_set_issuer_key(c, "rsa2048"));
    cr_assert(cg_set_signature(c, "pss-sha256"));
    PASS("tls_sigalg_encoding", c);
    PASS("tls_sigalg_encoding", dv());
}

/* BR 7.1.3.2.1: SHA-1 until 2026-09-15 for a CA certificate that
 * re-issues one with a serial of at least 64 bits (same length). */
Test(tls, sigalg_sha1_conditions)
{
    PASS("tls_sigalg_encoding", sha1("tls-ca")); /* 16-octet serial, 2025 */
    cg_cert *c = sha1("tls-ca");
    cg_set_serial_hex(c, "7f112233445566");  /* 56 bits */
    FAIL("tls_sigalg_encoding", c);
    c = sha1("tls-ca");
    cg_set_serial_hex(c, "7f11223344556677"); /* 64 bits */
    PASS("tls_sigalg_encoding", c);
    c = sha1("tls-ca");
    cg_set_not_before(c, "2026-09-15T00:00:00Z");
    FAIL("tls_sigalg_encoding", c);
    c = sha1("tls-ca");
    cg_set_not_before(c, "2026-09-14T23:59:59Z");
    PASS("tls_sigalg_encoding", c);
    FAIL("tls_sigalg_encoding", sha1("tls-ev"));
    c = sha1("tls-dv"); /* a precertificate is never a CA certificate */
    cr_assert(cg_ext_set(c, "1.3.6.1.4.1.11129.2.4.3", true, "DER:05:00"));
    FAIL("tls_sigalg_encoding", c);
}

Test(tls, rsa_weak)
{
    cg_cert *c = dv();
    cr_assert(cg_set_key(c, "rsa1024"));
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature"));
    FAIL("tls_rsa_weak", c);
    c = dv();
    cr_assert(cg_set_key(c, "rsa2048"));
    cr_assert(cg_ext_set(c, "keyUsage", true, "digitalSignature"));
    PASS("tls_rsa_weak", c);
    RESULT("tls_rsa_weak", dv(), CS_NA); /* EC key */
}

Test(tls, ec_curve)
{
    cg_cert *c = dv();
    cr_assert(cg_set_key(c, "secp256k1"));
    FAIL("tls_ec_curve", c);
    c = dv();
    cr_assert(cg_set_key(c, "p521"));
    PASS("tls_ec_curve", c);
}

/* ---- serial, unique ids, SKI, precertificates -------------------------- */

Test(tls, serial_entropy)
{
    cg_cert *c = dv();
    cg_set_serial_hex(c, "01");
    FAIL("tls_serial_entropy", c);
    c = dv();
    cg_set_serial_hex(c, "ff01020304050607");
    FAIL("tls_serial_entropy", c); /* negative */
    c = dv();
    cg_set_serial_hex(c, "7f0102030405060708090a0b0c0d0e0f");
    PASS("tls_serial_entropy", c);
}

Test(tls, ski_not_recommended)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "subjectKeyIdentifier", false, "hash"));
    FAIL("tls_ski_not_recommended", c);
    PASS("tls_ski_not_recommended", dv());
}

static const uint8_t der_null[] = { 0x05, 0x00 };

Test(tls, precert_poison_invalid)
{
    cg_cert *c = dv();
    cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.3", true, der_null, 2);
    PASS("tls_precert_poison_invalid", c);
    c = dv();
    cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.3", false, der_null, 2);
    FAIL("tls_precert_poison_invalid", c);
    RESULT("tls_precert_poison_invalid", dv(), CS_NA);
}

Test(tls, precert_sct_present)
{
    static const uint8_t sct[] = { 0x04, 0x02, 0x00, 0x00 };
    cg_cert *c = dv();
    cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.3", true, der_null, 2);
    cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.2", false, sct, sizeof sct);
    FAIL("tls_precert_sct_present", c);
    c = dv();
    cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.3", true, der_null, 2);
    PASS("tls_precert_sct_present", c);
}

/* ---- 7.1.2.7.6 extension table, 7.1.2.11.3 SCT list ---------------------- */

Test(tls, subscriber_nc_and_ku_criticality)
{
    cg_cert *c = dv();
    cr_assert(cg_ext_set(c, "nameConstraints", true, "permitted;DNS:example.com"));
    FAIL("tls_subscriber_nc_present", c);
    PASS("tls_subscriber_nc_present", dv());

    c = dv();
    cr_assert(cg_ext_set(c, "keyUsage", false, "digitalSignature"));
    FAIL("tls_ku_not_critical", c);
    PASS("tls_ku_not_critical", dv());
    c = dv();
    cg_ext_remove(c, "keyUsage");
    RESULT("tls_ku_not_critical", c, CS_NA); /* keyUsage is SHOULD: absence is not this rule's */
}

/* The SCT list extension (not critical) with the value written in hex. */
static cg_cert *with_sct_hex(cg_cert *c, const char *hex) { return cs_test_ext_hex(c, "1.3.6.1.4.1.11129.2.4.2", false, hex); }
/* v1 SCT: version 00, 32-octet log id, 8-octet timestamp, no extensions,
 * SHA-256 / ECDSA, a 2-octet signature: 1+32+8+2+2+2+2 = 49 = 0x31 octets. */
#define SCT_LOG_ID "11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11"
#define SCT_V1(version) version " " SCT_LOG_ID " 00 00 01 80 00 00 00 00 00 00 04 03 00 02 30 00"

Test(tls, sct_list_invalid)
{
    PASS("tls_sct_list_invalid", with_sct_hex(dv(), "04 35 00 33 00 31 " SCT_V1("00")));
    FAIL("tls_sct_list_invalid", with_sct_hex(dv(), "04 35 00 33 00 31 " SCT_V1("01")));     /* not v1 */
    FAIL("tls_sct_list_invalid", with_sct_hex(dv(), "04 36 00 34 00 32 " SCT_V1("00") " ff")); /* trailing octet */
    FAIL("tls_sct_list_invalid", with_sct_hex(dv(), "04 02 00 00"));                            /* empty list */
    FAIL("tls_sct_list_invalid", with_sct_hex(dv(), "30 00"));                                  /* not an OCTET STRING */
    /* critical, in a CA certificate */
    FAIL("tls_sct_list_invalid", cs_test_ext_hex(mk("tls-ca"), "1.3.6.1.4.1.11129.2.4.2", true, "04 35 00 33 00 31 " SCT_V1("00")));
    PASS("tls_sct_list_invalid", with_sct_hex(mk("tls-ca"), "04 35 00 33 00 31 " SCT_V1("00")));
    RESULT("tls_sct_list_invalid", dv(), CS_NA);
}

/* ---- 7.1.2.9.4 precertificates from a Precertificate Signing CA ---------- */

typedef struct signing_ca {
    uint8_t *der, *name;
    size_t len, name_len;
    uint8_t key_id[20];
    cs_span parent_key_id; /* the Issuing CA's key identifier, from the CA's own AKI */
    cs_cert view;
} signing_ca;

static void signing_ca_make(signing_ca *s)
{
    cg_cert *ca = mk("tls-ca");
    cr_assert(cg_ext_set(ca, "extendedKeyUsage", false, "1.3.6.1.4.1.11129.2.4.4"));
    s->der = cg_der(ca, &s->len);
    s->name = cg_subject_der(ca, &s->name_len);
    cr_assert_eq(cg_key_id(ca, s->key_id), 20);
    cg_free(ca);
    cs_parse_error err;
    cr_assert(s->der && s->name && cs_cert_parse(&s->view, s->der, s->len, &err), "%s", err.reason);
    cr_assert(s->view.aki.has_key_id);
    s->parent_key_id = s->view.aki.key_id;
}

/* A DV precertificate signed by the Precertificate Signing CA, with the AKI
 * keyIdentifier `kid` (NULL: the CA's own key identifier, option 1). */
static cs_result precert_aki(const char *rule, signing_ca *s, cs_span kid)
{
    cg_cert *c = dv();
    cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.3", true, der_null, 2);
    cr_assert(cg_set_issuer_raw(c, s->name, s->name_len, s->key_id, sizeof s->key_id, "p256:6"));
    if (kid.p) {
        uint8_t aki[64] = { 0x30, (uint8_t)(kid.len + 2), 0x80, (uint8_t)kid.len };
        cr_assert(kid.len <= 40);
        memcpy(aki + 4, kid.p, kid.len);
        cg_ext_set_der(c, "2.5.29.35", false, aki, kid.len + 4);
    }
    size_t len = 0;
    uint8_t *der = cg_der(c, &len);
    cg_free(c);
    cr_assert_not_null(der);
    cs_result r = cs_test_rule_issuer(rule, der, len, s->der, s->len, NULL, 0);
    free(der);
    return r;
}

Test(tls, precert_aki_from_signing_ca)
{
    signing_ca *s = calloc(1, sizeof *s);
    cr_assert_not_null(s);
    signing_ca_make(s);
    static const uint8_t other[] = { 1, 2, 3, 4 };
    cr_expect_eq(precert_aki("tls_precert_aki_invalid", s, (cs_span){ 0 }), CS_PASS);    /* option 1 */
    cr_expect_eq(precert_aki("tls_precert_aki_invalid", s, s->parent_key_id), CS_PASS); /* option 2 */
    cr_expect_eq(precert_aki("tls_precert_aki_invalid", s, cs_span_make(other, sizeof other)), CS_FAIL);
    /* The plain issuer-SKI rule leaves these precertificates to this one. */
    cr_expect_eq(precert_aki("tls_aki_issuer_ski_mismatch", s, s->parent_key_id), CS_NA);
    /* Without the issuer, or for a certificate that is no precertificate, it does not apply. */
    RESULT("tls_precert_aki_invalid", dv(), CS_NA);
    free(s->der);
    free(s->name);
    free(s);
}

/* ---- applicability: TLS rules never judge S/MIME certificates ----------- */

Test(tls, not_applicable_to_smime)
{
    static const char *const rules[] = { "tls_san_missing", "tls_eku_invalid", "tls_policy_invalid",
                                         "tls_validity_over_398_days", "tls_spki_encoding", "tls_ku_invalid",
                                         "tls_country_not_iso", "tls_serial_entropy" };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        RESULT(rules[i], mk("smime-mailbox-strict"), CS_NA);
    RESULT("tls_eku_invalid", mk("smime-ca"), CS_NA);
    /* No TLS finding at all on S/MIME presets. */
    char ids[512];
    cr_expect_eq(cs_test_findings_cg("tls", mk("smime-organization-multipurpose"), CS_SEV_NOTICE, ids, sizeof ids), 0,
                 "%s", ids);
}

Test(tls, ca_scope)
{
    /* CA-level rules apply to a TLS CA; subscriber-only rules do not. */
    RESULT("tls_spki_encoding", mk("tls-ca"), CS_PASS);
    RESULT("tls_eku_invalid", mk("tls-ca"), CS_NA);
    cg_cert *c = mk("tls-ca");
    cr_assert(cg_set_key(c, "secp256k1"));
    FAIL("tls_ec_curve", c);
}
