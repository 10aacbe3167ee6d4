/* cs_cert_self_signed(): the signature is checked with the certificate's
 * own key (x509/signature_verify.h).
 *
 * Bulk data repeats its self-issued certificates (the same roots in every
 * chain of a scan dump, a root store in each bundle): the process keeps
 * the answers for the last few thousand by SHA-256, so a root is verified
 * once per scan rather than once per copy (and no longer once per worker
 * thread: a lock around a look-up costs far less than an ECDSA P-384
 * verification).  The cache only remembers answers: the result is the
 * same with or without it, and two threads verifying the same root at
 * once both find the same answer. */
#include "x509/self_signed.h"

#include <pthread.h>
#include <string.h>

#include "x509/signature_verify.h"

/* Sets chosen by the first SHA-256 octets, a few answers each (320 KiB
 * for the process).  Direct-mapped, the ~700 self-issued certificates of one copy
 * of the real corpus evicted each other: 15 % were verified again in every
 * copy, and the signature checks cost as much as the rest of the scan. */
#define CACHE_SETS 2048
#define CACHE_WAYS 4

typedef struct cache_slot {
    uint8_t sha256[32];
    cs_self_signed answer;
    bool used;
} cache_slot;

static cache_slot cache[CACHE_SETS][CACHE_WAYS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

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
    if (c->tbs_only || c->der.len == 0)
        return CS_SELF_SIGNED_UNKNOWN;
    if (!has_sha256(c))
        return verify(c);
    cache_slot *set = cache[(c->sha256[0] | (unsigned)c->sha256[1] << 8) % CACHE_SETS];
    pthread_mutex_lock(&cache_lock);
    for (size_t w = 0; w < CACHE_WAYS; w++)
        if (set[w].used && memcmp(set[w].sha256, c->sha256, sizeof set[w].sha256) == 0) {
            cs_self_signed answer = set[w].answer;
            pthread_mutex_unlock(&cache_lock);
            return answer;
        }
    pthread_mutex_unlock(&cache_lock);
    cs_self_signed answer = verify(c); /* outside the lock: other threads go on */
    pthread_mutex_lock(&cache_lock);
    /* The newest answer first; the oldest of the set makes room. */
    memmove(set + 1, set, (CACHE_WAYS - 1) * sizeof *set);
    set[0].answer = answer;
    memcpy(set[0].sha256, c->sha256, sizeof set[0].sha256);
    set[0].used = true;
    pthread_mutex_unlock(&cache_lock);
    return answer;
}

static cs_self_signed verify(const cs_cert *c)
{
    switch (cs_signature_verify(c, &c->spki)) {
    case CS_SIG_VALID: return CS_SELF_SIGNED_YES;
    case CS_SIG_INVALID: return CS_SELF_SIGNED_NO;
    default: return CS_SELF_SIGNED_UNKNOWN;
    }
}
