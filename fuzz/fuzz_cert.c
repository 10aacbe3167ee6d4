/* libFuzzer target over the certificate parser: the input is parsed as a
 * Certificate and as a bare TBSCertificate, and the view is walked the
 * way rules walk it.  Build and run with `make fuzz` (clang). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "x509/cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const cs_cert *c)
{
    char buf[256];
    volatile size_t sink = 0;
    sink += cs_name_to_text(&c->subject, buf, sizeof buf);
    sink += cs_name_to_text(&c->issuer, buf, sizeof buf);
    for (unsigned i = 0; i < c->n_exts; i++)
        sink += c->exts[i].value.len ? c->exts[i].value.p[c->exts[i].value.len - 1] : 0;
    for (unsigned i = 0; i < c->san.names.n; i++)
        sink += c->san.names.items[i].value.len;
    for (unsigned i = 0; i < c->policies.n; i++) {
        const cs_policy *p = &c->policies.items[i];
        for (unsigned k = 0; k < p->n_qualifiers; k++)
            sink += c->policies.qualifiers[p->first_qualifier + k].explicit_text.len;
    }
    for (unsigned i = 0; i < c->aia.n; i++)
        sink += c->aia.items[i].location->value.len;
    for (unsigned i = 0; i < c->crldp.n; i++)
        sink += c->crldp.items[i].full_name.n;
    for (unsigned i = 0; i < c->name_constraints.n_permitted; i++)
        sink += c->name_constraints.permitted[i].base->value.len;
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cs_cert c;
    cs_parse_error err;
    /* A copy of exactly `size` bytes, so ASan sees any over-read. */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (cs_cert_parse(&c, copy, size, &err))
        walk(&c);
    if (cs_tbs_parse(&c, copy, size, &err))
        walk(&c);
    free(copy);
    return 0;
}
