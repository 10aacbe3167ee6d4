/* A strict JSON validator for tests (RFC 8259 + valid UTF-8, checked by iconv), header-only
 * so that test_api*.c and test_lint_cmd*.c can share it.  Returns true
 * when [p, p+n) is exactly one JSON value (surrounding whitespace allowed). */
#ifndef CS_TEST_API_JSONCHECK_H
#define CS_TEST_API_JSONCHECK_H

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct jc_state {
    const uint8_t *p, *end;
    int depth;
} jc_state;

static bool jc_value(jc_state *s);

static void jc_ws(jc_state *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static bool jc_lit(jc_state *s, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
        return false;
    s->p += n;
    return true;
}

static bool jc_hex4(jc_state *s)
{
    if (s->end - s->p < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        uint8_t c = s->p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    s->p += 4;
    return true;
}

static bool jc_string(jc_state *s)
{
    if (s->p >= s->end || *s->p != '"')
        return false;
    s->p++;
    while (s->p < s->end) {
        uint8_t c = *s->p;
        if (c == '"') {
            s->p++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            s->p++;
            if (s->p >= s->end)
                return false;
            c = *s->p++;
            if (c == 'u') {
                if (!jc_hex4(s))
                    return false;
            } else if (!strchr("\"\\/bfnrt", c) || c == 0) {
                return false;
            }
            continue;
        }
        s->p++; /* UTF-8 well-formedness is checked by json_valid, with iconv */
    }
    return false;
}

static bool jc_number(jc_state *s)
{
    const uint8_t *start = s->p;
    if (s->p < s->end && *s->p == '-')
        s->p++;
    if (s->p >= s->end)
        return false;
    if (*s->p == '0')
        s->p++;
    else if (*s->p >= '1' && *s->p <= '9')
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
            s->p++;
    else
        return false;
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        if (s->p >= s->end || *s->p < '0' || *s->p > '9')
            return false;
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
            s->p++;
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
            s->p++;
        if (s->p >= s->end || *s->p < '0' || *s->p > '9')
            return false;
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
            s->p++;
    }
    return s->p > start;
}

static bool jc_container(jc_state *s, char open, char close, bool object)
{
    if (s->p >= s->end || *s->p != open || ++s->depth > 64)
        return false;
    s->p++;
    jc_ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        s->depth--;
        return true;
    }
    for (;;) {
        jc_ws(s);
        if (object) {
            if (!jc_string(s))
                return false;
            jc_ws(s);
            if (s->p >= s->end || *s->p++ != ':')
                return false;
        }
        if (!jc_value(s))
            return false;
        jc_ws(s);
        if (s->p >= s->end)
            return false;
        if (*s->p == ',') {
            s->p++;
            continue;
        }
        if (*s->p == close) {
            s->p++;
            s->depth--;
            return true;
        }
        return false;
    }
}

static bool jc_value(jc_state *s)
{
    jc_ws(s);
    if (s->p >= s->end)
        return false;
    switch (*s->p) {
    case '{': return jc_container(s, '{', '}', true);
    case '[': return jc_container(s, '[', ']', false);
    case '"': return jc_string(s);
    case 't': return jc_lit(s, "true");
    case 'f': return jc_lit(s, "false");
    case 'n': return jc_lit(s, "null");
    default: return jc_number(s);
    }
}

/* Well-formed UTF-8, judged by glibc's iconv rather than by a copy of the
 * decoder under test (util/utf8.c). */
static inline bool jc_utf8_valid(const void *p, size_t n)
{
    iconv_t cd = iconv_open("UTF-32BE", "UTF-8");
    if (cd == (iconv_t)-1)
        return false;
    char *in = (char *)p, out[4096];
    size_t left = n;
    bool ok = true;
    while (ok && left > 0) {
        char *o = out;
        size_t room = sizeof out;
        ok = iconv(cd, &in, &left, &o, &room) != (size_t)-1 || errno == E2BIG;
    }
    iconv_close(cd);
    return ok;
}

static inline bool json_valid(const void *p, size_t n)
{
    if (!jc_utf8_valid(p, n))
        return false;
    jc_state s = { (const uint8_t *)p, (const uint8_t *)p + n, 0 };
    if (!jc_value(&s))
        return false;
    jc_ws(&s);
    return s.p == s.end;
}

#endif
