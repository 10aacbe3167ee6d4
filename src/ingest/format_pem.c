/* PEM: "-----BEGIN CERTIFICATE-----" ... "-----END CERTIFICATE-----"
 * blocks (also X509 CERTIFICATE and TRUSTED CERTIFICATE) with any text
 * around them (openssl -text dumps, comments, CSV cells).  Markers are
 * found anywhere on a line, so one-line PEM and PEM in a quoted CSV cell
 * work too; literal "\n" escapes (PEM in JSON or source strings) are
 * dropped from the body.  Blocks with other labels (keys, CSRs) are
 * skipped without being counted: they are not certificates. */
#include "ingest/decode.h"
#include "ingest/framer.h"
#include "ingest/newlines.h"
#include "util/pem.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static int pem_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    (void)eof;
    (void)name;
    static const char *const labels[] = { "CERTIFICATE-----", "TRUSTED CERTIFICATE-----", "X509 CERTIFICATE-----" };
    /* One search for the marker, then its label (every member of an
     * archive is asked: three searches of each were 2 % of a tar scan). */
    const uint8_t *end = p + n, *b;
    while ((b = cs_pem_find(p, (size_t)(end - p), CS_PEM_BEGIN)) != NULL) {
        p = b + strlen(CS_PEM_BEGIN);
        for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++)
            if ((size_t)(end - p) >= strlen(labels[k]) && memcmp(p, labels[k], strlen(labels[k])) == 0)
                return 50;
    }
    return 0;
}

enum { OUT, IN, SKIP };

typedef struct pem {
    cs_fctx *f;
    int state;
    int enc;                  /* CS_REC_BASE64 or CS_REC_PEM_TRUSTED */
    char label[40];
    cs_decode_scratch body;   /* the block's base64, len bytes of it */
    size_t len;
    bool too_big;
    bool lines_only;          /* this block's body goes line by line (body_run) */
    uint64_t begin_off, begin_line;
} pem;

static void append(pem *m, const uint8_t *p, size_t n)
{
    if (m->too_big)
        return;
    if (m->len + n + 1 > m->f->max_record || !cs_scratch_reserve(&m->body, m->len + n + 1)) {
        m->too_big = true;
        return;
    }
    if (!memchr(p, '\\', n)) {
        memcpy(m->body.buf + m->len, p, n); /* the usual line: no escapes */
        m->len += n;
    } else {
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '\\' && i + 1 < n && (p[i + 1] == 'n' || p[i + 1] == 'r')) {
                i++;
                continue;
            }
            m->body.buf[m->len++] = p[i];
        }
    }
    m->body.buf[m->len++] = '\n';
}

static bool close_block(pem *m, const char *end_label, uint64_t lineno)
{
    cs_fctx *f = m->f;
    m->state = OUT;
    if (strcmp(end_label, m->label) != 0)
        return cs_emit_error(f, m->begin_off, m->begin_line, "PEM block BEGIN %s ends with END %s", m->label,
                             end_label);
    if (m->too_big)
        return cs_emit_error(f, m->begin_off, m->begin_line, "PEM block larger than the %zu-byte limit",
                             f->max_record);
    (void)lineno;
    return cs_emit(f, (cs_record_encoding)m->enc, m->body.buf, m->len, m->begin_off, m->begin_line, -1);
}

/* One line; markers may sit anywhere on it, several per line. */
static bool line(pem *m, const uint8_t *p, size_t n, uint64_t off, uint64_t lineno)
{
    while (n > 0) {
        if (m->state == OUT) {
            const uint8_t *b = cs_pem_find(p, n, "-----BEGIN ");
            if (!b)
                return true;
            size_t used = (size_t)(b - p) + 11;
            size_t l = cs_pem_label(p + used, n - used, m->label, sizeof m->label);
            if (!l)
                return true;
            used += l;
            bool cert = cs_pem_label_kind(m->label) == CS_PEM_CERTIFICATE;
            bool trusted = cs_pem_label_kind(m->label) == CS_PEM_TRUSTED_CERTIFICATE;
            m->state = cert || trusted ? IN : SKIP;
            m->enc = trusted ? CS_REC_PEM_TRUSTED : CS_REC_BASE64;
            m->len = 0;
            m->too_big = false;
            m->lines_only = false;
            m->begin_off = off + (uint64_t)(b - p);
            m->begin_line = lineno;
            p += used;
            n -= used;
        } else {
            if (!memchr(p, '-', n)) {
                /* A body line (base64 has no '-'): no marker to look for. */
                if (m->state == IN)
                    append(m, p, n);
                return true;
            }
            const uint8_t *e = cs_pem_find(p, n, "-----END ");
            const uint8_t *b = m->state == IN ? cs_pem_find(p, n, "-----BEGIN ") : NULL;
            if (b && (!e || b < e)) {
                /* A new block before this one ended: this one is cut short. */
                if (!cs_emit_error(m->f, m->begin_off, m->begin_line, "truncated PEM block (%s): no END line",
                                   m->label))
                    return false;
                m->state = OUT;
                off += (uint64_t)(b - p);
                n -= (size_t)(b - p);
                p = b;
                continue;
            }
            if (!e) {
                if (m->state == IN)
                    append(m, p, n);
                return true;
            }
            if (m->state == IN)
                append(m, p, (size_t)(e - p));
            size_t used = (size_t)(e - p) + 9;
            char end_label[40];
            size_t l = cs_pem_label(p + used, n - used, end_label, sizeof end_label);
            if (!l)
                snprintf(end_label, sizeof end_label, "?");
            used += l;
            if (m->state == IN) {
                if (!close_block(m, end_label, lineno))
                    return false;
            } else {
                m->state = OUT;
            }
            off += used;
            p += used;
            n -= used;
        }
    }
    return true;
}

/* Inside a certificate block: the whole lines at the start of the window
 * before the next '-' (so no marker on them) are body lines, appended in
 * one piece when the line path would append them unchanged: no '\r' to
 * strip, no '\\' escape, no empty line (the line path appends nothing
 * for it), within the record limit.  The same bytes and
 * line count as line by line, with one search and one copy for the run
 * instead of several calls a line.  False (nothing done) when the line
 * path is to take the next line; after one such refusal the block goes
 * line by line, so that a CRLF body is not searched again on every line. */
static bool body_run(pem *m, cs_stream *s, uint64_t *lineno)
{
    if (m->lines_only || m->too_big)
        return false;
    size_t avail = cs_stream_avail(s);
    const uint8_t *p = cs_stream_data(s);
    const uint8_t *dash = memchr(p, '-', avail);
    size_t lim = dash ? (size_t)(dash - p) : avail;
    const uint8_t *nl = lim ? memrchr(p, '\n', lim) : NULL;
    if (!nl)
        return false; /* not one whole line: the line path reads on */
    size_t n = (size_t)(nl - p) + 1;
    uint64_t lines;
    if (m->len + n + 1 > m->f->max_record || memchr(p, '\r', n) || memchr(p, '\\', n) ||
        (lines = cs_count_full_lines(p, n)) == 0) {
        m->lines_only = true;
        return false;
    }
    if (!cs_scratch_reserve(&m->body, m->len + n)) {
        m->lines_only = true;
        return false; /* the line path meets the same shortage and says so */
    }
    memcpy(m->body.buf + m->len, p, n);
    m->len += n;
    *lineno += lines;
    cs_stream_consume(s, n);
    return true;
}

static bool pem_run(cs_fctx *f)
{
    pem m = { .f = f, .state = OUT };
    const uint8_t *p;
    size_t len;
    uint64_t off, lineno = f->lines_before;
    bool ok = true;
    while (ok) {
        if (cs_fctx_stopping(f)) {
            ok = false;
            break;
        }
        if (m.state == IN && body_run(&m, f->in, &lineno))
            continue;
        cs_line_status st = cs_stream_line(f->in, f->max_record, &p, &len, &off);
        if (st == CS_LINE_END)
            break;
        lineno++;
        if (st == CS_LINE_LONG) {
            /* Text between blocks may be anything; inside a block it
             * spoils the block. */
            if (m.state == IN) {
                m.too_big = true;
            }
            continue;
        }
        ok = line(&m, p, len, off, lineno);
    }
    if (ok && m.state == IN && !f->in->failed)
        ok = cs_emit_error(f, m.begin_off, m.begin_line, "truncated PEM block (%s): no END line", m.label);
    cs_decode_scratch_free(&m.body);
    return ok;
}

const cs_framer cs_framer_pem = {
    { "pem", "PEM blocks (CERTIFICATE, X509 CERTIFICATE, TRUSTED CERTIFICATE), any text between" },
    pem_detect, pem_run, 50,
};
