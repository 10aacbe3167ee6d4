/* certsweep-matrix (the differential-testing corpus of make check-peers):
 * deterministic, one clean certificate per profile that certsweep passes,
 * and a manifest whose mutations name rules that exist.  The full ground
 * truth (each mutation gives exactly its rules) is checked by make
 * check-peers; here a sample of single-rule mutations is.  Also
 * cg_subject_set, the certgen edit the matrix relies on. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "rulecheck.h"
#include "runcmd.h"

static char out[1 << 20], err[1 << 16];

static char *slurp(const char *path)
{
    size_t len;
    char *p = (char *)cs_test_read_file(path, &len); /* NUL-terminated */
    cr_assert_not_null(p, "%s", path);
    return p;
}

static const char *gen(char *dir, size_t size)
{
    cs_test_tmpdir(dir, size);
    int rc = cs_test_runf(out, sizeof out, err, sizeof err, "%s/certsweep-matrix -o %s/m", cs_test_bindir(), dir);
    cr_assert_eq(rc, 0, "certsweep-matrix: %s", err);
    return dir;
}

Test(matrix, deterministic_and_manifest_names_real_rules)
{
    char a[256], b[256], pa[300], pb[300];
    gen(a, sizeof a);
    gen(b, sizeof b);
    snprintf(pa, sizeof pa, "%s/m/manifest.tsv", a);
    snprintf(pb, sizeof pb, "%s/m/manifest.tsv", b);
    char *ma = slurp(pa), *mb = slurp(pb);
    cr_assert_str_eq(ma, mb, "two runs, two manifests");
    cr_assert_gt(strlen(ma), 1000);
    /* every expected rule id is a certsweep rule */
    cs_test_runf(out, sizeof out, err, sizeof err, "%s rules --tsv | cut -f1", cs_test_certsweep());
    char *rules = strdup(out);
    char *save = NULL;
    int n = 0;
    for (char *line = strtok_r(ma, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[6] = {0}, *s2 = NULL;
        int k = 0;
        for (char *t = strtok_r(line, "\t", &s2); t && k < 6; t = strtok_r(NULL, "\t", &s2))
            f[k++] = t;
        if (k < 6 || !strcmp(f[0], "file"))
            continue;
        char *s3 = NULL;
        for (char *id = strtok_r(f[5], ",", &s3); id; id = strtok_r(NULL, ",", &s3)) {
            char needle[128];
            snprintf(needle, sizeof needle, "\n%s\n", id);
            cr_expect(strstr(rules, needle), "%s: unknown rule %s", f[4], id);
        }
        n++;
    }
    cr_assert_gt(n, 1000, "mutation certificates: %d", n);
    free(ma), free(mb), free(rules);
}

/* lint one matrix certificate (with its issuing test CA; NULL: a root, on its
 * own) and return the rule ids */
static void lint_ids(const char *dir, const char *pattern, const char *issuer_key, char *ids, size_t size)
{
    char ca[300], opt[320] = "";
    if (issuer_key) {
        snprintf(ca, sizeof ca, "%s/ca.der", dir);
        size_t len;
        uint8_t *der = cg_issuer_der(issuer_key, &len);
        FILE *f = fopen(ca, "wb");
        cr_assert(f && fwrite(der, 1, len, f) == len);
        fclose(f);
        free(der);
        snprintf(opt, sizeof opt, "--issuer %s", ca);
    }
    cs_test_runf(out, sizeof out, err, sizeof err, "%s lint -q %s %s/m/certs/*-%s.der | cut -d' ' -f2",
                 cs_test_certsweep(), opt, dir, pattern);
    size_t n = strlen(out);
    n = n < size ? n : size - 1;
    memcpy(ids, out, n);
    ids[n] = 0;
}

Test(matrix, clean_certificates_pass_and_mutations_break_their_rule)
{
    char dir[256], ids[4096];
    gen(dir, sizeof dir);
    static const char *const clean[] = {"smime-mailbox-legacy", "smime-organization-multipurpose",
                                        "smime-sponsored-strict", "smime-individual-strict"};
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        char pat[96];
        snprintf(pat, sizeof pat, "%s-clean", clean[i]);
        lint_ids(dir, pat, "rsa2048", ids, sizeof ids);
        cr_expect_str_eq(ids, "", "%s: %s", clean[i], ids);
    }
    lint_ids(dir, "tls-ov-clean", "p256", ids, sizeof ids);
    cr_expect_str_eq(ids, "", "tls-ov: %s", ids);
    lint_ids(dir, "smime-mailbox-strict-ku-missing", "rsa2048", ids, sizeof ids);
    cr_expect_str_eq(ids, "smime_ku_missing:\n");
    lint_ids(dir, "tls-dv-cn-upper-case", "p256", ids, sizeof ids);
    cr_expect_str_eq(ids, "tls_cn_not_from_san:\n");
    lint_ids(dir, "smime-organization-strict-orgid-unknown-scheme", "rsa2048", ids, sizeof ids);
    cr_expect_str_eq(ids, "smime_orgid_unknown_scheme:\n");
}

/* The TLS BR 7.1.2 CA and OCSP responder profiles: each clean certificate
 * passes, and a mutation of each breaks its rule alone. */
Test(matrix, tls_ca_and_responder_profiles)
{
    char dir[256], ids[4096];
    gen(dir, sizeof dir);
    static const struct {
        const char *pattern, *issuer, *expect;
    } cases[] = {
        {"tls-root-clean", NULL, ""},
        {"tls-cross-ca-clean", "root", ""},
        {"tls-non-tls-ca-clean", "p256", ""},
        {"tls-precert-ca-clean", "p256", ""},
        {"tls-tc-ca-clean", "root", ""},
        {"tls-ocsp-clean", "p256", ""},
        {"tls-root-eku-server-auth", NULL, "tls_root_eku_present:\n"},
        {"tls-root-validity-9133d", NULL, "tls_root_validity_range:\n"},
        {"tls-cross-ca-eku-any-and-server-auth", "root", "tls_subca_eku_invalid:\n"},
        {"tls-non-tls-ca-policy-tls-reserved", "p256", "tls_non_tls_ca_policies_invalid:\n"},
        {"tls-precert-ca-key-p384", "p256", "tls_precert_ca_spki_mismatch:\n"},
        {"tls-tc-ca-nc-dns-only", "root", "tls_tc_ca_nc_incomplete:\n"},
        {"tls-ocsp-nocheck-missing", "p256", "tls_ocsp_nocheck_missing:\n"},
        {"tls-ocsp-crldp-present", "p256", "tls_ocsp_extensions_invalid:\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lint_ids(dir, cases[i].pattern, cases[i].issuer, ids, sizeof ids);
        cr_expect_str_eq(ids, cases[i].expect, "%s: %s", cases[i].pattern, ids);
    }
}

/* The OCSP responder and the non-TLS CA are judged by their profile only
 * when the issuing TLS CA is known: alone, no TLS rule applies to them. */
Test(matrix, responder_profile_needs_its_issuer)
{
    char dir[256], ids[4096];
    gen(dir, sizeof dir);
    lint_ids(dir, "tls-ocsp-nocheck-missing", NULL, ids, sizeof ids);
    cr_expect_str_eq(ids, "", "%s", ids);
}

/* Number of certificates in the chain of an x509_entry's extra_data
 * (RFC 6962 4.6: a 24-bit length, then 24-bit-length-prefixed certificates). */
static int chain_certs(const char *b64, size_t n)
{
    uint8_t *raw = malloc(n);
    cr_assert_not_null(raw);
    int len = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n);
    cr_assert_geq(len, 3);
    while (n && b64[n - 1] == '=')
        len--, n--; /* EVP_DecodeBlock counts the padding */
    size_t total = (size_t)raw[0] << 16 | (size_t)raw[1] << 8 | raw[2], off = 3;
    cr_assert_leq(3 + total, (size_t)len);
    int k = 0;
    while (off + 3 <= 3 + total) {
        off += 3 + ((size_t)raw[off] << 16 | (size_t)raw[off + 1] << 8 | raw[off + 2]);
        k++;
    }
    free(raw);
    return k;
}

/* The CT entries carry each certificate's chain, up to three CA
 * certificates: the precertificate issued by the precertificate signing CA
 * (after the SC-92 sunset) is only recognised as such through it. */
Test(matrix, ct_entries_carry_the_issuing_chain)
{
    char dir[256], path[320];
    gen(dir, sizeof dir);
    int longest = 0, three = 0;
    for (int i = 0; i < 100; i++) {
        snprintf(path, sizeof path, "%s/m/ct-json/get-entries-%06d.json", dir, i);
        FILE *f = fopen(path, "rb");
        if (!f)
            break;
        fclose(f);
        size_t len;
        char *j = (char *)cs_test_read_file(path, &len);
        for (char *p = strstr(j, "\"extra_data\":\""); p; p = strstr(p, "\"extra_data\":\"")) {
            p += 14;
            char *end = strchr(p, '"');
            cr_assert_not_null(end);
            int k = chain_certs(p, (size_t)(end - p));
            longest = k > longest ? k : longest;
            three += k == 3;
            p = end;
        }
        free(j);
    }
    cr_expect_eq(longest, 3, "the longest chain: %d certificates", longest);
    cr_expect_eq(three, 1, "one entry (the precertificate from the signing CA) has three: %d", three);
    int rc = cs_test_runf(out, sizeof out, err, sizeof err,
                          "%s scan -q -j 2 -o %s/r --findings %s/f.jsonl %s/m/ct-json; "
                          "grep -c '\"tls_precert_signing_ca_after_sunset\"' %s/f.jsonl",
                          cs_test_certsweep(), dir, dir, dir, dir);
    cr_assert_eq(rc, 0, "%s", err);
    cr_expect_str_eq(out, "1\n", "one precertificate from the signing CA: %s", out);
}

Test(matrix, subject_set_replaces_in_place)
{
    cg_cert *c = cg_new("tls-ov");
    cr_assert_not_null(c);
    size_t before_len, after_len;
    uint8_t *before = cg_subject_der(c, &before_len);
    cg_subject_set(c, "C", "DE", 0);
    uint8_t *after = cg_subject_der(c, &after_len);
    cr_assert_eq(before_len, after_len, "same length, same place");
    /* C is the first RDN: "US" became "DE" and nothing else moved */
    size_t diffs = 0;
    for (size_t i = 0; i < after_len; i++)
        diffs += before[i] != after[i];
    cr_expect_eq(diffs, 2);
    cr_expect(memmem(after, after_len, "DE", 2) != NULL);
    cr_expect(memmem(after, after_len, "US", 2) == NULL);
    cg_subject_set(c, "OU", "IT", 0); /* absent: appended */
    free(after);
    after = cg_subject_der(c, &after_len);
    cr_expect(memmem(after + after_len - 2, 2, "IT", 2) != NULL, "appended last");
    free(before), free(after);
    cg_free(c);
}
