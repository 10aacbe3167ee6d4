/* certgen builder: fields, names, extensions, encoding and signing.
 * See certgen.h.  Presets are in presets.c, the test CAs in testca.c. */
#include "cg_internal.h"

#include <ctype.h>
#include <openssl/objects.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keypool.h"
#include "sign.h"

/* ---- lifecycle ------------------------------------------------------ */

cg_cert *cg_new(const char *profile)
{
    cg_cert *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->version = 3;
    if (!profile || !cg_preset_apply(c, profile)) {
        cg_free(c);
        return NULL;
    }
    return c;
}

static void attrs_free(cg_attrs *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i].val);
    free(a->v);
    memset(a, 0, sizeof *a);
}

void cg_free(cg_cert *c)
{
    if (!c)
        return;
    attrs_free(&c->subject);
    attrs_free(&c->issuer);
    for (size_t i = 0; i < c->n_exts; i++)
        free(c->exts[i].val);
    free(c->exts);
    free(c->spki);
    free(c->iss_name);
    free(c);
}

static void *dup_bytes(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);
    if (!q)
        abort();
    if (n)
        memcpy(q, p, n);
    return q;
}

static void attrs_copy(cg_attrs *dst, const cg_attrs *src)
{
    dst->n = dst->cap = src->n;
    dst->v = src->n ? dup_bytes(src->v, src->n * sizeof *src->v) : NULL;
    for (size_t i = 0; i < src->n; i++)
        dst->v[i].val = dup_bytes(src->v[i].val, src->v[i].len);
}

cg_cert *cg_clone(const cg_cert *c)
{
    cg_cert *d = malloc(sizeof *d);
    if (!d)
        return NULL;
    *d = *c;
    attrs_copy(&d->subject, &c->subject);
    attrs_copy(&d->issuer, &c->issuer);
    d->cap_exts = d->n_exts;
    d->exts = c->n_exts ? dup_bytes(c->exts, c->n_exts * sizeof *c->exts) : NULL;
    for (size_t i = 0; i < c->n_exts; i++)
        d->exts[i].val = c->exts[i].val ? dup_bytes(c->exts[i].val, c->exts[i].len) : NULL;
    d->spki = c->spki ? dup_bytes(c->spki, c->spki_len) : NULL;
    d->iss_name = c->iss_name ? dup_bytes(c->iss_name, c->iss_name_len) : NULL;
    return d;
}

/* ---- fields --------------------------------------------------------- */

size_t cg_hex(const char *hex, uint8_t *out, size_t size)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex; hex++) {
        int v;
        if (isdigit((unsigned char)*hex))
            v = *hex - '0';
        else if (isxdigit((unsigned char)*hex))
            v = tolower((unsigned char)*hex) - 'a' + 10;
        else
            continue; /* spaces, colons */
        if (hi < 0) {
            hi = v;
        } else {
            if (n < size)
                out[n] = (uint8_t)(hi << 4 | v);
            n++;
            hi = -1;
        }
    }
    return n < size ? n : size;
}

void cg_set_version(cg_cert *c, int version)
{
    c->version = version;
}

void cg_set_serial_hex(cg_cert *c, const char *hex)
{
    c->serial_len = cg_hex(hex, c->serial, sizeof c->serial);
}

int64_t cg_time_parse(const char *t)
{
    int Y, M, D, h = 0, m = 0, s = 0;
    if (sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &Y, &M, &D, &h, &m, &s) < 3)
        return INT64_MIN;
    struct tm tm = {.tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D, .tm_hour = h, .tm_min = m, .tm_sec = s};
    return (int64_t)timegm(&tm);
}

void cg_set_not_before(cg_cert *c, const char *time)
{
    int64_t t = cg_time_parse(time);
    if (t != INT64_MIN)
        c->not_before = t;
}

void cg_set_not_after(cg_cert *c, const char *time)
{
    int64_t t = cg_time_parse(time);
    if (t != INT64_MIN)
        c->not_after = t;
}

void cg_set_not_before_t(cg_cert *c, int64_t t)
{
    c->not_before = t;
}

void cg_set_not_after_t(cg_cert *c, int64_t t)
{
    c->not_after = t;
}

void cg_set_validity_seconds(cg_cert *c, int64_t seconds)
{
    c->not_after = c->not_before + seconds - 1;
}

void cg_set_time_encoding(cg_cert *c, bool not_after, int asn1_tag)
{
    if (not_after)
        c->na_tag = asn1_tag;
    else
        c->nb_tag = asn1_tag;
}

/* ---- keys ----------------------------------------------------------- */

bool cg_set_key_pkey(cg_cert *c, EVP_PKEY *k)
{
    if (!k)
        return false;
    c->key = k;
    free(c->spki);
    c->spki = NULL;
    c->spki_len = 0;
    return true;
}

/* Raw SPKI for key types OpenSSL 3.0 lacks: the right OID and a key of the
 * right length, filled from SHA-256 in counter mode over the name. */
static bool pqc_spki(cg_cert *c, const char *name)
{
    static const struct {
        const char *name, *oid;
        size_t len;
    } pqc[] = {
        {"ml-dsa-44", "2.16.840.1.101.3.4.3.17", 1312}, {"ml-dsa-65", "2.16.840.1.101.3.4.3.18", 1952},
        {"ml-dsa-87", "2.16.840.1.101.3.4.3.19", 2592}, {"ml-kem-512", "2.16.840.1.101.3.4.4.1", 800},
        {"ml-kem-768", "2.16.840.1.101.3.4.4.2", 1184}, {"ml-kem-1024", "2.16.840.1.101.3.4.4.3", 1568},
    };
    for (size_t i = 0; i < sizeof pqc / sizeof pqc[0]; i++) {
        if (strcmp(name, pqc[i].name) != 0)
            continue;
        cg_buf alg = {0}, bits = {0}, spki = {0};
        cg_der_oid(&alg, pqc[i].oid);
        cg_buf_byte(&bits, 0);
        for (uint32_t ctr = 0; bits.n < pqc[i].len + 1; ctr++) {
            char in[64];
            uint8_t h[32];
            int l = snprintf(in, sizeof in, "certgen:%s:%u", name, ctr);
            SHA256((const uint8_t *)in, (size_t)l, h);
            size_t take = pqc[i].len + 1 - bits.n;
            cg_buf_put(&bits, h, take < 32 ? take : 32);
        }
        cg_der_wrap(&spki, 0x30, &alg);
        cg_der_wrap(&spki, 0x03, &bits);
        cg_buf out = {0};
        cg_der_wrap(&out, 0x30, &spki);
        free(c->spki);
        c->spki = out.p;
        c->spki_len = out.n;
        c->key = NULL;
        return true;
    }
    return false;
}

bool cg_set_key(cg_cert *c, const char *key)
{
    if (pqc_spki(c, key))
        return true;
    return cg_set_key_pkey(c, cg_pool_key(key));
}

void cg_set_spki_der(cg_cert *c, const uint8_t *der, size_t len)
{
    free(c->spki);
    c->spki = dup_bytes(der, len);
    c->spki_len = len;
    c->key = NULL;
}

bool cg_set_signature(cg_cert *c, const char *alg)
{
    cg_ca_info ca;
    EVP_PKEY *k = c->iss_kind == CG_ISS_RAW ? c->iss_pkey
                  : c->iss_kind == CG_ISS_SELF ? c->key
                  : cg_testca(c->iss_kind == CG_ISS_ROOT ? "root" : c->issuer_key, &ca) ? ca.key : NULL;
    cg_sigalg sa;
    if (!k || strlen(alg) >= sizeof c->sig || !cg_sigalg_for(alg, k, &sa))
        return false;
    strcpy(c->sig, alg);
    return true;
}

bool cg_set_issuer_key(cg_cert *c, const char *key)
{
    cg_ca_info ca;
    if (strlen(key) >= sizeof c->issuer_key || !cg_testca(key, &ca))
        return false;
    c->iss_kind = CG_ISS_TESTCA;
    strcpy(c->issuer_key, key);
    c->sig[0] = 0; /* follow the new key */
    return true;
}

bool cg_set_issuer_raw(cg_cert *c, const uint8_t *name_der, size_t name_len, const uint8_t *keyid,
                       size_t keyid_len, const char *sign_key)
{
    EVP_PKEY *k = cg_pool_key(sign_key);
    if (!k || keyid_len > sizeof c->iss_keyid)
        return false;
    free(c->iss_name);
    c->iss_name = dup_bytes(name_der, name_len);
    c->iss_name_len = name_len;
    memcpy(c->iss_keyid, keyid, keyid_len);
    c->iss_keyid_len = keyid_len;
    c->iss_pkey = k;
    c->iss_kind = CG_ISS_RAW;
    c->sig[0] = 0;
    return true;
}

/* ---- names ---------------------------------------------------------- */

static int default_tag(int nid)
{
    switch (nid) {
    case NID_countryName:
    case NID_serialNumber:
    case NID_dnQualifier:
    case NID_jurisdictionCountryName:
        return 19;
    case NID_pkcs9_emailAddress:
    case NID_domainComponent:
        return 22;
    default:
        return 12;
    }
}

/* UTF-8 -> UCS-2 big endian (BMPString); other code points become '?'. */
static uint8_t *to_bmp(const char *s, size_t *len)
{
    size_t n = strlen(s);
    uint8_t *out = malloc(2 * n + 2), *o = out;
    if (!out)
        abort();
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp = *p++;
        if (cp >= 0xc0 && cp < 0xe0 && *p)
            cp = (cp & 0x1f) << 6 | (*p++ & 0x3f);
        else if (cp >= 0xe0 && cp < 0xf0 && p[0] && p[1])
            cp = (cp & 0x0f) << 12 | (p[0] & 0x3fu) << 6 | (p[1] & 0x3f), p += 2;
        else if (cp >= 0x80)
            cp = '?';
        *o++ = (uint8_t)(cp >> 8);
        *o++ = (uint8_t)cp;
    }
    *len = (size_t)(o - out);
    return out;
}

static void attrs_add(cg_attrs *a, const char *attr, const char *value, int tag, bool multi)
{
    ASN1_OBJECT *obj = OBJ_txt2obj(attr, 0);
    if (!obj) {
        fprintf(stderr, "certgen: unknown attribute %s\n", attr);
        return;
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 8;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
        if (!a->v)
            abort();
    }
    cg_attr *at = &a->v[a->n++];
    memset(at, 0, sizeof *at);
    size_t ol = (size_t)OBJ_length(obj);
    at->oid_len = ol < sizeof at->oid ? ol : sizeof at->oid;
    memcpy(at->oid, OBJ_get0_data(obj), at->oid_len);
    at->tag = (uint8_t)(tag ? tag : default_tag(OBJ_obj2nid(obj)));
    at->multi = multi && a->n > 1;
    if (at->tag == 30) {
        at->val = to_bmp(value, &at->len);
    } else {
        at->len = strlen(value);
        at->val = dup_bytes(value, at->len);
    }
    ASN1_OBJECT_free(obj);
}

static void attrs_remove(cg_attrs *a, const char *attr)
{
    ASN1_OBJECT *obj = OBJ_txt2obj(attr, 0);
    if (!obj)
        return;
    size_t ol = (size_t)OBJ_length(obj);
    const unsigned char *od = OBJ_get0_data(obj);
    size_t w = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (a->v[i].oid_len == ol && !memcmp(a->v[i].oid, od, ol)) {
            /* a following member of the same RDN takes over its start */
            if (!a->v[i].multi && i + 1 < a->n && a->v[i + 1].multi)
                a->v[i + 1].multi = false;
            free(a->v[i].val);
            continue;
        }
        a->v[w++] = a->v[i];
    }
    a->n = w;
    ASN1_OBJECT_free(obj);
}

/* Replaces the value (and tag) of the first attribute of that type, keeping
 * its place; appends a new RDN when there is none. */
static void attrs_set(cg_attrs *a, const char *attr, const char *value, int tag)
{
    size_t at = a->n;
    ASN1_OBJECT *obj = OBJ_txt2obj(attr, 0);
    if (obj) {
        size_t ol = (size_t)OBJ_length(obj);
        for (size_t i = 0; i < a->n && at == a->n; i++)
            if (a->v[i].oid_len == ol && !memcmp(a->v[i].oid, OBJ_get0_data(obj), ol))
                at = i;
        ASN1_OBJECT_free(obj);
    }
    size_t n0 = a->n;
    attrs_add(a, attr, value, tag, false);
    if (a->n == n0 || at == n0)
        return; /* unknown attribute, or appended */
    cg_attr added = a->v[a->n - 1];
    a->n--;
    added.multi = a->v[at].multi;
    free(a->v[at].val);
    a->v[at] = added;
}

void cg_subject_set(cg_cert *c, const char *attr, const char *value, int tag)
{
    attrs_set(&c->subject, attr, value, tag);
}

void cg_subject_clear(cg_cert *c)
{
    attrs_free(&c->subject);
}

void cg_subject_add(cg_cert *c, const char *attr, const char *value, int tag)
{
    attrs_add(&c->subject, attr, value, tag, false);
}

void cg_subject_add_multi(cg_cert *c, const char *attr, const char *value, int tag)
{
    attrs_add(&c->subject, attr, value, tag, true);
}

void cg_subject_remove(cg_cert *c, const char *attr)
{
    attrs_remove(&c->subject, attr);
}

void cg_issuer_clear(cg_cert *c)
{
    attrs_free(&c->issuer);
    c->issuer_custom = true;
}

void cg_issuer_add(cg_cert *c, const char *attr, const char *value, int tag)
{
    c->issuer_custom = true;
    attrs_add(&c->issuer, attr, value, tag, false);
}

static int cmp_buf(const void *a, const void *b)
{
    const cg_buf *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int r = memcmp(x->p, y->p, n);
    return r ? r : (x->n > y->n) - (x->n < y->n);
}

/* Name DER; members of a multi-valued RDN are sorted (DER SET OF). */
static void name_der(const cg_attrs *a, cg_buf *out)
{
    cg_buf rdns = {0};
    for (size_t i = 0; i < a->n;) {
        size_t j = i + 1;
        while (j < a->n && a->v[j].multi)
            j++;
        cg_buf *atvs = calloc(j - i, sizeof *atvs);
        if (!atvs)
            abort();
        for (size_t k = i; k < j; k++) {
            cg_buf atv = {0};
            cg_der_tlv(&atv, 0x06, a->v[k].oid, a->v[k].oid_len);
            cg_der_tlv(&atv, a->v[k].tag, a->v[k].val, a->v[k].len);
            cg_der_wrap(&atvs[k - i], 0x30, &atv);
        }
        qsort(atvs, j - i, sizeof *atvs, cmp_buf);
        cg_buf set = {0};
        for (size_t k = 0; k < j - i; k++) {
            cg_buf_put(&set, atvs[k].p, atvs[k].n);
            cg_buf_free(&atvs[k]);
        }
        free(atvs);
        cg_der_wrap(&rdns, 0x31, &set);
        i = j;
    }
    cg_der_wrap(out, 0x30, &rdns);
}

uint8_t *cg_subject_der(cg_cert *c, size_t *len)
{
    cg_buf b = {0};
    name_der(&c->subject, &b);
    *len = b.n;
    return b.p;
}

/* ---- extensions ----------------------------------------------------- */

static long ext_find(const cg_cert *c, const uint8_t *oid, size_t len)
{
    for (size_t i = 0; i < c->n_exts; i++)
        if (c->exts[i].oid_len == len && !memcmp(c->exts[i].oid, oid, len))
            return (long)i;
    return -1;
}

static cg_ext *ext_slot(cg_cert *c, const uint8_t *oid, size_t len, bool replace)
{
    long i = replace ? ext_find(c, oid, len) : -1;
    if (i >= 0) {
        free(c->exts[i].val);
        c->exts[i].val = NULL;
        c->exts[i].autov = CG_AUTO_NONE;
        c->exts[i].explicit_false = false;
        return &c->exts[i];
    }
    if (c->n_exts == c->cap_exts) {
        c->cap_exts = c->cap_exts ? 2 * c->cap_exts : 16;
        c->exts = realloc(c->exts, c->cap_exts * sizeof *c->exts);
        if (!c->exts)
            abort();
    }
    cg_ext *e = &c->exts[c->n_exts++];
    memset(e, 0, sizeof *e);
    memcpy(e->oid, oid, len);
    e->oid_len = len;
    return e;
}

/* Extension name or dotted OID -> OID content octets. */
static size_t ext_oid(const char *name, uint8_t *out, size_t size)
{
    size_t n = cg_oid_encode(name, out, size);
    if (n)
        return n;
    ASN1_OBJECT *obj = OBJ_txt2obj(name, 0);
    if (!obj)
        return 0;
    n = (size_t)OBJ_length(obj);
    if (n > size)
        n = 0;
    else
        memcpy(out, OBJ_get0_data(obj), n);
    ASN1_OBJECT_free(obj);
    return n;
}

static void ext_put_raw(cg_cert *c, const char *oid, bool critical, const uint8_t *der, size_t len, bool replace)
{
    uint8_t o[48];
    size_t ol = ext_oid(oid, o, sizeof o);
    if (!ol) {
        fprintf(stderr, "certgen: unknown extension %s\n", oid);
        return;
    }
    cg_ext *e = ext_slot(c, o, ol, replace);
    e->critical = critical;
    e->val = dup_bytes(der, len);
    e->len = len;
}

void cg_ext_put(cg_cert *c, const char *oid, bool critical, const uint8_t *der, size_t len)
{
    ext_put_raw(c, oid, critical, der, len, true);
}

void cg_ext_put_auto(cg_cert *c, const char *oid, cg_auto a)
{
    uint8_t o[48];
    size_t ol = ext_oid(oid, o, sizeof o);
    cg_ext *e = ext_slot(c, o, ol, true);
    e->critical = false;
    e->autov = a;
}

void cg_ext_set_der(cg_cert *c, const char *oid, bool critical, const uint8_t *der, size_t len)
{
    ext_put_raw(c, oid, critical, der, len, true);
}

void cg_ext_add_der(cg_cert *c, const char *oid, bool critical, const uint8_t *der, size_t len)
{
    ext_put_raw(c, oid, critical, der, len, false);
}

static uint8_t *spki_der(const cg_cert *c, size_t *len);

bool cg_ext_set(cg_cert *c, const char *name, bool critical, const char *value)
{
    X509V3_CTX ctx;
    X509 *subj = NULL, *iss = NULL;
    X509V3_set_ctx(&ctx, NULL, NULL, NULL, NULL, 0);
    if (strstr(value, "keyid") || strstr(value, "hash") || strstr(value, "issuer")) {
        /* OpenSSL derives these from certificates: give it stand-ins */
        subj = X509_new();
        size_t sl;
        uint8_t *s = spki_der(c, &sl);
        const uint8_t *p = s;
        X509_PUBKEY *pk = d2i_X509_PUBKEY(NULL, &p, (long)sl);
        if (pk) {
            EVP_PKEY *ek = X509_PUBKEY_get0(pk);
            if (ek)
                X509_set_pubkey(subj, ek);
            X509_PUBKEY_free(pk);
        }
        free(s);
        cg_ca_info ca;
        if (c->iss_kind != CG_ISS_RAW && cg_testca(c->iss_kind == CG_ISS_ROOT ? "root" : c->issuer_key, &ca)) {
            const uint8_t *q = ca.der;
            iss = d2i_X509(NULL, &q, (long)ca.der_len);
        }
        X509V3_set_ctx(&ctx, iss ? iss : subj, subj, NULL, NULL, 0);
    }
    X509_EXTENSION *ext = X509V3_EXT_nconf(NULL, &ctx, name, value);
    X509_free(subj);
    X509_free(iss);
    if (!ext) {
        fprintf(stderr, "certgen: OpenSSL rejects %s = %s\n", name, value);
        return false;
    }
    ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(ext);
    char oid[128];
    OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object(ext), 1);
    ext_put_raw(c, oid, critical, ASN1_STRING_get0_data(data), (size_t)ASN1_STRING_length(data), true);
    X509_EXTENSION_free(ext);
    return true;
}

void cg_ext_encode_false_critical(cg_cert *c, const char *name)
{
    uint8_t o[48];
    size_t ol = ext_oid(name, o, sizeof o);
    long i = ol ? ext_find(c, o, ol) : -1;
    if (i >= 0) {
        c->exts[i].critical = false;
        c->exts[i].explicit_false = true;
    }
}

void cg_ext_remove(cg_cert *c, const char *name)
{
    uint8_t o[48];
    size_t ol = ext_oid(name, o, sizeof o);
    size_t w = 0;
    for (size_t i = 0; i < c->n_exts; i++) {
        if (c->exts[i].oid_len == ol && !memcmp(c->exts[i].oid, o, ol)) {
            free(c->exts[i].val);
            continue;
        }
        c->exts[w++] = c->exts[i];
    }
    c->n_exts = w;
}

void cg_ext_remove_all(cg_cert *c)
{
    for (size_t i = 0; i < c->n_exts; i++)
        free(c->exts[i].val);
    c->n_exts = 0;
}

/* ---- encoding ------------------------------------------------------- */

static uint8_t *spki_der(const cg_cert *c, size_t *len)
{
    if (c->spki) {
        *len = c->spki_len;
        return dup_bytes(c->spki, c->spki_len);
    }
    unsigned char *der = NULL;
    int l = c->key ? i2d_PUBKEY(c->key, &der) : -1;
    if (l <= 0) {
        *len = 0;
        return NULL;
    }
    uint8_t *out = dup_bytes(der, (size_t)l);
    OPENSSL_free(der);
    *len = (size_t)l;
    return out;
}

/* Reads one TLV header at p; returns content pointer or NULL. */
static const uint8_t *tlv(const uint8_t *p, const uint8_t *end, uint8_t *tag, size_t *len)
{
    if (end - p < 2)
        return NULL;
    *tag = p[0];
    size_t l = p[1];
    p += 2;
    if (l & 0x80) {
        int n = l & 0x7f;
        if (n == 0 || n > 4 || end - p < n)
            return NULL;
        l = 0;
        while (n--)
            l = l << 8 | *p++;
    }
    if ((size_t)(end - p) < l)
        return NULL;
    *len = l;
    return p;
}

bool cg_spki_keyid(const uint8_t *spki, size_t len, uint8_t out[20])
{
    const uint8_t *end = spki + len, *p;
    uint8_t tag;
    size_t l;
    if (!(p = tlv(spki, end, &tag, &l)) || tag != 0x30)
        return false;
    end = p + l;
    const uint8_t *alg = tlv(p, end, &tag, &l);
    if (!alg)
        return false;
    p = alg + l;
    if (!(p = tlv(p, end, &tag, &l)) || tag != 0x03 || l < 1)
        return false;
    SHA1(p + 1, l - 1, out);
    return true;
}

size_t cg_key_id(cg_cert *c, uint8_t out[20])
{
    size_t l;
    uint8_t *s = spki_der(c, &l);
    bool ok = s && cg_spki_keyid(s, l, out);
    free(s);
    return ok ? 20 : 0;
}

static void time_der(cg_buf *b, int64_t t, int force)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    int year = tm.tm_year + 1900;
    int tag = force ? force : (year >= 1950 && year <= 2049) ? 23 : 24;
    char s[32];
    if (tag == 23)
        snprintf(s, sizeof s, "%02d%02d%02d%02d%02d%02dZ", year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
    else
        snprintf(s, sizeof s, "%04d%02d%02d%02d%02d%02dZ", year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                 tm.tm_sec);
    cg_der_tlv(b, (uint8_t)tag, s, strlen(s));
}

/* The resolved issuer: name DER, key id, signing key. */
typedef struct issuer_view {
    uint8_t *name;
    size_t name_len;
    uint8_t keyid[32];
    size_t keyid_len;
    EVP_PKEY *key;
} issuer_view;

static bool resolve_issuer(cg_cert *c, issuer_view *iv)
{
    memset(iv, 0, sizeof *iv);
    cg_ca_info ca;
    switch (c->iss_kind) {
    case CG_ISS_SELF: {
        iv->key = c->key;
        iv->keyid_len = cg_key_id(c, iv->keyid);
        iv->name = cg_subject_der(c, &iv->name_len);
        break;
    }
    case CG_ISS_RAW:
        iv->key = c->iss_pkey;
        memcpy(iv->keyid, c->iss_keyid, c->iss_keyid_len);
        iv->keyid_len = c->iss_keyid_len;
        iv->name = dup_bytes(c->iss_name, c->iss_name_len);
        iv->name_len = c->iss_name_len;
        break;
    case CG_ISS_ROOT:
    case CG_ISS_TESTCA:
        if (!cg_testca(c->iss_kind == CG_ISS_ROOT ? "root" : c->issuer_key, &ca))
            return false;
        iv->key = ca.key;
        memcpy(iv->keyid, ca.keyid, ca.keyid_len);
        iv->keyid_len = ca.keyid_len;
        iv->name = dup_bytes(ca.name, ca.name_len);
        iv->name_len = ca.name_len;
        break;
    }
    if (c->issuer_custom) {
        free(iv->name);
        cg_buf b = {0};
        name_der(&c->issuer, &b);
        iv->name = b.p;
        iv->name_len = b.n;
    }
    return iv->key != NULL;
}

static bool build_tbs(cg_cert *c, const issuer_view *iv, const cg_sigalg *sa, cg_buf *out)
{
    cg_buf tbs = {0};
    if (c->version != 1) {
        cg_buf v = {0};
        cg_der_uint(&v, (uint64_t)(c->version - 1));
        cg_der_wrap(&tbs, 0xa0, &v);
    }
    cg_der_tlv(&tbs, 0x02, c->serial, c->serial_len);
    cg_buf_put(&tbs, sa->algid, sa->algid_len);
    cg_buf_put(&tbs, iv->name, iv->name_len);
    cg_buf val = {0};
    time_der(&val, c->not_before, c->nb_tag);
    time_der(&val, c->not_after, c->na_tag);
    cg_der_wrap(&tbs, 0x30, &val);
    cg_buf subj = {0};
    name_der(&c->subject, &subj);
    cg_buf_put(&tbs, subj.p, subj.n);
    cg_buf_free(&subj);
    size_t sl;
    uint8_t *spki = spki_der(c, &sl);
    if (!spki) {
        cg_buf_free(&tbs);
        fputs("certgen: no subject public key\n", stderr);
        return false;
    }
    cg_buf_put(&tbs, spki, sl);
    if (c->n_exts) {
        cg_buf list = {0};
        for (size_t i = 0; i < c->n_exts; i++) {
            const cg_ext *e = &c->exts[i];
            cg_buf ext = {0}, value = {0};
            cg_der_tlv(&ext, 0x06, e->oid, e->oid_len);
            if (e->critical)
                cg_der_tlv(&ext, 0x01, "\xff", 1);
            else if (e->explicit_false)
                cg_der_tlv(&ext, 0x01, "\x00", 1);
            if (e->autov == CG_AUTO_SKI) {
                uint8_t id[20];
                cg_spki_keyid(spki, sl, id);
                cg_der_tlv(&value, 0x04, id, 20);
            } else if (e->autov == CG_AUTO_AKI) {
                cg_buf kid = {0};
                cg_der_tlv(&kid, 0x80, iv->keyid, iv->keyid_len);
                cg_der_wrap(&value, 0x30, &kid);
            } else {
                cg_buf_put(&value, e->val, e->len);
            }
            cg_der_tlv(&ext, 0x04, value.p, value.n);
            cg_buf_free(&value);
            cg_der_wrap(&list, 0x30, &ext);
        }
        cg_buf seq = {0};
        cg_der_wrap(&seq, 0x30, &list);
        cg_der_wrap(&tbs, 0xa3, &seq);
    }
    free(spki);
    cg_der_wrap(out, 0x30, &tbs);
    return true;
}

static uint8_t *build(cg_cert *c, size_t *len, bool sign)
{
    issuer_view iv;
    cg_sigalg sa;
    uint8_t *ret = NULL;
    *len = 0;
    if (!resolve_issuer(c, &iv)) {
        fputs("certgen: no issuer key\n", stderr);
        free(iv.name);
        return NULL;
    }
    if (!cg_sigalg_for(c->sig[0] ? c->sig : NULL, iv.key, &sa)) {
        fprintf(stderr, "certgen: signature %s impossible with the issuer key\n", c->sig);
        free(iv.name);
        return NULL;
    }
    cg_buf tbs = {0};
    if (build_tbs(c, &iv, &sa, &tbs)) {
        if (!sign) {
            ret = tbs.p, *len = tbs.n;
            tbs.p = NULL;
        } else {
            cg_buf sig = {0}, body = {0}, out = {0};
            cg_buf_byte(&sig, 0);
            if (cg_sign(iv.key, &sa, tbs.p, tbs.n, &sig)) {
                cg_buf_put(&body, tbs.p, tbs.n);
                cg_buf_put(&body, sa.algid, sa.algid_len);
                cg_der_wrap(&body, 0x03, &sig);
                cg_der_wrap(&out, 0x30, &body);
                ret = out.p, *len = out.n;
            } else {
                fputs("certgen: signing failed\n", stderr);
                cg_buf_free(&sig);
            }
        }
    }
    cg_buf_free(&tbs);
    free(iv.name);
    return ret;
}

uint8_t *cg_der(cg_cert *c, size_t *len)
{
    return build(c, len, true);
}

uint8_t *cg_tbs_der(cg_cert *c, size_t *len)
{
    return build(c, len, false);
}
