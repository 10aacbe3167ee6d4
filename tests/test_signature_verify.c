/* Signature verification under the issuer's key (x509/signature_verify.h),
 * the rules that report it (rfc5280_signature_invalid,
 * smime_signature_invalid), the CA store of scan --issuers
 * (x509/issuer_store.h) and the scan options that turn them on. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "certgen.h"
#include "lint/ruleset.h"
#include "runcmd.h"
#include "x509/issuer_store.h"
#include "x509/self_signed.h"
#include "x509/signature_verify.h"

static uint8_t *make(const char *profile, const char *issuer_key, const char *serial, size_t *len)
{
    cg_cert *c = cg_new(profile);
    cr_assert(cg_set_issuer_key(c, issuer_key));
    if (serial)
        cg_set_serial_hex(c, serial);
    uint8_t *der = cg_der(c, len);
    cg_free(c);
    cr_assert_not_null(der);
    return der;
}

static cs_cert *parse(const uint8_t *der, size_t len)
{
    cs_cert *c = malloc(sizeof *c);
    cs_parse_error err;
    cr_assert(cs_cert_parse(c, der, len, &err), "%s", err.reason);
    return c;
}

Test(signature_verify, valid_tampered_and_wrong_key_for_each_key_type)
{
    static const char *keys[] = { "rsa2048", "p256", "p384", "ed25519" };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t len, ilen, olen;
        uint8_t *der = make("tls-dv", keys[k], NULL, &len);
        uint8_t *ider = cg_issuer_der(keys[k], &ilen);
        uint8_t *other = cg_issuer_der(k ? "rsa2048" : "p256", &olen);
        cs_cert *c = parse(der, len), *ca = parse(ider, ilen), *wrong = parse(other, olen);
        cr_expect_eq(cs_signature_verify(c, &ca->spki), CS_SIG_VALID, "%s", keys[k]);
        cr_expect_eq(cs_signature_verify(c, &wrong->spki), CS_SIG_INVALID, "%s under another key", keys[k]);
        uint8_t *tampered = malloc(len); /* c's spans point into der */
        memcpy(tampered, der, len);
        tampered[len - 1] ^= 0x01; /* the last octet of the signature */
        cs_cert *bad = parse(tampered, len);
        cr_expect_eq(cs_signature_verify(bad, &ca->spki), CS_SIG_INVALID, "%s tampered", keys[k]);
        /* Asked again (the per-thread answer cache) and for the good one again. */
        cr_expect_eq(cs_signature_verify(bad, &ca->spki), CS_SIG_INVALID);
        cr_expect_eq(cs_signature_verify(c, &ca->spki), CS_SIG_VALID);
        free(c);
        free(ca);
        free(wrong);
        free(bad);
        free(tampered);
        free(der);
        free(ider);
        free(other);
    }
}

Test(signature_verify, self_signed_uses_the_same_verifier)
{
    size_t len;
    cg_cert *r = cg_new("root");
    uint8_t *der = cg_der(r, &len);
    cg_free(r);
    cs_cert *c = parse(der, len);
    cr_expect_eq(cs_cert_self_signed(c), CS_SELF_SIGNED_YES);
    uint8_t *tampered = malloc(len);
    memcpy(tampered, der, len);
    tampered[len - 1] ^= 0x01;
    cs_cert *bad = parse(tampered, len);
    cr_expect_eq(cs_cert_self_signed(bad), CS_SELF_SIGNED_NO);
    free(c);
    free(bad);
    free(tampered);
    free(der);
}

/* The ids of the findings of the signature rules, linted with the issuer. */
static void lint_sig(const uint8_t *der, size_t len, const uint8_t *ider, size_t ilen, bool verify,
                     char *ids, size_t size, bool *applied)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new("rfc5280_signature_invalid,smime_signature_invalid", err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    cs_lint_options o = { .verify_signatures = verify };
    cs_ruleset_set_options(rs, &o);
    cs_cert *c = parse(der, len), *ca = ider ? parse(ider, ilen) : NULL;
    c->issuer_cert = ca;
    cs_lint_result *res = malloc(sizeof *res);
    cs_lint(rs, c, res);
    ids[0] = '\0';
    for (size_t i = 0; i < res->n_findings; i++) {
        strncat(ids, cs_ruleset_rule(rs, res->findings[i].rule)->id, size - strlen(ids) - 2);
        strcat(ids, " ");
    }
    *applied = cs_lint_applicable(res, 0) || cs_lint_applicable(res, 1);
    free(res);
    free(c);
    free(ca);
    cs_ruleset_free(rs);
}

Test(signature_verify, rules_fire_on_a_bad_signature_only_when_asked_and_the_issuer_is_known)
{
    size_t len, ilen;
    uint8_t *der = make("smime-mailbox-strict", "rsa2048", NULL, &len);
    uint8_t *ider = cg_issuer_der("rsa2048", &ilen);
    char ids[256];
    bool applied;
    lint_sig(der, len, ider, ilen, true, ids, sizeof ids, &applied);
    cr_expect_str_empty(ids, "a good signature: %s", ids);
    cr_expect(applied);
    der[len - 1] ^= 0x01;
    lint_sig(der, len, ider, ilen, true, ids, sizeof ids, &applied);
    cr_expect_str_eq(ids, "rfc5280_signature_invalid smime_signature_invalid ");
    lint_sig(der, len, ider, ilen, false, ids, sizeof ids, &applied);
    cr_expect_str_empty(ids, "not asked for: %s", ids);
    cr_expect_not(applied);
    lint_sig(der, len, NULL, 0, true, ids, sizeof ids, &applied);
    cr_expect_str_empty(ids, "issuer unknown: %s", ids);
    cr_expect_not(applied);
    free(der);
    free(ider);
}

static void write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(p, 1, n, f), n);
    fclose(f);
}

static void write_pem(FILE *f, const uint8_t *der, size_t len)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    fputs("-----BEGIN CERTIFICATE-----\n", f);
    for (size_t i = 0, col = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)der[i] << 16 | (i + 1 < len ? (uint32_t)der[i + 1] << 8 : 0) |
                     (i + 2 < len ? der[i + 2] : 0);
        char q[4] = { b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < len ? b64[v >> 6 & 63] : '=',
                      i + 2 < len ? b64[v & 63] : '=' };
        fwrite(q, 1, 4, f);
        if ((col += 4) == 64) {
            fputc('\n', f);
            col = 0;
        }
    }
    fputs("\n-----END CERTIFICATE-----\n", f);
}

Test(issuer_store, finds_by_name_and_key_identifier_from_pem_der_and_directories)
{
    char dir[256], path[512];
    cs_test_tmpdir(dir, sizeof dir);
    size_t l1, l2, len;
    uint8_t *rsa = cg_issuer_der("rsa2048", &l1), *p256 = cg_issuer_der("p256", &l2);
    snprintf(path, sizeof path, "%s/bundle.pem", dir);
    FILE *f = fopen(path, "w");
    fputs("some text before\n", f);
    write_pem(f, rsa, l1);
    fclose(f);
    snprintf(path, sizeof path, "%s/sub", dir);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/sub/p256.der", dir);
    write_file(path, p256, l2);
    snprintf(path, sizeof path, "%s/sub/junk.der", dir);
    write_file(path, (const uint8_t *)"\x30\x03\x02\x01\x01", 5);

    char err[256];
    size_t skipped = 0;
    cs_issuer_store *s = cs_issuer_store_load(dir, &skipped, err, sizeof err);
    cr_assert_not_null(s, "%s", err);
    cr_expect_eq(cs_issuer_store_count(s), 2);
    cr_expect_eq(skipped, 1);

    static const char *keys[] = { "rsa2048", "p256" };
    const uint8_t *want[] = { rsa, p256 };
    for (int k = 0; k < 2; k++) {
        uint8_t *der = make("tls-dv", keys[k], NULL, &len);
        cs_cert *c = parse(der, len);
        const uint8_t *got;
        size_t glen;
        cr_assert(cs_issuer_store_find(s, c, &got, &glen), "%s", keys[k]);
        cr_expect_eq(memcmp(got, want[k], glen), 0);
        free(c);
        free(der);
    }
    uint8_t *der = make("tls-dv", "p384", NULL, &len); /* a CA the store does not hold */
    cs_cert *c = parse(der, len);
    const uint8_t *got;
    size_t glen;
    cr_expect_not(cs_issuer_store_find(s, c, &got, &glen));
    free(c);
    free(der);
    cs_issuer_store_free(s);

    cr_expect_null(cs_issuer_store_load("/nonexistent/ca.pem", NULL, err, sizeof err));
    snprintf(path, sizeof path, "%s/sub/junk.der", dir);
    cr_expect_null(cs_issuer_store_load(path, NULL, err, sizeof err));
    cr_expect(strstr(err, "no certificate") != NULL, "%s", err);
    free(rsa);
    free(p256);
}

Test(scan_signatures, issuers_and_verify_signatures_find_the_bad_signature)
{
    char dir[256], out[4096], errb[4096];
    cs_test_tmpdir(dir, sizeof dir);
    size_t len, ilen;
    uint8_t *good = make("tls-dv", "p256", "01aa", &len);
    char path[512];
    snprintf(path, sizeof path, "%s/in", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/in/good.der", dir);
    write_file(path, good, len);
    good[len - 1] ^= 1;
    snprintf(path, sizeof path, "%s/in/bad.der", dir);
    write_file(path, good, len);
    free(good);
    uint8_t *other = make("tls-dv", "p384", "01bb", &len); /* issuer not in the store */
    snprintf(path, sizeof path, "%s/in/unknown.der", dir);
    write_file(path, other, len);
    free(other);
    uint8_t *ca = cg_issuer_der("p256", &ilen);
    snprintf(path, sizeof path, "%s/ca.der", dir);
    write_file(path, ca, ilen);
    free(ca);

    int rc = cs_test_runf(out, sizeof out, errb, sizeof errb,
                          "%s scan -q -j2 --issuers %s/ca.der --verify-signatures -o %s/r %s/in",
                          cs_test_certsweep(), dir, dir, dir);
    cr_assert_eq(rc, 0, "%s", errb);
    snprintf(path, sizeof path, "%s/r/summary.json", dir);
    cr_expect_eq(cs_test_json_int(path, "signatures_checked"), 2);
    cr_expect_eq(cs_test_json_int(path, "signatures_invalid"), 1);
    cr_expect_eq(cs_test_json_int(path, "signatures_not_checked"), 1);

    /* Without --verify-signatures nothing is verified: all three not checked. */
    rc = cs_test_runf(out, sizeof out, errb, sizeof errb, "%s scan -q -j1 --issuers %s/ca.der -o %s/r2 %s/in",
                      cs_test_certsweep(), dir, dir, dir);
    cr_assert_eq(rc, 0, "%s", errb);
    snprintf(path, sizeof path, "%s/r2/summary.json", dir);
    cr_expect_eq(cs_test_json_int(path, "signatures_checked"), 0);
    cr_expect_eq(cs_test_json_int(path, "signatures_not_checked"), 3);
}

/* Two CA certificates with one name and one key identifier but different
 * keys (test PKIs do that): the issuer is not known, rather than guessed. */
Test(issuer_store, two_keys_under_one_name_and_key_id_are_not_a_match)
{
    static const uint8_t ski[] = { 0x04, 0x04, 0x01, 0x02, 0x03, 0x04 };
    char dir[256], path[512];
    cs_test_tmpdir(dir, sizeof dir);
    uint8_t *ca_der[2];
    size_t ca_len[2];
    const char *keys[2] = { "p256:1", "p256:2" };
    snprintf(path, sizeof path, "%s/cas.pem", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 2; i++) {
        cg_cert *ca = cg_new("tls-ca");
        cr_assert(cg_set_key(ca, keys[i]));
        cg_ext_set_der(ca, "2.5.29.14", false, ski, sizeof ski);
        ca_der[i] = cg_der(ca, &ca_len[i]);
        cg_free(ca);
        write_pem(f, ca_der[i], ca_len[i]);
    }
    fclose(f);
    cg_cert *ca0 = cg_new("tls-ca");
    size_t name_len;
    uint8_t *name = cg_subject_der(ca0, &name_len);
    cg_free(ca0);
    cg_cert *leaf = cg_new("tls-dv");
    cr_assert(cg_set_issuer_raw(leaf, name, name_len, ski + 2, 4, "p256:1"));
    size_t len;
    uint8_t *der = cg_der(leaf, &len);
    cg_free(leaf);
    cs_cert *c = parse(der, len);
    char err[256];
    cs_issuer_store *s = cs_issuer_store_load(path, NULL, err, sizeof err);
    cr_assert_not_null(s, "%s", err);
    cr_expect_eq(cs_issuer_store_count(s), 2);
    const uint8_t *got;
    size_t glen;
    cr_expect_not(cs_issuer_store_find(s, c, &got, &glen), "two keys: the issuer is not known");
    cs_issuer_store_free(s);
    /* With one of them only, it is found. */
    snprintf(path, sizeof path, "%s/one.der", dir);
    write_file(path, ca_der[0], ca_len[0]);
    s = cs_issuer_store_load(path, NULL, err, sizeof err);
    cr_assert_not_null(s, "%s", err);
    cr_expect(cs_issuer_store_find(s, c, &got, &glen));
    cs_issuer_store_free(s);
    free(c);
    free(der);
    free(name);
    free(ca_der[0]);
    free(ca_der[1]);
}

Test(lint_signature, lint_with_issuer_verifies_the_signature)
{
    char dir[256], out[8192], errb[8192], path[512];
    cs_test_tmpdir(dir, sizeof dir);
    size_t len, ilen;
    uint8_t *der = make("tls-dv", "rsa2048", NULL, &len);
    uint8_t *ca = cg_issuer_der("rsa2048", &ilen);
    snprintf(path, sizeof path, "%s/ca.der", dir);
    write_file(path, ca, ilen);
    snprintf(path, sizeof path, "%s/good.der", dir);
    write_file(path, der, len);
    der[len - 1] ^= 1;
    snprintf(path, sizeof path, "%s/bad.der", dir);
    write_file(path, der, len);
    const char *cs = cs_test_certsweep();
    int rc = cs_test_runf(out, sizeof out, errb, sizeof errb, "%s lint -q -r rfc5280_signature_invalid --issuer %s/ca.der %s/good.der",
                          cs, dir, dir);
    cr_expect_eq(rc, 0, "%s%s", out, errb);
    rc = cs_test_runf(out, sizeof out, errb, sizeof errb, "%s lint -q -r rfc5280_signature_invalid --issuer %s/ca.der %s/bad.der",
                      cs, dir, dir);
    cr_expect_eq(rc, 3, "%s%s", out, errb);
    cr_expect(strstr(out, "rfc5280_signature_invalid") != NULL, "%s", out);
    free(der);
    free(ca);
}

/* The self-signed answers are shared by the threads: asked from several at
 * once, for a root and a tampered copy, each gets the right answer. */
typedef struct self_signed_job {
    const cs_cert *good, *bad;
    bool ok;
} self_signed_job;

static void *ask_self_signed(void *arg)
{
    self_signed_job *j = arg;
    j->ok = true;
    for (int i = 0; i < 50 && j->ok; i++)
        j->ok = cs_cert_self_signed(j->good) == CS_SELF_SIGNED_YES && cs_cert_self_signed(j->bad) == CS_SELF_SIGNED_NO;
    return NULL;
}

Test(signature_verify, self_signed_answers_shared_by_threads)
{
    size_t len;
    cg_cert *r = cg_new("root");
    cg_set_serial_hex(r, "5e1f5191ed0e7777");
    uint8_t *der = cg_der(r, &len);
    cg_free(r);
    uint8_t *tampered = malloc(len);
    memcpy(tampered, der, len);
    tampered[len - 1] ^= 0x01;
    cs_cert *good = parse(der, len), *bad = parse(tampered, len);
    enum { THREADS = 4 };
    pthread_t t[THREADS];
    self_signed_job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (self_signed_job){ good, bad, false };
        cr_assert_eq(pthread_create(&t[i], NULL, ask_self_signed, &jobs[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        cr_assert_eq(pthread_join(t[i], NULL), 0);
        cr_expect(jobs[i].ok, "thread %d", i);
    }
    free(good);
    free(bad);
    free(tampered);
    free(der);
}
