/* Corpus collectors: what no single-certificate rule can see.
 *
 * Each worker's tally owns one collector and feeds it every certificate
 * it lints (cs_corpus_add: a few hashes, corpus/record.h); collectors are
 * merged like tallies (worker tallies into the scan's, shard states into
 * `certsweep merge`), and finished once after the scan, when the records,
 * sorted, give exact answers:
 *
 *   serial_duplicate   one issuer, one serial, two different issuances (a
 *                      precertificate and its final certificate are one)
 *   precert_mismatch   a final certificate whose TBSCertificate differs from
 *                      its precertificate's beyond poison and SCT list
 *   key_reuse          one public key certified for unrelated subjects
 *   ca_key_reuse       a subscriber certificate with a CA certificate's key
 *   serial_sequential  an issuer's serials increase by small steps
 *   serial_low_entropy an issuer's serials hold fewer than 64 varying bits
 *   shared_prime       RSA moduli sharing a prime factor (batch GCD)
 *
 * Memory: each collector buffers at most its bound of records (default
 * CS_CORPUS_MEMORY per collector: one per worker and one for the merged
 * result) and spills sorted runs to unlinked temporary files past it
 * (corpus/extsort.h).  Finishing streams the sorted runs; the batch GCD
 * holds the distinct moduli in a temporary file mapped into memory and
 * its trees within its own bound (keys/batchgcd.h).  The records travel
 * in the state file (docs/state-format.md, corpus section), so `merge` of
 * shard states gives the same findings as one scan. */
#ifndef CS_CORPUS_CORPUS_H
#define CS_CORPUS_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corpus/findings.h"
#include "x509/cert.h"

#define CS_CORPUS_MEMORY ((size_t)16 << 20)

typedef struct cs_corpus cs_corpus;

/* memory_limit 0 = CS_CORPUS_MEMORY.  NULL on out-of-memory. */
cs_corpus *cs_corpus_new(size_t memory_limit);
/* The same; rsa_moduli false: the collector keeps no RSA moduli (still
 * counting those too large for the batch GCD), for a scan that will run
 * no batch GCD and write no state file a merge could run it on.  The
 * moduli are 2/3 of the record bytes of an RSA certificate: without them
 * the bound holds three times the certificates before spilling.  Such a
 * collector must not be written to a state file or finished with shared
 * primes on (a merge into it keeps no moduli either). */
cs_corpus *cs_corpus_new_ex(size_t memory_limit, bool rsa_moduli);
void cs_corpus_free(cs_corpus *c);

/* One linted certificate (complete certificates only: a bare TBS has no
 * issuance to compare), with its issuer identity when the caller has it
 * (cs_tally_issuer_key; NULL: computed here).  False on out-of-memory or
 * a temporary file error. */
bool cs_corpus_add(cs_corpus *c, const cs_cert *cert, const uint8_t issuer[32]);
/* The same in two steps, for a caller that finds the issuer identity
 * between the digests: cs_corpus_begin makes the serial record of cert
 * (the TBS fingerprint), cs_corpus_end the key record (the key's digest),
 * and adds both with the issuer identity (not NULL).  No other call on c
 * in between; after a false begin, or without an end, nothing is added. */
bool cs_corpus_begin(cs_corpus *c, const cs_cert *cert);
bool cs_corpus_end(cs_corpus *c, const cs_cert *cert, const uint8_t issuer[32]);

/* Adds everything `from` collected into `into` (moved rather than copied
 * when `into` is empty: `from` is then left empty).  `from` may be NULL: a
 * part without corpus data (a state written before the collectors), which
 * leaves the merged collector incomplete (no findings, and the reports say
 * why).  False on out-of-memory or a temporary file error. */
bool cs_corpus_merge(cs_corpus *into, cs_corpus *from);

uint64_t cs_corpus_certificates(const cs_corpus *c);

/* Whether finishing runs the batch GCD over the RSA moduli (scan
 * --shared-primes; off by default: it costs more than the scan on small
 * corpora and grows as n log^2 n).  The moduli are collected either way,
 * so a merge can run it; the wish travels in the state file, and a merge
 * runs it when any part asked for it. */
void cs_corpus_set_shared_primes(cs_corpus *c, bool on);

/* Computes the findings (once; later calls return the same).  False with a
 * message on out-of-memory or a temporary file error. */
bool cs_corpus_finish(cs_corpus *c, char *err, size_t err_size);
/* The findings; NULL until cs_corpus_finish succeeded. */
const cs_corpus_results *cs_corpus_get_results(const cs_corpus *c);

/* State file section (docs/state-format.md): `put` writes bytes (false on
 * a write error).  The records are written sorted. */
bool cs_corpus_write(cs_corpus *c, bool (*put)(void *ctx, const void *p, size_t n), void *ctx);
/* Reads a section written by cs_corpus_write from [p, p+n) into an empty
 * collector: the bytes it took, or 0 with *why set (truncated, out of
 * order, ...). */
size_t cs_corpus_read(cs_corpus *c, const uint8_t *p, size_t n, const char **why);

#endif
