/* BR 7.1.2.7.2-.5 (subject by certificate type) and 7.1.4 (name
 * encoding, order and string types). */
#include <string.h>

#include "tls_common.h"

#define SHOW(v) (int)((v).len > 64 ? 64 : (v).len), (const char *)(v).p

static bool is_dv(const cs_cert *c) { return c->tls.subscriber && c->tls.level == CS_TLS_DV; }

static cs_result check_dv_subject(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id dv[] = { CS_OID_AT_COUNTRY, CS_OID_AT_COMMON_NAME };
    return tls_check_subject_allowed(c, dv, sizeof dv / sizeof dv[0], "DV subject", d);
}
CS_RULE(tls_dv_subject_extra_attrs) = {
    .id = "tls_dv_subject_extra_attrs", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.2", .effective = TLS_BR_V2_PROFILE,
    .description = "A Domain Validated subject holds an attribute other than countryName and commonName",
    .zlint = "e_cab_dv_subject_invalid_values", .pkilint = "cabf.serverauth.dv.unknown_attribute_present",
    .applies_to = "TLS DV subscriber certificates (policy 2.23.140.1.2.1)", .applies = is_dv, .check = check_dv_subject,
};

/* BR 1.x (7.1.6.1; 9.3.1 in BR 1.1): a certificate asserting the DV
 * policy "MUST NOT include organizationName, streetAddress,
 * localityName, stateOrProvinceName, or postalCode in the Subject field"
 * (givenName and surname joined the list only with the IV policy, later). */
static cs_result check_br1_dv_subject(const cs_cert *c, cs_detail *d)
{
    static const struct { cs_oid_id id; const char *name; } banned[] = {
        { CS_OID_AT_ORGANIZATION, "organizationName" }, { CS_OID_AT_STREET, "streetAddress" },
        { CS_OID_AT_LOCALITY, "localityName" },         { CS_OID_AT_STATE, "stateOrProvinceName" },
        { CS_OID_AT_POSTAL_CODE, "postalCode" },
    };
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        if (cs_name_count(&c->subject, banned[i].id))
            return cs_fail(d, "DV subject holds %s", banned[i].name);
    return CS_PASS;
}
CS_RULE(tls_br1_dv_subject_identity) = {
    .id = "tls_br1_dv_subject_identity", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.x 7.1.6.1 (BR 1.1 9.3.1)", .effective = TLS_BR_START, .ineffective = TLS_BR_V2_PROFILE,
    .description = "A Domain Validated subject issued before 2023-09-15 holds organizationName, streetAddress, "
                   "localityName, stateOrProvinceName or postalCode (from 2023-09-15 tls_dv_subject_extra_attrs decides)",
    .zlint = "e_cab_dv_conflicts_with_org,e_cab_dv_conflicts_with_locality,e_cab_dv_conflicts_with_province,e_cab_dv_conflicts_with_street,e_cab_dv_conflicts_with_postal",
    .applies_to = "TLS DV subscriber certificates (policy 2.23.140.1.2.1)", .applies = is_dv, .check = check_br1_dv_subject,
};

static bool is_ov_iv(const cs_cert *c)
{
    return c->tls.subscriber && (c->tls.level == CS_TLS_OV || c->tls.level == CS_TLS_IV);
}

/* BR 1.x 7.1.6.4 let an IV subject name the Subject by organizationName
 * instead of givenName and surname; the 2.0 profile (7.1.2.7.3) requires
 * both names. */
static bool iv_personal_name_ok(const cs_cert *c, const cs_name *s)
{
    if (cs_name_count(s, CS_OID_AT_GIVEN_NAME) && cs_name_count(s, CS_OID_AT_SURNAME))
        return true;
    const int64_t v2_profile = INT64_C(1694736000); /* TLS_BR_V2_PROFILE, 2023-09-15 */
    return c->rules_time_valid && c->rules_time < v2_profile && cs_name_count(s, CS_OID_AT_ORGANIZATION);
}

static cs_result check_ov_iv_subject(const cs_cert *c, cs_detail *d)
{
    const cs_name *s = &c->subject;
    const char *kind = c->tls.level == CS_TLS_OV ? "OV" : "IV";
    if (c->tls.level == CS_TLS_OV && !cs_name_count(s, CS_OID_AT_ORGANIZATION))
        return cs_fail(d, "OV subject lacks organizationName");
    if (c->tls.level == CS_TLS_IV && !iv_personal_name_ok(c, s))
        return cs_fail(d, "IV subject lacks givenName or surname");
    if (!cs_name_count(s, CS_OID_AT_COUNTRY))
        return cs_fail(d, "%s subject lacks countryName", kind);
    if (!cs_name_count(s, CS_OID_AT_LOCALITY) && !cs_name_count(s, CS_OID_AT_STATE))
        return cs_fail(d, "%s subject has neither localityName nor stateOrProvinceName", kind);
    if (c->tls.level == CS_TLS_OV && (cs_name_count(s, CS_OID_AT_GIVEN_NAME) || cs_name_count(s, CS_OID_AT_SURNAME)))
        return cs_fail(d, "OV subject holds givenName or surname");
    return CS_PASS;
}
CS_RULE(tls_ov_iv_subject_required) = {
    .id = "tls_ov_iv_subject_required", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.3, 7.1.2.7.4; BR 1.x 7.1.6.4", .effective = TLS_BR_START,
    .description = "OV subject lacks O, C, or L/ST (or holds GN/SN); IV subject lacks GN+SN (before 2023-09-15: "
                   "O or GN+SN), C, or L/ST",
    .zlint = "e_cab_ov_requires_org,e_cert_policy_ov_requires_country,e_cert_policy_ov_requires_province_or_locality,e_sub_cert_given_name_surname_contains_correct_policy,e_cab_iv_requires_personal_name_strict,e_cert_policy_iv_requires_country,e_cert_policy_iv_requires_province_or_locality", .pkilint = "cabf.serverauth.ov.organization_name_attribute_absent,cabf.serverauth.ov.country_attribute_absent,cabf.serverauth.ov.given_name_attribute_present,cabf.serverauth.ov.surname_attribute_present,cabf.serverauth.iv.given_name_attribute_absent,cabf.serverauth.iv.surname_attribute_absent,cabf.serverauth.iv.country_attribute_absent,cabf.serverauth.subscriber_stateprovince_and_locality_missing",
    .applies_to = "TLS OV and IV subscriber certificates", .applies = is_ov_iv, .check = check_ov_iv_subject,
};

static cs_result check_ou(const cs_cert *c, cs_detail *d)
{
    const cs_attr *a = cs_name_find(&c->subject, CS_OID_AT_ORG_UNIT);
    if (a)
        return cs_fail(d, "subject holds organizationalUnitName '%.*s'", SHOW(a->value));
    return CS_PASS;
}
CS_RULE(tls_ou_present) = {
    .id = "tls_ou_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.3, 7.1.2.7.4 (ballot SC-47)", .effective = "2022-09-01",
    .description = "The subject holds organizationalUnitName",
    .zlint = "e_organizational_unit_name_prohibited", .pkilint = "cabf.serverauth.ov.organizational_unit_name_attribute_present,cabf.serverauth.iv.organizational_unit_name_attribute_present",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_ou,
};

/* BR 7.1.4.2 tables: relative order (rank > 0 for the ordered table),
 * the string types allowed, and whether the attribute may repeat. */
enum { PS = 1, U8 = 2, IA5 = 4 };
static const struct {
    cs_oid_id type;
    uint8_t rank;
    uint8_t types;
    bool may_repeat;
} attr_rules[] = {
    { CS_OID_AT_DOMAIN_COMPONENT, 1, IA5, true },
    { CS_OID_AT_COUNTRY, 2, PS, false },
    { CS_OID_AT_STATE, 3, PS | U8, false },
    { CS_OID_AT_LOCALITY, 4, PS | U8, false },
    { CS_OID_AT_POSTAL_CODE, 5, PS | U8, false },
    { CS_OID_AT_STREET, 6, PS | U8, true },
    { CS_OID_AT_ORGANIZATION, 7, PS | U8, false },
    { CS_OID_AT_SURNAME, 8, PS | U8, false },
    { CS_OID_AT_GIVEN_NAME, 9, PS | U8, false },
    { CS_OID_AT_ORG_UNIT, 10, PS | U8, false },
    { CS_OID_AT_COMMON_NAME, 11, PS | U8, false },
    { CS_OID_AT_BUSINESS_CATEGORY, 0, PS | U8, false },
    { CS_OID_AT_JURISDICTION_COUNTRY, 0, PS, false },
    { CS_OID_AT_JURISDICTION_STATE, 0, PS | U8, false },
    { CS_OID_AT_JURISDICTION_LOCALITY, 0, PS | U8, false },
    { CS_OID_AT_SERIAL_NUMBER, 0, PS, false },
    { CS_OID_AT_ORGANIZATION_IDENTIFIER, 0, PS | U8, false },
};

static uint8_t type_bit(uint8_t tag)
{
    return tag == CS_TAG_PRINTABLE_STRING ? PS : tag == CS_TAG_UTF8_STRING ? U8 : tag == CS_TAG_IA5_STRING ? IA5 : 0;
}

static cs_result check_encoding_order(const cs_cert *c, cs_detail *d)
{
    const cs_name *s = &c->subject;
    unsigned last_rank = 0;
    for (uint16_t i = 0; i < s->n_attrs; i++) {
        const cs_attr *a = &s->attrs[i];
        if (a->rdn_size > 1)
            return cs_fail(d, "multi-valued RDN (%u attributes)", (unsigned)a->rdn_size);
        for (size_t k = 0; k < sizeof attr_rules / sizeof attr_rules[0]; k++) {
            if (attr_rules[k].type != a->type)
                continue;
            if (!(type_bit(a->tag) & attr_rules[k].types) || a->tag_class != CS_DER_CLASS_UNIVERSAL)
                return cs_fail(d, "%s encoded with tag %u", cs_oid_short_name(a->type), (unsigned)a->tag);
            if (attr_rules[k].rank) {
                if (attr_rules[k].rank < last_rank)
                    return cs_fail(d, "%s out of the order of BR 7.1.4.2", cs_oid_short_name(a->type));
                last_rank = attr_rules[k].rank;
            }
            if (!attr_rules[k].may_repeat && cs_name_count(s, a->type) > 1)
                return cs_fail(d, "%s appears more than once", cs_oid_short_name(a->type));
            break;
        }
    }
    return CS_PASS;
}
CS_RULE(tls_subject_encoding_order) = {
    .id = "tls_subject_encoding_order", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.4.1, 7.1.4.2", .effective = TLS_BR_V2_PROFILE,
    .description = "Subject has a multi-valued RDN, a repeated attribute, attributes out of the 7.1.4.2 order, or a string type the tables do not allow",
    .zlint = "e_invalid_subject_rdn_order,e_duplicate_subject_attribs,e_subject_rdns_correct_encoding,n_multiple_subject_rdn", .pkilint = "cabf.serverauth.invalid_rdn_order,cabf.serverauth.prohibited_duplicate_attribute_type,cabf.serverauth.rdn_contains_multiple_atvs,cabf.serverauth.attribute_value_invalid_encoding_type",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_encoding_order,
};

/* Values that only say "absent".  countryName is excluded: "NA" is
 * Namibia. */
static const char *const placeholders[] = { "n/a", "n.a.", "na", "none", "null", "unknown", "not applicable",
                                            "not available", "void" };

static bool only_metadata(cs_span v)
{
    for (size_t i = 0; i < v.len; i++)
        if (v.p[i] != '.' && v.p[i] != '-' && v.p[i] != ' ')
            return false;
    return true;
}

static cs_result check_metadata_only(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type == CS_OID_AT_COUNTRY || a->type == CS_OID_AT_JURISDICTION_COUNTRY)
            continue;
        if (only_metadata(a->value))
            return cs_fail(d, "subject %s holds only '.', '-' or spaces", a->type ? cs_oid_short_name(a->type) : "attribute");
        for (size_t k = 0; k < sizeof placeholders / sizeof placeholders[0]; k++)
            if (cs_span_eq_nocase(a->value, cs_span_make(placeholders[k], strlen(placeholders[k]))))
                return cs_fail(d, "subject %s is the placeholder '%.*s'", a->type ? cs_oid_short_name(a->type) : "attribute",
                               SHOW(a->value));
    }
    return CS_PASS;
}
CS_RULE(tls_subject_metadata_only) = {
    .id = "tls_subject_metadata_only", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.3, 7.1.2.7.4, 7.1.2.7.5", .effective = TLS_BR_START,
    .description = "A subject attribute holds only metadata ('.', '-', spaces, empty) or a placeholder such as 'N/A' (countryName excluded)",
    .zlint = "e_subject_contains_noninformational_value", .pkilint = "cabf.insignificant_attribute_value_present",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_metadata_only,
};

/* BR 7.1.2.7.3/.4 also allow the user-assigned "XX". */
static bool iso_country(cs_span v) { return cs_iso3166_alpha2(v) || cs_span_eq_bytes(v, "XX", 2); }

static cs_result check_country(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type == CS_OID_AT_COUNTRY && !iso_country(a->value))
            return cs_fail(d, "countryName '%.*s' is not an ISO 3166-1 alpha-2 code (or XX)", SHOW(a->value));
    }
    return CS_PASS;
}
CS_RULE(tls_country_not_iso) = {
    .id = "tls_country_not_iso", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.2-.4, 7.1.2.10.2, 3.2.2.3", .effective = TLS_BR_START,
    .description = "countryName is not an upper-case ISO 3166-1 alpha-2 code (XX allowed)",
    .zlint = "e_subject_country_not_iso,e_subj_country_not_uppercase", .pkilint = "cabf.invalid_country_code",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_country,
};
