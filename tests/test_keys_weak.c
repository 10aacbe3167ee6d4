/* keys/roca, keys/fermat, keys/debian_weak, keys/weak_rsa: the known-weak
 * RSA key checks, on keys from corpus-tools/lib/weakkeys with ground
 * truth (which is itself checked here: the shared prime is shared, the
 * ROCA primes have the library's form, Fermat's round is exact). */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h> /* before gmp.h, which declares its FILE functions only after it */
#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keys/batchgcd.h"
#include "keys/debian_weak.h"
#include "keys/fermat.h"
#include "keys/roca.h"
#include "keys/weak_rsa.h"
#include "rulecheck.h"
#include "runcmd.h"
#include "weakkeys.h"

static cs_span n_of(const cg_rsa *k) { return cs_span_make(k->n, k->n_len); }

static void get(mpz_ptr z, const uint8_t *p, size_t len) { mpz_import(z, len, 1, 1, 1, 0, p); }

/* ---- ROCA ---- */

/* The first entries of the published detector's table (crocs-muni/roca,
 * detect.py "prints"): bit x set when x is a power of 65537 mod r. */
Test(roca, masks_are_the_published_ones)
{
    static const unsigned long long prints[] = { 6, 30, 126, 1026, 5658, 107286, 199410, 8388606 };
    cr_assert_eq(cs_roca_primes[0], 3);
    cr_assert_eq(cs_roca_primes[CS_ROCA_PRIMES - 1], 167);
    for (unsigned i = 0; i < sizeof prints / sizeof prints[0]; i++) {
        unsigned long long mask = 0;
        for (unsigned x = 0; x < cs_roca_primes[i]; x++)
            if (cs_roca_residue_allowed(i, x))
                mask |= 1ull << x;
        cr_expect_eq(mask, prints[i], "prime %u: %llu", cs_roca_primes[i], mask);
    }
    cr_expect_not(cs_roca_residue_allowed(0, 3), "out of range");
    cr_expect_not(cs_roca_residue_allowed(CS_ROCA_PRIMES, 1), "out of range");
}

Test(roca, library_keys_carry_the_fingerprint, .timeout = 120)
{
    static const unsigned sizes[] = { 512, 1024, 2048 };
    for (unsigned s = 0; s < 3; s++) {
        cg_rsa k;
        cg_rsa_roca(&k, sizes[s], s + 1);
        mpz_t n;
        mpz_init(n);
        get(n, k.n, k.n_len);
        cr_expect_eq(mpz_sizeinbase(n, 2), sizes[s]);
        mpz_clear(n);
        cr_expect(cs_roca_fingerprint(n_of(&k)), "%u-bit ROCA key", sizes[s]);
        /* each prime alone has the form: p mod r is a power of 65537 */
        cr_expect(cs_roca_fingerprint(cs_span_make(k.p, k.p_len)));
        cr_expect(cs_roca_fingerprint(cs_span_make(k.q, k.q_len)));
        uint8_t der[1 + 512];
        der[0] = 0;
        memcpy(der + 1, k.n, k.n_len);
        cr_expect(cs_roca_fingerprint(cs_span_make(der, k.n_len + 1)), "leading zero octet ignored");
        cg_rsa_free(&k);
    }
}

Test(roca, other_moduli_do_not)
{
    for (uint32_t seed = 1; seed <= 8; seed++) {
        cg_rsa k;
        cg_rsa_random(&k, 1024, seed);
        cr_expect_not(cs_roca_fingerprint(n_of(&k)), "random key %u", seed);
        cg_rsa_free(&k);
    }
    /* a ROCA modulus times 3: 0 mod 3 is never a power of 65537 */
    cg_rsa k;
    cg_rsa_roca(&k, 512, 9);
    mpz_t n;
    mpz_init(n);
    get(n, k.n, k.n_len);
    mpz_mul_ui(n, n, 3);
    uint8_t buf[128];
    size_t len;
    mpz_export(buf, &len, 1, 1, 1, 0, n);
    cr_expect_not(cs_roca_fingerprint(cs_span_make(buf, len)));
    mpz_clear(n);
    cg_rsa_free(&k);
    cr_expect_not(cs_roca_fingerprint(cs_span_make(NULL, 0)));
    static const uint8_t one[] = { 1 };
    cr_expect(cs_roca_fingerprint(cs_span_make(one, 1)), "1 = 65537^0 mod every r: it has the fingerprint");
}

/* ---- Fermat ---- */

Test(fermat, rounds_match_the_ground_truth)
{
    static const unsigned targets[] = { 1, 2, 50, 100, 101, 150 };
    for (unsigned t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        cg_rsa k;
        cg_rsa_close_primes(&k, 2048, targets[t], t + 1);
        unsigned truth = k.fermat_round, round = 0;
        cr_assert_gt(truth, 0);
        cr_expect_leq(truth, 2 * targets[t] + 2, "about %u rounds: %u", targets[t], truth);
        cr_expect(cs_fermat_factor(n_of(&k), truth, &round), "target %u: found in %u rounds", targets[t], truth);
        cr_expect_eq(round, truth);
        cr_expect_not(cs_fermat_factor(n_of(&k), truth - 1, NULL), "not in %u rounds", truth - 1);
        cr_expect_eq(cs_fermat_factor(n_of(&k), CS_FERMAT_ROUNDS, NULL), truth <= CS_FERMAT_ROUNDS);
        cg_rsa_free(&k);
    }
}

Test(fermat, random_keys_squares_primes_and_small_values)
{
    cg_rsa k;
    cg_rsa_random(&k, 2048, 3);
    cr_expect_not(cs_fermat_factor(n_of(&k), CS_FERMAT_ROUNDS, NULL));
    /* p * p: round 1 (zlint, starting above sqrt(n), would miss it) */
    mpz_t p, n;
    mpz_inits(p, n, NULL);
    get(p, k.p, k.p_len);
    mpz_mul(n, p, p);
    uint8_t buf[512];
    size_t len;
    mpz_export(buf, &len, 1, 1, 1, 0, n);
    unsigned round = 0;
    cr_expect(cs_fermat_factor(cs_span_make(buf, len), 1, &round));
    cr_expect_eq(round, 1);
    /* a prime splits only as p * 1 */
    cr_expect_not(cs_fermat_factor(cs_span_make(k.p, k.p_len), 1000, NULL));
    static const uint8_t five[] = { 5 }, nine[] = { 9 }, fifteen[] = { 0, 15 };
    cr_expect_not(cs_fermat_factor(cs_span_make(five, 1), 100, NULL), "5 = 3^2 - 2^2 = 5 * 1");
    cr_expect(cs_fermat_factor(cs_span_make(nine, 1), 100, NULL), "9 = 3 * 3");
    cr_expect(cs_fermat_factor(cs_span_make(fifteen, 2), 100, &round), "15 = 4^2 - 1 = 5 * 3");
    cr_expect_eq(round, 1);
    cr_expect_not(cs_fermat_factor(cs_span_make(NULL, 0), 100, NULL));
    mpz_clears(p, n, NULL);
    cg_rsa_free(&k);
}

/* ---- Debian blocklist ---- */

/* SHA-1("Modulus=C35A\n") ends in f63eac3c0dd3804b3701 (python3 hashlib). */
Test(debian, fingerprint_known_answer)
{
    static const uint8_t n[] = { 0x00, 0xc3, 0x5a }, want[] = { 0xf6, 0x3e, 0xac, 0x3c, 0x0d,
                                                               0xd3, 0x80, 0x4b, 0x37, 0x01 };
    uint8_t fp[CS_DEBIAN_FP_LEN];
    cs_debian_fingerprint(cs_span_make(n, sizeof n), fp);
    cr_expect_arr_eq(fp, want, sizeof want);
}

static void hex_fp(cs_span n, char out[2 * CS_DEBIAN_FP_LEN + 1])
{
    uint8_t fp[CS_DEBIAN_FP_LEN];
    cs_debian_fingerprint(n, fp);
    for (int i = 0; i < CS_DEBIAN_FP_LEN; i++)
        sprintf(out + 2 * i, "%02x", fp[i]);
}

static void remove_dir(const char *dir)
{
    char out[256], err[256];
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf '%s'", dir);
}

Test(debian, lists_files_and_directories)
{
    cg_rsa a, b, c;
    cg_rsa_random(&a, 1024, 11);
    cg_rsa_random(&b, 1024, 12);
    cg_rsa_random(&c, 1024, 13);
    char fa[21], fb[21], dir[256], path[300], text[600];
    hex_fp(n_of(&a), fa);
    hex_fp(n_of(&b), fb);
    cs_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/blacklist.RSA-1024", dir);
    /* a comment, a 20-digit line, a 40-digit SHA-1 (upper case), junk, a very long line */
    char longline[400];
    memset(longline, 'a', sizeof longline - 2);
    longline[sizeof longline - 2] = '\n';
    longline[sizeof longline - 1] = '\0';
    snprintf(text, sizeof text, "# openssl-blacklist style\n%s\n  0123456789012345678901234567890123456789\n"
             "not hex\n%s", fa, longline);
    cs_test_write_file(path, text);
    cs_blocklist *list = cs_blocklist_load(path);
    cr_assert_not_null(list, "%s", strerror(errno));
    cr_expect_eq(cs_blocklist_size(list), 2);
    cr_expect(cs_blocklist_has_rsa(list, n_of(&a)));
    cr_expect_not(cs_blocklist_has_rsa(list, n_of(&b)));
    cs_blocklist_free(list);

    /* a directory: every regular file, duplicates merged */
    for (char *p = fb; *p; p++)
        *p = (char)(*p >= 'a' ? *p - 32 : *p); /* upper case hex */
    snprintf(path, sizeof path, "%s/blacklist.RSA-2048", dir);
    snprintf(text, sizeof text, "%s\n%s\r\n", fb, fa);
    cs_test_write_file(path, text);
    list = cs_blocklist_load(dir);
    cr_assert_not_null(list);
    cr_expect_eq(cs_blocklist_size(list), 3);
    cr_expect(cs_blocklist_has_rsa(list, n_of(&a)));
    cr_expect(cs_blocklist_has_rsa(list, n_of(&b)));
    cr_expect_not(cs_blocklist_has_rsa(list, n_of(&c)));
    cs_blocklist_free(list);

    snprintf(path, sizeof path, "%s/empty", dir);
    cs_test_write_file(path, "# nothing\n");
    errno = 0;
    cr_expect_null(cs_blocklist_load(path));
    cr_expect_eq(errno, EINVAL);
    snprintf(path, sizeof path, "%s/absent", dir);
    errno = 0;
    cr_expect_null(cs_blocklist_load(path));
    cr_expect_eq(errno, ENOENT);
    cr_expect_not(cs_blocklist_has_rsa(NULL, n_of(&a)));
    remove_dir(dir);
    cg_rsa_free(&a);
    cg_rsa_free(&b);
    cg_rsa_free(&c);
}

/* The process list comes from the environment (each Criterion test runs
 * in its own process, so the once-only load sees this test's setenv). */
Test(debian, process_list_from_environment)
{
    cg_rsa a;
    cg_rsa_random(&a, 1024, 21);
    char fa[21], dir[256], path[300], line[32];
    hex_fp(n_of(&a), fa);
    cs_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/list", dir);
    snprintf(line, sizeof line, "%s\n", fa);
    cs_test_write_file(path, line);
    setenv(CS_DEBIAN_WEAK_ENV, path, 1);
    cr_assert_not_null(cs_debian_weak_keys());
    char why[160];
    cr_expect_eq(cs_rsa_known_weak(n_of(&a), CS_RSA_ALL_WEAKNESSES, why, sizeof why), CS_RSA_DEBIAN);
    cr_expect(strstr(why, "Debian weak key"), "%s", why);
    cr_expect_eq(cs_rsa_known_weak(n_of(&a), CS_RSA_ROCA | CS_RSA_FERMAT, why, sizeof why), CS_RSA_NOT_WEAK,
                 "not asked for");
    cr_expect_str_empty(why);
    remove_dir(dir);
    cg_rsa_free(&a);
}

Test(debian, no_list_no_debian_check)
{
    unsetenv(CS_DEBIAN_WEAK_ENV);
    cr_expect_null(cs_debian_weak_keys());
}

/* ---- the combined check ---- */

Test(weak_rsa, names_each_weakness)
{
    unsetenv(CS_DEBIAN_WEAK_ENV);
    char why[160];
    cg_rsa k;
    cg_rsa_roca(&k, 2048, 31);
    cr_expect_eq(cs_rsa_known_weak(n_of(&k), CS_RSA_ALL_WEAKNESSES, why, sizeof why), CS_RSA_ROCA);
    cr_expect(strstr(why, "ROCA"), "%s", why);
    cr_expect_eq(cs_rsa_known_weak(n_of(&k), CS_RSA_FERMAT, why, sizeof why), CS_RSA_NOT_WEAK);
    cg_rsa_free(&k);

    cg_rsa_close_primes(&k, 2048, 10, 32);
    cr_expect_eq(cs_rsa_known_weak(n_of(&k), CS_RSA_ALL_WEAKNESSES, why, sizeof why), CS_RSA_FERMAT);
    char want[64];
    snprintf(want, sizeof want, "in round %u of 100", k.fermat_round);
    cr_expect(strstr(why, want), "%s", why);
    cg_rsa_free(&k);

    cg_rsa_random(&k, 2048, 33);
    cr_expect_eq(cs_rsa_known_weak(n_of(&k), CS_RSA_ALL_WEAKNESSES, why, sizeof why), CS_RSA_NOT_WEAK);
    cr_expect_str_empty(why);
    cg_rsa_free(&k);
}

Test(weak_rsa, oversized_moduli_are_not_checked)
{
    /* 16384 bits (with a DER leading zero): checked; one octet more: not */
    static uint8_t n[1 + CS_RSA_WEAK_MAX_BITS / 8 + 1];
    memset(n, 0xff, sizeof n);
    n[0] = 0;
    char why[160] = "x";
    cr_expect(cs_rsa_weak_checkable(cs_span_make(n, sizeof n - 1)), "16384 bits after the leading zero");
    cr_expect_not(cs_rsa_weak_checkable(cs_span_make(n, sizeof n)));
    cr_expect_eq(cs_rsa_known_weak(cs_span_make(n, sizeof n), CS_RSA_ALL_WEAKNESSES, why, sizeof why),
                 CS_RSA_NOT_WEAK);
    cr_expect_str_empty(why);
    cr_expect_not(cs_rsa_weak_checkable(cs_span_make(n, 1)), "zero");
}

/* ---- the generators' ground truth ---- */

Test(weakkeys, shared_prime_pair_is_what_batch_gcd_finds)
{
    cg_rsa a, b, c;
    cg_rsa_shared_prime(&a, &b, 1024, 41);
    cg_rsa_random(&c, 1024, 41);
    cr_expect(a.p_len == b.p_len && memcmp(a.p, b.p, a.p_len) == 0, "p shared");
    cr_expect(a.q_len != b.q_len || memcmp(a.q, b.q, a.q_len) != 0, "q not shared");
    cs_span in[] = { n_of(&a), n_of(&c), n_of(&b) };
    cs_bgcd_result r;
    cr_assert_eq(cs_batchgcd(in, 3, NULL, &r), 0);
    cr_assert_eq(r.n_hits, 2);
    cr_expect_eq(r.hits[0].index, 0);
    cr_expect_eq(r.hits[1].index, 2);
    for (int h = 0; h < 2; h++)
        cr_expect(r.hits[h].factor_len == a.p_len && memcmp(r.hits[h].factor, a.p, a.p_len) == 0, "names p");
    cs_bgcd_result_free(&r);
    cg_rsa_free(&a);
    cg_rsa_free(&b);
    cg_rsa_free(&c);
}

Test(weakkeys, deterministic_and_full_size)
{
    cg_rsa a, b;
    cg_rsa_random(&a, 2048, 5);
    cg_rsa_random(&b, 2048, 5);
    cr_expect(a.n_len == 256 && b.n_len == 256 && memcmp(a.n, b.n, 256) == 0);
    cr_expect(a.n[0] & 0x80, "2048 bits exactly");
    cg_rsa_free(&b);
    cg_rsa_random(&b, 2048, 6);
    cr_expect(memcmp(a.n, b.n, 256) != 0, "another seed, another key");
    mpz_t n, p, q;
    mpz_inits(n, p, q, NULL);
    get(n, a.n, a.n_len);
    get(p, a.p, a.p_len);
    get(q, a.q, a.q_len);
    mpz_mul(p, p, q);
    cr_expect_eq(mpz_cmp(n, p), 0, "n = p * q");
    mpz_clears(n, p, q, NULL);
    cg_rsa_free(&a);
    cg_rsa_free(&b);
}
