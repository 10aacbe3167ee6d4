/* Strict base64 (RFC 4648 §4, padded).  A small table decoder rather than
 * EVP_DecodeUpdate: it runs in the workers on every record, must report
 * the position of the first bad byte, and must refuse what OpenSSL's
 * decoder tolerates (data after padding, '-' and '_').  Whole groups of
 * alphabet characters take a fast path (a PEM line at a time: in AVX2
 * vectors when the processor has them, else through shifted tables);
 * everything else, and every error, goes byte by byte. */
#include "ingest/decode.h"
#include "ingest/framer.h"

#include <stdatomic.h>
#include <string.h>

const uint8_t cs_b64_class[256] = {
#define A1(c) [c] = 1
    A1('+'), A1('/'), A1('0'), A1('1'), A1('2'), A1('3'), A1('4'), A1('5'), A1('6'), A1('7'),
    A1('8'), A1('9'), A1('A'), A1('B'), A1('C'), A1('D'), A1('E'), A1('F'), A1('G'), A1('H'),
    A1('I'), A1('J'), A1('K'), A1('L'), A1('M'), A1('N'), A1('O'), A1('P'), A1('Q'), A1('R'),
    A1('S'), A1('T'), A1('U'), A1('V'), A1('W'), A1('X'), A1('Y'), A1('Z'), A1('a'), A1('b'),
    A1('c'), A1('d'), A1('e'), A1('f'), A1('g'), A1('h'), A1('i'), A1('j'), A1('k'), A1('l'),
    A1('m'), A1('n'), A1('o'), A1('p'), A1('q'), A1('r'), A1('s'), A1('t'), A1('u'), A1('v'),
    A1('w'), A1('x'), A1('y'), A1('z'),
#undef A1
    ['='] = 2, [' '] = 3, ['\t'] = 3, ['\r'] = 3, ['\n'] = 3,
};

/* The fast path's tables: an alphabet byte's 6 bits already shifted to
 * their place in a 4-character group (18, 12, 6, 0), one table per place,
 * so that a group is four loads ORed; every other byte is B64_BAD, a bit
 * no value uses, so the OR also says whether the group is all alphabet. */
#define B64_BAD 0x80000000u
#define B64_VAL(c)                                                                                             \
    ((c) >= 'A' && (c) <= 'Z'   ? (c) - 'A'                                                                    \
     : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26                                                               \
     : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52                                                               \
     : (c) == '+'               ? 62                                                                           \
     : (c) == '/'               ? 63                                                                           \
                                : -1)
#define B64_AT(c, shift) (B64_VAL(c) < 0 ? B64_BAD : (uint32_t)B64_VAL(c) << (shift))
#define B64_4(c, s) B64_AT(c, s), B64_AT((c) + 1, s), B64_AT((c) + 2, s), B64_AT((c) + 3, s)
#define B64_16(c, s) B64_4(c, s), B64_4((c) + 4, s), B64_4((c) + 8, s), B64_4((c) + 12, s)
#define B64_64(c, s) B64_16(c, s), B64_16((c) + 16, s), B64_16((c) + 32, s), B64_16((c) + 48, s)
#define B64_256(s) { B64_64(0, s), B64_64(64, s), B64_64(128, s), B64_64(192, s) }
static const uint32_t at18[256] = B64_256(18), at12[256] = B64_256(12), at6[256] = B64_256(6),
                      at0[256] = B64_256(0);

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define B64_AVX2 1

/* 32 characters into 24 bytes at out (32 bytes written), when they are
 * all alphabet; false (out unspecified) otherwise.  W. Mula and D.
 * Lemire's decoder ("Faster Base64 Encoding and Decoding Using AVX2
 * Instructions", 2018): each byte's class from its two nibbles through
 * two 16-entry tables, its value by adding an offset from a third. */
__attribute__((target("avx2"))) static bool avx2_32(const uint8_t *in, uint8_t *out)
{
    const __m256i lut_lo = _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1a,
                                            0x1b, 0x1b, 0x1b, 0x1a, 0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                                            0x11, 0x11, 0x13, 0x1a, 0x1b, 0x1b, 0x1b, 0x1a);
    const __m256i lut_hi = _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10,
                                            0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
                                            0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
    const __m256i lut_roll = _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 19, 4,
                                              -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i mask_2f = _mm256_set1_epi8(0x2f);
    __m256i str = _mm256_loadu_si256((const __m256i *)(const void *)in);
    __m256i hi_nibbles = _mm256_and_si256(_mm256_srli_epi32(str, 4), mask_2f);
    __m256i lo_nibbles = _mm256_and_si256(str, mask_2f);
    __m256i hi = _mm256_shuffle_epi8(lut_hi, hi_nibbles);
    __m256i lo = _mm256_shuffle_epi8(lut_lo, lo_nibbles);
    if (!_mm256_testz_si256(lo, hi))
        return false;
    __m256i eq_2f = _mm256_cmpeq_epi8(str, mask_2f);
    __m256i roll = _mm256_shuffle_epi8(lut_roll, _mm256_add_epi8(eq_2f, hi_nibbles));
    str = _mm256_add_epi8(str, roll);
    __m256i ab_bc = _mm256_maddubs_epi16(str, _mm256_set1_epi32(0x01400140));
    __m256i abc = _mm256_madd_epi16(ab_bc, _mm256_set1_epi32(0x00011000));
    abc = _mm256_shuffle_epi8(abc, _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1, 0,
                                                    6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
    abc = _mm256_permutevar8x32_epi32(abc, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, -1, -1));
    _mm256_storeu_si256((__m256i *)(void *)out, abc);
    return true;
}

#else
static bool avx2_32(const uint8_t *in, uint8_t *out)
{
    (void)in;
    (void)out;
    return false;
}
#endif

static _Atomic bool simd_off; /* cs_b64_use_simd(false): the tests' way to the plain loop */

void cs_b64_use_simd(bool on)
{
    simd_off = !on;
}

static bool have_avx2(void)
{
#ifdef B64_AVX2
    return !atomic_load_explicit(&simd_off, memory_order_relaxed) && __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

/* Whole groups of four alphabet characters from in[*i], and whitespace
 * between groups when allowed: the state the general loop is in at a
 * group boundary (nothing pending, no padding seen) is the same before
 * and after each of them.  Runs of up to a PEM line's 16 groups are
 * decoded with one check at their end; a run that holds anything else
 * is taken again group by group, up to the group that stops the fast
 * path (padding, a bad byte, whitespace inside a group, fewer than four
 * bytes left): the general loop takes it byte by byte, with its
 * messages.  A run is decoded into a buffer of its own and copied out
 * when good: out may be in (decoding in place), ahead of bytes that the
 * general loop has still to read. */
static size_t decode_groups(const uint8_t *in, size_t n, bool allow_ws, uint8_t *out, size_t *i)
{
    size_t j = *i, o = 0;
    while (j + 4 <= n) {
        size_t run = (n - j) / 4 < 16 ? (n - j) / 4 : 16;
        uint32_t any = 0;
        uint8_t line[16 * 3 + 8]; /* the second vector's store is 32 bytes at 24 */
        if (run == 16 && have_avx2()) {
            /* A line in two vectors (anything in it that is not alphabet
             * fails it: group by group below). */
            if (!avx2_32(in + j, line) || !avx2_32(in + j + 32, line + 24))
                any = B64_BAD;
        } else {
            for (size_t g = 0; g < run; g++) {
                const uint8_t *q = in + j + 4 * g;
                uint32_t v = at18[q[0]] | at12[q[1]] | at6[q[2]] | at0[q[3]];
                any |= v;
                line[3 * g] = (uint8_t)(v >> 16);
                line[3 * g + 1] = (uint8_t)(v >> 8);
                line[3 * g + 2] = (uint8_t)v;
            }
        }
        if (!(any & B64_BAD)) {
            if (run == 16)
                memcpy(out + o, line, 48); /* a whole line: a fixed-size copy is two moves */
            else
                memcpy(out + o, line, 3 * run);
            j += 4 * run;
            o += 3 * run;
            if (allow_ws && j < n && cs_b64_class[in[j]] == 3)
                j++; /* the line break */
            continue;
        }
        for (;;) {
            uint32_t v = at18[in[j]] | at12[in[j + 1]] | at6[in[j + 2]] | at0[in[j + 3]];
            if (v & B64_BAD)
                break;
            out[o] = (uint8_t)(v >> 16);
            out[o + 1] = (uint8_t)(v >> 8);
            out[o + 2] = (uint8_t)v;
            o += 3;
            j += 4;
        }
        if (!(allow_ws && cs_b64_class[in[j]] == 3))
            break;
        j++; /* whitespace between groups */
    }
    *i = j;
    return o;
}

bool cs_b64_decode(const uint8_t *in, size_t n, bool allow_ws, uint8_t *out, size_t *out_len,
                   size_t *bad_at, const char **why)
{
    uint32_t acc = 0;
    unsigned k = 0, pad = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 && pad == 0) {
            o += decode_groups(in, n, allow_ws, out + o, &i);
            if (i == n)
                break;
        }
        uint8_t c = in[i];
        uint8_t v = cs_b64_class[c];
        if (v == 1) {
            if (pad) {
                *bad_at = i;
                *why = "data after '=' padding";
                return false;
            }
            acc = acc << 6 | at0[c];
            if (++k == 4) {
                out[o++] = (uint8_t)(acc >> 16);
                out[o++] = (uint8_t)(acc >> 8);
                out[o++] = (uint8_t)acc;
                acc = 0;
                k = 0;
            }
        } else if (v == 2) {
            /* '=' only completes a quantum of 2 or 3 characters. */
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
