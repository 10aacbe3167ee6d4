/* cs_cert_self_signed(): the signature is checked with the certificate's
 * own key.  The common algorithms are verified straight from the parsed
 * spans (the key from the SubjectPublicKeyInfo, the digest over the
 * TBSCertificate bytes as signed): OpenSSL's full d2i_X509 + X509_verify
 * decodes the whole certificate and re-encodes the TBSCertificate, which
 * cost ten times the rest of the lint on a root-heavy corpus.  The others
 * (RSASSA-PSS, whose parameters name the digest, and anything unknown) go
 * through X509_verify.
 *
 * Bulk data repeats its self-issued certificates (the same roots in every
 * chain of a scan dump, a root store in each bundle): each thread keeps
 * the answers for the last few thousand by SHA-256, so a root is verified
 * once per thread rather than once per copy.  The cache only remembers
 * answers: the result is the same with or without it. */
#include "x509/self_signed.h"

#include <limits.h>
#include <string.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "x509/oid.h"

/* The digest of a signature algorithm verified on the fast path and the
 * key type it needs; false for the algorithms left to X509_verify. */
static bool fast_algorithm(cs_oid_id sig, const char **digest, cs_key_type *key)
{
    static const struct {
        cs_oid_id sig;
        const char *digest; /* NULL: the algorithm hashes itself (EdDSA) */
        cs_key_type key;
    } table[] = {
        { CS_OID_SIG_MD5_RSA, "MD5", CS_KEY_RSA },
        { CS_OID_SIG_SHA1_RSA, "SHA1", CS_KEY_RSA },
        { CS_OID_SIG_SHA224_RSA, "SHA224", CS_KEY_RSA },
        { CS_OID_SIG_SHA256_RSA, "SHA256", CS_KEY_RSA },
        { CS_OID_SIG_SHA384_RSA, "SHA384", CS_KEY_RSA },
        { CS_OID_SIG_SHA512_RSA, "SHA512", CS_KEY_RSA },
        { CS_OID_SIG_ECDSA_SHA1, "SHA1", CS_KEY_EC },
        { CS_OID_SIG_ECDSA_SHA224, "SHA224", CS_KEY_EC },
        { CS_OID_SIG_ECDSA_SHA256, "SHA256", CS_KEY_EC },
        { CS_OID_SIG_ECDSA_SHA384, "SHA384", CS_KEY_EC },
        { CS_OID_SIG_ECDSA_SHA512, "SHA512", CS_KEY_EC },
        { CS_OID_SIG_DSA_SHA1, "SHA1", CS_KEY_DSA },
        { CS_OID_SIG_DSA_SHA256, "SHA256", CS_KEY_DSA },
        { CS_OID_KEY_ED25519, NULL, CS_KEY_ED25519 },
        { CS_OID_KEY_ED448, NULL, CS_KEY_ED448 },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].sig == sig) {
            *digest = table[i].digest;
            *key = table[i].key;
            return true;
        }
    return false;
}

static cs_self_signed verify_fast(const cs_cert *c, const char *digest)
{
    const unsigned char *p = c->spki.der.p;
    EVP_PKEY *key = d2i_PUBKEY(NULL, &p, (long)c->spki.der.len);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    cs_self_signed r = CS_SELF_SIGNED_UNKNOWN;
    if (key && ctx && EVP_DigestVerifyInit_ex(ctx, NULL, digest, NULL, NULL, key, NULL) == 1) {
        int v = EVP_DigestVerify(ctx, c->signature.p, c->signature.len, c->tbs.p, c->tbs.len);
        r = v == 1 ? CS_SELF_SIGNED_YES : v == 0 ? CS_SELF_SIGNED_NO : CS_SELF_SIGNED_UNKNOWN;
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return r;
}

static cs_self_signed verify_x509(const cs_cert *c)
{
    const unsigned char *p = c->der.p;
    X509 *x = d2i_X509(NULL, &p, (long)c->der.len);
    if (!x)
        return CS_SELF_SIGNED_UNKNOWN;
    EVP_PKEY *key = X509_get0_pubkey(x);
    int v = key ? X509_verify(x, key) : -1;
    /* A signature made by another key type is an answer too (-1 with
     * WRONG_PUBLIC_KEY_TYPE): a rollover from an RSA to an EC key. */
    if (v < 0 && ERR_GET_REASON(ERR_peek_last_error()) == ASN1_R_WRONG_PUBLIC_KEY_TYPE)
        v = 0;
    X509_free(x);
    return v == 1 ? CS_SELF_SIGNED_YES : v == 0 ? CS_SELF_SIGNED_NO : CS_SELF_SIGNED_UNKNOWN;
}

/* Sets chosen by the first SHA-256 octets, a few answers each (320 KiB a
 * thread).  Direct-mapped, the ~700 self-issued certificates of one copy
 * of the real corpus evicted each other: 15 % were verified again in every
 * copy, and the signature checks cost as much as the rest of the scan. */
#define CACHE_SETS 2048
#define CACHE_WAYS 4

typedef struct cache_slot {
    uint8_t sha256[32];
    cs_self_signed answer;
    bool used;
} cache_slot;

static _Thread_local cache_slot cache[CACHE_SETS][CACHE_WAYS];

static bool has_sha256(const cs_cert *c)
{
    for (size_t i = 0; i < sizeof c->sha256; i++)
        if (c->sha256[i])
            return true;
    return false; /* parsed with CS_PARSE_NO_SHA256 */
}

static cs_self_signed verify(const cs_cert *c);

cs_self_signed cs_cert_self_signed(const cs_cert *c)
{
    if (!c->is_self_issued)
        return CS_SELF_SIGNED_NO;
    if (c->tbs_only || c->der.len == 0 || c->der.len > (size_t)LONG_MAX)
        return CS_SELF_SIGNED_UNKNOWN;
    if (!has_sha256(c))
        return verify(c);
    cache_slot *set = cache[(c->sha256[0] | (unsigned)c->sha256[1] << 8) % CACHE_SETS];
    for (size_t w = 0; w < CACHE_WAYS; w++)
        if (set[w].used && memcmp(set[w].sha256, c->sha256, sizeof set[w].sha256) == 0)
            return set[w].answer;
    /* The newest answer first; the oldest of the set makes room. */
    memmove(set + 1, set, (CACHE_WAYS - 1) * sizeof *set);
    set[0].answer = verify(c);
    memcpy(set[0].sha256, c->sha256, sizeof set[0].sha256);
    set[0].used = true;
    return set[0].answer;
}

static cs_self_signed verify(const cs_cert *c)
{
    cs_self_signed r;
    const char *digest;
    cs_key_type key_type;
    if (!fast_algorithm(c->sig_alg.id, &digest, &key_type)) {
        r = verify_x509(c);
    } else if (c->sig_alg.der.len != c->tbs_sig_alg.der.len ||
               memcmp(c->sig_alg.der.p, c->tbs_sig_alg.der.p, c->sig_alg.der.len) != 0) {
        r = CS_SELF_SIGNED_NO; /* as X509_verify: the two algorithm fields must agree */
    } else if (c->spki.type != key_type) {
        r = CS_SELF_SIGNED_NO; /* signed by a key of another type: a rollover */
    } else if (c->sig_unused_bits != 0) {
        r = CS_SELF_SIGNED_UNKNOWN;
    } else {
        r = verify_fast(c, digest);
    }
    ERR_clear_error(); /* failures are answers here, not errors to leave queued for the caller */
    return r;
}
