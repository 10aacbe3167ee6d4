/* Output files and escaping (see out.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg/text.h"
#include "report/out.h"
#include "util/json_writer.h"

bool cs_out_open(cs_out *o, const char *dir, const char *name, char *err, size_t err_size)
{
    int n = snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof o->path) {
        snprintf(err, err_size, "%s/%s: path too long", dir, name);
        return false;
    }
    o->f = fopen(o->path, "wb");
    if (!o->f) {
        snprintf(err, err_size, "%s: %s", o->path, strerror(errno));
        return false;
    }
    errno = 0;
    return true;
}

bool cs_out_close(cs_out *o, char *err, size_t err_size)
{
    /* After a failed write, errno still holds its cause (ferror alone has none). */
    bool ok = fflush(o->f) == 0 && !ferror(o->f) && fsync(fileno(o->f)) == 0;
    int saved = errno;
    if (fclose(o->f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    o->f = NULL;
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
}

void cs_out_puts(cs_out *o, const char *s) { fputs(s, o->f); }

void cs_out_printf(cs_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(o->f, fmt, ap);
    va_end(ap);
}

void cs_out_u64(cs_out *o, uint64_t v) { fprintf(o->f, "%llu", (unsigned long long)v); }

void cs_out_ratio(cs_out *o, uint64_t a, uint64_t b)
{
    if (b == 0) {
        fputs("0.000000", o->f);
        return;
    }
    /* Integer arithmetic, rounded half up: the same digits on every platform. */
    unsigned __int128 q = ((unsigned __int128)a * 2000000u + b) / ((unsigned __int128)b * 2u);
    fprintf(o->f, "%llu.%06llu", (unsigned long long)(q / 1000000u), (unsigned long long)(q % 1000000u));
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
            fwrite(buf, 1, n, o->f);
            n = 0;
        }
    }
    fwrite(buf, 1, n, o->f);
}

void cs_out_csv(cs_out *o, const char *s)
{
    fputs(s[0] && strchr("=+-@\t\r\n", s[0]) ? "\"'" : "\"", o->f);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        fwrite(s, 1, (size_t)(q - s) + 1, o->f); /* up to and with the quote, */
        fputs("\"", o->f);                        /* which is doubled */
    }
    fputs(s, o->f);
    fputs("\"", o->f);
}

void cs_out_json(cs_out *o, const char *s) { cs_json_fput_string(o->f, s, CS_JSON_SCRIPT_SAFE); }

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
        fwrite(s + run, 1, i - run, o->f);
        fputs(entity, o->f);
        run = i + 1;
    }
    fwrite(s + run, 1, len - run, o->f);
    if (s[len])
        fputs("\xe2\x80\xa6", o->f); /* … */
}
