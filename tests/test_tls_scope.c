/* TLS subscriber scope (issue 20 item 3): serverAuth or a TLS policy OID
 * (own), or an issuer known to be a TLS CA (issuer), as a root program
 * sees it; and zlint's wider scope on request (--tls-scope-zlint,
 * CSW_RULES_TLS_SCOPE_ZLINT): every certificate that is not a CA. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "certsweep.h"
#include "lint/ruleset.h"
#include "rulecheck.h"

typedef struct scoped {
    cs_cert cert, issuer;
    cs_lint_result result;
    uint8_t *der, *issuer_der;
} scoped;

static scoped *s;

static void setup(void)
{
    s = calloc(1, sizeof *s);
    cr_assert_not_null(s);
}

static void teardown(void)
{
    free(s->der);
    free(s->issuer_der);
    free(s);
}

TestSuite(tls_scope, .init = setup, .fini = teardown);

static cg_cert *mk(const char *profile)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c, "preset %s", profile);
    return c;
}

/* A client certificate: the tls-dv preset with clientAuth only and no
 * TLS policy OID, so nothing in it claims the TLS BR. */
static cg_cert *client_cert(void)
{
    cg_cert *c = mk("tls-dv");
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "clientAuth"));
    cg_ext_remove(c, "certificatePolicies");
    return c;
}

/* Lints `c` with every rule (its issuer: the certificate of `issuer`, or
 * none), zlint's scope or not; returns whether tls_eku_invalid fired. */
static bool lint(cg_cert *c, cg_cert *issuer, bool zlint)
{
    size_t len = 0, ilen = 0;
    s->der = cg_der(c, &len);
    cg_free(c);
    cs_parse_error err;
    cr_assert(s->der && cs_cert_parse(&s->cert, s->der, len, &err), "%s", err.reason);
    if (issuer) {
        s->issuer_der = cg_der(issuer, &ilen);
        cg_free(issuer);
        cr_assert(s->issuer_der && cs_cert_parse(&s->issuer, s->issuer_der, ilen, &err), "%s", err.reason);
        s->cert.issuer_cert = &s->issuer;
    }
    char e[256];
    cs_ruleset *rs = cs_ruleset_new("tls", e, sizeof e);
    cr_assert_not_null(rs, "%s", e);
    cs_lint_options o = { .tls_scope_zlint = zlint };
    cs_ruleset_set_options(rs, &o);
    cs_lint(rs, &s->cert, &s->result);
    bool fired = false;
    for (size_t i = 0; i < s->result.n_findings; i++)
        fired |= !strcmp(cs_ruleset_rule(rs, s->result.findings[i].rule)->id, "tls_eku_invalid");
    cs_ruleset_free(rs);
    return fired;
}

Test(tls_scope, own)
{
    cr_expect_not(lint(mk("tls-dv"), NULL, false));
    cr_expect(s->cert.tls.subscriber);
    cr_expect_eq(s->cert.tls.scope, CS_TLS_SCOPE_OWN);
}

Test(tls_scope, issuer_known_to_be_a_tls_ca)
{
    /* The tls-ca preset has serverAuth: what it issues follows a TLS BR
     * profile (7.1.2), so a clientAuth-only certificate breaks 7.1.2.7.10. */
    cr_expect(lint(client_cert(), mk("tls-ca"), false));
    cr_expect(s->cert.tls.subscriber);
    cr_expect_eq(s->cert.tls.scope, CS_TLS_SCOPE_ISSUER);
}

Test(tls_scope, not_without_the_issuer)
{
    cr_expect_not(lint(client_cert(), NULL, false));
    cr_expect_not(s->cert.tls.subscriber);
    cr_expect_eq(s->cert.tls.scope, CS_TLS_SCOPE_NONE);
}

Test(tls_scope, not_from_a_ca_that_shows_no_tls)
{
    /* An S/MIME CA (emailProtection, no TLS policy), and a root without
     * EKU: neither shows it issues TLS. */
    cr_expect_not(lint(client_cert(), mk("smime-ca"), false));
    cr_expect_not(s->cert.tls.subscriber);
}

Test(tls_scope, not_for_smime_or_ocsp_certificates)
{
    cr_expect_not(lint(mk("smime-mailbox-strict"), mk("tls-ca"), false));
    cr_expect_not(s->cert.tls.subscriber, "S/MIME scope: the S/MIME BR's profile");
    teardown();
    setup();
    cg_cert *c = client_cert();
    cr_assert(cg_ext_set(c, "extendedKeyUsage", false, "OCSPSigning"));
    lint(c, mk("tls-ca"), false);
    cr_expect_not(s->cert.tls.subscriber, "an OCSP responder: BR 7.1.2.8");
}

Test(tls_scope, zlint_wide)
{
    cr_expect(lint(client_cert(), NULL, true));
    cr_expect(s->cert.tls.subscriber);
    cr_expect_eq(s->cert.tls.scope, CS_TLS_SCOPE_ZLINT);
    teardown();
    setup();
    cr_expect_not(lint(mk("tls-ca"), NULL, true));
    cr_expect_not(s->cert.tls.subscriber, "a CA is never a subscriber");
}

Test(tls_scope, recomputed_per_lint)
{
    cr_expect(lint(client_cert(), NULL, true));
    cs_lint_options o = { 0 };
    char e[256];
    cs_ruleset *rs = cs_ruleset_new("tls", e, sizeof e);
    cr_assert_not_null(rs, "%s", e);
    cs_ruleset_set_options(rs, &o);
    cs_lint(rs, &s->cert, &s->result);
    cs_ruleset_free(rs);
    cr_expect_not(s->cert.tls.subscriber, "a later lint without the option narrows it again");
}

/* The library option: the findings JSON says which scope made it a subscriber. */
Test(tls_scope, library_option)
{
    size_t len = 0, ilen = 0;
    cg_cert *ca = mk("tls-ca");
    s->der = cg_der(client_cert(), &len);
    s->issuer_der = cg_der(ca, &ilen);
    cg_free(ca);
    cr_assert(s->der && s->issuer_der);
    char err[256];
    cr_expect_null(csw_ruleset_open_ex("tls", NULL, 1u << 7, err, sizeof err), "an unknown option is refused");
    csw_ruleset *br = csw_ruleset_open_ex("tls", NULL, 0, err, sizeof err);
    csw_ruleset *zl = csw_ruleset_open_ex("tls", NULL, CSW_RULES_TLS_SCOPE_ZLINT, err, sizeof err);
    cr_assert(br && zl, "%s", err);
    static const struct {
        bool zlint, issuer;
        const char *scope;
    } cases[] = { { false, false, NULL }, { false, true, "\"scope\":\"issuer\"" }, { true, false, "\"scope\":\"zlint\"" } };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        csw_findings *f = csw_lint_der_with_issuer(cases[i].zlint ? zl : br, s->der, len,
                                                   cases[i].issuer ? s->issuer_der : NULL, cases[i].issuer ? ilen : 0, 0,
                                                   err, sizeof err);
        cr_assert_not_null(f, "%s", err);
        char *json = csw_findings_to_json(f, NULL, -1, -1);
        cr_assert_not_null(json);
        if (cases[i].scope)
            cr_expect(strstr(json, cases[i].scope), "case %zu: %s", i, json);
        else
            cr_expect(strstr(json, "\"tls\":null"), "case %zu: %s", i, json);
        csw_free(json);
        csw_findings_free(f);
    }
    csw_ruleset_close(br);
    csw_ruleset_close(zl);
}

/* scan --tls-scope-zlint: summary.json and the state say so; merge
 * refuses to mix scopes. */
Test(tls_scope, scan_option)
{
    char dir[] = "/tmp/cs_tls_scope_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char in[512], out[512], st1[512], st2[512], cmd[4096];
    snprintf(in, sizeof in, "%s/in.der", dir);
    snprintf(out, sizeof out, "%s/r", dir);
    snprintf(st1, sizeof st1, "%s/1.state", dir);
    snprintf(st2, sizeof st2, "%s/2.state", dir);
    size_t len = 0;
    uint8_t *der = cg_der(client_cert(), &len);
    FILE *f = fopen(in, "wb");
    cr_assert(der && f && fwrite(der, 1, len, f) == len);
    fclose(f);
    free(der);
    const char *bin = getenv("CERTSWEEP");
    cr_assert_not_null(bin, "CERTSWEEP");
    snprintf(cmd, sizeof cmd, "%s scan -q --tls-scope-zlint --state %s -o %s %s 2>/dev/null", bin, st1, out, in);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, "%s/summary.json", out);
    char *summary = (char *)cs_test_read_file(cmd, NULL);
    cr_expect(strstr(summary, "\"tls_scope\": \"zlint\""), "%s", summary);
    free(summary);
    snprintf(cmd, sizeof cmd, "%s scan -q --state %s -o %s %s 2>/dev/null", bin, st2, out, in);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, "%s/summary.json", out);
    summary = (char *)cs_test_read_file(cmd, NULL);
    cr_expect(strstr(summary, "\"tls_scope\": \"br\""), "%s", summary);
    free(summary);
    snprintf(cmd, sizeof cmd, "%s merge -o %s/m %s %s 2>%s/err", bin, dir, st1, st2, dir);
    int rc = system(cmd);
    cr_expect(WIFEXITED(rc) && WEXITSTATUS(rc) == 1, "%s: %d", cmd, rc);
    snprintf(cmd, sizeof cmd, "%s/err", dir);
    char *err = (char *)cs_test_read_file(cmd, NULL);
    cr_expect(strstr(err, "--tls-scope-zlint"), "%s", err);
    free(err);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}
