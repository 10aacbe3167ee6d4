/* Helpers for the ingest tests: run cs_ingest_run on a path and keep
 * every record with its decoded result; build inputs in a temp dir. */
#ifndef CS_TEST_INGEST_UTIL_H
#define CS_TEST_INGEST_UTIL_H

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/parts.h"
#include "rulecheck.h"
#include "runcmd.h"

typedef struct got_rec {
    int enc;
    char member[300];
    uint64_t offset, line;
    int64_t ct_index;
    bool ok, precert;
    size_t len;
    char sha[65];         /* of the decoded DER */
    char issuer_sha[65];  /* of cs_decoded.issuer_der, "" when none */
    int64_t ct_index_dec, ct_timestamp;
    char reason[400];     /* decode failure or CS_REC_ERROR text */
} got_rec;

typedef struct got {
    got_rec *v;
    size_t n, cap;
    size_t errors, decoded, failed, batches;
    bool ret, seq_ok;
    uint64_t next_seq;
    char err[512];
    cs_ingest_stats st;
} got;

static inline void hex_sha(const uint8_t *p, size_t n, char out[65])
{
    uint8_t d[32];
    SHA256(p, n, d);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static inline bool got_sink(void *ctx, cs_batch *b)
{
    got *g = ctx;
    cs_decode_scratch s = { 0 };
    g->batches++;
    if (b->seq != g->next_seq++)
        g->seq_ok = false;
    for (size_t i = 0; i < b->n; i++) {
        const cs_record *r = &b->recs[i];
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 256;
            g->v = realloc(g->v, g->cap * sizeof *g->v);
            cr_assert_not_null(g->v);
        }
        got_rec *x = &g->v[g->n++];
        memset(x, 0, sizeof *x);
        x->enc = r->encoding;
        snprintf(x->member, sizeof x->member, "%s", cs_batch_member(b, r));
        x->offset = r->origin.offset;
        x->line = r->origin.line;
        x->ct_index = r->origin.ct_index;
        cr_expect_eq(r->origin.input, b->input);
        if (r->encoding == CS_REC_ERROR) {
            g->errors++;
            snprintf(x->reason, sizeof x->reason, "%.*s", (int)r->data_len, (const char *)b->data + r->data_off);
            continue;
        }
        cs_decoded d;
        x->ok = cs_record_decode(b, r, &s, &d, x->reason, sizeof x->reason);
        if (!x->ok) {
            g->failed++;
            continue;
        }
        g->decoded++;
        x->len = d.len;
        x->precert = d.precert;
        x->ct_index_dec = d.ct_index;
        x->ct_timestamp = d.ct_timestamp;
        hex_sha(d.der, d.len, x->sha);
        if (d.issuer_der)
            hex_sha(d.issuer_der, d.issuer_len, x->issuer_sha);
    }
    cs_decode_scratch_free(&s);
    cs_batch_free(b);
    return true;
}

/* qsort order of records: by member, offset, encoding, then reason. */
static inline int got_rec_order(const void *a, const void *b)
{
    const got_rec *x = a, *y = b;
    int c = strcmp(x->member, y->member);
    if (c)
        return c;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    if (x->enc != y->enc)
        return x->enc - y->enc;
    return strcmp(x->reason, y->reason);
}

static inline void ingest_opt(got *g, const char *path, const cs_ingest_options *o)
{
    free(g->v);
    memset(g, 0, sizeof *g);
    g->seq_ok = true;
    g->ret = cs_ingest_run(path, 7, o, got_sink, g, &g->st, g->err, sizeof g->err);
}

static inline void ingest(got *g, const char *path)
{
    cs_ingest_options o = { .csv_column = -1 };
    ingest_opt(g, path, &o);
}

/* A folder of certificate files, read recursively: each one record, each
 * decoded. */
/* Parts 0..n-1 of path read one after another with shared stats, planned
 * first as the scan plans them (cs_ingest_parts with n readers, whose
 * answer is returned); the records in *all, sorted (got_rec_order), each
 * part's count in counts[] and each record passed to check(part, record)
 * when check is not NULL.  Every part numbers its batches from part << 40. */
static inline unsigned read_parts_of(const char *path, const cs_ingest_options *o, unsigned n, got *all,
                                     cs_ingest_stats *st, size_t *counts, void (*check)(unsigned, const got_rec *))
{
    memset(all, 0, sizeof *all);
    memset(st, 0, sizeof *st);
    unsigned planned = cs_ingest_parts(path, o, n, st);
    for (unsigned k = 0; k < n; k++) {
        got g = { 0 };
        g.seq_ok = true;
        g.next_seq = (uint64_t)k << 40;
        bool finished = false;
        g.ret = cs_ingest_run_part(path, 7, k, n, o, got_sink, &g, st, &finished, g.err, sizeof g.err);
        cr_assert(g.ret, "%s part %u: %s", path, k, g.err);
        cr_expect(g.seq_ok, "part %u: batches numbered from part << 40 in order", k);
        counts[k] = g.n;
        for (size_t i = 0; i < g.n; i++) {
            if (check)
                check(k, &g.v[i]);
            if (all->n == all->cap) {
                all->cap = all->cap ? 2 * all->cap : 256;
                all->v = realloc(all->v, all->cap * sizeof *all->v);
                cr_assert_not_null(all->v);
            }
            all->v[all->n++] = g.v[i];
        }
        free(g.v);
    }
    qsort(all->v, all->n, sizeof *all->v, got_rec_order);
    return planned;
}

static inline void expect_tree_decodes(got *g, const char *dir, size_t files)
{
    ingest(g, dir);
    cr_assert(g->ret, "%s", g->err);
    cr_expect_eq(g->n, files);
    cr_expect_eq(g->decoded, files);
    cr_expect_eq(g->errors, 0);
}

/* Runs a shell command built from fmt; the test fails if it fails. */
static inline void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    cr_assert_eq(rc, 0, "command failed (%d): %s", rc, cmd);
}

/* The basename without ".der" of a corpus member path. */
static inline const char *sha_of_name(const char *member, char out[65])
{
    const char *b = strrchr(member, '/');
    b = b ? b + 1 : member;
    snprintf(out, 65, "%.64s", b);
    return out;
}

/* dir/name, in one of four rotating buffers (so a few can be used in one
 * call). */
static inline char *in_dir(const char *dir, const char *name)
{
    static char p[4][700];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

/* The first record that failed with needle in its reason, or NULL. */
static inline const got_rec *find_error(const got *x, const char *needle)
{
    for (size_t i = 0; i < x->n; i++)
        if (!x->v[i].ok && strstr(x->v[i].reason, needle))
            return &x->v[i];
    return NULL;
}

/* n self-signed certificates (EC keys: quick to make) made with OpenSSL
 * in dir: c0.pem, c0.der, c1.pem ... (no ../shared needed). */
static inline void make_certs(const char *dir, int n)
{
    sh("cd %s && i=0; while [ $i -lt %d ]; do "
       "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k$i.pem "
       "-out c$i.pem -subj /CN=made-$i -days 30 2>/dev/null && "
       "openssl x509 -in c$i.pem -outform DER -out c$i.der || exit 1; i=$((i + 1)); done",
       dir, n);
}

/* A temp dir holding the first n certificates of a corpus source as
 * <sha>.der (list in order in dir/list). */
static inline void pick_certs(const char *dir, const char *source, int n)
{
    sh("mkdir -p %s/certs && ls %s/corpus/real/%s | head -n %d > %s/list && "
       "while read f; do cp %s/corpus/real/%s/$f %s/certs/; done < %s/list",
       dir, cs_test_sample_dir(), source, n, dir, cs_test_sample_dir(), source, dir, dir);
}

#endif
