/* Record-boundary resynchronisation (src/ingest/resync.h): every boundary
 * it finds is one where the serial framer is between records, shown by
 * framing the bytes before it and the bytes after it separately and
 * getting exactly the records of the whole input (same bytes, offsets
 * and line numbers); and the hostile cases, bytes that look like a
 * boundary inside a record, are not taken for one.  Inputs are made here
 * with OpenSSL. */
#include <openssl/evp.h>

#include "ingest/resync.h"
#include "test_ingest_util.h"

static char dir[512];
static uint8_t *der[3];
static size_t der_len[3];

static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    make_certs(dir, 3);
    for (int i = 0; i < 3; i++) {
        char name[24];
        snprintf(name, sizeof name, "c%d.der", i);
        der[i] = cs_test_read_file(in_dir(dir, name), &der_len[i]);
    }
}

static void teardown(void)
{
    for (int i = 0; i < 3; i++)
        free(der[i]);
    if (*dir)
        sh("rm -rf %s", dir);
}

TestSuite(resync, .init = setup, .fini = teardown, .timeout = 300);

/* ---- building inputs ---------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        cr_assert_not_null(b->p);
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

/* Base64 of certificate i on one line (no newline). */
static void put_b64(buf *b, int i)
{
    char *out = malloc(der_len[i] * 2 + 4);
    cr_assert_not_null(out);
    int n = EVP_EncodeBlock((unsigned char *)out, der[i], (int)der_len[i]);
    put(b, out, (size_t)n);
    free(out);
}

/* PEM body of certificate i in 64-column lines, each ending in eol. */
static void put_pem_body(buf *b, int i, const char *eol)
{
    buf one = { 0 };
    put_b64(&one, i);
    for (size_t k = 0; k < one.n; k += 64) {
        put(b, one.p + k, one.n - k < 64 ? one.n - k : 64);
        puts_(b, eol);
    }
    free(one.p);
}

/* ---- the serial framer as the oracle ------------------------------------- */

static void frame(const char *format, const void *p, size_t n, got *g)
{
    char *path = in_dir(dir, "frame.in");
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(p, 1, n, f), n);
    fclose(f);
    cs_ingest_options o = { .format = format, .csv_column = -1 };
    ingest_opt(g, path, &o);
    cr_assert(g->ret, "%s", g->err);
}

static size_t newlines(const uint8_t *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == '\n';
    return k;
}

static void expect_same(const got_rec *part, const got_rec *whole, uint64_t off, uint64_t lines)
{
    cr_expect_eq(part->enc, whole->enc, "record at %llu", (unsigned long long)whole->offset);
    cr_expect_eq(part->offset + off, whole->offset, "%llu + %llu vs %llu", (unsigned long long)part->offset,
                 (unsigned long long)off, (unsigned long long)whole->offset);
    cr_expect_eq(part->line ? part->line + lines : 0, whole->line, "line of the record at %llu",
                 (unsigned long long)whole->offset);
    cr_expect_eq(part->ok, whole->ok);
    cr_expect_str_eq(part->sha, whole->sha);
}

/* q is a boundary: [0, q) and [q, n) framed apart give the records of
 * the whole input, in order. */
static void expect_boundary(const char *format, const uint8_t *p, size_t n, const got *whole, size_t q)
{
    got pre = { 0 }, suf = { 0 };
    if (q > 0)
        frame(format, p, q, &pre);
    if (q < n)
        frame(format, p + q, n - q, &suf);
    cr_assert_eq(pre.n + suf.n, whole->n, "%s: split at %zu of %zu: %zu + %zu records, whole %zu", format, q, n,
                 pre.n, suf.n, whole->n);
    size_t lines = newlines(p, q);
    for (size_t i = 0; i < pre.n; i++)
        expect_same(&pre.v[i], &whole->v[i], 0, 0);
    for (size_t i = 0; i < suf.n; i++)
        expect_same(&suf.v[i], &whole->v[pre.n + i], q, lines);
    free(pre.v);
    free(suf.v);
}

/* Both functions from ~40 positions, each answer checked against the
 * serial framer; returns the number of distinct boundaries seen. */
static size_t check_format(const char *format, cs_resync_format fmt, const buf *in)
{
    const uint8_t *p = (const uint8_t *)in->p;
    size_t n = in->n;
    got whole = { 0 };
    frame(format, p, n, &whole);
    cr_assert_gt(whole.n, 2);
    size_t step = n / 40 + 1, distinct = 0, last_q = SIZE_MAX;
    for (size_t pos = 0; pos <= n; pos += step) {
        size_t q, q2;
        cr_assert_eq(cs_resync_next(fmt, p, n, pos, true, &q), CS_RESYNC_FOUND);
        cr_assert(q >= pos && q <= n, "%s: next(%zu) = %zu", format, pos, q);
        /* Without eof: the same boundary, or a request for more bytes. */
        cs_resync_status st = cs_resync_next(fmt, p, n, pos, false, &q2);
        if (q < n || st == CS_RESYNC_FOUND)
            cr_expect(st == CS_RESYNC_FOUND && q2 == q, "%s: next(%zu) without eof", format, pos);
        else /* or, DER, the walk met a bad header before pos */
            cr_expect((st == CS_RESYNC_MORE && q2 > n) || st == CS_RESYNC_BAD, "%s: next(%zu)", format, pos);
        if (q != last_q) {
            expect_boundary(format, p, n, &whole, q);
            distinct++;
            last_q = q;
        }
        if (pos == 0)
            continue;
        /* The chunk [0, pos) ends at its last boundary. */
        st = cs_resync_last(fmt, p, pos, false, &q);
        if (st == CS_RESYNC_FOUND) {
            cr_assert(q > 0 && q <= pos, "%s: last(%zu) = %zu", format, pos, q);
            expect_boundary(format, p, n, &whole, q);
        } else {
            cr_expect_eq(st, CS_RESYNC_MORE);
            cr_expect_gt(q, pos);
        }
    }
    free(whole.v);
    return distinct;
}

/* ---- PEM -------------------------------------------------------------- */

static const char *const PEM_B = "-----BEGIN CERTIFICATE-----";
static const char *const PEM_E = "-----END CERTIFICATE-----";

static void put_pem(buf *b, int i, const char *eol)
{
    puts_(b, PEM_B);
    puts_(b, eol);
    put_pem_body(b, i, eol);
    puts_(b, PEM_E);
    puts_(b, eol);
}

/* A PEM stream with the traps of the format between ordinary blocks. */
static void hostile_pem(buf *b)
{
    puts_(b, "Certificate:\n    Data: text around the blocks, -----END CERTIFICATE----- in it\n");
    put_pem(b, 0, "\n");
    /* Markers inside a skipped key block: the framer ignores the BEGIN and
     * leaves the block at the first END, whatever its label. */
    puts_(b, "-----BEGIN PRIVATE KEY-----\nComment: -----BEGIN CERTIFICATE-----\n");
    puts_(b, "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n");
    puts_(b, "x -----END CERTIFICATE-----\n-----END PRIVATE KEY-----\n");
    put_pem(b, 1, "\r\n");
    /* A BEGIN in a header cuts the block short. */
    puts_(b, "-----BEGIN CERTIFICATE-----\nProc-Type: 4 -----BEGIN CERTIFICATE-----\n");
    put_pem_body(b, 2, "\n");
    puts_(b, "-----END CERTIFICATE-----   \t\n");
    /* One-line PEM, and a BEGIN whose label swallows an END's dashes. */
    puts_(b, PEM_B);
    put_b64(b, 0);
    puts_(b, PEM_E);
    puts_(b, "\n-----BEGIN -----END CERTIFICATE-----\n");
    put_pem(b, 2, "\n");
    puts_(b, "-----BEGIN CERTIFICATE-----\n");
    put_pem_body(b, 0, "\n");
    puts_(b, "-----END X509 CERTIFICATE-----\n");
    put_pem(b, 1, "\n");
    puts_(b, "trailing text without a newline");
}

Test(resync, pem_boundaries_are_the_serial_framers)
{
    buf b = { 0 };
    hostile_pem(&b);
    cr_expect_geq(check_format("pem", CS_RESYNC_PEM, &b), 5);
    free(b.p);
}

Test(resync, pem_markers_off_the_start_of_a_line_are_not_boundaries)
{
    buf b = { 0 };
    puts_(&b, "-----BEGIN CERTIFICATE-----\nComment: -----END CERTIFICATE-----\n");
    size_t after_comment = b.n;
    put_pem_body(&b, 0, "\n");
    puts_(&b, PEM_E);
    puts_(&b, "\n");
    size_t after_end = b.n;
    put_pem(&b, 1, "\n");
    const uint8_t *p = (const uint8_t *)b.p;
    size_t q;
    cr_assert_eq(cs_resync_next(CS_RESYNC_PEM, p, b.n, 0, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, after_end, "boundary %zu, the comment ends at %zu", q, after_comment);
    /* "-----BEGIN -----END CERTIFICATE-----": the BEGIN's label takes the
     * END's dashes, so the framer is in a skipped block after it. */
    const char *swallow = "x\n-----BEGIN -----END CERTIFICATE-----\nMIIB\n";
    cr_expect_eq(cs_resync_next(CS_RESYNC_PEM, (const uint8_t *)swallow, strlen(swallow), 0, false, &q),
                 CS_RESYNC_MORE);
    /* The bytes before the window are unknown: an END line that starts the
     * window is not seen whole, one after a newline is. */
    const char *end = "-----END CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\r\n";
    cr_assert_eq(cs_resync_next(CS_RESYNC_PEM, (const uint8_t *)end, strlen(end), 0, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, strlen(end));
    /* last: the window starts at a boundary, so its first line counts. */
    cr_assert_eq(cs_resync_last(CS_RESYNC_PEM, (const uint8_t *)end, 27, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, 26);
    free(b.p);
}

Test(resync, pem_end_line_cut_by_the_window_needs_more)
{
    const char *s = "abc\n-----END CERTIFICATE-----\n";
    size_t q;
    for (size_t n = 5; n < strlen(s); n++) {
        cr_expect_eq(cs_resync_next(CS_RESYNC_PEM, (const uint8_t *)s, n, 0, false, &q), CS_RESYNC_MORE, "n=%zu", n);
        cr_expect_gt(q, n);
        cr_expect_eq(cs_resync_next(CS_RESYNC_PEM, (const uint8_t *)s, n, 0, true, &q), CS_RESYNC_FOUND);
        cr_expect_eq(q, n, "at the end of the input, its end");
    }
}

/* ---- DER -------------------------------------------------------------- */

Test(resync, der_walks_the_headers_from_the_start)
{
    buf b = { 0 };
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < 3; i++)
            put(&b, der[i], der_len[i]);
    cr_expect_geq(check_format("der", CS_RESYNC_DER, &b), 10);
    /* The element's end is known from its header alone: the walk asks
     * for the next header only. */
    const uint8_t *p = (const uint8_t *)b.p;
    size_t q;
    cr_assert_eq(cs_resync_next(CS_RESYNC_DER, p, 8, 1, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, der_len[0]);
    cr_assert_eq(cs_resync_next(CS_RESYNC_DER, p, der_len[0] + 1, der_len[0] + 1, false, &q), CS_RESYNC_MORE);
    cr_expect_eq(q, der_len[0] + 10, "header of the second element at %zu - 10", q);
    cr_expect_eq(cs_resync_last(CS_RESYNC_DER, p, der_len[0] - 1, false, &q), CS_RESYNC_MORE);
    cr_expect_eq(q, der_len[0]);
    free(b.p);
}

Test(resync, der_stops_at_a_header_that_is_not_a_sequence)
{
    buf b = { 0 };
    put(&b, der[0], der_len[0]);
    put(&b, der[1], der_len[1]);
    puts_(&b, "\x02\x01\x05 not DER at all, -----END CERTIFICATE-----\n");
    cr_expect_geq(check_format("der", CS_RESYNC_DER, &b), 2);
    const uint8_t *p = (const uint8_t *)b.p;
    size_t q, bad = der_len[0] + der_len[1];
    cr_assert_eq(cs_resync_last(CS_RESYNC_DER, p, b.n, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, bad, "the chunk ends where the bad header starts");
    cr_assert_eq(cs_resync_last(CS_RESYNC_DER, p + bad, b.n - bad, false, &q), CS_RESYNC_BAD);
    cr_expect_eq(q, 0);
    cr_assert_eq(cs_resync_next(CS_RESYNC_DER, p, b.n, bad + 1, false, &q), CS_RESYNC_BAD);
    cr_expect_eq(q, bad);
    /* Indefinite lengths (BER) and high tag numbers are not DER either. */
    const uint8_t ber[] = { 0x30, 0x80, 0x00, 0x00 }, hi[] = { 0x3f, 0x01, 0x00 };
    cr_expect_eq(cs_resync_next(CS_RESYNC_DER, ber, sizeof ber, 1, false, &q), CS_RESYNC_BAD);
    cr_expect_eq(cs_resync_next(CS_RESYNC_DER, hi, sizeof hi, 1, false, &q), CS_RESYNC_BAD);
    free(b.p);
}

/* ---- line formats ----------------------------------------------------- */

Test(resync, base64_lines)
{
    buf b = { 0 };
    puts_(&b, "# one certificate per line\n\n");
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 3; i++) {
            put_b64(&b, i);
            puts_(&b, i == 1 ? "\r\n" : i == 2 ? "  \t\n" : "\n");
        }
    puts_(&b, "MIInot base64 at all: counted as a record that does not decode, no boundary inside\n");
    put_b64(&b, 0);
    cr_expect_geq(check_format("base64", CS_RESYNC_BASE64_LINES, &b), 8);
    free(b.p);
}

Test(resync, json_lines_never_split_inside_a_string)
{
    buf b = { 0 };
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 3; i++) {
            /* An escaped newline and a record-looking object inside a
             * string: a JSON string cannot hold a raw newline. */
            puts_(&b, "{\"note\": \"line\\nbreak {\\\"raw\\\": \\\"MII\\\"}\\n\", \"raw\": \"");
            put_b64(&b, i);
            puts_(&b, "\"}\n");
            if (i == 1)
                puts_(&b, "\n");
        }
    size_t q;
    cr_assert_eq(cs_resync_next(CS_RESYNC_JSON_LINES, (const uint8_t *)b.p, b.n, 1, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(b.p[q - 1], '\n');
    cr_expect_eq(b.p[q], '{', "the next line, not the escaped \\n at %zu", q);
    cr_expect_geq(check_format("jsonl", CS_RESYNC_JSON_LINES, &b), 8);
    free(b.p);
}

Test(resync, csv_lines)
{
    buf b = { 0 };
    puts_(&b, "sha1,base64\r\n");
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 3; i++) {
            puts_(&b, i == 2 ? "\"0a1b\",\"" : "0a1b,");
            put_b64(&b, i);
            puts_(&b, i == 2 ? "\"\r\n" : "\n");
        }
    cr_expect_geq(check_format("csv", CS_RESYNC_CSV, &b), 8);
    free(b.p);
}

Test(resync, csv_quoted_newline_is_a_boundary_as_for_the_framer)
{
    /* The framer frames one record per physical line, quoted or not:
     * the newline inside the quotes ends a record for it too. */
    buf b = { 0 };
    puts_(&b, "sha1,base64\n0a1b,");
    put_b64(&b, 0);
    puts_(&b, "\n\"0a,\n1b\",");
    size_t inside = b.n - 5;
    put_b64(&b, 1);
    puts_(&b, "\n");
    const uint8_t *p = (const uint8_t *)b.p;
    size_t q;
    cr_assert_eq(cs_resync_next(CS_RESYNC_CSV, p, b.n, inside, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, inside + 1);
    got g = { 0 };
    frame("csv", p, b.n, &g);
    bool record_there = false;
    for (size_t i = 0; i < g.n; i++)
        record_there |= g.v[i].offset == q;
    cr_expect(record_there, "the serial framer starts a record at %zu", q);
    free(g.v);
    free(b.p);
}

Test(resync, line_formats_need_a_newline)
{
    const uint8_t s[] = "MIIBxyz";
    size_t q;
    cr_expect_eq(cs_resync_next(CS_RESYNC_BASE64_LINES, s, 7, 0, false, &q), CS_RESYNC_MORE);
    cr_expect_eq(cs_resync_last(CS_RESYNC_JSON_LINES, s, 7, false, &q), CS_RESYNC_MORE);
    cr_expect_eq(cs_resync_last(CS_RESYNC_CSV, s, 7, true, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, 7);
    /* A boundary at pos needs the '\n' before it in the window. */
    const uint8_t t[] = "ab\ncd\n";
    cr_assert_eq(cs_resync_next(CS_RESYNC_CSV, t, 6, 3, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, 3);
    cr_assert_eq(cs_resync_next(CS_RESYNC_CSV, t + 3, 3, 0, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, 3);
}

/* ---- CT get-entries JSON -------------------------------------------------- */

Test(resync, ct_json_entry_objects)
{
    const char *s = "{\"entries\":[{\"leaf_input\":\"AAA\",\"extra_data\":\"{\\\"leaf_input\\\":1}\"},\n"
                    "  { \"extra_data\" : \"B\", \"leaf_input\": \"C\" },{\"leaf_inputs\":1},"
                    "{\"x\":{\"leaf_input\" ,1}}]}";
    const uint8_t *p = (const uint8_t *)s;
    size_t n = strlen(s), q;
    const char *second = strstr(s, "{ \"extra_data\"");
    cr_assert_eq(cs_resync_next(CS_RESYNC_CT_JSON, p, n, 0, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, 12);
    /* The escaped object inside the first entry's string is not one. */
    cr_assert_eq(cs_resync_next(CS_RESYNC_CT_JSON, p, n, 13, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, (size_t)(second - s));
    cr_expect_eq(cs_resync_next(CS_RESYNC_CT_JSON, p, n, q + 1, false, &q), CS_RESYNC_MORE);
    cr_assert_eq(cs_resync_last(CS_RESYNC_CT_JSON, p, n, false, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, (size_t)(second - s));
    /* A key cut by the window: more bytes decide. */
    cr_expect_eq(cs_resync_next(CS_RESYNC_CT_JSON, p, 20, 1, false, &q), CS_RESYNC_MORE);
    cr_assert_eq(cs_resync_next(CS_RESYNC_CT_JSON, p, 20, 1, true, &q), CS_RESYNC_FOUND);
    cr_expect_eq(q, 20);
}

Test(resync, ct_json_bare_entries_split_as_the_framer_frames)
{
    buf b = { 0 };
    for (int i = 0; i < 9; i++) {
        puts_(&b, i % 2 ? "{ \"extra_data\": \"{\\\"leaf_input\\\": \\\"x\\\"}\", \"leaf_input\": \"AAAA\" }\n"
                        : "{\"leaf_input\":\"AAAB\",\"extra_data\":\"\"}");
    }
    cr_expect_geq(check_format("ct-json", CS_RESYNC_CT_JSON, &b), 8);
    free(b.p);
}

Test(resync, format_names)
{
    cs_resync_format f;
    cr_expect(cs_resync_format_of("pem", &f) && f == CS_RESYNC_PEM);
    cr_expect(cs_resync_format_of("ct-json", &f) && f == CS_RESYNC_CT_JSON);
    cr_expect(cs_resync_format_of("base64", &f) && f == CS_RESYNC_BASE64_LINES);
    cr_expect(!cs_resync_format_of("tile", &f));
    for (size_t i = 0; i < cs_format_count(); i++) {
        const char *name = cs_format_get(i)->name;
        cr_expect(cs_resync_format_of(name, &f) || strcmp(name, "tile") == 0 || strcmp(name, "auto") == 0, "%s",
                  name);
    }
}
