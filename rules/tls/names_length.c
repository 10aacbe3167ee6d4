/* BR 7.1.4.2: the "Max Length" column of the two attribute tables, in
 * characters.  commonName, organizationName, organizationalUnitName,
 * localityName, stateOrProvinceName, serialNumber and countryName have
 * the same bound in RFC 5280 (rfc5280_attr_upper_bounds); this rule
 * checks the attributes whose bound only the BR sets or lowers. */
#include "tls_common.h"

static const struct {
    cs_oid_id type;
    uint16_t max;
} br_bounds[] = {
    { CS_OID_AT_DOMAIN_COMPONENT, 63 },     { CS_OID_AT_POSTAL_CODE, 40 },
    { CS_OID_AT_STREET, 128 },              { CS_OID_AT_SURNAME, 64 },
    { CS_OID_AT_GIVEN_NAME, 64 },           { CS_OID_AT_BUSINESS_CATEGORY, 128 },
    { CS_OID_AT_JURISDICTION_COUNTRY, 2 },  { CS_OID_AT_JURISDICTION_STATE, 128 },
    { CS_OID_AT_JURISDICTION_LOCALITY, 128 },
};

static cs_result check_lengths(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        for (size_t k = 0; k < sizeof br_bounds / sizeof br_bounds[0]; k++) {
            if (br_bounds[k].type != a->type)
                continue;
            size_t n = cs_der_string_chars(a->tag, a->value);
            if (n > br_bounds[k].max)
                return cs_fail(d, "subject %s is %zu characters (BR maximum %u)", cs_oid_short_name(a->type), n,
                               (unsigned)br_bounds[k].max);
        }
    }
    return CS_PASS;
}
CS_RULE(tls_subject_attr_too_long) = {
    .id = "tls_subject_attr_too_long", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.4.2", .effective = TLS_BR_V2_PROFILE,
    .description = "A subject domainComponent (63), postalCode (40), streetAddress (128), surname or givenName (64), businessCategory (128) or jurisdiction attribute (2 / 128) is longer than the BR's maximum, in characters",
    .pkilint = "cabf.serverauth.name_attribute_value_too_long,cabf.serverauth.domain_component_attribute_value_length_too_long",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_lengths,
};
