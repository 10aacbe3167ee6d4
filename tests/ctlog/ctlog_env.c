/* Test logs and servers (ctlog_env.h). */
#include "ctlog_env.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runcmd.h"

void ctlog_keygen(const char *dir, const char *name, const char *type)
{
    EVP_PKEY *k = strcmp(type, "ed25519") == 0 ? EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")
                                               : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    cr_assert_not_null(k);
    char path[512];
    snprintf(path, sizeof path, "%s/%s.pem", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert(f && PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL));
    fclose(f);
    snprintf(path, sizeof path, "%s/%s.pub", dir, name);
    f = fopen(path, "w");
    cr_assert(f && PEM_write_PUBKEY(f, k));
    fclose(f);
    EVP_PKEY_free(k);
}

long ctlog_make_logs(const char *dir, int n, const char *key)
{
    char out[4096], err[4096];
    const char *bin = cs_test_bindir();
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s/certsweep-gen -n %d -m 4 -f tiles,ct-json -o %s/gen",
                          bin, n, dir);
    cr_assert_eq(st, 0, "certsweep-gen: %s", err);
    st = cs_test_runf(out, sizeof out, err, sizeof err, "%s/certsweep-ctlog static %s/gen/tiles %s/%s.pem log.example/test",
                      bin, dir, dir, key);
    cr_assert_eq(st, 0, "certsweep-ctlog static: %s", err);
    long entries = atol(out);
    st = cs_test_runf(out, sizeof out, err, sizeof err, "%s/certsweep-ctlog rfc6962 %s/gen/ct-json %s/p256.pem", bin,
                      dir, dir);
    cr_assert_eq(st, 0, "certsweep-ctlog rfc6962: %s", err);
    cr_assert_eq(atol(out), entries);
    return entries;
}

/* The fixture's keys and logs in dir; returns the number of entries. */
static long make_fixture(const char *dir)
{
    ctlog_keygen(dir, "ed", "ed25519");
    ctlog_keygen(dir, "p256", "p256");
    long entries = ctlog_make_logs(dir, 700, "ed");
    char out[4096], err[4096];
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s/certsweep-ctlog rfc6962 %s/gen/ct-json %s/p256.pem 300",
                          cs_test_bindir(), dir, dir);
    cr_assert_eq(st, 0, "%s", err);
    return entries;
}

/* The fixture is made once per test binary.  Criterion runs each test in
 * a process of its own, started with the environment of the runner,
 * where the PRE_ALL and POST_ALL hooks run: the runner names an empty
 * directory in $CTLOG_SUITE_DIR for its tests and removes it at the end.
 * The first test to need the fixture makes it there (under a lock: tests
 * run in parallel); every test copies it into its own directory, which
 * it may change at will. */
#define SUITE_DIR_VAR "CTLOG_SUITE_DIR"
static char suite_dir[512];

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
    (void)set;
    const char *base = getenv("TMPDIR");
    snprintf(suite_dir, sizeof suite_dir, "%s/certsweep-ctlog-suite-XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(suite_dir))
        setenv(SUITE_DIR_VAR, suite_dir, 1);
    else
        *suite_dir = '\0'; /* each test makes its own fixture */
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    (void)stats;
    if (*suite_dir) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf %s", suite_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "ctlog_env: cannot remove %s\n", suite_dir);
    }
}

long ctlog_fixture(char *dir, size_t size)
{
    cs_test_tmpdir(dir, size);
    const char *shared = getenv(SUITE_DIR_VAR);
    if (!shared || !*shared)
        return make_fixture(dir);
    char path[600], made[600];
    snprintf(path, sizeof path, "%s/lock", shared);
    int lock = open(path, O_RDWR | O_CREAT, 0644);
    cr_assert(lock >= 0 && flock(lock, LOCK_EX) == 0, "%s", path);
    /* "entries" is written last: without it, a test that failed while
     * making the fixture left a part of one. */
    snprintf(made, sizeof made, "%s/entries", shared);
    char *count = ctlog_slurp(made);
    long entries;
    if (count) {
        entries = atol(count);
        free(count);
    } else {
        snprintf(path, sizeof path, "rm -rf %s/fixture && mkdir %s/fixture", shared, shared);
        cr_assert_eq(system(path), 0, "%s", path);
        snprintf(path, sizeof path, "%s/fixture", shared);
        entries = make_fixture(path);
        FILE *f = fopen(made, "w");
        cr_assert(f && fprintf(f, "%ld\n", entries) > 0 && fclose(f) == 0, "%s", made);
    }
    close(lock); /* unlocks */
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp -r %s/fixture/. %s", shared, dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    return entries;
}

long ctlog_fixture_growing(char *dir, size_t size, char *data, size_t data_size)
{
    long entries = ctlog_fixture(dir, size);
    snprintf(data, data_size, "%s/gen/ct-json", dir);
    return entries;
}

void ctlog_cleanup(ctlog_server *s, const char *dir)
{
    ctlog_server_stop(s);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

char *ctlog_file(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = ctlog_slurp(path);
    cr_assert_not_null(s, "%s", path);
    return s;
}

long long ctlog_summary(const char *dir, const char *report, const char *key)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s/summary.json", dir, report);
    return cs_test_json_int(path, key);
}

bool ctlog_same_reports(const char *dir, const char *a, const char *b)
{
    static const char *const files[] = { "issuers.csv", "rules.csv", "issuer_rules.csv", "monthly.csv" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char pa[600], pb[600];
        snprintf(pa, sizeof pa, "%s/%s/%s", dir, a, files[i]);
        snprintf(pb, sizeof pb, "%s/%s/%s", dir, b, files[i]);
        char *x = ctlog_slurp(pa), *y = ctlog_slurp(pb);
        bool same = x && y && strcmp(x, y) == 0;
        free(x), free(y);
        if (!same)
            return false;
    }
    return true;
}

/* A loopback port nobody listens on right now. */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    cr_assert(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
              getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    close(fd);
    return ntohs(a.sin_port);
}

static bool accepting(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* Starts argv as a child that dies with this process; waits until it
 * accepts connections on s->port. */
static void spawn(ctlog_server *s, char *const argv[], const char *log)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(1);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    s->pid = pid;
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", s->port);
    for (int i = 0; i < 200 && !accepting(s->port); i++) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            s->pid = 0;
            char *text = ctlog_slurp(log);
            cr_assert_fail("%s did not start: %s", argv[0], text ? text : "");
        }
        nanosleep(&(struct timespec){ 0, 25000000 }, NULL);
    }
    cr_assert(accepting(s->port), "%s does not accept connections on port %d", argv[0], s->port);
}

/* nginx serving root, its files under dir named NAME.*: over TLS with
 * HTTP/2 when cert and key are given, plain HTTP/1.1 otherwise. */
static void nginx_start(ctlog_server *s, const char *dir, const char *root, const char *name, const char *cert,
                        const char *key)
{
    s->port = free_port();
    char conf[512], log[512], tmp[512], elog[512], tls[1400] = "";
    snprintf(conf, sizeof conf, "%s/%s.conf", dir, name);
    snprintf(log, sizeof log, "%s/%s.log", dir, name);
    snprintf(elog, sizeof elog, "%s/%s-error.log", dir, name);
    snprintf(tmp, sizeof tmp, "%s/%s-tmp", dir, name);
    mkdir(tmp, 0755);
    if (cert)
        snprintf(tls, sizeof tls, " ssl http2; ssl_certificate %s; ssl_certificate_key %s", cert, key);
    FILE *f = fopen(conf, "w");
    cr_assert_not_null(f);
    /* The access log says, per request, the protocol and the gzip ratio. */
    fprintf(f,
            "daemon off;\nmaster_process off;\nerror_log %s;\npid %s/%s.pid;\n"
            "events { worker_connections 64; }\n"
            "http {\n  log_format cs '$request $status $server_protocol gzip=$gzip_ratio';\n"
            "  access_log %s/%s-access.log cs;\n"
            "  client_body_temp_path %s; proxy_temp_path %s; fastcgi_temp_path %s; uwsgi_temp_path %s; scgi_temp_path %s;\n"
            "  default_type application/octet-stream;\n  gzip on; gzip_types *; gzip_min_length 0;\n"
            "  server { listen 127.0.0.1:%d%s; root %s; }\n}\n",
            elog, dir, name, dir, name, tmp, tmp, tmp, tmp, tmp, s->port, tls, root);
    fclose(f);
    char *argv[] = { "nginx", "-e", elog, "-c", conf, "-p", (char *)dir, NULL };
    spawn(s, argv, log);
    if (cert)
        snprintf(s->url, sizeof s->url, "https://127.0.0.1:%d", s->port);
}

void ctlog_nginx_start(ctlog_server *s, const char *dir, const char *root)
{
    nginx_start(s, dir, root, "nginx", NULL, NULL);
}

void ctlog_nginx_tls_start(ctlog_server *s, const char *dir, const char *root, const char *cert, const char *key)
{
    nginx_start(s, dir, root, "nginx-tls", cert, key);
}

void ctlog_rfc6962_start(ctlog_server *s, const char *data, const char *faults)
{
    if (!s->port)
        s->port = free_port();
    char port[16], log[600];
    snprintf(port, sizeof port, "%d", s->port);
    snprintf(log, sizeof log, "%s/server.log", data);
    const char *src = getenv("CTLOG_SERVER");
    char *argv[] = { "python3", "-B", (char *)(src ? src : "tests/ctlog/rfc6962_server.py"), "--port", port,
                     "--data", (char *)data, "--faults", (char *)faults, NULL };
    spawn(s, argv, log);
}

void ctlog_server_stop(ctlog_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        int st;
        waitpid(s->pid, &st, 0);
        s->pid = 0;
    }
}

pid_t ctlog_spawn(const char *cmdline, const char *log)
{
    char *full = malloc(strlen(cmdline) + 16);
    cr_assert_not_null(full);
    sprintf(full, "exec %s", cmdline);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl("/bin/sh", "sh", "-c", full, (char *)NULL);
        _exit(127);
    }
    free(full);
    return pid;
}

int ctlog_wait(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* Polls (every 20 ms, up to two minutes) until holds(path, arg). */
static bool wait_until(bool (*holds)(const char *, const void *), const char *path, const void *arg)
{
    for (int i = 0; i < 6000; i++) {
        if (holds(path, arg))
            return true;
        nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
    }
    return holds(path, arg);
}

static bool exists(const char *path, const void *unused)
{
    (void)unused;
    return access(path, F_OK) == 0;
}

void ctlog_wait_for(const char *path)
{
    cr_assert(wait_until(exists, path, NULL), "%s never appeared", path);
}

typedef struct {
    const char *text;
    int times;
} text_times;

static bool holds_text(const char *path, const void *arg)
{
    const text_times *t = arg;
    char *s = ctlog_slurp(path);
    int n = 0;
    for (const char *p = s; p && (p = strstr(p, t->text)); p++)
        n++;
    free(s);
    return n >= t->times;
}

void ctlog_wait_for_text(const char *path, const char *text, int times)
{
    if (!wait_until(holds_text, path, &(text_times){ text, times })) {
        char *s = ctlog_slurp(path);
        cr_assert_fail("%s never held \"%s\" %d times: %s", path, text, times, s ? s : "(absent)");
    }
}

void ctlog_touch(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fclose(f);
}

pid_t ctlog_follow_start(ctlog_server *s, const char *dir, const char *data, const char *faults, const char *extra)
{
    ctlog_rfc6962_start(s, data, faults);
    char cmd[2048], log[400], state[400];
    snprintf(cmd, sizeof cmd,
             "%s scan -q -o %s/f --state %s/s.state --log-key %s/p256.pub --log-type rfc6962 --follow 0.05 %s %s/",
             cs_test_certsweep(), dir, dir, dir, extra, s->url);
    snprintf(log, sizeof log, "%s/follow.log", dir);
    snprintf(state, sizeof state, "%s/s.state", dir);
    pid_t pid = ctlog_spawn(cmd, log);
    ctlog_wait_for(state);
    return pid;
}

void ctlog_follow_stop_mid_round(pid_t pid, const char *dir, const char *data, int sig)
{
    char held[400], log[400];
    snprintf(held, sizeof held, "%s/held", data);
    snprintf(log, sizeof log, "%s/follow.log", dir);
    ctlog_touch(data, "grow");
    ctlog_wait_for(held);
    kill(pid, sig);
    int st = ctlog_wait(pid);
    char *text = ctlog_slurp(log);
    cr_assert_eq(st, sig == SIGKILL ? 128 + SIGKILL : 130, "exit %d: %s", st, text ? text : "");
    free(text);
    ctlog_touch(data, "release");
}

void ctlog_flip_byte(const char *path, long offset)
{
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f, "%s", path);
    fseek(f, offset, SEEK_SET);
    int c = fgetc(f);
    fseek(f, offset, SEEK_SET);
    fputc(c ^ 0x01, f);
    fclose(f);
}

char *ctlog_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    size_t got = p ? fread(p, 1, (size_t)n, f) : 0;
    fclose(f);
    if (p)
        p[got] = '\0';
    return p;
}
