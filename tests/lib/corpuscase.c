/* See corpuscase.h. */
#include "corpuscase.h"

#include <criterion/criterion.h>
#include <stdio.h>

cg_cert *cs_test_tls_cert(const char *serial_hex, const char *host, const char *key)
{
    cg_cert *c = cg_new("tls-ov");
    cg_set_serial_hex(c, serial_hex);
    cg_subject_set(c, "CN", host, 0);
    char san[300];
    snprintf(san, sizeof san, "DNS:%s", host);
    cr_assert(cg_ext_set(c, "subjectAltName", false, san));
    if (key)
        cr_assert(cg_set_key(c, key), "no pool key %s", key);
    return c;
}
