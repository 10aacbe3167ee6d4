/* BR 7.1.2.7.6 criticality that no other rule checks (subjectAltName with
 * a subject, SCT list), 7.1.2.7.7 unique AIA locations, and 7.1.2.9's
 * end date for precertificates from a Precertificate Signing CA. */
#include "tls_common.h"

#define SHOW(v) (int)((v).len > 64 ? 64 : (v).len), (const char *)(v).p

static cs_result check_criticality(const cs_cert *c, cs_detail *d)
{
    if (c->san.present && c->san.ext && c->san.ext->critical && c->subject.n_attrs > 0)
        return cs_fail(d, "subjectAltName marked critical while the subject is not empty");
    if (c->sct_list.present && c->sct_list.ext && c->sct_list.ext->critical)
        return cs_fail(d, "Signed Certificate Timestamp List marked critical");
    return CS_PASS;
}
CS_RULE(tls_ext_criticality_invalid) = {
    .id = "tls_ext_criticality_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.6, 7.1.2.7.12", .effective = TLS_BR_V2_PROFILE,
    .description = "subjectAltName is critical although the subject is not empty, or the SCT list extension is critical",
    .zlint = "w_ext_san_critical_with_subject_dn",
    .pkilint = "cabf.serverauth.subscriber.critical_sct_list_extension",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_criticality,
};

static cs_result check_aia_unique(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->aia.n; i++) {
        const cs_access_description *a = &c->aia.items[i];
        for (uint16_t k = 0; a->location && k < i; k++) {
            const cs_access_description *b = &c->aia.items[k];
            if (b->location && a->method == b->method && cs_span_eq(a->location->der, b->location->der))
                return cs_fail(d, "authorityInformationAccess repeats the location '%.*s'", SHOW(a->location->value));
        }
    }
    return CS_PASS;
}
static bool subscriber_with_aia(const cs_cert *c) { return c->tls.subscriber && c->aia.present; }
CS_RULE(tls_aia_duplicate_location) = {
    .id = "tls_aia_duplicate_location", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.7", .effective = TLS_BR_V2_PROFILE,
    .description = "Two AccessDescriptions with the same accessMethod have the same accessLocation",
    .pkilint = "cabf.serverauth.aia_duplicate_location",
    .applies_to = "TLS subscriber certificates with authorityInformationAccess", .applies = subscriber_with_aia,
    .check = check_aia_unique,
};

static bool precert_with_issuer(const cs_cert *c) { return tls_precert(c) && c->issuer_cert; }

static cs_result check_precert_signing_ca(const cs_cert *c, cs_detail *d)
{
    const cs_cert *ca = c->issuer_cert;
    for (uint16_t i = 0; i < ca->eku.n; i++)
        if (ca->eku.ids[i] == CS_OID_KP_CT_PRECERT_SIGNING)
            return cs_fail(d, "precertificate signed by a Precertificate Signing CA (issuer EKU holds 1.3.6.1.4.1.11129.2.4.4)");
    return CS_PASS;
}
CS_RULE(tls_precert_signing_ca_after_sunset) = {
    .id = "tls_precert_signing_ca_after_sunset", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.9", .effective = "2026-03-15",
    .description = "A precertificate issued from 2026-03-15 is signed by a Precertificate Signing CA instead of the Issuing CA",
    .applies_to = "TLS precertificates whose issuing certificate is known", .applies = precert_with_issuer,
    .check = check_precert_signing_ca,
};
