/* certgen internals shared by certgen.c, presets.c and testca.c. */
#ifndef CG_INTERNAL_H
#define CG_INTERNAL_H

#include <openssl/evp.h>

#include "certgen.h"
#include "derw.h"

typedef struct cg_attr {
    uint8_t oid[48];
    size_t oid_len;
    uint8_t tag;
    bool multi;          /* joins the previous attribute's RDN */
    uint8_t *val;
    size_t len;
} cg_attr;

typedef enum cg_auto { CG_AUTO_NONE = 0, CG_AUTO_SKI, CG_AUTO_AKI } cg_auto;

typedef struct cg_ext {
    uint8_t oid[48];
    size_t oid_len;
    bool critical;
    bool explicit_false; /* encode critical FALSE (a DER fault) */
    cg_auto autov;       /* value computed at build time from the keys */
    uint8_t *val;
    size_t len;
} cg_ext;

typedef struct cg_attrs {
    cg_attr *v;
    size_t n, cap;
} cg_attrs;

typedef enum cg_issuer_kind {
    CG_ISS_TESTCA = 0, /* the test CA of issuer_key (cg_issuer_der) */
    CG_ISS_ROOT,       /* the test root */
    CG_ISS_SELF,       /* self-signed */
    CG_ISS_RAW,        /* caller-supplied name, key id and signing key */
} cg_issuer_kind;

struct cg_cert {
    char profile[48];
    int version;
    uint8_t serial[64];
    size_t serial_len;
    int64_t not_before, not_after;
    int nb_tag, na_tag;          /* 0 = by year */
    cg_attrs subject;
    bool issuer_custom;
    cg_attrs issuer;
    cg_ext *exts;
    size_t n_exts, cap_exts;
    EVP_PKEY *key;               /* pool key (borrowed), NULL when spki is raw */
    uint8_t *spki;               /* raw SPKI override (PQC, malformed) */
    size_t spki_len;
    char sig[32];                /* "" = the usual one for the issuer key */
    cg_issuer_kind iss_kind;
    char issuer_key[32];
    EVP_PKEY *iss_pkey;          /* CG_ISS_RAW */
    uint8_t *iss_name;           /* CG_ISS_RAW: Name DER */
    size_t iss_name_len;
    uint8_t iss_keyid[32];
    size_t iss_keyid_len;
};

/* The test CAs: name DER, key id (SKI) and signing key for an issuer key
 * name ("root" for the root); false when there is no such key. */
typedef struct cg_ca_info {
    const uint8_t *der;
    size_t der_len;
    const uint8_t *name;
    size_t name_len;
    const uint8_t *keyid;
    size_t keyid_len;
    EVP_PKEY *key;
} cg_ca_info;
bool cg_testca(const char *issuer_key, cg_ca_info *out);

/* presets.c: fills a fresh builder for a profile; false when unknown. */
bool cg_preset_apply(cg_cert *c, const char *profile);

/* certgen.c helpers used by presets.c */
void cg_ext_put(cg_cert *c, const char *oid, bool critical, const uint8_t *der, size_t len);
void cg_ext_put_auto(cg_cert *c, const char *oid, cg_auto a);
bool cg_set_key_pkey(cg_cert *c, EVP_PKEY *k);
int64_t cg_time_parse(const char *text); /* INT64_MIN when malformed */
/* SHA-1 of the subjectPublicKey bits of an SPKI DER (RFC 5280 4.2.1.2 method 1). */
bool cg_spki_keyid(const uint8_t *spki, size_t len, uint8_t out[20]);

#endif
