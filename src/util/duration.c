/* Durations as text (see duration.h). */
#include "util/duration.h"

#include <stdio.h>

const char *cs_duration_text(int64_t seconds, char *out, size_t size)
{
    const char *sign = seconds < 0 ? "-" : "";
    /* |INT64_MIN| does not fit an int64_t: take magnitudes unsigned. */
    uint64_t mag = seconds < 0 ? (uint64_t)0 - (uint64_t)seconds : (uint64_t)seconds;
    unsigned long long days = mag / 86400, rest = mag % 86400;
    if (days == 0)
        snprintf(out, size, "%s%llu s", sign, rest);
    else if (rest == 0)
        snprintf(out, size, "%s%llu day%s", sign, days, days == 1 ? "" : "s");
    else
        snprintf(out, size, "%s%llu day%s + %llu s", sign, days, days == 1 ? "" : "s", rest);
    return out;
}
