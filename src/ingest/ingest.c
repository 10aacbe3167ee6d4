/* cs_ingest_run: options, batches and the hand-off to the pipeline.
 * Where the bytes come from is source.c; how records are cut is the
 * framers' business (format_*.c). */
#include "ingest/ingest_int.h"
#include "ingest/parts.h"
#include "ingest/pdecomp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Batch limits unless the options say otherwise. */
#define BATCH_RECORDS 256
#define BATCH_BYTES ((size_t)1 << 20)

bool cs_ingest_stopping(cs_ingest *ing)
{
    if (!ing->stopped && ing->stop && atomic_load_explicit(ing->stop, memory_order_relaxed))
        ing->stopped = true;
    return ing->stopped;
}

bool cs_fctx_stopping(const cs_fctx *f)
{
    return cs_ingest_stopping(f->ing);
}

cs_tileset **cs_fctx_tiles(cs_fctx *f)
{
    return &f->ing->tiles;
}

void cs_ingest_incomplete(cs_ingest *ing, const char *fmt, ...)
{
    char *reason = ing->incomplete;
    if (*reason)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof ing->stats->incomplete, fmt, ap);
    va_end(ap);
    if (!*reason)
        snprintf(reason, sizeof ing->stats->incomplete, "not read completely");
}

bool cs_ingest_hand_on(cs_ingest *ing, cs_batch *b)
{
    cs_batch *filled = ing->batch;
    if (filled && filled->n > 0) {
        ing->batch = NULL;
        ing->last_n = filled->n;
        ing->last_bytes = filled->data_len;
        if (!ing->sink(ing->sink_ctx, filled))
            ing->stopped = true;
    }
    if (b && !ing->sink(ing->sink_ctx, b))
        ing->stopped = true;
    return !ing->stopped;
}

cs_batch *cs_ingest_new_batch(cs_ingest *ing)
{
    cs_batch *b = cs_batch_new();
    if (!b) {
        ing->stopped = true;
        return NULL;
    }
    b->seq = ing->seq++;
    b->input = ing->input;
    b->json_field = ing->json_field;
    b->csv_column = ing->csv_column;
    return b;
}

static bool add(cs_ingest *ing, const char *member, cs_record_encoding enc, const void *data, size_t len,
                uint64_t offset, uint64_t line, int64_t ct_index)
{
    if (ing->stopped)
        return false;
    if (!ing->batch) {
        if (!(ing->batch = cs_ingest_new_batch(ing)))
            return false;
        /* Batches of a member are alike: starting as large as the last
         * one saves growing it by doubling, a copy of its bytes. */
        if (ing->last_n)
            cs_batch_reserve(ing->batch, ing->last_n,
                             (ing->last_bytes < ing->batch_bytes ? ing->last_bytes : ing->batch_bytes) + len);
    }
    cs_origin o = { .input = ing->input, .member = cs_batch_intern(ing->batch, member),
                    .offset = offset, .line = line, .ct_index = ct_index };
    if (!cs_batch_add(ing->batch, enc, data, len, &o)) {
        ing->stopped = true;
        return false;
    }
    atomic_fetch_add_explicit(&ing->stats->records, 1, memory_order_relaxed);
    if (ing->batch->n >= ing->batch_records || ing->batch->data_len >= ing->batch_bytes)
        cs_ingest_hand_on(ing, NULL);
    return !cs_ingest_stopping(ing);
}

static bool verror(cs_ingest *ing, const char *member, uint64_t offset, uint64_t line, const char *fmt,
                   va_list ap) __attribute__((format(printf, 5, 0)));

static bool verror(cs_ingest *ing, const char *member, uint64_t offset, uint64_t line, const char *fmt,
                   va_list ap)
{
    char msg[400];
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof msg)
        n = sizeof msg - 1;
    return add(ing, member, CS_REC_ERROR, msg, (size_t)n, offset, line, -1);
}

bool cs_ingest_error(cs_ingest *ing, const char *member, uint64_t offset, uint64_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = verror(ing, member, offset, line, fmt, ap);
    va_end(ap);
    return ok;
}

bool cs_ingest_lost(cs_ingest *ing, const char *member, uint64_t offset, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cs_ingest_incomplete(ing, "%s%s%s", member, *member ? ": " : "", msg);
    return cs_ingest_error(ing, member, offset, 0, "%s", msg);
}

bool cs_ingest_unit_wanted(cs_ingest *ing, const char *member, uint64_t size, int64_t mtime)
{
    cs_ingest_unit u = { member, size, mtime };
    return !ing->unit_filter || ing->unit_filter(ing->unit_ctx, ing->input, &u);
}

bool cs_ingest_bomb(uint64_t produced, uint64_t compressed, char *err, size_t err_size)
{
    if (produced <= CS_BOMB_MIN || produced / (compressed ? compressed : 1) <= CS_BOMB_RATIO)
        return false;
    snprintf(err, err_size, "expands more than %d:1 (%llu bytes from %llu compressed): decompression bomb, abandoned",
             CS_BOMB_RATIO, (unsigned long long)produced, (unsigned long long)compressed);
    return true;
}

bool cs_emit(cs_fctx *f, cs_record_encoding enc, const void *data, size_t len, uint64_t offset,
             uint64_t line, int64_t ct_index)
{
    return add(f->ing, f->member, enc, data, len, offset, line, ct_index);
}

bool cs_emit_error(cs_fctx *f, uint64_t offset, uint64_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = verror(f->ing, f->member, offset, line, fmt, ap);
    va_end(ap);
    return ok;
}

/* What has been read is handed on even after a stop request, so the
 * count of records read stays exact. */
static void hand_on_last(cs_ingest *ing)
{
    if (ing->batch && ing->batch->n > 0) {
        cs_batch *b = ing->batch;
        ing->batch = NULL;
        ing->sink(ing->sink_ctx, b);
    }
    cs_batch_free(ing->batch);
    ing->batch = NULL;
}

cs_ingest *cs_ingest_writer_new(uint32_t input_id, cs_batch_sink sink, void *sink_ctx, cs_ingest_stats *stats)
{
    cs_ingest *ing = calloc(1, sizeof *ing);
    if (ing)
        *ing = (cs_ingest){ .path = "", .input = input_id, .sink = sink, .sink_ctx = sink_ctx, .stats = stats,
                            .csv_column = -1, .batch_records = BATCH_RECORDS, .batch_bytes = BATCH_BYTES };
    return ing;
}

bool cs_ingest_write(cs_ingest *ing, cs_record_encoding enc, const void *data, size_t len, const char *member,
                     uint64_t offset, int64_t ct_index)
{
    return add(ing, member, enc, data, len, offset, 0, ct_index);
}

bool cs_ingest_writer_end(cs_ingest *ing)
{
    if (!ing)
        return false;
    bool stopped = ing->stopped;
    hand_on_last(ing);
    free(ing);
    return !stopped;
}

bool cs_ingest_run(const char *path, uint32_t input_id, const cs_ingest_options *opt,
                   cs_batch_sink sink, void *sink_ctx, cs_ingest_stats *stats,
                   char *err, size_t err_size)
{
    bool finished;
    return cs_ingest_run_part(path, input_id, 0, 1, opt, sink, sink_ctx, stats, &finished, err, err_size);
}

bool cs_ingest_run_part(const char *path, uint32_t input_id, unsigned part, unsigned parts,
                        const cs_ingest_options *opt, cs_batch_sink sink, void *sink_ctx,
                        cs_ingest_stats *stats, bool *finished, char *err, size_t err_size)
{
    static const cs_ingest_options defaults = { .csv_column = -1 };
    if (!opt)
        opt = &defaults;
    if (parts == 0 || part >= parts)
        part = 0, parts = 1;
    cs_ingest ing = {
        .path = path, .input = input_id, .sink = sink, .sink_ctx = sink_ctx, .stats = stats,
        .json_field = opt->json_field, .csv_column = opt->csv_column, .stop = opt->stop,
        .batch_records = opt->batch_records ? opt->batch_records : BATCH_RECORDS,
        .batch_bytes = opt->batch_bytes ? opt->batch_bytes : BATCH_BYTES,
        .max_record = opt->max_record ? opt->max_record : (size_t)16 << 20,
        .unit_filter = opt->unit_filter, .unit_ctx = opt->unit_ctx, .units_pending = true,
        .chunk_bytes = opt->chunk_bytes == CS_CHUNK_NEVER ? 0 : opt->chunk_bytes,
        .no_digest = opt->no_digest || parts > 1, .part = part, .parts = parts,
        /* The batches of part k come after those of the parts before it. */
        .seq = (uint64_t)part << 40,
    };
    *finished = false;
    if (ing.max_record > (size_t)1 << 30)
        ing.max_record = (size_t)1 << 30; /* a batch must stay below 4 GiB */
    if (!ing.stats)
        ing.stats = &ing.own_stats;
    ing.incomplete = parts > 1 ? ing.part_reason : ing.stats->incomplete;
    if (err_size)
        *err = '\0';
    ing.incomplete[0] = '\0';
    if (opt->format && *opt->format && strcmp(opt->format, "auto") != 0) {
        ing.forced = cs_framer_find(opt->format);
        if (!ing.forced) {
            snprintf(err, err_size, "unknown format '%s'", opt->format);
            return false;
        }
    }
    if (parts == 1)
        atomic_store(&ing.stats->finished, false);

    if (strcmp(path, "-") == 0) {
        cs_source_fd(&ing, STDIN_FILENO, "");
    } else {
        struct stat st;
        if (stat(path, &st) != 0) {
            snprintf(err, err_size, "%s: %s", path, strerror(errno));
            return false;
        }
        if (S_ISDIR(st.st_mode)) {
            /* The parts of a directory have it sized when planned. */
            if (parts == 1 || !atomic_load(&ing.stats->total_bytes))
                atomic_store(&ing.stats->total_bytes, cs_source_dir_size(path));
            ing.part_total = ing.stats->parts_bytes ? ing.stats->parts_bytes : atomic_load(&ing.stats->total_bytes);
            if (!cs_source_dir(&ing, path, err, err_size)) {
                cs_ingest_hand_on(&ing, NULL);
                return false;
            }
        } else {
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                snprintf(err, err_size, "%s: %s", path, strerror(errno));
                return false;
            }
            if (S_ISREG(st.st_mode))
                atomic_store(&ing.stats->total_bytes, (uint64_t)st.st_size);
            ing.part_bytes_max = parts > 1;
            ing.part_total = ing.stats->parts_bytes ? ing.stats->parts_bytes : (uint64_t)st.st_size;
            bool read = S_ISREG(st.st_mode) &&
                        (parts > 1 ? cs_pdecomp_read_part(&ing, fd, (uint64_t)st.st_size) ||
                                         cs_ingest_file_part(&ing, fd, !opt->no_digest)
                                   : ing.unit_filter && cs_source_ranges(&ing, fd, (uint64_t)st.st_size));
            if (!read)
                cs_source_fd(&ing, fd, "");
            close(fd);
        }
    }
    bool stopped = cs_ingest_stopping(&ing);
    hand_on_last(&ing);
    cs_tileset_free(ing.tiles);
    if (stopped)
        cs_ingest_incomplete(&ing, "%s", ing.stop && atomic_load(ing.stop) ? "interrupted before its end"
                                                                           : "reading stopped before its end");
    *finished = !stopped;
    if (parts > 1)
        cs_ingest_part_end(&ing, stopped);
    else
        atomic_store(&ing.stats->finished, !stopped);
    return true;
}
