/* Over every real certificate of ../shared/corpus/real: the public API
 * gives exactly the findings of the internal driver (the path a bulk
 * scan takes), fails exactly where the parser fails, and always writes a
 * valid JSON line; and a scan's findings line for each certificate is the
 * line the API gives for it alone. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "certsweep.h"
#include "lint/ruleset.h"
#include "rulecheck.h"
#include "runcmd.h"
#include "../test_api_jsoncheck.h"

typedef struct corpus {
    char **paths;
    size_t n, cap;
} corpus;

static void add_dir(corpus *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            add_dir(c, path);
        } else if (strlen(e->d_name) > 4 && strcmp(e->d_name + strlen(e->d_name) - 4, ".der") == 0) {
            if (c->n == c->cap) {
                c->cap = c->cap ? c->cap * 2 : 1024;
                c->paths = realloc(c->paths, c->cap * sizeof *c->paths);
            }
            c->paths[c->n++] = strdup(path);
        }
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static corpus load(void)
{
    corpus c = { 0 };
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/real", cs_test_shared_dir());
    add_dir(&c, dir);
    qsort(c.paths, c.n, sizeof *c.paths, cmp_str);
    return c;
}

static void unload(corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->paths[i]);
    free(c->paths);
}

Test(api_corpus, api_equals_internal_driver_on_every_real_certificate)
{
    corpus c = load();
    if (c.n == 0)
        cr_skip_test("no corpus under %s/corpus/real", cs_test_shared_dir());
    char err[512];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    csw_ruleset *api = csw_ruleset_open(NULL, err, sizeof err);
    cr_assert(rs && api);
    cs_cert *cert = malloc(sizeof *cert);
    cs_lint_result *res = malloc(sizeof *res);
    size_t parsed = 0, failed = 0, with_errors = 0, findings = 0, mismatches = 0;

    for (size_t i = 0; i < c.n; i++) {
        size_t len;
        uint8_t *der = cs_test_read_file(c.paths[i], &len);
        cs_parse_error perr;
        bool ok = cs_cert_parse(cert, der, len, &perr);
        csw_findings *f = csw_lint_der(api, der, len, 0, err, sizeof err);
        if (!ok) {
            failed++;
            cr_expect_null(f, "%s: the parser fails but the API lints it", c.paths[i]);
            csw_findings_free(f);
            free(der);
            continue;
        }
        parsed++;
        cr_assert_not_null(f, "%s: the parser accepts it but the API says %s", c.paths[i], err);
        cs_lint(rs, cert, res);
        bool same = csw_findings_count(f) == res->n_findings;
        for (size_t k = 0; same && k < res->n_findings; k++) {
            const csw_finding *x = csw_finding_get(f, k);
            const cs_finding *y = &res->findings[k];
            same = strcmp(x->rule_id, cs_ruleset_rule(rs, y->rule)->id) == 0 &&
                   (int)x->severity == y->severity;
            /* Details equal, except where the API replaced unsafe bytes. */
            bool printable = true;
            for (const char *t = y->detail.text; *t; t++)
                printable &= *t >= 0x20 && *t < 0x7f;
            if (same && printable)
                same = strcmp(x->detail, y->detail.text) == 0;
        }
        if (!same && mismatches++ < 5)
            cr_expect_fail("%s: API and driver findings differ", c.paths[i]);
        findings += res->n_findings;
        with_errors += res->n_findings && res->worst == CS_SEV_ERROR;

        char *json = csw_findings_to_json(f, c.paths[i], 0, -1);
        cr_assert_not_null(json);
        cr_expect(json_valid(json, strlen(json)), "%s: invalid JSON %s", c.paths[i], json);
        csw_free(json);
        csw_findings_free(f);
        free(der);
    }
    cr_expect_eq(mismatches, 0);
    cr_log_info("corpus: %zu certificates, %zu parsed, %zu parse failures, %zu with errors, %zu findings",
                c.n, parsed, failed, with_errors, findings);
    free(res);
    free(cert);
    csw_ruleset_close(api);
    cs_ruleset_free(rs);
    unload(&c);
}

/* `certsweep scan --findings-all` over the whole corpus: one line per
 * certificate the parser accepts, each equal to the API's line for that
 * certificate linted alone (from "issuer" on: the origin differs). */
Test(api_corpus, scan_findings_equal_lint_alone)
{
    char dir[4096], tmp[512], cmd[8192], out[4096], errb[4096];
    snprintf(dir, sizeof dir, "%s/corpus/real", cs_test_shared_dir());
    struct stat st;
    if (stat(dir, &st) != 0)
        cr_skip_test("no corpus under %s", dir);
    cs_test_tmpdir(tmp, sizeof tmp);
    snprintf(cmd, sizeof cmd, "%s scan -q -j2 -o %s/report --findings %s/all.jsonl --findings-all %s",
             cs_test_certsweep(), tmp, tmp, dir);
    cr_assert_eq(cs_test_run(cmd, out, sizeof out, errb, sizeof errb), 0, "%s", errb);

    char path[1024];
    snprintf(path, sizeof path, "%s/all.jsonl", tmp);
    FILE *in = fopen(path, "r");
    cr_assert_not_null(in, "%s", path);
    char err[512];
    csw_ruleset *api = csw_ruleset_open(NULL, err, sizeof err);
    cr_assert_not_null(api, "%s", err);
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, in)) > 0) {
        if (strstr(line, "\"corpus_findings\":")) /* the corpus findings' lines end the file */
            break;
        n++;
        cr_assert(json_valid(line, (size_t)got), "line %zu is not JSON", n);
        /* The member is the file's path below the corpus directory. */
        const char *k = strstr(line, "\"member\":\"");
        cr_assert_not_null(k, "line %zu has no member", n);
        k += strlen("\"member\":\"");
        const char *q = strchr(k, '"');
        cr_assert(q && q - k < 2048, "line %zu: member", n);
        char file[8192];
        snprintf(file, sizeof file, "%s/%.*s", dir, (int)(q - k), k);
        size_t len;
        uint8_t *der = cs_test_read_file(file, &len);
        csw_findings *f = csw_lint_der(api, der, len, 0, err, sizeof err);
        cr_assert_not_null(f, "%s: %s", file, err);
        char *mine = csw_findings_to_json(f, file, 0, -1);
        const char *a = strstr(line, ",\"issuer\":"), *b = strstr(mine, ",\"issuer\":");
        cr_expect(a && b && strcmp(a, b) == 0, "%s:\n scan %s\n lint %s", file, line, mine);
        cr_expect(strncmp(line, mine, 75) == 0, "same sha256: %s", file);
        csw_free(mine);
        csw_findings_free(f);
        free(der);
    }
    free(line);
    fclose(in);
    csw_ruleset_close(api);

    /* Every certificate that parses has its line, and only those. */
    snprintf(path, sizeof path, "%s/report/summary.json", tmp);
    cr_expect_eq((long long)n, cs_test_json_int(path, "certificates_linted"));
}
