/* Batch GCD: which RSA moduli of a set share a prime factor with another
 * modulus of the set, and which factor (Heninger, Durumeric, Wustrow,
 * Halderman, "Mining Your Ps and Qs", USENIX Security 2012, section 3.3,
 * after Bernstein's product and remainder trees), on GMP.
 *
 *   P = N1 * ... * Nm               (product tree)
 *   Ri = P mod Ni^2                 (remainder tree, from the root down)
 *   gi = gcd(Ni, Ri / Ni)           (1: no factor shared; 1 < gi < Ni: the
 *                                    shared factor; gi = Ni: every factor
 *                                    is shared, split by pairwise gcds)
 *
 * Input: the moduli as unsigned big-endian byte strings (leading zero
 * octets, as in a DER INTEGER, are ignored).  The caller does NOT need to
 * deduplicate: equal moduli are merged here, the trees hold each value
 * once, and every input index of a value that shares a factor with a
 * DIFFERENT value is reported.  Equal moduli alone are not a finding here
 * (the same key twice is key reuse, not a shared prime).  Values below 2
 * (empty, 0, 1) are skipped and counted.
 *
 * A sharded scan merges by concatenating the shards' moduli lists and
 * calling this once (duplicates across shards are merged here too).
 *
 * Memory bound (options.memory_limit, default CS_BGCD_DEFAULT_MEMORY):
 * what GMP allocates for the trees.  Not counted: the caller's moduli,
 * about 40 bytes of index per modulus, the result and the allocator's
 * slack.  When the whole product tree, two remainder levels and GMP's
 * scratch fit (about (levels + 10) x the moduli's bytes), they stay in
 * memory.  Past the bound every tree level is streamed through an
 * unlinked temporary file in options.tmpdir (spill) and only the few
 * numbers in use are held; the distinct moduli are split into groups of
 * at most memory_limit / 28 bytes (a spilled group peaks at about 25 x
 * its bytes, mostly GMP's division scratch), one tree per group, and
 * each group's remainder tree starts from the product of every group's
 * root modulo its own root squared (the paper's distributed variant):
 * same answers, more time.  A single modulus larger than a group's share
 * is a group of its own.  bench/keys/RESULTS.md has the measured peaks.
 *
 * The pairwise fallback (gi = Ni) tries Ni against the other moduli that
 * share something until one gcd splits it; options.max_pairwise bounds
 * the gcds it may spend in all (hostile sets could ask for m^2).
 *
 *   cs_bgcd_result r;
 *   if (cs_batchgcd(moduli, n, NULL, &r) == 0) {
 *       for (size_t i = 0; i < r.n_hits; i++)
 *           report(r.hits[i].index, r.hits[i].factor, r.hits[i].factor_len);
 *       cs_bgcd_result_free(&r);
 *   }
 *
 * Reentrant (calls may run on several threads); GMP's default allocator
 * aborts when memory runs out: the bound is what keeps it from doing so.
 */
#ifndef CS_KEYS_BATCHGCD_H
#define CS_KEYS_BATCHGCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/span.h"

#define CS_BGCD_DEFAULT_MEMORY ((size_t)1 << 30)  /* 1 GiB */
#define CS_BGCD_DEFAULT_PAIRWISE 10000000u        /* fallback gcds */

typedef struct cs_bgcd_options {
    size_t memory_limit;   /* bytes for the trees; 0: CS_BGCD_DEFAULT_MEMORY */
    const char *tmpdir;    /* spill directory; NULL: $TMPDIR, else /tmp */
    uint64_t max_pairwise; /* gcds the fallback may spend; 0: CS_BGCD_DEFAULT_PAIRWISE */
} cs_bgcd_options;

typedef struct cs_bgcd_hit {
    size_t index;     /* the modulus' index in the caller's array */
    uint8_t *factor;  /* the shared factor, big-endian, no leading zero */
    size_t factor_len;
} cs_bgcd_hit;

typedef struct cs_bgcd_result {
    /* Sorted by index, then factor.  A modulus sharing p with one modulus
     * and q with another gets two hits (p and q); for two-prime moduli
     * every factor named is a prime.  A modulus all of whose factors are
     * shared but which the pairwise budget could not split is named with
     * itself as the factor (counted in `unsplit`). */
    cs_bgcd_hit *hits;
    size_t n_hits;
    size_t distinct;     /* distinct moduli >= 2 in the trees */
    size_t skipped;      /* inputs below 2 */
    size_t groups;       /* trees the moduli were split into */
    bool spilled;        /* tree levels went through temporary files */
    size_t unsplit;      /* distinct moduli left unsplit (budget spent) */
    uint64_t pairwise;   /* gcds the fallback computed */
} cs_bgcd_result;

/* Runs the batch GCD over moduli[0..n) (opt may be NULL: defaults).
 * Returns 0, or -1 with errno set (ENOMEM, or the spill file's error such
 * as ENOSPC); on -1 *out holds nothing to free. */
int cs_batchgcd(const cs_span *moduli, size_t n, const cs_bgcd_options *opt, cs_bgcd_result *out);

void cs_bgcd_result_free(cs_bgcd_result *r);

#endif
