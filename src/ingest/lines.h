/* The line loop shared by the line-oriented framers (base64 per line,
 * CSV, JSON Lines): each framer only says what one line is. */
#ifndef CS_INGEST_LINES_H
#define CS_INGEST_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/framer.h"

/* One line (without its \n or \r\n) at member offset off; lineno counts
 * from 1, over-long lines included.  False: stop reading the input. */
typedef bool (*cs_line_fn)(cs_fctx *f, const uint8_t *line, size_t len, uint64_t off, uint64_t lineno);

/* Frames the member line by line to its end, calling fn for each line.
 * A line longer than f->max_record is skipped and handed on as an error
 * record.  Returns what a framer's run returns: false to stop reading. */
bool cs_frame_lines(cs_fctx *f, cs_line_fn fn);

#endif
