/* util/gzip_writer and `scan --findings FILE.gz`: gzip that zlib reads back
 * as the same bytes, the same file for any thread count, and write errors
 * that reach the caller. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "rulecheck.h"
#include "runcmd.h"
#include "util/gzip_writer.h"

static char out[1 << 16], errb[1 << 16];
#define run(...) cs_test_runf(out, sizeof out, errb, sizeof errb, __VA_ARGS__)

/* The decompressed content of a gzip file (NUL-terminated). */
static char *gunzip(const char *path, size_t *len)
{
    gzFile gz = gzopen(path, "rb");
    cr_assert_not_null(gz, "%s", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int got;
    while ((got = gzread(gz, buf + n, (unsigned)(cap - n - 1))) > 0) {
        n += (size_t)got;
        if (cap - n < 2)
            buf = realloc(buf, cap *= 2);
    }
    cr_assert_eq(got, 0, "gzread failed");
    cr_assert_eq(gzclose_r(gz), Z_OK);
    buf[n] = '\0';
    *len = n;
    return buf;
}

Test(gzip_writer, only_names_ending_in_gz)
{
    cr_expect(cs_gzip_wanted("f.jsonl.gz"));
    cr_expect(cs_gzip_wanted("dir/x.gz"));
    cr_expect_not(cs_gzip_wanted("f.jsonl"));
    cr_expect_not(cs_gzip_wanted(".gz"));
    cr_expect_not(cs_gzip_wanted("-"));
    cr_expect_not(cs_gzip_wanted("f.gzip"));
}

Test(gzip_writer, round_trips_through_zlib)
{
    char tmp[512], path[600];
    cs_test_tmpdir(tmp, sizeof tmp);
    snprintf(path, sizeof path, "%s/x.gz", tmp);
    FILE *f = cs_gzip_writer(fopen(path, "w"));
    cr_assert_not_null(f);
    for (int i = 0; i < 100000; i++)
        fprintf(f, "{\"line\":%d}\n", i);
    cr_assert_eq(fclose(f), 0);
    size_t len;
    char *text = gunzip(path, &len);
    cr_expect_eq(strncmp(text, "{\"line\":0}\n{\"line\":1}\n", 22), 0);
    cr_expect_not_null(strstr(text, "{\"line\":99999}\n"));
    cr_expect_eq(len, strlen(text));
    size_t raw;
    free(cs_test_read_file(path, &raw));
    cr_expect_lt(raw * 5, len, "not compressed: %zu bytes for %zu", raw, len);
    free(text);
}

Test(gzip_writer, a_full_disk_fails_the_close)
{
    FILE *dest = fopen("/dev/full", "w");
    if (!dest)
        cr_skip_test("no /dev/full");
    FILE *f = cs_gzip_writer(dest);
    cr_assert_not_null(f);
    fputs("some findings\n", f);
    errno = 0;
    cr_expect_eq(fclose(f), EOF);
    cr_expect_eq(errno, ENOSPC, "errno %d", errno);
}

Test(gzip_writer, scan_findings_gz_is_the_plain_file_compressed_for_any_thread_count)
{
    char tmp[512];
    cs_test_tmpdir(tmp, sizeof tmp);
    cr_assert_eq(run("%s/certsweep-gen -n 400 -m 3 -s 7 -f pem -o %s/g", cs_test_bindir(), tmp), 0, "%s", errb);
    const char *bin = cs_test_certsweep();
    cr_assert_eq(run("%s scan -q -j1 -o %s/r0 --findings-all --findings %s/plain.jsonl %s/g/pem", bin, tmp, tmp, tmp), 0,
                 "%s", errb);
    char path[1024];
    snprintf(path, sizeof path, "%s/plain.jsonl", tmp);
    size_t plain_len;
    char *plain = (char *)cs_test_read_file(path, &plain_len);
    cr_assert_gt(plain_len, 1000);
    char *first = NULL;
    size_t first_len = 0;
    const int jobs[] = { 1, 2, 8 };
    for (size_t k = 0; k < 3; k++) {
        cr_assert_eq(run("%s scan -q -j%d -o %s/r%d --findings-all --findings %s/f%d.jsonl.gz %s/g/pem", bin, jobs[k],
                         tmp, jobs[k], tmp, jobs[k], tmp),
                     0, "%s", errb);
        snprintf(path, sizeof path, "%s/f%d.jsonl.gz", tmp, jobs[k]);
        size_t len;
        char *text = gunzip(path, &len);
        cr_expect(len == plain_len && memcmp(text, plain, len) == 0, "-j%d: not the plain findings", jobs[k]);
        free(text);
        size_t raw;
        char *gz = (char *)cs_test_read_file(path, &raw);
        if (!first) {
            first = gz;
            first_len = raw;
        } else {
            cr_expect(raw == first_len && memcmp(gz, first, raw) == 0, "-j%d: different gzip bytes", jobs[k]);
            free(gz);
        }
    }
    free(first);
    free(plain);
}
