/* Facts about the certificate being linted that several rules read,
 * computed once per certificate instead of once per rule.  cs_lint opens
 * the context for a certificate before its first rule and closes it after
 * the last; a fact is computed when a rule first asks for it and kept
 * until the context closes (never across certificates: no fact is keyed
 * on a key's or a certificate's identity).  Outside cs_lint (a rule run
 * alone, as the tests and bench-lint -r do) each question computes the
 * fact anew.  One context per thread. */
#ifndef CS_LINT_CERT_FACTS_H
#define CS_LINT_CERT_FACTS_H

#include <stddef.h>

#include "keys/weak_rsa.h"
#include "lint/rsa_modulus.h"
#include "x509/cert.h"

/* Opens the calling thread's context for c (forgetting what it held);
 * closes it. */
void cs_cert_facts_open(const cs_cert *c);
void cs_cert_facts_close(void);

/* cs_rsa_modulus_structure of c's RSA modulus, from its residues
 * (reduced once per certificate: the S/MIME and TLS structure rules and
 * the ROCA test share them). */
cs_rsa_modulus_fault cs_cert_rsa_structure(const cs_cert *c, unsigned *factor);

/* cs_rsa_known_weak of c's RSA modulus, the same answer and text, with
 * the ROCA test read from the residues above. */
cs_rsa_weakness cs_cert_rsa_known_weak(const cs_cert *c, unsigned checks, char *why, size_t size);

#endif
