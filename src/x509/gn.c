/* GeneralName (RFC 5280 4.2.1.6) in all nine forms, and GeneralNames
 * lists kept in the view's fixed pool. */
#include "x509/parse_internal.h"

cs_general_name *cs_x509_gn_alloc(cs_cert *c, cs_der_reader *r, const uint8_t *at)
{
    if (c->n_gn >= CS_MAX_GENERAL_NAMES) {
        cs_fault_at(r, CS_FAULT_TOO_MANY, at);
        return NULL;
    }
    cs_general_name *g = &c->gn_pool[c->n_gn++];
    memset(g, 0, sizeof *g);
    return g;
}

static bool other_name(cs_der_reader *r, const cs_der_tlv *t, cs_general_name *g)
{
    cs_der_reader in, ex;
    cs_der_tlv oid, wrap, val;
    cs_oid_id type;
    cs_der_reader_enter(&in, r, t);
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK ||
        !cs_x509_oid(&in, &oid, &type))
        return false;
    if (cs_der_expect(&in, CS_DER_CLASS_CONTEXT, 0, &wrap) != CS_DER_OK || !wrap.constructed)
        return false;
    if (!cs_der_at_end(&in))
        return false;
    cs_der_reader_enter(&ex, &in, &wrap);
    if (cs_der_next(&ex, &val) != CS_DER_OK || !cs_der_at_end(&ex))
        return false;
    g->other_oid = oid.value;
    g->other_type = type;
    g->other_tag = (uint8_t)(val.tag > 0xFF ? 0xFF : val.tag);
    g->other_value = val.value;
    g->value = wrap.value;
    if (val.cls == CS_DER_CLASS_UNIVERSAL && !val.constructed)
        cs_der_string_check(r, val.tag, val.value, val.whole.p);
    /* RFC 8398: SmtpUTF8Mailbox is a UTF8String. */
    if (g->other_type == CS_OID_ON_SMTP_UTF8_MAILBOX &&
        (val.cls != CS_DER_CLASS_UNIVERSAL || val.tag != CS_TAG_UTF8_STRING))
        return false;
    return true;
}

bool cs_x509_general_name(cs_der_reader *r, const cs_der_tlv *t, cs_general_name *g,
                          bool ip_constraint)
{
    if (t->cls != CS_DER_CLASS_CONTEXT || t->tag > CS_GN_REGISTERED_ID)
        return false;
    g->type = (uint8_t)t->tag;
    g->der = t->whole;
    g->value = t->value;
    switch (t->tag) {
    case CS_GN_OTHER_NAME:
        return t->constructed && other_name(r, t, g);
    case CS_GN_RFC822:
    case CS_GN_DNS:
    case CS_GN_URI:
        if (t->constructed)
            return false;
        cs_der_string_check(r, CS_TAG_IA5_STRING, t->value, t->whole.p);
        return true;
    case CS_GN_X400:
    case CS_GN_EDI_PARTY:
        return t->constructed;
    case CS_GN_DIRECTORY: {
        /* [4] EXPLICIT Name: exactly one SEQUENCE inside. */
        cs_der_reader in;
        cs_der_tlv name;
        if (!t->constructed)
            return false;
        cs_der_reader_enter(&in, r, t);
        if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &name) != CS_DER_OK ||
            !cs_der_at_end(&in))
            return false;
        g->value = name.whole;
        return true;
    }
    case CS_GN_IP:
        if (t->constructed)
            return false;
        return ip_constraint ? (t->value.len == 8 || t->value.len == 32)
                             : (t->value.len == 4 || t->value.len == 16);
    case CS_GN_REGISTERED_ID: {
        return cs_der_oid_check(r, t);
    }
    default:
        return false;
    }
}

bool cs_x509_general_names(cs_cert *c, cs_der_reader *r, cs_gn_list *out, const uint8_t *at)
{
    cs_der_tlv t;
    out->n = 0;
    out->items = &c->gn_pool[c->n_gn];
    for (;;) {
        cs_der_status st = cs_der_next(r, &t);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK)
            return false;
        cs_general_name *g = cs_x509_gn_alloc(c, r, t.whole.p);
        if (!g)
            continue; /* pool full: keep walking to validate the rest */
        if (!cs_x509_general_name(r, &t, g, false)) {
            c->n_gn--;
            return false;
        }
        out->n++;
    }
    if (out->n == 0 && c->n_gn < CS_MAX_GENERAL_NAMES)
        cs_fault_at(r, CS_FAULT_EMPTY_SEQUENCE, at);
    return true;
}
