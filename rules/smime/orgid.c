/* S/MIME BR organizationIdentifier (SBR 7.1.4.2.2 d, Appendix A.1,
 * SMC09, SMC011 EUID) and the natural-person serialNumber (Appendix A.2).
 *
 * Grammar: SSS CC [ '+' SP ] [ '-' REFERENCE ], where the leftmost hyphen
 * separates the reference. */
#include "smime_common.h"

#include "lint/orgid.h"

#define ORG_TYPES (SMIME_OV | SMIME_SV)

/* One organizationIdentifier of the subject: where it is and its parse. */
typedef struct orgid {
    const cs_cert *cert;
    const cs_attr *attr;
    cs_span text;         /* the value as UTF-8; empty when it cannot be decoded */
    cs_orgid id;
} orgid;

static bool scheme_is(const orgid *o, const char *s) { return cs_orgid_scheme_is(&o->id, s); }

static bool org_profile_with_orgid(const cs_cert *c)
{
    return smime_profile_in(c, ORG_TYPES, SMIME_ALL_GENS) && cs_name_find(&c->subject, CS_OID_AT_ORGANIZATION_IDENTIFIER);
}

/* Calls fn for every organizationIdentifier; the first failure wins. */
typedef cs_result (*orgid_fn)(const orgid *o, cs_detail *d);

static cs_result each_orgid(const cs_cert *c, cs_detail *d, orgid_fn fn)
{
    char buf[256];
    cs_result res = CS_PASS;
    for (uint16_t i = 0; i < c->subject.n_attrs && res == CS_PASS; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_ORGANIZATION_IDENTIFIER)
            continue;
        int n = smime_attr_text(a->tag, a->value, buf, sizeof buf);
        cs_span text = cs_span_make(buf, n > 0 ? (size_t)n : 0);
        orgid o;
        cs_orgid_parse(text, &o.id);
        o.cert = c;
        o.attr = a;
        o.text = text;
        res = fn(&o, d);
    }
    return res;
}

/* The certificates every organizationIdentifier rule checks. */
#define ORGID_SCOPE                                                                                  \
    .applies_to = "S/MIME Organization-/Sponsor-validated certificates with organizationIdentifier", \
    .applies = org_profile_with_orgid

#define SHOW(s) (int)((s).len > 48 ? 48 : (s).len), (const char *)(s).p

static cs_result orgid_encoding(const orgid *o, cs_detail *d)
{
    if (o->attr->tag != CS_TAG_PRINTABLE_STRING && o->attr->tag != CS_TAG_UTF8_STRING)
        return cs_fail(d, "organizationIdentifier encoded with tag %u", (unsigned)o->attr->tag);
    return CS_PASS;
}
static cs_result check_encoding(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_encoding); }
CS_RULE(smime_orgid_encoding) = {
    SMIME_META(smime_orgid_encoding, ERROR, "SBR 7.1.4.2.2(d)", SMIME_BR_START),
    .description = "organizationIdentifier is not a PrintableString or UTF8String",
    ORGID_SCOPE, .check = check_encoding,
    .zlint = NULL, .pkilint = "cabf.invalid_subject_organization_identifier_encoding",
};

static cs_result orgid_format(const orgid *o, cs_detail *d)
{
    return o->id.well_formed ? CS_PASS : cs_fail(d, "organizationIdentifier \"%.*s\" is not SSSCC[+SP][-REFERENCE]", SHOW(o->text));
}
static cs_result check_format(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_format); }
CS_RULE(smime_orgid_format) = {
    SMIME_META(smime_orgid_format, ERROR, "SBR 7.1.4.2.2(d)", SMIME_BR_START),
    .description = "organizationIdentifier does not match 3-letter scheme, 2-letter country, optional "
                   "'+' subdivision, optional '-' and a non-empty reference",
    ORGID_SCOPE, .check = check_format,
    .zlint = NULL, .pkilint = "cabf.invalid_subject_organization_identifier_format",
};

static bool known_scheme(const orgid *o)
{
    return scheme_is(o, "NTR") || scheme_is(o, "VAT") || scheme_is(o, "PSD") || scheme_is(o, "LEI") ||
           scheme_is(o, "GOV") || scheme_is(o, "INT");
}

static cs_result orgid_scheme(const orgid *o, cs_detail *d)
{
    if (!o->id.well_formed)
        return CS_PASS; /* smime_orgid_format */
    return known_scheme(o) ? CS_PASS : cs_fail(d, "registration scheme %s is not NTR, VAT, PSD, LEI, GOV or INT", o->id.scheme);
}
static cs_result check_scheme(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_scheme); }
CS_RULE(smime_orgid_unknown_scheme) = {
    SMIME_META(smime_orgid_unknown_scheme, ERROR, "SBR 7.1.4.2.2(d), App. A.1", SMIME_BR_START),
    .description = "organizationIdentifier registration scheme is not NTR, VAT, PSD, LEI, GOV or INT",
    ORGID_SCOPE, .check = check_scheme,
    .zlint = NULL, .pkilint = "cabf.invalid_organization_identifier_registration_scheme",
};

static cs_result orgid_country(const orgid *o, cs_detail *d)
{
    if (!o->id.well_formed || !known_scheme(o))
        return CS_PASS;
    bool xg = strcmp(o->id.cc, "XG") == 0;
    if (scheme_is(o, "LEI") || scheme_is(o, "INT"))
        return xg ? CS_PASS : cs_fail(d, "%s organizationIdentifier must use country XG, not %s", o->id.scheme, o->id.cc);
    if (cs_iso3166_alpha2(cs_span_make(o->id.cc, 2)))
        return CS_PASS;
    /* Article 215 VAT prefixes: EL (Greece), XI (Northern Ireland) */
    if (scheme_is(o, "VAT") && (strcmp(o->id.cc, "EL") == 0 || strcmp(o->id.cc, "XI") == 0))
        return CS_PASS;
    return cs_fail(d, "organizationIdentifier country %s is not an ISO 3166-1 code", o->id.cc);
}
static cs_result check_country(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_country); }
CS_RULE(smime_orgid_invalid_country) = {
    SMIME_META(smime_orgid_invalid_country, ERROR, "SBR 7.1.4.2.2(d) notes 1-2", SMIME_BR_START),
    .description = "organizationIdentifier country is not an official ISO 3166-1 code (XX not "
                   "accepted: a registration scheme is operated by a nation); LEI and INT must use "
                   "XG; VAT may use the Article 215 prefixes EL and XI",
    ORGID_SCOPE, .check = check_country,
    .zlint = NULL, .pkilint = "cabf.invalid_organization_identifier_country",
};

static cs_result orgid_subdivision(const orgid *o, cs_detail *d)
{
    if (!o->id.well_formed || !o->id.has_sp)
        return CS_PASS;
    if (!scheme_is(o, "NTR") && !scheme_is(o, "GOV"))
        return cs_fail(d, "%s organizationIdentifier has a subdivision", o->id.scheme);
    if (o->id.sp.len < 1 || o->id.sp.len > 3)
        return cs_fail(d, "subdivision \"%.*s\" is not 1-3 characters", SHOW(o->id.sp));
    for (size_t i = 0; i < o->id.sp.len; i++) {
        uint8_t ch = o->id.sp.p[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return cs_fail(d, "subdivision \"%.*s\" is not alphanumeric", SHOW(o->id.sp));
    }
    return CS_PASS;
}
static cs_result check_subdivision(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_subdivision); }
CS_RULE(smime_orgid_subdivision_invalid) = {
    SMIME_META(smime_orgid_subdivision_invalid, ERROR, "SBR 7.1.4.2.2(d)", SMIME_BR_START),
    .description = "'+SP' used with a scheme other than NTR or GOV, or SP not 1-3 upper-case alphanumerics",
    ORGID_SCOPE, .check = check_subdivision,
    .zlint = NULL, .pkilint = "cabf.invalid_subject_organization_identifier_state_province_for_scheme,cabf.invalid_organization_identifier_state_province_format",
};

static cs_result orgid_ref_missing(const orgid *o, cs_detail *d)
{
    if (!o->id.well_formed || o->id.has_ref)
        return CS_PASS;
    if (scheme_is(o, "NTR") || scheme_is(o, "VAT") || scheme_is(o, "PSD") || scheme_is(o, "LEI"))
        return cs_fail(d, "%s organizationIdentifier without a registration reference", o->id.scheme);
    return CS_PASS;
}
static cs_result check_ref_missing(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_ref_missing); }
CS_RULE(smime_orgid_reference_missing) = {
    SMIME_META(smime_orgid_reference_missing, ERROR, "SBR 7.1.4.2.2(d)", SMIME_BR_START),
    .description = "NTR, VAT, PSD or LEI organizationIdentifier without '-reference'",
    ORGID_SCOPE, .check = check_ref_missing,
    .zlint = NULL, .pkilint = "cabf.organization_identifier_reference_missing_for_scheme",
};

static cs_result orgid_ref_extra(const orgid *o, cs_detail *d)
{
    if (o->id.well_formed && o->id.has_ref && (scheme_is(o, "GOV") || scheme_is(o, "INT")))
        return cs_fail(d, "%s organizationIdentifier carries a reference", o->id.scheme);
    return CS_PASS;
}
static cs_result check_ref_extra(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_ref_extra); }
CS_RULE(smime_orgid_reference_not_allowed) = {
    SMIME_META(smime_orgid_reference_not_allowed, ERROR, "SBR 7.1.4.2.2(d) note 2", SMIME_BR_START),
    .description = "GOV or INT organizationIdentifier carries a '-reference' (note 2 defines them as "
                   "scheme + country [+ subdivision] only)",
    ORGID_SCOPE, .check = check_ref_extra,
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_organization_identifier_reference_present_for_scheme",
};

static cs_result orgid_vs_c(const orgid *o, cs_detail *d)
{
    const cs_attr *country = cs_name_find(&o->cert->subject, CS_OID_AT_COUNTRY);
    if (!o->id.well_formed || !country || country->value.len != 2 || scheme_is(o, "LEI") || scheme_is(o, "INT"))
        return CS_PASS;
    char cc[3] = { (char)country->value.p[0], (char)country->value.p[1], 0 };
    const char *expect = o->id.cc;
    if (scheme_is(o, "VAT") && strcmp(o->id.cc, "EL") == 0)
        expect = "GR";
    else if (scheme_is(o, "VAT") && strcmp(o->id.cc, "XI") == 0)
        expect = "GB";
    return strcmp(expect, cc) == 0 ? CS_PASS
                                   : cs_fail(d, "organizationIdentifier country %s does not match countryName %s", o->id.cc, cc);
}
static cs_result check_vs_c(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_vs_c); }
CS_RULE(smime_orgid_country_mismatch) = {
    SMIME_META(smime_orgid_country_mismatch, ERROR, "SBR 7.1.4.2.2(d) note 1", SMIME_BR_START),
    .description = "organizationIdentifier country differs from subject countryName (LEI and INT "
                   "exempt; VAT prefixes EL/XI must go with C=GR/GB)",
    ORGID_SCOPE, .check = check_vs_c,
    .zlint = "e_registration_scheme_id_matches_subject_country", .pkilint = "cabf.smime.org_identifier_and_country_name_attribute_inconsistent",
};

static cs_result orgid_lei(const orgid *o, cs_detail *d)
{
    if (!o->id.well_formed || !scheme_is(o, "LEI") || !o->id.has_ref)
        return CS_PASS;
    return smime_lei_valid((const char *)o->id.ref.p, o->id.ref.len)
               ? CS_PASS
               : cs_fail(d, "LEI \"%.*s\" is not 20 alphanumerics with a valid MOD 97-10 check", SHOW(o->id.ref));
}
static cs_result check_lei(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_lei); }
CS_RULE(smime_orgid_lei_invalid) = {
    SMIME_META(smime_orgid_lei_invalid, ERROR, "SBR App. A.1, ISO 17442", SMIME_BR_START),
    .description = "LEI organizationIdentifier reference is not 20 upper-case alphanumerics with a valid ISO 7064 check",
    ORGID_SCOPE, .check = check_lei,
    .zlint = NULL, .pkilint = "iso.lei.invalid_lei_format,iso.lei.invalid_lei_checksum",
};

static cs_result orgid_psd(const orgid *o, cs_detail *d)
{
    if (!o->id.well_formed || !scheme_is(o, "PSD") || !o->id.has_ref)
        return CS_PASS;
    size_t i = 0;
    while (i < o->id.ref.len && o->id.ref.p[i] >= 'A' && o->id.ref.p[i] <= 'Z')
        i++;
    if (i >= 2 && i <= 8 && i + 1 < o->id.ref.len && o->id.ref.p[i] == '-')
        return CS_PASS;
    return cs_fail(d, "PSD reference \"%.*s\" is not <NCA id>-<authorisation number>", SHOW(o->id.ref));
}
static cs_result check_psd(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_psd); }
CS_RULE(smime_orgid_psd_structure) = {
    SMIME_META(smime_orgid_psd_structure, WARNING, "SBR App. A.1 (ETSI TS 119 495 5.2.1)", SMIME_BR_START),
    .description = "PSD organizationIdentifier lacks the PSDCC-<NCA id: 2-8 letters>-<reference> structure",
    ORGID_SCOPE, .check = check_psd,
    .zlint = NULL, .pkilint = NULL,
};

static cs_result orgid_eu_national(const orgid *o, cs_detail *d)
{
    if (o->id.well_formed && scheme_is(o, "NTR") && o->id.has_sp && smime_eu_eea_country(o->id.cc))
        return cs_fail(d, "NTR for %s uses the subdivision form", o->id.cc);
    return CS_PASS;
}
static cs_result check_eu_national(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_eu_national); }
CS_RULE(smime_orgid_ntr_eu_not_national) = {
    SMIME_META(smime_orgid_ntr_eu_not_national, ERROR, "SBR 7.1.4.2.2(d) note 3 (SMC09)", SMIME_SMC09),
    .ineffective = SMIME_SMC011,
    .description = "NTR organizationIdentifier for an EU/EEA country uses the subdivision form "
                   "(national level required between SMC09 and SMC011)",
    ORGID_SCOPE, .check = check_eu_national,
    .zlint = NULL, .pkilint = NULL,
};

/* EUID: CC + register id + '.' + number ("DER3306.HRB12345"). */
static bool is_euid(cs_span ref, char cc_out[3])
{
    if (ref.len < 5 || ref.p[0] < 'A' || ref.p[0] > 'Z' || ref.p[1] < 'A' || ref.p[1] > 'Z')
        return false;
    size_t i = 2, dot = 0;
    for (; i < ref.len; i++) {
        uint8_t ch = ref.p[i];
        if (ch == '.') {
            if (dot)
                return false;
            dot = i;
        } else if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
            return false;
        }
    }
    if (dot < 3 || dot + 1 >= ref.len)
        return false;
    cc_out[0] = (char)ref.p[0];
    cc_out[1] = (char)ref.p[1];
    cc_out[2] = 0;
    return true;
}

static cs_result orgid_de_euid(const orgid *o, cs_detail *d)
{
    if (!o->id.well_formed || !scheme_is(o, "NTR") || strcmp(o->id.cc, "DE") != 0)
        return CS_PASS;
    char cc[3];
    if (o->id.has_sp)
        return cs_fail(d, "German NTR uses a subdivision");
    if (!o->id.has_ref || !is_euid(o->id.ref, cc) || strcmp(cc, "DE") != 0)
        return cs_fail(d, "German NTR reference \"%.*s\" is not in EUID form", SHOW(o->id.ref));
    return CS_PASS;
}
static cs_result check_de_euid(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_de_euid); }
CS_RULE(smime_orgid_de_ntr_not_euid) = {
    SMIME_META(smime_orgid_de_ntr_not_euid, WARNING, "SBR 7.1.4.2.2(d) note 3 (SMC011)", SMIME_SMC011),
    .description = "German NTR reference not in EUID form (DE + register id + '.' + number), or with a subdivision",
    ORGID_SCOPE, .check = check_de_euid,
    .zlint = NULL, .pkilint = "cabf.smime.german_ntr_registration_reference_not_euid",
};

static cs_result orgid_euid_cc(const orgid *o, cs_detail *d)
{
    char cc[3];
    if (!o->id.well_formed || !scheme_is(o, "NTR") || !o->id.has_ref || !smime_eu_eea_country(o->id.cc))
        return CS_PASS;
    /* Only references whose leading letters are themselves an EU/EEA code
     * are taken as EUIDs, so ordinary references are not misread. */
    if (is_euid(o->id.ref, cc) && smime_eu_eea_country(cc) && strcmp(cc, o->id.cc) != 0)
        return cs_fail(d, "EUID country %s differs from the NTR country %s", cc, o->id.cc);
    return CS_PASS;
}
static cs_result check_euid_cc(const cs_cert *c, cs_detail *d) { return each_orgid(c, d, orgid_euid_cc); }
CS_RULE(smime_orgid_euid_country_mismatch) = {
    SMIME_META(smime_orgid_euid_country_mismatch, ERROR, "SBR 7.1.4.2.2(d) note 3 (SMC011)", SMIME_SMC011),
    .description = "EU/EEA NTR reference in EUID form whose leading country differs from the NTR "
                   "country (a reference is taken as an EUID when it starts with an EU/EEA code, "
                   "then a register id, '.', a number)",
    ORGID_SCOPE, .check = check_euid_cc,
    .zlint = NULL, .pkilint = "cabf.smime.german_ntr_registration_reference_not_euid",
};

/* ---- natural person identifier in serialNumber (A.2) ------------------- */

static bool person_serial(const cs_cert *c)
{
    return smime_profile_in(c, SMIME_SV | SMIME_IV, SMIME_ALL_GENS) && cs_name_find(&c->subject, CS_OID_AT_SERIAL_NUMBER);
}

static cs_result check_npi(const cs_cert *c, cs_detail *d)
{
    static const char *const schemes[] = { "PAS", "IDC", "PNO", "TAX", "TIN", "EID" };
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_SERIAL_NUMBER || a->value.len < 7 || a->value.p[5] != '-')
            continue;
        bool shaped = true;
        for (int k = 0; k < 5; k++)
            shaped &= a->value.p[k] >= 'A' && a->value.p[k] <= 'Z';
        if (!shaped)
            continue;
        for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++)
            if (memcmp(a->value.p, schemes[k], 3) == 0)
                return CS_PASS;
        return cs_fail(d, "serialNumber \"%.*s\" looks like a natural person identifier with an unknown scheme",
                       SHOW(a->value));
    }
    return CS_PASS;
}
CS_RULE(smime_serialnumber_npi_unknown_scheme) = {
    SMIME_META(smime_serialnumber_npi_unknown_scheme, NOTICE, "SBR 7.1.4.2.2(g), App. A.2", SMIME_BR_START),
    .description = "serialNumber shaped like an ETSI natural person identifier (XXXCC-...) whose "
                   "scheme is not PAS, IDC, PNO, TAX, TIN or EID",
    .applies_to = "S/MIME Sponsor-/Individual-validated certificates with serialNumber",
    .zlint = NULL, .pkilint = NULL,
    .applies = person_serial, .check = check_npi,
};
