/* The DER reader, content decoders, time and string checks, OID table:
 * hand-made byte strings for every walkable fault and every error. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "der/der.h"
#include "util/utf8.h"
#include "x509/oid.h"

static cs_faults F;
static cs_der_reader R;

static void rd(const void *p, size_t len)
{
    memset(&F, 0, sizeof F);
    cs_der_reader_init(&R, p, p, len, &F);
}

#define RD(...) do { static const uint8_t b_[] = { __VA_ARGS__ }; rd(b_, sizeof b_); } while (0)

static bool has(cs_fault_kind k, uint32_t off)
{
    for (unsigned i = 0; i < F.n; i++)
        if (F.items[i].kind == k && F.items[i].offset == off)
            return true;
    return false;
}

Test(der, short_and_long_lengths)
{
    cs_der_tlv t;
    RD(0x04, 0x02, 0xAA, 0xBB, 0x30, 0x81, 0x80);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    cr_assert_eq(t.tag, CS_TAG_OCTET_STRING);
    cr_assert_eq(t.value.len, 2);
    cr_assert_eq(t.whole.len, 4);
    cr_assert_not(t.constructed);
    /* 0x81 0x80 announces 128 octets that are not there: unwalkable. */
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
    cr_assert_not_null(R.error);
    cr_assert_eq(R.error_at - R.base, 4);
    cr_assert_eq(F.n, 0);
}

Test(der, end_and_empty)
{
    cs_der_tlv t;
    RD(0x05, 0x00);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    cr_assert_eq(t.value.len, 0);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_END);
    rd("", 0);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_END);
}

Test(der, nonminimal_length_is_a_fault)
{
    cs_der_tlv t;
    RD(0x04, 0x81, 0x01, 0xAA, 0x04, 0x82, 0x00, 0x01, 0xBB);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    cr_assert_eq(t.value.len, 1);
    cr_assert(has(CS_FAULT_NONMINIMAL_LENGTH, 0));
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    cr_assert_eq(t.value.p[0], 0xBB);
    cr_assert(has(CS_FAULT_NONMINIMAL_LENGTH, 4));
}

Test(der, huge_claimed_lengths_fail_without_allocation)
{
    cs_der_tlv t;
    RD(0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x00);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
    RD(0x30, 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
    RD(0x30, 0xFF);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
    RD(0x30);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
    RD(0x30, 0x82, 0x01);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
}

Test(der, indefinite_length_is_walked_and_recorded)
{
    cs_der_tlv t, u;
    /* SEQUENCE (indefinite) { INTEGER 5, SEQUENCE (indefinite) { NULL } } then NULL */
    RD(0x30, 0x80, 0x02, 0x01, 0x05, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    cr_assert(has(CS_FAULT_INDEFINITE_LENGTH, 0));
    cr_assert_eq(t.value.len, 9);
    cr_assert_eq(t.whole.len, 13);
    cs_der_reader in;
    cs_der_reader_enter(&in, &R, &t);
    cr_assert_eq(cs_der_expect(&in, 0, CS_TAG_INTEGER, &u), CS_DER_OK);
    cr_assert_eq(cs_der_expect(&in, 0, CS_TAG_SEQUENCE, &u), CS_DER_OK);
    cr_assert(has(CS_FAULT_INDEFINITE_LENGTH, 5));
    cr_assert_eq(cs_der_next(&in, &u), CS_DER_END);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    cr_assert_eq(t.tag, CS_TAG_NULL);
}

Test(der, indefinite_errors)
{
    cs_der_tlv t;
    RD(0x04, 0x80, 0x00, 0x00); /* primitive with indefinite length */
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
    RD(0x30, 0x80, 0x05, 0x00); /* no end-of-contents */
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
}

Test(der, indefinite_nesting_is_bounded)
{
    /* 10,000 nested indefinite SEQUENCEs: must fail, not recurse 10,000 deep. */
    size_t n = 10000;
    uint8_t *b = malloc(n * 4);
    for (size_t i = 0; i < n; i++) {
        b[2 * i] = 0x30;
        b[2 * i + 1] = 0x80;
    }
    memset(b + 2 * n, 0, 2 * n);
    rd(b, n * 4);
    cs_der_tlv t;
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
    cr_assert_str_eq(R.error, "nesting too deep");
    free(b);
}

Test(der, definite_nesting_is_bounded_on_enter)
{
    uint8_t b[4 * 100];
    for (size_t i = 0; i < 100; i++) {
        size_t len = 4 * (99 - i);
        b[4 * i] = 0x30;
        b[4 * i + 1] = 0x82;
        b[4 * i + 2] = (uint8_t)(len >> 8);
        b[4 * i + 3] = (uint8_t)len;
    }
    rd(b, sizeof b);
    cs_der_reader cur = R, child;
    cs_der_tlv t;
    unsigned depth = 0;
    while (cs_der_next(&cur, &t) == CS_DER_OK) {
        cs_der_reader_enter(&child, &cur, &t);
        cur = child;
        depth++;
    }
    cr_assert_leq(depth, CS_DER_MAX_DEPTH + 1);
    cr_assert_str_eq(cur.error, "nesting too deep");
}

Test(der, high_tag_form)
{
    cs_der_tlv t;
    RD(0x9F, 0x05, 0x00, 0xBF, 0x81, 0x00, 0x00, 0x1F, 0x80, 0x20, 0x00);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    cr_assert_eq(t.tag, 5);
    cr_assert_eq(t.cls, CS_DER_CLASS_CONTEXT);
    cr_assert(has(CS_FAULT_HIGH_TAG_FORM, 0));
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    cr_assert_eq(t.tag, 128);
    cr_assert(t.constructed);
    cr_assert_not(has(CS_FAULT_HIGH_TAG_FORM, 3));
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK); /* 0x80 padding octet */
    cr_assert(has(CS_FAULT_HIGH_TAG_FORM, 7));
    RD(0x1F, 0x81, 0x82, 0x83, 0x84, 0x05, 0x00);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
    RD(0x1F, 0x81);
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_ERROR);
}

Test(der, expect_and_peek)
{
    cs_der_tlv t;
    RD(0x02, 0x01, 0x01, 0x31, 0x00);
    cr_assert(cs_der_peek(&R, 0, CS_TAG_INTEGER));
    cr_assert_not(cs_der_peek(&R, 0, CS_TAG_SET));
    cr_assert_eq(cs_der_expect(&R, 0, CS_TAG_SEQUENCE, &t), CS_DER_ERROR);
    cr_assert_eq(R.p, R.base); /* cursor did not move */
    R.error = NULL;
    cr_assert_eq(cs_der_expect(&R, 0, CS_TAG_INTEGER, &t), CS_DER_OK);
    cr_assert_eq(cs_der_expect(&R, 0, CS_TAG_SET, &t), CS_DER_OK);
    cr_assert_eq(cs_der_expect(&R, 0, CS_TAG_SET, &t), CS_DER_ERROR); /* missing */
}

Test(der, constructed_string_is_a_fault)
{
    cs_der_tlv t;
    RD(0x24, 0x04, 0x04, 0x02, 0x41, 0x42);
    cr_assert_eq(cs_der_expect(&R, 0, CS_TAG_OCTET_STRING, &t), CS_DER_OK);
    cr_assert(has(CS_FAULT_CONSTRUCTED_STRING, 0));
    RD(0x10, 0x00); /* primitive SEQUENCE: cannot be entered */
    cr_assert_eq(cs_der_expect(&R, 0, CS_TAG_SEQUENCE, &t), CS_DER_ERROR);
}

Test(der, boolean)
{
    cs_der_tlv t;
    bool v;
    RD(0x01, 0x01, 0xFF, 0x01, 0x01, 0x01, 0x01, 0x02, 0xFF, 0xFF);
    cs_der_next(&R, &t);
    cr_assert(cs_der_boolean(&R, &t, &v) && v);
    cr_assert_eq(F.n, 0);
    cs_der_next(&R, &t);
    cr_assert(cs_der_boolean(&R, &t, &v) && v);
    cr_assert(has(CS_FAULT_BAD_BOOLEAN, 3));
    cs_der_next(&R, &t);
    cr_assert_not(cs_der_boolean(&R, &t, &v));
}

Test(der, integers)
{
    cs_der_tlv t;
    int64_t v;
    RD(0x02, 0x01, 0x7F, 0x02, 0x02, 0x00, 0x80, 0x02, 0x02, 0x00, 0x7F, 0x02, 0x00,
       0x02, 0x01, 0x80, 0x02, 0x02, 0xFF, 0x80, 0x02, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0);
    cs_der_next(&R, &t);
    cr_assert(cs_der_small_int(&R, &t, &v));
    cr_assert_eq(v, 127);
    cs_der_next(&R, &t);
    cr_assert(cs_der_small_int(&R, &t, &v));
    cr_assert_eq(v, 128);
    cr_assert_eq(F.n, 0);
    cs_der_next(&R, &t);
    cr_assert(cs_der_small_int(&R, &t, &v));
    cr_assert_eq(v, 127);
    cr_assert(has(CS_FAULT_NONMINIMAL_INTEGER, 7));
    cs_der_next(&R, &t);
    cr_assert_not(cs_der_small_int(&R, &t, &v));
    cr_assert(has(CS_FAULT_EMPTY_INTEGER, 11));
    cs_der_next(&R, &t);
    cr_assert_not(cs_der_small_int(&R, &t, &v)); /* negative */
    cs_der_next(&R, &t);
    cr_assert(cs_der_int_check(&R, &t));
    cr_assert(has(CS_FAULT_NONMINIMAL_INTEGER, 16));
    cs_der_next(&R, &t);
    cr_assert_not(cs_der_small_int(&R, &t, &v)); /* too big */
}

Test(der, bit_strings)
{
    cs_der_tlv t;
    uint8_t unused;
    cs_span bits;
    RD(0x03, 0x02, 0x07, 0x80, 0x03, 0x02, 0x07, 0x81, 0x03, 0x01, 0x03, 0x03, 0x02, 0x08, 0x00,
       0x03, 0x00);
    cs_der_next(&R, &t);
    cr_assert(cs_der_bit_string(&R, &t, &unused, &bits));
    cr_assert_eq(unused, 7);
    cr_assert_eq(bits.len, 1);
    cr_assert_eq(F.n, 0);
    cs_der_next(&R, &t);
    cr_assert(cs_der_bit_string(&R, &t, &unused, &bits));
    cr_assert(has(CS_FAULT_BAD_BITSTRING, 4)); /* unused bit set */
    cs_der_next(&R, &t);
    cr_assert(cs_der_bit_string(&R, &t, &unused, &bits));
    cr_assert(has(CS_FAULT_BAD_BITSTRING, 8)); /* empty with unused bits */
    cs_der_next(&R, &t);
    cr_assert_not(cs_der_bit_string(&R, &t, &unused, &bits));
    cs_der_next(&R, &t);
    cr_assert_not(cs_der_bit_string(&R, &t, &unused, &bits));
}

Test(der, oids)
{
    cs_der_tlv t;
    char buf[64];
    RD(0x06, 0x03, 0x55, 0x1D, 0x11, 0x06, 0x03, 0x55, 0x80, 0x11, 0x06, 0x02, 0x55, 0x81, 0x06, 0x00);
    cs_der_next(&R, &t);
    cr_assert(cs_der_oid_check(&R, &t));
    cr_assert_str_eq(cs_oid_to_text(t.value, buf, sizeof buf), "2.5.29.17");
    cr_assert_eq(F.n, 0);
    cs_der_next(&R, &t);
    cr_assert(cs_der_oid_check(&R, &t));
    cr_assert(has(CS_FAULT_BAD_OID, 5));
    cs_der_next(&R, &t);
    cr_assert_not(cs_der_oid_check(&R, &t)); /* truncated sub-identifier */
    cr_assert_str_eq(cs_oid_to_text(t.value, buf, sizeof buf), "?");
    cs_der_next(&R, &t);
    cr_assert_not(cs_der_oid_check(&R, &t));
    static const uint8_t big[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B };
    cr_assert_str_eq(cs_oid_to_text(cs_span_make(big, sizeof big), buf, sizeof buf),
                     "1.2.840.113549.1.1.11");
    cr_assert_str_eq(cs_oid_to_text(cs_span_make(big, sizeof big), buf, 8), "?");
}

static bool time_of(const char *text, uint8_t tag, int64_t *out)
{
    static uint8_t b[64];
    size_t n = strlen(text);
    b[0] = tag;
    b[1] = (uint8_t)n;
    memcpy(b + 2, text, n);
    rd(b, n + 2);
    cs_der_tlv t;
    cr_assert_eq(cs_der_next(&R, &t), CS_DER_OK);
    return cs_der_time(&R, &t, out);
}

Test(time, utc_and_generalized)
{
    int64_t t;
    cr_assert(time_of("700101000000Z", CS_TAG_UTC_TIME, &t));
    cr_assert_eq(t, 0);
    cr_assert(time_of("500101000000Z", CS_TAG_UTC_TIME, &t));
    cr_assert_eq(t, -631152000); /* 1950 */
    cr_assert(time_of("491231235959Z", CS_TAG_UTC_TIME, &t));
    cr_assert_eq(t, 2524607999); /* 2049-12-31T23:59:59Z */
    cr_assert(time_of("20500101000000Z", CS_TAG_GENERALIZED_TIME, &t));
    cr_assert_eq(t, 2524608000);
    cr_assert(time_of("99991231235959Z", CS_TAG_GENERALIZED_TIME, &t));
    cr_assert_eq(t, 253402300799);
    cr_assert(time_of("240229120000Z", CS_TAG_UTC_TIME, &t)); /* leap day */
    cr_assert_eq(t, 1709208000);
    cr_assert_eq(F.n, 0);
}

Test(time, faults)
{
    int64_t t;
    cr_assert(time_of("20491231235959Z", CS_TAG_GENERALIZED_TIME, &t));
    cr_assert(has(CS_FAULT_TIME_WRONG_TYPE, 0));
    cr_assert_eq(t, 2524607999);
    cr_assert(time_of("2501010000Z", CS_TAG_UTC_TIME, &t)); /* no seconds */
    cr_assert(has(CS_FAULT_BAD_TIME, 0));
    cr_assert_eq(t, 1735689600);
    cr_assert(time_of("250101000000+0100", CS_TAG_UTC_TIME, &t));
    cr_assert(has(CS_FAULT_BAD_TIME, 0));
    cr_assert_eq(t, 1735689600 - 3600);
    cr_assert(time_of("20500101000000.5Z", CS_TAG_GENERALIZED_TIME, &t));
    cr_assert(has(CS_FAULT_BAD_TIME, 0));
    cr_assert_not(time_of("250101000000", CS_TAG_UTC_TIME, &t));
    cr_assert_not(time_of("251301000000Z", CS_TAG_UTC_TIME, &t));
    cr_assert_not(time_of("250230000000Z", CS_TAG_UTC_TIME, &t));
    cr_assert_not(time_of("23022900000Z", CS_TAG_UTC_TIME, &t));
    cr_assert_not(time_of("2502a1000000Z", CS_TAG_UTC_TIME, &t));
    cr_assert_not(time_of("", CS_TAG_UTC_TIME, &t));
    cr_assert_not(time_of("250101000000Zx", CS_TAG_UTC_TIME, &t));
    cr_assert_not(time_of("250101000000Z", CS_TAG_IA5_STRING, &t));
}

static unsigned str_faults(uint32_t tag, const char *s, size_t n)
{
    memset(&F, 0, sizeof F);
    cs_der_reader_init(&R, (const uint8_t *)s, (const uint8_t *)s, n, &F);
    cs_der_string_check(&R, tag, cs_span_make(s, n), (const uint8_t *)s);
    return F.n ? F.items[0].kind : CS_FAULT_KIND_COUNT;
}
#define SF(tag, lit) str_faults(tag, lit, sizeof(lit) - 1)

Test(strings, character_sets)
{
    const unsigned none = CS_FAULT_KIND_COUNT;
    cr_assert_eq(SF(CS_TAG_UTF8_STRING, "caf\xC3\xA9 \xF0\x9F\x98\x80"), none);
    cr_assert_eq(SF(CS_TAG_UTF8_STRING, "\xC0\xAF"), CS_FAULT_BAD_UTF8);  /* overlong */
    cr_assert_eq(SF(CS_TAG_UTF8_STRING, "\xED\xA0\x80"), CS_FAULT_BAD_UTF8); /* surrogate */
    cr_assert_eq(SF(CS_TAG_UTF8_STRING, "\xF4\x90\x80\x80"), CS_FAULT_BAD_UTF8); /* > U+10FFFF */
    cr_assert_eq(SF(CS_TAG_UTF8_STRING, "ab\xE2\x82"), CS_FAULT_BAD_UTF8); /* truncated */
    cr_assert_eq(SF(CS_TAG_UTF8_STRING, "\xFF"), CS_FAULT_BAD_UTF8);
    cr_assert_eq(SF(CS_TAG_PRINTABLE_STRING, "Acme Ltd. (x)+-/:=?'"), none);
    cr_assert_eq(SF(CS_TAG_PRINTABLE_STRING, "a@b"), CS_FAULT_BAD_PRINTABLE);
    cr_assert_eq(SF(CS_TAG_PRINTABLE_STRING, "a*b"), CS_FAULT_BAD_PRINTABLE);
    cr_assert_eq(SF(CS_TAG_IA5_STRING, "user@example.com"), none);
    cr_assert_eq(SF(CS_TAG_IA5_STRING, "us\xE9r"), CS_FAULT_BAD_IA5);
    cr_assert_eq(SF(CS_TAG_BMP_STRING, "\x00" "A" "\x00" "B"), none);
    cr_assert_eq(SF(CS_TAG_BMP_STRING, "\x00" "A" "\x00"), CS_FAULT_BAD_BMP);
    cr_assert_eq(SF(CS_TAG_BMP_STRING, "\xD8\x00"), CS_FAULT_BAD_BMP);
    cr_assert_eq(SF(CS_TAG_UNIVERSAL_STRING, "\x00\x00\x00" "A"), none);
    cr_assert_eq(SF(CS_TAG_UNIVERSAL_STRING, "\x00\x00" "A"), CS_FAULT_BAD_UNIVERSAL);
    cr_assert_eq(SF(CS_TAG_T61_STRING, "\xFF"), none);
    cr_assert_eq(SF(CS_TAG_VISIBLE_STRING, "Certificate policy (see CPS) ~"), none);
    cr_assert_eq(SF(CS_TAG_VISIBLE_STRING, "Declaraci\xF3n"), CS_FAULT_BAD_VISIBLE); /* Latin-1, not ISO 646 */
    cr_assert_eq(SF(CS_TAG_VISIBLE_STRING, "tab\there"), CS_FAULT_BAD_VISIBLE);
}

Test(faults, bounded_list_and_names)
{
    cs_faults f;
    memset(&f, 0, sizeof f);
    for (uint32_t i = 0; i < CS_MAX_FAULTS + 5; i++)
        cs_faults_add(&f, CS_FAULT_TRAILING_DATA, i);
    cr_assert_eq(f.n, CS_MAX_FAULTS);
    cr_assert(f.overflow);
    cr_assert(cs_faults_has(&f, CS_FAULT_TRAILING_DATA));
    cr_assert_not(cs_faults_has(&f, CS_FAULT_BAD_OID));
    cs_faults_add(NULL, CS_FAULT_BAD_OID, 0); /* ignored, no crash */
    cr_assert_str_eq(cs_fault_name(CS_FAULT_NONMINIMAL_LENGTH), "NONMINIMAL_LENGTH");
    cr_assert_str_eq(cs_fault_name(CS_FAULT_UNEXPECTED_TAG), "UNEXPECTED_TAG");
    cr_assert_str_eq(cs_fault_name(CS_FAULT_KIND_COUNT), "UNKNOWN_FAULT");
    for (int k = 0; k < CS_FAULT_KIND_COUNT; k++)
        cr_assert_gt(strlen(cs_fault_description((cs_fault_kind)k)), 5);
}

Test(oid, table_round_trip)
{
    char buf[128];
    for (int id = 1; id < CS_OID_COUNT; id++) {
        cs_span c = cs_oid_content((cs_oid_id)id);
        cr_assert_gt(c.len, 0, "%s does not encode", cs_oid_dotted((cs_oid_id)id));
        cr_assert_eq((int)cs_oid_lookup(c), id, "%s", cs_oid_dotted((cs_oid_id)id));
        cr_assert_str_eq(cs_oid_to_text(c, buf, sizeof buf), cs_oid_dotted((cs_oid_id)id));
    }
    cr_assert_str_eq(cs_oid_short_name(CS_OID_EXT_SUBJECT_ALT_NAME), "subjectAltName");
    cr_assert_str_eq(cs_oid_dotted(CS_OID_UNKNOWN), "");
    static const uint8_t unknown[] = { 0x2A, 0x03, 0x04 };
    cr_assert_eq(cs_oid_lookup(cs_span_make(unknown, sizeof unknown)), CS_OID_UNKNOWN);
    cr_assert_eq(cs_oid_lookup(cs_span_make(unknown, 0)), CS_OID_UNKNOWN);
    cr_assert_eq(cs_oid_content(CS_OID_UNKNOWN).len, 0);
}

Test(oid, encode)
{
    uint8_t b[32];
    cr_assert_eq(cs_oid_encode("2.5.29.17", b, sizeof b), 3);
    cr_assert_eq(b[0], 0x55);
    cr_assert_eq(cs_oid_encode("2.999.3", b, sizeof b), 3); /* 1079 = 0x88 0x37 */
    cr_assert_eq(b[0], 0x88);
    cr_assert_eq(b[1], 0x37);
    cr_assert_eq(cs_oid_encode("1.2.840.113549", b, 3), 0); /* does not fit */
    cr_assert_eq(cs_oid_encode("3.1", b, sizeof b), 0);
    cr_assert_eq(cs_oid_encode("1.40", b, sizeof b), 0);
    cr_assert_eq(cs_oid_encode("1", b, sizeof b), 0);
    cr_assert_eq(cs_oid_encode("1..2", b, sizeof b), 0);
    cr_assert_eq(cs_oid_encode("1.02", b, sizeof b), 0);
    cr_assert_eq(cs_oid_encode("", b, sizeof b), 0);
    cr_assert_eq(cs_oid_encode("1.2.", b, sizeof b), 0);
}

Test(strings, wide_char_decoding)
{
    uint32_t cp;
    const uint8_t bmp[] = {0x00, 0x41, 0xD8, 0x3D, 0xDE, 0x00, 0xDC, 0x00, 0x00};
    cr_assert_eq(cs_der_wide_char(CS_TAG_BMP_STRING, bmp, sizeof bmp, &cp), 2);
    cr_assert_eq(cp, 0x41);
    /* A surrogate pair is one character. */
    cr_assert_eq(cs_der_wide_char(CS_TAG_BMP_STRING, bmp + 2, sizeof bmp - 2, &cp), 4);
    cr_assert_eq(cp, 0x1F600);
    /* A lone low surrogate, then a last unit cut short. */
    cr_assert_eq(cs_der_wide_char(CS_TAG_BMP_STRING, bmp + 6, 2, &cp), 2);
    cr_assert_eq(cp, CS_UTF8_INVALID);
    cr_assert_eq(cs_der_wide_char(CS_TAG_BMP_STRING, bmp + 8, 1, &cp), 1);
    cr_assert_eq(cp, CS_UTF8_INVALID);

    const uint8_t ucs4[] = {0x00, 0x01, 0xF6, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0x00};
    cr_assert_eq(cs_der_wide_char(CS_TAG_UNIVERSAL_STRING, ucs4, sizeof ucs4, &cp), 4);
    cr_assert_eq(cp, 0x1F600);
    cr_assert_eq(cs_der_wide_char(CS_TAG_UNIVERSAL_STRING, ucs4 + 4, 6, &cp), 4);
    cr_assert_eq(cp, CS_UTF8_INVALID, "above U+10FFFF");
    cr_assert_eq(cs_der_wide_char(CS_TAG_UNIVERSAL_STRING, ucs4 + 8, 2, &cp), 2);
    cr_assert_eq(cp, CS_UTF8_INVALID);
}
