/* Plain inputs made from the real certificates carried in the tree
 * (tests/data/real-sample), with the traps of each format (markers in
 * text, CRLF, one-line PEM, quoted newlines, bad records), for the tests
 * of chunked framing and of parts; and the comparison of the records of
 * two ways of reading one input.  The including test defines nothing:
 * `dir` (its temp dir) and the certificates are here. */
#ifndef CS_TEST_PLAIN_INPUTS_H
#define CS_TEST_PLAIN_INPUTS_H

#include "test_ingest_util.h"

static char dir[512];

typedef struct blob {
    uint8_t *p;
    size_t n;
} blob;

static blob certs[1024];
static size_t n_certs;

/* The sample's certificates, in certs[] (at least 300). */
static void load_certs(void)
{
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

static void free_certs(void)
{
    for (size_t i = 0; i < n_certs; i++)
        free(certs[i].p);
    n_certs = 0;
}

/* The suite's .init and .fini: a temp dir and the certificates. */
static void plain_inputs_setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    load_certs();
}

static void plain_inputs_teardown(void)
{
    free_certs();
    char o[256], e[256];
    if (*dir)
        cs_test_runf(o, sizeof o, e, sizeof e, "rm -rf %s", dir);
}

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

/* ---- comparing records -------------------------------------------------- */

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

/* The record limit of ingest_chunked(), 0 for the default one. */
static size_t chunk_max_record;

static void ingest_chunked(got *g, const char *path, const char *format, size_t chunk)
{
    free(g->v);
    memset(g, 0, sizeof *g);
    g->seq_ok = true;
    cs_ingest_options o = { .format = format, .csv_column = -1, .chunk_bytes = chunk, .max_record = chunk_max_record };
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

#endif
