/* Encoding faults: departures from DER (and from the string and time
 * syntaxes of X.690 / RFC 5280) that can still be walked.  The parser
 * records them on the certificate view instead of swallowing them; the
 * rfc5280 rules report them.  Bytes that cannot be walked at all are a
 * parse failure instead, never a fault. */
#ifndef CS_DER_FAULT_H
#define CS_DER_FAULT_H

#include <stdbool.h>
#include <stdint.h>

/* X(name, description).  Append only: the numeric values appear in state
 * files and findings. */
#define CS_FAULT_LIST(X)                                                          \
    X(NONMINIMAL_LENGTH,   "length encoded in more octets than needed")           \
    X(INDEFINITE_LENGTH,   "indefinite length (BER) used")                        \
    X(NONMINIMAL_INTEGER,  "INTEGER with a redundant leading 0x00 or 0xFF octet")  \
    X(EMPTY_INTEGER,       "INTEGER with no content octets")                      \
    X(HIGH_TAG_FORM,       "tag number encoded in high-tag-number form needlessly")\
    X(CONSTRUCTED_STRING,  "constructed (BER) encoding of a primitive type")      \
    X(BAD_BOOLEAN,         "BOOLEAN content other than 0x00 or 0xFF")            \
    X(DEFAULT_ENCODED,     "a DEFAULT value encoded explicitly")                  \
    X(SET_UNSORTED,        "SET OF elements not in DER order")                    \
    X(BAD_BITSTRING,       "BIT STRING unused bits wrong or trailing zero bits")  \
    X(BAD_OID,             "OBJECT IDENTIFIER with non-minimal sub-identifier")   \
    X(BAD_TIME,            "time not in the RFC 5280 format (YYMMDDHHMMSSZ / YYYYMMDDHHMMSSZ)") \
    X(TIME_WRONG_TYPE,     "GeneralizedTime before 2050 or UTCTime after 2049")   \
    X(BAD_UTF8,            "invalid UTF-8 in a UTF8String")                       \
    X(BAD_PRINTABLE,       "character not allowed in a PrintableString")          \
    X(BAD_IA5,             "octet above 0x7F in an IA5String")                    \
    X(BAD_BMP,             "odd length or surrogate in a BMPString")              \
    X(BAD_UNIVERSAL,       "UniversalString length not a multiple of 4")          \
    X(TRAILING_DATA,       "bytes after the end of an encoding")                  \
    X(EXT_TRAILING_DATA,   "bytes after the value inside an extension")           \
    X(BAD_EXTENSION_VALUE, "extension value does not decode as its type")         \
    X(DUPLICATE_EXTENSION, "the same extension appears more than once")           \
    X(EMPTY_SEQUENCE,      "SEQUENCE OF that must not be empty is empty")         \
    X(TOO_MANY,            "more items than the view keeps; the rest were not decoded") \
    X(UNEXPECTED_TAG,      "an element has the wrong tag but could be skipped")     \
    X(BAD_VISIBLE,         "character outside 0x20-0x7E in a VisibleString")

typedef enum cs_fault_kind {
#define CS_FAULT_ENUM(name, desc) CS_FAULT_##name,
    CS_FAULT_LIST(CS_FAULT_ENUM)
#undef CS_FAULT_ENUM
    CS_FAULT_KIND_COUNT
} cs_fault_kind;

typedef struct cs_fault {
    uint16_t kind;   /* cs_fault_kind */
    uint32_t offset; /* byte offset from the start of the certificate DER */
} cs_fault;

#define CS_MAX_FAULTS 32

typedef struct cs_faults {
    uint16_t n;
    bool overflow; /* more than CS_MAX_FAULTS were seen */
    cs_fault items[CS_MAX_FAULTS];
} cs_faults;

/* "NONMINIMAL_LENGTH" etc. and the one-line description. */
const char *cs_fault_name(cs_fault_kind k);
const char *cs_fault_description(cs_fault_kind k);

/* Records a fault; keeps the first CS_MAX_FAULTS, sets overflow after. */
void cs_faults_add(cs_faults *f, cs_fault_kind kind, uint32_t offset);

/* True when at least one fault of this kind was recorded. */
bool cs_faults_has(const cs_faults *f, cs_fault_kind kind);

#endif
