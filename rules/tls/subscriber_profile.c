/* BR 7.1.1 (version), 7.1.2.11.1 (authorityKeyIdentifier of the 2023
 * profiles), the BR 1.0 key types (Appendix A, until BR 1.7.1 made
 * 7.1.3.1 the exact list: tls_spki_encoding) and the history of
 * underscores in dNSNames (BR 1.x 7.1.4.2.1 with RFC 5280's preferred
 * name syntax, then ballot SC-12's sunset window). */
#include <string.h>

#include "tls_common.h"

#define SHOW(v) (int)((v).len > 64 ? 64 : (v).len), (const char *)(v).p

static cs_result check_version(const cs_cert *c, cs_detail *d)
{
    if (c->version != 3)
        return cs_fail(d, "version v%d", c->version);
    return CS_PASS;
}
CS_RULE(tls_version_not_v3) = {
    .id = "tls_version_not_v3", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.1, 7.1.2.7", .effective = TLS_BR_START,
    .description = "The certificate is not X.509 v3",
    .zlint = "e_invalid_certificate_version",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_version,
};

static cs_result check_aki(const cs_cert *c, cs_detail *d)
{
    if (!c->aki.present)
        return cs_fail(d, "authorityKeyIdentifier absent");
    if (c->aki.ext && c->aki.ext->critical)
        return cs_fail(d, "authorityKeyIdentifier marked critical");
    if (!c->aki.has_key_id)
        return cs_fail(d, "authorityKeyIdentifier without keyIdentifier");
    if (c->aki.has_issuer || c->aki.has_serial)
        return cs_fail(d, "authorityKeyIdentifier holds authorityCertIssuer or authorityCertSerialNumber");
    return CS_PASS;
}
CS_RULE(tls_aki_invalid) = {
    .id = "tls_aki_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.6, 7.1.2.11.1", .effective = TLS_BR_V2_PROFILE,
    .description = "authorityKeyIdentifier absent, critical, without keyIdentifier, or with authorityCertIssuer / authorityCertSerialNumber",
    .pkilint = "cabf.authority_key_identifier_has_issuer_cert,cabf.serverauth.subscriber.critical_authority_key_identifier_extension,"
               "cabf.serverauth.subscriber.authority_key_identifier_extension_absent,pkix.authority_key_identifier_keyid_missing",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = check_aki,
};

static cs_result check_key_type(const cs_cert *c, cs_detail *d)
{
    cs_key_type t = c->spki.type;
    if (t == CS_KEY_RSA || t == CS_KEY_DSA || t == CS_KEY_EC)
        return CS_PASS;
    char oid[64];
    return cs_fail(d, "public key algorithm %s is not RSA, DSA or ECDSA",
                   c->spki.alg.id ? cs_oid_short_name(c->spki.alg.id) : cs_oid_to_text(c->spki.alg.oid, oid, sizeof oid));
}
CS_RULE(tls_br1_key_type) = {
    .id = "tls_br1_key_type", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.0 Appendix A, BR 1.3 6.1.5", .effective = TLS_BR_START, .ineffective = "2020-08-20",
    .description = "The subject public key is not RSA, DSA or ECDSA (from 2020-08-20 tls_spki_encoding decides)",
    .zlint = "e_public_key_type_not_allowed",
    .applies_to = "TLS subscriber and TLS CA certificates", .applies = tls_in_scope, .check = check_key_type,
};

static const cs_general_name *dnsname_with_underscore(const cs_cert *c)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_DNS && memchr(g->value.p, '_', g->value.len))
            return g;
    }
    return NULL;
}

static cs_result check_underscore_br1(const cs_cert *c, cs_detail *d)
{
    const cs_general_name *g = dnsname_with_underscore(c);
    return g ? cs_fail(d, "dNSName '%.*s' contains an underscore", SHOW(g->value)) : CS_PASS;
}
CS_RULE(tls_br1_dnsname_underscore) = {
    .id = "tls_br1_dnsname_underscore", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.x 7.1.4.2.1 (RFC 5280 4.2.1.6 preferred name syntax), as ballot SC-12 restated", .effective = TLS_BR_START,
    .ineffective = "2018-12-10",
    .description = "A dNSName contains an underscore in a certificate issued before ballot SC-12's window (2018-12-10)",
    .zlint = "e_no_underscores_before_1_6_2",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san, .check = check_underscore_br1,
};

/* SC-12: underscores allowed where replacing them by hyphens gives a
 * valid label (tls_dnsname_bad_syntax sees the rest), not in the leftmost
 * label, and only in certificates valid for at most 30 days. */
static cs_result check_underscore_sc12(const cs_cert *c, cs_detail *d)
{
    const cs_general_name *g = dnsname_with_underscore(c);
    if (!g)
        return CS_PASS;
    if (!c->not_before.valid || !c->not_after.valid)
        return CS_NA;
    if (c->not_after.t - c->not_before.t > INT64_C(30) * 86400)
        return cs_fail(d, "dNSName '%.*s' contains an underscore and the validity exceeds 30 days", SHOW(g->value));
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *n = &c->san.names.items[i];
        const uint8_t *dot = n->type == CS_GN_DNS ? memchr(n->value.p, '.', n->value.len) : NULL;
        size_t first = dot ? (size_t)(dot - n->value.p) : n->value.len;
        if (n->type == CS_GN_DNS && memchr(n->value.p, '_', first))
            return cs_fail(d, "dNSName '%.*s' has an underscore in its leftmost label", SHOW(n->value));
    }
    return CS_PASS;
}
CS_RULE(tls_sc12_dnsname_underscore) = {
    .id = "tls_sc12_dnsname_underscore", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.6.2 7.1.4.2.1 (ballot SC-12)", .effective = "2018-12-10", .ineffective = "2019-04-01",
    .description = "A dNSName contains an underscore in a certificate valid for more than 30 days, or in its leftmost label, issued from 2018-12-10 to 2019-03-31",
    .zlint = "e_underscore_present_with_too_long_validity",
    .applies_to = "TLS subscriber certificates with subjectAltName", .applies = tls_subscriber_with_san, .check = check_underscore_sc12,
};
