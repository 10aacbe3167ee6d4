/* Character-set checks for the ASN.1 string types X.509 names use. */
#include "der/der.h"
#include "util/utf8.h"

#define BIT(c) (1ull << ((c) & 63))
const uint64_t cs_der_printable_set[2] = {
    BIT(' ') | BIT('\'') | BIT('(') | BIT(')') | BIT('+') | BIT(',') | BIT('-') | BIT('.') |
        BIT('/') | 0x3FFull << ('0' & 63) | BIT(':') | BIT('=') | BIT('?'),
    0x3FFFFFFull << ('A' & 63) | 0x3FFFFFFull << ('a' & 63),
};
#undef BIT

/* Length of the run of ASCII octets at the start of p. */
static size_t ascii_prefix(const uint8_t *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            break;
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

void cs_der_string_check(cs_der_reader *r, uint32_t tag, cs_span v, const uint8_t *at)
{
    cs_fault_kind bad = CS_FAULT_KIND_COUNT;
    switch (tag) {
    case CS_TAG_UTF8_STRING: {
        /* ASCII is valid UTF-8 one octet a character: decode after it. */
        size_t a = ascii_prefix(v.p, v.len);
        if (!cs_utf8_valid(v.p + a, v.len - a))
            bad = CS_FAULT_BAD_UTF8;
        break;
    }
    case CS_TAG_PRINTABLE_STRING:
        for (size_t i = 0; i < v.len; i++)
            if (!cs_der_printable_char(v.p[i])) {
                bad = CS_FAULT_BAD_PRINTABLE;
                break;
            }
        break;
    case CS_TAG_IA5_STRING:
        if (ascii_prefix(v.p, v.len) != v.len)
            bad = CS_FAULT_BAD_IA5;
        break;
    case CS_TAG_VISIBLE_STRING: /* ISO 646 graphic characters and space (X.680 41.4) */
        for (size_t i = 0; i < v.len; i++)
            if (v.p[i] < 0x20 || v.p[i] > 0x7E) {
                bad = CS_FAULT_BAD_VISIBLE;
                break;
            }
        break;
    case CS_TAG_BMP_STRING:
        if (v.len % 2) {
            bad = CS_FAULT_BAD_BMP;
            break;
        }
        for (size_t i = 0; i < v.len; i += 2)
            if (v.p[i] >= 0xD8 && v.p[i] <= 0xDF) {
                bad = CS_FAULT_BAD_BMP;
                break;
            }
        break;
    case CS_TAG_UNIVERSAL_STRING:
        if (v.len % 4)
            bad = CS_FAULT_BAD_UNIVERSAL;
        break;
    default:
        break;
    }
    if (bad != CS_FAULT_KIND_COUNT)
        cs_faults_add(r->faults, bad, cs_der_offset(r, at));
}

size_t cs_der_string_chars(uint32_t tag, cs_span v)
{
    switch (tag) {
    case CS_TAG_UTF8_STRING: {
        size_t n = 0;
        for (size_t i = 0; i < v.len; i++)
            if ((v.p[i] & 0xc0) != 0x80)
                n++;
        return n;
    }
    case CS_TAG_BMP_STRING:
        return v.len / 2;
    case CS_TAG_UNIVERSAL_STRING:
        return v.len / 4;
    default:
        return v.len;
    }
}

size_t cs_der_wide_char(uint32_t tag, const uint8_t *p, size_t n, uint32_t *cp)
{
    size_t w = tag == CS_TAG_BMP_STRING ? 2 : 4;
    *cp = CS_UTF8_INVALID;
    if (n < w)
        return n;
    uint32_t c = 0;
    for (size_t k = 0; k < w; k++)
        c = c << 8 | p[k];
    if (w == 2 && c >= 0xD800 && c <= 0xDBFF && n >= 4) {
        uint32_t lo = (uint32_t)p[2] << 8 | p[3];
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            *cp = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            return 4;
        }
    }
    if (c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF))
        *cp = c;
    return w;
}
