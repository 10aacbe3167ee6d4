/* static-ct-api data tiles (tile/data/<N>[.p/<W>]): TileLeaf entries
 * back to back with no count and no separator, so each is cut by walking
 * its length fields.  The leaf_index extension gives the log index.  A
 * partial tile N.p/W and the full tile N hold the same first entries:
 * each is counted once (tileset.h). */
#include "ingest/framer.h"
#include "ingest/tileset.h"

#include <string.h>

static uint32_t u16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t u24(const uint8_t *p) { return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]; }

typedef enum { LEAF_OK, LEAF_MORE, LEAF_BAD } leaf_status;

/* Extent of the TileLeaf at p[0,n) and its leaf_index (-1 if absent). */
static leaf_status leaf_len(const uint8_t *p, size_t n, size_t *len, int64_t *index, const char **why)
{
    *index = -1;
    if (n < 10)
        return LEAF_MORE;
    uint32_t type = u16(p + 8);
    if (type > 1) {
        *why = "unknown entry type";
        return LEAF_BAD;
    }
    size_t i = type == 1 ? 42 : 10;
    if (n < i + 3)
        return LEAF_MORE;
    if (p[i] == 0 && p[i + 1] == 0 && p[i + 2] == 0) {
        *why = "empty certificate";
        return LEAF_BAD;
    }
    i += 3 + u24(p + i);
    if (n < i + 2)
        return LEAF_MORE;
    size_t ext = u16(p + i);
    i += 2;
    if (n < i + ext)
        return LEAF_MORE;
    for (size_t e = i; e + 3 <= i + ext;) {
        size_t elen = u16(p + e + 1);
        if (elen > i + ext - e - 3) {
            *why = "extension overruns the extensions field";
            return LEAF_BAD;
        }
        if (p[e] == 0 && elen == 5) {
            int64_t v = 0;
            for (int k = 0; k < 5; k++)
                v = v << 8 | p[e + 3 + k];
            *index = v;
        }
        e += 3 + elen;
    }
    i += ext;
    if (type == 1) {
        if (n < i + 3)
            return LEAF_MORE;
        i += 3 + u24(p + i);
    }
    if (n < i + 2)
        return LEAF_MORE;
    size_t fp = u16(p + i);
    if (fp % 32 != 0) {
        *why = "fingerprint chain is not a multiple of 32 bytes";
        return LEAF_BAD;
    }
    *len = i + 2 + fp;
    return n < *len ? LEAF_MORE : LEAF_OK;
}

static int tile_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    int hint = strstr(name, "tile/data/") ? 20 : 0;
    if (n < 13)
        return 0;
    /* A timestamp between 2013 and 2100, in milliseconds. */
    uint64_t ts = 0;
    for (int i = 0; i < 8; i++)
        ts = ts << 8 | p[i];
    if (ts < 1356998400000ull || ts > 4102444800000ull)
        return 0;
    size_t len;
    int64_t index;
    const char *why;
    leaf_status st = leaf_len(p, n, &len, &index, &why);
    size_t cert = u16(p + 8) == 1 ? 45 : 13;
    if (st == LEAF_BAD || n <= cert || p[cert] != 0x30)
        return 0;
    if (st == LEAF_OK)
        return 45 + hint;
    return eof ? 0 : 30 + hint;
}

/* Frames the leaves of one tile file; *walked counts the complete ones.
 * The first `skip` were counted already from another file of the same
 * tile index (tileset.h): they are walked, not emitted. */
static bool tile_leaves(cs_fctx *f, uint64_t skip, uint64_t *walked)
{
    cs_stream *s = f->in;
    size_t want = 64 * 1024;
    for (;;) {
        if (cs_fctx_stopping(f))
            return false;
        size_t avail = cs_stream_fill(s, want);
        if (avail == 0)
            return true;
        size_t len;
        int64_t index;
        const char *why = "";
        uint64_t off = cs_stream_pos(s);
        leaf_status st = leaf_len(cs_stream_data(s), avail, &len, &index, &why);
        /* A complete leaf is held to the limit too: whether it is refused
         * must not depend on how much the window happened to hold. */
        if (st == LEAF_OK && len <= f->max_record) {
            if (*walked >= skip && !cs_emit(f, CS_REC_TILE_LEAF, cs_stream_data(s), len, off, 0, index))
                return false;
            ++*walked;
            cs_stream_consume(s, len);
            want = 64 * 1024;
            continue;
        }
        if (st == LEAF_MORE && !s->eof && avail <= f->max_record) {
            want = avail + 1;
            continue;
        }
        if (!s->failed) {
            if (st == LEAF_BAD)
                cs_emit_error(f, off, 0, "TileLeaf at byte %llu: %s; rest of the tile skipped",
                              (unsigned long long)off, why);
            else if (st == LEAF_OK || avail > f->max_record)
                cs_emit_error(f, off, 0, "TileLeaf at byte %llu larger than the %zu-byte limit; rest of the tile skipped",
                              (unsigned long long)off, f->max_record);
            else
                cs_emit_error(f, off, 0, "truncated TileLeaf at byte %llu (%zu bytes left)",
                              (unsigned long long)off, avail);
        }
        return true; /* no separator to resynchronise on */
    }
}

static bool tile_run(cs_fctx *f)
{
    char key[4096];
    if (!cs_tile_key(f->name, key, sizeof key))
        return tile_leaves(f, 0, &(uint64_t){ 0 });
    uint64_t walked = 0;
    bool go_on = tile_leaves(f, cs_tileset_counted(*cs_fctx_tiles(f), key), &walked);
    if (!cs_tileset_note(cs_fctx_tiles(f), key, walked))
        return false; /* out of memory: the pipeline fails the scan */
    return go_on;
}

const cs_framer cs_framer_tile = {
    { "tile", "static-ct-api data tiles (tile/data/N), TileLeaf entries" },
    tile_detect, tile_run,
};
