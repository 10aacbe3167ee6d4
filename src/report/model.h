/* The report model: what every writer shows, computed once from a tally.
 *
 * Issuers in report order (certificates descending, then issuer key),
 * rules in id order with their totals over all issuers, and the monthly
 * series summed over issuers.  Pure function of the tally. */
#ifndef CS_REPORT_MODEL_H
#define CS_REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg/tally_data.h"

typedef struct cs_rule_total {
    uint64_t applicable, failed;
    uint64_t issuers_applicable, issuers_failed;
    uint8_t n_examples;
    cs_tally_example examples[CS_TALLY_EXAMPLES]; /* smallest SHA-256s over all issuers */
} cs_rule_total;

typedef struct cs_model {
    const cs_tally *t;
    size_t n_issuers;
    cs_tally_issuer **issuers;      /* report order */
    cs_rule_total *rules;           /* t->n_rules entries */
    uint64_t certs, precerts, with_error, with_warning, with_notice, undated;
    size_t n_months;
    cs_tally_month *months;         /* totals by month, ascending */
} cs_model;

bool cs_model_build(cs_model *m, const cs_tally *t);
void cs_model_free(cs_model *m);

/* Issuer id used in every report: the first 8 bytes of the key, in hex. */
void cs_model_issuer_id(const cs_tally_issuer *is, char out[17]);
/* First and last notBefore of the issuer's certificates, "YYYY-MM-DD";
 * both empty when every certificate is undated. */
void cs_model_issuer_dates(const cs_tally_issuer *is, char first[32], char last[32]);
/* The months the monthly chart draws, [*first, *last]: from the 1st to the
 * 99th percentile of certificates by month, widened over every month that
 * lies within a gap of max(2 years, half that span) of the range.  Months
 * beyond such a gap (a test certificate dated 2055, a notBefore of 1950)
 * are outliers the chart counts in a note instead of squeezing the data
 * into a few pixels.  False when no certificate is dated. */
bool cs_model_month_range(const cs_model *m, int32_t *first, int32_t *last);
/* "YYYY-MM" of a month index. */
void cs_model_month(int32_t month, char out[16]);

#endif
