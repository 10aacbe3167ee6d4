/* S/MIME BR subject public keys (SBR 6.1.5, 6.1.6, 7.1.3.1) and known-weak
 * keys (SBR 6.1.1.3 (5), through src/keys/weak_rsa.h).
 *
 * The AlgorithmIdentifier allow-list is data with an effective date per
 * entry (SMC013 added the ML-DSA and ML-KEM encodings).  The checks that
 * need arithmetic on the key (RSA modulus structure, EC point on the
 * curve) are shared with the TLS rules (src/lint/rsa_modulus.h,
 * src/lint/ec_point.h) and run only for keys of their type. */
#include "smime_common.h"

#include "lint/ec_point.h"
#include "lint/cert_facts.h"

#include <string.h>

#include "keys/weak_rsa.h"

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

typedef struct algid_entry {
    const char *name;
    int64_t since; /* notBefore from which the encoding is allowed */
    uint8_t len;
    uint8_t der[24];
} algid_entry;

static const algid_entry spki_allowed[] = {
    { "rsaEncryption", SMIME_BR_START_T, 15, { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 } },
    { "P-256", SMIME_BR_START_T, 21, { 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 } },
    { "P-384", SMIME_BR_START_T, 18, { 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 } },
    { "P-521", SMIME_BR_START_T, 18, { 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23 } },
    { "Ed25519", SMIME_BR_START_T, 7, { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 } },
    { "Ed448", SMIME_BR_START_T, 7, { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71 } },
    { "ML-DSA-44", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11 } },
    { "ML-DSA-65", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12 } },
    { "ML-DSA-87", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13 } },
    { "ML-KEM-512", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x01 } },
    { "ML-KEM-768", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x02 } },
    { "ML-KEM-1024", SMIME_SMC013_T, 13, { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x03 } },
};

static cs_result check_spki_algid(const cs_cert *c, cs_detail *d)
{
    for (size_t i = 0; i < sizeof spki_allowed / sizeof spki_allowed[0]; i++) {
        const algid_entry *e = &spki_allowed[i];
        if (cs_span_eq_bytes(c->spki.alg.der, e->der, e->len)) {
            if (c->rules_time_valid && c->rules_time < e->since)
                return cs_fail(d, "%s keys are allowed only from 2025-08-22", e->name);
            return CS_PASS;
        }
    }
    const char *name = cs_oid_short_name(c->spki.alg.id);
    return cs_fail(d, "SPKI AlgorithmIdentifier not allowed (%s%s)", *name ? name : "unknown OID",
                   c->spki.alg.id == CS_OID_KEY_EC || c->spki.alg.id == CS_OID_KEY_RSA ? " with these parameters" : "");
}
CS_RULE(smime_spki_algid_not_allowed) = {
    SMIME_META(smime_spki_algid_not_allowed, ERROR, "SBR 7.1.3.1", SMIME_BR_START),
    .description = "SubjectPublicKeyInfo AlgorithmIdentifier is not byte-identical to an allowed "
                   "encoding (RSA+NULL, P-256/384/521, Ed25519/448; ML-DSA/ML-KEM from 2025-08-22)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_invalid_spki_algoid,e_invalid_legacy_spki_algoid", .pkilint = "cabf.smime.prohibited_spki_algorithm_encoding",
    .applies = any_profile, .check = check_spki_algid,
};

static cs_result check_pqc_before(const cs_cert *c, cs_detail *d)
{
    if (c->spki.type == CS_KEY_ML_DSA || c->spki.type == CS_KEY_ML_KEM)
        return cs_fail(d, "%s key in a certificate issued before SMC013 (2025-08-22)",
                       cs_oid_short_name(c->spki.alg.id));
    return CS_PASS;
}
CS_RULE(smime_pqc_key_before_smc013) = {
    SMIME_META(smime_pqc_key_before_smc013, ERROR, "SBR 6.1.5, 7.1.3.1 (SMC013)", SMIME_BR_START),
    .ineffective = SMIME_SMC013,
    .description = "ML-DSA or ML-KEM key in a certificate issued before PQC keys were allowed",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = NULL,
    .applies = any_profile, .check = check_pqc_before,
};

/* ---- RSA ------------------------------------------------------------ */

static bool rsa_profile(const cs_cert *c) { return any_profile(c) && c->spki.type == CS_KEY_RSA && c->spki.rsa_modulus.len; }

static cs_result check_rsa_small(const cs_cert *c, cs_detail *d)
{
    if (c->spki.key_bits < 2048)
        return cs_fail(d, "RSA modulus is %u bits", (unsigned)c->spki.key_bits);
    return CS_PASS;
}
CS_RULE(smime_rsa_modulus_too_small) = {
    SMIME_META(smime_rsa_modulus_too_small, ERROR, "SBR 6.1.5", SMIME_BR_START),
    .description = "RSA modulus shorter than 2048 bits",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = "e_mp_modulus_must_be_2048_bits_or_more", .pkilint = "cabf.rsa_modulus_invalid_length",
    .applies = rsa_profile, .check = check_rsa_small,
};

static cs_result check_rsa_mult8(const cs_cert *c, cs_detail *d)
{
    if (c->spki.key_bits % 8)
        return cs_fail(d, "RSA modulus is %u bits, not a multiple of 8", (unsigned)c->spki.key_bits);
    return CS_PASS;
}
CS_RULE(smime_rsa_modulus_not_multiple_of_8) = {
    SMIME_META(smime_rsa_modulus_not_multiple_of_8, ERROR, "SBR 6.1.5", SMIME_BR_START),
    .description = "RSA modulus bit length not divisible by 8",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = "e_mp_modulus_must_be_divisible_by_8", .pkilint = "cabf.rsa_modulus_invalid_length",
    .applies = rsa_profile, .check = check_rsa_mult8,
};

/* The exponent's magnitude without leading zero octets. */
static cs_span exponent_magnitude(const cs_cert *c)
{
    return cs_span_skip_zeros(c->spki.rsa_exponent);
}

static cs_result check_rsa_exponent(const cs_cert *c, cs_detail *d)
{
    cs_span raw = c->spki.rsa_exponent;
    if (raw.len == 0 || (raw.p[0] & 0x80))
        return cs_fail(d, "RSA public exponent is negative or empty");
    cs_span e = exponent_magnitude(c);
    if (e.len == 0 || (e.len == 1 && e.p[0] < 3))
        return cs_fail(d, "RSA public exponent is less than 3");
    if (!(e.p[e.len - 1] & 1))
        return cs_fail(d, "RSA public exponent is even");
    return CS_PASS;
}
CS_RULE(smime_rsa_exponent_invalid) = {
    SMIME_META(smime_rsa_exponent_invalid, ERROR, "SBR 6.1.6", SMIME_BR_START),
    .description = "RSA public exponent is even or less than 3",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = NULL, .pkilint = "cabf.rsa_exponent_prohibited_value",
    .applies = rsa_profile, .check = check_rsa_exponent,
};

static cs_result check_rsa_exponent_range(const cs_cert *c, cs_detail *d)
{
    cs_span e = exponent_magnitude(c);
    if (c->spki.rsa_exponent.len && (c->spki.rsa_exponent.p[0] & 0x80))
        return cs_fail(d, "RSA public exponent is negative");
    /* 2^16+1 = 01 00 01 ; 2^256-1 fits in 32 octets */
    bool small = e.len < 3 || (e.len == 3 && (e.p[0] == 0x01 && e.p[1] == 0x00 && e.p[2] == 0x00));
    if (small)
        return cs_fail(d, "RSA public exponent below 2^16+1");
    if (e.len > 32)
        return cs_fail(d, "RSA public exponent above 2^256-1");
    return CS_PASS;
}
CS_RULE(smime_rsa_exponent_out_of_range) = {
    SMIME_META(smime_rsa_exponent_out_of_range, WARNING, "SBR 6.1.6", SMIME_BR_START),
    .description = "RSA public exponent outside [2^16+1, 2^256-1]",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = NULL, .pkilint = "cabf.rsa_exponent_not_in_recommended_range",
    .applies = rsa_profile, .check = check_rsa_exponent_range,
};

static cs_result check_rsa_structure(const cs_cert *c, cs_detail *d)
{
    unsigned factor = 0;
    cs_rsa_modulus_fault f = cs_cert_rsa_structure(c, &factor);
    if (f == CS_RSA_MODULUS_OK)
        return CS_PASS;
    if (f == CS_RSA_MODULUS_UNDECIDED)
        return CS_NA;
    if (f == CS_RSA_MODULUS_SMALL_FACTOR)
        return cs_fail(d, "RSA modulus has the small factor %u", factor);
    return cs_fail(d, "RSA modulus is %s", cs_rsa_modulus_fault_text(f));
}
CS_RULE(smime_rsa_modulus_weak_structure) = {
    SMIME_META(smime_rsa_modulus_weak_structure, WARNING, "SBR 6.1.6", SMIME_BR_START),
    .description = "RSA modulus is even, has a prime factor below 752, or is a perfect square; "
                   "higher prime powers are not tested (needs a full modular exponentiation per key)",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = NULL, .pkilint = "cabf.rsa_modulus_has_small_prime_factor",
    .applies = rsa_profile, .check = check_rsa_structure,
};

/* SBR 6.1.1.3 (5): "a demonstrated or proven method to easily compute
 * the Applicant's Private Key based on the Public Key (such as a Debian
 * weak key)": ROCA and close primes are such methods too. */
static cs_result check_rsa_weak_known(const cs_cert *c, cs_detail *d)
{
    if (!cs_rsa_weak_checkable(c->spki.rsa_modulus))
        return CS_NA;
    if (cs_cert_rsa_known_weak(c, CS_RSA_ALL_WEAKNESSES, d->text, sizeof d->text))
        return CS_FAIL;
    return CS_PASS;
}
CS_RULE(smime_rsa_weak_key_known) = {
    SMIME_META(smime_rsa_weak_key_known, ERROR, "SBR 6.1.1.3 (5)", SMIME_BR_START),
    .description = "RSA key is a known-weak key: ROCA fingerprint, primes close enough for Fermat's method "
                   "within 100 rounds, or a Debian weak key (only with a blocklist in $CERTSWEEP_DEBIAN_WEAK_KEYS: "
                   "none ships); moduli above 16384 bits are not checked",
    .applies_to = "S/MIME subscriber certificates with RSA keys",
    .zlint = "e_rsa_fermat_factorization", .pkilint = NULL,
    .applies = rsa_profile, .check = check_rsa_weak_known,
};

/* ---- EC ------------------------------------------------------------- */

static bool ec_profile(const cs_cert *c) { return any_profile(c) && cs_ec_point_checkable(&c->spki); }

CS_RULE(smime_ec_point_invalid) = {
    SMIME_META(smime_ec_point_invalid, ERROR, "SBR 6.1.5, 6.1.6", SMIME_BR_START),
    .description = "EC public key is not a valid point (wrong length or form, the identity, or "
                   "not on the named curve); checked for P-256/P-384/P-521 keys",
    .applies_to = "S/MIME subscriber certificates with P-256/P-384/P-521 keys",
    .zlint = NULL, .pkilint = "cabf.ecdsa_key_validation_failed",
    .applies = ec_profile, .check = cs_ec_point_rule_check,
};

/* ---- EdDSA, ML-DSA, ML-KEM ------------------------------------------ */

static bool eddsa_profile(const cs_cert *c)
{
    return any_profile(c) && (c->spki.type == CS_KEY_ED25519 || c->spki.type == CS_KEY_ED448);
}

static cs_result check_eddsa_key(const cs_cert *c, cs_detail *d)
{
    size_t want = c->spki.type == CS_KEY_ED25519 ? 32 : 57;
    if (c->spki.key_unused_bits || c->spki.key.len != want)
        return cs_fail(d, "%s public key is %zu octets (expected %zu)", cs_oid_short_name(c->spki.alg.id),
                       c->spki.key.len, want);
    return CS_PASS;
}
CS_RULE(smime_eddsa_key_invalid) = {
    SMIME_META(smime_eddsa_key_invalid, ERROR, "SBR 6.1.5", SMIME_BR_START),
    .description = "Ed25519/Ed448 public key not 32/57 octets (point decoding is not checked: "
                   "OpenSSL exposes no EdDSA point validation)",
    .applies_to = "S/MIME subscriber certificates with Ed25519 or Ed448 keys",
    .zlint = NULL, .pkilint = NULL,
    .applies = eddsa_profile, .check = check_eddsa_key,
};

static bool mldsa_profile(const cs_cert *c) { return any_profile(c) && c->spki.type == CS_KEY_ML_DSA; }
static bool mlkem_profile(const cs_cert *c) { return any_profile(c) && c->spki.type == CS_KEY_ML_KEM; }

static cs_result check_pqc_length(const cs_cert *c, cs_detail *d, const cs_oid_id ids[3], const size_t lens[3])
{
    for (int i = 0; i < 3; i++)
        if (c->spki.alg.id == ids[i]) {
            if (c->spki.key_unused_bits || c->spki.key.len != lens[i])
                return cs_fail(d, "%s public key is %zu octets (expected %zu)", cs_oid_short_name(ids[i]),
                               c->spki.key.len, lens[i]);
            return CS_PASS;
        }
    return CS_NA;
}

static cs_result check_mldsa_length(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id ids[3] = { CS_OID_KEY_ML_DSA_44, CS_OID_KEY_ML_DSA_65, CS_OID_KEY_ML_DSA_87 };
    static const size_t lens[3] = { 1312, 1952, 2592 };
    return check_pqc_length(c, d, ids, lens);
}
CS_RULE(smime_mldsa_key_length) = {
    SMIME_META(smime_mldsa_key_length, ERROR, "SBR 6.1.5, 7.1.3.1.4 (SMC013)", SMIME_SMC013),
    .description = "ML-DSA public key not 1312 / 1952 / 2592 octets for ML-DSA-44 / -65 / -87",
    .applies_to = "S/MIME subscriber certificates with ML-DSA keys",
    .zlint = NULL, .pkilint = NULL,
    .applies = mldsa_profile, .check = check_mldsa_length,
};

static cs_result check_mlkem_length(const cs_cert *c, cs_detail *d)
{
    static const cs_oid_id ids[3] = { CS_OID_KEY_ML_KEM_512, CS_OID_KEY_ML_KEM_768, CS_OID_KEY_ML_KEM_1024 };
    static const size_t lens[3] = { 800, 1184, 1568 };
    return check_pqc_length(c, d, ids, lens);
}
CS_RULE(smime_mlkem_key_length) = {
    SMIME_META(smime_mlkem_key_length, ERROR, "SBR 6.1.5, 7.1.3.1.5 (SMC013)", SMIME_SMC013),
    .description = "ML-KEM encapsulation key not 800 / 1184 / 1568 octets for ML-KEM-512 / -768 / -1024",
    .applies_to = "S/MIME subscriber certificates with ML-KEM keys",
    .zlint = NULL, .pkilint = NULL,
    .applies = mlkem_profile, .check = check_mlkem_length,
};
