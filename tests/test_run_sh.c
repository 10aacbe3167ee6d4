/* tests/run.sh, the runner of `make check`, on stand-in test binaries
 * (shell scripts that print what Criterion prints and write its TAP
 * report): failures and crashes counted once each, assertion text shown,
 * skips counted, binaries that die or leak after their tests counted as
 * failures, and one closing line over several passes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runcmd.h"

static char out[1 << 16], err[4096], dir[256];

/* An executable stand-in: prints `output`, writes `tap` (the TAP lines
 * after the plan) to the --tap= file, exits with `status`. */
static const char *fake(const char *name, const char *output, const char *tap, int status)
{
    static char path[8][400];
    static int n;
    char *p = path[n++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fprintf(f, "#!/bin/sh\nfor a; do case $a in --tap=*) tap=${a#--tap=};; esac; done\n"
               "printf 'TAP version 13\\n1..9\\n%s' > \"$tap\"\nprintf '%s'\nexit %d\n",
            tap, output, status);
    fclose(f);
    cs_test_runf(out, sizeof out, err, sizeof err, "chmod +x %s", p);
    return p;
}

static const char *last_line(void)
{
    size_t n = strlen(out);
    while (n && out[n - 1] == '\n')
        out[--n] = '\0';
    const char *l = strrchr(out, '\n');
    return l ? l + 1 : out;
}

/* Under `make check` the runner's own tally is in the environment: the
 * runs here must not add to it. */
static void setup(void)
{
    unsetenv("CS_TEST_TALLY");
    cs_test_tmpdir(dir, sizeof dir);
}

TestSuite(run_sh, .init = setup);

#define SYN "[====] Synthesis: Tested: %d | Passing: %d | Failing: %d | Crashing: %d \\n"

Test(run_sh, counts_failures_crashes_and_skips_once)
{
    char a[512], b[512];
    snprintf(a, sizeof a, "[----] t.c:7: Assertion Failed\\n[----]   records: 5 != 6\\n[FAIL] s::one\\n"
             "[FAIL] s::two: CRASH!\\n" SYN, 3, 1, 2, 1);
    const char *failing = fake("failing", a, "not ok - s::one\\nnot ok - s::two\\nok - s::three\\n"
                               "ok - s::four  # SKIP no tiles\\n", 1);
    snprintf(b, sizeof b, SYN, 2, 2, 0, 0);
    const char *passing = fake("passing", b, "ok - p::a\\nok - p::b\\nok - p::c  # SKIP not here\\n", 0);
    snprintf(b, sizeof b, "==1==ERROR: LeakSanitizer: detected memory leaks\\n" SYN, 1, 1, 0, 0);
    const char *leaking = fake("leaking", b, "ok - l::a\\n", 23);
    const char *dying = fake("dying", "[RUN ] d::a\\n", "", 137);

    int st = cs_test_runf(out, sizeof out, err, sizeof err, "sh tests/run.sh %s %s %s %s", failing, passing,
                          leaking, dying);
    cr_expect_eq(st, 1, "something failed: exit 1, not %d", st);
    cr_expect(strstr(out, "[----]   records: 5 != 6") != NULL, "the assertion text is shown: %s", out);
    cr_expect(strstr(out, "LeakSanitizer") != NULL, "the sanitizer report is shown");
    cr_expect(strstr(out, "did not finish (exit 137)") != NULL, "%s", out);
    cr_expect(strstr(out, "(1 of the failed tests crashed)") != NULL, "%s", out);
    cr_expect(strstr(out, "[SKIP] p::c: not here") != NULL, "a passing binary names its skips: %s", out);
    /* 2 failing tests (one of them the crash), 1 leak at exit, 1 binary that died. */
    cr_expect_str_eq(last_line(), "4 passed, 4 failed, 2 skipped");

    st = cs_test_runf(out, sizeof out, err, sizeof err, "sh tests/run.sh %s", passing);
    cr_expect_eq(st, 0);
    cr_expect_str_eq(last_line(), "2 passed, 0 failed, 1 skipped");
    cr_expect(strstr(out, "Synthesis") != NULL);
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf %s", dir);
}

Test(run_sh, several_passes_close_with_one_total)
{
    char a[256], b[256];
    snprintf(a, sizeof a, SYN, 2, 2, 0, 0);
    const char *passing = fake("passing", a, "ok - p::a\\nok - p::b\\nok - p::c  # SKIP not here\\n", 0);
    snprintf(b, sizeof b, "[FAIL] f::a\\n" SYN, 2, 1, 1, 0);
    const char *failing = fake("failing", b, "not ok - f::a\\nok - f::b\\n", 1);

    int st = cs_test_runf(out, sizeof out, err, sizeof err,
                          "t=%s/tally; CS_TEST_TALLY=$t sh tests/run.sh %s; CS_TEST_TALLY=$t sh tests/run.sh %s %s; "
                          "sh tests/run.sh --total $t",
                          dir, passing, passing, failing);
    cr_expect_eq(st, 1, "the total fails when a pass failed");
    cr_expect(strstr(out, "this pass: 2 passed, 0 failed, 1 skipped") != NULL, "%s", out);
    cr_expect(strstr(out, "this pass: 3 passed, 1 failed, 1 skipped") != NULL, "%s", out);
    cr_expect_str_eq(last_line(), "5 passed, 1 failed, 2 skipped");

    st = cs_test_runf(out, sizeof out, err, sizeof err, "sh tests/run.sh --total %s/none", dir);
    cr_expect_eq(st, 1, "no results is a failure");
    cr_expect_str_eq(last_line(), "0 passed, 1 failed, 0 skipped");
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf %s", dir);
}
