/* libFuzzer target over the rules: the input is parsed as a Certificate
 * (or, failing that, as a bare TBSCertificate), linted with the full rule
 * set, and its findings line rendered, which must be one valid JSON value
 * in valid UTF-8 whatever bytes the certificate holds.  cs_lint() skips
 * rules outside their effective window, so every rule that applies also
 * runs once ungated: no rule may crash on any parsable view.  Then all of
 * it again with an issuing CA known (a second view of the same bytes, as
 * the worker's issuer cache would hold), for the issuer-aware rules, and
 * with a rule set evaluated as of a fixed date that guesses S/MIME
 * profiles (every profile rule on every S/MIME-shaped view).
 * Random bytes seldom parse: seed with ../shared/corpus/real. */
#include "fuzz.h"

#include "../tests/test_api_jsoncheck.h"
#include "lint/findings_json.h"

static void lint_view(const cs_ruleset *rules, cs_cert *cert, cs_lint_result *result, cs_json_buf *line)
{
    size_t n = cs_ruleset_count(rules);
    /* cs_lint first: it completes the view (rules time, guessed profile). */
    cs_lint(rules, cert, result);
    for (size_t i = 0; i < n; i++) {
        const cs_rule *r = cs_ruleset_rule(rules, i);
        cs_detail d = { { 0 } };
        if (!r->applies || r->applies(cert))
            (void)r->check(cert, &d);
        FUZZ_CHECK(memchr(d.text, '\0', sizeof d.text) != NULL);
    }
    FUZZ_CHECK(result->n_findings <= n);
    for (size_t i = 0; i < result->n_findings; i++)
        FUZZ_CHECK(result->findings[i].rule < n);
    cs_findings_origin o = { .input = "fuzz", .offset = 0, .line = -1, .ct_index = -1 };
    cs_json_buf_reset(line);
    FUZZ_CHECK(cs_findings_json(line, cert, result, rules, &o));
    FUZZ_CHECK(line->len > 0 && line->data[line->len - 1] == '\n');
    FUZZ_CHECK(json_valid(line->data, line->len - 1));
}

int cs_fuzz_lint(const uint8_t *data, size_t size)
{
    static cs_ruleset *rules, *guessing;
    static cs_lint_result *result;
    static cs_cert cert, issuer;
    static cs_json_buf line;
    if (!rules) {
        char err[256];
        rules = cs_ruleset_new(NULL, err, sizeof err);
        guessing = cs_ruleset_new(NULL, err, sizeof err);
        result = malloc(sizeof *result);
        FUZZ_CHECK(rules && guessing && result);
        cs_lint_options o = { .as_of_set = true, .smime_guess = true };
        FUZZ_CHECK(cs_parse_date("2030-01-01", &o.as_of));
        cs_ruleset_set_options(guessing, &o);
    }
    uint8_t *der = fuzz_copy(data, size);
    cs_parse_error perr;
    if (cs_cert_parse(&cert, der, size, &perr) || cs_tbs_parse(&cert, der, size, &perr)) {
        cert.issuer_cert = NULL;
        lint_view(rules, &cert, result, &line);
        lint_view(guessing, &cert, result, &line);
        if (cs_cert_parse(&issuer, der, size, &perr)) {
            cert.issuer_cert = &issuer;
            lint_view(rules, &cert, result, &line);
        }
    }
    free(der);
    return 0;
}

#ifndef CS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return cs_fuzz_lint(data, size);
}
#endif
