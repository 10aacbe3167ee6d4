/* Tor onion service names (RFC 7686 ".onion"), for the TLS BR rules on
 * Onion Domain Names (BR Appendix B, EVG Appendix F). */
#ifndef CS_LINT_ONION_H
#define CS_LINT_ONION_H

#include <stdbool.h>

#include "util/span.h"

/* True when the dNSName's rightmost label is "onion" (any case). */
bool cs_onion_name(cs_span dns);

/* The label left of ".onion" (empty when there is none). */
cs_span cs_onion_address_label(cs_span dns);

/* True when `label` is a valid Version 3 Onion Address (Tor rend-spec-v3
 * section 6): 56 base32 characters encoding PUBKEY (32 octets) ||
 * CHECKSUM (2) || VERSION (03), CHECKSUM being the first two octets of
 * SHA3-256(".onion checksum" || PUBKEY || VERSION).  Base32 letters are
 * taken in either case, as DNS names compare case-insensitively. */
bool cs_onion_v3_address(cs_span label);

#endif
