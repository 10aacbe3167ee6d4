/* The report escapers write runs of bytes (issue 19) with the same
 * output as one character at a time: CSV quoting and the formula guard,
 * HTML entities and the cut with an ellipsis, hex longer than the
 * escaper's buffer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/out.h"
#include "runcmd.h"

static char dir[512];

static void setup(void) { cs_test_tmpdir(dir, sizeof dir); }

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(out_escape, .init = setup, .fini = teardown);

typedef void (*writer)(cs_out *o, const void *arg);

/* What w writes, as a NUL-terminated string (freed by the caller). */
static char *written(writer w, const void *arg)
{
    cs_out o;
    char err[300];
    cr_assert(cs_out_open(&o, dir, "t.txt", err, sizeof err), "%s", err);
    w(&o, arg);
    cr_assert(cs_out_close(&o, err, sizeof err), "%s", err);
    char path[600];
    snprintf(path, sizeof path, "%s/t.txt", dir);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    char *buf = calloc(1, 4096);
    cr_assert_not_null(buf);
    fread(buf, 1, 4095, f);
    fclose(f);
    return buf;
}

static void csv(cs_out *o, const void *s) { cs_out_csv(o, s); }
static void html(cs_out *o, const void *s) { cs_out_html(o, s, 0); }
static void html5(cs_out *o, const void *s) { cs_out_html(o, s, 5); }

static void expect(writer w, const char *in, const char *want)
{
    char *got = written(w, in);
    cr_expect_str_eq(got, want, "for [%s]", in);
    free(got);
}

Test(out_escape, csv)
{
    expect(csv, "", "\"\"");
    expect(csv, "plain", "\"plain\"");
    expect(csv, "a\"b\"\"c\"", "\"a\"\"b\"\"\"\"c\"\"\"");
    expect(csv, "\"", "\"\"\"\"");
    expect(csv, "=SUM(A1)", "\"'=SUM(A1)\"");
    expect(csv, "-\"x", "\"'-\"\"x\"");
    expect(csv, "@", "\"'@\"");
    expect(csv, "a=b", "\"a=b\"");
}

Test(out_escape, html)
{
    expect(html, "", "");
    expect(html, "plain text", "plain text");
    expect(html, "<a href=\"x\">'&'</a>", "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(html, "&&", "&amp;&amp;");
    expect(html5, "ab<cdefg", "ab&lt;cd\xe2\x80\xa6");
    expect(html5, "abcde", "abcde");
}

static void hex(cs_out *o, const void *arg)
{
    const size_t *n = arg;
    uint8_t p[300];
    for (size_t i = 0; i < sizeof p; i++)
        p[i] = (uint8_t)(i * 7 + 1);
    cs_out_hex(o, p, *n);
}

Test(out_escape, hex_across_the_buffer)
{
    const size_t sizes[] = { 0, 1, 127, 128, 129, 300 };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        char *got = written(hex, &sizes[k]);
        char want[700] = "";
        for (size_t i = 0; i < sizes[k]; i++)
            snprintf(want + 2 * i, 3, "%02x", (unsigned)(uint8_t)(i * 7 + 1));
        cr_expect_str_eq(got, want, "%zu bytes", sizes[k]);
        free(got);
    }
}
