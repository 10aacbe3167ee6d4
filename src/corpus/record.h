/* What the corpus collectors keep of each certificate: three fixed-size
 * records, laid out so that memcmp order is the order the findings are
 * computed in (corpus/extsort.h).  Hashes and a few fields only, never the
 * certificate: about 600 bytes for an RSA certificate, 260 for others.
 *
 *   serial record   (issuer, serial, TBS fingerprint, certificate): duplicate
 *                   serials, precertificate/final pairs, serial entropy
 *   key record      (key, certificate, issuer, subject identity): one key
 *                   for unrelated subjects, a CA key in a subscriber
 *   modulus record  (RSA modulus): moduli sharing a prime (batch GCD)
 *
 * Build: corpus/record.c.  Pure functions of the view. */
#ifndef CS_CORPUS_RECORD_H
#define CS_CORPUS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#include "x509/cert.h"

/* Certificate flags in both records. */
enum {
    CS_REC_PRECERT = 1u << 0, /* carries the CT poison extension */
    CS_REC_CA = 1u << 1,      /* basicConstraints cA, or self-issued without basicConstraints (an old root) */
    CS_REC_SMIME = 1u << 2,   /* in S/MIME scope (subscriber or issuing CA) */
    CS_REC_TLS = 1u << 3,     /* in TLS scope (serverAuth, TLS policy, precertificate) */
};

/* Serial magnitude octets kept; a longer serial (hostile: RFC 5280 allows
 * 20) is replaced by its SHA-256 and marked CS_SERIAL_HASHED. */
#define CS_SERIAL_BYTES 32
enum { CS_SERIAL_HASHED = 1u << 0, CS_SERIAL_NEGATIVE = 1u << 1 };

typedef struct cs_serial_record {
    uint8_t issuer[32];       /* issuer identity (agg: SHA-256 of DN + AKI keyid); for a precertificate
                                 signed by a Precertificate Signing CA, that CA's issuer */
    uint8_t serial[CS_SERIAL_BYTES]; /* magnitude, big-endian, right-aligned: memcmp = numeric order */
    uint8_t serial_flags;     /* CS_SERIAL_* */
    uint8_t serial_len;       /* magnitude octets (without leading zeros) */
    uint8_t tbs[32];          /* SHA-256 of the TBSCertificate fields without the issuer name and the
                                 AKI, poison and SCT list extensions (RFC 6962 3.1) */
    uint8_t sha256[32];       /* the certificate */
    uint8_t flags;            /* CS_REC_* */
    uint8_t not_before[8];    /* seconds since 1970 + 2^63, big-endian; 0 when undated */
} cs_serial_record;

typedef struct cs_key_record {
    uint8_t key[32];          /* RSA: SHA-256 of the modulus (no leading zero); others: of the SubjectPublicKeyInfo */
    uint8_t sha256[32];
    uint8_t issuer[32];
    uint8_t org[8];           /* hash of the subject organizationName (case-folded), 0 = none */
    uint8_t subject[8];       /* hash of the subject DN as encoded */
    uint8_t names[8];         /* one bit per registrable domain (DNS SAN, CN) and mailbox address */
    uint8_t flags;            /* CS_REC_* */
} cs_key_record;

/* RSA moduli up to 4096 bits go to the batch GCD. */
#define CS_MODULUS_MAX 512
typedef struct cs_modulus_record {
    uint8_t len[2];           /* big-endian octets of the modulus (no leading zero) */
    uint8_t n[CS_MODULUS_MAX];/* the modulus, big-endian, zero-padded after len octets */
} cs_modulus_record;

/* Fill the records of a parsed certificate (not a bare TBS), all but the
 * issuer identity; md is a digest context to reuse.  False when a digest
 * cannot be computed. */
bool cs_corpus_serial_record(const cs_cert *c, EVP_MD_CTX *md, cs_serial_record *sr);
bool cs_corpus_key_record(const cs_cert *c, cs_key_record *kr);
/* ... then the issuer identity: `issuer` (cs_tally_issuer_key of c, which
 * the caller computed already) in both records, but in the serial record
 * of a precertificate behind a Precertificate Signing CA that CA's issuer
 * (computed here).  False when that digest cannot be computed. */
bool cs_corpus_records_issuer(const cs_cert *c, const uint8_t issuer[32], cs_serial_record *sr,
                              cs_key_record *kr);

/* The RSA modulus of c, when it is one the batch GCD takes: true and *mr
 * filled; false for other keys and for moduli larger than CS_MODULUS_MAX. */
bool cs_corpus_modulus(const cs_cert *c, cs_modulus_record *mr);
/* Whether cs_corpus_modulus would fill a record (without filling it). */
bool cs_corpus_modulus_fits(const cs_cert *c);

/* The key hash cs_corpus_key_record puts in a key record for this RSA modulus
 * (the batch GCD's hits are mapped back to certificates with it). */
bool cs_corpus_modulus_key(const uint8_t *n, size_t len, uint8_t key[32]);

#endif
