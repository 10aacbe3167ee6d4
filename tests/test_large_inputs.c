/* Large plain inputs are read to their end (issue 14 item 1): a DER file
 * and a PEM file half as large again as the decompression guard's
 * threshold (CS_BOMB_MIN: 96 MiB each), generated here under a temporary
 * directory from a few certificates made with OpenSSL, are scanned as a
 * file, as standard input redirected from the file (seekable) and
 * through a pipe, and every record is counted: no decompression guard on
 * data that is not decompressed.  Past the threshold, more bytes test
 * nothing more. */
#include "ingest/ingest_int.h"
#include "rulecheck.h"
#include "test_ingest_util.h"

#define LARGE (CS_BOMB_MIN + CS_BOMB_MIN / 2)

static char dir[512];
static char out[1 << 16], err[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

static void setup(void) { cs_test_tmpdir(dir, sizeof dir); }
static void teardown(void)
{
    if (*dir)
        run("rm -rf %s", dir);
}

TestSuite(large, .init = setup, .fini = teardown, .timeout = 600);

/* Writes copies of the three files name0..2 round robin into big until
 * it holds at least `bytes`; returns the number of copies. */
static unsigned long long make_big(const char *ext, const char *big, unsigned long long bytes)
{
    char p[700];
    uint8_t *c[3];
    size_t len[3];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/c%d.%s", dir, i, ext);
        c[i] = cs_test_read_file(p, &len[i]);
    }
    /* One block of 3 * 64 copies, written again and again. */
    size_t block_len = 64 * (len[0] + len[1] + len[2]);
    uint8_t *block = malloc(block_len), *w = block;
    cr_assert_not_null(block);
    for (int k = 0; k < 64; k++)
        for (int i = 0; i < 3; i++) {
            memcpy(w, c[i], len[i]);
            w += len[i];
        }
    snprintf(p, sizeof p, "%s/%s", dir, big);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    unsigned long long written = 0, copies = 0;
    while (written < bytes) {
        cr_assert_eq(fwrite(block, 1, block_len, f), block_len);
        written += block_len;
        copies += 3 * 64;
    }
    cr_assert_eq(fclose(f), 0);
    free(block);
    for (int i = 0; i < 3; i++)
        free(c[i]);
    return copies;
}

/* Scans the input as `pre certsweep scan ... arg` and checks that every
 * one of `want` records was read and linted, and the input complete. */
static void scan_all(const char *pre, const char *arg, unsigned long long want)
{
    int st = run("cd %s && %s %s scan -q -j 2 -r rfc5280 -o out %s", dir, pre, cs_test_certsweep(), arg);
    cr_assert_eq(st, 0, "%s %s: exit %d: %s", pre, arg, st, err);
    char summary[700];
    snprintf(summary, sizeof summary, "%s/out/summary.json", dir);
    cr_expect_eq(cs_test_json_int(summary, "records_read"), (long long)want, "%s %s", pre, arg);
    cr_expect_eq(cs_test_json_int(summary, "certificates_linted"), (long long)want, "%s %s", pre, arg);
    cr_expect_eq(cs_test_json_int(summary, "parse_failures"), 0, "%s %s", pre, arg);
    size_t len;
    char *text = (char *)cs_test_read_file(summary, &len);
    cr_expect(strstr(text, "\"partial\": false") != NULL, "%s %s", pre, arg);
    cr_expect(strstr(text, "\"complete\": true") != NULL, "%s %s", pre, arg);
    free(text);
    cr_expect(strstr(err, "decompression") == NULL, "%s %s: %s", pre, arg, err);
    run("rm -rf %s/out", dir);
}

static void scan_three_ways(const char *big, unsigned long long want)
{
    char arg[64], pre[64];
    scan_all("", big, want);
    snprintf(arg, sizeof arg, "- < %s", big);
    scan_all("", arg, want);
    snprintf(pre, sizeof pre, "cat %s |", big);
    scan_all(pre, "-", want);
}

Test(large, der_past_the_guard_as_file_stdin_and_pipe)
{
    make_certs(dir, 3);
    scan_three_ways("big.der", make_big("der", "big.der", LARGE));
}

Test(large, pem_past_the_guard_as_file_stdin_and_pipe)
{
    make_certs(dir, 3);
    scan_three_ways("big.pem", make_big("pem", "big.pem", LARGE));
}
