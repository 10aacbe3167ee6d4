/* The charts of index.html (html_charts.c): inline SVG written by the page
 * writer (html.c), every string HTML-escaped. */
#ifndef CS_REPORT_HTML_CHARTS_H
#define CS_REPORT_HTML_CHARTS_H

#include <stddef.h>
#include <stdint.h>

#include "report/model.h"
#include "report/out.h"

/* Writes the four chart figures: top issuers by volume, by error rate,
 * certificates by month, most violated rules. */
void cs_html_charts(cs_out *o, const cs_model *m);

/* a/b as a percentage with 2 decimals ("12.50%"), integer arithmetic. */
void cs_html_percent(char *out, size_t size, uint64_t a, uint64_t b);

#endif
