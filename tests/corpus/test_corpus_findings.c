/* The corpus findings and signature verdicts on the shared real corpus,
 * each checked by hand (docs/corpus-findings.md): a change in any count
 * needs the same check again before this file is updated. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecheck.h"
#include "runcmd.h"

static char out[1 << 16], errb[1 << 16];

static char *slurp(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return (char *)cs_test_read_file(path, NULL);
}

Test(corpus_findings_real, counts_checked_by_hand, .timeout = 600)
{
    char tmp[256], real[512], r[600];
    cs_test_tmpdir(tmp, sizeof tmp);
    snprintf(real, sizeof real, "%s/corpus/real", cs_test_shared_dir());
    snprintf(r, sizeof r, "%s/r", tmp);
    cr_assert_eq(cs_test_runf(out, sizeof out, errb, sizeof errb,
                              "%s scan -q -j2 --shared-primes --issuers %s --verify-signatures -o %s %s",
                              cs_test_certsweep(), real, r, real),
                 0, "%s", errb);
    char *sum = slurp(r, "summary.json");
    cr_expect(strstr(sum, "\"findings\": {\"serial_duplicate\": 29, \"precert_mismatch\": 0, \"key_reuse\": 4, "
                          "\"ca_key_reuse\": 4, \"serial_sequential\": 1, \"serial_low_entropy\": 0, "
                          "\"shared_prime\": 0}") != NULL,
              "corpus findings changed: check them by hand (docs/corpus-findings.md)");
    cr_expect(strstr(sum, "\"rsa_moduli\": 3217") != NULL);
    char path[700];
    snprintf(path, sizeof path, "%s/summary.json", r);
    cr_expect_eq(cs_test_json_int(path, "signatures_checked"), 3871);
    cr_expect_eq(cs_test_json_int(path, "signatures_invalid"), 27);
    free(sum);
}
