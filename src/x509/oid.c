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

/* Open addressing, linear probing, a third full.  Each slot holds the
 * content octets it is compared with, so a look-up reads one 16-octet
 * slot (a cache line holds four), not a slot and then the by_id entry
 * elsewhere; in a scan the rules push the table out of the nearest
 * caches between certificates, and each read there is a miss. */
#define TABLE_BITS 9
#define TABLE_SLOTS (1u << TABLE_BITS)
#define SLOT_OCTETS 13
typedef struct slot {
    uint8_t len; /* 0: empty */
    uint8_t bytes[SLOT_OCTETS];
    uint16_t id;
} slot;
_Static_assert(sizeof(slot) == 16, "a slot is 16 octets");
static _Alignas(64) slot table[TABLE_SLOTS];
static atomic_bool built;

/* The attribute types 2.5.4.x and certificate extensions 2.5.29.x (x
 * below 128: content 55 04 x, 55 1D x) are most of the look-ups of a
 * certificate: their ids are read from a small array, no hash. */
static uint16_t arc_2_5_4[128], arc_2_5_29[128];

static inline uint16_t *short_arc(const uint8_t *p, size_t len)
{
    if (len != 3 || p[0] != 0x55 || p[2] >= 0x80)
        return NULL;
    return p[1] == 0x04 ? &arc_2_5_4[p[2]] : p[1] == 0x1D ? &arc_2_5_29[p[2]] : NULL;
}

/* Word loads in the machine's order: the table is built and searched by
 * the same process, so the hash needs no fixed byte order. */
static inline uint64_t load8(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

static inline uint64_t load4(const uint8_t *p)
{
    uint32_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* A few word loads and one multiplication, not a loop over every octet:
 * the first and last eight octets (overlapping when shorter) and the
 * length.  OIDs sharing both ends only share a probe sequence. */
static inline uint32_t content_hash(const uint8_t *p, size_t len)
{
    uint64_t w;
    if (len >= 8)
        w = load8(p) ^ (load8(p + len - 8) * 0xFF51AFD7ED558CCDull);
    else if (len >= 4)
        w = load4(p) | load4(p + len - 4) << 32;
    else
        w = p[0] | (uint64_t)p[len / 2] << 8 | (uint64_t)p[len - 1] << 16;
    w ^= (uint64_t)len << 56;
    return (uint32_t)((w * 0x9E3779B97F4A7C15ull) >> (64 - TABLE_BITS));
}

static void build(void)
{
    _Static_assert(CS_OID_COUNT < TABLE_SLOTS / 2, "OID table too full");
    for (int id = 1; id < CS_OID_COUNT; id++) {
        size_t len = cs_oid_encode(dotted[id], by_id[id].bytes, OID_MAX_CONTENT);
        /* Every listed OID is well-formed and short (at most 11 octets
         * today); a bad or longer entry would be a programming error
         * caught by the tests (its id never matches). */
        by_id[id].len = (uint8_t)len;
        if (!len || len > SLOT_OCTETS)
            continue;
        uint16_t *arc = short_arc(by_id[id].bytes, len);
        if (arc) {
            *arc = (uint16_t)id;
            continue;
        }
        uint32_t i = content_hash(by_id[id].bytes, len);
        while (table[i].len)
            i = (i + 1) % TABLE_SLOTS;
        table[i].len = (uint8_t)len;
        memcpy(table[i].bytes, by_id[id].bytes, len);
        table[i].id = (uint16_t)id;
    }
    atomic_store_explicit(&built, true, memory_order_release);
}

/* memcmp(a, b, n) == 0 for the few octets of an OID (n <= 16), without
 * a call: two words (overlapping when shorter), octets below 4. */
static inline bool same_octets(const uint8_t *a, const uint8_t *b, size_t n)
{
    if (n >= 8)
        return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
    if (n >= 4)
        return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
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
    if (content.len == 0 || content.len > SLOT_OCTETS)
        return CS_OID_UNKNOWN;
    ensure_built();
    const uint16_t *arc = short_arc(content.p, content.len);
    if (arc)
        return (cs_oid_id)*arc;
    for (uint32_t i = content_hash(content.p, content.len);; i = (i + 1) % TABLE_SLOTS) {
        const slot *e = &table[i];
        if (e->len == 0)
            return CS_OID_UNKNOWN;
        if (e->len == content.len && same_octets(e->bytes, content.p, content.len))
            return (cs_oid_id)e->id;
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
