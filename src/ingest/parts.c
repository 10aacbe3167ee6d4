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

unsigned cs_ingest_parts(const char *path, const cs_ingest_options *opt, unsigned readers, cs_ingest_stats *stats)
{
    if (readers <= 1 || !opt || !opt->no_digest || opt->unit_filter || strcmp(path, "-") == 0)
        return 1;
    struct stat st;
    if (stat(path, &st) != 0)
        return 1;
    bool dir = S_ISDIR(st.st_mode), zip = false;
    if (!dir) {
        uint8_t head[4096];
        int fd = S_ISREG(st.st_mode) ? open(path, O_RDONLY | O_CLOEXEC) : -1;
        ssize_t n = fd < 0 ? -1 : pread(fd, head, sizeof head, 0);
        if (fd >= 0)
            close(fd);
        if (n > 0 && cs_pdecomp_magic(head, (size_t)n))
            return cs_pdecomp_parts(path, (uint64_t)st.st_size, opt, readers, stats);
        if (n <= 0 || !cs_source_is_seekable_archive(head, (size_t)n))
            return 1;
        zip = head[0] == 'P';
    }
    /* A tar's members are where their weights say, a directory's files
     * weigh what they hold; a zip's members (their sizes are before
     * compression) are weighed first, from its central directory. */
    uint64_t share = dir ? cs_source_dir_size(path) : (uint64_t)st.st_size;
    if (stats && dir)
        atomic_store(&stats->total_bytes, share);
    if (zip) {
        cs_ingest_options o = *opt;
        o.unit_filter = weigh;
        o.unit_ctx = &share;
        share = 0;
        cs_ingest_stats ps;
        memset(&ps, 0, sizeof ps);
        char err[256];
        if (!cs_ingest_run(path, 0, &o, drop, NULL, &ps, err, sizeof err))
            return 1;
    }
    if (stats)
        stats->parts_bytes = share;
    uint64_t most = share / CS_PART_MIN_BYTES;
    return most < 2 ? 1 : most < readers ? (unsigned)most : readers;
}
