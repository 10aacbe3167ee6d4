/* SBR 7.1.4.2.1: a SAN directoryName MAY be included "provided that the
 * information contained in the Name complies with the requirements set
 * forth in Sections 7.1.4.2.2 through 7.1.4.2.6, according to the
 * Certificate Type".  Those tables make attributes required as well as
 * prohibited (the prohibited ones are smime_san_dirname_profile_violation's);
 * this rule holds a directoryName to the required ones: the SHALL rows
 * (organizationName and organizationIdentifier for Organization- and
 * Sponsor-validated) and, for Sponsor- and Individual-validated, the
 * personal name of note 2 (givenName, surname or pseudonym) or, in Legacy,
 * of note 1 (those or commonName). */
#include "smime_common.h"

typedef struct seen_ctx {
    cs_oid_id types[CS_MAX_NAME_ATTRS];
    unsigned n;
} seen_ctx;

static bool note_type(void *vctx, cs_oid_id type, uint8_t tag, cs_span value)
{
    (void)tag;
    (void)value;
    seen_ctx *x = vctx;
    if (x->n < CS_MAX_NAME_ATTRS)
        x->types[x->n++] = type;
    return true;
}

static bool seen(const seen_ctx *x, cs_oid_id type)
{
    for (unsigned i = 0; i < x->n; i++)
        if (x->types[i] == type)
            return true;
    return false;
}

/* The rows of the presence tables, asked for their SHALL cells. */
static const cs_oid_id table_rows[] = {
    CS_OID_AT_COMMON_NAME, CS_OID_AT_ORGANIZATION, CS_OID_AT_ORG_UNIT, CS_OID_AT_ORGANIZATION_IDENTIFIER,
    CS_OID_AT_GIVEN_NAME, CS_OID_AT_SURNAME, CS_OID_AT_PSEUDONYM, CS_OID_AT_SERIAL_NUMBER,
    CS_OID_AT_EMAIL_ADDRESS, CS_OID_AT_TITLE, CS_OID_AT_STREET, CS_OID_AT_POSTAL_CODE,
    CS_OID_AT_LOCALITY, CS_OID_AT_STATE, CS_OID_AT_COUNTRY,
};

/* NULL when the directoryName holds everything its profile requires. */
static const char *missing(const cs_cert *c, const seen_ctx *x)
{
    for (size_t i = 0; i < sizeof table_rows / sizeof table_rows[0]; i++)
        if (smime_attr_presence(table_rows[i], c->smime.type, c->smime.generation) == SMIME_ATTR_REQUIRED &&
            !seen(x, table_rows[i]))
            return cs_oid_short_name(table_rows[i]);
    if (c->smime.type != CS_SMIME_SPONSORED && c->smime.type != CS_SMIME_INDIVIDUAL)
        return NULL;
    if (seen(x, CS_OID_AT_GIVEN_NAME) || seen(x, CS_OID_AT_SURNAME) || seen(x, CS_OID_AT_PSEUDONYM))
        return NULL;
    if (c->smime.generation == CS_SMIME_LEGACY)
        return seen(x, CS_OID_AT_COMMON_NAME) ? NULL : "a personal name (givenName, surname, pseudonym or commonName)";
    return "a personal name (givenName, surname or pseudonym)";
}

static bool has_dirname(const cs_cert *c)
{
    if (!smime_any_profile(c) || !c->san.present)
        return false;
    for (uint16_t i = 0; i < c->san.names.n; i++)
        if (c->san.names.items[i].type == CS_GN_DIRECTORY)
            return true;
    return false;
}

static cs_result check_dirname_required(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type != CS_GN_DIRECTORY)
            continue;
        seen_ctx x = { .n = 0 };
        if (!smime_name_walk(g->value, note_type, &x))
            continue; /* undecodable: smime_san_dirname_profile_violation reports it */
        const char *what = missing(c, &x);
        if (what)
            return cs_fail(d, "SAN directoryName %u lacks %s, required in this profile", (unsigned)i, what);
    }
    return CS_PASS;
}
CS_RULE(smime_san_dirname_required_missing) = {
    SMIME_META(smime_san_dirname_required_missing, ERROR, "SBR 7.1.4.2.1, 7.1.4.2.3 - 7.1.4.2.6", SMIME_BR_START),
    .description = "a SAN directoryName lacks an attribute the subject table of the profile requires "
                   "(organizationName/organizationIdentifier for OV and SV; a personal name for SV and IV, "
                   "commonName accepted in Legacy)",
    .applies_to = "S/MIME subscriber certificates with a SAN directoryName",
    .zlint = NULL, .pkilint = "cabf.smime.missing_required_attribute",
    .applies = has_dirname, .check = check_dirname_required,
};
