/* Internal interface between the x509 .c files parts of cs_cert_parse():
 * names, general names, keys, extensions.  Not for rules. */
#ifndef CS_X509_PARSE_INTERNAL_H
#define CS_X509_PARSE_INTERNAL_H

#include "x509/cert.h"

/* Parse state: the view being filled and, on failure, why and where. */
typedef struct cs_px {
    cs_cert *c;
    const char *why;
    const uint8_t *at;
} cs_px;

static inline bool cs_px_fail(cs_px *px, const char *why, const uint8_t *at)
{
    if (!px->why) {
        px->why = why;
        px->at = at;
    }
    return false;
}

/* Turns a reader error into a parse failure. */
static inline bool cs_px_reader_fail(cs_px *px, const cs_der_reader *r, const char *ctx)
{
    (void)ctx;
    return cs_px_fail(px, r->error ? r->error : "malformed element", r->error_at ? r->error_at : r->p);
}

static inline void cs_fault_at(cs_der_reader *r, cs_fault_kind k, const uint8_t *at)
{
    cs_faults_add(r->faults, k, cs_der_offset(r, at));
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
