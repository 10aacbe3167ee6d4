/* Reading an RFC 6962 log: get-sth (its signature checked with the log
 * key), then get-entries in pages of the size the log actually serves,
 * `jobs` pages at a time.  Every entry's leaf hash is added to the tree of
 * the entries before it: from entry 0, or from the prefix an inclusion
 * proof of the first entry read gives (get-proof-by-hash), or from where
 * an earlier scan stopped (resume).  At the end of the range that tree
 * must be the signed tree head (the whole tree) or consistent with it
 * (get-sth-consistency).  A mismatch is a log misbehaving. */
#include "fetch/log_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ingest/decode.h"
#include "ingest/json.h"

#define FIRST_PAGE 1024
#define MAX_PROOF 64
#define MAX_ROUND 64 /* requests in one round */

typedef struct sth {
    uint64_t size, timestamp;
    uint8_t root[CS_HASH_LEN];
} sth;

static bool json_u64(const uint8_t *p, size_t n, const char *key, uint64_t *out)
{
    size_t vs, ve;
    if (cs_json_get(p, n, key, &vs, &ve) != CS_JSON_OK || p[vs] < '0' || p[vs] > '9')
        return false;
    uint64_t v = 0;
    for (size_t i = vs; i < ve; i++) {
        if (p[i] < '0' || p[i] > '9' || v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    *out = v;
    return true;
}

/* The base64 string at p[vs, ve) (quotes included) decoded into out. */
static bool b64_value(const uint8_t *p, size_t vs, size_t ve, uint8_t *out, size_t cap, size_t *len)
{
    if (p[vs] != '"' || ve - vs < 2 || (ve - vs - 2) / 4 * 3 > cap)
        return false;
    size_t bad;
    const char *why;
    return cs_b64_decode(p + vs + 1, ve - vs - 2, false, out, len, &bad, &why);
}

static bool json_b64(const uint8_t *p, size_t n, const char *key, uint8_t *out, size_t cap, size_t *len)
{
    size_t vs, ve;
    return cs_json_get(p, n, key, &vs, &ve) == CS_JSON_OK && b64_value(p, vs, ve, out, cap, len);
}

/* A response that must be JSON: fetched again (within the retry budget)
 * while it does not parse (a truncated body). */
static cs_http_result get_json(cs_log_run *r, const char *url, cs_body *b, char *err, size_t es)
{
    for (unsigned attempt = 1;; attempt++) {
        cs_http_result res = cs_http_get(r->http, url, b, err, es);
        if (res != CS_HTTP_OK)
            return res;
        size_t end, i = cs_json_ws(b->p, b->n, 0);
        if (cs_json_value_end(b->p, b->n, i, &end) == CS_JSON_OK && b->p[i] == '{')
            return CS_HTTP_OK;
        if (!cs_http_retry_after_bad_body(r->http, attempt)) {
            snprintf(err, es, "%.200s: not a JSON object (retry budget spent)", url);
            return CS_HTTP_FAILED;
        }
    }
}

static bool get_sth(cs_log_run *r, sth *out, cs_body *b, char *err, size_t es)
{
    char url[4200];
    snprintf(url, sizeof url, "%s/ct/v1/get-sth", r->url);
    if (get_json(r, url, b, err, es) != CS_HTTP_OK)
        return false;
    uint8_t sig[1024];
    size_t rl, sl;
    if (!json_u64(b->p, b->n, "tree_size", &out->size) || !json_u64(b->p, b->n, "timestamp", &out->timestamp) ||
        !json_b64(b->p, b->n, "sha256_root_hash", out->root, sizeof out->root + 2, &rl) || rl != CS_HASH_LEN ||
        !json_b64(b->p, b->n, "tree_head_signature", sig, sizeof sig, &sl)) {
        snprintf(err, es, "get-sth: malformed response");
        return false;
    }
    return true;
}

/* Hashes, proofs: "key":[b64, ...] into out. */
typedef struct hash_list {
    uint8_t (*h)[CS_HASH_LEN];
    size_t n;
    bool bad;
} hash_list;

static bool one_hash(void *ctx, const uint8_t *v, size_t len)
{
    hash_list *l = ctx;
    uint8_t tmp[CS_HASH_LEN + 3];
    size_t got;
    if (l->n >= MAX_PROOF || !b64_value(v, 0, len, tmp, sizeof tmp, &got) || got != CS_HASH_LEN)
        return false;
    memcpy(l->h[l->n++], tmp, CS_HASH_LEN);
    return true;
}

static bool json_hashes(const uint8_t *p, size_t n, const char *key, hash_list *out)
{
    size_t vs, ve;
    out->n = 0;
    return cs_json_get(p, n, key, &vs, &ve) == CS_JSON_OK && cs_json_array_each(p, ve, vs, one_hash, out);
}

/* The base64 of a hash, escaped for a URL query. */
static void b64_query(const uint8_t h[CS_HASH_LEN], char *out)
{
    unsigned char b64[48];
    EVP_EncodeBlock(b64, h, CS_HASH_LEN);
    size_t o = 0;
    for (const unsigned char *c = b64; *c; c++)
        if (*c == '+' || *c == '/' || *c == '=')
            o += (size_t)sprintf(out + o, "%%%02X", *c);
        else
            out[o++] = (char)*c;
    out[o] = '\0';
}

/* The tree of entries [0, index) from the inclusion proof of entry
 * `index` (whose leaf hash is given) in the signed tree. */
static bool prefix_from_proof(cs_log_run *r, const sth *t, uint64_t index, const uint8_t leaf[CS_HASH_LEN],
                              cs_merkle_range *prefix, cs_body *b)
{
    char url[4400], q[200], err[300];
    b64_query(leaf, q);
    snprintf(url, sizeof url, "%s/ct/v1/get-proof-by-hash?hash=%s&tree_size=%llu", r->url, q,
             (unsigned long long)t->size);
    cs_http_result res = get_json(r, url, b, err, sizeof err);
    if (res == CS_HTTP_NOT_FOUND) {
        cs_log_misbehaving(r, "entry %llu is not in the signed tree of size %llu (no inclusion proof for it)",
                           (unsigned long long)index, (unsigned long long)t->size);
        return false;
    }
    if (res != CS_HTTP_OK) {
        cs_log_incomplete(r, "inclusion proof of entry %llu: %s", (unsigned long long)index, err);
        return false;
    }
    uint8_t path[MAX_PROOF][CS_HASH_LEN];
    hash_list l = { path, 0, false };
    uint64_t at;
    if (!json_u64(b->p, b->n, "leaf_index", &at) || !json_hashes(b->p, b->n, "audit_path", &l) || at != index ||
        !cs_merkle_inclusion_prefix(index, t->size, leaf, (const uint8_t (*)[CS_HASH_LEN])path, l.n, t->root,
                                    prefix)) {
        cs_log_misbehaving(r, "entry %llu is not in the signed tree of size %llu (its inclusion proof fails)",
                           (unsigned long long)index, (unsigned long long)t->size);
        return false;
    }
    return true;
}

typedef struct page_walk {
    cs_log_run *r;
    const sth *t;
    uint64_t index;         /* of the next entry */
    uint64_t end;           /* first entry not wanted */
    uint64_t page_end;      /* first entry not asked for by the page being taken */
    cs_merkle_range *tree;  /* entries [0, index) when checking */
    bool need_prefix;       /* the tree is not known yet: first entry's proof gives it */
    cs_body *proof_body;
    const char *member;
    uint8_t *leaf;          /* scratch for the decoded entry (a CS_REC_CT_LEAF record) */
    size_t leaf_cap;
    bool failed;
    uint64_t page;          /* entries per page the log serves (0: not known yet) */
    uint64_t asked[MAX_ROUND]; /* entries asked for by each request of the round */
    size_t taking;          /* the request of the round being taken */
    unsigned empty;         /* empty pages in a row */
} page_walk;

/* The base64 JSON string member `key` of v[0,len) decoded at out (room
 * for the value's length). */
static bool b64_member(const uint8_t *v, size_t len, const char *key, uint8_t *out, size_t *olen)
{
    size_t vs, ve, ulen, bad;
    const uint8_t *str;
    const char *why;
    return cs_json_get(v, len, key, &vs, &ve) == CS_JSON_OK && v[vs] == '"' &&
           cs_json_string(v, vs, ve, out, &str, &ulen) && cs_b64_decode(str, ulen, false, out, olen, &bad, &why);
}

static bool one_entry(void *ctx, const uint8_t *v, size_t len)
{
    page_walk *w = ctx;
    cs_log_run *r = w->r;
    if (w->index >= w->page_end)
        return true; /* more than asked: ignored (the next page starts there) */
    /* The entry decoded once, here, since its leaf is hashed: the
     * workers take the bytes (CS_REC_CT_LEAF), not the JSON again.  Both
     * values fit in the entry's length, and 4 bytes say where the
     * MerkleTreeLeaf ends. */
    if (len + 4 > w->leaf_cap) { /* grows to the largest entry seen (< the page's size) */
        uint8_t *p = realloc(w->leaf, len + 4);
        if (!p) {
            cs_log_incomplete(r, "out of memory");
            w->failed = true;
            return false;
        }
        w->leaf = p;
        w->leaf_cap = len + 4;
    }
    size_t ll, el;
    if (!b64_member(v, len, "leaf_input", w->leaf + 4, &ll) ||
        !b64_member(v, len, "extra_data", w->leaf + 4 + ll, &el)) {
        cs_log_misbehaving(r, "entry %llu: leaf_input or extra_data is not a base64 string",
                           (unsigned long long)w->index);
        w->failed = true;
        return false;
    }
    w->leaf[0] = (uint8_t)(ll >> 24), w->leaf[1] = (uint8_t)(ll >> 16), w->leaf[2] = (uint8_t)(ll >> 8);
    w->leaf[3] = (uint8_t)ll;
    uint8_t h[CS_HASH_LEN];
    cs_merkle_leaf_hash(w->leaf + 4, ll, h);
    if (w->need_prefix) {
        if (!prefix_from_proof(r, w->t, w->index, h, w->tree, w->proof_body)) {
            w->failed = true;
            return false;
        }
        w->need_prefix = false;
    }
    cs_merkle_range_add(w->tree, h);
    if (!cs_log_emit(r, CS_REC_CT_LEAF, w->leaf, 4 + ll + el, w->member, 0, (int64_t)w->index)) {
        w->failed = true;
        return false;
    }
    atomic_fetch_add_explicit(&r->done, 1, memory_order_relaxed);
    w->index++;
    r->end.next = w->index;
    return true;
}

/* Whether the tree of size1 entries with root1 is a prefix of the signed
 * tree t, by its consistency proof (get-sth-consistency). */
static cs_tile_check prove_prefix(cs_log_run *r, const sth *t, uint64_t size1, const uint8_t root1[CS_HASH_LEN],
                                  cs_body *b, char *err, size_t es)
{
    char url[4400];
    snprintf(url, sizeof url, "%s/ct/v1/get-sth-consistency?first=%llu&second=%llu", r->url,
             (unsigned long long)size1, (unsigned long long)t->size);
    if (get_json(r, url, b, err, es) != CS_HTTP_OK)
        return CS_TILE_UNAVAILABLE;
    uint8_t proof[MAX_PROOF][CS_HASH_LEN];
    hash_list l = { proof, 0, false };
    if (!json_hashes(b->p, b->n, "consistency", &l) ||
        !cs_merkle_verify_consistency(size1, t->size, root1, t->root, (const uint8_t (*)[CS_HASH_LEN])proof, l.n)) {
        snprintf(err, es, "its consistency proof from size %llu fails", (unsigned long long)size1);
        return CS_TILE_MISMATCH;
    }
    return CS_TILE_MATCH;
}

/* At the end of the range: the tree read must be the signed one, or a
 * prefix of it as a consistency proof shows. */
static void check_end(cs_log_run *r, const sth *t, const cs_merkle_range *tree, cs_body *b)
{
    uint8_t root[CS_HASH_LEN];
    cs_merkle_range_root(tree, root);
    if (tree->size == t->size) {
        if (memcmp(root, t->root, CS_HASH_LEN) != 0)
            cs_log_misbehaving(r, "the entries 0-%llu do not hash to the signed tree head's root",
                               (unsigned long long)t->size - 1);
        return;
    }
    char err[300];
    cs_tile_check st = prove_prefix(r, t, tree->size, root, b, err, sizeof err);
    if (st == CS_TILE_UNAVAILABLE)
        cs_log_incomplete(r, "consistency proof: %s", err);
    else if (st == CS_TILE_MISMATCH)
        cs_log_misbehaving(r, "the entries 0-%llu are not a prefix of the signed tree of size %llu",
                           (unsigned long long)tree->size - 1, (unsigned long long)t->size);
}

typedef struct prove_ctx {
    cs_log_run *r;
    const sth *t;
    cs_body *b;
} prove_ctx;

/* cs_log_prove_fn: the state's tree against the new tree head. */
static cs_tile_check state_is_prefix(void *ctx, uint64_t old_size, const uint8_t old_root[CS_HASH_LEN], char *err,
                                     size_t es)
{
    prove_ctx *c = ctx;
    return prove_prefix(c->r, c->t, old_size, old_root, c->b, err, es);
}

/* cs_log_take_fn: one get-entries response. */
static cs_log_step take_response(void *ctx, const char *path, cs_body *body)
{
    page_walk *w = ctx;
    cs_log_run *r = w->r;
    uint64_t asked = w->asked[w->taking++];
    /* The entries array found whole (one pass over the body) before any
     * entry is taken; without it the body is truncated (asked again) or
     * not a get-entries response. */
    size_t vs, ve, end;
    if (cs_json_get(body->p, body->n, "entries", &vs, &ve) != CS_JSON_OK) {
        if (cs_json_value_end(body->p, body->n, cs_json_ws(body->p, body->n, 0), &end) == CS_JSON_OK) {
            cs_log_misbehaving(r, "%s: malformed get-entries response", path);
            return CS_LOG_STOP;
        }
        if (!cs_http_retry_after_bad_body(r->http, 1)) {
            cs_log_incomplete(r, "%s: malformed JSON (retry budget spent)", path);
            return CS_LOG_STOP;
        }
        return CS_LOG_NEW_ROUND;
    }
    w->page_end = w->index + asked;
    uint64_t before = w->index;
    bool ok = cs_json_array_each(body->p, ve, vs, one_entry, w);
    uint64_t taken = w->index - before;
    if (!ok || w->failed) {
        if (!w->failed)
            cs_log_misbehaving(r, "%s: malformed get-entries response", path);
        return CS_LOG_STOP;
    }
    if (taken == 0) {
        if (++w->empty > 3 && !cs_http_retry_after_bad_body(r->http, w->empty)) {
            cs_log_incomplete(r, "%s: no entries (retry budget spent)", path);
            return CS_LOG_STOP;
        }
        return CS_LOG_NEW_ROUND;
    }
    w->empty = 0;
    /* Pages of the largest size the log served (its cap) from here on;
     * after a short one, the later responses of this round start past a
     * gap: they are dropped and asked again. */
    if (w->page == 0 || taken > w->page)
        w->page = taken;
    return taken < asked ? CS_LOG_NEW_ROUND : CS_LOG_NEXT;
}

bool cs_rfc6962_log_read(cs_log_run *r, char *err, size_t es)
{
    cs_body b = { 0 }, proof = { 0 };
    sth t;
    if (!get_sth(r, &t, &b, err, es)) {
        cs_body_free(&b);
        return false;
    }
    uint8_t sig[1024];
    size_t sl;
    char why[300];
    json_b64(b.p, b.n, "tree_head_signature", sig, sizeof sig, &sl);
    if (!cs_logkey_verify_tree_head(&r->key, t.timestamp, t.size, t.root, sig, sl, why, sizeof why)) {
        cs_body_free(&b);
        cs_log_misbehaving(r, "get-sth: %s", why);
        return true;
    }
    r->end.set = true;
    r->end.tree_size = t.size;
    memcpy(r->end.root, t.root, CS_HASH_LEN);
    prove_ctx pc = { r, &t, &proof };
    if (!cs_log_extends_state(r, t.size, t.root, state_is_prefix, &pc)) {
        cs_body_free(&b);
        cs_body_free(&proof);
        return true;
    }
    cs_merkle_range tree;
    cs_merkle_range_init(&tree);
    /* Resumed: on from where the earlier scan stopped, with the tree of
     * the entries before (checked against its root when that was the
     * whole tree). */
    if (r->start.set && r->from < r->start.next)
        r->from = r->start.next;
    bool resume = r->start.set && r->start.range_set && r->from == r->start.next;
    if (resume) {
        tree = r->start.range;
        uint8_t old_root[CS_HASH_LEN];
        cs_merkle_range_root(&tree, old_root);
        if (tree.size == r->start.tree_size && memcmp(old_root, r->start.root, CS_HASH_LEN) != 0) {
            cs_body_free(&b);
            cs_body_free(&proof);
            snprintf(err, es, "the state's tree of %llu entries does not hash to its root (a damaged state?)",
                     (unsigned long long)tree.size);
            return false;
        }
    }
    if (r->to > t.size)
        r->to = t.size;
    r->end.next = r->from;
    atomic_store(&r->total, r->to > r->from ? r->to - r->from : 0);
    page_walk w = { .r = r, .t = &t, .index = r->from, .end = r->to, .tree = &tree,
                    .need_prefix = r->from > 0 && !resume, .proof_body = &proof, .member = "",
                    .leaf_cap = 4096 };
    w.leaf = malloc(w.leaf_cap);
    cs_log_round q;
    bool go = cs_log_round_init(&q, r->jobs) && w.leaf;
    if (!go)
        cs_log_incomplete(r, "out of memory");
    uint64_t page = FIRST_PAGE;
    while (go && w.index < w.end && !cs_log_stopping(r)) {
        /* Up to `jobs` pages from w.index, of the size the log serves. */
        if (w.page)
            page = w.page;
        w.taking = 0;
        size_t n = 0;
        for (uint64_t s = w.index; s < w.end && n < q.cap && n < MAX_ROUND; s += page, n++) {
            uint64_t e = s + page < w.end ? s + page : w.end;
            char path[100];
            w.asked[n] = e - s;
            snprintf(path, sizeof path, "ct/v1/get-entries?start=%llu&end=%llu", (unsigned long long)s,
                     (unsigned long long)e - 1);
            cs_log_round_add(&q, r, path);
        }
        go = cs_log_round_run(&q, r, take_response, &w);
    }
    if (go && w.index == w.end && atomic_load(&r->total) > 0 && !r->stats->incomplete[0])
        check_end(r, &t, &tree, &proof);
    /* The tree of entries [0, next) for the next run (resume). */
    if (tree.size == r->end.next) {
        r->end.range = tree;
        r->end.range_set = true;
    }
    cs_log_round_free(&q);
    free(w.leaf);
    cs_body_free(&b);
    cs_body_free(&proof);
    return true;
}
