/* Fuzzer findings stay fixed: every file of fuzz/regress/<target>/ (a
 * minimized crasher, leak, timeout or broken invariant, or a hand-made
 * hostile input) replays through its target.  The targets are included
 * without their libFuzzer entry point, so the replay runs exactly the
 * fuzzer's code and its checks; a regression aborts the test.
 * fuzz/regress/cert/ is replayed by test_x509_regress.c. */
#include <criterion/criterion.h>
#include <dirent.h>

#include "rulecheck.h"

#define CS_FUZZ_REPLAY
#include "../fuzz/fuzz_decode.c"
#include "../fuzz/fuzz_framers.c"
#include "../fuzz/fuzz_lint.c"
#include "../fuzz/fuzz_ctlog.c"

/* Replays each file of fuzz/regress/<target>/; returns how many. */
static unsigned replay(const char *target, int (*one)(const uint8_t *, size_t))
{
    char dir[256];
    snprintf(dir, sizeof dir, "fuzz/regress/%s", target);
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s: run from the repository root", dir);
    unsigned n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        uint8_t *data = cs_test_read_file(path, &len);
        cr_log_info("replaying %s", path);
        one(data, len);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

Test(fuzz_regress, decode)
{
    cr_assert_gt(replay("decode", cs_fuzz_decode), 0);
}

Test(fuzz_regress, framers)
{
    cr_assert_gt(replay("framers", cs_fuzz_framers), 0);
}

Test(fuzz_regress, lint)
{
    cr_assert_gt(replay("lint", cs_fuzz_lint), 0);
}

Test(fuzz_regress, ctlog)
{
    cr_assert_gt(replay("ctlog", cs_fuzz_ctlog), 0);
}
