/* A resumed log must have grown from the tree the state recorded: a log
 * that extends it is read on; one that rewrote its history (a fork: the
 * tree of the state's size in the new log has another root) is a log
 * misbehaving, and nothing of its new entries is counted.  Static-ct-api
 * logs (nginx serving one log, then another in its place) and RFC 6962
 * logs (the test server on one data set, then another). */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlog_env.h"
#include "ingest/tile_leaf.h"
#include "runcmd.h"

static char dir[256];
static ctlog_server srv;
static long entries;
static char out[8192], err[16384];

static void setup(void)
{
    entries = ctlog_fixture(dir, sizeof dir);
}

static void teardown(void)
{
    ctlog_cleanup(&srv, dir);
}

TestSuite(consistency, .init = setup, .fini = teardown, .timeout = 300);

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs a shell command line that must succeed. */
static void sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* Keeps the first n entries of data tile `tile` of log `name` as the
 * partial tile tile/data/<tile>.p/<n>. */
static void cut_tile(const char *name, unsigned tile, unsigned n)
{
    char path[600], part[600];
    snprintf(path, sizeof path, "%s/%s/tile/data/%03u", dir, name, tile);
    char *p = ctlog_slurp(path);
    cr_assert_not_null(p);
    size_t at = 0;
    for (unsigned i = 0; i < n; i++) {
        cs_tile_leaf leaf;
        const char *why;
        cr_assert_eq(cs_tile_leaf_scan((const uint8_t *)p + at, 1 << 20, &leaf, &why), CS_TILE_LEAF_OK);
        at += leaf.len;
    }
    snprintf(part, sizeof part, "%s/%s/tile/data/%03u.p", dir, name, tile);
    sh("mkdir -p %s && rm -f %s", part, path);
    snprintf(part + strlen(part), sizeof part - strlen(part), "/%u", n);
    FILE *f = fopen(part, "wb");
    cr_assert(f && fwrite(p, 1, at, f) == at);
    fclose(f);
    free(p);
}

/* dir/NAME: the static-ct log of the fixture cut to its first `size`
 * entries (300 or all), with entry 0 rewritten when `fork`, re-signed. */
static void static_log(const char *name, long size, bool fork)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    sh("cp -r %s/gen/tiles %s", dir, path);
    sh("rm -rf %s/tile/[0-9]* %s/checkpoint", path, path);
    if (size == 300) {
        sh("rm -rf %s/tile/data/002.p", path);
        cut_tile(name, 1, 300 - 256);
    }
    if (fork) {
        snprintf(path, sizeof path, "%s/%s/tile/data/000", dir, name);
        ctlog_flip_byte(path, 200); /* inside entry 0's certificate */
    }
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s/certsweep-ctlog static %s/%s %s/ed.pem log.example/test",
                          cs_test_bindir(), dir, name, dir);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert_eq(atol(out), size);
}

/* nginx serves log NAME from now on. */
static void serve(const char *name)
{
    char www[600];
    snprintf(www, sizeof www, "%s/www", dir);
    sh("rm -rf %s && cp -r %s/%s %s", www, dir, name, www);
    if (!srv.pid)
        ctlog_nginx_start(&srv, dir, www);
}

static int scan_static(const char *report, const char *extra)
{
    return cs_test_runf(out, sizeof out, err, sizeof err,
                        "%s scan -q -o %s/%s --state %s/s.state --log-key %s/ed.pub %s %s/", cs_test_certsweep(), dir,
                        report, dir, dir, extra, srv.url);
}

/* Requests for hash tiles nginx served so far. */
static int hash_tile_requests(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/nginx-access.log", dir);
    char *log = ctlog_slurp(path);
    int n = 0;
    for (const char *p = log; p && (p = strstr(p, "GET /tile/")); p++)
        n += p[10] >= '0' && p[10] <= '9';
    free(log);
    return n;
}

Test(consistency, static_log_extended)
{
    static_log("old", 300, false);
    static_log("new", entries, false);
    serve("old");
    cr_assert_eq(scan_static("a", ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), 300);
    serve("new");
    int before = hash_tile_requests();
    cr_assert_eq(scan_static("b", "--resume"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), entries);
    /* The new tree's right edge (levels 0 and 1), then the old size's
     * edge: data-level tile 1 (now full), its hash in level 1's edge. */
    cr_assert_leq(hash_tile_requests() - before, 3, "%d hash tiles", hash_tile_requests() - before);
    cr_assert_eq(cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/whole --log-key %s/ed.pub %s/",
                              cs_test_certsweep(), dir, dir, srv.url),
                 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "b", "whole"));
}

Test(consistency, static_log_that_rewrote_its_history)
{
    static_log("old", 300, false);
    static_log("forked", entries, true);
    serve("old");
    cr_assert_eq(scan_static("a", ""), 0, "%s", err);
    serve("forked");
    cr_assert_eq(scan_static("b", "--resume"), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "not a prefix"), "%s", err);
    /* Nothing of the new range counted: the 300 entries of the state. */
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), 300);
    char path[600];
    snprintf(path, sizeof path, "%s/b/summary.json", dir);
    char *s = ctlog_slurp(path);
    cr_assert(s && strstr(s, "\"partial\": true") && strstr(s, "rewrote its history"), "%s", s);
    free(s);
    /* The state kept the old tree: the next resume catches it again. */
    cr_assert_eq(scan_static("c", "--resume"), 5, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "c", "records_read"), 300);
}

Test(consistency, static_log_rewritten_at_the_same_size)
{
    static_log("old", entries, false);
    static_log("forked", entries, true);
    serve("old");
    cr_assert_eq(scan_static("a", "--to 299"), 0, "%s", err);
    serve("forked");
    cr_assert_eq(scan_static("b", "--resume"), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "another root for the same size"), "%s", err);
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), 300);
}

/* RFC 6962: dir/gen/ct-json is the log (300 entries until DATA/grow:
 * ctlog_fixture), dir/forked the same with entry 5 rewritten, both
 * signed. */
static void rfc6962_logs(void)
{
    sh("cp -r %s/gen/ct-json %s/forked", dir, dir);
    int st = cs_test_runf(out, sizeof out, err, sizeof err,
                      "cd %s/forked && python3 -c 'import base64, glob, json\n"
                      "f = sorted(glob.glob(\"get-entries-*.json\"))[0]\n"
                      "d = json.load(open(f))\n"
                      "leaf = bytearray(base64.b64decode(d[\"entries\"][5][\"leaf_input\"]))\n"
                      "leaf[-40] ^= 1\n"
                      "d[\"entries\"][5][\"leaf_input\"] = base64.b64encode(bytes(leaf)).decode()\n"
                      "json.dump(d, open(f, \"w\"), separators=(\",\", \":\"))' && "
                      "%s/certsweep-ctlog rfc6962 . %s/p256.pem && %s/certsweep-ctlog rfc6962 . %s/p256.pem 300",
                      dir, cs_test_bindir(), dir, cs_test_bindir(), dir);
    cr_assert_eq(st, 0, "%s", err);
}

static int scan_rfc6962(const char *report)
{
    return cs_test_runf(out, sizeof out, err, sizeof err,
                        "%s scan -q -o %s/%s --state %s/s.state --log-key %s/p256.pub --log-type rfc6962 %s %s/",
                        cs_test_certsweep(), dir, report, dir, dir, strcmp(report, "a") ? "--resume" : "", srv.url);
}

static void rfc6962_serve(const char *data, const char *faults)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, data);
    ctlog_server_stop(&srv);
    ctlog_rfc6962_start(&srv, path, faults);
}

Test(consistency, rfc6962_log_that_rewrote_its_history)
{
    rfc6962_logs();
    rfc6962_serve("gen/ct-json", "growth=300");
    cr_assert_eq(scan_rfc6962("a"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), 300);
    /* Larger, from another history: its consistency proof fails. */
    rfc6962_serve("forked", "");
    cr_assert_eq(scan_rfc6962("b"), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "consistency proof from size 300 fails"), "%s", err);
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), 300, "nothing of the new range counted");
    /* The same size with another root. */
    rfc6962_serve("forked", "growth=300");
    cr_assert_eq(scan_rfc6962("c"), 5, "%s", err);
    cr_assert(strstr(err, "another root for the same size"), "%s", err);
    /* The true log, grown: read on from the state, which kept its tree. */
    sh("touch %s/gen/ct-json/grow", dir);
    rfc6962_serve("gen/ct-json", "growth=300");
    cr_assert_eq(scan_rfc6962("d"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "d", "records_read"), entries);
}

Test(consistency, a_proof_that_cannot_be_fetched_reads_nothing)
{
    rfc6962_logs();
    rfc6962_serve("gen/ct-json", "growth=300");
    cr_assert_eq(scan_rfc6962("a"), 0, "%s", err);
    sh("touch %s/gen/ct-json/grow", dir);
    rfc6962_serve("gen/ct-json", "noconsistency");
    cr_assert_eq(scan_rfc6962("b"), 5, "%s", err);
    cr_assert(!strstr(err, "LOG MISBEHAVING"), "not a proof of misbehaviour: %s", err);
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), 300);
}

Test(consistency, an_older_tree_head_reads_nothing_and_keeps_the_state)
{
    rfc6962_logs();
    rfc6962_serve("gen/ct-json", "");
    cr_assert_eq(scan_rfc6962("a"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "a", "records_read"), entries);
    /* A mirror lagging behind: its tree head has 300 entries. */
    rfc6962_serve("gen/ct-json", "growth=300");
    cr_assert_eq(scan_rfc6962("b"), 0, "%s", err);
    cr_assert(strstr(err, "older than the state's"), "%s", err);
    cr_assert_eq(ctlog_summary(dir, "b", "records_read"), entries);
    char path[600];
    snprintf(path, sizeof path, "%s/b/summary.json", dir);
    char *s = ctlog_slurp(path);
    char size[64];
    snprintf(size, sizeof size, "\"tree_size\": %ld", entries);
    cr_assert(s && strstr(s, size), "the state keeps the larger tree: %s", s);
    free(s);
}
