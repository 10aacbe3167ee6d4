/* The corpus findings through the command line: a scan of generated cases
 * reports each in corpus_findings.csv, summary.json, issuers.csv, the HTML
 * and the --findings lines; the bytes are the same for -j1 and -j4, and
 * `merge` of the states of a sharded scan writes the same
 * corpus_findings.csv as one scan. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "certgen.h"
#include "corpuscase.h"
#include "rulecheck.h"
#include "runcmd.h"

static char out[1 << 16], errb[1 << 16];

static void write_cert(const char *dir, const char *name, cg_cert *c)
{
    size_t len;
    uint8_t *der = cg_der(c, &len);
    cr_assert_not_null(der);
    cg_free(c);
    char path[512];
    snprintf(path, sizeof path, "%s/%s.der", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(der, 1, len, f), len);
    fclose(f);
    free(der);
}


/* Two shards: a duplicate serial across them, a key reused across them,
 * sequential serials within one. */
static void make_inputs(const char *dir)
{
    char a[300], b[300];
    snprintf(a, sizeof a, "%s/in/a", dir);
    snprintf(b, sizeof b, "%s/in/b", dir);
    char in[300];
    snprintf(in, sizeof in, "%s/in", dir);
    cr_assert_eq(mkdir(in, 0700), 0);
    cr_assert_eq(mkdir(a, 0700), 0);
    cr_assert_eq(mkdir(b, 0700), 0);
    write_cert(a, "dup1", cs_test_tls_cert("7f3a11c2d4e5f60718293a4b5c6d7e8f", "one.example.com", NULL));
    write_cert(b, "dup2", cs_test_tls_cert("7f3a11c2d4e5f60718293a4b5c6d7e8f", "two.example.com", NULL));
    cg_cert *k1 = cs_test_tls_cert("2a3a11c2d4e5f60718293a4b5c6d7e8f", "shop.example.com", NULL);
    cg_subject_set(k1, "O", "Shop", 0);
    cr_assert(cg_set_key(k1, "p256:3"));
    write_cert(a, "key1", k1);
    cg_cert *k2 = cs_test_tls_cert("3b3a11c2d4e5f60718293a4b5c6d7e8f", "bank.example.org", NULL);
    cg_subject_set(k2, "O", "Bank", 0);
    cr_assert(cg_set_key(k2, "p256:3"));
    write_cert(b, "key2", k2);
    for (int i = 0; i < 3; i++) {
        char serial[16], cn[64], name[16];
        snprintf(serial, sizeof serial, "%04x", 0x2000 + i);
        snprintf(cn, sizeof cn, "s%d.example.com", i);
        snprintf(name, sizeof name, "seq%d", i);
        write_cert(a, name, cs_test_tls_cert(serial, cn, NULL));
    }
}

static char *slurp(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return (char *)cs_test_read_file(path, NULL);
}

Test(corpus_scan, reports_deterministic_and_mergeable)
{
    char dir[256];
    cs_test_tmpdir(dir, sizeof dir);
    make_inputs(dir);
    const char *cs = cs_test_certsweep();
    cr_assert_eq(cs_test_runf(out, sizeof out, errb, sizeof errb, "%s scan -q -j1 -o %s/r1 --findings %s/f1.jsonl %s/in",
                              cs, dir, dir, dir), 0, "%s", errb);
    cr_assert_eq(cs_test_runf(out, sizeof out, errb, sizeof errb, "%s scan -q -j4 -o %s/r4 --findings %s/f4.jsonl %s/in",
                              cs, dir, dir, dir), 0, "%s", errb);
    char r1[300], r4[300];
    snprintf(r1, sizeof r1, "%s/r1", dir);
    snprintf(r4, sizeof r4, "%s/r4", dir);
    char *csv1 = slurp(r1, "corpus_findings.csv"), *csv4 = slurp(r4, "corpus_findings.csv");
    cr_expect_str_eq(csv1, csv4);
    cr_expect(strstr(csv1, "serial_duplicate,tls_serial_duplicate,error,") != NULL, "%s", csv1);
    cr_expect(strstr(csv1, "key_reuse,tls_spki_duplicate_across_subjects,notice,") != NULL, "%s", csv1);
    cr_expect(strstr(csv1, "serial_sequential,tls_serial_sequential,notice,") != NULL, "%s", csv1);
    char *f1 = slurp(dir, "f1.jsonl"), *f4 = slurp(dir, "f4.jsonl");
    cr_expect_str_eq(f1, f4);
    cr_expect(strstr(f1, "\"corpus_findings\":[{\"finding\":\"serial_duplicate\"") != NULL);
    char *sum = slurp(r1, "summary.json");
    cr_expect(strstr(sum, "\"findings\": {\"serial_duplicate\": 1, \"precert_mismatch\": 0, \"key_reuse\": 1, "
                          "\"ca_key_reuse\": 0, \"serial_sequential\": 1") != NULL, "%s", sum);
    char *iss = slurp(r1, "issuers.csv"), *html = slurp(r1, "index.html");
    cr_expect(strstr(iss, ",corpus_findings\r\n") != NULL);
    cr_expect(strstr(iss, ",3\r\n") != NULL, "the issuer counts its three findings: %s", iss);
    cr_expect(strstr(html, "<section id=corpus>") != NULL && strstr(html, "tls_serial_duplicate") != NULL);

    /* Sharded: a state per shard, merged. */
    cr_assert_eq(cs_test_runf(out, sizeof out, errb, sizeof errb,
                              "%s scan -q -j2 -o %s/ra --state %s/a.state %s/in/a && "
                              "%s scan -q -j2 -o %s/rb --state %s/b.state %s/in/b && "
                              "%s merge %s/a.state %s/b.state -o %s/rm",
                              cs, dir, dir, dir, cs, dir, dir, dir, cs, dir, dir, dir), 0, "%s", errb);
    char rm[300];
    snprintf(rm, sizeof rm, "%s/rm", dir);
    char *csvm = slurp(rm, "corpus_findings.csv");
    cr_expect_str_eq(csv1, csvm);
    free(csv1);
    free(csv4);
    free(csvm);
    free(f1);
    free(f4);
    free(sum);
    free(iss);
    free(html);
}

/* A scan keeps no RSA moduli unless something will use them: with --state
 * it keeps them even without --shared-primes, since a merge with a part
 * that asked for the batch GCD runs it over every part's moduli. */
Test(corpus_scan, a_state_keeps_the_moduli_without_shared_primes)
{
    char dir[256];
    cs_test_tmpdir(dir, sizeof dir);
    make_inputs(dir);
    char a[300];
    snprintf(a, sizeof a, "%s/in/a", dir);
    static const char *keys[] = { "rsa2048:5", "rsa2048:6", "rsa3072:1" }; /* moduli only shard a has */
    for (int i = 0; i < 3; i++) {
        char serial[40], cn[64], name[16];
        snprintf(serial, sizeof serial, "5c%02x11c2d4e5f60718293a4b5c6d7e8f", i);
        snprintf(cn, sizeof cn, "rsa%d.example.com", i);
        snprintf(name, sizeof name, "rsa%d", i);
        cg_cert *c = cs_test_tls_cert(serial, cn, NULL);
        cr_assert(cg_set_key(c, keys[i]));
        write_cert(a, name, c);
    }
    const char *cs = cs_test_certsweep();
    cr_assert_eq(cs_test_runf(out, sizeof out, errb, sizeof errb,
                              "%s scan -q -j2 -o %s/ra --state %s/a.state %s/in/a && "
                              "%s scan -q -j2 --shared-primes -o %s/rb --state %s/b.state %s/in/b && "
                              "%s merge %s/a.state %s/b.state -o %s/rm && "
                              "%s scan -q -j2 --shared-primes -o %s/r1 %s/in",
                              cs, dir, dir, dir, cs, dir, dir, dir, cs, dir, dir, dir, cs, dir, dir),
                 0, "%s", errb);
    char rm[300], r1[300];
    snprintf(rm, sizeof rm, "%s/rm", dir);
    snprintf(r1, sizeof r1, "%s/r1", dir);
    char *merged = slurp(rm, "summary.json"), *one = slurp(r1, "summary.json");
    const char *m = strstr(merged, "\"rsa_moduli\": "), *o = strstr(one, "\"rsa_moduli\": ");
    cr_assert(m && o, "%s", merged);
    cr_expect(strtoul(o + 14, NULL, 10) >= 3, "%s", one);
    cr_expect_eq(strtoul(m + 14, NULL, 10), strtoul(o + 14, NULL, 10), "merged: %.40s, one scan: %.40s", m, o);
    free(merged);
    free(one);
}
