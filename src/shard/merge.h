/* Merging state files (`certsweep merge`), knowing the shards of a split.
 *
 * States are taken in the order given.  Those of `scan --shard K/N` runs
 * over the same inputs form a split: their inputs are added up into one
 * set (agg/shard_tally.h), so that the merge of all N equals one scan of
 * the inputs.  Refused, naming the state files: a shard given twice, a
 * shard missing (unless `partial`), shards that planned an input
 * differently (it changed between them), a shard whose input changed
 * between its planning and its scan, two splits over the same input
 * (overlapping inputs), and -- as for any merge -- a scan or input
 * counted twice or tallies made with other rules.
 *
 * One state file is held at a time beside the total, so memory does not
 * grow with the number of states (only by a pointer per shard). */
#ifndef CS_SHARD_MERGE_H
#define CS_SHARD_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "agg/tally.h"

/* The merged tally of the n state files, or NULL with the reason in err.
 * With `partial`, a split with shards missing is merged all the same: its
 * inputs are incomplete, naming the missing shards, the tally is partial
 * and *missing is set. */
cs_tally *cs_shard_merge(const char *const *paths, size_t n, bool partial, bool *missing, char *err,
                         size_t err_size);

#endif
