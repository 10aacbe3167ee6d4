/* RFC 5280 4.2.1.5 policyMappings, 4.2.1.11 policyConstraints and
 * 4.2.1.14 inhibitAnyPolicy: the extensions that control policy
 * processing in CA certificates.  The view does not decode them, so the
 * rules read the extension values (malformed values are
 * rfc5280_ext_invalid_der's and pass here). */
#include "rfc5280_common.h"

static bool has_ext(const cs_cert *c, cs_oid_id id) { return cs_cert_find_ext(c, id) != NULL; }

static bool has_mappings(const cs_cert *c) { return has_ext(c, CS_OID_EXT_POLICY_MAPPINGS); }

/* PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
 *     issuerDomainPolicy CertPolicyId, subjectDomainPolicy CertPolicyId } */
static cs_result check_mapping_any(const cs_cert *c, cs_detail *d)
{
    const cs_ext *e = cs_cert_find_ext(c, CS_OID_EXT_POLICY_MAPPINGS);
    cs_der_reader top, list, pair;
    cs_der_tlv seq, map, oid;
    cs_der_reader_init(&top, e->value.p, e->value.p, e->value.len, NULL);
    if (cs_der_expect(&top, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK)
        return CS_PASS;
    cs_der_reader_enter(&list, &top, &seq);
    while (cs_der_expect(&list, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &map) == CS_DER_OK) {
        cs_der_reader_enter(&pair, &list, &map);
        for (int side = 0; side < 2; side++) {
            if (cs_der_expect(&pair, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK)
                break;
            if (cs_oid_lookup(oid.value) == CS_OID_POLICY_ANY)
                return cs_fail(d, "policyMappings maps %s anyPolicy", side == 0 ? "from" : "to");
        }
    }
    return CS_PASS;
}
CS_RULE(rfc5280_policy_mapping_any_policy) = {
    .id = "rfc5280_policy_mapping_any_policy", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.5", .effective = NULL,
    .description = "policyMappings maps a policy to or from anyPolicy (policies MUST NOT be mapped either to or from it)",
    .applies_to = "certificates with policyMappings",
    .zlint = "e_ext_policy_map_any_policy", .pkilint = NULL,
    .applies = has_mappings, .check = check_mapping_any,
};

static bool has_inhibit(const cs_cert *c) { return has_ext(c, CS_OID_EXT_INHIBIT_ANY_POLICY); }

static cs_result check_inhibit_critical(const cs_cert *c, cs_detail *d)
{
    if (!cs_cert_find_ext(c, CS_OID_EXT_INHIBIT_ANY_POLICY)->critical)
        return cs_fail(d, "inhibitAnyPolicy is not marked critical");
    return CS_PASS;
}
CS_RULE(rfc5280_inhibit_any_policy_not_critical) = {
    .id = "rfc5280_inhibit_any_policy_not_critical", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.14", .effective = NULL,
    .description = "inhibitAnyPolicy is not marked critical (conforming CAs MUST mark it critical)",
    .applies_to = "certificates with inhibitAnyPolicy",
    .zlint = "e_inhibit_any_policy_not_critical", .pkilint = NULL,
    .applies = has_inhibit, .check = check_inhibit_critical,
};

static bool has_constraints(const cs_cert *c) { return has_ext(c, CS_OID_EXT_POLICY_CONSTRAINTS); }

/* PolicyConstraints ::= SEQUENCE { requireExplicitPolicy [0] OPTIONAL,
 *     inhibitPolicyMapping [1] OPTIONAL }: "Conforming CAs MUST NOT issue
 * certificates where policy constraints is an empty sequence" (RFC 3280
 * said the same). */
static cs_result check_constraints_empty(const cs_cert *c, cs_detail *d)
{
    static const uint8_t empty[] = { 0x30, 0x00 };
    if (cs_span_eq_bytes(cs_cert_find_ext(c, CS_OID_EXT_POLICY_CONSTRAINTS)->value, empty, 2))
        return cs_fail(d, "policyConstraints is an empty SEQUENCE");
    return CS_PASS;
}
CS_RULE(rfc5280_policy_constraints_empty) = {
    .id = "rfc5280_policy_constraints_empty", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.11", .effective = NULL,
    .description = "policyConstraints is an empty SEQUENCE (neither requireExplicitPolicy nor inhibitPolicyMapping)",
    .applies_to = "certificates with policyConstraints",
    .zlint = "e_ext_policy_constraints_empty", .pkilint = NULL,
    .applies = has_constraints, .check = check_constraints_empty,
};

/* RFC 3280 4.2.1.12 let it be critical or not; RFC 5280 made it a MUST. */
static cs_result check_constraints_critical(const cs_cert *c, cs_detail *d)
{
    if (!cs_cert_find_ext(c, CS_OID_EXT_POLICY_CONSTRAINTS)->critical)
        return cs_fail(d, "policyConstraints is not marked critical");
    return CS_PASS;
}
CS_RULE(rfc5280_policy_constraints_not_critical) = {
    .id = "rfc5280_policy_constraints_not_critical", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.11", .effective = "2008-05-01",
    .description = "policyConstraints is not marked critical (conforming CAs MUST mark it critical since RFC 5280)",
    .applies_to = "certificates with policyConstraints issued since RFC 5280",
    .zlint = "e_ext_policy_constraints_not_critical", .pkilint = NULL,
    .applies = has_constraints, .check = check_constraints_critical,
};
