/* The base64 decoder's fast paths (whole groups, a PEM line's run at a
 * time, in AVX2 vectors or through tables) against the byte-by-byte decoder it replaced, kept here as the
 * reference: same verdict, same output, same position and reason of the
 * first bad byte, on valid bodies in every line layout and on random and
 * hostile ones, decoding into its own buffer and in place. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/decode.h"
#include "ingest/framer.h"

/* The decoder as it was before the fast path (one class and one value
 * look-up a character, groups broken at every line end). */
static uint8_t ref_val(uint8_t c)
{
    if (c >= 'A' && c <= 'Z')
        return (uint8_t)(c - 'A');
    if (c >= 'a' && c <= 'z')
        return (uint8_t)(c - 'a' + 26);
    if (c >= '0' && c <= '9')
        return (uint8_t)(c - '0' + 52);
    return c == '+' ? 62 : 63;
}

static bool ref_decode(const uint8_t *in, size_t n, bool allow_ws, uint8_t *out, size_t *out_len, size_t *bad_at,
                       const char **why)
{
    uint32_t acc = 0;
    unsigned k = 0, pad = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = in[i];
        uint8_t v = cs_b64_class[c];
        if (v == 1) {
            if (pad) {
                *bad_at = i;
                *why = "data after '=' padding";
                return false;
            }
            acc = acc << 6 | ref_val(c);
            if (++k == 4) {
                out[o++] = (uint8_t)(acc >> 16);
                out[o++] = (uint8_t)(acc >> 8);
                out[o++] = (uint8_t)acc;
                acc = 0;
                k = 0;
            }
        } else if (v == 2) {
            if ((pad == 0 && k < 2) || pad >= 2 || (pad == 1 && k != 3)) {
                *bad_at = i;
                *why = "misplaced '=' padding";
                return false;
            }
            pad++;
            acc <<= 6;
            if (++k == 4) {
                out[o++] = (uint8_t)(acc >> 16);
                if (pad == 1)
                    out[o++] = (uint8_t)(acc >> 8);
                acc = 0;
                k = 0;
            }
        } else if (v == 3 && allow_ws) {
            continue;
        } else {
            *bad_at = i;
            *why = v == 3 ? "whitespace inside base64" : "a byte that is not base64";
            return false;
        }
    }
    if (k != 0) {
        *bad_at = n;
        *why = "base64 ends in the middle of a 4-character group";
        return false;
    }
    *out_len = o;
    return true;
}

/* Both decoders on in[0, n), into their own buffers and in place; every
 * result must agree.  Returns the verdict. */
static bool same_both_ways_once(const uint8_t *in, size_t n, bool allow_ws);

/* With the vector path and without (the plain path is every machine's
 * without AVX2). */
static bool same_both_ways(const uint8_t *in, size_t n, bool allow_ws)
{
    cs_b64_use_simd(false);
    bool plain = same_both_ways_once(in, n, allow_ws);
    cs_b64_use_simd(true);
    cr_assert_eq(same_both_ways_once(in, n, allow_ws), plain);
    return plain;
}

static bool same_both_ways_once(const uint8_t *in, size_t n, bool allow_ws)
{
    size_t room = n / 4 * 3 + 3;
    uint8_t *want = malloc(room + 1), *got = malloc(room + 1), *inplace = malloc(n + 1);
    cr_assert(want && got && inplace);
    size_t wl = 0, gl = 0, wb = 0, gb = 0, il = 0, ib = 0;
    const char *ww = NULL, *gw = NULL, *iw = NULL;
    bool wok = ref_decode(in, n, allow_ws, want, &wl, &wb, &ww);
    bool gok = cs_b64_decode(in, n, allow_ws, got, &gl, &gb, &gw);
    memcpy(inplace, in, n);
    bool iok = cs_b64_decode(inplace, n, allow_ws, inplace, &il, &ib, &iw);
    cr_assert_eq(gok, wok, "verdict (n %zu, ws %d)", n, allow_ws);
    cr_assert_eq(iok, wok, "verdict in place (n %zu, ws %d)", n, allow_ws);
    if (wok) {
        cr_assert_eq(gl, wl, "length");
        cr_assert_eq(il, wl, "length in place");
        cr_assert(memcmp(got, want, wl) == 0, "bytes");
        cr_assert(memcmp(inplace, want, wl) == 0, "bytes in place");
    } else {
        cr_assert_eq(gb, wb, "first bad byte %zu, want %zu (%s)", gb, wb, ww);
        cr_assert_eq(ib, wb, "first bad byte in place %zu, want %zu", ib, wb);
        cr_assert_str_eq(gw, ww);
        cr_assert_str_eq(iw, ww);
    }
    free(want);
    free(got);
    free(inplace);
    return wok;
}

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of n random bytes, a line break of `eol` after every `width`
 * characters (0: one line). */
static size_t encode(uint8_t *out, const uint8_t *data, size_t n, size_t width, const char *eol)
{
    size_t o = 0, col = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < n ? (uint32_t)data[i + 1] << 8 : 0) |
                     (i + 2 < n ? data[i + 2] : 0);
        char q[4] = { alphabet[v >> 18], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63], alphabet[v & 63] };
        if (i + 1 >= n)
            q[2] = q[3] = '=';
        else if (i + 2 >= n)
            q[3] = '=';
        for (int k = 0; k < 4; k++) {
            out[o++] = (uint8_t)q[k];
            if (width && ++col == width) {
                memcpy(out + o, eol, strlen(eol));
                o += strlen(eol);
                col = 0;
            }
        }
    }
    return o;
}

Test(b64, valid_bodies_every_layout)
{
    static const size_t widths[] = { 0, 64, 76, 4, 3, 5, 63, 65, 128 };
    static const char *const eols[] = { "\n", "\r\n", " ", "\t\n", "\n\n" };
    uint8_t data[3000], text[9000];
    srand(19);
    for (size_t n = 0; n < 200; n++) {
        for (size_t i = 0; i < n; i++)
            data[i] = (uint8_t)rand();
        for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++)
            for (size_t e = 0; e < sizeof eols / sizeof eols[0]; e++) {
                size_t len = encode(text, data, n, widths[w], eols[e]);
                cr_assert(same_both_ways(text, len, true) || n == 0, "n %zu width %zu", n, widths[w]);
                same_both_ways(text, len, false);
            }
    }
    /* Certificate-sized bodies, PEM's 64-character lines. */
    for (int r = 0; r < 50; r++) {
        size_t n = 900 + (size_t)(rand() % 2000);
        for (size_t i = 0; i < n; i++)
            data[i] = (uint8_t)rand();
        size_t len = encode(text, data, n, 64, "\n");
        cr_assert(same_both_ways(text, len, true));
    }
}

/* One byte of a valid body changed, anywhere, to each kind of byte: a
 * bad one, padding, whitespace, and a line break inside a group. */
Test(b64, one_byte_spoiled)
{
    static const uint8_t subst[] = { '!', '-', '_', '=', ' ', '\t', '\r', '\n', 0, 0x80, 0xff, 'A', '/' };
    uint8_t data[400], text[1200], copy[1200];
    srand(5);
    for (int r = 0; r < 40; r++) {
        size_t n = 1 + (size_t)(rand() % 300);
        for (size_t i = 0; i < n; i++)
            data[i] = (uint8_t)rand();
        size_t len = encode(text, data, n, r % 2 ? 64 : 76, "\n");
        for (size_t at = 0; at < len; at++)
            for (size_t s = 0; s < sizeof subst; s++) {
                memcpy(copy, text, len);
                copy[at] = subst[s];
                same_both_ways(copy, len, true);
                same_both_ways(copy, len, false);
            }
        /* cut anywhere */
        for (size_t cut = 0; cut <= len; cut += 7)
            same_both_ways(text, cut, true);
    }
}

/* Random strings over a small hostile alphabet: mostly base64, with
 * padding, whitespace and other bytes mixed in at random rates. */
Test(b64, random_hostile)
{
    static const char pool[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n-_!\\";
    uint8_t text[600];
    srand(1919);
    for (int r = 0; r < 20000; r++) {
        size_t n = (size_t)(rand() % 600);
        int rate = 1 + rand() % 200; /* one byte in `rate` from the whole pool */
        for (size_t i = 0; i < n; i++)
            text[i] = rand() % rate == 0 ? (uint8_t)(rand() % 3 == 0 ? rand() : pool[rand() % (sizeof pool - 1)])
                                         : (uint8_t)alphabet[rand() % 64];
        same_both_ways(text, n, r % 2 == 0);
    }
}

/* The messages and positions a caller sees, spelled out. */
Test(b64, messages)
{
    struct { const char *in; bool ws; size_t at; const char *why; } c[] = {
        { "QUJD!", true, 4, "a byte that is not base64" },
        { "QUJDRA==QQ==", true, 8, "data after '=' padding" },
        { "Q===", true, 1, "misplaced '=' padding" },
        { "QUJ", true, 3, "base64 ends in the middle of a 4-character group" },
        { "QU JD", false, 2, "whitespace inside base64" },
        { "QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\nQU-D", true, 67,
          "a byte that is not base64" },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        uint8_t out[100];
        size_t len, bad = 0;
        const char *why = NULL;
        cr_assert_not(cs_b64_decode((const uint8_t *)c[i].in, strlen(c[i].in), c[i].ws, out, &len, &bad, &why));
        cr_expect_eq(bad, c[i].at, "case %zu: at %zu", i, bad);
        cr_expect_str_eq(why, c[i].why, "case %zu", i);
    }
}
