/* The issuer index of the tallies (agg/issuer_index.h) against the slow
 * way it replaces (the identity's digest, then the issuer table): issuers
 * that share a name but not a key identifier, that have none, thousands of
 * them in scattered order; names made to collide in its hash, and names
 * too long to index, still land on the right issuer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/issuer_index.h"
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

/* The index answers exactly what was added for the same octets. */
Test(issuer_index, finds_what_was_added_for_the_same_octets)
{
    enum { N = 240 };
    parsed *p = calloc(N, sizeof *p);
    for (unsigned i = 0; i < N; i++)
        make(&p[i], i, 40, 3); /* 40 names x 3 key id variants (one without): 120 issuers */
    cs_issuer_index *x = cs_issuer_index_new();
    cr_assert_not_null(x);
    for (unsigned i = 0; i < 120; i++)
        cr_assert(cs_issuer_index_add(x, &p[i].cert, &p[i]));
    for (unsigned i = 0; i < N; i++) {
        /* certificate i has the issuer of i % 120 (40 and 3 divide 120) */
        parsed *want = &p[i % 120];
        cr_assert_eq(cs_issuer_index_find(x, &p[i].cert), want, "certificate %u", i);
    }
    uint64_t hits, lookups;
    cs_issuer_index_stats(x, &hits, &lookups);
    cr_expect_eq(hits, N);
    cr_expect_eq(lookups, N);
    cs_issuer_index_free(x);
    cr_assert_null(cs_issuer_index_find(NULL, &p[0].cert));
    for (unsigned i = 0; i < N; i++)
        free(p[i].der);
    free(p);
}

/* The tally finds a certificate's issuer through the index (no digest,
 * no issuer table): with thousands of issuers in scattered order, every
 * certificate still lands on the issuer its digest names, as the issuer
 * table alone would find it. */
Test(issuer_index, tally_finds_the_issuer_of_the_digest)
{
    enum { N = 3072, ROUNDS = 3 };
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

/* A certificate view with just an issuer: DN octets and key identifier. */
typedef struct bare {
    cs_cert cert;
    uint8_t dn[600], keyid[20];
} bare;

static void bare_init(bare *b, size_t dn_len, unsigned i)
{
    memset(b->dn, 'x', sizeof b->dn);
    b->dn[0] = (uint8_t)i, b->dn[1] = (uint8_t)(i >> 8); /* differs early: the same hash */
    memset(b->keyid, 7, sizeof b->keyid);
    b->keyid[19] = (uint8_t)i; /* and late */
    b->cert.issuer.der = cs_span_make(b->dn, dn_len);
    b->cert.aki.present = b->cert.aki.has_key_id = true;
    b->cert.aki.key_id = cs_span_make(b->keyid, sizeof b->keyid);
}

/* Issuers whose octets collide in the index's hash (the same lengths, DN
 * end and key identifier start), and names too long to index: the index
 * gives up on some, and every certificate still lands on its issuer. */
Test(issuer_index, collisions_and_long_names_take_the_slow_way)
{
    enum { N = 200, ROUNDS = 3 };
    bare *b = calloc(2 * N, sizeof *b);
    cr_assert_not_null(b);
    for (unsigned i = 0; i < N; i++) {
        bare_init(&b[i], 40, i);
        bare_init(&b[N + i], CS_ISSUER_INDEX_BYTES + 100, i);
    }
    cs_tally *t = cs_tally_new_rules(NULL, 0);
    cs_lint_result *r = calloc(1, sizeof *r);
    cr_assert(t && r);
    for (int round = 0; round < ROUNDS; round++)
        for (unsigned i = 0; i < 2 * N; i++)
            cr_assert(cs_tally_add_cert(t, 0, &b[(i * 13u + (unsigned)round) % (2 * N)].cert, r, NULL));
    cr_assert_eq(cs_tally_issuer_count(t), 2 * N);
    for (unsigned i = 0; i < 2 * N; i++) {
        uint8_t key[32];
        cr_assert(cs_tally_issuer_key(&b[i].cert, key));
        cr_assert_eq(cs_tally_issuer_get(t, key, "", "", "", "")->certs, ROUNDS, "issuer %u", i);
    }
    cr_assert_eq(cs_tally_issuer_count(t), 2 * N);
    /* Only the first colliding issuers were indexed: the rest were not offered again. */
    uint64_t hits, lookups;
    cs_issuer_index_stats(t->issuer_index, &hits, &lookups);
    cr_expect_leq(hits, (uint64_t)(ROUNDS - 1) * (CS_ISSUER_INDEX_PROBES + 1), "%llu hits", (unsigned long long)hits);
    cr_expect_eq(lookups, (uint64_t)ROUNDS * N, "the long names are not looked up");
    free(r);
    cs_tally_free(t);
    free(b);
}

/* The entry found last answers first: certificates in runs of one issuer,
 * between issuers whose octets differ only in their last DN octet, in
 * their last key identifier octet, or in having a key identifier at all,
 * each land on their own issuer (the index's answer for the same octets
 * found through its slots). */
Test(issuer_index, the_last_issuer_answers_only_for_its_own_octets)
{
    enum { K = 4 };
    bare *b = calloc(K, sizeof *b);
    cr_assert_not_null(b);
    for (unsigned i = 0; i < K; i++)
        bare_init(&b[i], 40, 0);
    b[1].dn[39] = 'y';                        /* the last DN octet */
    b[2].keyid[19] = 1;                       /* the last key id octet */
    b[3].cert.aki.present = b[3].cert.aki.has_key_id = false; /* no key id */
    b[3].cert.aki.key_id = cs_span_make(NULL, 0);
    cs_issuer_index *x = cs_issuer_index_new();
    cr_assert_not_null(x);
    for (unsigned i = 0; i < K; i++)
        cr_assert(cs_issuer_index_add(x, &b[i].cert, &b[i]));
    static const unsigned order[] = { 0, 0, 1, 1, 1, 0, 2, 2, 3, 3, 0, 3, 2, 1 };
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        cr_assert_eq(cs_issuer_index_find(x, &b[order[k]].cert), &b[order[k]], "step %zu", k);
    bare other;
    bare_init(&other, 40, 9);
    cr_assert_null(cs_issuer_index_find(x, &other.cert));
    cr_assert_eq(cs_issuer_index_find(x, &b[3].cert), &b[3]);
    cs_issuer_index_free(x);
    free(b);
}
