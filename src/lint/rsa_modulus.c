/* RSA modulus structure (NIST SP 800-89 5.3.3); see rsa_modulus.h.
 * Moved here from the S/MIME key rules when the TLS rules needed it too. */
#include "lint/rsa_modulus.h"

#include <openssl/bn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Odd primes below 752 (SP 800-89 5.3.3 / SBR 6.1.6). */
static const uint16_t small_primes[] = {
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193,
    197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307,
    311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421,
    431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509, 521, 523, 541, 547,
    557, 563, 569, 571, 577, 587, 593, 599, 601, 607, 613, 617, 619, 631, 641, 643, 647, 653, 659,
    661, 673, 677, 683, 691, 701, 709, 719, 727, 733, 739, 743, 751,
};
enum {
    N_PRIMES = sizeof small_primes / sizeof small_primes[0],
    N_QR_PRIMES = 17,  /* the primes below 64: their squares mod p fit a 64-bit mask */
    MAX_GROUPS = 32,   /* 18 needed: six primes below 2^10 always fit in a group, so at most 22 */
    TABLE_LIMBS = 64,  /* moduli up to 4096 bits take the table; longer ones the limb-by-limb way */
};

/* Constants for trial division, computed once.  The primes are multiplied
 * into groups whose product fits in 64 bits, and the modulus is reduced
 * once per group.  Divisibility of a group residue x by a prime p is one
 * multiplication: x * p^-1 mod 2^64 <= (2^64-1)/p exactly when p | x
 * (Granlund and Montgomery, "Division by invariant integers using
 * multiplication", 1994: exact division). */
static struct {
    size_t n_groups;
    uint64_t prod[MAX_GROUPS];     /* product of the group's primes (odd) */
    uint64_t prod_inv[MAX_GROUPS]; /* its inverse mod 2^64 */
    uint8_t group[N_PRIMES];       /* the group of each prime */
    uint64_t inv[N_PRIMES];        /* p^-1 mod 2^64 */
    uint64_t max_quot[N_PRIMES];   /* (2^64-1)/p */
    uint64_t squares[N_QR_PRIMES]; /* bit x set: x is a square mod p */
    uint64_t power[TABLE_LIMBS][MAX_GROUPS]; /* 2^(64 i) mod the product of group g */
} sp;
static pthread_once_t sp_once = PTHREAD_ONCE_INIT;

/* Inverse of an odd x mod 2^64: x*x = 1 mod 8 gives 3 bits, and each Newton
 * step doubles the correct bits (3, 6, 12, 24, 48, 96). */
static uint64_t inverse_mod_2_64(uint64_t x)
{
    uint64_t y = x;
    for (int i = 0; i < 5; i++)
        y *= 2 - x * y;
    return y;
}

static void sp_init(void)
{
    uint64_t prod = 1;
    for (size_t k = 0; k < N_PRIMES; k++) {
        uint64_t p = small_primes[k];
        if (prod > UINT64_MAX / p) {
            sp.prod[sp.n_groups++] = prod;
            prod = 1;
        }
        prod *= p;
        sp.group[k] = (uint8_t)sp.n_groups;
        sp.inv[k] = inverse_mod_2_64(p);
        sp.max_quot[k] = UINT64_MAX / p;
        for (uint64_t x = 0; k < N_QR_PRIMES && x < p; x++)
            sp.squares[k] |= UINT64_C(1) << (x * x % p);
    }
    sp.prod[sp.n_groups++] = prod;
    for (size_t g = 0; g < sp.n_groups; g++) {
        sp.prod_inv[g] = inverse_mod_2_64(sp.prod[g]);
        uint64_t power = 1;
        for (size_t i = 0; i < TABLE_LIMBS; i++) {
            sp.power[i][g] = power;
            power = (uint64_t)(((unsigned __int128)power << 64) % sp.prod[g]);
        }
    }
}

/* High half of the 128-bit product. */
static inline uint64_t mul_hi(uint64_t a, uint64_t b) { return (uint64_t)((unsigned __int128)a * b >> 64); }

/* What both reductions below give for the modulus n: for each group
 * product q, a 64-bit r with r = n u^2 (mod q) for a unit u.  So a prime of the group divides n exactly when it divides r, and n
 * is a square mod it exactly when r is. */

/* Reduces the big-endian magnitude n of L 64-bit limbs modulo every group
 * product q at once, from the low limb up, by multiplications only (Hensel
 * / Montgomery reduction, as GMP's mpn_modexact_1_odd): each step clears
 * the low limb with a multiple of q and carries into the next.  On return
 * n = -c * 2^(64 L) (mod q), 0 <= c <= q, and r = q - c (2^(64 L) is a
 * square).  Two multiplications a limb and group; for any length. */
static void group_residues_by_limb(cs_span n, uint64_t r[MAX_GROUPS])
{
    uint64_t c[MAX_GROUPS] = { 0 };
    for (size_t end = n.len; end > 0;) {
        size_t start = end > 8 ? end - 8 : 0;
        uint64_t limb = 0;
        for (size_t i = start; i < end; i++)
            limb = limb << 8 | n.p[i];
        end = start;
        /* Groups inner: independent chains, so the multiplications overlap. */
        for (size_t g = 0; g < sp.n_groups; g++) {
            uint64_t borrow = limb < c[g];
            c[g] = mul_hi((limb - c[g]) * sp.prod_inv[g], sp.prod[g]) + borrow;
        }
    }
    for (size_t g = 0; g < sp.n_groups; g++)
        r[g] = sp.prod[g] - c[g];
}

/* One Hensel step: (hi 2^64 + lo) 2^-64 (mod q), as hi - m q / 2^64 for
 * m = lo q^-1 mod 2^64 (the low words cancel exactly), q added back when
 * that is negative.  The result is below hi + q. */
static inline unsigned __int128 hensel_step(unsigned __int128 hi, uint64_t lo, size_t g)
{
    uint64_t h = mul_hi(lo * sp.prod_inv[g], sp.prod[g]);
    return hi >= h ? hi - h : hi + sp.prod[g] - h;
}

/* The same residues with one multiplication a limb and group: n = sum of
 * limb_i 2^(64 i), and 2^(64 i) mod q comes from the table, so each group
 * sums limb_i (2^(64 i) mod q) in 192 bits (TABLE_LIMBS products below
 * 2^128 each), then two Hensel steps bring the sum below q: r = n 2^-128
 * (mod q), and 2^-128 is a square.  For moduli of TABLE_LIMBS limbs at
 * most. */
static void group_residues_by_table(cs_span n, uint64_t r[MAX_GROUPS])
{
    uint64_t limb[TABLE_LIMBS];
    size_t L = 0;
    for (size_t end = n.len; end > 0; L++) {
        size_t start = end > 8 ? end - 8 : 0;
        uint64_t v = 0;
        for (size_t i = start; i < end; i++)
            v = v << 8 | n.p[i];
        limb[L] = v;
        end = start;
    }
    /* Limbs inner: the sum stays in registers. */
    for (size_t g = 0; g < sp.n_groups; g++) {
        unsigned __int128 sum = 0;
        uint64_t top = 0; /* bits 128.. of the sum */
        for (size_t i = 0; i < L; i++) {
            unsigned __int128 term = (unsigned __int128)limb[i] * sp.power[i][g];
            sum += term;
            top += sum < term;
        }
        /* Below 2^71 after the first step, below 2^7 + q after the
         * second: any representative of the class will do. */
        unsigned __int128 y = hensel_step((unsigned __int128)top << 64 | (uint64_t)(sum >> 64), (uint64_t)sum, g);
        r[g] = (uint64_t)hensel_step(y >> 64, (uint64_t)y, g);
    }
}

/* Cheap necessary conditions for n (odd) to be a perfect square: n = 1
 * mod 8, and a square mod each prime below 64.  An odd non-square passes
 * with probability about 2^-19, so the exact test below runs for almost
 * no key. */
static bool may_be_square(cs_span n, const uint64_t r[MAX_GROUPS])
{
    if ((n.p[n.len - 1] & 7) != 1)
        return false;
    for (size_t k = 0; k < N_QR_PRIMES; k++) {
        uint64_t p = small_primes[k], x = r[sp.group[k]] % p;
        if (!((sp.squares[k] >> x) & 1))
            return false;
    }
    return true;
}

/* True when n is a perfect square (Newton's integer square root). */
static bool bn_is_square(const BIGNUM *n, BN_CTX *ctx)
{
    bool square = false;
    BN_CTX_start(ctx);
    BIGNUM *x = BN_CTX_get(ctx), *y = BN_CTX_get(ctx), *t = BN_CTX_get(ctx);
    if (!t)
        goto out;
    /* x0 = 2^ceil(bits/2) >= sqrt(n) */
    if (!BN_set_word(x, 0) || !BN_set_bit(x, (BN_num_bits(n) + 1) / 2))
        goto out;
    for (int i = 0; i < 4096; i++) {
        /* y = (x + n / x) / 2 */
        if (!BN_div(t, NULL, n, x, ctx) || !BN_add(y, x, t) || !BN_rshift1(y, y))
            goto out;
        if (BN_cmp(y, x) >= 0)
            break;
        if (!BN_copy(x, y))
            goto out;
    }
    if (BN_sqr(t, x, ctx))
        square = BN_cmp(t, n) == 0;
out:
    BN_CTX_end(ctx);
    return square;
}

cs_rsa_modulus_fault cs_rsa_modulus_structure(cs_span m, unsigned *factor)
{
    if (m.len == 0)
        return CS_RSA_MODULUS_UNDECIDED;
    if (m.p[0] & 0x80)
        return CS_RSA_MODULUS_NEGATIVE;
    if (!(m.p[m.len - 1] & 1))
        return CS_RSA_MODULUS_EVEN;
    pthread_once(&sp_once, sp_init);
    uint64_t r[MAX_GROUPS];
    if ((m.len + 7) / 8 <= TABLE_LIMBS)
        group_residues_by_table(m, r);
    else
        group_residues_by_limb(m, r);
    for (size_t k = 0; k < N_PRIMES; k++)
        if (r[sp.group[k]] * sp.inv[k] <= sp.max_quot[k]) {
            *factor = small_primes[k];
            return CS_RSA_MODULUS_SMALL_FACTOR;
        }
    if (!may_be_square(m, r))
        return CS_RSA_MODULUS_OK;
    BIGNUM *n = BN_bin2bn(m.p, (int)m.len, NULL);
    BN_CTX *ctx = BN_CTX_new();
    cs_rsa_modulus_fault f = CS_RSA_MODULUS_UNDECIDED;
    if (n && ctx)
        f = bn_is_square(n, ctx) ? CS_RSA_MODULUS_SQUARE : CS_RSA_MODULUS_OK;
    BN_free(n);
    BN_CTX_free(ctx);
    return f;
}

const char *cs_rsa_modulus_fault_text(cs_rsa_modulus_fault f)
{
    switch (f) {
    case CS_RSA_MODULUS_OK: return "well formed";
    case CS_RSA_MODULUS_NEGATIVE: return "negative";
    case CS_RSA_MODULUS_EVEN: return "even";
    case CS_RSA_MODULUS_SMALL_FACTOR: return "divisible by a prime below 752";
    case CS_RSA_MODULUS_SQUARE: return "a perfect square";
    case CS_RSA_MODULUS_UNDECIDED: break;
    }
    return "not decided";
}
