/* UTF-8 decoding and encoding (see utf8.h). */
#include "util/utf8.h"

size_t cs_utf8_decode(const uint8_t *p, size_t n, uint32_t *cp)
{
    uint8_t b = p[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t want;
    uint32_t v;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte (Unicode table 3-7) */
    if (b >= 0xC2 && b <= 0xDF) {
        want = 2;
        v = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        want = 3;
        v = b & 0x0F;
        if (b == 0xE0)
            lo = 0xA0; /* no overlongs */
        else if (b == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        want = 4;
        v = b & 0x07;
        if (b == 0xF0)
            lo = 0x90; /* no overlongs */
        else if (b == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        *cp = CS_UTF8_INVALID;
        return 1;
    }
    size_t i = 1;
    for (; i < want && i < n; i++) {
        uint8_t x = p[i];
        if (x < (i == 1 ? lo : 0x80) || x > (i == 1 ? hi : 0xBF))
            break;
        v = v << 6 | (x & 0x3F);
    }
    if (i < want) {
        *cp = CS_UTF8_INVALID;
        return i;
    }
    *cp = v;
    return want;
}

bool cs_utf8_valid(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += cs_utf8_decode(p + i, n - i, &cp);
        if (cp == CS_UTF8_INVALID)
            return false;
    }
    return true;
}

size_t cs_utf8_encoded_len(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

size_t cs_utf8_encode(uint32_t cp, char out[4])
{
    size_t n = cs_utf8_encoded_len(cp);
    static const uint8_t lead[5] = { 0, 0x00, 0xC0, 0xE0, 0xF0 };
    for (size_t i = n - 1; i > 0; i--) {
        out[i] = (char)(0x80 | (cp & 0x3F));
        cp >>= 6;
    }
    out[0] = (char)(lead[n] | cp);
    return n;
}
