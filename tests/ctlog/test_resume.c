/* Resuming and following CT logs: `scan --state S --resume` reads only
 * the entries after those S counts and merges them; `--follow` does it in
 * rounds; a kill or an interrupt in the middle of a round neither counts
 * an entry twice nor skips one (the reports end up those of one scan of
 * the whole log). */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctlog_env.h"
#include "runcmd.h"

static char dir[256], data[300];
static ctlog_server srv;
static long entries;
static char out[8192], err[16384];

static void setup(void)
{
    entries = ctlog_fixture_growing(dir, sizeof dir, data, sizeof data);
}

static void teardown(void)
{
    ctlog_cleanup(&srv, dir);
}

TestSuite(resume, .init = setup, .fini = teardown, .timeout = 300);

static int rfc6962(const char *name, const char *extra)
{
    return cs_test_runf(out, sizeof out, err, sizeof err,
                        "%s scan -q -o %s/%s --state %s/s.state --log-key %s/p256.pub --log-type rfc6962 %s %s/",
                        cs_test_certsweep(), dir, name, dir, dir, extra, srv.url);
}

Test(resume, static_log_resumed_after_a_range)
{
    char root[400];
    snprintf(root, sizeof root, "%s/gen/tiles", dir);
    ctlog_nginx_start(&srv, dir, root);
    const char *cs = cs_test_certsweep();
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/a --state %s/s.state --log-key %s/ed.pub --to 299 %s/",
                          cs, dir, dir, dir, srv.url);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), 300);
    st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/b --state %s/s.state --log-key %s/ed.pub --resume",
                      cs, dir, dir, dir);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), entries);
    st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/whole --log-key %s/ed.pub %s/", cs, dir, dir,
                      srv.url);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "b", "whole"));
}

/* dir/REPORT holds the reports of one scan of the whole RFC 6962 log
 * (served again without faults): no entry counted twice or skipped. */
static void same_as_one_scan(const char *report)
{
    ctlog_server_stop(&srv);
    ctlog_rfc6962_start(&srv, data, "");
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/whole --log-key %s/p256.pub %s/",
                          cs_test_certsweep(), dir, dir, srv.url);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, report, "whole"), "the reports of one scan of the whole log");
}

Test(resume, rfc6962_log_that_grows)
{
    ctlog_rfc6962_start(&srv, data, "page=64,growth=300");
    cr_assert_eq(rfc6962("a", ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), 300);
    /* Nothing new: nothing counted twice. */
    cr_assert_eq(rfc6962("b", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), 300);
    ctlog_touch(data, "grow");
    cr_assert_eq(rfc6962("c", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "c", "records_read"), entries);
    same_as_one_scan("c");
}

/* --follow, stopped in its second round by `sig`; then a --resume. */
static void follow_stopped(int sig)
{
    pid_t pid = ctlog_follow_start(&srv, dir, data, "page=20,growth=300,hold=400", "--fetch-jobs 2");
    ctlog_follow_stop_mid_round(pid, dir, data, sig);
    /* Resumed after the stop: every entry counted once. */
    cr_assert_eq(rfc6962("r", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), entries);
    cr_assert_eq(ctlog_summary(dir, "r", "certificates_linted"), entries);
    same_as_one_scan("r");
}

Test(resume, follow_killed_mid_round)
{
    follow_stopped(SIGKILL);
}

Test(resume, follow_interrupted_mid_round)
{
    follow_stopped(SIGINT);
}

/* A monitor outlives an outage: rounds that cannot reach the log report
 * it and keep the log's position, and the rounds after it go on. */
Test(resume, follow_goes_on_while_the_log_is_down)
{
    char log[400], caught_up[64], summary[400];
    snprintf(log, sizeof log, "%s/follow.log", dir);
    pid_t pid = ctlog_follow_start(&srv, dir, data, "page=64,growth=300", "--retry-budget 2 --fetch-timeout 1");
    ctlog_server_stop(&srv); /* the log goes away, port and all */
    /* A round reports the outage, and the next round comes all the same. */
    ctlog_wait_for_text(log, "(retry budget spent)", 2);
    char *text = ctlog_slurp(log);
    cr_assert_eq(kill(pid, 0), 0, "--follow ended when the log went down: %s", text);
    free(text);
    ctlog_touch(data, "grow");
    ctlog_rfc6962_start(&srv, data, ""); /* back, on the same port, and grown */
    snprintf(caught_up, sizeof caught_up, "\"records_read\": %ld,", entries);
    snprintf(summary, sizeof summary, "%s/f/summary.json", dir);
    ctlog_wait_for_text(summary, caught_up, 1); /* a round read the new entries */
    kill(pid, SIGINT);
    int st = ctlog_wait(pid);
    text = ctlog_slurp(log);
    cr_assert_eq(st, 130, "exit %d: %s", st, text);
    free(text);
    /* Nothing counted twice, nothing skipped, through the outage. */
    cr_assert_eq(rfc6962("r", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), entries);
    same_as_one_scan("r");
}

Test(resume, two_logs_from_a_log_list_are_two_inputs)
{
    char root[400], list[400], cmd[4096];
    snprintf(root, sizeof root, "%s/gen/tiles", dir);
    ctlog_nginx_start(&srv, dir, root);
    ctlog_server other = { 0 };
    ctlog_rfc6962_start(&other, data, "");
    snprintf(list, sizeof list, "%s/list.json", dir);
    snprintf(cmd, sizeof cmd,
             "ed=$(openssl pkey -pubin -in %s/ed.pub -outform DER | base64 -w0) && "
             "ec=$(openssl pkey -pubin -in %s/p256.pub -outform DER | base64 -w0) && printf '%%s' "
             "'{\"operators\":[{\"name\":\"Op\",\"logs\":[{\"description\":\"Classic\",\"key\":\"'$ec'\",\"url\":\"%s/\","
             "\"state\":{\"usable\":{}}}],\"tiled_logs\":[{\"description\":\"Tiled\",\"key\":\"'$ed'\","
             "\"monitoring_url\":\"%s/\",\"state\":{\"usable\":{}}}]}]}' > %s",
             dir, dir, other.url, srv.url, list);
    cr_assert_eq(system(cmd), 0);
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/r --state %s/s.state --log-list %s",
                          cs_test_certsweep(), dir, dir, list);
    ctlog_server_stop(&other);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), 2 * entries);
    char path[400];
    snprintf(path, sizeof path, "%s/r/summary.json", dir);
    char *s = ctlog_slurp(path);
    cr_assert(s && strstr(s, "\"input\": 1") && !strstr(s, "\"input\": 2"), "two inputs");
    char next[64];
    snprintf(next, sizeof next, "\"next_entry\": %ld", entries);
    cr_assert(strstr(s, next), "%s", s);
    free(s);
}
