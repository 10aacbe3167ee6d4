/* The rules' .zlint/.pkilint cross-references against the peers themselves
 * (needs ../shared/peers, python3): every zlint name is a certificate lint
 * of `zlint -list-lints-json`, every pkilint code a finding code of
 * pkilint's S/MIME or serverauth validators, and the "no certsweep rule"
 * lists of docs/rules-xref.md are current.  The work is done by
 * tests/corpus/xref_peers.py; run from the repository root. */
#include <criterion/criterion.h>

#include "rulecheck.h"
#include "runcmd.h"

static char out[1 << 16], err[1 << 16];

Test(xref_names, every_peer_name_exists, .timeout = 300)
{
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "python3 tests/corpus/xref_peers.py %s %s names",
                          cs_test_certsweep(), cs_test_shared_dir());
    cr_expect_eq(st, 0, "%s%s", out, err);
}

Test(xref_names, unmapped_peer_checks_listed, .timeout = 300)
{
    int st = cs_test_runf(out, sizeof out, err, sizeof err,
                          "python3 tests/corpus/xref_peers.py %s %s unmapped --check docs/rules-xref.md",
                          cs_test_certsweep(), cs_test_shared_dir());
    cr_expect_eq(st, 0, "%s%s", out, err);
}
