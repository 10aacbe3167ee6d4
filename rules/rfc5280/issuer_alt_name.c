/* RFC 5280 4.2.1.7 issuerAltName: "encoded as in 4.2.1.6", so the same
 * entry rules as the subjectAltName, and SHOULD be non-critical. */
#include "rfc5280_common.h"

static bool has_ian(const cs_cert *c) { return c->ian.present; }

static cs_result check_ian_empty(const cs_cert *c, cs_detail *d)
{
    if (c->ian.names.n == 0)
        return cs_fail(d, "issuerAltName has no entries");
    for (uint16_t i = 0; i < c->ian.names.n; i++)
        if (rfc5280_gn_empty(&c->ian.names.items[i]))
            return cs_fail(d, "issuerAltName entry %u (type %u) is empty", (unsigned)i,
                           (unsigned)c->ian.names.items[i].type);
    return CS_PASS;
}
CS_RULE(rfc5280_ian_empty) = {
    .id = "rfc5280_ian_empty", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.7, 4.2.1.6", .effective = NULL,
    .description = "issuerAltName has no entries, or an entry with an empty value",
    .applies_to = "certificates with issuerAltName",
    .zlint = "e_ext_ian_no_entries,e_ext_ian_empty_name", .pkilint = NULL,
    .applies = has_ian, .check = check_ian_empty,
};

/* Empty values are rfc5280_ian_empty's. */
static const char *dns_error(cs_span v) { return v.len ? cs_dns_syntax_error(v, 0) : NULL; }
static const char *rfc822_error(cs_span v) { return v.len ? cs_mailbox_syntax_error(v) : NULL; }

static cs_result check_ian_syntax(const cs_cert *c, cs_detail *d)
{
    cs_result r = cs_gn_syntax(&c->ian.names, d, CS_GN_DNS, "dNSName", dns_error);
    if (r == CS_PASS)
        r = cs_gn_syntax(&c->ian.names, d, CS_GN_RFC822, "rfc822Name", rfc822_error);
    if (r == CS_PASS)
        r = cs_gn_syntax(&c->ian.names, d, CS_GN_URI, "uniformResourceIdentifier", rfc5280_uri_error);
    return r;
}
CS_RULE(rfc5280_ian_name_syntax) = {
    .id = "rfc5280_ian_name_syntax", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.7, 4.2.1.6; RFC 1034 3.5; RFC 5322 3.4.1; RFC 3986", .effective = NULL,
    .description = "An issuerAltName dNSName is not in preferred name syntax, an rfc822Name is not an addr-spec, or a "
                   "URI is relative, has no scheme or a host that is not an FQDN or IP address",
    .applies_to = "certificates with issuerAltName",
    .zlint = "e_ext_ian_space_dns_name,e_ext_ian_rfc822_format_invalid,e_ext_ian_uri_format_invalid,"
             "e_ext_ian_uri_relative,e_ext_ian_uri_host_not_fqdn_or_ip",
    .pkilint = "pkix.invalid_uri_syntax",
    .applies = has_ian, .check = check_ian_syntax,
};

static cs_result check_ian_critical(const cs_cert *c, cs_detail *d)
{
    if (c->ian.ext && c->ian.ext->critical)
        return cs_fail(d, "issuerAltName is marked critical");
    return CS_PASS;
}
CS_RULE(rfc5280_ian_critical) = {
    .id = "rfc5280_ian_critical", .severity = CS_SEV_WARNING, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.7", .effective = NULL,
    .description = "issuerAltName is marked critical (conforming CAs SHOULD mark it non-critical)",
    .applies_to = "certificates with issuerAltName",
    .zlint = "w_ext_ian_critical", .pkilint = "pkix.issuer_alt_name_extension_critical",
    .applies = has_ian, .check = check_ian_critical,
};
