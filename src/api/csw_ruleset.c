/* Public API: version, severities, rule sets and their metadata. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api_internal.h"

/* The public enum mirrors the internal one so that values pass through. */
_Static_assert((int)CSW_SEV_NOTICE == (int)CS_SEV_NOTICE && (int)CSW_SEV_WARNING == (int)CS_SEV_WARNING &&
                   (int)CSW_SEV_ERROR == (int)CS_SEV_ERROR,
               "public and internal severities differ");

const char *csw_version(void) { return CS_VERSION; }

const char *csw_severity_name(csw_severity s)
{
    switch (s) {
    case CSW_SEV_NOTICE:
    case CSW_SEV_WARNING:
    case CSW_SEV_ERROR:
        return cs_severity_name((cs_severity)s);
    }
    return "?";
}

void csw_set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

void csw_free(void *p) { free(p); }

csw_ruleset *csw_ruleset_open(const char *selection, char *err, size_t errlen)
{
    return csw_ruleset_open_ex(selection, NULL, 0, err, errlen);
}

csw_ruleset *csw_ruleset_open_ex(const char *selection, const char *as_of, unsigned options, char *err,
                                 size_t errlen)
{
    const unsigned known = CSW_RULES_SMIME_GUESS | CSW_RULES_TLS_SCOPE_ZLINT | CSW_RULES_VERIFY_SIGNATURES;
    cs_lint_options opt = { .smime_guess = options & CSW_RULES_SMIME_GUESS,
                            .tls_scope_zlint = options & CSW_RULES_TLS_SCOPE_ZLINT,
                            .verify_signatures = options & CSW_RULES_VERIFY_SIGNATURES };
    if (options & ~known) {
        csw_set_err(err, errlen, "unknown rule set option %#x", options & ~known);
        return NULL;
    }
    if (as_of) {
        if (!cs_parse_date(as_of, &opt.as_of)) {
            csw_set_err(err, errlen, "as-of date '%.32s' is not a YYYY-MM-DD date", as_of);
            return NULL;
        }
        opt.as_of_set = true;
    }
    char msg[512] = "";
    cs_ruleset *rs = cs_ruleset_new(selection, msg, sizeof msg);
    if (!rs) {
        csw_set_err(err, errlen, "%s", msg[0] ? msg : "cannot open the rule set");
        return NULL;
    }
    cs_ruleset_set_options(rs, &opt);
    csw_ruleset *h = calloc(1, sizeof *h);
    size_t n = cs_ruleset_count(rs);
    csw_rule *rules = calloc(n ? n : 1, sizeof *rules);
    if (!h || !rules) {
        free(h);
        free(rules);
        cs_ruleset_free(rs);
        csw_set_err(err, errlen, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const cs_rule *r = cs_ruleset_rule(rs, i);
        rules[i] = (csw_rule){
            .id = r->id,
            .severity = (csw_severity)r->severity,
            .source = cs_source_name(r->source),
            .citation = r->citation,
            .effective = r->effective,
            .ineffective = r->ineffective,
            .description = r->description,
            .applies_to = r->applies_to,
        };
    }
    h->rs = rs;
    h->n = n;
    h->rules = rules;
    return h;
}

void csw_ruleset_close(csw_ruleset *h)
{
    if (!h)
        return;
    cs_ruleset_free(h->rs);
    free(h->rules);
    free(h);
}

size_t csw_rule_count(const csw_ruleset *h) { return h ? h->n : 0; }

const csw_rule *csw_rule_info(const csw_ruleset *h, size_t i)
{
    return h && i < h->n ? &h->rules[i] : NULL;
}
