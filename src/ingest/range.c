/* Byte ranges of one large plain file (PEM, DER, base64 lines, JSON Lines,
 * CSV; not CT get-entries, below), cut at record boundaries: the units
 * of a sharded scan, and the parts of a file read by several readers
 * (parts.h).  The file is cut at fixed places (every cs_range_chunk(size)
 * bytes for a shard's units, at k/R of its size for part k of R), each cut
 * moved forward to the first record boundary at or after it
 * (ingest/resync.h), and a range is framed on its own, from its first
 * boundary to the next range's.  Every reader finds the same boundary for
 * the same cut (the search depends only on the cut and the bytes), so the
 * ranges cover the file once, and framing them apart gives the records of
 * framing the whole, offsets included.  A part's line numbers continue
 * the newlines before it, counted; a shard unit's count from the range's
 * start. */
#include "ingest/gunzip.h"
#include "ingest/ingest_int.h"
#include "ingest/newlines.h"
#include "ingest/part_lines.h"
#include "ingest/resync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Files up to 64 MiB are cut in 64 KiB ranges, larger ones in 1024. */
#define RANGE_MIN ((uint64_t)64 << 10)
#define RANGES_MAX 1024u
/* The window a boundary is searched in, sliding forward; the bytes a
 * format is detected on (a single reader's first read). */
#define WINDOW ((size_t)64 << 10)
#define DETECT_BYTES ((size_t)256 << 10)
/* DER is walked header by header from the start: one short read each. */
#define DER_WINDOW 32

static uint64_t range_chunk(uint64_t size)
{
    uint64_t c = (size + RANGES_MAX - 1) / RANGES_MAX;
    return c < RANGE_MIN ? RANGE_MIN : c;
}

static ssize_t pread_full(int fd, uint8_t *buf, size_t n, uint64_t at)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, (off_t)(at + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* The first boundary at or after cut x (size when there is none; -1 on a
 * read error). */
static int64_t boundary(int fd, uint64_t size, cs_resync_format fmt, uint64_t x, uint8_t *buf)
{
    if (x == 0 || x >= size)
        return (int64_t)(x < size ? x : size);
    bool der = fmt == CS_RESYNC_DER;
    uint64_t p = der ? 0 : x > CS_RESYNC_CONTEXT ? x - CS_RESYNC_CONTEXT : 0;
    size_t w = der ? DER_WINDOW : WINDOW;
    uint64_t from = x; /* search from here: nothing before it is a boundary >= x */
    for (;;) {
        if (p >= size)
            return (int64_t)size;
        ssize_t n = pread_full(fd, buf, w, p);
        if (n < 0)
            return -1;
        bool eof = p + (uint64_t)n >= size;
        size_t pos = from - p < (uint64_t)n ? (size_t)(from - p) : (size_t)n, at = 0;
        cs_resync_status st = cs_resync_next(fmt, buf, (size_t)n, pos, eof, &at);
        if (st == CS_RESYNC_BAD)
            return (int64_t)size; /* the DER framer stops there: the rest is one error */
        if (der) {
            /* FOUND: a boundary, at or after x or an element's end before
             * it; MORE: the next header is at - 10. */
            uint64_t next = st == CS_RESYNC_FOUND ? at : at > 10 ? at - 10 : 0;
            if (next == 0)
                return (int64_t)size;
            p += next;
            from = p > x ? p : x;
            if (p >= x)
                return (int64_t)(p < size ? p : size);
            continue;
        }
        if (st == CS_RESYNC_FOUND)
            return (int64_t)(p + at < size ? p + at : size);
        /* None in this window: the next one overlaps its end, so that a
         * boundary the end cut off is seen whole. */
        uint64_t next = p + (uint64_t)n - 2 * CS_RESYNC_CONTEXT;
        if (next <= p)
            return (int64_t)size;
        p = next;
        from = p + CS_RESYNC_CONTEXT;
    }
}

typedef struct range_src {
    int fd;
    uint64_t at, end;
} range_src;

static ssize_t range_read(void *ctx, void *buf, size_t n, char *err, size_t err_size)
{
    range_src *r = ctx;
    if (r->at >= r->end)
        return 0;
    if (n > r->end - r->at)
        n = (size_t)(r->end - r->at);
    ssize_t got = pread_full(r->fd, buf, n, r->at);
    if (got < 0) {
        snprintf(err, err_size, "%s", strerror(errno));
        return -1;
    }
    if (got == 0) {
        snprintf(err, err_size, "the file shrank under us");
        return -1;
    }
    r->at += (uint64_t)got;
    return got;
}

/* Frames [start, end) of the file with framer fr, `lines` lines before
 * start; in chunks for the workers when chunking is on (ingest.h). */
static void frame_range(cs_ingest *ing, int fd, const cs_framer *fr, uint64_t start, uint64_t end, uint64_t lines)
{
    range_src r = { fd, start, end };
    cs_stream s;
    cs_stream_init(&s, range_read, &r, ing->max_record + 2 * CS_STREAM_CHUNK);
    s.base = start;
    cs_fctx f = { .in = &s, .ing = ing, .member = "", .name = ing->path, .max_record = ing->max_record,
                  .lines_before = lines };
    if (!cs_frame_chunked(&f, fr))
        fr->run(&f);
    if (s.failed && !cs_ingest_stopping(ing))
        cs_ingest_lost(ing, "", s.base, "read error at byte %llu: %s", (unsigned long long)s.base, s.err);
    cs_stream_free(&s);
    atomic_fetch_add_explicit(&ing->stats->bytes_read, end - start, memory_order_relaxed);
}

const cs_framer *cs_source_plain_framer(int fd, uint64_t size, const cs_framer *forced, const char *path,
                                        cs_resync_format *fmt)
{
    uint8_t *buf = malloc(DETECT_BYTES);
    ssize_t n = buf ? pread_full(fd, buf, DETECT_BYTES, 0) : -1;
    const cs_framer *fr = NULL;
    if (n > 0 && buf[0] != 0 &&
        (forced == &cs_framer_der || !(cs_gunzip_magic(buf, (size_t)n) || cs_source_is_container(buf, (size_t)n)))) {
        fr = forced ? forced : cs_framer_detect(buf, (size_t)n, (uint64_t)n == size, path);
        /* What a single reader sniffs is its first read: the head must
         * say the same whatever its length. */
        size_t head = (size_t)n < WINDOW ? (size_t)n : WINDOW;
        if (!forced && fr != cs_framer_detect(buf, head, (uint64_t)head == size, path))
            fr = NULL;
    }
    free(buf);
    /* CT get-entries: a range ends inside the entries array, which the CT
     * framer does not frame apart (it starts at a response or an entry,
     * and ends at the end of the response): read whole. */
    if (!fr || !cs_resync_format_of(fr->info.name, fmt) || *fmt == CS_RESYNC_CT_JSON)
        return NULL;
    return fr;
}

bool cs_source_ranges(cs_ingest *ing, int fd, uint64_t size)
{
    cs_resync_format fmt;
    const cs_framer *fr = size > range_chunk(size) ? cs_source_plain_framer(fd, size, ing->forced, ing->path, &fmt)
                                                   : NULL;
    uint8_t *buf = fr ? malloc(WINDOW) : NULL;
    if (!buf)
        return false; /* read whole, as one unit */
    ing->units_pending = false;
    uint64_t chunk = range_chunk(size);
    for (uint64_t cut = 0; cut < size && !cs_ingest_stopping(ing); cut += chunk) {
        uint64_t len = size - cut < chunk ? size - cut : chunk;
        if (!cs_ingest_unit_wanted(ing, "", len, 0))
            continue;
        int64_t from = boundary(fd, size, fmt, cut, buf), to = boundary(fd, size, fmt, cut + len, buf);
        if (from < 0 || to < 0) {
            cs_ingest_lost(ing, "", cut, "read error looking for a record boundary: %s", strerror(errno));
            break;
        }
        if (from < to)
            frame_range(ing, fd, fr, (uint64_t)from, (uint64_t)to, 0);
    }
    free(buf);
    return true;
}

/* The bytes of part k of a plain file: from the first boundary at or
 * after k/parts of it to the next part's (the last: to its end). */
typedef struct file_parts {
    int fd;
    uint64_t size;
    cs_resync_format fmt;
    unsigned parts;
    uint8_t *buf; /* DETECT_BYTES */
} file_parts;

static bool part_bytes(const file_parts *p, unsigned k, uint64_t *from, uint64_t *to)
{
    uint64_t share = p->size / p->parts;
    int64_t a = boundary(p->fd, p->size, p->fmt, share * k, p->buf);
    int64_t b = k + 1 == p->parts ? (int64_t)p->size : boundary(p->fd, p->size, p->fmt, share * (k + 1), p->buf);
    *from = a < 0 ? 0 : (uint64_t)a;
    *to = b < 0 || (uint64_t)b < *from ? *from : (uint64_t)b;
    return a >= 0 && b >= 0;
}

/* cs_part_count_fn: the newlines of part k's bytes. */
static bool count_part(void *ctx, unsigned k, uint64_t *lines)
{
    const file_parts *p = ctx;
    uint64_t at, end;
    *lines = 0;
    if (!part_bytes(p, k, &at, &end))
        return false;
    while (at < end) {
        size_t want = end - at < DETECT_BYTES ? (size_t)(end - at) : DETECT_BYTES;
        ssize_t n = pread_full(p->fd, p->buf, want, at);
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* the file shrank under us */
            return false;
        }
        *lines += cs_count_newlines(p->buf, (size_t)n);
        at += (uint64_t)n;
    }
    return true;
}

void cs_source_file_part(cs_ingest *ing, int fd, uint64_t size, const cs_framer *fr, cs_resync_format fmt)
{
    file_parts p = { fd, size, fmt, ing->parts, malloc(DETECT_BYTES) };
    if (!p.buf) {
        cs_ingest_lost(ing, "", 0, "out of memory reading a part of the file");
        return;
    }
    cs_part_lines *t = cs_part_lines_join(ing->stats, ing->parts);
    uint64_t from, to, lines = 0;
    bool ok = part_bytes(&p, ing->part, &from, &to) &&
              (from == to || cs_part_lines_before(t, ing->part, count_part, &p, &lines));
    cs_part_lines_leave(ing->stats, t);
    if (!ok)
        cs_ingest_lost(ing, "", 0, "read error looking for a record boundary: %s", strerror(errno));
    else if (from < to)
        frame_range(ing, fd, fr, from, to, lines);
    free(p.buf);
}
