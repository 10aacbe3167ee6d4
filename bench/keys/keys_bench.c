/* Key mathematics benchmark (bench/keys/run.sh).
 *
 *   keys_bench gcd N BITS [MEMORY_MB]
 *       batch GCD over N random odd BITS-bit numbers (GMP's generator,
 *       top bit set; not RSA moduli: as costly to multiply and reduce,
 *       but they share small factors, so most of them are "hits"); prints
 *       wall and CPU seconds, the peak RSS before (the inputs) and after,
 *       the memory bound and whether the trees spilled.
 *   keys_bench rules BITS KEYS ITER
 *       CPU per RSA key of the weak-key checks (ROCA, Fermat 100 rounds,
 *       Debian lookup in a 32,767-entry list, all three as the rules run
 *       them) over KEYS random BITS-bit RSA keys, ITER passes. */
#include <stdio.h> /* before gmp.h, which declares its FILE functions only after it */
#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "keys/batchgcd.h"
#include "keys/debian_weak.h"
#include "keys/fermat.h"
#include "keys/roca.h"
#include "keys/weak_rsa.h"
#include "weakkeys.h"

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* GMP's own allocations, counted (GMP passes the old size to realloc and
 * free): what the memory bound is about, without the inputs, the index
 * arrays or the allocator's slack. */
static size_t gmp_now, gmp_peak;

static void count(size_t add, size_t sub)
{
    gmp_now = gmp_now + add - sub;
    if (gmp_now > gmp_peak)
        gmp_peak = gmp_now;
}

static void *counted_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        abort();
    count(n, 0);
    return p;
}

static void *counted_realloc(void *p, size_t old, size_t n)
{
    p = realloc(p, n);
    if (!p)
        abort();
    count(n, old);
    return p;
}

static void counted_free(void *p, size_t n)
{
    free(p);
    count(0, n);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int bench_gcd(size_t n, unsigned bits, size_t memory_mb)
{
    size_t bytes = (bits + 7) / 8;
    uint8_t *buf = malloc(n * bytes);
    cs_span *mods = malloc(n * sizeof *mods);
    if (!buf || !mods)
        return 1;
    gmp_randstate_t rng;
    gmp_randinit_default(rng);
    gmp_randseed_ui(rng, 2012);
    mpz_t x;
    mpz_init(x);
    double t0 = wall();
    for (size_t i = 0; i < n; i++) {
        mpz_urandomb(x, rng, bits);
        mpz_setbit(x, bits - 1);
        mpz_setbit(x, 0);
        size_t len;
        mpz_export(buf + i * bytes, &len, 1, 1, 1, 0, x);
        mods[i] = cs_span_make(buf + i * bytes, len);
    }
    mpz_clear(x);
    gmp_randclear(rng);
    double gen_s = wall() - t0;
    long rss_inputs = peak_rss_kb();

    cs_bgcd_options opt = { .memory_limit = memory_mb << 20 };
    cs_bgcd_result r;
    mp_set_memory_functions(counted_alloc, counted_realloc, counted_free);
    gmp_now = gmp_peak = 0;
    double w = wall(), c = cpu();
    if (cs_batchgcd(mods, n, &opt, &r) != 0) {
        perror("cs_batchgcd");
        return 1;
    }
    w = wall() - w;
    c = cpu() - c;
    printf("gcd n=%zu bits=%u memory_limit_mb=%zu: wall %.1f s, cpu %.1f s, peak GMP %.1f MB, peak RSS %ld MB "
           "(inputs and generation: %ld MB), spilled %s, groups %zu, distinct %zu, hits %zu, "
           "pairwise %llu, unsplit %zu (generation %.1f s)\n",
           n, bits, memory_mb ? memory_mb : CS_BGCD_DEFAULT_MEMORY >> 20, w, c, (double)gmp_peak / (1 << 20),
           peak_rss_kb() / 1024, rss_inputs / 1024, r.spilled ? "yes" : "no", r.groups, r.distinct, r.n_hits,
           (unsigned long long)r.pairwise, r.unsplit, gen_s);
    cs_bgcd_result_free(&r);
    free(buf);
    free(mods);
    return 0;
}

typedef enum { ROCA, FERMAT, DEBIAN, ALL } check;

static double per_key_us(const cg_rsa *keys, size_t n_keys, unsigned iter, check what)
{
    volatile unsigned sink = 0;
    char why[160];
    double c = cpu();
    for (unsigned it = 0; it < iter; it++)
        for (size_t k = 0; k < n_keys; k++) {
            cs_span m = cs_span_make(keys[k].n, keys[k].n_len);
            switch (what) {
            case ROCA: sink += cs_roca_fingerprint(m); break;
            case FERMAT: sink += cs_fermat_factor(m, CS_FERMAT_ROUNDS, NULL); break;
            case DEBIAN: sink += cs_blocklist_has_rsa(cs_debian_weak_keys(), m); break;
            case ALL: sink += cs_rsa_known_weak(m, CS_RSA_ALL_WEAKNESSES, why, sizeof why); break;
            }
        }
    (void)sink;
    return (cpu() - c) * 1e6 / ((double)iter * (double)n_keys);
}

static int bench_rules(unsigned bits, size_t n_keys, unsigned iter)
{
    /* A Debian-sized list (32,767 entries) of random fingerprints. */
    char path[] = "/tmp/certsweep-bench-keys-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f)
        return 1;
    srand(1);
    for (int i = 0; i < 32767; i++) {
        for (int j = 0; j < 2 * CS_DEBIAN_FP_LEN; j++)
            fputc("0123456789abcdef"[rand() % 16], f);
        fputc('\n', f);
    }
    fclose(f);
    setenv(CS_DEBIAN_WEAK_ENV, path, 1);
    if (!cs_debian_weak_keys())
        return 1;
    unlink(path);

    cg_rsa *keys = calloc(n_keys, sizeof *keys);
    if (!keys)
        return 1;
    for (size_t k = 0; k < n_keys; k++)
        cg_rsa_random(&keys[k], bits, (uint32_t)(1000 + k));
    printf("rules RSA-%u (%zu keys x %u): per key, CPU: ROCA %.2f us, Fermat (100 rounds) %.2f us, "
           "Debian lookup %.2f us, all three %.2f us\n",
           bits, n_keys, iter, per_key_us(keys, n_keys, iter, ROCA), per_key_us(keys, n_keys, iter, FERMAT),
           per_key_us(keys, n_keys, iter, DEBIAN), per_key_us(keys, n_keys, iter, ALL));
    for (size_t k = 0; k < n_keys; k++)
        cg_rsa_free(&keys[k]);
    free(keys);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "gcd") == 0)
        return bench_gcd(strtoull(argv[2], NULL, 10), (unsigned)atoi(argv[3]),
                         argc > 4 ? strtoull(argv[4], NULL, 10) : 0);
    if (argc >= 5 && strcmp(argv[1], "rules") == 0)
        return bench_rules((unsigned)atoi(argv[2]), strtoull(argv[3], NULL, 10), (unsigned)atoi(argv[4]));
    fprintf(stderr, "usage: keys_bench gcd N BITS [MEMORY_MB] | keys_bench rules BITS KEYS ITER\n");
    return 2;
}
