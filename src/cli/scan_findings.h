/* The findings file of `certsweep scan --findings FILE`, in one scan or
 * over the rounds of --resume and --follow.
 *
 * A plain scan replaces FILE (report/outfile.h): its per-certificate
 * lines, then the corpus lines.  With --resume or --follow, FILE holds
 * the findings of every round, each certificate's line exactly once, also
 * across a kill.  For that, every scan that writes a regular FILE marks
 * where its per-certificate lines end (before the corpus lines, which
 * describe everything read so far and change from round to round): the
 * length there and the SHA-256 of the bytes just before it.  FILE is
 * synced before the state records the mark.  The next round (or a
 * --resume after a kill) checks that FILE still ends so at the mark, cuts
 * it back there, which drops what a round that never committed wrote and
 * the earlier corpus lines, appends its own lines, then the corpus lines
 * of everything read so far.  So after each round FILE is what one scan
 * of all the entries read would have written (for one log; several logs'
 * lines come round by round).  A FILE that does not match the mark is not
 * that state's and is refused; a missing one is started afresh.  Standard
 * output, devices and FIFOs are written through, round after round,
 * corpus lines included (they repeat); no mark. */
#ifndef CS_CLI_SCAN_FINDINGS_H
#define CS_CLI_SCAN_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "agg/tally_data.h"
#include "report/outfile.h"

typedef struct cs_scan_findings {
    cs_outfile file;             /* file.f: where lines go now; file.name for messages */
    bool gzip;
    bool mark_set;               /* after cs_scan_findings_end_lines, for a regular file: */
    cs_tally_findings_mark mark; /* what to record in the state */
} cs_scan_findings;

/* Opens FILE for a round ("-" = standard output; gzip when it ends in
 * .gz; created inside the report directory, made first).  `rounds`:
 * --resume or --follow; `committed`: the mark the resumed state recorded,
 * or NULL (none: FILE starts empty).  False with a message. */
bool cs_scan_findings_open(cs_scan_findings *f, const char *path, const char *outdir, bool rounds,
                           const cs_tally_findings_mark *committed, char *err, size_t err_size);

/* After the scan's per-certificate lines, before the corpus lines: for a
 * regular file they are written and `mark` is set.  False with a message
 * on a write error. */
bool cs_scan_findings_end_lines(cs_scan_findings *f, char *err, size_t err_size);

/* Flushes, syncs and closes (a replaced file is renamed into place).
 * False with a message. */
bool cs_scan_findings_close(cs_scan_findings *f, char *err, size_t err_size);
/* After another error: a replaced file keeps its previous contents, an
 * appended one what it has (the next resume cuts it back). */
void cs_scan_findings_abort(cs_scan_findings *f);

#endif
