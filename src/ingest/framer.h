/* Internal interface of the ingest layer: the read window a framer reads
 * from, the calls it makes to hand records on, and the framer table.
 *
 * One framer per file (format_*.c), one interface for all, in the manner
 * of libarchive's archive_read_support_format_*.c.  A framer only finds
 * record boundaries: it never decodes base64, JSON or Merkle leaves
 * (that is cs_record_decode's job, in the workers). */
#ifndef CS_INGEST_FRAMER_H
#define CS_INGEST_FRAMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ingest/ingest.h"

/* ---- the read window ------------------------------------------------ */

/* Pulls up to n bytes of the member into buf: >0 bytes, 0 at the end,
 * -1 on error (with a message in err). */
typedef ssize_t (*cs_read_fn)(void *ctx, void *buf, size_t n, char *err, size_t err_size);

/* Lends the member's next block of bytes, in the source's own memory,
 * valid until the next call on the source: >0 bytes (*last: they end the
 * member), 0 at the end, -1 on error (message in err), CS_LEND_NO when
 * this block cannot be lent (a hole of zeros): it is then read with the
 * copying cs_read_fn, which reads the same bytes. */
typedef ssize_t (*cs_lend_fn)(void *ctx, const uint8_t **block, bool *last, char *err, size_t err_size);
#define CS_LEND_NO (-2)

/* A sliding window over one (decompressed) member.  It grows only up to
 * max_cap, so a framer can never hold more than about one record.
 * With a lend function, an empty window takes the source's next block
 * as it is (no copy): a record inside one block is never copied before
 * its batch; the rest of a block is copied into the own buffer only
 * when more is wanted than the block holds. */
typedef struct cs_stream {
    cs_read_fn read;
    cs_lend_fn lend;     /* optional */
    void *read_ctx;
    const uint8_t *buf;  /* the window's memory: own, or a lent block */
    uint8_t *own;        /* the window's own buffer (NULL until needed), cap bytes */
    size_t cap, max_cap;
    size_t start, end;   /* the window is buf[start, end) */
    uint64_t base;       /* member offset of buf[start] */
    bool eof;            /* the reader reported the end (or an error) */
    bool failed;         /* ... and it was an error: see err */
    char err[256];
} cs_stream;

#define CS_STREAM_CHUNK ((size_t)256 * 1024)

void cs_stream_init(cs_stream *s, cs_read_fn read, void *read_ctx, size_t max_cap);
/* The same, with a lend function too (reading through read_ctx as well). */
void cs_stream_init_lending(cs_stream *s, cs_read_fn read, cs_lend_fn lend, void *read_ctx, size_t max_cap);
void cs_stream_free(cs_stream *s);
/* Makes at least `want` bytes available if the member has them (and the
 * window may hold them); reads at least one chunk when it has to read.
 * Returns the bytes available; false-y progress is seen as avail < want. */
size_t cs_stream_fill(cs_stream *s, size_t want);
/* NULL while the window has never held a byte (no buffer yet, nothing
 * lent): an offset added to a null pointer is undefined. */
static inline const uint8_t *cs_stream_data(const cs_stream *s) { return s->buf ? s->buf + s->start : NULL; }
static inline size_t cs_stream_avail(const cs_stream *s) { return s->end - s->start; }
static inline uint64_t cs_stream_pos(const cs_stream *s) { return s->base; }
void cs_stream_consume(cs_stream *s, size_t n);
/* Discards n bytes (they need not be in the window); returns the number
 * discarded (less at the end of the member). */
uint64_t cs_stream_skip(cs_stream *s, uint64_t n);

typedef enum cs_line_status {
    CS_LINE_OK,       /* a line (without its \n or \r\n) */
    CS_LINE_LONG,     /* longer than max: it has been skipped to its end */
    CS_LINE_END,      /* end of member */
} cs_line_status;

/* The next line of at most max bytes.  *line is valid until the next
 * call on the stream; *off is its member offset.  The line has already
 * been consumed from the window.  A last line without \n is a line. */
cs_line_status cs_stream_line(cs_stream *s, size_t max, const uint8_t **line, size_t *len, uint64_t *off);

/* ---- the framing context -------------------------------------------- */

typedef struct cs_ingest cs_ingest;   /* one running cs_ingest_run (ingest.c) */

typedef struct cs_fctx {
    cs_stream *in;
    cs_ingest *ing;
    const char *member;     /* "" for a plain file or stdin */
    const char *name;       /* full name for hints (path + member) */
    size_t max_record;
    uint64_t lines_before;  /* lines of the member before the stream's start (a chunk) */
} cs_fctx;

/* Hands one record on.  False means: stop reading (stop requested, sink
 * refused, or out of memory). */
bool cs_emit(cs_fctx *f, cs_record_encoding enc, const void *data, size_t len,
             uint64_t offset, uint64_t line, int64_t ct_index);
/* A CS_REC_ERROR record whose data is the formatted reason. */
bool cs_emit_error(cs_fctx *f, uint64_t offset, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* True when the scan asked the readers to stop. */
bool cs_fctx_stopping(const cs_fctx *f);
/* The static-ct tiles this input has counted so far (tileset.h). */
struct cs_tileset **cs_fctx_tiles(cs_fctx *f);

/* ---- framers --------------------------------------------------------- */

typedef struct cs_framer {
    cs_format_info info;
    /* How well the first bytes of a member (p, n; eof when that is all of
     * it) and its name fit this format: 0 = not at all, higher = better. */
    int (*detect)(const uint8_t *p, size_t n, bool eof, const char *name);
    /* Frames the member to its end.  False: stop reading the input. */
    bool (*run)(cs_fctx *f);
    /* The highest score detect ever returns (0: not said).  Detection
     * skips a framer that could not beat the best score so far: every
     * member of an archive is asked, and most are settled by the first
     * few framers. */
    int most;
} cs_framer;

extern const cs_framer cs_framer_pem, cs_framer_der, cs_framer_b64line, cs_framer_ctjson,
    cs_framer_tile, cs_framer_csv, cs_framer_jsonl;

/* The framer called name, or NULL. */
const cs_framer *cs_framer_find(const char *name);
/* The best framer for this head, or NULL when none fits. */
const cs_framer *cs_framer_detect(const uint8_t *p, size_t n, bool eof, const char *name);

/* chunk.c: frames the member in chunks that the workers frame, when
 * chunking is on, the framer can start at any record boundary and the
 * member is longer than a chunk; the reader itself frames what cannot
 * be cut.  False (nothing read): frame it with fr->run. */
bool cs_frame_chunked(cs_fctx *f, const cs_framer *fr);

/* ---- shared helpers --------------------------------------------------- */

/* Length of the DER element at p (header + content) when its header is
 * complete and definite-length; 0 when it is not (more bytes needed or not
 * DER); sets *bad when it can never be DER. */
uint64_t cs_der_element_len(const uint8_t *p, size_t n, bool *bad);

/* Base64 class of a byte: 1 alphabet, 2 '=', 3 whitespace, 0 other. */
extern const uint8_t cs_b64_class[256];

#endif
