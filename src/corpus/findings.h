/* The findings of the corpus collectors (corpus/corpus.h) and the rules
 * they map to, for the report writers. */
#ifndef CS_CORPUS_FINDINGS_H
#define CS_CORPUS_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/rule.h"

typedef enum cs_corpus_kind {
    CS_CORPUS_SERIAL_DUPLICATE = 0,
    CS_CORPUS_PRECERT_MISMATCH,
    CS_CORPUS_KEY_REUSE,
    CS_CORPUS_CA_KEY_REUSE,
    CS_CORPUS_SERIAL_SEQUENTIAL,
    CS_CORPUS_SERIAL_LOW_ENTROPY,
    CS_CORPUS_SHARED_PRIME,
    CS_CORPUS_KIND_COUNT
} cs_corpus_kind;

/* Certificates named per finding; the finding counts all of them. */
#define CS_CORPUS_LISTED 16
/* Findings kept with their certificates; past this they are only counted. */
#define CS_CORPUS_FINDINGS_KEPT 100000

typedef struct cs_corpus_finding {
    uint8_t kind;                /* cs_corpus_kind */
    uint8_t source;              /* cs_source of the rule: S/MIME when a certificate involved is
                                    in S/MIME scope, else TLS, else RFC 5280 where it has one */
    uint8_t issuer[32];          /* issuer identity (the tally's issuer key) */
    uint64_t n_certs;            /* certificates involved */
    uint8_t n_listed;            /* of which named in certs[], smallest role first */
    uint8_t certs[CS_CORPUS_LISTED][32];
    char detail[CS_DETAIL_MAX];
} cs_corpus_finding;

typedef struct cs_corpus_results {
    size_t n;                    /* findings kept, sorted by kind, issuer, first certificate */
    cs_corpus_finding *findings;
    uint64_t counts[CS_CORPUS_KIND_COUNT]; /* all findings, kept or not */
    uint64_t certificates;       /* certificates collected */
    uint64_t moduli;             /* distinct RSA moduli given to the batch GCD */
    uint64_t moduli_skipped;     /* RSA certificates whose modulus is above 4096 bits */
    bool incomplete;             /* a merged part had no corpus data: nothing was computed */
    bool shared_primes;          /* the batch GCD ran (scan --shared-primes) */
} cs_corpus_results;

/* "serial_duplicate", ... */
const char *cs_corpus_kind_name(cs_corpus_kind k);
/* The rule metadata of a finding (id, severity, citation, description,
 * peers); applies/check are NULL. */
const cs_rule *cs_corpus_rule(cs_corpus_kind k, cs_source source);

#endif
