/* JSON Lines: one JSON object per line holding a base64 DER field (name
 * from --json-field, else raw, cert, der, cert_der, as_der, certificate;
 * certstream full-stream messages too).  The framer only cuts lines. */
#include "ingest/framer.h"
#include "ingest/json.h"
#include "ingest/lines.h"

#include <string.h>

static int jsonl_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    (void)name;
    size_t i = cs_json_ws(p, n, 0);
    if (i >= n || p[i] != '{')
        return 0;
    const uint8_t *nl = memchr(p + i, '\n', n - i);
    size_t end = nl ? (size_t)(nl - p) : n;
    if (!nl && !eof)
        return 10; /* a first line longer than the sniffing window */
    size_t e;
    if (cs_json_value_end(p, end, i, &e) != CS_JSON_OK || cs_json_ws(p, end, e) != end)
        return 0;
    static const char *const keys[] = { "\"raw\"", "\"cert\"", "\"der\"", "\"cert_der\"", "\"as_der\"",
                                        "\"certificate\"" };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (memmem(p + i, end - i, keys[k], strlen(keys[k])))
            return 35;
    return 20;
}

static bool jsonl_line(cs_fctx *f, const uint8_t *line, size_t len, uint64_t off, uint64_t lineno)
{
    size_t i = cs_json_ws(line, len, 0);
    if (i == len)
        return true;
    return cs_emit(f, CS_REC_JSON_LINE, line + i, len - i, off + i, lineno, -1);
}

static bool jsonl_run(cs_fctx *f) { return cs_frame_lines(f, jsonl_line); }

const cs_framer cs_framer_jsonl = {
    { "jsonl", "JSON Lines with a base64 DER field (--json-field; default raw, cert, der, ...)" },
    jsonl_detect, jsonl_run, 35,
};
