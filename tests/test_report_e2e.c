/* Reports end to end: the real binary on real certificates.  Shards
 * scanned separately and merged from their state files give the same
 * report bytes as one scan; -j1 and -j4 agree; every record is accounted
 * for; incompatible states are refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecheck.h"
#include "runcmd.h"

static const char *const files[] = { "issuers.csv", "issuer_rules.csv", "rules.csv", "monthly.csv",
                                     "summary.json", "index.html" };

static char out[65536], errb[65536];

#define run(...) cs_test_runf(out, sizeof out, errb, sizeof errb, __VA_ARGS__)

/* A source folder of the sample of real certificates. */
static void corpus(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/corpus/real/%s", cs_test_sample_dir(), name);
}

static void same_dirs(const char *a, const char *b)
{
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        int rc = run("cmp %s/%s %s/%s", a, files[f], b, files[f]);
        cr_assert_eq(rc, 0, "%s differs: %s", files[f], out);
    }
}

Test(report_e2e, shards_merged_equal_one_scan)
{
    char a[1024], b[1024], c[1024], tmp[512];
    corpus("zcrypto", a, sizeof a);
    corpus("x509-limbo", b, sizeof b);
    corpus("debian-ca-certificates", c, sizeof c);
    cs_test_tmpdir(tmp, sizeof tmp);
    const char *bin = cs_test_certsweep();
    cr_assert_eq(run("%s scan -q -j3 -o %s/whole %s %s %s", bin, tmp, a, b, c), 0, "%s", errb);
    const char *shard[3] = { a, b, c };
    for (int k = 0; k < 3; k++)
        cr_assert_eq(run("%s scan -q -j2 -o %s/s%d --state %s/s%d.state %s", bin, tmp, k, tmp, k, shard[k]), 0,
                     "%s", errb);
    cr_assert_eq(run("%s merge -o %s/merged --state %s/merged.state %s/s0.state %s/s1.state %s/s2.state", bin, tmp,
                     tmp, tmp, tmp, tmp),
                 0, "%s", errb);
    char w[600], m[600];
    snprintf(w, sizeof w, "%s/whole", tmp);
    snprintf(m, sizeof m, "%s/merged", tmp);
    same_dirs(w, m);

    char path[700];
    snprintf(path, sizeof path, "%s/summary.json", m);
    long long read = cs_test_json_int(path, "records_read");
    long long linted = cs_test_json_int(path, "certificates_linted");
    long long failed = cs_test_json_int(path, "parse_failures");
    cr_assert_gt(linted, 80);
    cr_assert_eq(read, linted + failed);

    /* Re-rendering the merged state gives the same reports again. */
    cr_assert_eq(run("%s report -o %s/again %s/merged.state", bin, tmp, tmp), 0, "%s", errb);
    char g[600];
    snprintf(g, sizeof g, "%s/again", tmp);
    same_dirs(m, g);
    run("rm -rf %s", tmp);
}

Test(report_e2e, thread_count_does_not_change_reports)
{
    char a[1024], tmp[512];
    corpus("debian-ca-certificates", a, sizeof a);
    cs_test_tmpdir(tmp, sizeof tmp);
    const char *bin = cs_test_certsweep();
    cr_assert_eq(run("%s scan -q -j1 -o %s/j1 %s", bin, tmp, a), 0, "%s", errb);
    cr_assert_eq(run("%s scan -q -j4 -o %s/j4 %s", bin, tmp, a), 0, "%s", errb);
    char x[600], y[600];
    snprintf(x, sizeof x, "%s/j1", tmp);
    snprintf(y, sizeof y, "%s/j4", tmp);
    same_dirs(x, y);
    run("rm -rf %s", tmp);
}

Test(report_e2e, states_of_other_rule_selections_are_refused)
{
    char a[1024], tmp[512];
    corpus("debian-ca-certificates", a, sizeof a);
    cs_test_tmpdir(tmp, sizeof tmp);
    const char *bin = cs_test_certsweep();
    cr_assert_eq(run("%s scan -q -o %s/x --state %s/all.state %s", bin, tmp, tmp, a), 0, "%s", errb);
    cr_assert_eq(run("%s scan -q -r smime -o %s/y --state %s/smime.state %s", bin, tmp, tmp, a), 0, "%s", errb);
    int rc = run("%s merge -o %s/z %s/all.state %s/smime.state", bin, tmp, tmp, tmp);
    cr_assert_eq(rc, 1, "merge of different rule selections exited %d", rc);
    /* A corrupt state is refused with a message naming it. */
    cr_assert_eq(run("printf 'CSWSTATE\\001\\000\\000\\000junk' > %s/bad.state", tmp), 0);
    rc = run("%s report -o %s/w %s/bad.state", bin, tmp, tmp);
    cr_assert_eq(rc, 1);
    cr_assert_not_null(strstr(errb, "bad.state"), "%s", errb);
    run("rm -rf %s", tmp);
}
