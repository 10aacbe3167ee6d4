/* S/MIME BR basicConstraints, authorityKeyIdentifier and
 * subjectKeyIdentifier of subscriber certificates (SBR 7.1.2.3 d, g, n). */
#include "smime_common.h"

#include "x509/digest.h"

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

/* A certificate asserting a reserved S/MIME OID that cannot be a working
 * CA (no keyCertSign): if it says cA=TRUE it is a subscriber certificate
 * with the flag wrongly set.  CA certificates may carry the reserved OIDs
 * (SBR 7.1.6.3), so those with keyCertSign are left to the CA rules. */
static bool reserved_oid_non_signing(const cs_cert *c)
{
    return c->smime.reserved_oid && !(c->ku.present && (c->ku.bits & CS_KU_KEY_CERT_SIGN));
}

static cs_result check_bc_ca(const cs_cert *c, cs_detail *d)
{
    return c->bc.present && c->bc.ca ? cs_fail(d, "basicConstraints cA is TRUE") : CS_PASS;
}
CS_RULE(smime_bc_ca_true) = {
    SMIME_META(smime_bc_ca_true, ERROR, "SBR 7.1.2.3(d)", SMIME_BR_START),
    .description = "basicConstraints cA=TRUE on a certificate asserting a reserved S/MIME OID; "
                   "certificates with keyCertSign are treated as CAs and not checked here",
    .applies_to = "certificates asserting a reserved S/MIME OID without keyCertSign",
    .zlint = NULL, .pkilint = "cabf.smime.is_ca_certificate",
    .applies = reserved_oid_non_signing, .check = check_bc_ca,
};

static cs_result check_pathlen(const cs_cert *c, cs_detail *d)
{
    return c->bc.present && c->bc.has_path_len ? cs_fail(d, "pathLenConstraint present") : CS_PASS;
}
CS_RULE(smime_bc_pathlen_present) = {
    SMIME_META(smime_bc_pathlen_present, ERROR, "SBR 7.1.2.3(d)", SMIME_BR_START),
    .description = "basicConstraints pathLenConstraint present in a subscriber certificate",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_path_len_constraint_improperly_included", .pkilint = "pkix.basic_constraints_has_pathlen_for_non_ca",
    .applies = any_profile, .check = check_pathlen,
};

static cs_result check_aki_missing(const cs_cert *c, cs_detail *d)
{
    return c->aki.present ? CS_PASS : cs_fail(d, "authorityKeyIdentifier absent");
}
CS_RULE(smime_aki_missing) = {
    SMIME_META(smime_aki_missing, ERROR, "SBR 7.1.2.3(g)", SMIME_BR_START),
    .description = "authorityKeyIdentifier extension is absent",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_authority_key_identifier_correct", .pkilint = "pkix.authority_key_identifier_extension_absent",
    .applies = any_profile, .check = check_aki_missing,
};

static bool aki_present(const cs_cert *c) { return any_profile(c) && c->aki.present; }

static cs_result check_aki_critical(const cs_cert *c, cs_detail *d)
{
    return c->aki.ext->critical ? cs_fail(d, "authorityKeyIdentifier is critical") : CS_PASS;
}
CS_RULE(smime_aki_critical) = {
    SMIME_META(smime_aki_critical, ERROR, "SBR 7.1.2.3(g)", SMIME_BR_START),
    .description = "authorityKeyIdentifier marked critical",
    .applies_to = "S/MIME subscriber certificates with authorityKeyIdentifier",
    .zlint = "e_authority_key_identifier_correct,e_ext_authority_key_identifier_critical", .pkilint = "pkix.authority_key_identifier_critical",
    .applies = aki_present, .check = check_aki_critical,
};

static cs_result check_aki_keyid(const cs_cert *c, cs_detail *d)
{
    return c->aki.has_key_id ? CS_PASS : cs_fail(d, "authorityKeyIdentifier has no keyIdentifier");
}
CS_RULE(smime_aki_keyid_missing) = {
    SMIME_META(smime_aki_keyid_missing, ERROR, "SBR 7.1.2.3(g)", SMIME_BR_START),
    .description = "authorityKeyIdentifier lacks keyIdentifier",
    .applies_to = "S/MIME subscriber certificates with authorityKeyIdentifier",
    .zlint = "e_authority_key_identifier_correct,e_ext_authority_key_identifier_no_key_identifier", .pkilint = "pkix.authority_key_identifier_keyid_missing",
    .applies = aki_present, .check = check_aki_keyid,
};

static cs_result check_aki_issuer_serial(const cs_cert *c, cs_detail *d)
{
    if (c->aki.has_issuer || c->aki.has_serial)
        return cs_fail(d, "authorityKeyIdentifier has authorityCertIssuer/authorityCertSerialNumber");
    return CS_PASS;
}
CS_RULE(smime_aki_has_issuer_and_serial) = {
    SMIME_META(smime_aki_has_issuer_and_serial, ERROR, "SBR 7.1.2.3(g)", SMIME_BR_START),
    .description = "authorityCertIssuer and/or authorityCertSerialNumber present in authorityKeyIdentifier",
    .applies_to = "S/MIME subscriber certificates with authorityKeyIdentifier",
    .zlint = "e_authority_key_identifier_correct", .pkilint = "cabf.authority_key_identifier_has_issuer_cert",
    .applies = aki_present, .check = check_aki_issuer_serial,
};

static cs_result check_ski_missing(const cs_cert *c, cs_detail *d)
{
    return c->ski.present ? CS_PASS : cs_fail(d, "subjectKeyIdentifier absent");
}
CS_RULE(smime_ski_missing) = {
    SMIME_META(smime_ski_missing, WARNING, "SBR 7.1.2.3(n)", SMIME_BR_START),
    .description = "subjectKeyIdentifier SHOULD be present",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "w_ext_subject_key_identifier_missing_sub_cert", .pkilint = "pkix.certificate_skid_end_entity_missing",
    .applies = any_profile, .check = check_ski_missing,
};

static bool ski_present(const cs_cert *c) { return any_profile(c) && c->ski.present; }

static cs_result check_ski_critical(const cs_cert *c, cs_detail *d)
{
    return c->ski.ext->critical ? cs_fail(d, "subjectKeyIdentifier is critical") : CS_PASS;
}
CS_RULE(smime_ski_critical) = {
    SMIME_META(smime_ski_critical, ERROR, "SBR 7.1.2.3(n)", SMIME_BR_START),
    .description = "subjectKeyIdentifier marked critical",
    .applies_to = "S/MIME subscriber certificates with subjectKeyIdentifier",
    .zlint = "e_ext_subject_key_identifier_critical", .pkilint = "pkix.certificate_skid_extension_critical",
    .applies = ski_present, .check = check_ski_critical,
};

/* Compares the SKI with the full digest or its leftmost 160 bits. */
static bool ski_matches(cs_span ski, const uint8_t *md, size_t md_len)
{
    return (ski.len == md_len && memcmp(ski.p, md, md_len) == 0) ||
           (ski.len == 20 && md_len >= 20 && memcmp(ski.p, md, 20) == 0);
}

static cs_result check_ski_derived(const cs_cert *c, cs_detail *d)
{
    cs_span ski = c->ski.key_id, key = c->spki.key, spki = c->spki.der;
    uint8_t md[CS_DIGEST_MAX];
    if (ski.len == 0)
        return cs_fail(d, "subjectKeyIdentifier is empty");
    /* RFC 5280 4.2.1.2 method 1 and 2 (SHA-1 of the key bits) */
    size_t n = cs_digest(CS_DIGEST_SHA1, key.p, key.len, md);
    if (!n)
        return CS_NA;
    if (ski_matches(ski, md, n))
        return CS_PASS;
    if (ski.len == 8 && (ski.p[0] & 0xF0) == 0x40 && (ski.p[0] & 0x0F) == (md[12] & 0x0F) &&
        memcmp(ski.p + 1, md + 13, 7) == 0)
        return CS_PASS;
    /* RFC 7093 methods 1-3 (SHA-2 of the key bits, truncated) and 4 (of the whole SPKI) */
    static const struct {
        cs_digest_alg alg;
        bool whole_spki;
    } rfc7093[] = {
        { CS_DIGEST_SHA256, false }, { CS_DIGEST_SHA384, false }, { CS_DIGEST_SHA512, false },
        { CS_DIGEST_SHA1, true },    { CS_DIGEST_SHA256, true },
    };
    for (size_t i = 0; i < sizeof rfc7093 / sizeof rfc7093[0]; i++) {
        cs_span in = rfc7093[i].whole_spki ? spki : key;
        n = cs_digest(rfc7093[i].alg, in.p, in.len, md);
        if (!n)
            return CS_NA;
        if (ski_matches(ski, md, n))
            return CS_PASS;
    }
    return cs_fail(d, "subjectKeyIdentifier matches no RFC 5280 / RFC 7093 derivation");
}
CS_RULE(smime_ski_not_key_derived) = {
    SMIME_META(smime_ski_not_key_derived, NOTICE, "SBR 7.1.2.3(n)", SMIME_BR_START),
    .description = "subjectKeyIdentifier matches none of: SHA-1 of the key (RFC 5280 methods 1, 2), "
                   "SHA-256/384/512 of the key truncated to 160 bits or whole, SHA-1/SHA-256 of the SPKI",
    .applies_to = "S/MIME subscriber certificates with subjectKeyIdentifier",
    .zlint = NULL, .pkilint = "pkix.unknown_subject_key_identifier_calculation_method",
    .applies = ski_present, .check = check_ski_derived,
};
