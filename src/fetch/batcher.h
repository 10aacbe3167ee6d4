/* Records of a log input handed to the scan pipeline in batches, as the
 * ingest layer does for files (the sink and stats contract of
 * cs_ingest_run). */
#ifndef CS_FETCH_BATCHER_H
#define CS_FETCH_BATCHER_H

#include <stdbool.h>

#include "ingest/ingest.h"

typedef struct cs_batcher {
    uint32_t input;
    cs_batch_sink sink;
    void *sink_ctx;
    cs_ingest_stats *stats;
    cs_batch *batch;
    uint64_t seq;
    bool stopped;     /* the sink refused or out of memory */
} cs_batcher;

/* Adds one record (its member name, e.g. the tile's path); false when
 * reading must stop. */
bool cs_batcher_add(cs_batcher *b, cs_record_encoding enc, const void *data, size_t len, const char *member,
                    uint64_t offset, int64_t ct_index);
/* Adds a record made of two parts (a TileLeaf and its issuer). */
bool cs_batcher_add2(cs_batcher *b, cs_record_encoding enc, const void *a, size_t alen, const void *c,
                     size_t clen, const char *member, uint64_t offset, int64_t ct_index);
/* Hands on what is batched (also after a stop, so counts stay exact). */
void cs_batcher_flush(cs_batcher *b);

#endif
