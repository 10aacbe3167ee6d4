/* The organizationIdentifier syntax both CA/B Forum profiles share (EV
 * Guidelines 9.2.8, S/MIME BR 7.1.4.2.2(d)):
 *
 *   SSS CC [ '+' SP ] [ '-' REFERENCE ]
 *
 * a 3-letter registration scheme, a 2-letter country, an optional
 * subdivision after '+', and the reference after the leftmost hyphen
 * (references may hold hyphens, the other parts may not).  Which schemes,
 * countries and subdivisions are allowed is each profile's business. */
#ifndef CS_LINT_ORGID_H
#define CS_LINT_ORGID_H

#include <stdbool.h>

#include "util/span.h"

typedef struct cs_orgid {
    bool well_formed; /* scheme and country are 3 + 2 upper-case letters, no junk; a '-' has a reference */
    char scheme[4];
    char cc[3];
    bool has_sp;
    cs_span sp;       /* the subdivision (points into the parsed text) */
    bool has_ref;
    cs_span ref;      /* the registration reference (points into the parsed text) */
} cs_orgid;

/* Parses the value text `v` (UTF-8 / ASCII); never fails, see well_formed. */
void cs_orgid_parse(cs_span v, cs_orgid *o);

/* True when the scheme is `s` (three letters). */
bool cs_orgid_scheme_is(const cs_orgid *o, const char *s);

#endif
