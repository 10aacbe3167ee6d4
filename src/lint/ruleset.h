/* The rule registry and the per-certificate driver.
 *
 * cs_ruleset is an immutable, selected, ordered set of rules (sorted by id),
 * shared read-only by all worker threads.  cs_lint() runs every selected
 * rule on one certificate view. */
#ifndef CS_LINT_RULESET_H
#define CS_LINT_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/rule.h"

/* Every registered rule, sorted by id (generated table). */
size_t cs_registry_count(void);
const cs_rule *cs_registry_get(size_t i);

typedef struct cs_ruleset cs_ruleset;

/* Selection: a comma-separated list of sources ("smime") and rule ids;
 * NULL or "" or "all" selects everything.  A leading '-' on an item
 * removes it ("all,-rfc5280_serial_zero").  Unknown names are an error:
 * returns NULL and writes a message naming them into err. */
cs_ruleset *cs_ruleset_new(const char *selection, char *err, size_t err_size);
void cs_ruleset_free(cs_ruleset *rs);

size_t cs_ruleset_count(const cs_ruleset *rs);
const cs_rule *cs_ruleset_rule(const cs_ruleset *rs, size_t i);
/* Index of a rule id in the set, or -1. */
long cs_ruleset_find(const cs_ruleset *rs, const char *id);
/* How the rules of a set are evaluated; the same for every certificate
 * linted with it.  All off by default. */
typedef struct cs_lint_options {
    /* Evaluate the rules in force at as_of (00:00:00Z of a day, seconds
     * since the epoch) instead of at each certificate's notBefore: it
     * gates the effective windows and is the view's rules_time. */
    bool as_of_set;
    int64_t as_of;
    /* Give S/MIME certificates without a reserved policy OID a guessed
     * profile (cs_cert_set_smime_guess), so the profile rules run too. */
    bool smime_guess;
    /* TLS subscriber scope as zlint's CABF_BR lints see it: every
     * certificate that is not a CA (cs_cert_set_tls_scope). */
    bool tls_scope_zlint;
    /* Verify each certificate's signature under its issuer's key when the
     * issuer is known (the *_signature_invalid rules apply only then). */
    bool verify_signatures;
    /* Not a rule option: the tallies made for this set (cs_tally_new)
     * keep no RSA moduli in their corpus collectors (cs_corpus_new_ex),
     * for a scan that runs no batch GCD and writes no state file. */
    bool corpus_without_moduli;
} cs_lint_options;

/* Sets the options; call before the set is shared between threads. */
void cs_ruleset_set_options(cs_ruleset *rs, const cs_lint_options *o);
const cs_lint_options *cs_ruleset_options(const cs_ruleset *rs);

/* Effective / ineffective dates as seconds since the epoch (INT64_MIN / INT64_MAX when open). */
int64_t cs_ruleset_effective(const cs_ruleset *rs, size_t i);
int64_t cs_ruleset_ineffective(const cs_ruleset *rs, size_t i);

/* What the driver reads for each rule of each certificate, copied out of
 * the rule into one array so that its loop streams through memory
 * instead of chasing a pointer and calling accessors per rule. */
typedef struct cs_rule_slot {
    bool (*applies)(const cs_cert *c);
    cs_result (*check)(const cs_cert *c, cs_detail *d);
    int64_t effective, ineffective; /* as cs_ruleset_effective / _ineffective */
    const cs_rule *rule;
} cs_rule_slot;

/* The cs_ruleset_count() slots, in ruleset order. */
const cs_rule_slot *cs_ruleset_slots(const cs_ruleset *rs);

typedef struct cs_finding {
    uint16_t rule;        /* index in the ruleset */
    uint8_t severity;     /* cs_severity */
    cs_detail detail;
} cs_finding;

/* Upper bound on rules in one set; one finding per rule at most. */
#define CS_MAX_RULES 1024
#define CS_MAX_FINDINGS CS_MAX_RULES

/* The rules grouped by their applies() function (NULL: every certificate),
 * as masks over ruleset indices: the driver calls each distinct function
 * once a certificate and visits only the rules of the groups that apply,
 * instead of a call and a branch, mispredicted as kinds of certificates
 * alternate, for every rule. */
typedef struct cs_rule_groups {
    size_t n;
    /* Groups [0, n_any) are asked about every certificate; the rest,
     * groups of S/MIME BR rules only, about those in S/MIME scope
     * (cs_lint_smime_scope): most certificates are not, and 89 of the
     * 158 functions are theirs. */
    size_t n_any;
    bool (*applies[CS_MAX_RULES])(const cs_cert *c); /* of group g (side by side: read for every certificate) */
    uint64_t rules[CS_MAX_RULES][CS_MAX_RULES / 64]; /* rules of group g (read when it applies) */
    /* The words of rules[g] that hold its rules: [first_word, end_word).
     * Most groups' rules are of one family, which sorts together by id:
     * one or two words of six. */
    uint8_t first_word[CS_MAX_RULES], end_word[CS_MAX_RULES];
} cs_rule_groups;

/* The groups: those asked about every certificate, then those of the
 * S/MIME rules, each part in order of their first rule. */
const cs_rule_groups *cs_ruleset_groups(const cs_ruleset *rs);

/* In S/MIME scope as the S/MIME BR rules see it: an S/MIME subscriber or
 * issuing CA, or a certificate asserting a policy OID of the S/MIME BR
 * arc (cs_cert_classify).  The applies() of every S/MIME rule holds only
 * for such a certificate: a rule for others belongs to another source
 * (tests/test_lint_driver.c holds every rule to it). */
static inline bool cs_lint_smime_scope(const cs_cert *c)
{
    return c->smime.subscriber || c->smime.issuing_ca || c->smime.reserved_oid || c->smime.undefined_oid;
}

/* The rules in force, as masks over ruleset indices, for each span of
 * dates between the set's effective and ineffective dates: the driver
 * looks up a certificate's rules_time once instead of testing, with a
 * branch mispredicted as dates alternate, each rule's window. */
typedef struct cs_rule_windows {
    size_t n;                                       /* spans: at least 1 */
    int64_t start[2 * CS_MAX_RULES + 1];            /* span k: start[k] <= t < start[k + 1]; start[0] = INT64_MIN */
    uint64_t in_force[2 * CS_MAX_RULES + 1][CS_MAX_RULES / 64];
} cs_rule_windows;

/* The mask of the rules in force at t (rules_time): effective <= t < ineffective. */
const uint64_t *cs_ruleset_in_force(const cs_ruleset *rs, int64_t t);

/* The outcome of linting one certificate.  `applicable` has one bit per
 * rule in the set: the rule applied and was in effect (the denominator of
 * per-rule rates).  Findings are in ruleset order. */
typedef struct cs_lint_result {
    uint16_t n_findings;
    uint8_t worst;        /* highest severity among findings; meaningful when n_findings > 0 */
    uint64_t applicable[CS_MAX_RULES / 64];
    cs_finding findings[CS_MAX_FINDINGS];
} cs_lint_result;

static inline bool cs_lint_applicable(const cs_lint_result *r, size_t rule)
{
    return (r->applicable[rule / 64] >> (rule % 64)) & 1u;
}

/* Runs every rule of the set on one view.  The result is large (keep one
 * per worker, on the heap).  Before the rules run it completes the view
 * with what depends on the set's options: rules_time (the as-of date or
 * the notBefore) and the guessed S/MIME profile (set or cleared), so the
 * view then describes how it was linted (findings JSON, tallies). */
void cs_lint(const cs_ruleset *rs, cs_cert *c, cs_lint_result *out);

/* "2023-09-01" -> seconds since the epoch (00:00:00Z); false unless
 * exactly YYYY-MM-DD naming a real day from 1950 to 9999. */
bool cs_parse_date(const char *ymd, int64_t *out);

#endif
