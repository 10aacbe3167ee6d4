/* Building the report model from a tally (see model.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/text.h"
#include "report/model.h"

static int by_month(const void *a, const void *b)
{
    const cs_tally_month *x = a, *y = b;
    return (x->month > y->month) - (x->month < y->month);
}

bool cs_model_build(cs_model *m, const cs_tally *t)
{
    memset(m, 0, sizeof *m);
    m->t = t;
    m->n_issuers = t->n_issuers;
    m->issuers = cs_tally_sorted_issuers(t);
    m->rules = calloc(t->n_rules ? t->n_rules : 1, sizeof *m->rules);
    size_t month_cap = 0;
    for (size_t i = 0; i < t->n_issuers; i++)
        month_cap += t->issuers[i]->n_months;
    m->months = malloc((month_cap ? month_cap : 1) * sizeof *m->months);
    if ((t->n_issuers && !m->issuers) || !m->rules || !m->months) {
        cs_model_free(m);
        return false;
    }
    size_t nm = 0;
    for (size_t i = 0; i < m->n_issuers; i++) {
        const cs_tally_issuer *is = m->issuers[i];
        m->certs += is->certs;
        m->precerts += is->precerts;
        m->with_error += is->with_error;
        m->with_warning += is->with_warning;
        m->with_notice += is->with_notice;
        m->undated += is->undated;
        if (is->app32 || is->app64)
            for (size_t r = 0; r < t->n_rules; r++) {
                uint64_t n = cs_tally_applicable(is, r);
                m->rules[r].applicable += n;
                m->rules[r].issuers_applicable += n > 0;
            }
        for (size_t k = 0; k < is->n_fails; k++) {
            const cs_tally_rulecount *rc = &is->fails[k];
            if (rc->rule >= t->n_rules)
                continue;
            cs_rule_total *rt = &m->rules[rc->rule];
            rt->failed += rc->failed;
            rt->issuers_failed += rc->failed > 0;
            /* The smallest K of the union of per-issuer smallest Ks. */
            for (size_t e = 0; e < rc->n_examples; e++)
                cs_tally_examples_insert(rt->examples, &rt->n_examples, rc->examples[e].sha256,
                                         rc->examples[e].detail);
        }
        for (size_t k = 0; k < is->n_months; k++)
            m->months[nm++] = is->months[k];
    }
    /* Sum equal months. */
    qsort(m->months, nm, sizeof *m->months, by_month);
    size_t w = 0;
    for (size_t r = 0; r < nm; r++) {
        if (w && m->months[w - 1].month == m->months[r].month) {
            m->months[w - 1].certs += m->months[r].certs;
            m->months[w - 1].with_error += m->months[r].with_error;
            m->months[w - 1].with_warning += m->months[r].with_warning;
            m->months[w - 1].with_notice += m->months[r].with_notice;
        } else {
            m->months[w++] = m->months[r];
        }
    }
    m->n_months = w;
    return true;
}

void cs_model_free(cs_model *m)
{
    free(m->issuers);
    free(m->rules);
    free(m->months);
    memset(m, 0, sizeof *m);
}

void cs_model_issuer_id(const cs_tally_issuer *is, char out[17])
{
    cs_text_hex(is->key, 8, out, 17);
}

void cs_model_issuer_dates(const cs_tally_issuer *is, char first[32], char last[32])
{
    first[0] = last[0] = '\0';
    if (is->certs > is->undated) {
        cs_tally_date(is->first_nb, first);
        cs_tally_date(is->last_nb, last);
    }
}

bool cs_model_month_range(const cs_model *m, int32_t *first, int32_t *last)
{
    if (m->n_months == 0)
        return false;
    uint64_t total = 0;
    for (size_t i = 0; i < m->n_months; i++)
        total += m->months[i].certs;
    /* Core: the months holding the 1st and the 99th percentile certificate. */
    uint64_t tail = total / 100, seen = 0;
    size_t lo = 0, hi = m->n_months - 1;
    for (size_t i = 0; i < m->n_months; i++) {
        seen += m->months[i].certs;
        if (seen > tail) {
            lo = i;
            break;
        }
    }
    seen = 0;
    for (size_t i = m->n_months; i-- > 0;) {
        seen += m->months[i].certs;
        if (seen > tail) {
            hi = i;
            break;
        }
    }
    if (hi < lo)
        hi = lo;
    int32_t span = m->months[hi].month - m->months[lo].month;
    int32_t gap = span / 2 > 24 ? span / 2 : 24;
    /* Widen over the months that continue the data. */
    while (lo > 0 && m->months[lo].month - m->months[lo - 1].month <= gap)
        lo--;
    while (hi + 1 < m->n_months && m->months[hi + 1].month - m->months[hi].month <= gap)
        hi++;
    *first = m->months[lo].month;
    *last = m->months[hi].month;
    return true;
}

void cs_model_month(int32_t month, char out[16])
{
    int y, mo;
    cs_tally_month_split(month, &y, &mo);
    snprintf(out, 16, "%04d-%02d", y, mo);
}
