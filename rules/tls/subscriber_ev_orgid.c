/* EV Guidelines 9.2.8 (subject organizationIdentifier), 9.8.2 (the
 * cabfOrganizationIdentifier extension that repeats it) and 9.2.9 (no
 * other subject attributes), for EV subscriber certificates (BR
 * 7.1.2.7.5).  The EVG text is not in ../shared/standards: the sections
 * are read from EVG 1.8.0, and the dates are the conservative ones
 * described at each rule. */
#include <string.h>

#include "lint/orgid.h"
#include "tls_common.h"

#define SHOW(v) (int)((v).len > 48 ? 48 : (v).len), (const char *)(v).p

static bool is_ev(const cs_cert *c) { return c->tls.subscriber && c->tls.level == CS_TLS_EV; }

static bool ev_with_orgid(const cs_cert *c) { return is_ev(c) && cs_name_find(&c->subject, CS_OID_AT_ORGANIZATION_IDENTIFIER); }

/* EVG Appendix H: the Registration Schemes recognised. */
static bool ev_scheme(const cs_orgid *o)
{
    return cs_orgid_scheme_is(o, "NTR") || cs_orgid_scheme_is(o, "VAT") || cs_orgid_scheme_is(o, "PSD");
}

/* ISO 3166-1; VAT also takes the VAT prefixes EL (Greece) and XI
 * (Northern Ireland) that the EU VAT scheme itself uses. */
static bool ev_country(const cs_orgid *o)
{
    if (cs_iso3166_alpha2(cs_span_make(o->cc, 2)))
        return true;
    return cs_orgid_scheme_is(o, "VAT") && (!strcmp(o->cc, "EL") || !strcmp(o->cc, "XI"));
}

/* EVG 9.2.8 names "a 2 character ISO 3166-2 identifier" for the
 * subdivision; ISO 3166-2 subdivision codes have one to three
 * alphanumerics, so those are accepted. */
static bool ev_subdivision(cs_span sp)
{
    if (sp.len < 1 || sp.len > 3)
        return false;
    for (size_t i = 0; i < sp.len; i++)
        if (!((sp.p[i] >= 'A' && sp.p[i] <= 'Z') || (sp.p[i] >= '0' && sp.p[i] <= '9')))
            return false;
    return true;
}

static cs_result check_one(const cs_attr *a, cs_orgid *o, cs_detail *d)
{
    if (a->tag != CS_TAG_PRINTABLE_STRING && a->tag != CS_TAG_UTF8_STRING)
        return cs_fail(d, "organizationIdentifier is not a PrintableString or UTF8String (tag %u)", (unsigned)a->tag);
    cs_orgid_parse(a->value, o);
    if (!o->well_formed || !o->has_ref)
        return cs_fail(d, "organizationIdentifier \"%.*s\" is not SSSCC[+SP]-REFERENCE", SHOW(a->value));
    if (!ev_scheme(o))
        return cs_fail(d, "registration scheme %s is not NTR, VAT or PSD (EVG Appendix H)", o->scheme);
    if (!ev_country(o))
        return cs_fail(d, "organizationIdentifier country %s is not an ISO 3166-1 code", o->cc);
    if (o->has_sp && !cs_orgid_scheme_is(o, "NTR"))
        return cs_fail(d, "%s organizationIdentifier has a subdivision (only NTR may)", o->scheme);
    if (o->has_sp && !ev_subdivision(o->sp))
        return cs_fail(d, "subdivision \"%.*s\" is not an ISO 3166-2 identifier", SHOW(o->sp));
    return CS_PASS;
}

static cs_result check_orgid(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->subject.n_attrs; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        cs_orgid o;
        if (a->type == CS_OID_AT_ORGANIZATION_IDENTIFIER && check_one(a, &o, d) == CS_FAIL)
            return CS_FAIL;
    }
    return CS_PASS;
}
/* The organizationIdentifier of EVG 9.2.8 came with ballot SC17 (EVG
 * 1.7.0, 2019); the window starts with the extension's "Effective January
 * 31, 2020" of 9.8.2, so no certificate issued while SC17 was being phased
 * in is judged by it. */
CS_RULE(tls_ev_orgid_invalid) = {
    .id = "tls_ev_orgid_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.5; EVG 9.2.8, Appendix H (ballot SC17)", .effective = "2020-01-31",
    .description = "EV organizationIdentifier not a PrintableString/UTF8String of the form SSSCC[+SP]-REFERENCE with "
                   "scheme NTR, VAT or PSD, an ISO 3166-1 country and a subdivision only for NTR",
    .zlint = "e_ev_invalid_orgid_reg_scheme,e_cabf_org_identifier_psd_vat_has_state",
    .pkilint = "cabf.invalid_subject_organization_identifier_encoding,cabf.invalid_subject_organization_identifier_format,"
               "cabf.invalid_organization_identifier_registration_scheme,cabf.invalid_organization_identifier_country,"
               "cabf.invalid_subject_organization_identifier_state_province_for_scheme,"
               "cabf.organization_identifier_reference_missing_for_scheme",
    .applies_to = "TLS EV subscriber certificates with organizationIdentifier", .applies = ev_with_orgid,
    .check = check_orgid,
};

/* CABFOrganizationIdentifier ::= SEQUENCE {
 *     registrationSchemeIdentifier PrintableString (SIZE(3)),
 *     registrationCountry          PrintableString (SIZE(2)),
 *     registrationStateOrProvince  [0] IMPLICIT PrintableString (SIZE(0..128)) OPTIONAL,
 *     registrationReference        UTF8String }
 * Read in place: only EV certificates with an organizationIdentifier
 * come here.  Returns false when the value is not this structure. */
static bool read_extension(cs_span v, cs_span *scheme, cs_span *cc, bool *has_sp, cs_span *sp, cs_span *ref)
{
    cs_der_reader r, in;
    cs_der_tlv seq, t;
    cs_der_reader_init(&r, v.p, v.p, v.len, NULL);
    if (cs_der_expect(&r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK || !cs_der_at_end(&r))
        return false;
    cs_der_reader_enter(&in, &r, &seq);
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_PRINTABLE_STRING, &t) != CS_DER_OK || t.value.len != 3)
        return false;
    *scheme = t.value;
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_PRINTABLE_STRING, &t) != CS_DER_OK || t.value.len != 2)
        return false;
    *cc = t.value;
    *has_sp = cs_der_peek(&in, CS_DER_CLASS_CONTEXT, 0);
    if (*has_sp) {
        if (cs_der_expect(&in, CS_DER_CLASS_CONTEXT, 0, &t) != CS_DER_OK)
            return false;
        *sp = t.value;
    }
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_UTF8_STRING, &t) != CS_DER_OK || !cs_der_at_end(&in))
        return false;
    *ref = t.value;
    return true;
}

static cs_result check_extension(const cs_cert *c, cs_detail *d)
{
    const cs_ext *e = cs_cert_find_ext(c, CS_OID_EXT_CABF_ORG_ID);
    if (!e)
        return cs_fail(d, "organizationIdentifier present without the cabfOrganizationIdentifier extension");
    cs_span scheme, cc, sp = { 0 }, ref;
    bool has_sp = false;
    if (!read_extension(e->value, &scheme, &cc, &has_sp, &sp, &ref))
        return cs_fail(d, "cabfOrganizationIdentifier is not a CABFOrganizationIdentifier SEQUENCE");
    const cs_attr *a = cs_name_find(&c->subject, CS_OID_AT_ORGANIZATION_IDENTIFIER);
    cs_orgid o;
    cs_orgid_parse(a->value, &o);
    if (!o.well_formed)
        return CS_PASS; /* tls_ev_orgid_invalid */
    bool same = cs_span_eq_bytes(scheme, o.scheme, 3) && cs_span_eq_bytes(cc, o.cc, 2) && has_sp == o.has_sp &&
                (!has_sp || cs_span_eq(sp, o.sp)) && o.has_ref && cs_span_eq(ref, o.ref);
    if (!same)
        return cs_fail(d, "cabfOrganizationIdentifier differs from the subject organizationIdentifier \"%.*s\"",
                       SHOW(a->value));
    return CS_PASS;
}
/* EVG 9.8.2: "Effective January 31, 2020, if the subject:organizationIdentifier
 * field is present, this field MUST be present", with the same values. */
CS_RULE(tls_ev_orgid_extension_invalid) = {
    .id = "tls_ev_orgid_extension_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.5; EVG 9.8.2", .effective = "2020-01-31",
    .description = "EV certificate with a subject organizationIdentifier but no cabfOrganizationIdentifier extension "
                   "(2.23.140.3.1), or one that is malformed or holds other values",
    .zlint = "e_ev_organization_id_missing,e_ev_orgid_inconsistent_subj_and_ext",
    .pkilint = "cabf.serverauth.organization_identifier_extension_absent,cabf.serverauth.organization_identifier_mismatched_value",
    .applies_to = "TLS EV subscriber certificates with organizationIdentifier", .applies = ev_with_orgid,
    .check = check_extension,
};

/* EVG 9.2: the attributes 9.2.1-9.2.8 define (organizationName, commonName,
 * businessCategory, the three jurisdiction attributes, serialNumber, the
 * address of 9.2.6, organizationIdentifier).  organizationalUnitName has
 * its own rule (tls_ou_present, SC-47). */
static const cs_oid_id ev_attrs[] = {
    CS_OID_AT_ORGANIZATION,         CS_OID_AT_COMMON_NAME,          CS_OID_AT_BUSINESS_CATEGORY,
    CS_OID_AT_JURISDICTION_COUNTRY, CS_OID_AT_JURISDICTION_STATE,   CS_OID_AT_JURISDICTION_LOCALITY,
    CS_OID_AT_SERIAL_NUMBER,        CS_OID_AT_COUNTRY,              CS_OID_AT_STATE,
    CS_OID_AT_LOCALITY,             CS_OID_AT_STREET,               CS_OID_AT_POSTAL_CODE,
    CS_OID_AT_ORGANIZATION_IDENTIFIER, CS_OID_AT_ORG_UNIT,
};

static cs_result check_extra(const cs_cert *c, cs_detail *d)
{
    return tls_check_subject_allowed(c, ev_attrs, sizeof ev_attrs / sizeof ev_attrs[0], "EV subject", d);
}

/* EVG 9.2.9 ("CAs SHALL NOT include any Subject Distinguished Name
 * attributes except as specified in Section 9.2"; 7.1.4.2.9 in EVG 2.0).
 * Earlier EVG versions allowed other verified attributes; the rule runs
 * with the SC-62 profiles, from when the BR itself points to the EVG
 * subject table (7.1.2.7.5). */
CS_RULE(tls_ev_subject_extra_attrs) = {
    .id = "tls_ev_subject_extra_attrs", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.5; EVG 9.2.9 (EVG 2.0 7.1.4.2.9)", .effective = TLS_BR_V2_PROFILE,
    .description = "EV subject holds an attribute EVG 9.2 does not define (givenName, surname, domainComponent, "
                   "emailAddress, ...)",
    .zlint = "e_ev_extra_subject_attribs", .pkilint = "cabf.ev_guidelines.unknown_attribute_present",
    .applies_to = "TLS EV subscriber certificates", .applies = is_ev, .check = check_extra,
};
