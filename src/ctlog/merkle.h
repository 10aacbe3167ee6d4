/* RFC 6962 §2.1 Merkle tree hashing (SHA-256, OpenSSL): leaf and node
 * hashes, the tree hash of a run of leaves computed as they stream past
 * in O(log n) memory, and inclusion and consistency proof checks
 * (RFC 9162 §2.1.3.2 and §2.1.4.2, unchanged for v1 trees). */
#ifndef CS_CTLOG_MERKLE_H
#define CS_CTLOG_MERKLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CS_HASH_LEN 32

/* SHA-256(0x00 || leaf): leaf is a MerkleTreeLeaf (RFC 6962 leaf_input). */
void cs_merkle_leaf_hash(const uint8_t *leaf, size_t len, uint8_t out[CS_HASH_LEN]);
/* The same for a static-ct TimestampedEntry (the MerkleTreeLeaf without
 * its version and leaf type bytes, both 0). */
void cs_merkle_entry_hash(const uint8_t *entry, size_t len, uint8_t out[CS_HASH_LEN]);
/* SHA-256(0x01 || left || right). */
void cs_merkle_node_hash(const uint8_t left[CS_HASH_LEN], const uint8_t right[CS_HASH_LEN],
                         uint8_t out[CS_HASH_LEN]);

/* The tree of the leaves added so far, as its perfect subtrees (a
 * "compact range" starting at leaf 0): at most 64 hashes whatever the
 * size.  Saving it (size + hashes) lets a later run go on adding leaves
 * from `size` and still get the root of the whole tree. */
typedef struct cs_merkle_range {
    uint64_t size;
    unsigned n;                         /* perfect subtrees: one per bit set in size */
    uint8_t hash[64][CS_HASH_LEN];      /* largest (leftmost) first */
} cs_merkle_range;

void cs_merkle_range_init(cs_merkle_range *r);
void cs_merkle_range_add(cs_merkle_range *r, const uint8_t leaf_hash[CS_HASH_LEN]);
/* Adds a perfect subtree of 2^height leaves; false when the range's size
 * is not a multiple of 2^height (it would not be a subtree there). */
bool cs_merkle_range_add_subtree(cs_merkle_range *r, const uint8_t hash[CS_HASH_LEN], unsigned height);
/* The tree hash of the range (SHA-256 of nothing when empty). */
void cs_merkle_range_root(const cs_merkle_range *r, uint8_t out[CS_HASH_LEN]);

/* The tree hash of n leaf (or node) hashes, as if they were leaves. */
void cs_merkle_root_of(const uint8_t (*hashes)[CS_HASH_LEN], size_t n, uint8_t out[CS_HASH_LEN]);

/* True when `path` (n_path hashes) proves leaf `index` with this hash in
 * the tree of `size` leaves whose root is `root`. */
bool cs_merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf_hash[CS_HASH_LEN],
                                const uint8_t (*path)[CS_HASH_LEN], size_t n_path,
                                const uint8_t root[CS_HASH_LEN]);

/* cs_merkle_verify_inclusion, and on success *prefix is the tree of the
 * leaves [0, index): the left siblings on the path are exactly its
 * perfect subtrees (left subtrees are always perfect).  So one proof for
 * the first leaf of a range lets the range's leaves be checked against
 * the root by hashing them on. */
bool cs_merkle_inclusion_prefix(uint64_t index, uint64_t size, const uint8_t leaf_hash[CS_HASH_LEN],
                                const uint8_t (*path)[CS_HASH_LEN], size_t n_path, const uint8_t root[CS_HASH_LEN],
                                cs_merkle_range *prefix);

/* True when `proof` shows the tree of size1 with root1 is a prefix of the
 * tree of size2 with root2. */
bool cs_merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t root1[CS_HASH_LEN],
                                  const uint8_t root2[CS_HASH_LEN], const uint8_t (*proof)[CS_HASH_LEN],
                                  size_t n_proof);

#endif
