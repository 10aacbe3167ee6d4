/* Turning hostile certificate strings into safe display text.
 *
 * Every string a tally keeps (issuer DN, O, CN, rule failure details) goes
 * through cs_text_sanitize() once, when the tally first sees it, so all
 * writers can rely on: valid UTF-8, no NUL, no C0/C1 control characters,
 * no bidirectional formatting characters (each replaced by U+FFFD), and a
 * bounded length (cut on a character boundary, marked with U+2026).
 * Writers still escape for their own syntax (HTML, CSV, JSON). */
#ifndef CS_AGG_TEXT_H
#define CS_AGG_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"

/* Longest text a tally stores for one string, in bytes (without NUL). */
#define CS_TEXT_MAX 512

/* Sanitizes len bytes of (supposedly) UTF-8 into out (cap >= 8), always
 * NUL-terminated; at most min(cap-1, max) bytes of text.  Returns the
 * length written. */
size_t cs_text_sanitize(const uint8_t *in, size_t len, char *out, size_t cap, size_t max);

/* Value of a name attribute as display text: BMPString (UTF-16BE) and
 * UniversalString (UCS-4BE) are converted, anything else is taken as
 * UTF-8; then sanitized as above. */
size_t cs_text_attr(const cs_attr *a, char *out, size_t cap);

/* RFC 4514-style one-line rendering of a Name ("CN=x,O=y,C=z": last RDN
 * first), sanitized; unknown attribute types are shown dotted. */
size_t cs_text_name(const cs_name *n, char *out, size_t cap);

/* Lower-case hex of bytes, truncated to fit cap (always NUL-terminated). */
size_t cs_text_hex(const uint8_t *in, size_t len, char *out, size_t cap);

/* Length of a UTF-8 prefix of s holding at most max_chars characters. */
size_t cs_text_prefix_chars(const char *s, size_t max_chars);

#endif
