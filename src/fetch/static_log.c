/* Reading a static-ct-api log (c2sp.org/static-ct-api): the checkpoint,
 * checked with the log key; the right-edge hash tiles, checked against
 * its root; then the data tiles of the range, `jobs` at a time, each
 * checked against the tree before any of its entries is handed on; the
 * issuers from issuer/<fingerprint>, checked against the fingerprint. */
#include "fetch/log_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlog/checkpoint.h"
#include "ctlog/tiletree.h"
#include "ingest/tile_leaf.h"
#include "x509/digest.h"

#define MAX_ISSUERS 4096

typedef struct issuer {
    uint8_t fp[32];
    uint8_t *der;
    size_t len;
} issuer;

typedef struct static_log {
    cs_log_run *r;
    cs_tiletree *tree;
    cs_body scratch;
    cs_body join;            /* a record made of a TileLeaf and its issuer */
    issuer *issuers;
    size_t n_issuers;
    uint64_t next_tile;      /* of the next response taken */
} static_log;

static bool url_of(const cs_log_run *r, const char *path, char *out, size_t size)
{
    return (size_t)snprintf(out, size, "%s/%s", r->url, path) < size;
}

/* cs_tile_fetch_fn for the tile tree. */
static bool fetch_hash_tile(void *ctx, unsigned level, uint64_t index, unsigned width, uint8_t (*out)[CS_HASH_LEN],
                            char *err, size_t es)
{
    static_log *s = ctx;
    char lvl[8], path[256], url[4096];
    snprintf(lvl, sizeof lvl, "%u", level);
    if (!cs_tile_path(path, sizeof path, lvl, index, width) || !url_of(s->r, path, url, sizeof url)) {
        snprintf(err, es, "log URL too long");
        return false;
    }
    if (cs_http_get(s->r->http, url, &s->scratch, err, es) != CS_HTTP_OK ||
        !cs_body_gunzip(&s->scratch, 1 << 20, err, es))
        return false;
    if (s->scratch.n != (size_t)width * CS_HASH_LEN) {
        snprintf(err, es, "%s: %zu bytes, not the %u hashes of the tile", path, s->scratch.n, width);
        return false;
    }
    memcpy(out, s->scratch.p, s->scratch.n);
    return true;
}

/* The issuer with this fingerprint, fetched once and checked. */
static const issuer *get_issuer(static_log *s, const uint8_t fp[32])
{
    for (size_t i = s->n_issuers; i-- > 0;)
        if (memcmp(s->issuers[i].fp, fp, 32) == 0)
            return &s->issuers[i];
    char hex[65], url[4200], err[300];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", fp[i]);
    snprintf(url, sizeof url, "%s/issuer/%s", s->r->url, hex);
    if (cs_http_get(s->r->http, url, &s->scratch, err, sizeof err) != CS_HTTP_OK ||
        !cs_body_gunzip(&s->scratch, 1 << 20, err, sizeof err)) {
        cs_log_incomplete(s->r, "issuer %s: %s", hex, err);
        return NULL;
    }
    uint8_t got[32];
    cs_digest(CS_DIGEST_SHA256, s->scratch.p, s->scratch.n, got);
    if (memcmp(got, fp, 32) != 0) {
        cs_log_misbehaving(s->r, "issuer/%s serves a certificate with another SHA-256", hex);
        return NULL;
    }
    if (s->n_issuers == MAX_ISSUERS) { /* keep memory bounded: forget the oldest half */
        for (size_t i = 0; i < MAX_ISSUERS / 2; i++)
            free(s->issuers[i].der);
        memmove(s->issuers, s->issuers + MAX_ISSUERS / 2, (MAX_ISSUERS / 2) * sizeof *s->issuers);
        s->n_issuers -= MAX_ISSUERS / 2;
    }
    issuer *is = &s->issuers[s->n_issuers];
    if (!(is->der = malloc(s->scratch.n))) {
        cs_log_incomplete(s->r, "out of memory");
        return NULL;
    }
    memcpy(is->der, s->scratch.p, s->scratch.n);
    is->len = s->scratch.n;
    memcpy(is->fp, fp, 32);
    s->n_issuers++;
    return is;
}

/* a then b in s->join (grown as needed), or NULL when out of memory. */
static const uint8_t *joined(static_log *s, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    if (alen + blen > s->join.cap) {
        uint8_t *p = realloc(s->join.p, alen + blen);
        if (!p)
            return NULL;
        s->join.p = p;
        s->join.cap = alen + blen;
    }
    memcpy(s->join.p, a, alen);
    memcpy(s->join.p + alen, b, blen);
    return s->join.p;
}

/* One fetched data tile: cut, hashed and checked, then its entries in
 * the range handed on.  False to stop reading. */
static bool data_tile(static_log *s, uint64_t tile, unsigned width, const char *path, cs_body *b)
{
    cs_log_run *r = s->r;
    char err[300];
    if (!cs_body_gunzip(b, (size_t)64 << 20, err, sizeof err)) {
        cs_log_misbehaving(r, "%s: %s", path, err);
        return false;
    }
    size_t off[CS_TILE_WIDTH + 1], entry[CS_TILE_WIDTH], chain[CS_TILE_WIDTH];
    uint8_t (*hash)[CS_HASH_LEN] = malloc(CS_TILE_WIDTH * CS_HASH_LEN);
    if (!hash) {
        cs_log_incomplete(r, "out of memory");
        return false;
    }
    unsigned n = 0;
    size_t at = 0;
    while (at < b->n && n < CS_TILE_WIDTH) {
        cs_tile_leaf leaf;
        const char *why = "truncated";
        if (cs_tile_leaf_scan(b->p + at, b->n - at, &leaf, &why) != CS_TILE_LEAF_OK) {
            cs_log_misbehaving(r, "%s: entry %u at byte %zu: %s", path, n, at, why);
            free(hash);
            return false;
        }
        if (leaf.index != (int64_t)(tile * CS_TILE_WIDTH + n)) {
            /* static-ct-api: every entry carries its own index. */
            cs_log_misbehaving(r, "%s: entry %u says it is entry %lld of the log", path, n, (long long)leaf.index);
            free(hash);
            return false;
        }
        cs_merkle_entry_hash(b->p + at, leaf.entry_len, hash[n]);
        off[n] = at;
        entry[n] = leaf.len;
        chain[n] = leaf.chain_at;
        at += leaf.len;
        n++;
    }
    off[n] = at;
    if (at != b->n) {
        cs_log_misbehaving(r, "%s: more than %u entries", path, width);
        free(hash);
        return false;
    }
    cs_tile_check st = cs_tiletree_check_data(s->tree, tile, (const uint8_t (*)[CS_HASH_LEN])hash, n, err, sizeof err);
    free(hash);
    if (st == CS_TILE_MISMATCH) {
        cs_log_misbehaving(r, "%s", err);
        return false;
    }
    if (st == CS_TILE_UNAVAILABLE) {
        cs_log_incomplete(r, "%s", err);
        return false;
    }
    for (unsigned i = 0; i < n; i++) {
        uint64_t index = tile * CS_TILE_WIDTH + i;
        if (index < r->from || index >= r->to)
            continue;
        const uint8_t *p = b->p + off[i];
        /* certificate_chain ends the leaf: 2-byte length, 32-byte
         * fingerprints; the first names the issuer. */
        size_t pos = chain[i];
        const issuer *is = NULL;
        if (((size_t)p[pos] << 8 | p[pos + 1]) >= 32 && !(is = get_issuer(s, p + pos + 2)))
            return false;
        /* The record: the TileLeaf, then its issuer's DER. */
        const uint8_t *rec = p;
        size_t len = entry[i];
        if (is) {
            if (!(rec = joined(s, p, entry[i], is->der, is->len))) {
                cs_log_incomplete(r, "out of memory");
                return false;
            }
            len += is->len;
        }
        if (!cs_log_emit(r, CS_REC_TILE_LEAF_ISSUER, rec, len, path, off[i], (int64_t)index))
            return false;
        atomic_fetch_add_explicit(&r->done, 1, memory_order_relaxed);
        r->end.next = index + 1;
    }
    return true;
}

/* cs_log_prove_fn: the old root recomputed from the new tree's tiles. */
static cs_tile_check prefix_of_tree(void *ctx, uint64_t old_size, const uint8_t old_root[CS_HASH_LEN], char *err,
                                    size_t es)
{
    static_log *s = ctx;
    uint8_t got[CS_HASH_LEN];
    cs_tile_check st = cs_tiletree_prefix_root(s->tree, old_size, got, err, es);
    if (st == CS_TILE_MATCH && memcmp(got, old_root, CS_HASH_LEN) != 0) {
        snprintf(err, es, "its first %llu entries hash to another root", (unsigned long long)old_size);
        return CS_TILE_MISMATCH;
    }
    return st;
}

/* cs_log_take_fn: one data tile. */
static cs_log_step take_tile(void *ctx, const char *path, cs_body *body)
{
    static_log *s = ctx;
    uint64_t tile = s->next_tile++;
    return data_tile(s, tile, cs_tiletree_width(s->tree->size, 0, tile), path, body) ? CS_LOG_NEXT : CS_LOG_STOP;
}

bool cs_static_log_read(cs_log_run *r, char *err, size_t es)
{
    char url[4096];
    cs_body body = { 0 };
    if (!url_of(r, "checkpoint", url, sizeof url)) {
        snprintf(err, es, "log URL too long");
        return false;
    }
    if (cs_http_get(r->http, url, &body, err, es) != CS_HTTP_OK) {
        cs_body_free(&body);
        return false;
    }
    cs_checkpoint cp;
    char why[300];
    bool verified = cs_checkpoint_verify((const char *)body.p, body.n, &r->key, &cp, why, sizeof why);
    cs_body_free(&body);
    if (!verified) {
        cs_log_misbehaving(r, "%s", why);
        return true;
    }
    static_log s = { .r = r };
    s.tree = malloc(sizeof *s.tree);
    s.issuers = calloc(MAX_ISSUERS, sizeof *s.issuers);
    cs_log_round q;
    if (!cs_log_round_init(&q, r->jobs) || !s.tree || !s.issuers) {
        free(s.tree), free(s.issuers), cs_log_round_free(&q);
        snprintf(err, es, "out of memory");
        return false;
    }
    r->end.set = true;
    r->end.tree_size = cp.size;
    memcpy(r->end.root, cp.root, CS_HASH_LEN);
    if (r->from < r->start.next && r->start.set)
        r->from = r->start.next;
    if (r->to > cp.size)
        r->to = cp.size;
    r->end.next = r->from;
    atomic_store(&r->total, r->to > r->from ? r->to - r->from : 0);
    uint64_t total = atomic_load(&r->total);
    /* The tree's tiles are needed to read, and to check a resumed log
     * has grown from the state's tree. */
    bool grown = r->start.set && cp.size > r->start.tree_size;
    cs_tile_check st = total || grown ? cs_tiletree_open(s.tree, cp.size, cp.root, fetch_hash_tile, &s, why, sizeof why)
                                      : CS_TILE_MATCH;
    if (st == CS_TILE_MISMATCH)
        cs_log_misbehaving(r, "%s", why);
    else if (st == CS_TILE_UNAVAILABLE)
        cs_log_incomplete(r, "%s", why);
    if (st != CS_TILE_MATCH && r->start.set)
        r->end = r->start; /* the state keeps the tree it had */
    bool go = st == CS_TILE_MATCH && cs_log_extends_state(r, cp.size, cp.root, prefix_of_tree, &s) && total;
    uint64_t last = total ? (r->to - 1) / CS_TILE_WIDTH : 0;
    s.next_tile = r->from / CS_TILE_WIDTH;
    for (uint64_t t = s.next_tile; go && t <= last; t = s.next_tile) {
        for (uint64_t u = t; u <= last && q.n < q.cap; u++) {
            char path[256];
            cs_tile_path(path, sizeof path, "data", u, cs_tiletree_width(cp.size, 0, u));
            cs_log_round_add(&q, r, path);
        }
        go = cs_log_round_run(&q, r, take_tile, &s);
    }
    cs_log_round_free(&q);
    for (size_t i = 0; i < s.n_issuers; i++)
        free(s.issuers[i].der);
    free(s.issuers);
    free(s.tree);
    cs_body_free(&s.scratch);
    cs_body_free(&s.join);
    return true;
}
