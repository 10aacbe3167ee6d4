/* The issuer identity of a certificate (cs_tally_issuer_key: SHA-256 of the
 * issuer DN and AKI keyIdentifier), remembered for the issuers seen last.
 *
 * A stream's certificates come from few issuers, so most look-ups find
 * the DN and AKI octets they were computed from and skip the digest.  An
 * issuer cache, not a leaf one: entries are (DN, AKI) -> identity, checked
 * octet for octet, so the answer is the digest's in every case.  Direct
 * mapped, CS_ISSUER_KEY_SLOTS slots of at most CS_ISSUER_KEY_BYTES octets
 * (longer names are digested every time).  One cache per thread.
 *
 * Each slot also holds one pointer for its owner (the tally keeps its
 * issuer there), so that a hit finds the issuer without the digest and
 * without the issuer table. */
#ifndef CS_AGG_ISSUER_KEY_CACHE_H
#define CS_AGG_ISSUER_KEY_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "x509/cert.h"

#define CS_ISSUER_KEY_SLOTS 1024
#define CS_ISSUER_KEY_BYTES 448

typedef struct cs_issuer_key_cache cs_issuer_key_cache;

/* NULL on out-of-memory. */
cs_issuer_key_cache *cs_issuer_key_cache_new(void);
void cs_issuer_key_cache_free(cs_issuer_key_cache *kc);

/* cs_tally_issuer_key(c, key), from the cache when there; kc may be NULL
 * (no cache).  False when the digest cannot be computed. */
bool cs_issuer_key_cached(cs_issuer_key_cache *kc, const cs_cert *c, uint8_t key[32]);

/* The same, and *value: the caller's pointer of the slot the identity is
 * cached in (NULL until the caller sets it; a slot given to another issuer
 * starts again from NULL), or NULL when it is not cached (kc NULL, or the
 * name too long).  Valid until the next call. */
bool cs_issuer_key_cached_slot(cs_issuer_key_cache *kc, const cs_cert *c, uint8_t key[32], void ***value);

/* Look-ups answered from the cache, and in all (for tests and benchmarks). */
void cs_issuer_key_cache_stats(const cs_issuer_key_cache *kc, uint64_t *hits, uint64_t *lookups);

#endif
