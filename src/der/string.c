/* Character-set checks for the ASN.1 string types X.509 names use. */
#include "der/der.h"

/* Strict UTF-8 (RFC 3629): no overlongs, no surrogates, <= U+10FFFF. */
static bool utf8_valid(cs_span v)
{
    size_t i = 0;
    while (i < v.len) {
        uint8_t b = v.p[i];
        size_t n;
        uint32_t cp, min;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xE0) == 0xC0) {
            n = 1, cp = b & 0x1F, min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            n = 2, cp = b & 0x0F, min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            n = 3, cp = b & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (v.len - i - 1 < n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((v.p[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (v.p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

static bool printable_char(uint8_t c)
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

void cs_der_string_check(cs_der_reader *r, uint32_t tag, cs_span v, const uint8_t *at)
{
    cs_fault_kind bad = CS_FAULT_KIND_COUNT;
    switch (tag) {
    case CS_TAG_UTF8_STRING:
        if (!utf8_valid(v))
            bad = CS_FAULT_BAD_UTF8;
        break;
    case CS_TAG_PRINTABLE_STRING:
        for (size_t i = 0; i < v.len; i++)
            if (!printable_char(v.p[i])) {
                bad = CS_FAULT_BAD_PRINTABLE;
                break;
            }
        break;
    case CS_TAG_IA5_STRING:
        for (size_t i = 0; i < v.len; i++)
            if (v.p[i] > 0x7F) {
                bad = CS_FAULT_BAD_IA5;
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
