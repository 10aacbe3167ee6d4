/* Every registered rule (smime, tls, rfc5280) over every certificate of the
 * shared real corpus: nothing crashes, and the per-rule counts
 * (applicable, failed) match tests/golden/corpus-rule-counts.tsv.
 *
 * The golden file is reviewed by hand.  When rules change on purpose,
 * regenerate it with
 *     CS_UPDATE_GOLDEN=1 build/tests/test_corpus_golden
 * and review the diff (git diff tests/golden/) before committing. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecheck.h"

#define GOLDEN "tests/golden/corpus-rule-counts.tsv"
#define MAX_FILES 20000

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted paths of corpus/real/<source>/<sha256>.der. */
static size_t list_corpus(char **paths, size_t cap)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpus/real", cs_test_shared_dir());
    DIR *top = opendir(dir);
    cr_assert_not_null(top, "cannot open %s (set CERTSWEEP_SHARED)", dir);
    size_t n = 0;
    for (struct dirent *s; (s = readdir(top));) {
        if (s->d_name[0] == '.')
            continue;
        char sub[1400];
        snprintf(sub, sizeof sub, "%s/%s", dir, s->d_name);
        DIR *d = opendir(sub);
        if (!d)
            continue;
        for (struct dirent *f; (f = readdir(d));) {
            size_t l = strlen(f->d_name);
            if (l < 4 || strcmp(f->d_name + l - 4, ".der") != 0 || n == cap)
                continue;
            char *p = malloc(strlen(sub) + l + 2);
            sprintf(p, "%s/%s", sub, f->d_name);
            paths[n++] = p;
        }
        closedir(d);
    }
    closedir(top);
    qsort(paths, n, sizeof *paths, cmp_str);
    return n;
}

static char *render_counts(const cs_ruleset *rs, const size_t *applicable, const size_t *failed, size_t certs,
                           size_t parse_failures)
{
    size_t n = cs_ruleset_count(rs);
    size_t cap = 128 + n * 128;
    char *out = malloc(cap), *p = out;
    p += sprintf(p, "# rule\tapplicable\tfailed\t(corpus: %zu certificates parsed, %zu not parsed)\n", certs,
                 parse_failures);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s\t%zu\t%zu\n", cs_ruleset_rule(rs, i)->id, applicable[i], failed[i]);
    return out;
}

Test(corpus_golden, all_rules_over_real_corpus, .timeout = 600)
{
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cr_assert_not_null(rs, "%s", err);
    size_t nrules = cs_ruleset_count(rs);
    size_t *applicable = calloc(nrules, sizeof *applicable), *failed = calloc(nrules, sizeof *failed);
    cs_cert *c = malloc(sizeof *c);
    cs_lint_result *res = malloc(sizeof *res);
    char **paths = malloc(MAX_FILES * sizeof *paths);
    size_t n = list_corpus(paths, MAX_FILES), parsed = 0, unparsed = 0;
    cr_assert_gt(n, 1000, "corpus looks empty");

    for (size_t i = 0; i < n; i++) {
        size_t len;
        uint8_t *der = cs_test_read_file(paths[i], &len);
        cs_parse_error perr;
        if (!cs_cert_parse(c, der, len, &perr)) {
            unparsed++;
        } else {
            parsed++;
            cs_lint(rs, c, res);
            for (size_t r = 0; r < nrules; r++)
                if (cs_lint_applicable(res, r))
                    applicable[r]++;
            for (size_t f = 0; f < res->n_findings; f++)
                failed[res->findings[f].rule]++;
        }
        free(der);
        free(paths[i]);
    }
    char *now = render_counts(rs, applicable, failed, parsed, unparsed);

    const char *update = getenv("CS_UPDATE_GOLDEN");
    if (update && *update && strcmp(update, "0") != 0) {
        FILE *f = fopen(GOLDEN, "w");
        cr_assert_not_null(f, "cannot write %s (run from the repository root)", GOLDEN);
        fputs(now, f);
        fclose(f);
        cr_log_warn("wrote %s: review the diff", GOLDEN);
    } else {
        size_t glen = 0;
        char *golden = (char *)cs_test_read_file(GOLDEN, &glen);
        golden = realloc(golden, glen + 1);
        golden[glen] = 0;
        if (strcmp(golden, now) != 0) {
            /* Name the first few rules whose line differs. */
            char *save1, *save2;
            char *a = strtok_r(golden, "\n", &save1), *b = strtok_r(now, "\n", &save2);
            int shown = 0;
            while ((a || b) && shown < 10) {
                if (!a || !b || strcmp(a, b) != 0) {
                    cr_log_error("golden: %s\n   now: %s", a ? a : "(none)", b ? b : "(none)");
                    shown++;
                }
                a = a ? strtok_r(NULL, "\n", &save1) : NULL;
                b = b ? strtok_r(NULL, "\n", &save2) : NULL;
            }
            cr_assert_fail("rule counts over the corpus changed; if intended, regenerate with "
                           "CS_UPDATE_GOLDEN=1 and review the diff");
        }
        free(golden);
    }
    free(now);
    free(paths);
    free(res);
    free(c);
    free(applicable);
    free(failed);
    cs_ruleset_free(rs);
}
