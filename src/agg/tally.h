/* Per-issuer tallies.
 *
 * Each worker thread owns one cs_tally and adds every certificate it lints;
 * no locks.  At the end the pipeline merges them (cs_tally_merge) in a
 * fixed order; the result must not depend on how certificates were spread
 * over threads (examples are the smallest SHA-256s, sets are sorted when
 * written).  A tally also carries the scan's accounting (per input: records
 * read, certificates linted, failures) so that reports, state files and
 * merges need nothing else.
 *
 * Issuer key = issuer DN as encoded + authorityKeyIdentifier keyIdentifier. */
#ifndef CS_AGG_TALLY_H
#define CS_AGG_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/record.h"
#include "lint/ruleset.h"
#include "x509/cert.h"

typedef struct cs_tally cs_tally;

/* A tally for the given rule set (borrowed; must outlive the tally). */
cs_tally *cs_tally_new(const cs_ruleset *rs);
void cs_tally_free(cs_tally *t);

/* Declares input `id` and its display name (the path as given). */
bool cs_tally_set_input(cs_tally *t, uint32_t id, const char *name);

/* The issuer identity of a certificate: SHA-256 over its issuer DN and
 * AKI keyIdentifier, length-prefixed (docs/state-format.md).  False when
 * the digest cannot be computed. */
bool cs_tally_issuer_key(const cs_cert *c, uint8_t key[32]);

/* One linted certificate.  Returns false only on out-of-memory. */
bool cs_tally_add_cert(cs_tally *t, uint32_t input, const cs_cert *c,
                       const cs_lint_result *r, const cs_decoded *d);

/* One record that could not be decoded or parsed. */
bool cs_tally_add_failure(cs_tally *t, uint32_t input);
/* ... and its kind ("tbsCertificate.validity: unexpected tag"), for the
 * count of failures by kind (n of them). */
bool cs_tally_add_failure_kind(cs_tally *t, const char *kind, uint64_t n);

/* Marks an input as not (completely) read: could not be opened, or the
 * scan was interrupted; `bytes_read`/`total_bytes` say how far it got. */
bool cs_tally_set_input_progress(cs_tally *t, uint32_t input, bool finished, bool open_failed,
                                 uint64_t bytes_read, uint64_t total_bytes);

/* Marks an input incomplete, with the reason (also sets finished to false). */
bool cs_tally_set_input_incomplete(cs_tally *t, uint32_t input, const char *reason);

/* Marks the whole scan as partial (an input is incomplete). */
void cs_tally_set_partial(cs_tally *t, bool partial);

/* Adds everything in `from` into `into`.  Returns false on out-of-memory
 * or when the two were made with different rules (see cs_tally_compatible). */
bool cs_tally_merge(cs_tally *into, const cs_tally *from);
/* The same without the inputs (the shards of a split add theirs up:
 * agg/shard_tally.h). */
bool cs_tally_merge_counts(cs_tally *into, const cs_tally *from);

/* True when the two tallies were made with the same rules (ids, severities,
 * citations, dates, descriptions), rule source versions and evaluation
 * options (--as-of date, --smime-guess), so that they can be merged;
 * otherwise false with a message saying what differs. */
bool cs_tally_compatible(const cs_tally *a, const cs_tally *b, char *err, size_t err_size);

/* Totals. */
uint64_t cs_tally_records_read(const cs_tally *t);
uint64_t cs_tally_certificates_linted(const cs_tally *t);
uint64_t cs_tally_parse_failures(const cs_tally *t);
size_t cs_tally_issuer_count(const cs_tally *t);
/* Number of inputs marked open_failed (the CLI exits 1 when non-zero). */
size_t cs_tally_inputs_failed(const cs_tally *t);
/* Number of inputs that are not complete (open_failed ones included). */
size_t cs_tally_inputs_incomplete(const cs_tally *t);

#endif
