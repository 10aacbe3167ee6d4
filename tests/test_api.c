/* The public library API (include/certsweep.h): rule sets and metadata,
 * linting equal to the internal driver, bad input, TBS, thread safety,
 * and the cost of one lint call. */
#include <criterion/criterion.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certgen.h"
#include "certsweep.h"
#include "lint/ruleset.h"
#include "test_api_jsoncheck.h"

static uint8_t *make(const char *profile, size_t *len)
{
    cg_cert *g = cg_new(profile);
    cr_assert_not_null(g, "profile %s", profile);
    uint8_t *der = cg_der(g, len);
    cr_assert_not_null(der);
    cg_free(g);
    return der;
}

static csw_ruleset *open_all(void)
{
    char err[256];
    csw_ruleset *rs = csw_ruleset_open(NULL, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    return rs;
}

/* Findings of the internal driver, rendered "id/severity/detail;..." */
static void internal_findings(const uint8_t *der, size_t len, bool tbs, char *out, size_t size)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rs);
    cs_cert *c = malloc(sizeof *c);
    cs_lint_result *r = malloc(sizeof *r);
    cs_parse_error e;
    cr_assert(tbs ? cs_tbs_parse(c, der, len, &e) : cs_cert_parse(c, der, len, &e), "%s", e.reason);
    cs_lint(rs, c, r);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < r->n_findings && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s/%d/%s;", cs_ruleset_rule(rs, r->findings[i].rule)->id,
                                 r->findings[i].severity, r->findings[i].detail.text);
    free(r);
    free(c);
    cs_ruleset_free(rs);
}

static void api_findings(const csw_findings *f, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < csw_findings_count(f) && used < size; i++) {
        const csw_finding *x = csw_finding_get(f, i);
        used += (size_t)snprintf(out + used, size - used, "%s/%d/%s;", x->rule_id, (int)x->severity, x->detail);
    }
}

Test(api, version_and_severity_names)
{
    cr_expect_str_eq(csw_version(), CS_VERSION);
    char hdr[32];
    snprintf(hdr, sizeof hdr, "%d.%d.%d", CSW_VERSION_MAJOR, CSW_VERSION_MINOR, CSW_VERSION_PATCH);
    cr_expect_str_eq(hdr, CS_VERSION, "header and library versions agree");
    cr_expect_str_eq(csw_severity_name(CSW_SEV_ERROR), "error");
    cr_expect_str_eq(csw_severity_name(CSW_SEV_WARNING), "warning");
    cr_expect_str_eq(csw_severity_name(CSW_SEV_NOTICE), "notice");
    cr_expect_str_eq(csw_severity_name((csw_severity)42), "?");
}

Test(api, ruleset_metadata_matches_registry)
{
    csw_ruleset *rs = open_all();
    cr_assert_eq(csw_rule_count(rs), cs_registry_count());
    for (size_t i = 0; i < csw_rule_count(rs); i++) {
        const csw_rule *r = csw_rule_info(rs, i);
        const cs_rule *in = cs_registry_get(i);
        cr_assert_not_null(r);
        cr_expect_str_eq(r->id, in->id);
        cr_expect_eq((int)r->severity, (int)in->severity);
        cr_expect_str_eq(r->source, cs_source_name(in->source));
        cr_expect_str_eq(r->citation, in->citation);
        cr_expect_str_eq(r->description, in->description);
        cr_expect_str_eq(r->applies_to, in->applies_to);
        cr_expect_eq(r->effective, in->effective);
        cr_expect_eq(r->ineffective, in->ineffective);
    }
    cr_expect_null(csw_rule_info(rs, csw_rule_count(rs)));
    cr_expect_null(csw_rule_info(NULL, 0));
    cr_expect_eq(csw_rule_count(NULL), 0);
    csw_ruleset_close(rs);
    csw_ruleset_close(NULL);
}

Test(api, selection_by_source_and_removal)
{
    char err[256];
    size_t all = cs_registry_count(), smime = 0;
    for (size_t i = 0; i < all; i++)
        smime += cs_registry_get(i)->source == CS_SOURCE_SMIME;
    csw_ruleset *rs = csw_ruleset_open("smime", err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    cr_expect_eq(csw_rule_count(rs), smime);
    for (size_t i = 0; i < csw_rule_count(rs); i++)
        cr_expect_str_eq(csw_rule_info(rs, i)->source, "smime");
    csw_ruleset_close(rs);
    rs = csw_ruleset_open("all,-smime", err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    cr_expect_eq(csw_rule_count(rs), all - smime);
    csw_ruleset_close(rs);
}

Test(api, unknown_selection_fails_with_its_name)
{
    char err[256] = "";
    cr_expect_null(csw_ruleset_open("smime,no_such_rule_xyz", err, sizeof err));
    cr_expect(strstr(err, "no_such_rule_xyz") != NULL, "err names it: %s", err);
    /* No error buffer is fine too. */
    cr_expect_null(csw_ruleset_open("no_such_rule_xyz", NULL, 0));
    char tiny[4] = "zzz";
    cr_expect_null(csw_ruleset_open("no_such_rule_xyz", tiny, sizeof tiny));
    cr_expect_eq(tiny[3], '\0');
}

static const char *profiles[] = {
    "smime-mailbox-legacy", "smime-mailbox-strict", "smime-organization-multipurpose",
    "smime-sponsored-strict", "smime-individual-legacy", "smime-ca", "tls-dv", "tls-ov",
    "tls-ev", "tls-ca", "root", "plain",
};

Test(api, findings_equal_internal_driver)
{
    csw_ruleset *rs = open_all();
    for (size_t p = 0; p < sizeof profiles / sizeof profiles[0]; p++) {
        size_t len;
        uint8_t *der = make(profiles[p], &len);
        char err[256], want[8192], got[8192];
        csw_findings *f = csw_lint_der(rs, der, len, 0, err, sizeof err);
        cr_assert_not_null(f, "%s: %s", profiles[p], err);
        internal_findings(der, len, false, want, sizeof want);
        api_findings(f, got, sizeof got);
        cr_expect_str_eq(got, want, "%s", profiles[p]);
        cr_expect_eq(csw_findings_is_tbs(f), 0);
        uint8_t sha[32];
        SHA256(der, len, sha);
        cr_expect(memcmp(csw_findings_sha256(f), sha, 32) == 0, "%s sha256", profiles[p]);
        int worst = -1;
        for (size_t i = 0; i < csw_findings_count(f); i++) {
            const csw_finding *x = csw_finding_get(f, i);
            cr_expect(x->citation && x->citation[0], "%s has a citation", x->rule_id);
            if ((int)x->severity > worst)
                worst = (int)x->severity;
        }
        cr_expect_eq(csw_findings_worst(f), worst);
        cr_expect_null(csw_finding_get(f, csw_findings_count(f)));
        /* The DER was copied: freeing the caller's buffer is fine. */
        memset(der, 0, len);
        free(der);
        char *json = csw_findings_to_json(f, NULL, -1, -1);
        cr_assert_not_null(json);
        cr_expect(json_valid(json, strlen(json)), "%s", json);
        cr_expect(strstr(json, "\"input\":\"-\"") != NULL);
        csw_free(json);
        csw_findings_free(f);
    }
    csw_ruleset_close(rs);
}

Test(api, compliant_profiles_have_no_errors)
{
    csw_ruleset *rs = open_all();
    for (size_t p = 0; p < sizeof profiles / sizeof profiles[0]; p++) {
        /* "plain" has only the mandatory fields: not a profile to comply with. */
        if (strcmp(profiles[p], "plain") == 0)
            continue;
        size_t len;
        uint8_t *der = make(profiles[p], &len);
        csw_findings *f = csw_lint_der(rs, der, len, 0, NULL, 0);
        cr_assert_not_null(f);
        char got[8192];
        api_findings(f, got, sizeof got);
        cr_expect_neq(csw_findings_worst(f), CSW_SEV_ERROR, "certgen's %s is compliant, got %s", profiles[p], got);
        csw_findings_free(f);
        free(der);
    }
    csw_ruleset_close(rs);
}

Test(api, empty_null_and_truncated_input_fail_cleanly)
{
    csw_ruleset *rs = open_all();
    char err[256];
    cr_expect_null(csw_lint_der(rs, NULL, 0, 0, err, sizeof err));
    cr_expect_null(csw_lint_der(rs, (const uint8_t *)"", 0, 0, err, sizeof err));
    cr_expect(strstr(err, "empty") != NULL, "%s", err);
    cr_expect_null(csw_lint_der(NULL, (const uint8_t *)"\x30\x00", 2, 0, err, sizeof err));
    cr_expect_null(csw_lint_der(rs, (const uint8_t *)"hello, world", 12, CSW_LINT_DETECT, err, sizeof err));
    cr_expect(strstr(err, "not a certificate") != NULL, "%s", err);

    size_t len;
    uint8_t *der = make("smime-mailbox-strict", &len);
    for (size_t cut = 0; cut < len; cut++) {
        /* An exact-size copy, so that ASan sees any read past the end. */
        uint8_t *p = malloc(cut ? cut : 1);
        memcpy(p, der, cut);
        err[0] = '\0';
        csw_findings *f = csw_lint_der(rs, p, cut, CSW_LINT_DETECT | CSW_LINT_SINGLE, err, sizeof err);
        cr_expect_null(f, "a certificate cut at %zu of %zu bytes is rejected", cut, len);
        cr_expect(err[0] != '\0', "with a reason");
        csw_findings_free(f);
        free(p);
    }
    free(der);
    csw_ruleset_close(rs);
}

Test(api, corrupted_bytes_never_crash)
{
    csw_ruleset *rs = open_all();
    size_t len;
    uint8_t *der = make("tls-ov", &len);
    uint8_t *p = malloc(len);
    uint32_t x = 7;
    size_t linted = 0;
    for (int round = 0; round < 3000; round++) {
        memcpy(p, der, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            x = x * 1103515245u + 12345u;
            p[(x >> 8) % len] = (uint8_t)(x >> 20);
        }
        char err[256];
        csw_findings *f = csw_lint_der(rs, p, len, CSW_LINT_DETECT, err, sizeof err);
        if (f) {
            linted++;
            char *json = csw_findings_to_json(f, "fuzz", 0, -1);
            cr_assert(json && json_valid(json, strlen(json)), "round %d: %s", round, json ? json : "NULL");
            csw_free(json);
        }
        csw_findings_free(f);
    }
    cr_log_info("corrupted certificates: %zu of 3000 still parse", linted);
    free(p);
    free(der);
    csw_ruleset_close(rs);
}

Test(api, two_certificates_and_trailing_bytes)
{
    csw_ruleset *rs = open_all();
    size_t len;
    uint8_t *der = make("tls-dv", &len);
    uint8_t *two = malloc(2 * len);
    memcpy(two, der, len);
    memcpy(two + len, der, len);
    char err[256];
    cr_expect_null(csw_lint_der(rs, two, 2 * len, CSW_LINT_SINGLE, err, sizeof err));
    cr_expect(strstr(err, "more than one certificate") != NULL, "%s", err);
    /* Without CSW_LINT_SINGLE trailing bytes are the certificate's own
     * encoding fault (as in a scan), not an input error. */
    memcpy(two + len, "\x00\x00", 2);
    csw_findings *f = csw_lint_der(rs, two, len + 2, CSW_LINT_SINGLE, err, sizeof err);
    cr_expect_not_null(f, "trailing zeros are not a second certificate: %s", err);
    csw_findings_free(f);
    free(two);
    free(der);
    csw_ruleset_close(rs);
}

Test(api, tbs_detected_or_forced)
{
    cg_cert *g = cg_new("smime-mailbox-strict");
    cr_assert_not_null(g);
    size_t len;
    uint8_t *tbs = cg_tbs_der(g, &len);
    cr_assert_not_null(tbs);
    cg_free(g);
    csw_ruleset *rs = open_all();
    char err[256];
    csw_findings *f = csw_lint_der(rs, tbs, len, CSW_LINT_DETECT, err, sizeof err);
    cr_assert_not_null(f, "%s", err);
    cr_expect_eq(csw_findings_is_tbs(f), 1);
    char want[8192], got[8192];
    internal_findings(tbs, len, true, want, sizeof want);
    api_findings(f, got, sizeof got);
    cr_expect_str_eq(got, want);
    cr_expect_neq(csw_findings_worst(f), CSW_SEV_ERROR, "a compliant TBS has no errors: %s", got);
    char *json = csw_findings_to_json(f, "x.tbs", 0, -1);
    cr_expect(strstr(json, "\"tbs\":true") != NULL, "%s", json);
    csw_free(json);
    csw_findings_free(f);

    f = csw_lint_der(rs, tbs, len, CSW_LINT_TBS, err, sizeof err);
    cr_expect_not_null(f, "%s", err);
    csw_findings_free(f);
    /* As a Certificate, a TBSCertificate does not parse. */
    cr_expect_null(csw_lint_der(rs, tbs, len, 0, err, sizeof err));
    /* And a Certificate is not detected as a TBSCertificate. */
    size_t clen;
    uint8_t *cert = make("smime-mailbox-strict", &clen);
    f = csw_lint_der(rs, cert, clen, CSW_LINT_DETECT, err, sizeof err);
    cr_assert_not_null(f, "%s", err);
    cr_expect_eq(csw_findings_is_tbs(f), 0);
    csw_findings_free(f);
    free(cert);
    free(tbs);
    csw_ruleset_close(rs);
}

/* ---- threads ----------------------------------------------------------- */

#define N_THREADS 8
#define N_CERTS 6

static struct {
    csw_ruleset *rs;
    uint8_t *der[N_CERTS];
    size_t len[N_CERTS];
    char *want[N_CERTS];
} shared;

static void *lint_many(void *arg)
{
    size_t seed = (size_t)arg;
    for (size_t i = 0; i < 300; i++) {
        size_t k = (seed + i) % N_CERTS;
        csw_findings *f = csw_lint_der(shared.rs, shared.der[k], shared.len[k], 0, NULL, 0);
        char *json = f ? csw_findings_to_json(f, "t", -1, -1) : NULL;
        bool same = json && strcmp(json, shared.want[k]) == 0;
        csw_free(json);
        csw_findings_free(f);
        if (!same)
            return (void *)1;
    }
    return NULL;
}

Test(api, one_ruleset_many_threads_same_answers)
{
    shared.rs = open_all();
    for (size_t k = 0; k < N_CERTS; k++) {
        shared.der[k] = make(profiles[k * 2], &shared.len[k]);
        csw_findings *f = csw_lint_der(shared.rs, shared.der[k], shared.len[k], 0, NULL, 0);
        cr_assert_not_null(f);
        shared.want[k] = csw_findings_to_json(f, "t", -1, -1);
        csw_findings_free(f);
    }
    pthread_t t[N_THREADS];
    for (size_t i = 0; i < N_THREADS; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, lint_many, (void *)i), 0);
    for (size_t i = 0; i < N_THREADS; i++) {
        void *res;
        pthread_join(t[i], &res);
        cr_expect_null(res, "thread %zu saw the same findings as the serial run", i);
    }
    for (size_t k = 0; k < N_CERTS; k++) {
        free(shared.der[k]);
        csw_free(shared.want[k]);
    }
    csw_ruleset_close(shared.rs);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(api, one_lint_takes_microseconds)
{
    csw_ruleset *rs = open_all();
    size_t len;
    uint8_t *der = make("smime-mailbox-strict", &len);
    int n = 2000;
    double t0 = now();
    for (int i = 0; i < n; i++) {
        csw_findings *f = csw_lint_der(rs, der, len, 0, NULL, 0);
        cr_assert_not_null(f);
        csw_findings_free(f);
    }
    double per = (now() - t0) / n * 1e6;
    cr_log_info("csw_lint_der: %.1f us per certificate (%zu rules, %zu bytes)", per, csw_rule_count(rs), len);
    /* Loose bound that holds under sanitizers too; the figure is logged. */
    cr_expect_lt(per, 2000.0, "one lint takes %.1f us", per);
    free(der);
    csw_ruleset_close(rs);
}

/* A rule detail that quotes hostile certificate bytes: the public detail
 * is valid UTF-8 without control characters, and the JSON line escapes
 * the original bytes. */
Test(api, details_quoting_the_certificate_are_sanitized)
{
    cg_cert *g = cg_new("tls-dv");
    cr_assert_not_null(g);
    /* SAN: one dNSName "a ESC [2J DEL .ex" (IA5String: 7-bit only), and a
     * commonName with invalid UTF-8 and a C1 CSI that is not in the SAN. */
    static const uint8_t san[] = { 0x30, 0x0b, 0x82, 0x09, 'a', 0x1b, '[', '2', 'J', 0x7f, '.', 'e', 'x' };
    cg_ext_set_der(g, "2.5.29.17", false, san, sizeof san);
    cg_subject_clear(g);
    cg_subject_add(g, "CN", "b\xff\xc2\x9b\x1b.ex", 12);
    size_t len;
    uint8_t *der = cg_der(g, &len);
    cr_assert_not_null(der);
    cg_free(g);
    csw_ruleset *rs = open_all();
    char err[256];
    csw_findings *f = csw_lint_der(rs, der, len, 0, err, sizeof err);
    cr_assert_not_null(f, "%s", err);
    int quoted = 0;
    for (size_t i = 0; i < csw_findings_count(f); i++) {
        const char *d = csw_finding_get(f, i)->detail;
        for (const unsigned char *p = (const unsigned char *)d; *p; p++) {
            cr_expect(*p >= 0x20 && *p != 0x7f, "no C0/DEL in %s", csw_finding_get(f, i)->rule_id);
            cr_expect(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f), "no C1 in %s", csw_finding_get(f, i)->rule_id);
            cr_expect(*p != 0xff, "no invalid UTF-8 in %s", csw_finding_get(f, i)->rule_id);
        }
        quoted |= strstr(d, "'a?[2J?.ex'") ? 1 : 0; /* rfc5280_san_dns_syntax, ... */
        quoted |= strstr(d, "'b????.ex'") ? 2 : 0;  /* tls_cn_not_from_san */
    }
    cr_expect_eq(quoted, 3, "rules quote both names, sanitized");
    char *json = csw_findings_to_json(f, "x", 0, -1);
    cr_assert_not_null(json);
    cr_expect(json_valid(json, strlen(json)), "%s", json);
    cr_expect(strstr(json, "'a\\u001b[2J\\u007f.ex'") != NULL, "JSON keeps the bytes, escaped: %s", json);
    cr_expect(strstr(json, "'b\\ufffd\\u009b\\u001b.ex'") != NULL, "JSON keeps the bytes, escaped: %s", json);
    csw_free(json);
    csw_findings_free(f);
    free(der);
    csw_ruleset_close(rs);
}

/* ---- csw_lint_der_with_issuer ------------------------------------------ */

static bool has_finding(const csw_findings *f, const char *rule)
{
    for (size_t i = 0; i < csw_findings_count(f); i++)
        if (!strcmp(csw_finding_get(f, i)->rule_id, rule))
            return true;
    return false;
}

Test(api, lint_with_issuer)
{
    csw_ruleset *rs = open_all();
    char err[256];
    size_t len, ca_len;
    /* The issuer field names the test CA with O as a PrintableString. */
    cg_cert *g = cg_new("smime-mailbox-strict");
    cg_issuer_clear(g);
    cg_issuer_add(g, "C", "US", 0);
    cg_issuer_add(g, "O", "certsweep Test", 19);
    cg_issuer_add(g, "CN", "certsweep Test CA rsa2048", 0);
    uint8_t *der = cg_der(g, &len), *ca = cg_issuer_der("rsa2048", &ca_len);
    cg_free(g);
    cr_assert(der && ca);

    csw_findings *f = csw_lint_der_with_issuer(rs, der, len, ca, ca_len, 0, err, sizeof err);
    cr_assert_not_null(f, "%s", err);
    cr_expect(has_finding(f, "smime_issuer_dn_bytes_mismatch"));
    cr_expect(!has_finding(f, "rfc5280_issuer_name_mismatch"), "the names match under RFC 5280 7.1");
    char *json = csw_findings_to_json(f, "c.der", 0, -1); /* the issuer's view is gone: nothing dangles */
    cr_assert_not_null(json);
    cr_expect(strstr(json, "smime_issuer_dn_bytes_mismatch") != NULL);
    csw_free(json);
    csw_findings_free(f);

    /* Without the issuer (NULL, 0): csw_lint_der, the rule does not apply. */
    f = csw_lint_der_with_issuer(rs, der, len, NULL, 0, 0, err, sizeof err);
    cr_assert_not_null(f, "%s", err);
    cr_expect(!has_finding(f, "smime_issuer_dn_bytes_mismatch"));
    csw_findings *g2 = csw_lint_der(rs, der, len, 0, err, sizeof err);
    cr_expect_eq(csw_findings_count(f), csw_findings_count(g2));
    csw_findings_free(g2);
    csw_findings_free(f);

    /* TBS with its issuer: pre-issuance linting sees the chain rules too. */
    g = cg_new("smime-mailbox-strict");
    cg_ext_remove(g, "authorityKeyIdentifier");
    uint8_t ak[24] = { 0x30, 0x16, 0x80, 0x14 };
    memset(ak + 4, 0x5a, 20);
    cg_ext_set_der(g, "2.5.29.35", false, ak, sizeof ak);
    size_t tlen;
    uint8_t *tbs = cg_tbs_der(g, &tlen);
    cg_free(g);
    f = csw_lint_der_with_issuer(rs, tbs, tlen, ca, ca_len, CSW_LINT_TBS, err, sizeof err);
    cr_assert_not_null(f, "%s", err);
    cr_expect(csw_findings_is_tbs(f));
    cr_expect(has_finding(f, "smime_aki_issuer_ski_mismatch"));
    cr_expect(has_finding(f, "rfc5280_aki_issuer_ski_mismatch"));
    csw_findings_free(f);
    free(tbs);

    /* A bad issuer is an error naming the issuer, never a silent N/A. */
    cr_expect_null(csw_lint_der_with_issuer(rs, der, len, ca, 10, 0, err, sizeof err));
    cr_expect(strncmp(err, "issuer: ", 8) == 0, "%s", err);
    uint8_t *two = malloc(2 * ca_len);
    memcpy(two, ca, ca_len);
    memcpy(two + ca_len, ca, ca_len);
    cr_expect_null(csw_lint_der_with_issuer(rs, der, len, two, 2 * ca_len, 0, err, sizeof err));
    cr_expect(strstr(err, "issuer: more than one certificate") != NULL, "%s", err);
    cr_expect_null(csw_lint_der_with_issuer(rs, der, len, NULL, 5, 0, err, sizeof err));
    cr_expect_null(csw_lint_der_with_issuer(rs, der, len, ca, 0, 0, err, sizeof err), "empty issuer");
    cr_expect_str_eq(err, "issuer: empty input");
    /* The certificate's own errors come first and do not mention the issuer. */
    cr_expect_null(csw_lint_der_with_issuer(rs, der, 10, ca, ca_len, 0, err, sizeof err));
    cr_expect(strncmp(err, "issuer: ", 8) != 0, "%s", err);
    free(two);
    free(der);
    free(ca);
    csw_ruleset_close(rs);
}
