/* End-to-end tests of the certsweep command line: help, usage errors,
 * bad inputs, and a scan of the sample of real certificates with its totals
 * (of the whole shared corpus: tests/corpus/test_cli_corpus.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecheck.h"
#include "runcmd.h"

static char out[1 << 18], err[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

Test(cli, help_and_version_on_every_subcommand)
{
    const char *cmds[] = { "scan", "lint", "rules", "merge", "report" };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        cr_expect_eq(run("%s %s --help", cs_test_certsweep(), cmds[i]), 0, "%s --help", cmds[i]);
        cr_expect(strstr(out, "usage: certsweep") != NULL, "%s --help prints usage", cmds[i]);
        cr_expect_eq(run("%s %s --version", cs_test_certsweep(), cmds[i]), 0);
        cr_expect(strstr(out, CS_VERSION) != NULL, "%s --version prints the version", cmds[i]);
    }
    cr_expect_eq(run("%s --help", cs_test_certsweep()), 0);
    cr_expect_eq(run("%s --version", cs_test_certsweep()), 0);
}

Test(cli, usage_errors_exit_2)
{
    const char *c = cs_test_certsweep();
    cr_expect_eq(run("%s", c), 2);
    cr_expect_eq(run("%s frobnicate", c), 2);
    cr_expect_eq(run("%s scan", c), 2);
    cr_expect(strstr(err, "no INPUT") != NULL, "says what is missing: %s", err);
    cr_expect_eq(run("%s scan -j 0 x", c), 2);
    cr_expect_eq(run("%s scan -j lots x", c), 2);
    cr_expect_eq(run("%s scan --no-such-option x", c), 2);
    cr_expect_eq(run("%s scan --rules no_such_rule x", c), 2);
    cr_expect(strstr(err, "no_such_rule") != NULL, "names the unknown rule: %s", err);
    cr_expect_eq(run("%s scan --format no-such-format x", c), 2);
    cr_expect_eq(run("%s rules --rules smime,bogus_source", c), 2);
    /* One file named twice would be counted twice. */
    char dir[256], path[512];
    cs_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/one.pem", dir);
    cs_test_write_file(path, "not a certificate\n");
    cr_expect_eq(run("%s scan -q -o %s/out %s %s/./one.pem", c, dir, path, dir), 2);
    cr_expect(strstr(err, "same input") != NULL, "says why: %s", err);
}

/* An unknown option or a missing value: one line saying what is wrong,
 * then the hint, for every subcommand (getopt's message, not a second one). */
Test(cli, bad_option_is_one_error_line_and_the_hint)
{
    const char *cmds[] = { "scan", "lint", "rules", "merge", "report" };
    char want[256];
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        cr_expect_eq(run("%s %s --bogus", cs_test_certsweep(), cmds[i]), 2, "%s --bogus", cmds[i]);
        snprintf(want, sizeof want, "certsweep %s: unrecognized option '--bogus'\nTry 'certsweep %s --help'.\n",
                 cmds[i], cmds[i]);
        cr_expect_str_eq(err, want);
        cr_expect_str_eq(out, "");
    }
    cr_expect_eq(run("%s scan x -j", cs_test_certsweep()), 2);
    cr_expect_str_eq(err, "certsweep scan: option requires an argument -- 'j'\nTry 'certsweep scan --help'.\n");
}

Test(cli, rules_lists_metadata)
{
    cr_assert_eq(run("%s rules --tsv", cs_test_certsweep()), 0);
    cr_assert(strncmp(out, "id\tseverity\tsource\tcitation\teffective", 37) == 0);
    /* Every row has the ten columns and a known severity and source. */
    size_t rows = 0;
    for (char *save = NULL, *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (rows++ == 0)
            continue;
        int tabs = 0;
        for (char *p = line; *p; p++)
            tabs += *p == '\t';
        cr_expect_eq(tabs, 9, "row has 10 columns: %s", line);
        cr_expect(strstr(line, "\terror\t") || strstr(line, "\twarning\t") || strstr(line, "\tnotice\t"),
                  "row has a severity: %s", line);
    }
    cr_expect_geq(rows - 1, 5, "at least five rules are registered");
}

/* The sample of real certificates: every record is accounted for, and
 * everything a strict parser (pyca/cryptography, per the manifest: 586 of
 * 662) accepts is linted. */
Test(cli, scan_real_sample_totals, .timeout = 300)
{
    cs_test_scan_real_totals(cs_test_sample_dir(), 662, 586);
}

/* Bad inputs are named, counted, and do not stop the scan. */
Test(cli, bad_inputs_are_counted_and_named, .timeout = 60)
{
    char dir[256], p[512];
    cs_test_tmpdir(dir, sizeof dir);
    /* One good certificate, in PEM, made from a real one. */
    int st = run("openssl x509 -inform der -in %s/corpus/real/debian-ca-certificates/"
                 "9a6ec012e1a7da9dbe34194d478ad7c0db1822fb071df12981496ed104384113.der -out %s/good.pem",
                 cs_test_sample_dir(), dir);
    cr_assert_eq(st, 0, "openssl: %s", err);
    snprintf(p, sizeof p, "%s/notcert.der", dir);
    cs_test_write_file(p, "\x30\x82\x10\x00 this is not a certificate");
    snprintf(p, sizeof p, "%s/truncated.pem", dir);
    cs_test_write_file(p, "-----BEGIN CERTIFICATE-----\nMIIFdTCCA12gAwIBAgIIJQXrOQzKp0cwDQYJKoZIhvcNAQELBQAwPTELMAkGA1UE\n");

    st = run("%s scan -q -j 1 -o %s/report %s %s/does-not-exist", cs_test_certsweep(), dir, dir, dir);
    cr_expect_eq(st, 1, "a missing input makes the scan incomplete (exit 1), got %d", st);
    cr_expect(strstr(err, "does-not-exist") != NULL, "names the missing path: %s", err);
    cr_expect(strstr(err, "notcert.der") != NULL, "names the bad file: %s", err);
    cr_expect(strstr(err, "truncated.pem") != NULL, "names the truncated PEM: %s", err);

    snprintf(p, sizeof p, "%s/report/summary.json", dir);
    long long records = cs_test_json_int(p, "records_read");
    long long linted = cs_test_json_int(p, "certificates_linted");
    long long failures = cs_test_json_int(p, "parse_failures");
    cr_expect_eq(linted, 1, "the good certificate is linted");
    cr_expect_geq(failures, 2, "both bad files are counted");
    cr_expect_eq(records, linted + failures);
}

Test(cli, scan_standard_input, .timeout = 60)
{
    char dir[256], p[400];
    cs_test_tmpdir(dir, sizeof dir);
    int st = run("cat %s/corpus/real/debian-ca-certificates/"
                 "9a6ec012e1a7da9dbe34194d478ad7c0db1822fb071df12981496ed104384113.der | %s scan -q -o %s/r -",
                 cs_test_sample_dir(), cs_test_certsweep(), dir);
    cr_assert_eq(st, 0, "stderr: %s", err);
    snprintf(p, sizeof p, "%s/r/summary.json", dir);
    cr_expect_eq(cs_test_json_int(p, "certificates_linted"), 1);
    cr_expect_eq(cs_test_json_int(p, "parse_failures"), 0);
}
