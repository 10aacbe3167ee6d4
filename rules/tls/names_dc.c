/* BR 7.1.2.7.4: domainComponent attributes hold the labels of one domain
 * name, in a single ordered sequence, the label closest to the root
 * first. */
#include <string.h>

#include "tls_common.h"

static bool ov_with_dc(const cs_cert *c)
{
    return c->tls.subscriber && c->tls.level == CS_TLS_OV && cs_name_count(&c->subject, CS_OID_AT_DOMAIN_COMPONENT);
}

static cs_result check_dc(const cs_cert *c, cs_detail *d)
{
    char name[256];
    size_t len = 0;
    int first = -1, last = -1;
    /* Read the attributes from the last to the first: the wire order of
     * the domain name. */
    for (int i = c->subject.n_attrs - 1; i >= 0; i--) {
        const cs_attr *a = &c->subject.attrs[i];
        if (a->type != CS_OID_AT_DOMAIN_COMPONENT)
            continue;
        if (last >= 0 && first != i + 1)
            return cs_fail(d, "domainComponent attributes are not one contiguous sequence");
        if (last < 0)
            last = i;
        first = i;
        if (len + a->value.len + 1 >= sizeof name)
            return cs_fail(d, "domainComponent labels longer than a domain name");
        if (len)
            name[len++] = '.';
        memcpy(name + len, a->value.p, a->value.len);
        len += a->value.len;
    }
    const char *why = cs_dns_syntax_error(cs_span_make(name, len), CS_DNS_NO_RESERVED_LDH);
    if (why)
        return cs_fail(d, "domainComponent labels do not form a domain name (%s)", why);
    return CS_PASS;
}
CS_RULE(tls_subject_dc_invalid) = {
    .id = "tls_subject_dc_invalid", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 7.1.2.7.4", .effective = TLS_BR_V2_PROFILE,
    .description = "The subject's domainComponent attributes are split apart or do not read, root label first, as one domain name",
    .pkilint = "pkix.name_domain_components_invalid_domain_name",
    .applies_to = "TLS OV subscriber certificates with domainComponent", .applies = ov_with_dc, .check = check_dc,
};
