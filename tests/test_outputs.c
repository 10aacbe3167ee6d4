/* What `certsweep scan` and `merge` write, and when: the report directory
 * replaced as a set (a full disk leaves the previous report or none),
 * state and findings files replaced atomically or written through when
 * they are not regular files, signals while the outputs are written
 * deferred, a second signal during a scan still leaving a partial report
 * and state, `-o new --findings new/f.jsonl`, and merges that refuse to
 * count the same scan or the same input twice.
 *
 * Signal tests are deterministic: the scan reads a FIFO (or writes its
 * state into one) that the test holds, so the signal lands at a known
 * phase; the test waits for certsweep's own message that the signal was
 * handled before going on.  The full disk is RLIMIT_FSIZE (`ulimit -f`,
 * SIGXFSZ ignored), which fails writes with EFBIG past a size. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rulecheck.h"
#include "runcmd.h"

static char out[1 << 16], errb[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, errb, sizeof errb, __VA_ARGS__)

static const char *const report_files[] = { "issuers.csv", "issuer_rules.csv", "rules.csv", "monthly.csv",
                                            "summary.json", "index.html" };

/* About n generated certificates (and their CAs') from `cas` CAs as one
 * PEM file dir/name. */
static void make_pem_cas(const char *dir, const char *name, int n, int cas, int seed)
{
    cr_assert_eq(run("%s/certsweep-gen -n %d -m %d -s %d -f pem -o %s/gen-%d >/dev/null 2>&1 && "
                     "cat %s/gen-%d/pem/* > %s/%s",
                     cs_test_bindir(), n, cas, seed, dir, seed, dir, seed, dir, name),
                 0, "certsweep-gen: %s", errb);
}

static void make_pem(const char *dir, const char *name, int n, int seed)
{
    make_pem_cas(dir, name, n, 3, seed);
}

/* A count from dir/summary.json. */
static long long summary_count(const char *dir, const char *key)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/summary.json", dir);
    return cs_test_json_int(p, key);
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    char *s = (char *)cs_test_read_file(p, len);
    cr_assert_not_null(s, "cannot read %s", p);
    return s;
}

static bool exists(const char *dir, const char *name)
{
    char p[1024];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return lstat(p, &st) == 0;
}

/* No temporary file or directory of ours anywhere in dir (one level). */
static void no_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        cr_expect(!strstr(de->d_name, ".tmp"), "temporary %s left in %s", de->d_name, dir);
    closedir(d);
}

/* Every report file's bytes, for before/after comparisons. */
typedef struct snapshot {
    char *data[6];
    size_t len[6];
} snapshot;

static void take(snapshot *s, const char *dir)
{
    for (size_t i = 0; i < 6; i++)
        s->data[i] = slurp(dir, report_files[i], &s->len[i]);
}

static void same_as(const snapshot *s, const char *dir)
{
    for (size_t i = 0; i < 6; i++) {
        size_t n;
        char *now = slurp(dir, report_files[i], &n);
        cr_expect(n == s->len[i] && memcmp(now, s->data[i], n) == 0, "%s changed", report_files[i]);
        free(now);
    }
}

static void drop(snapshot *s)
{
    for (size_t i = 0; i < 6; i++)
        free(s->data[i]);
}

static int count_lines(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/* ---- 11: the findings file inside a report directory not yet made ------- */

Test(outputs, findings_inside_a_new_report_directory, .timeout = 120)
{
    char tmp[512];
    cs_test_tmpdir(tmp, sizeof tmp);
    make_pem(tmp, "a.pem", 60, 1);
    cr_assert_eq(run("%s scan -q -o %s/new/deeper --findings-all --findings %s/new/deeper/f.jsonl %s/a.pem",
                     cs_test_certsweep(), tmp, tmp, tmp),
                 0, "%s", errb);
    char dir[600];
    snprintf(dir, sizeof dir, "%s/new/deeper", tmp);
    size_t n;
    char *f = slurp(dir, "f.jsonl", &n);
    /* A line per certificate (then the corpus findings' lines, without an origin). */
    cr_expect_eq(count_lines(f, "\"origin\""), summary_count(dir, "certificates_linted"), "a line per certificate");
    free(f);
    for (size_t i = 0; i < 6; i++)
        cr_expect(exists(dir, report_files[i]), "%s written", report_files[i]);
    /* Again over it: the findings file (not a report file) is kept, replaced;
     * the directory is a new one, swapped in whole. */
    struct stat st, st2;
    cr_assert_eq(stat(dir, &st), 0);
    cr_assert_eq(run("%s scan -q -o %s --findings %s/f.jsonl %s/a.pem", cs_test_certsweep(), dir, dir, tmp), 0,
                 "%s", errb);
    cr_expect(exists(dir, "f.jsonl"));
    cr_assert_eq(stat(dir, &st2), 0);
    cr_expect_neq(st.st_ino, st2.st_ino, "swapped in as a new directory");
    no_temporaries(dir);
    /* The working directory cannot be swapped away: replaced file by file. */
    cr_assert_eq(run("cd %s && %s scan -q -o . %s/a.pem && ls", dir, cs_test_certsweep(), tmp), 0, "%s", errb);
    cr_expect(strstr(out, "f.jsonl") && strstr(out, "summary.json"), "%s", out);
    no_temporaries(dir);
    mode_t mask = umask(0);
    umask(mask);
    cr_assert_eq(stat(dir, &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0777 & ~mask, "the mode mkdir gives, not mkdtemp's 0700");
    snprintf(dir, sizeof dir, "%s/new", tmp);
    no_temporaries(dir);
}

/* ---- 5: a full disk leaves the previous report or none ------------------ */

/* certsweep with writes failing past 16 KiB (dash's ulimit -f counts 512 bytes). */
#define DISK_FULL "trap '' XFSZ; ulimit -f 32; exec "

Test(outputs, full_disk_leaves_the_previous_report_untouched, .timeout = 180)
{
    char tmp[512], dir[600];
    cs_test_tmpdir(tmp, sizeof tmp);
    make_pem(tmp, "old.pem", 30, 2);
    make_pem(tmp, "new.pem", 200, 3);
    const char *bin = cs_test_certsweep();
    snprintf(dir, sizeof dir, "%s/report", tmp);
    cr_assert_eq(run("%s scan -q -o %s --findings %s/keep.jsonl %s/old.pem", bin, dir, dir, tmp), 0, "%s", errb);
    snapshot before;
    take(&before, dir);

    /* Swapped as a whole directory: some new files are written before the
     * disk fills, none of them reaches the report. */
    cr_expect_eq(run(DISK_FULL "%s scan -q -o %s %s/new.pem", bin, dir, tmp), 1, "%s", errb);
    cr_expect(strstr(errb, "File too large") && strstr(errb, dir), "names the file and the cause: %s", errb);
    cr_expect_eq(count_lines(errb, "\n"), 1, "one message: %s", errb);
    same_as(&before, dir);
    cr_expect(exists(dir, "keep.jsonl"));
    no_temporaries(dir);
    no_temporaries(tmp);

    /* File by file (a subdirectory keeps the directory from being swapped):
     * the same guarantee. */
    char sub[700];
    snprintf(sub, sizeof sub, "%s/subdir", dir);
    cr_assert_eq(mkdir(sub, 0777), 0);
    cr_expect_eq(run(DISK_FULL "%s scan -q -o %s %s/new.pem", bin, dir, tmp), 1, "%s", errb);
    same_as(&before, dir);
    no_temporaries(dir);
    no_temporaries(tmp);
    /* ... and, with room, both ways replace the report. */
    cr_expect_eq(run("%s scan -q -o %s %s/new.pem", bin, dir, tmp), 0, "%s", errb);
    cr_expect(exists(dir, "subdir") && exists(dir, "keep.jsonl"));
    cr_expect_eq(run("%s scan -q -o %s/reference %s/new.pem && cmp %s/reference/summary.json %s/summary.json", bin,
                     tmp, tmp, tmp, dir),
                 0, "the new report is in place: %s", out);
    no_temporaries(dir);
    no_temporaries(tmp);

    /* A new directory: no report at all. */
    cr_expect_eq(run(DISK_FULL "%s scan -q -o %s/fresh %s/new.pem", bin, tmp, tmp), 1, "%s", errb);
    cr_expect_not(exists(tmp, "fresh"), "no half report");
    no_temporaries(tmp);
    drop(&before);
}

/* ---- 6, 7: outputs that are not regular files --------------------------- */

Test(outputs, devices_are_written_through_with_one_message, .timeout = 120)
{
    char tmp[512];
    cs_test_tmpdir(tmp, sizeof tmp);
    make_pem(tmp, "a.pem", 20, 6);
    const char *bin = cs_test_certsweep();
    struct stat st;

    cr_expect_eq(run("%s scan -q -o %s/r --state /dev/full %s/a.pem", bin, tmp, tmp), 1);
    cr_expect(strstr(errb, "/dev/full") && strstr(errb, "No space left"), "%s", errb);
    cr_expect_eq(count_lines(errb, "\n"), 1, "one message: %s", errb);
    cr_expect(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode), "/dev/full is still a device");

    cr_expect_eq(run("%s scan -q -o %s/r --findings-all --findings /dev/full %s/a.pem", bin, tmp, tmp), 1);
    cr_expect(strstr(errb, "/dev/full") && strstr(errb, "No space left"), "%s", errb);
    cr_expect_eq(count_lines(errb, "\n"), 1, "one message: %s", errb);
    cr_expect_not(strstr(errb, "Success"), "%s", errb);

    cr_expect_eq(run("%s scan -q -o %s/r --state /dev/null %s/a.pem", bin, tmp, tmp), 0, "%s", errb);
    char r[600];
    snprintf(r, sizeof r, "%s/r", tmp);
    long long linted = summary_count(r, "certificates_linted");
    cr_expect(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode), "/dev/null is still a device");

    /* /dev/stdout that the shell opened on a regular file: written through
     * (appended to, as `>>` asks), not renamed over. */
    cr_expect_eq(run("echo first > %s/out.jsonl; %s scan -q -o %s/r --findings-all --findings /dev/stdout %s/a.pem "
                     ">> %s/out.jsonl && cat %s/out.jsonl",
                     tmp, bin, tmp, tmp, tmp, tmp),
                 0, "%s", errb);
    cr_expect_eq(strncmp(out, "first\n{", 7), 0, "%.40s", out);
    cr_expect_eq(count_lines(out, "\"origin\""), linted);
}

Test(outputs, fifos_and_symlinks_are_written_through, .timeout = 120)
{
    char tmp[512], p[700], q[700];
    cs_test_tmpdir(tmp, sizeof tmp);
    make_pem(tmp, "a.pem", 20, 7);
    make_pem(tmp, "b.pem", 20, 7);
    const char *bin = cs_test_certsweep();
    struct stat st;

    /* A FIFO: written into, still a FIFO after; what came out is a state. */
    snprintf(p, sizeof p, "%s/state.fifo", tmp);
    cr_assert_eq(mkfifo(p, 0600), 0);
    cr_expect_eq(run("cat %s > %s/copy.state & %s scan -q -o %s/r --state %s %s/a.pem; rc=$?; wait; exit $rc", p,
                     tmp, bin, tmp, p, tmp),
                 0, "%s", errb);
    cr_expect(lstat(p, &st) == 0 && S_ISFIFO(st.st_mode), "still a FIFO");
    cr_expect_eq(run("%s report -o %s/rr %s/copy.state", bin, tmp, tmp), 0, "what went through is a state: %s",
                 errb);

    /* A symbolic link to a state file: the target is replaced, the link stays. */
    snprintf(q, sizeof q, "%s/link.state", tmp);
    cr_assert_eq(symlink("copy.state", q), 0);
    snprintf(p, sizeof p, "%s/copy.state", tmp);
    cr_assert_eq(chmod(p, 0600), 0);
    cr_expect_eq(run("%s scan -q -o %s/r --state %s %s/a.pem %s/b.pem", bin, tmp, q, tmp, tmp), 0, "%s", errb);
    cr_expect(lstat(q, &st) == 0 && S_ISLNK(st.st_mode), "still a link");
    cr_expect(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600, "the target keeps its mode");
    cr_expect_eq(run("%s report -o %s/rr %s/copy.state", bin, tmp, tmp), 0, "%s", errb);
    cr_expect(strstr(errb, "report in"), "%s", errb);
    char r[600], rr[600];
    snprintf(r, sizeof r, "%s/r", tmp);
    snprintf(rr, sizeof rr, "%s/rr", tmp);
    cr_expect_eq(summary_count(rr, "records_read"), summary_count(r, "records_read"), "the target has the new state");
    cr_expect_eq(run("%s scan -q -o %s/once %s/a.pem", bin, tmp, tmp), 0);
    snprintf(r, sizeof r, "%s/once", tmp);
    cr_expect_eq(summary_count(rr, "records_read"), 2 * summary_count(r, "records_read"));

    /* A symbolic link as -o: the report goes into its target. */
    snprintf(p, sizeof p, "%s/target", tmp);
    snprintf(q, sizeof q, "%s/link", tmp);
    cr_assert_eq(mkdir(p, 0777), 0);
    cr_assert_eq(symlink("target", q), 0);
    cr_expect_eq(run("%s scan -q -o %s %s/a.pem", bin, q, tmp), 0, "%s", errb);
    cr_expect(lstat(q, &st) == 0 && S_ISLNK(st.st_mode), "-o link still a link");
    cr_expect(exists(p, "summary.json"), "report in the link's target");

    /* A directory as a state file is refused. */
    cr_expect_eq(run("%s scan -q -o %s/r --state %s %s/a.pem", bin, tmp, p, tmp), 1);
    cr_expect(strstr(errb, "is a directory"), "%s", errb);
    no_temporaries(tmp);
}

/* ---- 4: signals --------------------------------------------------------- */

typedef struct child {
    pid_t pid;
    int err;            /* read end of its stderr */
    char seen[1 << 14]; /* what it printed so far */
    size_t n;
} child;

static void start(child *c, char *const argv[])
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    c->n = 0;
    c->seen[0] = '\0';
    c->pid = fork();
    cr_assert_neq(c->pid, -1);
    if (c->pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        close(fds[0]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    c->err = fds[0];
}

/* Reads its stderr until `text` appears (it says so when a signal was handled). */
static void wait_for(child *c, const char *text)
{
    while (!strstr(c->seen, text)) {
        cr_assert_lt(c->n, sizeof c->seen - 1, "stderr too long: %s", c->seen);
        ssize_t r = read(c->err, c->seen + c->n, sizeof c->seen - 1 - c->n);
        cr_assert_gt(r, 0, "certsweep ended without saying '%s': %s", text, c->seen);
        c->n += (size_t)r;
        c->seen[c->n] = '\0';
    }
}

static int finish(child *c)
{
    ssize_t r;
    while ((r = read(c->err, c->seen + c->n, sizeof c->seen - 1 - c->n)) > 0)
        c->n += (size_t)r;
    c->seen[c->n] = '\0';
    close(c->err);
    int st;
    cr_assert_eq(waitpid(c->pid, &st, 0), c->pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

Test(outputs, second_signal_during_a_scan_still_leaves_a_partial_report_and_state, .timeout = 120)
{
    char tmp[512], fifo[700], dir[700], state[700];
    cs_test_tmpdir(tmp, sizeof tmp);
    make_pem(tmp, "a.pem", 120, 8); /* more than a pipe holds: framing starts */
    snprintf(fifo, sizeof fifo, "%s/in.pem", tmp);
    snprintf(dir, sizeof dir, "%s/report", tmp);
    snprintf(state, sizeof state, "%s/s.state", tmp);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char bin[1024];
    snprintf(bin, sizeof bin, "%s", cs_test_certsweep());
    char *argv[] = { bin, "scan", "-q", "-j", "2", "-o", dir, "--state", state, fifo, NULL };
    child c;
    start(&c, argv);
    /* Opening the FIFO waits for the scan's reader: the handlers are in place. */
    int w = open(fifo, O_WRONLY);
    cr_assert_geq(w, 0);
    size_t n;
    char *pem = slurp(tmp, "a.pem", &n);
    /* Enough that records are framed and counted while the reader still
     * waits for more (it reads ahead a few hundred KiB). */
    for (int i = 0; i < 10; i++)
        cr_assert_eq(write(w, pem, n), (ssize_t)n);
    free(pem);
    /* The reader now waits for more: the way coreutils timeout signals. */
    kill(c.pid, SIGTERM);
    wait_for(&c, "interrupted: finishing the records in flight");
    kill(c.pid, SIGTERM);
    wait_for(&c, "interrupted again");
    close(w);
    cr_assert_eq(finish(&c), 130, "%s", c.seen);
    cr_expect(strstr(c.seen, "interrupted: partial"), "says the report is partial: %s", c.seen);
    char *summary = slurp(dir, "summary.json", &n);
    cr_expect(strstr(summary, "\"partial\": true"), "summary.json says partial");
    free(summary);
    char path[800];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    long long records = cs_test_json_int(path, "records_read");
    cr_expect_gt(records, 0, "what was read is counted");
    cr_expect_eq(run("%s report -o %s/again %s", bin, tmp, state), 0, "the state is whole: %s", errb);
    snprintf(path, sizeof path, "%s/again/summary.json", tmp);
    cr_expect_eq(cs_test_json_int(path, "records_read"), records, "the state has the same counts");
    summary = slurp(tmp, "again/summary.json", &n);
    cr_expect(strstr(summary, "\"partial\": true"), "the state says partial");
    free(summary);
    no_temporaries(dir);
    no_temporaries(tmp);
}

Test(outputs, a_signal_while_writing_is_deferred_until_the_outputs_are_in_place, .timeout = 120)
{
    char tmp[512], fifo[700], dir[700], pem[700];
    cs_test_tmpdir(tmp, sizeof tmp);
    make_pem_cas(tmp, "a.pem", 200, 24, 9); /* a state larger than a pipe holds */
    snprintf(fifo, sizeof fifo, "%s/state.fifo", tmp);
    snprintf(dir, sizeof dir, "%s/report", tmp);
    snprintf(pem, sizeof pem, "%s/a.pem", tmp);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char bin[1024];
    snprintf(bin, sizeof bin, "%s", cs_test_certsweep());
    char *argv[] = { bin, "scan", "-q", "-o", dir, "--state", fifo, pem, NULL };
    child c;
    start(&c, argv);
    /* Opening the FIFO waits until certsweep opens it to write the state. */
    int r = open(fifo, O_RDONLY);
    cr_assert_geq(r, 0);
    /* The signal lands while certsweep is blocked writing the state into
     * the full pipe.  Drain the pipe before waiting for its message: under
     * ThreadSanitizer the handler only runs once that write returns. */
    kill(c.pid, SIGTERM);
    FILE *copy = fopen(strcat(strcpy(pem, tmp), "/copy.state"), "wb");
    char buf[65536];
    ssize_t k;
    while ((k = read(r, buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t)k, copy);
    fclose(copy);
    close(r);
    wait_for(&c, "interrupted: finishing the reports first");
    cr_assert_eq(finish(&c), 130, "%s", c.seen);
    cr_expect(strstr(c.seen, "the reports were finished first and are complete"), "%s", c.seen);
    size_t n;
    char *summary = slurp(dir, "summary.json", &n);
    cr_expect(strstr(summary, "\"partial\": false"), "every record was read before the signal");
    free(summary);
    cr_expect_eq(run("%s report -o %s/again %s", bin, tmp, pem), 0, "the state is whole: %s", errb);
    no_temporaries(dir);
    no_temporaries(tmp);

    /* merge writes its outputs the same way. */
    char *margv[] = { bin, "merge", "-o", dir, "--state", fifo, pem, NULL };
    start(&c, margv);
    r = open(fifo, O_RDONLY);
    cr_assert_geq(r, 0);
    kill(c.pid, SIGINT);
    size_t total = 0;
    while ((k = read(r, buf, sizeof buf)) > 0)
        total += (size_t)k;
    close(r);
    wait_for(&c, "interrupted: finishing the reports first");
    cr_assert_eq(finish(&c), 130, "%s", c.seen);
    cr_expect(strstr(c.seen, "certsweep merge: interrupted while writing"), "%s", c.seen);
    struct stat st;
    cr_expect(stat(pem, &st) == 0 && (size_t)st.st_size == total, "the whole state went through");
    no_temporaries(dir);
    no_temporaries(tmp);
}

/* ---- 8: merge counts each scan and each input once ---------------------- */

static void sha256_hex(const char *dir, const char *name, char hex[65])
{
    size_t n;
    char *data = slurp(dir, name, &n);
    uint8_t d[32];
    unsigned int len = 0;
    cr_assert(EVP_Digest(data, n, d, &len, EVP_sha256(), NULL));
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    free(data);
}

Test(outputs, merge_refuses_the_same_scan_or_the_same_input_twice, .timeout = 240)
{
    char tmp[512], hex[65];
    cs_test_tmpdir(tmp, sizeof tmp);
    make_pem(tmp, "a.pem", 50, 10);
    make_pem(tmp, "b.pem", 30, 11);
    const char *bin = cs_test_certsweep();
    cr_assert_eq(run("cd %s && %s scan -q -o r --state a.state a.pem && %s scan -q -o r --state b.state b.pem", tmp,
                     bin, bin),
                 0, "%s", errb);

    cr_expect_eq(run("cd %s && %s merge -o m a.state a.state", tmp, bin), 1);
    cr_expect(strstr(errb, "a.state: cannot merge: scan ") && strstr(errb, "already counted (in a.state)"), "%s",
              errb);
    cr_expect_not(exists(tmp, "m"), "no report from a refused merge");

    /* The same bytes read from a file, from standard input and through a
     * pipe, or another file with the same bytes: one input, each time. */
    sha256_hex(tmp, "a.pem", hex);
    cr_assert_eq(run("cd %s && cp a.pem copy.pem && %s scan -q -o r --state stdin.state - < a.pem && "
                     "cat a.pem | %s scan -q -o r --state pipe.state - && %s scan -q -o r --state copy.state copy.pem",
                     tmp, bin, bin, bin),
                 0, "%s", errb);
    static const char *const same[] = { "stdin.state", "pipe.state", "copy.state" };
    for (size_t i = 0; i < 3; i++) {
        cr_expect_eq(run("cd %s && %s merge -o m b.state a.state %s", tmp, bin, same[i]), 1, "%s", same[i]);
        cr_expect(strstr(errb, same[i]) && strstr(errb, "(in a.state)") && strstr(errb, "'a.pem'") &&
                      strstr(errb, hex),
                  "names both and the digest: %s", errb);
    }

    /* A zip (read by seeking to its end first) and a directory: the same. */
    cr_assert_eq(run("cd %s && mkdir d && cp a.pem b.pem d/ && zip -q z.zip a.pem b.pem && "
                     "%s scan -q -o r --state z1.state z.zip && %s scan -q -o r --state z2.state z.zip && "
                     "%s scan -q -o r --state d1.state d && %s scan -q -o r --state d2.state d",
                     tmp, bin, bin, bin, bin),
                 0, "%s", errb);
    sha256_hex(tmp, "z.zip", hex);
    cr_expect_eq(run("cd %s && %s merge -o m z1.state z2.state", tmp, bin), 1);
    cr_expect(strstr(errb, hex), "the zip's digest is the file's: %s", errb);
    cr_expect_eq(run("cd %s && %s merge -o m d1.state d2.state", tmp, bin), 1);
    cr_expect(strstr(errb, "'d'"), "%s", errb);

    /* Different inputs still merge, into what one scan of both gives. */
    cr_assert_eq(run("cd %s && %s merge -o m --state m.state a.state b.state z1.state && "
                     "%s scan -q -o whole a.pem b.pem z.zip",
                     tmp, bin, bin),
                 0, "%s", errb);
    for (size_t i = 0; i < 6; i++)
        cr_expect_eq(run("cmp %s/m/%s %s/whole/%s", tmp, report_files[i], tmp, report_files[i]), 0, "%s: %s",
                     report_files[i], out);
    /* ... and a merged state remembers its parts. */
    cr_expect_eq(run("cd %s && %s merge -o m2 m.state b.state", tmp, bin), 1);
    cr_expect(strstr(errb, "b.state: cannot merge: scan") && strstr(errb, "(in m.state)"), "%s", errb);
}
