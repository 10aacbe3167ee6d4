/* RFC 6962 Merkle trees (merkle.h). */
#include "ctlog/merkle.h"

#include <string.h>

#include <openssl/evp.h>

#include "x509/digest.h"

/* SHA-256 of prefix || data, fetched once (x509/digest.h). */
static void prefixed_hash(const uint8_t *prefix, size_t plen, const uint8_t *data, size_t len,
                          uint8_t out[CS_HASH_LEN])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned olen = 0;
    if (!c || !EVP_DigestInit_ex(c, cs_digest_md(CS_DIGEST_SHA256), NULL) ||
        !EVP_DigestUpdate(c, prefix, plen) || !EVP_DigestUpdate(c, data, len) || !EVP_DigestFinal_ex(c, out, &olen))
        memset(out, 0, CS_HASH_LEN); /* out of memory: a hash that matches nothing */
    EVP_MD_CTX_free(c);
}

void cs_merkle_leaf_hash(const uint8_t *leaf, size_t len, uint8_t out[CS_HASH_LEN])
{
    prefixed_hash((const uint8_t *)"", 1, leaf, len, out);
}

void cs_merkle_entry_hash(const uint8_t *entry, size_t len, uint8_t out[CS_HASH_LEN])
{
    static const uint8_t prefix[3] = { 0, 0, 0 }; /* leaf hash prefix, v1, timestamped_entry */
    prefixed_hash(prefix, sizeof prefix, entry, len, out);
}

void cs_merkle_node_hash(const uint8_t left[CS_HASH_LEN], const uint8_t right[CS_HASH_LEN],
                         uint8_t out[CS_HASH_LEN])
{
    uint8_t buf[1 + 2 * CS_HASH_LEN];
    buf[0] = 1;
    memcpy(buf + 1, left, CS_HASH_LEN);
    memcpy(buf + 1 + CS_HASH_LEN, right, CS_HASH_LEN);
    if (cs_digest(CS_DIGEST_SHA256, buf, sizeof buf, out) != CS_HASH_LEN)
        memset(out, 0, CS_HASH_LEN);
}

void cs_merkle_range_init(cs_merkle_range *r)
{
    memset(r, 0, sizeof *r);
}

/* Heights of the perfect subtrees are the bits of size, largest first:
 * the last one is the lowest set bit. */
static unsigned low_bit(uint64_t v)
{
    return (unsigned)__builtin_ctzll(v);
}

bool cs_merkle_range_add_subtree(cs_merkle_range *r, const uint8_t hash[CS_HASH_LEN], unsigned height)
{
    if (height >= 64 || (r->size & ((1ull << height) - 1)) != 0 || r->size + (1ull << height) < r->size)
        return false;
    uint8_t h[CS_HASH_LEN];
    memcpy(h, hash, CS_HASH_LEN);
    /* Merge with the last subtree while it has the same height. */
    while (r->n > 0 && r->size != 0 && low_bit(r->size) == height) {
        cs_merkle_node_hash(r->hash[r->n - 1], h, h);
        r->n--;
        r->size -= 1ull << height;
        height++;
    }
    memcpy(r->hash[r->n++], h, CS_HASH_LEN);
    r->size += 1ull << height;
    return true;
}

void cs_merkle_range_add(cs_merkle_range *r, const uint8_t leaf_hash[CS_HASH_LEN])
{
    cs_merkle_range_add_subtree(r, leaf_hash, 0);
}

void cs_merkle_range_root(const cs_merkle_range *r, uint8_t out[CS_HASH_LEN])
{
    if (r->n == 0) {
        cs_digest(CS_DIGEST_SHA256, "", 0, out);
        return;
    }
    uint8_t h[CS_HASH_LEN];
    memcpy(h, r->hash[r->n - 1], CS_HASH_LEN);
    for (unsigned i = r->n - 1; i-- > 0;)
        cs_merkle_node_hash(r->hash[i], h, h);
    memcpy(out, h, CS_HASH_LEN);
}

void cs_merkle_root_of(const uint8_t (*hashes)[CS_HASH_LEN], size_t n, uint8_t out[CS_HASH_LEN])
{
    cs_merkle_range r;
    cs_merkle_range_init(&r);
    for (size_t i = 0; i < n; i++)
        cs_merkle_range_add(&r, hashes[i]);
    cs_merkle_range_root(&r, out);
}

/* RFC 9162 2.1.3.2; the left siblings (and their heights) are kept in
 * left[] when it is given. */
static bool inclusion(uint64_t index, uint64_t size, const uint8_t leaf_hash[CS_HASH_LEN],
                      const uint8_t (*path)[CS_HASH_LEN], size_t n_path, const uint8_t root[CS_HASH_LEN],
                      size_t *left, unsigned *height, size_t *n_left)
{
    if (index >= size || n_path > 64)
        return false;
    uint64_t fn = index, sn = size - 1;
    unsigned level = 0;
    uint8_t r[CS_HASH_LEN];
    memcpy(r, leaf_hash, CS_HASH_LEN);
    *n_left = 0;
    for (size_t i = 0; i < n_path; i++) {
        if (sn == 0)
            return false;
        if ((fn & 1) || fn == sn) {
            if (!(fn & 1))
                while (fn != 0 && !(fn & 1)) {
                    fn >>= 1;
                    sn >>= 1;
                    level++;
                }
            cs_merkle_node_hash(path[i], r, r);
            left[*n_left] = i;
            height[(*n_left)++] = level;
        } else {
            cs_merkle_node_hash(r, path[i], r);
        }
        fn >>= 1;
        sn >>= 1;
        level++;
    }
    return sn == 0 && memcmp(r, root, CS_HASH_LEN) == 0;
}

bool cs_merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf_hash[CS_HASH_LEN],
                                const uint8_t (*path)[CS_HASH_LEN], size_t n_path,
                                const uint8_t root[CS_HASH_LEN])
{
    size_t left[64], n_left;
    unsigned height[64];
    return inclusion(index, size, leaf_hash, path, n_path, root, left, height, &n_left);
}

bool cs_merkle_inclusion_prefix(uint64_t index, uint64_t size, const uint8_t leaf_hash[CS_HASH_LEN],
                                const uint8_t (*path)[CS_HASH_LEN], size_t n_path, const uint8_t root[CS_HASH_LEN],
                                cs_merkle_range *prefix)
{
    size_t left[64], n_left;
    unsigned height[64];
    if (!inclusion(index, size, leaf_hash, path, n_path, root, left, height, &n_left))
        return false;
    /* Found lowest first; the range wants the largest (leftmost) first. */
    cs_merkle_range_init(prefix);
    for (size_t k = n_left; k-- > 0;)
        if (!cs_merkle_range_add_subtree(prefix, path[left[k]], height[k]))
            return false;
    return prefix->size == index;
}

bool cs_merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t root1[CS_HASH_LEN],
                                  const uint8_t root2[CS_HASH_LEN], const uint8_t (*proof)[CS_HASH_LEN],
                                  size_t n_proof)
{
    if (size1 > size2)
        return false;
    if (size1 == size2)
        return n_proof == 0 && memcmp(root1, root2, CS_HASH_LEN) == 0;
    if (size1 == 0)
        return n_proof == 0;
    if (n_proof == 0)
        return false;
    size_t i = 0;
    uint8_t first[CS_HASH_LEN];
    /* When size1 is a power of two, root1 itself starts the path. */
    if ((size1 & (size1 - 1)) == 0)
        memcpy(first, root1, CS_HASH_LEN);
    else
        memcpy(first, proof[i++], CS_HASH_LEN);
    uint64_t fn = size1 - 1, sn = size2 - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    uint8_t fr[CS_HASH_LEN], sr[CS_HASH_LEN];
    memcpy(fr, first, CS_HASH_LEN);
    memcpy(sr, first, CS_HASH_LEN);
    for (; i < n_proof; i++) {
        if (sn == 0)
            return false;
        if ((fn & 1) || fn == sn) {
            cs_merkle_node_hash(proof[i], fr, fr);
            cs_merkle_node_hash(proof[i], sr, sr);
            if (!(fn & 1))
                while (fn != 0 && !(fn & 1)) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            cs_merkle_node_hash(sr, proof[i], sr);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && memcmp(fr, root1, CS_HASH_LEN) == 0 && memcmp(sr, root2, CS_HASH_LEN) == 0;
}
