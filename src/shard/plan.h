/* Sharded scans (`certsweep scan --shard K/N`): which records each of N
 * independent scans reads, so that together they read every record once.
 *
 * Every shard plans the same way from the same inputs, without talking to
 * the others: it lists each input's units through the ingest layer
 * (reading only directory entries and archive headers) -- the files of a
 * directory, the members of an archive, or else the whole file -- and
 * deals them out to the N shards by size, largest first, each to the
 * shard with the fewest bytes so far (ties: the lowest shard, then input
 * and unit order).  The scan then reads only its own units, and checks
 * that it finds the units it planned: a digest of their names, sizes and
 * modification times goes into the state (agg/tally_data.h), so that
 * `certsweep merge` refuses shards that planned different inputs or an
 * input that changed between planning and scanning. */
#ifndef CS_SHARD_PLAN_H
#define CS_SHARD_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg/tally.h"
#include "ingest/ingest.h"

/* Most shards in a split. */
#define CS_SHARD_MAX 100000u

/* Parses "K/N" (1 <= K <= N <= CS_SHARD_MAX); false with a message. */
bool cs_shard_parse(const char *text, uint32_t *k, uint32_t *n, char *err, size_t err_size);

typedef struct cs_shard_plan cs_shard_plan;

/* Plans shard k of n over the inputs (paths; not standard input), read
 * with the ingest options the scan will use.  NULL with a message on
 * out-of-memory.  An input that cannot be opened has no units: every
 * shard reports it. */
cs_shard_plan *cs_shard_plan_new(const char *const *inputs, size_t n_inputs, const cs_ingest_options *ingest,
                                 uint32_t k, uint32_t n, char *err, size_t err_size);
void cs_shard_plan_free(cs_shard_plan *p);

/* Makes a scan with these ingest options read only this shard's units. */
void cs_shard_plan_apply(cs_shard_plan *p, cs_ingest_options *ingest);

/* After the scan: marks each input of the tally with the shard and its
 * plan.  False on out-of-memory. */
bool cs_shard_plan_stamp(cs_shard_plan *p, cs_tally *t);

/* Bytes and units dealt to shard k (1-based), and in all. */
uint64_t cs_shard_plan_bytes(const cs_shard_plan *p, uint32_t k);
uint64_t cs_shard_plan_units(const cs_shard_plan *p, uint32_t k);

#endif
