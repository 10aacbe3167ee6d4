/* cs_spki_pkey(): see spki_pkey.h. */
#include "x509/spki_pkey.h"

#include <limits.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/x509.h>

EVP_PKEY *cs_spki_pkey_decoded(const cs_spki *s)
{
    const unsigned char *p = s->der.p;
    return s->der.len && s->der.len <= LONG_MAX ? d2i_PUBKEY(NULL, &p, (long)s->der.len) : NULL;
}

/* A positive INTEGER in its minimal encoding, of at most max octets: what
 * the decoder reads as the same number (it refuses padding, and a
 * negative one or zero differs). */
static bool plain_positive(cs_span v, size_t max)
{
    cs_span m = cs_span_skip_zeros(v);
    return v.len > 0 && v.p[0] < 0x80 && !(v.len > 1 && v.p[0] == 0 && v.p[1] < 0x80) && m.len > 0 &&
           m.p[0] != 0 && m.len <= max;
}

static EVP_PKEY *from_params(const char *type, OSSL_PARAM *params)
{
    EVP_PKEY *key = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        key = NULL;
    EVP_PKEY_CTX_free(ctx);
    return key;
}

#define RSA_MAX_OCTETS 2048 /* 16384-bit moduli */

static EVP_PKEY *rsa_key(const cs_spki *s)
{
    /* OSSL_PARAM integers are native-endian: copy the big-endian octets. */
    uint8_t n[RSA_MAX_OCTETS], e[RSA_MAX_OCTETS];
    cs_span mn = cs_span_skip_zeros(s->rsa_modulus), me = cs_span_skip_zeros(s->rsa_exponent);
    for (size_t i = 0; i < mn.len; i++)
        n[i] = mn.p[mn.len - 1 - i];
    for (size_t i = 0; i < me.len; i++)
        e[i] = me.p[me.len - 1 - i];
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_N, n, mn.len),
        OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_E, e, me.len),
        OSSL_PARAM_construct_end(),
    };
    return from_params("RSA", params);
}

static const char *named_group(cs_oid_id curve)
{
    switch (curve) {
    case CS_OID_CURVE_P256: return "P-256";
    case CS_OID_CURVE_P384: return "P-384";
    case CS_OID_CURVE_P521: return "P-521";
    default: return NULL;
    }
}

static EVP_PKEY *ec_key(const cs_spki *s, const char *group)
{
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)s->key.p, s->key.len),
        OSSL_PARAM_construct_end(),
    };
    return from_params("EC", params);
}

EVP_PKEY *cs_spki_pkey(const cs_spki *s)
{
    if (s->key_unused_bits == 0 && s->alg.id == CS_OID_KEY_RSA && s->type == CS_KEY_RSA &&
        plain_positive(s->rsa_modulus, RSA_MAX_OCTETS) && plain_positive(s->rsa_exponent, RSA_MAX_OCTETS))
        return rsa_key(s);
    const char *group = named_group(s->curve);
    if (s->key_unused_bits == 0 && s->alg.id == CS_OID_KEY_EC && s->type == CS_KEY_EC && !s->ec_explicit_params &&
        group && s->key.len)
        return ec_key(s, group);
    return cs_spki_pkey_decoded(s);
}
