/* Helpers shared by the TLS Baseline Requirements rules: applicability,
 * the SC-081 validity schedule, the short-lived threshold, DNS name and
 * IP address checks. */
#ifndef CS_RULES_TLS_COMMON_H
#define CS_RULES_TLS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/country.h"
#include "lint/name_syntax.h"
#include "lint/psl.h"
#include "lint/rule.h"

/* BR 1.0 took effect on 2012-07-01; the 2.0 profile (SC-62) on 2023-09-15. */
#define TLS_BR_START "2012-07-01"
#define TLS_BR_V2_PROFILE "2023-09-15"

/* TLS subscriber (server) certificate, as classified by the view. */
bool tls_subscriber(const cs_cert *c);
/* TLS subscriber certificate with a subjectAltName extension. */
bool tls_subscriber_with_san(const cs_cert *c);
/* TLS subscriber, a CA certificate of one of the TLS BR 7.1.2 CA profiles
 * or an OCSP responder of a known TLS CA (lint/tls_ca_kind.h): sections 7.1.3 and
 * 7.1.4 cover every certificate of the hierarchy, not only subscribers.
 * A certificate in both TLS and S/MIME scope is checked by both rule sets. */
bool tls_in_scope(const cs_cert *c);
/* TLS subscriber that is a precertificate (CT poison present). */
bool tls_precert(const cs_cert *c);
/* A precertificate whose known issuer is a Precertificate Signing CA (its
 * EKU holds 1.3.6.1.4.1.11129.2.4.4): BR 7.1.2.9.2 / 7.1.2.9.4 apply. */
bool tls_precert_from_signing_ca(const cs_cert *c);

/* BR 6.3.2: one step of the maximum validity schedule (SC-081). */
typedef struct tls_validity_step {
    const char *from;   /* notBefore >= from ("YYYY-MM-DD"), as in the rule metadata */
    const char *until;  /* notBefore < until; NULL = open */
    int64_t from_t;     /* the same dates as seconds (checked against the strings by the tests) */
    int64_t until_t;    /* INT64_MAX when open */
    int64_t max_days;   /* MUST NOT exceed this many 86,400 s days */
} tls_validity_step;

extern const tls_validity_step tls_validity_schedule[];
extern const size_t tls_validity_schedule_len;

/* Checks the validity period against the schedule step in force at
 * notBefore; CS_NA when no step covers it. */
cs_result tls_check_validity(const cs_cert *c, cs_detail *d);

/* The limits before ballot SC-31 (2020), which did not count both ends of
 * the validity period: fails when notAfter is later than notBefore plus
 * `months` calendar months (the day of the month kept). */
cs_result tls_check_validity_months(const cs_cert *c, cs_detail *d, int months);

/* BR 1.6.1 "Short-lived Subscriber Certificate" for this notBefore. */
bool tls_short_lived(const cs_cert *c);

/* BR 1.0 11.1.4 (1.3.0 7.1.4.2.1): Reserved IP Addresses and Internal
 * Names were allowed in certificates with "an Expiry Date" not "later
 * than 1 November 2015" (notAfter on or before that day, UTC), issued
 * while those rules were in force (rules time before 2015-11-02). */
bool tls_br1_internal_names_allowed(const cs_cert *c);

/* BR Reserved IP Address (IANA special-purpose registries, plus
 * multicast).  len is 4 or 16. */
bool tls_ip_reserved(const uint8_t *ip, size_t len);

/* Text form of an iPAddress SAN as BR 7.1.4.3 requires in the CN:
 * RFC 3986 dotted decimal for IPv4, RFC 5952 for IPv6.  Returns the
 * length written (0 for a bad length). */
size_t tls_ip_to_text(const uint8_t *ip, size_t len, char *buf, size_t size);

/* True when the commonName value `cn` is one of the subjectAltName
 * values.  Exact (BR 7.1.4.3): character-for-character for dNSName, the
 * RFC 3986/5952 text for iPAddress.  Loose (BR 1.x 7.1.4.2.2(a), "one of
 * the values"): dNSName compared case-insensitively, an iPAddress
 * matched by the address the text denotes. */
bool tls_cn_in_san(const cs_cert *c, cs_span cn, bool loose);

/* True for an http:// URL (scheme case-insensitive); https too when
 * allow_https. */
bool tls_url_is_http(cs_span uri, bool allow_https);

/* BR 7.1.2.10.3, 7.1.2.7.7 (revocation.c): a present AIA that is critical,
 * empty, or has an accessMethod other than OCSP/caIssuers, a location that
 * is not an http:// URI, or a location repeated for a method. */
cs_result tls_check_aia_present(const cs_cert *c, cs_detail *d);
/* BR 7.1.2.11.2 (revocation.c): a present CRLDP that is critical, empty,
 * has reasons/cRLIssuer, no fullName, or a name not an http:// URI. */
cs_result tls_check_crldp_present(const cs_cert *c, cs_detail *d);

/* Whether the EKU holds a key purpose other than `only` (BR 7.1.2.4.2,
 * 7.1.2.8.5); writes the first one's name (or dotted OID) to name. */
bool tls_eku_other_than(const cs_cert *c, cs_oid_id only, char *name, size_t size);

/* BR 7.1.2.7.2, 7.1.2.10.2, EVG 9.2 (subject tables): fails, naming it,
 * on the first subject attribute whose type is not one of `allowed`
 * ("<who> holds <attribute>"). */
cs_result tls_check_subject_allowed(const cs_cert *c, const cs_oid_id *allowed, size_t n, const char *who,
                                    cs_detail *d);

/* BR 7.1.6.1 (policies.c): one of the four reserved TLS policy OIDs. */
bool tls_policy_is_reserved(cs_oid_id id);
/* BR 7.1.2.10.5, 7.1.2.7.9 (policies.c): the qualifiers of p are only
 * id-qt-cps with an IA5String http(s) URL. */
cs_result tls_check_policy_qualifiers(const cs_cert *c, const cs_policy *p, cs_detail *d);

#endif
