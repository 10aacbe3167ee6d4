/* One base64 DER certificate per line (blank lines and '#' comments
 * ignored). */
#include "ingest/framer.h"
#include "ingest/lines.h"

/* True when the line is a plausible base64 certificate: base64 only and
 * starting "MI" (the encoding of 30 8x, a long SEQUENCE). */
static bool b64_line(const uint8_t *p, size_t n)
{
    if (n < 40 || p[0] != 'M' || p[1] != 'I')
        return false;
    for (size_t i = 0; i < n; i++)
        if (cs_b64_class[p[i]] != 1 && cs_b64_class[p[i]] != 2)
            return false;
    return true;
}

static int b64line_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    (void)name;
    size_t l = 0;
    while (l < n && p[l] != '\n')
        l++;
    if (l == n && !eof)
        return 0;
    if (l > 0 && p[l - 1] == '\r')
        l--;
    return b64_line(p, l) ? 30 : 0;
}

static bool b64line_line(cs_fctx *f, const uint8_t *line, size_t len, uint64_t off, uint64_t lineno)
{
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    if (len == 0 || line[0] == '#')
        return true;
    return cs_emit(f, CS_REC_BASE64, line, len, off, lineno, -1);
}

static bool b64line_run(cs_fctx *f) { return cs_frame_lines(f, b64line_line); }

const cs_framer cs_framer_b64line = {
    { "base64", "one base64 DER certificate per line" },
    b64line_detect, b64line_run, 30,
};
