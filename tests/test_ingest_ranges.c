/* Parts of one large plain file (src/ingest/parts.c, range.c): PEM,
 * base64 lines, JSON Lines and CSV read by R readers as byte ranges cut
 * at record boundaries give, part after part, exactly the records of one
 * reader (bytes, offsets, line numbers, error texts), R = 1..5, framed by
 * the part or in chunks by the workers; on files with the traps of each
 * format, CRLF, a truncated last record, damage in the middle and lines of
 * megabytes.  What cannot be cut (DER, CT JSON, compressed, no boundary)
 * is one reader's.  With the digest wanted, the parts make the file's
 * SHA-256; a file that changes under its parts is said to.  A scan writes
 * byte-identical reports at -j1 and -j4, with and without a state (the
 * scan's readers: test_ingest_parts.c). */
#include "test_plain_inputs.h"

#include "ingest/newlines.h"
#include "ingest/parts.h"

#include <pthread.h>
#include <sys/stat.h>

static char out[1 << 16], err[1 << 16];
#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

TestSuite(ranges, .init = plain_inputs_setup, .fini = plain_inputs_teardown, .timeout = 600);

/* ---- counting newlines -------------------------------------------------------- */

Test(ranges, newlines_are_counted_as_one_by_one)
{
    /* Every byte value around '\n', at every alignment and length. */
    uint8_t p[300];
    uint64_t seed = 42;
    for (int round = 0; round < 2000; round++) {
        for (size_t i = 0; i < sizeof p; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            uint8_t b = (uint8_t)(seed >> 56);
            p[i] = round % 2 ? (uint8_t)('\n' + (b % 3) - 1) : b;
        }
        size_t from = (size_t)round % 9, n = (size_t)(seed >> 20) % (sizeof p - from);
        uint64_t want = 0;
        for (size_t i = 0; i < n; i++)
            want += p[from + i] == '\n';
        cr_assert_eq(cs_count_newlines(p + from, n), want, "round %d", round);
    }
}

/* ---- records ------------------------------------------------------------ */

static cs_ingest_options options(const char *format, size_t chunk, bool digest)
{
    return (cs_ingest_options){ .format = format, .csv_column = -1, .no_digest = !digest, .batch_records = 16,
                                .chunk_bytes = chunk };
}

/* The records of parts 0..n-1 of path, read one after another with the
 * stats planned as the scan plans them, in part order in *all; how many
 * parts read some in *busy (a plain file is given CS_PLAIN_PART_READERS
 * readers a part).  Returns the planned number of parts. */
static unsigned read_parts(const char *path, const cs_ingest_options *o, unsigned n, got *all, unsigned *busy)
{
    memset(all, 0, sizeof *all);
    all->seq_ok = true;
    unsigned planned = cs_ingest_parts(path, o, n * CS_PLAIN_PART_READERS, &all->st);
    *busy = 0;
    for (unsigned k = 0; k < n; k++) {
        size_t before = all->n;
        all->next_seq = (uint64_t)k << 40;
        bool finished = false;
        all->ret = cs_ingest_run_part(path, 7, k, n, o, o->chunk_bytes ? chunk_sink : got_sink, all, &all->st,
                                      &finished, all->err, sizeof all->err);
        cr_assert(all->ret, "%s part %u: %s", path, k, all->err);
        cr_expect(all->seq_ok, "part %u: batches numbered from part << 40 in order", k);
        *busy += all->n > before;
    }
    return planned;
}

/* One reader's records of path against those of its parts, R = 1..5,
 * framed by the parts and in chunks; `split`: the file is cut (R >= 2
 * planned parts, and more than one reads records). */
static void expect_parts_like_one(const char *name, const char *format, bool split)
{
    const char *path = in_dir(dir, name);
    got one = { 0 };
    ingest_chunked(&one, path, format, 0);
    cr_assert_gt(one.n, 2, "%s: %zu records", name, one.n);
    static const size_t chunks[] = { 0, 16384 };
    for (unsigned r = 1; r <= 5; r++)
        for (size_t c = 0; c < 2; c++) {
            cs_ingest_options o = options(format, chunks[c], false);
            got all;
            unsigned busy;
            unsigned planned = read_parts(path, &o, r, &all, &busy);
            char what[700];
            snprintf(what, sizeof what, "%s in %u parts (chunks of %zu)", name, r, chunks[c]);
            expect_same_records(&one, &all, what);
            cr_expect_eq(atomic_load(&all.st.bytes_read), atomic_load(&one.st.bytes_read), "%s: bytes read", what);
            cr_expect(atomic_load(&all.st.finished), "%s: finished", what);
            if (split && r > 1) {
                cr_expect_eq(planned, r, "%s: planned %u parts", what, planned);
                cr_expect_gt(busy, 1, "%s: %u parts read records", what, busy);
            }
            free(all.v);
        }
    free(one.v);
}

/* An input with nothing to cut it at, read in n parts anyway: the first
 * reads it all, as one reader. */
static void expect_first_part_reads_all(const char *name, unsigned n)
{
    got one = { 0 }, all;
    ingest_chunked(&one, in_dir(dir, name), NULL, 0);
    cs_ingest_options o = options(NULL, 0, false);
    unsigned busy;
    read_parts(in_dir(dir, name), &o, n, &all, &busy);
    expect_same_records(&one, &all, name);
    cr_expect_eq(busy, 1, "%s: %u parts read records", name, busy);
    free(one.v);
    free(all.v);
}

Test(ranges, pem_parts_give_the_records_of_one_reader)
{
    make_pem("t.pem", true);
    expect_parts_like_one("t.pem", NULL, true);
    make_pem("plain.pem", false);
    expect_parts_like_one("plain.pem", NULL, true);
    expect_parts_like_one("plain.pem", "pem", true);
}

Test(ranges, base64_lines_parts_give_the_records_of_one_reader)
{
    make_b64("t.b64", true);
    expect_parts_like_one("t.b64", "base64", true);
    make_b64("plain.b64", false);
    expect_parts_like_one("plain.b64", NULL, true);
}

Test(ranges, json_lines_parts_give_the_records_of_one_reader)
{
    make_jsonl("t.jsonl", true);
    expect_parts_like_one("t.jsonl", "jsonl", true);
    make_jsonl("plain.jsonl", false);
    expect_parts_like_one("plain.jsonl", NULL, true);
}

Test(ranges, csv_parts_give_the_records_of_one_reader)
{
    /* The header line is skipped by the first part only: later parts
     * know their line numbers. */
    make_csv("t.csv", true);
    expect_parts_like_one("t.csv", "csv", true);
    make_csv("plain.csv", false);
    expect_parts_like_one("plain.csv", NULL, true);
}

/* Parts running together, as in a scan: they share their newline counts
 * (each counted once, waited for when another part is counting it). */
typedef struct part_run {
    const char *path;
    const cs_ingest_options *o;
    unsigned k, n;
    cs_ingest_stats *st;
    got g;
} part_run;

static void *run_part(void *arg)
{
    part_run *r = arg;
    r->g.seq_ok = true;
    r->g.next_seq = (uint64_t)r->k << 40;
    bool finished;
    r->g.ret = cs_ingest_run_part(r->path, 7, r->k, r->n, r->o, got_sink, &r->g, r->st, &finished, r->g.err,
                                  sizeof r->g.err);
    return NULL;
}

Test(ranges, parts_read_together_give_the_records_of_one_reader)
{
    make_pem("t.pem", true);
    make_csv("t.csv", true);
    const char *names[] = { "t.pem", "t.csv" };
    for (size_t i = 0; i < 2; i++) {
        const char *path = in_dir(dir, names[i]);
        got one = { 0 };
        ingest_chunked(&one, path, NULL, 0);
        for (unsigned n = 2; n <= 5; n++) {
            cs_ingest_options o = options(NULL, 0, true);
            cs_ingest_stats st;
            memset(&st, 0, sizeof st);
            cr_assert_eq(cs_ingest_parts(path, &o, n * CS_PLAIN_PART_READERS, &st), n);
            part_run runs[5];
            pthread_t th[5];
            for (unsigned k = 0; k < n; k++) {
                runs[k] = (part_run){ .path = path, .o = &o, .k = k, .n = n, .st = &st };
                cr_assert_eq(pthread_create(&th[k], NULL, run_part, &runs[k]), 0);
            }
            got all = { 0 };
            for (unsigned k = 0; k < n; k++) {
                pthread_join(th[k], NULL);
                cr_assert(runs[k].g.ret, "%s", runs[k].g.err);
                cr_expect(runs[k].g.seq_ok);
                for (size_t r = 0; r < runs[k].g.n; r++) {
                    if (all.n == all.cap) {
                        all.cap = all.cap ? 2 * all.cap : 256;
                        all.v = realloc(all.v, all.cap * sizeof *all.v);
                        cr_assert_not_null(all.v);
                    }
                    all.v[all.n++] = runs[k].g.v[r];
                }
                free(runs[k].g.v);
            }
            all.st.records = atomic_load(&st.records);
            memcpy(all.st.incomplete, st.incomplete, sizeof st.incomplete);
            char what[700];
            snprintf(what, sizeof what, "%s in %u parts together", names[i], n);
            expect_same_records(&one, &all, what);
            cr_expect(atomic_load(&st.finished), "%s", what);
            cr_expect_null(st.part_lines, "%s: the shared counts are freed", what);
            cr_expect(memcmp(st.sha256, one.st.sha256, 32) == 0, "%s: the digest", what);
            free(all.v);
        }
        free(one.v);
    }
}

Test(ranges, crlf_truncated_and_damaged_files_give_the_records_of_one_reader)
{
    make_pem("p.pem", false);
    make_jsonl("j.jsonl", false);
    /* Every line ending CRLF; the last record cut short; bytes of every
     * value (newlines, NULs, END lines, halves of records) overwritten in
     * four places. */
    cr_assert_eq(run("cd %s && sed 's/$/\\r/' p.pem > crlf.pem && sed 's/$/\\r/' j.jsonl > crlf.jsonl && "
                     "head -c $(($(stat -c %%s p.pem) - 100)) p.pem > short.pem && "
                     "head -c $(($(stat -c %%s j.jsonl) - 100)) j.jsonl > short.jsonl",
                     dir),
                 0, "%s", err);
    expect_parts_like_one("crlf.pem", NULL, true);
    expect_parts_like_one("crlf.jsonl", NULL, true);
    expect_parts_like_one("short.pem", NULL, true);
    expect_parts_like_one("short.jsonl", NULL, true);
    const char *src[] = { "p.pem", "j.jsonl" };
    uint64_t seed = 0x9e3779b97f4a7c15u;
    for (int round = 0; round < 6; round++) {
        size_t n;
        uint8_t *p = cs_test_read_file(in_dir(dir, src[round % 2]), &n);
        for (int k = 0; k < 4; k++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            size_t at = (size_t)(seed >> 33) % (n - 64);
            static const char *const junk[] = { "\n\n\n", "\0\0\0\0", "\n-----END CERTIFICATE-----\n",
                                                "-----BEGIN CERTIFICATE-----\n", "{\"raw\": \"MII", "\r" };
            const char *j = junk[(seed >> 20) % 6];
            size_t jl = j[0] ? strlen(j) : 4;
            memcpy(p + at, j, jl);
        }
        FILE *f = create(round % 2 ? "hurt.jsonl" : "hurt.pem");
        fwrite(p, 1, n, f);
        fclose(f);
        free(p);
        expect_parts_like_one(round % 2 ? "hurt.jsonl" : "hurt.pem", round % 2 ? "jsonl" : "pem", true);
    }
}

Test(ranges, lines_of_megabytes_and_no_boundary_at_all, .timeout = 300)
{
    /* A JSON line of 3 MB in the middle: the parts around it agree on
     * where it ends. */
    FILE *f = create("long.jsonl");
    for (size_t i = 0; i < n_certs; i++) {
        if (i == n_certs / 2) {
            fputs("{\"raw\": \"", f);
            for (int k = 0; k < 3 << 20; k++)
                fputc('A', f);
            fputs("\"}\n", f);
        }
        fputs("{\"raw\": \"", f);
        put_b64(f, &certs[i], WHOLE, "");
        fputs("\"}\n", f);
    }
    fclose(f);
    expect_parts_like_one("long.jsonl", NULL, false);
    /* No newline at all after the first line: no boundary, the first
     * part reads it all. */
    f = create("flat.pem");
    fputs("-----BEGIN CERTIFICATE-----\n", f);
    for (int k = 0; k < 3 << 20; k++)
        fputc('A', f);
    fclose(f);
    expect_first_part_reads_all("flat.pem", 4);
}

Test(ranges, what_is_not_cut)
{
    make_pem("p.pem", false);
    make_der("d.der", false);
    cr_assert_eq(run("cd %s && gzip -k p.pem && head -c 100000 p.pem > small.pem && "
                     "{ printf '{\"entries\": ['; i=0; while [ $i -lt 3000 ]; do "
                     "printf '{\"leaf_input\": \"AAAA\", \"extra_data\": \"AAAA\"},'; i=$((i + 1)); done; "
                     "printf '{\"leaf_input\": \"AAAA\", \"extra_data\": \"\"}]}'; } > ct.json",
                     dir),
                 0, "%s", err);
    cs_ingest_options o = options(NULL, 0, false);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem"), &o, 4 * CS_PLAIN_PART_READERS, NULL), 4);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem"), &o, CS_PLAIN_PART_READERS, NULL), 1,
                 "one reader cuts chunks for that many");
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem"), &o, 1, NULL), 1);
    /* DER: where a part starts is known only by walking every header
     * before it. */
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "d.der"), &o, 4, NULL), 1);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem.gz"), &o, 4, NULL), 1);
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "small.pem"), &o, 4, NULL), 1, "under two parts' worth");
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "ct.json"), &o, 4, NULL), 1);
    /* A sharded scan's units are byte ranges already. */
    cs_ingest_options shard = o;
    shard.unit_filter = (cs_unit_filter)1;
    cr_expect_eq(cs_ingest_parts(in_dir(dir, "p.pem"), &shard, 4, NULL), 1);
    /* DER read in parts anyway (unplanned): the first part reads it all. */
    expect_first_part_reads_all("d.der", 3);
}

/* ---- the digest ------------------------------------------------------------ */

Test(ranges, parts_make_the_digest_of_one_reader)
{
    make_pem("p.pem", true);
    const char *path = in_dir(dir, "p.pem");
    got one = { 0 };
    ingest(&one, path); /* its digest: the file's SHA-256 (test_ingest_parts.c) */
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(one.st.digest_bytes, (uint64_t)sb.st_size);
    for (unsigned r = 2; r <= 4; r++) {
        cs_ingest_options o = options(NULL, 0, true);
        got all;
        unsigned busy;
        cr_expect_eq(read_parts(path, &o, r, &all, &busy), r, "with the digest wanted, the file is cut");
        expect_same_records(&one, &all, "digest");
        cr_expect_eq(all.st.digest_files, 1);
        cr_expect_eq(all.st.digest_bytes, one.st.digest_bytes);
        cr_expect(memcmp(all.st.sha256, one.st.sha256, 32) == 0, "%u parts: the digest of one reader", r);
        cr_expect_str_eq(all.st.incomplete, "");
        free(all.v);
    }
    free(one.v);
}

Test(ranges, a_file_that_changes_under_its_parts_is_incomplete)
{
    make_pem("p.pem", false);
    const char *path = in_dir(dir, "p.pem");
    cs_ingest_options o = options(NULL, 0, true);
    got all = { 0 };
    all.seq_ok = true;
    cr_assert_eq(cs_ingest_parts(path, &o, 2 * CS_PLAIN_PART_READERS, &all.st), 2);
    bool finished;
    cr_assert(cs_ingest_run_part(path, 7, 0, 2, &o, got_sink, &all, &all.st, &finished, all.err, sizeof all.err));
    cr_expect_str_eq(all.st.incomplete, "");
    cr_assert_eq(run("cd %s && cat p.pem >> p.pem.more && cat p.pem.more >> p.pem", dir), 0);
    all.next_seq = (uint64_t)1 << 40;
    cr_assert(cs_ingest_run_part(path, 7, 1, 2, &o, got_sink, &all, &all.st, &finished, all.err, sizeof all.err));
    cr_expect(strstr(all.st.incomplete, "changed while it was read") != NULL, "incomplete: '%s'", all.st.incomplete);
    free(all.v);
}

/* ---- whole scans ------------------------------------------------------------ */

Test(ranges, reports_and_state_are_the_same_at_any_thread_count)
{
    make_pem("p.pem", true);
    make_jsonl("j.jsonl", true);
    cr_assert_eq(run("cd %s && cat p.pem p.pem p.pem > big.pem && cat j.jsonl j.jsonl j.jsonl > big.jsonl", dir), 0);
    const char *bin = cs_test_certsweep();
    const char *inputs[] = { "big.pem", "big.jsonl" };
    for (size_t i = 0; i < 2; i++) {
        cr_assert_eq(run("cd %s && %s scan -q -j1 -o rep1 --state s1 %s", dir, bin, inputs[i]), 0, "%s", err);
        cr_assert_eq(run("cd %s && %s scan -q -j8 -o rep4 --state s4 %s && %s scan -q -j8 -o rep4n %s", dir, bin,
                         inputs[i], bin, inputs[i]),
                     0, "%s", err);
        cr_expect_eq(run("cd %s && diff -r rep1 rep4 && diff -r rep1 rep4n", dir), 0, "%s: %.2000s", inputs[i], out);
        /* The states hold the same input digest: merging them is refused,
         * naming the file's SHA-256. */
        cr_expect_eq(run("cd %s && %s merge -o m s1 s4", dir, bin), 1);
        char want[65];
        size_t n;
        uint8_t *bytes = cs_test_read_file(in_dir(dir, inputs[i]), &n);
        hex_sha(bytes, n, want);
        free(bytes);
        cr_expect(strstr(err, want) != NULL, "%s: the merge names the SHA-256 %s: %s", inputs[i], want, err);
        run("cd %s && rm -rf rep1 rep4 rep4n s1 s4 m", dir);
    }
}
