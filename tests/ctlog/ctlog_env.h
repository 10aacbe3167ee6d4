/* Test logs and the local servers that serve them (tests/ctlog):
 * keys, a static-ct-api log made from generated certificates, nginx on a
 * loopback port, the RFC 6962 test server (rfc6962_server.py).  Servers
 * are started as children that die with the test process (and are
 * stopped by process id at the end of each test). */
#ifndef CS_TESTS_CTLOG_ENV_H
#define CS_TESTS_CTLOG_ENV_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct ctlog_server {
    pid_t pid;
    int port;
    char url[128];
} ctlog_server;

/* A fresh key pair ("ed25519" or "p256"): dir/NAME.pem (private) and
 * dir/NAME.pub (PEM public key). */
void ctlog_keygen(const char *dir, const char *name, const char *type);

/* certsweep-gen of n certificates into dir/gen (tiles and ct-json), then
 * certsweep-ctlog over both with dir/KEY.pem: a static-ct log in
 * dir/gen/tiles (origin "log.example/test") and an RFC 6962 one in
 * dir/gen/ct-json.  Returns the number of entries. */
long ctlog_make_logs(const char *dir, int n, const char *key);

/* A fresh temporary dir with keys "ed" (Ed25519) and "p256" and the logs
 * of ctlog_make_logs (700 certificates, the static one signed by "ed"),
 * the RFC 6962 one also with its tree head of 300 entries (for the
 * server's growth fault); returns the number of entries.  Made once per
 * test binary and copied into dir for each test. */
long ctlog_fixture(char *dir, size_t size);
/* ctlog_fixture, with the path of its RFC 6962 log's data in data (the
 * log first has 300 entries, then all of them once DATA/grow exists,
 * with the server's growth=300 fault). */
long ctlog_fixture_growing(char *dir, size_t size, char *data, size_t data_size);
/* Stops the server and removes dir (a suite's teardown). */
void ctlog_cleanup(ctlog_server *s, const char *dir);
/* dir/NAME into a malloc'd string; the test fails when it is absent. */
char *ctlog_file(const char *dir, const char *name);
/* The integer `key` of dir/REPORT/summary.json. */
long long ctlog_summary(const char *dir, const char *report, const char *key);
/* Whether dir/A and dir/B hold the same CSV reports, byte for byte. */
bool ctlog_same_reports(const char *dir, const char *a, const char *b);

/* nginx serving `root` (gzip on) with its files under dir (nginx.*;
 * nginx-access.log: "$request $status $server_protocol gzip=$gzip_ratio"
 * per request). */
void ctlog_nginx_start(ctlog_server *s, const char *dir, const char *root);
/* The same over TLS with HTTP/2 (https:// URL; files nginx-tls.*), with
 * the server certificate and key PEM files given. */
void ctlog_nginx_tls_start(ctlog_server *s, const char *dir, const char *root, const char *cert, const char *key);
/* tests/ctlog/rfc6962_server.py serving the ct-json log in `data`, with
 * the comma-separated faults switched on ("" for none).  On s->port when
 * set (a server stopped and started again keeps its URL), else a free one. */
void ctlog_rfc6962_start(ctlog_server *s, const char *data, const char *faults);
/* Stops the server (SIGTERM to its pid, then waits for it). */
void ctlog_server_stop(ctlog_server *s);

/* Runs a shell command line in the background (exec'd: the pid is the
 * command's), output to log; ctlog_wait() waits for it and returns its
 * exit status (128+N for signal N). */
pid_t ctlog_spawn(const char *cmdline, const char *log);
int ctlog_wait(pid_t pid);

/* Waits (up to two minutes) until path exists; the test fails if it does
 * not. */
void ctlog_wait_for(const char *path);
/* Waits (up to two minutes) until the file holds text `times` times. */
void ctlog_wait_for_text(const char *path, const char *text, int times);
/* Creates the empty file dir/NAME (the server's grow and release). */
void ctlog_touch(const char *dir, const char *name);

/* `certsweep scan --follow 0.05` (state dir/s.state, reports dir/f,
 * output dir/follow.log, key dir/p256.pub, options `extra`) of the RFC
 * 6962 log in `data` served by s, started here with `faults`; returns
 * the scan's pid once its first round is committed (the state written). */
pid_t ctlog_follow_start(ctlog_server *s, const char *dir, const char *data, const char *faults, const char *extra);
/* Grows the log of a follow started with the faults growth=N,hold=M
 * (M > N) and stops the follow by `sig` while its next round waits for
 * the entries from M on (in the middle of that round, which has read
 * some of the new entries and cannot commit); checks the exit status
 * (130, or killed) and lets the server answer again. */
void ctlog_follow_stop_mid_round(pid_t pid, const char *dir, const char *data, int sig);
/* Flips one byte of a file at offset. */
void ctlog_flip_byte(const char *path, long offset);
/* Whole file into a malloc'd NUL-terminated string (NULL if absent). */
char *ctlog_slurp(const char *path);

#endif
