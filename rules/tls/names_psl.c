/* Domain names judged against the Public Suffix List (lint/psl.h): BR
 * 3.2.2.6 (wildcards over a registry-controlled label or public suffix)
 * and BR 1.6.1 (a Base Domain Name is a label plus a public suffix, so a
 * public suffix alone names no domain an applicant can control). */
#include "tls_common.h"

#define SHOW(v) (int)((v).len > 64 ? 64 : (v).len), (const char *)(v).p

static cs_span without_trailing_dot(cs_span v)
{
    if (v.len && v.p[v.len - 1] == '.')
        v.len--;
    return v;
}

/* The ICANN section only: a private-section suffix (a hosting provider's
 * zone) may be wildcarded by its owner, who controls "the entire Domain
 * Namespace" (BR 3.2.2.6), which the certificate cannot show.  That
 * exception holds for ICANN suffixes too, so this is a warning. */
static cs_result check_wildcard(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type != CS_GN_DNS || g->value.len < 3 || g->value.p[0] != '*' || g->value.p[1] != '.')
            continue;
        cs_span rest = without_trailing_dot(cs_span_make(g->value.p + 2, g->value.len - 2));
        if (cs_psl_is_public_suffix(rest, false))
            return cs_fail(d, "Wildcard Domain Name '%.*s' is directly left of the public suffix", SHOW(g->value));
    }
    return CS_PASS;
}
CS_RULE(tls_wildcard_over_public_suffix) = {
    .id = "tls_wildcard_over_public_suffix", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 3.2.2.6", .effective = TLS_BR_START,
    .description = "A dNSName wildcard sits directly left of an ICANN public suffix ('*.com', '*.co.uk'), Public Suffix List through libpsl",
    .zlint = "n_dnsname_wildcard_left_of_public_suffix",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san, .check = check_wildcard,
};

static cs_result check_bare_suffix(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_DNS && cs_psl_is_public_suffix(without_trailing_dot(g->value), false))
            return cs_fail(d, "dNSName '%.*s' is a public suffix, not a domain under one", SHOW(g->value));
    }
    return CS_PASS;
}
CS_RULE(tls_dnsname_public_suffix) = {
    .id = "tls_dnsname_public_suffix", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.6.1 (Base Domain Name), 3.2.2.4, 7.1.2.7.12", .effective = TLS_BR_START,
    .description = "A dNSName is itself an ICANN public suffix ('com', 'co.uk'): no Base Domain Name can be validated for it",
    .zlint = "e_dnsname_contains_bare_iana_suffix",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san, .check = check_bare_suffix,
};
