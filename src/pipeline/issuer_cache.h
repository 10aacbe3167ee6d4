/* Per-worker cache of parsed issuing CA certificates.
 *
 * Consecutive CT entries mostly share a handful of issuers, so a worker
 * keeps the last few issuer views, keyed by their exact DER, and parses an
 * issuer only on a miss.  Memory is bounded: CS_ISSUER_CACHE_SLOTS views,
 * each allocated on first use, plus a private copy of each DER (an issuer
 * larger than CS_ISSUER_MAX_DER is not cached and counts as unknown).  A
 * hit allocates nothing; a miss allocates only when a slot's buffer must
 * grow.  Not thread-safe: one cache per worker. */
#ifndef CS_PIPELINE_ISSUER_CACHE_H
#define CS_PIPELINE_ISSUER_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"

#define CS_ISSUER_CACHE_SLOTS 8
#define CS_ISSUER_MAX_DER (64u << 10)

typedef struct cs_issuer_cache cs_issuer_cache;

/* NULL on out-of-memory. */
cs_issuer_cache *cs_issuer_cache_new(void);
void cs_issuer_cache_free(cs_issuer_cache *ic);

/* The parsed view of the certificate `der` (copied: the caller's bytes
 * need not outlive the call).  NULL when it does not parse, is too large,
 * or memory runs out: the issuer is then unknown, which is not an error of
 * the certificate being linted.  The view stays valid until the next call. */
const cs_cert *cs_issuer_cache_get(cs_issuer_cache *ic, const uint8_t *der, size_t len);

#endif
