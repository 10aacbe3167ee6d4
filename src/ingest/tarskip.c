/* Where a later part of a tar starts (parts.h), found without libarchive.
 *
 * Part k of a tar reads the members whose place falls in its share of
 * the bytes, so it must first pass the members of the parts before it.
 * Through libarchive that costs what reading their headers costs (its
 * tar reader converts every name to wide characters: ~1 us a member);
 * here the headers are walked block by block, each checked and its size
 * read, and libarchive is started at the first member of the part.  The
 * walk only passes over what libarchive would pass over the same way:
 * on anything it does not know to be so -- a damaged header, a pax or
 * GNU sparse header, a hard link, a number in base 256, a static-ct tile
 * (the last part reads them all), the end of the archive -- it gives up
 * and the part walks from the start through libarchive, as before. */
#include "ingest/ingest_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 512
#define WINDOW ((size_t)64 << 10)

typedef struct window {
    int fd;
    uint64_t at;     /* file offset of buf[0] */
    size_t len;
    uint8_t buf[WINDOW];
} window;

/* The 512 bytes at offset pos, or NULL past the end or on a read error. */
static const uint8_t *block_at(window *w, uint64_t pos)
{
    if (pos < w->at || pos + BLOCK > w->at + w->len) {
        ssize_t n;
        do
            n = pread(w->fd, w->buf, WINDOW, (off_t)pos);
        while (n < 0 && errno == EINTR);
        w->at = pos;
        w->len = n > 0 ? (size_t)n : 0;
        if (w->len < BLOCK)
            return NULL;
    }
    return w->buf + (pos - w->at);
}

/* An octal field (leading spaces, ended by a space or NUL); false for
 * anything else (base 256 included). */
static bool octal(const uint8_t *p, size_t n, uint64_t *out)
{
    size_t i = 0;
    uint64_t v = 0;
    while (i < n && p[i] == ' ')
        i++;
    size_t digits = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; i++, digits++) {
        if (v >> 60)
            return false;
        v = v * 8 + (uint64_t)(p[i] - '0');
    }
    if (digits == 0 || (i < n && p[i] != ' ' && p[i] != 0))
        return false;
    *out = v;
    return true;
}

/* A header libarchive takes as it is: magic "ustar", a checksum that
 * adds up (unsigned or signed, as libarchive accepts). */
static bool header_ok(const uint8_t *h)
{
    uint64_t want;
    if (memcmp(h + 257, "ustar", 5) != 0 || !octal(h + 148, 8, &want))
        return false;
    uint64_t sum = 0;
    int64_t ssum = 0;
    for (size_t k = 0; k < BLOCK; k++) {
        uint8_t c = k >= 148 && k < 156 ? ' ' : h[k];
        sum += c;
        ssum += (int8_t)c;
    }
    return sum == want || (uint64_t)ssum == want;
}

/* A NUL-terminated field of at most n bytes. */
static size_t field_len(const uint8_t *p, size_t n)
{
    const uint8_t *z = memchr(p, 0, n);
    return z ? (size_t)(z - p) : n;
}

static uint64_t walk(cs_ingest *ing, window *w, uint64_t size, uint64_t *entries)
{
    uint64_t pos = 0, count = 0, walked = ing->part_walked;
    char name[4096], longname[4096];
    size_t longlen = 0;
    bool have_long = false;
    uint64_t first = 0; /* the entry's first header: its long name's, if any */
    for (;;) {
        if (!have_long)
            first = pos;
        const uint8_t *h = block_at(w, pos);
        uint64_t len;
        if (!h || pos + BLOCK > size || !header_ok(h) || !octal(h + 124, 12, &len) || len > size)
            return 0;
        uint64_t next = pos + BLOCK + (len + BLOCK - 1) / BLOCK * BLOCK;
        if (next > size)
            return 0;
        char type = (char)h[156];
        if (type == 'L') { /* GNU long name: the next entry's */
            if (len == 0 || len > sizeof longname || have_long)
                return 0;
            uint64_t got = 0;
            while (got < len) {
                const uint8_t *d = block_at(w, pos + BLOCK + got);
                if (!d)
                    return 0;
                size_t take = len - got < BLOCK ? (size_t)(len - got) : BLOCK;
                memcpy(longname + got, d, take);
                got += take;
            }
            longlen = field_len((const uint8_t *)longname, (size_t)len);
            have_long = true;
            pos = next;
            continue;
        }
        bool regular = type == '0' || type == 0 || type == '7';
        if (!regular && !(type == '5' || type == '2' || type == '3' || type == '4' || type == '6'))
            return 0; /* pax, GNU sparse or long link, hard link, vendor types: libarchive's business */
        if (!regular && len != 0)
            return 0;
        /* The member's name as read_archive makes it (source.c). */
        char pn[4096 + 256];
        if (have_long) {
            memcpy(pn, longname, longlen);
            pn[longlen] = '\0';
        } else {
            size_t nl = field_len(h, 100), pl = memcmp(h + 257, "ustar\0", 6) == 0 ? field_len(h + 345, 155) : 0;
            snprintf(pn, sizeof pn, "%.*s%s%.*s", (int)pl, (const char *)h + 345, pl ? "/" : "", (int)nl,
                     (const char *)h);
        }
        have_long = false;
        const char *p = pn;
        while (p[0] == '.' && p[1] == '/')
            p += 2;
        size_t plen = strlen(p);
        if (regular && plen > 0 && p[plen - 1] == '/')
            regular = false; /* "dir/": libarchive makes it a directory */
        if (regular) {
            if (snprintf(name, sizeof name, "%s", p) >= (int)sizeof name)
                name[sizeof name - 1] = '\0'; /* cut as read_archive cuts it */
            if (strstr(name, "tile/data/"))
                return 0; /* the last part reads every tile */
            if (!cs_source_is_ct_sidecar(name)) {
                if (cs_ingest_part_owner(ing, walked) >= ing->part) {
                    *entries = count;
                    ing->part_walked = walked;
                    return first; /* the first member of this part */
                }
                walked += cs_ingest_part_weight(len);
            }
        }
        count++;
        pos = next;
    }
}

uint64_t cs_tar_skip(cs_ingest *ing, int fd, uint64_t size, uint64_t *entries)
{
    window *w = malloc(sizeof *w);
    if (!w)
        return 0;
    w->fd = fd;
    w->at = w->len = 0;
    uint64_t start = walk(ing, w, size, entries);
    free(w);
    return start;
}
