/* The "log" member of a CT log input in summary.json: where it was read
 * up to and how the read went (docs/reports.md). */
#ifndef CS_REPORT_JSON_LOG_H
#define CS_REPORT_JSON_LOG_H

#include "agg/tally_data.h"
#include "report/out.h"

/* Writes `, "log": {...}` into the input's object. */
void cs_report_json_log(cs_out *o, const cs_tally_log *log);

#endif
