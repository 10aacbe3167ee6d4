/* The JSON writer: a growable buffer and the one JSON string escaper of
 * the project (findings lines, summary.json, the HTML data block).
 *
 * Strings are taken as UTF-8 whatever the bytes: ", \ and controls are
 * escaped (\n \r \t short, the other C0, DEL and the C1 controls as
 * \u00XX: C1 act on terminals), U+2028/U+2029 as \u escapes (they end
 * lines in JavaScript), and each maximal ill-formed UTF-8 subpart becomes
 * \ufffd, so the output is always valid JSON and valid UTF-8.  The output
 * depends only on the input (no locale). */
#ifndef CS_UTIL_JSON_WRITER_H
#define CS_UTIL_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A growable byte buffer owned by the caller (one per worker, reused).
 * Start from all-zero; data is NUL-terminated whenever len > 0.  On
 * out-of-memory `failed` is set and later appends do nothing. */
typedef struct cs_json_buf {
    char *data;
    size_t len, cap;
    bool failed;
} cs_json_buf;

/* Escape < > & as well (\u003c ...): the text may sit inside <script>. */
#define CS_JSON_SCRIPT_SAFE 1u

void cs_json_buf_reset(cs_json_buf *b);   /* len = 0, failed = false; keeps the memory */
void cs_json_buf_free(cs_json_buf *b);
void cs_json_buf_put(cs_json_buf *b, const void *p, size_t n);  /* raw bytes */
void cs_json_buf_puts(cs_json_buf *b, const char *s);           /* raw C string */
/* Raw formatted text (numbers, punctuation); at most 127 bytes. */
void cs_json_buf_printf(cs_json_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A JSON string literal (quotes included) of n bytes taken as UTF-8. */
void cs_json_buf_put_string(cs_json_buf *b, const uint8_t *p, size_t n);
void cs_json_buf_put_string_ex(cs_json_buf *b, const uint8_t *p, size_t n, unsigned flags);
/* A C string as a literal; NULL is written as null. */
void cs_json_buf_put_cstring(cs_json_buf *b, const char *s);
/* Bytes as a quoted lower-case hex string. */
void cs_json_buf_put_hex(cs_json_buf *b, const uint8_t *p, size_t n);

#endif
