/* The Public Suffix List, through libpsl with the list the system ships
 * (Debian `publicsuffix`, loaded by psl_latest(): the newer of the
 * packaged file and the copy built into libpsl).  Verdicts on TLDs,
 * wildcards and registrable domains depend on the list's date, so reports
 * print cs_psl_version().  Loaded once; every function is thread-safe. */
#ifndef CS_LINT_PSL_H
#define CS_LINT_PSL_H

#include <stdbool.h>

#include "util/span.h"

/* True when `name` (case-insensitive, no trailing dot) is itself a public
 * suffix: a rule of the ICANN section, or of the private section too when
 * include_private.  The implicit "*" rule does not count: an unknown TLD
 * is not a public suffix here. */
bool cs_psl_is_public_suffix(cs_span name, bool include_private);

/* True when the rightmost label of `name` (or a single label) is a TLD
 * of the ICANN section: a rule itself, or, for the TLDs that the list only names below their
 * top (za, ck, bd, ...), when the last two labels match a rule.  A name
 * directly under such a TLD outside its listed second-level zones (not
 * registrable there) is not known. */
bool cs_psl_tld_known(cs_span name);

/* "libpsl 0.21.2, list of 2023-02-09T23:26:00Z (path)"; static storage. */
const char *cs_psl_version(void);

#endif
