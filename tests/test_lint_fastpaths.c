/* The rule helpers' fast paths against the slow ways they replace, on
 * generated and hostile inputs. */
#include <criterion/criterion.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>
#include <string.h>

#include "keys/roca.h"
#include "keys/weak_rsa.h"
#include "lint/cert_facts.h"
#include "lint/ec_point.h"
#include "lint/rsa_modulus.h"
#include "weakkeys.h"

/* ---- EC points: the curve equation in GMP limbs for uncompressed
 * points, OpenSSL's decoding for compressed ones ------------------------ */

static const struct {
    cs_oid_id id;
    int nid;
    size_t field;
} curves[] = {
    { CS_OID_CURVE_P256, NID_X9_62_prime256v1, 32 },
    { CS_OID_CURVE_P384, NID_secp384r1, 48 },
    { CS_OID_CURVE_P521, NID_secp521r1, 66 },
};

/* The way it was: decode, then test the identity and the curve equation. */
static bool point_valid_slow(const EC_GROUP *g, const uint8_t *p, size_t len)
{
    EC_POINT *pt = EC_POINT_new(g);
    bool ok = pt && EC_POINT_oct2point(g, pt, p, len, NULL) && !EC_POINT_is_at_infinity(g, pt) &&
              EC_POINT_is_on_curve(g, pt, NULL) == 1;
    EC_POINT_free(pt);
    return ok;
}

static bool point_valid_fast(cs_oid_id curve, const uint8_t *p, size_t len)
{
    cs_spki k = { .type = CS_KEY_EC, .curve = curve, .key = { p, len } };
    cs_ec_point_fault f = cs_ec_point_check(&k);
    cr_assert(f == CS_EC_POINT_OK || f == CS_EC_POINT_INVALID || f == CS_EC_POINT_BAD_FORM, "fault %d", f);
    return f == CS_EC_POINT_OK;
}

Test(lint_fastpaths, ec_point_as_decode_and_curve_test)
{
    size_t valid = 0, invalid = 0;
    for (size_t c = 0; c < sizeof curves / sizeof curves[0]; c++) {
        EC_GROUP *g = EC_GROUP_new_by_curve_name(curves[c].nid);
        cr_assert_not_null(g);
        size_t fb = curves[c].field;
        BIGNUM *p = BN_new();
        cr_assert(p && EC_GROUP_get_curve(g, p, NULL, NULL, NULL));
        for (int round = 0; round < 40; round++) {
            /* A real public point, uncompressed and compressed. */
            BIGNUM *d = BN_new();
            EC_POINT *q = EC_POINT_new(g);
            cr_assert(BN_rand_range(d, EC_GROUP_get0_order(g)) && !BN_is_zero(d));
            cr_assert(EC_POINT_mul(g, q, d, NULL, NULL, NULL));
            uint8_t u[1 + 2 * 66], z[1 + 66];
            cr_assert_eq(EC_POINT_point2oct(g, q, POINT_CONVERSION_UNCOMPRESSED, u, sizeof u, NULL), 1 + 2 * fb);
            cr_assert_eq(EC_POINT_point2oct(g, q, POINT_CONVERSION_COMPRESSED, z, sizeof z, NULL), 1 + fb);
            BN_free(d);
            EC_POINT_free(q);
            uint8_t v[sizeof u];
            for (int kind = 0; kind < 13; kind++) {
                memcpy(v, u, sizeof u);
                size_t len = 1 + 2 * fb;
                switch (kind) {
                case 0: break;                                            /* valid */
                case 1: v[len - 1] ^= 1; break;                           /* y off by one bit: off the curve */
                case 2: v[1 + fb / 2] ^= 0x10; break;                     /* x changed */
                case 3: memset(v + 1 + fb, 0xff, fb); break;              /* y >= p */
                case 4: memset(v + 1, 0, 2 * fb); break;                  /* (0, 0) */
                case 5: RAND_bytes(v + 1, (int)(2 * fb)); break;          /* random coordinates */
                case 6: memcpy(v, z, 1 + fb); len = 1 + fb; break;        /* compressed, valid */
                case 7: memcpy(v, z, 1 + fb); len = 1 + fb; RAND_bytes(v + 1, (int)fb); break; /* random x */
                case 8: memcpy(v, z, 1 + fb); len = 1 + fb; memset(v + 1, 0xff, fb); break;    /* x >= p */
                case 9: /* (x, p - y): the point's negation, valid */
                case 10: /* (x, y + p) when it fits, else (x, p): y not reduced */
                case 11: { /* (x + p, y) when it fits, else (p, y): x not reduced */
                    BIGNUM *t = BN_bin2bn(kind == 11 ? u + 1 : u + 1 + fb, (int)fb, NULL);
                    cr_assert(t);
                    cr_assert(kind == 9 ? BN_sub(t, p, t) : BN_add(t, t, p));
                    if (BN_num_bytes(t) > (int)fb)
                        cr_assert(BN_copy(t, p));
                    cr_assert_eq(BN_bn2binpad(t, kind == 11 ? v + 1 : v + 1 + fb, (int)fb), (int)fb);
                    BN_free(t);
                    break;
                }
                case 12: memset(v + 1, 0xff, 2 * fb); break;            /* both all ones */
                }
                bool slow = point_valid_slow(g, v, len), fast = point_valid_fast(curves[c].id, v, len);
                cr_assert_eq(fast, slow, "curve %zu kind %d: fast %d slow %d", c, kind, fast, slow);
                if (kind == 0 || kind == 6 || kind == 9)
                    cr_assert(fast, "curve %zu kind %d: a real point", c, kind);
                if ((kind >= 1 && kind <= 4) || kind >= 10)
                    cr_assert_not(fast, "curve %zu kind %d: not a point", c, kind);
                fast ? valid++ : invalid++;
            }
        }
        BN_free(p);
        EC_GROUP_free(g);
    }
    cr_assert_gt(valid, 0);
    cr_assert_gt(invalid, 0);
}

/* ---- RSA modulus structure: residues from a table of powers (AVX-512
 * IFMA where the CPU has it, and the portable sums) ------------------------ */

/* The definition with OpenSSL BIGNUMs: sign, parity, the first prime below
 * 752 that divides it (BN_mod_word), a perfect square (integer square
 * root by Newton's method). */
static cs_rsa_modulus_fault modulus_slow(const uint8_t *p, size_t len, unsigned *factor)
{
    if (len == 0)
        return CS_RSA_MODULUS_UNDECIDED;
    if (p[0] & 0x80)
        return CS_RSA_MODULUS_NEGATIVE;
    if (!(p[len - 1] & 1))
        return CS_RSA_MODULUS_EVEN;
    BIGNUM *n = BN_bin2bn(p, (int)len, NULL);
    cr_assert_not_null(n);
    for (unsigned q = 3; q < 752; q += 2) {
        bool prime = true;
        for (unsigned d = 3; d * d <= q; d += 2)
            prime = prime && q % d;
        if (prime && BN_mod_word(n, q) == 0) {
            *factor = q;
            BN_free(n);
            return CS_RSA_MODULUS_SMALL_FACTOR;
        }
    }
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *x = BN_new(), *y = BN_new(), *t = BN_new();
    cr_assert(ctx && x && y && t);
    /* x = floor(sqrt(n)) by Newton from above, then x^2 == n? */
    cr_assert(BN_set_word(x, 0) && BN_set_bit(x, (BN_num_bits(n) + 1) / 2));
    for (;;) {
        cr_assert(BN_div(t, NULL, n, x, ctx) && BN_add(y, x, t) && BN_rshift1(y, y));
        if (BN_cmp(y, x) >= 0)
            break;
        cr_assert(BN_copy(x, y));
    }
    cr_assert(BN_sqr(t, x, ctx));
    bool square = BN_cmp(t, n) == 0;
    BN_free(n), BN_free(x), BN_free(y), BN_free(t);
    BN_CTX_free(ctx);
    return square ? CS_RSA_MODULUS_SQUARE : CS_RSA_MODULUS_OK;
}

static void modulus_same(const uint8_t *p, size_t len, const char *what, size_t i)
{
    unsigned f_fast = 0, f_slow = 0;
    cs_rsa_modulus_fault fast = cs_rsa_modulus_structure((cs_span){ p, len }, &f_fast);
    cs_rsa_modulus_fault slow = modulus_slow(p, len, &f_slow);
    cr_assert_eq(fast, slow, "%s %zu (%zu octets): fast %d slow %d", what, i, len, fast, slow);
    if (fast == CS_RSA_MODULUS_SMALL_FACTOR)
        cr_assert_eq(f_fast, f_slow, "%s %zu: factor %u, expected %u", what, i, f_fast, f_slow);
    /* The reduction other CPUs run (no AVX-512 IFMA) too. */
    cs_rsa_residues r;
    unsigned f_portable = 0;
    cs_rsa_residues_portable((cs_span){ p, len }, &r);
    cs_rsa_modulus_fault portable = cs_rsa_modulus_structure_from((cs_span){ p, len }, &r, &f_portable);
    cr_assert_eq(portable, slow, "%s %zu (%zu octets): portable %d slow %d", what, i, len, portable, slow);
    if (portable == CS_RSA_MODULUS_SMALL_FACTOR)
        cr_assert_eq(f_portable, f_slow, "%s %zu: factor %u, expected %u", what, i, f_portable, f_slow);
}

/* n = a * b, big-endian, into out (len octets); a and b from OpenSSL. */
static size_t product(const BIGNUM *a, const BIGNUM *b, uint8_t *out, size_t size)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *n = BN_new();
    cr_assert(ctx && n && BN_mul(n, a, b, ctx));
    int len = BN_bn2bin(n, out + 1);
    cr_assert(len > 0 && (size_t)len < size, "product of %d and %d bits: %d octets", BN_num_bits(a), BN_num_bits(b), len);
    out[0] = 0; /* a leading zero octet, as DER has before a high bit */
    BN_free(n);
    BN_CTX_free(ctx);
    return (size_t)len + 1;
}

Test(lint_fastpaths, rsa_modulus_as_bignum_definition)
{
    static uint8_t buf[2100];
    /* Random odd numbers of every length up to past the table (4096 bits)
     * and to 8192 bits: most have a small factor. */
    for (size_t len = 1; len <= 1030; len += (len < 40 || (len > 500 && len < 530)) ? 1 : 7) {
        for (int k = 0; k < 3; k++) {
            cr_assert(RAND_bytes(buf, (int)len));
            buf[0] &= 0x7f;
            buf[len - 1] |= 1;
            modulus_same(buf, len, "random", len);
        }
    }
    /* Products of two primes (real moduli: no small factor), a small prime
     * times a big one, and squares, at 512 to 8192 bits. */
    static const int bits[] = { 512, 1024, 2048, 3072, 4096, 4104, 8192 };
    for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++) {
        BIGNUM *p = BN_new(), *q = BN_new(), *s = BN_new();
        cr_assert(p && q && s);
        /* Big primes take long to generate: from 4096 bits, q is a
         * 256-bit prime times a random odd number (which may have small
         * factors: both ways agree on those too). */
        int pb = bits[b] >= 4096 ? 256 : bits[b] / 2;
        cr_assert(BN_generate_prime_ex(p, pb, 0, NULL, NULL, NULL) && BN_generate_prime_ex(q, pb, 0, NULL, NULL, NULL));
        if (pb < bits[b] / 2) {
            BIGNUM *r = BN_new();
            BN_CTX *ctx = BN_CTX_new();
            cr_assert(r && ctx && BN_rand(r, bits[b] - 2 * pb, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD) &&
                      BN_mul(q, q, r, ctx));
            BN_free(r);
            BN_CTX_free(ctx);
        }
        modulus_same(buf, product(p, q, buf, sizeof buf), "p*q", b);
        modulus_same(buf, product(p, p, buf, sizeof buf), "p^2", b);
        modulus_same(buf, product(q, q, buf, sizeof buf), "q^2", b);
        for (unsigned small = 3; small < 760; small += 2) {
            cr_assert(BN_set_word(s, small));
            modulus_same(buf, product(p, s, buf, sizeof buf), "p*small", small);
        }
        BN_free(p), BN_free(q), BN_free(s);
    }
    /* Hostile: empty, zero, one, negative, even, all ones, leading zeros. */
    static const struct {
        size_t len;
        uint8_t b[6];
    } edge[] = { { 0, { 0 } }, { 1, { 0 } }, { 1, { 1 } }, { 1, { 0x81 } }, { 2, { 0, 2 } },
                 { 6, { 0, 0, 0, 0, 0, 9 } }, { 6, { 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff } },
                 { 2, { 0x02, 0xc9 } } /* 713 = 23 * 31 */, { 2, { 0x02, 0xe1 } } /* 737 = 11 * 67 */ };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
        modulus_same(edge[i].b, edge[i].len, "edge", i);
    memset(buf, 0xff, 1024);
    buf[0] = 0x7f;
    modulus_same(buf, 1024, "ones", 0);
}

/* ---- ROCA from the shared residues, against keys/roca.h (GMP) --------- */

static void roca_same(const uint8_t *p, size_t len, const char *what, size_t i)
{
    cs_span n = cs_span_make(p, len);
    cs_rsa_residues r;
    cs_rsa_residues_of(n, &r);
    bool expected = cs_roca_fingerprint(n);
    cr_assert_eq(cs_rsa_roca_from(n, &r), expected, "%s %zu (%zu octets)", what, i, len);
    cs_rsa_residues_portable(n, &r);
    cr_assert_eq(cs_rsa_roca_from(n, &r), expected, "%s %zu (%zu octets), portable", what, i, len);
}

Test(lint_fastpaths, roca_from_residues_as_gmp)
{
    static uint8_t buf[1100];
    /* Random numbers of every length, both reductions (the table to 4096
     * bits, limb by limb past it), high bit set or not. */
    for (size_t len = 0; len <= 1030; len += (len < 40 || (len > 500 && len < 530)) ? 1 : 7)
        for (int k = 0; k < 3; k++) {
            cr_assert(len == 0 || RAND_bytes(buf, (int)len));
            roca_same(buf, len, "random", len);
        }
    /* Library keys (the fingerprint), their primes, and the same moduli
     * behind leading zero octets that push them into the limb-by-limb
     * reduction; small numbers around 1 (which has the fingerprint). */
    size_t with = 0;
    for (unsigned s = 0; s < 2; s++) {
        cg_rsa k;
        cg_rsa_roca(&k, s ? 1024 : 512, s + 1);
        roca_same(k.n, k.n_len, "ROCA n", s);
        roca_same(k.p, k.p_len, "ROCA p", s);
        memset(buf, 0, sizeof buf);
        memcpy(buf + sizeof buf - k.n_len, k.n, k.n_len);
        roca_same(buf, sizeof buf, "ROCA n after zeros", s);
        with += cs_roca_fingerprint(cs_span_make(k.n, k.n_len));
        cg_rsa_free(&k);
    }
    cr_assert_eq(with, 2, "the library keys carry the fingerprint");
    for (unsigned v = 0; v < 70000; v += v < 300 ? 1 : 997) {
        uint8_t small[3] = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
        roca_same(small, 3, "small", v);
    }
}

/* ---- Per-certificate facts: the same answers shared or not ------------ */

static cs_cert cert_a, cert_b;

static void facts_same(const cs_cert *c, unsigned checks)
{
    unsigned f1 = 0, f2 = 0;
    cs_rsa_modulus_fault s1 = cs_cert_rsa_structure(c, &f1), s2 = cs_rsa_modulus_structure(c->spki.rsa_modulus, &f2);
    cr_assert_eq(s1, s2);
    cr_assert_eq(f1, f2);
    char w1[200], w2[200];
    cs_rsa_weakness k1 = cs_cert_rsa_known_weak(c, checks, w1, sizeof w1);
    cs_rsa_weakness k2 = cs_rsa_known_weak(c->spki.rsa_modulus, checks, w2, sizeof w2);
    cr_assert_eq(k1, k2, "checks %u: %d, expected %d", checks, k1, k2);
    cr_assert_str_eq(w1, w2);
}

Test(lint_fastpaths, cert_facts_are_per_certificate)
{
    cg_rsa roca, fermat, plain;
    cg_rsa_roca(&roca, 512, 3);
    cg_rsa_close_primes(&fermat, 1024, 5, 7);
    cg_rsa_random(&plain, 1024, 11);
    const cg_rsa *keys[] = { &roca, &fermat, &plain };
    static const unsigned checks[] = { CS_RSA_ALL_WEAKNESSES, CS_RSA_ROCA, CS_RSA_FERMAT, CS_RSA_DEBIAN, 0 };
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 3; b++)
            for (size_t k = 0; k < sizeof checks / sizeof checks[0]; k++) {
                cert_a.spki.rsa_modulus = cs_span_make(keys[a]->n, keys[a]->n_len);
                cert_b.spki.rsa_modulus = cs_span_make(keys[b]->n, keys[b]->n_len);
                /* Asked about a while b's context is open, then about b
                 * twice (computed, then kept), then with none open. */
                cs_cert_facts_open(&cert_b);
                facts_same(&cert_a, checks[k]);
                facts_same(&cert_b, checks[k]);
                facts_same(&cert_b, checks[k]);
                facts_same(&cert_a, checks[k]);
                cs_cert_facts_close();
                facts_same(&cert_b, checks[k]);
                /* A context reopened for the same view after its modulus
                 * changed (a reused view) forgets the old residues. */
                cs_cert_facts_open(&cert_a);
                facts_same(&cert_a, checks[k]);
                cert_a.spki.rsa_modulus = cert_b.spki.rsa_modulus;
                cs_cert_facts_open(&cert_a);
                facts_same(&cert_a, checks[k]);
                cs_cert_facts_close();
            }
    char why[200];
    cert_a.spki.rsa_modulus = cs_span_make(roca.n, roca.n_len);
    cr_assert_eq(cs_cert_rsa_known_weak(&cert_a, CS_RSA_ALL_WEAKNESSES, why, sizeof why), CS_RSA_ROCA);
    cert_a.spki.rsa_modulus = cs_span_make(fermat.n, fermat.n_len);
    cr_assert_eq(cs_cert_rsa_known_weak(&cert_a, CS_RSA_ALL_WEAKNESSES, why, sizeof why), CS_RSA_FERMAT);
    cg_rsa_free(&roca);
    cg_rsa_free(&fermat);
    cg_rsa_free(&plain);
}
