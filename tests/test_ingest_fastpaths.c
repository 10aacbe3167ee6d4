/* The reader's fast paths (issue 19) frame exactly what the slow paths
 * did: PEM body lines skip the marker search and copy whole when they
 * hold no escape; a member is taken for a nested tar only when its
 * checksum field is octal, checked before the 512-byte sum.  Needs no
 * ../shared: certificates are made with OpenSSL. */
#include "test_ingest_util.h"

static got g;
static char dir[512];
static char sha[3][65];

static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    make_certs(dir, 3);
    for (int i = 0; i < 3; i++) {
        char name[24];
        snprintf(name, sizeof name, "c%d.der", i);
        FILE *f = fopen(in_dir(dir, name), "rb");
        cr_assert_not_null(f);
        uint8_t der[4096];
        size_t n = fread(der, 1, sizeof der, f);
        fclose(f);
        hex_sha(der, n, sha[i]);
    }
}

static void teardown(void)
{
    free(g.v);
    memset(&g, 0, sizeof g);
    if (*dir)
        sh("rm -rf %s", dir);
}

TestSuite(fastpaths, .init = setup, .fini = teardown);

static void expect_certs(const int *which, size_t n)
{
    cr_assert_eq(g.n, n, "%zu records, got %zu (errors %zu)", n, g.n, g.errors);
    for (size_t i = 0; i < n; i++) {
        cr_expect(g.v[i].ok, "record %zu decodes: %s", i, g.v[i].reason);
        cr_expect_str_eq(g.v[i].sha, sha[which[i]], "record %zu is c%d", i, which[i]);
    }
}

/* Body lines with and without '-' or '\' around them: plain blocks, a
 * key block skipped, an END and the next BEGIN on one line, a block as a
 * JSON string with literal \n escapes, and '-' in text between blocks. */
Test(fastpaths, pem_lines)
{
    sh("cd %s && { cat c0.pem; cat k1.pem; echo 'text - with -- dashes'; "
       "sed '$d' c1.pem; printf -- '-----END CERTIFICATE----- -----BEGIN CERTIFICATE-----\\n'; "
       "sed '1d' c2.pem; "
       "printf '{\"pem\":\"'; awk '{ printf \"%%s\\\\n\", $0 }' c0.pem; printf '\"}\\n'; } > mixed.pem", dir);
    ingest(&g, in_dir(dir, "mixed.pem"));
    cr_assert(g.ret, "%s", g.err);
    const int want[] = { 0, 1, 2, 0 };
    expect_certs(want, 4);
    cr_expect_eq(g.errors, 0);
    cr_expect_eq(g.v[0].line, 1, "first block at line 1");
}

/* A body line that is not base64 still spoils the block (the fast path
 * keeps it), and a truncated block is still reported. */
Test(fastpaths, pem_bad_body_and_truncated)
{
    sh("cd %s && { sed '2s/^/!!/' c0.pem; cat c1.pem; sed '$d' c2.pem; } > bad.pem", dir);
    ingest(&g, in_dir(dir, "bad.pem"));
    cr_assert(g.ret, "%s", g.err);
    cr_assert_eq(g.n, 3);
    cr_expect(!g.v[0].ok, "a body with '!!' does not decode");
    cr_expect(g.v[1].ok);
    cr_expect_str_eq(g.v[1].sha, sha[1]);
    cr_expect_not_null(find_error(&g, "truncated PEM block"));
}

/* Tars inside a tar, in the old v7 format (no magic: only the checksum
 * tells) and in ustar, are opened; a DER member beside them is not taken
 * for one. */
Test(fastpaths, nested_tars_by_checksum)
{
    sh("cd %s && mkdir -p in && cp c0.der c1.der in/ && tar --format=v7 -cf v7.tar -C in c0.der && "
       "tar --format=ustar -cf us.tar -C in c1.der && cp c2.der plain.der && "
       "tar -cf outer.tar v7.tar us.tar plain.der", dir);
    ingest(&g, in_dir(dir, "outer.tar"));
    cr_assert(g.ret, "%s", g.err);
    const int want[] = { 0, 1, 2 };
    expect_certs(want, 3);
    cr_expect_str_eq(g.v[0].member, "v7.tar/c0.der");
    cr_expect_str_eq(g.v[1].member, "us.tar/c1.der");
    cr_expect_str_eq(g.v[2].member, "plain.der");
}
