/* Rules whose failing certificate no builder makes: the certificate is
 * built by certgen and then edited as DER at test time (lengths of the
 * enclosing TBSCertificate and Certificate re-encoded; signatures are not
 * verified by these rules).  Each rule fails on the edited certificate
 * and passes on the one it was made from. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "derw.h"
#include "rulecheck.h"

typedef struct built {
    uint8_t *der;
    size_t len;
    cs_cert *view; /* parsed from der */
} built;

static built build(const char *preset)
{
    cg_cert *c = cg_new(preset);
    cr_assert_not_null(c, "%s", preset);
    built b = { 0 };
    b.der = cg_der(c, &b.len);
    cg_free(c);
    cr_assert_not_null(b.der);
    b.view = malloc(sizeof *b.view);
    cs_parse_error perr;
    cr_assert(cs_cert_parse(b.view, b.der, b.len, &perr), "%s", perr.reason);
    return b;
}

static void built_free(built *b)
{
    free(b->der);
    free(b->view);
}

static size_t offset_of(const built *b, cs_span s) { return (size_t)(s.p - b->der); }

/* Reads a DER header at p; returns its length and the content length. */
static size_t header(const uint8_t *p, size_t *content)
{
    if (p[1] < 0x80) {
        *content = p[1];
        return 2;
    }
    size_t k = p[1] & 0x7f, v = 0;
    for (size_t i = 0; i < k; i++)
        v = v << 8 | p[2 + i];
    *content = v;
    return 2 + k;
}

/* The certificate with bytes [at, at + cut) of the TBSCertificate content
 * replaced by `ins`; returns a malloc'd DER and its length. */
static uint8_t *tbs_splice(const built *b, size_t at, size_t cut, const uint8_t *ins, size_t n, size_t *out_len)
{
    size_t outer_len, tbs_len;
    size_t h0 = header(b->der, &outer_len);
    size_t h1 = header(b->der + h0, &tbs_len);
    size_t tbs_start = h0 + h1, tbs_end = tbs_start + tbs_len;
    cr_assert(at >= tbs_start && at + cut <= tbs_end, "edit outside the TBSCertificate");
    cg_buf tbs = { 0 }, cert = { 0 }, out = { 0 };
    cg_buf_put(&tbs, b->der + tbs_start, at - tbs_start);
    cg_buf_put(&tbs, ins, n);
    cg_buf_put(&tbs, b->der + at + cut, tbs_end - at - cut);
    cg_der_wrap(&cert, 0x30, &tbs);
    cg_buf_put(&cert, b->der + tbs_end, b->len - tbs_end); /* signatureAlgorithm, signature */
    cg_der_wrap(&out, 0x30, &cert);
    *out_len = out.n;
    return out.p;
}

static cs_result rule_on(const char *rule, const uint8_t *der, size_t len, char *detail, size_t size)
{
    return cs_test_rule(rule, der, len, detail, size);
}

/* ---- unique identifiers (RFC 5280 4.1.2.8, TLS BR 7.1.2.7) ----------- */

static uint8_t *with_unique_ids(const built *b, const char *hex, size_t *len)
{
    uint8_t ids[16];
    size_t n = cg_hex(hex, ids, sizeof ids);
    size_t after_spki = offset_of(b, b->view->spki.der) + b->view->spki.der.len;
    return tbs_splice(b, after_spki, 0, ids, n, len);
}

Test(der_edits, unique_ids_present)
{
    built b = build("tls-dv");
    static const char *const hex[] = { "81 02 00 aa", "82 02 00 bb", "81 02 00 aa 82 02 00 bb" };
    static const char *const want[] = { "issuerUniqueID present", "subjectUniqueID present",
                                        "issuerUniqueID and subjectUniqueID present" };
    for (int i = 0; i < 3; i++) {
        size_t len;
        uint8_t *d = with_unique_ids(&b, hex[i], &len);
        char detail[CS_DETAIL_MAX];
        cr_expect_eq(rule_on("rfc5280_unique_ids_present", d, len, detail, sizeof detail), CS_FAIL, "%s", hex[i]);
        cr_expect_str_eq(detail, want[i]);
        cr_expect_eq(rule_on("tls_unique_ids_present", d, len, NULL, 0), CS_FAIL, "%s", hex[i]);
        free(d);
    }
    cr_expect_eq(rule_on("rfc5280_unique_ids_present", b.der, b.len, NULL, 0), CS_PASS);
    cr_expect_eq(rule_on("tls_unique_ids_present", b.der, b.len, NULL, 0), CS_PASS);
    built_free(&b);
}

/* ---- signatureAlgorithm vs tbsCertificate.signature (RFC 5280 4.1.1.2) - */

Test(der_edits, sigalg_mismatch)
{
    built b = build("tls-dv"); /* ecdsa-with-SHA256 in both places */
    uint8_t *d = malloc(b.len);
    memcpy(d, b.der, b.len);
    cs_span outer = b.view->sig_alg.oid;
    cr_assert_eq(outer.len, 8);
    d[offset_of(&b, outer) + 7] = 0x03; /* the outer one becomes ecdsa-with-SHA384 */
    char detail[CS_DETAIL_MAX];
    cr_expect_eq(rule_on("rfc5280_sigalg_mismatch", d, b.len, detail, sizeof detail), CS_FAIL);
    cr_expect(strstr(detail, "differs") != NULL, "%s", detail);
    cr_expect_eq(rule_on("rfc5280_sigalg_mismatch", b.der, b.len, NULL, 0), CS_PASS);
    free(d);
    built_free(&b);
}

/* ---- RSA AlgorithmIdentifier NULL parameters (RFC 3279, RFC 4055) ----- */

Test(der_edits, rsa_params_not_null)
{
    built b = build("smime-mailbox-strict"); /* rsaEncryption key, sha256WithRSAEncryption */
    /* the TBS signature AlgorithmIdentifier without its 05 00 */
    cs_span alg = b.view->tbs_sig_alg.der;
    cr_assert_eq(alg.len, 15);
    uint8_t no_null[13];
    memcpy(no_null, alg.p, 13);
    no_null[1] = 0x0b;
    size_t len;
    uint8_t *d = tbs_splice(&b, offset_of(&b, alg), alg.len, no_null, sizeof no_null, &len);
    char detail[CS_DETAIL_MAX];
    cr_expect_eq(rule_on("rfc5280_rsa_params_not_null", d, len, detail, sizeof detail), CS_FAIL);
    cr_expect(strstr(detail, "signature without NULL parameters") != NULL, "%s", detail);
    free(d);

    /* the key's AlgorithmIdentifier without it */
    cs_span spki = b.view->spki.der, kalg = b.view->spki.alg.der;
    cr_assert_eq(kalg.len, 15);
    const uint8_t *bits = kalg.p + kalg.len; /* the subjectPublicKey BIT STRING TLV */
    size_t bits_len = (size_t)(spki.p + spki.len - bits);
    uint8_t key_alg[13]; /* 30 0b 06 09 rsaEncryption */
    memcpy(key_alg, kalg.p, 13);
    key_alg[1] = 0x0b;
    cg_buf content = { 0 }, new_spki = { 0 };
    cg_buf_put(&content, key_alg, sizeof key_alg);
    cg_buf_put(&content, bits, bits_len);
    cg_der_wrap(&new_spki, 0x30, &content);
    d = tbs_splice(&b, offset_of(&b, spki), spki.len, new_spki.p, new_spki.n, &len);
    cr_expect_eq(rule_on("rfc5280_rsa_params_not_null", d, len, detail, sizeof detail), CS_FAIL);
    cr_expect_str_eq(detail, "rsaEncryption key without NULL parameters");
    free(d);
    cg_buf_free(&new_spki);

    cr_expect_eq(rule_on("rfc5280_rsa_params_not_null", b.der, b.len, NULL, 0), CS_PASS);
    built_free(&b);
}

/* ---- more items than the view keeps ----------------------------------- */

Test(der_edits, view_truncated)
{
    char ekus[33 * 32] = "";
    for (int i = 1; i <= 33; i++) /* CS_MAX_EKUS is 32 */
        snprintf(ekus + strlen(ekus), sizeof ekus - strlen(ekus), "%s1.3.6.1.4.1.99999.%d", i > 1 ? "," : "", i);
    cg_cert *c = cg_new("tls-dv");
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, ekus));
    size_t len;
    uint8_t *d = cg_der(c, &len);
    cg_free(c);
    char detail[CS_DETAIL_MAX];
    cr_expect_eq(rule_on("rfc5280_view_truncated", d, len, detail, sizeof detail), CS_FAIL);
    cr_expect(strstr(detail, "TOO_MANY") != NULL, "%s", detail);
    free(d);
    /* 32 still fit */
    *strrchr(ekus, ',') = '\0';
    c = cg_new("tls-dv");
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, ekus));
    cr_expect_eq(cs_test_rule_cg("rfc5280_view_truncated", c), CS_PASS);
}
