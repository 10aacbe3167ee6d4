/* Parallel decompression: a compressed plain file made of independent
 * pieces, read by several readers at once (parts.h).
 *
 * Pieces whose compressed and uncompressed sizes are known without
 * decompressing anything:
 *   - BGZF gzip: every member's extra field holds its compressed size
 *     (BSIZE), its trailer its uncompressed size (ISIZE, at most 64 KiB).
 *     Other multi-member gzip is read by one reader: its members are
 *     found only by inflating them.
 *   - zstd made of several frames, each with its content size in its
 *     header (ZSTD_getFrameContentSize), walked with
 *     ZSTD_findFrameCompressedSize; skippable frames are pieces of no
 *     content.  A frame without a content size: one reader.
 *
 * Part k of R reads the pieces whose compressed start falls in the k-th
 * R-th of the file's bytes.  It inflates them from its first piece on,
 * frames from the first record boundary at or after that piece's
 * uncompressed start (resync.h; the start of the file for part 0) and
 * reads on into the next part's pieces up to the boundary that part
 * starts at.  Both find that boundary with the same search from the same
 * uncompressed offset, so every record is read by exactly one part, at
 * the offset one reader gives it.  Line numbers are those of one reader
 * in part 0; later parts cannot know how many lines come before them
 * without inflating everything before, so their records carry line 0
 * ("unknown": messages give the offset).  --findings, which prints
 * lines, reads with one reader anyway.
 *
 * What is planned is checked first and anything else is left to one
 * reader, whose verdict is then today's: a payload that is not a plain
 * record format with boundaries (DER, CT get-entries JSON, an archive or
 * a nested compressed stream), a header or size that does not lead
 * exactly to the next piece or to the end of the file (a lying BSIZE or
 * content size, truncation, garbage between pieces or after the last,
 * padding), a BGZF ISIZE above 64 KiB, and any prefix that would trip
 * the decompression guard (so the guard holds for every part and in
 * total).  Damage that only decompressing shows (a bad CRC or checksum,
 * corrupt data, a size that lies about the data) is reported by the part
 * whose records reach it, with the text one reader gives (for zstd, up
 * to the byte it was met at: libarchive's filter, one reader's, drops
 * what the read that met it had decompressed); the records of
 * later parts, which one reader (it stops at the first damage) does not
 * reach, are read all the same. */
#ifndef CS_INGEST_PDECOMP_H
#define CS_INGEST_PDECOMP_H

#include "ingest/ingest.h"

typedef struct cs_ingest cs_ingest;

/* True when p starts like a file this layer may split (gzip or zstd). */
bool cs_pdecomp_magic(const uint8_t *p, size_t n);

/* How many readers (1 to `readers`) should read the compressed file at
 * path (size bytes) together; leaves what they share in
 * stats->parts_bytes. */
unsigned cs_pdecomp_parts(const char *path, uint64_t size, const cs_ingest_options *opt, unsigned readers,
                          cs_ingest_stats *stats);

/* Reads part ing->part of ing->parts of the open file fd (size bytes):
 * true when it is a file of this layer's (whatever was found in it),
 * false (nothing read) for any other. */
bool cs_pdecomp_read_part(cs_ingest *ing, int fd, uint64_t size);

#endif
