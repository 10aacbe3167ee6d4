/* End to end: certsweep-gen writes a corpus with known violations in every
 * format; certsweep scan must report exactly the ground truth per issuer
 * and rule (no more, no less) and the right certificate count per issuer,
 * for the default mix and for one where every S/MIME, TLS and RFC 5280
 * mistake is made.
 * Also: the generator is deterministic, and the converter/sampler round-trip
 * the generator's own outputs byte for byte.  (certsweep-convert keeps only
 * the first chain certificate: that is all the ingest layer hands over.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runcmd.h"

#define MAXROWS 4096

/* Splits one CSV line (RFC 4180 quotes) into at most n fields, in place. */
static int csv_split(char *line, char **f, int n)
{
    int k = 0;
    char *p = line, *w;
    while (k < n) {
        f[k++] = w = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"')
                    *w++ = '"', p += 2;
                else if (*p == '"') {
                    p++;
                    break;
                } else if (!*p)
                    break;
                else
                    *w++ = *p++;
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',' && *p != '\r' && *p != '\n')
                *w++ = *p++;
        }
        bool more = *p == ',';
        *w = 0;
        if (!more)
            break;
        p++;
    }
    return k;
}

static int col(char **hdr, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(hdr[i], name))
            return i;
    cr_assert_fail("column %s missing", name);
    return -1;
}

typedef struct row {
    char key[160];
    unsigned long long v;
} row;

typedef struct table {
    size_t n;
    row r[MAXROWS];
} table;

static void put(table *t, const char *a, const char *b, unsigned long long v)
{
    cr_assert_lt(t->n, MAXROWS);
    snprintf(t->r[t->n].key, sizeof t->r[0].key, "%s|%s", a, b);
    t->r[t->n++].v = v;
}

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const row *)a)->key, ((const row *)b)->key);
}

/* Sorts and sums rows with the same key: certsweep keys issuers by DN + AKI,
 * the ground truth by CN (a self-signed root without AKI and the CAs it
 * issued are two certsweep issuers with one CN). */
static void sort_merge(table *t)
{
    qsort(t->r, t->n, sizeof t->r[0], cmp_row);
    size_t w = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (w && !strcmp(t->r[w - 1].key, t->r[i].key))
            t->r[w - 1].v += t->r[i].v;
        else
            t->r[w++] = t->r[i];
    }
    t->n = w;
}

/* Reads the generator's truth files: (cn|rule) -> failed, (cn|*) -> certificates. */
static void read_truth(const char *dir, table *t)
{
    char path[1200], line[1024], *f[8];
    snprintf(path, sizeof path, "%s/ground_truth.csv", dir);
    FILE *g = fopen(path, "r");
    cr_assert_not_null(g, "%s", path);
    fgets(line, sizeof line, g);
    while (fgets(line, sizeof line, g))
        if (csv_split(line, f, 8) == 3)
            put(t, f[0], f[1], strtoull(f[2], NULL, 10));
    fclose(g);
    snprintf(path, sizeof path, "%s/issuers.csv", dir);
    g = fopen(path, "r");
    cr_assert_not_null(g);
    fgets(line, sizeof line, g);
    while (fgets(line, sizeof line, g))
        if (csv_split(line, f, 8) == 2)
            put(t, f[0], "*certificates", strtoull(f[1], NULL, 10));
    fclose(g);
    qsort(t->r, t->n, sizeof t->r[0], cmp_row);
}

/* Reads certsweep's report the same way (issuer CN via issuers.csv). */
static void read_report(const char *out, table *t)
{
    static char ids[256][24], cns[256][96];
    size_t n_ids = 0;
    char path[1200], line[8192], *f[32];
    snprintf(path, sizeof path, "%s/issuers.csv", out);
    FILE *g = fopen(path, "r");
    cr_assert_not_null(g, "%s", path);
    fgets(line, sizeof line, g);
    int nh = csv_split(line, f, 32);
    int c_id = col(f, nh, "issuer_id"), c_cn = col(f, nh, "issuer_cn"), c_n = col(f, nh, "certificates");
    while (fgets(line, sizeof line, g) && n_ids < 256) {
        int k = csv_split(line, f, 32);
        cr_assert_gt(k, c_n);
        snprintf(ids[n_ids], sizeof ids[0], "%s", f[c_id]);
        snprintf(cns[n_ids], sizeof cns[0], "%s", f[c_cn]);
        put(t, cns[n_ids], "*certificates", strtoull(f[c_n], NULL, 10));
        n_ids++;
    }
    fclose(g);
    snprintf(path, sizeof path, "%s/issuer_rules.csv", out);
    g = fopen(path, "r");
    cr_assert_not_null(g, "%s", path);
    fgets(line, sizeof line, g);
    nh = csv_split(line, f, 32);
    int r_id = col(f, nh, "issuer_id"), r_rule = col(f, nh, "rule_id"), r_failed = col(f, nh, "failed");
    while (fgets(line, sizeof line, g)) {
        int k = csv_split(line, f, 32);
        cr_assert_gt(k, r_failed);
        unsigned long long v = strtoull(f[r_failed], NULL, 10);
        if (!v)
            continue;
        const char *cn = "?";
        for (size_t i = 0; i < n_ids; i++)
            if (!strcmp(ids[i], f[r_id]))
                cn = cns[i];
        put(t, cn, f[r_rule], v);
    }
    fclose(g);
    sort_merge(t);
}

static void expect_same(const table *want, const table *got, const char *fmt)
{
    size_t i = 0, j = 0;
    int bad = 0;
    while (i < want->n || j < got->n) {
        int c = i == want->n ? 1 : j == got->n ? -1 : strcmp(want->r[i].key, got->r[j].key);
        if (c < 0)
            cr_log_error("%s: %s expected %llu, certsweep reports none", fmt, want->r[i].key, want->r[i].v), i++, bad++;
        else if (c > 0)
            cr_log_error("%s: %s not expected, certsweep reports %llu", fmt, got->r[j].key, got->r[j].v), j++, bad++;
        else {
            if (want->r[i].v != got->r[j].v)
                cr_log_error("%s: %s expected %llu, certsweep reports %llu", fmt, want->r[i].key, want->r[i].v,
                             got->r[j].v), bad++;
            i++, j++;
        }
    }
    cr_expect_eq(bad, 0, "%s: %d differences from the ground truth", fmt, bad);
}

/* Runs certsweep-gen with ARGS into a fresh DIR/corpus; returns the corpus path. */
static const char *generate(const char *args, char *dir, size_t size)
{
    char tmp[256], cmd[2048], err[4096];
    cs_test_tmpdir(tmp, sizeof tmp);
    snprintf(dir, size, "%s/corpus", tmp);
    snprintf(cmd, sizeof cmd, "%s/certsweep-gen %s -o %s", cs_test_bindir(), args, dir);
    int rc = cs_test_run(cmd, NULL, 0, err, sizeof err);
    cr_assert_eq(rc, 0, "%s: %s", cmd, err);
    return dir;
}

/* Scans each format of the corpus and expects exactly the ground truth. */
static void expect_scans_match(const char *corpus, const table *want, const char *const *fmts, size_t n)
{
    static table got;
    for (size_t k = 0; k < n; k++) {
        char cmd[4096], err[4096], out[600];
        snprintf(out, sizeof out, "%s/../out-%s", corpus, fmts[k]);
        snprintf(cmd, sizeof cmd, "%s scan -q -o %s %s/%s", cs_test_certsweep(), out, corpus, fmts[k]);
        int rc = cs_test_run(cmd, NULL, 0, err, sizeof err);
        cr_expect_eq(rc, 0, "%s: exit %d: %s", cmd, rc, err);
        if (rc != 0)
            continue;
        memset(&got, 0, sizeof got);
        read_report(out, &got);
        expect_same(want, &got, fmts[k]);
    }
}

/* Injected failures in the truth for rules whose id starts with prefix. */
static unsigned long long injected(const table *t, const char *prefix)
{
    unsigned long long n = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *rule = strchr(t->r[i].key, '|') + 1;
        if (*rule != '*' && !strncmp(rule, prefix, strlen(prefix)))
            n += t->r[i].v;
    }
    return n;
}

static const char *const formats[] = {"pem", "der-tar-gz", "der-tar-zst", "ct-json", "tiles", "b64", "csv", "jsonl"};

/* The default mix (S/MIME and TLS CAs, a few mistakes each) in every format. */
Test(groundtruth, scan_matches_ground_truth_in_every_format, .timeout = 120)
{
    static table want;
    char dir[512];
    const char *corpus = generate("-n 3000 -m 9 -s 42 -f all", dir, sizeof dir);
    memset(&want, 0, sizeof want);
    read_truth(corpus, &want);
    cr_assert_geq(injected(&want, "smime_"), 4, "the corpus must carry S/MIME violations");
    cr_assert_geq(injected(&want, "tls_"), 4, "the corpus must carry TLS violations");
    cr_assert_geq(injected(&want, "rfc5280_"), 1, "the corpus must carry RFC 5280 violations");
    expect_scans_match(corpus, &want, formats, sizeof formats / sizeof formats[0]);
}

/* With one TLS CA and two mistaken S/MIME CAs every mistake is dealt and
 * made often enough: each rule the generator can break fails, as the ground
 * truth says (incl. a rule that two mistakes break, summed). */
Test(groundtruth, every_mistake_is_injected_and_found, .timeout = 120)
{
    static const char *const rules[] = {
        "smime_validity_exceeds_825_days", "smime_eku_email_protection_missing", "rfc5280_der_default_encoded",
        "smime_ski_missing", "smime_legacy_generation_after_sunset", "smime_serial_low_entropy",
        "smime_crldp_no_http_uri", "smime_crldp_non_http_scheme", "smime_aia_missing",
        "tls_validity_over_398_days", "tls_validity_over_200_days", "tls_cn_not_from_san", "tls_eku_invalid",
        "tls_dnsname_underscore", "tls_dnsname_bad_syntax", "rfc5280_san_dns_syntax", "tls_ku_invalid",
        "rfc5280_ku_certsign_without_ca", "tls_crldp_required_without_ocsp", "rfc5280_serial_not_positive",
        "tls_serial_entropy", "tls_policy_invalid",
    };
    static const char *const fmts[] = {"b64", "ct-json"};
    static table want;
    char dir[512];
    const char *corpus = generate("-n 6000 -m 4 -s 7 -f b64,ct-json", dir, sizeof dir);
    memset(&want, 0, sizeof want);
    read_truth(corpus, &want);
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        cr_expect_gt(injected(&want, rules[i]), 0, "no %s injected", rules[i]);
    expect_scans_match(corpus, &want, fmts, sizeof fmts / sizeof fmts[0]);
}

static unsigned long long file_hash(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    unsigned long long h = 1469598103934665603ULL;
    int c;
    while ((c = getc(f)) != EOF)
        h = (h ^ (unsigned)c) * 1099511628211ULL;
    fclose(f);
    return h;
}

Test(groundtruth, generator_is_deterministic_for_any_thread_count, .timeout = 60)
{
    char tmp[256], cmd[2048], err[2048], a[600], b[600];
    cs_test_tmpdir(tmp, sizeof tmp);
    const char *run[][2] = {{"a", "1"}, {"b", "2"}};
    for (int i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd, "%s/certsweep-gen -n 1500 -m 5 -s 9 -j %s -f b64,ct-json -o %s/%s", cs_test_bindir(),
                 run[i][1], tmp, run[i][0]);
        cr_assert_eq(cs_test_run(cmd, NULL, 0, err, sizeof err), 0, "%s", err);
    }
    const char *files[] = {"b64/certs.b64", "ct-json/get-entries-000001.json", "ground_truth.csv"};
    for (int i = 0; i < 3; i++) {
        snprintf(a, sizeof a, "%s/a/%s", tmp, files[i]);
        snprintf(b, sizeof b, "%s/b/%s", tmp, files[i]);
        cr_expect_eq(file_hash(a), file_hash(b), "%s differs between -j1 and -j2", files[i]);
    }
    snprintf(cmd, sizeof cmd, "%s/certsweep-gen -n 1500 -m 5 -s 10 -f b64 -o %s/c", cs_test_bindir(), tmp);
    cr_assert_eq(cs_test_run(cmd, NULL, 0, err, sizeof err), 0, "%s", err);
    snprintf(a, sizeof a, "%s/a/b64/certs.b64", tmp);
    snprintf(b, sizeof b, "%s/c/b64/certs.b64", tmp);
    cr_expect_neq(file_hash(a), file_hash(b), "another seed gives another corpus");
}

Test(groundtruth, convert_and_sample_round_trip, .timeout = 60)
{
    char tmp[256], cmd[2048], err[2048], a[600], b[600];
    cs_test_tmpdir(tmp, sizeof tmp);
    snprintf(cmd, sizeof cmd, "%s/certsweep-gen -n 700 -m 4 -s 3 -f pem,jsonl,b64,ct-json -o %s/g", cs_test_bindir(), tmp);
    cr_assert_eq(cs_test_run(cmd, NULL, 0, err, sizeof err), 0, "%s", err);
    /* PEM -> JSONL equals the generator's JSONL; CT JSON -> CT JSON keeps chains and precerts */
    snprintf(cmd, sizeof cmd, "%s/certsweep-convert -t jsonl -o %s/j %s/g/pem", cs_test_bindir(), tmp, tmp);
    cr_assert_eq(cs_test_run(cmd, NULL, 0, err, sizeof err), 0, "%s", err);
    snprintf(a, sizeof a, "%s/g/jsonl/certs.jsonl", tmp);
    snprintf(b, sizeof b, "%s/j/certs.jsonl", tmp);
    cr_expect_eq(file_hash(a), file_hash(b), "pem -> jsonl differs from the generator's jsonl");
    /* CT JSON (precert entries, chains) -> base64 lines: the same certificates */
    snprintf(cmd, sizeof cmd, "%s/certsweep-convert -t b64 -o %s/ct %s/g/ct-json", cs_test_bindir(), tmp, tmp);
    cr_assert_eq(cs_test_run(cmd, NULL, 0, err, sizeof err), 0, "%s", err);
    snprintf(a, sizeof a, "%s/g/b64/certs.b64", tmp);
    snprintf(b, sizeof b, "%s/ct/certs.b64", tmp);
    cr_expect_eq(file_hash(a), file_hash(b), "ct-json -> b64 differs from the generator's b64");
    /* every 1st = everything; every 7th keeps ceil(705/7) lines; random 50 keeps 50 */
    snprintf(cmd, sizeof cmd, "%s/certsweep-sample -k 1 -t b64 -o %s/s1 %s/g/pem", cs_test_bindir(), tmp, tmp);
    cr_assert_eq(cs_test_run(cmd, NULL, 0, err, sizeof err), 0, "%s", err);
    snprintf(a, sizeof a, "%s/g/b64/certs.b64", tmp);
    snprintf(b, sizeof b, "%s/s1/certs.b64", tmp);
    cr_expect_eq(file_hash(a), file_hash(b));
    char out[256];
    snprintf(cmd, sizeof cmd, "%s/certsweep-sample -k 7 -t b64 -o %s/s7 %s/g/pem && wc -l < %s/s7/certs.b64",
             cs_test_bindir(), tmp, tmp, tmp);
    cr_assert_eq(cs_test_run(cmd, out, sizeof out, err, sizeof err), 0, "%s", err);
    cr_expect_eq(atoi(out), (705 + 6) / 7);
    snprintf(cmd, sizeof cmd, "%s/certsweep-sample -n 50 -s 5 -t b64 -o %s/r %s/g/pem && wc -l < %s/r/certs.b64",
             cs_test_bindir(), tmp, tmp, tmp);
    cr_assert_eq(cs_test_run(cmd, out, sizeof out, err, sizeof err), 0, "%s", err);
    cr_expect_eq(atoi(out), 50);
}
