/* The CSV reports (columns documented in docs/reports.md).  RFC 4180:
 * CRLF line ends, text cells quoted, UTF-8; no cell can start a formula. */
#include <string.h>

#include "report/corpus_report.h"
#include "report/out.h"
#include "report/writers.h"

#define EOL "\r\n"

static void examples(cs_out *o, const cs_tally_example *ex, size_t n)
{
    /* Hex digests only: cannot start a formula, quoted for uniformity. */
    cs_out_puts(o, "\"");
    for (size_t e = 0; e < n; e++) {
        if (e)
            cs_out_puts(o, " ");
        cs_out_hex(o, ex[e].sha256, 32);
    }
    cs_out_puts(o, "\"");
}

static void issuers_csv(cs_out *o, const cs_model *m)
{
    cs_out_puts(o, "issuer_id,issuer_o,issuer_cn,issuer_dn,authority_key_id,certificates,"
                   "final_certificates,precertificates,with_error,with_warning,with_notice,"
                   "error_rate,first_not_before,last_not_before,undated,rules_failed,corpus_findings" EOL);
    for (size_t i = 0; i < m->n_issuers; i++) {
        const cs_tally_issuer *is = m->issuers[i];
        char id[17], first[32], last[32];
        cs_model_issuer_id(is, id);
        cs_model_issuer_dates(is, first, last);
        size_t failed = is->n_fails;
        cs_out_printf(o, "%s,", id);
        cs_out_csv(o, is->o);
        cs_out_puts(o, ",");
        cs_out_csv(o, is->cn);
        cs_out_puts(o, ",");
        cs_out_csv(o, is->dn);
        cs_out_printf(o, ",%s,%llu,%llu,%llu,%llu,%llu,%llu,", is->aki, (unsigned long long)is->certs,
                      (unsigned long long)(is->certs - is->precerts), (unsigned long long)is->precerts,
                      (unsigned long long)is->with_error, (unsigned long long)is->with_warning,
                      (unsigned long long)is->with_notice);
        cs_out_ratio(o, is->with_error, is->certs);
        cs_out_printf(o, ",%s,%s,%llu,%zu,%llu" EOL, first, last, (unsigned long long)is->undated, failed,
                      (unsigned long long)cs_report_corpus_issuer_count(m, i));
    }
}

static void issuer_rules_csv(cs_out *o, const cs_model *m)
{
    const cs_tally *t = m->t;
    cs_out_puts(o, "issuer_id,rule_id,severity,applicable,failed,fail_rate,example_sha256s" EOL);
    for (size_t i = 0; i < m->n_issuers; i++) {
        const cs_tally_issuer *is = m->issuers[i];
        char id[17];
        cs_model_issuer_id(is, id);
        if (!is->app32 && !is->app64)
            continue;
        size_t k = 0; /* walks the sparse failures alongside the rules */
        for (size_t ri = 0; ri < t->n_rules; ri++) {
            uint64_t applicable = cs_tally_applicable(is, ri);
            if (!applicable)
                continue;
            while (k < is->n_fails && is->fails[k].rule < ri)
                k++;
            const cs_tally_rulecount *rc = k < is->n_fails && is->fails[k].rule == ri ? &is->fails[k] : NULL;
            const cs_tally_rule *r = &t->rules[ri];
            uint64_t failed = rc ? rc->failed : 0;
            cs_out_puts(o, id);
            cs_out_puts(o, ",");
            cs_out_csv(o, r->id);
            cs_out_puts(o, ",");
            cs_out_puts(o, cs_severity_name((cs_severity)r->severity));
            cs_out_puts(o, ",");
            cs_out_u64(o, applicable);
            cs_out_puts(o, ",");
            cs_out_u64(o, failed);
            cs_out_puts(o, ",");
            cs_out_ratio(o, failed, applicable);
            cs_out_puts(o, ",");
            examples(o, rc ? rc->examples : NULL, rc ? rc->n_examples : 0);
            cs_out_puts(o, EOL);
        }
    }
}

static void rules_csv(cs_out *o, const cs_model *m)
{
    const cs_tally *t = m->t;
    cs_out_puts(o, "rule_id,severity,source,citation,effective,ineffective,description,applicable,"
                   "failed,fail_rate,issuers_applicable,issuers_failed,example_sha256s" EOL);
    for (size_t i = 0; i < t->n_rules; i++) {
        const cs_tally_rule *r = &t->rules[i];
        const cs_rule_total *rt = &m->rules[i];
        cs_out_csv(o, r->id);
        cs_out_printf(o, ",%s,%s,", cs_severity_name((cs_severity)r->severity),
                      cs_source_name((cs_source)r->source));
        cs_out_csv(o, r->citation);
        cs_out_puts(o, ",");
        cs_out_csv(o, r->effective);
        cs_out_puts(o, ",");
        cs_out_csv(o, r->ineffective);
        cs_out_puts(o, ",");
        cs_out_csv(o, r->description);
        cs_out_printf(o, ",%llu,%llu,", (unsigned long long)rt->applicable, (unsigned long long)rt->failed);
        cs_out_ratio(o, rt->failed, rt->applicable);
        cs_out_printf(o, ",%llu,%llu,", (unsigned long long)rt->issuers_applicable,
                      (unsigned long long)rt->issuers_failed);
        examples(o, rt->examples, rt->n_examples);
        cs_out_puts(o, EOL);
    }
}

static void monthly_csv(cs_out *o, const cs_model *m)
{
    cs_out_puts(o, "issuer_id,month,certificates,with_error,with_warning,with_notice" EOL);
    for (size_t i = 0; i < m->n_issuers; i++) {
        const cs_tally_issuer *is = m->issuers[i];
        char id[17];
        cs_model_issuer_id(is, id);
        for (size_t k = 0; k < is->n_months; k++) {
            const cs_tally_month *mo = &is->months[k];
            char month[16];
            cs_model_month(mo->month, month);
            const uint64_t counts[] = { mo->certs, mo->with_error, mo->with_warning, mo->with_notice };
            cs_out_puts(o, id);
            cs_out_puts(o, ",");
            cs_out_puts(o, month);
            for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
                cs_out_puts(o, ",");
                cs_out_u64(o, counts[c]);
            }
            cs_out_puts(o, EOL);
        }
    }
}

bool cs_report_csv(const cs_model *m, const char *dir, char *err, size_t err_size)
{
    static const struct {
        const char *name;
        void (*write)(cs_out *, const cs_model *);
    } files[] = {
        { "issuers.csv", issuers_csv },
        { "issuer_rules.csv", issuer_rules_csv },
        { "rules.csv", rules_csv },
        { "monthly.csv", monthly_csv },
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        cs_out o;
        if (!cs_out_open(&o, dir, files[i].name, err, err_size))
            return false;
        files[i].write(&o, m);
        if (!cs_out_close(&o, err, err_size))
            return false;
    }
    return true;
}
