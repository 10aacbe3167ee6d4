/* S/MIME BR rules: for every rule, a certgen certificate that breaks it
 * (CS_FAIL) and one that does not (CS_PASS).  Each case starts from the
 * compliant preset of a profile and edits the one thing the rule checks.
 * Raw extension values are built here from nested TLVs (H), OIDs (O) and
 * text (T), so every byte has a recipe. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecheck.h"
#include "x509/oid.h"

/* ---- tiny DER-as-hex builder ------------------------------------------
 * Strings live in a static bump arena, reset at the start of every test
 * (each Criterion test runs in its own process), so nothing leaks. */

static char arena[1 << 22];
static size_t arena_used;

static void *arena_alloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    cr_assert_leq(arena_used + n, sizeof arena, "test arena exhausted");
    void *p = arena + arena_used;
    arena_used += n;
    return p;
}

static char *hex_of(const uint8_t *p, size_t n)
{
    char *s = arena_alloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        sprintf(s + 2 * i, "%02x", p[i]);
    s[2 * n] = 0;
    return s;
}

/* Text as hex. */
static const char *T(const char *text) { return hex_of((const uint8_t *)text, strlen(text)); }

/* OBJECT IDENTIFIER TLV as hex. */
static const char *O(const char *dotted)
{
    uint8_t b[64];
    size_t n = cs_oid_encode(dotted, b + 2, sizeof b - 2);
    cr_assert(n > 0 && n < 128, "bad OID %s", dotted);
    b[0] = 0x06;
    b[1] = (uint8_t)n;
    return hex_of(b, n + 2);
}

/* TLV with the given tag (hex) around the concatenated children; NULL ends. */
static const char *H(const char *tag, ...)
{
    va_list ap;
    size_t len = 0;
    va_start(ap, tag);
    for (const char *s; (s = va_arg(ap, const char *));)
        len += strlen(s) / 2;
    va_end(ap);
    char *out = arena_alloc(strlen(tag) + 12 + 2 * len + 1);
    strcpy(out, tag);
    char *p = out + strlen(out);
    if (len < 128)
        p += sprintf(p, "%02zx", len);
    else if (len < 256)
        p += sprintf(p, "81%02zx", len);
    else
        p += sprintf(p, "82%04zx", len);
    va_start(ap, tag);
    for (const char *s; (s = va_arg(ap, const char *));)
        p += sprintf(p, "%s", s);
    va_end(ap);
    return out;
}

/* Concatenation of hex strings; NULL ends. */
static const char *cat(const char *first, ...)
{
    va_list ap;
    size_t len = strlen(first);
    va_start(ap, first);
    for (const char *s; (s = va_arg(ap, const char *));)
        len += strlen(s);
    va_end(ap);
    char *out = arena_alloc(len + 1);
    strcpy(out, first);
    va_start(ap, first);
    for (const char *s; (s = va_arg(ap, const char *));)
        strcat(out, s);
    va_end(ap);
    return out;
}

static const char *text_of_len(char ch, size_t n)
{
    char *s = arena_alloc(n + 1);
    memset(s, ch, n);
    s[n] = 0;
    return s;
}

static const char *rep(const char *hexbyte, size_t n)
{
    char *s = arena_alloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 2 * i, hexbyte, 2);
    s[2 * n] = 0;
    return s;
}

static void ext_hex(cg_cert *c, const char *oid, bool crit, const char *hex)
{
    size_t cap = strlen(hex) / 2 + 1;
    uint8_t *b = arena_alloc(cap);
    size_t n = cg_hex(hex, b, cap);
    cg_ext_set_der(c, oid, crit, b, n);
}

static void spki_hex(cg_cert *c, const char *hex)
{
    size_t cap = strlen(hex) / 2 + 1;
    uint8_t *b = arena_alloc(cap);
    size_t n = cg_hex(hex, b, cap);
    cg_set_spki_der(c, b, n);
}

static void subject_set(cg_cert *c, const char *attr, const char *value, int tag)
{
    cg_subject_remove(c, attr);
    cg_subject_add(c, attr, value, tag);
}

static bool ext(cg_cert *c, const char *name, bool crit, const char *value)
{
    bool ok = cg_ext_set(c, name, crit, value);
    cr_assert(ok, "certgen rejected %s = %s", name, value);
    return ok;
}

/* certificatePolicies with the given policy OIDs, no qualifiers; NULL ends. */
static const char *policies(const char *first, ...)
{
    va_list ap;
    const char *list = H("30", O(first), NULL);
    va_start(ap, first);
    for (const char *s; (s = va_arg(ap, const char *));)
        list = cat(list, H("30", O(s), NULL), NULL);
    va_end(ap);
    return H("30", list, NULL);
}

static const char *result_name(cs_result r)
{
    return r == CS_PASS ? "PASS" : r == CS_FAIL ? "FAIL" : r == CS_NA ? "NA" : "NE";
}

static void expect_rule(const char *rule, const char *profile, cg_cert *c, cs_result want, const char *what)
{
    size_t len = 0;
    uint8_t *der = cg_der(c, &len);
    cr_assert_not_null(der, "%s: certgen could not build the %s certificate", rule, what);
    char detail[CS_DETAIL_MAX];
    cs_result got = cs_test_rule(rule, der, len, detail, sizeof detail);
    cr_expect_eq(got, want, "%s on %s (%s): got %s, want %s [%s]", rule, profile, what, result_name(got),
                 result_name(want), detail);
    free(der);
    cg_free(c);
}

static cg_cert *P(const char *profile)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c, "unknown profile %s", profile);
    return c;
}

/* One rule, one profile: BAD and GOOD are expressions over `c` (use the
 * comma operator for several edits). */
#define RULE_CASE(suite, rule, profile, BAD, GOOD)                  \
    Test(suite, rule)                                               \
    {                                                               \
        arena_used = 0;                                             \
        cg_cert *c = P(profile);                                    \
        (void)(BAD);                                                \
        expect_rule(#rule, profile, c, CS_FAIL, "breaking");        \
        c = P(profile);                                             \
        (void)(GOOD);                                               \
        expect_rule(#rule, profile, c, CS_PASS, "compliant");       \
    }

#define NOP ((void)c, 0)

#define MVS "smime-mailbox-strict"
#define MVM "smime-mailbox-multipurpose"
#define MVL "smime-mailbox-legacy"
#define OVS "smime-organization-strict"
#define OVM "smime-organization-multipurpose"
#define SVS "smime-sponsored-strict"
#define SVL "smime-sponsored-legacy"
#define IVS "smime-individual-strict"
#define IVM "smime-individual-multipurpose"

#define OID_CP "2.5.29.32"
#define SMIME_MVS_OID "2.23.140.1.5.1.3"

/* ---- presets: every default is compliant with every S/MIME rule -------- */

Test(smime_presets, defaults_have_no_smime_error_or_warning)
{
    static const char *const profiles[] = {
        "smime-mailbox-legacy", "smime-mailbox-multipurpose", "smime-mailbox-strict",
        "smime-organization-legacy", "smime-organization-multipurpose", "smime-organization-strict",
        "smime-sponsored-legacy", "smime-sponsored-multipurpose", "smime-sponsored-strict",
        "smime-individual-legacy", "smime-individual-multipurpose", "smime-individual-strict", "smime-ca",
    };
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        char ids[4096];
        size_t n = cs_test_findings_cg("smime", P(profiles[i]), CS_SEV_WARNING, ids, sizeof ids);
        cr_expect_eq(n, 0, "%s default has S/MIME findings: %s", profiles[i], ids);
    }
}

/* ---- 2.1 policies ------------------------------------------------------ */

RULE_CASE(smime_policy, smime_policy_reserved_oid_missing, MVS, cg_ext_remove(c, "certificatePolicies"), NOP)
RULE_CASE(smime_policy, smime_policy_multiple_reserved_oids, MVS,
          ext_hex(c, OID_CP, false, policies("2.23.140.1.5.1.3", "2.23.140.1.5.2.3", NULL)), NOP)
RULE_CASE(smime_policy, smime_policy_any_policy_present, MVS,
          ext_hex(c, OID_CP, false, policies("2.23.140.1.5.1.3", "2.5.29.32.0", NULL)),
          ext_hex(c, OID_CP, false, policies("2.23.140.1.5.1.3", "1.3.6.1.4.1.99999.1", NULL)))
RULE_CASE(smime_policy, smime_policy_ext_critical, MVS, ext_hex(c, OID_CP, true, policies(SMIME_MVS_OID, NULL)),
          ext_hex(c, OID_CP, false, policies(SMIME_MVS_OID, NULL)))

static const char *policy_with_qualifier(const char *qualifier)
{
    return H("30", H("30", O(SMIME_MVS_OID), H("30", qualifier, NULL), NULL), NULL);
}
static const char *cps(const char *uri) { return H("30", O("1.3.6.1.5.5.7.2.1"), H("16", T(uri), NULL), NULL); }
static const char *unotice(const char *body) { return H("30", O("1.3.6.1.5.5.7.2.2"), H("30", body, NULL), NULL); }
#define NOTICE_REF H("30", H("0c", T("Example"), NULL), H("30", "020101", NULL), NULL)
#define EXPLICIT H("0c", T("Subject to the CPS"), NULL)

RULE_CASE(smime_policy, smime_policy_cps_uri_not_http, MVS,
          ext_hex(c, OID_CP, false, policy_with_qualifier(cps("ftp://cps.example.com/cps"))),
          ext_hex(c, OID_CP, false, policy_with_qualifier(cps("https://cps.example.com/cps"))))
RULE_CASE(smime_policy, smime_policy_unotice_has_noticeref, MVS,
          ext_hex(c, OID_CP, false, policy_with_qualifier(unotice(H("30", NOTICE_REF, EXPLICIT, NULL)))),
          ext_hex(c, OID_CP, false, policy_with_qualifier(unotice(EXPLICIT))))
RULE_CASE(smime_policy, smime_policy_unotice_no_explicit_text, MVS,
          ext_hex(c, OID_CP, false, policy_with_qualifier(H("30", O("1.3.6.1.5.5.7.2.2"), "3000", NULL))),
          ext_hex(c, OID_CP, false, policy_with_qualifier(unotice(EXPLICIT))))

Test(smime_policy, smime_issued_before_br_effective)
{
    cg_cert *c = P(MVS);
    cg_set_not_before(c, "2023-03-01T00:00:00Z");
    expect_rule("smime_issued_before_br_effective", MVS, c, CS_FAIL, "pre-BR");
    expect_rule("smime_issued_before_br_effective", MVS, P(MVS), CS_NE, "post-BR");
    c = P("plain");
    cg_set_not_before(c, "2023-03-01T00:00:00Z");
    expect_rule("smime_issued_before_br_effective", "plain", c, CS_NA, "no S/MIME OID");
}

Test(smime_policy, smime_legacy_generation_after_sunset)
{
    cg_cert *c = P(MVL);
    cg_set_not_before(c, "2025-07-15T00:00:00Z");
    expect_rule("smime_legacy_generation_after_sunset", MVL, c, CS_FAIL, "after sunset");
    expect_rule("smime_legacy_generation_after_sunset", MVL, P(MVL), CS_NE, "before sunset");
    expect_rule("smime_legacy_generation_after_sunset", MVS, P(MVS), CS_NA, "strict");
}

/* ---- 2.2 validity, version, serial --------------------------------------- */

RULE_CASE(smime_validity, smime_validity_exceeds_825_days, MVS, cg_set_validity_seconds(c, 825 * 86400LL + 1),
          cg_set_validity_seconds(c, 824 * 86400LL))
RULE_CASE(smime_validity, smime_validity_exceeds_1185_days, MVL, cg_set_validity_seconds(c, 1185 * 86400LL + 1),
          cg_set_validity_seconds(c, 1000 * 86400LL))
RULE_CASE(smime_validity, smime_validity_at_maximum, MVS, cg_set_validity_seconds(c, 825 * 86400LL), NOP)
RULE_CASE(smime_validity, smime_version_not_v3, MVS, cg_set_version(c, 2), NOP)
RULE_CASE(smime_validity, smime_serial_not_positive, MVS, cg_set_serial_hex(c, "8f0102030405060708090a0b0c0d0e0f"), NOP)
RULE_CASE(smime_validity, smime_serial_too_large, MVS,
          cg_set_serial_hex(c, "7f0102030405060708090a0b0c0d0e0f1011121314"),
          cg_set_serial_hex(c, "7f0102030405060708090a0b0c0d0e0f10111213"))
RULE_CASE(smime_validity, smime_serial_low_entropy, MVS, cg_set_serial_hex(c, "01020304050607"), NOP)

/* ---- 2.3 keys -------------------------------------------------------- */

static const char *rsa_spki(const char *modulus_hex, const char *exponent_hex)
{
    return H("30", H("30", O("1.2.840.113549.1.1.1"), "0500", NULL),
             H("03", "00", H("30", H("02", modulus_hex, NULL), H("02", exponent_hex, NULL), NULL), NULL), NULL);
}
/* A 2047-bit odd modulus (0x7f, 254 x 0xab, 0x01). */
static const char *mod_2047(void)
{
    char *s = arena_alloc(600);
    sprintf(s, "7f%s01", rep("ab", 254));
    return s;
}

RULE_CASE(smime_key, smime_spki_algid_not_allowed, MVS, cg_set_key(c, "secp256k1"), NOP)
RULE_CASE(smime_key, smime_pqc_key_before_smc013, MVS,
          (cg_set_not_before(c, "2025-08-01T00:00:00Z"), cg_set_key(c, "ml-dsa-44"),
           ext(c, "keyUsage", true, "digitalSignature")),
          cg_set_not_before(c, "2025-08-01T00:00:00Z"))
RULE_CASE(smime_key, smime_rsa_modulus_too_small, MVS, cg_set_key(c, "rsa1024"), NOP)
RULE_CASE(smime_key, smime_rsa_modulus_not_multiple_of_8, MVS, spki_hex(c, rsa_spki(mod_2047(), "010001")), NOP)
RULE_CASE(smime_key, smime_rsa_exponent_invalid, MVS, spki_hex(c, rsa_spki(mod_2047(), "010000")), NOP)
RULE_CASE(smime_key, smime_rsa_exponent_out_of_range, MVS, spki_hex(c, rsa_spki(mod_2047(), "03")), NOP)
RULE_CASE(smime_key, smime_rsa_modulus_weak_structure, MVS, spki_hex(c, rsa_spki(cat("00", rep("ff", 256), NULL), "010001")),
          NOP)

static const char *ec_spki(const char *curve, const char *point)
{
    return H("30", H("30", O("1.2.840.10045.2.1"), O(curve), NULL), H("03", "00", point, NULL), NULL);
}
RULE_CASE(smime_key, smime_ec_point_invalid, MVS,
          (spki_hex(c, ec_spki("1.2.840.10045.3.1.7", cat("04", rep("01", 64), NULL))),
           ext(c, "keyUsage", true, "digitalSignature")),
          (cg_set_key(c, "p256"), ext(c, "keyUsage", true, "digitalSignature")))

static const char *raw_spki(const char *oid, size_t key_len)
{
    return H("30", H("30", O(oid), NULL), H("03", "00", rep("42", key_len), NULL), NULL);
}
RULE_CASE(smime_key, smime_eddsa_key_invalid, MVS,
          (spki_hex(c, raw_spki("1.3.101.112", 31)), ext(c, "keyUsage", true, "digitalSignature")),
          (cg_set_key(c, "ed25519"), ext(c, "keyUsage", true, "digitalSignature")))
RULE_CASE(smime_key, smime_mldsa_key_length, MVS,
          (spki_hex(c, raw_spki("2.16.840.1.101.3.4.3.17", 1000)), ext(c, "keyUsage", true, "digitalSignature")),
          (cg_set_key(c, "ml-dsa-44"), ext(c, "keyUsage", true, "digitalSignature")))
RULE_CASE(smime_key, smime_mlkem_key_length, MVS,
          (spki_hex(c, raw_spki("2.16.840.1.101.3.4.4.2", 1000)), ext(c, "keyUsage", true, "keyEncipherment")),
          (cg_set_key(c, "ml-kem-768"), ext(c, "keyUsage", true, "keyEncipherment")))

/* ---- 2.4 signature algorithm -------------------------------------------- */

RULE_CASE(smime_sigalg, smime_sigalg_not_allowed, MVS, cg_set_signature(c, "sha1"), cg_set_signature(c, "pss-sha256"))

Test(smime_sigalg, smime_sigalg_outer_inner_mismatch)
{
    size_t len;
    cg_cert *c = P(MVS);
    uint8_t *der = cg_der(c, &len);
    cg_free(c);
    cr_assert_not_null(der);
    cr_expect_eq(cs_test_rule("smime_sigalg_outer_inner_mismatch", der, len, NULL, 0), CS_PASS);
    /* Recipe: the outer sha256WithRSAEncryption OID (last occurrence) becomes sha384. */
    static const uint8_t sha256rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
    for (size_t i = len - sizeof sha256rsa; i > 0; i--)
        if (memcmp(der + i, sha256rsa, sizeof sha256rsa) == 0) {
            der[i + sizeof sha256rsa - 1] = 0x0c;
            break;
        }
    cr_expect_eq(cs_test_rule("smime_sigalg_outer_inner_mismatch", der, len, NULL, 0), CS_FAIL);
    free(der);
}

/* ---- 2.5 key usage ------------------------------------------------------ */

RULE_CASE(smime_ku, smime_ku_missing, MVS, cg_ext_remove(c, "keyUsage"), NOP)
RULE_CASE(smime_ku, smime_ku_not_critical, MVS, ext(c, "keyUsage", false, "digitalSignature,keyEncipherment"), NOP)
RULE_CASE(smime_ku, smime_ku_rsa_strict_invalid, MVS,
          ext(c, "keyUsage", true, "digitalSignature,keyEncipherment,dataEncipherment"),
          ext(c, "keyUsage", true, "digitalSignature,nonRepudiation"))
RULE_CASE(smime_ku, smime_ku_rsa_mp_legacy_invalid, MVM, ext(c, "keyUsage", true, "nonRepudiation,keyEncipherment"),
          ext(c, "keyUsage", true, "digitalSignature,keyEncipherment,dataEncipherment"))
RULE_CASE(smime_ku, smime_ku_rsa_other_bits, MVS, ext(c, "keyUsage", true, "keyAgreement"),
          ext(c, "keyUsage", true, "digitalSignature,keyAgreement")) /* fits a type: smime_ku_rsa_strict_invalid's */
RULE_CASE(smime_ku, smime_ku_ec_invalid, MVS,
          (cg_set_key(c, "p256"), ext(c, "keyUsage", true, "digitalSignature,encipherOnly")),
          (cg_set_key(c, "p256"), ext(c, "keyUsage", true, "digitalSignature,keyAgreement,decipherOnly")))
RULE_CASE(smime_ku, smime_ku_ec_other_bits, MVS,
          (cg_set_key(c, "p384"), ext(c, "keyUsage", true, "keyEncipherment")),
          (cg_set_key(c, "p384"), ext(c, "keyUsage", true, "digitalSignature,keyEncipherment")))
RULE_CASE(smime_ku, smime_ku_eddsa_invalid, MVS,
          (cg_set_key(c, "ed25519"), ext(c, "keyUsage", true, "digitalSignature,keyAgreement")),
          (cg_set_key(c, "ed448"), ext(c, "keyUsage", true, "digitalSignature,nonRepudiation")))
RULE_CASE(smime_ku, smime_ku_mldsa_invalid, MVS,
          (cg_set_key(c, "ml-dsa-65"), ext(c, "keyUsage", true, "digitalSignature,keyEncipherment")),
          (cg_set_key(c, "ml-dsa-65"), ext(c, "keyUsage", true, "digitalSignature")))
RULE_CASE(smime_ku, smime_ku_mlkem_invalid, MVS,
          (cg_set_key(c, "ml-kem-768"), ext(c, "keyUsage", true, "keyEncipherment,digitalSignature")),
          (cg_set_key(c, "ml-kem-768"), ext(c, "keyUsage", true, "keyEncipherment")))

/* ---- 2.6 extended key usage ------------------------------------------- */

RULE_CASE(smime_eku, smime_eku_missing, MVS, cg_ext_remove(c, "extendedKeyUsage"), NOP)
RULE_CASE(smime_eku, smime_eku_email_protection_missing, MVM, ext(c, "extendedKeyUsage", false, "clientAuth"), NOP)
RULE_CASE(smime_eku, smime_eku_prohibited_purpose, MVM, ext(c, "extendedKeyUsage", false, "emailProtection,serverAuth"),
          ext(c, "extendedKeyUsage", false, "emailProtection,clientAuth"))
RULE_CASE(smime_eku, smime_eku_strict_extra_purpose, MVS,
          ext(c, "extendedKeyUsage", false, "emailProtection,1.3.6.1.4.1.311.10.3.12"), NOP)
RULE_CASE(smime_eku, smime_eku_ocsp_signing_present, MVM, ext(c, "extendedKeyUsage", false, "emailProtection,OCSPSigning"),
          NOP)

/* ---- 2.7 basicConstraints, AKI, SKI ---------------------------------- */

#define KEYID "0102030405060708090a0b0c0d0e0f1011121314"
RULE_CASE(smime_bc, smime_bc_ca_true, MVS, ext(c, "basicConstraints", true, "CA:TRUE"),
          ext(c, "basicConstraints", true, "CA:FALSE"))
RULE_CASE(smime_bc, smime_bc_pathlen_present, MVS, ext_hex(c, "2.5.29.19", true, H("30", "020100", NULL)),
          ext_hex(c, "2.5.29.19", true, "3000"))
RULE_CASE(smime_aki, smime_aki_missing, MVS, cg_ext_remove(c, "authorityKeyIdentifier"), NOP)
RULE_CASE(smime_aki, smime_aki_critical, MVS, ext_hex(c, "2.5.29.35", true, H("30", H("80", KEYID, NULL), NULL)),
          ext_hex(c, "2.5.29.35", false, H("30", H("80", KEYID, NULL), NULL)))
RULE_CASE(smime_aki, smime_aki_keyid_missing, MVS, ext_hex(c, "2.5.29.35", false, H("30", "820101", NULL)), NOP)
RULE_CASE(smime_aki, smime_aki_has_issuer_and_serial, MVS,
          ext_hex(c, "2.5.29.35", false, H("30", H("80", KEYID, NULL), "820101", NULL)), NOP)
RULE_CASE(smime_ski, smime_ski_missing, MVS, cg_ext_remove(c, "subjectKeyIdentifier"), NOP)
RULE_CASE(smime_ski, smime_ski_critical, MVS, ext_hex(c, "2.5.29.14", true, H("04", KEYID, NULL)),
          ext_hex(c, "2.5.29.14", false, H("04", KEYID, NULL)))
RULE_CASE(smime_ski, smime_ski_not_key_derived, MVS, ext_hex(c, "2.5.29.14", false, H("04", KEYID, NULL)), NOP)

/* ---- 2.8 CRLDP and AIA ------------------------------------------------- */

#define CRL_HTTP "URI:http://crl.example.com/a.crl"
#define AIA_OK "OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/ca.crt"
RULE_CASE(smime_crldp, smime_crldp_missing, MVS, cg_ext_remove(c, "crlDistributionPoints"), NOP)
RULE_CASE(smime_crldp, smime_crldp_critical, MVS, ext(c, "crlDistributionPoints", true, CRL_HTTP),
          ext(c, "crlDistributionPoints", false, CRL_HTTP))
RULE_CASE(smime_crldp, smime_crldp_no_http_uri, MVL, ext(c, "crlDistributionPoints", false, "URI:ldap://crl.example.com/cn=crl"),
          ext(c, "crlDistributionPoints", false, "URI:ldap://crl.example.com/cn=crl," CRL_HTTP))
RULE_CASE(smime_crldp, smime_crldp_non_http_scheme, MVS,
          ext(c, "crlDistributionPoints", false, CRL_HTTP ",URI:https://crl.example.com/a.crl"), NOP)
RULE_CASE(smime_crldp, smime_crldp_non_uri_name, MVS, ext(c, "crlDistributionPoints", false, CRL_HTTP ",DNS:crl.example.com"),
          NOP)
RULE_CASE(smime_aia, smime_aia_missing, MVS, cg_ext_remove(c, "authorityInfoAccess"), NOP)
RULE_CASE(smime_aia, smime_aia_critical, MVS, ext(c, "authorityInfoAccess", true, AIA_OK),
          ext(c, "authorityInfoAccess", false, AIA_OK))
RULE_CASE(smime_aia, smime_aia_ca_issuers_missing, MVS, ext(c, "authorityInfoAccess", false, "OCSP;URI:http://ocsp.example.com"),
          NOP)
RULE_CASE(smime_aia, smime_aia_ocsp_no_http, MVL,
          ext(c, "authorityInfoAccess", false, "OCSP;URI:ldap://ocsp.example.com,caIssuers;URI:http://ca.example.com/ca.crt"),
          ext(c, "authorityInfoAccess", false, "OCSP;URI:ldap://ocsp.example.com,OCSP;URI:http://ocsp.example.com"))
RULE_CASE(smime_aia, smime_aia_ca_issuers_no_http, MVL, ext(c, "authorityInfoAccess", false, "caIssuers;URI:ldap://ca.example.com/ca"),
          NOP)
RULE_CASE(smime_aia, smime_aia_non_http_scheme, MVS,
          ext(c, "authorityInfoAccess", false, "OCSP;URI:https://ocsp.example.com,caIssuers;URI:http://ca.example.com/ca.crt"),
          NOP)
RULE_CASE(smime_aia, smime_aia_non_uri_location, MVS,
          ext(c, "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/ca.crt,OCSP;DNS:ocsp.example.com"), NOP)
RULE_CASE(smime_aia, smime_uri_internal_name, MVS, ext(c, "crlDistributionPoints", false, "URI:http://crl.corp/a.crl"), NOP)

/* ---- 2.9 SAN and mailboxes -------------------------------------------- */

#define SAN_OID "2.5.29.17"
static const char *smtp_utf8(const char *tag, const char *value_hex)
{
    return H("a0", O("1.3.6.1.5.5.7.8.9"), H("a0", H(tag, value_hex, NULL), NULL), NULL);
}
static const char *san_of(const char *gn) { return H("30", gn, NULL); }
/* "älice@example.com" etc. (U+00E4 is c3 a4) */
#define ALICE_U "c3a4" "6c696365"
static const char *u8(const char *local_hex, const char *domain) { return cat(local_hex, "40", T(domain), NULL); }

RULE_CASE(smime_san, smime_san_missing, MVS, cg_ext_remove(c, "subjectAltName"), NOP)
RULE_CASE(smime_san, smime_san_no_mailbox, MVS, ext_hex(c, SAN_OID, false, san_of(H("a4", H("30", NULL), NULL))), NOP)
RULE_CASE(smime_san, smime_san_critical_with_subject, MVS, ext(c, "subjectAltName", true, "email:alice@example.com"), NOP)
RULE_CASE(smime_san, smime_san_not_critical_empty_subject, MVS,
          (cg_subject_clear(c), ext(c, "subjectAltName", false, "email:alice@example.com")),
          (cg_subject_clear(c), ext(c, "subjectAltName", true, "email:alice@example.com")))
RULE_CASE(smime_san, smime_san_prohibited_name_type, MVS, ext(c, "subjectAltName", false, "email:alice@example.com,DNS:example.com"),
          NOP)
RULE_CASE(smime_san, smime_san_strict_foreign_othername, MVS,
          ext(c, "subjectAltName", false, "email:alice@example.com,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice@example.com"),
          NOP)
static const char *dirname_san(const char *attr_oid, const char *value)
{
    return H("30", H("81", T("alice@example.com"), NULL),
             H("a4", H("30", H("31", H("30", O(attr_oid), H("0c", T(value), NULL), NULL), NULL), NULL), NULL), NULL);
}
RULE_CASE(smime_san, smime_san_dirname_profile_violation, MVS, ext_hex(c, SAN_OID, false, dirname_san("2.5.4.10", "Org")),
          ext_hex(c, SAN_OID, false, dirname_san("2.5.4.3", "alice@example.com")))
RULE_CASE(smime_san, smime_mailbox_not_in_san, MVS, subject_set(c, "emailAddress", "bob@example.com", 0), NOP)
RULE_CASE(smime_san, smime_rfc822_invalid_syntax, MVS, ext(c, "subjectAltName", false, "email:alice..x@example.com"), NOP)
RULE_CASE(smime_san, smime_rfc822_non_ascii, MVS, ext_hex(c, SAN_OID, false, san_of(H("81", u8(ALICE_U, "example.com"), NULL))),
          NOP)
RULE_CASE(smime_san, smime_smtputf8_ascii_only, MVS, ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", T("alice@example.com")))),
          ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", u8(ALICE_U, "example.com")))))
RULE_CASE(smime_san, smime_smtputf8_domain_not_alabel, MVS,
          ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", cat(ALICE_U, "40", "6578c3a46d706c652e636f6d", NULL)))),
          ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", u8(ALICE_U, "xn--exmple-cua.com")))))
RULE_CASE(smime_san, smime_smtputf8_ascii_domain_uppercase, MVS,
          ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", u8(ALICE_U, "EXAMPLE.com")))),
          ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", u8(ALICE_U, "example.com")))))
RULE_CASE(smime_san, smime_smtputf8_has_bom, MVS,
          ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", cat("efbbbf", u8(ALICE_U, "example.com"), NULL)))),
          ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", u8(ALICE_U, "example.com")))))
RULE_CASE(smime_san, smime_smtputf8_invalid_syntax, MVS, ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", ALICE_U))),
          ext_hex(c, SAN_OID, false, san_of(smtp_utf8("0c", u8(ALICE_U, "example.com")))))
RULE_CASE(smime_san, smime_san_upn_invalid, MVM,
          ext(c, "subjectAltName", false, "email:alice@example.com,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice"),
          ext(c, "subjectAltName", false, "email:alice@example.com,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice@example.com"))
RULE_CASE(smime_san, smime_san_mailbox_internal_domain, MVS, ext(c, "subjectAltName", false, "email:alice@mail.local"), NOP)

/* ---- 2.10 subject presence ---------------------------------------------- */

RULE_CASE(smime_subject, smime_subject_mv_prohibited_attr, MVS, cg_subject_add(c, "O", "Example Org Ltd", 0), NOP)
RULE_CASE(smime_subject, smime_subject_org_name_missing, OVS, cg_subject_remove(c, "O"), NOP)
RULE_CASE(smime_subject, smime_subject_org_identifier_missing, OVS, cg_subject_remove(c, "organizationIdentifier"), NOP)
RULE_CASE(smime_subject, smime_subject_org_attrs_in_iv, IVS, cg_subject_add(c, "OU", "Sales", 0), NOP)
RULE_CASE(smime_subject, smime_subject_person_attrs_in_ov, OVS, cg_subject_add(c, "title", "Manager", 0), NOP)
RULE_CASE(smime_subject, smime_subject_street_postal_in_strict, OVS,
          (cg_subject_add(c, "L", "London", 0), cg_subject_add(c, "postalCode", "SW1A 1AA", 0)),
          cg_subject_add(c, "L", "London", 0))
RULE_CASE(smime_subject, smime_subject_unlisted_attr_nonlegacy, OVM, cg_subject_add(c, "businessCategory", "Private Organization", 0),
          NOP)
RULE_CASE(smime_subject, smime_subject_personal_name_missing, SVS, (cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN")),
          (cg_subject_remove(c, "GN")))
RULE_CASE(smime_subject, smime_subject_legacy_name_missing, SVL,
          (cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN"), cg_subject_remove(c, "CN")),
          (cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN")))
RULE_CASE(smime_subject, smime_subject_pseudonym_with_personal_name, IVS, cg_subject_add(c, "pseudonym", "Ali", 0), NOP)
RULE_CASE(smime_subject, smime_subject_street_without_locality, OVM, cg_subject_add(c, "street", "1 Main Street", 0),
          (cg_subject_add(c, "L", "London", 0), cg_subject_add(c, "street", "1 Main Street", 0)))
RULE_CASE(smime_subject, smime_subject_location_without_country, OVM, (cg_subject_remove(c, "C"), cg_subject_add(c, "L", "London", 0)),
          cg_subject_add(c, "L", "London", 0))
RULE_CASE(smime_subject, smime_subject_multi_valued_rdn, MVS, cg_subject_add_multi(c, "serialNumber", "1234", 0), NOP)

/* ---- 2.11 subject contents --------------------------------------------- */

RULE_CASE(smime_subject, smime_cn_mv_not_mailbox, MVS, subject_set(c, "CN", "bob@example.com", 0), NOP)
RULE_CASE(smime_subject, smime_cn_ov_invalid, OVS, subject_set(c, "CN", "Another Name", 0),
          subject_set(c, "CN", "sales@example.com", 0))
RULE_CASE(smime_subject, smime_cn_person_unknown_source, SVS,
          (cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN"), cg_subject_add(c, "pseudonym", "Ali", 0),
           subject_set(c, "CN", "Bob", 0)),
          (cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN"), cg_subject_add(c, "pseudonym", "Ali", 0),
           subject_set(c, "CN", "Ali", 0)))
RULE_CASE(smime_subject, smime_cn_pseudonym_mismatch, IVS,
          (cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN"), cg_subject_add(c, "pseudonym", "Ali", 0)),
          (cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN"), cg_subject_add(c, "pseudonym", "Ali", 0),
           subject_set(c, "CN", "Ali", 0)))
RULE_CASE(smime_subject, smime_cn_personal_name_not_from_gn_sn, IVS, subject_set(c, "CN", "Bob Jones", 0), NOP)
RULE_CASE(smime_subject, smime_email_attr_multiple_mailboxes, MVS,
          subject_set(c, "emailAddress", "alice@example.com,bob@example.com", 0), NOP)
RULE_CASE(smime_subject, smime_email_attr_invalid_syntax, MVS, subject_set(c, "emailAddress", "alice.example.com", 0), NOP)
RULE_CASE(smime_subject, smime_country_invalid, OVS, subject_set(c, "C", "UK", 0), NOP)
RULE_CASE(smime_subject, smime_subject_metadata_only_value, OVS, cg_subject_add(c, "OU", "-", 0), cg_subject_add(c, "OU", "Sales", 0))
RULE_CASE(smime_subject, smime_subject_html_entity, OVS, cg_subject_add(c, "OU", "R&amp;D", 0), cg_subject_add(c, "OU", "R&D", 0))
RULE_CASE(smime_subject, smime_subject_upper_bound, OVS, cg_subject_add(c, "OU", text_of_len('A', 65), 0), cg_subject_add(c, "OU", text_of_len('A', 64), 0))

/* ---- organizationIdentifier ---------------------------------------------- */

#define ORGID "organizationIdentifier"
RULE_CASE(smime_orgid, smime_orgid_encoding, OVS, subject_set(c, ORGID, "NTRGB-12345678", 22), NOP)
RULE_CASE(smime_orgid, smime_orgid_format, OVS, subject_set(c, ORGID, "NTR-GB-12345678", 0), NOP)
RULE_CASE(smime_orgid, smime_orgid_unknown_scheme, OVS, subject_set(c, ORGID, "ABCGB-12345678", 0), NOP)
RULE_CASE(smime_orgid, smime_orgid_invalid_country, OVS, (subject_set(c, ORGID, "VATQQ-12345678", 0), cg_subject_remove(c, "C")),
          (subject_set(c, ORGID, "VATEL-123456789", 0), subject_set(c, "C", "GR", 0)))
RULE_CASE(smime_orgid, smime_orgid_subdivision_invalid, OVS, subject_set(c, ORGID, "VATGB+ENG-12345678", 0),
          (subject_set(c, ORGID, "NTRUS+CA-12345678", 0), subject_set(c, "C", "US", 0)))
RULE_CASE(smime_orgid, smime_orgid_reference_missing, OVS, subject_set(c, ORGID, "NTRGB", 0), NOP)
RULE_CASE(smime_orgid, smime_orgid_reference_not_allowed, OVS, subject_set(c, ORGID, "GOVGB-123", 0),
          subject_set(c, ORGID, "GOVGB", 0))
RULE_CASE(smime_orgid, smime_orgid_country_mismatch, OVS, subject_set(c, ORGID, "NTRFR-12345678", 0), NOP)
RULE_CASE(smime_orgid, smime_orgid_lei_invalid, OVS, subject_set(c, ORGID, "LEIXG-5493001KJTIIGC8Y1R13", 0),
          subject_set(c, ORGID, "LEIXG-5493001KJTIIGC8Y1R12", 0))
RULE_CASE(smime_orgid, smime_orgid_psd_structure, OVS, subject_set(c, ORGID, "PSDGB-12345", 0),
          subject_set(c, ORGID, "PSDGB-FCA-12345", 0))
RULE_CASE(smime_orgid, smime_orgid_ntr_eu_not_national, OVS,
          (cg_set_not_before(c, "2025-01-15T00:00:00Z"), subject_set(c, "C", "DE", 0), subject_set(c, ORGID, "NTRDE+BY-HRB123", 0)),
          (cg_set_not_before(c, "2025-01-15T00:00:00Z"), subject_set(c, "C", "DE", 0), subject_set(c, ORGID, "NTRDE-HRB123", 0)))
RULE_CASE(smime_orgid, smime_orgid_de_ntr_not_euid, OVS, (subject_set(c, "C", "DE", 0), subject_set(c, ORGID, "NTRDE-HRB12345", 0)),
          (subject_set(c, "C", "DE", 0), subject_set(c, ORGID, "NTRDE-DER3306.HRB12345", 0)))
RULE_CASE(smime_orgid, smime_orgid_euid_country_mismatch, OVS,
          (subject_set(c, "C", "DE", 0), subject_set(c, ORGID, "NTRDE-FRR3306.HRB12345", 0)),
          (subject_set(c, "C", "DE", 0), subject_set(c, ORGID, "NTRDE-DER3306.HRB12345", 0)))
RULE_CASE(smime_orgid, smime_serialnumber_npi_unknown_scheme, IVS, cg_subject_add(c, "serialNumber", "XYZGB-123456", 0),
          cg_subject_add(c, "serialNumber", "PASGB-123456", 0))

/* ---- 2.12 other extensions ---------------------------------------------- */

static const char *sda(void)
{
    return H("30", H("30", O("1.3.6.1.5.5.7.9.1"), H("31", H("18", T("19800101120000Z"), NULL), NULL), NULL), NULL);
}
static const char *qc(const char *statement) { return H("30", statement, NULL); }
static const char *qc_type(const char *type_oid) { return H("30", O("0.4.0.1862.1.6"), H("30", O(type_oid), NULL), NULL); }
static const char *lei(const char *v) { return H("13", T(v), NULL); }
static const char *adobe_ts(const char *location) { return H("30", "020101", location, NULL); }
#define OID_LEI "1.3.6.1.4.1.52266.1"
#define OID_ADOBE_TS "1.2.840.113583.1.1.9.1"
#define GOOD_LEI "5493001KJTIIGC8Y1R12"

RULE_CASE(smime_ext, smime_sda_prohibited, MVS, ext_hex(c, "2.5.29.9", false, sda()), NOP)
RULE_CASE(smime_ext, smime_sda_critical, MVL, ext_hex(c, "2.5.29.9", true, sda()), ext_hex(c, "2.5.29.9", false, sda()))
RULE_CASE(smime_ext, smime_qcstatements_critical, MVS, ext_hex(c, "1.3.6.1.5.5.7.1.3", true, qc(H("30", O("0.4.0.1862.1.1"), NULL))),
          ext_hex(c, "1.3.6.1.5.5.7.1.3", false, qc(H("30", O("0.4.0.1862.1.1"), NULL))))
RULE_CASE(smime_ext, smime_qcstatements_qctype, MVS, ext_hex(c, "1.3.6.1.5.5.7.1.3", false, qc(qc_type("0.4.0.1862.1.6.3"))),
          ext_hex(c, "1.3.6.1.5.5.7.1.3", false, qc(qc_type("0.4.0.1862.1.6.1"))))
RULE_CASE(smime_ext, smime_lei_ext_prohibited, MVS, ext_hex(c, OID_LEI, false, lei(GOOD_LEI)), NOP)
RULE_CASE(smime_ext, smime_lei_role_ext_prohibited, OVS, ext_hex(c, "1.3.6.1.4.1.52266.2", false, H("13", T("Director"), NULL)), NOP)
RULE_CASE(smime_ext, smime_lei_ext_critical, OVS, ext_hex(c, OID_LEI, true, lei(GOOD_LEI)), ext_hex(c, OID_LEI, false, lei(GOOD_LEI)))
RULE_CASE(smime_ext, smime_lei_ext_value_invalid, OVS, ext_hex(c, OID_LEI, false, lei("12345")),
          ext_hex(c, OID_LEI, false, lei(GOOD_LEI)))
RULE_CASE(smime_ext, smime_adobe_ext_in_strict, MVS, ext_hex(c, OID_ADOBE_TS, false, adobe_ts(H("86", T("http://ts.example.com"), NULL))),
          NOP)
RULE_CASE(smime_ext, smime_adobe_ext_critical, MVM, ext_hex(c, OID_ADOBE_TS, true, adobe_ts(H("86", T("http://ts.example.com"), NULL))),
          ext_hex(c, OID_ADOBE_TS, false, adobe_ts(H("86", T("http://ts.example.com"), NULL))))
RULE_CASE(smime_ext, smime_adobe_timestamp_location, MVM,
          ext_hex(c, OID_ADOBE_TS, false, adobe_ts(H("82", T("ts.example.com"), NULL))),
          ext_hex(c, OID_ADOBE_TS, false, adobe_ts(H("86", T("http://ts.example.com"), NULL))))
RULE_CASE(smime_ext, smime_smimecap_critical, MVS,
          ext_hex(c, "1.2.840.113549.1.9.15", true, H("30", H("30", O("2.16.840.1.101.3.4.1.42"), NULL), NULL)),
          ext_hex(c, "1.2.840.113549.1.9.15", false, H("30", H("30", O("2.16.840.1.101.3.4.1.42"), NULL), NULL)))
RULE_CASE(smime_ext, smime_name_constraints_in_ee, MVS, ext(c, "nameConstraints", true, "permitted;email:example.com"), NOP)
RULE_CASE(smime_ext, smime_unlisted_extension, MVS, ext_hex(c, "1.2.3.4", false, "0500"), NOP)

/* ---- 2.13 CA certificates ---------------------------------------------- */

#define CA "smime-ca"
RULE_CASE(smime_ca, smime_ca_eku_missing, CA,
          (cg_ext_remove(c, "extendedKeyUsage"), ext_hex(c, OID_CP, false, policies(SMIME_MVS_OID, NULL))), NOP)
RULE_CASE(smime_ca, smime_ca_eku_prohibited, CA, ext(c, "extendedKeyUsage", false, "emailProtection,serverAuth"),
          ext(c, "extendedKeyUsage", false, "emailProtection,clientAuth"))
RULE_CASE(smime_ca, smime_ca_policies_missing, CA, ext_hex(c, OID_CP, false, policies("1.3.6.1.4.1.99999.1", NULL)), NOP)
RULE_CASE(smime_ca, smime_ca_crldp_invalid, CA, ext(c, "crlDistributionPoints", false, "URI:ldap://crl.example.com/x"), NOP)
RULE_CASE(smime_ca, smime_ca_aia_critical, CA, ext(c, "authorityInfoAccess", true, "caIssuers;URI:http://ca.example.com/r.crt"),
          ext(c, "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/r.crt"))
RULE_CASE(smime_ca, smime_ca_bc_invalid, CA, ext(c, "basicConstraints", false, "CA:TRUE"), NOP)
RULE_CASE(smime_ca, smime_ca_ku_invalid, CA, ext(c, "keyUsage", true, "digitalSignature,keyCertSign"), NOP)
RULE_CASE(smime_ca, smime_ca_aki_invalid, CA, ext_hex(c, "2.5.29.35", false, H("30", H("80", KEYID, NULL), "820101", NULL)), NOP)
RULE_CASE(smime_ca, smime_ca_ski_invalid, CA, cg_ext_remove(c, "subjectKeyIdentifier"), NOP)
RULE_CASE(smime_ca, smime_ca_nc_not_critical, CA, ext(c, "nameConstraints", false, "permitted;email:example.com"),
          ext(c, "nameConstraints", true, "permitted;email:example.com"))
RULE_CASE(smime_ca, smime_ca_subject_required_attrs, CA, cg_subject_remove(c, "O"), NOP)
RULE_CASE(smime_ca, smime_root_has_eku, "root", ext(c, "extendedKeyUsage", false, "emailProtection"),
          ext_hex(c, OID_CP, false, policies(SMIME_MVS_OID, NULL)))
RULE_CASE(smime_ca, smime_ca_tc_nc_mailbox, CA, ext(c, "nameConstraints", true, "permitted;email:admin@example.com"),
          ext(c, "nameConstraints", true, "permitted;email:.example.com"))

/* ---- issue 15 item 5: disagreements with the peers ---------------------- */

#define OVL "smime-organization-legacy"

/* A SAN with the preset's mailbox and one directoryName of (type, value)
 * pairs (UTF8String values); NULL ends. */
static const char *san_with_dirname(const char *mailbox, ...)
{
    va_list ap;
    const char *rdns = "";
    va_start(ap, mailbox);
    for (const char *oid; (oid = va_arg(ap, const char *));) {
        const char *value = va_arg(ap, const char *);
        rdns = cat(rdns, H("31", H("30", O(oid), H("0c", T(value), NULL), NULL), NULL), NULL);
    }
    va_end(ap);
    return H("30", H("81", T(mailbox), NULL), H("a4", H("30", rdns, NULL), NULL), NULL);
}

#define AT_CN "2.5.4.3"
#define AT_O "2.5.4.10"
#define AT_OU "2.5.4.11"
#define AT_C "2.5.4.6"
#define AT_GN "2.5.4.42"
#define AT_ORGID "2.5.4.97"
#define AT_EMAIL "1.2.840.113549.1.9.1"

/* One case: the profile's preset with its SAN replaced by san_hex. */
static void san_case(const char *rule, const char *profile, const char *san_hex, cs_result want, const char *what)
{
    cg_cert *c = P(profile);
    ext_hex(c, SAN_OID, false, san_hex);
    expect_rule(rule, profile, c, want, what);
}

/* SBR 7.1.4.2.1: "All Mailbox Addresses in the subject field or entries of
 * type directoryName" -- in any attribute, not only emailAddress/CN. */
Test(smime_san, mailbox_in_any_attribute_must_be_in_san)
{
    arena_used = 0;
    const char *r = "smime_mailbox_not_in_san";
    static const struct { const char *ou; cs_result want; } ous[] = {
        { "bob@example.com", CS_FAIL }, { "sales@example.com", CS_PASS }, { "Sales (sales@example.com)", CS_PASS },
    };
    for (size_t i = 0; i < sizeof ous / sizeof ous[0]; i++) {
        cg_cert *c = P(OVS);
        cg_subject_add(c, "OU", ous[i].ou, 0);
        expect_rule(r, OVS, c, ous[i].want, ous[i].ou);
    }
    const char *m = "sales@example.com";
    san_case(r, OVS, san_with_dirname(m, AT_O, "Example Org Ltd", AT_OU, "bob@example.com", NULL), CS_FAIL, "dirName OU");
    san_case(r, OVS, san_with_dirname(m, AT_EMAIL, "other@example.com", NULL), CS_FAIL, "dirName emailAddress");
    san_case(r, OVS, san_with_dirname(m, AT_EMAIL, m, NULL), CS_PASS, "dirName emailAddress in the SAN");
}

/* SBR 7.1.4.2.1: a directoryName complies with 7.1.4.2.2 - 7.1.4.2.6,
 * required attributes included. */
Test(smime_san, smime_san_dirname_required_missing)
{
    arena_used = 0;
    const char *r = "smime_san_dirname_required_missing";
    const char *ov = "sales@example.com", *person = "alice.smith@example.com";
    san_case(r, OVS, san_with_dirname(ov, AT_CN, "Example Org Ltd", NULL), CS_FAIL, "OV without O and orgId");
    san_case(r, OVS, san_with_dirname(ov, AT_O, "Example Org Ltd", AT_ORGID, "NTRGB-12345678", NULL), CS_PASS,
             "OV with O and orgId");
    san_case(r, SVL, san_with_dirname(person, AT_C, "GB", NULL), CS_FAIL, "SV Legacy with C only");
    const char *sv_cn = san_with_dirname(person, AT_O, "Example Org Ltd", AT_ORGID, "NTRGB-12345678", AT_CN, "Alice", NULL);
    san_case(r, SVL, sv_cn, CS_PASS, "SV Legacy with O, orgId and a commonName (note 1)");
    san_case(r, SVS, sv_cn, CS_FAIL, "SV Strict with a commonName but no personal name (note 2)");
    san_case(r, IVS, san_with_dirname(person, AT_GN, "Alice", NULL), CS_PASS, "IV Strict with givenName");
    san_case(r, MVS, san_with_dirname("alice@example.com", AT_CN, "alice@example.com", NULL), CS_PASS,
             "MV: the table requires nothing");
}

/* Hosts under a TLD that is not in the IANA root zone are internal too. */
Test(smime_aia, internal_name_unknown_tld)
{
    arena_used = 0;
    const char *r = "smime_uri_internal_name";
    cg_cert *c = P(MVS);
    ext(c, "crlDistributionPoints", false, "URI:http://crl.example.zzz/a.crl");
    expect_rule(r, MVS, c, CS_FAIL, "CRLDP under .zzz");
    c = P(MVS);
    ext(c, "authorityInfoAccess", false, "OCSP;URI:http://ocsp.example.zzz.,caIssuers;URI:http://ca.example.com/ca.crt");
    expect_rule(r, MVS, c, CS_FAIL, "AIA under .zzz. (absolute)");
    c = P(MVS);
    ext(c, "crlDistributionPoints", false, "URI:http://192.0.2.80/a.crl,URI:http://crl.example.org:8080/a.crl");
    expect_rule(r, MVS, c, CS_PASS, "a public-looking IP literal and a known TLD with a port");
}

/* SBR 7.1.2.3(e): a keyUsage that fits no key usage type is the
 * *_other_bits rules'; one that fits a type with a bit the type does not
 * allow is the *_invalid rules' (the split zlint and pkilint make). */
Test(smime_ku, key_usage_type_split)
{
    static const struct { const char *profile, *key, *ku, *rule; cs_result want; } cases[] = {
        { MVS, NULL, "nonRepudiation", "smime_ku_rsa_other_bits", CS_FAIL },
        { MVS, NULL, "nonRepudiation", "smime_ku_rsa_strict_invalid", CS_PASS },
        { MVS, NULL, "digitalSignature,keyAgreement", "smime_ku_rsa_strict_invalid", CS_FAIL },
        { MVS, NULL, "nonRepudiation,keyEncipherment", "smime_ku_rsa_strict_invalid", CS_FAIL },
        { MVM, NULL, "dataEncipherment", "smime_ku_rsa_other_bits", CS_FAIL },
        { MVM, NULL, "dataEncipherment", "smime_ku_rsa_mp_legacy_invalid", CS_PASS },
        { MVM, NULL, "keyEncipherment,keyCertSign", "smime_ku_rsa_mp_legacy_invalid", CS_FAIL },
        { MVM, NULL, "keyEncipherment,dataEncipherment", "smime_ku_rsa_mp_legacy_invalid", CS_PASS },
        { MVS, "p256", "encipherOnly", "smime_ku_ec_other_bits", CS_FAIL },
        { MVS, "p256", "encipherOnly", "smime_ku_ec_invalid", CS_PASS },
        { MVS, "p256", "digitalSignature,keyEncipherment", "smime_ku_ec_invalid", CS_FAIL },
        { MVS, "p256", "keyAgreement,decipherOnly", "smime_ku_ec_invalid", CS_PASS },
        { MVS, "ed25519", "nonRepudiation", "smime_ku_eddsa_invalid", CS_FAIL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena_used = 0;
        cg_cert *c = P(cases[i].profile);
        if (cases[i].key)
            cg_set_key(c, cases[i].key);
        ext(c, "keyUsage", true, cases[i].ku);
        expect_rule(cases[i].rule, cases[i].profile, c, cases[i].want, cases[i].ku);
    }
}
