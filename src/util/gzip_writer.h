/* Gzip-compressed output behind an ordinary FILE *, so that a writer that
 * already writes to a stream (the findings file) gets compression by
 * swapping the stream, without knowing.  zlib's gzip stream API does the
 * compressing; the header carries no name and no time, so the same bytes
 * in give the same file out. */
#ifndef CS_UTIL_GZIP_WRITER_H
#define CS_UTIL_GZIP_WRITER_H

#include <stdbool.h>
#include <stdio.h>

/* True when the output name asks for gzip (ends in ".gz"). */
bool cs_gzip_wanted(const char *name);

/* A write-only stream whose bytes are gzip-compressed into dest (flushed
 * and not written to otherwise from here on).  fclose() of the returned
 * stream ends the gzip stream and closes dest; it fails (EOF, errno set)
 * when writing either failed.  NULL with errno set on error: dest is
 * closed then too. */
FILE *cs_gzip_writer(FILE *dest);

#endif
