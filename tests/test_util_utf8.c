/* util/utf8: the one UTF-8 decoder and encoder, checked against written-out
 * expectations (Unicode 15 table 3-7 and its maximal-subpart examples)
 * and, exhaustively for short sequences, against glibc's iconv, an
 * implementation that shares no code with it. */
#include <criterion/criterion.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "util/utf8.h"

typedef struct vec {
    const char *bytes;
    uint32_t cps[10];  /* decoded sequence, CS_UTF8_INVALID per maximal subpart */
    size_t n;
} vec;

#define BAD CS_UTF8_INVALID

static const vec vectors[] = {
    { "A", { 0x41 }, 1 },
    { "\xC3\xA9", { 0xE9 }, 1 },
    { "\xE2\x82\xAC", { 0x20AC }, 1 },
    { "\xF0\x9F\x98\x80", { 0x1F600 }, 1 },
    { "\xEF\xBF\xBF", { 0xFFFF }, 1 },
    { "\xF4\x8F\xBF\xBF", { 0x10FFFF }, 1 },
    { "\xC2\x80", { 0x80 }, 1 },
    { "\xE0\xA0\x80", { 0x800 }, 1 },
    { "\xF0\x90\x80\x80", { 0x10000 }, 1 },
    { "\xED\x9F\xBF", { 0xD7FF }, 1 },
    { "\xEE\x80\x80", { 0xE000 }, 1 },
    /* never a lead */
    { "\x80", { BAD }, 1 },
    { "\xBF", { BAD }, 1 },
    { "\xC0\xAF", { BAD, BAD }, 2 },
    { "\xC1\xBF", { BAD, BAD }, 2 },
    { "\xF5\x80\x80\x80", { BAD, BAD, BAD, BAD }, 4 },
    { "\xFF", { BAD }, 1 },
    /* overlong, surrogate, above U+10FFFF: the second byte is out of range */
    { "\xE0\x80\xAF", { BAD, BAD, BAD }, 3 },
    { "\xED\xA0\x80", { BAD, BAD, BAD }, 3 },
    { "\xF0\x8F\xBF\xBF", { BAD, BAD, BAD, BAD }, 4 },
    { "\xF4\x90\x80\x80", { BAD, BAD, BAD, BAD }, 4 },
    /* truncated: one replacement for the maximal subpart, the rest survives */
    { "\xE2\x82" "A", { BAD, 0x41 }, 2 },
    { "\xF0\x9F\x98", { BAD }, 1 },
    { "\xF0\x9F" "\xC3\xA9", { BAD, 0xE9 }, 2 },
    /* Unicode 15, table 3-8: 61 | F1 80 80 | E1 80 | C2 | 62 | 80 | 63 | 80 | BF | 64 */
    { "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
      { 0x61, BAD, BAD, BAD, 0x62, BAD, 0x63, BAD, BAD, 0x64 }, 10 },
};

Test(utf8, decodes_the_written_out_vectors)
{
    for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
        const uint8_t *p = (const uint8_t *)vectors[v].bytes;
        size_t n = strlen(vectors[v].bytes), i = 0, k = 0;
        uint32_t got[16];
        while (i < n && k < 16) {
            size_t used = cs_utf8_decode(p + i, n - i, &got[k++]);
            cr_assert(used >= 1 && used <= 4 && used <= n - i);
            i += used;
        }
        cr_assert_eq(k, vectors[v].n, "vector %zu: %zu characters, want %zu", v, k, vectors[v].n);
        for (size_t j = 0; j < k; j++)
            cr_assert_eq(got[j], vectors[v].cps[j], "vector %zu char %zu: %x", v, j, got[j]);
        bool all_good = true;
        for (size_t j = 0; j < k; j++)
            all_good &= got[j] != BAD;
        cr_assert_eq(cs_utf8_valid(p, n), all_good, "vector %zu", v);
    }
}

Test(utf8, encodes_the_boundaries)
{
    static const struct { uint32_t cp; const char *want; } e[] = {
        { 0, "\0" }, { 0x7F, "\x7F" }, { 0x80, "\xC2\x80" }, { 0x7FF, "\xDF\xBF" }, { 0x800, "\xE0\xA0\x80" },
        { 0xFFFD, "\xEF\xBF\xBD" }, { 0x2026, "\xE2\x80\xA6" }, { 0x10000, "\xF0\x90\x80\x80" },
        { 0x10FFFF, "\xF4\x8F\xBF\xBF" },
    };
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        char out[4];
        size_t n = cs_utf8_encode(e[i].cp, out), want = e[i].cp ? strlen(e[i].want) : 1;
        cr_assert_eq(n, want, "U+%04X", e[i].cp);
        cr_assert_eq(cs_utf8_encoded_len(e[i].cp), want);
        cr_assert_eq(memcmp(out, e[i].want, n), 0, "U+%04X", e[i].cp);
    }
}

/* glibc's verdict and code point for exactly these bytes. */
static bool iconv_one(iconv_t cd, const uint8_t *p, size_t n, uint32_t *cp)
{
    char *in = (char *)p, out[8], *o = out;
    size_t il = n, ol = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1 || il != 0 || o - out != 4)
        return false;
    const uint8_t *u = (const uint8_t *)out;
    *cp = (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
    return true;
}

Test(utf8, agrees_with_iconv_on_every_sequence_of_up_to_three_bytes)
{
    iconv_t cd = iconv_open("UTF-32BE", "UTF-8");
    cr_assert_neq(cd, (iconv_t)-1);
    size_t checked = 0;
    for (uint32_t x = 0; x < (1u << 24); x++) {
        uint8_t b[3] = { (uint8_t)(x >> 16), (uint8_t)(x >> 8), (uint8_t)x };
        /* Lengths 1 and 2 once each, via their own prefixes. */
        size_t len = (x & 0xFFFF) == 0 ? 1 : (x & 0xFF) == 0 ? 2 : 3;
        for (size_t n = len; n <= 3; n++) {
            uint32_t cp, ref;
            size_t used = cs_utf8_decode(b, n, &cp);
            bool whole = used == n && cp != CS_UTF8_INVALID;
            bool ok = iconv_one(cd, b, n, &ref);
            cr_assert_eq(whole, ok, "%02x %02x %02x (n=%zu): ours %d, iconv %d", b[0], b[1], b[2], n, whole, ok);
            if (ok)
                cr_assert_eq(cp, ref, "%02x %02x %02x", b[0], b[1], b[2]);
            checked++;
        }
    }
    cr_assert_gt(checked, 1u << 24);
    iconv_close(cd);
}

Test(utf8, agrees_with_iconv_on_four_byte_sequences)
{
    iconv_t cd = iconv_open("UTF-32BE", "UTF-8");
    cr_assert_neq(cd, (iconv_t)-1);
    /* Every lead F0..F7 with every second byte, and a spread of the rest. */
    for (uint32_t lead = 0xF0; lead <= 0xF7; lead++)
        for (uint32_t b1 = 0; b1 < 256; b1++)
            for (uint32_t b2 = 0x70; b2 < 0xD0; b2 += 0x0F)
                for (uint32_t b3 = 0x70; b3 < 0xD0; b3 += 0x0B) {
                    uint8_t b[4] = { (uint8_t)lead, (uint8_t)b1, (uint8_t)b2, (uint8_t)b3 };
                    uint32_t cp, ref;
                    size_t used = cs_utf8_decode(b, 4, &cp);
                    bool whole = used == 4 && cp != CS_UTF8_INVALID;
                    bool ok = iconv_one(cd, b, 4, &ref);
                    cr_assert_eq(whole, ok, "%02x %02x %02x %02x", b[0], b[1], b[2], b[3]);
                    if (ok)
                        cr_assert_eq(cp, ref);
                }
    iconv_close(cd);
}

Test(utf8, encoder_and_decoder_round_trip_every_scalar_value)
{
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        size_t n = cs_utf8_encode(cp, buf);
        uint32_t back;
        cr_assert_eq(cs_utf8_decode((const uint8_t *)buf, n, &back), n);
        cr_assert_eq(back, cp, "U+%04X", cp);
    }
}
