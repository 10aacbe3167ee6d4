/* Shared fixture for the agg/report/state tests: a few rules of our own
 * and hand-built certificate views, so that these tests depend on neither
 * the rule set nor the parser.  (Integration with real certificates and
 * the real driver is in test_report_e2e.c.) */
#ifndef CS_TEST_REPORT_FIXTURE_H
#define CS_TEST_REPORT_FIXTURE_H

#include <criterion/criterion.h>
#include <ftw.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/tally.h"
#include "agg/tally_data.h"
#include "lint/ruleset.h"
#include "rulecheck.h"
#include "x509/cert.h"

static cs_result fx_check(const cs_cert *c, cs_detail *d)
{
    (void)c;
    (void)d;
    return CS_PASS;
}

static const cs_rule fx_rule_a = { .id = "rfc5280_fx_a", .severity = CS_SEV_ERROR, .source = CS_SOURCE_RFC5280,
                                   .citation = "RFC 5280 4.1.2.2", .effective = NULL,
                                   .description = "fixture rule A", .applies_to = "all", .check = fx_check };
static const cs_rule fx_rule_b = { .id = "smime_fx_b", .severity = CS_SEV_WARNING, .source = CS_SOURCE_SMIME,
                                   .citation = "SBR 7.1.2.3", .effective = "2023-09-01",
                                   .description = "fixture rule B", .applies_to = "S/MIME", .check = fx_check };
static const cs_rule fx_rule_c = { .id = "tls_fx_c", .severity = CS_SEV_NOTICE, .source = CS_SOURCE_TLS,
                                   .citation = "BR 7.1.2.7", .effective = NULL,
                                   .description = "fixture rule C", .applies_to = "TLS", .check = fx_check };
static const cs_rule *const fx_rules[] = { &fx_rule_a, &fx_rule_b, &fx_rule_c };
#define FX_NRULES 3

static inline cs_tally *fx_tally(void)
{
    cs_tally *t = cs_tally_new_rules(fx_rules, FX_NRULES);
    cr_assert_not_null(t);
    return t;
}

/* A certificate view with an issuer name made of O and CN (UTF8String),
 * an AKI keyid and a notBefore; sha256 from a seed.  Heap-allocated. */
typedef struct fx_cert {
    cs_cert c;
    uint8_t dn[600];
    uint8_t aki[20];
} fx_cert;

static inline cs_span fx_copy(uint8_t **at, const char *s, size_t len)
{
    memcpy(*at, s, len);
    cs_span sp = { *at, len };
    *at += len;
    return sp;
}

static inline fx_cert *fx_cert_new(const char *o, size_t olen, const char *cn, size_t cnlen, int aki_seed,
                                   int64_t not_before, unsigned seed, bool precert)
{
    fx_cert *f = calloc(1, sizeof *f);
    cr_assert_not_null(f);
    static const uint8_t oid_o[] = { 0x55, 0x04, 0x0a }, oid_cn[] = { 0x55, 0x04, 0x03 };
    /* The "DER" only needs to be the identity: O bytes, 0, CN bytes. */
    uint8_t *at = f->dn;
    size_t keep_o = olen < 290 ? olen : 290, keep_cn = cnlen < 290 ? cnlen : 290;
    memcpy(at, o, keep_o);
    at += keep_o;
    *at++ = 0;
    memcpy(at, cn, keep_cn);
    at += keep_cn;
    f->c.issuer.der = cs_span_make(f->dn, (size_t)(at - f->dn));
    f->c.issuer.n_attrs = 2;
    f->c.issuer.n_rdns = 2;
    f->c.issuer.attrs[0] = (cs_attr){ .oid = { oid_o, 3 }, .type = CS_OID_AT_ORGANIZATION, .tag = 12,
                                      .value = { (const uint8_t *)o, olen }, .rdn = 0, .rdn_size = 1 };
    f->c.issuer.attrs[1] = (cs_attr){ .oid = { oid_cn, 3 }, .type = CS_OID_AT_COMMON_NAME, .tag = 12,
                                      .value = { (const uint8_t *)cn, cnlen }, .rdn = 1, .rdn_size = 1 };
    if (aki_seed >= 0) {
        for (int i = 0; i < 20; i++)
            f->aki[i] = (uint8_t)(aki_seed * 31 + i);
        f->c.aki.present = f->c.aki.has_key_id = true;
        f->c.aki.key_id = cs_span_make(f->aki, 20);
    }
    f->c.not_before.valid = not_before != INT64_MIN;
    f->c.not_before.t = not_before;
    for (int i = 0; i < 32; i++)
        f->c.sha256[i] = (uint8_t)((seed * 2654435761u) >> ((i % 4) * 8)) ^ (uint8_t)(i * 7);
    f->c.is_precert = precert;
    return f;
}

/* A lint result: `applicable` and `failing` are bit masks over the three
 * fixture rules. */
static inline void fx_result(cs_lint_result *r, unsigned applicable, unsigned failing, const char *detail)
{
    memset(r->applicable, 0, sizeof r->applicable);
    r->n_findings = 0;
    r->worst = 0;
    for (unsigned i = 0; i < FX_NRULES; i++) {
        if (applicable & (1u << i))
            r->applicable[0] |= UINT64_C(1) << i;
        if (failing & (1u << i)) {
            cs_finding *f = &r->findings[r->n_findings++];
            f->rule = (uint16_t)i;
            f->severity = (uint8_t)fx_rules[i]->severity;
            snprintf(f->detail.text, sizeof f->detail.text, "%s", detail ? detail : "bad");
            if (f->severity > r->worst)
                r->worst = f->severity;
        }
    }
}

/* 2025-03-15 and friends, as seconds. */
static inline int64_t fx_date(const char *ymd)
{
    int64_t t;
    cr_assert(cs_parse_date(ymd, &t), "bad date %s", ymd);
    return t;
}

/* Reads a whole file as a NUL-terminated string (tests only). */
static inline char *fx_slurp(const char *path, size_t *len) { return (char *)cs_test_read_file(path, len); }

/* Temporary directories of the running test, removed by fx_cleanup(). */
static char fx_dirs[16][256];
static size_t fx_n_dirs;

/* A fresh temp dir under $TMPDIR or /tmp. */
static inline void fx_tmpdir(char *buf, size_t size)
{
    snprintf(buf, size, "%s/cs-report-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert_not_null(mkdtemp(buf));
    if (fx_n_dirs < 16)
        snprintf(fx_dirs[fx_n_dirs++], sizeof fx_dirs[0], "%s", buf);
}

static inline int fx_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Removes the test's temporary directories (call at the end of a test). */
static inline void fx_cleanup(void)
{
    for (size_t i = 0; i < fx_n_dirs; i++)
        nftw(fx_dirs[i], fx_rm, 8, FTW_DEPTH | FTW_PHYS);
    fx_n_dirs = 0;
}

#endif
