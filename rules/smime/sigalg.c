/* S/MIME BR signature AlgorithmIdentifiers (SBR 7.1.3.2): byte-for-byte
 * allow-list, with the ML-DSA encodings effective from SMC013. */
#include "smime_common.h"

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

typedef struct sigalg_entry {
    const char *name;
    int64_t since;
    uint8_t len;
    uint8_t der[67];
} sigalg_entry;

#define PSS(h, salt)                                                                              \
    { 0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34,  \
      0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, h, 0x05, \
      0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,   \
      0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, h, 0x05, 0x00, \
      0xa2, 0x03, 0x02, 0x01, salt }
#define RSA_PKCS1(last) { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, last, 0x05, 0x00 }
#define ECDSA(last) { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, last }
#define MLDSA(last) { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, last }

static const sigalg_entry sig_allowed[] = {
    { "sha256WithRSAEncryption", SMIME_BR_START_T, 15, RSA_PKCS1(0x0b) },
    { "sha384WithRSAEncryption", SMIME_BR_START_T, 15, RSA_PKCS1(0x0c) },
    { "sha512WithRSAEncryption", SMIME_BR_START_T, 15, RSA_PKCS1(0x0d) },
    { "RSASSA-PSS-SHA256", SMIME_BR_START_T, 67, PSS(0x01, 0x20) },
    { "RSASSA-PSS-SHA384", SMIME_BR_START_T, 67, PSS(0x02, 0x30) },
    { "RSASSA-PSS-SHA512", SMIME_BR_START_T, 67, PSS(0x03, 0x40) },
    { "ecdsa-with-SHA256", SMIME_BR_START_T, 12, ECDSA(0x02) },
    { "ecdsa-with-SHA384", SMIME_BR_START_T, 12, ECDSA(0x03) },
    { "ecdsa-with-SHA512", SMIME_BR_START_T, 12, ECDSA(0x04) },
    { "Ed25519", SMIME_BR_START_T, 7, { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 } },
    { "Ed448", SMIME_BR_START_T, 7, { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71 } },
    { "ML-DSA-44", SMIME_SMC013_T, 13, MLDSA(0x11) },
    { "ML-DSA-65", SMIME_SMC013_T, 13, MLDSA(0x12) },
    { "ML-DSA-87", SMIME_SMC013_T, 13, MLDSA(0x13) },
};

/* NULL when allowed, else a reason. */
static const char *sigalg_problem(const cs_cert *c, const cs_algid *a)
{
    for (size_t i = 0; i < sizeof sig_allowed / sizeof sig_allowed[0]; i++) {
        const sigalg_entry *e = &sig_allowed[i];
        if (cs_span_eq_bytes(a->der, e->der, e->len))
            return c->rules_time_valid && c->rules_time < e->since ? "allowed only from 2025-08-22" : NULL;
    }
    return "not an allowed encoding";
}

static cs_result check_sigalg(const cs_cert *c, cs_detail *d)
{
    const char *why = sigalg_problem(c, &c->tbs_sig_alg);
    const cs_algid *bad = &c->tbs_sig_alg;
    if (!why && !c->tbs_only) {
        why = sigalg_problem(c, &c->sig_alg);
        bad = &c->sig_alg;
    }
    if (why) {
        const char *name = cs_oid_short_name(bad->id);
        return cs_fail(d, "%s signature AlgorithmIdentifier (%s) %s", bad == &c->sig_alg ? "outer" : "tbs",
                       *name ? name : "unknown OID", why);
    }
    return CS_PASS;
}
CS_RULE(smime_sigalg_not_allowed) = {
    SMIME_META(smime_sigalg_not_allowed, ERROR, "SBR 7.1.3.2", SMIME_BR_START),
    .description = "tbsCertificate.signature or signatureAlgorithm is not byte-identical to an "
                   "allowed encoding (RSA PKCS#1 SHA-2 with NULL, the three PSS encodings, ECDSA "
                   "SHA-2 without parameters, EdDSA; ML-DSA from 2025-08-22)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_signature_algorithm_encoding",
    .applies = any_profile, .check = check_sigalg,
};

static bool full_cert_profile(const cs_cert *c) { return any_profile(c) && !c->tbs_only; }

static cs_result check_outer_inner(const cs_cert *c, cs_detail *d)
{
    if (!cs_span_eq(c->tbs_sig_alg.der, c->sig_alg.der))
        return cs_fail(d, "signatureAlgorithm differs from tbsCertificate.signature");
    return CS_PASS;
}
CS_RULE(smime_sigalg_outer_inner_mismatch) = {
    SMIME_META(smime_sigalg_outer_inner_mismatch, ERROR, "RFC 5280 4.1.1.2, SBR 7.1.2.4", SMIME_BR_START),
    .description = "signatureAlgorithm not byte-identical to tbsCertificate.signature",
    .applies_to = "S/MIME subscriber certificates (all profiles; not bare TBS)",
    .zlint = "e_cert_sig_alg_not_match_tbs_sig_alg", .pkilint = "pkix.certificate_signature_algorithm_mismatch",
    .applies = full_cert_profile, .check = check_outer_inner,
};
