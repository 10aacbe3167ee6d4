/* The certificate view: one parsed X.509 certificate as every rule sees it.
 *
 * A view is filled by cs_cert_parse() from a DER buffer that must outlive
 * it.  It holds spans into that buffer for every field plus the decoded
 * values rules need; parsing allocates nothing, so a worker keeps one
 * cs_cert and reuses it for every certificate.  Lists have fixed
 * capacities: hostile input with more items than that gets the first ones
 * decoded and a CS_FAULT_TOO_MANY fault.  Views contain pointers into
 * themselves (the general-name lists): never copy a cs_cert by value.
 *
 * Encoding faults (non-DER but walkable bytes) are in `faults`; only bytes
 * that cannot be walked make cs_cert_parse() fail. */
#ifndef CS_X509_CERT_H
#define CS_X509_CERT_H

#include <stdbool.h>
#include <stdint.h>

#include "der/der.h"
#include "der/fault.h"
#include "util/span.h"
#include "x509/oid.h"

#define CS_MAX_NAME_ATTRS 64
#define CS_MAX_EXTENSIONS 64
#define CS_MAX_GENERAL_NAMES 256 /* shared by SAN, AIA, CRLDP, AKI, name constraints */
#define CS_MAX_EKUS 32
#define CS_MAX_POLICIES 32
#define CS_MAX_QUALIFIERS 32
#define CS_MAX_ACCESS 16
#define CS_MAX_DIST_POINTS 16
#define CS_MAX_SUBTREES 64
#define CS_MAX_QC_STATEMENTS 16

/* ---- names ---------------------------------------------------------- */

typedef struct cs_attr {
    cs_span oid;       /* content octets of the attribute type */
    cs_oid_id type;    /* CS_OID_AT_* or CS_OID_UNKNOWN */
    uint8_t tag;       /* universal tag of the value (CS_TAG_UTF8_STRING, ...) */
    uint8_t tag_class; /* CS_DER_CLASS_* of the value (normally universal) */
    cs_span value;     /* content octets of the value, as encoded */
    uint16_t rdn;      /* index of the RDN holding this attribute */
    uint8_t rdn_size;  /* number of attributes in that RDN (>1: multi-valued) */
} cs_attr;

typedef struct cs_name {
    cs_span der;       /* the whole Name TLV, for byte comparison */
    uint16_t n_rdns;
    uint16_t n_attrs;
    cs_attr attrs[CS_MAX_NAME_ATTRS];
} cs_name;

/* ---- general names (RFC 5280 4.2.1.6) ------------------------------- */

typedef enum cs_gn_type {
    CS_GN_OTHER_NAME = 0,
    CS_GN_RFC822 = 1,
    CS_GN_DNS = 2,
    CS_GN_X400 = 3,
    CS_GN_DIRECTORY = 4,
    CS_GN_EDI_PARTY = 5,
    CS_GN_URI = 6,
    CS_GN_IP = 7,
    CS_GN_REGISTERED_ID = 8,
} cs_gn_type;

typedef struct cs_general_name {
    uint8_t type;        /* cs_gn_type */
    cs_span value;       /* rfc822/dns/uri: the IA5 octets; ip: 4/16 (or 8/32 in name
                            constraints) octets; directory: the Name TLV; registeredID:
                            OID content; otherName: the content of the [0] EXPLICIT value */
    cs_span der;         /* the whole GeneralName TLV */
    /* otherName only */
    cs_span other_oid;   /* type-id content */
    cs_oid_id other_type;/* e.g. CS_OID_ON_SMTP_UTF8_MAILBOX */
    uint8_t other_tag;   /* universal tag of the inner value (UTF8String for SmtpUTF8Mailbox) */
    cs_span other_value; /* content octets of that inner value */
} cs_general_name;

typedef struct cs_gn_list {
    uint16_t n;
    const cs_general_name *items; /* points into cs_cert.gn_pool */
} cs_gn_list;

/* ---- algorithms and keys -------------------------------------------- */

typedef struct cs_algid {
    cs_span der;          /* whole AlgorithmIdentifier TLV: compare byte for byte */
    cs_span oid;
    cs_oid_id id;
    bool has_params;
    cs_span params;       /* whole parameters TLV (e.g. 05 00), empty when absent */
} cs_algid;

typedef enum cs_key_type {
    CS_KEY_UNKNOWN = 0,
    CS_KEY_RSA,
    CS_KEY_RSA_PSS,
    CS_KEY_EC,
    CS_KEY_DSA,
    CS_KEY_ED25519,
    CS_KEY_ED448,
    CS_KEY_X25519,
    CS_KEY_X448,
    CS_KEY_ML_DSA,  /* ML-DSA-44/65/87: see key_param_set */
    CS_KEY_ML_KEM,  /* ML-KEM-512/768/1024: see key_param_set */
} cs_key_type;

typedef struct cs_spki {
    cs_span der;             /* whole SubjectPublicKeyInfo TLV */
    cs_algid alg;
    cs_key_type type;
    cs_oid_id curve;         /* EC: named curve id (CS_OID_CURVE_*), UNKNOWN otherwise */
    cs_span curve_oid;       /* EC: named curve content octets */
    bool ec_explicit_params; /* EC: parameters are not a named curve */
    uint16_t key_param_set;  /* ML-DSA: 44/65/87, ML-KEM: 512/768/1024 */
    uint8_t key_unused_bits; /* unused-bits octet of the subjectPublicKey BIT STRING */
    cs_span key;             /* subjectPublicKey bits (after the unused-bits octet) */
    uint32_t key_bits;       /* RSA/DSA: modulus/p bits; EC: field size; others: key length*8 */
    cs_span rsa_modulus;     /* RSA: INTEGER content octets (may carry a leading 0x00) */
    cs_span rsa_exponent;    /* RSA: INTEGER content octets */
} cs_spki;

/* ---- time ----------------------------------------------------------- */

typedef struct cs_time {
    cs_span raw;   /* content octets as encoded */
    uint8_t tag;   /* CS_TAG_UTC_TIME or CS_TAG_GENERALIZED_TIME */
    bool valid;    /* decoded; false when the text could not be read at all */
    int64_t t;     /* seconds since 1970-01-01T00:00:00Z */
} cs_time;

/* ---- extensions ----------------------------------------------------- */

typedef struct cs_ext {
    cs_span oid;
    cs_oid_id id;
    bool critical;
    bool critical_encoded;   /* the BOOLEAN was present in the encoding (DEFAULT FALSE encoded if !critical) */
    bool decoded;            /* a known extension whose value decoded cleanly into the view */
    cs_span value;           /* extnValue OCTET STRING content */
    cs_span der;             /* whole Extension TLV */
} cs_ext;

/* keyUsage bits, as masks: bit n of the BIT STRING is (1u << n). */
enum {
    CS_KU_DIGITAL_SIGNATURE = 1u << 0,
    CS_KU_NON_REPUDIATION = 1u << 1,
    CS_KU_KEY_ENCIPHERMENT = 1u << 2,
    CS_KU_DATA_ENCIPHERMENT = 1u << 3,
    CS_KU_KEY_AGREEMENT = 1u << 4,
    CS_KU_KEY_CERT_SIGN = 1u << 5,
    CS_KU_CRL_SIGN = 1u << 6,
    CS_KU_ENCIPHER_ONLY = 1u << 7,
    CS_KU_DECIPHER_ONLY = 1u << 8,
};

/* Size that holds the names of every keyUsage bit. */
#define CS_KU_NAMES_MAX 160
/* The keyUsage bits set in `bits` by name ("digitalSignature,
 * keyEncipherment"; bits past decipherOnly as "bit9"...; "none" when no
 * bit is set), for rule details.  Cut to fit size; returns out. */
const char *cs_ku_names(uint16_t bits, char *out, size_t size);

typedef enum cs_qualifier_kind {
    CS_QUALIFIER_OTHER = 0,
    CS_QUALIFIER_CPS,
    CS_QUALIFIER_UNOTICE,
} cs_qualifier_kind;

typedef struct cs_policy_qualifier {
    uint8_t kind;              /* cs_qualifier_kind */
    cs_span oid;
    cs_span cps_uri;           /* CPS: IA5String content */
    uint8_t cps_uri_tag;       /* CPS: tag actually used */
    bool has_notice_ref;       /* unotice */
    bool has_explicit_text;
    uint8_t explicit_text_tag; /* UTF8String, IA5String, VisibleString or BMPString */
    cs_span explicit_text;
} cs_policy_qualifier;

typedef struct cs_policy {
    cs_span oid;
    cs_oid_id id;
    uint16_t first_qualifier;  /* index into cs_cert.policies.qualifiers */
    uint16_t n_qualifiers;
} cs_policy;

typedef struct cs_access_description {
    cs_span method_oid;
    cs_oid_id method;          /* CS_OID_AD_OCSP, CS_OID_AD_CA_ISSUERS, ... */
    const cs_general_name *location;
} cs_access_description;

typedef struct cs_dist_point {
    bool has_full_name;
    cs_gn_list full_name;
    bool has_relative_name;
    bool has_reasons;
    bool has_crl_issuer;
    cs_gn_list crl_issuer;
} cs_dist_point;

typedef struct cs_subtree {
    const cs_general_name *base;
    bool has_minimum;          /* minimum encoded (DEFAULT 0) */
    int64_t minimum;
    bool has_maximum;
} cs_subtree;

typedef struct cs_qc_statement {
    cs_span oid;
    cs_span info;              /* statementInfo TLV, empty when absent */
} cs_qc_statement;

/* ---- derived classification ----------------------------------------- */

typedef enum cs_smime_type {
    CS_SMIME_TYPE_NONE = 0,
    CS_SMIME_MAILBOX = 1,      /* 2.23.140.1.5.1.x */
    CS_SMIME_ORGANIZATION = 2, /* 2.23.140.1.5.2.x */
    CS_SMIME_SPONSORED = 3,    /* 2.23.140.1.5.3.x */
    CS_SMIME_INDIVIDUAL = 4,   /* 2.23.140.1.5.4.x */
} cs_smime_type;

typedef enum cs_smime_generation {
    CS_SMIME_GEN_NONE = 0,
    CS_SMIME_LEGACY = 1,
    CS_SMIME_MULTIPURPOSE = 2,
    CS_SMIME_STRICT = 3,
} cs_smime_generation;

typedef enum cs_tls_level {
    CS_TLS_LEVEL_NONE = 0,
    CS_TLS_DV,
    CS_TLS_OV,
    CS_TLS_IV,
    CS_TLS_EV,
} cs_tls_level;

/* Why a certificate that is not a CA is in TLS subscriber scope. */
typedef enum cs_tls_scope {
    CS_TLS_SCOPE_NONE = 0,
    CS_TLS_SCOPE_OWN,    /* serverAuth or a CA/B Forum TLS policy OID */
    CS_TLS_SCOPE_ISSUER, /* its issuer, known from a chain, is a TLS CA (cs_cert_is_tls_ca) */
    CS_TLS_SCOPE_ZLINT,  /* only zlint's wider scope: every certificate that is not a CA */
} cs_tls_scope;

/* ---- the view ------------------------------------------------------- */

typedef struct cs_cert {
    cs_span der;                /* the certificate (or, for tbs_only, the TBSCertificate) */
    bool tbs_only;              /* parsed from a bare TBSCertificate: no outer signature */
    cs_span tbs;                /* whole TBSCertificate TLV */
    /* The view of the certificate that signed this one, when the caller
     * knows it (a CT chain, `lint --issuer`); NULL otherwise.  Parsing
     * resets it to NULL (it lies in the head that reset() clears whole);
     * callers set it after parsing and before cs_lint(), and it must stay
     * valid until the lint returns.  Rules that need it do not apply
     * without it. */
    const struct cs_cert *issuer_cert;
    /* Whether the signature rules verify the signature under issuer_cert's
     * key: set by cs_lint() from the rule set's options (verification
     * costs several times the rest of the lint, so it is asked for). */
    bool verify_signature;

    int version;                /* 1, 2 or 3 (decoded value + 1); 1 when absent */
    bool version_encoded;       /* [0] present (DEFAULT v1 encoded if version == 1) */
    cs_span serial;             /* INTEGER content octets as encoded */
    bool serial_negative;
    bool serial_zero;
    uint16_t serial_magnitude_len; /* octets of the magnitude, without leading 0x00 */

    cs_algid tbs_sig_alg;       /* tbsCertificate.signature */
    cs_algid sig_alg;           /* Certificate.signatureAlgorithm (empty when tbs_only) */
    uint8_t sig_unused_bits;
    cs_span signature;          /* signatureValue bits */

    cs_name issuer;
    cs_name subject;
    cs_time not_before;
    cs_time not_after;
    cs_spki spki;
    bool has_issuer_unique_id;
    bool has_subject_unique_id;

    bool has_extensions;        /* [3] present (even if empty) */
    uint16_t n_exts;
    cs_ext exts[CS_MAX_EXTENSIONS];

    /* Decoded extensions.  `present` means the extension was seen; `ext`
     * points at its entry in exts[] (the first one if duplicated). */
    struct { bool present; const cs_ext *ext; bool ca; bool ca_encoded; bool has_path_len; int64_t path_len; } bc;
    struct { bool present; const cs_ext *ext; uint16_t bits; uint8_t unused_bits; cs_span raw; } ku;
    struct { bool present; const cs_ext *ext; uint16_t n; cs_span oids[CS_MAX_EKUS]; cs_oid_id ids[CS_MAX_EKUS]; } eku;
    struct { bool present; const cs_ext *ext; cs_gn_list names; } san;
    struct { bool present; const cs_ext *ext; cs_gn_list names; } ian;
    struct {
        bool present; const cs_ext *ext;
        uint16_t n; cs_policy items[CS_MAX_POLICIES];
        uint16_t n_qualifiers; cs_policy_qualifier qualifiers[CS_MAX_QUALIFIERS];
    } policies;
    struct {
        bool present; const cs_ext *ext;
        bool has_key_id; cs_span key_id;
        bool has_issuer; cs_gn_list issuer;
        bool has_serial; cs_span serial;
    } aki;
    struct { bool present; const cs_ext *ext; cs_span key_id; } ski;
    struct { bool present; const cs_ext *ext; uint16_t n; cs_access_description items[CS_MAX_ACCESS]; } aia;
    struct { bool present; const cs_ext *ext; uint16_t n; cs_dist_point items[CS_MAX_DIST_POINTS]; } crldp;
    struct {
        bool present; const cs_ext *ext;
        uint16_t n_permitted; cs_subtree permitted[CS_MAX_SUBTREES];
        uint16_t n_excluded; cs_subtree excluded[CS_MAX_SUBTREES];
    } name_constraints;
    struct { bool present; const cs_ext *ext; bool value_is_null; } ct_poison;
    struct { bool present; const cs_ext *ext; cs_span list; uint16_t n_scts; } sct_list;
    struct { bool present; const cs_ext *ext; uint16_t n; cs_qc_statement items[CS_MAX_QC_STATEMENTS]; } qc_statements;
    struct { bool present; const cs_ext *ext; cs_span raw; } sda;

    /* Derived facts (filled by cs_cert_classify(), called by cs_cert_parse()). */
    bool is_ca;                 /* basicConstraints cA = TRUE */
    bool is_self_issued;        /* issuer and subject DER are identical */
    bool is_precert;            /* carries the CT poison extension */
    bool has_eku_server_auth;
    bool has_eku_email_protection;
    bool has_eku_any;
    bool has_mailbox_san;       /* rfc822Name or SmtpUTF8Mailbox in SAN */
    struct {
        bool subscriber;        /* in S/MIME scope and not a CA (see cs_cert_classify) */
        bool issuing_ca;        /* a CA certificate that issues S/MIME (emailProtection EKU or S/MIME policy) */
        bool reserved_oid;      /* carries one of the 12 reserved policy OIDs of SBR 7.1.6.1 */
        bool undefined_oid;     /* carries an OID under 2.23.140.1.5 that is none of them */
        uint8_t n_reserved_oids;/* how many of the 12 it carries */
        /* The profile: cs_smime_type and cs_smime_generation of the first
         * reserved OID (pkilint order), NONE without one.  Only the 12
         * reserved OIDs select a profile, unless cs_lint() guessed one
         * (ruleset option smime_guess, cs_cert_smime_guess): then
         * profile_guessed is set. */
        uint8_t type;
        uint8_t generation;
        bool profile_guessed;
    } smime;
    struct {
        /* In TLS subscriber scope (may be S/MIME too): `scope` says why.
         * cs_cert_classify sets it from the certificate alone (OWN);
         * cs_cert_set_tls_scope, called by cs_lint() once the issuer is
         * known, widens it (ISSUER, ZLINT). */
        bool subscriber;
        uint8_t scope;          /* cs_tls_scope */
        uint8_t level;          /* cs_tls_level from 2.23.140.1.{1,2.x} */
    } tls;
    /* The date the rules are evaluated at: the notBefore, or the ruleset's
     * as-of date.  Set by cs_lint() before the rules run (invalid when
     * undated); a rule whose requirement changes at a date inside its
     * effective window compares with this, not with the notBefore. */
    bool rules_time_valid;
    int64_t rules_time;
    int64_t validity_seconds;   /* notAfter - notBefore + 1 (RFC 5280 counts both ends) */
    uint8_t sha256[32];         /* of der */

    cs_faults faults;

    uint16_t n_gn;
    cs_general_name gn_pool[CS_MAX_GENERAL_NAMES];
} cs_cert;

typedef struct cs_parse_error {
    uint32_t offset;            /* byte offset in the input where parsing stopped */
    /* The field and what is wrong, without the offset:
     * "tbsCertificate.validity: expected SEQUENCE (0x30), found INTEGER (0x02)". */
    char reason[200];
    /* The same without what varies from one certificate to the next, to
     * count failures by kind: "tbsCertificate.validity: unexpected tag". */
    char kind[120];
} cs_parse_error;

/* Parses a complete Certificate.  Returns true on success; on failure the
 * view is unusable and err says why and where.  `der` must outlive the
 * view.  The whole buffer must be one certificate: bytes after it are
 * recorded as a TRAILING_DATA fault. */
bool cs_cert_parse(cs_cert *c, const uint8_t *der, size_t len, cs_parse_error *err);

/* Options for the _ex variants. */
enum {
    CS_PARSE_NO_SHA256 = 1u << 0, /* leave sha256 zeroed (benchmarks, tools that do not need it) */
};

/* cs_cert_parse / cs_tbs_parse with CS_PARSE_* flags. */
bool cs_cert_parse_ex(cs_cert *c, const uint8_t *der, size_t len, unsigned flags,
                      cs_parse_error *err);
bool cs_tbs_parse_ex(cs_cert *c, const uint8_t *der, size_t len, unsigned flags,
                     cs_parse_error *err);

/* Parses a bare TBSCertificate (pre-issuance linting): sig_alg and
 * signature stay empty and tbs_only is set. */
bool cs_tbs_parse(cs_cert *c, const uint8_t *der, size_t len, cs_parse_error *err);

/* Fills the derived facts from the decoded fields.  Called by the parse
 * functions; exposed for tests. */
void cs_cert_classify(cs_cert *c);

/* True for an OID under 2.23.140.1.5 (the S/MIME BR arc) that is not one
 * of the 12 reserved policy identifiers of SBR 7.1.6.1. */
bool cs_policy_undefined_smime(const cs_policy *p);

/* The S/MIME profile guessed for an in-scope certificate that has no
 * reserved policy OID (pkilint's --guess for the type; the generation
 * from the extensions), as of c->rules_time.  The heuristics are
 * documented in docs/profile-detection.md. */
typedef struct cs_smime_profile {
    uint8_t type;       /* cs_smime_type */
    uint8_t generation; /* cs_smime_generation */
} cs_smime_profile;
cs_smime_profile cs_cert_smime_guess(const cs_cert *c);

/* Sets (guess true) or clears the guessed S/MIME profile: a certificate
 * in S/MIME scope without a reserved policy OID gets cs_cert_smime_guess()
 * as its profile, with profile_guessed set.  A profile from a reserved
 * OID is never replaced.  Called by cs_lint() after rules_time is set. */
void cs_cert_set_smime_guess(cs_cert *c, bool guess);

/* A CA certificate that shows it issues TLS certificates: serverAuth in
 * its EKU or a CA/B Forum TLS policy OID.  Having no EKU is not enough:
 * roots without EKU head S/MIME, code signing and private hierarchies. */
bool cs_cert_is_tls_ca(const cs_cert *ca);

/* Widens TLS subscriber scope beyond what cs_cert_classify read from the
 * certificate (BR 7.1.2: every certificate a TLS CA issues follows one of
 * the profiles): a certificate that is not a CA, whose known issuer
 * (issuer_cert) is a TLS CA, is a subscriber unless it is in S/MIME scope
 * or carries id-kp-OCSPSigning (an OCSP responder, 7.1.2.8).  With
 * zlint_wide every certificate that is not a CA is (zlint applies its
 * CABF_BR lints so), to compare results with zlint's.  Idempotent; called
 * by cs_lint() after rules_time is set. */
void cs_cert_set_tls_scope(cs_cert *c, bool zlint_wide);

/* Helpers for rules. */
const cs_ext *cs_cert_find_ext(const cs_cert *c, cs_oid_id id);
/* Number of subject attributes of a type, and the first one (NULL if none). */
unsigned cs_name_count(const cs_name *n, cs_oid_id type);
const cs_attr *cs_name_find(const cs_name *n, cs_oid_id type);
bool cs_cert_has_eku(const cs_cert *c, cs_oid_id id);
bool cs_cert_has_policy(const cs_cert *c, cs_oid_id id);

/* One-line RFC 4514-style rendering of a Name ("CN=x,O=y", most
 * significant RDN last as OpenSSL's -nameopt RFC2253 does, attributes of a
 * multi-valued RDN reversed too, joined with '+'; unknown types dotted).  Values are
 * copied as bytes (not validated): callers escape for their output. */
size_t cs_name_to_text(const cs_name *n, char *buf, size_t size);

#endif
