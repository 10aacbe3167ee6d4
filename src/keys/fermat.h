/* Fermat's factorisation of RSA moduli whose primes are close
 * (https://fermatattack.secvuln.info/; TLS BR 6.1.1.3 (5)(3): "weak keys
 * which can be factored within 100 rounds using Fermat's factorization
 * method").
 *
 * N = a^2 - b^2 = (a + b)(a - b): round i tries a = ceil(sqrt(N)) + i - 1
 * and succeeds when a^2 - N is a perfect square, as zlint's
 * e_rsa_fermat_factorization (after Let's Encrypt's goodkey) does with
 * 100 rounds.  One difference: zlint starts at floor(sqrt(N)) + 1, which
 * skips a perfect square N = p^2; here a square is factored in round 1. */
#ifndef CS_KEYS_FERMAT_H
#define CS_KEYS_FERMAT_H

#include <stdbool.h>

#include "util/span.h"

#define CS_FERMAT_ROUNDS 100 /* TLS BR 6.1.1.3 (5)(3), zlint */

/* True when the big-endian modulus factors within `rounds` rounds; *round
 * (may be NULL) gets the round that found the factors (1-based).  Moduli
 * below 4, and primes (whose only split is N * 1), are not factored. */
bool cs_fermat_factor(cs_span modulus, unsigned rounds, unsigned *round);

#endif
