/* index.html as an analyst reads it: the monthly chart shows the range that
 * holds the data (outliers counted in a note), bars carry distinguishing
 * labels with the full name on hover, failing rules come first in the rules
 * table, and headers never break inside a word. */
#include "test_report_fixture.h"
#include "report/model.h"
#include "report/report.h"

static char *write_html(const cs_tally *t)
{
    char dir[256], err[512], path[300];
    fx_tmpdir(dir, sizeof dir);
    cr_assert(cs_report_write(t, dir, err, sizeof err), "%s", err);
    snprintf(path, sizeof path, "%s/index.html", dir);
    return fx_slurp(path, NULL);
}

static void add(cs_tally *t, const char *o, const char *cn, int aki, const char *date, unsigned seed, unsigned failing)
{
    cs_lint_result *r = calloc(1, sizeof *r);
    fx_cert *c = fx_cert_new(o, strlen(o), cn, strlen(cn), aki, fx_date(date), seed, false);
    fx_result(r, 7, failing, "bad");
    cr_assert(cs_tally_add_cert(t, 0, &c->c, r, NULL));
    free(c);
    free(r);
}

/* 300 certificates over 2023-2025 (half of them in 2024-06, so that one
 * error in another month is a small bar), and test certificates dated
 * 2047 and 2055. */
static cs_tally *with_outliers(void)
{
    cs_tally *t = fx_tally();
    cs_tally_set_input(t, 0, "in.pem");
    for (unsigned i = 0; i < 300; i++) {
        char date[16];
        unsigned k = i / 2;
        if (i % 2)
            snprintf(date, sizeof date, "%u-%02u-10", 2023 + (k / 12) % 3, 1 + k % 12);
        else
            snprintf(date, sizeof date, "2024-06-10");
        add(t, "Real CA", "Issuing CA 1", 1, date, i, i % 50 == 1 ? 1 : 0);
    }
    add(t, "Test CA", "Test", 2, "2047-03-01", 1000, 0);
    add(t, "Test CA", "Test", 2, "2055-12-01", 1001, 1);
    return t;
}

Test(report_html, month_range_leaves_far_outliers_out)
{
    cs_tally *t = with_outliers();
    cs_model m;
    cr_assert(cs_model_build(&m, t));
    int32_t first, last;
    cr_assert(cs_model_month_range(&m, &first, &last));
    char a[16], b[16];
    cs_model_month(first, a);
    cs_model_month(last, b);
    cr_expect_str_eq(a, "2023-01");
    cr_expect_str_eq(b, "2025-12");
    cs_model_free(&m);

    /* Data spread without a gap is all shown, however long. */
    cs_tally *wide = fx_tally();
    for (unsigned y = 1990; y <= 2030; y++) {
        char date[16];
        snprintf(date, sizeof date, "%u-06-01", y);
        add(wide, "Wide", "CA", 1, date, y, 0);
    }
    cr_assert(cs_model_build(&m, wide));
    cr_assert(cs_model_month_range(&m, &first, &last));
    cs_model_month(first, a);
    cs_model_month(last, b);
    cr_expect_str_eq(a, "1990-06");
    cr_expect_str_eq(b, "2030-06");
    cs_model_free(&m);
    cs_tally_free(wide);
    cs_tally_free(t);
}

Test(report_html, monthly_chart_counts_outliers_in_a_note)
{
    cs_tally *t = with_outliers();
    char *html = write_html(t);
    const char *fig = strstr(html, "Certificates by month of notBefore");
    cr_assert_not_null(fig);
    /* 36 months fit by month; every month has its bar with a tooltip. */
    cr_expect_not_null(strstr(fig, "<title>2023-01: "), "first month drawn");
    cr_expect_not_null(strstr(fig, "<title>2025-12: "), "last month drawn");
    cr_expect_null(strstr(fig, "<title>2047"), "an outlier stretched the axis");
    cr_expect_not_null(strstr(fig, "2023-01 to 2025-12, by month."), "range note");
    cr_expect_not_null(strstr(fig, "Not drawn: <b>2 certificates</b> dated far from the rest (2047-03: 1, 2055-12: 1)"),
                       "outlier note");
    /* Readable axis labels: year starts as YYYY-MM, not one per bar. */
    cr_expect_not_null(strstr(fig, "text-anchor=\"middle\">2024-01</text>"));
    cr_expect_null(strstr(fig, "text-anchor=\"middle\">2024-02</text>"));
    /* Error bars are visible at small counts: a month with 1 error of 300
     * still gets a red bar at least 2 px tall. */
    cr_expect_not_null(strstr(fig, "height=\"2\" fill=\"#c0392b\""), "small error count not drawn");
    free(html);
    cs_tally_free(t);
    fx_cleanup();
}

Test(report_html, long_ranges_are_drawn_by_year)
{
    cs_tally *t = fx_tally();
    for (unsigned y = 1996; y <= 2024; y++) {
        char date[16];
        snprintf(date, sizeof date, "%u-04-01", y);
        add(t, "Old CA", "Root", 1, date, y, 0);
    }
    char *html = write_html(t);
    const char *fig = strstr(html, "Certificates by month of notBefore");
    cr_assert_not_null(fig);
    cr_expect_not_null(strstr(fig, "<title>1996: 1 certificates"));
    cr_expect_not_null(strstr(fig, "by year."));
    cr_expect_not_null(strstr(fig, ">2000</text>"));
    cr_expect_null(strstr(fig, "Not drawn"));
    free(html);
    cs_tally_free(t);
    fx_cleanup();
}

/* The text of every bar label (<text ... text-anchor="end">LABEL</text>) in
 * the figure starting at fig, up to its end. */
static size_t bar_labels(const char *fig, char labels[][160], size_t max)
{
    const char *end = strstr(fig, "</figure>");
    size_t n = 0;
    for (const char *p = fig; n < max && (p = strstr(p, "text-anchor=\"end\">")) && p < end;) {
        p += strlen("text-anchor=\"end\">");
        const char *q = strstr(p, "</text>");
        snprintf(labels[n++], 160, "%.*s", (int)(q - p), p);
    }
    return n;
}

Test(report_html, bars_have_distinguishing_labels_and_full_names_on_hover)
{
    cs_tally *t = fx_tally();
    /* Two issuers with the same DN and different AKI, and two names that
     * differ only past the point where a label is cut. */
    for (unsigned i = 0; i < 40; i++) {
        add(t, "certsweep", "certsweep Gen Root", 1, "2025-01-01", i, 0);
        if (i < 30)
            add(t, "certsweep", "certsweep Gen Root", 2, "2025-01-01", 100 + i, 0);
        if (i < 20)
            add(t, "Certificate Transparency", "Certificate Transparency Intermediate CA 1", 3, "2025-01-01", 200 + i, 0);
        if (i < 10)
            add(t, "Certificate Transparency", "Certificate Transparency Intermediate CA 2", 4, "2025-01-01", 300 + i, 0);
    }
    char *html = write_html(t);
    const char *fig = strstr(html, "Top issuers by volume");
    cr_assert_not_null(fig);
    char labels[16][160];
    size_t n = bar_labels(fig, labels, 16);
    cr_assert_eq(n, 4);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            cr_expect_str_neq(labels[i], labels[j], "two bars labelled the same");
    cr_expect_eq(strncmp(labels[0], "certsweep / certsweep Gen Root #", 32), 0, "%s", labels[0]);
    cr_expect(strstr(labels[2], "CA 1") || strstr(labels[3], "CA 1"), "the end of a cut name is kept");
    /* The whole name is on hover. */
    cr_expect_not_null(strstr(fig, "<title>CN=Certificate Transparency Intermediate CA 2,O=Certificate Transparency\nissuer id "),
                       "full DN in the tooltip");
    free(html);
    cs_tally_free(t);
    fx_cleanup();
}

Test(report_html, rules_table_lists_failing_rules_first)
{
    cs_tally *t = fx_tally();
    /* Rule C (tls_fx_c) fails 3 times, B (smime_fx_b) once, A never. */
    for (unsigned i = 0; i < 4; i++)
        add(t, "O", "CN", 1, "2025-01-01", i, i < 3 ? 4u : 2u);
    char *html = write_html(t);
    const char *sec = strstr(html, "<section id=rules>");
    cr_assert_not_null(sec);
    const char *c = strstr(sec, ">tls_fx_c<"), *b = strstr(sec, ">smime_fx_b<"), *a = strstr(sec, ">rfc5280_fx_a<");
    cr_assert(a && b && c);
    cr_expect(c < b && b < a, "order: most failures first, then the rules that never failed");
    /* Header words never break inside ("Severit y"). */
    cr_expect_not_null(strstr(html, "th{overflow-wrap:normal"));
    free(html);
    cs_tally_free(t);
    fx_cleanup();
}
