/* The corpus collectors' cost per certificate (corpus/corpus.h), beside
 * the cost of parsing and linting the same certificates with every rule,
 * single-threaded: the certificates of DIR (*.der, recursively) are parsed
 * once, then fed ROUNDS times to cs_corpus_add, and linted ROUNDS times;
 * the whole tally of a scan's worker (cs_tally_add_cert: issuer identity,
 * counts, examples and the collectors, without RSA moduli as a scan
 * without --state keeps them), fed the lint results ROUNDS times; then
 * the cost of finishing (sorting and evaluating the records), with and
 * without the batch GCD.  Usage: bench_corpus DIR [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/der_files.h"
#include "agg/tally.h"
#include "corpus/corpus.h"
#include "lint/ruleset.h"

typedef bench_der item;

static item *items;
static size_t n_items;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A lint result kept small: its applicable bits and findings. */
typedef struct kept_result {
    uint64_t applicable[CS_MAX_RULES / 64];
    uint16_t n_findings;
    cs_finding *findings;
} kept_result;

static void restore(cs_lint_result *r, const kept_result *k)
{
    memcpy(r->applicable, k->applicable, sizeof r->applicable);
    r->n_findings = k->n_findings;
    memcpy(r->findings, k->findings, k->n_findings * sizeof *k->findings);
}

/* Microseconds per cs_tally_add_cert over the linted views, ROUNDS times
 * (the copy of each lint result into place is timed alone and taken off). */
static double tally_cost(cs_ruleset *rs, cs_cert **views, size_t n, int rounds)
{
    cs_lint_options o = *cs_ruleset_options(rs);
    o.corpus_without_moduli = true;
    cs_ruleset_set_options(rs, &o);
    cs_lint_result *r = malloc(sizeof *r);
    kept_result *k = calloc(n, sizeof *k);
    cs_tally *t = cs_tally_new(rs);
    if (!r || !k || !t)
        return 0;
    for (size_t i = 0; i < n; i++) {
        cs_lint(rs, views[i], r);
        memcpy(k[i].applicable, r->applicable, sizeof r->applicable);
        k[i].n_findings = r->n_findings;
        k[i].findings = malloc((r->n_findings ? r->n_findings : 1) * sizeof *r->findings);
        memcpy(k[i].findings, r->findings, r->n_findings * sizeof *r->findings);
    }
    double t0 = now();
    for (int round = 0; round < rounds; round++)
        for (size_t i = 0; i < n; i++)
            restore(r, &k[i]);
    double copy = now() - t0;
    t0 = now();
    for (int round = 0; round < rounds; round++)
        for (size_t i = 0; i < n; i++) {
            restore(r, &k[i]);
            cs_tally_add_cert(t, 0, views[i], r, NULL);
        }
    double all = now() - t0;
    cs_tally_free(t);
    for (size_t i = 0; i < n; i++)
        free(k[i].findings);
    free(k);
    free(r);
    o.corpus_without_moduli = false;
    cs_ruleset_set_options(rs, &o);
    return (all - copy) / ((double)n * rounds) * 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_corpus DIR [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    n_items = bench_der_files(argv[1], NULL, &items);
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cs_lint_result *res = malloc(sizeof *res);
    cs_cert **views = calloc(n_items ? n_items : 1, sizeof *views);
    size_t parsed = 0;
    for (size_t i = 0; i < n_items; i++) {
        cs_parse_error perr;
        views[parsed] = malloc(sizeof(cs_cert));
        if (cs_cert_parse(views[parsed], items[i].der, items[i].len, &perr))
            parsed++;
        else
            free(views[parsed]);
    }
    if (!rs || !res || !parsed) {
        fprintf(stderr, "bench_corpus: nothing to measure in %s\n", argv[1]);
        return 1;
    }
    /* The scan's tally has the issuer identity already: not timed here. */
    uint8_t (*issuer)[32] = malloc(parsed * sizeof *issuer);
    for (size_t i = 0; issuer && i < parsed; i++)
        cs_tally_issuer_key(views[i], issuer[i]);
    cs_corpus *c = cs_corpus_new(0);
    double t0 = now();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < parsed; i++)
            cs_corpus_add(c, views[i], issuer[i]);
    double collect = (now() - t0) / ((double)parsed * rounds) * 1e6;
    t0 = now();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < parsed; i++)
            cs_lint(rs, views[i], res);
    double lint = (now() - t0) / ((double)parsed * rounds) * 1e6;
    double tally = tally_cost(rs, views, parsed, rounds);
    t0 = now();
    cs_corpus_finish(c, err, sizeof err);
    double finish = now() - t0;
    cs_corpus_free(c);
    c = cs_corpus_new(0);
    for (size_t i = 0; i < parsed; i++)
        cs_corpus_add(c, views[i], NULL);
    cs_corpus_set_shared_primes(c, true);
    t0 = now();
    cs_corpus_finish(c, err, sizeof err);
    double primes = now() - t0;
    printf("%zu certificates x %d rounds\n", parsed, rounds);
    printf("collect    %8.2f us/certificate\n", collect);
    printf("lint       %8.2f us/certificate (every rule)\n", lint);
    printf("ratio      %8.1f %%\n", collect / lint * 100);
    printf("tally      %8.2f us/certificate (cs_tally_add_cert, collectors included)\n", tally);
    printf("finish     %8.3f s for %zu records (sort + evaluate, without batch GCD)\n", finish, parsed * (size_t)rounds);
    printf("+ GCD      %8.3f s for %zu certificates (--shared-primes)\n", primes, parsed);
    cs_corpus_free(c);
    free(issuer);
    return 0;
}
