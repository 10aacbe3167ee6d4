/* The known-OID look-up (x509/oid.c): its hash table must give the same
 * answer as the table's definition (a linear scan of every listed OID) for
 * every listed OID and for near misses of each. */
#include <criterion/criterion.h>
#include <string.h>

#include "x509/oid.h"

/* The definition: the id whose content octets are exactly `content`. */
static cs_oid_id reference(const uint8_t *p, size_t len)
{
    for (int id = 1; id < CS_OID_COUNT; id++) {
        cs_span c = cs_oid_content((cs_oid_id)id);
        if (c.len && c.len == len && memcmp(c.p, p, len) == 0)
            return (cs_oid_id)id;
    }
    return CS_OID_UNKNOWN;
}

static void same(const uint8_t *p, size_t len)
{
    cs_oid_id got = cs_oid_lookup(cs_span_make(p, len)), want = reference(p, len);
    cr_assert_eq(got, want, "length %zu: id %d, expected %d (%s)", len, got, want, cs_oid_dotted(want));
}

Test(oid, every_listed_oid_is_found)
{
    for (int id = 1; id < CS_OID_COUNT; id++) {
        cs_span c = cs_oid_content((cs_oid_id)id);
        cr_assert_gt(c.len, 0, "%s does not encode", cs_oid_dotted((cs_oid_id)id));
        cr_assert_eq(cs_oid_lookup(c), (cs_oid_id)id, "%s", cs_oid_dotted((cs_oid_id)id));
    }
}

Test(oid, near_misses_match_the_definition)
{
    uint8_t buf[40];
    for (int id = 1; id < CS_OID_COUNT; id++) {
        cs_span c = cs_oid_content((cs_oid_id)id);
        /* Every octet changed to every value, every prefix, one octet more. */
        for (size_t i = 0; i < c.len; i++)
            for (unsigned v = 0; v < 256; v++) {
                memcpy(buf, c.p, c.len);
                buf[i] = (uint8_t)v;
                same(buf, c.len);
            }
        for (size_t n = 0; n <= c.len; n++)
            same(c.p, n);
        memcpy(buf, c.p, c.len);
        for (unsigned v = 0; v < 256; v++) {
            buf[c.len] = (uint8_t)v;
            same(buf, c.len + 1);
        }
    }
}

Test(oid, every_short_content_matches_the_definition)
{
    uint8_t buf[2];
    for (unsigned a = 0; a < 256; a++) {
        buf[0] = (uint8_t)a;
        same(buf, 1);
        for (unsigned b = 0; b < 256; b++) {
            buf[1] = (uint8_t)b;
            same(buf, 2);
        }
    }
}

Test(oid, too_long_or_empty_is_unknown)
{
    uint8_t buf[64];
    memset(buf, 0x2a, sizeof buf);
    cr_assert_eq(cs_oid_lookup(cs_span_make(buf, 0)), CS_OID_UNKNOWN);
    cr_assert_eq(cs_oid_lookup(cs_span_make(buf, sizeof buf)), CS_OID_UNKNOWN);
    cr_assert_eq(cs_oid_lookup(cs_span_make(NULL, 0)), CS_OID_UNKNOWN);
}
