/* BR 7.1.2.7.5: an EV subscriber certificate follows the EV Guidelines'
 * profile (EVG 9.2 subject, EVG 9.8.1 subjectAltName, EVG 9.4 validity;
 * 7.1.4.2 in the EVG 2.0 numbering).  Only what the certificate shows:
 * presence, allowed values and forms, not whether they were verified. */
#include <string.h>

#include "lint/onion.h"
#include "tls_common.h"

#define SHOW(v) (int)((v).len > 64 ? 64 : (v).len), (const char *)(v).p

static bool is_ev(const cs_cert *c) { return c->tls.subscriber && c->tls.level == CS_TLS_EV; }

/* EVG 9.2.1, 9.2.3, 9.2.4, 9.2.5, 9.2.6. */
static cs_result check_ev_subject(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id required[] = { CS_OID_AT_ORGANIZATION, CS_OID_AT_BUSINESS_CATEGORY,
                                          CS_OID_AT_JURISDICTION_COUNTRY, CS_OID_AT_SERIAL_NUMBER, CS_OID_AT_COUNTRY };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!cs_name_count(&c->subject, required[i]))
            return cs_fail(d, "EV subject lacks %s", cs_oid_short_name(required[i]));
    /* EVG 9.2.4: a jurisdiction locality sits inside a named state. */
    if (cs_name_count(&c->subject, CS_OID_AT_JURISDICTION_LOCALITY) &&
        !cs_name_count(&c->subject, CS_OID_AT_JURISDICTION_STATE))
        return cs_fail(d, "EV subject has jurisdictionLocalityName without jurisdictionStateOrProvinceName");
    return CS_PASS;
}
CS_RULE(tls_ev_subject_required) = {
    .id = "tls_ev_subject_required", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.5; EVG 9.2.1, 9.2.3, 9.2.4, 9.2.5, 9.2.6", .effective = TLS_BR_START,
    .description = "EV subject lacks organizationName, businessCategory, jurisdictionCountryName, serialNumber or countryName, or has a jurisdiction locality without a jurisdiction state",
    .zlint = "e_ev_organization_name_missing,e_ev_business_category_missing,e_ev_serial_number_missing,e_ev_country_name_missing",
    .pkilint = "cabf.ev_guidelines.organization_name_attribute_absent,cabf.ev_guidelines.business_category_attribute_absent,cabf.ev_guidelines.jurisdiction_country_attribute_absent,cabf.ev_guidelines.serial_number_attribute_absent,cabf.ev_guidelines.country_attribute_absent,cabf.ev_guidelines.jurisdiction_locality_present_stateprovince_missing",
    .applies_to = "TLS EV subscriber certificates (policy 2.23.140.1.1)", .applies = is_ev, .check = check_ev_subject,
};

/* EVG 9.2.3 (EVG 2.0 7.1.4.2.3): exactly one of these four texts. */
static const char *const business_categories[] = { "Private Organization", "Government Entity", "Business Entity",
                                                    "Non-Commercial Entity" };

static cs_result check_business_category(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_BUSINESS_CATEGORY)
            continue;
        bool ok = false;
        for (size_t k = 0; k < sizeof business_categories / sizeof business_categories[0]; k++)
            ok |= cs_span_eq_bytes(a->value, business_categories[k], strlen(business_categories[k]));
        if (!ok)
            return cs_fail(d, "businessCategory '%.*s' is none of the four EVG values", SHOW(a->value));
    }
    return CS_PASS;
}
CS_RULE(tls_ev_business_category_invalid) = {
    .id = "tls_ev_business_category_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.5; EVG 9.2.3", .effective = TLS_BR_START,
    .description = "businessCategory is not 'Private Organization', 'Government Entity', 'Business Entity' or 'Non-Commercial Entity'",
    .zlint = "e_ev_invalid_business_category", .pkilint = "cabf.ev_guidelines.invalid_business_category",
    .applies_to = "TLS EV subscriber certificates", .applies = is_ev, .check = check_business_category,
};

/* EVG 9.2.4: jurisdictionCountryName is an ISO 3166-1 alpha-2 code. */
static cs_result check_jurisdiction_country(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type == CS_OID_AT_JURISDICTION_COUNTRY && !cs_iso3166_alpha2(a->value))
            return cs_fail(d, "jurisdictionCountryName '%.*s' is not an ISO 3166-1 alpha-2 code", SHOW(a->value));
    }
    return CS_PASS;
}
CS_RULE(tls_ev_jurisdiction_country_invalid) = {
    .id = "tls_ev_jurisdiction_country_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.5; EVG 9.2.4", .effective = TLS_BR_START,
    .description = "jurisdictionCountryName is not an upper-case ISO 3166-1 alpha-2 code",
    .pkilint = "cabf.serverauth.invalid_jurisdiction_country_code",
    .applies_to = "TLS EV subscriber certificates", .applies = is_ev, .check = check_jurisdiction_country,
};

/* EVG 9.8.1: dNSNames only, no wildcard except under .onion (ballot 144,
 * EVG 1.5.x Appendix F). */
static cs_result check_ev_san(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_IP)
            return cs_fail(d, "EV subjectAltName holds an iPAddress");
        if (g->type != CS_GN_DNS || g->value.len == 0 || g->value.p[0] != '*')
            continue;
        if (!cs_onion_name(g->value))
            return cs_fail(d, "EV subjectAltName holds the Wildcard Domain Name '%.*s'", SHOW(g->value));
    }
    return CS_PASS;
}
CS_RULE(tls_ev_san_wildcard_or_ip) = {
    .id = "tls_ev_san_wildcard_or_ip", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.5; EVG 9.8.1", .effective = TLS_BR_START,
    .description = "An EV subjectAltName holds an iPAddress, or a Wildcard Domain Name outside .onion",
    .zlint = "e_ev_not_wildcard,e_ev_san_ip_address_present", .pkilint = "cabf.ev_guidelines.ev_wildcard_san_present,cabf.ev_guidelines.prohibited_san_type",
    .applies_to = "TLS EV subscriber certificates", .applies = is_ev, .check = check_ev_san,
};

/* EVG 9.4 until EVG 1.7.3 (ballot SC-31 aligned EV with the BR's 398
 * days from 2020-09-01): 27 months, counted on notAfter - notBefore. */
static cs_result check_ev_validity(const cs_cert *c, cs_detail *d) { return tls_check_validity_months(c, d, 27); }
CS_RULE(tls_ev_validity_over_27_months) = {
    .id = "tls_ev_validity_over_27_months", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "EVG 1.4 9.4 (EVG 1.0 8(a))", .effective = TLS_BR_START, .ineffective = "2020-09-01",
    .description = "EV validity period (notAfter - notBefore) longer than 27 months for a certificate issued before 2020-09-01",
    .zlint = "e_ev_valid_time_too_long",
    .applies_to = "TLS EV subscriber certificates", .applies = is_ev, .check = check_ev_validity,
};
