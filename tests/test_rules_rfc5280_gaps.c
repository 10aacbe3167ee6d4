/* RFC 5280 requirements found missing or scoped differently from the
 * peers (issue 15 item 5): a certificate that breaks each rule and one
 * that passes it, each built from a preset with one edit. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "rulecheck.h"
#include "x509/self_signed.h"

static cg_cert *mk(const char *profile)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c, "preset %s", profile);
    return c;
}

#define PASS(rule, b) cr_expect_eq(cs_test_rule_cg(rule, b), CS_PASS, "%s should pass", rule)
#define FAIL(rule, b) cr_expect_eq(cs_test_rule_cg(rule, b), CS_FAIL, "%s should fail", rule)

static cg_cert *with_der(cg_cert *c, const char *oid, bool critical, const char *hex)
{
    uint8_t der[600];
    size_t n = cg_hex(hex, der, sizeof der);
    cr_assert_gt(n, 0);
    cg_ext_set_der(c, oid, critical, der, n);
    return c;
}

static cg_cert *with_ext(cg_cert *c, const char *name, bool critical, const char *value)
{
    cr_assert(cg_ext_set(c, name, critical, value), "certgen rejected %s = %s", name, value);
    return c;
}

/* A certificate whose issuer name is its own subject name but which the
 * P-256 test CA signs: self-issued, not self-signed (a key rollover). */
static cg_cert *self_issued_other_key(void)
{
    cg_cert *c = mk("tls-dv");
    cg_issuer_clear(c);
    cg_issuer_add(c, "CN", "www.example.com", 0);
    cg_subject_clear(c);
    cg_subject_add(c, "CN", "www.example.com", 0);
    return c;
}

static cs_self_signed self_signed_of(cg_cert *b)
{
    size_t n;
    uint8_t *der = cg_der(b, &n);
    cr_assert_not_null(der);
    cs_cert *c = malloc(sizeof *c);
    cs_parse_error e;
    cr_assert(cs_cert_parse(c, der, n, &e), "%s", e.reason);
    cs_self_signed r = cs_cert_self_signed(c);
    /* Asked again, the per-thread cache answers: the same. */
    cr_expect_eq(cs_cert_self_signed(c), r);
    free(c);
    free(der);
    cg_free(b);
    return r;
}

Test(rfc5280_gaps, self_signed_needs_own_signature)
{
    cr_expect_eq(self_signed_of(mk("root")), CS_SELF_SIGNED_YES);
    cr_expect_eq(self_signed_of(mk("tls-dv")), CS_SELF_SIGNED_NO);
    cr_expect_eq(self_signed_of(self_issued_other_key()), CS_SELF_SIGNED_NO);
    /* Signed by the key of another type (an RSA to EC rollover): no. */
    cg_cert *rollover = self_issued_other_key();
    cg_set_key(rollover, "rsa2048");
    cr_expect_eq(self_signed_of(rollover), CS_SELF_SIGNED_NO);
    cr_expect_eq(self_signed_of(mk("root")), CS_SELF_SIGNED_YES);
}

Test(rfc5280_gaps, aki_key_id_exempts_only_self_signed)
{
    const char *r = "rfc5280_aki_critical_or_no_keyid";
    PASS(r, mk("tls-dv"));
    cg_cert *c = mk("root");
    cg_ext_remove(c, "authorityKeyIdentifier");
    PASS(r, c); /* self-signed: the one exception */
    c = self_issued_other_key();
    cg_ext_remove(c, "authorityKeyIdentifier");
    FAIL(r, c); /* self-issued with another key's signature */
    c = mk("tls-dv");
    cg_set_version(c, 1);
    cg_ext_remove_all(c);
    FAIL(r, c); /* a v1 certificate cannot carry it */
    c = mk("root");
    cg_set_version(c, 1);
    cg_ext_remove_all(c);
    PASS(r, c); /* a v1 self-signed root need not */
    FAIL(r, with_der(mk("tls-dv"), "2.5.29.35", false, "30 03 82 01 01"));
    FAIL(r, with_der(mk("root"), "2.5.29.35", false, "30 03 82 01 01")); /* present in a self-signed one: keyIdentifier too */
}

Test(rfc5280_gaps, undecodable_san_is_not_empty)
{
    /* an iPAddress of 8 octets (address and mask: a name constraint, not a name) */
    const char *bad_ip = "30 0a 87 08 c0 00 02 00 ff ff ff 00";
    FAIL("rfc5280_ext_invalid_der", with_der(mk("tls-dv"), "2.5.29.17", false, bad_ip));
    PASS("rfc5280_san_empty", with_der(mk("tls-dv"), "2.5.29.17", false, bad_ip));
    FAIL("rfc5280_san_empty", with_der(mk("tls-dv"), "2.5.29.17", false, "30 00"));
}

/* cRLDistributionPoints with fullName http://a.b/c and ReasonFlags `reasons` */
#define CRLDP_WITH_REASONS(r) "30 18 30 16 a0 10 a0 0e 86 0c 68 74 74 70 3a 2f 2f 61 2e 62 2f 63 81 02 " r

Test(rfc5280_gaps, crldp_reasons_bitstring_encoding)
{
    const char *r = "rfc5280_der_bitstring_encoding";
    FAIL(r, with_der(mk("tls-dv"), "2.5.29.31", false, CRLDP_WITH_REASONS("07 81"))); /* a bit set among the unused */
    PASS(r, with_der(mk("tls-dv"), "2.5.29.31", false, CRLDP_WITH_REASONS("07 80")));
}

/* certificatePolicies: anyPolicy with a userNotice whose explicitText is the VisibleString `text` (3 octets) */
#define CP_VISIBLE_TEXT(text) "30 1d 30 1b 06 04 55 1d 20 00 30 13 30 11 06 08 2b 06 01 05 05 07 02 02 30 05 1a 03 " text

Test(rfc5280_gaps, visible_string_alphabet)
{
    const char *r = "rfc5280_der_string_content";
    FAIL(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_VISIBLE_TEXT("43 f3 6e"))); /* Latin-1 0xF3 */
    PASS(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_VISIBLE_TEXT("43 6f 6e")));
}

Test(rfc5280_gaps, san_uri_syntax)
{
    const char *r = "rfc5280_san_uri_syntax";
    static const char *const bad[] = {
        "URI:example.com/path",          /* no scheme */
        "URI://example.com/path",        /* relative (network-path) reference */
        "URI:http://intranet/x",         /* host not fully qualified */
        "URI:http:///x",                 /* authority without a host */
        "URI:http://www.example.com/a b", /* space */
        "URI:1http://www.example.com/",  /* scheme starts with a digit */
        "URI:http:",                     /* no scheme-specific part */
        "URI:http://www.example.com:8x/", /* port not a number */
        "URI:http://www.example.com/%zz", /* bad escape */
    };
    static const char *const good[] = {
        "URI:http://www.example.com/x", "URI:urn:isbn:12345", "URI:mailto:a@example.com",
        "URI:http://10.1.2.3/x", "URI:http://[2001:db8::1]:8443/x", "URI:http://u@www.example.com:8080/x%20y",
        "URI:https://www.example.com./",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char v[128];
        snprintf(v, sizeof v, "DNS:www.example.com,%s", bad[i]);
        cr_expect_eq(cs_test_rule_cg(r, with_ext(mk("tls-dv"), "subjectAltName", false, v)), CS_FAIL, "%s", bad[i]);
    }
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char v[128];
        snprintf(v, sizeof v, "DNS:www.example.com,%s", good[i]);
        cr_expect_eq(cs_test_rule_cg(r, with_ext(mk("tls-dv"), "subjectAltName", false, v)), CS_PASS, "%s", good[i]);
    }
}

Test(rfc5280_gaps, nc_uri_not_fqdn)
{
    const char *r = "rfc5280_nc_uri_not_fqdn";
    static const char *const bad[] = { "permitted;URI:http://example.com", "permitted;URI:example.com/path",
                                       "excluded;URI:*.example.com", "permitted;URI:192.168.0.1",
                                       "permitted;URI:..example.com" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_eq(cs_test_rule_cg(r, with_ext(mk("tls-ca"), "nameConstraints", true, bad[i])), CS_FAIL, "%s", bad[i]);
    PASS(r, with_ext(mk("tls-ca"), "nameConstraints", true, "permitted;URI:.example.com"));
    PASS(r, with_ext(mk("tls-ca"), "nameConstraints", true, "permitted;URI:host.example.com,permitted;DNS:example.com"));
}

Test(rfc5280_gaps, issuer_alt_name)
{
    FAIL("rfc5280_ian_empty", with_der(mk("tls-dv"), "2.5.29.18", false, "30 00"));
    FAIL("rfc5280_ian_empty", with_der(mk("tls-dv"), "2.5.29.18", false, "30 02 82 00"));
    PASS("rfc5280_ian_empty", with_ext(mk("tls-dv"), "issuerAltName", false, "URI:http://ca.example.com/"));

    const char *r = "rfc5280_ian_name_syntax";
    FAIL(r, with_ext(mk("tls-dv"), "issuerAltName", false, "URI://example.com/path"));
    FAIL(r, with_ext(mk("tls-dv"), "issuerAltName", false, "URI:http://intranet/"));
    FAIL(r, with_ext(mk("tls-dv"), "issuerAltName", false, "email:<ca@example.com>"));
    FAIL(r, with_der(mk("tls-dv"), "2.5.29.18", false, "30 03 82 01 20")); /* dNSName " " */
    FAIL(r, with_ext(mk("tls-dv"), "issuerAltName", false, "DNS:ca_1.example.com"));
    PASS(r, with_ext(mk("tls-dv"), "issuerAltName", false, "URI:http://ca.example.com/,email:ca@example.com,DNS:ca.example.com"));

    FAIL("rfc5280_ian_critical", with_ext(mk("tls-dv"), "issuerAltName", true, "URI:http://ca.example.com/"));
    PASS("rfc5280_ian_critical", with_ext(mk("tls-dv"), "issuerAltName", false, "URI:http://ca.example.com/"));
}

Test(rfc5280_gaps, policy_controls)
{
    const char *r = "rfc5280_policy_mapping_any_policy";
    FAIL(r, with_der(mk("tls-ca"), "2.5.29.33", true, "30 12 30 10 06 08 2b 06 01 04 01 82 37 01 06 04 55 1d 20 00"));
    FAIL(r, with_der(mk("tls-ca"), "2.5.29.33", true, "30 12 30 10 06 04 55 1d 20 00 06 08 2b 06 01 04 01 82 37 01"));
    PASS(r, with_der(mk("tls-ca"), "2.5.29.33", true,
                     "30 16 30 14 06 08 2b 06 01 04 01 82 37 01 06 08 2b 06 01 04 01 82 37 02"));

    FAIL("rfc5280_inhibit_any_policy_not_critical", with_der(mk("tls-ca"), "2.5.29.54", false, "02 01 00"));
    PASS("rfc5280_inhibit_any_policy_not_critical", with_der(mk("tls-ca"), "2.5.29.54", true, "02 01 00"));

    FAIL("rfc5280_policy_constraints_empty", with_der(mk("tls-ca"), "2.5.29.36", true, "30 00"));
    PASS("rfc5280_policy_constraints_empty", with_der(mk("tls-ca"), "2.5.29.36", true, "30 03 80 01 00"));
    FAIL("rfc5280_policy_constraints_not_critical", with_der(mk("tls-ca"), "2.5.29.36", false, "30 03 80 01 00"));
    PASS("rfc5280_policy_constraints_not_critical", with_der(mk("tls-ca"), "2.5.29.36", true, "30 03 80 01 00"));
    cg_cert *c = with_der(mk("tls-ca"), "2.5.29.36", false, "30 03 80 01 00");
    cg_set_not_before(c, "2005-01-01T00:00:00Z"); /* RFC 3280 allowed a non-critical one */
    cr_expect_eq(cs_test_rule_cg("rfc5280_policy_constraints_not_critical", c), CS_NE);
}

Test(rfc5280_gaps, pathlen_negative)
{
    FAIL("rfc5280_pathlen_negative", with_der(mk("tls-ca"), "2.5.29.19", true, "30 06 01 01 ff 02 01 ff"));
    PASS("rfc5280_pathlen_negative", with_der(mk("tls-ca"), "2.5.29.19", true, "30 06 01 01 ff 02 01 00"));
}

#define CP_VISIBLE "30 21 30 1f 06 06 67 81 0c 01 02 01 30 15 30 13 06 08 2b 06 01 05 05 07 02 02 30 07 1a 05 48 65 6c 6c 6f"
#define CP_BMP "30 20 30 1e 06 06 67 81 0c 01 02 01 30 14 30 12 06 08 2b 06 01 05 05 07 02 02 30 06 1e 04 00 48 00 69"
#define CP_UTF8 "30 21 30 1f 06 06 67 81 0c 01 02 01 30 15 30 13 06 08 2b 06 01 05 05 07 02 02 30 07 0c 05 48 65 6c 6c 6f"
#define CP_UTF8_C0 "30 22 30 20 06 06 67 81 0c 01 02 01 30 16 30 14 06 08 2b 06 01 05 05 07 02 02 30 08 0c 06 48 65 6c 01 6c 6f"
#define CP_UTF8_C1 "30 23 30 21 06 06 67 81 0c 01 02 01 30 17 30 15 06 08 2b 06 01 05 05 07 02 02 30 09 0c 07 48 65 6c c2 85 6c 6f"
#define CP_UTF8_EURO "30 24 30 22 06 06 67 81 0c 01 02 01 30 18 30 16 06 08 2b 06 01 05 05 07 02 02 30 0a 0c 08 48 65 6c e2 82 ac 6c 6f"
#define CP_IA5 "30 21 30 1f 06 06 67 81 0c 01 02 01 30 15 30 13 06 08 2b 06 01 05 05 07 02 02 30 07 16 05 48 65 6c 6c 6f"

Test(rfc5280_gaps, explicit_text)
{
    const char *r = "rfc5280_cp_explicit_text_not_utf8";
    FAIL(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_VISIBLE));
    FAIL(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_BMP));
    PASS(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_UTF8));

    r = "rfc5280_cp_explicit_text_control";
    FAIL(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_UTF8_C0));
    FAIL(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_UTF8_C1));
    PASS(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_UTF8_EURO)); /* 0x82 inside a sequence is no C1 */
    PASS(r, with_der(mk("tls-dv"), "2.5.29.32", false, CP_UTF8));

    /* Each certificate meets the text in force at its notBefore: IA5String
     * is a MUST NOT since RFC 6818 (2013), VisibleString and BMPString were
     * one under RFC 5280 as published (2008-05 to 2012). */
    static const struct { const char *hex, *not_before; cs_result want; } dated[] = {
        { CP_IA5, NULL, CS_FAIL },
        { CP_IA5, "2010-01-01T00:00:00Z", CS_PASS },
        { CP_VISIBLE, NULL, CS_PASS },
        { CP_VISIBLE, "2010-01-01T00:00:00Z", CS_FAIL },
        { CP_BMP, "2012-12-31T00:00:00Z", CS_FAIL },
        { CP_BMP, "2005-01-01T00:00:00Z", CS_PASS },
        { CP_UTF8, "2010-01-01T00:00:00Z", CS_PASS },
    };
    for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
        cg_cert *c = with_der(mk("tls-dv"), "2.5.29.32", false, dated[i].hex);
        if (dated[i].not_before)
            cg_set_not_before(c, dated[i].not_before);
        cr_expect_eq(cs_test_rule_cg("rfc5280_cp_explicit_text_encoding", c), dated[i].want, "case %zu", i);
    }
    cg_cert *c = with_der(mk("tls-dv"), "2.5.29.32", false, CP_VISIBLE);
    cg_set_not_before(c, "2010-01-01T00:00:00Z");
    cr_expect_eq(cs_test_rule_cg("rfc5280_cp_explicit_text_not_utf8", c), CS_NE, "a MUST NOT then, not a SHOULD");
}
