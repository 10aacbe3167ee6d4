/* ISO 3166-1 country codes, for every rule family that checks a
 * countryName, jurisdictionCountryName or organizationIdentifier. */
#ifndef CS_LINT_COUNTRY_H
#define CS_LINT_COUNTRY_H

#include <stdbool.h>

#include "util/span.h"

/* True when `code` is exactly two upper-case letters forming an
 * officially assigned ISO 3166-1 alpha-2 code.  User-assigned codes (AA,
 * QM..QZ, XA..XZ, ZZ) are not: rules that accept "XX" say so themselves. */
bool cs_iso3166_alpha2(cs_span code);

#endif
