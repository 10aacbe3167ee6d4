/* Sharded scans (scan --shard K/N) and the merge that knows its shards,
 * over inputs generated here: every record read exactly once, the merge of
 * the shards byte for byte one scan, work balanced by bytes, and the
 * refusals (missing, duplicate, changed, overlapping shards). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/identity.h"
#include "lint/ruleset.h"
#include "pipeline/scan.h"
#include "report/state.h"
#include "runcmd.h"
#include "shard/merge.h"
#include "shard/plan.h"
#include "shardcheck.h"

static char out[1 << 16], err[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

/* DIR/g: a generated corpus (pem/certs.pem, der-tar-zst/certs.tar.zst,
 * b64/certs.b64, csv/certs.csv, jsonl/certs.jsonl,
 * ct-json/get-entries-000000.json), and DIR/many: its PEM cut into 1 to 9
 * certificates per file, over nested directories. */
static const char *corpus(char *dir, size_t size)
{
    cs_test_tmpdir(dir, size);
    cr_assert_eq(run("%s/certsweep-gen -n 900 -m 5 -s 11 -f pem,der-tar-zst,b64,csv,jsonl,ct-json -o %s/g",
                     cs_test_bindir(), dir),
                 0, "%s", err);
    cr_assert_eq(run("cd %s && mkdir many && awk '"
                     "/BEGIN CERT/ { if (left-- <= 0) { n++; left = n %% 9; d = \"many/\" n %% 5; "
                     "system(\"mkdir -p \" d); f = d \"/dump\" n \".pem\" } } { if (f) print > f }' g/pem/certs.pem",
                     dir),
                 0, "%s", err);
    return dir;
}

static void cleanup(const char *dir)
{
    run("rm -rf %s", dir);
}

Test(shard, bad_shard_is_a_usage_error)
{
    const char *c = cs_test_certsweep();
    const char *bad[] = { "0/4", "5/4", "x", "1/0", "4", "1/4x", "-1/4", "" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_eq(run("%s scan --shard '%s' /nonexistent", c, bad[i]), 2, "--shard '%s'", bad[i]);
        cr_expect(strstr(err, "--shard") != NULL, "--shard '%s' says why: %s", bad[i], err);
    }
    cr_expect_eq(run("%s scan --shard 1/2 - </dev/null", c), 2);
    cr_expect(strstr(err, "standard input") != NULL, "%s", err);
    cr_expect_eq(run("%s report --partial x", c), 2);
}

Test(shard, directory_of_many_files, .timeout = 240)
{
    char dir[256];
    corpus(dir, sizeof dir);
    char in[300];
    snprintf(in, sizeof in, "%s/many", dir);
    cs_test_shard_ref(dir, in, "");
    for (unsigned n = 1; n <= 7; n += 2)
        cs_test_shard_match(dir, in, "", n);
    cleanup(dir);
}

Test(shard, archive_members_and_several_inputs, .timeout = 240)
{
    char dir[256];
    corpus(dir, sizeof dir);
    char in[1024];
    snprintf(in, sizeof in, "%s/g/der-tar-zst/certs.tar.zst", dir);
    cs_test_shard_ref(dir, in, "");
    cs_test_shard_match(dir, in, "", 3);
    /* The members are dealt out: no shard reads them all. */
    char summary[512], ref[512];
    snprintf(ref, sizeof ref, "%s/ref/summary.json", dir);
    for (unsigned k = 1; k <= 3; k++) {
        snprintf(summary, sizeof summary, "%s/n3/%u/summary.json", dir, k);
        long long got = cs_test_input_records(summary, 0);
        cr_expect(got > 0 && got < cs_test_input_records(ref, 0), "shard %u/3 read %lld records", k, got);
    }
    /* A directory, an archive and a plain file in one split. */
    run("rm -rf %s/ref %s/n*", dir, dir);
    snprintf(in, sizeof in, "%s/many %s/g/der-tar-zst/certs.tar.zst %s/g/pem/certs.pem", dir, dir, dir);
    cs_test_shard_ref(dir, in, "");
    cs_test_shard_match(dir, in, "", 4);
    cleanup(dir);
}

/* One large plain file of each format with record boundaries is cut in
 * byte ranges (64 KiB here): every shard reads part of it, and together
 * exactly its records.  A CT get-entries page is one unit, read whole by
 * one shard. */
Test(shard, byte_ranges_of_one_large_file, .timeout = 300)
{
    char dir[256], in[512], summary[512], ref[512];
    corpus(dir, sizeof dir);
    cr_assert_eq(run("cd %s && tar -xOf g/der-tar-zst/certs.tar.zst > g/certs.der", dir), 0, "%s", err);
    const char *files[] = { "pem/certs.pem", "certs.der", "b64/certs.b64", "csv/certs.csv", "jsonl/certs.jsonl" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        run("rm -rf %s/ref %s/n*", dir, dir);
        snprintf(in, sizeof in, "%s/g/%s", dir, files[i]);
        cs_test_shard_ref(dir, in, "");
        cs_test_shard_match(dir, in, "", 1);
        cs_test_shard_match(dir, in, "", 4);
        snprintf(ref, sizeof ref, "%s/ref/summary.json", dir);
        for (unsigned k = 1; k <= 4; k++) {
            snprintf(summary, sizeof summary, "%s/n4/%u/summary.json", dir, k);
            long long got = cs_test_input_records(summary, 0);
            cr_expect(got > 0 && got < cs_test_input_records(ref, 0), "%s: shard %u/4 read %lld records", files[i], k,
                      got);
        }
    }
    run("rm -rf %s/ref %s/n*", dir, dir);
    snprintf(in, sizeof in, "%s/g/ct-json/get-entries-000000.json", dir);
    cs_test_shard_ref(dir, in, "");
    cs_test_shard_match(dir, in, "", 3);
    cleanup(dir);
}

/* Largest first to the lightest shard: within 10 % of the mean. */
Test(shard, balanced_by_bytes)
{
    char dir[256], in[300];
    corpus(dir, sizeof dir);
    snprintf(in, sizeof in, "%s/many", dir);
    cr_assert_eq(run("find %s -type f | wc -l", in), 0);
    cs_test_shard_balanced(in, 8, strtoull(out, NULL, 10));
    cleanup(dir);
}

/* Three shard states of DIR/many in DIR/s1..s3. */
static void three_shards(const char *dir)
{
    for (int k = 1; k <= 3; k++)
        cr_assert_eq(run("%s scan -q -j1 --shard %d/3 %s/many -o %s/r%d --state %s/s%d", cs_test_certsweep(), k,
                         dir, dir, k, dir, k),
                     0, "%s", err);
}

Test(shard, merge_refuses_missing_and_duplicate_shards, .timeout = 120)
{
    char dir[256];
    corpus(dir, sizeof dir);
    three_shards(dir);
    const char *c = cs_test_certsweep();
    cr_expect_eq(run("%s merge -o %s/m %s/s3 %s/s1", c, dir, dir, dir), 1);
    cr_expect(strstr(err, "missing shard 2/3") && strstr(err, "--partial"), "%s", err);
    cr_expect_eq(run("%s merge -o %s/m %s/s1 %s/s2 %s/s3 %s/s2", c, dir, dir, dir, dir, dir), 1);
    cr_expect(strstr(err, "shard 2/3 is already merged from") && strstr(err, "duplicate"), "%s", err);
    /* The same shard scanned twice is a duplicate too. */
    cr_assert_eq(run("%s scan -q --shard 2/3 %s/many -o %s/r2b --state %s/s2b", c, dir, dir, dir), 0);
    cr_expect_eq(run("%s merge -o %s/m %s/s1 %s/s2 %s/s3 %s/s2b", c, dir, dir, dir, dir, dir), 1);
    cr_expect(strstr(err, "shard 2/3 is already merged") != NULL, "%s", err);
    /* --partial: what is there, marked partial, naming the missing shard. */
    cr_expect_eq(run("%s merge --partial -o %s/m %s/s3 %s/s1", c, dir, dir, dir), 5, "%s", err);
    char summary[300];
    snprintf(summary, sizeof summary, "%s/m/summary.json", dir);
    cr_expect_eq(run("grep -c '\"partial\": true' %s && grep -c 'shard 2/3 missing' %s", summary, summary), 0,
                 "%s", out);
    cr_expect_eq(cs_test_json_int(summary, "records_read"),
                 cs_test_input_records(summary, 0));
    cleanup(dir);
}

Test(shard, merge_refuses_overlapping_splits_and_inputs_changed_between_shards, .timeout = 120)
{
    char dir[256];
    corpus(dir, sizeof dir);
    const char *c = cs_test_certsweep();
    three_shards(dir);
    /* Shards of another split of the same input. */
    cr_assert_eq(run("%s scan -q --shard 1/2 %s/many -o %s/o --state %s/o1", c, dir, dir, dir), 0);
    cr_expect_eq(run("%s merge -o %s/m %s/s1 %s/s2 %s/s3 %s/o1", c, dir, dir, dir, dir, dir), 1);
    cr_expect(strstr(err, "overlapping inputs") != NULL, "%s", err);
    /* An unsharded scan of an input a split also reads. */
    cr_assert_eq(run("%s scan -q %s/g/der-tar-zst/certs.tar.zst -o %s/u --state %s/u.state", c, dir, dir, dir), 0);
    cr_assert_eq(run("%s scan -q --shard 1/1 %s/g/der-tar-zst/certs.tar.zst -o %s/v --state %s/v.state", c, dir, dir, dir),
                 0);
    cr_expect_eq(run("%s merge -o %s/m %s/u.state %s/v.state", c, dir, dir, dir), 1);
    cr_expect(strstr(err, "same bytes") != NULL, "%s", err);
    /* A file grows after shard 1 ran: shards 2 and 3 planned other sizes. */
    cr_assert_eq(run("cat %s/many/1/dump1.pem >> %s/many/0/dump5.pem", dir, dir), 0);
    cr_assert_eq(run("%s scan -q --shard 2/3 %s/many -o %s/r2 --state %s/s2", c, dir, dir, dir), 0);
    cr_expect_eq(run("%s merge -o %s/m %s/s1 %s/s2", c, dir, dir, dir), 1);
    cr_expect(strstr(err, "changed between the shards' scans") && strstr(err, "many"), "%s", err);
    cleanup(dir);
}

/* A file added between a shard's planning and its scan: the shard still
 * writes its state, which the merge refuses. */
Test(shard, merge_refuses_an_input_changed_between_planning_and_scan, .timeout = 120)
{
    char dir[256], in[300], state[300], e[1024];
    corpus(dir, sizeof dir);
    snprintf(in, sizeof in, "%s/many", dir);
    snprintf(state, sizeof state, "%s/changed.state", dir);
    const char *inputs[] = { in };
    cs_ruleset *rs = cs_ruleset_new(NULL, e, sizeof e);
    cr_assert_not_null(rs, "%s", e);
    cs_scan_options opt = { .inputs = inputs, .n_inputs = 1, .threads = 2, .rules = rs, .quiet = true,
                            .ingest = { .csv_column = -1 } };
    cs_shard_plan *p = cs_shard_plan_new(inputs, 1, &opt.ingest, 1, 1, e, sizeof e);
    cr_assert_not_null(p, "%s", e);
    cs_shard_plan_apply(p, &opt.ingest);
    cr_assert_eq(run("cp %s/many/0/dump5.pem %s/many/0/zz-late.pem", dir, dir), 0);
    opt.errors = fopen("/dev/null", "w");
    cs_tally *t = NULL;
    cr_assert_neq(cs_scan_run(&opt, &t, e, sizeof e), CS_SCAN_FAILED, "%s", e);
    fclose(opt.errors);
    cr_assert(cs_tally_add_new_scan(t, 0) && cs_shard_plan_stamp(p, t));
    cr_assert(cs_state_write(t, state, e, sizeof e), "%s", e);
    cs_tally_free(t);
    cs_shard_plan_free(p);
    cs_ruleset_free(rs);
    bool missing;
    const char *paths[] = { state };
    cr_expect_null(cs_shard_merge(paths, 1, false, &missing, e, sizeof e));
    cr_expect(strstr(e, "changed between the shard's planning and its scan") && strstr(e, "planned 183 units") &&
                  strstr(e, "found 184 units"),
              "%s", e);
    cleanup(dir);
}

/* A shard's state re-renders its own reports; the merged state of a split
 * is one scan of the inputs: it cannot be merged again with one of its
 * shards, nor with the merge of another split of the same input. */
Test(shard, merged_state_counts_each_shard_once, .timeout = 120)
{
    char dir[256];
    corpus(dir, sizeof dir);
    const char *c = cs_test_certsweep();
    three_shards(dir);
    cr_assert_eq(run("%s report -o %s/again %s/s2 && for f in issuers.csv summary.json index.html; do "
                     "cmp %s/r2/$f %s/again/$f || exit 9; done",
                     c, dir, dir, dir, dir),
                 0, "%s%s", out, err);
    cr_assert_eq(run("%s merge -o %s/m --state %s/m.state %s/s1 %s/s2 %s/s3", c, dir, dir, dir, dir, dir), 0, "%s", err);
    cr_expect_eq(run("%s merge -o %s/m2 %s/m.state %s/s2", c, dir, dir, dir), 1);
    cr_expect(strstr(err, "already counted") != NULL, "%s", err);
    cr_assert_eq(run("%s scan -q --shard 1/1 %s/many -o %s/o --state %s/o1", c, dir, dir, dir), 0);
    cr_assert_eq(run("%s merge -o %s/m3 --state %s/m3.state %s/o1", c, dir, dir, dir), 0, "%s", err);
    cr_expect_eq(run("%s merge -o %s/m4 %s/m.state %s/m3.state", c, dir, dir, dir), 1);
    cr_expect(strstr(err, "same bytes") != NULL, "%s", err);
    cleanup(dir);
}
