/* The inputs of the shards of one split (`certsweep scan --shard K/N`),
 * added up into one set of input slots, so that the merge of all N shard
 * states has the inputs of one unsharded scan (src/shard/merge.c decides
 * which states form a split; this file only does the arithmetic). */
#ifndef CS_AGG_SHARD_TALLY_H
#define CS_AGG_SHARD_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg/tally.h"

/* Adds the inputs of the shard tally `from` to into->inputs[base ...],
 * creating the slots when `from` is the split's first shard there:
 * records, certificates and bytes read add up, an input is finished when
 * every shard finished it, the units each shard owned add up (checked by
 * cs_tally_close_split), and of the incomplete reasons the one of the
 * lowest shard is kept (reason_k[i]: its K, 0 for none).  Only the input
 * slots are touched: the rest is cs_tally_merge_counts.  False on
 * out-of-memory. */
bool cs_tally_add_shard_inputs(cs_tally *into, size_t base, const cs_tally *from, uint32_t *reason_k);

/* Ends a split at into->inputs[base .. base+n).  With every shard there
 * (`missing` NULL) the inputs become those of one unsharded scan: not
 * sharded, the plan's digest as their identity, bytes read at most their
 * size; false, with the slot index in *bad, when the shards did not own
 * each unit exactly once (SIZE_MAX: out of memory).  With shards missing, each input is incomplete
 * with `missing` as its reason and the tally is partial. */
bool cs_tally_close_split(cs_tally *into, size_t base, size_t n, const char *missing, size_t *bad);

#endif
