/* Several readers for one input (src/ingest/parts.c): the parts of a
 * directory, a tar, a cpio and a zip together give exactly the records a
 * single reader gives (origins, decoded certificates, error texts), each
 * once; what they learn (records, bytes read, the reason an input is
 * incomplete) is what one reader learns; a scan writes byte-identical
 * reports at -j1 and -jN; and an input whose digest is wanted is read by
 * one reader, with the digest of today.  Inputs are made here from the
 * real certificates carried in the tree (tests/data/real-sample). */
#include "test_ingest_util.h"

#include "ingest/parts.h"
#include "agg/tally_data.h"
#include "lint/ruleset.h"
#include "pipeline/hooks.h"
#include "pipeline/scan.h"

#include <sys/stat.h>

static char dir[512];
static char out[1 << 16], err[1 << 16];
#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    /* tree/: the sample's certificates and a sub-directory of files of
     * several certificates each. */
    sh("mkdir -p %s/tree && cp -r %s/corpus/real %s/tree/ && "
       "mkdir -p %s/tree/bundles && for d in %s/tree/real/*/; do cat $(ls $d*.der | head -n 3) > "
       "%s/tree/bundles/$(basename $d).der; done",
       dir, cs_test_sample_dir(), dir, dir, dir, dir);
    /* GNU tar (long names in 'L' entries), POSIX ustar (long names cut
     * in a prefix and a name), pax (extended headers). */
    sh("cd %s/tree && tar -cf ../t.tar --sort=name . && tar -cf ../ustar.tar --format=ustar --sort=name . && "
       "tar -cf ../pax.tar --format=pax --sort=name . && find . | sort | cpio -o -H newc --quiet > ../t.cpio && "
       "zip -qr ../t.zip . && tar -cf - . | gzip -c > ../t.tar.gz", dir);
}

static void teardown(void)
{
    if (*dir)
        run("rm -rf %s", dir);
}

TestSuite(parts, .init = setup, .fini = teardown, .timeout = 600);

/* ---- records ------------------------------------------------------------ */

static const cs_ingest_options plain = { .csv_column = -1, .no_digest = true, .batch_records = 16 };

/* The parts of path read what one reader reads, each record once; with
 * `shares`, every part has some. */
static void expect_parts_like_one(const char *name, unsigned n, bool shares)
{
    const char *path = in_dir(dir, name);
    got one = { 0 };
    ingest_opt(&one, path, &plain);
    cr_assert(one.ret, "%s", one.err);
    cr_assert_gt(one.n, 100);
    qsort(one.v, one.n, sizeof *one.v, got_rec_order);

    got all;
    cs_ingest_stats st;
    size_t counts[16];
    read_parts_of(path, &plain, n, &all, &st, counts, NULL);
    cr_expect_eq(all.n, one.n, "%s in %u parts: %zu records, one reader %zu", name, n, all.n, one.n);
    for (size_t i = 0; i < all.n && i < one.n; i++) {
        const got_rec *x = &all.v[i], *y = &one.v[i];
        cr_expect(got_rec_order(x, y) == 0 && x->line == y->line && strcmp(x->sha, y->sha) == 0 && x->ok == y->ok,
                  "%s in %u parts: record %zu is %s @%llu, one reader's %s @%llu", name, n, i, x->member,
                  (unsigned long long)x->offset, y->member, (unsigned long long)y->offset);
        if (got_rec_order(x, y) != 0)
            break;
    }
    for (unsigned k = 0; shares && k < n; k++)
        cr_expect_gt(counts[k], 0, "%s: part %u of %u read nothing", name, k, n);
    cr_expect_eq(atomic_load(&st.records), atomic_load(&one.st.records));
    cr_expect_eq(atomic_load(&st.bytes_read), atomic_load(&one.st.bytes_read), "%s: bytes read %llu, one reader %llu",
                 name, (unsigned long long)atomic_load(&st.bytes_read),
                 (unsigned long long)atomic_load(&one.st.bytes_read));
    cr_expect_eq(atomic_load(&st.total_bytes), atomic_load(&one.st.total_bytes));
    cr_expect(atomic_load(&st.finished));
    cr_expect_str_eq(st.incomplete, one.st.incomplete);
    cr_expect_eq(st.parts_ended, n);
    free(all.v);
    free(one.v);
}

Test(parts, directory_tar_cpio_zip_read_in_parts_give_the_records_of_one_reader)
{
    for (unsigned n = 2; n <= 4; n++) {
        expect_parts_like_one("tree", n, true);
        expect_parts_like_one("t.tar", n, true);
        expect_parts_like_one("ustar.tar", n, true);
        expect_parts_like_one("pax.tar", n, false); /* its extended headers are not weighed */
        expect_parts_like_one("t.cpio", n, true);
        expect_parts_like_one("t.zip", n, true);
    }
}

Test(parts, the_static_ct_tiles_are_read_by_the_last_part)
{
    /* A full data tile and a partial of the same index holding the same
     * entries, a megabyte apart: the entries are counted once only if one
     * reader sees both. */
    sh("mkdir -p %s/log && cp -r %s/corpus/formats/static-ct-tiles/tile %s/log/ && cp -r %s/tree/real %s/log/zreal && "
       "cd %s/log/tile/data && mkdir 000.p && cp 000 000.p/200 && head -c 1000000 /dev/zero > 000-pad && "
       "cd %s/log && tar -cf ../log.tar --sort=name .",
       dir, cs_test_sample_dir(), dir, dir, dir, dir, dir);
    expect_parts_like_one("log", 3, false);
    expect_parts_like_one("log.tar", 3, false);
}

Test(parts, a_damaged_tar_is_reported_once_with_the_reason_of_one_reader)
{
    /* A header in the middle gets a bad checksum: libarchive skips to the
     * next good one; a header near the end cuts the archive short. */
    sh("cd %s && cp t.tar bad.tar && off=$(tar -tRf t.tar | awk 'NR == 400 { sub(\":\", \"\", $2); print $2 * 512 }') && "
       "printf 'XXXXXXXX' | dd of=bad.tar bs=1 seek=$((off + 148)) conv=notrunc status=none && "
       "head -c $(($(stat -c %%s t.tar) - 30000)) t.tar > short.tar", dir);
    for (unsigned n = 2; n <= 4; n++) {
        expect_parts_like_one("bad.tar", n, true);
        expect_parts_like_one("short.tar", n, true);
    }
    got g = { 0 };
    ingest_opt(&g, in_dir(dir, "bad.tar"), &plain);
    cr_expect_not_null(find_error(&g, "archive damaged"), "the damage is an error record");
    free(g.v);
}

Test(parts, what_is_split_and_what_is_not)
{
    cs_ingest_stats st;
    memset(&st, 0, sizeof st);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "t.tar"), &plain, 4, &st), 4);
    struct stat sb;
    cr_assert_eq(stat(in_dir(dir, "t.tar"), &sb), 0);
    cr_expect_eq(st.parts_bytes, (uint64_t)sb.st_size, "a tar's units are shared out by their place in it");
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "t.zip"), &plain, 3, &st), 3);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "t.cpio"), &plain, 2, &st), 2);
    memset(&st, 0, sizeof st);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "tree"), &plain, 2, &st), 2);
    cr_expect_gt(atomic_load(&st.total_bytes), 0, "the directory is sized once, for its parts");
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "tree"), &plain, 1, NULL), 1);
    /* Reachable only by decompressing it all: one reader. */
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "t.tar.gz"), &plain, 4, NULL), 1);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "tree/bundles/zcrypto.der"), &plain, 4, NULL), 1);
    cr_expect_eq(cs_ingest_parts("-", &plain, 4, NULL), 1);
    /* The digest of a file is made by its last part; a directory's
     * chains its files' in order: one reader. */
    cs_ingest_options digest = plain;
    digest.no_digest = false;
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "t.tar"), &digest, 4, NULL), 4);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "t.zip"), &digest, 3, NULL), 3);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "tree"), &digest, 4, NULL), 1);
}

/* ---- the digest --------------------------------------------------------- */

Test(parts, the_digest_is_made_unless_asked_not_to_and_is_the_file_s_sha256)
{
    const char *path = in_dir(dir, "t.tar");
    size_t n;
    uint8_t *bytes = cs_test_read_file(path, &n);
    uint8_t want[32];
    SHA256(bytes, n, want);
    free(bytes);
    got g = { 0 };
    ingest(&g, path); /* the library default: with the digest */
    cr_expect_eq(g.st.digest_files, 1);
    cr_expect_eq(g.st.digest_bytes, n);
    cr_expect(memcmp(g.st.sha256, want, 32) == 0, "the digest of a tar is the SHA-256 of its bytes");
    size_t records = g.n;
    ingest_opt(&g, path, &plain);
    cr_expect_eq(g.st.digest_files, 0, "no digest asked, none made");
    cr_expect_eq(g.st.digest_bytes, 0);
    cr_expect_eq(g.n, records);
    free(g.v);
}

Test(parts, the_parts_of_an_archive_make_the_digest_of_one_reader)
{
    sh("cd %s && head -c $(($(stat -c %%s t.tar) - 30000)) t.tar > short.tar", dir);
    const char *names[] = { "t.tar", "t.cpio", "t.zip", "short.tar" };
    cs_ingest_options digest = plain;
    digest.no_digest = false;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *path = in_dir(dir, names[i]);
        got one = { 0 };
        ingest(&one, path);
        cr_assert_eq(one.st.digest_files, 1);
        for (unsigned n = 2; n <= 4; n++) {
            cs_ingest_stats st;
            memset(&st, 0, sizeof st);
            cr_expect_eq(cs_ingest_parts(path, &digest, n, &st), n);
            for (unsigned k = 0; k < n; k++) {
                got g = { 0 };
                g.seq_ok = true;
                g.next_seq = (uint64_t)k << 40;
                bool finished;
                cr_assert(cs_ingest_run_part(path, 7, k, n, &digest, got_sink, &g, &st, &finished, g.err,
                                             sizeof g.err));
                free(g.v);
            }
            cr_expect_eq(st.digest_files, 1, "%s in %u parts: one digest", names[i], n);
            cr_expect_eq(st.digest_bytes, one.st.digest_bytes, "%s in %u parts", names[i], n);
            cr_expect(memcmp(st.sha256, one.st.sha256, 32) == 0, "%s in %u parts: the digest of one reader",
                      names[i], n);
            cr_expect_str_eq(st.incomplete, one.st.incomplete);
        }
        free(one.v);
    }
}

/* ---- whole scans -------------------------------------------------------- */

Test(parts, reports_are_byte_identical_at_any_thread_count)
{
    char bin[600];
    snprintf(bin, sizeof bin, "%s/certsweep", cs_test_bindir());
    sh("cd %s && cp t.tar bad.tar && off=$(tar -tRf t.tar | awk 'NR == 150 { sub(\":\", \"\", $2); print $2 * 512 }') && "
       "printf 'XXXXXXXX' | dd of=bad.tar bs=1 seek=$((off + 148)) conv=notrunc status=none && "
       "head -c $(($(stat -c %%s t.tar) / 2 + 100)) t.tar > short.tar", dir);
    const char *inputs[] = { "tree", "t.tar", "t.cpio", "t.zip", "bad.tar", "short.tar" };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        int rc1 = run("cd %s && %s scan -q -j1 -o rep1 %s", dir, bin, inputs[i]);
        bool damaged = strstr(inputs[i], "bad") || strstr(inputs[i], "short");
        cr_expect_eq(rc1, damaged ? 5 : 0, "%s: exit %d: %s", inputs[i], rc1, err);
        for (int j = 2; j <= 4; j++) {
            int rc = run("cd %s && %s scan -q -j%d -o rep%d %s", dir, bin, j, j, inputs[i]);
            cr_expect_eq(rc, rc1, "%s -j%d: exit %d, -j1 %d", inputs[i], j, rc, rc1);
            rc = run("cd %s && diff -r rep1 rep%d", dir, j);
            cr_expect_eq(rc, 0, "%s: -j1 and -j%d differ: %.2000s", inputs[i], j, out);
        }
        run("cd %s && rm -rf rep*", dir);
    }
}

Test(parts, a_scan_that_writes_a_state_reads_with_the_digest_of_today)
{
    char bin[600];
    snprintf(bin, sizeof bin, "%s/certsweep", cs_test_bindir());
    /* -j4 with a state: one reader, the digest made (merging the scan
     * with another of the same bytes is refused, naming their SHA-256). */
    cr_assert_eq(run("cd %s && %s scan -q -j4 --state s4 -o r4 t.tar && %s scan -q -j1 --state s1 -o r1 t.tar",
                     dir, bin, bin),
                 0, "%s", err);
    cr_expect_eq(run("cd %s && %s merge -o m s4 s1", dir, bin), 1);
    char want[65];
    size_t n;
    uint8_t *bytes = cs_test_read_file(in_dir(dir, "t.tar"), &n);
    hex_sha(bytes, n, want);
    free(bytes);
    cr_expect(strstr(err, want) != NULL, "the merge names the tar's SHA-256 %s: %s", want, err);
    /* Without a state, the same reports. */
    cr_expect_eq(run("cd %s && %s scan -q -j4 -o r4n t.tar && diff -r r4 r4n && diff -r r1 r4", dir, bin), 0,
                 "%s", out);
}

/* The pipeline: more threads than inputs, no digest -> several readers
 * on the one input, the same tally as one reader; with the digest too,
 * and the digest of one reader. */
static cs_tally *scan_one(const char *path, unsigned threads, bool no_digest, cs_scan_stats *st)
{
    char e[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, e, sizeof e);
    cr_assert_not_null(rs, "%s", e);
    FILE *devnull = fopen("/dev/null", "w");
    const char *inputs[] = { path };
    cs_scan_options o = { .inputs = inputs, .n_inputs = 1, .threads = threads, .rules = rs, .quiet = true,
                          .errors = devnull };
    o.ingest.csv_column = -1;
    o.ingest.no_digest = no_digest;
    cs_tally *t = NULL;
    cr_assert_eq(cs_scan_run_stats(&o, &t, e, sizeof e, st), CS_SCAN_COMPLETE, "%s", e);
    fclose(devnull);
    cs_ruleset_free(rs);
    return t;
}

Test(parts, the_scan_starts_a_reader_per_part)
{
    const char *path = in_dir(dir, "t.tar");
    cs_scan_stats st1 = { 0 }, st4 = { 0 }, std = { 0 };
    cs_tally *one = scan_one(path, 1, true, &st1);
    cs_tally *four = scan_one(path, 4, true, &st4);
    cs_tally *digest = scan_one(path, 4, false, &std);
    cr_expect_eq(st1.readers, 1);
    cr_expect_eq(st4.readers, 4, "one tar, four threads, no digest: four readers");
    cr_expect_eq(std.readers, 4, "with the digest to make: four readers, the last makes it");
    cr_expect_eq(cs_tally_records_read(four), cs_tally_records_read(one));
    cr_expect_eq(cs_tally_certificates_linted(four), cs_tally_certificates_linted(one));
    cr_expect_eq(cs_tally_parse_failures(four), cs_tally_parse_failures(one));
    cr_expect_eq(four->inputs[0].bytes_read, one->inputs[0].bytes_read);
    cr_expect(!four->inputs[0].digest_set && !one->inputs[0].digest_set);
    cr_expect(digest->inputs[0].digest_set);
    cs_scan_stats std1 = { 0 };
    cs_tally *digest1 = scan_one(path, 1, false, &std1);
    cr_expect(memcmp(digest->inputs[0].sha256, digest1->inputs[0].sha256, 32) == 0, "the digest of one reader");
    cr_expect_eq(digest->inputs[0].digest_bytes, digest1->inputs[0].digest_bytes);
    cs_tally_free(digest1);
    cs_tally_free(one);
    cs_tally_free(four);
    cs_tally_free(digest);
}

Test(parts, a_tar_damaged_anywhere_reads_in_parts_as_with_one_reader)
{
    /* Bytes overwritten at places spread over the tar, headers included
     * (the walk before a later part must agree with libarchive, or give
     * up). */
    size_t n;
    uint8_t *orig = cs_test_read_file(in_dir(dir, "t.tar"), &n);
    cr_assert_gt(n, 3 * CS_PART_MIN_BYTES);
    uint64_t seed = 0x9e3779b97f4a7c15u;
    for (int round = 0; round < 24; round++) {
        uint8_t *p = malloc(n);
        cr_assert_not_null(p);
        memcpy(p, orig, n);
        for (int k = 0; k < 1 + round % 3; k++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            size_t at = (size_t)(seed >> 33) % n;
            /* Every other round, a header field: the checksum, the size,
             * the type or the magic of the block at that place. */
            if (round % 2)
                at = at / 512 * 512 + (size_t[]){ 148, 124, 156, 257 }[(seed >> 20) % 4];
            p[at] ^= (uint8_t)(1 + (seed >> 40) % 255);
        }
        FILE *f = fopen(in_dir(dir, "hurt.tar"), "wb");
        cr_assert_not_null(f);
        fwrite(p, 1, n, f);
        fclose(f);
        free(p);
        expect_parts_like_one("hurt.tar", 2 + round % 3, false);
    }
    free(orig);
}

Test(parts, a_plain_file_is_read_by_a_reader_per_part_with_or_without_the_digest)
{
    sh("cd %s && for f in tree/real/*/*.der; do echo -----BEGIN CERTIFICATE-----; base64 -w64 $f; "
       "echo -----END CERTIFICATE-----; done > t.pem", dir);
    const char *path = in_dir(dir, "t.pem");
    cs_scan_stats st1 = { 0 }, st4 = { 0 }, std = { 0 };
    cs_tally *one = scan_one(path, 1, false, &st1);
    /* A part per CS_PLAIN_PART_READERS threads: 16 threads, 4 parts. */
    cs_tally *four = scan_one(path, 16, true, &st4);
    cs_tally *digest = scan_one(path, 16, false, &std);
    cr_expect_eq(st4.readers, 4);
    cr_expect_eq(std.readers, 4, "the digest is made by the parts");
    cr_expect_eq(cs_tally_records_read(four), cs_tally_records_read(one));
    cr_expect_eq(cs_tally_certificates_linted(four), cs_tally_certificates_linted(one));
    cr_expect_eq(cs_tally_parse_failures(four), cs_tally_parse_failures(one));
    cr_expect_eq(four->inputs[0].bytes_read, one->inputs[0].bytes_read);
    cr_expect(digest->inputs[0].digest_set && one->inputs[0].digest_set);
    cr_expect(memcmp(digest->inputs[0].sha256, one->inputs[0].sha256, 32) == 0);
    cr_expect_eq(digest->inputs[0].digest_bytes, one->inputs[0].digest_bytes);
    cs_tally_free(one);
    cs_tally_free(four);
    cs_tally_free(digest);
}
