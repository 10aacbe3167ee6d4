/* Chunked framing (src/ingest/chunk.c): a large plain input is cut at
 * record boundaries into chunks that the workers frame.  The records, with
 * their origins, decode results and error texts, are those of the serial
 * framer whatever the chunk size, on inputs with the traps of each format
 * and stretches that cannot be cut; and a scan writes byte-identical
 * reports and --findings at -j1, -j2 and -j4.  The inputs are made here
 * from the real certificates carried in the tree (tests/data/real-sample). */
#include "test_ingest_util.h"

static char dir[512];
static char out[1 << 16], err[1 << 16];
#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

typedef struct blob {
    uint8_t *p;
    size_t n;
} blob;

static blob certs[1024];
static size_t n_certs;

static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "find %s/corpus/real -type f -name '*.der' | sort", cs_test_sample_dir());
    FILE *l = popen(cmd, "r");
    cr_assert_not_null(l);
    char path[1024];
    while (n_certs < 1024 && fgets(path, sizeof path, l)) {
        path[strcspn(path, "\n")] = '\0';
        certs[n_certs].p = cs_test_read_file(path, &certs[n_certs].n);
        n_certs++;
    }
    pclose(l);
    cr_assert_gt(n_certs, 300);
}

static void teardown(void)
{
    for (size_t i = 0; i < n_certs; i++)
        free(certs[i].p);
    n_certs = 0;
    if (*dir)
        run("rm -rf %s", dir);
}

TestSuite(chunked, .init = setup, .fini = teardown, .timeout = 600);

/* ---- inputs ------------------------------------------------------------- */

static FILE *create(const char *name)
{
    FILE *f = fopen(in_dir(dir, name), "wb");
    cr_assert_not_null(f);
    return f;
}

static void put_b64(FILE *f, const blob *c, size_t width, const char *eol)
{
    char *b = malloc(c->n * 2 + 8);
    cr_assert_not_null(b);
    size_t n = (size_t)EVP_EncodeBlock((unsigned char *)b, c->p, (int)c->n);
    for (size_t k = 0; k < n; k += width) {
        fwrite(b + k, 1, n - k < width ? n - k : width, f);
        fputs(eol, f);
    }
    free(b);
}

#define WHOLE ((size_t)1 << 30)

static void make_pem(const char *name, bool traps)
{
    FILE *f = create(name);
    for (size_t i = 0; i < n_certs; i++) {
        const char *eol = traps && i % 7 == 3 ? "\r\n" : "\n";
        if (traps && i % 50 == 10) {
            fputs("Certificate:\n    Subject: text -----END CERTIFICATE----- between blocks\n", f);
            fputs("-----BEGIN PRIVATE KEY-----\nComment: -----BEGIN CERTIFICATE-----\nMIIBVQIBADAN\n"
                  "-----END PRIVATE KEY-----\n", f);
        }
        if (traps && i % 50 == 20) {
            fputs("-----BEGIN CERTIFICATE-----\nProc-Type: -----BEGIN CERTIFICATE-----\n", f);
        }
        if (traps && i % 50 == 30) { /* one-line PEM: no boundary inside */
            fputs("-----BEGIN CERTIFICATE-----", f);
            put_b64(f, &certs[i], WHOLE, "");
            fputs("-----END CERTIFICATE-----\n", f);
            continue;
        }
        fprintf(f, "-----BEGIN CERTIFICATE-----%s", eol);
        put_b64(f, &certs[i], 64, eol);
        fprintf(f, "-----END %sCERTIFICATE-----%s%s", traps && i % 50 == 40 ? "X509 " : "",
                traps && i % 9 == 0 ? "  " : "", eol);
    }
    if (traps) {
        /* 40 KB of one-line blocks (no boundary: framed serially from
         * there on), then ordinary blocks again, then a cut block. */
        for (int k = 0; k < 30; k++) {
            fputs("{\"pem\": \"-----BEGIN CERTIFICATE-----\\n", f);
            put_b64(f, &certs[k], WHOLE, "");
            fputs("\\n-----END CERTIFICATE-----\\n\"}\n", f);
        }
        for (size_t i = 0; i < 40; i++) {
            fputs("-----BEGIN CERTIFICATE-----\n", f);
            put_b64(f, &certs[i], 64, "\n");
            fputs("-----END CERTIFICATE-----\n", f);
        }
        fputs("-----BEGIN CERTIFICATE-----\nMIIB\n", f);
    }
    fclose(f);
}

static void make_der(const char *name, bool traps)
{
    FILE *f = create(name);
    for (size_t i = 0; i < n_certs; i++) {
        fwrite(certs[i].p, 1, certs[i].n, f);
        if (traps && i == n_certs - 20) {
            /* An element larger than a chunk can grow to: framed
             * serially from there on, to the bad header at the end. */
            static uint8_t big[40004] = { 0x30, 0x82, 0x9c, 0x40 };
            fwrite(big, 1, sizeof big, f);
        }
    }
    if (traps)
        fputs("\x02\x01\x05 trailing bytes that are not DER", f);
    fclose(f);
}

static void make_b64(const char *name, bool traps)
{
    FILE *f = create(name);
    if (traps) /* (detection wants a certificate on the first line) */
        fputs("# one base64 certificate per line\n\n", f);
    for (size_t i = 0; i < n_certs; i++) {
        put_b64(f, &certs[i], WHOLE, traps && i % 5 == 1 ? "\r\n" : traps && i % 5 == 2 ? " \t\n" : "\n");
        if (traps && i % 40 == 0)
            fputs("MIInot base64 at all\n# comment\n", f);
    }
    fclose(f);
}

static void make_jsonl(const char *name, bool traps)
{
    FILE *f = create(name);
    for (size_t i = 0; i < n_certs; i++) {
        fputs(traps && i % 3 == 0 ? "{\"note\": \"a\\nb {\\\"raw\\\": 1}\", \"raw\": \"" : "{\"raw\": \"", f);
        put_b64(f, &certs[i], WHOLE, "");
        fputs("\"}\n", f);
        if (traps && i % 40 == 0)
            fputs("{\"raw\": \"MIIB\"\n\n", f);
    }
    fclose(f);
}

static void make_csv(const char *name, bool traps)
{
    FILE *f = create(name);
    fputs("sha1,base64\r\n", f);
    for (size_t i = 0; i < n_certs; i++) {
        if (traps && i % 40 == 5)
            fputs("\"0a,\n1b\",MIIB\n", f); /* a quoted newline: two lines for the framer */
        fputs("0a1b,", f);
        put_b64(f, &certs[i], WHOLE, "\n");
    }
    fclose(f);
}

/* ---- the serial framer against the chunked one ---------------------------- */

static size_t chunks_seen;

static bool chunk_sink(void *ctx, cs_batch *b)
{
    if (b->chunk_framer) {
        chunks_seen++;
        cr_assert_eq(b->n, 1);
        cr_assert_eq(b->recs[0].encoding, CS_REC_CHUNK);
        cs_ingest_stats *st = &((got *)ctx)->st;
        cs_batch *framed = cs_ingest_frame_chunk(b, st);
        cr_assert_not_null(framed);
        cs_batch_free(b);
        b = framed;
    }
    return got_sink(ctx, b);
}

static void ingest_chunked(got *g, const char *path, const char *format, size_t chunk)
{
    free(g->v);
    memset(g, 0, sizeof *g);
    g->seq_ok = true;
    cs_ingest_options o = { .format = format, .csv_column = -1, .chunk_bytes = chunk };
    g->ret = cs_ingest_run(path, 7, &o, chunk ? chunk_sink : got_sink, g, &g->st, g->err, sizeof g->err);
    cr_assert(g->ret, "%s", g->err);
    cr_assert(g->seq_ok);
}

static void expect_same_records(const got *a, const got *b, const char *what)
{
    cr_assert_eq(a->n, b->n, "%s: %zu records serially, %zu in chunks", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const got_rec *x = &a->v[i], *y = &b->v[i];
        cr_assert(x->enc == y->enc && x->offset == y->offset && x->line == y->line && x->ok == y->ok &&
                      x->ct_index == y->ct_index && strcmp(x->member, y->member) == 0 &&
                      strcmp(x->sha, y->sha) == 0 && strcmp(x->reason, y->reason) == 0,
                  "%s: record %zu: enc %d/%d offset %llu/%llu line %llu/%llu '%s'/'%s'", what, i, x->enc, y->enc,
                  (unsigned long long)x->offset, (unsigned long long)y->offset, (unsigned long long)x->line,
                  (unsigned long long)y->line, x->reason, y->reason);
    }
    cr_expect_eq(atomic_load(&a->st.records), atomic_load(&b->st.records));
    cr_expect_str_eq(a->st.incomplete, b->st.incomplete);
}

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

Test(chunked, no_boundary_for_megabytes_is_framed_by_the_reader, .timeout = 120)
{
    /* 4 MB inside one PEM block, then blocks again: the reader looks for a
     * boundary in a window that doubles a few times, then frames the rest
     * itself (a window grown one byte at a time took minutes). */
    FILE *f = create("nl.pem");
    fputs("-----BEGIN CERTIFICATE-----\n", f);
    for (int i = 0; i < 4 << 20; i++)
        fputc('\n', f);
    for (size_t i = 0; i < 50; i++) {
        fputs("-----BEGIN CERTIFICATE-----\n", f);
        put_b64(f, &certs[i], 64, "\n");
        fputs("-----END CERTIFICATE-----\n", f);
    }
    fclose(f);
    size_t decoded;
    cr_expect_eq(expect_chunked_as_serial(in_dir(dir, "nl.pem"), NULL, 65536, &decoded), 0);
    cr_expect_eq(decoded, 50);
}
