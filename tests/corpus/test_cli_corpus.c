/* The certsweep command over the whole shared corpus (../shared, `make
 * check-corpus`): every record is accounted for, and everything a strict
 * parser (pyca/cryptography, per the manifest) accepts is linted. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <sys/stat.h>

#include "rulecheck.h"
#include "runcmd.h"

static char out[1 << 16], err[1 << 16];

Test(cli_corpus, scan_real_corpus_totals, .timeout = 300)
{
    char dir[256], real[512];
    cs_test_tmpdir(dir, sizeof dir);
    snprintf(real, sizeof real, "%s/corpus/real", cs_test_shared_dir());
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -j 2 -o %s/report %s", cs_test_certsweep(),
                          dir, real);
    cr_assert_eq(st, 0, "scan exit status %d; stderr: %.2000s", st, err);

    char summary[300];
    snprintf(summary, sizeof summary, "%s/report/summary.json", dir);
    long long records = cs_test_json_int(summary, "records_read");
    long long linted = cs_test_json_int(summary, "certificates_linted");
    long long failures = cs_test_json_int(summary, "parse_failures");
    cr_expect_eq(records, 5361, "one record per corpus file");
    cr_expect_eq(records, linted + failures, "records_read = certificates_linted + parse_failures");
    cr_expect_geq(linted, 5138, "every certificate pyca accepts is linted (got %lld)", linted);

    const char *files[] = { "issuers.csv", "issuer_rules.csv", "rules.csv", "summary.json" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[400];
        struct stat sb;
        snprintf(p, sizeof p, "%s/report/%s", dir, files[i]);
        cr_expect_eq(stat(p, &sb), 0, "%s written", files[i]);
        cr_expect_gt(sb.st_size, 0, "%s not empty", files[i]);
    }
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf %s", dir);
}
