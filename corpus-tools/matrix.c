/* certsweep-matrix: the differential-testing matrix corpus.
 *
 * For each profile (the 12 S/MIME subscriber profiles and the S/MIME
 * subordinate CA; every TLS BR 7.1.2 profile: root, cross-certified,
 * technically constrained non-TLS, precertificate signing and TLS
 * subordinates, TLS subordinate, DV/OV/IV/EV subscriber, OCSP responder,
 * precertificate) one clean certificate that every linter should pass, and
 * for each mutation of mutations[] that
 * applies to the profile one certificate that breaks exactly that
 * requirement.  A mutation names the certsweep rule it breaks and the
 * unavoidable companions (other rules the same edit must break); that list
 * is the certificate's ground truth, written to DIR/manifest.tsv.
 *
 * Deterministic: fixed keys from the certgen pool, fixed serials and dates,
 * so the same binary writes the same bytes.  Dates: every rule is in force
 * at the notBefore (S/MIME Legacy 2025-06-01, before the Legacy sunset;
 * the others 2025-09-01, after SMC-013), unless a mutation moves it to the
 * window of a dated rule (TLS validity steps, clientAuth from 2027-03-15,
 * the BR 1.x rules: those mutation names end in the year).
 *
 * Output:
 *   DIR/certs/NNNN-<profile>-<mutation>.der  one certificate per file
 *   DIR/ct-json/                              the same certificates as RFC 6962
 *                                             entries with their issuing chain
 *   DIR/manifest.tsv   file, sha256, profile, family, mutation, expected rule ids */
#include <getopt.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "corpus_out.h"
#include "derw.h"
#include "keypool.h"

/* ---- profiles -------------------------------------------------------- */

enum { MBOX, ORG, SPON, INDIV };             /* S/MIME types */
enum { LEGACY, MP, STRICT };                 /* S/MIME generations */
enum { P_DV = 12, P_OV, P_IV, P_EV, P_CA, P_PRE, P_SMCA, P_ROOT, P_CROSS, P_NONTLS, P_PRECA, P_TCCA, P_OCSP, N_PROFILES };

typedef struct profile {
    const char *name;   /* as in the manifest and the file names */
    const char *preset; /* certgen preset */
    int type, gen;      /* S/MIME type and generation, -1 for TLS */
    const char *issuer; /* test CA key that signs ("root" for the sub-CA, "self" for a root) */
    bool preset_dates;  /* keep the preset's notBefore and validity */
} profile;

static profile profiles[N_PROFILES];

static void init_profiles(void)
{
    static const char *const types[] = {"mailbox", "organization", "sponsored", "individual"};
    static const char *const gens[] = {"legacy", "multipurpose", "strict"};
    static char names[12][40];
    for (int t = 0; t < 4; t++)
        for (int g = 0; g < 3; g++) {
            int i = t * 3 + g;
            snprintf(names[i], sizeof names[i], "smime-%s-%s", types[t], gens[g]);
            profiles[i] = (profile){names[i], names[i], t, g, "rsa2048", false};
        }
    profiles[P_DV] = (profile){"tls-dv", "tls-dv", -1, -1, "p256", false};
    profiles[P_OV] = (profile){"tls-ov", "tls-ov", -1, -1, "p256", false};
    profiles[P_IV] = (profile){"tls-iv", "tls-iv", -1, -1, "p256", false};
    profiles[P_EV] = (profile){"tls-ev", "tls-ev", -1, -1, "p256", false};
    profiles[P_CA] = (profile){"tls-subca", "tls-ca", -1, -1, "root", false};
    profiles[P_PRE] = (profile){"tls-precert", "tls-dv", -1, -1, "p256", false};
    profiles[P_SMCA] = (profile){"smime-subca", "smime-ca", -1, -1, "root", false};
    /* the other TLS BR 7.1.2 profiles (certgen presets, see presets.c) */
    profiles[P_ROOT] = (profile){"tls-root", "tls-root", -1, -1, "self", true};
    profiles[P_CROSS] = (profile){"tls-cross-ca", "tls-cross-ca", -1, -1, "root", true};
    profiles[P_NONTLS] = (profile){"tls-non-tls-ca", "tls-non-tls-ca", -1, -1, "p256", true};
    profiles[P_PRECA] = (profile){"tls-precert-ca", "tls-precert-ca", -1, -1, "p256", true};
    profiles[P_TCCA] = (profile){"tls-tc-ca", "tls-tc-ca", -1, -1, "root", true};
    profiles[P_OCSP] = (profile){"tls-ocsp", "tls-ocsp", -1, -1, "p256", true};
}

/* Profile masks. */
#define BIT(i) (1u << (i))
#define SM(t, g) BIT((t) * 3 + (g))
#define SM_ALL 0xfffu
#define SM_GEN(g) (SM(MBOX, g) | SM(ORG, g) | SM(SPON, g) | SM(INDIV, g))
#define SM_TYPE(t) (7u << ((t) * 3))
#define SM_NOLEG (SM_GEN(MP) | SM_GEN(STRICT))
#define SM_ORGSPON (SM_TYPE(ORG) | SM_TYPE(SPON))
#define SM_PERSON (SM_TYPE(SPON) | SM_TYPE(INDIV))
#define SM_NOTMBOX (SM_ALL & ~SM_TYPE(MBOX))
#define TLS_EE (BIT(P_DV) | BIT(P_OV) | BIT(P_IV) | BIT(P_EV) | BIT(P_PRE))
#define TLS_ALL (TLS_EE | BIT(P_CA))
#define TLS_OTHER (BIT(P_ROOT) | BIT(P_CROSS) | BIT(P_NONTLS) | BIT(P_PRECA) | BIT(P_TCCA) | BIT(P_OCSP))
#define ONE_SM (SM(MBOX, STRICT))          /* profile-independent S/MIME edits: one representative */
#define ONE_SM_EACH_GEN (SM(MBOX, LEGACY) | SM(MBOX, MP) | SM(MBOX, STRICT))

/* ---- edit helpers ---------------------------------------------------- */

static void ext(cg_cert *c, const char *name, bool crit, const char *value)
{
    if (!cg_ext_set(c, name, crit, value)) {
        fprintf(stderr, "certsweep-matrix: cannot set %s = %s\n", name, value);
        exit(1);
    }
}

static void ext_hex(cg_cert *c, const char *oid, bool crit, const char *hex)
{
    uint8_t b[1024];
    size_t n = cg_hex(hex, b, sizeof b);
    cg_ext_set_der(c, oid, crit, b, n);
}

static const char *mailbox_of(const profile *p)
{
    return p->type == MBOX ? "alice@example.com" : p->type == ORG ? "sales@example.com" : "alice.smith@example.com";
}


/* certificatePolicies with the profile's reserved OID and one qualifier:
 * id-qt-cps (value = the URI) or id-qt-unotice (value "noticeref": a
 * noticeRef and explicitText; NULL: an empty UserNotice). */
static void policy(cg_cert *c, const profile *p, const char *qual, const char *value, bool crit)
{
    char oid[48];
    snprintf(oid, sizeof oid, "2.23.140.1.5.%d.%d", p->type + 1, p->gen + 1);
    cg_buf pi = {0}, l = {0}, b = {0};
    cg_der_oid(&pi, oid);
    if (qual) {
        cg_buf q = {0}, qs = {0};
        cg_der_oid(&q, qual);
        if (!strcmp(qual, "1.3.6.1.5.5.7.2.1")) {
            cg_der_tlv(&q, 0x16, value, strlen(value));
        } else {
            cg_buf un = {0};
            if (value && !strcmp(value, "ia5")) {
                cg_der_tlv(&un, 0x16, "See the CPS", 11);
            } else if (value) {
                cg_buf nr = {0}, nums = {0};
                cg_der_tlv(&nr, 0x0c, "Example", 7);
                cg_der_uint(&nums, 1);
                cg_der_wrap(&nr, 0x30, &nums);
                cg_der_wrap(&un, 0x30, &nr);
                cg_der_tlv(&un, 0x0c, "See the CPS", 11);
            }
            cg_der_wrap(&q, 0x30, &un);
        }
        cg_der_wrap(&qs, 0x30, &q);
        cg_der_wrap(&pi, 0x30, &qs);
    }
    cg_der_wrap(&l, 0x30, &pi);
    cg_der_wrap(&b, 0x30, &l);
    cg_ext_set_der(c, "2.5.29.32", crit, b.p, b.n);
    cg_buf_free(&b);
}

/* certificatePolicies with the given policy OIDs (comma-separated), no qualifiers. */
static void policies(cg_cert *c, const char *oids)
{
    cg_buf l = {0}, b = {0};
    char list[256], *save = NULL;
    snprintf(list, sizeof list, "%s", oids);
    for (char *o = strtok_r(list, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        cg_buf pi = {0};
        cg_der_oid(&pi, o);
        cg_der_wrap(&l, 0x30, &pi);
    }
    cg_der_wrap(&b, 0x30, &l);
    cg_ext_set_der(c, "2.5.29.32", false, b.p, b.n);
    cg_buf_free(&b);
}

/* subjectAltName: the profile's rfc822Name, then one extra GeneralName
 * (tag 0x81 rfc822Name with raw bytes, or 0xa0 an id-on-SmtpUTF8Mailbox otherName). */
static void san_plus(cg_cert *c, const profile *p, uint8_t tag, const char *value)
{
    cg_buf l = {0}, b = {0};
    const char *mail = mailbox_of(p);
    cg_der_tlv(&l, 0x81, mail, strlen(mail));
    if (tag == 0xa0) {
        cg_buf on = {0}, v = {0}, u = {0};
        cg_der_oid(&on, "1.3.6.1.5.5.7.8.9");
        cg_der_tlv(&u, 0x0c, value, strlen(value));
        cg_der_wrap(&v, 0xa0, &u);
        cg_buf_put(&on, v.p, v.n);
        cg_buf_free(&v);
        cg_der_wrap(&l, 0xa0, &on);
    } else {
        cg_der_tlv(&l, tag, value, strlen(value));
    }
    cg_der_wrap(&b, 0x30, &l);
    cg_ext_set_der(c, "2.5.29.17", false, b.p, b.n);
    cg_buf_free(&b);
}

/* ---- the mutations --------------------------------------------------- */

typedef void (*edit_fn)(cg_cert *c, const profile *p);

typedef struct mutation {
    const char *name;
    unsigned mask;          /* profiles it applies to */
    const char *expect;     /* comma-separated certsweep rule ids: the rule broken, then companions */
    const char *not_before; /* NULL: the profile's date */
    edit_fn edit;
    const char *why;        /* companions explained, when any */
    const char *issuer;     /* NULL: the profile's issuing test CA; "self": self-signed, no chain */
    uint8_t *(*post)(uint8_t *der, size_t *len); /* edits the signed DER (may realloc) */
} mutation;

#define M(fn) static void fn(cg_cert *c, const profile *p)
#define UNUSED_P (void)p

/* -- S/MIME -- */
M(m_eku_missing) { UNUSED_P; cg_ext_remove(c, "extendedKeyUsage"); }
M(m_eku_no_email) { UNUSED_P; ext(c, "extendedKeyUsage", false, "clientAuth"); }
M(m_eku_timestamping) { UNUSED_P; ext(c, "extendedKeyUsage", false, "emailProtection,timeStamping"); }
M(m_eku_code) { UNUSED_P; ext(c, "extendedKeyUsage", false, "emailProtection,codeSigning"); }
M(m_eku_any) { UNUSED_P; ext(c, "extendedKeyUsage", false, "emailProtection,anyExtendedKeyUsage"); }
M(m_eku_client) { UNUSED_P; ext(c, "extendedKeyUsage", false, "emailProtection,clientAuth"); }
M(m_eku_ocsp) { UNUSED_P; ext(c, "extendedKeyUsage", false, "emailProtection,OCSPSigning"); }
M(m_ku_missing) { UNUSED_P; cg_ext_remove(c, "keyUsage"); }
M(m_ku_not_critical) { UNUSED_P; ext(c, "keyUsage", false, "digitalSignature,keyEncipherment"); }
M(m_ku_rsa_keyagree) { UNUSED_P; ext(c, "keyUsage", true, "digitalSignature,keyEncipherment,keyAgreement"); }
M(m_ku_rsa_de) { UNUSED_P; ext(c, "keyUsage", true, "digitalSignature,keyEncipherment,dataEncipherment"); }
M(m_ku_rsa_de_only) { UNUSED_P; ext(c, "keyUsage", true, "digitalSignature,dataEncipherment"); }
M(m_ku_rsa_nr_only) { UNUSED_P; ext(c, "keyUsage", true, "nonRepudiation"); }
M(m_ku_ec_ke)
{
    UNUSED_P;
    cg_set_key(c, "p256");
    ext(c, "keyUsage", true, "digitalSignature,keyEncipherment");
}
M(m_ku_ec_eo_only)
{
    UNUSED_P;
    cg_set_key(c, "p256");
    ext(c, "keyUsage", true, "nonRepudiation");
}
M(m_ku_ed_ka)
{
    UNUSED_P;
    cg_set_key(c, "ed25519");
    ext(c, "keyUsage", true, "digitalSignature,keyAgreement");
}
M(m_ku_mlkem_ds)
{
    UNUSED_P;
    cg_set_key(c, "ml-kem-768");
    ext(c, "keyUsage", true, "digitalSignature");
}
M(m_ku_mldsa_ke)
{
    UNUSED_P;
    cg_set_key(c, "ml-dsa-65");
    ext(c, "keyUsage", true, "digitalSignature,keyEncipherment");
}
M(m_pqc_legacy)
{
    UNUSED_P;
    cg_set_key(c, "ml-dsa-65");
    ext(c, "keyUsage", true, "digitalSignature");
}
M(m_rsa_1024) { UNUSED_P; cg_set_key(c, "rsa1024"); }
M(m_san_missing) { UNUSED_P; cg_ext_remove(c, "subjectAltName"); }
M(m_san_critical)
{
    char v[96];
    snprintf(v, sizeof v, "email:%s", mailbox_of(p));
    ext(c, "subjectAltName", true, v);
}
M(m_san_dns)
{
    char v[128];
    snprintf(v, sizeof v, "email:%s,DNS:www.example.com", mailbox_of(p));
    ext(c, "subjectAltName", false, v);
}
M(m_san_uri)
{
    char v[128];
    snprintf(v, sizeof v, "email:%s,URI:http://www.example.com/", mailbox_of(p));
    ext(c, "subjectAltName", false, v);
}
M(m_san_upn_strict)
{
    char v[160];
    snprintf(v, sizeof v, "email:%s,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice@example.com", mailbox_of(p));
    ext(c, "subjectAltName", false, v);
}
M(m_san_upn_bad)
{
    char v[160];
    snprintf(v, sizeof v, "email:%s,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:no-at-sign", mailbox_of(p));
    ext(c, "subjectAltName", false, v);
}
M(m_rfc822_bad) { san_plus(c, p, 0x81, "alice..x@example.com"); }
M(m_san_internal)
{
    UNUSED_P;
    ext(c, "subjectAltName", false, "email:alice@example.com,email:bob@mailhost");
}
M(m_policy_critical) { policy(c, p, NULL, NULL, true); }
M(m_cps_ftp) { policy(c, p, "1.3.6.1.5.5.7.2.1", "ftp://cps.example.com/cps", false); }
M(m_unotice_noticeref) { policy(c, p, "1.3.6.1.5.5.7.2.2", "noticeref", false); }
M(m_unotice_no_text) { policy(c, p, "1.3.6.1.5.5.7.2.2", NULL, false); }
M(m_policy_any)
{
    char v[64];
    snprintf(v, sizeof v, "2.23.140.1.5.%d.%d,2.5.29.32.0", p->type + 1, p->gen + 1);
    policies(c, v);
}
M(m_policy_two_reserved)
{
    char v[64];
    snprintf(v, sizeof v, "2.23.140.1.5.%d.%d,2.23.140.1.5.%d.%d", p->type + 1, p->gen + 1, p->type + 1,
             p->gen == 2 ? 2 : 3);
    policies(c, v);
}
M(m_policy_missing) { UNUSED_P; cg_ext_remove(c, "certificatePolicies"); }
M(m_crldp_missing) { UNUSED_P; cg_ext_remove(c, "crlDistributionPoints"); }
M(m_crldp_https) { UNUSED_P; ext(c, "crlDistributionPoints", false, "URI:https://crl.example.com/issuing.crl"); }
M(m_crldp_ldap) { UNUSED_P; ext(c, "crlDistributionPoints", false, "URI:ldap://ldap.example.com/cn=CA"); }
M(m_crldp_critical) { UNUSED_P; ext(c, "crlDistributionPoints", true, "URI:http://crl.example.com/issuing.crl"); }
M(m_crldp_dirname)
{
    UNUSED_P;
    ext(c, "crlDistributionPoints", false, "URI:http://crl.example.com/issuing.crl,email:crl@example.com");
}
M(m_crldp_internal) { UNUSED_P; ext(c, "crlDistributionPoints", false, "URI:http://crl.corp/issuing.crl"); }
M(m_aia_missing) { UNUSED_P; cg_ext_remove(c, "authorityInfoAccess"); }
M(m_aia_critical) { UNUSED_P; ext(c, "authorityInfoAccess", true, "OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/issuing.crt"); }
M(m_aia_no_caissuers) { UNUSED_P; ext(c, "authorityInfoAccess", false, "OCSP;URI:http://ocsp.example.com"); }
M(m_aia_caissuers_ldap)
{
    UNUSED_P;
    ext(c, "authorityInfoAccess", false, "OCSP;URI:http://ocsp.example.com,caIssuers;URI:ldap://ca.example.com/ca");
}
M(m_aia_ocsp_ldap)
{
    UNUSED_P;
    ext(c, "authorityInfoAccess", false, "OCSP;URI:ldap://ocsp.example.com,caIssuers;URI:http://ca.example.com/i.crt");
}
M(m_aia_https)
{
    UNUSED_P;
    ext(c, "authorityInfoAccess", false,
        "OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/i.crt,caIssuers;URI:https://ca.example.com/i.crt");
}
M(m_aia_email_loc)
{
    UNUSED_P;
    ext(c, "authorityInfoAccess", false,
        "OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/i.crt,caIssuers;email:ca@example.com");
}
M(m_aki_missing) { UNUSED_P; cg_ext_remove(c, "authorityKeyIdentifier"); }
M(m_ski_missing) { UNUSED_P; cg_ext_remove(c, "subjectKeyIdentifier"); }
M(m_ski_critical) { UNUSED_P; ext_hex(c, "2.5.29.14", true, "04 14 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00 11 22 33"); }
M(m_ski_random) { UNUSED_P; ext_hex(c, "2.5.29.14", false, "04 14 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00 11 22 33"); }
M(m_bc_ca_true) { UNUSED_P; ext(c, "basicConstraints", true, "CA:TRUE"); }
M(m_bc_pathlen) { UNUSED_P; ext_hex(c, "2.5.29.19", true, "30 03 02 01 00"); }
M(m_nc_in_ee) { UNUSED_P; ext(c, "nameConstraints", true, "permitted;email:.example.com"); }
M(m_validity_826) { UNUSED_P; cg_set_validity_seconds(c, 826 * 86400LL); }
M(m_validity_825) { UNUSED_P; cg_set_validity_seconds(c, 825 * 86400LL); }
M(m_validity_1186) { UNUSED_P; cg_set_validity_seconds(c, 1186 * 86400LL); }
M(m_serial_short) { UNUSED_P; cg_set_serial_hex(c, "4a 3b 2c 1d"); }
M(m_serial_negative) { UNUSED_P; cg_set_serial_hex(c, "c1 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 01"); }
M(m_serial_long)
{
    UNUSED_P;
    cg_set_serial_hex(c, "41 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 01 02 03 04 05 06");
}
M(m_version_v2) { UNUSED_P; cg_set_version(c, 2); }
M(m_legacy_after_sunset) { UNUSED_P, (void)c; }
M(m_smimecap_critical) { UNUSED_P; ext_hex(c, "1.2.840.113549.1.9.15", true, "30 0b 30 09 06 05 2b 0e 03 02 1a 05 00"); }
M(m_sda_present) { UNUSED_P; ext_hex(c, "2.5.29.9", false, "30 16 30 14 06 08 2b 06 01 05 05 07 09 01 31 08 18 06 31 39 39 30 30 31"); }
M(m_sda_critical) { UNUSED_P; ext_hex(c, "2.5.29.9", true, "30 16 30 14 06 08 2b 06 01 05 05 07 09 03 31 08 13 06 31 39 39 30 30 31"); }
M(m_adobe_ts)
{
    UNUSED_P;
    ext_hex(c, "1.2.840.113583.1.1.9.1", false,
            "30 1b 02 01 01 86 16 68 74 74 70 3a 2f 2f 74 73 2e 65 78 61 6d 70 6c 65 2e 63 6f 6d 2f");
}
M(m_adobe_ts_critical)
{
    UNUSED_P;
    ext_hex(c, "1.2.840.113583.1.1.9.1", true,
            "30 1b 02 01 01 86 16 68 74 74 70 3a 2f 2f 74 73 2e 65 78 61 6d 70 6c 65 2e 63 6f 6d 2f");
}
M(m_adobe_ts_email)
{
    UNUSED_P;
    ext_hex(c, "1.2.840.113583.1.1.9.1", false,
            "30 13 02 01 01 81 0e 74 73 40 65 78 61 6d 70 6c 65 2e 63 6f 6d");
}
M(m_lei_ext)
{
    UNUSED_P;
    /* LEI 5493001KJTIIGC8Y1R12 (valid ISO 7064 check) as PrintableString */
    ext_hex(c, "1.3.6.1.4.1.52266.1", false, "13 14 35 34 39 33 30 30 31 4b 4a 54 49 49 47 43 38 59 31 52 31 32");
}
M(m_lei_ext_bad)
{
    UNUSED_P;
    ext_hex(c, "1.3.6.1.4.1.52266.1", false, "13 14 35 34 39 33 30 30 31 4b 4a 54 49 49 47 43 38 59 31 52 31 33");
}
M(m_lei_ext_critical)
{
    UNUSED_P;
    ext_hex(c, "1.3.6.1.4.1.52266.1", true, "13 14 35 34 39 33 30 30 31 4b 4a 54 49 49 47 43 38 59 31 52 31 32");
}
M(m_lei_role)
{
    UNUSED_P;
    ext_hex(c, "1.3.6.1.4.1.52266.2", false, "13 08 44 69 72 65 63 74 6f 72");
}
M(m_qc_critical)
{
    UNUSED_P;
    /* qcStatements { QcCompliance } */
    ext_hex(c, "1.3.6.1.5.5.7.1.3", true, "30 0a 30 08 06 06 04 00 8e 46 01 01");
}
M(m_qc_type_web)
{
    UNUSED_P;
    /* QcType { id-etsi-qct-web } */
    ext_hex(c, "1.3.6.1.5.5.7.1.3", false, "30 15 30 13 06 06 04 00 8e 46 01 06 30 09 06 07 04 00 8e 46 01 06 03");
}
M(m_unlisted_ext) { UNUSED_P; ext_hex(c, "1.3.6.1.4.1.32473.9", false, "05 00"); }
M(m_rfc822_non_ascii) { san_plus(c, p, 0x81, "böb@example.com"); }
M(m_smtputf8_ascii) { san_plus(c, p, 0xa0, "bob@example.com"); }
M(m_smtputf8_bom) { san_plus(c, p, 0xa0, "\xef\xbb\xbf" "böb@example.com"); }
M(m_smtputf8_upper) { san_plus(c, p, 0xa0, "böb@EXAMPLE.com"); }
M(m_smtputf8_ulabel) { san_plus(c, p, 0xa0, "böb@bücher.example.com"); }
M(m_smtputf8_syntax) { san_plus(c, p, 0xa0, "böb example.com"); }

/* subject edits */
M(m_mbox_cn_other) { UNUSED_P; cg_subject_remove(c, "CN"), cg_subject_remove(c, "emailAddress"), cg_subject_add(c, "CN", "Alice", 0); }
M(m_mbox_org) { UNUSED_P; cg_subject_add(c, "O", "Example Org Ltd", 0); }
M(m_email_attr_bad) { UNUSED_P; cg_subject_remove(c, "emailAddress"), cg_subject_add(c, "emailAddress", "alice@-example.com", 0); }
M(m_email_not_in_san) { UNUSED_P; cg_subject_add(c, "emailAddress", "bob@example.com", 0); }
M(m_email_attr_two)
{
    UNUSED_P;
    cg_subject_add(c, "emailAddress", "alice@example.com, bob@example.com", 0);
}
M(m_ov_cn_other) { UNUSED_P; cg_subject_remove(c, "CN"), cg_subject_add(c, "CN", "Other Name Inc", 0); }
M(m_ov_gn) { UNUSED_P; cg_subject_add(c, "GN", "Alice", 0); }
M(m_org_name_missing)
{
    cg_subject_remove(c, "O");
    if (p->type == ORG)
        cg_subject_remove(c, "CN"); /* it repeated the organizationName */
}
M(m_orgid_missing) { UNUSED_P; cg_subject_remove(c, "organizationIdentifier"); }
M(m_iv_org) { UNUSED_P; cg_subject_add(c, "O", "Example Org Ltd", 0); }
M(m_personal_missing) { UNUSED_P; cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN"), cg_subject_remove(c, "CN"); }
M(m_legacy_name_missing)
{
    UNUSED_P;
    cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN"), cg_subject_remove(c, "CN");
}
M(m_pseudonym_with_gn)
{
    UNUSED_P;
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "pseudonym", "Ally", 0);
    cg_subject_add(c, "CN", "Ally", 0);
}
M(m_cn_person_unknown) { UNUSED_P; cg_subject_remove(c, "CN"), cg_subject_add(c, "CN", "Bob Jones", 0); }
M(m_cn_pseudonym_mismatch)
{
    UNUSED_P;
    cg_subject_remove(c, "GN"), cg_subject_remove(c, "SN"), cg_subject_remove(c, "CN");
    cg_subject_add(c, "pseudonym", "Ally", 0);
    cg_subject_add(c, "CN", "Someone Else", 0);
}
M(m_country_bad) { UNUSED_P; cg_subject_set(c, "C", "QQ", 0); }
M(m_location_no_country) { UNUSED_P; cg_subject_remove(c, "C"), cg_subject_add(c, "L", "London", 0); }
M(m_street_no_locality) { UNUSED_P; cg_subject_add(c, "street", "1 High Street", 0); }
M(m_street_strict) { UNUSED_P; cg_subject_add(c, "L", "London", 0), cg_subject_add(c, "street", "1 High Street", 0); }
M(m_unlisted_attr) { UNUSED_P; cg_subject_add(c, "businessCategory", "Private Organization", 0); }
M(m_metadata_value) { UNUSED_P; cg_subject_add(c, "L", "-", 0); }
M(m_html_entity) { UNUSED_P; cg_subject_add(c, "L", "Stratford &amp; Bow", 0); }
M(m_multi_rdn) { UNUSED_P; cg_subject_add_multi(c, "serialNumber", "42", 0); }
M(m_upper_bound_l)
{
    UNUSED_P;
    cg_subject_add(c, "L", "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch Isle of Anglesey Wales", 0);
}
M(m_npi_unknown) { UNUSED_P; cg_subject_add(c, "serialNumber", "ABCGB-1234567", 0); }
static void orgid(cg_cert *c, const char *v)
{
    cg_subject_remove(c, "organizationIdentifier");
    cg_subject_add(c, "organizationIdentifier", v, 0);
}
M(m_orgid_format) { UNUSED_P; orgid(c, "NTR-GB-12345678"); }
M(m_orgid_scheme) { UNUSED_P; orgid(c, "ABCGB-12345678"); }
M(m_orgid_country) { UNUSED_P; orgid(c, "NTRQQ-12345678"); }
M(m_orgid_country_mismatch) { UNUSED_P; orgid(c, "NTRFR-12345678"); }
M(m_orgid_no_ref) { UNUSED_P; orgid(c, "NTRGB"); }
M(m_orgid_gov_ref) { UNUSED_P; orgid(c, "GOVGB-12345"); }
M(m_orgid_subdiv_vat) { UNUSED_P; orgid(c, "VATGB+EN-123456789"); }
M(m_orgid_lei_bad) { UNUSED_P; orgid(c, "LEIXG-5493001KJTIIGC8Y1R13"); }
M(m_orgid_psd) { UNUSED_P; orgid(c, "PSDGB-12345"); }
M(m_orgid_encoding)
{
    UNUSED_P;
    cg_subject_remove(c, "organizationIdentifier");
    cg_subject_add(c, "organizationIdentifier", "NTRGB-12345678", 30);
}
M(m_orgid_eu_subdiv)
{
    UNUSED_P;
    cg_subject_set(c, "C", "FR", 0);
    orgid(c, "NTRFR+IDF-12345678");
}
M(m_orgid_de_not_euid)
{
    UNUSED_P;
    cg_subject_set(c, "C", "DE", 0);
    orgid(c, "NTRDE-HRB12345");
}
M(m_orgid_euid_country)
{
    UNUSED_P;
    cg_subject_set(c, "C", "DE", 0);
    orgid(c, "NTRDE-FRK1101R.HRB12345");
}
M(m_sigalg_sha1) { UNUSED_P; cg_set_signature(c, "sha1"); }
/* -- TLS -- */
M(t_eku_email) { UNUSED_P; ext(c, "extendedKeyUsage", false, "serverAuth,emailProtection"); }
M(t_eku_client) { UNUSED_P; ext(c, "extendedKeyUsage", false, "serverAuth,clientAuth"); }
M(t_ku_ke)
{
    UNUSED_P;
    ext(c, "keyUsage", true, "digitalSignature,keyEncipherment");
}
M(t_ku_certsign) { UNUSED_P; ext(c, "keyUsage", true, "digitalSignature,keyCertSign"); }
M(t_cn_upper) { UNUSED_P; cg_subject_remove(c, "CN"), cg_subject_add(c, "CN", "WWW.EXAMPLE.COM", 0); }
M(t_cn_not_in_san) { UNUSED_P; cg_subject_remove(c, "CN"), cg_subject_add(c, "CN", "mail.example.com", 0); }
M(t_san_missing) { UNUSED_P; cg_ext_remove(c, "subjectAltName"); }
M(t_san_email) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,email:a@example.com"); }
M(t_san_private_ip) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,IP:10.0.0.1"); }
M(t_dns_underscore)
{
    UNUSED_P;
    ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,DNS:a_b.example.com");
}
M(t_dns_trailing_dot) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com."); }
M(t_dns_internal) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,DNS:server.corp"); }
M(t_dns_bad_label) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,DNS:-bad.example.com"); }
M(t_ou)
{
    UNUSED_P;
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "OU", "IT", 0);
    cg_subject_add(c, "CN", "www.example.com", 0);
}
M(t_dv_extra) { UNUSED_P; cg_subject_remove(c, "CN"), cg_subject_add(c, "O", "Example Inc", 0), cg_subject_add(c, "CN", "www.example.com", 0); }
M(t_ov_no_org) { UNUSED_P; cg_subject_remove(c, "O"); }
M(t_iv_no_gn) { UNUSED_P; cg_subject_remove(c, "GN"); }
M(t_country_bad) { UNUSED_P; cg_subject_set(c, "C", "us", 0); }
M(t_metadata)
{
    UNUSED_P;
    cg_subject_set(c, "L", "N/A", 0);
}
M(t_subject_order)
{
    UNUSED_P;
    cg_subject_remove(c, "C");
    cg_subject_add(c, "C", "US", 0); /* last instead of first */
}
M(t_policy_missing) { UNUSED_P; cg_ext_remove(c, "certificatePolicies"); }
M(t_policy_two) { policies(c, p == &profiles[P_EV] ? "2.23.140.1.1,2.23.140.1.2.2" : "2.23.140.1.2.2,2.23.140.1.2.1"); }
M(t_aia_missing) { UNUSED_P; cg_ext_remove(c, "authorityInfoAccess"); }
M(t_crldp_https) { UNUSED_P; ext(c, "crlDistributionPoints", false, "URI:https://crl.example.com/issuing.crl"); }
M(t_no_revocation)
{
    UNUSED_P;
    cg_ext_remove(c, "crlDistributionPoints");
    ext(c, "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/issuing.crt");
}
M(t_bc_ca_false_noncrit) { UNUSED_P; ext(c, "basicConstraints", false, "CA:FALSE"); }
M(t_bc_ca_true) { UNUSED_P; ext(c, "basicConstraints", true, "CA:TRUE"); }
M(t_ski) { UNUSED_P; ext(c, "subjectKeyIdentifier", false, "hash"); }
M(t_validity_399) { UNUSED_P; cg_set_validity_seconds(c, 399 * 86400LL); }
M(t_validity_201) { UNUSED_P; cg_set_validity_seconds(c, 201 * 86400LL); }
M(t_validity_101) { UNUSED_P; cg_set_validity_seconds(c, 101 * 86400LL); }
M(t_validity_48) { UNUSED_P; cg_set_validity_seconds(c, 48 * 86400LL); }
M(t_clean_2027) { UNUSED_P, (void)c; }
M(t_rsa_1024)
{
    cg_set_key(c, "rsa1024");
    if (p != &profiles[P_CA])
        ext(c, "keyUsage", true, "digitalSignature,keyEncipherment");
}
M(t_ec_k256) { UNUSED_P; cg_set_key(c, "secp256k1"); }
M(t_ed25519) { UNUSED_P; cg_set_key(c, "ed25519"); }
M(t_serial_short) { UNUSED_P; cg_set_serial_hex(c, "4a 3b 2c 1d"); }
M(t_sigalg_sha1) { UNUSED_P; cg_set_signature(c, "sha1"); }
M(t_poison_noncrit) { UNUSED_P; ext_hex(c, "1.3.6.1.4.1.11129.2.4.3", false, "05 00"); }
M(t_sct_in_precert)
{
    UNUSED_P;
    ext_hex(c, "1.3.6.1.4.1.11129.2.4.2", false,
            "04 33 00 31 00 2f 00"
            " 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11"
            " 00 00 01 99 00 00 00 00 00 00 04 03 00 00");
}

/* -- RFC 5280 (on the TLS profiles) -- */
M(r_aia_critical) { UNUSED_P; ext(c, "authorityInfoAccess", true, "OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/issuing.crt"); }
M(r_aki_missing) { UNUSED_P; cg_ext_remove(c, "authorityKeyIdentifier"); }
M(r_aki_no_keyid) { UNUSED_P; ext_hex(c, "2.5.29.35", false, "30 00"); }
M(r_aki_wrong) { UNUSED_P; ext_hex(c, "2.5.29.35", false, "30 16 80 14 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00 11 22 33"); }
M(r_cp_duplicate) { UNUSED_P; policies(c, "2.23.140.1.2.1,2.23.140.1.2.1"); }
M(r_crldp_reasons_only) { UNUSED_P; ext_hex(c, "2.5.29.31", false, "30 06 30 04 81 02 05 60"); }
M(r_default_critical) { UNUSED_P; cg_ext_encode_false_critical(c, "certificatePolicies"); }
M(r_dup_ext) { UNUSED_P; uint8_t v[] = {0x03, 0x02, 0x07, 0x80}; cg_ext_add_der(c, "2.5.29.15", true, v, sizeof v); }
M(r_san_empty_seq) { UNUSED_P; ext_hex(c, "2.5.29.17", false, "30 00"); }
M(r_ext_bad_der) { UNUSED_P; ext_hex(c, "2.5.29.37", false, "30 03 06 01"); }
M(r_ku_no_bits) { UNUSED_P; ext_hex(c, "2.5.29.15", true, "03 01 00"); }
M(r_ku_der)
{
    /* the last bit set is followed by zero bits the unused-bits count leaves out */
    ext_hex(c, "2.5.29.15", true, p == &profiles[P_CA] ? "03 02 00 86" : "03 02 00 80");
}
M(r_ku_not_critical) { UNUSED_P; ext(c, "keyUsage", false, "digitalSignature"); }
M(r_ku_vs_key) { UNUSED_P; ext(c, "keyUsage", true, "digitalSignature,keyEncipherment,keyCertSign,cRLSign"); }
M(r_eku_ku_inconsistent) { UNUSED_P; ext(c, "keyUsage", true, "nonRepudiation"); }
M(r_nc_in_ee) { UNUSED_P; ext(c, "nameConstraints", true, "permitted;DNS:example.com"); }
M(r_pathlen_ee) { UNUSED_P; ext_hex(c, "2.5.29.19", true, "30 03 02 01 00"); }
M(r_san_dns_space) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,DNS:bad name.example.com"); }
M(r_san_rfc822_bad)
{
    UNUSED_P;
    ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,email:not-a-mailbox");
}
M(r_sda_critical) { UNUSED_P; ext_hex(c, "2.5.29.9", true, "30 16 30 14 06 08 2b 06 01 05 05 07 09 03 31 08 13 06 31 39 39 30 30 31"); }
M(r_serial_zero) { UNUSED_P; cg_set_serial_hex(c, "00"); }
M(r_serial_long) { UNUSED_P; cg_set_serial_hex(c, "41 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 01 02 03 04 05 06"); }
M(r_ski_critical) { UNUSED_P; ext_hex(c, "2.5.29.14", true, "04 14 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00 11 22 33"); }
M(r_ca_no_ski) { UNUSED_P; cg_ext_remove(c, "subjectKeyIdentifier"); }
M(r_ca_bc_noncrit) { UNUSED_P; ext(c, "basicConstraints", false, "CA:TRUE,pathlen:0"); }
M(r_ca_subject_empty) { UNUSED_P; cg_subject_clear(c); }
M(r_email_attr_not_in_san) { UNUSED_P; cg_subject_add(c, "emailAddress", "hostmaster@example.com", 0); }
M(r_time_generalized) { UNUSED_P; cg_set_time_encoding(c, false, 24); }
M(r_validity_negative) { UNUSED_P; cg_set_validity_seconds(c, -86400LL); }
M(r_version_v2) { UNUSED_P; cg_set_version(c, 2); }
M(r_issuer_empty) { UNUSED_P; cg_issuer_clear(c); }
M(r_issuer_other) { UNUSED_P; cg_issuer_clear(c); cg_issuer_add(c, "C", "US", 0); cg_issuer_add(c, "O", "Someone Else", 0); cg_issuer_add(c, "CN", "Other CA", 0); }
M(r_c_utf8) { UNUSED_P; cg_subject_set(c, "C", "US", 12); }
M(r_cn_long)
{
    UNUSED_P;
    ext(c, "subjectAltName", false,
        "DNS:www.example.com,DNS:example.com,DNS:a-very-long-host-name-that-goes-on-and-on-beyond-sixty-four.example.com");
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "CN", "a-very-long-host-name-that-goes-on-and-on-beyond-sixty-four.example.com", 0);
}
M(r_idn_bad) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,DNS:xn--99999999999.example.com"); }

/* -- keys and encodings built by hand -- */

/* SubjectPublicKeyInfo from an algorithm OID (with NULL parameters or none)
 * and the subjectPublicKey bits. */
static void spki_raw(cg_cert *c, const char *alg, bool null_params, const uint8_t *key, size_t key_len)
{
    cg_buf a = {0}, bits = {0}, s = {0}, out = {0};
    cg_der_oid(&a, alg);
    if (null_params)
        cg_der_tlv(&a, 0x05, "", 0);
    cg_der_wrap(&s, 0x30, &a);
    cg_buf_byte(&bits, 0);
    cg_buf_put(&bits, key, key_len);
    cg_der_wrap(&s, 0x03, &bits);
    cg_der_wrap(&out, 0x30, &s);
    cg_set_spki_der(c, out.p, out.n);
    cg_buf_free(&out);
}

/* Bytes from SHA-256 in counter mode: deterministic filler for raw keys. */
static void filler(const char *seed, uint8_t *out, size_t n)
{
    for (uint32_t ctr = 0; n; ctr++) {
        char in[64];
        uint8_t h[32];
        int l = snprintf(in, sizeof in, "certsweep-matrix:%s:%u", seed, ctr);
        SHA256((const uint8_t *)in, (size_t)l, h);
        size_t take = n < 32 ? n : 32;
        memcpy(out, h, take);
        out += take, n -= take;
    }
}

/* n >> 4 (its bit length no longer a multiple of 8), then the next odd
 * number with no prime factor below 752, so that only the length is wrong. */
static void odd_without_small_factors(BIGNUM *n)
{
    BN_rshift(n, n, 4);
    BN_set_bit(n, 0);
    for (;;) {
        bool smooth = false;
        for (BN_ULONG p = 3; p < 752 && !smooth; p += 2) {
            bool prime = true;
            for (BN_ULONG q = 3; q * q <= p && prime; q += 2)
                prime = p % q != 0;
            smooth = prime && BN_mod_word(n, p) == 0;
        }
        if (!smooth)
            return;
        BN_add_word(n, 2);
    }
}

/* RSA key from the pool key's modulus (adjusted by edit_n) and exponent e. */
static void rsa_spki(cg_cert *c, const char *pool, uint64_t e, bool null_params, int edit_n)
{
    EVP_PKEY *k = cg_pool_key(pool);
    BIGNUM *n = NULL;
    if (!k || !EVP_PKEY_get_bn_param(k, "n", &n)) {
        fprintf(stderr, "certsweep-matrix: no RSA modulus for %s\n", pool);
        exit(1);
    }
    if (edit_n == 1)
        BN_add_word(n, 1); /* even */
    else if (edit_n == 2)
        odd_without_small_factors(n);
    uint8_t nb[600];
    int nl = BN_bn2bin(n, nb + 1);
    nb[0] = 0;
    BN_free(n);
    cg_buf ints = {0}, seq = {0};
    cg_der_tlv(&ints, 0x02, nb[1] & 0x80 ? nb : nb + 1, (size_t)nl + (nb[1] & 0x80 ? 1 : 0));
    cg_der_uint(&ints, e);
    cg_der_wrap(&seq, 0x30, &ints);
    spki_raw(c, "1.2.840.113549.1.1.1", null_params, seq.p, seq.n);
    cg_buf_free(&seq);
}

M(m_rsa_exp3) { UNUSED_P; rsa_spki(c, "rsa2048", 3, true, 0); }
M(m_rsa_exp_even) { UNUSED_P; rsa_spki(c, "rsa2048", 65538, true, 0); }
M(m_rsa_even_modulus) { UNUSED_P; rsa_spki(c, "rsa2048", 65537, true, 1); }
M(m_rsa_4092) { UNUSED_P; rsa_spki(c, "rsa4096", 65537, true, 2); }
M(m_rsa_no_null) { UNUSED_P; rsa_spki(c, "rsa2048", 65537, false, 0); }
M(m_ec_bad_point)
{
    UNUSED_P;
    uint8_t pt[65];
    pt[0] = 4;
    filler("p256-point", pt + 1, 64); /* almost surely not on the curve */
    cg_buf a = {0}, bits = {0}, s = {0}, out = {0};
    cg_der_oid(&a, "1.2.840.10045.2.1");
    cg_der_oid(&a, "1.2.840.10045.3.1.7");
    cg_der_wrap(&s, 0x30, &a);
    cg_buf_byte(&bits, 0);
    cg_buf_put(&bits, pt, sizeof pt);
    cg_der_wrap(&s, 0x03, &bits);
    cg_der_wrap(&out, 0x30, &s);
    cg_set_spki_der(c, out.p, out.n);
    cg_buf_free(&out);
    ext(c, "keyUsage", true, "digitalSignature");
}
M(m_ed25519_short)
{
    UNUSED_P;
    uint8_t k[31];
    filler("ed25519", k, sizeof k);
    spki_raw(c, "1.3.101.112", false, k, sizeof k);
    ext(c, "keyUsage", true, "digitalSignature");
}
M(m_mldsa_short)
{
    UNUSED_P;
    uint8_t k[1000];
    filler("ml-dsa", k, sizeof k);
    spki_raw(c, "2.16.840.1.101.3.4.3.18", false, k, sizeof k);
    ext(c, "keyUsage", true, "digitalSignature");
}
M(m_mlkem_short)
{
    UNUSED_P;
    uint8_t k[1000];
    filler("ml-kem", k, sizeof k);
    spki_raw(c, "2.16.840.1.101.3.4.4.2", false, k, sizeof k);
    ext(c, "keyUsage", true, "keyEncipherment");
}

/* SAN: the profile's mailbox (unless without_mailbox) and a directoryName. */
static void san_dirname(cg_cert *c, const profile *p, bool with_mailbox, const char *const *av)
{
    cg_buf l = {0}, b = {0}, nm = {0};
    if (with_mailbox)
        cg_der_tlv(&l, 0x81, mailbox_of(p), strlen(mailbox_of(p)));
    cg_der_name(&nm, av);
    cg_der_wrap(&l, 0xa4, &nm);
    cg_der_wrap(&b, 0x30, &l);
    cg_ext_set_der(c, "2.5.29.17", false, b.p, b.n);
    cg_buf_free(&b);
}
M(m_san_dirname_only)
{
    static const char *const av[] = {"CN", "Example Org Ltd", NULL};
    san_dirname(c, p, false, av);
}
M(m_san_dirname_org)
{
    static const char *const av[] = {"O", "Example Org Ltd", "CN", "alice@example.com", NULL};
    san_dirname(c, p, true, av);
}
M(m_subject_empty) { UNUSED_P; cg_subject_clear(c); }
M(m_aki_critical) { UNUSED_P; ext(c, "authorityKeyIdentifier", true, "keyid:always"); }
M(m_aki_issuer_serial) { UNUSED_P; ext(c, "authorityKeyIdentifier", false, "keyid:always,issuer:always"); }
M(m_aki_no_keyid) { UNUSED_P; ext_hex(c, "2.5.29.35", false, "30 00"); }
M(m_aki_wrong)
{
    UNUSED_P;
    ext_hex(c, "2.5.29.35", false, "30 16 80 14 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00 11 22 33");
}
/* The issuing CA's name with its organizationName as a PrintableString:
 * the same name under RFC 5280 7.1, not the same bytes. */
static void issuer_reencoded(cg_cert *c, const char *cn)
{
    cg_issuer_clear(c);
    cg_issuer_add(c, "C", "US", 0);
    cg_issuer_add(c, "O", "certsweep Test", 19);
    cg_issuer_add(c, "CN", cn, 0);
}
M(m_issuer_reencoded) { UNUSED_P; issuer_reencoded(c, "certsweep Test CA rsa2048"); }
M(t_issuer_reencoded) { UNUSED_P; issuer_reencoded(c, "certsweep Test CA p256"); }
M(m_explicit_text_ia5) { policy(c, p, "1.3.6.1.5.5.7.2.2", "ia5", false); }
M(m_before_br) { UNUSED_P, (void)c; }
M(m_other_issuer) { UNUSED_P, (void)c; }

/* -- S/MIME subordinate CA -- */
M(ca_aia_critical) { UNUSED_P; ext(c, "authorityInfoAccess", true, "caIssuers;URI:http://ca.example.com/root.crt"); }
M(ca_bc_not_critical) { UNUSED_P; ext(c, "basicConstraints", false, "CA:TRUE,pathlen:0"); }
M(ca_eku_server) { UNUSED_P; ext(c, "extendedKeyUsage", false, "emailProtection,serverAuth"); }
M(ca_ku_not_critical) { UNUSED_P; ext(c, "keyUsage", false, "digitalSignature,keyCertSign,cRLSign"); }
M(ca_nc_not_critical) { UNUSED_P; ext(c, "nameConstraints", false, "permitted;email:.example.com"); }
M(ca_nc_mailbox) { UNUSED_P; ext(c, "nameConstraints", true, "permitted;email:alice@example.com"); }
M(ca_no_org) { UNUSED_P; cg_subject_remove(c, "O"); }
/* Self-signed: the S/MIME CA becomes a root (its own name and key). */
M(ca_self_signed)
{
    UNUSED_P;
    size_t nl;
    uint8_t *name = cg_subject_der(c, &nl), kid[20];
    cg_key_id(c, kid);
    cg_set_issuer_raw(c, name, nl, kid, 20, "rsa2048:6"); /* the smime-ca preset's key */
    cg_ext_remove(c, "crlDistributionPoints");
    cg_ext_remove(c, "authorityInfoAccess");
    free(name);
}
M(ca_remove_eku)
{
    UNUSED_P;
    cg_ext_remove(c, "extendedKeyUsage");
    policies(c, "2.23.140.1.5.1.3"); /* still in S/MIME scope through a reserved policy */
}

/* -- DER faults inside extension values -- */
M(d_bool_01) { UNUSED_P; ext_hex(c, "2.5.29.19", true, "30 06 01 01 01 02 01 00"); }
M(d_int_leading_zero) { UNUSED_P; ext_hex(c, "2.5.29.19", true, "30 07 01 01 ff 02 02 00 00"); }
M(d_length_long_form) { UNUSED_P; ext_hex(c, "2.5.29.37", false, "30 81 0a 06 08 2b 06 01 05 05 07 03 01"); }
M(d_oid_padded)
{
    UNUSED_P;
    ext_hex(c, "2.5.29.32", false,
            "30 18 30 08 06 06 67 81 0c 01 02 01 30 0c 06 0a 2b 06 01 04 01 81 fd 59 80 01");
}
M(d_constructed_ski)
{
    UNUSED_P;
    ext_hex(c, "2.5.29.14", false,
            "24 18 04 0a 00 11 22 33 44 55 66 77 88 99 04 0a aa bb cc dd ee ff 00 11 22 33");
}
M(d_crldp_reasons_unused_bits)
{
    UNUSED_P;
    static const char uri[] = "http://crl.example.com/root.crl";
    cg_buf gn = {0}, full = {0}, dpn = {0}, dp = {0}, b = {0};
    cg_der_tlv(&gn, 0x86, uri, strlen(uri));
    cg_der_wrap(&full, 0xa0, &gn);
    cg_der_wrap(&dpn, 0xa0, &full);
    cg_buf_put(&dp, dpn.p, dpn.n);
    cg_buf_free(&dpn);
    cg_der_tlv(&dp, 0x81, "\x07\x81", 2); /* reasons: a bit set in the 7 unused bits */
    cg_buf dps = {0};
    cg_der_wrap(&dps, 0x30, &dp);
    cg_der_wrap(&b, 0x30, &dps);
    cg_ext_set_der(c, "2.5.29.31", false, b.p, b.n);
    cg_buf_free(&b);
}
M(d_many_ekus)
{
    UNUSED_P;
    cg_buf l = {0}, b = {0};
    cg_der_oid(&l, "1.3.6.1.5.5.7.3.1");
    for (int i = 1; i <= 40; i++) {
        char oid[48];
        snprintf(oid, sizeof oid, "1.3.6.1.4.1.32473.7.%d", i);
        cg_der_oid(&l, oid);
    }
    cg_der_wrap(&b, 0x30, &l);
    cg_ext_set_der(c, "2.5.29.37", false, b.p, b.n);
    cg_buf_free(&b);
}

/* -- edits of the signed DER -- */

/* Reads a DER header at p (no bounds beyond the buffer: our own output). */
static size_t hdr(const uint8_t *p, size_t *content_len)
{
    if (p[1] < 0x80) {
        *content_len = p[1];
        return 2;
    }
    size_t n = p[1] & 0x7f, l = 0;
    for (size_t i = 0; i < n; i++)
        l = l << 8 | p[2 + i];
    *content_len = l;
    return 2 + n;
}

/* Outer signatureAlgorithm sha256WithRSAEncryption -> sha384WithRSAEncryption
 * (or ecdsa-with-SHA256 -> SHA384): the tbsCertificate.signature no longer matches. */
static uint8_t *p_outer_sigalg(uint8_t *der, size_t *len)
{
    (void)len;
    size_t cl, tl;
    size_t h = hdr(der, &cl);
    size_t th = hdr(der + h, &tl);
    uint8_t *alg = der + h + th + tl;
    size_t al, ah = hdr(alg, &al);
    size_t ol, oh = hdr(alg + ah, &ol);
    uint8_t *last = alg + ah + oh + ol - 1;
    *last = *last == 0x0b ? 0x0c : *last == 0x02 ? 0x03 : (uint8_t)(*last + 1);
    return der;
}

/* Writes a DER header (tag, definite length) and returns its size. */
static size_t put_hdr(uint8_t *p, uint8_t tag, size_t len)
{
    p[0] = tag;
    if (len < 0x80) {
        p[1] = (uint8_t)len;
        return 2;
    }
    size_t n = len > 0xffff ? 3 : len > 0xff ? 2 : 1;
    p[1] = (uint8_t)(0x80 | n);
    for (size_t i = 0; i < n; i++)
        p[2 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
    return 2 + n;
}

/* issuerUniqueID [1] and subjectUniqueID [2] inserted after the
 * subjectPublicKeyInfo.  The signature is left as it was: no linter here
 * verifies it, and the TBSCertificate is what they judge. */
static uint8_t *p_unique_ids(uint8_t *der, size_t *len)
{
    static const uint8_t ids[] = {0x81, 0x02, 0x00, 0x5a, 0x82, 0x02, 0x00, 0xa5};
    size_t cl, tl, el;
    size_t h = hdr(der, &cl);
    size_t th = hdr(der + h, &tl);
    const uint8_t *tbs = der + h + th, *p = tbs;
    for (int i = 0; i < 7; i++) /* version, serial, signature, issuer, validity, subject, spki */
        p += hdr(p, &el) + el;
    size_t before = (size_t)(p - tbs), after = tl - before;
    const uint8_t *rest = der + h + th + tl; /* signatureAlgorithm and signature */
    size_t rest_len = *len - (h + th + tl);
    uint8_t *out = malloc(*len + sizeof ids + 16);
    if (!out)
        abort();
    uint8_t th2[8];
    size_t th2n = put_hdr(th2, 0x30, tl + sizeof ids);
    size_t body = th2n + tl + sizeof ids + rest_len;
    size_t o = put_hdr(out, 0x30, body);
    memcpy(out + o, th2, th2n), o += th2n;
    memcpy(out + o, tbs, before), o += before;
    memcpy(out + o, ids, sizeof ids), o += sizeof ids;
    memcpy(out + o, tbs + before, after), o += after;
    memcpy(out + o, rest, rest_len), o += rest_len;
    free(der);
    *len = o;
    return out;
}

/* Two zero octets after the certificate. */
static uint8_t *p_trailing(uint8_t *der, size_t *len)
{
    uint8_t *d = realloc(der, *len + 2);
    if (!d)
        abort();
    d[*len] = d[*len + 1] = 0;
    *len += 2;
    return d;
}

/* -- the other TLS BR 7.1.2 profiles (root, cross-certified, non-TLS,
 *    precertificate signing and technically constrained CAs, OCSP
 *    responder), history windows, and subscriber rules -- */

/* authorityKeyIdentifier with the builder's own key id (a root's AKI = SKI), critical. */
M(o_root_aki_critical)
{
    UNUSED_P;
    uint8_t kid[20];
    cg_key_id(c, kid);
    cg_buf k = {0}, b = {0};
    cg_der_tlv(&k, 0x80, kid, sizeof kid);
    cg_der_wrap(&b, 0x30, &k);
    cg_ext_set_der(c, "2.5.29.35", true, b.p, b.n);
    cg_buf_free(&b);
}
M(o_validity_9133d) { UNUSED_P; cg_set_validity_seconds(c, 9133 * 86400LL); }
M(o_eku_server) { UNUSED_P; ext(c, "extendedKeyUsage", false, "serverAuth"); }
M(o_root_pathlen) { UNUSED_P; ext(c, "basicConstraints", true, "CA:TRUE,pathlen:1"); }
M(o_any_policy) { UNUSED_P; policies(c, "2.5.29.32.0"); }
M(o_crldp) { UNUSED_P; ext(c, "crlDistributionPoints", false, "URI:http://crl.example.com/root.crl"); }
M(o_ca_ou)
{
    UNUSED_P;
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "OU", "Certification Services", 0);
    cg_subject_add(c, "CN", "certsweep Matrix Root CA", 0);
}
M(o_ca_serial_number) { UNUSED_P; cg_subject_add(c, "serialNumber", "1234567", 0); }
M(o_eku_any_server) { UNUSED_P; ext(c, "extendedKeyUsage", false, "anyExtendedKeyUsage,serverAuth"); }
M(o_eku_client_critical) { UNUSED_P; ext(c, "extendedKeyUsage", true, "clientAuth"); }
M(o_eku_client_ocsp) { UNUSED_P; ext(c, "extendedKeyUsage", false, "clientAuth,OCSPSigning"); }
M(o_policy_tls_dv) { UNUSED_P; policies(c, "2.23.140.1.2.1"); }
M(o_eku_precert_server) { UNUSED_P; ext(c, "extendedKeyUsage", false, "1.3.6.1.4.1.11129.2.4.4,serverAuth"); }
M(o_key_p384) { UNUSED_P; cg_set_key(c, "p384"); }

M(o_nc_maximum) { UNUSED_P; cg_set_tc_name_constraints(c, true, CG_NC_MAXIMUM); }
M(o_nc_not_critical) { UNUSED_P; cg_set_tc_name_constraints(c, false, 0); }
M(o_nc_dns_only) { UNUSED_P; cg_set_tc_name_constraints(c, true, CG_NC_DNS_ONLY); }
M(o_nc_rfc822) { UNUSED_P; cg_set_tc_name_constraints(c, true, CG_NC_RFC822); }

M(o_ocsp_eku_client) { UNUSED_P; ext(c, "extendedKeyUsage", false, "OCSPSigning,clientAuth"); }
M(o_ocsp_ku_nr) { UNUSED_P; ext(c, "keyUsage", true, "digitalSignature,nonRepudiation"); }
M(o_ocsp_no_nocheck) { UNUSED_P; cg_ext_remove(c, "1.3.6.1.5.5.7.48.1.5"); }

M(s_aia_duplicate)
{
    UNUSED_P;
    ext(c, "authorityInfoAccess", false,
        "OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/issuing.crt,"
        "caIssuers;URI:http://ca.example.com/issuing.crt");
}
M(s_san_critical) { UNUSED_P; ext(c, "subjectAltName", true, "DNS:www.example.com,DNS:example.com"); }
M(s_dns_public_suffix) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,DNS:co.uk"); }
M(s_dns_bare_tld) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,DNS:com"); }
M(s_wildcard_public_suffix) { UNUSED_P; ext(c, "subjectAltName", false, "DNS:www.example.com,DNS:example.com,DNS:*.co.uk"); }
/* The OV subject rebuilt in BR 7.1.4.2 order with extra attributes. */
static void ov_subject(cg_cert *c, const char *dc1, const char *dc2, const char *street)
{
    cg_subject_clear(c);
    if (dc1)
        cg_subject_add(c, "DC", dc1, 0), cg_subject_add(c, "DC", dc2, 0);
    cg_subject_add(c, "C", "US", 0);
    cg_subject_add(c, "ST", "California", 0);
    cg_subject_add(c, "L", "San Francisco", 0);
    if (street)
        cg_subject_add(c, "street", street, 0);
    cg_subject_add(c, "O", "Example Inc", 0);
    cg_subject_add(c, "CN", "www.example.com", 0);
}
M(s_street_129)
{
    UNUSED_P;
    char v[130];
    memset(v, 'x', 129);
    memcpy(v, "1 ", 2);
    v[129] = 0;
    ov_subject(c, NULL, NULL, v);
}
M(s_dc_bad_label) { UNUSED_P; ov_subject(c, "com", "-example", NULL); }
M(s_business_category) { UNUSED_P; cg_subject_set(c, "businessCategory", "Other Entity", 0); }
M(s_jurisdiction_lower) { UNUSED_P; cg_subject_set(c, "jurisdictionC", "us", 0); }
M(s_ev_no_serial) { UNUSED_P; cg_subject_remove(c, "serialNumber"); }
M(s_validity_830) { UNUSED_P; cg_set_validity_seconds(c, 830 * 86400LL); }
M(s_validity_1220) { UNUSED_P; cg_set_validity_seconds(c, 1220 * 86400LL); }
M(s_validity_1860) { UNUSED_P; cg_set_validity_seconds(c, 1860 * 86400LL); }
M(s_address_without_identity)
{
    UNUSED_P;
    cg_subject_clear(c);
    cg_subject_add(c, "C", "US", 0);
    cg_subject_add(c, "L", "San Francisco", 0);
    cg_subject_add(c, "CN", "www.example.com", 0);
}
M(s_org_without_address)
{
    UNUSED_P;
    cg_subject_clear(c);
    cg_subject_add(c, "C", "US", 0);
    cg_subject_add(c, "O", "Example Inc", 0);
    cg_subject_add(c, "CN", "www.example.com", 0);
}
M(s_aia_no_ocsp) { UNUSED_P; ext(c, "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/issuing.crt"); }
/* RFC 5280 extensions no TLS profile lists */
M(r_policy_constraints_empty) { UNUSED_P; ext_hex(c, "2.5.29.36", true, "30 00"); }
M(r_policy_constraints_noncrit) { UNUSED_P; ext_hex(c, "2.5.29.36", false, "30 03 80 01 00"); }
M(r_inhibit_any_noncrit) { UNUSED_P; ext_hex(c, "2.5.29.54", false, "02 01 00"); }
M(r_policy_mapping_any)
{
    UNUSED_P; /* anyPolicy -> 2.23.140.1.2.1 */
    ext_hex(c, "2.5.29.33", true, "30 10 30 0e 06 04 55 1d 20 00 06 06 67 81 0c 01 02 01");
}
M(r_pathlen_negative) { UNUSED_P; ext_hex(c, "2.5.29.19", true, "30 06 01 01 ff 02 01 ff"); }
M(r_ian_critical) { UNUSED_P; ext(c, "issuerAltName", true, "DNS:ca.example.com"); }
M(r_ian_empty) { UNUSED_P; ext_hex(c, "2.5.29.18", false, "30 00"); }
M(r_san_uri_no_scheme)
{
    UNUSED_P;
    ext_hex(c, "2.5.29.17", false,
            "30 2f 82 0f 77 77 77 2e 65 78 61 6d 70 6c 65 2e 63 6f 6d 82 0b 65 78 61 6d 70 6c 65 2e 63 6f 6d"
            " 86 0f 77 77 77 2e 65 78 61 6d 70 6c 65 2e 63 6f 6d"); /* URI "www.example.com": no scheme */
}
M(s_rsa_exponent_3) { UNUSED_P; rsa_spki(c, "rsa2048", 3, true, 0); }

static const mutation mutations[] = {
    {"clean", SM_ALL | TLS_ALL | BIT(P_SMCA), "", NULL, NULL, NULL, NULL, NULL},
    /* S/MIME extensions */
    {"eku-missing", SM_ALL, "smime_eku_missing", NULL, m_eku_missing, NULL, NULL, NULL},
    {"eku-no-email", SM_GEN(LEGACY) | SM_GEN(MP), "smime_eku_email_protection_missing", NULL, m_eku_no_email, NULL, NULL, NULL},
    {"eku-no-email", SM_GEN(STRICT), "smime_eku_email_protection_missing,smime_eku_strict_extra_purpose", NULL,
     m_eku_no_email, "Strict: clientAuth is also an extra purpose", NULL, NULL},
    {"eku-time-stamping", (SM_ALL) & ~SM_GEN(STRICT), "smime_eku_prohibited_purpose", NULL, m_eku_timestamping, NULL,
     NULL, NULL},
    {"eku-time-stamping", (SM_ALL) & SM_GEN(STRICT), "smime_eku_prohibited_purpose,smime_eku_strict_extra_purpose", NULL, m_eku_timestamping,
     "Strict: the prohibited purpose is also an extra one", NULL, NULL},
    {"eku-code-signing", (ONE_SM_EACH_GEN) & ~SM_GEN(STRICT), "smime_eku_prohibited_purpose", NULL, m_eku_code, NULL, NULL, NULL},
    {"eku-code-signing", (ONE_SM_EACH_GEN) & SM_GEN(STRICT), "smime_eku_prohibited_purpose,smime_eku_strict_extra_purpose", NULL, m_eku_code,
     "Strict: the prohibited purpose is also an extra one", NULL, NULL},
    {"eku-any", (ONE_SM_EACH_GEN) & ~SM_GEN(STRICT), "smime_eku_prohibited_purpose", NULL, m_eku_any, NULL, NULL, NULL},
    {"eku-any", (ONE_SM_EACH_GEN) & SM_GEN(STRICT), "smime_eku_prohibited_purpose,smime_eku_strict_extra_purpose", NULL, m_eku_any,
     "Strict: the prohibited purpose is also an extra one", NULL, NULL},
    {"eku-client-auth-strict", SM_GEN(STRICT), "smime_eku_strict_extra_purpose", NULL, m_eku_client, NULL, NULL, NULL},
    {"eku-ocsp-signing", SM_GEN(LEGACY) | SM_GEN(MP), "smime_eku_ocsp_signing_present", NULL, m_eku_ocsp, NULL, NULL, NULL},
    {"ku-missing", SM_ALL, "smime_ku_missing", NULL, m_ku_missing, NULL, NULL, NULL},
    {"ku-not-critical", SM_ALL, "smime_ku_not_critical,rfc5280_ku_not_critical", NULL, m_ku_not_critical,
     "the RFC 5280 SHOULD and the SBR requirement are the same fault", NULL, NULL},
    {"ku-rsa-key-agreement", (SM_ALL) & ~SM_GEN(STRICT), "smime_ku_rsa_mp_legacy_invalid,rfc5280_ku_vs_key_type", NULL,
     m_ku_rsa_keyagree, "dual use plus keyAgreement, a bit the type does not allow (SBR 7.1.2.3(e)); impossible for "
     "an RSA key", NULL, NULL},
    {"ku-rsa-key-agreement", SM_GEN(STRICT), "smime_ku_rsa_strict_invalid,rfc5280_ku_vs_key_type", NULL,
     m_ku_rsa_keyagree, "dual use plus keyAgreement, a bit the type does not allow (SBR 7.1.2.3(e)); impossible for "
     "an RSA key", NULL, NULL},
    {"ku-rsa-data-encipherment", SM_GEN(STRICT), "smime_ku_rsa_strict_invalid", NULL, m_ku_rsa_de, NULL, NULL, NULL},
    {"ku-rsa-de-only", SM_GEN(LEGACY) | SM_GEN(MP), "smime_ku_rsa_mp_legacy_invalid", NULL, m_ku_rsa_de_only, NULL, NULL, NULL},
    {"ku-rsa-nr-only", SM_ALL, "smime_ku_rsa_other_bits", NULL, m_ku_rsa_nr_only,
     "nonRepudiation alone fits no key usage type (SBR 7.1.2.3(e))", NULL, NULL},
    {"ku-ec-key-encipherment", SM_ALL, "smime_ku_ec_invalid,rfc5280_ku_vs_key_type", NULL, m_ku_ec_ke,
     "signing plus keyEncipherment, a bit the type does not allow (SBR 7.1.2.3(e)); impossible for an EC key", NULL,
     NULL},
    {"ku-ec-encipher-only", SM_ALL, "smime_ku_ec_other_bits", NULL, m_ku_ec_eo_only,
     "neither digitalSignature nor keyAgreement: fits no key usage type (SBR 7.1.2.3(e))", NULL, NULL},
    {"ku-ed25519-key-agreement", SM_ALL, "smime_ku_eddsa_invalid,rfc5280_ku_vs_key_type", NULL, m_ku_ed_ka,
     "keyAgreement is impossible for an Ed25519 key", NULL, NULL},
    {"ku-mlkem-signing", SM_NOLEG, "smime_ku_mlkem_invalid,rfc5280_ku_vs_key_type", NULL, m_ku_mlkem_ds, NULL, NULL, NULL},
    {"ku-mldsa-key-encipherment", SM_NOLEG, "smime_ku_mldsa_invalid,rfc5280_ku_vs_key_type", NULL, m_ku_mldsa_ke,
     NULL, NULL, NULL},
    {"pqc-key-in-legacy", SM_GEN(LEGACY), "smime_pqc_key_before_smc013,smime_spki_algid_not_allowed", NULL,
     m_pqc_legacy, "the ML-DSA AlgorithmIdentifier is not allowed before SMC-013 either", NULL, NULL},
    {"rsa-1024", SM_ALL, "smime_rsa_modulus_too_small", NULL, m_rsa_1024, NULL, NULL, NULL},
    {"san-missing", SM_NOTMBOX, "smime_san_missing", NULL, m_san_missing, NULL, NULL, NULL},
    {"san-missing", SM_TYPE(MBOX),
     "smime_san_missing,smime_mailbox_not_in_san,smime_cn_mv_not_mailbox,rfc5280_subject_email_not_in_san", NULL,
     m_san_missing, "the subject's mailbox (CN, emailAddress) is then in no SAN", NULL, NULL},
    {"san-dns-name", SM_ALL, "smime_san_prohibited_name_type", NULL, m_san_dns, NULL, NULL, NULL},
    {"san-uri", ONE_SM_EACH_GEN, "smime_san_prohibited_name_type", NULL, m_san_uri, NULL, NULL, NULL},
    {"san-upn-in-strict", SM_GEN(STRICT), "smime_san_strict_foreign_othername", NULL, m_san_upn_strict, NULL, NULL, NULL},
    {"san-upn-malformed", SM_GEN(LEGACY) | SM_GEN(MP), "smime_san_upn_invalid", NULL, m_san_upn_bad, NULL, NULL, NULL},
    {"san-internal-domain", SM(MBOX, STRICT) | SM(ORG, STRICT), "smime_san_mailbox_internal_domain", NULL,
     m_san_internal, NULL, NULL, NULL},
    {"policy-any-policy", SM_ALL, "smime_policy_any_policy_present", NULL, m_policy_any, NULL, NULL, NULL},
    {"policy-two-reserved", SM_ALL, "smime_policy_multiple_reserved_oids", NULL, m_policy_two_reserved, NULL, NULL, NULL},
    {"policy-missing", ONE_SM_EACH_GEN, "smime_policy_reserved_oid_missing", NULL, m_policy_missing, NULL, NULL, NULL},
    {"crldp-missing", SM_ALL, "smime_crldp_missing", NULL, m_crldp_missing, NULL, NULL, NULL},
    {"crldp-https", SM_NOLEG, "smime_crldp_no_http_uri,smime_crldp_non_http_scheme", NULL, m_crldp_https,
     "the one URI is both not http and of another scheme", NULL, NULL},
    {"crldp-ldap-legacy", SM_GEN(LEGACY), "smime_crldp_no_http_uri", NULL, m_crldp_ldap, NULL, NULL, NULL},
    {"crldp-critical", SM_ALL, "smime_crldp_critical", NULL, m_crldp_critical, NULL, NULL, NULL},
    {"crldp-email-name", SM_ALL, "smime_crldp_non_uri_name", NULL, m_crldp_dirname, NULL, NULL, NULL},
    {"crldp-internal-host", SM_ALL, "smime_uri_internal_name", NULL, m_crldp_internal, NULL, NULL, NULL},
    {"aia-missing", SM_ALL, "smime_aia_missing", NULL, m_aia_missing, NULL, NULL, NULL},
    {"aia-critical", SM_ALL, "smime_aia_critical,rfc5280_aia_sia_critical", NULL, m_aia_critical,
     "RFC 5280 4.2.2.1 and SBR 7.1.2.3(c) forbid the same", NULL, NULL},
    {"aia-no-ca-issuers", SM_ALL, "smime_aia_ca_issuers_missing", NULL, m_aia_no_caissuers, NULL, NULL, NULL},
    {"aia-ca-issuers-ldap", SM_GEN(LEGACY), "smime_aia_ca_issuers_no_http", NULL, m_aia_caissuers_ldap, NULL, NULL, NULL},
    {"aia-ca-issuers-ldap", SM_NOLEG, "smime_aia_ca_issuers_no_http,smime_aia_non_http_scheme", NULL,
     m_aia_caissuers_ldap, "the one caIssuers URI is both not http and of another scheme", NULL, NULL},
    {"aia-ocsp-ldap", SM_GEN(LEGACY), "smime_aia_ocsp_no_http", NULL, m_aia_ocsp_ldap, NULL, NULL, NULL},
    {"aia-ocsp-ldap", SM_NOLEG, "smime_aia_ocsp_no_http,smime_aia_non_http_scheme", NULL, m_aia_ocsp_ldap,
     "the one OCSP URI is both not http and of another scheme", NULL, NULL},
    {"aia-extra-https", SM_NOLEG, "smime_aia_non_http_scheme", NULL, m_aia_https, NULL, NULL, NULL},
    {"aia-email-location", SM_NOLEG, "smime_aia_non_uri_location", NULL, m_aia_email_loc, NULL, NULL, NULL},
    {"aki-missing", SM_ALL, "smime_aki_missing,rfc5280_aki_critical_or_no_keyid", NULL, m_aki_missing,
     "RFC 5280 4.2.1.1 requires it too", NULL, NULL},
    {"ski-missing", SM_ALL, "smime_ski_missing", NULL, m_ski_missing, NULL, NULL, NULL},
    {"ski-critical", SM_ALL, "smime_ski_critical,rfc5280_ski_critical_or_missing_ca,smime_ski_not_key_derived", NULL,
     m_ski_critical, "the fixed value is not derived from the key", NULL, NULL},
    {"ski-not-key-derived", SM_ALL, "smime_ski_not_key_derived", NULL, m_ski_random, NULL, NULL, NULL},
    {"bc-ca-true", SM_ORGSPON, "smime_bc_ca_true,smime_ca_ku_invalid", NULL, m_bc_ca_true,
     "cA TRUE makes it a CA certificate: the CA keyUsage rule applies too", NULL, NULL},
    {"bc-ca-true", SM_TYPE(MBOX) | SM_TYPE(INDIV), "smime_bc_ca_true,smime_ca_ku_invalid,smime_ca_subject_required_attrs",
     NULL, m_bc_ca_true, "cA TRUE makes it a CA certificate: the CA keyUsage and subject rules apply too", NULL, NULL},
    {"bc-pathlen", SM_ALL, "smime_bc_pathlen_present,rfc5280_pathlen_misuse", NULL, m_bc_pathlen,
     "RFC 5280 4.2.1.9 forbids pathLen without cA too", NULL, NULL},
    {"name-constraints", SM_ALL, "smime_name_constraints_in_ee,rfc5280_nc_misuse,smime_unlisted_extension", NULL,
     m_nc_in_ee,
     "RFC 5280 4.2.1.10: CA certificates only; SBR 7.1.2.3 does not list it", NULL, NULL},
    {"validity-826d", SM_NOLEG, "smime_validity_exceeds_825_days", NULL, m_validity_826, NULL, NULL, NULL},
    {"validity-825d", SM_NOLEG, "smime_validity_at_maximum", NULL, m_validity_825, NULL, NULL, NULL},
    {"validity-1186d", SM_GEN(LEGACY), "smime_validity_exceeds_1185_days", NULL, m_validity_1186, NULL, NULL, NULL},
    {"serial-short", SM_ALL, "smime_serial_low_entropy", NULL, m_serial_short, NULL, NULL, NULL},
    {"serial-negative", SM_ALL, "smime_serial_not_positive,rfc5280_serial_not_positive", NULL, m_serial_negative,
     NULL, NULL, NULL},
    {"serial-21-octets", SM_ALL, "smime_serial_too_large,rfc5280_serial_too_long", NULL, m_serial_long, NULL, NULL, NULL},
    {"version-2", ONE_SM_EACH_GEN, "smime_version_not_v3,rfc5280_version_for_extensions", NULL, m_version_v2,
     "a v1 certificate has no policy, so no S/MIME profile: v2 with extensions is the only way", NULL, NULL},
    {"legacy-after-sunset", SM_GEN(LEGACY), "smime_legacy_generation_after_sunset", "2025-09-01T00:00:00Z",
     m_legacy_after_sunset, NULL, NULL, NULL},
    {"smimecap-critical", SM_ALL, "smime_smimecap_critical", NULL, m_smimecap_critical, NULL, NULL, NULL},
    {"sda-in-mp-strict", SM_NOLEG, "smime_sda_prohibited", NULL, m_sda_present, NULL, NULL, NULL},
    {"sda-critical", SM_GEN(LEGACY), "smime_sda_critical,rfc5280_sda_critical", NULL, m_sda_critical, NULL, NULL, NULL},
    {"adobe-ts-in-strict", SM_GEN(STRICT), "smime_adobe_ext_in_strict", NULL, m_adobe_ts, NULL, NULL, NULL},
    {"adobe-ts-critical", SM_GEN(LEGACY) | SM_GEN(MP), "smime_adobe_ext_critical", NULL, m_adobe_ts_critical, NULL, NULL, NULL},
    {"adobe-ts-email-location", SM_GEN(LEGACY) | SM_GEN(MP), "smime_adobe_timestamp_location", NULL, m_adobe_ts_email,
     NULL, NULL, NULL},
    {"lei-ext-in-mailbox", SM_TYPE(MBOX) | SM_TYPE(INDIV), "smime_lei_ext_prohibited", NULL, m_lei_ext, NULL, NULL, NULL},
    {"lei-ext-bad-check", SM_ORGSPON, "smime_lei_ext_value_invalid", NULL, m_lei_ext_bad, NULL, NULL, NULL},
    {"lei-ext-critical", SM_ORGSPON, "smime_lei_ext_critical", NULL, m_lei_ext_critical, NULL, NULL, NULL},
    {"lei-role-not-sponsored", SM_ALL & ~SM_TYPE(SPON), "smime_lei_role_ext_prohibited", NULL, m_lei_role, NULL, NULL, NULL},
    {"qcstatements-critical", SM_ALL, "smime_qcstatements_critical", NULL, m_qc_critical, NULL, NULL, NULL},
    {"qctype-web", SM_ALL, "smime_qcstatements_qctype", NULL, m_qc_type_web, NULL, NULL, NULL},
    {"unlisted-extension", SM_ALL, "smime_unlisted_extension", NULL, m_unlisted_ext, NULL, NULL, NULL},
    {"sigalg-sha1", SM_ALL, "smime_sigalg_not_allowed", NULL, m_sigalg_sha1, NULL, NULL, NULL},
    {"san-critical-with-subject", SM_ALL, "smime_san_critical_with_subject", NULL, m_san_critical, NULL, NULL, NULL},
    {"policy-critical", SM_ALL, "smime_policy_ext_critical", NULL, m_policy_critical, NULL, NULL, NULL},
    {"policy-cps-ftp", SM_ALL, "smime_policy_cps_uri_not_http", NULL, m_cps_ftp, NULL, NULL, NULL},
    {"policy-unotice-noticeref", SM_ALL, "smime_policy_unotice_has_noticeref", NULL, m_unotice_noticeref, NULL, NULL, NULL},
    {"policy-unotice-empty", SM_ALL, "smime_policy_unotice_no_explicit_text", NULL, m_unotice_no_text, NULL, NULL, NULL},
    {"rfc822-non-ascii", SM_ALL, "smime_rfc822_non_ascii,rfc5280_der_string_content,rfc5280_san_rfc822_syntax", NULL,
     m_rfc822_non_ascii, "an 8-bit octet is not IA5String, nor an RFC 5280 addr-spec", NULL, NULL},
    {"smtputf8-ascii-only", SM_ALL, "smime_smtputf8_ascii_only", NULL, m_smtputf8_ascii, NULL, NULL, NULL},
    {"smtputf8-bom", SM_ALL, "smime_smtputf8_has_bom", NULL, m_smtputf8_bom, NULL, NULL, NULL},
    {"smtputf8-domain-upper-case", SM_ALL, "smime_smtputf8_ascii_domain_uppercase", NULL, m_smtputf8_upper, NULL, NULL, NULL},
    {"smtputf8-u-label", SM_ALL, "smime_smtputf8_domain_not_alabel", NULL, m_smtputf8_ulabel, NULL, NULL, NULL},
    {"smtputf8-bad-syntax", SM_ALL, "smime_smtputf8_invalid_syntax", NULL, m_smtputf8_syntax, NULL, NULL, NULL},
    {"rfc822-bad-syntax", SM_ALL, "smime_rfc822_invalid_syntax,rfc5280_san_rfc822_syntax", NULL,
     m_rfc822_bad, NULL, NULL, NULL},
    /* S/MIME subject */
    {"mbox-cn-not-mailbox", SM_TYPE(MBOX), "smime_cn_mv_not_mailbox", NULL, m_mbox_cn_other, NULL, NULL, NULL},
    {"mbox-organization", SM_TYPE(MBOX), "smime_subject_mv_prohibited_attr", NULL, m_mbox_org, NULL, NULL, NULL},
    {"email-attr-bad-syntax", SM_TYPE(MBOX),
     "smime_email_attr_invalid_syntax,smime_mailbox_not_in_san,rfc5280_subject_email_not_in_san", NULL,
     m_email_attr_bad, NULL, NULL, NULL},
    {"email-attr-not-in-san", SM_ALL, "smime_mailbox_not_in_san,rfc5280_subject_email_not_in_san", NULL,
     m_email_not_in_san, "RFC 5280 4.1.2.6 asks for the same", NULL, NULL},
    {"email-attr-two-mailboxes", SM_NOTMBOX,
     "smime_email_attr_multiple_mailboxes,smime_email_attr_invalid_syntax,smime_mailbox_not_in_san,"
     "rfc5280_subject_email_not_in_san",
     NULL, m_email_attr_two, "a list is not one Mailbox, and the value is no SAN rfc822Name", NULL, NULL},
    {"ov-cn-other", SM_TYPE(ORG), "smime_cn_ov_invalid", NULL, m_ov_cn_other, NULL, NULL, NULL},
    {"ov-given-name", SM_TYPE(ORG), "smime_subject_person_attrs_in_ov", NULL, m_ov_gn, NULL, NULL, NULL},
    {"org-name-missing", SM_ORGSPON, "smime_subject_org_name_missing", NULL, m_org_name_missing, NULL, NULL, NULL},
    {"orgid-missing", SM_ORGSPON, "smime_subject_org_identifier_missing", NULL, m_orgid_missing, NULL, NULL, NULL},
    {"iv-organization", SM_TYPE(INDIV), "smime_subject_org_attrs_in_iv", NULL, m_iv_org, NULL, NULL, NULL},
    {"personal-name-missing", SM_PERSON & SM_NOLEG, "smime_subject_personal_name_missing", NULL, m_personal_missing,
     NULL, NULL, NULL},
    {"legacy-name-missing", SM_PERSON & SM_GEN(LEGACY), "smime_subject_legacy_name_missing", NULL,
     m_legacy_name_missing, NULL, NULL, NULL},
    {"pseudonym-with-given-name", SM_PERSON, "smime_subject_pseudonym_with_personal_name", NULL, m_pseudonym_with_gn,
     NULL, NULL, NULL},
    {"cn-person-unknown", SM_PERSON & SM_NOLEG, "smime_cn_personal_name_not_from_gn_sn", NULL, m_cn_person_unknown,
     NULL, NULL, NULL},
    {"cn-pseudonym-mismatch", SM_PERSON, "smime_cn_pseudonym_mismatch,smime_cn_person_unknown_source", NULL,
     m_cn_pseudonym_mismatch, NULL, NULL, NULL},
    {"country-invalid", SM_TYPE(INDIV), "smime_country_invalid", NULL, m_country_bad, NULL, NULL, NULL},
    {"country-invalid", SM_ORGSPON, "smime_country_invalid,smime_orgid_country_mismatch", NULL, m_country_bad,
     "the organizationIdentifier keeps its GB", NULL, NULL},
    {"locality-without-country", SM_TYPE(INDIV), "smime_subject_location_without_country", NULL,
     m_location_no_country, NULL, NULL, NULL},
    {"street-without-locality", SM_NOTMBOX & SM_NOLEG & ~SM_GEN(STRICT), "smime_subject_street_without_locality",
     NULL, m_street_no_locality, NULL, NULL, NULL},
    {"street-in-strict", SM_NOTMBOX & SM_GEN(STRICT), "smime_subject_street_postal_in_strict", NULL, m_street_strict,
     NULL, NULL, NULL},
    {"unlisted-attribute", SM_NOTMBOX & SM_NOLEG, "smime_subject_unlisted_attr_nonlegacy", NULL, m_unlisted_attr, NULL, NULL, NULL},
    {"metadata-only-value", SM_NOTMBOX, "smime_subject_metadata_only_value", NULL, m_metadata_value, NULL, NULL, NULL},
    {"html-entity", SM_NOTMBOX, "smime_subject_html_entity", NULL, m_html_entity, NULL, NULL, NULL},
    {"multi-valued-rdn", SM_TYPE(SPON), "smime_subject_multi_valued_rdn", NULL, m_multi_rdn, NULL, NULL, NULL},
    {"locality-over-128", SM_NOTMBOX, "smime_subject_upper_bound,rfc5280_attr_upper_bounds", NULL, m_upper_bound_l, NULL, NULL, NULL},
    {"npi-unknown-scheme", SM_PERSON, "smime_serialnumber_npi_unknown_scheme", NULL, m_npi_unknown, NULL, NULL, NULL},
    {"orgid-bad-format", SM_ORGSPON, "smime_orgid_format", NULL, m_orgid_format, NULL, NULL, NULL},
    {"orgid-unknown-scheme", SM_ORGSPON, "smime_orgid_unknown_scheme", NULL, m_orgid_scheme, NULL, NULL, NULL},
    {"orgid-bad-country", SM_ORGSPON, "smime_orgid_invalid_country,smime_orgid_country_mismatch", NULL,
     m_orgid_country, NULL, NULL, NULL},
    {"orgid-country-mismatch", SM_ORGSPON, "smime_orgid_country_mismatch", NULL, m_orgid_country_mismatch, NULL, NULL, NULL},
    {"orgid-no-reference", SM_ORGSPON, "smime_orgid_reference_missing", NULL, m_orgid_no_ref, NULL, NULL, NULL},
    {"orgid-gov-reference", SM_ORGSPON, "smime_orgid_reference_not_allowed", NULL, m_orgid_gov_ref, NULL, NULL, NULL},
    {"orgid-vat-subdivision", SM_ORGSPON, "smime_orgid_subdivision_invalid", NULL, m_orgid_subdiv_vat, NULL, NULL, NULL},
    {"orgid-lei-bad-check", SM_ORGSPON, "smime_orgid_lei_invalid", NULL, m_orgid_lei_bad, NULL, NULL, NULL},
    {"orgid-psd-structure", SM_ORGSPON, "smime_orgid_psd_structure", NULL, m_orgid_psd, NULL, NULL, NULL},
    {"orgid-bmpstring", SM_ORGSPON, "smime_orgid_encoding", NULL, m_orgid_encoding, NULL, NULL, NULL},
    {"orgid-eu-subdivision", SM_ORGSPON, "smime_orgid_ntr_eu_not_national", "2025-01-15T00:00:00Z",
     m_orgid_eu_subdiv, NULL, NULL, NULL},
    {"orgid-de-not-euid", SM_ORGSPON & SM_NOLEG, "smime_orgid_de_ntr_not_euid", NULL, m_orgid_de_not_euid, NULL, NULL, NULL},
    {"orgid-euid-country", SM_ORGSPON & SM_NOLEG, "smime_orgid_euid_country_mismatch,smime_orgid_de_ntr_not_euid",
     NULL, m_orgid_euid_country,
     NULL, NULL, NULL},
    {"rsa-exponent-3", SM_ALL, "smime_rsa_exponent_out_of_range", NULL, m_rsa_exp3, NULL, NULL, NULL},
    {"rsa-exponent-even", SM_ALL, "smime_rsa_exponent_invalid", NULL, m_rsa_exp_even, NULL, NULL, NULL},
    {"rsa-modulus-even", SM_ALL, "smime_rsa_modulus_weak_structure", NULL, m_rsa_even_modulus, NULL, NULL, NULL},
    {"rsa-modulus-4092-bits", SM_ALL, "smime_rsa_modulus_not_multiple_of_8", NULL, m_rsa_4092, NULL, NULL, NULL},
    {"rsa-params-absent", SM_ALL, "smime_spki_algid_not_allowed,rfc5280_rsa_params_not_null", NULL, m_rsa_no_null,
     "RFC 3279 2.3.1 asks for the NULL too", NULL, NULL},
    {"ec-point-off-curve", SM_ALL, "smime_ec_point_invalid", NULL, m_ec_bad_point, NULL, NULL, NULL},
    {"ed25519-key-31-octets", SM_ALL, "smime_eddsa_key_invalid", NULL, m_ed25519_short, NULL, NULL, NULL},
    {"mldsa-key-1000-octets", SM_NOLEG, "smime_mldsa_key_length", NULL, m_mldsa_short, NULL, NULL, NULL},
    {"mlkem-key-1000-octets", SM_NOLEG, "smime_mlkem_key_length", NULL, m_mlkem_short, NULL, NULL, NULL},
    {"san-dirname-only", SM_TYPE(ORG), "smime_san_no_mailbox,smime_san_dirname_required_missing", NULL,
     m_san_dirname_only, "the directoryName lacks organizationName and organizationIdentifier (SBR 7.1.4.2.1, "
     "7.1.4.2.4)", NULL, NULL},
    {"san-dirname-organization", SM_TYPE(MBOX), "smime_san_dirname_profile_violation", NULL, m_san_dirname_org, NULL, NULL, NULL},
    {"subject-empty-san-not-critical", SM_TYPE(MBOX),
     "smime_san_not_critical_empty_subject,rfc5280_subject_empty_without_san", NULL, m_subject_empty,
     "RFC 5280 4.2.1.6 asks for the same", NULL, NULL},
    {"aki-critical", SM_ALL, "smime_aki_critical,rfc5280_aki_critical_or_no_keyid", NULL, m_aki_critical,
     "RFC 5280 4.2.1.1 forbids it too", NULL, NULL},
    {"aki-issuer-and-serial", SM_ALL, "smime_aki_has_issuer_and_serial", NULL, m_aki_issuer_serial, NULL, NULL, NULL},
    {"aki-no-keyid", SM_ALL, "smime_aki_keyid_missing,rfc5280_aki_critical_or_no_keyid", NULL, m_aki_no_keyid,
     "RFC 5280 4.2.1.1 asks for the keyIdentifier too", NULL, NULL},
    {"aki-wrong-keyid", SM_ALL, "smime_aki_issuer_ski_mismatch,rfc5280_aki_issuer_ski_mismatch", NULL, m_aki_wrong,
     NULL, NULL, NULL},
    {"issuer-dn-reencoded", SM_ALL, "smime_issuer_dn_bytes_mismatch", NULL, m_issuer_reencoded, NULL, NULL, NULL},
    {"explicit-text-ia5", SM_ALL, "rfc5280_cp_explicit_text_encoding", NULL, m_explicit_text_ia5, NULL, NULL, NULL},
    {"issued-2023-06", ONE_SM_EACH_GEN, "smime_issued_before_br_effective", "2023-06-01T00:00:00Z", m_before_br, NULL, NULL, NULL},
    {"issuer-tls-ca", SM_NOLEG, "smime_extant_ca_after_transition", NULL, m_other_issuer, NULL, "p256", NULL},
    {"outer-sigalg-differs", SM_ALL, "smime_sigalg_outer_inner_mismatch,rfc5280_sigalg_mismatch", NULL, NULL, NULL,
     NULL, p_outer_sigalg},
    /* S/MIME subordinate CA */
    {"aia-critical", BIT(P_SMCA), "smime_ca_aia_critical,rfc5280_aia_sia_critical", NULL, ca_aia_critical, NULL, NULL, NULL},
    {"aki-missing", BIT(P_SMCA), "smime_ca_aki_invalid,rfc5280_aki_critical_or_no_keyid", NULL, m_aki_missing, NULL, NULL, NULL},
    {"bc-not-critical", BIT(P_SMCA), "smime_ca_bc_invalid,rfc5280_bc_not_critical_ca", NULL, ca_bc_not_critical, NULL, NULL, NULL},
    {"crldp-missing", BIT(P_SMCA), "smime_ca_crldp_invalid", NULL, m_crldp_missing, NULL, NULL, NULL},
    {"eku-missing", BIT(P_SMCA), "smime_ca_eku_missing,tls_subca_policies_invalid", NULL, ca_remove_eku,
     "without extKeyUsage the CA can issue TLS, so the TLS BR subordinate profile applies (BR 7.1.2.6), "
     "whose certificatePolicies need a TLS reserved policy OID (BR 7.1.2.10.5)", NULL, NULL},
    {"eku-server-auth", BIT(P_SMCA), "smime_ca_eku_prohibited,tls_subca_eku_invalid", NULL, ca_eku_server,
     "serverAuth makes it a TLS subordinate CA, whose EKU MUST NOT hold emailProtection (BR 7.1.2.10.6)", NULL, NULL},
    {"ku-not-critical", BIT(P_SMCA), "smime_ca_ku_invalid,rfc5280_ku_not_critical", NULL, ca_ku_not_critical, NULL, NULL, NULL},
    {"nc-not-critical", BIT(P_SMCA), "smime_ca_nc_not_critical", NULL, ca_nc_not_critical,
     "SBR 7.1.2.2(f): SHOULD be critical; non-critical is an allowed exception to RFC 5280 4.2.1.10", NULL, NULL},
    {"nc-mailbox", BIT(P_SMCA), "smime_ca_tc_nc_mailbox", NULL, ca_nc_mailbox, NULL, NULL, NULL},
    {"policies-missing", BIT(P_SMCA), "smime_ca_policies_missing", NULL, m_policy_missing, NULL, NULL, NULL},
    {"ski-missing", BIT(P_SMCA), "smime_ca_ski_invalid,rfc5280_ski_critical_or_missing_ca", NULL, m_ski_missing, NULL, NULL, NULL},
    {"root-with-eku", BIT(P_SMCA), "smime_root_has_eku", NULL, ca_self_signed, NULL, "self", NULL},
    {"organization-missing", BIT(P_SMCA), "smime_ca_subject_required_attrs", NULL, ca_no_org, NULL, NULL, NULL},
    /* TLS */
    {"eku-email-protection", TLS_EE, "tls_eku_invalid", NULL, t_eku_email, NULL, NULL, NULL},
    {"eku-client-auth-2027", TLS_EE, "tls_client_auth_present", "2027-04-01T00:00:00Z", t_eku_client, NULL, NULL, NULL},
    {"clean-2027", BIT(P_DV), "", "2027-04-01T00:00:00Z", t_clean_2027, NULL, NULL, NULL},
    {"ku-key-encipherment-ec", TLS_EE, "tls_ku_invalid,rfc5280_ku_vs_key_type", NULL, t_ku_ke,
     "keyEncipherment is impossible for an EC key", NULL, NULL},
    {"ku-cert-sign", TLS_EE, "tls_ku_invalid,rfc5280_ku_certsign_without_ca", NULL, t_ku_certsign, NULL, NULL, NULL},
    {"cn-upper-case", TLS_EE, "tls_cn_not_from_san", NULL, t_cn_upper, NULL, NULL, NULL},
    {"cn-not-in-san", TLS_EE, "tls_cn_not_from_san", NULL, t_cn_not_in_san, NULL, NULL, NULL},
    {"san-missing", TLS_EE, "tls_san_missing,tls_cn_not_from_san", NULL, t_san_missing,
     "the commonName is then in no SAN", NULL, NULL},
    {"san-rfc822", TLS_EE, "tls_san_forbidden_type", NULL, t_san_email, NULL, NULL, NULL},
    {"san-private-ip", TLS_EE & ~BIT(P_EV), "tls_san_reserved_ip", NULL, t_san_private_ip, NULL, NULL, NULL},
    {"san-private-ip", BIT(P_EV), "tls_san_reserved_ip,tls_ev_san_wildcard_or_ip", NULL, t_san_private_ip,
     "an EV certificate MUST NOT hold any IP address (BR 7.1.2.7.5; EVG 9.8.1)", NULL, NULL},
    {"dns-underscore", TLS_EE, "tls_dnsname_underscore,rfc5280_san_dns_syntax", NULL, t_dns_underscore, NULL, NULL, NULL},
    {"dns-trailing-dot", TLS_EE, "tls_dnsname_bad_syntax,rfc5280_san_dns_syntax", NULL, t_dns_trailing_dot, NULL, NULL, NULL},
    {"dns-hyphen-label", TLS_EE, "tls_dnsname_bad_syntax,rfc5280_san_dns_syntax", NULL, t_dns_bad_label, NULL, NULL, NULL},
    {"dns-internal-name", TLS_EE, "tls_dnsname_invalid_tld", NULL, t_dns_internal, NULL, NULL, NULL},
    {"ou-present", TLS_EE & ~BIT(P_DV) & ~BIT(P_PRE), "tls_ou_present", NULL, t_ou, NULL, NULL, NULL},
    {"dv-organization", BIT(P_DV) | BIT(P_PRE), "tls_dv_subject_extra_attrs", NULL, t_dv_extra, NULL, NULL, NULL},
    {"ov-no-organization", BIT(P_OV), "tls_ov_iv_subject_required", NULL, t_ov_no_org, NULL, NULL, NULL},
    {"iv-no-given-name", BIT(P_IV), "tls_ov_iv_subject_required", NULL, t_iv_no_gn, NULL, NULL, NULL},
    {"country-lower-case", BIT(P_OV) | BIT(P_IV) | BIT(P_EV) | BIT(P_CA), "tls_country_not_iso", NULL, t_country_bad,
     NULL, NULL, NULL},
    {"locality-na", BIT(P_OV) | BIT(P_IV) | BIT(P_EV), "tls_subject_metadata_only", NULL, t_metadata, NULL, NULL, NULL},
    {"subject-order", BIT(P_OV) | BIT(P_IV) | BIT(P_EV), "tls_subject_encoding_order", NULL, t_subject_order, NULL, NULL, NULL},
    {"policy-missing", TLS_EE, "tls_policy_invalid", NULL, t_policy_missing, NULL, NULL, NULL},
    {"policy-two-reserved", BIT(P_OV) | BIT(P_EV), "tls_policy_invalid", NULL, t_policy_two, NULL, NULL, NULL},
    {"aia-missing", TLS_EE, "tls_aia_invalid", NULL, t_aia_missing, NULL, NULL, NULL},
    {"crldp-https", TLS_EE, "tls_crldp_not_http", NULL, t_crldp_https, NULL, NULL, NULL},
    {"no-revocation", TLS_EE, "tls_crldp_required_without_ocsp", NULL, t_no_revocation, NULL, NULL, NULL},
    {"bc-not-critical", TLS_EE, "tls_bc_invalid", NULL, t_bc_ca_false_noncrit, NULL, NULL, NULL},
    {"bc-ca-true", BIT(P_DV),
     "tls_bc_invalid,rfc5280_ski_critical_or_missing_ca,tls_ca_ku_invalid,tls_ca_other_extension,tls_ca_subject_required,"
     "tls_ca_ski_invalid",
     NULL, t_bc_ca_true,
     "cA TRUE with serverAuth makes it a TLS CA certificate, which needs a subjectKeyIdentifier, keyCertSign and "
     "cRLSign (BR 7.1.2.10.7), a subject with countryName and organizationName (BR 7.1.2.10.2), and no SAN "
     "(BR 7.1.2.11.5)", NULL, NULL},
    {"ski-present", TLS_EE, "tls_ski_not_recommended", NULL, t_ski, NULL, NULL, NULL},
    {"validity-399d", TLS_EE, "tls_validity_over_398_days", NULL, t_validity_399, NULL, NULL, NULL},
    {"validity-201d-2026", TLS_EE, "tls_validity_over_200_days", "2026-04-01T00:00:00Z", t_validity_201, NULL, NULL, NULL},
    {"validity-101d-2027", TLS_EE, "tls_validity_over_100_days", "2027-04-01T00:00:00Z", t_validity_101, NULL, NULL, NULL},
    {"validity-48d-2029", TLS_EE, "tls_validity_over_47_days", "2029-04-01T00:00:00Z", t_validity_48, NULL, NULL, NULL},
    {"rsa-1024", TLS_ALL, "tls_rsa_weak", NULL, t_rsa_1024, NULL, NULL, NULL},
    {"ec-secp256k1", TLS_ALL, "tls_ec_curve,tls_spki_encoding", NULL, t_ec_k256, NULL, NULL, NULL},
    {"ed25519-key", BIT(P_DV), "tls_spki_encoding", NULL, t_ed25519, NULL, NULL, NULL},
    {"serial-short", TLS_ALL, "tls_serial_entropy", NULL, t_serial_short, NULL, NULL, NULL},
    {"sigalg-sha1", TLS_EE, "tls_sigalg_encoding,tls_sigalg_issuer_key_mismatch", NULL, t_sigalg_sha1,
     "a P-256 CA key signs with ecdsa-with-SHA256 only", NULL, NULL},
    {"poison-not-critical", BIT(P_PRE), "tls_precert_poison_invalid", NULL, t_poison_noncrit, NULL, NULL, NULL},
    {"sct-in-precert", BIT(P_PRE), "tls_precert_sct_present", NULL, t_sct_in_precert, NULL, NULL, NULL},
    /* RFC 5280, on the TLS profiles */
    {"aia-critical", BIT(P_DV), "rfc5280_aia_sia_critical,tls_aia_invalid", NULL, r_aia_critical, NULL, NULL, NULL},
    {"aia-critical", BIT(P_CA), "rfc5280_aia_sia_critical,tls_ca_aia_invalid", NULL, r_aia_critical,
     "BR 7.1.2.6.1: authorityInformationAccess MUST NOT be critical in a TLS CA certificate", NULL, NULL},
    {"aki-missing", BIT(P_DV), "rfc5280_aki_critical_or_no_keyid,tls_aki_invalid", NULL, r_aki_missing,
     "BR 7.1.2.7.6, 7.1.2.11.1: a subscriber certificate MUST carry an AKI with keyIdentifier", NULL, NULL},
    {"aki-missing", BIT(P_CA), "rfc5280_aki_critical_or_no_keyid,tls_subca_aki_invalid", NULL, r_aki_missing,
     "BR 7.1.2.6.1, 7.1.2.11.1: a subordinate CA certificate MUST carry an AKI with keyIdentifier", NULL, NULL},
    {"aki-no-keyid", BIT(P_DV), "rfc5280_aki_critical_or_no_keyid,tls_aki_invalid", NULL, r_aki_no_keyid,
     "BR 7.1.2.11.1: keyIdentifier MUST be present", NULL, NULL},
    {"aki-no-keyid", BIT(P_CA), "rfc5280_aki_critical_or_no_keyid,tls_subca_aki_invalid", NULL, r_aki_no_keyid,
     "BR 7.1.2.11.1: keyIdentifier MUST be present", NULL, NULL},
    {"aki-wrong-keyid", BIT(P_DV) | BIT(P_CA), "rfc5280_aki_issuer_ski_mismatch,tls_aki_issuer_ski_mismatch", NULL,
     r_aki_wrong, NULL, NULL, NULL},
    {"cp-duplicate-oid", BIT(P_DV), "rfc5280_cp_duplicate_oid,tls_policy_invalid", NULL, r_cp_duplicate, NULL, NULL, NULL},
    {"crldp-reasons-only", BIT(P_DV), "rfc5280_crldp_incomplete,tls_crldp_not_http", NULL, r_crldp_reasons_only,
     NULL, NULL, NULL},
    {"crldp-reasons-only", BIT(P_CA), "rfc5280_crldp_incomplete,tls_subca_crldp_invalid", NULL, r_crldp_reasons_only,
     "BR 7.1.2.11.2: a distribution point has a fullName and no reasons", NULL, NULL},
    {"critical-false-encoded", BIT(P_DV) | BIT(P_CA), "rfc5280_der_default_encoded", NULL, r_default_critical, NULL, NULL, NULL},
    {"duplicate-extension", BIT(P_DV) | BIT(P_CA), "rfc5280_duplicate_extension", NULL, r_dup_ext, NULL, NULL, NULL},
    {"san-empty-sequence", BIT(P_DV), "rfc5280_ext_empty_sequence,rfc5280_san_empty,tls_san_missing,tls_cn_not_from_san",
     NULL,
     r_san_empty_seq, NULL, NULL, NULL},
    {"eku-truncated", BIT(P_DV), "rfc5280_ext_invalid_der,tls_eku_invalid", NULL, r_ext_bad_der,
     "an undecodable extKeyUsage has no serverAuth", NULL, NULL},
    {"eku-truncated", BIT(P_CA), "rfc5280_ext_invalid_der,tls_non_tls_ca_policies_invalid", NULL, r_ext_bad_der,
     "an undecodable extKeyUsage has no serverAuth, so the CA reads as a non-TLS subordinate, which MUST NOT "
     "carry its TLS reserved policy OID (BR 7.1.2.3.2)", NULL, NULL},
    {"ku-no-bits", BIT(P_DV), "rfc5280_ku_no_bits,rfc5280_eku_ku_inconsistent,tls_ku_invalid", NULL, r_ku_no_bits,
     "no bit is consistent with serverAuth, nor allowed by the BR", NULL, NULL},
    {"ku-no-bits", BIT(P_CA), "rfc5280_ku_no_bits,rfc5280_pathlen_misuse,tls_ca_ku_invalid", NULL, r_ku_no_bits,
     "pathLenConstraint then comes without keyCertSign, which BR 7.1.2.10.7 requires with cRLSign", NULL, NULL},
    {"ku-bad-der", BIT(P_DV) | BIT(P_CA), "rfc5280_ku_der_encoding", NULL, r_ku_der, NULL, NULL, NULL},
    {"ku-not-critical", BIT(P_DV), "tls_ku_not_critical,rfc5280_ku_not_critical", NULL, r_ku_not_critical, NULL, NULL, NULL},
    {"ku-key-encipherment-ec", BIT(P_CA), "rfc5280_ku_vs_key_type,tls_ca_ku_invalid", NULL, r_ku_vs_key,
     "BR 7.1.2.10.7: keyEncipherment is not permitted in a CA certificate", NULL, NULL},
    {"ku-key-agreement-server-auth", BIT(P_DV), "rfc5280_eku_ku_inconsistent,tls_ku_invalid", NULL,
     r_eku_ku_inconsistent, NULL, NULL, NULL},
    {"name-constraints-in-ee", BIT(P_DV), "tls_subscriber_nc_present,rfc5280_nc_misuse", NULL, r_nc_in_ee, NULL, NULL, NULL},
    {"pathlen-in-ee", BIT(P_DV), "rfc5280_pathlen_misuse,tls_bc_invalid", NULL, r_pathlen_ee, NULL, NULL, NULL},
    {"dns-space", BIT(P_DV), "rfc5280_san_dns_syntax,tls_dnsname_bad_syntax", NULL, r_san_dns_space, NULL, NULL, NULL},
    {"rfc822-bad", BIT(P_DV), "rfc5280_san_rfc822_syntax,tls_san_forbidden_type", NULL, r_san_rfc822_bad, NULL, NULL, NULL},
    {"sda-critical", BIT(P_DV), "rfc5280_sda_critical", NULL, r_sda_critical, NULL, NULL, NULL},
    {"serial-zero", BIT(P_DV) | BIT(P_CA), "rfc5280_serial_not_positive,tls_serial_entropy", NULL, r_serial_zero, NULL, NULL, NULL},
    {"serial-21-octets", BIT(P_DV) | BIT(P_CA), "rfc5280_serial_too_long,tls_serial_entropy", NULL, r_serial_long,
     NULL, NULL, NULL},
    {"ski-critical", BIT(P_CA), "tls_ca_ski_invalid,rfc5280_ski_critical_or_missing_ca", NULL, r_ski_critical, NULL, NULL, NULL},
    {"ca-no-ski", BIT(P_CA), "tls_ca_ski_invalid,rfc5280_ski_critical_or_missing_ca", NULL, r_ca_no_ski, NULL, NULL, NULL},
    {"ca-bc-not-critical", BIT(P_CA), "tls_ca_bc_not_critical,rfc5280_bc_not_critical_ca", NULL, r_ca_bc_noncrit, NULL, NULL, NULL},
    {"ca-subject-empty", BIT(P_CA), "rfc5280_ca_subject_empty,rfc5280_subject_empty_without_san,tls_ca_subject_required", NULL,
     r_ca_subject_empty, "a CA certificate has no SAN to stand in; BR 7.1.2.10.2 requires countryName, "
     "organizationName and commonName (tls_ca_subject_required)", NULL, NULL},
    {"email-attr-not-in-san", BIT(P_OV), "rfc5280_subject_email_not_in_san", NULL, r_email_attr_not_in_san, NULL, NULL, NULL},
    {"not-before-generalized", BIT(P_DV) | BIT(P_CA), "rfc5280_time_format", NULL, r_time_generalized, NULL, NULL, NULL},
    {"validity-negative", BIT(P_DV) | BIT(P_CA), "rfc5280_validity_negative", NULL, r_validity_negative, NULL, NULL, NULL},
    {"version-2", BIT(P_DV) | BIT(P_CA), "rfc5280_version_for_extensions,tls_version_not_v3", NULL, r_version_v2,
     "BR 7.1.1: TLS certificates MUST be v3", NULL, NULL},
    {"issuer-empty", BIT(P_DV) | BIT(P_CA), "rfc5280_issuer_empty,rfc5280_issuer_name_mismatch,tls_issuer_dn_bytes_mismatch",
     NULL, r_issuer_empty, "the issuing CA is known (CT chain): its name is not empty", NULL, NULL},
    {"issuer-name-mismatch", BIT(P_DV) | BIT(P_CA), "rfc5280_issuer_name_mismatch,tls_issuer_dn_bytes_mismatch", NULL,
     r_issuer_other, NULL, NULL, NULL},
    {"country-utf8string", BIT(P_OV) | BIT(P_CA), "rfc5280_attr_string_types,tls_subject_encoding_order", NULL, r_c_utf8,
     NULL, NULL, NULL},
    {"cn-over-64", BIT(P_DV), "rfc5280_attr_upper_bounds", NULL, r_cn_long, NULL, NULL, NULL},
    {"issuer-dn-reencoded", BIT(P_DV), "tls_issuer_dn_bytes_mismatch", NULL, t_issuer_reencoded, NULL, NULL, NULL},
    {"outer-sigalg-differs", BIT(P_DV), "rfc5280_sigalg_mismatch", NULL, NULL, NULL, NULL,
     p_outer_sigalg},
    {"unique-ids", BIT(P_DV), "rfc5280_unique_ids_present,tls_unique_ids_present", NULL, NULL, NULL, NULL,
     p_unique_ids},
    {"unique-ids", BIT(P_CA), "rfc5280_unique_ids_present,tls_unique_ids_present", NULL, NULL,
     "BR 7.1.2.6: issuerUniqueID and subjectUniqueID MUST NOT be present", NULL, p_unique_ids},
    {"trailing-octets", BIT(P_DV), "rfc5280_der_trailing_data", NULL, NULL, NULL, NULL, p_trailing},
    {"boolean-01", BIT(P_CA), "rfc5280_der_boolean_encoding", NULL, d_bool_01, NULL, NULL, NULL},
    {"pathlen-leading-zero", BIT(P_CA), "rfc5280_der_integer_encoding", NULL, d_int_leading_zero, NULL, NULL, NULL},
    {"eku-long-form-length", BIT(P_DV), "rfc5280_der_length_encoding", NULL, d_length_long_form, NULL, NULL, NULL},
    {"policy-oid-padded", BIT(P_DV), "rfc5280_der_oid_encoding", NULL, d_oid_padded, NULL, NULL, NULL},
    {"ski-constructed", BIT(P_CA), "rfc5280_der_constructed_string,rfc5280_ext_invalid_der", NULL, d_constructed_ski,
     "a constructed OCTET STRING does not decode as DER", NULL, NULL},
    {"crldp-reasons-unused-bits", BIT(P_CA), "rfc5280_der_bitstring_encoding,tls_subca_crldp_invalid", NULL,
     d_crldp_reasons_unused_bits, "BR 7.1.2.11.2: reasons MUST NOT be present", NULL, NULL},
    {"eku-41-purposes", BIT(P_DV), "rfc5280_view_truncated", NULL, d_many_ekus, NULL, NULL, NULL},
    {"idn-bad-punycode", BIT(P_DV), "rfc5280_idn_not_valid,tls_dnsname_bad_syntax", NULL, r_idn_bad, NULL, NULL, NULL},
    /* the other TLS BR 7.1.2 profiles: root (7.1.2.1), cross-certified (7.1.2.2), technically constrained
     * non-TLS (7.1.2.3), precertificate signing (7.1.2.4) and TLS (7.1.2.5) subordinates, OCSP responder
     * (7.1.2.8) */
    {"clean", TLS_OTHER, "", NULL, NULL, NULL, NULL, NULL},
    {"validity-9133d", BIT(P_ROOT), "tls_root_validity_range", NULL, o_validity_9133d, NULL, NULL, NULL},
    {"eku-server-auth", BIT(P_ROOT), "tls_root_eku_present", NULL, o_eku_server, NULL, NULL, NULL},
    {"aki-critical", BIT(P_ROOT), "tls_root_aki_invalid,rfc5280_aki_critical_or_no_keyid", NULL, o_root_aki_critical,
     "RFC 5280 4.2.1.1 forbids it too", NULL, NULL},
    {"pathlen-1", BIT(P_ROOT), "tls_root_pathlen_present", NULL, o_root_pathlen, NULL, NULL, NULL},
    {"any-policy", BIT(P_ROOT), "tls_root_policies_present", NULL, o_any_policy, NULL, NULL, NULL},
    {"crldp-present", BIT(P_ROOT), "tls_root_crldp_present", NULL, o_crldp, NULL, NULL, NULL},
    {"ou-present", BIT(P_ROOT), "tls_ca_ou_present", NULL, o_ca_ou, NULL, NULL, NULL},
    {"subject-serial-number", BIT(P_CA), "tls_ca_subject_other_attribute", NULL, o_ca_serial_number, NULL, NULL, NULL},
    {"eku-any-and-server-auth", BIT(P_CROSS), "tls_subca_eku_invalid", NULL, o_eku_any_server, NULL, NULL, NULL},
    {"eku-ocsp-signing", BIT(P_NONTLS), "tls_non_tls_ca_eku_invalid,tls_ocsp_nocheck_missing", NULL, o_eku_client_ocsp,
     "BR 4.9.9: a certificate with id-kp-OCSPSigning from a TLS CA is a delegated responder's, which needs "
     "id-pkix-ocsp-nocheck", NULL, NULL},
    {"eku-critical", BIT(P_NONTLS), "tls_non_tls_ca_eku_invalid", NULL, o_eku_client_critical, NULL, NULL, NULL},
    {"policy-tls-reserved", BIT(P_NONTLS), "tls_non_tls_ca_policies_invalid", NULL, o_policy_tls_dv, NULL, NULL, NULL},
    {"eku-server-auth", BIT(P_PRECA), "tls_precert_ca_eku_invalid", NULL, o_eku_precert_server, NULL, NULL, NULL},
    {"issued-2026-04", BIT(P_PRECA), "tls_precert_ca_after_sunset", "2026-04-01T00:00:00Z", NULL, NULL, NULL,
     NULL},
    {"key-p384", BIT(P_PRECA), "tls_precert_ca_spki_mismatch", NULL, o_key_p384, NULL, NULL, NULL},
    {"policies-missing", BIT(P_PRECA) | BIT(P_CA), "tls_subca_policies_missing", NULL, t_policy_missing, NULL, NULL, NULL},
    {"aia-missing", BIT(P_CA), "tls_subca_aia_recommended", NULL, t_aia_missing, NULL, NULL, NULL},
    {"issued-2019", BIT(P_CA), "tls_subca_aia_ocsp_missing", "2019-06-01T00:00:00Z", NULL,
     "before BR 1.7.1 (SC-31) a subordinate CA's AIA needed the OCSP URL the preset leaves out", NULL, NULL},
    {"nc-maximum", BIT(P_TCCA), "tls_ca_nc_min_max_present,rfc5280_nc_misuse", NULL, o_nc_maximum,
     "RFC 5280 4.2.1.10: maximum MUST be absent", NULL, NULL},
    {"nc-not-critical", BIT(P_TCCA), "tls_ca_nc_not_critical", NULL, o_nc_not_critical,
     "RFC 5280 4.2.1.10: MUST be critical (the BR make it a SHOULD)", NULL, NULL},
    {"nc-dns-only", BIT(P_TCCA), "tls_tc_ca_nc_incomplete", NULL, o_nc_dns_only, NULL, NULL, NULL},
    {"nc-rfc822", BIT(P_TCCA), "tls_ca_nc_discouraged_type", NULL, o_nc_rfc822, NULL, NULL, NULL},
    {"eku-client-auth", BIT(P_OCSP), "tls_ocsp_eku_invalid", NULL, o_ocsp_eku_client, NULL, NULL, NULL},
    {"crldp-present", BIT(P_OCSP), "tls_ocsp_extensions_invalid", NULL, o_crldp, NULL, NULL, NULL},
    {"ku-non-repudiation", BIT(P_OCSP), "tls_ocsp_ku_invalid", NULL, o_ocsp_ku_nr, NULL, NULL, NULL},
    {"nocheck-missing", BIT(P_OCSP), "tls_ocsp_nocheck_missing", NULL, o_ocsp_no_nocheck, NULL, NULL, NULL},
    {"any-policy", BIT(P_OCSP), "tls_ocsp_policies_present", NULL, o_any_policy, NULL, NULL, NULL},
    /* subscriber rules without a certificate so far */
    {"aia-duplicate-location", BIT(P_DV), "tls_aia_invalid", NULL, s_aia_duplicate,
     "tls_aia_invalid checks the same sentence of BR 7.1.2.7.7 (each accessLocation unique) too", NULL, NULL},
    {"san-critical", BIT(P_DV), "tls_ext_criticality_invalid", NULL, s_san_critical, NULL, NULL, NULL},
    {"dns-public-suffix", BIT(P_DV), "tls_dnsname_public_suffix", NULL, s_dns_public_suffix, NULL, NULL, NULL},
    {"dns-bare-tld", BIT(P_DV), "tls_dnsname_public_suffix", NULL, s_dns_bare_tld, NULL, NULL, NULL},
    {"dns-wildcard-public-suffix", BIT(P_DV), "tls_wildcard_over_public_suffix", NULL, s_wildcard_public_suffix, NULL,
     NULL, NULL},
    {"street-129", BIT(P_OV), "tls_subject_attr_too_long", NULL, s_street_129, NULL, NULL, NULL},
    {"dc-bad-label", BIT(P_OV), "tls_subject_dc_invalid", NULL, s_dc_bad_label, NULL, NULL, NULL},
    {"business-category-other", BIT(P_EV), "tls_ev_business_category_invalid", NULL, s_business_category, NULL, NULL,
     NULL},
    {"jurisdiction-lower-case", BIT(P_EV), "tls_ev_jurisdiction_country_invalid", NULL, s_jurisdiction_lower, NULL,
     NULL, NULL},
    {"serial-number-missing", BIT(P_EV), "tls_ev_subject_required", NULL, s_ev_no_serial, NULL, NULL, NULL},
    {"rsa-exponent-3", BIT(P_DV), "tls_rsa_not_recommended", NULL, s_rsa_exponent_3, NULL, NULL, NULL},
    /* RFC 5280 rules no other matrix certificate covered */
    {"policy-constraints-empty", BIT(P_CA), "rfc5280_policy_constraints_empty,tls_ca_other_extension", NULL,
     r_policy_constraints_empty, "policyConstraints is not in the TLS subordinate CA profile (BR 7.1.2.6.1: any "
     "other extension NOT RECOMMENDED)", NULL, NULL},
    {"policy-constraints-not-critical", BIT(P_CA), "rfc5280_policy_constraints_not_critical,tls_ca_other_extension",
     NULL, r_policy_constraints_noncrit, "as above", NULL, NULL},
    {"inhibit-any-policy-not-critical", BIT(P_CA), "rfc5280_inhibit_any_policy_not_critical,tls_ca_other_extension",
     NULL, r_inhibit_any_noncrit, "inhibitAnyPolicy is not in the TLS subordinate CA profile either", NULL, NULL},
    {"policy-mapping-any-policy", BIT(P_CA), "rfc5280_policy_mapping_any_policy,tls_ca_other_extension", NULL,
     r_policy_mapping_any, "policyMappings is not in the TLS subordinate CA profile either", NULL, NULL},
    {"pathlen-negative", BIT(P_CA), "rfc5280_pathlen_negative,rfc5280_ext_invalid_der", NULL, r_pathlen_negative,
     "pathLenConstraint is INTEGER (0..MAX): a negative one does not decode", NULL, NULL},
    {"ian-critical", BIT(P_DV), "rfc5280_ian_critical", NULL, r_ian_critical, NULL, NULL, NULL},
    {"ian-empty", BIT(P_DV), "rfc5280_ian_empty,rfc5280_ext_empty_sequence", NULL, r_ian_empty,
     "GeneralNames is SEQUENCE SIZE (1..MAX)", NULL, NULL},
    {"san-uri-no-scheme", BIT(P_DV), "rfc5280_san_uri_syntax,tls_san_forbidden_type", NULL, r_san_uri_no_scheme,
     "BR 7.1.2.7.12: a subscriber SAN holds dNSName and iPAddress only", NULL, NULL},
    /* the history: each certificate issued inside the window of a BR 1.x rule */
    {"validity-830d-2017", BIT(P_EV), "tls_ev_validity_over_27_months", "2017-06-01T00:00:00Z", s_validity_830, NULL,
     NULL, NULL},
    {"validity-1860d-2014", BIT(P_DV), "tls_validity_over_60_months", "2014-06-01T00:00:00Z", s_validity_1860, NULL,
     NULL, NULL},
    {"validity-1220d-2017", BIT(P_DV), "tls_validity_over_39_months", "2017-06-01T00:00:00Z", s_validity_1220, NULL,
     NULL, NULL},
    {"validity-826d-2019", BIT(P_DV), "tls_validity_over_825_days", "2019-06-01T00:00:00Z", m_validity_826, NULL,
     NULL, NULL},
    {"address-without-identity-2019", BIT(P_DV), "tls_br1_address_without_identity,tls_br1_dv_subject_identity", "2019-06-01T00:00:00Z",
     s_address_without_identity, NULL, NULL, NULL},
    {"organization-without-address-2019", BIT(P_DV), "tls_br1_identity_without_address,tls_br1_dv_subject_identity", "2019-06-01T00:00:00Z",
     s_org_without_address,
     NULL, NULL, NULL},
    {"aia-no-ocsp-2019", BIT(P_DV), "tls_br1_aia_ocsp_missing", "2019-06-01T00:00:00Z", s_aia_no_ocsp, NULL, NULL,
     NULL},
    {"cn-not-in-san-2019", BIT(P_DV), "tls_br1_cn_not_in_san", "2019-06-01T00:00:00Z", t_cn_not_in_san, NULL, NULL,
     NULL},
    {"dns-underscore-2017", BIT(P_DV), "tls_br1_dnsname_underscore,rfc5280_san_dns_syntax", "2017-06-01T00:00:00Z",
     t_dns_underscore, NULL, NULL, NULL},
    {"dns-underscore-2019-01", BIT(P_DV), "tls_sc12_dnsname_underscore,rfc5280_san_dns_syntax", "2019-01-15T00:00:00Z",
     t_dns_underscore, NULL, NULL, NULL},
    {"eku-missing-2019", BIT(P_DV), "tls_br1_eku_missing", "2019-06-01T00:00:00Z", m_eku_missing, NULL, NULL, NULL},
    {"ed25519-key-2019", BIT(P_DV), "tls_br1_key_type", "2019-06-01T00:00:00Z", t_ed25519, NULL, NULL, NULL},
    {"policies-missing-2019", BIT(P_DV), "tls_br1_policies_missing", "2019-06-01T00:00:00Z", t_policy_missing, NULL,
     NULL, NULL},
    {"sigalg-sha1-2017", BIT(P_DV), "tls_sha1_signature", "2017-06-01T00:00:00Z", t_sigalg_sha1, NULL, NULL, NULL},
    {"precert-ca-issued-2026-04", BIT(P_PRE), "tls_precert_signing_ca_after_sunset", "2026-04-01T00:00:00Z",
     NULL, NULL, "precert-ca", NULL},
};
#define N_MUT (sizeof mutations / sizeof mutations[0])

/* ---- driver ---------------------------------------------------------- */

static const char *family(const profile *p)
{
    return p->type >= 0 || p == &profiles[P_SMCA] ? "smime" : "tls";
}

static cg_cert *base_cert(const profile *p, int idx)
{
    cg_cert *c = cg_new(p->preset);
    if (!c)
        return NULL;
    if (p->gen == LEGACY)
        cg_set_not_before(c, "2025-06-01T00:00:00Z"); /* every dated S/MIME rule but SMC-013's */
    if (!p->preset_dates)
        cg_set_validity_seconds(c, (p->type >= 0 ? 365 : 90) * 86400LL);
    if (p == &profiles[P_CA] || p == &profiles[P_SMCA]) {
        cg_set_not_before(c, "2025-09-01T00:00:00Z");
        cg_set_validity_seconds(c, 5 * 365 * 86400LL);
    }
    if (p == &profiles[P_PRE]) {
        static const uint8_t null[] = {0x05, 0x00};
        cg_ext_add_der(c, "1.3.6.1.4.1.11129.2.4.3", true, null, sizeof null);
    }
    /* a distinct, positive, 16-octet serial per certificate */
    uint8_t h[32];
    char in[64], hex[40];
    snprintf(in, sizeof in, "certsweep-matrix:%d", idx);
    SHA256((const uint8_t *)in, strlen(in), h);
    h[0] = (uint8_t)((h[0] & 0x3f) | 0x40);
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    cg_set_serial_hex(c, hex);
    return c;
}

/* The precertificate signing CA (certgen preset "tls-precert-ca", issued by
 * the p256 test CA) that signs the mutations whose issuer is "precert-ca". */
typedef struct signing_ca {
    uint8_t *der, *name, keyid[20];
    size_t der_len, name_len;
} signing_ca;

#define PRECERT_CA_KEY "p256:3" /* the tls-precert-ca preset's key */

static bool precert_signing_ca(signing_ca *ca)
{
    cg_cert *c = cg_new("tls-precert-ca");
    if (!c)
        return false;
    ca->name = cg_subject_der(c, &ca->name_len);
    bool ok = cg_key_id(c, ca->keyid) == sizeof ca->keyid;
    ca->der = cg_der(c, &ca->der_len);
    cg_free(c);
    return ok && ca->name && ca->der;
}

static bool write_file(const char *path, const uint8_t *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(d, 1, n, f) == n;
    return f ? (fclose(f) == 0 && ok) : false;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: certsweep-matrix -o DIR [--list]\n"
               "Writes the differential-testing matrix: per profile a clean certificate and one\n"
               "per mutation that applies to it, with DIR/manifest.tsv (the expected rules).\n"
               "  --list   print the mutations (name, profiles mask, expected rules) and exit\n");
}

int main(int argc, char **argv)
{
    const char *out = NULL;
    bool list = false;
    static const struct option lo[] = {{"output", required_argument, 0, 'o'},
                                       {"list", no_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
        switch (ch) {
        case 'o': out = optarg; break;
        case 'l': list = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    init_profiles();
    if (list) {
        for (size_t m = 0; m < N_MUT; m++)
            printf("%s\t%05x\t%s\n", mutations[m].name, mutations[m].mask, mutations[m].expect);
        return 0;
    }
    if (!out || optind != argc) {
        usage(stderr);
        return 2;
    }
    char path[4096], err[256];
    snprintf(path, sizeof path, "%s/certs", out);
    if (!cg_mkdirs(path)) {
        fprintf(stderr, "certsweep-matrix: cannot create %s\n", path);
        return 1;
    }
    snprintf(path, sizeof path, "%s/ct-json", out);
    cg_writer *ct = cg_writer_open("ct-json", path, err, sizeof err);
    snprintf(path, sizeof path, "%s/manifest.tsv", out);
    FILE *man = fopen(path, "w");
    if (!ct || !man) {
        fprintf(stderr, "certsweep-matrix: cannot write into %s\n", out);
        return 1;
    }
    fprintf(man, "file\tsha256\tprofile\tfamily\tmutation\texpected\n");
    size_t root_len;
    uint8_t *root = cg_issuer_der("root", &root_len);
    signing_ca pca = {0};
    int idx = 0;
    bool ok = root != NULL && precert_signing_ca(&pca);
    for (size_t m = 0; m < N_MUT && ok; m++)
        for (int pi = 0; pi < N_PROFILES && ok; pi++) {
            const mutation *mu = &mutations[m];
            const profile *p = &profiles[pi];
            if (!(mu->mask & BIT(pi)))
                continue;
            cg_cert *c = base_cert(p, idx);
            if (!c) {
                ok = false;
                break;
            }
            if (mu->not_before) {
                cg_set_not_before(c, mu->not_before);
                cg_set_validity_seconds(c, 90 * 86400LL);
            }
            const char *issuer = mu->issuer ? mu->issuer : p->issuer;
            bool via_precert_ca = !strcmp(issuer, "precert-ca");
            if (via_precert_ca)
                cg_set_issuer_raw(c, pca.name, pca.name_len, pca.keyid, sizeof pca.keyid, PRECERT_CA_KEY);
            else if (mu->issuer && strcmp(mu->issuer, "self"))
                cg_set_issuer_key(c, mu->issuer);
            if (mu->edit)
                mu->edit(c, p);
            size_t len;
            uint8_t *der = cg_der(c, &len);
            cg_free(c);
            if (der && mu->post)
                der = mu->post(der, &len);
            if (!der) {
                fprintf(stderr, "certsweep-matrix: %s on %s failed\n", mu->name, p->name);
                ok = false;
                break;
            }
            uint8_t h[32];
            char hex[65], file[160];
            SHA256(der, len, h);
            for (int i = 0; i < 32; i++)
                snprintf(hex + 2 * i, 3, "%02x", h[i]);
            snprintf(file, sizeof file, "%04d-%s-%s.der", idx, p->name, mu->name);
            snprintf(path, sizeof path, "%s/certs/%s", out, file);
            size_t iss_len = 0;
            bool self = !strcmp(issuer, "self");
            uint8_t *iss = strcmp(issuer, "root") && !self ? cg_issuer_der(via_precert_ca ? "p256" : issuer, &iss_len)
                                                           : NULL;
            cg_entry e = {.der = der, .len = len, .timestamp_ms = 1756684800000};
            if (self) {
                /* a root: no chain */
            } else if (via_precert_ca && iss) {
                e.chain[0] = pca.der, e.chain_len[0] = pca.der_len;
                e.chain[1] = iss, e.chain_len[1] = iss_len;
                e.chain[2] = root, e.chain_len[2] = root_len;
            } else if (iss) {
                e.chain[0] = iss, e.chain_len[0] = iss_len;
                e.chain[1] = root, e.chain_len[1] = root_len;
            } else {
                e.chain[0] = root, e.chain_len[0] = root_len;
            }
            ok = write_file(path, der, len) && cg_writer_add(ct, &e);
            fprintf(man, "certs/%s\t%s\t%s\t%s\t%s\t%s\n", file, hex, p->name, family(p), mu->name, mu->expect);
            free(iss);
            free(der);
            idx++;
        }
    free(root);
    free(pca.der), free(pca.name);
    ok = cg_writer_close(ct) && ok;
    ok = fclose(man) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "certsweep-matrix: failed\n");
        return 1;
    }
    fprintf(stderr, "certsweep-matrix: %d certificates -> %s\n", idx, out);
    return 0;
}
