/* S/MIME BR extKeyUsage (SBR 7.1.2.3 f). */
#include "smime_common.h"

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

static bool eku_present(const cs_cert *c) { return any_profile(c) && c->eku.present; }

static cs_result check_eku_missing(const cs_cert *c, cs_detail *d)
{
    return c->eku.present ? CS_PASS : cs_fail(d, "extKeyUsage extension absent");
}
CS_RULE(smime_eku_missing) = {
    SMIME_META(smime_eku_missing, ERROR, "SBR 7.1.2.3(f)", SMIME_BR_START),
    .description = "extKeyUsage extension is absent",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_smime_legacy_multipurpose_eku_check,e_smime_strict_eku_check", .pkilint = "cabf.smime.extended_key_usage_extension_missing",
    .applies = any_profile, .check = check_eku_missing,
};

static cs_result check_email_protection(const cs_cert *c, cs_detail *d)
{
    return cs_cert_has_eku(c, CS_OID_KP_EMAIL_PROTECTION) ? CS_PASS
                                                          : cs_fail(d, "id-kp-emailProtection not present");
}
CS_RULE(smime_eku_email_protection_missing) = {
    SMIME_META(smime_eku_email_protection_missing, ERROR, "SBR 7.1.2.3(f)", SMIME_BR_START),
    .description = "extKeyUsage lacks id-kp-emailProtection",
    .applies_to = "S/MIME subscriber certificates with extKeyUsage",
    .zlint = "e_smime_legacy_multipurpose_eku_check,e_smime_strict_eku_check", .pkilint = "cabf.smime.emailprotection_eku_missing",
    .applies = eku_present, .check = check_email_protection,
};

static cs_result check_prohibited(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id banned[] = { CS_OID_KP_SERVER_AUTH, CS_OID_KP_CODE_SIGNING, CS_OID_KP_TIME_STAMPING,
                                        CS_OID_KP_ANY };
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        if (cs_cert_has_eku(c, banned[i]))
            return cs_fail(d, "prohibited key purpose %s", cs_oid_short_name(banned[i]));
    return CS_PASS;
}
CS_RULE(smime_eku_prohibited_purpose) = {
    SMIME_META(smime_eku_prohibited_purpose, ERROR, "SBR 7.1.2.3(f)", SMIME_BR_START),
    .description = "serverAuth, codeSigning, timeStamping or anyExtendedKeyUsage present",
    .applies_to = "S/MIME subscriber certificates with extKeyUsage",
    .zlint = "e_smime_legacy_multipurpose_eku_check,e_smime_strict_eku_check", .pkilint = "cabf.smime.prohibited_eku_present",
    .applies = eku_present, .check = check_prohibited,
};

static bool strict_eku(const cs_cert *c) { return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_STR) && c->eku.present; }

static cs_result check_strict_extra(const cs_cert *c, cs_detail *d)
{
    char buf[64];
    for (uint16_t i = 0; i < c->eku.n; i++)
        if (c->eku.ids[i] != CS_OID_KP_EMAIL_PROTECTION)
            return cs_fail(d, "key purpose %s in a Strict certificate",
                           c->eku.ids[i] ? cs_oid_short_name(c->eku.ids[i])
                                         : cs_oid_to_text(c->eku.oids[i], buf, sizeof buf));
    return CS_PASS;
}
CS_RULE(smime_eku_strict_extra_purpose) = {
    SMIME_META(smime_eku_strict_extra_purpose, ERROR, "SBR 7.1.2.3(f)", SMIME_BR_START),
    .description = "a key purpose other than emailProtection (compared as raw OIDs, unknown ones "
                   "included) in a Strict certificate",
    .applies_to = "S/MIME Strict subscriber certificates with extKeyUsage",
    .zlint = "e_smime_strict_eku_check", .pkilint = "cabf.smime.prohibited_eku_present",
    .applies = strict_eku, .check = check_strict_extra,
};

static bool mp_legacy_eku(const cs_cert *c)
{
    return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_MP | SMIME_LEG) && c->eku.present;
}

static cs_result check_ocsp_signing(const cs_cert *c, cs_detail *d)
{
    return cs_cert_has_eku(c, CS_OID_KP_OCSP_SIGNING) ? cs_fail(d, "id-kp-OCSPSigning present") : CS_PASS;
}
CS_RULE(smime_eku_ocsp_signing_present) = {
    SMIME_META(smime_eku_ocsp_signing_present, WARNING, "SBR 7.1.2.4", SMIME_BR_START),
    .description = "id-kp-OCSPSigning on an S/MIME subscriber (not banned by name in 7.1.2.3 f, but "
                   "data with no reason to be there per 7.1.2.4: warning)",
    .applies_to = "S/MIME Multipurpose and Legacy subscriber certificates with extKeyUsage",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_eku_present",
    .applies = mp_legacy_eku, .check = check_ocsp_signing,
};
