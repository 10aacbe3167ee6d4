/* A strict, zero-copy DER TLV reader.
 *
 * The reader walks a buffer element by element.  It never reads outside
 * [start, end), never allocates, and keeps no state but its cursor.
 * Departures from DER that still leave the structure walkable
 * (non-minimal lengths, indefinite lengths, high-tag form for small tags)
 * are recorded as faults (fault.h) and reading goes on; anything that
 * makes the structure unwalkable (a length past the end, a truncated
 * header, nesting deeper than CS_DER_MAX_DEPTH) is an error. */
#ifndef CS_DER_DER_H
#define CS_DER_DER_H

#include "der/fault.h"
#include "util/span.h"

enum {
    CS_DER_CLASS_UNIVERSAL = 0x00,
    CS_DER_CLASS_APPLICATION = 0x40,
    CS_DER_CLASS_CONTEXT = 0x80,
    CS_DER_CLASS_PRIVATE = 0xC0,
};

/* Universal tag numbers used by X.509. */
enum {
    CS_TAG_BOOLEAN = 1,
    CS_TAG_INTEGER = 2,
    CS_TAG_BIT_STRING = 3,
    CS_TAG_OCTET_STRING = 4,
    CS_TAG_NULL = 5,
    CS_TAG_OID = 6,
    CS_TAG_ENUMERATED = 10,
    CS_TAG_UTF8_STRING = 12,
    CS_TAG_SEQUENCE = 16,
    CS_TAG_SET = 17,
    CS_TAG_NUMERIC_STRING = 18,
    CS_TAG_PRINTABLE_STRING = 19,
    CS_TAG_T61_STRING = 20,
    CS_TAG_VIDEOTEX_STRING = 21,
    CS_TAG_IA5_STRING = 22,
    CS_TAG_UTC_TIME = 23,
    CS_TAG_GENERALIZED_TIME = 24,
    CS_TAG_GRAPHIC_STRING = 25,
    CS_TAG_VISIBLE_STRING = 26,
    CS_TAG_GENERAL_STRING = 27,
    CS_TAG_UNIVERSAL_STRING = 28,
    CS_TAG_BMP_STRING = 30,
};

/* Nesting bound: certificates nest about 10 deep; hostile input may try
 * 10,000. */
#define CS_DER_MAX_DEPTH 64

typedef struct cs_der_tlv {
    uint8_t cls;      /* CS_DER_CLASS_* */
    bool constructed;
    uint32_t tag;     /* tag number within its class */
    cs_span value;    /* content octets (for indefinite length: up to, not including, the EOC) */
    cs_span whole;    /* identifier + length + content (+ EOC) */
} cs_der_tlv;

typedef enum cs_der_status {
    CS_DER_OK = 0,
    CS_DER_END = 1,   /* no more elements: cursor reached the end */
    CS_DER_ERROR = -1 /* unwalkable; see cs_der_reader.error */
} cs_der_status;

typedef struct cs_der_reader {
    const uint8_t *base; /* start of the whole certificate: fault offsets are relative to it */
    const uint8_t *p;    /* cursor */
    const uint8_t *end;
    cs_faults *faults;   /* may be NULL: faults are then ignored */
    unsigned depth;      /* nesting depth of this reader */
    const char *error;   /* static reason string when CS_DER_ERROR */
    const uint8_t *error_at;
    /* When cs_der_expect met another tag: the identifier octet it wanted
     * and the one it found (error_at points at it); 0 otherwise. */
    uint8_t expected_id, found_id;
} cs_der_reader;

/* A reader over [p, p+len) whose fault offsets count from base. */
void cs_der_reader_init(cs_der_reader *r, const uint8_t *base, const uint8_t *p,
                        size_t len, cs_faults *faults);

/* A reader over the content of a constructed element read by parent. */
static inline void cs_der_reader_enter(cs_der_reader *child, const cs_der_reader *parent,
                                       const cs_der_tlv *tlv)
{
    child->base = parent->base;
    child->p = tlv->value.p;
    child->end = tlv->value.p + tlv->value.len;
    child->faults = parent->faults;
    child->depth = parent->depth + 1;
    child->error = NULL;
    child->error_at = NULL;
    child->expected_id = child->found_id = 0;
    if (child->depth > CS_DER_MAX_DEPTH) {
        /* Refuse to walk deeper: every read of this child fails. */
        child->error = "nesting too deep";
        child->error_at = tlv->whole.p;
    }
}

/* Writes the class, constructed flag and tag of t as one 8-octet store.
 * Callers test them together, and compilers read them as one 8-octet
 * word: after three separate stores that load waits for the stores to
 * reach the cache (no store forwarding), about 15 cycles an element. */
struct cs_der_tlv_id {
    uint8_t cls;
    bool constructed;
    uint32_t tag;
};
_Static_assert(sizeof(struct cs_der_tlv_id) == 8 && offsetof(cs_der_tlv, cls) == offsetof(struct cs_der_tlv_id, cls) &&
                   offsetof(cs_der_tlv, constructed) == offsetof(struct cs_der_tlv_id, constructed) &&
                   offsetof(cs_der_tlv, tag) == offsetof(struct cs_der_tlv_id, tag) && offsetof(cs_der_tlv, value) >= 8,
               "cs_der_tlv starts like cs_der_tlv_id");

static inline void cs_der_tlv_id_store(cs_der_tlv *t, uint8_t cls, bool constructed, uint32_t tag)
{
    struct cs_der_tlv_id h = { cls, constructed, tag };
    uint64_t w;
    memcpy(&w, &h, sizeof w);
    memcpy(t, &w, sizeof w);
}

/* Reads the next element through the decoder of every form (faults,
 * errors, high tag numbers, indefinite and long lengths). */
cs_der_status cs_der_next_general(cs_der_reader *r, cs_der_tlv *out);

/* Reads the next element.  Inline for the forms nearly every element of
 * a certificate takes: a tag number below 31 in the identifier octet and
 * a minimal definite length of at most two octets that fits in what is
 * left; the rest goes to cs_der_next_general, which gives the same answer
 * for these forms too (tests/test_der_fast.c compares the two). */
static inline cs_der_status cs_der_next(cs_der_reader *r, cs_der_tlv *out)
{
    const uint8_t *p = r->p;
    if (!r->error && p >= r->end)
        return CS_DER_END;
    if (r->error || r->end - p < 2 || (p[0] & 0x1F) == 0x1F)
        return cs_der_next_general(r, out);
    size_t left = (size_t)(r->end - p) - 2, len = p[1];
    const uint8_t *content = p + 2;
    if (len >= 0x80) {
        if (len == 0x81 && left >= 1 && p[2] >= 0x80) {
            len = p[2];
            content = p + 3;
            left -= 1;
        } else if (len == 0x82 && left >= 2 && p[2] != 0) {
            len = (size_t)p[2] << 8 | p[3];
            content = p + 4;
            left -= 2;
        } else {
            return cs_der_next_general(r, out);
        }
    }
    if (len > left)
        return cs_der_next_general(r, out);
    uint8_t id = p[0];
    cs_der_tlv_id_store(out, id & 0xC0, (id & 0x20) != 0, id & 0x1Fu);
    out->value = cs_span_make(content, len);
    out->whole = cs_span_make(p, (size_t)(content + len - p));
    r->p = content + len;
    return CS_DER_OK;
}


/* What cs_der_expect does with an element that is not simply there with
 * the tag it wants (st: what cs_der_next said, save: where it started). */
cs_der_status cs_der_expect_rest(cs_der_reader *r, uint8_t cls, uint32_t tag, cs_der_tlv *out,
                                 const uint8_t *save, cs_der_status st);

/* Reads the next element and requires the given class/tag; a different
 * tag is an error (the cursor does not move).  A universal SEQUENCE or
 * SET must be constructed (an error otherwise) and other universal types
 * primitive (a CONSTRUCTED_STRING fault otherwise).  Inline for an
 * element that is there as wanted. */
static inline cs_der_status cs_der_expect(cs_der_reader *r, uint8_t cls, uint32_t tag, cs_der_tlv *out)
{
    const uint8_t *save = r->p;
    cs_der_status st = cs_der_next(r, out);
    if (st == CS_DER_OK && out->cls == cls && out->tag == tag &&
        (cls != CS_DER_CLASS_UNIVERSAL || out->constructed == (tag == CS_TAG_SEQUENCE || tag == CS_TAG_SET)))
        return CS_DER_OK;
    return cs_der_expect_rest(r, cls, tag, out, save, st);
}

/* The name of the element an identifier octet starts ("SEQUENCE",
 * "INTEGER", "[0]", "[APPLICATION 3]", ...). */
const char *cs_der_id_name(uint8_t id, char *buf, size_t size);

/* cs_der_peek through the general header decoder. */
bool cs_der_peek_general(const cs_der_reader *r, uint8_t cls, uint32_t tag);

/* Peeks: true when the next element has this class and tag (and a
 * header that can be read).  Inline for a tag number below 31: another
 * one is a "no" whatever follows, the same one with a short length that
 * fits a "yes"; the rest goes to cs_der_peek_general. */
static inline bool cs_der_peek(const cs_der_reader *r, uint8_t cls, uint32_t tag)
{
    if (r->error || r->p >= r->end)
        return false;
    uint8_t id = r->p[0];
    if ((id & 0x1F) == 0x1F)
        return cs_der_peek_general(r, cls, tag);
    if ((id & 0xC0) != cls || (id & 0x1Fu) != tag)
        return false;
    size_t left = (size_t)(r->end - r->p);
    if (left >= 2 && r->p[1] < 0x80)
        return r->p[1] <= left - 2;
    return cs_der_peek_general(r, cls, tag);
}

static inline bool cs_der_at_end(const cs_der_reader *r) { return r->p >= r->end; }

static inline uint32_t cs_der_offset(const cs_der_reader *r, const uint8_t *at)
{
    return (uint32_t)(at - r->base);
}

/* Content decoders.  Each records its own faults through r (offset at v)
 * and returns false when the content cannot be decoded at all. */
bool cs_der_boolean(cs_der_reader *r, const cs_der_tlv *t, bool *out);
/* Small non-negative INTEGER (fits in int64); false when negative or too big. */
bool cs_der_small_int(cs_der_reader *r, const cs_der_tlv *t, int64_t *out);
/* BIT STRING: unused-bit count and the bit octets after it. */
bool cs_der_bit_string(cs_der_reader *r, const cs_der_tlv *t, uint8_t *unused, cs_span *bits);
/* OBJECT IDENTIFIER content checked for minimal sub-identifiers. */
bool cs_der_oid_check(cs_der_reader *r, const cs_der_tlv *t);

/* INTEGER content check: records EMPTY_INTEGER / NONMINIMAL_INTEGER;
 * false when there is no content (or the encoding is constructed). */
bool cs_der_int_check(cs_der_reader *r, const cs_der_tlv *t);

/* Checks the content of a string of universal type `tag` against its
 * character set (UTF8String, PrintableString, IA5String, BMPString,
 * UniversalString) and records BAD_* faults at `at`.  Other tags pass. */
void cs_der_string_check(cs_der_reader *r, uint32_t tag, cs_span value, const uint8_t *at);

/* The PrintableString character set (X.680 41.4: A-Z a-z 0-9 space
 * ' ( ) + , - . / : = ?), one bit an octet below 128; inline because the
 * parser and the string rules test every character with it. */
extern const uint64_t cs_der_printable_set[2];
static inline bool cs_der_printable_char(uint8_t c)
{
    return c < 128 && (cs_der_printable_set[c >> 6] >> (c & 63) & 1);
}

/* Number of characters of a string of universal type `tag`, as the
 * ub-* upper bounds count them: UTF-8 code points (lead octets),
 * BMPString and UniversalString units, octets for the other types. */
size_t cs_der_string_chars(uint32_t tag, cs_span value);

/* Decodes the character at p (n >= 1 bytes left) of a BMPString (UCS-2,
 * a UTF-16 surrogate pair read as one character) or a UniversalString
 * (UCS-4).  Returns the bytes it takes, with *cp the code point, or
 * CS_UTF8_INVALID (util/utf8.h) for a lone surrogate, a code point above
 * U+10FFFF or a last unit cut short (which takes the n bytes left). */
size_t cs_der_wide_char(uint32_t tag, const uint8_t *p, size_t n, uint32_t *cp);

/* Decodes a UTCTime or GeneralizedTime element (by t->tag) to seconds
 * since the epoch.  The RFC 5280 forms are YYMMDDHHMMSSZ (years 1950-2049)
 * and YYYYMMDDHHMMSSZ; other readable forms (no seconds, fractions, UTC
 * offsets) decode with a BAD_TIME fault, GeneralizedTime before 2050 gets
 * TIME_WRONG_TYPE.  False when the text cannot be read as a time. */
bool cs_der_time(cs_der_reader *r, const cs_der_tlv *t, int64_t *out);
/* The same through the reader of every form (cs_der_time reads the two
 * RFC 5280 forms in one pass and gives it the rest); for tests. */
bool cs_der_time_general(cs_der_reader *r, const cs_der_tlv *t, int64_t *out);

/* Seconds since the epoch of a proleptic Gregorian UTC date and time. */
int64_t cs_time_from_civil(int64_t year, unsigned month, unsigned day,
                           unsigned hour, unsigned minute, unsigned second);

/* Writes the dotted form of OID content into buf ("1.2.840.113549");
 * returns buf.  Invalid content gives "?". */
char *cs_oid_to_text(cs_span oid, char *buf, size_t size);

#endif
