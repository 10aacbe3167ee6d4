/* Whether a certificate is self-signed in the RFC 5280 sense: issuer and
 * subject are the same and the signature verifies with the certificate's
 * own public key.  Self-issued alone is not enough: a CA's key rollover
 * certificate (same name, new key signed by the old one) is self-issued
 * but not self-signed, and RFC 5280 4.2.1.1 exempts only self-signed
 * certificates from carrying an authorityKeyIdentifier. */
#ifndef CS_X509_SELF_SIGNED_H
#define CS_X509_SELF_SIGNED_H

#include "x509/cert.h"

typedef enum cs_self_signed {
    CS_SELF_SIGNED_NO = 0,      /* not self-issued, or the signature does not verify with its own key */
    CS_SELF_SIGNED_YES = 1,     /* self-issued and the signature verifies with its own key */
    CS_SELF_SIGNED_UNKNOWN = 2, /* self-issued, but the signature could not be checked (bare
                                   TBSCertificate, OpenSSL cannot decode it or lacks the algorithm) */
} cs_self_signed;

/* Verifies only self-issued certificates (rare in bulk data), so the cost
 * of a signature check is not paid per certificate.  Thread-safe. */
cs_self_signed cs_cert_self_signed(const cs_cert *c);

#endif
