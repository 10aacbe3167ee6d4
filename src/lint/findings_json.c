/* One certificate's findings as one JSON line (see findings_json.h and
 * docs/findings.md for the schema). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lint/findings_json.h"

/* ---- buffer ------------------------------------------------------------ */

void cs_json_buf_reset(cs_json_buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

void cs_json_buf_free(cs_json_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static bool reserve(cs_json_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1; /* + NUL */
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void cs_json_buf_put(cs_json_buf *b, const void *p, size_t n)
{
    if (!reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void put_str(cs_json_buf *b, const char *s) { cs_json_buf_put(b, s, strlen(s)); }

static void put_fmt(cs_json_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_fmt(cs_json_buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        b->failed = true; /* never happens: only numbers are formatted here */
        return;
    }
    cs_json_buf_put(b, tmp, (size_t)n);
}

static void put_hex(cs_json_buf *b, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    if (!reserve(b, 2 + 2 * n))
        return;
    char *o = b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        *o++ = digits[p[i] >> 4];
        *o++ = digits[p[i] & 15];
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

/* Length of the well-formed UTF-8 sequence at p (1..4), or 0 when it is
 * not one; *consumed gets the length of the maximal invalid subpart then
 * (Unicode 15, 3.9 "U+FFFD substitution of maximal subparts"). */
static size_t utf8_seq(const uint8_t *p, size_t n, size_t *consumed)
{
    uint8_t c = p[0];
    size_t want;
    uint8_t lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        want = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        want = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        want = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        *consumed = 1;
        return 0;
    }
    size_t i = 1;
    for (; i < want && i < n; i++) {
        uint8_t x = p[i];
        uint8_t l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (x < l || x > h)
            break;
    }
    if (i == want)
        return want;
    *consumed = i;
    return 0;
}

void cs_json_buf_put_string(cs_json_buf *b, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    /* Worst case: every byte becomes a 6-character escape. */
    if (n > SIZE_MAX / 8 || !reserve(b, 6 * n + 2))
        return;
    char *o = b->data + b->len;
    *o++ = '"';
    for (size_t i = 0; i < n;) {
        uint8_t c = p[i];
        size_t bad = 0, len = utf8_seq(p + i, n - i, &bad);
        if (len == 0) {
            memcpy(o, "\\ufffd", 6);
            o += 6;
            i += bad;
            continue;
        }
        if (len == 1) {
            switch (c) {
            case '"': *o++ = '\\'; *o++ = '"'; break;
            case '\\': *o++ = '\\'; *o++ = '\\'; break;
            case '\n': *o++ = '\\'; *o++ = 'n'; break;
            case '\r': *o++ = '\\'; *o++ = 'r'; break;
            case '\t': *o++ = '\\'; *o++ = 't'; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    memcpy(o, "\\u00", 4);
                    o[4] = digits[c >> 4];
                    o[5] = digits[c & 15];
                    o += 6;
                } else {
                    *o++ = (char)c;
                }
            }
            i++;
            continue;
        }
        /* C1 controls (U+0080..U+009F, e.g. CSI) are valid JSON but act on
         * terminals; U+2028/U+2029 are valid JSON but end lines in JavaScript. */
        if (len == 2 && c == 0xC2 && p[i + 1] <= 0x9F) {
            memcpy(o, "\\u00", 4);
            o[4] = digits[p[i + 1] >> 4];
            o[5] = digits[p[i + 1] & 15];
            o += 6;
        } else if (len == 3 && c == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
            memcpy(o, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            o += 6;
        } else {
            memcpy(o, p + i, len);
            o += len;
        }
        i += len;
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

static void put_cstring(cs_json_buf *b, const char *s)
{
    if (!s)
        put_str(b, "null");
    else
        cs_json_buf_put_string(b, (const uint8_t *)s, strlen(s));
}

/* ---- certificate fields ------------------------------------------------ */

static void put_name(cs_json_buf *b, const cs_name *n)
{
    char small[512];
    size_t need = cs_name_to_text(n, small, sizeof small);
    if (need < sizeof small) {
        cs_json_buf_put_string(b, (const uint8_t *)small, need);
        return;
    }
    char *big = malloc(need + 1);
    if (!big) {
        b->failed = true;
        return;
    }
    size_t got = cs_name_to_text(n, big, need + 1);
    cs_json_buf_put_string(b, (const uint8_t *)big, got < need + 1 ? got : need);
    free(big);
}

static void put_time(cs_json_buf *b, const cs_time *t)
{
    struct tm tm;
    time_t tt = (time_t)t->t;
    if (!t->valid || (int64_t)tt != t->t || !gmtime_r(&tt, &tm)) {
        put_str(b, "null");
        return;
    }
    put_fmt(b, "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
            tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void put_int_or_null(cs_json_buf *b, int64_t v)
{
    if (v < 0)
        put_str(b, "null");
    else
        put_fmt(b, "%" PRId64, v);
}

static const char *smime_type_name(unsigned t)
{
    switch (t) {
    case CS_SMIME_MAILBOX: return "mailbox";
    case CS_SMIME_ORGANIZATION: return "organization";
    case CS_SMIME_SPONSORED: return "sponsored";
    case CS_SMIME_INDIVIDUAL: return "individual";
    default: return NULL;
    }
}

static const char *smime_generation_name(unsigned g)
{
    switch (g) {
    case CS_SMIME_LEGACY: return "legacy";
    case CS_SMIME_MULTIPURPOSE: return "multipurpose";
    case CS_SMIME_STRICT: return "strict";
    default: return NULL;
    }
}

static const char *tls_level_name(unsigned l)
{
    switch (l) {
    case CS_TLS_DV: return "dv";
    case CS_TLS_OV: return "ov";
    case CS_TLS_IV: return "iv";
    case CS_TLS_EV: return "ev";
    default: return NULL;
    }
}

static void put_bool(cs_json_buf *b, bool v) { put_str(b, v ? "true" : "false"); }

static void put_profile(cs_json_buf *b, const cs_cert *c)
{
    put_str(b, "{\"ca\":");
    put_bool(b, c->is_ca);
    put_str(b, ",\"smime\":");
    if (c->smime.subscriber || c->smime.issuing_ca || c->smime.reserved_oid || c->smime.undefined_oid) {
        put_str(b, "{\"subscriber\":");
        put_bool(b, c->smime.subscriber);
        put_str(b, ",\"issuing_ca\":");
        put_bool(b, c->smime.issuing_ca);
        put_str(b, ",\"type\":");
        put_cstring(b, smime_type_name(c->smime.type));
        put_str(b, ",\"generation\":");
        put_cstring(b, smime_generation_name(c->smime.generation));
        put_str(b, ",\"guessed\":");
        put_bool(b, c->smime.profile_guessed);
        put_str(b, "}");
    } else {
        put_str(b, "null");
    }
    put_str(b, ",\"tls\":");
    if (c->tls.subscriber || c->tls.level != CS_TLS_LEVEL_NONE) {
        put_str(b, "{\"subscriber\":");
        put_bool(b, c->tls.subscriber);
        put_str(b, ",\"level\":");
        put_cstring(b, tls_level_name(c->tls.level));
        put_str(b, "}");
    } else {
        put_str(b, "null");
    }
    put_str(b, "}");
}

bool cs_findings_json(cs_json_buf *b, const cs_cert *c, const cs_lint_result *r,
                      const cs_ruleset *rs, const cs_findings_origin *o)
{
    static const cs_findings_origin none = { NULL, NULL, -1, -1, -1, false };
    if (!o)
        o = &none;

    put_str(b, "{\"sha256\":");
    put_hex(b, c->sha256, sizeof c->sha256);

    put_str(b, ",\"origin\":{\"input\":");
    put_cstring(b, o->input ? o->input : "-");
    put_str(b, ",\"member\":");
    put_cstring(b, o->member && *o->member ? o->member : NULL);
    put_str(b, ",\"offset\":");
    put_int_or_null(b, o->offset);
    put_str(b, ",\"line\":");
    put_int_or_null(b, o->line > 0 ? o->line : -1);
    put_str(b, ",\"ct_index\":");
    put_int_or_null(b, o->ct_index);
    put_str(b, "}");

    put_str(b, ",\"issuer\":");
    put_name(b, &c->issuer);
    put_str(b, ",\"subject\":");
    put_name(b, &c->subject);
    put_str(b, ",\"serial\":");
    put_hex(b, c->serial.p, c->serial.len);
    put_str(b, ",\"not_before\":");
    put_time(b, &c->not_before);
    put_str(b, ",\"precertificate\":");
    put_bool(b, c->is_precert || o->precert_entry);
    put_str(b, ",\"tbs\":");
    put_bool(b, c->tbs_only);
    put_str(b, ",\"profile\":");
    put_profile(b, c);

    put_str(b, ",\"worst\":");
    put_cstring(b, r->n_findings ? cs_severity_name((cs_severity)r->worst) : NULL);
    put_str(b, ",\"findings\":[");
    for (size_t i = 0; i < r->n_findings; i++) {
        const cs_finding *f = &r->findings[i];
        const cs_rule *rule = cs_ruleset_rule(rs, f->rule);
        put_str(b, i ? ",{\"rule\":" : "{\"rule\":");
        put_cstring(b, rule ? rule->id : "?");
        put_str(b, ",\"severity\":");
        put_cstring(b, cs_severity_name((cs_severity)f->severity));
        put_str(b, ",\"citation\":");
        put_cstring(b, rule ? rule->citation : NULL);
        put_str(b, ",\"detail\":");
        /* The detail is a bounded C string written by the rule. */
        cs_json_buf_put_string(b, (const uint8_t *)f->detail.text,
                               strnlen(f->detail.text, sizeof f->detail.text));
        put_str(b, "}");
    }
    put_str(b, "]}\n");
    return !b->failed;
}

bool cs_findings_json_write(FILE *out, const cs_cert *c, const cs_lint_result *r,
                            const cs_ruleset *rs, const cs_findings_origin *o)
{
    cs_json_buf b = { 0 };
    bool ok = cs_findings_json(&b, c, r, rs, o) && fwrite(b.data, 1, b.len, out) == b.len;
    cs_json_buf_free(&b);
    return ok;
}
