/* static-ct-api data tiles (tile/data/<N>[.p/<W>]): TileLeaf entries
 * back to back with no count and no separator, so each is cut by walking
 * its length fields.  The leaf_index extension gives the log index.  A
 * partial tile N.p/W and the full tile N hold the same first entries:
 * each is counted once (tileset.h). */
#include "ingest/framer.h"
#include "ingest/tile_leaf.h"
#include "ingest/tileset.h"

#include <string.h>

static int tile_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    if (n < 13)
        return 0;
    /* A timestamp between 2013 and 2100, in milliseconds. */
    uint64_t ts = 0;
    for (int i = 0; i < 8; i++)
        ts = ts << 8 | p[i];
    if (ts < 1356998400000ull || ts > 4102444800000ull)
        return 0;
    int hint = strstr(name, "tile/data/") ? 20 : 0; /* after the cheap test: every member is asked */
    cs_tile_leaf leaf;
    const char *why;
    cs_tile_leaf_status st = cs_tile_leaf_scan(p, n, &leaf, &why);
    size_t cert = ((uint32_t)p[8] << 8 | p[9]) == 1 ? 45 : 13;
    if (st == CS_TILE_LEAF_BAD || n <= cert || p[cert] != 0x30)
        return 0;
    if (st == CS_TILE_LEAF_OK)
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
        cs_tile_leaf leaf = { 0 };
        const char *why = "";
        uint64_t off = cs_stream_pos(s);
        cs_tile_leaf_status st = cs_tile_leaf_scan(cs_stream_data(s), avail, &leaf, &why);
        size_t len = leaf.len;
        /* A complete leaf is held to the limit too: whether it is refused
         * must not depend on how much the window happened to hold. */
        if (st == CS_TILE_LEAF_OK && len <= f->max_record) {
            if (*walked >= skip && !cs_emit(f, CS_REC_TILE_LEAF, cs_stream_data(s), len, off, 0, leaf.index))
                return false;
            ++*walked;
            cs_stream_consume(s, len);
            want = 64 * 1024;
            continue;
        }
        if (st == CS_TILE_LEAF_MORE && !s->eof && avail <= f->max_record) {
            want = avail + 1;
            continue;
        }
        if (!s->failed) {
            if (st == CS_TILE_LEAF_BAD)
                cs_emit_error(f, off, 0, "TileLeaf at byte %llu: %s; rest of the tile skipped",
                              (unsigned long long)off, why);
            else if (st == CS_TILE_LEAF_OK || avail > f->max_record)
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
    tile_detect, tile_run, 65,
};
