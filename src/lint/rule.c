/* Small helpers shared by every rule: failure details and names. */
#include <stdio.h>

#include "lint/rule.h"

cs_result cs_fail(cs_detail *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->text, sizeof d->text, fmt, ap);
    va_end(ap);
    return CS_FAIL;
}

const char *cs_severity_name(cs_severity s)
{
    switch (s) {
    case CS_SEV_ERROR: return "error";
    case CS_SEV_WARNING: return "warning";
    case CS_SEV_NOTICE: return "notice";
    }
    return "?";
}

const char *cs_source_name(cs_source s)
{
    switch (s) {
    case CS_SOURCE_SMIME: return "smime";
    case CS_SOURCE_TLS: return "tls";
    case CS_SOURCE_RFC5280: return "rfc5280";
    case CS_SOURCE_COUNT: break;
    }
    return "?";
}

const char *cs_source_title(cs_source s)
{
    switch (s) {
    case CS_SOURCE_SMIME: return "CA/Browser Forum S/MIME Baseline Requirements v1.0.12";
    case CS_SOURCE_TLS: return "CA/Browser Forum TLS Baseline Requirements v2.2.6";
    case CS_SOURCE_RFC5280: return "RFC 5280 (and X.690 DER)";
    case CS_SOURCE_COUNT: break;
    }
    return "?";
}
