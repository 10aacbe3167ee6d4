/* Whether an EC public key is a valid point of its named curve: both
 * CA/B Forum BRs require keys on NIST P-256, P-384 or P-521 (TLS BR 6.1.5
 * "a valid point on the ... curve", SBR 6.1.5), which a point off the
 * curve, the identity or a malformed encoding is not. */
#ifndef CS_LINT_EC_POINT_H
#define CS_LINT_EC_POINT_H

#include <stdbool.h>

#include "lint/rule.h"
#include "x509/cert.h"

typedef enum cs_ec_point_fault {
    CS_EC_POINT_OK = 0,
    CS_EC_POINT_UNUSED_BITS, /* the subjectPublicKey BIT STRING has unused bits */
    CS_EC_POINT_BAD_FORM,    /* neither 04||X||Y nor 02/03||X of the curve's size */
    CS_EC_POINT_INVALID,     /* does not decode to a point of the curve, or is the identity */
    CS_EC_POINT_UNDECIDED,   /* no memory */
} cs_ec_point_fault;

/* True for the curves checked: P-256, P-384, P-521 (named). */
bool cs_ec_point_checkable(const cs_spki *k);

/* Checks k (an EC key on a checkable curve).  An uncompressed point is
 * tested on the curve equation in GMP limbs (x, y < p and
 * y^2 = x^3 + a x + b), as OpenSSL's decoding decides it; a compressed
 * one is decoded by OpenSSL: the group of each curve is built once, the
 * point and BN_CTX are kept per thread (freed when the thread ends), so
 * a check allocates nothing. */
cs_ec_point_fault cs_ec_point_check(const cs_spki *k);

/* What is wrong, to follow "EC public key ": "is not a valid point of its
 * curve", ... */
const char *cs_ec_point_fault_text(cs_ec_point_fault f);

/* The check of the S/MIME and TLS point rules (their applies() keeps it
 * to checkable keys): CS_PASS, CS_FAIL with the fault, CS_NA without memory. */
cs_result cs_ec_point_rule_check(const cs_cert *c, cs_detail *d);

#endif
