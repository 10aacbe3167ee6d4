/* Strict JSON scanning without building a tree: values are found by
 * their extent and members by key; strings are unescaped on demand. */
#include "ingest/json.h"

#include <string.h>

#include "util/utf8.h"

#define MAX_DEPTH 64

size_t cs_json_ws(const uint8_t *p, size_t n, size_t i)
{
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
        i++;
    return i;
}

const char *cs_json_type(uint8_t c)
{
    switch (c) {
    case '"': return "a string";
    case '{': return "an object";
    case '[': return "an array";
    case 't': case 'f': return "a boolean";
    case 'n': return "null";
    default: return c == '-' || (c >= '0' && c <= '9') ? "a number" : "not JSON";
    }
}

/* Index of the first byte in p[i,n) that a JSON string scanner must look
 * at ('"', '\\' or a control byte), n if none.  Eight bytes at a time:
 * base64 strings of kilobytes are the bulk of every CT dump. */
static size_t first_special(const uint8_t *p, size_t i, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    for (; i + 8 <= n; i += 8) {
        uint64_t w, q, b;
        memcpy(&w, p + i, 8);
        q = w ^ (ones * '"');
        b = w ^ (ones * '\\');
        /* A zero byte in q or b, or a byte below 0x20 in w (exact tests). */
        if (((q - ones) & ~q & highs) | ((b - ones) & ~b & highs) | ((w - ones * 0x20) & ~w & highs))
            break;
    }
    while (i < n && p[i] != '"' && p[i] != '\\' && p[i] >= 0x20)
        i++;
    return i;
}

static cs_json_status string_end(const uint8_t *p, size_t n, size_t i, size_t *end)
{
    for (i = first_special(p, i + 1, n); i < n; i = first_special(p, i + 1, n)) {
        uint8_t c = p[i];
        if (c == '"') {
            *end = i + 1;
            return CS_JSON_OK;
        }
        if (c < 0x20) {
            *end = i;
            return CS_JSON_BAD;
        }
        if (c == '\\') {
            if (++i >= n)
                return CS_JSON_MORE;
            if (!strchr("\"\\/bfnrtu", p[i]) || p[i] == '\0') {
                *end = i;
                return CS_JSON_BAD;
            }
        }
    }
    return CS_JSON_MORE;
}

static cs_json_status scalar_end(const uint8_t *p, size_t n, size_t i, size_t *end)
{
    static const char *const lits[] = { "true", "false", "null" };
    for (size_t k = 0; k < 3; k++) {
        size_t l = strlen(lits[k]);
        if (p[i] == (uint8_t)lits[k][0]) {
            size_t have = n - i < l ? n - i : l;
            if (memcmp(p + i, lits[k], have) != 0) {
                *end = i;
                return CS_JSON_BAD;
            }
            if (have < l)
                return CS_JSON_MORE;
            *end = i + l;
            return CS_JSON_OK;
        }
    }
    size_t j = i;
    if (j < n && p[j] == '-')
        j++;
    size_t digits = 0;
    /* A sign inside a number only follows an exponent mark; j > i since
     * p[i - 1] may lie before the buffer (a framer's window start). */
    while (j < n && ((p[j] >= '0' && p[j] <= '9') || p[j] == '.' || p[j] == 'e' || p[j] == 'E' ||
                     ((p[j] == '+' || p[j] == '-') && j > i && (p[j - 1] == 'e' || p[j - 1] == 'E')))) {
        digits += p[j] >= '0' && p[j] <= '9';
        j++;
    }
    if (j == n)
        return CS_JSON_MORE;
    if (digits == 0) {
        *end = i;
        return CS_JSON_BAD;
    }
    *end = j;
    return CS_JSON_OK;
}

cs_json_status cs_json_value_end(const uint8_t *p, size_t n, size_t i, size_t *end)
{
    uint64_t stack = 0; /* bit per level: 1 = object */
    unsigned depth = 0;
    /* expect: 0 value, 1 key or '}' (first), 2 ':' , 3 ',' or close, 4 key (after ',') */
    int expect = 0;
    for (;;) {
        i = cs_json_ws(p, n, i);
        if (i >= n)
            return CS_JSON_MORE;
        uint8_t c = p[i];
        size_t e;
        cs_json_status st;
        switch (expect) {
        case 0:
            if (c == '{' || c == '[') {
                if (depth >= MAX_DEPTH) {
                    *end = i;
                    return CS_JSON_BAD;
                }
                stack = stack << 1 | (c == '{');
                depth++;
                i++;
                expect = c == '{' ? 1 : 5;
                continue;
            }
            st = c == '"' ? string_end(p, n, i, &e) : scalar_end(p, n, i, &e);
            if (st != CS_JSON_OK) {
                if (st == CS_JSON_BAD)
                    *end = e;
                return st;
            }
            i = e;
            break;
        case 5: /* first element of an array or ']' */
            if (c == ']')
                goto close;
            expect = 0;
            continue;
        case 1:
            if (c == '}')
                goto close;
            /* fall through */
        case 4:
            if (c != '"') {
                *end = i;
                return CS_JSON_BAD;
            }
            st = string_end(p, n, i, &e);
            if (st != CS_JSON_OK) {
                if (st == CS_JSON_BAD)
                    *end = e;
                return st;
            }
            i = e;
            expect = 2;
            continue;
        case 2:
            if (c != ':') {
                *end = i;
                return CS_JSON_BAD;
            }
            i++;
            expect = 0;
            continue;
        case 3:
            if (c == ',') {
                i++;
                expect = (stack & 1) ? 4 : 0;
                continue;
            }
            if (c == ((stack & 1) ? '}' : ']'))
                goto close;
            *end = i;
            return CS_JSON_BAD;
        }
        /* a value ended */
        if (depth == 0) {
            *end = i;
            return CS_JSON_OK;
        }
        expect = 3;
        continue;
    close:
        if (c != ((stack & 1) ? '}' : ']')) {
            *end = i;
            return CS_JSON_BAD;
        }
        stack >>= 1;
        depth--;
        i++;
        if (depth == 0) {
            *end = i;
            return CS_JSON_OK;
        }
        expect = 3;
    }
}

/* One level of lookup: key (klen bytes) in the object at p[i]. */
static cs_json_status get1(const uint8_t *p, size_t n, size_t i, const char *key, size_t klen, size_t *vs,
                           size_t *ve)
{
    i = cs_json_ws(p, n, i);
    if (i >= n || p[i] != '{')
        return CS_JSON_BAD;
    i = cs_json_ws(p, n, i + 1);
    if (i < n && p[i] == '}')
        return CS_JSON_MORE;
    for (;;) {
        size_t ke;
        if (i >= n || p[i] != '"' || string_end(p, n, i, &ke) != CS_JSON_OK)
            return CS_JSON_BAD;
        bool match = ke - i - 2 == klen && memcmp(p + i + 1, key, klen) == 0;
        i = cs_json_ws(p, n, ke);
        if (i >= n || p[i] != ':')
            return CS_JSON_BAD;
        i = cs_json_ws(p, n, i + 1);
        size_t e;
        if (i >= n || cs_json_value_end(p, n, i, &e) != CS_JSON_OK)
            return CS_JSON_BAD;
        if (match) {
            *vs = i;
            *ve = e;
            return CS_JSON_OK;
        }
        i = cs_json_ws(p, n, e);
        if (i < n && p[i] == '}')
            return CS_JSON_MORE;
        if (i >= n || p[i] != ',')
            return CS_JSON_BAD;
        i = cs_json_ws(p, n, i + 1);
    }
}

cs_json_status cs_json_get(const uint8_t *p, size_t n, const char *key, size_t *vstart, size_t *vend)
{
    size_t at = 0, end = n;
    for (;;) {
        const char *dot = strchr(key, '.');
        size_t klen = dot ? (size_t)(dot - key) : strlen(key);
        size_t vs, ve;
        cs_json_status st = get1(p, end, at, key, klen, &vs, &ve);
        if (st != CS_JSON_OK)
            return st;
        if (!dot) {
            *vstart = vs;
            *vend = ve;
            return CS_JSON_OK;
        }
        if (p[vs] != '{')
            return CS_JSON_MORE; /* the path does not exist as objects */
        at = vs;
        end = ve;
        key = dot + 1;
    }
}

static int hexval(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* The four hex digits p[i, i+4) (all before `end`) as a number. */
static bool hex4(const uint8_t *p, size_t i, size_t end, uint32_t *v)
{
    if (end - i < 4)
        return false;
    *v = 0;
    for (size_t k = i; k < i + 4; k++) {
        int h = hexval(p[k]);
        if (h < 0)
            return false;
        *v = *v << 4 | (uint32_t)h;
    }
    return true;
}

bool cs_json_string(const uint8_t *p, size_t start, size_t end, uint8_t *out, const uint8_t **str, size_t *len)
{
    size_t o = 0;
    if (end - start < 2 || p[start] != '"' || p[end - 1] != '"')
        return false;
    size_t plain = first_special(p, start + 1, end - 1);
    if (plain == end - 1) {
        *str = p + start + 1;
        *len = end - start - 2;
        return true;
    }
    *str = out;
    for (size_t i = start + 1; i < end - 1; i++) {
        uint8_t c = p[i];
        if (c < 0x20)
            return false;
        if (c != '\\') {
            out[o++] = c;
            continue;
        }
        if (++i >= end - 1)
            return false;
        switch (p[i]) {
        case '"': case '\\': case '/': out[o++] = p[i]; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            uint32_t cp;
            if (!hex4(p, i + 1, end - 1, &cp))
                return false;
            i += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return false; /* a low surrogate with no high one before it */
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                /* A high surrogate: only with the low one right after it. */
                uint32_t lo;
                if (end - 1 - i < 7 || p[i + 1] != '\\' || p[i + 2] != 'u' || !hex4(p, i + 3, end - 1, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return false;
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            /* At most as many bytes as the escape: out has room. */
            o += cs_utf8_encode(cp, (char *)out + o);
            break;
        }
        default:
            return false;
        }
    }
    *len = o;
    return true;
}

bool cs_json_array_each(const uint8_t *p, size_t n, size_t i, bool (*fn)(void *ctx, const uint8_t *v, size_t len),
                        void *ctx)
{
    if (i >= n || p[i] != '[')
        return false;
    i = cs_json_ws(p, n, i + 1);
    if (i < n && p[i] == ']')
        return true;
    for (;;) {
        size_t e;
        if (cs_json_value_end(p, n, i, &e) != CS_JSON_OK || !fn(ctx, p + i, e - i))
            return false;
        i = cs_json_ws(p, n, e);
        if (i < n && p[i] == ']')
            return true;
        if (i >= n || p[i] != ',')
            return false;
        i = cs_json_ws(p, n, i + 1);
    }
}
