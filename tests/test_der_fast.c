/* The DER reader's short way for common headers (cs_der_next) against the
 * general decoder it bypasses (cs_der_next_general): on generated trees
 * of every header form, on mutated copies of them (lying lengths, flipped
 * octets, cuts) and on random bytes, both must give the same elements,
 * errors, error positions and faults, element by element and at every
 * depth.  cs_der_expect (inline when the element is as wanted) is checked
 * at every position against the way it was, cs_der_peek's early "no"
 * against the general decoder, and the string checks' word-at-a-time ASCII runs and
 * PrintableString bitmap against the octet-by-octet checks they replace. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der/der.h"
#include "testbuf.h"
#include "util/utf8.h"

/* The same inputs on every run. */
static uint64_t rng_state;

static uint32_t rnd(uint32_t n) { return cs_test_rnd(&rng_state, n); }

typedef cs_test_buf buf;

static void put(buf *b, const void *p, size_t n) { cs_test_buf_put(b, p, n); }

static void put1(buf *b, uint8_t c) { put(b, &c, 1); }

/* One element with a random header form around content of len octets. */
static void header(buf *b, bool constructed, size_t len, bool *indefinite)
{
    static const uint8_t classes[] = { 0x00, 0x40, 0x80, 0xC0 };
    uint8_t id = (uint8_t)(classes[rnd(4)] | (constructed ? 0x20 : 0));
    *indefinite = false;
    if (rnd(8) == 0) { /* high-tag form: needless, padded, big or too big */
        put1(b, id | 0x1F);
        unsigned n = 1 + rnd(5);
        for (unsigned i = 0; i < n; i++)
            put1(b, (uint8_t)((i + 1 < n ? 0x80 : 0) | rnd(128)));
    } else {
        put1(b, (uint8_t)(id | rnd(31)));
    }
    switch (rnd(10)) {
    case 0: /* 0x81 form, minimal or not */
        put1(b, 0x81);
        put1(b, (uint8_t)len);
        break;
    case 1: /* 0x82 form, minimal or not */
        put1(b, 0x82);
        put1(b, (uint8_t)(len >> 8));
        put1(b, (uint8_t)len);
        break;
    case 2: /* 3 to 9 length octets, leading zeros */
    {
        unsigned n = 3 + rnd(7);
        put1(b, (uint8_t)(0x80 | n));
        for (unsigned i = n; i-- > 0;)
            put1(b, i < sizeof len ? (uint8_t)(len >> (8 * i)) : 0);
        break;
    }
    case 3: /* indefinite: content and EOC follow */
        if (constructed) {
            put1(b, 0x80);
            *indefinite = true;
            break;
        }
        /* fall through */
    default:
        if (len < 0x80) {
            put1(b, (uint8_t)len);
        } else if (len < 0x100) {
            put1(b, 0x81);
            put1(b, (uint8_t)len);
        } else {
            put1(b, 0x82);
            put1(b, (uint8_t)(len >> 8));
            put1(b, (uint8_t)len);
        }
    }
}

/* A random element of up to `depth` levels, appended to b. */
static void element(buf *b, unsigned depth)
{
    buf content = { 0 };
    bool constructed = depth > 0 && rnd(2);
    if (constructed) {
        unsigned n = rnd(5);
        for (unsigned i = 0; i < n; i++)
            element(&content, depth - 1);
    } else {
        size_t n = rnd(4) == 0 ? rnd(600) : rnd(20);
        for (size_t i = 0; i < n; i++)
            put1(&content, (uint8_t)rnd(256));
    }
    bool indefinite;
    header(b, constructed, content.len, &indefinite);
    put(b, content.p, content.len);
    if (indefinite && rnd(10))
        put(b, "\0\0", 2);
    free(content.p);
}

/* Lying lengths, flipped octets, cuts. */
static void mutate(buf *b)
{
    unsigned n = rnd(4);
    for (unsigned i = 0; i < n && b->len; i++) {
        size_t at = rnd((uint32_t)b->len);
        switch (rnd(4)) {
        case 0: b->p[at] = (uint8_t)rnd(256); break;
        case 1: b->p[at] ^= (uint8_t)(1u << rnd(8)); break;
        case 2: b->p[at] = (uint8_t)(b->p[at] + 1 - 2 * rnd(2)); break;
        default: b->len = at; break;
        }
    }
}

/* One step of a walk: what a read gave and the reader after it. */
typedef struct step {
    int status;
    uint8_t cls;
    bool constructed;
    uint32_t tag;
    size_t value_off, value_len, whole_off, whole_len;
    size_t p_off;
    const char *error;
    size_t error_at;
    unsigned depth;
} step;

typedef struct trace {
    step s[4096];
    size_t n;
    cs_faults faults;
} trace;

/* cs_der_expect as it was, over the general decoder. */
static cs_der_status reference_expect(cs_der_reader *r, uint8_t cls, uint32_t tag, cs_der_tlv *out)
{
    const uint8_t *save = r->p;
    cs_der_status st = cs_der_next_general(r, out);
    if (st == CS_DER_END) {
        r->error = "element missing";
        r->error_at = r->p;
        r->expected_id = r->found_id = 0;
        return CS_DER_ERROR;
    }
    if (st != CS_DER_OK)
        return st;
    bool seq = tag == CS_TAG_SEQUENCE || tag == CS_TAG_SET;
    if (out->cls != cls || out->tag != tag) {
        r->p = save;
        r->error = "unexpected tag";
        r->error_at = save;
        r->found_id = *save;
        r->expected_id = (uint8_t)(cls | (tag < 31 ? tag : 31) | (cls == CS_DER_CLASS_UNIVERSAL && seq ? 0x20 : 0));
        return CS_DER_ERROR;
    }
    if (cls == CS_DER_CLASS_UNIVERSAL) {
        if (seq && !out->constructed) {
            r->p = save;
            r->error = "primitive encoding of a SEQUENCE or SET";
            r->error_at = save;
            r->expected_id = r->found_id = 0;
            return CS_DER_ERROR;
        }
        if (!seq && out->constructed)
            cs_faults_add(r->faults, CS_FAULT_CONSTRUCTED_STRING, cs_der_offset(r, save));
    }
    return CS_DER_OK;
}

/* cs_der_expect at r's position, for the tag that is there and others,
 * gives what the reference gives: status, element, reader, faults. */
static void same_expect(const cs_der_reader *r)
{
    static const uint8_t classes[] = { 0x00, 0x40, 0x80, 0xC0 };
    for (unsigned k = 0; k < 3; k++) {
        uint8_t cls;
        uint32_t tag;
        if (k == 0 && r->p < r->end) {
            cls = r->p[0] & 0xC0;
            tag = r->p[0] & 0x1Fu;
        } else {
            cls = classes[rnd(4)];
            tag = rnd(k == 1 ? 20 : 40);
        }
        cs_faults fa, fb;
        memset(&fa, 0, sizeof fa);
        memset(&fb, 0, sizeof fb);
        cs_der_reader a = *r, b = *r;
        a.faults = &fa;
        b.faults = &fb;
        cs_der_tlv xa, xb;
        memset(&xa, 0, sizeof xa);
        memset(&xb, 0, sizeof xb);
        cs_der_status sa = cs_der_expect(&a, cls, tag, &xa), sb = reference_expect(&b, cls, tag, &xb);
        cr_assert_eq(sa, sb, "cls %u tag %u", cls, tag);
        cr_assert_eq(a.p, b.p);
        /* The same text: literals of two files need not share an address. */
        cr_assert((a.error == NULL) == (b.error == NULL) && (!a.error || strcmp(a.error, b.error) == 0));
        cr_assert_eq(a.error_at, b.error_at);
        cr_assert_eq(a.expected_id, b.expected_id);
        cr_assert_eq(a.found_id, b.found_id);
        cr_assert_eq(fa.n, fb.n);
        cr_assert_eq(memcmp(fa.items, fb.items, fa.n * sizeof fa.items[0]), 0);
        if (sa == CS_DER_OK) {
            cr_assert_eq(xa.cls, xb.cls);
            cr_assert_eq(xa.constructed, xb.constructed);
            cr_assert_eq(xa.tag, xb.tag);
            cr_assert(cs_span_eq(xa.whole, xb.whole) && xa.whole.p == xb.whole.p);
            cr_assert(xa.value.p == xb.value.p && xa.value.len == xb.value.len);
        }
    }
}

typedef cs_der_status (*next_fn)(cs_der_reader *, cs_der_tlv *);

static void walk(next_fn next, cs_der_reader *r, trace *t)
{
    for (;;) {
        if (next == cs_der_next_general)
            same_expect(r);
        cs_der_tlv x;
        memset(&x, 0, sizeof x);
        cs_der_status st = next(r, &x);
        if (t->n < sizeof t->s / sizeof t->s[0]) {
            step *s = &t->s[t->n++];
            memset(s, 0, sizeof *s);
            s->status = st;
            s->depth = r->depth;
            s->p_off = (size_t)(r->p - r->base);
            s->error = r->error;
            s->error_at = r->error_at ? (size_t)(r->error_at - r->base) : (size_t)-1;
            if (st == CS_DER_OK) {
                s->cls = x.cls;
                s->constructed = x.constructed;
                s->tag = x.tag;
                s->value_off = (size_t)(x.value.p - r->base);
                s->value_len = x.value.len;
                s->whole_off = (size_t)(x.whole.p - r->base);
                s->whole_len = x.whole.len;
            }
        }
        if (st != CS_DER_OK)
            return;
        if (x.constructed) {
            cs_der_reader in;
            cs_der_reader_enter(&in, r, &x);
            walk(next, &in, t);
        }
    }
}

static trace ta, tb;

static void same_walk(const uint8_t *p, size_t len)
{
    cs_der_reader ra, rb;
    ta.n = tb.n = 0;
    memset(&ta.faults, 0, sizeof ta.faults);
    memset(&tb.faults, 0, sizeof tb.faults);
    cs_der_reader_init(&ra, p, p, len, &ta.faults);
    cs_der_reader_init(&rb, p, p, len, &tb.faults);
    walk(cs_der_next, &ra, &ta);
    walk(cs_der_next_general, &rb, &tb);
    cr_assert_eq(ta.n, tb.n);
    /* Steps are zeroed before they are filled: padding compares equal. */
    for (size_t i = 0; i < ta.n; i++)
        cr_assert_eq(memcmp(&ta.s[i], &tb.s[i], sizeof ta.s[i]), 0, "step %zu differs", i);
    cr_assert_eq(ta.faults.n, tb.faults.n);
    cr_assert_eq(ta.faults.overflow, tb.faults.overflow);
    for (unsigned i = 0; i < ta.faults.n; i++) {
        cr_assert_eq(ta.faults.items[i].kind, tb.faults.items[i].kind);
        cr_assert_eq(ta.faults.items[i].offset, tb.faults.items[i].offset);
    }
}

/* peek says yes exactly when the general decoder reads a header of that
 * class and tag.  A header can read when the element does not (the
 * end-of-contents of an indefinite length is missing): the error is then
 * past the header, and the class and tag are the identifier octet's. */
static void same_peek(const uint8_t *p, size_t len)
{
    static const uint8_t classes[] = { 0x00, 0x40, 0x80, 0xC0 };
    cs_der_reader r;
    cs_der_reader_init(&r, p, p, len, NULL);
    cs_der_reader g = r;
    cs_der_tlv x;
    cs_der_status st = cs_der_next_general(&g, &x);
    bool header_only = st == CS_DER_ERROR && g.error_at != p;
    if (header_only && (p[0] & 0x1F) == 0x1F)
        return; /* a high tag number: not worked out here */
    for (unsigned k = 0; k < 8; k++) {
        uint8_t cls = classes[rnd(4)];
        uint32_t tag = len && rnd(2) ? (p[0] & 0x1Fu) : rnd(40);
        bool want = st == CS_DER_OK     ? x.cls == cls && x.tag == tag
                    : header_only       ? (p[0] & 0xC0) == cls && (p[0] & 0x1Fu) == tag
                                        : false;
        cr_assert_eq(cs_der_peek(&r, cls, tag), want, "cls %u tag %u", cls, tag);
        cr_assert_eq(cs_der_peek_general(&r, cls, tag), want, "cls %u tag %u", cls, tag);
    }
}

Test(der_fast, generated_trees_read_the_same_both_ways)
{
    rng_state = 0x9E3779B97F4A7C15ull;
    buf b = { 0 };
    for (unsigned i = 0; i < 20000; i++) {
        b.len = 0;
        unsigned n = 1 + rnd(3);
        for (unsigned k = 0; k < n; k++)
            element(&b, rnd(6));
        same_walk(b.p, b.len);
        same_peek(b.p, b.len);
        mutate(&b);
        same_walk(b.p, b.len);
        same_peek(b.p, b.len);
    }
    free(b.p);
}

Test(der_fast, random_bytes_read_the_same_both_ways)
{
    rng_state = 12345;
    uint8_t b[64];
    for (unsigned i = 0; i < 50000; i++) {
        size_t n = rnd(sizeof b + 1);
        for (size_t k = 0; k < n; k++)
            b[k] = (uint8_t)rnd(256);
        same_walk(b, n);
        same_peek(b, n);
    }
}

Test(der_fast, every_two_octet_header_reads_the_same_both_ways)
{
    /* Every identifier and first length octet, then 0 to 3 more octets of
     * a few kinds: the boundaries of the short way (0x7F/0x80, 0x81 0x7F,
     * 0x82 0x00, lengths one past the end). */
    static const uint8_t tails[][3] = { { 0, 0, 0 }, { 0x7F, 0, 0 }, { 0x80, 0, 0 }, { 0xFF, 0xFF, 0xFF },
                                        { 0x01, 0x00, 0x00 }, { 0x00, 0x02, 0x05 } };
    uint8_t b[8];
    for (unsigned id = 0; id < 256; id++)
        for (unsigned l = 0; l < 256; l++)
            for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
                for (size_t extra = 0; extra <= 3; extra++) {
                    b[0] = (uint8_t)id;
                    b[1] = (uint8_t)l;
                    memcpy(b + 2, tails[t], 3);
                    b[5] = b[6] = b[7] = 0;
                    same_walk(b, 2 + extra);
                    same_walk(b, sizeof b);
                }
}

/* The checks as they were: one octet, or one UTF-8 character, at a time. */
static bool reference_printable(uint8_t c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case ' ': case '\'': case '(': case ')': case '+': case ',': case '-':
    case '.': case '/': case ':': case '=': case '?':
        return true;
    default:
        return false;
    }
}

static bool reference_valid(uint32_t tag, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (tag == CS_TAG_PRINTABLE_STRING && !reference_printable(p[i]))
            return false;
        if (tag == CS_TAG_IA5_STRING && p[i] > 0x7F)
            return false;
    }
    return tag != CS_TAG_UTF8_STRING || cs_utf8_valid(p, n);
}

Test(der_fast, printable_bitmap_is_the_character_list)
{
    for (unsigned c = 0; c < 256; c++)
        cr_assert_eq(cs_der_printable_char((uint8_t)c), reference_printable((uint8_t)c), "octet 0x%02x", c);
}

Test(der_fast, string_checks_match_the_octet_by_octet_checks)
{
    static const uint32_t tags[] = { CS_TAG_UTF8_STRING, CS_TAG_PRINTABLE_STRING, CS_TAG_IA5_STRING };
    static const char *const pieces[] = { "a", "Z", "0", " ", "@", "*", "\x7f", "\x80", "\xc3\xa9",
                                          "\xc3", "\xe2\x82\xac", "\xe2\x82", "\xf0\x9f\x98\x80",
                                          "\xed\xa0\x80", "\xc0\xaf", "\xff", "\0" };
    rng_state = 777;
    uint8_t b[80];
    for (unsigned i = 0; i < 200000; i++) {
        size_t n = 0;
        size_t want = rnd(sizeof b - 4);
        /* Mostly long ASCII runs, the word-at-a-time path, with a few
         * other pieces at random places, or random octets. */
        bool noise = rnd(8) == 0;
        while (n < want) {
            if (noise)
                b[n++] = (uint8_t)rnd(256);
            else if (rnd(10))
                b[n++] = (uint8_t)(' ' + rnd(95));
            else {
                const char *piece = pieces[rnd(sizeof pieces / sizeof pieces[0])];
                size_t k = piece[0] ? strlen(piece) : 1;
                memcpy(b + n, piece, k);
                n += k;
            }
        }
        uint32_t tag = tags[rnd(3)];
        for (size_t off = 0; off < 3 && off <= n; off++) { /* unaligned starts too */
            cs_faults f;
            memset(&f, 0, sizeof f);
            cs_der_reader r;
            cs_der_reader_init(&r, b, b, n, &f);
            cs_der_string_check(&r, tag, cs_span_make(b + off, n - off), b);
            cr_assert_eq(f.n == 0, reference_valid(tag, b + off, n - off), "tag %u, %zu octets", tag, n - off);
        }
    }
}

/* cs_der_time's one-pass read of the RFC 5280 forms against the general
 * reader: random dates in both forms (days past the month's end and
 * leap days among them), then copies with one character changed (a
 * non-digit, a digit, another zone letter) or a length off by one; the
 * answer, the time and the faults must be the same. */
Test(der_fast, rfc5280_times_read_the_same_both_ways)
{
    static const char alphabet[] = "0123456789Z+-.,: \x80\xff/";
    rng_state = 4242;
    uint8_t b[24];
    unsigned taken = 0;
    for (unsigned i = 0; i < 300000; i++) {
        bool utc = rnd(2);
        unsigned year = utc ? rnd(100) : 1900 + rnd(300);
        int n = utc ? snprintf((char *)b, sizeof b, "%02u%02u%02u%02u%02u%02uZ", year, 1 + rnd(13), rnd(32),
                               rnd(25), rnd(61), rnd(61))
                    : snprintf((char *)b, sizeof b, "%04u%02u%02u%02u%02u%02uZ", year, rnd(14), 1 + rnd(31),
                               rnd(24), rnd(60), rnd(60));
        size_t len = (size_t)n;
        if (rnd(2))
            b[rnd((uint32_t)len)] = (uint8_t)alphabet[rnd(sizeof alphabet - 1)];
        if (rnd(16) == 0)
            len = len - 1 + rnd(3); /* one short, as is, or one long (a '\0') */
        uint8_t der[32] = { utc ? CS_TAG_UTC_TIME : CS_TAG_GENERALIZED_TIME, (uint8_t)len };
        memcpy(der + 2, b, len);
        cs_der_tlv t;
        cs_faults fa = { 0 }, fb = { 0 };
        cs_der_reader ra, rb;
        cs_der_reader_init(&ra, der, der, len + 2, &fa);
        cs_der_reader_init(&rb, der, der, len + 2, &fb);
        cr_assert_eq(cs_der_next(&ra, &t), CS_DER_OK);
        int64_t when_a = -1, when_g = -1;
        bool a = cs_der_time(&ra, &t, &when_a), g = cs_der_time_general(&rb, &t, &when_g);
        cr_assert_eq(a, g, "%.*s", (int)len, b);
        cr_assert_eq(when_a, when_g, "%.*s", (int)len, b);
        cr_assert_eq(fa.n, fb.n, "%.*s", (int)len, b);
        for (unsigned k = 0; k < fa.n; k++)
            cr_assert(fa.items[k].kind == fb.items[k].kind && fa.items[k].offset == fb.items[k].offset);
        taken += a;
    }
    cr_assert_gt(taken, 50000, "valid times were tried");
}
