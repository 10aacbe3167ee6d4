/* The rule registry and selection: every rule has complete, well-formed
 * metadata; selection by source, id and removal works; unknown names fail. */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "lint/ruleset.h"
#include "runcmd.h"

Test(registry, metadata_complete_and_ids_sorted_unique)
{
    size_t n = cs_registry_count();
    cr_assert_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        const cs_rule *r = cs_registry_get(i);
        cr_expect_not_null(r->id);
        cr_expect_not_null(r->check, "%s has a check", r->id);
        cr_expect(r->citation && *r->citation, "%s has a citation", r->id);
        cr_expect(r->description && *r->description, "%s has a description", r->id);
        cr_expect(r->applies_to && *r->applies_to, "%s says what it applies to", r->id);
        cr_expect_lt((int)r->source, CS_SOURCE_COUNT);
        const char *prefix = cs_source_name(r->source);
        cr_expect(strncmp(r->id, prefix, strlen(prefix)) == 0 && r->id[strlen(prefix)] == '_',
                  "%s is prefixed by its source %s", r->id, prefix);
        int64_t t;
        if (r->effective)
            cr_expect(cs_parse_date(r->effective, &t), "%s effective date", r->id);
        if (r->ineffective)
            cr_expect(cs_parse_date(r->ineffective, &t), "%s ineffective date", r->id);
        if (i > 0)
            cr_expect_lt(strcmp(cs_registry_get(i - 1)->id, r->id), 0, "sorted and unique at %s", r->id);
    }
}

Test(registry, parse_date)
{
    int64_t t;
    cr_assert(cs_parse_date("1970-01-01", &t));
    cr_expect_eq(t, 0);
    cr_assert(cs_parse_date("2023-09-01", &t));
    cr_expect_eq(t, 1693526400);
    cr_expect(!cs_parse_date("2023-13-01", &t));
    cr_expect(!cs_parse_date("2023-09-01x", &t));
    cr_expect(!cs_parse_date("yesterday", &t));
}

Test(registry, selection)
{
    char err[256];
    cs_ruleset *all = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(all, "%s", err);
    cr_expect_eq(cs_ruleset_count(all), cs_registry_count());

    const char *first = cs_registry_get(0)->id;
    cs_ruleset *one = cs_ruleset_new(first, err, sizeof err);
    cr_assert_not_null(one, "%s", err);
    cr_expect_eq(cs_ruleset_count(one), 1);
    cr_expect_eq(cs_ruleset_find(one, first), 0);

    char removal[200];
    snprintf(removal, sizeof removal, "-%s", first);
    cs_ruleset *without = cs_ruleset_new(removal, err, sizeof err);
    cr_assert_not_null(without, "%s", err);
    cr_expect_eq(cs_ruleset_count(without), cs_registry_count() - 1);
    cr_expect_eq(cs_ruleset_find(without, first), -1);

    for (int s = 0; s < CS_SOURCE_COUNT; s++) {
        cs_ruleset *src = cs_ruleset_new(cs_source_name((cs_source)s), err, sizeof err);
        cr_assert_not_null(src, "%s", err);
        for (size_t i = 0; i < cs_ruleset_count(src); i++)
            cr_expect_eq((int)cs_ruleset_rule(src, i)->source, s);
        cs_ruleset_free(src);
    }

    cr_expect_null(cs_ruleset_new("smime,no_such_rule,also_bad", err, sizeof err));
    cr_expect(strstr(err, "no_such_rule") && strstr(err, "also_bad"), "names both: %s", err);
    cs_ruleset_free(all);
    cs_ruleset_free(one);
    cs_ruleset_free(without);
}

/* Each name of a comma-separated peer list matches `shape` and appears
 * once; the list is NULL or non-empty, without empty items. */
static void expect_peer_list(const char *rule, const char *what, const char *list, const char *shape)
{
    if (!list)
        return;
    regex_t re;
    cr_assert_eq(regcomp(&re, shape, REG_EXTENDED | REG_NOSUB), 0);
    char names[32][128];
    size_t n = 0;
    for (const char *p = list;; n++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        cr_assert_lt(n, 32, "%s: too many %s names", rule, what);
        cr_assert(len > 0 && len < sizeof names[0], "%s: empty or overlong %s name in \"%s\"", rule, what, list);
        memcpy(names[n], p, len);
        names[n][len] = '\0';
        cr_expect_eq(regexec(&re, names[n], 0, NULL, 0), 0, "%s: %s name \"%s\" is not of the form %s", rule, what,
                     names[n], shape);
        for (size_t k = 0; k < n; k++)
            cr_expect_neq(strcmp(names[k], names[n]), 0, "%s: %s name %s listed twice", rule, what, names[n]);
        if (!comma)
            break;
        p = comma + 1;
    }
    regfree(&re);
}

/* zlint names are e_/w_/n_ + lower case, digits, '_' ('-' too: zlint's own
 * e_mp_rsassa-pss_* lints); pkilint codes are dot-separated segments. */
#define ZLINT_SHAPE "^[ewn]_[a-z0-9_-]+$"
#define PKILINT_SHAPE "^[a-z]+(\\.[a-z0-9_-]+)+$"

Test(registry, peer_cross_references_well_formed)
{
    size_t with_peer = 0;
    for (size_t i = 0; i < cs_registry_count(); i++) {
        const cs_rule *r = cs_registry_get(i);
        expect_peer_list(r->id, "zlint", r->zlint, ZLINT_SHAPE);
        expect_peer_list(r->id, "pkilint", r->pkilint, PKILINT_SHAPE);
        with_peer += r->zlint || r->pkilint;
    }
    cr_expect_gt(with_peer, cs_registry_count() / 2, "most rules have a peer counterpart");
}

Test(registry, peer_shapes_reject_malformed_names)
{
    regex_t z, p;
    cr_assert_eq(regcomp(&z, ZLINT_SHAPE, REG_EXTENDED | REG_NOSUB), 0);
    cr_assert_eq(regcomp(&p, PKILINT_SHAPE, REG_EXTENDED | REG_NOSUB), 0);
    cr_expect_eq(regexec(&z, "e_sub_cert_eku_missing", 0, NULL, 0), 0);
    cr_expect_eq(regexec(&z, "e_mp_rsassa-pss_in_spki", 0, NULL, 0), 0);
    cr_expect_neq(regexec(&z, "x_sub_cert_eku_missing", 0, NULL, 0), 0);
    cr_expect_neq(regexec(&z, "e_Sub cert", 0, NULL, 0), 0);
    cr_expect_neq(regexec(&z, "cabf.smime.san_extension_missing", 0, NULL, 0), 0);
    cr_expect_eq(regexec(&p, "cabf.smime.san_extension_missing", 0, NULL, 0), 0);
    cr_expect_eq(regexec(&p, "iso.lei.invalid_lei_format", 0, NULL, 0), 0);
    cr_expect_neq(regexec(&p, "san_extension_missing", 0, NULL, 0), 0);
    cr_expect_neq(regexec(&p, "cabf..smime", 0, NULL, 0), 0);
    cr_expect_neq(regexec(&p, "e_sub_cert_eku_missing", 0, NULL, 0), 0);
    regfree(&z);
    regfree(&p);
}

static char out[1 << 20], err[1 << 16];

/* The cross-references reach the user: the TSV's two last columns and a
 * line of the readable listing. */
Test(registry, rules_command_shows_cross_references)
{
    const char *c = cs_test_certsweep();
    cr_assert_eq(cs_test_runf(out, sizeof out, err, sizeof err, "%s rules --tsv -r rfc5280_duplicate_extension", c), 0,
                 "%s", err);
    cr_expect(strstr(out, "\tdescription\tzlint\tpkilint\n"), "header ends with zlint, pkilint: %s", out);
    cr_expect(strstr(out, "\te_ext_duplicate_extension\tpkix.duplicate_extension\n"), "row: %s", out);

    cr_assert_eq(cs_test_runf(out, sizeof out, err, sizeof err, "%s rules -r rfc5280_duplicate_extension", c), 0);
    cr_expect(strstr(out, "same requirement in zlint: e_ext_duplicate_extension; pkilint: pkix.duplicate_extension\n"),
              "%s", out);

    /* A rule without counterpart: empty cells, no peer line. */
    cr_assert_eq(cs_test_runf(out, sizeof out, err, sizeof err, "%s rules --tsv -r rfc5280_view_truncated", c), 0);
    cr_expect(strstr(out, "\t\t\n"), "two empty cells: %s", out);
    cr_assert_eq(cs_test_runf(out, sizeof out, err, sizeof err, "%s rules -r rfc5280_view_truncated", c), 0);
    cr_expect_null(strstr(out, "same requirement"), "%s", out);
}

/* docs/rules-xref.md's table is generated from `certsweep rules --tsv`
 * by scripts/rules-xref.sh; it must match the binary. */
Test(registry, xref_document_up_to_date)
{
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "sh scripts/rules-xref.sh --check %s docs/rules-xref.md",
                          cs_test_certsweep());
    cr_expect_eq(st, 0, "%s", err);
}

/* The --check mode notices a stale table (so the test above can fail). */
Test(registry, xref_check_detects_stale_table)
{
    char dir[256];
    cs_test_tmpdir(dir, sizeof dir);
    int st = cs_test_runf(out, sizeof out, err, sizeof err,
                          "sed 's/^| `rfc5280_duplicate_extension` .*/| stale |/' docs/rules-xref.md > %s/doc.md && "
                          "sh scripts/rules-xref.sh --check %s %s/doc.md",
                          dir, cs_test_certsweep(), dir);
    cr_expect_eq(st, 1, "stale table detected: %s", err);
    st = cs_test_runf(out, sizeof out, err, sizeof err, "sh scripts/rules-xref.sh %s %s/doc.md && cmp %s/doc.md docs/rules-xref.md",
                      cs_test_certsweep(), dir, dir);
    cr_expect_eq(st, 0, "regenerated table equals the committed one: %s", err);
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf %s", dir);
}
