/* PEM (RFC 7468) encapsulation boundaries: the one place that knows the
 * "-----BEGIN LABEL-----" / "-----END LABEL-----" syntax and which labels
 * hold certificates.  Used by the streaming PEM framer (ingest/format_pem.c)
 * and by the library's one-certificate PEM decoder (api/csw_pem.c), which
 * differ only in what they do around the markers. */
#ifndef CS_UTIL_PEM_H
#define CS_UTIL_PEM_H

#include <stddef.h>
#include <stdint.h>

#define CS_PEM_BEGIN "-----BEGIN "
#define CS_PEM_END "-----END "
#define CS_PEM_DASHES "-----"

typedef enum cs_pem_kind {
    CS_PEM_OTHER,                /* keys, CSRs, CRLs, ...: not certificates */
    CS_PEM_CERTIFICATE,          /* CERTIFICATE, X509 CERTIFICATE (OpenSSL's old label) */
    CS_PEM_TRUSTED_CERTIFICATE,  /* OpenSSL's certificate + trust settings */
    CS_PEM_TBS_CERTIFICATE,      /* a bare TBSCertificate (pre-issuance linting) */
} cs_pem_kind;

/* The first occurrence of `marker` (e.g. CS_PEM_BEGIN) in [p, p+n), or NULL. */
const uint8_t *cs_pem_find(const uint8_t *p, size_t n, const char *marker);

/* Reads "LABEL-----" at p, the bytes after a marker: copies LABEL into out
 * (NUL-terminated) and returns the bytes it takes with the dashes; 0 when
 * [p, p+n) has no "-----" or LABEL does not fit in size - 1 bytes. */
size_t cs_pem_label(const uint8_t *p, size_t n, char *out, size_t size);

cs_pem_kind cs_pem_label_kind(const char *label);

#endif
