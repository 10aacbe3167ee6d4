/* Test helpers for rule tests: lint a certificate with one rule, or with
 * a selection, and look at the outcome. */
#ifndef CS_TESTS_RULECHECK_H
#define CS_TESTS_RULECHECK_H

#include <stddef.h>
#include <stdint.h>

#include "certgen.h"
#include "lint/ruleset.h"

/* Path of the shared corpus folder: $CERTSWEEP_SHARED or "../shared".
 * Only the tests under tests/corpus/ (`make check-corpus`) may use it:
 * the others must pass on a fresh clone, without it. */
const char *cs_test_shared_dir(void);

/* Absolute path of the sample of real certificates carried in the tree,
 * tests/data/real-sample: laid out like the shared folder (corpus/real/
 * <source>/<sha256>.der, corpus/formats/, corpus/manifest.tsv), so a test
 * reads "<dir>/corpus/..." from either.  Tests run from the top of the tree. */
const char *cs_test_sample_dir(void);

/* Parses der and runs only rule `rule_id` (which must exist: the test
 * aborts otherwise).  Returns CS_PASS, CS_FAIL, CS_NA or CS_NE.  detail
 * (may be NULL) receives the failure detail.  A parse failure aborts the
 * test with the parser's reason. */
cs_result cs_test_rule(const char *rule_id, const uint8_t *der, size_t len,
                       char *detail, size_t detail_size);

/* As cs_test_rule, with the issuing CA's certificate as cs_cert.issuer_cert
 * (NULL: unknown, as in cs_test_rule).  The issuer must parse. */
cs_result cs_test_rule_issuer(const char *rule_id, const uint8_t *der, size_t len, const uint8_t *issuer,
                              size_t issuer_len, char *detail, size_t detail_size);

/* Sets extension `oid` (dotted) of c to the value written in hex ("30 03
 * 01 01 ff", cg_hex), critical or not; returns c.  Aborts the test on
 * bad hex. */
cg_cert *cs_test_ext_hex(cg_cert *c, const char *oid, bool critical, const char *hex);

/* Builds the certificate (cg_der), runs the rule, frees the DER and the builder. */
cs_result cs_test_rule_cg(const char *rule_id, cg_cert *c);

/* Runs every rule of `selection` (see cs_ruleset_new) and writes the ids
 * of findings with severity >= min, space-separated, into ids.  Returns
 * their number.  Frees the builder. */
size_t cs_test_findings_cg(const char *selection, cg_cert *c, cs_severity min,
                           char *ids, size_t ids_size);

/* Reads a whole file (test fixtures, corpus), NUL-terminated so text files
 * can be used as strings; len may be NULL.  Aborts the test on failure. */
uint8_t *cs_test_read_file(const char *path, size_t *len);

/* Writes text to a file (fixtures made at test time); aborts the test on failure. */
void cs_test_write_file(const char *path, const char *text);

#endif
