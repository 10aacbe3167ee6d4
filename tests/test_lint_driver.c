/* The rule driver (lint/lint.c) gates rules by groups of one applies()
 * function each (cs_ruleset_groups): it must give exactly what the plain
 * per-rule loop gives (date gate, applies(), check, in rule order) for
 * every rule of the registry, on certificates of every profile, at their
 * own dates and at an as-of date, with a partial rule selection too. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "derw.h"
#include "lint/ruleset.h"

/* The definition: every rule in order (on a view cs_lint completed already). */
static void reference(const cs_ruleset *rs, cs_cert *c, cs_lint_result *out)
{
    size_t n = cs_ruleset_count(rs);
    const cs_rule_slot *slot = cs_ruleset_slots(rs);
    out->n_findings = 0;
    memset(out->applicable, 0, sizeof out->applicable);
    for (size_t i = 0; i < n; i++) {
        const cs_rule_slot *r = &slot[i];
        if (c->rules_time_valid && (c->rules_time < r->effective || c->rules_time >= r->ineffective))
            continue;
        if (r->applies && !r->applies(c))
            continue;
        cs_finding *f = &out->findings[out->n_findings];
        f->detail.text[0] = '\0';
        cs_result res = r->check(c, &f->detail);
        if (res == CS_NA)
            continue;
        out->applicable[i / 64] |= UINT64_C(1) << (i % 64);
        if (res == CS_FAIL) {
            f->rule = (uint16_t)i;
            f->severity = (uint8_t)r->rule->severity;
            out->n_findings++;
        }
    }
}

static void same(const cs_lint_result *a, const cs_lint_result *b, size_t n_rules, const char *what)
{
    cr_assert_eq(a->n_findings, b->n_findings, "%s: %u findings, expected %u", what, a->n_findings, b->n_findings);
    for (size_t w = 0; w < (n_rules + 63) / 64; w++)
        cr_assert_eq(a->applicable[w], b->applicable[w], "%s: applicable rules %zu.. differ", what, w * 64);
    for (size_t k = 0; k < a->n_findings; k++) {
        cr_assert_eq(a->findings[k].rule, b->findings[k].rule, "%s: finding %zu", what, k);
        cr_assert_eq(a->findings[k].severity, b->findings[k].severity);
        cr_assert_str_eq(a->findings[k].detail.text, b->findings[k].detail.text);
    }
}

static void lint_both(const char *selection, const cs_lint_options *o, const char *profile, bool broken)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(selection, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    cs_ruleset_set_options(rs, o);
    cg_cert *g = cg_new(profile);
    cr_assert_not_null(g, "%s", profile);
    if (broken) { /* a few mistakes, so that rules fail too */
        cg_ext_remove(g, "authorityKeyIdentifier");
        cg_set_serial_hex(g, "00");
        cg_subject_add(g, "C", "XX", 0);
    }
    size_t len;
    uint8_t *der = cg_der(g, &len);
    cg_free(g);
    cr_assert_not_null(der);
    cs_cert *c = malloc(sizeof *c);
    cs_lint_result *got = malloc(sizeof *got), *want = malloc(sizeof *want);
    cs_parse_error perr;
    cr_assert(cs_cert_parse(c, der, len, &perr), "%s: %s", profile, perr.reason);
    cs_lint(rs, c, got);
    reference(rs, c, want);
    same(got, want, cs_ruleset_count(rs), profile);
    free(c);
    free(got);
    free(want);
    free(der);
    cs_ruleset_free(rs);
}

Test(lint_driver, same_results_as_the_per_rule_loop)
{
    static const char *profiles[] = { "tls-dv", "tls-ov", "tls-ev", "tls-iv", "tls-ca", "tls-precert-ca", "root",
                                      "smime-mailbox-strict", "smime-individual-legacy",
                                      "smime-organization-legacy", "smime-individual-strict" };
    cs_lint_options plain = { 0 }, as_of = { .as_of_set = true, .as_of = 1262304000 /* 2010-01-01 */ },
                    guess = { .smime_guess = true, .tls_scope_zlint = true },
                    recent = { .as_of_set = true, .as_of = 1693526400 /* 2023-09-01: S/MIME BR start */ };
    for (size_t p = 0; p < sizeof profiles / sizeof profiles[0]; p++)
        for (int broken = 0; broken < 2; broken++) {
            lint_both(NULL, &plain, profiles[p], broken);
            lint_both(NULL, &as_of, profiles[p], broken);
            lint_both(NULL, &recent, profiles[p], broken);
            lint_both(NULL, &guess, profiles[p], broken);
            lint_both("tls,-rfc5280", &plain, profiles[p], broken);
        }
}

Test(lint_driver, every_rule_is_in_one_group)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    size_t n = cs_ruleset_count(rs);
    const cs_rule_groups *g = cs_ruleset_groups(rs);
    size_t n_groups = g->n;
    cr_assert_gt(n_groups, 1);
    cr_assert_lt(n_groups, n, "rules share applies() functions");
    const cs_rule_slot *slot = cs_ruleset_slots(rs);
    for (size_t i = 0; i < n; i++) {
        size_t in = 0;
        for (size_t k = 0; k < n_groups; k++)
            if ((g->rules[k][i / 64] >> (i % 64)) & 1) {
                in++;
                cr_assert(g->applies[k] == slot[i].applies, "rule %zu in another function's group", i);
            }
        cr_assert_eq(in, 1, "rule %zu in %zu groups", i, in);
    }
    cs_ruleset_free(rs);
}

/* cs_ruleset_in_force: at each effective and ineffective date of the set,
 * a second before it and the extremes, exactly the rules whose window
 * holds the date. */
static void windows_match(const char *selection)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(selection, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    size_t n = cs_ruleset_count(rs);
    const cs_rule_slot *slot = cs_ruleset_slots(rs);
    int64_t dates[2 * CS_MAX_RULES * 2 + 4] = { INT64_MIN, INT64_MIN + 1, INT64_MAX, 0 };
    size_t n_dates = 4;
    for (size_t i = 0; i < n; i++) {
        int64_t e = slot[i].effective, x = slot[i].ineffective;
        if (e != INT64_MIN) {
            dates[n_dates++] = e;
            dates[n_dates++] = e - 1;
        }
        if (x != INT64_MAX) {
            dates[n_dates++] = x;
            dates[n_dates++] = x - 1;
        }
    }
    size_t in_windows = 0;
    for (size_t k = 0; k < n_dates; k++) {
        const uint64_t *mask = cs_ruleset_in_force(rs, dates[k]);
        for (size_t i = 0; i < n; i++) {
            bool want = slot[i].effective <= dates[k] && dates[k] < slot[i].ineffective;
            bool got = (mask[i / 64] >> (i % 64)) & 1;
            cr_assert_eq(got, want, "%s: rule %s at %lld", selection ? selection : "all", slot[i].rule->id,
                         (long long)dates[k]);
            in_windows += got;
        }
        for (size_t i = n; i < (n + 63) / 64 * 64; i++)
            cr_assert_not((mask[i / 64] >> (i % 64)) & 1, "no rule %zu in the set", i);
    }
    cr_assert_gt(in_windows, 0);
    cs_ruleset_free(rs);
}

Test(lint_driver, rules_in_force_at_every_boundary)
{
    windows_match(NULL);
    windows_match("smime");
    windows_match("tls,-rfc5280");
    windows_match("rfc5280_aia_sia_critical");
}

/* The driver asks the S/MIME rules' applies() only in S/MIME scope
 * (cs_lint_smime_scope): no S/MIME rule may apply outside it.  Every
 * preset, plain and with S/MIME and TLS markers added or taken away, with
 * and without the guessed profile and the zlint TLS scope. */
static void smime_rules_in_scope(const cs_ruleset *rs, cs_cert *c, const char *what)
{
    const cs_rule_slot *slot = cs_ruleset_slots(rs);
    for (size_t i = 0; i < cs_ruleset_count(rs); i++) {
        if (slot[i].rule->source != CS_SOURCE_SMIME)
            continue;
        cr_assert_not_null(slot[i].applies, "%s applies to every certificate", slot[i].rule->id);
        if (slot[i].applies(c))
            cr_assert(cs_lint_smime_scope(c), "%s applies to %s, not in S/MIME scope", slot[i].rule->id, what);
    }
}

/* certificatePolicies holding one policy OID (OpenSSL's config syntax
 * does not take them all). */
static void set_policy(cg_cert *c, const char *oid)
{
    cg_buf pi = { 0 }, list = { 0 }, value = { 0 };
    cr_assert(cg_der_oid(&pi, oid), "%s", oid);
    cg_der_wrap(&list, 0x30, &pi);
    cg_der_wrap(&value, 0x30, &list);
    cg_ext_set_der(c, "2.5.29.32", false, value.p, value.n);
    cg_buf_free(&value);
}

Test(lint_driver, smime_rules_apply_only_in_smime_scope)
{
    static const char *profiles[] = { "tls-dv", "tls-ov", "tls-ev", "tls-iv", "tls-ca", "tls-precert-ca", "root",
                                      "smime-ca", "smime-mailbox-strict", "smime-mailbox-legacy",
                                      "smime-individual-legacy", "smime-individual-multipurpose",
                                      "smime-organization-legacy", "smime-sponsored-strict",
                                      "smime-individual-strict" };
    static const struct {
        const char *ext, *value;
    } edits[] = {
        { NULL, NULL },
        { "extendedKeyUsage", "emailProtection" },
        { "extendedKeyUsage", "serverAuth,emailProtection" },
        { "extendedKeyUsage", "clientAuth" },
        { "subjectAltName", "email:a@example.com" },
        { "subjectAltName", "DNS:example.com,email:a@example.com" },
        { "certificatePolicies", "2.23.140.1.5.1.1" },
        { "certificatePolicies", "2.23.140.1.5.9.9" },
        { "certificatePolicies", "2.23.140.1.2.1" },
        { "basicConstraints", "critical,CA:TRUE" },
        { "basicConstraints", "critical,CA:FALSE" },
        { "keyUsage", "keyCertSign,cRLSign" },
    };
    cs_lint_options opts[] = { { 0 }, { .smime_guess = true, .tls_scope_zlint = true } };
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    const cs_rule_groups *g = cs_ruleset_groups(rs);
    cr_assert_gt(g->n_any, 0);
    cr_assert_lt(g->n_any, g->n, "the S/MIME rules' groups come last");
    cs_cert *c = malloc(sizeof *c);
    cs_lint_result *res = malloc(sizeof *res);
    size_t in_scope = 0, out_of_scope = 0;
    for (size_t p = 0; p < sizeof profiles / sizeof profiles[0]; p++)
        for (size_t e = 0; e < sizeof edits / sizeof edits[0]; e++) {
            cg_cert *b = cg_new(profiles[p]);
            cr_assert_not_null(b, "%s", profiles[p]);
            if (edits[e].ext && strcmp(edits[e].ext, "certificatePolicies") == 0)
                set_policy(b, edits[e].value);
            else if (edits[e].ext)
                cr_assert(cg_ext_set(b, edits[e].ext, false, edits[e].value), "%s", edits[e].value);
            size_t len;
            uint8_t *der = cg_der(b, &len);
            cg_free(b);
            cr_assert_not_null(der);
            cs_parse_error perr;
            cr_assert(cs_cert_parse(c, der, len, &perr), "%s: %s", profiles[p], perr.reason);
            for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++) {
                cs_ruleset_set_options(rs, &opts[o]);
                cs_lint(rs, c, res); /* completes the view as the driver sees it */
                char what[128];
                snprintf(what, sizeof what, "%s + %s %s (options %zu)", profiles[p], edits[e].ext ? edits[e].ext : "nothing",
                         edits[e].value ? edits[e].value : "", o);
                smime_rules_in_scope(rs, c, what);
                cs_lint_smime_scope(c) ? in_scope++ : out_of_scope++;
            }
            free(der);
        }
    cr_assert_gt(in_scope, 0);
    cr_assert_gt(out_of_scope, 0);
    free(c);
    free(res);
    cs_ruleset_free(rs);
}
