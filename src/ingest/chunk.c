/* Chunked framing: the reader cuts a large plain member into chunks that
 * end at record boundaries (resync.h) and hands each on whole; a worker
 * frames it with the member's framer, started in a fresh state at the
 * chunk's offset and line.  Framing a chunk gives exactly the records,
 * origins and errors the serial framer gives for that stretch, so the
 * scan's results do not depend on where chunks were cut or who framed
 * them.  What cannot be cut (no boundary within a few chunks, a bad DER
 * header, a read error) is framed by the reader from there on. */
#include "ingest/ingest_int.h"
#include "ingest/newlines.h"
#include "ingest/resync.h"

#include <string.h>

/* A chunk grows to hold one whole record: up to this many times
 * chunk_bytes, or to the record limit and a chunk more (the window may
 * hold that much anyway: one large record, a big CRL in a PEM dump, must
 * not leave the rest of the input to the reader alone).  Past that the
 * reader gives up cutting and frames the rest itself. */
#define CHUNK_GROWTH 4

static bool hand_chunk(cs_fctx *f, const uint8_t *p, size_t n, uint64_t lines_before, const cs_framer *fr)
{
    cs_ingest *ing = f->ing;
    cs_batch *b = cs_ingest_new_batch(ing);
    if (!b)
        return false;
    b->chunk_framer = fr;
    b->max_record = f->max_record;
    cs_origin o = { .input = ing->input, .member = cs_batch_intern(b, f->member),
                    .offset = cs_stream_pos(f->in), .line = lines_before, .ct_index = -1 };
    if (!cs_batch_add(b, CS_REC_CHUNK, p, n, &o)) {
        cs_batch_free(b);
        ing->stopped = true;
        return false;
    }
    return cs_ingest_hand_on(ing, b);
}

bool cs_frame_chunked(cs_fctx *f, const cs_framer *fr)
{
    cs_ingest *ing = f->ing;
    cs_stream *s = f->in;
    cs_resync_format rf;
    /* The CT framer cannot start between the entries of an array. */
    if (!ing->chunk_bytes || fr == &cs_framer_ctjson || !cs_resync_format_of(fr->info.name, &rf))
        return false;
    size_t want = ing->chunk_bytes;
    size_t grow_max = CHUNK_GROWTH * ing->chunk_bytes;
    if (f->max_record < SIZE_MAX - ing->chunk_bytes && f->max_record + ing->chunk_bytes > grow_max)
        grow_max = f->max_record + ing->chunk_bytes;
    if (cs_stream_fill(s, want) < want && s->eof)
        return false; /* one chunk or less: framed here, with the records of other members */
    for (;;) {
        if (cs_fctx_stopping(f))
            return true;
        size_t avail = cs_stream_fill(s, want);
        if (avail == 0)
            return true;
        /* The window may hold more than a chunk: cut within the first want bytes. */
        size_t span = avail < want ? avail : want, at;
        bool end = span == avail && s->eof && !s->failed;
        cs_resync_status st = cs_resync_last(rf, cs_stream_data(s), span, end, &at);
        if (st == CS_RESYNC_MORE && !(span == avail && s->eof) && at <= grow_max) {
            want = at > 2 * span ? at : 2 * span; /* geometric: each try scans the window */
            if (cs_stream_fill(s, want) > span)
                continue;
        }
        if (st != CS_RESYNC_FOUND)
            break;
        uint64_t lines = f->lines_before;
        if (rf != CS_RESYNC_DER)
            f->lines_before += cs_count_newlines(cs_stream_data(s), at);
        if (!hand_chunk(f, cs_stream_data(s), at, lines, fr))
            return true;
        cs_stream_consume(s, at);
        want = ing->chunk_bytes;
    }
    fr->run(f); /* the rest, from a boundary */
    return true;
}

cs_batch *cs_ingest_frame_chunk(const cs_batch *chunk, cs_ingest_stats *stats)
{
    const cs_record *r = &chunk->recs[0];
    cs_ingest ing = {
        .path = "", .input = chunk->input, .stats = stats, .json_field = chunk->json_field,
        .csv_column = chunk->csv_column, .batch_records = SIZE_MAX, .batch_bytes = SIZE_MAX,
        .max_record = chunk->max_record,
    };
    /* The chunk's bytes are the window, whole: the framer reads them in place. */
    cs_stream s;
    memset(&s, 0, sizeof s);
    s.buf = chunk->data + r->data_off;
    s.cap = s.max_cap = s.end = r->data_len;
    s.base = r->origin.offset;
    s.eof = true;
    const char *member = cs_batch_member(chunk, r);
    cs_fctx f = { .in = &s, .ing = &ing, .member = member, .name = member, .max_record = chunk->max_record,
                  .lines_before = r->origin.line };
    chunk->chunk_framer->run(&f);
    cs_batch *b = ing.batch;
    if (!b && !ing.stopped)
        b = cs_ingest_new_batch(&ing); /* a chunk without records (text between PEM blocks) */
    if (ing.stopped) {
        cs_batch_free(b);
        return NULL;
    }
    b->seq = chunk->seq;
    b->order = chunk->order;
    return b;
}
