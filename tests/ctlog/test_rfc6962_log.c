/* An RFC 6962 log over HTTP: tests/ctlog/rfc6962_server.py serving a
 * generated log, with one fault switched on per test; every fault is
 * survived with exact counts, or reported as the input being incomplete
 * (a misbehaving log loudly). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlog_env.h"
#include "runcmd.h"

static char dir[256], data[300];
static ctlog_server srv;
static long entries;
static char out[8192], err[16384];

static void setup(void)
{
    entries = ctlog_fixture(dir, sizeof dir);
    snprintf(data, sizeof data, "%s/gen/ct-json", dir);
}

static void teardown(void)
{
    ctlog_cleanup(&srv, dir);
}

static int scan(const char *name, const char *faults, const char *extra)
{
    ctlog_rfc6962_start(&srv, data, faults);
    int st = cs_test_runf(out, sizeof out, err, sizeof err,
                          "%s scan -q -o %s/%s --log-key %s/p256.pub --log-type rfc6962 %s %s/", cs_test_certsweep(),
                          dir, name, dir, extra, srv.url);
    ctlog_server_stop(&srv);
    return st;
}

TestSuite(rfc6962_log, .init = setup, .fini = teardown, .timeout = 300);

Test(rfc6962_log, whole_log_verified_and_the_same_twice)
{
    cr_assert_eq(scan("a", "", ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), entries);
    cr_assert_eq(ctlog_summary(dir, "a", "certificates_linted"), entries);
    cr_assert_eq(scan("b", "", "--fetch-jobs 1"), 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "a", "b"), "the same log read twice gives byte-identical reports");
    /* The same entries read from the get-entries files. */
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/files %s", cs_test_certsweep(), dir, data);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "a", "files"), "reading the log gives the reports of its files");
}

Test(rfc6962_log, ranges_checked_with_proofs)
{
    cr_assert_eq(scan("a", "", "--from 300"), 0, "%s", err);     /* inclusion proof of entry 300 */
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), entries - 300);
    cr_assert_eq(scan("b", "", "--to 399"), 0, "%s", err);       /* consistency proof 400 -> size */
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), 400);
    cr_assert_eq(scan("c", "", "--from 123 --to 456"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "c", "records_read"), 334);
}

Test(rfc6962_log, pages_smaller_than_asked)
{
    cr_assert_eq(scan("a", "page=50,short", ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), entries);
    cr_assert_eq(scan("b", "page=7", "--fetch-jobs 8"), 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "a", "b"));
    /* More than asked: the extra entries are the next page's, not counted twice. */
    cr_assert_eq(scan("c", "page=30,overfull", "--fetch-jobs 4"), 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "a", "c"));
    /* A request rate limit changes when, not what. */
    cr_assert_eq(scan("d", "page=100", "--fetch-rate 40 --fetch-jobs 3"), 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "a", "d"));
}

Test(rfc6962_log, transient_failures_are_retried)
{
    static const char *const faults[] = { "page=50,429", "page=50,500", "page=50,reset", "page=50,truncated",
                                          "page=50,500,reset,truncated,short" };
    cr_assert_eq(scan("clean", "", ""), 0, "%s", err);
    for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%zu", i);
        cr_assert_eq(scan(name, faults[i], "--retry-budget 200"), 0, "%s: %s", faults[i], err);
        cr_assert_eq(ctlog_summary(dir, name, "records_read"), entries, "%s", faults[i]);
        cr_assert(ctlog_same_reports(dir, "clean", name), "%s: the same reports as without faults", faults[i]);
    }
}

Test(rfc6962_log, slow_responses_time_out_and_are_retried)
{
    cr_assert_eq(scan("a", "page=100,slow", "--fetch-timeout 1"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), entries);
}

Test(rfc6962_log, retry_budget_spent_makes_the_input_incomplete)
{
    /* The tree head comes (request 1), the entries then fail every 5th
     * time: with no retries allowed the input stops there. */
    cr_assert_eq(scan("a", "page=50,500", "--retry-budget 0 --fetch-jobs 1"), 5, "%s", err);
    cr_assert(strstr(err, "retry budget spent"), "%s", err);
    long long read = ctlog_summary(dir, "a", "records_read");
    cr_assert(read > 0 && read < entries && read % 50 == 0, "whole pages counted before the failure: %lld", read);
    /* A log that never answers cannot be read at all. */
    cr_assert_eq(scan("b", "dead", "--retry-budget 3"), 1, "%s", err);
}

Test(rfc6962_log, bad_sth_signature)
{
    cr_assert_eq(scan("a", "badsig", ""), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "signature"), "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), 0);
}

Test(rfc6962_log, entry_not_matching_the_tree)
{
    cr_assert_eq(scan("a", "badentry", ""), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "root"), "%s", err);
    char path[400];
    snprintf(path, sizeof path, "%s/a/summary.json", dir);
    char *s = ctlog_slurp(path);
    cr_assert(s && strstr(s, "\"partial\": true") && strstr(s, "log misbehaving"), "%s", s);
    free(s);
    /* Its inclusion proof fails too when the range starts there. */
    cr_assert_eq(scan("b", "badentry", "--from 100"), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "not in the signed tree"), "%s", err);
}
