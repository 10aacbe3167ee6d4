/* Checking a static-ct-api log's tiles (c2sp.org/tlog-tiles) against its
 * checkpoint.
 *
 * The root of a tree of size s is recomputed from the right-edge tile of
 * each level (the partial tile of width floor(s / 256^l) mod 256): those
 * hold exactly the perfect subtrees the root folds.  A full tile at level
 * l is then checked by hashing it and comparing with its hash in the tile
 * above (level l + 1), itself checked the same way up to an edge tile.
 * A data tile is checked through its leaf hashes: a full one by their
 * tree hash against level 1, the partial one against the level-0 edge.
 * Memory: one tile per level, whatever the range read. */
#ifndef CS_CTLOG_TILETREE_H
#define CS_CTLOG_TILETREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctlog/merkle.h"

#define CS_TILE_WIDTH 256
#define CS_TILE_LEVELS 8

/* "tile/<level>/<N>[.p/<width>]" with N in 3-digit groups, all but the
 * last prefixed with 'x'; level "data" for data tiles; width 0 or 256 =
 * a full tile.  False when it does not fit. */
bool cs_tile_path(char *out, size_t size, const char *level, uint64_t index, unsigned width);

/* Fetches hash tile (level, index) of `width` hashes into out
 * (width * 32 bytes); false with a message when it cannot. */
typedef bool (*cs_tile_fetch_fn)(void *ctx, unsigned level, uint64_t index, unsigned width,
                                 uint8_t (*out)[CS_HASH_LEN], char *err, size_t err_size);

typedef struct cs_tile_cache {
    bool valid;
    uint64_t index;
    uint8_t hash[CS_TILE_WIDTH][CS_HASH_LEN];
} cs_tile_cache;

typedef struct cs_tiletree {
    uint64_t size;
    uint8_t root[CS_HASH_LEN];
    cs_tile_fetch_fn fetch;
    void *ctx;
    unsigned edge_width[CS_TILE_LEVELS];
    uint8_t edge[CS_TILE_LEVELS][CS_TILE_WIDTH][CS_HASH_LEN]; /* right-edge tiles, checked */
    cs_tile_cache full[CS_TILE_LEVELS];                        /* last full tile checked per level */
} cs_tiletree;

typedef enum cs_tile_check {
    CS_TILE_MATCH,      /* the tile is part of the signed tree */
    CS_TILE_MISMATCH,   /* the log served something that is not: it misbehaves */
    CS_TILE_UNAVAILABLE,/* a tile could not be fetched */
} cs_tile_check;

/* Fetches the edge tiles of the tree of `size` and checks that they give
 * `root`.  tt is large (~600 KiB): allocate it. */
cs_tile_check cs_tiletree_open(cs_tiletree *tt, uint64_t size, const uint8_t root[CS_HASH_LEN],
                               cs_tile_fetch_fn fetch, void *ctx, char *err, size_t err_size);

/* Checks the n leaf hashes of data tile `index`. */
cs_tile_check cs_tiletree_check_data(cs_tiletree *tt, uint64_t index, const uint8_t (*leaf_hash)[CS_HASH_LEN],
                                     unsigned n, char *err, size_t err_size);

/* The root of the tree of the first `size` entries (size <= tt->size),
 * computed from this tree's tiles: the tiles at the right edge of
 * `size`, each checked (so against tt's root) before it is used.  A
 * tree whose root at `size` is not the one an earlier checkpoint of that
 * size signed is not an extension of that checkpoint's tree (a fork). */
cs_tile_check cs_tiletree_prefix_root(cs_tiletree *tt, uint64_t size, uint8_t out[CS_HASH_LEN], char *err,
                                      size_t err_size);

/* Width of tile `index` at `level` in the tree: 256 when full, the edge
 * width for the right-edge tile, 0 when it does not exist. */
unsigned cs_tiletree_width(uint64_t size, unsigned level, uint64_t index);

#endif
