#include "lint/gn_syntax.h"

cs_result cs_gn_syntax(const cs_gn_list *list, cs_detail *d, cs_gn_type type, const char *label, cs_syntax_fn why)
{
    for (uint16_t i = 0; i < list->n; i++) {
        const cs_general_name *g = &list->items[i];
        if (g->type != type)
            continue;
        const char *e = why(g->value);
        if (e)
            return cs_fail(d, "%s '%.*s': %s", label, (int)(g->value.len > 64 ? 64 : g->value.len),
                           (const char *)g->value.p, e);
    }
    return CS_PASS;
}

cs_result cs_san_syntax(const cs_cert *c, cs_detail *d, cs_gn_type type, const char *label, cs_syntax_fn why)
{
    return cs_gn_syntax(&c->san.names, d, type, label, why);
}
