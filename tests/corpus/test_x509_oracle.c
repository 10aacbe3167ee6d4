/* Oracle: for every certificate of the shared corpus that OpenSSL also
 * accepts, the view must agree with OpenSSL's decoding — serial, times,
 * issuer/subject (attribute by attribute and as one-line strings),
 * extension OIDs and critical flags, SAN values, EKU, policies, key type
 * and size.  Every corpus file must parse without crashing; files a
 * strict parser accepts (manifest strict_parse=1) must parse. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rulecheck.h"
#include "x509/cert.h"

static cs_cert C;
static unsigned n_files, n_both, n_mismatch;

#define MISMATCH(...)                                                                    \
    do {                                                                                 \
        n_mismatch++;                                                                    \
        if (n_mismatch <= 30)                                                            \
            cr_log_error(__VA_ARGS__);                                                   \
    } while (0)

static bool strict_ok(const char *sha)
{
    /* manifest.tsv: sha256 \t source \t strict_parse ... */
    static char *manifest;
    static size_t mlen;
    if (!manifest) {
        char path[4096];
        snprintf(path, sizeof path, "%s/corpus/manifest.tsv", cs_test_shared_dir());
        manifest = (char *)cs_test_read_file(path, &mlen);
    }
    const char *p = memmem(manifest, mlen, sha, 64);
    if (!p)
        return false;
    p = memchr(p + 64, '\t', (size_t)(manifest + mlen - p - 64) > 0 ? 200 : 0);
    p = p ? memchr(p + 1, '\t', 200) : NULL;
    return p && p[1] == '1';
}

static void oid_text(const ASN1_OBJECT *o, char *buf, size_t n)
{
    OBJ_obj2txt(buf, (int)n, o, 1);
}

static void compare_name(const char *what, const char *file, const X509_NAME *on, const cs_name *n)
{
    int count = X509_NAME_entry_count(on);
    if (count > CS_MAX_NAME_ATTRS)
        return;
    if (count != n->n_attrs) {
        MISMATCH("%s %s: %d attributes vs %u", file, what, count, n->n_attrs);
        return;
    }
    for (int i = 0; i < count; i++) {
        const X509_NAME_ENTRY *e = X509_NAME_get_entry(on, i);
        const cs_attr *a = &n->attrs[i];
        char o1[128], o2[128];
        oid_text(X509_NAME_ENTRY_get_object(e), o1, sizeof o1);
        cs_oid_to_text(a->oid, o2, sizeof o2);
        const ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
        if (strcmp(o1, o2) != 0 || X509_NAME_ENTRY_set(e) != a->rdn)
            MISMATCH("%s %s[%d]: type %s/%s set %d/%u", file, what, i, o1, o2,
                     X509_NAME_ENTRY_set(e), a->rdn);
        else if (ASN1_STRING_type(v) == a->tag && a->tag != CS_TAG_BIT_STRING &&
                 ((size_t)ASN1_STRING_length(v) != a->value.len ||
                  memcmp(ASN1_STRING_get0_data(v), a->value.p, a->value.len) != 0))
            MISMATCH("%s %s[%d]: value differs", file, what, i);
    }
    /* One-line form: OpenSSL's RFC 2253 rendering equals ours whenever the
     * values need no escaping and both use the same attribute names. */
    char mine[4096], theirs[4096];
    cs_name_to_text(n, mine, sizeof mine);
    BIO *b = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(b, on, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    int len = BIO_read(b, theirs, sizeof theirs - 1);
    BIO_free(b);
    theirs[len > 0 ? len : 0] = 0;
    bool simple = true;
    for (int i = 0; i < count && simple; i++) {
        const X509_NAME_ENTRY *e = X509_NAME_get_entry(on, i);
        const ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
        int t = ASN1_STRING_type(v);
        const char *sn = OBJ_nid2sn(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)));
        if (n->attrs[i].type == CS_OID_UNKNOWN || !sn || strcmp(sn, cs_oid_short_name(n->attrs[i].type)) != 0)
            simple = false;
        if (t != V_ASN1_PRINTABLESTRING && t != V_ASN1_UTF8STRING && t != V_ASN1_IA5STRING)
            simple = false;
        for (int k = 0; k < ASN1_STRING_length(v) && simple; k++) {
            unsigned char ch = ASN1_STRING_get0_data(v)[k];
            if (ch < 0x20 || ch > 0x7E || strchr(",+\"\\<>;#=", ch) || (k == 0 && ch == ' ') ||
                (k == ASN1_STRING_length(v) - 1 && ch == ' '))
                simple = false;
        }
    }
    if (simple && strcmp(mine, theirs) != 0)
        MISMATCH("%s %s one-line: '%s' vs '%s'", file, what, mine, theirs);
}

static int64_t openssl_time(const ASN1_TIME *t, bool *ok)
{
    struct tm tm;
    *ok = ASN1_TIME_to_tm(t, &tm) == 1;
    return *ok ? (int64_t)timegm(&tm) : 0;
}

static void compare(const char *file, X509 *x)
{
    /* serial */
    const ASN1_INTEGER *s = X509_get0_serialNumber(x);
    cs_span mag = C.serial;
    while (mag.len > 1 && mag.p[0] == 0) {
        mag.p++;
        mag.len--;
    }
    if (!C.serial_negative && C.serial.len &&
        ((size_t)s->length != mag.len || memcmp(s->data, mag.p, mag.len) != 0) &&
        !(s->length == 0 && C.serial_zero))
        MISMATCH("%s: serial differs", file);
    if (C.serial_negative != ((s->type & V_ASN1_NEG) != 0))
        MISMATCH("%s: serial sign differs", file);
    /* version */
    if (X509_get_version(x) + 1 != C.version)
        MISMATCH("%s: version %ld vs %d", file, X509_get_version(x) + 1, C.version);
    /* times */
    bool ok;
    int64_t t = openssl_time(X509_get0_notBefore(x), &ok);
    if (ok && C.not_before.valid && t != C.not_before.t)
        MISMATCH("%s: notBefore %lld vs %lld", file, (long long)t, (long long)C.not_before.t);
    t = openssl_time(X509_get0_notAfter(x), &ok);
    if (ok && C.not_after.valid && t != C.not_after.t)
        MISMATCH("%s: notAfter %lld vs %lld", file, (long long)t, (long long)C.not_after.t);
    /* names */
    compare_name("issuer", file, X509_get_issuer_name(x), &C.issuer);
    compare_name("subject", file, X509_get_subject_name(x), &C.subject);
    /* signature algorithm */
    const X509_ALGOR *alg;
    X509_get0_signature(NULL, &alg, x);
    char o1[128], o2[128];
    const ASN1_OBJECT *aobj;
    X509_ALGOR_get0(&aobj, NULL, NULL, alg);
    oid_text(aobj, o1, sizeof o1);
    if (strcmp(o1, cs_oid_to_text(C.sig_alg.oid, o2, sizeof o2)) != 0)
        MISMATCH("%s: signature algorithm %s vs %s", file, o1, o2);
    /* extensions */
    int next = X509_get_ext_count(x);
    if (next <= CS_MAX_EXTENSIONS) {
        if (next != C.n_exts)
            MISMATCH("%s: %d extensions vs %u", file, next, C.n_exts);
        for (int i = 0; i < next && i < C.n_exts; i++) {
            X509_EXTENSION *e = X509_get_ext(x, i);
            oid_text(X509_EXTENSION_get_object(e), o1, sizeof o1);
            cs_oid_to_text(C.exts[i].oid, o2, sizeof o2);
            if (strcmp(o1, o2) != 0 || (X509_EXTENSION_get_critical(e) > 0) != C.exts[i].critical)
                MISMATCH("%s: extension %d %s/%s critical %d/%d", file, i, o1, o2,
                         X509_EXTENSION_get_critical(e), C.exts[i].critical);
        }
    }
    /* SAN */
    GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    if (gens && C.san.ext && C.san.ext->decoded) {
        int n = sk_GENERAL_NAME_num(gens);
        if (n != C.san.names.n)
            MISMATCH("%s: %d SAN entries vs %u", file, n, C.san.names.n);
        for (int i = 0; i < n && i < C.san.names.n; i++) {
            const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
            const cs_general_name *m = &C.san.names.items[i];
            if (g->type != m->type) {
                MISMATCH("%s: SAN %d type %d vs %u", file, i, g->type, m->type);
                continue;
            }
            const ASN1_STRING *v = NULL;
            if (g->type == GEN_DNS || g->type == GEN_EMAIL || g->type == GEN_URI)
                v = g->d.ia5;
            else if (g->type == GEN_IPADD)
                v = g->d.ip;
            if (v && ((size_t)ASN1_STRING_length(v) != m->value.len ||
                      memcmp(ASN1_STRING_get0_data(v), m->value.p, m->value.len) != 0))
                MISMATCH("%s: SAN %d value differs", file, i);
        }
    }
    GENERAL_NAMES_free(gens);
    /* EKU */
    EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
    if (eku && C.eku.ext && C.eku.ext->decoded) {
        int n = sk_ASN1_OBJECT_num(eku);
        if (n != C.eku.n && n <= CS_MAX_EKUS)
            MISMATCH("%s: %d EKUs vs %u", file, n, C.eku.n);
        for (int i = 0; i < n && i < C.eku.n; i++) {
            oid_text(sk_ASN1_OBJECT_value(eku, i), o1, sizeof o1);
            if (strcmp(o1, cs_oid_to_text(C.eku.oids[i], o2, sizeof o2)) != 0)
                MISMATCH("%s: EKU %d %s vs %s", file, i, o1, o2);
        }
    }
    EXTENDED_KEY_USAGE_free(eku);
    /* policies */
    CERTIFICATEPOLICIES *pol = X509_get_ext_d2i(x, NID_certificate_policies, NULL, NULL);
    if (pol && C.policies.ext && C.policies.ext->decoded) {
        int n = sk_POLICYINFO_num(pol);
        if (n != C.policies.n && n <= CS_MAX_POLICIES)
            MISMATCH("%s: %d policies vs %u", file, n, C.policies.n);
        for (int i = 0; i < n && i < C.policies.n; i++) {
            oid_text(sk_POLICYINFO_value(pol, i)->policyid, o1, sizeof o1);
            if (strcmp(o1, cs_oid_to_text(C.policies.items[i].oid, o2, sizeof o2)) != 0)
                MISMATCH("%s: policy %d %s vs %s", file, i, o1, o2);
        }
    }
    CERTIFICATEPOLICIES_free(pol);
    /* basicConstraints */
    BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(x, NID_basic_constraints, NULL, NULL);
    if (bc && C.bc.ext && C.bc.ext->decoded && (bc->ca != 0) != C.bc.ca)
        MISMATCH("%s: cA %d vs %d", file, bc->ca, C.bc.ca);
    BASIC_CONSTRAINTS_free(bc);
    /* key type and size */
    EVP_PKEY *k = X509_get0_pubkey(x);
    if (k) {
        int id = EVP_PKEY_get_base_id(k);
        int want = C.spki.type == CS_KEY_RSA ? EVP_PKEY_RSA
                 : C.spki.type == CS_KEY_EC ? EVP_PKEY_EC
                 : C.spki.type == CS_KEY_DSA ? EVP_PKEY_DSA
                 : C.spki.type == CS_KEY_ED25519 ? EVP_PKEY_ED25519
                 : C.spki.type == CS_KEY_ED448 ? EVP_PKEY_ED448
                 : C.spki.type == CS_KEY_RSA_PSS ? EVP_PKEY_RSA_PSS : -1;
        if (want != -1 && id != want)
            MISMATCH("%s: key type %d vs %d", file, id, want);
        if ((id == EVP_PKEY_RSA || id == EVP_PKEY_EC || id == EVP_PKEY_DSA) &&
            EVP_PKEY_get_bits(k) != (int)C.spki.key_bits)
            MISMATCH("%s: key bits %d vs %u", file, EVP_PKEY_get_bits(k), C.spki.key_bits);
    }
}

static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t nl = strlen(e->d_name);
        if (nl < 4 || strcmp(e->d_name + nl - 4, ".der") != 0) {
            if (e->d_type == DT_DIR)
                walk(path);
            continue;
        }
        size_t len;
        uint8_t *der = cs_test_read_file(path, &len);
        n_files++;
        cs_parse_error err;
        bool mine = cs_cert_parse(&C, der, len, &err);
        if (!mine && nl == 68 && strict_ok(e->d_name))
            MISMATCH("%s: rejected (%s at %u) but a strict parser accepts it", path, err.reason,
                     err.offset);
        const unsigned char *p = der;
        X509 *x = d2i_X509(NULL, &p, (long)len);
        if (x && mine) {
            n_both++;
            compare(path, x);
        }
        X509_free(x);
        free(der);
    }
    closedir(d);
}

Test(oracle, corpus_agrees_with_openssl, .timeout = 600)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/real", cs_test_shared_dir());
    walk(dir);
    cr_log_info("%u files, %u parsed by both, %u mismatches", n_files, n_both, n_mismatch);
    cr_assert_gt(n_files, 1000);
    cr_assert_gt(n_both, n_files * 9 / 10);
    cr_assert_eq(n_mismatch, 0, "%u mismatches with OpenSSL (first ones logged)", n_mismatch);
}
