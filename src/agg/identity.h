/* The identity of what a tally counts: the scans merged into it (a random
 * 128-bit id, start time, certsweep version) and, per input, the digest
 * of the raw bytes read and the shard.  State files carry both, so that
 * `certsweep merge` refuses to count the same scan or the same input
 * twice instead of adding it up again. */
#ifndef CS_AGG_IDENTITY_H
#define CS_AGG_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg/tally.h"

/* Stamps a new scan: a random id, `started` and this certsweep's version.
 * False when out of memory or no random bytes could be had. */
bool cs_tally_add_new_scan(cs_tally *t, int64_t started);

/* Records the SHA-256 of the `bytes` raw bytes read from input `id`. */
bool cs_tally_set_input_digest(cs_tally *t, uint32_t id, const uint8_t sha256[32], uint64_t bytes);

/* Marks input `id` as read by shard K of N under `plan` (src/shard). */
struct cs_tally_shard_plan;
bool cs_tally_set_input_shard(cs_tally *t, uint32_t id, uint32_t k, uint32_t n,
                              const struct cs_tally_shard_plan *plan);

/* Appends the scans of `from` to `into` (part of cs_tally_merge). */
bool cs_tally_merge_scans(cs_tally *into, const cs_tally *from);

/* True when two inputs are known to be the same bytes (same digest over
 * the same non-zero length, and not two different shards of a split). */
bool cs_tally_same_input(const cs_tally *a, size_t ia, const cs_tally *b, size_t ib);

/* What `b` would count twice when merged into `a`. */
typedef struct cs_tally_overlap {
    bool scan;          /* a scan (else an input) */
    size_t a_index;     /* index of the scan or input in a */
} cs_tally_overlap;

/* True when `b` counts no scan and no input that `a` already counts;
 * otherwise false, *where says which one in `a`, and err names both. */
bool cs_tally_disjoint(const cs_tally *a, const cs_tally *b, cs_tally_overlap *where, char *err,
                       size_t err_size);

size_t cs_tally_input_count(const cs_tally *t);
size_t cs_tally_scan_count(const cs_tally *t);

#endif
