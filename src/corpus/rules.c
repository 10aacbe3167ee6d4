/* The rules behind the corpus findings (corpus/findings.h): one per kind
 * and family, chosen by the scope of the certificates involved.  They are
 * not in the per-certificate registry: they have no check of their own,
 * the collectors are the check. */
#include "corpus/findings.h"

/* The requirement is the same in both families: one text each. */
#define SERIAL_DUPLICATE_DESC                                                                                   \
    "the same issuer used one serial number for two different certificates (a precertificate and its final " \
    "certificate are one issuance)"
#define KEY_REUSE_DESC                                                                                           \
    "one public key certified for unrelated subjects (no common organization, registrable domain, mailbox or " \
    "subject name): a shared or compromised private key"
#define CA_KEY_DESC "a subscriber certificate certifies the key of a CA certificate"
#define SEQUENTIAL_DESC                                                                                          \
    "an issuer's serial numbers are sequential (several steps below 2^16) or hold fewer than 64 varying bits " \
    "(non-sequential, at least 64 bits of CSPRNG output)"
#define SHARED_PRIME_DESC                                                                                        \
    "the RSA modulus shares a prime factor with another modulus in the corpus: both private keys are known to " \
    "anyone (batch GCD)"

static const cs_rule smime_serial_duplicate = {
    .id = "smime_serial_duplicate", .severity = CS_SEV_ERROR, .source = CS_SOURCE_SMIME,
    .citation = "SBR 7.1; RFC 5280 4.1.2.2", .effective = "2023-09-01",
    .description = SERIAL_DUPLICATE_DESC,
    .applies_to = "S/MIME certificates of one issuer in the corpus",
};
static const cs_rule tls_serial_duplicate = {
    .id = "tls_serial_duplicate", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1; RFC 5280 4.1.2.2",
    .description = SERIAL_DUPLICATE_DESC,
    .applies_to = "TLS certificates and precertificates of one issuer in the corpus",
};
static const cs_rule rfc5280_serial_duplicate = {
    .id = "rfc5280_serial_duplicate", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.2",
    .description = "the same issuer used one serial number for two different certificates",
    .applies_to = "certificates of one issuer in the corpus",
};
static const cs_rule tls_precert_tbs_mismatch = {
    .id = "tls_precert_tbs_mismatch", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "RFC 6962 3.1; BR 7.1.2.9",
    .description = "the final certificate's TBSCertificate differs from its precertificate's in more than the "
                   "poison extension and the SCT list (issuer name and AKI as changed by a Precertificate "
                   "Signing CA aside): the certificate is not what was logged",
    .applies_to = "a precertificate and a final certificate of one issuer and serial in the corpus",
};
static const cs_rule smime_spki_duplicate_across_subjects = {
    .id = "smime_spki_duplicate_across_subjects", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_SMIME,
    .citation = "SBR 6.1.1.3(3)", .effective = "2023-09-01",
    .description = KEY_REUSE_DESC,
    .applies_to = "certificates with the same key in the corpus, one of them in S/MIME scope",
};
static const cs_rule tls_spki_duplicate_across_subjects = {
    .id = "tls_spki_duplicate_across_subjects", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_TLS,
    .citation = "BR 6.1.1.3(3)",
    .description = KEY_REUSE_DESC,
    .applies_to = "certificates with the same key in the corpus",
};
static const cs_rule smime_spki_equals_ca_key = {
    .id = "smime_spki_equals_ca_key", .severity = CS_SEV_WARNING, .source = CS_SOURCE_SMIME,
    .citation = "SBR 6.1.1.3(3), 6.1.7", .effective = "2023-09-01",
    .description = CA_KEY_DESC,
    .applies_to = "certificates with the same key in the corpus, one of them in S/MIME scope",
};
static const cs_rule tls_spki_equals_ca_key = {
    .id = "tls_spki_equals_ca_key", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 6.1.1.3(3), 6.1.7",
    .description = CA_KEY_DESC,
    .applies_to = "certificates with the same key in the corpus",
};
static const cs_rule smime_serial_sequential = {
    .id = "smime_serial_sequential", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_SMIME,
    .citation = "SBR 7.1", .effective = "2023-09-01",
    .description = SEQUENTIAL_DESC,
    .applies_to = "issuers in the corpus with S/MIME certificates (entropy: at least 16 distinct serials)",
};
static const cs_rule tls_serial_sequential = {
    .id = "tls_serial_sequential", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1",
    .description = SEQUENTIAL_DESC,
    .applies_to = "issuers in the corpus (entropy: at least 16 distinct serials)",
};
static const cs_rule smime_rsa_shared_prime = {
    .id = "smime_rsa_shared_prime", .severity = CS_SEV_ERROR, .source = CS_SOURCE_SMIME,
    .citation = "SBR 6.1.1.3(5)", .effective = "2023-09-01",
    .description = SHARED_PRIME_DESC,
    .applies_to = "RSA keys up to 4096 bits in the corpus, one of them in S/MIME scope",
};
static const cs_rule tls_rsa_shared_prime = {
    .id = "tls_rsa_shared_prime", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.1.1.3(3)",
    .description = SHARED_PRIME_DESC,
    .applies_to = "RSA keys up to 4096 bits in the corpus",
};

/* [kind][source]: S/MIME, TLS, RFC 5280 (TLS where RFC 5280 has no rule). */
static const cs_rule *const table[CS_CORPUS_KIND_COUNT][CS_SOURCE_COUNT] = {
    [CS_CORPUS_SERIAL_DUPLICATE] = { &smime_serial_duplicate, &tls_serial_duplicate, &rfc5280_serial_duplicate },
    [CS_CORPUS_PRECERT_MISMATCH] = { &tls_precert_tbs_mismatch, &tls_precert_tbs_mismatch,
                                     &tls_precert_tbs_mismatch },
    [CS_CORPUS_KEY_REUSE] = { &smime_spki_duplicate_across_subjects, &tls_spki_duplicate_across_subjects,
                              &tls_spki_duplicate_across_subjects },
    [CS_CORPUS_CA_KEY_REUSE] = { &smime_spki_equals_ca_key, &tls_spki_equals_ca_key, &tls_spki_equals_ca_key },
    [CS_CORPUS_SERIAL_SEQUENTIAL] = { &smime_serial_sequential, &tls_serial_sequential, &tls_serial_sequential },
    [CS_CORPUS_SERIAL_LOW_ENTROPY] = { &smime_serial_sequential, &tls_serial_sequential, &tls_serial_sequential },
    [CS_CORPUS_SHARED_PRIME] = { &smime_rsa_shared_prime, &tls_rsa_shared_prime, &tls_rsa_shared_prime },
};

const cs_rule *cs_corpus_rule(cs_corpus_kind k, cs_source source)
{
    if ((unsigned)k >= CS_CORPUS_KIND_COUNT || (unsigned)source >= CS_SOURCE_COUNT)
        return NULL;
    return table[k][source];
}

const char *cs_corpus_kind_name(cs_corpus_kind k)
{
    static const char *const names[CS_CORPUS_KIND_COUNT] = {
        "serial_duplicate", "precert_mismatch", "key_reuse", "ca_key_reuse",
        "serial_sequential", "serial_low_entropy", "shared_prime",
    };
    return (unsigned)k < CS_CORPUS_KIND_COUNT ? names[k] : "?";
}
