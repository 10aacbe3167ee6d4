/* The issuers of a tally by the octets their identity is made of (the
 * issuer DN as encoded and the AKI keyIdentifier), so that a certificate
 * of an issuer seen before finds it without the identity's digest
 * (cs_tally_issuer_key) and without the issuer table.
 *
 * Exact: an entry is found only when the octets are the same, compared in
 * full, and the same octets always make the same identity.  An issuer
 * cache, not a certificate one: a dump's certificates come from far fewer
 * issuers than certificates, so it hits on real dumps as on a benchmark.
 * Names longer than CS_ISSUER_INDEX_BYTES are not indexed, and a lookup
 * or an insertion gives up after CS_ISSUER_INDEX_PROBES slots (octets
 * made to collide): the caller then takes the digest, as without index.
 * Memory: an entry per issuer (its octets and a slot). */
#ifndef CS_AGG_ISSUER_INDEX_H
#define CS_AGG_ISSUER_INDEX_H

#include <stdbool.h>

#include "x509/cert.h"

#define CS_ISSUER_INDEX_BYTES 448
#define CS_ISSUER_INDEX_PROBES 16

typedef struct cs_issuer_index cs_issuer_index;

/* NULL on out-of-memory. */
cs_issuer_index *cs_issuer_index_new(void);
void cs_issuer_index_free(cs_issuer_index *x);

/* Starts fetching the slot where c's issuer would be into the cache, for
 * a look-up some work later (the slots of thousands of issuers are seldom
 * in cache).  Changes nothing. */
void cs_issuer_index_prefetch(const cs_issuer_index *x, const cs_cert *c);

/* The value added for the issuer octets of c; NULL when none (or x NULL). */
void *cs_issuer_index_find(const cs_issuer_index *x, const cs_cert *c);

/* Remembers `value` (not NULL) for the issuer octets of c, which must not
 * be in the index yet.  False when not kept (name too long, crowded slots,
 * out of memory): harmless, the caller finds that issuer the slow way. */
bool cs_issuer_index_add(cs_issuer_index *x, const cs_cert *c, void *value);

/* Look-ups answered and in all (tests, benchmarks). */
void cs_issuer_index_stats(const cs_issuer_index *x, uint64_t *hits, uint64_t *lookups);

#endif
