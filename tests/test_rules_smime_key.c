/* smime_rsa_modulus_weak_structure beyond test_rules_smime.c's one pair
 * of certificates: every prime below 752 is found and the smallest one is
 * reported, perfect squares are found whatever their size, and
 * non-squares built to pass every quadratic-residue filter still pass.
 * The check runs on a view holding only the modulus. */
#include <criterion/criterion.h>
#include <openssl/bn.h>
#include <string.h>

#include "lint/ruleset.h"

static const cs_rule *weak_structure_rule(void)
{
    for (size_t i = 0; i < cs_registry_count(); i++)
        if (strcmp(cs_registry_get(i)->id, "smime_rsa_modulus_weak_structure") == 0)
            return cs_registry_get(i);
    cr_assert_fail("smime_rsa_modulus_weak_structure is not registered");
    return NULL;
}

/* Runs the check on n, DER-style (one leading zero octet); the detail goes to d. */
static cs_result check(const BIGNUM *n, cs_detail *d)
{
    static cs_cert c;
    static uint8_t buf[1 + 1024];
    cr_assert_leq(BN_num_bytes(n), 1024);
    buf[0] = 0;
    int len = BN_bn2bin(n, buf + 1);
    c.spki.rsa_modulus = cs_span_make(buf, (size_t)len + 1);
    d->text[0] = '\0';
    return weak_structure_rule()->check(&c, d);
}

static BIGNUM *prime(int bits)
{
    BIGNUM *p = BN_new();
    cr_assert(p && BN_generate_prime_ex(p, bits, 0, NULL, NULL, NULL));
    return p;
}

static bool is_small_prime(unsigned k)
{
    for (unsigned f = 2; f * f <= k; f++)
        if (k % f == 0)
            return false;
    return k > 2;
}

Test(rsa_structure, smallest_small_factor)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *p = prime(512), *q = prime(512), *n = BN_new(), *m = BN_new();
    cs_detail d;
    cr_assert(BN_mul(n, p, q, ctx));
    cr_expect_eq(check(n, &d), CS_PASS, "p*q: %s", d.text);
    for (unsigned k = 3; k < 752; k++) {
        if (!is_small_prime(k))
            continue;
        char want[64];
        snprintf(want, sizeof want, "RSA modulus has the small factor %u", k);
        cr_assert(BN_copy(m, n) && BN_mul_word(m, k));
        cr_expect_eq(check(m, &d), CS_FAIL, "factor %u", k);
        cr_expect_str_eq(d.text, want);
        /* with the largest one too: the smallest is reported */
        cr_assert(BN_mul_word(m, 751));
        cr_expect_eq(check(m, &d), CS_FAIL, "factors %u and 751", k);
        cr_expect_str_eq(d.text, want);
    }
    BN_free(p);
    BN_free(q);
    BN_free(n);
    BN_free(m);
    BN_CTX_free(ctx);
}

Test(rsa_structure, perfect_squares)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *p = prime(512), *q = prime(256), *n = BN_new();
    cs_detail d;
    cr_assert(BN_sqr(n, p, ctx));
    cr_expect_eq(check(n, &d), CS_FAIL, "p^2");
    cr_expect_str_eq(d.text, "RSA modulus is a perfect square");
    cr_assert(BN_mul(n, p, q, ctx) && BN_sqr(n, n, ctx));
    cr_expect_eq(check(n, &d), CS_FAIL, "(p*q)^2");
    cr_expect_str_eq(d.text, "RSA modulus is a perfect square");
    /* Moduli shorter than one 64-bit limb: 757 is the first prime above 751. */
    cr_assert(BN_set_word(n, 757u * 757u));
    cr_expect_eq(check(n, &d), CS_FAIL, "757^2");
    cr_expect_str_eq(d.text, "RSA modulus is a perfect square");
    cr_assert(BN_set_word(n, 1));
    cr_expect_eq(check(n, &d), CS_FAIL, "1 = 1^2");
    cr_assert(BN_set_word(n, 757u * 761u));
    cr_expect_eq(check(n, &d), CS_PASS, "757*761: %s", d.text);
    BN_free(p);
    BN_free(q);
    BN_free(n);
    BN_CTX_free(ctx);
}

/* n = p^2 + 8*M*t, M the product of the odd primes below 64: n agrees
 * with a square mod 8 and mod each of those primes, so only the exact
 * test can tell; t is chosen so that n has no prime factor below 752. */
Test(rsa_structure, non_square_passing_the_residue_filters)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *p = prime(512), *n = BN_new(), *step = BN_new();
    cs_detail d;
    cr_assert(BN_set_word(step, 8));
    for (unsigned k = 3; k < 64; k++)
        if (is_small_prime(k))
            cr_assert(BN_mul_word(step, k));
    cr_assert(BN_sqr(n, p, ctx));
    int found = 0;
    for (int t = 1; t < 10000 && found < 20; t++) {
        cr_assert(BN_add(n, n, step));
        bool small_factor = false;
        for (unsigned k = 3; k < 752 && !small_factor; k++)
            small_factor = is_small_prime(k) && BN_mod_word(n, k) == 0;
        if (small_factor)
            continue;
        found++;
        cr_expect_eq(check(n, &d), CS_PASS, "p^2 + %d*8M: %s", t, d.text);
    }
    cr_expect_eq(found, 20);
    BN_free(p);
    BN_free(n);
    BN_free(step);
    BN_CTX_free(ctx);
}
