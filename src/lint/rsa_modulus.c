/* RSA modulus structure (NIST SP 800-89 5.3.3); see rsa_modulus.h.
 * Moved here from the S/MIME key rules when the TLS rules needed it too. */
#include "lint/rsa_modulus.h"

#include <openssl/bn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_IFMA 1
#endif

#include "keys/roca.h"
#include "util/be_limbs.h"

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
    MAX_GROUPS = CS_RSA_RESIDUE_GROUPS, /* 22 needed: five primes below 2^10 always fit a group, so at most 27 */
    TABLE_LIMBS = 64,  /* moduli up to 4096 bits take the table; longer ones the limb-by-limb way */
    GROUP_BITS = 52,   /* group products below 2^52: a lane of AVX-512 IFMA multiplies 52-bit numbers;
                        * and TABLE_LIMBS products of a limb and a power below 2^(64 + 52) sum below
                        * 2^128, so the scalar sum needs no third word */
    IFMA_LIMBS = (64 * TABLE_LIMBS + 51) / 52, /* the table's moduli in 52-bit limbs */
    IFMA_VECS = 3,     /* 8 groups a vector: 24 lanes for the 22 groups (group_residues_ifma has three) */
};

/* Constants for trial division, computed once.  The primes are multiplied
 * into groups whose product is below 2^GROUP_BITS, and the modulus is reduced
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
    uint64_t power[MAX_GROUPS][TABLE_LIMBS]; /* 2^(64 i) mod the product of group g */
    uint16_t pow128[N_PRIMES];     /* 2^128 mod p */
    bool roca_primes_ours;         /* keys/roca.h's primes are the first of small_primes */
    bool ifma;                     /* the CPU has AVX-512 IFMA and the groups fit its lanes */
    /* 2^(52 i) mod the product of group 8 v + lane (0 for lanes past the groups) */
    _Alignas(64) uint64_t power52[IFMA_VECS][IFMA_LIMBS][8];
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

/* 2^e mod p, p a small odd prime. */
static uint32_t pow2_mod(uint64_t e, uint32_t p)
{
    uint32_t result = 1 % p, base = 2 % p;
    for (; e; e >>= 1) {
        if (e & 1)
            result = result * base % p;
        base = base * base % p;
    }
    return result;
}

static void sp_init(void)
{
    uint64_t prod = 1;
    for (size_t k = 0; k < N_PRIMES; k++) {
        uint64_t p = small_primes[k];
        if (prod > ((UINT64_C(1) << GROUP_BITS) - 1) / p) {
            sp.prod[sp.n_groups++] = prod;
            prod = 1;
        }
        prod *= p;
        sp.group[k] = (uint8_t)sp.n_groups;
        sp.inv[k] = inverse_mod_2_64(p);
        sp.max_quot[k] = UINT64_MAX / p;
        sp.pow128[k] = (uint16_t)pow2_mod(128, (uint32_t)p);
        for (uint64_t x = 0; k < N_QR_PRIMES && x < p; x++)
            sp.squares[k] |= UINT64_C(1) << (x * x % p);
    }
    sp.prod[sp.n_groups++] = prod;
    sp.roca_primes_ours = true;
    for (size_t i = 0; i < CS_ROCA_PRIMES; i++)
        sp.roca_primes_ours &= i < N_PRIMES && cs_roca_primes[i] == small_primes[i];
    for (size_t g = 0; g < sp.n_groups; g++) {
        sp.prod_inv[g] = inverse_mod_2_64(sp.prod[g]);
        uint64_t power = 1;
        for (size_t i = 0; i < TABLE_LIMBS; i++) {
            sp.power[g][i] = power;
            power = (uint64_t)(((unsigned __int128)power << 64) % sp.prod[g]);
        }
        if (g < IFMA_VECS * 8) {
            power = 1;
            for (size_t i = 0; i < IFMA_LIMBS; i++) {
                sp.power52[g / 8][i][g % 8] = power;
                power = (uint64_t)(((unsigned __int128)power << 52) % sp.prod[g]);
            }
        }
    }
#ifdef HAVE_IFMA
    sp.ifma = sp.n_groups <= IFMA_VECS * 8 && __builtin_cpu_supports("avx512f") &&
              __builtin_cpu_supports("avx512ifma");
#endif
}

/* High half of the 128-bit product. */
static inline uint64_t mul_hi(uint64_t a, uint64_t b) { return (uint64_t)((unsigned __int128)a * b >> 64); }

/* What both reductions below give for the modulus n: for each group
 * product q, a 64-bit r with r = n 2^-shift (mod q), shift even, so that
 * 2^-shift is a square unit.  So a prime of the group divides n exactly
 * when it divides r, and n is a square mod it exactly when r is. */

/* Reduces the big-endian magnitude n of L 64-bit limbs modulo every group
 * product q at once, from the low limb up, by multiplications only (Hensel
 * / Montgomery reduction, as GMP's mpn_modexact_1_odd): each step clears
 * the low limb with a multiple of q and carries into the next.  On return
 * n = -c * 2^(64 L) (mod q), 0 <= c <= q, and r = q - c (2^(64 L) is a
 * square).  Two multiplications a limb and group; for any length. */
static uint64_t group_residues_by_limb(cs_span n, uint64_t r[MAX_GROUPS])
{
    uint64_t limbs = 0;
    uint64_t c[MAX_GROUPS] = { 0 };
    for (size_t end = n.len; end > 0;) {
        size_t start = end > 8 ? end - 8 : 0;
        uint64_t limb = 0;
        for (size_t i = start; i < end; i++)
            limb = limb << 8 | n.p[i];
        end = start;
        limbs++;
        /* Groups inner: independent chains, so the multiplications overlap. */
        for (size_t g = 0; g < sp.n_groups; g++) {
            uint64_t borrow = limb < c[g];
            c[g] = mul_hi((limb - c[g]) * sp.prod_inv[g], sp.prod[g]) + borrow;
        }
    }
    for (size_t g = 0; g < sp.n_groups; g++)
        r[g] = sp.prod[g] - c[g];
    return 64 * limbs;
}

/* The sum s of group g to r = s 2^-128 (mod q) by two Hensel steps, each
 * (hi 2^64 + lo) 2^-64 = hi - m q / 2^64 (mod q) for m = lo q^-1 mod 2^64
 * (the low words cancel exactly).  The first gives hi - h, or hi + q - h
 * when that is negative: below 2^64 either way; the second starts from
 * hi = 0 and gives q - h, in 1..q (any representative of the class will
 * do).  Without branches: which way the first goes is a coin toss. */
static inline uint64_t group_residue(unsigned __int128 s, size_t g)
{
    uint64_t q = sp.prod[g], inv = sp.prod_inv[g], hi = (uint64_t)(s >> 64);
    uint64_t h = mul_hi((uint64_t)s * inv, q);
    uint64_t y = hi - h + (q & -(uint64_t)(hi < h));
    return q - mul_hi(y * inv, q);
}

/* The same residues with one multiplication a limb and group: n = sum of
 * limb_i 2^(64 i), and 2^(64 i) mod q comes from the table, so each group
 * sums limb_i (2^(64 i) mod q) in 128 bits (TABLE_LIMBS products below
 * 2^(64 + GROUP_BITS) each): r = n 2^-128 (mod q).  For moduli of
 * TABLE_LIMBS limbs at most. */
static uint64_t group_residues_by_table(cs_span n, uint64_t r[MAX_GROUPS])
{
    uint64_t limb[TABLE_LIMBS];
    size_t L = cs_be_limbs(n, limb);
    /* Limbs inner, the sums in registers; two groups a pass share the
     * limb loads and overlap their multiplications. */
    for (size_t g = 0; g < sp.n_groups; g += 2) {
        size_t h = g + 1 < sp.n_groups ? g + 1 : g;
        unsigned __int128 sum = 0, sum2 = 0;
        for (size_t i = 0; i < L; i++) {
            sum += (unsigned __int128)limb[i] * sp.power[g][i];
            sum2 += (unsigned __int128)limb[i] * sp.power[h][i];
        }
        r[g] = group_residue(sum, g);
        r[h] = group_residue(sum2, h);
    }
    return 128;
}

#ifdef HAVE_IFMA
/* The same sums eight groups at a time (AVX-512 IFMA, where the CPU has
 * it: a third of the scalar table's time): n = sum of its 52-bit limbs
 * m_i 2^(52 i), and vpmadd52luq / vpmadd52huq add the low and high 52
 * bits of m_i (2^(52 i) mod q) to a lane's two sums (each below 2^59 for
 * IFMA_LIMBS terms); the group's sum is lo + hi 2^52 < 2^112. */
__attribute__((target("avx512f,avx512ifma"))) static uint64_t group_residues_ifma(cs_span n, uint64_t r[MAX_GROUPS])
{
    uint64_t limb[TABLE_LIMBS + 1], m[IFMA_LIMBS];
    size_t L = cs_be_limbs(n, limb), M = (64 * L + 51) / 52;
    limb[L] = 0;
    for (size_t i = 0; i < M; i++) {
        size_t bit = 52 * i, k = bit / 64, s = bit % 64;
        uint64_t v = limb[k] >> s;
        if (s > 12)
            v |= limb[k + 1] << (64 - s);
        m[i] = v & ((UINT64_C(1) << 52) - 1);
    }
    /* Three vectors written out (IFMA_VECS), so that the six sums stay in
     * registers: independent chains hide the multiplier's latency. */
    __m512i lo0 = _mm512_setzero_si512(), lo1 = lo0, lo2 = lo0, hi0 = lo0, hi1 = lo0, hi2 = lo0;
    for (size_t i = 0; i < M; i++) {
        __m512i a = _mm512_set1_epi64((long long)m[i]);
        __m512i b0 = _mm512_load_si512(sp.power52[0][i]), b1 = _mm512_load_si512(sp.power52[1][i]),
                b2 = _mm512_load_si512(sp.power52[2][i]);
        lo0 = _mm512_madd52lo_epu64(lo0, a, b0);
        hi0 = _mm512_madd52hi_epu64(hi0, a, b0);
        lo1 = _mm512_madd52lo_epu64(lo1, a, b1);
        hi1 = _mm512_madd52hi_epu64(hi1, a, b1);
        lo2 = _mm512_madd52lo_epu64(lo2, a, b2);
        hi2 = _mm512_madd52hi_epu64(hi2, a, b2);
    }
    _Alignas(64) uint64_t los[IFMA_VECS * 8], his[IFMA_VECS * 8];
    _mm512_store_si512(los, lo0);
    _mm512_store_si512(los + 8, lo1);
    _mm512_store_si512(los + 16, lo2);
    _mm512_store_si512(his, hi0);
    _mm512_store_si512(his + 8, hi1);
    _mm512_store_si512(his + 16, hi2);
    for (size_t g = 0; g < sp.n_groups; g++)
        r[g] = group_residue(((unsigned __int128)his[g] << 52) + los[g], g);
    return 128;
}
#endif

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

static void residues_of(cs_span n, cs_rsa_residues *r, bool vector)
{
    pthread_once(&sp_once, sp_init);
    memset(r->group, 0, sizeof r->group);
    /* Without the leading zero octet of a DER INTEGER with its high bit
     * set, a 4096-bit modulus is 64 limbs: the table's. */
    n = cs_span_skip_zeros(n);
    if ((n.len + 7) / 8 > TABLE_LIMBS)
        r->shift = group_residues_by_limb(n, r->group);
#ifdef HAVE_IFMA
    else if (vector && sp.ifma)
        r->shift = group_residues_ifma(n, r->group);
#endif
    else
        r->shift = group_residues_by_table(n, r->group);
    (void)vector;
}

void cs_rsa_residues_of(cs_span n, cs_rsa_residues *r) { residues_of(n, r, true); }

void cs_rsa_residues_portable(cs_span n, cs_rsa_residues *r) { residues_of(n, r, false); }

cs_rsa_modulus_fault cs_rsa_modulus_structure_from(cs_span m, const cs_rsa_residues *res, unsigned *factor)
{
    if (m.len == 0)
        return CS_RSA_MODULUS_UNDECIDED;
    if (m.p[0] & 0x80)
        return CS_RSA_MODULUS_NEGATIVE;
    if (!(m.p[m.len - 1] & 1))
        return CS_RSA_MODULUS_EVEN;
    const uint64_t *r = res->group;
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

cs_rsa_modulus_fault cs_rsa_modulus_structure(cs_span m, unsigned *factor)
{
    cs_rsa_residues r;
    cs_rsa_residues_of(m, &r);
    return cs_rsa_modulus_structure_from(m, &r, factor);
}

bool cs_rsa_roca_from(cs_span modulus, const cs_rsa_residues *r)
{
    pthread_once(&sp_once, sp_init);
    if (!sp.roca_primes_ours)
        return cs_roca_fingerprint(modulus);
    if (modulus.len == 0)
        return false;
    /* n mod p = (r mod p) 2^shift mod p (2^128 from the table); most
     * moduli fail within a few primes. */
    for (unsigned i = 0; i < CS_ROCA_PRIMES; i++) {
        uint32_t p = small_primes[i];
        uint32_t scale = r->shift == 128 ? sp.pow128[i] : pow2_mod(r->shift, p);
        uint32_t x = (uint32_t)(r->group[sp.group[i]] % p) * scale % p;
        if (!cs_roca_residue_allowed(i, x))
            return false;
    }
    return true;
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
