/* gzip undone with zlib in front of the framers and of libarchive, at
 * every level (a .pem.gz file, stdin, a .tar.gz, a .gz member of an
 * archive).  libarchive's gzip filter never compares a member's trailer
 * (CRC-32 and ISIZE) with what it inflated; zlib does, for every member of
 * a multi-member stream, and hands over what it inflated before damage or
 * a truncation, so those records are counted. */
#ifndef CS_INGEST_GUNZIP_H
#define CS_INGEST_GUNZIP_H

#include "ingest/framer.h"

typedef struct cs_gunzip cs_gunzip;

/* True when p starts with the gzip magic. */
bool cs_gunzip_magic(const uint8_t *p, size_t n);

/* A gzip stream read out of `in` (its window starts at the magic);
 * NULL when out of memory. */
cs_gunzip *cs_gunzip_open(cs_stream *in);

/* A cs_read_fn (ctx: the cs_gunzip): the decompressed bytes of every
 * member in turn.  Damage (a bad CRC-32 or ISIZE, invalid deflate data,
 * a truncation, non-gzip bytes after a member, the decompression bomb
 * guard) is returned as -1 once what was inflated before it has been
 * handed over; zero bytes after the last member are padding. */
ssize_t cs_gunzip_read(void *ctx, void *buf, size_t n, char *err, size_t err_size);

void cs_gunzip_close(cs_gunzip *g);

/* What zlib's Z_DATA_ERROR (its message zmsg) in gzip member `member`
 * (1-based), `consumed` compressed bytes into the stream, means, in the
 * user's words: the text cs_gunzip_read returns for it. */
void cs_gunzip_damage(const char *zmsg, uint64_t member, uint64_t consumed, char *err, size_t err_size);

#endif
