/* The known-weak RSA key checks the S/MIME and TLS weak-key rules share
 * (SBR 6.1.1.3 (5), TLS BR 6.1.1.3 (5)): Debian weak keys by blocklist,
 * the ROCA fingerprint, Fermat-factorable close primes.  Cheap enough for
 * every RSA certificate: bench/keys/RESULTS.md has the cost. */
#ifndef CS_KEYS_WEAK_RSA_H
#define CS_KEYS_WEAK_RSA_H

#include <stdbool.h>
#include <stddef.h>

#include "util/span.h"

typedef enum cs_rsa_weakness {
    CS_RSA_NOT_WEAK = 0,
    CS_RSA_DEBIAN = 1 << 0, /* in the Debian weak-key blocklist */
    CS_RSA_ROCA = 1 << 1,   /* ROCA fingerprint */
    CS_RSA_FERMAT = 1 << 2, /* factored within CS_FERMAT_ROUNDS rounds */
} cs_rsa_weakness;

#define CS_RSA_ALL_WEAKNESSES (CS_RSA_DEBIAN | CS_RSA_ROCA | CS_RSA_FERMAT)

/* Larger moduli are not checked (a hostile certificate could hold a
 * modulus of megabytes, and the square root Fermat's method starts from
 * grows with it): no RSA library makes such keys, and the TLS BR exempts
 * keys above 8192 bits from the Debian check. */
#define CS_RSA_WEAK_MAX_BITS 16384

/* Whether the modulus is small enough to be checked (and not empty). */
bool cs_rsa_weak_checkable(cs_span modulus);

/* Runs the checks named in `checks` (CS_RSA_* bits; Debian only when the
 * process has a list, cs_debian_weak_keys()) on the big-endian modulus
 * and returns the first weakness found, with a one-line explanation in
 * why[0..size).  CS_RSA_NOT_WEAK leaves why empty; so does a modulus
 * that is not checkable. */
cs_rsa_weakness cs_rsa_known_weak(cs_span modulus, unsigned checks, char *why, size_t size);

/* The same, with the ROCA test's answer already known (*roca: a caller
 * that reduced the modulus for other checks); NULL tests it here. */
cs_rsa_weakness cs_rsa_known_weak_roca(cs_span modulus, unsigned checks, const bool *roca, char *why, size_t size);

#endif
