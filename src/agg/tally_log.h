/* The CT log part of a tally's inputs (cs_tally_log in tally_data.h):
 * where each log was read up to, for `scan --resume` and the reports. */
#ifndef CS_AGG_TALLY_LOG_H
#define CS_AGG_TALLY_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "agg/tally_data.h"

/* Sets (copies) input id's log position; false on out of memory. */
bool cs_tally_set_input_log(cs_tally *t, uint32_t id, const cs_tally_log *log);

/* Merges `old`, the state of an earlier scan of the same logs (inputs in
 * the same order), into `t`, a scan that went on from where it stopped:
 * the counts are added into the same inputs, the positions are t's, and
 * old's incomplete marks (an interrupted round) are dropped since t read
 * on from exactly there.  False with a message when they do not fit. */
bool cs_tally_merge_resumed(cs_tally *t, cs_tally *old, char *err, size_t err_size);

#endif
