/* Regression inputs for the parser: fuzz/regress/cert/ holds hostile inputs
 * (deep nesting, huge claimed lengths, zero-length fields, oversize
 * lists) and any crasher the fuzzer found.  Each must be handled: parse
 * or fail with a reason, never crash or read out of bounds. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "rulecheck.h"
#include "x509/cert.h"

static cs_cert C;

Test(regress, fuzz_inputs_are_handled)
{
    DIR *d = opendir("fuzz/regress/cert");
    cr_assert_not_null(d, "run from the repository root");
    struct dirent *e;
    unsigned n = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "fuzz/regress/cert/%s", e->d_name);
        size_t len;
        uint8_t *der = cs_test_read_file(path, &len);
        cs_parse_error err;
        memset(&err, 0, sizeof err);
        if (!cs_cert_parse(&C, der, len, &err))
            cr_assert_gt(strlen(err.reason), 0, "%s: failure without a reason", path);
        else
            cr_assert_leq(C.faults.n, CS_MAX_FAULTS);
        (void)cs_tbs_parse(&C, der, len, &err);
        free(der);
        n++;
    }
    closedir(d);
    cr_assert_geq(n, 5);
}

Test(regress, oversize_lists_are_bounded)
{
    size_t len;
    uint8_t *der = cs_test_read_file("fuzz/regress/cert/many-names.der", &len);
    cs_parse_error err;
    cr_assert(cs_cert_parse(&C, der, len, &err), "%s", err.reason);
    cr_assert_eq(C.san.names.n, CS_MAX_GENERAL_NAMES);
    cr_assert(cs_faults_has(&C.faults, CS_FAULT_TOO_MANY));
    free(der);
}

Test(regress, deep_nesting_fails_with_a_reason)
{
    size_t len;
    uint8_t *der = cs_test_read_file("fuzz/regress/cert/deep-indefinite.der", &len);
    cs_parse_error err;
    cr_assert_not(cs_cert_parse(&C, der, len, &err));
    cr_assert_str_eq(err.reason, "Certificate: nesting too deep");
    free(der);
}
