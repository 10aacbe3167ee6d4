/* Helpers shared by the RFC 5280 rules; see rfc5280_common.h. */
#include <stdio.h>
#include <string.h>

#include "rfc5280_common.h"

bool rfc5280_all(const cs_cert *c)
{
    (void)c;
    return true;
}

bool rfc5280_offset_in(const cs_cert *c, cs_span s, uint32_t off)
{
    if (!s.p || !c->der.p || s.p < c->der.p)
        return false;
    size_t start = (size_t)(s.p - c->der.p);
    return off >= start && off < start + s.len;
}

const cs_fault *rfc5280_find_fault(const cs_cert *c, const uint16_t *kinds, size_t n,
                                   const cs_span *skip, size_t n_skip)
{
    for (uint16_t i = 0; i < c->faults.n && i < CS_MAX_FAULTS; i++) {
        const cs_fault *f = &c->faults.items[i];
        bool wanted = false;
        for (size_t k = 0; k < n && !wanted; k++)
            wanted = f->kind == kinds[k];
        if (!wanted)
            continue;
        bool skipped = false;
        for (size_t s = 0; s < n_skip && !skipped; s++)
            skipped = rfc5280_offset_in(c, skip[s], f->offset);
        if (!skipped)
            return f;
    }
    return NULL;
}

cs_result rfc5280_report_faults(const cs_cert *c, cs_detail *d, const uint16_t *kinds, size_t n,
                                const cs_span *skip, size_t n_skip)
{
    const cs_fault *f = rfc5280_find_fault(c, kinds, n, skip, n_skip);
    if (!f)
        return CS_PASS;
    return cs_fail(d, "%s at offset %u (%s)", cs_fault_name((cs_fault_kind)f->kind),
                   (unsigned)f->offset, cs_fault_description((cs_fault_kind)f->kind));
}

/* One owner per fault kind, so that one encoding defect is counted by one
 * rule.  Location-specific exceptions (KU bit strings, subject
 * PrintableStrings) are handled by the owners' skip spans. */
static const char *const fault_owner[CS_FAULT_KIND_COUNT] = {
    [CS_FAULT_NONMINIMAL_LENGTH] = "rfc5280_der_length_encoding",
    [CS_FAULT_INDEFINITE_LENGTH] = "rfc5280_der_length_encoding",
    [CS_FAULT_NONMINIMAL_INTEGER] = "rfc5280_der_integer_encoding",
    [CS_FAULT_EMPTY_INTEGER] = "rfc5280_der_integer_encoding",
    [CS_FAULT_HIGH_TAG_FORM] = "rfc5280_der_tag_encoding",
    [CS_FAULT_CONSTRUCTED_STRING] = "rfc5280_der_constructed_string",
    [CS_FAULT_BAD_BOOLEAN] = "rfc5280_der_boolean_encoding",
    [CS_FAULT_DEFAULT_ENCODED] = "rfc5280_der_default_encoded",
    [CS_FAULT_SET_UNSORTED] = "rfc5280_der_set_order",
    [CS_FAULT_BAD_BITSTRING] = "rfc5280_der_bitstring_encoding",
    [CS_FAULT_BAD_OID] = "rfc5280_der_oid_encoding",
    [CS_FAULT_BAD_TIME] = "rfc5280_time_format",
    [CS_FAULT_TIME_WRONG_TYPE] = "rfc5280_time_format",
    [CS_FAULT_BAD_UTF8] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_PRINTABLE] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_IA5] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_BMP] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_UNIVERSAL] = "rfc5280_der_string_content",
    [CS_FAULT_TRAILING_DATA] = "rfc5280_der_trailing_data",
    [CS_FAULT_EXT_TRAILING_DATA] = "rfc5280_ext_invalid_der",
    [CS_FAULT_BAD_EXTENSION_VALUE] = "rfc5280_ext_invalid_der",
    [CS_FAULT_DUPLICATE_EXTENSION] = "rfc5280_duplicate_extension",
    [CS_FAULT_EMPTY_SEQUENCE] = "rfc5280_ext_empty_sequence",
    [CS_FAULT_TOO_MANY] = "rfc5280_view_truncated",
    [CS_FAULT_UNEXPECTED_TAG] = "rfc5280_der_unexpected_tag",
};

const char *rfc5280_fault_owner(cs_fault_kind k)
{
    return (unsigned)k < CS_FAULT_KIND_COUNT ? fault_owner[k] : NULL;
}

cs_result rfc5280_report_owned(const cs_cert *c, cs_detail *d, const char *owner,
                               const cs_span *skip, size_t n_skip)
{
    for (uint16_t i = 0; i < c->faults.n && i < CS_MAX_FAULTS; i++) {
        const cs_fault *f = &c->faults.items[i];
        const char *o = rfc5280_fault_owner((cs_fault_kind)f->kind);
        if (!o || strcmp(o, owner) != 0)
            continue;
        bool skipped = false;
        for (size_t s = 0; s < n_skip && !skipped; s++)
            skipped = rfc5280_offset_in(c, skip[s], f->offset);
        if (!skipped)
            return cs_fail(d, "%s at offset %u (%s)", cs_fault_name((cs_fault_kind)f->kind),
                           (unsigned)f->offset, cs_fault_description((cs_fault_kind)f->kind));
    }
    return CS_PASS;
}

static bool is_alpha(uint8_t ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
static bool is_digit(uint8_t ch) { return ch >= '0' && ch <= '9'; }

const char *rfc5280_dns_syntax_error(cs_span name, bool allow_wildcard)
{
    if (name.len == 0)
        return "empty name";
    if (name.len == 1 && name.p[0] == ' ')
        return "single space (the 'empty' dNSName)";
    if (name.len > 253)
        return "longer than 253 octets";
    if (name.p[name.len - 1] == '.')
        return "trailing dot";
    size_t label_start = 0;
    for (size_t i = 0; i <= name.len; i++) {
        if (i < name.len && name.p[i] != '.')
            continue;
        size_t len = i - label_start;
        const uint8_t *l = name.p + label_start;
        if (len == 0)
            return "empty label";
        if (len > 63)
            return "label longer than 63 octets";
        if (len == 1 && l[0] == '*' && label_start == 0 && allow_wildcard) {
            if (i == name.len)
                return "wildcard without a domain";
        } else {
            for (size_t k = 0; k < len; k++) {
                uint8_t ch = l[k];
                if (ch == '*')
                    return allow_wildcard ? "wildcard not the whole leftmost label" : "wildcard";
                if (ch == ' ')
                    return "space in a label";
                if (ch >= 0x80)
                    return "non-ASCII octet";
                if (!is_alpha(ch) && !is_digit(ch) && ch != '-')
                    return ch == '_' ? "underscore in a label" : "character outside letters, digits and hyphen";
            }
            if (l[0] == '-' || l[len - 1] == '-')
                return "label starts or ends with a hyphen";
        }
        label_start = i + 1;
    }
    return NULL;
}

/* RFC 5322 atext. */
static bool is_atext(uint8_t ch)
{
    if (is_alpha(ch) || is_digit(ch))
        return true;
    switch (ch) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '/': case '=': case '?': case '^': case '_': case '`': case '{':
    case '|': case '}': case '~':
        return true;
    default:
        return false;
    }
}

const char *rfc5280_mailbox_syntax_error(cs_span addr)
{
    if (addr.len == 0)
        return "empty address";
    /* The domain follows the last '@' (a quoted local part may hold '@'). */
    size_t at = addr.len;
    for (size_t i = addr.len; i-- > 0;)
        if (addr.p[i] == '@') {
            at = i;
            break;
        }
    if (at == addr.len)
        return "no '@'";
    if (at == 0)
        return "empty local part";
    const uint8_t *lp = addr.p;
    if (lp[0] == '"') {
        if (at < 2 || lp[at - 1] != '"')
            return "unterminated quoted local part";
        for (size_t i = 1; i + 1 < at; i++) {
            uint8_t ch = lp[i];
            if (ch == '\\') {
                if (++i + 1 >= at || lp[i] < 0x20 || lp[i] > 0x7e)
                    return "bad quoted-pair in local part";
            } else if (ch == '"' || ch < 0x20 || ch > 0x7e) {
                return "bad character in quoted local part";
            }
        }
    } else {
        if (lp[0] == '.' || lp[at - 1] == '.')
            return "local part starts or ends with a dot";
        for (size_t i = 0; i < at; i++) {
            if (lp[i] == '.') {
                if (lp[i + 1] == '.')
                    return "consecutive dots in local part";
            } else if (!is_atext(lp[i])) {
                return lp[i] >= 0x80 ? "non-ASCII octet in local part" : "bad character in local part";
            }
        }
    }
    cs_span dom = cs_span_make(addr.p + at + 1, addr.len - at - 1);
    if (dom.len == 0)
        return "empty domain";
    if (rfc5280_dns_syntax_error(dom, false))
        return "domain not in preferred name syntax";
    return NULL;
}

cs_result rfc5280_gn_syntax(const cs_gn_list *list, cs_detail *d, cs_gn_type type, const char *label,
                            rfc5280_syntax_fn why)
{
    for (uint16_t i = 0; i < list->n; i++) {
        const cs_general_name *g = &list->items[i];
        if (g->type != type)
            continue;
        const char *e = why(g->value);
        if (e)
            return cs_fail(d, "%s '%.*s': %s", label, (int)(g->value.len > 64 ? 64 : g->value.len),
                           (const char *)g->value.p, e);
    }
    return CS_PASS;
}

cs_result rfc5280_san_syntax(const cs_cert *c, cs_detail *d, cs_gn_type type, const char *label,
                             rfc5280_syntax_fn why)
{
    return rfc5280_gn_syntax(&c->san.names, d, type, label, why);
}

bool rfc5280_gn_empty(const cs_general_name *g)
{
    switch (g->type) {
    case CS_GN_DIRECTORY: {
        static const uint8_t empty_name[] = { 0x30, 0x00 };
        return cs_span_eq_bytes(g->value, empty_name, 2);
    }
    case CS_GN_OTHER_NAME:
    case CS_GN_REGISTERED_ID:
        return g->value.len == 0 && g->other_value.len == 0 && g->type != CS_GN_REGISTERED_ID;
    default:
        return g->value.len == 0;
    }
}

bool rfc5280_printable_char(uint8_t ch)
{
    if (is_alpha(ch) || is_digit(ch))
        return true;
    switch (ch) {
    case ' ': case '\'': case '(': case ')': case '+': case ',': case '-': case '.':
    case '/': case ':': case '=': case '?':
        return true;
    default:
        return false;
    }
}

/* RFC 3492 6.2, on at most 63 input octets (a DNS label). */
bool rfc5280_punycode_valid(const uint8_t *in, size_t len)
{
    enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128 };
    uint32_t out[64];
    size_t n_out = 0;
    if (len == 0 || len > 63)
        return false;
    size_t b = 0;
    bool delim = false;
    for (size_t j = 0; j < len; j++)
        if (in[j] == '-') {
            b = j;
            delim = true;
        }
    /* Basic code points before the last delimiter. */
    for (size_t j = 0; delim && j < b; j++) {
        if (in[j] >= 0x80)
            return false;
        out[n_out++] = in[j];
    }
    size_t pos = delim ? b + 1 : 0;
    uint32_t n = INITIAL_N, bias = INITIAL_BIAS;
    uint64_t i = 0;
    bool non_basic = false;
    while (pos < len) {
        uint64_t oldi = i, w = 1;
        for (uint32_t k = BASE;; k += BASE) {
            if (pos >= len)
                return false;
            uint8_t ch = in[pos++];
            uint32_t digit;
            if (ch >= '0' && ch <= '9')
                digit = (uint32_t)(ch - '0' + 26);
            else if (ch >= 'a' && ch <= 'z')
                digit = (uint32_t)(ch - 'a');
            else if (ch >= 'A' && ch <= 'Z')
                digit = (uint32_t)(ch - 'A');
            else
                return false;
            i += digit * w;
            if (i > 0x7fffffffu)
                return false;
            uint32_t t = k <= bias ? TMIN : (k >= bias + TMAX ? TMAX : k - bias);
            if (digit < t)
                break;
            w *= BASE - t;
            if (w > 0x7fffffffu)
                return false;
        }
        /* adapt */
        uint64_t delta = (i - oldi) / (oldi == 0 ? DAMP : 2);
        delta += delta / (n_out + 1);
        uint32_t k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        bias = (uint32_t)(k + (BASE - TMIN + 1) * delta / (delta + SKEW));
        uint64_t nn = n + i / (n_out + 1);
        if (nn > 0x10ffff)
            return false;
        n = (uint32_t)nn;
        i %= (n_out + 1);
        if (n < 0x80 || (n >= 0xd800 && n <= 0xdfff))
            return false;
        if (n_out >= 63)
            return false;
        for (size_t m = n_out; m > i; m--)
            out[m] = out[m - 1];
        out[i] = n;
        n_out++;
        i++;
        non_basic = true;
    }
    return non_basic;
}

size_t rfc5280_string_chars(uint8_t tag, cs_span v)
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

bool rfc5280_span_eq_nocase(cs_span a, cs_span b)
{
    if (a.len != b.len)
        return false;
    for (size_t i = 0; i < a.len; i++) {
        uint8_t x = a.p[i], y = b.p[i];
        if (x >= 'A' && x <= 'Z')
            x = (uint8_t)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (uint8_t)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}
