/* Tile checks against a checkpoint (tiletree.h). */
#include "ctlog/tiletree.h"

#include <stdio.h>
#include <string.h>

bool cs_tile_path(char *out, size_t size, const char *level, uint64_t index, unsigned width)
{
    unsigned groups[8];
    int g = 0;
    do {
        groups[g++] = (unsigned)(index % 1000);
        index /= 1000;
    } while (index && g < 8);
    size_t o = (size_t)snprintf(out, size, "tile/%s/", level);
    while (g-- && o < size)
        o += (size_t)snprintf(out + o, size - o, g ? "x%03u/" : "%03u", groups[g]);
    if (width && width < CS_TILE_WIDTH && o < size)
        o += (size_t)snprintf(out + o, size - o, ".p/%u", width);
    return o < size;
}

/* 256^l, or 0 when it overflows (no tile at that level then). */
static uint64_t span(unsigned level)
{
    return level >= 8 ? 0 : 1ull << (8 * level);
}

unsigned cs_tiletree_width(uint64_t size, unsigned level, uint64_t index)
{
    uint64_t below = span(level);
    if (!below)
        return 0;
    uint64_t hashes = size / below;   /* hashes at this level */
    uint64_t full = hashes / CS_TILE_WIDTH;
    if (index < full)
        return CS_TILE_WIDTH;
    return index == full ? (unsigned)(hashes % CS_TILE_WIDTH) : 0;
}

/* Adds the perfect subtrees that the first `width` hashes of a tile at
 * `level` hold, by decreasing power of two (the bits of width), to r. */
static void add_edge(cs_merkle_range *r, const uint8_t (*hash)[CS_HASH_LEN], unsigned width, unsigned level)
{
    unsigned pos = 0;
    for (unsigned b = 8; b-- > 0;)
        if (width & (1u << b)) {
            uint8_t h[CS_HASH_LEN];
            cs_merkle_root_of(hash + pos, 1u << b, h);
            cs_merkle_range_add_subtree(r, h, 8 * level + b);
            pos += 1u << b;
        }
}

cs_tile_check cs_tiletree_open(cs_tiletree *tt, uint64_t size, const uint8_t root[CS_HASH_LEN],
                               cs_tile_fetch_fn fetch, void *ctx, char *err, size_t es)
{
    memset(tt->edge_width, 0, sizeof tt->edge_width);
    for (unsigned l = 0; l < CS_TILE_LEVELS; l++)
        tt->full[l].valid = false;
    tt->size = size;
    memcpy(tt->root, root, CS_HASH_LEN);
    tt->fetch = fetch;
    tt->ctx = ctx;
    for (unsigned l = 0; l < CS_TILE_LEVELS && span(l) && size / span(l); l++) {
        uint64_t index = size / span(l) / CS_TILE_WIDTH;
        unsigned w = cs_tiletree_width(size, l, index);
        if (w && !fetch(ctx, l, index, w, tt->edge[l], err, es))
            return CS_TILE_UNAVAILABLE;
        tt->edge_width[l] = w;
    }
    /* The perfect subtrees left to right: top level first, within a
     * level by decreasing power of two. */
    cs_merkle_range r;
    cs_merkle_range_init(&r);
    for (unsigned l = CS_TILE_LEVELS; l-- > 0;)
        add_edge(&r, (const uint8_t (*)[CS_HASH_LEN])tt->edge[l], tt->edge_width[l], l);
    uint8_t got[CS_HASH_LEN];
    cs_merkle_range_root(&r, got);
    if (memcmp(got, root, CS_HASH_LEN) != 0) {
        snprintf(err, es, "the right-edge hash tiles of the tree of size %llu do not hash to the checkpoint root",
                 (unsigned long long)size);
        return CS_TILE_MISMATCH;
    }
    return CS_TILE_MATCH;
}

static cs_tile_check hash_at(cs_tiletree *tt, unsigned level, uint64_t index, uint8_t out[CS_HASH_LEN], char *err,
                             size_t es);

/* Tile `tile` of level `level`, checked: the edge tile, or a full tile
 * fetched (unless it is the one kept for the level) and checked against
 * its hash in the level above. */
static cs_tile_check tile_at(cs_tiletree *tt, unsigned level, uint64_t tile, const uint8_t (**out)[CS_HASH_LEN],
                             char *err, size_t es)
{
    unsigned w = level < CS_TILE_LEVELS ? cs_tiletree_width(tt->size, level, tile) : 0;
    if (w == 0) {
        snprintf(err, es, "tile %u/%llu is outside the tree of size %llu", level, (unsigned long long)tile,
                 (unsigned long long)tt->size);
        return CS_TILE_MISMATCH;
    }
    if (w < CS_TILE_WIDTH) {
        *out = (const uint8_t (*)[CS_HASH_LEN])tt->edge[level];
        return CS_TILE_MATCH;
    }
    cs_tile_cache *c = &tt->full[level];
    if (!c->valid || c->index != tile) {
        c->valid = false;
        if (!tt->fetch(tt->ctx, level, tile, CS_TILE_WIDTH, c->hash, err, es))
            return CS_TILE_UNAVAILABLE;
        uint8_t got[CS_HASH_LEN], want[CS_HASH_LEN];
        cs_merkle_root_of((const uint8_t (*)[CS_HASH_LEN])c->hash, CS_TILE_WIDTH, got);
        cs_tile_check st = hash_at(tt, level + 1, tile, want, err, es);
        if (st != CS_TILE_MATCH)
            return st;
        if (memcmp(got, want, CS_HASH_LEN) != 0) {
            snprintf(err, es, "hash tile %u/%llu does not match its hash in level %u", level,
                     (unsigned long long)tile, level + 1);
            return CS_TILE_MISMATCH;
        }
        c->valid = true;
        c->index = tile;
    }
    *out = (const uint8_t (*)[CS_HASH_LEN])c->hash;
    return CS_TILE_MATCH;
}

/* Hash `index` of level `level`, from a checked tile. */
static cs_tile_check hash_at(cs_tiletree *tt, unsigned level, uint64_t index, uint8_t out[CS_HASH_LEN], char *err,
                             size_t es)
{
    uint64_t tile = index / CS_TILE_WIDTH;
    unsigned pos = (unsigned)(index % CS_TILE_WIDTH);
    const uint8_t (*hash)[CS_HASH_LEN];
    unsigned w = level < CS_TILE_LEVELS ? cs_tiletree_width(tt->size, level, tile) : 0;
    if (pos >= w) {
        snprintf(err, es, "hash %llu of level %u is outside the tree of size %llu", (unsigned long long)index, level,
                 (unsigned long long)tt->size);
        return CS_TILE_MISMATCH;
    }
    cs_tile_check st = tile_at(tt, level, tile, &hash, err, es);
    if (st == CS_TILE_MATCH)
        memcpy(out, hash[pos], CS_HASH_LEN);
    return st;
}

cs_tile_check cs_tiletree_prefix_root(cs_tiletree *tt, uint64_t size, uint8_t out[CS_HASH_LEN], char *err, size_t es)
{
    if (size > tt->size) {
        snprintf(err, es, "a tree of size %llu is not a prefix of the tree of size %llu", (unsigned long long)size,
                 (unsigned long long)tt->size);
        return CS_TILE_MISMATCH;
    }
    /* The same perfect subtrees cs_tiletree_open folds for tt->size, for
     * `size`: the first (size / 256^l) mod 256 hashes of the tile at its
     * right edge on each level, that tile being read from this tree. */
    cs_merkle_range r;
    cs_merkle_range_init(&r);
    for (unsigned l = CS_TILE_LEVELS; l-- > 0;) {
        uint64_t hashes = span(l) ? size / span(l) : 0;
        unsigned w = (unsigned)(hashes % CS_TILE_WIDTH);
        const uint8_t (*tile)[CS_HASH_LEN];
        if (w == 0)
            continue;
        cs_tile_check st = tile_at(tt, l, hashes / CS_TILE_WIDTH, &tile, err, es);
        if (st != CS_TILE_MATCH)
            return st;
        add_edge(&r, tile, w, l);
    }
    cs_merkle_range_root(&r, out);
    return CS_TILE_MATCH;
}

cs_tile_check cs_tiletree_check_data(cs_tiletree *tt, uint64_t index, const uint8_t (*leaf_hash)[CS_HASH_LEN],
                                     unsigned n, char *err, size_t es)
{
    unsigned w = cs_tiletree_width(tt->size, 0, index);
    if (n != w) {
        snprintf(err, es, "data tile %llu has %u entries where the tree of size %llu has %u",
                 (unsigned long long)index, n, (unsigned long long)tt->size, w);
        return CS_TILE_MISMATCH;
    }
    if (w < CS_TILE_WIDTH) {
        for (unsigned i = 0; i < n; i++)
            if (memcmp(leaf_hash[i], tt->edge[0][i], CS_HASH_LEN) != 0) {
                snprintf(err, es, "entry %llu does not match the signed tree (leaf hash differs)",
                         (unsigned long long)(index * CS_TILE_WIDTH + i));
                return CS_TILE_MISMATCH;
            }
        return CS_TILE_MATCH;
    }
    uint8_t got[CS_HASH_LEN], want[CS_HASH_LEN];
    cs_merkle_root_of(leaf_hash, n, got);
    cs_tile_check st = hash_at(tt, 1, index, want, err, es);
    if (st == CS_TILE_MATCH && memcmp(got, want, CS_HASH_LEN) != 0) {
        snprintf(err, es, "data tile %llu (entries %llu-%llu) does not match the signed tree", (unsigned long long)index,
                 (unsigned long long)(index * CS_TILE_WIDTH), (unsigned long long)(index * CS_TILE_WIDTH + 255));
        return CS_TILE_MISMATCH;
    }
    return st;
}
