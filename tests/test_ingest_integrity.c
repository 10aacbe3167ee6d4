/* The integrity checks of compressed inputs: a gzip member whose CRC-32 or
 * ISIZE does not match what it inflated, or whose deflate data is
 * damaged, makes its input incomplete (exit 5) while the records before
 * the damage stay counted, at the outer level, through stdin and inside a
 * tar; the checks of bzip2, xz, zstd and lz4 likewise.  Inputs are made
 * here with OpenSSL and the compressors, none comes from ../shared. */
#include "test_ingest_util.h"

static got g;
static char dir[512];
static char out[1 << 16], err[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

/* Nine certificates in three PEM files of three, each gzipped alone
 * (m1.gz m2.gz m3.gz), and all nine in one (all.pem, all.pem.gz). */
static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    make_certs(dir, 9);
    sh("cd %s && cat c0.pem c1.pem c2.pem > m1.pem && cat c3.pem c4.pem c5.pem > m2.pem && "
       "cat c6.pem c7.pem c8.pem > m3.pem && cat m1.pem m2.pem m3.pem > all.pem && "
       "for f in m1 m2 m3 all; do gzip -nc $f.pem > $f.gz || exit 1; done && cat m1.gz m2.gz m3.gz > multi.pem.gz",
       dir);
}

static void reset(void)
{
    free(g.v);
    memset(&g, 0, sizeof g);
}

static void teardown(void)
{
    reset();
    if (*dir)
        sh("rm -rf %s", dir);
}

TestSuite(integrity, .init = setup, .fini = teardown, .timeout = 300);

static char *path(const char *name) { return in_dir(dir, name); }

static bool complete(void) { return g.st.incomplete[0] == '\0' && atomic_load(&g.st.finished); }

static long file_size(const char *name)
{
    size_t len;
    uint8_t *p = cs_test_read_file(path(name), &len);
    cr_assert_not_null(p, "%s", name);
    free(p);
    return (long)len;
}

/* Copies src to dst with the n bytes at `at` inverted (so they surely
 * differ); a negative `at` counts from the end. */
static void damage(const char *src, const char *dst, long at, size_t n)
{
    size_t len;
    uint8_t *p = cs_test_read_file(path(src), &len);
    cr_assert_not_null(p, "%s", src);
    size_t o = at < 0 ? len - (size_t)-at : (size_t)at;
    cr_assert_leq(o + n, len);
    for (size_t i = 0; i < n; i++)
        p[o + i] ^= 0xff;
    FILE *f = fopen(path(dst), "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(p, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
    free(p);
}

/* multi.pem.gz with the n bytes at `at` of member 2 inverted, as name. */
static void damage_member_2(long at, size_t n, const char *name)
{
    damage("m2.gz", "m2bad.gz", at, n);
    sh("cd %s && cat m1.gz m2bad.gz m3.gz > %s", dir, name);
}

static void expect_incomplete(const char *needle, size_t min_decoded, size_t max_decoded)
{
    cr_assert(g.ret, "%s", g.err);
    cr_expect(!complete(), "incomplete");
    cr_expect(strstr(g.st.incomplete, needle) != NULL, "reason '%s' lacks '%s'", g.st.incomplete, needle);
    cr_expect_not_null(find_error(&g, needle), "an error record says '%s'", needle);
    cr_expect(g.decoded >= min_decoded && g.decoded <= max_decoded, "%zu decoded, want %zu..%zu", g.decoded,
              min_decoded, max_decoded);
    cr_expect_eq(g.failed, 0);
}

/* The command line: reports written, partial, exit 5, the reason said. */
static void expect_scan_exit_5(const char *input, const char *needle, int records)
{
    int rc = run("cd %s && %s scan -q -o rep %s", dir, cs_test_certsweep(), input);
    cr_expect_eq(rc, 5, "exit %d: %s", rc, err);
    cr_expect(strstr(err, needle) != NULL, "%s", err);
    size_t len;
    char *s = (char *)cs_test_read_file(path("rep/summary.json"), &len);
    cr_assert_not_null(s);
    char want[64];
    snprintf(want, sizeof want, "\"certificates_linted\": %d,", records);
    cr_expect(strstr(s, "\"partial\": true") != NULL, "%s", s);
    cr_expect(strstr(s, want) != NULL, "want %s in %s", want, s);
    cr_expect(strstr(s, "\"complete\": false, \"incomplete_reason\": \"") != NULL, "%s", s);
    free(s);
}

Test(integrity, correct_gzip_single_and_multi_member_read_completely)
{
    const char *names[] = { "all.gz", "multi.pem.gz" };
    for (size_t i = 0; i < 2; i++) {
        ingest(&g, path(names[i]));
        cr_assert(g.ret, "%s", g.err);
        cr_expect(complete(), "%s: '%s'", names[i], g.st.incomplete);
        cr_expect_eq(g.n, 9, "%s", names[i]);
        cr_expect_eq(g.decoded, 9, "%s", names[i]);
        reset();
    }
    /* zero bytes after the last member are padding, not damage */
    sh("cd %s && { cat multi.pem.gz; head -c 4096 /dev/zero; } > padded.pem.gz", dir);
    ingest(&g, path("padded.pem.gz"));
    cr_expect(complete(), "'%s'", g.st.incomplete);
    cr_expect_eq(g.decoded, 9);
    /* as a file, as `- < file` and through a pipe */
    const char *how[] = { "multi.pem.gz", "- < multi.pem.gz", "- < all.gz" };
    for (size_t i = 0; i < 3; i++) {
        int rc = run("cd %s && %s scan -q -o rep %s", dir, cs_test_certsweep(), how[i]);
        cr_expect_eq(rc, 0, "%s: exit %d: %s", how[i], rc, err);
        size_t len;
        char *s = (char *)cs_test_read_file(path("rep/summary.json"), &len);
        cr_assert_not_null(s);
        cr_expect(strstr(s, "\"certificates_linted\": 9,") && strstr(s, "\"partial\": false"), "%s: %s", how[i], s);
        free(s);
    }
    int rc = run("cd %s && cat multi.pem.gz | %s scan -q -o rep -", dir, cs_test_certsweep());
    cr_expect_eq(rc, 0, "pipe: exit %d: %s", rc, err);
}

/* Member 2 was inflated whole before its trailer was checked: members 1
 * and 2 are counted, and the input is incomplete. */
Test(integrity, bad_crc_or_isize_in_member_2_of_3)
{
    static const struct { long at; const char *name, *reason, *kind; } t[] = {
        { -8, "crc.pem.gz", "gzip checksum mismatch (CRC-32) in member 2 at compressed byte",
          "read error: gzip checksum mismatch" },
        { -4, "len.pem.gz", "gzip length mismatch (ISIZE) in member 2 at compressed byte",
          "read error: gzip length mismatch" },
    };
    for (size_t i = 0; i < 2; i++) {
        damage_member_2(t[i].at, 4, t[i].name);
        ingest(&g, path(t[i].name));
        expect_incomplete(t[i].reason, 6, 6);
        cr_expect(strstr(g.st.incomplete, ": data corrupted") != NULL, "%s", g.st.incomplete);
        reset();
        expect_scan_exit_5(t[i].name, t[i].reason, 6);
        cr_expect(strstr(err, t[i].kind) != NULL, "the failure kind: %s", err);
        int rc = run("cd %s && cat %s | %s scan -q -o rep -", dir, t[i].name, cs_test_certsweep());
        cr_expect_eq(rc, 5, "pipe: exit %d: %s", rc, err);
    }
}

Test(integrity, damaged_deflate_data_in_member_2_of_3)
{
    damage_member_2(file_size("m2.gz") / 2, 2, "data.pem.gz");
    ingest(&g, path("data.pem.gz"));
    /* invalid deflate data, or data that inflates to wrong bytes (some
     * of member 2's records may then fail to decode): either way member
     * 2 is named, member 1 is counted and member 3 is not reached */
    cr_assert(g.ret, "%s", g.err);
    cr_expect(!complete());
    cr_expect(strstr(g.st.incomplete, "gzip ") && strstr(g.st.incomplete, ") in member 2 at compressed byte"), "%s",
              g.st.incomplete);
    cr_expect(g.decoded >= 3 && g.decoded + g.failed <= 6, "%zu decoded, %zu failed", g.decoded, g.failed);
    int rc = run("cd %s && %s scan -q -o rep data.pem.gz", dir, cs_test_certsweep());
    cr_expect_eq(rc, 5, "exit %d: %s", rc, err);
}

Test(integrity, damaged_gzip_inside_a_tar)
{
    damage_member_2(-8, 4, "crc.pem.gz");
    sh("cd %s && mkdir t && mv crc.pem.gz t/b.pem.gz && cp all.gz t/a.pem.gz && cp m3.pem t/c.pem && "
       "tar --sort=name -cf in.tar -C t . && gzip -nc in.tar > in.tar.gz",
       dir);
    const char *names[] = { "in.tar", "in.tar.gz" };
    for (size_t i = 0; i < 2; i++) {
        ingest(&g, path(names[i]));
        /* a.pem.gz: 9, b.pem.gz: members 1 and 2, c.pem: 3 */
        expect_incomplete("gzip checksum mismatch (CRC-32) in member 2", 18, 18);
        cr_expect(strncmp(g.st.incomplete, "b.pem.gz: read error at byte ", 29) == 0, "%s", g.st.incomplete);
        reset();
    }
    expect_scan_exit_5("in.tar.gz", "gzip checksum mismatch (CRC-32) in member 2", 18);
}

Test(integrity, tar_gz_trailer_checked_past_the_tar_end_marker)
{
    /* A tar reader reads its zero blocks past the end marker; the gzip
     * trailer behind a long tail of them is still checked. */
    sh("cd %s && mkdir t && cp all.pem t/ && tar -cf t.tar -C t . && head -c 3000320 /dev/zero >> t.tar && "
       "gzip -nc t.tar > t.tar.gz",
       dir);
    ingest(&g, path("t.tar.gz"));
    cr_expect(complete(), "'%s'", g.st.incomplete);
    cr_expect_eq(g.decoded, 9);
    reset();
    damage("t.tar.gz", "bad.tar.gz", -8, 4);
    ingest(&g, path("bad.tar.gz"));
    expect_incomplete("gzip checksum mismatch (CRC-32) in member 1", 9, 9);
}

Test(integrity, truncated_gzip_keeps_the_records_before_the_cut)
{
    /* Cut inside the trailer: all nine were inflated and are counted. */
    sh("cd %s && head -c $(( $(stat -c %%s all.gz) - 5 )) all.gz > cut.pem.gz && "
       "head -c $(( $(stat -c %%s m1.gz) + $(stat -c %%s m2.gz) + 20 )) multi.pem.gz > cut3.pem.gz",
       dir);
    ingest(&g, path("cut.pem.gz"));
    expect_incomplete("gzip stream truncated (the rest is missing) in member 1", 9, 9);
    reset();
    /* Cut 20 bytes into member 3: members 1 and 2 are counted. */
    ingest(&g, path("cut3.pem.gz"));
    expect_incomplete("gzip stream truncated (the rest is missing) in member 3", 6, 6);
    expect_scan_exit_5("cut.pem.gz", "truncated", 9);
}

Test(integrity, non_gzip_bytes_after_a_member)
{
    sh("cd %s && { cat multi.pem.gz; printf 'trailing junk'; } > junk.pem.gz", dir);
    ingest(&g, path("junk.pem.gz"));
    expect_incomplete("not gzip data (not read) after member 3", 9, 9);
}

Test(integrity, gzip_decompression_bomb_guard, .timeout = 120)
{
    sh("cd %s && head -c 201326592 /dev/zero | gzip -9 > zeros.gz", dir);
    ingest(&g, path("zeros.gz"));
    expect_incomplete("decompression bomb", 0, 0);
}

/* The other filters are libarchive's; each checks what its format
 * carries: bzip2 block CRCs, the xz block check, the zstd frame checksum,
 * the lz4 frame content checksum. */
Test(integrity, other_filters_check_their_checksums)
{
    sh("cd %s && bzip2 -c all.pem > a.bz2 && xz -C crc32 -c all.pem > a.xz && zstd -q --check -c all.pem > a.zst && "
       "lz4 -q -c all.pem > a.lz4",
       dir);
    /* bzip2: the first block's CRC follows "BZh9" and the 6-byte block magic */
    damage("a.bz2", "bad.bz2", 10, 4);
    /* zstd and lz4: the checksum is the frame's last 4 bytes */
    damage("a.zst", "bad.zst", -4, 4);
    damage("a.lz4", "bad.lz4", -4, 4);
    /* xz: the block's CRC32 is the 4 bytes before the index, whose size the
     * stream footer (the last 12 bytes) gives */
    size_t len;
    uint8_t *x = cs_test_read_file(path("a.xz"), &len);
    cr_assert_not_null(x);
    uint32_t backward = (uint32_t)x[len - 8] | (uint32_t)x[len - 7] << 8 | (uint32_t)x[len - 6] << 16 |
                        (uint32_t)x[len - 5] << 24;
    long check = (long)len - 12 - ((long)backward + 1) * 4 - 4;
    free(x);
    damage("a.xz", "bad.xz", check, 4);
    const char *names[] = { "bad.bz2", "bad.xz", "bad.zst", "bad.lz4" };
    for (size_t i = 0; i < 4; i++) {
        sh("cd %s && ! %s -t %s 2>/dev/null", dir,
           i == 0 ? "bzip2" : i == 1 ? "xz" : i == 2 ? "zstd -q" : "lz4 -q", names[i]);
        ingest(&g, path(names[i]));
        cr_assert(g.ret, "%s", g.err);
        cr_expect(!complete(), "%s is incomplete", names[i]);
        cr_expect_leq(g.decoded, 9);
        reset();
    }
}
