/* cs_signature_verify(): see signature_verify.h. */
#include "x509/signature_verify.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "x509/oid.h"
#include "x509/spki_pkey.h"

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

/* ---- per-thread caches ---------------------------------------------- */

#define KEY_SLOTS 8          /* decoded signer keys: a scan has few issuers at a time */
#define KEY_MAX_DER (16u << 10)

typedef struct key_slot {
    uint8_t *der;            /* copy of the SubjectPublicKeyInfo */
    size_t len;              /* 0: empty */
    EVP_PKEY *key;           /* NULL: OpenSSL cannot decode it */
    uint64_t generation;     /* changes whenever the slot is refilled */
} key_slot;

typedef struct thread_cache {
    key_slot keys[KEY_SLOTS];
    unsigned next;           /* round-robin replacement */
    uint64_t generation;
    /* The last answer: certificate SHA-256 and the key slot it used. */
    bool answer_set;
    uint8_t answer_sha256[32];
    unsigned answer_slot;
    uint64_t answer_generation;
    cs_sig_verdict answer;
} thread_cache;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static bool cache_key_ok;

static void cache_free(void *p)
{
    thread_cache *tc = p;
    for (unsigned i = 0; i < KEY_SLOTS; i++) {
        free(tc->keys[i].der);
        EVP_PKEY_free(tc->keys[i].key);
    }
    free(tc);
}

static void cache_init(void) { cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0; }

/* NULL when memory runs out: verification then runs without caches. */
static thread_cache *thread_caches(void)
{
    pthread_once(&cache_once, cache_init);
    if (!cache_key_ok)
        return NULL;
    thread_cache *tc = pthread_getspecific(cache_key);
    if (!tc && (tc = calloc(1, sizeof *tc)) != NULL && pthread_setspecific(cache_key, tc) != 0) {
        free(tc);
        tc = NULL;
    }
    return tc;
}

/* The decoded key of `s`, from the thread's slots when there (*slot its
 * index), else decoded into one.  *owned: the caller frees the key (no
 * cache, or too large to cache). */
static EVP_PKEY *signer_key(thread_cache *tc, const cs_spki *s, unsigned *slot, bool *owned)
{
    *owned = false;
    if (tc && s->der.len && s->der.len <= KEY_MAX_DER) {
        for (unsigned i = 0; i < KEY_SLOTS; i++) {
            key_slot *k = &tc->keys[i];
            if (k->len == s->der.len && memcmp(k->der, s->der.p, k->len) == 0) {
                *slot = i;
                return k->key;
            }
        }
        key_slot *k = &tc->keys[tc->next];
        uint8_t *copy = malloc(s->der.len);
        if (copy) {
            memcpy(copy, s->der.p, s->der.len);
            free(k->der);
            EVP_PKEY_free(k->key);
            k->der = copy;
            k->len = s->der.len;
            k->key = cs_spki_pkey(s);
            k->generation = ++tc->generation;
            *slot = tc->next;
            tc->next = (tc->next + 1) % KEY_SLOTS;
            return k->key;
        }
    }
    *slot = KEY_SLOTS;
    *owned = true;
    return cs_spki_pkey(s);
}

/* ---- verification --------------------------------------------------- */

static cs_sig_verdict verify_fast(const cs_cert *c, EVP_PKEY *key, const char *digest)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    cs_sig_verdict r = CS_SIG_UNKNOWN;
    if (ctx && EVP_DigestVerifyInit_ex(ctx, NULL, digest, NULL, NULL, key, NULL) == 1) {
        int v = EVP_DigestVerify(ctx, c->signature.p, c->signature.len, c->tbs.p, c->tbs.len);
        r = v == 1 ? CS_SIG_VALID : v == 0 ? CS_SIG_INVALID : CS_SIG_UNKNOWN;
    }
    EVP_MD_CTX_free(ctx);
    return r;
}

static cs_sig_verdict verify_x509(const cs_cert *c, EVP_PKEY *key)
{
    const unsigned char *p = c->der.p;
    X509 *x = d2i_X509(NULL, &p, (long)c->der.len);
    if (!x)
        return CS_SIG_UNKNOWN;
    int v = X509_verify(x, key);
    /* A signature made by another key type is an answer too (-1 with
     * WRONG_PUBLIC_KEY_TYPE): a rollover from an RSA to an EC key. */
    if (v < 0 && ERR_GET_REASON(ERR_peek_last_error()) == ASN1_R_WRONG_PUBLIC_KEY_TYPE)
        v = 0;
    X509_free(x);
    return v == 1 ? CS_SIG_VALID : v == 0 ? CS_SIG_INVALID : CS_SIG_UNKNOWN;
}

static cs_sig_verdict verify(const cs_cert *c, const cs_spki *signer, EVP_PKEY *key)
{
    const char *digest;
    cs_key_type key_type;
    if (!key)
        return CS_SIG_UNKNOWN;
    if (!fast_algorithm(c->sig_alg.id, &digest, &key_type))
        return verify_x509(c, key);
    if (c->sig_alg.der.len != c->tbs_sig_alg.der.len ||
        memcmp(c->sig_alg.der.p, c->tbs_sig_alg.der.p, c->sig_alg.der.len) != 0)
        return CS_SIG_INVALID; /* as X509_verify: the two algorithm fields must agree */
    if (signer->type != key_type)
        return CS_SIG_INVALID; /* signed by a key of another type: a rollover */
    if (c->sig_unused_bits != 0)
        return CS_SIG_UNKNOWN;
    return verify_fast(c, key, digest);
}

static bool has_sha256(const cs_cert *c)
{
    for (size_t i = 0; i < sizeof c->sha256; i++)
        if (c->sha256[i])
            return true;
    return false; /* parsed with CS_PARSE_NO_SHA256 */
}

cs_sig_verdict cs_signature_verify(const cs_cert *c, const cs_spki *signer)
{
    if (c->tbs_only || c->der.len == 0 || c->der.len > (size_t)LONG_MAX || !signer)
        return CS_SIG_UNKNOWN;
    thread_cache *tc = thread_caches();
    unsigned slot;
    bool owned;
    EVP_PKEY *key = signer_key(tc, signer, &slot, &owned);
    bool cacheable = tc && !owned && has_sha256(c);
    if (cacheable && tc->answer_set && tc->answer_slot == slot &&
        tc->answer_generation == tc->keys[slot].generation &&
        memcmp(tc->answer_sha256, c->sha256, 32) == 0)
        return tc->answer;
    cs_sig_verdict r = verify(c, signer, key);
    ERR_clear_error(); /* failures are answers here, not errors to leave queued for the caller */
    if (owned)
        EVP_PKEY_free(key);
    if (cacheable) {
        tc->answer_set = true;
        memcpy(tc->answer_sha256, c->sha256, 32);
        tc->answer_slot = slot;
        tc->answer_generation = tc->keys[slot].generation;
        tc->answer = r;
    }
    return r;
}
