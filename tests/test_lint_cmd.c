/* certsweep lint, end to end: input forms (DER, PEM, stdin, TBS), output
 * forms (text, JSON), exit codes equal to what the library says, every
 * kind of bad input (exit 4, a message, no crash) (start-up time:
 * bench/startup). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "certsweep.h"
#include "rulecheck.h"
#include "runcmd.h"
#include "test_api_jsoncheck.h"

static char out[1 << 18], err[1 << 16];
static char tmp[512];

#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

static const char *lint(void)
{
    static char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s lint", cs_test_certsweep());
    return cmd;
}

static const char *path_in_tmp(const char *name)
{
    static char p[8][1024];
    static int k;
    if (!tmp[0])
        cs_test_tmpdir(tmp, sizeof tmp);
    k = (k + 1) % 8;
    snprintf(p[k], sizeof p[k], "%s/%s", tmp, name);
    return p[k];
}

static const char *write_bytes(const char *name, const void *data, size_t len)
{
    const char *path = path_in_tmp(name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

/* PEM text of der (64-column base64), appended to buf. */
static size_t pem(char *buf, size_t size, const char *label, const uint8_t *der, size_t len)
{
    size_t used = (size_t)snprintf(buf, size, "-----BEGIN %s-----\n", label);
    for (size_t i = 0; i < len; i += 48) {
        size_t n = len - i < 48 ? len - i : 48;
        cr_assert_lt(used + 80, size);
        used += (size_t)EVP_EncodeBlock((unsigned char *)buf + used, der + i, (int)n);
        buf[used++] = '\n';
    }
    used += (size_t)snprintf(buf + used, size - used, "-----END %s-----\n", label);
    return used;
}

static uint8_t *cg(const char *profile, size_t *len, bool tbs)
{
    cg_cert *g = cg_new(profile);
    cr_assert_not_null(g);
    uint8_t *der = tbs ? cg_tbs_der(g, len) : cg_der(g, len);
    cr_assert_not_null(der);
    cg_free(g);
    return der;
}

/* Expected exit code of lint for der, from the library. */
static int expected_status(const uint8_t *der, size_t len)
{
    csw_ruleset *rs = csw_ruleset_open(NULL, NULL, 0);
    csw_findings *f = csw_lint_der(rs, der, len, CSW_LINT_DETECT | CSW_LINT_SINGLE, NULL, 0);
    int st = !f ? 4 : csw_findings_worst(f) == CSW_SEV_ERROR ? 3 : 0;
    csw_findings_free(f);
    csw_ruleset_close(rs);
    return st;
}

Test(lint_cmd, help_version_and_usage_errors)
{
    cr_expect_eq(run("%s --help", lint()), 0);
    cr_expect(strstr(out, "usage: certsweep lint") && strstr(out, "Exit status"), "%s", out);
    cr_expect_eq(run("%s --version", lint()), 0);
    cr_expect(strstr(out, CS_VERSION) != NULL);
    cr_expect_eq(run("%s --no-such-option", lint()), 2);
    cr_expect_eq(run("%s a b", lint()), 2);
    cr_expect(strstr(err, "one FILE") != NULL, "%s", err);
    cr_expect_eq(run("%s --rules no_such_rule /dev/null", lint()), 2);
    cr_expect(strstr(err, "no_such_rule") != NULL, "%s", err);
}

Test(lint_cmd, der_pem_and_stdin_give_the_same_findings)
{
    size_t len;
    uint8_t *der = cg("smime-mailbox-strict", &len, false);
    const char *d = write_bytes("c.der", der, len);
    static char text[1 << 16];
    /* Explanatory text around the block is allowed (RFC 7468). */
    size_t n = (size_t)snprintf(text, sizeof text, "subject: whatever\r\n");
    n += pem(text + n, sizeof text - n, "CERTIFICATE", der, len);
    const char *p = write_bytes("c.pem", text, n);
    int want = expected_status(der, len);

    static char a[1 << 18], b[1 << 18];
    cr_expect_eq(run("%s %s", lint(), d), want, "%s", err);
    snprintf(a, sizeof a, "%s", out);
    cr_expect_eq(run("%s %s", lint(), p), want, "%s", err);
    cr_expect_str_eq(out, a);
    cr_expect_eq(run("%s - < %s", lint(), p), want);
    cr_expect_str_eq(out, a);
    cr_expect_eq(run("%s < %s", lint(), d), want);
    cr_expect_str_eq(out, a);
    cr_expect(strstr(err, "certsweep lint:") != NULL, "summary on stderr: %s", err);
    cr_expect_eq(run("%s -q %s", lint(), d), want);
    cr_expect_str_eq(err, "");

    /* JSON: one valid line whose sha256 is the certificate's. */
    cr_expect_eq(run("%s --json %s", lint(), d), want);
    cr_expect(json_valid(out, strlen(out)), "%s", out);
    snprintf(a, sizeof a, "%s", out);
    const uint8_t *sha;
    csw_ruleset *rs = csw_ruleset_open(NULL, NULL, 0);
    csw_findings *f = csw_lint_der(rs, der, len, 0, NULL, 0);
    sha = csw_findings_sha256(f);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sha[i]);
    cr_expect(strncmp(a, "{\"sha256\":\"", 11) == 0 && strncmp(a + 11, hex, 64) == 0, "%s", a);
    /* The PEM's line differs only in its origin (offset and line of BEGIN). */
    cr_expect_eq(run("%s --json %s", lint(), p), want);
    snprintf(b, sizeof b, "%s", out);
    cr_expect(strstr(b, "\"offset\":19,\"line\":2,") != NULL, "%s", b);
    cr_expect_str_eq(strstr(a, ",\"issuer\":"), strstr(b, ",\"issuer\":"));
    /* The same line the library writes. */
    char *lib = csw_findings_to_json(f, d, 0, -1);
    cr_expect_str_eq(a, lib);
    csw_free(lib);
    csw_findings_free(f);
    csw_ruleset_close(rs);
    free(der);
}

Test(lint_cmd, tbs_detected_and_forced)
{
    size_t len;
    uint8_t *tbs = cg("tls-dv", &len, true);
    const char *t = write_bytes("c.tbs", tbs, len);
    int want = expected_status(tbs, len);
    cr_expect_neq(want, 4);
    cr_expect_eq(run("%s --json %s", lint(), t), want, "%s", err);
    cr_expect(strstr(out, "\"tbs\":true") != NULL, "%s", out);
    cr_expect_eq(run("%s --tbs %s", lint(), t), want, "%s", err);
    cr_expect(strstr(err, "TBSCertificate") != NULL, "%s", err);
    /* Forcing --tbs on a full certificate is bad input. */
    size_t clen;
    uint8_t *cert = cg("tls-dv", &clen, false);
    const char *c = write_bytes("full.der", cert, clen);
    cr_expect_eq(run("%s --tbs %s", lint(), c), 4);
    cr_expect(strstr(err, "not a TBSCertificate") != NULL, "%s", err);
    free(cert);
    free(tbs);
}

static void expect_bad_input(const char *path, const char *why, const char *msg)
{
    int st = run("%s %s", lint(), path);
    cr_expect_eq(st, 4, "%s: exit %d, stderr %s", why, st, err);
    cr_expect_str_eq(out, "", "%s: nothing on stdout", why);
    cr_expect(strstr(err, msg) != NULL, "%s: stderr says '%s': %s", why, msg, err);
}

Test(lint_cmd, bad_input_exits_4_with_a_message)
{
    size_t len;
    uint8_t *der = cg("tls-ov", &len, false);
    static char text[1 << 17];

    expect_bad_input(write_bytes("empty", "", 0), "empty", "empty input");
    expect_bad_input(write_bytes("text", "hello, world\n", 13), "text", "not a certificate");
    expect_bad_input(write_bytes("trunc.der", der, len / 2), "truncated DER", "not a certificate");
    expect_bad_input(write_bytes("one-byte", der, 1), "one byte", "not a certificate");

    uint8_t *two = malloc(2 * len);
    memcpy(two, der, len);
    memcpy(two + len, der, len);
    expect_bad_input(write_bytes("two.der", two, 2 * len), "two DER", "more than one certificate");

    size_t n = pem(text, sizeof text, "CERTIFICATE", der, len);
    n += pem(text + n, sizeof text - n, "CERTIFICATE", der, len);
    expect_bad_input(write_bytes("two.pem", text, n), "two PEM", "more than one certificate");

    n = pem(text, sizeof text, "PRIVATE KEY", der, 40);
    expect_bad_input(write_bytes("key.pem", text, n), "a key", "no certificate");

    n = pem(text, sizeof text, "CERTIFICATE", der, len);
    text[40] = '!';
    expect_bad_input(write_bytes("badb64.pem", text, n), "bad base64", "bad base64");

    n = pem(text, sizeof text, "CERTIFICATE", der, len);
    char *end = strstr(text, "-----END");
    expect_bad_input(write_bytes("noend.pem", text, (size_t)(end - text)), "no END", "no END line");

    n = pem(text, sizeof text, "CERTIFICATE", der, len / 2);
    expect_bad_input(write_bytes("truncpem.pem", text, n), "truncated PEM", "not a certificate");

    /* Unreadable input is a failure to run (1), not bad input. */
    cr_expect_eq(run("%s %s", lint(), path_in_tmp("does-not-exist")), 1);
    cr_expect(strstr(err, "cannot open") != NULL, "%s", err);
    cr_expect_eq(run("%s %s", lint(), tmp), 1, "a directory: %s", err);
    free(two);
    free(der);
}

/* Every 20th certificate of the real sample: the exit status is the library's, and the
 * JSON line is valid. */
Test(lint_cmd, exit_codes_match_the_library_on_real_certificates, .timeout = 120)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/real", cs_test_sample_dir());
    DIR *top = opendir(dir);
    if (!top)
        cr_skip_test("no corpus in %s", dir);
    size_t seen = 0, ran = 0, by_status[5] = { 0 };
    for (struct dirent *s; (s = readdir(top)) != NULL;) {
        if (s->d_name[0] == '.')
            continue;
        char sub[4096 + 300];
        snprintf(sub, sizeof sub, "%s/%s", dir, s->d_name);
        DIR *d = opendir(sub);
        if (!d)
            continue;
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            if (e->d_name[0] == '.' || seen++ % 20 != 0)
                continue;
            char path[4096 + 600];
            snprintf(path, sizeof path, "%s/%s", sub, e->d_name);
            size_t len;
            uint8_t *der = cs_test_read_file(path, &len);
            int want = expected_status(der, len);
            int got = run("%s --json '%s'", lint(), path);
            cr_expect_eq(got, want, "%s: exit %d, library says %d; %s", path, got, want, err);
            if (want != 4)
                cr_expect(json_valid(out, strlen(out)), "%s: %s", path, out);
            by_status[got >= 0 && got <= 4 ? got : 1]++;
            ran++;
            free(der);
        }
        closedir(d);
    }
    closedir(top);
    cr_log_info("lint over %zu real certificates: %zu exit 0, %zu exit 3, %zu exit 4", ran, by_status[0],
                by_status[3], by_status[4]);
}

Test(lint_cmd, issuer_option)
{
    /* A certificate whose issuer field re-encodes the test CA's name. */
    cg_cert *g = cg_new("smime-mailbox-strict");
    cr_assert_not_null(g);
    cg_issuer_clear(g);
    cg_issuer_add(g, "C", "US", 0);
    cg_issuer_add(g, "O", "certsweep Test", 19);
    cg_issuer_add(g, "CN", "certsweep Test CA rsa2048", 0);
    size_t len, ca_len;
    uint8_t *der = cg_der(g, &len), *ca = cg_issuer_der("rsa2048", &ca_len);
    cg_free(g);
    cr_assert(der && ca);
    const char *d = write_bytes("iss.der", der, len);
    static char text[1 << 16];
    size_t n = pem(text, sizeof text, "CERTIFICATE", ca, ca_len);
    const char *cap = write_bytes("ca.pem", text, n);
    const char *cad = write_bytes("ca.der", ca, ca_len);

    cr_expect_eq(run("%s -q %s", lint(), d), 0, "%s", err);
    cr_expect(strstr(out, "smime_issuer_dn_bytes_mismatch") == NULL, "not applicable without the issuer");
    cr_expect_eq(run("%s -q --issuer %s %s", lint(), cap, d), 3, "%s", err);
    cr_expect(strstr(out, "error smime_issuer_dn_bytes_mismatch: ") != NULL, "%s", out);
    static char first[sizeof out];
    snprintf(first, sizeof first, "%s", out);
    cr_expect_eq(run("%s -q --issuer %s - < %s", lint(), cad, d), 3, "%s", err);
    cr_expect_str_eq(out, first, "PEM or DER issuer, file or stdin certificate: the same");
    cr_expect_eq(run("%s --json --issuer %s %s", lint(), cap, d), 3);
    cr_expect(json_valid(out, strlen(out)) && strstr(out, "smime_issuer_dn_bytes_mismatch"), "%s", out);

    /* The issuer must be exactly one certificate: otherwise a usage error. */
    const char *junk = write_bytes("junk.der", "\x30\x03\x02\x01\x01", 5);
    cr_expect_eq(run("%s --issuer %s %s", lint(), junk, d), 2);
    cr_expect(strstr(err, "issuer") != NULL, "%s", err);
    n = pem(text, sizeof text, "CERTIFICATE", ca, ca_len);
    n += pem(text + n, sizeof text - n, "CERTIFICATE", ca, ca_len);
    const char *chain = write_bytes("chain.pem", text, n);
    cr_expect_eq(run("%s --issuer %s %s", lint(), chain, d), 2);
    cr_expect(strstr(err, "more than one certificate") != NULL, "%s", err);
    cr_expect_eq(run("%s --issuer /dev/null %s", lint(), d), 2, "an empty issuer file is not ignored");
    cr_expect(strstr(err, "issuer: empty") != NULL, "%s", err);
    cr_expect_eq(run("%s --issuer %s/none.pem %s", lint(), tmp, d), 1);
    cr_expect(strstr(err, "cannot open issuer") != NULL, "%s", err);
    cr_expect_eq(run("%s --issuer - -", lint()), 2);
    cr_expect_eq(run("%s --help", lint()), 0);
    cr_expect(strstr(out, "--issuer FILE") != NULL);
    free(der);
    free(ca);
}
