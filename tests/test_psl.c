/* lint/psl.h: the Public Suffix List as libpsl loads it from the system,
 * and its version in summary.json. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "lint/psl.h"
#include "rulecheck.h"
#include "runcmd.h"

static cs_span s(const char *t) { return cs_span_make(t, strlen(t)); }

Test(psl, public_suffixes)
{
    cr_expect(cs_psl_is_public_suffix(s("com"), false));
    cr_expect(cs_psl_is_public_suffix(s("CO.UK"), false));
    cr_expect_not(cs_psl_is_public_suffix(s("example.com"), false));
    cr_expect_not(cs_psl_is_public_suffix(s("herokuapp.com"), false), "private section excluded");
    cr_expect(cs_psl_is_public_suffix(s("herokuapp.com"), true));
    /* libpsl's implicit "*" rule does not make an unknown TLD a suffix. */
    cr_expect_not(cs_psl_is_public_suffix(s("zzzz-not-a-tld"), false));
    cr_expect_not(cs_psl_is_public_suffix(s(""), false));
    cr_expect_not(cs_psl_is_public_suffix(cs_span_make("com\0x", 5), false), "NUL inside");
}

/* The per-thread answer cache: asked again, in another order, in another
 * case, with the other section setting, and after many names that evict
 * each other, every answer is the first one. */
Test(psl, answers_do_not_change_when_asked_again)
{
    static const char *names[] = { "com", "example.com", "co.uk", "foo.co.uk", "herokuapp.com", "app.herokuapp.com",
                                   "github.io", "zzzz-not-a-tld", "xn--p1ai", "ck", "www.ck", "local" };
    enum { N = sizeof names / sizeof names[0] };
    bool first[N][2];
    for (size_t i = 0; i < N; i++)
        for (int p = 0; p < 2; p++)
            first[i][p] = cs_psl_is_public_suffix(s(names[i]), p);
    cr_expect(first[4][1] && !first[4][0], "herokuapp.com: a private suffix only");
    char buf[64];
    for (int round = 0; round < 3; round++) {
        for (unsigned k = 0; k < 2000; k++) { /* fill the cache with other names */
            snprintf(buf, sizeof buf, "n%u.example%u.com", k, k % 7);
            cr_assert_not(cs_psl_is_public_suffix(s(buf), round & 1));
        }
        for (size_t j = 0; j < N; j++) {
            size_t i = round == 1 ? N - 1 - j : j;
            for (int p = 0; p < 2; p++) {
                cr_expect_eq(cs_psl_is_public_suffix(s(names[i]), p), first[i][p], "%s %d", names[i], p);
                cr_expect_eq(cs_psl_is_public_suffix(s(names[i]), !p), first[i][!p], "%s %d", names[i], !p);
                for (size_t c = 0; c < strlen(names[i]) && c < sizeof buf - 1; c++)
                    buf[c] = (char)(names[i][c] >= 'a' && names[i][c] <= 'z' ? names[i][c] - 32 : names[i][c]);
                buf[strlen(names[i])] = 0;
                cr_expect_eq(cs_psl_is_public_suffix(s(buf), p), first[i][p], "%s upper case", names[i]);
            }
        }
    }
}

Test(psl, tlds)
{
    cr_expect(cs_psl_tld_known(s("www.example.com")));
    cr_expect(cs_psl_tld_known(s("example.XN--P1AI")));
    cr_expect_not(cs_psl_tld_known(s("server.local")));
    /* Listed only below the top: co.za, *.ck. */
    cr_expect(cs_psl_tld_known(s("www.example.co.za")));
    cr_expect(cs_psl_tld_known(s("www.anything.ck")));
    cr_expect(cs_psl_tld_known(s("com")), "a TLD itself ends with a TLD");
    cr_expect_not(cs_psl_tld_known(s("localhost")));
}

Test(psl, version_names_the_list)
{
    const char *v = cs_psl_version();
    cr_expect(strncmp(v, "libpsl ", 7) == 0, "%s", v);
    cr_expect(strstr(v, "list of ") != NULL, "%s", v);
}

/* summary.json names the list the verdicts came from. */
Test(psl, summary_json_has_psl_version)
{
    char tmp[512], out[4096], err[4096], path[700];
    cs_test_tmpdir(tmp, sizeof tmp);
    cg_cert *c = cg_new("tls-dv");
    cr_assert_not_null(c);
    size_t len;
    uint8_t *der = cg_der(c, &len);
    cr_assert_not_null(der);
    snprintf(path, sizeof path, "%s/one.der", tmp);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(der, 1, len, f), len);
    fclose(f);
    free(der);
    cg_free(c);
    cr_assert_eq(cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/out %s", cs_test_certsweep(), tmp,
                              path),
                 0, "%s", err);
    snprintf(path, sizeof path, "%s/out/summary.json", tmp);
    size_t n;
    char *summary = (char *)cs_test_read_file(path, &n);
    char want[400];
    snprintf(want, sizeof want, "\"psl_version\": \"%s\"", cs_psl_version());
    cr_expect(strstr(summary, want) != NULL, "%s not in %s", want, summary);
    free(summary);
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf %s", tmp);
}
