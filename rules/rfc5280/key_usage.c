/* RFC 5280 4.2.1.3 (keyUsage), 4.2.1.12 (extKeyUsage consistency) and the
 * key-type specific keyUsage values of RFC 3279, 4055, 5480, 8410 and the
 * LAMPS ML-DSA / ML-KEM certificate profiles. */
#include "rfc5280_common.h"

static bool has_ku(const cs_cert *c) { return c->ku.present && c->ku.ext; }

static cs_result check_no_bits(const cs_cert *c, cs_detail *d)
{
    if (c->ku.bits == 0)
        return cs_fail(d, "keyUsage has no bit set");
    return CS_PASS;
}
CS_RULE(rfc5280_ku_no_bits) = {
    .id = "rfc5280_ku_no_bits", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.3", .effective = NULL,
    .description = "keyUsage is present with no bit set (at least one bit MUST be set)",
    .zlint = "e_ext_key_usage_without_bits", .pkilint = "pkix.no_ku_bits_set",
    .applies_to = "certificates with keyUsage", .applies = has_ku, .check = check_no_bits,
};

/* The BIT STRING is read from the extension value itself, so this does
 * not depend on how the parser normalised the bits. */
static cs_result check_ku_der(const cs_cert *c, cs_detail *d)
{
    cs_der_reader r;
    cs_der_tlv t;
    const cs_span v = c->ku.ext->value;
    cs_der_reader_init(&r, v.p, v.p, v.len, NULL);
    if (cs_der_next(&r, &t) != CS_DER_OK || t.cls != CS_DER_CLASS_UNIVERSAL || t.tag != CS_TAG_BIT_STRING ||
        t.constructed)
        return cs_fail(d, "keyUsage value is not a primitive BIT STRING");
    const uint8_t *b = t.value.p;
    size_t n = t.value.len;
    if (n == 0)
        return cs_fail(d, "keyUsage BIT STRING has no unused-bits octet");
    uint8_t unused = b[0];
    if (unused > 7)
        return cs_fail(d, "keyUsage unused-bits count %u is above 7", (unsigned)unused);
    if (n == 1)
        return unused ? cs_fail(d, "empty keyUsage BIT STRING with unused bits %u", (unsigned)unused) : CS_PASS;
    if (n > 3)
        return cs_fail(d, "keyUsage BIT STRING has %zu octets of bits (at most 2 are needed)", n - 1);
    uint8_t last = b[n - 1];
    if (last & ((1u << unused) - 1u))
        return cs_fail(d, "keyUsage unused bits are not zero");
    /* DER for a named bit list: no trailing zero bits (X.690 11.2.2). */
    if (!((last >> unused) & 1u))
        return cs_fail(d, "keyUsage BIT STRING has trailing zero bits (unused-bits count %u)", (unsigned)unused);
    return CS_PASS;
}
CS_RULE(rfc5280_ku_der_encoding) = {
    .id = "rfc5280_ku_der_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.3; X.690 11.2.2", .effective = NULL,
    .description = "keyUsage BIT STRING has trailing zero bits, a wrong unused-bits count, non-zero unused bits or superfluous octets",
    .zlint = "e_incorrect_ku_encoding,e_superfluous_ku_encoding,e_key_usage_incorrect_length", .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "certificates with keyUsage", .applies = has_ku, .check = check_ku_der,
};

static cs_result check_certsign_without_ca(const cs_cert *c, cs_detail *d)
{
    if ((c->ku.bits & CS_KU_KEY_CERT_SIGN) && !c->is_ca)
        return cs_fail(d, "keyCertSign set but basicConstraints cA is not TRUE");
    return CS_PASS;
}
CS_RULE(rfc5280_ku_certsign_without_ca) = {
    .id = "rfc5280_ku_certsign_without_ca", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.3, 4.2.1.9", .effective = NULL,
    .description = "keyUsage keyCertSign is set without basicConstraints cA TRUE",
    .zlint = "e_ext_key_usage_cert_sign_without_ca", .pkilint = "pkix.ee_certificate_keycertsign_keyusage_set",
    .applies_to = "certificates with keyUsage", .applies = has_ku, .check = check_certsign_without_ca,
};

#define SIGN_BITS (CS_KU_DIGITAL_SIGNATURE | CS_KU_NON_REPUDIATION | CS_KU_KEY_CERT_SIGN | CS_KU_CRL_SIGN)

/* Allowed and required keyUsage bits per key type. */
static const struct {
    cs_key_type key;
    uint16_t allowed;
    uint16_t required; /* at least one of these when non-zero */
    const char *name;
    const char *source;
} ku_by_key[] = {
    { CS_KEY_RSA, SIGN_BITS | CS_KU_KEY_ENCIPHERMENT | CS_KU_DATA_ENCIPHERMENT, 0, "RSA", "RFC 3279 2.3.1" },
    { CS_KEY_RSA_PSS, SIGN_BITS, 0, "RSASSA-PSS", "RFC 4055 1.2" },
    { CS_KEY_DSA, SIGN_BITS, 0, "DSA", "RFC 3279 2.3.2" },
    { CS_KEY_EC, SIGN_BITS | CS_KU_KEY_AGREEMENT | CS_KU_ENCIPHER_ONLY | CS_KU_DECIPHER_ONLY, 0, "EC", "RFC 5480 3" },
    { CS_KEY_ED25519, SIGN_BITS, 0, "Ed25519", "RFC 8410 5" },
    { CS_KEY_ED448, SIGN_BITS, 0, "Ed448", "RFC 8410 5" },
    { CS_KEY_X25519, CS_KU_KEY_AGREEMENT | CS_KU_ENCIPHER_ONLY | CS_KU_DECIPHER_ONLY, CS_KU_KEY_AGREEMENT, "X25519", "RFC 8410 5" },
    { CS_KEY_X448, CS_KU_KEY_AGREEMENT | CS_KU_ENCIPHER_ONLY | CS_KU_DECIPHER_ONLY, CS_KU_KEY_AGREEMENT, "X448", "RFC 8410 5" },
    { CS_KEY_ML_DSA, SIGN_BITS, 0, "ML-DSA", "LAMPS ML-DSA certificates (RFC 9881)" },
    { CS_KEY_ML_KEM, CS_KU_KEY_ENCIPHERMENT, CS_KU_KEY_ENCIPHERMENT, "ML-KEM", "LAMPS ML-KEM certificates" },
};

static cs_result check_ku_vs_key(const cs_cert *c, cs_detail *d)
{
    uint16_t bits = c->ku.bits;
    char names[CS_KU_NAMES_MAX];
    for (size_t i = 0; i < sizeof ku_by_key / sizeof ku_by_key[0]; i++) {
        if (ku_by_key[i].key != c->spki.type)
            continue;
        if (bits & ~ku_by_key[i].allowed)
            return cs_fail(d, "keyUsage %s not allowed for %s keys (%s)", cs_ku_names(bits & ~ku_by_key[i].allowed, names, sizeof names),
                           ku_by_key[i].name, ku_by_key[i].source);
        if (ku_by_key[i].required && !(bits & ku_by_key[i].required))
            return cs_fail(d, "keyUsage lacks the bit required for %s keys (%s)", ku_by_key[i].name, ku_by_key[i].source);
        /* encipherOnly/decipherOnly only qualify keyAgreement (RFC 5280 4.2.1.3). */
        if ((bits & (CS_KU_ENCIPHER_ONLY | CS_KU_DECIPHER_ONLY)) && !(bits & CS_KU_KEY_AGREEMENT))
            return cs_fail(d, "encipherOnly/decipherOnly without keyAgreement");
        return CS_PASS;
    }
    return CS_NA; /* unknown key type: nothing to compare with */
}
CS_RULE(rfc5280_ku_vs_key_type) = {
    .id = "rfc5280_ku_vs_key_type", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 3279 2.3; RFC 5480 3; RFC 8410 5; LAMPS ML-DSA/ML-KEM profiles", .effective = NULL,
    .description = "keyUsage asserts a bit the subject key type cannot perform (e.g. keyEncipherment for EC, keyAgreement for RSA)",
    .zlint = "e_rsa_allowed_ku_ee,e_rsa_allowed_ku_ca,e_ecdsa_allowed_ku,n_ecdsa_ee_invalid_ku", .pkilint = "pkix.key_usage_value_prohibited_for_rsa,pkix.key_usage_value_prohibited_for_ec,pkix.key_usage_value_prohibited_for_edwards_curve,pkix.key_usage_value_prohibited_for_mldsa,pkix.key_usage_value_prohibited_for_mlkem",
    .applies_to = "certificates with keyUsage", .applies = has_ku, .check = check_ku_vs_key,
};

static cs_result check_ku_not_critical(const cs_cert *c, cs_detail *d)
{
    if (!c->ku.ext->critical)
        return cs_fail(d, "keyUsage is not marked critical");
    return CS_PASS;
}
CS_RULE(rfc5280_ku_not_critical) = {
    .id = "rfc5280_ku_not_critical", .severity = CS_SEV_WARNING, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.3", .effective = NULL,
    .description = "keyUsage is not marked critical (conforming CAs SHOULD mark it critical)",
    .zlint = "w_ext_key_usage_not_critical", .pkilint = "pkix.key_usage_extension_not_critical",
    .applies_to = "certificates with keyUsage", .applies = has_ku, .check = check_ku_not_critical,
};

/* RFC 5280 4.2.1.12: key usage bits consistent with each purpose.  A
 * purpose is inconsistent when none of its bits is set. */
static const struct {
    cs_oid_id purpose;
    uint16_t any_of;
} eku_ku[] = {
    { CS_OID_KP_SERVER_AUTH, CS_KU_DIGITAL_SIGNATURE | CS_KU_KEY_ENCIPHERMENT | CS_KU_KEY_AGREEMENT },
    { CS_OID_KP_CLIENT_AUTH, CS_KU_DIGITAL_SIGNATURE | CS_KU_KEY_AGREEMENT },
    { CS_OID_KP_CODE_SIGNING, CS_KU_DIGITAL_SIGNATURE },
    { CS_OID_KP_EMAIL_PROTECTION, CS_KU_DIGITAL_SIGNATURE | CS_KU_NON_REPUDIATION | CS_KU_KEY_ENCIPHERMENT | CS_KU_KEY_AGREEMENT },
    { CS_OID_KP_TIME_STAMPING, CS_KU_DIGITAL_SIGNATURE | CS_KU_NON_REPUDIATION },
    { CS_OID_KP_OCSP_SIGNING, CS_KU_DIGITAL_SIGNATURE | CS_KU_NON_REPUDIATION },
};

static bool has_ku_and_eku(const cs_cert *c) { return has_ku(c) && c->eku.present && !c->is_ca; }

static cs_result check_eku_ku(const cs_cert *c, cs_detail *d)
{
    char names[CS_KU_NAMES_MAX];
    for (uint16_t i = 0; i < c->eku.n && i < CS_MAX_EKUS; i++)
        for (size_t k = 0; k < sizeof eku_ku / sizeof eku_ku[0]; k++)
            if (c->eku.ids[i] == eku_ku[k].purpose && !(c->ku.bits & eku_ku[k].any_of))
                return cs_fail(d, "keyUsage (%s) allows no use consistent with %s", cs_ku_names(c->ku.bits, names, sizeof names),
                               cs_oid_short_name(eku_ku[k].purpose));
    return CS_PASS;
}
CS_RULE(rfc5280_eku_ku_inconsistent) = {
    .id = "rfc5280_eku_ku_inconsistent", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.2.1.12", .effective = NULL,
    .description = "An extKeyUsage purpose has none of the keyUsage bits RFC 5280 lists as consistent with it",
    .zlint = "e_key_usage_and_extended_key_usage_inconsistent", .pkilint = NULL,
    .applies_to = "end-entity certificates with keyUsage and extKeyUsage", .applies = has_ku_and_eku, .check = check_eku_ku,
};
