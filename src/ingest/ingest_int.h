/* Internal state of one cs_ingest_run, shared by ingest.c (batches,
 * options) and source.c (files, directories, archives, filters). */
#ifndef CS_INGEST_INGEST_INT_H
#define CS_INGEST_INGEST_INT_H

#include "ingest/framer.h"
#include "ingest/resync.h"
#include "ingest/tileset.h"

#include <openssl/evp.h>

/* Nested archives and compressed streams (a .tar whose members are
 * .tar.gz ...; each compression and each archive is one level) are
 * opened this deep; deeper ones are framed as they are. */
#define CS_MAX_NESTING 8
/* A compressed member (a compression filter, or a zip or 7z member) that
 * expands more than this ratio over the compressed bytes consumed for it,
 * once past CS_BOMB_MIN bytes, is abandoned as a decompression bomb (and
 * the input is incomplete).  Data that is not decompressed is never
 * measured. */
#define CS_BOMB_RATIO 1000
#define CS_BOMB_MIN ((uint64_t)64 << 20)
/* The guard: true, with the message in err, when `produced` decompressed
 * bytes from `compressed` bytes trip it. */
bool cs_ingest_bomb(uint64_t produced, uint64_t compressed, char *err, size_t err_size);

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
    size_t batch_records, batch_bytes, max_record, chunk_bytes;
    const atomic_bool *stop;
    cs_tileset *tiles;           /* static-ct tiles seen (format_tile.c), NULL until one is */
    cs_batch *batch;
    size_t last_n, last_bytes;   /* the size of the last full batch: the next one starts that large */
    uint64_t seq;
    bool stopped;                /* sink refused, stop requested or out of memory */
    cs_unit_filter unit_filter;  /* sharded scans: which units to read */
    void *unit_ctx;
    bool units_pending;          /* the level whose entries are the units is not reached yet */
    bool no_digest;              /* cs_ingest_options.no_digest */
    char *incomplete;            /* where the first reason goes: stats->incomplete, or the part's own */
    /* Part `part` of `parts` of an input read by several readers (parts.c);
     * parts == 1 for a whole input. */
    unsigned part, parts;
    uint64_t part_total;         /* the weight of the units the parts share out (parts.c) */
    uint64_t part_walked;        /* the weight of the units met so far */
    bool part_past;              /* a unit of a later part was met: this part is done */
    bool part_bytes_max;         /* an archive's parts each read it from its start: bytes_read is their furthest */
    char part_reason[256];
};

/* True when the unit is to be read (always without a unit filter). */
bool cs_ingest_unit_wanted(cs_ingest *ing, const char *member, uint64_t size, int64_t mtime);
/* Hands the batch being filled on (if any), then b (if not NULL) to the
 * sink, so batches keep the order of their records; false when reading
 * must stop. */
bool cs_ingest_hand_on(cs_ingest *ing, cs_batch *b);
/* A new batch for this input, numbered in sequence; NULL (and stopped)
 * on out-of-memory. */
cs_batch *cs_ingest_new_batch(cs_ingest *ing);

/* parts.c: asked for each unit of the input in order (a member of the
 * outermost archive, a file of a directory), with its weight (an archive
 * member's: cs_ingest_part_weight; a file's: its size): true when this
 * reader reads it.  A unit of a later part ends this part (part_past).
 * Always true for a whole input. */
bool cs_ingest_part_owns(cs_ingest *ing, const char *member, uint64_t weight);
/* parts.c: true when what is met after the units asked so far (an error
 * outside any unit: a damaged header, a directory that cannot be read)
 * is this part's to report, so that it is reported once. */
bool cs_ingest_part_here(const cs_ingest *ing);
/* parts.c: the part whose share holds `at` (a weight of units), and a
 * unit's weight. */
unsigned cs_ingest_part_owner(const cs_ingest *ing, uint64_t at);
uint64_t cs_ingest_part_weight(uint64_t size);
/* parts.c: the end of a part: its reason and whether it stopped early go
 * into the shared stats; the last part to end sets `finished`. */
void cs_ingest_part_end(cs_ingest *ing, bool stopped);

/* Emits an error record for a member outside any framer. */
bool cs_ingest_error(cs_ingest *ing, const char *member, uint64_t offset, uint64_t line,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
bool cs_ingest_stopping(cs_ingest *ing);
/* Marks the input incomplete (the first reason is kept). */
void cs_ingest_incomplete(cs_ingest *ing, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Both: an error record for a stretch that was not read, whose text
 * ("member: text") is also the reason the input is incomplete. */
bool cs_ingest_lost(cs_ingest *ing, const char *member, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* source.c: reads an open file descriptor (file, stdin) as a possible
 * archive or compressed stream; member is its name below a directory
 * input ("" otherwise).  Takes no ownership of fd. */
void cs_source_fd(cs_ingest *ing, int fd, const char *member);
/* source.c: walks a directory in sorted order; false if it cannot be read. */
bool cs_source_dir(cs_ingest *ing, const char *dir, char *err, size_t err_size);
/* source.c: an archive or a compressed stream (not gzip) starts at p. */
bool cs_source_is_container(const uint8_t *p, size_t n);
/* source.c: an archive whose members can be reached by seeking (tar,
 * cpio, zip; not 7z, whose solid blocks must be decompressed) starts at p. */
bool cs_source_is_seekable_archive(const uint8_t *p, size_t n);
/* range.c: with a unit filter, a large plain regular file (a format with
 * record boundaries: ingest/resync.h) read as byte ranges, the units of a
 * sharded scan; false (nothing read) for any other file. */
bool cs_source_ranges(cs_ingest *ing, int fd, uint64_t size);
/* range.c: the framer of a plain regular file whose records have
 * boundaries (ingest/resync.h; not CT get-entries), as a single reader
 * detects it (forced: --format), and its format in *fmt; NULL for any
 * other file (an archive, a compressed stream, a head that detects
 * differently in its first 64 and 256 KiB: a reader sniffs its first
 * read). */
const cs_framer *cs_source_plain_framer(int fd, uint64_t size, const cs_framer *forced, const char *path,
                                        cs_resync_format *fmt);
/* range.c: part ing->part of ing->parts of a plain file of `size` bytes
 * framed by fr (cs_source_plain_framer's; not DER): the records from the
 * first boundary at or after part/parts of it to the next part's (the
 * last: to the end), with the line numbers one reader gives them. */
void cs_source_file_part(cs_ingest *ing, int fd, uint64_t size, const cs_framer *fr, cs_resync_format fmt);
/* parts.c: part ing->part of ing->parts of a regular file: a plain one
 * as byte ranges of its planned size (ing->part_total), or by its first
 * part whole when it cannot be cut; false (nothing read) for an archive,
 * whose members are the parts' units (cs_source_fd).  With `digest`, the
 * last part makes the file's digest first. */
bool cs_ingest_file_part(cs_ingest *ing, int fd, bool digest);
/* file_digest.c: the input digest of a file read in parts, made by
 * reading its first `size` bytes in order (cs_ingest_stats.sha256). */
void cs_source_file_digest(cs_ingest *ing, int fd, uint64_t size);
/* source.c: adds one file's digest (md, freed) of `bytes` bytes to its
 * input's (see cs_ingest_stats). */
void cs_source_digest_done(cs_ingest_stats *st, EVP_MD_CTX *md, uint64_t bytes);
/* source.c: a static-ct-api hash, names or issuer file, not read. */
bool cs_source_is_ct_sidecar(const char *name);
/* source.c: sum of regular file sizes below dir. */
uint64_t cs_source_dir_size(const char *dir);

#endif
