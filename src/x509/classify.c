/* Derived facts over a parsed view: CA, self-issued, precertificate, EKU
 * flags, S/MIME scope/type/generation, TLS scope/level, validity length. */
#include "x509/parse_internal.h"

/* pkilint's order: Mailbox, Organization, Sponsored, Individual, each
 * Legacy, Multipurpose, Strict.  The first one present decides. */
static const struct {
    cs_oid_id id;
    uint8_t type, gen;
} smime_policies[] = {
    { CS_OID_POLICY_SMIME_MV_LEGACY, CS_SMIME_MAILBOX, CS_SMIME_LEGACY },
    { CS_OID_POLICY_SMIME_MV_MULTIPURPOSE, CS_SMIME_MAILBOX, CS_SMIME_MULTIPURPOSE },
    { CS_OID_POLICY_SMIME_MV_STRICT, CS_SMIME_MAILBOX, CS_SMIME_STRICT },
    { CS_OID_POLICY_SMIME_OV_LEGACY, CS_SMIME_ORGANIZATION, CS_SMIME_LEGACY },
    { CS_OID_POLICY_SMIME_OV_MULTIPURPOSE, CS_SMIME_ORGANIZATION, CS_SMIME_MULTIPURPOSE },
    { CS_OID_POLICY_SMIME_OV_STRICT, CS_SMIME_ORGANIZATION, CS_SMIME_STRICT },
    { CS_OID_POLICY_SMIME_SV_LEGACY, CS_SMIME_SPONSORED, CS_SMIME_LEGACY },
    { CS_OID_POLICY_SMIME_SV_MULTIPURPOSE, CS_SMIME_SPONSORED, CS_SMIME_MULTIPURPOSE },
    { CS_OID_POLICY_SMIME_SV_STRICT, CS_SMIME_SPONSORED, CS_SMIME_STRICT },
    { CS_OID_POLICY_SMIME_IV_LEGACY, CS_SMIME_INDIVIDUAL, CS_SMIME_LEGACY },
    { CS_OID_POLICY_SMIME_IV_MULTIPURPOSE, CS_SMIME_INDIVIDUAL, CS_SMIME_MULTIPURPOSE },
    { CS_OID_POLICY_SMIME_IV_STRICT, CS_SMIME_INDIVIDUAL, CS_SMIME_STRICT },
};

/* 2.23.140.1.5.x.y: the S/MIME BR arc plus exactly two more arcs. */
static bool smime_reserved(cs_span oid)
{
    static const uint8_t arc[] = { 0x67, 0x81, 0x0C, 0x01, 0x05 };
    if (oid.len < sizeof arc + 2 || memcmp(oid.p, arc, sizeof arc) != 0)
        return false;
    unsigned arcs = 0;
    for (size_t i = sizeof arc; i < oid.len; i++)
        arcs += !(oid.p[i] & 0x80);
    return arcs == 2;
}

static void classify_smime(cs_cert *c)
{
    unsigned n = 0;
    for (unsigned i = 0; i < c->policies.n; i++)
        n += smime_reserved(c->policies.items[i].oid);
    c->smime.n_reserved_oids = (uint8_t)(n > 255 ? 255 : n);
    c->smime.reserved_oid = n > 0;
    for (size_t k = 0; k < sizeof smime_policies / sizeof smime_policies[0]; k++)
        if (cs_cert_has_policy(c, smime_policies[k].id)) {
            c->smime.type = smime_policies[k].type;
            c->smime.generation = smime_policies[k].gen;
            break;
        }
    bool eku_ok = !c->eku.present || c->has_eku_email_protection || c->has_eku_any;
    c->smime.subscriber = !c->is_ca &&
                          (c->smime.reserved_oid ||
                           (eku_ok && c->has_mailbox_san && !c->has_eku_server_auth));
    c->smime.issuing_ca = c->is_ca && (c->has_eku_email_protection || c->smime.reserved_oid);
}

static void classify_tls(cs_cert *c)
{
    if (cs_cert_has_policy(c, CS_OID_POLICY_TLS_EV))
        c->tls.level = CS_TLS_EV;
    else if (cs_cert_has_policy(c, CS_OID_POLICY_TLS_IV))
        c->tls.level = CS_TLS_IV;
    else if (cs_cert_has_policy(c, CS_OID_POLICY_TLS_OV))
        c->tls.level = CS_TLS_OV;
    else if (cs_cert_has_policy(c, CS_OID_POLICY_TLS_DV))
        c->tls.level = CS_TLS_DV;
    /* A CA/B Forum TLS policy OID claims the TLS BR profile whatever the
     * EKU says (a DV certificate with clientAuth only is a misissued TLS
     * certificate, not out of scope), as a reserved OID does for S/MIME. */
    c->tls.subscriber = !c->is_ca && !c->smime.subscriber &&
                        (c->has_eku_server_auth || c->tls.level != CS_TLS_LEVEL_NONE);
}

void cs_cert_classify(cs_cert *c)
{
    c->is_ca = c->bc.present && c->bc.ca;
    c->is_self_issued = c->issuer.der.len && cs_span_eq(c->issuer.der, c->subject.der);
    c->is_precert = c->ct_poison.present;
    c->has_eku_server_auth = cs_cert_has_eku(c, CS_OID_KP_SERVER_AUTH);
    c->has_eku_email_protection = cs_cert_has_eku(c, CS_OID_KP_EMAIL_PROTECTION);
    c->has_eku_any = cs_cert_has_eku(c, CS_OID_KP_ANY);
    c->has_mailbox_san = false;
    for (unsigned i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_RFC822 ||
            (g->type == CS_GN_OTHER_NAME && g->other_type == CS_OID_ON_SMTP_UTF8_MAILBOX))
            c->has_mailbox_san = true;
    }
    classify_smime(c);
    classify_tls(c);
    c->validity_seconds = c->not_before.valid && c->not_after.valid
                              ? c->not_after.t - c->not_before.t + 1
                              : 0;
}
