/* Internal state of one cs_ingest_run, shared by ingest.c (batches,
 * options) and source.c (files, directories, archives, filters). */
#ifndef CS_INGEST_INGEST_INT_H
#define CS_INGEST_INGEST_INT_H

#include "ingest/framer.h"

/* Nested archives (a .tar whose members are .tar.gz ...) are opened this
 * deep; deeper ones are framed as they are. */
#define CS_MAX_NESTING 4
/* A member that expands more than this ratio over its compressed bytes,
 * once past CS_BOMB_MIN bytes, is abandoned as a decompression bomb. */
#define CS_BOMB_RATIO 1000
#define CS_BOMB_MIN ((uint64_t)64 << 20)

struct cs_ingest {
    const char *path;            /* the input as given */
    uint32_t input;
    cs_batch_sink sink;
    void *sink_ctx;
    cs_ingest_stats *stats;
    cs_ingest_stats own_stats;   /* when the caller passed none */
    const cs_framer *forced;     /* --format, or NULL to detect */
    const char *json_field;
    int csv_column;
    size_t batch_records, batch_bytes, max_record;
    const atomic_bool *stop;
    cs_batch *batch;
    uint64_t seq;
    bool stopped;                /* sink refused, stop requested or out of memory */
};

/* Emits an error record for a member outside any framer. */
bool cs_ingest_error(cs_ingest *ing, const char *member, uint64_t offset, uint64_t line,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
bool cs_ingest_stopping(cs_ingest *ing);

/* source.c: reads an open file descriptor (file, stdin) as a possible
 * archive or compressed stream; member is its name below a directory
 * input ("" otherwise).  Takes no ownership of fd. */
void cs_source_fd(cs_ingest *ing, int fd, const char *member);
/* source.c: walks a directory in sorted order; false if it cannot be read. */
bool cs_source_dir(cs_ingest *ing, const char *dir, char *err, size_t err_size);
/* source.c: sum of regular file sizes below dir. */
uint64_t cs_source_dir_size(const char *dir);

#endif
