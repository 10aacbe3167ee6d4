/* RFC 6962 Merkle trees (src/ctlog/merkle.c) against the recursive
 * definitions of RFC 6962 §2.1 written out here: tree hashes, audit
 * paths, consistency proofs, and the prefix an inclusion proof gives. */
#include <criterion/criterion.h>
#include <string.h>

#include "ctlog/merkle.h"

#define N 70

static uint8_t leaf[N][CS_HASH_LEN];

static void make_leaves(void)
{
    for (int i = 0; i < N; i++) {
        uint8_t data[4] = { (uint8_t)i, 0xa5, (uint8_t)(i * 7), 0 };
        cs_merkle_leaf_hash(data, (size_t)(i % 4), leaf[i]);
    }
}

static size_t split(size_t n)
{
    size_t k = 1;
    while (k * 2 < n)
        k *= 2;
    return k;
}

/* MTH(D[lo:hi]) by the recursive definition. */
static void mth(size_t lo, size_t hi, uint8_t out[CS_HASH_LEN])
{
    if (hi - lo == 1) {
        memcpy(out, leaf[lo], CS_HASH_LEN);
        return;
    }
    size_t k = split(hi - lo);
    uint8_t a[CS_HASH_LEN], b[CS_HASH_LEN];
    mth(lo, lo + k, a);
    mth(lo + k, hi, b);
    cs_merkle_node_hash(a, b, out);
}

/* PATH(m, D[lo:hi]) */
static void path(size_t m, size_t lo, size_t hi, uint8_t (*out)[CS_HASH_LEN], size_t *n)
{
    if (hi - lo <= 1)
        return;
    size_t k = split(hi - lo);
    if (m < k) {
        path(m, lo, lo + k, out, n);
        mth(lo + k, hi, out[(*n)++]);
    } else {
        path(m - k, lo + k, hi, out, n);
        mth(lo, lo + k, out[(*n)++]);
    }
}

/* SUBPROOF(m, D[lo:hi], b) */
static void subproof(size_t m, size_t lo, size_t hi, bool b, uint8_t (*out)[CS_HASH_LEN], size_t *n)
{
    if (m == hi - lo) {
        if (!b)
            mth(lo, hi, out[(*n)++]);
        return;
    }
    size_t k = split(hi - lo);
    if (m <= k) {
        subproof(m, lo, lo + k, b, out, n);
        mth(lo + k, hi, out[(*n)++]);
    } else {
        subproof(m - k, lo + k, hi, false, out, n);
        mth(lo, lo + k, out[(*n)++]);
    }
}

TestSuite(ctlog_merkle, .init = make_leaves);

Test(ctlog_merkle, known_hashes)
{
    static const uint8_t empty[32] = { 0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
                                       0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
                                       0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55 };
    /* SHA-256(0x00): the hash of an empty leaf (the RFC 6962 test vectors' first). */
    static const uint8_t empty_leaf[32] = { 0x6e, 0x34, 0x0b, 0x9c, 0xff, 0xb3, 0x7a, 0x98, 0x9c, 0xa5, 0x44,
                                            0xe6, 0xbb, 0x78, 0x0a, 0x2c, 0x78, 0x90, 0x1d, 0x3f, 0xb3, 0x37,
                                            0x38, 0x76, 0x85, 0x11, 0xa3, 0x06, 0x17, 0xaf, 0xa0, 0x1d };
    uint8_t h[CS_HASH_LEN];
    cs_merkle_root_of(NULL, 0, h);
    cr_assert_arr_eq(h, empty, 32);
    cs_merkle_leaf_hash((const uint8_t *)"", 0, h);
    cr_assert_arr_eq(h, empty_leaf, 32);
    /* A TimestampedEntry hashes like the MerkleTreeLeaf 00 00 || entry. */
    uint8_t mtl[6] = { 0, 0, 1, 2, 3, 4 }, a[CS_HASH_LEN];
    cs_merkle_leaf_hash(mtl, 6, a);
    cs_merkle_entry_hash(mtl + 2, 4, h);
    cr_assert_arr_eq(a, h, 32);
}

Test(ctlog_merkle, streamed_root_is_the_tree_hash)
{
    for (size_t n = 1; n <= N; n++) {
        uint8_t want[CS_HASH_LEN], got[CS_HASH_LEN];
        mth(0, n, want);
        cs_merkle_root_of((const uint8_t (*)[CS_HASH_LEN])leaf, n, got);
        cr_assert_arr_eq(got, want, 32, "size %zu", n);
    }
}

Test(ctlog_merkle, subtrees_added_whole)
{
    /* 48 leaves as subtrees of 32 and 16, then 5 more leaves. */
    cs_merkle_range r;
    cs_merkle_range_init(&r);
    uint8_t h[CS_HASH_LEN], want[CS_HASH_LEN];
    cr_assert_not(cs_merkle_range_add_subtree(&r, leaf[0], 64), "height out of range");
    mth(0, 32, h);
    cr_assert(cs_merkle_range_add_subtree(&r, h, 5));
    mth(32, 48, h);
    cr_assert(cs_merkle_range_add_subtree(&r, h, 4));
    cr_assert_not(cs_merkle_range_add_subtree(&r, h, 5), "a 32-leaf subtree cannot start at 48");
    for (size_t i = 48; i < 53; i++)
        cs_merkle_range_add(&r, leaf[i]);
    cs_merkle_range_root(&r, h);
    mth(0, 53, want);
    cr_assert_eq(r.size, 53);
    cr_assert_arr_eq(h, want, 32);
}

Test(ctlog_merkle, inclusion_proofs)
{
    uint8_t p[64][CS_HASH_LEN], root[CS_HASH_LEN];
    for (size_t n = 1; n <= 40; n++) {
        mth(0, n, root);
        for (size_t m = 0; m < n; m++) {
            size_t k = 0;
            path(m, 0, n, p, &k);
            cr_assert(cs_merkle_verify_inclusion(m, n, leaf[m], (const uint8_t (*)[CS_HASH_LEN])p, k, root),
                      "leaf %zu of %zu", m, n);
            cs_merkle_range prefix;
            cr_assert(cs_merkle_inclusion_prefix(m, n, leaf[m], (const uint8_t (*)[CS_HASH_LEN])p, k, root, &prefix));
            uint8_t got[CS_HASH_LEN], want[CS_HASH_LEN];
            cs_merkle_range_root(&prefix, got);
            cs_merkle_root_of((const uint8_t (*)[CS_HASH_LEN])leaf, m, want);
            cr_assert(prefix.size == m && memcmp(got, want, 32) == 0, "prefix of leaf %zu of %zu", m, n);
            cr_assert_not(cs_merkle_verify_inclusion(m, n, leaf[(m + 1) % N], (const uint8_t (*)[CS_HASH_LEN])p, k, root));
            if (k) {
                p[k - 1][0] ^= 1;
                cr_assert_not(cs_merkle_verify_inclusion(m, n, leaf[m], (const uint8_t (*)[CS_HASH_LEN])p, k, root));
            }
        }
    }
    cr_assert_not(cs_merkle_verify_inclusion(5, 5, leaf[5], NULL, 0, root), "index past the tree");
}

Test(ctlog_merkle, consistency_proofs)
{
    uint8_t p[64][CS_HASH_LEN], r1[CS_HASH_LEN], r2[CS_HASH_LEN];
    for (size_t n = 1; n <= 40; n++)
        for (size_t m = 1; m <= n; m++) {
            size_t k = 0;
            subproof(m, 0, n, true, p, &k);
            mth(0, m, r1);
            mth(0, n, r2);
            cr_assert(cs_merkle_verify_consistency(m, n, r1, r2, (const uint8_t (*)[CS_HASH_LEN])p, k), "%zu -> %zu", m, n);
            if (m < n) {
                r1[3] ^= 1;
                cr_assert_not(cs_merkle_verify_consistency(m, n, r1, r2, (const uint8_t (*)[CS_HASH_LEN])p, k));
            }
        }
}
