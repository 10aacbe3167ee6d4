/* The TLS BR 7.1.2 certificate profile a CA or OCSP responder certificate
 * is judged by, decided from the certificate (and its issuer when known),
 * as pkilint's determine_certificate_type does:
 *
 *   root               self-issued CA that can issue TLS (7.1.2.1)
 *   precert signing    CA whose EKU holds 1.3.6.1.4.1.11129.2.4.4 (7.1.2.4)
 *   non-TLS            CA with an EKU without serverAuth or anyEKU (7.1.2.3),
 *                      in TLS scope when it carries a TLS reserved policy
 *                      OID or its issuer is known to be a TLS CA (one with
 *                      serverAuth or a TLS policy OID)
 *   constrained TLS    CA that can issue TLS with nameConstraints (7.1.2.5)
 *   TLS subordinate    any other CA that can issue TLS (7.1.2.6)
 *   OCSP responder     non-CA with id-kp-OCSPSigning whose issuer is known
 *                      to be such a TLS CA (7.1.2.8)
 *
 * A CA can issue TLS when it has no EKU, anyExtendedKeyUsage or serverAuth.
 * The cross-certified subordinate profile (7.1.2.2) needs the existing CA
 * certificate with the same subject and key, which a lint does not have:
 * such certificates are judged as TLS subordinates (pkilint does the same). */
#ifndef CS_LINT_TLS_CA_KIND_H
#define CS_LINT_TLS_CA_KIND_H

#include <stdbool.h>

#include "x509/cert.h"

typedef enum tls_ca_kind {
    TLS_CA_NONE = 0,
    TLS_CA_ROOT,
    TLS_CA_PRECERT_SIGNING,
    TLS_CA_NON_TLS,
    TLS_CA_CONSTRAINED_TLS,
    TLS_CA_TLS_SUBORDINATE,
    TLS_CA_OCSP_RESPONDER,
} tls_ca_kind;

/* A CA certificate without EKU, with anyExtendedKeyUsage or serverAuth. */
bool tls_ca_can_issue_tls(const cs_cert *c);
tls_ca_kind tls_ca_kind_of(const cs_cert *c);

/* Applicability predicates for the rules. */
bool tls_ca_any(const cs_cert *c);             /* root or any subordinate kind */
bool tls_ca_root(const cs_cert *c);
bool tls_ca_subordinate(const cs_cert *c);     /* any subordinate kind */
bool tls_ca_tls_subordinate(const cs_cert *c); /* constrained TLS or TLS subordinate */
bool tls_ca_non_tls(const cs_cert *c);
bool tls_ca_precert_signing(const cs_cert *c);
bool tls_ca_constrained_tls(const cs_cert *c);
bool tls_ocsp_responder(const cs_cert *c);

#endif
