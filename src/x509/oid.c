/* The known-OID table: dotted strings from oid_list.h, encoded to DER
 * content once (pthread_once) and looked up by binary search. */
#include "x509/oid.h"

#include <pthread.h>
#include <stdlib.h>

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
    cs_oid_id id;
} oid_entry;

static oid_entry by_id[CS_OID_COUNT];
static oid_entry sorted[CS_OID_COUNT];
static size_t n_sorted;
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

static int cmp_content(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    size_t m = alen < blen ? alen : blen;
    int c = memcmp(a, b, m);
    if (c)
        return c;
    return alen < blen ? -1 : alen > blen;
}

static int cmp_entry(const void *a, const void *b)
{
    const oid_entry *x = a, *y = b;
    return cmp_content(x->bytes, x->len, y->bytes, y->len);
}

static void build(void)
{
    for (int id = 1; id < CS_OID_COUNT; id++) {
        size_t len = cs_oid_encode(dotted[id], by_id[id].bytes, OID_MAX_CONTENT);
        /* Every listed OID is well-formed and short; a bad entry would be
         * a programming error caught by the tests (its id never matches). */
        by_id[id].len = (uint8_t)len;
        by_id[id].id = (cs_oid_id)id;
        if (len)
            sorted[n_sorted++] = by_id[id];
    }
    qsort(sorted, n_sorted, sizeof sorted[0], cmp_entry);
}

static int cmp_key(const void *key, const void *elem)
{
    const cs_span *k = key;
    const oid_entry *e = elem;
    return cmp_content(k->p, k->len, e->bytes, e->len);
}

cs_oid_id cs_oid_lookup(cs_span content)
{
    if (content.len == 0 || content.len > OID_MAX_CONTENT)
        return CS_OID_UNKNOWN;
    pthread_once(&once, build);
    const oid_entry *e = bsearch(&content, sorted, n_sorted, sizeof sorted[0], cmp_key);
    return e ? e->id : CS_OID_UNKNOWN;
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
