/* The rule helpers' fast paths against the slow ways they replace, on
 * generated and hostile inputs. */
#include <criterion/criterion.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>
#include <string.h>

#include "lint/ec_point.h"
#include "lint/rsa_modulus.h"

/* ---- EC points: one EC_POINT_oct2point, no second on-curve test ------- */

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
            for (int kind = 0; kind < 9; kind++) {
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
                }
                bool slow = point_valid_slow(g, v, len), fast = point_valid_fast(curves[c].id, v, len);
                cr_assert_eq(fast, slow, "curve %zu kind %d: fast %d slow %d", c, kind, fast, slow);
                if (kind == 0 || kind == 6)
                    cr_assert(fast, "curve %zu kind %d: a real point", c, kind);
                if (kind >= 1 && kind <= 4)
                    cr_assert_not(fast, "curve %zu kind %d: not a point", c, kind);
                fast ? valid++ : invalid++;
            }
        }
        EC_GROUP_free(g);
    }
    cr_assert_gt(valid, 0);
    cr_assert_gt(invalid, 0);
}

/* ---- RSA modulus structure: residues from a table of powers ----------- */

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
