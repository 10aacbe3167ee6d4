/* Concatenated DER certificates (.der, .cer, .crt, or many back to back).
 * Each record is one top-level SEQUENCE cut by its own length. */
#include "ingest/framer.h"

static int der_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    (void)eof;
    (void)name;
    bool bad;
    uint64_t el = cs_der_element_len(p, n, &bad);
    if (bad || el == 0 || p[0] != 0x30 || n < 4)
        return 0;
    size_t hdr = p[1] < 0x80 ? 2 : 2 + (size_t)(p[1] & 0x7f);
    /* A certificate is SEQUENCE { SEQUENCE (tbs) ...}; so is a bare TBS. */
    return n > hdr && p[hdr] == 0x30 ? 40 : 5;
}

static bool der_run(cs_fctx *f)
{
    cs_stream *s = f->in;
    for (;;) {
        if (cs_fctx_stopping(f))
            return false;
        size_t avail = cs_stream_fill(s, 16);
        if (avail == 0)
            return true;
        const uint8_t *p = cs_stream_data(s);
        uint64_t off = cs_stream_pos(s);
        bool bad;
        uint64_t el = cs_der_element_len(p, avail, &bad);
        if (bad || p[0] != 0x30 || (el == 0 && s->eof)) {
            if (!s->failed)
                cs_emit_error(f, off, 0, "not a DER SEQUENCE at byte %llu (%u bytes left unread)",
                              (unsigned long long)off, (unsigned)(avail > 1u << 30 ? 1u << 30 : avail));
            return true; /* no length to resynchronise on */
        }
        if (el > f->max_record) {
            if (!cs_emit_error(f, off, 0, "DER element of %llu bytes is larger than the %zu-byte limit",
                               (unsigned long long)el, f->max_record))
                return false;
            if (cs_stream_skip(s, el) < el)
                return true;
            continue;
        }
        avail = cs_stream_fill(s, (size_t)el);
        if (avail < el) {
            if (!s->failed)
                cs_emit_error(f, off, 0, "truncated DER element: %zu of %llu bytes", avail,
                              (unsigned long long)el);
            return true;
        }
        if (!cs_emit(f, CS_REC_DER, cs_stream_data(s), (size_t)el, off, 0, -1))
            return false;
        cs_stream_consume(s, (size_t)el);
    }
}

const cs_framer cs_framer_der = {
    { "der", "concatenated DER certificates (.der, .cer, .crt)" },
    der_detect, der_run, 40,
};
