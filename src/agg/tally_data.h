/* The inside of a tally, for the report and state writers (src/report).
 *
 * Read-only outside src/agg: writers walk these structures, only tally.c
 * and the state reader change them.  Every string here was sanitized
 * (agg/text.h) when stored: valid UTF-8, no controls, no bidi, bounded. */
#ifndef CS_AGG_TALLY_DATA_H
#define CS_AGG_TALLY_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg/applicable_runs.h"
#include "agg/tally.h"
#include "lint/rule.h"

/* Example certificates kept per issuer and rule (the smallest SHA-256s). */
#define CS_TALLY_EXAMPLES 3

typedef struct cs_tally_example {
    uint8_t sha256[32];
    const char *detail;         /* the rule's failure detail; interned in the tally */
} cs_tally_example;

/* One rule's failures for one issuer; only rules that failed at least
 * once have an entry (sparse, sorted by rule index).  How often each rule
 * applied is in the issuer's dense `applicable` counts. */
typedef struct cs_tally_rulecount {
    uint16_t rule;              /* index into cs_tally.rules */
    uint8_t n_examples;
    uint64_t failed;            /* certificates that failed the rule */
    cs_tally_example *examples; /* n_examples entries, sorted by sha256 */
} cs_tally_rulecount;

/* Counts for one month of notBefore (sparse, sorted by month). */
typedef struct cs_tally_month {
    int32_t month;              /* year * 12 + (month - 1) */
    uint64_t certs, with_error, with_warning, with_notice;
} cs_tally_month;

typedef struct cs_tally_issuer {
    uint8_t key[32];            /* SHA-256 over (issuer DN DER, AKI keyid): the identity */
    char *dn, *o, *cn;          /* display text of the issuer name */
    char *aki;                  /* hex keyIdentifier ("" when absent) */
    uint64_t certs;             /* certificates and precertificates linted */
    uint64_t precerts;          /* of which precertificates */
    uint64_t with_error, with_warning, with_notice; /* with >= 1 finding of that severity */
    uint64_t undated;           /* notBefore could not be decoded */
    int64_t first_nb, last_nb;  /* over dated certificates (valid when certs > undated) */
    /* Certificates each rule applied to (and was in effect for): dense,
     * n_rules entries, 32-bit until a count would overflow, then 64-bit.
     * Both NULL until the issuer's first certificate.  The latest
     * certificates' counts may still be in `runs` (cs_tally_applicable
     * adds them). */
    uint32_t *app32;
    uint64_t *app64;
    cs_applicable_runs *runs;   /* NULL until the first certificate is added (not in state files) */
    size_t n_fails, cap_fails;
    cs_tally_rulecount *fails;
    size_t n_months, cap_months;
    cs_tally_month *months;
    size_t last_month;          /* index of the month counted last (a stream's issuer keeps to a few) */
    bool index_tried;           /* offered to the tally's issuer index (agg/issuer_index.h) once */
} cs_tally_issuer;

/* A copy of the rule metadata the tally was made with, so state files and
 * reports need no registry. */
typedef struct cs_tally_rule {
    char *id, *citation, *effective, *ineffective, *description, *applies_to;
    uint8_t severity;           /* cs_severity */
    uint8_t source;             /* cs_source */
} cs_tally_rule;

/* How a sharded scan (src/shard) cut one input into units (files of a
 * directory, members of an archive, or the whole file), the same in every
 * shard of a split, and what it found when it read them. */
typedef struct cs_tally_shard_plan {
    uint8_t planned[32];        /* SHA-256 over the units (name, size, mtime) as planned */
    uint8_t seen[32];           /* ... as found while scanning: differs when the input changed */
    uint64_t units, bytes;      /* all units of the input and their bytes, as planned */
    uint64_t own_units, own_bytes;   /* of which this shard's */
    uint64_t seen_units, seen_bytes; /* all units as found while scanning */
} cs_tally_shard_plan;
/* A CT log input: where it was read up to (the resume position,
 * docs/state-format.md) and how the last read of it went. */
typedef struct cs_tally_log {
    uint64_t tree_size;         /* the signed tree the entries were checked against */
    uint8_t root[32];
    uint64_t next;              /* entries [0, next) have been read (and counted) */
    uint32_t n_range;           /* the tree of entries [0, next): its perfect subtrees, */
    uint8_t range[64][32];      /* largest first (RFC 6962 logs; 0 when not kept) */
    /* The last read: entries, requests, retries, bytes, seconds. */
    uint64_t entries, requests, retries, bytes;
    double seconds;
    /* How it was fetched (this process's reads only, not in state files):
     * connections opened, HTTP version (cs_http_stats.version, 0 = unknown). */
    uint64_t connections;
    unsigned http_version;
} cs_tally_log;

/* The end of the per-certificate lines of a findings file: its length
 * there, and the SHA-256 of the (up to) CS_FINDINGS_TAIL bytes before it,
 * which tell that file from another. */
#define CS_FINDINGS_TAIL 4096
typedef struct cs_tally_findings_mark {
    uint64_t length;
    uint8_t tail_sha256[32];
} cs_tally_findings_mark;

typedef struct cs_tally_input {
    char *name;                 /* NULL until declared */
    char *incomplete_reason;    /* why it is not complete; NULL when it is or the reason is not known */
    bool finished, open_failed; /* finished: read to its end and every record counted */
    bool progress_set;          /* cs_tally_set_input_progress was called */
    uint64_t linted, failures;  /* records read = linted + failures */
    uint64_t bytes_read, total_bytes;
    /* Identity (agg/identity.h): what was read, so that a merge can tell
     * the same input given twice. */
    bool digest_set;
    uint64_t digest_bytes;      /* raw bytes the digest covers */
    uint8_t sha256[32];
    uint32_t shard_k, shard_n;  /* shard K of N (1-based); 0/0 = not sharded */
    cs_tally_shard_plan plan;   /* with shard_n: how the split cut this input */
    cs_tally_log *log;          /* CT log inputs only, else NULL */
} cs_tally_input;

/* Parse failures of one kind (the field and error, without positions). */
typedef struct cs_tally_failure_kind {
    char *kind;
    uint64_t count;
} cs_tally_failure_kind;

/* Distinct failure kinds kept; the rest are counted as "other". */
#define CS_TALLY_FAILURE_KINDS 64

/* One scan that contributed to the tally (agg/identity.h). */
typedef struct cs_tally_scan {
    uint8_t id[16];             /* random */
    int64_t started;            /* seconds since 1970, UTC */
    char version[32];           /* certsweep version that ran it */
} cs_tally_scan;

struct cs_tally {
    size_t n_rules;
    cs_tally_rule *rules;       /* sorted by id */
    char *source_titles[CS_SOURCE_COUNT];
    /* How the rules were evaluated (the rule set's cs_lint_options), and
     * how many certificates were linted with a guessed S/MIME profile. */
    cs_lint_options lint;
    uint64_t smime_guessed;
    bool partial;
    size_t n_inputs;
    cs_tally_input *inputs;
    size_t n_failure_kinds;     /* in first-seen order: sort before writing */
    cs_tally_failure_kind *failure_kinds;

    size_t n_scans;             /* the scans merged into this tally, in order */
    cs_tally_scan *scans;
    size_t n_issuers, cap_issuers;
    cs_tally_issuer **issuers;  /* insertion order (not deterministic: sort before writing) */
    size_t table_cap;           /* power of two */
    uint32_t *table;            /* open addressing: index + 1 into issuers, 0 = empty */
    struct cs_issuer_index *issuer_index; /* the issuers of certificates added here (NULL until the first) */
    /* Interned detail strings: details repeat across certificates and
     * issuers, so each distinct text is stored once. */
    size_t n_strings, strings_cap;
    char **strings;             /* open addressing, NULL = empty */
    /* What the corpus collectors saw (corpus/corpus.h); NULL for a tally
     * read from a state file without corpus data. */
    struct cs_corpus *corpus;
    /* `scan --findings FILE` (a regular file): where its per-certificate
     * lines ended (a --resume cuts FILE back there: cli/scan_findings.h). */
    bool findings_mark_set;
    cs_tally_findings_mark findings_mark;
};

/* certificates rule `rule` applied to for this issuer. */
static inline uint64_t cs_tally_applicable(const cs_tally_issuer *is, size_t rule)
{
    uint64_t dense = is->app64 ? is->app64[rule] : is->app32 ? is->app32[rule] : 0;
    return dense + cs_applicable_runs_pending(is->runs, rule);
}

/* Adds n to the applicable count of a rule; false on out-of-memory. */
bool cs_tally_add_applicable(const cs_tally *t, cs_tally_issuer *is, size_t rule, uint64_t n);

/* The failure entry of `rule`, created (sorted) if `create`; NULL if
 * absent, or on out-of-memory when creating. */
cs_tally_rulecount *cs_tally_fail_entry(cs_tally_issuer *is, uint16_t rule, bool create);

/* A tally-owned copy of s (one per distinct text); NULL on out-of-memory. */
const char *cs_tally_intern(cs_tally *t, const char *s);

/* Inserts an example into a sorted array of capacity CS_TALLY_EXAMPLES
 * holding *n, keeping the smallest distinct SHA-256s. */
void cs_tally_examples_insert(cs_tally_example *ex, uint8_t *n, const uint8_t sha256[32], const char *detail);

/* Finds or creates the issuer with this key; strings are copied when
 * created.  NULL on out-of-memory. */
cs_tally_issuer *cs_tally_issuer_get(cs_tally *t, const uint8_t key[32], const char *dn,
                                     const char *o, const char *cn, const char *aki);

/* Issuers in report order: certificates descending, then key.  Returns a
 * malloc'd array of n_issuers pointers (NULL when empty or out of memory:
 * check n_issuers). */
cs_tally_issuer **cs_tally_sorted_issuers(const cs_tally *t);

/* NULL when the input is complete (read to its end, every record
 * counted), otherwise why not. */
const char *cs_tally_input_incomplete(const cs_tally_input *in);

/* The failure kinds by count descending, then kind: a malloc'd array of
 * n_failure_kinds pointers (NULL when none or out of memory). */
const cs_tally_failure_kind **cs_tally_sorted_failure_kinds(const cs_tally *t);

/* Input slot `id`, created (zeroed) if needed; NULL on out-of-memory. */
cs_tally_input *cs_tally_input_slot(cs_tally *t, uint32_t id);

/* A tally for rules given in the order findings index them (sorted by
 * id, as a cs_ruleset is); cs_tally_new() uses it, tests call it with
 * rules of their own.  The metadata is copied. */
cs_tally *cs_tally_new_rules(const cs_rule *const *rules, size_t n);

/* An empty tally with no rules (the state reader fills it in). */
cs_tally *cs_tally_new_empty(void);

/* Adds an example to a failure entry (interning the detail), keeping the
 * smallest distinct SHA-256s; false on out-of-memory. */
bool cs_tally_add_example(cs_tally *t, cs_tally_rulecount *rc, const uint8_t sha256[32], const char *detail);

/* Month index of a time, and back to year and month. */
int32_t cs_tally_month_of(int64_t t);
void cs_tally_month_split(int32_t month, int *year, int *mon);
/* "YYYY-MM-DD" of a time (UTC). */
void cs_tally_date(int64_t t, char out[32]);

#endif
