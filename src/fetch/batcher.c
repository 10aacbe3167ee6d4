/* Batches for the pipeline (batcher.h). */
#include "fetch/batcher.h"

#include <stdlib.h>
#include <string.h>

#define BATCH_RECORDS 256
#define BATCH_BYTES ((size_t)1 << 20)

void cs_batcher_flush(cs_batcher *b)
{
    cs_batch *bt = b->batch;
    if (!bt || bt->n == 0)
        return;
    b->batch = NULL;
    if (!b->sink(b->sink_ctx, bt))
        b->stopped = true;
}

bool cs_batcher_add2(cs_batcher *b, cs_record_encoding enc, const void *a, size_t alen, const void *c,
                     size_t clen, const char *member, uint64_t offset, int64_t ct_index)
{
    if (b->stopped)
        return false;
    if (!b->batch) {
        if (!(b->batch = cs_batch_new())) {
            b->stopped = true;
            return false;
        }
        b->batch->seq = b->seq++;
        b->batch->input = b->input;
        b->batch->csv_column = -1;
    }
    cs_origin o = { .input = b->input, .member = cs_batch_intern(b->batch, member), .offset = offset,
                    .ct_index = ct_index };
    /* The two parts are copied as one record. */
    uint8_t *joined = clen ? malloc(alen + clen) : NULL;
    if (clen && !joined) {
        b->stopped = true;
        return false;
    }
    if (clen) {
        memcpy(joined, a, alen);
        memcpy(joined + alen, c, clen);
    }
    bool ok = cs_batch_add(b->batch, enc, clen ? joined : a, alen + clen, &o);
    free(joined);
    if (!ok) {
        b->stopped = true;
        return false;
    }
    atomic_fetch_add_explicit(&b->stats->records, 1, memory_order_relaxed);
    if (b->batch->n >= BATCH_RECORDS || b->batch->data_len >= BATCH_BYTES)
        cs_batcher_flush(b);
    return !b->stopped;
}

bool cs_batcher_add(cs_batcher *b, cs_record_encoding enc, const void *data, size_t len, const char *member,
                    uint64_t offset, int64_t ct_index)
{
    return cs_batcher_add2(b, enc, data, len, NULL, 0, member, offset, ct_index);
}
