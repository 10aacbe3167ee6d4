/* certsweep-weakcerts: its certificates hold what its manifest says.  The
 * per-certificate rule named fails on each ROCA and Fermat certificate
 * and on nothing else; batch GCD over every modulus names exactly the
 * shared-prime certificates, with the prime the manifest gives. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys/batchgcd.h"
#include "rulecheck.h"
#include "runcmd.h"
#include "x509/cert.h"

#define MAX_CERTS 16

typedef struct row {
    char file[128], weakness[32], rules[64], detail[1100];
    uint8_t *der;
    size_t len;
} row;

static const char *rule_for(const char *file)
{
    return strstr(file, "smime") ? "smime_rsa_weak_key_known" : "tls_rsa_weak_key_known";
}

static void hex_of(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
    out[2 * n] = '\0';
}

Test(weakcerts, manifest_is_the_ground_truth, .timeout = 300)
{
    char dir[256], out[4096], err[4096], path[512];
    cs_test_tmpdir(dir, sizeof dir);
    int rc = cs_test_runf(out, sizeof out, err, sizeof err, "%s/certsweep-weakcerts -o %s -s 3", cs_test_bindir(), dir);
    cr_assert_eq(rc, 0, "certsweep-weakcerts: %s", err);

    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    char *manifest = (char *)cs_test_read_file(path, NULL);
    static row rows[MAX_CERTS];
    size_t n = 0;
    char *save = NULL;
    for (char *line = strtok_r(manifest, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "file\t", 5) == 0)
            continue;
        cr_assert_lt(n, MAX_CERTS);
        row *r = &rows[n++];
        char key[64];
        cr_assert_eq(sscanf(line, "%127s\t%63s\t%31s\t%63s\t%1099s", r->file, key, r->weakness, r->rules, r->detail), 5,
                     "%s", line);
        snprintf(path, sizeof path, "%s/%s", dir, r->file);
        r->der = cs_test_read_file(path, &r->len);
    }
    free(manifest);
    cr_assert_eq(n, 10, "five keys for each of two profiles");

    /* per certificate */
    cs_span moduli[MAX_CERTS];
    static cs_cert views[MAX_CERTS];
    size_t shared = 0;
    for (size_t i = 0; i < n; i++) {
        char detail[256];
        cs_result got = cs_test_rule(rule_for(rows[i].file), rows[i].der, rows[i].len, detail, sizeof detail);
        bool weak = strcmp(rows[i].rules, "-") != 0;
        cr_expect_eq(got, weak ? CS_FAIL : CS_PASS, "%s: %s", rows[i].file, detail);
        if (weak)
            cr_expect_str_eq(rows[i].rules, rule_for(rows[i].file));
        if (strcmp(rows[i].weakness, "fermat") == 0) {
            char want[64];
            snprintf(want, sizeof want, "round %s of", rows[i].detail);
            cr_expect(strstr(detail, want), "%s: %s", rows[i].file, detail);
        }
        cs_parse_error e;
        cr_assert(cs_cert_parse(&views[i], rows[i].der, rows[i].len, &e), "%s parses", rows[i].file);
        moduli[i] = views[i].spki.rsa_modulus;
        shared += strcmp(rows[i].weakness, "shared-prime") == 0;
    }

    /* the corpus finding */
    cs_bgcd_result r;
    cr_assert_eq(cs_batchgcd(moduli, n, NULL, &r), 0);
    cr_expect_eq(r.n_hits, shared);
    for (size_t h = 0; h < r.n_hits; h++) {
        const row *w = &rows[r.hits[h].index];
        cr_expect_str_eq(w->weakness, "shared-prime", "%s", w->file);
        char hex[1100];
        cr_assert_lt(2 * r.hits[h].factor_len, sizeof hex);
        hex_of(r.hits[h].factor, r.hits[h].factor_len, hex);
        cr_expect_str_eq(hex, w->detail, "%s: the shared prime", w->file);
    }
    cs_bgcd_result_free(&r);
    for (size_t i = 0; i < n; i++)
        free(rows[i].der);
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf '%s'", dir);
}
