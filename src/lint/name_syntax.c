/* Domain name, mailbox and A-label syntax; see name_syntax.h. */
#include <arpa/inet.h>
#include <idn2.h>
#include <string.h>

#include "lint/name_syntax.h"

static bool is_alpha(uint8_t ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
static bool is_digit(uint8_t ch) { return ch >= '0' && ch <= '9'; }
static uint8_t lower(uint8_t ch) { return ch >= 'A' && ch <= 'Z' ? (uint8_t)(ch + 32) : ch; }

/* ---- domain names ---------------------------------------------------- */

static const char *label_error(const uint8_t *l, size_t len, unsigned options)
{
    for (size_t k = 0; k < len; k++) {
        uint8_t ch = l[k];
        if (ch == '*')
            return options & CS_DNS_WILDCARD ? "wildcard not the whole leftmost label" : "wildcard";
        if (ch == ' ')
            return "space in a label";
        if (ch >= 0x80)
            return "non-ASCII octet";
        if (ch == '_') {
            if (options & CS_DNS_UNDERSCORE)
                continue;
            return "underscore in a label";
        }
        if (!is_alpha(ch) && !is_digit(ch) && ch != '-')
            return "character outside letters, digits and hyphen";
    }
    if (l[0] == '-' || l[len - 1] == '-')
        return "label starts or ends with a hyphen";
    if ((options & CS_DNS_NO_RESERVED_LDH) && len >= 4 && l[2] == '-' && l[3] == '-') {
        if (lower(l[0]) != 'x' || lower(l[1]) != 'n')
            return "reserved LDH label ('--' in positions 3-4, not xn--)";
        if (!cs_plabel_valid(l + 4, len - 4))
            return "xn-- label that is not a valid P-Label";
    }
    return NULL;
}

const char *cs_dns_syntax_error(cs_span name, unsigned options)
{
    if (name.len == 0)
        return "empty name";
    if (name.len == 1 && name.p[0] == ' ')
        return "single space (the 'empty' dNSName)";
    if (name.len > 253)
        return "longer than 253 octets";
    if (name.p[name.len - 1] == '.')
        return "trailing dot";
    size_t start = 0;
    for (size_t i = 0; i <= name.len; i++) {
        if (i < name.len && name.p[i] != '.')
            continue;
        const uint8_t *l = name.p + start;
        size_t len = i - start;
        if (len == 0)
            return "empty label";
        if (len > 63)
            return "label longer than 63 octets";
        if (start == 0 && len == 1 && l[0] == '*' && (options & CS_DNS_WILDCARD)) {
            if (i == name.len)
                return "wildcard without a domain";
        } else {
            const char *e = label_error(l, len, options);
            if (e)
                return e;
        }
        start = i + 1;
    }
    return NULL;
}

/* ---- mailboxes (RFC 5321 4.1.2, 4.1.3) -------------------------------- */

/* RFC 5322 atext, which RFC 5321 Atom uses. */
static bool is_atext(uint8_t ch)
{
    return is_alpha(ch) || is_digit(ch) || (ch && strchr("!#$%&'*+-/=?^_`{|}~", ch) != NULL);
}

static const char *local_part_error(cs_span l)
{
    if (l.len == 0)
        return "empty local part";
    if (l.len > 64)
        return "local part longer than 64 octets";
    if (l.p[0] == '"') { /* Quoted-string: qtextSMTP and quoted-pairSMTP */
        if (l.len < 2 || l.p[l.len - 1] != '"')
            return "unterminated quoted local part";
        for (size_t i = 1; i + 1 < l.len; i++) {
            uint8_t ch = l.p[i];
            if (ch == '\\') {
                if (++i + 1 >= l.len || l.p[i] < 0x20 || l.p[i] > 0x7e)
                    return "bad quoted-pair in local part";
            } else if (ch == '"' || ch < 0x20 || ch > 0x7e) {
                return "bad character in quoted local part";
            }
        }
        return NULL;
    }
    /* Dot-string: Atom *("." Atom) */
    if (l.p[0] == '.' || l.p[l.len - 1] == '.')
        return "local part starts or ends with a dot";
    for (size_t i = 0; i < l.len; i++) {
        if (l.p[i] == '.') {
            if (l.p[i + 1] == '.')
                return "consecutive dots in local part";
        } else if (!is_atext(l.p[i])) {
            return l.p[i] >= 0x80 ? "non-ASCII octet in local part" : "bad character in local part";
        }
    }
    return NULL;
}

/* IPv4-address-literal = Snum 3("." Snum); Snum = 1*3DIGIT, 0..255. */
static bool ipv4_literal(cs_span s)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        unsigned v = 0, digits = 0;
        while (i < s.len && is_digit(s.p[i]) && digits < 3) {
            v = v * 10 + (unsigned)(s.p[i++] - '0');
            digits++;
        }
        if (!digits || v > 255)
            return false;
        if (part < 3 && (i >= s.len || s.p[i++] != '.'))
            return false;
    }
    return i == s.len;
}

/* The domain part starting with '['. */
static const char *address_literal_error(cs_span d)
{
    if (d.len < 2 || d.p[d.len - 1] != ']')
        return "unterminated address literal";
    cs_span in = cs_span_make(d.p + 1, d.len - 2);
    static const char v6[] = "ipv6:";
    bool tagged_v6 = in.len > 5;
    for (size_t i = 0; tagged_v6 && i < 5; i++)
        tagged_v6 = lower(in.p[i]) == (uint8_t)v6[i];
    if (tagged_v6) {
        char text[INET6_ADDRSTRLEN + 1];
        uint8_t bin[16];
        size_t n = in.len - 5;
        if (n >= sizeof text)
            return "IPv6 address literal that is not an IPv6 address";
        memcpy(text, in.p + 5, n);
        text[n] = '\0';
        if (memchr(text, '\0', n) || inet_pton(AF_INET6, text, bin) != 1)
            return "IPv6 address literal that is not an IPv6 address";
        return NULL;
    }
    if (memchr(in.p, ':', in.len))
        return "address literal with a tag other than IPv6";
    return ipv4_literal(in) ? NULL : "address literal that is not an IPv4 address";
}

const char *cs_mailbox_syntax_error(cs_span addr)
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
    const char *e = local_part_error(cs_span_make(addr.p, at));
    if (e)
        return e;
    cs_span dom = cs_span_make(addr.p + at + 1, addr.len - at - 1);
    if (dom.len == 0)
        return "empty domain";
    if (dom.p[0] == '[')
        return address_literal_error(dom);
    if (cs_dns_syntax_error(dom, 0))
        return "domain not in preferred name syntax";
    return NULL;
}

/* ---- A-labels (IDNA2008, RFC 5891) through libidn2 --------------------- */

/* "xn--" + the lower-case form of `in` (DNS compares ASCII
 * case-insensitively) into alabel; false when `in` cannot be a label tail. */
static bool xn_label(const uint8_t *in, size_t len, char alabel[4 + 63 + 1])
{
    if (len == 0 || len > 63)
        return false;
    memcpy(alabel, "xn--", 4);
    for (size_t k = 0; k < len; k++) {
        if (in[k] == 0 || in[k] >= 0x80 || in[k] == '.')
            return false;
        alabel[4 + k] = (char)lower(in[k]);
    }
    alabel[4 + len] = 0;
    return true;
}

bool cs_punycode_valid(const uint8_t *in, size_t len)
{
    char alabel[4 + 63 + 1];
    if (!xn_label(in, len, alabel))
        return false;
    /* Decode to the U-label, then look it up as IDNA2008 prescribes (no
     * UTS #46 mapping): a valid A-label is the exact encoding of a valid
     * U-label, so the lookup must give the same A-label back. */
    char *ulabel = NULL;
    uint8_t *back = NULL;
    bool ok = idn2_to_unicode_8z8z(alabel, &ulabel, 0) == IDN2_OK && ulabel && ulabel[0] &&
              idn2_lookup_u8((const uint8_t *)ulabel, &back, IDN2_NO_TR46) == IDN2_OK && back &&
              strcmp((const char *)back, alabel) == 0;
    idn2_free(ulabel);
    idn2_free(back);
    return ok;
}

bool cs_plabel_valid(const uint8_t *in, size_t len)
{
    char alabel[4 + 63 + 1];
    if (!xn_label(in, len, alabel))
        return false;
    /* idn2_to_unicode_8z8z only undoes the Punycode (RFC 3492 6.2); it
     * does not judge the code points. */
    char *ulabel = NULL;
    bool ok = idn2_to_unicode_8z8z(alabel, &ulabel, 0) == IDN2_OK && ulabel && ulabel[0];
    idn2_free(ulabel);
    return ok;
}
