/* certgen: every preset parses with OpenSSL and verifies under its test
 * CA, output is deterministic, and each edit shows up in the bytes. */
#include <criterion/criterion.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"

static X509 *parse(const uint8_t *der, size_t len)
{
    const uint8_t *p = der;
    X509 *x = d2i_X509(NULL, &p, (long)len);
    cr_assert_not_null(x, "OpenSSL cannot parse the certificate");
    cr_assert_eq(p, der + len, "trailing bytes");
    return x;
}

static X509 *build(cg_cert *c)
{
    size_t len;
    uint8_t *der = cg_der(c, &len);
    cr_assert_not_null(der);
    X509 *x = parse(der, len);
    free(der);
    return x;
}

static bool verifies(X509 *x, const char *issuer_key)
{
    size_t len;
    uint8_t *ca = cg_issuer_der(issuer_key, &len);
    cr_assert_not_null(ca);
    X509 *cx = parse(ca, len);
    free(ca);
    bool ok = X509_verify(x, X509_get0_pubkey(cx)) == 1;
    X509_free(cx);
    return ok;
}

static bool contains(const uint8_t *hay, size_t n, const char *hex)
{
    uint8_t needle[256];
    size_t m = cg_hex(hex, needle, sizeof needle);
    for (size_t i = 0; i + m <= n; i++)
        if (!memcmp(hay + i, needle, m))
            return true;
    return false;
}

static const char *const profiles[] = {
    "smime-mailbox-legacy", "smime-mailbox-multipurpose", "smime-mailbox-strict",
    "smime-organization-legacy", "smime-organization-multipurpose", "smime-organization-strict",
    "smime-sponsored-legacy", "smime-sponsored-multipurpose", "smime-sponsored-strict",
    "smime-individual-legacy", "smime-individual-multipurpose", "smime-individual-strict",
    "tls-dv", "tls-ov", "tls-iv", "tls-ev", "smime-ca", "tls-ca", "root", "plain",
};

Test(certgen, presets_parse_verify_and_are_deterministic)
{
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        cg_cert *a = cg_new(profiles[i]), *b = cg_new(profiles[i]);
        cr_assert_not_null(a, "%s", profiles[i]);
        size_t la, lb;
        uint8_t *da = cg_der(a, &la), *db = cg_der(b, &lb);
        cr_assert(da && db && la == lb && !memcmp(da, db, la), "%s not deterministic", profiles[i]);
        X509 *x = parse(da, la);
        const char *iss = !strncmp(profiles[i], "tls-", 4) && strcmp(profiles[i], "tls-ca") ? "p256"
                          : !strcmp(profiles[i], "smime-ca") || !strcmp(profiles[i], "tls-ca") ? "root"
                          : !strcmp(profiles[i], "root") ? "root" : "rsa2048";
        cr_expect(verifies(x, iss), "%s does not verify under %s", profiles[i], iss);
        cr_expect_eq(X509_get_version(x), 2, "%s not v3", profiles[i]);
        X509_free(x);
        free(da), free(db);
        cg_free(a), cg_free(b);
    }
    cr_expect_null(cg_new("no-such-profile"));
}

Test(certgen, smime_mailbox_strict_profile)
{
    cg_cert *c = cg_new("smime-mailbox-strict");
    size_t len;
    uint8_t *der = cg_der(c, &len);
    X509 *x = parse(der, len);
    cr_expect(contains(der, len, "06 07 67 81 0c 01 05 01 03"), "reserved OID 2.23.140.1.5.1.3");
    cr_expect(contains(der, len, "30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00"), "sha256WithRSA + NULL");
    cr_expect_eq(X509_get_extension_flags(x) & EXFLAG_CA, 0);
    cr_expect(X509_get_key_usage(x) == (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
    cr_expect(X509_get_extended_key_usage(x) == XKU_SMIME);
    const ASN1_INTEGER *sn = X509_get0_serialNumber(x);
    cr_expect_eq(sn->length, 16);
    cr_expect_eq(sn->type, V_ASN1_INTEGER, "positive serial");
    cr_expect_not_null(X509_get0_authority_key_id(x));
    cr_expect_not_null(X509_get0_subject_key_id(x));
    int days, secs;
    ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x), X509_get0_notAfter(x));
    cr_expect(days == 364 && secs == 86399, "validity 365 days counting both ends");
    X509_free(x);
    free(der);
    cg_free(c);
}

Test(certgen, edits_show_up)
{
    cg_cert *c = cg_new("smime-mailbox-strict");
    cg_set_serial_hex(c, "ff 01");
    cg_set_not_before(c, "2025-10-01T00:00:00Z");
    cg_set_validity_seconds(c, 1095 * 86400LL);
    cg_set_time_encoding(c, true, 24);
    cg_ext_encode_false_critical(c, "subjectAltName");
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "emailProtection,clientAuth"));
    cr_assert(!cg_ext_set(c, "keyUsage", true, "notAKeyUsage"));
    uint8_t raw[] = {0x30, 0x03, 0x01, 0x01, 0x00};
    cg_ext_set_der(c, "basicConstraints", false, raw, sizeof raw);
    cg_subject_add(c, "O", "Bmp Org", 30);
    size_t len;
    uint8_t *der = cg_der(c, &len);
    cr_assert_not_null(der);
    cr_expect(contains(der, len, "02 02 ff 01"), "raw serial");
    cr_expect(contains(der, len, "18 0f 32 30 32 38"), "GeneralizedTime notAfter 2028");
    cr_expect(contains(der, len, "06 03 55 1d 11 01 01 00 04"), "explicit critical FALSE on SAN");
    cr_expect(contains(der, len, "04 05 30 03 01 01 00"), "raw basicConstraints value");
    cr_expect(contains(der, len, "1e 0e 00 42 00 6d 00 70"), "BMPString");
    X509 *x = parse(der, len);
    cr_expect(X509_get_extended_key_usage(x) == (XKU_SMIME | XKU_SSL_CLIENT));
    cr_expect(verifies(x, "rsa2048"));
    X509_free(x);
    free(der);
    cg_ext_remove(c, "subjectAltName");
    der = cg_der(c, &len);
    cr_expect(!contains(der, len, "06 03 55 1d 11"), "SAN removed");
    free(der);
    cg_free(c);
}

Test(certgen, keys_and_signatures)
{
    static const char *const keys[] = {"rsa3072", "rsa4096", "p384", "p521", "ed25519", "ed448", "secp256k1", "rsa2048:3"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        cg_cert *c = cg_new("smime-mailbox-strict");
        cr_assert(cg_set_key(c, keys[i]), "%s", keys[i]);
        X509 *x = build(c);
        cr_expect_not_null(X509_get0_pubkey(x), "%s", keys[i]);
        X509_free(x);
        cg_free(c);
    }
    static const struct { const char *issuer, *sig; } sigs[] = {
        {"rsa2048", "pss-sha256"}, {"rsa2048", "sha384"}, {"rsa2048", "sha1"}, {"p256", "ecdsa-sha256"},
        {"p384", "ecdsa-sha384"}, {"p256", "sha512"}, {"ed25519", NULL}, {"rsa3072", "pss-sha512"},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        cg_cert *a = cg_new("tls-dv");
        cr_assert(cg_set_issuer_key(a, sigs[i].issuer), "%s", sigs[i].issuer);
        if (sigs[i].sig)
            cr_assert(cg_set_signature(a, sigs[i].sig), "%s", sigs[i].sig);
        cg_cert *b = cg_clone(a);
        size_t la, lb;
        uint8_t *da = cg_der(a, &la), *db = cg_der(b, &lb);
        cr_assert(da && db);
        cr_expect(la == lb && !memcmp(da, db, la), "%s/%s not deterministic", sigs[i].issuer, sigs[i].sig);
        X509 *x = parse(da, la);
        cr_expect(verifies(x, sigs[i].issuer), "%s/%s does not verify", sigs[i].issuer, sigs[i].sig);
        X509_free(x);
        free(da), free(db);
        cg_free(a), cg_free(b);
    }
    cg_cert *c = cg_new("tls-dv");
    cr_expect(!cg_set_signature(c, "sha256-noparams"), "RSA-only algorithm with a P-256 issuer");
    cr_expect(!cg_set_key(c, "rsa9999"));
    cr_expect(!cg_set_issuer_key(c, "nope"));
    cg_free(c);
}

Test(certgen, pqc_raw_spki)
{
    static const struct { const char *key, *oid_hex; size_t len; } pq[] = {
        {"ml-dsa-44", "06 09 60 86 48 01 65 03 04 03 11", 1312},
        {"ml-dsa-87", "06 09 60 86 48 01 65 03 04 03 13", 2592},
        {"ml-kem-768", "06 09 60 86 48 01 65 03 04 04 02", 1184},
    };
    for (size_t i = 0; i < sizeof pq / sizeof pq[0]; i++) {
        cg_cert *c = cg_new("smime-mailbox-strict");
        cr_assert(cg_set_key(c, pq[i].key));
        size_t len;
        uint8_t *der = cg_der(c, &len);
        cr_assert_not_null(der);
        cr_expect(contains(der, len, pq[i].oid_hex), "%s OID", pq[i].key);
        char bs[32];
        snprintf(bs, sizeof bs, "03 82 %02zx %02zx 00", (pq[i].len + 1) >> 8, (pq[i].len + 1) & 0xff);
        cr_expect(contains(der, len, bs), "%s key length", pq[i].key);
        X509_free(parse(der, len));
        free(der);
        cg_free(c);
    }
}

Test(certgen, names_and_tbs)
{
    cg_cert *c = cg_new("smime-individual-strict");
    cg_subject_remove(c, "GN");
    cg_subject_add_multi(c, "title", "Dr", 0);
    cg_issuer_clear(c);
    cg_issuer_add(c, "CN", "Other Issuer", 19);
    cg_set_version(c, 1);
    cg_ext_remove_all(c);
    X509 *x = build(c);
    X509_NAME *s = X509_get_subject_name(x);
    cr_expect_eq(X509_NAME_get_index_by_NID(s, NID_givenName, -1), -1);
    int t = X509_NAME_get_index_by_NID(s, NID_title, -1);
    cr_assert_geq(t, 0);
    cr_expect_eq(X509_NAME_ENTRY_set(X509_NAME_get_entry(s, t)),
                 X509_NAME_ENTRY_set(X509_NAME_get_entry(s, X509_NAME_get_index_by_NID(s, NID_commonName, -1))),
                 "title joins the CN's RDN");
    char buf[64];
    X509_NAME_oneline(X509_get_issuer_name(x), buf, sizeof buf);
    cr_expect_str_eq(buf, "/CN=Other Issuer");
    cr_expect_eq(X509_get_version(x), 0);
    X509_free(x);
    size_t len;
    uint8_t *tbs = cg_tbs_der(c, &len);
    cr_assert_not_null(tbs);
    const uint8_t *p = tbs;
    X509_CINF *ci = d2i_X509_CINF(NULL, &p, (long)len);
    cr_expect_not_null(ci, "TBS parses");
    X509_CINF_free(ci);
    free(tbs);
    cg_free(c);
}
