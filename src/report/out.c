/* Output files and escaping (see out.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg/text.h"
#include "report/out.h"
#include "util/json_writer.h"

/* Writes of 32 KiB: writing 13 MB to ext4 here took 58 ms of CPU in
 * stdio's 4 KiB writes, 25 ms in 32 KiB ones, and 120-145 ms in 64 KiB
 * ones (measured, Linux 6.1). */
#define OUT_BUFFER ((size_t)32 << 10)

/* Hands the buffered bytes to the stream (unbuffered: one write). */
static void flush(cs_out *o)
{
    if (o->len)
        fwrite_unlocked(o->buf, 1, o->len, o->f);
    o->len = 0;
}

void cs_out_put(cs_out *o, const char *s, size_t n)
{
    if (!o->buf) { /* set up on a FILE: stdio buffers */
        fwrite_unlocked(s, 1, n, o->f);
        return;
    }
    if (n > OUT_BUFFER - o->len) {
        flush(o);
        if (n >= OUT_BUFFER) {
            fwrite_unlocked(s, 1, n, o->f);
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

bool cs_out_open(cs_out *o, const char *dir, const char *name, char *err, size_t err_size)
{
    int n = snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof o->path) {
        snprintf(err, err_size, "%s/%s: path too long", dir, name);
        return false;
    }
    o->buf = NULL;
    o->len = 0;
    o->failed = false;
    o->f = fopen(o->path, "wb");
    if (!o->f) {
        snprintf(err, err_size, "%s: %s", o->path, strerror(errno));
        return false;
    }
    /* Without a buffer of ours (out of memory), stdio's. */
    if ((o->buf = malloc(OUT_BUFFER)) != NULL && setvbuf(o->f, NULL, _IONBF, 0) != 0) {
        free(o->buf);
        o->buf = NULL;
    }
    errno = 0;
    return true;
}

bool cs_out_close(cs_out *o, char *err, size_t err_size)
{
    flush(o);
    /* After a failed write, errno still holds its cause (ferror alone has none). */
    bool ok = fflush(o->f) == 0 && !ferror(o->f) && fsync(fileno(o->f)) == 0;
    int saved = errno;
    if (ok && o->failed) { /* a text that could not be formatted */
        ok = false;
        saved = ENOMEM;
    }
    if (fclose(o->f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    o->f = NULL;
    free(o->buf);
    o->buf = NULL;
    if (!ok) {
        snprintf(err, err_size, "%s: write failed: %s", o->path, strerror(saved ? saved : EIO));
        remove(o->path);
    }
    return ok;
}

void cs_out_abort(cs_out *o)
{
    if (o->f) {
        fclose(o->f);
        o->f = NULL;
        remove(o->path);
    }
    free(o->buf);
    o->buf = NULL;
}

void cs_out_printf(cs_out *o, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        o->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        cs_out_put(o, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1); /* the page's script, say */
    if (!big) {
        o->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cs_out_put(o, big, (size_t)n);
    free(big);
}

/* The decimal digits of v, ending at end; returns where they start. */
static char *digits(uint64_t v, char *end)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

void cs_out_u64(cs_out *o, uint64_t v)
{
    char buf[20];
    char *p = digits(v, buf + sizeof buf);
    cs_out_put(o, p, (size_t)(buf + sizeof buf - p));
}

void cs_out_ratio(cs_out *o, uint64_t a, uint64_t b)
{
    if (b == 0) {
        cs_out_put(o, "0.000000", 8);
        return;
    }
    /* Integer arithmetic, rounded half up: the same digits on every platform. */
    unsigned __int128 q = ((unsigned __int128)a * 2000000u + b) / ((unsigned __int128)b * 2u);
    char buf[28];
    char *end = buf + sizeof buf, *point = end - 7;
    digits((uint64_t)(q % 1000000u) + 1000000u, end); /* "1dddddd": the fraction's zeros kept */
    char *p = digits((uint64_t)(q / 1000000u), point);
    *point = '.';
    cs_out_put(o, p, (size_t)(end - p));
}

/* The escapers below write runs of bytes, never one character per call:
 * a stdio call per character was 13 % of writing the reports (issue 19). */

void cs_out_hex(cs_out *o, const uint8_t *p, size_t len)
{
    static const char hx[] = "0123456789abcdef";
    char buf[256];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        buf[n++] = hx[p[i] >> 4];
        buf[n++] = hx[p[i] & 15];
        if (n == sizeof buf) {
            cs_out_put(o, buf, n);
            n = 0;
        }
    }
    cs_out_put(o, buf, n);
}

void cs_out_csv(cs_out *o, const char *s)
{
    cs_out_puts(o, s[0] && strchr("=+-@\t\r\n", s[0]) ? "\"'" : "\"");
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        cs_out_put(o, s, (size_t)(q - s) + 1); /* up to and with the quote, */
        cs_out_put(o, "\"", 1);                /* which is doubled */
    }
    cs_out_puts(o, s);
    cs_out_put(o, "\"", 1);
}

/* Printable ASCII that JSON and a <script> element take as it is. */
static bool json_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
}

void cs_out_json(cs_out *o, const char *s)
{
    /* Rule ids, most names and dates: quoted as they are, with no
     * escaping pass (and no buffer) of the general writer. */
    size_t n = 0;
    while (s[n] && json_plain((unsigned char)s[n]))
        n++;
    if (s[n]) {
        cs_json_buf b = { 0 };
        cs_json_buf_put_string_ex(&b, (const uint8_t *)s, strlen(s), CS_JSON_SCRIPT_SAFE);
        o->failed = o->failed || b.failed;
        if (!b.failed)
            cs_out_put(o, b.data, b.len);
        cs_json_buf_free(&b);
        return;
    }
    cs_out_put(o, "\"", 1);
    cs_out_put(o, s, n);
    cs_out_put(o, "\"", 1);
}

void cs_out_html(cs_out *o, const char *s, size_t max_chars)
{
    size_t len = max_chars ? cs_text_prefix_chars(s, max_chars) : strlen(s);
    size_t run = 0; /* start of the bytes not written yet */
    for (size_t i = 0; i < len; i++) {
        const char *entity;
        switch (s[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
        cs_out_put(o, s + run, i - run);
        cs_out_puts(o, entity);
        run = i + 1;
    }
    cs_out_put(o, s + run, len - run);
    if (s[len])
        cs_out_puts(o, "\xe2\x80\xa6"); /* … */
}
