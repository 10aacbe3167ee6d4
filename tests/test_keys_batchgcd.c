/* keys/batchgcd: the batch GCD names, for every modulus, exactly the
 * primes a direct pairwise gcd finds it shares with a different modulus;
 * in memory, spilled to files, and split into groups; plus the edges
 * (nothing, one modulus, equal moduli, p*p, even moduli, moduli whose
 * every prime is shared, values below 2, an unusable spill directory). */
#include <criterion/criterion.h>
#include <errno.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys/batchgcd.h"

typedef struct modset {
    uint8_t **bytes;
    cs_span *span;
    size_t n, cap;
} modset;

static gmp_randstate_t rng;

static void rng_init(void)
{
    gmp_randinit_default(rng);
    gmp_randseed_ui(rng, 18);
}

static void rng_fini(void)
{
    gmp_randclear(rng);
}

static void random_prime(mpz_ptr p, unsigned bits)
{
    mpz_urandomb(p, rng, bits);
    mpz_setbit(p, bits - 1);
    mpz_nextprime(p, p);
}

/* Appends n, big-endian; with a leading zero octet when `der`. */
static size_t add(modset *s, mpz_srcptr n, bool der)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->bytes = realloc(s->bytes, s->cap * sizeof *s->bytes);
        s->span = realloc(s->span, s->cap * sizeof *s->span);
        cr_assert(s->bytes && s->span);
    }
    size_t len = (mpz_sizeinbase(n, 2) + 7) / 8 + (der ? 1 : 0), count = 0;
    uint8_t *b = calloc(1, len + 1);
    cr_assert(b);
    if (mpz_sgn(n))
        mpz_export(b + (der ? 1 : 0), &count, 1, 1, 1, 0, n);
    s->bytes[s->n] = b;
    s->span[s->n] = cs_span_make(b, mpz_sgn(n) ? len : (der ? 1 : 0));
    return s->n++;
}

static size_t add_product(modset *s, mpz_srcptr p, mpz_srcptr q)
{
    mpz_t n;
    mpz_init(n);
    mpz_mul(n, p, q);
    size_t i = add(s, n, s->n % 3 == 0);
    mpz_clear(n);
    return i;
}

static void modset_free(modset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->bytes[i]);
    free(s->bytes);
    free(s->span);
    memset(s, 0, sizeof *s);
}

static void get(mpz_ptr z, cs_span s)
{
    mpz_import(z, s.len, 1, 1, 1, 0, s.p);
}

/* The factors the result names for index i, as a sorted, comma-separated
 * hex list. */
static char *named(const cs_bgcd_result *r, size_t i)
{
    size_t len = 1;
    for (size_t h = 0; h < r->n_hits; h++)
        if (r->hits[h].index == i)
            len += 2 * r->hits[h].factor_len + 1;
    char *out = calloc(1, len), *w = out;
    cr_assert(out);
    for (size_t h = 0; h < r->n_hits; h++) {
        if (r->hits[h].index != i)
            continue;
        if (w != out)
            *w++ = ',';
        for (size_t k = 0; k < r->hits[h].factor_len; k++)
            w += sprintf(w, "%02x", r->hits[h].factor[k]);
    }
    return out;
}

/* The same lists from a direct pairwise gcd: every gcd(Ni, Nj) > 1 with
 * Nj a different value (the moduli built here have distinct primes, so
 * these gcds are primes), sorted as batchgcd sorts (numeric order). */
static char **pairwise(const modset *s)
{
    mpz_t *v = calloc(s->n, sizeof *v), g;
    char **out = calloc(s->n, sizeof *out);
    cr_assert(v && out);
    mpz_init(g);
    for (size_t i = 0; i < s->n; i++) {
        mpz_init(v[i]);
        get(v[i], s->span[i]);
    }
    mpz_t *seen = calloc(s->n, sizeof *seen);
    cr_assert(seen);
    for (size_t i = 0; i < s->n; i++) {
        size_t n_seen = 0;
        for (size_t j = 0; j < s->n; j++) {
            if (mpz_cmp(v[i], v[j]) == 0 || mpz_cmp_ui(v[i], 1) <= 0 || mpz_cmp_ui(v[j], 1) <= 0)
                continue;
            mpz_gcd(g, v[i], v[j]);
            if (mpz_cmp_ui(g, 1) == 0)
                continue;
            bool dup = false;
            for (size_t k = 0; k < n_seen; k++)
                dup = dup || mpz_cmp(seen[k], g) == 0;
            if (!dup)
                mpz_init_set(seen[n_seen++], g);
        }
        for (size_t x = 1; x < n_seen; x++)
            for (size_t y = x; y > 0 && mpz_cmp(seen[y - 1], seen[y]) > 0; y--)
                mpz_swap(seen[y - 1], seen[y]);
        size_t len = 1;
        for (size_t k = 0; k < n_seen; k++)
            len += mpz_sizeinbase(seen[k], 16) + 2;
        char *w = out[i] = calloc(1, len);
        cr_assert(w);
        for (size_t k = 0; k < n_seen; k++) {
            if (k)
                *w++ = ',';
            if (mpz_sizeinbase(seen[k], 16) % 2)
                *w++ = '0';
            mpz_get_str(w, 16, seen[k]);
            w += strlen(w);
            mpz_clear(seen[k]);
        }
    }
    for (size_t i = 0; i < s->n; i++)
        mpz_clear(v[i]);
    free(v);
    free(seen);
    mpz_clear(g);
    return out;
}

/* A few thousand 256-bit moduli with planted shares: pairs sharing a
 * prime, "triangles" (pq, pr, qs: pq has both primes shared), copies of a
 * shared and of a clean modulus, p*p next to p*r, two even moduli. */
static void planted(modset *s, size_t count)
{
    mpz_t p, q, r, x, two;
    mpz_inits(p, q, r, x, two, NULL);
    mpz_set_ui(two, 2);
    for (int k = 0; k < 20; k++) { /* pairs */
        random_prime(p, 128);
        random_prime(q, 128);
        random_prime(r, 128);
        add_product(s, p, q);
        add_product(s, p, r);
    }
    for (int k = 0; k < 3; k++) { /* triangles */
        random_prime(p, 128);
        random_prime(q, 128);
        random_prime(r, 128);
        random_prime(x, 128);
        add_product(s, p, q);
        add_product(s, p, r);
        add_product(s, q, x);
    }
    random_prime(p, 128); /* p*p next to p*r */
    random_prime(r, 128);
    add_product(s, p, p);
    add_product(s, p, r);
    random_prime(q, 254); /* two even moduli */
    random_prime(r, 254);
    add_product(s, two, q);
    add_product(s, two, r);
    while (s->n < count) {
        random_prime(p, 128);
        random_prime(q, 128);
        add_product(s, p, q);
    }
    mpz_import(x, s->span[0].len, 1, 1, 1, 0, s->span[0].p);
    add(s, x, true);             /* a copy of a shared modulus */
    mpz_import(x, s->span[count - 1].len, 1, 1, 1, 0, s->span[count - 1].p);
    add(s, x, false);            /* a copy of a clean modulus */
    mpz_clears(p, q, r, x, two, NULL);
}

static void expect_pairwise(const modset *s, char **want, const cs_bgcd_result *r)
{
    size_t vulnerable = 0;
    for (size_t i = 0; i < s->n; i++) {
        char *got = named(r, i);
        cr_expect_str_eq(got, want[i], "modulus %zu", i);
        vulnerable += *want[i] != '\0';
        free(got);
    }
    cr_expect_geq(vulnerable, 2 * 20 + 3 * 3 + 2 + 2 + 1, "the planted moduli are found");
    cr_expect_eq(r->unsplit, 0);
}

static modset fixture;

static void build_fixture(void)
{
    rng_init();
    planted(&fixture, 2000);
}

static void free_fixture(void)
{
    modset_free(&fixture);
    rng_fini();
}

TestSuite(batchgcd_pairwise, .init = build_fixture, .fini = free_fixture, .timeout = 300);

/* One test for both ways of running (in memory, spilled in groups), so the pairwise reference (the
 * slow part) is computed once. */
Test(batchgcd_pairwise, in_memory_spilled_and_grouped)
{
    char **want = pairwise(&fixture);
    cs_bgcd_result r;
    cr_assert_eq(cs_batchgcd(fixture.span, fixture.n, NULL, &r), 0);
    cr_expect_not(r.spilled);
    cr_expect_eq(r.groups, 1);
    cr_expect_eq(r.distinct, fixture.n - 2, "the two copies are merged");
    cr_expect_gt(r.pairwise, 0, "the triangles' pq needs the fallback");
    expect_pairwise(&fixture, want, &r);
    cs_bgcd_result_free(&r);

    /* 2000 x 32 bytes under 64 KB: spilled, 2.3 KB per group */
    cs_bgcd_options groups = { .memory_limit = 64 * 1024 };
    cr_assert_eq(cs_batchgcd(fixture.span, fixture.n, &groups, &r), 0);
    cr_expect(r.spilled);
    cr_expect_geq(r.groups, 20, "%zu groups", r.groups);
    expect_pairwise(&fixture, want, &r);
    cs_bgcd_result_free(&r);

    for (size_t i = 0; i < fixture.n; i++)
        free(want[i]);
    free(want);
}

/* ---- edges ---- */

TestSuite(batchgcd_edges, .init = rng_init, .fini = rng_fini);

Test(batchgcd_edges, nothing_and_one)
{
    cs_bgcd_result r;
    cr_assert_eq(cs_batchgcd(NULL, 0, NULL, &r), 0);
    cr_expect_eq(r.n_hits, 0);
    cr_expect_eq(r.distinct, 0);
    cs_bgcd_result_free(&r);

    modset s = { 0 };
    mpz_t p, q;
    mpz_inits(p, q, NULL);
    random_prime(p, 256);
    random_prime(q, 256);
    add_product(&s, p, q);
    cr_assert_eq(cs_batchgcd(s.span, s.n, NULL, &r), 0);
    cr_expect_eq(r.n_hits, 0);
    cr_expect_eq(r.distinct, 1);
    cs_bgcd_result_free(&r);
    mpz_clears(p, q, NULL);
    modset_free(&s);
}

Test(batchgcd_edges, equal_moduli_alone_are_not_shared_primes)
{
    modset s = { 0 };
    mpz_t p, q, n;
    mpz_inits(p, q, n, NULL);
    random_prime(p, 256);
    random_prime(q, 256);
    mpz_mul(n, p, q);
    add(&s, n, false);
    add(&s, n, true); /* the same value, DER-style */
    add(&s, n, false);
    cs_bgcd_result r;
    cr_assert_eq(cs_batchgcd(s.span, s.n, NULL, &r), 0);
    cr_expect_eq(r.distinct, 1);
    cr_expect_eq(r.n_hits, 0);
    cs_bgcd_result_free(&r);

    /* ... but each copy is named when the value shares p with another */
    random_prime(q, 256);
    add_product(&s, p, q);
    cr_assert_eq(cs_batchgcd(s.span, s.n, NULL, &r), 0);
    cr_expect_eq(r.n_hits, 4);
    for (size_t h = 0; h < r.n_hits; h++) {
        cr_expect_eq(r.hits[h].index, h, "sorted by index");
        get(n, cs_span_make(r.hits[h].factor, r.hits[h].factor_len));
        cr_expect_eq(mpz_cmp(n, p), 0, "hit %zu names p", h);
    }
    cs_bgcd_result_free(&r);
    mpz_clears(p, q, n, NULL);
    modset_free(&s);
}

Test(batchgcd_edges, square_and_even)
{
    modset s = { 0 };
    mpz_t p, q, two, n;
    mpz_inits(p, q, two, n, NULL);
    mpz_set_ui(two, 2);
    random_prime(p, 256);
    add_product(&s, p, p); /* alone: a square shares nothing */
    random_prime(q, 256);
    add_product(&s, q, two);
    cs_bgcd_result r;
    cr_assert_eq(cs_batchgcd(s.span, s.n, NULL, &r), 0);
    cr_expect_eq(r.n_hits, 0, "p*p and one even modulus share nothing");
    cs_bgcd_result_free(&r);

    random_prime(q, 256);
    add_product(&s, p, q); /* shares p with p*p */
    random_prime(q, 256);
    add_product(&s, q, two); /* shares 2 with the other even modulus */
    cr_assert_eq(cs_batchgcd(s.span, s.n, NULL, &r), 0);
    cr_assert_eq(r.n_hits, 4);
    for (size_t h = 0; h < 4; h++) {
        get(n, cs_span_make(r.hits[h].factor, r.hits[h].factor_len));
        cr_expect_eq(mpz_cmp(n, h % 2 ? two : p), 0, "hit %zu", h);
    }
    cs_bgcd_result_free(&r);

    /* a third multiple of p: p*p's gcd is p*p itself, split into p once */
    random_prime(q, 256);
    add_product(&s, p, q);
    cr_assert_eq(cs_batchgcd(s.span, s.n, NULL, &r), 0);
    cr_assert_eq(r.n_hits, 5);
    cr_expect_eq(r.hits[0].index, 0);
    cr_expect_eq(r.hits[1].index, 1, "p*p is named once");
    get(n, cs_span_make(r.hits[0].factor, r.hits[0].factor_len));
    cr_expect_eq(mpz_cmp(n, p), 0);
    cr_expect_eq(r.unsplit, 0);
    cs_bgcd_result_free(&r);
    mpz_clears(p, q, two, n, NULL);
    modset_free(&s);
}

Test(batchgcd_edges, every_prime_shared_is_named)
{
    modset s = { 0 };
    mpz_t p, q, a, b, n;
    mpz_inits(p, q, a, b, n, NULL);
    random_prime(p, 256);
    random_prime(q, 256);
    random_prime(a, 256);
    random_prime(b, 256);
    add_product(&s, p, q); /* gcd with the others' product is p*q itself */
    add_product(&s, p, a);
    add_product(&s, q, b);
    cs_bgcd_result r;
    cr_assert_eq(cs_batchgcd(s.span, s.n, NULL, &r), 0);
    char *pq = named(&r, 0);
    cr_assert_eq(r.n_hits, 4, "pq: p and q; pa: p; qb: q (%s)", pq);
    size_t len = (mpz_sizeinbase(p, 16) + 1) / 2 * 2;
    cr_expect_eq(strlen(pq), 2 * len + 1);
    free(pq);
    cr_expect_eq(r.unsplit, 0);

    cs_bgcd_result_free(&r);

    /* A second such triangle and a budget of one pairwise gcd: at least
     * one of the two is left unsplit and named by itself. */
    random_prime(p, 256);
    random_prime(q, 256);
    add_product(&s, p, q);
    add_product(&s, p, a);
    add_product(&s, q, b);
    cs_bgcd_options o = { .max_pairwise = 1 };
    cr_assert_eq(cs_batchgcd(s.span, s.n, &o, &r), 0);
    cr_expect_eq(r.pairwise, 1);
    cr_expect_geq(r.unsplit, 1);
    bool itself = false;
    for (size_t h = 0; h < r.n_hits; h++) {
        cs_span m = s.span[r.hits[h].index];
        itself = itself || cs_span_eq(m, cs_span_make(r.hits[h].factor, r.hits[h].factor_len));
    }
    cr_expect(itself, "an unsplit modulus is its own factor");
    cs_bgcd_result_free(&r);
    mpz_clears(p, q, a, b, n, NULL);
    modset_free(&s);
}

Test(batchgcd_edges, values_below_two_are_skipped)
{
    static const uint8_t zero[] = { 0, 0 }, one[] = { 0, 1 }, six[] = { 6 }, ten[] = { 0, 10 };
    cs_span in[] = { cs_span_make(zero, 2), cs_span_make(one, 2), cs_span_make(NULL, 0),
                     cs_span_make(six, 1), cs_span_make(ten, 2) };
    cs_bgcd_result r;
    cr_assert_eq(cs_batchgcd(in, 5, NULL, &r), 0);
    cr_expect_eq(r.skipped, 3);
    cr_expect_eq(r.distinct, 2);
    cr_assert_eq(r.n_hits, 2);
    cr_expect_eq(r.hits[0].index, 3);
    cr_expect_eq(r.hits[1].index, 4);
    cr_expect(r.hits[0].factor_len == 1 && r.hits[0].factor[0] == 2);
    cs_bgcd_result_free(&r);
}

Test(batchgcd_edges, unusable_spill_directory_fails_cleanly)
{
    modset s = { 0 };
    mpz_t p, q;
    mpz_inits(p, q, NULL);
    for (int k = 0; k < 64; k++) {
        random_prime(p, 256);
        random_prime(q, 256);
        add_product(&s, p, q);
    }
    cs_bgcd_options o = { .memory_limit = 1024, .tmpdir = "/nonexistent/certsweep" };
    cs_bgcd_result r;
    errno = 0;
    cr_expect_eq(cs_batchgcd(s.span, s.n, &o, &r), -1);
    cr_expect_eq(errno, ENOENT);
    cr_expect_eq(r.n_hits, 0);
    cr_expect_null(r.hits);
    mpz_clears(p, q, NULL);
    modset_free(&s);
}
