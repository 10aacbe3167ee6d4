/* RFC 5280 4.2.1.9 (basicConstraints) and 4.2.1.10 (nameConstraints). */
#include "lint/tls_ca_kind.h"
#include "rfc5280_common.h"

static bool has_bc(const cs_cert *c) { return c->bc.present; }

static cs_result check_pathlen(const cs_cert *c, cs_detail *d)
{
    if (!c->bc.has_path_len)
        return CS_PASS;
    if (!c->bc.ca)
        return cs_fail(d, "pathLenConstraint present while cA is FALSE");
    if (!c->ku.present || !(c->ku.bits & CS_KU_KEY_CERT_SIGN))
        return cs_fail(d, "pathLenConstraint present but keyUsage does not assert keyCertSign");
    return CS_PASS;
}
CS_RULE(rfc5280_pathlen_misuse) = {
    .id = "rfc5280_pathlen_misuse", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.9", .effective = NULL,
    .description = "pathLenConstraint present without cA TRUE or without keyUsage keyCertSign",
    .zlint = "e_path_len_constraint_improperly_included", .pkilint = "pkix.basic_constraints_has_pathlen_for_non_ca",
    .applies_to = "certificates with basicConstraints", .applies = has_bc, .check = check_pathlen,
};

static bool is_ca(const cs_cert *c) { return c->is_ca && c->bc.present; }

static cs_result check_bc_critical(const cs_cert *c, cs_detail *d)
{
    if (c->bc.ext && !c->bc.ext->critical)
        return cs_fail(d, "basicConstraints of a CA certificate is not marked critical");
    return CS_PASS;
}
CS_RULE(rfc5280_bc_not_critical_ca) = {
    .id = "rfc5280_bc_not_critical_ca", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.9", .effective = NULL,
    .description = "A CA certificate has a non-critical basicConstraints extension",
    .zlint = "e_basic_constraints_not_critical", .pkilint = "pkix.basic_constraints_extension_not_critical",
    .applies_to = "CA certificates (cA TRUE)", .applies = is_ca, .check = check_bc_critical,
};

static bool has_nc(const cs_cert *c) { return c->name_constraints.present; }

static const char *subtree_error(const cs_subtree *t, uint16_t n)
{
    for (uint16_t i = 0; i < n; i++) {
        if (t[i].has_minimum && t[i].minimum != 0)
            return "a GeneralSubtree minimum is not 0";
        if (t[i].has_maximum)
            return "a GeneralSubtree maximum is present";
    }
    return NULL;
}

/* RFC 5280 4.2.1.10: "Conforming CAs MUST mark this extension as critical".
 * Both CA/B Forum profiles make an explicit exception for the CAs they
 * govern: TLS BR 7.1.2.10.8 and 7.1.2.5.2 ("As an explicit exception from
 * RFC 5280, this extension SHOULD be marked critical, but MAY be marked
 * non-critical"), SBR 7.1.2.2(f) (footnote: non-critical name constraints
 * "are an exception to RFC 5280 (4.2.1.10)" and MAY be used).  Their
 * SHOULD is reported by tls_ca_nc_not_critical / smime_ca_nc_not_critical
 * (warnings); RFC 5280's MUST stays for every other CA. */
static bool nc_may_be_non_critical(const cs_cert *c) { return tls_ca_any(c) || c->smime.issuing_ca; }

static cs_result check_nc(const cs_cert *c, cs_detail *d)
{
    if (!c->is_ca)
        return cs_fail(d, "nameConstraints in an end-entity certificate");
    if (c->name_constraints.ext && !c->name_constraints.ext->critical && !nc_may_be_non_critical(c))
        return cs_fail(d, "nameConstraints is not marked critical (the CA is under neither the TLS BR nor the S/MIME BR, whose exception allows it)");
    if (c->name_constraints.n_permitted == 0 && c->name_constraints.n_excluded == 0)
        return cs_fail(d, "nameConstraints has neither permittedSubtrees nor excludedSubtrees");
    const char *e = subtree_error(c->name_constraints.permitted, c->name_constraints.n_permitted);
    if (!e)
        e = subtree_error(c->name_constraints.excluded, c->name_constraints.n_excluded);
    if (e)
        return cs_fail(d, "%s", e);
    return CS_PASS;
}
CS_RULE(rfc5280_nc_misuse) = {
    .id = "rfc5280_nc_misuse", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.10; TLS BR 7.1.2.10.8, SBR 7.1.2.2(f) (non-critical allowed)", .effective = NULL,
    .description = "nameConstraints in an end-entity certificate, empty, with minimum/maximum used, or not critical in a CA that is neither a TLS BR nor an S/MIME BR CA (both BRs allow non-critical as an explicit exception)",
    .zlint = "e_ext_name_constraints_not_in_ca,e_ext_name_constraints_not_critical,e_name_constraint_empty,e_name_constraint_minimum_non_zero,e_name_constraint_maximum_not_absent", .pkilint = "pkix.name_constraints_in_ee_certificate,pkix.certificate_name_constraints_extension_not_critical,pkix.name_constraints_no_subtrees,pkix.name_constraints_non_default_minimum,pkix.name_constraints_maximum_specified",
    .applies_to = "certificates with nameConstraints", .applies = has_nc, .check = check_nc,
};

/* The view keeps pathLenConstraint only when it is a small non-negative
 * INTEGER, so the sign is read from the extension value. */
static cs_result check_pathlen_negative(const cs_cert *c, cs_detail *d)
{
    cs_der_reader top, seq;
    cs_der_tlv t, item;
    const cs_span v = c->bc.ext->value;
    cs_der_reader_init(&top, v.p, v.p, v.len, NULL);
    if (cs_der_expect(&top, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t) != CS_DER_OK)
        return CS_PASS;
    cs_der_reader_enter(&seq, &top, &t);
    while (cs_der_next(&seq, &item) == CS_DER_OK)
        if (item.cls == CS_DER_CLASS_UNIVERSAL && item.tag == CS_TAG_INTEGER && item.value.len && (item.value.p[0] & 0x80))
            return cs_fail(d, "pathLenConstraint is negative");
    return CS_PASS;
}
static bool has_bc_ext(const cs_cert *c) { return c->bc.present && c->bc.ext; }
CS_RULE(rfc5280_pathlen_negative) = {
    .id = "rfc5280_pathlen_negative", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.9", .effective = NULL,
    .description = "pathLenConstraint is below zero (it MUST be greater than or equal to zero)",
    .applies_to = "certificates with basicConstraints",
    .zlint = "e_path_len_constraint_zero_or_less", .pkilint = NULL,
    .applies = has_bc_ext, .check = check_pathlen_negative,
};
