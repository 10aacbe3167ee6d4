/* Issuer identities of the issuers seen last; see issuer_key_cache.h. */
#include "agg/issuer_key_cache.h"

#include <stdlib.h>
#include <string.h>

#include "agg/tally.h"

typedef struct slot {
    bool used, has_aki;
    uint16_t dn_len, aki_len;
    uint8_t key[32];
    void *value;                        /* the owner's, for this identity */
    uint8_t bytes[CS_ISSUER_KEY_BYTES]; /* DN, then AKI keyIdentifier */
} slot;

struct cs_issuer_key_cache {
    slot slots[CS_ISSUER_KEY_SLOTS];
    uint64_t hits, lookups;
};

cs_issuer_key_cache *cs_issuer_key_cache_new(void) { return calloc(1, sizeof(cs_issuer_key_cache)); }

void cs_issuer_key_cache_free(cs_issuer_key_cache *kc) { free(kc); }

static uint64_t load_tail(const uint8_t *p, size_t len)
{
    uint64_t v = 0;
    size_t n = len < 8 ? len : 8;
    if (n)
        memcpy(&v, p + len - n, n);
    return v;
}

/* Cheap, not a digest: a few octets that differ between issuers (the end
 * of the DN, usually its CN, and the start of the key identifier); the
 * slot is then checked octet for octet. */
static size_t slot_of(cs_span dn, bool has_aki, cs_span aki)
{
    uint64_t x = (uint64_t)dn.len * 0x9E3779B97F4A7C15ull ^ load_tail(dn.p, dn.len);
    if (has_aki) {
        uint64_t k = load_tail(aki.p, aki.len < 8 ? aki.len : 8) + aki.len;
        x ^= k << 23 | k >> 41;
    }
    /* splitmix64's finaliser: every input bit moves the slot. */
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return (size_t)(x % CS_ISSUER_KEY_SLOTS);
}

bool cs_issuer_key_cached(cs_issuer_key_cache *kc, const cs_cert *c, uint8_t key[32])
{
    void **value;
    return cs_issuer_key_cached_slot(kc, c, key, &value);
}

bool cs_issuer_key_cached_slot(cs_issuer_key_cache *kc, const cs_cert *c, uint8_t key[32], void ***value)
{
    *value = NULL;
    cs_span dn = c->issuer.der, aki = c->aki.has_key_id ? c->aki.key_id : cs_span_make(NULL, 0);
    bool has_aki = c->aki.has_key_id;
    if (!kc || dn.len + aki.len > CS_ISSUER_KEY_BYTES)
        return cs_tally_issuer_key(c, key);
    kc->lookups++;
    slot *s = &kc->slots[slot_of(dn, has_aki, aki)];
    if (s->used && s->has_aki == has_aki && s->dn_len == dn.len && s->aki_len == aki.len &&
        memcmp(s->bytes, dn.p, dn.len) == 0 && (aki.len == 0 || memcmp(s->bytes + dn.len, aki.p, aki.len) == 0)) {
        kc->hits++;
        memcpy(key, s->key, 32);
        *value = &s->value;
        return true;
    }
    if (!cs_tally_issuer_key(c, key))
        return false;
    s->used = true;
    s->has_aki = has_aki;
    s->dn_len = (uint16_t)dn.len;
    s->aki_len = (uint16_t)aki.len;
    if (dn.len)
        memcpy(s->bytes, dn.p, dn.len);
    if (aki.len)
        memcpy(s->bytes + dn.len, aki.p, aki.len);
    memcpy(s->key, key, 32);
    s->value = NULL;
    *value = &s->value;
    return true;
}

void cs_issuer_key_cache_stats(const cs_issuer_key_cache *kc, uint64_t *hits, uint64_t *lookups)
{
    *hits = kc ? kc->hits : 0;
    *lookups = kc ? kc->lookups : 0;
}
