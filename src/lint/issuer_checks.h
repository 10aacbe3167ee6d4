/* Helpers for the rules that read the issuing CA's certificate
 * (cs_cert.issuer_cert), shared by the RFC 5280, S/MIME and TLS rules:
 * name comparison (byte for byte, and RFC 5280 7.1 matching), the key
 * identifier link, and the signature algorithm a CA key can make.
 *
 * Every such rule applies only when the issuer is known, so that its
 * applicable count says how many certificates were really checked; the
 * check helpers below assume c->issuer_cert is set.  Pure and
 * allocation-free. */
#ifndef CS_LINT_ISSUER_CHECKS_H
#define CS_LINT_ISSUER_CHECKS_H

#include <stdbool.h>

#include "lint/rule.h"

/* The AKI keyIdentifier and the issuing CA's subjectKeyIdentifier are
 * both present (and the issuer known): they can be compared. */
bool cs_issuer_key_ids_known(const cs_cert *c);

/* Fails when the AKI keyIdentifier is not the issuing CA's SKI, quoting
 * both in hex.  Needs cs_issuer_key_ids_known(c). */
cs_result cs_issuer_check_key_ids(const cs_cert *c, cs_detail *d);

/* Fails when the issuer field is not byte-identical to the issuing CA's
 * subject field, naming the first difference (attribute, string type or
 * value). */
cs_result cs_issuer_check_name_bytes(const cs_cert *c, cs_detail *d);

/* Fails when the issuer field does not match the issuing CA's subject
 * under RFC 5280 7.1: same RDNs in the same order, each RDN the same set
 * of attribute types, string values equal after transcoding the string
 * types to Unicode and the RFC 4518 preparation (mapping of spaces and
 * invisible characters, case folding, insignificant space handling);
 * other values byte for byte.  Approximations: case folding covers
 * Latin-1, Greek and Cyrillic capitals only, and there is no Unicode
 * normalization (NFKC). */
cs_result cs_issuer_check_name_match(const cs_cert *c, cs_detail *d);

/* Fails when tbsCertificate.signature is not an algorithm the issuing
 * CA's key makes: an RSA key any RSA PKCS#1 v1.5 or PSS algorithm, an
 * RSASSA-PSS key PSS only, P-256 / P-384 / P-521 exactly ECDSA with
 * SHA-256 / SHA-384 / SHA-512, Ed25519 / Ed448 themselves, ML-DSA the same
 * parameter set.  CS_NA for other issuer keys (and, with rsa_ec_only, for
 * anything but RSA and EC keys), and when an RSA key meets a signature
 * OID that is not known. */
cs_result cs_issuer_check_sigalg_key(const cs_cert *c, cs_detail *d, bool rsa_ec_only);

/* The signature is to be verified: asked for (cs_cert.verify_signature),
 * the issuer known, and a complete certificate. */
bool cs_issuer_signature_checked(const cs_cert *c);

/* Fails when the signature does not verify under the issuing CA's key
 * (x509/signature_verify.h); CS_NA when it cannot be checked (a key or
 * algorithm OpenSSL does not support), so that the applicable count is
 * the certificates really checked. */
cs_result cs_issuer_check_signature(const cs_cert *c, cs_detail *d);

#endif
