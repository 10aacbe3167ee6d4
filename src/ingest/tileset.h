/* The static-ct-api data tiles an input has already counted.
 *
 * A log publishes a partial tile tile/data/N.p/W (its first W entries)
 * until tile N is full, and a mirror may hold both: the partial tile is
 * then superseded by the full one.  Every tile file of the same index N
 * holds the same leading entries, so the framer skips the entries an
 * earlier file of that index already gave, whatever the order in which
 * the files come (sorted directories give N before N.p/W; archives any
 * order).  Memory: one small entry per tile index (256 log entries). */
#ifndef CS_INGEST_TILESET_H
#define CS_INGEST_TILESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_tileset cs_tileset;

/* The index key of a tile file name: the name without a trailing
 * ".p/<width>" (written to key, at most size bytes).  False when the name
 * is not under a "tile/data/" directory (no de-duplication then). */
bool cs_tile_key(const char *name, char *key, size_t size);

/* Entries of tile `key` counted so far (0 for a new one). */
uint64_t cs_tileset_counted(const cs_tileset *ts, const char *key);

/* Records that `n` entries of tile `key` have been counted (a larger
 * count replaces a smaller one).  *ts is created on first use; false on
 * out of memory. */
bool cs_tileset_note(cs_tileset **ts, const char *key, uint64_t n);

void cs_tileset_free(cs_tileset *ts);

#endif
