/* Parse benchmark: the same certificates, single-threaded, parsed by
 * certsweep's view parser (with and without the SHA-256 fingerprint) and
 * by OpenSSL's d2i_X509 + X509_free, in one run.  Prints certs/s for each
 * and the ratio.  Usage: bench_parse DIR [ROUNDS] */
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../lib/der_files.h"
#include "x509/cert.h"

typedef bench_der item;

static item *items;
static size_t n_items;
static size_t total_bytes;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static cs_cert view;

static double run_certsweep(unsigned rounds, unsigned flags)
{
    cs_parse_error err;
    size_t ok = 0;
    double t0 = now();
    for (unsigned r = 0; r < rounds; r++)
        for (size_t i = 0; i < n_items; i++)
            ok += cs_cert_parse_ex(&view, items[i].der, items[i].len, flags, &err);
    double dt = now() - t0;
    if (ok != (size_t)rounds * n_items)
        fprintf(stderr, "certsweep rejected %zu\n", (size_t)rounds * n_items - ok);
    return (double)ok / dt;
}

static double run_openssl(unsigned rounds)
{
    size_t ok = 0;
    double t0 = now();
    for (unsigned r = 0; r < rounds; r++)
        for (size_t i = 0; i < n_items; i++) {
            const unsigned char *p = items[i].der;
            X509 *x = d2i_X509(NULL, &p, (long)items[i].len);
            ok += x != NULL;
            X509_free(x);
        }
    double dt = now() - t0;
    return (double)ok / dt;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [ROUNDS]\n", argv[0]);
        return 2;
    }
    unsigned rounds = argc > 2 ? (unsigned)atoi(argv[2]) : 20;
    n_items = bench_der_files(argv[1], NULL, &items);
    /* Keep the certificates both parsers accept, so both do the same work. */
    size_t keep = 0;
    cs_parse_error err;
    for (size_t i = 0; i < n_items; i++) {
        const unsigned char *p = items[i].der;
        X509 *x = d2i_X509(NULL, &p, (long)items[i].len);
        bool both = x && cs_cert_parse(&view, items[i].der, items[i].len, &err);
        X509_free(x);
        if (both) {
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
    printf("certificates: %zu (%.0f bytes on average), %u rounds, 1 thread\n", n_items,
           (double)total_bytes / (double)n_items, rounds);
    run_certsweep(1, 0); /* warm-up */
    run_openssl(1);
    double nosha = run_certsweep(rounds, CS_PARSE_NO_SHA256);
    double sha = run_certsweep(rounds, 0);
    double ossl = run_openssl(rounds);
    printf("certsweep parse (no SHA-256)    %12.0f certs/s\n", nosha);
    printf("certsweep parse + SHA-256       %12.0f certs/s\n", sha);
    printf("OpenSSL d2i_X509 + X509_free    %12.0f certs/s\n", ossl);
    printf("ratio (no SHA-256) / OpenSSL    %12.1fx\n", nosha / ossl);
    printf("ratio (with SHA-256) / OpenSSL  %12.1fx\n", sha / ossl);
    for (size_t i = 0; i < n_items; i++)
        free(items[i].der);
    free(items);
    return 0;
}
