/* Test helpers for rule tests (see rulecheck.h). */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecheck.h"

const char *cs_test_shared_dir(void)
{
    const char *d = getenv("CERTSWEEP_SHARED");
    return d && *d ? d : "../shared";
}

const char *cs_test_sample_dir(void)
{
    static char abs[PATH_MAX];
    if (!*abs)
        cr_assert_not_null(realpath("tests/data/real-sample", abs),
                           "tests/data/real-sample not found: run the tests from the top of the tree");
    return abs;
}

/* The view is large and self-referential: one per test process. */
static cs_cert *scratch_cert(void)
{
    static cs_cert *c;
    if (!c)
        c = malloc(sizeof *c);
    cr_assert_not_null(c);
    return c;
}

static cs_lint_result *scratch_result(void)
{
    static cs_lint_result *r;
    if (!r)
        r = malloc(sizeof *r);
    cr_assert_not_null(r);
    return r;
}

static void parse_or_abort(cs_cert *c, const uint8_t *der, size_t len)
{
    cs_parse_error perr;
    if (!cs_cert_parse(c, der, len, &perr))
        cr_assert_fail("test certificate does not parse: %s at offset %u", perr.reason, perr.offset);
}

cs_result cs_test_rule(const char *rule_id, const uint8_t *der, size_t len, char *detail,
                       size_t detail_size)
{
    return cs_test_rule_issuer(rule_id, der, len, NULL, 0, detail, detail_size);
}

cs_result cs_test_rule_issuer(const char *rule_id, const uint8_t *der, size_t len, const uint8_t *issuer,
                              size_t issuer_len, char *detail, size_t detail_size)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(rule_id, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    cr_assert_eq(cs_ruleset_count(rs), 1, "selection %s is not one rule", rule_id);

    static cs_cert *ca;
    if (issuer && !ca)
        cr_assert_not_null(ca = malloc(sizeof *ca));
    if (issuer)
        parse_or_abort(ca, issuer, issuer_len);
    cs_cert *c = scratch_cert();
    parse_or_abort(c, der, len);
    c->issuer_cert = issuer ? ca : NULL;
    cs_lint_result *r = scratch_result();
    cs_lint(rs, c, r);

    cs_result res;
    if (r->n_findings)
        res = CS_FAIL;
    else if (cs_lint_applicable(r, 0))
        res = CS_PASS;
    else {
        /* Tell "not effective" from "not applicable" for the caller. */
        const cs_rule *rule = cs_ruleset_rule(rs, 0);
        bool applies = !rule->applies || rule->applies(c);
        res = applies && c->not_before.valid &&
                      (c->not_before.t < cs_ruleset_effective(rs, 0) ||
                       c->not_before.t >= cs_ruleset_ineffective(rs, 0))
                  ? CS_NE
                  : CS_NA;
    }
    if (detail && detail_size)
        snprintf(detail, detail_size, "%s", r->n_findings ? r->findings[0].detail.text : "");
    cs_ruleset_free(rs);
    return res;
}

cs_result cs_test_rule_cg(const char *rule_id, cg_cert *builder)
{
    size_t len = 0;
    uint8_t *der = cg_der(builder, &len);
    cr_assert_not_null(der, "certgen could not build the certificate");
    cs_result res = cs_test_rule(rule_id, der, len, NULL, 0);
    free(der);
    cg_free(builder);
    return res;
}

size_t cs_test_findings_cg(const char *selection, cg_cert *builder, cs_severity min, char *ids,
                           size_t ids_size)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(selection, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    size_t len = 0;
    uint8_t *der = cg_der(builder, &len);
    cr_assert_not_null(der, "certgen could not build the certificate");

    cs_cert *c = scratch_cert();
    parse_or_abort(c, der, len);
    cs_lint_result *r = scratch_result();
    cs_lint(rs, c, r);

    size_t count = 0, used = 0;
    if (ids_size)
        ids[0] = '\0';
    for (size_t i = 0; i < r->n_findings; i++) {
        if (r->findings[i].severity < min)
            continue;
        count++;
        if (used < ids_size) {
            int w = snprintf(ids + used, ids_size - used, "%s%s", used ? " " : "",
                             cs_ruleset_rule(rs, r->findings[i].rule)->id);
            if (w > 0)
                used += (size_t)w;
        }
    }
    free(der);
    cg_free(builder);
    cs_ruleset_free(rs);
    return count;
}

uint8_t *cs_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) { /* so there is room for the NUL after the last read */
            cap = cap ? cap * 2 : 4096;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    cr_assert(!ferror(f), "read error on %s", path);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

cg_cert *cs_test_ext_hex(cg_cert *c, const char *oid, bool critical, const char *hex)
{
    uint8_t der[1024];
    size_t n = cg_hex(hex, der, sizeof der);
    cr_assert(n > 0, "hex %s", hex);
    cg_ext_set_der(c, oid, critical, der, n);
    return c;
}

void cs_test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0, "cannot write %s", path);
}
