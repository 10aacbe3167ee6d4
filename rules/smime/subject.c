/* S/MIME BR subject DN: attribute presence per profile (SBR 7.1.4.2.3 -
 * 7.1.4.2.6, table in smime_common.c), attribute dependencies (SMC06),
 * and attribute contents (SBR 7.1.4.2.2). */
#include "smime_common.h"

#define ORG_TYPES (SMIME_OV | SMIME_SV)
#define PERSON_TYPES (SMIME_SV | SMIME_IV)
#define NON_MV (SMIME_OV | SMIME_SV | SMIME_IV)

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)
SMIME_APPLIES(mv_profile, SMIME_MV, SMIME_ALL_GENS)
SMIME_APPLIES(ov_profile, SMIME_OV, SMIME_ALL_GENS)
SMIME_APPLIES(iv_profile, SMIME_IV, SMIME_ALL_GENS)
SMIME_APPLIES(org_profile, ORG_TYPES, SMIME_ALL_GENS)
SMIME_APPLIES(person_profile, PERSON_TYPES, SMIME_ALL_GENS)
SMIME_APPLIES(person_mp_strict, PERSON_TYPES, SMIME_MP | SMIME_STR)
SMIME_APPLIES(person_legacy, PERSON_TYPES, SMIME_LEG)
SMIME_APPLIES(non_mv_strict, NON_MV, SMIME_STR)
SMIME_APPLIES(non_mv_mp_strict, NON_MV, SMIME_MP | SMIME_STR)
SMIME_APPLIES(non_mv, NON_MV, SMIME_ALL_GENS)

static bool has(const cs_cert *c, cs_oid_id t) { return cs_name_find(&c->subject, t) != NULL; }

static const char *attr_name(const cs_attr *a, char *buf, size_t size)
{
    const char *n = cs_oid_short_name(a->type);
    return *n ? n : cs_oid_to_text(a->oid, buf, size);
}

/* First subject attribute whose type is in the list (or not in it, when
 * `outside`). */
static const cs_attr *find_listed(const cs_cert *c, const cs_oid_id *types, size_t n, bool outside)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        bool listed = false;
        for (size_t k = 0; k < n; k++)
            if (a->type == types[k] && a->type != CS_OID_UNKNOWN)
                listed = true;
        if (listed != outside)
            return a;
    }
    return NULL;
}

static cs_result fail_attr(cs_detail *d, const cs_attr *a, const char *why)
{
    char buf[64];
    return cs_fail(d, "subject %s %s", attr_name(a, buf, sizeof buf), why);
}

/* ---- presence ------------------------------------------------------- */

static cs_result check_mv_attrs(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id ok[] = { CS_OID_AT_COMMON_NAME, CS_OID_AT_SERIAL_NUMBER, CS_OID_AT_EMAIL_ADDRESS };
    const cs_attr *a = find_listed(c, ok, 3, true);
    return a ? fail_attr(d, a, "not allowed in a Mailbox-validated certificate") : CS_PASS;
}
CS_RULE(smime_subject_mv_prohibited_attr) = {
    SMIME_META(smime_subject_mv_prohibited_attr, ERROR, "SBR 7.1.4.2.3", SMIME_BR_START),
    .description = "Mailbox-validated subject holds an attribute other than CN, serialNumber, emailAddress",
    .applies_to = "S/MIME Mailbox-validated subscriber certificates",
    .zlint = "e_mailbox_validated_allowed_subjectdn_attributes,e_mailbox_validated_enforce_subject_field_restrictions", .pkilint = "cabf.smime.prohibited_attribute",
    .applies = mv_profile, .check = check_mv_attrs,
};

static cs_result check_org_name(const cs_cert *c, cs_detail *d)
{
    return has(c, CS_OID_AT_ORGANIZATION) ? CS_PASS : cs_fail(d, "subject organizationName absent");
}
CS_RULE(smime_subject_org_name_missing) = {
    SMIME_META(smime_subject_org_name_missing, ERROR, "SBR 7.1.4.2.4, 7.1.4.2.5", SMIME_BR_START),
    .description = "organizationName absent from an Organization- or Sponsor-validated subject",
    .applies_to = "S/MIME Organization- and Sponsor-validated subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.missing_required_attribute",
    .applies = org_profile, .check = check_org_name,
};

static cs_result check_org_id(const cs_cert *c, cs_detail *d)
{
    return has(c, CS_OID_AT_ORGANIZATION_IDENTIFIER) ? CS_PASS : cs_fail(d, "subject organizationIdentifier absent");
}
CS_RULE(smime_subject_org_identifier_missing) = {
    SMIME_META(smime_subject_org_identifier_missing, ERROR, "SBR 7.1.4.2.4, 7.1.4.2.5", SMIME_BR_START),
    .description = "organizationIdentifier (2.5.4.97) absent from an Organization- or Sponsor-validated subject",
    .applies_to = "S/MIME Organization- and Sponsor-validated subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.missing_required_attribute",
    .applies = org_profile, .check = check_org_id,
};

static cs_result check_iv_org(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id bad[] = { CS_OID_AT_ORGANIZATION, CS_OID_AT_ORG_UNIT, CS_OID_AT_ORGANIZATION_IDENTIFIER };
    const cs_attr *a = find_listed(c, bad, 3, false);
    return a ? fail_attr(d, a, "not allowed in an Individual-validated certificate") : CS_PASS;
}
CS_RULE(smime_subject_org_attrs_in_iv) = {
    SMIME_META(smime_subject_org_attrs_in_iv, ERROR, "SBR 7.1.4.2.6", SMIME_BR_START),
    .description = "organizationName, organizationalUnitName or organizationIdentifier in an Individual-validated subject",
    .applies_to = "S/MIME Individual-validated subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_attribute",
    .applies = iv_profile, .check = check_iv_org,
};

static cs_result check_ov_person(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id bad[] = { CS_OID_AT_GIVEN_NAME, CS_OID_AT_SURNAME, CS_OID_AT_PSEUDONYM, CS_OID_AT_TITLE };
    const cs_attr *a = find_listed(c, bad, 4, false);
    return a ? fail_attr(d, a, "not allowed in an Organization-validated certificate") : CS_PASS;
}
CS_RULE(smime_subject_person_attrs_in_ov) = {
    SMIME_META(smime_subject_person_attrs_in_ov, ERROR, "SBR 7.1.4.2.4", SMIME_BR_START),
    .description = "givenName, surname, pseudonym or title in an Organization-validated subject",
    .applies_to = "S/MIME Organization-validated subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_attribute",
    .applies = ov_profile, .check = check_ov_person,
};

static cs_result check_street_postal_strict(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id bad[] = { CS_OID_AT_STREET, CS_OID_AT_POSTAL_CODE };
    const cs_attr *a = find_listed(c, bad, 2, false);
    return a ? fail_attr(d, a, "not allowed in a Strict certificate") : CS_PASS;
}
CS_RULE(smime_subject_street_postal_in_strict) = {
    SMIME_META(smime_subject_street_postal_in_strict, ERROR, "SBR 7.1.4.2.4 - 7.1.4.2.6", SMIME_BR_START),
    .description = "streetAddress or postalCode in a Strict subject",
    .applies_to = "S/MIME Organization-, Sponsor- and Individual-validated Strict subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_attribute",
    .applies = non_mv_strict, .check = check_street_postal_strict,
};

static cs_result check_unlisted(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++)
        if (!smime_attr_listed(c->subject.attrs[i].type))
            return fail_attr(d, &c->subject.attrs[i], "is not in the profile's attribute table");
    return CS_PASS;
}
CS_RULE(smime_subject_unlisted_attr_nonlegacy) = {
    SMIME_META(smime_subject_unlisted_attr_nonlegacy, ERROR, "SBR 7.1.4.2.4 - 7.1.4.2.6", SMIME_BR_START),
    .description = "subject attribute outside the BR table (e.g. businessCategory, DC, UID, "
                   "jurisdiction*, description) in a Multipurpose or Strict certificate",
    .applies_to = "S/MIME Organization-, Sponsor- and Individual-validated MP/Strict subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_attribute",
    .applies = non_mv_mp_strict, .check = check_unlisted,
};

static cs_result check_personal_name(const cs_cert *c, cs_detail *d)
{
    if (has(c, CS_OID_AT_GIVEN_NAME) || has(c, CS_OID_AT_SURNAME) || has(c, CS_OID_AT_PSEUDONYM))
        return CS_PASS;
    return cs_fail(d, "none of givenName, surname, pseudonym in the subject");
}
CS_RULE(smime_subject_personal_name_missing) = {
    SMIME_META(smime_subject_personal_name_missing, ERROR, "SBR 7.1.4.2.5, 7.1.4.2.6 note 2", SMIME_BR_START),
    .description = "Sponsor-/Individual-validated MP/Strict subject has none of givenName, surname, pseudonym",
    .applies_to = "S/MIME Sponsor- and Individual-validated Multipurpose/Strict subscriber certificates",
    .zlint = "e_invalid_individual_identity", .pkilint = "cabf.smime.missing_required_attribute",
    .applies = person_mp_strict, .check = check_personal_name,
};

static cs_result check_legacy_name(const cs_cert *c, cs_detail *d)
{
    if (has(c, CS_OID_AT_GIVEN_NAME) || has(c, CS_OID_AT_SURNAME) || has(c, CS_OID_AT_PSEUDONYM) ||
        has(c, CS_OID_AT_COMMON_NAME))
        return CS_PASS;
    return cs_fail(d, "none of givenName, surname, pseudonym, commonName in the subject");
}
CS_RULE(smime_subject_legacy_name_missing) = {
    SMIME_META(smime_subject_legacy_name_missing, ERROR, "SBR 7.1.4.2.5, 7.1.4.2.6 note 1", SMIME_BR_START),
    .description = "Sponsor-/Individual-validated Legacy subject has none of givenName, surname, pseudonym, commonName",
    .applies_to = "S/MIME Sponsor- and Individual-validated Legacy subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.missing_required_attribute",
    .applies = person_legacy, .check = check_legacy_name,
};

static cs_result check_pseudonym_mix(const cs_cert *c, cs_detail *d)
{
    if (has(c, CS_OID_AT_PSEUDONYM) && (has(c, CS_OID_AT_GIVEN_NAME) || has(c, CS_OID_AT_SURNAME)))
        return cs_fail(d, "pseudonym together with givenName/surname");
    return CS_PASS;
}
CS_RULE(smime_subject_pseudonym_with_personal_name) = {
    SMIME_META(smime_subject_pseudonym_with_personal_name, ERROR, "SBR 7.1.4.2.2(e), (f)", SMIME_BR_START),
    .description = "pseudonym present together with givenName and/or surname",
    .applies_to = "S/MIME Sponsor- and Individual-validated subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.mixed_name_and_pseudonym_attributes",
    .applies = person_profile, .check = check_pseudonym_mix,
};

static cs_result check_street_locality(const cs_cert *c, cs_detail *d)
{
    if (has(c, CS_OID_AT_STREET) && !has(c, CS_OID_AT_LOCALITY) && !has(c, CS_OID_AT_STATE))
        return cs_fail(d, "streetAddress without localityName or stateOrProvinceName");
    return CS_PASS;
}
CS_RULE(smime_subject_street_without_locality) = {
    SMIME_META(smime_subject_street_without_locality, ERROR, "SBR 7.1.4.2.2(j) (SMC06)", SMIME_SMC06),
    .description = "streetAddress present without localityName or stateOrProvinceName",
    .applies_to = "S/MIME Organization-, Sponsor- and Individual-validated subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.required_attribute_missing_for_dependent_attribute",
    .applies = non_mv, .check = check_street_locality,
};

static cs_result check_location_country(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id deps[] = { CS_OID_AT_LOCALITY, CS_OID_AT_STATE, CS_OID_AT_POSTAL_CODE };
    if (has(c, CS_OID_AT_COUNTRY))
        return CS_PASS;
    const cs_attr *a = find_listed(c, deps, 3, false);
    return a ? fail_attr(d, a, "present without countryName") : CS_PASS;
}
CS_RULE(smime_subject_location_without_country) = {
    SMIME_META(smime_subject_location_without_country, ERROR, "SBR 7.1.4.2.2(k), (l), (m) (SMC06)", SMIME_SMC06),
    .description = "localityName, stateOrProvinceName or postalCode present without countryName",
    .applies_to = "S/MIME Organization-, Sponsor- and Individual-validated subscriber certificates",
    .zlint = NULL, .pkilint = "cabf.smime.required_attribute_missing_for_dependent_attribute",
    .applies = non_mv, .check = check_location_country,
};

static cs_result check_multi_rdn(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++)
        if (c->subject.attrs[i].rdn_size > 1)
            return cs_fail(d, "subject RDN %u holds %u attributes", (unsigned)c->subject.attrs[i].rdn,
                           (unsigned)c->subject.attrs[i].rdn_size);
    return CS_PASS;
}
CS_RULE(smime_subject_multi_valued_rdn) = {
    SMIME_META(smime_subject_multi_valued_rdn, NOTICE, "SBR 7.1.4.2 (TLS BR 7.1.4.1 style; not an S/MIME SHALL)", SMIME_BR_START),
    .description = "a subject RDN holds more than one attribute",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "n_multiple_subject_rdn", .pkilint = "cabf.rdn_contains_multiple_atvs",
    .applies = any_profile, .check = check_multi_rdn,
};

/* ---- contents: commonName ------------------------------------------- */

#define TEXT_MAX 512

/* Text of an attribute, or empty when it cannot be decoded. */
static cs_span attr_text(const cs_attr *a, char *buf)
{
    int n = smime_attr_text(a->tag, a->value, buf, TEXT_MAX);
    return cs_span_make(buf, n > 0 ? (size_t)n : 0);
}

/* True when some attribute of `type` has exactly this text. */
static bool some_attr_equals(const cs_cert *c, cs_oid_id type, cs_span text)
{
    char buf[TEXT_MAX];
    for (uint16_t i = 0; i < c->subject.n_attrs; i++)
        if (c->subject.attrs[i].type == type && cs_span_eq(attr_text(&c->subject.attrs[i], buf), text))
            return true;
    return false;
}

static bool has_cn(const cs_cert *c) { return has(c, CS_OID_AT_COMMON_NAME); }
static bool mv_cn(const cs_cert *c) { return mv_profile(c) && has_cn(c); }
static bool ov_cn(const cs_cert *c) { return ov_profile(c) && has_cn(c); }

typedef bool (*text_ok_fn)(const cs_cert *c, cs_span text);

/* Fails for the first subject value of `type` that ok() rejects, quoting
 * it: <label> "<value>" <why>. */
static cs_result each_value(const cs_cert *c, cs_detail *d, cs_oid_id type, const char *label, text_ok_fn ok,
                            const char *why)
{
    char buf[TEXT_MAX];
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != type)
            continue;
        cs_span v = attr_text(a, buf);
        if (!ok(c, v))
            return cs_fail(d, "%s \"%.*s\" %s", label, (int)(v.len > 64 ? 64 : v.len), (const char *)v.p, why);
    }
    return CS_PASS;
}

static cs_result each_cn(const cs_cert *c, cs_detail *d, text_ok_fn ok, const char *why)
{
    return each_value(c, d, CS_OID_AT_COMMON_NAME, "commonName", ok, why);
}

static bool cn_is_mailbox(const cs_cert *c, cs_span cn) { return cn.len && smime_san_has_mailbox(c, cn); }
static cs_result check_cn_mv(const cs_cert *c, cs_detail *d)
{
    return each_cn(c, d, cn_is_mailbox, "is not one of the SAN mailboxes");
}
CS_RULE(smime_cn_mv_not_mailbox) = {
    SMIME_META(smime_cn_mv_not_mailbox, ERROR, "SBR 7.1.4.2.2(a)", SMIME_BR_START),
    .description = "Mailbox-validated commonName is not one of the SAN rfc822Name/SmtpUTF8Mailbox values",
    .applies_to = "S/MIME Mailbox-validated subscriber certificates with a commonName",
    .zlint = "e_commonname_mailbox_validated", .pkilint = "cabf.smime.common_name_value_unknown_source",
    .applies = mv_cn, .check = check_cn_mv,
};

static bool cn_ov_ok(const cs_cert *c, cs_span cn)
{
    return cn_is_mailbox(c, cn) || some_attr_equals(c, CS_OID_AT_ORGANIZATION, cn);
}
static cs_result check_cn_ov(const cs_cert *c, cs_detail *d)
{
    return each_cn(c, d, cn_ov_ok, "is neither an organizationName value nor a SAN mailbox");
}
CS_RULE(smime_cn_ov_invalid) = {
    SMIME_META(smime_cn_ov_invalid, ERROR, "SBR 7.1.4.2.2(a)", SMIME_BR_START),
    .description = "Organization-validated commonName equals neither an organizationName value nor a SAN mailbox",
    .applies_to = "S/MIME Organization-validated subscriber certificates with a commonName",
    .zlint = "e_org_validated_invalid_cn", .pkilint = "cabf.smime.common_name_value_unknown_source",
    .applies = ov_cn, .check = check_cn_ov,
};

static bool person_cn_source_applies(const cs_cert *c)
{
    return has_cn(c) && (person_mp_strict(c) || (person_legacy(c) && has(c, CS_OID_AT_PSEUDONYM)));
}
static bool cn_person_ok(const cs_cert *c, cs_span cn)
{
    return cn_is_mailbox(c, cn) || some_attr_equals(c, CS_OID_AT_PSEUDONYM, cn) || has(c, CS_OID_AT_GIVEN_NAME) ||
           has(c, CS_OID_AT_SURNAME);
}
static cs_result check_cn_person(const cs_cert *c, cs_detail *d)
{
    return each_cn(c, d, cn_person_ok, "is no SAN mailbox, not the pseudonym, and no givenName/surname backs a personal name");
}
CS_RULE(smime_cn_person_unknown_source) = {
    SMIME_META(smime_cn_person_unknown_source, ERROR, "SBR 7.1.4.2.2(a)", SMIME_BR_START),
    .description = "commonName is not a SAN mailbox, not the pseudonym value, and there is no "
                   "givenName/surname that could back a Personal Name",
    .applies_to = "S/MIME Sponsor-/Individual-validated MP/Strict certificates (Legacy: with a pseudonym) with a commonName",
    .zlint = NULL, .pkilint = "cabf.smime.common_name_value_unknown_source",
    .applies = person_cn_source_applies, .check = check_cn_person,
};

static bool person_pseudonym_cn(const cs_cert *c)
{
    return person_profile(c) && has_cn(c) && has(c, CS_OID_AT_PSEUDONYM);
}
static bool cn_pseudonym_ok(const cs_cert *c, cs_span cn)
{
    return cn_is_mailbox(c, cn) || some_attr_equals(c, CS_OID_AT_PSEUDONYM, cn);
}
static cs_result check_cn_pseudonym(const cs_cert *c, cs_detail *d)
{
    return each_cn(c, d, cn_pseudonym_ok, "is neither a mailbox nor the pseudonym");
}
CS_RULE(smime_cn_pseudonym_mismatch) = {
    SMIME_META(smime_cn_pseudonym_mismatch, ERROR, "SBR 7.1.4.2.2(a) (SMC03, SMC06)", SMIME_BR_START),
    .description = "pseudonym present and commonName is neither a SAN mailbox nor equal to the pseudonym",
    .applies_to = "S/MIME Sponsor- and Individual-validated subscriber certificates with pseudonym and commonName",
    .zlint = NULL, .pkilint = "cabf.smime.common_name_value_unknown_source",
    .applies = person_pseudonym_cn, .check = check_cn_pseudonym,
};

static bool ci_contains(cs_span hay, cs_span needle)
{
    if (needle.len == 0 || needle.len > hay.len)
        return false;
    for (size_t i = 0; i + needle.len <= hay.len; i++)
        if (cs_span_eq_nocase(cs_span_make(hay.p + i, needle.len), needle))
            return true;
    return false;
}

/* True when a token (split on space, comma, hyphen) of some GN/SN value
 * of at least 2 octets occurs in the CN. */
static bool cn_shares_token(const cs_cert *c, cs_span cn)
{
    char buf[TEXT_MAX];
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_GIVEN_NAME && a->type != CS_OID_AT_SURNAME)
            continue;
        cs_span v = attr_text(a, buf);
        size_t start = 0;
        for (size_t k = 0; k <= v.len; k++) {
            if (k == v.len || v.p[k] == ' ' || v.p[k] == ',' || v.p[k] == '-') {
                cs_span tok = cs_span_make(v.p + start, k - start);
                if (tok.len >= 2 && ci_contains(cn, tok))
                    return true;
                start = k + 1;
            }
        }
    }
    return false;
}

static bool person_cn_with_names(const cs_cert *c)
{
    return person_profile(c) && has_cn(c) && (has(c, CS_OID_AT_GIVEN_NAME) || has(c, CS_OID_AT_SURNAME));
}
static bool cn_from_names(const cs_cert *c, cs_span cn)
{
    return cn_is_mailbox(c, cn) || some_attr_equals(c, CS_OID_AT_PSEUDONYM, cn) || cn_shares_token(c, cn);
}
static cs_result check_cn_tokens(const cs_cert *c, cs_detail *d)
{
    return each_cn(c, d, cn_from_names, "shares no token with givenName/surname");
}
CS_RULE(smime_cn_personal_name_not_from_gn_sn) = {
    SMIME_META(smime_cn_personal_name_not_from_gn_sn, NOTICE, "SBR 7.1.4.2.2(a)", SMIME_BR_START),
    .description = "commonName presented as a personal name shares no token with givenName/surname "
                   "(heuristic: the BR leaves the presentation format free)",
    .applies_to = "S/MIME Sponsor-/Individual-validated certificates with a commonName and givenName/surname",
    .zlint = NULL, .pkilint = NULL,
    .applies = person_cn_with_names, .check = check_cn_tokens,
};

/* ---- contents: emailAddress, countryName, values --------------------- */

static bool has_email_attr(const cs_cert *c) { return any_profile(c) && has(c, CS_OID_AT_EMAIL_ADDRESS); }

static cs_result check_email_multiple(const cs_cert *c, cs_detail *d)
{
    char buf[TEXT_MAX];
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_EMAIL_ADDRESS)
            continue;
        cs_span v = attr_text(a, buf);
        unsigned at = 0;
        bool sep = false;
        for (size_t k = 0; k < v.len; k++) {
            at += v.p[k] == '@';
            sep |= v.p[k] == ',' || v.p[k] == ';' || v.p[k] == ' ';
        }
        if (at > 1 || (at == 1 && sep))
            return cs_fail(d, "emailAddress holds more than one mailbox");
    }
    return CS_PASS;
}
CS_RULE(smime_email_attr_multiple_mailboxes) = {
    SMIME_META(smime_email_attr_multiple_mailboxes, ERROR, "SBR 7.1.4.2.2(h)", SMIME_BR_START),
    .description = "subject emailAddress holds more than one address (several '@', or list separators)",
    .applies_to = "S/MIME subscriber certificates with a subject emailAddress",
    .zlint = "e_single_email_subject_if_present,e_single_email_if_present", .pkilint = NULL,
    .applies = has_email_attr, .check = check_email_multiple,
};

static bool mailbox_ok(const cs_cert *c, cs_span v)
{
    (void)c;
    return !cs_mailbox_syntax_error(v);
}
static cs_result check_email_syntax(const cs_cert *c, cs_detail *d)
{
    return each_value(c, d, CS_OID_AT_EMAIL_ADDRESS, "emailAddress", mailbox_ok, "is not a valid mailbox");
}
CS_RULE(smime_email_attr_invalid_syntax) = {
    SMIME_META(smime_email_attr_invalid_syntax, ERROR, "SBR 7.1.4.2.2(h), 1.6.1", SMIME_BR_START),
    .description = "subject emailAddress is not a valid RFC 5321 Mailbox (ASCII)",
    .applies_to = "S/MIME subscriber certificates with a subject emailAddress",
    .zlint = NULL, .pkilint = "pkix.invalid_email_address_syntax",
    .applies = has_email_attr, .check = check_email_syntax,
};

static bool non_mv_country(const cs_cert *c) { return non_mv(c) && has(c, CS_OID_AT_COUNTRY); }

static cs_result check_country(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_COUNTRY)
            continue;
        char cc[3] = { 0 };
        if (a->value.len == 2)
            memcpy(cc, a->value.p, 2);
        if (a->value.len != 2 || (!cs_iso3166_alpha2(a->value) && strcmp(cc, "XX") != 0))
            return cs_fail(d, "countryName \"%.*s\" is not an ISO 3166-1 alpha-2 code",
                           (int)(a->value.len > 8 ? 8 : a->value.len), (const char *)a->value.p);
    }
    return CS_PASS;
}
CS_RULE(smime_country_invalid) = {
    SMIME_META(smime_country_invalid, ERROR, "SBR 7.1.4.2.2(n)", SMIME_BR_START),
    .description = "countryName is not an official ISO 3166-1 alpha-2 code or the user-assigned XX",
    .applies_to = "S/MIME Organization-, Sponsor- and Individual-validated certificates with countryName",
    .zlint = "e_subject_country_name", .pkilint = "cabf.invalid_country_code",
    .applies = non_mv_country, .check = check_country,
};

static bool metadata_only(cs_span v)
{
    static const char *const placeholders[] = { "n/a", "na", "none", "unknown", "null", "nil", "not applicable",
                                                "empty", "?", "tbd", "-" };
    size_t s = 0, e = v.len;
    while (s < e && v.p[s] == ' ')
        s++;
    while (e > s && v.p[e - 1] == ' ')
        e--;
    cs_span t = cs_span_make(v.p + s, e - s);
    bool only_punct = true;
    for (size_t i = 0; i < v.len; i++)
        if (v.p[i] != '.' && v.p[i] != '-' && v.p[i] != ' ')
            only_punct = false;
    if (only_punct)
        return true;
    for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++)
        if (smime_span_eq_str_ci(t, placeholders[i]))
            return true;
    return false;
}

static cs_result check_metadata(const cs_cert *c, cs_detail *d)
{
    char buf[TEXT_MAX];
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        cs_span v = attr_text(&c->subject.attrs[i], buf);
        if (metadata_only(v))
            return fail_attr(d, &c->subject.attrs[i], "holds only metadata or a placeholder");
    }
    return CS_PASS;
}
CS_RULE(smime_subject_metadata_only_value) = {
    SMIME_META(smime_subject_metadata_only_value, ERROR, "SBR 7.1.4.2", SMIME_BR_START),
    .description = "a subject attribute is empty, only '.', '-', ' ', or a placeholder such as "
                   "N/A, none, unknown, null",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "cabf.insignificant_attribute_value_present",
    .applies = any_profile, .check = check_metadata,
};

static bool html_entity(cs_span v)
{
    for (size_t i = 0; i < v.len; i++) {
        if (v.p[i] != '&')
            continue;
        size_t k = i + 1;
        if (k < v.len && v.p[k] == '#')
            k++;
        size_t start = k;
        while (k < v.len && k - start < 10 &&
               ((v.p[k] >= 'a' && v.p[k] <= 'z') || (v.p[k] >= 'A' && v.p[k] <= 'Z') || (v.p[k] >= '0' && v.p[k] <= '9')))
            k++;
        if (k > start && k < v.len && v.p[k] == ';')
            return true;
    }
    return false;
}

static cs_result check_html(const cs_cert *c, cs_detail *d)
{
    char buf[TEXT_MAX];
    for (uint16_t i = 0; i < c->subject.n_attrs; i++)
        if (html_entity(attr_text(&c->subject.attrs[i], buf)))
            return fail_attr(d, &c->subject.attrs[i], "contains an HTML entity");
    return CS_PASS;
}
CS_RULE(smime_subject_html_entity) = {
    SMIME_META(smime_subject_html_entity, WARNING, "SBR 7.1.4.2 (quality; not a BR SHALL)", SMIME_BR_START),
    .description = "a subject attribute contains an HTML entity such as &amp; or &#39;",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_subj_contains_html_entities", .pkilint = "cabf.name.attribute_value_contains_html_entity",
    .applies = any_profile, .check = check_html,
};

static const struct { cs_oid_id type; uint16_t max; } upper_bounds[] = {
    { CS_OID_AT_COMMON_NAME, 64 }, { CS_OID_AT_EMAIL_ADDRESS, 255 }, { CS_OID_AT_ORGANIZATION, 64 },
    { CS_OID_AT_ORG_UNIT, 64 },    { CS_OID_AT_LOCALITY, 128 },      { CS_OID_AT_STATE, 128 },
    { CS_OID_AT_SERIAL_NUMBER, 64 }, { CS_OID_AT_TITLE, 64 },        { CS_OID_AT_PSEUDONYM, 128 },
    { CS_OID_AT_POSTAL_CODE, 40 }, { CS_OID_AT_STREET, 128 },
};

static cs_result check_upper_bound(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        for (size_t k = 0; k < sizeof upper_bounds / sizeof upper_bounds[0]; k++) {
            if (upper_bounds[k].type != a->type)
                continue;
            size_t n = cs_der_string_chars(a->tag, a->value);
            if (n > upper_bounds[k].max) {
                char buf[64];
                return cs_fail(d, "subject %s has %zu characters (upper bound %u)", attr_name(a, buf, sizeof buf), n,
                               (unsigned)upper_bounds[k].max);
            }
        }
    }
    return CS_PASS;
}
CS_RULE(smime_subject_upper_bound) = {
    SMIME_META(smime_subject_upper_bound, ERROR, "SBR 7.1.4.2.2 note, RFC 5280 App. A", SMIME_BR_START),
    .description = "subject attribute longer than its RFC 5280 upper bound (CN/O/OU/serialNumber/"
                   "title 64, L/ST/street/pseudonym 128, postalCode 40, emailAddress 255 characters)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_subject_common_name_max_length,e_subject_organization_name_max_length,e_subject_organizational_unit_name_max_length,e_subject_dn_serial_number_max_length,e_subject_locality_name_max_length,e_subject_state_name_max_length,e_subject_street_address_max_length,e_subject_email_max_length", .pkilint = NULL,
    .applies = any_profile, .check = check_upper_bound,
};
