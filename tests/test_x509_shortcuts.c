/* The parser's short ways (cs_x509_shortcuts: known AlgorithmIdentifiers
 * taken whole, known OIDs not checked for minimal encoding) against the
 * long way they bypass.  Every real certificate of the sample, mutated
 * copies of each (octets changed in the issuer Name, in the
 * AlgorithmIdentifiers, in each extension's value, anywhere; cuts) and
 * their TBSCertificates are parsed without the short ways and then with
 * them; the verdict, the error and every field of the view, faults
 * included, must be the same.  Spans are compared by address: the view's
 * spans must point at the same octets of the input. */
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecheck.h"
#include "testbuf.h"
#include "x509/cert.h"
#include "x509/parse_internal.h"

/* ---- a view written out field by field --------------------------------- */

typedef cs_test_buf dump;

static void put(dump *d, const void *p, size_t n) { cs_test_buf_put(d, p, n); }

static void put_u(dump *d, uint64_t v) { put(d, &v, sizeof v); }

/* Spans by address (the input is the same buffer for both parses). */
static void put_span(dump *d, cs_span s)
{
    put_u(d, (uint64_t)(uintptr_t)s.p);
    put_u(d, s.len);
}

static void put_gn_ref(dump *d, const cs_cert *c, const cs_general_name *g)
{
    put_u(d, g ? (uint64_t)(g - c->gn_pool) : UINT64_MAX);
}

static void put_ext_ref(dump *d, const cs_cert *c, const cs_ext *e)
{
    put_u(d, e ? (uint64_t)(e - c->exts) : UINT64_MAX);
}

static void put_gn_list(dump *d, const cs_cert *c, const cs_gn_list *l)
{
    put_u(d, l->n);
    put_gn_ref(d, c, l->n ? l->items : NULL);
}

static void put_algid(dump *d, const cs_algid *a)
{
    put_span(d, a->der);
    put_span(d, a->oid);
    put_u(d, a->id);
    put_u(d, a->has_params);
    put_span(d, a->params);
}

static void put_name(dump *d, const cs_name *n)
{
    put_span(d, n->der);
    put_u(d, n->n_rdns);
    put_u(d, n->n_attrs);
    for (unsigned i = 0; i < n->n_attrs; i++) {
        const cs_attr *a = &n->attrs[i];
        put_span(d, a->oid);
        put_u(d, a->type);
        put_u(d, a->tag);
        put_u(d, a->tag_class);
        put_span(d, a->value);
        put_u(d, a->rdn);
        put_u(d, a->rdn_size);
    }
}

static void put_time(dump *d, const cs_time *t)
{
    put_span(d, t->raw);
    put_u(d, t->tag);
    put_u(d, t->valid);
    put_u(d, (uint64_t)t->t);
}

static void put_gn(dump *d, const cs_general_name *g)
{
    put_u(d, g->type);
    put_span(d, g->value);
    put_span(d, g->der);
    put_span(d, g->other_oid);
    put_u(d, g->other_type);
    put_u(d, g->other_tag);
    put_span(d, g->other_value);
}

static void put_extensions(dump *d, const cs_cert *c)
{
    put_u(d, c->has_extensions);
    put_u(d, c->n_exts);
    for (unsigned i = 0; i < c->n_exts; i++) {
        const cs_ext *e = &c->exts[i];
        put_span(d, e->oid);
        put_u(d, e->id);
        put_u(d, e->critical);
        put_u(d, e->critical_encoded);
        put_u(d, e->decoded);
        put_span(d, e->value);
        put_span(d, e->der);
    }
#define HEAD(f) (put_u(d, c->f.present), put_ext_ref(d, c, c->f.ext))
    HEAD(bc);
    if (c->bc.present) {
        put_u(d, c->bc.ca);
        put_u(d, c->bc.ca_encoded);
        put_u(d, c->bc.has_path_len);
        put_u(d, (uint64_t)c->bc.path_len);
    }
    HEAD(ku);
    if (c->ku.present) {
        put_u(d, c->ku.bits);
        put_u(d, c->ku.unused_bits);
        put_span(d, c->ku.raw);
    }
    HEAD(eku);
    put_u(d, c->eku.n);
    for (unsigned i = 0; i < c->eku.n; i++) {
        put_span(d, c->eku.oids[i]);
        put_u(d, c->eku.ids[i]);
    }
    HEAD(san);
    if (c->san.present)
        put_gn_list(d, c, &c->san.names);
    HEAD(ian);
    if (c->ian.present)
        put_gn_list(d, c, &c->ian.names);
    HEAD(policies);
    put_u(d, c->policies.n);
    for (unsigned i = 0; i < c->policies.n; i++) {
        const cs_policy *p = &c->policies.items[i];
        put_span(d, p->oid);
        put_u(d, p->id);
        put_u(d, p->first_qualifier);
        put_u(d, p->n_qualifiers);
    }
    put_u(d, c->policies.n_qualifiers);
    for (unsigned i = 0; i < c->policies.n_qualifiers; i++) {
        const cs_policy_qualifier *q = &c->policies.qualifiers[i];
        put_u(d, q->kind);
        put_span(d, q->oid);
        put_span(d, q->cps_uri);
        put_u(d, q->cps_uri_tag);
        put_u(d, q->has_notice_ref);
        put_u(d, q->has_explicit_text);
        put_u(d, q->explicit_text_tag);
        put_span(d, q->explicit_text);
    }
    HEAD(aki);
    if (c->aki.present) {
        put_u(d, c->aki.has_key_id);
        put_span(d, c->aki.key_id);
        put_u(d, c->aki.has_issuer);
        if (c->aki.has_issuer)
            put_gn_list(d, c, &c->aki.issuer);
        put_u(d, c->aki.has_serial);
        put_span(d, c->aki.serial);
    }
    HEAD(ski);
    put_span(d, c->ski.key_id);
    HEAD(aia);
    put_u(d, c->aia.n);
    for (unsigned i = 0; i < c->aia.n; i++) {
        put_span(d, c->aia.items[i].method_oid);
        put_u(d, c->aia.items[i].method);
        put_gn_ref(d, c, c->aia.items[i].location);
    }
    HEAD(crldp);
    put_u(d, c->crldp.n);
    for (unsigned i = 0; i < c->crldp.n; i++) {
        const cs_dist_point *p = &c->crldp.items[i];
        put_u(d, p->has_full_name);
        if (p->has_full_name)
            put_gn_list(d, c, &p->full_name);
        put_u(d, p->has_relative_name);
        put_u(d, p->has_reasons);
        put_u(d, p->has_crl_issuer);
        if (p->has_crl_issuer)
            put_gn_list(d, c, &p->crl_issuer);
    }
    HEAD(name_constraints);
    put_u(d, c->name_constraints.n_permitted);
    put_u(d, c->name_constraints.n_excluded);
    for (unsigned k = 0; k < 2; k++) {
        const cs_subtree *t = k ? c->name_constraints.excluded : c->name_constraints.permitted;
        unsigned n = k ? c->name_constraints.n_excluded : c->name_constraints.n_permitted;
        for (unsigned i = 0; i < n; i++) {
            put_gn_ref(d, c, t[i].base);
            put_u(d, t[i].has_minimum);
            put_u(d, (uint64_t)t[i].minimum);
            put_u(d, t[i].has_maximum);
        }
    }
    HEAD(ct_poison);
    put_u(d, c->ct_poison.value_is_null);
    HEAD(sct_list);
    put_span(d, c->sct_list.list);
    put_u(d, c->sct_list.n_scts);
    HEAD(qc_statements);
    put_u(d, c->qc_statements.n);
    for (unsigned i = 0; i < c->qc_statements.n; i++) {
        put_span(d, c->qc_statements.items[i].oid);
        put_span(d, c->qc_statements.items[i].info);
    }
    HEAD(sda);
    put_span(d, c->sda.raw);
#undef HEAD
}

static void put_view(dump *d, const cs_cert *c)
{
    put_span(d, c->der);
    put_u(d, c->tbs_only);
    put_span(d, c->tbs);
    put_u(d, (uint64_t)c->version);
    put_u(d, c->version_encoded);
    put_span(d, c->serial);
    put_u(d, c->serial_negative);
    put_u(d, c->serial_zero);
    put_u(d, c->serial_magnitude_len);
    put_algid(d, &c->tbs_sig_alg);
    put_algid(d, &c->sig_alg);
    put_u(d, c->sig_unused_bits);
    put_span(d, c->signature);
    put_name(d, &c->issuer);
    put_name(d, &c->subject);
    put_time(d, &c->not_before);
    put_time(d, &c->not_after);
    const cs_spki *k = &c->spki;
    put_span(d, k->der);
    put_algid(d, &k->alg);
    put_u(d, k->type);
    put_u(d, k->curve);
    put_span(d, k->curve_oid);
    put_u(d, k->ec_explicit_params);
    put_u(d, k->key_param_set);
    put_u(d, k->key_unused_bits);
    put_span(d, k->key);
    put_u(d, k->key_bits);
    put_span(d, k->rsa_modulus);
    put_span(d, k->rsa_exponent);
    put_u(d, c->has_issuer_unique_id);
    put_u(d, c->has_subject_unique_id);
    put_extensions(d, c);
    put_u(d, c->is_ca);
    put_u(d, c->is_self_issued);
    put_u(d, c->is_precert);
    put_u(d, c->has_eku_server_auth);
    put_u(d, c->has_eku_email_protection);
    put_u(d, c->has_eku_any);
    put_u(d, c->has_mailbox_san);
    put(d, &c->smime, sizeof c->smime);
    put(d, &c->tls, sizeof c->tls);
    put_u(d, (uint64_t)c->validity_seconds);
    put(d, c->sha256, sizeof c->sha256);
    put_u(d, c->faults.n);
    put_u(d, c->faults.overflow);
    for (unsigned i = 0; i < c->faults.n; i++) {
        put_u(d, c->faults.items[i].kind);
        put_u(d, c->faults.items[i].offset);
    }
    put_u(d, c->n_gn);
    for (unsigned i = 0; i < c->n_gn; i++)
        put_gn(d, &c->gn_pool[i]);
}

/* ---- one input, the long way and the short ways ------------------------ */

static cs_cert view;

/* The verdict, the error and (when parsed) the view, in d. */
static void parse_into(dump *d, const uint8_t *der, size_t len, bool tbs)
{
    cs_parse_error err;
    memset(&err, 0, sizeof err);
    /* A view full of stale values: what a parse does not write shows. */
    memset(&view, 0xA5, sizeof view);
    bool ok = tbs ? cs_tbs_parse(&view, der, len, &err) : cs_cert_parse(&view, der, len, &err);
    d->len = 0;
    put_u(d, ok);
    if (ok)
        put_view(d, &view);
    else
        put(d, &err, sizeof err);
}

static dump want, got;
static unsigned compared;

static void same_both_ways(const uint8_t *der, size_t len, bool tbs, const char *what)
{
    cs_x509_shortcuts = false;
    parse_into(&want, der, len, tbs);
    cs_x509_shortcuts = true;
    parse_into(&got, der, len, tbs);
    cr_assert_eq(got.len, want.len, "%s: views differ in size", what);
    cr_assert(memcmp(got.p, want.p, want.len) == 0, "%s: views differ", what);
    compared++;
}

/* The same mutations on every run. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n) { return cs_test_rnd(&rng_state, n); }

/* Octets that make a fault or an error when they land in a Name or an
 * AlgorithmIdentifier: a character outside PrintableString, a non-ASCII
 * octet, a lone 0x80 (a non-minimal OID arc), lengths, tags. */
static const uint8_t nasty[] = { '*', 0xC3, 0x80, 0x00, 0x81, 0x82, 0xFF, 0x05, 0x06, 0x13, 0x0C, 0x30, 0x31 };

/* A copy of der with one octet of [from, from+n) changed (n > 0). */
static void mutate_in(const uint8_t *der, size_t len, size_t from, size_t n, const char *where)
{
    uint8_t *m = malloc(len);
    cr_assert_not_null(m);
    for (int k = 0; k < 6; k++) {
        memcpy(m, der, len);
        size_t at = from + rnd((uint32_t)n);
        m[at] = rnd(2) ? nasty[rnd(sizeof nasty)] : (uint8_t)rnd(256);
        char what[80];
        snprintf(what, sizeof what, "%s changed at %zu", where, at);
        same_both_ways(m, len, false, what);
    }
    free(m);
}

static void check_certificate(const uint8_t *der, size_t len)
{
    same_both_ways(der, len, false, "as it is");
    cs_parse_error err;
    cs_x509_shortcuts = false;
    if (!cs_cert_parse(&view, der, len, &err))
        return;
    /* Where the short ways act, from the long way's view. */
    cs_span issuer = view.issuer.der, tbs = view.tbs;
    cs_span algids[3] = { view.tbs_sig_alg.der, view.sig_alg.der, view.spki.alg.der };
    cs_span values[CS_MAX_EXTENSIONS];
    unsigned n_values = view.n_exts;
    for (unsigned i = 0; i < n_values; i++)
        values[i] = view.exts[i].value;
    cs_x509_shortcuts = true;
    mutate_in(der, len, (size_t)(issuer.p - der), issuer.len, "issuer");
    for (int i = 0; i < 3; i++)
        mutate_in(der, len, (size_t)(algids[i].p - der), algids[i].len, "AlgorithmIdentifier");
    for (unsigned i = 0; i < n_values; i++)
        if (values[i].len)
            mutate_in(der, len, (size_t)(values[i].p - der), values[i].len, "extension value");
    mutate_in(der, len, 0, len, "certificate");
    same_both_ways(der, rnd((uint32_t)len), false, "cut");
    same_both_ways(tbs.p, tbs.len, true, "TBSCertificate");
}

static unsigned n_files;

static int each_file(const char *path, const struct stat *st, int kind, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t n = strlen(path);
    if (kind != FTW_F || n < 4 || strcmp(path + n - 4, ".der") != 0)
        return 0;
    size_t len;
    uint8_t *der = cs_test_read_file(path, &len);
    check_certificate(der, len);
    free(der);
    n_files++;
    return 0;
}

Test(x509_shortcuts, real_certificates_and_mutations_parse_the_same_both_ways, .timeout = 120)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/real", cs_test_sample_dir());
    cr_assert_eq(nftw(dir, each_file, 16, FTW_PHYS), 0);
    cr_assert_geq(n_files, 600, "the sample holds 662 certificates");
    cr_log_info("%u inputs compared", compared);
    free(want.p);
    free(got.p);
}

/* The premise of the OID short way: the table holds minimal encodings. */
Test(x509_shortcuts, every_known_oid_is_minimal)
{
    for (int id = CS_OID_UNKNOWN + 1; id < CS_OID_COUNT; id++) {
        cs_span oid = cs_oid_content((cs_oid_id)id);
        cr_assert_gt(oid.len, 0, "%s", cs_oid_dotted((cs_oid_id)id));
        uint8_t tlv[2 + 64];
        cr_assert_leq(oid.len, 64);
        tlv[0] = CS_TAG_OID;
        tlv[1] = (uint8_t)oid.len;
        memcpy(tlv + 2, oid.p, oid.len);
        cs_faults faults = { 0 };
        cs_der_reader r;
        cs_der_tlv t;
        cs_der_reader_init(&r, tlv, tlv, 2 + oid.len, &faults);
        cr_assert_eq(cs_der_next(&r, &t), CS_DER_OK);
        cr_assert(cs_der_oid_check(&r, &t), "%s", cs_oid_dotted((cs_oid_id)id));
        cr_assert_eq(faults.n, 0, "%s is not minimal", cs_oid_dotted((cs_oid_id)id));
        cs_oid_id got_id;
        cr_assert(cs_x509_oid(&r, &t, &got_id));
        cr_assert_eq((int)got_id, id);
    }
}
