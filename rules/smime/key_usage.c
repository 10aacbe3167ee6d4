/* S/MIME BR keyUsage (SBR 7.1.2.3 e).  The allowed combinations per key
 * type and generation are data: a set of bits that may be set, bits of
 * which at least one is needed, and bit dependencies. */
#include "smime_common.h"

#define DS CS_KU_DIGITAL_SIGNATURE
#define NR CS_KU_NON_REPUDIATION
#define KE CS_KU_KEY_ENCIPHERMENT
#define DE CS_KU_DATA_ENCIPHERMENT
#define KA CS_KU_KEY_AGREEMENT
#define KCS CS_KU_KEY_CERT_SIGN
#define CRL CS_KU_CRL_SIGN
#define EO CS_KU_ENCIPHER_ONLY
#define DO CS_KU_DECIPHER_ONLY

typedef struct ku_allowance {
    uint16_t may;        /* bits the profile speaks of (others: the *_other_bits rules) */
    uint16_t need_any;   /* at least one of these */
    uint16_t need_all;   /* all of these */
    struct { uint16_t bit, requires; } deps[3]; /* bit set => requires set */
    uint16_t exclusive;  /* not all of these at once */
} ku_allowance;

static const ku_allowance ku_rsa_strict = { DS | NR | KE, DS | KE, 0, { { NR, DS }, { 0, 0 }, { 0, 0 } }, 0 };
static const ku_allowance ku_rsa_mp_legacy = { DS | NR | KE | DE, DS | KE, 0, { { NR, DS }, { DE, KE }, { 0, 0 } }, 0 };
static const ku_allowance ku_ec = { DS | NR | KA | EO | DO, DS | KA, 0, { { NR, DS }, { EO, KA }, { DO, KA } }, EO | DO };
static const ku_allowance ku_sign_only = { DS | NR, 0, DS, { { 0, 0 }, { 0, 0 }, { 0, 0 } }, 0 };
static const ku_allowance ku_kem = { KE, 0, KE, { { 0, 0 }, { 0, 0 }, { 0, 0 } }, 0 };

/* NULL when the combination is allowed. */
static const char *ku_problem(uint16_t bits, const ku_allowance *a, bool strict_may)
{
    if (strict_may && (bits & ~a->may))
        return "a bit outside the allowed set is set";
    if (a->need_any && !(bits & a->need_any))
        return "none of the required bits is set";
    if ((bits & a->need_all) != a->need_all)
        return "a required bit is missing";
    for (int i = 0; i < 3; i++)
        if (a->deps[i].bit && (bits & a->deps[i].bit) && !(bits & a->deps[i].requires))
            return "a bit is set without the bit it depends on";
    if (a->exclusive && (bits & a->exclusive) == a->exclusive)
        return "mutually exclusive bits are both set";
    return NULL;
}

static bool ku_profile(const cs_cert *c, unsigned gens, cs_key_type key)
{
    return smime_profile_in(c, SMIME_ALL_TYPES, gens) && c->ku.present && c->spki.type == key;
}

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

static cs_result check_ku_missing(const cs_cert *c, cs_detail *d)
{
    return c->ku.present ? CS_PASS : cs_fail(d, "keyUsage extension absent");
}
CS_RULE(smime_ku_missing) = {
    SMIME_META(smime_ku_missing, ERROR, "SBR 7.1.2.3(e)", SMIME_BR_START),
    .description = "keyUsage extension is absent",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_key_usage_presence", .pkilint = "cabf.smime.key_usage_extension_missing",
    .applies = any_profile, .check = check_ku_missing,
};

static bool ku_present(const cs_cert *c) { return any_profile(c) && c->ku.present; }

static cs_result check_ku_critical(const cs_cert *c, cs_detail *d)
{
    return c->ku.ext->critical ? CS_PASS : cs_fail(d, "keyUsage is not critical");
}
CS_RULE(smime_ku_not_critical) = {
    SMIME_META(smime_ku_not_critical, WARNING, "SBR 7.1.2.3(e)", SMIME_BR_START),
    .description = "keyUsage SHOULD be critical",
    .applies_to = "S/MIME subscriber certificates with keyUsage",
    .zlint = "w_key_usage_criticality", .pkilint = "cabf.smime.ku_extension_not_critical",
    .applies = ku_present, .check = check_ku_critical,
};

/* SBR 7.1.2.3(e) names key usage types per key: signing only, key
 * management only, dual use.  A keyUsage without any bit that defines a
 * type (`type_bits`: digitalSignature, or keyEncipherment for RSA and
 * keyAgreement for EC) fits none of them: the *_other_bits rules report
 * that.  One that fits a type but sets a bit the type does not allow
 * (dataEncipherment in Strict, keyAgreement on RSA, keyEncipherment on EC,
 * nonRepudiation without digitalSignature, ...) is the *_invalid rules'.
 * zlint and pkilint split the requirement the same way. */
static cs_result ku_result(const cs_cert *c, cs_detail *d, const ku_allowance *a, uint16_t type_bits, const char *what)
{
    if (type_bits && !(c->ku.bits & type_bits))
        return CS_PASS;
    const char *why = ku_problem(c->ku.bits, a, true);
    char names[CS_KU_NAMES_MAX];
    if (why)
        return cs_fail(d, "%s keyUsage (%s): %s", what, cs_ku_names(c->ku.bits, names, sizeof names), why);
    return CS_PASS;
}

static bool rsa_strict(const cs_cert *c) { return ku_profile(c, SMIME_STR, CS_KEY_RSA); }
static cs_result check_rsa_strict(const cs_cert *c, cs_detail *d) { return ku_result(c, d, &ku_rsa_strict, DS | KE, "RSA Strict"); }
CS_RULE(smime_ku_rsa_strict_invalid) = {
    SMIME_META(smime_ku_rsa_strict_invalid, ERROR, "SBR 7.1.2.3(e)", SMIME_BR_START),
    .description = "RSA keyUsage with digitalSignature or keyEncipherment sets a bit Strict does not "
                   "allow for that key usage type: dataEncipherment, NR without DS, or any bit other "
                   "than DS, NR, KE",
    .applies_to = "S/MIME Strict subscriber certificates with RSA keys",
    .zlint = "e_rsa_key_usage_strict", .pkilint = "cabf.smime.prohibited_ku_present",
    .applies = rsa_strict, .check = check_rsa_strict,
};

static bool rsa_mp_legacy(const cs_cert *c) { return ku_profile(c, SMIME_MP | SMIME_LEG, CS_KEY_RSA); }
static cs_result check_rsa_mp_legacy(const cs_cert *c, cs_detail *d) { return ku_result(c, d, &ku_rsa_mp_legacy, DS | KE, "RSA"); }
CS_RULE(smime_ku_rsa_mp_legacy_invalid) = {
    SMIME_META(smime_ku_rsa_mp_legacy_invalid, ERROR, "SBR 7.1.2.3(e)", SMIME_BR_START),
    .description = "RSA keyUsage with digitalSignature or keyEncipherment sets a bit MP/Legacy does "
                   "not allow for that key usage type: NR without DS, dataEncipherment without KE, or "
                   "any bit other than DS, NR, KE, DE",
    .applies_to = "S/MIME Multipurpose and Legacy subscriber certificates with RSA keys",
    .zlint = "e_rsa_key_usage_legacy_multipurpose", .pkilint = "cabf.smime.prohibited_ku_present",
    .applies = rsa_mp_legacy, .check = check_rsa_mp_legacy,
};

static bool rsa_any(const cs_cert *c) { return ku_profile(c, SMIME_ALL_GENS, CS_KEY_RSA); }
static cs_result check_rsa_other(const cs_cert *c, cs_detail *d)
{
    if (c->ku.bits & (DS | KE))
        return CS_PASS;
    char names[CS_KU_NAMES_MAX];
    return cs_fail(d, "RSA keyUsage (%s) has neither digitalSignature nor keyEncipherment: only other bits", cs_ku_names(c->ku.bits, names, sizeof names));
}
CS_RULE(smime_ku_rsa_other_bits) = {
    SMIME_META(smime_ku_rsa_other_bits, ERROR, "SBR 7.1.2.3(e)", SMIME_BR_START),
    .description = "RSA keyUsage fits no key usage type: neither digitalSignature nor keyEncipherment, "
                   "only other bit positions (e.g. nonRepudiation, dataEncipherment or keyAgreement alone)",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = "e_rsa_other_key_usages", .pkilint = "cabf.smime.unknown_certificate_key_usage_type",
    .applies = rsa_any, .check = check_rsa_other,
};

static bool ec_any(const cs_cert *c) { return ku_profile(c, SMIME_ALL_GENS, CS_KEY_EC); }
static cs_result check_ec(const cs_cert *c, cs_detail *d) { return ku_result(c, d, &ku_ec, DS | KA, "EC"); }
CS_RULE(smime_ku_ec_invalid) = {
    SMIME_META(smime_ku_ec_invalid, ERROR, "SBR 7.1.2.3(e)", SMIME_BR_START),
    .description = "EC keyUsage with digitalSignature or keyAgreement sets a bit its key usage type does "
                   "not allow: NR without DS, encipherOnly/decipherOnly without keyAgreement or both of "
                   "them, or any bit other than DS, NR, KA, EO, DO",
    .applies_to = "S/MIME subscriber certificates with EC keys",
    .zlint = "e_ecpublickey_key_usages", .pkilint = "cabf.smime.prohibited_ku_present,pkix.both_encipheronly_and_decipheronly_ku_set",
    .applies = ec_any, .check = check_ec,
};

static cs_result check_ec_other(const cs_cert *c, cs_detail *d)
{
    if (c->ku.bits & (DS | KA))
        return CS_PASS;
    char names[CS_KU_NAMES_MAX];
    return cs_fail(d, "EC keyUsage (%s) has neither digitalSignature nor keyAgreement: only other bits", cs_ku_names(c->ku.bits, names, sizeof names));
}
CS_RULE(smime_ku_ec_other_bits) = {
    SMIME_META(smime_ku_ec_other_bits, ERROR, "SBR 7.1.2.3(e)", SMIME_BR_START),
    .description = "EC keyUsage fits no key usage type: neither digitalSignature nor keyAgreement, only "
                   "other bit positions (e.g. keyEncipherment or nonRepudiation alone)",
    .applies_to = "S/MIME subscriber certificates with EC keys",
    .zlint = "e_ec_other_key_usages", .pkilint = "cabf.smime.unknown_certificate_key_usage_type",
    .applies = ec_any, .check = check_ec_other,
};

static bool eddsa_any(const cs_cert *c)
{
    return ku_profile(c, SMIME_ALL_GENS, CS_KEY_ED25519) || ku_profile(c, SMIME_ALL_GENS, CS_KEY_ED448);
}
static cs_result check_eddsa(const cs_cert *c, cs_detail *d) { return ku_result(c, d, &ku_sign_only, 0, "EdDSA"); }
CS_RULE(smime_ku_eddsa_invalid) = {
    SMIME_META(smime_ku_eddsa_invalid, ERROR, "SBR 7.1.2.3(e) (SMC03)", SMIME_BR_START),
    .description = "EdDSA keyUsage lacks digitalSignature or has a bit other than DS/NR",
    .applies_to = "S/MIME subscriber certificates with Ed25519/Ed448 keys",
    .zlint = "e_edwardspublickey_key_usages", .pkilint = "cabf.smime.unknown_certificate_key_usage_type,cabf.smime.prohibited_ku_present,pkix.key_usage_value_required_but_missing_for_edwards_curve",
    .applies = eddsa_any, .check = check_eddsa,
};

static bool mldsa_any(const cs_cert *c) { return ku_profile(c, SMIME_ALL_GENS, CS_KEY_ML_DSA); }
static cs_result check_mldsa(const cs_cert *c, cs_detail *d) { return ku_result(c, d, &ku_sign_only, 0, "ML-DSA"); }
CS_RULE(smime_ku_mldsa_invalid) = {
    SMIME_META(smime_ku_mldsa_invalid, ERROR, "SBR 7.1.2.3(e) (SMC013)", SMIME_SMC013),
    .description = "ML-DSA keyUsage lacks digitalSignature or has a bit other than DS/NR",
    .applies_to = "S/MIME subscriber certificates with ML-DSA keys",
    .zlint = NULL, .pkilint = "cabf.smime.unknown_certificate_key_usage_type,cabf.smime.prohibited_ku_present",
    .applies = mldsa_any, .check = check_mldsa,
};

static bool mlkem_any(const cs_cert *c) { return ku_profile(c, SMIME_ALL_GENS, CS_KEY_ML_KEM); }
static cs_result check_mlkem(const cs_cert *c, cs_detail *d) { return ku_result(c, d, &ku_kem, 0, "ML-KEM"); }
CS_RULE(smime_ku_mlkem_invalid) = {
    SMIME_META(smime_ku_mlkem_invalid, ERROR, "SBR 7.1.2.3(e) (SMC013)", SMIME_SMC013),
    .description = "ML-KEM keyUsage is not exactly keyEncipherment",
    .applies_to = "S/MIME subscriber certificates with ML-KEM keys",
    .zlint = NULL, .pkilint = "cabf.smime.unknown_certificate_key_usage_type,cabf.smime.prohibited_ku_present",
    .applies = mlkem_any, .check = check_mlkem,
};
