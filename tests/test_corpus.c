/* Corpus collectors (corpus/corpus.h): each finding on certificates built
 * for it, nothing on a clean set, the same findings however the
 * certificates are split between collectors (workers, shards) and however
 * small the memory bound (spilled runs), and the external sort itself. */
#include <criterion/criterion.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "corpuscase.h"
#include "agg/tally.h"
#include "corpus/corpus.h"
#include "corpus/extsort.h"

/* ---- the external sort ------------------------------------------------ */

Test(extsort, sorts_spilled_runs_and_copies)
{
    cs_extsort *s = cs_extsort_new(12, 12 * 50); /* 50 records in memory: 20 runs */
    cr_assert_not_null(s);
    uint32_t x = 12345;
    for (int i = 0; i < 1000; i++) {
        uint8_t r[12];
        for (int k = 0; k < 12; k++) {
            x = x * 1103515245u + 12345u;
            r[k] = (uint8_t)(x >> 16);
        }
        r[0] &= 0x0f; /* repeats in the leading octet */
        cr_assert(cs_extsort_add(s, r));
    }
    cr_expect_eq(cs_extsort_count(s), 1000);
    cr_expect_geq(cs_extsort_runs(s), 19);
    cs_extsort *copy = cs_extsort_new(12, 1 << 20);
    cr_assert(cs_extsort_add_all(copy, s));
    cs_extsort *both[2] = { s, copy };
    for (int b = 0; b < 2; b++) {
        cs_extsort_iter *it = cs_extsort_iter_new(both[b]);
        uint8_t prev[12];
        int n = 0;
        const uint8_t *r;
        while ((r = cs_extsort_next(it))) {
            if (n)
                cr_assert_leq(memcmp(prev, r, 12), 0, "out of order at %d", n);
            memcpy(prev, r, 12);
            n++;
        }
        cr_expect_not(cs_extsort_iter_failed(it));
        cr_expect_eq(n, 1000);
        cs_extsort_iter_free(it);
    }
    cs_extsort_free(s);
    cs_extsort_free(copy);
}

/* Records built in place: only committed ones count, whether the room was
 * in memory or came after a spill, and an abandoned room is given again. */
Test(extsort, reserved_room_counts_once_committed)
{
    cs_extsort *s = cs_extsort_new(4, 4 * 3); /* 3 records in memory */
    cr_assert_not_null(s);
    for (uint8_t i = 0; i < 10; i++) {
        uint8_t *room = cs_extsort_reserve(s);
        cr_assert_not_null(room);
        memset(room, 0xee, 4); /* abandoned: never committed */
        uint8_t *again = cs_extsort_reserve(s);
        cr_assert_eq(again, room);
        memset(again, 9 - i, 4);
        cs_extsort_commit(s);
    }
    cr_expect_eq(cs_extsort_count(s), 10);
    cr_expect_geq(cs_extsort_runs(s), 3);
    cs_extsort_iter *it = cs_extsort_iter_new(s);
    const uint8_t *r;
    uint8_t want = 0;
    while ((r = cs_extsort_next(it))) {
        uint8_t expect[4];
        memset(expect, want++, 4);
        cr_assert_eq(memcmp(r, expect, 4), 0, "record %u", want - 1);
    }
    cr_expect_eq(want, 10);
    cs_extsort_iter_free(it);
    cs_extsort_free(s);
}

/* ---- certificates made for each case ---------------------------------- */

#define MAX_CERTS 64

typedef struct cert_set {
    size_t n;
    uint8_t *der[MAX_CERTS];
    size_t len[MAX_CERTS];
} cert_set;

static void put(cert_set *s, cg_cert *c)
{
    cr_assert_lt(s->n, MAX_CERTS);
    s->der[s->n] = cg_der(c, &s->len[s->n]);
    cr_assert_not_null(s->der[s->n]);
    s->n++;
    cg_free(c);
}

static void set_free(cert_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->der[i]);
    s->n = 0;
}


static void poison(cg_cert *c) { cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.3", true, (const uint8_t *)"\x05\x00", 2); }

static void sct_list(cg_cert *c)
{
    static const uint8_t v[] = { 0x04, 0x05, 0x00, 0x03, 0x00, 0x01, 0x00 };
    cg_ext_set_der(c, "1.3.6.1.4.1.11129.2.4.2", false, v, sizeof v);
}

/* The collectors' findings for the certificates of `s`, fed to `parts`
 * collectors in turn (round robin) and merged, with `memory` bytes each,
 * keeping the RSA moduli or not. */
static cs_corpus *collect_ex(const cert_set *s, int parts, size_t memory, bool primes, bool moduli)
{
    cs_corpus *c[8] = { NULL };
    cr_assert(parts >= 1 && parts <= 8);
    cs_cert *view = malloc(sizeof *view);
    for (int p = 0; p < parts; p++)
        cr_assert_not_null(c[p] = moduli ? cs_corpus_new(memory) : cs_corpus_new_ex(memory, false));
    for (size_t i = 0; i < s->n; i++) {
        cs_parse_error err;
        cr_assert(cs_cert_parse(view, s->der[i], s->len[i], &err), "%s", err.reason);
        cr_assert(cs_corpus_add(c[i % (size_t)parts], view, NULL));
    }
    for (int p = 1; p < parts; p++) {
        cr_assert(cs_corpus_merge(c[0], c[p]));
        cs_corpus_free(c[p]);
    }
    free(view);
    cs_corpus_set_shared_primes(c[0], primes);
    char err[256];
    cr_assert(cs_corpus_finish(c[0], err, sizeof err), "%s", err);
    return c[0];
}

static cs_corpus *collect(const cert_set *s, int parts, size_t memory, bool primes)
{
    return collect_ex(s, parts, memory, primes, true);
}

static size_t count(const cs_corpus_results *r, cs_corpus_kind k) { return (size_t)r->counts[k]; }

static size_t total(const cs_corpus_results *r)
{
    size_t n = 0;
    for (int k = 0; k < CS_CORPUS_KIND_COUNT; k++)
        n += (size_t)r->counts[k];
    return n;
}

/* The finding of kind k names the certificate s->der[i]. */
static bool names(const cs_corpus_results *r, cs_corpus_kind k, const cert_set *s, size_t i)
{
    cs_cert *v = malloc(sizeof *v);
    cs_parse_error err;
    cr_assert(cs_cert_parse(v, s->der[i], s->len[i], &err));
    bool found = false;
    for (size_t f = 0; f < r->n && !found; f++)
        for (uint8_t c = 0; r->findings[f].kind == k && c < r->findings[f].n_listed && !found; c++)
            found = memcmp(r->findings[f].certs[c], v->sha256, 32) == 0;
    free(v);
    return found;
}

/* Same findings (kinds, issuers, certificates, details) from two collectors. */
static void expect_same(const cs_corpus_results *a, const cs_corpus_results *b)
{
    cr_assert_eq(a->n, b->n);
    cr_expect_eq(a->certificates, b->certificates);
    cr_expect_eq(a->moduli_skipped, b->moduli_skipped);
    for (int k = 0; k < CS_CORPUS_KIND_COUNT; k++)
        cr_expect_eq(a->counts[k], b->counts[k]);
    for (size_t i = 0; i < a->n; i++) {
        const cs_corpus_finding *x = &a->findings[i], *y = &b->findings[i];
        cr_expect(x->kind == y->kind && x->n_certs == y->n_certs && x->n_listed == y->n_listed &&
                      memcmp(x->issuer, y->issuer, 32) == 0 && memcmp(x->certs, y->certs, sizeof x->certs) == 0 &&
                      strcmp(x->detail, y->detail) == 0,
                  "finding %zu differs", i);
    }
}

/* Every way of collecting gives what one collector gives. */
static cs_corpus *collect_all_ways(const cert_set *s, bool primes)
{
    cs_corpus *one = collect(s, 1, 0, primes);
    static const struct { int parts; size_t memory; } ways[] = { { 3, 0 }, { 1, 700 }, { 5, 300 } };
    for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
        cs_corpus *other = collect(s, ways[w].parts, ways[w].memory, primes);
        expect_same(cs_corpus_get_results(one), cs_corpus_get_results(other));
        cs_corpus_free(other);
    }
    /* Without the batch GCD the moduli are not needed: the same findings without them. */
    for (size_t w = 0; !primes && w < sizeof ways / sizeof ways[0]; w++) {
        cs_corpus *other = collect_ex(s, ways[w].parts, ways[w].memory, primes, false);
        expect_same(cs_corpus_get_results(one), cs_corpus_get_results(other));
        cs_corpus_free(other);
    }
    return one;
}

Test(corpus, duplicate_serial_from_one_issuer)
{
    cert_set s = { 0 };
    put(&s, cs_test_tls_cert("7f3a11c2d4e5f60718293a4b5c6d7e8f", "a.example.com", "p256:1"));
    put(&s, cs_test_tls_cert("7f3a11c2d4e5f60718293a4b5c6d7e8f", "b.example.com", "p256:1"));
    put(&s, cs_test_tls_cert("7f3a11c2d4e5f60718293a4b5c6d7e90", "c.example.com", "p256:1"));
    cs_corpus *c = collect_all_ways(&s, false);
    const cs_corpus_results *r = cs_corpus_get_results(c);
    cr_expect_eq(count(r, CS_CORPUS_SERIAL_DUPLICATE), 1);
    cr_expect(names(r, CS_CORPUS_SERIAL_DUPLICATE, &s, 0) && names(r, CS_CORPUS_SERIAL_DUPLICATE, &s, 1));
    cr_expect_not(names(r, CS_CORPUS_SERIAL_DUPLICATE, &s, 2));
    cr_expect_eq(total(r), 1, "only the duplicate");
    cr_expect_str_eq(cs_corpus_rule(r->findings[0].kind, r->findings[0].source)->id, "tls_serial_duplicate");
    cs_corpus_free(c);
    set_free(&s);
}

/* cs_corpus_begin without its end adds nothing: a collector that began
 * other certificates' records and dropped them finds what one fed only
 * the kept ones finds (a tally that ran out of memory between the two). */
Test(corpus, records_begun_and_not_ended_are_not_added)
{
    cert_set s = { 0 };
    put(&s, cs_test_tls_cert("7f3a11c2d4e5f60718293a4b5c6d7e8f", "a.example.com", "p256:1"));
    put(&s, cs_test_tls_cert("7f3a11c2d4e5f60718293a4b5c6d7e8f", "b.example.com", "p256:1"));
    put(&s, cs_test_tls_cert("7f3a11c2d4e5f60718293a4b5c6d7e90", "c.example.com", "p256:1"));
    cs_corpus *dropping = cs_corpus_new(700); /* a few records in memory: spills between */
    cs_cert *view = malloc(sizeof *view);
    cr_assert(dropping && view);
    for (size_t i = 0; i < s.n; i++) {
        cs_parse_error err;
        cr_assert(cs_cert_parse(view, s.der[i], s.len[i], &err), "%s", err.reason);
        uint8_t issuer[32];
        cr_assert(cs_tally_issuer_key(view, issuer));
        cr_assert(cs_corpus_begin(dropping, view));
        if (i == 1)
            continue; /* b dropped: no duplicate serial left */
        cr_assert(cs_corpus_end(dropping, view, issuer));
    }
    free(view);
    char err[256];
    cr_assert(cs_corpus_finish(dropping, err, sizeof err), "%s", err);
    const cs_corpus_results *r = cs_corpus_get_results(dropping);
    cr_expect_eq(r->certificates, 2);
    cr_expect_eq(total(r), 0);
    cs_corpus_free(dropping);
    set_free(&s);
}

Test(corpus, precertificate_pairs_match_or_mismatch)
{
    cert_set s = { 0 };
    /* One issuance: precertificate and final certificate, the same certificate twice. */
    cg_cert *pre = cs_test_tls_cert("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "pair.example.com", "p256:2");
    poison(pre);
    put(&s, pre);
    cg_cert *fin = cs_test_tls_cert("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "pair.example.com", "p256:2");
    sct_list(fin);
    put(&s, fin);
    fin = cs_test_tls_cert("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "pair.example.com", "p256:2");
    sct_list(fin);
    put(&s, fin);
    cs_corpus *c = collect_all_ways(&s, false);
    cr_expect_eq(total(cs_corpus_get_results(c)), 0, "a matching pair is one issuance");
    cs_corpus_free(c);
    set_free(&s);

    /* The final certificate names another host than was logged. */
    pre = cs_test_tls_cert("0a1b2c3d4e5f60718293a4b5c6d7e8fa", "logged.example.com", "p256:2");
    poison(pre);
    put(&s, pre);
    fin = cs_test_tls_cert("0a1b2c3d4e5f60718293a4b5c6d7e8fa", "logged.example.com", "p256:2");
    cr_assert(cg_ext_set(fin, "subjectAltName", false, "DNS:logged.example.com,DNS:extra.example.com"));
    sct_list(fin);
    put(&s, fin);
    c = collect_all_ways(&s, false);
    const cs_corpus_results *r = cs_corpus_get_results(c);
    cr_expect_eq(count(r, CS_CORPUS_PRECERT_MISMATCH), 1);
    cr_expect_eq(count(r, CS_CORPUS_SERIAL_DUPLICATE), 0, "a mismatch is not also a duplicate");
    cr_expect(names(r, CS_CORPUS_PRECERT_MISMATCH, &s, 0) && names(r, CS_CORPUS_PRECERT_MISMATCH, &s, 1));
    cr_expect_str_eq(r->findings[0].n_listed == 2 ? "ok" : "", "ok");
    cs_corpus_free(c);
    set_free(&s);
}

Test(corpus, key_reused_across_unrelated_subjects_and_a_ca_key)
{
    cert_set s = { 0 };
    cg_cert *a = cs_test_tls_cert("11aa2c3d4e5f60718293a4b5c6d7e8f9", "shop.example.com", "p256:3");
    cg_subject_set(a, "O", "Example Shop Ltd", 0);
    put(&s, a);
    cg_cert *b = cs_test_tls_cert("22bb2c3d4e5f60718293a4b5c6d7e8f9", "bank.example.org", "p256:3");
    cg_subject_set(b, "O", "Unrelated Bank plc", 0);
    put(&s, b);
    /* A renewal of the first: the same subject, the same key: related. */
    cg_cert *a2 = cs_test_tls_cert("33cc2c3d4e5f60718293a4b5c6d7e8f9", "www.shop.example.com", "p256:3");
    cg_subject_set(a2, "O", "Example Shop Ltd", 0);
    put(&s, a2);
    cs_corpus *c = collect_all_ways(&s, false);
    const cs_corpus_results *r = cs_corpus_get_results(c);
    cr_expect_eq(count(r, CS_CORPUS_KEY_REUSE), 1);
    cr_expect_eq(r->findings[0].n_certs, 3);
    cr_expect_eq(r->findings[0].n_listed, 2, "one certificate per unrelated subject");
    cr_expect(names(r, CS_CORPUS_KEY_REUSE, &s, 1));
    cr_expect_eq(count(r, CS_CORPUS_CA_KEY_REUSE), 0);
    cs_corpus_free(c);
    set_free(&s);

    /* A subscriber with a CA certificate's key. */
    cg_cert *ca = cg_new("tls-ca");
    cr_assert(cg_set_key(ca, "p256:4"));
    put(&s, ca);
    cg_cert *leaf = cs_test_tls_cert("44dd2c3d4e5f60718293a4b5c6d7e8f9", "leaf.example.com", "p256:4");
    put(&s, leaf);
    c = collect_all_ways(&s, false);
    r = cs_corpus_get_results(c);
    cr_expect_eq(count(r, CS_CORPUS_CA_KEY_REUSE), 1);
    cr_expect(names(r, CS_CORPUS_CA_KEY_REUSE, &s, 0) && names(r, CS_CORPUS_CA_KEY_REUSE, &s, 1));
    cs_corpus_free(c);
    set_free(&s);
}

Test(corpus, sequential_and_low_entropy_serials)
{
    cert_set s = { 0 };
    char serial[40], cn[64];
    for (int i = 0; i < 4; i++) {
        snprintf(serial, sizeof serial, "%04x", 0x1000 + i);
        snprintf(cn, sizeof cn, "h%d.example.com", i);
        put(&s, cs_test_tls_cert(serial, cn, "p256:5"));
    }
    cs_corpus *c = collect_all_ways(&s, false);
    const cs_corpus_results *r = cs_corpus_get_results(c);
    cr_expect_eq(count(r, CS_CORPUS_SERIAL_SEQUENTIAL), 1);
    cr_expect_eq(count(r, CS_CORPUS_SERIAL_LOW_ENTROPY), 0, "four serials are too few to judge entropy");
    for (size_t i = 0; i < 4; i++)
        cr_expect(names(r, CS_CORPUS_SERIAL_SEQUENTIAL, &s, i));
    cs_corpus_free(c);
    set_free(&s);

    /* 20 serials of 32 random-looking bits: far apart, but too few bits. */
    uint32_t x = 0x9e3779b9u;
    for (int i = 0; i < 20; i++) {
        x = x * 2654435761u + 0x6d2b79f5u;
        snprintf(serial, sizeof serial, "%08x", (x | 0x10000000u) & 0x7fffffffu);
        snprintf(cn, sizeof cn, "e%d.example.com", i);
        put(&s, cs_test_tls_cert(serial, cn, "p256:5"));
    }
    c = collect_all_ways(&s, false);
    r = cs_corpus_get_results(c);
    cr_expect_eq(count(r, CS_CORPUS_SERIAL_LOW_ENTROPY), 1);
    cr_expect_eq(count(r, CS_CORPUS_SERIAL_SEQUENTIAL), 0);
    cr_expect(strstr(r->findings[0].detail, "bit positions vary") != NULL, "%s", r->findings[0].detail);
    cs_corpus_free(c);
    set_free(&s);
}

Test(corpus, clean_set_yields_nothing)
{
    cert_set s = { 0 };
    uint8_t md[32];
    char serial[40], cn[64];
    for (int i = 0; i < 24; i++) {
        /* 16 random octets (SHA-256 of the index), positive. */
        unsigned char in = (unsigned char)i;
        EVP_Digest(&in, 1, md, NULL, EVP_sha256(), NULL);
        md[0] = (uint8_t)((md[0] & 0x3f) | 0x10);
        for (int k = 0; k < 16; k++)
            snprintf(serial + 2 * k, 3, "%02x", md[k]);
        snprintf(cn, sizeof cn, "www%d.example.com", i);
        cg_cert *c = cs_test_tls_cert(serial, cn, NULL); /* the preset key: one subscriber's renewals */
        put(&s, c);
    }
    /* A pair logged in CT. */
    cg_cert *pre = cs_test_tls_cert("5f00112233445566778899aabbccddee", "ct.example.com", NULL);
    poison(pre);
    put(&s, pre);
    cg_cert *fin = cs_test_tls_cert("5f00112233445566778899aabbccddee", "ct.example.com", NULL);
    sct_list(fin);
    put(&s, fin);
    cs_corpus *c = collect_all_ways(&s, true);
    const cs_corpus_results *r = cs_corpus_get_results(c);
    cr_expect_eq(total(r), 0, "first finding: %s", r->n ? r->findings[0].detail : "");
    cr_expect(r->shared_primes);
    cs_corpus_free(c);
    set_free(&s);
}

/* An RSA SubjectPublicKeyInfo for modulus p*q, exponent 65537. */
static uint8_t *rsa_spki(const BIGNUM *p, const BIGNUM *q, size_t *len)
{
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *n = BN_new(), *e = BN_new();
    BN_mul(n, p, q, ctx);
    BN_set_word(e, 65537);
    OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n);
    OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, e);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(b);
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    EVP_PKEY *key = NULL;
    cr_assert(EVP_PKEY_fromdata_init(pctx) == 1 && EVP_PKEY_fromdata(pctx, &key, EVP_PKEY_PUBLIC_KEY, params) == 1);
    uint8_t *der = NULL;
    int l = i2d_PUBKEY(key, &der);
    cr_assert_gt(l, 0);
    uint8_t *copy = malloc((size_t)l);
    memcpy(copy, der, (size_t)l);
    *len = (size_t)l;
    OPENSSL_free(der);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(b);
    BN_free(n);
    BN_free(e);
    BN_CTX_free(ctx);
    return copy;
}

Test(corpus, rsa_moduli_sharing_a_prime)
{
    BIGNUM *p = BN_new(), *q1 = BN_new(), *q2 = BN_new(), *r1 = BN_new(), *r2 = BN_new();
    cr_assert(BN_generate_prime_ex(p, 1024, 0, NULL, NULL, NULL) && BN_generate_prime_ex(q1, 1024, 0, NULL, NULL, NULL) &&
              BN_generate_prime_ex(q2, 1024, 0, NULL, NULL, NULL) && BN_generate_prime_ex(r1, 1024, 0, NULL, NULL, NULL) &&
              BN_generate_prime_ex(r2, 1024, 0, NULL, NULL, NULL));
    const BIGNUM *pairs[3][2] = { { p, q1 }, { p, q2 }, { r1, r2 } };
    cert_set s = { 0 };
    for (int i = 0; i < 3; i++) {
        size_t len;
        uint8_t *spki = rsa_spki(pairs[i][0], pairs[i][1], &len);
        char serial[40], cn[64];
        snprintf(serial, sizeof serial, "6%031x", 0x5a5a5a + 977 * i);
        snprintf(cn, sizeof cn, "device%d.example.net", i);
        cg_cert *c = cs_test_tls_cert(serial, cn, NULL);
        cg_set_spki_der(c, spki, len);
        free(spki);
        put(&s, c);
    }
    cs_corpus *c = collect_all_ways(&s, true);
    const cs_corpus_results *r = cs_corpus_get_results(c);
    cr_expect_eq(count(r, CS_CORPUS_SHARED_PRIME), 1);
    cr_expect(names(r, CS_CORPUS_SHARED_PRIME, &s, 0) && names(r, CS_CORPUS_SHARED_PRIME, &s, 1));
    cr_expect_not(names(r, CS_CORPUS_SHARED_PRIME, &s, 2));
    cr_expect_eq(r->moduli, 3);
    cs_corpus_free(c);
    /* Not asked for: not looked for. */
    c = collect(&s, 1, 0, false);
    cr_expect_eq(count(cs_corpus_get_results(c), CS_CORPUS_SHARED_PRIME), 0);
    cr_expect_not(cs_corpus_get_results(c)->shared_primes);
    cs_corpus_free(c);
    set_free(&s);
    BN_free(p);
    BN_free(q1);
    BN_free(q2);
    BN_free(r1);
    BN_free(r2);
}

/* A collector without moduli (cs_corpus_new_ex, no modulus record made)
 * counts the moduli too large for the batch GCD exactly as one that keeps
 * them: at the bound (4096 bits, with and without the DER's leading zero
 * octet), just past it, far past it, and for keys that are not RSA. */
Test(corpus, moduli_too_large_counted_without_keeping_moduli)
{
    static const int bits[] = { 1024, 4095, 4096, 4097, 4104, 8192 };
    cert_set s = { 0 };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        BIGNUM *n = BN_new(), *one = BN_new();
        /* Any odd number will do: nothing here factors it. */
        cr_assert(BN_rand(n, bits[i], BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD) && BN_one(one));
        size_t len;
        uint8_t *spki = rsa_spki(n, one, &len);
        char serial[40], cn[64];
        snprintf(serial, sizeof serial, "7%031x", 0x3c3c3c + 131 * (unsigned)i);
        snprintf(cn, sizeof cn, "big%zu.example.net", i);
        cg_cert *c = cs_test_tls_cert(serial, cn, NULL);
        cg_set_spki_der(c, spki, len);
        free(spki);
        put(&s, c);
        BN_free(n);
        BN_free(one);
    }
    put(&s, cs_test_tls_cert("7a0000000000000000000000000000001", "ec.example.net", "p256"));
    cs_corpus *kept = collect_ex(&s, 1, 0, false, true), *not_kept = collect_ex(&s, 2, 0, false, false);
    const cs_corpus_results *a = cs_corpus_get_results(kept), *b = cs_corpus_get_results(not_kept);
    cr_expect_eq(a->moduli_skipped, 3, "4097, 4104 and 8192 bits");
    cr_expect_eq(b->moduli_skipped, a->moduli_skipped);
    cr_expect_eq(b->certificates, a->certificates);
    cs_corpus_free(kept);
    cs_corpus_free(not_kept);
    set_free(&s);
}
