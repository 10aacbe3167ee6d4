/* The issuer from the dump: a CT get-entries file and certstream JSON
 * Lines whose chains hold the issuing CA make the issuer rules applicable
 * (and fire on crafted mismatches); the same certificates as PEM, which
 * has no chain, leave them not applicable. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "corpus_out.h"
#include "runcmd.h"

static char out[1 << 16], errb[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, errb, sizeof errb, __VA_ARGS__)

typedef struct cert {
    uint8_t *der, *ca;
    size_t len, ca_len;
} cert;

static cert make(cg_cert *g, const char *issuer_key)
{
    cert c;
    cr_assert(cg_set_issuer_key(g, issuer_key));
    c.der = cg_der(g, &c.len);
    c.ca = cg_issuer_der(issuer_key, &c.ca_len);
    cr_assert(c.der && c.ca);
    cg_free(g);
    return c;
}

/* A: compliant S/MIME; B: S/MIME whose issuer field re-encodes O; C: TLS
 * with a foreign AKI keyIdentifier. */
static void certs(cert out3[3])
{
    out3[0] = make(cg_new("smime-mailbox-strict"), "rsa2048");
    cg_cert *g = cg_new("smime-mailbox-strict");
    cg_issuer_clear(g);
    cg_issuer_add(g, "C", "US", 0);
    cg_issuer_add(g, "O", "certsweep Test", 19);
    cg_issuer_add(g, "CN", "certsweep Test CA rsa2048", 0);
    out3[1] = make(g, "rsa2048");
    g = cg_new("tls-dv");
    uint8_t aki[24] = { 0x30, 0x16, 0x80, 0x14 };
    memset(aki + 4, 0x5a, 20);
    cg_ext_set_der(g, "2.5.29.35", false, aki, sizeof aki);
    out3[2] = make(g, "p256");
}

static void write_format(const char *format, const char *dir, const cert *c, size_t n)
{
    char e[256];
    cg_writer *w = cg_writer_open(format, dir, e, sizeof e);
    cr_assert_not_null(w, "%s", e);
    size_t root_len;
    uint8_t *root = cg_issuer_der("root", &root_len);
    for (size_t i = 0; i < n; i++) {
        cg_entry x = { .der = c[i].der, .len = c[i].len, .chain = { c[i].ca, root },
                       .chain_len = { c[i].ca_len, root_len }, .timestamp_ms = 1757000000000 };
        cr_assert(cg_writer_add(w, &x));
    }
    cr_assert(cg_writer_close(w));
    free(root);
}

/* certstream's full-stream message, with the chain. */
static void write_certstream(const char *path, const cert *c, size_t n)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    static unsigned char a[1 << 14], b[1 << 14];
    for (size_t i = 0; i < n; i++) {
        EVP_EncodeBlock(a, c[i].der, (int)c[i].len);
        EVP_EncodeBlock(b, c[i].ca, (int)c[i].ca_len);
        fprintf(f,
                "{\"message_type\": \"certificate_update\", \"data\": {\"update_type\": \"X509LogEntry\", "
                "\"leaf_cert\": {\"subject\": {}, \"as_der\": \"%s\"}, \"chain\": [{\"subject\": {}, \"as_der\": "
                "\"%s\"}], \"cert_index\": %zu}}\n",
                a, b, i);
    }
    fclose(f);
}

/* "applicable" and "failed" of a rule in summary.json. */
static void counts(const char *report, const char *rule, long *applicable, long *failed)
{
    char path[1024], key[200];
    snprintf(path, sizeof path, "%s/summary.json", report);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    static char line[1 << 14];
    snprintf(key, sizeof key, "{\"id\": \"%s\"", rule);
    *applicable = *failed = -1;
    while (fgets(line, sizeof line, f)) {
        const char *p = strstr(line, key), *a, *x;
        if (p && (a = strstr(p, "\"applicable\": ")) && (x = strstr(p, "\"failed\": "))) {
            *applicable = strtol(a + 14, NULL, 10);
            *failed = strtol(x + 10, NULL, 10);
            break;
        }
    }
    fclose(f);
    cr_assert_geq(*applicable, 0, "%s not in %s", rule, path);
}

static void expect_counts(const char *report, const char *rule, long applicable, long failed)
{
    long a, f;
    counts(report, rule, &a, &f);
    cr_expect_eq(a, applicable, "%s: %s applicable %ld, want %ld", report, rule, a, applicable);
    cr_expect_eq(f, failed, "%s: %s failed %ld, want %ld", report, rule, f, failed);
}

static const struct {
    const char *rule;
    long applicable, failed;
} with_chain[] = {
    { "smime_issuer_dn_bytes_mismatch", 2, 1 }, { "smime_aki_issuer_ski_mismatch", 2, 0 },
    { "smime_sigalg_issuer_key_mismatch", 2, 0 }, { "smime_extant_ca_after_transition", 2, 0 },
    { "tls_issuer_dn_bytes_mismatch", 1, 0 },    { "tls_aki_issuer_ski_mismatch", 1, 1 },
    { "tls_sigalg_issuer_key_mismatch", 1, 0 },  { "rfc5280_issuer_name_mismatch", 3, 0 },
    { "rfc5280_aki_issuer_ski_mismatch", 3, 1 },
};
#define N_RULES (sizeof with_chain / sizeof with_chain[0])

Test(scan_chain, issuer_from_ct_chain_and_certstream_not_from_pem, .timeout = 120)
{
    char tmp[512];
    cs_test_tmpdir(tmp, sizeof tmp);
    cert c[3];
    certs(c);
    char dir[1024], jl[1024];
    snprintf(dir, sizeof dir, "%s/ct", tmp);
    write_format("ct-json", dir, c, 3);
    snprintf(dir, sizeof dir, "%s/pem", tmp);
    write_format("pem", dir, c, 3);
    snprintf(jl, sizeof jl, "%s/certstream.jsonl", tmp);
    write_certstream(jl, c, 3);

    const char *bin = cs_test_certsweep();
    cr_assert_eq(run("%s scan -q -j2 -o %s/r-ct --findings %s/ct.jsonl %s/ct", bin, tmp, tmp, tmp), 0, "%s", errb);
    cr_assert_eq(run("%s scan -q -j2 -o %s/r-cs %s", bin, tmp, jl), 0, "%s", errb);
    cr_assert_eq(run("%s scan -q -j2 -o %s/r-pem %s/pem", bin, tmp, tmp), 0, "%s", errb);
    char r[3][1024];
    snprintf(r[0], sizeof r[0], "%s/r-ct", tmp);
    snprintf(r[1], sizeof r[1], "%s/r-cs", tmp);
    snprintf(r[2], sizeof r[2], "%s/r-pem", tmp);
    for (size_t i = 0; i < N_RULES; i++) {
        expect_counts(r[0], with_chain[i].rule, with_chain[i].applicable, with_chain[i].failed);
        expect_counts(r[1], with_chain[i].rule, with_chain[i].applicable, with_chain[i].failed);
        expect_counts(r[2], with_chain[i].rule, 0, 0);
    }
    /* The crafted certificate's findings line names the rule. */
    cr_assert_eq(run("grep -c smime_issuer_dn_bytes_mismatch %s/ct.jsonl", tmp), 0);
    cr_expect_eq(strtol(out, NULL, 10), 1, "%s", out);
    for (size_t i = 0; i < 3; i++) {
        free(c[i].der);
        free(c[i].ca);
    }
}
