/* util/json_writer: the escaper's script-safe mode (summary.json and the
 * HTML data block) and the stream form.  The compact form used by the
 * findings lines is covered by test_api_json.c. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_writer.h"

static char *script_safe(const char *s)
{
    static cs_json_buf b;
    cs_json_buf_reset(&b);
    cs_json_buf_put_string_ex(&b, (const uint8_t *)s, strlen(s), CS_JSON_SCRIPT_SAFE);
    cr_assert(!b.failed);
    return b.data;
}

Test(json_writer, script_safe_escapes_markup_characters)
{
    cr_expect_str_eq(script_safe("</script><b>&amp;"), "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;\"");
    /* Without the flag they pass through (findings lines). */
    cs_json_buf b = { 0 };
    cs_json_buf_put_cstring(&b, "<b>&");
    cr_expect_str_eq(b.data, "\"<b>&\"");
    cs_json_buf_free(&b);
}

Test(json_writer, script_safe_keeps_every_other_rule)
{
    cr_expect_str_eq(script_safe("a\"b\\\n\x01\xc2\x9b\xe2\x80\xa8\xff"),
                     "\"a\\\"b\\\\\\n\\u0001\\u009b\\u2028\\ufffd\"");
    cr_expect_str_eq(script_safe("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
}

Test(json_writer, numbers_hex_and_null)
{
    cs_json_buf b = { 0 };
    cs_json_buf_printf(&b, "[%d,", 42);
    cs_json_buf_put_hex(&b, (const uint8_t *)"\x00\xab\xff", 3);
    cs_json_buf_puts(&b, ",");
    cs_json_buf_put_cstring(&b, NULL);
    cs_json_buf_puts(&b, "]");
    cr_expect_str_eq(b.data, "[42,\"00abff\",null]");
    cs_json_buf_free(&b);
}
