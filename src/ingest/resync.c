/* Record boundaries from the bytes after them (see resync.h). */
#include "ingest/resync.h"

#include <string.h>

bool cs_resync_format_of(const char *framer_name, cs_resync_format *out)
{
    static const struct {
        const char *name;
        cs_resync_format fmt;
    } map[] = {
        { "pem", CS_RESYNC_PEM },     { "der", CS_RESYNC_DER },     { "base64", CS_RESYNC_BASE64_LINES },
        { "jsonl", CS_RESYNC_JSON_LINES }, { "csv", CS_RESYNC_CSV }, { "ct-json", CS_RESYNC_CT_JSON },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(framer_name, map[i].name) == 0) {
            *out = map[i].fmt;
            return true;
        }
    return false;
}

/* ---- line formats ----------------------------------------------------- */

static cs_resync_status line_next(const uint8_t *p, size_t n, size_t pos, bool eof, size_t *at)
{
    size_t from = pos > 0 ? pos - 1 : 0; /* a '\n' at pos - 1 makes pos a boundary */
    const uint8_t *nl = from < n ? memchr(p + from, '\n', n - from) : NULL;
    if (nl) {
        *at = (size_t)(nl - p) + 1;
        return CS_RESYNC_FOUND;
    }
    *at = eof ? n : n + 1;
    return eof ? CS_RESYNC_FOUND : CS_RESYNC_MORE;
}

static cs_resync_status line_last(const uint8_t *p, size_t n, bool eof, size_t *at)
{
    const uint8_t *nl = eof || n == 0 ? NULL : memrchr(p, '\n', n);
    *at = eof ? n : nl ? (size_t)(nl - p) + 1 : n + 1;
    return eof || nl ? CS_RESYNC_FOUND : CS_RESYNC_MORE;
}

/* ---- PEM -------------------------------------------------------------- */

#define PEM_END "-----END "
#define PEM_END_LEN 9
#define PEM_LABEL_MAX 64
#define PEM_BLANKS_MAX 64

/* True when [l, l + len) (no '\n') is exactly "-----END LABEL-----" with
 * LABEL in A-Z 0-9 space and only blanks or CR after: no "-----BEGIN "
 * can hide on it and its dashes end the label the framer reads, so the
 * framer is outside any block after it whatever its state before. */
static bool pem_end_line(const uint8_t *l, size_t len)
{
    if (len < PEM_END_LEN + 5 || memcmp(l, PEM_END, PEM_END_LEN) != 0)
        return false;
    size_t i = PEM_END_LEN;
    while (i < len && i - PEM_END_LEN <= PEM_LABEL_MAX &&
           ((l[i] >= 'A' && l[i] <= 'Z') || (l[i] >= '0' && l[i] <= '9') || l[i] == ' '))
        i++;
    if (i - PEM_END_LEN > PEM_LABEL_MAX || len - i < 5 || memcmp(l + i, "-----", 5) != 0)
        return false;
    size_t blanks = len - (i + 5);
    if (blanks > PEM_BLANKS_MAX)
        return false;
    for (i += 5; i < len; i++)
        if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r')
            return false;
    return true;
}

/* The longest line pem_end_line accepts. */
#define PEM_END_LINE_MAX (PEM_END_LEN + PEM_LABEL_MAX + 5 + PEM_BLANKS_MAX)

_Static_assert(PEM_END_LINE_MAX + 1 < CS_RESYNC_CONTEXT, "the context holds an END line and its '\\n'");

static cs_resync_status pem_next(const uint8_t *p, size_t n, size_t pos, bool eof, size_t *at)
{
    /* An END line that ends at or after pos - 1 starts at or after this
     * (searching from further back finds the same boundaries). */
    size_t from = pos > PEM_END_LINE_MAX + 1 ? pos - PEM_END_LINE_MAX - 1 : 0;
    while (from < n) {
        const uint8_t *e = memmem(p + from, n - from, PEM_END, PEM_END_LEN);
        if (!e)
            break;
        size_t s = (size_t)(e - p);
        from = s + 1;
        if (s == 0 || p[s - 1] != '\n')
            continue; /* not at the start of a line we see whole */
        const uint8_t *nl = memchr(e, '\n', n - s);
        size_t len = nl ? (size_t)(nl - e) : n - s;
        if (!nl && !eof) {
            if (len <= PEM_END_LINE_MAX)
                break; /* maybe an END line: its end decides */
            continue;
        }
        if (pem_end_line(e, len) && s + len + 1 >= pos && nl) {
            *at = s + len + 1;
            return CS_RESYNC_FOUND;
        }
    }
    *at = eof ? n : n + 1;
    return eof ? CS_RESYNC_FOUND : CS_RESYNC_MORE;
}

/* The last '\n' before p + n, by a plain loop: a walk back over many
 * lines calls this once a line, and memrchr(p, c, n) is checked over all
 * of [p, p + n) by the sanitizers' interceptors each time, which made the
 * walk quadratic under ASan (minutes for a window of 16 MiB of blank
 * lines). */
static const uint8_t *last_newline(const uint8_t *p, size_t n)
{
    while (n > 0)
        if (p[--n] == '\n')
            return p + n;
    return NULL;
}

static cs_resync_status pem_last(const uint8_t *p, size_t n, bool eof, size_t *at)
{
    if (eof) {
        *at = n;
        return CS_RESYNC_FOUND;
    }
    /* From the last complete line backwards; p[0] starts a line. */
    const uint8_t *nl = last_newline(p, n);
    while (nl) {
        size_t t = (size_t)(nl - p);
        const uint8_t *prev = last_newline(p, t);
        size_t s = prev ? (size_t)(prev - p) + 1 : 0;
        if (pem_end_line(p + s, t - s)) {
            *at = t + 1;
            return CS_RESYNC_FOUND;
        }
        nl = prev;
    }
    *at = n + 1;
    return CS_RESYNC_MORE;
}

/* ---- DER -------------------------------------------------------------- */

/* The longest header of an element whose length fits in 64 bits. */
#define DER_HEADER_MAX 10

typedef enum { DER_OK, DER_SHORT, DER_BAD } der_step;

/* The extent of the top-level element at p[q]: as the DER framer cuts
 * (a definite-length SEQUENCE; its length from the header alone). */
static der_step der_element(const uint8_t *p, size_t n, size_t q, uint64_t *len)
{
    if (n - q < 2)
        return DER_SHORT;
    if (p[q] != 0x30)
        return DER_BAD;
    uint8_t l = p[q + 1];
    if (l < 0x80) {
        *len = 2u + l;
        return DER_OK;
    }
    if (l == 0x80 || l > 0x88)
        return DER_BAD; /* indefinite (BER) or absurd */
    size_t k = l & 0x7f;
    if (n - q < 2 + k)
        return DER_SHORT;
    uint64_t v = 0;
    for (size_t i = 0; i < k; i++) {
        if (v >> 55)
            return DER_BAD;
        v = v << 8 | p[q + 2 + i];
    }
    *len = 2 + k + v;
    return DER_OK;
}

/* Walks from the boundary p[0]: the first boundary >= pos (last = false),
 * or the last one in (0, n] (last = true). */
static cs_resync_status der_walk(const uint8_t *p, size_t n, size_t pos, bool eof, bool last, size_t *at)
{
    size_t q = 0;
    for (;;) {
        if (!last && q >= pos) {
            *at = q;
            return CS_RESYNC_FOUND;
        }
        uint64_t len = 0;
        der_step st = der_element(p, n, q, &len);
        if (st == DER_OK && len <= n - q) {
            q += (size_t)len;
            continue;
        }
        /* A bad header, or the header or the element goes past the window. */
        if (eof) {
            *at = n; /* the framer reports the rest as one error */
            return CS_RESYNC_FOUND;
        }
        if (last && q > 0) {
            *at = q;
            return CS_RESYNC_FOUND;
        }
        if (st == DER_BAD) {
            *at = q;
            return CS_RESYNC_BAD;
        }
        uint64_t end = st == DER_OK ? q + len : q + DER_HEADER_MAX;
        *at = end > SIZE_MAX ? SIZE_MAX : (size_t)end;
        /* next: the element's end is known without its bytes. */
        return st == DER_OK && !last ? CS_RESYNC_FOUND : CS_RESYNC_MORE;
    }
}

/* ---- CT get-entries JSON ----------------------------------------------- */

static size_t json_ws(const uint8_t *p, size_t n, size_t i)
{
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
        i++;
    return i;
}

typedef enum { CT_NO, CT_YES, CT_SHORT } ct_answer;

/* Is the '{' at p[i] the start of an entry object? */
static ct_answer ct_entry_at(const uint8_t *p, size_t n, size_t i)
{
    static const char *const keys[] = { "\"leaf_input\"", "\"extra_data\"" };
    size_t k = json_ws(p, n, i + 1);
    if (k == n)
        return CT_SHORT;
    if (p[k] != '"')
        return CT_NO;
    for (size_t j = 0; j < 2; j++) {
        size_t kl = strlen(keys[j]);
        size_t have = n - k < kl ? n - k : kl;
        if (memcmp(p + k, keys[j], have) != 0)
            continue;
        if (have < kl)
            return CT_SHORT;
        size_t c = json_ws(p, n, k + kl);
        return c == n ? CT_SHORT : p[c] == ':' ? CT_YES : CT_NO;
    }
    return CT_NO;
}

static cs_resync_status ct_next(const uint8_t *p, size_t n, size_t pos, bool eof, size_t *at)
{
    for (size_t i = pos; i < n;) {
        const uint8_t *b = memchr(p + i, '{', n - i);
        if (!b)
            break;
        i = (size_t)(b - p);
        ct_answer a = ct_entry_at(p, n, i);
        if (a == CT_YES) {
            *at = i;
            return CS_RESYNC_FOUND;
        }
        if (a == CT_SHORT && !eof)
            break;
        i++;
    }
    *at = eof ? n : n + 1;
    return eof ? CS_RESYNC_FOUND : CS_RESYNC_MORE;
}

static cs_resync_status ct_last(const uint8_t *p, size_t n, bool eof, size_t *at)
{
    if (eof) {
        *at = n;
        return CS_RESYNC_FOUND;
    }
    size_t found = 0, q;
    while (found + 1 <= n && ct_next(p, n, found + 1, false, &q) == CS_RESYNC_FOUND)
        found = q;
    *at = found ? found : n + 1;
    return found ? CS_RESYNC_FOUND : CS_RESYNC_MORE;
}

/* ---- entry points --------------------------------------------------------- */

cs_resync_status cs_resync_next(cs_resync_format fmt, const uint8_t *p, size_t n, size_t pos, bool eof,
                                size_t *at)
{
    if (pos > n) {
        *at = pos;
        return CS_RESYNC_MORE;
    }
    switch (fmt) {
    case CS_RESYNC_PEM:
        return pem_next(p, n, pos, eof, at);
    case CS_RESYNC_DER:
        return der_walk(p, n, pos, eof, false, at);
    case CS_RESYNC_CT_JSON:
        return ct_next(p, n, pos, eof, at);
    case CS_RESYNC_BASE64_LINES:
    case CS_RESYNC_JSON_LINES:
    case CS_RESYNC_CSV:
        break;
    }
    return line_next(p, n, pos, eof, at);
}

cs_resync_status cs_resync_last(cs_resync_format fmt, const uint8_t *p, size_t n, bool eof, size_t *at)
{
    switch (fmt) {
    case CS_RESYNC_PEM:
        return pem_last(p, n, eof, at);
    case CS_RESYNC_DER:
        return der_walk(p, n, 0, eof, true, at);
    case CS_RESYNC_CT_JSON:
        return ct_last(p, n, eof, at);
    case CS_RESYNC_BASE64_LINES:
    case CS_RESYNC_JSON_LINES:
    case CS_RESYNC_CSV:
        break;
    }
    return line_last(p, n, eof, at);
}
