/* RFC 5280 4.1.2.5: validity encoding and order. */
#include "rfc5280_common.h"
#include "util/duration.h"

#define Y2050 INT64_C(2524608000) /* 2050-01-01T00:00:00Z */

/* UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime YYYYMMDDHHMMSSZ
 * from 2050 (4.1.2.5.1, 4.1.2.5.2). */
static const char *time_error(const cs_time *t)
{
    if (!t->valid)
        return "undecodable";
    size_t want = t->tag == CS_TAG_UTC_TIME ? 13 : t->tag == CS_TAG_GENERALIZED_TIME ? 15 : 0;
    if (!want)
        return "neither UTCTime nor GeneralizedTime";
    if (t->raw.len != want || t->raw.p[want - 1] != 'Z')
        return t->tag == CS_TAG_UTC_TIME ? "not YYMMDDHHMMSSZ" : "not YYYYMMDDHHMMSSZ";
    for (size_t i = 0; i + 1 < want; i++)
        if (t->raw.p[i] < '0' || t->raw.p[i] > '9')
            return "non-digit in the date";
    if (t->tag == CS_TAG_GENERALIZED_TIME && t->t < Y2050)
        return "GeneralizedTime for a date before 2050";
    if (t->tag == CS_TAG_UTC_TIME && t->t >= Y2050)
        return "UTCTime for a date from 2050";
    return NULL;
}

static cs_result check_time_format(const cs_cert *c, cs_detail *d)
{
    const char *e = time_error(&c->not_before);
    if (e)
        return cs_fail(d, "notBefore: %s", e);
    if ((e = time_error(&c->not_after)))
        return cs_fail(d, "notAfter: %s", e);
    /* Times elsewhere (e.g. privateKeyUsagePeriod) come from the parser's faults. */
    return rfc5280_report_owned(c, d, "rfc5280_time_format", NULL, 0);
}
CS_RULE(rfc5280_time_format) = {
    .id = "rfc5280_time_format", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.5.1, 4.1.2.5.2", .effective = NULL,
    .description = "Validity time not UTCTime YYMMDDHHMMSSZ before 2050 / GeneralizedTime YYYYMMDDHHMMSSZ from 2050 (seconds, Zulu, no fractions)",
    .zlint = "e_utc_time_does_not_include_seconds,e_utc_time_not_in_zulu,e_generalized_time_does_not_include_seconds,e_generalized_time_includes_fraction_seconds,e_generalized_time_not_in_zulu,e_wrong_time_format_pre2050", .pkilint = "pkix.utctime_incorrect_syntax,pkix.generalizedtime_incorrect_syntax,pkix.wrong_time_useful_type,pkix.invalid_time_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_time_format,
};

static cs_result check_validity_negative(const cs_cert *c, cs_detail *d)
{
    if (!c->not_before.valid || !c->not_after.valid)
        return CS_NA;
    char gap[CS_DURATION_TEXT_MAX];
    if (c->not_after.t < c->not_before.t)
        return cs_fail(d, "notAfter is %s before notBefore",
                       cs_duration_text(c->not_before.t - c->not_after.t, gap, sizeof gap));
    return CS_PASS;
}
CS_RULE(rfc5280_validity_negative) = {
    .id = "rfc5280_validity_negative", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.5", .effective = NULL,
    .description = "notAfter is before notBefore",
    .zlint = "e_validity_time_not_positive", .pkilint = "pkix.certificate_negative_validity_period",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_validity_negative,
};
