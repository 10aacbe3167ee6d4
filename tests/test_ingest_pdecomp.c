/* Parallel decompression (src/ingest/pdecomp.c): a BGZF gzip or a
 * multi-frame zstd file of PEM, base64 lines, JSON Lines or CSV read in
 * R parts gives the records one reader gives (offsets, bytes, errors;
 * line numbers in the first part), each once, for R = 1..5; what the
 * planner cannot vouch for (a lying BSIZE, truncation, garbage, a 4 GiB
 * ISIZE, a bomb) is left to one reader; damage found by decompressing is
 * reported with one reader's reason; and a scan writes the same reports
 * at -j1 and -j4.  Inputs are written here with zlib and libzstd from
 * the real certificates in the tree (tests/data/real-sample). */
#include "test_ingest_util.h"

#include "ingest/parts.h"

#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

static char dir[512];
static char out[1 << 16], err[1 << 16];
#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

static const char *formats[] = { "p.pem", "p.b64", "p.jsonl", "p.csv" };

static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    /* The sample's certificates twice over in four formats, with a few
     * records that are not certificates among them. */
    sh("cd %s && find %s/corpus/real -name '*.der' | sort > list && for k in 1 2; do while read f; do "
       "b=$(base64 -w0 \"$f\"); echo \"$b\" >> p.b64; echo \"{\\\"cert\\\":\\\"$b\\\"}\" >> p.jsonl; "
       "echo \"$k,$b\" >> p.csv; echo '-----BEGIN CERTIFICATE-----' >> p.pem; base64 -w64 \"$f\" >> p.pem; "
       "echo '-----END CERTIFICATE-----' >> p.pem; done < list; echo 'not base64 at all' >> p.b64; "
       "echo '{\"cert\":\"AAAA\"}' >> p.jsonl; echo \"$k,MIIBroken\" >> p.csv; "
       "printf -- '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n' >> p.pem; done && "
       "sed -i '1i id,cert' p.csv",
       dir, cs_test_sample_dir());
}

static void teardown(void)
{
    if (*dir)
        run("rm -rf %s", dir);
}

TestSuite(pdecomp, .init = setup, .fini = teardown, .timeout = 900);

/* ---- writing the inputs ------------------------------------------------- */

static uint8_t *slurp(const char *name, size_t *n)
{
    uint8_t *p = cs_test_read_file(in_dir(dir, name), n);
    cr_assert_not_null(p, "%s", name);
    return p;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* One BGZF block of p[0, n) at out (room for n + 1024 bytes): its size. */
static size_t bgzf_block(const uint8_t *p, size_t n, uint8_t *o)
{
    static const uint8_t head[16] = { 0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 'B', 'C', 2, 0 };
    memcpy(o, head, 16);
    z_stream z = { 0 };
    cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)p;
    z.avail_in = (uInt)n;
    z.next_out = o + 18;
    z.avail_out = (uInt)(n + 1000);
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t total = 18 + z.total_out + 8;
    deflateEnd(&z);
    o[16] = (uint8_t)((total - 1) & 0xff);
    o[17] = (uint8_t)((total - 1) >> 8);
    put32(o + total - 8, (uint32_t)crc32(0, p, (uInt)n));
    put32(o + total - 4, (uint32_t)n);
    return total;
}

/* name.gz: BGZF of `name`, `block` bytes of it a block, and the empty
 * end-of-file block. */
static void write_bgzf(const char *name, size_t block)
{
    size_t n;
    uint8_t *p = slurp(name, &n);
    char path[700];
    snprintf(path, sizeof path, "%s/%s.gz", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    uint8_t *o = malloc(block + 1100);
    for (size_t at = 0, k = 1; k > 0; at += k) {
        k = n - at < block ? n - at : block;
        fwrite(o, 1, bgzf_block(p + at, k, o), f);
    }
    fclose(f);
    free(o);
    free(p);
}

/* name.zst: a zstd frame (content size in its header; with `checksum`,
 * the XXH64 of its content after it) per `frame` bytes of `name`. */
static void write_zstd_frames(const char *name, size_t frame, bool checksum)
{
    size_t n;
    uint8_t *p = slurp(name, &n);
    char path[700];
    snprintf(path, sizeof path, "%s/%s.zst", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    size_t cap = ZSTD_compressBound(frame);
    uint8_t *o = malloc(cap);
    for (size_t at = 0; at < n; at += frame) {
        size_t k = n - at < frame ? n - at : frame;
        ZSTD_CCtx *z = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(z, ZSTD_c_checksumFlag, checksum);
        size_t c = ZSTD_compress2(z, o, cap, p + at, k);
        ZSTD_freeCCtx(z);
        cr_assert(!ZSTD_isError(c));
        fwrite(o, 1, c, f);
    }
    fclose(f);
    free(o);
    free(p);
}

static void write_zstd(const char *name, size_t frame)
{
    write_zstd_frames(name, frame, false);
}

/* ---- reading in parts --------------------------------------------------- */

static const cs_ingest_options plain = { .csv_column = -1, .no_digest = true, .batch_records = 16 };

static void line_unknown_after_part_0(unsigned part, const got_rec *r)
{
    if (part > 0)
        cr_expect_eq(r->line, 0, "a later part does not know its line numbers");
}

/* Parts 0..n-1 of path as the scan reads them (n must be what
 * cs_ingest_parts plans): read_parts_of, and a later part's records carry
 * no line. */
static void read_parts(const char *path, unsigned n, got *all, cs_ingest_stats *st, size_t *counts)
{
    unsigned planned = read_parts_of(path, &plain, n, all, st, counts, line_unknown_after_part_0);
    cr_assert_eq(planned, n, "%s is planned in %u parts", path, n);
}

/* One reader's records of path, sorted. */
static void read_one(const char *path, got *one)
{
    memset(one, 0, sizeof *one);
    ingest_opt(one, path, &plain);
    cr_assert(one->ret, "%s", one->err);
    qsort(one->v, one->n, sizeof *one->v, got_rec_order);
}

static bool same_rec(const got_rec *x, const got_rec *y)
{
    return got_rec_order(x, y) == 0 && (x->line == y->line || x->line == 0) && strcmp(x->sha, y->sha) == 0 &&
           x->ok == y->ok && strcmp(x->member, y->member) == 0;
}

/* The n parts of path read the records of one reader, each once. */
static void expect_parts_like_one(const char *name, unsigned n)
{
    const char *path = in_dir(dir, name);
    got one, all;
    read_one(path, &one);
    cr_assert_gt(one.n, 1000);
    cs_ingest_stats st;
    size_t counts[8];
    read_parts(path, n, &all, &st, counts);
    cr_expect_eq(all.n, one.n, "%s in %u parts: %zu records, one reader %zu", name, n, all.n, one.n);
    for (size_t i = 0; i < all.n && i < one.n; i++)
        if (!same_rec(&all.v[i], &one.v[i])) {
            cr_expect_fail("%s in %u parts: record %zu is @%llu line %llu %s, one reader's @%llu line %llu %s", name,
                           n, i, (unsigned long long)all.v[i].offset, (unsigned long long)all.v[i].line,
                           all.v[i].reason, (unsigned long long)one.v[i].offset, (unsigned long long)one.v[i].line,
                           one.v[i].reason);
            break;
        }
    for (unsigned k = 0; k < n; k++)
        cr_expect_gt(counts[k], 0, "%s: part %u of %u read nothing", name, k, n);
    cr_expect_eq(atomic_load(&st.records), atomic_load(&one.st.records));
    cr_expect_eq(atomic_load(&st.bytes_read), atomic_load(&one.st.bytes_read));
    cr_expect(atomic_load(&st.finished));
    cr_expect_str_eq(st.incomplete, one.st.incomplete);
    cr_expect_eq(st.parts_ended, n > 1 ? n : 0);
    free(all.v);
    free(one.v);
}

Test(pdecomp, bgzf_in_1_to_5_parts_gives_the_records_of_one_reader)
{
    for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
        /* Full 64 KiB blocks, and small ones: records across blocks. */
        write_bgzf(formats[f], 65280);
        char name[64];
        snprintf(name, sizeof name, "%s.gz", formats[f]);
        for (unsigned n = 1; n <= 5; n++)
            expect_parts_like_one(name, n);
        write_bgzf(formats[f], 3000);
        expect_parts_like_one(name, 3);
    }
}

Test(pdecomp, multi_frame_zstd_in_1_to_5_parts_gives_the_records_of_one_reader)
{
    for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
        write_zstd(formats[f], 100000);
        char name[64];
        snprintf(name, sizeof name, "%s.zst", formats[f]);
        for (unsigned n = 1; n <= 5; n++)
            expect_parts_like_one(name, n);
    }
}

Test(pdecomp, what_is_split_and_what_is_left_to_one_reader)
{
    write_bgzf("p.pem", 65280);
    write_zstd("p.pem", 100000);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem.gz"), &plain, 4, NULL), 4);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem.zst"), &plain, 4, NULL), 4);
    /* Not BGZF (members found only by inflating), one zstd frame, a
     * frame without its content size, a tar inside, DER inside, the
     * digest wanted. */
    sh("cd %s && gzip -c p.pem > plain.gz && zstd -q -c p.pem > one.zst && "
       "split -b 200000 p.pem piece. && for f in piece.*; do zstd -q --no-content-size -c < $f; done > nosize.zst && "
       "tar -cf p.tar p.pem p.b64 && "
       "find %s/corpus/real -name '*.der' | sort | xargs cat > p.der",
       dir, cs_test_sample_dir());
    write_bgzf("p.tar", 65280);
    write_bgzf("p.der", 65280);
    const char *one[] = { "plain.gz", "one.zst", "nosize.zst", "p.tar.gz", "p.der.gz" };
    for (size_t i = 0; i < sizeof one / sizeof *one; i++)
        cr_expect_eq(cs_ingest_parts(in_dir(dir, one[i]), &plain, 4, NULL), 1, "%s: one reader", one[i]);
    cs_ingest_options digest = plain;
    digest.no_digest = false;
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem.gz"), &digest, 4, NULL), 1);
    cs_ingest_options der = plain;
    der.format = "der";
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem.gz"), &der, 4, NULL), 1);
}

/* ---- hostile input ------------------------------------------------------ */

/* Offset of the k-th BGZF block of name (0-based). */
static uint64_t block_at(const char *name, unsigned k)
{
    size_t n;
    uint8_t *p = slurp(name, &n);
    uint64_t at = 0;
    for (unsigned i = 0; i < k && at + 18 <= n; i++)
        at += (uint64_t)(p[at + 16] | p[at + 17] << 8) + 1;
    free(p);
    return at;
}

static void patch(const char *name, uint64_t at, const void *bytes, size_t n)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f);
    fseek(f, (long)at, SEEK_SET);
    fwrite(bytes, 1, n, f);
    fclose(f);
}

Test(pdecomp, what_the_planner_cannot_vouch_for_is_read_by_one_reader)
{
    write_bgzf("p.pem", 65280);
    uint64_t b5 = block_at("p.pem.gz", 5), b6 = block_at("p.pem.gz", 6);
    sh("cd %s && for f in bsize bsize2 isize trunc garbage trailing zeros; do cp p.pem.gz $f.gz; done && "
       "head -c -100 p.pem.gz > trunc.gz && printf 'junk' >> trailing.gz && head -c 64 /dev/zero >> zeros.gz && "
       "head -c %llu p.pem.gz > garbage.gz && printf 'garbage' >> garbage.gz && tail -c +%llu p.pem.gz >> garbage.gz",
       dir, (unsigned long long)b6, (unsigned long long)b6 + 1);
    /* BSIZE one too small, then one too large; an ISIZE of 4 GiB + 1000
     * wraps to 1000 in the trailer but is no BGZF block's. */
    uint8_t bs[2] = { (uint8_t)((b6 - b5 - 2) & 0xff), (uint8_t)((b6 - b5 - 2) >> 8) };
    patch("bsize.gz", b5 + 16, bs, 2);
    bs[0] = (uint8_t)((b6 - b5) & 0xff), bs[1] = (uint8_t)((b6 - b5) >> 8);
    patch("bsize2.gz", b5 + 16, bs, 2);
    uint8_t big[4] = { 0xe8, 0x03, 0x01, 0x00 }; /* 66536: above 64 KiB */
    patch("isize.gz", b6 - 4, big, 4);
    const char *names[] = { "bsize.gz", "bsize2.gz", "isize.gz", "trunc.gz", "garbage.gz", "trailing.gz", "zeros.gz" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        cr_expect_eq(cs_ingest_parts(in_dir(dir, names[i]), &plain, 4, NULL), 1, "%s: one reader", names[i]);
    /* A zstd bomb: 260 kB of records, then five frames of 40 MB of zeros
     * each (a few kB): over 1000:1 past 64 MB. */
    size_t cap = ZSTD_compressBound((size_t)40 << 20);
    uint8_t *zeros = calloc(1, (size_t)40 << 20), *o = malloc(cap);
    size_t c = ZSTD_compress(o, cap, zeros, (size_t)40 << 20, 3);
    cr_assert(!ZSTD_isError(c));
    sh("cd %s && head -c 260000 p.pem > small.pem", dir);
    write_zstd("small.pem", 100000);
    char path[700];
    snprintf(path, sizeof path, "%s/small.pem.zst", dir);
    FILE *f = fopen(path, "ab");
    for (int i = 0; i < 5; i++)
        fwrite(o, 1, c, f);
    fclose(f);
    free(zeros);
    free(o);
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_geq((uint64_t)sb.st_size, 2 * CS_PART_MIN_BYTES, "large enough to be split");
    cr_expect_eq(cs_ingest_parts(path, &plain, 4, NULL), 1, "a bomb: one reader, whose guard stops it");
    got one;
    read_one(path, &one);
    cr_expect(strstr(one.st.incomplete, "decompression bomb") != NULL, "%s", one.st.incomplete);
    free(one.v);
}

/* Every record one reader reads is read by the parts, once, with its
 * origin; the parts may read on past the damage (pdecomp.h).  With
 * `same_place` the reason is one reader's to the byte; without, its
 * text after "read error at byte N: " (libarchive's zstd filter, one
 * reader's, drops what the read that meets the damage decompressed). */
static void expect_damage_like_one(const char *name, unsigned n, const char *reason, bool same_place)
{
    const char *path = in_dir(dir, name);
    got one, all;
    read_one(path, &one);
    cs_ingest_stats st;
    size_t counts[8];
    read_parts(path, n, &all, &st, counts);
    cr_expect(strstr(one.st.incomplete, reason) != NULL, "%s: %s", name, one.st.incomplete);
    if (same_place)
        cr_expect_str_eq(st.incomplete, one.st.incomplete, "%s: the reason of one reader", name);
    const char *a = strstr(st.incomplete, ": "), *b = strstr(one.st.incomplete, ": ");
    cr_expect(a && b && strcmp(a, b) == 0, "%s: %s, one reader %s", name, st.incomplete, one.st.incomplete);
    for (size_t i = 1; i < all.n; i++)
        cr_expect(got_rec_order(&all.v[i - 1], &all.v[i]) != 0, "%s: record @%llu read twice", name,
                  (unsigned long long)all.v[i].offset);
    size_t j = 0;
    for (size_t i = 0; i < one.n; i++) {
        if (!same_place && one.v[i].enc == CS_REC_ERROR)
            continue;
        while (j < all.n && got_rec_order(&all.v[j], &one.v[i]) < 0)
            j++;
        cr_expect(j < all.n && same_rec(&all.v[j], &one.v[i]), "%s: one reader's record @%llu (%s) is lost", name,
                  (unsigned long long)one.v[i].offset, one.v[i].reason);
    }
    free(all.v);
    free(one.v);
}

Test(pdecomp, damage_found_by_decompressing_is_reported_with_the_reason_of_one_reader)
{
    write_bgzf("p.pem", 65280);
    uint64_t b3 = block_at("p.pem.gz", 3), b4 = block_at("p.pem.gz", 4);
    sh("cd %s && cp p.pem.gz crc.gz && cp p.pem.gz data.gz && cp p.pem.gz len.gz", dir);
    uint8_t x[4] = { 0xde, 0xad, 0xbe, 0xef };
    patch("crc.gz", b4 - 8, x, 4);      /* the CRC-32 of block 3 */
    patch("data.gz", b3 + 100, x, 4);   /* its deflate data */
    uint8_t len[4] = { 0x10, 0x00, 0x00, 0x00 };
    patch("len.gz", b4 - 4, len, 4);    /* its ISIZE, now 16: a size that lies */
    for (unsigned n = 2; n <= 4; n++) {
        expect_damage_like_one("crc.gz", n, "gzip checksum mismatch (CRC-32) in member 4", true);
        expect_damage_like_one("data.gz", n, "gzip data damaged", true);
        expect_damage_like_one("len.gz", n, "gzip length mismatch (ISIZE) in member 4", true);
    }
}

/* Offset of the k-th zstd frame of name (0-based). */
static uint64_t frame_at(const char *name, unsigned k)
{
    size_t n;
    uint8_t *p = slurp(name, &n);
    uint64_t at = 0;
    for (unsigned i = 0; i < k; i++) {
        size_t c = ZSTD_findFrameCompressedSize(p + at, n - at);
        cr_assert(!ZSTD_isError(c));
        at += c;
    }
    free(p);
    return at;
}

Test(pdecomp, damaged_zstd_is_reported_with_the_reason_of_one_reader)
{
    write_zstd_frames("p.pem", 100000, true);
    uint64_t f3 = frame_at("p.pem.zst", 3), f4 = frame_at("p.pem.zst", 4);
    sh("cd %s && cp p.pem.zst bad.zst", dir);
    uint8_t x[8] = { 0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef };
    patch("bad.zst", (f3 + f4) / 2, x, 8);
    for (unsigned n = 2; n <= 4; n++)
        expect_damage_like_one("bad.zst", n, "Zstd decompression failed: Restored data doesn't match checksum", false);
}

/* ---- whole scans -------------------------------------------------------- */

Test(pdecomp, reports_are_byte_identical_at_any_thread_count)
{
    char bin[600];
    snprintf(bin, sizeof bin, "%s/certsweep", cs_test_bindir());
    write_bgzf("p.pem", 65280);
    write_zstd("p.pem", 100000);
    write_bgzf("p.csv", 3000);
    const char *inputs[] = { "p.pem.gz", "p.pem.zst", "p.csv.gz" };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        int rc1 = run("cd %s && %s scan -q -j1 -o rep1 %s", dir, bin, inputs[i]);
        cr_expect_eq(rc1, 0, "%s: exit %d: %s", inputs[i], rc1, err);
        for (int j = 2; j <= 4; j += 2) {
            int rc = run("cd %s && %s scan -q -j%d -o rep%d %s", dir, bin, j, j, inputs[i]);
            cr_expect_eq(rc, rc1, "%s -j%d: exit %d, -j1 %d", inputs[i], j, rc, rc1);
            rc = run("cd %s && diff -r rep1 rep%d > /dev/null", dir, j);
            cr_expect_eq(rc, 0, "%s: -j1 and -j%d reports differ", inputs[i], j);
        }
        run("cd %s && rm -rf rep*", dir);
    }
    /* Damage: exit 5 at any thread count, with the same reason. */
    uint64_t b4 = block_at("p.pem.gz", 4);
    sh("cd %s && cp p.pem.gz crc.gz", dir);
    uint8_t x[4] = { 0xde, 0xad, 0xbe, 0xef };
    patch("crc.gz", b4 - 8, x, 4);
    cr_expect_eq(run("cd %s && %s scan -q -j1 -o rep1 crc.gz", dir, bin), 5);
    cr_expect_eq(run("cd %s && %s scan -q -j4 -o rep4 crc.gz", dir, bin), 5);
    cr_expect_eq(run("cd %s && grep -o '\"incomplete_reason\": \"[^\"]*\"' rep1/summary.json > a && "
                     "grep -o '\"incomplete_reason\": \"[^\"]*\"' rep4/summary.json > b && grep -q checksum a && cmp a b",
                     dir),
                 0, "the same reason at -j1 and -j4");
}
