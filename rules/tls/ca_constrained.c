/* BR 7.1.2.3 (technically constrained non-TLS subordinate), 7.1.2.4
 * (precertificate signing CA) and 7.1.2.5 (technically constrained TLS
 * subordinate). */
#include "lint/tls_ca_kind.h"
#include "tls_common.h"

/* ---- 7.1.2.3 -------------------------------------------------------- */

static cs_result check_non_tls_eku(const cs_cert *c, cs_detail *d)
{
    if (c->eku.ext && c->eku.ext->critical)
        return cs_fail(d, "extKeyUsage is marked critical");
    if (cs_cert_has_eku(c, CS_OID_KP_OCSP_SIGNING))
        return cs_fail(d, "extKeyUsage includes OCSPSigning");
    return CS_PASS;
}
CS_RULE(tls_non_tls_ca_eku_invalid) = {
    .id = "tls_non_tls_ca_eku_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.3.3, 7.1.2.3.1 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Technically constrained non-TLS subordinate CA extKeyUsage critical or with OCSPSigning",
    .zlint = NULL, .pkilint = "cabf.serverauth.non_tls_ca.ocspsigning_eku_present,cabf.serverauth.ca.critical_extended_key_usage_extension",
    .applies_to = "Non-TLS subordinate CA certificates (EKU without serverAuth) carrying a TLS policy OID or issued by a known TLS CA",
    .applies = tls_ca_non_tls, .check = check_non_tls_eku,
};

static cs_result check_non_tls_policies(const cs_cert *c, cs_detail *d)
{
    if (!c->policies.present)
        return CS_PASS;
    if (c->policies.ext && c->policies.ext->critical)
        return cs_fail(d, "certificatePolicies is marked critical");
    unsigned any = 0;
    for (uint16_t i = 0; i < c->policies.n && i < CS_MAX_POLICIES; i++) {
        const cs_policy *p = &c->policies.items[i];
        if (tls_policy_is_reserved(p->id))
            return cs_fail(d, "reserved TLS policy identifier %s present", cs_oid_short_name(p->id));
        any += p->id == CS_OID_POLICY_ANY;
        if (tls_check_policy_qualifiers(c, p, d) != CS_PASS)
            return CS_FAIL;
    }
    if (any && c->policies.n != 1)
        return cs_fail(d, "anyPolicy together with other policy identifiers");
    return CS_PASS;
}
CS_RULE(tls_non_tls_ca_policies_invalid) = {
    .id = "tls_non_tls_ca_policies_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.3.2 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Non-TLS subordinate CA certificatePolicies critical, with a reserved TLS policy OID, anyPolicy with other OIDs, or a qualifier other than an http(s) CPS URI",
    .zlint = NULL, .pkilint = "cabf.serverauth.ca_non_tls_has_reserved_policy_oid,cabf.serverauth.ca_anypolicy_with_other_policy_oid,cabf.serverauth.prohibited_certificate_policy_qualifier_type",
    .applies_to = "Non-TLS subordinate CA certificates (EKU without serverAuth) carrying a TLS policy OID or issued by a known TLS CA",
    .applies = tls_ca_non_tls, .check = check_non_tls_policies,
};

/* ---- 7.1.2.4 -------------------------------------------------------- */

static cs_result check_precert_eku(const cs_cert *c, cs_detail *d)
{
    if (c->eku.ext && c->eku.ext->critical)
        return cs_fail(d, "extKeyUsage is marked critical");
    char other[64];
    if (tls_eku_other_than(c, CS_OID_KP_CT_PRECERT_SIGNING, other, sizeof other))
        return cs_fail(d, "extKeyUsage includes %s besides Precertificate Signing", other);
    return CS_PASS;
}
CS_RULE(tls_precert_ca_eku_invalid) = {
    .id = "tls_precert_ca_eku_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.4.2, 7.1.2.4.1 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Precertificate Signing CA extKeyUsage critical or with a key purpose other than 1.3.6.1.4.1.11129.2.4.4",
    .zlint = NULL, .pkilint = "cabf.serverauth.ca_precert_signing.unknown_eku_present",
    .applies_to = "Precertificate signing CA certificates", .applies = tls_ca_precert_signing, .check = check_precert_eku,
};

static cs_result check_precert_ca_sunset(const cs_cert *c, cs_detail *d)
{
    (void)c;
    return cs_fail(d, "Precertificate Signing CA certificate issued on or after 2026-03-15");
}
CS_RULE(tls_precert_ca_after_sunset) = {
    .id = "tls_precert_ca_after_sunset", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.4 (SC-92)", .effective = "2026-03-15",
    .description = "The Technically Constrained Precertificate Signing CA profile MUST NOT be used from 2026-03-15",
    .zlint = NULL, .pkilint = "cabf.serverauth.ca.precertificate_signing_ca_issued_after_prohibition",
    .applies_to = "Precertificate signing CA certificates", .applies = tls_ca_precert_signing, .check = check_precert_ca_sunset,
};

static bool precert_ca_with_issuer(const cs_cert *c) { return c->issuer_cert && tls_ca_precert_signing(c); }

static cs_result check_precert_ca_spki(const cs_cert *c, cs_detail *d)
{
    if (cs_span_eq(c->spki.alg.der, c->issuer_cert->spki.alg.der))
        return CS_PASS;
    return cs_fail(d, "subjectPublicKeyInfo algorithm (%s) is not byte-for-byte the issuing CA's (%s)",
                   c->spki.alg.id ? cs_oid_short_name(c->spki.alg.id) : "unknown",
                   c->issuer_cert->spki.alg.id ? cs_oid_short_name(c->issuer_cert->spki.alg.id) : "unknown");
}
CS_RULE(tls_precert_ca_spki_mismatch) = {
    .id = "tls_precert_ca_spki_mismatch", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.4 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "Precertificate Signing CA subjectPublicKeyInfo AlgorithmIdentifier differs from the issuing CA's",
    .zlint = NULL, .pkilint = NULL,
    .applies_to = "Precertificate signing CA certificates whose issuing CA certificate is known",
    .applies = precert_ca_with_issuer, .check = check_precert_ca_spki,
};

/* ---- 7.1.2.5.2 ------------------------------------------------------ */

static bool has_base(const cs_subtree *t, uint16_t n, cs_gn_type type, size_t len)
{
    for (uint16_t i = 0; i < n && i < CS_MAX_SUBTREES; i++)
        if (t[i].base && t[i].base->type == type && (len == (size_t)-1 || t[i].base->value.len == len))
            return true;
    return false;
}

/* Whether the excluded subtrees exclude the whole namespace: a zero-length
 * dNSName, or an iPAddress of len zero octets (0.0.0.0/0, ::/0). */
static bool excludes_all(const cs_cert *c, cs_gn_type type, size_t len)
{
    for (uint16_t i = 0; i < c->name_constraints.n_excluded && i < CS_MAX_SUBTREES; i++) {
        const cs_general_name *g = c->name_constraints.excluded[i].base;
        if (!g || g->type != type || g->value.len != len)
            continue;
        bool zero = true;
        for (size_t k = 0; k < len; k++)
            zero = zero && g->value.p[k] == 0;
        if (zero)
            return true;
    }
    return false;
}

static cs_result check_tc_complete(const cs_cert *c, cs_detail *d)
{
    const cs_subtree *p = c->name_constraints.permitted;
    uint16_t n = c->name_constraints.n_permitted;
    if (!has_base(p, n, CS_GN_DNS, (size_t)-1) && !excludes_all(c, CS_GN_DNS, 0))
        return cs_fail(d, "no dNSName in permittedSubtrees and no zero-length dNSName excluded");
    if (!has_base(p, n, CS_GN_IP, 8) && !excludes_all(c, CS_GN_IP, 8))
        return cs_fail(d, "no IPv4 iPAddress in permittedSubtrees and 0.0.0.0/0 not excluded");
    if (!has_base(p, n, CS_GN_IP, 32) && !excludes_all(c, CS_GN_IP, 32))
        return cs_fail(d, "no IPv6 iPAddress in permittedSubtrees and ::/0 not excluded");
    if (!has_base(p, n, CS_GN_DIRECTORY, (size_t)-1))
        return cs_fail(d, "no directoryName in permittedSubtrees");
    return CS_PASS;
}
/* A TLS CA whose constraints are incomplete is not technically constrained:
 * it is then a TLS Subordinate CA (7.1.2.6), which needs a full audit, not
 * a misissued certificate.  Hence a notice. */
CS_RULE(tls_tc_ca_nc_incomplete) = {
    .id = "tls_tc_ca_nc_incomplete", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.5.2 (SC-62)", .effective = TLS_BR_V2_PROFILE,
    .description = "TLS CA with nameConstraints that do not make it technically constrained (dNSName, IPv4, IPv6 each permitted or wholly excluded, and a permitted directoryName)",
    .zlint = NULL, .pkilint = "cabf.serverauth.ca.incomplete_name_constraints",
    .applies_to = "TLS subordinate CA certificates with nameConstraints", .applies = tls_ca_constrained_tls,
    .check = check_tc_complete,
};
