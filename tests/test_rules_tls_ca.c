/* TLS BR CA-side rules (rules/tls/ca_*.c, ocsp_responder.c): the CA kind
 * classification, then for each rule a certificate that breaks it and one
 * that passes, built from the "root" and "tls-ca" presets (and an OCSP
 * responder made from "tls-dv") with one edit. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/tls_ca_kind.h"
#include "certgen.h"
#include "derw.h"
#include "rulecheck.h"

static cg_cert *mk(const char *profile)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c, "preset %s", profile);
    return c;
}
static cg_cert *root(void) { return mk("root"); }
static cg_cert *sub(void) { return mk("tls-ca"); }

static cg_cert *with(cg_cert *c, const char *ext, bool critical, const char *value)
{
    cr_assert(cg_ext_set(c, ext, critical, value), "%s = %s", ext, value);
    return c;
}

/* certificatePolicies from PolicyInformation hex (OpenSSL's config syntax
 * does not take bare OIDs). */
#define POL_DV "30 08 06 06 67 81 0c 01 02 01"
#define POL_OV "30 08 06 06 67 81 0c 01 02 02"
#define POL_ANY "30 06 06 04 55 1d 20 00"
#define POL_OTHER "30 05 06 03 2a 03 04"
static cg_cert *with_policies(cg_cert *c, bool critical, const char *infos)
{
    uint8_t der[256];
    size_t n = cg_hex(infos, der + 2, sizeof der - 2);
    cr_assert(n > 0 && n < 128);
    der[0] = 0x30;
    der[1] = (uint8_t)n;
    cg_ext_set_der(c, "2.5.29.32", critical, der, n + 2);
    return c;
}

static cg_cert *issued_at(cg_cert *c, const char *nb)
{
    cg_set_not_before(c, nb);
    return c;
}

/* Runs one rule with the issuing test CA of `issuer_key` known. */
static cs_result rule_with_issuer(const char *rule, cg_cert *c, const char *issuer_key)
{
    size_t len = 0, ilen = 0;
    uint8_t *der = cg_der(c, &len);
    uint8_t *iss = cg_issuer_der(issuer_key, &ilen);
    cr_assert(der && iss);
    cs_result r = cs_test_rule_issuer(rule, der, len, iss, ilen, NULL, 0);
    free(der);
    free(iss);
    cg_free(c);
    return r;
}

#define PASS(rule, b) cr_expect_eq(cs_test_rule_cg(rule, b), CS_PASS, "%s should pass", rule)
#define FAIL(rule, b) cr_expect_eq(cs_test_rule_cg(rule, b), CS_FAIL, "%s should fail", rule)
#define RESULT(rule, b, want) cr_expect_eq(cs_test_rule_cg(rule, b), want, "%s", rule)

/* ---- classification ---------------------------------------------------- */

static tls_ca_kind kind_of(cg_cert *b, const char *issuer_key)
{
    size_t len = 0, ilen = 0;
    uint8_t *der = cg_der(b, &len);
    cg_free(b);
    cr_assert_not_null(der);
    cs_cert *c = malloc(sizeof *c), *issuer = malloc(sizeof *issuer);
    cr_assert(c && issuer);
    cs_parse_error err;
    cr_assert(cs_cert_parse(c, der, len, &err), "%s", err.reason);
    uint8_t *iss = NULL;
    if (issuer_key) {
        iss = cg_issuer_der(issuer_key, &ilen);
        cr_assert(iss && cs_cert_parse(issuer, iss, ilen, &err), "%s", err.reason);
        c->issuer_cert = issuer;
    }
    tls_ca_kind k = tls_ca_kind_of(c);
    free(iss);
    free(der);
    free(issuer);
    free(c);
    return k;
}

static cg_cert *ocsp_responder(void)
{
    cg_cert *c = mk("tls-dv");
    cg_ext_remove(c, "subjectAltName");
    cg_ext_remove(c, "authorityInfoAccess");
    cg_ext_remove(c, "crlDistributionPoints");
    cg_ext_remove(c, "certificatePolicies");
    with(c, "extendedKeyUsage", false, "OCSPSigning");
    with(c, "keyUsage", true, "digitalSignature");
    return cs_test_ext_hex(c, "1.3.6.1.5.5.7.48.1.5", false, "05 00");
}

Test(tls_ca, kinds)
{
    cr_expect_eq(kind_of(root(), NULL), TLS_CA_ROOT);
    cr_expect_eq(kind_of(sub(), NULL), TLS_CA_TLS_SUBORDINATE);
    cr_expect_eq(kind_of(with(sub(), "extendedKeyUsage", false, "anyExtendedKeyUsage"), NULL), TLS_CA_TLS_SUBORDINATE);
    cg_cert *no_eku = sub();
    cg_ext_remove(no_eku, "extendedKeyUsage");
    cr_expect_eq(kind_of(no_eku, NULL), TLS_CA_TLS_SUBORDINATE);
    cr_expect_eq(kind_of(with(sub(), "nameConstraints", true, "permitted;DNS:example.com"), NULL), TLS_CA_CONSTRAINED_TLS);
    cr_expect_eq(kind_of(with(sub(), "extendedKeyUsage", false, "1.3.6.1.4.1.11129.2.4.4"), NULL), TLS_CA_PRECERT_SIGNING);
    /* emailProtection only: non-TLS, in scope with a TLS policy OID or a known TLS issuer. */
    cr_expect_eq(kind_of(with(sub(), "extendedKeyUsage", false, "emailProtection"), NULL), TLS_CA_NON_TLS);
    cg_cert *smime_ca = with_policies(with(sub(), "extendedKeyUsage", false, "emailProtection"), false, POL_OTHER);
    cr_expect_eq(kind_of(smime_ca, NULL), TLS_CA_NONE);
    smime_ca = with_policies(with(sub(), "extendedKeyUsage", false, "emailProtection"), false, POL_OTHER);
    cr_expect_eq(kind_of(smime_ca, "p256"), TLS_CA_NON_TLS);
    /* A root without EKU can issue TLS but does not show it does. */
    smime_ca = with_policies(with(sub(), "extendedKeyUsage", false, "emailProtection"), false, POL_OTHER);
    cr_expect_eq(kind_of(smime_ca, "root"), TLS_CA_NONE);
    /* A self-issued CA limited to emailProtection is not a TLS root. */
    cr_expect_eq(kind_of(with(root(), "extendedKeyUsage", false, "emailProtection"), NULL), TLS_CA_NONE);
    cr_expect_eq(kind_of(mk("tls-dv"), NULL), TLS_CA_NONE);
    cr_expect_eq(kind_of(ocsp_responder(), NULL), TLS_CA_NONE);
    cr_expect_eq(kind_of(ocsp_responder(), "p256"), TLS_CA_OCSP_RESPONDER);
}

/* The presets are clean for every TLS rule at warning level. */
Test(tls_ca, presets_clean)
{
    static const char *const p[] = { "root", "tls-ca" };
    for (size_t i = 0; i < 2; i++) {
        char ids[1024];
        size_t n = cs_test_findings_cg("tls", mk(p[i]), CS_SEV_NOTICE, ids, sizeof ids);
        cr_expect_eq(n, 0, "%s: %s", p[i], ids);
    }
}

/* ---- 7.1.2.1 root ------------------------------------------------------- */

Test(tls_ca, root_validity)
{
    cg_cert *c = root();
    cg_set_validity_seconds(c, INT64_C(9133) * 86400);
    FAIL("tls_root_validity_range", c);
    c = root();
    cg_set_validity_seconds(c, INT64_C(2921) * 86400);
    FAIL("tls_root_validity_range", c);
    c = root();
    cg_set_validity_seconds(c, INT64_C(9132) * 86400);
    PASS("tls_root_validity_range", c);
    c = issued_at(root(), "2023-09-14T00:00:00Z");
    cg_set_validity_seconds(c, INT64_C(9133) * 86400);
    RESULT("tls_root_validity_range", c, CS_NE);
}

Test(tls_ca, root_eku)
{
    FAIL("tls_root_eku_present", with(root(), "extendedKeyUsage", false, "serverAuth"));
    FAIL("tls_root_eku_present", issued_at(with(root(), "extendedKeyUsage", false, "anyExtendedKeyUsage"), "2013-01-01T00:00:00Z"));
    PASS("tls_root_eku_present", root());
}

static cg_cert *root_with_aki(bool same)
{
    cg_cert *c = root();
    uint8_t id[20];
    cr_assert_eq(cg_key_id(c, id), 20);
    if (!same)
        id[0] ^= 1;
    char hex[128] = "30 16 80 14";
    for (int i = 0; i < 20; i++)
        snprintf(hex + strlen(hex), sizeof hex - strlen(hex), " %02x", id[i]);
    return cs_test_ext_hex(c, "2.5.29.35", false, hex);
}

Test(tls_ca, root_aki)
{
    FAIL("tls_root_aki_invalid", root_with_aki(false));
    PASS("tls_root_aki_invalid", root_with_aki(true));
    FAIL("tls_root_aki_invalid", cs_test_ext_hex(root(), "2.5.29.35", false, "30 03 82 01 01"));
    RESULT("tls_root_aki_invalid", root(), CS_NA);
}

Test(tls_ca, root_pathlen_policies)
{
    FAIL("tls_root_pathlen_present", with(root(), "basicConstraints", true, "CA:TRUE,pathlen:1"));
    PASS("tls_root_pathlen_present", root());
    FAIL("tls_root_policies_present", with_policies(root(), false, POL_DV));
    PASS("tls_root_policies_present", root());
}

/* ---- 7.1.2.10 common CA fields ------------------------------------------ */

Test(tls_ca, ku)
{
    FAIL("tls_ca_ku_invalid", with(sub(), "keyUsage", false, "keyCertSign,cRLSign"));
    FAIL("tls_ca_ku_invalid", with(sub(), "keyUsage", true, "keyCertSign"));
    FAIL("tls_ca_ku_invalid", with(root(), "keyUsage", true, "cRLSign,digitalSignature"));
    FAIL("tls_ca_ku_invalid", with(sub(), "keyUsage", true, "keyCertSign,cRLSign,keyEncipherment"));
    PASS("tls_ca_ku_invalid", issued_at(with(sub(), "keyUsage", true, "keyCertSign,cRLSign,keyEncipherment"), "2020-01-01T00:00:00Z"));
    cg_cert *none = root();
    cg_ext_remove(none, "keyUsage");
    FAIL("tls_ca_ku_invalid", issued_at(none, "2013-01-01T00:00:00Z"));
    PASS("tls_ca_ku_invalid", sub());
    PASS("tls_ca_ku_invalid", root());
}

Test(tls_ca, subject)
{
    cg_cert *c = sub();
    cg_subject_remove(c, "O");
    FAIL("tls_ca_subject_required", c);
    c = root();
    cg_subject_remove(c, "C");
    FAIL("tls_ca_subject_required", c);
    c = sub();
    cg_subject_remove(c, "CN");
    FAIL("tls_ca_subject_required", c);
    c = issued_at(sub(), "2020-01-01T00:00:00Z"); /* BR 1.3.0 7.1.4.3.1(a) */
    cg_subject_remove(c, "CN");
    FAIL("tls_ca_subject_required", c);
    c = issued_at(sub(), "2015-04-15T00:00:00Z"); /* BR 1.2: issuer:commonName Optional */
    cg_subject_remove(c, "CN");
    PASS("tls_ca_subject_required", c);
    PASS("tls_ca_subject_required", sub());

    c = sub();
    cg_subject_add(c, "OU", "Servers", 0);
    FAIL("tls_ca_ou_present", c);
    PASS("tls_ca_ou_present", sub());
    c = with(sub(), "extendedKeyUsage", false, "emailProtection");
    cg_subject_add(c, "OU", "Mail", 0);
    RESULT("tls_ca_ou_present", c, CS_NA);
}

Test(tls_ca, aia)
{
    FAIL("tls_ca_aia_invalid", with(sub(), "authorityInfoAccess", true, "caIssuers;URI:http://ca.example.com/a.crt"));
    FAIL("tls_ca_aia_invalid", with(sub(), "authorityInfoAccess", false, "caIssuers;URI:ldap://ca.example.com/a"));
    PASS("tls_ca_aia_invalid", sub());

    FAIL("tls_subca_aia_ocsp_missing", issued_at(sub(), "2020-01-01T00:00:00Z"));
    PASS("tls_subca_aia_ocsp_missing", issued_at(with(sub(), "authorityInfoAccess", false, "OCSP;URI:http://ocsp.example.com"),
                                                 "2020-01-01T00:00:00Z"));
    /* BR 1.7.1 (SC-31): AIA SHOULD, its OCSP URL MAY; critical stays forbidden */
    PASS("tls_subca_aia_ocsp_missing", issued_at(sub(), "2020-09-01T00:00:00Z"));
    FAIL("tls_subca_aia_ocsp_missing", issued_at(with(sub(), "authorityInfoAccess", true, "caIssuers;URI:http://ca.example.com/a.crt"),
                                                 "2020-09-01T00:00:00Z"));
    RESULT("tls_subca_aia_ocsp_missing", sub(), CS_NE);
    RESULT("tls_subca_aia_ocsp_missing", issued_at(root(), "2020-01-01T00:00:00Z"), CS_NA);
}

Test(tls_ca, crldp)
{
    cg_cert *c = sub();
    cg_ext_remove(c, "crlDistributionPoints");
    FAIL("tls_subca_crldp_invalid", c);
    FAIL("tls_subca_crldp_invalid", issued_at(with(sub(), "crlDistributionPoints", false, "URI:ldap://crl.example.com/x"),
                                              "2020-01-01T00:00:00Z"));
    PASS("tls_subca_crldp_invalid", issued_at(with(sub(), "crlDistributionPoints", false,
                                                   "URI:ldap://crl.example.com/x,URI:http://crl.example.com/x"),
                                              "2020-01-01T00:00:00Z"));
    FAIL("tls_subca_crldp_invalid", with(sub(), "crlDistributionPoints", false,
                                         "URI:ldap://crl.example.com/x,URI:http://crl.example.com/x"));
    PASS("tls_subca_crldp_invalid", sub());
    RESULT("tls_subca_crldp_invalid", root(), CS_NA);
}

Test(tls_ca, policies)
{
    cg_cert *c = sub();
    cg_ext_remove(c, "certificatePolicies");
    FAIL("tls_subca_policies_missing", c);
    PASS("tls_subca_policies_missing", sub());

    FAIL("tls_subca_policies_invalid", with_policies(sub(), false, POL_DV POL_OV));
    FAIL("tls_subca_policies_invalid", with_policies(sub(), false, POL_ANY POL_DV));
    FAIL("tls_subca_policies_invalid", with_policies(sub(), false, POL_OTHER));
    FAIL("tls_subca_policies_invalid", with_policies(sub(), true, POL_DV));
    PASS("tls_subca_policies_invalid", with_policies(sub(), false, POL_ANY));
    PASS("tls_subca_policies_invalid", with_policies(sub(), false, POL_OTHER POL_DV));
    PASS("tls_subca_policies_invalid", sub());
    RESULT("tls_subca_policies_invalid", issued_at(with_policies(sub(), false, POL_OTHER), "2022-01-01T00:00:00Z"), CS_NE);
}

Test(tls_ca, eku)
{
    FAIL("tls_subca_eku_invalid", with(sub(), "extendedKeyUsage", false, "serverAuth,emailProtection"));
    FAIL("tls_subca_eku_invalid", with(sub(), "extendedKeyUsage", false, "serverAuth,OCSPSigning"));
    FAIL("tls_subca_eku_invalid", with(sub(), "extendedKeyUsage", false, "anyExtendedKeyUsage,serverAuth"));
    FAIL("tls_subca_eku_invalid", with(sub(), "extendedKeyUsage", true, "serverAuth"));
    PASS("tls_subca_eku_invalid", with(sub(), "extendedKeyUsage", false, "anyExtendedKeyUsage"));
    PASS("tls_subca_eku_invalid", sub());
    RESULT("tls_subca_eku_invalid", issued_at(with(sub(), "extendedKeyUsage", false, "serverAuth,emailProtection"),
                                              "2020-01-01T00:00:00Z"), CS_NE);
}

/* GeneralSubtree dNSName example.com, with maximum 1 / without. */
#define NC_DNS "82 0b 65 78 61 6d 70 6c 65 2e 63 6f 6d"
Test(tls_ca, nc_min_max)
{
    FAIL("tls_ca_nc_min_max_present", cs_test_ext_hex(sub(), "2.5.29.30", true, "30 14 a0 12 30 10 " NC_DNS " 81 01 01"));
    PASS("tls_ca_nc_min_max_present", cs_test_ext_hex(sub(), "2.5.29.30", true, "30 0f a0 0d 30 0b " NC_DNS));
}

/* ---- 7.1.2.5 technically constrained TLS subordinate -------------------- */

Test(tls_ca, nc_complete)
{
    FAIL("tls_tc_ca_nc_incomplete", cs_test_ext_hex(sub(), "2.5.29.30", true, "30 0f a0 0d 30 0b " NC_DNS));
    /* permitted: example.com and directoryName C=US; excluded: 0.0.0.0/0 and ::/0. */
    PASS("tls_tc_ca_nc_incomplete",
         cs_test_ext_hex(sub(), "2.5.29.30", true,
                  "30 56 a0 22 30 0d " NC_DNS " 30 11 a4 0f 30 0d 31 0b 30 09 06 03 55 04 06 13 02 55 53"
                  " a1 30 30 0a 87 08 00 00 00 00 00 00 00 00"
                  " 30 22 87 20 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
    RESULT("tls_tc_ca_nc_incomplete", sub(), CS_NA);
}

/* ---- 7.1.2.3 non-TLS, 7.1.2.4 precertificate signing --------------------- */

static cg_cert *non_tls(const char *eku)
{
    return with(sub(), "extendedKeyUsage", false, eku);
}

Test(tls_ca, non_tls)
{
    FAIL("tls_non_tls_ca_eku_invalid", non_tls("emailProtection,OCSPSigning"));
    PASS("tls_non_tls_ca_eku_invalid", non_tls("emailProtection"));
    FAIL("tls_non_tls_ca_policies_invalid", non_tls("emailProtection"));
    cr_expect_eq(rule_with_issuer("tls_non_tls_ca_policies_invalid",
                                  with_policies(non_tls("emailProtection"), false, POL_OTHER), "p256"),
                 CS_PASS);
    RESULT("tls_non_tls_ca_policies_invalid", with_policies(non_tls("emailProtection"), false, POL_OTHER), CS_NA);
}

static cg_cert *precert_ca(void) { return non_tls("1.3.6.1.4.1.11129.2.4.4"); }

Test(tls_ca, precert_ca)
{
    FAIL("tls_precert_ca_eku_invalid", non_tls("1.3.6.1.4.1.11129.2.4.4,serverAuth"));
    PASS("tls_precert_ca_eku_invalid", precert_ca());
    FAIL("tls_precert_ca_after_sunset", issued_at(precert_ca(), "2026-03-15T00:00:00Z"));
    RESULT("tls_precert_ca_after_sunset", precert_ca(), CS_NE);
    /* The test root has an RSA key, tls-ca a P-256 one. */
    cr_expect_eq(rule_with_issuer("tls_precert_ca_spki_mismatch", precert_ca(), "root"), CS_FAIL);
    cg_cert *rsa = precert_ca();
    cr_assert(cg_set_key(rsa, "rsa2048"));
    cr_expect_eq(rule_with_issuer("tls_precert_ca_spki_mismatch", rsa, "root"), CS_PASS);
    RESULT("tls_precert_ca_spki_mismatch", precert_ca(), CS_NA);
}

/* ---- 7.1.2.8 OCSP responder ---------------------------------------------- */

Test(tls_ca, ocsp_responder)
{
    cg_cert *c = ocsp_responder();
    cg_ext_remove(c, "1.3.6.1.5.5.7.48.1.5");
    cr_expect_eq(rule_with_issuer("tls_ocsp_nocheck_missing", c, "p256"), CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_nocheck_missing", ocsp_responder(), "p256"), CS_PASS);
    RESULT("tls_ocsp_nocheck_missing", ocsp_responder(), CS_NA);
    /* a subordinate CA that may sign OCSP responses for its issuer (BR 4.9.9) */
    FAIL("tls_ocsp_nocheck_missing", with(sub(), "extendedKeyUsage", false, "serverAuth,OCSPSigning"));
    PASS("tls_ocsp_nocheck_missing", cs_test_ext_hex(with(sub(), "extendedKeyUsage", false, "serverAuth,OCSPSigning"),
                                              "1.3.6.1.5.5.7.48.1.5", false, "05 00"));
    RESULT("tls_ocsp_nocheck_missing", sub(), CS_NA);

    cr_expect_eq(rule_with_issuer("tls_ocsp_extensions_invalid",
                                  with(ocsp_responder(), "subjectAltName", false, "DNS:ocsp.example.com"), "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_extensions_invalid",
                                  cs_test_ext_hex(ocsp_responder(), "1.3.6.1.5.5.7.48.1.5", false, "04 00"), "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_extensions_invalid",
                                  with(ocsp_responder(), "crlDistributionPoints", false, "URI:http://crl.example.com/x"), "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_extensions_invalid", ocsp_responder(), "p256"), CS_PASS);
    cr_expect_eq(rule_with_issuer("tls_ocsp_extensions_invalid",
                                  with(ocsp_responder(), "subjectKeyIdentifier", true, "hash"), "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_extensions_invalid",
                                  with_policies(ocsp_responder(), true, POL_OTHER), "p256"),
                 CS_FAIL);
    /* a userNotice qualifier: 7.1.2.8.8 permits id-qt-cps only */
    cr_expect_eq(rule_with_issuer("tls_ocsp_extensions_invalid",
                                  with_policies(ocsp_responder(), false,
                                                "30 17 06 03 2a 03 04 30 10 30 0e 06 08 2b 06 01 05 05 07 02 02 30 02 1e 00"),
                                  "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_extensions_invalid", with_policies(ocsp_responder(), false, POL_OTHER), "p256"),
                 CS_PASS);

    cr_expect_eq(rule_with_issuer("tls_ocsp_eku_invalid", with(ocsp_responder(), "extendedKeyUsage", false, "OCSPSigning,serverAuth"), "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_eku_invalid", ocsp_responder(), "p256"), CS_PASS);

    cr_expect_eq(rule_with_issuer("tls_ocsp_ku_invalid", with(ocsp_responder(), "keyUsage", true, "digitalSignature,keyEncipherment"), "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_ku_invalid", with(ocsp_responder(), "keyUsage", false, "digitalSignature"), "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_ku_invalid", ocsp_responder(), "p256"), CS_PASS);
}

/* ---- SHOULDs --------------------------------------------------------------- */

Test(tls_ca, recommendations)
{
    cg_cert *c = sub();
    cg_ext_remove(c, "authorityInfoAccess");
    FAIL("tls_subca_aia_recommended", c);
    FAIL("tls_subca_aia_recommended", issued_at(with(sub(), "authorityInfoAccess", false, "OCSP;URI:http://ocsp.example.com"),
                                                "2020-01-01T00:00:00Z"));
    PASS("tls_subca_aia_recommended", sub());

    FAIL("tls_ca_nc_not_critical", cs_test_ext_hex(sub(), "2.5.29.30", false, "30 0f a0 0d 30 0b " NC_DNS));
    PASS("tls_ca_nc_not_critical", cs_test_ext_hex(sub(), "2.5.29.30", true, "30 0f a0 0d 30 0b " NC_DNS));

    cr_expect_eq(rule_with_issuer("tls_ocsp_policies_present", with_policies(ocsp_responder(), false, POL_OTHER), "p256"),
                 CS_FAIL);
    cr_expect_eq(rule_with_issuer("tls_ocsp_policies_present", ocsp_responder(), "p256"), CS_PASS);
}

/* ---- 6.1.5, 6.1.6 keys ------------------------------------------------------ */

/* RSA SPKI with a 64-bit modulus ending in `last` and the given exponent. */
static cg_cert *rsa_spki(cg_cert *c, const char *last, bool e65537)
{
    char hex[256];
    snprintf(hex, sizeof hex,
             "30 %s 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00 03 %s 00 30 %s 02 09 00 c1 02 03 04 05 06 07 %s %s",
             e65537 ? "24" : "22", e65537 ? "13" : "11", e65537 ? "10" : "0e", last, e65537 ? "02 03 01 00 01" : "02 01 03");
    uint8_t der[128];
    size_t n = cg_hex(hex, der, sizeof der);
    cr_assert(n > 0);
    cg_set_spki_der(c, der, n);
    return c;
}

Test(tls_ca, rsa_recommended)
{
    FAIL("tls_rsa_not_recommended", rsa_spki(sub(), "09", false));
    FAIL("tls_rsa_not_recommended", rsa_spki(sub(), "08", true));
    PASS("tls_rsa_not_recommended", rsa_spki(sub(), "09", true));
    PASS("tls_rsa_not_recommended", root());
    /* c102030405060701 = 17 * 719 * ...: odd, exponent 65537, small factors. */
    char detail[CS_DETAIL_MAX] = "";
    size_t len = 0;
    uint8_t *der = cg_der(rsa_spki(sub(), "01", true), &len);
    cr_assert_not_null(der);
    cr_expect_eq(cs_test_rule("tls_rsa_not_recommended", der, len, detail, sizeof detail), CS_FAIL);
    cr_expect(strstr(detail, "factor 17"), "%s", detail);
    free(der);
}

/* A DSA SubjectPublicKeyInfo with a p of l_bits and a q of n_bits (their
 * top bit set, the rest zero: only the sizes matter here), or without
 * domain parameters when l_bits is 0. */
static cg_cert *dsa_spki(cg_cert *c, unsigned l_bits, unsigned n_bits)
{
    cg_buf alg = { 0 }, params = { 0 }, spki = { 0 }, out = { 0 };
    cr_assert(cg_der_oid(&alg, "1.2.840.10040.4.1"));
    if (l_bits) {
        uint8_t v[400] = { 0 };
        v[1] = 0x80; /* leading 00 keeps the INTEGER positive */
        cg_der_tlv(&params, 0x02, v, l_bits / 8 + 1);
        cg_der_tlv(&params, 0x02, v, n_bits / 8 + 1);
        cg_der_uint(&params, 2);
        cg_der_wrap(&alg, 0x30, &params);
    }
    cg_der_wrap(&spki, 0x30, &alg);
    static const uint8_t y[] = { 0x00, 0x02, 0x01, 0x05 };
    cg_der_tlv(&spki, 0x03, y, sizeof y);
    cg_der_wrap(&out, 0x30, &spki);
    cg_set_spki_der(c, out.p, out.n);
    cg_buf_free(&out);
    cg_set_not_before(c, "2019-01-01T00:00:00Z");
    return c;
}

Test(tls_ca, dsa_br1)
{
    PASS("tls_br1_dsa_params", dsa_spki(sub(), 2048, 256));
    PASS("tls_br1_dsa_params", dsa_spki(mk("tls-dv"), 3072, 256));
    FAIL("tls_br1_dsa_params", dsa_spki(sub(), 1024, 160));
    FAIL("tls_br1_dsa_params", dsa_spki(mk("tls-dv"), 3072, 224));
    FAIL("tls_br1_dsa_params", dsa_spki(mk("tls-dv"), 0, 0));
    /* BR 1.7.1 removed DSA: from then on tls_spki_encoding reports any DSA key. */
    cg_cert *c = dsa_spki(mk("tls-dv"), 1024, 160);
    cg_set_not_before(c, "2021-01-01T00:00:00Z");
    RESULT("tls_br1_dsa_params", c, CS_NE);
    RESULT("tls_br1_dsa_params", sub(), CS_NA);
}

/* A P-256 SubjectPublicKeyInfo whose point is 04 || 01.. (not on the curve),
 * or compressed with a bad length. */
static cg_cert *p256_point(cg_cert *c, size_t len)
{
    uint8_t der[128] = { 0x30, 0, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                         0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0, 0x00, 0x04 };
    cr_assert(len >= 1 && len <= 65);
    der[1] = (uint8_t)(21 + 2 + 1 + len);
    der[24] = (uint8_t)(1 + len);
    memset(der + 27, 0x01, len - 1);
    cg_set_spki_der(c, der, 2 + der[1]);
    return c;
}

Test(tls_ca, ec_point)
{
    PASS("tls_ec_point_invalid", mk("tls-dv"));
    PASS("tls_ec_point_invalid", sub());
    FAIL("tls_ec_point_invalid", p256_point(mk("tls-dv"), 65));
    FAIL("tls_ec_point_invalid", p256_point(sub(), 40));
    RESULT("tls_ec_point_invalid", root(), CS_NA); /* RSA */
}

/* ---- extension table columns every CA profile shares ---------------------- */

Test(tls_ca, bc_and_ski)
{
    FAIL("tls_ca_bc_not_critical", with(sub(), "basicConstraints", false, "CA:TRUE"));
    FAIL("tls_ca_bc_not_critical", with(root(), "basicConstraints", false, "CA:TRUE"));
    PASS("tls_ca_bc_not_critical", sub());
    PASS("tls_ca_bc_not_critical", root());
    RESULT("tls_ca_bc_not_critical", mk("tls-dv"), CS_NA);

    cg_cert *c = sub();
    cg_ext_remove(c, "subjectKeyIdentifier");
    FAIL("tls_ca_ski_invalid", c);
    FAIL("tls_ca_ski_invalid", with(root(), "subjectKeyIdentifier", true, "hash"));
    PASS("tls_ca_ski_invalid", sub());
    PASS("tls_ca_ski_invalid", root());
    /* The BR's own table dates from SC-62; before it RFC 5280's rule judges. */
    c = sub();
    cg_ext_remove(c, "subjectKeyIdentifier");
    RESULT("tls_ca_ski_invalid", issued_at(c, "2020-01-01T00:00:00Z"), CS_NE);
}

/* nameConstraints value: permittedSubtrees with dNSName example.com. */
#define NC_PERMITTED_DNS "30 11 a0 0f 30 0d " NC_DNS

/* RFC 5280 4.2.1.10 wants nameConstraints critical; TLS BR 7.1.2.10.8 and
 * SBR 7.1.2.2(f) allow non-critical for the CAs they govern. */
Test(tls_ca, nc_criticality_per_profile)
{
    PASS("rfc5280_nc_misuse", cs_test_ext_hex(sub(), "2.5.29.30", false, NC_PERMITTED_DNS));
    PASS("rfc5280_nc_misuse", cs_test_ext_hex(mk("smime-ca"), "2.5.29.30", false, NC_PERMITTED_DNS));
    /* A CA under neither BR: code signing EKU only, no policy, unknown issuer. */
    cg_cert *c = with(sub(), "extendedKeyUsage", false, "codeSigning");
    cg_ext_remove(c, "certificatePolicies");
    FAIL("rfc5280_nc_misuse", cs_test_ext_hex(c, "2.5.29.30", false, NC_PERMITTED_DNS));
    c = with(sub(), "extendedKeyUsage", false, "codeSigning");
    cg_ext_remove(c, "certificatePolicies");
    PASS("rfc5280_nc_misuse", cs_test_ext_hex(c, "2.5.29.30", true, NC_PERMITTED_DNS));
}

/* BR 1.0 Appendix A: 1024-bit keys only for subscribers expiring before 2014. */
static cg_cert *rsa1024_2012(cg_cert *c)
{
    cr_assert(cg_set_key(c, "rsa1024"));
    cg_set_not_before(c, "2012-08-01T00:00:00Z");
    cg_set_validity_seconds(c, INT64_C(365) * 86400);
    return c;
}

Test(tls_ca, rsa1024_history)
{
    FAIL("tls_rsa_weak", rsa1024_2012(sub()));
    FAIL("tls_rsa_weak", rsa1024_2012(root()));
    PASS("tls_rsa_weak", rsa1024_2012(mk("tls-dv")));
}

Test(tls_ca, subca_aki_root_crldp_unique_ids)
{
    cg_cert *c = sub();
    cg_ext_remove(c, "authorityKeyIdentifier");
    FAIL("tls_subca_aki_invalid", c);
    FAIL("tls_subca_aki_invalid", cs_test_ext_hex(sub(), "2.5.29.35", false, "30 07 80 01 01 82 02 05 00"));
    FAIL("tls_subca_aki_invalid", cs_test_ext_hex(sub(), "2.5.29.35", true, "30 03 80 01 01"));
    PASS("tls_subca_aki_invalid", sub());
    RESULT("tls_subca_aki_invalid", root(), CS_NA);

    FAIL("tls_root_crldp_present", with(root(), "crlDistributionPoints", false, "URI:http://crl.example.com/r.crl"));
    PASS("tls_root_crldp_present", root());
}

/* ---- NOT RECOMMENDED ---------------------------------------------------------- */

Test(tls_ca, not_recommended)
{
    FAIL("tls_ca_other_extension", cs_test_ext_hex(sub(), "1.2.3.4", false, "05 00"));
    FAIL("tls_ca_other_extension", with(root(), "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/r.crt"));
    PASS("tls_ca_other_extension", sub());
    PASS("tls_ca_other_extension", root());

    cg_cert *c = sub();
    cg_subject_add(c, "serialNumber", "1234", 0);
    FAIL("tls_ca_subject_other_attribute", c);
    PASS("tls_ca_subject_other_attribute", sub());

    FAIL("tls_ca_nc_discouraged_type", with(sub(), "nameConstraints", true, "permitted;email:example.com"));
    FAIL("tls_ca_nc_discouraged_type", cs_test_ext_hex(sub(), "2.5.29.30", true,
                                                "30 13 a1 11 30 0f a4 0d 30 0b 31 09 30 07 06 03 55 04 06 13 00"));
    PASS("tls_ca_nc_discouraged_type", with(sub(), "nameConstraints", true, "permitted;DNS:example.com"));
}
