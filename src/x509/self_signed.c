/* cs_cert_self_signed(): OpenSSL verifies the signature with the
 * certificate's own key. */
#include "x509/self_signed.h"

#include <limits.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/x509.h>

cs_self_signed cs_cert_self_signed(const cs_cert *c)
{
    if (!c->is_self_issued)
        return CS_SELF_SIGNED_NO;
    if (c->tbs_only || c->der.len == 0 || c->der.len > (size_t)LONG_MAX)
        return CS_SELF_SIGNED_UNKNOWN;
    const unsigned char *p = c->der.p;
    X509 *x = d2i_X509(NULL, &p, (long)c->der.len);
    cs_self_signed r = CS_SELF_SIGNED_UNKNOWN;
    if (x) {
        EVP_PKEY *key = X509_get0_pubkey(x);
        int v = key ? X509_verify(x, key) : -1;
        /* A signature made by another key type is an answer too (-1 with
         * WRONG_PUBLIC_KEY_TYPE): a rollover from an RSA to an EC key. */
        if (v < 0 && ERR_GET_REASON(ERR_peek_last_error()) == ASN1_R_WRONG_PUBLIC_KEY_TYPE)
            v = 0;
        r = v == 1 ? CS_SELF_SIGNED_YES : v == 0 ? CS_SELF_SIGNED_NO : CS_SELF_SIGNED_UNKNOWN;
        X509_free(x);
    }
    ERR_clear_error(); /* failures are answers here, not errors to leave queued for the caller */
    return r;
}
