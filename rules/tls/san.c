/* BR 7.1.2.7.12 (subjectAltName) and 7.1.4.3 (commonName). */
#include <stdio.h>

#include "tls_common.h"

static cs_result check_san_missing(const cs_cert *c, cs_detail *d)
{
    if (!c->san.present)
        return cs_fail(d, "subjectAltName extension absent");
    for (uint16_t i = 0; i < c->san.names.n; i++)
        if (c->san.names.items[i].type == CS_GN_DNS || c->san.names.items[i].type == CS_GN_IP)
            return CS_PASS;
    return cs_fail(d, "subjectAltName has no dNSName or iPAddress");
}
CS_RULE(tls_san_missing) = {
    .id = "tls_san_missing", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.12", .effective = TLS_BR_START,
    .description = "subjectAltName absent, or without any dNSName or iPAddress",
    .zlint = "e_ext_san_missing", .pkilint = "cabf.serverauth.subscriber.subject_altname_extension_absent",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_san_missing,
};

static const char *const gn_names[] = { "otherName", "rfc822Name", "dNSName", "x400Address", "directoryName",
                                        "ediPartyName", "uniformResourceIdentifier", "iPAddress", "registeredID" };

static cs_result check_forbidden_type(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        uint8_t t = c->san.names.items[i].type;
        if (t != CS_GN_DNS && t != CS_GN_IP)
            return cs_fail(d, "subjectAltName holds a %s", t < 9 ? gn_names[t] : "GeneralName of unknown type");
    }
    return CS_PASS;
}
CS_RULE(tls_san_forbidden_type) = {
    .id = "tls_san_forbidden_type", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.12", .effective = TLS_BR_START,
    .description = "subjectAltName holds a GeneralName other than dNSName or iPAddress (rfc822Name, otherName, URI, directoryName, ...)",
    .zlint = "e_ext_san_rfc822_name_present,e_ext_san_other_name_present,e_ext_san_uniform_resource_identifier_present,e_ext_san_directory_name_present,e_ext_san_edi_party_name_present,e_ext_san_registered_id_present", .pkilint = "cabf.serverauth.prohibited_san_type,cabf.ev_guidelines.prohibited_san_type",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san,
    .check = check_forbidden_type,
};

static cs_result check_reserved_ip(const cs_cert *c, cs_detail *d)
{
    if (tls_br1_internal_names_allowed(c))
        return CS_PASS;
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type != CS_GN_IP)
            continue;
        char text[48];
        if (g->value.len != 4 && g->value.len != 16)
            return cs_fail(d, "iPAddress of %zu octets is neither IPv4 nor IPv6", g->value.len);
        if (tls_ip_reserved(g->value.p, g->value.len)) {
            tls_ip_to_text(g->value.p, g->value.len, text, sizeof text);
            return cs_fail(d, "iPAddress %s is a Reserved IP Address", text);
        }
    }
    return CS_PASS;
}
CS_RULE(tls_san_reserved_ip) = {
    .id = "tls_san_reserved_ip", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.12, 1.6.1 (Reserved IP Address)", .effective = TLS_BR_START,
    .description = "An iPAddress is in an IANA special-purpose block (private, loopback, documentation, ...), multicast, or outside IPv6 global unicast (allowed by BR 1.0 when expiring by 2015-11-01)",
    .zlint = "e_ext_san_contains_reserved_ip", .pkilint = "cabf.internal_ip_address",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san,
    .check = check_reserved_ip,
};

static cs_result check_cn(const cs_cert *c, cs_detail *d)
{
    unsigned n = 0;
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_COMMON_NAME)
            continue;
        if (++n > 1)
            return cs_fail(d, "more than one commonName");
        if (!tls_cn_in_san(c, a->value, false))
            return cs_fail(d, "commonName '%.*s' is not a copy of a dNSName or iPAddress in subjectAltName",
                           (int)(a->value.len > 64 ? 64 : a->value.len), (const char *)a->value.p);
    }
    return CS_PASS;
}
CS_RULE(tls_cn_not_from_san) = {
    .id = "tls_cn_not_from_san", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.4.3", .effective = "2021-08-25",
    .description = "commonName is not a character-for-character copy of a SAN dNSName (or the RFC 3986/5952 text of a SAN iPAddress), or appears twice",
    .zlint = "e_subject_common_name_not_exactly_from_san,e_subject_common_name_not_from_san", .pkilint = "cabf.serverauth.subscriber_common_name_unknown_source",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_cn,
};
