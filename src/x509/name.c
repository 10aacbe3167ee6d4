/* Distinguished names: parsing (every RDN and attribute in order, with
 * multi-valued RDNs kept), lookup helpers, and the one-line rendering. */
#include <stdio.h>

#include "x509/parse_internal.h"

/* X.690 11.6: SET OF components in ascending order of their encodings,
 * the shorter padded at its end with zero octets. */
static int der_set_cmp(cs_span a, cs_span b)
{
    size_t m = a.len < b.len ? a.len : b.len;
    int c = memcmp(a.p, b.p, m);
    if (c)
        return c;
    const cs_span *longer = a.len > b.len ? &a : &b;
    for (size_t i = m; i < longer->len; i++)
        if (longer->p[i])
            return longer == &a ? 1 : -1;
    return 0;
}

static bool parse_attr(cs_px *px, cs_der_reader *rdn, const cs_der_tlv *seq, cs_name *n,
                       uint16_t rdn_index)
{
    cs_der_reader r;
    cs_der_tlv oid, val;
    cs_der_reader_enter(&r, rdn, seq);
    if (cs_der_expect(&r, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK)
        return cs_px_reader_fail(px, &r, "attribute type");
    cs_oid_id type;
    if (!cs_x509_oid(&r, &oid, &type))
        return cs_px_fail(px, "invalid attribute type OID", oid.whole.p);
    cs_der_status st = cs_der_next(&r, &val);
    if (st == CS_DER_END)
        return cs_px_fail(px, "attribute value missing", r.p);
    if (st != CS_DER_OK)
        return cs_px_reader_fail(px, &r, "attribute value");
    if (!cs_der_at_end(&r))
        cs_fault_at(&r, CS_FAULT_TRAILING_DATA, r.p);
    if (val.cls == CS_DER_CLASS_UNIVERSAL && !val.constructed)
        cs_der_string_check(&r, val.tag, val.value, val.whole.p);
    if (n->n_attrs >= CS_MAX_NAME_ATTRS) {
        cs_fault_at(&r, CS_FAULT_TOO_MANY, seq->whole.p);
        return true;
    }
    cs_attr *a = &n->attrs[n->n_attrs++];
    a->oid = oid.value;
    a->type = type;
    a->tag = (uint8_t)(val.tag > 0xFF ? 0xFF : val.tag);
    a->tag_class = val.cls;
    a->value = val.value;
    a->rdn = rdn_index;
    a->rdn_size = 0;
    return true;
}

bool cs_x509_parse_name(cs_px *px, cs_der_reader *r, cs_name *n)
{
    cs_der_tlv seq, set, atv;
    n->n_rdns = 0;
    n->n_attrs = 0;
    if (cs_der_expect(r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK)
        return cs_px_reader_fail(px, r, NULL);
    n->der = seq.whole;
    cs_der_reader rdns;
    cs_der_reader_enter(&rdns, r, &seq);
    for (;;) {
        cs_der_status st = cs_der_next(&rdns, &set);
        if (st == CS_DER_END)
            break;
        if (st != CS_DER_OK)
            return cs_px_reader_fail(px, &rdns, "relative distinguished name");
        if (set.cls != CS_DER_CLASS_UNIVERSAL || set.tag != CS_TAG_SET || !set.constructed)
            return cs_px_fail(px, "relative distinguished name is not a SET", set.whole.p);
        uint16_t idx = n->n_rdns;
        if (n->n_rdns < UINT16_MAX)
            n->n_rdns++;
        uint16_t first = n->n_attrs;
        cs_der_reader rdn;
        cs_der_reader_enter(&rdn, &rdns, &set);
        cs_span prev = { NULL, 0 };
        unsigned count = 0;
        for (;;) {
            st = cs_der_next(&rdn, &atv);
            if (st == CS_DER_END)
                break;
            if (st != CS_DER_OK)
                return cs_px_reader_fail(px, &rdn, "attribute");
            if (atv.cls != CS_DER_CLASS_UNIVERSAL || atv.tag != CS_TAG_SEQUENCE ||
                !atv.constructed)
                return cs_px_fail(px, "attribute is not a SEQUENCE", atv.whole.p);
            if (prev.p && der_set_cmp(prev, atv.whole) > 0)
                cs_fault_at(&rdn, CS_FAULT_SET_UNSORTED, set.whole.p);
            prev = atv.whole;
            count++;
            if (!parse_attr(px, &rdn, &atv, n, idx))
                return false;
        }
        if (count == 0)
            cs_fault_at(&rdns, CS_FAULT_EMPTY_SEQUENCE, set.whole.p);
        for (uint16_t i = first; i < n->n_attrs; i++)
            n->attrs[i].rdn_size = (uint8_t)(count > 255 ? 255 : count);
    }
    return true;
}

unsigned cs_name_count(const cs_name *n, cs_oid_id type)
{
    unsigned k = 0;
    for (unsigned i = 0; i < n->n_attrs; i++)
        k += n->attrs[i].type == type;
    return k;
}

const cs_attr *cs_name_find(const cs_name *n, cs_oid_id type)
{
    for (unsigned i = 0; i < n->n_attrs; i++)
        if (n->attrs[i].type == type)
            return &n->attrs[i];
    return NULL;
}

/* Appends to buf at *pos, always NUL-terminating; counts what would have
 * been written (snprintf-style) so callers can detect truncation. */
static void put(char *buf, size_t size, size_t *pos, const void *s, size_t len)
{
    if (*pos < size) {
        size_t room = size - *pos - 1;
        size_t k = len < room ? len : room;
        memcpy(buf + *pos, s, k);
        buf[*pos + k] = 0;
    }
    *pos += len;
}

size_t cs_name_to_text(const cs_name *n, char *buf, size_t size)
{
    size_t pos = 0;
    if (size)
        buf[0] = 0;
    /* Reverse attribute order, as OpenSSL's RFC2253 mode prints it: most
     * significant RDN last, and within a multi-valued RDN the attributes
     * reversed too. */
    for (int i = (int)n->n_attrs - 1; i >= 0; i--) {
        const cs_attr *a = &n->attrs[i];
        if (i != (int)n->n_attrs - 1)
            put(buf, size, &pos, n->attrs[i + 1].rdn == a->rdn ? "+" : ",", 1);
        char dotted[128];
        const char *nm = a->type ? cs_oid_short_name(a->type)
                                 : cs_oid_to_text(a->oid, dotted, sizeof dotted);
        put(buf, size, &pos, nm, strlen(nm));
        put(buf, size, &pos, "=", 1);
        put(buf, size, &pos, a->value.p, a->value.len);
    }
    return pos;
}
