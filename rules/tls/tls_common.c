/* Helpers shared by the TLS rules; see tls_common.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lint/tls_ca_kind.h"
#include "tls_common.h"
#include "util/duration.h"

bool tls_subscriber(const cs_cert *c) { return c->tls.subscriber; }

bool tls_subscriber_with_san(const cs_cert *c) { return c->tls.subscriber && c->san.present; }

bool tls_in_scope(const cs_cert *c) { return c->tls.subscriber || tls_ca_any(c) || tls_ocsp_responder(c); }

bool tls_precert(const cs_cert *c) { return c->tls.subscriber && c->is_precert; }

cs_result tls_check_subject_allowed(const cs_cert *c, const cs_oid_id *allowed, size_t n, const char *who,
                                    cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        size_t k = 0;
        while (k < n && allowed[k] != a->type)
            k++;
        if (k == n) {
            char oid[64];
            return cs_fail(d, "%s holds %s", who, a->type ? cs_oid_short_name(a->type) : cs_oid_to_text(a->oid, oid, sizeof oid));
        }
    }
    return CS_PASS;
}

bool tls_precert_from_signing_ca(const cs_cert *c)
{
    return tls_precert(c) && c->issuer_cert && cs_cert_has_eku(c->issuer_cert, CS_OID_KP_CT_PRECERT_SIGNING);
}

/* BR 6.3.2 table "Reference for maximum Validity Periods" (SC-081).  The
 * first step starts when 398 days became the limit (BR 1.7.1 / SC-31).
 * The step is the one in force at the rules time (the notBefore, or the
 * --as-of date, which also selects the one rule of the four in force). */
const tls_validity_step tls_validity_schedule[] = {
    { "2020-09-01", "2026-03-15", INT64_C(1598918400), INT64_C(1773532800), 398 },
    { "2026-03-15", "2027-03-15", INT64_C(1773532800), INT64_C(1805068800), 200 },
    { "2027-03-15", "2029-03-15", INT64_C(1805068800), INT64_C(1868227200), 100 },
    { "2029-03-15", NULL, INT64_C(1868227200), INT64_MAX, 47 },
};
const size_t tls_validity_schedule_len = sizeof tls_validity_schedule / sizeof tls_validity_schedule[0];

cs_result tls_check_validity(const cs_cert *c, cs_detail *d)
{
    if (!c->not_before.valid || !c->not_after.valid || !c->rules_time_valid)
        return CS_NA;
    for (size_t i = 0; i < tls_validity_schedule_len; i++) {
        const tls_validity_step *s = &tls_validity_schedule[i];
        if (c->rules_time < s->from_t || c->rules_time >= s->until_t)
            continue;
        /* A day is 86,400 s; any part of a further day counts as a day. */
        char v[CS_DURATION_TEXT_MAX];
        if (c->validity_seconds > s->max_days * 86400)
            return cs_fail(d, "validity %s exceeds %lld days for notBefore on or after %s",
                           cs_duration_text(c->validity_seconds, v, sizeof v), (long long)s->max_days, s->from);
        return CS_PASS;
    }
    return CS_NA;
}

static int64_t add_months(int64_t t, int months)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return INT64_MAX;
    tm.tm_mon += months;
    return (int64_t)timegm(&tm);
}

cs_result tls_check_validity_months(const cs_cert *c, cs_detail *d, int months)
{
    if (!c->not_before.valid || !c->not_after.valid)
        return CS_NA;
    if (c->not_after.t > add_months(c->not_before.t, months)) {
        char v[CS_DURATION_TEXT_MAX];
        return cs_fail(d, "validity %s exceeds %d months",
                       cs_duration_text(c->not_after.t - c->not_before.t, v, sizeof v), months);
    }
    return CS_PASS;
}

/* BR 1.6.1: <= 10 days from 2024-03-15, <= 7 days from 2026-03-15 (the
 * definition in force at the rules time). */
bool tls_short_lived(const cs_cert *c)
{
    if (!c->not_before.valid || !c->not_after.valid || !c->rules_time_valid)
        return false;
    if (c->rules_time >= INT64_C(1773532800))
        return c->validity_seconds <= 604800;
    if (c->rules_time >= INT64_C(1710460800))
        return c->validity_seconds <= 864000;
    return false;
}

#define BR1_INTERNAL_NAMES_END INT64_C(1446422400) /* 2015-11-02T00:00:00Z */

bool tls_br1_internal_names_allowed(const cs_cert *c)
{
    return c->not_after.valid && c->not_after.t < BR1_INTERNAL_NAMES_END &&
           (!c->rules_time_valid || c->rules_time < BR1_INTERNAL_NAMES_END);
}

/* IANA IPv4/IPv6 Special-Purpose Address Registries (2025), plus the
 * multicast ranges and, for IPv6, everything outside 2000::/3. */
static const struct {
    uint8_t len;
    uint8_t prefix_bits;
    uint8_t addr[16];
} reserved[] = {
    { 4, 8, { 0 } },                          /* 0.0.0.0/8 */
    { 4, 8, { 10 } },                         /* 10.0.0.0/8 */
    { 4, 10, { 100, 64 } },                   /* 100.64.0.0/10 */
    { 4, 8, { 127 } },                        /* 127.0.0.0/8 */
    { 4, 16, { 169, 254 } },                  /* 169.254.0.0/16 */
    { 4, 12, { 172, 16 } },                   /* 172.16.0.0/12 */
    { 4, 24, { 192, 0, 0 } },                 /* 192.0.0.0/24 */
    { 4, 24, { 192, 0, 2 } },                 /* 192.0.2.0/24 */
    { 4, 24, { 192, 31, 196 } },              /* 192.31.196.0/24 */
    { 4, 24, { 192, 52, 193 } },              /* 192.52.193.0/24 */
    { 4, 24, { 192, 88, 99 } },               /* 192.88.99.0/24 */
    { 4, 16, { 192, 168 } },                  /* 192.168.0.0/16 */
    { 4, 24, { 192, 175, 48 } },              /* 192.175.48.0/24 */
    { 4, 15, { 198, 18 } },                   /* 198.18.0.0/15 */
    { 4, 24, { 198, 51, 100 } },              /* 198.51.100.0/24 */
    { 4, 24, { 203, 0, 113 } },               /* 203.0.113.0/24 */
    { 4, 4, { 224 } },                        /* 224.0.0.0/4 multicast */
    { 4, 4, { 240 } },                        /* 240.0.0.0/4 (incl. 255.255.255.255) */
    { 16, 23, { 0x20, 0x01, 0x00 } },         /* 2001::/23 */
    { 16, 32, { 0x20, 0x01, 0x0d, 0xb8 } },   /* 2001:db8::/32 */
    { 16, 16, { 0x20, 0x02 } },               /* 2002::/16 */
    { 16, 20, { 0x3f, 0xff } },               /* 3fff::/20 */
};

static bool prefix_match(const uint8_t *ip, const uint8_t *net, unsigned bits)
{
    unsigned full = bits / 8, rest = bits % 8;
    if (full && memcmp(ip, net, full) != 0)
        return false;
    if (rest) {
        uint8_t mask = (uint8_t)(0xff00u >> rest);
        if ((ip[full] & mask) != (net[full] & mask))
            return false;
    }
    return true;
}

bool tls_ip_reserved(const uint8_t *ip, size_t len)
{
    /* Outside 2000::/3 (global unicast) is ::/128, ::1, ::ffff:0:0/96,
     * 64:ff9b::/96, 100::/64, fc00::/7, fe80::/10, ff00::/8, 5f00::/16
     * and unallocated space. */
    if (len == 16 && (ip[0] & 0xe0) != 0x20)
        return true;
    size_t n = sizeof reserved / sizeof reserved[0];
    for (size_t i = 0; i < n; i++)
        if (reserved[i].len == len && prefix_match(ip, reserved[i].addr, reserved[i].prefix_bits))
            return true;
    return false;
}

size_t tls_ip_to_text(const uint8_t *ip, size_t len, char *buf, size_t size)
{
    int w;
    if (len == 4) {
        w = snprintf(buf, size, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
        return w > 0 && (size_t)w < size ? (size_t)w : 0;
    }
    if (len != 16 || size < 40)
        return 0;
    unsigned g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)ip[2 * i] << 8 | ip[2 * i + 1];
    /* RFC 5952 4.2: compress the longest run (first on ties) of two or more zero groups. */
    int best = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        if (g[i]) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && !g[j])
            j++;
        if (j - i > best_len && j - i >= 2) {
            best = i;
            best_len = j - i;
        }
        i = j;
    }
    size_t used = 0;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            w = snprintf(buf + used, size - used, "%s", i == 0 ? "::" : ":");
            used += (size_t)w;
            i += best_len - 1;
            continue;
        }
        w = snprintf(buf + used, size - used, "%x%s", g[i], i < 7 ? ":" : "");
        used += (size_t)w;
    }
    return used;
}

bool tls_url_is_http(cs_span uri, bool allow_https)
{
    static const char http[] = "http://", https[] = "https://";
    if (uri.len > 7 && cs_span_eq_nocase(cs_span_make(uri.p, 7), cs_span_make(http, 7)))
        return true;
    return allow_https && uri.len > 8 && cs_span_eq_nocase(cs_span_make(uri.p, 8), cs_span_make(https, 8));
}

static bool ip_text_matches(cs_span cn, const cs_general_name *g, bool loose)
{
    char text[48];
    size_t n = tls_ip_to_text(g->value.p, g->value.len, text, sizeof text);
    if (n && cs_span_eq_bytes(cn, text, n))
        return true;
    uint8_t bin[16];
    char buf[64];
    if (!loose || cn.len == 0 || cn.len >= sizeof buf || memchr(cn.p, 0, cn.len))
        return false;
    memcpy(buf, cn.p, cn.len);
    buf[cn.len] = 0;
    int af = g->value.len == 4 ? AF_INET : AF_INET6;
    return (g->value.len == 4 || g->value.len == 16) && inet_pton(af, buf, bin) == 1 &&
           memcmp(bin, g->value.p, g->value.len) == 0;
}

bool tls_cn_in_san(const cs_cert *c, cs_span cn, bool loose)
{
    for (uint16_t i = 0; c->san.present && i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_DNS && (loose ? cs_span_eq_nocase(g->value, cn) : cs_span_eq(g->value, cn)))
            return true;
        if (g->type == CS_GN_IP && ip_text_matches(cn, g, loose))
            return true;
    }
    return false;
}

bool tls_eku_other_than(const cs_cert *c, cs_oid_id only, char *name, size_t size)
{
    for (uint16_t i = 0; i < c->eku.n && i < CS_MAX_EKUS; i++)
        if (c->eku.ids[i] != only) {
            if (c->eku.ids[i])
                snprintf(name, size, "%s", cs_oid_short_name(c->eku.ids[i]));
            else
                cs_oid_to_text(c->eku.oids[i], name, size);
            return true;
        }
    return false;
}
