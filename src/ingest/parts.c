/* Several readers for one input (parts.h): which part reads which unit,
 * and how the parts' accounts are put together. */
#include "ingest/parts.h"

#include "ingest/ingest_int.h"
#include "ingest/pdecomp.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

unsigned cs_ingest_part_owner(const cs_ingest *ing, uint64_t at)
{
    uint64_t share = ing->part_total / ing->parts + 1;
    uint64_t k = at / share;
    return k < ing->parts ? (unsigned)k : ing->parts - 1;
}

/* Any name that cs_tile_key() may de-duplicate. */
static bool is_tile(const char *member)
{
    return strstr(member, "tile/data/") != NULL;
}

/* An archive member's weight: its size and a header block, in tar blocks
 * (so that in a tar the members are where they are in the file).  A
 * directory's file weighs its size. */
uint64_t cs_ingest_part_weight(uint64_t size)
{
    return 512 + (size + 511) / 512 * 512;
}

bool cs_ingest_part_owns(cs_ingest *ing, const char *member, uint64_t weight)
{
    uint64_t at = ing->part_walked;
    ing->part_walked += weight;
    if (ing->parts <= 1)
        return true;
    if (is_tile(member))
        return ing->part == ing->parts - 1;
    unsigned k = cs_ingest_part_owner(ing, at);
    if (k > ing->part)
        ing->part_past = true;
    return k == ing->part;
}

bool cs_ingest_part_here(const cs_ingest *ing)
{
    return ing->parts <= 1 || cs_ingest_part_owner(ing, ing->part_walked) == ing->part;
}

void cs_ingest_part_end(cs_ingest *ing, bool stopped)
{
    cs_ingest_stats *st = ing->stats;
    while (atomic_flag_test_and_set_explicit(&st->parts_lock, memory_order_acquire))
        ;
    if (ing->part_reason[0] && (st->reason_part == 0 || ing->part + 1 < st->reason_part)) {
        memcpy(st->incomplete, ing->part_reason, sizeof st->incomplete);
        st->reason_part = ing->part + 1;
    }
    st->parts_stopped = st->parts_stopped || stopped;
    bool last = ++st->parts_ended == ing->parts;
    bool whole = !st->parts_stopped;
    atomic_flag_clear_explicit(&st->parts_lock, memory_order_release);
    if (last)
        atomic_store(&st->finished, whole);
}

/* Planning: every unit is weighed, none is read. */
static bool weigh(void *ctx, uint32_t input, const cs_ingest_unit *u)
{
    (void)input;
    *(uint64_t *)ctx += cs_ingest_part_weight(u->size);
    return false;
}

static bool drop(void *ctx, cs_batch *b)
{
    (void)ctx;
    cs_batch_free(b);
    return true;
}

/* A plain file that its parts read as byte ranges: its framer and
 * format, NULL for any other file (ingest_int.h). */
static const cs_framer *plain_parts_framer(int fd, uint64_t size, const cs_framer *forced, const char *path,
                                           cs_resync_format *fmt)
{
    const cs_framer *fr = cs_source_plain_framer(fd, size, forced, path, fmt);
    /* DER has no marker: a part could only find where it starts by
     * walking every header before it, from the start of the file.  One
     * reader cuts it into chunks for the workers (ingest.h) instead. */
    return fr && *fmt != CS_RESYNC_DER ? fr : NULL;
}

bool cs_ingest_file_part(cs_ingest *ing, int fd, bool digest)
{
    uint64_t size = ing->part_total; /* as planned: all parts cut the same bytes */
    cs_resync_format fmt;
    const cs_framer *fr = plain_parts_framer(fd, size, ing->forced, ing->path, &fmt);
    if (!fr) {
        uint8_t head[4096];
        ssize_t n = pread(fd, head, sizeof head, 0);
        if (n > 0 && cs_source_is_seekable_archive(head, (size_t)n)) {
            /* Its members are the parts' units (cs_source_fd); its digest,
             * of its bytes, is the last part's to make, as for a plain
             * file. */
            struct stat st;
            if (digest && ing->part + 1 == ing->parts && fstat(fd, &st) == 0)
                cs_source_file_digest(ing, fd, (uint64_t)st.st_size);
            return false;
        }
        /* Nothing to cut it at: the first part reads it whole. */
        if (ing->part == 0) {
            ing->no_digest = !digest;
            cs_source_fd(ing, fd, "");
        }
        return true;
    }
    struct stat before, after;
    bool known = fstat(fd, &before) == 0;
    /* The digest is of the whole file in order: the last part makes it
     * first, while the others frame. */
    if (digest && ing->part + 1 == ing->parts)
        cs_source_file_digest(ing, fd, size);
    cs_source_file_part(ing, fd, size, fr, fmt);
    /* A single reader reads what it hashes; parts read the file at
     * different times, so a change under them is said. */
    if (known && fstat(fd, &after) == 0 &&
        ((uint64_t)before.st_size != size || after.st_size != before.st_size ||
         after.st_mtim.tv_sec != before.st_mtim.tv_sec || after.st_mtim.tv_nsec != before.st_mtim.tv_nsec))
        cs_ingest_incomplete(ing, "the file changed while it was read");
    return true;
}

/* What the parts of a directory share out: its files' sizes (which the
 * parts find in stats->total_bytes). */
static uint64_t dir_share(const char *path, cs_ingest_stats *stats)
{
    uint64_t share = cs_source_dir_size(path);
    if (stats)
        atomic_store(&stats->total_bytes, share);
    return share;
}

/* A zip's members, weighed from its central directory (their sizes are
 * before compression); 0 when it cannot be read. */
static uint64_t zip_share(const char *path, const cs_ingest_options *opt)
{
    uint64_t share = 0;
    cs_ingest_options o = *opt;
    o.no_digest = true;
    o.unit_filter = weigh;
    o.unit_ctx = &share;
    cs_ingest_stats ps;
    memset(&ps, 0, sizeof ps);
    char err[256];
    return cs_ingest_run(path, 0, &o, drop, NULL, &ps, err, sizeof err) ? share : 0;
}

/* Whether the file starts like a compressed file pdecomp.h may split. */
static bool compressed(const char *path)
{
    uint8_t head[16];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : pread(fd, head, sizeof head, 0);
    if (fd >= 0)
        close(fd);
    return n > 0 && cs_pdecomp_magic(head, (size_t)n);
}

/* What the parts of a regular file share out: a tar's or cpio's bytes (its
 * members are where their weights say), a zip's members, a plain file's
 * bytes (*plain set); 0 when it is read by one reader. */
static uint64_t file_share(const char *path, const cs_ingest_options *opt, uint64_t size, bool *plain)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    uint8_t head[4096];
    ssize_t n = pread(fd, head, sizeof head, 0);
    uint64_t share = 0;
    if (n > 0 && cs_source_is_seekable_archive(head, (size_t)n)) {
        share = head[0] == 'P' ? zip_share(path, opt) : size;
    } else if (n > 0) {
        cs_resync_format fmt;
        bool forced = opt->format && *opt->format && strcmp(opt->format, "auto") != 0;
        *plain = plain_parts_framer(fd, size, forced ? cs_framer_find(opt->format) : NULL, path, &fmt) != NULL;
        share = *plain ? size : 0;
    }
    close(fd);
    return share;
}

unsigned cs_ingest_parts(const char *path, const cs_ingest_options *opt, unsigned readers, cs_ingest_stats *stats)
{
    if (readers <= 1 || !opt || opt->unit_filter || strcmp(path, "-") == 0)
        return 1;
    struct stat st;
    if (stat(path, &st) != 0)
        return 1;
    /* A compressed file made of independent pieces (pdecomp.h); its
     * parts make no digest. */
    if (S_ISREG(st.st_mode) && opt->no_digest && compressed(path))
        return cs_pdecomp_parts(path, (uint64_t)st.st_size, opt, readers, stats);
    uint64_t share = 0;
    bool plain = false;
    if (S_ISDIR(st.st_mode) && opt->no_digest)
        share = dir_share(path, stats);
    else if (S_ISREG(st.st_mode))
        share = file_share(path, opt, (uint64_t)st.st_size, &plain);
    if (stats)
        stats->parts_bytes = share;
    if (plain)
        readers /= CS_PLAIN_PART_READERS;
    uint64_t most = share / CS_PART_MIN_BYTES;
    return most < 2 || readers < 2 ? 1 : most < readers ? (unsigned)most : readers;
}
