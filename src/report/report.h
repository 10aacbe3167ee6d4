/* Writing reports and state files from a (merged) tally.
 *
 * Reports are a pure function of the tally: no wall-clock time, thread
 * count or host name goes into them, so that -j1 and -j8 scans, and merged
 * shards, give byte-identical files. */
#ifndef CS_REPORT_REPORT_H
#define CS_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "agg/tally.h"

/* Writes issuers.csv, issuer_rules.csv, rules.csv, monthly.csv,
 * summary.json and index.html into dir (created if missing), replacing
 * the previous report there as a set (report/outdir.h): on any error the
 * previous report is left as it was.  Returns false with a message
 * (naming the file) on any I/O error. */
bool cs_report_write(const cs_tally *t, const char *dir, char *err, size_t err_size);

#endif
