/* TileLeaf extents (tile_leaf.h). */
#include "ingest/tile_leaf.h"

static uint32_t u16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t u24(const uint8_t *p) { return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]; }

cs_tile_leaf_status cs_tile_leaf_scan(const uint8_t *p, size_t n, cs_tile_leaf *out, const char **why)
{
    out->index = -1;
    if (n < 10)
        return CS_TILE_LEAF_MORE;
    uint32_t type = u16(p + 8);
    if (type > 1) {
        *why = "unknown entry type";
        return CS_TILE_LEAF_BAD;
    }
    size_t i = type == 1 ? 42 : 10;
    if (n < i + 3)
        return CS_TILE_LEAF_MORE;
    if (p[i] == 0 && p[i + 1] == 0 && p[i + 2] == 0) {
        *why = "empty certificate";
        return CS_TILE_LEAF_BAD;
    }
    i += 3 + u24(p + i);
    if (n < i + 2)
        return CS_TILE_LEAF_MORE;
    size_t ext = u16(p + i);
    i += 2;
    if (n < i + ext)
        return CS_TILE_LEAF_MORE;
    for (size_t e = i; e + 3 <= i + ext;) {
        size_t elen = u16(p + e + 1);
        if (elen > i + ext - e - 3) {
            *why = "extension overruns the extensions field";
            return CS_TILE_LEAF_BAD;
        }
        if (p[e] == 0 && elen == 5) {
            int64_t v = 0;
            for (int k = 0; k < 5; k++)
                v = v << 8 | p[e + 3 + k];
            out->index = v;
        }
        e += 3 + elen;
    }
    i += ext;
    out->entry_len = i;
    if (type == 1) {
        if (n < i + 3)
            return CS_TILE_LEAF_MORE;
        i += 3 + u24(p + i);
    }
    if (n < i + 2)
        return CS_TILE_LEAF_MORE;
    out->chain_at = i;
    size_t fp = u16(p + i);
    if (fp % 32 != 0) {
        *why = "fingerprint chain is not a multiple of 32 bytes";
        return CS_TILE_LEAF_BAD;
    }
    out->len = i + 2 + fp;
    return n < out->len ? CS_TILE_LEAF_MORE : CS_TILE_LEAF_OK;
}
