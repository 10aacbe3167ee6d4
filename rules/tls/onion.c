/* Onion Domain Names (RFC 7686 ".onion") across the BR history: ballot 144
 * (BR 1.2.4, 2015-02-18) allowed them in EV certificates only, under EVG
 * Appendix F (validity at most 15 months); ballot SC27 (BR 1.6.9,
 * 2020-03-27) allowed Version 3 addresses in any certificate (BR
 * Appendix C, now B); ballot SC54 (BR 1.8.4, 2022-04-23) left only
 * Version 3 addresses (Appendix B 1). */
#include "lint/onion.h"
#include "tls_common.h"

#define SHOW(v) (int)((v).len > 80 ? 80 : (v).len), (const char *)(v).p

/* The first SAN dNSName under .onion, or NULL. */
static const cs_general_name *first_onion(const cs_cert *c)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_DNS && cs_onion_name(g->value))
            return g;
    }
    return NULL;
}

static bool subscriber_with_onion(const cs_cert *c) { return c->tls.subscriber && first_onion(c); }

static cs_result check_v3(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_DNS && cs_onion_name(g->value) && !cs_onion_v3_address(cs_onion_address_label(g->value)))
            return cs_fail(d, "'%.*s' is not under a valid Version 3 Onion Address", SHOW(g->value));
    }
    return CS_PASS;
}
CS_RULE(tls_onion_not_v3) = {
    .id = "tls_onion_not_v3", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR Appendix B 1 (ballot SC54, BR 1.8.4)", .effective = "2022-04-23",
    .description = "An Onion Domain Name whose label left of \"onion\" is not a valid Version 3 Onion Address "
                   "(56 base32 characters with the version 3 and its SHA3-256 checksum)",
    .zlint = "e_san_dns_name_onion_invalid", .pkilint = NULL,
    .applies_to = "TLS subscriber certificates with a .onion dNSName", .applies = subscriber_with_onion,
    .check = check_v3,
};

static cs_result check_ev_only(const cs_cert *c, cs_detail *d)
{
    if (c->tls.level == CS_TLS_EV)
        return CS_PASS;
    return cs_fail(d, "'%.*s' in a certificate that is not EV", SHOW(first_onion(c)->value));
}
CS_RULE(tls_onion_not_ev) = {
    .id = "tls_onion_not_ev", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 1.2.4 (ballot 144) .. BR 1.6.8; EVG Appendix F", .effective = "2015-02-18", .ineffective = "2020-03-27",
    .description = "An Onion Domain Name in a certificate that is not EV, between ballot 144 and ballot SC27",
    .zlint = "e_san_dns_name_onion_not_ev_cert", .pkilint = NULL,
    .applies_to = "TLS subscriber certificates with a .onion dNSName", .applies = subscriber_with_onion,
    .check = check_ev_only,
};

static bool ev_with_onion(const cs_cert *c) { return subscriber_with_onion(c) && c->tls.level == CS_TLS_EV; }

static cs_result check_15_months(const cs_cert *c, cs_detail *d) { return tls_check_validity_months(c, d, 15); }
/* From 2020-09-01 the 398-day limit of all subscriber certificates is the
 * stricter one. */
CS_RULE(tls_ev_onion_validity_over_15_months) = {
    .id = "tls_ev_onion_validity_over_15_months", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "EVG Appendix F (ballot 144)", .effective = "2015-02-18", .ineffective = "2020-09-01",
    .description = "EV certificate with an Onion Domain Name valid for more than 15 months",
    .zlint = "e_onion_subject_validity_time_too_large", .pkilint = NULL,
    .applies_to = "TLS EV subscriber certificates with a .onion dNSName", .applies = ev_with_onion,
    .check = check_15_months,
};
