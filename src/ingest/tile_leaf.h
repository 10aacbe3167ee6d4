/* The extent of one static-ct-api TileLeaf (c2sp.org/static-ct-api):
 * shared by the tile framer (format_tile.c), which cuts data tiles read
 * from files, and the CT log reader (src/fetch), which also hashes each
 * leaf's TimestampedEntry into the Merkle tree. */
#ifndef CS_INGEST_TILE_LEAF_H
#define CS_INGEST_TILE_LEAF_H

#include <stddef.h>
#include <stdint.h>

typedef enum { CS_TILE_LEAF_OK, CS_TILE_LEAF_MORE, CS_TILE_LEAF_BAD } cs_tile_leaf_status;

typedef struct cs_tile_leaf {
    size_t len;          /* bytes of the whole TileLeaf */
    size_t entry_len;    /* bytes of its TimestampedEntry (the start of the leaf) */
    size_t chain_at;     /* offset of certificate_chain (2-byte length, fingerprints) */
    int64_t index;       /* the leaf_index extension, -1 when absent */
} cs_tile_leaf;

/* Walks the length fields of the TileLeaf at p[0,n): OK with its extent,
 * MORE when n bytes do not hold all of it yet, BAD (with a static reason
 * in *why) when it can never be one. */
cs_tile_leaf_status cs_tile_leaf_scan(const uint8_t *p, size_t n, cs_tile_leaf *out, const char **why);

#endif
