/* The known-OID table: dotted strings from oid_list.h, encoded to DER
 * content once (pthread_once) and looked up in a hash table. */
#include "x509/oid.h"

#include <pthread.h>
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
#define TABLE_SLOTS 1024u
static uint16_t table[TABLE_SLOTS]; /* ids, CS_OID_UNKNOWN = empty */

static uint32_t content_hash(const uint8_t *p, size_t len)
{
    uint32_t h = 2166136261u ^ (uint32_t)len;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h ^ h >> 15;
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
        uint32_t slot = content_hash(by_id[id].bytes, len) % TABLE_SLOTS;
        while (table[slot] != CS_OID_UNKNOWN)
            slot = (slot + 1) % TABLE_SLOTS;
        table[slot] = (uint16_t)id;
    }
}

cs_oid_id cs_oid_lookup(cs_span content)
{
    if (content.len == 0 || content.len > OID_MAX_CONTENT)
        return CS_OID_UNKNOWN;
    pthread_once(&once, build);
    for (uint32_t slot = content_hash(content.p, content.len) % TABLE_SLOTS;; slot = (slot + 1) % TABLE_SLOTS) {
        unsigned id = table[slot];
        if (id == CS_OID_UNKNOWN)
            return CS_OID_UNKNOWN;
        if (by_id[id].len == content.len && memcmp(by_id[id].bytes, content.p, content.len) == 0)
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
    pthread_once(&once, build);
    return cs_span_make(by_id[id].bytes, by_id[id].len);
}
