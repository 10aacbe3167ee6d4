/* State files: the complete tallies of a scan, so that shards scanned
 * separately can be merged (certsweep merge) or re-rendered (certsweep
 * report) without rescanning.  Format: docs/state-format.md. */
#ifndef CS_REPORT_STATE_H
#define CS_REPORT_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "agg/tally.h"

/* Writes the tally to path (atomically: temp file + rename).  Returns false
 * with a message naming the file on any I/O error. */
bool cs_state_write(const cs_tally *t, const char *path, char *err, size_t err_size);

/* Reads a state file into a new tally (which owns the rule set it needs).
 * A corrupt, truncated or incompatible file is refused with a message. */
cs_tally *cs_state_read(const char *path, char *err, size_t err_size);

#endif
