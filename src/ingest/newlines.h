/* Counting the newlines of a stretch of bytes fast (eight bytes a step):
 * the line numbers of a part of a plain file that starts in its middle
 * (parts.h) continue those of the bytes before it. */
#ifndef CS_INGEST_NEWLINES_H
#define CS_INGEST_NEWLINES_H

#include <stddef.h>
#include <stdint.h>

/* The number of '\n' bytes in p[0, n). */
uint64_t cs_count_newlines(const uint8_t *p, size_t n);

#endif
