/* RFC 5280 4.1.2.4 (issuer), 4.1.2.6 (subject) and the attribute bounds
 * and string types of Appendix A. */
#include "rfc5280_common.h"

static bool is_ca(const cs_cert *c) { return c->is_ca; }

static cs_result check_issuer_empty(const cs_cert *c, cs_detail *d)
{
    if (c->issuer.n_attrs == 0)
        return cs_fail(d, "issuer Name is empty");
    return CS_PASS;
}
CS_RULE(rfc5280_issuer_empty) = {
    .id = "rfc5280_issuer_empty", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.4", .effective = NULL,
    .description = "issuer field holds an empty distinguished name",
    .zlint = "e_issuer_field_empty", .pkilint = "pkix.name_empty",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_issuer_empty,
};

static cs_result check_subject_empty_without_san(const cs_cert *c, cs_detail *d)
{
    if (c->subject.n_attrs != 0)
        return CS_PASS;
    if (!c->san.present)
        return cs_fail(d, "empty subject and no subjectAltName");
    if (c->san.ext && !c->san.ext->critical)
        return cs_fail(d, "empty subject and subjectAltName not critical");
    return CS_PASS;
}
CS_RULE(rfc5280_subject_empty_without_san) = {
    .id = "rfc5280_subject_empty_without_san", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.6, 4.2.1.6", .effective = NULL,
    .description = "Empty subject without a subjectAltName, or with a non-critical one",
    .zlint = "e_subject_empty_without_san,e_ext_san_not_critical_without_subject", .pkilint = "pkix.san_extension_not_critical_empty_subject",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_subject_empty_without_san,
};

static cs_result check_ca_subject_empty(const cs_cert *c, cs_detail *d)
{
    if (c->subject.n_attrs == 0)
        return cs_fail(d, "CA certificate with an empty subject");
    return CS_PASS;
}
CS_RULE(rfc5280_ca_subject_empty) = {
    .id = "rfc5280_ca_subject_empty", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.6", .effective = NULL,
    .description = "A CA certificate has an empty subject (it MUST be a non-empty distinguished name)",
    .zlint = "e_ca_subject_field_empty", .pkilint = NULL,
    .applies_to = "CA certificates (cA TRUE)", .applies = is_ca, .check = check_ca_subject_empty,
};

/* Domains compare case-insensitively; local parts are compared the same
 * way so that a case difference is not reported as a missing address. */
static cs_result check_subject_email(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_EMAIL_ADDRESS)
            continue;
        bool found = false;
        for (uint16_t k = 0; c->san.present && k < c->san.names.n && !found; k++) {
            const cs_general_name *g = &c->san.names.items[k];
            found = g->type == CS_GN_RFC822 && cs_span_eq_nocase(g->value, a->value);
        }
        if (!found)
            return cs_fail(d, "subject emailAddress '%.*s' has no matching rfc822Name in subjectAltName",
                           (int)(a->value.len > 64 ? 64 : a->value.len), (const char *)a->value.p);
    }
    return CS_PASS;
}
CS_RULE(rfc5280_subject_email_not_in_san) = {
    .id = "rfc5280_subject_email_not_in_san", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.6", .effective = "2008-05-01",
    .description = "Subject emailAddress is not also present as an rfc822Name in subjectAltName (new certificates MUST use the SAN)",
    .zlint = "e_subj_email_not_in_san", .pkilint = "pkix.subject_email_address_not_in_san",
    .applies_to = "all certificates issued since RFC 5280", .applies = rfc5280_all, .check = check_subject_email,
};

/* Upper bounds from the RFC 5280 Appendix A ub-* constants, in
 * characters. */
static const struct {
    cs_oid_id type;
    uint16_t max;
    const char *name;
} upper_bounds[] = {
    { CS_OID_AT_COMMON_NAME, 64, "commonName" },
    { CS_OID_AT_LOCALITY, 128, "localityName" },
    { CS_OID_AT_STATE, 128, "stateOrProvinceName" },
    { CS_OID_AT_ORGANIZATION, 64, "organizationName" },
    { CS_OID_AT_ORG_UNIT, 64, "organizationalUnitName" },
    { CS_OID_AT_TITLE, 64, "title" },
    { CS_OID_AT_SERIAL_NUMBER, 64, "serialNumber" },
    { CS_OID_AT_EMAIL_ADDRESS, 255, "emailAddress" },
    { CS_OID_AT_PSEUDONYM, 128, "pseudonym" },
    { CS_OID_AT_COUNTRY, 2, "countryName" },
    { CS_OID_AT_NAME, 32768, "name" },
    { CS_OID_AT_SURNAME, 32768, "surname" },
    { CS_OID_AT_GIVEN_NAME, 32768, "givenName" },
    { CS_OID_AT_INITIALS, 32768, "initials" },
    { CS_OID_AT_GENERATION_QUALIFIER, 32768, "generationQualifier" },
};

static cs_result check_upper_bounds(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        for (size_t k = 0; k < sizeof upper_bounds / sizeof upper_bounds[0]; k++) {
            if (upper_bounds[k].type != a->type)
                continue;
            size_t n = cs_der_string_chars(a->tag, a->value);
            if (n > upper_bounds[k].max)
                return cs_fail(d, "subject %s is %zu characters (upper bound %u)", upper_bounds[k].name, n,
                               (unsigned)upper_bounds[k].max);
            if (n == 0)
                return cs_fail(d, "subject %s is empty (lower bound 1)", upper_bounds[k].name);
        }
    }
    return CS_PASS;
}
CS_RULE(rfc5280_attr_upper_bounds) = {
    .id = "rfc5280_attr_upper_bounds", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 Appendix A.1 (ub-* bounds)", .effective = NULL,
    .description = "A subject attribute is longer than its upper bound (CN/O/OU/title/serialNumber 64, L/ST/pseudonym 128, emailAddress 255, C 2) or empty",
    .zlint = "e_subject_common_name_max_length,e_subject_organization_name_max_length,e_subject_organizational_unit_name_max_length,e_subject_dn_serial_number_max_length,e_subject_locality_name_max_length,e_subject_state_name_max_length,e_subject_email_max_length", .pkilint = NULL,
    .applies_to = "all certificates (subject)", .applies = rfc5280_all, .check = check_upper_bounds,
};

/* Attributes whose syntax is a single string type, not DirectoryString. */
static const struct {
    cs_oid_id type;
    uint8_t tag;
    const char *name;
} fixed_types[] = {
    { CS_OID_AT_COUNTRY, CS_TAG_PRINTABLE_STRING, "countryName" },
    { CS_OID_AT_SERIAL_NUMBER, CS_TAG_PRINTABLE_STRING, "serialNumber" },
    { CS_OID_AT_DN_QUALIFIER, CS_TAG_PRINTABLE_STRING, "dnQualifier" },
    { CS_OID_AT_EMAIL_ADDRESS, CS_TAG_IA5_STRING, "emailAddress" },
    { CS_OID_AT_DOMAIN_COMPONENT, CS_TAG_IA5_STRING, "domainComponent" },
};

static cs_result check_string_types(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        for (size_t k = 0; k < sizeof fixed_types / sizeof fixed_types[0]; k++)
            if (fixed_types[k].type == a->type && a->tag != fixed_types[k].tag)
                return cs_fail(d, "subject %s is not a %s (tag %u)", fixed_types[k].name,
                               fixed_types[k].tag == CS_TAG_IA5_STRING ? "IA5String" : "PrintableString",
                               (unsigned)a->tag);
        if (a->tag == CS_TAG_PRINTABLE_STRING && a->tag_class == CS_DER_CLASS_UNIVERSAL)
            for (size_t k = 0; k < a->value.len; k++)
                if (!cs_der_printable_char(a->value.p[k]))
                    return cs_fail(d, "subject PrintableString holds 0x%02x, not a PrintableString character",
                                   a->value.p[k]);
    }
    return CS_PASS;
}
CS_RULE(rfc5280_attr_string_types) = {
    .id = "rfc5280_attr_string_types", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 Appendix A.1; X.680 41.4", .effective = NULL,
    .description = "countryName/serialNumber/dnQualifier not PrintableString, emailAddress/DC not IA5String, or a PrintableString with illegal characters (subject)",
    .zlint = "e_subject_dn_country_not_printable_string,e_subject_dn_serial_number_not_printable_string,e_subject_printable_string_badalpha", .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates (subject)", .applies = rfc5280_all, .check = check_string_types,
};
