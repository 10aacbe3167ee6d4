/* summary.json: totals, inputs, rules and issuers, for machines
 * (documented in docs/reports.md).  The top-level totals come first. */
#include <stdlib.h>
#include <string.h>

#include "lint/psl.h"
#include "report/json_log.h"
#include "report/corpus_report.h"
#include "report/out.h"
#include "report/writers.h"

#define U(x) ((unsigned long long)(x))

/* Writes `, "key": "value"` (value JSON-escaped by cs_out_json). */
static void str_member(cs_out *o, const char *key, const char *value)
{
    cs_out_printf(o, ", \"%s\": ", key);
    cs_out_json(o, value);
}

static void examples(cs_out *o, const cs_tally_example *ex, size_t n)
{
    cs_out_puts(o, "[");
    for (size_t e = 0; e < n; e++) {
        cs_out_puts(o, e ? ", {\"sha256\": \"" : "{\"sha256\": \"");
        cs_out_hex(o, ex[e].sha256, 32);
        cs_out_puts(o, "\", \"detail\": ");
        cs_out_json(o, ex[e].detail);
        cs_out_puts(o, "}");
    }
    cs_out_puts(o, "]");
}

static void write_summary(cs_out *o, const cs_model *m)
{
    const cs_tally *t = m->t;
    cs_out_printf(o,
                  "{\n  \"format\": \"certsweep-summary\",\n  \"format_version\": 1,\n"
                  "  \"records_read\": %llu,\n  \"certificates_linted\": %llu,\n"
                  "  \"parse_failures\": %llu,\n  \"partial\": %s,\n",
                  U(cs_tally_records_read(t)), U(cs_tally_certificates_linted(t)),
                  U(cs_tally_parse_failures(t)), t->partial ? "true" : "false");
    char as_of[32] = "";
    if (t->lint.as_of_set)
        cs_tally_date(t->lint.as_of, as_of);
    cs_out_printf(o, "  \"as_of\": %s%s%s,\n  \"smime_guess\": %s,\n  \"smime_profiles_guessed\": %llu,\n"
                  "  \"verify_signatures\": %s,\n",
                  as_of[0] ? "\"" : "", as_of[0] ? as_of : "null", as_of[0] ? "\"" : "",
                  t->lint.smime_guess ? "true" : "false", U(t->smime_guessed),
                  t->lint.verify_signatures ? "true" : "false");
    /* Signatures verified under the issuer's key: the certificates the
     * RFC 5280 signature rule applied to (--verify-signatures, issuer known). */
    uint64_t checked = 0, invalid = 0;
    for (size_t i = 0; i < t->n_rules; i++)
        if (strcmp(t->rules[i].id, "rfc5280_signature_invalid") == 0) {
            checked = m->rules[i].applicable;
            invalid = m->rules[i].failed;
        }
    cs_out_printf(o, "  \"signatures_checked\": %llu,\n  \"signatures_invalid\": %llu,\n"
                  "  \"signatures_not_checked\": %llu,\n", U(checked), U(invalid), U(m->certs - checked));
    cs_out_printf(o, "  \"tls_scope\": \"%s\",\n", t->lint.tls_scope_zlint ? "zlint" : "br");
    /* TLD, wildcard and registrable-domain verdicts depend on the list. */
    cs_out_puts(o, "  \"psl_version\": ");
    cs_out_json(o, cs_psl_version());
    cs_out_puts(o, ",\n");
    cs_out_printf(o,
                  "  \"certificates\": %llu,\n  \"final_certificates\": %llu,\n  \"precertificates\": %llu,\n"
                  "  \"with_error\": %llu,\n  \"with_warning\": %llu,\n  \"with_notice\": %llu,\n"
                  "  \"undated\": %llu,\n  \"issuers\": %zu,\n  \"rules_selected\": %zu,\n",
                  U(m->certs), U(m->certs - m->precerts), U(m->precerts), U(m->with_error),
                  U(m->with_warning), U(m->with_notice), U(m->undated), m->n_issuers, t->n_rules);

    cs_report_corpus_json(o, m);
    cs_out_puts(o, "  \"inputs\": [");
    for (size_t i = 0; i < t->n_inputs; i++) {
        const cs_tally_input *in = &t->inputs[i];
        cs_out_printf(o, "%s\n    {\"input\": %zu, \"name\": ", i ? "," : "", i);
        cs_out_json(o, in->name ? in->name : "");
        const char *incomplete = cs_tally_input_incomplete(in);
        cs_out_printf(o,
                      ", \"records_read\": %llu, \"certificates_linted\": %llu, \"parse_failures\": %llu, "
                      "\"complete\": %s, \"incomplete_reason\": ",
                      U(in->linted + in->failures), U(in->linted), U(in->failures), incomplete ? "false" : "true");
        if (incomplete)
            cs_out_json(o, incomplete);
        else
            cs_out_puts(o, "null");
        cs_out_printf(o, ", \"finished\": %s, \"open_failed\": %s, \"bytes_read\": %llu, \"total_bytes\": %llu",
                      in->finished ? "true" : "false", in->open_failed ? "true" : "false",
                      U(in->bytes_read), U(in->total_bytes));
        if (in->log)
            cs_report_json_log(o, in->log);
        cs_out_puts(o, "}");
    }
    cs_out_puts(o, t->n_inputs ? "\n  ],\n" : "],\n");

    /* Parse failures by kind (the field and error, without positions). */
    const cs_tally_failure_kind **kinds = cs_tally_sorted_failure_kinds(t);
    cs_out_puts(o, "  \"parse_failure_kinds\": [");
    for (size_t i = 0; kinds && i < t->n_failure_kinds; i++) {
        cs_out_puts(o, i ? ",\n    {\"kind\": " : "\n    {\"kind\": ");
        cs_out_json(o, kinds[i]->kind);
        cs_out_printf(o, ", \"count\": %llu}", U(kinds[i]->count));
    }
    cs_out_puts(o, kinds ? "\n  ],\n" : "],\n");
    free(kinds);

    cs_out_puts(o, "  \"sources\": [");
    for (int s = 0; s < CS_SOURCE_COUNT; s++) {
        cs_out_printf(o, "%s\n    {\"source\": \"%s\", \"title\": ", s ? "," : "", cs_source_name((cs_source)s));
        cs_out_json(o, t->source_titles[s] ? t->source_titles[s] : "");
        cs_out_puts(o, "}");
    }
    cs_out_puts(o, "\n  ],\n");

    cs_out_puts(o, "  \"rules\": [");
    for (size_t i = 0; i < t->n_rules; i++) {
        const cs_tally_rule *r = &t->rules[i];
        const cs_rule_total *rt = &m->rules[i];
        cs_out_printf(o, "%s\n    {\"id\": ", i ? "," : "");
        cs_out_json(o, r->id);
        cs_out_printf(o, ", \"severity\": \"%s\", \"source\": \"%s\"",
                      cs_severity_name((cs_severity)r->severity), cs_source_name((cs_source)r->source));
        str_member(o, "citation", r->citation);
        str_member(o, "effective", r->effective);
        str_member(o, "ineffective", r->ineffective);
        str_member(o, "description", r->description);
        cs_out_printf(o,
                      ", \"applicable\": %llu, \"failed\": %llu, \"issuers_applicable\": %llu, "
                      "\"issuers_failed\": %llu, \"examples\": ",
                      U(rt->applicable), U(rt->failed), U(rt->issuers_applicable), U(rt->issuers_failed));
        examples(o, rt->examples, rt->n_examples);
        cs_out_puts(o, "}");
    }
    cs_out_puts(o, t->n_rules ? "\n  ],\n" : "],\n");

    cs_out_puts(o, "  \"monthly\": [");
    for (size_t i = 0; i < m->n_months; i++) {
        const cs_tally_month *mo = &m->months[i];
        char month[16];
        cs_model_month(mo->month, month);
        cs_out_printf(o,
                      "%s\n    {\"month\": \"%s\", \"certificates\": %llu, \"with_error\": %llu, "
                      "\"with_warning\": %llu, \"with_notice\": %llu}",
                      i ? "," : "", month, U(mo->certs), U(mo->with_error), U(mo->with_warning),
                      U(mo->with_notice));
    }
    cs_out_puts(o, m->n_months ? "\n  ],\n" : "],\n");

    cs_out_puts(o, "  \"issuer_list\": [");
    for (size_t i = 0; i < m->n_issuers; i++) {
        const cs_tally_issuer *is = m->issuers[i];
        char id[17], first[32], last[32];
        cs_model_issuer_id(is, id);
        cs_model_issuer_dates(is, first, last);
        cs_out_printf(o, "%s\n    {\"id\": \"%s\"", i ? "," : "", id);
        str_member(o, "o", is->o);
        str_member(o, "cn", is->cn);
        str_member(o, "dn", is->dn);
        str_member(o, "authority_key_id", is->aki);
        cs_out_printf(o,
                      ", \"certificates\": %llu, \"precertificates\": %llu, \"with_error\": %llu, "
                      "\"with_warning\": %llu, \"with_notice\": %llu, \"undated\": %llu, "
                      "\"first_not_before\": \"%s\", \"last_not_before\": \"%s\", \"rules\": {",
                      U(is->certs), U(is->precerts), U(is->with_error), U(is->with_warning),
                      U(is->with_notice), U(is->undated), first, last);
        bool sep = false;
        size_t k = 0;
        for (size_t ri = 0; (is->app32 || is->app64) && ri < t->n_rules; ri++) {
            uint64_t applicable = cs_tally_applicable(is, ri);
            if (!applicable)
                continue;
            while (k < is->n_fails && is->fails[k].rule < ri)
                k++;
            uint64_t failed = k < is->n_fails && is->fails[k].rule == ri ? is->fails[k].failed : 0;
            cs_out_puts(o, sep ? ", " : "");
            sep = true;
            cs_out_json(o, t->rules[ri].id);
            cs_out_puts(o, ": {\"applicable\": ");
            cs_out_u64(o, applicable);
            cs_out_puts(o, ", \"failed\": ");
            cs_out_u64(o, failed);
            cs_out_puts(o, "}");
        }
        cs_out_puts(o, "}}");
    }
    cs_out_puts(o, m->n_issuers ? "\n  ]\n}\n" : "]\n}\n");
}

bool cs_report_json(const cs_model *m, const char *dir, char *err, size_t err_size)
{
    cs_out o;
    if (!cs_out_open(&o, dir, "summary.json", err, err_size))
        return false;
    write_summary(&o, m);
    return cs_out_close(&o, err, err_size);
}
