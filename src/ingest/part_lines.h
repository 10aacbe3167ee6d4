/* The line numbers of the parts of a plain file (parts.h): part k's
 * continue the newlines of parts 0..k-1.  The parts of an input share a
 * table of the newline counts of each part's bytes: part k takes the
 * counts of the parts before it from there, nearest first, counting
 * itself any that no part has started on, and waiting for one that
 * another part is counting (counting waits on nothing, so no part waits
 * for ever).  Read together, part k counts part k - 1's bytes while the
 * others count theirs: the file is counted about once in all whatever
 * the number of parts (rather than every part counting all the bytes
 * before it), and the first part starts framing at once.
 *
 * The table lives while a part of the input uses it: the first to join
 * makes it, the last to leave frees it (parts read one after another
 * each count what they need again). */
#ifndef CS_INGEST_PART_LINES_H
#define CS_INGEST_PART_LINES_H

#include <stdbool.h>
#include <stdint.h>

#include "ingest/ingest.h"

typedef struct cs_part_lines cs_part_lines;

/* Counts the newlines of part `part`'s bytes into *lines; false on a
 * read error. */
typedef bool (*cs_part_count_fn)(void *ctx, unsigned part, uint64_t *lines);

/* The table of the input whose stats are st, read in `parts` parts;
 * NULL when out of memory (cs_part_lines_before then counts alone). */
cs_part_lines *cs_part_lines_join(cs_ingest_stats *st, unsigned parts);
void cs_part_lines_leave(cs_ingest_stats *st, cs_part_lines *t);

/* The newlines before part `part`: the counts of parts 0..part-1. */
bool cs_part_lines_before(cs_part_lines *t, unsigned part, cs_part_count_fn count, void *ctx, uint64_t *lines);

#endif
