/* Helpers shared by the RFC 5280 rules (and reused by the TLS rules):
 * encoding-fault lookup by location, URI syntax, PrintableString.
 * Domain and mailbox syntax and Punycode are in lint/name_syntax.h.  All
 * pure and allocation-free. */
#ifndef CS_RULES_RFC5280_COMMON_H
#define CS_RULES_RFC5280_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/gn_syntax.h"
#include "lint/name_syntax.h"
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

#endif
