/* The syntax of the names certificates carry, for every rule family: DNS
 * domain names (RFC 1034 3.5 preferred name syntax as amended by RFC 1123
 * 2.1, with the TLS BR additions as options), mailboxes (RFC 5321 4.1.2)
 * and A-labels (IDNA2008, through libidn2).  One implementation each, so that the
 * RFC 5280, S/MIME and TLS rules cannot disagree about what a valid name
 * is.  Pure and allocation-free. */
#ifndef CS_LINT_NAME_SYNTAX_H
#define CS_LINT_NAME_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/span.h"

/* Options of cs_dns_syntax_error. */
enum {
    /* A leftmost label that is exactly "*" (RFC 6125 wildcard) is allowed. */
    CS_DNS_WILDCARD = 1u << 0,
    /* Underscores are allowed in labels (a rule of its own reports them). */
    CS_DNS_UNDERSCORE = 1u << 1,
    /* TLS BR 7.1.2.7.12: a label with "--" in positions 3-4 must be a
     * valid P-Label ("xn--" followed by valid Punycode, cs_plabel_valid). */
    CS_DNS_NO_RESERVED_LDH = 1u << 2,
};

/* NULL when `name` is a domain name in preferred name syntax: labels of
 * 1..63 letters, digits and hyphens, not starting or ending with a hyphen
 * (a label may start with a digit, RFC 1123), at most 253 octets in all
 * (255 on the wire), no trailing dot; plus the CS_DNS_* options.
 * Otherwise a static reason ("empty label", ...). */
const char *cs_dns_syntax_error(cs_span name, unsigned options);

/* NULL when `addr` is an RFC 5321 4.1.2 Mailbox, the syntax RFC 5280
 * 4.2.1.6 requires of an rfc822Name and the S/MIME BR of a Mailbox
 * Address: a Dot-string or Quoted-string local part of at most 64 octets
 * (RFC 5321 4.5.3.1.1), "@", and a domain in preferred name syntax or an
 * address literal (RFC 5321 4.1.3: "[" IPv4 "]" or "[IPv6:" IPv6 "]";
 * General-address-literal tags other than the one IANA registered are
 * not accepted).  ASCII only (RFC 6532 UTF-8 mailboxes are
 * SmtpUTF8Mailbox values, checked by their own rules).  Otherwise a
 * static reason. */
const char *cs_mailbox_syntax_error(cs_span addr);

/* Checks the part of an "xn--" label after "xn--" (ASCII case-insensitive)
 * with libidn2: true when "xn--" + it is a valid IDNA2008 A-label (RFC
 * 5890 2.3.2.1): its Punycode decodes to a U-label whose code points and
 * context rules IDNA2008 allows, which encodes back to the same A-label.
 * At most 63 input octets (a DNS label). */
bool cs_punycode_valid(const uint8_t *in, size_t len);

/* True when "xn--" + `in` is a TLS BR P-Label (BR 1.6.1 definitions): its
 * tail is valid output of the Punycode algorithm (RFC 3492), whether or not
 * IDNA2008 allows the code points it decodes to (BR 7.1.2.7.12 lets
 * P-Labels go beyond IDNA 2003; emoji labels are P-Labels, not A-labels). */
bool cs_plabel_valid(const uint8_t *in, size_t len);

#endif
