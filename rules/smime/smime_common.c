/* Shared S/MIME rule helpers (see smime_common.h). */
#include "smime_common.h"
#include "util/utf8.h"

#include <string.h>

/* ---- subject attribute presence table -------------------------------- */

/* One row per attribute of BR 7.1.4.2.3 - 7.1.4.2.6: presence per type
 * (MV, OV, SV, IV) and generation (Legacy, Multipurpose, Strict).
 * The "one of givenName/surname/pseudonym SHALL be present" notes for SV
 * and IV are rules of their own (smime_subject_personal_name_missing). */
#define P SMIME_ATTR_PROHIBITED
#define M SMIME_ATTR_MAY
#define R SMIME_ATTR_REQUIRED
static const struct attr_row {
    cs_oid_id type;
    uint8_t presence[4][3]; /* [type-1][generation-1] */
} attr_table[] = {
    /*                                  MV L/MP/S  OV L/MP/S  SV L/MP/S  IV L/MP/S */
    { CS_OID_AT_COMMON_NAME,            { { M, M, M }, { M, M, M }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_ORGANIZATION,           { { P, P, P }, { R, R, R }, { R, R, R }, { P, P, P } } },
    { CS_OID_AT_ORG_UNIT,               { { P, P, P }, { M, M, M }, { M, M, M }, { P, P, P } } },
    { CS_OID_AT_ORGANIZATION_IDENTIFIER,{ { P, P, P }, { R, R, R }, { R, R, R }, { P, P, P } } },
    { CS_OID_AT_GIVEN_NAME,             { { P, P, P }, { P, P, P }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_SURNAME,                { { P, P, P }, { P, P, P }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_PSEUDONYM,              { { P, P, P }, { P, P, P }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_SERIAL_NUMBER,          { { M, M, M }, { M, M, M }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_EMAIL_ADDRESS,          { { M, M, M }, { M, M, M }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_TITLE,                  { { P, P, P }, { P, P, P }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_STREET,                 { { P, P, P }, { M, M, P }, { M, M, P }, { M, M, P } } },
    { CS_OID_AT_POSTAL_CODE,            { { P, P, P }, { M, M, P }, { M, M, P }, { M, M, P } } },
    { CS_OID_AT_LOCALITY,               { { P, P, P }, { M, M, M }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_STATE,                  { { P, P, P }, { M, M, M }, { M, M, M }, { M, M, M } } },
    { CS_OID_AT_COUNTRY,                { { P, P, P }, { M, M, M }, { M, M, M }, { M, M, M } } },
};
#undef P
#undef M
#undef R

bool smime_attr_listed(cs_oid_id type)
{
    if (type == CS_OID_UNKNOWN)
        return false;
    for (size_t i = 0; i < sizeof attr_table / sizeof attr_table[0]; i++)
        if (attr_table[i].type == type)
            return true;
    return false;
}

smime_presence smime_attr_presence(cs_oid_id type, unsigned smime_type, unsigned generation)
{
    if (smime_type < CS_SMIME_MAILBOX || smime_type > CS_SMIME_INDIVIDUAL || generation < CS_SMIME_LEGACY ||
        generation > CS_SMIME_STRICT)
        return SMIME_ATTR_MAY;
    if (type != CS_OID_UNKNOWN)
        for (size_t i = 0; i < sizeof attr_table / sizeof attr_table[0]; i++)
            if (attr_table[i].type == type)
                return (smime_presence)attr_table[i].presence[smime_type - 1][generation - 1];
    /* "Other" row: only Legacy OV/SV/IV may carry unlisted attributes. */
    return smime_type != CS_SMIME_MAILBOX && generation == CS_SMIME_LEGACY ? SMIME_ATTR_MAY
                                                                          : SMIME_ATTR_PROHIBITED;
}

/* ---- CA certificates ------------------------------------------------ */

cs_oid_id smime_ca_prohibited_eku(const cs_cert *c)
{
    static const cs_oid_id banned[] = { CS_OID_KP_SERVER_AUTH, CS_OID_KP_CODE_SIGNING, CS_OID_KP_TIME_STAMPING,
                                        CS_OID_KP_ANY };
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        if (cs_cert_has_eku(c, banned[i]))
            return banned[i];
    return CS_OID_UNKNOWN;
}

bool smime_ca_policies_ok(const cs_cert *c)
{
    for (uint16_t i = 0; i < c->policies.n; i++) {
        cs_oid_id id = c->policies.items[i].id;
        if (id == CS_OID_POLICY_ANY || (id >= CS_OID_POLICY_SMIME_MV_LEGACY && id <= CS_OID_POLICY_SMIME_IV_STRICT))
            return true;
    }
    return false;
}

/* ---- text ----------------------------------------------------------- */

int smime_attr_text(uint8_t tag, cs_span v, char *buf, size_t size)
{
    if (size == 0)
        return -1;
    size_t n = 0;
    if (tag == CS_TAG_BMP_STRING || tag == CS_TAG_UNIVERSAL_STRING) {
        for (size_t i = 0; i < v.len;) {
            uint32_t cp;
            i += cs_der_wide_char(tag, v.p + i, v.len - i, &cp);
            if (cp == CS_UTF8_INVALID || n + 4 >= size)
                return -1;
            n += cs_utf8_encode(cp, buf + n);
        }
    } else {
        if (v.len >= size)
            return -1;
        if (v.len)
            memcpy(buf, v.p, v.len);
        n = v.len;
    }
    buf[n] = '\0';
    return (int)n;
}

bool smime_span_eq_str_ci(cs_span a, const char *s)
{
    return cs_span_eq_nocase(a, cs_span_make(s, strlen(s)));
}

bool smime_span_has_prefix_ci(cs_span a, const char *prefix)
{
    size_t n = strlen(prefix);
    return a.len >= n && cs_span_eq_nocase(cs_span_make(a.p, n), cs_span_make(prefix, n));
}

/* ---- mailboxes ------------------------------------------------------ */

bool smime_mailbox_split(cs_span m, cs_span *local, cs_span *domain)
{
    for (size_t i = m.len; i-- > 0;)
        if (m.p[i] == '@') {
            *local = cs_span_make(m.p, i);
            *domain = cs_span_make(m.p + i + 1, m.len - i - 1);
            return true;
        }
    return false;
}

static bool mailbox_eq(cs_span a, cs_span b)
{
    cs_span al, ad, bl, bd;
    if (!smime_mailbox_split(a, &al, &ad) || !smime_mailbox_split(b, &bl, &bd))
        return cs_span_eq(a, b);
    return cs_span_eq(al, bl) && cs_span_eq_nocase(ad, bd);
}

bool smime_san_has_mailbox(const cs_cert *c, cs_span mailbox)
{
    if (!c->san.present)
        return false;
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_RFC822 && mailbox_eq(g->value, mailbox))
            return true;
        if (g->type == CS_GN_OTHER_NAME && g->other_type == CS_OID_ON_SMTP_UTF8_MAILBOX &&
            mailbox_eq(g->other_value, mailbox))
            return true;
    }
    return false;
}

/* ---- hosts and URIs ------------------------------------------------- */

cs_span smime_uri_host(cs_span uri)
{
    size_t i = 0;
    while (i < uri.len && uri.p[i] != ':')
        i++;
    if (i + 2 >= uri.len || uri.p[i + 1] != '/' || uri.p[i + 2] != '/')
        return cs_span_make(uri.p, 0);
    size_t start = i + 3, end = start;
    while (end < uri.len && uri.p[end] != '/' && uri.p[end] != '?' && uri.p[end] != '#')
        end++;
    /* drop userinfo */
    for (size_t k = end; k-- > start;)
        if (uri.p[k] == '@') {
            start = k + 1;
            break;
        }
    if (start < end && uri.p[start] == '[') { /* IPv6 literal: keep the brackets */
        size_t k = start;
        while (k < end && uri.p[k] != ']')
            k++;
        return cs_span_make(uri.p + start, k < end ? k + 1 - start : end - start);
    }
    size_t k = start;
    while (k < end && uri.p[k] != ':')
        k++;
    return cs_span_make(uri.p + start, k - start);
}

static bool parse_ipv4(cs_span h, uint8_t out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        unsigned v = 0, digits = 0;
        while (i < h.len && h.p[i] >= '0' && h.p[i] <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(h.p[i] - '0');
            i++;
            digits++;
        }
        if (!digits || v > 255)
            return false;
        out[part] = (uint8_t)v;
        if (part < 3) {
            if (i >= h.len || h.p[i] != '.')
                return false;
            i++;
        }
    }
    return i == h.len;
}

bool smime_host_is_internal(cs_span host)
{
    static const char *const internal_tlds[] = {
        "local", "localhost", "localdomain", "internal", "intranet", "lan", "corp", "home",
        "private", "test", "example", "invalid", "priv",
    };
    if (host.len == 0)
        return false;
    if (host.p[0] == '[') /* IPv6 literal: never a public name for a CA service */
        return true;
    uint8_t ip[4];
    if (parse_ipv4(host, ip)) {
        return ip[0] == 0 || ip[0] == 10 || ip[0] == 127 || (ip[0] == 169 && ip[1] == 254) ||
               (ip[0] == 172 && (ip[1] & 0xF0) == 16) || (ip[0] == 192 && ip[1] == 168) ||
               (ip[0] == 100 && (ip[1] & 0xC0) == 64) || ip[0] >= 224;
    }
    size_t end = host.len;
    if (host.p[end - 1] == '.')
        end--;
    size_t dot = end;
    while (dot > 0 && host.p[dot - 1] != '.')
        dot--;
    if (dot == 0)
        return true; /* a single label */
    cs_span tld = cs_span_make(host.p + dot, end - dot);
    for (size_t i = 0; i < sizeof internal_tlds / sizeof internal_tlds[0]; i++)
        if (smime_span_eq_str_ci(tld, internal_tlds[i]))
            return true;
    /* all-numeric TLD: not a name */
    for (size_t i = 0; i < tld.len; i++)
        if (tld.p[i] < '0' || tld.p[i] > '9')
            return false;
    return true;
}

/* ---- countries, LEI -------------------------------------------------- */

static bool in_pair_list(const char *list, const char *cc2)
{
    for (const char *p = list; p[0] && p[1]; p += 2)
        if (p[0] == cc2[0] && p[1] == cc2[1])
            return true;
    return false;
}

bool smime_eu_eea_country(const char *cc2)
{
    /* EU 27 + EEA (IS, LI, NO) */
    return in_pair_list("ATBEBGHRCYCZDKEEFIFRDEGRHUIEITLVLTLUMTNLPLPTROSKSIESSEISLINO", cc2);
}

bool smime_lei_valid(const char *s, size_t len)
{
    if (len != 20)
        return false;
    unsigned rem = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        unsigned v;
        if (ch >= '0' && ch <= '9')
            v = (unsigned)(ch - '0');
        else if (ch >= 'A' && ch <= 'Z')
            v = (unsigned)(ch - 'A') + 10;
        else
            return false;
        rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
    }
    return rem == 1;
}

/* ---- Name walking ----------------------------------------------------- */

bool smime_name_walk(cs_span name_tlv, smime_attr_fn fn, void *ctx)
{
    cs_der_reader top, name, rdn, atv;
    cs_der_tlv t, set, seq, oid, val;
    cs_der_reader_init(&top, name_tlv.p, name_tlv.p, name_tlv.len, NULL);
    if (cs_der_expect(&top, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t) != CS_DER_OK)
        return false;
    cs_der_reader_enter(&name, &top, &t);
    for (;;) {
        cs_der_status st = cs_der_next(&name, &set);
        if (st == CS_DER_END)
            return true;
        if (st != CS_DER_OK || set.tag != CS_TAG_SET || !set.constructed)
            return false;
        cs_der_reader_enter(&rdn, &name, &set);
        for (;;) {
            st = cs_der_next(&rdn, &seq);
            if (st == CS_DER_END)
                break;
            if (st != CS_DER_OK || seq.tag != CS_TAG_SEQUENCE || !seq.constructed)
                return false;
            cs_der_reader_enter(&atv, &rdn, &seq);
            if (cs_der_expect(&atv, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK ||
                cs_der_next(&atv, &val) != CS_DER_OK)
                return false;
            if (!fn(ctx, cs_oid_lookup(oid.value), (uint8_t)val.tag, val.value))
                return true;
        }
    }
}
