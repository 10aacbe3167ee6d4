/* The certsweep command over the whole shared corpus (../shared, `make
 * check-corpus`): every record is accounted for, and everything a strict
 * parser (pyca/cryptography, per the manifest) accepts is linted. */
#include <criterion/criterion.h>

#include "rulecheck.h"
#include "runcmd.h"

Test(cli_corpus, scan_real_corpus_totals, .timeout = 300)
{
    cs_test_scan_real_totals(cs_test_shared_dir(), 5361, 5138);
}
