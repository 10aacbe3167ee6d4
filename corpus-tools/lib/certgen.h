/* certgen: build X.509 certificates from a profile plus edits.
 *
 * The one way this project makes test certificates (rule tests, corpus
 * generator, demo).  A builder starts from a preset profile whose default
 * certificate is compliant with that profile (no error- or warning-level
 * finding from any rule of its family), and each test edits exactly the
 * thing its rule checks.  Everything is deterministic: keys come from a
 * fixed pool derived from a seed, serials and times are fixed unless set,
 * so the same calls give the same bytes.
 *
 * Built on OpenSSL; raw extension values and post-signing byte edits
 * allow encodings OpenSSL would not produce itself. */
#ifndef CERTGEN_H
#define CERTGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cg_cert cg_cert;

/* Preset profiles.
 *   "smime-{mailbox,organization,sponsored,individual}-{legacy,multipurpose,strict}"
 *       S/MIME subscriber, reserved policy OID 2.23.140.1.5.x.y, emailProtection,
 *       rfc822Name SAN, RSA-2048, notBefore 2025-09-01 (Legacy: 2025-03-01, before
 *       the Legacy sunset), 365 days, signed sha256WithRSAEncryption by the
 *       "rsa2048" test CA.
 *   "smime-ca"          S/MIME issuing CA (emailProtection EKU, cA=TRUE).
 *   "tls-{dv,ov,iv,ev}" TLS subscriber, serverAuth, DNS SAN, ECDSA P-256, 90 days,
 *       ecdsa-with-SHA256 (deterministic nonce) by the "p256" test CA.
 *   "tls-ca"            TLS issuing CA.
 *   "tls-root", "tls-cross-ca", "tls-non-tls-ca", "tls-precert-ca", "tls-tc-ca",
 *   "tls-ocsp"          the other TLS BR 7.1.2 profiles: root (self-signed), cross-
 *       certified and technically constrained TLS subordinates (issued by the root),
 *       non-TLS subordinate, precertificate signing CA and OCSP responder (issued by
 *       the "p256" test CA); notBefore 2025-09-01.
 *   "root"              self-signed root CA.
 *   "plain"             v3 end-entity with only the mandatory fields.
 * Returns NULL for an unknown profile. */
cg_cert *cg_new(const char *profile);
void cg_free(cg_cert *c);

/* Fields.  Times are "YYYY-MM-DDTHH:MM:SSZ" (UTCTime when 1950..2049,
 * GeneralizedTime otherwise, unless cg_set_time_encoding says otherwise). */
void cg_set_version(cg_cert *c, int version);                 /* 1, 2 or 3 */
void cg_set_serial_hex(cg_cert *c, const char *hex);          /* INTEGER content octets, as given */
void cg_set_not_before(cg_cert *c, const char *time);
void cg_set_not_after(cg_cert *c, const char *time);
void cg_set_validity_seconds(cg_cert *c, int64_t seconds);    /* notAfter = notBefore + seconds - 1 */
void cg_set_time_encoding(cg_cert *c, bool not_after, int asn1_tag); /* force UTCTime (23) / GeneralizedTime (24) */

/* Keys from the deterministic pool (fixed test keys committed in
 * corpus-tools/lib/keypool_data.c; "<name>:<i>" picks the i-th key of a
 * type, e.g. "p256:3"): "rsa1024", "rsa2048", "rsa3072",
 * "rsa4096", "p256", "p384", "p521", "secp256k1", "ed25519", "ed448",
 * "x25519", "ml-dsa-44", "ml-dsa-65", "ml-dsa-87", "ml-kem-512",
 * "ml-kem-768", "ml-kem-1024" (the PQC ones only where the OpenSSL in use
 * supports them, else a raw SPKI of the right size is written).
 * Returns false for an unknown name. */
bool cg_set_key(cg_cert *c, const char *key);
/* Raw SubjectPublicKeyInfo DER, replacing the key (for malformed keys). */
void cg_set_spki_der(cg_cert *c, const uint8_t *der, size_t len);

/* Signature algorithm: "sha256", "sha384", "sha512", "sha1", "md5",
 * "pss-sha256", "pss-sha384", "pss-sha512", "ecdsa-sha256", ...  The issuer
 * key type decides RSA/ECDSA/EdDSA; returns false when impossible. */
bool cg_set_signature(cg_cert *c, const char *alg);
/* Issuer key ("rsa2048", "p256", "p384", "ed25519", ...): the test CA
 * that signs this certificate.  Its name and AKI follow. */
bool cg_set_issuer_key(cg_cert *c, const char *key);

/* Names.  attr is a short name ("CN", "O", "emailAddress", ...) or a
 * dotted OID; tag is the ASN.1 string tag (12 UTF8String, 19
 * PrintableString, 22 IA5String, 30 BMPString, ...) or 0 for the usual one.
 * cg_subject_add appends a new RDN; cg_subject_add_multi adds to the last
 * RDN (multi-valued). */
void cg_subject_clear(cg_cert *c);
void cg_subject_add(cg_cert *c, const char *attr, const char *value, int tag);
void cg_subject_add_multi(cg_cert *c, const char *attr, const char *value, int tag);
void cg_subject_remove(cg_cert *c, const char *attr); /* every attribute of that type */
/* Replaces the first attribute of that type in place (appends when absent). */
void cg_subject_set(cg_cert *c, const char *attr, const char *value, int tag);
void cg_issuer_clear(cg_cert *c);
void cg_issuer_add(cg_cert *c, const char *attr, const char *value, int tag);

/* Extensions.  name is an OpenSSL extension name ("keyUsage",
 * "extendedKeyUsage", "subjectAltName", "basicConstraints",
 * "certificatePolicies", "crlDistributionPoints", "authorityInfoAccess",
 * ...) or a dotted OID.  value uses OpenSSL's X509V3 config syntax
 * (e.g. "digitalSignature,keyEncipherment", "email:a@example.com",
 * "CA:FALSE").  Setting replaces an extension of the same OID in place
 * (order is kept); adding a duplicate needs cg_ext_add_der.  Returns false
 * (and the builder is unchanged) when OpenSSL rejects the value. */
bool cg_ext_set(cg_cert *c, const char *name, bool critical, const char *value);
/* Raw extnValue content (the DER inside the OCTET STRING). */
void cg_ext_set_der(cg_cert *c, const char *oid, bool critical, const uint8_t *der, size_t len);
void cg_ext_add_der(cg_cert *c, const char *oid, bool critical, const uint8_t *der, size_t len);
/* Marks an extension so that critical=FALSE is encoded explicitly (a DER fault). */
void cg_ext_encode_false_critical(cg_cert *c, const char *name);
void cg_ext_remove(cg_cert *c, const char *name);
void cg_ext_remove_all(cg_cert *c);

/* Builds and signs.  Returns a malloc'd DER buffer (caller frees) and its
 * length, or NULL with a message on stderr. */
uint8_t *cg_der(cg_cert *c, size_t *len);
/* Builds the TBSCertificate only (pre-issuance linting tests). */
uint8_t *cg_tbs_der(cg_cert *c, size_t *len);

/* The DER of the test CA certificate that signs certificates made with
 * the given issuer key (for chains in generated CT entries). */
uint8_t *cg_issuer_der(const char *issuer_key, size_t *len);

/* ---- additions for the corpus generator (corpus-tools/gen.c) ------- */

/* A deep copy (a template per CA and profile, varied per certificate). */
cg_cert *cg_clone(const cg_cert *c);
/* Times as seconds since the epoch. */
void cg_set_not_before_t(cg_cert *c, int64_t t);
void cg_set_not_after_t(cg_cert *c, int64_t t);
/* Issue under a caller-made CA: issuer Name DER, AKI key id, and the pool
 * key that signs ("p256:2", "ed25519:1", ...).  False for an unknown key. */
bool cg_set_issuer_raw(cg_cert *c, const uint8_t *name_der, size_t name_len, const uint8_t *keyid,
                       size_t keyid_len, const char *sign_key);
/* The subject Name DER (malloc'd) and the RFC 5280 method-1 key id of the
 * subject key (returns 20, or 0 when the SPKI is unusable). */
uint8_t *cg_subject_der(cg_cert *c, size_t *len);
size_t cg_key_id(cg_cert *c, uint8_t out[20]);

/* nameConstraints of a technically constrained TLS subordinate CA (BR
 * 7.1.2.5.2), as the "tls-tc-ca" preset has them: permitted dNSName
 * example.com and directoryName C=US, O=Example Inc, every IPv4 and IPv6
 * address excluded.  Variants (or'ed) for tests: a maximum in the dNSName
 * subtree, an extra permitted rfc822Name, the dNSName subtree alone. */
enum { CG_NC_MAXIMUM = 1, CG_NC_RFC822 = 2, CG_NC_DNS_ONLY = 4 };
void cg_set_tc_name_constraints(cg_cert *c, bool critical, unsigned variant);

/* Hex helper for raw values in tests: "30 03 01 01 ff" -> bytes. */
size_t cg_hex(const char *hex, uint8_t *out, size_t size);

#endif
