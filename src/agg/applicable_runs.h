/* The applicable sets an issuer's certificates had last, with how many
 * certificates had each, not yet added to its dense per-rule counts.
 *
 * The certificates of one issuer mostly share a profile, hence the set of
 * rules that applied to them: counting a certificate whose set is held
 * costs a compare of the set (48 octets for 334 rules) instead of an
 * increment per applicable rule (150-250, scattered over the counts).
 * A set not held takes the place of the least recently seen one, whose
 * count the tally then adds to its counters (agg/tally.c).  Keyed on the
 * issuer and its profile, never on a certificate, so it hits as a dump's
 * issuers repeat their profiles (a corpus repeated, as the benchmark's,
 * flatters it: docs/design.md gives both rates).
 *
 * Readers never see the difference: cs_tally_applicable (tally_data.h)
 * adds the pending counts to the dense ones.  Memory: CS_APPLICABLE_RUNS
 * sets and counts per issuer. */
#ifndef CS_AGG_APPLICABLE_RUNS_H
#define CS_AGG_APPLICABLE_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sets held per issuer (4 answer 58 % of the real corpus's certificates
 * in its own order, 1 answers 43 %). */
#define CS_APPLICABLE_RUNS 4

typedef struct cs_applicable_runs {
    uint32_t words;                      /* 64-bit words a set holds */
    uint32_t n;                          /* sets held, the most recently seen first */
    uint64_t count[CS_APPLICABLE_RUNS];  /* certificates with set i not yet in the dense counts */
    uint64_t set[];                      /* CS_APPLICABLE_RUNS sets of `words` words */
} cs_applicable_runs;

/* Room for sets of `words` 64-bit words (1 to CS_MAX_RULES / 64); NULL
 * on out-of-memory. */
cs_applicable_runs *cs_applicable_runs_new(size_t words);

/* One more certificate with `set` (words words): true when the set is
 * held (counted, and now the most recent); false when it is not, and
 * nothing changed: the caller then pushes it (below). */
bool cs_applicable_runs_count(cs_applicable_runs *ar, const uint64_t *set);

/* The least recently seen set when every place is taken (it leaves on the
 * next push: the caller adds its *count to its counters first), else NULL. */
const uint64_t *cs_applicable_runs_leaving(const cs_applicable_runs *ar, uint64_t *count);

/* Holds `set` as the most recent, with a count of 1, dropping the set
 * cs_applicable_runs_leaving named. */
void cs_applicable_runs_push(cs_applicable_runs *ar, const uint64_t *set);

/* Certificates held here for which rule `rule` applied. */
static inline uint64_t cs_applicable_runs_pending(const cs_applicable_runs *ar, size_t rule)
{
    uint64_t n = 0;
    if (ar && rule / 64 < ar->words)
        for (uint32_t i = 0; i < ar->n; i++)
            if ((ar->set[(size_t)i * ar->words + rule / 64] >> (rule % 64)) & 1u)
                n += ar->count[i];
    return n;
}

#endif
