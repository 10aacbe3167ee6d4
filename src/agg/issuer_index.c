/* Issuers by their identity octets; see issuer_index.h. */
#include "agg/issuer_index.h"

#include <stdlib.h>
#include <string.h>

/* One allocation an issuer: its octets follow the lengths, so a look-up
 * reads the slot, then one block. */
typedef struct entry {
    void *value;
    uint16_t dn_len, aki_len;
    bool has_aki;
    uint8_t bytes[]; /* DN, then AKI keyIdentifier */
} entry;

typedef struct slot {
    uint64_t hash;
    entry *entry; /* NULL = empty */
} slot;

struct cs_issuer_index {
    size_t cap;     /* slots, a power of two, at most half full */
    slot *slots;
    size_t n, cap_entries;
    entry **entries;
    const entry *last; /* found last: a stream's certificates often come from one issuer in a row */
    uint64_t hits, lookups;
};

cs_issuer_index *cs_issuer_index_new(void)
{
    cs_issuer_index *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->cap = 256;
    if (!(x->slots = calloc(x->cap, sizeof *x->slots))) {
        free(x);
        return NULL;
    }
    return x;
}

void cs_issuer_index_free(cs_issuer_index *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++)
        free(x->entries[i]);
    free(x->entries);
    free(x->slots);
    free(x);
}

static uint64_t load8(const uint8_t *p, size_t len, size_t at)
{
    uint64_t v = 0;
    if (at < len)
        memcpy(&v, p + at, len - at < 8 ? len - at : 8);
    return v;
}

/* Cheap, not a digest (entries are compared octet for octet): the lengths,
 * the last 16 octets of the DN (its CN, usually) and the first 8 of the
 * key identifier, through splitmix64's finaliser. */
static uint64_t hash_of(cs_span dn, bool has_aki, cs_span aki)
{
    size_t tail = dn.len > 16 ? dn.len - 16 : 0;
    uint64_t x = ((uint64_t)dn.len << 17 | (uint64_t)aki.len << 1 | has_aki) * 0x9E3779B97F4A7C15ull;
    x ^= load8(dn.p, dn.len, tail);
    x = (x ^ x >> 29) * 0xBF58476D1CE4E5B9ull ^ load8(dn.p, dn.len, tail + 8);
    x = (x ^ x >> 31) * 0x94D049BB133111EBull ^ load8(aki.p, aki.len, 0);
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ x >> 31;
}

static bool octets(const cs_cert *c, cs_span *dn, bool *has_aki, cs_span *aki)
{
    *dn = c->issuer.der;
    *has_aki = c->aki.has_key_id;
    *aki = *has_aki ? c->aki.key_id : cs_span_make(NULL, 0);
    return dn->len + aki->len <= CS_ISSUER_INDEX_BYTES;
}

static bool same_octets(const entry *e, cs_span dn, bool has_aki, cs_span aki)
{
    return e->has_aki == has_aki && e->dn_len == dn.len && e->aki_len == aki.len &&
           (dn.len == 0 || memcmp(e->bytes, dn.p, dn.len) == 0) &&
           (aki.len == 0 || memcmp(e->bytes + dn.len, aki.p, aki.len) == 0);
}

void cs_issuer_index_prefetch(const cs_issuer_index *x, const cs_cert *c)
{
    cs_span dn, aki;
    bool has_aki;
    if (x && octets(c, &dn, &has_aki, &aki))
        __builtin_prefetch(&x->slots[hash_of(dn, has_aki, aki) & (x->cap - 1)]);
}

void *cs_issuer_index_find(const cs_issuer_index *x, const cs_cert *c)
{
    cs_span dn, aki;
    bool has_aki;
    if (!x || !octets(c, &dn, &has_aki, &aki))
        return NULL;
    cs_issuer_index *w = (cs_issuer_index *)x; /* the counters and the last entry only */
    w->lookups++;
    if (x->last && same_octets(x->last, dn, has_aki, aki)) {
        w->hits++;
        return x->last->value;
    }
    uint64_t h = hash_of(dn, has_aki, aki);
    size_t mask = x->cap - 1;
    for (size_t i = h & mask, k = 0; k < CS_ISSUER_INDEX_PROBES && x->slots[i].entry; i = (i + 1) & mask, k++) {
        const entry *e = x->slots[i].entry;
        if (x->slots[i].hash == h && same_octets(e, dn, has_aki, aki)) {
            w->hits++;
            w->last = e;
            return e->value;
        }
    }
    return NULL;
}

/* Doubles the slots; false on out-of-memory (the index is unchanged). */
static bool grow(cs_issuer_index *x)
{
    size_t cap = x->cap * 2;
    slot *s = calloc(cap, sizeof *s);
    if (!s)
        return false;
    for (size_t i = 0; i < x->cap; i++) {
        if (!x->slots[i].entry)
            continue;
        size_t j = x->slots[i].hash & (cap - 1);
        while (s[j].entry)
            j = (j + 1) & (cap - 1);
        s[j] = x->slots[i];
    }
    free(x->slots);
    x->slots = s;
    x->cap = cap;
    return true;
}

bool cs_issuer_index_add(cs_issuer_index *x, const cs_cert *c, void *value)
{
    cs_span dn, aki;
    bool has_aki;
    if (!x || !value || !octets(c, &dn, &has_aki, &aki) || x->n >= UINT32_MAX - 1)
        return false;
    if ((x->n + 1) * 2 > x->cap && !grow(x))
        return false;
    uint64_t h = hash_of(dn, has_aki, aki);
    size_t mask = x->cap - 1, i = h & mask, k = 0;
    while (x->slots[i].entry && k < CS_ISSUER_INDEX_PROBES)
        i = (i + 1) & mask, k++;
    if (x->slots[i].entry)
        return false; /* crowded: a look-up would not reach it */
    if (x->n == x->cap_entries) {
        size_t cap = x->cap_entries ? x->cap_entries * 2 : 64;
        entry **e = realloc(x->entries, cap * sizeof *e);
        if (!e)
            return false;
        x->entries = e;
        x->cap_entries = cap;
    }
    entry *e = malloc(sizeof *e + dn.len + aki.len);
    if (!e)
        return false;
    e->value = value;
    e->dn_len = (uint16_t)dn.len;
    e->aki_len = (uint16_t)aki.len;
    e->has_aki = has_aki;
    if (dn.len)
        memcpy(e->bytes, dn.p, dn.len);
    if (aki.len)
        memcpy(e->bytes + dn.len, aki.p, aki.len);
    x->entries[x->n++] = e;
    x->slots[i] = (slot){ h, e };
    return true;
}

void cs_issuer_index_stats(const cs_issuer_index *x, uint64_t *hits, uint64_t *lookups)
{
    *hits = x ? x->hits : 0;
    *lookups = x ? x->lookups : 0;
}
