/* certgen signing (internal): algorithm identifiers and deterministic
 * signatures.
 *
 * Every signature is a function of (key, message) only: RSA PKCS#1 v1.5 and
 * EdDSA are deterministic by design; ECDSA uses a nonce derived from the
 * private key and the digest (HMAC-SHA-512, in the spirit of RFC 6979); PSS
 * uses a salt derived from the digest.  So the same calls give the same
 * bytes, which the corpus generator's ground truth depends on. */
#ifndef CG_SIGN_H
#define CG_SIGN_H

#include <openssl/evp.h>
#include <stdbool.h>

#include "derw.h"

typedef enum cg_sig_kind {
    CG_SIG_PKCS1 = 0,
    CG_SIG_PSS,
    CG_SIG_ECDSA,
    CG_SIG_EDDSA,
} cg_sig_kind;

typedef struct cg_sigalg {
    cg_sig_kind kind;
    const EVP_MD *md;      /* NULL for EdDSA */
    uint8_t algid[80];     /* AlgorithmIdentifier DER */
    size_t algid_len;
} cg_sigalg;

/* Resolves a name ("sha256", "pss-sha384", "ecdsa-sha256", "ed25519", NULL =
 * the usual one for the key) for an issuer key; false when impossible. */
bool cg_sigalg_for(const char *name, EVP_PKEY *issuer, cg_sigalg *out);
/* Appends the signature value (not the BIT STRING) of msg to sig. */
bool cg_sign(EVP_PKEY *key, const cg_sigalg *alg, const uint8_t *msg, size_t len, cg_buf *sig);

#endif
