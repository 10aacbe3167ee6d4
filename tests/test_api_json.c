/* The findings line format: JSON string escaping of hostile bytes, and
 * the schema of one line (docs/findings.md). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "lint/findings_json.h"
#include "test_api_jsoncheck.h"

static char *escaped(const void *bytes, size_t n)
{
    static cs_json_buf b;
    cs_json_buf_reset(&b);
    cs_json_buf_put_string(&b, bytes, n);
    cr_assert(!b.failed);
    return b.data;
}

#define ESC(lit) escaped(lit, sizeof lit - 1)

Test(json_escape, ascii_specials_and_controls)
{
    cr_expect_str_eq(ESC(""), "\"\"");
    cr_expect_str_eq(ESC("plain CN=x,O=y"), "\"plain CN=x,O=y\"");
    cr_expect_str_eq(ESC("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
    cr_expect_str_eq(ESC("\n\r\t"), "\"\\n\\r\\t\"");
    cr_expect_str_eq(ESC("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
    /* An embedded NUL does not end the string. */
    cr_expect_str_eq(ESC("a\0b"), "\"a\\u0000b\"");
    /* Terminal escape sequences are neutralised. */
    cr_expect_str_eq(ESC("\x1b[31mred"), "\"\\u001b[31mred\"");
    /* So are C1 controls (U+009B is a one-character CSI on some terminals). */
    cr_expect_str_eq(ESC("\xc2\x9b" "2J\xc2\x80\xc2\x9f\xc2\xa0"), "\"\\u009b2J\\u0080\\u009f\xc2\xa0\"");
}

Test(json_escape, valid_utf8_passes_through)
{
    cr_expect_str_eq(ESC("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    cr_expect_str_eq(ESC("\xef\xbf\xbf\xf4\x8f\xbf\xbf"), "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");
    /* JavaScript line terminators are escaped although JSON allows them. */
    cr_expect_str_eq(ESC("a\xe2\x80\xa8" "b\xe2\x80\xa9"), "\"a\\u2028b\\u2029\"");
}

Test(json_escape, invalid_utf8_becomes_replacement_per_maximal_subpart)
{
    cr_expect_str_eq(ESC("\xff"), "\"\\ufffd\"");
    cr_expect_str_eq(ESC("\x80x"), "\"\\ufffdx\"");
    /* Overlong encodings: C0/C1 are never valid leads. */
    cr_expect_str_eq(ESC("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
    cr_expect_str_eq(ESC("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\"");
    /* Surrogates (ED A0..BF) and code points above U+10FFFF. */
    cr_expect_str_eq(ESC("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
    cr_expect_str_eq(ESC("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    /* A truncated sequence is one replacement, and what follows survives. */
    cr_expect_str_eq(ESC("\xe2\x82" "A"), "\"\\ufffdA\"");
    cr_expect_str_eq(ESC("\xf0\x9f\x98"), "\"\\ufffd\"");
    /* Latin-1 text, as T61String values often carry. */
    cr_expect_str_eq(ESC("M\xfcnchen"), "\"M\\ufffdnchen\"");
}

Test(json_escape, random_bytes_always_give_a_valid_json_string)
{
    uint32_t x = 12345;
    uint8_t buf[64];
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(round % 64);
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            /* Bias towards the interesting bytes: controls, quotes, UTF-8 leads. */
            uint8_t v = (uint8_t)(x >> 16);
            buf[i] = (x >> 30) == 0 ? (uint8_t)(0x80 | (v & 0x7f)) : v;
        }
        char *s = escaped(buf, n);
        cr_assert(json_valid(s, strlen(s)), "round %d: not a valid JSON string: %s", round, s);
    }
}

Test(json_buf, grows_and_resets)
{
    cs_json_buf b = { 0 };
    for (int i = 0; i < 10000; i++)
        cs_json_buf_put(&b, "0123456789", 10);
    cr_expect_eq(b.len, 100000);
    cr_expect(!b.failed);
    cr_expect_eq(b.data[b.len], '\0');
    cs_json_buf_reset(&b);
    cr_expect_eq(b.len, 0);
    cs_json_buf_put(&b, "x", 1);
    cr_expect_str_eq(b.data, "x");
    cs_json_buf_free(&b);
    cr_expect_null(b.data);
}

/* ---- one line -------------------------------------------------------- */

static cs_cert *parse_cg(cg_cert *g, uint8_t **der_out)
{
    size_t len;
    uint8_t *der = cg_der(g, &len);
    cr_assert_not_null(der);
    cg_free(g);
    cs_cert *c = malloc(sizeof *c);
    cs_parse_error e;
    cr_assert(cs_cert_parse(c, der, len, &e), "parse: %s", e.reason);
    *der_out = der;
    return c;
}

static const char *key_order[] = {
    "{\"sha256\":\"", ",\"origin\":{\"input\":", ",\"member\":", ",\"offset\":", ",\"line\":",
    ",\"ct_index\":", "},\"issuer\":", ",\"subject\":", ",\"serial\":", ",\"not_before\":",
    ",\"precertificate\":", ",\"tbs\":", ",\"profile\":{\"ca\":", ",\"smime\":", ",\"tls\":",
    ",\"worst\":", ",\"findings\":[",
};

Test(findings_json, schema_keys_in_order_and_hostile_names_escaped)
{
    cg_cert *g = cg_new("smime-mailbox-strict");
    cr_assert_not_null(g);
    /* A subject built to break naive writers: quotes, backslash, newline,
     * a terminal escape and a byte that is not UTF-8 (certgen writes the
     * bytes as given). */
    cg_subject_add(g, "CN", "evil\"\\\n\x1b[2J\xff}", 12);
    uint8_t *der;
    cs_cert *c = parse_cg(g, &der);

    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    cs_lint_result *r = malloc(sizeof *r);
    cs_lint(rs, c, r);

    cs_findings_origin o = { "dump \"1\".tar", "certs/a.pem", 4096, 17, 99, true };
    cs_json_buf b = { 0 };
    cr_assert(cs_findings_json(&b, c, r, rs, &o));
    cr_assert_gt(b.len, 1);
    cr_expect_eq(b.data[b.len - 1], '\n', "one line, newline-terminated");
    cr_expect_null(memchr(b.data, '\n', b.len - 1), "exactly one newline");
    cr_expect(json_valid(b.data, b.len), "valid JSON: %s", b.data);

    const char *at = b.data;
    for (size_t i = 0; i < sizeof key_order / sizeof key_order[0]; i++) {
        const char *k = strstr(at, key_order[i]);
        cr_assert_not_null(k, "key %s in order in %s", key_order[i], b.data);
        at = k + strlen(key_order[i]);
    }
    cr_expect(strstr(b.data, "\"input\":\"dump \\\"1\\\".tar\",\"member\":\"certs/a.pem\",\"offset\":4096,"
                             "\"line\":17,\"ct_index\":99}") != NULL, "%s", b.data);
    cr_expect(strstr(b.data, "\"precertificate\":true") != NULL);
    cr_expect(strstr(b.data, "evil\\\"\\\\\\n\\u001b[2J\\ufffd}") != NULL, "escaped subject in %s", b.data);
    cr_expect(strstr(b.data, "\"not_before\":\"2025-09-01T00:00:00Z\"") != NULL, "%s", b.data);
    cr_expect(strstr(b.data, "\"smime\":{\"subscriber\":true,\"issuing_ca\":false,\"type\":\"mailbox\","
                             "\"generation\":\"strict\",\"guessed\":false}") != NULL, "%s", b.data);
    cr_expect(strstr(b.data, "\"tls\":null") != NULL, "%s", b.data);

    /* Unknown origin fields are null; no input is "-". */
    cs_json_buf_reset(&b);
    cs_findings_origin none = { NULL, "", -1, 0, -1, false };
    cr_assert(cs_findings_json(&b, c, r, rs, &none));
    cr_expect(strstr(b.data, "\"origin\":{\"input\":\"-\",\"member\":null,\"offset\":null,\"line\":null,"
                             "\"ct_index\":null}") != NULL, "%s", b.data);

    /* The stream variant writes the same bytes. */
    char *mem = NULL;
    size_t memlen = 0;
    FILE *f = open_memstream(&mem, &memlen);
    cr_assert(cs_findings_json_write(f, c, r, rs, &none));
    fclose(f);
    cr_expect_eq(memlen, b.len);
    cr_expect(memcmp(mem, b.data, b.len) == 0);
    free(mem);

    cs_json_buf_free(&b);
    cs_ruleset_free(rs);
    free(r);
    free(c);
    free(der);
}

Test(findings_json, findings_listed_with_rule_metadata)
{
    /* A certificate with a finding whatever rules exist: a zero serial
     * breaks RFC 5280 4.1.2.2; fall back to any finding of any rule. */
    cg_cert *g = cg_new("smime-mailbox-strict");
    cr_assert_not_null(g);
    cg_set_serial_hex(g, "00");
    cg_ext_remove(g, "keyUsage");
    uint8_t *der;
    cs_cert *c = parse_cg(g, &der);
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rs);
    cs_lint_result *r = malloc(sizeof *r);
    cs_lint(rs, c, r);
    cs_json_buf b = { 0 };
    cr_assert(cs_findings_json(&b, c, r, rs, NULL));
    cr_expect(json_valid(b.data, b.len), "%s", b.data);
    if (r->n_findings == 0) {
        cr_expect(strstr(b.data, "\"worst\":null,\"findings\":[]}") != NULL, "%s", b.data);
    } else {
        cr_expect(strstr(b.data, "\"worst\":null") == NULL);
        for (size_t i = 0; i < r->n_findings; i++) {
            const cs_rule *rule = cs_ruleset_rule(rs, r->findings[i].rule);
            char want[256];
            snprintf(want, sizeof want, "{\"rule\":\"%s\",\"severity\":\"%s\",", rule->id,
                     cs_severity_name(rule->severity));
            cr_expect(strstr(b.data, want) != NULL, "finding %s in %s", rule->id, b.data);
        }
    }
    cr_expect(strstr(b.data, "\"serial\":\"00\"") != NULL, "%s", b.data);
    cs_json_buf_free(&b);
    cs_ruleset_free(rs);
    free(r);
    free(c);
    free(der);
}
