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
#include <time.h>
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
    ctlog_server_stop(&srv);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(resume, .init = setup, .fini = teardown, .timeout = 300);

static void grow(void)
{
    char path[400];
    snprintf(path, sizeof path, "%s/grow", data);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
}

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

Test(resume, rfc6962_log_that_grows)
{
    ctlog_rfc6962_start(&srv, data, "page=64,growth=300");
    cr_assert_eq(rfc6962("a", ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), 300);
    /* Nothing new: nothing counted twice. */
    cr_assert_eq(rfc6962("b", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), 300);
    grow();
    cr_assert_eq(rfc6962("c", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "c", "records_read"), entries);
    ctlog_server_stop(&srv);
    ctlog_rfc6962_start(&srv, data, "");
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/whole --log-key %s/p256.pub %s/",
                          cs_test_certsweep(), dir, dir, srv.url);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "c", "whole"), "resumed reports are those of one scan of the whole log");
}

/* `scan --follow 0.2` of the RFC 6962 log (server started with `faults`)
 * in the background, output to `log`; returns once its first round is
 * written. */
static pid_t follow_started(const char *faults, const char *extra, char *log, size_t log_size)
{
    ctlog_rfc6962_start(&srv, data, faults);
    char cmd[2048], state[400];
    snprintf(cmd, sizeof cmd, "%s scan -q -o %s/f --state %s/s.state --log-key %s/p256.pub --log-type rfc6962 --follow 0.2 "
             "%s %s/", cs_test_certsweep(), dir, dir, dir, extra, srv.url);
    snprintf(log, log_size, "%s/follow.log", dir);
    snprintf(state, sizeof state, "%s/s.state", dir);
    pid_t pid = ctlog_spawn(cmd, log);
    ctlog_wait_for(state);
    return pid;
}

/* --follow, stopped in its second round by `sig`; then a --resume. */
static void follow_stopped(int sig)
{
    char log[400];
    pid_t pid = follow_started("page=20,slow,growth=300", "--fetch-jobs 2", log, sizeof log);
    grow();
    nanosleep(&(struct timespec){ 1, 0 }, NULL); /* into the next round (its slow requests take 3 s) */
    kill(pid, sig);
    int st = ctlog_wait(pid);
    char *text = ctlog_slurp(log);
    cr_assert(sig == SIGKILL ? st == 128 + SIGKILL : st == 130, "exit %d: %s", st, text);
    free(text);
    /* Resumed after the stop: every entry counted once. */
    cr_assert_eq(rfc6962("r", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), entries);
    cr_assert_eq(ctlog_summary(dir, "r", "certificates_linted"), entries);
    ctlog_server_stop(&srv);
    ctlog_rfc6962_start(&srv, data, "");
    st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/whole --log-key %s/p256.pub %s/",
                      cs_test_certsweep(), dir, dir, srv.url);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "r", "whole"), "no entry counted twice or skipped");
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
    char log[400];
    pid_t pid = follow_started("page=64,growth=300", "--retry-budget 2 --fetch-timeout 1", log, sizeof log);
    ctlog_server_stop(&srv);                  /* the log goes away, port and all */
    nanosleep(&(struct timespec){ 2, 0 }, NULL);
    char *text = ctlog_slurp(log);
    cr_assert_eq(kill(pid, 0), 0, "--follow ended when the log went down: %s", text);
    free(text);
    grow();
    ctlog_rfc6962_start(&srv, data, "");      /* back, on the same port, and grown */
    nanosleep(&(struct timespec){ 3, 0 }, NULL);
    kill(pid, SIGINT);
    int st = ctlog_wait(pid);
    text = ctlog_slurp(log);
    cr_assert_eq(st, 130, "exit %d: %s", st, text);
    cr_assert(strstr(text, "retry budget spent"), "the outage is reported: %s", text);
    free(text);
    /* Nothing counted twice, nothing skipped, through the outage. */
    cr_assert_eq(rfc6962("r", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), entries);
    st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/whole --log-key %s/p256.pub %s/",
                      cs_test_certsweep(), dir, dir, srv.url);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "r", "whole"), "no entry counted twice or skipped");
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
