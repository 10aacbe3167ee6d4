/* gzip with zlib: inflate (windowBits 15+16: gzip only) checks each
 * member's CRC-32 and ISIZE against what it produced and reports any
 * mismatch as Z_DATA_ERROR; inflateReset starts the next member of a
 * concatenated stream.  Byte positions in messages are offsets in the
 * compressed stream, members count from 1; each message starts with
 * words free of numbers, which the failure kinds are made of
 * (pipeline/worker.c: "read error: gzip checksum mismatch"). */
#include "ingest/gunzip.h"
#include "ingest/ingest_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct cs_gunzip {
    cs_stream *in;
    z_stream z;
    uint64_t member;        /* the member being inflated (1-based) */
    uint64_t consumed;      /* compressed bytes taken from `in` */
    uint64_t produced;
    bool between;           /* a member ended: the next one (or the end) follows */
    bool done;              /* read to its end, every trailer checked */
    bool failed;            /* damage found: returned after what came before it */
    char err[300];
};

bool cs_gunzip_magic(const uint8_t *p, size_t n)
{
    return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

cs_gunzip *cs_gunzip_open(cs_stream *in)
{
    cs_gunzip *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->in = in;
    g->member = 1;
    if (inflateInit2(&g->z, 15 + 16) != Z_OK) {
        free(g);
        return NULL;
    }
    return g;
}

void cs_gunzip_close(cs_gunzip *g)
{
    if (g) {
        inflateEnd(&g->z);
        free(g);
    }
}

static void fail(cs_gunzip *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(cs_gunzip *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->err, sizeof g->err, fmt, ap);
    va_end(ap);
    g->failed = true;
}

void cs_gunzip_damage(const char *zmsg, uint64_t member, uint64_t consumed, char *err, size_t err_size)
{
    const char *msg = zmsg ? zmsg : "invalid data";
    /* The check fields are the 8 bytes of the trailer, already taken. */
    if (strcmp(msg, "incorrect data check") == 0)
        snprintf(err, err_size, "gzip checksum mismatch (CRC-32) in member %llu at compressed byte %llu: data corrupted",
                 (unsigned long long)member, (unsigned long long)(consumed - 4));
    else if (strcmp(msg, "incorrect length check") == 0)
        snprintf(err, err_size, "gzip length mismatch (ISIZE) in member %llu at compressed byte %llu: data corrupted",
                 (unsigned long long)member, (unsigned long long)(consumed - 4));
    else
        snprintf(err, err_size, "gzip data damaged (%s) in member %llu at compressed byte %llu", msg,
                 (unsigned long long)member, (unsigned long long)consumed);
}

static void data_error(cs_gunzip *g)
{
    cs_gunzip_damage(g->z.msg, g->member, g->consumed, g->err, sizeof g->err);
    g->failed = true;
}

/* Between members: the next member's magic starts it, zero bytes are
 * padding, the end of the input ends the stream; anything else is data
 * that was not read. */
static void next_member(cs_gunzip *g)
{
    for (;;) {
        size_t avail = cs_stream_avail(g->in);
        if (avail < 2 && (avail = cs_stream_fill(g->in, 2)) == 0) {
            if (g->in->failed)
                fail(g, "gzip stream cut short (%s) after member %llu at compressed byte %llu", g->in->err,
                     (unsigned long long)g->member, (unsigned long long)g->consumed);
            else
                g->done = true;
            return;
        }
        const uint8_t *p = cs_stream_data(g->in);
        size_t zeros = 0;
        while (zeros < avail && p[zeros] == 0)
            zeros++;
        if (zeros > 0) {
            cs_stream_consume(g->in, zeros);
            g->consumed += zeros;
            continue;
        }
        if (!cs_gunzip_magic(p, avail)) {
            fail(g, "not gzip data (not read) after member %llu at compressed byte %llu",
                 (unsigned long long)g->member, (unsigned long long)g->consumed);
            return;
        }
        inflateReset(&g->z);
        g->member++;
        g->between = false;
        return;
    }
}

/* Inflates into buf until something is produced, the stream ends or
 * damage is found; damage is returned by the read after the one that
 * hands over what was inflated before it. */
ssize_t cs_gunzip_read(void *ctx, void *buf, size_t n, char *err, size_t err_size)
{
    cs_gunzip *g = ctx;
    g->z.next_out = buf;
    g->z.avail_out = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    uInt room = g->z.avail_out;
    while (g->z.avail_out == room && !g->done && !g->failed) {
        if (g->between) {
            next_member(g);
            continue;
        }
        size_t avail = cs_stream_avail(g->in);
        if (avail == 0 && (avail = cs_stream_fill(g->in, 1)) == 0) {
            if (g->in->failed)
                fail(g, "gzip stream cut short (%s) in member %llu at compressed byte %llu", g->in->err,
                     (unsigned long long)g->member, (unsigned long long)g->consumed);
            else
                fail(g, "gzip stream truncated (the rest is missing) in member %llu at compressed byte %llu",
                     (unsigned long long)g->member, (unsigned long long)g->consumed);
            break;
        }
        g->z.next_in = (Bytef *)(uintptr_t)cs_stream_data(g->in);
        g->z.avail_in = avail > UINT32_MAX ? UINT32_MAX : (uInt)avail;
        uInt had = g->z.avail_in;
        int r = inflate(&g->z, Z_NO_FLUSH);
        size_t used = had - g->z.avail_in;
        cs_stream_consume(g->in, used);
        g->consumed += used;
        if (r == Z_STREAM_END)
            g->between = true;
        else if (r == Z_DATA_ERROR)
            data_error(g);
        else if (r == Z_MEM_ERROR)
            fail(g, "out of memory inflating gzip member %llu", (unsigned long long)g->member);
        else if ((r != Z_OK && r != Z_BUF_ERROR) || (used == 0 && g->z.avail_out == room))
            fail(g, "gzip inflate error (zlib %d) in member %llu at compressed byte %llu", r, (unsigned long long)g->member,
                 (unsigned long long)g->consumed);
    }
    size_t got = room - g->z.avail_out;
    g->produced += got;
    if (!g->failed && cs_ingest_bomb(g->produced, g->consumed, g->err, sizeof g->err))
        g->failed = true;
    if (got == 0 && g->failed) {
        snprintf(err, err_size, "%s", g->err);
        return -1;
    }
    return (ssize_t)got;
}
