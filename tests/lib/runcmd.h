/* Running the certsweep binary from tests. */
#ifndef CS_TESTS_RUNCMD_H
#define CS_TESTS_RUNCMD_H

#include <stddef.h>

/* Path of bin/certsweep: $CERTSWEEP or "bin/certsweep". */
const char *cs_test_certsweep(void);

/* Runs a shell command line; captures stdout and stderr (each truncated
 * to its buffer) and returns the exit status (128+N for signal N). */
int cs_test_run(const char *cmdline, char *out, size_t out_size, char *err, size_t err_size);

/* cs_test_run of a printf-formatted command line (up to 8 KiB). */
int cs_test_runf(char *out, size_t out_size, char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Where the corpus tools are: $BINDIR or "bin". */
const char *cs_test_bindir(void);

/* A fresh temporary directory (mkdtemp under $TMPDIR or /tmp). */
const char *cs_test_tmpdir(char *buf, size_t size);

/* The integer value of "key": N in a JSON file; aborts the test if absent. */
long long cs_test_json_int(const char *path, const char *key);

/* `certsweep scan` of root/corpus/real (the sample of real certificates or
 * the shared corpus: see rulecheck.h) into a temporary report directory:
 * it exits 0, reads exactly `records` records, accounts for each
 * (records_read = certificates_linted + parse_failures), lints at least
 * `min_linted` (the certificates a strict parser accepts) and writes its
 * reports. */
void cs_test_scan_real_totals(const char *root, long long records, long long min_linted);

#endif
