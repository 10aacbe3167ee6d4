/* RFC 5280 4.1.1.2 (signatureAlgorithm = tbsCertificate.signature) and the
 * RSA AlgorithmIdentifier parameters of RFC 3279 2.2.1/2.3.1 and RFC 4055 5. */
#include "rfc5280_common.h"

static bool not_tbs_only(const cs_cert *c) { return !c->tbs_only; }

static cs_result check_sigalg_mismatch(const cs_cert *c, cs_detail *d)
{
    if (!cs_span_eq(c->tbs_sig_alg.der, c->sig_alg.der))
        return cs_fail(d, "signatureAlgorithm differs from tbsCertificate.signature (%zu vs %zu octets)",
                       c->sig_alg.der.len, c->tbs_sig_alg.der.len);
    return CS_PASS;
}
CS_RULE(rfc5280_sigalg_mismatch) = {
    .id = "rfc5280_sigalg_mismatch", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.1.2", .effective = NULL,
    .description = "Certificate.signatureAlgorithm is not byte-for-byte identical to tbsCertificate.signature",
    .zlint = "e_cert_sig_alg_not_match_tbs_sig_alg", .pkilint = "pkix.certificate_signature_algorithm_mismatch",
    .applies_to = "complete certificates (not bare TBSCertificates)", .applies = not_tbs_only,
    .check = check_sigalg_mismatch,
};

static bool is_pkcs1_signature(cs_oid_id id)
{
    switch (id) {
    case CS_OID_SIG_MD2_RSA: case CS_OID_SIG_MD5_RSA: case CS_OID_SIG_SHA1_RSA:
    case CS_OID_SIG_SHA224_RSA: case CS_OID_SIG_SHA256_RSA: case CS_OID_SIG_SHA384_RSA:
    case CS_OID_SIG_SHA512_RSA:
        return true;
    default:
        return false;
    }
}

static const uint8_t der_null[] = { 0x05, 0x00 };

static cs_result check_rsa_params(const cs_cert *c, cs_detail *d)
{
    if (c->spki.alg.id == CS_OID_KEY_RSA && !cs_span_eq_bytes(c->spki.alg.params, der_null, 2))
        return cs_fail(d, "rsaEncryption key without NULL parameters");
    if (is_pkcs1_signature(c->tbs_sig_alg.id) && !cs_span_eq_bytes(c->tbs_sig_alg.params, der_null, 2))
        return cs_fail(d, "%s signature without NULL parameters", cs_oid_short_name(c->tbs_sig_alg.id));
    if (!c->tbs_only && is_pkcs1_signature(c->sig_alg.id) && !cs_span_eq_bytes(c->sig_alg.params, der_null, 2))
        return cs_fail(d, "%s signatureAlgorithm without NULL parameters", cs_oid_short_name(c->sig_alg.id));
    return CS_PASS;
}
CS_RULE(rfc5280_rsa_params_not_null) = {
    .id = "rfc5280_rsa_params_not_null", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 3279 2.2.1, 2.3.1; RFC 4055 5", .effective = NULL,
    .description = "rsaEncryption SPKI or an RSA PKCS#1 v1.5 signature AlgorithmIdentifier lacks the explicit NULL parameters",
    .zlint = "e_spki_rsa_encryption_parameter_not_null,e_tbs_signature_rsa_encryption_parameter_not_null", .pkilint = NULL,
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_rsa_params,
};
