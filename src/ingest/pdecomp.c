/* Parallel decompression of BGZF gzip and multi-frame zstd (pdecomp.h):
 * the pieces are walked from their headers, decompressed with zlib and
 * libzstd one piece at a time, and framed by the part whose share of the
 * compressed bytes holds them. */
#include "ingest/pdecomp.h"

#include "ingest/gunzip.h"
#include "ingest/ingest_int.h"
#include "ingest/parts.h"
#include "ingest/resync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

/* A zstd frame is read whole to be walked (ZSTD_findFrameCompressedSize
 * wants all of it); larger frames leave the file to one reader. */
#define ZSTD_FRAME_MAX ((size_t)16 << 20)
#define BGZF_BLOCK_MAX ((size_t)64 << 10)
/* How much of the payload the format is detected from (source.c: frame). */
#define HEAD_BYTES ((size_t)64 << 10)
/* The window a record boundary is searched in, sliding forward. */
#define WINDOW ((size_t)64 << 10)

typedef enum pd_kind { PD_GZIP, PD_ZSTD } pd_kind;

static const uint8_t zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };

bool cs_pdecomp_magic(const uint8_t *p, size_t n)
{
    return cs_gunzip_magic(p, n) || (n >= 4 && memcmp(p, zstd_magic, 4) == 0);
}

/* ---- the pieces --------------------------------------------------------- */

typedef struct piece {
    uint64_t coff, csize; /* compressed: where, how long */
    uint64_t uoff, usize; /* uncompressed */
    uint64_t index;       /* 0-based: gzip member index + 1 in messages */
} piece;

/* Walks the pieces from a known one (the start of the file) by their
 * headers; `buf` holds the last piece's bytes when they were loaded. */
typedef struct walker {
    int fd;
    uint64_t size;
    pd_kind kind;
    uint64_t coff, uoff, index; /* the next piece */
    uint8_t *buf;
    size_t cap;
} walker;

static bool pread_full(int fd, void *buf, size_t n, uint64_t at)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, (uint8_t *)buf + got, n - got, (off_t)(at + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

static bool reserve(walker *w, size_t n)
{
    if (n <= w->cap)
        return true;
    uint8_t *nb = realloc(w->buf, n);
    if (!nb)
        return false;
    w->buf = nb;
    w->cap = n;
    return true;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A BGZF block at w->coff: the gzip header with FEXTRA, and in the extra
 * field the subfield 'B' 'C' of 2 bytes, BSIZE = the block's size - 1. */
static bool bgzf_piece(walker *w, piece *p, bool load)
{
    uint8_t h[12 + 0xffff];
    uint64_t left = w->size - w->coff;
    if (left < 12 + 8 || !pread_full(w->fd, h, 12, w->coff) || h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 ||
        !(h[3] & 4))
        return false;
    size_t xlen = (size_t)h[10] | (size_t)h[11] << 8;
    if (12 + xlen > left || !pread_full(w->fd, h + 12, xlen, w->coff + 12))
        return false;
    uint64_t bsize = 0;
    for (size_t i = 12; i + 4 <= 12 + xlen;) {
        size_t slen = (size_t)h[i + 2] | (size_t)h[i + 3] << 8;
        if (h[i] == 'B' && h[i + 1] == 'C' && slen == 2 && i + 6 <= 12 + xlen)
            bsize = (uint64_t)h[i + 4] | (uint64_t)h[i + 5] << 8;
        i += 4 + slen;
    }
    uint64_t total = bsize + 1;
    uint8_t isize[4];
    if (bsize == 0 || total < 12 + xlen + 8 || total > left ||
        !pread_full(w->fd, isize, 4, w->coff + total - 4) || le32(isize) > BGZF_BLOCK_MAX)
        return false;
    if (load && (!reserve(w, (size_t)total) || !pread_full(w->fd, w->buf, (size_t)total, w->coff)))
        return false;
    *p = (piece){ w->coff, total, w->uoff, le32(isize), w->index };
    return true;
}

/* A zstd frame (or skippable frame) at w->coff, read whole. */
static bool zstd_piece(walker *w, piece *p)
{
    uint64_t left = w->size - w->coff;
    size_t n = left < ((size_t)1 << 20) ? (size_t)left : (size_t)1 << 20;
    for (;;) {
        if (!reserve(w, n) || !pread_full(w->fd, w->buf, n, w->coff))
            return false;
        size_t csize = ZSTD_findFrameCompressedSize(w->buf, n);
        if (!ZSTD_isError(csize)) {
            unsigned long long usize = ZSTD_getFrameContentSize(w->buf, n);
            if (usize == ZSTD_CONTENTSIZE_UNKNOWN || usize == ZSTD_CONTENTSIZE_ERROR)
                return false;
            *p = (piece){ w->coff, csize, w->uoff, usize, w->index };
            return true;
        }
        if (n == left || n >= ZSTD_FRAME_MAX)
            return false; /* damaged, cut short, or too large to walk */
        n = left - n < n ? (size_t)left : 2 * n;
    }
}

/* 1: the next piece in *p (its bytes in w->buf with load; zstd always);
 * 0: the end of the file; -1: what follows is not a piece (or cannot be
 * read). */
static int walk_next(walker *w, piece *p, bool load)
{
    if (w->coff == w->size)
        return 0;
    bool ok = w->kind == PD_GZIP ? bgzf_piece(w, p, load) : zstd_piece(w, p);
    if (!ok)
        return -1;
    w->coff += p->csize;
    w->uoff += p->usize;
    w->index++;
    return 1;
}

/* ---- decompressing pieces in turn ------------------------------------- */

typedef struct pd_seq {
    walker w;
    piece cur;
    bool in_piece;        /* cur is loaded and not finished */
    size_t in_pos;        /* of cur's compressed bytes, consumed */
    uint64_t out;         /* of cur's content, produced */
    z_stream z;
    bool z_ready;
    ZSTD_DCtx *zd;
    uint64_t pos, end;    /* uncompressed: the next byte; where to stop */
    bool failed;
    char err[300];
} pd_seq;

static void seq_open(pd_seq *s, int fd, uint64_t size, pd_kind kind, const piece *from, uint64_t end)
{
    memset(s, 0, sizeof *s);
    s->w = (walker){ .fd = fd, .size = size, .kind = kind };
    if (from) {
        s->w.coff = from->coff;
        s->w.uoff = from->uoff;
        s->w.index = from->index;
    }
    s->pos = s->w.uoff;
    s->end = end;
}

static void seq_close(pd_seq *s)
{
    if (s->z_ready)
        inflateEnd(&s->z);
    ZSTD_freeDCtx(s->zd);
    free(s->w.buf);
}

static void seq_fail(pd_seq *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void seq_fail(pd_seq *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    s->failed = true;
}

/* Loads the next piece and readies its decompressor; false at the end
 * (or on failure, with s->failed). */
static bool next_piece(pd_seq *s)
{
    int r = walk_next(&s->w, &s->cur, true);
    if (r <= 0) {
        if (r < 0)
            seq_fail(s, "the compressed input changed while it was read (piece %llu at compressed byte %llu)",
                     (unsigned long long)s->w.index + 1, (unsigned long long)s->w.coff);
        return false;
    }
    s->in_piece = true;
    s->in_pos = 0;
    s->out = 0;
    if (s->w.kind == PD_GZIP) {
        if (!s->z_ready && inflateInit2(&s->z, 15 + 16) == Z_OK)
            s->z_ready = true;
        else if (s->z_ready)
            inflateReset(&s->z);
        if (!s->z_ready)
            seq_fail(s, "out of memory inflating gzip member %llu", (unsigned long long)s->cur.index + 1);
    } else {
        if (!s->zd)
            s->zd = ZSTD_createDCtx();
        if (s->zd)
            ZSTD_DCtx_reset(s->zd, ZSTD_reset_session_only);
        else
            seq_fail(s, "out of memory for a zstd decompressor");
    }
    return !s->failed;
}

/* Decompresses the current piece into out[0, room): bytes produced;
 * finishes the piece at its end, checking it ends where it was planned. */
static size_t piece_step(pd_seq *s, uint8_t *out, size_t room)
{
    const piece *c = &s->cur;
    size_t in_left = (size_t)c->csize - s->in_pos, made, used;
    bool end;
    if (s->w.kind == PD_GZIP) {
        s->z.next_in = s->w.buf + s->in_pos;
        s->z.avail_in = (uInt)in_left;
        s->z.next_out = out;
        s->z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        uInt had_out = s->z.avail_out;
        int r = inflate(&s->z, Z_NO_FLUSH);
        used = in_left - s->z.avail_in;
        made = had_out - s->z.avail_out;
        s->in_pos += used;
        end = r == Z_STREAM_END;
        if (r == Z_DATA_ERROR) {
            cs_gunzip_damage(s->z.msg, c->index + 1, c->coff + s->in_pos, s->err, sizeof s->err);
            s->failed = true;
        } else if (r == Z_MEM_ERROR)
            seq_fail(s, "out of memory inflating gzip member %llu", (unsigned long long)c->index + 1);
        else if (!end && made == 0)
            seq_fail(s, "gzip member %llu does not end where its BGZF block size says (compressed byte %llu)",
                     (unsigned long long)c->index + 1, (unsigned long long)(c->coff + c->csize));
    } else {
        ZSTD_inBuffer in = { s->w.buf, (size_t)c->csize, s->in_pos };
        ZSTD_outBuffer o = { out, room, 0 };
        size_t r = ZSTD_decompressStream(s->zd, &o, &in);
        used = in.pos - s->in_pos;
        made = o.pos;
        s->in_pos = in.pos;
        end = !ZSTD_isError(r) && r == 0;
        if (ZSTD_isError(r))
            seq_fail(s, "Zstd decompression failed: %s", ZSTD_getErrorName(r));
        else if (!end && made == 0 && used == 0)
            seq_fail(s, "zstd frame %llu does not end where it was walked (compressed byte %llu)",
                     (unsigned long long)c->index + 1, (unsigned long long)(c->coff + c->csize));
    }
    s->out += made;
    if (!s->failed && (s->out > c->usize || (end && (s->out != c->usize || s->in_pos != c->csize))))
        seq_fail(s, "%s %llu holds %llu bytes, not the %llu its header says (compressed byte %llu)",
                 s->w.kind == PD_GZIP ? "gzip member" : "zstd frame", (unsigned long long)c->index + 1,
                 (unsigned long long)s->out, (unsigned long long)c->usize, (unsigned long long)c->coff);
    if (end)
        s->in_piece = false;
    return made;
}

/* A cs_read_fn: the content of the pieces in turn, up to s->end.  Damage
 * is returned as -1 once what was decompressed before it is handed on. */
static ssize_t seq_read(void *ctx, void *buf, size_t n, char *err, size_t err_size)
{
    pd_seq *s = ctx;
    size_t room = s->end - s->pos < n ? (size_t)(s->end - s->pos) : n, got = 0;
    while (got < room && !s->failed) {
        if (!s->in_piece && !next_piece(s))
            break;
        got += piece_step(s, (uint8_t *)buf + got, room - got);
    }
    s->pos += got;
    if (got == 0 && s->failed) {
        snprintf(err, err_size, "%s", s->err);
        return -1;
    }
    return (ssize_t)got;
}

/* ---- what is planned ---------------------------------------------------- */

typedef struct plan {
    pd_kind kind;
    const cs_framer *fr;
    cs_resync_format fmt;
} plan;

/* The payload's framer, detected from its head as one reader does
 * (source.c: read_member, frame); false when it is not a plain format
 * with record boundaries that can be found from any offset. */
static bool plan_head(int fd, uint64_t size, const cs_framer *forced, const char *hint, size_t max_record,
                      plan *out)
{
    uint8_t m[4];
    if (size < 4 || !pread_full(fd, m, 4, 0) || !cs_pdecomp_magic(m, 4) || forced == &cs_framer_der)
        return false;
    out->kind = cs_gunzip_magic(m, 4) ? PD_GZIP : PD_ZSTD;
    pd_seq q;
    seq_open(&q, fd, size, out->kind, NULL, UINT64_MAX);
    cs_stream s;
    cs_stream_init(&s, seq_read, &q, max_record + 2 * CS_STREAM_CHUNK);
    size_t n = cs_stream_fill(&s, HEAD_BYTES);
    const uint8_t *p = cs_stream_data(&s);
    out->fr = n == 0 || s.failed || cs_gunzip_magic(p, n) || cs_source_is_container(p, n) ? NULL
              : forced                                                                    ? forced
                                                                  : cs_framer_detect(p, n, s.eof, hint);
    cs_stream_free(&s);
    seq_close(&q);
    return out->fr && cs_resync_format_of(out->fr->info.name, &out->fmt) && out->fmt != CS_RESYNC_DER &&
           out->fmt != CS_RESYNC_CT_JSON;
}

/* The first record boundary at or after the uncompressed start of piece
 * `from`, searched in the bytes from there on only, so that the part
 * that ends there and the part that starts there agree; -1 when damage
 * comes first. */
static int64_t boundary(int fd, uint64_t size, const plan *pl, const piece *from, size_t max_record)
{
    pd_seq q;
    seq_open(&q, fd, size, pl->kind, from, UINT64_MAX);
    cs_stream s;
    cs_stream_init(&s, seq_read, &q, max_record + 2 * CS_STREAM_CHUNK);
    s.base = from->uoff;
    int64_t found = -1;
    size_t pos = 0, at;
    for (;;) {
        size_t n = cs_stream_fill(&s, WINDOW);
        bool eof = s.eof && !s.failed;
        cs_resync_status st = cs_resync_next(pl->fmt, cs_stream_data(&s), n, pos, eof, &at);
        if (st == CS_RESYNC_FOUND) {
            found = (int64_t)(cs_stream_pos(&s) + at);
            break;
        }
        if (s.eof || st != CS_RESYNC_MORE || n <= 2 * CS_RESYNC_CONTEXT)
            break;
        /* None in this window: the next one overlaps its end, so that a
         * boundary the end cut off is seen whole. */
        cs_stream_consume(&s, n - 2 * CS_RESYNC_CONTEXT);
        pos = CS_RESYNC_CONTEXT;
    }
    cs_stream_free(&s);
    seq_close(&q);
    return found;
}

unsigned cs_pdecomp_parts(const char *path, uint64_t size, const cs_ingest_options *opt, unsigned readers,
                          cs_ingest_stats *stats)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 1;
    const cs_framer *forced = opt->format && *opt->format && strcmp(opt->format, "auto") != 0
                                  ? cs_framer_find(opt->format) : NULL;
    plan pl;
    uint64_t pieces = 0;
    bool ok = plan_head(fd, size, forced, path, opt->max_record ? opt->max_record : (size_t)16 << 20, &pl);
    /* The whole file must be pieces, none of which the decompression
     * guard would stop one reader at. */
    walker w = { .fd = fd, .size = size, .kind = pl.kind };
    piece p;
    char bomb[200];
    int r = -1;
    while (ok && (r = walk_next(&w, &p, false)) == 1) {
        pieces++;
        ok = !cs_ingest_bomb(w.uoff, w.coff, bomb, sizeof bomb);
    }
    ok = ok && r == 0;
    free(w.buf);
    close(fd);
    uint64_t most = size / CS_PART_MIN_BYTES;
    if (pieces < most)
        most = pieces;
    if (!ok || most < 2)
        return 1;
    if (stats)
        stats->parts_bytes = size;
    return most < readers ? (unsigned)most : readers;
}

/* ---- one part ---------------------------------------------------------- */

/* Origins of the records of a part after the first: their line numbers
 * are not known (pdecomp.h), so they are left out. */
typedef struct unknown_lines {
    cs_batch_sink sink;
    void *ctx;
} unknown_lines;

static bool drop_lines(void *ctx, cs_batch *b)
{
    unknown_lines *u = ctx;
    for (size_t i = 0; i < b->n; i++)
        b->recs[i].origin.line = 0;
    return u->sink(u->ctx, b);
}

/* Frames [start, end) of the content, from piece `from` on. */
static void frame_span(cs_ingest *ing, int fd, uint64_t size, const plan *pl, const piece *from, uint64_t start,
                       uint64_t end)
{
    pd_seq q;
    seq_open(&q, fd, size, pl->kind, from, end);
    cs_stream s;
    cs_stream_init(&s, seq_read, &q, ing->max_record + 2 * CS_STREAM_CHUNK);
    s.base = from->uoff;
    cs_stream_skip(&s, start - from->uoff);
    unknown_lines u = { ing->sink, ing->sink_ctx };
    if (ing->part > 0) {
        ing->sink = drop_lines;
        ing->sink_ctx = &u;
    }
    /* lines_before 1 after the first part: a CSV framer takes no line
     * of it for a header. */
    cs_fctx f = { .in = &s, .ing = ing, .member = "", .name = ing->path, .max_record = ing->max_record,
                  .lines_before = ing->part > 0 };
    if (!s.failed)
        pl->fr->run(&f);
    if (ing->part > 0) {
        cs_ingest_hand_on(ing, NULL);
        ing->sink = u.sink;
        ing->sink_ctx = u.ctx;
    }
    if (s.failed && !cs_ingest_stopping(ing))
        cs_ingest_lost(ing, "", s.base, "read error at byte %llu: %s", (unsigned long long)s.base, s.err);
    cs_stream_free(&s);
    seq_close(&q);
}

bool cs_pdecomp_read_part(cs_ingest *ing, int fd, uint64_t size)
{
    uint8_t m[4];
    if (size < 4 || !pread_full(fd, m, 4, 0) || !cs_pdecomp_magic(m, 4))
        return false;
    plan pl;
    walker w = { .fd = fd, .size = size, .kind = cs_gunzip_magic(m, 4) ? PD_GZIP : PD_ZSTD };
    piece p, first = { 0 }, next = { 0 };
    bool have_first = false, have_next = false;
    int r = plan_head(fd, size, ing->forced, ing->path, ing->max_record, &pl) ? 1 : -1;
    /* The first piece of this part, and of the next. */
    while (r == 1 && !have_next && (r = walk_next(&w, &p, false)) == 1) {
        unsigned k = cs_ingest_part_owner(ing, p.coff);
        if (k >= ing->part && !have_first)
            first = p, have_first = true;
        if (k > ing->part)
            next = p, have_next = true;
    }
    free(w.buf);
    if (r < 0) {
        cs_ingest_lost(ing, "", 0, "the compressed input changed while it was read in parts");
        return true;
    }
    if (!have_first || (have_next && next.coff == first.coff))
        return true; /* no piece starts in this part's share */
    atomic_fetch_add_explicit(&ing->stats->bytes_read, (have_next ? next.coff : size) - first.coff,
                              memory_order_relaxed);
    int64_t start = ing->part == 0 ? 0 : boundary(fd, size, &pl, &first, ing->max_record);
    int64_t end = have_next ? boundary(fd, size, &pl, &next, ing->max_record) : -1;
    /* Damage before the first boundary of this part: the part before
     * reads up to it and reports it. */
    if (start < 0)
        return true;
    uint64_t stop = end < 0 ? UINT64_MAX : (uint64_t)end;
    if ((uint64_t)start < stop)
        frame_span(ing, fd, size, &pl, &first, (uint64_t)start, stop);
    return true;
}
