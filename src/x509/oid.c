/* The known-OID table: dotted strings from oid_list.h, encoded to DER
 * content once (pthread_once) and looked up in a hash table. */
#include "x509/oid.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define OID_MAX_CONTENT 32

static const char *const dotted[CS_OID_COUNT] = {
    [CS_OID_UNKNOWN] = "",
#define CS_OID_DOTTED(name, d, s) [CS_OID_##name] = d,
    CS_OID_LIST(CS_OID_DOTTED)
#undef CS_OID_DOTTED
};

static const char *const short_names[CS_OID_COUNT] = {
    [CS_OID_UNKNOWN] = "",
#define CS_OID_SHORT(name, d, s) [CS_OID_##name] = s,
    CS_OID_LIST(CS_OID_SHORT)
#undef CS_OID_SHORT
};

typedef struct oid_entry {
    uint8_t len;
    uint8_t bytes[OID_MAX_CONTENT];
} oid_entry;

static oid_entry by_id[CS_OID_COUNT];
static pthread_once_t once = PTHREAD_ONCE_INIT;

size_t cs_oid_encode(const char *text, uint8_t *out, size_t size)
{
    uint64_t arcs[64];
    size_t n = 0;
    const char *s = text;
    if (!s || !*s)
        return 0;
    for (;;) {
        if (*s < '0' || *s > '9' || n == 64)
            return 0;
        uint64_t v = 0;
        if (*s == '0' && s[1] >= '0' && s[1] <= '9')
            return 0; /* leading zero */
        while (*s >= '0' && *s <= '9') {
            if (v > (UINT64_MAX - 9) / 10)
                return 0;
            v = v * 10 + (uint64_t)(*s++ - '0');
        }
        arcs[n++] = v;
        if (*s == 0)
            break;
        if (*s++ != '.')
            return 0;
    }
    if (n < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40) ||
        arcs[1] > UINT64_MAX - 80)
        return 0;
    size_t pos = 0;
    for (size_t i = 1; i < n; i++) {
        uint64_t v = i == 1 ? arcs[0] * 40 + arcs[1] : arcs[i];
        uint8_t tmp[10];
        size_t k = 0;
        do {
            tmp[k++] = (uint8_t)(v & 0x7F);
            v >>= 7;
        } while (v);
        if (pos + k > size)
            return 0;
        while (k--)
            out[pos++] = (uint8_t)(tmp[k] | (k ? 0x80 : 0));
    }
    return pos;
}

/* Open addressing, linear probing: a quarter full, so a look-up is one
 * hash of a few octets and about one comparison (it was a binary search,
 * eight memcmp calls through a callback for every OID of a certificate). */
#define TABLE_BITS 10
#define TABLE_SLOTS (1u << TABLE_BITS)
static uint16_t table[TABLE_SLOTS]; /* ids, CS_OID_UNKNOWN = empty */
static atomic_bool built;

static inline uint64_t load_le(const uint8_t *p, size_t n)
{
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return w;
}

/* A few word loads and one multiplication, not a loop over every octet:
 * the first and last eight octets (overlapping when shorter) and the
 * length.  OIDs sharing both ends only share a probe sequence. */
static inline uint32_t content_hash(const uint8_t *p, size_t len)
{
    uint64_t w;
    if (len >= 8)
        w = load_le(p, 8) ^ (load_le(p + len - 8, 8) * 0xFF51AFD7ED558CCDull);
    else if (len >= 4)
        w = load_le(p, 4) | load_le(p + len - 4, 4) << 32;
    else
        w = load_le(p, len);
    w ^= (uint64_t)len << 56;
    return (uint32_t)((w * 0x9E3779B97F4A7C15ull) >> (64 - TABLE_BITS));
}

static void build(void)
{
    _Static_assert(CS_OID_COUNT < TABLE_SLOTS / 2, "OID table too full");
    for (int id = 1; id < CS_OID_COUNT; id++) {
        size_t len = cs_oid_encode(dotted[id], by_id[id].bytes, OID_MAX_CONTENT);
        /* Every listed OID is well-formed and short; a bad entry would be
         * a programming error caught by the tests (its id never matches). */
        by_id[id].len = (uint8_t)len;
        if (!len)
            continue;
        uint32_t slot = content_hash(by_id[id].bytes, len);
        while (table[slot] != CS_OID_UNKNOWN)
            slot = (slot + 1) % TABLE_SLOTS;
        table[slot] = (uint16_t)id;
    }
    atomic_store_explicit(&built, true, memory_order_release);
}

/* memcmp(a, b, n) == 0 for the few octets of an OID, without a call. */
static inline bool same_octets(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The table, built by the first caller (pthread_once only until then). */
static void ensure_built(void)
{
    if (!atomic_load_explicit(&built, memory_order_acquire))
        pthread_once(&once, build);
}

cs_oid_id cs_oid_lookup(cs_span content)
{
    if (content.len == 0 || content.len > OID_MAX_CONTENT)
        return CS_OID_UNKNOWN;
    ensure_built();
    for (uint32_t slot = content_hash(content.p, content.len);; slot = (slot + 1) % TABLE_SLOTS) {
        unsigned id = table[slot];
        if (id == CS_OID_UNKNOWN)
            return CS_OID_UNKNOWN;
        if (by_id[id].len == content.len && same_octets(by_id[id].bytes, content.p, content.len))
            return (cs_oid_id)id;
    }
}

const char *cs_oid_dotted(cs_oid_id id)
{
    return (unsigned)id < CS_OID_COUNT ? dotted[id] : "";
}

const char *cs_oid_short_name(cs_oid_id id)
{
    return (unsigned)id < CS_OID_COUNT ? short_names[id] : "";
}

cs_span cs_oid_content(cs_oid_id id)
{
    if (id <= CS_OID_UNKNOWN || id >= CS_OID_COUNT)
        return cs_span_make(NULL, 0);
    ensure_built();
    return cs_span_make(by_id[id].bytes, by_id[id].len);
}
