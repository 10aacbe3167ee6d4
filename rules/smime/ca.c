/* S/MIME BR root and subordinate CA certificates that issue S/MIME
 * (SBR 7.1.2.1, 7.1.2.2, 7.1.4.3.1, 7.1.5).  Scope: CA certificates with
 * the emailProtection EKU or S/MIME policy OIDs (cs_cert.smime.issuing_ca).
 * Whether a sub-CA is a cross certificate cannot be told from the
 * certificate alone: every sub-CA is treated as a non-cross one. */
#include "smime_common.h"

static bool smime_ca(const cs_cert *c) { return c->smime.issuing_ca; }
static bool smime_sub_ca(const cs_cert *c) { return c->smime.issuing_ca && !c->is_self_issued; }
static bool smime_root(const cs_cert *c) { return c->smime.issuing_ca && c->is_self_issued; }

static cs_result check_ca_eku_missing(const cs_cert *c, cs_detail *d)
{
    return c->eku.present ? CS_PASS : cs_fail(d, "extKeyUsage absent in a subordinate CA");
}
CS_RULE(smime_ca_eku_missing) = {
    SMIME_META(smime_ca_eku_missing, ERROR, "SBR 7.1.2.2(g)", SMIME_BR_START),
    .description = "extKeyUsage absent from an S/MIME subordinate CA (cross certificates, which "
                   "may omit it, cannot be recognised and are included)",
    .applies_to = "S/MIME subordinate CA certificates",
    .zlint = NULL, .pkilint = NULL,
    .applies = smime_sub_ca, .check = check_ca_eku_missing,
};

static bool sub_ca_eku(const cs_cert *c) { return smime_sub_ca(c) && c->eku.present; }
static cs_result check_ca_eku_prohibited(const cs_cert *c, cs_detail *d)
{
    cs_oid_id banned = smime_ca_prohibited_eku(c);
    if (!cs_cert_has_eku(c, CS_OID_KP_EMAIL_PROTECTION) || banned == CS_OID_UNKNOWN)
        return CS_PASS;
    return cs_fail(d, "%s alongside emailProtection", cs_oid_short_name(banned));
}
CS_RULE(smime_ca_eku_prohibited) = {
    SMIME_META(smime_ca_eku_prohibited, ERROR, "SBR 7.1.2.2(g)", SMIME_BR_START),
    .description = "serverAuth, codeSigning, timeStamping or anyExtendedKeyUsage alongside emailProtection in a sub-CA",
    .applies_to = "S/MIME subordinate CA certificates with extKeyUsage",
    .zlint = "n_mp_allowed_eku", .pkilint = NULL,
    .applies = sub_ca_eku, .check = check_ca_eku_prohibited,
};

static cs_result check_ca_policies(const cs_cert *c, cs_detail *d)
{
    if (!c->policies.present)
        return cs_fail(d, "certificatePolicies absent");
    if (smime_ca_policies_ok(c))
        return CS_PASS;
    return cs_fail(d, "certificatePolicies has neither an S/MIME reserved OID nor anyPolicy");
}
CS_RULE(smime_ca_policies_missing) = {
    SMIME_META(smime_ca_policies_missing, ERROR, "SBR 7.1.2.2(a), 7.1.6.3", SMIME_BR_START),
    .description = "certificatePolicies absent from an S/MIME sub-CA, or holding neither a reserved S/MIME OID nor anyPolicy",
    .applies_to = "S/MIME subordinate CA certificates",
    .zlint = NULL, .pkilint = NULL,
    .applies = smime_sub_ca, .check = check_ca_policies,
};

static cs_result check_ca_crldp(const cs_cert *c, cs_detail *d)
{
    if (!c->crldp.present)
        return cs_fail(d, "cRLDistributionPoints absent");
    if (c->crldp.ext->critical)
        return cs_fail(d, "cRLDistributionPoints is critical");
    for (uint16_t i = 0; i < c->crldp.n; i++) {
        const cs_dist_point *dp = &c->crldp.items[i];
        for (uint16_t k = 0; dp->has_full_name && k < dp->full_name.n; k++)
            if (dp->full_name.items[k].type == CS_GN_URI && smime_uri_is_http(dp->full_name.items[k].value))
                return CS_PASS;
    }
    return cs_fail(d, "cRLDistributionPoints has no http:// URL");
}
CS_RULE(smime_ca_crldp_invalid) = {
    SMIME_META(smime_ca_crldp_invalid, ERROR, "SBR 7.1.2.2(b)", SMIME_BR_START),
    .description = "sub-CA cRLDistributionPoints absent, critical, or without an http:// URL",
    .applies_to = "S/MIME subordinate CA certificates",
    .zlint = NULL, .pkilint = NULL,
    .applies = smime_sub_ca, .check = check_ca_crldp,
};

static bool sub_ca_aia(const cs_cert *c) { return smime_sub_ca(c) && c->aia.present; }
static cs_result check_ca_aia_critical(const cs_cert *c, cs_detail *d)
{
    return c->aia.ext->critical ? cs_fail(d, "authorityInformationAccess is critical") : CS_PASS;
}
CS_RULE(smime_ca_aia_critical) = {
    SMIME_META(smime_ca_aia_critical, ERROR, "SBR 7.1.2.2(c)", SMIME_BR_START),
    .description = "authorityInformationAccess marked critical in a sub-CA",
    .applies_to = "S/MIME subordinate CA certificates with authorityInformationAccess",
    .zlint = "e_ext_aia_marked_critical", .pkilint = "pkix.authority_information_access_extension_critical",
    .applies = sub_ca_aia, .check = check_ca_aia_critical,
};

static cs_result check_ca_bc(const cs_cert *c, cs_detail *d)
{
    if (!c->bc.present)
        return cs_fail(d, "basicConstraints absent");
    if (!c->bc.ext->critical)
        return cs_fail(d, "basicConstraints not critical");
    if (!c->bc.ca)
        return cs_fail(d, "basicConstraints cA is not TRUE");
    return CS_PASS;
}
CS_RULE(smime_ca_bc_invalid) = {
    SMIME_META(smime_ca_bc_invalid, ERROR, "SBR 7.1.2.1(a), 7.1.2.2(d)", SMIME_BR_START),
    .description = "basicConstraints absent, not critical, or cA not TRUE",
    .applies_to = "S/MIME root and subordinate CA certificates",
    .zlint = "e_basic_constraints_not_critical", .pkilint = "pkix.basic_constraints_extension_not_critical",
    .applies = smime_ca, .check = check_ca_bc,
};

static cs_result check_ca_ku(const cs_cert *c, cs_detail *d)
{
    if (!c->ku.present)
        return cs_fail(d, "keyUsage absent");
    if (!c->ku.ext->critical)
        return cs_fail(d, "keyUsage not critical");
    uint16_t need = CS_KU_KEY_CERT_SIGN | CS_KU_CRL_SIGN;
    if ((c->ku.bits & need) != need)
        return cs_fail(d, "keyUsage lacks keyCertSign or cRLSign");
    return CS_PASS;
}
CS_RULE(smime_ca_ku_invalid) = {
    SMIME_META(smime_ca_ku_invalid, ERROR, "SBR 7.1.2.1(b), 7.1.2.2(e)", SMIME_BR_START),
    .description = "keyUsage absent, not critical, or missing keyCertSign/cRLSign",
    .applies_to = "S/MIME root and subordinate CA certificates",
    .zlint = NULL, .pkilint = "pkix.ca_certificate_no_ku_extension,pkix.ca_certificate_keycertsign_keyusage_not_set",
    .applies = smime_ca, .check = check_ca_ku,
};

static cs_result check_ca_aki(const cs_cert *c, cs_detail *d)
{
    if (!c->aki.present)
        return cs_fail(d, "authorityKeyIdentifier absent");
    if (c->aki.ext->critical)
        return cs_fail(d, "authorityKeyIdentifier is critical");
    if (!c->aki.has_key_id)
        return cs_fail(d, "authorityKeyIdentifier has no keyIdentifier");
    if (c->aki.has_issuer || c->aki.has_serial)
        return cs_fail(d, "authorityKeyIdentifier has authorityCertIssuer/SerialNumber");
    return CS_PASS;
}
CS_RULE(smime_ca_aki_invalid) = {
    SMIME_META(smime_ca_aki_invalid, ERROR, "SBR 7.1.2.2(h)", SMIME_BR_START),
    .description = "sub-CA authorityKeyIdentifier absent, critical, without keyIdentifier, or with issuer/serial",
    .applies_to = "S/MIME subordinate CA certificates",
    .zlint = "e_ext_authority_key_identifier_critical,e_ext_authority_key_identifier_no_key_identifier", .pkilint = "pkix.authority_key_identifier_extension_absent,pkix.authority_key_identifier_critical,pkix.authority_key_identifier_keyid_missing,cabf.authority_key_identifier_has_issuer_cert",
    .applies = smime_sub_ca, .check = check_ca_aki,
};

static cs_result check_ca_ski(const cs_cert *c, cs_detail *d)
{
    if (!c->ski.present)
        return cs_fail(d, "subjectKeyIdentifier absent");
    if (c->ski.ext->critical)
        return cs_fail(d, "subjectKeyIdentifier is critical");
    return CS_PASS;
}
CS_RULE(smime_ca_ski_invalid) = {
    SMIME_META(smime_ca_ski_invalid, ERROR, "SBR 7.1.2.1(e), 7.1.2.2(i)", SMIME_BR_START),
    .description = "subjectKeyIdentifier absent or critical",
    .applies_to = "S/MIME root and subordinate CA certificates",
    .zlint = "e_ext_subject_key_identifier_missing_ca,e_ext_subject_key_identifier_critical", .pkilint = "pkix.certificate_skid_ca_missing,pkix.certificate_skid_extension_critical",
    .applies = smime_ca, .check = check_ca_ski,
};

static bool sub_ca_nc(const cs_cert *c) { return smime_sub_ca(c) && c->name_constraints.present; }
static cs_result check_ca_nc_critical(const cs_cert *c, cs_detail *d)
{
    return c->name_constraints.ext->critical ? CS_PASS : cs_fail(d, "nameConstraints not critical");
}
CS_RULE(smime_ca_nc_not_critical) = {
    SMIME_META(smime_ca_nc_not_critical, WARNING, "SBR 7.1.2.2(f)", SMIME_BR_START),
    .description = "nameConstraints SHOULD be critical",
    .applies_to = "S/MIME subordinate CA certificates with nameConstraints",
    .zlint = "e_ext_name_constraints_not_critical", .pkilint = "pkix.certificate_name_constraints_extension_not_critical",
    .applies = sub_ca_nc, .check = check_ca_nc_critical,
};

static cs_result check_ca_subject(const cs_cert *c, cs_detail *d)
{
    if (!cs_name_find(&c->subject, CS_OID_AT_COMMON_NAME))
        return cs_fail(d, "CA subject commonName absent");
    if (!cs_name_find(&c->subject, CS_OID_AT_ORGANIZATION))
        return cs_fail(d, "CA subject organizationName absent");
    if (!cs_name_find(&c->subject, CS_OID_AT_COUNTRY))
        return cs_fail(d, "CA subject countryName absent");
    return CS_PASS;
}
CS_RULE(smime_ca_subject_required_attrs) = {
    SMIME_META(smime_ca_subject_required_attrs, ERROR, "SBR 7.1.4.3.1", SMIME_BR_START),
    .description = "commonName, organizationName or countryName missing from a CA subject",
    .applies_to = "S/MIME root and subordinate CA certificates",
    .zlint = NULL, .pkilint = NULL,
    .applies = smime_ca, .check = check_ca_subject,
};

static cs_result check_root_eku(const cs_cert *c, cs_detail *d)
{
    return c->eku.present ? cs_fail(d, "root CA certificate has extKeyUsage") : CS_PASS;
}
CS_RULE(smime_root_has_eku) = {
    SMIME_META(smime_root_has_eku, ERROR, "SBR 7.1.2.1(d)", SMIME_BR_START),
    .description = "a self-issued S/MIME CA certificate (root) carries extKeyUsage",
    .applies_to = "S/MIME root CA certificates (self-issued CA certificates in S/MIME scope)",
    .zlint = NULL, .pkilint = NULL,
    .applies = smime_root, .check = check_root_eku,
};

static bool tc_sub_ca(const cs_cert *c)
{
    return smime_sub_ca(c) && c->name_constraints.present && cs_cert_has_eku(c, CS_OID_KP_EMAIL_PROTECTION);
}
static cs_result check_tc_mailbox(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->name_constraints.n_permitted; i++) {
        const cs_general_name *g = c->name_constraints.permitted[i].base;
        if (!g || g->type != CS_GN_RFC822)
            continue;
        for (size_t k = 0; k < g->value.len; k++)
            if (g->value.p[k] == '@')
                return cs_fail(d, "rfc822Name permitted subtree holds a full mailbox address");
    }
    return CS_PASS;
}
CS_RULE(smime_ca_tc_nc_mailbox) = {
    SMIME_META(smime_ca_tc_nc_mailbox, NOTICE, "SBR 7.1.5", SMIME_BR_START),
    .description = "an rfc822Name permittedSubtree contains '@', so the CA is not Technically Constrained",
    .applies_to = "S/MIME subordinate CA certificates with nameConstraints and emailProtection",
    .zlint = NULL, .pkilint = NULL,
    .applies = tc_sub_ca, .check = check_tc_mailbox,
};
