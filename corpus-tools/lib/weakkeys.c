/* Weak RSA keys with ground truth (see weakkeys.h). */
#include "weakkeys.h"

#include <stdio.h> /* before gmp.h, which declares its FILE functions only after it */
#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "derw.h"

static uint8_t *export_bytes(mpz_srcptr z, size_t *len)
{
    size_t n = (mpz_sizeinbase(z, 2) + 7) / 8;
    uint8_t *b = malloc(n ? n : 1);
    if (!b)
        abort();
    mpz_export(b, len, 1, 1, 1, 0, z);
    return b;
}

static void set_key(cg_rsa *k, mpz_srcptr p, mpz_srcptr q)
{
    mpz_t n, a, r;
    mpz_inits(n, a, r, NULL);
    mpz_mul(n, p, q);
    memset(k, 0, sizeof *k);
    k->n = export_bytes(n, &k->n_len);
    k->p = export_bytes(p, &k->p_len);
    k->q = export_bytes(q, &k->q_len);
    /* Fermat: a runs from ceil(sqrt(n)); p*q is the first split it meets
     * (the only non-trivial one), at a = (p + q) / 2. */
    mpz_sqrtrem(a, r, n);
    if (mpz_sgn(r))
        mpz_add_ui(a, a, 1);
    mpz_add(r, p, q);
    mpz_tdiv_q_2exp(r, r, 1);
    mpz_sub(r, r, a);
    k->fermat_round = mpz_fits_uint_p(r) ? (unsigned)mpz_get_ui(r) + 1 : 0; /* 0: too many to count */
    mpz_clears(n, a, r, NULL);
}

/* A random prime of exactly `bits` bits with its top two bits set, so
 * that the product of two has exactly twice as many. */
static void random_prime(mpz_ptr p, unsigned bits, gmp_randstate_t rng)
{
    do {
        mpz_urandomb(p, rng, bits);
        mpz_setbit(p, bits - 1);
        mpz_setbit(p, bits - 2);
        mpz_nextprime(p, p);
    } while (mpz_sizeinbase(p, 2) != bits);
}

static void rng_for(gmp_randstate_t rng, uint32_t seed, unsigned kind)
{
    gmp_randinit_default(rng);
    gmp_randseed_ui(rng, (unsigned long)seed * 8 + kind);
}

void cg_rsa_random(cg_rsa *k, unsigned bits, uint32_t seed)
{
    gmp_randstate_t rng;
    rng_for(rng, seed, 0);
    mpz_t p, q;
    mpz_inits(p, q, NULL);
    do {
        random_prime(p, bits / 2, rng);
        random_prime(q, bits - bits / 2, rng);
    } while (mpz_cmp(p, q) == 0);
    set_key(k, p, q);
    mpz_clears(p, q, NULL);
    gmp_randclear(rng);
}

void cg_rsa_shared_prime(cg_rsa *a, cg_rsa *b, unsigned bits, uint32_t seed)
{
    gmp_randstate_t rng;
    rng_for(rng, seed, 1);
    mpz_t p, q1, q2;
    mpz_inits(p, q1, q2, NULL);
    random_prime(p, bits / 2, rng);
    do {
        random_prime(q1, bits - bits / 2, rng);
        random_prime(q2, bits - bits / 2, rng);
    } while (mpz_cmp(q1, q2) == 0 || mpz_cmp(q1, p) == 0 || mpz_cmp(q2, p) == 0);
    set_key(a, p, q1);
    set_key(b, p, q2);
    mpz_clears(p, q1, q2, NULL);
    gmp_randclear(rng);
}

/* Number of primes in the library's M for a modulus of `bits` bits. */
static unsigned roca_primes_for(unsigned bits)
{
    if (bits < 992)
        return 39;
    if (bits < 1984)
        return 71;
    if (bits < 3968)
        return 126;
    return 225;
}

/* p = k * M + (65537^a mod M) of exactly `bits` bits, prime. */
static void roca_prime(mpz_ptr p, unsigned bits, mpz_srcptr m, gmp_randstate_t rng)
{
    size_t mbits = mpz_sizeinbase(m, 2);
    unsigned kbits = bits > mbits ? bits - (unsigned)mbits + 1 : 2;
    mpz_t k, a, g, r;
    mpz_inits(k, a, g, r, NULL);
    mpz_set_ui(g, 65537);
    do {
        mpz_urandomb(k, rng, kbits);
        mpz_setbit(k, kbits - 1);
        mpz_urandomb(a, rng, (mp_bitcnt_t)mbits);
        mpz_powm(r, g, a, m);
        mpz_mul(p, k, m);
        mpz_add(p, p, r);
    } while (mpz_sizeinbase(p, 2) != bits || !mpz_tstbit(p, bits - 2) || !mpz_probab_prime_p(p, 30));
    mpz_clears(k, a, g, r, NULL);
}

void cg_rsa_roca(cg_rsa *k, unsigned bits, uint32_t seed)
{
    gmp_randstate_t rng;
    rng_for(rng, seed, 2);
    mpz_t m, prime, p, q;
    mpz_inits(m, prime, p, q, NULL);
    mpz_set_ui(m, 1);
    mpz_set_ui(prime, 1);
    for (unsigned i = roca_primes_for(bits); i > 0; i--) { /* the primorial */
        mpz_nextprime(prime, prime);
        mpz_mul(m, m, prime);
    }
    do {
        roca_prime(p, bits / 2, m, rng);
        roca_prime(q, bits - bits / 2, m, rng);
    } while (mpz_cmp(p, q) == 0);
    set_key(k, p, q);
    mpz_clears(m, prime, p, q, NULL);
    gmp_randclear(rng);
}

void cg_rsa_close_primes(cg_rsa *k, unsigned bits, unsigned rounds, uint32_t seed)
{
    gmp_randstate_t rng;
    rng_for(rng, seed, 3);
    mpz_t p, q, d;
    mpz_inits(p, q, d, NULL);
    random_prime(p, bits / 2, rng);
    /* rounds - 1 = (p + q) / 2 - sqrt(pq) ~ D^2 / (8 sqrt(pq)) ~ D^2 / (8 p) */
    mpz_mul_ui(d, p, 8u * (rounds > 1 ? rounds - 1 : 0));
    mpz_sqrt(d, d);
    mpz_add_ui(d, d, 2);
    mpz_add(q, p, d);
    mpz_nextprime(q, q);
    set_key(k, p, q);
    mpz_clears(p, q, d, NULL);
    gmp_randclear(rng);
}

void cg_rsa_free(cg_rsa *k)
{
    if (!k)
        return;
    free(k->n);
    free(k->p);
    free(k->q);
    memset(k, 0, sizeof *k);
}

uint8_t *cg_rsa_spki_der(const cg_rsa *k, size_t *len)
{
    static const uint8_t rsa_alg[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                       0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };
    cg_buf key = { 0 }, n = { 0 }, bits = { 0 }, spki = { 0 };
    if (k->n_len && (k->n[0] & 0x80))
        cg_buf_byte(&n, 0);
    cg_buf_put(&n, k->n, k->n_len);
    cg_der_tlv(&key, 0x02, n.p, n.n);
    cg_buf_free(&n);
    cg_der_uint(&key, 65537);
    cg_buf_byte(&bits, 0); /* no unused bits */
    cg_der_wrap(&bits, 0x30, &key);
    cg_buf_put(&spki, rsa_alg, sizeof rsa_alg);
    cg_der_wrap(&spki, 0x03, &bits);
    cg_buf out = { 0 };
    cg_der_wrap(&out, 0x30, &spki);
    *len = out.n;
    return out.p;
}
