/* A static-ct-api log over https with HTTP/2: nginx on a loopback port
 * with TLS (a CA and server certificate made by the test with openssl)
 * and http2, serving the log that test_static_log.c serves over plain
 * HTTP/1.1.  The scan negotiates HTTP/2, reuses its connection, decodes
 * gzip, verifies the server against --fetch-ca (or the CA variables curl
 * reads) and gives the reports of the HTTP/1.1 read; a server whose
 * certificate the CA did not sign is not read, and says why. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlog_env.h"
#include "runcmd.h"

static char dir[256];
static ctlog_server tls, plain;
static long entries;
static char out[8192], err[16384];

/* dir/NAME.pem and NAME.key: a CA, or (with `ca`) a server certificate
 * for 127.0.0.1 that the CA issues. */
static void make_cert(const char *name, const char *ca)
{
    char cmd[2048];
    if (!ca)
        snprintf(cmd, sizeof cmd,
                 "cd %s && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
                 "-keyout %s.key -out %s.pem -subj '/CN=certsweep test CA %s' "
                 "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>&1",
                 dir, name, name, name);
    else
        snprintf(cmd, sizeof cmd,
                 "cd %s && printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > %s.ext && "
                 "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout %s.key -out %s.csr "
                 "-subj /CN=127.0.0.1 2>&1 && openssl x509 -req -in %s.csr -CA %s.pem -CAkey %s.key -set_serial 7 "
                 "-days 2 -extfile %s.ext -out %s.pem 2>&1",
                 dir, name, name, name, name, ca, ca, name, name);
    cr_assert_eq(cs_test_run(cmd, out, sizeof out, err, sizeof err), 0, "openssl: %s%s", out, err);
}

static void setup(void)
{
    entries = ctlog_fixture(dir, sizeof dir);
    make_cert("ca", NULL);
    make_cert("other-ca", NULL);
    make_cert("server", "ca");
    char root[400], cert[400], key[400];
    snprintf(root, sizeof root, "%s/gen/tiles", dir);
    snprintf(cert, sizeof cert, "%s/server.pem", dir);
    snprintf(key, sizeof key, "%s/server.key", dir);
    ctlog_nginx_tls_start(&tls, dir, root, cert, key);
    ctlog_nginx_start(&plain, dir, root);
}

static void teardown(void)
{
    ctlog_server_stop(&plain);
    ctlog_cleanup(&tls, dir);
}

TestSuite(tls_log, .init = setup, .fini = teardown, .timeout = 300);

/* `ENV certsweep scan` of `url` into dir/NAME with extra options; the CA
 * variables curl reads are cleared unless ENV sets them. */
static int scan(const char *env, const char *name, const char *url, const char *extra)
{
    return cs_test_runf(out, sizeof out, err, sizeof err,
                        "env -u CURL_CA_BUNDLE -u SSL_CERT_FILE -u SSL_CERT_DIR %s %s scan -q -o %s/%s --log-key "
                        "%s/ed.pub %s %s/",
                        env, cs_test_certsweep(), dir, name, dir, extra, url);
}

static char *summary(const char *report)
{
    char name[300];
    snprintf(name, sizeof name, "%s/summary.json", report);
    return ctlog_file(dir, name);
}

Test(tls_log, http2_over_tls_reuses_its_connection_and_reads_what_http11_reads)
{
    char ca[400];
    snprintf(ca, sizeof ca, "--fetch-ca %s/ca.pem", dir);
    cr_assert_eq(scan("", "h2", tls.url, ca), 0, "%s", err);
    cr_assert_eq(scan("", "h1", plain.url, ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "h2", "records_read"), entries);
    cr_assert_eq(ctlog_summary(dir, "h2", "records_read"), ctlog_summary(dir, "h1", "records_read"));
    cr_assert_eq(ctlog_summary(dir, "h2", "precertificates"), ctlog_summary(dir, "h1", "precertificates"));
    cr_assert(ctlog_same_reports(dir, "h2", "h1"), "HTTP/2 over TLS and HTTP/1.1 give the same reports");
    char *s2 = summary("h2"), *s1 = summary("h1");
    cr_assert(strstr(s2, "\"http_version\": \"2\"") && strstr(s2, "\"partial\": false"), "%s", s2);
    cr_assert(strstr(s1, "\"http_version\": \"1.1\""), "%s", s1);
    free(s2), free(s1);
    /* Keep-alive: one multiplexed connection (at most one per parallel
     * request) carries all the requests; HTTP/1.1 keeps its few too. */
    long long requests = ctlog_summary(dir, "h2", "requests"), conns = ctlog_summary(dir, "h2", "connections");
    cr_assert_geq(requests, 8, "checkpoint, tiles, hash tiles and issuers: %lld requests", requests);
    cr_assert(conns >= 1 && conns <= 4 && conns * 2 < requests, "%lld connections for %lld requests", conns, requests);
    cr_assert_eq(scan("", "h2one", tls.url, strcat(ca, " --fetch-jobs 1")), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "h2one", "connections"), 1, "one request at a time: one connection for all");
    long long r1 = ctlog_summary(dir, "h1", "requests"), c1 = ctlog_summary(dir, "h1", "connections");
    cr_assert(c1 >= 1 && c1 <= 4 && c1 * 2 < r1, "%lld HTTP/1.1 connections for %lld requests", c1, r1);
}

Test(tls_log, gzip_content_encoding_over_http2)
{
    char ca[400];
    snprintf(ca, sizeof ca, "--fetch-ca %s/ca.pem", dir);
    cr_assert_eq(scan("", "r", tls.url, ca), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), entries);
    /* nginx logged every request as HTTP/2, and the data tiles gzipped. */
    char *log = ctlog_file(dir, "nginx-tls-access.log");
    int tiles = 0, gzipped = 0, lines = 0;
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
        lines++;
        cr_assert(strstr(line, " 200 HTTP/2.0 "), "%s", line);
        if (strstr(line, "/tile/data/")) {
            tiles++;
            gzipped += strstr(line, "gzip=-") == NULL;
        }
    }
    free(log);
    cr_assert(lines >= 8 && tiles == 3 && gzipped == 3, "%d requests, %d data tiles, %d gzipped", lines, tiles, gzipped);
    /* bytes counts the decoded bodies: more than three tiles of entries. */
    cr_assert_gt(ctlog_summary(dir, "r", "bytes"), 2 * 65536);
}

Test(tls_log, wrong_ca_is_refused_clearly)
{
    char ca[400];
    snprintf(ca, sizeof ca, "--fetch-ca %s/other-ca.pem", dir);
    int st = scan("", "r", tls.url, ca);
    /* The log cannot be opened (its tree head is never fetched): the scan
     * says so, names the URL and the TLS error, and writes reports that
     * say partial. */
    cr_assert_eq(st, 1, "%s", err);
    char url[200];
    snprintf(url, sizeof url, "%s/checkpoint", tls.url);
    cr_assert(strstr(err, url) && strstr(err, "SSL certificate problem"), "%s", err);
    char *s = summary("r");
    cr_assert(strstr(s, "\"partial\": true") && strstr(s, "SSL certificate problem"), "%s", s);
    free(s);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), 0);
    /* Without any CA the system store does not know the test CA either. */
    cr_assert_eq(scan("", "none", tls.url, ""), 1, "%s", err);
    cr_assert(strstr(err, "SSL certificate problem"), "%s", err);
    /* A CA file that is not there is a usage error. */
    cr_assert_eq(scan("", "x", tls.url, "--fetch-ca /nonexistent/ca.pem"), 2, "%s", err);
    cr_assert(strstr(err, "--fetch-ca /nonexistent/ca.pem"), "%s", err);
}

Test(tls_log, ca_from_the_environment_as_curl_reads_it)
{
    char env[600], ca[400];
    snprintf(env, sizeof env, "CURL_CA_BUNDLE=%s/ca.pem", dir);
    cr_assert_eq(scan(env, "bundle", tls.url, ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "bundle", "records_read"), entries);
    snprintf(env, sizeof env, "SSL_CERT_FILE=%s/ca.pem", dir);
    cr_assert_eq(scan(env, "file", tls.url, ""), 0, "%s", err);
    /* CURL_CA_BUNDLE comes before SSL_CERT_FILE, and --fetch-ca before both. */
    snprintf(env, sizeof env, "CURL_CA_BUNDLE=%s/other-ca.pem SSL_CERT_FILE=%s/ca.pem", dir, dir);
    cr_assert_eq(scan(env, "order", tls.url, ""), 1, "%s", err);
    snprintf(ca, sizeof ca, "--fetch-ca %s/ca.pem", dir);
    cr_assert_eq(scan(env, "option", tls.url, ca), 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "bundle", "option"));
}
