/* Tile indexes counted by an input (tileset.h): a string-keyed open
 * addressing table that doubles when half full. */
#include "ingest/tileset.h"

#include <stdlib.h>
#include <string.h>

typedef struct tile_slot {
    char *key;          /* NULL = empty */
    uint64_t counted;
} tile_slot;

struct cs_tileset {
    size_t n, cap;      /* cap is a power of two */
    tile_slot *slots;
};

bool cs_tile_key(const char *name, char *key, size_t size)
{
    const char *data = strstr(name, "tile/data/");
    if (!data || (data != name && data[-1] != '/'))
        return false;
    size_t len = strlen(name);
    const char *p = strrchr(name, '/');
    /* "<index>.p/<width>": strip ".p/<width>" */
    if (p && p - name >= 2 && p[-2] == '.' && p[-1] == 'p' && p[1] && strspn(p + 1, "0123456789") == strlen(p + 1))
        len = (size_t)(p - 2 - name);
    if (len >= size)
        return false;
    memcpy(key, name, len);
    key[len] = '\0';
    return true;
}

static uint64_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static tile_slot *find(const cs_tileset *ts, const char *key)
{
    size_t mask = ts->cap - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask)
        if (!ts->slots[i].key || strcmp(ts->slots[i].key, key) == 0)
            return &ts->slots[i];
}

uint64_t cs_tileset_counted(const cs_tileset *ts, const char *key)
{
    if (!ts)
        return 0;
    const tile_slot *s = find(ts, key);
    return s->key ? s->counted : 0;
}

static bool grow(cs_tileset *ts)
{
    size_t cap = ts->cap ? ts->cap * 2 : 64;
    tile_slot *old = ts->slots;
    size_t old_cap = ts->cap;
    ts->slots = calloc(cap, sizeof *ts->slots);
    if (!ts->slots) {
        ts->slots = old;
        return false;
    }
    ts->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *find(ts, old[i].key) = old[i];
    free(old);
    return true;
}

bool cs_tileset_note(cs_tileset **tsp, const char *key, uint64_t n)
{
    if (!*tsp && !(*tsp = calloc(1, sizeof **tsp)))
        return false;
    cs_tileset *ts = *tsp;
    if (2 * (ts->n + 1) > ts->cap && !grow(ts))
        return false;
    tile_slot *s = find(ts, key);
    if (!s->key) {
        if (!(s->key = strdup(key)))
            return false;
        ts->n++;
    }
    if (n > s->counted)
        s->counted = n;
    return true;
}

void cs_tileset_free(cs_tileset *ts)
{
    if (!ts)
        return;
    for (size_t i = 0; i < ts->cap; i++)
        free(ts->slots[i].key);
    free(ts->slots);
    free(ts);
}
