/* Counting the newlines of a stretch of bytes fast (sixteen bytes a
 * comparison): the line numbers of a part of a plain file that starts in
 * its middle (parts.h), of a chunk (chunk.c), and of a run of PEM body
 * lines (format_pem.c) continue those of the bytes before them. */
#ifndef CS_INGEST_NEWLINES_H
#define CS_INGEST_NEWLINES_H

#include <stddef.h>
#include <stdint.h>

/* The number of '\n' bytes in p[0, n). */
uint64_t cs_count_newlines(const uint8_t *p, size_t n);

/* The lines of p[0, n), n bytes that end in '\n'; 0 when one of them is
 * empty (p starts with '\n' or holds "\n\n"). */
uint64_t cs_count_full_lines(const uint8_t *p, size_t n);

#endif
