/* The corpus findings in the reports; see corpus_report.h. */
#include "report/corpus_report.h"

#include <stdlib.h>
#include <string.h>

#include "agg/text.h"
#include "corpus/corpus.h"

#define EOL "\r\n"
#define CS_STR_(x) #x
#define CS_STR(x) CS_STR_(x)
#define HTML_ROWS 500 /* findings shown in the page; every one is in corpus_findings.csv */
#define U(x) ((unsigned long long)(x))

static const cs_corpus_results *results(const cs_tally *t) { return t->corpus ? cs_corpus_get_results(t->corpus) : NULL; }

static int cmp_issuer_key(const void *a, const void *b)
{
    return memcmp((*(const cs_tally_issuer *const *)a)->key, (*(const cs_tally_issuer *const *)b)->key, 32);
}

/* The model's issuers sorted by key (NULL when none or out of memory). */
static cs_tally_issuer **by_key(const cs_model *m)
{
    cs_tally_issuer **v = m->n_issuers ? malloc(m->n_issuers * sizeof *v) : NULL;
    if (v) {
        memcpy(v, m->issuers, m->n_issuers * sizeof *v);
        qsort(v, m->n_issuers, sizeof *v, cmp_issuer_key);
    }
    return v;
}

/* The issuer with this key, or NULL (a finding's issuer may have no
 * certificate of its own in the scan: the CA behind a Precertificate
 * Signing CA). */
static const cs_tally_issuer *issuer_of(cs_tally_issuer **sorted, size_t n, const uint8_t key[32])
{
    size_t lo = 0, hi = sorted ? n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(sorted[mid]->key, key, 32);
        if (c == 0)
            return sorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Findings are sorted by kind, then issuer: a binary search per kind. */
uint64_t cs_report_corpus_issuer_count(const cs_model *m, size_t i)
{
    const cs_corpus_results *r = results(m->t);
    const uint8_t *key = m->issuers[i]->key;
    uint64_t n = 0;
    for (int kind = 0; r && kind < CS_CORPUS_KIND_COUNT; kind++) {
        size_t lo = 0, hi = r->n;
        while (lo < hi) { /* the first finding at or after (kind, key) */
            size_t mid = lo + (hi - lo) / 2;
            const cs_corpus_finding *f = &r->findings[mid];
            if (f->kind < kind || (f->kind == kind && memcmp(f->issuer, key, 32) < 0))
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < r->n && r->findings[lo].kind == kind && memcmp(r->findings[lo].issuer, key, 32) == 0; lo++)
            n++;
    }
    return n;
}

static const cs_rule *rule_of(const cs_corpus_finding *f)
{
    return cs_corpus_rule((cs_corpus_kind)f->kind, (cs_source)f->source);
}

static void issuer_id(const uint8_t key[32], char out[17]) { cs_text_hex(key, 8, out, 17); }

bool cs_report_corpus_csv(const cs_model *m, const char *dir, char *err, size_t err_size)
{
    cs_out o;
    if (!cs_out_open(&o, dir, "corpus_findings.csv", err, err_size))
        return false;
    cs_out_puts(&o, "finding,rule_id,severity,issuer_id,issuer_dn,certificates,sha256s,detail" EOL);
    const cs_corpus_results *r = results(m->t);
    cs_tally_issuer **sorted = by_key(m);
    for (size_t k = 0; r && k < r->n; k++) {
        const cs_corpus_finding *f = &r->findings[k];
        const cs_rule *rule = rule_of(f);
        const cs_tally_issuer *is = issuer_of(sorted, m->n_issuers, f->issuer);
        char id[17];
        issuer_id(f->issuer, id);
        cs_out_printf(&o, "%s,%s,%s,%s,", cs_corpus_kind_name((cs_corpus_kind)f->kind), rule->id,
                      cs_severity_name(rule->severity), id);
        cs_out_csv(&o, is ? is->dn : "");
        cs_out_printf(&o, ",%llu,", U(f->n_certs));
        /* Hex digests only: no quoting or formula prefix needed. */
        for (uint8_t i = 0; i < f->n_listed; i++) {
            if (i)
                cs_out_puts(&o, " ");
            cs_out_hex(&o, f->certs[i], 32);
        }
        cs_out_puts(&o, ",");
        cs_out_csv(&o, f->detail);
        cs_out_puts(&o, EOL);
    }
    free(sorted);
    return cs_out_close(&o, err, err_size);
}

void cs_report_corpus_json(cs_out *o, const cs_model *m)
{
    const cs_corpus_results *r = results(m->t);
    if (!r) {
        cs_out_puts(o, "  \"corpus\": null,\n");
        return;
    }
    cs_out_printf(o, "  \"corpus\": {\"complete\": %s, \"certificates\": %llu, \"shared_primes_checked\": %s, "
                     "\"rsa_moduli\": %llu, \"rsa_moduli_too_large\": %llu, \"findings\": {",
                  r->incomplete ? "false" : "true", U(r->certificates), r->shared_primes ? "true" : "false",
                  U(r->moduli), U(r->moduli_skipped));
    for (int k = 0; k < CS_CORPUS_KIND_COUNT; k++)
        cs_out_printf(o, "%s\"%s\": %llu", k ? ", " : "", cs_corpus_kind_name((cs_corpus_kind)k), U(r->counts[k]));
    cs_out_puts(o, "}},\n");
}

void cs_report_corpus_html(cs_out *o, const cs_model *m)
{
    const cs_corpus_results *r = results(m->t);
    cs_out_puts(o, "<section id=corpus><h2>Corpus findings</h2>");
    if (!r || r->incomplete) {
        cs_out_puts(o, "<p class=warn>Not computed: a merged state file carries no corpus data (written by an "
                       "older certsweep).</p></section>\n");
        return;
    }
    cs_out_printf(o, "<p class=muted>Across the %llu certificates of the scan: duplicate serials, precertificates "
                     "that differ from their certificate, keys shared by unrelated subjects or with a CA, "
                     "sequential or low-entropy serials per issuer", U(r->certificates));
    if (r->shared_primes)
        cs_out_printf(o, ", and RSA moduli sharing a prime (batch GCD over %llu distinct moduli)", U(r->moduli));
    else
        cs_out_puts(o, " (RSA moduli sharing a prime: not checked, see scan --shared-primes)");
    cs_out_puts(o, ". Every certificate: corpus_findings.csv.</p>");
    if (r->n == 0) {
        cs_out_puts(o, "<p>None.</p></section>\n");
        return;
    }
    cs_out_puts(o, "<table><thead><tr><th>Finding</th><th>Rule</th><th>Issuer</th><th>Certificates</th>"
                   "<th>Detail</th></tr></thead><tbody>\n");
    cs_tally_issuer **sorted = by_key(m);
    size_t shown = r->n < HTML_ROWS ? r->n : HTML_ROWS;
    for (size_t k = 0; k < shown; k++) {
        const cs_corpus_finding *f = &r->findings[k];
        const cs_rule *rule = rule_of(f);
        const cs_tally_issuer *is = issuer_of(sorted, m->n_issuers, f->issuer);
        cs_out_printf(o, "<tr><td>%s</td><td class=mono title=\"", cs_corpus_kind_name((cs_corpus_kind)f->kind));
        cs_out_html(o, rule->citation, 0);
        cs_out_printf(o, "\">%s <span class=muted>%s</span></td><td>", rule->id, cs_severity_name(rule->severity));
        cs_out_html(o, is ? is->dn : "", 80);
        cs_out_printf(o, "</td><td>%llu", U(f->n_certs));
        for (uint8_t i = 0; i < f->n_listed; i++) {
            cs_out_puts(o, "<div><a class=mono rel=\"noopener noreferrer\" href=\"https://crt.sh/?sha256=");
            cs_out_hex(o, f->certs[i], 32);
            cs_out_puts(o, "\">");
            cs_out_hex(o, f->certs[i], 8);
            cs_out_puts(o, "&hellip;</a></div>");
        }
        cs_out_puts(o, "</td><td>");
        cs_out_html(o, f->detail, 0);
        cs_out_puts(o, "</td></tr>\n");
    }
    free(sorted);
    cs_out_puts(o, "</tbody></table>");
    uint64_t total = 0;
    for (int k = 0; k < CS_CORPUS_KIND_COUNT; k++)
        total += r->counts[k];
    if (total > shown)
        cs_out_printf(o, "<p class=warn>%llu more findings: corpus_findings.csv lists %s.</p>", U(total - shown),
                      total > r->n ? "the first " CS_STR(CS_CORPUS_FINDINGS_KEPT) ", summary.json counts all" : "them");
    cs_out_puts(o, "</section>\n");
}

/* ---- --findings lines --------------------------------------------------- */

typedef struct cert_ref {
    const uint8_t *sha256;
    size_t finding;
} cert_ref;

static int cmp_ref(const void *a, const void *b)
{
    const cert_ref *x = a, *y = b;
    int c = memcmp(x->sha256, y->sha256, 32);
    return c ? c : (x->finding > y->finding) - (x->finding < y->finding);
}

bool cs_report_corpus_lines(FILE *f, const cs_tally *t)
{
    const cs_corpus_results *r = results(t);
    if (!r || !r->n)
        return true;
    size_t n = 0;
    for (size_t k = 0; k < r->n; k++)
        n += r->findings[k].n_listed;
    cert_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    if (!refs)
        return false;
    n = 0;
    for (size_t k = 0; k < r->n; k++)
        for (uint8_t i = 0; i < r->findings[k].n_listed; i++)
            refs[n++] = (cert_ref){ r->findings[k].certs[i], k };
    qsort(refs, n, sizeof *refs, cmp_ref);
    cs_out o = { .f = f };
    for (size_t i = 0; i < n; i++) {
        bool first = i == 0 || memcmp(refs[i].sha256, refs[i - 1].sha256, 32) != 0;
        bool last = i + 1 == n || memcmp(refs[i].sha256, refs[i + 1].sha256, 32) != 0;
        const cs_corpus_finding *cf = &r->findings[refs[i].finding];
        const cs_rule *rule = rule_of(cf);
        if (first) {
            cs_out_puts(&o, "{\"sha256\":\"");
            cs_out_hex(&o, refs[i].sha256, 32);
            cs_out_puts(&o, "\",\"corpus_findings\":[");
        } else {
            cs_out_puts(&o, ",");
        }
        cs_out_printf(&o, "{\"finding\":\"%s\",\"rule\":\"%s\",\"severity\":\"%s\",\"citation\":",
                      cs_corpus_kind_name((cs_corpus_kind)cf->kind), rule->id, cs_severity_name(rule->severity));
        cs_out_json(&o, rule->citation);
        cs_out_puts(&o, ",\"detail\":");
        cs_out_json(&o, cf->detail);
        cs_out_puts(&o, ",\"with\":[");
        bool sep = false;
        for (uint8_t k = 0; k < cf->n_listed; k++) {
            if (memcmp(cf->certs[k], refs[i].sha256, 32) == 0)
                continue;
            cs_out_puts(&o, sep ? ",\"" : "\"");
            cs_out_hex(&o, cf->certs[k], 32);
            cs_out_puts(&o, "\"");
            sep = true;
        }
        cs_out_puts(&o, "]}");
        if (last)
            cs_out_puts(&o, "]}\n");
    }
    free(refs);
    return !ferror(f);
}
