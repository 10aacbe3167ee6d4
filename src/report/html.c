/* index.html: one self-contained page (no network).
 *
 * Static parts (summary, charts as inline SVG, rules table, a no-script
 * issuer list) are written here with every string HTML-escaped.  The
 * issuer table and details are drawn by the embedded script from a JSON
 * data block, so 10,000 issuers are 50 table rows at a time, not 10,000
 * DOM sections.  A Content-Security-Policy with the hashes of our own
 * style and script keeps anything injected inert even if escaping failed. */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "report/corpus_report.h"
#include "report/html_assets.h"
#include "report/html_charts.h"
#include "report/out.h"
#include "report/writers.h"

#define U(x) ((unsigned long long)(x))
#define HTML_EXAMPLE_ISSUERS 1000 /* issuers whose example certificates the page embeds */

/* 'sha256-BASE64' of a text, for the CSP. */
static void csp_hash(const char *text, char out[64])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL);
    unsigned char b64[48];
    EVP_EncodeBlock(b64, md, 32);
    snprintf(out, 64, "'sha256-%s'", (const char *)b64);
}

/* ---- sections ------------------------------------------------------- */

static void card(cs_out *o, const char *label, unsigned long long v, const char *extra)
{
    cs_out_printf(o, "<div class=card><b>%llu</b>%s%s</div>", v, label, extra ? extra : "");
}

static void summary(cs_out *o, const cs_model *m)
{
    const cs_tally *t = m->t;
    char p[32], extra[64];
    cs_out_puts(o, "<section id=summary><h2>Summary</h2>");
    size_t incomplete = cs_tally_inputs_incomplete(t);
    if (t->partial || incomplete)
        cs_out_printf(o, "<p class=warn><b>Partial scan:</b> %zu input%s not read completely (see Inputs for "
                         "the reason); these numbers cover only what was read.</p>",
                      incomplete, incomplete == 1 ? " was" : "s were");
    size_t failed_inputs = cs_tally_inputs_failed(t);
    if (failed_inputs)
        cs_out_printf(o, "<p class=warn><b>%zu input%s could not be opened.</b></p>", failed_inputs,
                      failed_inputs == 1 ? "" : "s");
    cs_out_puts(o, "<div class=cards>");
    card(o, "records read", U(cs_tally_records_read(t)), NULL);
    card(o, "certificates linted", U(cs_tally_certificates_linted(t)), NULL);
    card(o, "parse failures", U(cs_tally_parse_failures(t)), NULL);
    card(o, "issuers", U(m->n_issuers), NULL);
    cs_html_percent(p, sizeof p, m->with_error, m->certs);
    snprintf(extra, sizeof extra, " (%s)", p);
    card(o, "with error", U(m->with_error), extra);
    card(o, "with warning", U(m->with_warning), NULL);
    card(o, "with notice", U(m->with_notice), NULL);
    card(o, "precertificates", U(m->precerts), NULL);
    cs_out_puts(o, "</div>\n<h3>Inputs</h3><table class=static><thead><tr><th class=n>#</th><th>Input</th>"
                   "<th class=n>Records read</th><th class=n>Certificates linted</th><th class=n>Parse failures</th>"
                   "<th>Status</th></tr></thead><tbody>");
    for (size_t i = 0; i < t->n_inputs; i++) {
        const cs_tally_input *in = &t->inputs[i];
        cs_out_printf(o, "<tr><td class=n data-v=\"%zu\">%zu</td><td>", i, i + 1);
        cs_out_html(o, in->name ? in->name : "", 200);
        const char *why = cs_tally_input_incomplete(in);
        cs_out_printf(o, "</td><td class=n data-v=\"%llu\">%llu</td><td class=n data-v=\"%llu\">%llu</td>"
                         "<td class=n data-v=\"%llu\">%llu</td><td>",
                      U(in->linted + in->failures), U(in->linted + in->failures), U(in->linted), U(in->linted),
                      U(in->failures), U(in->failures));
        if (why) {
            cs_out_puts(o, "<b>incomplete:</b> ");
            cs_out_html(o, why, 300);
        } else {
            cs_out_puts(o, "complete");
        }
        cs_out_puts(o, "</td></tr>");
    }
    cs_out_puts(o, "</tbody></table>\n<h3>Rule sources</h3><ul>");
    for (int s = 0; s < CS_SOURCE_COUNT; s++) {
        size_t n = 0;
        for (size_t i = 0; i < t->n_rules; i++)
            n += t->rules[i].source == s;
        cs_out_printf(o, "<li><b>%s</b>: ", cs_source_name((cs_source)s));
        cs_out_html(o, t->source_titles[s] ? t->source_titles[s] : "", 0);
        cs_out_printf(o, " &mdash; %zu rule%s selected</li>", n, n == 1 ? "" : "s");
    }
    cs_out_printf(o, "</ul><p class=muted>Report written by certsweep %s. Every record read is either a linted "
                     "certificate or a parse failure. Details per column: docs/reports.md.</p></section>\n",
                  CS_VERSION);
}

static void issuers_section(cs_out *o, const cs_model *m)
{
    cs_out_puts(o, "<section id=issuers><h2>Issuers</h2>"
                   "<p class=muted>Issuer = issuer DN as encoded + authority key identifier. Click a column to sort, "
                   "an organization to see its rules and example certificates.</p>"
                   "<div id=detail hidden></div>\n"
                   "<div id=issuers-js hidden><div class=pager><input type=search id=filter "
                   "placeholder=\"Filter by O, CN, DN or id\" aria-label=\"Filter issuers\">"
                   "<button id=prev type=button>&larr; Previous</button><button id=next type=button>Next &rarr;</button>"
                   "<span id=page-info class=muted></span></div>"
                   "<div class=scroll><table id=issuers-table><thead><tr id=issuers-head></tr></thead>"
                   "<tbody id=issuers-body></tbody></table></div></div>\n<noscript><p>Without JavaScript: the first 100 issuers by volume "
                   "(all of them are in issuers.csv).</p><table><thead><tr><th>Organization</th><th>Common name</th>"
                   "<th class=n>Certificates</th><th class=n>With error</th><th class=n>Error rate</th></tr></thead><tbody>");
    for (size_t i = 0; i < m->n_issuers && i < 100; i++) {
        const cs_tally_issuer *is = m->issuers[i];
        char p[32];
        cs_html_percent(p, sizeof p, is->with_error, is->certs);
        cs_out_puts(o, "<tr><td>");
        cs_out_html(o, is->o, 80);
        cs_out_puts(o, "</td><td>");
        cs_out_html(o, is->cn, 80);
        cs_out_printf(o, "</td><td class=n>%llu</td><td class=n>%llu</td><td class=n>%s</td></tr>", U(is->certs),
                      U(is->with_error), p);
    }
    cs_out_puts(o, "</tbody></table></noscript></section>\n");
}

static void example_links(cs_out *o, const cs_tally_example *ex, size_t n)
{
    for (size_t e = 0; e < n; e++) {
        cs_out_puts(o, "<div><a class=mono rel=\"noopener noreferrer\" href=\"https://crt.sh/?sha256=");
        cs_out_hex(o, ex[e].sha256, 32);
        cs_out_puts(o, "\" title=\"");
        cs_out_hex(o, ex[e].sha256, 32);
        cs_out_puts(o, "\">");
        cs_out_hex(o, ex[e].sha256, 8);
        cs_out_puts(o, "&hellip;</a> <span class=muted>");
        cs_out_html(o, ex[e].detail, 120);
        cs_out_puts(o, "</span></div>");
    }
}

/* Rule order of the rules table: failing rules first, most failures
 * first, then by id. */
static int rule_order(const void *a, const void *b, void *model)
{
    const cs_model *m = model;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (m->rules[x].failed != m->rules[y].failed)
        return m->rules[x].failed > m->rules[y].failed ? -1 : 1;
    return strcmp(m->t->rules[x].id, m->t->rules[y].id);
}

static void rules_section(cs_out *o, const cs_model *m)
{
    const cs_tally *t = m->t;
    size_t *order = malloc((t->n_rules ? t->n_rules : 1) * sizeof *order);
    if (!order) {
        cs_out_puts(o, "<section id=rules><h2>Rules</h2><p class=warn>Out of memory writing the rules table: "
                       "see rules.csv.</p></section>\n");
        return;
    }
    for (size_t i = 0; i < t->n_rules; i++)
        order[i] = i;
    qsort_r(order, t->n_rules, sizeof *order, rule_order, (void *)m);
    cs_out_puts(o, "<section id=rules><h2>Rules</h2><p class=muted>Failing rules first (most failures first), "
                   "then the rest by id.</p><table class=static><thead><tr><th>Rule</th><th>Severity</th>"
                   "<th>Citation</th><th>Effective</th><th class=n>Applicable</th><th class=n>Failed</th>"
                   "<th class=n>Fail rate</th><th class=n>Issuers failing</th><th>Examples</th></tr></thead><tbody>");
    for (size_t k = 0; k < t->n_rules; k++) {
        const cs_tally_rule *r = &t->rules[order[k]];
        const cs_rule_total *rt = &m->rules[order[k]];
        const char *sev = cs_severity_name((cs_severity)r->severity);
        char p[32];
        cs_html_percent(p, sizeof p, rt->failed, rt->applicable);
        cs_out_puts(o, "<tr><td><code title=\"");
        cs_out_html(o, r->description, 300);
        cs_out_puts(o, "\">");
        cs_out_html(o, r->id, 0);
        cs_out_printf(o, "</code><div class=muted>");
        cs_out_html(o, r->description, 200);
        cs_out_printf(o, "</div></td><td class=\"sev-%s\" data-v=\"%d\">%s</td><td>", sev, r->severity, sev);
        cs_out_html(o, r->citation, 0);
        cs_out_puts(o, "</td><td class=date>");
        cs_out_html(o, r->effective[0] ? r->effective : "always", 0);
        cs_out_printf(o, "</td><td class=n data-v=\"%llu\">%llu</td><td class=n data-v=\"%llu\">%llu</td>"
                         "<td class=n data-v=\"%llu\">%s</td><td class=n data-v=\"%llu\">%llu</td><td>",
                      U(rt->applicable), U(rt->applicable), U(rt->failed), U(rt->failed),
                      U(rt->applicable ? (uint64_t)((unsigned __int128)rt->failed * 1000000u / rt->applicable) : 0), p,
                      U(rt->issuers_failed), U(rt->issuers_failed));
        example_links(o, rt->examples, rt->n_examples);
        cs_out_puts(o, "</td></tr>");
    }
    cs_out_puts(o, "</tbody></table></section>\n");
    free(order);
}

/* The data the script draws from; cs_out_json escapes < > & so the
 * block cannot be closed from inside. */
static void data_block(cs_out *o, const cs_model *m)
{
    const cs_tally *t = m->t;
    cs_out_puts(o, "<script type=\"application/json\" id=\"cs-data\">{\"rules\":[");
    for (size_t i = 0; i < t->n_rules; i++) {
        const cs_tally_rule *r = &t->rules[i];
        cs_out_puts(o, i ? ",\n[" : "[");
        cs_out_json(o, r->id);
        cs_out_printf(o, ",\"%s\",", cs_severity_name((cs_severity)r->severity));
        cs_out_json(o, r->citation);
        cs_out_puts(o, ",");
        cs_out_json(o, r->description);
        cs_out_puts(o, "]");
    }
    cs_out_puts(o, "],\n\"issuers\":[");
    for (size_t i = 0; i < m->n_issuers; i++) {
        const cs_tally_issuer *is = m->issuers[i];
        char id[17], first[32], last[32];
        cs_model_issuer_id(is, id);
        cs_model_issuer_dates(is, first, last);
        size_t failed = is->n_fails, passed = 0;
        for (size_t r = 0; (is->app32 || is->app64) && r < t->n_rules; r++)
            passed += cs_tally_applicable(is, r) > 0;
        passed -= failed < passed ? failed : passed;
        cs_out_printf(o, "%s[\"%s\",", i ? ",\n" : "", id);
        cs_out_json(o, is->o);
        cs_out_puts(o, ",");
        cs_out_json(o, is->cn);
        cs_out_puts(o, ",");
        cs_out_json(o, is->dn);
        cs_out_puts(o, ",");
        cs_out_json(o, is->aki);
        cs_out_printf(o, ",%llu,%llu,%llu,%llu,%llu,", U(is->certs), U(is->precerts), U(is->with_error),
                      U(is->with_warning), U(is->with_notice));
        cs_out_ratio(o, is->with_error, is->certs);
        cs_out_printf(o, ",\"%s\",\"%s\",%llu,%zu,[", first, last, U(is->undated), failed);
        bool sep = false;
        for (size_t k = 0; k < is->n_fails; k++) {
            const cs_tally_rulecount *rc = &is->fails[k];
            cs_out_puts(o, sep ? ",[" : "[");
            cs_out_u64(o, rc->rule);
            cs_out_puts(o, ",");
            cs_out_u64(o, cs_tally_applicable(is, rc->rule));
            cs_out_puts(o, ",");
            cs_out_u64(o, rc->failed);
            cs_out_puts(o, ",[");
            sep = true;
            /* Page weight: examples for the 1000 biggest issuers only
             * (issuer_rules.csv has all of them). */
            size_t n_ex = i < HTML_EXAMPLE_ISSUERS ? rc->n_examples : 0;
            for (size_t e = 0; e < n_ex; e++) {
                cs_out_puts(o, e ? ",[\"" : "[\"");
                cs_out_hex(o, rc->examples[e].sha256, 32);
                cs_out_puts(o, "\",");
                cs_out_json(o, rc->examples[e].detail);
                cs_out_puts(o, "]");
            }
            cs_out_puts(o, "]]");
        }
        cs_out_puts(o, "],[");
        for (size_t k = 0; k < is->n_months; k++) {
            char month[16];
            cs_model_month(is->months[k].month, month);
            cs_out_puts(o, k ? ",[\"" : "[\"");
            cs_out_puts(o, month);
            cs_out_puts(o, "\",");
            cs_out_u64(o, is->months[k].certs);
            cs_out_puts(o, ",");
            cs_out_u64(o, is->months[k].with_error);
            cs_out_puts(o, "]");
        }
        cs_out_printf(o, "],%zu]", passed);
    }
    cs_out_puts(o, "]}</script>\n");
}

bool cs_report_html(const cs_model *m, const char *dir, char *err, size_t err_size)
{
    cs_out o;
    if (!cs_out_open(&o, dir, "index.html", err, err_size))
        return false;
    char css_hash[64], js_hash[64];
    csp_hash(cs_html_css, css_hash);
    csp_hash(cs_html_js, js_hash);
    const cs_tally *t = m->t;
    cs_out_printf(&o,
                  "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src %s; "
                  "script-src %s; img-src data:; base-uri 'none'; form-action 'none'\">\n"
                  "<meta name=\"referrer\" content=\"no-referrer\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>certsweep report</title>\n<style>%s</style></head><body>\n"
                  "<header><h1>certsweep report</h1><p class=muted>%llu certificates linted from %zu input%s, "
                  "%zu issuers, %zu rules%s</p>\n<nav><a href=\"#summary\">Summary</a><a href=\"#charts\">Charts</a>"
                  "<a href=\"#issuers\">Issuers</a><a href=\"#rules\">Rules</a><a href=\"#corpus\">Corpus</a></nav></header>\n",
                  css_hash, js_hash, cs_html_css, U(cs_tally_certificates_linted(t)), t->n_inputs,
                  t->n_inputs == 1 ? "" : "s", m->n_issuers, t->n_rules, t->partial ? " (partial scan)" : "");
    summary(&o, m);
    cs_out_puts(&o, "<section id=charts><h2>Charts</h2><div class=charts>\n");
    cs_html_charts(&o, m);
    cs_out_puts(&o, "</div></section>\n");
    issuers_section(&o, m);
    rules_section(&o, m);
    cs_report_corpus_html(&o, m);
    data_block(&o, m);
    cs_out_printf(&o, "<script>%s</script>\n</body></html>\n", cs_html_js);
    return cs_out_close(&o, err, err_size);
}
