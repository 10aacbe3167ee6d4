/* BR 7.1.2.7.8 (basicConstraints), 7.1.2.7.10 (extKeyUsage), 7.1.2.7.11
 * (keyUsage), and the Chrome root program clientAuth phase-out. */
#include "tls_common.h"

/* Key purposes a TLS server certificate MUST NOT carry. */
static const cs_oid_id eku_forbidden[] = {
    CS_OID_KP_CODE_SIGNING, CS_OID_KP_EMAIL_PROTECTION, CS_OID_KP_TIME_STAMPING,
    CS_OID_KP_OCSP_SIGNING, CS_OID_KP_ANY, CS_OID_KP_CT_PRECERT_SIGNING,
};

static cs_result check_eku(const cs_cert *c, cs_detail *d)
{
    if (!c->eku.present)
        return cs_fail(d, "extKeyUsage extension absent");
    if (c->eku.ext && c->eku.ext->critical)
        return cs_fail(d, "extKeyUsage is marked critical");
    for (size_t k = 0; k < sizeof eku_forbidden / sizeof eku_forbidden[0]; k++)
        if (cs_cert_has_eku(c, eku_forbidden[k]))
            return cs_fail(d, "extKeyUsage includes %s", cs_oid_short_name(eku_forbidden[k]));
    if (!cs_cert_has_eku(c, CS_OID_KP_SERVER_AUTH))
        return cs_fail(d, "extKeyUsage lacks serverAuth");
    return CS_PASS;
}
CS_RULE(tls_eku_invalid) = {
    .id = "tls_eku_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.10, 7.1.2.7.6", .effective = TLS_BR_V2_PROFILE,
    .description = "extKeyUsage absent, critical, without serverAuth, or with codeSigning/emailProtection/timeStamping/OCSPSigning/anyEKU/precertificate signing",
    .zlint = "e_sub_cert_eku_missing,e_eku_critical,e_sub_cert_eku_check", .pkilint = "cabf.serverauth.subscriber.extended_key_usage_extension_absent,cabf.serverauth.subscriber.critical_extended_key_usage_extension,cabf.serverauth.subscriber.serverauth_eku_absent,cabf.serverauth.subscriber.codesigning_eku_present,cabf.serverauth.subscriber.emailprotection_eku_present,cabf.serverauth.subscriber.timestamping_eku_present,cabf.serverauth.subscriber.ocspsigning_eku_present,cabf.serverauth.subscriber.anyeku_eku_present,cabf.serverauth.subscriber.precertsigning_eku_present",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_eku,
};

static cs_result check_client_auth(const cs_cert *c, cs_detail *d)
{
    if (cs_cert_has_eku(c, CS_OID_KP_CLIENT_AUTH))
        return cs_fail(d, "extKeyUsage includes clientAuth");
    return CS_PASS;
}
CS_RULE(tls_client_auth_present) = {
    .id = "tls_client_auth_present", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "Chrome Root Program Policy 1.8 1.3.2 (root-program rule, not BR)", .effective = "2027-03-15",
    .description = "clientAuth in a server certificate (Chrome requires single-purpose serverAuth hierarchies; the BR still allow it)",
    .zlint = "e_client_auth_not_allowed", .pkilint = NULL,
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_client_auth,
};

/* BR 7.1.2.7.11 tables.  keyUsage itself is only SHOULD: absence passes. */
static cs_result check_ku(const cs_cert *c, cs_detail *d)
{
    if (!c->ku.present)
        return CS_PASS;
    uint16_t bits = c->ku.bits;
    char names[CS_KU_NAMES_MAX];
    if (c->spki.type == CS_KEY_RSA) {
        uint16_t allowed = CS_KU_DIGITAL_SIGNATURE | CS_KU_KEY_ENCIPHERMENT | CS_KU_DATA_ENCIPHERMENT;
        if (bits & ~allowed)
            return cs_fail(d, "keyUsage %s not permitted for an RSA subscriber key", cs_ku_names(bits & ~allowed, names, sizeof names));
        if (!bits)
            return cs_fail(d, "no keyUsage bit set for an RSA key");
        return CS_PASS;
    }
    if (c->spki.type == CS_KEY_EC) {
        uint16_t allowed = CS_KU_DIGITAL_SIGNATURE | CS_KU_KEY_AGREEMENT;
        if (bits & ~allowed)
            return cs_fail(d, "keyUsage %s not permitted for an ECC subscriber key", cs_ku_names(bits & ~allowed, names, sizeof names));
        if (!(bits & CS_KU_DIGITAL_SIGNATURE))
            return cs_fail(d, "digitalSignature missing for an ECC key");
        return CS_PASS;
    }
    return CS_NA; /* other key types are reported by tls_spki_encoding */
}
CS_RULE(tls_ku_invalid) = {
    .id = "tls_ku_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.11", .effective = TLS_BR_V2_PROFILE,
    .description = "RSA: a bit other than digitalSignature/keyEncipherment/dataEncipherment, or none; ECC: a bit other than digitalSignature/keyAgreement, or no digitalSignature",
    .zlint = "e_cabf_ecc_allowed_key_usages,e_sub_cert_key_usage_cert_sign_bit_set,e_sub_cert_key_usage_crl_sign_bit_set", .pkilint = "cabf.serverauth.subscriber_prohibited_ku_present,cabf.serverauth.subscriber_required_ku_missing",
    .applies_to = "TLS subscriber certificates with an RSA or ECC key", .applies = tls_subscriber, .check = check_ku,
};

static cs_result check_bc(const cs_cert *c, cs_detail *d)
{
    if (!c->bc.present)
        return CS_PASS;
    if (c->bc.ca)
        return cs_fail(d, "basicConstraints cA is TRUE");
    if (c->bc.has_path_len)
        return cs_fail(d, "basicConstraints has a pathLenConstraint");
    if (c->bc.ext && !c->bc.ext->critical)
        return cs_fail(d, "basicConstraints is not marked critical");
    return CS_PASS;
}
/* The view classifies cA=TRUE certificates as CAs, so the cA branch is
 * reached for certificates that are otherwise subscriber-shaped. */
static bool subscriber_or_ca_leaf(const cs_cert *c)
{
    return c->tls.subscriber || (c->is_ca && c->has_eku_server_auth && c->san.present &&
                                 !(c->ku.present && (c->ku.bits & CS_KU_KEY_CERT_SIGN)));
}
CS_RULE(tls_bc_invalid) = {
    .id = "tls_bc_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.8, 7.1.2.7.6", .effective = TLS_BR_V2_PROFILE,
    .description = "Subscriber basicConstraints with cA TRUE, a pathLenConstraint, or not critical",
    .applies_to = "TLS subscriber certificates (and cA=TRUE certificates shaped like one: serverAuth, SAN, no keyCertSign)",
    .zlint = "e_sub_cert_not_is_ca,e_sub_cert_basic_constraints_not_critical", .pkilint = "cabf.serverauth.subscriber_basic_constraints_ca_bit_set,cabf.serverauth.subscriber.non_critical_basic_constraints_extension,pkix.basic_constraints_has_pathlen_for_non_ca",
    .applies = subscriber_or_ca_leaf, .check = check_bc,
};
