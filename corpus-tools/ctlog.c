/* certsweep-ctlog: turns a generated corpus into a CT log a test server
 * can serve, signed with a test key.
 *
 *   certsweep-ctlog static DIR KEY.pem ORIGIN
 *       DIR holds tile/data/... and issuer/... (certsweep-gen -f tiles):
 *       writes the hash tiles tile/<L>/<N>[.p/<W>] of every level and
 *       DIR/checkpoint, signed by KEY (Ed25519: a type 0x01 note
 *       signature; ECDSA P-256: an RFC 6962 type 0x05 one).
 *   certsweep-ctlog rfc6962 DIR KEY.pem [SIZE]
 *       DIR holds get-entries-*.json (certsweep-gen -f ct-json): writes
 *       DIR/sth.json, the get-sth response over all its entries, signed
 *       by KEY (ECDSA P-256); with SIZE, DIR/sth-SIZE.json over the first
 *       SIZE entries (a log that grows).
 * The timestamp is fixed (reproducible logs). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "corpus_out.h"
#include "ctlog/checkpoint.h"
#include "ctlog/merkle.h"
#include "ctlog/tiletree.h"
#include "ingest/decode.h"
#include "ingest/json.h"
#include "ingest/tile_leaf.h"
#include "x509/digest.h"

#define TIMESTAMP 1767225600000ull /* 2026-01-01 */

typedef struct hashes {
    uint8_t (*h)[CS_HASH_LEN];
    size_t n, cap;
} hashes;

static void push(hashes *hs, const uint8_t h[CS_HASH_LEN])
{
    if (hs->n == hs->cap) {
        hs->cap = hs->cap ? 2 * hs->cap : 1024;
        hs->h = realloc(hs->h, hs->cap * CS_HASH_LEN);
        if (!hs->h)
            abort();
    }
    memcpy(hs->h[hs->n++], h, CS_HASH_LEN);
}

static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16;
    uint8_t *p = malloc(cap);
    *n = 0;
    size_t k;
    while (p && (k = fread(p + *n, 1, cap - *n, f)) > 0)
        if ((*n += k) == cap && !(p = realloc(p, cap *= 2)))
            break;
    fclose(f);
    return p;
}

static bool spit(const char *path, const void *p, size_t n)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    cg_mkdirs(dir);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(p, 1, n, f) == n;
    return f && fclose(f) == 0 && ok;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

/* The RFC 6962 TreeHeadSignature of (size, root) as a DigitallySigned. */
static size_t tree_head_sig(EVP_PKEY *k, uint64_t size, const uint8_t root[32], uint8_t *out, size_t cap)
{
    uint8_t tbs[50] = { 0, 1 };
    put64(tbs + 2, TIMESTAMP);
    put64(tbs + 10, size);
    memcpy(tbs + 18, root, 32);
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    size_t sl = cap - 4;
    if (!c || EVP_DigestSignInit(c, NULL, EVP_sha256(), NULL, k) != 1 || EVP_DigestSign(c, out + 4, &sl, tbs, 50) != 1)
        abort();
    EVP_MD_CTX_free(c);
    out[0] = 4;
    out[1] = EVP_PKEY_get_base_id(k) == EVP_PKEY_EC ? 3 : 1;
    out[2] = (uint8_t)(sl >> 8);
    out[3] = (uint8_t)sl;
    return sl + 4;
}

static void b64(const uint8_t *p, size_t n, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, p, (int)n);
}

static cs_logkey public_of(EVP_PKEY *k)
{
    cs_logkey lk = { 0 };
    uint8_t *der = NULL;
    int dl = i2d_PUBKEY(k, &der);
    char *text = malloc((size_t)dl * 2 + 8), err[200];
    b64(der, (size_t)dl, text);
    if (!cs_logkey_parse(text, strlen(text), &lk, err, sizeof err)) {
        fprintf(stderr, "certsweep-ctlog: %s\n", err);
        exit(1);
    }
    free(text);
    OPENSSL_free(der);
    return lk;
}

static int make_static(const char *dir, EVP_PKEY *k, const char *origin)
{
    hashes level = { 0 };
    char path[4400], rel[256];
    /* Leaf hashes from the data tiles, full ones then the partial one. */
    for (uint64_t t = 0;; t++) {
        size_t n = 0;
        uint8_t *p = NULL;
        for (unsigned w = 0; !p && w < CS_TILE_WIDTH; w++) {
            cs_tile_path(rel, sizeof rel, "data", t, w);
            snprintf(path, sizeof path, "%s/%s", dir, rel);
            p = slurp(path, &n);
        }
        if (!p)
            break;
        for (size_t at = 0; at < n;) {
            cs_tile_leaf leaf;
            const char *why;
            if (cs_tile_leaf_scan(p + at, n - at, &leaf, &why) != CS_TILE_LEAF_OK) {
                fprintf(stderr, "certsweep-ctlog: %s: %s\n", path, why);
                return 1;
            }
            uint8_t h[CS_HASH_LEN];
            cs_merkle_entry_hash(p + at, leaf.entry_len, h);
            push(&level, h);
            at += leaf.len;
        }
        free(p);
    }
    uint64_t size = level.n;
    cs_merkle_range r;
    cs_merkle_range_init(&r);
    for (size_t i = 0; i < level.n; i++)
        cs_merkle_range_add(&r, level.h[i]);
    uint8_t root[CS_HASH_LEN];
    cs_merkle_range_root(&r, root);
    /* Hash tiles level by level; level l+1 hashes the full tiles of l. */
    for (unsigned l = 0; level.n; l++) {
        hashes up = { 0 };
        char lv[8];
        snprintf(lv, sizeof lv, "%u", l);
        for (size_t t = 0; t * CS_TILE_WIDTH < level.n; t++) {
            size_t w = level.n - t * CS_TILE_WIDTH < CS_TILE_WIDTH ? level.n - t * CS_TILE_WIDTH : CS_TILE_WIDTH;
            cs_tile_path(rel, sizeof rel, lv, t, (unsigned)w);
            snprintf(path, sizeof path, "%s/%s", dir, rel);
            if (!spit(path, level.h[t * CS_TILE_WIDTH], w * CS_HASH_LEN))
                return 1;
            if (w == CS_TILE_WIDTH) {
                uint8_t h[CS_HASH_LEN];
                cs_merkle_root_of((const uint8_t (*)[CS_HASH_LEN])level.h + t * CS_TILE_WIDTH, CS_TILE_WIDTH, h);
                push(&up, h);
            }
        }
        free(level.h);
        level = up;
    }
    /* The checkpoint note. */
    char text[1024], rb[64];
    b64(root, 32, rb);
    int tl = snprintf(text, sizeof text, "%s\n%llu\n%s\n", origin, (unsigned long long)size, rb);
    uint8_t sig[600];
    size_t sl;
    cs_logkey lk = public_of(k);
    uint32_t id;
    if (EVP_PKEY_get_base_id(k) == EVP_PKEY_ED25519) {
        id = cs_checkpoint_ed25519_key_id(origin, &lk);
        EVP_MD_CTX *c = EVP_MD_CTX_new();
        sl = 64;
        if (!c || EVP_DigestSignInit(c, NULL, NULL, NULL, k) != 1 ||
            EVP_DigestSign(c, sig + 4, &sl, (const uint8_t *)text, (size_t)tl) != 1)
            abort();
        EVP_MD_CTX_free(c);
        sl += 4;
    } else {
        id = cs_checkpoint_rfc6962_key_id(origin, &lk);
        put64(sig + 4, TIMESTAMP);
        sl = 12 + tree_head_sig(k, size, root, sig + 12, sizeof sig - 12);
    }
    cs_logkey_free(&lk);
    sig[0] = (uint8_t)(id >> 24), sig[1] = (uint8_t)(id >> 16), sig[2] = (uint8_t)(id >> 8), sig[3] = (uint8_t)id;
    char sb[1024];
    b64(sig, sl, sb);
    tl += snprintf(text + tl, sizeof text - (size_t)tl, "\n\xe2\x80\x94 %s %s\n", origin, sb);
    snprintf(path, sizeof path, "%s/checkpoint", dir);
    printf("%llu entries\n", (unsigned long long)size);
    return spit(path, text, (size_t)tl) ? 0 : 1;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int make_rfc6962(const char *dir, EVP_PKEY *k, uint64_t limit)
{
    DIR *d = opendir(dir);
    if (!d)
        return 1;
    char *names[4096];
    size_t nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) && nn < 4096)
        if (strncmp(e->d_name, "get-entries-", 12) == 0)
            names[nn++] = strdup(e->d_name);
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_names);
    cs_merkle_range r;
    cs_merkle_range_init(&r);
    char path[4400];
    for (size_t f = 0; f < nn; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        size_t n;
        uint8_t *p = slurp(path, &n);
        /* Each "leaf_input":"..." in order. */
        for (uint8_t *q = p; q && (q = memmem(q, n - (size_t)(q - p), "\"leaf_input\":\"", 14));) {
            q += 13;
            size_t end;
            if (cs_json_value_end(p, n, (size_t)(q - p), &end) != CS_JSON_OK)
                return 1;
            uint8_t *leaf = malloc(end), h[CS_HASH_LEN];
            size_t ll, bad;
            const char *why;
            if (!cs_b64_decode(q + 1, (size_t)(p + end - q) - 2, false, leaf, &ll, &bad, &why))
                return 1;
            cs_merkle_leaf_hash(leaf, ll, h);
            if (r.size < limit)
                cs_merkle_range_add(&r, h);
            free(leaf);
            q = p + end;
        }
        free(p);
        free(names[f]);
    }
    uint8_t root[CS_HASH_LEN], sig[600];
    cs_merkle_range_root(&r, root);
    size_t sl = tree_head_sig(k, r.size, root, sig, sizeof sig);
    char rb[64], sb[1024], out[2048];
    b64(root, 32, rb);
    b64(sig, sl, sb);
    int ol = snprintf(out, sizeof out,
                      "{\"tree_size\":%llu,\"timestamp\":%llu,\"sha256_root_hash\":\"%s\",\"tree_head_signature\":\"%s\"}\n",
                      (unsigned long long)r.size, TIMESTAMP, rb, sb);
    if (limit != UINT64_MAX)
        snprintf(path, sizeof path, "%s/sth-%llu.json", dir, (unsigned long long)limit);
    else
        snprintf(path, sizeof path, "%s/sth.json", dir);
    printf("%llu entries\n", (unsigned long long)r.size);
    return spit(path, out, (size_t)ol) ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[1], "static") == 0 && argc < 5)) {
        fprintf(stderr, "usage: certsweep-ctlog static DIR KEY.pem ORIGIN | rfc6962 DIR KEY.pem [SIZE]\n");
        return 2;
    }
    FILE *f = fopen(argv[3], "r");
    EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    if (!k) {
        fprintf(stderr, "certsweep-ctlog: %s: not a PEM private key\n", argv[3]);
        return 1;
    }
    int st = strcmp(argv[1], "static") == 0 ? make_static(argv[2], k, argv[4])
                                                   : make_rfc6962(argv[2], k, argc > 4 ? strtoull(argv[4], NULL, 10) : UINT64_MAX);
    EVP_PKEY_free(k);
    return st;
}
