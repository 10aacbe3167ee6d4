/* Certificates for the corpus collector tests (test_corpus*.c): a TLS
 * subscriber (the tls-ov preset) with a given serial, host name (CN and
 * DNS SAN) and pool key. */
#ifndef CS_TESTS_CORPUSCASE_H
#define CS_TESTS_CORPUSCASE_H

#include "certgen.h"

/* key NULL: the preset's key.  The test aborts when a setter fails. */
cg_cert *cs_test_tls_cert(const char *serial_hex, const char *host, const char *key);

#endif
