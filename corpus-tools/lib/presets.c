/* certgen presets: the default certificate of each profile.
 *
 * Each default is meant to pass every rule of its family:
 *   S/MIME: SBR 7.1.2.3 (policies with the reserved OID + http CPS, http
 *   CRLDP, http AIA ocsp+caIssuers, KU critical per key type, EKU
 *   emailProtection only, AKI keyid, SKI, no BC), 7.1.4.2 (subject per type),
 *   6.3.2 (365 days), 7.1 (16-byte positive serial), 7.1.3 (RSA-2048 with
 *   sha256WithRSAEncryption + NULL).  Legacy presets start 2025-03-01 (the
 *   Legacy OIDs may not be used from 2025-07-15); the others 2025-09-01.
 *   TLS: BR 7.1.2.7 (serverAuth, DNS SAN with the CN in it, KU critical
 *   digitalSignature for the P-256 key, policy 2.23.140.1.2.x, http AIA and
 *   CRLDP, no SKI, 90 days, ecdsa-with-SHA256 by the P-256 test CA). */
#include "cg_internal.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#define OID_SMIME "2.23.140.1.5"
#define CPS_URI "http://cps.example.com/cps"
#define CRL_URI "http://crl.example.com/issuing.crl"
#define OCSP_URI "http://ocsp.example.com"
#define CAISSUERS_URI "http://ca.example.com/issuing.crt"

/* ---- small extension encoders -------------------------------------- */

static void put(cg_cert *c, const char *oid, bool crit, cg_buf *b)
{
    cg_ext_put(c, oid, crit, b->p, b->n);
    cg_buf_free(b);
}

/* keyUsage from bit numbers (0 = digitalSignature ... 8 = decipherOnly). */
static void ku(cg_cert *c, unsigned mask)
{
    uint8_t bytes[3] = {0};
    int top = -1;
    for (int i = 0; i < 9; i++)
        if (mask & (1u << i)) {
            bytes[i / 8] |= (uint8_t)(0x80 >> (i % 8));
            top = i;
        }
    int nbytes = top / 8 + 1;
    uint8_t v[4] = {(uint8_t)(8 * nbytes - (top + 1))};
    memcpy(v + 1, bytes, (size_t)nbytes);
    cg_buf b = {0};
    cg_der_tlv(&b, 0x03, v, (size_t)nbytes + 1);
    put(c, "2.5.29.15", true, &b);
}

static void eku(cg_cert *c, const char *const *oids)
{
    cg_buf l = {0}, b = {0};
    for (; *oids; oids++)
        cg_der_oid(&l, *oids);
    cg_der_wrap(&b, 0x30, &l);
    put(c, "2.5.29.37", false, &b);
}

/* SAN with one tag ([1] rfc822Name or [2] dNSName) per name. */
static void san(cg_cert *c, uint8_t tag, const char *const *names, bool crit)
{
    cg_buf l = {0}, b = {0};
    for (; *names; names++)
        cg_der_tlv(&l, tag, *names, strlen(*names));
    cg_der_wrap(&b, 0x30, &l);
    put(c, "2.5.29.17", crit, &b);
}

/* certificatePolicies: one policy, with a CPS qualifier when cps != NULL. */
static void policies(cg_cert *c, const char *oid, const char *cps)
{
    cg_buf pi = {0}, l = {0}, b = {0};
    cg_der_oid(&pi, oid);
    if (cps) {
        cg_buf q = {0}, qs = {0};
        cg_der_oid(&q, "1.3.6.1.5.5.7.2.1");
        cg_der_tlv(&q, 0x16, cps, strlen(cps));
        cg_der_wrap(&qs, 0x30, &q);
        cg_der_wrap(&pi, 0x30, &qs);
    }
    cg_der_wrap(&l, 0x30, &pi);
    cg_der_wrap(&b, 0x30, &l);
    put(c, "2.5.29.32", false, &b);
}

static void crldp(cg_cert *c, const char *uri)
{
    cg_buf gn = {0}, full = {0}, dpn = {0}, dp = {0}, b = {0};
    cg_der_tlv(&gn, 0x86, uri, strlen(uri));
    cg_der_wrap(&full, 0xa0, &gn);   /* fullName [0] */
    cg_der_wrap(&dpn, 0xa0, &full);  /* distributionPoint [0] */
    cg_der_wrap(&dp, 0x30, &dpn);
    cg_der_wrap(&b, 0x30, &dp);
    put(c, "2.5.29.31", false, &b);
}

static void aia(cg_cert *c, const char *ocsp, const char *ca_issuers)
{
    cg_buf l = {0}, b = {0};
    const char *m[2] = {"1.3.6.1.5.5.7.48.1", "1.3.6.1.5.5.7.48.2"};
    const char *u[2] = {ocsp, ca_issuers};
    for (int i = 0; i < 2; i++) {
        if (!u[i])
            continue;
        cg_buf ad = {0};
        cg_der_oid(&ad, m[i]);
        cg_der_tlv(&ad, 0x86, u[i], strlen(u[i]));
        cg_der_wrap(&l, 0x30, &ad);
    }
    cg_der_wrap(&b, 0x30, &l);
    put(c, "1.3.6.1.5.5.7.1.1", false, &b);
}

static void bc_ca(cg_cert *c, int pathlen)
{
    cg_buf s = {0}, b = {0};
    cg_der_tlv(&s, 0x01, "\xff", 1);
    if (pathlen >= 0)
        cg_der_uint(&s, (uint64_t)pathlen);
    cg_der_wrap(&b, 0x30, &s);
    put(c, "2.5.29.19", true, &b);
}

/* ---- profiles ------------------------------------------------------- */

enum { KU_DS = 1, KU_NR = 2, KU_KE = 4, KU_KA = 16, KU_CERTSIGN = 32, KU_CRLSIGN = 64 };

static void serial_for(cg_cert *c, const char *profile)
{
    uint8_t h[32];
    char in[80];
    snprintf(in, sizeof in, "certgen-serial:%s", profile);
    SHA256((const uint8_t *)in, strlen(in), h);
    h[0] = (uint8_t)((h[0] & 0x3f) | 0x40); /* positive, 16 significant octets */
    memcpy(c->serial, h, 16);
    c->serial_len = 16;
}

static void base(cg_cert *c, const char *profile, const char *key, const char *nb, int64_t days)
{
    snprintf(c->profile, sizeof c->profile, "%s", profile);
    serial_for(c, profile);
    cg_set_key(c, key);
    cg_set_not_before(c, nb);
    cg_set_validity_seconds(c, days * 86400);
}

static bool smime(cg_cert *c, const char *profile)
{
    static const char *const types[] = {"mailbox", "organization", "sponsored", "individual"};
    static const char *const gens[] = {"legacy", "multipurpose", "strict"};
    int t = -1, g = -1;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++) {
            char name[64];
            snprintf(name, sizeof name, "smime-%s-%s", types[i], gens[j]);
            if (!strcmp(name, profile))
                t = i, g = j;
        }
    if (t < 0)
        return false;
    base(c, profile, "rsa2048", g == 0 ? "2025-03-01T00:00:00Z" : "2025-09-01T00:00:00Z", 365);
    c->iss_kind = CG_ISS_TESTCA;
    strcpy(c->issuer_key, "rsa2048");
    const char *mail = t == 0 ? "alice@example.com" : t == 1 ? "sales@example.com" : "alice.smith@example.com";
    switch (t) {
    case 0:
        cg_subject_add(c, "CN", mail, 0);
        cg_subject_add(c, "emailAddress", mail, 0);
        break;
    case 1:
        cg_subject_add(c, "C", "GB", 0);
        cg_subject_add(c, "O", "Example Org Ltd", 0);
        cg_subject_add(c, "organizationIdentifier", "NTRGB-12345678", 0);
        cg_subject_add(c, "CN", "Example Org Ltd", 0);
        break;
    case 2:
        cg_subject_add(c, "C", "GB", 0);
        cg_subject_add(c, "O", "Example Org Ltd", 0);
        cg_subject_add(c, "organizationIdentifier", "NTRGB-12345678", 0);
        cg_subject_add(c, "GN", "Alice", 0);
        cg_subject_add(c, "SN", "Smith", 0);
        cg_subject_add(c, "CN", "Alice Smith", 0);
        break;
    default:
        cg_subject_add(c, "C", "GB", 0);
        cg_subject_add(c, "GN", "Alice", 0);
        cg_subject_add(c, "SN", "Smith", 0);
        cg_subject_add(c, "CN", "Alice Smith", 0);
        break;
    }
    char oid[32] = OID_SMIME ".t.g";
    oid[13] = (char)('1' + t);
    oid[15] = (char)('1' + g);
    ku(c, KU_DS | KU_KE);
    static const char *const email_eku[] = {"1.3.6.1.5.5.7.3.4", NULL};
    eku(c, email_eku);
    const char *names[] = {mail, NULL};
    san(c, 0x81, names, false);
    policies(c, oid, CPS_URI);
    crldp(c, CRL_URI);
    aia(c, OCSP_URI, CAISSUERS_URI);
    cg_ext_put_auto(c, "2.5.29.35", CG_AUTO_AKI);
    cg_ext_put_auto(c, "2.5.29.14", CG_AUTO_SKI);
    return true;
}

static bool tls(cg_cert *c, const char *profile)
{
    static const char *const lv[] = {"tls-dv", "tls-ov", "tls-iv", "tls-ev"};
    static const char *const oid[] = {"2.23.140.1.2.1", "2.23.140.1.2.2", "2.23.140.1.2.3", "2.23.140.1.1"};
    int l = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(profile, lv[i]))
            l = i;
    if (l < 0)
        return false;
    base(c, profile, "p256", "2025-09-01T00:00:00Z", 90);
    c->iss_kind = CG_ISS_TESTCA;
    strcpy(c->issuer_key, "p256");
    if (l > 0) {
        cg_subject_add(c, "C", "US", 0);
        cg_subject_add(c, "ST", "California", 0);
        cg_subject_add(c, "L", "San Francisco", 0);
    }
    if (l == 1 || l == 3)
        cg_subject_add(c, "O", "Example Inc", 0);
    if (l == 2) {
        cg_subject_add(c, "SN", "Smith", 0);
        cg_subject_add(c, "GN", "Alice", 0);
    }
    if (l == 3) {
        cg_subject_add(c, "businessCategory", "Private Organization", 0);
        cg_subject_add(c, "jurisdictionC", "US", 0);
        cg_subject_add(c, "serialNumber", "1234567", 0);
    }
    cg_subject_add(c, "CN", "www.example.com", 0);
    ku(c, KU_DS);
    static const char *const server_eku[] = {"1.3.6.1.5.5.7.3.1", NULL};
    eku(c, server_eku);
    static const char *const dns[] = {"www.example.com", "example.com", NULL};
    san(c, 0x82, dns, false);
    policies(c, oid[l], NULL);
    crldp(c, CRL_URI);
    aia(c, OCSP_URI, CAISSUERS_URI);
    cg_ext_put_auto(c, "2.5.29.35", CG_AUTO_AKI);
    return true;
}

/* CA profiles: subject CN/O/C, BC critical cA, KU critical certSign+crlSign. */
static void ca_common(cg_cert *c, const char *cn, const char *key, int64_t days)
{
    base(c, c->profile, key, "2024-01-01T00:00:00Z", days);
    cg_subject_add(c, "C", "US", 0);
    cg_subject_add(c, "O", "certsweep Test", 0);
    cg_subject_add(c, "CN", cn, 0);
}

void cg_set_tc_name_constraints(cg_cert *c, bool critical, unsigned variant)
{
    static const uint8_t zeros[32] = {0};
    static const char *const dn[] = {"C", "US", "O", "Example Inc", NULL};
    cg_buf perm = {0}, excl = {0}, nc = {0}, st = {0}, b = {0};
    cg_der_tlv(&st, 0x82, "example.com", 11);
    if (variant & CG_NC_MAXIMUM)
        cg_der_tlv(&st, 0x81, "\x02", 1);
    cg_der_wrap(&perm, 0x30, &st);
    if (variant & CG_NC_RFC822) {
        cg_der_tlv(&st, 0x81, "example.com", 11);
        cg_der_wrap(&perm, 0x30, &st);
    }
    if (!(variant & CG_NC_DNS_ONLY)) {
        cg_buf name = {0};
        cg_der_name(&name, dn);
        cg_der_wrap(&st, 0xa4, &name);
        cg_der_wrap(&perm, 0x30, &st);
        cg_der_tlv(&st, 0x87, zeros, 8);
        cg_der_wrap(&excl, 0x30, &st);
        cg_der_tlv(&st, 0x87, zeros, 32);
        cg_der_wrap(&excl, 0x30, &st);
    }
    cg_der_wrap(&nc, 0xa0, &perm);
    if (excl.n)
        cg_der_wrap(&nc, 0xa1, &excl);
    cg_buf_free(&excl);
    cg_der_wrap(&b, 0x30, &nc);
    put(c, "2.5.29.30", critical, &b);
}

/* The TLS BR 7.1.2 CA and OCSP responder profiles besides "tls-ca" (the
 * 7.1.2.6 TLS subordinate):
 *   tls-root         7.1.2.1 self-signed root, no EKU, AKI = SKI, 20 years
 *                    (digitalSignature too, so that it may sign OCSP responses)
 *   tls-cross-ca     7.1.2.2 cross-certified subordinate, issued by the root
 *   tls-non-tls-ca   7.1.2.3 clientAuth-only subordinate, issued by the p256 TLS CA
 *   tls-precert-ca   7.1.2.4 precertificate signing CA, issued by the p256 TLS CA
 *                    (same SubjectPublicKeyInfo algorithm)
 *   tls-tc-ca        7.1.2.5 technically constrained TLS subordinate, issued by the root
 *   tls-ocsp         7.1.2.8 OCSP responder, issued by the p256 TLS CA
 * Subordinates and the responder start 2025-09-01 (after SC-62, before the
 * SC-92 precertificate signing CA sunset). */
static bool tls_ca_profile(cg_cert *c, const char *profile)
{
    static const char *const server_client[] = {"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", NULL};
    static const struct {
        const char *name, *cn, *key, *issuer; /* issuer: NULL = root, "" = self */
        int64_t days;
    } kinds[] = {
        {"tls-root", "certsweep Matrix Root CA", "rsa4096:2", "", 20 * 365},
        {"tls-cross-ca", "certsweep Cross-Certified CA", "p384:1", NULL, 5 * 365},
        {"tls-non-tls-ca", "certsweep Client CA", "p256:4", "p256", 5 * 365},
        {"tls-precert-ca", "certsweep Precertificate Signing CA", "p256:3", "p256", 365},
        {"tls-tc-ca", "certsweep Constrained TLS CA", "p256:5", NULL, 5 * 365},
        {"tls-ocsp", "certsweep OCSP Responder", "p256:2", "p256", 90},
    };
    size_t k = 0;
    while (k < sizeof kinds / sizeof kinds[0] && strcmp(kinds[k].name, profile))
        k++;
    if (k == sizeof kinds / sizeof kinds[0])
        return false;
    snprintf(c->profile, sizeof c->profile, "%s", profile);
    ca_common(c, kinds[k].cn, kinds[k].key, kinds[k].days);
    cg_set_not_before(c, "2025-09-01T00:00:00Z");
    cg_set_validity_seconds(c, kinds[k].days * 86400);
    if (!kinds[k].issuer) {
        c->iss_kind = CG_ISS_ROOT;
    } else if (!*kinds[k].issuer) {
        c->iss_kind = CG_ISS_SELF;
    } else {
        c->iss_kind = CG_ISS_TESTCA;
        strcpy(c->issuer_key, kinds[k].issuer);
    }
    if (!strcmp(profile, "tls-ocsp")) {
        static const char *const ocsp_eku[] = {"1.3.6.1.5.5.7.3.9", NULL};
        static const uint8_t null[] = {0x05, 0x00};
        ku(c, KU_DS);
        eku(c, ocsp_eku);
        cg_ext_put(c, "1.3.6.1.5.5.7.48.1.5", false, null, sizeof null);
        cg_ext_put_auto(c, "2.5.29.35", CG_AUTO_AKI);
        cg_ext_put_auto(c, "2.5.29.14", CG_AUTO_SKI);
        return true;
    }
    bool root = !strcmp(profile, "tls-root");
    bc_ca(c, root ? -1 : 0);
    ku(c, KU_DS | KU_CERTSIGN | KU_CRLSIGN);
    if (!root) {
        static const char *const client[] = {"1.3.6.1.5.5.7.3.2", NULL};
        static const char *const precert[] = {"1.3.6.1.4.1.11129.2.4.4", NULL};
        bool non_tls = !strcmp(profile, "tls-non-tls-ca");
        eku(c, non_tls ? client : !strcmp(profile, "tls-precert-ca") ? precert : server_client);
        /* a non-TLS CA MUST NOT carry a TLS reserved OID (7.1.2.3.2): a CA-defined one
         * under the documentation arc (RFC 5612) */
        policies(c, non_tls ? "1.3.6.1.4.1.32473.1.1" : "2.23.140.1.2.1", NULL);
        crldp(c, "http://crl.example.com/issuing.crl");
        aia(c, NULL, "http://ca.example.com/issuing.crt");
        if (!strcmp(profile, "tls-tc-ca"))
            cg_set_tc_name_constraints(c, true, 0);
    }
    cg_ext_put_auto(c, "2.5.29.35", CG_AUTO_AKI);
    cg_ext_put_auto(c, "2.5.29.14", CG_AUTO_SKI);
    return true;
}

bool cg_preset_apply(cg_cert *c, const char *profile)
{
    if (!strncmp(profile, "smime-", 6) && strcmp(profile, "smime-ca") != 0)
        return smime(c, profile);
    if (tls_ca_profile(c, profile))
        return true;
    if (!strncmp(profile, "tls-", 4) && strcmp(profile, "tls-ca") != 0)
        return tls(c, profile);
    snprintf(c->profile, sizeof c->profile, "%s", profile);
    if (!strcmp(profile, "smime-ca") || !strcmp(profile, "tls-ca")) {
        bool sm = profile[0] == 's';
        ca_common(c, sm ? "certsweep Test S/MIME CA" : "certsweep Test TLS CA", sm ? "rsa2048:6" : "p256:6",
                  5 * 365);
        c->iss_kind = CG_ISS_ROOT;
        bc_ca(c, 0);
        ku(c, KU_DS | KU_CERTSIGN | KU_CRLSIGN);
        static const char *const email_eku[] = {"1.3.6.1.5.5.7.3.4", NULL};
        static const char *const tls_eku[] = {"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", NULL};
        eku(c, sm ? email_eku : tls_eku);
        policies(c, sm ? "2.5.29.32.0" : "2.23.140.1.2.1", NULL);
        crldp(c, "http://crl.example.com/root.crl");
        aia(c, NULL, "http://ca.example.com/root.crt");
        cg_ext_put_auto(c, "2.5.29.35", CG_AUTO_AKI);
        cg_ext_put_auto(c, "2.5.29.14", CG_AUTO_SKI);
        return true;
    }
    if (!strcmp(profile, "root")) {
        ca_common(c, "certsweep Test Root CA", "rsa4096:3", 20 * 365);
        c->iss_kind = CG_ISS_SELF;
        bc_ca(c, -1);
        ku(c, KU_CERTSIGN | KU_CRLSIGN);
        cg_ext_put_auto(c, "2.5.29.14", CG_AUTO_SKI);
        return true;
    }
    if (!strcmp(profile, "plain")) {
        base(c, profile, "rsa2048", "2025-09-01T00:00:00Z", 365);
        c->iss_kind = CG_ISS_TESTCA;
        strcpy(c->issuer_key, "rsa2048");
        cg_subject_add(c, "CN", "plain.example.com", 0);
        return true;
    }
    return false;
}
