/* cs_json_string (ingest/json.h): escapes, \u escapes to UTF-8 with
 * surrogate pairs, lone surrogates refused; and log lists whose names
 * carry such escapes (where they show). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ctlog/loglist.h"
#include "ingest/json.h"

/* Unescapes the JSON string literal `json` (quotes included) into out as
 * a NUL-terminated string; false when cs_json_string refuses it.  The
 * input sits in a buffer of exactly its size, the output in one of
 * exactly the size the interface promises, so ASan sees any overrun. */
static bool unescape(const char *json, char *out, size_t out_size, size_t *len)
{
    size_t n = strlen(json);
    uint8_t *in = malloc(n), *buf = malloc(n);
    cr_assert(in && buf);
    memcpy(in, json, n);
    const uint8_t *s;
    bool ok = cs_json_string(in, 0, n, buf, &s, len);
    if (ok) {
        cr_assert_lt(*len, out_size);
        memcpy(out, s, *len);
        out[*len] = '\0';
    }
    free(in), free(buf);
    return ok;
}

Test(json_string, escapes_decode_to_utf8)
{
    static const struct {
        const char *json, *text;
    } cases[] = {
        { "\"abc\"", "abc" },
        { "\"a\\\"b\\\\c\\/d\\n\\t\"", "a\"b\\c/d\n\t" },
        { "\"\\u0041\\u007e\"", "A~" },
        /* U+00E9, U+20AC, U+4E2D: two and three bytes of UTF-8. */
        { "\"Caf\\u00e9 \\u20AC \\u4e2d\"", "Caf\xc3\xa9 \xe2\x82\xac \xe4\xb8\xad" },
        /* The BMP code points next to the surrogates, and U+FFFF. */
        { "\"\\ud7ff\\ue000\\uffff\"", "\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf" },
        /* Surrogate pairs: U+1F600 and U+10FFFF (the last code point). */
        { "\"x\\ud83d\\ude00y\\uDBFF\\uDFFF\"", "x\xf0\x9f\x98\x80y\xf4\x8f\xbf\xbf" },
        /* U+10000, the first one, at the very end of the string. */
        { "\"\\ud800\\udc00\"", "\xf0\x90\x80\x80" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64];
        size_t n;
        cr_assert(unescape(cases[i].json, out, sizeof out, &n), "%s refused", cases[i].json);
        cr_assert_str_eq(out, cases[i].text, "%s", cases[i].json);
        cr_assert_eq(n, strlen(cases[i].text));
    }
}

Test(json_string, lone_or_invalid_surrogates_are_refused)
{
    char out[64];
    size_t n;
    static const char *const bad[] = {
        "\"\\ud800\"",             /* high surrogate at the end */
        "\"\\ud800x\"",            /* followed by a character */
        "\"\\ud800\\u0041\"",      /* followed by an escape that is not a low surrogate */
        "\"\\ud800\\ud800\"",      /* two high ones */
        "\"\\udc00\"",             /* a low surrogate alone */
        "\"a\\udfff\\ud800\"",     /* low then high */
        "\"\\ud800\\\"",           /* an escape cut by the closing quote */
        "\"\\ud800\\udc0\"",       /* a short low escape */
        "\"\\ud800\\udc0g\"",      /* not hex */
        "\"\\ud800\\n\"",
        "\"\\u12\"", "\"\\u\"", "\"\\uzzzz\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert_not(unescape(bad[i], out, sizeof out, &n), "%s accepted", bad[i]);
}

Test(json_string, log_list_names_with_escapes)
{
    static const char list[] =
        "{\"operators\":[{\"name\":\"Op\\u00e9rateur \\ud83d\\udd12\",\"logs\":[{\"description\":"
        "\"Journal \\u00e0 l'\\u00e9t\\u00e9\",\"key\":\"AAAA\",\"url\":\"https://ct.example/\","
        "\"state\":{\"usable\":{}}}],\"tiled_logs\":[{\"description\":\"Bad \\udc00 name\",\"key\":\"AAAA\","
        "\"monitoring_url\":\"https://tiles.example/\",\"state\":{\"usable\":{}}}]}]}";
    char err[256];
    cs_loglist *l = cs_loglist_parse(list, strlen(list), NULL, err, sizeof err);
    cr_assert_not_null(l, "%s", err);
    cr_assert_eq(l->n, 2);
    cr_assert_str_eq(l->logs[0].operator_name, "Op\xc3\xa9rateur \xf0\x9f\x94\x92");
    cr_assert_str_eq(l->logs[0].description, "Journal \xc3\xa0 l'\xc3\xa9t\xc3\xa9");
    /* A lone surrogate: the name is not read (empty), the log still is. */
    cr_assert_str_eq(l->logs[1].description, "");
    cr_assert_str_eq(l->logs[1].url, "https://tiles.example/");
    cs_loglist_free(l);
    /* Selecting by a word with a non-ASCII letter finds it. */
    l = cs_loglist_parse(list, strlen(list), "\xc3\xa9t\xc3\xa9", err, sizeof err);
    cr_assert(l && l->n == 1 && strcmp(l->logs[0].url, "https://ct.example/") == 0);
    cs_loglist_free(l);
}
