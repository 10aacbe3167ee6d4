/* Structure of an RSA public modulus that NIST SP 800-89 5.3.3 asks for
 * and both CA/B Forum BRs repeat as a SHOULD (TLS BR 6.1.6, SBR 6.1.6):
 * an odd number, not the power of a prime, no factor smaller than 752. */
#ifndef CS_LINT_RSA_MODULUS_H
#define CS_LINT_RSA_MODULUS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/span.h"

typedef enum cs_rsa_modulus_fault {
    CS_RSA_MODULUS_OK = 0,
    CS_RSA_MODULUS_NEGATIVE,
    CS_RSA_MODULUS_EVEN,
    CS_RSA_MODULUS_SMALL_FACTOR, /* an odd prime below 752 divides it */
    CS_RSA_MODULUS_SQUARE,       /* a perfect square */
    CS_RSA_MODULUS_UNDECIDED,    /* empty modulus, or no memory for the square test */
} cs_rsa_modulus_fault;

/* The modulus reduced modulo products of the odd primes below 752, what
 * every test below reads: one pass over the modulus serves the structure
 * test and the ROCA test (lint/cert_facts.h keeps it per certificate).
 * group[g] = n 2^-shift (mod the g-th product), of the magnitude of the
 * octets (sign ignored); not normalised (group[g] may equal the product). */
enum { CS_RSA_RESIDUE_GROUPS = 32 };
typedef struct cs_rsa_residues {
    uint64_t group[CS_RSA_RESIDUE_GROUPS];
    uint64_t shift;
} cs_rsa_residues;

/* Reduces the big-endian octets n (any length; empty is zero), with
 * AVX-512 IFMA where the CPU has it. */
void cs_rsa_residues_of(cs_span n, cs_rsa_residues *r);
/* The same without vector instructions (what other CPUs run; for tests). */
void cs_rsa_residues_portable(cs_span n, cs_rsa_residues *r);

/* Checks the INTEGER content octets of a modulus (a leading 0x00 is
 * fine).  Trial division by the primes below 752 costs a few hundred
 * multiplications per key; the exact square test (OpenSSL BIGNUM) runs
 * only for the one odd key in about 2^19 that passes cheap quadratic
 * residue filters.  Higher prime powers are not tested (a full modular
 * exponentiation per key).  *factor gets the prime for SMALL_FACTOR. */
cs_rsa_modulus_fault cs_rsa_modulus_structure(cs_span modulus, unsigned *factor);

/* The same from the modulus' residues r (cs_rsa_residues_of(modulus)). */
cs_rsa_modulus_fault cs_rsa_modulus_structure_from(cs_span modulus, const cs_rsa_residues *r, unsigned *factor);

/* Whether the modulus whose residues are r carries the ROCA fingerprint:
 * the answer of keys/roca.h cs_roca_fingerprint(modulus), from r. */
bool cs_rsa_roca_from(cs_span modulus, const cs_rsa_residues *r);

/* "negative", "even", "divisible by a prime below 752", "a perfect square", ... */
const char *cs_rsa_modulus_fault_text(cs_rsa_modulus_fault f);

#endif
