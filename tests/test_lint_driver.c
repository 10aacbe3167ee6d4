/* The rule driver (lint/lint.c) gates rules by groups of one applies()
 * function each (cs_ruleset_groups): it must give exactly what the plain
 * per-rule loop gives (date gate, applies(), check, in rule order) for
 * every rule of the registry, on certificates of every profile, at their
 * own dates and at an as-of date, with a partial rule selection too. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
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
                    guess = { .smime_guess = true, .tls_scope_zlint = true };
    for (size_t p = 0; p < sizeof profiles / sizeof profiles[0]; p++)
        for (int broken = 0; broken < 2; broken++) {
            lint_both(NULL, &plain, profiles[p], broken);
            lint_both(NULL, &as_of, profiles[p], broken);
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
