/* One rule = metadata + one check function over the certificate view.
 *
 * A rule file defines its rule with CS_RULE(id) = { ... };  The build scans
 * rules/ for CS_RULE( and generates the registry table (rules/gen-registry.sh),
 * so adding a rule is adding a file: no table to edit.
 *
 *   static bool applies(const cs_cert *c) { return c->smime.subscriber; }
 *   static cs_result check(const cs_cert *c, cs_detail *d)
 *   {
 *       if (!c->ku.present) return cs_fail(d, "keyUsage extension absent");
 *       return CS_PASS;
 *   }
 *   CS_RULE(smime_ku_missing) = {
 *       .id = "smime_ku_missing", .severity = CS_SEV_ERROR, .source = CS_SOURCE_SMIME,
 *       .citation = "SBR 7.1.2.3(e)", .effective = "2023-09-01",
 *       .description = "keyUsage extension is absent",
 *       .applies_to = "S/MIME subscriber certificates",
 *       .applies = applies, .check = check,
 *   };
 *
 * The driver gates on applies() and on the effective window (at the
 * notBefore, or the ruleset's as-of date: c->rules_time), so check() only
 * sees certificates the rule is in force for; a date inside a check is
 * compared with c->rules_time.  The applies() of an S/MIME rule
 * (CS_SOURCE_SMIME) is asked only about certificates in S/MIME scope
 * (cs_lint_smime_scope, lint/ruleset.h): it must not hold outside it.  Checks are
 * pure functions: no mutable globals (constant tables built once with
 * pthread_once are fine), nothing allocated that outlives the call,
 * thread-safe. */
#ifndef CS_LINT_RULE_H
#define CS_LINT_RULE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "x509/cert.h"

typedef enum cs_severity {
    CS_SEV_NOTICE = 0,
    CS_SEV_WARNING = 1,
    CS_SEV_ERROR = 2,
} cs_severity;

typedef enum cs_result {
    CS_PASS = 0,
    CS_FAIL = 1,
    CS_NA = 2, /* not applicable (decided inside check) */
    CS_NE = 3, /* not effective (set by the driver only) */
} cs_result;

typedef enum cs_source {
    CS_SOURCE_SMIME = 0,   /* CA/B Forum S/MIME Baseline Requirements */
    CS_SOURCE_TLS = 1,     /* CA/B Forum TLS Baseline Requirements */
    CS_SOURCE_RFC5280 = 2, /* RFC 5280 and the X.690 DER rules it relies on */
    CS_SOURCE_COUNT
} cs_source;

#define CS_DETAIL_MAX 160

typedef struct cs_detail {
    char text[CS_DETAIL_MAX];
} cs_detail;

typedef struct cs_rule {
    const char *id;            /* stable: smime_*, tls_*, rfc5280_* */
    cs_severity severity;
    cs_source source;
    const char *citation;      /* "SBR 7.1.2.3(e)", "BR 7.1.2.7.6", "RFC 5280 4.2.1.9" */
    const char *effective;     /* "YYYY-MM-DD": applies when rules_time (notBefore or as-of) >= this; NULL = always */
    const char *ineffective;   /* "YYYY-MM-DD": no longer applies from this rules_time; NULL = never */
    const char *description;   /* one line; states the interpretation taken where the text is ambiguous */
    const char *applies_to;    /* one line, human readable */
    /* Peer linters checking the same requirement, for differential testing
     * and for users coming from them: comma-separated names, NULL = none.
     * zlint lint names ("e_sub_cert_eku_missing"), pkilint finding codes
     * ("smime.mailbox_address_shall_contain_an_rfc822_name"). */
    const char *zlint;
    const char *pkilint;
    bool (*applies)(const cs_cert *c);
    cs_result (*check)(const cs_cert *c, cs_detail *d);
} cs_rule;

#define CS_RULE(name) const cs_rule cs_rule_##name

/* Helpers for check functions: write the detail and return CS_FAIL. */
cs_result cs_fail(cs_detail *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

const char *cs_severity_name(cs_severity s);   /* "error", "warning", "notice" */
const char *cs_source_name(cs_source s);       /* "smime", "tls", "rfc5280" */
const char *cs_source_title(cs_source s);      /* "CA/B Forum S/MIME BR v1.0.12", ... */

#endif
