/* `--findings` over the rounds of --resume and --follow: every
 * certificate's line is in the file exactly once, also after a kill in
 * the middle of a round, and the file ends up what one scan of the whole
 * log writes (its per-certificate lines, then the corpus lines). */
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

TestSuite(findings_rounds, .init = setup, .fini = teardown, .timeout = 300);

static char *file(const char *name)
{
    return ctlog_file(dir, name);
}

/* Lines of text holding `needle`. */
static long count_lines(const char *text, const char *needle)
{
    long n = 0;
    for (const char *l = text; *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        const char *hit = strstr(l, needle);
        n += hit && hit < l + len;
        l += len + (e != NULL);
    }
    return n;
}

/* Every entry has its line (--findings-all) exactly once: "ct_index":I}
 * (one pass over the file: a search per entry is quadratic). */
static void each_entry_once(const char *text)
{
    static const char key[] = "\"ct_index\":";
    long *seen = calloc((size_t)entries, sizeof *seen);
    cr_assert_not_null(seen);
    for (const char *l = text; *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        const char *hit = strstr(l, key);
        if (hit && hit < l + len) {
            char *end;
            long i = strtol(hit + sizeof key - 1, &end, 10);
            cr_assert(*end == '}' && i >= 0 && i < entries, "line %.*s", (int)len, l);
            seen[i]++;
            const char *again = strstr(end, key);
            cr_assert(!again || again >= l + len, "two entries on one line: %.*s", (int)len, l);
        }
        l += len + (e != NULL);
    }
    for (long i = 0; i < entries; i++)
        cr_assert_eq(seen[i], 1, "entry %ld", i);
    free(seen);
    cr_assert_eq(count_lines(text, "\"origin\":"), entries);
}

static int scan_static(const char *name, const char *extra)
{
    return cs_test_runf(out, sizeof out, err, sizeof err,
                        "%s scan -q -o %s/%s --state %s/s.state --log-key %s/ed.pub --findings-all %s %s/",
                        cs_test_certsweep(), dir, name, dir, dir, extra, srv.url);
}

/* The static log served, its entries 0..299 scanned into the state
 * s.state with --findings dir/FINDINGS. */
static void scanned_first_300(const char *findings)
{
    char root[400], opt[600];
    snprintf(root, sizeof root, "%s/gen/tiles", dir);
    ctlog_nginx_start(&srv, dir, root);
    snprintf(opt, sizeof opt, "--findings %s/%s --to 299", dir, findings);
    cr_assert_eq(scan_static("a", opt), 0, "%s", err);
}

/* `scan --resume` of the static log into dir/REPORT, --findings dir/FINDINGS. */
static int resume(const char *report, const char *findings)
{
    char opt[600];
    snprintf(opt, sizeof opt, "--findings %s/%s --resume", dir, findings);
    return scan_static(report, opt);
}

/* One scan of the whole static log, --findings dir/FINDINGS (no state). */
static void whole_scan(const char *findings)
{
    int st = cs_test_runf(out, sizeof out, err, sizeof err,
                          "%s scan -q -o %s/w --log-key %s/ed.pub --findings-all --findings %s/%s %s/",
                          cs_test_certsweep(), dir, dir, dir, findings, srv.url);
    cr_assert_eq(st, 0, "%s", err);
}

/* Writes text to dir/NAME (mode "w" or "a"). */
static void put(const char *name, const char *mode, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, mode);
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

Test(findings_rounds, resumed_file_is_that_of_one_scan)
{
    scanned_first_300("f.jsonl");
    char *first = file("f.jsonl");
    cr_assert_eq(count_lines(first, "\"origin\":"), 300);
    free(first);
    cr_assert_eq(resume("b", "f.jsonl"), 0, "%s", err);
    whole_scan("whole.jsonl");
    char *resumed = file("f.jsonl"), *whole = file("whole.jsonl");
    each_entry_once(resumed);
    cr_assert(strstr(whole, "\"corpus_findings\""), "the corpus lines that end the file are there too");
    cr_assert_str_eq(resumed, whole, "resumed findings are those of one scan");
    free(resumed);
    /* Nothing new: the file stays as it is. */
    cr_assert_eq(resume("c", "f.jsonl"), 0, "%s", err);
    resumed = file("f.jsonl");
    cr_assert_str_eq(resumed, whole);
    free(resumed), free(whole);
}

Test(findings_rounds, gzip_file_resumed)
{
    scanned_first_300("f.jsonl.gz");
    cr_assert_eq(resume("b", "f.jsonl.gz"), 0, "%s", err);
    whole_scan("whole.jsonl");
    char cmd[800];
    snprintf(cmd, sizeof cmd, "gunzip -c %s/f.jsonl.gz > %s/f.jsonl", dir, dir);
    cr_assert_eq(system(cmd), 0);
    char *resumed = file("f.jsonl"), *whole = file("whole.jsonl");
    each_entry_once(resumed);
    cr_assert_str_eq(resumed, whole);
    free(resumed), free(whole);
}

Test(findings_rounds, lines_of_a_round_that_never_committed_are_cut)
{
    scanned_first_300("f.jsonl");
    /* What a round killed before its state was written leaves behind. */
    put("f.jsonl", "a", "{\"sha256\":\"uncommitted\",\"origin\":{\"ct_index\":300,\n{\"half a li");
    cr_assert_eq(resume("b", "f.jsonl"), 0, "%s", err);
    char *text = file("f.jsonl");
    cr_assert_null(strstr(text, "uncommitted"));
    cr_assert_null(strstr(text, "half a li"));
    each_entry_once(text);
    free(text);
}

Test(findings_rounds, findings_file_must_go_with_its_state)
{
    scanned_first_300("f.jsonl");
    /* Shorter than the state says: another file; refused, left alone. */
    put("other.jsonl", "w", "{}\n");
    cr_assert_eq(resume("b", "other.jsonl"), 1, "%s", err);
    cr_assert(strstr(err, "other.jsonl") && strstr(err, "not that state's findings file"), "%s", err);
    char *text = file("other.jsonl");
    cr_assert_str_eq(text, "{}\n");
    free(text);
    /* Long enough, but other bytes where the state's lines end (the same
     * lines shifted by one): refused too, rather than cut. */
    char cmd[1600];
    snprintf(cmd, sizeof cmd, "tail -n +2 %s/f.jsonl > %s/other.jsonl && cat %s/f.jsonl >> %s/other.jsonl", dir, dir,
             dir, dir);
    cr_assert_eq(system(cmd), 0);
    char *before = file("other.jsonl");
    cr_assert_eq(resume("b", "other.jsonl"), 1, "%s", err);
    cr_assert(strstr(err, "not that state's findings file"), "%s", err);
    text = file("other.jsonl");
    cr_assert_str_eq(text, before);
    free(text), free(before);
    /* Missing: started afresh (said so), with the new entries' lines. */
    cr_assert_eq(resume("c", "new.jsonl"), 0, "%s", err);
    cr_assert(strstr(err, "started afresh"), "%s", err);
    text = file("new.jsonl");
    cr_assert_eq(count_lines(text, "\"origin\":"), entries - 300);
    free(text);
}

/* The findings file with the log's URL, which the servers' ports make
 * differ, replaced by LOG. */
static char *without_url(const char *name, const char *url)
{
    char cmd[1200], target[400];
    snprintf(target, sizeof target, "%s.nourl", name);
    snprintf(cmd, sizeof cmd, "sed 's|%s|LOG|g' %s/%s > %s/%s", url, dir, name, dir, target);
    cr_assert_eq(system(cmd), 0);
    return file(target);
}

/* --follow with --findings, stopped by `sig` in its second round, then a
 * --resume: the file is that of one scan of the whole log. */
static void follow_stopped_then_resumed(int sig)
{
    char findings[400], follow_opts[500];
    snprintf(findings, sizeof findings, "--findings-all --findings %s/f.jsonl", dir);
    snprintf(follow_opts, sizeof follow_opts, "%s --fetch-jobs 2", findings);
    pid_t pid = ctlog_follow_start(&srv, dir, data, "page=20,growth=300,hold=400", follow_opts);
    char *round1 = file("f.jsonl"); /* the first round is committed */
    cr_assert_eq(count_lines(round1, "\"origin\":"), 300);
    free(round1);
    ctlog_follow_stop_mid_round(pid, dir, data, sig);
    int st = cs_test_runf(out, sizeof out, err, sizeof err,
                          "%s scan -q -o %s/r --state %s/s.state --log-key %s/p256.pub --log-type rfc6962 %s --resume %s/",
                          cs_test_certsweep(), dir, dir, dir, findings, srv.url);
    cr_assert_eq(st, 0, "%s", err);
    char *resumed = file("f.jsonl");
    each_entry_once(resumed);
    free(resumed);
    char url[200];
    snprintf(url, sizeof url, "%s", srv.url);
    resumed = without_url("f.jsonl", url);
    ctlog_server_stop(&srv);
    ctlog_rfc6962_start(&srv, data, "");
    st = cs_test_runf(out, sizeof out, err, sizeof err,
                      "%s scan -q -o %s/w --log-key %s/p256.pub --findings-all --findings %s/whole.jsonl %s/",
                      cs_test_certsweep(), dir, dir, dir, srv.url);
    cr_assert_eq(st, 0, "%s", err);
    char *whole = without_url("whole.jsonl", srv.url);
    cr_assert_str_eq(resumed, whole, "the findings of one scan of the whole log");
    free(resumed), free(whole);
}

Test(findings_rounds, follow_killed_mid_round_then_resumed)
{
    follow_stopped_then_resumed(SIGKILL);
}

Test(findings_rounds, follow_interrupted_mid_round_then_resumed)
{
    follow_stopped_then_resumed(SIGINT);
}
