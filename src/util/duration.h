/* Durations in seconds as text a reader takes in at a glance, for rule
 * details: whole days, and the seconds only when they are not a whole
 * number of days ("399 days", "398 days + 1 s", "1 day", "59 s"). */
#ifndef CS_UTIL_DURATION_H
#define CS_UTIL_DURATION_H

#include <stddef.h>
#include <stdint.h>

#define CS_DURATION_TEXT_MAX 48

/* Writes the text of `seconds` (negative: with a leading '-') into out,
 * always NUL-terminated; returns out. */
const char *cs_duration_text(int64_t seconds, char *out, size_t size);

#endif
