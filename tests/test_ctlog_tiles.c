/* Tiles of static-ct-api logs: paths, the checks of tiles against a
 * checkpoint root (src/ctlog/tiletree.c) over trees held in memory, and
 * the TileLeaf extent and record with its issuer (src/ingest). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ctlog/tiletree.h"
#include "ingest/record.h"
#include "ingest/tile_leaf.h"

Test(ctlog_tiles, paths)
{
    char p[64];
    cr_assert(cs_tile_path(p, sizeof p, "0", 1234067, 0));
    cr_assert_str_eq(p, "tile/0/x001/x234/067");
    cr_assert(cs_tile_path(p, sizeof p, "data", 5, 17));
    cr_assert_str_eq(p, "tile/data/005.p/17");
    cr_assert(cs_tile_path(p, sizeof p, "2", 1000, 256));
    cr_assert_str_eq(p, "tile/2/x001/000");
    cr_assert_not(cs_tile_path(p, 8, "0", 1, 0), "does not fit");
    cr_assert_eq(cs_tiletree_width(70000, 0, 273), 112);
    cr_assert_eq(cs_tiletree_width(70000, 1, 1), 17);
    cr_assert_eq(cs_tiletree_width(70000, 2, 0), 1);
    cr_assert_eq(cs_tiletree_width(70000, 0, 100), 256);
    cr_assert_eq(cs_tiletree_width(70000, 0, 274), 0);
    cr_assert_eq(cs_tiletree_width(256, 1, 0), 1);
}

/* A whole log in memory: its leaf hashes and every level's hashes. */
typedef struct memlog {
    uint64_t size;
    uint8_t (*level[4])[CS_HASH_LEN];
    uint64_t n[4];
    int fetches;
    int tamper_level;          /* -1: none */
} memlog;

static void build(memlog *m, uint64_t size)
{
    memset(m, 0, sizeof *m);
    m->size = size;
    m->tamper_level = -1;
    m->level[0] = malloc(size * CS_HASH_LEN);
    for (uint64_t i = 0; i < size; i++) {
        uint8_t d[8];
        for (int k = 0; k < 8; k++)
            d[k] = (uint8_t)(i >> (8 * k));
        cs_merkle_leaf_hash(d, 8, m->level[0][i]);
    }
    m->n[0] = size;
    for (int l = 1; l < 4; l++) {
        m->n[l] = m->n[l - 1] / 256;
        m->level[l] = malloc((m->n[l] ? m->n[l] : 1) * CS_HASH_LEN);
        for (uint64_t i = 0; i < m->n[l]; i++)
            cs_merkle_root_of((const uint8_t (*)[CS_HASH_LEN])m->level[l - 1] + 256 * i, 256, m->level[l][i]);
    }
}

static void drop(memlog *m)
{
    for (int l = 0; l < 4; l++)
        free(m->level[l]);
}

static bool fetch(void *ctx, unsigned level, uint64_t index, unsigned width, uint8_t (*out)[CS_HASH_LEN], char *err,
                  size_t es)
{
    memlog *m = ctx;
    m->fetches++;
    if (level >= 4 || index * 256 + width > m->n[level]) {
        snprintf(err, es, "no tile %u/%llu", level, (unsigned long long)index);
        return false;
    }
    memcpy(out, m->level[level] + index * 256, (size_t)width * CS_HASH_LEN);
    if ((int)level == m->tamper_level)
        out[0][0] ^= 1;
    return true;
}

static cs_tiletree *open_tree(memlog *m, cs_tile_check want)
{
    cs_tiletree *tt = malloc(sizeof *tt);
    uint8_t root[CS_HASH_LEN];
    cs_merkle_root_of((const uint8_t (*)[CS_HASH_LEN])m->level[0], m->size, root);
    char err[256] = "";
    cr_assert_eq(cs_tiletree_open(tt, m->size, root, fetch, m, err, sizeof err), want, "%s", err);
    return tt;
}

Test(ctlog_tiles, every_data_tile_checks_against_the_root)
{
    static const uint64_t sizes[] = { 1, 255, 256, 257, 773, 65536, 70000 };
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        memlog m;
        build(&m, sizes[s]);
        cs_tiletree *tt = open_tree(&m, CS_TILE_MATCH);
        char err[256];
        for (uint64_t t = 0; t * 256 < m.size; t++) {
            unsigned w = cs_tiletree_width(m.size, 0, t);
            cr_assert_eq(cs_tiletree_check_data(tt, t, (const uint8_t (*)[CS_HASH_LEN])m.level[0] + 256 * t, w, err,
                                                sizeof err),
                         CS_TILE_MATCH, "size %llu tile %llu: %s", (unsigned long long)m.size, (unsigned long long)t, err);
        }
        /* A leaf changed, or a tile cut short, does not match. */
        uint64_t last = (m.size - 1) / 256;
        unsigned w = cs_tiletree_width(m.size, 0, last);
        m.level[0][last * 256][5] ^= 1;
        cr_assert_eq(cs_tiletree_check_data(tt, last, (const uint8_t (*)[CS_HASH_LEN])m.level[0] + 256 * last, w, err,
                                            sizeof err),
                     CS_TILE_MISMATCH);
        if (w > 1)
            cr_assert_eq(cs_tiletree_check_data(tt, last, (const uint8_t (*)[CS_HASH_LEN])m.level[0] + 256 * last, w - 1,
                                                err, sizeof err),
                         CS_TILE_MISMATCH);
        free(tt);
        drop(&m);
    }
}

Test(ctlog_tiles, a_tampered_hash_tile_is_caught)
{
    memlog m;
    build(&m, 70000);
    m.tamper_level = 2; /* the edge tile of level 2: the root no longer comes out */
    free(open_tree(&m, CS_TILE_MISMATCH));
    m.tamper_level = 1; /* level-1 tiles: the edge one breaks the root; full ones their parent hash */
    free(open_tree(&m, CS_TILE_MISMATCH));
    drop(&m);
    build(&m, 65536 + 300);
    cs_tiletree *tt = open_tree(&m, CS_TILE_MATCH);
    m.tamper_level = 1; /* the full level-1 tile 0, fetched to check data tile 3 */
    char err[256];
    cr_assert_eq(cs_tiletree_check_data(tt, 3, (const uint8_t (*)[CS_HASH_LEN])m.level[0] + 256 * 3, 256, err, sizeof err),
                 CS_TILE_MISMATCH);
    cr_assert(strstr(err, "does not match its hash in level 2"), "%s", err);
    free(tt);
    drop(&m);
}

Test(ctlog_tiles, tiles_fetched_once_per_level)
{
    memlog m;
    build(&m, 65536 * 2 + 5);
    cs_tiletree *tt = open_tree(&m, CS_TILE_MATCH);
    int before = m.fetches;
    char err[256];
    for (uint64_t t = 0; t < 300; t++)
        cr_assert_eq(cs_tiletree_check_data(tt, t, (const uint8_t (*)[CS_HASH_LEN])m.level[0] + 256 * t, 256, err,
                                            sizeof err),
                     CS_TILE_MATCH, "%s", err);
    /* Level-1 tiles 0 and 1 (full) once each; level 2 is the edge. */
    cr_assert_eq(m.fetches - before, 2);
    m.n[1] = 0; /* a tile that cannot be fetched */
    tt->full[1].valid = false;
    cr_assert_eq(cs_tiletree_check_data(tt, 5, (const uint8_t (*)[CS_HASH_LEN])m.level[0] + 256 * 5, 256, err, sizeof err),
                 CS_TILE_UNAVAILABLE);
    free(tt);
    drop(&m);
}

/* The root of the first m leaves, by merkle.c's RFC 6962 tree hash. */
static void prefix_hash(const memlog *m, uint64_t size, uint8_t out[CS_HASH_LEN])
{
    cs_merkle_root_of((const uint8_t (*)[CS_HASH_LEN])m->level[0], size, out);
}

Test(ctlog_tiles, old_root_recomputed_from_the_new_tree)
{
    static const uint64_t sizes[] = { 1, 255, 256, 257, 773, 65536, 70000, 65536 * 2 + 5 };
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        memlog m;
        build(&m, sizes[s]);
        const uint64_t olds[] = { 1, 2, 3, 255, 256, 257, 300, 511, 512, 700, 65535, 65536, 65537, 65536 + 256 * 3 + 7,
                                  m.size - 1, m.size };
        for (size_t k = 0; k < sizeof olds / sizeof *olds; k++) {
            uint64_t old = olds[k];
            if (old == 0 || old > m.size)
                continue;
            cs_tiletree *tt = open_tree(&m, CS_TILE_MATCH);
            int before = m.fetches;
            uint8_t got[CS_HASH_LEN], want[CS_HASH_LEN];
            char err[256] = "";
            cr_assert_eq(cs_tiletree_prefix_root(tt, old, got, err, sizeof err), CS_TILE_MATCH, "%s", err);
            prefix_hash(&m, old, want);
            cr_assert_arr_eq(got, want, CS_HASH_LEN, "size %llu, old size %llu", (unsigned long long)m.size,
                             (unsigned long long)old);
            /* Only the old right edge: one tile per level (and, for a full
             * one, the tile above it that holds its hash). */
            cr_assert_leq(m.fetches - before, 4, "size %llu, old size %llu: %d fetches", (unsigned long long)m.size,
                          (unsigned long long)old, m.fetches - before);
            free(tt);
        }
        drop(&m);
    }
}

Test(ctlog_tiles, a_rewritten_history_gives_another_old_root)
{
    memlog a, b;
    build(&a, 70000);
    build(&b, 70000);
    b.level[0][299][0] ^= 1; /* one entry of the first 300 rewritten: every level above follows */
    for (int l = 1; l < 4; l++)
        for (uint64_t i = 0; i < b.n[l]; i++)
            cs_merkle_root_of((const uint8_t (*)[CS_HASH_LEN])b.level[l - 1] + 256 * i, 256, b.level[l][i]);
    cs_tiletree *tt = open_tree(&b, CS_TILE_MATCH); /* b is a consistent tree of its own */
    uint8_t got[CS_HASH_LEN], old_a[CS_HASH_LEN], old_b[CS_HASH_LEN];
    char err[256];
    prefix_hash(&a, 300, old_a);
    prefix_hash(&b, 300, old_b);
    cr_assert_eq(cs_tiletree_prefix_root(tt, 300, got, err, sizeof err), CS_TILE_MATCH, "%s", err);
    cr_assert_arr_eq(got, old_b, CS_HASH_LEN);
    cr_assert_arr_neq(got, old_a, CS_HASH_LEN, "a's tree of 300 is not a prefix of b's");
    /* Before the rewritten entry both trees agree. */
    prefix_hash(&a, 299, old_a);
    cr_assert_eq(cs_tiletree_prefix_root(tt, 299, got, err, sizeof err), CS_TILE_MATCH, "%s", err);
    cr_assert_arr_eq(got, old_a, CS_HASH_LEN);
    cr_assert_eq(cs_tiletree_prefix_root(tt, 70001, got, err, sizeof err), CS_TILE_MISMATCH, "larger than the tree");
    free(tt);
    drop(&a);
    drop(&b);
}

Test(ctlog_tiles, old_edge_tiles_are_checked_before_use)
{
    memlog m;
    build(&m, 65536 * 2 + 5);
    cs_tiletree *tt = open_tree(&m, CS_TILE_MATCH);
    uint8_t got[CS_HASH_LEN];
    char err[256];
    m.tamper_level = 0; /* the full data-level tile 1 holding the old size's edge */
    cr_assert_eq(cs_tiletree_prefix_root(tt, 300, got, err, sizeof err), CS_TILE_MISMATCH);
    cr_assert(strstr(err, "does not match its hash in level 1"), "%s", err);
    m.tamper_level = -1;
    m.n[0] = 0; /* cannot be fetched */
    cr_assert_eq(cs_tiletree_prefix_root(tt, 300, got, err, sizeof err), CS_TILE_UNAVAILABLE);
    free(tt);
    drop(&m);
}

/* x509 TileLeaf: timestamp, type 0, 3+5 bytes of "certificate",
 * leaf_index extension, one fingerprint. */
static size_t x509_leaf(uint8_t *p)
{
    size_t n = 0;
    memset(p, 0, 8);
    p[7] = 1;
    n = 8;
    p[n++] = 0, p[n++] = 0;
    p[n++] = 0, p[n++] = 0, p[n++] = 5;
    memcpy(p + n, "\x30\x03\x02\x01\x07", 5);
    n += 5;
    p[n++] = 0, p[n++] = 8, p[n++] = 0, p[n++] = 0, p[n++] = 5;
    memcpy(p + n, "\0\0\0\1\x2c", 5); /* leaf index 300 */
    n += 5;
    p[n++] = 0, p[n++] = 32;
    memset(p + n, 0xab, 32);
    return n + 32;
}

Test(ctlog_tiles, tile_leaf_extent_and_issuer_record)
{
    uint8_t p[200];
    size_t n = x509_leaf(p);
    cs_tile_leaf leaf;
    const char *why = NULL;
    cr_assert_eq(cs_tile_leaf_scan(p, n, &leaf, &why), CS_TILE_LEAF_OK);
    cr_assert_eq(leaf.len, n);
    cr_assert_eq(leaf.entry_len, 8 + 2 + 3 + 5 + 2 + 8);
    cr_assert_eq(leaf.chain_at, leaf.entry_len);
    cr_assert_eq(leaf.index, 300);
    cr_assert_eq(cs_tile_leaf_scan(p, n - 1, &leaf, &why), CS_TILE_LEAF_MORE);
    /* The record with its issuer appended decodes to both. */
    memcpy(p + n, "\x30\x03\x02\x01\x09", 5);
    cs_batch *b = cs_batch_new();
    cs_origin o = { .ct_index = 300 };
    cr_assert(cs_batch_add(b, CS_REC_TILE_LEAF_ISSUER, p, n + 5, &o));
    cs_decode_scratch s = { 0 };
    cs_decoded d;
    char reason[200];
    cr_assert(cs_record_decode(b, &b->recs[0], &s, &d, reason, sizeof reason), "%s", reason);
    cr_assert_eq(d.len, 5);
    cr_assert_eq(d.issuer_len, 5);
    cr_assert_eq(d.issuer_der[4], 9);
    cr_assert_eq(d.ct_index, 300);
    /* Without an issuer: none, and a cut leaf is an error. */
    cs_batch_reset(b);
    cr_assert(cs_batch_add(b, CS_REC_TILE_LEAF_ISSUER, p, n, &o));
    cr_assert(cs_record_decode(b, &b->recs[0], &s, &d, reason, sizeof reason));
    cr_assert_null(d.issuer_der);
    cs_batch_reset(b);
    cr_assert(cs_batch_add(b, CS_REC_TILE_LEAF_ISSUER, p, n - 3, &o));
    cr_assert_not(cs_record_decode(b, &b->recs[0], &s, &d, reason, sizeof reason));
    cs_decode_scratch_free(&s);
    cs_batch_free(b);
}

/* An RFC 6962 entry as its log reader hands it on (CS_REC_CT_LEAF: the
 * decoded MerkleTreeLeaf and extra_data) decodes to what the get-entries
 * JSON object it came from decodes to. */
Test(ctlog_tiles, decoded_ct_entry_record)
{
    /* MerkleTreeLeaf: v1, timestamped_entry, timestamp 7, x509_entry of a
     * 5-byte "certificate", no extensions; extra_data: one 5-byte issuer. */
    static const uint8_t leaf[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 5, 0x30, 3, 2, 1, 7, 0, 0 };
    static const uint8_t extra[] = { 0, 0, 8, 0, 0, 5, 0x30, 3, 2, 1, 9 };
    uint8_t rec[64];
    rec[0] = rec[1] = rec[2] = 0, rec[3] = sizeof leaf;
    memcpy(rec + 4, leaf, sizeof leaf);
    memcpy(rec + 4 + sizeof leaf, extra, sizeof extra);
    size_t n = 4 + sizeof leaf + sizeof extra;
    char json[300], lb[64], eb[64];
    EVP_EncodeBlock((unsigned char *)lb, leaf, sizeof leaf);
    EVP_EncodeBlock((unsigned char *)eb, extra, sizeof extra);
    snprintf(json, sizeof json, "{\"leaf_input\":\"%s\",\"extra_data\":\"%s\"}", lb, eb);
    cs_batch *b = cs_batch_new();
    cs_origin o = { .ct_index = 12 };
    cr_assert(cs_batch_add(b, CS_REC_CT_LEAF, rec, n, &o));
    cr_assert(cs_batch_add(b, CS_REC_CT_ENTRY, json, strlen(json), &o));
    cs_decode_scratch s = { 0 };
    cs_decoded d, j;
    char reason[200];
    cr_assert(cs_record_decode(b, &b->recs[0], &s, &d, reason, sizeof reason), "%s", reason);
    cr_assert_eq(d.len, 5);
    cr_assert_eq(d.der[4], 7);
    cr_assert_eq(d.issuer_len, 5);
    cr_assert_eq(d.issuer_der[4], 9);
    cr_assert_eq(d.ct_timestamp, 7);
    cr_assert_eq(d.ct_index, 12);
    cs_decode_scratch js = { 0 };
    cr_assert(cs_record_decode(b, &b->recs[1], &js, &j, reason, sizeof reason), "%s", reason);
    cr_assert(j.len == d.len && memcmp(j.der, d.der, d.len) == 0 && j.issuer_len == d.issuer_len &&
              j.ct_timestamp == d.ct_timestamp && j.precert == d.precert);
    /* A length that overruns the record, a record cut short, a leaf cut
     * short (its extensions missing): errors, not reads past the end. */
    rec[3] = (uint8_t)(n - 3);
    cs_batch_reset(b);
    cr_assert(cs_batch_add(b, CS_REC_CT_LEAF, rec, n, &o));
    cr_assert(cs_batch_add(b, CS_REC_CT_LEAF, rec, 3, &o));
    rec[3] = sizeof leaf - 2;
    cr_assert(cs_batch_add(b, CS_REC_CT_LEAF, rec, n, &o));
    for (size_t i = 0; i < 3; i++)
        cr_assert_not(cs_record_decode(b, &b->recs[i], &s, &d, reason, sizeof reason), "record %zu", i);
    cs_decode_scratch_free(&s);
    cs_decode_scratch_free(&js);
    cs_batch_free(b);
}
