/* BR 7.1.2.7.9 (subscriber certificatePolicies) with the reserved OIDs of
 * 7.1.6.1. */
#include "tls_common.h"

bool tls_policy_is_reserved(cs_oid_id id)
{
    return id == CS_OID_POLICY_TLS_DV || id == CS_OID_POLICY_TLS_OV || id == CS_OID_POLICY_TLS_IV ||
           id == CS_OID_POLICY_TLS_EV;
}

cs_result tls_check_policy_qualifiers(const cs_cert *c, const cs_policy *p, cs_detail *d)
{
    for (uint16_t q = p->first_qualifier;
         q < p->first_qualifier + p->n_qualifiers && q < c->policies.n_qualifiers && q < CS_MAX_QUALIFIERS; q++) {
        const cs_policy_qualifier *pq = &c->policies.qualifiers[q];
        if (pq->kind != CS_QUALIFIER_CPS)
            return cs_fail(d, "policy qualifier other than id-qt-cps");
        if (pq->cps_uri_tag != CS_TAG_IA5_STRING)
            return cs_fail(d, "CPS URI is not an IA5String");
        if (!tls_url_is_http(pq->cps_uri, true))
            return cs_fail(d, "CPS URI is not an http:// or https:// URL");
    }
    return CS_PASS;
}

static cs_result check_policies(const cs_cert *c, cs_detail *d)
{
    if (!c->policies.present)
        return cs_fail(d, "certificatePolicies extension absent");
    if (c->policies.ext && c->policies.ext->critical)
        return cs_fail(d, "certificatePolicies is marked critical");
    unsigned reserved = 0;
    for (uint16_t i = 0; i < c->policies.n && i < CS_MAX_POLICIES; i++) {
        const cs_policy *p = &c->policies.items[i];
        if (p->id == CS_OID_POLICY_ANY)
            return cs_fail(d, "anyPolicy asserted");
        reserved += tls_policy_is_reserved(p->id);
        if (tls_check_policy_qualifiers(c, p, d) != CS_PASS)
            return CS_FAIL;
    }
    if (reserved != 1)
        return cs_fail(d, "%u reserved TLS policy identifiers (exactly one required)", reserved);
    return CS_PASS;
}
CS_RULE(tls_policy_invalid) = {
    .id = "tls_policy_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.9, 7.1.2.7.6, 7.1.6.1", .effective = TLS_BR_V2_PROFILE,
    .description = "certificatePolicies absent or critical, not exactly one reserved TLS OID, anyPolicy, a qualifier other than CPS, or a CPS URI that is not http(s)",
    .zlint = "e_sub_cert_certificate_policies_missing,w_sub_cert_certificate_policies_marked_critical,e_sub_cert_cert_policy_empty,e_policy_qualifiers_other_than_cps_not_permitted,e_invalid_cps_uri", .pkilint = "cabf.serverauth.subscriber.certificate_policies_extension_absent,cabf.serverauth.subscriber.critical_certificate_policies_extension,cabf.serverauth.subscriber_missing_reserved_policy_oid,cabf.serverauth.subscriber_multiple_reserved_policy_oids,cabf.serverauth.subscriber_anypolicy_oid_present,cabf.serverauth.prohibited_certificate_policy_qualifier_type,cabf.cps_uri_is_not_http",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_policies,
};
