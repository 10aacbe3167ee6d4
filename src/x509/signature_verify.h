/* Signature verification of a parsed certificate under a given public key:
 * its own (self-signed, x509/self_signed.h) or its issuer's (the signature
 * rules, with the issuer from a CT chain, certstream, `lint --issuer` or
 * `scan --issuers`).
 *
 * The common algorithms are verified straight from the parsed spans: the
 * digest over the TBSCertificate bytes as signed, the key decoded from the
 * signer's SubjectPublicKeyInfo.  OpenSSL's d2i_X509 + X509_verify decodes
 * the whole certificate and re-encodes the TBSCertificate, ten times the
 * cost of the rest of the lint.  RSASSA-PSS (whose parameters name the
 * digest) and anything unknown go through X509_verify.
 *
 * Each thread keeps the last few decoded signer keys (bulk data has few
 * issuers, and decoding an EC point costs as much as a third of a
 * verification) and the last answer, so the S/MIME and RFC 5280 signature
 * rules of one certificate verify it once.  The caches only remember: the
 * answer is the same without them.  Thread-safe. */
#ifndef CS_X509_SIGNATURE_VERIFY_H
#define CS_X509_SIGNATURE_VERIFY_H

#include "x509/cert.h"

typedef enum cs_sig_verdict {
    CS_SIG_INVALID = 0,  /* does not verify: wrong key, wrong key type, altered bytes,
                            or the two signature algorithm fields differ */
    CS_SIG_VALID = 1,
    CS_SIG_UNKNOWN = 2,  /* cannot be checked: bare TBSCertificate, a key or algorithm
                            OpenSSL cannot decode or does not support */
} cs_sig_verdict;

/* Verifies c's signature with the public key in `signer` (a view's spki). */
cs_sig_verdict cs_signature_verify(const cs_cert *c, const cs_spki *signer);

#endif
