/* A CT log's public key and the signatures made with it: the RFC 6962
 * tree head signature (get-sth, and checkpoints of static-ct-api logs)
 * and Ed25519 signed-note signatures (c2sp.org/signed-note). */
#ifndef CS_CTLOG_LOGKEY_H
#define CS_CTLOG_LOGKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

typedef struct cs_logkey {
    EVP_PKEY *pkey;
    bool note_vkey;     /* given as a note verifier key: name and id below */
    char name[256];
    uint32_t id;
    uint8_t log_id[32]; /* RFC 6962 LogID: SHA-256 of the SubjectPublicKeyInfo DER (not for vkeys) */
} cs_logkey;

/* Parses a key given as a note verifier key ("name+hex id+base64(0x01 ||
 * Ed25519 key)"), a PEM "PUBLIC KEY", or the base64 of a DER
 * SubjectPublicKeyInfo (as in log lists): ECDSA P-256, RSA or Ed25519.
 * False with a message when it is none of them. */
bool cs_logkey_parse(const char *text, size_t len, cs_logkey *out, char *err, size_t err_size);
void cs_logkey_free(cs_logkey *k);

/* Verifies an RFC 6962 §3.5 TreeHeadSignature (a TLS DigitallySigned:
 * hash 4 = SHA-256, signature 3 = ECDSA or 1 = RSA) over this tree head. */
bool cs_logkey_verify_tree_head(const cs_logkey *k, uint64_t timestamp, uint64_t tree_size,
                                const uint8_t root[32], const uint8_t *sig, size_t sig_len,
                                char *err, size_t err_size);

/* Verifies an Ed25519 signature of msg. */
bool cs_logkey_verify_ed25519(const cs_logkey *k, const uint8_t *msg, size_t len, const uint8_t *sig,
                              size_t sig_len);

/* True for an Ed25519 key. */
bool cs_logkey_is_ed25519(const cs_logkey *k);

#endif
