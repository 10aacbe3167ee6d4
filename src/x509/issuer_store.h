/* A set of CA certificates (scan --issuers FILE|DIR: a root store, a CCADB
 * or CA bundle) in which a certificate's issuer is looked up when the dump
 * does not carry it, so that the issuer rules and signature verification
 * run for it too.
 *
 * Loaded once before the scan, then read-only and shared by every worker.
 * Only the DER and a few spans into it are kept per CA (not parsed views:
 * the worker's issuer cache parses what it uses).  A certificate matches
 * a CA whose subject is byte-identical to its issuer field and, when the
 * certificate has an authorityKeyIdentifier keyIdentifier and the CA a
 * subjectKeyIdentifier, whose SKI equals it.  Among several matching CAs
 * the one with the smallest SHA-256 is taken (cross-certificates of one
 * CA share its name and key), unless they hold different keys with
 * nothing to tell them apart (test PKIs reuse names and key identifiers):
 * the issuer is then unknown rather than guessed. */
#ifndef CS_X509_ISSUER_STORE_H
#define CS_X509_ISSUER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"

typedef struct cs_issuer_store cs_issuer_store;

/* Reads every certificate of a file, or of every regular file under a
 * directory (recursively): PEM (any number of CERTIFICATE blocks) or DER
 * (one or several concatenated).  Certificates that do not parse are
 * skipped and counted in *skipped.  NULL with a message on an unreadable
 * path, out of memory, or no certificate at all. */
cs_issuer_store *cs_issuer_store_load(const char *path, size_t *skipped, char *err, size_t err_size);
void cs_issuer_store_free(cs_issuer_store *s);
size_t cs_issuer_store_count(const cs_issuer_store *s);

/* The DER of the issuing CA of c, or false when the store has none that
 * fits (see above).  The bytes live as long as the store. */
bool cs_issuer_store_find(const cs_issuer_store *s, const cs_cert *c, const uint8_t **der, size_t *len);

#endif
