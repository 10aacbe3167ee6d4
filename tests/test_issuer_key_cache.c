/* The issuer identity cache of the tallies (agg/issuer_key_cache.h): every
 * answer is cs_tally_issuer_key's, for issuers that share a name but not a
 * key identifier, that have none, and more issuers than slots (they evict
 * each other); and repeated issuers are answered from the cache. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/issuer_key_cache.h"
#include "agg/tally.h"
#include "agg/tally_data.h"
#include "certgen.h"

/* SEQUENCE { SET { SEQUENCE { CN, UTF8String name } } } */
static size_t name_der(const char *cn, uint8_t *out)
{
    size_t n = strlen(cn);
    cr_assert_lt(n, 100);
    static const uint8_t cn_oid[] = { 0x06, 0x03, 0x55, 0x04, 0x03 };
    size_t atv = sizeof cn_oid + 2 + n, set = 2 + atv;
    size_t k = 0;
    out[k++] = 0x30, out[k++] = (uint8_t)(2 + set);
    out[k++] = 0x31, out[k++] = (uint8_t)set;
    out[k++] = 0x30, out[k++] = (uint8_t)atv;
    memcpy(out + k, cn_oid, sizeof cn_oid), k += sizeof cn_oid;
    out[k++] = 0x0c, out[k++] = (uint8_t)n;
    memcpy(out + k, cn, n), k += n;
    return k;
}

typedef struct parsed {
    uint8_t *der;
    cs_cert cert;
} parsed;

/* A certificate under issuer CN "CA <i % names>", key id variant i % ids
 * (variant 0: no key identifier). */
static void make(parsed *p, unsigned i, unsigned names, unsigned ids)
{
    char cn[64];
    snprintf(cn, sizeof cn, "Issuing CA %u", i % names);
    uint8_t name[128], keyid[20];
    size_t name_len = name_der(cn, name);
    unsigned variant = i % ids;
    memset(keyid, (int)variant, sizeof keyid);
    keyid[0] = (uint8_t)(i % names);
    cg_cert *g = cg_new("tls-dv");
    cr_assert(cg_set_issuer_raw(g, name, name_len, keyid, sizeof keyid, "p256"));
    if (!variant)
        cg_ext_remove(g, "authorityKeyIdentifier");
    size_t len;
    p->der = cg_der(g, &len);
    cg_free(g);
    cr_assert_not_null(p->der);
    cs_parse_error err;
    cr_assert(cs_cert_parse(&p->cert, p->der, len, &err), "%s", err.reason);
    cr_assert_eq(p->cert.aki.has_key_id, variant != 0);
}

static void expect_same(cs_issuer_key_cache *kc, const cs_cert *c)
{
    uint8_t got[32], want[32];
    cr_assert(cs_issuer_key_cached(kc, c, got));
    cr_assert(cs_tally_issuer_key(c, want));
    cr_assert(memcmp(got, want, 32) == 0, "cached issuer identity differs from the digest");
}

Test(issuer_key_cache, same_identity_as_the_digest)
{
    /* 40 names x 3 key id variants (one without), so names repeat with other ids. */
    enum { N = 240 };
    parsed *p = calloc(N, sizeof *p);
    for (unsigned i = 0; i < N; i++)
        make(&p[i], i, 40, 3);
    cs_issuer_key_cache *kc = cs_issuer_key_cache_new();
    cr_assert_not_null(kc);
    for (int round = 0; round < 2; round++)
        for (unsigned i = 0; i < N; i++)
            expect_same(kc, &p[round ? N - 1 - i : i].cert);
    uint64_t hits, lookups;
    cs_issuer_key_cache_stats(kc, &hits, &lookups);
    cr_expect_eq(lookups, 2 * N);
    /* 120 distinct issuers, the rest repeats: most are hits (direct-mapped: a few collide). */
    cr_expect_geq(hits, N, "%llu hits", (unsigned long long)hits);
    cs_issuer_key_cache_free(kc);
    for (unsigned i = 0; i < N; i++)
        free(p[i].der);
    free(p);
}

Test(issuer_key_cache, more_issuers_than_slots)
{
    enum { N = 3 * CS_ISSUER_KEY_SLOTS };
    parsed *p = calloc(N, sizeof *p);
    for (unsigned i = 0; i < N; i++)
        make(&p[i], i, N, 2);
    cs_issuer_key_cache *kc = cs_issuer_key_cache_new();
    for (int round = 0; round < 2; round++)
        for (unsigned i = 0; i < N; i++)
            expect_same(kc, &p[(i * 7919u + (unsigned)round) % N].cert);
    /* No cache at all: the digest. */
    expect_same(NULL, &p[0].cert);
    cs_issuer_key_cache_free(kc);
    for (unsigned i = 0; i < N; i++)
        free(p[i].der);
    free(p);
}

/* The tally finds a certificate's issuer through the cache's slot (no
 * digest, no issuer table): with more issuers than slots, in an order
 * that evicts them, every certificate still lands on the issuer its
 * digest names, as the issuer table alone would find it. */
Test(issuer_key_cache, tally_finds_the_issuer_of_the_digest)
{
    enum { N = 3 * CS_ISSUER_KEY_SLOTS, ROUNDS = 3 };
    parsed *p = calloc(N, sizeof *p);
    for (unsigned i = 0; i < N; i++)
        make(&p[i], i, N / 2, 2); /* N / 2 names x 2 key id variants */
    cs_tally *t = cs_tally_new_rules(NULL, 0);
    cs_lint_result *r = calloc(1, sizeof *r);
    cr_assert(t && r);
    for (int round = 0; round < ROUNDS; round++)
        for (unsigned i = 0; i < N; i++)
            cr_assert(cs_tally_add_cert(t, 0, &p[(i * 7919u + (unsigned)round) % N].cert, r, NULL));
    /* The slow way: the digest, then the issuer table. */
    size_t issuers = cs_tally_issuer_count(t);
    for (unsigned i = 0; i < N; i++) {
        uint8_t key[32];
        cr_assert(cs_tally_issuer_key(&p[i].cert, key));
        cs_tally_issuer *is = cs_tally_issuer_get(t, key, "", "", "", "");
        cr_assert_not_null(is);
        /* make() gives issuer i the same (name, key id) as i + N / 2 only when both
         * fall on one variant: count the certificates of this issuer directly. */
        uint64_t want = 0;
        for (unsigned k = 0; k < N; k++)
            want += (k % (N / 2)) == (i % (N / 2)) && (k % 2) == (i % 2);
        cr_assert_eq(is->certs, want * ROUNDS, "issuer of certificate %u: %llu certificates, want %llu", i,
                     (unsigned long long)is->certs, (unsigned long long)(want * ROUNDS));
    }
    cr_assert_eq(cs_tally_issuer_count(t), issuers, "an issuer the cache missed");
    free(r);
    cs_tally_free(t);
    for (unsigned i = 0; i < N; i++)
        free(p[i].der);
    free(p);
}
