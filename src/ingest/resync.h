/* Record-boundary resynchronisation for the plain record formats: given
 * bytes that start at an arbitrary offset of an input, where does the
 * next record start?  This is what lets a reader start in the middle of
 * a file (a shard's byte range) and lets a chunk of a large input end at
 * the end of its last record, so chunks can be framed independently and
 * give exactly the records the serial framer gives.
 *
 * A boundary is an offset where the format's serial framer (format_*.c)
 * is between records with nothing carried over: framing from there, in a
 * fresh state, yields the same records (same bytes, same offsets; line
 * numbers once the caller adds the lines before) as framing the whole
 * input does from that point on.  The functions find a subset of those
 * boundaries that can be recognised from the bytes after them alone:
 *
 *   base64 lines, JSON Lines, CSV: after every '\n'.  The framers frame
 *       one record per physical line.  JSON forbids raw control
 *       characters inside strings, so a newline is never inside a JSON
 *       value.  CSV cannot be resynchronised on quotes (whether a
 *       newline sits inside a quoted cell depends on the parity of every
 *       quote before it), and the CSV framer does not join quoted lines
 *       either: a quoted cell holding a newline is two lines for both.
 *       The CSV framer skips a first line without a certificate as a
 *       header: a reader starting at a boundary after the first line
 *       must frame with the line numbers continued, not from 1.
 *   PEM: the start of the line after an END line that is exactly
 *       "-----END LABEL-----" (LABEL: A-Z, 0-9, space; trailing blanks
 *       and CR allowed): whatever state the framer was in before that
 *       line (outside, inside a certificate, inside a skipped key
 *       block), it is outside any block after it.  A marker elsewhere on
 *       a line (a "-----BEGIN" inside a header or a comment, one-line
 *       PEM, PEM inside JSON strings) is never taken as a boundary, so
 *       such input may have none: the caller then frames it serially.
 *   CT get-entries JSON: the '{' of an entry object, '{' ws* "leaf_input"
 *       or "extra_data" ws* ':'.  In valid JSON that '{' cannot be inside
 *       a string (its '"' would end the string and leave a bare word).
 *       The CT framer itself only starts at a response or an entry, not
 *       between the entries of an array (and an entry's log index counts
 *       from the array's start): these boundaries are for splitting.
 *   DER: concatenated DER has no marker; any byte may be inside a
 *       certificate.  It cannot be resynchronised from an arbitrary
 *       offset: the boundaries are found by walking the top-level TLV
 *       headers from a known boundary (the start of the input), one
 *       header per record, as the DER framer does; the content between
 *       headers need not be read (CS_RESYNC_MORE says how far to skip).
 *       A header that is not a definite-length SEQUENCE ends the walk:
 *       the DER framer stops there too (CS_RESYNC_BAD).
 *   Static-ct tiles: length-prefixed binary, not supported (a tile is
 *       small; split at tile files).
 *
 * Malformed input: boundaries are exact for input the serial framer
 * frames to its end.  Where the serial framer stops (malformed CT JSON, a
 * bad DER header) a reader that resynchronises after the fault frames
 * records the serial framer would not reach. */
#ifndef CS_INGEST_RESYNC_H
#define CS_INGEST_RESYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cs_resync_format {
    CS_RESYNC_PEM,
    CS_RESYNC_DER,
    CS_RESYNC_BASE64_LINES,
    CS_RESYNC_JSON_LINES,
    CS_RESYNC_CSV,
    CS_RESYNC_CT_JSON,
} cs_resync_format;

typedef enum cs_resync_status {
    CS_RESYNC_FOUND, /* *at is a boundary */
    CS_RESYNC_MORE,  /* none in the bytes given: call again with the window
                      * grown to at least *at bytes (same start) */
    CS_RESYNC_BAD,   /* DER only: not DER from *at on, no boundary after it */
} cs_resync_status;

/* The format whose serial framer is called `framer_name` ("pem", "der",
 * "base64", "jsonl", "csv", "ct-json"); false when it has none. */
bool cs_resync_format_of(const char *framer_name, cs_resync_format *out);

/* The first boundary at or after pos in p[0, n), p being any offset of
 * the input (for DER: a boundary, e.g. the start of the input).  The
 * bytes before p are unknown, so a boundary needs the line before it
 * (PEM) or its '\n' (line formats) inside the window: to find one at pos
 * itself, start the window at least CS_RESYNC_CONTEXT bytes earlier.
 * The answer depends only on the bytes from p on, so the two sides of a
 * split that call it with the same p and pos agree.  With eof (p[n] is
 * the end of the input) n is a boundary.  DER: *at may lie beyond n when
 * the walk crossed an element whose header is in the window but not all
 * of its content (the element's end is a boundary all the same);
 * CS_RESYNC_MORE asks for the next header, whose offset is *at - 10, so
 * the content need not be read. */
cs_resync_status cs_resync_next(cs_resync_format fmt, const uint8_t *p, size_t n, size_t pos, bool eof,
                                size_t *at);

/* The last boundary in (0, n] of p[0, n), p being a boundary: where a
 * chunk that starts at p ends.  With eof, n.  CS_RESYNC_MORE when the
 * window holds no whole record (*at: how far to grow); CS_RESYNC_BAD
 * (DER) with *at the offset of the bad header when it is the first. */
cs_resync_status cs_resync_last(cs_resync_format fmt, const uint8_t *p, size_t n, bool eof, size_t *at);

/* Enough bytes before pos for cs_resync_next to see a boundary at pos. */
#define CS_RESYNC_CONTEXT 256

#endif
