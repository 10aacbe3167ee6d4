/* A tiny DER writer for certgen (internal).
 *
 * certgen encodes the TBSCertificate itself rather than through OpenSSL's
 * X509 object, so that tests can produce exactly the bytes they want
 * (explicit DEFAULT values, forced time types, raw serials, odd tags).
 * A cg_buf grows on demand; allocation failure aborts (test tooling). */
#ifndef CG_DERW_H
#define CG_DERW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cg_buf {
    uint8_t *p;
    size_t n, cap;
} cg_buf;

void cg_buf_free(cg_buf *b);
/* Makes room for `extra` more bytes after n. */
void cg_buf_reserve(cg_buf *b, size_t extra);
void cg_buf_put(cg_buf *b, const void *data, size_t len);
void cg_buf_byte(cg_buf *b, uint8_t v);
/* Appends tag, definite length and content. */
void cg_der_tlv(cg_buf *b, uint8_t tag, const void *content, size_t len);
/* Appends tag + length of `inner`, then inner's bytes, and frees inner. */
void cg_der_wrap(cg_buf *b, uint8_t tag, cg_buf *inner);
/* Dotted OID text -> content octets; returns length, 0 when malformed. */
size_t cg_oid_encode(const char *dotted, uint8_t *out, size_t size);
/* Appends an OBJECT IDENTIFIER TLV; false when the text is malformed. */
bool cg_der_oid(cg_buf *b, const char *dotted);
/* Appends a non-negative INTEGER TLV from an unsigned value. */
void cg_der_uint(cg_buf *b, uint64_t v);
/* Appends a Name of one single-valued RDN per (short name, value) pair of
 * the NULL-terminated list: "C" (PrintableString), "O", else commonName
 * (UTF8String). */
void cg_der_name(cg_buf *b, const char *const *av);

#endif
