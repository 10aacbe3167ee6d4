/* v3 log lists (loglist.h). */
#include "ctlog/loglist.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/json.h"

#define MAX_LIST ((size_t)64 << 20)

/* The string member `key` of the object p[0,n), malloc'd ("" when absent). */
static char *member(const uint8_t *p, size_t n, const char *key)
{
    size_t vs, ve;
    if (cs_json_get(p, n, key, &vs, &ve) != CS_JSON_OK || p[vs] != '"')
        return strdup("");
    uint8_t *buf = malloc(ve - vs + 1);
    const uint8_t *s;
    size_t len;
    if (!buf || !cs_json_string(p, vs, ve, buf, &s, &len)) {
        free(buf);
        return strdup("");
    }
    memmove(buf, s, len);
    buf[len] = '\0';
    return (char *)buf;
}

/* The first key of the "state" object: the log's state. */
static char *state_of(const uint8_t *p, size_t n)
{
    size_t vs, ve;
    if (cs_json_get(p, n, "state", &vs, &ve) != CS_JSON_OK || p[vs] != '{')
        return strdup("");
    size_t i = cs_json_ws(p, ve, vs + 1), e;
    if (i >= ve || p[i] != '"' || cs_json_value_end(p, ve, i, &e) != CS_JSON_OK)
        return strdup("");
    char *s = calloc(1, e - i);
    if (s)
        memcpy(s, p + i + 1, e - i - 2);
    return s;
}

typedef struct walk {
    cs_loglist *list;
    const char *select;
    char *operator_name;
    bool tiled;
    bool oom;
} walk;

static bool contains_nocase(const char *hay, const char *needle, size_t nl)
{
    for (size_t i = 0; nl && hay[i]; i++)
        if (strncasecmp(hay + i, needle, nl) == 0)
            return true;
    return false;
}

static bool picked(const walk *w, const cs_loglist_log *l)
{
    if (!w->select || !*w->select)
        return true;
    for (const char *t = w->select; *t;) {
        size_t len = strcspn(t, ",");
        if (len && ((strlen(l->state) == len && strncasecmp(l->state, t, len) == 0) ||
                    contains_nocase(l->description, t, len) || contains_nocase(l->operator_name, t, len)))
            return true;
        t += len + (t[len] == ',');
    }
    return false;
}

static void log_free(cs_loglist_log *l)
{
    free(l->description), free(l->operator_name), free(l->state), free(l->url), free(l->key);
}

static bool one_log(void *ctx, const uint8_t *p, size_t n)
{
    walk *w = ctx;
    if (n == 0 || p[0] != '{')
        return false;
    cs_loglist_log l = { .tiled = w->tiled };
    l.description = member(p, n, "description");
    l.operator_name = strdup(w->operator_name);
    l.state = state_of(p, n);
    l.url = member(p, n, w->tiled ? "monitoring_url" : "url");
    l.key = member(p, n, "key");
    if (!l.description || !l.operator_name || !l.state || !l.url || !l.key) {
        log_free(&l);
        w->oom = true;
        return false;
    }
    if (!*l.url || !*l.key || !picked(w, &l)) {
        log_free(&l);
        return true;
    }
    cs_loglist_log *q = realloc(w->list->logs, (w->list->n + 1) * sizeof *q);
    if (!q) {
        log_free(&l);
        w->oom = true;
        return false;
    }
    w->list->logs = q;
    q[w->list->n++] = l;
    return true;
}

static bool one_operator(void *ctx, const uint8_t *p, size_t n)
{
    walk *w = ctx;
    if (n == 0 || p[0] != '{')
        return false;
    free(w->operator_name);
    if (!(w->operator_name = member(p, n, "name"))) {
        w->oom = true;
        return false;
    }
    static const char *const kinds[2] = { "logs", "tiled_logs" };
    for (int k = 0; k < 2; k++) {
        size_t vs, ve;
        cs_json_status st = cs_json_get(p, n, kinds[k], &vs, &ve);
        if (st == CS_JSON_BAD)
            return false;
        w->tiled = k == 1;
        if (st == CS_JSON_OK && !cs_json_array_each(p, ve, vs, one_log, w))
            return false;
    }
    return true;
}

cs_loglist *cs_loglist_parse(const char *json, size_t len, const char *select, char *err, size_t es)
{
    const uint8_t *p = (const uint8_t *)json;
    cs_loglist *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, es, "out of memory");
        return NULL;
    }
    walk w = { .list = l, .select = select };
    size_t vs, ve;
    size_t start = cs_json_ws(p, len, 0);
    if (cs_json_get(p + start, len - start, "operators", &vs, &ve) != CS_JSON_OK ||
        !cs_json_array_each(p + start, ve, vs, one_operator, &w)) {
        snprintf(err, es, w.oom ? "out of memory" : "not a v3 log list (no well-formed \"operators\" array)");
        free(w.operator_name);
        cs_loglist_free(l);
        return NULL;
    }
    free(w.operator_name);
    return l;
}

cs_loglist *cs_loglist_read(const char *path, const char *select, char *err, size_t es)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, es, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(MAX_LIST + 1);
    size_t n = buf ? fread(buf, 1, MAX_LIST + 1, f) : 0;
    bool bad = ferror(f) || n > MAX_LIST;
    fclose(f);
    if (!buf || bad) {
        free(buf);
        snprintf(err, es, "%s: cannot be read, or larger than %zu bytes", path, MAX_LIST);
        return NULL;
    }
    char e2[256];
    cs_loglist *l = cs_loglist_parse(buf, n, select, e2, sizeof e2);
    free(buf);
    if (!l)
        snprintf(err, es, "%s: %s", path, e2);
    return l;
}

void cs_loglist_free(cs_loglist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        log_free(&l->logs[i]);
    free(l->logs);
    free(l);
}
