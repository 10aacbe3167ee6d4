/* certsweep.h -- the certsweep library: lint X.509 certificates against
 * the CA/Browser Forum S/MIME and TLS Baseline Requirements and RFC 5280.
 *
 * This is the one public header of libcertsweep (static and shared).  It
 * exposes opaque handles and plain C types only; nothing of the internal
 * layers.  Typical use (see examples/embed.c and docs/library.md):
 *
 *     char err[256];
 *     csw_ruleset *rs = csw_ruleset_open("all", err, sizeof err);   // once
 *     ...
 *     csw_findings *f = csw_lint_der(rs, der, len, 0, err, sizeof err);
 *     if (!f) { reject: err says why the bytes are not a certificate }
 *     for (size_t i = 0; i < csw_findings_count(f); i++) {
 *         const csw_finding *x = csw_finding_get(f, i);
 *         printf("%s %s: %s\n", csw_severity_name(x->severity), x->rule_id, x->detail);
 *     }
 *     csw_findings_free(f);
 *     ...
 *     csw_ruleset_close(rs);
 *
 * Threads: a csw_ruleset is immutable once opened and may be shared by any
 * number of threads; each lint call is independent (it allocates its own
 * working memory), and a csw_findings belongs to the caller that got it.
 *
 * Ownership: every pointer returned by the library points into the object
 * it was obtained from (ruleset or findings) and lives as long as it;
 * strings returned as `char *` are the caller's, freed with csw_free().
 *
 * ABI: the structs below are only ever read by callers and only grow at
 * their end, so a program built against this header keeps working with a
 * later library of the same major version. */
#ifndef CERTSWEEP_H
#define CERTSWEEP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CSW_VERSION_MAJOR 0
#define CSW_VERSION_MINOR 1
#define CSW_VERSION_PATCH 0

/* "0.1.0": the library's version (may differ from the header's). */
const char *csw_version(void);

/* ---- severities -------------------------------------------------------- */

typedef enum csw_severity {
    CSW_SEV_NOTICE = 0,
    CSW_SEV_WARNING = 1,
    CSW_SEV_ERROR = 2,
} csw_severity;

/* "notice", "warning", "error" ("?" for anything else). */
const char *csw_severity_name(csw_severity s);

/* ---- rule sets --------------------------------------------------------- */

typedef struct csw_ruleset csw_ruleset;

/* Opens a rule set.  selection is a comma-separated list of sources
 * ("smime", "tls", "rfc5280") and rule ids; a leading '-' removes an item
 * ("all,-rfc5280_serial_zero"); NULL, "" and "all" select every rule.  On
 * an unknown name returns NULL and writes a message naming it into err
 * (err may be NULL when errlen is 0). */
csw_ruleset *csw_ruleset_open(const char *selection, char *err, size_t errlen);
void csw_ruleset_close(csw_ruleset *rs);

/* Options for csw_ruleset_open_ex. */
enum {
    /* A certificate in S/MIME scope without one of the 12 reserved S/MIME
     * policy OIDs gets a guessed profile (type from the subject, as
     * pkilint's --guess; generation from the extensions), so the profile
     * rules check it too; the findings JSON marks the profile "guessed".
     * The heuristics: docs/profile-detection.md. */
    CSW_RULES_SMIME_GUESS = 1u << 0,
    /* The TLS subscriber rules judge every certificate that is not a CA,
     * as zlint's CABF_BR lints do, instead of the TLS BR scope (serverAuth,
     * a TLS policy OID, or an issuer known to be a TLS CA): for comparing
     * results with zlint's (docs/profile-detection.md). */
    CSW_RULES_TLS_SCOPE_ZLINT = 1u << 1,
    /* With the issuer known (csw_lint_der_with_issuer), the signature is
     * verified under the issuer's key: smime_signature_invalid and
     * rfc5280_signature_invalid apply. */
    CSW_RULES_VERIFY_SIGNATURES = 1u << 2,
};

/* As csw_ruleset_open, choosing how the rules are evaluated.  as_of
 * "YYYY-MM-DD" evaluates the rules in force on that day (00:00 UTC)
 * instead of at each certificate's notBefore (NULL: the notBefore);
 * options is a set of CSW_RULES_* flags.  A malformed date or an unknown
 * option is an error (NULL, with a message in err). */
csw_ruleset *csw_ruleset_open_ex(const char *selection, const char *as_of, unsigned options, char *err,
                                 size_t errlen);

/* One rule's metadata.  Strings are static; effective/ineffective are
 * "YYYY-MM-DD" or NULL (the rule applies to certificates whose notBefore,
 * or the rule set's as-of date, is on or after `effective` and before
 * `ineffective`). */
typedef struct csw_rule {
    const char *id;          /* smime_*, tls_*, rfc5280_*: stable */
    csw_severity severity;
    const char *source;      /* "smime", "tls" or "rfc5280" */
    const char *citation;    /* "SBR 7.1.2.3(e)", "RFC 5280 4.1.2.2", ... */
    const char *effective;
    const char *ineffective;
    const char *description; /* one line */
    const char *applies_to;  /* one line: which certificates the rule checks */
} csw_rule;

/* Rules of the set, sorted by id; csw_rule_info returns NULL when i is
 * out of range. */
size_t csw_rule_count(const csw_ruleset *rs);
const csw_rule *csw_rule_info(const csw_ruleset *rs, size_t i);

/* ---- linting ----------------------------------------------------------- */

typedef struct csw_findings csw_findings;

/* Flags for csw_lint_der. */
enum {
    /* The bytes are a bare TBSCertificate (pre-issuance linting): the
     * certificate is linted as it will be signed; rules about the outer
     * signature do not apply. */
    CSW_LINT_TBS = 1u << 0,
    /* Decide between Certificate and TBSCertificate from the structure
     * (a Certificate's first element is a SEQUENCE, a TBSCertificate's is
     * the [0] version or the serial INTEGER).  Ignored with CSW_LINT_TBS. */
    CSW_LINT_DETECT = 1u << 1,
    /* Fail when the bytes after the first element begin another DER
     * SEQUENCE: the input holds more than one certificate.  (Without it,
     * trailing bytes are linted as an encoding fault of the certificate.) */
    CSW_LINT_SINGLE = 1u << 2,
};

/* Lints one DER certificate (or TBSCertificate, see the flags) with every
 * rule of the set.  The bytes are copied: the caller may free them after
 * the call.  Returns NULL when the bytes cannot be walked as a certificate
 * at all (truncated, not DER, more than one with CSW_LINT_SINGLE) or on
 * out-of-memory, with the reason and byte offset in err.  Encodings that
 * are walkable but not DER are not an error here: rules report them as
 * findings. */
csw_findings *csw_lint_der(const csw_ruleset *rs, const uint8_t *der, size_t len, unsigned flags,
                           char *err, size_t errlen);

/* As csw_lint_der, with the DER certificate of the issuing CA (the one
 * whose key signs, or will sign, the certificate).  The rules that need
 * the issuer (issuer DN encoding, authorityKeyIdentifier against the CA's
 * subjectKeyIdentifier, signature algorithm against the CA's key, S/MIME
 * issuance from Extant CAs) apply only with it; without it (issuer_der
 * NULL and issuer_len 0, which is csw_lint_der) they are not applicable.
 * The signature itself is not verified.  Returns NULL, with a reason
 * starting "issuer: " in err, when issuer_der is given but is not exactly
 * one DER Certificate (empty included).  The issuer's bytes are only read
 * during the call. */
csw_findings *csw_lint_der_with_issuer(const csw_ruleset *rs, const uint8_t *der, size_t len,
                                       const uint8_t *issuer_der, size_t issuer_len, unsigned flags,
                                       char *err, size_t errlen);
void csw_findings_free(csw_findings *f);

/* One finding.  Findings come in rule-id order, at most one per rule. */
typedef struct csw_finding {
    const char *rule_id;
    csw_severity severity;
    const char *detail;      /* short, specific; may quote (sanitized) certificate text */
    const char *citation;    /* the requirement's source section */
} csw_finding;

size_t csw_findings_count(const csw_findings *f);
const csw_finding *csw_finding_get(const csw_findings *f, size_t i);
/* Highest severity among the findings, or -1 when there are none. */
int csw_findings_worst(const csw_findings *f);
/* SHA-256 of the linted bytes (the certificate, or the TBSCertificate). */
const uint8_t *csw_findings_sha256(const csw_findings *f);
/* 1 when the linted bytes were a TBSCertificate, 0 otherwise. */
int csw_findings_is_tbs(const csw_findings *f);
/* The certificate's S/MIME profile as "type-generation" ("mailbox-strict",
 * "sponsored-legacy", ...), or NULL when it has none; *guessed (may be
 * NULL) is set to 1 when the profile was guessed (CSW_RULES_SMIME_GUESS),
 * 0 when a reserved policy OID gave it. */
const char *csw_findings_smime_profile(const csw_findings *f, int *guessed);

/* The findings as one JSON object followed by "\n": the line format of
 * `certsweep scan --findings` and `certsweep lint --json`, documented in
 * docs/findings.md.  input names where the certificate came from (NULL:
 * "-"); offset and line locate it there (-1: unknown).  Returns a string
 * to free with csw_free, or NULL on out-of-memory. */
char *csw_findings_to_json(const csw_findings *f, const char *input, long long offset, long long line);

/* ---- input helpers ----------------------------------------------------- */

/* Decodes the one certificate of a PEM text (RFC 7468: "-----BEGIN
 * CERTIFICATE-----" ... "-----END CERTIFICATE-----"; text outside the
 * block is ignored).  Returns the DER (free with csw_free) and its length,
 * with the byte offset and 1-based line of the BEGIN line in *offset and
 * *line (either may be NULL).  Returns NULL with a message in err when
 * there is no certificate block, more than one, a block that is not a
 * certificate, or bad base64.  Accepted labels: CERTIFICATE,
 * X509 CERTIFICATE, and TBS CERTIFICATE for a TBSCertificate. */
uint8_t *csw_pem_decode(const char *text, size_t len, size_t *der_len, size_t *offset,
                        size_t *line, char *err, size_t errlen);

/* True (1) when the bytes look like PEM (contain a "-----BEGIN " line). */
int csw_is_pem(const uint8_t *data, size_t len);

/* Frees what the library returned as caller-owned memory. */
void csw_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
