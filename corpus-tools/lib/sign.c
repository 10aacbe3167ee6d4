/* certgen signing: see sign.h. */
#define OPENSSL_SUPPRESS_DEPRECATED /* EC_KEY: the only way to pass our own ECDSA nonce in 3.0 */
#include "sign.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>
#include <string.h>
#include <strings.h>

static size_t hex_to(const char *hex, uint8_t *out)
{
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (uint8_t)v;
    }
    return n;
}

static const struct {
    const char *name;
    cg_sig_kind kind;
    const char *md;
    const char *hex;
} algs[] = {
    {"sha256", CG_SIG_PKCS1, "SHA256", "300d06092a864886f70d01010b0500"},
    {"sha384", CG_SIG_PKCS1, "SHA384", "300d06092a864886f70d01010c0500"},
    {"sha512", CG_SIG_PKCS1, "SHA512", "300d06092a864886f70d01010d0500"},
    {"sha224", CG_SIG_PKCS1, "SHA224", "300d06092a864886f70d01010e0500"},
    {"sha1", CG_SIG_PKCS1, "SHA1", "300d06092a864886f70d0101050500"},
    {"md5", CG_SIG_PKCS1, "MD5", "300d06092a864886f70d0101040500"},
    {"sha256-noparams", CG_SIG_PKCS1, "SHA256", "300b06092a864886f70d01010b"},
    {"pss-sha256", CG_SIG_PSS, "SHA256",
     "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120"},
    {"pss-sha384", CG_SIG_PSS, "SHA384",
     "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130"},
    {"pss-sha512", CG_SIG_PSS, "SHA512",
     "304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140"},
    {"ecdsa-sha256", CG_SIG_ECDSA, "SHA256", "300a06082a8648ce3d040302"},
    {"ecdsa-sha384", CG_SIG_ECDSA, "SHA384", "300a06082a8648ce3d040303"},
    {"ecdsa-sha512", CG_SIG_ECDSA, "SHA512", "300a06082a8648ce3d040304"},
    {"ecdsa-sha1", CG_SIG_ECDSA, "SHA1", "300906072a8648ce3d0401"},
    {"ecdsa-sha256-null", CG_SIG_ECDSA, "SHA256", "300c06082a8648ce3d0403020500"},
    {"ed25519", CG_SIG_EDDSA, NULL, "300506032b6570"},
    {"ed448", CG_SIG_EDDSA, NULL, "300506032b6571"},
};

static int ec_bits(EVP_PKEY *k)
{
    return EVP_PKEY_get_bits(k);
}

bool cg_sigalg_for(const char *name, EVP_PKEY *issuer, cg_sigalg *out)
{
    int id = EVP_PKEY_get_base_id(issuer);
    char want[40];
    if (!name || !*name) {
        if (id == EVP_PKEY_RSA)
            name = "sha256";
        else if (id == EVP_PKEY_EC)
            name = ec_bits(issuer) > 384 ? "ecdsa-sha512" : ec_bits(issuer) > 256 ? "ecdsa-sha384" : "ecdsa-sha256";
        else if (id == EVP_PKEY_ED25519)
            name = "ed25519";
        else if (id == EVP_PKEY_ED448)
            name = "ed448";
        else
            return false;
    }
    /* "sha256" with an EC issuer means ECDSA with SHA-256 */
    if (id == EVP_PKEY_EC && strncasecmp(name, "ecdsa-", 6) != 0 && strlen(name) < sizeof want - 7) {
        snprintf(want, sizeof want, "ecdsa-%s", name);
        name = want;
    }
    for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
        if (strcasecmp(algs[i].name, name) != 0)
            continue;
        bool ok = (algs[i].kind == CG_SIG_PKCS1 || algs[i].kind == CG_SIG_PSS) ? id == EVP_PKEY_RSA
                  : algs[i].kind == CG_SIG_ECDSA ? id == EVP_PKEY_EC
                  : (id == EVP_PKEY_ED25519 && !strcmp(algs[i].name, "ed25519")) ||
                        (id == EVP_PKEY_ED448 && !strcmp(algs[i].name, "ed448"));
        if (!ok)
            return false;
        out->kind = algs[i].kind;
        out->md = algs[i].md ? EVP_get_digestbyname(algs[i].md) : NULL;
        out->algid_len = hex_to(algs[i].hex, out->algid);
        return true;
    }
    return false;
}

static bool digest(const EVP_MD *md, const uint8_t *msg, size_t len, uint8_t *out, unsigned *olen)
{
    return EVP_Digest(msg, len, out, olen, md, NULL) == 1;
}

static bool sign_evp(EVP_PKEY *key, const EVP_MD *md, const uint8_t *msg, size_t len, cg_buf *sig)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t slen = 0;
    bool ok = ctx && EVP_DigestSignInit(ctx, NULL, md, NULL, key) == 1 &&
              EVP_DigestSign(ctx, NULL, &slen, msg, len) == 1;
    if (ok) {
        uint8_t *tmp = malloc(slen);
        ok = tmp && EVP_DigestSign(ctx, tmp, &slen, msg, len) == 1;
        if (ok)
            cg_buf_put(sig, tmp, slen);
        free(tmp);
    }
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* MGF1 (RFC 8017 B.2.1) xored into out. */
static void mgf1_xor(const EVP_MD *md, const uint8_t *seed, size_t slen, uint8_t *out, size_t olen)
{
    size_t hlen = (size_t)EVP_MD_get_size(md);
    for (uint32_t ctr = 0, done = 0; done < olen; ctr++) {
        uint8_t in[EVP_MAX_MD_SIZE + 4], h[EVP_MAX_MD_SIZE];
        unsigned hl;
        memcpy(in, seed, slen);
        in[slen] = (uint8_t)(ctr >> 24), in[slen + 1] = (uint8_t)(ctr >> 16);
        in[slen + 2] = (uint8_t)(ctr >> 8), in[slen + 3] = (uint8_t)ctr;
        digest(md, in, slen + 4, h, &hl);
        for (size_t i = 0; i < hlen && done < olen; i++)
            out[done++] ^= h[i];
    }
}

/* RSASSA-PSS with salt = hLen bytes derived from the message digest:
 * EMSA-PSS-ENCODE by hand, then the raw RSA private operation. */
static bool sign_pss(EVP_PKEY *key, const EVP_MD *md, const uint8_t *msg, size_t len, cg_buf *sig)
{
    size_t hlen = (size_t)EVP_MD_get_size(md);
    size_t mod_bits = (size_t)EVP_PKEY_get_bits(key), k = (mod_bits + 7) / 8;
    size_t em_bits = mod_bits - 1, em_len = (em_bits + 7) / 8;
    uint8_t mhash[EVP_MAX_MD_SIZE], salt[EVP_MAX_MD_SIZE], mp[8 + 2 * EVP_MAX_MD_SIZE], h[EVP_MAX_MD_SIZE];
    unsigned l;
    if (em_len < 2 * hlen + 2 || k > 1024)
        return false;
    digest(md, msg, len, mhash, &l);
    digest(md, mhash, (unsigned)hlen, salt, &l);
    memset(mp, 0, 8);
    memcpy(mp + 8, mhash, hlen);
    memcpy(mp + 8 + hlen, salt, hlen);
    digest(md, mp, 8 + 2 * hlen, h, &l);
    uint8_t em[1024] = {0};
    uint8_t *e = em + (k - em_len);
    size_t db_len = em_len - hlen - 1;
    e[db_len - hlen - 1] = 0x01;
    memcpy(e + db_len - hlen, salt, hlen);
    mgf1_xor(md, h, hlen, e, db_len);
    e[0] &= (uint8_t)(0xff >> (8 * em_len - em_bits));
    memcpy(e + db_len, h, hlen);
    e[em_len - 1] = 0xbc;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    uint8_t out[1024];
    size_t olen = sizeof out;
    bool ok = ctx && EVP_PKEY_sign_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 &&
              EVP_PKEY_sign(ctx, out, &olen, em, k) == 1;
    if (ok)
        cg_buf_put(sig, out, olen);
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

/* ECDSA with k = HMAC-SHA512(d, digest || counter) mod n (retrying on 0). */
static bool sign_ecdsa(EVP_PKEY *key, const EVP_MD *md, const uint8_t *msg, size_t len, cg_buf *sig)
{
    uint8_t dg[EVP_MAX_MD_SIZE];
    unsigned dlen;
    if (!digest(md, msg, len, dg, &dlen))
        return false;
    EC_KEY *ec = EVP_PKEY_get1_EC_KEY(key);
    if (!ec)
        return false;
    const EC_GROUP *g = EC_KEY_get0_group(ec);
    const BIGNUM *d = EC_KEY_get0_private_key(ec);
    BN_CTX *bctx = BN_CTX_new();
    BIGNUM *n = BN_new(), *k = BN_new(), *x = BN_new(), *kinv = BN_new();
    EC_POINT *p = EC_POINT_new(g);
    ECDSA_SIG *s = NULL;
    bool ok = false;
    uint8_t dbytes[80];
    int dl = BN_bn2bin(d, dbytes);
    EC_GROUP_get_order(g, n, bctx);
    for (uint8_t ctr = 0; ctr < 16 && !ok; ctr++) {
        uint8_t in[EVP_MAX_MD_SIZE + 1], kb[128];
        unsigned kl1, kl2;
        memcpy(in, dg, dlen);
        in[dlen] = ctr;
        HMAC(EVP_sha512(), dbytes, dl, in, dlen + 1, kb, &kl1);
        in[dlen] = (uint8_t)(ctr + 0x80);
        HMAC(EVP_sha512(), dbytes, dl, in, dlen + 1, kb + 64, &kl2);
        BN_bin2bn(kb, 128, k);
        BN_mod(k, k, n, bctx);
        if (BN_is_zero(k))
            continue;
        if (!EC_POINT_mul(g, p, k, NULL, NULL, bctx) || !EC_POINT_get_affine_coordinates(g, p, x, NULL, bctx))
            break;
        BN_mod(x, x, n, bctx);
        if (BN_is_zero(x) || !BN_mod_inverse(kinv, k, n, bctx))
            continue;
        s = ECDSA_do_sign_ex(dg, (int)dlen, kinv, x, ec);
        ok = s != NULL;
    }
    if (ok) {
        unsigned char *der = NULL;
        int l = i2d_ECDSA_SIG(s, &der);
        ok = l > 0;
        if (ok)
            cg_buf_put(sig, der, (size_t)l);
        OPENSSL_free(der);
    }
    ECDSA_SIG_free(s);
    EC_POINT_free(p);
    BN_free(n), BN_free(k), BN_free(x), BN_free(kinv);
    BN_CTX_free(bctx);
    EC_KEY_free(ec);
    return ok;
}

bool cg_sign(EVP_PKEY *key, const cg_sigalg *alg, const uint8_t *msg, size_t len, cg_buf *sig)
{
    switch (alg->kind) {
    case CG_SIG_PKCS1:
        return sign_evp(key, alg->md, msg, len, sig);
    case CG_SIG_EDDSA:
        return sign_evp(key, NULL, msg, len, sig);
    case CG_SIG_PSS:
        return sign_pss(key, alg->md, msg, len, sig);
    case CG_SIG_ECDSA:
        return sign_ecdsa(key, alg->md, msg, len, sig);
    }
    return false;
}
