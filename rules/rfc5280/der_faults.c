/* RFC 5280 4.1 requires the certificate to be DER (X.690 clause 10/11).
 * The parser records walkable departures from DER on the view (fault.h);
 * these rules report them, one rule per fault kind or group.  Which rule
 * owns which kind is the table in rfc5280_common.c. */
#include "rfc5280_common.h"

#define FAULT_RULE(fn, owner)                                                   \
    static cs_result fn(const cs_cert *c, cs_detail *d)                         \
    {                                                                           \
        return rfc5280_report_owned(c, d, owner, NULL, 0);                      \
    }

FAULT_RULE(check_length, "rfc5280_der_length_encoding")
CS_RULE(rfc5280_der_length_encoding) = {
    .id = "rfc5280_der_length_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1; X.690 8.1.3.2(a), 10.1", .effective = NULL,
    .description = "A length is not in the minimal definite form (non-minimal long form, or BER indefinite length)",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_length,
};

FAULT_RULE(check_integer, "rfc5280_der_integer_encoding")
CS_RULE(rfc5280_der_integer_encoding) = {
    .id = "rfc5280_der_integer_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1; X.690 8.3.1, 8.3.2", .effective = NULL,
    .description = "An INTEGER has no content octets or a redundant leading 0x00/0xFF octet",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_integer,
};

FAULT_RULE(check_tag, "rfc5280_der_tag_encoding")
CS_RULE(rfc5280_der_tag_encoding) = {
    .id = "rfc5280_der_tag_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1; X.690 8.1.2.3, 8.1.2.4", .effective = NULL,
    .description = "A tag number below 31 is encoded in the high-tag-number form",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_tag,
};

FAULT_RULE(check_constructed, "rfc5280_der_constructed_string")
CS_RULE(rfc5280_der_constructed_string) = {
    .id = "rfc5280_der_constructed_string", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1; X.690 10.2", .effective = NULL,
    .description = "A string type (OCTET/BIT/character string) uses the BER constructed encoding",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_constructed,
};

FAULT_RULE(check_boolean, "rfc5280_der_boolean_encoding")
CS_RULE(rfc5280_der_boolean_encoding) = {
    .id = "rfc5280_der_boolean_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1; X.690 11.1", .effective = NULL,
    .description = "A BOOLEAN is encoded with a content octet other than 0x00 or 0xFF",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_boolean,
};

/* Covers explicit critical=FALSE, basicConstraints cA=FALSE, version v1 and
 * GeneralSubtree minimum 0: all DEFAULT values that DER omits. */
FAULT_RULE(check_default, "rfc5280_der_default_encoded")
CS_RULE(rfc5280_der_default_encoded) = {
    .id = "rfc5280_der_default_encoded", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1, 4.2; X.690 11.5", .effective = NULL,
    .description = "A component equal to its DEFAULT value is encoded (e.g. critical FALSE, cA FALSE, version v1)",
    .zlint = "e_cert_ext_invalid_der,e_basic_constr_invalid_der", .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_default,
};

FAULT_RULE(check_set, "rfc5280_der_set_order")
CS_RULE(rfc5280_der_set_order) = {
    .id = "rfc5280_der_set_order", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.4; X.690 11.6", .effective = NULL,
    .description = "The elements of a SET OF (e.g. a multi-valued RDN) are not in DER sort order",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_set,
};

/* A bad keyUsage BIT STRING is reported by rfc5280_ku_der_encoding. */
static cs_result check_bitstring(const cs_cert *c, cs_detail *d)
{
    cs_span skip[1];
    size_t n_skip = 0;
    if (c->ku.present && c->ku.ext)
        skip[n_skip++] = c->ku.ext->der;
    return rfc5280_report_owned(c, d, "rfc5280_der_bitstring_encoding", skip, n_skip);
}
CS_RULE(rfc5280_der_bitstring_encoding) = {
    .id = "rfc5280_der_bitstring_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1; X.690 8.6.2, 11.2", .effective = NULL,
    .description = "A BIT STRING (other than keyUsage) has a bad unused-bits count or non-zero unused bits",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_bitstring,
};

FAULT_RULE(check_oid, "rfc5280_der_oid_encoding")
CS_RULE(rfc5280_der_oid_encoding) = {
    .id = "rfc5280_der_oid_encoding", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1; X.690 8.19.2", .effective = NULL,
    .description = "An OBJECT IDENTIFIER sub-identifier is not in the minimal number of octets (leading 0x80)",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_oid,
};

/* Bad PrintableString characters in the subject are reported by
 * rfc5280_attr_string_types; everywhere else here. */
static cs_result check_strings(const cs_cert *c, cs_detail *d)
{
    static const uint16_t anywhere[] = { CS_FAULT_BAD_UTF8, CS_FAULT_BAD_IA5, CS_FAULT_BAD_BMP,
                                         CS_FAULT_BAD_UNIVERSAL, CS_FAULT_BAD_VISIBLE };
    static const uint16_t printable[] = { CS_FAULT_BAD_PRINTABLE };
    cs_result r = rfc5280_report_faults(c, d, anywhere, sizeof anywhere / sizeof anywhere[0], NULL, 0);
    if (r != CS_PASS)
        return r;
    return rfc5280_report_faults(c, d, printable, 1, &c->subject.der, 1);
}
CS_RULE(rfc5280_der_string_content) = {
    .id = "rfc5280_der_string_content", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1.2.4, 4.2.1.6; X.680 41; RFC 3629", .effective = NULL,
    .description = "A character string holds octets its type does not allow (bad UTF-8, 8-bit IA5, VisibleString outside 0x20-0x7E, bad BMP/Universal length, PrintableString outside the subject)",
    .zlint = NULL, .pkilint = NULL,
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_strings,
};

FAULT_RULE(check_trailing, "rfc5280_der_trailing_data")
CS_RULE(rfc5280_der_trailing_data) = {
    .id = "rfc5280_der_trailing_data", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1; X.690 8.1.1", .effective = NULL,
    .description = "Bytes follow the end of an encoding (after the certificate or inside a structure)",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_trailing,
};

FAULT_RULE(check_unexpected, "rfc5280_der_unexpected_tag")
CS_RULE(rfc5280_der_unexpected_tag) = {
    .id = "rfc5280_der_unexpected_tag", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1, Appendix A.1", .effective = NULL,
    .description = "An element has a tag the ASN.1 module does not allow at its position (skipped by the parser)",
    .zlint = NULL, .pkilint = "itu.invalid_asn1_syntax",
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_unexpected,
};

/* Not a violation by itself: the view kept the first items only, so
 * checks over the rest could not run. */
static cs_result check_truncated(const cs_cert *c, cs_detail *d)
{
    if (c->faults.overflow)
        return cs_fail(d, "more than %d encoding faults; only the first were recorded", CS_MAX_FAULTS);
    return rfc5280_report_owned(c, d, "rfc5280_view_truncated", NULL, 0);
}
CS_RULE(rfc5280_view_truncated) = {
    .id = "rfc5280_view_truncated", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_RFC5280,
    .citation = "RFC 5280 4.1 (could not check)", .effective = NULL,
    .description = "More list items or faults than the certificate view keeps; rules saw only the first ones",
    .zlint = NULL, .pkilint = NULL,
    .applies_to = "all certificates", .applies = rfc5280_all, .check = check_truncated,
};
