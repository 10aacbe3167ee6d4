/* organizationIdentifier syntax; see orgid.h.  Moved out of the S/MIME
 * rules when the EV rules needed the same parse. */
#include "lint/orgid.h"

#include <string.h>

void cs_orgid_parse(cs_span v, cs_orgid *o)
{
    memset(o, 0, sizeof *o);
    if (v.len < 5)
        return;
    for (int i = 0; i < 5; i++)
        if (v.p[i] < 'A' || v.p[i] > 'Z')
            return;
    memcpy(o->scheme, v.p, 3);
    memcpy(o->cc, v.p + 3, 2);
    size_t i = 5;
    if (i < v.len && v.p[i] == '+') {
        size_t s = ++i;
        while (i < v.len && v.p[i] != '-')
            i++;
        o->has_sp = true;
        o->sp = cs_span_make(v.p + s, i - s);
    }
    if (i < v.len) {
        if (v.p[i] != '-')
            return;
        o->has_ref = true;
        o->ref = cs_span_make(v.p + i + 1, v.len - i - 1);
        if (o->ref.len == 0)
            return;
    }
    o->well_formed = true;
}

bool cs_orgid_scheme_is(const cs_orgid *o, const char *s) { return memcmp(o->scheme, s, 3) == 0; }
