/* A SubjectPublicKeyInfo as an OpenSSL key, for signature verification.
 *
 * d2i_PUBKEY goes through OpenSSL 3's decoder framework, which tries its
 * decoders one after another: about 85 us a key, more than the RSA
 * verification itself.  RSA keys (rsaEncryption, minimal positive
 * integers) and EC keys on P-256, P-384 and P-521 are imported from the
 * parsed fields instead (EVP_PKEY_fromdata, a few us): the same key, so
 * the same verdicts.  Every other key, and any field the import would
 * read differently from the decoder (a negative or padded integer,
 * unused bits, explicit curve parameters), goes through d2i_PUBKEY. */
#ifndef CS_X509_SPKI_PKEY_H
#define CS_X509_SPKI_PKEY_H

#include <openssl/types.h>

#include "x509/cert.h"

/* The key, or NULL when OpenSSL cannot use it.  The caller frees it. */
EVP_PKEY *cs_spki_pkey(const cs_spki *s);

/* The same through d2i_PUBKEY alone (the reference, for tests). */
EVP_PKEY *cs_spki_pkey_decoded(const cs_spki *s);

#endif
