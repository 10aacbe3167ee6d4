/* The report writer (report/out.c) against the slow ways it replaces
 * (issue 19).  The escapers write runs of bytes with the same output as
 * one character at a time: CSV quoting and the formula guard, HTML
 * entities and the cut with an ellipsis, hex longer than the escaper's
 * buffer.  Numbers are formatted without printf as "%llu" and the
 * "%llu.%06llu" of the rounded quotient write them; JSON strings written
 * as they are when plain match util/json_writer's escaper; the writer's
 * own buffer matches stdio (output much larger than the buffer, one text
 * larger than it, printf output larger than its stack buffer); and a
 * cs_out set up on an open FILE writes through it. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/out.h"
#include "runcmd.h"
#include "util/json_writer.h"

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

static char *slurp(const char *name, size_t *len);

/* What w writes, as a NUL-terminated string (freed by the caller). */
static char *written(writer w, const void *arg)
{
    cs_out o;
    char err[300];
    cr_assert(cs_out_open(&o, dir, "t.txt", err, sizeof err), "%s", err);
    w(&o, arg);
    cr_assert(cs_out_close(&o, err, sizeof err), "%s", err);
    size_t len;
    return slurp("t.txt", &len);
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

/* ---- fast paths against the slow ways -------------------------------- */

/* A string growing with what the slow way writes. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void text_put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        cr_assert_not_null(t->s);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void text_printf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_printf(text *t, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0 && (size_t)n < sizeof buf);
    text_put(t, buf, (size_t)n);
}

/* The file the writer made, whole (size in *len). */
static char *slurp(const char *name, size_t *len)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void expect_file(const char *name, const text *want)
{
    size_t len;
    char *got = slurp(name, &len);
    cr_expect_eq(len, want->len, "%s: %zu bytes, want %zu", name, len, want->len);
    size_t i = 0;
    while (i < len && i < want->len && got[i] == want->s[i])
        i++;
    cr_expect(i == len && len == want->len, "%s: first difference at byte %zu", name, i);
    free(got);
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Edge values, then random ones of every magnitude. */
static uint64_t number(size_t i)
{
    static const uint64_t edges[] = { 0, 1, 9, 10, 99, 100, 999999, 1000000, 1000001, UINT32_MAX,
                                      (uint64_t)UINT32_MAX + 1, 9999999999999999999u, 10000000000000000000u,
                                      UINT64_MAX - 1, UINT64_MAX };
    if (i < sizeof edges / sizeof edges[0])
        return edges[i];
    return next() >> (next() % 64);
}

Test(out_escape, numbers_as_printf_writes_them)
{
    cs_out o;
    char err[300];
    text want = { 0 };
    cr_assert(cs_out_open(&o, dir, "n.txt", err, sizeof err), "%s", err);
    for (size_t i = 0; i < 200000; i++) { /* some 3 MB: the buffer fills many times */
        uint64_t v = number(i);
        cs_out_u64(&o, v);
        cs_out_puts(&o, ",");
        text_printf(&want, "%llu,", (unsigned long long)v);
    }
    cr_assert(cs_out_close(&o, err, sizeof err), "%s", err);
    expect_file("n.txt", &want);
    free(want.s);
}

/* The ratio as written before: a/b rounded half up to 6 decimals, by
 * printf. */
static void ratio_slow(text *t, uint64_t a, uint64_t b)
{
    if (b == 0) {
        text_put(t, "0.000000", 8);
        return;
    }
    unsigned __int128 q = ((unsigned __int128)a * 2000000u + b) / ((unsigned __int128)b * 2u);
    text_printf(t, "%llu.%06llu", (unsigned long long)(q / 1000000u), (unsigned long long)(q % 1000000u));
}

Test(out_escape, ratios_as_printf_writes_them)
{
    cs_out o;
    char err[300];
    text want = { 0 };
    cr_assert(cs_out_open(&o, dir, "r.txt", err, sizeof err), "%s", err);
    for (size_t i = 0; i < 40000; i++) {
        uint64_t a, b;
        if (i < 15 * 15) { /* every pair of edge values, a > b too */
            a = number(i / 15);
            b = number(i % 15);
        } else {
            b = number(i) | (i & 1);
            a = i % 3 ? (b ? next() % b : 0) : next() >> (next() % 64);
        }
        cs_out_ratio(&o, a, b);
        cs_out_puts(&o, "\n");
        ratio_slow(&want, a, b);
        text_put(&want, "\n", 1);
    }
    cr_assert(cs_out_close(&o, err, sizeof err), "%s", err);
    expect_file("r.txt", &want);
    free(want.s);
}

/* A string of n bytes drawn from a mix that is mostly plain, sometimes
 * not: quotes, backslash, <>&, controls, DEL, UTF-8 (C1, U+2028,
 * emoji), broken UTF-8. */
static void random_string(char *s, size_t n)
{
    static const char *const pieces[] = { "a", "Z", "0", " ", "-", "=", "\"", "\\", "<", ">", "&", "\t", "\n",
                                          "\x01", "\x7f", "\xc2\x85", "\xe2\x80\xa8", "\xf0\x9f\x98\x80",
                                          "\xc3\xa9", "\xff", "\xc3", "\xe2\x80" };
    size_t len = 0;
    bool plain = next() % 2;
    while (len < n) {
        const char *p = pieces[plain ? next() % 5 : next() % (sizeof pieces / sizeof pieces[0])];
        size_t pl = strlen(p);
        if (len + pl > n)
            break;
        memcpy(s + len, p, pl);
        len += pl;
    }
    s[len] = '\0';
}

Test(out_escape, json_strings_as_the_escaper_writes_them)
{
    cs_out o;
    char err[300];
    text want = { 0 };
    cr_assert(cs_out_open(&o, dir, "j.txt", err, sizeof err), "%s", err);
    static const char *const fixed[] = { "", "plain", "rfc5280_aki_critical", "a\"b", "back\\slash", "</script>",
                                         "AT&T", "caf\xc3\xa9", "\xff", "line\nbreak", "\x7f" };
    char s[200];
    for (size_t i = 0; i < 20000; i++) {
        const char *in = s;
        if (i < sizeof fixed / sizeof fixed[0])
            in = fixed[i];
        else
            random_string(s, next() % sizeof s);
        cs_out_json(&o, in);
        cs_out_puts(&o, ",");
        cs_json_buf b = { 0 };
        cs_json_buf_put_string_ex(&b, (const uint8_t *)in, strlen(in), CS_JSON_SCRIPT_SAFE);
        cr_assert(!b.failed);
        text_put(&want, b.data, b.len);
        text_put(&want, ",", 1);
        cs_json_buf_free(&b);
    }
    cr_assert(cs_out_close(&o, err, sizeof err), "%s", err);
    expect_file("j.txt", &want);
    free(want.s);
}

Test(out_escape, texts_larger_than_the_buffer)
{
    cs_out o;
    char err[300];
    text want = { 0 };
    size_t big_len = (size_t)200 << 10;
    char *big = malloc(big_len + 1);
    cr_assert_not_null(big);
    for (size_t i = 0; i < big_len; i++)
        big[i] = (char)('a' + i % 26);
    big[big_len] = '\0';
    cr_assert(cs_out_open(&o, dir, "b.txt", err, sizeof err), "%s", err);
    cs_out_puts(&o, "head,");             /* buffered, */
    cs_out_puts(&o, big);                 /* then a text larger than the buffer, */
    cs_out_printf(&o, "<%s>%d", big, 42); /* printf output larger than its stack buffer */
    cs_out_csv(&o, big);
    cs_out_printf(&o, "[%s]", "small");
    text_put(&want, "head,", 5);
    text_put(&want, big, big_len);
    text_put(&want, "<", 1);
    text_put(&want, big, big_len);
    text_put(&want, ">42\"", 4);
    text_put(&want, big, big_len);
    text_put(&want, "\"[small]", 8);
    cr_assert(cs_out_close(&o, err, sizeof err), "%s", err);
    expect_file("b.txt", &want);
    free(want.s);
    free(big);
}

Test(out_escape, on_an_open_file_through_stdio)
{
    char path[700];
    snprintf(path, sizeof path, "%s/f.txt", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs("before,", f);
    cs_out o = { .f = f };
    cs_out_u64(&o, 18446744073709551615u);
    cs_out_puts(&o, ",");
    cs_out_ratio(&o, 1, 3);
    cs_out_puts(&o, ",");
    cs_out_json(&o, "x<y");
    cs_out_printf(&o, ",%d,", 7);
    fputs("after", f);
    cr_assert_eq(fclose(f), 0);
    size_t len;
    char *got = slurp("f.txt", &len);
    cr_expect_str_eq(got, "before,18446744073709551615,0.333333,\"x\\u003cy\",7,after");
    free(got);
}
