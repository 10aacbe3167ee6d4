/* Reports: CSV/JSON contents, accounting, spreadsheet safety, and
 * byte-identical output whatever the order and split of the input. */
#include "test_report_fixture.h"
#include "report/report.h"

/* A small scan: issuers with several certificates, failures, an input
 * with a parse failure.  Certificates i in [from, to) only. */
static void fill(cs_tally *t, unsigned from, unsigned to, uint32_t input)
{
    static const char *const orgs[] = { "Alpha Trust", "=HYPERLINK(\"http://x\")", "Gamma, \"Inc\"", "-2+3" };
    cs_lint_result *r = calloc(1, sizeof *r);
    for (unsigned i = from; i < to; i++) {
        const char *o = orgs[i % 4];
        char cn[32];
        snprintf(cn, sizeof cn, "CA %u", i % 4);
        char date[16];
        snprintf(date, sizeof date, "202%u-%02u-15", 3 + i % 3, 1 + i % 12);
        fx_cert *c = fx_cert_new(o, strlen(o), cn, strlen(cn), (int)(i % 4), fx_date(date), i, i % 5 == 0);
        fx_result(r, i % 2 ? 7 : 3, (i % 3 == 0 ? 1 : 0) | (i % 7 == 0 ? 2 : 0) | (i % 2 && i % 4 == 1 ? 4 : 0),
                  "detail <b>");
        cr_assert(cs_tally_add_cert(t, input, &c->c, r, NULL));
        free(c);
        if (i % 11 == 0)
            cr_assert(cs_tally_add_failure(t, input));
    }
    free(r);
}

static void write_report(const cs_tally *t, char *dir, size_t size)
{
    fx_tmpdir(dir, size);
    char err[512];
    cr_assert(cs_report_write(t, dir, err, sizeof err), "%s", err);
}

static char *report_file(const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fx_slurp(path, NULL);
}

static const char *const files[] = { "issuers.csv", "issuer_rules.csv", "rules.csv", "monthly.csv",
                                     "summary.json", "index.html" };

Test(report, summary_accounts_for_every_record)
{
    cs_tally *t = fx_tally();
    cs_tally_set_input(t, 0, "one.pem");
    cs_tally_set_input(t, 1, "two.pem");
    fill(t, 0, 30, 0);
    fill(t, 30, 45, 1);
    char dir[256];
    write_report(t, dir, sizeof dir);
    char *json = report_file(dir, "summary.json");
    long long read = 0, linted = 0, failed = 0;
    const char *p = strstr(json, "\"records_read\": ");
    cr_assert_not_null(p);
    sscanf(p, "\"records_read\": %lld", &read);
    sscanf(strstr(json, "\"certificates_linted\": "), "\"certificates_linted\": %lld", &linted);
    sscanf(strstr(json, "\"parse_failures\": "), "\"parse_failures\": %lld", &failed);
    cr_assert_eq(linted, 45);
    cr_assert_eq(failed, 5); /* 0, 11, 22, 33, 44 */
    cr_assert_eq(read, linted + failed);
    cr_assert_not_null(strstr(json, "\"name\": \"two.pem\", \"records_read\": 17, \"certificates_linted\": 15, "
                                    "\"parse_failures\": 2"), "%s", json);
    /* The hostile detail is escaped for <script> contexts too. */
    cr_assert_null(strstr(json, "<b>"));
    cr_assert_not_null(strstr(json, "\\u003cb\\u003e"));
    free(json);
    cs_tally_free(t);
    fx_cleanup();
}

Test(report, csv_cells_never_start_a_formula)
{
    cs_tally *t = fx_tally();
    fill(t, 0, 8, 0);
    char dir[256];
    write_report(t, dir, sizeof dir);
    char *csv = report_file(dir, "issuers.csv");
    cr_assert_eq(strncmp(csv, "issuer_id,issuer_o,issuer_cn,issuer_dn,", 39), 0);
    cr_assert_not_null(strstr(csv, "\"'=HYPERLINK(\"\"http://x\"\")\""), "%s", csv);
    cr_assert_not_null(strstr(csv, "\"'-2+3\""), "%s", csv);
    cr_assert_not_null(strstr(csv, "\"Gamma, \"\"Inc\"\"\""), "%s", csv);
    /* No cell anywhere starts with a formula character: check each cell. */
    for (size_t f = 0; f < 4; f++) {
        char *text = report_file(dir, files[f]);
        bool in_quotes = false, cell_start = true;
        for (char *c = text; *c; c++) {
            if (cell_start) {
                const char *v = *c == '"' ? c + 1 : c;
                cr_assert(!strchr("=+-@\t\r", *v) || *v == '\0' || (*v == '\r' && !in_quotes && *c != '"'),
                          "%s: formula cell at offset %td", files[f], c - text);
                cell_start = false;
            }
            if (*c == '"')
                in_quotes = !in_quotes;
            else if (!in_quotes && (*c == ',' || *c == '\n'))
                cell_start = true;
        }
        /* Every record ends with CRLF (RFC 4180). */
        size_t n = strlen(text);
        cr_assert(n >= 2 && text[n - 2] == '\r' && text[n - 1] == '\n', "%s", files[f]);
        free(text);
    }
    free(csv);
    cs_tally_free(t);
    fx_cleanup();
}

Test(report, issuer_rules_and_monthly_rows)
{
    cs_tally *t = fx_tally();
    fill(t, 0, 12, 0);
    char dir[256];
    write_report(t, dir, sizeof dir);
    char *rules = report_file(dir, "rules.csv");
    /* Rule A fails on i % 3 == 0: 0,3,6,9 of 12, applicable to all 12. */
    cr_assert_not_null(strstr(rules, "\"rfc5280_fx_a\",error,rfc5280,\"RFC 5280 4.1.2.2\",\"\",\"\",\"fixture rule A\",12,4,0.333333,4,"),
                       "%s", rules);
    char *monthly = report_file(dir, "monthly.csv");
    cr_assert_eq(strncmp(monthly, "issuer_id,month,certificates,with_error,with_warning,with_notice\r\n", 66), 0);
    cr_assert_not_null(strstr(monthly, ",2023-01,1,1,1,0\r\n"), "%s", monthly); /* i = 0: fails A and B */
    free(rules);
    free(monthly);
    cs_tally_free(t);
    fx_cleanup();
}

Test(report, identical_bytes_for_any_split_over_threads)
{
    /* One tally with everything vs. four "thread" tallies merged. */
    cs_tally *whole = fx_tally();
    cs_tally_set_input(whole, 0, "in.pem");
    fill(whole, 0, 60, 0);
    cs_tally *merged = fx_tally();
    cs_tally_set_input(merged, 0, "in.pem");
    cs_tally *parts[4];
    for (int k = 0; k < 4; k++) {
        parts[k] = fx_tally();
        /* interleaved, out of order: 3,1,0,2 */
        unsigned from = (unsigned)((3 - k) * 15);
        fill(parts[k], from, from + 15, 0);
    }
    for (int k = 0; k < 4; k++) {
        cr_assert(cs_tally_merge(merged, parts[k]));
        cs_tally_free(parts[k]);
    }
    char d1[256], d2[256];
    write_report(whole, d1, sizeof d1);
    write_report(merged, d2, sizeof d2);
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char *a = report_file(d1, files[f]), *b = report_file(d2, files[f]);
        cr_assert_str_eq(a, b, "%s differs", files[f]);
        free(a);
        free(b);
    }
    cs_tally_free(whole);
    cs_tally_free(merged);
    fx_cleanup();
}

Test(report, unwritable_directory_is_an_error_naming_it)
{
    cs_tally *t = fx_tally();
    char err[512];
    cr_assert_not(cs_report_write(t, "/proc/self/no/such/dir", err, sizeof err));
    cr_assert_not_null(strstr(err, "/proc/self/no"), "%s", err);
    cs_tally_free(t);
    fx_cleanup();
}

Test(report, html_escapes_hostile_issuer_strings)
{
    static const char *const evil[] = {
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</style><b>x</b>",
        "</script><script>alert(1)</script>", "\xE2\x80\xAEtxt.exe", "bad\xff\xfeutf8",
    };
    cs_tally *t = fx_tally();
    cs_lint_result *r = calloc(1, sizeof *r);
    size_t big_n = 65536;
    char *big = malloc(big_n);
    memset(big, 'Z', big_n);
    for (size_t i = 0; i <= 6; i++) {
        const char *o = i < 6 ? evil[i] : big;
        size_t olen = i < 6 ? strlen(o) : big_n;
        fx_cert *c = fx_cert_new(o, olen, evil[(i + 1) % 6], strlen(evil[(i + 1) % 6]), (int)i,
                                 fx_date("2025-05-05"), (unsigned)i, false);
        fx_result(r, 7, 1, evil[i % 6]);
        cr_assert(cs_tally_add_cert(t, 0, &c->c, r, NULL));
        free(c);
    }
    char dir[256];
    write_report(t, dir, sizeof dir);
    char *html = report_file(dir, "index.html");
    /* Our own two script elements and nothing else that opens one. */
    size_t scripts = 0;
    for (const char *p = html; (p = strstr(p, "<script")); p++)
        scripts++;
    cr_assert_eq(scripts, 2);
    cr_assert_null(strstr(html, "<img"));
    cr_assert_null(strstr(html, "<b>x"));
    cr_assert_null(strstr(html, "</style><b>"));
    cr_assert_null(strstr(html, "\xE2\x80\xAE"), "bidi override in the page");
    cr_assert_null(strstr(html, "\xff"), "invalid UTF-8 in the page");
    cr_assert_not_null(strstr(html, "Content-Security-Policy"));
    cr_assert_not_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped text missing");
    cr_assert_not_null(strstr(html, "\\u003c/script\\u003e"), "JSON data not escaped for <script>");
    /* The 64 KB name is stored and shown cut. */
    char run[700];
    memset(run, 'Z', sizeof run - 1);
    run[sizeof run - 1] = '\0';
    cr_assert_null(strstr(html, run), "64 KB string not cut");
    cr_assert_not_null(strstr(html, "ZZZZ\xE2\x80\xA6"));
    free(html);
    free(big);
    free(r);
    cs_tally_free(t);
    fx_cleanup();
}
