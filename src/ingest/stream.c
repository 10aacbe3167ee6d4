/* The read window: a buffer that slides over a member and grows only up
 * to its bound, so memory never depends on the size of the input. */
#include "ingest/framer.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/stage_clock.h"

void cs_stream_init(cs_stream *s, cs_read_fn read, void *read_ctx, size_t max_cap)
{
    memset(s, 0, sizeof *s);
    s->read = read;
    s->read_ctx = read_ctx;
    s->max_cap = max_cap < CS_STREAM_CHUNK * 2 ? CS_STREAM_CHUNK * 2 : max_cap;
}

void cs_stream_init_lending(cs_stream *s, cs_read_fn read, cs_lend_fn lend, void *read_ctx, size_t max_cap)
{
    cs_stream_init(s, read, read_ctx, max_cap);
    s->lend = lend;
}

void cs_stream_free(cs_stream *s)
{
    free(s->own);
    s->own = NULL;
    s->buf = NULL;
    s->cap = 0;
}

/* What a read or a lend returned, when no bytes: the end, or an error.
 * True when n > 0. */
static bool got_bytes(cs_stream *s, ssize_t n)
{
    if (n < 0) {
        s->eof = s->failed = true;
        if (!*s->err)
            snprintf(s->err, sizeof s->err, "read error");
    } else if (n == 0) {
        s->eof = true;
    }
    return n > 0;
}

/* An empty window takes the source's next block.  False when the source
 * has none to lend (end, error, or a block it cannot lend: then
 * *copy is set and the caller reads by copying). */
static bool lend_more(cs_stream *s, bool *copy)
{
    const uint8_t *p;
    bool last = false;
    uint64_t t0 = cs_stage_read_begin(); /* the benchmark's read stage; off in a scan */
    ssize_t n = s->lend(s->read_ctx, &p, &last, s->err, sizeof s->err);
    cs_stage_read_end(t0);
    if (n == CS_LEND_NO) {
        *copy = true;
        return false;
    }
    if (!got_bytes(s, n))
        return false;
    s->buf = p;
    s->start = 0;
    s->end = (size_t)n;
    s->eof = last;
    return true;
}

/* Reads once into the free space at the end of the window. */
static bool read_more(cs_stream *s)
{
    if (s->eof)
        return false;
    if (s->lend && s->start == s->end) {
        bool copy = false;
        if (lend_more(s, &copy) || !copy)
            return !s->failed && s->end > s->start;
    }
    if (s->buf != s->own) {
        /* The rest of a lent block (or nothing) moves into the own buffer. */
        size_t avail = s->end - s->start, need = avail + CS_STREAM_CHUNK;
        size_t ncap = s->cap ? s->cap : CS_STREAM_CHUNK * 2;
        while (ncap < need)
            ncap *= 2;
        if (ncap > s->max_cap)
            ncap = s->max_cap > avail ? s->max_cap : avail; /* a lent block's rest always fits */
        if (ncap > s->cap) {
            uint8_t *nb = realloc(s->own, ncap);
            if (!nb) {
                s->eof = s->failed = true;
                snprintf(s->err, sizeof s->err, "out of memory for a %zu-byte read window", ncap);
                return false;
            }
            s->own = nb;
            s->cap = ncap;
        }
        if (avail)
            memcpy(s->own, s->buf + s->start, avail);
        s->buf = s->own;
        s->start = 0;
        s->end = avail;
    }
    if (s->start > 0 && (s->cap - s->end < CS_STREAM_CHUNK || s->start == s->end)) {
        memmove(s->own, s->own + s->start, s->end - s->start);
        s->end -= s->start;
        s->start = 0;
    }
    if (s->cap - s->end < CS_STREAM_CHUNK && s->cap < s->max_cap) {
        size_t ncap = s->cap ? s->cap * 2 : CS_STREAM_CHUNK * 2;
        if (ncap > s->max_cap)
            ncap = s->max_cap;
        uint8_t *nb = realloc(s->own, ncap);
        if (!nb) {
            s->eof = s->failed = true;
            snprintf(s->err, sizeof s->err, "out of memory for a %zu-byte read window", ncap);
            return false;
        }
        s->buf = s->own = nb;
        s->cap = ncap;
    }
    if (s->end == s->cap)
        return false; /* the window is full: the caller sees avail < want */
    uint64_t t0 = cs_stage_read_begin(); /* the benchmark's read stage; off in a scan */
    ssize_t n = s->read(s->read_ctx, s->own + s->end, s->cap - s->end, s->err, sizeof s->err);
    cs_stage_read_end(t0);
    if (!got_bytes(s, n))
        return false;
    s->end += (size_t)n;
    return true;
}

size_t cs_stream_fill(cs_stream *s, size_t want)
{
    while (s->end - s->start < want && read_more(s))
        ;
    return s->end - s->start;
}

void cs_stream_consume(cs_stream *s, size_t n)
{
    size_t avail = s->end - s->start;
    if (n > avail)
        n = avail;
    s->start += n;
    s->base += n;
    if (s->start == s->end)
        s->start = s->end = 0;
}

uint64_t cs_stream_skip(cs_stream *s, uint64_t n)
{
    uint64_t done = 0;
    while (done < n) {
        size_t avail = cs_stream_avail(s);
        if (avail == 0 && cs_stream_fill(s, 1) == 0)
            break;
        avail = cs_stream_avail(s);
        size_t k = n - done < avail ? (size_t)(n - done) : avail;
        cs_stream_consume(s, k);
        done += k;
    }
    return done;
}

cs_line_status cs_stream_line(cs_stream *s, size_t max, const uint8_t **line, size_t *len, uint64_t *off)
{
    size_t scanned = 0;
    for (;;) {
        size_t avail = cs_stream_avail(s);
        const uint8_t *p = cs_stream_data(s);
        const uint8_t *nl = scanned < avail ? memchr(p + scanned, '\n', avail - scanned) : NULL;
        size_t l = nl ? (size_t)(nl - p) : avail;
        if (nl || (s->eof && avail > 0) || l > max) {
            *off = s->base;
            if (l > max) {
                /* Too long to hold: skip to the end of the line without
                 * keeping it, so a 2 GB line costs time, not memory. */
                for (;;) {
                    avail = cs_stream_avail(s);
                    p = cs_stream_data(s);
                    nl = avail ? memchr(p, '\n', avail) : NULL;
                    if (nl) {
                        cs_stream_consume(s, (size_t)(nl - p) + 1);
                        break;
                    }
                    cs_stream_consume(s, avail);
                    if (cs_stream_fill(s, 1) == 0)
                        break;
                }
                *line = NULL;
                *len = 0;
                return CS_LINE_LONG;
            }
            *line = p;
            *len = l > 0 && p[l - 1] == '\r' ? l - 1 : l;
            /* The line stays in the buffer until the next read: consuming
             * only moves the start. */
            s->start += nl ? l + 1 : l;
            s->base += nl ? l + 1 : l;
            return CS_LINE_OK;
        }
        if (s->eof)
            return CS_LINE_END;
        scanned = avail;
        if (cs_stream_fill(s, avail + 1) <= avail && !s->eof)
            return CS_LINE_END; /* cannot happen: window bound is above max */
    }
}
