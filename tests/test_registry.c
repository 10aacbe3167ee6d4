/* The rule registry and selection: every rule has complete, well-formed
 * metadata; selection by source, id and removal works; unknown names fail. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lint/ruleset.h"

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
