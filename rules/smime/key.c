/* S/MIME BR subject public keys (SBR 6.1.5, 6.1.6, 7.1.3.1) and known-weak
 * keys (SBR 6.1.1.3 (5), through src/keys/weak_rsa.h).
 *
 * The AlgorithmIdentifier allow-list is data with an effective date per
 * entry (SMC013 added the ML-DSA and ML-KEM encodings).  The few checks
 * that need arithmetic on the key (RSA modulus structure, EC point on the
 * curve) use OpenSSL and run only for keys of their type. */
#include "smime_common.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <pthread.h>
#include <string.h>

#include "keys/weak_rsa.h"

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

typedef struct algid_entry {
    const char *name;
    int64_t since; /* notBefore from which the encoding is allowed */
    uint8_t len;
    uint8_t der[24];
} algid_entry;

static const algid_entry spki_allowed[] = {
    { "rsaEncryption", SMIME_BR_START_T, 15, { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 } },
    { "P-256", SMIME_BR_START_T, 21, { 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 } },
    { "P-384", SMIME_BR_START_T, 18, { 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 } },
    { "P-521", SMIME_BR_START_T, 18, { 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23 } },
    { "Ed25519", SMIME_BR_START_T, 7, { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 } },
    { "Ed448", SMIME_BR_START_T, 7, { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71 } },
    { "ML-DSA-44", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11 } },
    { "ML-DSA-65", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12 } },
    { "ML-DSA-87", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13 } },
    { "ML-KEM-512", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x01 } },
    { "ML-KEM-768", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x02 } },
    { "ML-KEM-1024", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x03 } },
};

static cs_result check_spki_algid(const cs_cert *c, cs_detail *d)
{
    for (size_t i = 0; i < sizeof spki_allowed / sizeof spki_allowed[0]; i++) {
        const algid_entry *e = &spki_allowed[i];
        if (cs_span_eq_bytes(c->spki.alg.der, e->der, e->len)) {
            if (c->rules_time_valid && c->rules_time < e->since)
                return cs_fail(d, "%s keys are allowed only from 2025-08-22", e->name);
            return CS_PASS;
        }
    }
    const char *name = cs_oid_short_name(c->spki.alg.id);
    return cs_fail(d, "SPKI AlgorithmIdentifier not allowed (%s%s)", *name ? name : "unknown OID",
                   c->spki.alg.id == CS_OID_KEY_EC || c->spki.alg.id == CS_OID_KEY_RSA ? " with these parameters" : "");
}
CS_RULE(smime_spki_algid_not_allowed) = {
    SMIME_META(smime_spki_algid_not_allowed, ERROR, "SBR 7.1.3.1", SMIME_BR_START),
    .description = "SubjectPublicKeyInfo AlgorithmIdentifier is not byte-identical to an allowed "
                   "encoding (RSA+NULL, P-256/384/521, Ed25519/448; ML-DSA/ML-KEM from 2025-08-22)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_invalid_spki_algoid,e_invalid_legacy_spki_algoid", .pkilint = "cabf.smime.prohibited_spki_algorithm_encoding",
    .applies = any_profile, .check = check_spki_algid,
};

static cs_result check_pqc_before(const cs_cert *c, cs_detail *d)
{
    if (c->spki.type == CS_KEY_ML_DSA || c->spki.type == CS_KEY_ML_KEM)
        return cs_fail(d, "%s key in a certificate issued before SMC013 (2025-08-22)",
                       cs_oid_short_name(c->spki.alg.id));
    return CS_PASS;
}
CS_RULE(smime_pqc_key_before_smc013) = {
    SMIME_META(smime_pqc_key_before_smc013, ERROR, "SBR 6.1.5, 7.1.3.1 (SMC013)", SMIME_BR_START),
    .ineffective = SMIME_SMC013,
    .description = "ML-DSA or ML-KEM key in a certificate issued before PQC keys were allowed",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = NULL,
    .applies = any_profile, .check = check_pqc_before,
};

/* ---- RSA ------------------------------------------------------------ */

static bool rsa_profile(const cs_cert *c) { return any_profile(c) && c->spki.type == CS_KEY_RSA && c->spki.rsa_modulus.len; }

static cs_result check_rsa_small(const cs_cert *c, cs_detail *d)
{
    if (c->spki.key_bits < 2048)
        return cs_fail(d, "RSA modulus is %u bits", (unsigned)c->spki.key_bits);
    return CS_PASS;
}
CS_RULE(smime_rsa_modulus_too_small) = {
    SMIME_META(smime_rsa_modulus_too_small, ERROR, "SBR 6.1.5", SMIME_BR_START),
    .description = "RSA modulus shorter than 2048 bits",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = "e_mp_modulus_must_be_2048_bits_or_more", .pkilint = "cabf.rsa_modulus_invalid_length",
    .applies = rsa_profile, .check = check_rsa_small,
};

static cs_result check_rsa_mult8(const cs_cert *c, cs_detail *d)
{
    if (c->spki.key_bits % 8)
        return cs_fail(d, "RSA modulus is %u bits, not a multiple of 8", (unsigned)c->spki.key_bits);
    return CS_PASS;
}
CS_RULE(smime_rsa_modulus_not_multiple_of_8) = {
    SMIME_META(smime_rsa_modulus_not_multiple_of_8, ERROR, "SBR 6.1.5", SMIME_BR_START),
    .description = "RSA modulus bit length not divisible by 8",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = "e_mp_modulus_must_be_divisible_by_8", .pkilint = "cabf.rsa_modulus_invalid_length",
    .applies = rsa_profile, .check = check_rsa_mult8,
};

/* The exponent's magnitude without leading zero octets. */
static cs_span exponent_magnitude(const cs_cert *c)
{
    return cs_span_skip_zeros(c->spki.rsa_exponent);
}

static cs_result check_rsa_exponent(const cs_cert *c, cs_detail *d)
{
    cs_span raw = c->spki.rsa_exponent;
    if (raw.len == 0 || (raw.p[0] & 0x80))
        return cs_fail(d, "RSA public exponent is negative or empty");
    cs_span e = exponent_magnitude(c);
    if (e.len == 0 || (e.len == 1 && e.p[0] < 3))
        return cs_fail(d, "RSA public exponent is less than 3");
    if (!(e.p[e.len - 1] & 1))
        return cs_fail(d, "RSA public exponent is even");
    return CS_PASS;
}
CS_RULE(smime_rsa_exponent_invalid) = {
    SMIME_META(smime_rsa_exponent_invalid, ERROR, "SBR 6.1.6", SMIME_BR_START),
    .description = "RSA public exponent is even or less than 3",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = NULL, .pkilint = "cabf.rsa_exponent_prohibited_value",
    .applies = rsa_profile, .check = check_rsa_exponent,
};

static cs_result check_rsa_exponent_range(const cs_cert *c, cs_detail *d)
{
    cs_span e = exponent_magnitude(c);
    if (c->spki.rsa_exponent.len && (c->spki.rsa_exponent.p[0] & 0x80))
        return cs_fail(d, "RSA public exponent is negative");
    /* 2^16+1 = 01 00 01 ; 2^256-1 fits in 32 octets */
    bool small = e.len < 3 || (e.len == 3 && (e.p[0] == 0x01 && e.p[1] == 0x00 && e.p[2] == 0x00));
    if (small)
        return cs_fail(d, "RSA public exponent below 2^16+1");
    if (e.len > 32)
        return cs_fail(d, "RSA public exponent above 2^256-1");
    return CS_PASS;
}
CS_RULE(smime_rsa_exponent_out_of_range) = {
    SMIME_META(smime_rsa_exponent_out_of_range, WARNING, "SBR 6.1.6", SMIME_BR_START),
    .description = "RSA public exponent outside [2^16+1, 2^256-1]",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = NULL, .pkilint = "cabf.rsa_exponent_not_in_recommended_range",
    .applies = rsa_profile, .check = check_rsa_exponent_range,
};

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
    for (size_t g = 0; g < sp.n_groups; g++)
        sp.prod_inv[g] = inverse_mod_2_64(sp.prod[g]);
}

/* High half of the 128-bit product. */
static inline uint64_t mul_hi(uint64_t a, uint64_t b) { return (uint64_t)((unsigned __int128)a * b >> 64); }

/* Reduces the big-endian magnitude n of L 64-bit limbs modulo every group
 * product q at once, from the low limb up, by multiplications only (Hensel
 * / Montgomery reduction, as GMP's mpn_modexact_1_odd): each step clears
 * the low limb with a multiple of q and carries into the next.  On return
 * n = -c[g] * 2^(64 L) (mod q), 0 <= c[g] <= q: p | n exactly when p | c[g],
 * and since 2^(64 L) is a square, n is a square mod p exactly when -c[g] is. */
static void group_residues(cs_span n, uint64_t c[MAX_GROUPS])
{
    memset(c, 0, MAX_GROUPS * sizeof c[0]);
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
}

/* Cheap necessary conditions for n (odd) to be a perfect square: n = 1
 * mod 8, and a square mod each prime below 64.  An odd non-square passes
 * with probability about 2^-19, so the exact test below runs for almost
 * no key. */
static bool may_be_square(cs_span n, const uint64_t c[MAX_GROUPS])
{
    if ((n.p[n.len - 1] & 7) != 1)
        return false;
    for (size_t k = 0; k < N_QR_PRIMES; k++) {
        uint64_t p = small_primes[k], x = (p - c[sp.group[k]] % p) % p;
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

static cs_result check_rsa_structure(const cs_cert *c, cs_detail *d)
{
    cs_span m = c->spki.rsa_modulus;
    if (m.p[0] & 0x80)
        return cs_fail(d, "RSA modulus is negative");
    if (!(m.p[m.len - 1] & 1))
        return cs_fail(d, "RSA modulus is even");
    pthread_once(&sp_once, sp_init);
    uint64_t r[MAX_GROUPS];
    group_residues(m, r);
    for (size_t k = 0; k < N_PRIMES; k++)
        if (r[sp.group[k]] * sp.inv[k] <= sp.max_quot[k])
            return cs_fail(d, "RSA modulus has the small factor %u", (unsigned)small_primes[k]);
    if (!may_be_square(m, r))
        return CS_PASS;
    BIGNUM *n = BN_bin2bn(m.p, (int)m.len, NULL);
    BN_CTX *ctx = BN_CTX_new();
    cs_result res = CS_NA;
    if (n && ctx)
        res = bn_is_square(n, ctx) ? cs_fail(d, "RSA modulus is a perfect square") : CS_PASS;
    BN_free(n);
    BN_CTX_free(ctx);
    return res;
}
CS_RULE(smime_rsa_modulus_weak_structure) = {
    SMIME_META(smime_rsa_modulus_weak_structure, WARNING, "SBR 6.1.6", SMIME_BR_START),
    .description = "RSA modulus is even, has a prime factor below 752, or is a perfect square; "
                   "higher prime powers are not tested (needs a full modular exponentiation per key)",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = NULL, .pkilint = "cabf.rsa_modulus_has_small_prime_factor",
    .applies = rsa_profile, .check = check_rsa_structure,
};

/* SBR 6.1.1.3 (5): "a demonstrated or proven method to easily compute
 * the Applicant's Private Key based on the Public Key (such as a Debian
 * weak key)": ROCA and close primes are such methods too. */
static cs_result check_rsa_weak_known(const cs_cert *c, cs_detail *d)
{
    if (!cs_rsa_weak_checkable(c->spki.rsa_modulus))
        return CS_NA;
    if (cs_rsa_known_weak(c->spki.rsa_modulus, CS_RSA_ALL_WEAKNESSES, d->text, sizeof d->text))
        return CS_FAIL;
    return CS_PASS;
}
CS_RULE(smime_rsa_weak_key_known) = {
    SMIME_META(smime_rsa_weak_key_known, ERROR, "SBR 6.1.1.3 (5)", SMIME_BR_START),
    .description = "RSA key is a known-weak key: ROCA fingerprint, primes close enough for Fermat's method "
                   "within 100 rounds, or a Debian weak key (only with a blocklist in $CERTSWEEP_DEBIAN_WEAK_KEYS: "
                   "none ships); moduli above 16384 bits are not checked",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = "e_rsa_fermat_factorization", .pkilint = NULL,
    .applies = rsa_profile, .check = check_rsa_weak_known,
};

/* ---- EC ------------------------------------------------------------- */

static const struct ec_curve {
    cs_oid_id id;
    int nid;
    size_t field_bytes;
} ec_curves[] = {
    { CS_OID_CURVE_P256, NID_X9_62_prime256v1, 32 },
    { CS_OID_CURVE_P384, NID_secp384r1, 48 },
    { CS_OID_CURVE_P521, NID_secp521r1, 66 },
};
enum { N_CURVES = sizeof ec_curves / sizeof ec_curves[0] };

/* One group per curve, built once: building it was most of the check's
 * cost.  Threads share it read-only: the calls below take it const and
 * do not modify it, and an object no thread modifies may be used by many
 * at once (openssl-threads(7)).  The point and BN_CTX stay per call.
 * Never freed, like the OID table: it stays reachable, so LeakSanitizer
 * does not report it. */
static EC_GROUP *ec_groups[N_CURVES];
static pthread_once_t ec_once = PTHREAD_ONCE_INIT;

static void ec_groups_init(void)
{
    for (size_t i = 0; i < N_CURVES; i++)
        ec_groups[i] = EC_GROUP_new_by_curve_name(ec_curves[i].nid);
}

static const struct ec_curve *ec_curve_of(cs_oid_id id)
{
    for (size_t i = 0; i < N_CURVES; i++)
        if (ec_curves[i].id == id)
            return &ec_curves[i];
    return NULL;
}

static bool ec_profile(const cs_cert *c)
{
    return any_profile(c) && c->spki.type == CS_KEY_EC && !c->spki.ec_explicit_params &&
           ec_curve_of(c->spki.curve);
}

static cs_result check_ec_point(const cs_cert *c, cs_detail *d)
{
    const struct ec_curve *curve = ec_curve_of(c->spki.curve);
    size_t fb = curve->field_bytes;
    cs_span k = c->spki.key;
    if (c->spki.key_unused_bits)
        return cs_fail(d, "EC public key BIT STRING has unused bits");
    bool uncompressed = k.len == 1 + 2 * fb && k.p[0] == 0x04;
    bool compressed = k.len == 1 + fb && (k.p[0] == 0x02 || k.p[0] == 0x03);
    if (!uncompressed && !compressed)
        return cs_fail(d, "EC public key has the wrong length or form (%zu octets)", k.len);
    pthread_once(&ec_once, ec_groups_init);
    const EC_GROUP *g = ec_groups[curve - ec_curves];
    EC_POINT *pt = g ? EC_POINT_new(g) : NULL;
    BN_CTX *ctx = pt ? BN_CTX_new() : NULL;
    cs_result res = CS_NA;
    if (ctx) {
        if (!EC_POINT_oct2point(g, pt, k.p, k.len, ctx) || EC_POINT_is_at_infinity(g, pt) ||
            EC_POINT_is_on_curve(g, pt, ctx) != 1)
            res = cs_fail(d, "EC public key is not a valid point on %s", cs_oid_short_name(c->spki.curve));
        else
            res = CS_PASS;
    }
    BN_CTX_free(ctx);
    EC_POINT_free(pt);
    return res;
}
CS_RULE(smime_ec_point_invalid) = {
    SMIME_META(smime_ec_point_invalid, ERROR, "SBR 6.1.5, 6.1.6", SMIME_BR_START),
    .description = "EC public key is not a valid point (wrong length or form, the identity, or "
                   "not on the named curve); checked for P-256/P-384/P-521 keys",
    .applies_to = "S/MIME subscriber certificates with P-256/P-384/P-521 keys",
    .zlint = NULL, .pkilint = "cabf.ecdsa_key_validation_failed",
    .applies = ec_profile, .check = check_ec_point,
};

/* ---- EdDSA, ML-DSA, ML-KEM ------------------------------------------ */

static bool eddsa_profile(const cs_cert *c)
{
    return any_profile(c) && (c->spki.type == CS_KEY_ED25519 || c->spki.type == CS_KEY_ED448);
}

static cs_result check_eddsa_key(const cs_cert *c, cs_detail *d)
{
    size_t want = c->spki.type == CS_KEY_ED25519 ? 32 : 57;
    if (c->spki.key_unused_bits || c->spki.key.len != want)
        return cs_fail(d, "%s public key is %zu octets (expected %zu)", cs_oid_short_name(c->spki.alg.id),
                       c->spki.key.len, want);
    return CS_PASS;
}
CS_RULE(smime_eddsa_key_invalid) = {
    SMIME_META(smime_eddsa_key_invalid, ERROR, "SBR 6.1.5", SMIME_BR_START),
    .description = "Ed25519/Ed448 public key not 32/57 octets (point decoding is not checked: "
                   "OpenSSL exposes no EdDSA point validation)",
    .applies_to = "S/MIME subscriber certificates with Ed25519 or Ed448 keys",
    .zlint = NULL, .pkilint = NULL,
    .applies = eddsa_profile, .check = check_eddsa_key,
};

static bool mldsa_profile(const cs_cert *c) { return any_profile(c) && c->spki.type == CS_KEY_ML_DSA; }
static bool mlkem_profile(const cs_cert *c) { return any_profile(c) && c->spki.type == CS_KEY_ML_KEM; }

static cs_result check_pqc_length(const cs_cert *c, cs_detail *d, const cs_oid_id ids[3], const size_t lens[3])
{
    for (int i = 0; i < 3; i++)
        if (c->spki.alg.id == ids[i]) {
            if (c->spki.key_unused_bits || c->spki.key.len != lens[i])
                return cs_fail(d, "%s public key is %zu octets (expected %zu)", cs_oid_short_name(ids[i]),
                               c->spki.key.len, lens[i]);
            return CS_PASS;
        }
    return CS_NA;
}

static cs_result check_mldsa_length(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id ids[3] = { CS_OID_KEY_ML_DSA_44, CS_OID_KEY_ML_DSA_65, CS_OID_KEY_ML_DSA_87 };
    static const size_t lens[3] = { 1312, 1952, 2592 };
    return check_pqc_length(c, d, ids, lens);
}
CS_RULE(smime_mldsa_key_length) = {
    SMIME_META(smime_mldsa_key_length, ERROR, "SBR 6.1.5, 7.1.3.1.4 (SMC013)", SMIME_SMC013),
    .description = "ML-DSA public key not 1312 / 1952 / 2592 octets for ML-DSA-44 / -65 / -87",
    .applies_to = "S/MIME subscriber certificates with ML-DSA keys",
    .zlint = NULL, .pkilint = NULL,
    .applies = mldsa_profile, .check = check_mldsa_length,
};

static cs_result check_mlkem_length(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id ids[3] = { CS_OID_KEY_ML_KEM_512, CS_OID_KEY_ML_KEM_768, CS_OID_KEY_ML_KEM_1024 };
    static const size_t lens[3] = { 800, 1184, 1568 };
    return check_pqc_length(c, d, ids, lens);
}
CS_RULE(smime_mlkem_key_length) = {
    SMIME_META(smime_mlkem_key_length, ERROR, "SBR 6.1.5, 7.1.3.1.5 (SMC013)", SMIME_SMC013),
    .description = "ML-KEM encapsulation key not 800 / 1184 / 1568 octets for ML-KEM-512 / -768 / -1024",
    .applies_to = "S/MIME subscriber certificates with ML-KEM keys",
    .zlint = NULL, .pkilint = NULL,
    .applies = mlkem_profile, .check = check_mlkem_length,
};
