/* cs_cert_self_signed(): the signature is checked with the certificate's
 * own key (x509/signature_verify.h).
 *
 * Bulk data repeats its self-issued certificates (the same roots in every
 * chain of a scan dump, a root store in each bundle): each thread keeps
 * the answers for the last few thousand by SHA-256, so a root is verified
 * once per thread rather than once per copy.  The cache only remembers
 * answers: the result is the same with or without it. */
#include "x509/self_signed.h"

#include <string.h>

#include "x509/signature_verify.h"

#define CACHE_SLOTS 4096 /* direct-mapped by the first SHA-256 octets: 160 KiB a thread */

typedef struct cache_slot {
    uint8_t sha256[32];
    cs_self_signed answer;
    bool used;
} cache_slot;

static _Thread_local cache_slot cache[CACHE_SLOTS];

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
    cache_slot *slot = &cache[(c->sha256[0] | (unsigned)c->sha256[1] << 8) % CACHE_SLOTS];
    if (slot->used && memcmp(slot->sha256, c->sha256, sizeof slot->sha256) == 0)
        return slot->answer;
    slot->answer = verify(c);
    memcpy(slot->sha256, c->sha256, sizeof slot->sha256);
    slot->used = true;
    return slot->answer;
}

static cs_self_signed verify(const cs_cert *c)
{
    switch (cs_signature_verify(c, &c->spki)) {
    case CS_SIG_VALID: return CS_SELF_SIGNED_YES;
    case CS_SIG_INVALID: return CS_SELF_SIGNED_NO;
    default: return CS_SELF_SIGNED_UNKNOWN;
    }
}
