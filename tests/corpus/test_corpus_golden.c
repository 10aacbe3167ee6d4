/* Every registered rule (smime, tls, rfc5280) over every certificate of the
 * shared real corpus: nothing crashes, and the per-rule counts
 * (applicable, failed) match tests/golden/corpus-rule-counts.tsv.
 *
 * A certificate whose issuing CA certificate is also in the corpus is
 * linted with it (cs_cert.issuer_cert), so the issuer-dependent rules
 * run on real chains.  The issuer is found by its signature, not by the
 * names or key identifiers those rules compare.
 *
 * The golden file is reviewed by hand.  When rules change on purpose,
 * regenerate it with
 *     CS_UPDATE_GOLDEN=1 build/tests/corpus/test_corpus_golden
 * and review the diff (git diff tests/golden/) before committing. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "rulecheck.h"

#define GOLDEN "tests/golden/corpus-rule-counts.tsv"
#define MAX_FILES 20000

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted paths of corpus/real/<source>/<sha256>.der. */
static size_t list_corpus(char **paths, size_t cap)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpus/real", cs_test_shared_dir());
    DIR *top = opendir(dir);
    cr_assert_not_null(top, "cannot open %s (set CERTSWEEP_SHARED)", dir);
    size_t n = 0;
    for (struct dirent *s; (s = readdir(top));) {
        if (s->d_name[0] == '.')
            continue;
        char sub[1400];
        snprintf(sub, sizeof sub, "%s/%s", dir, s->d_name);
        DIR *d = opendir(sub);
        if (!d)
            continue;
        for (struct dirent *f; (f = readdir(d));) {
            size_t l = strlen(f->d_name);
            if (l < 4 || strcmp(f->d_name + l - 4, ".der") != 0 || n == cap)
                continue;
            char *p = malloc(strlen(sub) + l + 2);
            sprintf(p, "%s/%s", sub, f->d_name);
            paths[n++] = p;
        }
        closedir(d);
    }
    closedir(top);
    qsort(paths, n, sizeof *paths, cmp_str);
    return n;
}

/* ---- issuers within the corpus ------------------------------------- */

typedef struct keyed {
    uint32_t key;
    uint32_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->i < y->i ? -1 : x->i > y->i);
}

static uint32_t key_of(const ASN1_OCTET_STRING *s)
{
    uint32_t k = 0;
    for (int i = 0; i < ASN1_STRING_length(s); i++)
        k = k * 31 + ASN1_STRING_get0_data(s)[i];
    return k;
}

/* OpenSSL's hash of the canonical encoding: equal for names that match. */
static uint32_t name_key(const X509_NAME *n)
{
    return (uint32_t)X509_NAME_hash_ex(n, NULL, NULL, NULL);
}

/* First entry with this key in a sorted index. */
static const keyed *lower_bound(const keyed *v, size_t n, uint32_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return v + lo;
}

/* How well candidate ca names x's issuer: 0 the same bytes, 1 a match by
 * OpenSSL's canonical comparison, 2 not at all (found by key id). */
static int name_rank(X509 *x, X509 *ca)
{
    const unsigned char *a, *b;
    size_t la, lb;
    X509_NAME *in = X509_get_issuer_name(x), *sn = X509_get_subject_name(ca);
    if (X509_NAME_get0_der(in, &a, &la) == 1 && X509_NAME_get0_der(sn, &b, &lb) == 1 && la == lb &&
        memcmp(a, b, la) == 0)
        return 0;
    return X509_NAME_cmp(in, sn) == 0 ? 1 : 2;
}

/* For each certificate, the index of its issuer in the corpus or -1:
 * among the certificates named like its issuer (canonical subject hash)
 * or whose subjectKeyIdentifier is its AKI keyIdentifier, the first by
 * (name_rank, not itself, index) whose key verifies its signature.  A
 * certificate is its own issuer only when its names match (self-signed):
 * one signed by its own key under another issuer name was issued by a
 * certificate the corpus does not hold. */
static void find_issuers(uint8_t **ders, const size_t *lens, size_t n, long *issuer)
{
    X509 **xs = calloc(n, sizeof *xs);
    keyed *by_name = calloc(n, sizeof *by_name), *by_ski = calloc(n, sizeof *by_ski);
    size_t nn = 0, ns = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = ders[i];
        if (!(xs[i] = d2i_X509(NULL, &p, (long)lens[i])))
            continue;
        by_name[nn++] = (keyed){ name_key(X509_get_subject_name(xs[i])), (uint32_t)i };
        const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(xs[i]);
        if (ski)
            by_ski[ns++] = (keyed){ key_of(ski), (uint32_t)i };
    }
    qsort(by_name, nn, sizeof *by_name, cmp_keyed);
    qsort(by_ski, ns, sizeof *by_ski, cmp_keyed);
    for (size_t i = 0; i < n; i++) {
        issuer[i] = -1;
        if (!xs[i])
            continue;
        int best_rank = 3;
        const ASN1_OCTET_STRING *aki = X509_get0_authority_key_id(xs[i]);
        for (int pass = 0; pass < 2; pass++) {
            const keyed *v = pass ? by_ski : by_name, *end = v + (pass ? ns : nn);
            if (pass && !aki)
                break;
            uint32_t key = pass ? key_of(aki) : name_key(X509_get_issuer_name(xs[i]));
            for (const keyed *k = lower_bound(v, (size_t)(end - v), key); k < end && k->key == key; k++) {
                int rank = name_rank(xs[i], xs[k->i]);
                bool self = k->i == i, best_self = issuer[i] == (long)i;
                if ((self && rank == 2) || rank > best_rank ||
                    (rank == best_rank && (best_self || (!self && (long)k->i >= issuer[i]))))
                    continue;
                EVP_PKEY *pk = X509_get0_pubkey(xs[k->i]);
                if (pk && X509_verify(xs[i], pk) == 1) {
                    best_rank = rank;
                    issuer[i] = k->i;
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        X509_free(xs[i]);
    free(xs);
    free(by_name);
    free(by_ski);
}

static char *render_counts(const cs_ruleset *rs, const size_t *applicable, const size_t *failed, size_t certs,
                           size_t parse_failures, size_t with_issuer)
{
    size_t n = cs_ruleset_count(rs);
    size_t cap = 200 + n * 128;
    char *out = malloc(cap), *p = out;
    p += sprintf(p, "# rule\tapplicable\tfailed\t(corpus: %zu certificates parsed, %zu not parsed; %zu linted with "
                    "their issuer from the corpus)\n",
                 certs, parse_failures, with_issuer);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s\t%zu\t%zu\n", cs_ruleset_rule(rs, i)->id, applicable[i], failed[i]);
    return out;
}

Test(corpus_golden, all_rules_over_real_corpus, .timeout = 600)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    size_t nrules = cs_ruleset_count(rs);
    size_t *applicable = calloc(nrules, sizeof *applicable), *failed = calloc(nrules, sizeof *failed);
    cs_cert *c = malloc(sizeof *c), *ca = malloc(sizeof *ca);
    cs_lint_result *res = malloc(sizeof *res);
    char **paths = malloc(MAX_FILES * sizeof *paths);
    size_t n = list_corpus(paths, MAX_FILES), parsed = 0, unparsed = 0, with_issuer = 0;
    cr_assert_gt(n, 1000, "corpus looks empty");
    uint8_t **ders = malloc(n * sizeof *ders);
    size_t *lens = malloc(n * sizeof *lens);
    long *issuer = malloc(n * sizeof *issuer);
    for (size_t i = 0; i < n; i++)
        ders[i] = cs_test_read_file(paths[i], &lens[i]);
    find_issuers(ders, lens, n, issuer);

    for (size_t i = 0; i < n; i++) {
        cs_parse_error perr;
        if (!cs_cert_parse(c, ders[i], lens[i], &perr)) {
            unparsed++;
        } else {
            parsed++;
            if (issuer[i] >= 0 && cs_cert_parse(ca, ders[issuer[i]], lens[issuer[i]], &perr)) {
                c->issuer_cert = ca;
                with_issuer++;
            }
            cs_lint(rs, c, res);
            for (size_t r = 0; r < nrules; r++)
                if (cs_lint_applicable(res, r))
                    applicable[r]++;
            for (size_t f = 0; f < res->n_findings; f++)
                failed[res->findings[f].rule]++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(ders[i]);
        free(paths[i]);
    }
    free(ders);
    free(lens);
    free(issuer);
    char *now = render_counts(rs, applicable, failed, parsed, unparsed, with_issuer);

    const char *update = getenv("CS_UPDATE_GOLDEN");
    if (update && *update && strcmp(update, "0") != 0) {
        FILE *f = fopen(GOLDEN, "w");
        cr_assert_not_null(f, "cannot write %s (run from the repository root)", GOLDEN);
        fputs(now, f);
        fclose(f);
        cr_log_warn("wrote %s: review the diff", GOLDEN);
    } else {
        size_t glen = 0;
        char *golden = (char *)cs_test_read_file(GOLDEN, &glen);
        golden = realloc(golden, glen + 1);
        golden[glen] = 0;
        if (strcmp(golden, now) != 0) {
            /* Name the first few rules whose line differs. */
            char *save1, *save2;
            char *a = strtok_r(golden, "\n", &save1), *b = strtok_r(now, "\n", &save2);
            int shown = 0;
            while ((a || b) && shown < 10) {
                if (!a || !b || strcmp(a, b) != 0) {
                    cr_log_error("golden: %s\n   now: %s", a ? a : "(none)", b ? b : "(none)");
                    shown++;
                }
                a = a ? strtok_r(NULL, "\n", &save1) : NULL;
                b = b ? strtok_r(NULL, "\n", &save2) : NULL;
            }
            cr_assert_fail("rule counts over the corpus changed; if intended, regenerate with "
                           "CS_UPDATE_GOLDEN=1 and review the diff");
        }
        free(golden);
    }
    free(now);
    free(paths);
    free(res);
    free(c);
    free(ca);
    free(applicable);
    free(failed);
    cs_ruleset_free(rs);
}
