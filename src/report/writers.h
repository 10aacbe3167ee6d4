/* The report writers, one per output file family; cs_report_write()
 * (report.c) calls each in turn.  Each returns false with a message
 * naming the file on an I/O error. */
#ifndef CS_REPORT_WRITERS_H
#define CS_REPORT_WRITERS_H

#include <stdbool.h>
#include <stddef.h>

#include "report/model.h"

/* issuers.csv, issuer_rules.csv, rules.csv, monthly.csv (csv.c) */
bool cs_report_csv(const cs_model *m, const char *dir, char *err, size_t err_size);
/* summary.json (json.c) */
bool cs_report_json(const cs_model *m, const char *dir, char *err, size_t err_size);
/* index.html (html.c) */
bool cs_report_html(const cs_model *m, const char *dir, char *err, size_t err_size);

#endif
