/* BR 7.1.2.7.12: dNSName entries are FQDNs or Wildcard Domain Names made
 * of P-Labels or Non-Reserved LDH Labels, not Internal Names. */
#include <string.h>

#include "lint/gn_syntax.h"
#include "tls_common.h"

#define SHOW(v) (int)((v).len > 64 ? 64 : (v).len), (const char *)(v).p

static bool ends_with_nocase(cs_span name, const char *suffix)
{
    size_t n = strlen(suffix);
    return name.len >= n && cs_span_eq_nocase(cs_span_make(name.p + name.len - n, n), cs_span_make(suffix, n));
}

/* The IP Reverse Zone Suffix ban is dated 2026-03-15 inside the rule
 * (BR 4.2.2, SC-086), as is the BR 1.0 allowance for Internal Names. */
static cs_result check_tld(const cs_cert *c, cs_detail *d)
{
    bool internal_allowed = tls_br1_internal_names_allowed(c);
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type != CS_GN_DNS || g->value.len == 0)
            continue;
        cs_span v = g->value;
        if (v.p[v.len - 1] == '.') /* trailing dot: tls_dnsname_bad_syntax */
            v.len--;
        if (!internal_allowed && !cs_psl_tld_known(v))
            return cs_fail(d, "dNSName '%.*s' is an Internal Name (no IANA-delegated TLD)", SHOW(g->value));
        if (c->rules_time_valid && c->rules_time >= INT64_C(1773532800) &&
            (ends_with_nocase(v, ".in-addr.arpa") || ends_with_nocase(v, ".ip6.arpa") ||
             cs_span_eq_nocase(v, cs_span_make("in-addr.arpa", 12)) ||
             cs_span_eq_nocase(v, cs_span_make("ip6.arpa", 8))))
            return cs_fail(d, "dNSName '%.*s' ends in an IP Reverse Zone Suffix", SHOW(g->value));
    }
    return CS_PASS;
}
CS_RULE(tls_dnsname_invalid_tld) = {
    .id = "tls_dnsname_invalid_tld", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.12, 4.2.2, 1.6.1 (Internal Name)", .effective = TLS_BR_START,
    .description = "A dNSName is an Internal Name (its TLD is not in the IANA root zone), or from 2026-03-15 ends in in-addr.arpa / ip6.arpa",
    .zlint = "e_dnsname_not_valid_tld,e_arpa_domain_not_allowed", .pkilint = "cabf.internal_domain_name,cabf.serverauth.ip_reverse_zone_domain_name_present",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san, .check = check_tld,
};

static cs_result check_underscore(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_DNS && memchr(g->value.p, '_', g->value.len))
            return cs_fail(d, "dNSName '%.*s' contains an underscore", SHOW(g->value));
    }
    return CS_PASS;
}
CS_RULE(tls_dnsname_underscore) = {
    .id = "tls_dnsname_underscore", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.12 (LDH labels only); ballot SC-12", .effective = "2019-04-01",
    .description = "A dNSName label contains an underscore (not an LDH label)",
    .zlint = "e_dnsname_underscore_in_sld,w_dnsname_underscore_in_trd,e_underscore_not_permissible_in_dnsname", .pkilint = "cabf.serverauth.invalid_dnsname_syntax",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san, .check = check_underscore,
};

/* A leftmost "*" label makes a Wildcard Domain Name (BR 1.6.1);
 * underscores are tls_dnsname_underscore's. */
static const char *tls_dnsname_syntax_error(cs_span name)
{
    return cs_dns_syntax_error(name, CS_DNS_WILDCARD | CS_DNS_UNDERSCORE | CS_DNS_NO_RESERVED_LDH);
}

static cs_result check_syntax(const cs_cert *c, cs_detail *d)
{
    return cs_san_syntax(c, d, CS_GN_DNS, "dNSName", tls_dnsname_syntax_error);
}
CS_RULE(tls_dnsname_bad_syntax) = {
    .id = "tls_dnsname_bad_syntax", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.12", .effective = TLS_BR_START,
    .description = "A dNSName has a bad character, empty or over-long label, misplaced wildcard, trailing dot, reserved LDH label or invalid P-Label",
    .zlint = "e_dnsname_bad_character_in_label,e_dnsname_empty_label,e_dnsname_label_too_long,e_dnsname_hyphen_in_sld,e_dnsname_wildcard_only_in_left_label,e_dnsname_left_label_wildcard_correct,e_dnsname_contains_prohibited_reserved_label,e_san_bare_wildcard,e_san_wildcard_not_first,e_san_dns_name_starts_with_period", .pkilint = "cabf.serverauth.invalid_dnsname_syntax,cabf.serverauth.dnsname_contains_prohibited_reserved_label,cabf.serverauth.invalid_plabel_encoding",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san, .check = check_syntax,
};
