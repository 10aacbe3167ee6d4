/* Running the certsweep binary from tests (see runcmd.h). */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runcmd.h"
#include "rulecheck.h"

const char *cs_test_certsweep(void)
{
    const char *p = getenv("CERTSWEEP");
    return p && *p ? p : "bin/certsweep";
}

static void slurp(const char *path, char *buf, size_t size)
{
    if (!size)
        return;
    buf[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

int cs_test_run(const char *cmdline, char *out, size_t out_size, char *err, size_t err_size)
{
    char dir[256], outp[300], errp[300];
    cs_test_tmpdir(dir, sizeof dir);
    snprintf(outp, sizeof outp, "%s/stdout", dir);
    snprintf(errp, sizeof errp, "%s/stderr", dir);
    size_t len = strlen(cmdline) + 2 * sizeof outp + 32;
    char *full = malloc(len);
    cr_assert_not_null(full);
    snprintf(full, len, "( %s ) >%s 2>%s", cmdline, outp, errp);
    int st = system(full);
    free(full);
    slurp(outp, out, out_size);
    slurp(errp, err, err_size);
    unlink(outp);
    unlink(errp);
    rmdir(dir);
    cr_assert_neq(st, -1, "cannot run %s", cmdline);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}

int cs_test_runf(char *out, size_t out_size, char *err, size_t err_size, const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0 && (size_t)n < sizeof cmd, "command line too long");
    return cs_test_run(cmd, out, out_size, err, err_size);
}

const char *cs_test_bindir(void)
{
    const char *b = getenv("BINDIR");
    return b && *b ? b : "bin";
}

const char *cs_test_tmpdir(char *buf, size_t size)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, size, "%s/certsweep-test-XXXXXX", base && *base ? base : "/tmp");
    cr_assert_not_null(mkdtemp(buf), "mkdtemp failed");
    return buf;
}

long long cs_test_json_int(const char *path, const char *key)
{
    size_t len;
    uint8_t *data = cs_test_read_file(path, &len);
    char *text = realloc(data, len + 1);
    cr_assert_not_null(text);
    text[len] = '\0';
    char pattern[128];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    char *p = strstr(text, pattern);
    cr_assert_not_null(p, "%s has no integer field %s", path, key);
    p += strlen(pattern);
    while (*p == ' ')
        p++;
    char *end;
    long long v = strtoll(p, &end, 10);
    cr_assert(end != p, "%s: field %s is not an integer", path, key);
    free(text);
    return v;
}

void cs_test_scan_real_totals(const char *root, long long records, long long min_linted)
{
    static char out[1 << 16], err[1 << 16];
    char dir[256];
    cs_test_tmpdir(dir, sizeof dir);
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -j 2 -o %s/report %s/corpus/real",
                          cs_test_certsweep(), dir, root);
    cr_assert_eq(st, 0, "scan exit status %d; stderr: %.2000s", st, err);

    char summary[300];
    snprintf(summary, sizeof summary, "%s/report/summary.json", dir);
    long long read = cs_test_json_int(summary, "records_read");
    long long linted = cs_test_json_int(summary, "certificates_linted");
    long long failures = cs_test_json_int(summary, "parse_failures");
    cr_expect_eq(read, records, "one record per certificate file: %lld, not %lld", records, read);
    cr_expect_eq(read, linted + failures, "records_read = certificates_linted + parse_failures");
    cr_expect_geq(linted, min_linted, "every certificate pyca accepts is linted (got %lld)", linted);

    const char *files[] = { "issuers.csv", "issuer_rules.csv", "rules.csv", "summary.json" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[400];
        struct stat sb;
        snprintf(p, sizeof p, "%s/report/%s", dir, files[i]);
        cr_expect_eq(stat(p, &sb), 0, "%s written", files[i]);
        cr_expect_gt(sb.st_size, 0, "%s not empty", files[i]);
    }
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf %s", dir);
}
