/* The line loop of the line-oriented framers (see lines.h). */
#include "ingest/lines.h"

bool cs_frame_lines(cs_fctx *f, cs_line_fn fn)
{
    const uint8_t *line;
    size_t len;
    uint64_t off, lineno = f->lines_before;
    for (;;) {
        if (cs_fctx_stopping(f))
            return false;
        cs_line_status st = cs_stream_line(f->in, f->max_record, &line, &len, &off);
        if (st == CS_LINE_END)
            return true;
        lineno++;
        if (st == CS_LINE_LONG) {
            if (!cs_emit_error(f, off, lineno, "line longer than the %zu-byte limit", f->max_record))
                return false;
            continue;
        }
        if (!fn(f, line, len, off, lineno))
            return false;
    }
}
