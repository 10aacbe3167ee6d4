/* RSA keys with a known weakness, and their ground truth, for the tests
 * of the key mathematics (src/keys/) and of the corpus findings that use
 * it: two keys sharing a prime, a ROCA-structured key built as the
 * Infineon library built them, a key whose primes are close enough for
 * Fermat's method, and a plain random key.  Deterministic: the same
 * arguments give the same key.  Made with GMP; allocation failure aborts
 * (test tooling).  Only public halves go into certificates (through
 * cg_rsa_spki_der and cg_set_spki_der), so the keys carry p and q for the
 * ground truth, not a private key. */
#ifndef CG_WEAKKEYS_H
#define CG_WEAKKEYS_H

#include <stddef.h>
#include <stdint.h>

typedef struct cg_rsa {
    uint8_t *n, *p, *q; /* big-endian, no leading zero octet */
    size_t n_len, p_len, q_len;
    unsigned fermat_round; /* the round Fermat's method from ceil(sqrt(n)) finds p and q (1-based) */
} cg_rsa;

/* Two independent random primes of bits/2 bits: n has exactly `bits` bits. */
void cg_rsa_random(cg_rsa *k, unsigned bits, uint32_t seed);
/* Two keys sharing their p (a->p == b->p), their q independent. */
void cg_rsa_shared_prime(cg_rsa *a, cg_rsa *b, unsigned bits, uint32_t seed);
/* Both primes of the form k * M + (65537^a mod M), M the product of the
 * first 39, 71, 126 or 225 primes as the library chose by key size
 * (Nemec et al., CCS 2017, table 1): the ROCA fingerprint. */
void cg_rsa_roca(cg_rsa *k, unsigned bits, uint32_t seed);
/* q the first prime after p + D, D chosen so that Fermat's method needs
 * about `rounds` rounds; k->fermat_round has the exact number. */
void cg_rsa_close_primes(cg_rsa *k, unsigned bits, unsigned rounds, uint32_t seed);
void cg_rsa_free(cg_rsa *k);

/* DER SubjectPublicKeyInfo (rsaEncryption, e = 65537) of the key;
 * malloc'd. */
uint8_t *cg_rsa_spki_der(const cg_rsa *k, size_t *len);

#endif
