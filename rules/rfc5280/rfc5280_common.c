/* Helpers shared by the RFC 5280 rules; see rfc5280_common.h. */
#include <stdio.h>
#include <string.h>

#include "rfc5280_common.h"

bool rfc5280_all(const cs_cert *c)
{
    (void)c;
    return true;
}

bool rfc5280_offset_in(const cs_cert *c, cs_span s, uint32_t off)
{
    if (!s.p || !c->der.p || s.p < c->der.p)
        return false;
    size_t start = (size_t)(s.p - c->der.p);
    return off >= start && off < start + s.len;
}

const cs_fault *rfc5280_find_fault(const cs_cert *c, const uint16_t *kinds, size_t n,
                                   const cs_span *skip, size_t n_skip)
{
    for (uint16_t i = 0; i < c->faults.n && i < CS_MAX_FAULTS; i++) {
        const cs_fault *f = &c->faults.items[i];
        bool wanted = false;
        for (size_t k = 0; k < n && !wanted; k++)
            wanted = f->kind == kinds[k];
        if (!wanted)
            continue;
        bool skipped = false;
        for (size_t s = 0; s < n_skip && !skipped; s++)
            skipped = rfc5280_offset_in(c, skip[s], f->offset);
        if (!skipped)
            return f;
    }
    return NULL;
}

cs_result rfc5280_report_faults(const cs_cert *c, cs_detail *d, const uint16_t *kinds, size_t n,
                                const cs_span *skip, size_t n_skip)
{
    const cs_fault *f = rfc5280_find_fault(c, kinds, n, skip, n_skip);
    if (!f)
        return CS_PASS;
    return cs_fail(d, "%s at offset %u (%s)", cs_fault_name((cs_fault_kind)f->kind),
                   (unsigned)f->offset, cs_fault_description((cs_fault_kind)f->kind));
}

/* One owner per fault kind, so that one encoding defect is counted by one
 * rule.  Location-specific exceptions (KU bit strings, subject
 * PrintableStrings) are handled by the owners' skip spans. */
static const char *const fault_owner[CS_FAULT_KIND_COUNT] = {
    [CS_FAULT_NONMINIMAL_LENGTH] = "rfc5280_der_length_encoding",
    [CS_FAULT_INDEFINITE_LENGTH] = "rfc5280_der_length_encoding",
    [CS_FAULT_NONMINIMAL_INTEGER] = "rfc5280_der_integer_encoding",
    [CS_FAULT_EMPTY_INTEGER] = "rfc5280_der_integer_encoding",
    [CS_FAULT_HIGH_TAG_FORM] = "rfc5280_der_tag_encoding",
    [CS_FAULT_CONSTRUCTED_STRING] = "rfc5280_der_constructed_string",
    [CS_FAULT_BAD_BOOLEAN] = "rfc5280_der_boolean_encoding",
    [CS_FAULT_DEFAULT_ENCODED] = "rfc5280_der_default_encoded",
    [CS_FAULT_SET_UNSORTED] = "rfc5280_der_set_order",
    [CS_FAULT_BAD_BITSTRING] = "rfc5280_der_bitstring_encoding",
    [CS_FAULT_BAD_OID] = "rfc5280_der_oid_encoding",
    [CS_FAULT_BAD_TIME] = "rfc5280_time_format",
    [CS_FAULT_TIME_WRONG_TYPE] = "rfc5280_time_format",
    [CS_FAULT_BAD_UTF8] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_PRINTABLE] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_IA5] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_BMP] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_UNIVERSAL] = "rfc5280_der_string_content",
    [CS_FAULT_BAD_VISIBLE] = "rfc5280_der_string_content",
    [CS_FAULT_TRAILING_DATA] = "rfc5280_der_trailing_data",
    [CS_FAULT_EXT_TRAILING_DATA] = "rfc5280_ext_invalid_der",
    [CS_FAULT_BAD_EXTENSION_VALUE] = "rfc5280_ext_invalid_der",
    [CS_FAULT_DUPLICATE_EXTENSION] = "rfc5280_duplicate_extension",
    [CS_FAULT_EMPTY_SEQUENCE] = "rfc5280_ext_empty_sequence",
    [CS_FAULT_TOO_MANY] = "rfc5280_view_truncated",
    [CS_FAULT_UNEXPECTED_TAG] = "rfc5280_der_unexpected_tag",
};

const char *rfc5280_fault_owner(cs_fault_kind k)
{
    return (unsigned)k < CS_FAULT_KIND_COUNT ? fault_owner[k] : NULL;
}

cs_result rfc5280_report_owned(const cs_cert *c, cs_detail *d, const char *owner,
                               const cs_span *skip, size_t n_skip)
{
    for (uint16_t i = 0; i < c->faults.n && i < CS_MAX_FAULTS; i++) {
        const cs_fault *f = &c->faults.items[i];
        const char *o = rfc5280_fault_owner((cs_fault_kind)f->kind);
        if (!o || strcmp(o, owner) != 0)
            continue;
        bool skipped = false;
        for (size_t s = 0; s < n_skip && !skipped; s++)
            skipped = rfc5280_offset_in(c, skip[s], f->offset);
        if (!skipped)
            return cs_fail(d, "%s at offset %u (%s)", cs_fault_name((cs_fault_kind)f->kind),
                           (unsigned)f->offset, cs_fault_description((cs_fault_kind)f->kind));
    }
    return CS_PASS;
}

bool rfc5280_gn_empty(const cs_general_name *g)
{
    switch (g->type) {
    case CS_GN_DIRECTORY: {
        static const uint8_t empty_name[] = { 0x30, 0x00 };
        return cs_span_eq_bytes(g->value, empty_name, 2);
    }
    case CS_GN_OTHER_NAME:
    case CS_GN_REGISTERED_ID:
        return g->value.len == 0 && g->other_value.len == 0 && g->type != CS_GN_REGISTERED_ID;
    default:
        return g->value.len == 0;
    }
}
