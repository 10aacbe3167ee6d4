/* Several readers for one input.
 *
 * When a scan has more readers than inputs, an input whose units can be
 * reached without reading the rest -- the files of a directory, the
 * members of an uncompressed tar or cpio, or of a zip -- is read by R
 * readers together: reader k reads "part k of R", the units whose entry
 * (a member's header, a file's place in the sorted walk) falls in the
 * k-th R-th of the input's bytes, and passes over the others (skipped by
 * seek when the input has no digest to make).  A large plain file (PEM,
 * base64 lines, JSON Lines, CSV) is read as R byte ranges cut at record
 * boundaries instead (range.c), its line numbers continuing those of the
 * parts before (part_lines.h).  Each unit or record is read by exactly
 * one part, with the origins (member names, offsets, lines) a single
 * reader gives it, so the records, their count and the reports are those
 * of one reader; an error met outside any unit (a damaged header, an
 * unreadable sub-directory) is reported by the part whose bytes it is in.
 * What the parts learn goes into the one cs_ingest_stats of the input:
 * the reason an input is incomplete is the one of the earliest part that
 * has one (the one a single reader would give), and `finished` is set
 * when the last part ends.  A file's digest (a state's input identity) is
 * made by its last part, first, in a pass of its own (file_digest.c).
 *
 * Static-ct data tiles (tile/data/...) are all read by the last part:
 * the partial and full tiles of one index must be counted by one reader
 * (tileset.h). */
#ifndef CS_INGEST_PARTS_H
#define CS_INGEST_PARTS_H

#include "ingest/ingest.h"

/* An input smaller than this per part is not split. */
#define CS_PART_MIN_BYTES ((uint64_t)64 << 10)

/* A plain file gets one part per this many readers it is given: one
 * reader cuts it into chunks for about five threads' work (its reading
 * and cutting are a fifth of a scan's CPU), and on fewer threads parts
 * cost more than they give (page faults, a tally merge: measured in
 * bench/scan/RESULTS.md, 2026-12-07). */
#define CS_PLAIN_PART_READERS 4

/* How many readers (1 to `readers`) should read the input together: 1
 * for standard input, a compressed file (BGZF gzip and multi-frame zstd
 * without a digest to make excepted: pdecomp.h), a 7z archive, a DER or
 * CT JSON file, a sharded scan's input (opt->unit_filter), a directory
 * with its digest to make (opt->no_digest unset: its files' digests are
 * chained in walk order) or a small input; a plain file gets a part per
 * CS_PLAIN_PART_READERS readers.  Looks at the first bytes of a
 * file; sums a directory's file sizes, which it leaves in
 * stats->total_bytes for the parts. */
unsigned cs_ingest_parts(const char *path, const cs_ingest_options *opt, unsigned readers, cs_ingest_stats *stats);

/* cs_ingest_run() for part `part` (0-based) of `parts` of the input, with
 * the stats shared by all its parts (zeroed, then planned by
 * cs_ingest_parts); *finished says whether this part reached its end.
 * The last part of a file makes its digest (unless opt->no_digest); the
 * parts of a directory make none.  parts == 1 is cs_ingest_run(). */
bool cs_ingest_run_part(const char *path, uint32_t input_id, unsigned part, unsigned parts,
                        const cs_ingest_options *opt, cs_batch_sink sink, void *sink_ctx,
                        cs_ingest_stats *stats, bool *finished, char *err, size_t err_size);

#endif
