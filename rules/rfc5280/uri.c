/* RFC 5280 4.2.1.6 uniformResourceIdentifier syntax (RFC 3986) in the
 * subjectAltName, and 4.2.1.10 URI name constraints (a host or a domain,
 * as a fully qualified domain name). */
#include "rfc5280_common.h"

static bool alpha(uint8_t ch) { return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'; }
static bool digit(uint8_t ch) { return ch >= '0' && ch <= '9'; }
static bool hexdig(uint8_t ch) { return digit(ch) || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f'); }

/* RFC 3986 2.2, 2.3: unreserved, gen-delims and sub-delims ('%' apart). */
static bool uri_char(uint8_t ch)
{
    if (alpha(ch) || digit(ch))
        return true;
    switch (ch) {
    case '-': case '.': case '_': case '~':
    case ':': case '/': case '?': case '#': case '[': case ']': case '@':
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case ';': case '=':
        return true;
    default:
        return false;
    }
}

/* Dotted-decimal IPv4 (four octets of at most 255). */
static bool ipv4_literal(const uint8_t *p, size_t n)
{
    unsigned parts = 0, value = 0, digits = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '.') {
            if (digits == 0 || value > 255)
                return false;
            parts++, value = 0, digits = 0;
        } else if (digit(p[i]) && digits < 3) {
            value = value * 10 + (unsigned)(p[i] - '0');
            digits++;
        } else {
            return false;
        }
    }
    return parts == 4;
}

/* The host of an authority (after any userinfo, before any port). */
static const char *host_error(const uint8_t *p, size_t n)
{
    if (n == 0)
        return "the authority has no host";
    if (p[0] == '[')
        return p[n - 1] == ']' && n > 2 ? NULL : "malformed IP literal";
    bool numeric = true;
    for (size_t i = 0; i < n; i++)
        numeric = numeric && (digit(p[i]) || p[i] == '.');
    if (numeric)
        return ipv4_literal(p, n) ? NULL : "host is neither an FQDN nor an IP address";
    if (p[n - 1] == '.') /* an absolute name: the trailing dot is the root */
        n--;
    size_t labels = 0, len = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != '.') {
            len++;
            continue;
        }
        if (len == 0)
            return "host has an empty label";
        labels++, len = 0;
    }
    return labels >= 2 ? NULL : "host is not a fully qualified domain name";
}

const char *rfc5280_uri_error(cs_span uri)
{
    const uint8_t *p = uri.p;
    size_t n = uri.len;
    if (n == 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%') {
            if (i + 2 >= n || !hexdig(p[i + 1]) || !hexdig(p[i + 2]))
                return "'%' not followed by two hex digits";
            i += 2;
        } else if (!uri_char(p[i])) {
            return "a character RFC 3986 does not allow (space, control, non-ASCII, or one of \"<>\\^`{|})";
        }
    }
    size_t colon = 0;
    while (colon < n && p[colon] != ':' && p[colon] != '/' && p[colon] != '?' && p[colon] != '#')
        colon++;
    if (colon == n || p[colon] != ':' || colon == 0)
        return "no scheme: a relative reference";
    if (!alpha(p[0]))
        return "scheme does not start with a letter";
    for (size_t i = 1; i < colon; i++)
        if (!alpha(p[i]) && !digit(p[i]) && p[i] != '+' && p[i] != '-' && p[i] != '.')
            return "character not allowed in the scheme";
    const uint8_t *rest = p + colon + 1;
    size_t rn = n - colon - 1;
    if (rn == 0)
        return "no scheme-specific part";
    if (rn < 2 || rest[0] != '/' || rest[1] != '/')
        return NULL; /* no authority (mailto:, urn:, ...) */
    size_t a = 2, end = 2;
    while (end < rn && rest[end] != '/' && rest[end] != '?' && rest[end] != '#')
        end++;
    for (size_t i = a; i < end; i++) /* userinfo ends at the last '@' */
        if (rest[i] == '@')
            a = i + 1;
    size_t host_end = end;
    if (a < end && rest[a] == '[') {
        while (host_end > a && rest[host_end - 1] != ']')
            host_end--;
        if (host_end == a)
            return "malformed IP literal";
    } else {
        for (size_t i = a; i < end; i++)
            if (rest[i] == ':') {
                host_end = i;
                break;
            }
    }
    for (size_t i = host_end; i < end; i++) /* the port: ':' then digits */
        if (i > host_end ? !digit(rest[i]) : rest[i] != ':')
            return "port is not a number";
    return host_error(rest + a, host_end - a);
}

static bool has_san(const cs_cert *c) { return c->san.present; }

static cs_result check_san_uri(const cs_cert *c, cs_detail *d)
{
    return cs_san_syntax(c, d, CS_GN_URI, "uniformResourceIdentifier", rfc5280_uri_error);
}
CS_RULE(rfc5280_san_uri_syntax) = {
    .id = "rfc5280_san_uri_syntax", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.6; RFC 3986 3, 4.3", .effective = NULL,
    .description = "A SAN uniformResourceIdentifier is relative, lacks a scheme or scheme-specific part, has characters "
                   "RFC 3986 does not allow, or has an authority whose host is not an FQDN or IP address",
    .applies_to = "certificates with subjectAltName",
    .zlint = "e_ext_san_uri_format_invalid,e_ext_san_uri_relative,e_ext_san_uri_host_not_fqdn_or_ip", .pkilint = "pkix.invalid_uri_syntax",
    .applies = has_san, .check = check_san_uri,
};

/* The constraint is a host ("host.example.com") or, with a leading
 * period, a domain (".example.com"); either way a domain name in
 * preferred name syntax, not a URI, not an IP address, not a wildcard. */
static const char *nc_uri_error(cs_span v)
{
    if (v.len && v.p[0] == '.')
        v = cs_span_make(v.p + 1, v.len - 1);
    if (v.len == 0)
        return "empty host";
    for (size_t i = 0; i + 2 < v.len; i++)
        if (v.p[i] == ':' && v.p[i + 1] == '/' && v.p[i + 2] == '/')
            return "a URI, not a host or domain name";
    const char *e = cs_dns_syntax_error(v, 0);
    if (e)
        return e;
    bool numeric = true;
    for (size_t i = v.len; i > 0 && v.p[i - 1] != '.'; i--)
        numeric = numeric && digit(v.p[i - 1]);
    return numeric ? "an IP address, not a domain name" : NULL;
}

static bool has_nc(const cs_cert *c) { return c->name_constraints.present; }

static cs_result check_nc_uri(const cs_cert *c, cs_detail *d)
{
    const struct { const cs_subtree *t; uint16_t n; const char *what; } sets[] = {
        { c->name_constraints.permitted, c->name_constraints.n_permitted, "permitted" },
        { c->name_constraints.excluded, c->name_constraints.n_excluded, "excluded" },
    };
    for (size_t s = 0; s < 2; s++)
        for (uint16_t i = 0; i < sets[s].n; i++) {
            const cs_general_name *g = sets[s].t[i].base;
            const char *e = g && g->type == CS_GN_URI ? nc_uri_error(g->value) : NULL;
            if (e)
                return cs_fail(d, "%s URI constraint '%.*s': %s", sets[s].what, (int)(g->value.len > 64 ? 64 : g->value.len),
                               (const char *)g->value.p, e);
        }
    return CS_PASS;
}
CS_RULE(rfc5280_nc_uri_not_fqdn) = {
    .id = "rfc5280_nc_uri_not_fqdn", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.10", .effective = NULL,
    .description = "A uniformResourceIdentifier name constraint is not a fully qualified domain name (optionally "
                   "with a leading period): a URI, an IP address, a wildcard, or bad domain syntax",
    .applies_to = "certificates with nameConstraints",
    .zlint = "e_name_constraint_not_fqdn", .pkilint = NULL,
    .applies = has_nc, .check = check_nc_uri,
};
