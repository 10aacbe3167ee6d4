/* CSV with a base64 DER column (Rapid7 Sonar "<sha1>,<base64>"; the
 * column is --csv-column, default the last).  One record per line; a
 * first line without a base64 certificate in it is a header and skipped. */
#include "ingest/framer.h"
#include "ingest/lines.h"

#include <string.h>

/* True when some field of the line is a long base64 run starting "MI"
 * (30 8x, a DER SEQUENCE), possibly quoted. */
static bool has_b64_cert(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        if (p[i] == '"')
            start++;
        size_t j = start;
        while (j < n && cs_b64_class[p[j]] != 0 && cs_b64_class[p[j]] != 3)
            j++;
        if (j - start >= 40 && p[start] == 'M' && p[start + 1] == 'I' &&
            (j == n || p[j] == ',' || p[j] == '"'))
            return true;
        const uint8_t *c = memchr(p + i, ',', n - i);
        if (!c)
            break;
        i = (size_t)(c - p) + 1;
    }
    return false;
}

static size_t line_len(const uint8_t *p, size_t n, bool *complete)
{
    const uint8_t *nl = memchr(p, '\n', n);
    *complete = nl != NULL;
    size_t l = nl ? (size_t)(nl - p) : n;
    return l > 0 && p[l - 1] == '\r' ? l - 1 : l;
}

static int csv_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    (void)name;
    bool complete;
    size_t l = line_len(p, n, &complete);
    if (!complete && !eof)
        return 0;
    if (!memchr(p, ',', l))
        return 0;
    if (has_b64_cert(p, l))
        return 35;
    if (!complete) /* a header and nothing else */
        return 0;
    size_t l2 = line_len(p + l + 1 + (p[l] == '\r'), n - l - 1 - (p[l] == '\r'), &complete);
    const uint8_t *p2 = p + l + 1 + (p[l] == '\r');
    return (complete || eof) && memchr(p2, ',', l2) && has_b64_cert(p2, l2) ? 30 : 0;
}

static bool csv_line(cs_fctx *f, const uint8_t *line, size_t len, uint64_t off, uint64_t lineno)
{
    if (len == 0 || (lineno == 1 && !has_b64_cert(line, len)))
        return true;
    return cs_emit(f, CS_REC_CSV_LINE, line, len, off, lineno, -1);
}

static bool csv_run(cs_fctx *f) { return cs_frame_lines(f, csv_line); }

const cs_framer cs_framer_csv = {
    { "csv", "CSV with a base64 DER column (Rapid7 sha1,base64; --csv-column, default last)" },
    csv_detect, csv_run, 35,
};
