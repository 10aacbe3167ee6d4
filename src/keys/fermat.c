/* Fermat's method, a bounded number of rounds: a^2 - N tested for a
 * square.  Round i's b2 = a_i^2 - N follows from the last by adding
 * 2 a + 1; the rounds are first sieved on b2's residues modulo 2^64 and
 * the primes 3..23 (kept up to date with word additions), which a square
 * always passes and other numbers only about once in 1,500 times, so the
 * exact multi-precision test runs for almost no round (100 rounds of
 * multi-precision updates and tests were ~2.5 us of ~3 us a key). */
#include "keys/fermat.h"

#include <gmp.h>
#include <pthread.h>
#include <stdint.h>

#include "util/be_limbs.h"

_Static_assert(GMP_LIMB_BITS == 64 && GMP_NAIL_BITS == 0, "the low limb is b2 mod 2^64");

/* 3 5 7 11 13 17 19 23 multiplied: residues modulo it fit a word, and
 * sums of three of them too. */
#define SIEVE_M UINT64_C(111546435)

/* Bit x of sq[k] set: x is a square modulo the k-th prime (0 included). */
static const uint32_t primes[8] = { 3, 5, 7, 11, 13, 17, 19, 23 };
static uint32_t sq[8];
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

static void sq_init(void)
{
    for (int k = 0; k < 8; k++)
        for (uint32_t x = 0; x < primes[k]; x++)
            sq[k] |= UINT32_C(1) << (x * x % primes[k]);
}

/* Whether a number with these residues modulo 2^64 and SIEVE_M can be a
 * square.  Modulo 2^64: s = 2^k u (u odd) gives s^2 = 4^k u^2 with u^2 = 1
 * (mod 8): zero, or an even number of trailing zero bits followed by
 * 001 while those three bits are inside the word. */
static bool may_be_square(uint64_t low, uint64_t mod_m)
{
    if (low) {
        unsigned tz = (unsigned)__builtin_ctzll(low);
        if ((tz & 1) || (tz <= 61 && ((low >> tz) & 7) != 1))
            return false;
    }
    return (sq[0] >> (mod_m % 3) & 1) && (sq[1] >> (mod_m % 5) & 1) && (sq[2] >> (mod_m % 7) & 1) &&
           (sq[3] >> (mod_m % 11) & 1) && (sq[4] >> (mod_m % 13) & 1) && (sq[5] >> (mod_m % 17) & 1) &&
           (sq[6] >> (mod_m % 19) & 1) && (sq[7] >> (mod_m % 23) & 1);
}

/* z = the big-endian octets, eight at a time (mpz_import goes octet by
 * octet: a quarter of the time of a 2048-bit key). */
static void import_be(mpz_ptr z, cs_span octets)
{
    mp_limb_t *limb = mpz_limbs_write(z, (mp_size_t)((octets.len + 7) / 8));
    mpz_limbs_finish(z, (mp_size_t)cs_be_limbs(octets, (uint64_t *)limb)); /* drops the leading zero limbs */
}

bool cs_fermat_factor(cs_span modulus, unsigned rounds, unsigned *round)
{
    if (modulus.len == 0)
        return false;
    pthread_once(&sq_once, sq_init);
    mpz_t n, a, b2, t; /* b2 = a^2 - n */
    mpz_inits(n, a, b2, t, NULL);
    import_be(n, modulus);
    bool found = false;
    if (mpz_cmp_ui(n, 4) >= 0) {
        mpz_sqrtrem(a, b2, n); /* n = a^2 + b2 */
        if (mpz_sgn(b2) != 0)
            mpz_add_ui(a, a, 1); /* ceil(sqrt(n)) */
        mpz_mul(b2, a, a);
        mpz_sub(b2, b2, n);
        /* a and b2 of round i modulo 2^64 and SIEVE_M (b2 >= 0) */
        uint64_t a_low = mpz_getlimbn(a, 0), b_low = mpz_getlimbn(b2, 0);
        uint64_t a_m = mpz_fdiv_ui(a, SIEVE_M), b_m = mpz_fdiv_ui(b2, SIEVE_M);
        for (unsigned i = 1; i <= rounds; i++) {
            if (may_be_square(b_low, b_m)) {
                /* round i: a + (i - 1), b2 + (i - 1) (2 a + i - 1) */
                mpz_mul_2exp(t, a, 1);
                mpz_add_ui(t, t, i - 1);
                mpz_mul_ui(t, t, i - 1);
                mpz_add(t, t, b2);
                if (mpz_perfect_square_p(t)) {
                    /* a - b = 1 is n = n * 1: the closest factors are trivial */
                    mpz_sqrt(t, t);
                    mpz_add_ui(b2, a, i - 1);
                    mpz_sub(t, b2, t);
                    found = mpz_cmp_ui(t, 1) > 0;
                    if (found && round)
                        *round = i;
                    break;
                }
            }
            b_low += 2 * a_low + 1; /* (a+1)^2 - n = a^2 - n + 2a + 1 */
            a_low++;
            b_m += 2 * a_m + 1; /* below 3 SIEVE_M */
            b_m -= b_m >= SIEVE_M ? SIEVE_M : 0;
            b_m -= b_m >= SIEVE_M ? SIEVE_M : 0;
            a_m = a_m + 1 == SIEVE_M ? 0 : a_m + 1;
        }
    }
    mpz_clears(n, a, b2, t, NULL);
    return found;
}
