/* The key import of signature verification (x509/spki_pkey.h): for every
 * key, well-formed or not, the imported key is the one d2i_PUBKEY
 * decodes (or both are refused), so verdicts cannot change. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "x509/spki_pkey.h"

/* Parses a certificate with this SubjectPublicKeyInfo (raw DER) or pool
 * key; false when the strict parser refuses it. */
static bool cert_with(const char *pool_key, const uint8_t *spki, size_t spki_len, cs_cert *c, uint8_t **der)
{
    cg_cert *g = cg_new("tls-dv");
    if (pool_key)
        cr_assert(cg_set_key(g, pool_key), "%s", pool_key);
    else
        cg_set_spki_der(g, spki, spki_len);
    size_t len;
    *der = cg_der(g, &len);
    cg_free(g);
    cr_assert_not_null(*der);
    cs_parse_error err;
    return cs_cert_parse(c, *der, len, &err);
}

/* Both ways give the same key, or both none. */
static void same_key(const cs_spki *s, const char *what, bool expect_key)
{
    EVP_PKEY *fast = cs_spki_pkey(s), *ref = cs_spki_pkey_decoded(s);
    cr_assert_eq(fast != NULL, ref != NULL, "%s: imported %s, decoded %s", what, fast ? "a key" : "none",
                 ref ? "a key" : "none");
    cr_assert_eq(ref != NULL, expect_key, "%s: decoded %s", what, ref ? "a key" : "none");
    if (fast)
        cr_assert_eq(EVP_PKEY_eq(fast, ref), 1, "%s: the keys differ", what);
    EVP_PKEY_free(fast);
    EVP_PKEY_free(ref);
}

Test(spki_pkey, pool_keys_import_as_decoded)
{
    static const char *keys[] = { "rsa1024", "rsa2048", "rsa3072", "rsa4096", "p256",   "p384",
                                  "p521",    "secp256k1", "ed25519", "ed448",  "rsa2048:3", "p256:1" };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        cs_cert *c = malloc(sizeof *c);
        uint8_t *der;
        cr_assert(cert_with(keys[i], NULL, 0, c, &der), "%s", keys[i]);
        same_key(&c->spki, keys[i], true);
        free(c);
        free(der);
    }
}

/* SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING { 00 SEQUENCE { INTEGER n, INTEGER e } } },
 * short forms only (n and e of at most 100 octets together). */
static size_t rsa_spki(const uint8_t *n, size_t nl, const uint8_t *e, size_t el, uint8_t *out)
{
    static const uint8_t alg[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };
    size_t seq = 2 + nl + 2 + el, bits = 1 + 2 + seq, total = sizeof alg + 2 + bits;
    cr_assert_lt(total, 128);
    size_t k = 0;
    out[k++] = 0x30, out[k++] = (uint8_t)total;
    memcpy(out + k, alg, sizeof alg), k += sizeof alg;
    out[k++] = 0x03, out[k++] = (uint8_t)bits, out[k++] = 0x00;
    out[k++] = 0x30, out[k++] = (uint8_t)seq;
    out[k++] = 0x02, out[k++] = (uint8_t)nl;
    memcpy(out + k, n, nl), k += nl;
    out[k++] = 0x02, out[k++] = (uint8_t)el;
    memcpy(out + k, e, el), k += el;
    return k;
}

Test(spki_pkey, odd_rsa_integers_import_as_decoded)
{
    uint8_t n[64];
    for (size_t i = 0; i < sizeof n; i++)
        n[i] = (uint8_t)(0x9d + 7 * i);
    n[sizeof n - 1] |= 1;
    uint8_t pos_n[65] = { 0 }; /* the same modulus, positive: a leading zero */
    memcpy(pos_n + 1, n, sizeof n);
    uint8_t padded_n[66] = { 0, 0 };
    memcpy(padded_n + 2, n, sizeof n);
    static const uint8_t f4[] = { 0x01, 0x00, 0x01 }, f4_padded[] = { 0x00, 0x01, 0x00, 0x01 }, neg_e[] = { 0xff },
                         zero[] = { 0x00 };
    struct {
        const char *what;
        const uint8_t *n, *e;
        size_t nl, el;
    } cases[] = {
        { "plain", pos_n, f4, sizeof pos_n, sizeof f4 },
        { "negative modulus", n, f4, sizeof n, sizeof f4 },
        { "padded modulus", padded_n, f4, sizeof padded_n, sizeof f4 },
        { "padded exponent", pos_n, f4_padded, sizeof pos_n, sizeof f4_padded },
        { "negative exponent", pos_n, neg_e, sizeof pos_n, sizeof neg_e },
        { "zero exponent", pos_n, zero, sizeof pos_n, sizeof zero },
        { "zero modulus", zero, f4, sizeof zero, sizeof f4 },
    };
    size_t parsed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t spki[128];
        size_t len = rsa_spki(cases[i].n, cases[i].nl, cases[i].e, cases[i].el, spki);
        cs_cert *c = malloc(sizeof *c);
        uint8_t *der;
        if (cert_with(NULL, spki, len, c, &der)) {
            parsed++;
            EVP_PKEY *ref = cs_spki_pkey_decoded(&c->spki);
            same_key(&c->spki, cases[i].what, ref != NULL);
            EVP_PKEY_free(ref);
        }
        free(c);
        free(der);
    }
    cr_assert_geq(parsed, 2, "the parser refused nearly every case: nothing compared");
}

Test(spki_pkey, damaged_ec_points_are_refused_both_ways)
{
    static const char *keys[] = { "p256", "p384", "p521" };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        cs_cert *c = malloc(sizeof *c);
        uint8_t *der;
        cr_assert(cert_with(keys[k], NULL, 0, c, &der));
        /* Copy the SubjectPublicKeyInfo and damage its point. */
        size_t len = c->spki.der.len;
        uint8_t *spki = malloc(len);
        memcpy(spki, c->spki.der.p, len);
        size_t point = (size_t)(c->spki.key.p - c->spki.der.p);
        free(der);
        spki[len - 1] ^= 0x01; /* off the curve */
        cr_assert(cert_with(NULL, spki, len, c, &der));
        same_key(&c->spki, keys[k], false);
        free(der);
        spki[len - 1] ^= 0x01;
        spki[point] = 0x05; /* no such point encoding */
        cr_assert(cert_with(NULL, spki, len, c, &der));
        same_key(&c->spki, keys[k], false);
        free(der);
        free(spki);
        free(c);
    }
}
