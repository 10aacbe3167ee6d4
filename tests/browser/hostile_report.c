/* Writes reports for the browser check (make check-browser).
 *
 *   hostile-report hostile DIR   certificates whose issuer, subject and SAN
 *                                carry script/markup injections, invalid
 *                                UTF-8, bidi overrides and 64 KB strings;
 *                                prints the id of the first hostile issuer.
 *   hostile-report scale DIR N [F]  N issuers x the full rule set, every
 *                                rule applicable, each failing on about 1 in
 *                                F certificates (default 53: a dense worst
 *                                case); synthetic lint results, to see that
 *                                the page and the tallies stay usable;
 *                                prints memory and time.
 *
 * Certificates are made with certgen, parsed and linted by the real code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg/tally.h"
#include "agg/tally_data.h"
#include "certgen.h"
#include "corpus/corpus.h"
#include "lint/ruleset.h"
#include "report/model.h"
#include "report/report.h"
#include "report/state.h"
#include "x509/cert.h"

/* Each payload would set the page title to the marker if it ever ran; the
 * marker is only assembled at run time, so it never appears as text. */
#define RUN "document.title='PW'+'NED'"
static const char *const payloads[] = {
    "<script>" RUN "</script>",
    "\"><img src=x onerror=\"" RUN "\">",
    "</style><script>" RUN "</script>",
    "</script><script>" RUN "</script>",
    "'><svg onload=" RUN ">",
    "\xE2\x80\xAEgpj.exe evil \xE2\x80\xAD CA", /* RLO ... LRO */
    "bad \xff\xfe\xc3\x28 utf8 \xed\xa0\x80 CA",
    "=HYPERLINK(\"http://x\",\"y\")",
    "&lt;b&gt;already escaped&lt;/b&gt; & ampersand",
};
#define N_PAYLOADS (sizeof payloads / sizeof payloads[0])

static void die(const char *what)
{
    fprintf(stderr, "hostile-report: %s\n", what);
    exit(1);
}

/* DER of a SAN with one rfc822Name holding arbitrary bytes. */
static size_t san_der(const char *email, uint8_t *out, size_t cap)
{
    size_t n = strlen(email);
    if (n + 8 > cap || n > 60000)
        die("SAN too long");
    size_t inner = n < 128 ? 2 + n : n < 256 ? 3 + n : 4 + n, o = 0;
    out[o++] = 0x30;
    if (inner < 128) {
        out[o++] = (uint8_t)inner;
    } else if (inner < 256) {
        out[o++] = 0x81;
        out[o++] = (uint8_t)inner;
    } else {
        out[o++] = 0x82;
        out[o++] = (uint8_t)(inner >> 8);
        out[o++] = (uint8_t)inner;
    }
    out[o++] = 0x81;
    if (n < 128) {
        out[o++] = (uint8_t)n;
    } else if (n < 256) {
        out[o++] = 0x81;
        out[o++] = (uint8_t)n;
    } else {
        out[o++] = 0x82;
        out[o++] = (uint8_t)(n >> 8);
        out[o++] = (uint8_t)n;
    }
    memcpy(out + o, email, n);
    return o + n;
}

static int hostile(const char *dir)
{
    char err[512];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    if (!rs)
        die(err);
    cs_tally *t = cs_tally_new(rs);
    cs_cert *view = malloc(sizeof *view);
    cs_lint_result *res = malloc(sizeof *res);
    if (!t || !view || !res)
        die("out of memory");
    cs_tally_set_input(t, 0, "<script>" RUN "</script>.pem");
    char *big = malloc(65537);
    memset(big, 'A', 65536);
    big[65536] = '\0';
    memcpy(big, "<b>", 3);
    static uint8_t *ders[64];
    size_t n_ders = 0;
    for (size_t i = 0; i <= N_PAYLOADS; i++) {
        const char *p = i < N_PAYLOADS ? payloads[i] : big;
        for (int k = 0; k < 3; k++) { /* three certificates per hostile issuer */
            cg_cert *c = cg_new(k == 2 ? "tls-dv" : "smime-mailbox-strict");
            if (!c)
                die("certgen profile missing");
            cg_issuer_clear(c);
            cg_issuer_add(c, "C", "US", 0);
            cg_issuer_add(c, "O", p, 12);
            cg_issuer_add(c, "CN", i < N_PAYLOADS ? payloads[(i + 1) % N_PAYLOADS] : big, 12);
            cg_subject_clear(c);
            cg_subject_add(c, "CN", p, 12);
            char serial[16];
            snprintf(serial, sizeof serial, "%02zx%02x", i + 1, k + 1);
            cg_set_serial_hex(c, serial);
            if (k == 1) {
                uint8_t san[70000];
                /* A 64 KB SAN does not fit a 2-octet length: 60 000 bytes. */
                char *v = strndup(i < N_PAYLOADS ? p : big, 60000);
                size_t n = san_der(v, san, sizeof san);
                free(v);
                cg_ext_set_der(c, "2.5.29.17", false, san, n);
            }
            size_t len;
            uint8_t *der = cg_der(c, &len);
            cg_free(c);
            if (!der)
                die("certgen failed");
            cs_parse_error pe;
            if (!cs_cert_parse(view, der, len, &pe)) {
                fprintf(stderr, "hostile-report: parse failed (%s): counted as a failure\n", pe.reason);
                cs_tally_add_failure(t, 0);
                free(der);
                continue;
            }
            cs_lint(rs, view, res);
            /* A rule detail quoting the hostile value (as a rule reporting a
             * bad SAN would): put the payload into the first finding. */
            if (res->n_findings == 0 && cs_ruleset_count(rs) > 0) {
                res->findings[0].rule = 0;
                res->findings[0].severity = (uint8_t)cs_ruleset_rule(rs, 0)->severity;
                res->applicable[0] |= 1;
                res->n_findings = 1;
            }
            if (res->n_findings)
                snprintf(res->findings[0].detail.text, sizeof res->findings[0].detail.text, "value %s", p);
            if (!cs_tally_add_cert(t, 0, view, res, NULL))
                die("out of memory");
            if (n_ders < 64)
                ders[n_ders++] = der;
            else
                free(der);
        }
    }
    if (!cs_report_write(t, dir, err, sizeof err))
        die(err);
    /* The id of the issuer whose O is the first payload, for #issuer-ID. */
    cs_model m;
    if (!cs_model_build(&m, t))
        die("out of memory");
    for (size_t i = 0; i < m.n_issuers; i++)
        if (strstr(m.issuers[i]->o, "<script>")) {
            char id[17];
            cs_model_issuer_id(m.issuers[i], id);
            printf("%s\n", id);
            break;
        }
    cs_model_free(&m);
    for (size_t i = 0; i < n_ders; i++)
        free(ders[i]);
    free(big);
    free(view);
    free(res);
    cs_tally_free(t);
    cs_ruleset_free(rs);
    return 0;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

/* N issuers, each seeing every rule applicable on a share of its
 * certificates and failing a few; as a 4-thread scan would, in 4 tallies
 * merged at the end. */
static int scale(const char *dir, long n_issuers, long fail_every)
{
    char err[512];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    if (!rs)
        die(err);
    size_t nr = cs_ruleset_count(rs);
    cs_tally *parts[4];
    for (int k = 0; k < 4; k++) {
        if (!(parts[k] = cs_tally_new(rs)))
            die("out of memory");
        /* The synthetic certificates below have no TBS or key to collect:
         * no corpus findings (the report says none were computed). */
        cs_corpus_free(parts[k]->corpus);
        parts[k]->corpus = NULL;
    }
    cs_cert *c = calloc(1, sizeof *c);
    cs_lint_result *res = calloc(1, sizeof *res);
    static const uint8_t oid_o[] = { 0x55, 0x04, 0x0a }, oid_cn[] = { 0x55, 0x04, 0x03 };
    char o[64], cn[64];
    clock_t t0 = clock();
    unsigned long long certs = 0;
    for (long i = 0; i < n_issuers; i++) {
        snprintf(o, sizeof o, "Organization %ld", i % 997);
        snprintf(cn, sizeof cn, "Issuing CA %ld", i);
        c->issuer.der = cs_span_make(cn, strlen(cn));
        c->issuer.n_attrs = 2;
        c->issuer.attrs[0] = (cs_attr){ .oid = { oid_o, 3 }, .type = CS_OID_AT_ORGANIZATION, .tag = 12,
                                        .value = { (const uint8_t *)o, strlen(o) }, .rdn = 0, .rdn_size = 1 };
        c->issuer.attrs[1] = (cs_attr){ .oid = { oid_cn, 3 }, .type = CS_OID_AT_COMMON_NAME, .tag = 12,
                                        .value = { (const uint8_t *)cn, strlen(cn) }, .rdn = 1, .rdn_size = 1 };
        long per = 4 + (i * 7919) % 40;
        for (long j = 0; j < per; j++) {
            memset(res->applicable, 0, sizeof res->applicable);
            res->n_findings = 0;
            for (size_t r = 0; r < nr; r++) {
                res->applicable[r / 64] |= UINT64_C(1) << (r % 64);
                if ((r * 31 + (size_t)i * 7 + (size_t)j * 13) % (size_t)fail_every == 0) {
                    cs_finding *f = &res->findings[res->n_findings++];
                    f->rule = (uint16_t)r;
                    f->severity = (uint8_t)cs_ruleset_rule(rs, r)->severity;
                    snprintf(f->detail.text, sizeof f->detail.text, "synthetic finding %zu", r);
                }
            }
            unsigned long long s = certs * 0x9E3779B97F4A7C15ull;
            memcpy(c->sha256, &s, 8);
            memcpy(c->sha256 + 8, &certs, 8);
            c->not_before.valid = true;
            c->not_before.t = 1500000000 + (int64_t)((certs * 86400 * 7) % (86400LL * 365 * 8));
            if (!cs_tally_add_cert(parts[(i + j) % 4], 0, c, res, NULL))
                die("out of memory");
            certs++;
        }
    }
    /* A test certificate dated 2055: the monthly chart must keep drawing
     * 2017-2025 and count this one in its note. */
    c->not_before.t = INT64_C(2711232000); /* 2055-12-01 */
    memset(res->applicable, 0, sizeof res->applicable);
    res->n_findings = 0;
    if (!cs_tally_add_cert(parts[0], 0, c, res, NULL))
        die("out of memory");
    certs++;
    double t_tally = (double)(clock() - t0) / CLOCKS_PER_SEC;
    long rss_tallies = rss_kb();
    for (int k = 1; k < 4; k++) {
        if (!cs_tally_merge(parts[0], parts[k]))
            die("merge failed");
        cs_tally_free(parts[k]);
    }
    cs_tally_set_input(parts[0], 0, "synthetic");
    t0 = clock();
    if (!cs_report_write(parts[0], dir, err, sizeof err))
        die(err);
    double t_report = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("issuers %ld, rules %zu, certificates %llu: tally %.2fs, reports %.2fs; "
           "peak RSS with 4 per-thread tallies %ld MB, at the end %ld MB\n",
           n_issuers, nr, certs, t_tally, t_report, rss_tallies / 1024, rss_kb() / 1024);
    free(c);
    free(res);
    cs_tally_free(parts[0]);
    cs_ruleset_free(rs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "hostile") == 0)
        return hostile(argv[2]);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "scale") == 0 && atol(argv[3]) > 0)
        return scale(argv[2], atol(argv[3]), argc == 5 && atol(argv[4]) > 0 ? atol(argv[4]) : 53);
    fprintf(stderr, "usage: hostile-report hostile DIR | scale DIR N [FAIL_EVERY]\n");
    return 2;
}
