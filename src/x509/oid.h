/* Known OIDs as small integer ids, so that rules compare ids instead of
 * bytes.  The certificate view carries both the OID's content span and its
 * id (CS_OID_UNKNOWN when the OID is not in oid_list.h). */
#ifndef CS_X509_OID_H
#define CS_X509_OID_H

#include "util/span.h"
#include "x509/oid_list.h"

typedef enum cs_oid_id {
    CS_OID_UNKNOWN = 0,
#define CS_OID_ENUM(name, dotted, shortname) CS_OID_##name,
    CS_OID_LIST(CS_OID_ENUM)
#undef CS_OID_ENUM
    CS_OID_COUNT
} cs_oid_id;

/* Id of an OID given as its DER content octets (no tag, no length). */
cs_oid_id cs_oid_lookup(cs_span content);

/* "2.5.29.17" / "subjectAltName"; "" for CS_OID_UNKNOWN. */
const char *cs_oid_dotted(cs_oid_id id);
const char *cs_oid_short_name(cs_oid_id id);

/* DER content octets of a known OID (for building and comparing). */
cs_span cs_oid_content(cs_oid_id id);

/* Encodes a dotted OID into DER content octets; returns the length, or 0
 * when the text is not a valid OID or does not fit. */
size_t cs_oid_encode(const char *dotted, uint8_t *out, size_t size);

#endif
