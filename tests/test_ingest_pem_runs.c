/* The PEM framer appends a run of body lines in one piece (body_run in
 * src/ingest/format_pem.c) when the line path would append them
 * unchanged.  Against the line path it replaces: the same input read one
 * byte at a time never shows the framer a whole line ahead, so it goes
 * line by line; both must give the same records (encoding, offset, line,
 * bytes) and errors, on generated PEM with LF and CRLF lines, "\n"
 * escapes, dashes and markers in odd places, blocks over the record
 * limit, truncated and mislabelled blocks, and text between blocks. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/framer.h"
#include "ingest/ingest_int.h"

typedef struct rec {
    int enc;
    uint64_t off, line;
    size_t len;
    uint8_t *data;
} rec;

typedef struct recs {
    rec *v;
    size_t n, cap;
} recs;

static bool keep(void *ctx, cs_batch *b)
{
    recs *r = ctx;
    for (size_t i = 0; i < b->n; i++) {
        if (r->n == r->cap) {
            r->cap = r->cap ? 2 * r->cap : 64;
            r->v = realloc(r->v, r->cap * sizeof *r->v);
            cr_assert_not_null(r->v);
        }
        const cs_record *x = &b->recs[i];
        rec *y = &r->v[r->n++];
        y->enc = x->encoding;
        y->off = x->origin.offset;
        y->line = x->origin.line;
        y->len = x->data_len;
        y->data = malloc(x->data_len + 1);
        memcpy(y->data, b->data + x->data_off, x->data_len);
    }
    cs_batch_free(b);
    return true;
}

typedef struct src {
    const uint8_t *p;
    size_t n, pos, step;
} src;

static ssize_t src_read(void *ctx, void *buf, size_t n, char *err, size_t es)
{
    (void)err, (void)es;
    src *s = ctx;
    size_t k = s->n - s->pos;
    if (k > n)
        k = n;
    if (k > s->step)
        k = s->step;
    memcpy(buf, s->p + s->pos, k);
    s->pos += k;
    return (ssize_t)k;
}

/* Frames text as PEM, read `step` bytes at a time. */
static recs frame(const uint8_t *text, size_t n, size_t step, size_t max_record)
{
    recs r = { 0 };
    cs_ingest_stats st;
    memset(&st, 0, sizeof st);
    cs_ingest *ing = cs_ingest_writer_new(0, keep, &r, &st);
    cr_assert_not_null(ing);
    src s = { text, n, 0, step };
    cs_stream in;
    cs_stream_init(&in, src_read, &s, max_record + 2 * CS_STREAM_CHUNK);
    cs_fctx f = { .in = &in, .ing = ing, .member = "", .name = "", .max_record = max_record };
    cr_assert(cs_framer_pem.run(&f));
    cs_stream_free(&in);
    cr_assert(cs_ingest_writer_end(ing));
    return r;
}

static void free_recs(recs *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].data);
    free(r->v);
}

static unsigned next(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* Appends a random PEM-ish document to buf (at most cap bytes). */
static size_t make_text(char *buf, size_t cap, unsigned *seed)
{
    static const char *const labels[] = { "CERTIFICATE", "CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE",
                                          "PRIVATE KEY" };
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    int blocks = 1 + (int)(next(seed) % 12);
    bool crlf_doc = next(seed) % 4 == 0;
#define PUT(...)                                                                                         \
    do {                                                                                                 \
        o += (size_t)snprintf(buf + o, cap - o, __VA_ARGS__);                                            \
        cr_assert_lt(o, cap);                                                                            \
    } while (0)
    for (int b = 0; b < blocks; b++) {
        const char *eol = crlf_doc || next(seed) % 10 == 0 ? "\r\n" : "\n";
        if (next(seed) % 3 == 0)
            PUT("some text - with a dash%s", eol);
        const char *label = labels[next(seed) % 5];
        PUT("%s-----BEGIN %s-----%s", next(seed) % 8 == 0 ? "prefix " : "", label, eol);
        int lines = (int)(next(seed) % 60);
        unsigned kind = next(seed) % 12;
        for (int l = 0; l < lines; l++) {
            int width = kind == 0 ? 1 + (int)(next(seed) % 200) : 64;
            cr_assert_lt(o + (size_t)width, cap);
            for (int c = 0; c < width; c++)
                buf[o++] = b64[next(seed) % 64];
            if (kind == 1 && l == lines / 2)
                PUT("\\n");                     /* an escape */
            if (kind == 2 && l == lines / 3)
                PUT("-");                       /* a dash inside the body */
            if (kind == 3 && l == lines / 2)
                PUT("-----BEGIN CERTIFICATE-----"); /* a new block before the end */
            if (kind == 4 && l == 2)
                PUT("%s", eol);                 /* a blank line */
            PUT("%s", next(seed) % 30 == 0 ? "\r\n" : eol);
        }
        if (kind == 5)
            continue;                           /* no END line */
        const char *end_label = kind == 6 ? "PRIVATE KEY" : label;
        PUT("%s-----END %s-----%s", kind == 7 ? "AAAA" : "", end_label, next(seed) % 5 ? eol : " trailing\n");
    }
    if (next(seed) % 3 == 0)
        PUT("tail without newline");
#undef PUT
    return o;
}

Test(pem_runs, body_runs_frame_as_lines_do)
{
    enum { CAP = 1 << 20 };
    char *text = malloc(CAP);
    cr_assert_not_null(text);
    unsigned seed = 4242;
    for (int round = 0; round < 400; round++) {
        size_t n = make_text(text, CAP, &seed);
        size_t max_record = round % 3 == 0 ? 1500 + next(&seed) % 3000 : (size_t)16 << 20;
        recs lines = frame((const uint8_t *)text, n, 1, max_record);
        recs runs = frame((const uint8_t *)text, n, SIZE_MAX, max_record);
        cr_assert_eq(runs.n, lines.n, "round %d: %zu records, line by line %zu", round, runs.n, lines.n);
        for (size_t i = 0; i < lines.n; i++) {
            rec *a = &runs.v[i], *b = &lines.v[i];
            cr_assert_eq(a->enc, b->enc, "round %d record %zu", round, i);
            cr_assert_eq(a->off, b->off, "round %d record %zu", round, i);
            cr_assert_eq(a->line, b->line, "round %d record %zu", round, i);
            cr_assert_eq(a->len, b->len, "round %d record %zu", round, i);
            cr_assert(memcmp(a->data, b->data, a->len) == 0, "round %d record %zu", round, i);
        }
        free_recs(&lines);
        free_recs(&runs);
    }
    free(text);
}

Test(pem_runs, line_numbers_after_runs)
{
    /* Two blocks of 20 body lines: the second block's BEGIN is line 23,
     * its END line 44; an error after it names line 46. */
    char text[8192];
    size_t o = 0;
    for (int b = 0; b < 2; b++) {
        o += (size_t)sprintf(text + o, "-----BEGIN CERTIFICATE-----\n");
        for (int l = 0; l < 20; l++)
            o += (size_t)sprintf(text + o, "%s\n", "MIIBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        o += (size_t)sprintf(text + o, "-----END CERTIFICATE-----\n");
    }
    o += (size_t)sprintf(text + o, "\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n");
    recs r = frame((const uint8_t *)text, o, SIZE_MAX, (size_t)16 << 20);
    cr_assert_eq(r.n, 3);
    cr_assert_eq(r.v[0].line, 1);
    cr_assert_eq(r.v[1].line, 23);
    cr_assert_eq(r.v[2].enc, CS_REC_ERROR);
    cr_assert_eq(r.v[2].line, 46);
    cr_assert_eq(r.v[0].len, 20 * 65 + 1, "the body lines and the END line's empty piece");
    free_recs(&r);
}
