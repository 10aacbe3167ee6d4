/* The rules that read the issuing CA's certificate (chain.c of
 * rules/smime, tls and rfc5280): for each, a certificate that breaks it
 * and one that does not, linted with their issuer; not applicable without
 * the issuer.  Certificates come from the certgen presets, issued by the
 * preset test CAs or by a CA built here from the "smime-ca" preset. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "rulecheck.h"

#define MVS "smime-mailbox-strict"

static const char *result_name(cs_result r)
{
    return r == CS_PASS ? "PASS" : r == CS_FAIL ? "FAIL" : r == CS_NA ? "NA" : "NE";
}

/* A certificate and the DER of its issuer (NULL: not given). */
typedef struct issued {
    uint8_t *der, *ca;
    size_t len, ca_len;
} issued;

static cg_cert *P(const char *profile)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c, "unknown profile %s", profile);
    return c;
}

/* Builds c (freeing the builder); ca_der is the issuer to give (kept). */
static issued build(cg_cert *c, uint8_t *ca_der, size_t ca_len)
{
    issued x = { .ca = ca_der, .ca_len = ca_len };
    x.der = cg_der(c, &x.len);
    cr_assert_not_null(x.der, "certgen could not build the certificate");
    cg_free(c);
    return x;
}

/* c issued by the test CA of that key, linted with that CA. */
static issued by_test_ca(cg_cert *c, const char *issuer_key)
{
    cr_assert(cg_set_issuer_key(c, issuer_key), "issuer key %s", issuer_key);
    size_t n;
    uint8_t *ca = cg_issuer_der(issuer_key, &n);
    cr_assert_not_null(ca);
    return build(c, ca, n);
}

/* c issued by the CA certificate `ca` (a builder, freed), which signs
 * with pool key `key`.  The issuer field is the CA's subject, or the
 * subject of `name` (a builder, freed) when not NULL. */
static issued by_ca(cg_cert *c, cg_cert *ca, const char *key, cg_cert *name)
{
    cr_assert(cg_set_key(ca, key));
    size_t nl, ca_len;
    uint8_t *n = cg_subject_der(name ? name : ca, &nl), kid[20];
    size_t kl = cg_key_id(ca, kid);
    uint8_t *ca_der = cg_der(ca, &ca_len);
    cr_assert(n && kl && ca_der);
    cr_assert(cg_set_issuer_raw(c, n, nl, kid, kl, key));
    free(n);
    cg_free(ca);
    cg_free(name);
    return build(c, ca_der, ca_len);
}

/* An S/MIME CA whose subject has the multi-valued RDN {O=Multi, OU=Unit}. */
static cg_cert *multi_rdn_ca(void)
{
    cg_cert *ca = P("smime-ca");
    cg_subject_clear(ca);
    cg_subject_add(ca, "C", "US", 0);
    cg_subject_add(ca, "O", "Multi", 0);
    cg_subject_add_multi(ca, "OU", "Unit", 0);
    return ca;
}

static void expect(const char *rule, issued x, cs_result want, const char *what)
{
    char detail[CS_DETAIL_MAX];
    cs_result got = cs_test_rule_issuer(rule, x.der, x.len, x.ca, x.ca_len, detail, sizeof detail);
    cr_expect_eq(got, want, "%s (%s): got %s, want %s [%s]", rule, what, result_name(got), result_name(want), detail);
    if (want == CS_FAIL)
        cr_expect_neq(detail[0], '\0', "%s: a failure says why", rule);
    free(x.der);
    free(x.ca);
}

/* The same certificate without its issuer. */
static issued no_issuer(issued x)
{
    free(x.ca);
    x.ca = NULL;
    x.ca_len = 0;
    return x;
}

/* The issuer Name of the "rsa2048" test CA (C, O, CN), with O and CN
 * given string types (0: certgen's UTF8String) and CN text. */
static void issuer_name(cg_cert *c, int o_tag, const char *cn, int cn_tag)
{
    cg_issuer_clear(c);
    cg_issuer_add(c, "C", "US", 0);
    cg_issuer_add(c, "O", "certsweep Test", o_tag);
    cg_issuer_add(c, "CN", cn, cn_tag);
}
#define TEST_CA_CN "certsweep Test CA rsa2048"

static void aki(cg_cert *c, uint8_t fill)
{
    uint8_t v[24] = { 0x30, 0x16, 0x80, 0x14 };
    memset(v + 4, fill, 20);
    cg_ext_set_der(c, "2.5.29.35", false, v, sizeof v);
}

/* ---- the view --------------------------------------------------------- */

Test(chain, parsing_resets_the_issuer)
{
    size_t len, tbs_len;
    cg_cert *g = P(MVS);
    uint8_t *der = cg_der(g, &len), *tbs = cg_tbs_der(g, &tbs_len);
    cg_free(g);
    cr_assert(der && tbs);
    cs_cert *c = malloc(sizeof *c);
    cs_parse_error e;
    c->issuer_cert = c;
    cr_assert(cs_cert_parse(c, der, len, &e));
    cr_expect_null(c->issuer_cert, "cs_cert_parse clears issuer_cert");
    c->issuer_cert = c;
    cr_assert(cs_tbs_parse(c, tbs, tbs_len, &e));
    cr_expect_null(c->issuer_cert, "cs_tbs_parse clears issuer_cert");
    c->issuer_cert = c;
    cr_expect(!cs_cert_parse(c, der, 10, &e));
    cr_expect_null(c->issuer_cert, "a failed parse clears it too");
    free(c);
    free(der);
    free(tbs);
}

/* Every issuer rule is N/A without the issuer, even on a certificate it
 * would fail with one. */
Test(chain, not_applicable_without_issuer)
{
    static const char *const rules[] = {
        "smime_issuer_dn_bytes_mismatch", "smime_aki_issuer_ski_mismatch", "smime_sigalg_issuer_key_mismatch",
        "smime_extant_ca_after_transition", "rfc5280_issuer_name_mismatch", "rfc5280_aki_issuer_ski_mismatch",
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        cg_cert *c = P(MVS);
        issuer_name(c, 0, "Another CA", 0);
        aki(c, 0x5a);
        cg_cert *ca = P("smime-ca");
        cg_ext_remove(ca, "extendedKeyUsage");
        expect(rules[i], no_issuer(by_ca(c, ca, "rsa2048:5", NULL)), CS_NA, "no issuer");
    }
    static const char *const tls[] = { "tls_issuer_dn_bytes_mismatch", "tls_aki_issuer_ski_mismatch",
                                       "tls_sigalg_issuer_key_mismatch" };
    for (size_t i = 0; i < sizeof tls / sizeof tls[0]; i++) {
        cg_cert *c = P("tls-dv");
        aki(c, 0x5a);
        expect(tls[i], no_issuer(by_test_ca(c, "p256")), CS_NA, "no issuer");
    }
}

/* ---- issuer DN bytes ------------------------------------------------- */

Test(chain, smime_issuer_dn_bytes_mismatch)
{
    const char *r = "smime_issuer_dn_bytes_mismatch";
    expect(r, by_test_ca(P(MVS), "rsa2048"), CS_PASS, "issued by the test CA");
    cg_cert *c = P(MVS);
    issuer_name(c, 19, TEST_CA_CN, 0); /* O as PrintableString */
    expect(r, by_test_ca(c, "rsa2048"), CS_FAIL, "O re-encoded");
    c = P(MVS);
    issuer_name(c, 0, "CERTSWEEP TEST CA RSA2048", 0);
    expect(r, by_test_ca(c, "rsa2048"), CS_FAIL, "CN in capitals");
    c = P(MVS);
    cg_set_not_before(c, "2023-08-01T00:00:00Z");
    issuer_name(c, 19, TEST_CA_CN, 0);
    expect(r, by_test_ca(c, "rsa2048"), CS_NE, "before the S/MIME BR");
    c = P("smime-ca"); /* S/MIME CA certificates are in scope too */
    cg_issuer_clear(c);
    cg_issuer_add(c, "CN", "certsweep Test Root CA", 0);
    expect(r, by_test_ca(c, "root"), CS_FAIL, "sub-CA under a root named differently");
    expect(r, by_test_ca(P("plain"), "rsa2048"), CS_NA, "not S/MIME");
}

Test(chain, tls_issuer_dn_bytes_mismatch)
{
    const char *r = "tls_issuer_dn_bytes_mismatch";
    expect(r, by_test_ca(P("tls-dv"), "p256"), CS_PASS, "issued by the test CA");
    cg_cert *c = P("tls-dv");
    cg_issuer_clear(c);
    cg_issuer_add(c, "C", "US", 0);
    cg_issuer_add(c, "O", "certsweep Test", 0);
    cg_issuer_add(c, "CN", "certsweep Test CA p256", 30); /* BMPString */
    expect(r, by_test_ca(c, "p256"), CS_FAIL, "CN as BMPString");
    c = P("tls-dv");
    cg_set_not_before(c, "2023-09-14T00:00:00Z");
    cg_issuer_clear(c);
    cg_issuer_add(c, "CN", "x", 0);
    expect(r, by_test_ca(c, "p256"), CS_NE, "before the 2.0 profile");
}

/* RFC 5280 7.1: string types, case and spaces do not matter; the
 * attributes, their values and the RDN order do; a multi-valued RDN is a
 * set. */
Test(chain, rfc5280_issuer_name_mismatch)
{
    const char *r = "rfc5280_issuer_name_mismatch";
    expect(r, by_test_ca(P(MVS), "rsa2048"), CS_PASS, "same bytes");
    static const struct {
        int o_tag;
        const char *cn;
        int cn_tag;
        cs_result want;
    } cases[] = {
        { 19, TEST_CA_CN, 0, CS_PASS },                         /* PrintableString for UTF8String */
        { 0, TEST_CA_CN, 30, CS_PASS },                         /* BMPString */
        { 0, "CERTSWEEP test ca RSA2048", 0, CS_PASS },         /* case */
        { 0, "  certsweep   Test CA\trsa2048 ", 0, CS_PASS },    /* insignificant spaces */
        { 0, "certsweep Test CArsa2048", 0, CS_FAIL },          /* a space is significant inside */
        { 0, "certsweep Test CA rsa4096", 0, CS_FAIL },
        { 0, "certsweep Test CA rsa2048\xc3\xa9", 0, CS_FAIL }, /* one more character */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cg_cert *c = P(MVS);
        issuer_name(c, cases[i].o_tag, cases[i].cn, cases[i].cn_tag);
        expect(r, by_test_ca(c, "rsa2048"), cases[i].want, cases[i].cn);
    }
    cg_cert *c = P(MVS);
    cg_issuer_clear(c);
    cg_issuer_add(c, "C", "US", 0);
    cg_issuer_add(c, "CN", TEST_CA_CN, 0);
    cg_issuer_add(c, "O", "certsweep Test", 0);
    expect(r, by_test_ca(c, "rsa2048"), CS_FAIL, "RDNs in another order");
    c = P(MVS);
    cg_issuer_clear(c);
    cg_issuer_add(c, "C", "US", 0);
    cg_issuer_add(c, "O", "certsweep Test", 0);
    expect(r, by_test_ca(c, "rsa2048"), CS_FAIL, "an RDN missing");

    /* A CA whose subject has a multi-valued RDN {O, OU}: the issuer field
     * may list its members in another order (a set), not split them. */
    cg_cert *rdn = P("smime-ca");
    cg_subject_clear(rdn);
    cg_subject_add(rdn, "C", "US", 0);
    cg_subject_add(rdn, "OU", "unit", 0);
    cg_subject_add_multi(rdn, "O", "multi", 0);
    expect(r, by_ca(P(MVS), multi_rdn_ca(), "rsa2048:5", rdn), CS_PASS, "RDN members reordered");
    rdn = P("smime-ca");
    cg_subject_clear(rdn);
    cg_subject_add(rdn, "C", "US", 0);
    cg_subject_add(rdn, "O", "Multi", 0);
    cg_subject_add(rdn, "OU", "Unit", 0);
    expect(r, by_ca(P(MVS), multi_rdn_ca(), "rsa2048:5", rdn), CS_FAIL, "RDN split in two");
}

/* ---- key identifiers --------------------------------------------------- */

Test(chain, aki_issuer_ski_mismatch)
{
    static const struct {
        const char *rule, *profile, *ca_key;
    } r[] = {
        { "smime_aki_issuer_ski_mismatch", MVS, "rsa2048" },
        { "tls_aki_issuer_ski_mismatch", "tls-dv", "p256" },
        { "rfc5280_aki_issuer_ski_mismatch", "tls-dv", "p256" },
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        expect(r[i].rule, by_test_ca(P(r[i].profile), r[i].ca_key), CS_PASS, "AKI = the CA's SKI");
        cg_cert *c = P(r[i].profile);
        aki(c, 0x5a);
        expect(r[i].rule, by_test_ca(c, r[i].ca_key), CS_FAIL, "another key identifier");
        c = P(r[i].profile);
        cg_ext_remove(c, "authorityKeyIdentifier");
        expect(r[i].rule, by_test_ca(c, r[i].ca_key), CS_NA, "no AKI");
        cg_cert *ca = P("smime-ca");
        cg_ext_remove(ca, "subjectKeyIdentifier");
        c = P(r[i].profile);
        aki(c, 0x5a);
        expect(r[i].rule, by_ca(c, ca, "rsa2048:5", NULL), CS_NA, "the CA has no SKI");
    }
    cg_cert *c = P("tls-dv");
    cg_set_not_before(c, "2023-09-14T00:00:00Z");
    aki(c, 0x5a);
    expect("tls_aki_issuer_ski_mismatch", by_test_ca(c, "p256"), CS_NE, "before the 2.0 profile");
}

/* ---- signature algorithm and issuer key ------------------------------- */

/* The certificate carries the signature algorithm of `signer`'s test CA;
 * it is linted with the test CA of `given`. */
static issued signed_by(const char *profile, const char *signer, const char *alg, const char *given)
{
    cg_cert *c = P(profile);
    cr_assert(cg_set_issuer_key(c, signer));
    if (alg)
        cr_assert(cg_set_signature(c, alg), "%s with %s", alg, signer);
    issued x = build(c, NULL, 0);
    x.ca = cg_issuer_der(given, &x.ca_len);
    cr_assert_not_null(x.ca);
    return x;
}

Test(chain, smime_sigalg_issuer_key_mismatch)
{
    const char *r = "smime_sigalg_issuer_key_mismatch";
    expect(r, signed_by(MVS, "rsa2048", NULL, "rsa2048"), CS_PASS, "RSA PKCS#1");
    expect(r, signed_by(MVS, "rsa2048", "pss-sha384", "rsa2048"), CS_PASS, "RSA PSS");
    expect(r, signed_by(MVS, "p256", NULL, "rsa2048"), CS_FAIL, "ECDSA under an RSA key");
    expect(r, signed_by(MVS, "p384", NULL, "p384"), CS_PASS, "P-384, SHA-384");
    expect(r, signed_by(MVS, "p384", "ecdsa-sha256", "p384"), CS_FAIL, "P-384, SHA-256");
    expect(r, signed_by(MVS, "p521", "ecdsa-sha512", "p521"), CS_PASS, "P-521, SHA-512");
    expect(r, signed_by(MVS, "p256", "ecdsa-sha384", "p256"), CS_FAIL, "P-256, SHA-384");
    expect(r, signed_by(MVS, "ed25519", NULL, "ed25519"), CS_PASS, "Ed25519");
    expect(r, signed_by(MVS, "ed25519", NULL, "ed448"), CS_FAIL, "Ed25519 signature, Ed448 key");
    expect(r, signed_by(MVS, "p256", NULL, "secp256k1"), CS_NA, "a curve the BR has no rule for");
}

Test(chain, tls_sigalg_issuer_key_mismatch)
{
    const char *r = "tls_sigalg_issuer_key_mismatch";
    expect(r, signed_by("tls-dv", "p256", NULL, "p256"), CS_PASS, "P-256, SHA-256");
    expect(r, signed_by("tls-dv", "p256", NULL, "p384"), CS_FAIL, "SHA-256 under a P-384 key");
    expect(r, signed_by("tls-dv", "rsa2048", "sha384", "rsa2048"), CS_PASS, "RSA");
    expect(r, signed_by("tls-dv", "p256", NULL, "ed25519"), CS_NA, "EdDSA is not a TLS BR key");
}

/* ---- Extant S/MIME CAs (Appendix B) --------------------------------- */

/* certificatePolicies with one policy, given as hex (OpenSSL's config
 * syntax wants a configuration file for bare OIDs). */
#define POLICY_SMIME_MVS "300b3009060767810c01050103"            /* 2.23.140.1.5.1.3 */
#define POLICY_PRIVATE "300d300b06092b0601040181fd5901"          /* 1.3.6.1.4.1.32473.1 */
static void policies(cg_cert *c, const char *hex)
{
    uint8_t b[32];
    size_t n = cg_hex(hex, b, sizeof b);
    cg_ext_set_der(c, "2.5.29.32", false, b, n);
}

Test(chain, smime_extant_ca_after_transition)
{
    const char *r = "smime_extant_ca_after_transition";
    expect(r, by_test_ca(P(MVS), "rsa2048"), CS_PASS, "emailProtection, anyPolicy");
    cg_cert *ca = P("smime-ca");
    policies(ca, POLICY_SMIME_MVS);
    expect(r, by_ca(P(MVS), ca, "rsa2048:5", NULL), CS_PASS, "a reserved S/MIME policy OID");

    static const struct {
        const char *ext, *value, *what;
        bool hex; /* value is the extension's DER in hex */
    } bad[] = {
        { "extendedKeyUsage", NULL, "no extKeyUsage", false },
        { "extendedKeyUsage", "clientAuth", "no emailProtection", false },
        { "extendedKeyUsage", "emailProtection,serverAuth", "serverAuth too", false },
        { "extendedKeyUsage", "emailProtection,anyExtendedKeyUsage", "anyExtendedKeyUsage too", false },
        { "certificatePolicies", NULL, "no certificatePolicies", false },
        { "certificatePolicies", POLICY_PRIVATE, "only a CA-specific policy", true },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ca = P("smime-ca");
        cg_set_not_before(ca, "2020-01-01T00:00:00Z");
        if (bad[i].hex)
            policies(ca, bad[i].value);
        else if (bad[i].value)
            cr_assert(cg_ext_set(ca, bad[i].ext, false, bad[i].value), "%s", bad[i].what);
        else
            cg_ext_remove(ca, bad[i].ext);
        cg_cert *c = P(MVS);
        issued x = by_ca(c, ca, "rsa2048:5", NULL);
        char detail[CS_DETAIL_MAX];
        cr_expect_eq(cs_test_rule_issuer(r, x.der, x.len, x.ca, x.ca_len, detail, sizeof detail), CS_FAIL, "%s",
                     bad[i].what);
        cr_expect(strstr(detail, "Extant") != NULL, "%s: an Extant CA by its date: %s", bad[i].what, detail);
        free(x.der);
        free(x.ca);
    }

    ca = P("smime-ca");
    cg_ext_remove(ca, "extendedKeyUsage");
    cg_cert *c = P(MVS);
    cg_set_not_before(c, "2024-09-14T23:59:59Z");
    expect(r, by_ca(c, ca, "rsa2048:5", NULL), CS_NE, "before the transition end");

    c = P(MVS);
    cr_assert(cg_set_issuer_key(c, "root"));
    size_t n;
    uint8_t *root = cg_issuer_der("root", &n);
    expect(r, build(c, root, n), CS_NA, "issued by a root");

    ca = P("smime-ca");
    cr_assert(cg_ext_set(ca, "extendedKeyUsage", false, "1.3.6.1.4.1.11129.2.4.4"));
    expect(r, by_ca(P(MVS), ca, "rsa2048:5", NULL), CS_NA, "a precertificate signer");
}
