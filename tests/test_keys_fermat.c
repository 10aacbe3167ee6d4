/* keys/fermat: the sieved rounds against the plain ones they replace
 * (every round's a^2 - N updated and tested in multi-precision), on small
 * numbers, squares, close primes with ground truth, random keys and odd
 * encodings.  The answers (found or not, and the round) must be equal. */
#include <criterion/criterion.h>
#include <stdio.h> /* before gmp.h, which declares its FILE functions only after it */
#include <gmp.h>
#include <openssl/rand.h>
#include <string.h>

#include "keys/fermat.h"
#include "weakkeys.h"

/* The way it was (src/keys/fermat.c before the sieve). */
static bool fermat_plain(cs_span modulus, unsigned rounds, unsigned *round)
{
    if (modulus.len == 0)
        return false;
    mpz_t n, a, b2;
    mpz_inits(n, a, b2, NULL);
    mpz_import(n, modulus.len, 1, 1, 1, 0, modulus.p);
    bool found = false;
    if (mpz_cmp_ui(n, 4) >= 0) {
        mpz_sqrtrem(a, b2, n);
        if (mpz_sgn(b2) != 0)
            mpz_add_ui(a, a, 1);
        mpz_mul(b2, a, a);
        mpz_sub(b2, b2, n);
        for (unsigned i = 1; i <= rounds; i++) {
            if (mpz_perfect_square_p(b2)) {
                mpz_sqrt(b2, b2);
                mpz_sub(b2, a, b2);
                found = mpz_cmp_ui(b2, 1) > 0;
                if (found && round)
                    *round = i;
                break;
            }
            mpz_addmul_ui(b2, a, 2);
            mpz_add_ui(b2, b2, 1);
            mpz_add_ui(a, a, 1);
        }
    }
    mpz_clears(n, a, b2, NULL);
    return found;
}

static size_t compared, factored;

static void same(cs_span n, unsigned rounds, const char *what, unsigned long i)
{
    unsigned r_sieved = 0, r_plain = 0;
    bool sieved = cs_fermat_factor(n, rounds, &r_sieved), plain = fermat_plain(n, rounds, &r_plain);
    cr_assert_eq(sieved, plain, "%s %lu, %u rounds: sieved %d, plain %d", what, i, rounds, sieved, plain);
    if (plain)
        cr_assert_eq(r_sieved, r_plain, "%s %lu: round %u, expected %u", what, i, r_sieved, r_plain);
    compared++;
    factored += plain;
}

static void same_mpz(mpz_srcptr z, unsigned rounds, const char *what, unsigned long i)
{
    uint8_t buf[600];
    size_t len = 0;
    buf[0] = 0;
    mpz_export(buf + 1, &len, 1, 1, 1, 0, z);
    cr_assert_lt(len, sizeof buf);
    same(cs_span_make(buf + 1, len), rounds, what, i);
    same(cs_span_make(buf, len + 1), rounds, what, i); /* a leading zero octet */
}

Test(fermat_sieve, small_numbers_and_squares)
{
    static const unsigned rounds[] = { 0, 1, 5, 100 };
    mpz_t z, p;
    mpz_inits(z, p, NULL);
    for (unsigned long v = 0; v < 5000; v++)
        for (size_t r = 0; r < sizeof rounds / sizeof rounds[0]; r++) {
            mpz_set_ui(z, v);
            same_mpz(z, rounds[r], "small", v);
        }
    /* p^2, p (p + 2), p (p + 2k): b2 = 0 in round 1, or a square a few
     * rounds on, with a and b2 past a word (the sieve's word residues). */
    mpz_set_ui(p, 1);
    mpz_mul_2exp(p, p, 600);
    for (unsigned long k = 0; k < 60; k++) {
        mpz_nextprime(p, p);
        mpz_mul(z, p, p);
        same_mpz(z, 100, "p^2", k);
        mpz_add_ui(z, p, 2 * k + 2);
        mpz_mul(z, z, p);
        same_mpz(z, 100, "p (p + 2k)", k);
    }
    mpz_clears(z, p, NULL);
    cr_assert_gt(factored, 0);
}

Test(fermat_sieve, keys, .timeout = 120)
{
    static const unsigned targets[] = { 1, 2, 3, 50, 99, 100, 101, 150 };
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        cg_rsa k;
        cg_rsa_close_primes(&k, 1024, targets[t], (uint32_t)t + 1);
        same(cs_span_make(k.n, k.n_len), 100, "close primes", targets[t]);
        same(cs_span_make(k.n, k.n_len), 1000, "close primes", targets[t]);
        same(cs_span_make(k.n, k.n_len), k.fermat_round, "close primes, exact rounds", targets[t]);
        cg_rsa_free(&k);
    }
    for (uint32_t seed = 1; seed <= 6; seed++) {
        cg_rsa k;
        cg_rsa_random(&k, seed % 2 ? 1024 : 2048, seed);
        same(cs_span_make(k.n, k.n_len), 100, "random key", seed);
        cg_rsa_free(&k);
    }
    /* Random octets of every length to 300, the high bit set or not. */
    uint8_t buf[300];
    for (size_t len = 1; len <= sizeof buf; len += len < 24 ? 1 : 7) {
        cr_assert(RAND_bytes(buf, (int)len));
        same(cs_span_make(buf, len), 100, "random octets", len);
    }
    same(cs_span_make(NULL, 0), 100, "empty", 0);
    cr_assert_gt(factored, 0);
}
