/* `certsweep scan --findings`: the same bytes for any thread count, one
 * line per certificate with a finding (every linted one with
 * --findings-all, the former being exactly the latter's lines that have
 * findings), origins that lead back to the record, standard output, and
 * clear failures when the file cannot be written. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecheck.h"
#include "runcmd.h"
#include "test_api_jsoncheck.h"

static char out[1 << 16], errb[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, errb, sizeof errb, __VA_ARGS__)

static char *slurp(const char *path, size_t *len) { return (char *)cs_test_read_file(path, len); }

static size_t count_lines(const char *p)
{
    size_t n = 0;
    for (; *p; p++)
        n += *p == '\n';
    return n;
}

/* A generated corpus in several formats, made once per test. */
static const char *corpus(char *tmp, size_t size)
{
    cs_test_tmpdir(tmp, size);
    cr_assert_eq(run("%s/certsweep-gen -n 2500 -m 6 -s 5 -f pem,ct-json,tiles,b64,der-tar-zst -o %s/g", cs_test_bindir(), tmp), 0,
                 "%s", errb);
    return tmp;
}

Test(findings_scan, same_bytes_for_any_thread_count)
{
    char tmp[512];
    corpus(tmp, sizeof tmp);
    const char *bin = cs_test_certsweep();
    const int jobs[] = { 1, 2, 8 };
    char *first = NULL;
    size_t first_len = 0;
    for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
        cr_assert_eq(run("%s scan -q -j%d -o %s/r%d --findings-all --findings %s/f%d.jsonl %s/g/ct-json %s/g/pem %s/g/tiles %s/g/b64",
                         bin, jobs[k], tmp, jobs[k], tmp, jobs[k], tmp, tmp, tmp, tmp),
                     0, "%s", errb);
        char path[1024];
        snprintf(path, sizeof path, "%s/f%d.jsonl", tmp, jobs[k]);
        size_t len;
        char *got = slurp(path, &len);
        if (!first) {
            first = got;
            first_len = len;
            cr_assert_gt(count_lines(got), 10000, "a line per certificate, from many batches");
            continue;
        }
        cr_expect(len == first_len && memcmp(got, first, len) == 0, "-j%d differs from -j1", jobs[k]);
        free(got);
    }
    free(first);
}

/* Without --findings-all: exactly the --findings-all lines whose worst
 * severity is not null, in the same order; with it: a line per linted
 * certificate.  Every line is valid JSON. */
Test(findings_scan, findings_are_the_all_lines_with_findings)
{
    char tmp[512];
    corpus(tmp, sizeof tmp);
    const char *bin = cs_test_certsweep();
    cr_assert_eq(run("%s scan -q -j2 -o %s/r --findings %s/some.jsonl %s/g/der-tar-zst", bin, tmp, tmp, tmp), 0,
                 "%s", errb);
    cr_assert_eq(run("%s scan -q -j2 -o %s/r --findings-all --findings %s/all.jsonl %s/g/der-tar-zst", bin, tmp, tmp,
                     tmp),
                 0, "%s", errb);
    char path[1024];
    size_t some_len, all_len;
    snprintf(path, sizeof path, "%s/some.jsonl", tmp);
    char *some = slurp(path, &some_len);
    snprintf(path, sizeof path, "%s/all.jsonl", tmp);
    char *all = slurp(path, &all_len);

    size_t lines = 0, with = 0;
    char *filtered = malloc(all_len + 1), *w = filtered;
    for (char *p = all, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        cr_assert_not_null(nl, "the last line ends in a newline");
        size_t n = (size_t)(nl - p) + 1;
        cr_assert(json_valid(p, n - 1), "line %zu is not JSON", lines + 1);
        /* The corpus findings' lines (keys reused across the generated
         * subjects) follow the per-certificate lines, in both files. */
        lines += !memmem(p, n, "\"corpus_findings\":", sizeof "\"corpus_findings\":" - 1);
        if (!memmem(p, n, "\"worst\":null", 12)) {
            memcpy(w, p, n);
            w += n;
            with++;
        }
    }
    *w = 0;
    cr_expect(strcmp(filtered, some) == 0, "the findings lines are the --findings-all lines with findings");
    cr_expect_eq(count_lines(some), with);
    snprintf(path, sizeof path, "%s/r/summary.json", tmp);
    cr_expect_eq((long long)lines, cs_test_json_int(path, "certificates_linted"));
    free(filtered);
    free(some);
    free(all);
}

/* Origins lead back to the record: CT entries carry their
 * precertificate flag, tile entries their log index, PEM records their
 * line, archives their member. */
Test(findings_scan, origins)
{
    char tmp[512];
    corpus(tmp, sizeof tmp);
    const char *bin = cs_test_certsweep();
    cr_assert_eq(run("%s scan -q -j2 -o %s/r --findings-all --findings - %s/g/tiles | "
                     "grep -c '\"ct_index\":[0-9]'",
                     bin, tmp, tmp),
                 0, "%s", errb);
    cr_expect_gt(atol(out), 2000, "tile entries have their log index: %s", out);
    cr_assert_eq(run("%s scan -q -o %s/r --findings-all --findings - %s/g/ct-json | "
                     "grep -c '\"precertificate\":true'",
                     bin, tmp, tmp),
                 0, "%s", errb);
    cr_expect_gt(atol(out), 0, "some precertificate entries");
    cr_assert_eq(run("%s scan -q -o %s/r --findings-all --findings - %s/g/pem | head -n 3 | "
                     "grep -c '\"line\":[0-9]'",
                     bin, tmp, tmp),
                 0, "%s", errb);
    cr_expect_eq(atol(out), 3, "PEM lines have their line number");
    cr_assert_eq(run("%s scan -q -o %s/r --findings-all --findings - %s/g/der-tar-zst/*.tar.zst | head -n 1",
                     bin, tmp, tmp),
                 0, "%s", errb);
    cr_expect(strstr(out, "\"member\":\"") && !strstr(out, "\"member\":null"), "archive member named: %s", out);
}

Test(findings_scan, usage_and_write_errors)
{
    char tmp[512];
    cs_test_tmpdir(tmp, sizeof tmp);
    const char *bin = cs_test_certsweep();
    char pem[1024];
    snprintf(pem, sizeof pem, "%s/c.pem", tmp);
    cr_assert_eq(run("%s/certsweep-gen -n 50 -m 2 -s 1 -o %s/g >/dev/null 2>&1 && cat %s/g/pem/* > %s", cs_test_bindir(),
                     tmp, tmp, pem),
                 0, "%s", errb);

    cr_expect_eq(run("%s scan -q -o %s/r --findings-all %s", bin, tmp, pem), 2);
    cr_expect(strstr(errb, "--findings-all needs --findings"), "%s", errb);

    cr_expect_eq(run("%s scan -q -o %s/r --findings %s/no/such/dir/f.jsonl %s", bin, tmp, tmp, pem), 1);
    cr_expect(strstr(errb, "no/such/dir/f.jsonl") && strstr(errb, "No such file"), "%s", errb);

    /* A full disk: the scan says so and fails, it does not claim success. */
    cr_expect_eq(run("%s scan -q -o %s/r --findings-all --findings /dev/full %s", bin, tmp, pem), 1);
    cr_expect(strstr(errb, "/dev/full") && strstr(errb, "No space left"), "%s", errb);
}
