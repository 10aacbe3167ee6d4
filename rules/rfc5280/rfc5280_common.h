/* Helpers shared by the RFC 5280 rules (and reused by the TLS rules):
 * encoding-fault lookup by location, name syntaxes (preferred name syntax,
 * addr-spec, PrintableString), Punycode.  All pure and allocation-free. */
#ifndef CS_RULES_RFC5280_COMMON_H
#define CS_RULES_RFC5280_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/rule.h"

/* Every check applies to every certificate. */
bool rfc5280_all(const cs_cert *c);

/* True when byte offset `off` (from the start of c->der) lies inside s. */
bool rfc5280_offset_in(const cs_cert *c, cs_span s, uint32_t off);

/* The first recorded fault whose kind is in `kinds` (n of them) and whose
 * offset is not inside any of the `skip` spans (n_skip, may be 0).
 * Returns NULL when there is none. */
const cs_fault *rfc5280_find_fault(const cs_cert *c, const uint16_t *kinds, size_t n,
                                   const cs_span *skip, size_t n_skip);

/* Fails with "<FAULT_NAME> at offset N (<description>)" for the first
 * matching fault, passes otherwise.  The shared body of the DER rules. */
cs_result rfc5280_report_faults(const cs_cert *c, cs_detail *d, const uint16_t *kinds, size_t n,
                                const cs_span *skip, size_t n_skip);

/* Which rule reports each fault kind (every kind has exactly one owner;
 * tests/test_rules_rfc5280_der.c checks that the table is complete). */
const char *rfc5280_fault_owner(cs_fault_kind k);

/* Fails for the first fault owned by rule `owner` that lies outside the
 * skip spans; passes otherwise. */
cs_result rfc5280_report_owned(const cs_cert *c, cs_detail *d, const char *owner,
                               const cs_span *skip, size_t n_skip);

/* RFC 1034 3.5 preferred name syntax as amended by RFC 1123 2.1 (labels
 * may start with a digit), with a leftmost "*" label tolerated when
 * allow_wildcard.  Returns NULL when valid, else a static reason. */
const char *rfc5280_dns_syntax_error(cs_span name, bool allow_wildcard);

/* RFC 5322 addr-spec as RFC 5280 4.2.1.6 requires for rfc822Name
 * (dot-atom or quoted-string local part, domain in preferred name
 * syntax).  Returns NULL when valid, else a static reason. */
const char *rfc5280_mailbox_syntax_error(cs_span addr);

/* A name syntax: NULL when the value is valid, else a static reason. */
typedef const char *(*rfc5280_syntax_fn)(cs_span value);

/* Fails with "<label> '<value>': <reason>" (value cut at 64 bytes) for the
 * first entry of `list` of `type` that `why` gives a reason for; passes
 * otherwise.  The shared body of the SAN and issuerAltName syntax rules. */
cs_result rfc5280_gn_syntax(const cs_gn_list *list, cs_detail *d, cs_gn_type type, const char *label,
                            rfc5280_syntax_fn why);
/* rfc5280_gn_syntax over the subjectAltName. */
cs_result rfc5280_san_syntax(const cs_cert *c, cs_detail *d, cs_gn_type type, const char *label,
                             rfc5280_syntax_fn why);

/* A GeneralName with an empty value (RFC 5280 4.2.1.6: none may be
 * empty): empty strings and octets, an empty directoryName. */
bool rfc5280_gn_empty(const cs_general_name *g);

/* RFC 5280 4.2.1.6 / 4.2.1.7 uniformResourceIdentifier: an absolute URI
 * (RFC 3986 4.3: a scheme and a scheme-specific part, only the characters
 * RFC 3986 allows, well-formed percent escapes) whose authority, when it
 * has one, names a fully qualified domain name (two labels at least) or an
 * IP address.  NULL when valid (or empty: emptiness has its own rules),
 * else a static reason. */
const char *rfc5280_uri_error(cs_span uri);

/* X.680 PrintableString character set. */
bool rfc5280_printable_char(uint8_t ch);

/* Decodes the Punycode part of an "xn--" label (RFC 3492 6.2) and checks
 * the result: false when it does not decode, decodes to nothing but
 * ASCII, or yields code points that are not Unicode scalar values. */
bool rfc5280_punycode_valid(const uint8_t *in, size_t len);

/* Number of characters of a string attribute value given its tag (UTF-8
 * code points, BMP/Universal units); bytes for other tags. */
size_t rfc5280_string_chars(uint8_t tag, cs_span v);

/* Case-insensitive ASCII comparison of two spans. */
bool rfc5280_span_eq_nocase(cs_span a, cs_span b);

#endif
