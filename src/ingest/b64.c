/* Strict base64 (RFC 4648 §4, padded).  A small table decoder rather than
 * EVP_DecodeUpdate: it runs in the workers on every record, must report
 * the position of the first bad byte, and must refuse what OpenSSL's
 * decoder tolerates (data after padding, '-' and '_'). */
#include "ingest/decode.h"
#include "ingest/framer.h"

/* Value of each alphabet byte (the class table says which bytes are). */
static const uint8_t val[256] = {
    ['A'] = 0, ['B'] = 1, ['C'] = 2, ['D'] = 3, ['E'] = 4, ['F'] = 5, ['G'] = 6, ['H'] = 7,
    ['I'] = 8, ['J'] = 9, ['K'] = 10, ['L'] = 11, ['M'] = 12, ['N'] = 13, ['O'] = 14, ['P'] = 15,
    ['Q'] = 16, ['R'] = 17, ['S'] = 18, ['T'] = 19, ['U'] = 20, ['V'] = 21, ['W'] = 22, ['X'] = 23,
    ['Y'] = 24, ['Z'] = 25, ['a'] = 26, ['b'] = 27, ['c'] = 28, ['d'] = 29, ['e'] = 30, ['f'] = 31,
    ['g'] = 32, ['h'] = 33, ['i'] = 34, ['j'] = 35, ['k'] = 36, ['l'] = 37, ['m'] = 38, ['n'] = 39,
    ['o'] = 40, ['p'] = 41, ['q'] = 42, ['r'] = 43, ['s'] = 44, ['t'] = 45, ['u'] = 46, ['v'] = 47,
    ['w'] = 48, ['x'] = 49, ['y'] = 50, ['z'] = 51, ['0'] = 52, ['1'] = 53, ['2'] = 54, ['3'] = 55,
    ['4'] = 56, ['5'] = 57, ['6'] = 58, ['7'] = 59, ['8'] = 60, ['9'] = 61, ['+'] = 62, ['/'] = 63,
};

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

bool cs_b64_decode(const uint8_t *in, size_t n, bool allow_ws, uint8_t *out, size_t *out_len,
                   size_t *bad_at, const char **why)
{
    uint32_t acc = 0;
    unsigned k = 0, pad = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        /* Fast path: whole groups of four alphabet characters. */
        if (k == 0 && pad == 0) {
            for (; i + 4 <= n; i += 4) {
                const uint8_t *q = in + i;
                if ((cs_b64_class[q[0]] ^ 1) | (cs_b64_class[q[1]] ^ 1) | (cs_b64_class[q[2]] ^ 1) |
                    (cs_b64_class[q[3]] ^ 1))
                    break;
                uint32_t v = (uint32_t)val[q[0]] << 18 | (uint32_t)val[q[1]] << 12 | (uint32_t)val[q[2]] << 6 |
                             val[q[3]];
                out[o++] = (uint8_t)(v >> 16);
                out[o++] = (uint8_t)(v >> 8);
                out[o++] = (uint8_t)v;
            }
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
            acc = acc << 6 | val[c];
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
