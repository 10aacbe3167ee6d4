/* Chunked framing (src/ingest/chunk.c): a large plain input is cut at
 * record boundaries into chunks that the workers frame.  The records, with
 * their origins, decode results and error texts, are those of the serial
 * framer whatever the chunk size, on inputs with the traps of each format
 * and stretches that cannot be cut; and a scan writes byte-identical
 * reports and --findings at -j1, -j2 and -j4.  The inputs are made here
 * from the real certificates carried in the tree (tests/data/real-sample). */
#include "test_plain_inputs.h"

static char out[1 << 16], err[1 << 16];
#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

TestSuite(chunked, .init = plain_inputs_setup, .fini = plain_inputs_teardown, .timeout = 600);

/* ---- the serial framer against the chunked one ---------------------------- */

/* Frames path serially and in chunks of `chunk` bytes and expects the
 * same records; returns the number of chunks (*decoded: certificates). */
static size_t expect_chunked_as_serial(const char *path, const char *format, size_t chunk, size_t *decoded)
{
    got serial = { 0 }, chunked = { 0 };
    ingest_chunked(&serial, path, format, 0);
    cr_assert_gt(serial.n, 2);
    chunks_seen = 0;
    ingest_chunked(&chunked, path, format, chunk);
    char what[600];
    snprintf(what, sizeof what, "%s, chunks of %zu", path, chunk);
    expect_same_records(&serial, &chunked, what);
    if (decoded)
        *decoded = chunked.decoded;
    free(serial.v);
    free(chunked.v);
    return chunks_seen;
}

static void expect_chunks_frame_as_the_reader(const char *name, const char *format)
{
    static const size_t sizes[] = { 4096, 10000, 65536 };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t chunks = expect_chunked_as_serial(in_dir(dir, name), format, sizes[k], NULL);
        cr_expect_gt(chunks, 3, "%s: %zu chunks of %zu bytes", name, chunks, sizes[k]);
    }
}

Test(chunked, pem_records_are_the_serial_framers)
{
    make_pem("t.pem", true);
    expect_chunks_frame_as_the_reader("t.pem", NULL);
}

Test(chunked, der_records_are_the_serial_framers)
{
    make_der("t.der", true);
    expect_chunks_frame_as_the_reader("t.der", NULL);
}

Test(chunked, base64_line_records_are_the_serial_framers)
{
    make_b64("t.b64", true);
    expect_chunks_frame_as_the_reader("t.b64", "base64");
}

Test(chunked, json_lines_records_are_the_serial_framers)
{
    make_jsonl("t.jsonl", true);
    expect_chunks_frame_as_the_reader("t.jsonl", "jsonl");
}

Test(chunked, csv_records_are_the_serial_framers)
{
    make_csv("t.csv", true);
    expect_chunks_frame_as_the_reader("t.csv", "csv");
}

Test(chunked, compressed_stream_is_chunked_too)
{
    make_pem("z.pem", true);
    run("cd %s && gzip -k z.pem && xz -k z.pem", dir);
    cr_expect_gt(expect_chunked_as_serial(in_dir(dir, "z.pem.gz"), NULL, 8192, NULL), 3);
    cr_expect_gt(expect_chunked_as_serial(in_dir(dir, "z.pem.xz"), NULL, 8192, NULL), 3);
}

Test(chunked, small_members_are_framed_by_the_reader)
{
    /* A tar of single certificates: no member is longer than a chunk. */
    run("mkdir -p %s/tree && cp %s/corpus/real/*/*.der %s/tree/ 2>/dev/null; cd %s && tar -cf t.tar tree", dir,
        cs_test_sample_dir(), dir, dir);
    cr_expect_eq(expect_chunked_as_serial(in_dir(dir, "t.tar"), NULL, 65536, NULL), 0);
}

/* ---- the scan: the same results for any -j --------------------------------- */

static void expect_same_scan_for_any_jobs(const char *name)
{
    for (int j = 1; j <= 4; j *= 2) {
        int rc = run("cd %s && %s scan -q -j %d -o rep%d --findings f%d.jsonl --findings-all %s", dir,
                     cs_test_certsweep(), j, j, j, name);
        cr_assert(rc == 0, "%s -j%d: exit %d: %s", name, j, rc, err);
    }
    for (int j = 2; j <= 4; j *= 2) {
        int rc = run("cd %s && cmp f1.jsonl f%d.jsonl && diff -r rep1 rep%d", dir, j, j);
        cr_expect_eq(rc, 0, "%s: -j1 and -j%d differ: %s%s", name, j, out, err);
    }
    char summary[700];
    snprintf(summary, sizeof summary, "%s/rep1/summary.json", dir);
    long long read = cs_test_json_int(summary, "records_read");
    cr_expect_eq(read, cs_test_json_int(summary, "certificates_linted") + cs_test_json_int(summary, "parse_failures"));
    cr_expect_geq(read, (long long)n_certs, "%s: %lld records read", name, read);
    run("cd %s && rm -rf rep1 rep2 rep4 f1.jsonl f2.jsonl f4.jsonl", dir);
}

Test(chunked, scan_is_the_same_for_any_jobs)
{
    make_pem("one.pem", false);
    make_der("one.der", false);
    make_b64("one.b64", false);
    make_jsonl("one.jsonl", false);
    /* Each three times over: larger than a few of the scan's chunks. */
    cr_assert_eq(run("cd %s && for f in pem der b64 jsonl; do cat one.$f one.$f one.$f > big.$f; done && "
                     "test $(stat -c %%s big.der) -gt 1000000",
                     dir),
                 0);
    expect_same_scan_for_any_jobs("big.pem");
    expect_same_scan_for_any_jobs("big.der");
    expect_same_scan_for_any_jobs("big.b64");
    expect_same_scan_for_any_jobs("big.jsonl");
}

/* One PEM block of `stretch` newlines, then `count` certificates. */
static void make_long_block(const char *name, int stretch, size_t count)
{
    FILE *f = create(name);
    fputs("-----BEGIN CERTIFICATE-----\n", f);
    for (int i = 0; i < stretch; i++)
        fputc('\n', f);
    for (size_t i = 0; i < count; i++) {
        fputs("-----BEGIN CERTIFICATE-----\n", f);
        put_b64(f, &certs[i % n_certs], 64, "\n");
        fputs("-----END CERTIFICATE-----\n", f);
    }
    fclose(f);
}

Test(chunked, no_boundary_past_the_record_limit_is_framed_by_the_reader, .timeout = 120)
{
    /* 4 MB inside one PEM block, with a record limit of 1 MiB: the reader
     * looks for a boundary in a window that doubles a few times, then
     * frames the rest itself (a window grown one byte at a time took
     * minutes). */
    make_long_block("nl.pem", 4 << 20, 50);
    chunk_max_record = (size_t)1 << 20;
    size_t decoded;
    cr_expect_eq(expect_chunked_as_serial(in_dir(dir, "nl.pem"), NULL, 65536, &decoded), 0);
    cr_expect_eq(decoded, 50);
}

Test(chunked, a_record_of_megabytes_is_one_chunk_and_chunking_goes_on, .timeout = 120)
{
    /* A 1.5 MB block (a big CRL in a dump) is many chunks long but within
     * the record limit: it goes in one chunk, and the megabytes of
     * certificates after it are cut into chunks again, not left to the
     * reader. */
    make_long_block("big-block.pem", 3 << 19, 1000);
    size_t decoded;
    size_t chunks = expect_chunked_as_serial(in_dir(dir, "big-block.pem"), NULL, 16384, &decoded);
    cr_expect_gt(chunks, 20, "%zu chunks", chunks);
    cr_expect_eq(decoded, 1000);
}
