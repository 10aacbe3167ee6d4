/* S/MIME BR other subscriber extensions (SBR 7.1.2.3 i - m, 7.1.2.4). */
#include "smime_common.h"

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

static bool ext_critical(const cs_cert *c, cs_oid_id id)
{
    const cs_ext *e = cs_cert_find_ext(c, id);
    return e && e->critical;
}

static bool sda_mp_strict(const cs_cert *c) { return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_MP | SMIME_STR); }
static cs_result check_sda_prohibited(const cs_cert *c, cs_detail *d)
{
    return c->sda.present ? cs_fail(d, "subjectDirectoryAttributes present") : CS_PASS;
}
CS_RULE(smime_sda_prohibited) = {
    SMIME_META(smime_sda_prohibited, ERROR, "SBR 7.1.2.3(j)", SMIME_BR_START),
    .description = "subjectDirectoryAttributes in a Multipurpose or Strict certificate (allowed in "
                   "every Legacy profile, MV included, per the BR table)",
    .applies_to = "S/MIME Multipurpose and Strict subscriber certificates",
    .zlint = "e_strict_multipurpose_smime_ext_subject_directory_attr", .pkilint = "cabf.smime.subject_directory_attributes_extension_prohibited",
    .applies = sda_mp_strict, .check = check_sda_prohibited,
};

static bool legacy_sda(const cs_cert *c) { return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_LEG) && c->sda.present; }
static cs_result check_sda_critical(const cs_cert *c, cs_detail *d)
{
    return c->sda.ext->critical ? cs_fail(d, "subjectDirectoryAttributes is critical") : CS_PASS;
}
CS_RULE(smime_sda_critical) = {
    SMIME_META(smime_sda_critical, ERROR, "SBR 7.1.2.3(j)", SMIME_BR_START),
    .description = "subjectDirectoryAttributes marked critical",
    .applies_to = "S/MIME Legacy subscriber certificates with subjectDirectoryAttributes",
    .zlint = "e_ext_subject_directory_attr_critical", .pkilint = "pkix.subject_directory_attributes_extension_critical",
    .applies = legacy_sda, .check = check_sda_critical,
};

static bool has_qc(const cs_cert *c) { return any_profile(c) && c->qc_statements.present; }
static cs_result check_qc_critical(const cs_cert *c, cs_detail *d)
{
    return c->qc_statements.ext->critical ? cs_fail(d, "qcStatements is critical") : CS_PASS;
}
CS_RULE(smime_qcstatements_critical) = {
    SMIME_META(smime_qcstatements_critical, ERROR, "SBR 7.1.2.3(k)", SMIME_BR_START),
    .description = "qcStatements marked critical",
    .applies_to = "S/MIME subscriber certificates with qcStatements",
    .zlint = "e_smime_qc_statements_must_not_be_critical", .pkilint = "cabf.smime.qc_statements_extension_critical",
    .applies = has_qc, .check = check_qc_critical,
};

/* id-etsi-qcs-QcType 0.4.0.1862.1.6 and its esign (.1) / eseal (.2) types. */
static const uint8_t oid_qc_type[] = { 0x04, 0x00, 0x8e, 0x46, 0x01, 0x06 };

static const cs_qc_statement *find_qc_type(const cs_cert *c)
{
    for (uint16_t i = 0; i < c->qc_statements.n; i++)
        if (cs_span_eq_bytes(c->qc_statements.items[i].oid, oid_qc_type, sizeof oid_qc_type))
            return &c->qc_statements.items[i];
    return NULL;
}

static bool has_qc_type(const cs_cert *c) { return has_qc(c) && find_qc_type(c); }

static cs_result check_qc_type(const cs_cert *c, cs_detail *d)
{
    const cs_qc_statement *s = find_qc_type(c);
    cs_der_reader r, seq;
    cs_der_tlv t, oid;
    cs_der_reader_init(&r, s->info.p, s->info.p, s->info.len, NULL);
    if (cs_der_expect(&r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t) != CS_DER_OK)
        return cs_fail(d, "QcType statement has no list of types");
    cs_der_reader_enter(&seq, &r, &t);
    while (cs_der_next(&seq, &oid) == CS_DER_OK) {
        if (oid.tag == CS_TAG_OID && oid.value.len == sizeof oid_qc_type + 1 &&
            memcmp(oid.value.p, oid_qc_type, sizeof oid_qc_type) == 0 &&
            (oid.value.p[sizeof oid_qc_type] == 1 || oid.value.p[sizeof oid_qc_type] == 2))
            return CS_PASS;
    }
    return cs_fail(d, "QcType lists neither esign nor eseal");
}
CS_RULE(smime_qcstatements_qctype) = {
    SMIME_META(smime_qcstatements_qctype, ERROR, "SBR 7.1.2.3(k), ETSI EN 319 412-5 4.2.3", SMIME_BR_START),
    .description = "a QcType statement lists neither id-etsi-qct-esign nor id-etsi-qct-eseal",
    .applies_to = "S/MIME subscriber certificates with a QcType statement",
    .zlint = NULL, .pkilint = NULL,
    .applies = has_qc_type, .check = check_qc_type,
};

SMIME_APPLIES(mv_iv, SMIME_MV | SMIME_IV, SMIME_ALL_GENS)
SMIME_APPLIES(mv_ov_iv, SMIME_MV | SMIME_OV | SMIME_IV, SMIME_ALL_GENS)
SMIME_APPLIES(ov_sv, SMIME_OV | SMIME_SV, SMIME_ALL_GENS)

static cs_result check_lei_prohibited(const cs_cert *c, cs_detail *d)
{
    return cs_cert_find_ext(c, CS_OID_EXT_LEI) ? cs_fail(d, "LEI extension present") : CS_PASS;
}
CS_RULE(smime_lei_ext_prohibited) = {
    SMIME_META(smime_lei_ext_prohibited, ERROR, "SBR 7.1.2.3(l)", SMIME_BR_START),
    .description = "LEI extension 1.3.6.1.4.1.52266.1 in a Mailbox- or Individual-validated certificate",
    .applies_to = "S/MIME Mailbox- and Individual-validated subscriber certificates",
    .zlint = "e_legal_entity_identifier", .pkilint = "cabf.smime.lei_extension_prohibited",
    .applies = mv_iv, .check = check_lei_prohibited,
};

static cs_result check_lei_role_prohibited(const cs_cert *c, cs_detail *d)
{
    return cs_cert_find_ext(c, CS_OID_EXT_LEI_ROLE) ? cs_fail(d, "LEI role extension present") : CS_PASS;
}
CS_RULE(smime_lei_role_ext_prohibited) = {
    SMIME_META(smime_lei_role_ext_prohibited, ERROR, "SBR 7.1.2.3(l) (SMC03)", SMIME_BR_START),
    .description = "LEI role extension 1.3.6.1.4.1.52266.2 outside Sponsor-validated certificates",
    .applies_to = "S/MIME Mailbox-, Organization- and Individual-validated subscriber certificates",
    .zlint = "e_legal_entity_identifier", .pkilint = "cabf.smime.lei_role_extension_prohibited",
    .applies = mv_ov_iv, .check = check_lei_role_prohibited,
};

static bool ov_sv_lei(const cs_cert *c)
{
    return ov_sv(c) && (cs_cert_find_ext(c, CS_OID_EXT_LEI) || cs_cert_find_ext(c, CS_OID_EXT_LEI_ROLE));
}
static cs_result check_lei_critical(const cs_cert *c, cs_detail *d)
{
    if (ext_critical(c, CS_OID_EXT_LEI) || ext_critical(c, CS_OID_EXT_LEI_ROLE))
        return cs_fail(d, "LEI or LEI role extension is critical");
    return CS_PASS;
}
CS_RULE(smime_lei_ext_critical) = {
    SMIME_META(smime_lei_ext_critical, ERROR, "SBR 7.1.2.3(l)", SMIME_BR_START),
    .description = "LEI or LEI role extension marked critical",
    .applies_to = "S/MIME Organization-/Sponsor-validated certificates with an LEI extension",
    .zlint = "e_legal_entity_identifier", .pkilint = "cabf.smime.lei_extension_critical,cabf.smime.lei_role_extension_critical",
    .applies = ov_sv_lei, .check = check_lei_critical,
};

static bool ov_sv_lei_value(const cs_cert *c) { return ov_sv(c) && cs_cert_find_ext(c, CS_OID_EXT_LEI); }
static cs_result check_lei_value(const cs_cert *c, cs_detail *d)
{
    const cs_ext *e = cs_cert_find_ext(c, CS_OID_EXT_LEI);
    cs_der_reader r;
    cs_der_tlv t;
    cs_der_reader_init(&r, e->value.p, e->value.p, e->value.len, NULL);
    if (cs_der_next(&r, &t) != CS_DER_OK || t.cls != CS_DER_CLASS_UNIVERSAL ||
        (t.tag != CS_TAG_PRINTABLE_STRING && t.tag != CS_TAG_UTF8_STRING) ||
        !smime_lei_valid((const char *)t.value.p, t.value.len))
        return cs_fail(d, "LEI extension value is not a valid 20-character LEI");
    return CS_PASS;
}
CS_RULE(smime_lei_ext_value_invalid) = {
    SMIME_META(smime_lei_ext_value_invalid, ERROR, "SBR 7.1.2.3(l), ISO 17442", SMIME_BR_START),
    .description = "LEI extension value is not a PrintableString of 20 alphanumerics with a valid ISO 7064 check",
    .applies_to = "S/MIME Organization-/Sponsor-validated certificates with an LEI extension",
    .zlint = NULL, .pkilint = "iso.lei.invalid_lei_format,iso.lei.invalid_lei_checksum",
    .applies = ov_sv_lei_value, .check = check_lei_value,
};

static bool strict_profile(const cs_cert *c) { return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_STR); }
static cs_result check_adobe_strict(const cs_cert *c, cs_detail *d)
{
    if (cs_cert_find_ext(c, CS_OID_EXT_ADOBE_TIMESTAMP) || cs_cert_find_ext(c, CS_OID_EXT_ADOBE_ARCHIVE_REV_INFO))
        return cs_fail(d, "Adobe extension in a Strict certificate");
    return CS_PASS;
}
CS_RULE(smime_adobe_ext_in_strict) = {
    SMIME_META(smime_adobe_ext_in_strict, ERROR, "SBR 7.1.2.3(m)", SMIME_BR_START),
    .description = "Adobe Time-stamp (1.2.840.113583.1.1.9.1) or ArchiveRevInfo (.9.2) in a Strict certificate",
    .applies_to = "S/MIME Strict subscriber certificates",
    .zlint = "e_adobe_extensions_strict_presence", .pkilint = "cabf.smime.adobe_timestamp_extension_prohibited,cabf.smime.adobe_archive_revinfo_extension_prohibited",
    .applies = strict_profile, .check = check_adobe_strict,
};

static bool mp_legacy_adobe(const cs_cert *c)
{
    return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_MP | SMIME_LEG) &&
           (cs_cert_find_ext(c, CS_OID_EXT_ADOBE_TIMESTAMP) || cs_cert_find_ext(c, CS_OID_EXT_ADOBE_ARCHIVE_REV_INFO));
}
static cs_result check_adobe_critical(const cs_cert *c, cs_detail *d)
{
    if (ext_critical(c, CS_OID_EXT_ADOBE_TIMESTAMP) || ext_critical(c, CS_OID_EXT_ADOBE_ARCHIVE_REV_INFO))
        return cs_fail(d, "Adobe extension is critical");
    return CS_PASS;
}
CS_RULE(smime_adobe_ext_critical) = {
    SMIME_META(smime_adobe_ext_critical, ERROR, "SBR 7.1.2.3(m)", SMIME_BR_START),
    .description = "Adobe Time-stamp or ArchiveRevInfo extension marked critical",
    .applies_to = "S/MIME Multipurpose and Legacy certificates with an Adobe extension",
    .zlint = "e_adobe_extensions_legacy_multipurpose_criticality", .pkilint = "cabf.smime.adobe_timestamp_extension_critical,cabf.smime.adobe_archive_revinfo_extension_critical",
    .applies = mp_legacy_adobe, .check = check_adobe_critical,
};

static bool mp_legacy_adobe_ts(const cs_cert *c)
{
    return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_MP | SMIME_LEG) && cs_cert_find_ext(c, CS_OID_EXT_ADOBE_TIMESTAMP);
}
static cs_result check_adobe_location(const cs_cert *c, cs_detail *d)
{
    /* Timestamp ::= SEQUENCE { version INTEGER, location GeneralName, requiresAuth BOOLEAN DEFAULT FALSE } */
    const cs_ext *e = cs_cert_find_ext(c, CS_OID_EXT_ADOBE_TIMESTAMP);
    cs_der_reader r, seq;
    cs_der_tlv t, version, location;
    cs_der_reader_init(&r, e->value.p, e->value.p, e->value.len, NULL);
    if (cs_der_expect(&r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t) != CS_DER_OK)
        return cs_fail(d, "Adobe Time-stamp value is not a SEQUENCE");
    cs_der_reader_enter(&seq, &r, &t);
    if (cs_der_next(&seq, &version) != CS_DER_OK || cs_der_next(&seq, &location) != CS_DER_OK)
        return cs_fail(d, "Adobe Time-stamp value is incomplete");
    if (location.cls != CS_DER_CLASS_CONTEXT || location.tag != CS_GN_URI)
        return cs_fail(d, "Adobe Time-stamp location is not a URI");
    return CS_PASS;
}
CS_RULE(smime_adobe_timestamp_location) = {
    SMIME_META(smime_adobe_timestamp_location, WARNING, "SBR 7.1.2.3(m) (Adobe OID documentation, not BR)", SMIME_BR_START),
    .description = "Adobe Time-stamp extension location is not a uniformResourceIdentifier",
    .applies_to = "S/MIME Multipurpose and Legacy certificates with the Adobe Time-stamp extension",
    .zlint = NULL, .pkilint = "adbe.invalid_timestamp_location_type",
    .applies = mp_legacy_adobe_ts, .check = check_adobe_location,
};

static cs_result check_smimecap_critical(const cs_cert *c, cs_detail *d)
{
    return ext_critical(c, CS_OID_EXT_SMIME_CAPABILITIES) ? cs_fail(d, "smimeCapabilities is critical") : CS_PASS;
}
CS_RULE(smime_smimecap_critical) = {
    SMIME_META(smime_smimecap_critical, ERROR, "SBR 7.1.2.3(i), RFC 4262", SMIME_BR_START),
    .description = "smimeCapabilities marked critical",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "pkix.smime_capabilities_extension_critical",
    .applies = any_profile, .check = check_smimecap_critical,
};

static cs_result check_nc_in_ee(const cs_cert *c, cs_detail *d)
{
    return c->name_constraints.present ? cs_fail(d, "nameConstraints in a subscriber certificate") : CS_PASS;
}
CS_RULE(smime_name_constraints_in_ee) = {
    SMIME_META(smime_name_constraints_in_ee, ERROR, "SBR 7.1.2.4, RFC 5280 4.2.1.10", SMIME_BR_START),
    .description = "nameConstraints in a subscriber certificate",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_ext_name_constraints_not_in_ca", .pkilint = "pkix.name_constraints_in_ee_certificate",
    .applies = any_profile, .check = check_nc_in_ee,
};

static const cs_oid_id listed_extensions[] = {
    CS_OID_EXT_CERTIFICATE_POLICIES, CS_OID_EXT_CRL_DISTRIBUTION_POINTS, CS_OID_EXT_AUTHORITY_INFO_ACCESS,
    CS_OID_EXT_BASIC_CONSTRAINTS, CS_OID_EXT_KEY_USAGE, CS_OID_EXT_EXT_KEY_USAGE,
    CS_OID_EXT_AUTHORITY_KEY_IDENTIFIER, CS_OID_EXT_SUBJECT_KEY_IDENTIFIER, CS_OID_EXT_SUBJECT_ALT_NAME,
    CS_OID_EXT_SMIME_CAPABILITIES, CS_OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES, CS_OID_EXT_QC_STATEMENTS,
    CS_OID_EXT_LEI, CS_OID_EXT_LEI_ROLE, CS_OID_EXT_ADOBE_TIMESTAMP, CS_OID_EXT_ADOBE_ARCHIVE_REV_INFO,
};

static cs_result check_unlisted_ext(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->n_exts; i++) {
        bool listed = false;
        for (size_t k = 0; k < sizeof listed_extensions / sizeof listed_extensions[0] && !listed; k++)
            listed = c->exts[i].id == listed_extensions[k] && c->exts[i].id != CS_OID_UNKNOWN;
        if (!listed) {
            char buf[64];
            return cs_fail(d, "extension %s is not named in SBR 7.1.2.3", cs_oid_to_text(c->exts[i].oid, buf, sizeof buf));
        }
    }
    return CS_PASS;
}
CS_RULE(smime_unlisted_extension) = {
    SMIME_META(smime_unlisted_extension, NOTICE, "SBR 7.1.2.4", SMIME_BR_START),
    .description = "an extension not named in 7.1.2.3 (the CA must document why it is there); one "
                   "severity per rule, so notice for every generation (the catalogue's warning for "
                   "Strict is not split out)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = NULL,
    .applies = any_profile, .check = check_unlisted_ext,
};
