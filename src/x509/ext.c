/* The extensions list: OID, criticality (and DEFAULT FALSE encoded), value
 * span, duplicates; then each known extension's value decoded into the
 * view by its own small decoder.  A value that does not decode is a
 * BAD_EXTENSION_VALUE fault on that extension, never a parse failure. */
#include "x509/parse_internal.h"

/* A reader over the extnValue content, reading the single top-level
 * element `t` of the expected tag; bytes after it are EXT_TRAILING_DATA.
 * When t is constructed, `in` is entered into it. */
static bool open_value(cs_cert *c, const cs_ext *e, cs_der_reader *r, uint8_t cls,
                       uint32_t tag, cs_der_tlv *t, cs_der_reader *in)
{
    cs_der_reader_init(r, c->der.p, e->value.p, e->value.len, &c->faults);
    r->depth = 4; /* Certificate/TBS/[3]/Extensions/Extension sit above */
    if (cs_der_expect(r, cls, tag, t) != CS_DER_OK)
        return false;
    if (!cs_der_at_end(r))
        cs_fault_at(r, CS_FAULT_EXT_TRAILING_DATA, r->p);
    if (in) {
        if (!t->constructed)
            return false;
        cs_der_reader_enter(in, r, t);
    }
    return true;
}

/* Next element of a SEQUENCE OF SEQUENCE; any other element is an error. */
static cs_der_status next_seq(cs_der_reader *r, cs_der_tlv *t)
{
    cs_der_status st = cs_der_next(r, t);
    if (st != CS_DER_OK)
        return st;
    if (t->cls != CS_DER_CLASS_UNIVERSAL || t->tag != CS_TAG_SEQUENCE || !t->constructed)
        return CS_DER_ERROR;
    return CS_DER_OK;
}

static bool dec_bc(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r, in;
    cs_der_tlv t, x;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    if (cs_der_peek(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_BOOLEAN)) {
        if (cs_der_next(&in, &x) != CS_DER_OK || !cs_der_boolean(&in, &x, &c->bc.ca))
            return false;
        c->bc.ca_encoded = true;
        if (!c->bc.ca)
            cs_fault_at(&in, CS_FAULT_DEFAULT_ENCODED, x.whole.p);
    }
    if (cs_der_peek(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER)) {
        if (cs_der_next(&in, &x) != CS_DER_OK || !cs_der_small_int(&in, &x, &c->bc.path_len))
            return false;
        c->bc.has_path_len = true;
    }
    return cs_der_at_end(&in) && !in.error;
}

static bool dec_ku(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r;
    cs_der_tlv t;
    cs_span bits;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_BIT_STRING, &t, NULL) ||
        !cs_der_bit_string(&r, &t, &c->ku.unused_bits, &bits))
        return false;
    c->ku.raw = bits;
    /* Bit n of the BIT STRING (the first octet's top bit is bit 0) is
     * 1 << n: each of the first two octets reversed. */
    static const uint8_t rev4[16] = { 0x0, 0x8, 0x4, 0xC, 0x2, 0xA, 0x6, 0xE,
                                      0x1, 0x9, 0x5, 0xD, 0x3, 0xB, 0x7, 0xF };
    uint16_t v = 0;
    for (size_t k = 0; k < 2 && k < bits.len; k++)
        v |= (uint16_t)((rev4[bits.p[k] & 0xF] << 4 | rev4[bits.p[k] >> 4]) << (8 * k));
    c->ku.bits = v;
    /* A named bit list drops trailing zero bits in DER (X.690 11.2.2). */
    if (bits.len && !(bits.p[bits.len - 1] & (1u << c->ku.unused_bits)))
        cs_fault_at(&r, CS_FAULT_BAD_BITSTRING, t.whole.p);
    return true;
}

static bool dec_eku(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r, in;
    cs_der_tlv t, o;
    cs_oid_id id;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    for (;;) {
        cs_der_status st = cs_der_next(&in, &o);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK || o.cls != CS_DER_CLASS_UNIVERSAL || o.tag != CS_TAG_OID ||
            !cs_x509_oid(&in, &o, &id))
            return false;
        if (c->eku.n >= CS_MAX_EKUS) {
            cs_fault_at(&in, CS_FAULT_TOO_MANY, o.whole.p);
            continue;
        }
        c->eku.oids[c->eku.n] = o.value;
        c->eku.ids[c->eku.n] = id;
        c->eku.n++;
    }
    if (t.value.len == 0)
        cs_fault_at(&r, CS_FAULT_EMPTY_SEQUENCE, t.whole.p);
    return true;
}

static bool dec_names(cs_cert *c, const cs_ext *e, cs_gn_list *out)
{
    cs_der_reader r, in;
    cs_der_tlv t;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    return cs_x509_general_names(c, &in, out, t.whole.p);
}

static bool qualifier(cs_cert *c, cs_der_reader *r, const cs_der_tlv *pq)
{
    cs_der_reader in;
    cs_der_tlv oid, q;
    cs_oid_id id;
    cs_der_reader_enter(&in, r, pq);
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK ||
        !cs_x509_oid(&in, &oid, &id))
        return false;
    cs_der_status st = cs_der_next(&in, &q);
    if (st == CS_DER_ERROR || !cs_der_at_end(&in))
        return false;
    if (c->policies.n_qualifiers >= CS_MAX_QUALIFIERS) {
        cs_fault_at(r, CS_FAULT_TOO_MANY, pq->whole.p);
        return true;
    }
    cs_policy_qualifier pqi;
    memset(&pqi, 0, sizeof pqi);
    pqi.oid = oid.value;
    if (id == CS_OID_QT_CPS) {
        if (st != CS_DER_OK || q.cls != CS_DER_CLASS_UNIVERSAL || q.constructed)
            return false;
        pqi.kind = CS_QUALIFIER_CPS;
        pqi.cps_uri = q.value;
        pqi.cps_uri_tag = (uint8_t)q.tag;
        cs_der_string_check(&in, q.tag, q.value, q.whole.p);
    } else if (id == CS_OID_QT_UNOTICE) {
        cs_der_reader un;
        cs_der_tlv x;
        pqi.kind = CS_QUALIFIER_UNOTICE;
        if (st != CS_DER_OK || q.cls != CS_DER_CLASS_UNIVERSAL || q.tag != CS_TAG_SEQUENCE ||
            !q.constructed)
            return false;
        cs_der_reader_enter(&un, &in, &q);
        if (cs_der_peek(&un, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE)) {
            if (cs_der_next(&un, &x) != CS_DER_OK)
                return false;
            pqi.has_notice_ref = true;
        }
        st = cs_der_next(&un, &x);
        if (st == CS_DER_ERROR)
            return false;
        if (st == CS_DER_OK) {
            if (x.cls != CS_DER_CLASS_UNIVERSAL || x.constructed)
                return false;
            pqi.has_explicit_text = true;
            pqi.explicit_text_tag = (uint8_t)x.tag;
            pqi.explicit_text = x.value;
            cs_der_string_check(&un, x.tag, x.value, x.whole.p);
        }
        if (!cs_der_at_end(&un))
            return false;
    } else {
        pqi.kind = CS_QUALIFIER_OTHER;
    }
    c->policies.qualifiers[c->policies.n_qualifiers++] = pqi;
    return true;
}

static bool dec_policies(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r, in;
    cs_der_tlv t, pi;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    for (;;) {
        cs_der_status st = next_seq(&in, &pi);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK)
            return false;
        cs_der_reader p;
        cs_der_tlv oid, quals, pq;
        cs_oid_id id;
        cs_der_reader_enter(&p, &in, &pi);
        if (cs_der_expect(&p, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK ||
            !cs_x509_oid(&p, &oid, &id))
            return false;
        cs_policy *pol = NULL;
        if (c->policies.n >= CS_MAX_POLICIES) {
            cs_fault_at(&in, CS_FAULT_TOO_MANY, pi.whole.p);
        } else {
            pol = &c->policies.items[c->policies.n++];
            pol->oid = oid.value;
            pol->id = id;
            pol->first_qualifier = c->policies.n_qualifiers;
            pol->n_qualifiers = 0;
        }
        if (!cs_der_at_end(&p)) {
            if (cs_der_expect(&p, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &quals) != CS_DER_OK ||
                !cs_der_at_end(&p))
                return false;
            if (quals.value.len == 0)
                cs_fault_at(&p, CS_FAULT_EMPTY_SEQUENCE, quals.whole.p);
            cs_der_reader qr;
            cs_der_reader_enter(&qr, &p, &quals);
            for (;;) {
                st = next_seq(&qr, &pq);
                if (st == CS_DER_END)
                    break;
                if (st != CS_DER_OK)
                    return false;
                uint16_t before = c->policies.n_qualifiers;
                if (!qualifier(c, &qr, &pq))
                    return false;
                if (pol)
                    pol->n_qualifiers = (uint16_t)(pol->n_qualifiers +
                                                   (c->policies.n_qualifiers - before));
            }
        }
    }
    if (t.value.len == 0)
        cs_fault_at(&r, CS_FAULT_EMPTY_SEQUENCE, t.whole.p);
    return true;
}

static bool dec_aki(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r, in;
    cs_der_tlv t, x;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    if (cs_der_peek(&in, CS_DER_CLASS_CONTEXT, 0)) {
        if (cs_der_next(&in, &x) != CS_DER_OK || x.constructed)
            return false;
        c->aki.has_key_id = true;
        c->aki.key_id = x.value;
    }
    if (cs_der_peek(&in, CS_DER_CLASS_CONTEXT, 1)) {
        cs_der_reader gn;
        if (cs_der_next(&in, &x) != CS_DER_OK || !x.constructed)
            return false;
        cs_der_reader_enter(&gn, &in, &x);
        c->aki.has_issuer = true;
        if (!cs_x509_general_names(c, &gn, &c->aki.issuer, x.whole.p))
            return false;
    }
    if (cs_der_peek(&in, CS_DER_CLASS_CONTEXT, 2)) {
        if (cs_der_next(&in, &x) != CS_DER_OK || x.constructed || !cs_der_int_check(&in, &x))
            return false;
        c->aki.has_serial = true;
        c->aki.serial = x.value;
    }
    return cs_der_at_end(&in) && !in.error;
}

static bool dec_ski(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r;
    cs_der_tlv t;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_OCTET_STRING, &t, NULL))
        return false;
    c->ski.key_id = t.value;
    return !t.constructed;
}

static bool dec_aia(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r, in;
    cs_der_tlv t, ad;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    for (;;) {
        cs_der_status st = next_seq(&in, &ad);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK)
            return false;
        cs_der_reader a;
        cs_der_tlv oid, loc;
        cs_oid_id method;
        cs_der_reader_enter(&a, &in, &ad);
        if (cs_der_expect(&a, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK ||
            !cs_x509_oid(&a, &oid, &method) || cs_der_next(&a, &loc) != CS_DER_OK ||
            !cs_der_at_end(&a))
            return false;
        if (c->aia.n >= CS_MAX_ACCESS) {
            cs_fault_at(&in, CS_FAULT_TOO_MANY, ad.whole.p);
            continue;
        }
        cs_general_name *g = cs_x509_gn_alloc(c, &a, loc.whole.p);
        if (!g)
            continue;
        if (!cs_x509_general_name(&a, &loc, g, false)) {
            c->n_gn--;
            return false;
        }
        cs_access_description *d = &c->aia.items[c->aia.n++];
        d->method_oid = oid.value;
        d->method = method;
        d->location = g;
    }
    if (t.value.len == 0)
        cs_fault_at(&r, CS_FAULT_EMPTY_SEQUENCE, t.whole.p);
    return true;
}

static bool dist_point(cs_cert *c, cs_der_reader *in, const cs_der_tlv *dp, cs_dist_point *d)
{
    cs_der_reader p;
    cs_der_tlv x;
    memset(d, 0, sizeof *d);
    cs_der_reader_enter(&p, in, dp);
    if (cs_der_peek(&p, CS_DER_CLASS_CONTEXT, 0)) {
        cs_der_reader dpn, gn;
        cs_der_tlv y;
        if (cs_der_next(&p, &x) != CS_DER_OK || !x.constructed)
            return false;
        cs_der_reader_enter(&dpn, &p, &x);
        if (cs_der_next(&dpn, &y) != CS_DER_OK || !cs_der_at_end(&dpn) ||
            y.cls != CS_DER_CLASS_CONTEXT || !y.constructed)
            return false;
        if (y.tag == 0) {
            d->has_full_name = true;
            cs_der_reader_enter(&gn, &dpn, &y);
            if (!cs_x509_general_names(c, &gn, &d->full_name, y.whole.p))
                return false;
        } else if (y.tag == 1) {
            d->has_relative_name = true;
        } else {
            return false;
        }
    }
    if (cs_der_peek(&p, CS_DER_CLASS_CONTEXT, 1)) {
        uint8_t unused;
        cs_span reasons; /* ReasonFlags, a BIT STRING: its encoding faults count like any other */
        if (cs_der_next(&p, &x) != CS_DER_OK || !cs_der_bit_string(&p, &x, &unused, &reasons))
            return false;
        d->has_reasons = true;
    }
    if (cs_der_peek(&p, CS_DER_CLASS_CONTEXT, 2)) {
        cs_der_reader gn;
        if (cs_der_next(&p, &x) != CS_DER_OK || !x.constructed)
            return false;
        d->has_crl_issuer = true;
        cs_der_reader_enter(&gn, &p, &x);
        if (!cs_x509_general_names(c, &gn, &d->crl_issuer, x.whole.p))
            return false;
    }
    return cs_der_at_end(&p) && !p.error;
}

static bool dec_crldp(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r, in;
    cs_der_tlv t, dp;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    for (;;) {
        cs_der_status st = next_seq(&in, &dp);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK)
            return false;
        cs_dist_point scratch, *d = &scratch;
        if (c->crldp.n >= CS_MAX_DIST_POINTS)
            cs_fault_at(&in, CS_FAULT_TOO_MANY, dp.whole.p);
        else
            d = &c->crldp.items[c->crldp.n];
        if (!dist_point(c, &in, &dp, d))
            return false;
        if (d != &scratch)
            c->crldp.n++;
    }
    if (t.value.len == 0)
        cs_fault_at(&r, CS_FAULT_EMPTY_SEQUENCE, t.whole.p);
    return true;
}

static bool subtrees(cs_cert *c, cs_der_reader *r, const cs_der_tlv *t, cs_subtree *out,
                     uint16_t *n)
{
    cs_der_reader in;
    cs_der_tlv st_tlv;
    cs_der_reader_enter(&in, r, t);
    if (t->value.len == 0)
        cs_fault_at(r, CS_FAULT_EMPTY_SEQUENCE, t->whole.p);
    for (;;) {
        cs_der_status st = next_seq(&in, &st_tlv);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK)
            return false;
        cs_der_reader s;
        cs_der_tlv base, x;
        cs_der_reader_enter(&s, &in, &st_tlv);
        if (cs_der_next(&s, &base) != CS_DER_OK)
            return false;
        cs_subtree sub;
        memset(&sub, 0, sizeof sub);
        cs_general_name *g = NULL;
        if (*n >= CS_MAX_SUBTREES) {
            cs_fault_at(&in, CS_FAULT_TOO_MANY, st_tlv.whole.p);
        } else {
            g = cs_x509_gn_alloc(c, &s, base.whole.p);
        }
        cs_general_name tmp;
        memset(&tmp, 0, sizeof tmp);
        if (!cs_x509_general_name(&s, &base, g ? g : &tmp, true)) {
            if (g)
                c->n_gn--;
            return false;
        }
        sub.base = g;
        if (cs_der_peek(&s, CS_DER_CLASS_CONTEXT, 0)) {
            if (cs_der_next(&s, &x) != CS_DER_OK || !cs_der_small_int(&s, &x, &sub.minimum))
                return false;
            sub.has_minimum = true;
            if (sub.minimum == 0)
                cs_fault_at(&s, CS_FAULT_DEFAULT_ENCODED, x.whole.p);
        }
        if (cs_der_peek(&s, CS_DER_CLASS_CONTEXT, 1)) {
            int64_t mx;
            if (cs_der_next(&s, &x) != CS_DER_OK || !cs_der_small_int(&s, &x, &mx))
                return false;
            sub.has_maximum = true;
        }
        if (!cs_der_at_end(&s) || s.error)
            return false;
        if (g)
            out[(*n)++] = sub;
    }
    return true;
}

static bool dec_nc(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r, in;
    cs_der_tlv t, x;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    if (cs_der_peek(&in, CS_DER_CLASS_CONTEXT, 0)) {
        if (cs_der_next(&in, &x) != CS_DER_OK || !x.constructed ||
            !subtrees(c, &in, &x, c->name_constraints.permitted, &c->name_constraints.n_permitted))
            return false;
    }
    if (cs_der_peek(&in, CS_DER_CLASS_CONTEXT, 1)) {
        if (cs_der_next(&in, &x) != CS_DER_OK || !x.constructed ||
            !subtrees(c, &in, &x, c->name_constraints.excluded, &c->name_constraints.n_excluded))
            return false;
    }
    return cs_der_at_end(&in) && !in.error;
}

static bool dec_poison(cs_cert *c, const cs_ext *e)
{
    static const uint8_t null_der[] = { 0x05, 0x00 };
    c->ct_poison.value_is_null = cs_span_eq_bytes(e->value, null_der, sizeof null_der);
    return c->ct_poison.value_is_null;
}

/* RFC 6962 3.3: SignedCertificateTimestampList is a TLS vector
 * <1..2^16-1> of SerializedSCT <1..2^16-1>, inside an OCTET STRING. */
static bool dec_sct(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r;
    cs_der_tlv t;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_OCTET_STRING, &t, NULL) ||
        t.constructed)
        return false;
    c->sct_list.list = t.value;
    const uint8_t *p = t.value.p;
    size_t n = t.value.len;
    if (n < 2)
        return false;
    size_t total = (size_t)p[0] << 8 | p[1];
    if (total != n - 2 || total == 0)
        return false;
    size_t i = 2;
    unsigned count = 0;
    while (i < n) {
        if (n - i < 2)
            return false;
        size_t len = (size_t)p[i] << 8 | p[i + 1];
        i += 2;
        if (len == 0 || len > n - i)
            return false;
        i += len;
        count++;
    }
    c->sct_list.n_scts = (uint16_t)(count > UINT16_MAX ? UINT16_MAX : count);
    return true;
}

static bool dec_qc(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r, in;
    cs_der_tlv t, s;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, &in))
        return false;
    for (;;) {
        cs_der_status st = next_seq(&in, &s);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK)
            return false;
        cs_der_reader q;
        cs_der_tlv oid, info;
        cs_der_reader_enter(&q, &in, &s);
        if (cs_der_expect(&q, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK ||
            !cs_der_oid_check(&q, &oid))
            return false;
        st = cs_der_next(&q, &info);
        if (st == CS_DER_ERROR || !cs_der_at_end(&q))
            return false;
        if (c->qc_statements.n >= CS_MAX_QC_STATEMENTS) {
            cs_fault_at(&in, CS_FAULT_TOO_MANY, s.whole.p);
            continue;
        }
        cs_qc_statement *qs = &c->qc_statements.items[c->qc_statements.n++];
        qs->oid = oid.value;
        qs->info = st == CS_DER_OK ? info.whole : cs_span_make(NULL, 0);
    }
    return true;
}

static bool dec_sda(cs_cert *c, const cs_ext *e)
{
    cs_der_reader r;
    cs_der_tlv t;
    if (!open_value(c, e, &r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &t, NULL))
        return false;
    c->sda.raw = t.value;
    if (t.value.len == 0)
        cs_fault_at(&r, CS_FAULT_EMPTY_SEQUENCE, t.whole.p);
    return true;
}

#define MARK(field) (c->field.present = true, c->field.ext = e)

bool cs_x509_decode_extension(cs_cert *c, cs_ext *e)
{
    switch (e->id) {
    case CS_OID_EXT_BASIC_CONSTRAINTS: MARK(bc); return dec_bc(c, e);
    case CS_OID_EXT_KEY_USAGE: MARK(ku); return dec_ku(c, e);
    case CS_OID_EXT_EXT_KEY_USAGE: MARK(eku); return dec_eku(c, e);
    case CS_OID_EXT_SUBJECT_ALT_NAME: MARK(san); return dec_names(c, e, &c->san.names);
    case CS_OID_EXT_ISSUER_ALT_NAME: MARK(ian); return dec_names(c, e, &c->ian.names);
    case CS_OID_EXT_CERTIFICATE_POLICIES: MARK(policies); return dec_policies(c, e);
    case CS_OID_EXT_AUTHORITY_KEY_IDENTIFIER: MARK(aki); return dec_aki(c, e);
    case CS_OID_EXT_SUBJECT_KEY_IDENTIFIER: MARK(ski); return dec_ski(c, e);
    case CS_OID_EXT_AUTHORITY_INFO_ACCESS: MARK(aia); return dec_aia(c, e);
    case CS_OID_EXT_CRL_DISTRIBUTION_POINTS: MARK(crldp); return dec_crldp(c, e);
    case CS_OID_EXT_NAME_CONSTRAINTS: MARK(name_constraints); return dec_nc(c, e);
    case CS_OID_EXT_CT_POISON: MARK(ct_poison); return dec_poison(c, e);
    case CS_OID_EXT_CT_SCT_LIST: MARK(sct_list); return dec_sct(c, e);
    case CS_OID_EXT_QC_STATEMENTS: MARK(qc_statements); return dec_qc(c, e);
    case CS_OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES: MARK(sda); return dec_sda(c, e);
    default: return false; /* not a decoded type: decoded stays false */
    }
}

static bool is_decoded_type(cs_oid_id id)
{
    switch (id) {
    case CS_OID_EXT_BASIC_CONSTRAINTS: case CS_OID_EXT_KEY_USAGE:
    case CS_OID_EXT_EXT_KEY_USAGE: case CS_OID_EXT_SUBJECT_ALT_NAME:
    case CS_OID_EXT_ISSUER_ALT_NAME: case CS_OID_EXT_CERTIFICATE_POLICIES:
    case CS_OID_EXT_AUTHORITY_KEY_IDENTIFIER: case CS_OID_EXT_SUBJECT_KEY_IDENTIFIER:
    case CS_OID_EXT_AUTHORITY_INFO_ACCESS: case CS_OID_EXT_CRL_DISTRIBUTION_POINTS:
    case CS_OID_EXT_NAME_CONSTRAINTS: case CS_OID_EXT_CT_POISON:
    case CS_OID_EXT_CT_SCT_LIST: case CS_OID_EXT_QC_STATEMENTS:
    case CS_OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES:
        return true;
    default:
        return false;
    }
}

static bool parse_one(cs_px *px, cs_der_reader *list, const cs_der_tlv *seq)
{
    cs_cert *c = px->c;
    cs_der_reader in;
    cs_der_tlv oid, x, val;
    cs_oid_id id;
    cs_der_reader_enter(&in, list, seq);
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK)
        return cs_px_reader_fail(px, &in, "extension OID");
    if (!cs_x509_oid(&in, &oid, &id))
        return cs_px_fail(px, "invalid extension OID", oid.whole.p);
    bool critical = false, critical_encoded = false;
    if (cs_der_peek(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_BOOLEAN)) {
        if (cs_der_next(&in, &x) != CS_DER_OK)
            return cs_px_reader_fail(px, &in, "extension critical flag");
        if (!cs_der_boolean(&in, &x, &critical))
            return cs_px_fail(px, "invalid BOOLEAN in extension", x.whole.p);
        critical_encoded = true;
        if (!critical)
            cs_fault_at(&in, CS_FAULT_DEFAULT_ENCODED, x.whole.p);
    }
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_OCTET_STRING, &val) != CS_DER_OK)
        return cs_px_reader_fail(px, &in, "extension value");
    if (!cs_der_at_end(&in))
        cs_fault_at(&in, CS_FAULT_TRAILING_DATA, in.p);
    if (c->n_exts >= CS_MAX_EXTENSIONS) {
        cs_fault_at(&in, CS_FAULT_TOO_MANY, seq->whole.p);
        return true;
    }
    cs_ext *e = &c->exts[c->n_exts++];
    e->oid = oid.value;
    e->id = id;
    e->critical = critical;
    e->critical_encoded = critical_encoded;
    e->decoded = false;
    e->value = val.value;
    e->der = seq->whole;
    /* Two known OIDs are the same OID when their ids are (a bit per id
     * met); a known and an unknown one never are; two unknown ones are
     * compared octet by octet. */
    bool duplicate = false;
    if (id != CS_OID_UNKNOWN) {
        uint64_t bit = 1ull << (id & 63), *seen = &px->ext_seen[id >> 6];
        duplicate = (*seen & bit) != 0;
        *seen |= bit;
    } else {
        for (const cs_ext *p = c->exts; p < e && !duplicate; p++)
            duplicate = p->id == CS_OID_UNKNOWN && cs_span_eq(p->oid, e->oid);
    }
    if (duplicate) {
        cs_fault_at(&in, CS_FAULT_DUPLICATE_EXTENSION, seq->whole.p);
        return true; /* only the first one is decoded */
    }
    if (is_decoded_type(e->id) && !val.constructed) {
        e->decoded = cs_x509_decode_extension(c, e);
        if (!e->decoded)
            cs_fault_at(&in, CS_FAULT_BAD_EXTENSION_VALUE, seq->whole.p);
    } else if (is_decoded_type(e->id)) {
        /* Constructed (BER) OCTET STRING: mark present, decode nothing. */
        cs_span keep = e->value;
        e->value = cs_span_make(keep.p, 0);
        cs_x509_decode_extension(c, e);
        e->value = keep;
        cs_fault_at(&in, CS_FAULT_BAD_EXTENSION_VALUE, seq->whole.p);
    }
    return true;
}

bool cs_x509_parse_extensions(cs_px *px, cs_der_reader *r)
{
    cs_der_tlv seq, ext;
    if (cs_der_expect(r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK)
        return cs_px_reader_fail(px, r, NULL);
    if (!cs_der_at_end(r))
        cs_fault_at(r, CS_FAULT_TRAILING_DATA, r->p);
    if (seq.value.len == 0)
        cs_fault_at(r, CS_FAULT_EMPTY_SEQUENCE, seq.whole.p);
    cs_der_reader list;
    cs_der_reader_enter(&list, r, &seq);
    for (;;) {
        cs_der_status st = cs_der_next(&list, &ext);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK)
            return cs_px_reader_fail(px, &list, "extension");
        if (ext.cls != CS_DER_CLASS_UNIVERSAL || ext.tag != CS_TAG_SEQUENCE || !ext.constructed)
            return cs_px_fail(px, "extension is not a SEQUENCE", ext.whole.p);
        if (!parse_one(px, &list, &ext))
            return false;
    }
    return true;
}
