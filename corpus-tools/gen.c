/* certsweep-gen: a synthetic corpus with a known ground truth.
 *
 * N certificates from M CAs with a realistic mix (S/MIME of all four types
 * and three generations, TLS DV/OV/EV, precertificates, the CA certificates
 * themselves; RSA 2048/3072/4096, P-256/P-384, Ed25519 keys from the fixed
 * pool), Zipf-like issuer popularity, notBefore spread over 2022..2026.
 * Some CAs make specific mistakes (S/MIME, TLS, RFC 5280 faults) at a
 * configurable rate; each mistake is known to trigger an exact set of rules
 * (its notBefore is kept where those rules are in force), and the clean
 * baseline triggers none, so ground_truth.csv holds the exact expected
 * count per issuer and rule.  Certificate i depends only on (seed, i):
 * output is byte-identical for any --threads. */
#include <ctype.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certgen.h"
#include "corpus_out.h"

/* ---- the mistakes, and the rules each one triggers ------------------ */

/* notBefore bounds (seconds): TLS certificates span T_2022..T_END, S/MIME
 * ones T_SMIME..T_END; the others are dates rules take effect or change (TLS
 * BR 2.0 profile, SC-063, the S/MIME Legacy sunset, SC-081's 200-day step). */
#define T_2022 INT64_C(1640995200)
#define T_SMIME INT64_C(1693526400)  /* 2023-09-01 */
#define T_BR2 INT64_C(1694736000)    /* 2023-09-15 */
#define T_SC063 INT64_C(1710460800)  /* 2024-03-15 */
#define T_SUNSET INT64_C(1752537600) /* 2025-07-15 */
#define T_SC081 INT64_C(1773532800)  /* 2026-03-15 */
#define T_END INT64_C(1782777600)    /* 2026-06-30 */

typedef struct violation {
    const char *name;
    bool smime;                /* applies to S/MIME (else TLS) certificates */
    int64_t nb_from, nb_until; /* if set, notBefore is drawn in [from, until): every rule below in force */
    const char *rules[3];      /* every rule it makes fail, NULL-terminated */
    const char *what;
} violation;

/* Each family's mistakes are dealt to its CAs in this order (make_cas). */
static const violation violations[] = {
    {"validity-3y", true, 0, 0, {"smime_validity_exceeds_825_days"}, "3-year validity on Multipurpose/Strict"},
    {"no-email-eku", true, 0, 0, {"smime_eku_email_protection_missing"}, "EKU clientAuth only (Multipurpose)"},
    {"default-critical", true, 0, 0, {"rfc5280_der_default_encoded"}, "critical FALSE encoded on the SAN"},
    {"no-ski", true, 0, 0, {"smime_ski_missing"}, "subjectKeyIdentifier left out"},
    {"legacy-after-sunset", true, T_SUNSET + 86400, T_END, {"smime_legacy_generation_after_sunset"},
     "Legacy OID after 2025-07-15"},
    {"short-serial", true, 0, 0, {"smime_serial_low_entropy"}, "6-byte serial numbers"},
    {"crldp-https", true, 0, 0, {"smime_crldp_no_http_uri", "smime_crldp_non_http_scheme"}, "https CRL URL (Strict)"},
    {"no-aia", true, 0, 0, {"smime_aia_missing"}, "authorityInformationAccess left out"},
    {"validity-399d", false, T_2022, T_SC081, {"tls_validity_over_398_days"}, "399 days, before 2026-03-15"},
    {"cn-case", false, 0, 0, {"tls_cn_not_from_san"}, "subject CN upper-cased, SAN dNSName not"},
    {"eku-email", false, T_BR2, T_END, {"tls_eku_invalid"}, "EKU serverAuth plus emailProtection"},
    {"dns-underscore", false, 0, 0, {"tls_dnsname_underscore", "rfc5280_san_dns_syntax"},
     "underscore in the host name (CN and SAN)"},
    {"ku-cert-sign", false, T_BR2, T_END, {"tls_ku_invalid", "rfc5280_ku_certsign_without_ca"},
     "keyUsage keyCertSign in a subscriber certificate"},
    {"no-revocation", false, T_SC063, T_END, {"tls_crldp_required_without_ocsp"},
     "no CRLDP and no OCSP URL (AIA caIssuers only)"},
    {"negative-serial", false, T_BR2, T_END, {"rfc5280_serial_not_positive", "tls_serial_entropy"},
     "serial with its sign bit set (negative)"},
    {"validity-398d-2026", false, T_SC081, T_END, {"tls_validity_over_200_days"},
     "398 days from 2026-03-15 (SC-081: 200)"},
    {"dns-trailing-dot", false, 0, 0, {"tls_dnsname_bad_syntax", "rfc5280_san_dns_syntax"},
     "second SAN dNSName with a trailing dot"},
    {"policy-private-only", false, T_BR2, T_END, {"tls_policy_invalid"},
     "certificatePolicies without a CA/B Forum reserved OID"},
};
#define N_VIOL (sizeof violations / sizeof violations[0])

/* ---- CAs ------------------------------------------------------------ */

typedef struct ca {
    char cn[64];
    bool smime;
    char key[16];          /* pool key that signs */
    double weight;
    double rate[N_VIOL];   /* probability per applicable certificate */
    uint8_t *der, *name;
    size_t der_len, name_len;
    uint8_t keyid[20];
} ca;

/* CA i gets key i of this list (kept off the subscriber keys: the pool's top indices). */
static const char *const ca_keys[] = {"ed25519:7", "p256:7", "rsa2048:7", "p256:6", "ed25519:6",
                                      "p384:3", "rsa2048:6", "p256:5", "ed25519:5", "rsa3072:3"};

typedef struct opts {
    uint64_t n, seed;
    unsigned m, threads;
    const char *out;
    char formats[256];
    double precert_rate;
    bool clean;
} opts;

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    return mix(r->s++ * 0x2545f4914f6cdd1dULL);
}

static double unit(rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static ca *cas;
static unsigned n_cas;
static uint8_t *root_der;
static size_t root_len;

/* Every third CA issues TLS, the others S/MIME. */
static bool issues_smime(unsigned i)
{
    return i % 3 != 1;
}

static void make_cas(const opts *o)
{
    cg_cert *root = cg_new("root");
    cg_subject_remove(root, "CN");
    cg_subject_add(root, "CN", "certsweep Gen Root", 0);
    root_der = cg_der(root, &root_len);
    size_t rn;
    uint8_t *rname = cg_subject_der(root, &rn), rkid[20];
    cg_key_id(root, rkid);
    cas = calloc(o->m, sizeof *cas);
    n_cas = o->m;
    /* CA 0 is clean.  Each family's mistakes (fam[smime]: indices in
     * violations[]) are dealt round robin to its K other CAs: the k-th makes
     * mistake k mod N at 4%, and k+K, k+2K, ... below N at 1%, so every
     * mistake is made by some CA. */
    size_t fam[2][N_VIOL], n_fam[2] = {0}, n_fam_cas[2] = {0}, dealt[2] = {0};
    for (size_t k = 0; k < N_VIOL; k++)
        fam[violations[k].smime][n_fam[violations[k].smime]++] = k;
    for (unsigned i = 1; i < o->m; i++)
        n_fam_cas[issues_smime(i)]++;
    for (unsigned i = 0; i < o->m; i++) {
        ca *a = &cas[i];
        /* popularity ~ 2/((i+1)^2+1): a few CAs issue most */
        a->smime = issues_smime(i);
        snprintf(a->key, sizeof a->key, "%s", ca_keys[i % (sizeof ca_keys / sizeof ca_keys[0])]);
        if (!a->smime && !strncmp(a->key, "ed25519", 7)) /* TLS BR has no EdDSA */
            snprintf(a->key, sizeof a->key, "p256:%u", 4 + i % 2);
        snprintf(a->cn, sizeof a->cn, "Gen %s CA %02u", a->smime ? "S/MIME" : "TLS", i + 1);
        a->weight = 1.0 / (i == 0 ? 1.0 : (double)(i + 1) * (i + 1) * 0.5 + 0.5);
        if (!o->clean && i > 0) {
            const size_t *f = fam[a->smime], n = n_fam[a->smime], K = n_fam_cas[a->smime];
            size_t k = dealt[a->smime]++;
            a->rate[f[k % n]] = 0.04;
            for (size_t j = k + K; j < n; j += K)
                a->rate[f[j]] = 0.01;
        }
        cg_cert *c = cg_new(a->smime ? "smime-ca" : "tls-ca");
        cg_subject_remove(c, "CN");
        cg_subject_add(c, "CN", a->cn, 0);
        cg_set_key(c, a->key);
        char serial[40];
        snprintf(serial, sizeof serial, "40%030llx", (unsigned long long)mix(o->seed + i));
        cg_set_serial_hex(c, serial);
        cg_set_issuer_raw(c, rname, rn, rkid, 20, "rsa4096:3");
        a->der = cg_der(c, &a->der_len);
        a->name = cg_subject_der(c, &a->name_len);
        cg_key_id(c, a->keyid);
        cg_free(c);
        if (!a->der) {
            fprintf(stderr, "certsweep-gen: cannot build CA %u\n", i);
            exit(1);
        }
    }
    free(rname);
    cg_free(root);
}

/* ---- one certificate ------------------------------------------------ */

typedef struct out_cert {
    uint8_t *der, *tbs;
    size_t len, tbs_len;
    bool precert;
    unsigned ca;
    int viol;              /* index in violations[] or -1 */
    int64_t nb;
} out_cert;

/* A rejected edit would leave the certificate clean and the ground truth wrong. */
static void set_ext(cg_cert *c, const char *name, bool critical, const char *value)
{
    if (!cg_ext_set(c, name, critical, value))
        exit(1); /* certgen said why */
}

static void set_san(cg_cert *c, const char *kind, const char *v)
{
    char spec[160];
    snprintf(spec, sizeof spec, "%s:%s", kind, v);
    set_ext(c, "subjectAltName", false, spec);
}

/* The drawn notBefore, or one drawn inside the mistake's window. */
static int64_t window_nb(rng *r, int viol, int64_t nb)
{
    if (viol < 0 || !violations[viol].nb_from)
        return nb;
    const violation *v = &violations[viol];
    return v->nb_from + (int64_t)(next(r) % (uint64_t)(v->nb_until - v->nb_from));
}

static void gen_one(const opts *o, uint64_t idx, out_cert *out)
{
    rng r = {mix(o->seed) ^ mix(idx + 1)};
    double total = 0, x;
    for (unsigned i = 0; i < n_cas; i++)
        total += cas[i].weight;
    x = unit(&r) * total;
    unsigned ci = 0;
    while (ci + 1 < n_cas && x >= cas[ci].weight)
        x -= cas[ci++].weight;
    const ca *a = &cas[ci];
    memset(out, 0, sizeof *out);
    out->ca = ci;
    out->viol = -1;
    /* the mistake is drawn first so that it can shape the profile */
    double v = unit(&r);
    for (unsigned k = 0; k < N_VIOL; k++) {
        if (v < a->rate[k]) {
            out->viol = (int)k;
            break;
        }
        v -= a->rate[k];
    }
    const char *viol = out->viol >= 0 ? violations[out->viol].name : "";
    char profile[48], buf[128];
    cg_cert *c;
    int64_t nb;
    bool rsa;
    if (a->smime) {
        static const char *const types[] = {"mailbox", "organization", "sponsored", "individual"};
        static const char *const gens[] = {"legacy", "multipurpose", "strict"};
        int t = (int)(next(&r) % 4), g;
        nb = T_SMIME + (int64_t)(next(&r) % (uint64_t)(T_END - T_SMIME));
        g = unit(&r) < 0.6 ? 2 : 1;
        if (nb < T_SUNSET && unit(&r) < 0.25)
            g = 0;
        nb = window_nb(&r, out->viol, nb);
        if (!strcmp(viol, "legacy-after-sunset")) {
            g = 0;
        } else if (!strcmp(viol, "validity-3y") && g == 0) {
            g = 2;
        } else if (!strcmp(viol, "no-email-eku")) {
            g = 1;
        } else if (!strcmp(viol, "crldp-https")) {
            g = 2;
        }
        snprintf(profile, sizeof profile, "smime-%s-%s", types[t], gens[g]);
        c = cg_new(profile);
        static const char *const keys[] = {"rsa2048", "rsa2048", "rsa2048", "rsa3072", "rsa4096",
                                           "p256", "p256", "p384", "ed25519", "ed25519"};
        const char *kt = keys[next(&r) % 10];
        snprintf(buf, sizeof buf, "%s:%u", kt, (unsigned)(next(&r) % 3));
        cg_set_key(c, buf);
        rsa = kt[0] == 'r';
        if (!rsa)
            set_ext(c, "keyUsage", true, "digitalSignature");
        char mail[96];
        snprintf(mail, sizeof mail, "user%llu@mail%u.example.com", (unsigned long long)idx, (unsigned)(idx % 97));
        if (t == 0) {
            cg_subject_clear(c);
            cg_subject_add(c, "CN", mail, 0);
            cg_subject_add(c, "emailAddress", mail, 0);
        } else if (t == 1) {
            cg_subject_remove(c, "CN");
            snprintf(buf, sizeof buf, "Org %u Ltd", (unsigned)(idx % 1000));
            cg_subject_remove(c, "O");
            cg_subject_remove(c, "organizationIdentifier");
            cg_subject_add(c, "O", buf, 0);
            snprintf(buf + 64, 64, "NTRGB-%08u", (unsigned)(idx % 100000000));
            cg_subject_add(c, "organizationIdentifier", buf + 64, 0);
            cg_subject_add(c, "CN", buf, 0);
        }
        set_san(c, "email", mail);
        cg_set_not_before_t(c, nb);
        cg_set_validity_seconds(c, (unit(&r) < 0.5 ? 365 : 730) * 86400LL);
        if (!strcmp(viol, "validity-3y"))
            cg_set_validity_seconds(c, 1095 * 86400LL);
        else if (!strcmp(viol, "no-email-eku"))
            set_ext(c, "extendedKeyUsage", false, "clientAuth");
        else if (!strcmp(viol, "default-critical"))
            cg_ext_encode_false_critical(c, "subjectAltName");
        else if (!strcmp(viol, "no-ski"))
            cg_ext_remove(c, "subjectKeyIdentifier");
        else if (!strcmp(viol, "crldp-https"))
            set_ext(c, "crlDistributionPoints", false, "URI:https://crl.example.com/issuing.crl");
        else if (!strcmp(viol, "no-aia"))
            cg_ext_remove(c, "authorityInfoAccess");
    } else {
        static const char *const lv[] = {"tls-dv", "tls-dv", "tls-dv", "tls-dv", "tls-dv",
                                         "tls-dv", "tls-ov", "tls-ov", "tls-ev", "tls-ev"};
        c = cg_new(lv[next(&r) % 10]);
        static const char *const keys[] = {"p256", "p256", "p256", "p256", "rsa2048",
                                           "rsa2048", "rsa2048", "p384", "rsa3072", "rsa4096"};
        const char *kt = keys[next(&r) % 10];
        snprintf(buf, sizeof buf, "%s:%u", kt, (unsigned)(next(&r) % 3));
        cg_set_key(c, buf);
        char host[48]; /* "host_" + 20 digits + ".site88.example.com" */
        snprintf(host, sizeof host, "host%s%llu.site%u.example.com", strcmp(viol, "dns-underscore") ? "" : "_",
                 (unsigned long long)idx, (unsigned)(idx % 89));
        cg_subject_remove(c, "CN");
        cg_subject_add(c, "CN", host, 0);
        set_san(c, "DNS", host);
        nb = T_2022 + (int64_t)(next(&r) % (uint64_t)(T_END - T_2022));
        nb = window_nb(&r, out->viol, nb);
        cg_set_not_before_t(c, nb);
        cg_set_validity_seconds(c, 90 * 86400LL);
        out->precert = unit(&r) < o->precert_rate;
        if (!strcmp(viol, "validity-399d")) {
            cg_set_validity_seconds(c, 399 * 86400LL);
        } else if (!strcmp(viol, "validity-398d-2026")) {
            cg_set_validity_seconds(c, 398 * 86400LL);
        } else if (!strcmp(viol, "cn-case")) {
            for (char *p = host; *p; p++)
                *p = (char)toupper((unsigned char)*p);
            cg_subject_remove(c, "CN");
            cg_subject_add(c, "CN", host, 0);
        } else if (!strcmp(viol, "eku-email")) {
            set_ext(c, "extendedKeyUsage", false, "serverAuth,emailProtection");
        } else if (!strcmp(viol, "ku-cert-sign")) {
            set_ext(c, "keyUsage", true, "digitalSignature,keyCertSign");
        } else if (!strcmp(viol, "no-revocation")) {
            cg_ext_remove(c, "crlDistributionPoints");
            set_ext(c, "authorityInfoAccess", false, "caIssuers;URI:http://ca.example.com/issuing.crt");
        } else if (!strcmp(viol, "dns-trailing-dot")) {
            snprintf(buf, sizeof buf, "DNS:%s,DNS:www.%s.", host, host);
            set_ext(c, "subjectAltName", false, buf);
        } else if (!strcmp(viol, "policy-private-only")) {
            /* one policy, 1.3.6.1.4.1.32473.1 (RFC 5612 example arc); OpenSSL needs a config file for it */
            static const uint8_t pol[] = {0x30, 0x0d, 0x30, 0x0b, 0x06, 0x09, 0x2b, 0x06,
                                          0x01, 0x04, 0x01, 0x81, 0xfd, 0x59, 0x01};
            cg_ext_set_der(c, "2.5.29.32", false, pol, sizeof pol);
        }
    }
    out->nb = nb;
    uint8_t serial[16];
    for (int i = 0; i < 16; i += 8) {
        uint64_t w = next(&r);
        memcpy(serial + i, &w, 8);
    }
    serial[0] = (uint8_t)((serial[0] & 0x3f) | (strcmp(viol, "negative-serial") ? 0x40 : 0x80));
    int slen = !strcmp(viol, "short-serial") ? 6 : 16;
    char hex[40];
    for (int i = 0; i < slen; i++)
        snprintf(hex + 2 * i, 3, "%02x", serial[i]);
    cg_set_serial_hex(c, hex);
    cg_set_issuer_raw(c, a->name, a->name_len, a->keyid, 20, a->key);
    if (out->precert) {
        out->tbs = cg_tbs_der(c, &out->tbs_len); /* the CT leaf_input TBS: no poison */
        static const uint8_t null[] = {0x05, 0x00};
        cg_ext_add_der(c, "1.3.6.1.4.1.11129.2.4.3", true, null, sizeof null);
    }
    out->der = cg_der(c, &out->len);
    cg_free(c);
    if (!out->der) {
        fprintf(stderr, "certsweep-gen: certificate %llu failed\n", (unsigned long long)idx);
        exit(1);
    }
}

/* ---- driver --------------------------------------------------------- */

#define CHUNK 4096

typedef struct job {
    const opts *o;
    uint64_t first, count;
    unsigned t, nt;
    out_cert *outs;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (uint64_t k = j->t; k < j->count; k += j->nt)
        gen_one(j->o, j->first + k, &j->outs[k]);
    return NULL;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: certsweep-gen [options] -o DIR\n"
               "Writes a synthetic certificate corpus with a known ground truth.\n"
               "  -n, --count N         certificates to issue (default 10000), plus the CA certificates\n"
               "  -m, --cas M           issuing CAs (default 8, at most 64)\n"
               "  -s, --seed S          seed (default 1); same seed, same bytes\n"
               "  -f, --formats LIST    comma-separated, or 'all' (default pem): ");
    for (int i = 0; cg_formats[i]; i++)
        fprintf(f, "%s%s", i ? "," : "", cg_formats[i]);
    fprintf(f, "\n"
               "  -j, --threads T       worker threads (default 2)\n"
               "  -p, --precert-rate R  share of TLS certificates issued as precertificates (default 0.3)\n"
               "      --clean           no CA makes mistakes\n"
               "  -o, --output DIR      one subdirectory per format, plus DIR/ground_truth.csv\n"
               "                        (issuer_cn,rule_id,failed) and DIR/issuers.csv (issuer_cn,certificates)\n"
               "  -h, --help\n"
               "Mistakes and the rules each makes fail.  CA 01 makes none; each family's are dealt to\n"
               "its other K CAs in this order: the k-th makes mistake k at 4%%, k+K, k+2K, ... at 1%%.\n");
    for (size_t i = 0; i < N_VIOL; i++) {
        const violation *v = &violations[i];
        fprintf(f, "  %-6s %-19s %s ->", v->smime ? "S/MIME" : "TLS", v->name, v->what);
        for (int r = 0; r < 3 && v->rules[r]; r++)
            fprintf(f, " %s", v->rules[r]);
        fputc('\n', f);
    }
}

int main(int argc, char **argv)
{
    opts o = {.n = 10000, .seed = 1, .m = 8, .threads = 2, .precert_rate = 0.3};
    snprintf(o.formats, sizeof o.formats, "pem");
    static const struct option lo[] = {
        {"count", required_argument, 0, 'n'}, {"cas", required_argument, 0, 'm'},
        {"seed", required_argument, 0, 's'},  {"formats", required_argument, 0, 'f'},
        {"threads", required_argument, 0, 'j'}, {"precert-rate", required_argument, 0, 'p'},
        {"output", required_argument, 0, 'o'}, {"clean", no_argument, 0, 'C'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "n:m:s:f:j:p:o:h", lo, NULL)) != -1) {
        switch (ch) {
        case 'n': o.n = strtoull(optarg, NULL, 10); break;
        case 'm': o.m = (unsigned)atoi(optarg); break;
        case 's': o.seed = strtoull(optarg, NULL, 10); break;
        case 'f': snprintf(o.formats, sizeof o.formats, "%s", optarg); break;
        case 'j': o.threads = (unsigned)atoi(optarg); break;
        case 'p': o.precert_rate = atof(optarg); break;
        case 'o': o.out = optarg; break;
        case 'C': o.clean = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!o.out || o.m < 1 || o.m > 64 || o.threads < 1 || o.threads > 256 || optind != argc) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(o.formats, "all")) {
        o.formats[0] = 0;
        for (int i = 0; cg_formats[i]; i++)
            snprintf(o.formats + strlen(o.formats), sizeof o.formats - strlen(o.formats), "%s%s", i ? "," : "",
                     cg_formats[i]);
    }
    cg_writer *w[16];
    int nw = 0;
    char list[256], *save = NULL;
    snprintf(list, sizeof list, "%s", o.formats);
    for (char *f = strtok_r(list, ",", &save); f && nw < 16; f = strtok_r(NULL, ",", &save)) {
        char dir[4096], err[256];
        snprintf(dir, sizeof dir, "%s/%s", o.out, f);
        if (!(w[nw++] = cg_writer_open(f, dir, err, sizeof err))) {
            fprintf(stderr, "certsweep-gen: %s\n", err);
            return 1;
        }
    }
    make_cas(&o);
    uint64_t(*truth)[N_VIOL] = calloc(n_cas, sizeof *truth);
    uint64_t *per_ca = calloc(n_cas, sizeof *per_ca);
    /* the root and the CA certificates come first, as x509 entries */
    for (int k = 0; k < nw; k++) {
        cg_entry e = {.der = root_der, .len = root_len, .timestamp_ms = 1704067200000};
        cg_writer_add(w[k], &e);
        for (unsigned i = 0; i < n_cas; i++) {
            cg_entry ce = {.der = cas[i].der, .len = cas[i].der_len, .timestamp_ms = 1704067200000,
                           .chain = {root_der}, .chain_len = {root_len}};
            cg_writer_add(w[k], &ce);
        }
    }
    out_cert *outs = calloc(CHUNK, sizeof *outs);
    pthread_t th[256];
    job jobs[256];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (uint64_t first = 0; first < o.n; first += CHUNK) {
        uint64_t count = o.n - first < CHUNK ? o.n - first : CHUNK;
        for (unsigned t = 0; t < o.threads; t++) {
            jobs[t] = (job){&o, first, count, t, o.threads, outs};
            pthread_create(&th[t], NULL, worker, &jobs[t]);
        }
        for (unsigned t = 0; t < o.threads; t++)
            pthread_join(th[t], NULL);
        for (uint64_t k = 0; k < count; k++) {
            out_cert *oc = &outs[k];
            const ca *a = &cas[oc->ca];
            cg_entry e = {.der = oc->der, .len = oc->len, .precert = oc->precert, .tbs = oc->tbs,
                          .tbs_len = oc->tbs_len, .chain = {a->der, root_der}, .chain_len = {a->der_len, root_len},
                          .timestamp_ms = (oc->nb + 600) * 1000};
            for (int i = 0; i < nw; i++)
                if (!cg_writer_add(w[i], &e)) {
                    fprintf(stderr, "certsweep-gen: write failed (%s)\n", cg_formats[0]);
                    return 1;
                }
            per_ca[oc->ca]++;
            if (oc->viol >= 0)
                truth[oc->ca][oc->viol]++;
            free(oc->der);
            free(oc->tbs);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    bool ok = true;
    for (int i = 0; i < nw; i++)
        ok = cg_writer_close(w[i]) && ok;
    /* ground truth: per issuer (CA CN) and rule, summed over mistakes */
    char path[4200];
    snprintf(path, sizeof path, "%s/ground_truth.csv", o.out);
    FILE *g = fopen(path, "w");
    snprintf(path, sizeof path, "%s/issuers.csv", o.out);
    FILE *is = fopen(path, "w");
    if (!g || !is) {
        fprintf(stderr, "certsweep-gen: cannot write the ground truth\n");
        return 1;
    }
    fprintf(g, "issuer_cn,rule_id,failed\n");
    fprintf(is, "issuer_cn,certificates\n");
    fprintf(is, "certsweep Gen Root,%u\n", 1 + n_cas);
    for (unsigned i = 0; i < n_cas; i++) {
        fprintf(is, "%s,%llu\n", cas[i].cn, (unsigned long long)per_ca[i]);
        /* a rule may be triggered by two mistakes: sum per rule id */
        const char *ids[N_VIOL * 3];
        uint64_t cnt[N_VIOL * 3];
        size_t n = 0;
        for (size_t k = 0; k < N_VIOL; k++)
            for (int r = 0; r < 3 && violations[k].rules[r]; r++) {
                if (!truth[i][k])
                    continue;
                size_t j = 0;
                while (j < n && strcmp(ids[j], violations[k].rules[r]))
                    j++;
                if (j == n)
                    ids[n] = violations[k].rules[r], cnt[n++] = 0;
                cnt[j] += truth[i][k];
            }
        for (size_t j = 0; j < n; j++)
            fprintf(g, "%s,%s,%llu\n", cas[i].cn, ids[j], (unsigned long long)cnt[j]);
    }
    ok = fclose(g) == 0 && ok;
    ok = fclose(is) == 0 && ok;
    for (unsigned i = 0; i < n_cas; i++)
        free(cas[i].der), free(cas[i].name);
    free(cas), free(root_der), free(outs), free(truth), free(per_ca);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "certsweep-gen: %llu certificates + %u CA certificates in %.1f s (%.0f/s) -> %s\n",
            (unsigned long long)o.n, n_cas + 1, secs, secs > 0 ? (double)o.n / secs : 0.0, o.out);
    return ok ? 0 : 1;
}
