/* Internal interface between the x509 .c files parts of cs_cert_parse():
 * names, general names, keys, extensions.  Not for rules. */
#ifndef CS_X509_PARSE_INTERNAL_H
#define CS_X509_PARSE_INTERNAL_H

#include "x509/cert.h"

/* The parser's short ways (known AlgorithmIdentifiers taken whole, known
 * OIDs not checked for minimal encoding) are taken when true, the
 * default; each gives the view the long way would.  Tests turn them off
 * to compare the two (tests/test_x509_shortcuts.c); nothing else should. */
extern bool cs_x509_shortcuts;

/* Parse state: the view being filled, the field being read (its ASN.1
 * path, "tbsCertificate.issuer") and, on failure, why and where. */
typedef struct cs_px {
    cs_cert *c;
    const char *field;          /* set by the parser as it enters each field */
    const char *why;
    const uint8_t *at;
    const char *fail_field;     /* field and part of it (or NULL) where it failed */
    const char *fail_part;
    uint8_t expected_id, found_id; /* identifier octets of a tag mismatch, 0 otherwise */
    /* The known extension OIDs met so far, a bit per cs_oid_id (duplicates). */
    uint64_t ext_seen[(CS_OID_COUNT + 63) / 64];
} cs_px;

/* A failure in px->field (part: which element of it, or NULL). */
static inline bool cs_px_fail_in(cs_px *px, const char *part, const char *why, const uint8_t *at)
{
    if (!px->why) {
        px->why = why;
        px->at = at;
        px->fail_field = px->field;
        px->fail_part = part;
    }
    return false;
}

static inline bool cs_px_fail(cs_px *px, const char *why, const uint8_t *at)
{
    return cs_px_fail_in(px, NULL, why, at);
}

/* Turns a reader error into a parse failure; part names the element that
 * was being read within px->field (NULL when it is the field itself). */
static inline bool cs_px_reader_fail(cs_px *px, const cs_der_reader *r, const char *part)
{
    if (!px->why) {
        px->expected_id = r->expected_id;
        px->found_id = r->found_id;
    }
    return cs_px_fail_in(px, part, r->error ? r->error : "malformed element", r->error_at ? r->error_at : r->p);
}

static inline void cs_fault_at(cs_der_reader *r, cs_fault_kind k, const uint8_t *at)
{
    cs_faults_add(r->faults, k, cs_der_offset(r, at));
}

/* The id of the OBJECT IDENTIFIER element t (CS_OID_UNKNOWN when not in
 * the table) and whether its content is a valid OID, with the fault
 * cs_der_oid_check records.  A known OID's content is the table's, a
 * minimal encoding: only an unknown one needs the check. */
static inline bool cs_x509_oid(cs_der_reader *r, const cs_der_tlv *t, cs_oid_id *id)
{
    if (!cs_x509_shortcuts) { /* the long way: every OID checked */
        *id = CS_OID_UNKNOWN;
        if (!cs_der_oid_check(r, t))
            return false;
        *id = cs_oid_lookup(t->value);
        return true;
    }
    *id = t->constructed ? CS_OID_UNKNOWN : cs_oid_lookup(t->value);
    return *id != CS_OID_UNKNOWN || cs_der_oid_check(r, t);
}

/* Name ::= SEQUENCE OF RelativeDistinguishedName, read from r. */
bool cs_x509_parse_name(cs_px *px, cs_der_reader *r, cs_name *n);

/* AlgorithmIdentifier, read from r. */
bool cs_x509_parse_algid(cs_px *px, cs_der_reader *r, cs_algid *a);

/* SubjectPublicKeyInfo, read from r (the key's own content problems are
 * not parse failures: they leave key_bits at 0). */
bool cs_x509_parse_spki(cs_px *px, cs_der_reader *r, cs_spki *k);

/* One GeneralName element t (already read from r) into g.  ip_constraint:
 * iPAddress carries address+mask (name constraints).  False when the
 * element is not a valid GeneralName. */
bool cs_x509_general_name(cs_der_reader *r, const cs_der_tlv *t, cs_general_name *g,
                          bool ip_constraint);

/* The elements of a GeneralNames SEQUENCE (r already entered) appended to
 * the view's pool as one list.  Empty lists record EMPTY_SEQUENCE at at. */
bool cs_x509_general_names(cs_cert *c, cs_der_reader *r, cs_gn_list *out, const uint8_t *at);

/* Takes one slot of the general-name pool (NULL and TOO_MANY when full). */
cs_general_name *cs_x509_gn_alloc(cs_cert *c, cs_der_reader *r, const uint8_t *at);

/* Extensions ::= SEQUENCE OF Extension (r reads the [3] content). */
bool cs_x509_parse_extensions(cs_px *px, cs_der_reader *r);

/* Decodes the value of one known extension into the view; false (and
 * BAD_EXTENSION_VALUE recorded by the caller) when it does not decode. */
bool cs_x509_decode_extension(cs_cert *c, cs_ext *e);

#endif
