/* State files: round trip, sharded scans merged = one scan, and refusal
 * of corrupt, truncated, foreign and incompatible files. */
#include "test_report_fixture.h"
#include "agg/identity.h"
#include "report/report.h"
#include "report/state.h"

#include <dirent.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/resource.h>

static void fill(cs_tally *t, unsigned from, unsigned to, uint32_t input)
{
    cs_lint_result *r = calloc(1, sizeof *r);
    for (unsigned i = from; i < to; i++) {
        char o[32], cn[32], date[16];
        snprintf(o, sizeof o, "Org %u", i % 5);
        snprintf(cn, sizeof cn, "Issuing CA %u", i % 7);
        snprintf(date, sizeof date, "20%02u-%02u-01", 20 + i % 6, 1 + i % 12);
        fx_cert *c = fx_cert_new(o, strlen(o), cn, strlen(cn), i % 3 ? (int)(i % 5) : -1,
                                 i % 13 == 5 ? INT64_MIN : fx_date(date), i * 7919u, i % 4 == 0);
        fx_result(r, i % 3 ? 7 : 5, (i % 2 ? 1 : 0) | (i % 5 == 0 ? 4 : 0), i % 2 ? "odd" : "fifth");
        cr_assert(cs_tally_add_cert(t, input, &c->c, r, NULL));
        free(c);
        if (i % 9 == 0)
            cr_assert(cs_tally_add_failure(t, input));
    }
    free(r);
}

static void same_reports(const cs_tally *a, const cs_tally *b)
{
    static const char *const files[] = { "issuers.csv", "issuer_rules.csv", "rules.csv", "monthly.csv",
                                         "summary.json", "index.html" };
    char d1[256], d2[256], err[512], p1[512], p2[512];
    fx_tmpdir(d1, sizeof d1);
    fx_tmpdir(d2, sizeof d2);
    cr_assert(cs_report_write(a, d1, err, sizeof err), "%s", err);
    cr_assert(cs_report_write(b, d2, err, sizeof err), "%s", err);
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        snprintf(p1, sizeof p1, "%s/%s", d1, files[f]);
        snprintf(p2, sizeof p2, "%s/%s", d2, files[f]);
        size_t n1, n2;
        char *x = fx_slurp(p1, &n1), *y = fx_slurp(p2, &n2);
        cr_assert(n1 == n2 && memcmp(x, y, n1) == 0, "%s differs", files[f]);
        free(x);
        free(y);
    }
}

static void state_path(char *buf, size_t size, const char *name)
{
    char dir[256];
    fx_tmpdir(dir, sizeof dir);
    snprintf(buf, size, "%s/%s", dir, name);
}

Test(state, round_trip_gives_the_same_reports_and_state_bytes)
{
    cs_tally *t = fx_tally();
    cs_tally_set_input(t, 0, "x.pem");
    cs_tally_set_input_progress(t, 0, true, false, 1234, 1234);
    fill(t, 0, 80, 0);
    char p[512], q[512], err[512];
    state_path(p, sizeof p, "a.state");
    state_path(q, sizeof q, "b.state");
    cr_assert(cs_state_write(t, p, err, sizeof err), "%s", err);
    cs_tally *back = cs_state_read(p, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_assert_eq(cs_tally_records_read(back), cs_tally_records_read(t));
    cr_assert_eq(cs_tally_issuer_count(back), cs_tally_issuer_count(t));
    same_reports(t, back);
    cr_assert(cs_state_write(back, q, err, sizeof err), "%s", err);
    size_t n1, n2;
    char *x = fx_slurp(p, &n1), *y = fx_slurp(q, &n2);
    cr_assert(n1 == n2 && memcmp(x, y, n1) == 0, "state not stable across a round trip");
    free(x);
    free(y);
    cs_tally_free(t);
    cs_tally_free(back);
    fx_cleanup();
}

Test(state, three_shards_merged_equal_one_scan)
{
    /* One scan of three inputs vs. three scans of one input each. */
    cs_tally *whole = fx_tally();
    static const char *const names[] = { "shard-a.pem", "shard-b.tar.gz", "shard-c.jsonl" };
    const unsigned cut[] = { 0, 37, 71, 120 };
    for (uint32_t k = 0; k < 3; k++) {
        cs_tally_set_input(whole, k, names[k]);
        cs_tally_set_input_progress(whole, k, true, false, 100 * k, 100 * k);
        fill(whole, cut[k], cut[k + 1], k);
    }
    cs_tally *merged = NULL;
    char err[512];
    for (uint32_t k = 0; k < 3; k++) {
        cs_tally *s = fx_tally();
        cs_tally_set_input(s, 0, names[k]);
        cs_tally_set_input_progress(s, 0, true, false, 100 * k, 100 * k);
        fill(s, cut[k], cut[k + 1], 0);
        char p[512];
        state_path(p, sizeof p, "shard.state");
        cr_assert(cs_state_write(s, p, err, sizeof err), "%s", err);
        cs_tally_free(s);
        cs_tally *back = cs_state_read(p, err, sizeof err);
        cr_assert_not_null(back, "%s", err);
        if (!merged) {
            merged = back;
        } else {
            cr_assert(cs_tally_merge(merged, back));
            cs_tally_free(back);
        }
    }
    cr_assert_eq(cs_tally_records_read(merged), cs_tally_records_read(whole));
    same_reports(whole, merged);
    cs_tally_free(whole);
    cs_tally_free(merged);
    fx_cleanup();
}

static char *write_sample(void)
{
    static char p[512];
    char err[512];
    cs_tally *t = fx_tally();
    fill(t, 0, 30, 0);
    /* With the identity section, so that it is checked too. */
    static const uint8_t sha[32] = { 1, 2, 3 };
    cr_assert(cs_tally_set_input_digest(t, 0, sha, 99) && cs_tally_add_new_scan(t, 1700000000));
    state_path(p, sizeof p, "s.state");
    cr_assert(cs_state_write(t, p, err, sizeof err), "%s", err);
    cs_tally_free(t);
    return p;
}

static void put_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void refused(const char *path, const char *why)
{
    char err[512] = "";
    cs_tally *t = cs_state_read(path, err, sizeof err);
    cr_assert_null(t, "accepted a bad file (%s)", why);
    cr_assert_not_null(strstr(err, why), "message '%s' does not say '%s'", err, why);
    cr_assert_not_null(strstr(err, path), "message '%s' does not name the file", err);
}

Test(state, every_flipped_byte_is_refused)
{
    char *p = write_sample();
    size_t n;
    char *data = fx_slurp(p, &n);
    for (size_t i = 0; i < n; i += (i < 64 ? 1 : 37)) {
        data[i] ^= 0x20;
        put_file(p, data, n);
        char err[512];
        cs_tally *t = cs_state_read(p, err, sizeof err);
        cr_assert_null(t, "flipped byte %zu accepted", i);
        data[i] ^= 0x20;
    }
    free(data);
    fx_cleanup();
}

Test(state, truncated_and_foreign_files_are_refused)
{
    char *p = write_sample();
    size_t n;
    char *data = fx_slurp(p, &n);
    put_file(p, data, n / 2);
    refused(p, "checksum");
    put_file(p, data, 20);
    refused(p, "not a certsweep state file");
    put_file(p, "hello, world, this is not a state file at all....", 50);
    refused(p, "bad magic");
    refused("/nonexistent/x.state", "No such file");
    free(data);
    fx_cleanup();
}

/* Rewrites the checksum so that only the semantic checks can catch a change. */
static void reseal(char *data, size_t n)
{
    unsigned int len = 0;
    EVP_Digest(data, n - 32, (unsigned char *)data + n - 32, &len, EVP_sha256(), NULL);
}

Test(state, newer_version_is_refused_with_a_clear_message)
{
    char *p = write_sample();
    size_t n;
    char *data = fx_slurp(p, &n);
    data[8] = 3;
    reseal(data, n);
    put_file(p, data, n);
    refused(p, "version 3");
    free(data);
    fx_cleanup();
}

Test(state, lying_counts_are_refused_even_with_a_good_checksum)
{
    char *p = write_sample();
    size_t n;
    char *data = fx_slurp(p, &n);
    /* Find the issuer count (u64 just before the first issuer key) by
     * scanning for the known value, then make it huge. */
    cs_tally *t = cs_state_read(p, NULL, 0);
    cr_assert_not_null(t);
    uint64_t count = cs_tally_issuer_count(t);
    cs_tally_free(t);
    bool patched = false;
    for (size_t i = 16; i + 8 < n - 32 && !patched; i++) {
        uint64_t v;
        memcpy(&v, data + i, 8);
        if (v == count && i > 100) {
            uint64_t big = UINT64_C(1) << 60;
            memcpy(data + i, &big, 8);
            patched = true;
        }
    }
    cr_assert(patched);
    reseal(data, n);
    put_file(p, data, n);
    char err[512];
    cr_assert_null(cs_state_read(p, err, sizeof err));
    cr_assert_not_null(strstr(err, "corrupt"), "%s", err);
    free(data);
    fx_cleanup();
}

Test(state, different_rule_selections_do_not_merge)
{
    char err[512], p[512];
    cs_tally *a = fx_tally();
    cs_tally *b = cs_tally_new_rules(fx_rules + 1, 2);
    state_path(p, sizeof p, "b.state");
    cr_assert(cs_state_write(b, p, err, sizeof err), "%s", err);
    cs_tally *back = cs_state_read(p, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_assert_not(cs_tally_compatible(a, back, err, sizeof err));
    cr_assert_not_null(strstr(err, "different rule selections"), "%s", err);
    cr_assert_not(cs_tally_merge(a, back));
    cs_tally_free(a);
    cs_tally_free(b);
    cs_tally_free(back);
    fx_cleanup();
}

Test(state, resealed_random_corruption_never_crashes)
{
    /* Mutations behind a valid checksum reach the field checks: each file is
     * refused or, if accepted, still renders (run under ASan in check-asan). */
    char *p = write_sample();
    size_t n;
    char *orig = fx_slurp(p, &n);
    char *data = malloc(n);
    unsigned seed = 12345;
    size_t accepted = 0;
    for (int iter = 0; iter < 600; iter++) {
        memcpy(data, orig, n);
        size_t len = n;
        int edits = 1 + iter % 4;
        for (int e = 0; e < edits; e++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = 16 + (seed >> 8) % (n - 16 - 32);
            seed = seed * 1103515245u + 12345u;
            data[at] = (iter % 3 == 0) ? (char)0xff : (char)(seed >> 16);
        }
        if (iter % 7 == 0) /* and sometimes cut, keeping a (recomputed) trailer */
            len = 16 + 32 + (seed >> 4) % (n - 48);
        reseal(data, len);
        put_file(p, data, len);
        char err[512];
        cs_tally *t = cs_state_read(p, err, sizeof err);
        if (t) {
            accepted++;
            char dir[256];
            fx_tmpdir(dir, sizeof dir);
            cr_assert(cs_report_write(t, dir, err, sizeof err), "%s", err);
            nftw(dir, fx_rm, 8, FTW_DEPTH | FTW_PHYS);
            fx_n_dirs--; /* it was the last registered */
            cs_tally_free(t);
        } else {
            cr_assert_not_null(strstr(err, p), "%s", err);
        }
    }
    cr_log_info("%zu of 600 resealed mutations accepted (changed counts that stay consistent)", accepted);
    free(data);
    free(orig);
    fx_cleanup();
}

/* ---- identity (version 2) ------------------------------------------------ */

static cs_tally *stamped(const char *name, const char *bytes)
{
    cs_tally *t = fx_tally();
    cs_tally_set_input(t, 0, name);
    cs_tally_set_input_progress(t, 0, true, false, strlen(bytes), strlen(bytes));
    uint8_t sha[32];
    unsigned int len = 0;
    cr_assert(EVP_Digest(bytes, strlen(bytes), sha, &len, EVP_sha256(), NULL));
    cr_assert(cs_tally_set_input_digest(t, 0, sha, strlen(bytes)));
    cr_assert(cs_tally_add_new_scan(t, 1700000000));
    fill(t, 0, 20, 0);
    return t;
}

static cs_tally *round_trip(const cs_tally *t)
{
    char p[512], err[512];
    state_path(p, sizeof p, "id.state");
    cr_assert(cs_state_write(t, p, err, sizeof err), "%s", err);
    cs_tally *back = cs_state_read(p, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    return back;
}

Test(state, scan_and_input_identity_survive_a_round_trip)
{
    cs_tally *t = stamped("a.pem", "some bytes");
    t->inputs[0].shard_k = 2;
    t->inputs[0].shard_n = 8;
    cs_tally *back = round_trip(t);
    cr_assert_eq(back->n_scans, 1);
    cr_expect(memcmp(back->scans[0].id, t->scans[0].id, 16) == 0);
    cr_expect_eq(back->scans[0].started, 1700000000);
    cr_expect_str_eq(back->scans[0].version, CS_VERSION);
    const cs_tally_input *in = &back->inputs[0];
    cr_expect(in->digest_set && in->digest_bytes == 10 && memcmp(in->sha256, t->inputs[0].sha256, 32) == 0);
    cr_expect(in->shard_k == 2 && in->shard_n == 8);
    cs_tally_free(t);
    cs_tally_free(back);
    fx_cleanup();
}

Test(state, the_same_scan_or_the_same_bytes_are_not_merged_twice)
{
    char err[512];
    cs_tally_overlap where;
    cs_tally *a = round_trip(stamped("a.pem", "first input")), *a2 = round_trip(a);
    cr_assert_not(cs_tally_disjoint(a, a2, &where, err, sizeof err), "a state merged with itself");
    cr_expect(where.scan && where.a_index == 0);
    cr_expect(strstr(err, "scan ") && strstr(err, "2023-11-14T22:13:20Z") && strstr(err, CS_VERSION), "%s", err);

    /* Another scan of the same bytes under another name. */
    cs_tally *copy = round_trip(stamped("copy-of-a.pem", "first input"));
    cr_assert_not(cs_tally_disjoint(a, copy, &where, err, sizeof err));
    cr_expect(!where.scan && where.a_index == 0);
    cr_expect(strstr(err, "'copy-of-a.pem'") && strstr(err, "'a.pem'") && strstr(err, "11 bytes"), "%s", err);

    /* Different bytes, or two shards of one split, merge. */
    cs_tally *b = round_trip(stamped("b.pem", "second input"));
    cr_expect(cs_tally_disjoint(a, b, &where, err, sizeof err), "%s", err);
    copy->inputs[0].shard_k = 2, copy->inputs[0].shard_n = 2;
    a->inputs[0].shard_k = 1, a->inputs[0].shard_n = 2;
    cr_expect(cs_tally_disjoint(a, copy, &where, err, sizeof err), "%s", err);
    copy->inputs[0].shard_k = 1;
    cr_expect_not(cs_tally_disjoint(a, copy, &where, err, sizeof err), "the same shard twice");

    /* A merge keeps every scan, so a merged state refuses its parts. */
    cr_assert(cs_tally_merge(a, b));
    cr_expect_eq(a->n_scans, 2);
    cs_tally *merged = round_trip(a);
    cr_expect_not(cs_tally_disjoint(merged, b, &where, err, sizeof err));
    cr_expect(where.scan && where.a_index == 1);
    cs_tally *tallies[] = { a, a2, copy, b, merged };
    for (size_t i = 0; i < 5; i++)
        cs_tally_free(tallies[i]);
    fx_cleanup();
}

Test(state, version_1_files_are_still_read)
{
    /* Version 1 is version 2 without header flags (no lint options, no
     * identity) and without the incomplete reasons and failure kinds that
     * end a version 2 payload: here one empty reason and no kinds. */
    cs_tally *t = fx_tally();
    cs_tally_set_input(t, 0, "old.pem");
    cs_tally_set_input_progress(t, 0, true, false, 77, 77);
    fill(t, 0, 10, 0);
    char p[512], err[512];
    state_path(p, sizeof p, "v1.state");
    cr_assert(cs_state_write(t, p, err, sizeof err), "%s", err);
    size_t n;
    char *data = fx_slurp(p, &n);
    cr_assert_eq(data[12], 0, "no identity, no flag");
    const uint8_t v2_tail[8] = { 0 }; /* u32 "" reason, u32 0 kinds */
    cr_assert(n > 40 && memcmp(data + n - 40, v2_tail, 8) == 0);
    memmove(data + n - 40, data + n - 32, 32);
    n -= 8;
    data[8] = 1;
    reseal(data, n);
    put_file(p, data, n);
    cs_tally *back = cs_state_read(p, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_expect_eq(back->n_scans, 0);
    cr_expect_str_eq(back->inputs[0].name, "old.pem");
    cr_expect_eq(back->inputs[0].bytes_read, 77);
    cr_expect_not(back->inputs[0].digest_set);
    same_reports(t, back);
    /* A version 1 file knows no flags. */
    data[12] = 2;
    reseal(data, n);
    put_file(p, data, n);
    refused(p, "flags");
    free(data);
    cs_tally_free(t);
    cs_tally_free(back);
    fx_cleanup();
}

Test(state, a_full_disk_leaves_the_previous_state_untouched)
{
    cs_tally *small = fx_tally(), *big = fx_tally();
    fill(small, 0, 5, 0);
    fill(big, 0, 400, 0);
    char dir[256], p[512], err[512];
    fx_tmpdir(dir, sizeof dir);
    snprintf(p, sizeof p, "%s/s.state", dir);
    cr_assert(cs_state_write(small, p, err, sizeof err), "%s", err);
    size_t n0, n1;
    char *before = fx_slurp(p, &n0);
    /* Writes fail with EFBIG past the limit (this test's process only). */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = { n0 + 100, n0 + 100 };
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    cr_assert_not(cs_state_write(big, p, err, sizeof err));
    cr_expect(strstr(err, p) && strstr(err, "File too large"), "%s", err);
    char *after = fx_slurp(p, &n1);
    cr_expect(n0 == n1 && memcmp(before, after, n0) == 0, "the previous state is whole");
    DIR *d = opendir(dir);
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        cr_expect(!strstr(de->d_name, ".tmp"), "%s left behind", de->d_name);
    closedir(d);
    free(before);
    free(after);
    cs_tally_free(small);
    cs_tally_free(big);
    fx_cleanup();
}
