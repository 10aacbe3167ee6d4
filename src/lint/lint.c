/* The per-certificate driver: gate each rule on applicability (one call
 * per distinct applies() function, cs_rule_groups; the S/MIME rules' only
 * in S/MIME scope) and on its effective window (one look-up of the date,
 * cs_ruleset_in_force), run it, collect findings in rule order.  The
 * rules share what they compute about the certificate (cert_facts.h). */
#include <string.h>

#include "lint/cert_facts.h"
#include "lint/ruleset.h"

void cs_lint(const cs_ruleset *rs, cs_cert *c, cs_lint_result *out)
{
    size_t n = cs_ruleset_count(rs);
    out->n_findings = 0;
    out->worst = CS_SEV_NOTICE;
    memset(out->applicable, 0, (n + 63) / 64 * sizeof out->applicable[0]);

    /* The rules in force at the as-of date, or at the notBefore.  An
     * undecodable notBefore cannot be gated: without an as-of date such a
     * certificate is linted by every rule (the time rules report the bad
     * time itself). */
    const cs_lint_options *opt = cs_ruleset_options(rs);
    c->rules_time_valid = opt->as_of_set || c->not_before.valid;
    c->rules_time = opt->as_of_set ? opt->as_of : c->not_before.t;
    cs_cert_set_smime_guess(c, opt->smime_guess);
    cs_cert_set_tls_scope(c, opt->tls_scope_zlint);
    c->verify_signature = opt->verify_signatures;
    bool dated = c->rules_time_valid;
    int64_t issued = c->rules_time;

    /* The rules in force at that date whose applies() holds, from one
     * call per distinct function, S/MIME rules' only in S/MIME scope. */
    uint64_t candidates[CS_MAX_RULES / 64] = { 0 };
    size_t words = (n + 63) / 64;
    const cs_rule_groups *groups = cs_ruleset_groups(rs);
    size_t n_groups = cs_lint_smime_scope(c) ? groups->n : groups->n_any;
    for (size_t g = 0; g < n_groups; g++)
        if (!groups->applies[g] || groups->applies[g](c))
            for (size_t w = groups->first_word[g]; w < groups->end_word[g]; w++)
                candidates[w] |= groups->rules[g][w];
    if (dated) {
        const uint64_t *in_force = cs_ruleset_in_force(rs, issued);
        for (size_t w = 0; w < words; w++)
            candidates[w] &= in_force[w];
    }

    cs_cert_facts_open(c);
    const cs_rule_slot *slot = cs_ruleset_slots(rs);
    for (size_t w = 0; w < words; w++)
        for (uint64_t word = candidates[w]; word; word &= word - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(word);
            const cs_rule_slot *r = &slot[i];
            cs_finding *f = &out->findings[out->n_findings];
            f->detail.text[0] = '\0';
            cs_result res = r->check(c, &f->detail);
            if (res == CS_NA)
                continue;
            out->applicable[i / 64] |= UINT64_C(1) << (i % 64);
            if (res == CS_FAIL) {
                cs_severity sev = r->rule->severity;
                f->rule = (uint16_t)i;
                f->severity = (uint8_t)sev;
                if (out->n_findings == 0 || sev > out->worst)
                    out->worst = (uint8_t)sev;
                out->n_findings++;
            }
        }
    cs_cert_facts_close();
}
