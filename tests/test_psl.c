/* lint/psl.h: the Public Suffix List as libpsl loads it from the system. */
#include <criterion/criterion.h>
#include <string.h>

#include "lint/psl.h"

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

Test(psl, tlds)
{
    cr_expect(cs_psl_tld_known(s("www.example.com")));
    cr_expect(cs_psl_tld_known(s("example.XN--P1AI")));
    cr_expect_not(cs_psl_tld_known(s("server.local")));
    /* Listed only below the top: co.za, *.ck. */
    cr_expect(cs_psl_tld_known(s("www.example.co.za")));
    cr_expect(cs_psl_tld_known(s("www.anything.ck")));
    cr_expect_not(cs_psl_tld_known(s("com")), "a single label is no name under a TLD");
}

Test(psl, version_names_the_list)
{
    const char *v = cs_psl_version();
    cr_expect(strncmp(v, "libpsl ", 7) == 0, "%s", v);
    cr_expect(strstr(v, "list of ") != NULL, "%s", v);
}
