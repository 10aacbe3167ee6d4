/* Profile detection and rule evaluation options (issue 15 items 3 and 4):
 * only the 12 reserved S/MIME policy OIDs select a profile, any other OID
 * under 2.23.140.1.5 is a finding, an in-scope certificate without a
 * profile is a finding, serverAuth puts a certificate in TLS scope whatever
 * else it is; the S/MIME profile guess (type from the subject as pkilint's
 * --guess, generation from the extensions); --as-of gating the effective
 * windows and the dates inside rules. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "derw.h"
#include "lint/ruleset.h"
#include "rulecheck.h"

static cs_cert *view;
static cs_lint_result *result;
static uint8_t *der;

static void setup(void)
{
    view = malloc(sizeof *view);
    result = malloc(sizeof *result);
    cr_assert(view && result);
}

static void teardown(void)
{
    free(view);
    free(result);
    free(der);
    der = NULL;
}

TestSuite(profile, .init = setup, .fini = teardown);
TestSuite(guess, .init = setup, .fini = teardown);
TestSuite(as_of, .init = setup, .fini = teardown);

static cg_cert *mk(const char *profile)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c, "preset %s", profile);
    return c;
}

static void set_ext(cg_cert *c, const char *name, const char *value)
{
    cr_assert(cg_ext_set(c, name, false, value), "%s = %s", name, value);
}

/* certificatePolicies with the comma-separated policy OIDs, no qualifiers
 * (OpenSSL's config syntax would not take every OID we need). */
static void set_policies(cg_cert *c, const char *oids)
{
    cg_buf list = { 0 }, value = { 0 };
    char copy[256];
    snprintf(copy, sizeof copy, "%s", oids);
    for (char *save = NULL, *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        cg_buf pi = { 0 };
        cr_assert(cg_der_oid(&pi, o), "%s", o);
        cg_der_wrap(&list, 0x30, &pi);
    }
    cg_der_wrap(&value, 0x30, &list);
    cg_ext_set_der(c, "2.5.29.32", false, value.p, value.n);
    cg_buf_free(&value);
}

/* Parses the certificate into `view` and lints it with every rule, with
 * the options given (as_of "" = none); frees the builder.  The findings'
 * ids, space-separated, go to ids. */
static void lint_opts(cg_cert *c, const char *as_of, bool guess, char *ids, size_t size)
{
    size_t len;
    free(der);
    der = cg_der(c, &len);
    cg_free(c);
    cr_assert_not_null(der);
    cs_parse_error perr;
    cr_assert(cs_cert_parse(view, der, len, &perr), "%s", perr.reason);
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    cs_lint_options o = { .smime_guess = guess };
    if (as_of && *as_of) {
        cr_assert(cs_parse_date(as_of, &o.as_of), "%s", as_of);
        o.as_of_set = true;
    }
    cs_ruleset_set_options(rs, &o);
    cs_lint(rs, view, result);
    size_t used = 0;
    ids[0] = '\0';
    for (size_t i = 0; i < result->n_findings && used < size; i++) {
        int w = snprintf(ids + used, size - used, " %s", cs_ruleset_rule(rs, result->findings[i].rule)->id);
        used += w > 0 ? (size_t)w : 0;
    }
    if (used < size)
        snprintf(ids + used, size - used, " ");
    cs_ruleset_free(rs);
}

static bool has(const char *ids, const char *rule)
{
    char key[128];
    snprintf(key, sizeof key, " %s ", rule);
    return strstr(ids, key) != NULL;
}

#define HAS(ids, rule) cr_expect(has(ids, rule), "%s missing from:%s", rule, ids)
#define HAS_NOT(ids, rule) cr_expect_not(has(ids, rule), "%s unexpected in:%s", rule, ids)

/* ---- scope and profile ------------------------------------------------- */

/* The certificate of the issue: an undefined OID under the S/MIME arc,
 * serverAuth and emailProtection, no keyUsage, no CRL distribution point.
 * It used to get no finding from any source. */
static cg_cert *issue_certificate(void)
{
    cg_cert *c = mk("smime-mailbox-strict");
    set_policies(c, "2.23.140.1.5.1.9");
    set_ext(c, "extendedKeyUsage", "serverAuth,emailProtection");
    cg_ext_remove(c, "keyUsage");
    cg_ext_remove(c, "crlDistributionPoints");
    return c;
}

Test(profile, undefined_oid_selects_no_profile_and_is_reported)
{
    char ids[4096];
    lint_opts(issue_certificate(), NULL, false, ids, sizeof ids);
    cr_expect(view->smime.subscriber);
    cr_expect(view->smime.undefined_oid);
    cr_expect_not(view->smime.reserved_oid);
    cr_expect_eq(view->smime.n_reserved_oids, 0);
    cr_expect_eq(view->smime.type, CS_SMIME_TYPE_NONE);
    cr_expect(view->tls.subscriber, "serverAuth puts it in TLS scope");
    HAS(ids, "smime_policy_undefined_oid");
    HAS(ids, "smime_policy_reserved_oid_missing");
    HAS(ids, "tls_eku_invalid");
    HAS(ids, "tls_san_missing");
    HAS_NOT(ids, "smime_ku_missing"); /* a profile rule: no profile, no check ... */
    lint_opts(issue_certificate(), NULL, true, ids, sizeof ids);
    HAS(ids, "smime_ku_missing"); /* ... unless guessed */
    HAS(ids, "smime_crldp_missing");
    HAS(ids, "smime_eku_prohibited_purpose");
}

Test(profile, which_oids_are_under_the_arc)
{
    static const struct {
        const char *policies;
        bool undefined, reserved;
    } cases[] = {
        { "2.23.140.1.5", true, false },           /* the arc itself */
        { "2.23.140.1.5.1", true, false },
        { "2.23.140.1.5.1.2.3", true, false },      /* below a reserved OID */
        { "2.23.140.1.5.5.1", true, false },
        { "2.23.140.1.5.1.1", false, true },
        { "2.23.140.1.5.4.3", false, true },
        { "2.23.140.1.50.1.1", false, false },      /* shares the text prefix, not the arc */
        { "2.23.140.1.2.1", false, false },         /* TLS DV */
        { "2.23.140.1.5.2.2,2.23.140.1.5.9.9", true, true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cg_cert *c = mk("smime-organization-strict");
        set_policies(c, cases[i].policies);
        char ids[4096];
        lint_opts(c, NULL, false, ids, sizeof ids);
        cr_expect_eq(view->smime.undefined_oid, cases[i].undefined, "%s", cases[i].policies);
        cr_expect_eq(view->smime.reserved_oid, cases[i].reserved, "%s", cases[i].policies);
        cr_expect_eq(has(ids, "smime_policy_undefined_oid"), cases[i].undefined, "%s:%s", cases[i].policies, ids);
        cr_expect_eq(has(ids, "smime_policy_reserved_oid_missing"), !cases[i].reserved, "%s:%s",
                     cases[i].policies, ids);
    }
}

/* One rule on the certificate, with its detail; frees the builder. */
static cs_result rule_detail(const char *rule, cg_cert *c, char detail[CS_DETAIL_MAX])
{
    size_t len;
    uint8_t *d = cg_der(c, &len);
    cg_free(c);
    cr_assert_not_null(d);
    cs_result r = cs_test_rule(rule, d, len, detail, CS_DETAIL_MAX);
    free(d);
    return r;
}

Test(profile, undefined_oid_rule)
{
    cg_cert *c = mk("smime-mailbox-multipurpose");
    set_policies(c, "2.23.140.1.5.1.2,2.23.140.1.5.7");
    char detail[CS_DETAIL_MAX];
    cr_expect_eq(rule_detail("smime_policy_undefined_oid", c, detail), CS_FAIL);
    cr_expect(strstr(detail, "2.23.140.1.5.7") != NULL, "%s", detail);
    /* applies to CA certificates too (SBR 7.1.6.3) */
    c = mk("smime-ca");
    set_policies(c, "2.23.140.1.5.3");
    cr_expect_eq(cs_test_rule_cg("smime_policy_undefined_oid", c), CS_FAIL);
    cr_expect_eq(cs_test_rule_cg("smime_policy_undefined_oid", mk("smime-mailbox-multipurpose")), CS_NA);
    cr_expect_eq(cs_test_rule_cg("smime_policy_undefined_oid", mk("smime-ca")), CS_NA);
}

/* In scope with no profile: also when only an undefined OID puts it in
 * scope (no mailbox in the SAN), which the rule used not to look at. */
Test(profile, no_profile_rule)
{
    cg_cert *c = mk("smime-individual-strict");
    set_policies(c, "2.23.140.1.5.4.9");
    set_ext(c, "subjectAltName", "DNS:www.example.com");
    char detail[CS_DETAIL_MAX];
    cr_expect_eq(rule_detail("smime_policy_reserved_oid_missing", c, detail), CS_FAIL);
    cr_expect(strstr(detail, "without an S/MIME profile") != NULL, "%s", detail);
    c = mk("smime-individual-strict");
    cg_ext_remove(c, "certificatePolicies");
    cr_expect_eq(cs_test_rule_cg("smime_policy_reserved_oid_missing", c), CS_FAIL);
    cr_expect_eq(cs_test_rule_cg("smime_policy_reserved_oid_missing", mk("smime-individual-strict")), CS_PASS);
    /* out of scope: no emailProtection (EKU present), no mailbox, no S/MIME OID */
    cr_expect_eq(cs_test_rule_cg("smime_policy_reserved_oid_missing", mk("tls-dv")), CS_NA);
}

Test(profile, server_auth_does_not_hide_smime)
{
    cg_cert *c = mk("smime-sponsored-multipurpose");
    set_ext(c, "extendedKeyUsage", "emailProtection,serverAuth");
    char ids[4096];
    lint_opts(c, NULL, false, ids, sizeof ids);
    cr_expect(view->smime.subscriber && view->tls.subscriber);
    HAS(ids, "smime_eku_prohibited_purpose");
    HAS(ids, "tls_eku_invalid");
    HAS(ids, "tls_san_missing");
    /* without an S/MIME OID too (SBR 1.1 scope) */
    c = mk("smime-sponsored-multipurpose");
    set_ext(c, "extendedKeyUsage", "emailProtection,serverAuth");
    cg_ext_remove(c, "certificatePolicies");
    lint_opts(c, NULL, false, ids, sizeof ids);
    cr_expect(view->smime.subscriber && view->tls.subscriber);
    HAS(ids, "smime_policy_reserved_oid_missing");
    HAS(ids, "tls_eku_invalid");
}

/* ---- the guess ----------------------------------------------------------- */

static cg_cert *without_policy(const char *preset)
{
    cg_cert *c = mk(preset);
    cg_ext_remove(c, "certificatePolicies");
    return c;
}

static void expect_guess(cg_cert *c, const char *as_of, uint8_t type, uint8_t gen, const char *what)
{
    char ids[4096];
    lint_opts(c, as_of, true, ids, sizeof ids);
    cr_expect(view->smime.profile_guessed, "%s: not guessed", what);
    cr_expect_eq(view->smime.type, type, "%s: type %u", what, view->smime.type);
    cr_expect_eq(view->smime.generation, gen, "%s: generation %u", what, view->smime.generation);
}

/* pkilint's type heuristic, on the presets of each type. */
Test(guess, type_from_the_subject)
{
    static const struct { const char *preset; uint8_t type; } p[] = {
        { "smime-mailbox-strict", CS_SMIME_MAILBOX },
        { "smime-organization-strict", CS_SMIME_ORGANIZATION },
        { "smime-sponsored-strict", CS_SMIME_SPONSORED },
        { "smime-individual-strict", CS_SMIME_INDIVIDUAL },
    };
    for (size_t i = 0; i < 4; i++)
        expect_guess(without_policy(p[i].preset), NULL, p[i].type, CS_SMIME_STRICT, p[i].preset);
    /* O with a CN that is neither O nor a mailbox: Sponsored */
    cg_cert *c = without_policy("smime-organization-strict");
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "CN", "Bob Jones", 0);
    expect_guess(c, NULL, CS_SMIME_SPONSORED, CS_SMIME_STRICT, "O + personal CN");
    /* ... a mailbox CN (even as BMPString) keeps it Organization */
    c = without_policy("smime-organization-strict");
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "CN", "sales@example.com", 30);
    expect_guess(c, NULL, CS_SMIME_ORGANIZATION, CS_SMIME_STRICT, "O + mailbox CN");
}

Test(guess, generation_from_the_extensions)
{
    cg_cert *c = without_policy("smime-mailbox-strict");
    set_ext(c, "extendedKeyUsage", "emailProtection,clientAuth");
    expect_guess(c, NULL, CS_SMIME_MAILBOX, CS_SMIME_MULTIPURPOSE, "extra EKU");
    c = without_policy("smime-mailbox-strict");
    set_ext(c, "keyUsage", "digitalSignature,keyEncipherment,dataEncipherment");
    expect_guess(c, NULL, CS_SMIME_MAILBOX, CS_SMIME_MULTIPURPOSE, "dataEncipherment");
    c = without_policy("smime-mailbox-strict");
    set_ext(c, "subjectAltName", "email:alice@example.com,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice@example.com");
    expect_guess(c, NULL, CS_SMIME_MAILBOX, CS_SMIME_MULTIPURPOSE, "UPN otherName");

    /* Legacy-only features, before the Legacy sunset of 2025-07-15 */
    static const char *const legacy_why[] = { "ldap CRL", "1000 days", "subjectDirectoryAttributes" };
    for (int k = 0; k < 3; k++) {
        c = without_policy("smime-mailbox-strict");
        cg_set_not_before(c, "2025-03-01T00:00:00Z");
        if (k == 0)
            set_ext(c, "crlDistributionPoints", "URI:http://crl.example.com/a.crl,URI:ldap://crl.example.com/cn=a");
        if (k == 1)
            cg_set_validity_seconds(c, 1000 * 86400);
        if (k == 2) {
            uint8_t sda[32];
            size_t n = cg_hex("30 0d 30 0b 06 03 55 04 0c 31 04 13 02 43 54", sda, sizeof sda);
            cg_ext_set_der(c, "2.5.29.9", false, sda, n);
        }
        expect_guess(c, NULL, CS_SMIME_MAILBOX, CS_SMIME_LEGACY, legacy_why[k]);
    }
    /* ... after the sunset no CA may issue Legacy: Multipurpose, whose
     * rules then report what only Legacy allowed */
    c = without_policy("smime-mailbox-strict");
    set_ext(c, "crlDistributionPoints", "URI:ldap://crl.example.com/cn=a");
    expect_guess(c, NULL, CS_SMIME_MAILBOX, CS_SMIME_MULTIPURPOSE, "ldap CRL after the sunset");
    char ids[4096];
    c = without_policy("smime-mailbox-strict");
    set_ext(c, "crlDistributionPoints", "URI:ldap://crl.example.com/cn=a");
    lint_opts(c, NULL, true, ids, sizeof ids);
    HAS(ids, "smime_crldp_non_http_scheme");
    HAS_NOT(ids, "smime_legacy_generation_after_sunset");
    /* the sunset is taken at the as-of date when there is one */
    c = without_policy("smime-mailbox-strict");
    cg_set_not_before(c, "2025-03-01T00:00:00Z");
    set_ext(c, "crlDistributionPoints", "URI:ldap://crl.example.com/cn=a");
    expect_guess(c, "2026-01-01", CS_SMIME_MAILBOX, CS_SMIME_MULTIPURPOSE, "as of 2026");
}

Test(guess, only_without_a_reserved_oid_and_only_when_asked)
{
    char ids[4096];
    /* a reserved OID's profile is never replaced */
    cg_cert *c = mk("smime-organization-legacy");
    set_ext(c, "extendedKeyUsage", "emailProtection");
    lint_opts(c, NULL, true, ids, sizeof ids);
    cr_expect_not(view->smime.profile_guessed);
    cr_expect_eq(view->smime.type, CS_SMIME_ORGANIZATION);
    cr_expect_eq(view->smime.generation, CS_SMIME_LEGACY);
    /* off: no profile */
    lint_opts(without_policy("smime-individual-strict"), NULL, false, ids, sizeof ids);
    cr_expect_not(view->smime.profile_guessed);
    cr_expect_eq(view->smime.type, CS_SMIME_TYPE_NONE);
    HAS_NOT(ids, "smime_subject_personal_name_missing");
    /* out of S/MIME scope: nothing to guess */
    lint_opts(mk("tls-ov"), NULL, true, ids, sizeof ids);
    cr_expect_not(view->smime.profile_guessed);
    cr_expect_eq(view->smime.type, CS_SMIME_TYPE_NONE);
}

/* The same view linted with and then without guessing: cs_lint clears
 * what an earlier lint guessed. */
Test(guess, cleared_by_a_later_lint_without_it)
{
    char ids[4096];
    lint_opts(without_policy("smime-sponsored-strict"), NULL, true, ids, sizeof ids);
    cr_assert(view->smime.profile_guessed);
    char err[256];
    cs_ruleset *rs = cs_ruleset_new("smime", err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    cs_lint(rs, view, result);
    cr_expect_not(view->smime.profile_guessed);
    cr_expect_eq(view->smime.type, CS_SMIME_TYPE_NONE);
    cr_expect_eq(view->smime.generation, CS_SMIME_GEN_NONE);
    cs_ruleset_free(rs);
}

/* With the guess, the profile rules see the certificate: here a
 * Sponsored-shaped subject without any personal name. */
Test(guess, profile_rules_run)
{
    cg_cert *c = without_policy("smime-sponsored-strict");
    cg_subject_remove(c, "GN");
    cg_subject_remove(c, "SN");
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "CN", "Alice Smith", 0);
    char ids[4096];
    lint_opts(c, NULL, true, ids, sizeof ids);
    cr_expect_eq(view->smime.type, CS_SMIME_SPONSORED);
    HAS(ids, "smime_subject_personal_name_missing");
    HAS(ids, "smime_policy_reserved_oid_missing");
}

/* ---- --as-of --------------------------------------------------------------- */

Test(as_of, gates_the_effective_windows)
{
    char ids[4096];
    /* 300 days from 2025-09-01: fine under the 398-day rule in force then */
    cg_cert *c = mk("tls-dv");
    cg_set_validity_seconds(c, 300 * 86400);
    lint_opts(c, NULL, false, ids, sizeof ids);
    cr_expect(view->rules_time_valid && view->rules_time == view->not_before.t);
    HAS_NOT(ids, "tls_validity_over_398_days");
    HAS_NOT(ids, "tls_validity_over_200_days");
    /* the rules in force on 2026-06-01: 200 days */
    c = mk("tls-dv");
    cg_set_validity_seconds(c, 300 * 86400);
    lint_opts(c, "2026-06-01", false, ids, sizeof ids);
    int64_t t;
    cr_assert(cs_parse_date("2026-06-01", &t));
    cr_expect(view->rules_time_valid && view->rules_time == t);
    HAS(ids, "tls_validity_over_200_days");
    /* and the S/MIME Legacy sunset, not yet in force at the notBefore */
    lint_opts(mk("smime-mailbox-legacy"), NULL, false, ids, sizeof ids);
    HAS_NOT(ids, "smime_legacy_generation_after_sunset");
    lint_opts(mk("smime-mailbox-legacy"), "2025-07-15", false, ids, sizeof ids);
    HAS(ids, "smime_legacy_generation_after_sunset");
    /* rules no longer in force at the date do not run */
    c = mk("smime-mailbox-strict");
    cg_set_not_before(c, "2023-01-01T00:00:00Z");
    lint_opts(c, NULL, false, ids, sizeof ids);
    HAS(ids, "smime_issued_before_br_effective");
    c = mk("smime-mailbox-strict");
    cg_set_not_before(c, "2023-01-01T00:00:00Z");
    lint_opts(c, "2025-01-01", false, ids, sizeof ids);
    HAS_NOT(ids, "smime_issued_before_br_effective");
}

/* Requirements that changed inside a rule's window follow the as-of date. */
Test(as_of, dates_inside_rules)
{
    char ids[4096];
    /* SHA-1 for a CA certificate: tolerated when issued before 2026-09-15 */
    cg_cert *c = mk("tls-ca");
    cr_assert(cg_set_issuer_key(c, "rsa2048"));
    cr_assert(cg_set_signature(c, "sha1"));
    lint_opts(c, NULL, false, ids, sizeof ids);
    HAS_NOT(ids, "tls_sigalg_encoding");
    c = mk("tls-ca");
    cr_assert(cg_set_issuer_key(c, "rsa2048"));
    cr_assert(cg_set_signature(c, "sha1"));
    lint_opts(c, "2026-09-15", false, ids, sizeof ids);
    HAS(ids, "tls_sigalg_encoding");
    /* a Reserved IP Address expiring by 2015-11-01: allowed under BR 1.0 only */
    c = mk("tls-dv");
    cg_set_not_before(c, "2014-06-01T00:00:00Z");
    cg_set_not_after(c, "2015-06-01T00:00:00Z");
    set_ext(c, "subjectAltName", "DNS:www.example.com,IP:10.0.0.1");
    lint_opts(c, NULL, false, ids, sizeof ids);
    HAS_NOT(ids, "tls_san_reserved_ip");
    c = mk("tls-dv");
    cg_set_not_before(c, "2014-06-01T00:00:00Z");
    cg_set_not_after(c, "2015-06-01T00:00:00Z");
    set_ext(c, "subjectAltName", "DNS:www.example.com,IP:10.0.0.1");
    lint_opts(c, "2020-01-01", false, ids, sizeof ids);
    HAS(ids, "tls_san_reserved_ip");
    /* S/MIME ML-DSA keys: allowed from 2025-08-22 (SMC013) */
    for (int k = 0; k < 2; k++) {
        c = mk("smime-mailbox-strict");
        cg_set_not_before(c, "2025-08-01T00:00:00Z");
        cr_assert(cg_set_key(c, "ml-dsa-44"));
        set_ext(c, "keyUsage", "digitalSignature");
        lint_opts(c, k ? "2025-09-01" : NULL, false, ids, sizeof ids);
        cr_expect_eq(has(ids, "smime_spki_algid_not_allowed"), k == 0, "as of %s:%s", k ? "2025-09-01" : "-", ids);
        cr_expect_eq(has(ids, "smime_pqc_key_before_smc013"), k == 0, "as of %s:%s", k ? "2025-09-01" : "-", ids);
    }
}

Test(as_of, date_syntax)
{
    int64_t t;
    cr_expect(cs_parse_date("2024-02-29", &t));
    cr_expect_eq(t, INT64_C(1709164800));
    cr_expect(cs_parse_date("2000-02-29", &t));
    static const char *const bad[] = { "2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10",
                                       "2023-9-01", " 2023-09-01", "2023-09-01x", "2023/09/01", "1949-12-31",
                                       "+2023-09-1", "", "20230901" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(cs_parse_date(bad[i], &t), "%s accepted", bad[i]);
}
