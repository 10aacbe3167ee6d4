/* BR 6.1.5, 6.1.6 (key sizes and parameters) and 7.1.3 (the exact
 * AlgorithmIdentifier encodings allowed for keys and signatures). */
#include "lint/ec_point.h"
#include "tls_common.h"

typedef struct tls_algid {
    const uint8_t *der;
    size_t len;
    const char *name;
} tls_algid;

#define ALG(name, ...) { (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }), name }

/* BR 7.1.3.1 */
static const tls_algid spki_allowed[] = {
    ALG("RSA", 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00),
    ALG("P-256", 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
        0x3d, 0x03, 0x01, 0x07),
    ALG("P-384", 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22),
    ALG("P-521", 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23),
};

#define PSS(h, salt)                                                                                              \
    ALG("RSASSA-PSS", 0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34, 0xa0, \
        0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, h, 0x05, 0x00, 0xa1, 0x1c,     \
        0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60,  \
        0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, h, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, salt)

/* BR 7.1.3.2.1, 7.1.3.2.2 */
static const tls_algid sig_allowed[] = {
    ALG("sha256WithRSAEncryption", 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00),
    ALG("sha384WithRSAEncryption", 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c, 0x05, 0x00),
    ALG("sha512WithRSAEncryption", 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d, 0x05, 0x00),
    PSS(0x01, 0x20),
    PSS(0x02, 0x30),
    PSS(0x03, 0x40),
    ALG("ecdsa-with-SHA256", 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02),
    ALG("ecdsa-with-SHA384", 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03),
    ALG("ecdsa-with-SHA512", 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04),
};

/* BR 7.1.3.2.1: SHA-1, in exactly this encoding, stays allowed until
 * 2026-09-15 for some CA certificates, never for subscribers or
 * precertificates. */
static const uint8_t sha1_rsa[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05, 0x05, 0x00 };
#define SHA1_SUNSET INT64_C(1789430400) /* 2026-09-15 */

static const tls_algid *find(const tls_algid *list, size_t n, cs_span der)
{
    for (size_t i = 0; i < n; i++)
        if (cs_span_eq_bytes(der, list[i].der, list[i].len))
            return &list[i];
    return NULL;
}

static cs_result check_spki(const cs_cert *c, cs_detail *d)
{
    if (find(spki_allowed, sizeof spki_allowed / sizeof spki_allowed[0], c->spki.alg.der))
        return CS_PASS;
    return cs_fail(d, "SPKI AlgorithmIdentifier (%s, %zu octets) is not one of the RSA/P-256/P-384/P-521 encodings",
                   c->spki.alg.id ? cs_oid_short_name(c->spki.alg.id) : "unknown", c->spki.alg.der.len);
}
CS_RULE(tls_spki_encoding) = {
    .id = "tls_spki_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.3.1, 6.1.5", .effective = "2020-08-20",
    .description = "subjectPublicKeyInfo AlgorithmIdentifier is not byte-for-byte one of the RSA, P-256, P-384, P-521 encodings",
    .zlint = "e_algorithm_identifier_improper_encoding,e_mp_ecdsa_pub_key_encoding_correct,e_mp_rsassa-pss_in_spki", .pkilint = "cabf.serverauth.prohibited_subject_public_key_algorithm_encoding",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_spki,
};

/* The conditions of BR 7.1.3.2.1 under which the CA MAY still sign with
 * SHA-1: the certificate is a Root CA or cross-certified Subordinate CA
 * certificate re-issuing an existing one (same issuer, SHA-1, a serial of
 * at least 64 bits) with at most a new key, a new serial of the same
 * length, a non-serverAuth EKU or a zero pathLen.  What the certificate
 * alone decides: a CA certificate, not a precertificate, a serial of at
 * least 8 magnitude octets (it has the length of the existing one), and
 * issued (rules time) before the sunset.  Whether a Subordinate CA
 * certificate is a cross-certificate, and the existing certificate it
 * re-issues, need certificates a lint does not have: assumed.  Returns
 * NULL when tolerated, else why not. */
static const char *sha1_refused(const cs_cert *c)
{
    if (!c->is_ca || c->is_precert)
        return "SHA-1 is tolerated only for CA certificates";
    if (!c->rules_time_valid || c->rules_time >= SHA1_SUNSET)
        return "SHA-1 is not allowed from 2026-09-15";
    if (c->serial_magnitude_len < 8)
        return "SHA-1 is tolerated only for a serialNumber of at least 64 bits";
    return NULL;
}

static cs_result check_one_sigalg(const cs_cert *c, const cs_algid *a, const char *field, cs_detail *d)
{
    if (find(sig_allowed, sizeof sig_allowed / sizeof sig_allowed[0], a->der))
        return CS_PASS;
    if (cs_span_eq_bytes(a->der, sha1_rsa, sizeof sha1_rsa)) {
        const char *why = sha1_refused(c);
        return why ? cs_fail(d, "%s is sha1WithRSAEncryption: %s", field, why) : CS_PASS;
    }
    return cs_fail(d, "%s (%s, %zu octets) is not an allowed encoding", field,
                   a->id ? cs_oid_short_name(a->id) : "unknown", a->der.len);
}

static cs_result check_sigalg(const cs_cert *c, cs_detail *d)
{
    cs_result r = check_one_sigalg(c, &c->tbs_sig_alg, "signature AlgorithmIdentifier", d);
    if (r != CS_PASS || c->tbs_only)
        return r;
    return check_one_sigalg(c, &c->sig_alg, "signatureAlgorithm", d);
}
CS_RULE(tls_sigalg_encoding) = {
    .id = "tls_sigalg_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.3.2", .effective = "2020-08-20",
    .description = "Signature AlgorithmIdentifier not byte-for-byte an allowed RSA PKCS#1/PSS or ECDSA encoding (SHA-1 only before 2026-09-15, for CA certificates with a serial of 64 bits or more; cross-certificate and re-issuance conditions not checked)",
    .zlint = "e_mp_ecdsa_signature_encoding_correct,e_mp_rsassa-pss_parameters_encoding_in_signature_algorithm_correct,e_sub_cert_or_sub_ca_using_sha1,e_signature_algorithm_not_supported", .pkilint = "cabf.serverauth.prohibited_signature_algorithm_encoding",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_sigalg,
};

static bool rsa_key(const cs_cert *c) { return tls_in_scope(c) && c->spki.type == CS_KEY_RSA; }

/* BR 1.0 Appendix A let 1024-bit subscriber keys expire through 2013
 * (so only while the rules in force were those of 2013 or earlier); a
 * Root CA needed 2048 bits throughout, a Subordinate CA whose validity
 * began after 2010 too. */
#define RSA1024_END INT64_C(1388534400) /* 2014-01-01 */

static bool rsa1024_tolerated(const cs_cert *c)
{
    return !c->is_ca && c->not_after.valid && c->not_after.t < RSA1024_END && (!c->rules_time_valid || c->rules_time < RSA1024_END);
}

static cs_result check_rsa(const cs_cert *c, cs_detail *d)
{
    if (c->spki.key_bits < 2048 && !rsa1024_tolerated(c))
        return cs_fail(d, "RSA modulus is %u bits (minimum 2048)", (unsigned)c->spki.key_bits);
    if (c->spki.key_bits % 8)
        return cs_fail(d, "RSA modulus size %u is not a multiple of 8", (unsigned)c->spki.key_bits);
    cs_span e = c->spki.rsa_exponent;
    e = cs_span_skip_zeros(e);
    if (e.len == 0 || (e.len == 1 && e.p[0] < 3))
        return cs_fail(d, "RSA public exponent is below 3");
    if (!(e.p[e.len - 1] & 1))
        return cs_fail(d, "RSA public exponent is even");
    return CS_PASS;
}
CS_RULE(tls_rsa_weak) = {
    .id = "tls_rsa_weak", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.1.5, 6.1.6", .effective = TLS_BR_START,
    .description = "RSA modulus under 2048 bits (for a subscriber expiring before 2014: 1024) or not a multiple of 8 bits, or public exponent even or below 3",
    .zlint = "e_rsa_mod_less_than_2048_bits,e_old_root_ca_rsa_mod_less_than_2048_bits,e_old_sub_ca_rsa_mod_less_than_1024_bits,e_mp_modulus_must_be_divisible_by_8,e_rsa_public_exponent_not_odd,e_rsa_public_exponent_too_small", .pkilint = "cabf.rsa_modulus_invalid_length,cabf.rsa_exponent_prohibited_value",
    .applies_to = "TLS subscriber and TLS CA certificates with an RSA key", .applies = rsa_key, .check = check_rsa,
};

static bool ec_key(const cs_cert *c) { return tls_in_scope(c) && c->spki.type == CS_KEY_EC; }

static cs_result check_curve(const cs_cert *c, cs_detail *d)
{
    if (c->spki.ec_explicit_params)
        return cs_fail(d, "EC key with explicit curve parameters");
    if (c->spki.curve != CS_OID_CURVE_P256 && c->spki.curve != CS_OID_CURVE_P384 && c->spki.curve != CS_OID_CURVE_P521)
        return cs_fail(d, "EC key on %s, not P-256/P-384/P-521",
                       c->spki.curve ? cs_oid_short_name(c->spki.curve) : "an unknown curve");
    return CS_PASS;
}
CS_RULE(tls_ec_curve) = {
    .id = "tls_ec_curve", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.1.5, 7.1.3.1.2", .effective = TLS_BR_START,
    .description = "EC key on a curve other than P-256, P-384 or P-521 (or with explicit parameters)",
    .zlint = "e_ec_improper_curves", .pkilint = NULL,
    .applies_to = "TLS subscriber and TLS CA certificates with an EC key", .applies = ec_key, .check = check_curve,
};

/* ---- DSA, while the BR allowed it (BR 1.0 Appendix A .. BR 1.7.0) ------- */

static bool dsa_key(const cs_cert *c) { return tls_in_scope(c) && c->spki.type == CS_KEY_DSA; }

static unsigned magnitude_bits(cs_span v)
{
    v = cs_span_skip_zeros(v);
    if (!v.len)
        return 0;
    unsigned bits = (unsigned)(v.len - 1) * 8;
    for (uint8_t top = v.p[0]; top; top >>= 1)
        bits++;
    return bits;
}

/* Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER } (RFC 3279
 * 2.3.2), read in place from the AlgorithmIdentifier parameters: only DSA
 * keys, which almost no certificate has, come here. */
static cs_result check_dsa(const cs_cert *c, cs_detail *d)
{
    const cs_algid *a = &c->spki.alg;
    if (!a->has_params || a->params.len == 0)
        return cs_fail(d, "DSA key without domain parameters (BR 6.1.6: they MUST be included)");
    cs_der_reader r, in;
    cs_der_tlv seq, p, q, g;
    cs_der_reader_init(&r, a->params.p, a->params.p, a->params.len, NULL);
    if (cs_der_expect(&r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK)
        return cs_fail(d, "DSA domain parameters are not a Dss-Parms SEQUENCE");
    cs_der_reader_enter(&in, &r, &seq);
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER, &p) != CS_DER_OK ||
        cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER, &q) != CS_DER_OK ||
        cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER, &g) != CS_DER_OK)
        return cs_fail(d, "DSA domain parameters lack p, q or g");
    unsigned l = magnitude_bits(p.value), n = magnitude_bits(q.value);
    if ((l == 2048 && (n == 224 || n == 256)) || (l == 3072 && n == 256))
        return CS_PASS;
    return cs_fail(d, "DSA L=%u, N=%u (allowed: L=2048 with N=224 or 256, L=3072 with N=256)", l, n);
}
/* BR 1.0 Appendix A (L=2048, N=224 or 256 for validity beyond 2010), BR
 * 1.3 6.1.5 (also L=3072, N=256), BR 1.x 6.1.6 (domain parameters MUST be
 * in the certificate); BR 1.7.1 (SC-31, 2020-08-20) removed DSA, which
 * tls_spki_encoding reports from then on. */
CS_RULE(tls_br1_dsa_params) = {
    .id = "tls_br1_dsa_params", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 Appendix A; BR 1.3-1.7.0 6.1.5, 6.1.6", .effective = TLS_BR_START, .ineffective = "2020-08-20",
    .description = "DSA key without domain parameters, or whose sizes are not L=2048/N=224, L=2048/N=256 or L=3072/N=256",
    .zlint = "e_dsa_params_missing,e_dsa_improper_modulus_or_divisor_size,e_dsa_shorter_than_2048_bits", .pkilint = NULL,
    .applies_to = "TLS subscriber and TLS CA certificates with a DSA key", .applies = dsa_key, .check = check_dsa,
};

/* ---- EC point ------------------------------------------------------------ */

static bool ec_checkable(const cs_cert *c) { return tls_in_scope(c) && cs_ec_point_checkable(&c->spki); }

/* 6.1.5 "Ensure that the key represents a valid point on the NIST P-256,
 * NIST P-384 or NIST P-521 elliptic curve"; BR 1.0 Appendix A already
 * allowed only keys on those curves, which a point off the curve is not. */
CS_RULE(tls_ec_point_invalid) = {
    .id = "tls_ec_point_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.1.5 (BR 1.0 Appendix A)", .effective = TLS_BR_START,
    .description = "EC public key is not a valid point of its curve (wrong length or form, the identity, or not on "
                   "P-256/P-384/P-521)",
    .zlint = NULL, .pkilint = "cabf.ecdsa_key_validation_failed",
    .applies_to = "TLS subscriber and TLS CA certificates with a P-256/P-384/P-521 key", .applies = ec_checkable,
    .check = cs_ec_point_rule_check,
};
