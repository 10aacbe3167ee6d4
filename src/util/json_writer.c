/* The JSON writer (see json_writer.h). */
#include "util/json_writer.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

static const char hex_digits[] = "0123456789abcdef";

void cs_json_buf_reset(cs_json_buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

void cs_json_buf_free(cs_json_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static bool reserve(cs_json_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1; /* + NUL */
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void cs_json_buf_put(cs_json_buf *b, const void *p, size_t n)
{
    if (!reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cs_json_buf_puts(cs_json_buf *b, const char *s) { cs_json_buf_put(b, s, strlen(s)); }

void cs_json_buf_printf(cs_json_buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        b->failed = true; /* a caller formatting more than numbers */
        return;
    }
    cs_json_buf_put(b, tmp, (size_t)n);
}

void cs_json_buf_put_hex(cs_json_buf *b, const uint8_t *p, size_t n)
{
    if (n > SIZE_MAX / 4 || !reserve(b, 2 + 2 * n))
        return;
    char *o = b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        *o++ = hex_digits[p[i] >> 4];
        *o++ = hex_digits[p[i] & 15];
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

static char *put_u_escape(char *o, uint32_t cp)
{
    memcpy(o, "\\u", 2);
    for (int i = 0; i < 4; i++)
        o[2 + i] = hex_digits[(cp >> (12 - 4 * i)) & 15];
    return o + 6;
}

void cs_json_buf_put_string_ex(cs_json_buf *b, const uint8_t *p, size_t n, unsigned flags)
{
    /* Worst case: every byte becomes a 6-character escape. */
    if (n > SIZE_MAX / 8 || !reserve(b, 6 * n + 2))
        return;
    bool script = flags & CS_JSON_SCRIPT_SAFE;
    char *o = b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = cs_utf8_decode(p + i, n - i, &cp);
        if (cp == CS_UTF8_INVALID)
            o = put_u_escape(o, CS_UTF8_REPLACEMENT);
        else if (cp == '"' || cp == '\\') {
            *o++ = '\\';
            *o++ = (char)cp;
        } else if (cp == '\n' || cp == '\r' || cp == '\t') {
            *o++ = '\\';
            *o++ = cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't';
        } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
                   (script && (cp == '<' || cp == '>' || cp == '&'))) {
            o = put_u_escape(o, cp);
        } else {
            memcpy(o, p + i, len);
            o += len;
        }
        i += len;
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

void cs_json_buf_put_string(cs_json_buf *b, const uint8_t *p, size_t n) { cs_json_buf_put_string_ex(b, p, n, 0); }

void cs_json_buf_put_cstring(cs_json_buf *b, const char *s)
{
    if (!s)
        cs_json_buf_puts(b, "null");
    else
        cs_json_buf_put_string(b, (const uint8_t *)s, strlen(s));
}
