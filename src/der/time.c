/* UTCTime / GeneralizedTime to seconds since the epoch (RFC 5280 4.1.2.5). */
#include "der/der.h"

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), exact for every year an int64 can hold here. */
int64_t cs_time_from_civil(int64_t y, unsigned m, unsigned d, unsigned hh, unsigned mm,
                           unsigned ss)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60 + ss;
}

static bool digits(const uint8_t *p, size_t n, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (unsigned)(p[i] - '0');
    }
    *out = v;
    return true;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const uint8_t dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* Whether the n octets at p (8 <= n <= 16) are all ASCII digits: two
 * words (overlapping), each octet in '0'..'9' when neither it minus '0'
 * nor it plus (0x7F - '9') crosses 0x80. */
static bool all_digits(const uint8_t *p, size_t n)
{
    uint64_t a, b;
    memcpy(&a, p, 8);
    memcpy(&b, p + n - 8, 8);
    const uint64_t lo = 0x3030303030303030ull, hi = 0x4646464646464646ull, top = 0x8080808080808080ull;
    return !(((a - lo) | (a + hi) | a | (b - lo) | (b + hi) | b) & top);
}

static unsigned two(const uint8_t *p) { return (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0'); }

/* The RFC 5280 forms, YYMMDDHHMMSSZ and YYYYMMDDHHMMSSZ, read in one
 * pass; false (nothing recorded) for any other text, which the general
 * reader then takes.  A date that does not exist is left to it too. */
static bool rfc5280_time(cs_der_reader *r, const cs_der_tlv *t, int64_t *out)
{
    const uint8_t *p = t->value.p;
    size_t n = t->value.len;
    bool utc = t->tag == CS_TAG_UTC_TIME;
    if (n != (utc ? 13u : 15u) || p[n - 1] != 'Z' || !all_digits(p, n - 1))
        return false;
    unsigned year = utc ? two(p) : two(p) * 100 + two(p + 2);
    if (utc)
        year += year < 50 ? 2000 : 1900;
    const uint8_t *q = p + (utc ? 2 : 4);
    unsigned mon = two(q), day = two(q + 2), hh = two(q + 4), mi = two(q + 6), ss = two(q + 8);
    if (mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon) || hh > 23 || mi > 59 || ss > 59)
        return false;
    if (!utc && year < 2050)
        cs_faults_add(r->faults, CS_FAULT_TIME_WRONG_TYPE, cs_der_offset(r, t->whole.p));
    *out = cs_time_from_civil(year, mon, day, hh, mi, ss);
    return true;
}

bool cs_der_time(cs_der_reader *r, const cs_der_tlv *t, int64_t *out)
{
    if (!t->constructed && t->cls == CS_DER_CLASS_UNIVERSAL &&
        (t->tag == CS_TAG_UTC_TIME || t->tag == CS_TAG_GENERALIZED_TIME) && rfc5280_time(r, t, out))
        return true;
    return cs_der_time_general(r, t, out);
}

bool cs_der_time_general(cs_der_reader *r, const cs_der_tlv *t, int64_t *out)
{
    const uint8_t *p = t->value.p;
    size_t n = t->value.len;
    bool utc = t->tag == CS_TAG_UTC_TIME;
    bool strict = true;
    unsigned year, mon, day, hh, mi, ss = 0;
    size_t i;
    if (t->constructed || t->cls != CS_DER_CLASS_UNIVERSAL ||
        (t->tag != CS_TAG_UTC_TIME && t->tag != CS_TAG_GENERALIZED_TIME))
        return false;
    if (utc) {
        if (n < 10 || !digits(p, 2, &year))
            return false;
        year += year < 50 ? 2000 : 1900;
        i = 2;
    } else {
        if (n < 12 || !digits(p, 4, &year))
            return false;
        i = 4;
    }
    if (!digits(p + i, 2, &mon) || !digits(p + i + 2, 2, &day) ||
        !digits(p + i + 4, 2, &hh) || !digits(p + i + 6, 2, &mi))
        return false;
    i += 8;
    /* Seconds are required by RFC 5280; their absence is readable. */
    if (n - i >= 2 && digits(p + i, 2, &ss))
        i += 2;
    else
        strict = false;
    /* Fractional seconds (GeneralizedTime only, forbidden by RFC 5280). */
    if (!utc && i < n && (p[i] == '.' || p[i] == ',')) {
        strict = false;
        i++;
        size_t f = i;
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
        if (i == f)
            return false;
    }
    int64_t offset = 0;
    if (i < n && p[i] == 'Z') {
        i++;
    } else if (i < n && (p[i] == '+' || p[i] == '-')) {
        unsigned oh, om;
        if (n - i < 5 || !digits(p + i + 1, 2, &oh) || !digits(p + i + 3, 2, &om) ||
            oh > 23 || om > 59)
            return false;
        offset = (p[i] == '+' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
        strict = false;
        i += 5;
    } else {
        return false; /* local time without a zone: not a point in time */
    }
    if (i != n)
        return false;
    if (mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon) || hh > 23 ||
        mi > 59 || ss > 59)
        return false;
    if (!strict)
        cs_faults_add(r->faults, CS_FAULT_BAD_TIME, cs_der_offset(r, t->whole.p));
    if (!utc && year < 2050)
        cs_faults_add(r->faults, CS_FAULT_TIME_WRONG_TYPE, cs_der_offset(r, t->whole.p));
    *out = cs_time_from_civil(year, mon, day, hh, mi, ss) - offset;
    return true;
}
