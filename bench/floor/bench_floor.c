/* The part of a scan's CPU that certsweep does not own: what its
 * dependencies cost on the throughput benchmark's inputs, measured alone.
 * With it, the 200,000 certificates per CPU-second target of the
 * throughput benchmark (bench/throughput) becomes a budget: what is left
 * for framing, parsing, rules, tally and reports once these are paid.
 *
 *   - libarchive reading the tar: every member's header and data
 *     (archive_read_next_header, archive_read_data_block), nothing else;
 *   - the kernel reading the PEM file (read() in 1 MiB blocks);
 *   - OpenSSL's SHA-256 of what a scan hashes for every certificate: the
 *     certificate (its fingerprint), the TBSCertificate (the precertificate
 *     pair fingerprint hashes all of it but the issuer and three
 *     extensions: the whole TBS is an upper bound) and the RSA modulus or
 *     the SubjectPublicKeyInfo (the key fingerprint).
 *
 * CPU time is the process's (getrusage, user + system), best of ROUNDS.
 * The digests are timed on the certificates of CORPUS_DIR and scaled to
 * the records of the PEM file (each certificate of the corpus repeated
 * as often as the inputs repeat it).
 *
 * Usage: bench_floor TAR PEM CORPUS_DIR [ROUNDS] */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../lib/der_files.h"
#include "x509/cert.h"
#include "x509/digest.h"

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

/* libarchive over the tar; returns the members read, 0 on error. */
static size_t read_tar(const char *path)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_tar(a);
    if (archive_read_open_filename(a, path, 1 << 20) != ARCHIVE_OK) {
        fprintf(stderr, "bench_floor: %s: %s\n", path, archive_error_string(a));
        archive_read_free(a);
        return 0;
    }
    size_t members = 0;
    struct archive_entry *e;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const void *block;
        size_t size;
        la_int64_t offset;
        while ((r = archive_read_data_block(a, &block, &size, &offset)) == ARCHIVE_OK)
            ;
        if (r != ARCHIVE_EOF)
            break;
        members++;
    }
    if (r != ARCHIVE_EOF) {
        fprintf(stderr, "bench_floor: %s: %s\n", path, archive_error_string(a));
        members = 0;
    }
    archive_read_free(a);
    return members;
}

/* read() over the file; returns the certificates in it (their BEGIN
 * lines, a line cut by a block boundary counted once), 0 on error. */
static size_t read_pem(const char *path, size_t *bytes)
{
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    enum { KEEP = sizeof begin - 2 }; /* a cut marker's head, carried over */
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        perror(path);
        return 0;
    }
    static char buf[KEEP + (1 << 20)];
    size_t certs = 0, kept = 0;
    ssize_t n;
    *bytes = 0;
    while ((n = read(fd, buf + kept, sizeof buf - kept)) > 0) {
        *bytes += (size_t)n;
        size_t have = kept + (size_t)n;
        for (const char *p = buf; (p = memmem(p, (size_t)(buf + have - p), begin, sizeof begin - 1)); p++)
            certs++;
        kept = have < KEEP ? have : KEEP;
        memmove(buf, buf + have - kept, kept);
    }
    close(fd);
    return n < 0 ? 0 : certs;
}

typedef struct digest_cost {
    double cert, tbs, key; /* seconds a certificate */
} digest_cost;

/* CPU-s of one SHA-256 of each span, over all of them, best of rounds. */
static double time_spans(const cs_span *spans, size_t n, int rounds)
{
    uint8_t out[32];
    double best = 1e9;
    for (int r = 0; r < rounds; r++) {
        double t0 = cpu_seconds();
        for (size_t i = 0; i < n; i++)
            cs_digest(CS_DIGEST_SHA256, spans[i].p, spans[i].len, out);
        double t = cpu_seconds() - t0;
        if (t < best)
            best = t;
    }
    return best;
}

/* Each certificate the parser takes, its TBS and its key: the spans point
 * into items, which the parser does not copy. */
static digest_cost time_digests(const bench_der *items, size_t n, int rounds)
{
    static cs_cert view;
    cs_parse_error err;
    cs_span *spans = calloc(3 * n, sizeof *spans);
    digest_cost d = { 0, 0, 0 };
    size_t parsed = 0;
    if (!spans)
        return d;
    cs_span *cert = spans, *tbs = spans + n, *key = spans + 2 * n;
    for (size_t i = 0; i < n; i++) {
        if (!cs_cert_parse(&view, items[i].der, items[i].len, &err))
            continue;
        cert[parsed] = (cs_span){ items[i].der, items[i].len };
        tbs[parsed] = view.tbs;
        key[parsed] = view.spki.type == CS_KEY_RSA ? view.spki.rsa_modulus : view.spki.der;
        parsed++;
    }
    /* Enough passes that each timing is well above the clock's grain. */
    int passes = rounds * 10;
    if (parsed) {
        d.cert = time_spans(cert, parsed, passes) / (double)parsed;
        d.tbs = time_spans(tbs, parsed, passes) / (double)parsed;
        d.key = time_spans(key, parsed, passes) / (double)parsed;
    }
    free(spans);
    return d;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_floor TAR PEM CORPUS_DIR [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 4 ? atoi(argv[4]) : 3;
    if (rounds < 1)
        rounds = 1;

    double tar_cpu = 1e9, pem_cpu = 1e9;
    size_t members = 0, certs = 0, pem_bytes = 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = cpu_seconds();
        members = read_tar(argv[1]);
        double t1 = cpu_seconds();
        certs = read_pem(argv[2], &pem_bytes);
        double t2 = cpu_seconds();
        if (!members || !certs)
            return 1;
        if (t1 - t0 < tar_cpu)
            tar_cpu = t1 - t0;
        if (t2 - t1 < pem_cpu)
            pem_cpu = t2 - t1;
    }

    bench_der *items = NULL;
    size_t n = bench_der_files(argv[3], NULL, &items);
    if (!n) {
        fprintf(stderr, "bench_floor: no certificates under %s\n", argv[3]);
        return 1;
    }
    digest_cost d = time_digests(items, n, rounds);
    double per_cert = d.cert + d.tbs + d.key, sha_cpu = per_cert * (double)certs;

    const double target = 200000.0;
    double budget = (double)certs / target;
    printf("floor: what certsweep's dependencies cost alone (CPU-s, best of %d)\n", rounds);
    printf("  libarchive reading the tar (%zu members)     %6.3f s  %5.2f us a member\n", members, tar_cpu,
           tar_cpu / (double)members * 1e6);
    printf("  read() of the PEM file (%zu MB)             %6.3f s\n", pem_bytes >> 20, pem_cpu);
    printf("  SHA-256 per certificate: certificate %.2f us, TBS %.2f us, key %.2f us\n", d.cert * 1e6,
           d.tbs * 1e6, d.key * 1e6);
    printf("  SHA-256 for the %zu certificates            %6.3f s\n", certs, sha_cpu);
    printf("budget at %.0f certificates per CPU-second: %.3f s for %zu records\n", target, budget, certs);
    const struct {
        const char *input;
        double floor;
    } in[] = { { "tar", tar_cpu + sha_cpu }, { "pem", pem_cpu + sha_cpu } };
    for (size_t i = 0; i < 2; i++)
        printf("  %-4s floor %.3f s: at most %.0f certs/CPU-s with all else free; %.3f s (%.2f us a record) "
               "left for framing, decoding, parsing, rules, tally and reports\n",
               in[i].input, in[i].floor, (double)certs / in[i].floor, budget - in[i].floor,
               (budget - in[i].floor) / (double)certs * 1e6);
    for (size_t i = 0; i < n; i++)
        free(items[i].der);
    free(items);
    return 0;
}
