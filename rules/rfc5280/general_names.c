/* RFC 5280 4.2.1.6 (subjectAltName syntax), 4.2.1.13 (CRL distribution
 * points) and the IDNA rules RFC 5280 7.2 refers to (RFC 5890/3492). */
#include "rfc5280_common.h"

static bool has_san(const cs_cert *c) { return c->san.present; }

static cs_result check_san_empty(const cs_cert *c, cs_detail *d)
{
    if (c->san.names.n == 0) /* an undecodable SAN is not an empty one: rfc5280_ext_invalid_der reports it */
        return c->san.ext && !c->san.ext->decoded ? CS_PASS : cs_fail(d, "subjectAltName has no entries");
    for (uint16_t i = 0; i < c->san.names.n; i++)
        if (rfc5280_gn_empty(&c->san.names.items[i]))
            return cs_fail(d, "subjectAltName entry %u (type %u) is empty", (unsigned)i,
                           (unsigned)c->san.names.items[i].type);
    return CS_PASS;
}
CS_RULE(rfc5280_san_empty) = {
    .id = "rfc5280_san_empty", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.6", .effective = NULL,
    .description = "subjectAltName has no entries, or an entry with an empty value",
    .zlint = "e_ext_san_no_entries,e_ext_san_empty_name", .pkilint = NULL,
    .applies_to = "certificates with subjectAltName", .applies = has_san, .check = check_san_empty,
};

/* Empty values are rfc5280_san_empty's. */
static const char *rfc822_error(cs_span v) { return v.len ? cs_mailbox_syntax_error(v) : NULL; }

static cs_result check_rfc822(const cs_cert *c, cs_detail *d)
{
    return cs_san_syntax(c, d, CS_GN_RFC822, "rfc822Name", rfc822_error);
}
CS_RULE(rfc5280_san_rfc822_syntax) = {
    .id = "rfc5280_san_rfc822_syntax", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.6; RFC 5322 3.4.1", .effective = NULL,
    .description = "An rfc822Name in subjectAltName is not an addr-spec (local-part@domain, domain in preferred name syntax)",
    .zlint = "e_ext_san_rfc822_format_invalid", .pkilint = "pkix.invalid_email_address_syntax",
    .applies_to = "certificates with subjectAltName", .applies = has_san, .check = check_rfc822,
};

/* A leftmost "*" label is tolerated: RFC 6125 wildcards are ubiquitous
 * and their use is governed by the TLS rules. */
static const char *dns_error(cs_span v) { return v.len ? cs_dns_syntax_error(v, CS_DNS_WILDCARD) : NULL; }

static cs_result check_dns(const cs_cert *c, cs_detail *d)
{
    return cs_san_syntax(c, d, CS_GN_DNS, "dNSName", dns_error);
}
CS_RULE(rfc5280_san_dns_syntax) = {
    .id = "rfc5280_san_dns_syntax", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.6; RFC 1034 3.5; RFC 1123 2.1", .effective = NULL,
    .description = "A dNSName in subjectAltName is not in preferred name syntax (space, underscore, empty label, trailing dot, non-ASCII, misplaced wildcard)",
    .zlint = "e_ext_san_space_dns_name,e_ext_san_dns_name_too_long,e_rfc_dnsname_empty_label,e_rfc_dnsname_label_too_long,e_rfc_dnsname_hyphen_in_sld,e_rfc_dnsname_underscore_in_sld,w_rfc_dnsname_underscore_in_trd,e_san_dns_name_starts_with_period,e_san_dns_name_includes_null_char,e_san_bare_wildcard,e_san_wildcard_not_first", .pkilint = "pkix.invalid_domain_name_syntax,pkix.dnsname_domain_name_too_long",
    .applies_to = "certificates with subjectAltName", .applies = has_san, .check = check_dns,
};

static bool has_crldp(const cs_cert *c) { return c->crldp.present; }

static cs_result check_crldp_incomplete(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->crldp.n && i < CS_MAX_DIST_POINTS; i++) {
        const cs_dist_point *p = &c->crldp.items[i];
        if (!p->has_full_name && !p->has_relative_name && !p->has_crl_issuer)
            return cs_fail(d, "DistributionPoint %u has neither distributionPoint nor cRLIssuer", (unsigned)i);
    }
    return CS_PASS;
}
CS_RULE(rfc5280_crldp_incomplete) = {
    .id = "rfc5280_crldp_incomplete", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.13", .effective = NULL,
    .description = "A DistributionPoint has neither a distributionPoint name nor a cRLIssuer (e.g. only reasons)",
    .zlint = "e_distribution_point_incomplete", .pkilint = "pkix.distribution_point_does_not_contain_name_or_issuer",
    .applies_to = "certificates with cRLDistributionPoints", .applies = has_crldp, .check = check_crldp_incomplete,
};

/* NFC is not checked: it needs the Unicode tables.  Only labels that do
 * not decode as Punycode to a non-ASCII label are reported. */
static cs_result check_idn(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type != CS_GN_DNS)
            continue;
        size_t start = 0;
        for (size_t k = 0; k <= g->value.len; k++) {
            if (k < g->value.len && g->value.p[k] != '.')
                continue;
            const uint8_t *l = g->value.p + start;
            size_t len = k - start;
            if (len >= 4 && (l[0] | 0x20) == 'x' && (l[1] | 0x20) == 'n' && l[2] == '-' && l[3] == '-' &&
                !cs_punycode_valid(l + 4, len - 4))
                return cs_fail(d, "label '%.*s' is not a valid Punycode A-label", (int)(len > 63 ? 63 : len),
                               (const char *)l);
            start = k + 1;
        }
    }
    return CS_PASS;
}
CS_RULE(rfc5280_idn_not_valid) = {
    .id = "rfc5280_idn_not_valid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 7.2; RFC 5890 2.3.2.1; RFC 3492 6.2", .effective = NULL,
    .description = "An xn-- label of a dNSName does not decode as Punycode to a Unicode label (NFC is not checked)",
    .zlint = "e_international_dns_name_not_unicode", .pkilint = NULL,
    .applies_to = "certificates with subjectAltName", .applies = has_san, .check = check_idn,
};
