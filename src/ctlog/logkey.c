/* Log keys and their signatures (logkey.h). */
#include "ctlog/logkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ingest/decode.h"
#include "x509/digest.h"

/* Strict base64 of at most `cap` decoded bytes. */
static bool b64(const char *s, size_t n, uint8_t *out, size_t cap, size_t *olen)
{
    if (n / 4 * 3 > cap + 2)
        return false;
    uint8_t *tmp = malloc(n / 4 * 3 + 3);
    size_t bad;
    const char *why;
    bool ok = tmp && cs_b64_decode((const uint8_t *)s, n, false, tmp, olen, &bad, &why) && *olen <= cap;
    if (ok)
        memcpy(out, tmp, *olen);
    free(tmp);
    return ok;
}

static bool from_spki(const uint8_t *der, size_t len, cs_logkey *out, char *err, size_t es)
{
    const uint8_t *p = der;
    out->pkey = d2i_PUBKEY(NULL, &p, (long)len);
    if (!out->pkey || p != der + len) {
        EVP_PKEY_free(out->pkey);
        out->pkey = NULL;
        snprintf(err, es, "not a DER SubjectPublicKeyInfo");
        return false;
    }
    int id = EVP_PKEY_get_base_id(out->pkey);
    if (id != EVP_PKEY_EC && id != EVP_PKEY_RSA && id != EVP_PKEY_ED25519) {
        snprintf(err, es, "log key type is not ECDSA, RSA or Ed25519");
        cs_logkey_free(out);
        return false;
    }
    cs_digest(CS_DIGEST_SHA256, der, len, out->log_id);
    return true;
}

static bool from_vkey(const char *text, size_t len, cs_logkey *out, char *err, size_t es)
{
    const char *plus1 = memchr(text, '+', len);
    const char *plus2 = plus1 ? memchr(plus1 + 1, '+', len - (size_t)(plus1 + 1 - text)) : NULL;
    if (!plus2 || plus1 == text || (size_t)(plus1 - text) >= sizeof out->name || plus2 - plus1 != 9) {
        snprintf(err, es, "not a note verifier key (name+id+key)");
        return false;
    }
    memcpy(out->name, text, (size_t)(plus1 - text));
    out->name[plus1 - text] = '\0';
    char hex[9];
    memcpy(hex, plus1 + 1, 8);
    hex[8] = '\0';
    char *end;
    out->id = (uint32_t)strtoul(hex, &end, 16);
    uint8_t raw[64];
    size_t rl;
    if (*end || !b64(plus2 + 1, len - (size_t)(plus2 + 1 - text), raw, sizeof raw, &rl)) {
        snprintf(err, es, "note verifier key: bad id or base64");
        return false;
    }
    if (rl != 33 || raw[0] != 0x01) {
        snprintf(err, es, "note verifier key: only Ed25519 keys (type 0x01) are supported");
        return false;
    }
    out->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw + 1, 32);
    if (!out->pkey) {
        snprintf(err, es, "note verifier key: not an Ed25519 key");
        return false;
    }
    /* The key id must be the one its name and key give (signed-note). */
    uint8_t buf[sizeof out->name + 34], h[32];
    size_t n = strlen(out->name);
    memcpy(buf, out->name, n);
    buf[n] = '\n';
    memcpy(buf + n + 1, raw, 33);
    cs_digest(CS_DIGEST_SHA256, buf, n + 34, h);
    if (((uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3]) != out->id) {
        snprintf(err, es, "note verifier key: its id does not match its name and key");
        cs_logkey_free(out);
        return false;
    }
    out->note_vkey = true;
    return true;
}

bool cs_logkey_parse(const char *text, size_t len, cs_logkey *out, char *err, size_t es)
{
    memset(out, 0, sizeof *out);
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
        len--;
    if (len >= 10 && memcmp(text, "-----BEGIN", 10) == 0) {
        BIO *bio = BIO_new_mem_buf(text, (int)len);
        EVP_PKEY *k = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
        BIO_free(bio);
        uint8_t *der = NULL;
        int dl = k ? i2d_PUBKEY(k, &der) : -1;
        EVP_PKEY_free(k);
        bool ok = dl > 0 && from_spki(der, (size_t)dl, out, err, es);
        OPENSSL_free(der);
        if (dl <= 0)
            snprintf(err, es, "not a PEM PUBLIC KEY");
        return ok;
    }
    /* Base64 has '+' too, so "name+id+key" is only tried when the text
     * is not the base64 of a public key. */
    uint8_t *der = malloc(len / 4 * 3 + 3);
    size_t dl;
    bool is_b64 = der && b64(text, len, der, len / 4 * 3 + 3, &dl);
    bool ok = is_b64 && from_spki(der, dl, out, err, es);
    free(der);
    if (ok)
        return true;
    memset(out, 0, sizeof *out);
    const char *plus = memchr(text, '+', len);
    if (plus && plus != text && (size_t)(plus - text) + 9 < len && plus[9] == '+')
        return from_vkey(text, len, out, err, es);
    if (!is_b64)
        snprintf(err, es, "log key is neither a note verifier key, a PEM public key nor base64 DER");
    return false;
}

void cs_logkey_free(cs_logkey *k)
{
    EVP_PKEY_free(k->pkey);
    k->pkey = NULL;
}

bool cs_logkey_is_ed25519(const cs_logkey *k)
{
    return k->pkey && EVP_PKEY_get_base_id(k->pkey) == EVP_PKEY_ED25519;
}

static bool verify(EVP_PKEY *key, const EVP_MD *md, const uint8_t *msg, size_t len, const uint8_t *sig,
                   size_t sig_len)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    bool ok = c && EVP_DigestVerifyInit(c, NULL, md, NULL, key) == 1 &&
              EVP_DigestVerify(c, sig, sig_len, msg, len) == 1;
    EVP_MD_CTX_free(c);
    return ok;
}

bool cs_logkey_verify_ed25519(const cs_logkey *k, const uint8_t *msg, size_t len, const uint8_t *sig,
                              size_t sig_len)
{
    return cs_logkey_is_ed25519(k) && sig_len == 64 && verify(k->pkey, NULL, msg, len, sig, sig_len);
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

bool cs_logkey_verify_tree_head(const cs_logkey *k, uint64_t timestamp, uint64_t tree_size,
                                const uint8_t root[32], const uint8_t *sig, size_t sig_len, char *err,
                                size_t es)
{
    int type = k->pkey ? EVP_PKEY_get_base_id(k->pkey) : 0;
    if (type != EVP_PKEY_EC && type != EVP_PKEY_RSA) {
        snprintf(err, es, "the log key is not an ECDSA or RSA key, which RFC 6962 signatures need");
        return false;
    }
    if (sig_len < 4 || ((size_t)sig[2] << 8 | sig[3]) != sig_len - 4) {
        snprintf(err, es, "tree head signature: malformed DigitallySigned");
        return false;
    }
    if (sig[0] != 4 || sig[1] != (type == EVP_PKEY_EC ? 3 : 1)) {
        snprintf(err, es, "tree head signature: algorithm %u/%u is not SHA-256 with the log key's type", sig[0],
                 sig[1]);
        return false;
    }
    /* TreeHeadSignature: version v1, signature_type tree_hash, timestamp, tree_size, root. */
    uint8_t tbs[2 + 8 + 8 + 32] = { 0, 1 };
    put64(tbs + 2, timestamp);
    put64(tbs + 10, tree_size);
    memcpy(tbs + 18, root, 32);
    if (!verify(k->pkey, cs_digest_md(CS_DIGEST_SHA256), tbs, sizeof tbs, sig + 4, sig_len - 4)) {
        snprintf(err, es, "tree head signature does not verify with the log key");
        return false;
    }
    return true;
}
