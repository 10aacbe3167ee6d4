/* What the TLS BR CA profiles call NOT RECOMMENDED (reported as warnings):
 * extensions outside the profile tables (7.1.2.1.2, 7.1.2.3.1-7.1.2.6.1,
 * 7.1.2.11.5), subject attributes outside 7.1.2.10.2, name constraint
 * base types outside dNSName / iPAddress / directoryName and a
 * directoryName in excludedSubtrees (7.1.2.10.8). */
#include "lint/tls_ca_kind.h"
#include "tls_common.h"

static bool listed(cs_oid_id id, const cs_oid_id *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == id)
            return true;
    return false;
}

static const cs_oid_id root_exts[] = {
    CS_OID_EXT_AUTHORITY_KEY_IDENTIFIER, CS_OID_EXT_BASIC_CONSTRAINTS, CS_OID_EXT_KEY_USAGE,
    CS_OID_EXT_SUBJECT_KEY_IDENTIFIER, CS_OID_EXT_CERTIFICATE_POLICIES, CS_OID_EXT_CT_SCT_LIST,
    /* profiled elsewhere (MUST NOT / SHOULD NOT), reported by their own rules */
    CS_OID_EXT_EXT_KEY_USAGE, CS_OID_EXT_CRL_DISTRIBUTION_POINTS,
};
static const cs_oid_id subordinate_exts[] = {
    CS_OID_EXT_AUTHORITY_KEY_IDENTIFIER, CS_OID_EXT_BASIC_CONSTRAINTS, CS_OID_EXT_CERTIFICATE_POLICIES,
    CS_OID_EXT_CRL_DISTRIBUTION_POINTS,  CS_OID_EXT_KEY_USAGE,        CS_OID_EXT_SUBJECT_KEY_IDENTIFIER,
    CS_OID_EXT_EXT_KEY_USAGE,            CS_OID_EXT_AUTHORITY_INFO_ACCESS, CS_OID_EXT_NAME_CONSTRAINTS,
    CS_OID_EXT_CT_SCT_LIST,
};

static cs_result check_other_extensions(const cs_cert *c, cs_detail *d)
{
    bool root = tls_ca_root(c);
    const cs_oid_id *list = root ? root_exts : subordinate_exts;
    size_t n = root ? sizeof root_exts / sizeof root_exts[0] : sizeof subordinate_exts / sizeof subordinate_exts[0];
    for (uint16_t i = 0; i < c->n_exts && i < CS_MAX_EXTENSIONS; i++)
        if (!listed(c->exts[i].id, list, n)) {
            char oid[64];
            return cs_fail(d, "extension %s is not in the %s CA profile",
                           c->exts[i].id ? cs_oid_short_name(c->exts[i].id) : cs_oid_to_text(c->exts[i].oid, oid, sizeof oid),
                           root ? "Root" : "Subordinate");
        }
    return CS_PASS;
}
CS_RULE(tls_ca_other_extension) = {
    .id = "tls_ca_other_extension", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.1.2, 7.1.2.3.1-7.1.2.6.1, 7.1.2.11.5 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "CA certificate with an extension its profile does not list (NOT RECOMMENDED)",
    .zlint = NULL, .pkilint = "cabf.serverauth.ca.unknown_extension_present,cabf.serverauth.root.unknown_extension_present",
    .applies_to = "TLS root and subordinate CA certificates", .applies = tls_ca_any, .check = check_other_extensions,
};

static const cs_oid_id ca_attrs[] = {
    CS_OID_AT_COUNTRY,        CS_OID_AT_STATE, CS_OID_AT_LOCALITY,    CS_OID_AT_POSTAL_CODE,
    CS_OID_AT_STREET, CS_OID_AT_ORGANIZATION,      CS_OID_AT_ORG_UNIT,    CS_OID_AT_COMMON_NAME,
};

static cs_result check_other_attributes(const cs_cert *c, cs_detail *d)
{
    return tls_check_subject_allowed(c, ca_attrs, sizeof ca_attrs / sizeof ca_attrs[0], "CA subject", d);
}
CS_RULE(tls_ca_subject_other_attribute) = {
    .id = "tls_ca_subject_other_attribute", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.2, 7.1.4.4 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "CA subject attribute other than C, ST, L, postalCode, street, O, OU, CN (NOT RECOMMENDED)",
    .zlint = NULL, .pkilint = "cabf.serverauth.ca.unknown_attribute_present",
    .applies_to = "TLS root and subordinate CA certificates", .applies = tls_ca_any, .check = check_other_attributes,
};

static cs_result check_nc_types(const cs_cert *c, cs_detail *d)
{
    for (int excluded = 0; excluded < 2; excluded++) {
        const cs_subtree *t = excluded ? c->name_constraints.excluded : c->name_constraints.permitted;
        uint16_t n = excluded ? c->name_constraints.n_excluded : c->name_constraints.n_permitted;
        for (uint16_t i = 0; i < n && i < CS_MAX_SUBTREES; i++) {
            if (!t[i].base)
                continue;
            uint8_t type = t[i].base->type;
            if (type != CS_GN_DNS && type != CS_GN_IP && type != CS_GN_DIRECTORY)
                return cs_fail(d, "%s has a GeneralName of type %u (only dNSName, iPAddress, directoryName recommended)",
                               excluded ? "excludedSubtrees" : "permittedSubtrees", (unsigned)type);
            if (excluded && type == CS_GN_DIRECTORY)
                return cs_fail(d, "excludedSubtrees has a directoryName");
        }
    }
    return CS_PASS;
}
static bool ca_with_nc(const cs_cert *c) { return c->name_constraints.present && tls_ca_any(c); }
CS_RULE(tls_ca_nc_discouraged_type) = {
    .id = "tls_ca_nc_discouraged_type", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.10.8 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "nameConstraints with a base other than dNSName, iPAddress, directoryName, or a directoryName in excludedSubtrees (NOT RECOMMENDED)",
    .zlint = NULL,
    .pkilint = "cabf.serverauth.name_constraints_discouraged_name_type,cabf.serverauth.name_constraints_dirname_in_excluded_subtrees",
    .applies_to = "TLS CA certificates with nameConstraints", .applies = ca_with_nc, .check = check_nc_types,
};
