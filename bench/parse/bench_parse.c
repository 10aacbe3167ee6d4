/* Parse benchmark: the same certificates, single-threaded, parsed by
 * certsweep's view parser (with and without the SHA-256 fingerprint) and
 * by OpenSSL's d2i_X509 + X509_free, in one run.  Prints certs/s for each
 * and the ratio.
 *
 * Usage: bench_parse DIR [ROUNDS [WHICH]]
 *   WHICH: all (default), nosha, sha or openssl: "nosha" alone is what a
 *   perf profile of the parser wants (OpenSSL's d2i_X509 is 60x slower and
 *   would fill the profile); "long" is nosha without the parser's short
 *   ways (cs_x509_shortcuts), "both" nosha then long, back to back;
 *   "cold" is nosha with the nearest caches emptied before each
 *   certificate (a walk over 1 MiB), as a scan's worker meets the parser
 *   after the rules and the tally: a cache of values can look good hot
 *   and not cold.
 *
 * Times are the thread's CPU time, best of three runs, so that a busy
 * machine (the project's is shared) slows the numbers less than wall time
 * would. */
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/der_files.h"
#include "x509/cert.h"
#include "x509/parse_internal.h"

typedef bench_der item;

static item *items;
static size_t n_items;
static size_t total_bytes;

#define REPEATS 3

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static cs_cert view;

#define COLD_WORDS (1u << 17) /* 1 MiB: more than L1 and L2, as rules and tally touch */
static volatile uint64_t *cold_junk;
static uint64_t cold_sink;

/* us a certificate, each parsed (without its SHA-256) after the walk
 * that empties the nearest caches; only the parses are timed. */
static double run_cold(void)
{
    cs_parse_error err;
    double t = 0;
    for (size_t i = 0; i < n_items; i++) {
        for (size_t j = i % 8; j < COLD_WORDS; j += 8) /* a word a cache line */
            cold_sink += cold_junk[j];
        double t0 = cpu_now();
        cs_cert_parse_ex(&view, items[i].der, items[i].len, CS_PARSE_NO_SHA256, &err);
        t += cpu_now() - t0;
    }
    return t / (double)n_items * 1e6;
}

static double run_certsweep(unsigned rounds, unsigned flags)
{
    cs_parse_error err;
    size_t ok = 0;
    double t0 = cpu_now();
    for (unsigned r = 0; r < rounds; r++)
        for (size_t i = 0; i < n_items; i++)
            ok += cs_cert_parse_ex(&view, items[i].der, items[i].len, flags, &err);
    double dt = cpu_now() - t0;
    if (ok != (size_t)rounds * n_items)
        fprintf(stderr, "certsweep rejected %zu\n", (size_t)rounds * n_items - ok);
    return (double)ok / dt;
}

static double run_openssl(unsigned rounds)
{
    size_t ok = 0;
    double t0 = cpu_now();
    for (unsigned r = 0; r < rounds; r++)
        for (size_t i = 0; i < n_items; i++) {
            const unsigned char *p = items[i].der;
            X509 *x = d2i_X509(NULL, &p, (long)items[i].len);
            ok += x != NULL;
            X509_free(x);
        }
    double dt = cpu_now() - t0;
    return (double)ok / dt;
}

/* The best of REPEATS runs (the one least slowed by other work). */
static double best_certsweep(unsigned rounds, unsigned flags)
{
    double best = 0;
    for (int i = 0; i < REPEATS; i++) {
        double r = run_certsweep(rounds, flags);
        best = r > best ? r : best;
    }
    return best;
}

static double best_openssl(unsigned rounds)
{
    double best = 0;
    for (int i = 0; i < REPEATS; i++) {
        double r = run_openssl(rounds);
        best = r > best ? r : best;
    }
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [ROUNDS [all|nosha|sha|openssl|long|both|cold]]\n", argv[0]);
        return 2;
    }
    unsigned rounds = argc > 2 ? (unsigned)atoi(argv[2]) : 20;
    const char *which = argc > 3 ? argv[3] : "all";
    bool all = strcmp(which, "all") == 0, both = strcmp(which, "both") == 0;
    if (!all && !both && strcmp(which, "nosha") != 0 && strcmp(which, "sha") != 0 &&
        strcmp(which, "openssl") != 0 && strcmp(which, "long") != 0 && strcmp(which, "cold") != 0) {
        fprintf(stderr, "%s: unknown WHICH %s\n", argv[0], which);
        return 2;
    }
    n_items = bench_der_files(argv[1], NULL, &items);
    /* Keep the certificates both parsers accept, so both do the same work. */
    size_t keep = 0;
    cs_parse_error err;
    for (size_t i = 0; i < n_items; i++) {
        const unsigned char *p = items[i].der;
        X509 *x = d2i_X509(NULL, &p, (long)items[i].len);
        bool accepted = x && cs_cert_parse(&view, items[i].der, items[i].len, &err);
        X509_free(x);
        if (accepted) {
            items[keep++] = items[i];
            total_bytes += items[i].len;
        } else {
            free(items[i].der);
        }
    }
    n_items = keep;
    if (!n_items) {
        fprintf(stderr, "no certificates under %s\n", argv[1]);
        return 1;
    }
    printf("certificates: %zu (%.0f bytes on average), %u rounds, 1 thread, CPU time, best of %d\n",
           n_items, (double)total_bytes / (double)n_items, rounds, REPEATS);
    run_certsweep(1, 0); /* warm-up */
    double nosha = 0, sha = 0, ossl = 0;
    if (all || both || strcmp(which, "nosha") == 0) {
        nosha = best_certsweep(rounds, CS_PARSE_NO_SHA256);
        printf("certsweep parse (no SHA-256)    %12.0f certs/s %8.3f us/cert\n", nosha, 1e6 / nosha);
    }
    if (both || strcmp(which, "long") == 0) {
        cs_x509_shortcuts = false;
        double slow = best_certsweep(rounds, CS_PARSE_NO_SHA256);
        cs_x509_shortcuts = true;
        printf("the same without short ways     %12.0f certs/s %8.3f us/cert\n", slow, 1e6 / slow);
    }
    if (strcmp(which, "cold") == 0) {
        cold_junk = calloc(COLD_WORDS, sizeof *cold_junk);
        if (!cold_junk)
            return 1;
        double best = 0;
        for (int i = 0; i < REPEATS; i++) {
            double us = run_cold();
            best = i == 0 || us < best ? us : best;
        }
        printf("certsweep parse (no SHA-256), cold caches %8.3f us/cert\n", best);
        free((void *)cold_junk);
    }
    if (all || strcmp(which, "sha") == 0) {
        sha = best_certsweep(rounds, 0);
        printf("certsweep parse + SHA-256       %12.0f certs/s %8.3f us/cert\n", sha, 1e6 / sha);
    }
    if (all || strcmp(which, "openssl") == 0) {
        run_openssl(1);
        ossl = best_openssl(rounds);
        printf("OpenSSL d2i_X509 + X509_free    %12.0f certs/s %8.3f us/cert\n", ossl, 1e6 / ossl);
    }
    if (all) {
        printf("ratio (no SHA-256) / OpenSSL    %12.1fx\n", nosha / ossl);
        printf("ratio (with SHA-256) / OpenSSL  %12.1fx\n", sha / ossl);
    }
    for (size_t i = 0; i < n_items; i++)
        free(items[i].der);
    free(items);
    return 0;
}
