/* Where the bytes come from: files, standard input and directories, each
 * read through libarchive so that any container (tar, zip, cpio, 7z) and
 * any compression filter (bzip2, xz, zstd, lz4, compress) is undone on
 * the fly, and members that are themselves archives or compressed
 * streams are opened in turn (up to CS_MAX_NESTING deep).  gzip is undone
 * with zlib instead (gunzip.h: libarchive does not check its trailers).
 * Every member is streamed through a bounded window: nothing is ever
 * held whole. */
#include "ingest/gunzip.h"
#include "ingest/ingest_int.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the outermost source: a file descriptor --------------------------- */

typedef struct fd_src {
    int fd;
    bool seekable;
    cs_ingest *ing;
    uint64_t pos, high; /* bidders seek back and re-read: count each byte once */
    uint64_t size;      /* a seekable file's size when opened */
    EVP_MD_CTX *md;     /* SHA-256 of bytes [0, hashed), each once, in order; NULL: no digest */
    uint64_t hashed;
    uint8_t buf[256 * 1024];
    uint8_t gap[64 * 1024];
} fd_src;

/* Hashes what lies between `hashed` and the end of the n bytes just read
 * at pos.  A forward seek (archive bidders look at the end of a file)
 * leaves a gap: it is read first, so the digest covers the file from its
 * start, in order.  False on a read error in the gap. */
static bool hash_read(fd_src *s, const uint8_t *data, uint64_t pos, size_t n)
{
    if (!s->md)
        return true;
    while (s->hashed < pos) {
        uint64_t want = pos - s->hashed < sizeof s->gap ? pos - s->hashed : sizeof s->gap;
        ssize_t r = pread(s->fd, s->gap, (size_t)want, (off_t)s->hashed);
        if (r <= 0) {
            if (r == 0)
                errno = EIO; /* the file shrank under us */
            return false;
        }
        EVP_DigestUpdate(s->md, s->gap, (size_t)r);
        s->hashed += (uint64_t)r;
    }
    if (pos + n > s->hashed) {
        EVP_DigestUpdate(s->md, data + (s->hashed - pos), (size_t)(pos + n - s->hashed));
        s->hashed = pos + n;
    }
    return true;
}

static void advance(fd_src *s, uint64_t pos)
{
    s->pos = pos;
    if (pos <= s->high)
        return;
    _Atomic uint64_t *read = &s->ing->stats->bytes_read;
    if (s->ing->part_bytes_max) {
        /* Every part of an archive goes through it from its start. */
        uint64_t was = atomic_load_explicit(read, memory_order_relaxed);
        while (was < pos && !atomic_compare_exchange_weak_explicit(read, &was, pos, memory_order_relaxed,
                                                                   memory_order_relaxed))
            ;
    } else {
        atomic_fetch_add_explicit(read, pos - s->high, memory_order_relaxed);
    }
    s->high = pos;
}

/* Reads the rest of the buffer-sized block the position is in: whatever
 * was skipped or seeked before, the blocks read are the same, and so is
 * how far an input stopped by damage was read (bytes_read), whichever
 * reader of it (parts.h) got there. */
static la_ssize_t fd_read(struct archive *a, void *ud, const void **out)
{
    fd_src *s = ud;
    if (cs_ingest_stopping(s->ing))
        return 0;
    ssize_t n;
    do
        n = read(s->fd, s->buf, sizeof s->buf - (size_t)(s->pos % sizeof s->buf));
    while (n < 0 && errno == EINTR);
    if (n < 0 || !hash_read(s, s->buf, s->pos, (size_t)n)) {
        archive_set_error(a, errno ? errno : EIO, "read error: %s", strerror(errno ? errno : EIO));
        return -1;
    }
    advance(s, s->pos + (uint64_t)n);
    *out = s->buf;
    return n;
}

static la_int64_t fd_seek(struct archive *a, void *ud, la_int64_t off, int whence)
{
    fd_src *s = ud;
    off_t r = lseek(s->fd, (off_t)off, whence);
    if (r < 0) {
        archive_set_error(a, errno, "seek error: %s", strerror(errno));
        return ARCHIVE_FATAL;
    }
    s->pos = (uint64_t)r;
    return (la_int64_t)r;
}

/* With a digest to make, skipping reads (and hashes) what is skipped:
 * the digest of an input covers every byte of it that was passed over.
 * Without, a regular file is seeked over, up to its end as reading would
 * have, and only to a block boundary (fd_read): libarchive reads the
 * rest. */
static la_int64_t fd_skip(struct archive *a, void *ud, la_int64_t request)
{
    fd_src *s = ud;
    la_int64_t done = 0;
    if (!s->md && s->seekable) {
        uint64_t left = s->size > s->pos ? s->size - s->pos : 0;
        uint64_t end = s->pos + ((uint64_t)request < left ? (uint64_t)request : left);
        if (end < s->size)
            end -= end % sizeof s->buf;
        if (end <= s->pos)
            return 0;
        if (lseek(s->fd, (off_t)end, SEEK_SET) < 0) {
            archive_set_error(a, errno, "seek error: %s", strerror(errno));
            return ARCHIVE_FATAL;
        }
        uint64_t from = s->pos;
        advance(s, end);
        return (la_int64_t)(end - from);
    }
    while (done < request) {
        size_t want = (uint64_t)(request - done) < sizeof s->buf ? (size_t)(request - done) : sizeof s->buf;
        ssize_t n;
        if (cs_ingest_stopping(s->ing))
            break;
        do
            n = read(s->fd, s->buf, want);
        while (n < 0 && errno == EINTR);
        if (n < 0 || !hash_read(s, s->buf, s->pos, (size_t)n)) {
            archive_set_error(a, errno ? errno : EIO, "read error: %s", strerror(errno ? errno : EIO));
            return ARCHIVE_FATAL;
        }
        if (n == 0)
            break;
        advance(s, s->pos + (uint64_t)n);
        done += n;
    }
    return done;
}

/* A libarchive reader.  Named filters and formats rather than *_all: the
 * others (mtree, iso9660, lha, uu ...) bid on text and binary that is
 * really PEM or DER, and some run external programs.  Without `formats`
 * it only undoes compression: the archive formats are left to a nested
 * reader once their magic has been seen (read_member), so a tar bidder
 * never takes a run of zero bytes for the end of an empty archive.  No
 * gzip filter: read_member undoes gzip with zlib (gunzip.h). */
static struct archive *new_reader(bool formats)
{
    struct archive *a = archive_read_new();
    if (!a)
        return NULL;
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_lzma(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_filter_lz4(a);
    archive_read_support_filter_compress(a);
    if (formats) {
        archive_read_support_format_tar(a);
        archive_read_support_format_gnutar(a);
        archive_read_support_format_zip(a);
        archive_read_support_format_cpio(a);
        archive_read_support_format_7zip(a);
        /* Past a tar's end-of-archive zeros, go on (as tar -i does): archives
         * joined with cat are read whole, and bytes that are not another
         * archive make it damaged, never a silent end. */
        archive_read_set_format_option(a, "tar", "read_concatenated_archives", "1");
    }
    archive_read_support_format_empty(a);
    archive_read_support_format_raw(a);
    return a;
}

/* ---- members ---------------------------------------------------------- */

/* Reads one member's data out of libarchive, block by block
 * (archive_read_data_block): a block is lent to the read window as it is
 * (cs_lend_fn), or copied out of (cs_read_fn) when a record spans blocks.
 * A sparse member's holes are zeros, as archive_read_data gives them.
 * Decompressed data is measured against the compressed bytes libarchive
 * consumed for this member (its client position: seeks and read-ahead do
 * not count). */
typedef struct member_src {
    struct archive *a;
    cs_ingest *ing;
    bool compressed;     /* a compression filter, or a zip or 7z member */
    uint64_t produced;   /* bytes handed on (holes included) */
    int64_t raw_start;
    bool bomb;
    int64_t size;        /* the member's size when its format states it exactly (tar, cpio), else -1 */
    const uint8_t *blk;  /* the current block's bytes not handed on yet */
    size_t blk_len;
    int64_t blk_off;     /* member offset of blk[0]: above produced, a hole comes first */
    bool end;            /* libarchive said the member ended */
} member_src;

static member_src member_open(struct archive *a, struct archive_entry *e, cs_ingest *ing)
{
    int base = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
    /* tar and cpio data is exactly the header's size (sparse members aside). */
    bool exact = (base == ARCHIVE_FORMAT_TAR || base == ARCHIVE_FORMAT_CPIO) && e && archive_entry_size_is_set(e) &&
                 archive_entry_sparse_count(e) == 0;
    return (member_src){
        .a = a, .ing = ing,
        .compressed = archive_filter_count(a) > 1 || base == ARCHIVE_FORMAT_ZIP || base == ARCHIVE_FORMAT_7ZIP,
        .raw_start = archive_filter_bytes(a, -1),
        .size = exact ? archive_entry_size(e) : -1,
    };
}

/* Makes a block current when none is; false at the end or on an error
 * (-1 in *r, message in err). */
static bool member_block(member_src *m, ssize_t *r, char *err, size_t err_size)
{
    *r = 0;
    if (m->blk_len > 0 || (int64_t)m->produced < m->blk_off)
        return true;
    if (m->end || cs_ingest_stopping(m->ing))
        return false;
    const void *p;
    size_t n;
    la_int64_t off;
    int st;
    /* An empty block only matters for its offset: a hole up to it (the
     * end of a sparse member). */
    do
        st = archive_read_data_block(m->a, &p, &n, &off);
    while (st == ARCHIVE_OK && n == 0 && off <= (la_int64_t)m->produced);
    if (st == ARCHIVE_EOF) {
        m->end = true;
        return false;
    }
    if (st < ARCHIVE_OK) {
        const char *e = archive_error_string(m->a);
        snprintf(err, err_size, "%s", e ? e : "archive read error");
        *r = -1;
        return false;
    }
    if (off < (la_int64_t)m->produced) {
        snprintf(err, err_size, "Encountered out-of-order sparse blocks");
        *r = -1;
        return false;
    }
    m->blk = p;
    m->blk_len = n;
    m->blk_off = off;
    return true;
}

/* Counts n bytes handed on; false (err set) when they trip the guard. */
static bool member_account(member_src *m, size_t n, char *err, size_t err_size)
{
    m->produced += n;
    if (m->compressed && m->produced > CS_BOMB_MIN) {
        int64_t now = archive_filter_bytes(m->a, -1);
        uint64_t raw = now > m->raw_start ? (uint64_t)(now - m->raw_start) : 0;
        if (cs_ingest_bomb(m->produced, raw, err, err_size)) {
            m->bomb = true;
            return false;
        }
    }
    return true;
}

static ssize_t member_read(void *ud, void *buf, size_t n, char *err, size_t err_size)
{
    member_src *m = ud;
    uint8_t *out = buf;
    size_t done = 0;
    ssize_t r = 0;
    while (done < n && member_block(m, &r, err, err_size)) {
        size_t k;
        if ((int64_t)m->produced < m->blk_off) {
            uint64_t hole = (uint64_t)m->blk_off - m->produced;
            k = hole < n - done ? (size_t)hole : n - done;
            memset(out + done, 0, k);
        } else {
            k = m->blk_len < n - done ? m->blk_len : n - done;
            memcpy(out + done, m->blk, k);
            m->blk += k;
            m->blk_len -= k;
            m->blk_off += (int64_t)k;
        }
        done += k;
        if (!member_account(m, k, err, err_size))
            return -1;
    }
    return r < 0 ? -1 : (ssize_t)done;
}

static ssize_t member_lend(void *ud, const uint8_t **block, bool *last, char *err, size_t err_size)
{
    member_src *m = ud;
    ssize_t r;
    if (!member_block(m, &r, err, err_size))
        return r;
    if ((int64_t)m->produced < m->blk_off)
        return CS_LEND_NO; /* a hole: member_read writes its zeros */
    size_t n = m->blk_len;
    *block = m->blk;
    m->blk += n;
    m->blk_len = 0;
    m->blk_off += (int64_t)n;
    if (!member_account(m, n, err, err_size))
        return -1;
    /* The member's last byte: the window need not ask again (asking
     * would move libarchive on and could overwrite the block). */
    *last = m->size >= 0 && m->produced >= (uint64_t)m->size;
    return (ssize_t)n;
}

/* libarchive reading a nested archive out of the enclosing member's window. */
typedef struct nested_src {
    cs_stream *s;
    size_t given;
} nested_src;

static la_ssize_t nested_read(struct archive *a, void *ud, const void **out)
{
    nested_src *n = ud;
    cs_stream_consume(n->s, n->given);
    n->given = 0;
    size_t avail = cs_stream_avail(n->s);
    if (avail == 0)
        avail = cs_stream_fill(n->s, 1);
    if (avail == 0) {
        if (n->s->failed) {
            archive_set_error(a, EIO, "%s", n->s->err);
            return -1;
        }
        return 0;
    }
    *out = cs_stream_data(n->s);
    n->given = avail;
    return (la_ssize_t)avail;
}

/* A tar header block: its checksum (bytes 148-155, octal) is the sum of
 * the block with that field read as spaces.  Old (v7) tar has no magic,
 * and a block of zeros is not a header: it must not hide the data after
 * it. */
static bool is_tar_header(const uint8_t *p, size_t n)
{
    if (n < 512 || p[0] == 0)
        return false;
    /* The checksum field first: every member is asked (is it a nested
     * archive?), and few are tars, so most stop here without the sum. */
    unsigned long sum = 0, want = 0;
    size_t i = 148;
    while (i < 156 && p[i] == ' ')
        i++;
    size_t digits = 0;
    for (; i < 156 && p[i] >= '0' && p[i] <= '7'; i++, digits++)
        want = want * 8 + (unsigned long)(p[i] - '0');
    if (digits == 0 || (i < 156 && p[i] != 0 && p[i] != ' '))
        return false;
    for (size_t k = 0; k < 512; k++)
        sum += k >= 148 && k < 156 ? ' ' : p[k];
    return sum == want;
}

/* An archive format (members with names) by its magic. */
static bool is_archive(const uint8_t *p, size_t n)
{
    static const struct { const char *magic; size_t len, at; } m[] = {
        { "PK\x03\x04", 4, 0 },                   /* zip */
        { "PK\x05\x06", 4, 0 },                   /* empty zip */
        { "7z\xbc\xaf\x27\x1c", 6, 0 },           /* 7z */
        { "ustar", 5, 257 },                      /* tar */
        { "070701", 6, 0 }, { "070702", 6, 0 }, { "070707", 6, 0 }, /* cpio */
        { "\xc7\x71", 2, 0 }, { "\x71\xc7", 2, 0 },                 /* binary cpio */
    };
    /* The first byte before the call: every member is asked. */
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (n >= m[i].at + m[i].len && p[m[i].at] == (uint8_t)m[i].magic[0] &&
            memcmp(p + m[i].at, m[i].magic, m[i].len) == 0)
            return true;
    return is_tar_header(p, n);
}

/* A compression filter of libarchive's by its magic (gzip is not one). */
static bool is_compressed(const uint8_t *p, size_t n)
{
    static const struct { const char *magic; size_t len; } m[] = {
        { "BZh", 3 },                          /* bzip2 */
        { "\xfd" "7zXZ\0", 6 },                /* xz */
        { "\x28\xb5\x2f\xfd", 4 },             /* zstd */
        { "\x04\x22\x4d\x18", 4 },             /* lz4 */
        { "\x1f\x9d", 2 },                     /* compress */
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (n >= m[i].len && p[0] == (uint8_t)m[i].magic[0] && memcmp(p, m[i].magic, m[i].len) == 0)
            return true;
    return false;
}

static bool is_container(const uint8_t *p, size_t n)
{
    return is_compressed(p, n) || is_archive(p, n);
}

bool cs_source_is_container(const uint8_t *p, size_t n)
{
    return is_container(p, n);
}

bool cs_source_is_seekable_archive(const uint8_t *p, size_t n)
{
    return is_archive(p, n) && !(n >= 6 && memcmp(p, "7z\xbc\xaf\x27\x1c", 6) == 0);
}

static void read_archive(cs_ingest *ing, struct archive *a, const char *prefix, unsigned depth);
static void read_member(cs_ingest *ing, cs_read_fn fn, cs_lend_fn lend, void *fn_ctx, const char *member,
                        unsigned depth);

/* A gzip stream (its magic at the start of in's window): its content is
 * read as a member one level deeper. */
static void read_gzip(cs_ingest *ing, cs_stream *in, const char *member, unsigned depth)
{
    cs_gunzip *g = cs_gunzip_open(in);
    if (g)
        read_member(ing, cs_gunzip_read, NULL, g, member, depth + 1);
    else
        cs_ingest_lost(ing, member, 0, "out of memory opening a gzip stream");
    cs_gunzip_close(g);
}

/* A printable preview of the first bytes, for "not a certificate" errors. */
static void preview(const uint8_t *p, size_t n, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < n && i < 16 && o + 4 < size; i++)
        o += (size_t)snprintf(out + o, size - o, "%02x", p[i]);
    out[o] = '\0';
}

/* Consumes a run of zero bytes at the start of the window (padding,
 * preallocated or zeroed space); returns how many. */
static uint64_t skip_zeros(cs_stream *s)
{
    uint64_t n = 0;
    for (;;) {
        size_t avail = cs_stream_avail(s);
        if (avail == 0 && (avail = cs_stream_fill(s, 1)) == 0)
            return n;
        const uint8_t *p = cs_stream_data(s);
        size_t k = 0;
        while (k < avail && p[k] == 0)
            k++;
        cs_stream_consume(s, k);
        n += k;
        if (k < avail)
            return n;
    }
}

/* Detects the format of the member in s and frames it to its end. */
static void frame(cs_ingest *ing, cs_stream *s, const char *member, const char *hint)
{
    size_t n = cs_stream_fill(s, 64 * 1024);
    const uint8_t *p = cs_stream_data(s);
    const cs_framer *fr = ing->forced ? ing->forced : cs_framer_detect(p, n, s->eof && !s->failed, hint);
    if (!fr && p[0] == 0) {
        /* Leading zeros fit no format: what follows them may. */
        uint64_t at = cs_stream_pos(s), zeros = skip_zeros(s);
        n = cs_stream_fill(s, 64 * 1024);
        p = cs_stream_data(s);
        if (n == 0) {
            if (!s->failed)
                cs_ingest_error(ing, member, at, 0, "no certificate: %llu zero bytes and nothing else",
                                (unsigned long long)zeros);
            return;
        }
        fr = cs_framer_detect(p, n, s->eof && !s->failed, hint);
    }
    if (!fr) {
        char pv[40];
        preview(p, n, pv, sizeof pv);
        cs_ingest_error(ing, member, cs_stream_pos(s), 0, "not a recognized certificate format (first bytes %s)", pv);
        return;
    }
    cs_fctx f = { .in = s, .ing = ing, .member = member, .name = hint, .max_record = ing->max_record };
    if (!cs_frame_chunked(&f, fr))
        fr->run(&f);
}

/* a, sep and b one after the other into out, cut to size - 1 bytes as
 * snprintf("%s%s%s") would; false when cut.  Once or twice per archive
 * member: snprintf's format parsing showed in the profile of a tar of
 * small members. */
static bool join3(char *out, size_t size, const char *a, const char *sep, const char *b)
{
    const char *part[3] = { a, sep, b };
    size_t o = 0;
    bool whole = true;
    for (int i = 0; i < 3; i++) {
        size_t k = strlen(part[i]);
        if (k >= size - o) {
            k = size - 1 - o;
            whole = false;
        }
        memcpy(out + o, part[i], k);
        o += k;
    }
    out[o] = '\0';
    return whole;
}

/* Frames one member (or a whole plain stream); an archive or a
 * compressed stream in it is opened by a nested reader. */
static void read_member(cs_ingest *ing, cs_read_fn fn, cs_lend_fn lend, void *fn_ctx, const char *member,
                        unsigned depth)
{
    char hint[4096];
    if (!join3(hint, sizeof hint, ing->path, *member ? "/" : "", member))
        hint[0] = '\0'; /* only a hint */
    cs_stream s;
    cs_stream_init_lending(&s, fn, lend, fn_ctx, ing->max_record + 2 * CS_STREAM_CHUNK);
    size_t n = cs_stream_fill(&s, 64 * 1024);
    const uint8_t *p = cs_stream_data(&s);
    bool open = n > 0 && depth < CS_MAX_NESTING && !(ing->forced && ing->forced == &cs_framer_der);
    if (open && cs_gunzip_magic(p, n)) {
        read_gzip(ing, &s, member, depth);
    } else if (open && is_container(p, n)) {
        struct archive *a = new_reader(is_archive(p, n));
        nested_src ns = { &s, 0 };
        if (!a) {
            cs_ingest_lost(ing, member, 0, "out of memory opening a nested archive");
        } else if (archive_read_open(a, &ns, NULL, nested_read, NULL) != ARCHIVE_OK) {
            const char *e = archive_error_string(a);
            cs_ingest_lost(ing, member, 0, "cannot open as archive: %s", e ? e : "unknown error");
        } else {
            read_archive(ing, a, member, depth + 1);
            /* An archive reader stops at its end marker: what follows
             * (padding, a gzip or xz trailer) is read too, so that the
             * decompressor checks its trailers and damage is seen. */
            if (!cs_ingest_stopping(ing))
                cs_stream_skip(&s, UINT64_MAX);
        }
        archive_read_free(a);
    } else if (n > 0) {
        /* No archive on the way: the whole stream is the input's one unit. */
        bool wanted = !ing->units_pending || cs_ingest_unit_wanted(ing, member, 0, 0);
        ing->units_pending = false;
        if (wanted)
            frame(ing, &s, member, hint);
    }
    if (s.failed && !cs_ingest_stopping(ing))
        cs_ingest_lost(ing, member, s.base, "read error at byte %llu: %s", (unsigned long long)s.base, s.err);
    cs_stream_free(&s);
}

/* Static-ct-api logs keep hash tiles (tile/<level>/...) and names tiles
 * (tile/names/...) beside the data tiles; they hold no certificate bytes,
 * so a directory or archive of a log skips them rather than counting
 * every one as a bad record.  The issuer/<sha256 hex> files are the chain
 * certificates the entries point to, not log entries: counting them would
 * add each CA once per copy of the log. */
static bool is_ct_issuer_file(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    if (strlen(base) != 64 || strspn(base, "0123456789abcdef") != 64)
        return false;
    size_t dir_len = (size_t)(base - name);
    return dir_len >= 7 && strncmp(base - 7, "issuer/", 7) == 0 &&
           (dir_len == 7 || base[-8] == '/');
}

bool cs_source_is_ct_sidecar(const char *name)
{
    if (is_ct_issuer_file(name))
        return true;
    for (const char *t = name; (t = strstr(t, "tile/")) != NULL; t += 5) {
        if (t != name && t[-1] != '/')
            continue;
        const char *c = t + 5;
        if (strncmp(c, "names/", 6) == 0)
            return true;
        size_t d = 0;
        while (isdigit((unsigned char)c[d]))
            d++;
        if (d > 0 && c[d] == '/')
            return true;
    }
    return false;
}

static void read_archive(cs_ingest *ing, struct archive *a, const char *prefix, unsigned depth)
{
    char name[4096];
    struct archive_entry *e;
    uint64_t count = 0;
    unsigned retries = 0;
    bool units = false; /* this archive's members are the input's units */
    bool shared = depth == 0 && ing->part_bytes_max; /* every part of the input walks it */
    while (!cs_ingest_stopping(ing) && !ing->part_past) {
        int r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            /* RETRY: this header is damaged but the reader may find the
             * next one; report a run of damage once, give up if endless.
             * Of several readers of the archive, the one whose part holds
             * the damage reports it. */
            const char *msg = archive_error_string(a);
            int64_t at = archive_filter_bytes(a, 0);
            if ((retries++ == 0 || r != ARCHIVE_RETRY) && (!shared || cs_ingest_part_here(ing)))
                cs_ingest_lost(ing, prefix, (uint64_t)at,
                               "archive damaged after %llu member%s (byte %lld of the archive): %s",
                               (unsigned long long)count, count == 1 ? "" : "s", (long long)at,
                               msg ? msg : "unknown error");
            if (r == ARCHIVE_RETRY && retries < 10000)
                continue;
            break;
        }
        retries = 0;
        count++;
        bool raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
        if (raw) {
            join3(name, sizeof name, prefix, "", "");
        } else {
            if (archive_entry_filetype(e) != AE_IFREG)
                continue;
            const char *pn = archive_entry_pathname(e);
            if (!pn)
                pn = "?";
            while (pn[0] == '.' && pn[1] == '/')
                pn += 2;
            join3(name, sizeof name, prefix, *prefix ? "/" : "", pn); /* a long name is cut, not an error */
            if (cs_source_is_ct_sidecar(name))
                continue;
            if (ing->units_pending) {
                units = true;
                ing->units_pending = false;
            }
            uint64_t size = (uint64_t)archive_entry_size(e);
            if (units && !(cs_ingest_part_owns(ing, name, cs_ingest_part_weight(size)) &&
                           cs_ingest_unit_wanted(ing, name, size, archive_entry_mtime(e))))
                continue;
            if (archive_entry_is_encrypted(e)) {
                cs_ingest_lost(ing, name, 0, "encrypted archive member skipped");
                continue;
            }
        }
        member_src m = member_open(a, raw ? NULL : e, ing);
        read_member(ing, member_read, member_lend, &m, name, depth);
        /* After a bomb in a compressed whole (tar.gz), the rest can only
         * be reached by inflating it: give up on this archive.  In a zip
         * each member is compressed alone and the next one is reachable. */
        if (m.bomb && (raw || archive_filter_count(a) > 1))
            break;
    }
}

/* True when a regular file starts (at its current offset) with the magic
 * of an archive format: it is then read with seeking, as zip's central
 * directory and 7z's header at the end want.  Anything else (compressed
 * streams, plain files, pipes) is opened for its compression only and
 * its content sniffed by read_member. */
static bool seekable_archive(fd_src *src)
{
    off_t at = lseek(src->fd, 0, SEEK_CUR);
    ssize_t n = at < 0 ? -1 : pread(src->fd, src->buf, 4096, at);
    return n > 0 && is_archive(src->buf, (size_t)n);
}

void cs_source_digest_done(cs_ingest_stats *st, EVP_MD_CTX *md, uint64_t bytes)
{
    uint8_t d[32];
    if (EVP_DigestFinal_ex(md, d, NULL) &&
        (st->digest_files == 0 || (EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
                                   EVP_DigestUpdate(md, st->sha256, 32) && EVP_DigestUpdate(md, d, 32) &&
                                   EVP_DigestFinal_ex(md, d, NULL)))) {
        memcpy(st->sha256, d, 32);
        st->digest_bytes += bytes;
        st->digest_files++;
    }
    EVP_MD_CTX_free(md);
}

void cs_source_fd(cs_ingest *ing, int fd, const char *member)
{
    fd_src *src = malloc(sizeof *src);
    struct stat st;
    bool seekable = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    EVP_MD_CTX *md = ing->no_digest ? NULL : EVP_MD_CTX_new();
    if (src) {
        src->fd = fd;
        src->seekable = seekable;
        src->size = seekable ? (uint64_t)st.st_size : 0;
        src->ing = ing;
        src->pos = src->high = 0;
        src->md = md;
        src->hashed = 0;
    }
    struct archive *a = !src ? NULL : new_reader(seekable && seekable_archive(src));
    if (!src || !a || (!ing->no_digest && (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)))) {
        cs_ingest_lost(ing, member, 0, "out of memory opening the input");
        free(src);
        archive_read_free(a);
        EVP_MD_CTX_free(md);
        return;
    }
    archive_read_set_callback_data(a, src);
    archive_read_set_read_callback(a, fd_read);
    archive_read_set_skip_callback(a, fd_skip);
    if (src->seekable)
        archive_read_set_seek_callback(a, fd_seek);
    if (archive_read_open1(a) != ARCHIVE_OK) {
        const char *e = archive_error_string(a);
        if (!ing->part_bytes_max || cs_ingest_part_here(ing))
            cs_ingest_lost(ing, member, 0, "cannot read: %s", e ? e : "unknown error");
    } else {
        read_archive(ing, a, member, 0);
    }
    archive_read_free(a);
    if (md)
        cs_source_digest_done(ing->stats, md, src->hashed);
    free(src);
}

/* ---- directories ------------------------------------------------------ */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of a directory (bytewise, so scans are the same
 * under any locale); NULL when it cannot be read. */
static char **list_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    bool oom = false;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                oom = true;
                break;
            }
            v = nv;
            cap = nc;
        }
        if (!(v[n] = strdup(de->d_name))) {
            oom = true;
            break;
        }
        n++;
    }
    closedir(d);
    if (oom) {
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
        errno = ENOMEM;
        return NULL;
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_names);
    *count = n;
    return v ? v : calloc(1, sizeof *v);
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The real path of a symbolic link's target when it lies inside root
 * (a real path), written to out; false for a link out of the tree. */
static bool link_inside(const char *root, const char *path, char *out)
{
    if (!realpath(path, out))
        return false;
    size_t n = strlen(root);
    return strncmp(out, root, n) == 0 && (out[n] == '/' || (n == 1 && root[0] == '/'));
}

static uint64_t dir_size(const char *root, const char *dir, const char *rel, unsigned depth)
{
    size_t n;
    char **v = depth < 64 ? list_dir(dir, &n) : NULL;
    if (!v)
        return 0;
    uint64_t sum = 0;
    char path[4096], sub[4096], target[PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", dir, v[i]) >= (int)sizeof path || lstat(path, &st) != 0 ||
            snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", v[i]) >= (int)sizeof sub)
            continue;
        if (S_ISDIR(st.st_mode))
            sum += dir_size(root, path, sub, depth + 1);
        else if ((S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                                          link_inside(root, path, target))) &&
                 !cs_source_is_ct_sidecar(sub))
            sum += (uint64_t)st.st_size;
    }
    free_list(v, n);
    return sum;
}

uint64_t cs_source_dir_size(const char *dir)
{
    char root[PATH_MAX];
    return realpath(dir, root) ? dir_size(root, dir, "", 0) : 0;
}

/* rel: the path below the input directory, the member name of its files;
 * root: the input directory's real path.  A symbolic link is followed
 * only to a regular file inside root: a link out of the tree is reported
 * and not read (its bytes are not the input's).  Of several readers of
 * the directory, the one whose part holds the files walked so far reports
 * what is met between them (cs_ingest_part_here). */
static void walk(cs_ingest *ing, const char *root, const char *dir, const char *rel, unsigned depth)
{
    size_t n;
    char **v = list_dir(dir, &n);
    if (!v) {
        if (cs_ingest_part_here(ing))
            cs_ingest_lost(ing, rel, 0, "cannot read directory: %s", strerror(errno));
        return;
    }
    char path[PATH_MAX], sub[4096], target[PATH_MAX];
    for (size_t i = 0; i < n && !cs_ingest_stopping(ing) && !ing->part_past; i++) {
        struct stat st;
        if (snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", v[i]) >= (int)sizeof sub)
            sub[sizeof sub - 1] = '\0';
        if (snprintf(path, sizeof path, "%s/%s", dir, v[i]) >= (int)sizeof path) {
            if (cs_ingest_part_here(ing))
                cs_ingest_lost(ing, sub, 0, "path too long");
            continue;
        }
        if (lstat(path, &st) != 0) {
            if (cs_ingest_part_here(ing))
                cs_ingest_lost(ing, sub, 0, "cannot stat: %s", strerror(errno));
            continue;
        }
        /* Symbolic links to directories are not followed: they can loop. */
        if (S_ISDIR(st.st_mode)) {
            if (depth < 64)
                walk(ing, root, path, sub, depth + 1);
            else if (cs_ingest_part_here(ing))
                cs_ingest_lost(ing, sub, 0, "directories nested too deep");
            continue;
        }
        const char *open_path = path;
        if (S_ISLNK(st.st_mode)) {
            if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            if (!link_inside(root, path, target)) {
                if (cs_ingest_part_here(ing))
                    cs_ingest_error(ing, sub, 0, 0, "symbolic link to a file outside the input directory: not read");
                continue;
            }
            open_path = target;
        }
        if (!S_ISREG(st.st_mode) || cs_source_is_ct_sidecar(sub))
            continue;
        if (!cs_ingest_part_owns(ing, sub, (uint64_t)st.st_size) ||
            !cs_ingest_unit_wanted(ing, sub, (uint64_t)st.st_size, (int64_t)st.st_mtime))
            continue;
        int fd = open(open_path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            cs_ingest_lost(ing, sub, 0, "cannot open: %s", strerror(errno));
            continue;
        }
        cs_source_fd(ing, fd, sub);
        close(fd);
    }
    free_list(v, n);
}

bool cs_source_dir(cs_ingest *ing, const char *dir, char *err, size_t err_size)
{
    size_t n;
    char root[PATH_MAX];
    char **v = realpath(dir, root) ? list_dir(dir, &n) : NULL;
    if (!v) {
        snprintf(err, err_size, "%s: cannot read directory: %s", dir, strerror(errno));
        return false;
    }
    free_list(v, n);
    ing->units_pending = false; /* the files are the units */
    walk(ing, root, dir, "", 0);
    return true;
}
