/* Applicable counts kept as runs of identical sets per issuer
 * (agg/applicable_runs.h): every reader (cs_tally_applicable, merges,
 * state files) sees exactly the counts of one increment per rule and
 * certificate, the slow way, at any time: while sets are pending, after
 * evictions, across merges and state round trips. */
#include "test_report_fixture.h"
#include "agg/applicable_runs.h"
#include "report/state.h"

/* 130 rules: sets of three words, the last one partly used. */
#define NR 130
static cs_rule many[NR];
static const cs_rule *many_v[NR];
static char ids[NR][24];

static cs_tally *many_tally(void)
{
    for (unsigned i = 0; i < NR; i++) {
        snprintf(ids[i], sizeof ids[i], "rfc5280_r%03u", i);
        many[i] = (cs_rule){ .id = ids[i], .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
                             .citation = "RFC 5280", .description = "rule", .applies_to = "all",
                             .check = fx_check };
        many_v[i] = &many[i];
    }
    cs_tally *t = cs_tally_new_rules(many_v, NR);
    cr_assert_not_null(t);
    return t;
}

/* A deterministic pseudo-random stream (xorshift). */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

#define ISSUERS 5
#define PROFILES 9 /* more sets an issuer than places: evictions */

/* Profile p's set; bits past the rules are set too (the tally must ignore them). */
static void profile_set(cs_lint_result *r, unsigned p)
{
    memset(r->applicable, 0, sizeof r->applicable);
    uint64_t s = 0x9E3779B97F4A7C15ull * (p + 1);
    for (int w = 0; w < 3; w++)
        r->applicable[w] = next_random(&s);
    r->applicable[2] |= ~UINT64_C(0) << (NR % 64);
    r->n_findings = 0;
}

typedef struct reference {
    uint64_t n[ISSUERS][NR];
} reference;

static fx_cert *issuer_cert(unsigned i)
{
    char cn[16];
    snprintf(cn, sizeof cn, "CA %u", i);
    return fx_cert_new("Org", 3, cn, strlen(cn), (int)i, fx_date("2025-01-01"), i, false);
}

static const cs_tally_issuer *issuer_of(const cs_tally *t, unsigned i)
{
    fx_cert *c = issuer_cert(i);
    uint8_t key[32];
    cr_assert(cs_tally_issuer_key(&c->c, key));
    free(c);
    for (size_t k = 0; k < t->n_issuers; k++)
        if (memcmp(t->issuers[k]->key, key, 32) == 0)
            return t->issuers[k];
    return NULL;
}

static void same_counts(const cs_tally *t, const reference *ref)
{
    for (unsigned i = 0; i < ISSUERS; i++) {
        const cs_tally_issuer *is = issuer_of(t, i);
        for (size_t rule = 0; rule < NR; rule++)
            cr_assert_eq(is ? cs_tally_applicable(is, rule) : 0, ref->n[i][rule], "issuer %u rule %zu", i, rule);
    }
}

/* Adds `count` certificates drawn from stream *s to t and to ref (the slow
 * way: one increment per applicable rule), checking every `check` adds. */
static void add_stream(cs_tally *t, reference *ref, uint64_t *s, unsigned count, unsigned check)
{
    cs_lint_result *r = calloc(1, sizeof *r);
    fx_cert *certs[ISSUERS];
    for (unsigned i = 0; i < ISSUERS; i++)
        certs[i] = issuer_cert(i);
    for (unsigned k = 0; k < count; k++) {
        uint64_t x = next_random(s);
        unsigned i = (unsigned)(x % ISSUERS);
        /* Runs: mostly the profile before, sometimes another one. */
        unsigned p = (unsigned)((x >> 8) % 4 == 0 ? (x >> 16) % PROFILES : (x >> 24) % 3);
        profile_set(r, p);
        cr_assert(cs_tally_add_cert(t, 0, &certs[i]->c, r, NULL));
        for (size_t rule = 0; rule < NR; rule++)
            ref->n[i][rule] += cs_lint_applicable(r, rule);
        if (check && k % check == 0)
            same_counts(t, ref);
    }
    for (unsigned i = 0; i < ISSUERS; i++)
        free(certs[i]);
    free(r);
}

Test(applicable_runs, most_recent_first_and_the_least_recent_leaves)
{
    cs_applicable_runs *ar = cs_applicable_runs_new(1);
    cr_assert_not_null(ar);
    uint64_t count, sets[CS_APPLICABLE_RUNS + 1];
    for (unsigned i = 0; i <= CS_APPLICABLE_RUNS; i++)
        sets[i] = UINT64_C(1) << i;
    for (unsigned i = 0; i < CS_APPLICABLE_RUNS; i++) {
        cr_assert_not(cs_applicable_runs_count(ar, &sets[i]));
        cr_assert_null(cs_applicable_runs_leaving(ar, &count));
        cs_applicable_runs_push(ar, &sets[i]);
    }
    /* Set 0 seen again: now the most recent, so set 1 is the one to leave. */
    cr_assert(cs_applicable_runs_count(ar, &sets[0]));
    cr_assert(cs_applicable_runs_count(ar, &sets[1]));
    cr_assert(cs_applicable_runs_count(ar, &sets[1]));
    cr_assert(cs_applicable_runs_count(ar, &sets[0]));
    const uint64_t *leaving = cs_applicable_runs_leaving(ar, &count);
    cr_assert_not_null(leaving);
    cr_assert_eq(*leaving, sets[2]);
    cr_assert_eq(count, 1);
    cr_assert_not(cs_applicable_runs_count(ar, &sets[CS_APPLICABLE_RUNS]));
    cs_applicable_runs_push(ar, &sets[CS_APPLICABLE_RUNS]);
    cr_assert_eq(cs_applicable_runs_pending(ar, 0), 3);
    cr_assert_eq(cs_applicable_runs_pending(ar, 1), 3);
    cr_assert_eq(cs_applicable_runs_pending(ar, 2), 0); /* left */
    cr_assert_eq(cs_applicable_runs_pending(ar, CS_APPLICABLE_RUNS), 1);
    cr_assert_eq(cs_applicable_runs_pending(ar, 64), 0); /* past the set */
    free(ar);
    cr_assert_null(cs_applicable_runs_new(0));
    cr_assert_null(cs_applicable_runs_new(CS_MAX_RULES / 64 + 1));
}

Test(applicable_runs, counts_equal_the_slow_way_at_any_time)
{
    cs_tally *t = many_tally();
    reference *ref = calloc(1, sizeof *ref);
    uint64_t s = 42;
    add_stream(t, ref, &s, 3000, 7);
    same_counts(t, ref);
    free(ref);
    cs_tally_free(t);
}

Test(applicable_runs, merges_see_pending_counts_on_both_sides)
{
    cs_tally *a = many_tally(), *b = many_tally(), *empty = many_tally();
    reference *ra = calloc(1, sizeof *ra), *rb = calloc(1, sizeof *rb);
    uint64_t s = 7;
    add_stream(a, ra, &s, 1500, 0);
    add_stream(b, rb, &s, 1500, 0);
    /* Into an empty tally, and into one with runs of its own. */
    cr_assert(cs_tally_merge(empty, b));
    same_counts(empty, rb);
    cr_assert(cs_tally_merge(a, b));
    for (unsigned i = 0; i < ISSUERS; i++)
        for (size_t rule = 0; rule < NR; rule++)
            ra->n[i][rule] += rb->n[i][rule];
    same_counts(a, ra);
    same_counts(b, rb); /* the source is left as it was */
    /* Runs go on counting after a merge. */
    add_stream(a, ra, &s, 500, 3);
    same_counts(a, ra);
    free(ra), free(rb);
    cs_tally_free(a), cs_tally_free(b), cs_tally_free(empty);
}

Test(applicable_runs, state_files_hold_the_pending_counts)
{
    cs_tally *t = many_tally();
    reference *ref = calloc(1, sizeof *ref);
    uint64_t s = 99;
    add_stream(t, ref, &s, 2000, 0);
    char dir[256], path[512], err[512];
    fx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/s.state", dir);
    cr_assert(cs_state_write(t, path, err, sizeof err), "%s", err);
    cs_tally *back = cs_state_read(path, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    same_counts(back, ref);
    free(ref);
    cs_tally_free(t);
    cs_tally_free(back);
    fx_cleanup();
}
