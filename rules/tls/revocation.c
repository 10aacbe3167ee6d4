/* BR 7.1.2.7.7 (authorityInformationAccess) and 7.1.2.11.2 (CRL
 * distribution points). */
#include "tls_common.h"

static cs_result check_aia(const cs_cert *c, cs_detail *d)
{
    if (!c->aia.present)
        return cs_fail(d, "authorityInformationAccess extension absent");
    return tls_check_aia_present(c, d);
}

cs_result tls_check_aia_present(const cs_cert *c, cs_detail *d)
{
    if (c->aia.ext && c->aia.ext->critical)
        return cs_fail(d, "authorityInformationAccess is marked critical");
    if (c->aia.n == 0)
        return cs_fail(d, "authorityInformationAccess has no AccessDescription");
    for (uint16_t i = 0; i < c->aia.n && i < CS_MAX_ACCESS; i++) {
        const cs_access_description *a = &c->aia.items[i];
        if (a->method != CS_OID_AD_OCSP && a->method != CS_OID_AD_CA_ISSUERS) {
            char oid[64];
            return cs_fail(d, "accessMethod %s is not id-ad-ocsp or id-ad-caIssuers",
                           cs_oid_to_text(a->method_oid, oid, sizeof oid));
        }
        if (!a->location || a->location->type != CS_GN_URI)
            return cs_fail(d, "%s accessLocation is not a uniformResourceIdentifier", cs_oid_short_name(a->method));
        if (!tls_url_is_http(a->location->value, false))
            return cs_fail(d, "%s accessLocation is not an http:// URL", cs_oid_short_name(a->method));
        for (uint16_t k = 0; k < i; k++)
            if (c->aia.items[k].method == a->method && c->aia.items[k].location &&
                cs_span_eq(c->aia.items[k].location->value, a->location->value))
                return cs_fail(d, "%s accessLocation repeated", cs_oid_short_name(a->method));
    }
    return CS_PASS;
}
CS_RULE(tls_aia_invalid) = {
    .id = "tls_aia_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.7, 7.1.2.7.6", .effective = TLS_BR_V2_PROFILE,
    .description = "AIA missing, critical, empty, with an accessMethod other than OCSP/caIssuers, a non-URI or non-http location, or a repeated location",
    .zlint = "e_sub_cert_aia_missing,e_sub_cert_aia_marked_critical,e_aia_must_contain_permitted_access_method,e_aia_ocsp_must_have_http_only,e_aia_ca_issuers_must_have_http_only,e_aia_unique_access_locations", .pkilint = "cabf.serverauth.subscriber.authority_info_access_extension_absent,cabf.serverauth.subscriber.critical_authority_info_access_extension,cabf.serverauth.subscriber.unknown_aia_access_method_present,cabf.serverauth.aia_location_not_uri,cabf.serverauth.aia_location_uri_not_http,cabf.serverauth.aia_duplicate_location",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_aia,
};

static bool has_ocsp(const cs_cert *c)
{
    for (uint16_t i = 0; c->aia.present && i < c->aia.n && i < CS_MAX_ACCESS; i++)
        if (c->aia.items[i].method == CS_OID_AD_OCSP)
            return true;
    return false;
}

static cs_result check_crldp_required(const cs_cert *c, cs_detail *d)
{
    if (c->crldp.present || has_ocsp(c) || tls_short_lived(c))
        return CS_PASS;
    return cs_fail(d, "no cRLDistributionPoints, no OCSP URL in AIA, and not short-lived");
}
CS_RULE(tls_crldp_required_without_ocsp) = {
    .id = "tls_crldp_required_without_ocsp", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.11.2 (SC-63)", .effective = "2024-03-15",
    .description = "cRLDistributionPoints absent while AIA has no id-ad-ocsp and the certificate is not a Short-lived Subscriber Certificate",
    .zlint = "e_missing_crl_distrib_point", .pkilint = "cabf.serverauth.subscriber.revocation_information_absent",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_crldp_required,
};

cs_result tls_check_crldp_present(const cs_cert *c, cs_detail *d)
{
    if (c->crldp.ext && c->crldp.ext->critical)
        return cs_fail(d, "cRLDistributionPoints is marked critical");
    if (c->crldp.n == 0)
        return cs_fail(d, "cRLDistributionPoints has no DistributionPoint");
    for (uint16_t i = 0; i < c->crldp.n && i < CS_MAX_DIST_POINTS; i++) {
        const cs_dist_point *p = &c->crldp.items[i];
        if (p->has_reasons)
            return cs_fail(d, "DistributionPoint %u has reasons", (unsigned)i);
        if (p->has_crl_issuer)
            return cs_fail(d, "DistributionPoint %u has cRLIssuer", (unsigned)i);
        if (!p->has_full_name || p->full_name.n == 0)
            return cs_fail(d, "DistributionPoint %u has no fullName", (unsigned)i);
        for (uint16_t k = 0; k < p->full_name.n; k++) {
            const cs_general_name *g = &p->full_name.items[k];
            if (g->type != CS_GN_URI)
                return cs_fail(d, "DistributionPoint %u fullName holds a non-URI name", (unsigned)i);
            if (!tls_url_is_http(g->value, false))
                return cs_fail(d, "DistributionPoint %u URI '%.*s' is not http://", (unsigned)i,
                               (int)(g->value.len > 64 ? 64 : g->value.len), (const char *)g->value.p);
        }
    }
    return CS_PASS;
}
static bool subscriber_with_crldp(const cs_cert *c) { return c->tls.subscriber && c->crldp.present; }
CS_RULE(tls_crldp_not_http) = {
    .id = "tls_crldp_not_http", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.11.2, 7.1.2.7.6", .effective = TLS_BR_V2_PROFILE,
    .description = "CRLDP critical, empty, with reasons/cRLIssuer, without fullName, or with a name that is not an http:// URI",
    .zlint = "e_sub_cert_crl_distribution_points_marked_critical,e_crl_distrib_points_not_http,e_crlissuer_must_not_be_present_in_cdp,e_sub_cert_crl_distribution_points_does_not_contain_url", .pkilint = "cabf.serverauth.subscriber.critical_crl_distribution_points_extension,cabf.serverauth.crldp_dp_prohibited_field_present,cabf.serverauth.crldp_dpname_prohibited_field_present,cabf.serverauth.crldp_dpname_prohibited_generalname_type,cabf.serverauth.crldp_dpname_prohibited_uri_scheme",
    .applies_to = "TLS subscriber certificates with cRLDistributionPoints", .applies = subscriber_with_crldp,
    .check = tls_check_crldp_present,
};
