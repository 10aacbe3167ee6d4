/* RFC 6962 get-entries responses: {"entries":[{"leaf_input":..,
 * "extra_data":..}, ...]}, one or many concatenated (or one per line),
 * and also bare entry objects one after another.  Each entry object is a
 * record; the leaf and chain are decoded in the workers.  The response
 * object may be arbitrarily large: only one entry is held at a time. */
#include "ingest/framer.h"
#include "ingest/json.h"

#include <stdlib.h>
#include <string.h>

/* First key of the object starting at p[i], into key (NUL-terminated). */
static bool first_key(const uint8_t *p, size_t n, size_t i, char *key, size_t size)
{
    i = cs_json_ws(p, n, i);
    if (i >= n || p[i] != '{')
        return false;
    i = cs_json_ws(p, n, i + 1);
    if (i >= n || p[i] != '"')
        return false;
    size_t k = 0;
    for (i++; i < n && p[i] != '"' && p[i] != '\\'; i++)
        if (k + 1 < size)
            key[k++] = (char)p[i];
    key[k] = '\0';
    return i < n && p[i] == '"';
}

static bool is_entry_key(const char *k)
{
    return strcmp(k, "leaf_input") == 0 || strcmp(k, "extra_data") == 0;
}

static int ctjson_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    (void)eof;
    (void)name;
    char key[32];
    if (!first_key(p, n, 0, key, sizeof key))
        return 0;
    if (strcmp(key, "entries") == 0)
        return 60;
    return is_entry_key(key) ? 45 : 0;
}

/* Log index of the first entry when the input name says it
 * ("...get-entries?start=N..." as saved by many fetchers); else -1. */
static int64_t start_index(const char *name)
{
    const char *s = strstr(name, "start=");
    if (!s)
        return -1;
    char *end;
    long long v = strtoll(s + 6, &end, 10);
    return end == s + 6 || v < 0 ? -1 : (int64_t)v;
}

typedef struct ct {
    cs_fctx *f;
    cs_stream *s;
    int64_t index; /* next entry's log index, -1 unknown */
} ct;

/* Makes the value at window offset i complete in the window; returns its
 * end, or 0 after reporting why not. */
static size_t whole_value(ct *c, size_t i, const char *what, bool *fatal)
{
    cs_stream *s = c->s;
    *fatal = false;
    for (;;) {
        size_t avail = cs_stream_avail(s), end;
        cs_json_status st = cs_json_value_end(cs_stream_data(s), avail, i, &end);
        if (st == CS_JSON_BAD) {
            *fatal = true;
            if (!s->failed)
                cs_emit_error(c->f, cs_stream_pos(s) + end, 0, "malformed JSON in %s at byte %llu", what,
                              (unsigned long long)(cs_stream_pos(s) + end));
            return 0;
        }
        /* A complete value is held to the limit too: whether it is refused
         * must not depend on how much the window happened to hold. */
        if ((st == CS_JSON_OK ? end : avail) - i > c->f->max_record) {
            *fatal = true;
            cs_emit_error(c->f, cs_stream_pos(s) + i, 0, "%s larger than the %zu-byte limit", what,
                          c->f->max_record);
            return 0;
        }
        if (st == CS_JSON_OK)
            return end;
        if (s->eof || cs_stream_fill(s, avail + 1) <= avail) {
            *fatal = true;
            if (!s->failed)
                cs_emit_error(c->f, cs_stream_pos(s) + i, 0, "truncated JSON: %s not complete at end of input",
                              what);
            return 0;
        }
    }
}

/* The next non-whitespace byte (consuming whitespace); -1 at the end. */
static int next(cs_stream *s)
{
    for (;;) {
        size_t avail = cs_stream_avail(s);
        if (avail == 0 && (avail = cs_stream_fill(s, 1)) == 0)
            return -1;
        size_t i = cs_json_ws(cs_stream_data(s), avail, 0);
        cs_stream_consume(s, i);
        if (i < avail)
            return cs_stream_data(s)[0];
    }
}

static bool expect(ct *c, char want, const char *where)
{
    int ch = next(c->s);
    if (ch == want) {
        cs_stream_consume(c->s, 1);
        return true;
    }
    if (!c->s->failed)
        cs_emit_error(c->f, cs_stream_pos(c->s), 0, "malformed JSON at byte %llu: expected '%c' %s",
                      (unsigned long long)cs_stream_pos(c->s), want, where);
    return false;
}

/* Emits one entry object at the window start; false to stop the member. */
static bool entry(ct *c, bool *stop)
{
    bool fatal;
    size_t end = whole_value(c, 0, "CT entry", &fatal);
    if (!end)
        return false;
    uint64_t off = cs_stream_pos(c->s);
    if (!cs_emit(c->f, CS_REC_CT_ENTRY, cs_stream_data(c->s), end, off, 0, c->index)) {
        *stop = true;
        return false;
    }
    if (c->index >= 0)
        c->index++;
    cs_stream_consume(c->s, end);
    return true;
}

/* The "entries" array: each element an entry object. */
static bool entries(ct *c, bool *stop)
{
    if (!expect(c, '[', "after \"entries\":"))
        return false;
    int ch = next(c->s);
    if (ch == ']') {
        cs_stream_consume(c->s, 1);
        return true;
    }
    for (;;) {
        if (cs_fctx_stopping(c->f)) {
            *stop = true;
            return false;
        }
        ch = next(c->s);
        if (ch == '{') {
            if (!entry(c, stop))
                return false;
        } else if (ch >= 0) {
            /* Not an object: count it and go on with the next element. */
            bool fatal;
            uint64_t off = cs_stream_pos(c->s);
            size_t end = whole_value(c, 0, "entries element", &fatal);
            if (!end)
                return false;
            if (!cs_emit_error(c->f, off, 0, "CT entry at byte %llu is %s, not an object", (unsigned long long)off,
                               cs_json_type((uint8_t)ch))) {
                *stop = true;
                return false;
            }
            if (c->index >= 0)
                c->index++;
            cs_stream_consume(c->s, end);
        }
        ch = next(c->s);
        if (ch == ',') {
            cs_stream_consume(c->s, 1);
            continue;
        }
        if (ch == ']') {
            cs_stream_consume(c->s, 1);
            return true;
        }
        if (!c->s->failed)
            cs_emit_error(c->f, cs_stream_pos(c->s), 0,
                          ch < 0 ? "truncated JSON: entries array not closed at byte %llu"
                                 : "malformed JSON at byte %llu: expected ',' or ']' in entries",
                          (unsigned long long)cs_stream_pos(c->s));
        return false;
    }
}

/* One top-level object: a response (keys read one by one, "entries"
 * streamed) or a bare entry. */
static bool top(ct *c, bool *stop)
{
    cs_stream *s = c->s;
    char key[32];
    cs_stream_fill(s, 4096);
    if (first_key(cs_stream_data(s), cs_stream_avail(s), 0, key, sizeof key) && is_entry_key(key))
        return entry(c, stop);
    if (!expect(c, '{', "at the start of a response"))
        return false;
    int ch = next(s);
    if (ch == '}') {
        cs_stream_consume(s, 1);
        return true;
    }
    for (;;) {
        bool fatal;
        ch = next(s);
        if (ch != '"') {
            if (!s->failed)
                cs_emit_error(c->f, cs_stream_pos(s), 0, "malformed JSON at byte %llu: expected a key",
                              (unsigned long long)cs_stream_pos(s));
            return false;
        }
        size_t kend = whole_value(c, 0, "key", &fatal);
        if (!kend)
            return false;
        bool is_entries = kend == 9 && memcmp(cs_stream_data(s), "\"entries\"", 9) == 0;
        cs_stream_consume(s, kend);
        if (!expect(c, ':', "after a key"))
            return false;
        if (is_entries) {
            if (next(s) != '[') {
                bool f2;
                uint64_t off = cs_stream_pos(s);
                int t = next(s);
                size_t e = whole_value(c, 0, "\"entries\"", &f2);
                if (!e)
                    return false;
                cs_emit_error(c->f, off, 0, "\"entries\" is %s, not an array", cs_json_type((uint8_t)t));
                cs_stream_consume(s, e);
            } else if (!entries(c, stop)) {
                return false;
            }
        } else {
            next(s);
            size_t e = whole_value(c, 0, "value", &fatal);
            if (!e)
                return false;
            cs_stream_consume(s, e);
        }
        ch = next(s);
        if (ch == ',') {
            cs_stream_consume(s, 1);
            continue;
        }
        if (ch == '}') {
            cs_stream_consume(s, 1);
            return true;
        }
        if (!s->failed)
            cs_emit_error(c->f, cs_stream_pos(s), 0,
                          ch < 0 ? "truncated JSON: response not closed at byte %llu"
                                 : "malformed JSON at byte %llu: expected ',' or '}'",
                          (unsigned long long)cs_stream_pos(s));
        return false;
    }
}

static bool ctjson_run(cs_fctx *f)
{
    ct c = { f, f->in, start_index(f->name) };
    for (;;) {
        bool stop = false;
        int ch = next(f->in);
        if (ch < 0)
            return true;
        if (ch != '{') {
            cs_emit_error(f, cs_stream_pos(f->in), 0, "malformed JSON at byte %llu: expected an object",
                          (unsigned long long)cs_stream_pos(f->in));
            return !cs_fctx_stopping(f);
        }
        if (!top(&c, &stop))
            return !stop && !cs_fctx_stopping(f);
    }
}

const cs_framer cs_framer_ctjson = {
    { "ct-json", "RFC 6962 get-entries JSON responses (x509_entry and precert_entry)" },
    ctjson_detect, ctjson_run, 60,
};
