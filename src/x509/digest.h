/* One-shot message digests for the hot paths (the certificate fingerprint,
 * key identifier checks).  SHA256() and friends fetch the algorithm from
 * the provider on every call, under a global lock; these fetch each
 * algorithm once per process. */
#ifndef CS_X509_DIGEST_H
#define CS_X509_DIGEST_H

#include <openssl/types.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cs_digest_alg {
    CS_DIGEST_SHA1,
    CS_DIGEST_SHA256,
    CS_DIGEST_SHA384,
    CS_DIGEST_SHA512,
} cs_digest_alg;

#define CS_DIGEST_MAX 64 /* octets, SHA-512 */

/* Writes the digest of data[0..len) to out (room for CS_DIGEST_MAX octets).
 * Returns its length, or 0 when it could not be computed.  Thread-safe. */
size_t cs_digest(cs_digest_alg alg, const void *data, size_t len, uint8_t *out);

/* The fetched algorithm, for digests computed in several parts
 * (EVP_DigestInit_ex).  Never NULL. */
const EVP_MD *cs_digest_md(cs_digest_alg alg);

#endif
