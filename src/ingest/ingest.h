/* Reading inputs: paths (files, directories, archives, compressed
 * streams) or "-" for standard input, turned into batches of records.
 *
 * cs_ingest_run() is called by one reader thread per input.  It opens the
 * input (libarchive for containers and compression filters), detects the
 * format of each stream by content unless one is forced, frames records
 * and hands full batches to the sink.  Errors that affect one record or
 * member become CS_REC_ERROR records (so they are counted like any bad
 * record) and reading goes on; only an input that cannot be opened at all
 * makes cs_ingest_run() return false.
 *
 * An input is complete only when it was read to its end and every record
 * in it was counted.  Anything else (a read error, a damaged archive, the
 * decompression guard, a member that could not be opened, a stop request)
 * leaves its reason in cs_ingest_stats.incomplete. */
#ifndef CS_INGEST_INGEST_H
#define CS_INGEST_INGEST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/record.h"

/* A unit of work of a sharded scan (src/shard): a file of a directory
 * input, a member of the outermost archive of a file input, a byte range
 * of a large plain file input (range.c; member "", size its length), or
 * else the whole stream of a file input (member "", size 0, mtime 0). */
typedef struct cs_ingest_unit {
    const char *member;     /* its name in record origins ("" for a whole file) */
    uint64_t size;          /* file, member or range size in bytes */
    int64_t mtime;          /* seconds since 1970 (0 when not known) */
} cs_ingest_unit;

/* Asked before each unit is read, in input order, from the input's
 * reader thread; false skips the unit unread. */
typedef bool (*cs_unit_filter)(void *ctx, uint32_t input, const cs_ingest_unit *unit);

typedef struct cs_ingest_options {
    const char *format;     /* NULL or "auto": detect; otherwise a name from cs_format_list() */
    const char *json_field; /* JSON Lines base64 field; NULL = defaults */
    int csv_column;         /* CSV base64 column, 0-based; -1 = last */
    size_t batch_records;   /* records per batch (default 256) */
    size_t batch_bytes;     /* bytes per batch before it is handed on (default 1 MiB) */
    size_t max_record;      /* largest record accepted (default 16 MiB); larger ones are errors */
    const atomic_bool *stop;/* set by the pipeline on interruption: stop reading soon */
    cs_unit_filter unit_filter; /* NULL: every unit is read */
    void *unit_ctx;
    /* Chunked framing: a plain member (PEM, DER, base64 lines, JSON Lines,
     * CSV) longer than this is handed on in chunks of about this size,
     * cut at record boundaries (resync.h), as batches of one CS_REC_CHUNK
     * record that the consumer frames with cs_ingest_frame_chunk, so one
     * large input is framed on every worker.  0 (or CS_CHUNK_NEVER): the
     * reader frames everything itself. */
    size_t chunk_bytes;
    /* No input digest (cs_ingest_stats.sha256): what libarchive skips in a
     * seekable file is passed over with lseek instead of read, and a
     * directory may be read by several readers at once (parts.h).  false (the
     * default) keeps the digest, which a state file and merge need to
     * tell inputs apart: a caller sets it only when it writes neither
     * (the scan command without --state and --shard). */
    bool no_digest;
} cs_ingest_options;

#define CS_CHUNK_NEVER SIZE_MAX

/* Progress and accounting of one input, readable while it is running. */
typedef struct cs_ingest_stats {
    _Atomic uint64_t bytes_read;   /* compressed bytes consumed from the input */
    _Atomic uint64_t total_bytes;  /* size of the input when known (sum of files), else 0 */
    _Atomic uint64_t records;      /* records framed (including CS_REC_ERROR ones) */
    atomic_bool finished;          /* reached the end (false if stopped early) */
    /* "" while the input is complete; otherwise the first reason it is
     * not.  Written by the reading thread only: read it once
     * cs_ingest_run() has returned. */
    char incomplete[256];
    /* Identity of what was read, set as each file ends (read it once the
     * input is done): SHA-256 of the raw bytes read, in order, and their
     * number.  A directory's files are chained in walk order:
     * sha256 = SHA-256(sha256 so far || SHA-256 of the next file). */
    uint8_t sha256[32];
    uint64_t digest_bytes;
    uint64_t digest_files;         /* files (or standard input) digested */
    /* Kept by the parts of an input read by several readers (parts.h) as
     * each ends; zero before the first part starts. */
    atomic_flag parts_lock;
    uint32_t parts_ended;
    uint32_t reason_part;          /* 1 + the part whose reason `incomplete` holds, 0 none */
    uint64_t parts_bytes;          /* what the parts share out, as planned (parts.c) */
    bool parts_stopped;            /* a part stopped before its end */
    struct cs_part_lines *part_lines; /* a plain file's parts' newline counts while they run (part_lines.h) */
} cs_ingest_stats;

/* Receives a full batch; takes ownership.  Returns false to stop reading
 * (the batch is still consumed). */
typedef bool (*cs_batch_sink)(void *ctx, cs_batch *batch);

/* Frames a chunk batch (chunk->chunk_framer set) into a batch of its
 * records, with the origins the reader would have given them, counting
 * them in stats->records; order and seq are the chunk's.  A chunk is
 * framed to its end (it has been read: stopping midway would lose
 * count).  NULL on out-of-memory. */
cs_batch *cs_ingest_frame_chunk(const cs_batch *chunk, cs_ingest_stats *stats);

/* Reads one input.  Returns false (and writes err) when the input cannot
 * be opened at all (missing path, unreadable). */
bool cs_ingest_run(const char *path, uint32_t input_id, const cs_ingest_options *opt,
                   cs_batch_sink sink, void *sink_ctx, cs_ingest_stats *stats,
                   char *err, size_t err_size);

/* Records made by a reader outside this layer (the CT log readers, which
 * frame and check entries themselves), batched and handed to the sink as
 * cs_ingest_run does for what it reads: the same batch limits and
 * numbering, each record counted in stats->records.  NULL when out of
 * memory. */
typedef struct cs_ingest cs_ingest;
cs_ingest *cs_ingest_writer_new(uint32_t input_id, cs_batch_sink sink, void *sink_ctx, cs_ingest_stats *stats);
/* Adds one record (copied); false when reading must stop: the sink
 * refused a batch, or out of memory. */
bool cs_ingest_write(cs_ingest *w, cs_record_encoding enc, const void *data, size_t len, const char *member,
                     uint64_t offset, int64_t ct_index);
/* Hands on what is batched (also after a stop, so counts stay exact)
 * and frees w; false when writing had stopped (or w is NULL). */
bool cs_ingest_writer_end(cs_ingest *w);

typedef struct cs_format_info {
    const char *name;
    const char *description;
} cs_format_info;

/* The framers, for --list-formats and --format validation. */
size_t cs_format_count(void);
const cs_format_info *cs_format_get(size_t i);
bool cs_format_known(const char *name);

#endif
