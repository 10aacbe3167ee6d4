/* The per-worker issuer cache (see issuer_cache.h): exact DER match,
 * least-recently-used replacement, the previous hit tried first. */
#include "pipeline/issuer_cache.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
    uint8_t *der;       /* private copy: the view's spans point into it */
    size_t len, cap;    /* len 0: the slot is empty */
    cs_cert *view;      /* allocated on first use */
    bool parsed;        /* false: a cached "does not parse" */
    uint64_t used;      /* tick of the last use */
} slot;

struct cs_issuer_cache {
    uint64_t tick;
    unsigned last;      /* slot of the previous lookup */
    slot slots[CS_ISSUER_CACHE_SLOTS];
};

cs_issuer_cache *cs_issuer_cache_new(void) { return calloc(1, sizeof(cs_issuer_cache)); }

void cs_issuer_cache_free(cs_issuer_cache *ic)
{
    if (!ic)
        return;
    for (unsigned i = 0; i < CS_ISSUER_CACHE_SLOTS; i++) {
        free(ic->slots[i].der);
        free(ic->slots[i].view);
    }
    free(ic);
}

static bool holds(const slot *s, const uint8_t *der, size_t len)
{
    return s->len == len && memcmp(s->der, der, len) == 0;
}

/* Parses der into the least recently used slot.  False on out-of-memory
 * (the slot is then left empty). */
static bool fill(cs_issuer_cache *ic, slot **out, const uint8_t *der, size_t len)
{
    slot *s = &ic->slots[0];
    for (unsigned i = 1; i < CS_ISSUER_CACHE_SLOTS && s->len; i++)
        if (!ic->slots[i].len || ic->slots[i].used < s->used)
            s = &ic->slots[i];
    *out = s;
    s->len = 0;
    if (s->cap < len) {
        uint8_t *p = realloc(s->der, len);
        if (!p)
            return false;
        s->der = p;
        s->cap = len;
    }
    if (!s->view && !(s->view = malloc(sizeof *s->view)))
        return false;
    memcpy(s->der, der, len);
    s->len = len;
    cs_parse_error err;
    /* Rules read the issuer's names, keys and extensions, never its hash. */
    s->parsed = cs_cert_parse_ex(s->view, s->der, len, CS_PARSE_NO_SHA256, &err);
    return true;
}

const cs_cert *cs_issuer_cache_get(cs_issuer_cache *ic, const uint8_t *der, size_t len)
{
    if (!der || len == 0 || len > CS_ISSUER_MAX_DER)
        return NULL;
    slot *s = &ic->slots[ic->last];
    if (!holds(s, der, len)) {
        s = NULL;
        for (unsigned i = 0; i < CS_ISSUER_CACHE_SLOTS && !s; i++)
            if (holds(&ic->slots[i], der, len))
                s = &ic->slots[i];
        if (!s && !fill(ic, &s, der, len))
            return NULL;
    }
    s->used = ++ic->tick;
    ic->last = (unsigned)(s - ic->slots);
    return s->parsed ? s->view : NULL;
}
