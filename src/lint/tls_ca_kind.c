/* Which TLS BR 7.1.2 CA profile applies; see tls_ca_kind.h. */
#include "lint/tls_ca_kind.h"

bool tls_ca_can_issue_tls(const cs_cert *c)
{
    return c->is_ca && (!c->eku.present || c->has_eku_any || c->has_eku_server_auth);
}

/* The issuer shows it issues TLS (cs_cert_is_tls_ca): being able to (no
 * EKU) is not enough here, roots without EKU head S/MIME and code signing
 * hierarchies too, whose CAs the TLS BR do not govern. */
static bool issuer_is_tls_ca(const cs_cert *c) { return cs_cert_is_tls_ca(c->issuer_cert); }

tls_ca_kind tls_ca_kind_of(const cs_cert *c)
{
    if (!c->is_ca) {
        bool responder = c->eku.present && cs_cert_has_eku(c, CS_OID_KP_OCSP_SIGNING);
        return responder && issuer_is_tls_ca(c) ? TLS_CA_OCSP_RESPONDER : TLS_CA_NONE;
    }
    if (c->is_self_issued)
        return tls_ca_can_issue_tls(c) ? TLS_CA_ROOT : TLS_CA_NONE;
    if (c->eku.present && cs_cert_has_eku(c, CS_OID_KP_CT_PRECERT_SIGNING))
        return TLS_CA_PRECERT_SIGNING;
    if (!tls_ca_can_issue_tls(c))
        return c->tls.level != CS_TLS_LEVEL_NONE || issuer_is_tls_ca(c) ? TLS_CA_NON_TLS : TLS_CA_NONE;
    return c->name_constraints.present ? TLS_CA_CONSTRAINED_TLS : TLS_CA_TLS_SUBORDINATE;
}

bool tls_ca_any(const cs_cert *c)
{
    tls_ca_kind k = tls_ca_kind_of(c);
    return k != TLS_CA_NONE && k != TLS_CA_OCSP_RESPONDER;
}

bool tls_ca_root(const cs_cert *c) { return tls_ca_kind_of(c) == TLS_CA_ROOT; }

bool tls_ca_subordinate(const cs_cert *c) { return tls_ca_any(c) && tls_ca_kind_of(c) != TLS_CA_ROOT; }

bool tls_ca_tls_subordinate(const cs_cert *c)
{
    tls_ca_kind k = tls_ca_kind_of(c);
    return k == TLS_CA_CONSTRAINED_TLS || k == TLS_CA_TLS_SUBORDINATE;
}

bool tls_ca_non_tls(const cs_cert *c) { return tls_ca_kind_of(c) == TLS_CA_NON_TLS; }
bool tls_ca_precert_signing(const cs_cert *c) { return tls_ca_kind_of(c) == TLS_CA_PRECERT_SIGNING; }
bool tls_ca_constrained_tls(const cs_cert *c) { return tls_ca_kind_of(c) == TLS_CA_CONSTRAINED_TLS; }
bool tls_ocsp_responder(const cs_cert *c) { return tls_ca_kind_of(c) == TLS_CA_OCSP_RESPONDER; }
